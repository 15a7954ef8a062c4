//! The lol_html pass: tracks open elements, drops what is never content, and cuts the
//! visible text into blocks with the context the extractor needs.
//!
//! lol_html gives no tree: text chunks are fragments (not entity-decoded), and end-tag
//! handlers do not fire for implicitly closed elements. So the collector keeps its own
//! stack of open elements, closes `<p>`, `<li>`, `<td>`... the way the HTML parser would,
//! and records an element as a [`Node`] only when text is found under it: memory grows
//! with the text kept, not with the markup.

use crate::article::BlockKind;
use crate::article::Reading;
use crate::options::{Limits, Options, Ruby};
use crate::pipeline::repair;
use crate::pipeline::text::{push_folded, Measure};

/// Elements the collector knows. Everything else is `Inline` or `Block` by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag {
    Html,
    Body,
    Title,
    P,
    Div,
    H(u8),
    Li,
    Dt,
    Dd,
    Ul,
    Ol,
    Dl,
    Table,
    Tr,
    Td,
    Pre,
    Blockquote,
    Figcaption,
    Caption,
    Article,
    Main,
    Section,
    Nav,
    Header,
    Footer,
    Aside,
    Form,
    A,
    Br,
    Script,
    /// script, style, noscript, template, iframe, svg, form controls, rt/rp ...
    Skip,
    /// Other block-level elements.
    Block,
    /// Inline elements.
    Inline,
}

impl Tag {
    pub(crate) fn of(name: &str) -> Tag {
        match name {
            "html" => Tag::Html,
            "body" => Tag::Body,
            "title" => Tag::Title,
            "p" => Tag::P,
            "div" => Tag::Div,
            "h1" => Tag::H(1),
            "h2" => Tag::H(2),
            "h3" => Tag::H(3),
            "h4" => Tag::H(4),
            "h5" => Tag::H(5),
            "h6" => Tag::H(6),
            "li" => Tag::Li,
            "dt" => Tag::Dt,
            "dd" => Tag::Dd,
            "ul" | "menu" | "dir" => Tag::Ul,
            "ol" => Tag::Ol,
            "dl" => Tag::Dl,
            "table" => Tag::Table,
            "tr" => Tag::Tr,
            "td" | "th" => Tag::Td,
            "pre" | "listing" | "xmp" => Tag::Pre,
            "blockquote" => Tag::Blockquote,
            "figcaption" => Tag::Figcaption,
            "caption" => Tag::Caption,
            "article" => Tag::Article,
            "main" => Tag::Main,
            "section" => Tag::Section,
            "nav" => Tag::Nav,
            "header" => Tag::Header,
            "footer" => Tag::Footer,
            "aside" => Tag::Aside,
            "form" => Tag::Form,
            "a" => Tag::A,
            "br" => Tag::Br,
            "script" => Tag::Script,
            "style" | "noscript" | "template" | "iframe" | "svg" | "canvas" | "math" | "object"
            | "embed" | "select" | "textarea" | "button" | "option" | "optgroup" | "datalist"
            | "audio" | "video" | "rt" | "rp" | "head" | "input" | "frameset" | "frame"
            | "dialog" | "map" | "picture" | "source" | "track" | "applet" => Tag::Skip,
            "address" | "center" | "details" | "summary" | "fieldset" | "figure" | "hgroup"
            | "hr" | "legend" | "tbody" | "thead" | "tfoot" | "colgroup" | "body-content" => {
                Tag::Block
            }
            n if n.contains('-') => Tag::Block,
            _ => Tag::Inline,
        }
    }

    pub(crate) fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::Inline | Tag::A | Tag::Title | Tag::Script | Tag::Skip
        )
    }

    /// Starting one of these closes an open `<p>` (HTML's "close a p element").
    fn closes_p(self) -> bool {
        matches!(
            self,
            Tag::P
                | Tag::Li
                | Tag::Dt
                | Tag::Dd
                | Tag::Div
                | Tag::H(_)
                | Tag::Ul
                | Tag::Ol
                | Tag::Dl
                | Tag::Table
                | Tag::Pre
                | Tag::Blockquote
                | Tag::Article
                | Tag::Main
                | Tag::Section
                | Tag::Nav
                | Tag::Header
                | Tag::Footer
                | Tag::Aside
                | Tag::Form
                | Tag::Block
        )
    }
}

/// Context bits inherited by everything under an element.
pub(crate) mod ctx {
    pub(crate) const NAV: u32 = 1;
    pub(crate) const HEADER: u32 = 1 << 1;
    pub(crate) const FOOTER: u32 = 1 << 2;
    pub(crate) const ASIDE: u32 = 1 << 3;
    pub(crate) const FORM: u32 = 1 << 4;
    pub(crate) const ARTICLE: u32 = 1 << 5;
    pub(crate) const MAIN: u32 = 1 << 6;
    pub(crate) const QUOTE: u32 = 1 << 7;
    pub(crate) const PRE: u32 = 1 << 8;
    pub(crate) const LINK: u32 = 1 << 9;
    pub(crate) const LIST: u32 = 1 << 10;
    pub(crate) const TABLE: u32 = 1 << 11;
    pub(crate) const SKIP: u32 = 1 << 12;
    pub(crate) const BODY: u32 = 1 << 13;
    pub(crate) const FIGURE: u32 = 1 << 14;
    pub(crate) const ARTICLE_BODY: u32 = 1 << 15;
    /// A recipe's ingredient list (`class=ingredients`, `itemprop=recipeIngredient`):
    /// its items often link every product name.
    pub(crate) const INGREDIENTS: u32 = 1 << 16;
}

/// The synthetic root node, parent of everything (the page's own `<html>` included).
const ROOT: u32 = 0;

/// An element under which text was found.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub(crate) parent: Option<u32>,
    pub(crate) tag: Tag,
    /// Class/id/role evidence: positive for article-like names, negative for chrome.
    pub(crate) hint: i16,
}

/// A run of visible text between block boundaries.
#[derive(Debug, Clone)]
pub(crate) struct RawBlock {
    pub(crate) text: String,
    pub(crate) kind: BlockKind,
    pub(crate) level: Option<u8>,
    /// The innermost block element holding the text.
    pub(crate) node: u32,
    pub(crate) ctx: u32,
    pub(crate) link_chars: u32,
    pub(crate) m: Measure,
    /// Flattened readings removed from the text (`學(xué)`).
    pub(crate) readings_removed: Vec<String>,
}

/// Metadata seen on the way.
#[derive(Debug, Default)]
pub(crate) struct PageMeta {
    /// `(name or property or itemprop, content)` of `<meta>` tags, lowercased names.
    pub(crate) metas: Vec<(String, String)>,
    pub(crate) title: Option<String>,
    pub(crate) canonical: Option<String>,
    pub(crate) html_lang: Option<String>,
    pub(crate) json_ld: Vec<String>,
    /// `datetime` of `<time>` elements and `itemprop=datePublished` values.
    pub(crate) times: Vec<String>,
    /// The markup inside the body's sizeable `<noscript>` elements (HTML parsers read it
    /// as text): some platforms put the whole post there and render it with scripts.
    pub(crate) noscript: String,
}

const MAX_METAS: usize = 256;
/// `<noscript>` markup shorter than this is a tracking pixel or a notice, not a post.
const NOSCRIPT_MIN_BYTES: usize = 400;
const MAX_META_VALUE: usize = 4096;

#[derive(Debug)]
struct Open {
    seq: u64,
    tag: Tag,
    ctx: u32,
    hint: i16,
    node: Option<u32>,
}

enum Capture {
    None,
    Title(String),
    JsonLd(String),
    /// The text of an `<rt>`, with `ruby=keep`.
    Reading(String),
    /// The raw markup of a `<noscript>` in the body.
    Noscript(String),
}

/// The state shared by the lol_html handlers of one page.
pub(crate) struct Collector {
    limits: Limits,
    repair_readings: bool,
    keep_ruby: bool,
    /// Where the base text of the next `<rt>` starts: (block index, byte offset in `cur`).
    ruby_base: Option<(usize, usize)>,
    /// `<ruby>` readings with the index of the block they are in (`ruby=keep`).
    pub(crate) readings: Vec<(usize, Reading)>,
    stack: Vec<Open>,
    seq: u64,
    pub(crate) nodes: Vec<Node>,
    pub(crate) blocks: Vec<RawBlock>,
    pub(crate) meta: PageMeta,
    cur: String,
    cur_space: bool,
    cur_link_chars: u32,
    raw: String,
    capture: Capture,
    /// The `seq` of the element whose content is being skipped.
    skip_seq: Option<u64>,
    text_bytes: usize,
    pub(crate) truncated: bool,
    /// Off for a page that is itself `<noscript>` markup, so the fallback never recurses.
    pub(crate) capture_noscript: bool,
    /// What each class value of this page says: pages repeat a few values hundreds of times.
    classes: ClassMemo,
}

impl Collector {
    pub(crate) fn new(options: &Options) -> Self {
        Collector {
            limits: options.limits,
            repair_readings: options.repair_readings,
            keep_ruby: options.ruby == Ruby::Keep,
            ruby_base: None,
            readings: Vec::new(),
            stack: Vec::with_capacity(64),
            seq: 0,
            nodes: vec![Node {
                parent: None,
                tag: Tag::Html,
                hint: 0,
            }],
            blocks: Vec::new(),
            meta: PageMeta::default(),
            cur: String::new(),
            cur_space: true,
            cur_link_chars: 0,
            raw: String::new(),
            capture: Capture::None,
            skip_seq: None,
            text_bytes: 0,
            truncated: false,
            capture_noscript: true,
            classes: ClassMemo::default(),
        }
    }

    fn top_ctx(&self) -> u32 {
        self.stack.last().map_or(0, |o| o.ctx)
    }

    /// Handles a start tag. Returns the `seq` to pass to [`Collector::end`] when the
    /// element's end tag is seen, or `None` when the element is not tracked.
    pub(crate) fn start(&mut self, el: &mut lol_html::html_content::Element) -> Option<u64> {
        if self.skip_seq.is_some() {
            return None;
        }
        let name = el.tag_name();
        let mut tag = Tag::of(&name);
        match tag {
            Tag::Html => {
                // lol_html writes the rewritten page to an output nobody reads; with the
                // root removed it stops serialising tokens. Handlers run all the same.
                el.remove();
                if let Some(lang) = el
                    .get_attribute("lang")
                    .or_else(|| el.get_attribute("xml:lang"))
                {
                    self.meta.html_lang.get_or_insert(lang);
                }
            }
            Tag::Skip if name == "head" => tag = Tag::Inline,
            _ => {}
        }
        if name == "meta" {
            self.meta_tag(el);
            return None;
        }
        if name == "link" {
            if el
                .get_attribute("rel")
                .is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
            {
                if let Some(href) = el.get_attribute("href") {
                    self.meta.canonical.get_or_insert(href);
                }
            }
            return None;
        }
        if tag == Tag::Br || name == "hr" || name == "img" || name == "wbr" {
            if tag == Tag::Br || name == "hr" {
                self.flush();
            }
            return None;
        }
        if !el.can_have_content() {
            return None;
        }
        // A second `<html>` or `<body>` (pasted pages, widget markup) opens nothing: the
        // HTML parser merges it into the open one, so the article it sits in stays whole.
        if matches!(tag, Tag::Html | Tag::Body) && self.stack.iter().any(|o| o.tag == tag) {
            return None;
        }

        self.implicit_close(tag);
        if tag.is_block() {
            self.flush();
        }

        let attrs = Attrs::read(el, tag, &name, &mut self.classes);
        let mut skip = tag == Tag::Skip || attrs.hidden;
        if tag == Tag::Script {
            if attrs.json_ld {
                self.capture = Capture::JsonLd(String::new());
            }
            skip = true;
        }
        if self.keep_ruby {
            if name == "ruby" {
                self.ruby_base = Some((self.blocks.len(), self.cur.len()));
            } else if name == "rt" && self.ruby_base.is_some() {
                self.capture = Capture::Reading(String::new());
            }
        }
        if name == "noscript" && self.capture_noscript && self.in_body() && !attrs.hidden {
            self.capture = Capture::Noscript(String::new());
        }
        if tag == Tag::Title && !self.in_body() && self.meta.title.is_none() {
            self.capture = Capture::Title(String::new());
            skip = true;
        } else if tag == Tag::Title {
            skip = true; // <title> inside <svg> or a second one
        }

        let parent_ctx = self.top_ctx();
        let mut ctx = parent_ctx;
        ctx |= match tag {
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
            Tag::A if attrs.href => ctx::LINK,
            Tag::Li | Tag::Dt | Tag::Dd => ctx::LIST,
            Tag::Table | Tag::Td | Tag::Tr => ctx::TABLE,
            Tag::Figcaption => ctx::FIGURE,
            _ => 0,
        };
        let mut hint = attrs.hint;
        if attrs.ingredients {
            ctx |= ctx::INGREDIENTS;
        }
        if attrs.caption && !matches!(tag, Tag::Body | Tag::Html | Tag::Main | Tag::Article) {
            ctx |= ctx::FIGURE;
        }
        if attrs.article_body {
            ctx |= ctx::ARTICLE_BODY;
            hint += 50;
        }
        if let Some(v) = attrs.time {
            self.push_time(v);
        }
        if skip {
            ctx |= ctx::SKIP;
        }
        // An inline element that changes nothing (most <span>, <b>, <em>...) is not
        // tracked: no stack entry, no end-tag handler.
        if !tag.is_block() && !skip && ctx == parent_ctx && hint == 0 {
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
        }
        self.stack.push(Open {
            seq,
            tag,
            ctx,
            hint: hint.clamp(-100, 100) as i16,
            node: None,
        });
        Some(seq)
    }

    /// Records an `<rt>` reading against the base text since the `<ruby>` opened or
    /// since the previous `<rt>`.
    fn push_reading(&mut self, raw: &str) {
        let mut reading = String::new();
        let mut sp = true;
        push_folded(&mut reading, raw, &mut sp, false);
        let reading = reading.trim().to_string();
        let here = (self.blocks.len(), self.cur.len());
        let base = match self.ruby_base {
            Some((block, at)) if block == here.0 => self.cur.get(at..).unwrap_or(""),
            _ => "",
        };
        let base = base.trim().to_string();
        self.ruby_base = Some(here);
        if !reading.is_empty() && !base.is_empty() && self.readings.len() < 10_000 {
            self.readings.push((here.0, Reading { base, reading }));
        }
    }

    fn in_body(&self) -> bool {
        self.top_ctx() & ctx::BODY != 0
    }

    fn push_time(&mut self, v: String) {
        if self.meta.times.len() < 16 && v.len() < 128 {
            self.meta.times.push(v);
        }
    }

    fn meta_tag(&mut self, el: &lol_html::html_content::Element) {
        if self.meta.metas.len() >= MAX_METAS {
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
        if content.len() > MAX_META_VALUE || key.len() > 128 {
            return;
        }
        let content = html_escape::decode_html_entities(&content)
            .trim()
            .to_string();
        if content.is_empty() {
            return;
        }
        self.meta.metas.push((key.to_ascii_lowercase(), content));
    }

    /// Closes what the HTML parser would close implicitly before `tag` opens.
    fn implicit_close(&mut self, tag: Tag) {
        let (targets, bounds): (&[Tag], &[Tag]) = match tag {
            Tag::Li => (
                &[Tag::Li],
                &[Tag::Ul, Tag::Ol, Tag::Table, Tag::Td, Tag::Div],
            ),
            Tag::Dt | Tag::Dd => (
                &[Tag::Dt, Tag::Dd],
                &[Tag::Dl, Tag::Table, Tag::Td, Tag::Div],
            ),
            Tag::Tr => (&[Tag::Tr, Tag::Td], &[Tag::Table]),
            Tag::Td => (&[Tag::Td], &[Tag::Tr, Tag::Table]),
            Tag::H(_) => (
                &[
                    Tag::H(1),
                    Tag::H(2),
                    Tag::H(3),
                    Tag::H(4),
                    Tag::H(5),
                    Tag::H(6),
                ],
                &[],
            ),
            t if t.closes_p() => (&[Tag::P], &[Tag::Table, Tag::Td, Tag::Html, Tag::Body]),
            _ => return,
        };
        if tag.closes_p() && !matches!(tag, Tag::P) {
            self.close_nearest(&[Tag::P], &[Tag::Table, Tag::Td, Tag::Html, Tag::Body], 4);
        }
        let reach = if matches!(tag, Tag::H(_)) { 1 } else { 8 };
        self.close_nearest(targets, bounds, reach);
    }

    fn close_nearest(&mut self, targets: &[Tag], bounds: &[Tag], reach: usize) {
        let mut found = None;
        for (i, o) in self.stack.iter().enumerate().rev().take(reach) {
            if targets.contains(&o.tag) {
                found = Some(i);
                break;
            }
            if bounds.contains(&o.tag) {
                break;
            }
        }
        if let Some(i) = found {
            self.flush();
            self.stack.truncate(i);
        }
    }

    /// Handles the end tag of the element that `start` returned `seq` for.
    pub(crate) fn end(&mut self, seq: u64) {
        let Some(pos) = self.stack.iter().rposition(|o| o.seq == seq) else {
            return;
        };
        if self.skip_seq == Some(seq) {
            self.skip_seq = None;
            match std::mem::replace(&mut self.capture, Capture::None) {
                Capture::Title(t) => {
                    let mut out = String::new();
                    let mut sp = true;
                    push_folded(&mut out, &t, &mut sp, false);
                    let t = out.trim().to_string();
                    if !t.is_empty() {
                        self.meta.title = Some(t);
                    }
                }
                Capture::JsonLd(j) => {
                    if self.meta.json_ld.len() < 16 {
                        self.meta.json_ld.push(j);
                    }
                }
                Capture::Reading(r) => self.push_reading(&r),
                // Tracking pixels and "enable JavaScript" notes are short; a post is not.
                Capture::Noscript(n) => {
                    if n.len() >= NOSCRIPT_MIN_BYTES
                        && self.meta.noscript.len() + n.len() <= self.limits.max_json_ld_bytes
                    {
                        self.meta.noscript.push_str(&n);
                        self.meta.noscript.push('\n');
                    }
                }
                Capture::None => {}
            }
        } else if self.stack.iter().skip(pos).any(|o| o.tag.is_block()) {
            self.flush();
        }
        self.stack.truncate(pos);
    }

    /// Handles a text chunk.
    pub(crate) fn text(&mut self, chunk: &str, last: bool) {
        if self.skip_seq.is_some() {
            match &mut self.capture {
                Capture::Title(s)
                | Capture::JsonLd(s)
                | Capture::Reading(s)
                | Capture::Noscript(s) => {
                    if s.len() + chunk.len() <= self.limits.max_json_ld_bytes {
                        s.push_str(chunk);
                    }
                }
                Capture::None => {}
            }
            return;
        }
        if self.truncated {
            return;
        }
        if !last {
            self.raw.push_str(chunk);
            if self.raw.len() > self.limits.max_text_bytes {
                self.truncated = true;
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
            self.truncated = true;
        }
    }

    /// Ends the current block.
    pub(crate) fn flush(&mut self) {
        if self.cur.trim().is_empty() {
            self.cur.clear();
            self.cur_space = true;
            self.cur_link_chars = 0;
            return;
        }
        // A copy of exactly the block's size; `cur` keeps its capacity for the next block.
        let trimmed = self.cur.trim_end();
        let mut text = trimmed.strip_prefix(' ').unwrap_or(trimmed).to_string();
        self.cur.clear();
        let link_chars = std::mem::take(&mut self.cur_link_chars);
        self.cur_space = true;
        let mut readings_removed = Vec::new();
        if self.repair_readings {
            if let Some(fixed) = repair::flattened_readings(&text, &mut readings_removed) {
                text = fixed;
            }
        }

        // The innermost block element decides the kind and holds the block.
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
            if let Some((k, l)) = kind_of(o.tag) {
                kind = k;
                level = l;
                break;
            }
        }
        if kind == BlockKind::Paragraph && self.top_ctx() & ctx::QUOTE != 0 {
            kind = BlockKind::Quote;
        }
        // A paragraph inside `<figcaption>` or a `wp-caption-text` box is a caption.
        if kind == BlockKind::Paragraph && self.top_ctx() & ctx::FIGURE != 0 {
            kind = BlockKind::Caption;
        }
        let node = self.materialize(holder.unwrap_or(0));
        tracing::trace!(stack = ?self.stack.iter().map(|o| o.tag).collect::<Vec<_>>(), text = %crate::pipeline::text::prefix_chars(&text, 30), "block");
        let ctx = self.top_ctx();
        let m = Measure::of(&text);
        self.blocks.push(RawBlock {
            text,
            kind,
            level,
            node,
            ctx,
            link_chars: link_chars.min(m.chars),
            m,
            readings_removed,
        });
    }

    /// Records the open block elements up to stack index `upto` as nodes (once each) and
    /// returns the innermost one; text outside any block element hangs on the root.
    fn materialize(&mut self, upto: usize) -> u32 {
        let nodes = &mut self.nodes;
        let mut parent = ROOT;
        for o in self
            .stack
            .iter_mut()
            .take(upto + 1)
            .filter(|o| o.tag.is_block())
        {
            parent = *o.node.get_or_insert_with(|| {
                nodes.push(Node {
                    parent: Some(parent),
                    tag: o.tag,
                    hint: o.hint,
                });
                (nodes.len() - 1) as u32
            });
        }
        parent
    }

    /// Flushes what is left at the end of the document.
    pub(crate) fn finish(&mut self) {
        self.flush();
        self.stack.clear();
    }
}

/// What the collector reads from one element's attributes, in one pass over them.
#[derive(Default)]
struct Attrs {
    hidden: bool,
    href: bool,
    json_ld: bool,
    article_body: bool,
    ingredients: bool,
    /// `class=caption`, `wp-caption-text`: a picture caption outside `<figcaption>`.
    caption: bool,
    /// Class/id/role evidence (block elements only: only they become nodes).
    hint: i32,
    /// `datetime` of `<time>`, or the value of `itemprop=datePublished`.
    time: Option<String>,
}

impl Attrs {
    fn read(
        el: &lol_html::html_content::Element,
        tag: Tag,
        name: &str,
        classes: &mut ClassMemo,
    ) -> Attrs {
        let mut a = Attrs::default();
        let attributes = el.attributes();
        if attributes.is_empty() {
            return a;
        }
        let block = tag.is_block();
        let (mut date_published, mut content, mut datetime) = (false, None, None);
        for attr in attributes {
            match attr.name().as_str() {
                "hidden" => a.hidden = true,
                "aria-hidden" => a.hidden |= attr.value().eq_ignore_ascii_case("true"),
                "style" => a.hidden |= hides(&attr.value()),
                "href" => a.href = true,
                "type" if tag == Tag::Script => {
                    a.json_ld = attr.value().eq_ignore_ascii_case("application/ld+json");
                }
                "itemprop" if tag != Tag::Script => match attr.value().as_str() {
                    "articleBody" => a.article_body = true,
                    "recipeIngredient" | "ingredients" => a.ingredients = true,
                    "datePublished" => date_published = true,
                    _ => {}
                },
                "content" => content = Some(attr.value()),
                "datetime" => datetime = Some(attr.value()),
                "role" if block => {
                    a.hint += match attr.value().as_str() {
                        "navigation" | "menu" | "menubar" | "banner" | "contentinfo"
                        | "complementary" | "dialog" | "alert" | "search" => -40,
                        "main" | "article" => 25,
                        _ => 0,
                    }
                }
                "class" => {
                    let mut value = attr.value();
                    value.make_ascii_lowercase();
                    let (facts, hint) = classes.get(value, block);
                    a.hidden |= facts.hides;
                    a.ingredients |= facts.ingredients;
                    a.caption |= facts.caption;
                    a.hint += hint;
                }
                "id" if block => a.hint += class_hint(&attr.value()),
                _ => {}
            }
        }
        if date_published {
            a.time = content.or(datetime);
        } else if name == "time" {
            a.time = datetime;
        }
        a.hint = a.hint.clamp(-100, 100);
        a
    }
}

/// The kind of the blocks an element holds; `None` for elements that do not decide it.
fn kind_of(tag: Tag) -> Option<(BlockKind, Option<u8>)> {
    match tag {
        Tag::H(l) => Some((BlockKind::Heading, Some(l))),
        Tag::Li | Tag::Dt | Tag::Dd => Some((BlockKind::ListItem, None)),
        Tag::Pre => Some((BlockKind::Code, None)),
        Tag::Figcaption | Tag::Caption => Some((BlockKind::Caption, None)),
        Tag::Blockquote => Some((BlockKind::Quote, None)),
        Tag::Td | Tag::Tr => Some((BlockKind::Table, None)),
        Tag::P | Tag::Div | Tag::Article | Tag::Section | Tag::Main | Tag::Body => {
            Some((BlockKind::Paragraph, None))
        }
        _ => None,
    }
}

/// Inline styles that hide an element.
fn hides(style: &str) -> bool {
    let s: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    s.contains("display:none") || s.contains("visibility:hidden")
}

/// [`ClassFacts`] and [`class_hint`] of the class values seen on a page: up to
/// `MAX_CLASSES` values of up to `MAX_CLASS_BYTES` each (at most 1 MiB a page).
#[derive(Default)]
struct ClassMemo(foldhash::HashMap<String, (ClassFacts, Option<i32>)>);

const MAX_CLASSES: usize = 4096;
const MAX_CLASS_BYTES: usize = 256;

impl ClassMemo {
    /// The facts of the lowercased class value, and its hint when `block` (0 otherwise).
    fn get(&mut self, value: String, block: bool) -> (ClassFacts, i32) {
        if let Some((facts, hint)) = self.0.get_mut(value.as_str()) {
            if block && hint.is_none() {
                *hint = Some(class_hint(&value));
            }
            return (*facts, hint.filter(|_| block).unwrap_or(0));
        }
        let facts = ClassFacts::of(&value);
        let hint = block.then(|| class_hint(&value));
        if self.0.len() < MAX_CLASSES && value.len() <= MAX_CLASS_BYTES {
            self.0.insert(value, (facts, hint));
        }
        (facts, hint.unwrap_or(0))
    }
}

/// What a lowercased class attribute says beyond chrome/article words, read in one pass
/// over its class names.
#[derive(Debug, Default, PartialEq, Clone, Copy)]
struct ClassFacts {
    /// Framework classes that hide the element on screen (`hidden`, Bootstrap's `d-none`),
    /// unless another class shows it again at some screen size (`d-md-block`, `md:block`);
    /// hover cards and tooltips written inline in a sentence.
    hides: bool,
    /// A picture caption written outside `<figcaption>` (see [`caption_class`]).
    caption: bool,
    /// A recipe's ingredient list (`recipe-ingredients`, `zutaten`).
    ingredients: bool,
}

impl ClassFacts {
    fn of(lower: &str) -> ClassFacts {
        const POPUPS: [&str; 8] = [
            "hovercard",
            "hover-card",
            "tooltiptext",
            "tooltip-text",
            "tooltip-content",
            "popover-content",
            "popover-body",
            "rollover-block",
        ];
        // One pass for the words that make the rest worth looking at (none holds
        // whitespace, so a match in the value is a match in one class name).
        let (mut maybe_popup, mut ingredients) = (false, false);
        let bytes = lower.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            let rest = bytes.get(i..).unwrap_or_default();
            match b {
                b'o' => maybe_popup |= rest.starts_with(b"over"),
                b't' => maybe_popup |= rest.starts_with(b"tooltip"),
                b'i' => ingredients |= rest.starts_with(b"ingredient"),
                b'z' => ingredients |= rest.starts_with(b"zutat"),
                _ => {}
            }
        }
        let mut facts = ClassFacts::default();
        let (mut hidden, mut shown, mut popup) = (false, false, false);
        for token in lower.split_ascii_whitespace() {
            popup |= maybe_popup
                && (POPUPS.iter().any(|p| token.contains(p))
                    || (token.contains("rollover") && token.ends_with("-block")));
            if token == "hidden" || token == "d-none" {
                hidden = true;
            } else if token.contains(':')
                || ["d-sm-", "d-md-", "d-lg-", "d-xl-", "d-xxl-", "visible-"]
                    .iter()
                    .any(|p| token.starts_with(p))
            {
                shown = true;
            }
            facts.caption |= caption_class(token);
        }
        facts.ingredients = ingredients;
        facts.hides = popup || (hidden && !shown);
        facts
    }
}

/// Class names of picture captions written outside `<figcaption>`: `caption`,
/// `wp-caption-text`, `image-caption`, `caption-full`. Not words inside longer names
/// (`f_caption_muted_videos_on` is a feature flag on `<body>`).
fn caption_class(token: &str) -> bool {
    matches!(
        token,
        "caption" | "figcaption" | "wp-caption" | "wp-caption-text"
    ) || token.starts_with("caption-")
        || token.ends_with("-caption")
        || token.ends_with("__caption")
}

/// Whole class/id words that mark article containers.
fn positive_word(w: &str) -> bool {
    matches!(
        w,
        "article"
            | "articles"
            | "content"
            | "entry"
            | "hentry"
            | "main"
            | "post"
            | "story"
            | "text"
            | "body"
            | "blog"
            | "detail"
            | "details"
            | "news"
            | "zw"
            | "zhengwen"
            | "artibody"
            | "paragraph"
            | "prose"
            | "richtext"
            | "rich"
            | "recipe"
            | "ingredients"
            | "ingredient"
            | "instructions"
            | "zutaten"
            | "zubereitung"
    )
}

/// Whole class/id words that mark page chrome.
fn negative_word(w: &str) -> bool {
    matches!(
        w,
        "comment"
            | "comments"
            | "footer"
            | "foot"
            | "sidebar"
            | "side"
            | "share"
            | "sharing"
            | "social"
            | "related"
            | "recommend"
            | "recommended"
            | "nav"
            | "navbar"
            | "navigation"
            | "menu"
            | "breadcrumb"
            | "breadcrumbs"
            | "banner"
            | "ad"
            | "ads"
            | "advert"
            | "advertisement"
            | "promo"
            | "sponsor"
            | "sponsored"
            | "popup"
            | "modal"
            | "cookie"
            | "cookies"
            | "subscribe"
            | "newsletter"
            | "tags"
            | "tag"
            | "login"
            | "copyright"
            | "pagination"
            | "pager"
            | "toolbar"
            | "masthead"
            | "hot"
            | "rank"
            | "ranking"
            | "links"
            | "outbrain"
            | "taboola"
            | "disqus"
            | "gdpr"
            | "consent"
            | "print"
            | "bio"
            | "byline"
            | "meta"
            | "hidden"
            | "hide"
            | "header"
            | "topbar"
            | "reply"
            | "replies"
            | "rss"
            | "shopping"
            | "follow"
            | "qrcode"
            | "qr"
            | "ewm"
            | "erweima"
            | "weixin"
            | "wechat"
            | "crumb"
            | "crumbs"
            | "teaser"
            | "teasers"
            | "rail"
            | "author"
            | "authors"
            | "autor"
            | "autorin"
            | "autoren"
            | "cta"
            | "notification"
            | "donate"
    )
}

/// Word parts that count even inside compounds (`commentlist`, `sidebarWidget`,
/// `articleBody`), in three groups: chrome, comment areas, article.
const COMPOUNDS: [&[&str]; 3] = [
    &[
        "sidebar",
        "footer",
        "related",
        "recommend",
        "share",
        "breadcrumb",
        "advert",
        "copyright",
        "newsletter",
        "subscribe",
        "signup",
    ],
    &["comment", "disqus", "reply", "replies", "respond"],
    &[
        "article",
        "content",
        "artibody",
        "post-body",
        "entry-content",
        "story-body",
        "main-text",
    ],
];

fn compounds() -> Option<&'static (aho_corasick::AhoCorasick, Vec<usize>)> {
    static AC: std::sync::OnceLock<Option<(aho_corasick::AhoCorasick, Vec<usize>)>> =
        std::sync::OnceLock::new();
    AC.get_or_init(|| {
        let mut words = Vec::new();
        let mut group = Vec::new();
        for (g, list) in COMPOUNDS.iter().enumerate() {
            for w in *list {
                words.push(*w);
                group.push(g);
            }
        }
        aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&words)
            .ok()
            .map(|ac| (ac, group))
    })
    .as_ref()
}

/// CSS-framework utility classes (`justify-content-between`, `text-center`,
/// `md:hidden`): they style any element and say nothing about what it holds.
fn utility_class(token: &str) -> bool {
    const PREFIXES: [&str; 10] = [
        "justify-", "align-", "place-", "text-", "font-", "bg-", "d-", "flex-", "order-", "col-",
    ];
    token.contains(':') || PREFIXES.iter().any(|p| token.starts_with(p))
}

/// Scores a class or id value by the words it is made of: +25 for article words, -25 for
/// chrome words, a further -50 for comment areas (they hold real prose).
pub(crate) fn class_hint(value: &str) -> i32 {
    if value.is_empty() {
        return 0;
    }
    let lower: std::borrow::Cow<str> = if value.bytes().any(|b| b.is_ascii_uppercase()) {
        value.to_ascii_lowercase().into()
    } else {
        value.into()
    };
    let (mut pos, mut neg, mut comments, mut embed) = (false, false, false, false);
    for token in lower.split_ascii_whitespace() {
        let utility = utility_class(token);
        for word in token.split(|c: char| !c.is_ascii_alphanumeric()) {
            // `social-media-embed`, `embed-twitter`: a post embedded in the article is
            // content, whatever the chrome word beside it (utility classes included).
            embed |= matches!(word, "embed" | "embedded" | "oembed");
            if !utility {
                pos |= positive_word(word);
                neg |= negative_word(word);
            }
        }
    }
    // One scan of the whole value for the compound parts (none holds whitespace, so each
    // match lies in one class name); a match inside a utility class does not count.
    if let Some((ac, group)) = compounds() {
        let bytes = lower.as_bytes();
        for m in ac.find_overlapping_iter(lower.as_ref()) {
            let from = bytes
                .get(..m.start())
                .and_then(|b| b.iter().rposition(u8::is_ascii_whitespace))
                .map_or(0, |i| i + 1);
            let to = bytes
                .get(m.end()..)
                .and_then(|b| b.iter().position(u8::is_ascii_whitespace))
                .map_or(bytes.len(), |i| m.end() + i);
            if lower.get(from..to).is_none_or(utility_class) {
                continue;
            }
            match group.get(m.pattern().as_usize()) {
                Some(0) => neg = true,
                Some(1) => comments = true,
                Some(_) => pos = true,
                None => {}
            }
        }
    }
    if embed {
        neg = false;
    }
    25 * i32::from(pos) - 25 * i32::from(neg) - 50 * i32::from(comments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_words() {
        assert!(class_hint("article-body") > 0);
        assert!(class_hint("comment-list") <= -50);
        assert!(class_hint("article-comments") < 0);
        assert_eq!(class_hint("download shadow"), 0);
        assert!(class_hint("sidebarWidget") < 0);
        // Teaser lists and side rails are chrome; the words match as tokens only.
        assert!(class_hint("right-rail") < 0);
        assert!(class_hint("teaser-list") < 0);
        assert_eq!(class_hint("guardrail"), 0);
        // Infinite-scroll wrappers (`ajax-load-more-wrap`) hold the article itself.
        assert_eq!(class_hint("ajax-load-more-wrap"), 0);
        // Author boxes hold a biography, not the article.
        assert!(class_hint("box-autor") < 0);
        // A recipe's ingredients are the article, whatever print class they carry.
        assert_eq!(class_hint("recipe-ingredients print-links"), 0);
        // Framework utility classes carry no evidence; the other tokens still do.
        assert_eq!(class_hint("row justify-content-between text-center"), 0);
        assert!(class_hint("text-muted post-body") > 0);
        assert!(class_hint("md:flex share-bar") < 0);
    }

    fn class_hides(value: &str) -> bool {
        ClassFacts::of(value).hides
    }

    #[test]
    fn class_memo_answers_as_the_functions_do() {
        let mut memo = ClassMemo::default();
        for (value, block) in [
            ("hidden share-bar", false),
            ("hidden share-bar", true),
            ("article-body", true),
            ("article-body", true),
            ("article-body", false),
        ] {
            let (facts, hint) = memo.get(value.to_string(), block);
            assert_eq!(facts, ClassFacts::of(value), "{value}");
            assert_eq!(hint, if block { class_hint(value) } else { 0 }, "{value}");
        }
        assert_eq!(memo.0.len(), 2);
        let long = "x".repeat(MAX_CLASS_BYTES + 1);
        memo.get(long, true);
        assert_eq!(memo.0.len(), 2, "long values are not kept");
    }

    #[test]
    fn caption_and_ingredient_classes() {
        assert!(ClassFacts::of("wp-caption-text").caption);
        assert!(ClassFacts::of("hst-caption caption-full").caption);
        assert!(!ClassFacts::of("f_caption_muted_videos_on").caption);
        assert!(ClassFacts::of("recipe-ingredients print-links").ingredients);
        assert_eq!(ClassFacts::of("entry-content"), ClassFacts::default());
    }

    #[test]
    fn hiding_classes() {
        assert!(class_hides("hidden"));
        assert!(class_hides("d-none d-print-block"));
        assert!(!class_hides("hidden md:block"));
        assert!(!class_hides("d-none d-lg-flex"));
        assert!(!class_hides("hidden-xs"));
        assert!(!class_hides("is-hidden-mobile"));
        // A hover card written inside the sentence it decorates.
        assert!(class_hides("rollover-people-block"));
        assert!(class_hides("tooltiptext"));
        assert!(!class_hides("rollover-people"));
        assert!(!class_hides("tooltip"));
    }

    #[test]
    fn hidden_styles() {
        assert!(hides("color: red; DISPLAY : none"));
        assert!(!hides("display:block"));
    }
}
