//! The elements gleaner tells apart, and what each one means for the text under it.
//!
//! Shared by the collect stage (which element holds a block, what opening one closes) and
//! the select stage (what an element says about the text it holds).

use crate::article::BlockKind;

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
    /// The tag of a lowercased element name.
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

    /// Whether the element starts and ends blocks of text (and can become a page node).
    pub(crate) fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::Inline | Tag::A | Tag::Title | Tag::Script | Tag::Skip
        )
    }

    /// Starting one of these closes an open `<p>` (HTML's "close a p element").
    pub(crate) fn closes_p(self) -> bool {
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

    /// Elements that hold one paragraph's worth of text: their block scores their parent.
    pub(crate) fn is_paragraph_like(self) -> bool {
        matches!(
            self,
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

    /// Navigation, sidebars and footers: page chrome by their very tag.
    /// `<ul>`, `<ol>`, `<dl>`.
    pub(crate) fn is_list(self) -> bool {
        matches!(self, Tag::Ul | Tag::Ol | Tag::Dl)
    }

    pub(crate) fn is_chrome(self) -> bool {
        matches!(self, Tag::Nav | Tag::Aside | Tag::Footer)
    }

    /// The document's own wrappers, above any candidate for the article.
    pub(crate) fn is_document(self) -> bool {
        matches!(self, Tag::Body | Tag::Html)
    }

    /// The kind of the blocks an element holds; `None` for elements that do not decide it.
    pub(crate) fn block_kind(self) -> Option<(BlockKind, Option<u8>)> {
        match self {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_map_to_tags() {
        assert_eq!(Tag::of("th"), Tag::Td);
        assert_eq!(Tag::of("my-widget"), Tag::Block);
        assert_eq!(Tag::of("span"), Tag::Inline);
        assert_eq!(Tag::of("noscript"), Tag::Skip);
        assert!(Tag::of("section").is_block());
        assert!(!Tag::of("a").is_block());
    }

    #[test]
    fn kinds_of_blocks() {
        assert_eq!(Tag::H(3).block_kind(), Some((BlockKind::Heading, Some(3))));
        assert_eq!(Tag::Dd.block_kind(), Some((BlockKind::ListItem, None)));
        assert_eq!(
            Tag::Ul.block_kind(),
            None,
            "a list decides nothing: its items do"
        );
    }
}
