//! The assemble stage: the verdicts turned into the article's blocks and removal record,
//! and, after polishing, the [`Article`] itself.

use crate::article::{Article, Block, Reading, Removal, Stats};
use crate::options::{Format, Options};
use crate::pipeline::metadata::PageFacts;
use crate::pipeline::page::Page;
use crate::pipeline::polish::TextReport;
use crate::pipeline::render::render_html;
use crate::pipeline::select::Verdict;
use crate::pipeline::text::prefix_chars;

/// Characters of a removed block's text kept in `removed`.
const REMOVED_TEXT_CHARS: usize = 80;

/// A page's blocks split by their verdicts.
pub(crate) struct Body<'p> {
    /// The article's blocks, in page order.
    pub(crate) kept: Vec<Block>,
    /// The page block index of each kept block.
    pub(crate) kept_index: Vec<usize>,
    /// Every removed block with its rule and reason (with `explain` only).
    pub(crate) removed: Vec<Removal>,
    pub(crate) blocks_removed: u64,
    /// The readings the collect stage removed from the kept blocks (`學(xué)`).
    pub(crate) flattened: Vec<&'p str>,
}

impl<'p> Body<'p> {
    pub(crate) fn of(page: &'p Page, verdicts: &[Verdict], explain: bool) -> Body<'p> {
        let mut body = Body {
            kept: Vec::new(),
            kept_index: Vec::new(),
            removed: Vec::new(),
            blocks_removed: 0,
            flattened: Vec::new(),
        };
        for (i, (b, verdict)) in page.blocks.iter().zip(verdicts).enumerate() {
            match verdict.reason() {
                None => {
                    body.kept.push(Block {
                        kind: b.kind,
                        text: b.text.clone(),
                        level: b.level,
                    });
                    body.kept_index.push(i);
                    body.flattened
                        .extend(b.readings_removed.iter().map(String::as_str));
                }
                Some(reason) => {
                    body.blocks_removed += 1;
                    if explain {
                        body.removed.push(Removal {
                            rule: reason.name().to_string(),
                            reason: reason.explanation().to_string(),
                            text: prefix_chars(&b.text, REMOVED_TEXT_CHARS),
                            chars: b.m.chars as usize,
                        });
                    }
                }
            }
        }
        body
    }

    /// Characters of the kept text.
    pub(crate) fn chars(&self) -> usize {
        self.kept.iter().map(|b| b.text.chars().count()).sum()
    }

    /// The `<ruby>` readings of the kept blocks.
    pub(crate) fn readings_of(&self, readings: Vec<(usize, Reading)>) -> Vec<Reading> {
        readings
            .into_iter()
            .filter(|(i, _)| self.kept_index.binary_search(i).is_ok())
            .map(|(_, r)| r)
            .collect()
    }
}

/// The article from the page's facts and its polished blocks.
pub(crate) fn article(
    facts: PageFacts,
    blocks: Vec<Block>,
    removed: Option<Vec<Removal>>,
    blocks_removed: u64,
    report: TextReport,
    readings: Option<Vec<Reading>>,
    opts: &Options,
) -> Article {
    let text = report.text;
    // The HTML is built from escaped text only; ammonia then removes anything that could
    // still act (scripts, handlers, javascript:/data: URLs, frames, forms, SVG), so the
    // guarantee does not rest on one function's escaping alone.
    let html = (opts.format == Format::Html)
        .then(|| ammonia::clean(&render_html(facts.title.as_deref(), &blocks)));
    let clean = |s: Option<String>| s.map(|s| without_controls(&s));
    let text_of = |s: Option<String>| {
        s.map(|s| without_markup(&without_controls(&s)))
            .filter(|s| !s.is_empty())
    };
    Article {
        title: text_of(facts.title),
        authors: facts
            .authors
            .iter()
            .map(|a| without_markup(&without_controls(a)))
            .filter(|a| !a.is_empty())
            .collect(),
        published: clean(facts.published),
        published_raw: clean(facts.published_raw),
        source: text_of(facts.source),
        editor: text_of(facts.editor),
        site_name: text_of(facts.site_name),
        url: clean(facts.url),
        lang: report.lang,
        description: text_of(facts.description),
        image: clean(facts.image),
        stats: Stats {
            text_chars: text.chars().count() as u64,
            blocks_kept: blocks.len() as u64,
            blocks_removed,
            ..Stats::default()
        },
        text,
        blocks,
        html,
        removed,
        readings,
        quality: report.quality,
        ..Article::default()
    }
}

/// Metadata comes from attributes and JSON-LD, which the text pass never folded: control
/// characters (NUL, escapes, C1) are dropped there too; tabs and newlines become spaces.
fn without_controls(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    s.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// HTML elements whose tags, written into a metadata value (`<meta content="<b>Jane</b>">`,
/// a JSON-LD name holding markup, an escaped `<title>`), are markup, not text. A `<T>` in
/// `Vec<T>` names no element and stays.
const MARKUP_TAGS: [&str; 40] = [
    "a", "abbr", "b", "big", "br", "button", "cite", "code", "del", "dfn", "div", "em", "embed",
    "font", "form", "h1", "h2", "h3", "i", "iframe", "img", "input", "ins", "link", "mark", "meta",
    "object", "p", "q", "s", "script", "small", "span", "strong", "style", "sub", "sup", "svg",
    "u", "video",
];

/// `s` without HTML tags of [`MARKUP_TAGS`] and comments; a `<script>` or `<style>`
/// element goes with its content. Metadata fields hold text: a client that shows them
/// in a page must not meet markup there.
fn without_markup(s: &str) -> String {
    if !s.contains('<') {
        return s.trim().to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('<') {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        if let Some(comment) = from.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |e| &comment[e + 3..]);
            continue;
        }
        let name_of = |t: &str| -> String {
            let t = t.strip_prefix('/').unwrap_or(t);
            t.chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase()
        };
        let inner = &from[1..];
        let name = name_of(inner);
        let after_name = inner
            .trim_start_matches('/')
            .get(name.len()..)
            .and_then(|t| t.chars().next());
        let is_tag = MARKUP_TAGS.contains(&name.as_str())
            && after_name.is_some_and(|c| c == '>' || c == '/' || c.is_whitespace());
        match (is_tag, from.find('>')) {
            (true, Some(end)) => {
                rest = &from[end + 1..];
                if matches!(name.as_str(), "script" | "style") && !inner.starts_with('/') {
                    let close = format!("</{name}");
                    let lower = rest.to_ascii_lowercase();
                    rest = match lower.find(&close) {
                        Some(c) => rest[c..].find('>').map_or("", |e| &rest[c + e + 1..]),
                        None => "",
                    };
                }
            }
            _ => {
                out.push('<');
                rest = inner;
            }
        }
    }
    out.push_str(rest);
    let folded: Vec<&str> = out.split_whitespace().collect();
    folded.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_fields_hold_text_never_markup() {
        assert_eq!(without_markup("<b>Jane</b> <i>Doe</i>"), "Jane Doe");
        assert_eq!(
            without_markup("Title<script>alert(1)</script> here<!-- x -->"),
            "Title here"
        );
        assert_eq!(without_markup("<img src=x onerror=alert(1)>News"), "News");
        assert_eq!(
            without_markup("Vec<T> and a < b > c"),
            "Vec<T> and a < b > c"
        );
        assert_eq!(without_markup("<SCRIPT>x</Script>"), "");
    }

    #[test]
    fn metadata_loses_control_characters() {
        assert_eq!(without_controls("a\u{0}b\tc\u{1b}[1m"), "ab c[1m");
        assert_eq!(without_controls("plain"), "plain");
    }
}
