//! Related-stories boxes: elements that open with a heading matched by a rule with the
//! `related_heading` role ("Related stories", `相关阅读`, "You may also like").
//!
//! The whole element is a box of teasers for other pages, even when each teaser is an
//! `<article>` with a paragraph of prose: it scores low and is never taken as, or beside,
//! the article.

use super::hits::RuleHits;
use super::params::ScoringParams;
use crate::article::BlockKind;
use crate::pipeline::page::{NodeId, Page};
use crate::pipeline::tag::Tag;
use crate::rules::Role;

/// The related-stories boxes of `page`, indexed by node id: for each related heading, the
/// outermost element whose first block it is. `<body>`, `<main>` and the document are
/// never marked, nor an element that is only the heading itself.
pub(crate) fn containers(page: &Page, hits: &mut RuleHits<'_>, p: &ScoringParams) -> Vec<bool> {
    let mut related = vec![false; page.nodes.len()];
    // The first block under each element, as the blocks come.
    let mut first_block = vec![u32::MAX; page.nodes.len()];
    for (i, b) in page.blocks.iter().enumerate() {
        let Some(outermost) = outermost_opened(page, b.node, i as u32, &mut first_block) else {
            continue;
        };
        if b.kind != BlockKind::Heading || b.m.chars > p.related_heading_max_chars {
            continue;
        }
        if outermost != b.node && hits.has_role(i, b, Role::RelatedHeading) {
            if let Some(r) = related.get_mut(outermost as usize) {
                *r = true;
            }
        }
    }
    related
}

/// Records block `i` as the first block of `node` and of the elements above it that had
/// none yet; returns the outermost of them that may be a box (not `<body>`, `<html>` or
/// `<main>`).
fn outermost_opened(page: &Page, node: NodeId, i: u32, first_block: &mut [u32]) -> Option<NodeId> {
    let mut outermost = None;
    for (id, n) in page.ancestors(node) {
        match first_block.get_mut(id as usize) {
            Some(f) if *f == u32::MAX => *f = i,
            _ => break,
        }
        if !matches!(n.tag, Tag::Body | Tag::Html | Tag::Main) {
            outermost = Some(id);
        }
    }
    outermost
}
