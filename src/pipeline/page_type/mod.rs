//! The page's type: article, forum, product, collection, listing, documentation or
//! service, decided from [`signals`] by a linear model whose weights are data
//! (`rules/page_types.toml`, trained by `eval/train_page_types.py` on the shared datasets
//! only), or forced by the caller.
//!
//! Each type gets a score, the bias of the type plus each signal's value times its weight
//! for the type; the highest score wins. `explain` reports the scores and the signals that
//! weighed most for the chosen type.

mod signals;

use std::sync::OnceLock;

use serde::Deserialize;

use crate::article::{PageType, PageTypeEvidence, Signal, TypeScore};
use crate::pipeline::page::Page;

pub(crate) use signals::{price_line, Context};

const MODEL: &str = include_str!("../../../rules/page_types.toml");

/// The model as the file writes it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelFile {
    types: Vec<String>,
    bias: Vec<f32>,
    weights: std::collections::HashMap<String, Vec<f32>>,
}

/// The model: per type (in [`PageType::ALL`] order) its bias, and per signal (in
/// [`signals::NAMES`] order) its weight for each type.
struct Model {
    bias: [f32; 7],
    weights: Vec<[f32; 7]>,
}

impl Model {
    /// The built-in model; a model that does not load (which the tests rule out) gives
    /// every page the article type.
    fn builtin() -> &'static Model {
        static M: OnceLock<Model> = OnceLock::new();
        M.get_or_init(|| {
            Model::parse(MODEL).unwrap_or_else(|e| {
                tracing::error!(error = %e, "rules/page_types.toml does not load");
                Model {
                    bias: [0.0; 7],
                    weights: vec![[0.0; 7]; signals::NAMES.len()],
                }
            })
        })
    }

    fn parse(text: &str) -> Result<Model, String> {
        let file: ModelFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let order: Vec<usize> = PageType::ALL
            .iter()
            .map(|t| {
                file.types
                    .iter()
                    .position(|n| n == t.name())
                    .ok_or_else(|| format!("the model names no type {t}"))
            })
            .collect::<Result<_, _>>()?;
        let row = |v: &[f32], what: &str| -> Result<[f32; 7], String> {
            if v.len() != file.types.len() {
                return Err(format!(
                    "{what}: {} values for {} types",
                    v.len(),
                    file.types.len()
                ));
            }
            let mut out = [0.0; 7];
            for (o, &i) in out.iter_mut().zip(&order) {
                *o = v.get(i).copied().unwrap_or(0.0);
            }
            Ok(out)
        };
        if let Some(unknown) = file
            .weights
            .keys()
            .find(|k| !signals::NAMES.contains(&k.as_str()))
        {
            return Err(format!("weights for an unknown signal {unknown:?}"));
        }
        let weights = signals::NAMES
            .iter()
            .map(|name| match file.weights.get(*name) {
                Some(v) => row(v, name),
                None => Ok([0.0; 7]),
            })
            .collect::<Result<_, _>>()?;
        Ok(Model {
            bias: row(&file.bias, "bias")?,
            weights,
        })
    }

    /// Each type's score for the signal values `x`.
    fn scores(&self, x: &[f32]) -> [f32; 7] {
        let mut s = self.bias;
        for (w, &v) in self.weights.iter().zip(x) {
            if v != 0.0 {
                for (si, wi) in s.iter_mut().zip(w) {
                    *si += wi * v;
                }
            }
        }
        s
    }
}

/// The page's type, and why (with `explain`).
pub(crate) fn decide(
    page: &Page,
    cx: &Context,
    forced: Option<PageType>,
    explain: bool,
) -> (PageType, Option<PageTypeEvidence>) {
    if let (Some(t), false) = (forced, explain) {
        return (t, None);
    }
    let x = signals::read(page, cx);
    let model = Model::builtin();
    let scores = model.scores(&x);
    let best = PageType::ALL
        .iter()
        .zip(scores)
        .fold((PageType::Article, f32::NEG_INFINITY), |acc, (&t, s)| {
            if s > acc.1 {
                (t, s)
            } else {
                acc
            }
        })
        .0;
    let kind = forced.unwrap_or(best);
    tracing::debug!(page_type = %kind, detected = %best, "page type");
    let evidence = explain.then(|| evidence(model, &x, &scores, kind, forced.is_some()));
    (kind, evidence)
}

/// What `explain` reports: every type's score, and the signals present with what they
/// added to `kind`'s score, the strongest first.
fn evidence(
    model: &Model,
    x: &[f32],
    scores: &[f32; 7],
    kind: PageType,
    forced: bool,
) -> PageTypeEvidence {
    let k = PageType::ALL.iter().position(|&t| t == kind).unwrap_or(0);
    // Rounded to two decimals, as f64: the JSON and a Python dict then hold the same
    // numbers (an f32 widened to f64 is 5.230000019073486, not 5.23).
    let round = |v: f32| (f64::from(v) * 100.0).round() / 100.0;
    let mut signals: Vec<Signal> = signals::NAMES
        .iter()
        .zip(x)
        .zip(&model.weights)
        .filter(|((_, &v), _)| v != 0.0)
        .map(|((name, &v), w)| Signal {
            name: (*name).to_string(),
            value: round(v),
            weight: round(v * w.get(k).copied().unwrap_or(0.0)),
        })
        .collect();
    signals.sort_by(|a, b| b.weight.abs().total_cmp(&a.weight.abs()));
    PageTypeEvidence {
        source: if forced { "caller" } else { "detected" }.to_string(),
        scores: PageType::ALL
            .iter()
            .zip(scores)
            .map(|(&t, &s)| TypeScore {
                page_type: t,
                score: round(s),
            })
            .collect(),
        signals,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_model_loads_and_names_known_signals() {
        let m = Model::parse(MODEL);
        assert!(m.is_ok(), "{:?}", m.err());
    }

    #[test]
    fn a_bad_model_says_what_is_wrong() {
        let e = Model::parse("types = [\"article\"]\nbias = [0.0]\n[weights]\n").err();
        assert!(e.is_some_and(|e| e.contains("no type forum")));
        let all = "types = [\"article\", \"forum\", \"product\", \"collection\", \"listing\", \"documentation\", \"service\"]\nbias = [0,0,0,0,0,0,0]\n";
        let e = Model::parse(&format!("{all}[weights]\nnot_a_signal = [0,0,0,0,0,0,0]\n")).err();
        assert!(e.is_some_and(|e| e.contains("not_a_signal")));
        let e = Model::parse(&format!("{all}[weights]\ncart = [0,0]\n")).err();
        assert!(e.is_some_and(|e| e.contains("cart: 2 values")));
    }
}
