//! Options of one extraction: the choices a caller makes for a page, and the limits that
//! bound its cost.
//!
//! Each choice is defined once, as a field of [`Choices`]: its doc comment is both the API
//! documentation and the CLI help, its attributes give the flag (`--mode`), the
//! environment variable (`GLEANER_MODE`) and the name in a query string or a JSON
//! request's `options` (`mode`). The value used when nobody chooses is the field of
//! [`Options::default()`]. Each limit is defined once the same way, as a field of
//! [`Limits`] (flag, variable, and the default of [`Limits::DEFAULT`]). The CLI, the HTTP
//! service and `openapi.yaml` (checked by a test) all derive from these two structs.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::article::PageType;
use crate::rules::Rules;

/// Which kind of page to read a page as: `auto` detects it, any other value forces it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
pub enum PageTypeChoice {
    /// Detect the page's type from its markup (structured data, URL, repeated items,
    /// code, posts, prices...).
    #[default]
    Auto,
    /// A news story, blog post or guide.
    Article,
    /// A discussion thread or Q&A page.
    Forum,
    /// One product.
    Product,
    /// A category page or product grid.
    Collection,
    /// A content index of cards.
    Listing,
    /// Documentation.
    Documentation,
    /// A SaaS or marketing page.
    Service,
}

impl PageTypeChoice {
    /// The forced type, `None` for `auto`.
    pub fn forced(self) -> Option<PageType> {
        match self {
            PageTypeChoice::Auto => None,
            PageTypeChoice::Article => Some(PageType::Article),
            PageTypeChoice::Forum => Some(PageType::Forum),
            PageTypeChoice::Product => Some(PageType::Product),
            PageTypeChoice::Collection => Some(PageType::Collection),
            PageTypeChoice::Listing => Some(PageType::Listing),
            PageTypeChoice::Documentation => Some(PageType::Documentation),
            PageTypeChoice::Service => Some(PageType::Service),
        }
    }
}

/// How strongly to prefer precision over recall when deciding what is article text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
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

/// What to do with the readings of `<ruby>` markup (`<rt>xué</rt>`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
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
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
pub enum Script {
    /// Simplified Chinese (OpenCC `t2s`).
    Hans,
    /// Traditional Chinese (OpenCC `s2t`).
    Hant,
}

/// What to do with full-width ASCII letters and digits (`ＡＢＣ１２３`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
pub enum Width {
    /// Leave them.
    #[default]
    Keep,
    /// Narrow them to ASCII. Punctuation (`，：。`) is never changed.
    Narrow,
}

/// What the article carries besides its JSON fields.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// The JSON fields only.
    #[default]
    Json,
    /// Also `html`: the article rendered as sanitized HTML built from escaped text only.
    Html,
    /// Also `markdown`: the article as CommonMark with GitHub tables (headings, nested and
    /// numbered lists, tables, code fences, quotes, emphasis; links with `links=true`).
    Markdown,
    /// The JSON fields only, as `json`; the bare document (`Accept: text/plain`,
    /// `gleaner extract --bare`) is the article as plain text.
    Text,
}

/// What the page's bytes are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
pub enum InputFormat {
    /// HTML, unless the page's first `sniff_bytes` hold not a single tag: then text.
    #[default]
    Auto,
    /// HTML.
    Html,
    /// Plain text (a scraped page's text): every line is a block, and the first line is
    /// the title when it reads as one.
    Text,
}

/// The choices a caller may make for one page. `None` leaves a choice to the defaults in
/// force (the server's, which are [`Options::default()`]'s unless `gleaner serve` was
/// given flags).
///
/// In JSON (a request's `options` object, or a query string) an unknown field is an
/// error, and so is `null`: a field that is present must hold a value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Choices {
    /// Record every removed block, with its rule and reason, in `removed` (`--explain` or
    /// `--explain=false`). Default: false.
    #[serde(default, deserialize_with = "flag")]
    #[cfg_attr(
        feature = "cli",
        arg(long, env = "GLEANER_EXPLAIN", num_args = 0..=1, require_equals = true, default_missing_value = "true")
    )]
    pub explain: Option<bool>,
    /// `html` adds `html`, the article as sanitized HTML built from escaped text only;
    /// `markdown` adds `markdown`, the article as Markdown; `text` adds nothing (the
    /// article's `text` is always there). Default: json.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "cli", arg(long, env = "GLEANER_FORMAT", value_enum))]
    pub format: Option<Format>,
    /// Links in the text's markup: link spans in `blocks` and links in `markdown`
    /// (`--links` or `--links=false`; the article's `links` list is always there).
    /// Default: false.
    #[serde(default, deserialize_with = "flag")]
    #[cfg_attr(
        feature = "cli",
        arg(long, env = "GLEANER_LINKS", num_args = 0..=1, require_equals = true, default_missing_value = "true")
    )]
    pub links: Option<bool>,
    /// Precision/recall trade-off of the extractor. Default: balanced.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "cli", arg(long, env = "GLEANER_MODE", value_enum))]
    pub mode: Option<Mode>,
    /// Remove pinyin readings flattened into the text (`科學(xué)城` → `科學城`)
    /// (`--repair-readings=false` keeps them). Default: true.
    #[serde(default, deserialize_with = "flag")]
    #[cfg_attr(
        feature = "cli",
        arg(long, env = "GLEANER_REPAIR_READINGS", num_args = 0..=1, require_equals = true, default_missing_value = "true")
    )]
    pub repair_readings: Option<bool>,
    /// `<ruby>` readings: `drop` them, or `keep` them in `readings` too. Default: drop.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "cli", arg(long, env = "GLEANER_RUBY", value_enum))]
    pub ruby: Option<Ruby>,
    /// Convert Chinese output to `hans` (Simplified) or `hant` (Traditional), phrase by
    /// phrase. Default: no conversion.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "cli", arg(long, env = "GLEANER_SCRIPT", value_enum))]
    pub script: Option<Script>,
    /// Full-width letters and digits: `keep`, or `narrow` them to ASCII. Default: keep.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "cli", arg(long, env = "GLEANER_WIDTH", value_enum))]
    pub width: Option<Width>,
    /// What the page is: `html`, `text` (every line a block, the first line the title when
    /// it reads as one), or `auto`: text when the first `sniff_bytes` hold no tag.
    /// Default: auto.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "cli", arg(long, env = "GLEANER_INPUT_FORMAT", value_enum))]
    pub input_format: Option<InputFormat>,
    /// What kind of page it is: `auto` detects it; `article`, `forum`, `product`,
    /// `collection`, `listing`, `documentation` or `service` forces it (the main content
    /// is selected the way that kind of page holds it). Default: auto.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "cli", arg(long, env = "GLEANER_PAGE_TYPE", value_enum))]
    pub page_type: Option<PageTypeChoice>,
}

/// An optional field that, when present, must hold a value: `null` is a client mistake,
/// not a silent default.
pub(crate) fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// A yes/no option, present: a boolean, or in a query string or other text any of the
/// usual spellings (`true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`, any case).
fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    struct Flag;
    impl serde::de::Visitor<'_> for Flag {
        type Value = bool;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a boolean: true/false, 1/0, yes/no or on/off")
        }
        fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<bool, E> {
            Ok(v)
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<bool, E> {
            match v {
                0 => Ok(false),
                1 => Ok(true),
                _ => Err(E::invalid_value(serde::de::Unexpected::Unsigned(v), &self)),
            }
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<bool, E> {
            u64::try_from(v)
                .map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(v), &self))
                .and_then(|v| self.visit_u64(v))
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<bool, E> {
            match v.to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" | "on" => Ok(true),
                "false" | "0" | "no" | "off" => Ok(false),
                _ => Err(E::invalid_value(serde::de::Unexpected::Str(v), &self)),
            }
        }
    }
    d.deserialize_any(Flag).map(Some)
}

impl Choices {
    /// `opts` with the choices made here.
    #[must_use]
    pub fn apply(&self, mut opts: Options) -> Options {
        let Choices {
            explain,
            format,
            links,
            mode,
            repair_readings,
            ruby,
            script,
            width,
            input_format,
            page_type,
        } = *self;
        opts.explain = explain.unwrap_or(opts.explain);
        opts.format = format.unwrap_or(opts.format);
        opts.links = links.unwrap_or(opts.links);
        opts.mode = mode.unwrap_or(opts.mode);
        opts.repair_readings = repair_readings.unwrap_or(opts.repair_readings);
        opts.ruby = ruby.unwrap_or(opts.ruby);
        opts.script = script.or(opts.script);
        opts.width = width.unwrap_or(opts.width);
        opts.input_format = input_format.unwrap_or(opts.input_format);
        opts.page_type = page_type.unwrap_or(opts.page_type);
        opts
    }
}

/// Options of one extraction: the choices in force (see [`Choices`] for each one's
/// meaning), what the caller knows of the page, the limits and the rules.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Options {
    /// The charset the caller knows the page to be in (HTTP `Content-Type` charset).
    /// It wins over everything but a byte-order mark. Default: none.
    pub charset: Option<String>,
    /// The page's URL, used for `url` when the page names no canonical URL. Default: none.
    pub url: Option<String>,
    /// See [`Choices::explain`]. Default: `false`.
    pub explain: bool,
    /// See [`Choices::format`]. Default: `json`.
    pub format: Format,
    /// See [`Choices::links`]. Default: `false`.
    pub links: bool,
    /// See [`Choices::mode`]. Default: `balanced`.
    pub mode: Mode,
    /// See [`Choices::repair_readings`]. Default: `true`.
    pub repair_readings: bool,
    /// See [`Choices::ruby`]. Default: `drop`.
    pub ruby: Ruby,
    /// See [`Choices::script`]. Default: none.
    pub script: Option<Script>,
    /// See [`Choices::width`]. Default: `keep`.
    pub width: Width,
    /// See [`Choices::input_format`]. Default: `auto`.
    pub input_format: InputFormat,
    /// See [`Choices::page_type`]. Default: `auto`.
    pub page_type: PageTypeChoice,
    /// Resource limits. Default: [`Limits::DEFAULT`].
    pub limits: Limits,
    /// Boilerplate rules. Default: the built-in rules (`rules/boilerplate.toml`).
    pub rules: Arc<Rules>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            charset: None,
            url: None,
            explain: false,
            format: Format::Json,
            links: false,
            mode: Mode::Balanced,
            repair_readings: true,
            ruby: Ruby::Drop,
            script: None,
            width: Width::Keep,
            input_format: InputFormat::Auto,
            page_type: PageTypeChoice::Auto,
            limits: Limits::DEFAULT,
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
    /// Sets what the article carries besides its JSON fields.
    #[must_use]
    pub fn with_format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }
    /// Puts links in the text's markup (spans, Markdown) or not.
    #[must_use]
    pub fn with_links(mut self, links: bool) -> Self {
        self.links = links;
        self
    }
    /// Whether inline markup (emphasis, code, links) is collected into `spans`.
    pub(crate) fn wants_spans(&self) -> bool {
        self.links || self.format == Format::Markdown
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
    /// Sets what the page's bytes are.
    #[must_use]
    pub fn with_input_format(mut self, input_format: InputFormat) -> Self {
        self.input_format = input_format;
        self
    }
    /// Forces the page's type (`auto` detects it).
    #[must_use]
    pub fn with_page_type(mut self, page_type: PageTypeChoice) -> Self {
        self.page_type = page_type;
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

/// Limits that bound the memory and work of one extraction. Each field's default is in
/// [`Limits::DEFAULT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[non_exhaustive]
pub struct Limits {
    /// Bytes held back to decide the charset before decoding starts; a page shorter than
    /// that is sniffed whole.
    #[cfg_attr(feature = "cli", arg(long, env = "GLEANER_SNIFF_BYTES", default_value_t = Limits::DEFAULT.sniff_bytes))]
    pub sniff_bytes: usize,
    /// Memory lol_html may use per page for its own buffers (a tag split over chunks,
    /// attribute values).
    #[cfg_attr(feature = "cli", arg(long, env = "GLEANER_MAX_PARSER_MEMORY", default_value_t = Limits::DEFAULT.max_parser_memory))]
    pub max_parser_memory: usize,
    /// Bytes of visible text kept per page; past it, text is dropped with a warning.
    #[cfg_attr(feature = "cli", arg(long, env = "GLEANER_MAX_TEXT_BYTES", default_value_t = Limits::DEFAULT.max_text_bytes))]
    pub max_text_bytes: usize,
    /// Bytes of the page's records — its blocks and elements with their text, as the later
    /// stages will hold them — counted as they are made: past it the rest of the page is
    /// ignored with a warning and what was found before is extracted (a page of millions
    /// of tiny blocks cannot take gigabytes).
    #[cfg_attr(feature = "cli", arg(long, env = "GLEANER_MAX_PAGE_MEMORY", default_value_t = Limits::DEFAULT.max_page_memory))]
    pub max_page_memory: usize,
    /// Open elements tracked; deeper nesting is flattened into its ancestor.
    #[cfg_attr(feature = "cli", arg(long, env = "GLEANER_MAX_DEPTH", default_value_t = Limits::DEFAULT.max_depth))]
    pub max_depth: usize,
    /// Bytes of `<script type=application/ld+json>` kept for metadata, and bytes of
    /// `<noscript>` markup kept for the fallback extraction (each).
    #[cfg_attr(feature = "cli", arg(long, env = "GLEANER_MAX_JSON_LD_BYTES", default_value_t = Limits::DEFAULT.max_json_ld_bytes))]
    pub max_json_ld_bytes: usize,
    /// Milliseconds of processing one page may take: CPU time of the thread extracting it,
    /// every stage charged (time spent waiting for input, or for a core other pages hold,
    /// does not count); past it the page fails with `limit_exceeded`. 0: no budget.
    #[cfg_attr(feature = "cli", arg(long, env = "GLEANER_MAX_BUSY_MS", default_value_t = Limits::DEFAULT.max_busy_ms))]
    pub max_busy_ms: u64,
}

impl Limits {
    /// The defaults: 64 KiB sniffed, 16 MiB of parser memory, 16 MiB of text, 32 MiB of
    /// page records, 512 open
    /// elements, 1 MiB of JSON-LD and of `<noscript>` markup, 10 s of processing.
    pub const DEFAULT: Limits = Limits {
        sniff_bytes: 64 * 1024,
        max_parser_memory: 16 * 1024 * 1024,
        max_text_bytes: 16 * 1024 * 1024,
        max_page_memory: 32 * 1024 * 1024,
        max_depth: 512,
        max_json_ld_bytes: 1024 * 1024,
        max_busy_ms: 10_000,
    };

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
    /// Sets `max_page_memory`.
    #[must_use]
    pub fn with_max_page_memory(mut self, n: usize) -> Self {
        self.max_page_memory = n;
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

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_override_only_what_they_say() {
        let base = Options::default().with_mode(Mode::Precision);
        let c: Choices =
            serde_json::from_str(r#"{"explain": true, "format": "html"}"#).expect("valid choices");
        let o = c.apply(base);
        assert!(o.explain);
        assert_eq!(o.format, Format::Html);
        assert_eq!(
            o.mode,
            Mode::Precision,
            "a choice not made keeps the default in force"
        );
        assert!(o.repair_readings);
    }

    #[test]
    fn null_and_unknown_choices_are_errors() {
        assert!(serde_json::from_str::<Choices>(r#"{"mode": null}"#).is_err());
        assert!(serde_json::from_str::<Choices>(r#"{"moed": "recall"}"#).is_err());
        assert!(serde_json::from_str::<Choices>(r#"{"mode": "bogus"}"#).is_err());
        assert!(serde_json::from_str::<Choices>(r#"{"explain": null}"#).is_err());
    }

    #[test]
    fn yes_no_choices_take_the_usual_spellings() {
        let explain = |json: &str| serde_json::from_str::<Choices>(json).map(|c| c.explain);
        for yes in [
            r#"true"#,
            r#""1""#,
            r#"1"#,
            r#""YES""#,
            r#""on""#,
            r#""True""#,
        ] {
            assert_eq!(
                explain(&format!(r#"{{"explain": {yes}}}"#)).ok(),
                Some(Some(true)),
                "{yes}"
            );
        }
        for no in [r#"false"#, r#""0""#, r#"0"#, r#""no""#, r#""OFF""#] {
            assert_eq!(
                explain(&format!(r#"{{"explain": {no}}}"#)).ok(),
                Some(Some(false)),
                "{no}"
            );
        }
        for bad in [r#""maybe""#, r#"2"#, r#"-1"#, r#""""#, r#"[]"#] {
            let e = explain(&format!(r#"{{"explain": {bad}}}"#)).expect_err(bad);
            assert!(e.to_string().contains("yes/no"), "{e}");
        }
    }
}
