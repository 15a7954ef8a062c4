//! Python bindings of gleaner: `extract` for a whole page and `Extractor` for a page that
//! arrives in pieces. Both release the GIL while they work, so Python threads extract in
//! parallel, and both return the article as the dict the HTTP service sends as JSON.
//!
//! A gleaner `Extractor` holds lol_html's rewriter, which must stay on the thread that made
//! it; a Python object may be used from any thread. So each Python `Extractor` owns one
//! thread that owns the Rust extractor, and `write`/`finish` hand it their bytes and wait
//! for its answer with the GIL released.

use std::sync::{mpsc, Mutex};
use std::thread;

use gleaner::record::Record;
use gleaner::{Article, Choices, Code, Limits, Options};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyOSError, PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyString};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

create_exception!(
    _gleaner,
    GleanerError,
    PyException,
    "An extraction failed. `code` holds gleaner's stable error code (`limit_exceeded`, \
     `rewrite_failed`...), the same as the HTTP service's and `gleaner batch`'s."
);

/// The Python exception for a library error, with its stable code in `code`.
fn gleaner_error(py: Python<'_>, e: &gleaner::Error) -> PyErr {
    let err = GleanerError::new_err(e.to_string());
    if let Err(set) = err.value(py).setattr("code", e.code().as_str()) {
        return set;
    }
    err
}

/// The options of one page: the service's request options (`mode`, `explain`, `format`,
/// `script`...) and the per-page limits (`max_busy_ms`, `max_page_memory`...), by the same
/// names. An unknown name is a `TypeError`, a bad value a `ValueError`.
fn options(
    url: Option<String>,
    charset: Option<String>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<Options> {
    let mut limits = Limits::DEFAULT;
    let mut choices = Choices::default();
    if let Some(kwargs) = kwargs {
        let rest = PyDict::new(kwargs.py());
        for (key, value) in kwargs.iter() {
            let name: String = key.extract()?;
            limits = match name.as_str() {
                "sniff_bytes" => limits.with_sniff_bytes(value.extract()?),
                "max_parser_memory" => limits.with_max_parser_memory(value.extract()?),
                "max_text_bytes" => limits.with_max_text_bytes(value.extract()?),
                "max_page_memory" => limits.with_max_page_memory(value.extract()?),
                "max_depth" => limits.with_max_depth(value.extract()?),
                "max_json_ld_bytes" => limits.with_max_json_ld_bytes(value.extract()?),
                "max_busy_ms" => limits.with_max_busy_ms(value.extract()?),
                _ => {
                    rest.set_item(key, value)?;
                    continue;
                }
            };
        }
        choices = pythonize::depythonize(rest.as_any()).map_err(|e| {
            let message = format!("gleaner option: {e}");
            if message.contains("unknown field") {
                PyTypeError::new_err(message)
            } else {
                PyValueError::new_err(message)
            }
        })?;
    }
    Ok(choices.apply(
        Options::default()
            .with_url(url)
            .with_charset(charset)
            .with_limits(limits),
    ))
}

/// The article as the service's JSON object, made of Python values.
fn to_python<'py>(py: Python<'py>, article: &Article) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, article)
        .map_err(|e| PyRuntimeError::new_err(format!("gleaner: converting the article: {e}")))
}

/// A page's bytes as given: `bytes` and `bytearray` as they are; `str`, already decoded,
/// as UTF-8 (and read as UTF-8 whatever its `<meta charset>` says).
fn page_bytes(html: &Bound<'_, PyAny>, charset: &mut Option<String>) -> PyResult<Vec<u8>> {
    if let Ok(b) = html.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    if let Ok(b) = html.cast::<PyByteArray>() {
        return Ok(b.to_vec());
    }
    if let Ok(s) = html.cast::<PyString>() {
        *charset = Some("utf-8".to_owned());
        return Ok(s.to_cow()?.into_owned().into_bytes());
    }
    Err(PyTypeError::new_err(format!(
        "gleaner: a page is bytes, bytearray or str, not {}",
        html.get_type().name()?
    )))
}

/// extract(html, /, url=None, charset=None, **options) -> dict
///
/// Extracts the article of one page. `html` is the page's bytes (any charset: `charset`
/// is the transport's label, as a crawler got it from `Content-Type`) or a `str`. `url` is
/// the page's address, used to resolve relative links. Returns the dict the HTTP service
/// returns as JSON; raises `GleanerError` (with `code`) when a limit is broken.
#[pyfunction]
#[pyo3(signature = (html, /, url=None, charset=None, **options))]
fn extract<'py>(
    py: Python<'py>,
    html: &Bound<'py, PyAny>,
    url: Option<String>,
    charset: Option<String>,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut charset = charset;
    // Borrowed bytes would tie the work to the GIL; one copy of the page is cheap next to
    // extracting it, and lets every other Python thread run meanwhile.
    let bytes = page_bytes(html, &mut charset)?;
    let opts = self::options(url, charset, options)?;
    let result = py.detach(move || gleaner::extract(&bytes, &opts));
    match result {
        Ok(article) => to_python(py, &article),
        Err(e) => Err(gleaner_error(py, &e)),
    }
}

/// extract_record(record, /, **options) -> dict
///
/// Extracts one record of a data job, a JSON object `{"id", "url", "charset", "html" |
/// "html_base64"}` given as its JSON text (a JSONL line, `str` or UTF-8 `bytes`), as
/// `gleaner batch --input jsonl` does: parsing, base64 and extraction all run with the GIL
/// released. Returns the line `batch` would write (without its `input` number), as a
/// dict: `{"id", "url", "article"}`, or `{"id", "url", "error": {"code", "message"}}` for
/// a record that is not one or fails (`id` is `None` when the line is not a record; `url`
/// is the record's own, present when it has one). Never raises for a bad record.
#[pyfunction]
#[pyo3(signature = (record, /, **options))]
fn extract_record<'py>(
    py: Python<'py>,
    record: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let text = if let Ok(s) = record.cast::<PyString>() {
        Ok(s.to_cow()?.into_owned())
    } else if let Ok(b) = record.cast::<PyBytes>() {
        String::from_utf8(b.as_bytes().to_vec())
    } else {
        return Err(PyTypeError::new_err(
            "gleaner: a record is its JSON text, as str or bytes",
        ));
    };
    let opts = self::options(None, None, options)?;
    let (id, url, outcome): (serde_json::Value, Option<String>, Outcome) = py.detach(move || {
        let text = match text {
            Ok(t) => t,
            Err(e) => {
                let why = format!("a record is UTF-8 JSON: {e}");
                return (serde_json::Value::Null, None, Err((Code::InvalidJson, why)));
            }
        };
        let mut rec = match Record::parse(&text) {
            Ok(r) => r,
            Err(e) => return (serde_json::Value::Null, None, Err((e.code, e.message))),
        };
        let url = rec.url.clone();
        let outcome = match rec.extract(&opts) {
            Ok(result) => result.map_err(|e| (e.code(), e.to_string())),
            Err(e) => Err((e.code, e.message)),
        };
        (rec.id, url, outcome)
    });
    batch_line(py, &id, url.as_deref(), outcome)
}

/// What a record came to: its article, or an error's code and message.
type Outcome = Result<Article, (Code, String)>;

/// A WARC record's id, its `WARC-Target-URI` and what it came to.
type WarcLine = (serde_json::Value, Option<String>, Outcome);

/// The line `gleaner batch` writes for a record, as a dict: `{"id", "url", "article"}` or
/// `{"id", "url", "error": {"code", "message"}}` (`url`, the record's own, when it has one).
fn batch_line<'py>(
    py: Python<'py>,
    id: &serde_json::Value,
    url: Option<&str>,
    outcome: Outcome,
) -> PyResult<Bound<'py, PyAny>> {
    let line = PyDict::new(py);
    line.set_item(
        "id",
        pythonize::pythonize(py, id).map_err(|e| PyRuntimeError::new_err(e.to_string()))?,
    )?;
    if let Some(u) = url {
        line.set_item("url", u)?;
    }
    match outcome {
        Ok(article) => line.set_item("article", to_python(py, &article)?)?,
        Err((code, message)) => {
            let error = PyDict::new(py);
            error.set_item("code", code.as_str())?;
            error.set_item("message", message)?;
            line.set_item("error", error)?;
        }
    }
    Ok(line.into_any())
}

/// extract_warc(path, /, **options) -> Iterator[dict]
///
/// Extracts the HTML pages of a WARC file (`.warc`, or `.warc.gz` gunzipped as it is
/// read), one record at a time, as `gleaner batch` does: `response` and `resource` records
/// whose content type is HTML, with the HTTP charset and `WARC-Target-URI` as the page's
/// charset and url. Yields the lines `batch` writes (without their `input` number), as
/// dicts: `{"id": WARC-Record-ID, "url": WARC-Target-URI, "article"}`, or `{"id",
/// "error": {"code", "message"}}` for a record that cannot be read
/// or extracted (a truncated record, a broken gzip member); other records are skipped and
/// counted in the iterator's `skipped`. Reading and extracting run with the GIL released;
/// memory holds one record, not the file. Raises `OSError` when the file cannot be opened.
#[pyfunction]
#[pyo3(signature = (path, /, **options))]
fn extract_warc(
    path: std::path::PathBuf,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<WarcPages> {
    let opts = self::options(None, None, options)?;
    let records = gleaner::warc::open(&path)
        .map_err(|e| PyOSError::new_err(format!("gleaner: opening {}: {e}", path.display())))?;
    Ok(WarcPages {
        state: Mutex::new(WarcState {
            records,
            skipped: 0,
        }),
        file: path.display().to_string(),
        options: opts,
    })
}

struct WarcState {
    records: gleaner::warc::Records<Box<dyn std::io::BufRead + Send>>,
    skipped: u64,
}

/// The pages of one WARC file, extracted as they are read (see `extract_warc`).
#[pyclass(module = "gleaner._gleaner")]
struct WarcPages {
    state: Mutex<WarcState>,
    file: String,
    options: Options,
}

#[pymethods]
impl WarcPages {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let next: Result<Option<WarcLine>, &str> = py.detach(|| {
            let mut state = self
                .state
                .lock()
                .map_err(|_| "the reader failed in another thread")?;
            loop {
                return Ok(match state.records.next() {
                    None => None,
                    Some(gleaner::warc::Item::Skipped) => {
                        state.skipped += 1;
                        continue;
                    }
                    Some(gleaner::warc::Item::Page(p)) => {
                        let outcome = p
                            .extract(&self.options)
                            .map_err(|e| (e.code(), e.to_string()));
                        Some((serde_json::Value::String(p.id), p.url, outcome))
                    }
                    Some(gleaner::warc::Item::Bad { id, message }) => {
                        let id = id.map_or_else(
                            || serde_json::json!({ "file": self.file }),
                            serde_json::Value::String,
                        );
                        let message = format!("{}: {message}", self.file);
                        Some((id, None, Err((Code::IoError, message))))
                    }
                });
            }
        });
        match next {
            Ok(Some((id, url, outcome))) => batch_line(py, &id, url.as_deref(), outcome).map(Some),
            Ok(None) => Ok(None),
            Err(why) => Err(PyRuntimeError::new_err(format!("gleaner: {why}"))),
        }
    }

    /// Records read so far that are not HTML pages (requests, metadata, images...).
    #[getter]
    fn skipped(&self) -> u64 {
        self.state.lock().map_or(0, |s| s.skipped)
    }
}

enum Message {
    Chunk(Vec<u8>),
    Finish,
}

/// What the extractor's thread answers: `None` to a chunk, the article to `Finish`.
type Reply = Result<Option<Article>, gleaner::Error>;

/// The thread that owns a gleaner extractor, and the channels to it.
struct Worker {
    to: mpsc::Sender<Message>,
    from: mpsc::Receiver<Reply>,
}

impl Worker {
    fn spawn(options: Options) -> std::io::Result<Worker> {
        let (to, inbox) = mpsc::channel::<Message>();
        let (outbox, from) = mpsc::channel::<Reply>();
        thread::Builder::new()
            .name("gleaner-extractor".to_owned())
            .spawn(move || {
                let mut ex = gleaner::Extractor::new(&options);
                // Ends when the Python object is dropped (its sender goes) or at Finish.
                while let Ok(message) = inbox.recv() {
                    match message {
                        Message::Chunk(chunk) => {
                            if outbox.send(ex.write(&chunk).map(|()| None)).is_err() {
                                return;
                            }
                        }
                        Message::Finish => {
                            let _ = outbox.send(ex.finish().map(Some));
                            return;
                        }
                    }
                }
            })?;
        Ok(Worker { to, from })
    }

    fn ask(&self, message: Message) -> Result<Reply, &'static str> {
        self.to
            .send(message)
            .map_err(|_| "the extractor's thread ended")?;
        self.from.recv().map_err(|_| "the extractor's thread ended")
    }
}

/// Extractor(url=None, charset=None, **options)
///
/// Extracts one page given in pieces, as they arrive: `write(chunk)` as often as needed,
/// then `finish()` for the article. Memory stays bounded by the page's limits, not by
/// the page's size. The options are those of `extract`.
#[pyclass(module = "gleaner._gleaner")]
struct Extractor {
    worker: Mutex<Option<Worker>>,
}

#[pymethods]
impl Extractor {
    #[new]
    #[pyo3(signature = (url=None, charset=None, **options))]
    fn new(
        url: Option<String>,
        charset: Option<String>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let opts = self::options(url, charset, options)?;
        let worker = Worker::spawn(opts).map_err(|e| {
            PyRuntimeError::new_err(format!("gleaner: starting the extractor's thread: {e}"))
        })?;
        Ok(Extractor {
            worker: Mutex::new(Some(worker)),
        })
    }

    /// write(chunk: bytes) -> None
    ///
    /// Feeds the next piece of the page. Raises `GleanerError` when a limit is broken;
    /// the extractor then takes no more input.
    fn write(&self, py: Python<'_>, chunk: &Bound<'_, PyAny>) -> PyResult<()> {
        let bytes = if let Ok(b) = chunk.cast::<PyBytes>() {
            b.as_bytes().to_vec()
        } else if let Ok(b) = chunk.cast::<PyByteArray>() {
            b.to_vec()
        } else {
            return Err(PyTypeError::new_err(
                "gleaner: Extractor.write takes bytes or bytearray (encode a str, or pass \
                 a whole str page to extract())",
            ));
        };
        match self.ask(py, Message::Chunk(bytes), false)? {
            Ok(_) => Ok(()),
            Err(e) => Err(gleaner_error(py, &e)),
        }
    }

    /// finish() -> dict
    ///
    /// Ends the page and returns its article (the dict of `extract`). The extractor is
    /// spent afterwards.
    fn finish<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self.ask(py, Message::Finish, true)? {
            Ok(Some(article)) => to_python(py, &article),
            Ok(None) => Err(PyRuntimeError::new_err("gleaner: no article came back")),
            Err(e) => Err(gleaner_error(py, &e)),
        }
    }
}

impl Extractor {
    /// Sends `message` to the worker and waits for its reply with the GIL released;
    /// `last` retires the worker.
    fn ask(&self, py: Python<'_>, message: Message, last: bool) -> PyResult<Reply> {
        let answer = py.detach(|| {
            let mut slot = self
                .worker
                .lock()
                .map_err(|_| "the extractor failed in another thread")?;
            let reply = match slot.as_ref() {
                Some(worker) => worker.ask(message)?,
                None => return Err("finish() was called already: the extractor is spent"),
            };
            if last {
                *slot = None;
            }
            Ok(reply)
        });
        answer.map_err(|why| PyRuntimeError::new_err(format!("gleaner: {why}")))
    }
}

/// gleaner: turns raw scraped web pages into clean article JSON.
#[pymodule]
fn _gleaner(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(extract_record, m)?)?;
    m.add_function(wrap_pyfunction!(extract_warc, m)?)?;
    m.add_class::<WarcPages>()?;
    m.add_class::<Extractor>()?;
    m.add("GleanerError", m.py().get_type::<GleanerError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
