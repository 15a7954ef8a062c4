//! The page model: what the collect stage hands to the stages after it.
//!
//! A [`Page`] is the visible text cut into [`RawBlock`]s, the block elements that hold text
//! as [`Node`]s (a tree through `parent`, rooted at a synthetic node 0), and the metadata
//! seen on the way ([`PageMeta`]). The measures every later stage shares are defined here,
//! once: the walk up the tree, link density, and [`Share`] for exact ratio tests.

use crate::article::{BlockKind, Reading, Span};
use crate::pipeline::evidence::Hint;
use crate::pipeline::tag::Tag;
use crate::pipeline::text::Measure;

/// Index of a node in [`Page::nodes`].
pub(crate) type NodeId = u32;

/// The synthetic root node, parent of everything (the page's own `<html>` included).
pub(crate) const ROOT: NodeId = 0;

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
    /// A byline (`rel=author`, `itemprop=author`, `class=byline`): its text is captured.
    pub(crate) const BYLINE: u32 = 1 << 17;
    /// A comment area, or chrome by two signs at once (`Hint::is_strong_chrome`).
    pub(crate) const STRONG_CHROME: u32 = 1 << 18;
    /// A table cell (`<td>`, `<th>`).
    pub(crate) const CELL: u32 = 1 << 19;
    /// Navigation, sidebars and footers, by their tags.
    pub(crate) const CHROME: u32 = NAV | ASIDE | FOOTER;
}

/// Marks of an element that its tag and evidence do not carry.
pub(crate) mod marks {
    /// `<main>` or `role=main`: where the page says its main content is.
    pub(crate) const MAIN: u8 = 1;
    /// Its class or id names a comment area: chrome on an article's page, the posts
    /// themselves on a forum's.
    pub(crate) const COMMENTS: u8 = 1 << 1;
    /// A chrome word or role of the page's frame (`nav`, `footer`, `sidebar`,
    /// `role=navigation`): chrome on every kind of page.
    pub(crate) const FRAME: u8 = 1 << 2;
}

/// The parent of the root: no node.
pub(crate) const NO_PARENT: NodeId = NodeId::MAX;

/// A block element under which text was found.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// The element's parent, [`NO_PARENT`] for the root (a plain id keeps a node at 12
    /// bytes: pages of hundreds of thousands of elements are common).
    pub(crate) up: NodeId,
    pub(crate) tag: Tag,
    /// Class/id/role evidence (see `evidence`).
    pub(crate) hint: Hint,
    /// The element's tag and class value, hashed: sibling cards, posts or rows made from
    /// one template share it.
    pub(crate) sig: u32,
    /// [`marks`] bits.
    pub(crate) marks: u8,
}

impl Node {
    /// The element's parent; `None` for the root.
    pub(crate) fn parent(&self) -> Option<NodeId> {
        (self.up != NO_PARENT).then_some(self.up)
    }

    /// Whether the element has the [`marks`] bit `bit`.
    pub(crate) fn has(&self, bit: u8) -> bool {
        self.marks & bit != 0
    }
}

/// A run of visible text between block boundaries.
#[derive(Debug, Clone)]
pub(crate) struct RawBlock {
    pub(crate) text: String,
    pub(crate) kind: BlockKind,
    pub(crate) level: Option<u8>,
    /// The innermost block element holding the text.
    pub(crate) node: NodeId,
    /// The `ctx` bits of the elements around the text.
    pub(crate) ctx: u32,
    /// Characters of the text inside links.
    pub(crate) link_chars: u32,
    pub(crate) m: Measure,
    /// What few blocks have, boxed so that every other block stays small.
    pub(crate) extra: Option<Box<BlockExtra>>,
}

/// The rarer parts of a [`RawBlock`].
#[derive(Debug, Clone, Default)]
pub(crate) struct BlockExtra {
    /// Flattened readings removed from the text (`學(xué)`).
    pub(crate) readings_removed: Vec<String>,
    /// Inline markup, when the options want it (links with the page's own `href`).
    pub(crate) spans: Vec<Span>,
}

impl RawBlock {
    /// A block of `text` on the root node, as unit tests of the later stages build them.
    #[cfg(test)]
    pub(crate) fn of(text: &str, kind: BlockKind, level: Option<u8>, link_chars: u32) -> RawBlock {
        RawBlock {
            text: text.into(),
            kind,
            level,
            node: ROOT,
            ctx: 0,
            link_chars,
            m: Measure::of(text),
            extra: None,
        }
    }

    /// Flattened readings removed from the text.
    pub(crate) fn readings_removed(&self) -> &[String] {
        self.extra.as_ref().map_or(&[], |e| &e.readings_removed)
    }

    /// Inline markup of the text.
    pub(crate) fn spans(&self) -> &[Span] {
        self.extra.as_ref().map_or(&[], |e| &e.spans)
    }

    /// Share of the characters inside links; 0 for an empty block.
    pub(crate) fn link_density(&self) -> f32 {
        if self.m.chars == 0 {
            0.0
        } else {
            self.link_chars as f32 / self.m.chars as f32
        }
    }

    /// Whether link text is at least `share` of a non-empty block.
    pub(crate) fn links_at_least(&self, share: Share) -> bool {
        self.m.chars > 0 && share.reached_by(self.link_chars, self.m.chars)
    }

    /// Whether link text is more than `share` of the block.
    pub(crate) fn links_above(&self, share: Share) -> bool {
        share.exceeds(self.link_chars, self.m.chars)
    }

    /// Whether link text is less than `share` of the block.
    pub(crate) fn links_below(&self, share: Share) -> bool {
        !share.reached_by(self.link_chars, self.m.chars)
    }

    /// Whether the block is an entry of a table of contents: mostly link text, and every
    /// link an anchor into the page itself (`#methods`, not `#` or `#top`).
    pub(crate) fn is_contents(&self) -> bool {
        let mut links = self
            .spans()
            .iter()
            .filter(|s| s.kind == crate::article::SpanKind::Link)
            .peekable();
        links.peek().is_some()
            && self.links_at_least(Share::new(1, 2))
            && links.all(|s| {
                s.href.as_deref().is_some_and(|h| {
                    h.starts_with('#') && h.len() > 1 && !h.eq_ignore_ascii_case("#top")
                })
            })
    }

    /// Whether any of the elements around the block has one of the `ctx` bits.
    pub(crate) fn within(&self, bits: u32) -> bool {
        self.ctx & bits != 0
    }
}

/// A fraction `num/den`, compared exactly (in integers) against a part of a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Share {
    num: u32,
    den: u32,
}

impl Share {
    pub(crate) const fn new(num: u32, den: u32) -> Share {
        Share { num, den }
    }

    /// `part / whole >= num / den`.
    pub(crate) fn reached_by(self, part: u32, whole: u32) -> bool {
        u64::from(part) * u64::from(self.den) >= u64::from(whole) * u64::from(self.num)
    }

    /// `part / whole > num / den`.
    pub(crate) fn exceeds(self, part: u32, whole: u32) -> bool {
        u64::from(part) * u64::from(self.den) > u64::from(whole) * u64::from(self.num)
    }
}

/// What a date the markup gives says it dates: the publication, a later update, or it
/// does not say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum TimeRole {
    /// `itemprop=datePublished`, `<time pubdate>`, a class that says `published`.
    Published,
    #[default]
    Unsaid,
    /// `itemprop=dateModified`, a class that says `updated`/`modified`, or an
    /// `Updated`/`Last modified`/`更新` label just before it.
    Modified,
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
    /// `datetime` of `<time>` elements and `itemprop=datePublished`/`dateModified` values,
    /// each with what the page says it dates.
    pub(crate) times: Vec<(String, TimeRole)>,
    /// The markup inside the body's sizeable `<noscript>` elements (HTML parsers read it
    /// as text): some platforms put the whole post there and render it with scripts.
    pub(crate) noscript: String,
    /// The text of the page's bylines, in page order.
    pub(crate) bylines: Vec<Byline>,
    /// The `href` of the page's first `<base>`.
    pub(crate) base_href: Option<String>,
    /// The schema.org types of the page's microdata (`itemtype`), at most 64.
    pub(crate) itemtypes: Vec<String>,
    /// Elements counted as they came.
    pub(crate) counts: Counts,
}

/// Elements of the visible page counted as they come: what a page's type shows in its
/// controls and markup (see `page_type`).
#[derive(Debug, Default, Clone)]
pub(crate) struct Counts {
    /// `<button>`s and submit buttons.
    pub(crate) buttons: u32,
    /// Buttons and forms that put a product in a cart (`Add to cart`, `action=/cart/add`).
    pub(crate) cart: u32,
    /// Check boxes and radio buttons (a grid's filters).
    pub(crate) checkboxes: u32,
    /// `<select>`s (sort orders, variants).
    pub(crate) selects: u32,
    /// `<textarea>`s (a reply box).
    pub(crate) textareas: u32,
    pub(crate) forms: u32,
    pub(crate) articles: u32,
    pub(crate) sections: u32,
    pub(crate) times: u32,
    /// `<code>` elements (outside `<pre>` too: inline code is documentation's).
    pub(crate) code: u32,
    pub(crate) tables: u32,
    /// Elements with microdata `itemprop=price` or `priceCurrency`.
    pub(crate) price_props: u32,
    /// Elements with `itemprop` of a review or rating (`reviewRating`, `ratingValue`...).
    pub(crate) rating_props: u32,
    /// Elements with `itemprop` of a post's votes or answers (`upvoteCount`,
    /// `answerCount`, `suggestedAnswer`, `acceptedAnswer`).
    pub(crate) answer_props: u32,
    /// Every element.
    pub(crate) elements: u32,
    /// Bytes of inline scripts (JSON-LD aside): an app shell's page is mostly scripts.
    pub(crate) script_bytes: u64,
}

/// An `<img>` of the page's visible part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawImage {
    /// The address as the page writes it (`src`, or a lazy loader's `data-src`).
    pub(crate) src: String,
    pub(crate) alt: Option<String>,
    /// The block it sits in (`inside`) or before.
    pub(crate) block: usize,
    /// Whether it sits inside the text of `block`, not between blocks.
    pub(crate) inside: bool,
    /// Whether it can be the article's lead picture: a photo, not an icon, avatar, logo
    /// or button.
    pub(crate) photo: bool,
}

/// How sure the page is that an element names the article's author.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Trust {
    /// A byline's class or id (`class="byline"`, `id="author"`).
    Class = 1,
    /// `rel=author` or `itemprop=author`.
    Marked = 2,
}

/// What one part of a byline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PartKind {
    /// The text of an element inside the byline (`Jane Doe`, `Staff Writer`).
    Plain,
    /// The text of a `rel=author` or `itemprop=author` element inside the byline, or of a
    /// link to the writer's archive: the byline's names are there.
    Author,
    /// The text of a link to a section or tag page: a section's name, not an author's.
    Section,
}

/// One part of a byline: the text of one of its elements, entities decoded and
/// whitespace folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BylinePart {
    pub(crate) kind: PartKind,
    pub(crate) text: String,
}

impl BylinePart {
    pub(crate) fn new(kind: PartKind, text: &str) -> Self {
        BylinePart {
            kind,
            text: text.to_string(),
        }
    }
}

/// An element that names the author, in parts: `<div>Jane</div><div>Staff Writer</div>`
/// is two parts, not `JaneStaff Writer`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Byline {
    pub(crate) trust: Trust,
    /// The index of the block the byline starts in.
    pub(crate) block: usize,
    /// Its parts, none empty.
    pub(crate) parts: Vec<BylinePart>,
}

/// One page as the collect stage saw it.
#[derive(Debug, Default)]
pub(crate) struct Page {
    pub(crate) nodes: Vec<Node>,
    pub(crate) blocks: Vec<RawBlock>,
    pub(crate) meta: PageMeta,
    /// `<ruby>` readings with the index of the block they are in (`ruby=keep`).
    pub(crate) readings: Vec<(usize, Reading)>,
    /// The images of the visible page outside navigation, asides, footers and forms.
    pub(crate) images: Vec<RawImage>,
    /// Whether visible text past `max_text_bytes` was ignored.
    pub(crate) truncated: bool,
    /// Whether the rest of the page was ignored past `max_page_memory`.
    pub(crate) capped: bool,
    /// Menu lines dropped to stay within `max_page_memory`.
    pub(crate) menu_lines_dropped: u64,
    /// Per node, the blocks under it: `first..end` (empty for a node without blocks).
    /// Filled by [`Page::index_spans`] when collect is done.
    pub(crate) spans: Vec<std::ops::Range<u32>>,
}

impl Page {
    pub(crate) fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id as usize)
    }

    pub(crate) fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).and_then(Node::parent)
    }

    /// The tag of a node (`Inline` for an id that is not one).
    pub(crate) fn tag(&self, id: NodeId) -> Tag {
        self.node(id).map_or(Tag::Inline, |n| n.tag)
    }

    /// The indices of the blocks under `id` (they are consecutive: blocks come in page
    /// order); empty for an element without text.
    pub(crate) fn blocks_under(&self, id: NodeId) -> std::ops::Range<usize> {
        self.spans
            .get(id as usize)
            .map_or(0..0, |r| r.start as usize..r.end as usize)
    }

    /// Fills `spans` in two passes over the blocks, linear in blocks and nodes: forward, a
    /// block marks the start of the elements above it up to one an earlier block marked
    /// (whose ancestors that block marked too); backward, the same for the ends.
    pub(crate) fn index_spans(&mut self) {
        let mut spans = vec![0..0; self.nodes.len()];
        let mut started = vec![false; self.nodes.len()];
        let mut ended = vec![false; self.nodes.len()];
        let n = u32::try_from(self.blocks.len()).unwrap_or(u32::MAX);
        for (i, b) in (0..n).zip(&self.blocks) {
            for (id, _) in self.ancestors(b.node) {
                match (started.get_mut(id as usize), spans.get_mut(id as usize)) {
                    (Some(seen @ false), Some(span)) => {
                        *seen = true;
                        span.start = i;
                    }
                    _ => break,
                }
            }
        }
        for (i, b) in (0..n).zip(&self.blocks).rev() {
            for (id, _) in self.ancestors(b.node) {
                match (ended.get_mut(id as usize), spans.get_mut(id as usize)) {
                    (Some(seen @ false), Some(span)) => {
                        *seen = true;
                        span.end = i + 1;
                    }
                    _ => break,
                }
            }
        }
        self.spans = spans;
    }

    /// `id` and the nodes above it, innermost first, up to the root.
    pub(crate) fn ancestors(&self, id: NodeId) -> Ancestors<'_> {
        Ancestors {
            nodes: &self.nodes,
            next: Some(id),
        }
    }

    /// Whether `ancestor` is `id` or above it.
    pub(crate) fn is_under(&self, id: NodeId, ancestor: NodeId) -> bool {
        self.ancestors(id).any(|(a, _)| a == ancestor)
    }

    /// Whether `id` or an element above it is marked in `set` (indexed by node id).
    pub(crate) fn is_under_any(&self, id: NodeId, set: &[bool]) -> bool {
        self.ancestors(id)
            .any(|(a, _)| set.get(a as usize).copied().unwrap_or(false))
    }

    /// Whether an element on the way up from `id`, below `<body>`, is chrome by its names.
    pub(crate) fn is_under_negative(&self, id: NodeId) -> bool {
        self.ancestors(id)
            .take_while(|(_, n)| !n.tag.is_document())
            .any(|(_, n)| n.hint.is_negative())
    }
}

/// See [`Page::ancestors`].
#[derive(Clone)]
pub(crate) struct Ancestors<'a> {
    nodes: &'a [Node],
    next: Option<NodeId>,
}

impl<'a> Iterator for Ancestors<'a> {
    type Item = (NodeId, &'a Node);

    fn next(&mut self) -> Option<Self::Item> {
        let id = self.next?;
        let node = self.nodes.get(id as usize)?;
        self.next = node.parent();
        Some((id, node))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(parent: Option<NodeId>, tag: Tag, hint: i32) -> Node {
        Node {
            up: parent.unwrap_or(NO_PARENT),
            tag,
            hint: Hint::new(hint),
            sig: 0,
            marks: 0,
        }
    }

    fn page() -> Page {
        // 0 root → 1 body → 2 div.share (−25) → 3 p
        //                 → 4 article → 5 p
        Page {
            nodes: vec![
                node(None, Tag::Html, 0),
                node(Some(0), Tag::Body, 0),
                node(Some(1), Tag::Div, -25),
                node(Some(2), Tag::P, 0),
                node(Some(1), Tag::Article, 25),
                node(Some(4), Tag::P, 0),
            ],
            ..Page::default()
        }
    }

    #[test]
    fn a_node_stays_small() {
        assert!(std::mem::size_of::<Node>() <= 12);
    }

    #[test]
    fn walks_up_to_the_root() {
        let p = page();
        let ids: Vec<NodeId> = p.ancestors(3).map(|(id, _)| id).collect();
        assert_eq!(ids, [3, 2, 1, 0]);
        assert!(p.is_under(5, 4));
        assert!(p.is_under(5, 5));
        assert!(!p.is_under(3, 4));
        assert_eq!(p.ancestors(99).count(), 0);
    }

    #[test]
    fn spans_hold_the_blocks_under_each_node() {
        let mut p = page();
        p.blocks = [3, 3, 5, 5, 5]
            .iter()
            .map(|&node| RawBlock {
                node,
                ..RawBlock::of("x", BlockKind::Paragraph, None, 0)
            })
            .collect();
        p.index_spans();
        assert_eq!(p.blocks_under(3), 0..2);
        assert_eq!(p.blocks_under(2), 0..2);
        assert_eq!(p.blocks_under(4), 2..5);
        assert_eq!(p.blocks_under(1), 0..5);
        assert_eq!(p.blocks_under(0), 0..5);
        assert_eq!(p.blocks_under(99), 0..0);
    }

    #[test]
    fn negative_names_count_below_body_only() {
        let mut p = page();
        assert!(p.is_under_negative(3));
        assert!(!p.is_under_negative(5));
        if let Some(body) = p.nodes.get_mut(1) {
            body.hint = Hint::new(-25);
        }
        assert!(!p.is_under_negative(5), "<body> itself is never chrome");
    }

    #[test]
    fn shares_compare_exactly() {
        let half = Share::new(1, 2);
        assert!(half.reached_by(1, 2));
        assert!(!half.exceeds(1, 2));
        assert!(half.exceeds(2, 3));
        assert!(!Share::new(3, 10).reached_by(299_999_999, 1_000_000_000));
        let b = RawBlock::of("", BlockKind::Paragraph, None, 0);
        assert!(
            !b.links_at_least(Share::new(0, 1)),
            "an empty block has no links"
        );
        assert_eq!(b.link_density(), 0.0);
    }
}
