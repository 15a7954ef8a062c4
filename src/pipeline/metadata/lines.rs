//! Info lines of the text: `来源：新华网`, `责任编辑：张三`, `（记者 张三）`, `By Jane Doe`:
//! the source, the editor and the authors they name.

use std::sync::OnceLock;

use regex::Regex;

use super::credits::credits;
use super::dates;
use super::params::PARAMS as P;
use crate::pipeline::page::{ctx, RawBlock};

#[derive(Default)]
pub(super) struct LineFacts {
    pub(super) authors: Vec<String>,
    /// The block of the line `authors` come from.
    pub(super) authors_at: Option<usize>,
    pub(super) source: Option<String>,
    pub(super) editor: Option<String>,
}

/// The line patterns, in the order of [`LinePattern`].
pub(super) const LINE_PATTERNS: [&str; 4] = [
    r"(?:本文来源|本文來源|文章来源|文章來源|来源|來源|出处|出處)\s*[:：]\s*([^\s|｜:：]{2,30})",
    r"(?:责任编辑|責任編輯|责编|責編)\s*[:：]\s*([^\s|｜（()）]{1,30})",
    r"(?:作者|文|撰文)\s*[:：]\s*([^\s|｜:：,，。]{2,30})|[（(]\s*记者\s*([\p{Han}]{2,4}(?:\s+[\p{Han}]{2,4})*)\s*[)）]|(?:^|\s)记者[:：]?\s*([\p{Han}]{2,4})(?:\s|$)",
    r"^(?:By|BY|by)\s+([A-Z][\p{L}.'\-]+(?:\s+[A-Z][\p{L}.'\-]+){0,3}(?:\s*(?:,|and|&)\s*[A-Z][\p{L}.'\-]+(?:\s+[A-Z][\p{L}.'\-]+){0,3})*)",
];

#[derive(Clone, Copy)]
pub(super) enum LinePattern {
    Source,
    Editor,
    ZhAuthor,
    EnAuthor,
}

/// The compiled pattern, compiled on first use: a page that never needs one (an English
/// page and the Chinese line patterns) never pays for it.
pub(super) fn line_re(which: LinePattern) -> Option<&'static Regex> {
    static RES: [OnceLock<Regex>; 4] = [const { OnceLock::new() }; 4];
    let i = which as usize;
    let pattern = LINE_PATTERNS.get(i)?;
    Some(
        RES.get(i)?
            .get_or_init(|| Regex::new(pattern).unwrap_or_else(|_| dates::never())),
    )
}

/// The Chinese words that make a line worth its regex, and which regex: 0 source,
/// 1 editor, 2 author.
pub(super) const LINE_WORDS: [(&str, u8); 9] = [
    ("来源", 0),
    ("來源", 0),
    ("出处", 0),
    ("出處", 0),
    ("编", 1),
    ("編", 1),
    ("作者", 2),
    ("文", 2),
    ("记者", 2),
];

/// Which of the three kinds of line `t` may be, as bits 1 << kind, in one scan.
pub(super) fn line_kinds(t: &str) -> u8 {
    static AC: OnceLock<Option<aho_corasick::AhoCorasick>> = OnceLock::new();
    // Every word is Chinese: an ASCII line holds none.
    if t.is_ascii() {
        return 0;
    }
    let Some(ac) = AC
        .get_or_init(|| aho_corasick::AhoCorasick::new(LINE_WORDS.map(|(w, _)| w)).ok())
        .as_ref()
    else {
        return 0b111;
    };
    ac.find_overlapping_iter(t)
        .filter_map(|m| LINE_WORDS.get(m.pattern().as_usize()))
        .fold(0, |bits, (_, kind)| bits | 1 << kind)
}

/// Labels that open a field of an info line (`作者：`, `编辑：`, `发布时间：`). Spans
/// written side by side (`<span>來源：浦東發布</span><span>作者：小布</span>`) read as one
/// line: a value followed by a colon ends where such a label starts.
const FIELD_LABELS: [&str; 30] = [
    "责任编辑",
    "責任編輯",
    "发布时间",
    "發布時間",
    "发布日期",
    "發布日期",
    "作者",
    "记者",
    "記者",
    "编辑",
    "編輯",
    "责编",
    "責編",
    "来源",
    "來源",
    "出处",
    "出處",
    "时间",
    "時間",
    "日期",
    "通讯员",
    "通訊員",
    "摄影",
    "攝影",
    "编译",
    "編譯",
    "校对",
    "校對",
    "审核",
    "審核",
];

/// The value a line's pattern captured (`value`, at `at` in `line`), up to a field label
/// in it that a colon follows: `浦東發布作者` of `來源：浦東發布作者：小布` is `浦東發布`.
fn field_value(line: &str, value: &str, at: usize) -> String {
    let labelled = |i: usize| {
        let rest = value.get(i..).unwrap_or_default();
        FIELD_LABELS.iter().any(|l| {
            rest.starts_with(l)
                && line
                    .get(at + i + l.len()..)
                    .is_some_and(|after| after.starts_with(['：', ':']))
        })
    };
    match value.char_indices().skip(1).find(|&(i, _)| labelled(i)) {
        Some((i, _)) => value.get(..i).unwrap_or(value).to_string(),
        None => value.to_string(),
    }
}

pub(super) fn line_facts(blocks: &[RawBlock]) -> LineFacts {
    let mut f = LineFacts::default();
    for (i, b) in blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.m.chars <= P.info_line_max_chars)
    {
        let t = b.text.as_str();
        let kinds = line_kinds(t);
        if f.source.is_none() && kinds & 1 != 0 {
            if let Some(c) = line_re(LinePattern::Source).and_then(|re| re.captures(t)) {
                f.source = c.get(1).map(|m| field_value(t, m.as_str(), m.start()));
            }
        }
        if f.editor.is_none() && kinds & 2 != 0 {
            if let Some(c) = line_re(LinePattern::Editor).and_then(|re| re.captures(t)) {
                f.editor = c.get(1).map(|m| field_value(t, m.as_str(), m.start()));
            }
        }
        let zh_byline = kinds & 4 != 0;
        // (Not a menu's item: `<li><a>By Position</a></li>`, a line that is one link.)
        let en_byline = (t.starts_with("By ") || t.starts_with("by ") || t.starts_with("BY "))
            && b.ctx & ctx::NAV == 0
            && b.link_chars < b.m.chars;
        // A credit line read with the role table: every name with its role.
        if (f.authors.is_empty() || f.editor.is_none()) && !t.is_ascii() {
            if let Some(c) = credits(t) {
                if f.authors.is_empty() && !c.authors.is_empty() {
                    f.authors = c.authors;
                    f.authors_at = Some(i);
                }
                if f.editor.is_none() {
                    f.editor = c.editor;
                }
                continue;
            }
        }
        if f.authors.is_empty() && (zh_byline || en_byline) {
            let zh = zh_byline
                .then(|| line_re(LinePattern::ZhAuthor).and_then(|re| re.captures(t)))
                .flatten();
            if let Some(c) = zh {
                if let Some(m) = c.get(1).or_else(|| c.get(2)).or_else(|| c.get(3)) {
                    f.authors = m.as_str().split_whitespace().map(str::to_string).collect();
                }
            } else if b.m.chars <= P.by_line_max_chars {
                if let Some(c) = line_re(LinePattern::EnAuthor).and_then(|re| re.captures(t)) {
                    if let Some(m) = c.get(1) {
                        f.authors = m
                            .as_str()
                            .split([',', '&'])
                            .flat_map(|s| s.split(" and "))
                            .map(|s| s.trim().to_string())
                            .filter(|s| !s.is_empty())
                            .collect();
                    }
                }
            }
            if !f.authors.is_empty() {
                f.authors_at = Some(i);
            }
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::BlockKind;

    fn lines(texts: &[&str]) -> LineFacts {
        let blocks: Vec<RawBlock> = texts
            .iter()
            .map(|t| RawBlock::of(t, BlockKind::Paragraph, None, 0))
            .collect();
        line_facts(&blocks)
    }

    #[test]
    fn fields_of_spans_side_by_side_end_at_the_next_label() {
        let f = lines(&["來源：浦東發布作者：小布"]);
        assert_eq!(f.source.as_deref(), Some("浦東發布"));
        assert_eq!(f.authors, ["小布"]);
        let f = lines(&["来源：新华社记者：张三", "正文第一段。"]);
        assert_eq!(f.source.as_deref(), Some("新华社"));
        let f = lines(&["责任编辑：王五来源：人民网"]);
        assert_eq!(f.editor.as_deref(), Some("王五"));
        assert_eq!(f.source.as_deref(), Some("人民网"));
        // A value that ends in such a word with no colon after it is left whole.
        let f = lines(&["来源：中国新闻出版广电报作者"]);
        assert_eq!(f.source.as_deref(), Some("中国新闻出版广电报作者"));
    }

    #[test]
    fn source_editor_and_author_lines() {
        let f = lines(&[
            "正文第一段。",
            "来源：新华网 | 2021-04-22",
            "（记者 张三 李四）",
            "责任编辑：王五",
        ]);
        assert_eq!(f.source.as_deref(), Some("新华网"));
        assert_eq!(f.editor.as_deref(), Some("王五"));
        assert_eq!(f.authors, ["张三", "李四"]);
        let f = lines(&["By Jane Doe and John Roe", "来源不明的说法"]);
        assert_eq!(f.authors, ["Jane Doe", "John Roe"]);
        assert_eq!(f.source, None);
        assert_eq!(line_kinds("plain ASCII line"), 0);
        assert_eq!(line_kinds("文 / 編 / 出處"), 0b111);
    }
}
