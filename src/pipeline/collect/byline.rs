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
    /// The cap was reached: nothing more is taken.
    full: bool,
    /// The cap cut the last part's text: that part is left out.
    cut: bool,
    /// The text taken so far ends in a run of ASCII whitespace (folded to one space).
    space: bool,
}

impl Draft {
    pub(super) fn new(trust: Trust, block: usize) -> Self {
        Draft {
            trust,
            block,
            parts: Vec::new(),
            bytes: 0,
            full: false,
            cut: false,
            space: false,
        }
    }

    /// Whether `n` more bytes fit; takes them when they do. A mark that does not fit ends
    /// the byline (nothing after it is taken), so that what is read never depends on how
    /// the bytes were chunked.
    fn room(&mut self, n: usize) -> bool {
        let fits = !self.full && self.bytes + n <= MAX_BYLINE_BYTES;
        if fits {
            self.bytes += n;
        } else {
            self.full = true;
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

    /// Adds text to the part being read: by prefix, up to the cap (the longest prefix
    /// that ends on a character boundary), after which the byline takes nothing more. The
    /// part the cap cuts is left out at the end (half a name is no name), so the byline
    /// is the same however its bytes were chunked.
    pub(super) fn text(&mut self, text: &str) {
        if self.full {
            return;
        }
        // Runs of ASCII whitespace (the indentation between the byline's elements) count
        // and are kept as one space, across chunks: the cap measures the byline's text,
        // not its markup's layout. (Entities hold no whitespace: none is cut in two.)
        if self.parts.is_empty() {
            self.parts.push(BylinePart::new(PartKind::Plain, ""));
        }
        let Some(p) = self.parts.last_mut() else {
            return;
        };
        // Folded straight into the part, a character at a time, while it fits.
        let mut buf = [0u8; 4];
        for c in text.chars() {
            let c = if c.is_ascii_whitespace() {
                if self.space {
                    continue;
                }
                ' '
            } else {
                c
            };
            if self.bytes + c.len_utf8() > MAX_BYLINE_BYTES {
                self.full = true;
                self.cut = true;
                return;
            }
            self.bytes += c.len_utf8();
            self.space = c == ' ';
            p.text.push_str(c.encode_utf8(&mut buf));
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
    pub(super) fn finish(mut self) -> Option<Byline> {
        if self.cut {
            self.parts.pop();
        }
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

    /// The cap keeps a prefix, whatever the chunking: one piece, or the same bytes a
    /// few at a time, give the same byline; the part it cuts is left out, whole parts
    /// before it stay, and nothing after it gets in.
    #[test]
    fn the_cap_keeps_a_prefix_however_the_text_is_chunked() {
        let long = "x ".repeat(MAX_BYLINE_BYTES);
        let whole = {
            let mut d = Draft::new(Trust::Marked, 0);
            d.text(&long);
            d.finish()
        };
        let by_char = {
            let mut d = Draft::new(Trust::Marked, 0);
            for c in long.chars() {
                d.text(&c.to_string());
            }
            d.finish()
        };
        assert_eq!(whole, by_char);
        assert!(whole.is_none(), "a byline that is all one cut part is none");
        // The part the cap cuts is left out, whole parts before it stay, nothing after.
        let name_at_the_cap = |pieces: &[&str]| {
            let mut d = Draft::new(Trust::Marked, 0);
            d.text(&"x".repeat(MAX_BYLINE_BYTES - 8));
            d.part(PartKind::Author);
            for p in pieces {
                d.text(p);
            }
            d.text("y");
            d.finish().unwrap_or_else(|| panic!("a byline")).parts
        };
        let one = name_at_the_cap(&["Paul Smith"]);
        assert_eq!(one, name_at_the_cap(&["P", "aul", " Smi", "th"]));
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].text.len(), MAX_BYLINE_BYTES - 8);
    }
}
