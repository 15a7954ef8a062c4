//! What the collector reads from one element's attributes, in one pass over them.

use super::vocabulary::{byline_value, class_evidence, role_hint, ClassMemo};
use crate::pipeline::evidence;
use crate::pipeline::page::{TimeRole, Trust};
use crate::pipeline::tag::Tag;

#[derive(Default)]
pub(super) struct Attrs {
    pub(super) hidden: bool,
    /// Hidden by an inline `visibility:hidden` only (not `display:none`): how pages hide
    /// themselves until their scripts have run (anti-flicker wrappers), and menus until
    /// hovered.
    pub(super) invisible: bool,
    /// Its class marks text for screen readers only: nobody sees it, unless it is what a
    /// table cell says in words beside an icon (the collector decides).
    pub(super) screen_reader: bool,
    /// An `<a>`'s `href`, as written.
    pub(super) href: Option<String>,
    pub(super) json_ld: bool,
    pub(super) article_body: bool,
    pub(super) ingredients: bool,
    /// `class=caption`, `wp-caption-text`: a picture caption outside `<figcaption>`.
    pub(super) caption: bool,
    /// Class/id/role evidence (block elements only: only they become nodes), within the
    /// scale's bounds.
    pub(super) hint: i32,
    /// `datetime` of `<time>`, or the value of `itemprop=datePublished`/`dateModified`,
    /// with what the markup says it dates.
    pub(super) time: Option<(String, TimeRole)>,
    /// What the class says a date in this element dates (`published`, `updated`).
    time_class: Option<TimeRole>,
    /// How surely the element holds the author's name: `Marked` for `rel=author` and
    /// `itemprop=author`, `Class` for a byline's class or id or a link to a writer's
    /// archive page, `None` for no byline.
    pub(super) byline: Option<Trust>,
    /// An `<a>` to a writer's archive page (see [`author_link`]).
    pub(super) archive: bool,
    /// `role=main`.
    pub(super) main_role: bool,
    /// The class or id names a comment area (see `vocabulary::class_evidence`).
    pub(super) comments: bool,
    /// A chrome word or role of the page's frame (`nav`, `footer`, `role=navigation`).
    pub(super) frame: bool,
    /// The element's tag and class, hashed: siblings built from one template share it.
    pub(super) sig: u32,
    /// What its `itemprop` says of the page's type.
    pub(super) prop: Option<PropKind>,
    /// Its `itemtype`, as written.
    pub(super) itemtype: Option<String>,
    /// A part of a page streamed by React (see [`Streamed`]).
    pub(super) streamed: Option<Streamed>,
}

/// The two halves of content that React's streaming renderer sends late: a placeholder
/// `<template id="B:0">` where the content goes, and the content itself at the end of the
/// page, in `<div hidden id="S:0">`, which an inline script moves into the placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Streamed {
    /// `id="B:n"`.
    Placeholder(u32),
    /// `id="S:n"`.
    Segment(u32),
}

impl Streamed {
    /// What an `id` value names, if it is one of these.
    fn of(id: &str) -> Option<Streamed> {
        let (kind, n) = id.split_once(':')?;
        let n: u32 = n.parse().ok()?;
        match kind {
            "B" => Some(Streamed::Placeholder(n)),
            "S" => Some(Streamed::Segment(n)),
            _ => None,
        }
    }
}

/// The `itemprop` values that tell a page's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PropKind {
    /// `price`, `priceCurrency`, `lowPrice`.
    Price,
    /// `reviewRating`, `ratingValue`, `aggregateRating`, `reviewCount`.
    Rating,
    /// `upvoteCount`, `answerCount`, `suggestedAnswer`, `acceptedAnswer`, `comment`.
    Answer,
}

/// What an `itemprop` value says of the page's type.
pub(super) fn prop_kind(value: &str) -> Option<PropKind> {
    value.split_ascii_whitespace().find_map(|p| match p {
        "price" | "priceCurrency" | "lowPrice" => Some(PropKind::Price),
        "reviewRating" | "ratingValue" | "aggregateRating" | "reviewCount" => {
            Some(PropKind::Rating)
        }
        "upvoteCount" | "answerCount" | "suggestedAnswer" | "acceptedAnswer" | "comment" => {
            Some(PropKind::Answer)
        }
        _ => None,
    })
}

impl Attrs {
    pub(super) fn read(
        el: &lol_html::html_content::Element,
        tag: Tag,
        name: &str,
        classes: &mut ClassMemo,
    ) -> Attrs {
        let block = tag.is_block();
        let mut a = Attrs {
            sig: if block { signature(name, "") } else { 0 },
            main_role: tag == Tag::Main,
            ..Attrs::default()
        };
        let attributes = el.attributes();
        if attributes.is_empty() {
            return a;
        }
        let (mut date_prop, mut content, mut datetime) = (None, None, None);
        for attr in attributes {
            match attr.name().as_str() {
                "hidden" => a.hidden = true,
                "aria-hidden" => a.hidden |= attr.value().eq_ignore_ascii_case("true"),
                "style" => {
                    let value = attr.value();
                    match hides(&value) {
                        Some(Hidden::Displayed) => a.hidden = true,
                        Some(Hidden::Invisible) => a.invisible = true,
                        None => {}
                    }
                }
                "href" if tag == Tag::A => a.href = Some(attr.value()),
                "type" if tag == Tag::Script => {
                    a.json_ld = attr.value().eq_ignore_ascii_case("application/ld+json");
                }
                "itemprop" if tag != Tag::Script => {
                    date_prop = a.itemprop(&attr.value()).or(date_prop);
                }
                "pubdate" if name == "time" => a.time_class = Some(TimeRole::Published),
                "itemtype" => a.itemtype = Some(attr.value()),
                "rel"
                    if attr
                        .value()
                        .split_ascii_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("author")) =>
                {
                    a.byline = Some(Trust::Marked);
                }
                "content" => content = Some(attr.value()),
                "datetime" => datetime = Some(attr.value()),
                "role" if block => {
                    let role = attr.value();
                    a.main_role |= role == "main";
                    let hint = role_hint(&role);
                    a.frame |= hint < 0;
                    a.hint += hint;
                }
                "class" => a.class(attr.value(), block, name, classes),
                "id" => a.id(&attr.value(), block),
                _ => {}
            }
        }
        a.settle(tag, name, date_prop, content, datetime);
        a
    }

    /// An `itemprop` value: the article's body, ingredients, an author, the kind of
    /// property; the date it is (`datePublished`, `dateModified`), if one.
    fn itemprop(&mut self, value: &str) -> Option<TimeRole> {
        let mut date = None;
        match value {
            "articleBody" => self.article_body = true,
            "recipeIngredient" | "ingredients" => self.ingredients = true,
            "datePublished" => date = Some(TimeRole::Published),
            "dateModified" => date = Some(TimeRole::Modified),
            v if v.split_ascii_whitespace().any(|p| p == "author") => {
                self.byline = Some(Trust::Marked)
            }
            _ => {}
        }
        self.prop = prop_kind(value);
        date
    }

    /// A `class` value: the block's template signature, the class words' evidence and
    /// facts (hidden, ingredients, caption, byline).
    fn class(&mut self, value: String, block: bool, name: &str, classes: &mut ClassMemo) {
        if block {
            self.sig = signature(name, &value);
        }
        let (facts, ev) = classes.get(value, block);
        self.hint += ev.hint;
        self.comments |= ev.comments;
        self.frame |= ev.frame;
        self.hidden |= facts.hides;
        self.screen_reader |= facts.screen_reader;
        self.ingredients |= facts.ingredients;
        self.caption |= facts.caption;
        if facts.byline {
            self.byline = self.byline.max(Some(Trust::Class));
        }
        if facts.time.is_some() && self.time_class.is_none() {
            self.time_class = facts.time;
        }
    }

    /// An `id` value: a streamed segment or placeholder, its words' evidence on a block,
    /// a byline.
    fn id(&mut self, value: &str, block: bool) {
        self.streamed = Streamed::of(value);
        if block {
            let ev = class_evidence(value);
            self.hint += ev.hint;
            self.comments |= ev.comments;
            self.frame |= ev.frame;
        }
        if byline_value(value) {
            self.byline = self.byline.max(Some(Trust::Class));
        }
    }

    /// What the attributes say together, once all are read.
    fn settle(
        &mut self,
        tag: Tag,
        name: &str,
        date_prop: Option<TimeRole>,
        content: Option<String>,
        datetime: Option<String>,
    ) {
        let a = self;
        // A streamed segment is hidden only until its script moves it into place: a browser
        // shows it (where its placeholder stands).
        if matches!(a.streamed, Some(Streamed::Segment(_))) {
            a.hidden = false;
        }
        // A link to the writer's archive page (`/author/jane-doe/`) is a byline, as
        // surely as a byline's class: its text is the writer's name.
        a.archive = a.href.as_deref().is_some_and(author_link);
        if a.archive {
            a.byline = a.byline.max(Some(Trust::Class));
        }
        if let Some(role) = date_prop {
            a.time = content.or(datetime).map(|v| (v, role));
        } else if name == "time" {
            a.time = datetime.map(|v| (v, a.time_class.unwrap_or_default()));
        }
        // `<body class="… sidebar_on f_ad …">` describes the page (its template, feature
        // flags), not a region of it: no chrome or article evidence.
        a.hint = if matches!(tag, Tag::Body | Tag::Html) {
            0
        } else {
            a.hint.clamp(-evidence::MAX, evidence::MAX)
        };
    }
}

/// Whether `href` leads to a writer's archive page: a path segment that names writers
/// (`author`, `authors`, `autor`, `auteur`, `editors`, `by`...) followed by one that
/// names a person (`jane-doe`, `jdoe`: letters, `-`, `_` or `.`, no digits), as its last
/// segment; or a query `author=` with a value. `/author/` alone (the list of all
/// writers), `/authors/2/` or `/staff/jobs/2024` are not.
fn author_link(href: &str) -> bool {
    const WRITERS: [&str; 15] = [
        "author",
        "authors",
        "autor",
        "autoren",
        "auteur",
        "auteurs",
        "autore",
        "autori",
        "by",
        "writers",
        "editors",
        "reporters",
        "columnists",
        "contributors",
        "staff",
    ];
    let href = href.trim();
    let (path, query) = match href.split_once('?') {
        Some((p, q)) => (p, q.split('#').next().unwrap_or_default()),
        None => (href.split('#').next().unwrap_or_default(), ""),
    };
    if query.split('&').any(|kv| {
        kv.split_once('=')
            .is_some_and(|(k, v)| k.eq_ignore_ascii_case("author") && !v.is_empty())
    }) {
        return true;
    }
    // Past `scheme://host`, if any.
    let path = match path.split_once("://") {
        Some((_, rest)) => rest.split_once('/').map_or("", |(_, p)| p),
        None => path,
    };
    // The last two segments, read from the end (no list of them: this runs per link).
    let mut segments = path.rsplit('/').filter(|s| !s.is_empty());
    let (Some(person), Some(writers)) = (segments.next(), segments.next()) else {
        return false;
    };
    // The cheap test first; a slug of more than 100 bytes names no person.
    WRITERS.iter().any(|w| writers.eq_ignore_ascii_case(w))
        && (3..=100).contains(&person.len())
        && person.chars().any(char::is_alphabetic)
        && person
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '_' | '.' | '%'))
        && !person.contains(".htm")
        && !person.contains(".php")
}

/// The signature of an element: its tag name and class value, hashed (with a fixed seed:
/// the same page gives the same signatures on every run).
fn signature(name: &str, class: &str) -> u32 {
    use std::hash::BuildHasher;
    let h = foldhash::fast::FixedState::with_seed(0x9e37_79b9).hash_one((name, class));
    (h >> 32) as u32
}

/// Inline styles that hide an element.
fn hides(style: &str) -> Option<Hidden> {
    let s: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    if s.contains("display:none") {
        Some(Hidden::Displayed)
    } else if s.contains("visibility:hidden") {
        Some(Hidden::Invisible)
    } else {
        None
    }
}

/// How an inline style hides an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hidden {
    /// `display:none`.
    Displayed,
    /// `visibility:hidden`.
    Invisible,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writers_archive_links() {
        for yes in [
            "https://example.com/author/jane-doe/",
            "/authors/jdoe",
            "https://example.com/about/editors/jon-fingas/",
            "/by/marc-santora",
            "/blog/?author=12",
            "https://example.de/autor/max.mustermann",
        ] {
            assert!(author_link(yes), "{yes}");
        }
        let long = format!("/author/{}", "a".repeat(101));
        for no in [
            "https://example.com/author/",
            "/authors/2/",
            "/staff/jobs/2024",
            "/news/by-the-numbers",
            "/author/jane-doe/page/2",
            long.as_str(),
            "/2024/05/story-by-jane.html",
            "https://author.example.com/",
            "/?author=",
        ] {
            assert!(!author_link(no), "{no}");
        }
    }

    #[test]
    fn hidden_styles() {
        assert_eq!(hides("color: red; DISPLAY : none"), Some(Hidden::Displayed));
        assert_eq!(hides("visibility: hidden"), Some(Hidden::Invisible));
        assert_eq!(hides("display:block"), None);
    }
}
