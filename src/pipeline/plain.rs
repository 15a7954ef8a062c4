//! Plain text in: a scraped page's text (what a naive scraper saves, like the founding
//! page) goes through the same stages as HTML, as markup made on the fly. Every line is a
//! block (a `<p>`), so line breaks are block breaks and the boilerplate rules see each
//! line alone; the first line is the title (`<title>` and `<h1>`) when it reads as one.
//!
//! Whether a page is text is told by the caller (`input_format=text`) or, by default, read
//! off its first bytes: a page without a single tag is text.

use crate::pipeline::text::is_prose_punct;

/// The first line is held back until it ends, to tell whether it is the title; a line
/// longer than this is a paragraph, and no more is held.
const TITLE_MAX_BYTES: usize = 600;
/// A title is at most this many characters long.
const TITLE_MAX_CHARS: usize = 120;
/// How far after a tag's name its `>` is looked for.
const TAG_REACH: usize = 1024;

/// Whether `head`, the first bytes of a page in an ASCII-compatible encoding, holds
/// markup: a start or end tag, a comment, a doctype or a processing instruction. `x<y`
/// and `a < b` are text; `<div class=x>` is a tag (its `>` comes before any other `<`).
pub(crate) fn has_markup(head: &[u8]) -> bool {
    memchr::memchr_iter(b'<', head).any(|i| {
        let next = |k: usize| head.get(i + k).copied().unwrap_or(b' ');
        match next(1) {
            b'!' | b'?' => true,
            b'/' => next(2).is_ascii_alphabetic(),
            c if c.is_ascii_alphabetic() => {
                let mut k = 2;
                while next(k).is_ascii_alphanumeric() || next(k) == b'-' {
                    k += 1;
                }
                match next(k) {
                    b'>' | b'/' => true,
                    // Attributes: the tag ends before another one starts, within reach.
                    // The look stops at the next `<`, so the whole scan stays linear.
                    b' ' | b'\t' | b'\n' | b'\r' => {
                        let rest = head.get(i + k..).unwrap_or_default();
                        let rest = rest.get(..TAG_REACH).unwrap_or(rest);
                        let end = memchr::memchr2(b'>', b'<', rest).and_then(|j| rest.get(j));
                        end == Some(&b'>')
                    }
                    _ => false,
                }
            }
            _ => false,
        }
    })
}

/// [`has_markup`] of the part of `head` after its first `seen` bytes, which were looked at
/// before: from a little before them, so that a tag they cut is seen whole.
pub(crate) fn has_markup_after(head: &[u8], seen: usize) -> bool {
    let from = seen.saturating_sub(TAG_REACH + 64);
    has_markup(head.get(from..).unwrap_or_default())
}

/// Turns plain text, in pieces of any size, into HTML with one block per line.
#[derive(Debug, Default)]
pub(crate) struct TextToHtml {
    /// The first non-blank line, while it may still be the title.
    first: Option<String>,
    /// Whether the first line has been decided.
    first_done: bool,
    /// Whether a `<p>` is open.
    in_line: bool,
}

impl TextToHtml {
    /// Appends to `out` the markup of `text`, the next piece of the page.
    pub(crate) fn feed(&mut self, text: &str, out: &mut String) {
        let mut lines = text.split(['\n', '\r']);
        if let Some(first) = lines.next() {
            self.add(first, out);
        }
        for line in lines {
            self.end_line(out);
            self.add(line, out);
        }
    }

    /// Appends the markup that ends the page.
    pub(crate) fn finish(&mut self, out: &mut String) {
        self.end_line(out);
    }

    /// A piece of the current line.
    fn add(&mut self, piece: &str, out: &mut String) {
        if !self.first_done {
            let first = self.first.get_or_insert_with(String::new);
            first.push_str(if first.is_empty() {
                piece.trim_start()
            } else {
                piece
            });
            if first.len() > TITLE_MAX_BYTES {
                // Too long for a title: a paragraph, streamed from here on.
                out.push_str("<p>");
                out.push_str(&htmlize::escape_text(first.as_str()));
                self.first = None;
                self.first_done = true;
                self.in_line = true;
            }
            return;
        }
        let piece = if self.in_line {
            piece
        } else {
            piece.trim_start()
        };
        if piece.is_empty() {
            return;
        }
        if !self.in_line {
            out.push_str("<p>");
            self.in_line = true;
        }
        out.push_str(&htmlize::escape_text(piece));
    }

    fn end_line(&mut self, out: &mut String) {
        if self.in_line {
            out.push_str("</p>\n");
            self.in_line = false;
        }
        if self.first_done {
            return;
        }
        let Some(first) = self.first.take().filter(|f| !f.trim().is_empty()) else {
            return;
        };
        self.first_done = true;
        let line = htmlize::escape_text(first.trim_end());
        if reads_as_title(first.trim_end()) {
            out.push_str("<title>");
            out.push_str(&line);
            out.push_str("</title><h1>");
            out.push_str(&line);
            out.push_str("</h1>\n");
        } else {
            out.push_str("<p>");
            out.push_str(&line);
            out.push_str("</p>\n");
        }
    }
}

/// A short line that does not end a sentence.
fn reads_as_title(line: &str) -> bool {
    let ends_sentence = line
        .chars()
        .last()
        .is_some_and(|c| is_prose_punct(c) && !matches!(c, '」' | '”' | '：'));
    line.chars().count() <= TITLE_MAX_CHARS && !ends_sentence
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(pieces: &[&str]) -> String {
        let mut t = TextToHtml::default();
        let mut out = String::new();
        for p in pieces {
            t.feed(p, &mut out);
        }
        t.finish(&mut out);
        out
    }

    #[test]
    fn lines_are_blocks_and_the_first_is_the_title() {
        let want = "<title>A title</title><h1>A title</h1>\n<p>First line, a sentence.</p>\n<p>a &lt;b&gt; &amp; c</p>\n";
        assert_eq!(
            html(&["  A title\r\n\r\nFirst line, a sentence.\n\na <b> & c"]),
            want
        );
        // Any cut of the same text gives the same markup.
        assert_eq!(
            html(&[
                "  A ti",
                "tle\r",
                "\n\r\nFirst line, a sen",
                "tence.\n\na <b",
                "> & c"
            ]),
            want
        );
    }

    #[test]
    fn a_sentence_first_is_a_paragraph() {
        assert_eq!(
            html(&["No title here, only prose.\nMore."]),
            "<p>No title here, only prose.</p>\n<p>More.</p>\n"
        );
        let long = "x".repeat(700);
        assert_eq!(html(&[&long]), format!("<p>{long}</p>\n"));
    }

    #[test]
    fn markup_is_told_from_text() {
        assert!(has_markup(b"<!DOCTYPE html><html>"));
        assert!(has_markup(b"text <p>and a paragraph"));
        assert!(has_markup(b"a</span> b"));
        assert!(has_markup(b"<br/>"));
        assert!(has_markup(b"<div class=\"x\">text</div>"));
        assert!(!has_markup(b"x<y and 3 < 4, a <- b"));
        assert!(!has_markup(b"if a <b then c"));
        assert!(!has_markup("年輕人?!?/span>".as_bytes()));
        assert!(!has_markup(b""));
    }
}
