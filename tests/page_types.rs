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

/// A SaaS landing page: its content is spread over sections, none of which is an article.
fn landing_page() -> String {
    let section = |h: &str, p: &str| {
        format!(
            "<section><h2>{h}</h2><p>{p}</p><a class=btn href=/signup>Get started</a></section>"
        )
    };
    format!(
        "<html><head><title>Tasky: plan your week</title></head><body>\
         <header><nav><a href=/>Tasky</a> <a href=/pricing>Pricing</a> <a href=/login>Log in</a></nav></header>\
         <main><div class=site-nav><a href=/a>Product</a> <span>Teams</span> <a href=/c>Customers</a></div>\
         <section class=hero><h1>Plan your week in minutes</h1><p>Tasky turns scattered notes into one calm list.</p>\
         <a href=/signup>Start for free</a></section>{}{}{}\
         <section><h2>Loved by teams</h2><blockquote>It replaced three tools for us.</blockquote><p>Dana, operations lead</p></section>\
         <section><h2>Questions</h2><h3>Is there a free plan?</h3><p>Yes, for up to five projects.</p></section></main>\
         <footer><p>© 2026 Tasky Inc. All rights reserved.</p><a href=/terms>Terms</a></footer></body></html>",
        section("Capture anything", "Type a task the way you think it and Tasky files it."),
        section("Focus on today", "See only what matters now, and nothing else."),
        section("Share with your team", "Give everyone one place for the work they share.")
    )
}

#[test]
fn a_service_page_keeps_every_section_and_drops_its_buttons() {
    let a = extract_as(&landing_page(), PageTypeChoice::Service);
    for want in [
        "Tasky turns scattered notes",
        "Capture anything",
        "Type a task the way you think",
        "See only what matters now",
        "Give everyone one place",
        "It replaced three tools",
        "Is there a free plan?",
        "Yes, for up to five projects.",
    ] {
        assert!(a.text.contains(want), "{want:?} missing from {:?}", a.text);
    }
    for chrome in [
        "Get started",
        "Start for free",
        "Pricing",
        "All rights reserved",
        "Terms",
    ] {
        assert!(!a.text.contains(chrome), "{chrome:?} kept in {:?}", a.text);
    }
}

/// A category page: a grid of product cards between a filter sidebar and pagination.
fn category_page() -> String {
    let card = |n: u32| {
        format!(
            "<li class=product-card><a href=/p/{n}><img src=/i/{n}.jpg alt=''></a>\
             <h3 class=title><a href=/p/{n}>Oak side table, model {n}</a></h3>\
             <p class=price>${n}9.00</p><p class=rating>4.{n} out of 5 stars</p>\
             <button>Add to cart</button></li>"
        )
    };
    let cards: String = (1..=6).map(card).collect();
    format!(
        "<html><head><title>Side tables | Woodshop</title></head><body>\
         <nav><a href=/>Home</a> <a href=/tables>Tables</a></nav>\
         <aside class=filters><h2>Filter</h2><form><label><input type=checkbox> Oak (12)</label>\
         <label><input type=checkbox> Walnut (4)</label></form></aside>\
         <main><h1>Side tables</h1><p>Small tables for beside the sofa or the bed.</p>\
         <div class=toolbar><span>Sort by</span><select><option>Price</option></select></div>\
         <ul class=grid>{cards}</ul>\
         <div class=pagination><a href=?page=1>1</a> <a href=?page=2>2</a> <a href=?page=2>Next</a></div></main>\
         <footer><p>Woodshop, 12 Mill Lane.</p></footer></body></html>"
    )
}

#[test]
fn a_collection_keeps_every_card_and_drops_filters_sorting_and_pages() {
    let a = extract_as(&category_page(), PageTypeChoice::Collection);
    for n in 1..=6 {
        assert!(
            a.text.contains(&format!("Oak side table, model {n}")),
            "{:?}",
            a.text
        );
        assert!(a.text.contains(&format!("${n}9.00")), "{:?}", a.text);
    }
    assert!(a.text.contains("Small tables for beside the sofa"));
    for chrome in [
        "Oak (12)",
        "Walnut",
        "Sort by",
        "Next",
        "Woodshop, 12 Mill Lane",
    ] {
        assert!(!a.text.contains(chrome), "{chrome:?} kept in {:?}", a.text);
    }
}

/// A thread: three posts with their author lines, a signature, a quote of the first post,
/// profile lines and post controls.
fn thread_page() -> String {
    let post = |who: &str, when: &str, body: &str| {
        format!(
            "<article class=message><div class=message-user><h4>{who}</h4><dl><dt>Joined</dt><dd>Mar 3, 2019</dd></dl>\
             <dl><dt>Reaction score</dt><dd>{}</dd></dl>\
             <p>Messages: 1,204</p><p>Well-known member</p></div><div class=message-main><time>{when}</time>\
             <div class=message-body>{body}</div><div class=signature>My rig: a very old laptop and a kettle.</div>\
             <div class=actions><a href=#r>Reply</a> <a href=#q>Quote</a> <a href=#x>Report</a></div></div></article>",
            // The writer's reaction score: a bare number in the user box.
            who.len() * 7
        )
    };
    format!(
        "<html><head><title>Kettle keeps tripping the breaker? | Home Forum</title></head><body>\
         <header><nav><a href=/>Forums</a> <a href=/new>New posts</a></nav></header>\
         <main><h1>Kettle keeps tripping the breaker?</h1>{}{}{}\
         <h3>Similar threads</h3><ul><li><a href=/t/1>Toaster trips the breaker</a></li><li><a href=/t/2>Oven fuse blew</a></li></ul>\
         </main></body></html>",
        post("kettlefan", "Jan 2, 2026", "<p>Every time I boil water the breaker in the kitchen trips. Is the kettle broken?</p>"),
        post("sparky", "Jan 2, 2026", "<blockquote>kettlefan said: Every time I boil water the breaker in the kitchen trips. Is the kettle broken?</blockquote>\
              <p>Probably a leak to earth in the element; try it on another circuit first.</p>"),
        post("kettlefan", "Jan 3, 2026", "<p>It trips on the other circuit too, so the kettle it is. Thanks!</p>")
    )
}

#[test]
fn a_forum_keeps_every_post_with_its_author_and_drops_signatures_quotes_and_controls() {
    let a = extract_as(&thread_page(), PageTypeChoice::Forum);
    // Posts are sections: each with its author, set apart in the Markdown.
    let groups: Vec<Option<u32>> = a.blocks.iter().map(|b| b.group).collect();
    assert_eq!(
        groups,
        [Some(1), Some(1), Some(2), Some(2), Some(3), Some(3)],
        "{:?}",
        a.blocks
    );
    let md = gleaner::render::markdown(&a);
    assert_eq!(md.matches("\n* * *\n").count(), 2, "{md}");
    for want in [
        "kettlefan\n",
        "sparky\n",
        "Every time I boil water",
        "Probably a leak to earth",
        "It trips on the other circuit too",
    ] {
        assert!(a.text.contains(want), "{want:?} missing from {:?}", a.text);
    }
    assert_eq!(
        a.text.matches("Every time I boil water").count(),
        1,
        "{:?}",
        a.text
    );
    // The writers' reaction scores (a bare number each) are not text of the thread.
    for votes in ["63", "42"] {
        assert!(
            !a.text.lines().any(|l| l == votes),
            "reaction score {votes} kept in {:?}",
            a.text
        );
    }
    for chrome in [
        "My rig",
        "Messages: 1,204",
        "Well-known member",
        "Reply",
        "Report",
        "Toaster trips the breaker",
    ] {
        assert!(!a.text.contains(chrome), "{chrome:?} kept in {:?}", a.text);
    }
}

#[test]
fn link_lists_that_are_the_articles_own_stay() {
    let toc = "<ol><li><a href=#method>Method</a></li><li><a href=#results>Results</a></li></ol>";
    let refs = "<ol><li><a href=/doi/1>Smith, J. (2019). Heating and incomes. Journal of Homes, 4(2), pp. 1-9.</a></li>\
                <li><a href=/doi/2>Roe, A. et al. (2021). Winter costs, revisited. doi:10.1000/182</a></li></ol>";
    let rows: String = (1..=4)
        .map(|n| format!("<tr><td><a href=/lib/{n}>library-{n}</a></td><td><a href=/v/{n}>1.{n}.0</a></td></tr>"))
        .collect();
    let page = format!(
        "<html><body><nav><ul><li><a href=/>Home</a></li><li><a href=/news>News</a></li><li><a href=/about>About</a></li></ul></nav>\
         <article><h1>Costs</h1><p>{PROSE}</p>{toc}<h2 id=method>Method</h2><p>{PROSE} Method.</p>\
         <table><tr><th>Library</th><th>Version</th></tr>{rows}</table>\
         <h2 id=results>Results</h2><p>{PROSE} Results.</p><h2>References</h2>{refs}</article></body></html>"
    );
    let a = extract(&page);
    // The table of contents is structure: in the blocks (and the Markdown), not in the
    // text, which the headings already say.
    let contents: Vec<&str> = a
        .blocks
        .iter()
        .filter(|b| b.contents)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(contents, ["Method", "Results"]);
    assert!(!a.text.starts_with("Method"));
    assert_eq!(
        a.text.matches("Method").count(),
        2,
        "the heading and the last paragraph: {:?}",
        a.text
    );
    // Numbered references and a table of links are the article's.
    assert!(a.text.contains("Heating and incomes"), "{:?}", a.text);
    assert!(a.text.contains("doi:10.1000/182"));
    assert!(a.text.contains("library-3\n1.3.0"), "{:?}", a.text);
    // Navigation stays out.
    assert!(!a.text.contains("About"));
}

#[test]
fn a_line_break_inside_preformatted_text_is_one_code_block() {
    let page = format!(
        "<html><body><article><h1>Costs</h1><p>{PROSE}</p><pre>let a = 1;<br>let b = 2;</pre><p>{PROSE}</p></article></body></html>"
    );
    let a = extract(&page);
    let code: Vec<&str> = a
        .blocks
        .iter()
        .filter(|b| b.kind == gleaner::BlockKind::Code)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(code, ["let a = 1;\nlet b = 2;"]);
}

#[test]
fn an_app_shell_gives_nothing_rather_than_its_widgets() {
    // The content is rendered by scripts; the HTML shows a widget's lines only.
    let script = format!(
        "<script>window.__DATA__ = {{\"items\": \"{}\"}};</script>",
        "x".repeat(80_000)
    );
    let shell = format!(
        "<html><head><title>Top 250 films</title>{script}</head><body><div id=root></div>\
         <main><h2>Recently viewed</h2><p>You have no recently viewed pages</p></main></body></html>"
    );
    let a = extract(&shell);
    assert!(a.text.is_empty(), "{:?}", a.text);
    assert!(
        a.warnings.iter().any(|w| w.contains("app shell")),
        "{:?}",
        a.warnings
    );
    // The same lines on a page without the scripts are what the page has: kept.
    let plain = shell.replace(&script, "");
    assert!(extract(&plain).text.contains("recently viewed"));
    // A page that renders with scripts but whose HTML holds its text is no shell.
    let rendered = shell.replace(
        "<p>You have no recently viewed pages</p>",
        &format!("<p>{PROSE}</p>"),
    );
    assert!(extract(&rendered).text.contains("The survey covered"));
}

#[test]
fn a_page_hidden_until_its_scripts_run_is_read_but_a_hidden_menu_is_not() {
    // Anti-flicker: the whole page is `visibility:hidden` until a script shows it.
    let page = format!(
        "<html><body><div id=__next><div style=\"visibility:hidden;min-height:100vh\"><article><h1>Costs</h1>\
         <p>{PROSE}</p><div><div><ul><li style=\"visibility: hidden\">Dropdown entry</li></ul></div></div>\
         <p>{PROSE} Again.</p></article></div></div></body></html>"
    );
    let a = extract(&page);
    assert!(a.text.starts_with("The survey covered"), "{:?}", a.warnings);
    assert!(!a.text.contains("Dropdown entry"));
}

#[test]
fn an_article_split_over_deep_sibling_containers_is_read_whole() {
    // A page builder's article: a block per part, each part's paragraphs seven levels
    // down, too deep for their scores to meet in one container; the first part is long,
    // the others short.
    let part = |n: u32, k: u32| {
        let ps: String = (0..k)
            .map(|j| format!("<p>{PROSE} Part {n}, paragraph {j}.</p>"))
            .collect();
        format!(
            "<div class=block><section><div><div><div><div><h2>Step {n}</h2>{ps}</div></div></div></div></section></div>"
        )
    };
    let parts: String = std::iter::once(part(1, 8))
        .chain((2..=5).map(|n| part(n, 2)))
        .collect();
    let page = format!(
        "<html><body><nav><a href=/>Home</a></nav><main><article><h1>Costs</h1>{parts}\
         <div class=share-bar><a href=/s>Share this story</a></div></article></main>\
         <footer><p>Contact us, any time, at the office.</p></footer></body></html>"
    );
    let a = extract(&page);
    for n in 1..=5 {
        assert!(
            a.text.contains(&format!("Part {n}, paragraph 1.")),
            "part {n}: {:?}",
            a.text
        );
        assert!(a.text.contains(&format!("Step {n}")), "{:?}", a.text);
    }
    assert!(!a.text.contains("Share this story"));
    assert!(!a.text.contains("Contact us"));
}

/// A shop's recommendations under a heading of their own ("Customers who bought this item
/// also bought", "Frequently bought together") are not the product's content: the box
/// goes, the description and specifications stay. (A page of no dataset, made here.)
#[test]
fn a_product_page_drops_the_shops_recommendation_boxes() {
    let card = |n: u32| {
        format!(
            "<div class=tile><a href=/p/{n}><img src=/i/{n}.jpg alt=''><span>Trail mug model {n} in enamel</span></a><span class=price>${n}.99</span></div>"
        )
    };
    let cards: String = (1..=6).map(card).collect();
    for heading in [
        "Customers who bought this item also bought",
        "Frequently bought together",
        "Kunden kauften auch",
    ] {
        let page = format!(
            "<html><body><main><h1>Enamel camp kettle, 1.2 litres</h1>\
             <p>A kettle for the trail: enamelled steel that takes an open flame, a folding \
             handle that stays cool, and a spout that pours without dripping.</p>\
             <table><tr><th>Capacity</th><td>1.2 l</td></tr><tr><th>Weight</th><td>410 g</td></tr></table>\
             <section><h2>{heading}</h2>{cards}</section></main></body></html>"
        );
        let a = extract_as(&page, PageTypeChoice::Product);
        assert!(a.text.contains("open flame"), "{heading}: {}", a.text);
        assert!(a.text.contains("410 g"), "{heading}: {}", a.text);
        assert!(!a.text.contains("Trail mug"), "{heading}: {}", a.text);
    }
}

/// A question-and-answer thread in no dataset's markup: each post carries its writer's
/// reputation and badge counts run together, and `Share` / `Improve this answer` /
/// `Add a comment` controls. The posts stay, with a sentence that speaks of badges; the
/// counts and the controls go.
#[test]
fn a_qa_thread_drops_badge_counts_and_answer_controls() {
    let post = |kind: &str, body: &str, who: &str, rep: &str| {
        format!(
            "<div class=\"post {kind}\"><div class=post-text>{body}</div>\
             <div class=post-menu><a href=#s>Share</a><a href=#e>Improve this {kind}</a><a href=#f>Follow</a></div>\
             <div class=user-card><a href=/u/{who}>{who}</a><div class=user-stats>{rep}</div></div>\
             <div class=comments><a href=#c>Add a comment</a> |</div></div>"
        )
    };
    let page = format!(
        "<html><head><title>Why does my sourdough collapse? - Baking Q&amp;A</title></head><body>\
         <main><h1>Why does my sourdough collapse?</h1>{}{}{}</main></body></html>",
        post("question", "<p>My loaf rises well and then collapses in the oven. The starter is a week old.</p>", "breadhead", "1,2043 silver badges12 bronze badges"),
        post("answer", "<p>A week-old starter is usually too weak; feed it twice a day for another week before baking.</p>", "millerj", "48.1k7 gold badges88 silver badges140 bronze badges"),
        post("answer", "<p>Also shorten the final proof. I earned 3 gold badges on this site answering just that.</p>", "crumb", "9 bronze badges"),
    );
    let a = extract_as(&page, PageTypeChoice::Forum);
    for want in [
        "collapses in the oven",
        "feed it twice a day",
        "I earned 3 gold badges on this site",
    ] {
        assert!(a.text.contains(want), "{want:?} missing from {:?}", a.text);
    }
    for chrome in [
        "silver badges",
        "9 bronze badges",
        "Improve this answer",
        "Improve this question",
        "Add a comment",
    ] {
        assert!(!a.text.contains(chrome), "{chrome:?} kept in {:?}", a.text);
    }
}

/// The same shop grid with a `Compare` control on every card: the control goes, the cards
/// and a sentence that uses the word stay.
#[test]
fn a_collections_compare_controls_go() {
    let page = category_page()
        .replace(
            "<button>Add to cart</button>",
            "<label class=compare><input type=checkbox> Compare</label><button>Add to cart</button>",
        )
        .replace(
            "Small tables for beside the sofa or the bed.",
            "Small tables for beside the sofa or the bed. Compare the woods before you choose.",
        );
    let a = extract_as(&page, PageTypeChoice::Collection);
    for n in 1..=6 {
        assert!(
            a.text.contains(&format!("Oak side table, model {n}")),
            "{:?}",
            a.text
        );
    }
    assert!(a.text.contains("Compare the woods"), "{:?}", a.text);
    assert!(
        !a.text.lines().any(|l| l.trim() == "Compare"),
        "{:?}",
        a.text
    );
}
