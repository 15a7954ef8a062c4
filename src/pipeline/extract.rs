//! Main-content selection over the blocks of one page.
//!
//! Scores are Readability's idea on gleaner's block model: every prose block gives
//! points (length, punctuation, few links) to the element holding it and, less and
//! less, to that element's ancestors; class/id words and semantic tags add evidence;
//! the best element wins, together with siblings that score nearly as well. Inside it,
//! blocks are then dropped one by one when a rule, a chrome sub-container or link
//! density says they are not article text. CJK text is measured in characters.

use crate::article::Quality;
use crate::article::{Article, Block, BlockKind, Removal};
use crate::options::{Mode, Options};
use crate::options::{Ruby, Script, Width};
use crate::pipeline::metadata;
use crate::pipeline::rewrite::{ctx, Collector, Node, RawBlock, Tag};
use crate::pipeline::serialize::build;
use crate::pipeline::text::{key, prefix_chars};
use crate::pipeline::{repair, script};

struct Tuning {
    max_link_density: f32,
    sibling_ratio: f32,
    /// Smallest weight of a lead paragraph taken from between headline and body;
    /// `None`: no lead is taken.
    lead_min_weight: Option<u32>,
}

fn tuning(mode: Mode) -> Tuning {
    match mode {
        Mode::Precision => Tuning {
            max_link_density: 0.33,
            sibling_ratio: 0.35,
            lead_min_weight: None,
        },
        Mode::Balanced => Tuning {
            max_link_density: 0.5,
            sibling_ratio: 0.2,
            lead_min_weight: Some(150),
        },
        Mode::Recall => Tuning {
            max_link_density: 0.7,
            sibling_ratio: 0.1,
            lead_min_weight: Some(80),
        },
    }
}

fn parent(nodes: &[Node], id: u32) -> Option<u32> {
    nodes.get(id as usize).and_then(|n| n.parent)
}

fn tag_of(nodes: &[Node], id: u32) -> Tag {
    nodes.get(id as usize).map_or(Tag::Inline, |n| n.tag)
}

fn paragraph_like(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::P
            | Tag::H(_)
            | Tag::Li
            | Tag::Dt
            | Tag::Dd
            | Tag::Pre
            | Tag::Td
            | Tag::Tr
            | Tag::Blockquote
            | Tag::Figcaption
            | Tag::Caption
    )
}

fn tag_init(tag: Tag) -> f32 {
    match tag {
        Tag::Div => 5.0,
        Tag::Article => 15.0,
        Tag::Main => 5.0,
        Tag::Section => 2.0,
        Tag::Pre | Tag::Td | Tag::Blockquote => 3.0,
        Tag::Ol | Tag::Ul | Tag::Dl | Tag::Dd | Tag::Dt | Tag::Li | Tag::Form => -3.0,
        Tag::H(_) => -5.0,
        Tag::Nav | Tag::Aside | Tag::Footer => -25.0,
        Tag::Header => -10.0,
        _ => 0.0,
    }
}

fn chrome_tag(tag: Tag) -> bool {
    matches!(tag, Tag::Nav | Tag::Aside | Tag::Footer)
}

/// Selects the article's blocks and builds the [`Article`].
pub(crate) fn extract(c: Collector, opts: &Options, warnings: &mut Vec<String>) -> Article {
    let Collector {
        nodes,
        blocks,
        meta,
        readings,
        ..
    } = c;
    let t = tuning(opts.mode);
    let mut facts = metadata::facts(&meta, &blocks, opts);
    let n = nodes.len();
    let mut weight = vec![0f32; n];
    let mut link_weight = vec![0f32; n];
    let mut score = vec![0f32; n];
    let ld_body = facts.article_body.as_deref().map(key);

    // Rules are tried only where their answer matters (blocks that could score, blocks
    // inside the article): most short blocks of a page are navigation never looked at.
    let mut rule_hits: Vec<Option<Option<&crate::rules::Rule>>> = vec![None; blocks.len()];
    let rule_of = |b: &RawBlock| opts.rules.matching(&b.text, b.m.chars as usize);
    let related = related_containers(&blocks, &nodes, &mut rule_hits, rule_of);
    let any_related = related.contains(&true);
    for (b, hit) in blocks.iter().zip(rule_hits.iter_mut()) {
        let w = b.m.weight() as f32;
        let link_share = if b.m.chars == 0 {
            0.0
        } else {
            b.link_chars as f32 / b.m.chars as f32
        };
        let mut id = Some(b.node);
        while let Some(i) = id {
            if let (Some(tw), Some(lw)) =
                (weight.get_mut(i as usize), link_weight.get_mut(i as usize))
            {
                *tw += w;
                *lw += w * link_share;
            }
            id = parent(&nodes, i);
        }
        if w < 25.0
            || b.kind == BlockKind::Heading
            || hit.get_or_insert_with(|| rule_of(b)).is_some()
        {
            continue;
        }
        let mut s = 1.0 + (b.m.punct as f32).min(30.0) + (w / 100.0).min(3.0);
        s *= 1.0 - link_share;
        if under_negative(&nodes, b.node) || (any_related && under_flag(&nodes, &related, b.node)) {
            s *= 0.25;
        }
        tracing::trace!(score = s, weight = w, links = link_share, text = %prefix_chars(&b.text, 20), "block score");
        if b.ctx & (ctx::NAV | ctx::ASIDE | ctx::FOOTER) != 0 {
            s *= 0.3;
        }
        if let Some(body) = &ld_body {
            if w > 60.0 && body.contains(&key(&b.text)) {
                s += 5.0;
            }
        }
        let start = if paragraph_like(tag_of(&nodes, b.node)) {
            parent(&nodes, b.node)
        } else {
            Some(b.node)
        };
        let mut id = start;
        let mut level = 0;
        while let (Some(i), true) = (id, level < 6) {
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            if let Some(sc) = score.get_mut(i as usize) {
                *sc += s / div;
            }
            id = parent(&nodes, i);
            level += 1;
        }
    }

    let link_density = |i: usize| -> f32 {
        match (weight.get(i), link_weight.get(i)) {
            (Some(&w), Some(&l)) if w > 0.0 => l / w,
            _ => 0.0,
        }
    };
    let fin: Vec<f32> = (0..n)
        .map(|i| {
            let Some(node) = nodes.get(i) else { return 0.0 };
            let raw = score.get(i).copied().unwrap_or(0.0);
            if raw <= 0.0 {
                return 0.0;
            }
            (raw + tag_init(node.tag) + node.hint as f32) * (1.0 - link_density(i))
        })
        .collect();

    let mut order: Vec<usize> = (0..n)
        .filter(|&i| fin.get(i).is_some_and(|&f| f > 0.0))
        .collect();
    order.sort_by(|&a, &b| {
        fin.get(b)
            .partial_cmp(&fin.get(a))
            .unwrap_or(std::cmp::Ordering::Equal)
    });

    let mut selected = vec![false; n];
    if let Some(&top0) = order.first() {
        let mut top = top0 as u32;
        let top_score = fin.get(top0).copied().unwrap_or(0.0);
        // Several strong candidates under one ancestor: the ancestor is the article.
        let strong: Vec<u32> = order
            .iter()
            .skip(1)
            .take(5)
            .filter(|&&i| fin.get(i).is_some_and(|&f| f >= top_score * 0.75))
            .map(|&i| i as u32)
            .collect();
        if strong.len() >= 2 {
            let mut anc = parent(&nodes, top);
            while let Some(a) = anc {
                if tag_of(&nodes, a) == Tag::Body || tag_of(&nodes, a) == Tag::Html {
                    break;
                }
                let under = strong.iter().filter(|&&s| is_under(&nodes, s, a)).count();
                if under >= 2 {
                    top = a;
                    break;
                }
                anc = parent(&nodes, a);
            }
        }
        // Climb while the parent scores better (text split over several wrappers), or
        // adds no text of its own.
        let mut last = fin.get(top as usize).copied().unwrap_or(0.0);
        let threshold = last / 3.0;
        let mut p = parent(&nodes, top);
        while let Some(pi) = p {
            if matches!(tag_of(&nodes, pi), Tag::Body | Tag::Html) {
                break;
            }
            let ps = fin.get(pi as usize).copied().unwrap_or(0.0);
            let same_text = weight.get(pi as usize) == weight.get(top as usize);
            if same_text {
                top = pi;
                last = last.max(ps);
                p = parent(&nodes, pi);
                continue;
            }
            if ps < threshold {
                break;
            }
            if ps > last {
                top = pi;
            }
            last = ps;
            p = parent(&nodes, pi);
        }
        if let Some(s) = selected.get_mut(top as usize) {
            *s = true;
        }
        if tracing::enabled!(tracing::Level::DEBUG) {
            for &i in order.iter().take(5) {
                let node = nodes.get(i);
                tracing::debug!(node = i, tag = ?node.map(|n| n.tag), hint = node.map(|n| n.hint), score = fin.get(i), weight = weight.get(i), "candidate");
            }
            let mut chain = Vec::new();
            let mut c = Some(top0 as u32);
            while let Some(i) = c {
                chain.push((
                    i,
                    tag_of(&nodes, i),
                    fin.get(i as usize).copied().unwrap_or(0.0) as i32,
                ));
                c = parent(&nodes, i);
            }
            tracing::debug!(chosen = top, chain = ?chain, "article element");
        }
        // Siblings that score nearly as well belong to the article too.
        let top_final = fin.get(top as usize).copied().unwrap_or(0.0);
        let threshold = (top_final * t.sibling_ratio).max(10.0);
        if let Some(pa) = parent(&nodes, top) {
            let top_hint = nodes.get(top as usize).map_or(0, |n| n.hint);
            for (i, node) in nodes.iter().enumerate() {
                if node.parent != Some(pa) || i as u32 == top {
                    continue;
                }
                let mut f = fin.get(i).copied().unwrap_or(0.0);
                if node.hint == top_hint && top_hint > 0 {
                    f += top_final * 0.2;
                }
                let w = weight.get(i).copied().unwrap_or(0.0);
                let ld = link_density(i);
                let prose = (node.tag == Tag::P
                    && ((w > 80.0 && ld < 0.25) || (w > 0.0 && ld == 0.0 && w > 40.0)))
                    || (w > 150.0 && ld < 0.2 && score.get(i).is_some_and(|&s| s > 3.0));
                if (f >= threshold || prose)
                    && !chrome_tag(node.tag)
                    && node.hint >= 0
                    && !related.get(i).copied().unwrap_or(false)
                {
                    if let Some(s) = selected.get_mut(i) {
                        *s = true;
                    }
                }
            }
        }
    }

    let title_key = facts.title.as_deref().map(key);
    let mut title_dropped = false;
    let mut verdicts: Vec<Verdict> = blocks
        .iter()
        .zip(&rule_hits)
        .map(|(b, hit)| {
            // The first block that repeats the headline is the headline.
            if !title_dropped
                && b.m.chars <= 300
                && title_key.as_deref().is_some_and(|tk| key(&b.text) == tk)
            {
                title_dropped = true;
                return Err((
                    "title",
                    "the headline is returned as `title`, not in the body",
                ));
            }
            judge(
                b,
                || hit.unwrap_or_else(|| rule_of(b)),
                &nodes,
                &selected,
                &related,
                &t,
            )
        })
        .collect();
    if let Some(min_weight) = t.lead_min_weight {
        add_lead(
            &blocks,
            &nodes,
            &mut verdicts,
            &rule_hits,
            min_weight,
            |b| opts.rules.matching(&b.text, b.m.chars as usize),
        );
    }
    fill_gaps(&blocks, &nodes, &mut verdicts, &rule_hits, |b| {
        opts.rules.matching(&b.text, b.m.chars as usize)
    });
    keep_linked_prose_between_kept_siblings(&blocks, &nodes, &mut verdicts);
    cut_after_end_marker(&blocks, &mut verdicts);
    drop_repeated(&blocks, &mut verdicts);
    drop_linked_heading_runs(&blocks, &mut verdicts);
    drop_lists_after_related_headings(&blocks, &mut verdicts);
    drop_orphan_labels(&blocks, &mut verdicts);

    let mut kept: Vec<Block> = Vec::new();
    let mut removed: Vec<Removal> = Vec::new();
    let mut blocks_removed = 0u64;
    let mut flattened: Vec<&str> = Vec::new();
    let mut kept_index = Vec::new();
    for (i, (b, verdict)) in blocks.iter().zip(verdicts).enumerate() {
        match verdict {
            Ok(()) => {
                kept.push(Block {
                    kind: b.kind,
                    text: b.text.clone(),
                    level: b.level,
                });
                kept_index.push(i);
                flattened.extend(b.readings_removed.iter().map(String::as_str));
            }
            Err((rule, reason)) => {
                blocks_removed += 1;
                if opts.explain {
                    removed.push(Removal {
                        rule: rule.to_string(),
                        reason: reason.to_string(),
                        text: prefix_chars(&b.text, 80),
                        chars: b.m.chars as usize,
                    });
                }
            }
        }
    }
    let mut kept_chars: usize = kept.iter().map(|b| b.text.chars().count()).sum();
    if let Some(inner) = noscript_article(&meta.noscript, kept_chars, opts) {
        warnings.push(
            "the visible page held little text: the article is the markup of its <noscript>".into(),
        );
        kept_chars = inner.iter().map(|b| b.text.chars().count()).sum();
        kept = inner;
    }
    if let Some(fallback) = fallback_text(&facts, kept_chars) {
        warnings.push(fallback.1.into());
        kept = fallback.0;
    }
    if kept.is_empty() {
        warnings.push("no article found: no block of the page reads as article text".into());
    }
    let readings = (opts.ruby == Ruby::Keep).then(|| {
        readings
            .into_iter()
            .filter(|(i, _)| kept_index.binary_search(i).is_ok())
            .map(|(_, r)| r)
            .collect()
    });
    let report = polish(
        &mut kept,
        &mut facts,
        &flattened,
        opts,
        warnings,
        &mut removed,
    );
    build(facts, kept, removed, blocks_removed, report, readings, opts)
}

/// What `polish` learnt about the text.
pub(crate) struct TextReport {
    pub(crate) quality: Quality,
    /// The script the text was converted to.
    pub(crate) converted: Option<Script>,
}

/// Repairs and converts the kept text: flattened readings (already removed block by
/// block; title here), mojibake, width, script. Records what it did in `warnings` and,
/// with `explain`, in `removed`.
fn polish(
    kept: &mut [Block],
    facts: &mut metadata::PageFacts,
    flattened: &[&str],
    opts: &Options,
    warnings: &mut Vec<String>,
    removed: &mut Vec<Removal>,
) -> TextReport {
    let mut q = Quality::default();
    let mut readings: Vec<String> = flattened.iter().map(|s| s.to_string()).collect();
    if opts.repair_readings {
        if let Some(t) = facts.title.as_mut() {
            if let Some(fixed) = repair::flattened_readings(t, &mut readings) {
                *t = fixed;
            }
        }
    }
    q.readings_removed = readings.len() as u64;
    if !readings.is_empty() {
        let examples: Vec<&str> = readings.iter().take(3).map(String::as_str).collect();
        warnings.push(format!(
            "removed {} pinyin reading(s) flattened into the text ({}{}); turn off with repair_readings=false",
            readings.len(),
            examples.join(", "),
            if readings.len() > 3 { ", ..." } else { "" }
        ));
        if opts.explain {
            removed.extend(readings.iter().map(|r| {
                Removal {
                    rule: "flattened_reading".into(),
                    reason:
                        "pinyin reading of the characters before it, flattened from <ruby> markup"
                            .into(),
                    chars: r
                        .chars()
                        .filter(|&c| !crate::pipeline::text::is_han(c))
                        .count(),
                    text: r.clone(),
                }
            }));
        }
    }
    let texts = kept
        .iter_mut()
        .map(|b| &mut b.text)
        .chain(facts.title.as_mut());
    for t in texts {
        if let Some(fixed) = repair::mojibake(t, &mut q) {
            *t = fixed;
        }
        if opts.width == Width::Narrow {
            if let Some(fixed) = repair::narrow_width(t) {
                *t = fixed;
            }
        }
    }
    // Leaked markup is reported with the runs but is damage of the page, not of the
    // decoding: it does not make the text mojibake.
    q.mojibake =
        q.replacement_chars > 0 || q.suspicious_runs.iter().any(|r| r.kind != "leaked_markup");
    if q.mojibake {
        let kinds: std::collections::BTreeSet<&str> =
            q.suspicious_runs.iter().map(|r| r.kind.as_str()).collect();
        let mut what: Vec<String> = kinds.into_iter().map(String::from).collect();
        if q.replacement_chars > 0 {
            what.push(format!("{} replacement character(s)", q.replacement_chars));
        }
        warnings.push(format!(
            "the text looks garbled (mojibake: {}); {} run(s) repaired losslessly, the rest left as is",
            what.join(", "),
            q.repaired
        ));
    }
    let mut converted = None;
    if let Some(to) = opts.script {
        // Converted exactly when `lang` will call the text Chinese.
        let text: String = kept.iter().map(|b| b.text.as_str()).collect();
        let guess = metadata::guess_lang(&text);
        if script::is_chinese(facts.lang.as_deref(), &text, guess.as_deref()) {
            for b in kept.iter_mut() {
                b.text = script::convert(&b.text, to);
            }
            for t in [facts.title.as_mut(), facts.description.as_mut()]
                .into_iter()
                .flatten()
            {
                *t = script::convert(t, to);
            }
            converted = Some(to);
        }
    }
    TextReport {
        quality: q,
        converted,
    }
}

/// An article split over sibling containers (ads or widgets between its parts) leaves
/// prose between the first and the last kept block outside the chosen element: such
/// prose, when no chrome marks it, belongs to the article.
fn fill_gaps<'a>(
    blocks: &[RawBlock],
    nodes: &[Node],
    verdicts: &mut [Verdict<'a>],
    rule_hits: &[Option<Option<&'a crate::rules::Rule>>],
    rule_of: impl Fn(&RawBlock) -> Option<&'a crate::rules::Rule>,
) {
    let (Some(first), Some(last)) = (
        verdicts.iter().position(|v| v.is_ok()),
        verdicts.iter().rposition(|v| v.is_ok()),
    ) else {
        return;
    };
    let outside: Vec<usize> = (first + 1..last)
        .filter(|&i| matches!(verdicts.get(i), Some(Err((rule, _))) if *rule == "outside_article"))
        .collect();
    reclaim(outside, 100, 4, blocks, nodes, verdicts, rule_hits, rule_of);
}

/// Some platforms (Blogger among them) ship the post twice: as a script template and,
/// for browsers without scripts, inside `<noscript>`, which parsers read as text. When
/// the visible page gave little, that markup is extracted as a page of its own and used
/// if it holds clearly more article text. That inner page's own `<noscript>` is not
/// looked into, so this recurses at most once.
fn noscript_article(markup: &str, kept_chars: usize, opts: &Options) -> Option<Vec<Block>> {
    if markup.is_empty() || kept_chars >= NOSCRIPT_FALLBACK_BELOW || markup.len() < kept_chars * 2 {
        return None;
    }
    let inner_opts = opts
        .clone()
        .with_charset(Some("utf-8".into()))
        .with_explain(false)
        .with_html(false);
    let inner = crate::pipeline::extract_noscript(markup, &inner_opts).ok()?;
    let chars: usize = inner.blocks.iter().map(|b| b.text.chars().count()).sum();
    (chars >= 200 && chars > kept_chars * 2).then_some(inner.blocks)
}

/// Below this many characters of kept text, a page's `<noscript>` markup is tried.
const NOSCRIPT_FALLBACK_BELOW: usize = 250;

/// Pages rendered by scripts carry their text only in JSON-LD `articleBody` or in the
/// meta description. When the visible page gave (almost) nothing, those are the article.
fn fallback_text(
    facts: &metadata::PageFacts,
    kept_chars: usize,
) -> Option<(Vec<Block>, &'static str)> {
    let paragraphs = |text: &str| -> Vec<Block> {
        text.lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty())
            .map(|text| Block {
                kind: BlockKind::Paragraph,
                text,
                level: None,
            })
            .collect()
    };
    if let Some(body) = &facts.article_body {
        let chars = body.chars().count();
        if chars >= 200 && kept_chars * 4 < chars {
            return Some((
                paragraphs(body),
                "the visible page held little text: the article is JSON-LD articleBody",
            ));
        }
    }
    if kept_chars == 0 {
        if let Some(d) = facts
            .description
            .as_deref()
            .filter(|d| d.chars().count() >= 200)
        {
            return Some((
                paragraphs(d),
                "the visible page held no article: the text is the page's description",
            ));
        }
    }
    None
}

/// The lead (standfirst) of many articles sits between the headline and the body
/// element, outside it. Prose blocks there, after the headline and before the first kept
/// block, belong to the article.
fn add_lead<'a>(
    blocks: &[RawBlock],
    nodes: &[Node],
    verdicts: &mut [Verdict<'a>],
    rule_hits: &[Option<Option<&'a crate::rules::Rule>>],
    min_weight: u32,
    rule_of: impl Fn(&RawBlock) -> Option<&'a crate::rules::Rule>,
) {
    let Some(first) = verdicts.iter().position(|v| v.is_ok()) else {
        return;
    };
    let Some(title) = verdicts
        .iter()
        .take(first)
        .rposition(|v| matches!(v, Err((rule, _)) if *rule == "title"))
    else {
        return;
    };
    reclaim(
        title + 1..first,
        min_weight,
        5,
        blocks,
        nodes,
        verdicts,
        rule_hits,
        rule_of,
    );
}

/// Takes back the blocks of `indices` that read as prose (weight at least `min_weight`,
/// some punctuation, link text under 1/`link_ratio` of it), sit under no chrome, and hit
/// no rule.
#[allow(clippy::too_many_arguments)]
fn reclaim<'a>(
    indices: impl IntoIterator<Item = usize>,
    min_weight: u32,
    link_ratio: u32,
    blocks: &[RawBlock],
    nodes: &[Node],
    verdicts: &mut [Verdict<'a>],
    rule_hits: &[Option<Option<&'a crate::rules::Rule>>],
    rule_of: impl Fn(&RawBlock) -> Option<&'a crate::rules::Rule>,
) {
    for i in indices {
        let Some(b) = blocks.get(i) else { continue };
        let prose =
            b.m.weight() >= min_weight && b.m.punct >= 1 && b.link_chars * link_ratio < b.m.chars;
        if !prose
            || b.ctx & (ctx::NAV | ctx::ASIDE | ctx::FOOTER) != 0
            || under_negative(nodes, b.node)
        {
            continue;
        }
        let hit = match rule_hits.get(i).copied().flatten() {
            Some(cached) => cached,
            None => rule_of(b),
        };
        if hit.is_none() {
            if let Some(v) = verdicts.get_mut(i) {
                *v = Ok(());
            }
        }
    }
}

/// A long line that the article shows twice or more is a caption repeated by a gallery or
/// a pull quote: the copies after the first go. That is one or two lines; when three or
/// more distinct lines repeat, the repetition is the article's own structure (a meal
/// plan's days, a schedule, recipe variants) and everything stays.
fn drop_repeated(blocks: &[RawBlock], verdicts: &mut [Verdict]) {
    let mut seen: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    for (b, v) in blocks.iter().zip(verdicts.iter()) {
        if v.is_ok() && b.m.chars >= 40 {
            *seen.entry(b.text.as_str()).or_default() += 1;
        }
    }
    let repeated = seen.values().filter(|&&n| n >= 2).count();
    if repeated == 0 || repeated >= 3 {
        return;
    }
    let mut first = std::collections::HashSet::new();
    for (b, v) in blocks.iter().zip(verdicts.iter_mut()) {
        if v.is_ok()
            && seen.get(b.text.as_str()).is_some_and(|&n| n >= 2)
            && !first.insert(b.text.as_str())
        {
            *v = Err((
                "repeated",
                "a repeated line (gallery caption or pull quote): the first copy is kept",
            ));
        }
    }
}

/// Chinese articles end with their credits (`责任编辑：…`, `采写：…`): what the same
/// container shows after them, late in the article, is a recommendation box.
fn cut_after_end_marker(blocks: &[RawBlock], verdicts: &mut [Verdict]) {
    let total: u32 = blocks
        .iter()
        .zip(verdicts.iter())
        .filter(|(_, v)| v.is_ok())
        .map(|(b, _)| b.m.chars)
        .sum();
    let Some(first) = verdicts.iter().position(|v| v.is_ok()) else {
        return;
    };
    let mut seen = 0u32;
    let mut marker = None;
    for (i, (b, v)) in blocks.iter().zip(verdicts.iter()).enumerate().skip(first) {
        match v {
            Ok(()) => seen += b.m.chars,
            Err((rule, _))
                if *rule == "editor_line" && b.m.cjk * 2 > b.m.chars && seen * 10 >= total * 7 =>
            {
                marker = Some(i);
                break;
            }
            Err(_) => {}
        }
    }
    let Some(m) = marker else { return };
    for v in verdicts.iter_mut().skip(m + 1) {
        if v.is_ok() {
            *v = Err((
                "after_article_end",
                "after the article's closing credits line",
            ));
        }
    }
}

/// A heading or short label (`More on this topic:`) whose section lost all its blocks to
/// chrome filtering introduces a related-links box, not article text: drop it too. So is
/// such a label left dangling at the end of the article.
fn drop_orphan_labels(blocks: &[RawBlock], verdicts: &mut [Verdict]) {
    let colon = |b: &RawBlock| {
        let t = b.text.trim_end();
        t.ends_with(':') || t.ends_with('：')
    };
    let label = |b: &RawBlock| {
        b.kind == BlockKind::Heading || (b.m.chars <= 60 && (b.m.punct == 0 || colon(b)))
    };
    let kept: Vec<usize> = (0..blocks.len())
        .filter(|&i| verdicts.get(i).is_some_and(|v| v.is_ok()))
        .collect();
    let mut orphans = Vec::new();
    for (n, &i) in kept.iter().enumerate() {
        let Some(b) = blocks.get(i) else { continue };
        if !label(b) {
            continue;
        }
        let next = kept.get(n + 1).copied();
        let gap_filtered = (i + 1..next.unwrap_or(blocks.len())).any(|j| {
            matches!(verdicts.get(j), Some(Err((rule, _))) if *rule != "outside_article" && *rule != "title")
        });
        let next_is_label = next
            .and_then(|j| blocks.get(j))
            .is_none_or(|nb| nb.kind == BlockKind::Heading);
        let dangling = next.is_none() && (b.kind == BlockKind::Heading || colon(b));
        // `Author:` right above `Publish date:`: form labels whose values were not there.
        let empty_field = colon(b)
            && b.m.chars <= 30
            && next
                .and_then(|j| blocks.get(j))
                .is_some_and(|nb| nb.m.chars <= 30 && colon(nb));
        if (gap_filtered && next_is_label) || dangling || empty_field {
            orphans.push(i);
        }
    }
    for i in orphans {
        if let Some(v) = verdicts.get_mut(i) {
            *v = Err((
                "orphan_label",
                "heading or label of a section that holds no article text",
            ));
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
fn keep_linked_prose_between_kept_siblings(
    blocks: &[RawBlock],
    nodes: &[Node],
    verdicts: &mut [Verdict],
) {
    let link_dense =
        |v: Option<&Verdict>| matches!(v, Some(Err((rule, _))) if *rule == "link_dense");
    let prose = |b: &RawBlock| {
        b.m.chars >= 80 && b.m.punct >= 1 && b.m.chars.saturating_sub(b.link_chars) >= 40
    };
    let up = |i: usize| blocks.get(i).and_then(|b| parent(nodes, b.node));
    let kept = |v: Option<&Verdict>| v.is_some_and(|v| v.is_ok());
    let mut i = 0;
    while i < blocks.len() {
        if !link_dense(verdicts.get(i)) {
            i += 1;
            continue;
        }
        let mut end = i;
        while link_dense(verdicts.get(end)) {
            end += 1;
        }
        let p = up(i);
        let kept_sibling = |j: usize| kept(verdicts.get(j)) && up(j) == p;
        // Kept siblings on both sides, or the run opens its container and a kept
        // sibling follows (a first paragraph full of linked names).
        let bounded = i > 0 && kept_sibling(i - 1);
        let opens = i == 0 || up(i - 1) != p;
        let restore = p.is_some()
            && kept_sibling(end)
            && (bounded || opens)
            && (i..end).all(|j| up(j) == p && blocks.get(j).is_some_and(prose));
        if restore {
            for v in verdicts.iter_mut().take(end).skip(i) {
                *v = Ok(());
            }
        }
        i = end;
    }
}

/// Headings are spared by the link-density test (a linked section title is still a
/// title), but two or more headings in a row that are all link text, with no prose
/// between them, are a list of headline links to other stories ("related stories",
/// "more from this section"), not the article's outline.
fn drop_linked_heading_runs(blocks: &[RawBlock], verdicts: &mut [Verdict]) {
    let linked = |b: &RawBlock| {
        b.kind == BlockKind::Heading && b.m.chars > 0 && b.link_chars * 5 >= b.m.chars * 4
    };
    let mut run: Vec<usize> = Vec::new();
    let flush = |run: &mut Vec<usize>, verdicts: &mut [Verdict]| {
        if run.len() >= 2 {
            for &i in run.iter() {
                if let Some(v) = verdicts.get_mut(i) {
                    *v = Err((
                        "link_dense",
                        "a run of linked headlines: teasers for other stories",
                    ));
                }
            }
        }
        run.clear();
    };
    for (i, b) in blocks.iter().enumerate() {
        // Blocks already dropped do not break a run: they are not on the page's text.
        if verdicts.get(i).is_some_and(|v| v.is_err()) {
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

/// A "Related stories" / "More from …" heading dropped by a rule announces a list of
/// links to other pages: the linked list items right after it go with it. The walk stops
/// at the first kept block that is not a linked list item, so an article that goes on
/// after a mid-text "Read more" loses nothing.
fn drop_lists_after_related_headings(blocks: &[RawBlock], verdicts: &mut [Verdict]) {
    let mut i = 0;
    while i < blocks.len() {
        let related = matches!(
            verdicts.get(i),
            Some(Err((rule, _))) if rule.starts_with("related_heading")
        );
        i += 1;
        if !related {
            continue;
        }
        while let (Some(b), Some(v)) = (blocks.get(i), verdicts.get_mut(i)) {
            if v.is_ok() {
                let linked = b.m.chars > 0 && b.link_chars * 10 >= b.m.chars * 3;
                if b.kind != BlockKind::ListItem || !linked {
                    break;
                }
                *v = Err((
                    "link_dense",
                    "a linked list under a related-stories heading",
                ));
            }
            i += 1;
        }
    }
}

/// Elements that open with a "Related stories" / "You may also like" heading (a rule of
/// the `related_heading` family): the whole element is a box of teasers for other pages,
/// even when each teaser is an `<article>` with a paragraph of prose. The outermost
/// element whose first block is that heading is marked; `<body>`, `<main>` and the
/// document are never marked.
fn related_containers<'r>(
    blocks: &[RawBlock],
    nodes: &[Node],
    rule_hits: &mut [Option<Option<&'r crate::rules::Rule>>],
    rule_of: impl Fn(&RawBlock) -> Option<&'r crate::rules::Rule>,
) -> Vec<bool> {
    let mut related = vec![false; nodes.len()];
    let mut first_block = vec![u32::MAX; nodes.len()];
    for (i, (b, hit)) in blocks.iter().zip(rule_hits.iter_mut()).enumerate() {
        let opens = |id: u32, first: &mut [u32]| match first.get_mut(id as usize) {
            Some(f) if *f == u32::MAX => {
                *f = i as u32;
                true
            }
            _ => false,
        };
        let mut cur = Some(b.node);
        let mut outermost = None;
        while let Some(c) = cur {
            if !opens(c, &mut first_block) {
                break;
            }
            if !matches!(tag_of(nodes, c), Tag::Body | Tag::Html | Tag::Main) {
                outermost = Some(c);
            }
            cur = parent(nodes, c);
        }
        let Some(top) = outermost else { continue };
        if b.kind != BlockKind::Heading || b.m.chars > 60 {
            continue;
        }
        let is_related = hit
            .get_or_insert_with(|| rule_of(b))
            .is_some_and(|r| r.name.starts_with("related_heading"));
        if is_related && top != b.node {
            if let Some(r) = related.get_mut(top as usize) {
                *r = true;
            }
        }
    }
    related
}

/// Whether `id` or an element above it carries `flag`.
fn under_flag(nodes: &[Node], flag: &[bool], id: u32) -> bool {
    let mut cur = Some(id);
    while let Some(c) = cur {
        if flag.get(c as usize).copied().unwrap_or(false) {
            return true;
        }
        cur = parent(nodes, c);
    }
    false
}

/// Whether an element on the way up from `id` is marked as chrome by its class or id.
fn under_negative(nodes: &[Node], id: u32) -> bool {
    let mut cur = Some(id);
    while let Some(c) = cur {
        let Some(n) = nodes.get(c as usize) else {
            break;
        };
        if matches!(n.tag, Tag::Body | Tag::Html) {
            break;
        }
        if n.hint < 0 {
            return true;
        }
        cur = n.parent;
    }
    false
}

fn is_under(nodes: &[Node], id: u32, ancestor: u32) -> bool {
    let mut cur = Some(id);
    while let Some(c) = cur {
        if c == ancestor {
            return true;
        }
        cur = parent(nodes, c);
    }
    false
}

/// A paragraph or list item that is only a short number (`6`, `1,2K`), outside any
/// table: what share and comment buttons show. In a table such a cell is data.
fn lone_number(b: &RawBlock) -> bool {
    matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem)
        && b.ctx & (ctx::TABLE | ctx::PRE) == 0
        && b.m.chars <= 6
        && b.text.bytes().any(|c| c.is_ascii_digit())
        && b.text
            .bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b',' | b'k' | b'K' | b'm' | b'M'))
}

type Verdict<'a> = Result<(), (&'a str, &'a str)>;

/// Keeps or removes one block; the error names the rule and its reason.
fn judge<'a>(
    b: &RawBlock,
    hit: impl FnOnce() -> Option<&'a crate::rules::Rule>,
    nodes: &[Node],
    selected: &[bool],
    related: &[bool],
    t: &Tuning,
) -> Verdict<'a> {
    // Find the selected ancestor, noting chrome containers on the way to it.
    let mut cur = Some(b.node);
    let mut chrome = false;
    let mut strong_chrome = false;
    let mut inside = false;
    // The nearest element that says something by its class decides: a `recipe-area`
    // inside a `print-full` column is content.
    let mut decided = false;
    while let Some(c) = cur {
        if selected.get(c as usize).copied().unwrap_or(false) {
            inside = true;
            break;
        }
        if let Some(node) = nodes.get(c as usize) {
            if chrome_tag(node.tag) || (!decided && node.hint <= -25) {
                chrome = true;
            }
            if node.hint != 0 {
                decided = true;
            }
            if node.hint <= -50 || related.get(c as usize).copied().unwrap_or(false) {
                strong_chrome = true;
            }
        }
        cur = parent(nodes, c);
    }
    if !inside {
        return Err((
            "outside_article",
            "outside the element chosen as the article",
        ));
    }
    if let Some(rule) = hit() {
        return Err((rule.name.as_str(), rule.reason.as_str()));
    }
    if lone_number(b) {
        return Err((
            "lone_number",
            "a bare number outside a table: a share, like or comment counter",
        ));
    }
    let strong_prose = b.m.weight() >= 150 && b.m.punct >= 2 && b.link_chars * 10 < b.m.chars;
    let ingredient = b.ctx & ctx::INGREDIENTS != 0;
    if (strong_chrome || (chrome && !strong_prose && !ingredient)) && b.ctx & ctx::ARTICLE_BODY == 0
    {
        if tracing::enabled!(tracing::Level::TRACE) {
            let mut chain = Vec::new();
            let mut c = Some(b.node);
            while let Some(i) = c {
                chain.push(nodes.get(i as usize).map(|n| (n.tag, n.hint)));
                c = parent(nodes, i);
            }
            tracing::trace!(text = %prefix_chars(&b.text, 30), chain = ?chain, "chrome container");
        }
        return Err((
            "chrome_container",
            "inside navigation, sidebar, footer, share or comment markup",
        ));
    }
    let ld = if b.m.chars == 0 {
        0.0
    } else {
        b.link_chars as f32 / b.m.chars as f32
    };
    if b.kind != BlockKind::Heading && ld > t.max_link_density && !ingredient {
        return Err((
            "link_dense",
            "mostly link text: a menu, tag list or related links",
        ));
    }
    Ok(())
}
