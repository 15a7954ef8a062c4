//! Metadata: title, date, authors, source, editor, site, language, URL, description, image.
//!
//! Sources in order of trust: JSON-LD, `<meta>` tags, `<time>`, then lines of the page
//! such as `发布时间：2021-04-22 10:31`, `来源：新华网`, `责任编辑：张三` or `By Jane Doe`.

mod authors;
mod credits;
mod dates;
mod jsonld;
mod lines;
mod params;
mod published;
mod title;

pub(crate) use dates::update_label;

use crate::options::Options;
use crate::pipeline::lang::normalize_lang;
use crate::pipeline::page::{PageMeta, RawBlock};
use crate::pipeline::repair;
use crate::pipeline::urls::{absolute_url, base_url, web_url};
use jsonld::{parse_json_ld, JsonLd};
use lines::line_facts;
use published::pick_date;
use title::{pick_title, TitleRefs};

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
    let site_name = site_name_of(m, &ld);
    let (title, title_readings) = title_of(m, &ld, site_name.as_deref(), blocks, opts);
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
    let lang = lang_of(m, &ld);
    let url = url_of(m, opts);
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
        image: image_of(m, ld.image, base.as_ref()),
        article_body: ld.body,
        title_readings,
        base,
        ld_types: ld.types,
    }
}

/// The site's name: `og:site_name` and its kin, else JSON-LD's publisher; a bare `@`
/// handle's sign dropped.
fn site_name_of(m: &PageMeta, ld: &JsonLd) -> Option<String> {
    meta(m, &["og:site_name", "application-name", "twitter:site"])
        .map(str::to_string)
        .or_else(|| ld.publisher.clone())
        .filter(|s| !s.starts_with('@') || s.len() > 1)
        .map(|s| s.trim_start_matches('@').to_string())
}

/// The title (see [`pick_title`]), and the flattened readings taken out of it when
/// `repair_readings` asks.
fn title_of(
    m: &PageMeta,
    ld: &JsonLd,
    site_name: Option<&str>,
    blocks: &[RawBlock],
    opts: &Options,
) -> (Option<String>, Vec<String>) {
    let og_title =
        meta(m, &["og:title", "twitter:title", "dc.title", "headline"]).map(str::to_string);
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
        site_name,
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
    (title, title_readings)
}

/// The page's language: `<html lang>`, the language metas, else JSON-LD's.
fn lang_of(m: &PageMeta, ld: &JsonLd) -> Option<String> {
    m.html_lang
        .clone()
        .or_else(|| {
            meta(
                m,
                &["content-language", "og:locale", "language", "dc.language"],
            )
            .map(str::to_string)
        })
        .or(ld.lang.clone())
        .and_then(|l| normalize_lang(&l))
}

/// The page's address: its canonical URL or `og:url` (resolved against the caller's
/// `url`), else the caller's own.
fn url_of(m: &PageMeta, opts: &Options) -> Option<String> {
    let request = opts
        .url
        .as_deref()
        .and_then(|u| url::Url::parse(u.trim()).ok());
    m.canonical
        .clone()
        .or_else(|| meta(m, &["og:url", "twitter:url"]).map(str::to_string))
        .and_then(|u| web_url(&u, request.as_ref()))
        // The caller's own address counts only as an absolute http(s) one (a warning says
        // so otherwise).
        .or_else(|| opts.url.as_deref().and_then(|u| absolute_url(u, None)))
}

/// The share image. `og:image:secure_url` is the share image over HTTPS: the address a
/// page served over HTTPS (and any client) can show without mixed content.
fn image_of(m: &PageMeta, ld_image: Option<String>, base: Option<&url::Url>) -> Option<String> {
    meta(m, &["og:image:secure_url"])
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
        .and_then(|u| web_url(u, base))
        .or_else(|| ld_image.and_then(|u| web_url(&u, base)))
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
