//! The select stage: which blocks of a [`Page`] are the article.
//!
//! In the order data flows:
//! 1. `related`: related-stories boxes, found by the headings that open them;
//! 2. `score`: every prose block scores the elements above it (Readability's idea on
//!    gleaner's block model); class/id, role and tag evidence (`evidence`) join in;
//! 3. `choose`: the best element, moved up where the article is split over wrappers,
//!    with the siblings that belong to it;
//! 4. `verdict`: each block kept or dropped for a reason (outside the article, a rule,
//!    chrome markup, link density);
//! 5. the passes of [`PASSES`], in order, over all verdicts at once: `recover` takes
//!    article text back, `prune` drops what only shows across blocks.
//!
//! Every weight and threshold is a field of [`ScoringParams`] (`params`). What happens
//! when the page gives little text (`fallback`) is decided after assembly.

mod choose;
pub(crate) mod fallback;
mod hits;
mod params;
mod prune;
mod recover;
mod region;
mod related;
mod score;
mod verdict;

pub(crate) use params::ScoringParams;
pub(crate) use verdict::Verdict;

use hits::RuleHits;

use crate::article::PageType;
use crate::pipeline::page::Page;
use crate::pipeline::text::key;
use crate::rules::Rules;

/// A pass over all verdicts, after the first verdict on each block.
type Pass = for<'r> fn(&Page, &ScoringParams, &mut RuleHits<'r>, &mut [Verdict<'r>]);

/// The passes, in the order they run: the ones that take blocks back first, so that the
/// ones that drop see the whole article.
const PASSES: [(&str, Pass); 11] = [
    ("lead", recover::lead),
    ("gaps", recover::gaps),
    ("linked_items", recover::linked_items),
    ("whole_tables_and_lists", recover::whole_tables_and_lists),
    ("link_lists", recover::link_lists),
    ("after_end_marker", prune::after_end_marker),
    ("repeated", prune::repeated),
    ("linked_headline_runs", prune::linked_headline_runs),
    (
        "lists_after_related_headings",
        prune::lists_after_related_headings,
    ),
    ("orphan_labels", prune::orphan_labels),
    ("table_cells", recover::table_cells),
];

/// The passes over the verdicts of a page that is not an article.
const REGION_PASSES: [(&str, Pass); 4] = [
    ("repeated", prune::repeated),
    (
        "lists_after_related_headings",
        prune::lists_after_related_headings,
    ),
    ("orphan_labels", prune::orphan_labels),
    ("table_cells", recover::table_cells),
];

/// What the select stage learns of a page before its type is known: rule hits, related
/// boxes and the elements' scores.
pub(crate) struct Scored<'r> {
    hits: RuleHits<'r>,
    related: Vec<bool>,
    scores: score::Scores,
}

impl Scored<'_> {
    /// The share of the page's text outside links that the best-scoring element holds
    /// (1 for a page that is one article, little for a page of many parts).
    pub(crate) fn best_share(&self) -> f32 {
        let plain = |id| {
            let e = self.scores.get(id);
            e.weight - e.link_weight
        };
        let all = plain(crate::pipeline::page::ROOT);
        match self.scores.ranked.first() {
            Some(&best) if all > 0.0 => (plain(best) / all).clamp(0.0, 1.0),
            _ => 0.0,
        }
    }
}

/// Scores `page`'s elements. `article_body` is JSON-LD's `articleBody` (evidence for the
/// blocks it quotes).
pub(crate) fn score<'r>(
    page: &Page,
    article_body: Option<&str>,
    p: &ScoringParams,
    rules: &'r Rules,
) -> Scored<'r> {
    let mut hits = RuleHits::new(rules, page.blocks.len());
    let related = related::containers(page, &mut hits, p);
    let body_key = article_body.map(key);
    let scores = score::score(page, &mut hits, &related, body_key.as_deref(), p);
    Scored {
        hits,
        related,
        scores,
    }
}

/// The verdict on every block of `page`, a page of type `kind` scored as `scored`.
/// `title` is the page's headline (its first copy in the body is dropped).
pub(crate) fn select<'r>(
    page: &Page,
    scored: Scored<'r>,
    kind: PageType,
    title: Option<&str>,
    p: &ScoringParams,
) -> Vec<Verdict<'r>> {
    let Scored {
        mut hits,
        related,
        scores,
    } = scored;
    if kind != PageType::Article {
        let mut verdicts = region::select(page, kind, title, &scores, &related, &mut hits, p);
        for (name, pass) in REGION_PASSES {
            pass(page, p, &mut hits, &mut verdicts);
            tracing::trace!(pass = name, "pass done");
        }
        if kind == PageType::Forum {
            region::quoted_posts(page, &mut verdicts);
        }
        return verdicts;
    }
    let selected = choose::choose(page, &scores, &related, p);
    let mut verdicts = verdict::judge_all(page, title, &selected, &related, &mut hits, p);
    region::article_container(page, &related, &mut hits, p, &mut verdicts);
    for (name, pass) in PASSES {
        pass(page, p, &mut hits, &mut verdicts);
        tracing::trace!(
            pass = name,
            kept = verdicts.iter().filter(|v| v.is_kept()).count(),
            "pass done"
        );
    }
    verdicts
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::options::{Mode, Options};

    /// The page of an HTML fragment, and the balanced parameters.
    pub(crate) fn setup(html: &str) -> (Page, ScoringParams) {
        let page = crate::pipeline::collect::page_of(html, &Options::default());
        (page, ScoringParams::for_mode(Mode::Balanced))
    }

    /// Indices of the kept blocks.
    pub(crate) fn kept(v: &[Verdict]) -> Vec<usize> {
        (0..v.len())
            .filter(|&i| v.get(i).is_some_and(Verdict::is_kept))
            .collect()
    }

    /// Indices and rule names of the dropped blocks.
    pub(crate) fn dropped<'a>(v: &'a [Verdict]) -> Vec<(usize, &'a str)> {
        v.iter()
            .enumerate()
            .filter_map(|(i, v)| v.reason().map(|r| (i, r.name())))
            .collect()
    }

    fn texts_kept(html: &str) -> Vec<String> {
        let (page, p) = setup(html);
        let rules = Rules::builtin();
        let scored = score(&page, None, &p, &rules);
        let v = select(&page, scored, PageType::Article, Some("The headline"), &p);
        kept(&v)
            .into_iter()
            .filter_map(|i| page.blocks.get(i).map(|b| b.text.clone()))
            .collect()
    }

    #[test]
    fn the_article_element_wins_over_its_chrome() {
        let prose = "A paragraph of the article, long enough to score, with commas, clauses, and a full stop.";
        let html = format!(
            "<nav><ul><li><a href=/>Home</a></li><li><a href=/n>News</a></li></ul></nav>\
             <h1>The headline</h1><article><p>{prose}</p><div class=share-bar><p>Share this story, with friends, on every network.</p></div><p>{prose} Again.</p></article>\
             <aside><p>Sidebar prose that should not be taken, even with commas, and full stops.</p></aside>"
        );
        let kept = texts_kept(&html);
        assert_eq!(kept, [prose.to_string(), format!("{prose} Again.")]);
    }

    #[test]
    fn a_related_box_of_teaser_articles_is_never_the_article() {
        let teaser = |n: u32| {
            format!("<article><h4><a href=/{n}>Teaser {n}</a></h4><p>A teaser paragraph of another story number {n}, with commas, clauses, and words enough.</p></article>")
        };
        let html = format!(
            "<h1>The headline</h1><div class=story><p>The short article itself, with a clause, and a full stop.</p></div>\
             <div><h3>You may also like</h3>{}{}{}</div>",
            teaser(1),
            teaser(2),
            teaser(3)
        );
        let kept = texts_kept(&html);
        assert_eq!(
            kept,
            ["The short article itself, with a clause, and a full stop."]
        );
    }
}
