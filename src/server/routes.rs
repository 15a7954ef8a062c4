//! Routes: `POST /v1/extract`, `GET /livez`, `/readyz`, `/metrics`, `/openapi.yaml`.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use serde::Deserialize;
use tracing::Instrument;

use super::body::content_coding;
use super::error::Problem;
use super::pool::{Extracted, PageJob, Representation, Target, FEED_BYTES};
use super::AppState;
use crate::options::present;
use crate::{Choices, Code, Extractor, Options};

const OPENAPI: &str = include_str!("../../openapi.yaml");
const PLAYGROUND: &str = include_str!("playground.html");

/// The playground's Content-Security-Policy: its own inline script and style (by hash) and
/// requests to this server, nothing else; no frames, forms, plugins or base changes.
fn playground_csp() -> &'static str {
    static CSP: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    CSP.get_or_init(|| {
        let hash = |open: &str, close: &str| {
            use base64::Engine as _;
            use sha2::Digest as _;
            let body = PLAYGROUND
                .split_once(open)
                .and_then(|(_, rest)| rest.split_once(close))
                .map_or("", |(inner, _)| inner);
            let digest = sha2::Sha256::digest(body.as_bytes());
            format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
        };
        format!(
            "default-src 'none'; script-src {}; style-src {}; connect-src 'self'; img-src 'self' data:; \
             base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            hash("<script>", "</script>"),
            hash("<style>", "</style>")
        )
    })
}

async fn playground() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_SECURITY_POLICY, playground_csp()))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .body(PLAYGROUND)
}

pub(super) fn configure(cfg: &mut web::ServiceConfig, state: web::Data<AppState>) {
    cfg.app_data(state)
        .app_data(web::QueryConfig::default().error_handler(|e, _| {
            Problem::bad_request(
                Code::InvalidQuery,
                e.to_string(),
                format!("query parameters are {}", choices_summary()),
            )
            .into()
        }))
        .service(
            web::resource("/v1/extract")
                .route(web::post().to(extract))
                .default_service(web::to(method_not_allowed)),
        )
        .service(
            web::resource(["/", "/playground"])
                .route(web::get().to(playground))
                .default_service(web::to(method_not_allowed)),
        )
        .service(
            web::resource("/livez")
                .route(web::get().to(livez))
                .default_service(web::to(method_not_allowed)),
        )
        .service(
            web::resource("/readyz")
                .route(web::get().to(readyz))
                .default_service(web::to(method_not_allowed)),
        )
        .service(
            web::resource("/metrics")
                .route(web::get().to(metrics))
                .default_service(web::to(method_not_allowed)),
        )
        .service(
            web::resource("/openapi.yaml")
                .route(web::get().to(openapi))
                .default_service(web::to(method_not_allowed)),
        )
        .default_service(web::to(not_found));
}

/// One span per request, with method, path, status and latency logged at the end. The
/// span carries the request's id (`X-Request-Id`, the caller's or a new one, returned in
/// the answer) and the caller's W3C trace context (`traceparent`), so every log line of
/// the request can be joined to the caller's trace.
pub(super) async fn trace_request(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let get = |name| req.headers().get(name).and_then(|v| v.to_str().ok());
    let request_id = super::trace::request_id(get("x-request-id"));
    let parent = get("traceparent").and_then(super::trace::traceparent);
    let span = tracing::info_span!(
        "request",
        method = %req.method(),
        path = %super::trace::log_path(req.path()),
        request_id = %request_id,
        trace_id = tracing::field::Empty,
        parent_span_id = tracing::field::Empty,
        sampled = tracing::field::Empty,
    );
    if let Some(p) = &parent {
        span.record("trace_id", tracing::field::display(&p.trace_id));
        span.record("parent_span_id", tracing::field::display(&p.parent_id));
        span.record("sampled", p.sampled);
    }
    // A route that reads no body still holds the request's payload until its answer is
    // written: actix-http then closes the connection after a lingering read (see
    // `HeldBody`) instead of waiting for the rest of a chunked body for ever.
    let kept =
        (req.path() != "/v1/extract").then(|| actix_web::HttpMessage::take_payload(&mut req));
    let started = Instant::now();
    // Every answer of the extraction route counts, whoever made it (the handler, a query
    // that does not parse, a wrong method).
    let state = (req.path() == "/v1/extract")
        .then(|| req.app_data::<web::Data<AppState>>().cloned())
        .flatten();
    let mut res = next.call(req).instrument(span.clone()).await;
    if let Ok(r) = &mut res {
        if let Ok(v) = header::HeaderValue::from_str(&request_id) {
            r.headers_mut()
                .insert(header::HeaderName::from_static("x-request-id"), v);
        }
    }
    let res = res.map(|r| match kept {
        Some(payload) => r.map_body(|_, body| HeldBody::wrap(body.boxed(), payload)),
        None => r.map_into_boxed_body(),
    });
    if let Some(state) = state {
        let (status, error) = match &res {
            Ok(r) => (r.status(), r.response().error()),
            Err(e) => (e.as_response_error().status_code(), Some(e)),
        };
        let shed = error
            .and_then(|e| e.as_error::<Problem>())
            .is_some_and(|p| p.code == Code::Overloaded);
        let outcome = if shed {
            super::Outcome::Overloaded
        } else {
            super::Outcome::of(status.as_u16())
        };
        state
            .metrics
            .request(outcome, started.elapsed().as_secs_f64());
    }
    let _g = span.enter();
    match &res {
        Ok(r) => tracing::info!(
            status = r.status().as_u16(),
            elapsed_us = started.elapsed().as_micros() as u64,
            "request done"
        ),
        Err(e) => {
            tracing::warn!(error = %e, elapsed_us = started.elapsed().as_micros() as u64, "request failed")
        }
    }
    res
}

/// The choices a request may make and their values, as `name=a|b` pairs, read off the
/// one definition of each choice ([`Choices`]).
pub(super) fn choices_summary() -> String {
    use clap::Args;
    let cmd = Choices::augment_args(clap::Command::new("choices"));
    let parts: Vec<String> = cmd
        .get_arguments()
        .map(|a| {
            let values: Vec<String> = a
                .get_possible_values()
                .iter()
                .map(|v| v.get_name().to_string())
                .collect();
            format!("{}={}", a.get_id(), values.join("|"))
        })
        .collect();
    parts.join(", ")
}

/// `application/json` request body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtractRequest {
    #[serde(default, deserialize_with = "present")]
    html: Option<String>,
    #[serde(default, deserialize_with = "present")]
    html_base64: Option<String>,
    #[serde(default, deserialize_with = "present")]
    url: Option<String>,
    #[serde(default, deserialize_with = "present")]
    charset: Option<String>,
    #[serde(default, deserialize_with = "json_choices")]
    options: Option<Choices>,
}

/// The yes/no choices, which take the spellings of query strings (`1`, `yes`...) there.
const YES_NO_CHOICES: [&str; 3] = ["explain", "links", "repair_readings"];

/// A JSON request's `options`: JSON has booleans, so its yes/no choices must be `true` or
/// `false` (as `openapi.yaml` says), not the spellings a query string may use.
fn json_choices<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Choices>, D::Error> {
    use serde::de::Error;
    let v = serde_json::Value::deserialize(d)?;
    if let Some(map) = v.as_object() {
        for (k, x) in map {
            if YES_NO_CHOICES.contains(&k.as_str()) && !x.is_boolean() {
                return Err(D::Error::custom(format!(
                    "options.{k} must be true or false, not {x}"
                )));
            }
        }
    }
    serde_json::from_value(v)
        .map(Some)
        .map_err(D::Error::custom)
}

fn media_type(req: &HttpRequest) -> Result<(String, Option<String>), Problem> {
    let Some(ct) = req.headers().get(header::CONTENT_TYPE) else {
        return Err(Problem::unsupported_media_type("(none)"));
    };
    let ct = ct.to_str().map_err(|_| {
        Problem::bad_request(
            Code::InvalidContentType,
            "Content-Type is not ASCII",
            "send e.g. Content-Type: text/html; charset=utf-8",
        )
    })?;
    Ok(crate::warc::media_type(ct))
}

/// The query of `/v1/extract`: the choices, and `url`, the page's address.
fn extract_query(req: &HttpRequest) -> Result<(Choices, Option<String>), Problem> {
    let mut url = None;
    let mut rest = Vec::new();
    for pair in req.query_string().split('&').filter(|p| !p.is_empty()) {
        let key = pair.split('=').next().unwrap_or_default();
        let decoded: String = url::form_urlencoded::parse(key.as_bytes())
            .map(|(k, _)| k.into_owned())
            .collect();
        if decoded == "url" {
            let value = url::form_urlencoded::parse(pair.as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default();
            if url.replace(value).is_some() {
                return Err(Problem::bad_request(
                    Code::InvalidQuery,
                    "url is given twice",
                    "give the page's address once",
                ));
            }
        } else {
            rest.push(pair);
        }
    }
    let choices = web::Query::<Choices>::from_query(&rest.join("&")).map_err(|e| {
        Problem::bad_request(
            Code::InvalidQuery,
            e.to_string(),
            format!("query parameters are url and {}", choices_summary()),
        )
    })?;
    Ok((choices.into_inner(), url.filter(|u| !u.is_empty())))
}

/// An answer's body that holds the request's payload until the body is written out.
/// actix-http (3.20) decides there what to do with a request body the handler did not
/// read to its end: while the payload is held, it answers with `Connection: close`, reads
/// and discards for `client_disconnect_timeout` (`--linger`) and closes; once the payload
/// is dropped, it waits for the rest of a chunked body with no timeout at all.
pub(super) struct HeldBody {
    body: actix_web::body::BoxBody,
    _held: actix_web::dev::Payload,
}

impl HeldBody {
    pub(super) fn wrap(
        body: actix_web::body::BoxBody,
        payload: actix_web::dev::Payload,
    ) -> actix_web::body::BoxBody {
        actix_web::body::BoxBody::new(HeldBody {
            body,
            _held: payload,
        })
    }
}

impl MessageBody for HeldBody {
    type Error = Box<dyn std::error::Error>;

    fn size(&self) -> actix_web::body::BodySize {
        self.body.size()
    }

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<actix_web::web::Bytes, Self::Error>>> {
        std::pin::Pin::new(&mut self.body).poll_next(cx)
    }
}

async fn extract(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> HttpResponse {
    let mut payload = payload.into_inner();
    let answer = extract_answer(&req, &mut payload, &state).await;
    answer
        .unwrap_or_else(HttpResponse::from_error)
        .map_body(|_, body| HeldBody::wrap(body, payload))
}

async fn extract_answer(
    req: &HttpRequest,
    payload: &mut actix_web::dev::Payload,
    state: &web::Data<AppState>,
) -> Result<HttpResponse, Problem> {
    let (query, url) = extract_query(req)?;
    // A request still running when the shutdown grace ends answers 503 (its job is
    // dropped), rather than being cut off with the connection.
    let result = tokio::select! {
        r = extract_inner(req, payload, query, url, state) => r,
        () = state.grace_over() => Err(Problem::shutting_down(state.grace)),
    };
    if let Ok(a) = &result {
        state
            .metrics
            .extracted(a.extracted.stats.busy_us, a.extracted.empty);
    }
    let Done {
        extracted: done,
        repr,
    } = result?;
    tracing::info!(
        bytes_in = done.stats.bytes_in,
        encoding = %done.encoding,
        text_chars = done.stats.text_chars,
        blocks_kept = done.stats.blocks_kept,
        blocks_removed = done.stats.blocks_removed,
        elapsed_us = done.stats.elapsed_us,
        busy_us = done.stats.busy_us,
        "extracted"
    );
    let mut answer = HttpResponse::Ok();
    answer
        .content_type(repr.content_type())
        .insert_header((header::VARY, "Accept"));
    if repr == Representation::Html {
        // The document is the article only: nothing in it may load or run.
        answer.insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; img-src https: http:",
        ));
    }
    Ok(answer.body(done.body))
}

/// What the request's `Accept` asks for: the article's JSON (also for no `Accept`,
/// `*/*`, `application/*`), or the bare article as `text/markdown`, `text/plain`
/// (also `text/*`) or `text/html`, the acceptable type of highest quality first (the
/// first one listed among equals). Nothing acceptable is a 406.
fn negotiate(req: &HttpRequest) -> Result<Representation, Problem> {
    let mut ranges: Vec<(String, u16)> = Vec::new();
    for value in req.headers().get_all(header::ACCEPT) {
        let Ok(value) = value.to_str() else { continue };
        for range in value.split(',') {
            let mut parts = range.split(';');
            let essence = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            if essence.is_empty() {
                continue;
            }
            // q in thousandths; a bad q reads as 1, as most servers read it.
            let q = parts
                .filter_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .or_else(|| p.trim().strip_prefix("Q="))
                })
                .find_map(|q| q.trim().parse::<f32>().ok())
                .map_or(1000, |q| (q.clamp(0.0, 1.0) * 1000.0).round() as u16);
            ranges.push((essence, q));
        }
    }
    if ranges.is_empty() {
        return Ok(Representation::Json);
    }
    ranges.sort_by_key(|(_, q)| std::cmp::Reverse(*q));
    let known = |essence: &str| match essence {
        "application/json" | "application/*" | "*/*" => Some(Representation::Json),
        "text/markdown" | "text/x-markdown" => Some(Representation::Markdown),
        "text/plain" | "text/*" => Some(Representation::Text),
        "text/html" => Some(Representation::Html),
        _ => None,
    };
    ranges
        .iter()
        .filter(|(_, q)| *q > 0)
        .find_map(|(e, _)| known(e))
        .ok_or_else(|| {
            let asked: Vec<&str> = ranges.iter().map(|(e, _)| e.as_str()).collect();
            Problem::not_acceptable(&asked.join(", "))
        })
}

async fn extract_inner(
    req: &HttpRequest,
    payload: &mut actix_web::dev::Payload,
    q: Choices,
    url: Option<String>,
    state: &AppState,
) -> Result<Done, Problem> {
    let (essence, charset) = media_type(req)?;
    let limit = state.max_body_bytes;
    if let Some(len) = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
    {
        if len > limit {
            return Err(Problem::too_large(limit));
        }
    }
    let repr = negotiate(req)?;
    let mut opts = repr.options(q.apply(state.options.clone()));
    if url.is_some() {
        opts = opts.with_url(url);
    }
    let coding = content_coding(req.headers().get_all(header::CONTENT_ENCODING))?;
    let coding_is_identity = coding.is_none();
    // Decoding and extraction run on the extraction pool, never on this thread.
    let (mut job, json_opts, reserve) = match essence.as_str() {
        "text/html" | "text/plain" | "application/xhtml+xml" | "application/octet-stream" => {
            let fallback = opts.charset.clone();
            let opts = opts.with_charset(charset.clone().or(fallback));
            let target = move || Target::Page(Box::new(Extractor::new(&opts)));
            (
                state.pool.job(coding, limit, target),
                None,
                state.page_reservation,
            )
        }
        "application/json" => {
            let target = || Target::Json(Vec::new());
            // The body is held whole, and the page decoded from it.
            let reserve = state.page_reservation + 2 * state.max_body_bytes;
            (state.pool.job(coding, limit, target), Some(opts), reserve)
        }
        other => return Err(Problem::unsupported_media_type(other)),
    };
    // The extraction slot is taken with the first piece handed to the pool: an upload
    // still arriving slowly holds none.
    let mut slot = None;
    let last = read_body(
        payload,
        state,
        &mut job,
        &mut slot,
        reserve,
        coding_is_identity,
    )
    .await?;
    if slot.is_none() {
        slot = Some(Slot::take(state, reserve)?);
    }
    let _slot = slot;
    let extracted = job
        .finish(last, repr, move |body| {
            let opts = json_opts.ok_or_else(|| Problem::internal("not a JSON request"))?;
            let (bytes, opts) = json_request(&body, opts, charset)?;
            // The document asked for wins over the body's `format`.
            Ok(crate::extract(&bytes, &repr.options(opts))?)
        })
        .await?;
    Ok(Done { extracted, repr })
}

/// An extraction and the representation it was asked for.
struct Done {
    extracted: Extracted,
    repr: Representation,
}

/// One of the `max_concurrent` extraction slots with the page's memory reservation, both
/// given back when dropped.
struct Slot<'a>(&'a AppState, u64);

impl<'a> Slot<'a> {
    /// A slot reserving `bytes` of the memory budget.
    fn take(state: &'a AppState, bytes: u64) -> Result<Self, Problem> {
        let before = state.in_flight.fetch_add(1, Ordering::SeqCst);
        if before >= state.max_concurrent {
            state.in_flight.fetch_sub(1, Ordering::SeqCst);
            return Err(Problem::overloaded(state.max_concurrent));
        }
        let held = state.reserved.fetch_add(bytes, Ordering::SeqCst);
        // One page at least always runs, whatever the budget.
        if held > 0 && held + bytes > state.max_memory {
            state.reserved.fetch_sub(bytes, Ordering::SeqCst);
            state.in_flight.fetch_sub(1, Ordering::SeqCst);
            return Err(Problem::out_of_memory_budget(state.max_memory, bytes));
        }
        Ok(Slot(state, bytes))
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.0.reserved.fetch_sub(self.1, Ordering::SeqCst);
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Bytes of a request body read ahead of the extraction, beyond the two pieces a page's
/// reservation counts, charged to the memory budget while they are held.
struct AheadCharge<'s> {
    state: &'s AppState,
    bytes: u64,
}

impl AheadCharge<'_> {
    /// Makes the charge `want` bytes; false (the charge unchanged) when the budget cannot
    /// take more.
    fn set(&mut self, want: u64) -> bool {
        let reserved = &self.state.reserved;
        if want <= self.bytes {
            reserved.fetch_sub(self.bytes - want, Ordering::SeqCst);
            self.bytes = want;
            return true;
        }
        let more = want - self.bytes;
        let mut cur = reserved.load(Ordering::SeqCst);
        loop {
            if cur + more > self.state.max_memory {
                return false;
            }
            match reserved.compare_exchange(cur, cur + more, Ordering::SeqCst, Ordering::SeqCst) {
                Ok(_) => {
                    self.bytes = want;
                    return true;
                }
                Err(now) => cur = now,
            }
        }
    }
}

impl Drop for AheadCharge<'_> {
    fn drop(&mut self) {
        self.state.reserved.fetch_sub(self.bytes, Ordering::SeqCst);
    }
}

/// Reads the request body into `job` in pieces of at least [`FEED_BYTES`] (taking an
/// extraction `slot` with the first), and goes on reading while a piece is decoded, as
/// far as the memory budget allows: a body is never left waiting in actix-http's buffers,
/// which lose what they hold when a client half-closes after a complete body (actix-http
/// 3.20 ends the payload with an error at the read side's end even when the rest of the
/// body is in its read buffer). Returns the last piece (maybe empty), for the job's
/// `finish`. Every wait for data is bounded by `body_timeout`, by the minimum upload rate
/// after its grace (each byte received buys `1/min_upload_rate` s: a slow drip is cut
/// off, a steady slow client is not) and by `max_upload` for the whole body.
async fn read_body<'s>(
    payload: &mut actix_web::dev::Payload,
    state: &'s AppState,
    job: &mut PageJob<'_>,
    slot: &mut Option<Slot<'s>>,
    reserve: u64,
    identity: bool,
) -> Result<Vec<u8>, Problem> {
    let started = tokio::time::Instant::now();
    let mut received = 0u64;
    let mut ahead = Vec::new();
    let mut charge = AheadCharge { state, bytes: 0 };
    // The piece being decoded (its length) and its future, which gives the buffer back.
    let mut feeding = None;
    let mut in_flight = 0usize;
    let mut ended = false;
    let mut room = true;
    loop {
        if feeding.is_none() && ahead.len() >= FEED_BYTES {
            if slot.is_none() {
                *slot = Some(Slot::take(state, reserve)?);
            }
            in_flight = ahead.len();
            feeding = Some(Box::pin(job.feed(std::mem::take(&mut ahead))));
        }
        if ended && feeding.is_none() {
            break;
        }
        let by_rate = match state.min_upload_rate {
            0 => state.max_upload,
            rate => state.upload_grace + Duration::from_secs_f64(received as f64 / rate as f64),
        };
        let deadline = started + by_rate.min(state.max_upload);
        tokio::select! {
            fed = async {
                match feeding.as_mut() {
                    Some(f) => f.await,
                    None => Err(Problem::internal("reading the body: no piece in flight")),
                }
            }, if feeding.is_some() => {
                feeding = None;
                in_flight = 0;
                let buffer = match fed {
                    Ok(b) => b,
                    Err(p) => {
                        job.failed();
                        return Err(p);
                    }
                };
                if ahead.is_empty() {
                    ahead = buffer;
                }
            }
            next = tokio::time::timeout_at(
                deadline,
                actix_web::rt::time::timeout(state.body_timeout, payload.next()),
            ), if !ended && room => {
                let next = match next {
                    Ok(Ok(next)) => next,
                    Ok(Err(_)) => return Err(Problem::body_timeout(state.body_timeout.as_secs())),
                    Err(_) => {
                        let secs = started.elapsed().as_secs_f64();
                        tracing::info!(received, secs, "upload too slow: cut off");
                        return Err(Problem::body_too_slow(
                            received,
                            secs,
                            state.min_upload_rate,
                            state.max_upload.as_secs(),
                        ));
                    }
                };
                match next {
                    None => ended = true,
                    Some(chunk) => {
                        let chunk = chunk.map_err(|e| {
                            Problem::bad_request(
                                Code::BodyReadFailed,
                                e.to_string(),
                                "send the whole body; check Content-Length and transfer encoding",
                            )
                        })?;
                        received += chunk.len() as u64;
                        state.metrics.received(chunk.len() as u64);
                        // Without a coding the body's size is its decoded size: past the
                        // limit it is answered at once, whatever is still being decoded.
                        if identity && received > state.max_body_bytes {
                            return Err(Problem::too_large(state.max_body_bytes));
                        }
                        ahead.extend_from_slice(&chunk);
                    }
                }
            }
            else => return Err(Problem::internal("reading the body: nothing to wait for")),
        }
        // What is held beyond the two pieces the reservation counts is charged; past the
        // budget, reading waits for the piece being decoded.
        let held = (ahead.len() + in_flight).saturating_sub(2 * FEED_BYTES) as u64;
        room = charge.set(held);
    }
    state.metrics.body(received);
    Ok(ahead)
}

/// Parses a JSON extract request (`application/json` body) into the page's bytes and the
/// options for it; `opts` are the defaults and the query's options, `charset` the
/// Content-Type's. Public for the fuzz target on the request parser.
#[doc(hidden)]
pub fn json_request(
    body: &[u8],
    opts: Options,
    charset: Option<String>,
) -> Result<(Vec<u8>, Options), Problem> {
    let r: ExtractRequest = serde_json::from_slice(body).map_err(|e| {
        Problem::bad_request(
            Code::InvalidJson,
            format!("the JSON body is not a valid extract request: {e}"),
            format!("send {{\"html\": \"<html>...\"}} or {{\"html_base64\": \"...\"}}, optionally with \"url\", \"charset\" and \"options\" ({})", choices_summary()),
        )
    })?;
    let ro = r.options.unwrap_or_default();
    let url = r.url.or(opts.url.clone());
    let opts = ro.apply(opts).with_url(url);
    let (bytes, opts) = match (r.html, r.html_base64) {
        (Some(html), None) => (html.into_bytes(), opts.with_charset(Some("utf-8".into()))),
        (None, Some(b64)) => {
            let bytes = crate::record::decode_base64(b64).map_err(|e| {
                Problem::bad_request(
                    Code::InvalidBase64,
                    format!("html_base64 is not valid base64: {e}"),
                    "encode the page bytes with standard base64 (RFC 4648, with padding)",
                )
            })?;
            let cs = r.charset.or(charset.clone()).or(opts.charset.clone());
            (bytes, opts.with_charset(cs))
        }
        (Some(_), Some(_)) => {
            return Err(Problem::bad_request(
                Code::AmbiguousHtml,
                "both html and html_base64 were given",
                "send exactly one of html and html_base64",
            ))
        }
        (None, None) => {
            return Err(Problem::bad_request(
                Code::MissingHtml,
                "neither html nor html_base64 was given",
                "send exactly one of html and html_base64",
            ))
        }
    };
    Ok((bytes, opts))
}

async fn livez() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({"status": "ok"}))
}

async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    if state.ready.load(Ordering::SeqCst) {
        HttpResponse::Ok().json(serde_json::json!({"status": "ready"}))
    } else {
        HttpResponse::ServiceUnavailable().json(serde_json::json!({"status": "shutting_down"}))
    }
}

async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    let body = state.metrics.render(
        state.in_flight.load(Ordering::SeqCst),
        state.ready.load(Ordering::SeqCst),
    );
    HttpResponse::Ok()
        .content_type(super::Metrics::CONTENT_TYPE)
        .body(body)
}

async fn openapi() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/yaml")
        .body(OPENAPI)
}

async fn method_not_allowed(req: HttpRequest) -> HttpResponse {
    use actix_web::ResponseError;
    let allow = if req.path() == "/v1/extract" {
        "POST"
    } else {
        "GET"
    };
    let mut res = Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        Code::MethodNotAllowed,
        "Method not allowed",
        format!("{} is not allowed on {}", req.method(), req.path()),
        "POST /v1/extract; GET /livez, /readyz, /metrics, /openapi.yaml, / (the playground)",
    )
    .error_response();
    // RFC 9110: a 405 names the methods the resource does allow.
    res.headers_mut()
        .insert(header::ALLOW, header::HeaderValue::from_static(allow));
    res
}

async fn not_found(req: HttpRequest) -> HttpResponse {
    use actix_web::ResponseError;
    Problem::new(
        StatusCode::NOT_FOUND,
        Code::NotFound,
        "Not found",
        format!("no route {}", req.path()),
        "POST /v1/extract; GET /livez, /readyz, /metrics, /openapi.yaml, / (the playground)",
    )
    .error_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::{test, App};

    fn state() -> web::Data<AppState> {
        web::Data::new(
            AppState::new(
                Options::default(),
                &super::super::ServerConfig {
                    max_body_bytes: 1024,
                    extract_threads: Some(1),
                    ..Default::default()
                },
            )
            .expect("start the extraction thread"),
        )
    }

    #[actix_web::test]
    async fn html_body_gives_an_article() {
        let app = test::init_service(App::new().configure(super::super::configure(state()))).await;
        let req = test::TestRequest::post()
            .uri("/v1/extract")
            .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
            .set_payload("<title>T</title><article><p>Some article text that is long enough to be kept, with commas, and a period.</p></article>")
            .to_request();
        let res = test::call_service(&app, req).await;
        assert_eq!(res.status(), StatusCode::OK);
        let a: crate::Article = test::read_body_json(res).await;
        assert!(a.text.starts_with("Some article text"));
    }

    #[actix_web::test]
    async fn over_limit_is_413_problem() {
        let app = test::init_service(App::new().configure(super::super::configure(state()))).await;
        let req = test::TestRequest::post()
            .uri("/v1/extract")
            .insert_header((header::CONTENT_TYPE, "text/html"))
            .set_payload(vec![b'a'; 2000])
            .to_request();
        let res = test::call_service(&app, req).await;
        assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(
            res.headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok()),
            Some("application/problem+json")
        );
    }
}
