//! `format=html`: the kept blocks rendered as HTML built from escaped text only, so no
//! markup, script, handler or URL of the page can survive.

use crate::article::{Block, BlockKind};

/// The article as HTML: `<article>` holding `<h1>`..`<h6>`, `<p>`, `<ul>`/`<li>`,
/// `<blockquote>`, `<pre>` and `<figcaption>` (table cells are paragraphs), each with
/// escaped text only.
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
