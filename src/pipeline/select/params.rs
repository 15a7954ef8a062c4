//! Every weight and threshold of the select stage, named and documented in one place.
//!
//! Lengths are *weights* (see `Measure::weight`: a CJK character counts three, so one
//! threshold holds for both scripts) unless a field says characters. Link shares of a block
//! are exact fractions ([`Share`]); those of an element are sums of weights, so floats. The
//! evidence scale of class names, roles and tags lives in `evidence`.

use crate::options::Mode;
use crate::pipeline::page::{RawBlock, Share};

/// What makes a block read as prose for one decision.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Prose {
    /// Smallest weight.
    pub(crate) min_weight: u32,
    /// Smallest length in characters.
    pub(crate) min_chars: u32,
    /// Fewest prose punctuation marks (`,.;!?，。`...).
    pub(crate) min_punct: u32,
    /// Link text must stay under this share of the block, when set.
    pub(crate) links_below: Option<Share>,
    /// Fewest characters outside links.
    pub(crate) min_plain_chars: u32,
}

impl Prose {
    /// No demand at all: the base the tests below are written on.
    const ANY: Prose = Prose {
        min_weight: 0,
        min_chars: 0,
        min_punct: 0,
        links_below: None,
        min_plain_chars: 0,
    };

    /// Whether `b` passes every part of the test.
    pub(crate) fn admits(&self, b: &RawBlock) -> bool {
        b.m.weight() >= self.min_weight
            && b.m.chars >= self.min_chars
            && b.m.punct >= self.min_punct
            && self.links_below.is_none_or(|s| b.links_below(s))
            && b.m.chars.saturating_sub(b.link_chars) >= self.min_plain_chars
    }
}

/// The parameters of one selection. [`ScoringParams::for_mode`] gives those of a mode.
#[derive(Debug, Clone)]
pub(crate) struct ScoringParams {
    // ---- Block scores (score.rs) ----
    /// Blocks lighter than this give their container no score (headings never do).
    pub(crate) min_scoring_weight: f32,
    /// Every scoring block starts with this.
    pub(crate) base_score: f32,
    /// Each prose punctuation mark adds a point, up to this many.
    pub(crate) max_punct_points: f32,
    /// One point per this much weight...
    pub(crate) weight_per_point: f32,
    /// ...up to this many points.
    pub(crate) max_length_points: f32,
    /// Post lists are looked for this many elements above the chosen one.
    pub(crate) post_list_levels: usize,
    /// A post list has at least this many posts.
    pub(crate) min_posts: usize,
    /// The first post of a post list with this much text weight is the article.
    pub(crate) post_min_weight: f32,
    /// ...and at least this share of the longest post's weight.
    pub(crate) post_min_share: f32,
    /// Factor for a block under chrome class names or in a related-stories box.
    pub(crate) under_chrome_factor: f32,
    /// Factor for a block inside `<nav>`, `<aside>` or `<footer>`.
    pub(crate) chrome_tag_factor: f32,
    /// A block at least this heavy that JSON-LD `articleBody` quotes...
    pub(crate) json_ld_min_weight: f32,
    /// ...gains this.
    pub(crate) json_ld_bonus: f32,
    /// A block's score goes to its container divided by the first divisor, to the next
    /// element up divided by the second, and so on; as many levels as divisors.
    pub(crate) level_divisors: [f32; 6],
    /// The items of one list (`<ul>`, `<ol>`, `<dl>`) give at most this many points in
    /// all, about what six ordinary paragraphs give: a references list, a gallery of long
    /// captions or a list of teasers does not outscore a short article by its length.
    pub(crate) max_list_points: f32,

    // ---- Choosing the article element (choose.rs) ----
    /// Candidates after the best one looked at for "several strong candidates"...
    pub(crate) strong_candidates_looked_at: usize,
    /// ...that score at least this share of the best...
    pub(crate) strong_candidate_share: f32,
    /// ...and of which at least this many sit under one ancestor: that ancestor is the article.
    pub(crate) min_strong_candidates: usize,
    /// Climbing from the best element stops at a parent scoring under its score divided by this.
    pub(crate) climb_floor_divisor: f32,
    /// Siblings of the article element scoring at least this share of its score join it...
    pub(crate) sibling_share: f32,
    /// ...but never below this score.
    pub(crate) min_sibling_score: f32,
    /// A sibling with the same positive class evidence as the article gains this share
    /// of the article's score.
    pub(crate) same_class_bonus_share: f32,
    /// A sibling `<p>` heavier than this with element link density under
    /// `sibling_paragraph_max_links` is prose and joins.
    pub(crate) sibling_paragraph_min_weight: f32,
    pub(crate) sibling_paragraph_max_links: f32,
    /// A sibling `<p>` heavier than this without any link joins.
    pub(crate) sibling_linkless_min_weight: f32,
    /// Any sibling heavier than this, with link density under `sibling_prose_max_links`
    /// and its own prose scoring more than `sibling_prose_min_score`, joins.
    pub(crate) sibling_prose_min_weight: f32,
    pub(crate) sibling_prose_max_links: f32,
    pub(crate) sibling_prose_min_score: f32,

    // ---- Pages that are not articles (region.rs) ----
    /// The page's `<main>` is the content region when it holds at least this share of the
    /// page's text outside links; else the body is.
    pub(crate) region_main_share: f32,
    /// A form or related-stories box holding less than this share of the region's text is
    /// a login, search or signup box or a box of teasers, not content.
    pub(crate) region_box_share: f32,

    /// An article whose kept blocks hold under this share of the prose of its own
    /// `<article>` element is split over containers: the rest of the element is read.
    pub(crate) article_split_share: f32,

    // ---- Verdicts on single blocks (verdict.rs) ----
    /// The first block at most this many characters long that repeats the title is the
    /// headline, not body text.
    pub(crate) headline_max_chars: u32,
    /// A bare number at most this many characters long is a counter.
    pub(crate) lone_number_max_chars: u32,
    /// Prose strong enough to stay inside a chrome container.
    pub(crate) strong_prose: Prose,
    /// A block (not a heading) with more link text than this is a menu or a link list.
    pub(crate) max_links: Share,

    // ---- Passes over the verdicts (passes.rs) ----
    /// Prose between the headline and the article element taken back as its lead;
    /// `None`: no lead is taken.
    pub(crate) lead: Option<Prose>,
    /// Prose outside the article element between its first and last kept blocks taken back.
    pub(crate) gap: Prose,
    /// Link-dense list items kept between kept siblings (digest posts).
    pub(crate) linked_item: Prose,
    /// A data table inside the article keeps its linked cells while its link text is at
    /// most this share of the table's text.
    pub(crate) whole_table_links: Share,
    /// A list between kept blocks keeps its linked items when each holds this many words.
    pub(crate) whole_list_item_words: u32,
    /// ...and this many characters outside its links (a teaser is all link).
    pub(crate) whole_list_item_plain_chars: u32,
    /// An end marker (`责任编辑：…`) ends the article only when it is mostly CJK...
    pub(crate) end_marker_cjk_above: Share,
    /// ...and comes after at least this share of the kept text.
    pub(crate) end_marker_after: Share,
    /// Lines shorter than this many characters are never dropped as repeats.
    pub(crate) repeat_min_chars: u32,
    /// When more distinct lines than this repeat, repetition is the article's own structure.
    pub(crate) max_repeated_lines: usize,
    /// A heading with at least this share of link text is a linked headline...
    pub(crate) linked_heading_links: Share,
    /// ...and a run of at least this many of them is a teaser list.
    pub(crate) min_linked_heading_run: usize,
    /// A list item under a related-stories heading with at least this share of link text
    /// is a teaser.
    pub(crate) related_item_links: Share,
    /// Headings of related-stories boxes are at most this many characters long.
    pub(crate) related_heading_max_chars: u32,
    /// A label (`More on this topic:`) is at most this many characters long...
    pub(crate) label_max_chars: u32,
    /// ...and a form field label (`Author:`) at most this many.
    pub(crate) field_label_max_chars: u32,

    // ---- Fallbacks (fallback.rs) ----
    /// Below this many characters of article, the page's `<noscript>` markup is tried...
    pub(crate) noscript_below_chars: usize,
    /// ...and used when it gives at least this many characters...
    pub(crate) noscript_min_chars: usize,
    /// ...and this many times what the visible page gave.
    pub(crate) noscript_gain: usize,
    /// JSON-LD `articleBody` of at least this many characters...
    pub(crate) json_ld_body_min_chars: usize,
    /// ...replaces an article this many times shorter.
    pub(crate) json_ld_body_gain: usize,
    /// A description this long is the text of a page with no article at all.
    pub(crate) description_min_chars: usize,
    /// An app shell shows fewer characters than this...
    pub(crate) app_shell_max_chars: u64,
    /// ...holds at least this many bytes of inline scripts...
    pub(crate) app_shell_min_script_bytes: u64,
    /// ...and this many times what it shows...
    pub(crate) app_shell_script_ratio: u64,
    /// ...and no line of this many words with punctuation (a sentence).
    pub(crate) app_shell_sentence_words: usize,
}

impl ScoringParams {
    /// The parameters of `mode`: the balanced defaults with the mode's trade-offs.
    pub(crate) fn for_mode(mode: Mode) -> ScoringParams {
        let balanced = ScoringParams::balanced();
        match mode {
            Mode::Balanced => balanced,
            Mode::Precision => ScoringParams {
                sibling_share: 0.35,
                max_links: Share::new(33, 100),
                lead: None,
                ..balanced
            },
            Mode::Recall => ScoringParams {
                sibling_share: 0.1,
                max_links: Share::new(7, 10),
                lead: balanced.lead.map(|lead| Prose {
                    min_weight: 80,
                    ..lead
                }),
                ..balanced
            },
        }
    }

    fn balanced() -> ScoringParams {
        ScoringParams {
            min_scoring_weight: 25.0,
            base_score: 1.0,
            max_punct_points: 30.0,
            weight_per_point: 100.0,
            max_length_points: 3.0,
            under_chrome_factor: 0.25,
            post_list_levels: 3,
            min_posts: 3,
            post_min_weight: 150.0,
            post_min_share: 0.3,
            chrome_tag_factor: 0.3,
            json_ld_min_weight: 60.0,
            json_ld_bonus: 5.0,
            level_divisors: [1.0, 2.0, 6.0, 9.0, 12.0, 15.0],
            max_list_points: 40.0,

            strong_candidates_looked_at: 5,
            strong_candidate_share: 0.75,
            min_strong_candidates: 2,
            climb_floor_divisor: 3.0,
            sibling_share: 0.2,
            min_sibling_score: 10.0,
            same_class_bonus_share: 0.2,
            sibling_paragraph_min_weight: 80.0,
            sibling_paragraph_max_links: 0.25,
            sibling_linkless_min_weight: 40.0,
            sibling_prose_min_weight: 150.0,
            sibling_prose_max_links: 0.2,
            sibling_prose_min_score: 3.0,

            region_main_share: 0.3,
            region_box_share: 0.5,
            article_split_share: 0.6,

            headline_max_chars: 300,
            lone_number_max_chars: 6,
            strong_prose: Prose {
                min_weight: 150,
                min_punct: 2,
                links_below: Some(Share::new(1, 10)),
                ..Prose::ANY
            },
            max_links: Share::new(1, 2),

            lead: Some(Prose {
                min_weight: 150,
                min_punct: 1,
                links_below: Some(Share::new(1, 5)),
                ..Prose::ANY
            }),
            gap: Prose {
                min_weight: 100,
                min_punct: 1,
                links_below: Some(Share::new(1, 4)),
                ..Prose::ANY
            },
            linked_item: Prose {
                min_chars: 80,
                min_punct: 1,
                min_plain_chars: 40,
                ..Prose::ANY
            },
            whole_table_links: Share::new(4, 5),
            whole_list_item_words: 4,
            whole_list_item_plain_chars: 3,
            end_marker_cjk_above: Share::new(1, 2),
            end_marker_after: Share::new(7, 10),
            repeat_min_chars: 40,
            max_repeated_lines: 2,
            linked_heading_links: Share::new(4, 5),
            min_linked_heading_run: 2,
            related_item_links: Share::new(3, 10),
            related_heading_max_chars: 60,
            label_max_chars: 60,
            field_label_max_chars: 30,

            noscript_below_chars: 250,
            noscript_min_chars: 200,
            noscript_gain: 2,
            json_ld_body_min_chars: 200,
            json_ld_body_gain: 4,
            description_min_chars: 200,
            app_shell_max_chars: 600,
            app_shell_min_script_bytes: 50_000,
            app_shell_script_ratio: 100,
            app_shell_sentence_words: 8,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::BlockKind;

    fn block(text: &str, link_chars: u32) -> RawBlock {
        RawBlock::of(text, BlockKind::Paragraph, None, link_chars)
    }

    #[test]
    fn modes_trade_precision_for_recall() {
        let (p, b, r) = (
            ScoringParams::for_mode(Mode::Precision),
            ScoringParams::for_mode(Mode::Balanced),
            ScoringParams::for_mode(Mode::Recall),
        );
        assert!(p.sibling_share > b.sibling_share && b.sibling_share > r.sibling_share);
        let half_links = block("0123456789", 5);
        let sixty = block("0123456789", 6);
        assert!(!half_links.links_above(b.max_links) && sixty.links_above(b.max_links));
        assert!(half_links.links_above(p.max_links));
        assert!(!sixty.links_above(r.max_links));
        assert!(p.lead.is_none());
        assert!(r.lead.map(|l| l.min_weight) < b.lead.map(|l| l.min_weight));
    }

    #[test]
    fn prose_tests_every_part() {
        let sentence = "A sentence of plain prose, long enough to count as a real line of text here, with one more clause to pass a hundred.";
        let gap = ScoringParams::for_mode(Mode::Balanced).gap;
        assert!(gap.admits(&block(sentence, 0)));
        assert!(
            !gap.admits(&block(sentence, 30)),
            "a quarter or more is link text"
        );
        assert!(!gap.admits(&block("Short, but punctuated.", 0)));
        assert!(!gap.admits(&block(&sentence.replace([',', '.'], ""), 0)));
    }
}
