//! Streaming decode to UTF-8 with encoding_rs, counting replaced byte sequences.

use encoding_rs::{DecoderResult, Encoding};

const OUT_CHUNK: usize = 16 * 1024;

pub(crate) struct Decoder {
    inner: encoding_rs::Decoder,
    out: Vec<u8>,
    pub(crate) replacements: u64,
}

impl Decoder {
    pub(crate) fn new(encoding: &'static Encoding) -> Self {
        Decoder {
            inner: encoding.new_decoder_with_bom_removal(),
            out: vec![0; OUT_CHUNK],
            replacements: 0,
        }
    }

    /// Decodes `input`, handing UTF-8 pieces to `sink`. `last` flushes a cut sequence.
    pub(crate) fn decode<E>(
        &mut self,
        mut input: &[u8],
        last: bool,
        mut sink: impl FnMut(&[u8]) -> Result<(), E>,
    ) -> Result<(), E> {
        loop {
            let (res, read, written) =
                self.inner
                    .decode_to_utf8_without_replacement(input, &mut self.out, last);
            if let Some(piece) = self.out.get(..written) {
                if !piece.is_empty() {
                    sink(piece)?;
                }
            }
            input = input.get(read..).unwrap_or_default();
            match res {
                DecoderResult::InputEmpty => return Ok(()),
                DecoderResult::OutputFull => {}
                DecoderResult::Malformed(_, _) => {
                    self.replacements += 1;
                    sink("\u{FFFD}".as_bytes())?;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(enc: &'static Encoding, parts: &[&[u8]]) -> (String, u64) {
        let mut d = Decoder::new(enc);
        let mut out = Vec::new();
        for (i, p) in parts.iter().enumerate() {
            d.decode::<()>(p, i + 1 == parts.len(), |b| {
                out.extend_from_slice(b);
                Ok(())
            })
            .ok();
        }
        (String::from_utf8(out).unwrap_or_default(), d.replacements)
    }

    #[test]
    fn gbk_split_inside_a_character() {
        let (bytes, _, _) = encoding_rs::GBK.encode("學中文");
        let (a, b) = bytes.split_at(3);
        assert_eq!(run(encoding_rs::GBK, &[a, b]).0, "學中文");
    }

    #[test]
    fn counts_each_malformed_sequence() {
        let (s, n) = run(encoding_rs::UTF_8, &[b"a\xffb\xfe", b"c"]);
        assert_eq!(s, "a\u{FFFD}b\u{FFFD}c");
        assert_eq!(n, 2);
    }
}
