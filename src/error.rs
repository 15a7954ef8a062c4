//! The one error type of the library, classified by whose fault it is.

use std::fmt;

/// Whose fault an [`Error`] is. The HTTP service maps this to a status class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// The caller asked for something invalid (bad option, unknown charset label).
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

/// Errors returned by the extraction pipeline.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The caller named a charset that no encoding answers to.
    #[error("unknown charset label {label:?}")]
    UnknownCharset {
        /// The label as given.
        label: String,
    },
    /// A configured limit was exceeded while reading the page.
    #[error("limit {limit} exceeded: {value} > {max}")]
    LimitExceeded {
        /// The limit's name, as in [`crate::Limits`].
        limit: &'static str,
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
            Error::UnknownCharset { .. } | Error::Rules(_) => Fault::Client,
            Error::LimitExceeded { .. } => Fault::Input,
            Error::Rewrite(_) | Error::Poisoned => Fault::Internal,
        }
    }

    /// A stable snake_case code for APIs and logs.
    pub fn code(&self) -> &'static str {
        match self {
            Error::UnknownCharset { .. } => "unknown_charset",
            Error::LimitExceeded { .. } => "limit_exceeded",
            Error::Rewrite(_) => "rewrite_failed",
            Error::Rules(_) => "invalid_rules",
            Error::Poisoned => "extractor_poisoned",
        }
    }
}

impl Error {
    /// Maps a lol_html error; `max_memory` is the parser memory limit in force.
    #[deny(clippy::wildcard_enum_match_arm)]
    pub(crate) fn from_rewriting(e: lol_html::errors::RewritingError, max_memory: usize) -> Self {
        use lol_html::errors::RewritingError as R;
        match e {
            R::MemoryLimitExceeded(_) => Error::LimitExceeded {
                limit: "max_parser_memory",
                max: max_memory as u64,
                value: max_memory as u64 + 1,
            },
            R::ParsingAmbiguity(e) => Error::Rewrite(e.to_string()),
            R::ContentHandlerError(e) => Error::Rewrite(e.to_string()),
        }
    }
}
