//! The one error type of the library, classified by whose fault it is, and the one list
//! of stable error codes that gleaner answers with anywhere (library, HTTP, batch lines).

use std::fmt;

/// Whose fault an [`Error`] is. The HTTP service maps this to a status class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// The caller asked for something invalid (a bad rules file).
    Client,
    /// The input is too large or otherwise breaks a configured limit.
    Input,
    /// A bug or resource failure inside gleaner.
    Internal,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Fault::Client => "client",
            Fault::Input => "input",
            Fault::Internal => "internal",
        })
    }
}

macro_rules! codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal,)+) => {
        /// The stable snake_case codes of every error gleaner reports: [`Error::code`], the
        /// `code` of the HTTP service's problem details (all listed in `openapi.yaml`, which
        /// a test checks), and the `error.code` of `gleaner batch` lines.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum Code {
            $($(#[doc = $doc])* $variant,)+
        }

        impl Code {
            /// Every code.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)+];

            /// The code as written in JSON.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)+
                }
            }
        }
    };
}

codes! {
    /// A per-page limit was broken ([`Limit`] names it).
    LimitExceeded = "limit_exceeded",
    /// The HTML parser gave up.
    RewriteFailed = "rewrite_failed",
    /// A rules file does not parse or compile.
    InvalidRules = "invalid_rules",
    /// Input was given to an extractor that had already failed.
    ExtractorPoisoned = "extractor_poisoned",
    /// A query parameter is unknown or has a bad value.
    InvalidQuery = "invalid_query",
    /// The `Content-Type` header cannot be read.
    InvalidContentType = "invalid_content_type",
    /// The `Content-Type` is not one the route takes.
    UnsupportedMediaType = "unsupported_media_type",
    /// None of the media types the request's `Accept` names can be produced.
    NotAcceptable = "not_acceptable",
    /// The `Content-Encoding` is not gzip, deflate, br or zstd.
    UnsupportedContentEncoding = "unsupported_content_encoding",
    /// The body is not valid data of its `Content-Encoding`, or ends early.
    InvalidContentEncoding = "invalid_content_encoding",
    /// The body is larger than the server's limit.
    BodyTooLarge = "body_too_large",
    /// The body could not be read from the connection.
    BodyReadFailed = "body_read_failed",
    /// No body data arrived for the server's body timeout.
    BodyTimeout = "body_timeout",
    /// A JSON body is not a valid extract request.
    InvalidJson = "invalid_json",
    /// `html_base64` is not base64.
    InvalidBase64 = "invalid_base64",
    /// Both `html` and `html_base64` were given.
    AmbiguousHtml = "ambiguous_html",
    /// Neither `html` nor `html_base64` was given.
    MissingHtml = "missing_html",
    /// The server runs as many extractions as it allows.
    Overloaded = "overloaded",
    /// No such route.
    NotFound = "not_found",
    /// The route does not take that method.
    MethodNotAllowed = "method_not_allowed",
    /// A fault of gleaner itself.
    Internal = "internal",
    /// `gleaner batch` could not read an input file.
    IoError = "io_error",
}

impl Code {
    /// Whether the HTTP service can answer with this code: all but reading files
    /// (`gleaner batch`) and loading rules (done once, before the server listens).
    pub fn is_http(self) -> bool {
        !matches!(self, Code::IoError | Code::InvalidRules)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A per-page limit of [`crate::Limits`] (the name is the field's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Limit {
    /// `max_parser_memory`.
    MaxParserMemory,
    /// `max_busy_ms`.
    MaxBusyMs,
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Limit::MaxParserMemory => "max_parser_memory",
            Limit::MaxBusyMs => "max_busy_ms",
        })
    }
}

/// Errors returned by the extraction pipeline.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A configured limit was exceeded while reading the page.
    #[error("limit {limit} exceeded: {value} > {max}")]
    LimitExceeded {
        /// The limit broken.
        limit: Limit,
        /// The configured maximum.
        max: u64,
        /// The value reached when the limit was hit.
        value: u64,
    },
    /// The HTML parser gave up (memory limit of lol_html or a handler failure).
    #[error("HTML rewriting failed: {0}")]
    Rewrite(String),
    /// The rules file could not be read or compiled.
    #[error("invalid rules: {0}")]
    Rules(String),
    /// `write` was called after the extractor failed.
    #[error("the extractor already failed and cannot take more input")]
    Poisoned,
}

impl Error {
    /// Whose fault this error is.
    pub fn fault(&self) -> Fault {
        match self {
            Error::Rules(_) => Fault::Client,
            Error::LimitExceeded { .. } => Fault::Input,
            Error::Rewrite(_) | Error::Poisoned => Fault::Internal,
        }
    }

    /// The stable code for APIs and logs.
    pub fn code(&self) -> Code {
        match self {
            Error::LimitExceeded { .. } => Code::LimitExceeded,
            Error::Rewrite(_) => Code::RewriteFailed,
            Error::Rules(_) => Code::InvalidRules,
            Error::Poisoned => Code::ExtractorPoisoned,
        }
    }

    /// Maps a lol_html error; `max_memory` is the parser memory limit in force.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub(crate) fn from_rewriting(e: lol_html::errors::RewritingError, max_memory: usize) -> Self {
        use lol_html::errors::RewritingError as R;
        match e {
            R::MemoryLimitExceeded(_) => Error::LimitExceeded {
                limit: Limit::MaxParserMemory,
                max: max_memory as u64,
                value: max_memory as u64 + 1,
            },
            R::ParsingAmbiguity(e) => Error::Rewrite(e.to_string()),
            R::ContentHandlerError(e) => Error::Rewrite(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_their_names() {
        for &c in Code::ALL {
            let json = serde_json::to_string(&c).expect("a code serializes");
            assert_eq!(json, format!("\"{}\"", c.as_str()));
        }
    }
}
