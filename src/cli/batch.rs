//! `gleaner batch`: many pages, bounded parallelism, one JSONL line per page in input order.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use anyhow::Context;
use serde::Serialize;

use super::{extract_reader, open, BatchArgs};
use crate::{Article, Code};

#[derive(Serialize)]
struct Line<'a> {
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    article: Option<&'a Article>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<LineError>,
}

#[derive(Serialize)]
struct LineError {
    code: Code,
    message: String,
}

fn wanted(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".gz")
}

/// Lists the pages under `path`. A path that cannot be read is kept, so that its error
/// becomes that page's JSONL line instead of stopping the batch.
fn collect(path: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let is_dir = std::fs::metadata(path).is_ok_and(|m| m.is_dir());
    if is_dir {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("listing {}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for e in entries {
            if e.is_dir() {
                collect(&e, out)?;
            } else if wanted(&e) {
                out.push(e);
            }
        }
    } else {
        out.push(path.to_path_buf());
    }
    Ok(())
}

pub(super) fn run(args: BatchArgs) -> anyhow::Result<i32> {
    let options = args.flags.options()?.with_charset(args.charset.clone());
    let mut files = Vec::new();
    for p in &args.paths {
        collect(p, &mut files)?;
    }
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::sync_channel::<(usize, String, u64, bool)>(jobs * 4);
    let mut errors = 0u64;
    let mut bytes = 0u64;
    std::thread::scope(|s| -> anyhow::Result<()> {
        for _ in 0..jobs {
            let tx = tx.clone();
            let (files, next, options) = (&files, &next, &options);
            s.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(i) else { break };
                let shown = path.display().to_string();
                let result = open(path).and_then(|r| extract_reader(r, options));
                let (line, n, failed) = match &result {
                    Ok(a) => (
                        serde_json::to_string(&Line {
                            path: &shown,
                            article: Some(a),
                            error: None,
                        }),
                        a.stats.bytes_in,
                        false,
                    ),
                    Err(e) => {
                        let code = e
                            .downcast_ref::<crate::Error>()
                            .map_or(Code::IoError, crate::Error::code);
                        tracing::warn!(path = %shown, error = %e, "page failed");
                        (
                            serde_json::to_string(&Line {
                                path: &shown,
                                article: None,
                                error: Some(LineError {
                                    code,
                                    message: format!("{e:#}"),
                                }),
                            }),
                            0,
                            true,
                        )
                    }
                };
                let line = line.unwrap_or_else(|e| {
                    format!(
                        "{{\"path\":{shown:?},\"error\":{{\"code\":\"{}\",\"message\":{:?}}}}}",
                        Code::Internal,
                        e.to_string()
                    )
                });
                if tx.send((i, line, n, failed)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        let mut pending = BTreeMap::new();
        let mut want = 0usize;
        for (i, line, n, failed) in rx {
            bytes += n;
            errors += u64::from(failed);
            pending.insert(i, line);
            while let Some(line) = pending.remove(&want) {
                writeln!(out, "{line}")?;
                want += 1;
            }
        }
        out.flush()?;
        Ok(())
    })?;
    let secs = started.elapsed().as_secs_f64();
    let docs = files.len();
    eprintln!(
        "documents={docs} bytes={bytes} seconds={secs:.3} docs_per_s={:.1} errors={errors} jobs={jobs}",
        if secs > 0.0 { docs as f64 / secs } else { 0.0 }
    );
    Ok(if errors > 0 { 1 } else { 0 })
}
