//! Charset decision: BOM → caller's label → valid UTF-8 → `<meta>` prescan → chardetng.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, X_USER_DEFINED};

use crate::article::EncodingSource;

/// The charset decided for a page, and what decided it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sniffed {
    pub(crate) encoding: &'static Encoding,
    pub(crate) source: EncodingSource,
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
        return Some(Sniffed {
            encoding: enc,
            source: EncodingSource::Bom,
        });
    }
    transport.map(|encoding| Sniffed {
        encoding,
        source: EncodingSource::Transport,
    })
}

/// Decides from a prefix of the page. `complete` says the prefix is the whole page.
pub(crate) fn decide(prefix: &[u8], complete: bool, tld: Option<&[u8]>) -> Sniffed {
    let non_ascii = !prefix.is_ascii();
    if non_ascii && is_utf8_prefix(prefix, complete) {
        return Sniffed {
            encoding: UTF_8,
            source: EncodingSource::Utf8,
        };
    }
    if let Some(enc) = meta_charset(prefix) {
        return Sniffed {
            encoding: enc,
            source: EncodingSource::Meta,
        };
    }
    if non_ascii {
        let mut det = chardetng::EncodingDetector::new();
        det.feed(prefix, complete);
        return Sniffed {
            encoding: det.guess(tld, false),
            source: EncodingSource::Detected,
        };
    }
    Sniffed {
        encoding: UTF_8,
        source: EncodingSource::Default,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
