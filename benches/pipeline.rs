//! Criterion benchmarks of the pipeline on real pages, with a reference lol_html pass.
//!
//! `cargo bench --bench pipeline` reads the pages of each shared dataset
//! (`../shared/datasets/{aeb,zh-gne,trafilatura-eval}/html`; `GLEANER_BENCH_DATASETS=aeb,zh-gne`
//! to choose; the test fixtures when none is there) and measures, per dataset, on the same
//! bytes:
//! - `reference_lol_html`: one lol_html pass that removes script/style/nav/header/footer/
//!   aside/form and reads all text: the ceiling for any lol_html extractor;
//! - `observe_lol_html`: the reference pass plus the least an extractor must observe through
//!   lol_html's public API (tag names, class/id, ends of block elements), no extraction:
//!   the floor of any design built on lol_html's element handlers;
//! - `gleaner_extract`: the whole gleaner pipeline.
//!
//! Compare the two throughputs of one run (the machine is noisy; ratios are what count).

use std::io::Read;
use std::path::Path;

use criterion::{criterion_main, Criterion, Throughput};

#[path = "common/reference.rs"]
mod reference;
use reference::{observe_pass, reference_pass};

fn pages(dataset: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/datasets")
        .join(dataset)
        .join("html");
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
    out
}

fn fixtures() -> Vec<Vec<u8>> {
    let fx = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    ["english.html", "seed/utf8.html", "seed/gbk-gb2312.html"]
        .iter()
        .filter_map(|name| std::fs::read(fx.join(name)).ok())
        .collect()
}

fn bench(c: &mut Criterion) {
    let wanted = std::env::var("GLEANER_BENCH_DATASETS")
        .unwrap_or_else(|_| "aeb,zh-gne,trafilatura-eval".into());
    let mut sets: Vec<(String, Vec<Vec<u8>>)> = wanted
        .split(',')
        .map(|d| (d.trim().to_string(), pages(d.trim())))
        .filter(|(_, p)| !p.is_empty())
        .collect();
    if sets.is_empty() {
        sets.push(("fixtures".into(), fixtures()));
    }
    for (name, pages) in &sets {
        bench_pages(c, name, pages);
    }
}

fn bench_pages(c: &mut Criterion, name: &str, pages: &[Vec<u8>]) {
    let bytes: u64 = pages.iter().map(|p| p.len() as u64).sum();
    let opts = gleaner::Options::default();
    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(10);
    g.bench_function("reference_lol_html", |b| {
        b.iter(|| pages.iter().map(|p| reference_pass(p)).sum::<usize>())
    });
    g.bench_function("observe_lol_html", |b| {
        b.iter(|| pages.iter().map(|p| observe_pass(p)).sum::<usize>())
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
