//! Scores: every prose block gives points (length, punctuation, few links) to the element
//! holding it and, less and less, to the elements above; class/id evidence, the tag and
//! the element's own link density then make each element's score.

use super::hits::RuleHits;
use super::params::ScoringParams;
use crate::article::BlockKind;
use crate::pipeline::evidence::tag_weight;
use crate::pipeline::page::{ctx, NodeId, Page, RawBlock};
use crate::pipeline::text::{key, prefix_chars};

/// What scoring learnt about one element.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ElementScore {
    /// Weight of all the text under the element.
    pub(crate) weight: f32,
    /// Weight of the text under the element, each block counted by its link share.
    pub(crate) link_weight: f32,
    /// What the prose blocks under the element gave it.
    pub(crate) prose: f32,
    /// `prose` with the tag and class evidence, less the share of link text: what
    /// candidates are ranked by. Zero for an element without prose.
    pub(crate) score: f32,
}

impl ElementScore {
    /// Share of the element's text weight inside links.
    pub(crate) fn link_density(&self) -> f32 {
        if self.weight > 0.0 {
            self.link_weight / self.weight
        } else {
            0.0
        }
    }
}

/// The scores of a page's elements.
#[derive(Debug, Default)]
pub(crate) struct Scores {
    /// Indexed by node id.
    pub(crate) of: Vec<ElementScore>,
    /// The elements with a positive score, best first (page order among equals).
    pub(crate) ranked: Vec<NodeId>,
}

impl Scores {
    pub(crate) fn get(&self, id: NodeId) -> ElementScore {
        self.of.get(id as usize).copied().unwrap_or_default()
    }
}

/// Scores every element of `page`. `related` marks related-stories boxes; `article_body`
/// is the key of JSON-LD `articleBody`, when the page has one.
pub(crate) fn score(
    page: &Page,
    hits: &mut RuleHits<'_>,
    related: &[bool],
    article_body: Option<&str>,
    p: &ScoringParams,
) -> Scores {
    let mut of = vec![ElementScore::default(); page.nodes.len()];
    let any_related = related.contains(&true);
    for (i, b) in page.blocks.iter().enumerate() {
        let w = b.m.weight() as f32;
        let link_share = b.link_density();
        for (id, _) in page.ancestors(b.node) {
            if let Some(e) = of.get_mut(id as usize) {
                e.weight += w;
                e.link_weight += w * link_share;
            }
        }
        if w < p.min_scoring_weight || b.kind == BlockKind::Heading || hits.of(i, b).is_some() {
            continue;
        }
        let under_chrome =
            page.is_under_negative(b.node) || (any_related && page.is_under_any(b.node, related));
        let s = block_score(b, under_chrome, article_body, p);
        // A paragraph's score goes to the element holding the paragraph.
        let start = if page.tag(b.node).is_paragraph_like() {
            page.parent(b.node)
        } else {
            Some(b.node)
        };
        let up = start.into_iter().flat_map(|s| page.ancestors(s));
        for ((id, _), div) in up.zip(p.level_divisors) {
            if let Some(e) = of.get_mut(id as usize) {
                e.prose += s / div;
            }
        }
    }
    for (e, node) in of.iter_mut().zip(&page.nodes) {
        if e.prose > 0.0 {
            e.score =
                (e.prose + tag_weight(node.tag) + node.hint.weight()) * (1.0 - e.link_density());
        }
    }
    let mut ranked: Vec<NodeId> = (0..of.len() as NodeId)
        .filter(|&id| of.get(id as usize).is_some_and(|e| e.score > 0.0))
        .collect();
    let score = |id: &NodeId| of.get(*id as usize).map(|e| e.score);
    ranked.sort_by(|a, b| {
        score(b)
            .partial_cmp(&score(a))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    Scores { of, ranked }
}

/// What one prose block gives: length and punctuation, less its link share, less again
/// under chrome, plus a bonus when JSON-LD `articleBody` quotes it.
fn block_score(
    b: &RawBlock,
    under_chrome: bool,
    article_body: Option<&str>,
    p: &ScoringParams,
) -> f32 {
    let w = b.m.weight() as f32;
    let mut s = p.base_score
        + (b.m.punct as f32).min(p.max_punct_points)
        + (w / p.weight_per_point).min(p.max_length_points);
    s *= 1.0 - b.link_density();
    if under_chrome {
        s *= p.under_chrome_factor;
    }
    tracing::trace!(score = s, weight = w, links = b.link_density(), text = %prefix_chars(&b.text, 20), "block score");
    if b.within(ctx::CHROME) {
        s *= p.chrome_tag_factor;
    }
    if let Some(body) = article_body {
        if w > p.json_ld_min_weight && body.contains(&key(&b.text)) {
            s += p.json_ld_bonus;
        }
    }
    s
}
