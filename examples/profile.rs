//! A driver for instruction counts of the library alone (no start-up, no JSON, no I/O in
//! the measured part), for `valgrind --tool=callgrind`:
//!
//! ```text
//! cargo build --release --example profile
//! valgrind --tool=callgrind target/release/examples/profile extract PAGE.html.gz...
//! valgrind --tool=callgrind target/release/examples/profile reference PAGE.html.gz...
//! valgrind --tool=callgrind target/release/examples/profile observe PAGE.html.gz...
//! ```
//!
//! Pages are read (and gunzipped when named `.gz`) first; the rules are compiled and one
//! small page warms the metadata patterns; then every page goes through `gleaner::extract`
//! (`extract`), through the reference lol_html pass of `benches/pipeline.rs`
//! (`reference`) or through its observing pass (`observe`), `REPS` times (default 1).
//! The difference of two runs' totals, or the inclusive cost of
//! `gleaner::pipeline::extract`, is the per-page cost. It prints MiB/s, which means
//! little under valgrind.

use std::io::Read;
use std::process::ExitCode;

#[path = "../benches/common/reference.rs"]
mod reference;
use reference::{observe_pass, reference_pass};

fn read(path: &str) -> std::io::Result<Vec<u8>> {
    let raw = std::fs::read(path)?;
    if !path.ends_with(".gz") {
        return Ok(raw);
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(raw.as_slice()).read_to_end(&mut out)?;
    Ok(out)
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_default();
    if !["extract", "reference", "observe"].contains(&mode.as_str()) {
        eprintln!("usage: profile extract|reference|observe PAGE...");
        return ExitCode::from(2);
    }
    let mut pages = Vec::new();
    for path in args {
        match read(&path) {
            Ok(p) => pages.push(p),
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let options = gleaner::Options::default();
    options.rules.compile_all();
    let _ = gleaner::extract(b"<title>warm</title><p>warm up</p>", &options);
    let reps: usize = std::env::var("REPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let started = std::time::Instant::now();
    let mut chars = 0;
    for _ in 0..reps {
        for page in &pages {
            chars += match mode.as_str() {
                "reference" => reference_pass(page),
                "observe" => observe_pass(page),
                _ => gleaner::extract(page, &options).map_or(0, |a| a.text.len()),
            };
        }
    }
    let bytes = pages.iter().map(Vec::len).sum::<usize>() * reps;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{mode}: {} pages x {reps}, {chars} text bytes, {:.1} MiB/s",
        pages.len(),
        bytes as f64 / secs / 1_048_576.0
    );
    ExitCode::SUCCESS
}
