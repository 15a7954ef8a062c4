//! Options of one extraction, and the limits that bound its cost.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::rules::Rules;

/// How strongly to prefer precision over recall when deciding what is article text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Keep only blocks that are clearly article text.
    Precision,
    /// The default trade-off.
    #[default]
    Balanced,
    /// Keep borderline blocks (short lines, captions) near the article.
    Recall,
}

impl std::str::FromStr for Mode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "precision" => Ok(Mode::Precision),
            "balanced" => Ok(Mode::Balanced),
            "recall" => Ok(Mode::Recall),
            other => Err(format!(
                "unknown mode {other:?}: use precision, balanced or recall"
            )),
        }
    }
}

/// What to do with the readings of `<ruby>` markup (`<rt>xué</rt>`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ruby {
    /// Keep the base characters only.
    #[default]
    Drop,
    /// Keep the base characters in the text and return the readings in `readings`.
    Keep,
}

/// A Chinese script to convert the output to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Script {
    /// Simplified Chinese (OpenCC `t2s`).
    Hans,
    /// Traditional Chinese (OpenCC `s2t`).
    Hant,
}

/// What to do with full-width ASCII letters and digits (`ＡＢＣ１２３`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Width {
    /// Leave them.
    #[default]
    Keep,
    /// Narrow them to ASCII. Punctuation (`，：。`) is never changed.
    Narrow,
}

macro_rules! from_str_snake {
    ($($t:ty: $($name:literal => $v:expr),+;)+) => {$(
        impl std::str::FromStr for $t {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($name => Ok($v),)+
                    other => Err(format!("unknown value {other:?}: use {}", [$($name),+].join(", "))),
                }
            }
        }
    )+};
}

from_str_snake! {
    Ruby: "drop" => Ruby::Drop, "keep" => Ruby::Keep;
    Script: "hans" => Script::Hans, "hant" => Script::Hant;
    Width: "keep" => Width::Keep, "narrow" => Width::Narrow;
}

/// Options of one extraction.
///
/// Deserializes from JSON with unknown fields rejected, so a request's `options` object
/// can be passed through as is.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Options {
    /// The charset the caller knows the page to be in (HTTP `Content-Type` charset).
    /// It wins over everything but a byte-order mark. Default: none.
    pub charset: Option<String>,
    /// The page's URL, used for `url` when the page names no canonical URL. Default: none.
    pub url: Option<String>,
    /// Record every removed block in `Article::removed`. Default: `false`.
    pub explain: bool,
    /// Render the kept blocks as sanitized HTML in `Article::html`. Default: `false`.
    pub html: bool,
    /// Precision/recall trade-off. Default: `balanced`.
    pub mode: Mode,
    /// Remove pinyin readings flattened into the text (`科學(xué)城` → `科學城`).
    /// Default: `true`.
    pub repair_readings: bool,
    /// Readings of `<ruby>` markup: dropped, or returned in `readings`. Default: `drop`.
    pub ruby: Ruby,
    /// Convert Chinese output to this script (phrase-level, OpenCC). Default: none.
    pub script: Option<Script>,
    /// Full-width ASCII letters and digits: kept or narrowed. Default: `keep`.
    pub width: Width,
    /// Resource limits. Default: see [`Limits`].
    pub limits: Limits,
    /// Boilerplate rules. Default: the built-in rules (`rules/boilerplate.toml`).
    #[serde(skip)]
    pub rules: Arc<Rules>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            charset: None,
            url: None,
            explain: false,
            html: false,
            mode: Mode::Balanced,
            repair_readings: true,
            ruby: Ruby::Drop,
            script: None,
            width: Width::Keep,
            limits: Limits::default(),
            rules: Rules::builtin(),
        }
    }
}

impl Options {
    /// Default options.
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets the caller's charset.
    #[must_use]
    pub fn with_charset(mut self, charset: Option<String>) -> Self {
        self.charset = charset;
        self
    }
    /// Sets the page URL.
    #[must_use]
    pub fn with_url(mut self, url: Option<String>) -> Self {
        self.url = url;
        self
    }
    /// Records removed blocks.
    #[must_use]
    pub fn with_explain(mut self, explain: bool) -> Self {
        self.explain = explain;
        self
    }
    /// Renders kept blocks as HTML.
    #[must_use]
    pub fn with_html(mut self, html: bool) -> Self {
        self.html = html;
        self
    }
    /// Sets the precision/recall mode.
    #[must_use]
    pub fn with_mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }
    /// Turns the repair of flattened readings on or off.
    #[must_use]
    pub fn with_repair_readings(mut self, on: bool) -> Self {
        self.repair_readings = on;
        self
    }
    /// Sets what happens to `<ruby>` readings.
    #[must_use]
    pub fn with_ruby(mut self, ruby: Ruby) -> Self {
        self.ruby = ruby;
        self
    }
    /// Sets the script Chinese output is converted to.
    #[must_use]
    pub fn with_script(mut self, script: Option<Script>) -> Self {
        self.script = script;
        self
    }
    /// Sets what happens to full-width letters and digits.
    #[must_use]
    pub fn with_width(mut self, width: Width) -> Self {
        self.width = width;
        self
    }
    /// Sets the limits.
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
    /// Sets the boilerplate rules.
    #[must_use]
    pub fn with_rules(mut self, rules: Arc<Rules>) -> Self {
        self.rules = rules;
        self
    }
}

/// Limits that bound the memory and work of one extraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Limits {
    /// Bytes held back to decide the charset before decoding starts.
    /// Default: 65,536 (64 KiB); a page shorter than that is sniffed whole.
    pub sniff_bytes: usize,
    /// Memory lol_html may use for its own buffers (a tag split over chunks, attribute
    /// values). Default: 16 MiB.
    pub max_parser_memory: usize,
    /// Bytes of visible text kept for extraction; past it, text is dropped and a warning
    /// is given. Default: 16 MiB.
    pub max_text_bytes: usize,
    /// Open elements tracked; deeper nesting is flattened into its ancestor. Default: 512.
    pub max_depth: usize,
    /// Bytes of `<script type=application/ld+json>` kept for metadata, and bytes of
    /// `<noscript>` markup kept for the fallback extraction (each). Default: 1 MiB.
    pub max_json_ld_bytes: usize,
    /// Milliseconds of processing one page may take (time spent waiting for input does
    /// not count); past it the page fails with `limit_exceeded`. 0: no budget.
    /// Default: 10,000.
    pub max_busy_ms: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            sniff_bytes: 64 * 1024,
            max_parser_memory: 16 * 1024 * 1024,
            max_text_bytes: 16 * 1024 * 1024,
            max_depth: 512,
            max_json_ld_bytes: 1024 * 1024,
            max_busy_ms: 10_000,
        }
    }
}

impl Limits {
    /// Sets `sniff_bytes`.
    #[must_use]
    pub fn with_sniff_bytes(mut self, n: usize) -> Self {
        self.sniff_bytes = n;
        self
    }
    /// Sets `max_parser_memory`.
    #[must_use]
    pub fn with_max_parser_memory(mut self, n: usize) -> Self {
        self.max_parser_memory = n;
        self
    }
    /// Sets `max_text_bytes`.
    #[must_use]
    pub fn with_max_text_bytes(mut self, n: usize) -> Self {
        self.max_text_bytes = n;
        self
    }
    /// Sets `max_depth`.
    #[must_use]
    pub fn with_max_depth(mut self, n: usize) -> Self {
        self.max_depth = n;
        self
    }
    /// Sets `max_busy_ms`.
    #[must_use]
    pub fn with_max_busy_ms(mut self, ms: u64) -> Self {
        self.max_busy_ms = ms;
        self
    }
    /// Sets `max_json_ld_bytes`.
    #[must_use]
    pub fn with_max_json_ld_bytes(mut self, n: usize) -> Self {
        self.max_json_ld_bytes = n;
        self
    }
}
