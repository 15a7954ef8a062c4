//! Output types: the article and what was learnt on the way.

use serde::{Deserialize, Serialize};

/// The extracted article. Field names are the JSON contract of the service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Headline, without the site's suffix.
    pub title: Option<String>,
    /// Authors, in page order.
    pub authors: Vec<String>,
    /// Publication date and time, ISO 8601 (`2021-04-22T10:31:00+08:00` or `2021-04-22`).
    pub published: Option<String>,
    /// The date as written on the page.
    pub published_raw: Option<String>,
    /// Where the article comes from (`来源：`), when it says.
    pub source: Option<String>,
    /// The responsible editor (`责任编辑：`).
    pub editor: Option<String>,
    /// Name of the site.
    pub site_name: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// BCP 47 language tag.
    pub lang: Option<String>,
    /// Summary given by the page.
    pub description: Option<String>,
    /// Lead image URL.
    pub image: Option<String>,
    /// The article body, one block per line; the title and picture captions (which stay
    /// in `blocks`) are left out.
    pub text: String,
    /// The article body as structured blocks.
    pub blocks: Vec<Block>,
    /// Sanitized HTML of the kept blocks, when asked for.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub html: Option<String>,
    /// How the bytes were decoded.
    pub encoding: EncodingInfo,
    /// Blocks removed as boilerplate, when asked for.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub removed: Option<Vec<Removal>>,
    /// Readings of the page's `<ruby>` markup, when asked for (`ruby=keep`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub readings: Option<Vec<Reading>>,
    /// Damage found in the text (mojibake, lost characters, leaked markup) and repairs.
    pub quality: Quality,
    /// Counters.
    pub stats: Stats,
    /// Things the caller should know (no article found, text truncated, ...).
    pub warnings: Vec<String>,
}

/// What kind of block a line of the article is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// `<h1>`..`<h6>`; see `level`.
    Heading,
    /// A paragraph or any other run of text.
    Paragraph,
    /// `<li>`, `<dt>`, `<dd>`.
    ListItem,
    /// `<blockquote>`.
    Quote,
    /// `<pre>`.
    Code,
    /// A table cell (`<td>`, `<th>`), one block per cell.
    Table,
    /// `<figcaption>`, `<caption>`.
    Caption,
}

/// One block of the article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    /// The block's kind.
    pub kind: BlockKind,
    /// Its text.
    pub text: String,
    /// Heading level 1-6, for headings only.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub level: Option<u8>,
}

/// A block that was removed, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Removal {
    /// The rule's name (`back_to_top`, `link_dense`, `outside_article`, ...).
    pub rule: String,
    /// Why the rule removes such blocks.
    pub reason: String,
    /// The first 80 characters of the block.
    pub text: String,
    /// The block's length in characters.
    pub chars: usize,
}

/// A `<ruby>` reading: base characters and their annotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    /// The annotated characters (`學`).
    pub base: String,
    /// The annotation (`xué`).
    pub reading: String,
}

/// What was found wrong with the text itself, after decoding.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Quality {
    /// The text looks garbled: replacement characters, or runs that a wrong decoding
    /// leaves (repaired or not), were found. Leaked markup alone does not set it.
    pub mojibake: bool,
    /// U+FFFD characters in the title and text.
    pub replacement_chars: u64,
    /// Runs that look damaged, with some context (at most 20).
    pub suspicious_runs: Vec<SuspiciousRun>,
    /// Runs repaired losslessly (mojibake undone by re-encoding).
    pub repaired: u64,
    /// Flattened ruby readings removed from the text (`科學(xué)城` → `科學城`).
    pub readings_removed: u64,
}

/// A run of text that looks damaged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuspiciousRun {
    /// `utf8_as_windows1252`, `utf8_as_gbk`, `gbk_placeholder` (`锟斤拷`),
    /// `question_marks` (`上??苿`), `leaked_markup` (`?/span>`).
    pub kind: String,
    /// The run with some context; for repaired runs, `before → after`.
    pub text: String,
}

/// Where the decision about the charset came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EncodingSource {
    /// A byte-order mark.
    Bom,
    /// The caller (HTTP `Content-Type` charset or a request field).
    Transport,
    /// The bytes are valid UTF-8 and contain non-ASCII bytes.
    Utf8,
    /// `<meta charset>` or `<meta http-equiv=Content-Type>`.
    Meta,
    /// chardetng's guess on a bounded prefix.
    Detected,
    /// Nothing decided: UTF-8.
    Default,
    /// The caller's label, the `<meta>` or chardetng named a single-byte Latin encoding,
    /// but the bytes read cleanly as UTF-8 or as a legacy CJK encoding, which was used; a
    /// warning names what was overridden.
    Corrected,
}

/// How the bytes were decoded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EncodingInfo {
    /// The WHATWG name of the encoding used (`UTF-8`, `GBK`, `gb18030`, `Big5`, ...).
    pub name: String,
    /// Where the decision came from.
    pub source: EncodingSource,
    /// Malformed byte sequences replaced by U+FFFD.
    pub replacements: u64,
}

impl Default for EncodingInfo {
    fn default() -> Self {
        EncodingInfo {
            name: "UTF-8".into(),
            source: EncodingSource::Default,
            replacements: 0,
        }
    }
}

/// Counters of one extraction.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// Bytes of input.
    pub bytes_in: u64,
    /// Characters in `text`.
    pub text_chars: u64,
    /// Blocks kept.
    pub blocks_kept: u64,
    /// Blocks of visible text that were not kept.
    pub blocks_removed: u64,
    /// Wall time of the extraction in microseconds, from the first byte to the article:
    /// with a page that arrives slowly, mostly waiting.
    pub elapsed_us: u64,
    /// CPU time spent processing the page (decoding, parsing, extracting) in
    /// microseconds, not waiting for it: what `max_busy_ms` bounds.
    pub busy_us: u64,
}
