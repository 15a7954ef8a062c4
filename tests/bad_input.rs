//! Bad, huge and hostile input against the real server: every case gets a clear answer
//! (a 200 with a warning, or a 4xx problem), never a 5xx, and the server stays up.
//! `cargo test --test bad_input -- --nocapture` prints what each case got.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::Server;

fn article_text(prose: &str) -> String {
    format!("<html><body><article><h1>T</h1><p>{prose}</p><p>Another paragraph of prose, with commas, clauses, and a full stop.</p></article></body></html>")
}

#[test]
fn every_bad_input_gets_a_clear_answer() {
    let s = Server::start(&[]);
    let nested = "<div>".repeat(500_000) + "<p>Deep text, with a comma, and a full stop.</p>";
    let big_attr = format!(
        "<html><body><div data-x=\"{}\"></div>{}</body></html>",
        "a".repeat(5 << 20),
        article_text("A paragraph after a five megabyte attribute, with commas, and a full stop.")
    );
    let big_text = article_text(&"word, ".repeat(900_000));
    let unclosed = "<html><body><article><p>Never closed paragraph, with commas, clauses, and more text here.<div><span><p>Second one, also open, with commas, and a full stop.".to_string();
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa".to_vec();
    let nul = article_text(
        "Text with a NUL \u{0} byte, a bell \u{7} and an escape \u{1b}, in a sentence.",
    );
    let invalid_utf8 = {
        let mut b = article_text("Invalid bytes here: XX, in a sentence with commas, and a stop.")
            .into_bytes();
        let at = b.windows(2).position(|w| w == b"XX").unwrap();
        b[at] = 0xff;
        b[at + 1] = 0xc3;
        b
    };
    let cases: Vec<(&str, &str, Vec<u8>, u16, &str)> = vec![
        ("empty body", "text/html", vec![], 200, "no article"),
        ("binary (PNG) as HTML", "text/html", png, 200, "not a page"),
        (
            "NUL and control bytes",
            "text/html",
            nul.into_bytes(),
            200,
            "",
        ),
        (
            "invalid UTF-8 sequences",
            "text/html; charset=utf-8",
            invalid_utf8,
            200,
            "",
        ),
        (
            "bogus charset label",
            "text/html; charset=klingon",
            article_text("Hello there, prose, with commas, and more.").into_bytes(),
            200,
            "unknown charset label",
        ),
        (
            "tags never closed",
            "text/html",
            unclosed.into_bytes(),
            200,
            "",
        ),
        // lol_html tracks every open element: 500,000 of them pass its memory limit.
        (
            "500,000 nested elements",
            "text/html",
            nested.into_bytes(),
            413,
            "max_parser_memory",
        ),
        (
            "5 MB attribute",
            "text/html",
            big_attr.into_bytes(),
            200,
            "",
        ),
        (
            "5 MB single text node",
            "text/html",
            big_text.into_bytes(),
            200,
            "",
        ),
        (
            "malformed JSON",
            "application/json",
            b"{\"html\": ".to_vec(),
            400,
            "invalid_json",
        ),
        (
            "unknown JSON field",
            "application/json",
            b"{\"html\": \"x\", \"bogus\": true}".to_vec(),
            400,
            "invalid_json",
        ),
        (
            "invalid base64",
            "application/json",
            b"{\"html_base64\": \"%%%\"}".to_vec(),
            400,
            "invalid_base64",
        ),
        (
            "unsupported media type",
            "image/png",
            b"x".to_vec(),
            415,
            "unsupported_media_type",
        ),
    ];
    for (what, ct, body, status, expect) in cases {
        let t = std::time::Instant::now();
        let r = s.post("/v1/extract", ct, &body);
        let v = r.json();
        let said = if r.status == 200 {
            format!(
                "200, {} text chars, warnings {:?}",
                v["stats"]["text_chars"], v["warnings"]
            )
        } else {
            format!("{} {}", r.status, v["code"])
        };
        println!("{what:<28} -> {said} ({:?})", t.elapsed());
        assert_eq!(r.status, status, "{what}: {said}");
        if !expect.is_empty() {
            let blob = v.to_string();
            assert!(blob.contains(expect), "{what}: {blob:.300}");
        }
        if r.status == 200 {
            let text = v["text"].as_str().unwrap();
            assert!(
                !text
                    .chars()
                    .any(|c| c.is_control() && c != '\n' && c != '\t'),
                "{what}: control characters in the text"
            );
        }
    }
    for method in ["PUT", "DELETE", "PATCH"] {
        let r = s.request(
            &format!("{method} /v1/extract HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"),
            b"",
        );
        println!("{method:<28} -> {} {}", r.status, r.json()["code"]);
        assert_eq!(r.status, 405);
    }
    assert_eq!(s.get("/livez").status, 200, "the server is still up");
}

#[test]
fn nul_bytes_are_not_in_the_text() {
    let page = article_text(
        "Text with a NUL \u{0} byte, a bell \u{7} and an escape \u{1b}, in a sentence.",
    );
    let a = gleaner::extract(page.as_bytes(), &gleaner::Options::default()).unwrap();
    assert!(
        a.text
            .contains("Text with a NUL byte, a bell and an escape , in a sentence."),
        "{}",
        a.text
    );
}

/// Known XSS vectors, as markup and as escaped text: the `html` output has no attribute,
/// no script, handler, frame, form or SVG; only the elements gleaner itself writes.
#[test]
fn html_output_is_safe_against_xss_vectors() {
    // Vectors that leave an element open (`<math>`, `<svg>`) swallow what follows them, as
    // in a browser: they come last so the others are all seen.
    let vectors = [
        "&lt;script&gt;alert(1)&lt;/script&gt; as text, with commas, in prose",
        "&lt;img src=x onerror=alert(1)&gt; also as text, in a sentence",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">click me, a link in a paragraph</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data link</a>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<form action=\"javascript:alert(1)\"><input type=submit></form>",
        "<body onload=alert(1)>",
        "<div style=\"background:url(javascript:alert(1))\">styled</div>",
        "<p onclick=\"alert(1)\">click handler on a paragraph of prose, with commas, and more.</p>",
        "<svg onload=alert(1)><script>alert(1)</script></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    ];
    let body: String = vectors
        .iter()
        .map(|v| format!("<p>Paragraph of prose, with commas, and a vector: {v} and more words after it.</p>"))
        .collect();
    let page = format!("<html><head><title>XSS</title></head><body><article><h1>XSS</h1>{body}</article></body></html>");
    let a = gleaner::extract(
        page.as_bytes(),
        &gleaner::Options::default().with_format(gleaner::Format::Html),
    )
    .unwrap();
    let html = a.html.unwrap();
    assert!(
        html.contains("&lt;script&gt;"),
        "escaped text kept as text: {html}"
    );
    // Exactly the elements gleaner writes, each without attributes (the `class` of a table
    // cell's paragraph is removed by the sanitizer): nothing of the page's markup.
    let ours: Vec<&str> = "article h1 h2 h3 h4 h5 h6 p ul li blockquote pre figcaption"
        .split(' ')
        .collect();
    let tag = regex::Regex::new(r"<[^>]*>").unwrap();
    for m in tag.find_iter(&html) {
        let t = m.as_str();
        let name = t
            .trim_start_matches('<')
            .trim_start_matches('/')
            .trim_end_matches('>');
        assert!(ours.contains(&name), "unexpected markup {t} in {html}");
    }
    // Handlers (`onerror=`...) may only appear inside escaped text: the loop above shows
    // no tag carries an attribute.
    for bad in [
        "<script", "<img", "<iframe", "<svg", "<form", "<math", "<a ",
    ] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
}

/// Metadata from hostile head tags: `url` and `image` are http(s) only, and the text
/// fields hold no markup.
#[test]
fn metadata_urls_are_web_urls_and_text_fields_hold_no_markup() {
    let page = format!(
        "<html><head><title>&lt;script&gt;alert(1)&lt;/script&gt;The headline</title>\
         <link rel=canonical href=\"javascript:alert(1)\">\
         <meta property=og:image content=\"javascript:alert(2)\">\
         <meta name=author content=\"<b>Jane Doe</b>\">\
         <meta property=og:site_name content=\"<img src=x onerror=alert(3)>The Daily\">\
         </head><body><article><h1>The headline</h1>{}</article></body></html>",
        "<p>A paragraph of the article, with commas, clauses, and a full stop at its end.</p>"
            .repeat(3)
    );
    let opts = gleaner::Options::default().with_url(Some("https://example.com/a/b.html".into()));
    let a = gleaner::extract(page.as_bytes(), &opts).unwrap();
    assert_eq!(a.url.as_deref(), Some("https://example.com/a/b.html"));
    assert_eq!(a.image, None);
    assert_eq!(a.title.as_deref(), Some("The headline"));
    assert_eq!(a.authors, ["Jane Doe"]);
    assert_eq!(a.site_name.as_deref(), Some("The Daily"));
    let page = page.replace("javascript:alert(2)", "../img/lead.jpg");
    let a = gleaner::extract(page.as_bytes(), &opts).unwrap();
    assert_eq!(a.image.as_deref(), Some("https://example.com/img/lead.jpg"));
}

/// Addresses in attributes are read as a browser reads them: entities decoded before
/// any check, in `<link rel=canonical>` and `<base>` as everywhere else.
#[test]
fn addresses_have_their_entities_decoded_before_they_are_checked() {
    let page = |head: &str| {
        format!(
            "<html><head><title>The headline</title>{head}</head><body><article>\
             <h1>The headline</h1>{}<p><a href=\"pic.html\">A link</a> in a paragraph, \
             with commas, clauses, and a full stop at its end.</p></article></body></html>",
            "<p>A paragraph of the article, with commas, clauses, and a full stop.</p>".repeat(3)
        )
    };
    let bare = gleaner::Options::default();
    // Without a base an address that is not a web address is not returned as `url`.
    for hostile in ["jav&#x61;script:alert(1)", "javascript&colon;alert(1)"] {
        let p = page(&format!("<link rel=canonical href=\"{hostile}\">"));
        let a = gleaner::extract(p.as_bytes(), &bare).unwrap();
        assert_eq!(a.url, None, "{hostile}");
    }
    let p = page("<link rel=canonical href=\"https://example.com/a?x=1&amp;y=2\">");
    let a = gleaner::extract(p.as_bytes(), &bare).unwrap();
    assert_eq!(a.url.as_deref(), Some("https://example.com/a?x=1&y=2"));
    // `<base>` too: its entities decoded, links resolve against the decoded address.
    let p = page("<base href=\"https://example.com/d&#x69;r/\">");
    let opts = gleaner::Options::default().with_links(true);
    let a = gleaner::extract(p.as_bytes(), &opts).unwrap();
    let hrefs: Vec<&str> = a
        .blocks
        .iter()
        .flat_map(|b| &b.spans)
        .filter_map(|s| s.href.as_deref())
        .collect();
    assert_eq!(hrefs, ["https://example.com/dir/pic.html"]);
}

/// Binary bodies sent as a page (an image, a PDF, gzip bytes without Content-Encoding,
/// random bytes): the documented empty article with a warning naming what came, not
/// garbage text in some guessed language.
#[test]
fn binary_bodies_are_an_empty_article_with_a_warning() {
    let s = Server::start(&[]);
    let mut x: u32 = 2_463_534_242;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(
        &mut gz,
        article_text("Prose, with commas, and words.").as_bytes(),
    )
    .unwrap();
    let bodies = [
        ("PNG", [b"\x89PNG\r\n\x1a\n".as_slice(), &noise].concat()),
        ("PDF", [b"%PDF-1.4\n".as_slice(), &noise].concat()),
        ("gzip", gz.finish().unwrap()),
        ("binary data", noise.clone()),
    ];
    for (kind, body) in bodies {
        let r = s.post("/v1/extract", "text/html", &body);
        assert_eq!(r.status, 200, "{kind}");
        let a = r.json();
        assert_eq!(a["text"], "", "{kind}");
        assert!(a["lang"].is_null(), "{kind}: {}", a["lang"]);
        let warning = a["warnings"][0].as_str().unwrap_or_default().to_string();
        assert!(
            warning.contains(kind) && warning.contains("not a page"),
            "{kind}: {warning}"
        );
        // The fields asked for are there, empty, as for any page.
        for (query, field) in [
            ("format=markdown", "markdown"),
            ("format=html", "html"),
            ("explain=true", "removed"),
        ] {
            let r = s.post(&format!("/v1/extract?{query}"), "text/html", &body);
            let a = r.json();
            assert!(!a[field].is_null(), "{kind}: {field} missing with {query}");
        }
    }
}

/// A request head of 1 MiB (one huge header) is a 431, read by the client, not a
/// connection closed without an answer.
#[test]
fn a_huge_header_is_431() {
    use std::io::Write;
    let s = Server::start(&[]);
    let mut c = std::net::TcpStream::connect(&s.addr).unwrap();
    c.set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    let head = format!(
        "POST /v1/extract HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello",
        "a".repeat(1 << 20)
    );
    // The server may answer and close before it read it all.
    let _ = c.write_all(head.as_bytes());
    let r = common::read_response(c);
    assert_eq!(r.status, 431);
    assert_eq!(s.get("/livez").status, 200, "the server is still up");
}

/// The page's memory account (`max_page_memory`): past it, menu lines (short, all link
/// text) are dropped as they come, so a page of endless navigation around an article
/// still gives the article; a page of nothing but tiny text blocks is cut off with a
/// warning instead of taking gigabytes.
#[test]
fn the_page_memory_budget_drops_menus_then_cuts_off() {
    let limits = gleaner::Limits::default().with_max_page_memory(256 * 1024);
    let opts = gleaner::Options::default().with_limits(limits);
    let nav: String = (0..20)
        .map(|i| format!("<li><a href=/p/{i}>link {i}</a></li>"))
        .collect();
    let nav = format!("<div class=nav><ul>{nav}</ul></div>\n").repeat(2000);
    let prose =
        "<p>A paragraph of the article, with a comma, clauses, and a full stop at its end.</p>";
    let article = format!(
        "<article><h1>The headline</h1>{}</article>",
        prose.repeat(4)
    );
    let page = format!(
        "<html><head><title>The headline</title></head><body>{nav}{article}{nav}</body></html>"
    );
    let a = gleaner::extract(page.as_bytes(), &opts).unwrap();
    assert_eq!(a.blocks.len(), 4, "{:?}", a.warnings);
    assert!(a.text.starts_with("A paragraph of the article"));
    assert!(
        a.warnings.iter().any(|w| w.contains("menu lines")),
        "{:?}",
        a.warnings
    );
    // The same page under the default budget: the same article, no warning.
    let b = gleaner::extract(page.as_bytes(), &gleaner::Options::default()).unwrap();
    assert_eq!(a.text, b.text);
    assert!(b.warnings.is_empty(), "{:?}", b.warnings);

    let tiny = format!("<html><body>{}</body></html>", "a<br>".repeat(200_000));
    let a = gleaner::extract(tiny.as_bytes(), &opts).unwrap();
    assert!(
        a.warnings.iter().any(|w| w.contains("max_page_memory")),
        "{:?}",
        a.warnings
    );
}

/// A paragraph of twenty thousand links, and emphasis around each: every link comes back,
/// in order, with its text (the character offsets are computed in one pass over the text:
/// per span they made this page quadratic).
#[test]
fn a_paragraph_of_many_links_and_spans_keeps_them_all() {
    let body: String = (0..20_000)
        .map(|i| format!("<em><a href=\"/p/{i}\">link {i}</a></em> and words, "))
        .collect();
    let page = format!("<html><body><article><p>{body}</p></article></body></html>");
    let opts = gleaner::Options::default()
        .with_url(Some("https://example.org/a/".into()))
        .with_format(gleaner::Format::Markdown)
        .with_links(true);
    let a = gleaner::extract(page.as_bytes(), &opts).unwrap();
    assert_eq!(a.links.len(), 20_000);
    assert_eq!(a.links[19_999].text, "link 19999");
    assert_eq!(a.links[19_999].href, "https://example.org/p/19999");
    let md = a.markdown.unwrap();
    // Equal spans nest as they closed: the inner element's first, so it is the outer one.
    assert!(
        md.contains("[*link 7*](<https://example.org/p/7>) and words"),
        "{}",
        &md[..300]
    );
}

/// A caller's `url` that is not an absolute http(s) address is said in a warning and is
/// neither the article's `url` nor a base for its links; a good one is both.
#[test]
fn a_url_that_is_no_web_address_is_warned_about_not_used() {
    let page = "<html><body><article><h1>T</h1><p><a href=\"b.html\">A link</a> in a \
                paragraph, with commas, clauses, and a full stop at its end.</p></article></body></html>";
    for bad in [
        "notaurl",
        "ftp://example.com/a",
        "/a/b.html",
        "javascript:alert(1)",
    ] {
        let opts = gleaner::Options::default().with_url(Some(bad.into()));
        let a = gleaner::extract(page.as_bytes(), &opts).unwrap();
        assert_eq!(a.url, None, "{bad}");
        assert!(
            a.warnings
                .iter()
                .any(|w| w.contains("not an absolute http(s) address")),
            "{bad}: {:?}",
            a.warnings
        );
    }
    let opts = gleaner::Options::default().with_url(Some("https://example.com/a/".into()));
    let a = gleaner::extract(page.as_bytes(), &opts).unwrap();
    assert_eq!(a.url.as_deref(), Some("https://example.com/a/"));
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
}
