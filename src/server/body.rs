//! Request bodies: `Content-Encoding` (gzip, deflate, br, zstd) decoded in bounded pieces,
//! with the body limit applied to the *decoded* bytes, so a compression bomb is stopped
//! as soon as its output passes the limit instead of being inflated in memory.
//!
//! actix-web's own request decompression inflates each network chunk whole before the
//! handler sees it (a 64 KiB brotli chunk can expand without bound), so it is not enabled;
//! the streaming decoders here (`flate2`, `brotli-decompressor`, `zstd`) write their output
//! through [`Limited`] in pieces of at most a few dozen KiB.

use std::io::{self, Write};

use super::error::Problem;
use crate::Code;

/// Where decoded body bytes go.
pub(crate) trait Feed {
    fn feed(&mut self, bytes: &[u8]) -> Result<(), Problem>;
}

impl<F: FnMut(&[u8]) -> Result<(), Problem>> Feed for F {
    fn feed(&mut self, bytes: &[u8]) -> Result<(), Problem> {
        self(bytes)
    }
}

/// A writer that counts decoded bytes against `limit` and hands them to `sink`.
pub(crate) struct Limited<F: Feed> {
    sink: F,
    total: u64,
    limit: u64,
    /// Why the last write failed, when it was the limit or the sink.
    pub(crate) failed: Option<Problem>,
}

impl<F: Feed> Limited<F> {
    pub(crate) fn new(limit: u64, sink: F) -> Self {
        Limited {
            sink,
            total: 0,
            limit,
            failed: None,
        }
    }

    /// The sink.
    pub(crate) fn into_inner(self) -> F {
        self.sink
    }
}

impl<F: Feed> Write for Limited<F> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.total += buf.len() as u64;
        if self.total > self.limit {
            self.failed = Some(Problem::too_large(self.limit));
            return Err(io::Error::other("body limit"));
        }
        if let Err(p) = self.sink.feed(buf) {
            self.failed = Some(p);
            return Err(io::Error::other("extractor"));
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The one content coding of a request from all its `Content-Encoding` header lines, read
/// as one comma-separated list (RFC 9110: several lines are one list); `identity` entries
/// are no coding. `None` when there is none; 415 for a stack of two codings (`gzip, br`),
/// which the server does not decode, and for a value that is not ASCII.
pub(crate) fn content_coding<'a>(
    values: impl Iterator<Item = &'a actix_web::http::header::HeaderValue>,
) -> Result<Option<String>, Problem> {
    let mut codings = Vec::new();
    for v in values {
        let v = v
            .to_str()
            .map_err(|_| Problem::unsupported_encoding("(not ASCII)"))?;
        codings.extend(
            v.split(',')
                .map(|c| c.trim().to_ascii_lowercase())
                .filter(|c| !c.is_empty() && c != "identity"),
        );
    }
    match codings.len() {
        0 => Ok(None),
        // Known before the body is read: the answer does not wait for the upload.
        1 => match codings.pop() {
            Some(c) if matches!(c.as_str(), "gzip" | "x-gzip" | "deflate" | "br" | "zstd") => {
                Ok(Some(c))
            }
            other => Err(Problem::unsupported_encoding(
                other.as_deref().unwrap_or(""),
            )),
        },
        _ => Err(Problem::unsupported_encoding(&codings.join(", "))),
    }
}

/// The decoder of one request body.
pub(crate) enum BodyDecoder<W: Write> {
    Identity(W),
    Gzip(flate2::write::MultiGzDecoder<W>),
    Deflate(flate2::write::ZlibDecoder<W>),
    Brotli(Box<brotli_decompressor::DecompressorWriter<W>>),
    Zstd(zstd::stream::write::Decoder<'static, W>),
}

impl<W: Write> BodyDecoder<W> {
    /// The decoder for a `Content-Encoding` header value (`None`: no header).
    pub(crate) fn new(encoding: Option<&str>, w: W) -> Result<Self, Problem> {
        let enc = encoding.map(|e| e.trim().to_ascii_lowercase());
        Ok(match enc.as_deref() {
            None | Some("" | "identity") => BodyDecoder::Identity(w),
            Some("gzip" | "x-gzip") => BodyDecoder::Gzip(flate2::write::MultiGzDecoder::new(w)),
            Some("deflate") => BodyDecoder::Deflate(flate2::write::ZlibDecoder::new(w)),
            Some("br") => BodyDecoder::Brotli(Box::new(
                brotli_decompressor::DecompressorWriter::new(w, 32 * 1024),
            )),
            Some("zstd") => match zstd::stream::write::Decoder::new(w) {
                Ok(d) => BodyDecoder::Zstd(d),
                Err(e) => {
                    return Err(Problem::internal(format!("zstd decoder: {e}")));
                }
            },
            Some(other) => return Err(Problem::unsupported_encoding(other)),
        })
    }

    /// Decodes the next chunk of the body.
    pub(crate) fn write(&mut self, chunk: &[u8]) -> io::Result<()> {
        match self {
            BodyDecoder::Identity(w) => w.write_all(chunk),
            BodyDecoder::Gzip(d) => d.write_all(chunk),
            BodyDecoder::Deflate(d) => d.write_all(chunk),
            BodyDecoder::Brotli(d) => d.write_all(chunk),
            BodyDecoder::Zstd(d) => d.write_all(chunk),
        }
    }

    /// Writes out what the decoder holds (so a limit hit there is still reported).
    pub(crate) fn flush(&mut self) -> io::Result<()> {
        match self {
            BodyDecoder::Identity(w) => w.flush(),
            BodyDecoder::Gzip(d) => d.flush(),
            BodyDecoder::Deflate(d) => d.flush(),
            BodyDecoder::Brotli(d) => d.flush(),
            BodyDecoder::Zstd(d) => d.flush(),
        }
    }

    /// Ends the body: flushes what the decoder holds and checks the stream was complete.
    pub(crate) fn finish(self) -> io::Result<W> {
        match self {
            BodyDecoder::Identity(w) => Ok(w),
            BodyDecoder::Gzip(d) => d.finish(),
            BodyDecoder::Deflate(d) => d.finish(),
            BodyDecoder::Brotli(d) => d.into_inner().map_err(|_| {
                io::Error::new(io::ErrorKind::UnexpectedEof, "truncated brotli stream")
            }),
            // `finish` (not `flush`) reports a stream that stops inside a frame.
            BodyDecoder::Zstd(d) => d.finish(),
        }
    }

    /// The writer underneath.
    pub(crate) fn get_mut(&mut self) -> &mut W {
        match self {
            BodyDecoder::Identity(w) => w,
            BodyDecoder::Gzip(d) => d.get_mut(),
            BodyDecoder::Deflate(d) => d.get_mut(),
            BodyDecoder::Brotli(d) => d.get_mut(),
            BodyDecoder::Zstd(d) => d.get_mut(),
        }
    }
}

/// The problem for a failed decode: the limit or the extractor when they failed, else the
/// compressed stream itself is broken.
pub(crate) fn decode_problem<F: Feed>(
    w: &mut Limited<F>,
    e: &io::Error,
    encoding: Option<&str>,
) -> Problem {
    w.failed.take().unwrap_or_else(|| {
        Problem::bad_request(
            Code::InvalidContentEncoding,
            format!(
                "the body is not valid {} data: {e}",
                encoding.unwrap_or("identity")
            ),
            "send the body compressed as its Content-Encoding says, or without Content-Encoding",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(encoding: &str, body: &[u8], limit: u64) -> Result<Vec<u8>, Problem> {
        let mut out = Vec::new();
        let result = {
            let sink = |b: &[u8]| {
                out.extend_from_slice(b);
                Ok(())
            };
            let mut d = BodyDecoder::new(Some(encoding), Limited::new(limit, sink))?;
            let mut r = Ok(());
            for chunk in body.chunks(1000) {
                if let Err(e) = d.write(chunk) {
                    r = Err(decode_problem(d.get_mut(), &e, Some(encoding)));
                    break;
                }
            }
            r.and_then(|()| {
                d.finish().map(|_| ()).map_err(|e| {
                    Problem::bad_request(Code::InvalidContentEncoding, e.to_string(), "-")
                })
            })
        };
        result.map(|()| out)
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).unwrap_or_default();
        e.finish().unwrap_or_default()
    }

    #[test]
    fn each_encoding_round_trips() {
        let page = b"<html><body><p>hello</p></body></html>".repeat(100);
        assert_eq!(
            decode("gzip", &gzip(&page), 1 << 20).ok(),
            Some(page.clone())
        );
        let z = zstd::stream::encode_all(page.as_slice(), 3).unwrap_or_default();
        assert_eq!(decode("zstd", &z, 1 << 20).ok(), Some(page.clone()));
        assert_eq!(decode("identity", &page, 1 << 20).ok(), Some(page));
    }

    #[test]
    fn the_limit_counts_decoded_bytes() {
        let bomb = gzip(&vec![0u8; 8 << 20]);
        assert!(bomb.len() < 64 * 1024);
        let err = decode("gzip", &bomb, 1 << 20).err().map(|p| p.status);
        assert_eq!(err, Some(413));
    }

    #[test]
    fn broken_streams_and_unknown_encodings_are_client_errors() {
        let err = decode("gzip", b"this is not gzip at all", 1 << 20)
            .err()
            .map(|p| p.status);
        assert_eq!(err, Some(400));
        let err = decode("compress", b"x", 1 << 20).err().map(|p| p.status);
        assert_eq!(err, Some(415));
    }

    #[test]
    fn content_encoding_lines_are_one_list() {
        use actix_web::http::header::HeaderValue;
        let coding = |lines: &[&'static str]| {
            let values: Vec<HeaderValue> =
                lines.iter().map(|l| HeaderValue::from_static(l)).collect();
            content_coding(values.iter()).map_err(|p| p.status)
        };
        assert_eq!(coding(&[]), Ok(None));
        assert_eq!(coding(&["identity"]), Ok(None));
        assert_eq!(coding(&[" GZip "]), Ok(Some("gzip".into())));
        assert_eq!(coding(&["gzip", "identity"]), Ok(Some("gzip".into())));
        // Two lines are the list `gzip, br`: not the first line alone.
        assert_eq!(coding(&["gzip", "br"]), Err(415));
        assert_eq!(coding(&["gzip, br"]), Err(415));
        assert_eq!(coding(&["compress"]), Err(415));
    }

    #[test]
    fn a_truncated_stream_is_a_client_error_in_every_encoding() {
        let page =
            b"<html><body><p>hello, a page long enough to compress</p></body></html>".repeat(200);
        let z = zstd::stream::encode_all(page.as_slice(), 3).unwrap_or_default();
        let g = gzip(&page);
        for (encoding, full) in [("zstd", z), ("gzip", g)] {
            // Cut in the frame's body, and cut inside its header (the magic number, the
            // frame header descriptor, the window and size fields).
            for at in [full.len() / 2, 1, 3, 4, 5, 6, 8] {
                let cut = full.get(..at).unwrap_or_default();
                let err = decode(encoding, cut, 1 << 20).err().map(|p| p.status);
                assert_eq!(err, Some(400), "{encoding} cut at {at}");
            }
        }
    }
}
