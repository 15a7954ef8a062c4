//! The one place where errors become HTTP answers: RFC 9457 problem details.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::{Code, Error, Fault, Limit};

/// An error answered as `application/problem+json`.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// A URI naming the problem type (`urn:gleaner:problem:<code>`).
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary of the problem type.
    pub title: &'static str,
    /// HTTP status.
    pub status: u16,
    /// What happened in this request.
    pub detail: String,
    /// Stable snake_case code.
    pub code: Code,
    /// What to change to make the request work.
    pub hint: String,
}

impl Problem {
    /// A problem with a status, stable code, title, detail and hint.
    pub fn new(
        status: StatusCode,
        code: Code,
        title: &'static str,
        detail: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Problem {
            kind: format!("urn:gleaner:problem:{code}"),
            title,
            status: status.as_u16(),
            detail: detail.into(),
            code,
            hint: hint.into(),
        }
    }

    /// 400 for a request that cannot be understood.
    pub fn bad_request(code: Code, detail: impl Into<String>, hint: impl Into<String>) -> Self {
        Problem::new(StatusCode::BAD_REQUEST, code, "Bad request", detail, hint)
    }

    /// 413 for a body over the configured limit.
    pub fn too_large(limit: u64) -> Self {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            Code::BodyTooLarge,
            "Request body too large",
            format!("the request body is larger than the limit of {limit} bytes"),
            "send a smaller page, or raise the server's --max-body-bytes (GLEANER_MAX_BODY_BYTES)",
        )
    }

    /// 415 for a `Content-Encoding` the server does not decode.
    pub fn unsupported_encoding(got: &str) -> Self {
        Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Code::UnsupportedContentEncoding,
            "Unsupported content encoding",
            format!("Content-Encoding {got:?} is not accepted"),
            "send the body uncompressed, or with Content-Encoding gzip, deflate, br or zstd",
        )
    }

    /// 408 for a body that stopped arriving.
    pub fn body_timeout(secs: u64) -> Self {
        Problem::new(
            StatusCode::REQUEST_TIMEOUT,
            Code::BodyTimeout,
            "Request body timed out",
            format!("no body data arrived for {secs} s"),
            "send the body without pauses, or raise the server's --body-timeout (GLEANER_BODY_TIMEOUT)",
        )
    }

    /// 408 for a body arriving slower than the minimum rate, or past the total deadline.
    pub fn body_too_slow(received: u64, secs: f64, min_rate: u64, max_secs: u64) -> Self {
        Problem::new(
            StatusCode::REQUEST_TIMEOUT,
            Code::BodyTimeout,
            "Request body too slow",
            format!(
                "{received} bytes of body arrived in {secs:.0} s: under the minimum of {min_rate} bytes/s after the grace period, or past the {max_secs} s limit for a whole body"
            ),
            "send the body at a steady rate, or raise the server's --min-upload-rate / --max-upload-seconds (GLEANER_MIN_UPLOAD_RATE, GLEANER_MAX_UPLOAD_SECONDS)",
        )
    }

    /// 503 when the server runs as many extractions as it allows.
    pub fn overloaded(max: usize) -> Self {
        Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            Code::Overloaded,
            "Too many extractions in progress",
            format!("{max} extractions are already running"),
            "retry after the number of seconds in Retry-After, or raise --max-concurrent (GLEANER_MAX_CONCURRENT)",
        )
    }

    /// 503 when the extractions in progress have reserved the whole memory budget.
    pub fn out_of_memory_budget(budget: u64, page: u64) -> Self {
        Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            Code::Overloaded,
            "Memory budget spent",
            format!(
                "the extractions in progress hold the memory budget of {budget} bytes; a page reserves {page}"
            ),
            "retry after the number of seconds in Retry-After, or raise --max-memory (GLEANER_MAX_MEMORY) or lower the per-page limits",
        )
    }

    /// 503 for a request still in progress when the shutdown grace ran out.
    pub fn shutting_down(grace: u64) -> Self {
        Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            Code::Overloaded,
            "Shutting down",
            format!(
                "the server is stopping and the request did not finish within the {grace} s grace"
            ),
            "retry the request (on another instance)",
        )
    }

    /// 500 for a fault of the server itself.
    pub fn internal(detail: impl Into<String>) -> Self {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            Code::Internal,
            "Internal error",
            detail,
            "this is a bug in gleaner; please report it with the request",
        )
    }

    /// 415 for a content type the route does not take.
    pub fn not_acceptable(asked: &str) -> Self {
        Problem::new(
            StatusCode::NOT_ACCEPTABLE,
            Code::NotAcceptable,
            "Not acceptable",
            format!("none of the media types in Accept ({asked}) can be produced"),
            "accept application/json (the article), text/markdown, text/plain or text/html (the article alone)",
        )
    }

    /// 415 for a body whose media type the route does not take.
    pub fn unsupported_media_type(got: &str) -> Self {
        Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Code::UnsupportedMediaType,
            "Unsupported media type",
            format!("content type {got:?} is not accepted"),
            "send the page as Content-Type: text/html (optionally with charset=...), or application/json {\"html\": ...}",
        )
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}): {}", self.status, self.code, self.detail)
    }
}

impl ResponseError for Problem {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        let body = serde_json::to_vec(self).unwrap_or_default();
        let mut res = HttpResponse::build(self.status_code());
        res.insert_header((header::CONTENT_TYPE, "application/problem+json"));
        if self.status == 503 {
            res.insert_header((header::RETRY_AFTER, "1"));
        }
        res.body(body)
    }
}

/// The one table from library errors to HTTP: by fault, then by code.
#[deny(clippy::wildcard_enum_match_arm)]
impl From<Error> for Problem {
    fn from(e: Error) -> Self {
        let detail = e.to_string();
        if let Error::LimitExceeded {
            limit: Limit::MaxBusyMs,
            ..
        } = e
        {
            return Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                e.code(),
                "Page exceeds the time budget",
                detail,
                "the page took longer than the per-page time budget; raise --max-busy-ms (GLEANER_MAX_BUSY_MS) or send a smaller page",
            );
        }
        match e.fault() {
            Fault::Client => Problem::bad_request(e.code(), detail, "check the request's options and charset"),
            Fault::Input => Problem::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                e.code(),
                "Page exceeds a limit",
                detail,
                "the page breaks one of the server's per-page limits; raise it (see `gleaner serve --help`) or send a smaller page",
            ),
            Fault::Internal => Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                e.code(),
                "Internal error",
                detail,
                "this is a bug in gleaner; please report it with the page",
            ),
        }
    }
}
