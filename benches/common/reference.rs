//! The lol_html passes gleaner is measured against, shared by `benches/pipeline.rs` and
//! `examples/profile.rs`:
//! - [`reference_pass`]: one pass that removes script/style/nav/header/footer/aside/form/
//!   noscript and reads all text, the ceiling for any lol_html extractor;
//! - [`observe_pass`]: the least any extractor that sees the page's structure through
//!   lol_html's public API must do on top of it, with no extraction at all.

use std::borrow::Cow;
use std::cell::Cell;
use std::rc::Rc;

use lol_html::{
    doc_text, element, end_tag, ElementContentHandlers, HtmlRewriter, Selector, Settings,
};

/// Runs the reference pass over `page`; returns the bytes of text read.
pub fn reference_pass(page: &[u8]) -> usize {
    run(page, None)
}

/// Block-level elements whose end [`observe_pass`] listens for.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// The reference pass plus what an extractor needs to know where text sits: every
/// element's tag name, its `class` and `id`, and the end of every block-level element.
/// Through lol_html's public API that is an element handler on `*`, owned strings for the
/// name and the two values, and a boxed end-tag handler per block; nothing is extracted.
/// Returns the bytes of text read plus a checksum of what was observed.
pub fn observe_pass(page: &[u8]) -> usize {
    let seen = Rc::new(Cell::new(0usize));
    let observer = {
        let seen = seen.clone();
        element!("*", move |el| {
            let name = el.tag_name();
            let mut n = name.len();
            for attr in ["class", "id"] {
                n += el.get_attribute(attr).map_or(0, |v| v.len());
            }
            if BLOCKS.contains(&name.as_str()) {
                let ends = seen.clone();
                if let Some(handlers) = el.end_tag_handlers() {
                    handlers.push(end_tag!(move |_| {
                        ends.set(ends.get() + 1);
                        Ok(())
                    }));
                }
            }
            seen.set(seen.get() + n);
            Ok(())
        })
    };
    run(page, Some(observer)) + seen.get()
}

/// The reference pass, plus `extra` element handlers when given.
fn run<'h>(page: &[u8], extra: Option<(Cow<'h, Selector>, ElementContentHandlers<'h>)>) -> usize {
    let chars = Rc::new(Cell::new(0usize));
    let mut handlers = vec![element!(
        "script, style, nav, header, footer, aside, form, noscript",
        |el| {
            el.remove();
            Ok(())
        }
    )];
    handlers.extend(extra);
    let counted = chars.clone();
    let mut rw = HtmlRewriter::new(
        Settings {
            element_content_handlers: handlers,
            document_content_handlers: vec![doc_text!(move |t| {
                counted.set(counted.get() + t.as_str().len());
                Ok(())
            })],
            ..Settings::new()
        },
        |_: &[u8]| {},
    );
    let _ = rw.write(page);
    let _ = rw.end();
    chars.get()
}
