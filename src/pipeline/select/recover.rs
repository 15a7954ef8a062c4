//! Passes that take blocks back: article text that the first verdicts dropped because it
//! sits outside the chosen element (a lead, an article split by ads) or because its items
//! are mostly links (a digest post).

use super::hits::RuleHits;
use super::params::{Prose, ScoringParams};
use super::verdict::{Reason, Verdict};
use crate::pipeline::page::{ctx, NodeId, Page};
use crate::pipeline::tag::Tag;

/// The lead (standfirst) of many articles sits between the headline and the body
/// element, outside it. Prose blocks there, after the headline and before the first kept
/// block, belong to the article (not in precision mode, which takes no lead).
pub(crate) fn lead<'r>(
    page: &Page,
    p: &ScoringParams,
    hits: &mut RuleHits<'r>,
    verdicts: &mut [Verdict<'r>],
) {
    let Some(prose) = p.lead else { return };
    let Some(first) = verdicts.iter().position(Verdict::is_kept) else {
        return;
    };
    let headline = verdicts
        .iter()
        .take(first)
        .rposition(|v| matches!(v, Verdict::Drop(Reason::Headline)));
    if let Some(headline) = headline {
        reclaim(page, headline + 1..first, &prose, hits, verdicts);
    }
}

/// An article split over sibling containers (ads or widgets between its parts) leaves
/// prose between the first and the last kept block outside the chosen element: such
/// prose, when no chrome marks it, belongs to the article.
pub(crate) fn gaps<'r>(
    page: &Page,
    p: &ScoringParams,
    hits: &mut RuleHits<'r>,
    verdicts: &mut [Verdict<'r>],
) {
    let (Some(first), Some(last)) = (
        verdicts.iter().position(Verdict::is_kept),
        verdicts.iter().rposition(Verdict::is_kept),
    ) else {
        return;
    };
    let outside: Vec<usize> = (first + 1..last)
        .filter(|&i| matches!(verdicts.get(i), Some(Verdict::Drop(Reason::OutsideArticle))))
        .collect();
    reclaim(page, outside, &p.gap, hits, verdicts);
}

/// Keeps the blocks of `indices` that pass `prose`, sit under no chrome, and hit no rule.
fn reclaim<'r>(
    page: &Page,
    indices: impl IntoIterator<Item = usize>,
    prose: &Prose,
    hits: &mut RuleHits<'r>,
    verdicts: &mut [Verdict<'r>],
) {
    for i in indices {
        let Some(b) = page.blocks.get(i) else {
            continue;
        };
        if !prose.admits(b) || b.within(ctx::CHROME) || page.is_under_negative(b.node) {
            continue;
        }
        if hits.of(i, b).is_none() {
            if let Some(v) = verdicts.get_mut(i) {
                *v = Verdict::Keep;
            }
        }
    }
}

/// Digest posts ("10 things you need to know") open each item with a linked headline
/// sentence and add a line of their own: some items are mostly link text. When such
/// items sit between kept blocks of the same list or container, they are the article's
/// items, not a menu: a run of blocks dropped only for link density, followed by a kept
/// block with the same parent element and either preceded by one too or opening that
/// parent (a first paragraph full of linked names), is kept when each of its blocks reads
/// as prose (a sentence, and a clause of plain text of its own: an inline
/// "Read also » <link>" has only its label).
pub(crate) fn linked_items<'r>(
    page: &Page,
    p: &ScoringParams,
    _hits: &mut RuleHits<'r>,
    verdicts: &mut [Verdict<'r>],
) {
    let link_dense = |v: Option<&Verdict>| matches!(v, Some(Verdict::Drop(Reason::LinkDense)));
    let up = |i: usize| page.blocks.get(i).and_then(|b| page.parent(b.node));
    let mut i = 0;
    while i < page.blocks.len() {
        if !link_dense(verdicts.get(i)) {
            i += 1;
            continue;
        }
        let mut end = i;
        while link_dense(verdicts.get(end)) {
            end += 1;
        }
        let parent = up(i);
        let kept_sibling =
            |j: usize| verdicts.get(j).is_some_and(Verdict::is_kept) && up(j) == parent;
        // Kept siblings on both sides, or the run opens its container and a kept
        // sibling follows (a first paragraph full of linked names).
        let bounded = i > 0 && kept_sibling(i - 1);
        let opens = i == 0 || up(i - 1) != parent;
        let restore = parent.is_some()
            && kept_sibling(end)
            && (bounded || opens)
            && (i..end).all(|j| {
                up(j) == parent && page.blocks.get(j).is_some_and(|b| p.linked_item.admits(b))
            });
        if restore {
            for v in verdicts.iter_mut().take(end).skip(i) {
                *v = Verdict::Keep;
            }
        }
        i = end;
    }
}

/// Link lists that are the article's own, although all links: a table of contents (every
/// link an anchor to the page's own sections, `#section-2`; kept apart, out of `text`:
/// see `Block::contents`) and a numbered list of references (items of an `<ol>` that read
/// as citations: a year, a DOI, a page range...). Only blocks the first verdicts dropped
/// for their links alone are asked: they lie inside the element chosen as the article,
/// away from chrome names and related boxes.
pub(crate) fn link_lists<'r>(
    page: &Page,
    p: &ScoringParams,
    _hits: &mut RuleHits<'r>,
    verdicts: &mut [Verdict<'r>],
) {
    for (b, v) in page.blocks.iter().zip(verdicts.iter_mut()) {
        if !matches!(v, Verdict::Drop(Reason::LinkDense)) {
            continue;
        }
        let reference = b.within(ctx::LIST)
            && page
                .ancestors(b.node)
                .find(|(_, n)| n.tag.is_list())
                .is_some_and(|(_, n)| n.tag == Tag::Ol)
            && words(&b.text) >= p.whole_list_item_words
            && citation(&b.text);
        if reference {
            *v = Verdict::Keep;
        } else if b.is_contents() {
            *v = Verdict::Contents;
        }
    }
}

/// Whether a line reads as a citation: a year with a source's marks (a DOI, an ISBN, a
/// page range, `Retrieved`, `et al.`, a volume), or a year in brackets.
fn citation(text: &str) -> bool {
    let lower = text.to_lowercase();
    let year = lower.as_bytes().windows(4).any(|w| {
        (w.starts_with(b"19") || w.starts_with(b"20")) && w.iter().all(u8::is_ascii_digit)
    });
    let marks = [
        "doi",
        "isbn",
        "issn",
        "retrieved",
        "accessed",
        "et al",
        "pp.",
        "vol.",
        "journal",
        "arxiv",
        "pmid",
        "proceedings",
    ];
    year && (marks.iter().any(|m| lower.contains(m))
        || lower.contains("(19")
        || lower.contains("(20"))
}

/// Tables and lists judged as a whole where their cells or items one by one look like
/// links (issue 16, class 4). Inside the article element, a data table's cells are often
/// one link each (names, titles, an infobox's values) and a changelog's items mostly a
/// link; per block they are link-dense, as a whole they are the article's own:
/// - a grid table (two rows or more, half again as many cells as rows, no table inside)
///   whose link text is at most `whole_table_links` of its text;
/// - a list between kept blocks (the block before its first item and the one after its
///   last are kept) whose dropped items each hold a line of words
///   (`whole_list_item_words`), not a menu's one or two.
///
/// Only when every block of the table or list was kept or dropped for its links: one
/// under chrome markup or hit by a rule leaves the whole as it is.
pub(crate) fn whole_tables_and_lists<'r>(
    page: &Page,
    p: &ScoringParams,
    _hits: &mut RuleHits<'r>,
    verdicts: &mut [Verdict<'r>],
) {
    let link_dense = |v: Option<&Verdict>| matches!(v, Some(Verdict::Drop(Reason::LinkDense)));
    let mut i = 0;
    while i < page.blocks.len() {
        let Some(b) = page.blocks.get(i).filter(|_| link_dense(verdicts.get(i))) else {
            i += 1;
            continue;
        };
        let Some((container, tag)) = page
            .ancestors(b.node)
            .map(|(id, n)| (id, n.tag))
            .find(|(_, t)| matches!(t, Tag::Table | Tag::Ul | Tag::Ol))
        else {
            i += 1;
            continue;
        };
        let whole = page.blocks_under(container);
        let (first, end) = (whole.start, whole.end.max(i + 1));
        let judged = whole.clone().all(|j| {
            verdicts
                .get(j)
                .is_some_and(|v| v.is_kept() || link_dense(Some(v)))
        });
        let restore = judged
            && match tag {
                Tag::Table => data_table(page, whole.clone(), container, p),
                _ => {
                    let kept = |j: Option<usize>| {
                        j.and_then(|j| verdicts.get(j))
                            .is_some_and(Verdict::is_kept)
                    };
                    kept(first.checked_sub(1))
                        && kept(Some(end))
                        && whole.clone().all(|j| {
                            !link_dense(verdicts.get(j))
                                || page.blocks.get(j).is_some_and(|b| {
                                    words(&b.text) >= p.whole_list_item_words
                                        && b.m.chars.saturating_sub(b.link_chars)
                                            >= p.whole_list_item_plain_chars
                                })
                        })
                }
            };
        if restore {
            for j in whole {
                if let Some(v) = verdicts.get_mut(j) {
                    *v = Verdict::Keep;
                }
            }
        }
        i = end;
    }
}

/// Inside a data table (see [`data_table`]) a cell is never emptied on its own: a rule
/// that matches a cell reading `twitter`, a repeated `Yes`, a bare number, a link-dense
/// first column, or a label test would shift the row's other cells under the wrong
/// headers (in Markdown and in blocks). Where any cell of the table is kept, a block
/// dropped for what it is comes back when it was all its cell kept; those dropped for
/// where they are (outside the article, under chrome markup, after its end) stay out, and
/// a table with no kept cell stays out whole. Runs last, after the passes that drop.
pub(crate) fn table_cells<'r>(
    page: &Page,
    p: &ScoringParams,
    _hits: &mut RuleHits<'r>,
    verdicts: &mut [Verdict<'r>],
) {
    let per_block = |v: &Verdict| {
        matches!(
            v,
            Verdict::Drop(
                Reason::Rule(_)
                    | Reason::LoneNumber
                    | Reason::LinkDense
                    | Reason::LinkedHeadlines
                    | Reason::RelatedList
                    | Reason::Repeated
                    | Reason::OrphanLabel
            )
        )
    };
    let mut i = 0;
    while i < page.blocks.len() {
        let dropped = verdicts.get(i).is_some_and(per_block);
        let Some(b) = page.blocks.get(i).filter(|_| dropped) else {
            i += 1;
            continue;
        };
        let Some(table) = page
            .ancestors(b.node)
            .find(|(_, n)| n.tag == Tag::Table)
            .map(|(id, _)| id)
        else {
            i += 1;
            continue;
        };
        let whole = page.blocks_under(table);
        let end = whole.end.max(i + 1);
        let any_kept = whole
            .clone()
            .any(|j| verdicts.get(j).is_some_and(Verdict::is_kept));
        if any_kept && data_table(page, whole.clone(), table, p) {
            // Whether each cell kept a block, found once per cell (a cell's blocks are
            // consecutive): a cell of 50,000 dropped blocks is scanned once, not once each.
            let mut cell_kept: Option<(NodeId, bool)> = None;
            for j in whole {
                if !verdicts.get(j).is_some_and(per_block) {
                    continue;
                }
                // The cell's other blocks: a widget's text beside a kept title (`Rate this
                // book` under a book's name) may go, the cell keeps its place.
                let cell = page.blocks.get(j).and_then(|b| {
                    page.ancestors(b.node)
                        .take_while(|(id, _)| *id != table)
                        .find(|(_, n)| n.tag == Tag::Td)
                        .map(|(id, _)| id)
                });
                let emptied = match cell {
                    None => true,
                    Some(c) => match cell_kept {
                        Some((seen, kept)) if seen == c => !kept,
                        _ => {
                            let kept = page
                                .blocks_under(c)
                                .any(|k| verdicts.get(k).is_some_and(Verdict::is_kept));
                            cell_kept = Some((c, kept));
                            !kept
                        }
                    },
                };
                if let Some(v) = verdicts.get_mut(j).filter(|_| emptied) {
                    *v = Verdict::Keep;
                    // The cell holds a kept block now: its others stay as judged.
                    cell_kept = cell.map(|c| (c, true));
                }
            }
        }
        i = end;
    }
}

/// Whether the blocks `range`, all under `table`, make a data table: a grid of two rows
/// or more with more cells than rows, no table nested in it, and either link text at most
/// `whole_table_links` of the whole, or a header row without links over three rows or
/// more of two columns or more (a table whose first column, or every cell, is links: a
/// list of libraries and their versions, of papers and their dates).
fn data_table(
    page: &Page,
    range: std::ops::Range<usize>,
    table: NodeId,
    p: &ScoringParams,
) -> bool {
    let (mut chars, mut links) = (0u32, 0u32);
    let mut rows: Vec<NodeId> = Vec::new();
    let mut cells: Vec<NodeId> = Vec::new();
    // Whether the first row holds text and no links.
    let mut header = true;
    for b in page.blocks.get(range).unwrap_or_default() {
        chars += b.m.chars;
        links += b.link_chars;
        let mut cell = None;
        let mut row = None;
        for (id, n) in page.ancestors(b.node) {
            if id == table {
                break;
            }
            match n.tag {
                Tag::Table => return false,
                Tag::Td if cell.is_none() => cell = Some(id),
                Tag::Tr => {
                    row = Some(id);
                    break;
                }
                _ => {}
            }
        }
        let Some(row) = row else { continue };
        // Blocks come in document order: a row's cells are consecutive.
        if rows.last() != Some(&row) {
            rows.push(row);
        }
        if let Some(c) = cell.filter(|c| cells.last() != Some(c)) {
            cells.push(c);
        }
        if rows.len() == 1 && b.link_chars > 0 {
            header = false;
        }
    }
    let grid = rows.len() >= 2 && cells.len() * 2 >= rows.len() * 3;
    let headed = header && rows.len() >= 4 && cells.len() >= rows.len() * 2;
    grid && (headed || !p.whole_table_links.exceeds(links, chars))
}

/// Words of a line: whitespace-separated tokens, a CJK character counting half a word.
fn words(text: &str) -> u32 {
    let latin = text
        .split_whitespace()
        .filter(|w| !w.chars().all(crate::pipeline::text::is_cjk))
        .count();
    let cjk = text
        .chars()
        .filter(|&c| crate::pipeline::text::is_cjk(c))
        .count();
    u32::try_from(latin + cjk / 2).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{dropped, kept, setup};
    use super::*;

    #[test]
    fn a_lead_between_headline_and_body_is_taken_back() {
        let rules = crate::rules::Rules::builtin();
        let html = "<h1>Title of the story</h1>\
            <div class=standfirst><p>A lead paragraph that sits outside the body element, long enough, with commas, and a full stop; it says what the story is about in two clauses, and then some more words.</p></div>\
            <div><p>Body.</p></div>";
        let (page, p) = setup(html);
        let mut v = vec![
            Verdict::Drop(Reason::Headline),
            Verdict::Drop(Reason::OutsideArticle),
            Verdict::Keep,
        ];
        lead(&page, &p, &mut RuleHits::new(&rules, 3), &mut v);
        assert_eq!(kept(&v), [1, 2]);
        // Without a headline above it, the same block stays out.
        let mut v = vec![
            Verdict::Drop(Reason::OutsideArticle),
            Verdict::Drop(Reason::OutsideArticle),
            Verdict::Keep,
        ];
        lead(&page, &p, &mut RuleHits::new(&rules, 3), &mut v);
        assert_eq!(kept(&v), [2]);
    }

    #[test]
    fn prose_between_kept_blocks_is_taken_back_unless_chrome() {
        let rules = crate::rules::Rules::builtin();
        let prose = "<p>Prose of the article that an advertisement split from the rest, with commas, clauses, and a full stop at its end.</p>";
        let html = format!(
            "<div>{prose}</div><div>{prose}</div><div class=sidebar>{prose}</div><div>{prose}</div>"
        );
        let (page, p) = setup(&html);
        let mut v = vec![
            Verdict::Keep,
            Verdict::Drop(Reason::OutsideArticle),
            Verdict::Drop(Reason::OutsideArticle),
            Verdict::Keep,
        ];
        gaps(&page, &p, &mut RuleHits::new(&rules, 4), &mut v);
        assert_eq!(kept(&v), [0, 1, 3]);
        assert_eq!(dropped(&v), [(2, "outside_article")]);
    }

    #[test]
    fn linked_digest_items_between_kept_items_stay() {
        let rules = crate::rules::Rules::builtin();
        let item = |s: &str| {
            format!("<li><a href=/x>{s}, a headline sentence that links to another story</a>, and a clause of plain text of its own.</li>")
        };
        let html = format!(
            "<ul>{}{}{}</ul><ul><li><a href=/a>Home</a></li><li>Kept item of another list, with words, and more.</li></ul>",
            item("One"),
            item("Two"),
            item("Three")
        );
        let (page, p) = setup(&html);
        let mut v = vec![
            Verdict::Keep,
            Verdict::Drop(Reason::LinkDense),
            Verdict::Keep,
            Verdict::Drop(Reason::LinkDense),
            Verdict::Keep,
        ];
        linked_items(&page, &p, &mut RuleHits::new(&rules, 5), &mut v);
        assert_eq!(
            kept(&v),
            [0, 1, 2, 4],
            "a menu link is not prose: it stays out"
        );
    }

    #[test]
    fn words_count_tokens_and_half_cjk_characters() {
        assert_eq!(words("CLI: new --quiet flag (#103)"), 5);
        assert_eq!(words("Home"), 1);
        assert_eq!(words("宅配便業者をかたる"), 4);
        assert_eq!(words("IIJmio meeting 23 大阪会場"), 5);
    }
}
