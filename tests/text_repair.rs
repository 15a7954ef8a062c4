//! Chinese text repair on real-looking pages: the founding page's own scraped text
//! (flattened readings, mojibake, leaked markup), its portal rebuild with `<ruby>`
//! markup, script and language, width, and Western mojibake.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use gleaner::{Options, Ruby, Script, Width};

fn run(name: &str, opts: &Options) -> gleaner::Article {
    gleaner::extract(&common::read_fixture(name), opts).unwrap()
}

/// `(xué)`-like readings right after a Han character.
fn flattened_left(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    for (i, w) in chars.windows(2).enumerate() {
        if ('\u{4e00}'..='\u{9fff}').contains(&w[0]) && w[1] == '(' {
            let inner: String = chars[i + 2..].iter().take_while(|&&c| c != ')').collect();
            if !inner.is_empty()
                && inner
                    .chars()
                    .all(|c| c.is_alphabetic() && !('\u{4e00}'..='\u{9fff}').contains(&c))
            {
                out.push(format!("{}({inner})", w[0]));
            }
        }
    }
    out
}

#[test]
fn the_founding_pages_flattened_readings_are_removed_and_recorded() {
    let a = run("seed/scraped.html", &Options::default().with_explain(true));
    assert!(
        a.text.contains("張江科學城區域化黨建促進會"),
        "{}",
        &a.text[..200]
    );
    assert_eq!(
        a.title.as_deref(),
        Some("張江科學城區域化促進會和六大特色產業園黨委成立")
    );
    assert_eq!(flattened_left(&a.text), Vec::<String>::new());
    assert!(a.quality.readings_removed > 150, "{:?}", a.quality);
    assert!(
        a.warnings.iter().any(|w| w.contains("pinyin reading")),
        "{:?}",
        a.warnings
    );
    let removed = a.removed.unwrap();
    let readings: Vec<&str> = removed
        .iter()
        .filter(|r| r.rule == "flattened_reading")
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(readings.len() as u64, a.quality.readings_removed);
    assert!(readings.contains(&"學(xué)"), "{readings:?}");
    // The chrome after the article is still removed.
    for chrome in ["返回頂部", "400-876-1589", "免費咨詢", "8萬+套精品房源"] {
        assert!(!a.text.contains(chrome), "{chrome} leaked");
    }
}

#[test]
fn the_repair_can_be_turned_off() {
    let a = run(
        "seed/scraped.html",
        &Options::default().with_repair_readings(false),
    );
    assert!(a.text.contains("張江科學(xué)城"));
    assert_eq!(a.quality.readings_removed, 0);
}

#[test]
fn the_founding_pages_mojibake_is_reported_not_guessed() {
    let a = run("seed/scraped.html", &Options::default());
    let q = &a.quality;
    assert!(q.mojibake);
    let kinds: Vec<&str> = q.suspicious_runs.iter().map(|r| r.kind.as_str()).collect();
    assert!(kinds.contains(&"question_marks"), "{kinds:?}");
    assert!(kinds.contains(&"leaked_markup"), "{kinds:?}");
    assert!(q.suspicious_runs.iter().any(|r| r.text.contains("上??苿")));
    // Lost bytes cannot be recovered: the damaged run is left as it is.
    assert!(a.text.contains("上??苿?chuàng)中心"));
    assert_eq!(q.repaired, 0);
    assert!(
        a.warnings.iter().any(|w| w.contains("garbled")),
        "{:?}",
        a.warnings
    );
}

#[test]
fn clean_pages_are_not_flagged() {
    for name in [
        "seed/utf8.html",
        "seed/gbk-gb2312.html",
        "english.html",
        "structure.html",
    ] {
        let a = run(name, &Options::default());
        assert!(!a.quality.mojibake, "{name}: {:?}", a.quality);
        assert_eq!(a.quality.readings_removed, 0, "{name}");
    }
}

#[test]
fn ruby_readings_are_returned_on_request() {
    let a = run("seed/utf8.html", &Options::default());
    assert!(a.readings.is_none());
    let a = run("seed/utf8.html", &Options::default().with_ruby(Ruby::Keep));
    let readings = a.readings.unwrap();
    assert!(readings.len() > 150, "{}", readings.len());
    assert!(readings
        .iter()
        .any(|r| r.base == "學" && r.reading == "xué"));
    for r in &readings {
        assert!(a.text.contains(&r.base), "{r:?}");
        assert!(!a.text.contains(&r.reading), "{r:?}");
    }
}

#[test]
fn lang_comes_from_the_characters() {
    // The portal page declares no language; its text is Traditional.
    let a = run("seed/utf8.html", &Options::default());
    assert_eq!(a.lang.as_deref(), Some("zh-Hant"));
    let a = run("english.html", &Options::default());
    assert_eq!(a.lang.as_deref().map(|l| &l[..2]), Some("en"));
}

#[test]
fn script_conversion_is_phrase_level() {
    let a = run(
        "seed/utf8.html",
        &Options::default().with_script(Some(Script::Hans)),
    );
    assert_eq!(a.lang.as_deref(), Some("zh-Hans"));
    assert!(a.text.contains("张江科学城区域化党建促进会"));
    assert!(a.title.as_deref().unwrap().starts_with("张江科学城"));
    let html = "<html><body><article><p>头发和发展都是常用词，这段简体中文用来测试转换为繁体的效果，足够长。</p></article></body></html>";
    let a = gleaner::extract(
        html.as_bytes(),
        &Options::default().with_script(Some(Script::Hant)),
    )
    .unwrap();
    assert_eq!(a.lang.as_deref(), Some("zh-Hant"));
    assert!(a.text.starts_with("頭髮和發展"), "{}", a.text);
}

/// `script` converts every text field the article shows, not the body alone.
#[test]
fn script_conversion_reaches_the_metadata() {
    let html = "<html><head><title>發展報告</title><meta property=\"og:site_name\" content=\"優樓網\">\
        <meta name=\"author\" content=\"張偉\"><meta name=\"description\" content=\"關於發展的報告\"></head>\
        <body><article><p>來源：經濟日報</p><p>這是一段足夠長的繁體中文正文內容，用來測試標題、來源和編輯的轉換，內容要足夠長才會被保留下來。</p>\
        <p>責任編輯：劉曉陽</p></article></body></html>";
    let a = gleaner::extract(
        html.as_bytes(),
        &Options::default().with_script(Some(Script::Hans)),
    )
    .unwrap();
    assert_eq!(a.title.as_deref(), Some("发展报告"));
    assert_eq!(a.site_name.as_deref(), Some("优楼网"));
    assert_eq!(a.authors, ["张伟"]);
    assert_eq!(a.description.as_deref(), Some("关于发展的报告"));
    assert_eq!(a.source.as_deref(), Some("经济日报"), "{a:?}");
    assert_eq!(a.editor.as_deref(), Some("刘晓阳"), "{a:?}");
}

#[test]
fn width_is_narrowed_on_request_and_punctuation_never() {
    let html = "<html><body><article><p>ＡＢＣ公司２０２１年的产品，价格：１２３元。这是一段足够长的中文正文内容。</p></article></body></html>";
    let a = gleaner::extract(html.as_bytes(), &Options::default()).unwrap();
    assert!(a.text.contains("ＡＢＣ"));
    let a = gleaner::extract(
        html.as_bytes(),
        &Options::default().with_width(Width::Narrow),
    )
    .unwrap();
    assert!(
        a.text.starts_with("ABC公司2021年的产品，价格：123元。"),
        "{}",
        a.text
    );
}

#[test]
fn utf8_read_as_windows_1252_is_repaired() {
    let text = "Le café de la place est ouvert «toute la journée», dit le propriétaire, même le dimanche. \
                Les habitués y prennent leur petit-déjeuner, lisent le journal, et discutent de la météo.\n\
                À midi, la terrasse se remplit : on y sert un plat du jour, une salade, et un dessert maison.";
    let (garbled, _, _) = encoding_rs::WINDOWS_1252.decode(text.as_bytes());
    assert!(garbled.contains("cafÃ©"));
    let paragraphs: String = garbled.lines().map(|l| format!("<p>{l}</p>")).collect();
    let html = format!("<html lang=fr><body><article>{paragraphs}</article></body></html>");
    let a = gleaner::extract(html.as_bytes(), &Options::default()).unwrap();
    assert_eq!(a.text, text);
    assert!(a.quality.mojibake);
    assert!(a.quality.repaired > 0);
}

#[test]
fn utf8_read_as_gbk_is_repaired_when_lossless() {
    let text = "张江科学城是上海科创中心建设的重要承载区";
    let (garbled, _, _) = encoding_rs::GBK.decode(text.as_bytes());
    let html = format!(
        "<html><body><article><p>{garbled}，这是一段正文。</p>\
         <p>园区汇聚企业两万余家，正聚焦集成电路、人工智能、生物医药三大核心产业，强化自主创新能力。</p></article></body></html>"
    );
    let a = gleaner::extract(html.as_bytes(), &Options::default()).unwrap();
    assert!(a.text.starts_with(text), "{} from {garbled}", a.text);
    assert_eq!(a.quality.repaired, 1);
}
