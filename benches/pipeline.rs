//! Criterion benchmarks of the pipeline on real pages, with a reference lol_html pass.
//!
//! `cargo bench --bench pipeline` reads the AEB pages from `../shared/datasets/aeb/html`
//! (falling back to the test fixtures) and measures, on the same bytes:
//! - `reference_lol_html`: one lol_html pass that removes script/style/nav/header/footer/
//!   aside/form and reads all text: the ceiling for any lol_html extractor;
//! - `gleaner_extract`: the whole gleaner pipeline.
//!
//! Compare the two throughputs of one run (the machine is noisy; ratios are what count).

use std::io::Read;
use std::path::Path;

use criterion::{criterion_main, Criterion, Throughput};
use lol_html::{doc_text, element, HtmlRewriter, Settings};

fn pages() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets/aeb/html");
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&dir) {
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            let Ok(f) = std::fs::File::open(&p) else {
                continue;
            };
            let mut buf = Vec::new();
            if flate2::read::GzDecoder::new(f)
                .read_to_end(&mut buf)
                .is_ok()
            {
                out.push(buf);
            }
        }
    }
    if out.is_empty() {
        let fx = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for name in ["english.html", "seed/utf8.html", "seed/gbk-gb2312.html"] {
            if let Ok(b) = std::fs::read(fx.join(name)) {
                out.push(b);
            }
        }
    }
    out
}

fn reference_pass(page: &[u8]) -> usize {
    let mut chars = 0usize;
    {
        let mut rw = HtmlRewriter::new(
            Settings {
                element_content_handlers: vec![element!(
                    "script, style, nav, header, footer, aside, form, noscript",
                    |el| {
                        el.remove();
                        Ok(())
                    }
                )],
                document_content_handlers: vec![doc_text!(|t| {
                    chars += t.as_str().len();
                    Ok(())
                })],
                ..Settings::new()
            },
            |_: &[u8]| {},
        );
        let _ = rw.write(page);
        let _ = rw.end();
    }
    chars
}

fn bench(c: &mut Criterion) {
    let pages = pages();
    let bytes: u64 = pages.iter().map(|p| p.len() as u64).sum();
    let opts = gleaner::Options::default();
    let mut g = c.benchmark_group("pages");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(10);
    g.bench_function("reference_lol_html", |b| {
        b.iter(|| pages.iter().map(|p| reference_pass(p)).sum::<usize>())
    });
    g.bench_function("gleaner_extract", |b| {
        b.iter(|| {
            pages
                .iter()
                .map(|p| gleaner::extract(p, &opts).map_or(0, |a| a.text.len()))
                .sum::<usize>()
        })
    });
    g.finish();
}

mod group {
    #![allow(missing_docs)]
    use super::bench;
    use criterion::{criterion_group, Criterion};
    criterion_group! {
        name = benches;
        config = Criterion::default();
        targets = bench
    }
}
use group::benches;
criterion_main!(benches);
