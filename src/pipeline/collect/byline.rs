//! A byline as it is read: its parts as its elements come, within [`MAX_BYLINE_BYTES`].

use crate::pipeline::page::{Byline, BylinePart, PartKind, Trust};
use crate::pipeline::text::push_folded;

/// The most bytes of text a byline holds while it is read (each part's start counts one).
const MAX_BYLINE_BYTES: usize = 400;

/// The byline being read.
#[derive(Debug)]
pub(super) struct Draft {
    pub(super) trust: Trust,
    /// The index of the block the byline starts in.
    pub(super) block: usize,
    parts: Vec<BylinePart>,
    /// Bytes taken: the text's, and one for each part's start and kind.
    bytes: usize,
}

impl Draft {
    pub(super) fn new(trust: Trust, block: usize) -> Self {
        Draft {
            trust,
            block,
            parts: Vec::new(),
            bytes: 0,
        }
    }

    /// Whether `n` more bytes fit; takes them when they do. A piece that does not fit is
    /// left out whole.
    fn room(&mut self, n: usize) -> bool {
        let fits = self.bytes + n <= MAX_BYLINE_BYTES;
        if fits {
            self.bytes += n;
        }
        fits
    }

    /// Starts a part of `kind`: an element apart inside the byline.
    pub(super) fn part(&mut self, kind: PartKind) {
        if !self.room(1) {
            return;
        }
        self.parts.push(BylinePart::new(PartKind::Plain, ""));
        if kind != PartKind::Plain && self.room(1) {
            if let Some(p) = self.parts.last_mut() {
                p.kind = kind;
            }
        }
    }

    /// Adds text to the part being read.
    pub(super) fn text(&mut self, text: &str) {
        if !self.room(text.len()) {
            return;
        }
        if self.parts.is_empty() {
            self.parts.push(BylinePart::new(PartKind::Plain, ""));
        }
        if let Some(p) = self.parts.last_mut() {
            p.text.push_str(text);
        }
    }

    /// Whether the text read so far ends with a space (a part just started does not).
    pub(super) fn ends_with_space(&self) -> bool {
        self.parts
            .last()
            .is_some_and(|p| p.text.ends_with(char::is_whitespace))
    }

    /// The byline: each part's text folded and trimmed, empty parts left out; `None`
    /// when no part holds text.
    pub(super) fn finish(self) -> Option<Byline> {
        let parts: Vec<BylinePart> = self
            .parts
            .into_iter()
            .filter_map(|p| {
                let mut folded = String::new();
                push_folded(&mut folded, &p.text, &mut true, false);
                let text = folded.trim();
                (!text.is_empty()).then(|| BylinePart::new(p.kind, text))
            })
            .collect();
        (!parts.is_empty()).then_some(Byline {
            trust: self.trust,
            block: self.block,
            parts,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_keep_their_kind_and_empty_ones_go() {
        let mut d = Draft::new(Trust::Class, 3);
        d.text("By ");
        d.part(PartKind::Section);
        d.text(" Architecture ");
        d.part(PartKind::Author);
        d.text("Federica\u{a0} Lusiardi");
        d.part(PartKind::Plain);
        d.part(PartKind::Plain);
        let b = d.finish().unwrap_or_else(|| panic!("a byline"));
        assert_eq!((b.trust, b.block), (Trust::Class, 3));
        assert_eq!(
            b.parts,
            [
                BylinePart::new(PartKind::Plain, "By"),
                BylinePart::new(PartKind::Section, "Architecture"),
                BylinePart::new(PartKind::Author, "Federica Lusiardi"),
            ]
        );
        assert!(Draft::new(Trust::Marked, 0).finish().is_none());
    }

    #[test]
    fn text_past_the_cap_is_left_out_whole() {
        let mut d = Draft::new(Trust::Marked, 0);
        d.text(&"x".repeat(MAX_BYLINE_BYTES - 1));
        d.text("too long");
        d.part(PartKind::Author);
        d.text("y");
        let b = d.finish().unwrap_or_else(|| panic!("a byline"));
        assert_eq!(b.parts.len(), 1);
        assert_eq!(b.parts[0].text.len(), MAX_BYLINE_BYTES - 1);
    }
}
