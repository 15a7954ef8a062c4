//! Limits and hostile requests against the real server: compressed bodies and bombs,
//! stalled uploads, the concurrency limit, the per-page time budget.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::io::Write;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::Server;

fn post_encoded(s: &Server, encoding: &str, body: &[u8]) -> common::Response {
    s.request(
        &format!(
            "POST /v1/extract HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/html\r\nContent-Encoding: {encoding}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        ),
        body,
    )
}

/// Waits (polling `/metrics`, up to a minute: a busy machine is slow) until it shows
/// `line`, e.g. `gleaner_extractions_in_flight 1`.
fn wait_metric(s: &Server, line: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let m = String::from_utf8_lossy(&s.get("/metrics").body).into_owned();
        if m.lines().any(|l| l == line) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "/metrics never showed {line}:\n{m}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

#[test]
fn compressed_bodies_are_decoded() {
    let s = Server::start(&[]);
    let page = common::read_fixture("seed/utf8.html");
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 5, 22);
        w.write_all(&page).unwrap();
    }
    let mut deflate = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    deflate.write_all(&page).unwrap();
    let bodies = [
        ("gzip", gzip(&page)),
        ("br", br),
        (
            "zstd",
            zstd::stream::encode_all(page.as_slice(), 3).unwrap(),
        ),
        ("deflate", deflate.finish().unwrap()),
    ];
    for (enc, body) in bodies {
        let r = post_encoded(&s, enc, &body);
        assert_eq!(r.status, 200, "{enc}: {}", String::from_utf8_lossy(&r.body));
        assert_eq!(
            r.json()["title"],
            "張江科學城區域化促進會和六大特色產業園黨委成立",
            "{enc}"
        );
    }
}

#[test]
fn a_two_gib_gzip_bomb_is_a_quick_413() {
    // An 8 MiB limit: decoding stops there, 256 times short of the bomb. (At the 64 MiB
    // default an unoptimised test build takes 9-10 s to inflate up to the limit, and a
    // busy machine met the time budget first: a 422 where the limit was right.)
    let s = Server::start(&["--max-body-bytes", "8388608"]);
    // 256 gzip members of 8 MiB of zeros: 2 GiB decoded, about 2 MiB sent.
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(&vec![0u8; 8 << 20]).unwrap();
    let member = e.finish().unwrap();
    let bomb: Vec<u8> = member.repeat(256);
    assert!(bomb.len() < 4 << 20);
    let t = Instant::now();
    let r = post_encoded(&s, "gzip", &bomb);
    assert_eq!(r.status, 413, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["code"], "body_too_large");
    assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
}

#[test]
fn broken_and_unknown_encodings_are_client_errors() {
    let s = Server::start(&[]);
    let r = post_encoded(&s, "gzip", b"<html>this is not gzip</html>");
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["code"], "invalid_content_encoding");
    let r = post_encoded(&s, "compress", b"x");
    assert_eq!(r.status, 415);
    assert_eq!(r.json()["code"], "unsupported_content_encoding");
    // A zstd body cut in the middle of its frame: 400 like a cut gzip body, not an
    // empty article.
    let page = common::read_fixture("seed/utf8.html");
    let z = zstd::stream::encode_all(page.as_slice(), 3).unwrap();
    for (enc, full) in [("zstd", z), ("gzip", gzip(&page))] {
        let r = post_encoded(&s, enc, &full[..full.len() / 2]);
        assert_eq!(r.status, 400, "{enc}: {}", String::from_utf8_lossy(&r.body));
        assert_eq!(r.json()["code"], "invalid_content_encoding", "{enc}");
    }
    // Two Content-Encoding lines are one list (`gzip, br`): a stack the server does not
    // decode, never the first line alone.
    let body = gzip(&page);
    let r = s.request(
        &format!(
            "POST /v1/extract HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nContent-Encoding: br\r\nContent-Length: {}\r\n\r\n",
            body.len()
        ),
        &body,
    );
    assert_eq!(r.status, 415, "{}", String::from_utf8_lossy(&r.body));
    // ...and `identity` on a second line changes nothing.
    let r = s.request(
        &format!(
            "POST /v1/extract HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nContent-Encoding: identity\r\nContent-Length: {}\r\n\r\n",
            body.len()
        ),
        &body,
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
}

/// Opens an upload that announces `len` bytes and sends only the headers and 10 bytes.
fn stalled(addr: &str, len: usize) -> TcpStream {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: text/html\r\nContent-Length: {len}\r\n\r\n<html><p>").unwrap();
    s.flush().unwrap();
    s
}

#[test]
fn a_stalled_upload_gets_408() {
    let s = Server::start(&["--body-timeout", "1"]);
    let conn = stalled(&s.addr, 1000);
    let t = Instant::now();
    let r = common::read_response(conn);
    assert_eq!(r.status, 408);
    assert_eq!(r.json()["code"], "body_timeout");
    // 1 s, with room for a busy machine; far below the read timeout of 60 s.
    assert!(t.elapsed() < Duration::from_secs(30));
}

#[test]
fn sixty_four_stalled_uploads_do_not_delay_a_normal_request() {
    let s = Server::start(&["--workers", "2", "--body-timeout", "120"]);
    let held: Vec<TcpStream> = (0..64).map(|_| stalled(&s.addr, 100_000)).collect();
    let page = common::read_fixture("english.html");
    let t = Instant::now();
    let r = s.post("/v1/extract", "text/html", &page);
    assert_eq!(r.status, 200);
    // Held back by the stalled uploads it would wait for their 120 s body timeout.
    assert!(t.elapsed() < Duration::from_secs(30), "{:?}", t.elapsed());
    drop(held);
}

/// Opens an upload that announces `len` bytes and sends the headers and 70 KiB: its
/// first piece is with the extraction pool, so it holds an extraction slot.
fn started(addr: &str, len: usize) -> TcpStream {
    let mut s = stalled(addr, len);
    s.write_all(&b"<p>Some text of the page.</p>".repeat(70 * 1024 / 28))
        .unwrap();
    s.flush().unwrap();
    s
}

#[test]
fn beyond_max_concurrent_extractions_is_503_with_retry_after() {
    let s = Server::start(&["--max-concurrent", "1"]);
    let held = started(&s.addr, 200_000);
    wait_metric(&s, "gleaner_extractions_in_flight 1");
    let r = s.post("/v1/extract", "text/html", b"<p>hello</p>");
    assert_eq!(r.status, 503);
    assert_eq!(r.header("retry-after"), Some("1"));
    assert_eq!(r.json()["code"], "overloaded");
    drop(held);
    wait_metric(&s, "gleaner_extractions_in_flight 0");
    let r = s.post("/v1/extract", "text/html", b"<p>hello</p>");
    assert_eq!(r.status, 200);
    let m = String::from_utf8(s.get("/metrics").body).unwrap();
    // Load shedding is counted apart, not as a server error.
    assert!(
        m.contains("gleaner_requests_total{outcome=\"overloaded\"} 1"),
        "{m}"
    );
    assert!(
        m.contains("gleaner_requests_total{outcome=\"server_error\"} 0"),
        "{m}"
    );
}

/// The process memory budget: each page reserves its worst case when it takes its slot;
/// once the budget is reserved, more pages get 503 with Retry-After, and a finished page
/// gives its reservation back.
#[test]
fn beyond_the_memory_budget_is_503_with_retry_after() {
    // Default limits: a page reserves about 114 MiB; 200 MiB holds one page.
    let s = Server::start(&["--max-memory", "209715200"]);
    let held = started(&s.addr, 200_000);
    wait_metric(&s, "gleaner_extractions_in_flight 1");
    let r = s.post("/v1/extract", "text/html", b"<p>hello</p>");
    assert_eq!(r.status, 503, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.header("retry-after"), Some("1"));
    assert_eq!(r.json()["code"], "overloaded");
    assert!(r.json()["detail"]
        .as_str()
        .unwrap_or("")
        .contains("memory budget"));
    drop(held);
    wait_metric(&s, "gleaner_extractions_in_flight 0");
    let r = s.post("/v1/extract", "text/html", b"<p>hello</p>");
    assert_eq!(r.status, 200);
}

/// Slow-drip uploads (a byte at a time, each within --body-timeout) hold no extraction
/// slot while they arrive and are cut off once under the minimum upload rate, so normal
/// requests get through meanwhile.
#[test]
fn slow_drip_uploads_hold_no_slot_and_are_cut_off() {
    let s = Server::start(&[
        "--max-concurrent",
        "2",
        "--upload-grace",
        "1",
        "--min-upload-rate",
        "100",
    ]);
    let t = Instant::now();
    let drips: Vec<_> = (0..8)
        .map(|_| {
            let addr = s.addr.clone();
            std::thread::spawn(move || {
                let mut c = stalled(&addr, 10_000);
                for _ in 0..150 {
                    std::thread::sleep(Duration::from_millis(200));
                    if c.write_all(b"x").is_err() {
                        break;
                    }
                }
                common::read_response(c)
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let page = common::read_fixture("english.html");
    for _ in 0..4 {
        let r = s.post("/v1/extract", "text/html", &page);
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    }
    for d in drips {
        let r = d.join().unwrap();
        assert_eq!(r.status, 408);
        assert_eq!(r.json()["code"], "body_timeout");
        assert!(r.json()["detail"]
            .as_str()
            .unwrap_or("")
            .contains("minimum"));
    }
    // Grace 1 s, then each byte buys 10 ms: cut off after about 1.1 s (more on a busy
    // machine), far before the 30 s the drips would take.
    assert!(t.elapsed() < Duration::from_secs(20), "{:?}", t.elapsed());
}

#[test]
fn a_page_over_the_time_budget_is_422() {
    let s = Server::start(&["--max-busy-ms", "1"]);
    let page = "<div class=row><p>Some paragraph text, with commas, and a full stop.</p></div>\n"
        .repeat(200_000);
    let r = s.post("/v1/extract", "text/html", page.as_bytes());
    assert_eq!(r.status, 422, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["code"], "limit_exceeded");
    assert!(r.json()["detail"].as_str().unwrap().contains("max_busy_ms"));
}

/// Extraction runs on the extraction pool, not on the request-serving threads: with one
/// of each, `/livez` answers while a heavy page is still being extracted (before the
/// pool, the one worker thread was busy with the page until it was done).
#[test]
fn health_checks_answer_while_a_heavy_page_is_extracted() {
    let s = Server::start(&["--workers", "1", "--extract-threads", "1"]);
    let page = common::heavy_page(12);
    let addr = s.addr.clone();
    let heavy = std::thread::spawn(move || {
        let r = common::request(
            &addr,
            &format!(
                "POST /v1/extract HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n",
                page.len()
            ),
            page.as_bytes(),
        );
        (r.status, Instant::now())
    });
    // Wait until the page is being extracted: it holds its slot and the pool is busy.
    wait_metric(&s, "gleaner_extractions_in_flight 1");
    let t = Instant::now();
    let live = s.get("/livez");
    let answered = Instant::now();
    assert_eq!(live.status, 200);
    let (status, heavy_done) = heavy.join().unwrap();
    assert_eq!(status, 200);
    assert!(
        answered < heavy_done,
        "/livez waited for the heavy page ({:?})",
        t.elapsed()
    );
}

/// A client that never reads its answer cannot hold it: past --write-timeout with its
/// data unacknowledged, the connection is closed (Linux TCP_USER_TIMEOUT).
#[cfg(target_os = "linux")]
#[test]
fn a_client_that_never_reads_is_cut_off_after_the_write_timeout() {
    use std::io::Read;
    let s = Server::start(&["--write-timeout", "1"]);
    let page = common::heavy_page(8);
    let sock = connect_with_small_receive_buffer(&s.addr);
    let mut c = sock;
    write!(
        c,
        "POST /v1/extract HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n",
        page.len()
    )
    .unwrap();
    c.write_all(page.as_bytes()).unwrap();
    // Extraction takes a few seconds in a debug build (more on a busy machine): wait until
    // the server has counted the answer, then let it meet a client that does not read
    // (about 17 MiB of JSON) for well over the timeout.
    let deadline = Instant::now() + Duration::from_secs(300);
    while !String::from_utf8_lossy(&s.get("/metrics").body)
        .contains("gleaner_requests_total{outcome=\"ok\"} 1")
    {
        assert!(Instant::now() < deadline, "the page was never answered");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_secs(5));
    c.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut got = 0usize;
    let mut buf = vec![0u8; 1 << 20];
    let ended = loop {
        match c.read(&mut buf) {
            Ok(0) => break "eof",
            Ok(n) => got += n,
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut =>
            {
                break "timed out"
            }
            Err(_) => break "reset",
        }
    };
    // Without the timeout the whole answer arrives, then EOF.
    assert_eq!(ended, "reset", "after {got} bytes");
    assert_eq!(s.get("/livez").status, 200);
}

/// A connection whose receive buffer is small, so that an unread answer fills the
/// window at once.
#[cfg(target_os = "linux")]
fn connect_with_small_receive_buffer(addr: &str) -> TcpStream {
    // std has no SO_RCVBUF setter before connect; rustix's socket calls are safe.
    use rustix::net::{sockopt, AddressFamily, SocketType};
    let fd = rustix::net::socket(AddressFamily::INET, SocketType::STREAM, None).unwrap();
    sockopt::set_socket_recv_buffer_size(&fd, 4096).unwrap();
    let a: std::net::SocketAddr = addr.parse().unwrap();
    rustix::net::connect(&fd, &a).unwrap();
    TcpStream::from(fd)
}

/// A request answered before its chunked body ended (a route that reads no body) gets
/// `Connection: close` and its connection is closed after a lingering read: sixteen such
/// connections against one thread of sixteen used to keep `/livez` unanswered for ever.
#[test]
fn connections_answered_before_their_chunked_body_ends_are_closed() {
    use std::io::Read;
    let s = Server::start(&["--workers", "1", "--max-connections", "16", "--linger", "1"]);
    let held: Vec<TcpStream> = (0..16)
        .map(|_| {
            let mut c = TcpStream::connect(&s.addr).unwrap();
            c.write_all(b"GET /livez HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
                .unwrap();
            c
        })
        .collect();
    for mut c in held {
        c.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let mut got = Vec::new();
        // The answer, then the end of the connection (read_to_end fails on a timeout).
        c.read_to_end(&mut got).unwrap();
        let text = String::from_utf8_lossy(&got).to_ascii_lowercase();
        assert!(text.starts_with("http/1.1 200"), "{text}");
        assert!(text.contains("connection: close"), "{text}");
    }
    assert_eq!(s.get("/livez").status, 200);
}

/// An early answer to a chunked upload (413 past --max-body-bytes) reaches a client that
/// writes its whole body before it reads (as Python's http.client does): the server
/// reads and discards the rest for the linger time, then closes.
#[test]
fn an_early_answer_reaches_a_client_that_writes_its_whole_body_first() {
    let s = Server::start(&["--max-body-bytes", "100000"]);
    let page = b"<p>Some words of a page, with commas, and a full stop.</p>".repeat(100_000);
    let mut c = TcpStream::connect(&s.addr).unwrap();
    // Before the fix the server stopped reading: the writes below blocked for good.
    c.set_write_timeout(Some(Duration::from_secs(60))).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    c.write_all(b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n")
        .unwrap();
    for piece in page.chunks(16 * 1024) {
        c.write_all(format!("{:x}\r\n", piece.len()).as_bytes())
            .unwrap();
        c.write_all(piece).unwrap();
        c.write_all(b"\r\n").unwrap();
    }
    c.write_all(b"0\r\n\r\n").unwrap();
    let r = common::read_response(c);
    assert_eq!(r.status, 413, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["code"], "body_too_large");
    assert_eq!(r.header("connection"), Some("close"));
}

/// A client that half-closes (shutdown(SHUT_WR)) after a complete body gets its answer:
/// it used to get 400 body_read_failed once the body was larger than actix-http's
/// buffers (about 200 KiB and up).
#[test]
fn a_client_that_half_closes_after_its_whole_body_gets_its_answer() {
    let s = Server::start(&[]);
    for paragraphs in [100, 4_000, 40_000] {
        let page = format!(
            "<html><body><article>{}</article></body></html>",
            "<p>Some words of a page, with commas, clauses, and a full stop.</p>\n"
                .repeat(paragraphs)
        );
        let mut c = TcpStream::connect(&s.addr).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
        write!(
            c,
            "POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n",
            page.len()
        )
        .unwrap();
        c.write_all(page.as_bytes()).unwrap();
        c.shutdown(std::net::Shutdown::Write).unwrap();
        let r = common::read_response(c);
        assert_eq!(
            r.status,
            200,
            "{} bytes: {}",
            page.len(),
            String::from_utf8_lossy(&r.body)
        );
        assert!(r.json()["text"].as_str().unwrap().len() > paragraphs * 50);
    }
}
