//! The real server, started as a process on an ephemeral loopback port.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::time::Duration;

use common::Server;

fn problem(r: &common::Response, status: u16, code: &str) {
    assert_eq!(
        r.status,
        status,
        "body: {}",
        String::from_utf8_lossy(&r.body)
    );
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    let p = r.json();
    assert_eq!(p["code"], code);
    assert_eq!(p["status"], status);
    assert!(p["hint"].as_str().is_some_and(|h| !h.is_empty()));
    assert!(p["type"].as_str().unwrap().ends_with(code));
}

#[test]
fn html_body_in_gbk_with_a_charset_parameter() {
    let s = Server::start(&[]);
    let page = common::read_fixture("seed/gbk-nolabel.html");
    let r = s.post("/v1/extract", "text/html; charset=gb2312", &page);
    assert_eq!(r.status, 200);
    let a = r.json();
    assert_eq!(a["encoding"]["source"], "transport");
    assert_eq!(a["encoding"]["name"], "GBK");
    assert_eq!(a["title"], "張江科學城區域化促進會和六大特色產業園黨委成立");
    assert!(a["text"].as_str().unwrap().contains("用組織鏈推動產業鏈"));
    assert!(a.get("removed").is_none(), "removed only with explain");
}

/// A GBK body sent with `charset=utf-8`: the bytes win, and the answer says so.
#[test]
fn html_body_in_gbk_under_a_utf8_charset_parameter() {
    let s = Server::start(&[]);
    let page = common::read_fixture("seed/gbk-nolabel.html");
    let r = s.post("/v1/extract", "text/html; charset=utf-8", &page);
    assert_eq!(r.status, 200);
    let a = r.json();
    assert_eq!(a["encoding"]["source"], "corrected");
    assert_eq!(a["encoding"]["name"], "GBK");
    assert_eq!(a["encoding"]["replacements"], 0);
    assert_eq!(a["title"], "張江科學城區域化促進會和六大特色產業園黨委成立");
    let warned = a["warnings"].as_array().unwrap().iter().any(|w| {
        w.as_str()
            .is_some_and(|w| w.contains("caller's charset UTF-8") && w.contains("GBK"))
    });
    assert!(warned, "{}", a["warnings"]);
}

#[test]
fn query_explain_and_html_format() {
    let s = Server::start(&[]);
    let page = common::read_fixture("english.html");
    let r = s.post("/v1/extract?explain=true&format=html", "text/html", &page);
    assert_eq!(r.status, 200);
    let a = r.json();
    let removed = a["removed"].as_array().unwrap();
    assert!(removed.iter().any(|x| x["text"] == "Home"));
    let html = a["html"].as_str().unwrap();
    assert!(html.starts_with("<article><h1>City council approves"));
    assert!(html.contains("<li>Concrete barriers"));
    assert!(!html.contains("<script"));
    // The page's type, detected, with its evidence under explain.
    assert_eq!(a["page_type"], "article");
    assert_eq!(a["page_type_evidence"]["source"], "detected");
    assert!(!a["page_type_evidence"]["signals"]
        .as_array()
        .unwrap()
        .is_empty());
    // A caller that knows its pages forces the type, in the query or the JSON options;
    // an unknown type is a client's mistake.
    let r = s.post("/v1/extract?page_type=service", "text/html", &page);
    assert_eq!(r.json()["page_type"], "service");
    let body = serde_json::json!({"html": String::from_utf8_lossy(&page), "options": {"page_type": "forum"}});
    let r = s.post(
        "/v1/extract",
        "application/json",
        body.to_string().as_bytes(),
    );
    assert_eq!(r.json()["page_type"], "forum");
    let r = s.post("/v1/extract?page_type=blog", "text/html", &page);
    assert_eq!(r.status, 400);
}

#[test]
fn json_requests() {
    let s = Server::start(&[]);
    let body = serde_json::json!({"html": "<article><p>Hello there, this is a paragraph of text that reads like prose, with commas.</p></article>", "url": "https://example.com/a", "options": {"mode": "recall"}});
    let r = s.post(
        "/v1/extract",
        "application/json",
        body.to_string().as_bytes(),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["url"], "https://example.com/a");
    assert!(r.json()["text"]
        .as_str()
        .unwrap()
        .starts_with("Hello there"));

    use base64::Engine;
    let gbk = common::read_fixture("seed/gbk-nolabel.html");
    let b64 = base64::engine::general_purpose::STANDARD.encode(&gbk);
    let body = serde_json::json!({"html_base64": b64, "charset": "gbk"});
    let r = s.post(
        "/v1/extract",
        "application/json",
        body.to_string().as_bytes(),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["encoding"]["source"], "transport");
    let title = r.json()["title"].clone();
    // The same bytes as MIME base64 (lines of 76 characters, CRLF): the same article.
    let mime: Vec<String> = b64
        .as_bytes()
        .chunks(76)
        .map(|l| String::from_utf8_lossy(l).into_owned())
        .collect();
    let body = serde_json::json!({"html_base64": mime.join("\r\n"), "charset": "gbk"});
    let r = s.post(
        "/v1/extract",
        "application/json",
        body.to_string().as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["title"], title);
    assert!(title.as_str().is_some_and(|t| !t.is_empty()));

    problem(
        &s.post("/v1/extract", "application/json", b"{\"html\": 1"),
        400,
        "invalid_json",
    );
    problem(
        &s.post(
            "/v1/extract",
            "application/json",
            b"{\"html\": \"x\", \"extra\": 1}",
        ),
        400,
        "invalid_json",
    );
    problem(
        &s.post(
            "/v1/extract",
            "application/json",
            b"{\"html_base64\": \"***\"}",
        ),
        400,
        "invalid_base64",
    );
    problem(
        &s.post("/v1/extract", "application/json", b"{}"),
        400,
        "missing_html",
    );
    problem(
        &s.post(
            "/v1/extract",
            "application/json",
            b"{\"html\": \"a\", \"html_base64\": \"YQ==\"}",
        ),
        400,
        "ambiguous_html",
    );
}

#[test]
fn client_mistakes_are_4xx_problems() {
    let s = Server::start(&[]);
    problem(
        &s.post("/v1/extract", "image/png", b"x"),
        415,
        "unsupported_media_type",
    );
    problem(
        &s.request("POST /v1/extract HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 1\r\n\r\n", b"x"),
        415,
        "unsupported_media_type",
    );
    problem(
        &s.post("/v1/extract?mode=fast", "text/html", b"<p>x</p>"),
        400,
        "invalid_query",
    );
    problem(
        &s.post("/v1/extract?nope=1", "text/html", b"<p>x</p>"),
        400,
        "invalid_query",
    );
    // Yes/no options take the usual spellings; another word is a 400 that lists them.
    let r = s.post("/v1/extract?explain=1", "text/html", b"<p>x</p>");
    assert_eq!(r.status, 200);
    assert!(r.json()["removed"].is_array(), "explain=1 is explain");
    let r = s.post("/v1/extract?explain=maybe", "text/html", b"<p>x</p>");
    problem(&r, 400, "invalid_query");
    assert!(String::from_utf8_lossy(&r.body).contains("yes/no"));
    // A JSON body has booleans: there, only true and false.
    for bad in [
        serde_json::json!(0),
        serde_json::json!("yes"),
        serde_json::json!(null),
    ] {
        let body = serde_json::json!({"html": "<p>x</p>", "options": {"explain": bad}});
        let r = s.post(
            "/v1/extract",
            "application/json",
            body.to_string().as_bytes(),
        );
        problem(&r, 400, "invalid_json");
    }
    let body = serde_json::json!({"html": "<p>x</p>", "options": {"explain": true}});
    assert_eq!(
        s.post(
            "/v1/extract",
            "application/json",
            body.to_string().as_bytes()
        )
        .status,
        200
    );
    problem(&s.get("/v1/extract"), 405, "method_not_allowed");
    problem(&s.get("/nowhere"), 404, "not_found");
}

#[test]
fn no_article_is_a_200_with_a_warning() {
    let s = Server::start(&[]);
    for body in [
        &b""[..],
        b"<html><body><nav><a href=/>Home</a></nav></body></html>",
        b"\x00\x01\x02\xff\xfe binary",
    ] {
        let r = s.post("/v1/extract", "text/html", body);
        assert_eq!(r.status, 200);
        let a = r.json();
        assert_eq!(a["text"], "");
        assert!(a["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("no article")));
    }
}

#[test]
fn body_limit_is_enforced_while_streaming() {
    let s = Server::start(&["--max-body-bytes", "10000"]);
    let page = common::read_fixture("seed/utf8.html");
    assert!(page.len() > 10000);
    // Declared too large: refused before the body is read.
    problem(
        &s.post("/v1/extract", "text/html", &page),
        413,
        "body_too_large",
    );
    // Chunked, no length: refused once the limit is crossed.
    problem(
        &s.post_chunked("/v1/extract", "text/html", &page, 1000),
        413,
        "body_too_large",
    );
    // JSON bodies count too.
    let big = serde_json::json!({"html": "x".repeat(20000)}).to_string();
    problem(
        &s.post("/v1/extract", "application/json", big.as_bytes()),
        413,
        "body_too_large",
    );
    // Under the limit, chunked bodies stream into the extractor.
    let small = common::read_fixture("english.html");
    let r = s.post_chunked("/v1/extract", "text/html", &small, 100);
    assert_eq!(r.status, 200);
    assert!(r.json()["text"]
        .as_str()
        .unwrap()
        .starts_with("The city council voted"));
}

/// `promtool check metrics` (Prometheus's own linter, Debian's `prometheus` package) finds
/// no problem in the text. Without promtool the check is skipped, except under CI=true.
fn promtool_accepts(metrics: &str) {
    use std::io::Write;
    let child = std::process::Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "promtool: {e}"
            );
            eprintln!("promtool not found ({e}): the metrics lint is skipped");
            return;
        }
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(metrics.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "promtool check metrics: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn health_readiness_metrics_and_openapi() {
    let s = Server::start(&[]);
    assert_eq!(s.get("/livez").json()["status"], "ok");
    assert_eq!(s.get("/readyz").json()["status"], "ready");
    let _ = s.post(
        "/v1/extract",
        "text/html",
        &common::read_fixture("english.html"),
    );
    // A query that does not parse never reaches the handler; it is still a client error.
    let _ = s.post("/v1/extract?mode=bogus", "text/html", b"<p>x</p>");
    let m = String::from_utf8(s.get("/metrics").body).unwrap();
    assert!(
        m.contains("gleaner_requests_total{outcome=\"ok\"} 1"),
        "{m}"
    );
    assert!(
        m.contains("gleaner_requests_total{outcome=\"client_error\"} 1"),
        "{m}"
    );
    assert!(
        m.contains("gleaner_request_duration_seconds_count 2"),
        "{m}"
    );
    assert!(m.contains("gleaner_extraction_seconds_count 1"), "{m}");
    assert!(m.contains("gleaner_ready 1"));
    assert!(m.contains("gleaner_extractions_in_flight 0"), "{m}");
    promtool_accepts(&m);
    let probe = std::process::Command::new(common::bin())
        .args(["probe", "--addr", &s.addr])
        .output()
        .unwrap();
    assert!(
        probe.status.success(),
        "{}",
        String::from_utf8_lossy(&probe.stderr)
    );
    let spec = s.get("/openapi.yaml");
    assert_eq!(spec.status, 200);
    assert_eq!(
        spec.body,
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.yaml")).unwrap()
    );
}

/// Every path and method in openapi.yaml is served, and every served route is documented.
#[test]
fn openapi_matches_the_routes() {
    let spec =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.yaml")).unwrap();
    let mut ops = Vec::new();
    let mut in_paths = false;
    let mut path = String::new();
    for line in spec.lines() {
        if line == "paths:" {
            in_paths = true;
            continue;
        }
        if in_paths && !line.starts_with(' ') && !line.is_empty() {
            break;
        }
        if let Some(p) = line.strip_prefix("  /") {
            path = format!("/{}", p.trim_end_matches(':'));
        } else if let Some(m) = line.strip_prefix("    ").filter(|m| !m.starts_with(' ')) {
            let m = m.trim_end_matches(':');
            if ["get", "post", "put", "delete", "patch"].contains(&m) {
                ops.push((m.to_uppercase(), path.clone()));
            }
        }
    }
    let mut documented: Vec<String> = ops.iter().map(|(m, p)| format!("{m} {p}")).collect();
    documented.sort();
    assert_eq!(
        documented,
        [
            "GET /",
            "GET /livez",
            "GET /metrics",
            "GET /openapi.yaml",
            "GET /playground",
            "GET /readyz",
            "POST /v1/extract"
        ]
    );
    let s = Server::start(&[]);
    for (m, p) in &ops {
        let r = if m == "POST" {
            s.post(p, "text/html", b"<p>x</p>")
        } else {
            s.get(p)
        };
        assert!(
            r.status != 404 && r.status != 405,
            "{m} {p} answered {}",
            r.status
        );
    }
}

#[cfg(unix)]
#[test]
fn sigterm_fails_readiness_then_drains_and_exits() {
    let mut s = Server::start(&["--shutdown-grace", "5", "--readiness-delay", "3"]);
    // A slow upload in flight when the signal arrives must still be answered.
    let addr = s.addr.clone();
    let page = common::read_fixture("english.html");
    let upload = std::thread::spawn(move || {
        use std::io::Write;
        let mut c = std::net::TcpStream::connect(&addr).unwrap();
        write!(c, "POST /v1/extract HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n", page.len()).unwrap();
        let (a, b) = page.split_at(page.len() / 2);
        c.write_all(a).unwrap();
        std::thread::sleep(Duration::from_millis(600));
        c.write_all(b).unwrap();
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut c, &mut buf).unwrap();
        String::from_utf8_lossy(&buf).to_string()
    });
    std::thread::sleep(Duration::from_millis(200));
    let pid = s.child.id().to_string();
    assert!(std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    // Readiness fails at once, within the 3 s readiness delay (poll, don't sleep: a busy
    // machine takes its time to deliver the signal).
    let deadline = std::time::Instant::now() + Duration::from_secs(3);
    while s.get("/readyz").status != 503 {
        assert!(
            std::time::Instant::now() < deadline,
            "readiness must fail first"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let answer = upload.join().unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "in-flight upload lost: {answer:.200}"
    );
    let status = common::wait_exit(&mut s.child, Duration::from_secs(30))
        .expect("server did not exit within the grace period");
    assert!(status.success(), "exit status {status:?}");
    assert!(s
        .log
        .lock()
        .unwrap()
        .iter()
        .any(|l| l.contains("shutting down")));
}

/// A request still running when the shutdown grace ends is answered 503 (retry
/// elsewhere), not reset with its connection; the process then exits promptly.
#[cfg(unix)]
#[test]
fn work_past_the_shutdown_grace_is_answered_503_not_reset() {
    let mut s = Server::start(&["--shutdown-grace", "1", "--extract-threads", "1"]);
    let page = common::heavy_page(12);
    let addr = s.addr.clone();
    let heavy = std::thread::spawn(move || {
        common::request(
            &addr,
            &format!(
                "POST /v1/extract HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n",
                page.len()
            ),
            page.as_bytes(),
        )
    });
    // Wait until the page is being extracted (it holds its slot).
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while !String::from_utf8_lossy(&s.get("/metrics").body)
        .lines()
        .any(|l| l == "gleaner_extractions_in_flight 1")
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the page never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let pid = s.child.id().to_string();
    let t = std::time::Instant::now();
    assert!(std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let r = heavy.join().unwrap();
    assert_eq!(r.status, 503, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["code"], "overloaded");
    let status = common::wait_exit(&mut s.child, Duration::from_secs(30))
        .expect("server did not exit soon after the grace");
    assert!(status.success(), "exit status {status:?}");
    // 1 s of grace and a second to write the answers; a busy machine adds some.
    assert!(t.elapsed() < Duration::from_secs(15), "{:?}", t.elapsed());
}

#[test]
fn chinese_text_options_in_the_query_and_in_json() {
    let s = Server::start(&[]);
    let page = common::read_fixture("seed/utf8.html");
    let r = s.post("/v1/extract?ruby=keep&script=hans", "text/html", &page);
    assert_eq!(r.status, 200);
    let a = r.json();
    assert_eq!(a["lang"], "zh-Hans");
    assert!(a["text"].as_str().unwrap().contains("张江科学城"));
    assert!(a["readings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["base"] == "學" && x["reading"] == "xué"));

    let scraped = String::from_utf8(common::read_fixture("seed/scraped.html")).unwrap();
    let body = serde_json::json!({"html": scraped, "options": {"repair_readings": false}});
    let r = s.post(
        "/v1/extract",
        "application/json",
        body.to_string().as_bytes(),
    );
    assert_eq!(r.status, 200);
    let a = r.json();
    assert!(a["text"].as_str().unwrap().contains("科學(xué)城"));
    assert_eq!(a["quality"]["mojibake"], true);

    let r = s.post("/v1/extract?script=latin", "text/html", &page);
    problem(&r, 400, "invalid_query");
}

/// A POST of plain text (`text/plain`, no tag in it) is read line by line.
#[test]
fn plain_text_body() {
    let server = common::Server::start(&[]);
    let body = "關於張江的一則新聞\n\n張江科學城區域化黨建促進會宣告正式成立，以一流黨建引領科創建設。\n免費咨詢\n400-876-1589\n返回頂部\n";
    let r = server.post(
        "/v1/extract?explain=true",
        "text/plain; charset=utf-8",
        body.as_bytes(),
    );
    assert_eq!(r.status, 200);
    let a = r.json();
    assert_eq!(a["title"], "關於張江的一則新聞");
    assert_eq!(
        a["text"],
        "張江科學城區域化黨建促進會宣告正式成立，以一流黨建引領科創建設。"
    );
    let rules: Vec<&str> = a["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["title", "hotline", "hotline", "back_to_top"]);
}

/// A request's id (the caller's `X-Request-Id` or a new one) comes back in the answer,
/// and the caller's W3C `traceparent` is on the request's log lines.
#[test]
fn request_ids_and_trace_context_reach_the_answer_and_the_logs() {
    let s = Server::start(&[]);
    let trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    let r = s.request(
        &format!(
            "POST /v1/extract HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/html\r\n\
             X-Request-Id: crawl-42\r\ntraceparent: 00-{trace}-00f067aa0ba902b7-01\r\nContent-Length: 8\r\n\r\n"
        ),
        b"<p>x</p>",
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("x-request-id"), Some("crawl-42"));
    // No id, or one that could forge a log line: a new one.
    let made = s.get("/livez");
    let id = made.header("x-request-id").unwrap().to_string();
    assert_eq!(id.len(), 36, "{id}");
    let r = s.request(
        "GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Request-Id: a b\r\n\r\n",
        b"",
    );
    assert_ne!(r.header("x-request-id"), Some("a b"));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let log = loop {
        let log = s.log.lock().unwrap().join("\n");
        let done = |id: &str| {
            log.lines()
                .any(|l| l.contains(&format!("request_id={id}")) && l.contains("request done"))
        };
        if (done("crawl-42") && done(&id)) || std::time::Instant::now() > deadline {
            break log;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let line = log
        .lines()
        .find(|l| l.contains("request_id=crawl-42") && l.contains("request done"))
        .unwrap_or_else(|| panic!("no log line of the request:\n{log}"));
    assert!(line.contains(&format!("trace_id={trace}")), "{line}");
    assert!(line.contains("parent_span_id=00f067aa0ba902b7"), "{line}");
    assert!(log.contains(&format!("request_id={id}")), "{log}");
}

/// A request's path cannot forge a field of its log line: it is logged percent-encoded
/// past the characters a path needs, so the only `request_id=` on the line is the real one.
#[test]
fn a_path_cannot_forge_a_request_id_in_the_logs() {
    let s = Server::start(&[]);
    let r = s.get("/x\"request_id=forged}");
    assert_eq!(r.status, 404);
    let id = r.header("x-request-id").unwrap().to_string();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let line = loop {
        let found = s
            .log
            .lock()
            .unwrap()
            .iter()
            .find(|l| l.contains(&id) && l.contains("request done"))
            .cloned();
        if let Some(l) = found {
            break l;
        }
        assert!(std::time::Instant::now() < deadline, "no log line for {id}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert_eq!(line.matches("request_id=").count(), 1, "{line}");
    assert!(line.contains(&format!("request_id={id}")), "{line}");
    assert!(line.contains("path=/x%22request_id%3Dforged%7D"), "{line}");
}

/// Content negotiation: `Accept` picks the article's JSON or the article alone as
/// Markdown, plain text or HTML, by quality; nothing acceptable is a 406.
#[test]
fn accept_gives_markdown_text_html_or_json() {
    let s = Server::start(&[]);
    let page = common::read_fixture("structure.html");
    let post = |path: &str, accept: &str| {
        s.request(
            &format!(
                "POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/html\r\nAccept: {accept}\r\nContent-Length: {}\r\n\r\n",
                page.len()
            ),
            &page,
        )
    };
    let body = |r: &common::Response| String::from_utf8(r.body.clone()).unwrap();

    let md = post("/v1/extract", "text/markdown");
    assert_eq!(md.status, 200, "{}", body(&md));
    assert_eq!(
        md.header("content-type"),
        Some("text/markdown; charset=utf-8")
    );
    assert_eq!(md.header("vary"), Some("Accept"));
    assert!(
        body(&md).starts_with("# How we measured the river\n\n"),
        "{}",
        body(&md)
    );
    assert!(body(&md).contains("| Station | Flow (m³/s) |\n| --- | --- |\n"));

    let text = post("/v1/extract", "text/markdown;q=0.2, text/plain;q=0.9");
    assert_eq!(
        text.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert!(body(&text).starts_with("How we measured the river\n\nWe spent three weeks"));
    assert!(body(&text).contains("\n1. Tides mattered more than rain.\n2. The dam"));

    let html = post("/v1/extract", "text/html");
    assert_eq!(
        html.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(html
        .header("content-security-policy")
        .is_some_and(|c| c.starts_with("default-src 'none'")));
    assert!(body(&html).contains("<h2>Method</h2>"));

    for accept in [
        "text/markdown;q=0.5, application/json",
        "*/*",
        "application/*",
    ] {
        let r = post("/v1/extract", accept);
        assert_eq!(
            r.header("content-type"),
            Some("application/json"),
            "{accept}"
        );
        assert!(r.json()["markdown"].is_null(), "{accept}");
    }
    let json = post("/v1/extract?format=markdown&links=1", "application/json");
    assert!(json.json()["markdown"]
        .as_str()
        .unwrap()
        .starts_with("# How we measured the river"));
    assert_eq!(json.json()["links"], serde_json::json!([]));

    let refused = post("/v1/extract", "image/png, text/markdown;q=0");
    assert_eq!(refused.status, 406);
    assert_eq!(refused.json()["code"], "not_acceptable");
}

/// A JSON request's `options` take `format=markdown` and `links`, and the links come
/// back absolute against the request's `url`.
#[test]
fn json_options_give_markdown_with_links() {
    let s = Server::start(&[]);
    let html = String::from_utf8(common::read_fixture("links-images.html")).unwrap();
    let req = serde_json::json!({
        "html": html,
        "url": "https://valley.example.com/news/mill.html",
        "options": {"format": "markdown", "links": true}
    });
    let r = s.post(
        "/v1/extract",
        "application/json",
        req.to_string().as_bytes(),
    );
    assert_eq!(r.status, 200);
    let a = r.json();
    assert!(a["markdown"]
        .as_str()
        .unwrap()
        .contains("[trust's published plan](<https://valley.example.com/trust/plan.pdf>)"));
    assert_eq!(a["links"].as_array().unwrap().len(), 3);
    assert_eq!(
        a["images"][1]["src"],
        "https://valley.example.com/stories/2024/img/wheel.jpg"
    );
    let bad = serde_json::json!({"html": html, "options": {"links": "yes"}});
    let r = s.post(
        "/v1/extract",
        "application/json",
        bad.to_string().as_bytes(),
    );
    assert_eq!(r.status, 400, "JSON options take JSON booleans only");
}

/// The playground: one page with no external asset, served with a Content-Security-Policy
/// that names its inline script and style by hash (checked here against the page served),
/// at `/` and `/playground`. (tests/browser/playground.mjs drives it in Chromium.)
#[test]
fn the_playground_is_one_page_under_a_strict_csp() {
    use base64::Engine as _;
    use sha2::Digest as _;
    let s = Server::start(&[]);
    let handler = regex::Regex::new(r"\son[a-z]+=").unwrap();
    for path in ["/", "/playground"] {
        let r = s.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
        let page = String::from_utf8(r.body.clone()).unwrap();
        let csp = r.header("content-security-policy").unwrap().to_string();
        assert!(csp.starts_with("default-src 'none';"), "{csp}");
        for (open, close, directive) in [
            ("<script>", "</script>", "script-src"),
            ("<style>", "</style>", "style-src"),
        ] {
            let inner = page
                .split_once(open)
                .unwrap()
                .1
                .split_once(close)
                .unwrap()
                .0;
            let hash = base64::engine::general_purpose::STANDARD
                .encode(sha2::Sha256::digest(inner.as_bytes()));
            assert!(
                csp.contains(&format!("{directive} 'sha256-{hash}';")),
                "{directive} of {csp}"
            );
            assert_eq!(page.matches(open).count(), 1, "one inline {open}");
        }
        // Nothing loads from elsewhere, and no inline handler (the CSP would block it).
        assert!(!page.contains("http://") && !page.contains("<link"));
        assert!(!page.contains(" src="), "no external script or image");
        assert!(!handler.is_match(&page), "inline handler");
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    }
    let r = s.post("/", "text/html", b"<p>x</p>");
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow"), Some("GET"));
}

/// `url` in the query is the page's address for a raw HTML body (a JSON request's own
/// `url` wins); given twice, it is a 400.
#[test]
fn the_query_url_resolves_a_raw_pages_links() {
    let s = Server::start(&[]);
    let page = common::read_fixture("links-images.html");
    let r = s.post(
        "/v1/extract?links=true&url=https%3A%2F%2Fvalley.example.com%2Fnews%2Fmill.html",
        "text/html",
        &page,
    );
    assert_eq!(r.status, 200);
    let a = r.json();
    assert_eq!(
        a["links"][0]["href"],
        "https://valley.example.com/stories/2024/mill-history.html"
    );
    assert_eq!(a["url"], "https://valley.example.com/news/mill.html");
    let json = serde_json::json!({"html": "<p>x</p>", "url": "https://own.example/"});
    let r = s.post(
        "/v1/extract?url=https://query.example/",
        "application/json",
        json.to_string().as_bytes(),
    );
    assert_eq!(r.json()["url"], "https://own.example/");
    let r = s.post("/v1/extract?url=a&url=b", "text/html", &page);
    problem(&r, 400, "invalid_query");
}
