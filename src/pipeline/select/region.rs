//! Selection for the pages that are not articles: their main content is not one container
//! of prose but a region of many parts (a landing page's sections, a grid's cards, a
//! thread's posts, a product's description, specifications and reviews). The region is
//! chosen first — the page's own `<main>` when it holds most of the text, else the body —
//! and every block in it is kept unless it is chrome: navigation, sidebars, footers, the
//! site's header, menus of links, interface lines matched by rules.
//!
//! Link density is judged by what a block belongs to: a card's linked title is content
//! (it stands in a run of sibling elements built from one template, each holding more
//! than its link), a menu's lines are not.

use super::hits::RuleHits;
use super::params::ScoringParams;
use super::score::Scores;
use super::verdict::{headline_runs, lone_number, Reason, Verdict};
use crate::article::{BlockKind, PageType};
use crate::pipeline::cards::Cards;
use crate::pipeline::page::{marks, NodeId, Page, ROOT};
use crate::pipeline::tag::Tag;
use crate::pipeline::text::key;

/// The verdict on every block of a page of type `kind` (not an article).
pub(crate) fn select<'r>(
    page: &Page,
    kind: PageType,
    title: Option<&str>,
    scores: &Scores,
    related: &[bool],
    hits: &mut RuleHits<'r>,
    p: &ScoringParams,
) -> Vec<Verdict<'r>> {
    let root = root(page, scores, p);
    tracing::debug!(root, tag = ?page.tag(root), "content region");
    let boxes = Boxes::of(page, scores, related, root, p);
    let cards = Cards::of(page);
    let offers = (kind == PageType::Product).then(|| offer_cards(page, &cards, root));
    let headline = headline_runs(page, title, p);
    let mut verdicts = Vec::with_capacity(page.blocks.len());
    for (i, b) in page.blocks.iter().enumerate() {
        let verdict = if headline.get(i).copied().unwrap_or(false) {
            Verdict::Drop(Reason::Headline)
        } else if !page.is_under(b.node, root) {
            Verdict::Drop(Reason::OutsideArticle)
        } else if let Some(rule) = hits.of(i, b) {
            Verdict::Drop(Reason::Rule(rule))
        } else if lone_number(b, p) {
            Verdict::Drop(Reason::LoneNumber)
        } else if boxes.holds(page, b.node, root) || chrome(page, b.node, root, kind) {
            Verdict::Drop(Reason::ChromeContainer)
        } else if offers.as_ref().is_some_and(|o| {
            cards
                .card_of(page, b.node, root)
                .is_some_and(|c| o.contains(&c))
        }) {
            Verdict::Drop(Reason::RelatedList)
        } else if b.kind != BlockKind::Heading
            && b.links_above(p.max_links)
            && (cards.card_of(page, b.node, root).is_none()
                || (control_row(b) && !b.within(crate::pipeline::page::ctx::TABLE)))
        {
            Verdict::Drop(Reason::LinkDense)
        } else {
            Verdict::Keep
        };
        verdicts.push(verdict);
    }
    verdicts
}

/// On a product's page, the cards that offer other products ("customers also bought",
/// "complete the look", accessories): cards holding a link and a price. The product itself
/// is one, not a run of cards; its reviews hold no price.
fn offer_cards(page: &Page, cards: &Cards, root: NodeId) -> std::collections::HashSet<NodeId> {
    let mut linked = std::collections::HashSet::new();
    let mut priced = std::collections::HashSet::new();
    for b in &page.blocks {
        let Some(card) = cards.card_of(page, b.node, root) else {
            continue;
        };
        if b.link_chars > 0 {
            linked.insert(card);
        }
        if b.m.chars <= 40 && crate::pipeline::page_type::price_line(&b.text) {
            priced.insert(card);
        }
    }
    linked.intersection(&priced).copied().collect()
}

/// Whether a block is a row of controls (`Reply Quote Report`, `Edit · Share · Flag`):
/// two links or more, each of a word or two. A card's title is one longer link, maybe
/// with its source beside it (`Show HN: a tool (example.com)`); a table's cell of short
/// links (`notes, slides`) is data, and is not asked.
fn control_row(b: &crate::pipeline::page::RawBlock) -> bool {
    let mut links = 0;
    let mut chars = b.text.chars();
    let mut at = 0u32;
    for s in b
        .spans()
        .iter()
        .filter(|s| s.kind == crate::article::SpanKind::Link)
    {
        links += 1;
        // Spans come in order of their start: the text is walked once.
        let skip = s.start.saturating_sub(at) as usize;
        let text: String = chars
            .by_ref()
            .skip(skip)
            .take(s.end.saturating_sub(s.start.max(at)) as usize)
            .collect();
        at = s.end.max(at);
        if text.split_whitespace().count() > 2 {
            return false;
        }
    }
    links >= 2
}

/// The element that holds the page's main content: its `<main>` (or `role=main`) when
/// that holds at least `region_main_share` of the page's text outside links, else the
/// body.
fn root(page: &Page, scores: &Scores, p: &ScoringParams) -> NodeId {
    let plain = |id: NodeId| {
        let e = scores.get(id);
        e.weight - e.link_weight
    };
    let body = page
        .nodes
        .iter()
        .position(|n| n.tag == Tag::Body)
        .map_or(ROOT, |i| i as NodeId);
    let total = plain(body);
    let main = (0..page.nodes.len() as NodeId)
        .filter(|&id| page.node(id).is_some_and(|n| n.has(marks::MAIN)))
        .max_by(|&a, &b| plain(a).total_cmp(&plain(b)));
    match main {
        Some(m) if total > 0.0 && plain(m) >= total * p.region_main_share => m,
        _ => body,
    }
}

/// Boxes in the region that are not its content, whatever their names: related-stories
/// boxes (opened by a related heading: `More topics from this board`, `You may also
/// like`), and forms without a line of prose (a login box, a search form) — as long as
/// they hold little of the region's text: a heading that opens the wrapper of the whole
/// grid, or a forum that wraps its whole thread in a form, leaves them content. (Some
/// forums wrap each post's text in a form of its own: prose keeps those.)
struct Boxes {
    /// Per node, whether it is such a box.
    boxed: Vec<bool>,
}

impl Boxes {
    fn of(
        page: &Page,
        scores: &Scores,
        related: &[bool],
        root: NodeId,
        p: &ScoringParams,
    ) -> Boxes {
        let region = scores.get(root).weight;
        let mut boxed: Vec<bool> = page
            .nodes
            .iter()
            .enumerate()
            .map(|(id, n)| {
                let boxy = n.tag == Tag::Form || related.get(id).copied().unwrap_or(false);
                boxy && scores.get(id as NodeId).weight < region * p.region_box_share
            })
            .collect();
        // A form with a line of prose in it is a post's text, not a login box.
        for b in page.blocks.iter().filter(|b| p.gap.admits(b)) {
            for (id, n) in page.ancestors(b.node) {
                if n.tag == Tag::Form && !related.get(id as usize).copied().unwrap_or(false) {
                    if let Some(x) = boxed.get_mut(id as usize) {
                        *x = false;
                    }
                }
            }
        }
        Boxes { boxed }
    }

    /// Whether the block on `node` sits in one of the boxes, below `root`.
    fn holds(&self, page: &Page, node: NodeId, root: NodeId) -> bool {
        page.ancestors(node)
            .take_while(|&(id, _)| id != root)
            .any(|(id, _)| self.boxed.get(id as usize).copied().unwrap_or(false))
    }
}

/// Whether the elements between a block's node and the region's root say it is chrome:
/// a `<nav>`, `<aside>` or `<footer>`; the site's `<header>` (one that no article, main
/// or section holds); or chrome class names on the nearest element whose names say
/// something (on service, listing and product pages, names of the page's frame or
/// strong chrome names only). On a forum's page, comment-area names mark the posts, not
/// chrome.
fn chrome(page: &Page, node: NodeId, root: NodeId, kind: PageType) -> bool {
    let said = chrome_said(page, node, root, kind);
    if said && tracing::enabled!(tracing::Level::TRACE) {
        let chain: Vec<_> = page
            .ancestors(node)
            .map(|(id, n)| (id, n.tag, n.hint))
            .collect();
        tracing::trace!(chain = ?chain, "chrome in region");
    }
    said
}

fn chrome_said(page: &Page, node: NodeId, root: NodeId, kind: PageType) -> bool {
    let mut decided = false;
    let mut header = false;
    for (id, n) in page.ancestors(node) {
        if id == root {
            break;
        }
        if n.tag.is_chrome() {
            return true;
        }
        match n.tag {
            Tag::Header => header = true,
            Tag::Article | Tag::Main | Tag::Section => header = false,
            _ => {}
        }
        let hint = n.hint;
        let neutral = kind == PageType::Forum && n.has(marks::COMMENTS);
        if !decided && !neutral {
            // Landing pages, listings and product pages are assembled from components
            // named for marketing (`teaser`, `promo`, `banner`, `cta`) and a listing's
            // cards are teasers: one chrome word of a block's kind does not make chrome
            // there; a word of the page's frame (`nav`, `footer`) or two signs do.
            let chrome = if matches!(
                kind,
                PageType::Service | PageType::Listing | PageType::Product
            ) {
                hint.is_strong_chrome() || (hint.is_chrome() && n.has(marks::FRAME))
            } else {
                hint.is_chrome()
            };
            if chrome {
                return true;
            }
            decided = hint.says_something();
        }
    }
    header
}

/// On a forum's page, a post that quotes an earlier one repeats its text: the quote goes,
/// with the attribution line before it (`Jane wrote:`, `Jane said:`, `Jane posted...`),
/// and the post's own words stay. A quote is a repeat when its text, less an attribution
/// glued to its start, is an earlier kept block's text (case and spacing aside).
pub(crate) fn quoted_posts(page: &Page, verdicts: &mut [Verdict<'_>]) {
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut last_kept: Option<usize> = None;
    for (i, b) in page.blocks.iter().enumerate() {
        let quoted = b.kind == BlockKind::Quote || b.within(crate::pipeline::page::ctx::QUOTE);
        // (A quote that an earlier pass already found repeated counts as one.)
        let repeated = matches!(verdicts.get(i), Some(Verdict::Drop(Reason::Repeated)));
        if !(verdicts.get(i).is_some_and(Verdict::is_kept) || (quoted && repeated)) {
            continue;
        }
        let k = key(&b.text);
        if quoted {
            let own = without_attribution(&k);
            if repeated || seen.contains(own) || seen.contains(k.as_str()) {
                if let Some(v) = verdicts.get_mut(i) {
                    *v = Verdict::Drop(Reason::Repeated);
                }
                // The attribution line right before the quote goes with it.
                if let Some(j) = last_kept.take() {
                    let line = page.blocks.get(j).map(|b| key(&b.text)).unwrap_or_default();
                    if attribution(&line) {
                        if let Some(v) = verdicts.get_mut(j) {
                            *v = Verdict::Drop(Reason::Repeated);
                        }
                    }
                }
                continue;
            }
        } else {
            seen.insert(k);
        }
        last_kept = Some(i);
    }
}

/// Whether a (keyed) line is a quote's attribution: `jane wrote:`, `jane said:`, `jane
/// posted...`, `quote from jane`, at most a few words.
fn attribution(line: &str) -> bool {
    let line = line.trim_end_matches(['.', '…', ' ']);
    line.split_whitespace().count() <= 8
        && (line.ends_with(" wrote:")
            || line.ends_with(" said:")
            || line.ends_with(" posted")
            || line.ends_with(" posted:")
            || line.starts_with("quote from ")
            || line.starts_with("originally posted by "))
}

/// A quote's text without the attribution glued to its start (`jane wrote:the text`).
fn without_attribution(text: &str) -> &str {
    for mark in ["wrote:", "said:"] {
        if let Some(at) = text.find(mark) {
            let before = text.get(..at).unwrap_or_default();
            if before.split_whitespace().count() <= 6 {
                return text.get(at + mark.len()..).unwrap_or(text).trim_start();
            }
        }
    }
    text
}

/// An article's text is often split over sibling containers (a section per heading, a
/// component per group of paragraphs) of which the article selection takes the best few,
/// when each lies too deep for its prose to reach the others. When the kept blocks hold
/// under `article_split_share` of the prose of the article's own `<article>` (the nearest
/// one around its first kept block, holding no other `<article>`), the rest of that
/// element is read as a region's: its prose, lists of sentences and the headings over
/// them are kept unless chrome, a rule's line or a related box's.
pub(crate) fn article_container<'r>(
    page: &Page,
    related: &[bool],
    hits: &mut RuleHits<'r>,
    p: &ScoringParams,
    verdicts: &mut [Verdict<'r>],
) {
    let Some(first) = verdicts.iter().position(Verdict::is_kept) else {
        return;
    };
    let Some(b) = page.blocks.get(first) else {
        return;
    };
    let Some((container, _)) = page
        .ancestors(b.node)
        .take_while(|(_, n)| !n.tag.is_document())
        .find(|(_, n)| n.tag == Tag::Article)
    else {
        return;
    };
    let range = page.blocks_under(container);
    // A container of several articles (a blog's front page) is no article's own.
    let other_article = range.clone().any(|i| {
        page.blocks.get(i).is_some_and(|x| {
            page.ancestors(x.node)
                .take_while(|&(id, _)| id != container)
                .any(|(_, n)| n.tag == Tag::Article)
        })
    });
    if other_article {
        return;
    }
    let (mut prose, mut kept) = (0u64, 0u64);
    for i in range.clone() {
        let Some(b) = page.blocks.get(i).filter(|b| p.gap.admits(b)) else {
            continue;
        };
        prose += u64::from(b.m.weight());
        if verdicts.get(i).is_some_and(Verdict::is_kept) {
            kept += u64::from(b.m.weight());
        }
    }
    if prose == 0 || kept as f32 >= prose as f32 * p.article_split_share {
        return;
    }
    let mut taken: Vec<usize> = Vec::new();
    for i in range {
        if !matches!(verdicts.get(i), Some(Verdict::Drop(Reason::OutsideArticle))) {
            continue;
        }
        let Some(b) = page.blocks.get(i) else {
            continue;
        };
        let readable = if b.kind == BlockKind::Heading {
            b.links_below(p.linked_heading_links)
        } else {
            p.gap.admits(b)
                || (b.within(crate::pipeline::page::ctx::LIST)
                    && !b.links_above(p.max_links)
                    && b.m.punct > 0)
        };
        let keep = readable
            && hits.of(i, b).is_none()
            && !b.within(crate::pipeline::page::ctx::STRONG_CHROME)
            && !chrome(page, b.node, container, PageType::Article)
            && !page
                .ancestors(b.node)
                .take_while(|&(id, _)| id != container)
                .any(|(id, _)| related.get(id as usize).copied().unwrap_or(false));
        if keep {
            taken.push(i);
        }
    }
    // A heading is taken only over text (the next line kept or taken is no heading).
    for &i in &taken {
        let heading = page
            .blocks
            .get(i)
            .is_some_and(|b| b.kind == BlockKind::Heading);
        let over_text = (i + 1..page.blocks.len())
            .find(|&j| {
                verdicts.get(j).is_some_and(Verdict::is_kept) || taken.binary_search(&j).is_ok()
            })
            .and_then(|j| page.blocks.get(j))
            .is_some_and(|b| b.kind != BlockKind::Heading);
        if !heading || over_text {
            if let Some(v) = verdicts.get_mut(i) {
                *v = Verdict::Keep;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::setup;
    use super::*;
    use crate::rules::Rules;

    fn verdicts_of(html: &str, kind: PageType) -> (Page, Vec<(String, bool)>) {
        let (page, p) = setup(html);
        let rules = Rules::builtin();
        let scored = super::super::score(&page, None, &p, &rules);
        let v = super::super::select(&page, scored, kind, None, &p);
        let out = page
            .blocks
            .iter()
            .zip(&v)
            .map(|(b, v)| (b.text.clone(), v.is_kept()))
            .collect();
        (page, out)
    }

    fn kept(v: &[(String, bool)]) -> Vec<&str> {
        v.iter()
            .filter(|(_, k)| *k)
            .map(|(t, _)| t.as_str())
            .collect()
    }

    #[test]
    fn the_region_is_main_when_it_holds_the_text_else_the_body() {
        let html =
            "<div class=promo-strip><p>Free delivery this week on every order, and more.</p></div>\
                    <main><p>What the page is about, in a sentence of its own.</p>\
                    <p>And more of it, in another sentence.</p></main>";
        let (_, v) = verdicts_of(html, PageType::Service);
        assert_eq!(
            kept(&v),
            [
                "What the page is about, in a sentence of its own.",
                "And more of it, in another sentence."
            ]
        );
        // A <main> that holds little of the text is no region: the body is.
        let thin = "<main><p>Hi.</p></main><section><p>The page's text is here, outside main, at length.</p>\
                    <p>And more of it, again at length, in a second sentence.</p></section>";
        let (_, v) = verdicts_of(thin, PageType::Service);
        assert!(kept(&v).contains(&"The page's text is here, outside main, at length."));
    }

    #[test]
    fn a_quote_of_an_earlier_post_goes_with_its_attribution() {
        let html = "<div class=post><p>The original question, asked once and quoted later.</p></div>\
                    <div class=post><p>Jane wrote:</p><blockquote>The original question, asked once and quoted later.</blockquote>\
                    <p>The answer, in words of its own.</p></div>\
                    <div class=post><blockquote>A quote of a book, which no post said before.</blockquote></div>";
        let (_, v) = verdicts_of(html, PageType::Forum);
        assert_eq!(
            kept(&v),
            [
                "The original question, asked once and quoted later.",
                "The answer, in words of its own.",
                "A quote of a book, which no post said before."
            ]
        );
        assert!(attribution("jane wrote:"));
        assert!(attribution("kettlefan posted..."));
        assert!(!attribution(
            "this is what i wrote: a long line of text that goes on and on"
        ));
        assert_eq!(without_attribution("jane said: the text"), "the text");
        assert_eq!(without_attribution("the text"), "the text");
    }

    #[test]
    fn rows_of_controls_are_short_links() {
        let (page, _) = setup(
            "<p><a href=/r>Reply</a> <a href=/q>Quote</a></p>\
             <p><a href=/t>Show HN: a tool for making tools</a> <a href=/s>(example.com)</a></p>\
             <p><a href=/o>One</a></p>",
        );
        let rows: Vec<bool> = page.blocks.iter().map(control_row).collect();
        assert_eq!(rows, [true, false, false]);
    }
}
