//! Builds the [`Article`] from the chosen blocks and the page facts; renders HTML.

use crate::article::{Article, Block, BlockKind, Reading, Removal, Stats};
use crate::options::Options;
use crate::pipeline::extract::TextReport;
use crate::pipeline::metadata::PageFacts;
use crate::pipeline::script;

pub(crate) fn build(
    facts: PageFacts,
    blocks: Vec<Block>,
    removed: Vec<Removal>,
    blocks_removed: u64,
    report: TextReport,
    readings: Option<Vec<Reading>>,
    opts: &Options,
) -> Article {
    let text = blocks
        .iter()
        .filter(|b| b.kind != BlockKind::Caption)
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let lang = script::lang(facts.lang.as_deref(), &text, report.converted);
    // The HTML is built from escaped text only; ammonia then removes anything that could
    // still act (scripts, handlers, javascript:/data: URLs, frames, forms, SVG), so the
    // guarantee does not rest on one function's escaping alone.
    let html = opts
        .html
        .then(|| ammonia::clean(&render_html(facts.title.as_deref(), &blocks)));
    let clean = |s: Option<String>| s.map(|s| without_controls(&s));
    Article {
        title: clean(facts.title),
        authors: facts.authors.iter().map(|a| without_controls(a)).collect(),
        published: clean(facts.published),
        published_raw: clean(facts.published_raw),
        source: clean(facts.source),
        editor: clean(facts.editor),
        site_name: clean(facts.site_name),
        url: clean(facts.url),
        lang,
        description: clean(facts.description),
        image: clean(facts.image),
        stats: Stats {
            text_chars: text.chars().count() as u64,
            blocks_kept: blocks.len() as u64,
            blocks_removed,
            ..Stats::default()
        },
        text,
        blocks,
        html,
        removed: opts.explain.then_some(removed),
        readings,
        quality: report.quality,
        ..Article::default()
    }
}

/// Renders blocks as HTML built from escaped text only: no markup of the page survives,
/// so no script, handler or URL of the page can either.
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

/// Metadata comes from attributes and JSON-LD, which the text pass never folded: control
/// characters (NUL, escapes, C1) are dropped there too; tabs and newlines become spaces.
fn without_controls(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    s.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

fn escape_into(out: &mut String, text: &str) {
    html_escape::encode_text_to_string(text, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_escaped_text() {
        let blocks = vec![Block {
            kind: BlockKind::Paragraph,
            text: "<script>alert(1)</script> & <img src=x onerror=alert(1)>".into(),
            level: None,
        }];
        let html = render_html(Some("T"), &blocks);
        assert!(!html.contains("<script"));
        assert!(!html.contains("<img"));
        assert!(html.contains("&lt;script&gt;"));
    }
}
