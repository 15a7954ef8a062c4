//! The assemble stage: the verdicts turned into the article's blocks and removal record,
//! and, after polishing, the [`Article`] itself.

use std::collections::HashMap;

use crate::article::{Article, Block, Image, Link, PageType, Reading, Removal, SpanKind, Stats};
use crate::options::Options;
use crate::pipeline::cards::Cards;
use crate::pipeline::metadata::PageFacts;
use crate::pipeline::page::{NodeId, Page, ROOT};
use crate::pipeline::polish::TextReport;
use crate::pipeline::select::Verdict;
use crate::pipeline::structure;
use crate::pipeline::text::prefix_chars;
use crate::pipeline::urls::absolute_url;
use crate::render::documents;

/// Characters of a removed block's text kept in `removed`.
const REMOVED_TEXT_CHARS: usize = 80;

/// A page's blocks split by their verdicts.
pub(crate) struct Body<'p> {
    /// The article's blocks, in page order.
    pub(crate) kept: Vec<Block>,
    /// The page block index of each kept block.
    pub(crate) kept_index: Vec<usize>,
    /// Every removed block with its rule and reason (with `explain` only).
    pub(crate) removed: Vec<Removal>,
    pub(crate) blocks_removed: u64,
    /// The readings the collect stage removed from the kept blocks (`學(xué)`).
    pub(crate) flattened: Vec<&'p str>,
    /// The article's images, addresses as the page wrote them.
    pub(crate) images: Vec<Image>,
    /// The article's lead picture, for a page whose metadata names none.
    pub(crate) lead_image: Option<String>,
}

impl<'p> Body<'p> {
    pub(crate) fn of(
        page: &'p Page,
        verdicts: &[Verdict],
        explain: bool,
        kind: PageType,
    ) -> Body<'p> {
        // On a page of cards or posts, which one each block belongs to.
        let cards = (kind != PageType::Article).then(|| Cards::of(page));
        let mut groups: HashMap<NodeId, u32> = HashMap::new();
        let mut body = Body {
            kept: Vec::new(),
            kept_index: Vec::new(),
            removed: Vec::new(),
            blocks_removed: 0,
            flattened: Vec::new(),
            images: Vec::new(),
            lead_image: None,
        };
        for (i, (b, verdict)) in page.blocks.iter().zip(verdicts).enumerate() {
            match verdict.reason() {
                None => {
                    body.kept.push(Block {
                        kind: b.kind,
                        text: b.text.clone(),
                        level: b.level,
                        list: None,
                        cell: None,
                        spans: b.spans().to_vec(),
                        contents: matches!(verdict, Verdict::Contents),
                        group: cards
                            .as_ref()
                            .and_then(|c| c.card_of(page, b.node, ROOT))
                            .map(|card| {
                                let next = groups.len() as u32 + 1;
                                *groups.entry(card).or_insert(next)
                            }),
                    });
                    body.kept_index.push(i);
                    body.flattened
                        .extend(b.readings_removed().iter().map(String::as_str));
                }
                Some(reason) => {
                    body.blocks_removed += 1;
                    if explain {
                        body.removed.push(Removal {
                            rule: reason.name().to_string(),
                            reason: reason.explanation().to_string(),
                            text: prefix_chars(&b.text, REMOVED_TEXT_CHARS),
                            chars: b.m.chars as usize,
                            at: Some(body.kept.len() as u32),
                        });
                    }
                }
            }
        }
        for (b, (list, cell)) in body
            .kept
            .iter_mut()
            .zip(structure::places(page, &body.kept_index))
        {
            b.list = list;
            b.cell = cell;
        }
        (body.images, body.lead_image) = structure::images(page, &body.kept_index);
        body
    }

    /// Puts a fallback's blocks in place of the kept ones: the removed blocks no longer
    /// stand between them.
    pub(crate) fn replace_kept(&mut self, blocks: Vec<Block>) {
        self.kept = blocks;
        for r in &mut self.removed {
            r.at = None;
        }
    }

    /// Characters of the kept text.
    pub(crate) fn chars(&self) -> usize {
        self.kept.iter().map(|b| b.text.chars().count()).sum()
    }

    /// The `<ruby>` readings of the kept blocks.
    pub(crate) fn readings_of(&self, readings: Vec<(usize, Reading)>) -> Vec<Reading> {
        readings
            .into_iter()
            .filter(|(i, _)| self.kept_index.binary_search(i).is_ok())
            .map(|(_, r)| r)
            .collect()
    }
}

/// The article from the page's facts and its polished blocks.
#[allow(clippy::too_many_arguments)]
pub(crate) fn article(
    facts: PageFacts,
    mut blocks: Vec<Block>,
    images: Vec<Image>,
    lead_image: Option<String>,
    removed: Option<Vec<Removal>>,
    blocks_removed: u64,
    report: TextReport,
    readings: Option<Vec<Reading>>,
    opts: &Options,
) -> Article {
    let text = report.text;
    let links = resolve_links(&mut blocks, facts.base.as_ref(), opts);
    // A page whose metadata names no image leads with the article's first picture.
    let image = facts
        .image
        .or_else(|| lead_image.and_then(|src| absolute_url(&src, facts.base.as_ref())));
    let images = absolute_images(image.as_deref(), images, facts.base.as_ref());
    let title = facts.title.as_deref().and_then(text_of);
    let (markdown, html) = documents(title.as_deref(), &blocks, opts.format, opts.links);
    let clean = |s: Option<String>| s.map(|s| without_controls(&s));
    let field = |s: Option<String>| s.as_deref().and_then(text_of);
    Article {
        title: field(facts.title),
        authors: facts.authors.iter().filter_map(|a| text_of(a)).collect(),
        published: clean(facts.published),
        published_raw: clean(facts.published_raw),
        source: field(facts.source),
        editor: field(facts.editor),
        site_name: field(facts.site_name),
        url: clean(facts.url),
        lang: report.lang,
        description: field(facts.description),
        image: clean(image),
        stats: Stats {
            text_chars: text.chars().count() as u64,
            blocks_kept: blocks.len() as u64,
            blocks_removed,
            ..Stats::default()
        },
        text,
        blocks,
        html,
        markdown,
        links,
        images,
        removed,
        readings,
        quality: report.quality,
        ..Article::default()
    }
}

/// A metadata value as the article gives it: text only, `None` when nothing is left.
fn text_of(s: &str) -> Option<String> {
    Some(without_markup(&without_controls(s))).filter(|s| !s.is_empty())
}

/// Makes the link spans' addresses absolute against `base` (a link that cannot be made
/// an `http`/`https` address keeps its text and loses its address) and returns the
/// article's links. The blocks keep the spans `opts` asks for: all with `links=true`, all
/// but the links with `format=markdown` alone, none otherwise.
fn resolve_links(blocks: &mut [Block], base: Option<&url::Url>, opts: &Options) -> Vec<Link> {
    let mut links = Vec::new();
    for b in blocks.iter_mut() {
        let mut chars: Option<Vec<char>> = None;
        for s in b.spans.iter_mut().filter(|s| s.kind == SpanKind::Link) {
            s.href = s.href.as_deref().and_then(|h| absolute_url(h, base));
            let Some(href) = &s.href else { continue };
            let chars = chars.get_or_insert_with(|| b.text.chars().collect());
            let text: String = chars
                .get(s.start as usize..s.end as usize)
                .map(|c| c.iter().collect())
                .unwrap_or_default();
            links.push(Link {
                text,
                href: href.clone(),
            });
        }
        if !opts.wants_spans() {
            b.spans.clear();
        } else if !opts.links {
            b.spans.retain(|s| s.kind != SpanKind::Link);
        }
    }
    links
}

/// The article's images with absolute addresses (the others dropped), the lead image
/// first.
fn absolute_images(lead: Option<&str>, images: Vec<Image>, base: Option<&url::Url>) -> Vec<Image> {
    let mut out: Vec<Image> = Vec::with_capacity(images.len() + 1);
    let lead = lead.and_then(|l| absolute_url(l, base));
    let body = images.into_iter().filter_map(|mut im| {
        im.src = absolute_url(&im.src, base)?;
        Some(im)
    });
    let mut body: Vec<Image> = body.collect();
    if let Some(src) = lead {
        // The lead image, with the alt text and caption it has in the body.
        let at = body.iter().position(|im| im.src == src);
        out.push(match at {
            Some(i) => body.remove(i),
            None => Image {
                src,
                alt: None,
                caption: None,
            },
        });
    }
    for im in body {
        if !out.iter().any(|o| o.src == im.src) {
            out.push(im);
        }
    }
    out
}

/// Metadata comes from attributes and JSON-LD, which the text pass never folded: control
/// characters (NUL, escapes, C1) are dropped there too; tabs and newlines become spaces.
fn without_controls(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    s.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// HTML elements whose tags, written into a metadata value (`<meta content="<b>Jane</b>">`,
/// a JSON-LD name holding markup, an escaped `<title>`), are markup, not text. A `<T>` in
/// `Vec<T>` names no element and stays.
const MARKUP_TAGS: [&str; 40] = [
    "a", "abbr", "b", "big", "br", "button", "cite", "code", "del", "dfn", "div", "em", "embed",
    "font", "form", "h1", "h2", "h3", "i", "iframe", "img", "input", "ins", "link", "mark", "meta",
    "object", "p", "q", "s", "script", "small", "span", "strong", "style", "sub", "sup", "svg",
    "u", "video",
];

/// `s` without HTML tags of [`MARKUP_TAGS`] and comments; a `<script>` or `<style>`
/// element goes with its content. Metadata fields hold text: a client that shows them
/// in a page must not meet markup there.
fn without_markup(s: &str) -> String {
    if !s.contains('<') {
        return s.trim().to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('<') {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        if let Some(comment) = from.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |e| &comment[e + 3..]);
            continue;
        }
        let name_of = |t: &str| -> String {
            let t = t.strip_prefix('/').unwrap_or(t);
            t.chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase()
        };
        let inner = &from[1..];
        let name = name_of(inner);
        let after_name = inner
            .trim_start_matches('/')
            .get(name.len()..)
            .and_then(|t| t.chars().next());
        let is_tag = MARKUP_TAGS.contains(&name.as_str())
            && after_name.is_some_and(|c| c == '>' || c == '/' || c.is_whitespace());
        match (is_tag, from.find('>')) {
            (true, Some(end)) => {
                rest = &from[end + 1..];
                if matches!(name.as_str(), "script" | "style") && !inner.starts_with('/') {
                    let close = format!("</{name}");
                    let lower = rest.to_ascii_lowercase();
                    rest = match lower.find(&close) {
                        Some(c) => rest[c..].find('>').map_or("", |e| &rest[c + e + 1..]),
                        None => "",
                    };
                }
            }
            _ => {
                out.push('<');
                rest = inner;
            }
        }
    }
    out.push_str(rest);
    let folded: Vec<&str> = out.split_whitespace().collect();
    folded.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_fields_hold_text_never_markup() {
        assert_eq!(without_markup("<b>Jane</b> <i>Doe</i>"), "Jane Doe");
        assert_eq!(
            without_markup("Title<script>alert(1)</script> here<!-- x -->"),
            "Title here"
        );
        assert_eq!(without_markup("<img src=x onerror=alert(1)>News"), "News");
        assert_eq!(
            without_markup("Vec<T> and a < b > c"),
            "Vec<T> and a < b > c"
        );
        assert_eq!(without_markup("<SCRIPT>x</Script>"), "");
    }

    #[test]
    fn metadata_loses_control_characters() {
        assert_eq!(without_controls("a\u{0}b\tc\u{1b}[1m"), "ab c[1m");
        assert_eq!(without_controls("plain"), "plain");
    }
}
