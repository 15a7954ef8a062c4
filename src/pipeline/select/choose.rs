//! Choosing the article: the best-scoring element, moved up to the ancestor that holds
//! several strong candidates or to a parent that scores better, and joined by the
//! siblings that score nearly as well or read as prose.

use super::params::ScoringParams;
use super::score::Scores;
use crate::pipeline::page::{NodeId, Page};
use crate::pipeline::tag::Tag;

/// The elements that make the article (indexed by node id); none when nothing scored.
pub(crate) fn choose(
    page: &Page,
    scores: &Scores,
    related: &[bool],
    p: &ScoringParams,
) -> Vec<bool> {
    let mut selected = vec![false; page.nodes.len()];
    let Some(&best) = scores.ranked.first() else {
        return selected;
    };
    let top = climb(
        page,
        scores,
        holder_of_strong_candidates(page, scores, best, p),
        p,
    );
    if let Some(post) = first_post(page, scores, top, p) {
        // One post of several: the others are not its siblings to join.
        tracing::debug!(chosen = post, was = top, "first post of a post list");
        if let Some(s) = selected.get_mut(post as usize) {
            *s = true;
        }
        return selected;
    }
    if let Some(s) = selected.get_mut(top as usize) {
        *s = true;
    }
    if tracing::enabled!(tracing::Level::DEBUG) {
        log_choice(page, scores, best, top);
    }
    for id in siblings(page, scores, related, top, p) {
        if let Some(s) = selected.get_mut(id as usize) {
            *s = true;
        }
    }
    selected
}

/// A page of several posts (a blog's archive, a category page): the article is its first
/// full post, not a longer later one nor all of them. Posts are sibling elements of one
/// kind (`<article>`, or the same article class words: `post`, `entry`), each opening
/// with its linked title; looked for around `top` (it, or its ancestors up to
/// `post_list_levels` above, holding such posts or being one). The first of them with
/// `post_min_weight` of text under it, and `post_min_share` of the longest post's, is the
/// article; `None` when `top` is no post of
/// such a list, or is its first full post already.
fn first_post(page: &Page, scores: &Scores, top: NodeId, p: &ScoringParams) -> Option<NodeId> {
    let opens_with_linked_title = |id: NodeId| {
        page.blocks_under(id)
            .next()
            .and_then(|i| page.blocks.get(i))
            .is_some_and(|b| {
                b.kind == crate::article::BlockKind::Heading
                    && b.links_at_least(p.linked_heading_links)
            })
    };
    let post_like = |id: NodeId| {
        page.node(id)
            .is_some_and(|n| n.tag == Tag::Article || n.hint.is_positive())
    };
    for holder in page
        .ancestors(top)
        .take(p.post_list_levels + 1)
        .map(|(id, _)| id)
    {
        let Some(kind) = page
            .ancestors(top)
            .take_while(|&(id, _)| id != holder)
            .last()
            .map(|(id, _)| id)
            .or_else(|| first_child(page, holder))
        else {
            continue;
        };
        let Some(k) = page.node(kind) else { continue };
        let posts: Vec<NodeId> = page
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.parent() == Some(holder) && n.tag == k.tag && n.hint == k.hint)
            .map(|(i, _)| i as NodeId)
            .filter(|&id| post_like(id) && opens_with_linked_title(id))
            .collect();
        // Three posts at least: an article can come as two units of one class (aoc.media:
        // its opening paragraphs in a header `<article>`, the rest in a second one).
        if posts.len() < p.min_posts {
            continue;
        }
        // A full post: some prose, and not a teaser of the longest (a preview of the post
        // itself above it, a "previous post" card).
        let longest = posts
            .iter()
            .map(|&id| scores.get(id).weight)
            .fold(0.0, f32::max);
        let first_full = posts.iter().copied().find(|&id| {
            let e = scores.get(id);
            e.prose > 0.0 && e.weight >= p.post_min_weight && e.weight >= longest * p.post_min_share
        })?;
        return (!page.is_under(top, first_full)).then_some(first_full);
    }
    None
}

/// The first child element of `id` recorded (nodes are recorded in page order).
fn first_child(page: &Page, id: NodeId) -> Option<NodeId> {
    page.nodes
        .iter()
        .position(|n| n.parent() == Some(id))
        .map(|i| i as NodeId)
}

/// Several strong candidates under one ancestor (below `<body>`): the ancestor is the
/// article. Otherwise the best element.
fn holder_of_strong_candidates(
    page: &Page,
    scores: &Scores,
    best: NodeId,
    p: &ScoringParams,
) -> NodeId {
    let best_score = scores.get(best).score;
    let strong: Vec<NodeId> = scores
        .ranked
        .iter()
        .skip(1)
        .take(p.strong_candidates_looked_at)
        .filter(|&&id| scores.get(id).score >= best_score * p.strong_candidate_share)
        .copied()
        .collect();
    if strong.len() < p.min_strong_candidates {
        return best;
    }
    page.ancestors(best)
        .skip(1)
        .take_while(|(_, n)| !n.tag.is_document())
        .find(|&(a, _)| {
            strong.iter().filter(|&&s| page.is_under(s, a)).count() >= p.min_strong_candidates
        })
        .map_or(best, |(a, _)| a)
}

/// Climbs from `top` while the parent scores better (text split over several wrappers) or
/// adds no text of its own; stops below `<body>` and at a parent scoring under a fraction
/// of where the climb started.
fn climb(page: &Page, scores: &Scores, from: NodeId, p: &ScoringParams) -> NodeId {
    let mut top = from;
    let mut last = scores.get(top).score;
    let floor = last / p.climb_floor_divisor;
    for (parent, node) in page.ancestors(from).skip(1) {
        if node.tag.is_document() {
            break;
        }
        let ps = scores.get(parent).score;
        if scores.get(parent).weight == scores.get(top).weight {
            top = parent;
            last = last.max(ps);
            continue;
        }
        if ps < floor {
            break;
        }
        if ps > last {
            top = parent;
        }
        last = ps;
    }
    top
}

/// The siblings of the article element that belong to it: scoring at least a share of
/// its score (more easily with the same class evidence), or reading as prose; never
/// chrome by tag or names, nor a related-stories box.
fn siblings<'a>(
    page: &'a Page,
    scores: &'a Scores,
    related: &'a [bool],
    top: NodeId,
    p: &'a ScoringParams,
) -> impl Iterator<Item = NodeId> + 'a {
    let top_score = scores.get(top).score;
    let threshold = (top_score * p.sibling_share).max(p.min_sibling_score);
    let parent = page.parent(top);
    let top_hint = page.node(top).map(|n| n.hint).unwrap_or_default();
    page.nodes
        .iter()
        .enumerate()
        .filter(move |(i, node)| parent.is_some() && node.parent() == parent && *i as NodeId != top)
        .filter_map(move |(i, node)| {
            let id = i as NodeId;
            let e = scores.get(id);
            let mut f = e.score;
            if node.hint == top_hint && top_hint.is_positive() {
                f += top_score * p.same_class_bonus_share;
            }
            let (w, ld) = (e.weight, e.link_density());
            let paragraph = node.tag == Tag::P
                && ((w > p.sibling_paragraph_min_weight && ld < p.sibling_paragraph_max_links)
                    || (w > 0.0 && ld == 0.0 && w > p.sibling_linkless_min_weight));
            let prose = paragraph
                || (w > p.sibling_prose_min_weight
                    && ld < p.sibling_prose_max_links
                    && e.prose > p.sibling_prose_min_score);
            let joins = (f >= threshold || prose)
                && !node.tag.is_chrome()
                && !node.hint.is_negative()
                && !related.get(i).copied().unwrap_or(false);
            joins.then_some(id)
        })
}

fn log_choice(page: &Page, scores: &Scores, best: NodeId, top: NodeId) {
    for &id in scores.ranked.iter().take(5) {
        let node = page.node(id);
        let e = scores.get(id);
        tracing::debug!(node = id, tag = ?node.map(|n| n.tag), hint = ?node.map(|n| n.hint), score = e.score, weight = e.weight, "candidate");
    }
    let chain: Vec<_> = page
        .ancestors(best)
        .map(|(id, n)| (id, n.tag, scores.get(id).score as i32))
        .collect();
    tracing::debug!(chosen = top, chain = ?chain, "article element");
}
