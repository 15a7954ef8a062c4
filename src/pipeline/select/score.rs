//! Scores: every prose block gives points (length, punctuation, few links) to the element
//! holding it and, less and less, to the elements above; class/id evidence, the tag and
//! the element's own link density then make each element's score. The items of one list
//! count together, up to a cap: a list is judged as a whole, not as so many paragraphs.

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
    let mut given: Vec<Option<(f32, Option<NodeId>)>> = vec![None; page.blocks.len()];
    let mut list_total = vec![0.0f32; page.nodes.len()];
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
        let list = (b.kind == BlockKind::ListItem)
            .then(|| {
                page.ancestors(b.node)
                    .find(|(_, n)| n.tag.is_list())
                    .map(|(id, _)| id)
            })
            .flatten();
        if let Some(t) = list.and_then(|l| list_total.get_mut(l as usize)) {
            *t += s;
        }
        if let Some(g) = given.get_mut(i) {
            *g = Some((s, list));
        }
    }
    for (b, g) in page.blocks.iter().zip(&given) {
        let Some((mut s, list)) = *g else { continue };
        // A list's items together give at most what a few paragraphs give: a long list
        // of references, captions or teasers is not an article by its length alone.
        if let Some(&t) = list.and_then(|l| list_total.get(l as usize)) {
            if t > p.max_list_points {
                s *= p.max_list_points / t;
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Rules;

    /// The tag and class evidence of the best-scoring element of `html`.
    fn best(html: &str) -> Option<(crate::pipeline::tag::Tag, bool)> {
        let (page, p) = super::super::tests::setup(html);
        let rules = Rules::builtin();
        let mut hits = RuleHits::new(&rules, page.blocks.len());
        let related = vec![false; page.nodes.len()];
        let scores = score(&page, &mut hits, &related, None, &p);
        let best = scores.ranked.first().and_then(|&id| page.node(id));
        best.map(|n| (n.tag, n.hint.is_positive()))
    }

    /// Whether the best-scoring element is the `<div class=story>` (the only `<div>`
    /// with positive class evidence on the test pages).
    fn best_is_story(html: &str) -> bool {
        best(html) == Some((crate::pipeline::tag::Tag::Div, true))
    }

    const STORY: &str = "<div class=story><h1>Council approves new budget</h1>\
        <p>The city council voted on Tuesday to approve a new budget, after months of debate.</p>\
        <p>Officials said the plan raises spending on transport, while cutting other costs.</p>\
        <p>Critics argued that it leaves too little for parks, and residents spoke at length.</p>\
        <p>The mayor defended the plan, saying that hard choices were needed this year.</p></div>";

    #[test]
    fn a_long_references_list_does_not_outscore_a_short_article() {
        let refs: String = (0..25)
            .map(|i| format!("<li>Smith, J., Doe, A., and Brown, K. ({}). A study, part {i}. Journal of Finance, {i}(2), pp. 1-9. Retrieved, accessed 1 May.</li>", 2000 + i))
            .collect();
        let html =
            format!("<div>{STORY}<section><h2>References</h2><ol>{refs}</ol></section></div>");
        assert!(best_is_story(&html));
    }

    #[test]
    fn a_gallery_of_long_captions_does_not_outscore_a_short_article() {
        let items: String = (0..20)
            .map(|i| format!("<li><img src=p{i}.jpg>Picture {i}: Traders set up stalls on the square, early, as customers arrive. The market runs every Saturday. Photo: Jane Roe, agency.</li>"))
            .collect();
        let html = format!("<div>{STORY}<div><h2>In pictures</h2><ul>{items}</ul></div></div>");
        assert!(best_is_story(&html));
    }

    #[test]
    fn a_page_that_is_one_list_still_has_the_list_as_its_best_element() {
        let items: String = (0..12)
            .map(|i| format!("<li>Release {i}: fixed a crash when the cache is empty, and sped up start-up.</li>"))
            .collect();
        let html = format!(
            "<div><h1>Changelog</h1><ul>{items}</ul></div><footer><p>Contact us.</p></footer>"
        );
        let best = best(&html).map(|(tag, _)| tag);
        assert_eq!(best, Some(crate::pipeline::tag::Tag::Ul));
    }
}
