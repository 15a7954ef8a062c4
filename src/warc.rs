//! WARC input (`gleaner batch`, the Python package's `extract_warc`): a streaming reader of
//! WARC/1.0 and 1.1 records (ISO 28500) from `.warc` or `.warc.gz` (a gzip member per
//! record, read as one stream). Behind the `warc` feature (on with `cli`).
//!
//! Only the record headers and one record's block are held at a time: memory does not
//! grow with the file. `response` records are HTTP responses (status line, headers, the
//! page); `resource` records hold the document itself. Both count when their content type
//! is HTML; other records are skipped and counted.

use std::io::{BufRead, Read};

/// A record's block larger than this is not read into memory: it becomes an error line
/// and its bytes are skipped.
pub const MAX_RECORD_BYTES: u64 = 64 * 1024 * 1024;

/// A page found in a WARC file.
#[derive(Debug)]
pub struct WarcPage {
    /// `WARC-Record-ID`.
    pub id: String,
    /// `WARC-Target-URI`.
    pub url: Option<String>,
    /// The charset of the HTTP `Content-Type`, when it names one.
    pub charset: Option<String>,
    /// The page's bytes (transfer coding undone).
    pub body: Vec<u8>,
}

impl WarcPage {
    /// Extracts the page with `options`, read with its `WARC-Target-URI` and its HTTP
    /// charset (else `options`' own): what `gleaner batch` and the Python package's
    /// `extract_warc` do with each page.
    pub fn extract(&self, options: &crate::Options) -> Result<crate::Article, crate::Error> {
        let opts = options
            .clone()
            .with_url(self.url.clone())
            .with_charset(self.charset.clone().or(options.charset.clone()));
        crate::extract(&self.body, &opts)
    }
}

/// What the reader gives for each record.
#[derive(Debug)]
pub enum Item {
    /// An HTML page.
    Page(WarcPage),
    /// A record that is not an HTML page (request, metadata, warcinfo, images...).
    Skipped,
    /// A record that cannot be read (with its id when known); reading goes on when the
    /// record's length was known, and stops otherwise.
    Bad {
        /// `WARC-Record-ID`, when the record's headers could be read.
        id: Option<String>,
        /// What is wrong.
        message: String,
    },
}

/// Reads records from `r` until its end or an unrecoverable error.
pub struct Records<R: BufRead> {
    r: R,
    done: bool,
}

impl<R: BufRead> Records<R> {
    /// Reads the records of an uncompressed WARC stream (gunzip a `.warc.gz` first, as
    /// [`open`] does).
    pub fn new(r: R) -> Self {
        Records { r, done: false }
    }
}

impl<R: BufRead> Records<R> {
    /// Reads the line ends that close a record, and looks at what follows: in a
    /// `.warc.gz`, that reads the record's gzip member to its end, where its checksum is
    /// checked.
    fn end_of_record(&mut self) -> std::io::Result<()> {
        loop {
            let buf = self.r.fill_buf()?;
            let ends = buf
                .iter()
                .take_while(|&&b| b == b'\r' || b == b'\n')
                .count();
            if ends == 0 {
                return Ok(());
            }
            self.r.consume(ends);
        }
    }
}

/// The records of a `.warc` file, or of a `.warc.gz` (any name ending in `.gz`) gunzipped
/// as it is read.
pub fn open(path: &std::path::Path) -> std::io::Result<Records<Box<dyn BufRead + Send>>> {
    let f = std::io::BufReader::with_capacity(64 * 1024, std::fs::File::open(path)?);
    let r: Box<dyn BufRead + Send> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(std::io::BufReader::new(flate2::read::MultiGzDecoder::new(
            f,
        )))
    } else {
        Box::new(f)
    };
    Ok(Records::new(r))
}

/// An HTML page's charset (when its content type names one) and bytes.
type Html = (Option<String>, Vec<u8>);

/// The headers of a WARC record or an HTTP message: `(lowercase name, value)`.
type Headers = Vec<(String, String)>;

fn header<'h>(h: &'h Headers, name: &str) -> Option<&'h str> {
    h.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// The longest header line read: a line without an end cannot take unbounded memory.
const MAX_HEADER_LINE: u64 = 64 * 1024;

/// Reads one line of at most [`MAX_HEADER_LINE`] bytes into `buf` (appending); the bytes
/// read, 0 at the end of the input.
fn read_line(r: &mut impl BufRead, buf: &mut String) -> std::io::Result<usize> {
    let n = r.take(MAX_HEADER_LINE).read_line(buf)?;
    if n as u64 == MAX_HEADER_LINE && !buf.ends_with('\n') {
        return Err(std::io::Error::other(format!(
            "a header line longer than {MAX_HEADER_LINE} bytes"
        )));
    }
    Ok(n)
}

/// Reads header lines up to the empty line; `None` at the end of the input before any.
fn read_headers(r: &mut impl BufRead, first: &mut String) -> std::io::Result<Option<Headers>> {
    // The version line, after any empty lines between records.
    loop {
        first.clear();
        if read_line(r, first)? == 0 {
            return Ok(None);
        }
        if !first.trim().is_empty() {
            break;
        }
    }
    let mut h = Headers::new();
    let mut line = String::new();
    loop {
        line.clear();
        if read_line(r, &mut line)? == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the record's headers end early",
            ));
        }
        let l = line.trim_end_matches(['\r', '\n']);
        if l.is_empty() {
            return Ok(Some(h));
        }
        if let Some((k, v)) = l.split_once(':') {
            h.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
        if h.len() > 1000 {
            return Err(std::io::Error::other("more than 1,000 header lines"));
        }
    }
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if self.done {
            return None;
        }
        let mut first = String::new();
        let stop = |this: &mut Self, message: String| {
            this.done = true;
            Some(Item::Bad { id: None, message })
        };
        let h = match read_headers(&mut self.r, &mut first) {
            Ok(Some(h)) => h,
            Ok(None) => return None,
            Err(e) => return stop(self, format!("reading a WARC record: {e}")),
        };
        if !first.starts_with("WARC/") {
            return stop(
                self,
                format!(
                    "not a WARC record: {:?}",
                    first.trim_end().chars().take(40).collect::<String>()
                ),
            );
        }
        let id = header(&h, "warc-record-id").map(str::to_string);
        // The record's length frames everything after it: without one, or with two, the
        // next record cannot be found.
        let bad_end = |this: &mut Self, message: String| {
            this.done = true;
            Some(Item::Bad {
                id: id.clone(),
                message,
            })
        };
        let lengths = h.iter().filter(|(k, _)| k == "content-length").count();
        if lengths > 1 {
            return bad_end(
                self,
                format!("a WARC record with {lengths} Content-Length headers (ambiguous framing)"),
            );
        }
        let Some(len) = header(&h, "content-length").and_then(|v| v.parse::<u64>().ok()) else {
            return bad_end(self, "a WARC record without a valid Content-Length".into());
        };
        let kind = header(&h, "warc-type").unwrap_or("").to_ascii_lowercase();
        let wanted = matches!(kind.as_str(), "response" | "resource");
        if !wanted || len > MAX_RECORD_BYTES {
            match std::io::copy(&mut (&mut self.r).take(len), &mut std::io::sink()) {
                Ok(n) if n == len => {}
                // A skipped record that claims more than the file holds would swallow
                // every record after it unseen.
                Ok(n) => {
                    return bad_end(
                        self,
                        format!("the record is cut short: {n} of {len} bytes (its Content-Length runs past the end of the file)"),
                    );
                }
                Err(e) => return bad_end(self, format!("skipping a record: {e}")),
            }
            if let Err(e) = self.end_of_record() {
                return bad_end(self, format!("after the record: {e}"));
            }
            if wanted {
                return Some(Item::Bad {
                    id,
                    message: format!(
                        "the record holds {len} bytes, over the limit of {MAX_RECORD_BYTES}"
                    ),
                });
            }
            return Some(Item::Skipped);
        }
        let mut block = Vec::with_capacity(len as usize);
        match (&mut self.r).take(len).read_to_end(&mut block) {
            Ok(n) if n as u64 == len => {}
            Ok(n) => {
                self.done = true;
                return Some(Item::Bad {
                    id,
                    message: format!("the record is cut short: {n} of {len} bytes"),
                });
            }
            Err(e) => {
                self.done = true;
                return Some(Item::Bad {
                    id,
                    message: format!("reading the record: {e}"),
                });
            }
        }
        // A `.warc.gz` member's checksum is checked past the record's end: a record whose
        // member is corrupt is not a good page.
        if let Err(e) = self.end_of_record() {
            return bad_end(self, format!("after the record: {e}"));
        }
        let url = header(&h, "warc-target-uri").map(|u| u.trim_matches(['<', '>']).to_string());
        let id = id.unwrap_or_default();
        let page = if kind == "response" {
            http_page(&block)
        } else {
            Ok(html_type(header(&h, "content-type")).map(|charset| (charset, block)))
        };
        Some(match page {
            Ok(Some((charset, body))) => Item::Page(WarcPage {
                id,
                url,
                charset,
                body,
            }),
            Ok(None) => Item::Skipped,
            Err(message) => Item::Bad {
                id: Some(id),
                message,
            },
        })
    }
}

/// A `Content-Type` value's essence (lowercase) and its `charset` parameter (the WARC
/// records' HTTP headers; the service's request header too).
pub fn media_type(content_type: &str) -> (String, Option<String>) {
    let mut parts = content_type.split(';');
    let essence = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches('"').to_string())
    });
    (essence, charset)
}

/// For an HTML content type, its charset parameter (`Some(None)`: HTML without one);
/// `None` for anything else.
fn html_type(content_type: Option<&str>) -> Option<Option<String>> {
    let (essence, charset) = media_type(content_type?);
    matches!(essence.as_str(), "text/html" | "application/xhtml+xml").then_some(charset)
}

/// The page in an HTTP response block: `(charset, body)` when it is HTML, with a chunked
/// transfer coding and a gzip or deflate content coding undone.
fn http_page(block: &[u8]) -> Result<Option<Html>, String> {
    let mut r = block;
    let mut status = String::new();
    let h = match read_headers(&mut r, &mut status) {
        Ok(Some(h)) => h,
        Ok(None) => return Err("an empty HTTP response".into()),
        Err(e) => return Err(format!("the HTTP response's headers: {e}")),
    };
    if !status.starts_with("HTTP/") {
        return Err("the response record holds no HTTP response".into());
    }
    let Some(charset) = html_type(header(&h, "content-type")) else {
        return Ok(None);
    };
    let mut body = r.to_vec();
    if header(&h, "transfer-encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked")) {
        body = dechunk(&body).ok_or("a broken chunked transfer coding")?;
    }
    let inflate = |r: &mut dyn Read, coding: &str| -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        r.take(MAX_RECORD_BYTES)
            .read_to_end(&mut out)
            .map_err(|e| format!("the page's {coding} coding: {e}"))?;
        Ok(out)
    };
    match header(&h, "content-encoding")
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("" | "identity") => {}
        Some("gzip" | "x-gzip") => {
            body = inflate(
                &mut flate2::read::MultiGzDecoder::new(body.as_slice()),
                "gzip",
            )?;
        }
        Some("deflate") => {
            body = inflate(
                &mut flate2::read::ZlibDecoder::new(body.as_slice()),
                "deflate",
            )?;
        }
        Some(other) => {
            return Err(format!(
                "the page's content coding {other:?} is not decoded"
            ))
        }
    }
    Ok(Some((charset, body)))
}

/// The payload of a chunked transfer coding; `None` when it is broken.
fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let eol = b.windows(2).position(|w| w == b"\r\n")?;
        let size = std::str::from_utf8(b.get(..eol)?).ok()?;
        let size = usize::from_str_radix(size.split(';').next()?.trim(), 16).ok()?;
        b = b.get(eol + 2..)?;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = b.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, id: &str, headers: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Target-URI: https://example.com/{id}\r\n{headers}Content-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    #[test]
    fn pages_are_read_from_response_and_resource_records_others_skipped() {
        let page = b"<html><body><p>Hello</p></body></html>";
        let http = [
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=gbk\r\nTransfer-Encoding: chunked\r\n\r\n".as_slice(),
            b"a\r\n<html><bod\r\n1c\r\ny><p>Hello</p></body></html>\r\n0\r\n\r\n",
        ]
        .concat();
        let mut warc = record(
            "warcinfo",
            "0",
            "Content-Type: application/warc-fields\r\n",
            b"software: x\r\n",
        );
        warc.extend(record("request", "1", "", b"GET / HTTP/1.1\r\n\r\n"));
        warc.extend(record(
            "response",
            "2",
            "Content-Type: application/http; msgtype=response\r\n",
            &http,
        ));
        warc.extend(record("resource", "3", "Content-Type: text/html\r\n", page));
        warc.extend(record(
            "response",
            "4",
            "",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        ));
        let items: Vec<Item> = Records::new(warc.as_slice()).collect();
        assert_eq!(items.len(), 5);
        assert!(matches!(items[0], Item::Skipped));
        assert!(matches!(items[1], Item::Skipped));
        match &items[2] {
            Item::Page(p) => {
                assert_eq!(p.body, page);
                assert_eq!(p.charset.as_deref(), Some("gbk"));
                assert_eq!(p.url.as_deref(), Some("https://example.com/2"));
                assert_eq!(p.id, "<urn:uuid:2>");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(&items[3], Item::Page(p) if p.body == page && p.charset.is_none()));
        assert!(matches!(items[4], Item::Skipped));
    }

    #[test]
    fn a_record_that_cannot_be_framed_is_an_error_not_a_silent_end() {
        let page = record(
            "resource",
            "3",
            "Content-Type: text/html\r\n",
            b"<p>three</p>",
        );
        // A skipped record claiming more than the file holds.
        let mut warc = record(
            "resource",
            "1",
            "Content-Type: text/html\r\n",
            b"<p>one</p>",
        );
        warc.extend(
            String::from("WARC/1.1\r\nWARC-Type: request\r\nWARC-Record-ID: <urn:uuid:2>\r\nContent-Length: 1000000000000000\r\n\r\nGET / HTTP/1.1\r\n\r\n")
                .into_bytes(),
        );
        warc.extend(&page);
        let items: Vec<Item> = Records::new(warc.as_slice()).collect();
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(matches!(items[0], Item::Page(_)));
        assert!(
            matches!(&items[1], Item::Bad { id: Some(id), message } if id == "<urn:uuid:2>" && message.contains("cut short")),
            "{items:?}"
        );
        // Two Content-Length headers: refused, whatever their values.
        let two = record(
            "resource",
            "4",
            "Content-Type: text/html\r\nContent-Length: 5\r\n",
            b"<p>four</p>",
        );
        let items: Vec<Item> = Records::new([two, page].concat().as_slice()).collect();
        assert!(
            matches!(items.as_slice(), [Item::Bad { id: Some(id), message }] if id == "<urn:uuid:4>" && message.contains("ambiguous")),
            "{items:?}"
        );
    }

    #[test]
    fn a_gzip_member_that_fails_its_checksum_is_not_a_good_page() {
        use std::io::Write;
        let member = |data: &[u8]| {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(data).unwrap_or_default();
            e.finish().unwrap_or_default()
        };
        let html = "Content-Type: text/html\r\n";
        let mut bad = member(&record("resource", "2", html, b"<p>two</p>"));
        let at = bad.len() - 8; // the member's CRC-32
        if let Some(b) = bad.get_mut(at) {
            *b ^= 0xff;
        }
        // The corrupt member last in the file, and followed by another.
        for last in [true, false] {
            let mut gz = member(&record("resource", "1", html, b"<p>one</p>"));
            gz.extend(&bad);
            if !last {
                gz.extend(member(&record("resource", "3", html, b"<p>three</p>")));
            }
            let r = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(gz.as_slice()));
            let items: Vec<Item> = Records::new(r).collect();
            assert_eq!(items.len(), 2, "{items:?}");
            assert!(matches!(items[0], Item::Page(_)), "{items:?}");
            assert!(
                matches!(&items[1], Item::Bad { id: Some(id), .. } if id == "<urn:uuid:2>"),
                "{items:?}"
            );
        }
    }

    #[test]
    fn a_truncated_record_is_an_error_and_ends_the_file() {
        let mut warc = record(
            "resource",
            "1",
            "Content-Type: text/html\r\n",
            b"<p>one</p>",
        );
        let cut = record(
            "resource",
            "2",
            "Content-Type: text/html\r\n",
            b"<p>two, cut short</p>",
        );
        warc.extend_from_slice(&cut[..cut.len() - 12]);
        let items: Vec<Item> = Records::new(warc.as_slice()).collect();
        assert_eq!(items.len(), 2);
        assert!(matches!(items[0], Item::Page(_)));
        assert!(matches!(&items[1], Item::Bad { id: Some(id), .. } if id == "<urn:uuid:2>"));
        let items: Vec<Item> = Records::new(b"GARBAGE\r\n\r\n".as_slice()).collect();
        assert!(matches!(items.as_slice(), [Item::Bad { id: None, .. }]));
        // A header line without an end is not read into memory whole.
        let endless = [b"WARC/1.1\r\nWARC-Type: ".as_slice(), &vec![b'x'; 1 << 20]].concat();
        let items: Vec<Item> = Records::new(endless.as_slice()).collect();
        assert!(
            matches!(items.as_slice(), [Item::Bad { message, .. }] if message.contains("longer than"))
        );
    }
}
