//! The publication date: JSON-LD, the date metas and `<time>`, then a date line near the
//! headline (`发布时间：2021-04-22 10:31`, `Published March 9, 2017`).

use super::dates;
use super::jsonld::JsonLd;
use super::meta;
use super::params::PARAMS as P;
use crate::article::BlockKind;
use crate::pipeline::page::{PageMeta, RawBlock, TimeRole};

pub(super) fn pick_date(
    m: &PageMeta,
    ld: &JsonLd,
    blocks: &[RawBlock],
) -> (Option<String>, Option<String>) {
    let mut raws: Vec<String> = Vec::new();
    raws.extend(ld.date.clone());
    raws.extend(
        meta(
            m,
            &[
                "article:published_time",
                "og:article:published_time",
                "datepublished",
                "pubdate",
                "publishdate",
                "publish-date",
                "publish_date",
                "article.published",
                "parsely-pub-date",
                "sailthru.date",
                "dc.date.issued",
                "dc.date",
                "date",
                "citation_publication_date",
                "weibo:article:create_at",
            ],
        )
        .map(str::to_string),
    );
    // Updates last; the rest in page order (a date marked published is not put first:
    // forums mark each reply's date `datePublished`, and the thread's own comes first).
    let mut times: Vec<&(String, TimeRole)> = m.times.iter().collect();
    times.sort_by_key(|(_, role)| *role == TimeRole::Modified);
    raws.extend(times.into_iter().map(|(t, _)| t.clone()));
    for r in &raws {
        if let Some(d) = dates::normalize(r) {
            return (Some(d), Some(r.clone()));
        }
    }
    match date_line(blocks) {
        Some((raw, iso)) => (Some(iso), Some(raw)),
        None => (None, None),
    }
}

/// The date a short line of the page states. Lines beside the headline (the first
/// `<h1>`) come first, nearest first, over dates in menus, comments, related lists and
/// prose elsewhere; among them, and then over the whole page, a line that says it is a
/// date (`Published`, `发布时间`) or gives a time of day wins over a bare date.
pub(super) fn date_line(blocks: &[RawBlock]) -> Option<(String, String)> {
    let has_year = |t: &str| {
        t.as_bytes()
            .windows(4)
            .any(|w| w.iter().all(u8::is_ascii_digit))
    };
    // The short lines among `at` that hold a date, in the order of `at`.
    let dated = |at: &mut dyn Iterator<Item = usize>| -> Vec<(&RawBlock, dates::Found)> {
        at.filter_map(|i| blocks.get(i))
            .filter(|b| b.m.chars <= P.date_line_max_chars && has_year(&b.text))
            .filter_map(|b| Some((b, dates::find(&b.text)?)))
            .collect()
    };
    let labelled = |(b, f): &&(&RawBlock, dates::Found)| {
        f.has_time()
            || [
                "发布",
                "發佈",
                "發布",
                "时间",
                "時間",
                "日期",
                "来源",
                "來源",
                "published",
                "Published",
                "Updated",
                "updated",
                "Posted",
                "posted",
            ]
            .iter()
            .any(|w| b.text.contains(w))
    };
    // A line that says its date is an update (`Updated: May 2`) gives way to another
    // labelled line (`Published: May 1`), not to a bare date: on a page whose only
    // labelled date is its update, that is the date the page states.
    let update = |(b, f): &&(&RawBlock, dates::Found)| {
        dates::update_label(b.text.get(..f.start).unwrap_or_default())
    };
    let pick = |set: Vec<(&RawBlock, dates::Found)>| {
        set.iter()
            .find(|x| labelled(x) && !update(x))
            .or_else(|| set.iter().find(labelled))
            .or_else(|| set.first())
            .and_then(|(b, f)| {
                Some((
                    b.text.get(f.start..f.end)?.trim().to_string(),
                    f.iso.clone(),
                ))
            })
    };
    let headline = blocks
        .iter()
        .position(|b| b.kind == BlockKind::Heading && b.level == Some(1));
    if let Some(h) = headline {
        let mut near: Vec<usize> =
            (h.saturating_sub(P.date_before_headline)..=h + P.date_after_headline).collect();
        // Nearest first; below the headline before above it at the same distance.
        near.sort_by_key(|&i| (i.abs_diff(h), i < h));
        if let Some(found) = pick(dated(&mut near.into_iter())) {
            return Some(found);
        }
    }
    pick(dated(&mut (0..blocks.len())))
}
