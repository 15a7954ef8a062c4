//! The founding page, rebuilt as the portal served it (tests/fixtures/make_seed.py), in
//! UTF-8, in GBK labelled gb2312, and in GBK with no label: the same article from all
//! three, with every paragraph and section heading in order and none of the chrome.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use gleaner::{BlockKind, EncodingSource, Options};

fn expected() -> serde_json::Value {
    serde_json::from_slice(&common::read_fixture("seed/expected.json")).unwrap()
}

fn run(name: &str) -> gleaner::Article {
    gleaner::extract(&common::read_fixture(name), &Options::default()).unwrap()
}

#[test]
fn the_article_comes_out_whole_and_in_order() {
    let exp = expected();
    let a = run("seed/utf8.html");
    assert_eq!(a.title.as_deref(), exp["title"].as_str());
    let body: Vec<&str> = exp["body"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let got: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(got, body, "article blocks differ from the expected body");
    let headings: Vec<&str> = common::texts_of(&a, BlockKind::Heading);
    let exp_headings: Vec<&str> = exp["headings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(headings, exp_headings);
    assert_eq!(a.text, body.join("\n"));
}

#[test]
fn no_chrome_and_no_readings() {
    let a = run("seed/utf8.html");
    for chrome in [
        "返回頂部",
        "400-876-1589",
        "8萬+套精品房源",
        "100+人專業顧問",
        "早9:00-晚21:00",
        "關注“優樓網”",
        "免費咨詢",
        "分享到",
        "上一篇",
        "相關閱讀",
        "評論",
        "ICP",
        "版權所有",
        "責任編輯",
        "首頁",
        "熱門樓盤",
        "2021年04月22日",
    ] {
        assert!(
            !a.text.contains(chrome),
            "chrome {chrome:?} leaked into the text"
        );
    }
    for reading in ["xué", "(", "qū", "chǎn"] {
        assert!(
            !a.text.contains(reading),
            "ruby reading {reading:?} leaked into the text"
        );
    }
    assert!(a.text.contains("張江科學城"));
}

#[test]
fn three_encodings_one_article() {
    let utf8 = run("seed/utf8.html");
    let gb2312 = run("seed/gbk-gb2312.html");
    let unlabelled = run("seed/gbk-nolabel.html");
    assert_eq!(utf8.encoding.source, EncodingSource::Utf8);
    assert_eq!(gb2312.encoding.name, "GBK");
    assert_eq!(gb2312.encoding.source, EncodingSource::Meta);
    assert_eq!(unlabelled.encoding.source, EncodingSource::Detected);
    assert!(["GBK", "gb18030"].contains(&unlabelled.encoding.name.as_str()));
    for other in [&gb2312, &unlabelled] {
        assert_eq!(other.title, utf8.title);
        assert_eq!(other.blocks, utf8.blocks);
        assert_eq!(other.text, utf8.text);
        assert_eq!(other.encoding.replacements, 0);
    }
}

/// The GBK page read under a wrong single-byte label (a crawler forwarding
/// `charset=iso-8859-1`), and with no label but two characters cut in half, which makes
/// chardetng rule GBK out: both come back in GBK, with a warning, not as Latin garbage.
#[test]
fn a_gbk_page_under_a_latin_charset_is_read_as_gbk() {
    let utf8 = run("seed/utf8.html");
    let gbk = common::read_fixture("seed/gbk-nolabel.html");
    let mut opts = Options::default();
    opts.charset = Some("iso-8859-1".into());
    let labelled = gleaner::extract(&gbk, &opts).unwrap();
    assert_eq!(labelled.encoding.name, "GBK");
    assert_eq!(labelled.encoding.source, EncodingSource::Corrected);
    assert_eq!(labelled.text, utf8.text);
    assert!(
        labelled
            .warnings
            .iter()
            .any(|w| w.contains("caller's charset windows-1252") && w.contains("GBK")),
        "{:?}",
        labelled.warnings
    );
    // The second bytes of two characters lost, a third and two thirds into the page.
    let pairs: Vec<usize> = (0..gbk.len() - 1)
        .filter(|&i| gbk[i] >= 0x81 && gbk[i + 1] >= 0x81)
        .collect();
    let (a, b) = (pairs[pairs.len() / 3] + 1, pairs[2 * pairs.len() / 3] + 1);
    let cut: Vec<u8> = gbk
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != a && i != b)
        .map(|(_, &c)| c)
        .collect();
    let unlabelled = gleaner::extract(&cut, &Options::default()).unwrap();
    assert_eq!(unlabelled.encoding.name, "GBK");
    assert_eq!(unlabelled.encoding.source, EncodingSource::Corrected);
    assert_eq!(unlabelled.title, utf8.title);
    assert!(unlabelled.text.contains("張江科學城區域化黨建促進會"));
}

/// The GBK page sent with `charset=utf-8` (a crawler that labels everything UTF-8), and
/// the UTF-8 page sent as `gbk`: the bytes win over the label, with a warning, and the
/// text is the original's, without one replacement character.
#[test]
fn a_multi_byte_charset_the_bytes_contradict_is_corrected() {
    let utf8 = run("seed/utf8.html");
    let cases = [
        ("seed/gbk-nolabel.html", "utf-8", "GBK", "UTF-8"),
        ("seed/utf8.html", "gbk", "UTF-8", "GBK"),
    ];
    for (fixture, label, read_as, told) in cases {
        let bytes = common::read_fixture(fixture);
        let opts = Options::default().with_charset(Some(label.to_string()));
        let a = gleaner::extract(&bytes, &opts).unwrap();
        assert_eq!(a.encoding.name, read_as, "{fixture} sent as {label}");
        assert_eq!(a.encoding.source, EncodingSource::Corrected);
        assert_eq!(a.encoding.replacements, 0);
        assert_eq!(a.text, utf8.text);
        assert!(
            a.warnings
                .iter()
                .any(|w| w.contains(&format!("caller's charset {told}")) && w.contains(read_as)),
            "{:?}",
            a.warnings
        );
    }
}

#[test]
fn metadata_of_the_portal_page() {
    let a = run("seed/gbk-gb2312.html");
    assert_eq!(a.published.as_deref(), Some("2021-04-22T10:31:00"));
    assert_eq!(a.published_raw.as_deref(), Some("2021年04月22日 10:31"));
    assert_eq!(a.authors, vec!["小布".to_string()]);
    assert_eq!(a.source.as_deref(), Some("浦東發佈"));
    assert_eq!(a.editor.as_deref(), Some("王曉"));
    assert_eq!(a.lang.as_deref(), Some("zh-Hant"));
    assert!(a.description.is_some());
    assert_eq!(a.site_name, None);
}

#[test]
fn explain_records_the_chrome_it_removed() {
    let a = gleaner::extract(
        &common::read_fixture("seed/utf8.html"),
        &Options::default().with_explain(true),
    )
    .unwrap();
    let removed = a.removed.expect("explain asks for removed");
    let rule_of = |text: &str| {
        removed
            .iter()
            .find(|r| r.text == text)
            .map(|r| r.rule.as_str())
    };
    assert_eq!(rule_of("返回頂部"), Some("outside_article"));
    assert!(removed.iter().any(|r| r.rule == "title"));
    assert!(removed
        .iter()
        .all(|r| r.text.chars().count() <= 80 && !r.reason.is_empty()));
    assert_eq!(a.stats.blocks_removed as usize, removed.len());
}

/// The founding page as its scraper saved it: text, not HTML (`../shared/seed/`). It comes
/// back as clean as its HTML variants: the same title, every paragraph whose bytes
/// survived the scrape, and none of the chrome.
#[test]
fn the_founding_text_is_as_clean_as_its_html() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/seed/000_c945e5cdb5c92b54.txt");
    let bytes = std::fs::read(&path).expect("../shared beside the repository");
    let text = gleaner::extract(&bytes, &Options::default()).unwrap();
    let html = run("seed/utf8.html");
    assert_eq!(text.title, html.title);
    for chrome in [
        "評論",
        "免費",
        "咨詢",
        "400-876-1589",
        "8萬+套精品房源",
        "100+人專業顧問",
        "早9:00-晚21:00",
        "關注",
        "返回頂部",
    ] {
        assert!(
            !text.text.contains(chrome),
            "chrome {chrome:?} in {}",
            text.text
        );
    }
    assert!(
        !text.text.contains("(xué)"),
        "flattened readings are removed"
    );
    // The scraper saved ASCII punctuation where the page had full-width marks; where it
    // lost bytes (`上??苿`), the paragraph differs and says so with `?`.
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '，' => ',',
                '：' => ':',
                '？' => '?',
                '；' => ';',
                c => c,
            })
            .collect()
    };
    assert_eq!(text.blocks.len(), html.blocks.len());
    let mut same = 0;
    for (t, h) in text.blocks.iter().zip(&html.blocks) {
        if norm(&t.text) == norm(&h.text) {
            same += 1;
        } else {
            assert!(t.text.contains('?'), "{:?} is not {:?}", t.text, h.text);
        }
    }
    assert!(same >= 13, "only {same} paragraphs the same");
}

/// The founding page's info line as spans side by side (`<span>來源：浦東發布</span><span>作者：小布</span>`,
/// no space between them): each span is its own field. It read as `source: 浦東發布作者`.
#[test]
fn an_info_line_of_spans_side_by_side_gives_each_field() {
    let body = "<p>張江科學城區域化黨建促進會由張江科學城綜合黨委共同發起成立，秘書處設在張江科學城綜合黨委。</p>"
        .repeat(4);
    let page = format!(
        "<html><body><article><h1>張江科學城區域化促進會和六大特色產業園黨委成立</h1>\
         <div class=\"info\"><span>來源：浦東發布</span><span>作者：小布</span></div>{body}</article></body></html>"
    );
    let a = gleaner::extract(page.as_bytes(), &gleaner::Options::default()).unwrap();
    assert_eq!(a.source.as_deref(), Some("浦東發布"));
    assert_eq!(a.authors, ["小布"]);
}

/// Chinese reporter lines in their everyday forms, as the article's first line, its
/// last line, or in the info line under the headline: each gives its authors (and an
/// editor where it names one); correspondents and photographers are not authors.
#[test]
fn reporter_lines_give_their_authors_wherever_they_stand() {
    let body = "<p>張江科學城區域化黨建促進會由張江科學城綜合黨委共同發起成立，秘書處設在張江科學城綜合黨委。</p>"
        .repeat(4);
    let cases: [(&str, &[&str]); 9] = [
        ("光明日报记者 王小川 张文石", &["王小川", "张文石"]),
        ("新华日报·交汇点记者 徐明远", &["徐明远"]),
        ("河南商报记者马青峰/文", &["马青峰"]),
        ("本报记者 李明达 发自北京", &["李明达"]),
        ("本报讯（记者 赵小林 通讯员 钱大海）", &["赵小林"]),
        ("文/周一鸣 图/吴二水", &["周一鸣"]),
        ("执笔人：何志强", &["何志强"]),
        ("记者 王小川 来源：新华社", &["王小川"]),
        (
            "<span>记者：冯大年</span><span>编辑：韩晓</span>",
            &["冯大年"],
        ),
    ];
    let head = "<html><body><article><h1>張江科學城區域化促進會和六大特色產業園黨委成立</h1>";
    for (line, want) in cases {
        for page in [
            format!("{head}<p>{line}</p>{body}</article></body></html>"),
            format!("{head}{body}<p>{line}</p></article></body></html>"),
            format!(
                "{head}<div class=info><span>2021-04-22</span> <span>{line}</span></div>{body}</article></body></html>"
            ),
        ] {
            let a = gleaner::extract(page.as_bytes(), &gleaner::Options::default()).unwrap();
            assert_eq!(a.authors, want, "{line}");
            if line.contains("编辑") {
                assert_eq!(a.editor.as_deref(), Some("韩晓"), "{line}");
            }
        }
    }
    let page = format!("{head}{body}<p>（王五一 上海报道）</p></article></body></html>");
    let a = gleaner::extract(page.as_bytes(), &gleaner::Options::default()).unwrap();
    assert_eq!(a.authors, ["王五一"]);
}
