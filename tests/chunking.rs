//! Chunk-size invariance: any split of the input gives the same Article
//! (lol_html hands text over in arbitrary fragments; charset sniffing holds a prefix).
//! The random seed is printed; rerun with GLEANER_TEST_SEED=<seed> to reproduce.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use gleaner::{Article, Extractor, Limits, Options};

fn strip_volatile(mut a: Article) -> Article {
    a.stats.elapsed_us = 0;
    a.stats.busy_us = 0;
    a
}

fn split_run(bytes: &[u8], opts: &Options, rng: &mut common::Rng, max_piece: u64) -> Article {
    let mut ex = Extractor::new(opts);
    let mut rest = bytes;
    while !rest.is_empty() {
        let n = (1 + rng.below(max_piece)) as usize;
        let (a, b) = rest.split_at(n.min(rest.len()));
        ex.write(a).unwrap();
        rest = b;
    }
    strip_volatile(ex.finish().unwrap())
}

fn pages() -> Vec<(&'static str, Vec<u8>)> {
    let mut v = vec![
        ("seed utf8", common::read_fixture("seed/utf8.html")),
        ("seed gbk", common::read_fixture("seed/gbk-gb2312.html")),
        (
            "seed gbk unlabelled",
            common::read_fixture("seed/gbk-nolabel.html"),
        ),
        ("english", common::read_fixture("english.html")),
    ];
    // A page of entities, comments and a long text node, where chunks split everything.
    let mut tricky = String::from(
        "<html><head><title>T &amp; t</title></head><body><article><h1>T &amp; t</h1>",
    );
    for i in 0..50 {
        tricky.push_str(&format!(
            "<p>Para {i}: caf&eacute; &#x5B66; &lt;tag&gt; <!-- note --> <b>bold</b><i>it</i> text, more text, and more words here.</p>"
        ));
    }
    tricky.push_str("<script>var x = '</p><p>not text';</script></article></body></html>");
    v.push(("tricky", tricky.into_bytes()));
    v
}

#[test]
fn any_split_gives_the_same_article() {
    let mut rng = common::Rng::from_env();
    for (name, bytes) in pages() {
        let opts = Options::default().with_explain(true);
        let whole = strip_volatile(gleaner::extract(&bytes, &opts).unwrap());
        assert!(!whole.text.is_empty(), "{name}: no text at all");
        for max_piece in [1u64, 3, 7, 64, 1000] {
            let split = split_run(&bytes, &opts, &mut rng, max_piece);
            assert_eq!(
                split, whole,
                "{name}: pieces of at most {max_piece} bytes changed the article"
            );
        }
    }
}

/// `page` with a comment of `pad` bytes right after its `<head>`'s end: past the sniff
/// window, so that the chunks after the window reach lol_html as they are cut.
fn padded(page: &[u8], pad: usize) -> Vec<u8> {
    let at = page
        .windows(7)
        .position(|w| w.eq_ignore_ascii_case(b"</head>"))
        .map_or(0, |i| i + 7);
    let mut out = page[..at].to_vec();
    out.extend_from_slice(b"<!--");
    out.extend(std::iter::repeat_n(b'-', pad));
    out.extend_from_slice(b"-->");
    out.extend_from_slice(&page[at..]);
    out
}

/// A byline whose text runs past the byline cap: one piece or byte by byte, the same
/// authors come out (the cap keeps a prefix, it does not leave a piece out whole).
fn long_byline_page() -> Vec<u8> {
    let mut page = String::from(
        "<html><head><title>Bridge</title></head><body><article><h1>Bridge</h1><p class=\"byline\">",
    );
    // 388 bytes before the first name: the byline cap (400) falls inside "Paul Smith".
    for i in 0..10 {
        page.push_str(&format!("Reporting {i} from the riverside wards. "));
    }
    page.push_str("Also at By <a rel=\"author\" href=\"/p/ps\">Paul Smith</a> and <a rel=\"author\" href=\"/p/jd\">Jane Doe</a></p>");
    for i in 0..8 {
        page.push_str(&format!(
            "<p>Paragraph {i}: the council met on Tuesday and voted for the new bridge, which will open next spring.</p>"
        ));
    }
    page.push_str("</article></body></html>");
    page.into_bytes()
}

/// Pages past the sniff window, and pages read with a small window, really give lol_html
/// their pieces: every split gives the article of the whole (the pages of [`pages`] are
/// under the 64 KiB window, where the split stops at the charset decision).
#[test]
fn splits_that_reach_the_parser_give_the_same_article() {
    let mut rng = common::Rng::from_env();
    let mut all = pages();
    all.push(("long byline", long_byline_page()));
    for (name, bytes) in all {
        let big = padded(&bytes, 70_000);
        let small_window = Options::default()
            .with_explain(true)
            .with_limits(Limits::default().with_sniff_bytes(512));
        let cases = [
            (
                "past the window",
                big,
                Options::default().with_explain(true),
            ),
            ("a 512-byte window", bytes.clone(), small_window),
        ];
        for (how, bytes, opts) in cases {
            let whole = strip_volatile(gleaner::extract(&bytes, &opts).unwrap());
            assert!(!whole.text.is_empty(), "{name}, {how}: no text at all");
            for max_piece in [1u64, 5, 300] {
                let split = split_run(&bytes, &opts, &mut rng, max_piece);
                assert_eq!(
                    split, whole,
                    "{name}, {how}: pieces of at most {max_piece} bytes changed the article"
                );
            }
        }
    }
}

#[test]
fn a_small_sniff_window_still_gives_the_same_article() {
    // With a 16-byte sniff window the charset is decided long before the <meta>;
    // the UTF-8 page must not change, whatever the split.
    let bytes = common::read_fixture("seed/utf8.html");
    let mut rng = common::Rng::from_env();
    let opts = Options::default().with_limits(Limits::default().with_sniff_bytes(16));
    let whole = strip_volatile(gleaner::extract(&bytes, &opts).unwrap());
    let split = split_run(&bytes, &opts, &mut rng, 5);
    assert_eq!(split, whole);
}

#[test]
fn entities_split_across_chunks_are_decoded() {
    let page = b"<article><p>caf&eacute; &#x5B66;&#23416; &lt;b&gt; and enough words to make a paragraph, yes, a real one.</p></article>";
    let mut ex = Extractor::new(&Options::default());
    for b in page.chunks(1) {
        ex.write(b).unwrap();
    }
    let a = ex.finish().unwrap();
    assert!(a.text.starts_with("café 学學 <b> and enough"), "{}", a.text);
}

#[test]
fn a_bom_split_across_chunks_still_wins_over_the_callers_label() {
    let mut page = vec![0xEF, 0xBB, 0xBF];
    page.extend_from_slice("<article><p>學中文，這是一段足夠長的正文內容，用來測試字節順序標記的處理是否正確。</p></article>".as_bytes());
    let opts = Options::default().with_charset(Some("gbk".into()));
    let mut ex = Extractor::new(&opts);
    for piece in page.chunks(1) {
        ex.write(piece).unwrap();
    }
    let a = ex.finish().unwrap();
    assert_eq!(a.encoding.source, gleaner::EncodingSource::Bom);
    assert!(a.text.starts_with("學中文"), "{}", a.text);
}
