//! `gleaner batch`: many pages, bounded parallelism, one JSONL line per page in input order.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

use anyhow::Context;
use serde::Serialize;

use super::{extract_reader, open, BatchArgs};
use crate::{warc, Article, Code};

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
    name.ends_with(".html")
        || name.ends_with(".htm")
        || name.ends_with(".gz")
        || name.ends_with(".warc")
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
    /// Canonical paths of the files listed: a second way to a page (a link to it, or to a
    /// folder that holds it) does not list it again.
    seen: std::collections::HashSet<PathBuf>,
    /// Links that loop (to a folder above them), pages met again, files that are not pages.
    skipped: u64,
}

impl Pages {
    /// Whether the file `path` was met before (by its canonical path); records it.
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

    /// Lists the pages under `path`, walked by walkdir in name order, following links
    /// and stopping at links that loop. A page that cannot be read is kept, so that its
    /// error becomes that page's JSONL line instead of stopping the batch; a folder that
    /// cannot be listed stops it. Inside folders only regular files are read: a FIFO,
    /// socket or device with a page's name gets an error line (reading a FIFO waits for a
    /// writer forever). A path named on the command line is read as it is, so
    /// `<(zcat page.gz)` works.
    fn collect(&mut self, path: &Path) -> anyhow::Result<()> {
        if !std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            self.push(path, None);
            return Ok(());
        }
        let walk = walkdir::WalkDir::new(path)
            .follow_links(true)
            .sort_by_file_name();
        for entry in walk {
            match entry {
                Ok(e) if e.file_type().is_dir() => {}
                Ok(e) if !wanted(e.path()) => self.skipped += 1,
                Ok(e) => {
                    let problem = (!e.file_type().is_file()).then(|| {
                        format!(
                            "{} is not a regular file (a FIFO, socket or device): not read",
                            e.path().display()
                        )
                    });
                    self.push(e.path(), problem);
                }
                Err(e) if e.loop_ancestor().is_some() => {
                    tracing::debug!(error = %e, "a link loops: skipped");
                    self.skipped += 1;
                }
                // A dangling link or an unreadable entry with a page's name: its line says why.
                Err(e) if e.depth() > 0 && e.path().is_some_and(wanted) => {
                    let problem = e.to_string();
                    if let Some(path) = e.path() {
                        self.push(path, Some(problem));
                    }
                }
                // A dangling link without a page's name.
                Err(e)
                    if e.depth() > 0
                        && e.io_error()
                            .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound) =>
                {
                    self.skipped += 1;
                }
                Err(e) => {
                    let at = e.path().unwrap_or(path).display().to_string();
                    return Err(e).with_context(|| format!("listing {at}"));
                }
            }
        }
        Ok(())
    }

    fn push(&mut self, path: &Path, problem: Option<String>) {
        if self.first_time(path) {
            self.list.push(Page {
                path: path.to_path_buf(),
                problem,
            });
        }
    }
}

/// What one input gives: its output line, the bytes it brought, whether it failed.
struct Done {
    /// Empty for an input that `--resume` found done already: nothing is written.
    line: String,
    bytes: u64,
    failed: bool,
}

impl Done {
    /// An input already answered in the `--resume` file.
    fn resumed() -> Self {
        Done {
            line: String::new(),
            bytes: 0,
            failed: false,
        }
    }
}

/// What a `--resume` file says: the inputs it answers, and where its whole lines end.
#[derive(Default)]
struct Answered {
    /// The key of each whole line's input ([`file_key`], [`input_key`]).
    keys: std::collections::HashSet<String>,
    /// The length of the file up to its last line end: past it, a line cut short by a
    /// killed run or a full disk (not counted, its input is answered again).
    whole: u64,
    /// The file's length.
    len: u64,
    /// Its whole lines that are errors.
    errors: u64,
}

/// The resume key of a page file's line: its `path`.
fn file_key(path: &serde_json::Value) -> String {
    format!("path:{path}")
}

/// The resume key of a record's line (JSONL or WARC): its number in the batch's input
/// (`"input"` on the line), which every record owns, where ids may be missing or repeated.
fn input_key(n: usize) -> String {
    format!("input:{n}")
}

/// Reads a `--resume` file: whole lines are read as bytes (a cut inside a UTF-8
/// character is just a cut line), keyed by `path` or `input`. Lines of neither (an
/// older gleaner's, which had only `id`) answer nothing: their inputs are done again.
fn answered(path: &Path) -> anyhow::Result<Answered> {
    use std::io::BufRead;
    let f = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut r = std::io::BufReader::new(f);
    let mut a = Answered::default();
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = r
            .read_until(b'\n', &mut line)
            .with_context(|| format!("reading {}", path.display()))?;
        if n == 0 {
            break;
        }
        a.len += n as u64;
        if !line.ends_with(b"\n") {
            break;
        }
        a.whole = a.len;
        let Ok(v) = serde_json::from_slice::<serde_json::Value>(&line) else {
            continue;
        };
        a.errors += u64::from(v.get("error").is_some());
        if let Some(p) = v.get("path") {
            a.keys.insert(file_key(p));
        } else if let Some(n) = v.get("input").and_then(serde_json::Value::as_u64) {
            a.keys.insert(input_key(n as usize));
        }
    }
    Ok(a)
}

/// Drops a cut last line of the `--resume` file when the output goes to that same file
/// (`--output` naming it, or standard output appending to it), so that the next line
/// starts on a line of its own; the cut line's input is answered again.
#[cfg(unix)]
fn drop_cut_line(out: &std::fs::File, resume: &Path, a: &Answered) -> anyhow::Result<()> {
    use std::os::unix::fs::MetadataExt;
    if a.whole == a.len {
        return Ok(());
    }
    let (Ok(o), Ok(r)) = (out.metadata(), std::fs::metadata(resume)) else {
        return Ok(());
    };
    if o.dev() != r.dev() || o.ino() != r.ino() || !o.is_file() {
        return Ok(());
    }
    out.set_len(a.whole)
        .with_context(|| format!("dropping the cut last line of {}", resume.display()))?;
    tracing::warn!(
        file = %resume.display(),
        bytes = a.len - a.whole,
        "the last line was cut short (a killed run or a full disk): dropped, its input is answered again"
    );
    Ok(())
}

#[cfg(not(unix))]
fn drop_cut_line(_: &std::fs::File, _: &Path, _: &Answered) -> anyhow::Result<()> {
    Ok(())
}

/// The JSONL line of a page or of its error; `head` is the members that name the input
/// (`"path":…`, or `"id":…,"url":…,"input":…`), first on the line.
fn line_of(head: &str, result: &anyhow::Result<Article>) -> Done {
    match result {
        Ok(a) => match serde_json::to_string(a) {
            Ok(article) => Done {
                line: format!("{{{head},\"article\":{article}}}"),
                bytes: a.stats.bytes_in,
                failed: false,
            },
            Err(e) => error_line(head, Code::Internal, &format!("serializing: {e}")),
        },
        Err(e) => {
            let code = e
                .downcast_ref::<crate::Error>()
                .map_or(Code::IoError, crate::Error::code);
            error_line(head, code, &format!("{e:#}"))
        }
    }
}

/// The JSONL line of an input that failed with `code`.
fn error_line(head: &str, code: Code, message: &str) -> Done {
    tracing::warn!(input = %head, error = %message, "page failed");
    let err = LineError {
        code,
        message: message.to_string(),
    };
    let err = serde_json::to_string(&err).unwrap_or_default();
    Done {
        line: format!("{{{head},\"error\":{err}}}"),
        bytes: 0,
        failed: true,
    }
}

/// The members that name a record on its line: its `id`, its own `url` when it has one
/// (the address the crawl fetched, to join the results back), and its number `input` in
/// the batch's input (1-based, the same whatever `--jobs` and `--shard`).
fn record_head(id: &serde_json::Value, url: Option<&str>, n: usize) -> String {
    let mut head = format!("\"id\":{id}");
    if let Some(u) = url {
        head.push_str(",\"url\":");
        head.push_str(&serde_json::Value::String(u.to_string()).to_string());
    }
    head.push_str(&format!(",\"input\":{n}"));
    head
}

/// Runs `work` over `inputs` on `jobs` threads and writes each result's line to `out` in
/// input order, flushed line by line. At most `window` inputs are read ahead of the
/// line being written, so memory stays bounded however long the input is (a slow page
/// holds the others back rather than letting them pile up).
fn run_ordered<I: Send, It: Iterator<Item = I>>(
    out: &mut dyn Write,
    inputs: impl FnOnce() -> It + Send,
    total: Option<u64>,
    jobs: usize,
    window: usize,
    work: impl Fn(I) -> Done + Sync,
) -> anyhow::Result<(u64, u64, u64, u64)> {
    // Progress on stderr, only when it is a terminal (never in logs or pipes).
    let bar = std::io::IsTerminal::is_terminal(&std::io::stderr()).then(|| {
        let (bar, template) = match total {
            Some(n) => (
                indicatif::ProgressBar::new(n),
                "{bar:30} {pos}/{len} pages, {per_sec}, ETA {eta}",
            ),
            None => (
                indicatif::ProgressBar::new_spinner(),
                "{spinner} {pos} pages, {per_sec}",
            ),
        };
        if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar
    });
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Condvar, Mutex};
    let written = (Mutex::new(0usize), Condvar::new());
    // Set when the output fails: the reader stops reading, the workers stop working and
    // drain what was sent, so that every thread ends and the error is reported.
    let stop = AtomicBool::new(false);
    let (in_tx, in_rx) = mpsc::sync_channel::<(usize, I)>(jobs);
    let in_rx = Mutex::new(in_rx);
    let (out_tx, out_rx) = mpsc::channel::<(usize, Done)>();
    let (mut docs, mut bytes, mut errors, mut resumed) = (0u64, 0u64, 0u64, 0u64);
    let advance = |want: usize| {
        let (lock, cv) = &written;
        *lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = want;
        cv.notify_all();
    };
    std::thread::scope(|s| -> anyhow::Result<()> {
        let (written, stop) = (&written, &stop);
        s.spawn(move || {
            for (i, input) in inputs().enumerate() {
                let (lock, cv) = written;
                let mut w = lock
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                while i >= *w + window && !stop.load(Ordering::Acquire) {
                    w = cv
                        .wait(w)
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                }
                drop(w);
                if stop.load(Ordering::Acquire) || in_tx.send((i, input)).is_err() {
                    break;
                }
            }
        });
        for _ in 0..jobs {
            let (in_rx, out_tx, work) = (&in_rx, out_tx.clone(), &work);
            s.spawn(move || loop {
                let next = in_rx
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .recv();
                let Ok((i, input)) = next else { break };
                // After a failed write the inputs still sent are drained, not worked on.
                if !stop.load(Ordering::Acquire) {
                    let _ = out_tx.send((i, work(input)));
                }
            });
        }
        drop(out_tx);
        let mut pending = BTreeMap::new();
        let mut want = 0usize;
        let mut write = |line: &str| -> std::io::Result<()> {
            out.write_all(line.as_bytes())?;
            out.flush()
        };
        for (i, done) in out_rx {
            pending.insert(i, done);
            while let Some(done) = pending.remove(&want) {
                want += 1;
                if let Some(bar) = &bar {
                    bar.inc(1);
                }
                if done.line.is_empty() {
                    resumed += 1;
                    advance(want);
                    continue;
                }
                // One write per line: a killed run leaves only whole lines.
                let mut line = done.line;
                line.push('\n');
                if let Err(e) = write(&line) {
                    let (lock, cv) = written;
                    let _held = lock
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    stop.store(true, Ordering::Release);
                    cv.notify_all();
                    return Err(anyhow::Error::new(e).context("writing the output"));
                }
                docs += 1;
                bytes += done.bytes;
                errors += u64::from(done.failed);
                advance(want);
            }
        }
        Ok(())
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok((docs, bytes, errors, resumed))
}

/// A path of `--output` or `--resume` with `{shard}` replaced by this shard's index.
fn for_shard(path: &std::path::Path, shard: Option<(usize, usize)>) -> anyhow::Result<PathBuf> {
    let Some(text) = path.to_str().filter(|t| t.contains("{shard}")) else {
        return Ok(path.to_path_buf());
    };
    let (i, _) = shard.ok_or_else(|| {
        anyhow::anyhow!("{} names {{shard}} but no --shard is given", path.display())
    })?;
    Ok(PathBuf::from(text.replace("{shard}", &i.to_string())))
}

/// `--shard I/N`: whether input number `i` is this shard's.
fn in_shard(shard: Option<(usize, usize)>, i: usize) -> bool {
    shard.is_none_or(|(k, n)| i % n == k)
}

/// One input of a batch over files.
enum Input {
    /// A page file.
    File(Page),
    /// A page of the WARC file named, or a record there that cannot be read, with its
    /// number in the batch's input.
    Record(String, usize, Result<warc::WarcPage, WarcError>),
}

/// A WARC record that cannot be read: its id when known, and why.
type WarcError = (Option<String>, String);

/// Whether `path` names a WARC file (`.warc`, `.warc.gz`).
fn is_warc(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.ends_with(".warc") || name.ends_with(".warc.gz")
}

/// The line of a WARC record (input number `n`): its page's article under its
/// `WARC-Record-ID` and `WARC-Target-URI`, or an error.
fn warc_line(
    file: &str,
    n: usize,
    item: Result<warc::WarcPage, WarcError>,
    options: &crate::Options,
    done: &std::collections::HashSet<String>,
) -> Done {
    if done.contains(&input_key(n)) {
        return Done::resumed();
    }
    match item {
        Ok(p) => {
            let id = serde_json::Value::String(p.id.clone());
            let head = record_head(&id, p.url.as_deref(), n);
            line_of(&head, &p.extract(options).map_err(anyhow::Error::from))
        }
        Err((id, message)) => {
            let id = id.map_or(
                serde_json::json!({ "file": file }),
                serde_json::Value::String,
            );
            let head = record_head(&id, None, n);
            error_line(&head, Code::IoError, &format!("{file}: {message}"))
        }
    }
}

/// The longest JSONL record read: a 64 MiB page in base64 (4/3 larger) with room for
/// the other fields.
const MAX_RECORD_LINE: u64 = 96 * 1024 * 1024;

/// The lines of a JSONL input, each at most [`MAX_RECORD_LINE`] bytes: a longer one is an
/// error and is skipped in bounded pieces up to its end, so a line without an end cannot
/// take unbounded memory.
struct BoundedLines<R> {
    r: R,
    max: u64,
}

impl<R: std::io::BufRead> Iterator for BoundedLines<R> {
    type Item = std::io::Result<String>;

    fn next(&mut self) -> Option<Self::Item> {
        use std::io::{BufRead, Read};
        let mut buf = Vec::new();
        match (&mut self.r).take(self.max).read_until(b'\n', &mut buf) {
            Ok(0) => return None,
            Ok(_) if buf.ends_with(b"\n") || (buf.len() as u64) < self.max => {}
            Ok(_) => {
                // Too long: skip to the end of the line without holding it.
                loop {
                    let (done, used) = match self.r.fill_buf() {
                        Ok([]) => (true, 0),
                        Ok(b) => match memchr::memchr(b'\n', b) {
                            Some(at) => (true, at + 1),
                            None => (false, b.len()),
                        },
                        Err(e) => return Some(Err(e)),
                    };
                    self.r.consume(used);
                    if done {
                        break;
                    }
                }
                return Some(Err(std::io::Error::other(format!(
                    "a line longer than {} bytes",
                    self.max
                ))));
            }
            Err(e) => return Some(Err(e)),
        }
        Some(String::from_utf8(buf).map_err(std::io::Error::other))
    }
}

/// Extracts one JSONL record (line `n` of the input, 1-based): its `id` (or, for a line
/// that is no record, `{"line": n}`) and its article or error.
fn record_line(
    n: usize,
    text: std::io::Result<String>,
    options: &crate::Options,
    done: &std::collections::HashSet<String>,
) -> Done {
    if done.contains(&input_key(n)) {
        return Done::resumed();
    }
    let line_id = serde_json::json!({ "line": n });
    let bad = |head: &str, code: Code, msg: String| error_line(head, code, &msg);
    let text = match text {
        Ok(t) => t,
        Err(e) => {
            let head = record_head(&line_id, None, n);
            return bad(&head, Code::IoError, format!("reading line {n}: {e}"));
        }
    };
    let mut rec = match crate::record::Record::parse(&text) {
        Ok(r) => r,
        Err(e) => {
            let head = record_head(&line_id, None, n);
            return bad(&head, e.code, format!("line {n}: {}", e.message));
        }
    };
    let head = record_head(&rec.id, rec.url.as_deref(), n);
    match rec.extract(options) {
        Ok(result) => line_of(&head, &result.map_err(anyhow::Error::from)),
        Err(e) => bad(&head, e.code, format!("line {n}: {}", e.message)),
    }
}

pub(super) fn run(args: BatchArgs) -> anyhow::Result<i32> {
    let options = args.flags.options()?.with_charset(args.charset.clone());
    // 0, like no value, means every core.
    let jobs = args
        .jobs
        .filter(|&j| j > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let shard = args.shard()?;
    let window = jobs * 4;
    let started = Instant::now();
    let mut skipped = 0u64;
    let resume = args
        .resume
        .as_deref()
        .map(|p| for_shard(p, shard))
        .transpose()?;
    let output = args
        .output
        .as_deref()
        .map(|p| for_shard(p, shard))
        .transpose()?;
    let answers = match &resume {
        // The first run of a job that resumes into its own output: nothing to skip yet.
        Some(p) if output.as_ref() == Some(p) && !p.exists() => Answered::default(),
        Some(p) => answered(p)?,
        None => Answered::default(),
    };
    let mut out: Box<dyn Write> = match output {
        Some(p) => {
            let f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&p)
                .with_context(|| format!("opening --output {}", p.display()))?;
            if let Some(r) = &resume {
                drop_cut_line(&f, r, &answers)?;
            }
            Box::new(f)
        }
        None => {
            #[cfg(unix)]
            if let Some(r) = &resume {
                use std::os::fd::AsFd;
                let stdout = std::io::stdout().as_fd().try_clone_to_owned()?;
                drop_cut_line(&std::fs::File::from(stdout), r, &answers)?;
            }
            Box::new(std::io::stdout().lock())
        }
    };
    let resumed_errors = answers.errors;
    let done = answers.keys;
    let (docs, bytes, errors, resumed) = match args.input {
        super::BatchInput::Files => {
            let mut pages = Pages::default();
            for p in &args.paths {
                pages.collect(p)?;
            }
            skipped = pages.skipped;
            if pages.list.is_empty() {
                anyhow::bail!(
                    "no pages (.html, .htm, .gz, .warc) under {}",
                    args.paths
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            let any_warc = pages.list.iter().any(|p| is_warc(&p.path));
            let total = (!any_warc).then(|| {
                (0..pages.list.len())
                    .filter(|&i| in_shard(shard, i))
                    .count() as u64
            });
            let warc_skipped = std::sync::atomic::AtomicU64::new(0);
            let list = pages.list;
            let ws = &warc_skipped;
            // Page files are inputs as they are; a WARC file is expanded, as it is read, into
            // its records (on the reading thread: one record in memory at a time).
            let inputs = move || {
                list.into_iter()
                    .flat_map(move |page| -> Box<dyn Iterator<Item = Input>> {
                        if !is_warc(&page.path) || page.problem.is_some() {
                            return Box::new(std::iter::once(Input::File(page)));
                        }
                        match open(&page.path) {
                            Ok(r) => {
                                let file = page.path.display().to_string();
                                let records = warc::Records::new(std::io::BufReader::new(r));
                                Box::new(records.filter_map(move |item| match item {
                                    warc::Item::Skipped => {
                                        ws.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                                        None
                                    }
                                    warc::Item::Page(p) => {
                                        Some(Input::Record(file.clone(), 0, Ok(p)))
                                    }
                                    warc::Item::Bad { id, message } => {
                                        Some(Input::Record(file.clone(), 0, Err((id, message))))
                                    }
                                }))
                            }
                            Err(e) => Box::new(std::iter::once(Input::File(Page {
                                problem: Some(format!("{e:#}")),
                                ..page
                            }))),
                        }
                    })
                    .enumerate()
                    .filter(move |(i, _)| in_shard(shard, *i))
                    .map(|(i, input)| match input {
                        Input::Record(file, _, item) => Input::Record(file, i + 1, item),
                        file => file,
                    })
            };
            let r = run_ordered(
                &mut out,
                inputs,
                total,
                jobs,
                window,
                |input: Input| match input {
                    Input::File(page) => {
                        let shown = serde_json::Value::String(page.path.display().to_string());
                        if done.contains(&file_key(&shown)) {
                            return Done::resumed();
                        }
                        let result = match &page.problem {
                            Some(p) => Err(anyhow::anyhow!("{p}")),
                            None => open(&page.path).and_then(|r| extract_reader(r, &options)),
                        };
                        line_of(&format!("\"path\":{shown}"), &result)
                    }
                    Input::Record(file, n, item) => warc_line(&file, n, item, &options, &done),
                },
            )?;
            skipped += warc_skipped.load(std::sync::atomic::Ordering::Relaxed);
            r
        }
        super::BatchInput::Jsonl => {
            for p in &args.paths {
                if p.as_os_str() != "-" && !p.is_file() {
                    anyhow::bail!("{} is not a JSONL file", p.display());
                }
            }
            let paths = args.paths.clone();
            // Opened on the reading thread (standard input's lock stays there).
            let lines = move || {
                paths
                    .into_iter()
                    .flat_map(|p| match open(&p) {
                        Ok(r) => Box::new(BoundedLines {
                            r: std::io::BufReader::new(r),
                            max: MAX_RECORD_LINE,
                        })
                            as Box<dyn Iterator<Item = std::io::Result<String>>>,
                        Err(e) => Box::new(std::iter::once(Err(std::io::Error::other(format!(
                            "{e:#}"
                        ))))),
                    })
                    .enumerate()
                    .filter(|(_, l)| l.as_ref().map_or(true, |l| !l.trim().is_empty()))
                    .filter(move |(i, _)| in_shard(shard, *i))
            };
            run_ordered(&mut out, lines, None, jobs, window, |(i, line)| {
                record_line(i + 1, line, &options, &done)
            })?
        }
    };
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "documents={docs} bytes={bytes} seconds={secs:.3} docs_per_s={:.1} errors={errors} skipped={skipped} resumed={resumed} resumed_errors={resumed_errors} jobs={jobs}",
        if secs > 0.0 { docs as f64 / secs } else { 0.0 },
    );
    Ok(verdict(errors, resumed_errors, args.max_errors))
}

/// The exit status for a run that finished: 1 when the pages that failed, in this run and
/// in the output it resumed, are over the error budget (said on stderr), else 0.
fn verdict(errors: u64, resumed_errors: u64, max_errors: u64) -> i32 {
    let failed = errors + resumed_errors;
    if failed <= max_errors {
        return 0;
    }
    eprintln!(
        "gleaner: {failed} pages failed ({errors} in this run, {resumed_errors} in the output it resumed), over the error budget --max-errors {max_errors}: exit 1"
    );
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_over_the_limit_is_an_error_and_the_next_lines_still_come() {
        let input = format!("short\n{}\nnext\nlast", "x".repeat(10_000));
        let lines: Vec<Result<String, String>> = BoundedLines {
            r: std::io::BufReader::with_capacity(64, input.as_bytes()),
            max: 100,
        }
        .map(|l| l.map_err(|e| e.to_string()))
        .collect();
        assert_eq!(
            lines,
            [
                Ok("short\n".to_string()),
                Err("a line longer than 100 bytes".to_string()),
                Ok("next\n".to_string()),
                Ok("last".to_string()),
            ]
        );
    }
}
