//! Every threshold of the metadata stage in one place, each with what it bounds. Lengths
//! in characters unless the name says bytes. (The byline's own cap, while it is read, is
//! `collect::byline`'s.)

/// The thresholds of the metadata stage.
#[derive(Debug, Clone, Copy)]
pub(super) struct MetaParams {
    /// Blocks from the top of the page searched for the line the titles quote.
    pub(super) title_scan_blocks: usize,
    /// The shortest line that may be the headline.
    pub(super) headline_min_chars: u32,
    /// The longest line (or lines together) that may be the headline.
    pub(super) headline_max_chars: u32,
    /// How many lines one headline may be set over (`<br>` between them).
    pub(super) title_lines: usize,
    /// The shortest `<h1>` taken as the headline when it is the page's only one.
    pub(super) only_h1_min_chars: u32,
    /// Blocks above the headline searched first for a date line.
    pub(super) date_before_headline: usize,
    /// Blocks below the headline searched first for a date line.
    pub(super) date_after_headline: usize,
    /// The longest line read as a date line.
    pub(super) date_line_max_chars: u32,
    /// The longest line read as an info line (`来源：`, `责任编辑：`, `（记者 …）`).
    pub(super) info_line_max_chars: u32,
    /// The longest line read as an English byline line (`By Jane Doe`).
    pub(super) by_line_max_chars: u32,
    /// JSON-LD `@type` values kept per page.
    pub(super) ld_types: usize,
    /// The deepest JSON-LD nesting walked.
    pub(super) ld_depth: usize,
    /// The longest JSON-LD `@type` value kept (bytes).
    pub(super) ld_type_bytes: usize,
    /// The longest name, from a byline or metadata.
    pub(super) name_max_chars: usize,
    /// The longest CJK name from a byline (a longer one is a badge or a sentence).
    pub(super) cjk_name_max_chars: usize,
    /// The longest CJK name from `<meta>` or JSON-LD.
    pub(super) cjk_meta_name_max_chars: usize,
    /// The most words of a Latin name.
    pub(super) name_max_words: usize,
}

/// The thresholds gleaner uses.
pub(super) const PARAMS: MetaParams = MetaParams {
    title_scan_blocks: 600,
    headline_min_chars: 4,
    headline_max_chars: 200,
    title_lines: 4,
    only_h1_min_chars: 10,
    date_before_headline: 3,
    date_after_headline: 12,
    date_line_max_chars: 120,
    info_line_max_chars: 160,
    by_line_max_chars: 80,
    ld_types: 64,
    ld_depth: 8,
    ld_type_bytes: 64,
    name_max_chars: 50,
    cjk_name_max_chars: 10,
    cjk_meta_name_max_chars: 8,
    name_max_words: 5,
};
