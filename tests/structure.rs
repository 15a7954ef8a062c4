//! Article structure: headings, short lines, code, tables (with a list inside), quotes,
//! lists and captions come out as typed blocks, in page order. Table cells are one block
//! each: layout tables, still common on older portals, must not glue a menu cell to the
//! article's first line.

mod common;

use gleaner::{BlockKind, Options};

#[test]
fn blocks_keep_their_kind_and_order() {
    let a = gleaner::extract(&common::read_fixture("structure.html"), &Options::default()).unwrap();
    let got: Vec<(BlockKind, &str, Option<u8>)> = a
        .blocks
        .iter()
        .map(|b| (b.kind, b.text.as_str(), b.level))
        .collect();
    use BlockKind::*;
    let want: Vec<(BlockKind, &str, Option<u8>)> = vec![
        (Paragraph, "We spent three weeks on the river, measuring its flow at five stations between the dam and the estuary, and this is what we found.", None),
        (Heading, "Method", Some(2)),
        (Paragraph, "Each station was visited twice a day, at dawn and at dusk, and the readings were written down by hand before being typed up.", None),
        (Paragraph, "Short line.", None),
        (Code, "flow = area * velocity", None),
        (Caption, "Station three, at dusk on the second day.", None),
        (Caption, "Readings by station", None),
        (Table, "Station", None),
        (Table, "Flow (m³/s)", None),
        (Table, "Dam", None),
        (Table, "41.2", None),
        (Table, "Estuary", None),
        (ListItem, "dawn: 55.0", None),
        (ListItem, "dusk: 57.3", None),
        (Heading, "What surprised us", Some(3)),
        (Quote, "The estuary ran faster at dusk than at dawn, every single day, which none of us expected.", None),
        (ListItem, "Tides mattered more than rain.", None),
        (ListItem, "The dam released water on a schedule nobody had published.", None),
        (Paragraph, "We will go back next spring, with better instruments and, we hope, a boat that does not leak.", None),
    ];
    assert_eq!(got, want);
    // Captions are structure, not body prose: they stay out of `text`.
    assert!(!a.text.contains("Station three"));
    assert!(a
        .text
        .contains("Short line.\nflow = area * velocity\nStation\nFlow"));
    assert_eq!(a.title.as_deref(), Some("How we measured the river"));
}

#[test]
fn script_rendered_pages_fall_back_to_json_ld_article_body() {
    let body = "First paragraph of an article that the page only renders with scripts, long enough to count.\nSecond paragraph, which a crawler without a browser would otherwise lose entirely, sadly, and with it everything the page had to say.";
    let page = format!(
        r#"<html><head><script type="application/ld+json">{{"@type":"NewsArticle","headline":"Rendered later","articleBody":{}}}</script></head><body><div id="app"></div><nav><a href="/">Home</a></nav></body></html>"#,
        serde_json::to_string(body).unwrap()
    );
    let a = gleaner::extract(page.as_bytes(), &Options::default()).unwrap();
    assert_eq!(a.text, body);
    assert_eq!(a.blocks.len(), 2);
    assert!(a.warnings.iter().any(|w| w.contains("articleBody")));
    assert_eq!(a.title.as_deref(), Some("Rendered later"));
}

/// A sentence of article prose for the small pages below.
const PARA: &str = "The council voted on Tuesday to rebuild the old bridge, after three years of \
                    arguments about its cost, its look and who should pay for it.";

/// A page whose body is one `<article>` holding `inner`.
fn article_page(inner: &str) -> String {
    format!("<html><body><article>{inner}</article></body></html>")
}

#[test]
fn a_run_of_linked_headlines_is_a_teaser_list_but_one_linked_heading_is_a_title() {
    let para = PARA;
    let html = article_page(&format!(
        "<p>{para}</p>\
         <h2><a href=\"/bridge\">The bridge, part two</a></h2>\
         <p>{para} Work starts in spring.</p>\
         <p>{para} It should end by winter.</p>\
         <ul>\
         <li><a href=\"/a\"><h4>Mayor opens new library on the east side</h4></a></li>\
         <li><a href=\"/b\"><h4>River levels fall after a dry month</h4></a></li>\
         <li><a href=\"/c\"><h4>School year to start a week later</h4></a></li>\
         </ul>"
    ));
    let a = gleaner::extract(html.as_bytes(), &Options::default().with_explain(true)).unwrap();
    let headings: Vec<&str> = common::texts_of(&a, BlockKind::Heading);
    assert_eq!(headings, ["The bridge, part two"]);
    assert!(!a.text.contains("Mayor opens"));
    let teasers = a
        .removed
        .iter()
        .flatten()
        .filter(|r| r.rule == "link_dense" && r.reason.contains("linked headlines"))
        .count();
    assert_eq!(teasers, 3);
}

#[test]
fn the_linked_list_under_a_related_heading_goes_with_it() {
    let para = PARA;
    let html = article_page(&format!(
        "<p>{para}</p><p>{para} Work starts in spring.</p>\
         <h3>Related stories</h3>\
         <ul><li><a href=\"/a\">Mayor opens new library</a> on the east side of town</li>\
         <li><a href=\"/b\">River levels fall</a> after a dry and windy month</li></ul>\
         <h3>What comes next</h3>\
         <ul><li>A public meeting in May.</li><li>A vote on the design.</li></ul>"
    ));
    // Half the items' text is plain: too little link text for the link-density test.
    let a = gleaner::extract(html.as_bytes(), &Options::default()).unwrap();
    assert!(!a.text.contains("Mayor opens"), "{}", a.text);
    assert!(!a.text.contains("River levels"), "{}", a.text);
    // A list that is not links, under an ordinary heading, stays.
    assert!(a.text.contains("A public meeting in May."), "{}", a.text);
}

#[test]
fn a_post_shipped_only_inside_noscript_is_extracted_from_there() {
    let para = PARA;
    // Blogger-style: a script template the browser renders, and the same post for
    // browsers without scripts. An unclosed inner <noscript> must not send the
    // extraction round in circles.
    let post = format!("<p>{para}</p><p>{para} Work starts in spring.</p><noscript><p>{para}</p><p>{para}</p><p>{para}</p>");
    let html = format!(
        "<html><body><div class=post-body>\
         <script type=\"text/template\">{post}</script>\
         <noscript>{post}</noscript></div>\
         <p>Give us feedback.</p></body></html>"
    );
    let a = gleaner::extract(html.as_bytes(), &Options::default()).unwrap();
    assert!(a.text.contains("Work starts in spring."), "{}", a.text);
    assert!(!a.text.contains("Give us feedback"), "{}", a.text);
    assert!(
        a.warnings.iter().any(|w| w.contains("<noscript>")),
        "{:?}",
        a.warnings
    );
    // A page with its article in plain sight ignores its <noscript>.
    let visible = format!("<html><body><article><p>{para}</p><p>{para} It took a year.</p></article><noscript>{post}</noscript></body></html>");
    let a = gleaner::extract(visible.as_bytes(), &Options::default()).unwrap();
    assert!(!a.text.contains("Work starts in spring."), "{}", a.text);
}

#[test]
fn a_bare_counter_goes_but_a_number_in_a_table_stays() {
    let para = PARA;
    let html = article_page(&format!(
        "<p>{para}</p><div class=\"count\"><p>6</p></div><p>{para} Work starts in spring.</p>\
         <table><tr><td>Lanes</td><td>6</td></tr></table>"
    ));
    let a = gleaner::extract(html.as_bytes(), &Options::default()).unwrap();
    let sixes: Vec<BlockKind> = a
        .blocks
        .iter()
        .filter(|b| b.text == "6")
        .map(|b| b.kind)
        .collect();
    assert_eq!(sixes, [BlockKind::Table]);
}

#[test]
fn the_nearest_class_word_decides_between_content_and_chrome() {
    let para = PARA;
    let html = article_page(&format!(
        "<p>{para}</p><p>{para} Work starts in spring.</p>\
         <div class=\"col print-full\"><div class=\"recipe-steps\"><p>Stir the sauce well.</p></div></div>\
         <div class=\"share-box\"><p>Tell your friends now.</p></div>"
    ));
    let a = gleaner::extract(html.as_bytes(), &Options::default()).unwrap();
    // A recipe step inside a print-layout column is content...
    assert!(a.text.contains("Stir the sauce well."), "{}", a.text);
    // ...and a share box is still chrome.
    assert!(!a.text.contains("Tell your friends"), "{}", a.text);
}

#[test]
fn a_box_that_opens_with_a_related_heading_is_teasers_even_when_they_are_prose() {
    let para = PARA;
    let teaser = "Gratitude lives in the details: in the smile given on waking, in the prayer \
                  said before the day begins, and in the patience we show to those around us.";
    // The teaser box scores higher than the article: four prose paragraphs in `<article>`s.
    let teasers: String = (0..4)
        .map(|i| format!("<article class=\"post\"><p>{teaser} Part {i}.</p></article>"))
        .collect();
    let html = format!(
        "<html><body><div id=\"main\">\
         <article class=\"post\"><p>{para}</p><p>{para} Work starts in spring.</p></article>\
         <article class=\"post\"><h3>You may also like...</h3>{teasers}</article>\
         </div></body></html>"
    );
    let a = gleaner::extract(html.as_bytes(), &Options::default()).unwrap();
    assert!(a.text.contains("Work starts in spring."), "{}", a.text);
    assert!(!a.text.contains("Gratitude"), "{}", a.text);
}

#[test]
fn framework_classes_hide_blocks_and_utility_classes_are_not_evidence() {
    let para = PARA;
    let html = article_page(&format!(
        "<p>{para}</p><p>{para} Work starts in spring.<span class=\"hidden\"> Image 1 of 4.</span></p>\
         <div class=\"d-none d-print-block\"><p>Printed from example.org on 2 May.</p></div>\
         <div class=\"d-none d-md-block\"><p>{para} Shown on wide screens.</p></div>\
         <p>Mayor <span class=\"rollover-people\"><a href=\"/p/1\">Ann Roe</a>\
         <span class=\"rollover-people-block\"><a href=\"/p/1\">Ann Mary Roe</a>\
         <a href=\"/a/2\">Roe opens the new library</a></span></span> spoke after the vote, \
         and said the bridge would be open to traffic before the end of next year.</p>"
    ));
    let a = gleaner::extract(html.as_bytes(), &Options::default()).unwrap();
    assert!(!a.text.contains("Image 1 of 4"), "{}", a.text);
    assert!(!a.text.contains("Printed from"), "{}", a.text);
    // `d-md-block` shows the element again on wide screens: it is visible text.
    assert!(a.text.contains("Shown on wide screens."), "{}", a.text);
    // A hover card goes; the linked name it decorates stays in its sentence.
    assert!(
        a.text.contains("Mayor Ann Roe spoke after the vote"),
        "{}",
        a.text
    );
    assert!(!a.text.contains("library"), "{}", a.text);
}

#[test]
fn linked_items_of_a_digest_stay_but_an_inline_read_also_goes() {
    let para = PARA;
    let item = |linked: &str, own: &str| format!("<li><a href=\"/x\">{linked}</a> {own}</li>");
    let html = article_page(&format!(
        "<p>{para}</p><ol>{}{}{}</ol>\
         <p>{para}</p><p>Read also » <a href=\"/y\">Why the old bridge cost so much more than the \
         council had planned for it</a></p><p>{para} Work starts in spring.</p>",
        item(
            "The mayor said the bridge would open in May.",
            "She spoke after the vote, to a full hall, and took questions for an hour.",
        ),
        item(
            "A new game is finally coming out after twelve years of waiting for it.",
            "The studio called it its flagship title, and fans were pleased.",
        ),
        item(
            "Schools will start a week later this year.",
            "The delay gives builders time to finish the roofs of four buildings in the north.",
        ),
    ));
    let a = gleaner::extract(html.as_bytes(), &Options::default()).unwrap();
    // The middle item is mostly link text, but it sits in the article's own list.
    assert!(
        a.text.contains("A new game is finally coming out"),
        "{}",
        a.text
    );
    assert!(!a.text.contains("Read also"), "{}", a.text);
}

#[test]
fn a_second_html_or_body_tag_inside_the_article_does_not_split_it() {
    let para = PARA;
    // Widget markup pasted into a post, with its own `<html><body>`: the parser merges
    // those into the open ones, so everything stays one article.
    let html = format!(
        "<html><body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>\
         <article><div class=\"entry-content\"><p>Opening words of the post, written on a rainy morning in the town hall.</p>\
         <p>{para} Work starts in spring.</p>\
         <html><body><div class=\"recipe\"><p>{para} The vote was close.</p>\
         <p>{para} It should end by winter.</p><p>{para} Tolls will pay for it.</p></div>\
         </body></html></div></article></body></html>"
    );
    let a = gleaner::extract(html.as_bytes(), &Options::default()).unwrap();
    for part in [
        "Opening words of the post, written on a rainy morning in the town hall.",
        "Work starts in spring.",
        "The vote was close.",
        "Tolls will pay for it.",
    ] {
        assert!(a.text.contains(part), "{part}: {}", a.text);
    }
}

#[test]
fn form_labels_left_without_values_go() {
    let para = PARA;
    let html = article_page(&format!(
        "<p>{para}</p><ul><li>Author:</li><li>Publish date: </li></ul>\
         <p>{para} Work starts in spring.</p><p>Terms:</p>"
    ));
    let a = gleaner::extract(html.as_bytes(), &Options::default()).unwrap();
    assert!(!a.text.contains("Author:"), "{}", a.text);
    assert!(!a.text.contains("Terms:"), "{}", a.text);
    assert!(a.text.ends_with("Work starts in spring."), "{}", a.text);
}

#[test]
fn a_recipe_ingredient_list_with_linked_products_stays() {
    let para = PARA;
    let html = article_page(&format!(
        "<p>{para}</p><div class=\"print-full\"><ul class=\"recipe-ingredients print-links\">\
         <li><a href=\"/p/1\">Vanilla sugar</a></li>\
         <li>200 g <a href=\"/p/2\">Wheat flour, type 405</a></li></ul></div>\
         <p>{para} Bake for forty minutes.</p>\
         <ul class=\"tags\"><li><a href=\"/t/1\">Cakes</a></li><li><a href=\"/t/2\">Baking</a></li></ul>"
    ));
    let a = gleaner::extract(html.as_bytes(), &Options::default()).unwrap();
    assert!(a.text.contains("Vanilla sugar"), "{}", a.text);
    assert!(a.text.contains("Wheat flour"), "{}", a.text);
    // A tag list of links is still link text.
    assert!(!a.text.contains("Cakes"), "{}", a.text);
}

#[test]
fn captions_written_as_paragraphs_are_captions() {
    let para = PARA;
    let html = format!(
        "<html><body class=\"f_caption_muted_videos_on\"><article><p>{para}</p>\
         <div class=\"wp-caption\"><img src=\"a.jpg\"><p class=\"wp-caption-text\">The old \
         bridge at dusk.</p></div>\
         <figure><img src=\"b.jpg\"><figcaption><p>The new design, as drawn.</p></figcaption></figure>\
         <p>{para} Work starts in spring.</p></article></body></html>"
    );
    let a = gleaner::extract(html.as_bytes(), &Options::default()).unwrap();
    let captions: Vec<&str> = common::texts_of(&a, BlockKind::Caption);
    assert_eq!(
        captions,
        ["The old bridge at dusk.", "The new design, as drawn."]
    );
    // Captions stay out of `text`; a class word in a feature flag on <body> changes nothing.
    assert!(!a.text.contains("dusk"), "{}", a.text);
    assert!(a.text.contains("Work starts in spring."), "{}", a.text);
}

/// A documentation section whose id is its heading's slug (`working-with-shared-folders`)
/// is not a share bar: class and id words count as words, not as substrings.
#[test]
fn a_section_about_shared_folders_is_not_a_share_bar() {
    let a = gleaner::extract(
        &common::read_fixture("shared-folders.html"),
        &Options::default(),
    )
    .unwrap();
    assert!(a.text.contains("Working with shared folders"), "{}", a.text);
    assert!(a
        .text
        .ends_with("Leave a shared folder from its menu; its files stay with the others."));
    assert!(!a.text.contains("Copyright"));
}

/// A made-up news page: the writers are in the byline (two `rel=author` links joined by
/// `and`, after a section link), not the publisher `<meta name=author>` names, nor a
/// commenter, nor a form's `Name` label; the title is the headline, not the site.
#[test]
fn the_byline_names_the_writers() {
    let a = gleaner::extract(&common::read_fixture("byline.html"), &Options::default()).unwrap();
    assert_eq!(a.authors, ["Jane Doe", "John Roe"]);
    assert_eq!(a.title.as_deref(), Some("Bridge vote delayed again"));
    assert_eq!(a.site_name.as_deref(), Some("The Riverside Courier"));
}

/// A refrain that the article's own paragraphs repeat stays every time it is sung; a
/// caption that the body repeats, or a pull quote, is shown once.
#[test]
fn a_refrain_repeated_by_sibling_paragraphs_stays_but_a_repeated_caption_goes() {
    let para = PARA;
    let refrain = "And the river keeps on rolling, rolling down to the sea tonight.";
    let caption = "The old bridge at dusk, a week before the council's vote.";
    let html = article_page(&format!(
        "<p>{para}</p>\
         <figure><img src=\"a.jpg\"><figcaption>{caption}</figcaption></figure>\
         <p>The song the crowd sang goes like this. First verse about the water.</p>\
         <p>{refrain}</p>\
         <p>Second verse, about the people who crossed the bridge every day.</p>\
         <p>{refrain}</p>\
         <p>Third verse, about the night the old bridge finally came down.</p>\
         <p>{refrain}</p>\
         <p>{caption}</p>\
         <p>{para} Work starts in spring.</p>"
    ));
    let a = gleaner::extract(html.as_bytes(), &Options::default()).unwrap();
    assert_eq!(a.text.matches(refrain).count(), 3, "{}", a.text);
    assert_eq!(common::texts_of(&a, BlockKind::Caption), [caption]);
    assert!(!a.text.contains(caption), "{}", a.text);
    assert!(a.text.contains("Work starts in spring."), "{}", a.text);
}

/// Chinese prose that mentions 订阅, 版权所有 or "不代表…立场" is a paragraph, not a
/// subscription prompt, a copyright line or a disclaimer: rule caps for CJK text are in
/// characters and small. The legal notice (`反侵权公告：…`) ends the article, and the
/// reader comments after it go.
#[test]
fn chinese_paragraphs_survive_keyword_rules_and_a_legal_notice_ends_the_article() {
    let a = gleaner::extract(
        &common::read_fixture("zh-notices.html"),
        &Options::default(),
    )
    .unwrap();
    let paragraphs = common::texts_of(&a, BlockKind::Paragraph);
    assert_eq!(paragraphs.len(), 5, "{paragraphs:#?}");
    for kept in [
        "会员订阅服务",
        "版权所有的权利",
        "并不代表行业协会的立场",
        "三个工作日内",
    ] {
        assert!(a.text.contains(kept), "{kept:?} lost: {}", a.text);
    }
    for gone in ["反侵权公告", "法律顾问", "网友评论", "自动续费了", "绕过去"]
    {
        assert!(!a.text.contains(gone), "{gone:?} kept: {}", a.text);
    }
}

/// The date is the one beside the headline, in the form the page writes it, not a date
/// from the menu above it or from the comments and related stories below the article.
#[test]
fn the_date_beside_the_headline_wins_over_menu_comment_and_related_dates() {
    let para = PARA;
    let html = format!(
        "<html><body><nav><p>Today is Dec 1, 2016 — weather 12°</p></nav><article>\
         <h1>Council votes to rebuild the bridge</h1>\
         <p>By Jane Doe</p><p>Dec 13, 2016 at 3:45 pm</p>\
         <p>{para}</p><p>{para} Work starts in spring.</p><p>{para} It ends by winter.</p>\
         </article><section class=\"comments\"><p>Posted 12/20/2016 09:10 AM by Reader</p>\
         <p>Great news for the town, finally.</p></section>\
         <ul class=\"related\"><li>Nov 30, 2016: Bridge closed for repairs</li></ul>\
         </body></html>"
    );
    let a = gleaner::extract(html.as_bytes(), &Options::default()).unwrap();
    assert_eq!(a.published.as_deref(), Some("2016-12-13T15:45:00"));
    assert_eq!(a.published_raw.as_deref(), Some("Dec 13, 2016 at 3:45 pm"));
    let zh = format!(
        "<html><body><article><h1>张江科学城党委成立</h1><p>2021年4月22号 10:31 来源：本报</p>\
         <p>{0}</p><p>{0}</p><p>{0}</p></article></body></html>",
        "张江科学城区域化党建促进会暨张江科学城特色产业园党委宣告正式成立，以一流党建引领科创建设。"
    );
    let a = gleaner::extract(zh.as_bytes(), &Options::default()).unwrap();
    assert_eq!(a.published.as_deref(), Some("2021-04-22T10:31:00"));
}

/// Where a page gives its publication and a later update, the publication is the date:
/// whichever the page puts first, and however it says which is which (a class, an
/// `itemprop`, an `Updated` label before a `<time>` or on a line). A forum that marks each
/// reply `datePublished` keeps the thread's own date, and a page whose only labelled date
/// is its update gives that one.
#[test]
fn the_published_date_wins_over_the_updated_one() {
    let para = PARA;
    let page = |head: &str| {
        format!(
            "<html><body><article><h1>Council votes to rebuild the bridge</h1>{head}             <p>{para}</p><p>{para} Work starts in spring.</p><p>{para} It ends by winter.</p>             </article></body></html>"
        )
    };
    let cases = [
        (
            "<p><time class=\"updated\" datetime=\"2021-05-02T09:00:00\">May 2</time>              <time class=\"entry-date published\" datetime=\"2021-05-01T08:00:00\">May 1</time></p>",
            "2021-05-01T08:00:00",
        ),
        (
            "<p><span itemprop=\"dateModified\" content=\"2021-05-02T09:00:00\"></span>             <span itemprop=\"datePublished\" content=\"2021-05-01T08:00:00\"></span>By Jane Doe</p>",
            "2021-05-01T08:00:00",
        ),
        (
            "<p>Last updated: <time datetime=\"2021-05-02T09:00:00\">May 2</time></p>             <p>First posted <time datetime=\"2021-05-01T08:00:00\">May 1</time></p>",
            "2021-05-01T08:00:00",
        ),
        (
            "<p>Updated: May 2, 2021 at 9:00 am</p><p>Published: May 1, 2021 at 8:00 am</p>",
            "2021-05-01T08:00:00",
        ),
        (
            "<p>更新时间：2021年5月2日 09:00</p><p>发布时间：2021年5月1日 08:00</p>",
            "2021-05-01T08:00:00",
        ),
        // Only the update is labelled: it is the date the page states, over a bare one.
        (
            "<p>Updated: May 2, 2021 at 9:00 am</p><p>Bridge plans of May 1, 2019 recalled</p>",
            "2021-05-02T09:00:00",
        ),
        // A thread's date comes first; its replies' dates are marked datePublished.
        (
            "<p><time datetime=\"2021-05-01T08:00:00\">May 1</time></p>             <p><time itemprop=\"datePublished\" datetime=\"2021-05-03T10:00:00\">May 3</time></p>",
            "2021-05-01T08:00:00",
        ),
        // `entry-date published updated`: a post never edited.
        (
            "<p><time class=\"entry-date published updated\" datetime=\"2021-05-01T08:00:00\">May 1</time></p>             <p><time datetime=\"2021-06-09T10:00:00\">a comment</time></p>",
            "2021-05-01T08:00:00",
        ),
    ];
    for (head, want) in cases {
        let a = gleaner::extract(page(head).as_bytes(), &Options::default()).unwrap();
        assert_eq!(a.published.as_deref(), Some(want), "{head}");
    }
}

/// An agency or the outlet itself in the article's own byline is its author; the same
/// organisation named only by site-level metadata (`<meta name=author>` equal to the
/// site's name) is not.
#[test]
fn agency_and_outlet_bylines_are_authors_site_metadata_is_not() {
    let para = PARA;
    let page = |head: &str, byline: &str| {
        format!(
            "<html><head><title>Bridge</title>{head}</head><body><article>\
             <h1>Council votes to rebuild the bridge</h1>{byline}\
             <p>{para}</p><p>{para} Work starts in spring.</p><p>{para} It ends by winter.</p>\
             </article></body></html>"
        )
    };
    let site = "<meta property=\"og:site_name\" content=\"BBC News\">";
    let cases = [
        ("", "<p class=\"byline\">By The Associated Press</p>", vec!["The Associated Press"]),
        ("", "<div class=\"byline\">Reuters</div>", vec!["Reuters"]),
        (site, "<p class=\"byline\">BBC News</p>", vec!["BBC News"]),
        ("", "<p class=\"byline\">By Jane Doe, CBC News</p>", vec!["Jane Doe"]),
        ("", "<p>By Jane Doe and John Roe, Reuters</p>", vec!["Jane Doe", "John Roe"]),
        (
            "<meta property=\"og:site_name\" content=\"BBC News\"><meta name=\"author\" content=\"BBC News\">",
            "",
            vec![],
        ),
    ];
    for (head, byline, want) in cases {
        let a = gleaner::extract(page(head, byline).as_bytes(), &Options::default()).unwrap();
        assert_eq!(a.authors, want, "{head} {byline}");
    }
}

/// A data table keeps its columns: a cell that a rule or a counter test would drop on its
/// own (`twitter`, `Share`, a bare `12`) stays, so each row's values stay under their
/// headers in blocks and in Markdown; a widget's text beside a kept cell's content
/// (`Rate this book`) may still go.
#[test]
fn a_data_table_keeps_its_columns() {
    let para = PARA;
    let html = format!(
        "<html><body><article><h1>Social networks compared</h1><p>{para}</p>\
         <table><thead><tr><th>Network</th><th>Users</th><th>Founded</th></tr></thead><tbody>\
         <tr><td>twitter</td><td>500 million</td><td>2006</td></tr>\
         <tr><td>Facebook</td><td>3 billion</td><td>2004</td></tr>\
         <tr><td>Share</td><td>12</td><td>1999</td></tr>\
         <tr><td><p>Harper Lee</p><p>Rate this book</p></td><td>1 million</td><td>1960</td></tr>\
         </tbody></table><p>{para} It ends by winter.</p></article></body></html>"
    );
    let a = gleaner::extract(html.as_bytes(), &Options::default()).unwrap();
    let md = gleaner::render::markdown(&a);
    for row in [
        "| twitter | 500 million | 2006 |",
        "| Facebook | 3 billion | 2004 |",
        "| Share | 12 | 1999 |",
        "| Harper Lee | 1 million | 1960 |",
    ] {
        assert!(md.contains(row), "{row:?} not in\n{md}");
    }
    let cells = a.blocks.iter().filter(|b| b.cell.is_some()).count();
    assert_eq!(cells, 15, "{:?}", a.blocks);
    assert!(!a.text.contains("Rate this book"), "{}", a.text);
}

/// A page with one `<h1>` shows its headline there: a <title> and og:title written for
/// search engines in other words do not replace it. With two `<h1>`s nothing tells which
/// is the headline, and og:title decides.
#[test]
fn the_single_h1_is_the_title_over_an_seo_og_title() {
    let para = PARA;
    let page = |h1s: &str| {
        format!(
            "<html><head><title>13 Ways To Rebuild A Bridge | The Daily</title>\
             <meta property=\"og:title\" content=\"13 Ways To Rebuild A Bridge\"></head><body>\
             <article>{h1s}<p>{para}</p><p>{para} Work starts in spring.</p></article></body></html>"
        )
    };
    let one = gleaner::extract(
        page("<h1>The Bridge That Would Not Fall</h1>").as_bytes(),
        &Options::default(),
    )
    .unwrap();
    assert_eq!(one.title.as_deref(), Some("The Bridge That Would Not Fall"));
    assert!(!one.text.contains("Would Not Fall"), "{}", one.text);
    let two = gleaner::extract(
        page("<h1>The Daily News Desk</h1><h1>The Bridge That Would Not Fall</h1>").as_bytes(),
        &Options::default(),
    )
    .unwrap();
    assert_eq!(two.title.as_deref(), Some("13 Ways To Rebuild A Bridge"));
    // An <h1> after the article (a translation widget's box) is not its headline.
    let widget = format!(
        "<html><head><title>13 Ways To Rebuild A Bridge | The Daily</title></head><body>\
         <article><p>{para}</p><p>{para} Work starts in spring.</p></article>\
         <div class=skiptranslate><h1>Original text for translation</h1><p>Contribute</p></div></body></html>"
    );
    let late = gleaner::extract(widget.as_bytes(), &Options::default()).unwrap();
    assert_eq!(late.title.as_deref(), Some("13 Ways To Rebuild A Bridge"));
}

/// A headline set over lines (`<br>` between its parts, a bold paragraph on a government
/// page) is the title as the page shows it, not the <title>'s spacing, and none of its
/// lines stays in the body.
#[test]
fn a_headline_set_over_lines_is_the_title_and_leaves_the_body() {
    let para = PARA;
    let en = format!(
        "<html><head><title>Dance at the Depot: Washed in All Waters - The Daily</title></head><body>\
         <article><p><b>Dance at the Depot:<br>Washed in All Waters</b></p>\
         <p>{para}</p><p>{para} Work starts in spring.</p></article></body></html>"
    );
    let a = gleaner::extract(en.as_bytes(), &Options::default()).unwrap();
    assert_eq!(
        a.title.as_deref(),
        Some("Dance at the Depot: Washed in All Waters")
    );
    assert!(a.text.starts_with("The council"), "{}", a.text);
    // The <title> spaces the year from its counter word; the page does not.
    let zh = "<html><head><meta charset=utf-8><title>关于调整2007\u{3000}年末国债余额限额的决议__2007年第23号</title></head><body>\
              <div class=content><p><strong>全国人民代表大会常务委员会<br>关于调整2007年末<br>国债余额限额的决议</strong></p>\
              <p>第十届全国人民代表大会常务委员会第二十八次会议，听取了财政部部长代表国务院对议案作的说明，并对议案进行了审议。会议同意国务院提出的议案，同意财政经济委员会在审查报告中提出的建议。</p>\
              <p>会议决定：批准发行特别国债购买外汇，批准年末国债余额限额调整。</p></div></body></html>";
    let a = gleaner::extract(zh.as_bytes(), &Options::default()).unwrap();
    assert_eq!(
        a.title.as_deref(),
        Some("关于调整2007年末国债余额限额的决议"),
        "{:?}",
        a.blocks.iter().map(|b| &b.text).collect::<Vec<_>>()
    );
}

/// The title metas quote the headline in their own ways: `Artist – Song` over a page whose
/// `<h1>` is the song (the linked artist's name above it is not the title); a heading set
/// over lines of which the title quotes only the first ones (the rest is its subtitle);
/// and a newsletter's title meta naming the article's `<h2>` where og:title is a
/// share-bait wording and the `<h1>`s are the logo's.
#[test]
fn title_metas_quote_the_headline_in_their_own_ways() {
    let para = PARA;
    let title = |head: &str, body: &str| {
        let page = format!(
            "<html><head><meta charset=utf-8>{head}</head><body>{body}\
             <p>{para}</p><p>{para} Work starts in spring.</p></body></html>"
        );
        gleaner::extract(page.as_bytes(), &Options::default())
            .unwrap()
            .title
    };
    let song = title(
        "<title>The Weavers \u{2013} Goodnight Irene Lyrics | Songbook</title>\
         <meta property=og:title content=\"The Weavers \u{2013} Goodnight Irene\">",
        "<h1>Goodnight Irene</h1><h2><a href=/artists/the-weavers>The Weavers</a></h2>",
    );
    assert_eq!(song.as_deref(), Some("Goodnight Irene"));
    // The `<h1>` here is a section's name that `<title>` also carries: not the headline.
    let subtitled = title(
        "<title>Events | Security Society</title>\
         <meta property=og:title content=\"Forum 2020 in Osaka\u{300c}早期発見\u{300d}のセキュリティ\">",
        "<h1>Events</h1><h2>Forum 2020 in Osaka<br>\u{300c}早期発見\u{300d}のセキュリティ<br>\
         \u{ff5e}守りから攻めへ\u{ff5e}</h2>",
    );
    assert_eq!(
        subtitled.as_deref(),
        Some("Forum 2020 in Osaka \u{300c}早期発見\u{300d}のセキュリティ \u{ff5e}守りから攻めへ\u{ff5e}")
    );
    // A heading whose title quotes only its first line keeps just that line: the next
    // may be a byline.
    let one_line = title(
        "<title>Council votes to rebuild the bridge | The Daily</title>",
        "<h1>Council votes to rebuild the bridge<br>By Ann Smith</h1>",
    );
    assert_eq!(
        one_line.as_deref(),
        Some("Council votes to rebuild the bridge")
    );
    let newsletter = title(
        "<title>You Won't Believe What The Council Did!</title>\
         <meta property=og:title content=\"You Won't Believe What The Council Did!\">\
         <meta name=sailthru.title content=\"Council Votes To Rebuild The Bridge\">",
        "<header><h1><a href=/>The Daily</a></h1><h1><a href=/>The Daily</a></h1></header>\
         <article><header><h2>Council Votes To Rebuild The Bridge</h2></header></article>",
    );
    assert_eq!(
        newsletter.as_deref(),
        Some("Council Votes To Rebuild The Bridge")
    );
}

/// A byline with a date glued to it names the writer without the date (and without the
/// date's label); a teaser card's footer names no author of the article.
#[test]
fn bylines_with_dates_glued_to_the_name() {
    let para = PARA;
    let page = |byline: &str| {
        format!(
            "<html><body><main><article><h1>Council votes to rebuild the bridge</h1>\
             <p>{para}</p><p>{para} Work starts in spring.</p><p>{para} It ends by winter.</p>\
             {byline}</article>\
             <article class=\"teaser\"><h2><a href=\"/other\">Another story</a></h2>\
             <footer><span class=\"teaser-author\">Tom Teaser</span></footer></article>\
             </main></body></html>"
        )
    };
    let authors = |byline: &str| {
        gleaner::extract(page(byline).as_bytes(), &Options::default())
            .unwrap()
            .authors
    };
    assert_eq!(
        authors("<p class=\"byline\">Valentina Palladino - 8/1/2016</p>"),
        ["Valentina Palladino"]
    );
    assert_eq!(
        authors("<p class=\"byline\">By Laura E. Adkins December 20, 2016</p>"),
        ["Laura E. Adkins"]
    );
    assert_eq!(
        authors("<p class=\"author\">Sara Zinnecker Stand: 12.05.2021</p>"),
        ["Sara Zinnecker"]
    );
    assert_eq!(
        authors("<p class=\"byline\">Letzte Aktualisierung: 12.05.2021</p>"),
        Vec::<String>::new()
    );
    assert!(authors("").is_empty(), "a teaser's footer names no author");
}

#[test]
fn a_data_table_of_links_and_a_changelog_are_judged_as_a_whole() {
    let a = gleaner::extract(
        &common::read_fixture("linked-table-list.html"),
        &Options::default(),
    )
    .unwrap();
    // A grid whose cells are one link each is the article's table...
    for cell in ["Maintainer", "Parser", "Alice Example", "Carol Placeholder"] {
        assert!(a.text.contains(cell), "{cell}: {}", a.text);
    }
    // ...and changelog items that are mostly a link, between kept blocks, its list.
    assert!(
        a.text
            .contains("Changes\nParser: accept trailing commas in arrays (#101)\n"),
        "{}",
        a.text
    );
    assert!(a
        .text
        .contains("Fix a crash when the input file is empty (#104)"));
    // Teasers that are all link, and a one-column table of links, are still link lists.
    assert!(!a.text.contains("roadmap"), "{}", a.text);
    assert!(!a.text.contains("Donate"), "{}", a.text);
    assert!(a.text.ends_with("we welcome more contributors."));
}

#[test]
fn widgets_and_a_video_player_inside_article_body_go_but_its_caption_stays() {
    let a = gleaner::extract(
        &common::read_fixture("article-body-widgets.html"),
        &Options::default(),
    )
    .unwrap();
    let texts: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts.len(), 4, "{texts:#?}");
    assert!(texts
        .first()
        .is_some_and(|t| t.starts_with("For two hundred years")));
    // The embed's caption is the article's; its player's controls, caption-settings menu
    // and countdown are not.
    assert!(texts
        .get(1)
        .is_some_and(|t| t.starts_with("The keeper's cottage")));
    assert!(texts
        .get(2)
        .is_some_and(|t| t.starts_with("The last keeper")));
    // Sharing and related-posts widgets that the CMS put inside `itemprop=articleBody`.
    assert!(texts
        .get(3)
        .is_some_and(|t| t.starts_with("Readers can visit")));
    for chrome in [
        "Full Screen",
        "Font Family",
        "will play in",
        "Email a friend",
        "ferrymen",
    ] {
        assert!(!a.text.contains(chrome), "{chrome}: {}", a.text);
    }
}

#[test]
fn a_blog_archive_gives_its_first_full_post_not_a_longer_later_one() {
    let a = gleaner::extract(
        &common::read_fixture("blog-archive.html"),
        &Options::default(),
    )
    .unwrap();
    assert!(a.text.starts_with("The garden in June\n"), "{}", a.text);
    assert!(a.text.ends_with("as they always do."), "{}", a.text);
    assert!(!a.text.contains("travel diary"), "{}", a.text);
    assert!(!a.text.contains("bicycle"), "{}", a.text);
}

#[test]
fn an_article_in_two_units_of_one_class_stays_whole() {
    // Two <article class=post> that each open with a linked title are one article's
    // parts (a header with the lead, then the body), not a list of posts.
    let para = PARA;
    let html = format!(
        "<html><head><title>The headline</title></head><body><main>\
         <article class=post><h2><a href=/p>The headline of the story</a></h2><p>{para} The lead.</p></article>\
         <article class=post><h2><a href=/p#body>Read the story</a></h2><p>{para} One.</p><p>{para} Two.</p><p>{para} Three.</p></article>\
         </main></body></html>"
    );
    let a = gleaner::extract(html.as_bytes(), &Options::default()).unwrap();
    assert!(a.text.contains("The lead."), "{}", a.text);
    assert!(a.text.contains("Three."), "{}", a.text);
}

/// The text of the Markdown events between each start of a tag `want` picks and its end.
fn markdown_texts(md: &str, want: fn(&pulldown_cmark::Tag) -> bool) -> Vec<String> {
    use pulldown_cmark::{Event, Options as MdOptions, Parser};
    let mut out = Vec::new();
    let mut markup = Vec::new();
    let mut depth = 0;
    for e in Parser::new_ext(md, MdOptions::ENABLE_TABLES) {
        match e {
            Event::Start(t) if depth == 0 && want(&t) => {
                out.push(String::new());
                depth = 1;
            }
            Event::Start(_) if depth > 0 => depth += 1,
            Event::End(_) if depth > 0 => depth -= 1,
            Event::Text(t) | Event::Code(t) if depth > 0 => {
                if let Some(last) = out.last_mut() {
                    last.push_str(&t);
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => markup.push(h.to_string()),
            _ => {}
        }
    }
    assert!(markup.is_empty(), "markup in the Markdown: {markup:?}");
    out
}

/// `format=markdown` on a real page: parsed back by a CommonMark parser, the document has
/// the page's headings with their levels, its numbered list, its table as a GitHub table
/// (the list in a cell marked with bullets), its code, quote and caption.
#[test]
fn markdown_keeps_the_structure_of_the_page() {
    use pulldown_cmark::{HeadingLevel, Tag};
    let opts = Options::default().with_format(gleaner::Format::Markdown);
    let a = gleaner::extract(&common::read_fixture("structure.html"), &opts).unwrap();
    let md = a
        .markdown
        .as_deref()
        .expect("format=markdown gives markdown");
    let heading = |level: HeadingLevel| {
        markdown_texts(
            md,
            match level {
                HeadingLevel::H1 => |t| {
                    matches!(
                        t,
                        Tag::Heading {
                            level: HeadingLevel::H1,
                            ..
                        }
                    )
                },
                HeadingLevel::H2 => |t| {
                    matches!(
                        t,
                        Tag::Heading {
                            level: HeadingLevel::H2,
                            ..
                        }
                    )
                },
                _ => |t| {
                    matches!(
                        t,
                        Tag::Heading {
                            level: HeadingLevel::H3,
                            ..
                        }
                    )
                },
            },
        )
    };
    assert_eq!(
        heading(HeadingLevel::H1),
        ["How we measured the river"],
        "{md}"
    );
    assert_eq!(heading(HeadingLevel::H2), ["Method"]);
    assert_eq!(heading(HeadingLevel::H3), ["What surprised us"]);
    assert_eq!(
        markdown_texts(md, |t| matches!(t, Tag::List(Some(1)))),
        ["Tides mattered more than rain.The dam released water on a schedule nobody had published."]
    );
    assert_eq!(
        markdown_texts(md, |t| matches!(t, Tag::TableCell)),
        [
            "Station",
            "Flow (m³/s)",
            "Dam",
            "41.2",
            "Estuary",
            "• dawn: 55.0 • dusk: 57.3"
        ]
    );
    assert_eq!(
        markdown_texts(md, |t| matches!(t, Tag::CodeBlock(_))),
        ["flow = area * velocity\n"]
    );
    assert_eq!(
        markdown_texts(md, |t| matches!(t, Tag::BlockQuote(_))),
        ["The estuary ran faster at dusk than at dawn, every single day, which none of us expected."]
    );
    let paragraphs = markdown_texts(md, |t| matches!(t, Tag::Paragraph));
    assert!(paragraphs
        .iter()
        .any(|p| p == "Station three, at dusk on the second day."));
    assert!(paragraphs.iter().any(|p| p == "Short line."));
    // The JSON blocks say the same: the ordered list's items, the table's cells.
    let items: Vec<_> = a.blocks.iter().filter_map(|b| b.list).collect();
    assert_eq!(
        items
            .iter()
            .filter(|l| l.ordered)
            .map(|l| l.item)
            .collect::<Vec<_>>(),
        [1, 2]
    );
    let cells: Vec<_> = a
        .blocks
        .iter()
        .filter_map(|b| b.cell)
        .map(|c| (c.row, c.col))
        .collect();
    assert_eq!(
        cells,
        [(1, 1), (1, 2), (2, 1), (2, 2), (3, 1), (3, 2), (3, 2)]
    );
}

/// A page whose metadata names no image leads with the article's first photo: not an
/// emoji inside a line, a writer's face in the byline, vector art, a thumbnail linked to
/// another page or an image declared small; a `srcset` list that a saved page holds in `src` gives its
/// first address. Where both are given, the share image over HTTPS is preferred.
#[test]
fn the_lead_image_is_the_share_image_else_the_articles_first_photo() {
    let para = PARA;
    let opts = Options::default().with_url(Some("https://daily.example/news/1".to_string()));
    let no_meta = format!(
        "<html><head><title>Bridge</title></head><body><article><h1>Council votes on the bridge</h1>\
         <div class=byline><img src=/faces/ann.jpg>By <a rel=author href=/ann>Ann Smith</a></div>\
         <p><img src=/logo.svg alt=Daily></p>\
         <p><a href=/story/2><img src=/thumbs/other.jpg></a></p>\
         <p><img src=/icons/pin.png width=24 height=24> Riverside</p>\
         <p>{para} <img src=/emoji/smile.png alt=smile></p>\
         <figure><img src=\"/photos/bridge.jpg%20800w,%20/photos/bridge-400.jpg%20400w\">\
         <figcaption>The old bridge at dawn.</figcaption></figure>\
         <p>{para} Work starts in spring.</p></article></body></html>"
    );
    let a = gleaner::extract(no_meta.as_bytes(), &opts).unwrap();
    assert_eq!(
        a.image.as_deref(),
        Some("https://daily.example/photos/bridge.jpg"),
        "{:?}",
        a.images
    );
    assert_eq!(
        a.images.first().map(|i| i.caption.as_deref()),
        Some(Some("The old bridge at dawn."))
    );
    // A photo linked to its own enlargement (a blog's "link to media file") is a photo.
    let enlargeable = format!(
        "<html><head><title>Bridge</title></head><body><article><h1>Council votes on the bridge</h1>\
         <p><a href=/uploads/bridge-full.jpg><img src=/uploads/bridge-800.jpg></a></p>\
         <p>{para}</p><p>{para} Work starts in spring.</p></article></body></html>"
    );
    let a = gleaner::extract(enlargeable.as_bytes(), &opts).unwrap();
    assert_eq!(
        a.image.as_deref(),
        Some("https://daily.example/uploads/bridge-800.jpg"),
        "{:?}",
        a.images
    );
    let shared = format!(
        "<html><head><title>Bridge</title>\
         <meta property=og:image content=http://cdn.example/share-small.gif>\
         <meta property=og:image:secure_url content=https://cdn.example/share-large.jpg>\
         </head><body><article><h1>Council votes on the bridge</h1>\
         <p>{para}</p><p>{para} Work starts in spring.</p></article></body></html>"
    );
    let a = gleaner::extract(shared.as_bytes(), &opts).unwrap();
    assert_eq!(
        a.image.as_deref(),
        Some("https://cdn.example/share-large.jpg")
    );
    // A page with no picture of the article has no lead image.
    let bare = format!(
        "<html><head><title>Bridge</title></head><body><header><img src=/masthead.jpg></header>\
         <nav><img src=/menu.jpg></nav><article><h1>Council votes on the bridge</h1>\
         <p>{para}</p><p>{para} Work starts in spring.</p></article></body></html>"
    );
    let a = gleaner::extract(bare.as_bytes(), &opts).unwrap();
    assert_eq!(a.image, None, "{:?}", a.images);
}

/// Links and images: made absolute against `<base href>` (itself relative to the
/// request's URL), only http/https, only from the article (not the logo, the sidebar's
/// thumbnail or a tracking pixel), the lead image first with its caption, a lazy image's
/// real address rather than its placeholder.
#[test]
fn links_and_images_are_absolute_and_from_the_article() {
    let page = common::read_fixture("links-images.html");
    let url = Some("https://valley.example.com/news/mill.html".to_string());
    let opts = Options::default().with_url(url.clone()).with_links(true);
    let a = gleaner::extract(&page, &opts).unwrap();
    let links: Vec<(&str, &str)> = a
        .links
        .iter()
        .map(|l| (l.text.as_str(), l.href.as_str()))
        .collect();
    assert_eq!(
        links,
        [
            (
                "old mill",
                "https://valley.example.com/stories/2024/mill-history.html"
            ),
            (
                "trust's published plan",
                "https://valley.example.com/trust/plan.pdf"
            ),
            (
                "council grant",
                "https://council.example.org/grants?id=7&y=2024"
            ),
        ]
    );
    let images: Vec<(&str, Option<&str>, Option<&str>)> = a
        .images
        .iter()
        .map(|i| (i.src.as_str(), i.alt.as_deref(), i.caption.as_deref()))
        .collect();
    assert_eq!(
        images,
        [
            (
                "https://valley.example.com/stories/media/lead.jpg",
                Some("The mill at dawn"),
                Some("The mill at dawn, before the work began.")
            ),
            (
                "https://valley.example.com/stories/2024/img/wheel.jpg",
                Some("The wheel"),
                None
            ),
        ]
    );
    // The Markdown links only with links=true; the `javascript:` link stays text.
    let md = gleaner::extract(&page, &opts.clone().with_format(gleaner::Format::Markdown))
        .unwrap()
        .markdown
        .unwrap();
    assert!(
        md.contains("[old mill](<https://valley.example.com/stories/2024/mill-history.html>)"),
        "{md}"
    );
    assert!(md.contains("lists the donors and"), "{md}");
    let plain = Options::default()
        .with_url(url)
        .with_format(gleaner::Format::Markdown);
    let b = gleaner::extract(&page, &plain).unwrap();
    // The list is always there; the markup only with links=true.
    assert_eq!(b.links, a.links);
    assert!(b
        .blocks
        .iter()
        .flat_map(|b| &b.spans)
        .all(|s| s.kind != gleaner::SpanKind::Link));
    assert!(!b.markdown.unwrap().contains("]("));
    // Without an address to resolve against, relative addresses cannot be made absolute
    // and are left out; the absolute one stays.
    let c = gleaner::extract(&page, &Options::default()).unwrap();
    assert!(c.images.is_empty(), "{:?}", c.images);
    assert!(
        c.blocks.iter().all(|b| b.spans.is_empty()),
        "no spans by default"
    );
    let hrefs: Vec<&str> = c.links.iter().map(|l| l.href.as_str()).collect();
    assert_eq!(hrefs, ["https://council.example.org/grants?id=7&y=2024"]);
}

/// Where pages put the writer's name beyond a byline's class: each made-up page names
/// the writer one way, with the traps of its kind around it.
#[test]
fn the_writer_is_read_where_pages_put_the_name() {
    let para = PARA;
    let authors = |body_class: &str, head: &str, tail: &str| {
        let html = format!(
            "<html><body class=\"{body_class}\"><main>{head}\
             <p>{para}</p><p>{para} Work starts in spring.</p><p>{para} It ends by winter.</p>\
             {tail}</main></body></html>"
        );
        gleaner::extract(html.as_bytes(), &Options::default())
            .unwrap()
            .authors
    };
    let h1 = "<h1>Council votes to rebuild the bridge</h1>";
    // A link to the writer's archive page, with no class that says byline.
    let archive = format!(
        "{h1}<div><span>By</span><div><a href=\"/author/jane-doe/\">Jane Doe</a></div></div>"
    );
    assert_eq!(authors("", &archive, ""), ["Jane Doe"]);
    // The page template's flags on <body> (`sidebar_on`, `ad`) are no chrome around it.
    assert_eq!(
        authors("permalink f_ad_on f_alerts_sidebar_on", &archive, ""),
        ["Jane Doe"]
    );
    // A wrapper whose class says `author` but which holds the headline and the
    // breadcrumb is the header, not a byline: the byline inside it names the writer.
    let wrapper = "<div class=\"article-author-ruler\"><ul><li><a href=\"/\">Home</a></li>\
                   <li><a href=\"/news\">Breaking News</a></li></ul>\
                   <h1>Bridge vote; Mayor Answers</h1>\
                   <div class=\"article-author\">By <a href=\"/author/jdoe/\">Jane Doe</a></div>";
    assert_eq!(authors("", wrapper, "</div>"), ["Jane Doe"]);
    // One word is a name when a byline's class and the archive link agree.
    let one = format!(
        "{h1}<div class=\"post-byline\"><a href=\"/author/paul/\">Paul</a> | May 2, 2024</div>"
    );
    assert_eq!(authors("", &one, ""), ["Paul"]);
    // The name is the archive link's own text: the section links after it in the same
    // byline are not names, and an archive link holding only a picture names no one.
    let tags = format!(
        "{h1}<div class=\"post-author\"><span>01.12.2022</span> / \
         <a href=\"/autor/newsdesk/\"><img src=\"d.png\" alt=\"\"></a> \
         <a href=\"/thema/solar/\">Solar</a>, <a href=\"/thema/wind/\">Wind</a></div>"
    );
    assert!(authors("", &tags, "").is_empty());
    let von =
        format!("{h1}<p class=\"byline\">by <a href=\"/author/walter/\">Walter von Aachen</a></p>");
    assert_eq!(authors("", &von, ""), ["Walter von Aachen"]);
    // HTML puts an article's author in the article's own <footer>; the page's footer
    // still names nobody.
    let own_footer = format!(
        "<article>{h1}<footer><p class=\"post-author\"><a rel=\"author\" href=\"/x\">Jane Doe</a></p></footer>\
         <p>{para}</p><p>{para} Then more.</p></article>"
    );
    assert_eq!(authors("", &own_footer, ""), ["Jane Doe"]);
    let page_footer = "<footer><p class=\"post-author\">Site Owner Name</p></footer>";
    assert!(authors("", h1, page_footer).is_empty());
    // Microdata gives the name in an attribute.
    let microdata = format!(
        "{h1}<span itemprop=\"author\" itemscope><link itemprop=\"url\" href=\"/c/x\">\
         <link itemprop=\"name\" content=\"Conference Recordings\"></span>"
    );
    assert_eq!(authors("", &microdata, ""), ["Conference Recordings"]);
    // `<nav class=post-by>` around an `itemprop=author`; a menu's item `By Position` is
    // no byline line.
    let nav = format!(
        "<nav><ul><li><a href=\"/rank\">By Position Rankings</a></li></ul></nav>{h1}\
         <nav class=\"post-by\"><a href=\"/india\">All India</a> Edited by \
         <span itemprop=\"author\"><span itemprop=\"name\">Swati Rao</span></span></nav>"
    );
    assert_eq!(authors("", &nav, ""), ["Swati Rao"]);
    // A list of the desk's writers after the article names none of them when the
    // article's line of text does.
    let desk = "<ul class=\"twitter-authors\"><h2>Follow us</h2><li class=\"desk-authors\">\
                Mark Desk <a href=\"https://twitter.com/md\">@md</a></li></ul>";
    let line = format!("{h1}<p>By Kate Line</p>");
    assert_eq!(authors("", &line, desk), ["Kate Line"]);
}

/// Text for screen readers only (`sr-only`, `visually-hidden`, `screen-reader-text`) is
/// not on the screen: a price said twice, an icon's label and a region's name stay out. In
/// a table cell it is what the cell says in words (the `Yes` of a check mark), and stays;
/// a class that shows it again (`focus:not-sr-only`) shows it.
#[test]
fn screen_reader_text_is_not_read_but_a_table_cell_keeps_its_words() {
    let para = PARA;
    let html = format!(
        "<html><body><article><h1>Plans compared</h1>\
         <h2 class=\"screen-reader-text\">Post navigation</h2>\
         <p>{para} The plan costs $20.00<span class=\"sr-only\">The plan costs $20.00</span> a month.</p>\
         <table><thead><tr><th>Feature</th><th>Basic</th><th>Plus</th></tr></thead><tbody>\
         <tr><td>Video sessions</td><td><i class=\"icon-check\"></i><span class=\"sr-only\">Yes</span></td>\
         <td><i class=\"icon-check\"></i><span class=\"visually-hidden\">Yes</span></td></tr>\
         <tr><td>Chat sessions</td><td><i class=\"icon-x\"></i><span class=\"sr-only\">No</span></td>\
         <td><i class=\"icon-check\"></i><span class=\"sr-only\">Yes</span></td></tr>\
         </tbody></table>\
         <p>{para} <a class=\"sr-only focus:not-sr-only\" href=\"#top\">Top of the page</a></p>\
         </article></body></html>"
    );
    let a = gleaner::extract(html.as_bytes(), &Options::default()).unwrap();
    assert_eq!(a.text.matches("$20.00").count(), 1, "{}", a.text);
    assert!(!a.text.contains("Post navigation"), "{}", a.text);
    let md = gleaner::render::markdown(&a);
    for row in [
        "| Video sessions | Yes | Yes |",
        "| Chat sessions | No | Yes |",
    ] {
        assert!(md.contains(row), "{row:?} not in\n{md}");
    }
    assert!(a.text.contains("Top of the page"), "{}", a.text);
}
