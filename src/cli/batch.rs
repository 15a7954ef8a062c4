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
    // The extension is ASCII: a name that is not UTF-8 is still looked at (lossily).
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.ends_with(".html") || name.ends_with(".htm") || name.ends_with(".gz")
}

/// One page to read, or why a file that looked like one cannot be.
struct Page {
    path: PathBuf,
    problem: Option<String>,
}

/// The pages of a batch, each once.
#[derive(Default)]
struct Pages {
    list: Vec<Page>,
    /// Canonical paths of the directories walked and the files listed: a symbolic link
    /// to a parent (a loop) or a second way to a page is not walked or listed again.
    seen: std::collections::HashSet<PathBuf>,
    /// Directories and files met again that way.
    skipped: u64,
}

impl Pages {
    /// Whether `path` was met before (by its canonical path); records it.
    fn first_time(&mut self, path: &Path) -> bool {
        match std::fs::canonicalize(path) {
            Ok(c) => {
                let new = self.seen.insert(c);
                self.skipped += u64::from(!new);
                new
            }
            // Unresolvable (a dangling link): reading it will say why.
            Err(_) => true,
        }
    }

    /// Lists the pages under `path`. A path that cannot be read is kept, so that its
    /// error becomes that page's JSONL line instead of stopping the batch. Inside
    /// directories only regular files are read: a FIFO, socket or device with a page's
    /// name gets an error line (reading a FIFO waits for a writer forever). A path named
    /// on the command line is read as it is, so `<(zcat page.gz)` works.
    fn collect(&mut self, path: &Path, named: bool) -> anyhow::Result<()> {
        let meta = std::fs::metadata(path);
        if meta.as_ref().is_ok_and(|m| m.is_dir()) {
            if !self.first_time(path) {
                tracing::debug!(path = %path.display(), "directory met again (a link): skipped");
                return Ok(());
            }
            let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
                .with_context(|| format!("listing {}", path.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            entries.sort();
            for e in entries {
                let is_dir = std::fs::metadata(&e).is_ok_and(|m| m.is_dir());
                if is_dir || wanted(&e) {
                    self.collect(&e, false)?;
                }
            }
            return Ok(());
        }
        if !self.first_time(path) {
            return Ok(());
        }
        let problem = match &meta {
            Ok(m) if !named && !m.is_file() => Some(format!(
                "{} is not a regular file (a FIFO, socket or device): not read",
                path.display()
            )),
            _ => None,
        };
        self.list.push(Page {
            path: path.to_path_buf(),
            problem,
        });
        Ok(())
    }
}

pub(super) fn run(args: BatchArgs) -> anyhow::Result<i32> {
    let options = args.flags.options()?.with_charset(args.charset.clone());
    let mut pages = Pages::default();
    for p in &args.paths {
        pages.collect(p, true)?;
    }
    let files = pages.list;
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
                let Some(page) = files.get(i) else { break };
                let shown = page.path.display().to_string();
                let result = match &page.problem {
                    Some(p) => Err(anyhow::anyhow!("{p}")),
                    None => open(&page.path).and_then(|r| extract_reader(r, options)),
                };
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
        "documents={docs} bytes={bytes} seconds={secs:.3} docs_per_s={:.1} errors={errors} skipped={} jobs={jobs}",
        if secs > 0.0 { docs as f64 / secs } else { 0.0 },
        pages.skipped
    );
    Ok(if errors > 0 { 1 } else { 0 })
}
