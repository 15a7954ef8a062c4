//! JSON-LD: the article's headline, date, authors, body, publisher, image, description
//! and language, and every `@type` the page names (evidence of its page type).

use serde_json::Value;

use super::params::PARAMS as P;

#[derive(Debug, Default)]
pub(super) struct JsonLd {
    pub(super) headline: Option<String>,
    pub(super) date: Option<String>,
    pub(super) authors: Vec<String>,
    pub(super) body: Option<String>,
    pub(super) publisher: Option<String>,
    pub(super) image: Option<String>,
    pub(super) description: Option<String>,
    pub(super) lang: Option<String>,
    /// Every `@type` named, at most `ld_types` of them.
    pub(super) types: Vec<String>,
}

pub(super) fn is_article_type(v: &Value) -> bool {
    let check = |s: &str| {
        s.ends_with("Article")
            || matches!(
                s,
                "BlogPosting"
                    | "Report"
                    | "LiveBlogPosting"
                    | "SocialMediaPosting"
                    | "Blog"
                    | "WebPage"
                    | "ItemPage"
            )
    };
    match v.get("@type") {
        Some(Value::String(s)) => check(s),
        Some(Value::Array(a)) => a.iter().any(|t| t.as_str().is_some_and(check)),
        _ => false,
    }
}

pub(super) fn str_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_string())
        }
        Value::Array(a) => a.iter().find_map(|x| str_of(Some(x))),
        Value::Object(o) => str_of(
            o.get("name")
                .or_else(|| o.get("url"))
                .or_else(|| o.get("@id")),
        ),
        _ => None,
    }
}

/// The names of JSON-LD `author` values that are people: an `Organization` (of any kind)
/// is the publisher, not an author.
pub(super) fn people(v: Option<&Value>) -> Vec<String> {
    let person = |x: &&Value| {
        let organisation = |t: &str| t.ends_with("Organization") || t == "Corporation";
        match x.get("@type") {
            Some(Value::String(t)) => !organisation(t),
            Some(Value::Array(ts)) => !ts.iter().any(|t| t.as_str().is_some_and(organisation)),
            _ => true,
        }
    };
    match v {
        Some(Value::Array(a)) => a
            .iter()
            .filter(person)
            .filter_map(|x| str_of(Some(x)))
            .collect(),
        Some(x) if person(&x) => str_of(Some(x)).into_iter().collect(),
        _ => Vec::new(),
    }
}

pub(super) fn walk_ld(v: &Value, out: &mut JsonLd, depth: usize) {
    if depth > P.ld_depth {
        return;
    }
    match v {
        Value::Array(a) => a.iter().for_each(|x| walk_ld(x, out, depth + 1)),
        Value::Object(o) => {
            if let Some(g) = o.get("@graph") {
                walk_ld(g, out, depth + 1);
            }
            let mut types = Vec::new();
            match o.get("@type") {
                Some(Value::String(t)) => types.push(t.as_str()),
                Some(Value::Array(a)) => types.extend(a.iter().filter_map(Value::as_str)),
                _ => {}
            }
            for t in types {
                if out.types.len() < P.ld_types && t.len() <= P.ld_type_bytes {
                    out.types.push(t.to_string());
                }
            }
            // Types nested in properties (`mainEntity`, `offers`, `itemListElement`) say
            // what the page holds too.
            for (k, x) in o {
                if k != "@graph" && matches!(x, Value::Object(_) | Value::Array(_)) {
                    walk_types(x, out, depth + 1);
                }
            }
            if !is_article_type(v) {
                return;
            }
            let webpage = matches!(v.get("@type"), Some(Value::String(s)) if s == "WebPage" || s == "ItemPage");
            if webpage && out.headline.is_some() {
                return;
            }
            if out.headline.is_none() {
                out.headline = str_of(o.get("headline")).or_else(|| {
                    if webpage {
                        None
                    } else {
                        str_of(o.get("name"))
                    }
                });
            }
            if out.date.is_none() {
                out.date = str_of(o.get("datePublished")).or_else(|| str_of(o.get("dateCreated")));
            }
            if out.authors.is_empty() {
                out.authors = people(o.get("author"))
                    .into_iter()
                    .filter(|a| !a.starts_with("http"))
                    .collect();
            }
            if out.body.is_none() {
                out.body = str_of(o.get("articleBody"));
            }
            if out.publisher.is_none() {
                out.publisher = str_of(o.get("publisher"));
            }
            if out.image.is_none() {
                out.image = str_of(o.get("image")).or_else(|| str_of(o.get("thumbnailUrl")));
            }
            if out.description.is_none() {
                out.description = str_of(o.get("description"));
            }
            if out.lang.is_none() {
                out.lang = str_of(o.get("inLanguage"));
            }
        }
        _ => {}
    }
}

/// Collects the `@type` values under `v` (not its other facts: a nested object is no
/// article of the page's own).
pub(super) fn walk_types(v: &Value, out: &mut JsonLd, depth: usize) {
    if depth > P.ld_depth || out.types.len() >= P.ld_types {
        return;
    }
    match v {
        Value::Array(a) => a.iter().for_each(|x| walk_types(x, out, depth + 1)),
        Value::Object(o) => {
            match o.get("@type") {
                Some(Value::String(t)) if t.len() <= P.ld_type_bytes => out.types.push(t.clone()),
                Some(Value::Array(a)) => {
                    for t in a
                        .iter()
                        .filter_map(Value::as_str)
                        .filter(|t| t.len() <= P.ld_type_bytes)
                    {
                        if out.types.len() < P.ld_types {
                            out.types.push(t.to_string());
                        }
                    }
                }
                _ => {}
            }
            for x in o.values() {
                if matches!(x, Value::Object(_) | Value::Array(_)) {
                    walk_types(x, out, depth + 1);
                }
            }
        }
        _ => {}
    }
}

pub(super) fn parse_json_ld(scripts: &[String]) -> JsonLd {
    let mut out = JsonLd::default();
    for s in scripts {
        let s = s.trim().trim_start_matches("<!--").trim_end_matches("-->");
        if let Ok(v) = serde_json::from_str::<Value>(s) {
            walk_ld(&v, &mut out, 0);
        }
    }
    out
}
