//! The pipeline, in the order data flows through its stages:
//!
//! 1. `sniff`: the charset, decided on the first bytes;
//! 2. `decode`: bytes to UTF-8, streaming;
//! 3. `collect`: one lol_html pass cuts the visible text into blocks and builds the
//!    [`page::Page`] (`page` is the model every later stage reads);
//! 4. `metadata`: the page's facts (title, date, authors...);
//! 5. `select`: which blocks are the article;
//! 6. `assemble` splits the blocks by their verdicts; `select::fallback` decides whether
//!    `<noscript>` markup, JSON-LD or the description replace a thin article;
//! 7. `polish`: text repair, width, script, and the language, decided once;
//! 8. `assemble`: the [`Article`] (`render` for `format=html`).
//!
//! This module only runs the stages in order; each decision lives in its stage.

mod assemble;
mod cards;
mod collect;
mod decode;
mod evidence;
mod lang;
mod metadata;
mod page;
mod page_type;
mod plain;
mod polish;
mod repair;
mod script;
mod select;
mod sniff;
mod structure;
mod tag;
mod text;
mod urls;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Instant;

use lol_html::HtmlRewriter;

use crate::article::{Article, EncodingInfo, EncodingSource};
use crate::error::{Error, Limit};
use crate::options::{Format, InputFormat, Options, Ruby};
use assemble::Body;
use collect::{Collector, Sink};
use decode::Decoder;
use page::Page;
use select::{fallback, ScoringParams};

/// Streams one page through the pipeline.
///
/// ```
/// let mut ex = gleaner::Extractor::new(&gleaner::Options::default());
/// ex.write(b"<html><body><article><h1>Title</h1>").unwrap();
/// ex.write(b"<p>One paragraph of article text, long enough to count as prose here.</p>").unwrap();
/// ex.write(b"</article></body></html>").unwrap();
/// let article = ex.finish().unwrap();
/// assert_eq!(article.title.as_deref(), Some("Title"));
/// ```
pub struct Extractor {
    options: Options,
    state: Rc<RefCell<Collector>>,
    /// Bytes held back until the charset is decided (and, for `input_format=auto`,
    /// whether the page is text).
    pending: Vec<u8>,
    /// How many pending bytes were last looked at for markup.
    markup_checked: usize,
    stage: Stage,
    bytes_in: u64,
    started: Instant,
    /// CPU time spent processing (not waiting for input), against `max_busy_ms`.
    busy: std::time::Duration,
    warnings: Vec<String>,
    transport: Option<&'static encoding_rs::Encoding>,
}

enum Stage {
    Sniffing,
    /// The body is binary data (what it is): the rest is counted, not kept.
    Binary(&'static str),
    Streaming(Box<Streaming>),
    Failed,
}

struct Streaming {
    decoder: Decoder,
    rewriter: HtmlRewriter<'static, Sink>,
    encoding: EncodingInfo,
    /// For a page of plain text: its markup, made line by line, and a buffer for it.
    text: Option<(plain::TextToHtml, String)>,
}

impl Streaming {
    /// Decodes `chunk` into the rewriter (`last`: the page ends).
    fn write(&mut self, chunk: &[u8], last: bool) -> Result<(), lol_html::errors::RewritingError> {
        let Streaming {
            decoder,
            rewriter,
            text,
            ..
        } = self;
        decoder.decode(chunk, last, |piece| match text {
            None => rewriter.write(piece),
            Some((lines, html)) => {
                html.clear();
                lines.feed(&String::from_utf8_lossy(piece), html);
                rewriter.write(html.as_bytes())
            }
        })?;
        if let (true, Some((lines, html))) = (last, text) {
            html.clear();
            lines.finish(html);
            rewriter.write(html.as_bytes())?;
        }
        Ok(())
    }
}

impl Extractor {
    /// A new extractor for one page.
    pub fn new(options: &Options) -> Self {
        let mut warnings = Vec::new();
        let transport = options.charset.as_deref().and_then(|label| {
            let enc = sniff::resolve_label(label);
            if enc.is_none() {
                warnings.push(format!(
                    "unknown charset label {label:?} ignored; the charset was sniffed instead"
                ));
            }
            enc
        });
        if let Some(u) = options.url.as_deref() {
            let web = url::Url::parse(u.trim())
                .is_ok_and(|p| matches!(p.scheme(), "http" | "https") && p.has_host());
            if !web {
                let shown: String = u.chars().take(200).collect();
                warnings.push(format!(
                    "the url {shown:?} is not an absolute http(s) address: it was not used for `url` or to resolve links"
                ));
            }
        }
        Extractor {
            state: Rc::new(RefCell::new(Collector::new(options))),
            options: options.clone(),
            pending: Vec::new(),
            markup_checked: 0,
            stage: Stage::Sniffing,
            bytes_in: 0,
            started: Instant::now(),
            busy: std::time::Duration::ZERO,
            warnings,
            transport,
        }
    }

    /// Feeds the next chunk of the page's bytes.
    pub fn write(&mut self, chunk: &[u8]) -> Result<(), Error> {
        let t = cpu_now();
        let r = self.write_inner(chunk);
        self.charge(t)?;
        r
    }

    /// Adds the CPU time since `t` ([`cpu_now`]) to the page's processing time; fails
    /// past the budget.
    fn charge(&mut self, t: std::time::Duration) -> Result<(), Error> {
        self.busy += cpu_now().saturating_sub(t);
        let max = self.options.limits.max_busy_ms;
        let ms = self.busy.as_millis() as u64;
        if max > 0 && ms > max {
            self.stage = Stage::Failed;
            return Err(Error::LimitExceeded {
                limit: Limit::MaxBusyMs,
                max,
                value: ms,
            });
        }
        Ok(())
    }

    fn write_inner(&mut self, chunk: &[u8]) -> Result<(), Error> {
        self.bytes_in += chunk.len() as u64;
        match &mut self.stage {
            Stage::Sniffing => {
                self.pending.extend_from_slice(chunk);
                let window = self.options.limits.sniff_bytes.min(1024);
                let full = self.pending.len() >= window;
                if let Some(kind) = sniff::binary(&self.pending, full) {
                    self.binary(kind);
                    return Ok(());
                }
                let early = sniff::early(&self.pending, self.transport);
                // Three bytes tell whether a BOM is there; a caller's label must not win
                // over a BOM that a small first chunk cut in two.
                let bom_known = self.pending.len() >= 3;
                let sniff_bytes = self.options.limits.sniff_bytes;
                if let (Some(s), true) = (early, bom_known) {
                    // A Latin label waits for the window: the second look may override it.
                    if !sniff::may_reread(&s) && self.is_html_early(s.encoding) {
                        return self.start(s, false);
                    }
                }
                if self.pending.len() >= sniff_bytes {
                    // Exactly the first `sniff_bytes` bytes decide, whatever the chunking.
                    let window = self.pending.get(..sniff_bytes).unwrap_or(&self.pending);
                    let s = match early {
                        Some(s) => s,
                        None => sniff::decide(window, false, self.tld().as_deref()),
                    };
                    let s = sniff::reread(s, window, false, self.tld().as_deref());
                    let text = self.is_text(s.encoding, window);
                    self.start(s, text)?;
                }
                Ok(())
            }
            Stage::Streaming(st) => {
                let max = self.options.limits.max_parser_memory;
                if let Err(e) = st.write(chunk, false) {
                    self.stage = Stage::Failed;
                    return Err(Error::from_rewriting(e, max));
                }
                Ok(())
            }
            Stage::Binary(_) => Ok(()),
            Stage::Failed => Err(Error::Poisoned),
        }
    }

    /// The body is binary data: what came is dropped and what comes is only counted.
    fn binary(&mut self, kind: &'static str) {
        tracing::debug!(kind, "binary body");
        self.pending = Vec::new();
        self.stage = Stage::Binary(kind);
    }

    fn tld(&self) -> Option<Vec<u8>> {
        let url = self.options.url.as_deref()?;
        let host = url
            .split("://")
            .nth(1)?
            .split(['/', ':', '?', '#'])
            .next()?;
        let tld = host.rsplit('.').next()?;
        (!tld.is_empty() && tld.is_ascii()).then(|| tld.as_bytes().to_ascii_lowercase())
    }

    /// Whether the page is known to be HTML before the sniff window is full: the caller
    /// said so, or a tag has already been seen. Looks again only after 1 KiB more came,
    /// and then only at what came since.
    fn is_html_early(&mut self, encoding: &'static encoding_rs::Encoding) -> bool {
        match self.options.input_format {
            InputFormat::Html => true,
            InputFormat::Text => false,
            InputFormat::Auto => {
                let first_look = self.markup_checked == 0;
                if !encoding.is_ascii_compatible()
                    || !(first_look || self.pending.len() >= self.markup_checked + 1024)
                {
                    return false;
                }
                let seen = std::mem::replace(&mut self.markup_checked, self.pending.len());
                plain::has_markup_after(&self.pending, seen)
            }
        }
    }

    /// Whether the page is text: the caller said so, or (`auto`) `window` holds no tag.
    fn is_text(&self, encoding: &'static encoding_rs::Encoding, window: &[u8]) -> bool {
        match self.options.input_format {
            InputFormat::Html => false,
            InputFormat::Text => true,
            InputFormat::Auto if encoding.is_ascii_compatible() => !plain::has_markup(window),
            InputFormat::Auto => {
                let (decoded, _) = encoding.decode_without_bom_handling(window);
                !plain::has_markup(decoded.as_bytes())
            }
        }
    }

    fn start(&mut self, s: sniff::Sniffed, text: bool) -> Result<(), Error> {
        tracing::debug!(encoding = s.encoding.name(), source = ?s.source, text, "charset decided");
        if let Some((first, by)) = s.overridden {
            let by = match by {
                EncodingSource::Transport => "the caller's charset",
                EncodingSource::Meta => "the page's <meta> charset",
                _ => "the detected charset",
            };
            self.warnings.push(format!(
                "{by} {} does not fit the bytes: they read as {}, which was used",
                first.name(),
                s.encoding.name()
            ));
        }
        let rewriter = collect::rewriter(self.state.clone(), self.options.limits.max_parser_memory);
        let pending = std::mem::take(&mut self.pending);
        self.stage = Stage::Streaming(Box::new(Streaming {
            decoder: Decoder::new(s.encoding),
            rewriter,
            encoding: EncodingInfo {
                name: s.encoding.name().to_string(),
                source: s.source,
                replacements: 0,
            },
            text: text.then(|| (plain::TextToHtml::default(), String::new())),
        }));
        self.bytes_in -= pending.len() as u64;
        self.write_inner(&pending)
    }

    /// Ends the page and extracts the article.
    pub fn finish(mut self) -> Result<Article, Error> {
        let t = cpu_now();
        if matches!(self.stage, Stage::Sniffing) {
            if let Some(kind) = sniff::binary(&self.pending, true) {
                self.binary(kind);
            }
        }
        if let Stage::Binary(kind) = self.stage {
            self.warnings.push(format!(
                "the body is {kind}, not a page: nothing was extracted"
            ));
            let mut article = Article::default();
            // What was asked for is there, empty: a caller reads the same fields whatever
            // the body held.
            let opts = &self.options;
            (article.markdown, article.html) =
                crate::render::documents(None, &[], opts.format, opts.links);
            article.removed = opts.explain.then(Vec::new);
            article.stats.bytes_in = self.bytes_in;
            article.stats.elapsed_us = self.started.elapsed().as_micros() as u64;
            article.stats.busy_us = (self.busy + cpu_now().saturating_sub(t)).as_micros() as u64;
            article.warnings = std::mem::take(&mut self.warnings);
            return Ok(article);
        }
        if matches!(self.stage, Stage::Sniffing) {
            let s = match sniff::early(&self.pending, self.transport) {
                Some(s) => s,
                None => sniff::decide(&self.pending, true, self.tld().as_deref()),
            };
            let s = sniff::reread(s, &self.pending, true, self.tld().as_deref());
            let text = self.is_text(s.encoding, &self.pending);
            self.start(s, text)?;
        }
        let max = self.options.limits.max_parser_memory;
        let encoding = match std::mem::replace(&mut self.stage, Stage::Failed) {
            Stage::Streaming(st) => {
                let mut st = *st;
                st.write(&[], true)
                    .map_err(|e| Error::from_rewriting(e, max))?;
                st.rewriter
                    .end()
                    .map_err(|e| Error::from_rewriting(e, max))?;
                st.encoding.replacements = st.decoder.replacements;
                st.encoding
            }
            Stage::Sniffing | Stage::Binary(_) | Stage::Failed => return Err(Error::Poisoned),
        };
        // Extraction proper is bounded by the text limits; the budget is checked before it
        // and charged after it.
        self.charge(t)?;
        let t = cpu_now();
        let page = self.state.replace(Collector::new(&self.options)).finish();
        tracing::debug!(
            bytes_in = self.bytes_in,
            encoding = %encoding.name,
            replacements = encoding.replacements,
            blocks = page.blocks.len(),
            elements_recorded = page.nodes.len(),
            "collect stage done"
        );
        if page.menu_lines_dropped > 0 {
            self.warnings.push(format!(
                "the page's records reached max_page_memory ({} bytes): {} menu lines (short, all link text) were dropped as they came",
                self.options.limits.max_page_memory, page.menu_lines_dropped
            ));
        }
        if page.capped {
            self.warnings.push(format!(
                "the page's records exceeded max_page_memory ({} bytes); the rest of the page was ignored",
                self.options.limits.max_page_memory
            ));
        }
        if page.truncated {
            self.warnings.push(format!(
                "visible text exceeded max_text_bytes ({} bytes); the rest was ignored",
                self.options.limits.max_text_bytes
            ));
        }
        let mut article = article_of(page, &self.options, &mut self.warnings);
        self.charge(t)?;
        article.encoding = encoding;
        article.stats.bytes_in = self.bytes_in;
        article.stats.elapsed_us = self.started.elapsed().as_micros() as u64;
        article.stats.busy_us = self.busy.as_micros() as u64;
        article.warnings = std::mem::take(&mut self.warnings);
        Ok(article)
    }
}

/// The CPU time of the calling thread (a page is processed on one thread: an
/// [`Extractor`] cannot move), so that a page's budget is its own work, not the time other
/// pages took from the same cores; the monotonic clock where there is no such clock.
fn cpu_now() -> std::time::Duration {
    #[cfg(unix)]
    {
        let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
        std::time::Duration::new(
            u64::try_from(t.tv_sec).unwrap_or(0),
            u32::try_from(t.tv_nsec).unwrap_or(0),
        )
    }
    #[cfg(not(unix))]
    {
        static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
        START.get_or_init(Instant::now).elapsed()
    }
}

/// The stages after collect: the article of a page.
fn article_of(mut page: Page, opts: &Options, warnings: &mut Vec<String>) -> Article {
    let span = tracing::debug_span!("select", blocks = page.blocks.len()).entered();
    let params = ScoringParams::for_mode(opts.mode);
    let mut facts = metadata::facts(&page.meta, &page.blocks, opts);
    let readings = std::mem::take(&mut page.readings);
    let scored = select::score(&page, facts.article_body.as_deref(), &params, &opts.rules);
    let (kind, type_evidence) = page_type::decide(
        &page,
        &page_type::Context {
            ld_types: &facts.ld_types,
            url: facts.url.as_deref().or(opts.url.as_deref()),
            title: facts.title.as_deref(),
            dated: facts.published.is_some(),
            best_share: scored.best_share(),
        },
        opts.page_type.forced(),
        opts.explain,
    );
    let verdicts = select::select(&page, scored, kind, facts.title.as_deref(), &params);
    let mut body = Body::of(&page, &verdicts, opts.explain, kind);
    let mut kept_chars = body.chars();
    if fallback::noscript_worth_trying(&page.meta.noscript, kept_chars, &params) {
        if let Some((inner, chars)) = noscript_article(&page.meta.noscript, opts) {
            if fallback::noscript_wins(chars, kept_chars, &params) {
                warnings.push(
                    "the visible page held little text: the article is the markup of its <noscript>"
                        .into(),
                );
                body.replace_kept(inner.blocks);
                body.images = inner.images;
                body.lead_image = inner.image;
                kept_chars = chars;
            }
        }
    }
    if fallback::app_shell(&page, &body.kept, &params) {
        warnings.push(
            "the page's content is not in its HTML (an app shell that renders it with scripts): nothing was extracted"
                .into(),
        );
        body.replace_kept(Vec::new());
        kept_chars = 0;
    }
    if let Some((blocks, why)) = fallback::from_metadata(&facts, kept_chars, &params) {
        warnings.push(why.into());
        body.replace_kept(blocks);
    }
    if body.kept.is_empty() {
        warnings.push("no article found: no block of the page reads as article text".into());
    }
    let readings = (opts.ruby == Ruby::Keep).then(|| body.readings_of(readings));
    let report = polish::polish(
        &mut body.kept,
        &mut facts,
        &body.flattened,
        opts,
        warnings,
        &mut body.removed,
    );
    let removed = opts.explain.then_some(body.removed);
    let mut article = assemble::article(
        facts,
        body.kept,
        body.images,
        body.lead_image,
        removed,
        body.blocks_removed,
        report,
        readings,
        opts,
    );
    article.page_type = kind;
    article.page_type_evidence = type_evidence;
    tracing::debug!(
        text_chars = article.stats.text_chars,
        blocks_kept = article.stats.blocks_kept,
        blocks_removed = article.stats.blocks_removed,
        "select stage done"
    );
    drop(span);
    article
}

/// The article of `<noscript>` markup taken out of a page, extracted as a page of its own
/// (the same pipeline, without looking into `<noscript>` again, so this recurses at most
/// once), and how many characters its blocks hold.
fn noscript_article(markup: &str, options: &Options) -> Option<(Article, usize)> {
    // The inner article keeps every span; the outer one resolves and filters them.
    let inner = options
        .clone()
        .with_charset(Some("utf-8".into()))
        .with_explain(false)
        .with_format(Format::Json)
        .with_links(true)
        .with_input_format(InputFormat::Html);
    let mut ex = Extractor::new(&inner);
    ex.state.borrow_mut().capture_noscript = false;
    ex.write(markup.as_bytes()).ok()?;
    let article = ex.finish().ok()?;
    let chars = article.blocks.iter().map(|b| b.text.chars().count()).sum();
    Some((article, chars))
}

/// Extracts the article from a whole page.
pub fn extract(bytes: &[u8], options: &Options) -> Result<Article, Error> {
    let mut ex = Extractor::new(options);
    ex.write(bytes)?;
    ex.finish()
}
