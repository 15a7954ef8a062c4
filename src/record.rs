//! A page as a record of a data job: `{"id", "url", "charset", "page_type", "html" |
//! "html_base64"}`.
//! These are the records of `gleaner batch --input jsonl` and of the Python package's
//! `extract_record`; the HTTP service's JSON body takes the same `html`/`html_base64` pair.

use serde::Deserialize;

use crate::Code;

/// One record. `id` is any JSON value and comes back as it is; `html` is already decoded
/// text (read as UTF-8), `html_base64` the page's bytes in any charset, read with `charset`
/// (the transport's label) when given.
#[derive(Debug, Clone, Default, Deserialize)]
#[non_exhaustive]
pub struct Record {
    /// The caller's name for the record, echoed in its answer.
    #[serde(default)]
    pub id: serde_json::Value,
    /// The page's address.
    pub url: Option<String>,
    /// The charset of `html_base64`'s bytes, as the transport labelled them.
    pub charset: Option<String>,
    /// The page as text.
    pub html: Option<String>,
    /// The page's bytes, base64 (standard alphabet; padding optional, MIME line breaks
    /// allowed).
    pub html_base64: Option<String>,
    /// What kind of page it is, when the job knows (from its sitemap or URL pattern): it
    /// wins over the options' `page_type`.
    pub page_type: Option<crate::PageTypeChoice>,
}

/// Why a record gives no page: a stable code and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// `invalid_json`, `missing_html`, `ambiguous_html` or `invalid_base64`.
    pub code: Code,
    /// What is wrong, for people.
    pub message: String,
}

impl Record {
    /// Parses one JSON record (a JSONL line).
    pub fn parse(json: &str) -> Result<Record, RecordError> {
        serde_json::from_str(json).map_err(|e| RecordError {
            code: Code::InvalidJson,
            message: format!(
                "not a JSON record {{\"id\", \"url\", \"charset\", \"page_type\", \"html\" | \"html_base64\"}}: {e}"
            ),
        })
    }

    /// The page's bytes and the charset to read them with (`utf-8` for `html`, the
    /// record's `charset` for `html_base64`). Takes the page out of the record.
    pub fn take_page(&mut self) -> Result<(Vec<u8>, Option<String>), RecordError> {
        let bad = |code, message: &str| RecordError {
            code,
            message: message.to_string(),
        };
        match (self.html.take(), self.html_base64.take()) {
            (Some(h), None) => Ok((h.into_bytes(), Some("utf-8".to_string()))),
            (None, Some(b)) => decode_base64(b)
                .map(|v| (v, self.charset.clone()))
                .map_err(|e| RecordError {
                    code: Code::InvalidBase64,
                    message: format!("html_base64 is not valid base64: {e}"),
                }),
            (Some(_), Some(_)) => Err(bad(
                Code::AmbiguousHtml,
                "both html and html_base64 were given",
            )),
            (None, None) => Err(bad(
                Code::MissingHtml,
                "the record has neither html nor html_base64",
            )),
        }
    }
}

impl Record {
    /// Extracts the record's page with `options`, read with its `url` and the charset
    /// [`Record::take_page`] gives (else `options`' own). Takes the page out of the record;
    /// `id` stays for the answer. The outer error is the record's (no page in it), the
    /// inner one the extraction's. What `gleaner batch --input jsonl` and the Python
    /// package's `extract_record` do with each record.
    pub fn extract(
        &mut self,
        options: &crate::Options,
    ) -> Result<Result<crate::Article, crate::Error>, RecordError> {
        let (bytes, charset) = self.take_page()?;
        let opts = options
            .clone()
            .with_url(self.url.take())
            .with_charset(charset.or(options.charset.clone()))
            .with_page_type(self.page_type.unwrap_or(options.page_type));
        Ok(crate::extract(&bytes, &opts))
    }
}

/// Standard base64, lenient where it costs nothing: missing padding and non-zero trailing
/// bits are accepted (what encoders in the wild send).
const LENIENT_BASE64: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    base64::engine::GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
);

/// The bytes of `html_base64` (a JSON request, a JSONL record): MIME base64 (RFC 2045)
/// breaks lines every 76 characters, so whitespace is no data and is dropped in place.
pub fn decode_base64(mut b64: String) -> Result<Vec<u8>, base64::DecodeError> {
    use base64::Engine;
    // Most senders break no lines: a byte scan spares them `retain`'s per-char pass.
    if b64.bytes().any(|c| c.is_ascii_whitespace()) {
        b64.retain(|c| !c.is_ascii_whitespace());
    }
    LENIENT_BASE64.decode(&b64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(json: &str) -> Result<(Vec<u8>, Option<String>), Code> {
        let mut r = Record::parse(json).map_err(|e| e.code)?;
        r.take_page().map_err(|e| e.code)
    }

    #[test]
    fn records_give_their_page_or_a_coded_error() {
        assert_eq!(
            page(r#"{"id": 1, "html": "<p>é</p>", "charset": "gbk"}"#),
            Ok(("<p>é</p>".as_bytes().to_vec(), Some("utf-8".into())))
        );
        assert_eq!(
            page("{\"html_base64\": \"PHA+\\r\\naGk8L3A+\", \"charset\": \"gbk\"}"),
            Ok((b"<p>hi</p>".to_vec(), Some("gbk".into())))
        );
        assert_eq!(
            page(r#"{"html_base64": "PHA"}"#),
            Ok((b"<p".to_vec(), None))
        );
        assert_eq!(page("{not json"), Err(Code::InvalidJson));
        assert_eq!(page("[1]"), Err(Code::InvalidJson));
        assert_eq!(page(r#"{"id": "x"}"#), Err(Code::MissingHtml));
        assert_eq!(
            page(r#"{"html": "a", "html_base64": "YQ=="}"#),
            Err(Code::AmbiguousHtml)
        );
        assert_eq!(page(r#"{"html_base64": "no!"}"#), Err(Code::InvalidBase64));
        let typed = Record::parse(r#"{"html": "<p>x</p>", "page_type": "product"}"#);
        assert_eq!(
            typed.ok().and_then(|r| r.page_type),
            Some(crate::PageTypeChoice::Product)
        );
        assert!(Record::parse(r#"{"html": "x", "page_type": "blog"}"#).is_err());
    }
}
