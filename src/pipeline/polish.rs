//! The polish stage: the kept text repaired and converted, and its language decided.
//!
//! Flattened readings (removed from blocks by the collect stage and from the title by the
//! metadata stage, reported here), mojibake, width and script; each change is recorded in
//! `warnings` and, with `explain`, in `removed`. The language is decided here, once, on the body text: it
//! decides both whether `script=` converts and the article's `lang`.

use std::collections::BTreeSet;

use crate::article::{Block, BlockKind, Quality, Removal};
use crate::options::{Options, Width};
use crate::pipeline::metadata::PageFacts;
use crate::pipeline::repair;
use crate::pipeline::script::{self, Language};
use crate::pipeline::text::is_han;

/// What polishing learnt about the text.
pub(crate) struct TextReport {
    pub(crate) quality: Quality,
    /// The article's BCP 47 language tag.
    pub(crate) lang: Option<String>,
    /// The polished body text ([`body_text`] of the polished blocks).
    pub(crate) text: String,
}

/// The body text as `Article::text` gives it: every kept block but the captions and the
/// table of contents, one per line.
pub(crate) fn body_text(blocks: &[Block]) -> String {
    blocks
        .iter()
        .filter(|b| b.kind != BlockKind::Caption && !b.contents)
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Repairs and converts `kept` and the title in place. `flattened` are the readings the
/// collect stage removed from the kept blocks.
pub(crate) fn polish(
    kept: &mut [Block],
    facts: &mut PageFacts,
    flattened: &[&str],
    opts: &Options,
    warnings: &mut Vec<String>,
    removed: &mut Vec<Removal>,
) -> TextReport {
    let mut quality = Quality::default();
    report_readings(facts, flattened, opts, &mut quality, warnings, removed);
    repair_text(kept, facts, opts, &mut quality, warnings);
    let mut text = body_text(kept);
    let language = Language::of(facts.lang.as_deref(), &text);
    let converted = opts.script.filter(|_| language.is_chinese());
    if let Some(to) = converted {
        for b in kept.iter_mut() {
            let converted = script::convert(&b.text, to);
            set_text(b, converted);
        }
        // Every text field the article shows, not the body alone.
        let fields = [
            facts.title.as_mut(),
            facts.description.as_mut(),
            facts.source.as_mut(),
            facts.editor.as_mut(),
            facts.site_name.as_mut(),
        ];
        for t in fields.into_iter().flatten().chain(facts.authors.iter_mut()) {
            *t = script::convert(t, to);
        }
        text = body_text(kept);
    }
    TextReport {
        lang: language.tag(facts.lang.as_deref(), &text, converted),
        quality,
        text,
    }
}

/// Replaces a block's text; its spans go when the characters no longer line up.
fn set_text(b: &mut Block, text: String) {
    if !b.spans.is_empty() && text.chars().count() != b.text.chars().count() {
        b.spans.clear();
    }
    b.text = text;
}

/// The flattened readings removed from the kept blocks and the title, counted, named in a
/// warning and, with `explain`, listed in `removed`.
fn report_readings(
    facts: &PageFacts,
    flattened: &[&str],
    opts: &Options,
    quality: &mut Quality,
    warnings: &mut Vec<String>,
    removed: &mut Vec<Removal>,
) {
    let readings: Vec<&str> = flattened
        .iter()
        .copied()
        .chain(facts.title_readings.iter().map(String::as_str))
        .collect();
    quality.readings_removed = readings.len() as u64;
    if readings.is_empty() {
        return;
    }
    let examples: Vec<&str> = readings.iter().take(3).copied().collect();
    warnings.push(format!(
        "removed {} pinyin reading(s) flattened into the text ({}{}); turn off with repair_readings=false",
        readings.len(),
        examples.join(", "),
        if readings.len() > 3 { ", ..." } else { "" }
    ));
    if opts.explain {
        removed.extend(readings.iter().map(|r| Removal {
            rule: "flattened_reading".into(),
            reason:
                "pinyin reading of the characters before it, flattened from <ruby> markup".into(),
            chars: r.chars().filter(|&c| !is_han(c)).count(),
            text: r.to_string(),
            at: None,
        }));
    }
}

/// Mojibake repaired where re-encoding undoes it exactly and reported where not; width
/// narrowed when asked.
fn repair_text(
    kept: &mut [Block],
    facts: &mut PageFacts,
    opts: &Options,
    quality: &mut Quality,
    warnings: &mut Vec<String>,
) {
    let repaired = |t: &str, quality: &mut Quality| {
        let fixed = repair::mojibake(t, quality);
        let narrowed = (opts.width == Width::Narrow)
            .then(|| repair::narrow_width(fixed.as_deref().unwrap_or(t)))
            .flatten();
        narrowed.or(fixed)
    };
    for b in kept.iter_mut() {
        if let Some(fixed) = repaired(&b.text, quality) {
            set_text(b, fixed);
        }
    }
    if let Some(t) = facts.title.as_mut() {
        if let Some(fixed) = repaired(t, quality) {
            *t = fixed;
        }
    }
    // Leaked markup is reported with the runs but is damage of the page, not of the
    // decoding: it does not make the text mojibake.
    quality.mojibake = quality.replacement_chars > 0
        || quality
            .suspicious_runs
            .iter()
            .any(|r| r.kind != "leaked_markup");
    if quality.mojibake {
        let kinds: BTreeSet<&str> = quality
            .suspicious_runs
            .iter()
            .map(|r| r.kind.as_str())
            .collect();
        let mut what: Vec<String> = kinds.into_iter().map(String::from).collect();
        if quality.replacement_chars > 0 {
            what.push(format!(
                "{} replacement character(s)",
                quality.replacement_chars
            ));
        }
        warnings.push(format!(
            "the text looks garbled (mojibake: {}); {} run(s) repaired losslessly, the rest left as is",
            what.join(", "),
            quality.repaired
        ));
    }
}
