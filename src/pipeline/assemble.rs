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
    Article {
        title: clean(facts.title),
        authors: facts.authors.iter().map(|a| without_controls(a)).collect(),
        published: clean(facts.published),
        published_raw: clean(facts.published_raw),
        source: clean(facts.source),
        editor: clean(facts.editor),
        site_name: clean(facts.site_name),
        url: clean(facts.url),
        lang: report.lang,
        description: clean(facts.description),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_loses_control_characters() {
        assert_eq!(without_controls("a\u{0}b\tc\u{1b}[1m"), "ab c[1m");
        assert_eq!(without_controls("plain"), "plain");
    }
}
