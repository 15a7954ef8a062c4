//! Repairs of text that arrives already damaged: flattened ruby readings (`科學(xué)城`),
//! mojibake (`cafÃ©`, `锟斤拷`, `上??苿`), full-width letters and digits.
//!
//! Every repair here is narrow and checked: a reading is removed only when it is a valid
//! pinyin reading of the very characters before it (the `pinyin` crate's dictionary);
//! a mojibake run is rewritten only when re-encoding it gives back valid text exactly.
//! What cannot be repaired with certainty is reported in [`Quality`], not touched.

use pinyin::ToPinyinMulti;

use crate::article::{Quality, SuspiciousRun};
use crate::pipeline::text::is_han;

/// At most this many syllables in one flattened reading (`科學(kē xué)`).
const MAX_SYLLABLES: usize = 4;
/// Suspicious runs reported per article.
const MAX_RUNS: usize = 20;

/// Removes flattened readings from `text`: a Han character (or up to four) followed by
/// its pinyin in parentheses, with at least one tone mark or tone number. Returns the
/// repaired text, or `None` when nothing was changed; each removed reading (with its
/// base characters, `學(xué)`) is pushed to `found`.
pub(crate) fn flattened_readings(text: &str, found: &mut Vec<String>) -> Option<String> {
    // Parentheses are common in prose; one right after a Han character is not. Only then
    // is the text copied out for the full check.
    let mut prev = ' ';
    let candidate = text.chars().any(|c| {
        let hit = matches!(c, '(' | '（') && is_han(prev);
        prev = c;
        hit
    });
    if !candidate {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if matches!(c, '(' | '（') {
            if let Some((n, end)) = reading_at(&chars, i) {
                let base: String = chars.get(i - n..i).unwrap_or_default().iter().collect();
                let whole: String = chars.get(i - n..end).unwrap_or_default().iter().collect();
                debug_assert!(out.ends_with(&base));
                found.push(whole);
                changed = true;
                i = end;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    changed.then_some(out)
}

/// When the parenthesis at `open` holds the reading of the characters before it: their
/// count and the index just past the closing parenthesis.
fn reading_at(chars: &[char], open: usize) -> Option<(usize, usize)> {
    let close = (open + 1..chars.len().min(open + 48))
        .find(|&j| chars.get(j).is_some_and(|c| matches!(c, ')' | '）')))?;
    let inside: String = chars.get(open + 1..close)?.iter().collect();
    let syllables: Vec<String> = inside
        .split([' ', '\'', '’', '-'])
        .filter(|s| !s.is_empty())
        .map(|s| s.to_lowercase().replace('v', "ü"))
        .collect();
    let n = syllables.len();
    if n == 0 || n > MAX_SYLLABLES || open < n {
        return None;
    }
    let toned = syllables.iter().any(|s| has_tone(s));
    if !toned || !syllables.iter().all(|s| looks_like_syllable(s)) {
        return None;
    }
    let bases = chars.get(open - n..open)?;
    let all_read = bases
        .iter()
        .zip(&syllables)
        .all(|(&c, s)| is_han(c) && reads_as(c, s));
    all_read.then_some((n, close + 1))
}

fn has_tone(s: &str) -> bool {
    s.chars().any(|c| "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ".contains(c))
        || s.ends_with(['1', '2', '3', '4', '5'])
}

fn looks_like_syllable(s: &str) -> bool {
    let letters = s.trim_end_matches(['1', '2', '3', '4', '5']);
    (1..=6).contains(&letters.chars().count())
        && letters
            .chars()
            .all(|c| c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü".contains(c))
}

/// Whether `syllable` (tone marks or a trailing tone number) is a reading of `c`.
fn reads_as(c: char, syllable: &str) -> bool {
    let Some(readings) = c.to_pinyin_multi() else {
        return false;
    };
    readings.into_iter().any(|p| {
        p.with_tone() == syllable
            || p.with_tone_num_end() == syllable
            || p.with_tone_num_end().replace('v', "ü") == syllable
    })
}

/// Narrows full-width ASCII letters and digits (`ＡＢＣ１２３` → `ABC123`); punctuation,
/// full-width or not, is left as it is.
pub(crate) fn narrow_width(text: &str) -> Option<String> {
    let wide = |c: char| matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ');
    if !text.chars().any(wide) {
        return None;
    }
    Some(
        text.chars()
            .map(|c| {
                if wide(c) {
                    char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
                } else {
                    c
                }
            })
            .collect(),
    )
}

/// Looks for mojibake in one block of text, repairs what can be repaired losslessly
/// (UTF-8 that was decoded as windows-1252 or as GBK) and records the rest in `q`.
/// Returns the repaired text when something was changed.
pub(crate) fn mojibake(text: &str, q: &mut Quality) -> Option<String> {
    // memmem picks rare bytes of the needle to scan for; `str::matches` would stop at
    // every 0xBD, a common byte of Chinese text.
    q.replacement_chars += memchr::memmem::find_iter(text.as_bytes(), "\u{FFFD}").count() as u64;
    if text.is_ascii() {
        return None;
    }
    let mut changed: Option<String> = None;
    if let Some(fixed) = latin1_runs(text, q) {
        changed = Some(fixed);
    }
    let current = changed.as_deref().unwrap_or(text);
    if let Some(fixed) = gbk_runs(current, q) {
        changed = Some(fixed);
    }
    let current = changed.as_deref().unwrap_or(text);
    for pattern in ["锟斤拷", "烫烫烫", "屯屯屯"] {
        if let Some(at) = memchr::memmem::find(current.as_bytes(), pattern.as_bytes()) {
            push_run(q, "gbk_placeholder", context(current, at, pattern.len()));
        }
    }
    question_marks(current, q);
    leaked_markup(current, q);
    changed
}

fn push_run(q: &mut Quality, kind: &str, text: String) {
    if q.suspicious_runs.len() < MAX_RUNS {
        q.suspicious_runs.push(SuspiciousRun {
            kind: kind.to_string(),
            text,
        });
    }
}

/// Up to 12 characters either side of `text[at..at + len]`.
fn context(text: &str, at: usize, len: usize) -> String {
    let before: String = {
        let head = text.get(..at).unwrap_or("");
        let mut v: Vec<char> = head.chars().rev().take(12).collect();
        v.reverse();
        v.into_iter().collect()
    };
    let rest = text.get(at..).unwrap_or("");
    let inner_chars = text.get(at..at + len).map_or(0, |s| s.chars().count());
    let after: String = rest.chars().take(inner_chars + 12).collect();
    before + &after
}

/// `text` with some byte ranges replaced, in order. Nothing is copied until the first
/// replacement: most texts need none.
struct Patched<'t> {
    text: &'t str,
    out: Option<String>,
    /// How much of `text` `out` already accounts for.
    copied: usize,
}

impl<'t> Patched<'t> {
    fn new(text: &'t str) -> Self {
        Patched {
            text,
            out: None,
            copied: 0,
        }
    }

    /// Replaces `text[start..end]` (after every range replaced so far) with `with`.
    fn replace(&mut self, start: usize, end: usize, with: &str) {
        let text = self.text;
        let out = self
            .out
            .get_or_insert_with(|| String::with_capacity(text.len()));
        out.push_str(text.get(self.copied..start).unwrap_or(""));
        out.push_str(with);
        self.copied = end;
    }

    /// The patched text, or `None` when nothing was replaced.
    fn finish(self) -> Option<String> {
        let mut out = self.out?;
        out.push_str(self.text.get(self.copied..).unwrap_or(""));
        Some(out)
    }
}

/// Whether `c` is a character windows-1252 writes as one byte >= 0x80.
fn cp1252_high(c: char) -> bool {
    matches!(c as u32, 0x80..=0xFF)
        || matches!(
            c,
            '€' | '‚'
                | 'ƒ'
                | '„'
                | '…'
                | '†'
                | '‡'
                | 'ˆ'
                | '‰'
                | 'Š'
                | '‹'
                | 'Œ'
                | 'Ž'
                | '‘'
                | '’'
                | '“'
                | '”'
                | '•'
                | '–'
                | '—'
                | '˜'
                | '™'
                | 'š'
                | '›'
                | 'œ'
                | 'ž'
                | 'Ÿ'
        )
}

/// Characters that UTF-8 mojibake of Western text decodes back to: Latin-1 and
/// Latin Extended-A letters, general punctuation, the euro sign.
fn plausible_western(c: char) -> bool {
    c.is_ascii() || matches!(c as u32, 0xA0..=0x17F | 0x2010..=0x205F | 0x20AC | 0x2122)
}

/// UTF-8 read as windows-1252 (`cafÃ©`, `donâ€™t`): runs of windows-1252 high
/// characters whose bytes are valid UTF-8 that decodes to plausible Western text.
fn latin1_runs(text: &str, q: &mut Quality) -> Option<String> {
    // 'Â'..='ï' is U+00C2..=U+00EF: UTF-8 0xC3 0x82..=0xAF.
    let bytes = text.as_bytes();
    let lead = memchr::memchr_iter(0xC3, bytes)
        .any(|i| bytes.get(i + 1).is_some_and(|b| (0x82..=0xAF).contains(b)));
    if !lead {
        return None;
    }
    let mut out = Patched::new(text);
    let mut run: Option<(usize, usize)> = None; // (byte start, characters)
    let ends = text.char_indices().map(Some).chain([None]);
    for item in ends {
        if let Some((i, _)) = item.filter(|&(_, c)| cp1252_high(c)) {
            let (start, n) = run.unwrap_or((i, 0));
            run = Some((start, n + 1));
            continue;
        }
        let end = item.map_or(text.len(), |(i, _)| i);
        let Some((start, n)) = run.take() else {
            continue;
        };
        let Some(piece) = text.get(start..end).filter(|_| n >= 2) else {
            continue;
        };
        if let Some(fixed) = as_utf8_western(piece) {
            push_run(q, "utf8_as_windows1252", format!("{piece} → {fixed}"));
            q.repaired += 1;
            out.replace(start, end, &fixed);
        }
    }
    out.finish()
}

/// `run` written as windows-1252 and read back as UTF-8, when that is Western text.
fn as_utf8_western(run: &str) -> Option<String> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(run);
    if unmappable {
        return None;
    }
    let s = std::str::from_utf8(&bytes).ok()?;
    (!s.is_ascii() && s.chars().all(plausible_western)).then(|| s.to_string())
}

/// UTF-8 Chinese read as GBK (`鍙傝€冩秷鎭`): runs of non-ASCII characters whose GBK
/// bytes decode as UTF-8 to Han text. The stretches whose bytes are valid UTF-8 exactly
/// are repaired; a run that mostly decodes, with losses, is reported.
fn gbk_runs(text: &str, q: &mut Quality) -> Option<String> {
    let mut out = Patched::new(text);
    let mut rest = text;
    let mut piece = String::new();
    while let Some(start) = rest.find(|c: char| !c.is_ascii() && !c.is_whitespace()) {
        let tail = rest.get(start..).unwrap_or("");
        let len = tail
            .find(|c: char| c.is_ascii() || c.is_whitespace())
            .unwrap_or(tail.len());
        let (run, after) = tail.split_at(len);
        rest = after;
        if run.chars().nth(3).is_none() {
            continue;
        }
        let run_at = text.len() - tail.len();
        piece.clear();
        if gbk_run(run, &mut piece, q) {
            out.replace(run_at, run_at + run.len(), &piece);
        }
    }
    out.finish()
}

/// Repairs the stretches of `run` whose GBK bytes are UTF-8 Han text exactly; writes
/// the run, repaired or not, to `out`.
fn gbk_run(run: &str, out: &mut String, q: &mut Quality) -> bool {
    // In such mojibake, every UTF-8 Han character starts a GBK pair (0xE3-0xE9, 0x80-0xBF):
    // about half the garbled characters are those pairs, clean text has few. Counting
    // them in the run's head rules most runs out without encoding (slow for GBK).
    let head = run.chars().take(32);
    let (n, leads) = head.fold((0, 0), |(n, l), c| {
        (n + 1, l + usize::from(utf8_lead_pair(c)))
    });
    if leads * 10 < n * 3 {
        out.push_str(run);
        return false;
    }
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(run);
    if unmappable {
        out.push_str(run);
        return false;
    }
    // Byte offset, in `bytes`, of each character of `run` (and of the end).
    let chars: Vec<(usize, char)> = run.char_indices().collect();
    let mut offs = Vec::with_capacity(chars.len() + 1);
    let mut o = 0;
    for &(_, c) in &chars {
        offs.push(o);
        o += if c == '€' { 1 } else { 2 };
    }
    offs.push(o);
    let byte_at = |k: usize| chars.get(k).map_or(run.len(), |&(b, _)| b);
    let mut emitted = 0;
    let mut repaired = false;
    let mut i = 0;
    while i < chars.len() {
        let start = offs.get(i).copied().unwrap_or(o);
        let tail = bytes.get(start..).unwrap_or_default();
        let valid = match std::str::from_utf8(tail) {
            Ok(s) => s.len(),
            Err(e) => e.valid_up_to(),
        };
        let mut k = i;
        while offs.get(k + 1).is_some_and(|&e| e - start <= valid) {
            k += 1;
        }
        // `k` is the last character boundary inside the valid UTF-8; back off to one
        // that is also a UTF-8 character boundary.
        let decoded = (i + 1..=k).rev().find_map(|k| {
            let end = offs.get(k).copied()?;
            let s = std::str::from_utf8(bytes.get(start..end)?).ok()?;
            Some((k, s))
        });
        if let Some((k, s)) = decoded {
            let han = s.chars().filter(|&c| is_han(c)).count();
            if han >= 3 && han * 3 >= s.chars().count() * 2 {
                out.push_str(run.get(byte_at(emitted)..byte_at(i)).unwrap_or(""));
                let before = run.get(byte_at(i)..byte_at(k)).unwrap_or("");
                push_run(q, "utf8_as_gbk", format!("{before} → {s}"));
                q.repaired += 1;
                out.push_str(s);
                emitted = k;
                repaired = true;
                i = k;
                continue;
            }
        }
        i += 1;
    }
    out.push_str(run.get(byte_at(emitted)..).unwrap_or(""));
    if !repaired {
        let (decoded, _, _) = encoding_rs::UTF_8.decode(&bytes);
        let han = decoded.chars().filter(|&c| is_han(c)).count();
        let bad = decoded.chars().filter(|&c| c == '\u{FFFD}').count();
        if han >= 4 && han >= 3 * bad {
            push_run(q, "utf8_as_gbk", run.chars().take(40).collect());
        }
    }
    repaired
}

/// Whether GBK writes `c` as a pair whose bytes open a UTF-8 three-byte Han character
/// (lead 0xE3-0xE9, then a continuation byte 0x80-0xBF).
fn utf8_lead_pair(c: char) -> bool {
    // A bitmap of the Basic Multilingual Plane (8 KiB): one lookup per character.
    static PAIRS: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    let pairs = PAIRS.get_or_init(|| {
        let mut bits = vec![0u64; 0x10000 / 64];
        for lead in 0xE3u8..=0xE9 {
            for trail in 0x80u8..=0xBF {
                let pair = [lead, trail];
                let (s, bad) = encoding_rs::GBK.decode_without_bom_handling(&pair);
                if bad {
                    continue;
                }
                for c in s.chars().filter(|c| !c.is_ascii()) {
                    let c = c as usize;
                    if let Some(word) = bits.get_mut(c / 64) {
                        *word |= 1 << (c % 64);
                    }
                }
            }
        }
        bits
    });
    let c = c as usize;
    pairs
        .get(c / 64)
        .is_some_and(|word| word & (1 << (c % 64)) != 0)
}

/// `?` standing in for characters a wrong decode lost, between Han characters
/// (`上??苿`): two or more in a row.
fn question_marks(text: &str, q: &mut Quality) {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = bytes
        .get(from..)
        .and_then(|b| memchr::memchr(b'?', b))
        .map(|i| from + i)
    {
        let n = bytes
            .get(at..)
            .map_or(0, |b| b.iter().take_while(|&&b| b == b'?').count());
        from = at + n.max(1);
        let before = text.get(..at).and_then(|h| h.chars().next_back());
        let after = text.get(at + n..).and_then(|t| t.chars().next());
        if n >= 2 && before.is_some_and(is_han) && after.is_some_and(is_han) {
            push_run(q, "question_marks", context(text, at, n));
        }
    }
}

/// Markup that leaked into text (`作用?!?/span>`): a closing tag of a common inline
/// element, its `<` lost or kept.
fn leaked_markup(text: &str, q: &mut Quality) {
    const TAGS: [&str; 7] = [
        "/span>", "/p>", "/div>", "/a>", "/strong>", "/em>", "/font>",
    ];
    // One scan for `/`; the first place of each tag, reported in the order of TAGS.
    let bytes = text.as_bytes();
    let mut first = [None; TAGS.len()];
    for at in memchr::memchr_iter(b'/', bytes) {
        let here = bytes.get(at..).unwrap_or_default();
        for (tag, seen) in TAGS.iter().zip(first.iter_mut()) {
            if seen.is_none() && here.starts_with(tag.as_bytes()) {
                *seen = Some(at);
            }
        }
    }
    for (tag, at) in TAGS.iter().zip(first) {
        if let Some(at) = at {
            push_run(q, "leaked_markup", context(text, at, tag.len()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readings(s: &str) -> (String, Vec<String>) {
        let mut found = Vec::new();
        let out = flattened_readings(s, &mut found).unwrap_or_else(|| s.to_string());
        (out, found)
    }

    #[test]
    fn flattened_readings_are_repaired() {
        let (out, found) = readings("張江科學(xué)城建設(shè)產(chǎn)業(yè)");
        assert_eq!(out, "張江科學城建設產業");
        assert_eq!(found, ["學(xué)", "設(shè)", "產(chǎn)", "業(yè)"]);
        assert_eq!(readings("科学(xue2)城").0, "科学城");
        assert_eq!(readings("科學（xué）城").0, "科學城");
        assert_eq!(readings("科學(kē xué)城").0, "科學城");
        assert_eq!(readings("綠(lǜ)色").0, "綠色");
        assert_eq!(readings("綠(lv4)色").0, "綠色");
    }

    #[test]
    fn real_parentheses_are_left_alone() {
        for s in [
            "上海(Shanghai)是一座城市",
            "第(一)条",
            "北京(中国)",
            "公司(xué)", // a reading that is not the character's
            "研究(2021)表明",
            "比赛(A)组",
            "他说(de)",           // no tone
            "(xué)开头",          // nothing before it
            "上??苿?chuàng)中心", // mojibake before it, not a Han character
        ] {
            let (out, found) = readings(s);
            assert_eq!(out, s, "{s}");
            assert!(found.is_empty(), "{s}");
        }
    }

    #[test]
    fn width_narrows_letters_and_digits_only() {
        assert_eq!(
            narrow_width("ＡＢＣ１２３，好。").as_deref(),
            Some("ABC123，好。")
        );
        assert_eq!(narrow_width("中文，標點：。"), None);
    }

    fn quality(s: &str) -> (Option<String>, Quality) {
        let mut q = Quality::default();
        let out = mojibake(s, &mut q);
        (out, q)
    }

    #[test]
    fn utf8_read_as_windows_1252_is_repaired() {
        let (out, q) = quality("Le cafÃ© est ouvert, donâ€™t worry.");
        assert_eq!(out.as_deref(), Some("Le café est ouvert, don’t worry."));
        assert_eq!(q.repaired, 2);
        assert_eq!(
            q.suspicious_runs.first().map(|r| r.kind.as_str()),
            Some("utf8_as_windows1252")
        );
    }

    #[test]
    fn repaired_runs_keep_the_text_around_them() {
        let (out, q) = quality("Intro: cafÃ© and naÃ¯ve, then Ã alone — end");
        // A single windows-1252 character is not a run: `Ã` alone stays.
        assert_eq!(
            out.as_deref(),
            Some("Intro: café and naïve, then Ã alone — end")
        );
        assert_eq!(q.repaired, 2);
        let inner = "上海科创中心建设";
        let (garbled, _, _) = encoding_rs::GBK.decode(inner.as_bytes());
        let (out, _) = quality(&format!("前言 {garbled} 结尾 abc {garbled}"));
        assert_eq!(out, Some(format!("前言 {inner} 结尾 abc {inner}")));
    }

    #[test]
    fn damage_is_reported_once_per_kind_in_order() {
        let (_, q) = quality("作用???用 a/b 上??好 x</em> y</a> 锟斤拷 锟斤拷");
        let runs: Vec<(&str, &str)> = q
            .suspicious_runs
            .iter()
            .map(|r| (r.kind.as_str(), r.text.as_str()))
            .collect();
        assert_eq!(
            runs,
            [
                ("gbk_placeholder", "</em> y</a> 锟斤拷 锟斤拷"),
                ("question_marks", "作用???用 a/b 上??好 x"),
                ("question_marks", "作用???用 a/b 上??好 x</em> y</"),
                ("leaked_markup", "?好 x</em> y</a> 锟斤拷 锟斤拷"),
                ("leaked_markup", " a/b 上??好 x</em> y</a> 锟斤拷 锟"),
            ]
        );
    }

    #[test]
    fn clean_latin_text_is_not_touched() {
        for s in [
            "Le café est ouvert «toute la journée».",
            "Über Änderungen in São Paulo: ação, coração, niño.",
            "CAFÉ» and 50 €, © 2021 — fin.",
        ] {
            let (out, q) = quality(s);
            assert_eq!(out, None, "{s}");
            assert!(q.suspicious_runs.is_empty(), "{s}: {:?}", q.suspicious_runs);
        }
    }

    #[test]
    fn utf8_read_as_gbk_is_repaired_when_exact() {
        let original = "上海科创中心建设";
        let (gbk_text, _, _) = encoding_rs::GBK.decode(original.as_bytes());
        let (out, q) = quality(&gbk_text);
        assert_eq!(out.as_deref(), Some(original), "{gbk_text}");
        assert_eq!(q.repaired, 1);
    }

    #[test]
    fn clean_chinese_is_not_flagged() {
        let (out, q) = quality("张江科学城是上海科创中心建设的重要承载区，你好吗?我很好。");
        assert_eq!(out, None);
        assert!(q.suspicious_runs.is_empty(), "{:?}", q.suspicious_runs);
    }

    #[test]
    fn lossy_damage_is_reported_not_repaired() {
        let (out, q) = quality("上??苿?chuàng)中心的作用?!?/span>锟斤拷\u{FFFD}");
        assert_eq!(out, None);
        let kinds: Vec<&str> = q.suspicious_runs.iter().map(|r| r.kind.as_str()).collect();
        assert!(kinds.contains(&"question_marks"), "{kinds:?}");
        assert!(kinds.contains(&"leaked_markup"), "{kinds:?}");
        assert!(kinds.contains(&"gbk_placeholder"), "{kinds:?}");
        assert_eq!(q.replacement_chars, 1);
    }
}
