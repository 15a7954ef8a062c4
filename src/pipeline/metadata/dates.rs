//! Dates as pages write them, into ISO 8601: year first (`2021-04-22`, `2021/4/22`,
//! `2021年4月22日`, `2021年4月22号`), month names (`Dec 9, 2016`, `1 June 2019`,
//! `March 9 2017`), US numeric (`9/21/2016`), day-first with dots (`12.05.2021`, as
//! German, Polish or Russian pages write it); each with an optional time (`10:31`,
//! `4:19 PM`, `at 3:45 pm`) and zone (`+0800`, `Z`, `UTC`, `EST`, `IST`). A time with a
//! zone keeps it (`2016-12-15T14:57:00Z`); a time without one stays local.

use std::sync::OnceLock;

use regex::{Captures, Regex};

/// A date found in a text.
#[derive(Debug, PartialEq)]
pub(crate) struct Found {
    /// Byte range of the date (with its time and zone) in the text.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The date in ISO 8601: `YYYY-MM-DD`, or with `THH:MM:SS` and an offset when given.
    pub(crate) iso: String,
}

impl Found {
    /// Whether the text gave a time of day as well.
    pub(crate) fn has_time(&self) -> bool {
        self.iso.len() > 10
    }
}

/// Parses the first date of `raw` into ISO 8601.
pub(crate) fn normalize(raw: &str) -> Option<String> {
    find(raw).map(|f| f.iso)
}

/// The first date written in `text`, in any of the forms above.
pub(crate) fn find(text: &str) -> Option<Found> {
    patterns()
        .forms
        .iter()
        .filter_map(|(re, form)| re.captures_iter(text).find_map(|c| parse(&c, *form, text)))
        .min_by_key(|f| f.start)
}

#[derive(Clone, Copy)]
enum Form {
    YearFirst,
    MonthDayYear,
    DayMonthYear,
    UsNumeric,
    DottedDayFirst,
}

fn parse(c: &Captures, form: Form, text: &str) -> Option<Found> {
    let whole = c.get(0)?;
    let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let (y, mo, d) = match form {
        Form::YearFirst => (num(1)?, num(2)?, num(3)?),
        Form::MonthDayYear => (num(3)?, month_num(c.get(1)?.as_str())?, num(2)?),
        Form::DayMonthYear => (num(3)?, month_num(c.get(2)?.as_str())?, num(1)?),
        Form::UsNumeric => (num(3)?, num(1)?, num(2)?),
        Form::DottedDayFirst => (num(3)?, num(2)?, num(1)?),
    };
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    let mut iso = format!("{y:04}-{mo:02}-{d:02}");
    let mut end = whole.end();
    // The year-first form reads its own time (`2021-04-22T10:31:00+08:00`, `10时31分`).
    let inline = match form {
        Form::YearFirst => num(4).zip(num(5)).map(|(h, mi)| (h, mi, num(6), c.get(7))),
        _ => None,
    };
    let rest = text.get(end..).unwrap_or_default();
    let time = match inline {
        Some((h, mi, s, zone)) => {
            // An AM/PM or a zone name may still follow (`2016-12-13 2:30 PM EST`).
            let tail = patterns().time_tail.captures(rest);
            let meridiem = tail.as_ref().and_then(|t| t.get(1)).map(|m| m.as_str());
            let named = tail.as_ref().and_then(|t| t.get(2));
            if let Some(t) = tail.as_ref().and_then(|t| t.get(0)) {
                end += t.end();
            }
            let zone = zone
                .map(|z| offset_of(z.as_str()))
                .or_else(|| named.and_then(|z| zone_name(z.as_str())));
            Some((h, mi, s, meridiem.map(str::to_string), zone))
        }
        None => patterns().time_after.captures(rest).and_then(|t| {
            let n = |i: usize| t.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
            let zone = t.get(5).and_then(|z| zone_name(z.as_str()));
            end += t.get(0)?.end();
            Some((
                n(1)?,
                n(2)?,
                n(3),
                t.get(4).map(|m| m.as_str().to_string()),
                zone,
            ))
        }),
    };
    if let Some((h, mi, s, meridiem, zone)) = time {
        let h = match meridiem.as_deref().map(|m| m.to_ascii_lowercase()) {
            Some(m) if (1..=12).contains(&h) => (h % 12) + if m.starts_with('p') { 12 } else { 0 },
            _ => h,
        };
        if h < 24 && mi < 60 {
            let s = s.filter(|s| *s < 60).unwrap_or(0);
            iso.push_str(&format!("T{h:02}:{mi:02}:{s:02}"));
            if let Some(z) = zone {
                iso.push_str(&z);
            }
        }
    }
    Some(Found {
        start: whole.start(),
        end,
        iso,
    })
}

/// `Z`, `+08:00`, `+0800` as an ISO offset.
fn offset_of(z: &str) -> String {
    if z == "Z" {
        return "Z".into();
    }
    match (z.len(), z.get(..3), z.get(3..)) {
        (5, Some(h), Some(m)) => format!("{h}:{m}"),
        _ => z.to_string(),
    }
}

/// The offset of a zone name that means one zone only (`CST` is both China and the US
/// Midwest, so it means nothing here).
fn zone_name(z: &str) -> Option<String> {
    let off = match z.to_ascii_uppercase().as_str() {
        "UTC" | "GMT" | "Z" => "Z",
        "EST" => "-05:00",
        "EDT" => "-04:00",
        "CDT" => "-05:00",
        "MST" => "-07:00",
        "MDT" => "-06:00",
        "PST" => "-08:00",
        "PDT" => "-07:00",
        "IST" => "+05:30",
        "JST" | "KST" => "+09:00",
        "HKT" | "SGT" => "+08:00",
        "CET" | "BST" => "+01:00",
        "CEST" => "+02:00",
        "AEST" => "+10:00",
        "AEDT" => "+11:00",
        _ => return None,
    };
    Some(off.to_string())
}

const ZONES: &str =
    "UTC|GMT|EST|EDT|CDT|MST|MDT|PST|PDT|IST|JST|KST|HKT|SGT|CET|CEST|BST|AEST|AEDT";

fn month_num(m: &str) -> Option<u32> {
    let m = m.get(..3)?.to_ascii_lowercase();
    [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|x| *x == m)
    .map(|i| i as u32 + 1)
}

/// A regex that matches nothing: the fallback of a constant pattern that did not compile
/// (each is tested to compile).
pub(crate) fn never() -> Regex {
    #[allow(clippy::unwrap_used)]
    Regex::new(r"[^\s\S]").unwrap()
}

const MONTHS: &str = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec";

/// Every pattern, compiled once per process.
struct Patterns {
    /// Each written form of a date, with how to read its groups.
    forms: Vec<(Regex, Form)>,
    /// A time right after a date: `, 4:19 PM`, ` at 3:45 pm`, ` 09:22 AM UTC`, ` - 11:05 IST`.
    time_after: Regex,
    /// What may follow a year-first date's own time: AM/PM and a zone name.
    time_tail: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |p: &str| Regex::new(p).unwrap_or_else(|_| never());
        let year = r"((?:19|20)[0-9]{2})";
        Patterns {
            forms: vec![
                (
                    re(r"((?:19|20)[0-9]{2})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*[日号號]?(?:[\sT]*([0-9]{1,2})\s*[:：时時]\s*([0-9]{2})(?:\s*[:：分]\s*([0-9]{2}))?(?:\.[0-9]+)?\s*(Z|[+-][0-9]{2}:?[0-9]{2})?)?"),
                    Form::YearFirst,
                ),
                (
                    re(&format!(r"(?i)(?-u:\b)({MONTHS})[a-z]*\.?\s+([0-9]{{1,2}})(?:st|nd|rd|th)?,?\s+{year}(?-u:\b)")),
                    Form::MonthDayYear,
                ),
                (
                    re(&format!(r"(?i)(?-u:\b)([0-9]{{1,2}})(?:st|nd|rd|th)?\.?\s+({MONTHS})[a-z]*\.?,?\s+{year}(?-u:\b)")),
                    Form::DayMonthYear,
                ),
                (
                    re(&format!(r"(?-u:\b)(1[0-2]|0?[1-9])/(3[01]|[12][0-9]|0?[1-9])/{year}(?-u:\b)")),
                    Form::UsNumeric,
                ),
                (
                    re(&format!(r"(?-u:\b)(3[01]|[12][0-9]|0?[1-9])\.\s?(1[0-2]|0?[1-9])\.\s?{year}(?-u:\b)")),
                    Form::DottedDayFirst,
                ),
            ],
            time_after: re(&format!(
                r"^(?i:\s*[,|·-]?\s*(?:at|um|à|a las)?\s*)([0-9]{{1,2}})[:：]([0-9]{{2}})(?::([0-9]{{2}}))?(?-u:\b)(?:\s*(?i:([ap])\.?\s?m\.?)(?-u:\b))?(?:\s*\(?((?i:{ZONES}))\)?(?-u:\b))?"
            )),
            time_tail: re(&format!(
                r"^(?:\s*(?i:([ap])\.?\s?m\.?)(?-u:\b))?(?:\s*\(?((?i:{ZONES}))\)?(?-u:\b))?"
            )),
        }
    })
}

/// Whether the label at the end of `before` (the text just before a date) says the date
/// is an update (`Updated`, `Last modified`, `Aktualisiert`, `Mis à jour`, `更新`). Only
/// the last 40 bytes count: the label stands next to its date. (A `Published`/`Posted`
/// label is not taken as a promise: forums put `Posted` before every reply's date.)
pub(crate) fn update_label(before: &str) -> bool {
    const UPDATE: [&str; 8] = [
        "updated",
        "modified",
        "aktualisiert",
        "mis à jour",
        "actualizado",
        "aggiornato",
        "更新",
        "修改",
    ];
    let start = before.len().saturating_sub(40);
    let start = (start..before.len())
        .find(|&i| before.is_char_boundary(i))
        .unwrap_or(before.len());
    let tail = before.get(start..).unwrap_or_default().to_lowercase();
    UPDATE.iter().any(|w| tail.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> Option<String> {
        normalize(s)
    }

    #[test]
    fn year_first_forms() {
        assert_eq!(
            iso("2021年04月22日 10:31").as_deref(),
            Some("2021-04-22T10:31:00")
        );
        assert_eq!(iso("发布时间：2021-04-22").as_deref(), Some("2021-04-22"));
        assert_eq!(iso("2021年4月2号").as_deref(), Some("2021-04-02"));
        assert_eq!(
            iso("2019-11-19T08:00:00+0800").as_deref(),
            Some("2019-11-19T08:00:00+08:00")
        );
        assert_eq!(
            iso("2016-12-09 09:13:00Z").as_deref(),
            Some("2016-12-09T09:13:00Z")
        );
        assert_eq!(
            iso("2016-12-13 2:30 PM EST").as_deref(),
            Some("2016-12-13T14:30:00-05:00")
        );
        assert_eq!(iso("2021-13-40"), None);
    }

    #[test]
    fn month_names_and_us_numeric_with_times_and_zones() {
        assert_eq!(iso("March 5, 2021").as_deref(), Some("2021-03-05"));
        assert_eq!(iso("5 Mar 2021").as_deref(), Some("2021-03-05"));
        assert_eq!(iso("on 1 June 2019").as_deref(), Some("2019-06-01"));
        assert_eq!(
            iso("December 16, 2016, 4:19 PM").as_deref(),
            Some("2016-12-16T16:19:00")
        );
        assert_eq!(
            iso("Dec 13, 2016 at 3:45 pm").as_deref(),
            Some("2016-12-13T15:45:00")
        );
        assert_eq!(
            iso("Updated: Dec 15, 2016 2:57 PM UTC").as_deref(),
            Some("2016-12-15T14:57:00Z")
        );
        assert_eq!(
            iso("Updated: Oct 9, 2019, 11:05 IST").as_deref(),
            Some("2019-10-09T11:05:00+05:30")
        );
        assert_eq!(
            iso("March 9 2017 4:21 PM").as_deref(),
            Some("2017-03-09T16:21:00")
        );
        assert_eq!(iso("12:30 AM, 1/2/2020").as_deref(), Some("2020-01-02"));
        assert_eq!(
            iso("9/21/2016 12:05 AM").as_deref(),
            Some("2016-09-21T00:05:00")
        );
        // A zone name that means two zones is not read as either.
        assert_eq!(
            iso("Dec 13, 2016 3:45 PM CST").as_deref(),
            Some("2016-12-13T15:45:00")
        );
        assert_eq!(
            iso("Stand: 12.05.2021, 14:30 Uhr").as_deref(),
            Some("2021-05-12T14:30:00")
        );
        assert_eq!(iso("13/21/2016"), None);
        assert_eq!(iso("Version 1.2.3 of 2016"), None);
    }

    #[test]
    fn the_first_date_of_a_line_is_found_where_it_stands() {
        let line = "By Jane Doe | Published Dec 9, 2016 · Updated 2016-12-10";
        let f = find(line).unwrap_or_else(|| panic!("no date in {line:?}"));
        assert_eq!(f.iso, "2016-12-09");
        assert_eq!(line.get(f.start..f.end), Some("Dec 9, 2016"));
        assert!(!f.has_time());
    }
}
