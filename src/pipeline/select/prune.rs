//! Passes that drop more: what the article element holds that is still not article text,
//! seen only across blocks (a credits line that ends the article, repeated captions,
//! runs of linked headlines, teaser lists, labels over nothing).

use std::collections::HashMap;

use super::hits::RuleHits;
use super::params::ScoringParams;
use super::verdict::{Reason, Verdict};
use crate::article::BlockKind;
use crate::pipeline::page::{ctx, Page, RawBlock};
use crate::rules::Role;

/// Chinese articles end with their credits (`责任编辑：…`, `采写：…`, rules with the
/// `end_marker` role): what the article shows after such a line, once most of its text
/// has been seen, is a recommendation box.
pub(crate) fn after_end_marker<'r>(
    page: &Page,
    p: &ScoringParams,
    _hits: &mut RuleHits<'r>,
    verdicts: &mut [Verdict<'r>],
) {
    let kept_chars = |(b, v): (&RawBlock, &Verdict)| if v.is_kept() { b.m.chars } else { 0 };
    let total: u32 = page
        .blocks
        .iter()
        .zip(verdicts.iter())
        .map(kept_chars)
        .sum();
    let Some(first) = verdicts.iter().position(Verdict::is_kept) else {
        return;
    };
    let mut seen = 0u32;
    let mut marker = None;
    for (i, (b, v)) in page
        .blocks
        .iter()
        .zip(verdicts.iter())
        .enumerate()
        .skip(first)
    {
        match v {
            Verdict::Keep | Verdict::Contents => seen += b.m.chars,
            Verdict::Drop(r)
                if r.is_rule_with(Role::EndMarker)
                    && p.end_marker_cjk_above.exceeds(b.m.cjk, b.m.chars)
                    && p.end_marker_after.reached_by(seen, total) =>
            {
                marker = Some(i);
                break;
            }
            Verdict::Drop(_) => {}
        }
    }
    let Some(m) = marker else { return };
    for v in verdicts.iter_mut().skip(m + 1) {
        if v.is_kept() {
            *v = Verdict::Drop(Reason::AfterArticleEnd);
        }
    }
}

/// A long line that the article shows twice or more is a caption repeated by a gallery, a
/// pull quote, or a heading shown again: the copies after the first go, but only where the
/// copies say so: one of them is a caption, quote or aside, or they differ in kind or sit
/// in different containers. Copies that are sibling blocks of one kind in one container
/// are the article's own text (a stock paragraph, a refrain, templated lines) and stay.
/// When more distinct lines than one or two repeat, the repetition is the article's own
/// structure (a meal plan's days, a schedule, recipe variants) and everything stays.
pub(crate) fn repeated<'r>(
    page: &Page,
    p: &ScoringParams,
    _hits: &mut RuleHits<'r>,
    verdicts: &mut [Verdict<'r>],
) {
    let mut copies: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (b, v)) in page.blocks.iter().zip(verdicts.iter()).enumerate() {
        if v.is_kept() && b.m.chars >= p.repeat_min_chars {
            copies.entry(b.text.as_str()).or_default().push(i);
        }
    }
    copies.retain(|_, at| at.len() >= 2);
    if copies.is_empty() || copies.len() > p.max_repeated_lines {
        return;
    }
    let set_apart = |b: &RawBlock| {
        matches!(b.kind, BlockKind::Caption | BlockKind::Quote)
            || b.ctx & (ctx::FIGURE | ctx::QUOTE | ctx::ASIDE) != 0
    };
    for at in copies.values() {
        let mut blocks = at.iter().filter_map(|&i| page.blocks.get(i));
        let Some(first) = blocks.next() else { continue };
        let a_copy = set_apart(first)
            || blocks.any(|b| {
                set_apart(b)
                    || b.kind != first.kind
                    || page.parent(b.node) != page.parent(first.node)
            });
        if !a_copy {
            continue;
        }
        for &i in at.iter().skip(1) {
            if let Some(v) = verdicts.get_mut(i) {
                *v = Verdict::Drop(Reason::Repeated);
            }
        }
    }
}

/// Headings are spared by the link-density test (a linked section title is still a
/// title), but a run of headings that are all link text, with no prose between them, is
/// a list of headline links to other stories ("related stories", "more from this
/// section"), not the article's outline. Blocks already dropped do not break a run: they
/// are not on the page's text.
pub(crate) fn linked_headline_runs<'r>(
    page: &Page,
    p: &ScoringParams,
    _hits: &mut RuleHits<'r>,
    verdicts: &mut [Verdict<'r>],
) {
    let linked =
        |b: &RawBlock| b.kind == BlockKind::Heading && b.links_at_least(p.linked_heading_links);
    let mut run: Vec<usize> = Vec::new();
    let flush = |run: &mut Vec<usize>, verdicts: &mut [Verdict<'r>]| {
        if run.len() >= p.min_linked_heading_run {
            for &i in run.iter() {
                if let Some(v) = verdicts.get_mut(i) {
                    *v = Verdict::Drop(Reason::LinkedHeadlines);
                }
            }
        }
        run.clear();
    };
    for (i, b) in page.blocks.iter().enumerate() {
        if !verdicts.get(i).is_some_and(Verdict::is_kept) {
            continue;
        }
        if linked(b) {
            run.push(i);
        } else {
            flush(&mut run, verdicts);
        }
    }
    flush(&mut run, verdicts);
}

/// A related-stories heading dropped by a rule (the `related_heading` role) announces a
/// list of links to other pages: the linked list items right after it go with it. The
/// walk stops at the first kept block that is not a linked list item, so an article that
/// goes on after a mid-text "Read more" loses nothing.
pub(crate) fn lists_after_related_headings<'r>(
    page: &Page,
    p: &ScoringParams,
    _hits: &mut RuleHits<'r>,
    verdicts: &mut [Verdict<'r>],
) {
    let mut i = 0;
    while i < page.blocks.len() {
        let heading = verdicts
            .get(i)
            .and_then(Verdict::reason)
            .is_some_and(|r| r.is_rule_with(Role::RelatedHeading));
        i += 1;
        if !heading {
            continue;
        }
        while let (Some(b), Some(v)) = (page.blocks.get(i), verdicts.get_mut(i)) {
            if v.is_kept() {
                if b.kind != BlockKind::ListItem || !b.links_at_least(p.related_item_links) {
                    break;
                }
                *v = Verdict::Drop(Reason::RelatedList);
            }
            i += 1;
        }
    }
}

/// A heading or short label (`More on this topic:`) whose section lost all its blocks to
/// chrome filtering introduces a related-links box, not article text: drop it too. So is
/// such a label left dangling at the end of the article, and a form label right above
/// another (`Author:` over `Publish date:`: fields whose values were not there).
pub(crate) fn orphan_labels<'r>(
    page: &Page,
    p: &ScoringParams,
    _hits: &mut RuleHits<'r>,
    verdicts: &mut [Verdict<'r>],
) {
    let blocks = &page.blocks;
    let colon = |b: &RawBlock| {
        let t = b.text.trim_end();
        t.ends_with(':') || t.ends_with('：')
    };
    // A data table's cell is a value in its row and column, never a label on its own
    // (`410 g` under `Weight`, the table's last cell before a dropped box).
    let label = |b: &RawBlock| {
        b.kind != BlockKind::Table
            && (b.kind == BlockKind::Heading
                || (b.m.chars <= p.label_max_chars && (b.m.punct == 0 || colon(b))))
    };
    let field = |b: &RawBlock| colon(b) && b.m.chars <= p.field_label_max_chars;
    // Dropped for what it is, not for where it is.
    let filtered = |v: Option<&Verdict>| {
        v.and_then(Verdict::reason)
            .is_some_and(|r| !matches!(r, Reason::OutsideArticle | Reason::Headline))
    };
    let kept: Vec<usize> = (0..blocks.len())
        .filter(|&i| verdicts.get(i).is_some_and(Verdict::is_kept))
        .collect();
    let mut orphans = Vec::new();
    for (n, &i) in kept.iter().enumerate() {
        let Some(b) = blocks.get(i).filter(|b| label(b)) else {
            continue;
        };
        let next = kept.get(n + 1).copied();
        let next_block = next.and_then(|j| blocks.get(j));
        let gap_filtered = (i + 1..next.unwrap_or(blocks.len())).any(|j| filtered(verdicts.get(j)));
        let next_is_label = next_block.is_none_or(|nb| nb.kind == BlockKind::Heading);
        let dangling = next.is_none() && (b.kind == BlockKind::Heading || colon(b));
        let empty_field = field(b) && next_block.is_some_and(field);
        if (gap_filtered && next_is_label) || dangling || empty_field {
            orphans.push(i);
        }
    }
    for i in orphans {
        if let Some(v) = verdicts.get_mut(i) {
            *v = Verdict::Drop(Reason::OrphanLabel);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{dropped, setup};
    use super::*;
    use crate::rules::Rules;

    fn all_kept(n: usize) -> Vec<Verdict<'static>> {
        vec![Verdict::Keep; n]
    }

    /// Drops block `i` for the rule it matches, as the verdict stage does.
    fn drop_by_its_rule<'r>(page: &Page, hits: &mut RuleHits<'r>, v: &mut [Verdict<'r>], i: usize) {
        let rule = page.blocks.get(i).and_then(|b| hits.of(i, b));
        let (Some(x), Some(rule)) = (v.get_mut(i), rule) else {
            panic!("block {i} matches no rule");
        };
        *x = Verdict::Drop(Reason::Rule(rule));
    }

    #[test]
    fn one_repeated_caption_goes_but_repeated_structure_stays() {
        let rules = crate::rules::Rules::builtin();
        let cap = "A long caption that a gallery shows again under the picture.";
        let body = "<p>Body text of the article, which is not repeated anywhere else.</p>";
        let run = |html: &str, n: usize| {
            let (page, p) = setup(html);
            let mut v = all_kept(n);
            repeated(&page, &p, &mut RuleHits::new(&rules, n), &mut v);
            dropped(&v)
                .into_iter()
                .map(|(i, r)| (i, r.to_string()))
                .collect::<Vec<_>>()
        };
        // A caption repeated as body text: the later copy goes, whichever is the caption.
        let figure = format!("<figure><img src=a.jpg><figcaption>{cap}</figcaption></figure>");
        assert_eq!(
            run(&format!("{figure}{body}<p>{cap}</p>"), 3),
            [(2, "repeated".to_string())]
        );
        assert_eq!(
            run(&format!("<p>{cap}</p>{body}{figure}"), 3),
            [(2, "repeated".to_string())]
        );
        // A pull quote, and a line shown as a heading and again as a paragraph.
        let quote = format!("<p>{cap}</p>{body}<blockquote><p>{cap}</p></blockquote>");
        assert_eq!(run(&quote, 3), [(2, "repeated".to_string())]);
        assert_eq!(
            run(&format!("<h2>{cap}</h2>{body}<p>{cap}</p>"), 3),
            [(2, "repeated".to_string())]
        );
        // The same paragraph in two different containers (a teaser box and the body).
        let boxes = format!("<div><p>{cap}</p></div><div>{body}<p>{cap}</p></div>");
        assert_eq!(run(&boxes, 3), [(2, "repeated".to_string())]);
        // Sibling paragraphs of one container that say the same: the article's own text.
        assert!(run(&format!("<div><p>{cap}</p>{body}<p>{cap}</p></div>"), 3).is_empty());

        let days: String = (0..3)
            .map(|d| format!("<h3>Breakfast: oats with fruit and nuts, the same every day {d}.</h3><p>Breakfast: oats with fruit and nuts, the same every day {d}.</p>"))
            .collect();
        assert!(
            run(&days, 6).is_empty(),
            "three distinct repeated lines are the article's structure"
        );
    }

    #[test]
    fn two_linked_headlines_in_a_row_are_teasers() {
        let rules = crate::rules::Rules::builtin();
        let (page, p) = setup(
            "<h2>Section title of the article</h2><p>Prose, with words.</p>\
             <h3><a href=/a>Another story</a></h3><h3><a href=/b>And one more story</a></h3>\
             <h3><a href=/c>A lone linked heading</a></h3><p>More prose, with words.</p>",
        );
        let mut v = all_kept(6);
        // A dropped block between two linked headings does not break their run.
        if let Some(x) = v.get_mut(3) {
            *x = Verdict::Drop(Reason::OutsideArticle);
        }
        linked_headline_runs(&page, &p, &mut RuleHits::new(&rules, 6), &mut v);
        assert_eq!(
            dropped(&v),
            [(2, "link_dense"), (3, "outside_article"), (4, "link_dense")]
        );
    }

    #[test]
    fn credits_line_ends_a_chinese_article() {
        let para = "<p>这是文章的正文内容，记者在现场看到了很多情况，并且采访了相关的负责人。</p>";
        let html = format!("{para}{para}{para}<p>责任编辑：张三</p><p>相关推荐的另一篇文章标题，写得很长很长的推荐内容。</p>");
        let (page, p) = setup(&html);
        let rules = Rules::builtin();
        let mut hits = RuleHits::new(&rules, 5);
        let mut v = all_kept(5);
        drop_by_its_rule(&page, &mut hits, &mut v, 3);
        after_end_marker(&page, &p, &mut hits, &mut v);
        assert_eq!(dropped(&v), [(3, "editor_line"), (4, "after_article_end")]);
    }

    #[test]
    fn linked_items_under_a_related_heading_go_until_the_article_resumes() {
        let (page, p) = setup(
            "<p>Article prose, with words, and a full stop.</p><h3>Related stories</h3>\
             <ul><li><a href=/a>One other story</a></li><li><a href=/b>Two other stories</a></li></ul>\
             <p>The article goes on after the box, with words.</p><ul><li><a href=/c>A linked item of the article</a></li></ul>",
        );
        let rules = Rules::builtin();
        let mut hits = RuleHits::new(&rules, 6);
        let mut v = all_kept(6);
        drop_by_its_rule(&page, &mut hits, &mut v, 1);
        lists_after_related_headings(&page, &p, &mut hits, &mut v);
        assert_eq!(
            dropped(&v),
            [(1, "related_heading"), (2, "link_dense"), (3, "link_dense")]
        );
    }

    #[test]
    fn labels_over_nothing_go() {
        let rules = crate::rules::Rules::builtin();
        let (page, p) = setup(
            "<h2>More on this topic:</h2><ul><li><a href=/a>Other</a></li></ul><h2>Next section</h2>\
             <p>Prose of the next section, with words.</p><p>Author:</p><p>Publish date:</p><h2>Dangling heading</h2>",
        );
        let mut v = all_kept(7);
        if let Some(x) = v.get_mut(1) {
            *x = Verdict::Drop(Reason::LinkDense);
        }
        orphan_labels(&page, &p, &mut RuleHits::new(&rules, 7), &mut v);
        assert_eq!(
            dropped(&v),
            [
                (0, "orphan_label"),
                (1, "link_dense"),
                (4, "orphan_label"),
                (6, "orphan_label")
            ]
        );
    }
}
