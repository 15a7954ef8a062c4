//! The verdict on each block: kept, or dropped for a [`Reason`]; and [`judge`], the first
//! verdict from where the block sits, the rules, and its links.

use super::hits::RuleHits;
use super::params::ScoringParams;
use crate::article::BlockKind;
use crate::pipeline::page::{ctx, Page, RawBlock};
use crate::pipeline::text::{key, prefix_chars};
use crate::rules::Rule;

/// Whether a block is article text.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Verdict<'r> {
    Keep,
    /// Kept as the article's table of contents: in its blocks, not in its text.
    Contents,
    Drop(Reason<'r>),
}

impl<'r> Verdict<'r> {
    pub(crate) fn is_kept(&self) -> bool {
        matches!(self, Verdict::Keep | Verdict::Contents)
    }

    /// The reason a dropped block went.
    pub(crate) fn reason(&self) -> Option<&Reason<'r>> {
        match self {
            Verdict::Keep | Verdict::Contents => None,
            Verdict::Drop(r) => Some(r),
        }
    }
}

/// Why a block is not article text. `name` and `explanation` are what `explain` reports.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Reason<'r> {
    /// The headline: returned as `title`.
    Headline,
    /// Not under the element chosen as the article.
    OutsideArticle,
    /// A boilerplate rule matched.
    Rule(&'r Rule),
    /// A share, like or comment counter.
    LoneNumber,
    /// Inside navigation, sidebar, footer, share or comment markup.
    ChromeContainer,
    /// Mostly link text.
    LinkDense,
    /// One of a run of linked headlines.
    LinkedHeadlines,
    /// A linked list item under a related-stories heading.
    RelatedList,
    /// A later copy of a repeated line.
    Repeated,
    /// After the article's closing credits line.
    AfterArticleEnd,
    /// A heading or label over nothing.
    OrphanLabel,
}

impl Reason<'_> {
    /// The rule name reported in `removed`.
    pub(crate) fn name(&self) -> &str {
        match self {
            Reason::Headline => "title",
            Reason::OutsideArticle => "outside_article",
            Reason::Rule(r) => &r.name,
            Reason::LoneNumber => "lone_number",
            Reason::ChromeContainer => "chrome_container",
            Reason::LinkDense | Reason::LinkedHeadlines | Reason::RelatedList => "link_dense",
            Reason::Repeated => "repeated",
            Reason::AfterArticleEnd => "after_article_end",
            Reason::OrphanLabel => "orphan_label",
        }
    }

    /// The reason reported in `removed`.
    pub(crate) fn explanation(&self) -> &str {
        match self {
            Reason::Headline => "the headline is returned as `title`, not in the body",
            Reason::OutsideArticle => "outside the element chosen as the article",
            Reason::Rule(r) => &r.reason,
            Reason::LoneNumber => "a bare number outside a table: a share, like or comment counter",
            Reason::ChromeContainer => {
                "inside navigation, sidebar, footer, share or comment markup"
            }
            Reason::LinkDense => "mostly link text: a menu, tag list or related links",
            Reason::LinkedHeadlines => "a run of linked headlines: teasers for other stories",
            Reason::RelatedList => "a linked list under a related-stories heading",
            Reason::Repeated => {
                "a repeated line (gallery caption or pull quote): the first copy is kept"
            }
            Reason::AfterArticleEnd => "after the article's closing credits line",
            Reason::OrphanLabel => "heading or label of a section that holds no article text",
        }
    }

    /// Whether this is a match of a rule with `role`.
    pub(crate) fn is_rule_with(&self, role: crate::rules::Role) -> bool {
        matches!(self, Reason::Rule(r) if r.role == Some(role))
    }
}

/// The first verdict on every block: the headline, then [`judge`].
pub(crate) fn judge_all<'r>(
    page: &Page,
    title: Option<&str>,
    inside: &[bool],
    related: &[bool],
    hits: &mut RuleHits<'r>,
    p: &ScoringParams,
) -> Vec<Verdict<'r>> {
    let headline = headline_runs(page, title, p);
    page.blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            if headline.get(i).copied().unwrap_or(false) {
                Verdict::Drop(Reason::Headline)
            } else {
                judge(page, i, b, inside, related, hits, p)
            }
        })
        .collect()
}

/// Which blocks are the headline: the first block, or run of lines, that repeats `title`.
pub(crate) fn headline_runs(page: &Page, title: Option<&str>, p: &ScoringParams) -> Vec<bool> {
    let mut out = vec![false; page.blocks.len()];
    let Some(tk) = title.map(key) else {
        return out;
    };
    // The title's key without whitespace, made once: most pages are searched to the end.
    let want = bare(&tk);
    for (i, b) in page.blocks.iter().enumerate() {
        if b.m.chars <= p.headline_max_chars {
            let lines = headline_run(page, i, (&tk, &want), p);
            if lines > 0 {
                for x in out.iter_mut().skip(i).take(lines) {
                    *x = true;
                }
                break;
            }
        }
    }
    out
}

/// `s` without its whitespace.
fn bare(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// How many lines from block `at` spell the headline (its key `title_key`, and `want`, the
/// key without whitespace): one block that repeats it, or a headline set over up to four
/// lines of one element (`<br>` between them); 0 when they don't.
fn headline_run(
    page: &Page,
    at: usize,
    (title_key, want): (&str, &str),
    p: &ScoringParams,
) -> usize {
    let Some(first) = page.blocks.get(at) else {
        return 0;
    };
    let first_key = key(&first.text);
    if first_key == title_key {
        return 1;
    }
    let mut got = bare(&first_key);
    if !want.starts_with(&got) {
        return 0;
    }
    for (n, b) in page.blocks.iter().enumerate().skip(at + 1).take(3) {
        if b.node != first.node || b.m.chars > p.headline_max_chars {
            break;
        }
        got.push_str(&bare(&key(&b.text)));
        if !want.starts_with(&got) {
            break;
        }
        if got == want {
            return n - at + 1;
        }
    }
    0
}

/// Keeps or drops block `i` (`b`): outside the article element, matched by a rule, a
/// counter, inside chrome markup, or mostly links.
fn judge<'r>(
    page: &Page,
    i: usize,
    b: &RawBlock,
    selected: &[bool],
    related: &[bool],
    hits: &mut RuleHits<'r>,
    p: &ScoringParams,
) -> Verdict<'r> {
    let Some(place) = Place::of(page, b, selected, related) else {
        return Verdict::Drop(Reason::OutsideArticle);
    };
    if let Some(rule) = hits.of(i, b) {
        return Verdict::Drop(Reason::Rule(rule));
    }
    if lone_number(b, p) {
        return Verdict::Drop(Reason::LoneNumber);
    }
    let ingredient = b.within(ctx::INGREDIENTS);
    let chrome = place.strong_chrome || (place.chrome && !p.strong_prose.admits(b) && !ingredient);
    if chrome && (place.strong_chrome || place.chrome_words || !b.within(ctx::ARTICLE_BODY)) {
        if tracing::enabled!(tracing::Level::TRACE) {
            let chain: Vec<_> = page
                .ancestors(b.node)
                .map(|(_, n)| (n.tag, n.hint))
                .collect();
            tracing::trace!(text = %prefix_chars(&b.text, 30), chain = ?chain, "chrome container");
        }
        return Verdict::Drop(Reason::ChromeContainer);
    }
    if b.kind != BlockKind::Heading && b.links_above(p.max_links) && !ingredient {
        return Verdict::Drop(Reason::LinkDense);
    }
    Verdict::Keep
}

/// What the elements between a block and the article element say about it.
struct Place {
    /// A chrome tag, or chrome class names on the nearest element whose names say anything.
    chrome: bool,
    /// The chrome is said by class names, not only by a tag.
    chrome_words: bool,
    /// A comment area or strong chrome names anywhere, or a related-stories box.
    strong_chrome: bool,
}

impl Place {
    /// `None` when no element above the block is selected.
    fn of(page: &Page, b: &RawBlock, selected: &[bool], related: &[bool]) -> Option<Place> {
        let mut place = Place {
            chrome: false,
            chrome_words: false,
            strong_chrome: false,
        };
        // The nearest element that says something by its class decides: a `recipe-area`
        // inside a `print-full` column is content.
        let mut decided = false;
        for (id, node) in page.ancestors(b.node) {
            if selected.get(id as usize).copied().unwrap_or(false) {
                return Some(place);
            }
            if node.tag.is_chrome() {
                place.chrome = true;
            }
            if !decided && node.hint.is_chrome() {
                place.chrome = true;
                place.chrome_words = true;
            }
            decided |= node.hint.says_something();
            if node.hint.is_strong_chrome() || related.get(id as usize).copied().unwrap_or(false) {
                place.strong_chrome = true;
            }
        }
        None
    }
}

/// A paragraph or list item that is only a short number (`6`, `1,2K`), outside any
/// table: what share and comment buttons show. In a table such a cell is data.
pub(crate) fn lone_number(b: &RawBlock, p: &ScoringParams) -> bool {
    matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem)
        && !b.within(ctx::TABLE | ctx::PRE)
        && b.m.chars <= p.lone_number_max_chars
        && b.text.bytes().any(|c| c.is_ascii_digit())
        && b.text
            .bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b',' | b'k' | b'K' | b'm' | b'M'))
}
