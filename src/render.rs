//! The article rendered as documents: `format=html` (HTML built from escaped text
//! only, so no markup, script, handler or URL of the page can survive), `format=markdown`
//! (CommonMark with GitHub tables, every character of the page's text escaped where it
//! could act as markup) and plain text.

use std::collections::BTreeMap;

use crate::article::{Article, Block, BlockKind, ListPlace, Span, SpanKind};
use crate::options::Format;

/// The article as the one document `format` names, as `gleaner extract --bare` prints it
/// and the HTTP service answers `Accept: text/markdown | text/html | text/plain`:
/// Markdown, the HTML fragment (`<article>…</article>`), or plain text for `json` and
/// `text`. The one place where a format picks its document.
#[must_use]
pub fn document(article: &Article, format: Format) -> String {
    match format {
        Format::Markdown => markdown(article),
        Format::Html => article
            .html
            .clone()
            .unwrap_or_else(|| render_html(article.title.as_deref(), &article.blocks)),
        Format::Json | Format::Text => text(article),
    }
}

/// The documents an article carries for `format` (its `markdown` and `html` fields), made
/// from its title and blocks; `links` puts links in the Markdown.
pub(crate) fn documents(
    title: Option<&str>,
    blocks: &[Block],
    format: Format,
    links: bool,
) -> (Option<String>, Option<String>) {
    match format {
        Format::Markdown => (Some(render_markdown(title, blocks, links)), None),
        Format::Html => (None, Some(render_html(title, blocks))),
        Format::Json | Format::Text => (None, None),
    }
}

/// The article as plain text: the title, then the blocks separated by blank lines, list
/// items with their markers (`- `, `1. `) and data tables' rows as `a | b`.
#[must_use]
pub fn text(article: &Article) -> String {
    render_text(article.title.as_deref(), &article.blocks)
}

/// The article as Markdown: its `markdown` when `format=markdown` made one, else rendered
/// from its title and blocks (emphasis, code spans and links appear when the blocks carry
/// `spans`: `format=markdown` or `links=true`).
#[must_use]
pub fn markdown(article: &Article) -> String {
    if let Some(md) = &article.markdown {
        return md.clone();
    }
    let links = article
        .blocks
        .iter()
        .flat_map(|b| &b.spans)
        .any(|s| s.kind == SpanKind::Link);
    render_markdown(article.title.as_deref(), &article.blocks, links)
}

/// The article as HTML: `<article>` holding `<h1>`..`<h6>`, `<p>`, `<ul>`/`<li>`,
/// `<blockquote>`, `<pre>` and `<figcaption>` (table cells are `<p class="table-cell">`),
/// each holding the page's text escaped (`&`, `<`, `>`), and no attribute but that class:
/// no markup, script, handler or URL of the page can come out of it
/// (`tests::html_holds_no_markup_of_the_page`). It needs no sanitizer after it.
pub(crate) fn render_html(title: Option<&str>, blocks: &[Block]) -> String {
    let mut out = String::from("<article>");
    if let Some(t) = title {
        out.push_str("<h1>");
        escape_into(&mut out, t);
        out.push_str("</h1>");
    }
    let mut in_list = false;
    for b in blocks {
        if in_list && b.kind != BlockKind::ListItem {
            out.push_str("</ul>");
            in_list = false;
        }
        let (open, close) = match b.kind {
            BlockKind::Heading => {
                let l = b.level.unwrap_or(2).clamp(1, 6);
                out.push_str(&format!("<h{l}>"));
                escape_into(&mut out, &b.text);
                out.push_str(&format!("</h{l}>"));
                continue;
            }
            BlockKind::Paragraph => ("<p>", "</p>"),
            BlockKind::ListItem => {
                if !in_list {
                    out.push_str("<ul>");
                    in_list = true;
                }
                ("<li>", "</li>")
            }
            BlockKind::Quote => ("<blockquote>", "</blockquote>"),
            BlockKind::Code => ("<pre>", "</pre>"),
            BlockKind::Table => ("<p class=\"table-cell\">", "</p>"),
            BlockKind::Caption => ("<figcaption>", "</figcaption>"),
        };
        out.push_str(open);
        escape_into(&mut out, &b.text);
        out.push_str(close);
    }
    if in_list {
        out.push_str("</ul>");
    }
    out.push_str("</article>");
    out
}

fn escape_into(out: &mut String, text: &str) {
    out.push_str(&htmlize::escape_text(text));
}

/// A table whose cells are longer than this is the page's layout, not data: its blocks
/// are rendered as they would be outside it.
const MAX_DATA_CELL_CHARS: usize = 400;

/// Lists nest at most this deep in Markdown and text, and their items' content starts at
/// most this many columns in (about): deeper lists are written as items of the deepest
/// one, so the document stays within a small multiple of the page's text.
const MAX_LIST_NESTING: usize = 8;
const MAX_LIST_INDENT: usize = 24;

/// How the blocks are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// CommonMark with GitHub tables; links only when `links`.
    Markdown { links: bool },
    /// Plain text: list markers and table rows kept, no other markup, nothing escaped.
    Text,
}

/// The article as Markdown: the title as a level-1 heading, then the blocks with their
/// structure (heading levels, nested and numbered lists, GitHub tables for data tables,
/// fenced code, quotes, emphasis and code spans, and links when `links`).
pub(crate) fn render_markdown(title: Option<&str>, blocks: &[Block], links: bool) -> String {
    render(title, blocks, Style::Markdown { links })
}

/// The article as plain text: the title, then the blocks with list markers and table
/// rows, separated by blank lines.
pub(crate) fn render_text(title: Option<&str>, blocks: &[Block]) -> String {
    render(title, blocks, Style::Text)
}

fn render(title: Option<&str>, blocks: &[Block], style: Style) -> String {
    let mut parts = Vec::new();
    if let Some(t) = title.filter(|t| !t.trim().is_empty()) {
        parts.push(match style {
            Style::Markdown { .. } => {
                let heading = Block {
                    level: Some(1),
                    ..Block::new(BlockKind::Heading, t)
                };
                block(&heading, style, "")
            }
            Style::Text => t.to_string(),
        });
    }
    parts.extend(chunks(blocks, style));
    let mut out = parts.join("\n\n");
    out.push('\n');
    out
}

/// The blocks as the document's chunks (separated by blank lines): a table, a list, a
/// run of quotes, or one block.
fn chunks(blocks: &[Block], style: Style) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = blocks;
    let mut group = None;
    while let Some(b) = rest.first() {
        // Cards and posts (outside lists and tables, which separate them already) are
        // set apart by a thematic break in Markdown.
        if matches!(style, Style::Markdown { .. })
            && b.list.is_none()
            && b.cell.is_none()
            && group.is_some()
            && b.group.is_some()
            && b.group != group
        {
            parts.push("* * *".to_string());
        }
        let same: &dyn Fn(&Block) -> bool = if let Some(c) = b.cell {
            &move |x: &Block| x.cell.is_some_and(|y| y.table == c.table)
        } else if b.list.is_some() {
            &|x: &Block| x.list.is_some() && x.cell.is_none()
        } else if b.kind == BlockKind::Quote {
            &|x: &Block| x.kind == BlockKind::Quote && x.list.is_none() && x.cell.is_none()
        } else {
            &|_: &Block| false
        };
        let n = rest.iter().take_while(|x| same(x)).count().max(1);
        let Some((run, after)) = rest.split_at_checked(n) else {
            break;
        };
        rest = after;
        group = run.last().and_then(|x| x.group);
        if b.cell.is_some() {
            match table(run, style) {
                Some(t) => parts.push(t),
                None => {
                    // A layout table: its blocks as if no table held them.
                    let freed: Vec<Block> = run
                        .iter()
                        .map(|x| Block {
                            cell: None,
                            ..x.clone()
                        })
                        .collect();
                    parts.extend(chunks(&freed, style));
                }
            }
        } else if b.list.is_some() {
            parts.push(list(run, style));
        } else if b.kind == BlockKind::Quote {
            let quotes: Vec<String> = run.iter().map(|q| inline(q, style, false)).collect();
            parts.push(match style {
                Style::Markdown { .. } => format!("> {}", quotes.join("\n>\n> ")),
                Style::Text => quotes.join("\n\n"),
            });
        } else {
            parts.push(block(b, style, ""));
        }
    }
    parts
}

/// One block outside lists and tables; `indent` starts the lines after its first.
fn block(b: &Block, style: Style, indent: &str) -> String {
    let md = matches!(style, Style::Markdown { .. });
    match b.kind {
        BlockKind::Code => {
            if !md {
                return indented(&b.text, indent);
            }
            let fence = "`".repeat(longest_run(&b.text, '`').max(2) + 1);
            indented(
                &format!("{fence}\n{}\n{fence}", b.text.trim_end_matches('\n')),
                indent,
            )
        }
        BlockKind::Heading if md => {
            let level = b.level.unwrap_or(2).clamp(1, 6) as usize;
            format!("{} {}", "#".repeat(level), inline(b, style, false))
        }
        BlockKind::Quote if md => format!("> {}", inline(b, style, false)),
        BlockKind::ListItem if md => format!("- {}", inline(b, style, false)),
        _ => inline(b, style, false),
    }
}

/// `text` with `indent` before every line but the first.
fn indented(text: &str, indent: &str) -> String {
    text.lines()
        .collect::<Vec<_>>()
        .join(&format!("\n{indent}"))
}

/// The blocks of one or more lists in a row. A block of the item before it at its depth
/// is a further paragraph of that item; a first item after a list at the same depth
/// starts a new list, which Markdown needs another bullet character to tell apart. Depths
/// are relative: a list whose outer items the article left out starts at the margin.
fn list(blocks: &[Block], style: Style) -> String {
    struct Open {
        depth: u8,
        item: u32,
        /// The column the item's content starts at.
        content: usize,
        /// Whether its list uses the other bullet character.
        alt: bool,
    }
    let mut out = String::new();
    let mut open: Vec<Open> = Vec::new();
    for b in blocks {
        let Some(ListPlace {
            depth,
            ordered,
            item,
        }) = b.list
        else {
            continue;
        };
        while open.last().is_some_and(|o| o.depth > depth) {
            open.pop();
        }
        // Past the nesting or indentation bound a deeper list is written as more items
        // of the deepest open one: a page of lists nested thousands deep would otherwise
        // make a document of its item count times its depth.
        let flattened = open.last().filter(|o| {
            o.depth < depth && (open.len() >= MAX_LIST_NESTING || o.content >= MAX_LIST_INDENT)
        });
        let (depth, flattened) = match flattened {
            Some(o) => (o.depth, true),
            None => (depth, false),
        };
        if let Some(o) = open
            .last()
            .filter(|o| !flattened && o.depth == depth && o.item == item)
        {
            let pad = " ".repeat(o.content);
            let text = block_in_list(b, style, &pad);
            out.push_str(&format!("\n\n{pad}{text}"));
            continue;
        }
        let sibling = open
            .last()
            .filter(|o| o.depth == depth)
            .map(|o| (o.item, o.alt));
        // A first item after a list at the same depth starts another list.
        let alt = sibling.is_some_and(|(prev, alt)| alt != (item <= prev));
        if sibling.is_some() {
            open.pop();
        }
        let base = open.last().map_or(0, |o| o.content);
        let marker = match (ordered, alt && matches!(style, Style::Markdown { .. })) {
            (true, false) => format!("{item}. "),
            (true, true) => format!("{item}) "),
            (false, false) => "- ".to_string(),
            (false, true) => "* ".to_string(),
        };
        let content = base + marker.chars().count();
        let text = block_in_list(b, style, &" ".repeat(content));
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&" ".repeat(base));
        out.push_str(&marker);
        out.push_str(&text);
        open.push(Open {
            depth,
            item,
            content,
            alt,
        });
    }
    out
}

/// A list item's block, its later lines indented to the item's content.
fn block_in_list(b: &Block, style: Style, pad: &str) -> String {
    match b.kind {
        BlockKind::Code => block(b, style, pad),
        _ => inline(b, style, false),
    }
}

/// A data table as a GitHub table (the first row is the header), or `None` for a table
/// that lays the page out: one row or one column, or a cell longer than a data cell.
/// A cell's blocks are joined by spaces, list items marked with `•`.
fn table(blocks: &[Block], style: Style) -> Option<String> {
    let mut rows: BTreeMap<u32, BTreeMap<u32, Vec<String>>> = BTreeMap::new();
    for b in blocks {
        let c = b.cell?;
        let mut text = inline(b, style, true);
        if b.list.is_some() {
            text.insert_str(0, "• ");
        }
        rows.entry(c.row)
            .or_default()
            .entry(c.col)
            .or_default()
            .push(text);
    }
    let cols = rows
        .values()
        .filter_map(|r| r.keys().max())
        .max()
        .copied()? as usize;
    let cells: Vec<Vec<String>> = rows
        .values()
        .map(|r| {
            (1..=cols as u32)
                .map(|c| r.get(&c).map(|parts| parts.join(" ")).unwrap_or_default())
                .collect()
        })
        .collect();
    let too_long = cells
        .iter()
        .flatten()
        .any(|c| c.chars().count() > MAX_DATA_CELL_CHARS);
    if cells.len() < 2 || cols < 2 || too_long {
        return None;
    }
    let row = |r: &[String]| match style {
        Style::Markdown { .. } => format!("| {} |", r.join(" | ")),
        Style::Text => r.join(" | "),
    };
    let (head, body) = cells.split_first()?;
    let mut lines = vec![row(head)];
    if matches!(style, Style::Markdown { .. }) {
        lines.push(format!("|{}", " --- |".repeat(cols)));
    }
    lines.extend(body.iter().map(|r| row(r)));
    Some(lines.join("\n"))
}

/// A block's text with its spans as Markdown (escaped), or as it is for plain text.
/// Spans that cross one another, or sit in a code span, a link in a link or an emphasis
/// of their own kind, are left out so that the markup stays well formed.
fn inline(b: &Block, style: Style, in_table: bool) -> String {
    let text = b.text.replace(['\n', '\r'], " ");
    let Style::Markdown { links } = style else {
        return text;
    };
    let heading = b.kind == BlockKind::Heading;
    let chars: Vec<char> = text.chars().collect();
    let spans = nested_spans(&chars, &b.spans, links);
    let delimiter = list_delimiter(&chars).filter(|_| spans.first().is_none_or(|s| s.start > 0));
    let mut out = String::with_capacity(text.len() + 16);
    let mut open: Vec<&Span> = Vec::new();
    let mut next = spans.iter().peekable();
    let mut pos = 0u32;
    while (pos as usize) <= chars.len() {
        while let Some(s) = open.last().filter(|s| s.end == pos) {
            out.push_str(&closer(s));
            open.pop();
        }
        let mut code_end = None;
        while let Some(s) = next.next_if(|s| s.start == pos) {
            if s.kind == SpanKind::Code {
                let code: String = chars
                    .get(s.start as usize..s.end as usize)
                    .unwrap_or_default()
                    .iter()
                    .collect();
                out.push_str(&code_span(&code, in_table));
                code_end = Some(s.end);
                break;
            }
            // `!` right before a link's `[` would make it an image.
            if s.kind == SpanKind::Link && out.ends_with('!') {
                out.pop();
                out.push_str("\\!");
            }
            out.push_str(opener(s));
            open.push(s);
        }
        if let Some(end) = code_end {
            pos = end;
            continue;
        }
        let Some(&c) = chars.get(pos as usize) else {
            break;
        };
        let at = Place {
            line_start: out.is_empty(),
            heading,
            in_table,
        };
        let i = pos as usize;
        push_escaped(
            &mut out,
            c,
            chars.get(i + 1).copied(),
            at,
            delimiter == Some(i),
        );
        pos += 1;
    }
    while let Some(s) = open.pop() {
        out.push_str(&closer(s));
    }
    out
}

/// The spans that can be written as well-formed Markdown, outer ones first.
fn nested_spans(chars: &[char], spans: &[Span], links: bool) -> Vec<Span> {
    let len = chars.len() as u32;
    let mut sorted: Vec<Span> = spans
        .iter()
        .filter(|s| s.start < s.end && s.end <= len)
        .filter(|s| s.kind != SpanKind::Link || (links && s.href.is_some()))
        .cloned()
        .collect();
    sorted.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let sorted = merge_touching(chars, sorted);
    let mut kept: Vec<Span> = Vec::new();
    let mut stack: Vec<Span> = Vec::new();
    for s in sorted {
        while stack.last().is_some_and(|t| t.end <= s.start) {
            stack.pop();
        }
        let fits = stack.last().is_none_or(|t| s.end <= t.end);
        let conflicts = stack
            .iter()
            .any(|t| t.kind == SpanKind::Code || t.kind == s.kind);
        // `*a***b**`: an emphasis opening where another one closes runs the delimiters
        // together.
        let glued = is_emphasis(s.kind)
            && kept
                .iter()
                .any(|k| is_emphasis(k.kind) && (k.end == s.start || k.start == s.end));
        if fits && !conflicts && !glued && (!is_emphasis(s.kind) || flanks(chars, &s)) {
            stack.push(s.clone());
            kept.push(s);
        }
    }
    kept
}

fn is_emphasis(kind: SpanKind) -> bool {
    matches!(kind, SpanKind::Emphasis | SpanKind::Strong)
}

/// Emphasis spans of one kind that touch, or that only whitespace parts, as one span
/// (`<i>Originally published on</i> <i>Live Science</i><i>.</i>`), and code spans that
/// touch (`<code>a</code><code>b</code>`): written apart, their delimiters would run
/// together.
fn merge_touching(chars: &[char], sorted: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(sorted.len());
    for s in sorted {
        let joined = out.iter_mut().rev().find(|o| o.kind == s.kind).filter(|o| {
            // Code spans that touch: their fences would run together into one.
            (s.kind == SpanKind::Code && o.end == s.start)
                || (is_emphasis(s.kind)
                    && o.end <= s.start
                    && chars
                        .get(o.end as usize..s.start as usize)
                        .is_some_and(|gap| gap.iter().all(|c| c.is_whitespace())))
        });
        match joined {
            Some(o) => o.end = s.end,
            None => out.push(s),
        }
    }
    out.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    out
}

/// Whether CommonMark reads `*` before and after the span as an opener and a closer: the
/// span's first character is not whitespace and, when it is punctuation, what comes before
/// is whitespace, punctuation or nothing; the same, mirrored, for its last character.
fn flanks(chars: &[char], s: &Span) -> bool {
    let punct = |c: char| !c.is_alphanumeric() && !c.is_whitespace();
    let loose = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || punct(c));
    let at = |i: Option<u32>| i.and_then(|i| chars.get(i as usize).copied());
    let (Some(first), Some(last)) = (at(Some(s.start)), at(s.end.checked_sub(1))) else {
        return false;
    };
    let before = at(s.start.checked_sub(1));
    let after = at(Some(s.end));
    !first.is_whitespace()
        && !last.is_whitespace()
        && (!punct(first) || loose(before))
        && (!punct(last) || loose(after))
}

fn opener(s: &Span) -> &'static str {
    match s.kind {
        SpanKind::Emphasis => "*",
        SpanKind::Strong => "**",
        SpanKind::Link => "[",
        SpanKind::Code => "",
    }
}

fn closer(s: &Span) -> String {
    match s.kind {
        SpanKind::Emphasis => "*".into(),
        SpanKind::Strong => "**".into(),
        // `<...>` takes any address without spaces or line breaks, which a parsed URL
        // never holds; a backslash or an angle bracket in it is escaped (a trailing `\`
        // would escape the closing `>`).
        SpanKind::Link => {
            let href = s.href.as_deref().unwrap_or_default();
            let mut out = String::with_capacity(href.len() + 5);
            out.push_str("](<");
            for c in href.chars() {
                if matches!(c, '\\' | '<' | '>') {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push_str(">)");
            out
        }
        SpanKind::Code => String::new(),
    }
}

/// A code span: fenced by one backtick more than the longest run inside, padded when the
/// code starts or ends with a backtick.
fn code_span(code: &str, in_table: bool) -> String {
    let fence = "`".repeat(longest_run(code, '`') + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') {
        " "
    } else {
        ""
    };
    let code = if in_table {
        code.replace('|', "\\|")
    } else {
        code.to_string()
    };
    format!("{fence}{pad}{code}{pad}{fence}")
}

fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for x in s.chars() {
        run = if x == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// Pushes `c`, backslash-escaped where Markdown would read it as markup: emphasis, code,
/// links, raw HTML and entities everywhere; block markers (`#`, `-`, `+`, `=`) at the
/// start of a line; `#` anywhere in a heading (a closing sequence); `|` in a table.
/// `force` escapes the delimiter of a leading `1.`, which would start a list.
fn push_escaped(out: &mut String, c: char, next: Option<char>, at: Place, force: bool) {
    let escape = force
        || match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '~' => true,
            '&' => next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#'),
            '#' => at.line_start || at.heading,
            '-' | '+' | '=' => at.line_start,
            '|' => at.in_table,
            _ => false,
        };
    if escape {
        out.push('\\');
    }
    out.push(c);
}

/// Where a character is written.
#[derive(Debug, Clone, Copy, Default)]
struct Place {
    line_start: bool,
    heading: bool,
    in_table: bool,
}

/// The index of the `.` or `)` of a leading `1.` / `1)`, which Markdown reads as an
/// ordered list's marker.
fn list_delimiter(chars: &[char]) -> Option<usize> {
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    (digits > 0 && digits < 10 && matches!(chars.get(digits), Some('.' | ')'))).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_escaped_text() {
        let blocks = vec![Block::new(
            BlockKind::Paragraph,
            "<script>alert(1)</script> & <img src=x onerror=alert(1)>",
        )];
        let html = render_html(Some("T"), &blocks);
        assert!(!html.contains("<script"));
        assert!(!html.contains("<img"));
        assert!(html.contains("&lt;script&gt;"));
    }

    /// The proof that the HTML needs no sanitizer: for any text in any kind of block and
    /// in the title (markup, entities, quotes, controls, any Unicode), the output is made
    /// of the builder's own tags and nothing else that a browser reads as markup. Once
    /// every tag the builder writes is taken out, no `<` or `>` is left (escaped text holds
    /// `&lt;`/`&gt;` only), so the page's text can open no element, attribute or comment.
    #[test]
    fn html_holds_no_markup_of_the_page() {
        use proptest::prelude::*;
        const OWN: [&str; 26] = [
            "<article>",
            "</article>",
            "<h1>",
            "</h1>",
            "<h2>",
            "</h2>",
            "<h3>",
            "</h3>",
            "<h4>",
            "</h4>",
            "<h5>",
            "</h5>",
            "<h6>",
            "</h6>",
            "<p class=\"table-cell\">",
            "<p>",
            "</p>",
            "<ul>",
            "</ul>",
            "<li>",
            "</li>",
            "<blockquote>",
            "</blockquote>",
            "<pre>",
            "</pre>",
            "<figcaption>",
        ];
        let kinds = [
            BlockKind::Heading,
            BlockKind::Paragraph,
            BlockKind::ListItem,
            BlockKind::Quote,
            BlockKind::Code,
            BlockKind::Table,
            BlockKind::Caption,
        ];
        let text = "(<|>|&|\"|'|<script>|</p>|<!--|-->|<img src=x onerror=alert(1)>|&lt;|\\PC|\u{0}|\n){0,12}";
        let mut runner = proptest::test_runner::TestRunner::default();
        let strategy = (
            proptest::option::of(
                proptest::string::string_regex(text).unwrap_or_else(|e| panic!("{e}")),
            ),
            proptest::collection::vec(
                (
                    0..kinds.len(),
                    0u8..9,
                    proptest::string::string_regex(text).unwrap_or_else(|e| panic!("{e}")),
                ),
                0..8,
            ),
        );
        runner
            .run(&strategy, |(title, raw)| {
                let blocks: Vec<Block> = raw
                    .iter()
                    .map(|(k, level, t)| Block {
                        level: Some(*level),
                        ..Block::new(kinds[*k], t)
                    })
                    .collect();
                let mut html = render_html(title.as_deref(), &blocks);
                html = html.replace("</figcaption>", "");
                for tag in OWN {
                    html = html.replace(tag, "");
                }
                prop_assert!(!html.contains(['<', '>']), "{html}");
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{e}"));
    }

    use crate::article::CellPlace;
    use pulldown_cmark::{Event, Options as MdOptions, Parser, Tag as MdTag, TagEnd};

    fn parse(md: &str) -> Vec<Event<'_>> {
        let opts = MdOptions::ENABLE_TABLES | MdOptions::ENABLE_STRIKETHROUGH;
        Parser::new_ext(md, opts).collect()
    }

    /// The text of the events between each start of `want` and its end.
    fn texts_in(events: &[Event], want: fn(&MdTag) -> bool) -> Vec<String> {
        let mut out = Vec::new();
        let mut depth = 0;
        for e in events {
            match e {
                Event::Start(t) if want(t) => {
                    if depth == 0 {
                        out.push(String::new());
                    }
                    depth += 1;
                }
                Event::End(_) if depth > 0 => {
                    // Ends of inner tags are counted off by their starts.
                    depth -= 1;
                }
                Event::Start(_) if depth > 0 => depth += 1,
                Event::Text(t) | Event::Code(t) if depth > 0 => {
                    if let Some(last) = out.last_mut() {
                        last.push_str(t);
                    }
                }
                _ => {}
            }
        }
        out
    }

    fn item(text: &str, depth: u8, ordered: bool, item: u32) -> Block {
        Block {
            list: Some(ListPlace {
                depth,
                ordered,
                item,
            }),
            ..Block::new(BlockKind::ListItem, text)
        }
    }

    fn cell(text: &str, row: u32, col: u32) -> Block {
        Block {
            cell: Some(CellPlace { table: 1, row, col }),
            ..Block::new(BlockKind::Table, text)
        }
    }

    fn span(kind: SpanKind, start: u32, end: u32, href: Option<&str>) -> Span {
        Span {
            kind,
            start,
            end,
            href: href.map(str::to_string),
        }
    }

    const HOSTILE: [&str; 16] = [
        "*a* _b_ `c` [d](e) <b>x</b> &amp; # h",
        "1. not a list",
        "2) nor this",
        "- not a list",
        "+ nor this",
        "> not a quote",
        "=== not an underline",
        "# not a heading #",
        "| a | b |",
        "back\\slash\\",
        "~~not struck~~",
        "<!-- not a comment -->",
        "&copy; stays &amp; as written &#169;",
        "<https://not.an.autolink/>",
        "![not](an image)",
        "<script>alert(1)</script><img src=x onerror=alert(1)>",
    ];

    #[test]
    fn markdown_text_reads_back_as_the_same_text_and_no_markup() {
        for kind in [BlockKind::Paragraph, BlockKind::Heading, BlockKind::Quote] {
            for text in HOSTILE {
                let b = Block {
                    level: Some(2),
                    ..Block::new(kind, text)
                };
                let md = render_markdown(None, &[b], true);
                let events = parse(&md);
                assert!(
                    !events
                        .iter()
                        .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_))),
                    "{kind:?} {text:?} gave markup: {md}"
                );
                let read: String = events
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) => Some(t.to_string()),
                        _ => None,
                    })
                    .collect();
                assert_eq!(read, text, "{kind:?} read back from {md:?}");
                let blocks = events
                    .iter()
                    .filter(|e| matches!(e, Event::Start(MdTag::Paragraph | MdTag::Heading { .. })))
                    .count();
                assert_eq!(blocks, 1, "{kind:?} {text:?} made other blocks: {md}");
            }
        }
    }

    #[test]
    fn lists_nested_past_the_bound_are_written_flat() {
        // 255 levels, one item each, in ordered lists: before the bound the document
        // grew with depth times items (about 30 times the page's text).
        let blocks: Vec<Block> = (1..=255u8).map(|d| item("x", d, true, 1)).collect();
        let text_len: usize = blocks.iter().map(|b| b.text.len() + 1).sum();
        for md in [
            render_markdown(None, &blocks, false),
            render_text(None, &blocks),
        ] {
            assert!(md.len() < text_len * 30, "{} bytes", md.len());
            let widest = md.lines().map(|l| l.len() - l.trim_start().len()).max();
            assert!(widest.unwrap_or(0) <= MAX_LIST_INDENT, "{widest:?}");
            // Every item is still there, as an item.
            assert_eq!(md.matches('x').count(), 255);
        }
        let md = render_markdown(None, &blocks, false);
        let events = parse(&md);
        let items = events
            .iter()
            .filter(|e| matches!(e, Event::Start(MdTag::Item)))
            .count();
        assert_eq!(items, 255);
        let mut depth = 0usize;
        let mut deepest = 0usize;
        for e in &events {
            match e {
                Event::Start(MdTag::List(_)) => depth += 1,
                Event::End(TagEnd::List(_)) => depth -= 1,
                _ => {}
            }
            deepest = deepest.max(depth);
        }
        assert!((2..=MAX_LIST_NESTING).contains(&deepest), "{deepest}");
    }

    #[test]
    fn markdown_cannot_be_made_into_images_merged_code_or_broken_links() {
        // `!` right before a link would make it an image that every renderer fetches.
        let mut b = Block::new(BlockKind::Paragraph, "here!click");
        b.spans = vec![span(
            SpanKind::Link,
            5,
            10,
            Some("https://evil.example/x.png"),
        )];
        let md = render_markdown(None, std::slice::from_ref(&b), true);
        let events = parse(&md);
        assert!(
            !events
                .iter()
                .any(|e| matches!(e, Event::Start(MdTag::Image { .. }))),
            "{md}"
        );
        assert!(
            events
                .iter()
                .any(|e| matches!(e, Event::Start(MdTag::Link { .. }))),
            "{md}"
        );
        assert_eq!(
            texts_in(&events, |t| matches!(t, MdTag::Paragraph)),
            ["here!click"]
        );
        // Two code spans side by side stay two pieces of code with nothing added.
        let mut b = Block::new(BlockKind::Paragraph, "ab c");
        b.spans = vec![
            span(SpanKind::Code, 0, 1, None),
            span(SpanKind::Code, 1, 2, None),
        ];
        let md = render_markdown(None, std::slice::from_ref(&b), false);
        let code: String = parse(&md)
            .iter()
            .filter_map(|e| match e {
                Event::Code(c) => Some(c.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(code, "ab", "{md}");
        assert_eq!(
            texts_in(&parse(&md), |t| matches!(t, MdTag::Paragraph)),
            ["ab c"]
        );
        // A backslash that ends a link's address does not swallow the closing bracket.
        let mut b = Block::new(BlockKind::Paragraph, "see this");
        b.spans = vec![span(SpanKind::Link, 4, 8, Some("x:a\\"))];
        let md = render_markdown(None, std::slice::from_ref(&b), true);
        let dest: Vec<String> = parse(&md)
            .iter()
            .filter_map(|e| match e {
                Event::Start(MdTag::Link { dest_url, .. }) => Some(dest_url.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(dest, ["x:a\\"], "{md}");
    }

    #[test]
    fn markdown_keeps_lists_nested_and_numbered() {
        let blocks = vec![
            Block {
                level: Some(2),
                ..Block::new(BlockKind::Heading, "Steps")
            },
            item("first", 1, true, 1),
            item("second", 1, true, 2),
            item("nested a", 2, false, 1),
            item("nested b", 2, false, 2),
            Block {
                list: Some(ListPlace {
                    depth: 1,
                    ordered: true,
                    item: 2,
                }),
                ..Block::new(BlockKind::Paragraph, "second, again")
            },
            item("third", 1, true, 3),
            item("other list", 1, false, 1),
            item("other list two", 1, false, 2),
        ];
        let md = render_markdown(Some("Title"), &blocks, false);
        let events = parse(&md);
        let lists: Vec<Option<u64>> = events
            .iter()
            .filter_map(|e| match e {
                Event::Start(MdTag::List(start)) => Some(*start),
                _ => None,
            })
            .collect();
        // The ordered list from 1, the nested bullet list, then a second bullet list.
        assert_eq!(lists, [Some(1), None, None], "{md}");
        let items = texts_in(&events, |t| matches!(t, MdTag::Item));
        assert_eq!(items.len(), 5, "{md}");
        assert_eq!(items[1], "secondnested anested bsecond, again", "{md}");
        assert_eq!(items[2], "third");
        let headings: Vec<_> = events
            .iter()
            .filter_map(|e| match e {
                Event::Start(MdTag::Heading { level, .. }) => Some(*level as usize),
                _ => None,
            })
            .collect();
        assert_eq!(headings, [1, 2]);
    }

    #[test]
    fn markdown_tables_are_github_tables_and_layout_tables_are_not() {
        let blocks = vec![
            cell("Name", 1, 1),
            cell("Value", 1, 2),
            cell("Alpha", 2, 1),
            cell("1 | 2", 2, 2),
            cell("Beta", 3, 1),
            Block {
                list: Some(ListPlace {
                    depth: 1,
                    ordered: false,
                    item: 1,
                }),
                ..cell("x", 3, 2)
            },
            Block {
                list: Some(ListPlace {
                    depth: 1,
                    ordered: false,
                    item: 2,
                }),
                ..cell("y", 3, 2)
            },
        ];
        let md = render_markdown(None, &blocks, false);
        let events = parse(&md);
        let cells = texts_in(&events, |t| matches!(t, MdTag::TableCell));
        assert_eq!(
            cells,
            ["Name", "Value", "Alpha", "1 | 2", "Beta", "• x • y"],
            "{md}"
        );
        assert!(events
            .iter()
            .any(|e| matches!(e, Event::Start(MdTag::TableHead))));

        // One cell holding the article: paragraphs, not a table.
        let long = "word ".repeat(100);
        let layout = vec![cell(&long, 1, 1), cell("Second paragraph", 1, 1)];
        let md = render_markdown(None, &layout, false);
        let events = parse(&md);
        assert!(
            !events
                .iter()
                .any(|e| matches!(e, Event::Start(MdTag::Table(_)))),
            "{md}"
        );
        assert_eq!(
            texts_in(&events, |t| matches!(t, MdTag::Paragraph)).len(),
            2
        );
    }

    #[test]
    fn markdown_code_quotes_and_inline_spans() {
        let code = "fn main() {\n    println!(\"```\");\n}";
        let mut para = Block::new(BlockKind::Paragraph, "An emphatic strong `tick` link here");
        para.spans = vec![
            span(SpanKind::Emphasis, 3, 11, None),
            span(SpanKind::Strong, 12, 18, None),
            span(SpanKind::Code, 19, 25, None),
            span(SpanKind::Link, 26, 30, Some("https://example.com/a(b)")),
            // Crosses the strong span: left out.
            span(SpanKind::Emphasis, 15, 22, None),
        ];
        let blocks = vec![
            para.clone(),
            Block::new(BlockKind::Code, code),
            Block::new(BlockKind::Quote, "First quoted"),
            Block::new(BlockKind::Quote, "Second quoted"),
        ];
        let md = render_markdown(None, &blocks, true);
        let events = parse(&md);
        assert_eq!(
            texts_in(&events, |t| matches!(t, MdTag::Emphasis)),
            ["emphatic"],
            "{md}"
        );
        assert_eq!(
            texts_in(&events, |t| matches!(t, MdTag::Strong)),
            ["strong"]
        );
        assert!(events.contains(&Event::Code("`tick`".into())), "{md}");
        let links: Vec<_> = events
            .iter()
            .filter_map(|e| match e {
                Event::Start(MdTag::Link { dest_url, .. }) => Some(dest_url.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(links, ["https://example.com/a(b)"]);
        assert_eq!(
            texts_in(&events, |t| matches!(t, MdTag::CodeBlock(_))),
            [format!("{code}\n")]
        );
        assert_eq!(
            texts_in(&events, |t| matches!(t, MdTag::BlockQuote(_))),
            ["First quotedSecond quoted"]
        );
        assert_eq!(
            events
                .iter()
                .filter(|e| matches!(e, Event::End(TagEnd::BlockQuote(_))))
                .count(),
            1
        );
        // Without links=true the link is text.
        let md = render_markdown(None, &[para], false);
        assert!(
            !parse(&md)
                .iter()
                .any(|e| matches!(e, Event::Start(MdTag::Link { .. }))),
            "{md}"
        );
    }

    #[test]
    fn text_keeps_markers_and_escapes_nothing() {
        let blocks = vec![
            Block::new(BlockKind::Paragraph, "a *b* <c>"),
            item("one", 1, true, 1),
            item("sub", 2, false, 1),
            cell("k", 1, 1),
            cell("v", 1, 2),
            cell("k2", 2, 1),
            cell("v2", 2, 2),
        ];
        let text = render_text(Some("T"), &blocks);
        assert_eq!(
            text,
            "T\n\na *b* <c>\n\n1. one\n   - sub\n\nk | v\nk2 | v2\n"
        );
    }

    /// Found on shared pages by parsing every page's Markdown back: a list whose outer
    /// item was left out, emphasis split over touching elements, emphasis on punctuation
    /// glued to a word.
    #[test]
    fn markdown_survives_what_real_pages_do() {
        let blocks = vec![item("first", 2, true, 1), item("second", 2, true, 2)];
        let md = render_markdown(None, &blocks, false);
        let events = parse(&md);
        assert_eq!(
            texts_in(&events, |t| matches!(t, MdTag::Item)),
            ["first", "second"],
            "{md}"
        );
        assert_eq!(
            events
                .iter()
                .filter(|e| matches!(e, Event::Start(MdTag::List(_))))
                .count(),
            1,
            "{md}"
        );

        let mut p = Block::new(
            BlockKind::Paragraph,
            "Originally published on Live Science.",
        );
        p.spans = vec![
            span(SpanKind::Emphasis, 0, 23, None),
            span(SpanKind::Emphasis, 24, 36, None),
            span(SpanKind::Link, 24, 36, Some("https://example.com/")),
            span(SpanKind::Emphasis, 36, 37, None),
        ];
        let md = render_markdown(None, &[p], true);
        let events = parse(&md);
        assert_eq!(
            texts_in(&events, |t| matches!(t, MdTag::Emphasis)),
            ["Originally published on Live Science."],
            "{md}"
        );

        let mut q = Block::new(
            BlockKind::Paragraph,
            "a poem called “Winter Solstice, Camelot Station,” went on",
        );
        q.spans = vec![span(SpanKind::Emphasis, 47, 49, None)];
        let md = render_markdown(None, &[q.clone()], false);
        let read: String = parse(&md)
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(read, q.text, "{md}");
    }
}
