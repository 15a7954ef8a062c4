//! gleaner turns raw scraped web pages into clean article JSON.
//!
//! The pipeline streams: bytes are sniffed for their charset (BOM, the caller's label,
//! UTF-8 validity, `<meta>`, then chardetng), decoded to UTF-8 by encoding_rs, and passed
//! through one lol_html pass that drops what is never content and cuts the visible text
//! into blocks. The extractor then picks the article's blocks, removes boilerplate by
//! rules (see `rules/boilerplate.toml`), and reads the metadata.
//!
//! ```
//! let html = "<html><head><title>Hello - Site</title></head><body><nav><a href=/>Home</a></nav>\
//!             <article><h1>Hello</h1><p>First paragraph of the article, with enough words to read as prose.</p>\
//!             <p>Second paragraph, again long enough, with commas, clauses, and a full stop.</p></article></body></html>";
//! let article = gleaner::extract(html.as_bytes(), &gleaner::Options::default()).unwrap();
//! assert_eq!(article.title.as_deref(), Some("Hello"));
//! assert!(article.text.starts_with("First paragraph"));
//! assert!(!article.text.contains("Home"));
//! ```

#![forbid(unsafe_code)]

mod article;
mod error;
mod options;
mod pipeline;
pub mod record;
pub mod render;
mod rules;
#[cfg(feature = "warc")]
pub mod warc;

pub use article::{
    Article, Block, BlockKind, CellPlace, EncodingInfo, EncodingSource, Image, Link, ListPlace,
    PageType, PageTypeEvidence, Quality, Reading, Removal, Signal, Span, SpanKind, Stats,
    SuspiciousRun, TypeScore,
};
pub use error::{Code, Error, Fault, Limit};
pub use options::{
    Choices, Format, InputFormat, Limits, Mode, Options, PageTypeChoice, Ruby, Script, Width,
};
pub use pipeline::{extract, Extractor};
pub use rules::{Role, Rule, Rules};
#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "server")]
pub mod server;
