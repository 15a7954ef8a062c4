//! The streaming pipeline: sniff → decode → rewrite (lol_html) → extract.

pub(crate) mod decode;
pub(crate) mod extract;
pub(crate) mod metadata;
pub(crate) mod repair;
pub(crate) mod rewrite;
pub(crate) mod script;
pub(crate) mod serialize;
pub(crate) mod sniff;
pub(crate) mod text;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Instant;

use lol_html::{doc_text, element, end_tag, HtmlRewriter, MemorySettings, Settings};

use crate::article::{Article, EncodingInfo};
use crate::error::Error;
use crate::options::Options;
use decode::Decoder;
use rewrite::Collector;

type Sink = Box<dyn FnMut(&[u8])>;

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
    /// Bytes held back until the charset is decided.
    pending: Vec<u8>,
    stage: Stage,
    bytes_in: u64,
    started: Instant,
    /// Time spent processing (not waiting for input), against `max_busy_ms`.
    busy: std::time::Duration,
    warnings: Vec<String>,
    transport: Option<&'static encoding_rs::Encoding>,
}

enum Stage {
    Sniffing,
    Streaming(Box<Streaming>),
    Failed,
}

struct Streaming {
    decoder: Decoder,
    rewriter: HtmlRewriter<'static, Sink>,
    encoding: EncodingInfo,
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
        Extractor {
            state: Rc::new(RefCell::new(Collector::new(options))),
            options: options.clone(),
            pending: Vec::new(),
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
        let t = Instant::now();
        let r = self.write_inner(chunk);
        self.charge(t)?;
        r
    }

    /// Adds the time since `t` to the page's processing time; fails past the budget.
    fn charge(&mut self, t: Instant) -> Result<(), Error> {
        self.busy += t.elapsed();
        let max = self.options.limits.max_busy_ms;
        let ms = self.busy.as_millis() as u64;
        if max > 0 && ms > max {
            self.stage = Stage::Failed;
            return Err(Error::LimitExceeded {
                limit: "max_busy_ms",
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
                let early = sniff::early(&self.pending, self.transport);
                // Three bytes tell whether a BOM is there; a caller's label must not win
                // over a BOM that a small first chunk cut in two.
                let bom_known = self.pending.len() >= 3;
                if let (Some(s), true) = (early, bom_known) {
                    self.start(s)?;
                } else if self.pending.len() >= self.options.limits.sniff_bytes {
                    // Exactly the first `sniff_bytes` bytes decide, whatever the chunking.
                    let window = self
                        .pending
                        .get(..self.options.limits.sniff_bytes)
                        .unwrap_or(&self.pending);
                    let s = sniff::decide(window, false, self.tld().as_deref());
                    self.start(s)?;
                }
                Ok(())
            }
            Stage::Streaming(st) => {
                let Streaming {
                    decoder, rewriter, ..
                } = &mut **st;
                let max = self.options.limits.max_parser_memory;
                let r = decoder.decode(chunk, false, |piece| rewriter.write(piece));
                if let Err(e) = r {
                    self.stage = Stage::Failed;
                    return Err(Error::from_rewriting(e, max));
                }
                Ok(())
            }
            Stage::Failed => Err(Error::Poisoned),
        }
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

    fn start(&mut self, s: sniff::Sniffed) -> Result<(), Error> {
        tracing::debug!(encoding = s.encoding.name(), source = ?s.source, "charset decided");
        let state = self.state.clone();
        let text_state = self.state.clone();
        let settings = Settings {
            element_content_handlers: vec![element!("*", move |el| {
                let seq = state.borrow_mut().start(el);
                if let Some(seq) = seq {
                    let st = state.clone();
                    if let Some(handlers) = el.end_tag_handlers() {
                        handlers.push(end_tag!(move |_end| {
                            st.borrow_mut().end(seq);
                            Ok(())
                        }));
                    }
                }
                Ok(())
            })],
            document_content_handlers: vec![doc_text!(move |t| {
                text_state
                    .borrow_mut()
                    .text(t.as_str(), t.last_in_text_node());
                Ok(())
            })],
            memory_settings: MemorySettings {
                max_allowed_memory_usage: self.options.limits.max_parser_memory,
                ..MemorySettings::new()
            },
            strict: false,
            ..Settings::new()
        };
        let sink: Sink = Box::new(|_: &[u8]| {});
        let rewriter = HtmlRewriter::new(settings, sink);
        let pending = std::mem::take(&mut self.pending);
        self.stage = Stage::Streaming(Box::new(Streaming {
            decoder: Decoder::new(s.encoding),
            rewriter,
            encoding: EncodingInfo {
                name: s.encoding.name().to_string(),
                source: s.source,
                replacements: 0,
            },
        }));
        self.bytes_in -= pending.len() as u64;
        self.write_inner(&pending)
    }

    /// Ends the page and extracts the article.
    pub fn finish(mut self) -> Result<Article, Error> {
        let t = Instant::now();
        if matches!(self.stage, Stage::Sniffing) {
            let s = match sniff::early(&self.pending, self.transport) {
                Some(s) => s,
                None => sniff::decide(&self.pending, true, self.tld().as_deref()),
            };
            self.start(s)?;
        }
        let max = self.options.limits.max_parser_memory;
        let encoding = match std::mem::replace(&mut self.stage, Stage::Failed) {
            Stage::Streaming(st) => {
                let Streaming {
                    mut decoder,
                    mut rewriter,
                    mut encoding,
                } = *st;
                decoder
                    .decode(&[], true, |piece| rewriter.write(piece))
                    .map_err(|e| Error::from_rewriting(e, max))?;
                rewriter.end().map_err(|e| Error::from_rewriting(e, max))?;
                encoding.replacements = decoder.replacements;
                encoding
            }
            Stage::Sniffing | Stage::Failed => return Err(Error::Poisoned),
        };
        // Extraction proper is bounded by the text limits; the budget is checked before it.
        self.charge(t)?;
        let mut collector = self.state.replace(Collector::new(&self.options));
        collector.finish();
        tracing::debug!(
            bytes_in = self.bytes_in,
            encoding = %encoding.name,
            replacements = encoding.replacements,
            blocks = collector.blocks.len(),
            elements_recorded = collector.nodes.len(),
            "rewrite stage done"
        );
        if collector.truncated {
            self.warnings.push(format!(
                "visible text exceeded max_text_bytes ({} bytes); the rest was ignored",
                self.options.limits.max_text_bytes
            ));
        }
        let span = tracing::debug_span!("extract", blocks = collector.blocks.len()).entered();
        let mut article = extract::extract(collector, &self.options, &mut self.warnings);
        tracing::debug!(
            text_chars = article.stats.text_chars,
            blocks_kept = article.stats.blocks_kept,
            blocks_removed = article.stats.blocks_removed,
            "extract stage done"
        );
        drop(span);
        article.encoding = encoding;
        article.stats.bytes_in = self.bytes_in;
        article.stats.elapsed_us = self.started.elapsed().as_micros() as u64;
        article.warnings = std::mem::take(&mut self.warnings);
        Ok(article)
    }
}

/// Extracts the article from `<noscript>` markup taken out of a page: the same pipeline,
/// without looking into `<noscript>` again.
pub(crate) fn extract_noscript(markup: &str, options: &Options) -> Result<Article, Error> {
    let mut ex = Extractor::new(options);
    ex.state.borrow_mut().capture_noscript = false;
    ex.write(markup.as_bytes())?;
    ex.finish()
}

/// Extracts the article from a whole page.
pub fn extract(bytes: &[u8], options: &Options) -> Result<Article, Error> {
    let mut ex = Extractor::new(options);
    ex.write(bytes)?;
    ex.finish()
}
