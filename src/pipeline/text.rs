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

/// CJK text as a decoder's output shows it: [`is_cjk`] and also CJK punctuation, radicals,
/// jamo and full-width forms.
pub(crate) fn is_cjk_text(c: char) -> bool {
    is_cjk(c)
        || matches!(c as u32,
            0x1100..=0x11FF      // hangul jamo
            | 0x2E80..=0x303F    // radicals, CJK punctuation
            | 0x3100..=0x33FF    // bopomofo, compatibility jamo, enclosed
            | 0xFF00..=0xFFEF) // full-width forms
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
    // Indentation between tags, the commonest text of any page.
    if !preserve && raw.bytes().all(|b| b.is_ascii_whitespace()) {
        if !raw.is_empty() && !*space {
            out.push(' ');
            *space = true;
        }
        return;
    }
    let decoded = if raw.contains('&') {
        htmlize::unescape(raw)
    } else {
        std::borrow::Cow::Borrowed(raw)
    };
    if preserve {
        for c in decoded.chars() {
            if c == '\n' || c == '\t' || !c.is_control() {
                out.push(c);
            }
            *space = c.is_whitespace();
        }
        return;
    }
    // Characters kept as they are go out in runs (one copy per run, not one push per
    // character); only whitespace, control characters and invisible marks break a run.
    // Printable ASCII, most of any page, is decided from its byte alone, and so is a
    // single space after a kept character (it is written as it is).
    let text = decoded.as_ref();
    let bytes = text.as_bytes();
    let (mut i, mut run) = (0, 0);
    while let Some(&b) = bytes.get(i) {
        let single_space =
            b == b' ' && i > run && i.checked_sub(1).and_then(|p| bytes.get(p)) != Some(&b' ');
        if (0x21..=0x7E).contains(&b) || single_space {
            i += 1;
            continue;
        }
        let c = if b.is_ascii() {
            char::from(b)
        } else {
            text.get(i..).and_then(|t| t.chars().next()).unwrap_or(' ')
        };
        let at = i;
        i += c.len_utf8();
        if !(c.is_whitespace() || c.is_control() || is_invisible(c)) {
            continue;
        }
        if let Some(kept) = text.get(run..at).filter(|k| !k.is_empty()) {
            out.push_str(kept);
            *space = kept.ends_with(' ');
        }
        run = i;
        if c.is_whitespace() && !*space {
            out.push(' ');
            *space = true;
        }
        // dropped: control characters and zero-width marks never carry text
    }
    if let Some(kept) = text.get(run..).filter(|k| !k.is_empty()) {
        out.push_str(kept);
        *space = kept.ends_with(' ');
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
        let bytes = s.as_bytes();
        let mut i = 0;
        // ASCII byte by byte (only `,.;!?` can be prose punctuation there); other
        // characters decoded one at a time.
        while let Some(&b) = bytes.get(i) {
            m.chars += 1;
            if b.is_ascii() {
                // Latin marks count only where they end a clause: not in 3.5, a.b@c.d or 1,000.
                if matches!(b, b',' | b'.' | b';' | b'!' | b'?') && space_or_end_at(s, i + 1) {
                    m.punct += 1;
                }
                i += 1;
                continue;
            }
            let Some(c) = s.get(i..).and_then(|t| t.chars().next()) else {
                break;
            };
            if is_cjk(c) {
                m.cjk += 1;
            } else if is_prose_punct(c) {
                // A CJK mark (，。) ends a clause wherever it stands.
                m.punct += 1;
            }
            i += c.len_utf8();
        }
        m
    }

    /// Length in "Latin-equivalent" characters: a CJK character carries about as much
    /// as three Latin ones, so thresholds hold for both scripts.
    pub(crate) fn weight(&self) -> u32 {
        self.chars - self.cjk + self.cjk * 3
    }
}

/// Whether `s` ends at byte `at` or has whitespace there.
fn space_or_end_at(s: &str, at: usize) -> bool {
    match s.as_bytes().get(at) {
        None => true,
        Some(&b) if b.is_ascii() => char::from(b).is_whitespace(),
        Some(_) => s
            .get(at..)
            .and_then(|t| t.chars().next())
            .is_none_or(char::is_whitespace),
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

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary
/// (what `str::floor_char_boundary` gives from Rust 1.91, above this crate's MSRV).
pub(crate) fn prefix_within(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let end = (0..=max)
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0);
    s.get(..end).unwrap_or_default()
}

/// The first `n` characters of `s`.
pub(crate) fn prefix_chars(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_prefix_ends_on_a_character() {
        assert_eq!(prefix_within("aé", 2), "a");
        assert_eq!(prefix_within("aé", 3), "aé");
        assert_eq!(prefix_within("é", 0), "");
    }

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
    fn character_references_decode_as_browsers_do() {
        let fold = |raw: &str| {
            let mut out = String::new();
            push_folded(&mut out, raw, &mut true, false);
            out
        };
        // Legacy names need no semicolon; numeric references neither.
        assert_eq!(
            fold("a&nbspb &copy 2005 &amp co &ampz"),
            "a b © 2005 & co &z"
        );
        assert_eq!(fold("&#169 &#x41; &#9642 x"), "© A ▪ x");
        // 0x80-0x9F are windows-1252 characters, as browsers read them: „quoted“, a – b.
        assert_eq!(fold("&#132;quoted&#147; a &#150; b"), "„quoted“ a – b");
        // Names that need a semicolon stay text without one.
        assert_eq!(fold("&hellip &notin;"), "&hellip ∉");
    }

    /// The definition `push_folded` implements faster: one character at a time.
    fn folded_by_chars(out: &mut String, raw: &str, space: &mut bool) {
        for c in htmlize::unescape(raw).chars() {
            if c.is_whitespace() {
                if !*space {
                    out.push(' ');
                    *space = true;
                }
            } else if !c.is_control() && !is_invisible(c) {
                out.push(c);
                *space = false;
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn folding_in_runs_is_folding_by_characters(
            pieces in proptest::collection::vec("[ a-z.\t\n\r\u{a0}\u{3000}\u{ad}\u{200b}\u{1}\u{85}中文&;]{0,24}", 0..6),
            start in proptest::bool::ANY,
        ) {
            let (mut fast, mut slow) = (String::new(), String::new());
            let (mut fast_space, mut slow_space) = (start, start);
            for p in &pieces {
                push_folded(&mut fast, p, &mut fast_space, false);
                folded_by_chars(&mut slow, p, &mut slow_space);
                proptest::prop_assert_eq!(&fast, &slow);
                proptest::prop_assert_eq!(fast_space, slow_space);
            }
        }
    }

    /// The definition `Measure::of` implements faster: one character at a time.
    fn measure_by_chars(s: &str) -> Measure {
        let mut m = Measure::default();
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            m.chars += 1;
            if is_cjk(c) {
                m.cjk += 1;
            } else if is_prose_punct(c) {
                let ends_clause = !c.is_ascii() || chars.peek().is_none_or(|n| n.is_whitespace());
                m.punct += u32::from(ends_clause);
            }
        }
        m
    }

    proptest::proptest! {
        #[test]
        fn measure_is_measure_by_characters(
            s in "[a-z .,;!?\u{b}\t\n1-3\u{a0}\u{3000}\u{e9}中文，。、”]{0,30}",
        ) {
            let (fast, slow) = (Measure::of(&s), measure_by_chars(&s));
            proptest::prop_assert_eq!((fast.chars, fast.cjk, fast.punct), (slow.chars, slow.cjk, slow.punct));
        }
    }

    #[test]
    fn cjk_weighs_more() {
        let m = Measure::of("中文，ab");
        assert_eq!((m.chars, m.cjk, m.punct), (5, 2, 1));
        assert_eq!(Measure::of("3.5 a.b@c.d 1,000 end. next, x").punct, 2);
        assert_eq!(m.weight(), 9);
    }
}
