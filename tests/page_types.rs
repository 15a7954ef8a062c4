//! Pages of every kind, not only articles (issue 31): the page's type, the main content
//! each type holds, and content that browsers show although the HTML hides it. Every page
//! here is made up for the test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use gleaner::{Options, PageType, PageTypeChoice};

fn extract(html: &str) -> gleaner::Article {
    gleaner::extract(html.as_bytes(), &Options::default()).unwrap()
}

fn extract_as(html: &str, kind: PageTypeChoice) -> gleaner::Article {
    gleaner::extract(html.as_bytes(), &Options::default().with_page_type(kind)).unwrap()
}

const PROSE: &str =
    "The survey covered four hundred households over two winters, and the results, \
                     published this week, show that heating costs rose faster than incomes.";

#[test]
fn a_hidden_paragraph_without_its_end_tag_does_not_hide_the_rest() {
    // The HTML parser closes the hidden <p> at the next <p>: what follows is visible.
    let page = format!(
        "<html><body><article><h1>Costs</h1><p style=\"display: none;\">&nbsp;<p>{PROSE}</p>\
         <p>{PROSE} Again.</p></article></body></html>"
    );
    let a = extract(&page);
    assert_eq!(a.blocks.len(), 2, "{:?}", a.warnings);
    assert!(a.text.starts_with("The survey covered"));
    // A hidden <li> is closed by the next <li> the same way; a hidden <div> is not closed
    // by a <p> inside it.
    let list = format!(
        "<html><body><article><p>{PROSE}</p><ul><li hidden>secret<li>First visible item, with words.</li></ul>\
         <div hidden><p>Still hidden, inside the hidden division.</p></div></article></body></html>"
    );
    let a = extract(&list);
    assert!(a.text.contains("First visible item"));
    assert!(!a.text.contains("secret"));
    assert!(!a.text.contains("Still hidden"));
}

#[test]
fn content_streamed_late_by_react_is_read_where_its_placeholder_stands() {
    // React's streaming renderer: a placeholder where the content goes, the content in a
    // hidden <div id="S:n"> at the end of the page, and a script that moves it.
    let page = format!(
        "<html><body><header><nav><a href=/>Home</a> <a href=/about>About</a></nav></header>\
         <main><article><h1>Costs</h1><p>{PROSE}</p><template id=\"B:0\"></template>\
         <p>The closing paragraph of the story, after the streamed part, with words enough.</p></article></main>\
         <footer><p>Contact us, any time, at the office.</p></footer>\
         <div hidden id=\"S:0\"><p>The streamed middle of the story: the part that finished rendering late, with words.</p>\
         <p>Its second paragraph, which a reader sees in place, between the first and the last.</p></div>\
         <script>$RC(\"B:0\",\"S:0\")</script></body></html>"
    );
    let a = extract(&page);
    let texts: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts.len(), 4, "{texts:?}");
    assert!(texts[0].starts_with("The survey covered"));
    assert!(texts[1].starts_with("The streamed middle"));
    assert!(texts[2].starts_with("Its second paragraph"));
    assert!(texts[3].starts_with("The closing paragraph"));
    // A hidden division that is no streamed segment stays hidden.
    let other = page.replace("id=\"S:0\"", "id=\"draft\"");
    assert!(!extract(&other).text.contains("streamed middle"));
}

#[test]
fn a_declarative_shadow_root_and_custom_elements_are_read() {
    let page = format!(
        "<html><body><post-view><template shadowrootmode=\"open\"><article><h1>Costs</h1>\
         <p>{PROSE}</p><post-body><p>{PROSE} Inside a custom element.</p></post-body></article>\
         </template></post-view></body></html>"
    );
    let a = extract(&page);
    assert_eq!(a.blocks.len(), 2, "{:?}", a.warnings);
    assert!(a.text.contains("Inside a custom element."));
    // A plain <template> is inert: never shown.
    let inert = page.replace(" shadowrootmode=\"open\"", "");
    assert!(extract(&inert).text.is_empty());
}

#[test]
fn the_page_type_is_in_the_article_and_a_caller_can_force_it() {
    let page = format!("<html><body><article><h1>Costs</h1><p>{PROSE}</p></article></body></html>");
    assert_eq!(extract(&page).page_type, PageType::Article);
    let forced = extract_as(&page, PageTypeChoice::Service);
    assert_eq!(forced.page_type, PageType::Service);
    assert!(forced.page_type_evidence.is_none(), "only with explain");
    let opts = Options::default()
        .with_page_type(PageTypeChoice::Forum)
        .with_explain(true);
    let explained = gleaner::extract(page.as_bytes(), &opts).unwrap();
    let ev = explained.page_type_evidence.unwrap();
    assert_eq!(ev.source, "caller");
    assert_eq!(ev.scores.len(), 7);
}
