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

/// The verdict on every block of a page of type `kind` (not an article).
pub(crate) fn select<'r>(
    page: &Page,
    kind: PageType,
    title: Option<&str>,
    scores: &Scores,
    hits: &mut RuleHits<'r>,
    p: &ScoringParams,
) -> Vec<Verdict<'r>> {
    let root = root(page, scores, p);
    tracing::debug!(root, tag = ?page.tag(root), "content region");
    let cards = Cards::of(page);
    let headline = headline_runs(page, title, p);
    let mut verdicts = Vec::with_capacity(page.blocks.len());
    for (i, b) in page.blocks.iter().enumerate() {
        let verdict = if headline.get(i).copied().unwrap_or(false) {
            Verdict::Drop(Reason::Headline)
        } else if !page.is_under(b.node, root) {
            Verdict::Drop(Reason::OutsideArticle)
        } else if let Some(rule) = hits.of(i, b) {
            Verdict::Drop(Reason::Rule(rule))
        } else if lone_number(b, p) && kind != PageType::Forum {
            Verdict::Drop(Reason::LoneNumber)
        } else if chrome(page, b.node, root, kind) {
            Verdict::Drop(Reason::ChromeContainer)
        } else if b.kind != BlockKind::Heading
            && b.links_above(p.max_links)
            && cards.card_of(page, b.node, root).is_none()
        {
            Verdict::Drop(Reason::LinkDense)
        } else {
            Verdict::Keep
        };
        verdicts.push(verdict);
    }
    verdicts
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

/// Whether the elements between a block's node and the region's root say it is chrome:
/// a `<nav>`, `<aside>` or `<footer>`; the site's `<header>` (one that no article, main
/// or section holds); or chrome class names on the nearest element whose names say
/// something. On a forum's page, comment-area names mark the posts, not chrome.
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
            if hint.is_chrome() {
                return true;
            }
            decided = hint.says_something();
        }
    }
    header
}
