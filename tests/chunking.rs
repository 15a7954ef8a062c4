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
