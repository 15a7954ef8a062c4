//! Who wrote the article. Sources, most trusted first: JSON-LD `author`, the page's
//! bylines (`rel=author`, `itemprop=author`, then elements whose class names a byline),
//! `<meta name=author>`, then byline lines of the text (`By …`, `作者：…`).
//!
//! A value from JSON-LD or `<meta>` that names the site, its publisher, a company or a
//! domain is not an author (`Condé Nast` on every Condé Nast title is caught by the
//! byline that names the writer coming first); a byline part must read as a name.

use std::sync::OnceLock;

use regex::Regex;

use super::dates;
use super::params::PARAMS as P;
use crate::pipeline::page::{Byline, BylinePart, PartKind, Trust};
use crate::pipeline::text::is_cjk;

/// Words that never make an author's name on their own: interface labels and the words
/// of a byline around the name.
const NOT_NAMES: [&str; 35] = [
    "share",
    "follow",
    "email",
    "e-mail",
    "twitter",
    "facebook",
    "linkedin",
    "instagram",
    "more",
    "home",
    "news",
    "staff writer",
    "contributor",
    "published",
    "updated",
    "posted",
    "comments",
    "comment",
    "print",
    "author",
    "authors",
    "by",
    "and",
    "menu",
    "name",
    "unknown",
    "anonymous",
    "admin",
    "administrator",
    "guest",
    "von",
    "par",
    "por",
    "associated press",
    "press association",
];

/// Words that a byline glues after a name: a particle left over from `X von`, a button,
/// the label of a date cut off after it (`Jane Doe Stand: 12.05.2021`, `Jane Doe on`).
const TRAILING: [&str; 26] = [
    "von",
    "by",
    "par",
    "por",
    "de",
    "follow",
    "twitter",
    "email",
    "share",
    "stand",
    "posted",
    "on",
    "am",
    "le",
    "aktualisiert",
    "veröffentlicht",
    "publié",
    "letzte",
    "zuletzt",
    "aktualisierung",
    "geändert",
    "erstellt",
    "datum",
    "date",
    "last",
    "update",
];

/// The nouns that end a job title glued after a byline's name (`Howard Blume Staff
/// Writer`, `Sam Stein Senior Politics Editor`, `Gina Trapani CEO`).
const ROLE_NOUNS: [&str; 24] = [
    "writer",
    "editor",
    "reporter",
    "correspondent",
    "columnist",
    "contributor",
    "producer",
    "photographer",
    "critic",
    "analyst",
    "journalist",
    "intern",
    "ceo",
    "cto",
    "founder",
    "co-founder",
    "president",
    "director",
    "redakteur",
    "redakteurin",
    "korrespondent",
    "korrespondentin",
    "rédacteur",
    "journaliste",
];

/// Interface words that end a name wherever they stand after it (`Andrew Husband
/// Twitter News`: the profile's buttons), as a handle does (`Aja Romano @ajaromano`).
const BUTTONS: [&str; 4] = ["twitter", "email", "follow", "share"];

/// Months and days (English, German, French, Spanish), which a byline line often glues
/// to the name (`Zach Johnson Dec`); never a name on their own.
const DATE_WORDS: [&str; 61] = [
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
    "published",
    "updated",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "januar",
    "februar",
    "märz",
    "mai",
    "juni",
    "juli",
    "oktober",
    "dezember",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "janvier",
    "février",
    "mars",
    "avril",
    "juin",
    "juillet",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "enero",
    "lunes",
    "domingo",
];

/// The article's authors from the sources in order of trust. `lines` are the names of
/// the first byline line of the text (`By A and B`) and the index of its block. `shown`
/// says whether a name is written somewhere in the page's text.
pub(crate) fn pick(
    json_ld: &[String],
    bylines: &[Byline],
    meta: Option<&str>,
    (lines, line_at): (&[String], Option<usize>),
    publishers: &[Option<&str>],
    shown: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let person = |v: &str| {
        !organisation(v, publishers)
            && !v.contains('@')
            && !NOT_NAMES.contains(&v.trim().to_lowercase().as_str())
    };
    let line_count = lines.len();
    let lines: Vec<String> = lines.iter().filter_map(|l| line_name(l)).collect();
    let lines_named = !lines.is_empty() && lines.len() == line_count;
    let mut authors: Vec<String> = json_ld.iter().filter(|v| person(v)).cloned().collect();
    // `<meta name=author>` is one value: a list of people, or an organisation as a whole
    // (`Olympia-Verlag GmbH, Nürnberg, Germany`).
    let meta_names: Vec<String> = meta
        .filter(|m| person(m) && !m.starts_with("http") && m.chars().count() <= 100)
        .map(|m| {
            m.split([',', ';', '，', '、'])
                .map(|s| s.trim().trim_start_matches("By ").to_string())
                .filter(|s| !s.is_empty() && person(s))
                .collect()
        })
        .unwrap_or_default();
    if authors.is_empty() {
        let at;
        (authors, at) = from_bylines(bylines);
        // The byline line of the text wins over a byline element where it comes first
        // (the element is a list of the desk's writers after the article, the article's
        // own byline sits where elements are not read: a `<footer>` of its header), or
        // where the element holds one of the writers (`<span class=last-byline>`) and the
        // line lists them all: `By A, B and C`.
        let first = line_at
            .zip(at)
            .is_some_and(|(line, element)| line < element);
        let more = lines.len() > authors.len() && authors.iter().all(|a| lines.contains(a));
        if !authors.is_empty() && lines_named && (first || more) {
            authors.clone_from(&lines);
        }
        // The page's bylines include teaser cards of other stories; `<meta name=author>`
        // speaks of this one. Where it names people in full (two words or more each, as
        // names read, not a `Staff` or `Team` credit) whom the page shows, and no byline
        // agrees, it wins (a company's name in meta is not written on the page).
        let full_name = |n: &String| {
            n.split_whitespace().count() >= 2
                && !n.contains(". ")
                && !n
                    .rsplit(' ')
                    .next()
                    .is_some_and(|w| matches!(w, "Staff" | "Team" | "Desk" | "Editors"))
                && as_name(n, 1).as_deref() == Some(n.as_str())
        };
        if !meta_names.is_empty()
            && meta_names.iter().all(|n| full_name(n) && shown(n))
            && !authors.iter().any(|a| meta_names.contains(a))
        {
            authors.clear();
        }
    }
    if authors.is_empty() {
        authors = meta_names;
    }
    // A byline line's capture may hold prose or a headline (`不能排除"超级传播者"的存在`).
    if authors.is_empty() {
        authors = lines;
    }
    authors.dedup();
    // `By Jane Doe and John Roe, Reuters`: with writers named, the agency is whom they
    // write for; alone (`By Reuters`) it is the author.
    if authors.iter().any(|a| !agency(a)) {
        authors.retain(|a| !agency(a));
    }
    authors
}

/// Whether `name` is a news agency of [`AGENCIES`].
fn agency(name: &str) -> bool {
    AGENCIES.contains(&name.trim().to_lowercase().as_str())
}

/// A name read off a byline line, if it reads as one: no quotes, brackets or `=`, and
/// short (a Chinese name is two to four characters, a transliterated one a few more); a
/// Latin name less the words glued after it (`Jane Doe Published`).
fn line_name(name: &str) -> Option<String> {
    let odd = |c: char| {
        matches!(
            c,
            '"' | '“' | '”' | '「' | '」' | '《' | '》' | '=' | '[' | ']' | '【' | '】'
        )
    };
    if name.chars().any(odd) {
        return None;
    }
    if name.chars().any(is_cjk) {
        return (name.chars().count() <= P.cjk_meta_name_max_chars).then(|| name.to_string());
    }
    as_name(name, 2)
}

/// Whether a JSON-LD or `<meta>` author names no person: the site, its publisher or
/// copyright holder (`publishers`), a company, a domain or an account id.
fn organisation(value: &str, publishers: &[Option<&str>]) -> bool {
    let key = |s: &str| {
        s.to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    let v = key(value);
    // `© 2024 Olympia-Verlag GmbH` holds `Olympia-Verlag GmbH`.
    if !v.is_empty()
        && publishers
            .iter()
            .flatten()
            .any(|p| key(p) == v || (v.len() >= 4 && key(p).contains(&v)))
    {
        return true;
    }
    static COMPANY: OnceLock<Option<Regex>> = OnceLock::new();
    let company = COMPANY
        .get_or_init(|| {
            Regex::new(r"(?i)\b(inc|llc|ltd|gmbh|corp|corporation|co\.,? ltd|s\.a|k\.k)\b|\bag$|株式会社|有限公司|集团").ok()
        })
        .as_ref()
        .is_some_and(|re| re.is_match(value.trim()));
    let domain =
        v.starts_with("http") || v.starts_with("www.") || v.contains(".com") || v.contains(".net");
    let id = !value.contains(' ')
        && value.chars().any(|c| c.is_ascii_digit())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    company || domain || id
}

/// The names of the first byline that holds one, and its block: a `rel=author`/`itemprop=author`
/// byline first (with the others of its line: `<a rel=author>A</a> and <a
/// rel=author>B</a>`), else one named by its class.
fn from_bylines(bylines: &[Byline]) -> (Vec<String>, Option<usize>) {
    for trust in [Trust::Marked, Trust::Class] {
        let strength = trust as u8;
        let mut found: Option<(usize, Vec<String>)> = None;
        for b in bylines.iter().filter(|b| b.trust == trust) {
            let names = names_in(&b.parts, strength);
            if names.is_empty() {
                continue;
            }
            match &mut found {
                None => found = Some((b.block, names)),
                // Another byline of the same line: co-authors.
                Some((block, all)) if *block == b.block && strength == 2 => {
                    for n in names {
                        if !all.contains(&n) {
                            all.push(n);
                        }
                    }
                }
                Some(_) => break,
            }
        }
        if let Some((block, names)) = found {
            return (names, Some(block));
        }
    }
    (Vec::new(), None)
}

/// The names in a byline's text: the first part (element) that holds a name, and the
/// parts after it while only joiners (`and`, `,`) come between, less the words around a
/// name (`By`, `Von`, `著者：`), split at the joiners of several names. A role, an outlet
/// or a link after the name (`Jane Doe` / `Senior Editor` / `CNN`) ends the byline.
fn names_in(parts: &[BylinePart], strength: u8) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut joined = false;
    // Whether a piece of the byline was read as a name yet (an outlet counts only first).
    let mut tried = false;
    let marked = parts.iter().any(|p| p.kind == PartKind::Author);
    for p in parts {
        let part = p.text.as_str();
        // A part the page marks as the author's (`rel=author`, a link to the writer's
        // archive) may be one word (`Paul`); with such parts, the others are only their
        // joiners.
        let sure = match p.kind {
            PartKind::Author => true,
            PartKind::Plain if marked && !joiner(part.trim()) => continue,
            PartKind::Section if marked => continue,
            _ => false,
        };
        let strength = if sure { 2 } else { strength };
        if p.kind == PartKind::Section {
            if names.is_empty() {
                continue;
            }
            break;
        }
        let trimmed = part.trim();
        // "About the author", "Über Kathrin": the heading of a bio box.
        if ["about", "über", "à propos", "acerca"]
            .iter()
            .any(|a| trimmed.to_lowercase().starts_with(a))
        {
            continue;
        }
        if !names.is_empty() && joiner(trimmed) {
            joined = true;
            continue;
        }
        if !names.is_empty() && !joined && !starts_with_joiner(trimmed) {
            break;
        }
        // `By by Jane Doe`: a label before the byline's own word.
        let led = strip_lead(strip_lead(part, sure), sure);
        let by_lead = led.len() != part.len();
        let part = led;
        // `Jane Doe (Brussels, European bureau)`: where the writer is, or for whom.
        let unbracketed = without_brackets(part);
        let part = unbracketed.as_str();
        // `Jane Doe - 8/1/2016`, `Jane Doe December 20, 2016`: a date glued to the name
        // ends it.
        let date = dates::find(part);
        let part = match &date {
            Some(d) => part.get(..d.start).unwrap_or(part),
            None => part,
        };
        // `谢若含 2017-03-01 14:27`: a short Chinese or Japanese name that a date follows
        // reads as a byline's name (not a badge or a counter, which no date follows).
        let short_cjk = |t: &str| t.chars().all(is_cjk) && (2..=4).contains(&t.chars().count());
        let strength = if date.is_some() && short_cjk(part.trim()) {
            2
        } else {
            strength
        };
        for name in part.split([',', ';', '&', '|', '·', '•', '、', '，', '/']) {
            for name in split_and(name) {
                // The byline's first credit may be an agency or the outlet itself (`By
                // The Associated Press`, `Reuters`, `BBC News`): the author the page
                // states. After a writer's name an outlet is where the writer works, and
                // after other words (`Solar / Storage / Top Solar News`) a section.
                let first = !tried;
                tried |= !name.trim().is_empty();
                let n = as_name(&name, strength)
                    .or_else(|| first.then(|| outlet(&name, strength, by_lead))?);
                if let Some(n) = n {
                    if !names.contains(&n) {
                        names.push(n);
                    }
                }
            }
        }
        // `<a rel=author>Jane Doe</a> and <a rel=author>John Roe</a>`: the `and` ends
        // the first part.
        joined = ends_with_joiner(trimmed);
    }
    names
}

/// News agencies, lowercased: a byline that is one of them names its author, even in
/// one word under a byline's class (`<div class=byline>Reuters</div>`).
const AGENCIES: [&str; 22] = [
    "associated press",
    "the associated press",
    "ap",
    "reuters",
    "thomson reuters",
    "afp",
    "agence france-presse",
    "dpa",
    "efe",
    "ansa",
    "xinhua",
    "kyodo",
    "kyodo news",
    "bloomberg",
    "press association",
    "pa media",
    "upi",
    "tass",
    "yonhap",
    "apa",
    "anp",
    "belga",
];

/// Words that end an outlet's or a desk's name (`The Washington Post`, `BBC News`,
/// `The Diggs Team`).
const OUTLET_NOUNS: [&str; 14] = [
    "news", "press", "post", "times", "journal", "herald", "tribune", "magazine", "team", "staff",
    "desk", "agency", "media", "newsroom",
];

/// `s` as the name of an agency or outlet that a byline credits (`Associated Press`, `The
/// Associated Press`, `BBC News`, `DER SPIEGEL`, `The Diggs Team`), or `None`: a known
/// agency; or two to five capitalised words (`of`, `and`, `the` between them) after a
/// `By`, in a byline the page marks as the author's, or ending with an outlet's noun. A
/// job title (`Culture Writer`) and an interface label are none.
fn outlet(s: &str, strength: u8, by_lead: bool) -> Option<String> {
    let name = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| matches!(c, ',' | ':' | '-' | '–' | '—' | '.'))
        .to_string();
    let lower = name.to_lowercase();
    if agency(&lower) {
        return Some(name);
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    let marks = |c: char| c.is_ascii_digit() || "@!?:\"“”«»()[]|".contains(c);
    if !(2..=5).contains(&words.len())
        || name.chars().any(marks)
        || name.chars().any(is_cjk)
        || NOT_NAMES.contains(&lower.as_str())
    {
        return None;
    }
    let last = words.last().map(|w| w.to_lowercase()).unwrap_or_default();
    if ROLE_NOUNS.contains(&last.as_str()) {
        return None;
    }
    let capitalised = words.iter().enumerate().all(|(i, w)| {
        w.chars().next().is_some_and(char::is_uppercase)
            || (i > 0 && matches!(*w, "of" | "and" | "the" | "&"))
    });
    let credited = by_lead || strength >= 2 || OUTLET_NOUNS.contains(&last.as_str());
    (capitalised && credited).then_some(name)
}

/// `s` less what stands in round brackets (`Jane Doe (Brussels)` is `Jane Doe `). An
/// unclosed bracket is kept, for the name check to refuse.
fn without_brackets(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find(['(', '（']) {
        let Some(len) = rest.get(open..).and_then(|r| r.find([')', '）'])) else {
            break;
        };
        out.push_str(rest.get(..open).unwrap_or_default());
        let close = open + len;
        let width = rest
            .get(close..)
            .and_then(|r| r.chars().next())
            .map_or(1, char::len_utf8);
        rest = rest.get(close + width..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// A part that only joins names: `and`, `,`, `&`, `und`, `et`, `y`.
fn joiner(part: &str) -> bool {
    matches!(
        part,
        "," | "&" | "and" | ", and" | "und" | "et" | "y" | "、" | "，"
    )
}

/// A part that goes on a list of names: `, Sam Levin`, `and Sam Levin`.
fn starts_with_joiner(part: &str) -> bool {
    [",", "&", "and ", "und ", "et ", "y ", "、", "，"]
        .iter()
        .any(|j| part.starts_with(j))
}

/// `part` without a leading `By`, `Written by`, `Von`, `Par`, `著者：`, `文●`...
/// In a part the page marks as the name (`sure`), only a lead of one word goes: `Walter
/// von Aachen` is a name, not `Aachen` after `Walter von`.
fn strip_lead(part: &str, sure: bool) -> &str {
    static LEAD: OnceLock<Option<Regex>> = OnceLock::new();
    let lead = LEAD.get_or_init(|| {
        Regex::new(r"(?i)^\s*(?:\S+\s+){0,3}?(?:by|von|par|por|di|da|door|av|przez)\s+|^\s*(?:autor|autorin|author|auteur|autore|redakcja)\s*:\s*|^\s*(?:著者|作者|筆者|文|記者|记者|撰文|執筆)\s*[：:●／/]?\s*").ok()
    });
    if let Some(m) = lead.as_ref().and_then(|re| re.find(part)) {
        if sure && m.as_str().split_whitespace().count() > 1 {
            return part;
        }
        return part.get(m.end()..).unwrap_or(part);
    }
    // `ByTravis Haney`: two elements' text without a space between.
    let trimmed = part.trim_start();
    match trimmed.strip_prefix("By") {
        Some(rest) if rest.starts_with(char::is_uppercase) => rest,
        _ => part,
    }
}

/// The words that join names: `and` and its German, French and Spanish words.
const AND: [&str; 4] = ["and", "und", "et", "y"];

/// Splits at the word `and` (and its German, French and Spanish words), wherever it
/// stands: `Jane Doe and` is `Jane Doe`.
fn split_and(s: &str) -> Vec<String> {
    let mut names = vec![String::new()];
    for word in s.split_whitespace() {
        if AND.contains(&word) {
            names.push(String::new());
        } else if let Some(name) = names.last_mut() {
            if !name.is_empty() {
                name.push(' ');
            }
            name.push_str(word);
        }
    }
    names
}

/// A part that leaves a list of names open: `Jane Doe and`, `Jane Doe,`.
fn ends_with_joiner(part: &str) -> bool {
    part.ends_with([',', '&', '、', '，'])
        || part
            .rsplit(char::is_whitespace)
            .next()
            .is_some_and(|w| AND.contains(&w))
}

/// `s` as a person's name, or `None`: a few words, no digits or sentence marks, not an
/// interface label, each Latin word capitalised (one lowercase word, an account name, only
/// where the page says it is the author: strength 2). A month or a day glued to the end
/// (`Zach Johnson Dec`) is cut off. CJK names only from `rel`/`itemprop` bylines: class
/// names of Chinese portals' author boxes hold badges and counters as well.
fn as_name(s: &str, strength: u8) -> Option<String> {
    let words = name_words(s)?;
    let name = words.join(" ");
    let name = name.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ':' | '-' | '–' | '—' | '(' | ')')
    });
    let chars = name.chars().count();
    let marks = |c: char| {
        c.is_ascii_digit()
            || matches!(
                c,
                '@' | '!' | '?' | ':' | '：' | '"' | '“' | '”' | '«' | '»' | '(' | ')' | '[' | ']'
            )
    };
    if !(2..=P.name_max_chars).contains(&chars) || name.chars().any(marks) {
        return None;
    }
    if NOT_NAMES.contains(&name.to_lowercase().as_str()) {
        return None;
    }
    if name.chars().any(is_cjk) {
        // `Eric Freeman 著`: a Latin name and a Japanese or Chinese role after it (著, 訳,
        // 监译), as the names around it are written (`嶋田 健志 監訳`).
        let latin_with_role = name.rsplit_once(' ').is_some_and(|(latin, role)| {
            !latin.chars().any(is_cjk)
                && role.chars().count() <= 3
                && role.chars().all(is_cjk)
                && as_name(latin, 1).as_deref() == Some(latin)
        });
        return (strength >= 2 && (chars <= P.cjk_name_max_chars || latin_with_role))
            .then(|| name.to_string());
    }
    latin_name(name, strength)
}

/// The words of a byline part that can be a name: cut before a profile button, a
/// section or outlet (`in`, `for`, `at`), a job title glued to the name, an outlet's
/// `News`/`Press`, and trailing date words; `None` for a part that is a job title or a
/// publication.
fn name_words(s: &str) -> Option<Vec<&str>> {
    let mut words: Vec<&str> = s.split_whitespace().collect();
    // A profile button after the name ends it; a job title glued to it (capitalised
    // words up to a role noun: `Staff Writer`, `Senior Politics Editor`) goes, and a
    // "name" that is only a job title (`Culture Writer`) is none.
    let lower = |w: &str| w.trim_end_matches([',', '.', ':']).to_lowercase();
    if let Some(k) = (1..words.len()).find(|&k| {
        words
            .get(k)
            .is_some_and(|w| w.starts_with('@') || BUTTONS.contains(&lower(w).as_str()))
            // `Michael Larabel in Valve`, `Jane Doe for The Guardian`: a section or an
            // outlet follows the name.
            || (k >= 2 && words.get(k).is_some_and(|w| matches!(*w, "in" | "for" | "at")))
    }) {
        words.truncate(k);
    }
    let role_from = |k: usize| {
        let rest = words.get(k..).unwrap_or_default();
        rest.last()
            .is_some_and(|w| ROLE_NOUNS.contains(&lower(w).as_str()))
            && rest.len() <= 4
            && rest
                .iter()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase))
    };
    // Two name words at least before the title (`Sam Stein Senior Politics Editor`, not
    // `Sam`); a title with one word or none before it is a title (`Culture Writer`).
    if let Some(k) = (2..words.len()).find(|&k| role_from(k)) {
        words.truncate(k);
    } else if role_from(0) || role_from(1) {
        return None;
    }
    // `The Huffington Post`, `The Associated Press`, `CBC News`: a publication, not a
    // person; glued after two words of a name (`Tom Davies Associated Press`), an agency
    // credit that goes.
    if words.first().is_some_and(|w| *w == "The") {
        return None;
    }
    // Two words alone are an outlet only after an acronym (`CBC News`; `Eyal Press` is a
    // writer).
    if words.len() >= 2 && words.last().is_some_and(|w| matches!(*w, "News" | "Press")) {
        let acronym = |w: &str| w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase());
        if words.len() >= 4 {
            words.truncate(words.len() - 2);
        } else if words.first().is_some_and(|w| acronym(w)) || words.len() == 3 {
            return None;
        }
    }
    while words.last().is_some_and(|w| {
        let w = w.trim_end_matches(['.', ',', ':', '：']).to_lowercase();
        DATE_WORDS.contains(&w.as_str()) || TRAILING.contains(&w.as_str())
    }) {
        words.pop();
    }
    Some(words)
}

/// A Latin-script name's last checks (at most five words, a doubled name halved, no
/// credential alone, capitalised words), `strength` saying how sure the page is that it
/// names the author.
fn latin_name(name: &str, strength: u8) -> Option<String> {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    if words.len() > P.name_max_words {
        return None;
    }
    // `Olivier Minot Olivier Minot`: the same name from two elements.
    let half = words.len() / 2;
    if words.len() % 2 == 0 && half > 0 && words.get(..half) == words.get(half..) {
        words.truncate(half);
    }
    // `MS`, `RDN`, `PhD`, `TNN`: credentials and agency codes after a name.
    let initialism = words.len() == 1
        && name.chars().count() <= 4
        && name
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
    if initialism || DATE_WORDS.contains(&name.to_lowercase().as_str()) {
        return None;
    }
    let name = words.join(" ");
    let capitalised = |w: &&str| {
        w.chars().next().is_some_and(char::is_uppercase)
            || matches!(
                *w,
                "de" | "da"
                    | "van"
                    | "von"
                    | "der"
                    | "den"
                    | "du"
                    | "di"
                    | "del"
                    | "dos"
                    | "le"
                    | "la"
                    | "al"
                    | "bin"
                    | "y"
                    | "e"
            )
    };
    // One word is a name where the page says it is the author's (an account name, a first
    // name); under a byline's class alone it is more often a section or a label.
    let one_word_ok = strength >= 2 || words.len() > 1;
    let account = strength >= 2 && words.len() == 1;
    (one_word_ok && (account || words.iter().all(capitalised))).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`pick`] on a page that shows only what its bylines say.
    fn pick_(
        json_ld: &[String],
        bylines: &[Byline],
        meta: Option<&str>,
        lines: &[String],
        publishers: &[Option<&str>],
    ) -> Vec<String> {
        let shown = |n: &str| {
            bylines
                .iter()
                .any(|b| b.parts.iter().any(|p| p.text.contains(n)))
        };
        pick(json_ld, bylines, meta, (lines, None), publishers, &shown)
    }

    fn byline(strength: u8, block: usize, texts: &[&str]) -> Byline {
        Byline {
            trust: if strength >= 2 {
                Trust::Marked
            } else {
                Trust::Class
            },
            block,
            parts: parts(&texts.join(PART)),
        }
    }

    /// A byline's parts written as one text: [`PART`] between parts, [`AUTHOR`] or
    /// [`SECTION`] opening a part of that kind (as the collect stage reads them: each
    /// part trimmed, empty ones left out).
    const PART: &str = "\u{1F}";
    const AUTHOR: &str = "\u{1D}";
    const SECTION: &str = "\u{1E}";

    fn parts(text: &str) -> Vec<BylinePart> {
        text.split(PART)
            .filter_map(|raw| {
                let (kind, t) = if let Some(r) = raw.strip_prefix(AUTHOR) {
                    (PartKind::Author, r)
                } else if let Some(r) = raw.strip_prefix(SECTION) {
                    (PartKind::Section, r)
                } else {
                    (PartKind::Plain, raw)
                };
                let t = t.trim();
                (!t.is_empty()).then(|| BylinePart::new(kind, t))
            })
            .collect()
    }

    fn names_in_text(text: &str, strength: u8) -> Vec<String> {
        names_in(&parts(text), strength)
    }

    #[test]
    fn a_byline_names_the_writer_before_meta_names_the_publisher() {
        let bylines = [byline(2, 3, &["By ", "Larry Fitzmaurice"])];
        let got = pick_(&[], &bylines, Some("Condé Nast"), &[], &[Some("Pitchfork")]);
        assert_eq!(got, ["Larry Fitzmaurice"]);
        // A person named in full by meta, whom no byline names, is the author: the first
        // byline is a teaser's. A staff credit or a lone word does not override.
        let teaser = [byline(1, 40, &["By ", "Alicia Powe"])];
        let shown = |n: &str| n == "Jack Davis";
        assert_eq!(
            pick(&[], &teaser, Some("Jack Davis"), (&[], None), &[], &shown),
            ["Jack Davis"]
        );
        assert_eq!(
            pick_(&[], &teaser, Some("Jack Davis"), &[], &[]),
            ["Alicia Powe"],
            "a name the page never shows"
        );
        assert_eq!(
            pick_(&[], &teaser, Some("Us Weekly Staff"), &[], &[]),
            ["Alicia Powe"]
        );
        assert_eq!(
            pick_(&[], &teaser, Some("mikecason"), &[], &[]),
            ["Alicia Powe"]
        );
        // Without a byline, meta's people are taken, but never the site's own name.
        assert_eq!(
            pick_(&[], &[], Some("Jane Doe, John Roe"), &[], &[]),
            ["Jane Doe", "John Roe"]
        );
        assert!(pick_(&[], &[], Some("The Daily"), &[], &[Some("The Daily")]).is_empty());
        assert!(pick_(&[], &[], Some("Example Media Inc."), &[], &[]).is_empty());
        assert!(pick_(&["u_10234".into()], &[], None, &[], &[]).is_empty());
        // An organisation's address is not a list of authors.
        let copyright = Some("© 2024 Olympia-Verlag GmbH, Nürnberg, Germany");
        assert!(pick_(
            &[],
            &[],
            Some("Olympia-Verlag GmbH, Nürnberg, Germany"),
            &[],
            &[copyright]
        )
        .is_empty());
        assert!(pick_(
            &[],
            &[],
            Some("Olympia-Verlag GmbH, Nürnberg, Germany"),
            &[],
            &[]
        )
        .is_empty());
    }

    #[test]
    fn byline_lines_must_read_as_names() {
        let lines = ["不能排除\"超级传播者\"的存在".to_string()];
        assert!(pick_(&[], &[], None, &lines, &[]).is_empty());
        assert_eq!(
            pick_(&[], &[], None, &["张三".into(), "李四".into()], &[]),
            ["张三", "李四"]
        );
    }

    #[test]
    fn co_authors_of_one_line_and_only_that_line() {
        let bylines = [
            byline(2, 5, &["Julia Carrie Wong"]),
            byline(2, 5, &["Sam Levin"]),
            byline(2, 40, &["Someone Else"]),
        ];
        let (names, at) = from_bylines(&bylines);
        assert_eq!(names, ["Julia Carrie Wong", "Sam Levin"]);
        assert_eq!(at, Some(5));
    }

    #[test]
    fn a_byline_line_that_comes_first_or_names_more_wins_over_an_element() {
        let shown = |_: &str| true;
        let line = [
            "Marc Santo".to_string(),
            "Al Baker".into(),
            "Adam Gold".into(),
        ];
        // The element names one of the three the line lists.
        let last = [byline(1, 12, &["Adam Gold"])];
        let got = pick(&[], &last, None, (&line, Some(12)), &[], &shown);
        assert_eq!(got, ["Marc Santo", "Al Baker", "Adam Gold"]);
        // A desk's list after the article names someone else; the line comes first.
        let desk = [byline(1, 60, &["Mark Desk @mdesk", "Kate Line @kline"])];
        let kate = ["Kate Line".to_string()];
        assert_eq!(
            pick(&[], &desk, None, (&kate, Some(11)), &[], &shown),
            ["Kate Line"]
        );
        // After the element, and naming someone else, it does not.
        assert_eq!(
            pick(&[], &desk, None, (&kate, Some(70)), &[], &shown),
            ["Mark Desk"]
        );
        // The words glued after a line's name go (`By Jane Doe Published in …`).
        let glued = ["Kathy Wise Published".to_string()];
        assert_eq!(
            pick(&[], &[], None, (&glued, Some(3)), &[], &shown),
            ["Kathy Wise"]
        );
    }

    #[test]
    fn names_are_cut_out_of_their_byline() {
        assert_eq!(
            names_in_text("By JOSH HASKELL, DAVID CAPLAN and PATRICK REEVELL", 1),
            ["JOSH HASKELL", "DAVID CAPLAN", "PATRICK REEVELL"]
        );
        let s = PART;
        assert_eq!(
            names_in_text(
                &format!("Wednesday January 18, 2017 10:44 am PST{s} by {s}Juli Clover"),
                1
            ),
            ["Juli Clover"]
        );
        assert_eq!(
            names_in_text(&format!("Zach Johnson Dec{s}12, 2016"), 1),
            ["Zach Johnson"]
        );
        assert_eq!(
            names_in_text(&format!("Howard Blume{s}Staff Writer"), 1),
            ["Howard Blume"]
        );
        assert_eq!(names_in_text("著者：後藤大地", 2), ["後藤大地"]);
        assert!(
            names_in_text("责任编辑：张迪", 2).is_empty(),
            "an editor line is no byline"
        );
        assert!(
            names_in_text("优质原创作者", 1).is_empty(),
            "a portal's badge"
        );
        assert!(names_in_text("Print this article", 2).is_empty());
        assert!(names_in_text("Comente!", 1).is_empty());
        assert_eq!(
            names_in_text(&format!("Mike Wuerthele{s}Monday"), 1),
            ["Mike Wuerthele"]
        );
        assert_eq!(names_in_text("ByTravis Haney", 1), ["Travis Haney"]);
        let sure = AUTHOR;
        assert_eq!(
            names_in_text(&format!("by {s}{sure}Walter von Aachen"), 1),
            ["Walter von Aachen"]
        );
        assert_eq!(
            names_in_text("By by JANE DOE and JOHN ROE", 1),
            ["JANE DOE", "JOHN ROE"]
        );
        assert_eq!(
            names_in_text("Par Cécile Durand (Bruxelles, bureau européen)", 1),
            ["Cécile Durand"]
        );
        // One word is a name where the page marks it as the author's.
        assert!(names_in_text("Paul", 1).is_empty());
        assert_eq!(
            names_in_text(&format!("{}Paul{s}December 23, 2016", AUTHOR), 1),
            ["Paul"]
        );
        // A Chinese name that a date follows, not a badge (above).
        assert_eq!(names_in_text("谢若含 2017-03-01 14:27:02", 1), ["谢若含"]);
        // A Latin name with a Japanese role, among names with theirs.
        assert_eq!(
            names_in_text("Eric Freeman 著、嶋田 健志 監訳", 2),
            ["Eric Freeman 著", "嶋田 健志 監訳"]
        );
    }

    #[test]
    fn job_titles_buttons_and_outlets_are_cut_from_names() {
        let s = PART;
        // A job title, a profile's buttons or an agency glued to the name in one part.
        assert_eq!(
            names_in_text("Howard Blume Staff Writer", 1),
            ["Howard Blume"]
        );
        assert_eq!(names_in_text("Gina Trapani CEO", 1), ["Gina Trapani"]);
        assert_eq!(names_in_text("By Aja Romano @ajaromano", 1), ["Aja Romano"]);
        assert_eq!(
            names_in_text("Written by Michael Larabel in Valve", 1),
            ["Michael Larabel"]
        );
        assert_eq!(
            names_in_text("Sam Stein Senior Politics Editor, The Huffington Post", 1),
            ["Sam Stein"]
        );
        assert_eq!(
            names_in_text(&format!("Andrew Husband Twitter News{s}Culture Writer"), 1),
            ["Andrew Husband"]
        );
        assert_eq!(names_in_text("Pete Evans, CBC News", 1), ["Pete Evans"]);
        assert_eq!(
            names_in_text("Tom Davies Associated Press", 1),
            ["Tom Davies"]
        );
        assert_eq!(
            names_in_text("Eyal Press", 1),
            ["Eyal Press"],
            "a writer's surname"
        );
        // An agency or outlet that is the byline's first credit is its author.
        assert_eq!(names_in_text("Associated Press", 1), ["Associated Press"]);
        assert_eq!(
            names_in_text("By The Associated Press", 1),
            ["The Associated Press"]
        );
        assert_eq!(names_in_text("Reuters", 1), ["Reuters"]);
        assert_eq!(names_in_text("BBC News", 1), ["BBC News"]);
        assert_eq!(names_in_text("DER SPIEGEL", 1), ["DER SPIEGEL"]);
        assert_eq!(names_in_text("The Diggs Team", 1), ["The Diggs Team"]);
        assert!(names_in_text("The Latest", 1).is_empty());
        assert!(
            names_in_text("Culture Writer", 1).is_empty(),
            "a title alone"
        );
        assert_eq!(names_in_text("Anna Maria Editor Writer", 1), ["Anna Maria"]);
        // The names, not the role or outlet after them.
        assert_eq!(
            names_in_text(
                &format!("Sam Stein{s}Senior Politics Editor{s}The Huffington Post"),
                1
            ),
            ["Sam Stein"]
        );
        assert_eq!(
            names_in_text(&format!("Julia Carrie Wong{s}and{s}Sam Levin"), 2),
            ["Julia Carrie Wong", "Sam Levin"]
        );
        assert!(
            names_in_text("Business", 1).is_empty(),
            "one word under a byline class"
        );
        assert_eq!(
            names_in_text("Inga Hoeltmann Follow", 1),
            ["Inga Hoeltmann"]
        );
        assert!(names_in_text("Rezept von", 1).is_empty());
        // With a `rel=author` part inside, only such parts are names.
        let a = AUTHOR;
        assert_eq!(
            names_in_text(&format!("Architecture{s}{a}Federica Lusiardi"), 2),
            ["Federica Lusiardi"]
        );
        // The joiner at the end of a link's part: two names.
        assert_eq!(
            names_in_text(&format!("{a}Jane Doe and{s}{a}John Roe{s}Staff Writers"), 2),
            ["Jane Doe", "John Roe"]
        );
        assert!(names_in_text("Share this article on Facebook", 1).is_empty());
        // An account name is a name where the page says so (`rel=author`).
        assert_eq!(names_in_text("doumae", 2), ["doumae"]);
        assert!(names_in_text("doumae", 1).is_empty());
    }
}
