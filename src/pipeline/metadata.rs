//! Metadata: title, date, authors, source, editor, site, language, URL, description, image.
//!
//! Sources in order of trust: JSON-LD, `<meta>` tags, `<time>`, then lines of the page
//! such as `发布时间：2021-04-22 10:31`, `来源：新华网`, `责任编辑：张三` or `By Jane Doe`.

use std::sync::OnceLock;

use regex::Regex;
use serde_json::Value;

use crate::article::BlockKind;
use crate::options::Options;
use crate::pipeline::authors;
use crate::pipeline::dates;
use crate::pipeline::page::{ctx, PageMeta, RawBlock};
use crate::pipeline::repair;
use crate::pipeline::text::is_cjk;

/// What the page says about itself.
#[derive(Debug, Default, Clone)]
pub(crate) struct PageFacts {
    pub(crate) title: Option<String>,
    pub(crate) authors: Vec<String>,
    pub(crate) published: Option<String>,
    pub(crate) published_raw: Option<String>,
    pub(crate) source: Option<String>,
    pub(crate) editor: Option<String>,
    pub(crate) site_name: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) lang: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) image: Option<String>,
    /// JSON-LD `articleBody`, as evidence for the extractor.
    pub(crate) article_body: Option<String>,
    /// Flattened readings removed from the title (`學(xué)`), as the collect stage removes
    /// them from blocks, so that the headline is found among the blocks.
    pub(crate) title_readings: Vec<String>,
    /// What the page's relative addresses resolve against (see [`base_url`]).
    pub(crate) base: Option<url::Url>,
    /// The JSON-LD `@type` values of the page (evidence of its type).
    pub(crate) ld_types: Vec<String>,
}

#[derive(Debug, Default)]
struct JsonLd {
    headline: Option<String>,
    date: Option<String>,
    authors: Vec<String>,
    body: Option<String>,
    publisher: Option<String>,
    image: Option<String>,
    description: Option<String>,
    lang: Option<String>,
    /// Every `@type` named, at most [`MAX_LD_TYPES`].
    types: Vec<String>,
}

/// `@type` values kept per page.
const MAX_LD_TYPES: usize = 64;

fn is_article_type(v: &Value) -> bool {
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

fn str_of(v: Option<&Value>) -> Option<String> {
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
fn people(v: Option<&Value>) -> Vec<String> {
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

fn walk_ld(v: &Value, out: &mut JsonLd, depth: usize) {
    if depth > 8 {
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
                if out.types.len() < MAX_LD_TYPES && t.len() <= 64 {
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
fn walk_types(v: &Value, out: &mut JsonLd, depth: usize) {
    if depth > 8 || out.types.len() >= MAX_LD_TYPES {
        return;
    }
    match v {
        Value::Array(a) => a.iter().for_each(|x| walk_types(x, out, depth + 1)),
        Value::Object(o) => {
            match o.get("@type") {
                Some(Value::String(t)) if t.len() <= 64 => out.types.push(t.clone()),
                Some(Value::Array(a)) => {
                    for t in a.iter().filter_map(Value::as_str).filter(|t| t.len() <= 64) {
                        if out.types.len() < MAX_LD_TYPES {
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

fn parse_json_ld(scripts: &[String]) -> JsonLd {
    let mut out = JsonLd::default();
    for s in scripts {
        let s = s.trim().trim_start_matches("<!--").trim_end_matches("-->");
        if let Ok(v) = serde_json::from_str::<Value>(s) {
            walk_ld(&v, &mut out, 0);
        }
    }
    out
}

fn meta<'a>(m: &'a PageMeta, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| {
        m.metas
            .iter()
            .find(|(name, _)| name == k)
            .map(|(_, v)| v.as_str())
    })
}

/// Gathers the facts of a page.
pub(crate) fn facts(m: &PageMeta, blocks: &[RawBlock], opts: &Options) -> PageFacts {
    let ld = parse_json_ld(&m.json_ld);
    let og_title =
        meta(m, &["og:title", "twitter:title", "dc.title", "headline"]).map(str::to_string);
    let site_name = meta(m, &["og:site_name", "application-name", "twitter:site"])
        .map(str::to_string)
        .or_else(|| ld.publisher.clone())
        .filter(|s| !s.starts_with('@') || s.len() > 1)
        .map(|s| s.trim_start_matches('@').to_string());
    // Titles written for other readers (a share card, a newsletter, an analytics feed):
    // quotes of the headline as displayed, never a title on their own.
    let other_titles: Vec<&str> = ["twitter:title", "sailthru.title", "parsely-title"]
        .iter()
        .filter_map(|k| meta(m, &[k]))
        .collect();
    let mut title = pick_title(
        TitleRefs {
            doc: m.title.as_deref(),
            og: og_title.as_deref(),
            ld: ld.headline.as_deref(),
            others: &other_titles,
        },
        site_name.as_deref(),
        blocks,
    );
    let mut title_readings = Vec::new();
    if opts.repair_readings {
        if let Some(t) = title.as_mut() {
            if let Some(fixed) = repair::flattened_readings(t, &mut title_readings) {
                *t = fixed;
            }
        }
    }

    let (published, published_raw) = pick_date(m, &ld, blocks);

    let lines = line_facts(blocks);
    let authors = authors::pick(
        &ld.authors,
        &m.bylines,
        meta_author(m),
        (&lines.authors, lines.authors_at),
        &[
            site_name.as_deref(),
            ld.publisher.as_deref(),
            meta(m, &["copyright", "dc.rights"]),
        ],
        &|name| blocks.iter().any(|b| b.text.contains(name)),
    );

    let lang = m
        .html_lang
        .clone()
        .or_else(|| {
            meta(
                m,
                &["content-language", "og:locale", "language", "dc.language"],
            )
            .map(str::to_string)
        })
        .or(ld.lang.clone())
        .and_then(|l| normalize_lang(&l));

    let request = opts
        .url
        .as_deref()
        .and_then(|u| url::Url::parse(u.trim()).ok());
    let url = m
        .canonical
        .clone()
        .or_else(|| meta(m, &["og:url", "twitter:url"]).map(str::to_string))
        .and_then(|u| web_url(&u, request.as_ref()))
        // The caller's own address counts only as an absolute http(s) one (a warning says
        // so otherwise).
        .or_else(|| opts.url.as_deref().and_then(|u| absolute_url(u, None)));

    let base = base_url(m, opts);
    PageFacts {
        title,
        authors,
        published,
        published_raw,
        source: lines.source,
        editor: lines.editor,
        site_name,
        url,
        lang,
        description: meta(m, &["description", "og:description", "twitter:description"])
            .map(str::to_string)
            .or(ld.description),
        // `og:image:secure_url` is the share image over HTTPS: the address a page served
        // over HTTPS (and any client) can show without mixed content.
        image: meta(m, &["og:image:secure_url"])
            .filter(|u| u.trim_start().starts_with("https://"))
            .or_else(|| {
                meta(
                    m,
                    &[
                        "og:image",
                        "og:image:url",
                        "og:image:secure_url",
                        "twitter:image",
                        "twitter:image:src",
                    ],
                )
            })
            .and_then(|u| web_url(u, base.as_ref()))
            .or_else(|| ld.image.and_then(|u| web_url(&u, base.as_ref()))),
        article_body: ld.body,
        title_readings,
        base,
        ld_types: ld.types,
    }
}

/// What relative addresses of the page resolve against: its `<base href>` (itself made
/// absolute against what follows), else the request's `url`, else the canonical URL; only
/// an `http`/`https` address.
pub(crate) fn base_url(m: &PageMeta, opts: &Options) -> Option<url::Url> {
    let web = |u: url::Url| matches!(u.scheme(), "http" | "https").then_some(u);
    let absolute = |u: &str| url::Url::parse(u.trim()).ok().and_then(web);
    let page = opts
        .url
        .as_deref()
        .and_then(absolute)
        .or_else(|| m.canonical.as_deref().and_then(absolute));
    let base = m.base_href.as_deref().and_then(|b| match &page {
        Some(p) => p.join(b.trim()).ok().and_then(web),
        None => absolute(b),
    });
    base.or(page)
}

/// `u` made absolute against `base`: `None` unless the result is `http`/`https`.
pub(crate) fn absolute_url(u: &str, base: Option<&url::Url>) -> Option<String> {
    let u = u.trim();
    let parsed = match base {
        Some(b) => b.join(u),
        None => url::Url::parse(u),
    };
    parsed
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .map(String::from)
}

/// The author a `<meta>` tag names.
fn meta_author(m: &PageMeta) -> Option<&str> {
    const KEYS: [&str; 7] = [
        "author",
        "article:author",
        "dc.creator",
        "byl",
        "sailthru.author",
        "parsely-author",
        "citation_author",
    ];
    meta(m, &KEYS)
}

/// `u` as an absolute `http`/`https` URL, resolved against `base` (the page's address)
/// when it is relative; `None` for any other scheme (`javascript:`, `data:`, `file:`) or
/// a value that is no URL. A relative reference with no base to resolve it against is
/// kept as it is: it names a place on the page's own site, nothing else.
fn web_url(u: &str, base: Option<&url::Url>) -> Option<String> {
    let u = u.trim();
    let relative = || {
        matches!(
            url::Url::parse(u),
            Err(url::ParseError::RelativeUrlWithoutBase)
        )
    };
    if base.is_none() && !u.is_empty() && relative() {
        return Some(u.to_string());
    }
    absolute_url(u, base)
}

fn normalize_lang(l: &str) -> Option<String> {
    let l = l.trim().replace('_', "-");
    let first = l.split([',', ';', ' ']).next()?.trim();
    if first.is_empty()
        || first.len() > 35
        || !first.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return None;
    }
    let mut parts = first.split('-');
    let primary = parts.next()?.to_ascii_lowercase();
    let mut out = primary;
    for p in parts {
        out.push('-');
        if p.len() == 2 {
            out.push_str(&p.to_ascii_uppercase());
        } else if p.len() == 4 {
            let mut cs = p.chars();
            if let Some(c) = cs.next() {
                out.push(c.to_ascii_uppercase());
                out.push_str(&cs.as_str().to_ascii_lowercase());
            }
        } else {
            out.push_str(p);
        }
    }
    Some(out)
}

fn title_separators() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\s+[-|–—:»·•]\s+|\s*[|｜_]\s*|\s+::\s+|--").unwrap_or_else(|_| dates::never())
    })
}

/// `<title>` without the site's suffix or prefix: the longest part between separators,
/// leaving out the part that is the site's name, unless what is left is less than half
/// as long as it (then the "site name" is likely the page's own title, misconfigured).
pub(crate) fn clean_title(t: &str, site: Option<&str>) -> String {
    let (longest, not_site) = title_parts(t, site);
    match not_site {
        Some(p) if title_len(&p) * 2 >= title_len(&longest) => p,
        _ => longest,
    }
}

/// `t` with a hyphen between CJK characters spaced as a separator: it separates there,
/// as " - " does in Latin titles.
fn spaced_title(t: &str) -> String {
    let mut spaced = String::with_capacity(t.len());
    let chars: Vec<char> = t.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let cjk_around = i > 0
            && chars.get(i - 1).is_some_and(|&p| is_cjk(p))
            && chars.get(i + 1).is_some_and(|&n| is_cjk(n) || n == '-');
        if c == '-' && cjk_around {
            spaced.push_str(" - ");
        } else {
            spaced.push(c);
        }
    }
    spaced
}

/// The parts of a [`spaced_title`] between separators, trimmed, empty ones left out.
fn title_split(spaced: &str) -> Vec<&str> {
    title_separators()
        .split(spaced)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// The longest part of `t` between separators, and the longest that is not `site`.
fn title_parts(t: &str, site: Option<&str>) -> (String, Option<String>) {
    let spaced = spaced_title(t);
    let t = spaced.as_str();
    let parts = title_split(t);
    if parts.len() <= 1 {
        return (t.trim().to_string(), None);
    }
    let longest = |ps: &mut dyn Iterator<Item = &&str>| -> Option<String> {
        let mut best: Option<&str> = None;
        for p in ps {
            if best.is_none_or(|b| title_len(p) > title_len(b)) {
                best = Some(p);
            }
        }
        best.map(str::to_string)
    };
    let all = longest(&mut parts.iter()).unwrap_or_default();
    let site = site.map(loose);
    let not_site = site.and_then(|site| longest(&mut parts.iter().filter(|p| loose(p) != site)));
    (all, not_site)
}

/// Length for comparing title parts: a CJK character counts two.
fn title_len(s: &str) -> usize {
    s.chars().map(|c| if is_cjk(c) { 2 } else { 1 }).sum()
}

/// Lowercased text without whitespace (CJK titles gain or lose spaces between copies) or
/// dots (`...` and `…`, `U.S.`), with plain quotes and dashes for typographic ones
/// (`<title>` often writes `It's` where the headline shows `It’s`).
fn loose(s: &str) -> String {
    s.chars()
        .filter(|&c| !loose_drops(c))
        .map(plain_typography)
        .flat_map(char::to_lowercase)
        .collect()
}

/// The characters [`loose`] leaves out.
fn loose_drops(c: char) -> bool {
    c.is_whitespace() || matches!(c, '.' | '…')
}

/// The plain character a typographic quote or dash stands for.
fn plain_typography(c: char) -> char {
    match c {
        '‘' | '’' | '‚' | '‛' | '′' => '\'',
        '“' | '”' | '„' | '‟' | '″' => '"',
        '‐' | '‑' | '‒' | '–' | '—' | '―' => '-',
        c => c,
    }
}

/// The titles a page states for its article.
#[derive(Default)]
struct TitleRefs<'a> {
    /// `<title>`.
    doc: Option<&'a str>,
    /// `og:title` (or `twitter:title`, `dc.title`, `headline` where it is missing).
    og: Option<&'a str>,
    /// JSON-LD's headline.
    ld: Option<&'a str>,
    /// Other metas' titles: quotes of the headline only.
    others: &'a [&'a str],
}

/// Joins a line of a headline set over several lines to the lines before it: with a
/// space, except between two CJK characters.
fn join_title_line(text: &mut String, line: &str) {
    let cjk_seam =
        text.chars().last().is_some_and(is_cjk) && line.chars().next().is_some_and(is_cjk);
    if !cjk_seam {
        text.push(' ');
    }
    text.push_str(line);
}

/// The headline: a line of the page that `<title>`, `og:title`, JSON-LD's headline or
/// another title meta quote (as displayed, with its typography), else the best of those
/// without the site's name.
fn pick_title(titles: TitleRefs, site: Option<&str>, blocks: &[RawBlock]) -> Option<String> {
    let TitleRefs {
        doc,
        og,
        ld,
        others,
    } = titles;
    struct Ref {
        loose: String,
        /// Length of the part that is not the site's name.
        clean_len: usize,
        /// The parts between separators.
        parts: Vec<String>,
    }
    // `<title>`'s parts are the site's sections and name; the other titles are written
    // for the article, and their parts are its own.
    let titles = doc
        .map(|d| (d, false))
        .into_iter()
        .chain([og, ld].into_iter().flatten().map(|s| (s, true)))
        .chain(others.iter().map(|&s| (s, true)));
    let refs: Vec<Ref> = titles
        .map(|(s, article_own)| {
            // A line quoted by the title, other than the site's name, may be as short as
            // the part that is not the site's name.
            let (longest, not_site) = title_parts(s, site);
            Ref {
                loose: loose(s),
                clean_len: loose(&not_site.unwrap_or(longest)).chars().count(),
                parts: if article_own {
                    title_split(&spaced_title(s))
                        .into_iter()
                        .map(loose)
                        .collect()
                } else {
                    Vec::new()
                },
            }
        })
        .collect();
    let site_key = site.map(loose);
    // A line of the page that the <title>/og:title quotes is the headline as displayed:
    // a heading ranks first (h1 best), then the longest quoted line.
    let mut best: Option<(String, (u32, u32))> = None;
    let longest_ref = refs
        .iter()
        .map(|r| r.loose.chars().count())
        .max()
        .unwrap_or(0);
    let in_a_ref = |k: &str| refs.iter().any(|r| r.loose.contains(k));
    // Quoted: at least half of a title without the site's name, or an unlinked `<h1>`
    // that is one whole part of an article's title (`Artist – Song` over a page whose
    // `<h1>` is the song; a logo's `<h1>` links home).
    let quoted = |k: &str, own_h1: bool| {
        let klen = k.chars().count();
        refs.iter().any(|r| {
            r.loose.contains(k)
                && (klen * 2 >= r.clean_len || (own_h1 && r.parts.iter().any(|p| p == k)))
        })
    };
    for (i, b) in blocks.iter().enumerate().take(600) {
        if b.m.chars < 4 || b.m.chars > 200 {
            continue;
        }
        let heading = b.kind == BlockKind::Heading;
        if !heading && b.link_chars * 2 > b.m.chars {
            continue;
        }
        // `loose` drops some characters and lowercases each other one into one or more:
        // a line with more non-space characters than the longest reference is not in it.
        if b.text.chars().filter(|&c| !loose_drops(c)).count() > longest_ref {
            continue;
        }
        let k = loose(&b.text);
        // The site's name in a heading (a blog's name over its posts) is not the headline.
        if site_key.as_deref() == Some(k.as_str()) {
            continue;
        }
        if !in_a_ref(&k) {
            continue;
        }
        let h1 = heading && b.level == Some(1);
        let own_h1 = h1 && b.link_chars == 0;
        let rank = if h1 {
            3
        } else if heading {
            2
        } else {
            1
        };
        let mut consider = |text: String, k: &str, len: usize| {
            let key = (rank, len as u32);
            if quoted(k, own_h1) && best.as_ref().is_none_or(|(_, r)| key > *r) {
                best = Some((text, key));
            }
        };
        consider(b.text.clone(), &k, k.chars().count());
        // A headline set over several lines (`<br>` between its parts) is the lines
        // together.
        let lines: Vec<&RawBlock> = blocks
            .iter()
            .skip(i + 1)
            .take(TITLE_LINES - 1)
            .take_while(|n| n.node == b.node && n.kind == b.kind && n.m.chars <= 200)
            .collect();
        let starts_its_element = i == 0 || blocks.get(i - 1).is_some_and(|p| p.node != b.node);
        let (mut text, mut k) = (b.text.clone(), k);
        for (j, next) in lines.iter().enumerate() {
            let mut longer = text.clone();
            join_title_line(&mut longer, &next.text);
            let longer_k = k.clone() + &loose(&next.text);
            if !in_a_ref(&longer_k) {
                // A heading whose first lines the title quotes goes on with a subtitle
                // that the title leaves out: the heading's own lines are its headline.
                if heading && starts_its_element && j >= 1 {
                    for rest in lines.iter().skip(j) {
                        join_title_line(&mut text, &rest.text);
                    }
                    let len = loose(&text).chars().count();
                    if text.chars().count() <= 200 {
                        consider(text, &k, len);
                    }
                }
                break;
            }
            (text, k) = (longer, longer_k);
            consider(text.clone(), &k, k.chars().count());
        }
    }
    if let Some((text, _)) = best {
        return Some(text);
    }
    // A page with one `<h1>` shows its headline there, even when the <title> and og:title
    // carry another wording (written for search engines and shares). A headline has its
    // article after it: an `<h1>` with less than a quarter of the page's text after it is
    // a widget's (a translation box's "Original text" at the end of the page).
    let mut h1s = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.kind == BlockKind::Heading && b.level == Some(1));
    if let (Some((at, h1)), None) = (h1s.next(), h1s.next()) {
        let k = loose(&h1.text);
        let chars = |bs: &[RawBlock]| bs.iter().map(|b| u64::from(b.m.chars)).sum::<u64>();
        let after = chars(blocks.get(at + 1..).unwrap_or_default());
        let plausible = (10..=200).contains(&h1.m.chars)
            && h1.link_chars * 2 <= h1.m.chars
            && after * 4 >= chars(blocks)
            && site_key.as_deref() != Some(k.as_str());
        if plausible && (og.is_some() || ld.is_some() || doc.is_some()) {
            return Some(h1.text.clone());
        }
    }
    if let Some(t) = og.or(ld) {
        return Some(clean_title(t, site));
    }
    if let Some(t) = doc {
        return Some(clean_title(t, site));
    }
    blocks
        .iter()
        .find(|b| b.kind == BlockKind::Heading && b.level == Some(1))
        .map(|b| b.text.clone())
}

/// How many lines one headline may be set over.
const TITLE_LINES: usize = 4;

fn pick_date(m: &PageMeta, ld: &JsonLd, blocks: &[RawBlock]) -> (Option<String>, Option<String>) {
    let mut raws: Vec<String> = Vec::new();
    raws.extend(ld.date.clone());
    raws.extend(
        meta(
            m,
            &[
                "article:published_time",
                "og:article:published_time",
                "datepublished",
                "pubdate",
                "publishdate",
                "publish-date",
                "publish_date",
                "article.published",
                "parsely-pub-date",
                "sailthru.date",
                "dc.date.issued",
                "dc.date",
                "date",
                "citation_publication_date",
                "weibo:article:create_at",
            ],
        )
        .map(str::to_string),
    );
    raws.extend(m.times.iter().cloned());
    for r in &raws {
        if let Some(d) = dates::normalize(r) {
            return (Some(d), Some(r.clone()));
        }
    }
    match date_line(blocks) {
        Some((raw, iso)) => (Some(iso), Some(raw)),
        None => (None, None),
    }
}

/// Blocks around the headline where its date line stands: a kicker or dateline above it,
/// the byline and date below it.
const DATE_BEFORE_HEADLINE: usize = 3;
const DATE_AFTER_HEADLINE: usize = 12;

/// The date a short line of the page states. Lines beside the headline (the first
/// `<h1>`) come first, nearest first, over dates in menus, comments, related lists and
/// prose elsewhere; among them, and then over the whole page, a line that says it is a
/// date (`Published`, `发布时间`) or gives a time of day wins over a bare date.
fn date_line(blocks: &[RawBlock]) -> Option<(String, String)> {
    let has_year = |t: &str| {
        t.as_bytes()
            .windows(4)
            .any(|w| w.iter().all(u8::is_ascii_digit))
    };
    // The short lines among `at` that hold a date, in the order of `at`.
    let dated = |at: &mut dyn Iterator<Item = usize>| -> Vec<(&RawBlock, dates::Found)> {
        at.filter_map(|i| blocks.get(i))
            .filter(|b| b.m.chars <= 120 && has_year(&b.text))
            .filter_map(|b| Some((b, dates::find(&b.text)?)))
            .collect()
    };
    let labelled = |(b, f): &&(&RawBlock, dates::Found)| {
        f.has_time()
            || [
                "发布",
                "發佈",
                "發布",
                "时间",
                "時間",
                "日期",
                "来源",
                "來源",
                "published",
                "Published",
                "Updated",
                "updated",
                "Posted",
                "posted",
            ]
            .iter()
            .any(|w| b.text.contains(w))
    };
    let pick = |set: Vec<(&RawBlock, dates::Found)>| {
        set.iter()
            .find(labelled)
            .or_else(|| set.first())
            .and_then(|(b, f)| {
                Some((
                    b.text.get(f.start..f.end)?.trim().to_string(),
                    f.iso.clone(),
                ))
            })
    };
    let headline = blocks
        .iter()
        .position(|b| b.kind == BlockKind::Heading && b.level == Some(1));
    if let Some(h) = headline {
        let mut near: Vec<usize> =
            (h.saturating_sub(DATE_BEFORE_HEADLINE)..=h + DATE_AFTER_HEADLINE).collect();
        // Nearest first; below the headline before above it at the same distance.
        near.sort_by_key(|&i| (i.abs_diff(h), i < h));
        if let Some(found) = pick(dated(&mut near.into_iter())) {
            return Some(found);
        }
    }
    pick(dated(&mut (0..blocks.len())))
}

#[derive(Default)]
struct LineFacts {
    authors: Vec<String>,
    /// The block of the line `authors` come from.
    authors_at: Option<usize>,
    source: Option<String>,
    editor: Option<String>,
}

/// The line patterns, in the order of [`LinePattern`].
const LINE_PATTERNS: [&str; 4] = [
    r"(?:本文来源|本文來源|文章来源|文章來源|来源|來源|出处|出處)\s*[:：]\s*([^\s|｜:：]{2,30})",
    r"(?:责任编辑|責任編輯|责编|責編)\s*[:：]\s*([^\s|｜（()）]{1,30})",
    r"(?:作者|文|撰文)\s*[:：]\s*([^\s|｜:：,，。]{2,30})|[（(]\s*记者\s*([\p{Han}]{2,4}(?:\s+[\p{Han}]{2,4})*)\s*[)）]|(?:^|\s)记者[:：]?\s*([\p{Han}]{2,4})(?:\s|$)",
    r"^(?:By|BY|by)\s+([A-Z][\p{L}.'\-]+(?:\s+[A-Z][\p{L}.'\-]+){0,3}(?:\s*(?:,|and|&)\s*[A-Z][\p{L}.'\-]+(?:\s+[A-Z][\p{L}.'\-]+){0,3})*)",
];

#[derive(Clone, Copy)]
enum LinePattern {
    Source,
    Editor,
    ZhAuthor,
    EnAuthor,
}

/// The compiled pattern, compiled on first use: a page that never needs one (an English
/// page and the Chinese line patterns) never pays for it.
fn line_re(which: LinePattern) -> Option<&'static Regex> {
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
const LINE_WORDS: [(&str, u8); 9] = [
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
fn line_kinds(t: &str) -> u8 {
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

fn line_facts(blocks: &[RawBlock]) -> LineFacts {
    let mut f = LineFacts::default();
    for (i, b) in blocks.iter().enumerate().filter(|(_, b)| b.m.chars <= 160) {
        let t = b.text.as_str();
        let kinds = line_kinds(t);
        if f.source.is_none() && kinds & 1 != 0 {
            if let Some(c) = line_re(LinePattern::Source).and_then(|re| re.captures(t)) {
                f.source = c.get(1).map(|m| m.as_str().to_string());
            }
        }
        if f.editor.is_none() && kinds & 2 != 0 {
            if let Some(c) = line_re(LinePattern::Editor).and_then(|re| re.captures(t)) {
                f.editor = c.get(1).map(|m| m.as_str().to_string());
            }
        }
        let zh_byline = kinds & 4 != 0;
        // (Not a menu's item: `<li><a>By Position</a></li>`, a line that is one link.)
        let en_byline = (t.starts_with("By ") || t.starts_with("by ") || t.starts_with("BY "))
            && b.ctx & ctx::NAV == 0
            && b.link_chars < b.m.chars;
        if f.authors.is_empty() && (zh_byline || en_byline) {
            let zh = zh_byline
                .then(|| line_re(LinePattern::ZhAuthor).and_then(|re| re.captures(t)))
                .flatten();
            if let Some(c) = zh {
                if let Some(m) = c.get(1).or_else(|| c.get(2)).or_else(|| c.get(3)) {
                    f.authors = m.as_str().split_whitespace().map(str::to_string).collect();
                }
            } else if b.m.chars <= 80 {
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

    #[test]
    fn page_and_image_urls_are_web_urls_resolved_against_the_page() {
        let page = url::Url::parse("https://example.com/news/2024/story.html").ok();
        let base = page.as_ref();
        assert_eq!(
            web_url("../img/a.jpg", base).as_deref(),
            Some("https://example.com/news/img/a.jpg")
        );
        assert_eq!(
            web_url("//cdn.example.net/a.jpg", base).as_deref(),
            Some("https://cdn.example.net/a.jpg")
        );
        assert_eq!(web_url("javascript:alert(1)", base), None);
        assert_eq!(web_url(" JavaScript:alert(1)", None), None);
        assert_eq!(web_url("data:image/png;base64,AAAA", None), None);
        assert_eq!(web_url("file:///etc/passwd", base), None);
        assert_eq!(web_url("/img/a.jpg", None).as_deref(), Some("/img/a.jpg"));
        assert_eq!(web_url("http://[bad", None), None);
    }

    fn lines(texts: &[&str]) -> LineFacts {
        let blocks: Vec<RawBlock> = texts
            .iter()
            .map(|t| RawBlock::of(t, BlockKind::Paragraph, None, 0))
            .collect();
        line_facts(&blocks)
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

    #[test]
    fn title_suffix() {
        assert_eq!(
            clean_title("張江科學城黨委成立_上海房產資訊_優樓網", None),
            "張江科學城黨委成立"
        );
        assert_eq!(
            clean_title("A long headline about things | Site", None),
            "A long headline about things"
        );
        assert_eq!(
            clean_title("Covid-19 cases rise", None),
            "Covid-19 cases rise"
        );
        // The site's name is not the title...
        assert_eq!(
            clean_title(
                "A headline of the day | The Daily Site",
                Some("The Daily Site")
            ),
            "A headline of the day"
        );
        assert_eq!(
            clean_title("The Daily Site - A headline", Some("The Daily Site")),
            "A headline"
        );
        // ...unless what is left is much shorter: then the "site name" is the title.
        assert_eq!(
            clean_title(
                "Wind farm shares open to citizens | EnBW",
                Some("Wind farm shares open to citizens")
            ),
            "Wind farm shares open to citizens"
        );
        assert_eq!(
            clean_title("法国全国大罢工再次严重影响交通-新华网", None),
            "法国全国大罢工再次严重影响交通"
        );
    }

    #[test]
    fn the_headline_as_displayed_despite_typography() {
        let block = |text: &str, level| RawBlock::of(text, BlockKind::Heading, Some(level), 0);
        let blocks = [
            block("Site menu", 2),
            block("Box Office: It’s Good to Be ‘Peculiar’ — Again", 1),
        ];
        let title = pick_title(
            TitleRefs {
                doc: Some("Box Office: It's Good to Be 'Peculiar' - Again | Fandom"),
                ..TitleRefs::default()
            },
            None,
            &blocks,
        );
        assert_eq!(
            title.as_deref(),
            Some("Box Office: It’s Good to Be ‘Peculiar’ — Again")
        );
        // A blog's name in an <h1> over the post's is the site, not the headline.
        let blocks = [block("Life, the Master and I", 1), block("Fog.", 1)];
        let title = pick_title(
            TitleRefs {
                doc: Some("Fog. | Life, the Master and I"),
                ..TitleRefs::default()
            },
            Some("Life, the Master and I"),
            &blocks,
        );
        assert_eq!(title.as_deref(), Some("Fog."));
    }

    #[test]
    fn langs() {
        assert_eq!(normalize_lang("zh_cn").as_deref(), Some("zh-CN"));
        assert_eq!(normalize_lang("zh-hant-tw").as_deref(), Some("zh-Hant-TW"));
    }
}
