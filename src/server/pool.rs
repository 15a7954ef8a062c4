//! The extraction pool: a fixed set of threads (one per core by default) that do all the
//! CPU work of a request — decoding its `Content-Encoding`, parsing, extracting — so that
//! the request-serving threads only move bytes and always answer `/livez`, `/readyz` and
//! `/metrics` at once, however heavy the pages being extracted.
//!
//! A page is a *job* pinned to one pool thread (the least busy when it opens): its decoder
//! and [`Extractor`] live on that thread, which is why the extractor (lol_html's rewriter,
//! `!Send`) never has to move. The request thread hands the job its body in pieces of up
//! to [`FEED_BYTES`] and waits for each to be taken before reading more, so a page holds
//! one piece in flight: memory stays bounded, and a slow upload holds no pool thread while
//! it waits for the network.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};

use tokio::sync::oneshot;

use super::body::{decode_problem, BodyDecoder, Feed, Limited};
use super::error::Problem;
use crate::{Article, Code, Extractor};

/// The nice value of the extraction threads (Linux: per thread).
const EXTRACT_NICE: i32 = 10;

/// Raw body bytes gathered before they are handed to the job's thread.
pub(crate) const FEED_BYTES: usize = 64 * 1024;

/// What a job's decoded bytes go to: the page's extractor, or a buffer for a JSON request.
pub(crate) enum Target {
    Page(Box<Extractor>),
    Json(Vec<u8>),
}

impl Feed for Target {
    fn feed(&mut self, bytes: &[u8]) -> Result<(), Problem> {
        match self {
            Target::Page(ex) => Ok(ex.write(bytes)?),
            Target::Json(buf) => {
                buf.extend_from_slice(bytes);
                Ok(())
            }
        }
    }
}

/// One request's work on its thread.
type Job = BodyDecoder<Limited<Target>>;

/// The jobs of one pool thread.
type Jobs = HashMap<u64, Job>;

type Work = Box<dyn FnOnce(&mut Jobs) + Send>;

struct Worker {
    tx: mpsc::Sender<Work>,
    /// Jobs open on this thread.
    open: Arc<AtomicUsize>,
}

/// The extraction threads.
pub struct Pool {
    workers: Vec<Worker>,
    next_id: AtomicU64,
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool")
            .field("threads", &self.workers.len())
            .finish()
    }
}

impl Pool {
    /// Starts `threads` extraction threads (at least one). They end when the pool is
    /// dropped.
    pub fn new(threads: usize) -> std::io::Result<Self> {
        let mut workers = Vec::new();
        for i in 0..threads.max(1) {
            let (tx, rx) = mpsc::channel::<Work>();
            std::thread::Builder::new()
                .name(format!("gleaner-extract-{i}"))
                .spawn(move || {
                    // Below the request-serving threads (nice 10 on Linux, this thread
                    // only): while every core extracts, health checks and uploads still
                    // get the CPU at once.
                    if let Err(e) = rustix::process::setpriority_process(None, EXTRACT_NICE) {
                        tracing::debug!(error = %e, "could not lower the extraction thread's priority");
                    }
                    let mut jobs = Jobs::new();
                    for work in rx {
                        // A panic fails that one request (its reply is dropped: a 500),
                        // never the thread and the jobs of others.
                        if std::panic::catch_unwind(AssertUnwindSafe(|| work(&mut jobs))).is_err()
                        {
                            tracing::error!("an extraction panicked");
                        }
                    }
                })?;
            workers.push(Worker {
                tx,
                open: Arc::new(AtomicUsize::new(0)),
            });
        }
        Ok(Pool {
            workers,
            next_id: AtomicU64::new(0),
        })
    }

    /// Threads in the pool.
    pub fn threads(&self) -> usize {
        self.workers.len()
    }

    /// Runs `f` on thread `worker` and waits for its result.
    async fn call<T: Send + 'static>(
        &self,
        worker: usize,
        f: impl FnOnce(&mut Jobs) -> T + Send + 'static,
    ) -> Result<T, Problem> {
        let w = self
            .workers
            .get(worker)
            .ok_or_else(|| Problem::internal("no such extraction thread"))?;
        let (tx, rx) = oneshot::channel();
        let work: Work = Box::new(move |jobs| {
            let _ = tx.send(f(jobs));
        });
        w.tx.send(work)
            .map_err(|_| Problem::internal("the extraction pool has stopped"))?;
        rx.await
            .map_err(|_| Problem::internal("the extraction failed unexpectedly"))
    }

    /// A job for one request body with `coding` (its `Content-Encoding`), decoded up to
    /// `limit` bytes into `target` (made on the job's thread). Nothing is sent to the
    /// thread until the first piece: a body of one piece is one round trip in all.
    pub(crate) fn job(
        &self,
        coding: Option<String>,
        limit: u64,
        target: impl FnOnce() -> Target + Send + 'static,
    ) -> PageJob<'_> {
        let worker = (0..self.workers.len())
            .min_by_key(|&i| {
                self.workers
                    .get(i)
                    .map_or(0, |w| w.open.load(Ordering::Relaxed))
            })
            .unwrap_or(0);
        if let Some(w) = self.workers.get(worker) {
            w.open.fetch_add(1, Ordering::Relaxed);
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        PageJob {
            pool: self,
            worker,
            id,
            start: Some(Start {
                coding: coding.clone(),
                limit,
                target: Box::new(target),
            }),
            coding,
            open: true,
        }
    }
}

/// A finished extraction: the figures the request thread logs and counts, and the
/// answer's body (the article's JSON, or the article as a document).
#[derive(Debug)]
pub(crate) struct Extracted {
    pub(crate) stats: crate::article::Stats,
    pub(crate) encoding: String,
    pub(crate) empty: bool,
    pub(crate) body: Vec<u8>,
}

/// What an answer's body is, as the request's `Accept` asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Representation {
    /// The article's JSON.
    Json,
    /// The article as Markdown (`text/markdown`).
    Markdown,
    /// The article as plain text (`text/plain`).
    Text,
    /// The article as sanitized HTML (`text/html`).
    Html,
}

impl Representation {
    /// The answer's `Content-Type`.
    pub(crate) fn content_type(self) -> &'static str {
        match self {
            Representation::Json => "application/json",
            Representation::Markdown => "text/markdown; charset=utf-8",
            Representation::Text => "text/plain; charset=utf-8",
            Representation::Html => "text/html; charset=utf-8",
        }
    }

    /// The options that make the article carry this document.
    pub(crate) fn options(self, opts: crate::Options) -> crate::Options {
        match self {
            Representation::Json | Representation::Text => opts,
            Representation::Markdown => opts.with_format(crate::Format::Markdown),
            Representation::Html => opts.with_format(crate::Format::Html),
        }
    }
}

impl Extracted {
    fn of(a: &Article, repr: Representation) -> Result<Self, Problem> {
        let body = match repr {
            Representation::Json => serde_json::to_vec(a)
                .map_err(|e| Problem::internal(format!("serializing the article: {e}")))?,
            Representation::Markdown => {
                crate::render::document(a, crate::Format::Markdown).into_bytes()
            }
            Representation::Text => crate::render::document(a, crate::Format::Text).into_bytes(),
            Representation::Html => format!(
                "<!doctype html>\n<meta charset=\"utf-8\">\n{}\n",
                crate::render::document(a, crate::Format::Html)
            )
            .into_bytes(),
        };
        Ok(Extracted {
            stats: a.stats.clone(),
            encoding: a.encoding.name.clone(),
            empty: a.text.is_empty(),
            body,
        })
    }
}

/// What opens a job on its thread.
struct Start {
    coding: Option<String>,
    limit: u64,
    target: Box<dyn FnOnce() -> Target + Send>,
}

impl Start {
    fn open(self, jobs: &mut Jobs, id: u64) -> Result<(), Problem> {
        let dec = BodyDecoder::new(
            self.coding.as_deref(),
            Limited::new(self.limit, (self.target)()),
        )?;
        jobs.insert(id, dec);
        Ok(())
    }
}

/// Feeds `piece` to job `id`.
fn feed(jobs: &mut Jobs, id: u64, piece: &[u8], coding: Option<&str>) -> Result<(), Problem> {
    let dec = jobs
        .get_mut(&id)
        .ok_or_else(|| Problem::internal("the job is gone"))?;
    match dec.write(piece) {
        Ok(()) => Ok(()),
        Err(e) => {
            let p = decode_problem(dec.get_mut(), &e, coding);
            jobs.remove(&id);
            Err(p)
        }
    }
}

/// One request's job, closed on its thread when dropped (a client that went away).
pub(crate) struct PageJob<'p> {
    pool: &'p Pool,
    worker: usize,
    id: u64,
    /// Until the first piece is sent: how to open the job there.
    start: Option<Start>,
    /// The body's coding, for error messages.
    coding: Option<String>,
    open: bool,
}

impl<'p> PageJob<'p> {
    /// Decodes and extracts the next piece of the body on the job's thread; gives the
    /// piece's buffer back, emptied, for the next one (a buffer freed on another thread
    /// than its own would wait there before the allocator can reuse it).
    ///
    /// The future holds the pool, not the job, so the request's thread can read on while
    /// the piece is decoded; after an error the caller calls [`PageJob::failed`].
    pub(crate) fn feed(
        &mut self,
        mut piece: Vec<u8>,
    ) -> impl std::future::Future<Output = Result<Vec<u8>, Problem>> + 'p {
        let (id, coding, start) = (self.id, self.coding.clone(), self.start.take());
        let (pool, worker) = (self.pool, self.worker);
        async move {
            pool.call(worker, move |jobs| -> Result<Vec<u8>, Problem> {
                if let Some(start) = start {
                    start.open(jobs, id)?;
                }
                feed(jobs, id, &piece, coding.as_deref())?;
                piece.clear();
                Ok(piece)
            })
            .await
            .and_then(|r| r)
        }
    }

    /// Closes the job after a piece failed.
    pub(crate) fn failed(&mut self) {
        self.close();
    }

    /// Ends the body with its `last` piece and gives the job's result, serialized on the
    /// job's thread too (a large article's JSON is CPU work as well): the page's article,
    /// or for a JSON request `json` applied to the body bytes.
    pub(crate) async fn finish(
        mut self,
        last: Vec<u8>,
        repr: Representation,
        json: impl FnOnce(Vec<u8>) -> Result<Article, Problem> + Send + 'static,
    ) -> Result<Extracted, Problem> {
        let (id, coding, start) = (self.id, self.coding.clone(), self.start.take());
        self.release();
        self.pool
            .call(self.worker, move |jobs| -> Result<Extracted, Problem> {
                if let Some(start) = start {
                    start.open(jobs, id)?;
                }
                if !last.is_empty() {
                    feed(jobs, id, &last, coding.as_deref())?;
                }
                let mut dec = jobs
                    .remove(&id)
                    .ok_or_else(|| Problem::internal("the job is gone"))?;
                if let Err(e) = dec.flush() {
                    return Err(decode_problem(dec.get_mut(), &e, coding.as_deref()));
                }
                let target = dec
                    .finish()
                    .map_err(|e| {
                        Problem::bad_request(
                            Code::InvalidContentEncoding,
                            format!(
                                "the {} body ended early: {e}",
                                coding.as_deref().unwrap_or("identity")
                            ),
                            "send the whole compressed body",
                        )
                    })?
                    .into_inner();
                let article = match target {
                    Target::Page(ex) => ex.finish()?,
                    Target::Json(body) => json(body)?,
                };
                Extracted::of(&article, repr)
            })
            .await?
    }

    /// No longer counts against its thread's load.
    fn release(&mut self) {
        if std::mem::replace(&mut self.open, false) {
            if let Some(w) = self.pool.workers.get(self.worker) {
                w.open.fetch_sub(1, Ordering::Relaxed);
            }
        }
    }

    /// Drops the job on its thread (without waiting), if it was opened there.
    fn close(&mut self) {
        let was_open = self.open;
        self.release();
        if was_open && self.start.is_none() {
            if let Some(w) = self.pool.workers.get(self.worker) {
                let id = self.id;
                let _ = w.tx.send(Box::new(move |jobs: &mut Jobs| {
                    jobs.remove(&id);
                }));
            }
        }
    }
}

impl Drop for PageJob<'_> {
    fn drop(&mut self) {
        self.close();
    }
}
