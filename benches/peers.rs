//! Whole-process comparison with dom_smoothie, the fastest Rust peer (a Readability port).
//!
//! `cargo bench --bench peers [-- DIR...]` (default: `../shared/datasets/trafilatura-eval/html`
//! and `../shared/datasets/zh-gne/html`) times, on the same files, one after the other and
//! three rounds each:
//! - `gleaner batch --jobs 1 DIR` as a child process (start-up, reading, gunzip, charset
//!   sniffing and decoding, extraction, JSON serialisation, writing);
//! - dom_smoothie in this process over the same files (reading, gunzip, UTF-8 decoding —
//!   dom_smoothie takes `&str` and sniffs no charset — and `Readability::parse`).
//!
//! It prints the median docs/s of each and their ratio, per folder. `GLEANER_BIN=BIN` times
//! that binary instead of the bench's own build.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.sort();
    v
}

fn read(path: &Path) -> Vec<u8> {
    let Ok(raw) = std::fs::read(path) else {
        return Vec::new();
    };
    if path.extension().is_some_and(|e| e == "gz") {
        let mut out = Vec::new();
        if flate2::read::GzDecoder::new(raw.as_slice())
            .read_to_end(&mut out)
            .is_ok()
        {
            return out;
        }
    }
    raw
}

/// Seconds for `gleaner batch --jobs 1 dir`, of the binary `GLEANER_BIN` names (the shipped
/// build of `python3 bench/pgo.py build`, say) or else the bench's own build.
fn gleaner(dir: &Path) -> f64 {
    let bin = std::env::var_os("GLEANER_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_gleaner")),
        PathBuf::from,
    );
    let t = Instant::now();
    let status = Command::new(bin)
        .args(["batch", "--jobs", "1"])
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    assert!(status.is_ok(), "gleaner batch did not run");
    t.elapsed().as_secs_f64()
}

/// Seconds for dom_smoothie over the files, and how many it parsed.
fn dom_smoothie(files: &[PathBuf]) -> (f64, usize) {
    let t = Instant::now();
    let mut parsed = 0;
    for f in files {
        let bytes = read(f);
        let html = String::from_utf8_lossy(&bytes);
        if let Ok(mut r) = dom_smoothie::Readability::new(html.as_ref(), None, None) {
            if let Ok(a) = r.parse() {
                parsed += usize::from(!a.text_content.is_empty());
            }
        }
    }
    (t.elapsed().as_secs_f64(), parsed)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets");
    let mut dirs: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    if dirs.is_empty() {
        dirs = vec![root.join("trafilatura-eval/html"), root.join("zh-gne/html")];
    }
    println!(
        "{:<40} {:>6} {:>14} {:>18} {:>7}",
        "pages", "docs", "gleaner docs/s", "dom_smoothie docs/s", "ratio"
    );
    for dir in dirs {
        let list = files(&dir);
        if list.is_empty() {
            println!("{}: no pages", dir.display());
            continue;
        }
        // Warm the page cache so that neither side pays for the first read.
        for f in &list {
            let _ = read(f);
        }
        let (mut g, mut d) = (Vec::new(), Vec::new());
        let mut parsed = 0;
        for _ in 0..3 {
            g.push(gleaner(&dir));
            let (secs, n) = dom_smoothie(&list);
            d.push(secs);
            parsed = n;
        }
        let n = list.len() as f64;
        let (gd, dd) = (n / median(g), n / median(d));
        let name = dir
            .strip_prefix(&root)
            .unwrap_or(&dir)
            .display()
            .to_string();
        println!(
            "{:<40} {:>6} {:>14.0} {:>18.0} {:>6.2}x   (dom_smoothie found text in {parsed})",
            name,
            list.len(),
            gd,
            dd,
            gd / dd
        );
    }
}
