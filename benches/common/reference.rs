//! The reference lol_html pass, shared by `benches/pipeline.rs` and `examples/profile.rs`:
//! one pass that removes script/style/nav/header/footer/aside/form/noscript and reads all
//! text, the ceiling for any lol_html extractor.

use lol_html::{doc_text, element, HtmlRewriter, Settings};

/// Runs the reference pass over `page`; returns the bytes of text read.
pub fn reference_pass(page: &[u8]) -> usize {
    let mut chars = 0usize;
    {
        let mut rw = HtmlRewriter::new(
            Settings {
                element_content_handlers: vec![element!(
                    "script, style, nav, header, footer, aside, form, noscript",
                    |el| {
                        el.remove();
                        Ok(())
                    }
                )],
                document_content_handlers: vec![doc_text!(|t| {
                    chars += t.as_str().len();
                    Ok(())
                })],
                ..Settings::new()
            },
            |_: &[u8]| {},
        );
        let _ = rw.write(page);
        let _ = rw.end();
    }
    chars
}
