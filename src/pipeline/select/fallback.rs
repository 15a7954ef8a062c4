//! When the visible page gives (almost) no article: its `<noscript>` markup, JSON-LD
//! `articleBody`, or the description.
//!
//! These decide only; the pipeline runs the `<noscript>` extraction itself (it is the
//! whole pipeline again), so this module needs nothing above it.

use super::params::ScoringParams;
use crate::article::{Block, BlockKind};
use crate::pipeline::metadata::PageFacts;
use crate::pipeline::page::Page;

/// Whether the page's `<noscript>` markup is worth extracting as a page of its own: the
/// visible page held little article, and the markup could hold clearly more.
///
/// Some platforms (Blogger among them) ship the post twice: as a script template and, for
/// browsers without scripts, inside `<noscript>`, which parsers read as text.
pub(crate) fn noscript_worth_trying(markup: &str, kept_chars: usize, p: &ScoringParams) -> bool {
    !markup.is_empty()
        && kept_chars < p.noscript_below_chars
        && markup.len() >= kept_chars * p.noscript_gain
}

/// Whether what the `<noscript>` markup gave (`chars` characters) beats what the visible
/// page gave.
pub(crate) fn noscript_wins(chars: usize, kept_chars: usize, p: &ScoringParams) -> bool {
    chars >= p.noscript_min_chars && chars > kept_chars * p.noscript_gain
}

/// Whether the page is an app shell: its content is not in its HTML but in scripts that
/// render it (a page of scripts around a few lines of interface), and what the visible
/// page gave (`kept`) is no content either — no sentence, only such lines ("Recently
/// viewed", "Loading…", a cookie notice's buttons). Nothing is then the right answer.
pub(crate) fn app_shell(page: &Page, kept: &[Block], p: &ScoringParams) -> bool {
    let visible: u64 = page.blocks.iter().map(|b| u64::from(b.m.chars)).sum();
    let scripts = page.meta.counts.script_bytes;
    visible < p.app_shell_max_chars
        && scripts >= p.app_shell_min_script_bytes
        && scripts >= visible.saturating_mul(p.app_shell_script_ratio)
        && !kept.is_empty()
        && !kept.iter().any(|b| {
            b.text.split_whitespace().count() >= p.app_shell_sentence_words
                && b.text.chars().any(crate::pipeline::text::is_prose_punct)
        })
}

/// Pages rendered by scripts carry their text only in JSON-LD `articleBody` or in the
/// meta description. When the visible page gave (almost) nothing, those are the article,
/// with the warning that says so.
pub(crate) fn from_metadata(
    facts: &PageFacts,
    kept_chars: usize,
    p: &ScoringParams,
) -> Option<(Vec<Block>, &'static str)> {
    if let Some(body) = &facts.article_body {
        let chars = body.chars().count();
        if chars >= p.json_ld_body_min_chars && kept_chars * p.json_ld_body_gain < chars {
            return Some((
                paragraphs(body),
                "the visible page held little text: the article is JSON-LD articleBody",
            ));
        }
    }
    if kept_chars == 0 {
        if let Some(d) = facts
            .description
            .as_deref()
            .filter(|d| d.chars().count() >= p.description_min_chars)
        {
            return Some((
                paragraphs(d),
                "the visible page held no article: the text is the page's description",
            ));
        }
    }
    None
}

/// One paragraph per non-empty line, whitespace folded.
fn paragraphs(text: &str) -> Vec<Block> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .map(|text| Block::new(BlockKind::Paragraph, text))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::Mode;

    #[test]
    fn json_ld_body_replaces_a_much_shorter_article() {
        let p = ScoringParams::for_mode(Mode::Balanced);
        let body = format!(
            "{}\n\n{}",
            "First line of the body. ".repeat(6),
            "Second line. ".repeat(8)
        );
        let facts = PageFacts {
            article_body: Some(body),
            description: Some("d".repeat(300)),
            ..PageFacts::default()
        };
        let (blocks, why) = from_metadata(&facts, 10, &p).expect("a fallback");
        assert_eq!(blocks.len(), 2);
        assert!(why.contains("articleBody"));
        assert!(
            from_metadata(&facts, 100, &p).is_none(),
            "the page gave a quarter of it"
        );
        let no_body = PageFacts {
            article_body: None,
            ..facts
        };
        assert!(from_metadata(&no_body, 0, &p).is_some_and(|(_, w)| w.contains("description")));
        assert!(from_metadata(&no_body, 1, &p).is_none());
    }

    #[test]
    fn noscript_is_tried_only_for_thin_pages() {
        let p = ScoringParams::for_mode(Mode::Balanced);
        assert!(noscript_worth_trying(&"x".repeat(1000), 100, &p));
        assert!(!noscript_worth_trying(&"x".repeat(1000), 300, &p));
        assert!(!noscript_worth_trying("", 0, &p));
        assert!(noscript_wins(500, 100, &p));
        assert!(!noscript_wins(150, 0, &p));
    }
}
