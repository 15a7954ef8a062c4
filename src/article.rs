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
    /// What kind of page this is, detected from its markup or forced by the caller
    /// (`page_type=`); the main content is selected the way this kind of page holds it.
    #[serde(default)]
    pub page_type: PageType,
    /// Why the page was taken for its `page_type`, when asked for (`explain=true`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub page_type_evidence: Option<PageTypeEvidence>,
    /// The article body, one block per line; the title, picture captions and the table of
    /// contents (which stay in `blocks`) are left out.
    pub text: String,
    /// The article body as structured blocks.
    pub blocks: Vec<Block>,
    /// Sanitized HTML of the kept blocks, with `format=html`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub html: Option<String>,
    /// The article as Markdown (CommonMark with GitHub tables), with `format=markdown`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub markdown: Option<String>,
    /// The links of the article's text, in order, made absolute (`http`/`https` only).
    #[serde(default)]
    pub links: Vec<Link>,
    /// The article's images, the lead image first, made absolute (`http`/`https` only).
    #[serde(default)]
    pub images: Vec<Image>,
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

/// What kind of page a page is: what its main content is made of.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
pub enum PageType {
    /// A news story, blog post, editorial, guide or review: one text.
    #[default]
    Article,
    /// A discussion thread or Q&A page: every post and answer, with its author line.
    Forum,
    /// One product: its description, specifications, variants and reviews.
    Product,
    /// A category page or product grid: every item of the grid.
    Collection,
    /// A content index (news feed, catalogue, list of reviews or events): every card.
    Listing,
    /// API docs, a tutorial, a wiki page: prose, code, admonitions and tables.
    Documentation,
    /// A SaaS or marketing page: every section (hero, features, testimonials, pricing,
    /// FAQ).
    Service,
}

impl PageType {
    /// Every page type, in the order of the API's enumeration.
    pub const ALL: [PageType; 7] = [
        PageType::Article,
        PageType::Forum,
        PageType::Product,
        PageType::Collection,
        PageType::Listing,
        PageType::Documentation,
        PageType::Service,
    ];

    /// The type's name in the API (`article`, `forum`...).
    pub fn name(self) -> &'static str {
        match self {
            PageType::Article => "article",
            PageType::Forum => "forum",
            PageType::Product => "product",
            PageType::Collection => "collection",
            PageType::Listing => "listing",
            PageType::Documentation => "documentation",
            PageType::Service => "service",
        }
    }

    /// The type of an API name.
    pub fn from_name(name: &str) -> Option<PageType> {
        PageType::ALL.into_iter().find(|t| t.name() == name)
    }
}

impl std::fmt::Display for PageType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a page was taken for its type (`explain=true`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageTypeEvidence {
    /// `caller` when the request forced the type, `detected` otherwise.
    pub source: String,
    /// Each type's score (the detected type has the highest), rounded to 0.01.
    pub scores: Vec<TypeScore>,
    /// The signals seen on the page, each with its value and what it added to the
    /// chosen type's score, the strongest first.
    pub signals: Vec<Signal>,
}

/// One page type's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeScore {
    /// The page type.
    pub page_type: PageType,
    /// Its score (a log-odds: higher is likelier).
    pub score: f64,
}

/// A signal of the page's type, as it was read on the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signal {
    /// The signal's name in `rules/page_types.toml` (`jsonld_product`, `price_lines`...).
    pub name: String,
    /// Its value on this page.
    pub value: f64,
    /// What it added to the chosen type's score.
    pub weight: f64,
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
    /// Where the block sits in a list, for the blocks of list items.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub list: Option<ListPlace>,
    /// Where the block sits in a table, for the blocks of table cells.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cell: Option<CellPlace>,
    /// Inline markup of the text (emphasis, strong, code, links), with `format=markdown`
    /// or `links=true`.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub spans: Vec<Span>,
    /// An entry of the article's table of contents (its links all lead to the page's own
    /// sections): in `blocks` and the Markdown, left out of `text`, which the headings
    /// already say.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub contents: bool,
    /// On a page that is not an article: the card or post the block belongs to, numbered
    /// from 1 in page order (the blocks of one card or post share it).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub group: Option<u32>,
}

impl Block {
    /// A block of `kind` holding `text`, outside any list or table, without markup.
    #[must_use]
    pub fn new(kind: BlockKind, text: impl Into<String>) -> Block {
        Block {
            kind,
            text: text.into(),
            level: None,
            list: None,
            cell: None,
            spans: Vec::new(),
            contents: false,
            group: None,
        }
    }
}

/// A list item's block: how deep its list is nested, whether it is numbered, and which
/// item of its list it belongs to (the blocks of one item share the number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListPlace {
    /// 1 for a list that sits in no other list's item.
    pub depth: u8,
    /// `<ol>`.
    pub ordered: bool,
    /// The item's position among the article's items of its list, from 1: a block of item
    /// 1 starts a list.
    pub item: u32,
}

/// A table cell's block: which table of the article, which row and which column, all
/// from 1 (the blocks of one cell share them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellPlace {
    /// The table's position among the article's tables.
    pub table: u32,
    /// The row's position among the table's rows.
    pub row: u32,
    /// The cell's position in its row.
    pub col: u32,
}

/// What a span of text is marked as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpanKind {
    /// `<em>`, `<i>`.
    Emphasis,
    /// `<strong>`, `<b>`.
    Strong,
    /// `<code>`, `<kbd>`, `<samp>`, `<tt>`.
    Code,
    /// `<a href>`.
    Link,
}

/// Inline markup over the characters `start..end` of a block's text (counted in Unicode
/// scalar values, not bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// What the span is.
    pub kind: SpanKind,
    /// The first character.
    pub start: u32,
    /// One past the last character.
    pub end: u32,
    /// For a link: its absolute `http`/`https` address; absent when the page's address
    /// could not make it absolute or it is another scheme (`javascript:`, `mailto:`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub href: Option<String>,
}

/// A link of the article's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The linked text.
    pub text: String,
    /// Absolute `http`/`https` address.
    pub href: String,
}

/// An image of the article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    /// Absolute `http`/`https` address.
    pub src: String,
    /// The `alt` text, when the page gives one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub alt: Option<String>,
    /// The caption that follows it, when it has one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub caption: Option<String>,
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
    /// Where the block stood: the number of the article's blocks before it (absent for
    /// what was removed from inside a kept block, such as a flattened reading).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub at: Option<u32>,
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
