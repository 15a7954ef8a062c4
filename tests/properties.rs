//! Property tests (proptest): on generated pages, the article does not depend on how the
//! bytes are cut into chunks, nor on the charset the page is encoded in.
//! `PROPTEST_CASES=1000 cargo test --test properties` for a longer run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use gleaner::{Article, Extractor, Options};
use proptest::prelude::*;

/// Pieces pages are made of: chrome, article prose (Latin and Chinese, with entities),
/// markup that stays open, scripts, comments, attributes.
fn fragment() -> impl Strategy<Value = String> {
    let prose = prop_oneof![
        "[A-Za-z ,.]{20,120}".prop_map(|s| format!("<p>{s}, and a clause, and a full stop.</p>")),
        "[一-龥，。]{10,60}".prop_map(|s| format!("<p>{s}，正文内容。</p>")),
        Just(
            "<p>Caf&eacute; &amp; cr&egrave;me, &#x5B66;&#26657; &lt;b&gt; entities, in prose.</p>"
                .to_string()
        ),
    ];
    prop_oneof![
        3 => prose,
        1 => Just("<nav><ul><li><a href=/a>Home</a></li><li><a href=/b>News</a></li></ul></nav>".to_string()),
        1 => Just("<div class=\"share-bar\">分享到：<a href=#>微信</a> <a href=#>微博</a></div>".to_string()),
        1 => Just("<script>var a = '<p>not text</p>';</script><style>p{}</style><!-- a comment -->".to_string()),
        1 => Just("<h2 class=\"sub-title\">Section heading</h2>".to_string()),
        1 => Just("<ul><li>One item of a list, with words</li><li>Two items<li>Three, unclosed".to_string()),
        1 => Just("<table><tr><td>cell one<td>cell two</table>".to_string()),
        1 => Just("<div><span><b>open inline".to_string()),
        1 => Just("<ruby>學<rp>(</rp><rt>xué</rt><rp>)</rp></ruby>習".to_string()),
        1 => Just("<footer><p>Copyright © 2021 Example 版权所有</p></footer>".to_string()),
    ]
}

fn page() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 1..30).prop_map(|parts| {
        format!(
            "<!DOCTYPE html><html><head><title>A page - Site</title></head><body><article><h1>A page</h1>{}</article></body></html>",
            parts.concat()
        )
    })
}

fn normalized(mut a: Article) -> Article {
    a.stats.elapsed_us = 0;
    a
}

fn chunked(bytes: &[u8], cuts: &[usize], opts: &Options) -> Article {
    let mut ex = Extractor::new(opts);
    let mut at = 0;
    for &c in cuts {
        let end = (at + c).min(bytes.len());
        ex.write(&bytes[at..end]).unwrap();
        at = end;
    }
    ex.write(&bytes[at..]).unwrap();
    ex.finish().unwrap()
}

proptest! {
    // 256 cases each by default; PROPTEST_CASES overrides it.
    #[test]
    fn chunk_sizes_do_not_change_the_article(page in page(), cuts in prop::collection::vec(1usize..700, 0..40)) {
        let opts = Options::default();
        let whole = normalized(gleaner::extract(page.as_bytes(), &opts).unwrap());
        let parts = normalized(chunked(page.as_bytes(), &cuts, &opts));
        prop_assert_eq!(whole, parts);
    }

    #[test]
    fn the_charset_does_not_change_the_text(page in page(), label in prop::sample::select(vec!["gbk", "gb18030", "big5", "utf-8"])) {
        let enc = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
        let utf8 = page.replace("<head>", "<head><meta charset=\"utf-8\">");
        let labelled = page.replace("<head>", &format!("<head><meta charset=\"{label}\">"));
        // Characters the charset cannot hold become numeric references, which decode back.
        let (bytes, _, _) = enc.encode(&labelled);
        let a = gleaner::extract(utf8.as_bytes(), &Options::default()).unwrap();
        let b = gleaner::extract(&bytes, &Options::default()).unwrap();
        prop_assert_eq!(&b.encoding.name, enc.name());
        prop_assert_eq!(a.title, b.title);
        prop_assert_eq!(a.text, b.text);
        prop_assert_eq!(a.blocks, b.blocks);
    }
}
