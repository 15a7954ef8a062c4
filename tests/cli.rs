//! The real binary: `gleaner extract` and `gleaner batch`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `gleaner extract ARGS...`, asserts success and returns what it prints.
fn extract_out<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> String {
    let out = Command::new(common::bin())
        .arg("extract")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `gleaner extract ARGS...`, asserts success and parses the Article JSON it prints.
fn extract_ok(args: &[&std::ffi::OsStr]) -> serde_json::Value {
    serde_json::from_str(&extract_out(args)).unwrap()
}

#[test]
fn extract_a_file_and_stdin() {
    let a = extract_ok(&[common::fixture("seed/gbk-gb2312.html").as_os_str()]);
    assert_eq!(a["encoding"]["name"], "GBK");
    assert_eq!(a["title"], "張江科學城區域化促進會和六大特色產業園黨委成立");

    let mut child = Command::new(common::bin())
        .args([
            "extract",
            "-",
            "--explain",
            "--url",
            "https://example.com/x",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&common::read_fixture("english.html"))
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let a: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(a["authors"][0], "Jane Doe");
    assert!(a["removed"].as_array().unwrap().len() > 5);
}

#[test]
fn extract_reports_a_missing_file() {
    let out = Command::new(common::bin())
        .args(["extract", "/no/such/file.html"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/file.html"));
}

#[test]
fn batch_over_files_folders_and_gzip() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(common::fixture("english.html"), dir.path().join("a.html")).unwrap();
    std::fs::copy(common::fixture("seed/utf8.html"), dir.path().join("b.htm")).unwrap();
    let gz = std::fs::File::create(dir.path().join("c.html.gz")).unwrap();
    let mut enc = flate2::write::GzEncoder::new(gz, flate2::Compression::default());
    enc.write_all(&common::read_fixture("seed/gbk-nolabel.html"))
        .unwrap();
    enc.finish().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a page").unwrap();
    let out = Command::new(common::bin())
        .args(["batch", "--jobs", "2"])
        .arg(dir.path())
        .arg("/no/such/page.html")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "an error line makes the exit status 1"
    );
    let lines = common::jsonl(&out.stdout);
    assert_eq!(
        lines.len(),
        4,
        "three pages and one error, notes.txt skipped"
    );
    assert!(lines[0]["path"].as_str().unwrap().ends_with("a.html"));
    assert!(lines[1]["path"].as_str().unwrap().ends_with("b.htm"));
    assert!(lines[2]["path"].as_str().unwrap().ends_with("c.html.gz"));
    assert_eq!(lines[1]["article"]["text"], lines[2]["article"]["text"]);
    assert_eq!(lines[3]["error"]["code"], "io_error");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("documents=4"), "{stderr}");
    assert!(stderr.contains("errors=1"), "{stderr}");
    assert!(
        stderr.contains("skipped=1"),
        "notes.txt is counted: {stderr}"
    );
    assert!(stderr.contains("docs_per_s="), "{stderr}");
    // --jobs 0 means every core, as no --jobs does; it is said in the summary.
    let out = Command::new(common::bin())
        .args(["batch", "--jobs", "0"])
        .arg(dir.path().join("a.html"))
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let cores = std::thread::available_parallelism().unwrap().get();
    assert!(stderr.contains(&format!("jobs={cores}\n")), "{stderr}");
}

/// Hostile trees: links to a parent and to `.` (loops), dangling links, a name that is not
/// UTF-8, a FIFO named like a page. Each page once, the FIFO an error line, never a hang.
#[cfg(unix)]
#[test]
fn batch_over_loops_odd_names_and_fifos() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("sub")).unwrap();
    std::fs::copy(common::fixture("english.html"), root.join("a.html")).unwrap();
    let odd = std::ffi::OsStr::from_bytes(b"sub/caf\xe9.html");
    std::fs::copy(common::fixture("seed/utf8.html"), root.join(odd)).unwrap();
    std::os::unix::fs::symlink("..", root.join("sub/up")).unwrap();
    std::os::unix::fs::symlink(".", root.join("sub/here")).unwrap();
    std::os::unix::fs::symlink(".", root.join("sub/here2")).unwrap();
    // Dangling links: one named like a page (an error line), one not (skipped).
    std::os::unix::fs::symlink("nowhere.html", root.join("sub/gone.html")).unwrap();
    std::os::unix::fs::symlink("nowhere", root.join("sub/gone")).unwrap();
    let made = Command::new("mkfifo")
        .arg(root.join("sub/pipe.html"))
        .status()
        .unwrap();
    assert!(made.success());
    let mut child = Command::new(common::bin())
        .args(["batch", "--jobs", "2"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = common::wait_exit(&mut child, std::time::Duration::from_secs(30));
    if status.is_none() {
        let _ = child.kill();
        panic!("batch did not finish");
    }
    let out = child.wait_with_output().unwrap();
    let lines = common::jsonl(&out.stdout);
    let paths: Vec<&str> = lines.iter().map(|l| l["path"].as_str().unwrap()).collect();
    assert_eq!(lines.len(), 4, "{paths:?}");
    assert!(paths[0].ends_with("a.html"), "{paths:?}");
    assert!(paths[1].contains("caf"), "{paths:?}");
    assert!(lines[1]["article"]["title"].is_string());
    assert!(paths[2].ends_with("gone.html"), "{paths:?}");
    assert_eq!(lines[2]["error"]["code"], "io_error");
    assert!(paths[3].ends_with("pipe.html"), "{paths:?}");
    assert_eq!(lines[3]["error"]["code"], "io_error");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("errors=2"), "{stderr}");
    // The three loops and the dangling link without a page's name.
    assert!(stderr.contains("skipped=4"), "{stderr}");
}

#[test]
fn user_rules_extend_the_builtin_ones() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules.toml");
    std::fs::write(&rules, "[[rule]]\nname = \"loading_zones\"\nreason = \"test rule\"\nmax_chars = 200\npatterns = ['^Loading zones']\n").unwrap();
    let page = common::fixture("english.html");
    let a = extract_ok(&[
        "--explain".as_ref(),
        "--rules".as_ref(),
        rules.as_os_str(),
        page.as_os_str(),
    ]);
    assert!(!a["text"].as_str().unwrap().contains("Loading zones"));
    assert!(a["removed"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["rule"] == "loading_zones"));

    std::fs::write(
        &rules,
        "[[rule]]\nname = \"bad\"\nreason = \"x\"\nmax_chars = 1\npatterns = ['(']\n",
    )
    .unwrap();
    let out = Command::new(common::bin())
        .args(["extract", "--rules"])
        .arg(&rules)
        .arg(common::fixture("english.html"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("rule bad"));
}

#[test]
fn chinese_text_flags() {
    let fx = common::fixture("seed/utf8.html");
    let a = extract_ok(&[
        fx.as_os_str(),
        "--ruby".as_ref(),
        "keep".as_ref(),
        "--script".as_ref(),
        "hans".as_ref(),
    ]);
    assert_eq!(a["lang"], "zh-Hans");
    assert!(!a["readings"].as_array().unwrap().is_empty());
    let fx = common::fixture("seed/scraped.html");
    let a = extract_ok(&[fx.as_os_str(), "--repair-readings=false".as_ref()]);
    assert!(a["text"].as_str().unwrap().contains("科學(xué)城"));
    let out = Command::new(common::bin())
        .args(["extract", "--script", "latin"])
        .arg(&fx)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("hans"));
}

/// Plain text in: every line is a block, the first line is the title, and markup is text
/// (`--input-format text`); on its own (`auto`) a page without a tag is read as text too.
#[test]
fn plain_text_input() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let untagged = write(
        "notes.txt",
        "Notes on the river\n\nThe flow doubled after the storm, as the gauges show.\nWhere a < b, the lower gauge reads first.\n\n返回頂部\n",
    );
    let a = extract_ok(&[untagged.as_os_str()]);
    assert_eq!(a["title"], "Notes on the river");
    assert_eq!(
        a["text"],
        "The flow doubled after the storm, as the gauges show.\nWhere a < b, the lower gauge reads first."
    );
    let tagged = write(
        "tagged.txt",
        "Notes on the river\nA tag such as <b>bold</b> is only text here, as the gauges show.\n",
    );
    let a = extract_ok(&[
        tagged.as_os_str(),
        "--input-format".as_ref(),
        "text".as_ref(),
    ]);
    assert_eq!(a["title"], "Notes on the river");
    assert_eq!(
        a["text"],
        "A tag such as <b>bold</b> is only text here, as the gauges show."
    );
    // The same bytes as HTML (what `auto` makes of them, having seen a tag): one run of
    // text, `<b>` is markup, no title.
    let a = extract_ok(&[tagged.as_os_str()]);
    assert_eq!(a["title"], serde_json::Value::Null);
    assert!(!a["text"].as_str().unwrap().contains("<b>"));
}

/// `batch --input jsonl`: records from standard input, answered in input order with their
/// `id`; bad records are error lines with their stable code and the run goes on; `--shard`
/// splits the records deterministically (I from JOB_COMPLETION_INDEX when left out).
#[test]
fn batch_over_jsonl_records_from_stdin_with_shards() {
    use base64::Engine;
    let page = |n: usize| {
        format!("<html><head><title>Page {n}</title><meta property=og:image content=../img/{n}.jpg></head><body><article><h1>Page {n}</h1><p>Paragraph of page {n}, with commas, clauses, and a full stop.</p></article></body></html>")
    };
    let mut input = String::new();
    for n in 0..40 {
        let mut rec = serde_json::json!({"id": n, "url": format!("https://example.com/a/{n}.html"), "html": page(n)});
        // A job that knows a record's page type says so in the record.
        if n == 7 {
            rec["page_type"] = "forum".into();
        }
        input.push_str(&format!("{rec}\n"));
    }
    let gbk = common::read_fixture("seed/gbk-nolabel.html");
    let b64 = base64::engine::general_purpose::STANDARD.encode(&gbk);
    input.push_str(&format!(
        "{}\n",
        serde_json::json!({"id": "gbk", "html_base64": b64, "charset": "gbk"})
    ));
    input.push_str("not json\n\n");
    input.push_str(&format!("{}\n", serde_json::json!({"id": "none"})));
    input.push_str(&format!(
        "{}\n",
        serde_json::json!({"id": "b64", "html_base64": "%%%"})
    ));
    let run = |extra: &[&str], env: Option<(&str, &str)>| {
        let mut cmd = Command::new(common::bin());
        cmd.args(["batch", "--input", "jsonl", "--jobs", "4"])
            .args(extra)
            .arg("-")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some((k, v)) = env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let lines = common::jsonl(&out.stdout);
        (out.status.code(), lines)
    };
    let (code, lines) = run(&[], None);
    assert_eq!(code, Some(1), "error lines make the exit status 1");
    assert_eq!(lines.len(), 44);
    for (n, l) in lines.iter().take(40).enumerate() {
        assert_eq!(l["id"], n, "input order");
        let kind = if n == 7 { "forum" } else { "article" };
        assert_eq!(l["article"]["page_type"], kind);
        assert_eq!(l["article"]["title"], format!("Page {n}"));
        assert_eq!(
            l["article"]["image"],
            format!("https://example.com/img/{n}.jpg"),
            "the record's url is the page's address"
        );
    }
    assert_eq!(
        lines[40]["article"]["title"],
        "張江科學城區域化促進會和六大特色產業園黨委成立"
    );
    assert_eq!(lines[41]["id"]["line"], 42);
    assert_eq!(lines[41]["error"]["code"], "invalid_json");
    assert_eq!(lines[42]["error"]["code"], "missing_html");
    assert_eq!(lines[43]["error"]["code"], "invalid_base64");

    let (_, first) = run(&["--shard", "0/2"], None);
    let (_, second) = run(&["--shard", "/2"], Some(("JOB_COMPLETION_INDEX", "1")));
    assert_eq!(first.len() + second.len(), 44);
    assert_eq!(first[0]["id"], 0);
    assert_eq!(second[0]["id"], 1);
    assert!(first.iter().chain(&second).all(|l| !l["id"].is_null()));
}

/// `--shard I/N` over files: the sorted files number I, I+N...; a bad spec is an error.
#[test]
fn batch_shards_files() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.html", "b.html", "c.html"] {
        std::fs::copy(common::fixture("english.html"), dir.path().join(name)).unwrap();
    }
    let out = Command::new(common::bin())
        .args(["batch", "--shard", "1/3"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let paths: Vec<&str> = stdout.lines().collect();
    assert_eq!(paths.len(), 1, "{stdout}");
    assert!(paths[0].contains("b.html"), "{stdout}");
    let out = Command::new(common::bin())
        .args(["batch", "--shard", "3/3"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("below N"));
}

/// A batch killed with SIGKILL leaves only whole lines; `--resume OUT` skips the pages
/// answered there, so appending the second run's output gives every page exactly once.
/// A folder without pages is an error, not a run of 0 documents.
#[cfg(unix)]
#[test]
fn batch_killed_then_resumed_answers_every_page_once() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    let page = common::read_fixture("seed/utf8.html");
    for i in 0..300 {
        std::fs::write(pages.join(format!("{i:03}.html")), &page).unwrap();
    }
    let out_path = dir.path().join("out.jsonl");
    let mut child = Command::new(common::bin())
        .args(["batch", "--jobs", "1"])
        .arg(&pages)
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once some lines are out, well before the end.
    let t = std::time::Instant::now();
    while std::fs::metadata(&out_path).map_or(0, |m| m.len()) < 20_000
        && t.elapsed() < std::time::Duration::from_secs(30)
    {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let first = std::fs::read_to_string(&out_path).unwrap();
    let whole = first.lines().count();
    assert!(whole > 0 && whole < 300, "{whole} lines before the kill");
    assert!(first.ends_with('\n'), "a cut line was left");
    for l in first.lines() {
        serde_json::from_str::<serde_json::Value>(l).unwrap();
    }
    let out = Command::new(common::bin())
        .args(["batch", "--jobs", "2", "--resume"])
        .arg(&out_path)
        .arg(&pages)
        .stdout(
            std::fs::OpenOptions::new()
                .append(true)
                .open(&out_path)
                .unwrap(),
        )
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("resumed={whole}")), "{stderr}");
    let all = std::fs::read_to_string(&out_path).unwrap();
    let mut paths: Vec<String> = all
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["path"].to_string())
        .collect();
    assert_eq!(paths.len(), 300);
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), 300, "a page answered twice");

    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = Command::new(common::bin())
        .arg("batch")
        .arg(&empty)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no pages"));
}

/// WARC input: `.warc.gz` with a gzip member per record, read as a stream. HTML
/// `response` records give lines under their WARC-Record-ID with the record's URI as the
/// page's address and the HTTP charset as the transport charset; other records are
/// skipped and counted; a record cut short is an error line.
#[test]
fn batch_over_a_warc_file() {
    let member = |data: &[u8]| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    };
    let record = |kind: &str, id: &str, block: &[u8]| {
        let mut r = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Target-URI: https://example.com/news/{id}.html\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    };
    let gbk = common::read_fixture("seed/gbk-nolabel.html");
    let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=GBK\r\n\r\n".to_vec();
    http.extend_from_slice(&gbk);
    let english = common::read_fixture("english.html");
    let mut http2 = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec();
    http2.extend_from_slice(&english);
    let mut warc = Vec::new();
    warc.extend(member(&record("warcinfo", "0", b"software: test\r\n")));
    warc.extend(member(&record("request", "1", b"GET / HTTP/1.1\r\n\r\n")));
    warc.extend(member(&record("response", "2", &http)));
    warc.extend(member(&record(
        "response",
        "3",
        b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
    )));
    warc.extend(member(&record("response", "4", &http2)));
    let cut = record("response", "5", &http2);
    warc.extend(member(&cut[..cut.len() / 2]));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crawl.warc.gz");
    std::fs::write(&path, &warc).unwrap();
    let out = Command::new(common::bin())
        .args(["batch", "--jobs", "2"])
        .arg(&path)
        .output()
        .unwrap();
    let lines = common::jsonl(&out.stdout);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0]["id"], "<urn:uuid:2>");
    assert_eq!(lines[0]["article"]["encoding"]["source"], "transport");
    assert_eq!(
        lines[0]["article"]["title"],
        "張江科學城區域化促進會和六大特色產業園黨委成立"
    );
    assert_eq!(lines[1]["id"], "<urn:uuid:4>");
    assert!(lines[1]["article"]["text"].as_str().unwrap().len() > 100);
    assert_eq!(lines[2]["id"], "<urn:uuid:5>");
    assert_eq!(lines[2]["error"]["code"], "io_error");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("skipped=3"), "{stderr}");
    assert!(stderr.contains("errors=1"), "{stderr}");
}

/// `extract --bare` prints the article alone: Markdown with `--format markdown`, plain
/// text otherwise; `--links` puts the links in.
#[test]
fn extract_bare_prints_markdown_or_text() {
    let page = common::fixture("links-images.html");
    let page = page.to_str().unwrap();
    let run = |args: &[&str]| extract_out(&[args, &[page]].concat());
    let url = "--url=https://valley.example.com/news/mill.html";
    let md = run(&["--bare", "--format", "markdown", "--links", url]);
    assert!(
        md.starts_with("# Rebuilding the old mill\n\nThe mill at dawn"),
        "{md}"
    );
    assert!(md.contains("[old mill](<https://valley.example.com/stories/2024/mill-history.html>)"));
    let text = run(&["--bare"]);
    assert!(text.starts_with("Rebuilding the old mill\n\n"), "{text}");
    assert!(!text.contains('['), "{text}");
    let json: serde_json::Value = serde_json::from_str(&run(&["--links", url])).unwrap();
    assert_eq!(json["links"][0]["text"], "old mill");
}

/// `--output` appends to a file (for images without a shell), `{shard}` naming the shard;
/// resuming into the same file skips what it holds, and on the first run (no file yet)
/// skips nothing.
#[test]
fn batch_output_file_per_shard_resumes_into_itself() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("shard-{shard}.jsonl");
    let out = out.to_str().unwrap();
    let run = || {
        let o = Command::new(common::bin())
            .args(["batch", "--jobs", "2", "--shard", "1/2"])
            .arg(format!("--output={out}"))
            .arg(format!("--resume={out}"))
            .arg(common::fixture(""))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(o.stdout.is_empty(), "the lines go to the file");
        String::from_utf8(o.stderr).unwrap()
    };
    let first = run();
    let file = dir.path().join("shard-1.jsonl");
    let lines = common::jsonl(&std::fs::read(&file).unwrap());
    assert!(lines.len() >= 3, "{first}");
    assert!(first.contains("resumed=0"), "{first}");
    let second = run();
    assert!(second.contains("documents=0"), "{second}");
    assert!(
        second.contains(&format!("resumed={}", lines.len())),
        "{second}"
    );
    assert_eq!(
        common::jsonl(&std::fs::read(&file).unwrap()).len(),
        lines.len()
    );
    // {shard} without --shard is a mistake, said before any work.
    let o = Command::new(common::bin())
        .args(["batch", "--output", out])
        .arg(common::fixture(""))
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no --shard"));
}

/// A batch whose output cannot be written (a full disk) stops with exit 2 and the OS
/// error, whatever the number of pages and jobs: it used to wait forever once the
/// read-ahead window was full.
#[cfg(target_os = "linux")]
#[test]
fn batch_stops_with_the_error_when_its_output_fails() {
    let dir = tempfile::tempdir().unwrap();
    let page = common::read_fixture("english.html");
    for i in 0..200 {
        std::fs::write(dir.path().join(format!("{i:03}.html")), &page).unwrap();
    }
    for (jobs, to_file) in [("1", true), ("2", false), ("4", true)] {
        let mut cmd = Command::new(common::bin());
        cmd.args(["batch", "--jobs", jobs]).arg(dir.path());
        if to_file {
            cmd.arg("--output=/dev/full").stdout(Stdio::null());
        } else {
            cmd.stdout(
                std::fs::OpenOptions::new()
                    .write(true)
                    .open("/dev/full")
                    .unwrap(),
            );
        }
        let mut child = cmd.stderr(Stdio::piped()).spawn().unwrap();
        let Some(status) = common::wait_exit(&mut child, std::time::Duration::from_secs(120))
        else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("batch --jobs {jobs} did not stop");
        };
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
        assert_eq!(status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("No space left on device"), "{stderr}");
    }
}

/// `--resume` keys each record on its number in the input (`"input"` on its line), so
/// records without an id, or with an id seen before, are neither skipped nor answered
/// twice; a last line cut short (inside a UTF-8 character, too) is dropped from the file
/// the run appends to, and its record answered again. Every line carries the record's
/// own `url`.
#[cfg(unix)]
#[test]
fn batch_resume_answers_every_record_once_whatever_its_id_and_a_cut_line() {
    let page = |n: usize| {
        format!("<html><body><article><h1>頁面 {n}</h1><p>第{n}段，有逗號，有句號，內容足夠長。Paragraph {n}, with commas, and a full stop.</p></article></body></html>")
    };
    let ids = [
        serde_json::Value::Null,
        serde_json::json!("a"),
        serde_json::Value::Null,
        serde_json::json!("a"),
        serde_json::json!(7),
        serde_json::json!("b"),
    ];
    let mut input = String::new();
    for (n, id) in ids.iter().enumerate() {
        let mut rec =
            serde_json::json!({"url": format!("https://example.com/{n}"), "html": page(n)});
        if !id.is_null() {
            rec["id"] = id.clone();
        }
        input.push_str(&format!("{rec}\n"));
    }
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records.jsonl");
    std::fs::write(&records, &input).unwrap();
    let full = Command::new(common::bin())
        .args(["batch", "--input", "jsonl", "--jobs", "2"])
        .arg(&records)
        .output()
        .unwrap();
    assert_eq!(full.status.code(), Some(0));
    let full = String::from_utf8(full.stdout).unwrap();
    let lines: Vec<&str> = full.lines().collect();
    assert_eq!(lines.len(), 6);
    for (n, l) in lines.iter().enumerate() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert_eq!(v["input"], n + 1, "{l}");
        assert_eq!(v["url"], format!("https://example.com/{n}"), "{l}");
    }
    // A run cut after two whole lines and half of the third: the cut falls inside a
    // character of the Chinese title.
    let third = lines[2].as_bytes();
    let at = lines[2].find("頁").unwrap() + 1;
    let cut = [lines[0], "\n", lines[1], "\n"].concat().into_bytes();
    let cut = [cut.as_slice(), &third[..at]].concat();
    let check = |out: &std::path::Path, stderr: &[u8]| {
        let text = std::fs::read_to_string(out).unwrap();
        let inputs: Vec<u64> = text
            .lines()
            .map(|l| {
                let v: serde_json::Value =
                    serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
                v["input"].as_u64().unwrap()
            })
            .collect();
        assert_eq!(
            inputs,
            [1, 2, 3, 4, 5, 6],
            "{}",
            String::from_utf8_lossy(stderr)
        );
        assert!(String::from_utf8_lossy(stderr).contains("resumed=2"));
    };
    let out = dir.path().join("out.jsonl");
    // Resumed into the same file by --output, and by a shell's `>>`: the run succeeds
    // and the file holds every record once.
    let resumed = |o: std::process::Output| {
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        check(&out, &o.stderr);
    };
    std::fs::write(&out, &cut).unwrap();
    resumed(
        Command::new(common::bin())
            .args(["batch", "--input", "jsonl", "--jobs", "2"])
            .arg("--output")
            .arg(&out)
            .arg("--resume")
            .arg(&out)
            .arg(&records)
            .output()
            .unwrap(),
    );
    std::fs::write(&out, &cut).unwrap();
    resumed(
        Command::new(common::bin())
            .args(["batch", "--input", "jsonl", "--jobs", "2", "--resume"])
            .arg(&out)
            .arg(&records)
            .stdout(std::fs::OpenOptions::new().append(true).open(&out).unwrap())
            .stderr(Stdio::piped())
            .output()
            .unwrap(),
    );
}

/// A WARC record that cannot be skipped (a `request` claiming 10^15 bytes) is an error
/// line, counted, and the run's status says so: it used to end the file silently.
#[test]
fn batch_counts_a_warc_record_that_runs_past_the_file() {
    let html = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><article><p>A paragraph, with commas, clauses, and a full stop at its end.</p></article></body></html>";
    let record = |kind: &str, id: &str, len: usize, block: &[u8]| {
        let mut r = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Target-URI: https://example.com/{id}\r\nContent-Length: {len}\r\n\r\n"
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    };
    let mut warc = record("response", "1", html.len(), html);
    warc.extend(record(
        "request",
        "2",
        1_000_000_000_000_000,
        b"GET / HTTP/1.1\r\n\r\n",
    ));
    warc.extend(record("response", "3", html.len(), html));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crawl.warc");
    std::fs::write(&path, &warc).unwrap();
    let out = Command::new(common::bin())
        .arg("batch")
        .arg(&path)
        .output()
        .unwrap();
    let lines = common::jsonl(&out.stdout);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["id"], "<urn:uuid:1>");
    assert_eq!(lines[0]["url"], "https://example.com/1");
    assert_eq!(lines[1]["id"], "<urn:uuid:2>");
    assert_eq!(lines[1]["error"]["code"], "io_error");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("errors=1"), "{stderr}");
    assert_eq!(out.status.code(), Some(1));
}

/// The exit status is a policy a Job can rely on: 1 while the failed pages (error lines)
/// are over `--max-errors`, counting those in the output a restarted run resumes (it used
/// to exit 0 there, so the Job succeeded and the failure was gone); 0 within the budget.
#[test]
fn batch_exit_status_counts_the_errors_of_the_output_it_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    std::fs::write(pages.join("a.html"), common::read_fixture("english.html")).unwrap();
    // A .gz page that is no gzip: an error line.
    std::fs::write(pages.join("b.html.gz"), b"not gzip at all").unwrap();
    let out = dir.path().join("out.jsonl");
    let run = |extra: &[&str]| {
        let o = Command::new(common::bin())
            .arg("batch")
            .args(extra)
            .arg("--output")
            .arg(&out)
            .arg("--resume")
            .arg(&out)
            .arg(&pages)
            .output()
            .unwrap();
        (o.status.code(), String::from_utf8(o.stderr).unwrap())
    };
    let (code, stderr) = run(&[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("errors=1"), "{stderr}");
    assert!(stderr.contains("over the error budget"), "{stderr}");
    // The restarted run has nothing left to do, and still says the output holds a failure.
    let (code, stderr) = run(&[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("resumed=2 resumed_errors=1"), "{stderr}");
    let (code, stderr) = run(&["--max-errors", "1"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(common::jsonl(&std::fs::read(&out).unwrap()).len(), 2);
}
