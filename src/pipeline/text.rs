//! Text normalisation: entity decoding, whitespace folding, CJK-aware measures.

/// Han, kana, hangul and CJK punctuation count as CJK text.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // kana
        | 0x3400..=0x4DBF    // Han ext A
        | 0x4E00..=0x9FFF    // Han
        | 0xAC00..=0xD7AF    // hangul
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0x20000..=0x2FA1F) // Han ext B+
}

/// Han ideographs only.
pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Sentence punctuation, Latin and CJK, that marks prose.
pub(crate) fn is_prose_punct(c: char) -> bool {
    matches!(
        c,
        ',' | '.' | ';' | '!' | '?' | '，' | '。' | '、' | '；' | '！' | '？' | '：' | '」' | '”'
    )
}

/// Appends decoded, whitespace-folded text to `out`. `space` carries whether `out`
/// ends in a folded space (or is at a block start, where leading space is dropped).
pub(crate) fn push_folded(out: &mut String, raw: &str, space: &mut bool, preserve: bool) {
    let decoded = if raw.contains('&') {
        html_escape::decode_html_entities(raw)
    } else {
        std::borrow::Cow::Borrowed(raw)
    };
    for c in decoded.chars() {
        if preserve {
            if c == '\n' || c == '\t' || !c.is_control() {
                out.push(c);
            }
            *space = c.is_whitespace();
            continue;
        }
        if c.is_whitespace() {
            if !*space {
                out.push(' ');
                *space = true;
            }
        } else if c.is_control() || is_invisible(c) {
            // dropped: control characters and zero-width marks never carry text
        } else {
            out.push(c);
            *space = false;
        }
    }
}

/// Characters that render as nothing: byte-order mark, soft hyphen (a hyphenation hint:
/// `Mit\u{AD}tel\u{AD}al\u{AD}ter` reads `Mittelalter`), zero-width space and word joiner.
/// Zero-width (non-)joiners stay: they shape emoji and Persian or Indic words.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{FEFF}' | '\u{AD}' | '\u{200B}' | '\u{2060}')
}

/// Measures of a piece of text.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Measure {
    /// Characters.
    pub(crate) chars: u32,
    /// CJK characters.
    pub(crate) cjk: u32,
    /// Prose punctuation marks.
    pub(crate) punct: u32,
}

impl Measure {
    pub(crate) fn of(s: &str) -> Self {
        let mut m = Measure::default();
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            m.chars += 1;
            if is_cjk(c) {
                m.cjk += 1;
            } else if is_prose_punct(c) {
                // Latin marks count only where they end a clause: not in 3.5, a.b@c.d or 1,000.
                let ends_clause = !c.is_ascii() || chars.peek().is_none_or(|n| n.is_whitespace());
                if ends_clause {
                    m.punct += 1;
                }
            }
        }
        m
    }

    /// Length in "Latin-equivalent" characters: a CJK character carries about as much
    /// as three Latin ones, so thresholds hold for both scripts.
    pub(crate) fn weight(&self) -> u32 {
        self.chars - self.cjk + self.cjk * 3
    }
}

/// Lowercased, whitespace-folded comparison key.
pub(crate) fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in s.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
                space = true;
            }
        } else {
            out.extend(c.to_lowercase());
            space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The first `n` characters of `s`.
pub(crate) fn prefix_chars(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_whitespace_and_decodes_entities() {
        let mut out = String::new();
        let mut space = true;
        push_folded(&mut out, "  a&amp;b\n\t c&nbsp;", &mut space, false);
        push_folded(&mut out, " d&#x5B66;", &mut space, false);
        assert_eq!(out, "a&b c d学");
        let mut out = String::new();
        push_folded(
            &mut out,
            "Mit&shy;tel\u{AD}al\u{200B}ter 👩\u{200D}💻",
            &mut true,
            false,
        );
        assert_eq!(out, "Mittelalter 👩\u{200D}💻");
    }

    #[test]
    fn cjk_weighs_more() {
        let m = Measure::of("中文，ab");
        assert_eq!((m.chars, m.cjk, m.punct), (5, 2, 1));
        assert_eq!(Measure::of("3.5 a.b@c.d 1,000 end. next, x").punct, 2);
        assert_eq!(m.weight(), 9);
    }
}
