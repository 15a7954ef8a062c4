//! Property tests (proptest): on generated pages, the article does not depend on how the
//! bytes are cut into chunks, nor on the charset the page is encoded in.
//! `PROPTEST_CASES=1000 cargo test --test properties` for a longer run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use gleaner::{Article, Extractor, Limits, Options};
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
    a.stats.busy_us = 0;
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
    // A sniff window of 16 bytes to 2 KiB: the charset is decided early in the page, so
    // the cuts after it reach lol_html as they are (under the default 64 KiB window these
    // pages would be handed over whole).
    fn chunk_sizes_do_not_change_the_article(
        page in page(),
        cuts in prop::collection::vec(1usize..700, 0..40),
        window in 16usize..2048,
    ) {
        let opts = Options::default().with_limits(Limits::default().with_sniff_bytes(window));
        let whole = normalized(gleaner::extract(page.as_bytes(), &opts).unwrap());
        let parts = normalized(chunked(page.as_bytes(), &cuts, &opts));
        prop_assert_eq!(whole, parts);
    }

    /// A page of plain text (forced, or found to be text) gives the same article however
    /// its bytes are cut, a line break or a character included.
    #[test]
    fn chunk_sizes_do_not_change_a_text_page(
        lines in prop::collection::vec("[A-Za-z ,.<>&;#0-9]{0,60}|[一-龥，。]{0,30}|返回頂部|", 0..20),
        crlf in prop::bool::ANY,
        format in prop::sample::select(vec![gleaner::InputFormat::Auto, gleaner::InputFormat::Text]),
        cuts in prop::collection::vec(1usize..50, 0..40),
        window in 16usize..256,
    ) {
        let page = lines.join(if crlf { "\r\n" } else { "\n" });
        let opts = Options::default()
            .with_input_format(format)
            .with_limits(Limits::default().with_sniff_bytes(window));
        let whole = normalized(gleaner::extract(page.as_bytes(), &opts).unwrap());
        let parts = normalized(chunked(page.as_bytes(), &cuts, &opts));
        prop_assert_eq!(whole, parts);
    }

    /// A page in a legacy charset, told by `<meta charset>`, by `http-equiv`, or by the
    /// caller (the HTTP charset), gives the article of its UTF-8 original.
    #[test]
    fn the_charset_does_not_change_the_text(
        page in page(),
        label in prop::sample::select(vec!["gbk", "gb18030", "big5", "shift_jis", "euc-kr", "windows-1252"]),
        told in prop::sample::select(vec![Told::Meta, Told::HttpEquiv, Told::Caller]),
    ) {
        let enc = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
        let (labelled, opts) = match told {
            Told::Meta => (page.replace("<head>", &format!("<head><meta charset=\"{label}\">")), Options::default()),
            Told::HttpEquiv => (
                page.replace("<head>", &format!("<head><meta http-equiv=\"Content-Type\" content=\"text/html; charset={label}\">")),
                Options::default(),
            ),
            Told::Caller => (page.clone(), Options::default().with_charset(Some(label.to_string()))),
        };
        // Characters the charset cannot hold become numeric references, which decode back.
        let (bytes, _, _) = enc.encode(&labelled);
        let a = gleaner::extract(page.as_bytes(), &Options::default()).unwrap();
        let b = gleaner::extract(&bytes, &opts).unwrap();
        // A page whose bytes are all ASCII reads the same in any of these charsets.
        if !bytes.is_ascii() {
            prop_assert_eq!(&b.encoding.name, enc.name());
        }
        prop_assert_eq!(a.title, b.title);
        prop_assert_eq!(a.text, b.text);
        prop_assert_eq!(a.blocks, b.blocks);
    }

    /// A page in a legacy charset that nobody labels is detected (chardetng) when it holds
    /// a few sentences of its language, and gives the article of its UTF-8 original.
    #[test]
    fn an_unlabelled_page_is_detected(
        (label, sentences) in prop_oneof![
            Just("gbk").prop_flat_map(|l| (Just(l), prop::collection::vec(prop::sample::select(HANS.to_vec()), 3..8))),
            Just("gb18030").prop_flat_map(|l| (Just(l), prop::collection::vec(prop::sample::select(HANS.to_vec()), 3..8))),
            Just("big5").prop_flat_map(|l| (Just(l), prop::collection::vec(prop::sample::select(HANT.to_vec()), 3..8))),
            Just("shift_jis").prop_flat_map(|l| (Just(l), prop::collection::vec(prop::sample::select(JA.to_vec()), 3..8))),
        ],
        chrome in prop::collection::vec(fragment(), 0..6),
    ) {
        let body: String = sentences.iter().map(|s| format!("<p>{s}</p>")).collect();
        let page = format!(
            "<html><head><title>A page</title></head><body>{}<article><h1>A page</h1>{body}</article></body></html>",
            chrome.concat()
        );
        let enc = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
        let (bytes, _, _) = enc.encode(&page);
        let a = gleaner::extract(page.as_bytes(), &Options::default()).unwrap();
        let b = gleaner::extract(&bytes, &Options::default()).unwrap();
        prop_assert_eq!(b.encoding.source, gleaner::EncodingSource::Detected);
        prop_assert_eq!(a.text, b.text);
        prop_assert_eq!(a.blocks, b.blocks);
    }
}

/// How a page's charset is told.
#[derive(Debug, Clone, Copy)]
enum Told {
    Meta,
    HttpEquiv,
    Caller,
}

/// Sentences of news prose, for pages whose charset must be detected from their text.
const HANS: [&str; 6] = [
    "张江科学城区域化党建促进会暨特色产业园党委宣告正式成立，以党建引领科创建设。",
    "记者从市交通委获悉，本市将于下月起调整部分公交线路的走向和站点设置。",
    "专家表示，今年夏季气温偏高，居民外出时应注意防暑降温，合理安排出行时间。",
    "据介绍，该项目总投资约十二亿元，建成后将为周边居民提供更多就业岗位。",
    "会议要求，各部门要进一步压实责任，确保各项工作任务按时保质完成。",
    "这座城市的老街区经过改造，既保留了历史风貌，又增添了现代生活的便利。",
];
const HANT: [&str; 6] = [
    "張江科學城區域化黨建促進會暨特色產業園黨委宣告正式成立，以黨建引領科創建設。",
    "記者從市交通委獲悉，本市將於下月起調整部分公車路線的走向和站點設置。",
    "專家表示，今年夏季氣溫偏高，居民外出時應注意防暑降溫，合理安排出行時間。",
    "據介紹，該項目總投資約十二億元，建成後將為周邊居民提供更多就業崗位。",
    "會議要求，各部門要進一步壓實責任，確保各項工作任務按時保質完成。",
    "這座城市的老街區經過改造，既保留了歷史風貌，又增添了現代生活的便利。",
];
const JA: [&str; 6] = [
    "東京都は来月から、都内の一部のバス路線の運行経路と停留所を見直すと発表した。",
    "専門家によると、今年の夏は気温が高く、外出の際には熱中症に注意する必要がある。",
    "この計画の総事業費はおよそ十二億円で、完成すれば周辺の住民に雇用が生まれる。",
    "会議では、各部署が責任を持って、すべての作業を期限内に終えることが求められた。",
    "古い街並みは改修を経て、歴史的な景観を残しながら、現代の暮らしの便利さを加えた。",
    "記者の取材に対し、担当者は「できるだけ早く対応したい」と話している。",
];
