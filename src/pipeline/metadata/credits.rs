//! Reporter lines and credit lines of Chinese pages, read with the role table of
//! `rules/roles.toml`: `光明日报记者 王小川 张文石`, `本报记者 李明达 发自北京`,
//! `本报讯（记者 赵小林 通讯员 钱大海）`, `文/周一鸣 图/吴二水`, `执笔人：何志强`,
//! `记者：冯大年编辑：韩晓`, and the bracketed credit at an article's end,
//! `（王五一 上海报道）`.

use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

use super::dates;

const ROLES: &str = include_str!("../../../rules/roles.toml");

/// What a role word makes of the names after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Author,
    Editor,
    /// The outlet the article comes from: what follows is no name.
    Source,
    Dropped,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleFile {
    zh: Roles,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Roles {
    author: Vec<String>,
    editor: Vec<String>,
    source: Vec<String>,
    dropped: Vec<String>,
}

/// The role words, longest first, with their fields, and one automaton that finds them
/// all in a single pass over a line.
struct RoleTable {
    roles: Vec<(String, Field)>,
    finder: Option<aho_corasick::AhoCorasick>,
}

fn roles() -> &'static RoleTable {
    static R: OnceLock<RoleTable> = OnceLock::new();
    R.get_or_init(|| {
        let mut roles: Vec<(String, Field)> = match toml::from_str::<RoleFile>(ROLES) {
            Ok(file) => file
                .zh
                .author
                .into_iter()
                .map(|w| (w, Field::Author))
                .chain(file.zh.editor.into_iter().map(|w| (w, Field::Editor)))
                .chain(file.zh.source.into_iter().map(|w| (w, Field::Source)))
                .chain(file.zh.dropped.into_iter().map(|w| (w, Field::Dropped)))
                .collect(),
            Err(_) => Vec::new(),
        };
        roles.sort_by_key(|(w, _)| std::cmp::Reverse(w.chars().count()));
        let finder = aho_corasick::AhoCorasick::new(roles.iter().map(|(w, _)| w)).ok();
        RoleTable { roles, finder }
    })
}

/// The names a credit line gives.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Credits {
    pub(super) authors: Vec<String>,
    pub(super) editor: Option<String>,
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// Whether the role word `w` at byte `at` of `line` stands as a label.
fn label_at(line: &str, at: usize, w: &str) -> bool {
    let before = line.get(..at).and_then(|b| b.chars().next_back());
    let after = line.get(at + w.len()..).and_then(|a| a.chars().next());
    let sep = |c: char| c.is_whitespace() || "：:/（(【[|｜·".contains(c);
    // A reporter (`记者`, `图片记者`) may follow the outlet's name and precede a name
    // (`光明日报记者`, `记者马青峰`).
    let reporter = w.ends_with("记者") || w.ends_with("記者");
    let after_ok = match after {
        None => true,
        Some(c) if sep(c) => true,
        Some(c) => is_han(c) && reporter,
    };
    // Not inside a name (`张文石`) or a sentence: the word is a label after a separator,
    // at the start, or before a colon or slash.
    let before_ok = match before {
        None => true,
        Some(c) if sep(c) => true,
        Some(_) => reporter || after.is_some_and(|c| "：:/".contains(c)),
    };
    (after_ok && before_ok) || before == Some('/') && after.is_none_or(sep)
}

/// The role words of `line` where they stand as labels: (start, end, field), in order.
fn labels(line: &str) -> Vec<(usize, usize, Field)> {
    let table = roles();
    let Some(finder) = &table.finder else {
        return Vec::new();
    };
    // Every occurrence, taken longest word first (then left to right): a longer word's
    // label wins over the shorter one inside it (`执笔人` over `执笔`).
    let mut hits: Vec<(usize, usize, usize)> = finder
        .find_overlapping_iter(line)
        .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
        .collect();
    hits.sort_unstable();
    let mut found: Vec<(usize, usize, Field)> = Vec::new();
    for (role, at, end) in hits {
        let Some((w, field)) = table.roles.get(role) else {
            continue;
        };
        let overlaps = found.iter().any(|&(s, e, _)| at < e && s < end);
        if !overlaps && label_at(line, at, w) {
            found.push((at, end, *field));
        }
    }
    found.sort_by_key(|&(s, _, _)| s);
    found
}

/// The names of one role's stretch of a line (`：冯大年`, ` 李明达 发自北京`,
/// ` 赵小林 `): `None` when a word there does not read as a name.
fn names(stretch: &str) -> Option<Vec<String>> {
    static TAIL: OnceLock<Regex> = OnceLock::new();
    let tail = TAIL.get_or_init(|| {
        Regex::new(r"(发自|發自)\p{Han}{1,6}|\p{Han}{1,6}(报道|報道)")
            .unwrap_or_else(|_| dates::never())
    });
    let stretch = tail.replace_all(stretch, " ");
    let mut out = Vec::new();
    for word in
        stretch.split(|c: char| c.is_whitespace() || "：:/（(）)【】[]·|｜、，,".contains(c))
    {
        if word.is_empty() {
            continue;
        }
        let n = word.chars().count();
        if !(2..=4).contains(&n) || !word.chars().all(is_han) {
            return None;
        }
        out.push(word.to_string());
    }
    Some(out)
}

/// The credits of a line, when it is a credit line: role words as labels, and after each
/// only names. `None` for a line that is not one.
pub(super) fn credits(line: &str) -> Option<Credits> {
    // Role words and names are Han characters: a line without one (a French or German
    // line, not ASCII but no credit) is passed by in one scan.
    if !line.chars().any(is_han) {
        return None;
    }
    if let Some(c) = closing_credit(line) {
        return Some(c);
    }
    let found = labels(line);
    if found.is_empty() {
        return None;
    }
    let mut c = Credits::default();
    let mut any = false;
    for (k, &(start, end, field)) in found.iter().enumerate() {
        // `来源：新华社`: an outlet, whatever its length, not names (the source field is
        // read from the same line by the info-line reader).
        if field == Field::Source {
            continue;
        }
        let next = found.get(k + 1).map_or(line.len(), |&(s, _, _)| s);
        // `马青峰/文`: the names before the slash are the role's.
        let slash_after = line.get(..start).is_some_and(|b| b.ends_with('/'))
            && line
                .get(end..next)
                .is_some_and(|rest| rest.trim().is_empty());
        let stretch = if slash_after {
            let prev = if k == 0 {
                0
            } else {
                found.get(k - 1).map_or(0, |&(_, e, _)| e)
            };
            let before = line
                .get(prev..start)
                .unwrap_or_default()
                .trim_end_matches('/');
            // The names right before the slash: the stretch's last words.
            before
                .rsplit(|c: char| c.is_whitespace())
                .next()
                .unwrap_or_default()
        } else {
            line.get(end..next).unwrap_or_default()
        };
        let mut names = names(stretch)?;
        any |= !names.is_empty();
        // `黎旭阳、李妍摄`: names that end with 摄 are the photographers of the pictures.
        let photo = names
            .last()
            .is_some_and(|n| n.ends_with('摄') || n.ends_with('攝'));
        // `编辑` alone is also a button (`编辑 锁定`): an editor needs a colon after the
        // word, or another role on the line.
        let colon = line
            .get(end..)
            .is_some_and(|rest| rest.trim_start().starts_with(['：', ':']));
        // `每经记者 张蕊 摄`: a 摄 after the names, ending the line, makes them the
        // photographers too.
        let photo = photo
            || found.get(k + 1).is_some_and(|&(s, e, _)| {
                matches!(line.get(s..e), Some("摄" | "攝"))
                    && line.get(e..).is_some_and(|rest| rest.trim().is_empty())
            });
        if photo || (field == Field::Editor && !colon && found.len() < 2) {
            names.clear();
        }
        for n in names {
            match field {
                Field::Author if !c.authors.contains(&n) => c.authors.push(n),
                Field::Editor if c.editor.is_none() => c.editor = Some(n),
                _ => {}
            }
        }
    }
    any.then_some(c)
}

/// The bracketed credit that closes an article: `（王五一 上海报道）`, `(记者 王五一)`.
fn closing_credit(line: &str) -> Option<Credits> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^[（(]\s*((?:\p{Han}{2,4}\s+)+)\p{Han}{1,6}(?:报道|報道)\s*[）)]$")
            .unwrap_or_else(|_| dates::never())
    });
    let names = re.captures(line.trim())?.get(1)?.as_str();
    let authors: Vec<String> = names.split_whitespace().map(str::to_string).collect();
    (!authors.is_empty()).then_some(Credits {
        authors,
        editor: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn authors(line: &str) -> Vec<String> {
        credits(line).map(|c| c.authors).unwrap_or_default()
    }

    #[test]
    fn the_role_table_loads() {
        assert!(roles().roles.len() > 20);
    }

    #[test]
    fn reporter_lines_in_their_everyday_forms() {
        assert_eq!(authors("光明日报记者 王小川 张文石"), ["王小川", "张文石"]);
        assert_eq!(authors("新华日报·交汇点记者 徐明远"), ["徐明远"]);
        assert_eq!(authors("河南商报记者马青峰/文"), ["马青峰"]);
        assert_eq!(authors("本报记者 李明达 发自北京"), ["李明达"]);
        assert_eq!(authors("本报讯（记者 赵小林 通讯员 钱大海）"), ["赵小林"]);
        assert_eq!(authors("文/周一鸣 图/吴二水"), ["周一鸣"]);
        assert_eq!(authors("（王五一 上海报道）"), ["王五一"]);
        assert_eq!(authors("执笔人：何志强"), ["何志强"]);
        // A source word ends the names before it; the outlet after it is no name.
        assert_eq!(authors("记者 王小川 来源：新华社"), ["王小川"]);
        assert_eq!(authors("文/周一鸣 来源：中国新闻网"), ["周一鸣"]);
        assert_eq!(authors("来源：澎湃新闻 作者：王小川"), ["王小川"]);
        let c = credits("记者：冯大年编辑：韩晓");
        assert_eq!(
            c,
            Some(Credits {
                authors: vec!["冯大年".into()],
                editor: Some("韩晓".into()),
            })
        );
    }

    #[test]
    fn photographers_and_buttons_are_no_authors_or_editors() {
        assert_eq!(
            authors("广州日报全媒体图片记者黎旭阳、李妍摄"),
            Vec::<String>::new()
        );
        assert_eq!(authors("摄影记者 黎旭阳"), Vec::<String>::new());
        assert_eq!(authors("图片来源：每经记者 张蕊 摄"), Vec::<String>::new());
        assert_eq!(credits("编辑 锁定").and_then(|c| c.editor), None);
        let c = credits("编辑 刘晓阳 校对 李铭");
        assert_eq!(c.and_then(|c| c.editor).as_deref(), Some("刘晓阳"));
    }

    #[test]
    fn sentences_with_role_words_are_no_credits() {
        for line in [
            "做公号、开专栏的名记者，晋升部级",
            "记者从会上获悉，该项目将于年底完工。",
            "图为会议现场。",
            "据新华社记者报道，当地时间周一发生地震。",
            "张文石在文中写道，这是一次重要的会议。",
            "编辑部的同事们都来了。",
        ] {
            assert_eq!(credits(line), None, "{line}");
        }
    }
}
