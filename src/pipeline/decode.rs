//! Streaming decode to UTF-8 with encoding_rs, counting replaced byte sequences.

use encoding_rs::{DecoderResult, Encoding};

const OUT_CHUNK: usize = 16 * 1024;

pub(crate) struct Decoder {
    inner: encoding_rs::Decoder,
    out: Vec<u8>,
    pub(crate) replacements: u64,
    mode: Mode,
    /// In `Mode::Valid`: the start of a character cut by the end of the previous chunk.
    carry: Vec<u8>,
}

/// UTF-8 input that is valid goes to the sink as it is, without a copy through
/// encoding_rs; from the first malformed sequence on, `inner` decodes the rest.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Not UTF-8, or UTF-8 after a malformed sequence.
    Transcode,
    /// UTF-8, nothing seen yet: a byte-order mark may open the input.
    Start,
    /// UTF-8, valid so far.
    Valid,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Length of the UTF-8 sequence that `lead` opens (1 for a byte that opens none).
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

impl Decoder {
    pub(crate) fn new(encoding: &'static Encoding) -> Self {
        Decoder {
            inner: encoding.new_decoder_with_bom_removal(),
            out: vec![0; OUT_CHUNK],
            replacements: 0,
            mode: if encoding == encoding_rs::UTF_8 {
                Mode::Start
            } else {
                Mode::Transcode
            },
            carry: Vec::new(),
        }
    }

    /// Decodes `input`, handing UTF-8 pieces to `sink`. `last` flushes a cut sequence.
    pub(crate) fn decode<E>(
        &mut self,
        mut input: &[u8],
        last: bool,
        mut sink: impl FnMut(&[u8]) -> Result<(), E>,
    ) -> Result<(), E> {
        if self.mode == Mode::Start {
            if input.len() < BOM.len() && !last {
                // A first chunk too short to show a whole byte-order mark: encoding_rs,
                // which strips one even when it is cut, decodes everything.
                self.mode = Mode::Transcode;
            } else {
                input = input.strip_prefix(BOM).unwrap_or(input);
                self.mode = Mode::Valid;
            }
        }
        if self.mode == Mode::Transcode {
            return self.transcode(input, last, &mut sink);
        }
        if let Some(&lead) = self.carry.first() {
            let need = utf8_len(lead).saturating_sub(self.carry.len());
            let (head, tail) = input.split_at(need.min(input.len()));
            self.carry.extend_from_slice(head);
            input = tail;
            if head.len() < need && !last {
                return Ok(());
            }
            if std::str::from_utf8(&self.carry).is_ok() {
                sink(&self.carry)?;
                self.carry.clear();
            } else {
                let carry = std::mem::take(&mut self.carry);
                self.leave_valid();
                if input.is_empty() {
                    return self.transcode(&carry, last, &mut sink);
                }
                self.transcode(&carry, false, &mut sink)?;
                return self.transcode(input, last, &mut sink);
            }
        }
        match std::str::from_utf8(input) {
            Ok(_) => {
                if !input.is_empty() {
                    sink(input)?;
                }
                Ok(())
            }
            Err(e) => {
                let (valid, rest) = input.split_at(e.valid_up_to());
                if !valid.is_empty() {
                    sink(valid)?;
                }
                if e.error_len().is_none() && !last {
                    self.carry.extend_from_slice(rest);
                    return Ok(());
                }
                self.leave_valid();
                self.transcode(rest, last, &mut sink)
            }
        }
    }

    /// From here on encoding_rs decodes (the byte-order mark is behind us).
    fn leave_valid(&mut self) {
        self.mode = Mode::Transcode;
        self.inner = encoding_rs::UTF_8.new_decoder_without_bom_handling();
    }

    fn transcode<E>(
        &mut self,
        mut input: &[u8],
        last: bool,
        sink: &mut impl FnMut(&[u8]) -> Result<(), E>,
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

    /// encoding_rs over the whole input at once: what any chunking must give.
    fn whole(enc: &'static Encoding, input: &[u8]) -> (String, u64) {
        let mut d = enc.new_decoder_with_bom_removal();
        let mut out = vec![0; input.len() * 3 + 16];
        let (mut at, mut written, mut bad) = (0, 0, 0);
        loop {
            let (res, read, w) = d.decode_to_utf8_without_replacement(
                input.get(at..).unwrap_or_default(),
                out.get_mut(written..).unwrap_or_default(),
                true,
            );
            at += read;
            written += w;
            match res {
                DecoderResult::InputEmpty => break,
                DecoderResult::OutputFull => unreachable!("output sized for the input"),
                DecoderResult::Malformed(_, _) => {
                    bad += 1;
                    for b in "\u{FFFD}".bytes() {
                        if let Some(slot) = out.get_mut(written) {
                            *slot = b;
                        }
                        written += 1;
                    }
                }
            }
        }
        out.truncate(written);
        (String::from_utf8(out).unwrap_or_default(), bad)
    }

    proptest::proptest! {
        #[test]
        fn utf8_in_any_chunks_decodes_as_a_whole(
            bytes in proptest::collection::vec(proptest::sample::select(vec![
                b'a', b'<', b' ', 0xEF, 0xBB, 0xBF, 0xE5, 0xAD, 0xA6, 0xC3, 0xA9, 0xF0, 0x9F,
                0x98, 0x80, 0xFF, 0x80, 0xC0,
            ]), 0..40),
            cuts in proptest::collection::vec(0usize..40, 0..5),
        ) {
            let mut cuts: Vec<usize> = cuts.into_iter().filter(|&c| c <= bytes.len()).collect();
            cuts.sort_unstable();
            let mut parts = Vec::new();
            let mut from = 0;
            for c in cuts {
                parts.push(bytes.get(from..c).unwrap_or_default());
                from = c;
            }
            parts.push(bytes.get(from..).unwrap_or_default());
            proptest::prop_assert_eq!(run(encoding_rs::UTF_8, &parts), whole(encoding_rs::UTF_8, &bytes));
        }
    }

    #[test]
    fn valid_utf8_passes_through_and_a_bom_is_dropped() {
        assert_eq!(
            run(encoding_rs::UTF_8, &[b"\xEF\xBB\xBFa\xE5", b"\xAD\xA6b"]).0,
            "a学b"
        );
        assert_eq!(run(encoding_rs::UTF_8, &[b"\xEF", b"\xBB\xBFa"]).0, "a");
        assert_eq!(
            run(encoding_rs::UTF_8, &[b"a\xE5\xAD", b"x"]),
            ("a\u{FFFD}x".to_string(), 1)
        );
        assert_eq!(
            run(encoding_rs::UTF_8, &[b"a\xE5\xAD"]),
            ("a\u{FFFD}".to_string(), 1)
        );
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
