//! The collect stage: the lol_html handlers that turn the page into a [`Page`].
//!
//! lol_html gives no tree: text chunks are fragments (not entity-decoded), and end-tag
//! handlers do not fire for implicitly closed elements. So the collector keeps its own
//! stack of open elements (`stack`: it closes `<p>`, `<li>`, `<td>`... the way the HTML
//! parser would), drops what is never content (scripts, hidden elements, form controls),
//! captures what metadata needs (`<title>`, JSON-LD, `<noscript>` markup, `<ruby>`
//! readings), and cuts the visible text into blocks. An element becomes a page node only
//! when text is found under it: memory grows with the text kept, not with the markup.
//! What an element's names say comes from `vocabulary` through `attrs`.

mod attrs;
mod byline;
mod stack;
mod streamed;
mod vocabulary;

use std::cell::RefCell;
use std::rc::Rc;

use lol_html::{doc_text, element, end_tag, HtmlRewriter, MemorySettings, Settings};

use attrs::{prop_kind, Attrs, PropKind, Streamed};
use byline::Draft;
use stack::{closed_by, implied_closes, Mark, Open};
use streamed::{Placeholder, Segment};
use vocabulary::ClassMemo;

use crate::article::{BlockKind, Reading, Span, SpanKind};
use crate::options::{Limits, Options, Ruby};
use crate::pipeline::evidence::{self, Hint};
use crate::pipeline::metadata;
use crate::pipeline::page::{
    ctx, marks, BlockExtra, Node, NodeId, Page, PartKind, RawBlock, RawImage, TimeRole, Trust,
    NO_PARENT, ROOT,
};
use crate::pipeline::repair;
use crate::pipeline::tag::Tag;
use crate::pipeline::text::{prefix_chars, prefix_within, push_folded, Measure};

const MAX_METAS: usize = 256;
const MAX_META_VALUE: usize = 4096;
/// `<noscript>` markup shorter than this is a tracking pixel or a notice, not a post.
const NOSCRIPT_MIN_BYTES: usize = 400;
const MAX_JSON_LD_SCRIPTS: usize = 16;
const MAX_TIMES: usize = 16;
const MAX_READINGS: usize = 10_000;
const MAX_BYLINES: usize = 16;
/// Microdata types kept per page.
const MAX_ITEMTYPES: usize = 64;
/// How deep (`<html>` and `<body>` included) an element hidden by `visibility:hidden` is
/// taken for a wrapper that hides the page until its scripts run.
const MAX_WRAPPER_DEPTH: usize = 4;
/// Streamed placeholders, and segments, kept per page.
const MAX_STREAMED: usize = 256;
/// Images kept per page, and the longest address and `alt` text kept.
const MAX_IMAGES: usize = 256;
const MAX_URL_BYTES: usize = 2048;
const MAX_ALT_CHARS: usize = 300;
/// What a recorded span costs the account besides its `href`.
const SPAN_COST: usize = std::mem::size_of::<Span>() + 32;

/// What a block costs the page's memory account besides its text: the record (counted
/// twice: the list grows by doubling), an allocation's overhead, and what the later stages
/// keep per block (scores, verdicts, the kept list).
const BLOCK_COST: usize = 2 * std::mem::size_of::<RawBlock>() + 32 + 96;

/// What an element's record costs the account, the later stages' per-element state
/// (scores, spans, flags) included.
const NODE_COST: usize = 2 * std::mem::size_of::<Node>() + 48;
/// A button's text longer than this says more than what the button does.
const MAX_BUTTON_BYTES: usize = 64;

/// Where lol_html writes the rewritten page: nowhere, only the handlers matter.
pub(crate) type Sink = Box<dyn FnMut(&[u8])>;

/// The lol_html rewriter whose handlers feed `collector`: every start tag, the end tags of
/// the elements the collector tracks, and every text chunk. `max_memory` bounds lol_html's
/// own buffers.
pub(crate) fn rewriter(
    collector: Rc<RefCell<Collector>>,
    max_memory: usize,
) -> HtmlRewriter<'static, Sink> {
    let text_collector = collector.clone();
    let settings = Settings {
        element_content_handlers: vec![element!("*", move |el| {
            let seq = collector.borrow_mut().start(el);
            if let Some(seq) = seq {
                let c = collector.clone();
                if let Some(handlers) = el.end_tag_handlers() {
                    handlers.push(end_tag!(move |_end| {
                        c.borrow_mut().end(seq);
                        Ok(())
                    }));
                }
            }
            Ok(())
        })],
        document_content_handlers: vec![doc_text!(move |t| {
            text_collector
                .borrow_mut()
                .text(t.as_str(), t.last_in_text_node());
            Ok(())
        })],
        memory_settings: MemorySettings {
            max_allowed_memory_usage: max_memory,
            ..MemorySettings::new()
        },
        strict: false,
        ..Settings::new()
    };
    let sink: Sink = Box::new(|_: &[u8]| {});
    HtmlRewriter::new(settings, sink)
}

/// The first address of a `srcset` list that a page (or the tool that saved it) wrote
/// into `src` (`a.jpg%20600w,%20a-300.jpg%20300w`, spaces percent-encoded or not): a
/// browser would fetch that whole string and fail. Any other `src` is returned as it is.
fn first_of_srcset(src: &str) -> &str {
    let Some((first, rest)) = src.split_once("%20").or_else(|| src.split_once(' ')) else {
        return src;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after = rest.get(digits..).unwrap_or_default();
    let descriptor = after.starts_with('w') || after.starts_with('x');
    let listed = after
        .get(1..)
        .is_some_and(|t| t.is_empty() || t.starts_with(',') || t.starts_with("%2C"));
    if digits > 0 && descriptor && listed {
        first
    } else {
        src
    }
}

/// The extension of an address's path (before any query or fragment).
fn extension(src: &str) -> Option<&str> {
    let path = src.split(['?', '#']).next().unwrap_or_default();
    path.rsplit_once('.').map(|(_, ext)| ext)
}

/// Whether an image address names vector art (`.svg`).
fn is_vector(src: &str) -> bool {
    extension(src).is_some_and(|e| e.eq_ignore_ascii_case("svg"))
}

/// Whether an address names a raster picture file (`.jpg`, `.png`, `.webp`...).
fn is_picture_file(href: &str) -> bool {
    extension(href).is_some_and(|e| {
        ["jpg", "jpeg", "png", "gif", "webp", "avif"]
            .iter()
            .any(|p| e.eq_ignore_ascii_case(p))
    })
}

/// The page of a UTF-8 HTML string (for the unit tests of the later stages).
#[cfg(test)]
pub(crate) fn page_of(html: &str, options: &Options) -> Page {
    let collector = Rc::new(RefCell::new(Collector::new(options)));
    let mut rw = rewriter(collector.clone(), options.limits.max_parser_memory);
    let ok = rw.write(html.as_bytes()).and_then(|()| rw.end());
    assert!(ok.is_ok(), "lol_html failed on a test page");
    let c = collector.replace(Collector::new(options));
    c.finish()
}

/// The text of an element being skipped that is kept for later.
enum Capture {
    None,
    Title(Capped),
    JsonLd(Capped),
    /// The text of an `<rt>`, with `ruby=keep`.
    Reading(Capped),
    /// The raw markup of a `<noscript>` in the body.
    Noscript(Capped),
    /// The text of a `<button>` (what it does: `Add to cart`).
    Button(Capped),
    /// A script: only its size is counted.
    Script,
}

/// Text taken up to a cap by its prefix: the longest prefix within the cap that ends on a
/// character boundary, then nothing more. The same bytes give the same text however
/// lol_html cuts them into chunks (a chunk that does not fit whole is cut, not left out
/// while a later, smaller one gets in).
#[derive(Debug, Default)]
pub(super) struct Capped {
    pub(super) text: String,
    full: bool,
}

impl Capped {
    /// Appends what of `chunk` fits within `cap` bytes.
    pub(super) fn push(&mut self, chunk: &str, cap: usize) {
        if self.full {
            return;
        }
        let room = cap.saturating_sub(self.text.len());
        let taken = prefix_within(chunk, room);
        self.text.push_str(taken);
        self.full = taken.len() < chunk.len();
    }
}

/// The state shared by the lol_html handlers of one page.
pub(crate) struct Collector {
    limits: Limits,
    repair_readings: bool,
    keep_ruby: bool,
    /// Where the base text of the next `<rt>` starts: (block index, byte offset in `cur`).
    ruby_base: Option<(usize, usize)>,
    stack: Vec<Open>,
    seq: u64,
    page: Page,
    /// The text of the block being built.
    cur: String,
    cur_space: bool,
    cur_link_chars: u32,
    /// A text node that arrives in several chunks, gathered before it is folded.
    raw: String,
    capture: Capture,
    /// The `seq` of the element whose content is being skipped.
    skip_seq: Option<u64>,
    text_bytes: usize,
    /// The page's memory account: what its records will hold through the later stages.
    held: usize,
    /// Off for a page that is itself `<noscript>` markup, so the fallback never recurses.
    pub(crate) capture_noscript: bool,
    /// What each class value of this page says: pages repeat a few values hundreds of times.
    classes: ClassMemo,
    /// The byline being read: its element's index in `stack` and what it holds so far.
    byline: Option<(usize, Draft)>,
    /// The `stack` index of the element inside the byline that the page marks as the
    /// author's name (`rel=author`, a writer's archive link): its part ends with it, so
    /// the links after it (`in <a>Politics</a>`) are not read as the name.
    author_part_at: Option<usize>,
    /// Whether inline markup is recorded as spans.
    want_spans: bool,
    /// The spans closed in the block being built: kind, byte range in `cur`, `href`.
    cur_spans: Vec<(SpanKind, usize, usize, Option<String>)>,
    /// Whether the element being skipped is a `<picture>`, whose `<img>` is still read.
    skip_picture: bool,
    /// React's streamed placeholders and segments (see `streamed`).
    placeholders: Vec<Placeholder>,
    segments: Vec<Segment>,
}

impl Collector {
    pub(crate) fn new(options: &Options) -> Self {
        let root = Node {
            up: NO_PARENT,
            tag: Tag::Html,
            hint: Hint::default(),
            sig: 0,
            marks: 0,
        };
        Collector {
            limits: options.limits,
            repair_readings: options.repair_readings,
            keep_ruby: options.ruby == Ruby::Keep,
            ruby_base: None,
            stack: Vec::with_capacity(64),
            seq: 0,
            page: Page {
                nodes: vec![root],
                ..Page::default()
            },
            cur: String::new(),
            cur_space: true,
            cur_link_chars: 0,
            raw: String::new(),
            capture: Capture::None,
            skip_seq: None,
            text_bytes: 0,
            held: 0,
            capture_noscript: true,
            classes: ClassMemo::default(),
            byline: None,
            author_part_at: None,
            want_spans: options.wants_spans(),
            cur_spans: Vec::new(),
            skip_picture: false,
            placeholders: Vec::new(),
            segments: Vec::new(),
        }
    }

    fn top_ctx(&self) -> u32 {
        self.stack.last().map_or(0, |o| o.ctx)
    }

    fn in_body(&self) -> bool {
        self.top_ctx() & ctx::BODY != 0
    }

    /// Handles a start tag. Returns the `seq` to pass to [`Collector::end`] when the
    /// element's end tag is seen, or `None` when the element is not tracked.
    pub(crate) fn start(&mut self, el: &mut lol_html::html_content::Element) -> Option<u64> {
        let name = el.tag_name();
        if let Some(skipped) = self.skip_seq {
            if self.skip_picture && name == "img" {
                self.image(el);
            }
            // A hidden `<p>` (or `<li>`, `<td>`...) whose end tag never comes is closed by
            // the element that closes it implicitly, as the HTML parser closes it: what
            // follows is no longer hidden (`<p style="display:none">&nbsp;<p>Text`).
            if !self.closes_skipped(&name) {
                return None;
            }
            self.end(skipped);
        }
        self.count(el, &name);
        // A byline by its class alone that holds a headline is the article's header
        // (`<div class="article-author-ruler">` around everything): not a byline. The
        // bylines inside it are read on their own.
        if self
            .byline
            .as_ref()
            .is_some_and(|(_, b)| b.trust == Trust::Class)
            && matches!(name.as_str(), "h1" | "h2")
        {
            self.byline = None;
            self.author_part_at = None;
        }
        let marked_here = self.byline_part(el, &name);
        let tag = self.container_tag(el, &name)?;
        self.close_implied(tag);
        if tag.is_block() {
            self.flush();
        }
        let mut attrs = Attrs::read(el, tag, &name, &mut self.classes);
        self.count_attrs(&attrs);
        // A link to the writer's archive inside a byline (two signs that agree) is a part
        // sure to be a name, as a `rel=author` one is.
        if attrs.archive && !marked_here {
            if let Some((_, b)) = &mut self.byline {
                b.part(PartKind::Author);
                self.author_part_at = Some(self.stack.len());
            }
        }
        let skip = self.open_capture(tag, &name, &attrs);
        if let (Some(Streamed::Placeholder(n)), "template") = (attrs.streamed, name.as_str()) {
            self.placeholder(n);
        }
        let parent_ctx = self.top_ctx();
        let mut ctx = parent_ctx | context_bits(tag, &attrs, skip);
        let mut hint = attrs.hint;
        if attrs.article_body {
            hint += evidence::ARTICLE_BODY;
        }
        let hint = Hint::new(hint);
        if hint.is_strong_chrome() {
            ctx |= ctx::STRONG_CHROME;
        }
        let byline = !skip && self.opens_byline(&attrs, ctx, parent_ctx);
        if let Some(v) = attrs.time.take() {
            self.push_time(v);
        }
        // (The bit keeps an inline byline element tracked until its end tag.)
        let ctx = if byline { ctx | ctx::BYLINE } else { ctx };
        // Links are always recorded (the article's `links`); other markup when wanted.
        let mark = if (self.want_spans || name == "a") && !skip {
            self.mark(&name, attrs.href.as_deref())
        } else {
            None
        };
        // An inline element that changes nothing (most <span>, <b>, <em>...) is not
        // tracked: no stack entry, no end-tag handler.
        if !tag.is_block() && !skip && ctx == parent_ctx && !hint.says_something() && mark.is_none()
        {
            return None;
        }
        // Past max_depth elements are flattened into their ancestor; a skipped element
        // is still tracked, or its content would leak in as text.
        if self.stack.len() >= self.limits.max_depth && !skip {
            return None;
        }
        self.seq += 1;
        let seq = self.seq;
        if skip {
            self.skip_seq = Some(seq);
            self.skip_picture = name == "picture";
        }
        self.push_open(seq, tag, ctx, hint, &attrs, mark, byline);
        Some(seq)
    }

    /// Puts the element on the stack (`seq`, with what `start` found), opening the byline
    /// it starts when `byline`.
    #[allow(clippy::too_many_arguments)]
    fn push_open(
        &mut self,
        seq: u64,
        tag: Tag,
        ctx: u32,
        hint: Hint,
        attrs: &Attrs,
        mark: Option<Box<Mark>>,
        byline: bool,
    ) {
        if byline {
            let trust = attrs.byline.unwrap_or(Trust::Class);
            let b = Draft::new(trust, self.page.blocks.len());
            self.byline = Some((self.stack.len(), b));
        }
        let marks = if attrs.main_role { marks::MAIN } else { 0 }
            | if attrs.comments { marks::COMMENTS } else { 0 }
            | if attrs.frame { marks::FRAME } else { 0 };
        let segment = match attrs.streamed {
            Some(Streamed::Segment(n)) if tag.is_block() && self.segments.len() < MAX_STREAMED => {
                Some((n, self.page.blocks.len()))
            }
            _ => None,
        };
        self.stack.push(Open {
            segment,
            seq,
            tag,
            ctx,
            hint,
            sig: attrs.sig,
            marks,
            node: None,
            mark,
        });
    }

    /// Inside a byline being read, what the element `name` says of its parts: a part
    /// apart (a block, a `<br>`), a part sure to be a name (`rel=author`, microdata's
    /// name), a section's link, or words apart. Whether it marked an author's part here.
    fn byline_part(&mut self, el: &lol_html::html_content::Element, name: &str) -> bool {
        let mut marked_here = false;
        if let Some((_, b)) = &mut self.byline {
            // Elements of a block apart are parts (`Jane Doe` / `Staff Writer`); inline ones
            // are words apart (`<span>Havell</span><span>Markus</span>`); a `rel=author`
            // link inside is a part that is sure to be a name.
            let author = el.get_attribute("rel").is_some_and(|r| {
                r.split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("author"))
            }) || el
                .get_attribute("itemprop")
                .is_some_and(|p| p.split_ascii_whitespace().any(|p| p == "author"));
            // Microdata gives the name in an attribute: `<span itemprop=author><link
            // itemprop=name content="Jane Doe"></span>`.
            let named = (b.trust == Trust::Marked)
                .then(|| el.get_attribute("itemprop"))
                .flatten()
                .filter(|p| p.split_ascii_whitespace().any(|p| p == "name"))
                .and_then(|_| el.get_attribute("content"));
            if let Some(value) = named {
                b.part(PartKind::Author);
                b.text(&value);
                b.part(PartKind::Plain);
            } else if author {
                // A byline with a `rel=author` inside is a sure one.
                marked_here = true;
                b.trust = Trust::Marked;
                b.part(PartKind::Author);
                self.author_part_at = Some(self.stack.len());
            } else if Tag::of(name).is_block() || name == "br" {
                b.part(PartKind::Plain);
            } else if name == "a" && el.get_attribute("href").is_some_and(|h| taxonomy_link(&h)) {
                // A section's link in a byline (`Architecture`, `Música`) names no author.
                b.part(PartKind::Section);
            } else if !b.ends_with_space() {
                b.text(" ");
            }
        }
        marked_here
    }

    /// Closes the open elements that opening `tag` closes implicitly (a `<p>` by a
    /// `<div>`, an `<li>` by the next one).
    fn close_implied(&mut self, tag: Tag) {
        for close in implied_closes(tag).into_iter().flatten() {
            if let Some(i) = closed_by(&self.stack, &close) {
                self.flush();
                self.close_segments(i);
                self.stack.truncate(i);
                self.close_byline_if_closed();
            }
        }
    }

    /// Whether an element with `attrs` opens a byline here: not a commenter's name (under
    /// a comment area), a form's `Name` label, a menu or a footer (an <aside> may hold the
    /// article's own byline); not inside the byline being read (it is part of it); and
    /// the page has room for more.
    fn opens_byline(&self, attrs: &Attrs, ctx: u32, parent_ctx: u32) -> bool {
        // (The `<footer>` of an `<article>` is where HTML puts its author, marked
        // `rel=author`; a teaser card's footer, by class alone, names no one.)
        let marked = attrs.byline == Some(Trust::Marked);
        let page_footer = ctx & ctx::FOOTER != 0 && (ctx & ctx::ARTICLE == 0 || !marked);
        let elsewhere = self.byline.is_some()
            || page_footer
            || ctx & ctx::FORM != 0
            // (`<nav class=post-by>` may hold an `itemprop=author`; a menu's class words
            // are no byline.)
            || (ctx & ctx::NAV != 0 && !marked)
            || parent_ctx & ctx::STRONG_CHROME != 0;
        attrs.byline.is_some() && !elsewhere && self.page.meta.bylines.len() < MAX_BYLINES
    }

    /// Whether opening an element `name` implicitly closes the element being skipped (the
    /// top of the stack).
    fn closes_skipped(&self, name: &str) -> bool {
        let top = self.stack.len().checked_sub(1);
        top.is_some()
            && implied_closes(Tag::of(name))
                .into_iter()
                .flatten()
                .any(|close| closed_by(&self.stack, &close) == top)
    }

    /// Counts the element in [`crate::pipeline::page::Counts`].
    fn count(&mut self, el: &lol_html::html_content::Element, name: &str) {
        let meta = &mut self.page.meta;
        let c = &mut meta.counts;
        c.elements += 1;
        match name {
            "button" => c.buttons += 1,
            "input" => match el.get_attribute("type").as_deref().map(str::trim) {
                Some(t)
                    if t.eq_ignore_ascii_case("checkbox") || t.eq_ignore_ascii_case("radio") =>
                {
                    c.checkboxes += 1;
                }
                Some(t) if t.eq_ignore_ascii_case("submit") => {
                    c.buttons += 1;
                    if el.get_attribute("value").is_some_and(|v| cart_words(&v)) {
                        c.cart += 1;
                    }
                }
                _ => {}
            },
            "select" => c.selects += 1,
            "textarea" => c.textareas += 1,
            "form" => {
                c.forms += 1;
                if el.get_attribute("action").is_some_and(|a| {
                    let a = a.to_ascii_lowercase();
                    a.contains("/cart") || a.contains("basket")
                }) {
                    c.cart += 1;
                }
            }
            "article" => c.articles += 1,
            "section" => c.sections += 1,
            "time" => c.times += 1,
            "code" => c.code += 1,
            "table" => c.tables += 1,
            _ => {}
        }
    }

    /// Counts what an element's microdata says of the page's type.
    fn count_attrs(&mut self, attrs: &Attrs) {
        let meta = &mut self.page.meta;
        match attrs.prop {
            Some(PropKind::Price) => meta.counts.price_props += 1,
            Some(PropKind::Rating) => meta.counts.rating_props += 1,
            Some(PropKind::Answer) => meta.counts.answer_props += 1,
            None => {}
        }
        if let Some(t) = &attrs.itemtype {
            for t in t.split_ascii_whitespace() {
                let last = t.rsplit(['/', '#']).next().unwrap_or_default();
                if !last.is_empty() && last.len() <= 64 && meta.itemtypes.len() < MAX_ITEMTYPES {
                    meta.itemtypes.push(last.to_string());
                }
            }
        }
    }

    /// Where the text of an inline element that `spans` record starts.
    /// `href` is the element's own, read with its other attributes.
    fn mark(&self, name: &str, href: Option<&str>) -> Option<Box<Mark>> {
        let kind = match name {
            "em" | "i" | "cite" | "dfn" => SpanKind::Emphasis,
            "strong" | "b" => SpanKind::Strong,
            "code" | "kbd" | "samp" | "tt" | "var" => SpanKind::Code,
            "a" => SpanKind::Link,
            _ => return None,
        };
        let href = if kind == SpanKind::Link {
            let href = htmlize::unescape_attribute(href?);
            let href = href.trim();
            if href.is_empty() || href.len() > MAX_URL_BYTES {
                return None;
            }
            Some(href.to_string())
        } else {
            None
        };
        // Markup inside preformatted text is the code itself.
        if self.top_ctx() & ctx::PRE != 0 && kind != SpanKind::Link {
            return None;
        }
        Some(Box::new(Mark {
            kind,
            block: self.page.blocks.len(),
            at: self.cur.len(),
            href,
        }))
    }

    /// The `href` of the innermost open link, when its span is recorded.
    fn open_link_href(&self) -> Option<&str> {
        self.stack.iter().rev().find_map(|o| {
            o.mark
                .as_ref()
                .filter(|m| m.kind == SpanKind::Link)
                .and_then(|m| m.href.as_deref())
        })
    }

    /// Records an `<img>` of the visible page that is not in chrome.
    fn image(&mut self, el: &lol_html::html_content::Element) {
        let chrome = ctx::NAV | ctx::ASIDE | ctx::FOOTER | ctx::FORM | ctx::STRONG_CHROME;
        if !self.in_body() || self.top_ctx() & chrome != 0 || self.page.images.len() >= MAX_IMAGES {
            return;
        }
        let attr = |n: &str| el.get_attribute(n).filter(|v| !v.trim().is_empty());
        // The smaller of the declared width and height, in pixels.
        let declared = ["width", "height"]
            .iter()
            .filter_map(|d| attr(d)?.trim().trim_end_matches("px").parse::<u32>().ok())
            .min();
        if declared.is_some_and(|px| px <= 2) || attr("hidden").is_some() {
            return;
        }
        // A lazy loader leaves `src` empty or a placeholder and puts the picture elsewhere.
        let src = attr("src")
            .filter(|s| !s.trim_start().starts_with("data:"))
            .or_else(|| attr("data-src"))
            .or_else(|| attr("data-original"))
            .or_else(|| attr("data-lazy-src"))
            .or_else(|| attr("data-url"))
            .or_else(|| {
                let set = attr("srcset").or_else(|| attr("data-srcset"))?;
                set.split_whitespace().next().map(str::to_string)
            });
        let Some(src) = src else { return };
        let src = htmlize::unescape_attribute(src.trim());
        let src = first_of_srcset(&src).to_string();
        if src.len() > MAX_URL_BYTES || src.starts_with("data:") {
            return;
        }
        // What can be the article's lead picture: not declared small (an icon, an avatar),
        // not vector art (logos, icons), not in a byline (the writer's face), and not a
        // link's picture outside a figure (a share button, a teaser's thumbnail) unless
        // the link opens a picture (the photo's enlargement).
        let ctx = self.top_ctx();
        let linked_away = ctx & ctx::LINK != 0
            && ctx & ctx::FIGURE == 0
            && !self.open_link_href().is_some_and(is_picture_file);
        let photo = declared.is_none_or(|px| px >= 100)
            && ctx & ctx::BYLINE == 0
            && !linked_away
            && !is_vector(&src);
        let alt = attr("alt").map(|a| {
            let mut folded = String::new();
            push_folded(
                &mut folded,
                &htmlize::unescape_attribute(&a),
                &mut true,
                false,
            );
            prefix_chars(folded.trim(), MAX_ALT_CHARS)
        });
        self.charge(src.len() + alt.as_ref().map_or(0, String::len) + 64);
        self.page.images.push(RawImage {
            src,
            alt: alt.filter(|a| !a.is_empty()),
            block: self.page.blocks.len(),
            inside: !self.cur.trim().is_empty(),
            photo,
        });
    }

    /// The tag of an element that can hold content, or `None` for the elements that are
    /// read on the spot (`<meta>`, `<link>`, `<br>`, `<img>`, void elements, a second
    /// `<html>` or `<body>`).
    fn container_tag(
        &mut self,
        el: &mut lol_html::html_content::Element,
        name: &str,
    ) -> Option<Tag> {
        let mut tag = Tag::of(name);
        match tag {
            Tag::Html => {
                // lol_html writes the rewritten page to an output nobody reads; with the
                // root removed it stops serialising tokens. Handlers run all the same.
                el.remove();
                if let Some(lang) = el
                    .get_attribute("lang")
                    .or_else(|| el.get_attribute("xml:lang"))
                {
                    self.page.meta.html_lang.get_or_insert(lang);
                }
            }
            Tag::Skip if name == "head" => tag = Tag::Inline,
            // A declarative shadow root is rendered: its content is the element's.
            Tag::Skip
                if name == "template"
                    && (el.get_attribute("shadowrootmode").is_some()
                        || el.get_attribute("shadowroot").is_some()) =>
            {
                tag = Tag::Block;
            }
            _ => {}
        }
        match name {
            "meta" => {
                self.meta_tag(el);
                return None;
            }
            "link" => {
                self.link_tag(el);
                return None;
            }
            // A line break inside preformatted text is a line of the same code block.
            "br" if self.top_ctx() & ctx::PRE != 0 => {
                self.cur.push('\n');
                return None;
            }
            "br" | "hr" => {
                self.flush();
                return None;
            }
            "img" => {
                self.image(el);
                return None;
            }
            "base" => {
                if let Some(href) = el.get_attribute("href") {
                    if href.len() <= MAX_URL_BYTES {
                        // Attribute values are read as a browser reads them: entities
                        // decoded before any address check.
                        let href = htmlize::unescape_attribute(&href).into_owned();
                        self.page.meta.base_href.get_or_insert(href);
                    }
                }
                return None;
            }
            "wbr" => return None,
            _ => {}
        }
        if !el.can_have_content() {
            return None;
        }
        // A second `<html>` or `<body>` (pasted pages, widget markup) opens nothing: the
        // HTML parser merges it into the open one, so the article it sits in stays whole.
        if matches!(tag, Tag::Html | Tag::Body) && self.stack.iter().any(|o| o.tag == tag) {
            return None;
        }
        Some(tag)
    }

    /// Starts capturing the text of the elements whose content is kept aside; returns
    /// whether the element's content is skipped (not visible text).
    fn open_capture(&mut self, tag: Tag, name: &str, attrs: &Attrs) -> bool {
        // `visibility:hidden` on an element near the top of the page is a page hiding
        // itself until its scripts have run (the browser then shows it); deeper down it
        // is a menu or a popup waiting to be shown.
        let invisible = attrs.invisible && self.stack.len() > MAX_WRAPPER_DEPTH;
        // Screen-reader text in a table cell is often all the cell says in words: the
        // `Yes` or `No` of a check-mark icon in a comparison table.
        let unseen = attrs.screen_reader && self.top_ctx() & ctx::CELL == 0;
        let mut skip = tag == Tag::Skip || attrs.hidden || invisible || unseen;
        if tag == Tag::Script {
            self.capture = if attrs.json_ld {
                Capture::JsonLd(Capped::default())
            } else {
                Capture::Script
            };
            skip = true;
        }
        if self.keep_ruby {
            if name == "ruby" {
                self.ruby_base = Some((self.page.blocks.len(), self.cur.len()));
            } else if name == "rt" && self.ruby_base.is_some() {
                self.capture = Capture::Reading(Capped::default());
            }
        }
        if name == "noscript" && self.capture_noscript && self.in_body() && !attrs.hidden {
            self.capture = Capture::Noscript(Capped::default());
        }
        if name == "button" && matches!(self.capture, Capture::None) {
            self.capture = Capture::Button(Capped::default());
        }
        if tag == Tag::Title {
            if !self.in_body() && self.page.meta.title.is_none() {
                self.capture = Capture::Title(Capped::default());
            }
            // A second <title>, or one inside <svg>, is not visible text either.
            skip = true;
        }
        skip
    }

    /// Records an `<rt>` reading against the base text since the `<ruby>` opened or
    /// since the previous `<rt>`.
    fn push_reading(&mut self, raw: &str) {
        let mut reading = String::new();
        let mut sp = true;
        push_folded(&mut reading, raw, &mut sp, false);
        let reading = reading.trim().to_string();
        let here = (self.page.blocks.len(), self.cur.len());
        let base = match self.ruby_base {
            Some((block, at)) if block == here.0 => self.cur.get(at..).unwrap_or(""),
            _ => "",
        };
        let base = base.trim().to_string();
        self.ruby_base = Some(here);
        if !reading.is_empty() && !base.is_empty() && self.page.readings.len() < MAX_READINGS {
            self.page.readings.push((here.0, Reading { base, reading }));
        }
    }

    /// Records a date the markup gives. One whose markup does not say what it dates is an
    /// update when the text just before it says so (`Updated <time>`).
    fn push_time(&mut self, (v, role): (String, TimeRole)) {
        if self.page.meta.times.len() >= MAX_TIMES || v.len() >= 128 {
            return;
        }
        let role = match role {
            TimeRole::Unsaid if metadata::update_label(&self.cur) => TimeRole::Modified,
            said => said,
        };
        self.page.meta.times.push((v, role));
    }

    fn meta_tag(&mut self, el: &lol_html::html_content::Element) {
        let meta = &mut self.page.meta;
        if meta.metas.len() >= MAX_METAS {
            return;
        }
        let key = el
            .get_attribute("property")
            .or_else(|| el.get_attribute("name"))
            .or_else(|| el.get_attribute("itemprop"))
            .or_else(|| el.get_attribute("http-equiv"));
        let (Some(key), Some(content)) = (key, el.get_attribute("content")) else {
            return;
        };
        match prop_kind(&key) {
            Some(PropKind::Price) => meta.counts.price_props += 1,
            Some(PropKind::Rating) => meta.counts.rating_props += 1,
            Some(PropKind::Answer) => meta.counts.answer_props += 1,
            None => {}
        }
        if content.len() > MAX_META_VALUE || key.len() > 128 {
            return;
        }
        let content = htmlize::unescape_attribute(content.as_str())
            .trim()
            .to_string();
        if content.is_empty() {
            return;
        }
        meta.metas.push((key.to_ascii_lowercase(), content));
    }

    fn link_tag(&mut self, el: &lol_html::html_content::Element) {
        if el
            .get_attribute("rel")
            .is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
        {
            if let Some(href) = el
                .get_attribute("href")
                .filter(|h| h.len() <= MAX_URL_BYTES)
            {
                let href = htmlize::unescape_attribute(&href).into_owned();
                self.page.meta.canonical.get_or_insert(href);
            }
        }
    }

    /// Handles the end tag of the element that `start` returned `seq` for.
    pub(crate) fn end(&mut self, seq: u64) {
        let Some(pos) = self.stack.iter().rposition(|o| o.seq == seq) else {
            return;
        };
        if let Some(mark) = self.stack.get_mut(pos).and_then(|o| o.mark.take()) {
            if mark.block == self.page.blocks.len() && mark.at < self.cur.len() {
                self.charge(SPAN_COST + mark.href.as_ref().map_or(0, String::len));
                self.cur_spans
                    .push((mark.kind, mark.at, self.cur.len(), mark.href));
            }
        }
        if self.skip_seq == Some(seq) {
            self.skip_seq = None;
            self.skip_picture = false;
            let captured = std::mem::replace(&mut self.capture, Capture::None);
            self.close_capture(captured);
        } else if self.stack.iter().skip(pos).any(|o| o.tag.is_block()) {
            self.flush();
        }
        self.close_segments(pos);
        self.stack.truncate(pos);
        self.close_byline_if_closed();
    }

    /// Records the streamed segments among the open elements from stack index `from` on,
    /// which are closing.
    fn close_segments(&mut self, from: usize) {
        for o in self.stack.iter().skip(from) {
            if let Some((n, start)) = o.segment {
                self.segments.push(Segment {
                    n,
                    start,
                    end: self.page.blocks.len(),
                    node: o.node,
                });
            }
        }
    }

    /// Records a streamed placeholder (`<template id="B:n">`) where it stands: a block
    /// boundary, inside the innermost open block element.
    fn placeholder(&mut self, n: u32) {
        if self.placeholders.len() >= MAX_STREAMED {
            return;
        }
        self.flush();
        let holder = self.stack.iter().rposition(|o| o.tag.is_block());
        let parent = match holder {
            Some(i) => self.materialize(i),
            None => ROOT,
        };
        let inside = self
            .stack
            .iter()
            .rev()
            .find_map(|o| o.segment.map(|(n, _)| n));
        self.placeholders.push(Placeholder {
            n,
            block: self.page.blocks.len(),
            parent,
            ctx: self.top_ctx(),
            inside,
        });
    }

    /// Files the byline being read once its element is closed (by its end tag, or
    /// implicitly: `<p class=byline>By Jane<p>Text` has no `</p>`).
    fn close_byline_if_closed(&mut self) {
        let depth = self.stack.len();
        if self.author_part_at.is_some_and(|at| at >= depth) {
            self.author_part_at = None;
            if let Some((_, b)) = &mut self.byline {
                b.part(PartKind::Plain);
            }
        }
        if self.byline.as_ref().is_none_or(|(at, _)| *at < depth) {
            return;
        }
        if let Some(b) = self.byline.take().and_then(|(_, d)| d.finish()) {
            self.page.meta.bylines.push(b);
        }
    }

    /// Files what a skipped element's capture gathered.
    fn close_capture(&mut self, captured: Capture) {
        let meta = &mut self.page.meta;
        match captured {
            Capture::Title(t) => {
                let mut out = String::new();
                let mut sp = true;
                push_folded(&mut out, &t.text, &mut sp, false);
                let t = out.trim().to_string();
                if !t.is_empty() {
                    meta.title = Some(t);
                }
            }
            Capture::JsonLd(j) => {
                if meta.json_ld.len() < MAX_JSON_LD_SCRIPTS {
                    meta.json_ld.push(j.text);
                }
            }
            Capture::Reading(r) => self.push_reading(&r.text),
            Capture::Button(t) => {
                if cart_words(&t.text) {
                    meta.counts.cart += 1;
                }
            }
            Capture::Script => {}
            // Tracking pixels and "enable JavaScript" notes are short; a post is not.
            Capture::Noscript(Capped { text: n, .. }) => {
                if n.len() >= NOSCRIPT_MIN_BYTES
                    && meta.noscript.len() + n.len() <= self.limits.max_json_ld_bytes
                {
                    meta.noscript.push_str(&n);
                    meta.noscript.push('\n');
                }
            }
            Capture::None => {}
        }
    }

    /// Handles a text chunk.
    pub(crate) fn text(&mut self, chunk: &str, last: bool) {
        if self.skip_seq.is_some() {
            match &mut self.capture {
                Capture::Title(s)
                | Capture::JsonLd(s)
                | Capture::Reading(s)
                | Capture::Noscript(s) => s.push(chunk, self.limits.max_json_ld_bytes),
                Capture::Button(s) => s.push(chunk, MAX_BUTTON_BYTES),
                Capture::Script => {
                    let c = &mut self.page.meta.counts;
                    c.script_bytes = c.script_bytes.saturating_add(chunk.len() as u64);
                }
                Capture::None => {}
            }
            return;
        }
        if let Some((_, b)) = &mut self.byline {
            b.text(chunk);
        }
        if self.page.truncated || self.page.capped {
            return;
        }
        if !last {
            self.raw.push_str(chunk);
            if self.raw.len() > self.limits.max_text_bytes {
                self.page.truncated = true;
                self.raw.clear();
            }
            return;
        }
        let preserve = self.top_ctx() & ctx::PRE != 0;
        let before = self.cur.len();
        if self.raw.is_empty() {
            // The whole text node came in one chunk (the usual case): no copy.
            push_folded(&mut self.cur, chunk, &mut self.cur_space, preserve);
        } else {
            self.raw.push_str(chunk);
            let raw = std::mem::take(&mut self.raw);
            push_folded(&mut self.cur, &raw, &mut self.cur_space, preserve);
            self.raw = raw;
            self.raw.clear();
        }
        let added = self.cur.len() - before;
        if self.top_ctx() & ctx::LINK != 0 {
            let added_chars = self.cur.get(before..).map_or(0, |s| s.chars().count());
            self.cur_link_chars += added_chars as u32;
        }
        self.text_bytes += added;
        if self.text_bytes > self.limits.max_text_bytes {
            self.page.truncated = true;
        }
    }

    /// Ends the current block.
    fn flush(&mut self) {
        if self.cur.trim().is_empty() {
            self.cur.clear();
            self.cur_space = true;
            self.cur_link_chars = 0;
            // What the spans of an empty block were charged goes back.
            let refund: usize = self
                .cur_spans
                .drain(..)
                .map(|(_, _, _, href)| SPAN_COST + href.map_or(0, |h| h.len()))
                .sum();
            self.held -= refund.min(self.held);
            return;
        }
        // A copy of exactly the block's size; `cur` keeps its capacity for the next block.
        let trimmed = self.cur.trim_end();
        let lead = usize::from(trimmed.starts_with(' '));
        let mut text = trimmed[lead..].to_string();
        let mut spans = spans_of(&text, lead, std::mem::take(&mut self.cur_spans));
        self.cur.clear();
        let link_chars = std::mem::take(&mut self.cur_link_chars);
        self.cur_space = true;
        let mut readings_removed = Vec::new();
        if self.repair_readings {
            if let Some(fixed) = repair::flattened_readings(&text, &mut readings_removed) {
                text = fixed;
                // The offsets no longer hold.
                spans.clear();
            }
        }
        let (kind, level, holder) = self.block_kind();
        let node = self.materialize(holder);
        tracing::trace!(stack = ?self.stack.iter().map(|o| o.tag).collect::<Vec<_>>(), text = %prefix_chars(&text, 30), "block");
        let m = Measure::of(&text);
        self.charge(BLOCK_COST + text.len());
        self.page.blocks.push(RawBlock {
            text,
            kind,
            level,
            node,
            ctx: self.top_ctx(),
            link_chars: link_chars.min(m.chars),
            m,
            extra: (!readings_removed.is_empty() || !spans.is_empty()).then(|| {
                Box::new(BlockExtra {
                    readings_removed,
                    spans,
                })
            }),
        });
    }

    /// The kind of the block being flushed, and the stack index of the element that holds
    /// it: the innermost block element holds it, the innermost one that says decides it.
    fn block_kind(&self) -> (BlockKind, Option<u8>, usize) {
        let mut kind = BlockKind::Paragraph;
        let mut level = None;
        let mut holder = None;
        for (i, o) in self.stack.iter().enumerate().rev() {
            if !o.tag.is_block() {
                continue;
            }
            if holder.is_none() {
                holder = Some(i);
            }
            if let Some((k, l)) = o.tag.block_kind() {
                kind = k;
                level = l;
                break;
            }
        }
        let ctx = self.top_ctx();
        if kind == BlockKind::Paragraph && ctx & ctx::QUOTE != 0 {
            kind = BlockKind::Quote;
        }
        // A paragraph inside `<figcaption>` or a `wp-caption-text` box is a caption.
        if kind == BlockKind::Paragraph && ctx & ctx::FIGURE != 0 {
            kind = BlockKind::Caption;
        }
        (kind, level, holder.unwrap_or(0))
    }

    /// Records the open block elements up to stack index `upto` as nodes (once each) and
    /// returns the innermost one; text outside any block element hangs on the root.
    fn materialize(&mut self, upto: usize) -> NodeId {
        let nodes = &mut self.page.nodes;
        let held = &mut self.held;
        let mut parent = ROOT;
        for o in self
            .stack
            .iter_mut()
            .take(upto + 1)
            .filter(|o| o.tag.is_block())
        {
            parent = *o.node.get_or_insert_with(|| {
                *held += NODE_COST;
                nodes.push(Node {
                    up: parent,
                    tag: o.tag,
                    hint: o.hint,
                    sig: o.sig,
                    marks: o.marks,
                });
                (nodes.len() - 1) as NodeId
            });
        }
        parent
    }

    /// Adds `bytes` to the page's memory account. Past `max_page_memory` the page's menu
    /// lines are dropped to make room ([`Collector::compact`]); when that frees less than
    /// a quarter of the budget, the rest of the page is ignored.
    fn charge(&mut self, bytes: usize) {
        self.held += bytes;
        if self.held <= self.limits.max_page_memory || self.page.capped {
            return;
        }
        let freed = self.compact();
        self.held -= freed.min(self.held);
        tracing::debug!(
            held = self.held,
            freed,
            blocks = self.page.blocks.len(),
            "page memory budget reached: menu lines dropped"
        );
        if self.held > self.limits.max_page_memory / 4 * 3 {
            self.page.capped = true;
        }
    }

    /// Drops the blocks that are menu lines — short (at most 80 characters) and all link
    /// text — which no later stage keeps as article text, and returns the bytes freed.
    /// Block indices held elsewhere (bylines, readings, an open byline or `<ruby>`) move
    /// to the block that now stands where theirs stood.
    fn compact(&mut self) -> usize {
        let menu = |b: &RawBlock| b.m.chars <= 80 && b.link_chars >= b.m.chars && b.m.chars > 0;
        let mut freed = 0;
        let mut freed_text = 0;
        // new_index[i]: the index block `i` (or the next kept one) has after compaction.
        let mut new_index = Vec::with_capacity(self.page.blocks.len() + 1);
        let mut kept = 0usize;
        for b in &self.page.blocks {
            new_index.push(kept as u32);
            if menu(b) {
                freed += BLOCK_COST + b.text.len() + spans_cost(b.spans());
                freed_text += b.text.len();
            } else {
                kept += 1;
            }
        }
        new_index.push(kept as u32);
        let before = self.page.blocks.len();
        self.page.blocks.retain(|b| !menu(b));
        self.page.menu_lines_dropped += (before - self.page.blocks.len()) as u64;
        // Text no longer kept is not counted against max_text_bytes either.
        self.text_bytes -= freed_text.min(self.text_bytes);
        self.page.blocks.shrink_to(self.page.blocks.len() * 2);
        let moved = |i: usize| new_index.get(i).map_or(kept, |&n| n as usize);
        for b in &mut self.page.meta.bylines {
            b.block = moved(b.block);
        }
        for (i, _) in &mut self.page.readings {
            *i = moved(*i);
        }
        if let Some((_, b)) = &mut self.byline {
            b.block = moved(b.block);
        }
        for im in &mut self.page.images {
            im.block = moved(im.block);
        }
        if let Some((i, _)) = &mut self.ruby_base {
            *i = moved(*i);
        }
        for p in &mut self.placeholders {
            p.block = moved(p.block);
        }
        for s in &mut self.segments {
            s.start = moved(s.start);
            s.end = moved(s.end);
        }
        for (_, start) in self.stack.iter_mut().filter_map(|o| o.segment.as_mut()) {
            *start = moved(*start);
        }
        freed + self.compact_nodes()
    }

    /// Drops the element records that no block and no open element needs any more (the
    /// menus whose lines [`Collector::compact`] dropped), renumbering the rest; returns
    /// the bytes freed. Parents are recorded before their children, so the order holds.
    fn compact_nodes(&mut self) -> usize {
        let nodes = &self.page.nodes;
        let mut needed = vec![false; nodes.len()];
        let mut mark = |mut id: Option<NodeId>| {
            while let Some(i) = id {
                match needed.get_mut(i as usize) {
                    Some(n) if !*n => *n = true,
                    _ => break,
                }
                id = nodes.get(i as usize).and_then(Node::parent);
            }
        };
        mark(Some(ROOT));
        for b in &self.page.blocks {
            mark(Some(b.node));
        }
        for o in &self.stack {
            mark(o.node);
        }
        for p in &self.placeholders {
            mark(Some(p.parent));
        }
        for s in &self.segments {
            mark(s.node);
        }
        let mut new_id = Vec::with_capacity(needed.len());
        let mut next: NodeId = 0;
        for &n in &needed {
            new_id.push(next);
            next += NodeId::from(n);
        }
        let renumber = |id: NodeId| new_id.get(id as usize).copied().unwrap_or(ROOT);
        let before = self.page.nodes.len();
        let mut i = 0;
        self.page.nodes.retain(|_| {
            i += 1;
            needed.get(i - 1).copied().unwrap_or(false)
        });
        for n in &mut self.page.nodes {
            if let Some(p) = n.parent() {
                n.up = renumber(p);
            }
        }
        for b in &mut self.page.blocks {
            b.node = renumber(b.node);
        }
        for o in &mut self.stack {
            o.node = o.node.map(renumber);
        }
        for p in &mut self.placeholders {
            p.parent = renumber(p.parent);
        }
        for s in &mut self.segments {
            s.node = s.node.map(renumber);
        }
        self.page.nodes.shrink_to(self.page.nodes.len() * 2);
        (before - self.page.nodes.len()) * NODE_COST
    }

    /// Flushes what is left at the end of the document and hands over the page.
    pub(crate) fn finish(mut self) -> Page {
        self.flush();
        self.close_segments(0);
        self.stack.clear();
        self.close_byline_if_closed();
        if !self.segments.is_empty() {
            self.splice_segments();
        }
        self.page.index_spans();
        self.page
    }

    /// Moves streamed segments where their placeholders stand (see `streamed`), and the
    /// block indices held elsewhere with them.
    fn splice_segments(&mut self) {
        let Some(new_index) = streamed::splice(&mut self.page, &self.placeholders, &self.segments)
        else {
            return;
        };
        let moved = |i: usize| new_index.get(i).map_or(i, |&n| n as usize);
        for b in &mut self.page.meta.bylines {
            b.block = moved(b.block);
        }
        for (i, _) in &mut self.page.readings {
            *i = moved(*i);
        }
        for im in &mut self.page.images {
            im.block = moved(im.block);
        }
        // Readings and images are kept in page order.
        self.page.readings.sort_by_key(|(i, _)| *i);
        self.page.images.sort_by_key(|im| im.block);
        tracing::debug!(
            segments = self.segments.len(),
            "streamed segments moved into place"
        );
    }
}

/// What a block's spans were charged to the page's memory account.
fn spans_cost(spans: &[Span]) -> usize {
    spans
        .iter()
        .map(|s| SPAN_COST + s.href.as_ref().map_or(0, String::len))
        .sum()
}

/// The spans of a block's text from the byte ranges recorded in the text being built,
/// `lead` bytes longer at the start: in characters, inside the text, without whitespace
/// at their ends, empty ones dropped.
fn spans_of(
    text: &str,
    lead: usize,
    recorded: Vec<(SpanKind, usize, usize, Option<String>)>,
) -> Vec<Span> {
    // Byte ranges inside the text, trimmed of whitespace at their ends.
    let mut ranges = Vec::with_capacity(recorded.len());
    for (kind, a, b, href) in recorded {
        let a = a.saturating_sub(lead).min(text.len());
        let b = b.saturating_sub(lead).min(text.len());
        let Some(inner) = text.get(a..b) else {
            continue;
        };
        let start = a + (inner.len() - inner.trim_start().len());
        let end = a + inner.trim_end().len();
        if start < end {
            ranges.push((kind, start, end, href));
        }
    }
    if ranges.is_empty() {
        return Vec::new();
    }
    // Byte offsets to character offsets in one pass over the text, however many spans.
    let mut points: Vec<usize> = ranges.iter().flat_map(|r| [r.1, r.2]).collect();
    points.sort_unstable();
    points.dedup();
    let mut chars_at = Vec::with_capacity(points.len());
    let mut next = points.iter().peekable();
    for (chars, (byte, _)) in text.char_indices().chain([(text.len(), ' ')]).enumerate() {
        while next.next_if(|&&p| p <= byte).is_some() {
            chars_at.push(chars as u32);
        }
    }
    let char_of = |byte: usize| {
        points
            .binary_search(&byte)
            .ok()
            .and_then(|i| chars_at.get(i).copied())
            .unwrap_or(0)
    };
    let mut spans: Vec<Span> = ranges
        .into_iter()
        .map(|(kind, a, b, href)| Span {
            kind,
            start: char_of(a),
            end: char_of(b),
            href,
        })
        .filter(|s| s.start < s.end)
        .collect();
    // Outer spans before the ones they hold.
    spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    spans
}

/// Whether a button's text or value puts something in a cart (`Add to cart`, `Add to
/// bag`, `Buy now`, `In den Warenkorb`, `Ajouter au panier`, `加入购物车`...).
fn cart_words(text: &str) -> bool {
    const CART: [&str; 14] = [
        "add to cart",
        "add to bag",
        "add to basket",
        "add to trolley",
        "buy now",
        "buy it now",
        "warenkorb",
        "panier",
        "carrito",
        "carrello",
        "winkelwagen",
        "カートに入れる",
        "加入购物车",
        "加入購物車",
    ];
    if text.len() > MAX_BUTTON_BYTES {
        return false;
    }
    let mut folded = String::new();
    push_folded(&mut folded, text, &mut true, false);
    let lower = folded.to_lowercase();
    CART.iter().any(|c| lower.contains(c))
}

/// A link to a section, tag or category page.
fn taxonomy_link(href: &str) -> bool {
    [
        "/category/",
        "/categories/",
        "/tag/",
        "/tags/",
        "/topic/",
        "/topics/",
        "/section/",
        "/kategorie/",
        "/categoria/",
        "/rubrique/",
    ]
    .iter()
    .any(|t| href.contains(t))
}

/// The `ctx` bits an element adds for everything under it.
fn context_bits(tag: Tag, attrs: &Attrs, skip: bool) -> u32 {
    let mut bits = match tag {
        Tag::Body => ctx::BODY,
        Tag::Nav => ctx::NAV,
        Tag::Header => ctx::HEADER,
        Tag::Footer => ctx::FOOTER,
        Tag::Aside => ctx::ASIDE,
        Tag::Form => ctx::FORM,
        Tag::Article => ctx::ARTICLE,
        Tag::Main => ctx::MAIN,
        Tag::Blockquote => ctx::QUOTE,
        Tag::Pre => ctx::PRE,
        Tag::A if attrs.href.is_some() => ctx::LINK,
        Tag::Li | Tag::Dt | Tag::Dd => ctx::LIST,
        Tag::Table | Tag::Tr => ctx::TABLE,
        Tag::Td => ctx::TABLE | ctx::CELL,
        Tag::Figcaption => ctx::FIGURE,
        _ => 0,
    };
    if attrs.ingredients {
        bits |= ctx::INGREDIENTS;
    }
    if attrs.caption && !matches!(tag, Tag::Body | Tag::Html | Tag::Main | Tag::Article) {
        bits |= ctx::FIGURE;
    }
    if attrs.article_body {
        bits |= ctx::ARTICLE_BODY;
    }
    if skip {
        bits |= ctx::SKIP;
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::first_of_srcset;

    #[test]
    fn a_srcset_written_into_src_is_its_first_address() {
        assert_eq!(
            first_of_srcset("http://x.org/a.jpg%20600w,%20http://x.org/a-300.jpg%20300w"),
            "http://x.org/a.jpg"
        );
        assert_eq!(first_of_srcset("a.jpg 2x, b.jpg 1x"), "a.jpg");
        assert_eq!(first_of_srcset("a.jpg%201200w"), "a.jpg");
        // Spaces in a plain address, or a number that is no descriptor, stay.
        assert_eq!(first_of_srcset("my%20photo.jpg"), "my%20photo.jpg");
        assert_eq!(first_of_srcset("photo%202x.jpg"), "photo%202x.jpg");
        assert_eq!(
            first_of_srcset("/img/2019%20600.png"),
            "/img/2019%20600.png"
        );
    }
}
