//! Charset decision: BOM → caller's label → valid UTF-8 → `<meta>` prescan → chardetng,
//! then a second look where that named a single-byte Latin encoding or a declared
//! multi-byte one that the bytes contradict ([`reread`]).

use std::ops::Range;

use encoding_rs::{DecoderResult, Encoding, UTF_16BE, UTF_16LE, UTF_8, X_USER_DEFINED};

use crate::article::EncodingSource;
use crate::pipeline::text::is_cjk_text;

/// The charset decided for a page, and what decided it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sniffed {
    pub(crate) encoding: &'static Encoding,
    pub(crate) source: EncodingSource,
    /// What the second look overrode: the encoding first named and who named it.
    pub(crate) overridden: Option<(&'static Encoding, EncodingSource)>,
}

impl Sniffed {
    fn new(encoding: &'static Encoding, source: EncodingSource) -> Self {
        Sniffed {
            encoding,
            source,
            overridden: None,
        }
    }
}

/// Resolves a label as browsers do; `None` for unknown labels and for the
/// `replacement` encoding (which would turn the whole page into one U+FFFD).
pub(crate) fn resolve_label(label: &str) -> Option<&'static Encoding> {
    let enc = Encoding::for_label(label.trim().as_bytes())?;
    if enc == encoding_rs::REPLACEMENT {
        return None;
    }
    Some(enc)
}

/// Decides from what is known before the prefix: the BOM and the caller's label.
/// Returns `None` when the prefix must be looked at.
pub(crate) fn early(prefix: &[u8], transport: Option<&'static Encoding>) -> Option<Sniffed> {
    if let Some((enc, _)) = Encoding::for_bom(prefix) {
        return Some(Sniffed::new(enc, EncodingSource::Bom));
    }
    transport.map(|encoding| Sniffed::new(encoding, EncodingSource::Transport))
}

/// Decides from a prefix of the page. `complete` says the prefix is the whole page.
pub(crate) fn decide(prefix: &[u8], complete: bool, tld: Option<&[u8]>) -> Sniffed {
    let non_ascii = !prefix.is_ascii();
    if non_ascii && is_utf8_prefix(prefix, complete) {
        return Sniffed::new(UTF_8, EncodingSource::Utf8);
    }
    if let Some(enc) = meta_charset(prefix) {
        return Sniffed::new(enc, EncodingSource::Meta);
    }
    if non_ascii {
        let mut det = chardetng::EncodingDetector::new();
        det.feed(prefix, complete);
        return Sniffed::new(det.guess(tld, false), EncodingSource::Detected);
    }
    Sniffed::new(UTF_8, EncodingSource::Default)
}

/// Single-byte encodings of Latin scripts. A page in a multi-byte encoding read in one of
/// them still "decodes" (every byte is some letter), so no error tells the mistake.
const LATIN_SINGLE_BYTE: [&Encoding; 14] = [
    encoding_rs::WINDOWS_1252,
    encoding_rs::ISO_8859_15,
    encoding_rs::WINDOWS_1250,
    encoding_rs::ISO_8859_2,
    encoding_rs::WINDOWS_1254,
    encoding_rs::ISO_8859_3,
    encoding_rs::ISO_8859_4,
    encoding_rs::ISO_8859_10,
    encoding_rs::ISO_8859_13,
    encoding_rs::ISO_8859_14,
    encoding_rs::ISO_8859_16,
    encoding_rs::WINDOWS_1257,
    encoding_rs::WINDOWS_1258,
    encoding_rs::MACINTOSH,
];

/// The multi-byte legacy encodings tried on a second look, in the order that breaks a tie.
/// (GBK's decoder is gb18030's.)
const CJK_LEGACY: [&Encoding; 5] = [
    encoding_rs::GBK,
    encoding_rs::BIG5,
    encoding_rs::SHIFT_JIS,
    encoding_rs::EUC_JP,
    encoding_rs::EUC_KR,
];

/// Whether a second look may override `s`: no byte-order mark decided it, and it names a
/// single-byte Latin encoding (which every byte "decodes" in) or is a multi-byte label
/// (UTF-8 or a legacy CJK encoding) that the caller or the page's `<meta>` declared, which
/// the bytes may contradict.
pub(crate) fn may_reread(s: &Sniffed) -> bool {
    s.source != EncodingSource::Bom
        && (LATIN_SINGLE_BYTE.contains(&s.encoding)
            || (matches!(s.source, EncodingSource::Transport | EncodingSource::Meta)
                && (s.encoding == UTF_8 || CJK_LEGACY.contains(&s.encoding))))
}

/// The second look. Where `s` names a single-byte Latin encoding (the caller's label, the
/// page's `<meta>` or chardetng's guess), every byte decodes, so nothing shows the mistake
/// when the page is really multi-byte. Where it is a declared multi-byte label, its own
/// decoder shows the mistake: the label is second-guessed when it meets at least
/// [`MIN_DECLARED_ERRORS`] malformed sequences (a GBK page sent as UTF-8 meets one per
/// character or so; a UTF-8 page with a stray Latin byte, one).
///
/// Valid UTF-8 wins outright over any label but its own (legacy CJK text is never valid
/// UTF-8 for long, while GBK's decoder reads UTF-8 bytes with few errors). Otherwise each
/// other legacy CJK encoding reads the window, and one that gives mostly CJK text with at
/// most a few malformed sequences (characters cut by a bad copy), and fewer than the label
/// met, is a candidate. chardetng then judges the window without any candidate's
/// malformed sequences, so that a cut character no longer rules an encoding out, and its
/// guess is used if it is a candidate. `complete` says the window is the whole page.
pub(crate) fn reread(s: Sniffed, window: &[u8], complete: bool, tld: Option<&[u8]>) -> Sniffed {
    if !may_reread(&s) {
        return s;
    }
    let high = window.iter().filter(|&&b| b >= 0x80).count();
    if high < MIN_HIGH_BYTES {
        return s;
    }
    let corrected = |encoding| Sniffed {
        encoding,
        source: EncodingSource::Corrected,
        overridden: Some((s.encoding, s.source)),
    };
    if s.encoding != UTF_8 && is_utf8_prefix(window, complete) {
        return corrected(UTF_8);
    }
    let declared_errors = if LATIN_SINGLE_BYTE.contains(&s.encoding) {
        usize::MAX
    } else {
        let errors = malformed_count(s.encoding, window, complete);
        if errors < MIN_DECLARED_ERRORS {
            return s;
        }
        errors
    };
    let candidates: Vec<(&'static Encoding, Vec<Range<usize>>)> = CJK_LEGACY
        .iter()
        .filter(|&&enc| enc != s.encoding)
        .filter_map(|&enc| Some((enc, malformed_if_cjk(enc, window, complete, high)?)))
        .filter(|(_, malformed)| malformed.len() < declared_errors)
        .collect();
    if candidates.is_empty() {
        return s;
    }
    let mut cut: Vec<Range<usize>> = candidates
        .iter()
        .flat_map(|(_, m)| m.iter().cloned())
        .collect();
    cut.sort_unstable_by_key(|r| r.start);
    let mut cleaned = Vec::with_capacity(window.len());
    let mut at = 0;
    for r in cut {
        cleaned.extend_from_slice(window.get(at..r.start.max(at)).unwrap_or_default());
        at = at.max(r.end);
    }
    cleaned.extend_from_slice(window.get(at..).unwrap_or_default());
    let mut det = chardetng::EncodingDetector::new();
    det.feed(&cleaned, complete);
    let guess = det.guess(tld, false);
    let guess = if guess == encoding_rs::GB18030 {
        encoding_rs::GBK
    } else {
        guess
    };
    candidates
        .iter()
        .find(|(enc, _)| *enc == guess)
        .map_or(s, |(enc, _)| corrected(enc))
}

/// Malformed sequences a declared multi-byte label may meet before the bytes are read
/// again: two are characters cut by a bad copy, three start to be a pattern.
const MIN_DECLARED_ERRORS: usize = 3;

/// How many malformed sequences `enc` meets in `window`, counted up to
/// [`MIN_DECLARED_ERRORS`] plus the most any candidate may have (the count only has to
/// tell whether a candidate does better).
fn malformed_count(enc: &'static Encoding, window: &[u8], complete: bool) -> usize {
    if enc == UTF_8 {
        // The common case, a valid UTF-8 page, in one validation pass.
        if is_utf8_prefix(window, complete) {
            return 0;
        }
    }
    let cap = MIN_DECLARED_ERRORS.max(window.len() / 100);
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(4096);
    let (mut at, mut errors) = (0usize, 0usize);
    while errors < cap {
        out.clear();
        let input = window.get(at..).unwrap_or_default();
        let (res, read) = decoder.decode_to_string_without_replacement(input, &mut out, complete);
        at += read;
        match res {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(..) => errors += 1,
        }
    }
    errors
}

/// Fewer non-ASCII bytes than this are too few to judge a charset by.
const MIN_HIGH_BYTES: usize = 16;

/// Reads `window` in `enc`. Returns the byte ranges of its malformed sequences if the text
/// comes out mostly CJK (four characters in five of the non-ASCII ones) with at most two
/// malformed sequences or one per fifty CJK characters; `None` otherwise, as soon as the
/// errors pass what `high` non-ASCII bytes allow.
fn malformed_if_cjk(
    enc: &'static Encoding,
    window: &[u8],
    complete: bool,
    high: usize,
) -> Option<Vec<Range<usize>>> {
    let allowed = |cjk: usize| (cjk / 50).max(2);
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(4096);
    let mut malformed = Vec::new();
    let (mut at, mut cjk, mut other) = (0usize, 0usize, 0usize);
    loop {
        out.clear();
        let input = window.get(at..).unwrap_or_default();
        let (res, read) = decoder.decode_to_string_without_replacement(input, &mut out, complete);
        for c in out.chars().filter(|c| !c.is_ascii()) {
            if is_cjk_text(c) {
                cjk += 1;
            } else {
                other += 1;
            }
        }
        at += read;
        match res {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(bad, extra) => {
                let end = at.saturating_sub(usize::from(extra));
                malformed.push(end.saturating_sub(usize::from(bad))..end);
                // Each CJK character takes at least two of the non-ASCII bytes.
                if malformed.len() > allowed(high / 2) {
                    return None;
                }
            }
        }
    }
    let mostly_cjk = cjk >= MIN_HIGH_BYTES / 2 && cjk * 5 >= (cjk + other) * 4;
    (malformed.len() <= allowed(cjk) && mostly_cjk).then_some(malformed)
}

/// Valid UTF-8, allowing a sequence cut at the end of an incomplete prefix.
fn is_utf8_prefix(bytes: &[u8], complete: bool) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        Err(e) => !complete && e.error_len().is_none(),
    }
}

/// Finds the charset declared by the first `<meta charset>` or
/// `<meta http-equiv=Content-Type content="...; charset=...">` in `prefix`.
pub(crate) fn meta_charset(prefix: &[u8]) -> Option<&'static Encoding> {
    let mut rest = prefix;
    while let Some(pos) = find_ci(rest, b"<meta") {
        let tag_start = rest.get(pos + 5..)?;
        let end = tag_start
            .iter()
            .position(|&b| b == b'>')
            .unwrap_or(tag_start.len());
        let tag = tag_start.get(..end)?;
        if let Some(label) = charset_in(tag) {
            if let Some(enc) = Encoding::for_label(label) {
                // WHATWG: a meta that says UTF-16 means UTF-8; x-user-defined means windows-1252.
                let enc = if enc == UTF_16BE || enc == UTF_16LE {
                    UTF_8
                } else if enc == X_USER_DEFINED {
                    encoding_rs::WINDOWS_1252
                } else {
                    enc
                };
                if enc != encoding_rs::REPLACEMENT {
                    return Some(enc);
                }
            }
        }
        rest = tag_start.get(end..)?;
    }
    None
}

/// The value after `charset=` inside a tag's attribute text.
fn charset_in(tag: &[u8]) -> Option<&[u8]> {
    let pos = find_ci(tag, b"charset")?;
    let mut i = pos + 7;
    let at = |i: usize| tag.get(i).copied();
    while at(i).is_some_and(|b| b.is_ascii_whitespace()) {
        i += 1;
    }
    if at(i) != Some(b'=') {
        return charset_in(tag.get(pos + 7..)?);
    }
    i += 1;
    while at(i).is_some_and(|b| b.is_ascii_whitespace() || b == b'"' || b == b'\'') {
        i += 1;
    }
    let start = i;
    while at(i).is_some_and(|b| b.is_ascii_alphanumeric() || b"-_:.".contains(&b)) {
        i += 1;
    }
    let label = tag.get(start..i)?;
    (!label.is_empty()).then_some(label)
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// File signatures of formats that are never a page (WHATWG MIME sniffing's image,
/// audio/video and archive patterns, and a few more a crawler meets): the format's name.
const SIGNATURES: [(&[u8], &str); 16] = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"RIFF", "a RIFF file (WebP, WAV, AVI)"),
    (b"%PDF-", "a PDF document"),
    (
        b"\x1f\x8b\x08",
        "gzip data (send it with Content-Encoding: gzip)",
    ),
    (
        b"\x28\xb5\x2f\xfd",
        "zstd data (send it with Content-Encoding: zstd)",
    ),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"BZh", "bzip2 data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"\x7fELF", "an executable"),
    (b"\x00asm", "WebAssembly"),
    (b"OggS\x00", "an Ogg file"),
    (b"\x1aE\xdf\xa3", "a Matroska/WebM video"),
];

/// Bytes a text never holds (WHATWG's "binary data bytes": C0 controls other than
/// tab, newlines, form feed and escape).
fn is_binary_byte(b: u8) -> bool {
    matches!(b, 0x00..=0x08 | 0x0b | 0x0e..=0x1a | 0x1c..=0x1f)
}

/// What the body is when it is binary data, not a page: a known file signature at its
/// start, or (`complete` or a full window) one byte in 32 of its first 1 KiB, and eight
/// at least, a binary data byte (random bytes hold one in ten; a page none, or a stray
/// few). UTF-16 (a BOM, or NULs at every other byte) is text. `None`
/// while too few bytes came to tell, and for anything that may be a page.
pub(crate) fn binary(prefix: &[u8], complete: bool) -> Option<&'static str> {
    if let Some(&(_, name)) = SIGNATURES.iter().find(|(sig, _)| prefix.starts_with(sig)) {
        // `RIFF` and `BZh` are short and could open a text: check what follows.
        let sure = match name {
            "bzip2 data" => prefix.get(3).is_some_and(|b| (b'1'..=b'9').contains(b)),
            "a RIFF file (WebP, WAV, AVI)" => prefix
                .get(8..12)
                .is_some_and(|k| matches!(k, b"WEBP" | b"WAVE" | b"AVI ")),
            _ => true,
        };
        if sure {
            return Some(name);
        }
    }
    let window = prefix.get(..1024).unwrap_or(prefix);
    if !complete && window.len() < 1024 {
        return None;
    }
    if window.starts_with(b"\xfe\xff") || window.starts_with(b"\xff\xfe") {
        return None;
    }
    let nul_at = |parity: usize| {
        window
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let half = window.len() / 2;
    if half > 0 && (nul_at(0) * 10 >= half * 9 || nul_at(1) * 10 >= half * 9) {
        return None; // UTF-16 without a BOM: ASCII characters with a NUL byte each
    }
    let binary = window.iter().filter(|&&b| is_binary_byte(b)).count();
    (binary >= 8 && binary * 32 >= window.len()).then_some("binary data")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pseudo-random bytes (xorshift): what an image or an archive body looks like.
    fn noise(n: usize) -> Vec<u8> {
        let mut x: u32 = 2_463_534_242;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                (x >> 24) as u8
            })
            .collect()
    }

    #[test]
    fn binary_bodies_are_told_from_pages() {
        let noise = noise(2048);
        let png = [b"\x89PNG\r\n\x1a\n".as_slice(), &noise].concat();
        assert_eq!(binary(&png, false), Some("a PNG image"));
        assert_eq!(binary(b"%PDF-1.7\n", true), Some("a PDF document"));
        assert_eq!(binary(&noise, false), Some("binary data"));
        // Too few bytes to tell yet; a page; a page in UTF-16 without a BOM; a text
        // that opens like a RIFF or bzip2 name.
        assert_eq!(binary(&noise[..100], false), None);
        let page = b"<html><body><p>Hello, a page.</p></body></html>".repeat(40);
        assert_eq!(binary(&page, false), None);
        let utf16: Vec<u8> = page.iter().flat_map(|&b| [b, 0]).collect();
        assert_eq!(binary(&utf16, false), None);
        assert_eq!(binary(b"BZh is a name", true), None);
        assert_eq!(binary(b"", true), None);
    }

    #[test]
    fn meta_charset_forms() {
        assert_eq!(
            meta_charset(b"<head><meta charset=\"gb2312\">").map(|e| e.name()),
            Some("GBK")
        );
        assert_eq!(
            meta_charset(b"<META http-equiv=Content-Type content='text/html; CHARSET=big5'>")
                .map(|e| e.name()),
            Some("Big5")
        );
        assert_eq!(
            meta_charset(b"<script charset=gbk></script><meta charset=utf-16>").map(|e| e.name()),
            Some("UTF-8")
        );
        assert!(meta_charset(b"<meta name=x content=y>").is_none());
    }

    #[test]
    fn utf8_beats_a_wrong_meta() {
        let page = "<meta charset=gb2312><title>中文</title>".as_bytes();
        let s = decide(page, true, None);
        assert_eq!(s.encoding, UTF_8);
        assert_eq!(s.source, EncodingSource::Utf8);
    }

    #[test]
    fn gbk_without_label_is_detected() {
        let (bytes, _, _) = encoding_rs::GBK.encode(
            "<p>张江科学城区域化党建促进会暨张江科学城特色产业园党委宣告正式成立，以一流党建引领科创建设。</p>",
        );
        let s = decide(&bytes, true, None);
        assert_eq!(s.source, EncodingSource::Detected);
        assert!(s.encoding == encoding_rs::GBK || s.encoding == encoding_rs::GB18030);
    }

    #[test]
    fn ascii_without_label_is_default_utf8() {
        let s = decide(b"<p>hello</p>", true, None);
        assert_eq!(s.source, EncodingSource::Default);
    }

    #[test]
    fn bogus_label_is_unknown() {
        assert!(resolve_label("no-such-charset").is_none());
        assert!(resolve_label("iso-2022-kr").is_none());
        assert_eq!(resolve_label(" gb2312 ").map(|e| e.name()), Some("GBK"));
    }

    const ZH: &str = "<p>张江科学城区域化党建促进会暨张江科学城特色产业园党委宣告正式成立，以一流党建引领科创建设，更好服务保障上海科创中心建设。</p>";

    fn labelled(enc: &'static Encoding) -> Sniffed {
        Sniffed::new(enc, EncodingSource::Transport)
    }

    #[test]
    fn a_cjk_page_under_a_latin_label_is_read_in_its_encoding() {
        let cases = [
            (encoding_rs::GBK, ZH.to_string()),
            (encoding_rs::BIG5, "<p>張江科學城區域化黨建促進會暨張江科學城特色產業園黨委宣告正式成立，以一流黨建引領科創建設，更好服務保障上海科創中心建設。</p>".to_string()),
            (encoding_rs::SHIFT_JIS, "<p>東京都は二十日、新しい感染症対策の方針を発表した。専門家による会議の結果を受けて、飲食店の営業時間の短縮を求める。</p>".to_string()),
            (encoding_rs::EUC_KR, "<p>서울시는 이십일 새로운 감염병 대책 방침을 발표했다. 전문가 회의 결과를 받아 음식점의 영업시간 단축을 요청한다.</p>".to_string()),
        ];
        for (enc, text) in cases {
            let (bytes, _, _) = enc.encode(&text);
            for latin in [encoding_rs::WINDOWS_1252, encoding_rs::WINDOWS_1250] {
                let s = reread(labelled(latin), &bytes, true, None);
                assert_eq!(s.encoding, enc, "{} under {}", enc.name(), latin.name());
                assert_eq!(s.source, EncodingSource::Corrected);
                assert_eq!(s.overridden.map(|(e, _)| e), Some(latin));
            }
        }
    }

    #[test]
    fn cut_characters_do_not_hide_gbk() {
        let zh = ZH.repeat(4);
        let (bytes, _, _) = encoding_rs::GBK.encode(&zh);
        // Two characters lose their second byte, as in a page cut and pasted badly.
        // Two summaries cut in the middle of a character, as by a byte limit: a lead byte
        // is followed by "…</a>".
        let mut cut = Vec::new();
        for (i, part) in bytes.split(|&b| b == b'<').enumerate() {
            if i > 0 {
                cut.push(b'<');
            }
            cut.extend_from_slice(part);
            if i == 2 || i == 4 {
                cut.extend_from_slice(b"\xD5...");
            }
        }
        let first = decide(&cut, true, None);
        assert_eq!(
            first.encoding,
            encoding_rs::WINDOWS_1252,
            "chardetng rules GBK out"
        );
        let s = reread(first, &cut, true, None);
        assert_eq!(s.encoding, encoding_rs::GBK);
        assert_eq!(s.source, EncodingSource::Corrected);
    }

    #[test]
    fn utf8_under_a_latin_label_is_utf8() {
        let s = reread(
            labelled(encoding_rs::WINDOWS_1252),
            ZH.as_bytes(),
            true,
            None,
        );
        assert_eq!(s.encoding, UTF_8);
        assert_eq!(s.source, EncodingSource::Corrected);
    }

    #[test]
    fn latin_and_other_single_byte_text_is_left_alone() {
        let latin = [
            (encoding_rs::WINDOWS_1252, "<p>Le café où nous étions était fermé. Über die Straße gingen wir, à côté du marché; señor, ¿qué pasó? Ça déçoit: été, hôtel, naïve, Noël, cœur.</p>"),
            (encoding_rs::WINDOWS_1250, "<p>Zażółć gęślą jaźń. Příliš žluťoučký kůň úpěl ďábelské ódy. Árvíztűrő tükörfúrógép.</p>"),
        ];
        for (enc, text) in latin {
            let (bytes, _, _) = enc.encode(text);
            let s = reread(labelled(enc), &bytes, true, None);
            assert_eq!(s.encoding, enc);
            assert_eq!(s.source, EncodingSource::Transport);
        }
        // Russian in windows-1251 mislabelled as windows-1252: its words are runs of
        // high bytes, but no CJK decoder reads them as CJK text without errors.
        let (ru, _, _) = encoding_rs::WINDOWS_1251.encode(
            "<p>Мэр города объявил о новых мерах по борьбе с инфекцией. Рестораны будут закрываться раньше, а школы перейдут на удалённое обучение.</p>",
        );
        let s = reread(labelled(encoding_rs::WINDOWS_1252), &ru, true, None);
        assert_eq!(s.encoding, encoding_rs::WINDOWS_1252);
        // A byte-order mark is never second-guessed, nor a detected CJK encoding.
        let bom = Sniffed::new(encoding_rs::WINDOWS_1252, EncodingSource::Bom);
        assert_eq!(
            reread(bom, ZH.as_bytes(), true, None).source,
            EncodingSource::Bom
        );
        let detected = Sniffed::new(encoding_rs::GBK, EncodingSource::Detected);
        assert_eq!(
            reread(detected, ZH.as_bytes(), true, None).encoding,
            encoding_rs::GBK
        );
    }

    /// A multi-byte label that the bytes contradict (a GBK, Big5, Shift_JIS or EUC-KR page
    /// sent as UTF-8 or so labelled in its `<meta>`, UTF-8 labelled Shift_JIS or GBK) is
    /// replaced by the encoding that reads them cleanly; a right label, and a UTF-8 page
    /// with two stray Latin bytes, are kept. (One legacy CJK encoding under another's label
    /// is not caught: GBK's decoder takes nearly every Big5 byte pair, Big5's most GBK
    /// pairs, without an error.)
    #[test]
    fn a_multi_byte_label_the_bytes_contradict_is_corrected() {
        let big5_text = "<p>張江科學城區域化黨建促進會暨張江科學城特色產業園黨委宣告正式成立，以一流黨建引領科創建設，更好服務保障上海科創中心建設。</p>";
        let sjis_text = "<p>東京都は二十日、新しい感染症対策の方針を発表した。専門家による会議の結果を受けて、飲食店の営業時間の短縮を求める。</p>";
        let ko_text = "<p>서울시는 이십일 새로운 감염병 대책 방침을 발표했다. 전문가 회의 결과를 받아 음식점의 영업시간 단축을 요청한다.</p>";
        let cases = [
            (encoding_rs::GBK, ZH, UTF_8, EncodingSource::Transport),
            (
                encoding_rs::BIG5,
                big5_text,
                UTF_8,
                EncodingSource::Transport,
            ),
            (
                encoding_rs::SHIFT_JIS,
                sjis_text,
                UTF_8,
                EncodingSource::Meta,
            ),
            (encoding_rs::EUC_KR, ko_text, UTF_8, EncodingSource::Meta),
            (UTF_8, ZH, encoding_rs::SHIFT_JIS, EncodingSource::Transport),
            (UTF_8, ZH, encoding_rs::GBK, EncodingSource::Transport),
        ];
        for (real, text, label, by) in cases {
            let (bytes, _, _) = real.encode(text);
            let s = reread(Sniffed::new(label, by), &bytes, true, None);
            assert_eq!(s.encoding, real, "{} under {}", real.name(), label.name());
            assert_eq!(s.source, EncodingSource::Corrected);
            assert_eq!(s.overridden, Some((label, by)));
            // Told right, nothing changes.
            let s = reread(Sniffed::new(real, by), &bytes, true, None);
            assert_eq!((s.encoding, s.source), (real, by));
        }
        let mut stray = ZH.as_bytes().to_vec();
        stray.extend_from_slice(b"<p>caf\xe9 cr\xe8me</p>");
        let s = reread(labelled(UTF_8), &stray, true, None);
        assert_eq!((s.encoding, s.source), (UTF_8, EncodingSource::Transport));
    }
}
