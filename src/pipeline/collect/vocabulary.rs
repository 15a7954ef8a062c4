//! The class and id vocabulary: which words in an element's names mark article
//! containers, which mark chrome, which hide the element, and which mark captions and
//! ingredient lists. Weights come from the evidence scale (`evidence`).

use crate::pipeline::evidence;
use crate::pipeline::page::TimeRole;

/// [`ClassFacts`] and [`class_hint`] of the class values seen on a page: up to
/// `MAX_CLASSES` values of up to `MAX_CLASS_BYTES` each (at most 1 MiB a page).
#[derive(Default)]
pub(super) struct ClassMemo(foldhash::HashMap<String, (ClassFacts, Option<ClassEvidence>)>);

/// What a class or id value says on the evidence scale (see [`class_evidence`]).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct ClassEvidence {
    /// Article words for, chrome words and comment areas against.
    pub(super) hint: i32,
    /// It names a comment area.
    pub(super) comments: bool,
    /// A chrome word of the page's frame (`nav`, `menu`, `footer`, `sidebar`,
    /// `breadcrumb`, `pagination`, `share`, `cookie`, `login`...), not of a block's kind
    /// (`teaser`, `promo`, `banner`, `cta`, `related`): pages that are made of such blocks
    /// still have a frame.
    pub(super) frame: bool,
}

const MAX_CLASSES: usize = 4096;
const MAX_CLASS_BYTES: usize = 256;

impl ClassMemo {
    /// The facts of a class value, and its hint and whether it names a comment area when
    /// `block` (0 and false otherwise). The value is kept as written: its capitals mark
    /// where the words of `StoryShowShare` start.
    pub(super) fn get(&mut self, value: String, block: bool) -> (ClassFacts, ClassEvidence) {
        if let Some((facts, hint)) = self.0.get_mut(value.as_str()) {
            if block && hint.is_none() {
                *hint = Some(class_evidence(&value));
            }
            return (*facts, hint.filter(|_| block).unwrap_or_default());
        }
        let facts = ClassFacts::of(&value.to_ascii_lowercase());
        let hint = block.then(|| class_evidence(&value));
        if self.0.len() < MAX_CLASSES && value.len() <= MAX_CLASS_BYTES {
            self.0.insert(value, (facts, hint));
        }
        (facts, hint.unwrap_or_default())
    }
}

/// What a lowercased class attribute says beyond chrome/article words, read in one pass
/// over its class names.
#[derive(Debug, Default, PartialEq, Clone, Copy)]
pub(super) struct ClassFacts {
    /// Framework classes that hide the element on screen (`hidden`, Bootstrap's `d-none`),
    /// unless another class shows it again at some screen size (`d-md-block`, `md:block`);
    /// hover cards and tooltips written inline in a sentence.
    pub(super) hides: bool,
    /// Text for screen readers only (see [`screen_reader_only`]), unless another class
    /// shows it (`focus:not-sr-only`).
    pub(super) screen_reader: bool,
    /// A picture caption written outside `<figcaption>` (see [`caption_class`]).
    pub(super) caption: bool,
    /// A recipe's ingredient list (`recipe-ingredients`, `zutaten`).
    pub(super) ingredients: bool,
    /// A byline: the author's name is in it (see [`byline_value`]).
    pub(super) byline: bool,
    /// What a date in the element dates, by its class: `published`, `pubdate`,
    /// `entry-date published updated` the publication; `updated`, `date-modified` an
    /// update (the hAtom and WordPress names).
    pub(super) time: Option<TimeRole>,
}

impl ClassFacts {
    fn of(lower: &str) -> ClassFacts {
        const POPUPS: [&str; 8] = [
            "hovercard",
            "hover-card",
            "tooltiptext",
            "tooltip-text",
            "tooltip-content",
            "popover-content",
            "popover-body",
            "rollover-block",
        ];
        // One pass for the words that make the rest worth looking at (none holds
        // whitespace, so a match in the value is a match in one class name).
        let (mut maybe_popup, mut ingredients) = (false, false);
        let bytes = lower.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            let rest = bytes.get(i..).unwrap_or_default();
            match b {
                b'o' => maybe_popup |= rest.starts_with(b"over"),
                b't' => maybe_popup |= rest.starts_with(b"tooltip"),
                b'i' => ingredients |= rest.starts_with(b"ingredient"),
                b'z' => ingredients |= rest.starts_with(b"zutat"),
                _ => {}
            }
        }
        let mut facts = ClassFacts::default();
        let (mut hidden, mut shown, mut popup, mut screen_reader) = (false, false, false, false);
        for token in lower.split_ascii_whitespace() {
            popup |= maybe_popup
                && (POPUPS.iter().any(|p| token.contains(p))
                    || (token.contains("rollover") && token.ends_with("-block")));
            if token == "hidden" || token == "d-none" {
                hidden = true;
            } else if screen_reader_only(token) {
                screen_reader = true;
            } else if token.contains(':')
                || ["d-sm-", "d-md-", "d-lg-", "d-xl-", "d-xxl-", "visible-"]
                    .iter()
                    .any(|p| token.starts_with(p))
            {
                shown = true;
            }
            facts.caption |= caption_class(token);
        }
        facts.ingredients = ingredients;
        facts.hides = popup || (hidden && !shown);
        facts.screen_reader = screen_reader && !shown;
        facts.byline = byline_value(lower);
        // `entry-date published updated` (WordPress: a post never edited) is published.
        facts.time = if lower.contains("publish") || lower.contains("pubdate") {
            Some(TimeRole::Published)
        } else if lower.contains("updated") || lower.contains("modified") {
            Some(TimeRole::Modified)
        } else {
            None
        };
        facts
    }
}

/// The frameworks' names of text for screen readers only (Bootstrap, Tailwind, WordPress,
/// Drupal, Foundation, HTML5 Boilerplate): clipped to one pixel, so no one sees it. It
/// repeats what the page shows beside it ("$20.00" twice), labels an icon ("Share on
/// Facebook") or names a region ("Post navigation").
fn screen_reader_only(token: &str) -> bool {
    matches!(
        token,
        "sr-only"
            | "sr-only-focusable"
            | "visually-hidden"
            | "visually-hidden-focusable"
            | "visuallyhidden"
            | "u-visually-hidden"
            | "is-visually-hidden"
            | "screen-reader-text"
            | "screen-reader-only"
            | "screenreader-only"
            | "show-for-sr"
            | "element-invisible"
            | "assistive-text"
            | "a11y-hidden"
    )
}

/// Whether a class or id value (any case) names a byline: a word part that starts with
/// `byline` or `author` or ends with `byline` (`byline`, `BylineWrapper-ijzcXT`,
/// `article-cnt__author`, `css-1wkce1i-Byline`, `author-card__details__name`), and no part
/// about what else an author box holds (`author-avatar`, `author-title`, `authorProfile`,
/// `byline__preamble`, `author-bio`).
pub(super) fn byline_value(value: &str) -> bool {
    // Most values name neither: one pass over the bytes, no copy, tells.
    let named = |w: &[u8]| w.eq_ignore_ascii_case(b"byline") || w.eq_ignore_ascii_case(b"author");
    if !value.as_bytes().windows(6).any(named) {
        return false;
    }
    let lower = value.to_ascii_lowercase();
    const OTHER: [&str; 17] = [
        "avatar", "image", "img", "photo", "headshot", "bio", "profile", "title", "desc", "about",
        "social", "follow", "date", "time", "icon", "preamble", "more",
    ];
    let mut named = false;
    for part in lower.split(|c: char| !c.is_ascii_alphanumeric()) {
        if OTHER.iter().any(|o| part.contains(o)) {
            return false;
        }
        named |=
            part.starts_with("byline") || part.starts_with("author") || part.ends_with("byline");
    }
    named
}

/// Class names of picture captions written outside `<figcaption>`: `caption`,
/// `wp-caption-text`, `image-caption`, `caption-full`. Not words inside longer names
/// (`f_caption_muted_videos_on` is a feature flag on `<body>`).
fn caption_class(token: &str) -> bool {
    matches!(
        token,
        "caption" | "figcaption" | "wp-caption" | "wp-caption-text"
    ) || token.starts_with("caption-")
        || token.ends_with("-caption")
        || token.ends_with("__caption")
}

/// Whole class/id words that mark article containers.
fn positive_word(w: &str) -> bool {
    matches!(
        w,
        "article"
            | "articles"
            | "content"
            | "entry"
            | "hentry"
            | "main"
            | "post"
            | "story"
            | "text"
            | "body"
            | "blog"
            | "detail"
            | "details"
            | "news"
            | "zw"
            | "zhengwen"
            | "artibody"
            | "paragraph"
            | "prose"
            | "richtext"
            | "rich"
            | "recipe"
            | "ingredients"
            | "ingredient"
            | "instructions"
            | "zutaten"
            | "zubereitung"
    )
}

/// Whole class/id words that mark page chrome.
fn negative_word(w: &str) -> bool {
    matches!(
        w,
        "comment"
            | "comments"
            | "footer"
            | "foot"
            | "sidebar"
            | "side"
            | "share"
            | "sharing"
            | "social"
            | "related"
            | "recommend"
            | "recommended"
            | "nav"
            | "navbar"
            | "navigation"
            | "menu"
            | "breadcrumb"
            | "breadcrumbs"
            | "banner"
            | "ad"
            | "ads"
            | "advert"
            | "advertisement"
            | "promo"
            | "sponsor"
            | "sponsored"
            | "popup"
            | "modal"
            | "cookie"
            | "cookies"
            | "subscribe"
            | "newsletter"
            | "tags"
            | "tag"
            | "login"
            | "copyright"
            | "pagination"
            | "pager"
            | "toolbar"
            | "masthead"
            | "hot"
            | "rank"
            | "ranking"
            | "links"
            | "outbrain"
            | "taboola"
            | "disqus"
            | "gdpr"
            | "consent"
            | "print"
            | "bio"
            | "byline"
            | "meta"
            | "hidden"
            | "hide"
            | "header"
            | "topbar"
            | "reply"
            | "replies"
            | "rss"
            | "shopping"
            | "follow"
            | "qrcode"
            | "qr"
            | "ewm"
            | "erweima"
            | "weixin"
            | "wechat"
            | "crumb"
            | "crumbs"
            | "teaser"
            | "teasers"
            | "rail"
            | "author"
            | "authors"
            | "autor"
            | "autorin"
            | "autoren"
            | "cta"
            | "notification"
            | "donate"
            | "signature"
            | "signatures"
    )
}

/// Words of a media player's own interface (its control bar, caption-settings menu,
/// "your video will play in" countdown): chrome even inside an embed. `player` alone is
/// not one (`player-2020-416` is a row of a sports table): it counts beside `video`,
/// `audio` or `media` in the same class name (`video-player`, `media-player__controls`).
fn player_word(w: &str) -> bool {
    matches!(
        w,
        "vjs"
            | "jwplayer"
            | "controlbar"
            | "autoplay"
            | "countdown"
            | "videoplayer"
            | "mediaplayer"
    )
}

/// Word parts that count even inside compounds (`commentlist`, `sidebarWidget`,
/// `articleBody`), in three groups: chrome, comment areas, article.
const COMPOUNDS: [&[&str]; 3] = [
    &[
        "sidebar",
        "footer",
        "related",
        "recommend",
        "share",
        "breadcrumb",
        "advert",
        "copyright",
        "newsletter",
        "subscribe",
        "signup",
    ],
    &["comment", "disqus", "reply", "replies", "respond"],
    &[
        "article",
        "content",
        "artibody",
        "post-body",
        "entry-content",
        "story-body",
        "main-text",
    ],
];

/// Words that go before a compound part in one class name (`socialshare`, `postcomments`,
/// `maincontent`, `blogsidebar`).
const BEFORE: [&str; 16] = [
    "social", "post", "article", "entry", "page", "blog", "news", "site", "user", "main", "story",
    "top", "bottom", "left", "right", "global",
];

/// What goes after a compound part in one class name: parts of a widget (`commentlist`,
/// `sharebar`, `sidebarwidget`, `articlebody`) and the endings that keep its sense
/// (`recommendations`; `advertising`, `advertiser` are tested apart).
const AFTER: [&str; 44] = [
    "list",
    "box",
    "bar",
    "area",
    "wrap",
    "wrapper",
    "container",
    "block",
    "section",
    "widget",
    "links",
    "link",
    "button",
    "buttons",
    "btn",
    "tools",
    "icons",
    "icon",
    "count",
    "form",
    "items",
    "item",
    "nav",
    "module",
    "panel",
    "body",
    "text",
    "inner",
    "main",
    "title",
    "header",
    "footer",
    "content",
    "holder",
    "zone",
    "menu",
    "column",
    "page",
    "thread",
    "trail",
    "notice",
    "signup",
    "this",
    "ation",
];

/// Endings that make a chrome part another word: `shared`, `shareholder`, `responsive`,
/// `respondent`, `commentary`, `commentator`. Any other continuation keeps it chrome
/// (`sharebear`, `sidebarright`, `advertiser`).
const OTHER_WORDS: [&str; 7] = ["d", "holder", "ive", "ent", "ary", "ator", "ness"];

/// What, following an article word in one class name, makes it a part of an article's
/// page rather than the article: `articleName`, `articleTopBg`, `contentTitle`,
/// `articleTools`. Anything else keeps it a container (`articleBody`, `contentBox`,
/// `mainContentPlaceHolder`, `contentartikel`).
const ARTICLE_PARTS: [&str; 24] = [
    "name", "title", "tit", "top", "bg", "tool", "meta", "info", "date", "time", "author", "head",
    "foot", "share", "comment", "image", "img", "pic", "photo", "tag", "nav", "list", "related",
    "rank",
];

/// Whether the compound part at `start..end` of a lowercased class value stands as a word
/// there: it begins the name or a part of it (after a separator, a digit, a capital in
/// the value as written, a word of four letters or more, or one of [`BEFORE`]), and it
/// ends the name or a part (a
/// separator, a digit, a capital, a plural `s`) or goes on with one of [`AFTER`]. `share`
/// in `shared-folders`, `respond` in `responsive`, `comment` in `commentary` and
/// `article` in `particle` are not words; `Share` in `StoryShowShare` is.
fn stands_as_word(value: &[u8], written: &[u8], start: usize, end: usize, article: bool) -> bool {
    let boundary = |b: Option<&u8>| b.is_none_or(|b| !b.is_ascii_alphabetic());
    let capital = |i: usize| written.get(i).is_some_and(u8::is_ascii_uppercase);
    let before = value.get(..start).unwrap_or_default();
    // The letters right before: a word of their own (`detailcontent`, `usercomments`) when
    // four or more; `p`article, `un`related, `dis`content are not.
    let run = before
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let starts = boundary(start.checked_sub(1).and_then(|i| value.get(i)))
        || capital(start)
        || run >= 4
        || BEFORE.iter().any(|w| {
            before.ends_with(w.as_bytes())
                && boundary(
                    before
                        .len()
                        .checked_sub(w.len() + 1)
                        .and_then(|i| before.get(i)),
                )
        });
    let mut rest = value.get(end..).unwrap_or_default();
    if rest.first() == Some(&b's') {
        rest = rest.get(1..).unwrap_or_default();
    }
    // A short word must end there (`bar`, not `barrel`); a long one may go on.
    let followed_by = |words: &[&str]| {
        words.iter().any(|w| {
            rest.starts_with(w.as_bytes()) && (w.len() >= 4 || boundary(rest.get(w.len())))
        })
    };
    let ends = if article {
        !ARTICLE_PARTS.iter().any(|p| rest.starts_with(p.as_bytes()))
    } else {
        boundary(rest.first())
            || capital(value.len() - rest.len())
            || followed_by(&AFTER)
            || !OTHER_WORDS.iter().any(|e| rest.starts_with(e.as_bytes()))
    };
    starts && ends
}

fn compounds() -> Option<&'static (aho_corasick::AhoCorasick, Vec<usize>)> {
    static AC: std::sync::OnceLock<Option<(aho_corasick::AhoCorasick, Vec<usize>)>> =
        std::sync::OnceLock::new();
    AC.get_or_init(|| {
        let mut words = Vec::new();
        let mut group = Vec::new();
        for (g, list) in COMPOUNDS.iter().enumerate() {
            for w in *list {
                words.push(*w);
                group.push(g);
            }
        }
        aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&words)
            .ok()
            .map(|ac| (ac, group))
    })
    .as_ref()
}

/// CSS-framework utility classes (`justify-content-between`, `text-center`,
/// `md:hidden`): they style any element and say nothing about what it holds.
fn utility_class(token: &str) -> bool {
    const PREFIXES: [&str; 12] = [
        "justify-",
        "align-",
        "place-",
        "text-",
        "font-",
        "bg-",
        "d-",
        "flex-",
        "order-",
        "col-",
        "overflow-",
        // Tachyons: the children show on hover.
        "hide-child",
    ];
    token.contains(':') || PREFIXES.iter().any(|p| token.starts_with(p))
}

/// Scores a class or id value by the words it is made of: an article word, a chrome word
/// and a comment area each count once, at their weight on the evidence scale.
#[cfg(test)]
pub(super) fn class_hint(value: &str) -> i32 {
    class_evidence(value).hint
}

/// [`class_hint`], whether the value names a comment area (whose posts are the content
/// of a forum's page), and whether one of its chrome words is of the page's frame.
pub(super) fn class_evidence(value: &str) -> ClassEvidence {
    if value.is_empty() {
        return ClassEvidence::default();
    }
    let lower: std::borrow::Cow<str> = if value.bytes().any(|b| b.is_ascii_uppercase()) {
        value.to_ascii_lowercase().into()
    } else {
        value.into()
    };
    let (mut pos, mut neg, mut comments, mut embed, mut player, mut frame) =
        (false, false, false, false, false, false);
    for token in lower.split_ascii_whitespace() {
        let utility = utility_class(token);
        // A media player's class: a `player_word`, or `player` beside video/audio/media.
        let (mut player_named, mut media) = (false, false);
        for word in token.split(|c: char| !c.is_ascii_alphanumeric()) {
            // `social-media-embed`, `embed-twitter`: a post embedded in the article is
            // content, whatever the chrome word beside it (utility classes included).
            embed |= matches!(word, "embed" | "embedded" | "oembed");
            player |= player_word(word);
            player_named |= word == "player";
            media |= matches!(word, "video" | "audio" | "media");
            if !utility {
                pos |= positive_word(word);
                let chrome = negative_word(word);
                neg |= chrome;
                frame |= chrome && frame_word(word);
            }
        }
        player |= player_named && media;
    }
    // A video embed's player is not content: its controls and menus are chrome.
    neg |= player;
    // One scan of the whole value for the compound parts (none holds whitespace, so each
    // match lies in one class name); a match inside a utility class does not count.
    if let Some((ac, group)) = compounds() {
        let bytes = lower.as_bytes();
        for m in ac.find_overlapping_iter(lower.as_ref()) {
            let from = bytes
                .get(..m.start())
                .and_then(|b| b.iter().rposition(u8::is_ascii_whitespace))
                .map_or(0, |i| i + 1);
            let to = bytes
                .get(m.end()..)
                .and_then(|b| b.iter().position(u8::is_ascii_whitespace))
                .map_or(bytes.len(), |i| m.end() + i);
            let article = group.get(m.pattern().as_usize()) == Some(&2);
            if lower.get(from..to).is_none_or(utility_class)
                || !stands_as_word(bytes, value.as_bytes(), m.start(), m.end(), article)
            {
                continue;
            }
            match group.get(m.pattern().as_usize()) {
                Some(0) => {
                    neg = true;
                    frame |= lower.get(m.start()..m.end()).is_some_and(frame_word);
                }
                Some(1) => comments = true,
                Some(_) => pos = true,
                None => {}
            }
        }
    }
    if embed && !player {
        neg = false;
        frame = false;
    }
    let hint = evidence::ARTICLE_WORD * i32::from(pos)
        + evidence::CHROME_WORD * i32::from(neg)
        + evidence::COMMENT_AREA * i32::from(comments);
    ClassEvidence {
        hint,
        comments,
        frame,
    }
}

/// Chrome words of the page's frame (see [`ClassEvidence::frame`]).
fn frame_word(w: &str) -> bool {
    matches!(
        w,
        "footer"
            | "foot"
            | "sidebar"
            | "side"
            | "share"
            | "sharing"
            | "social"
            | "nav"
            | "navbar"
            | "navigation"
            | "menu"
            | "breadcrumb"
            | "breadcrumbs"
            | "crumb"
            | "crumbs"
            | "cookie"
            | "cookies"
            | "gdpr"
            | "consent"
            | "login"
            | "copyright"
            | "pagination"
            | "pager"
            | "toolbar"
            | "masthead"
            | "header"
            | "topbar"
            | "popup"
            | "modal"
    )
}

/// Scores an ARIA `role` value: landmarks of chrome against, `main` and `article` for.
pub(super) fn role_hint(role: &str) -> i32 {
    match role {
        "navigation" | "menu" | "menubar" | "banner" | "contentinfo" | "complementary"
        | "dialog" | "alert" | "search" => evidence::CHROME_ROLE,
        "main" | "article" => evidence::ARTICLE_ROLE,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_media_player_is_chrome_even_in_an_embed() {
        assert!(class_hint("video-embed vjs-control-bar") < 0);
        assert!(class_hint("media-player__controls") < 0);
        assert!(class_hint("jw-countdown") < 0);
        assert_eq!(
            class_hint("social-media-embed"),
            0,
            "a post embedded is content"
        );
        assert_eq!(
            class_hint("evenrow player-2020-416"),
            0,
            "a sports table's row"
        );
    }

    #[test]
    fn class_words() {
        assert!(class_hint("article-body") > 0);
        assert!(class_hint("comment-list") <= -50);
        assert!(class_hint("article-comments") < 0);
        assert_eq!(class_hint("download shadow"), 0);
        assert!(class_hint("sidebarWidget") < 0);
        // Teaser lists and side rails are chrome; the words match as tokens only.
        assert!(class_hint("right-rail") < 0);
        assert!(class_hint("teaser-list") < 0);
        assert_eq!(class_hint("guardrail"), 0);
        // Infinite-scroll wrappers (`ajax-load-more-wrap`) hold the article itself.
        assert_eq!(class_hint("ajax-load-more-wrap"), 0);
        // Author boxes hold a biography, not the article.
        assert!(class_hint("box-autor") < 0);
        // A recipe's ingredients are the article, whatever print class they carry.
        assert_eq!(class_hint("recipe-ingredients print-links"), 0);
        // Framework utility classes carry no evidence; the other tokens still do.
        assert_eq!(class_hint("row justify-content-between text-center"), 0);
        assert_eq!(class_hint("relative overflow-hidden rounded-lg"), 0);
        assert_eq!(class_hint("flex hide-child-opacity"), 0);
        assert!(class_hint("hide_word") < 0);
        // Chrome words of the frame, and those of a block's kind.
        assert!(class_evidence("site-nav").frame);
        assert!(class_evidence("sidebarWidget").frame);
        assert!(!class_evidence("teaser promo").frame);
        assert!(class_evidence("teaser promo").hint < 0);
        assert!(class_hint("text-muted post-body") > 0);
        assert!(class_hint("md:flex share-bar") < 0);
        // Compound parts count as words, not as substrings.
        assert_eq!(class_hint("working-with-shared-folders"), 0);
        assert_eq!(class_hint("img-responsive"), 0);
        assert_eq!(class_hint("commentary"), 0);
        assert_eq!(class_hint("particle-effects"), 0);
        assert_eq!(class_hint("unrelated"), 0);
        assert!(class_hint("detailcontent") > 0);
        for chrome in [
            "StoryShowShare",
            "WcmsFooter",
            "sharebar",
            "socialshare",
            "commentlist",
            "postcomments",
            "sidebarwidget",
            "sidebar2",
            "recommendations",
            "breadcrumbs",
            "advertising",
            "advertiser-box",
        ] {
            assert!(class_hint(chrome) < 0, "{chrome}");
        }
        for article in [
            "articlebody",
            "articleBody",
            "mainContent",
            "entry-content",
            "articles",
        ] {
            assert!(class_hint(article) > 0, "{article}");
        }
        // Parts of an article's page are not the article.
        for part in ["articleName", "articleTopBg", "contentTitle"] {
            assert_eq!(class_hint(part), 0, "{part}");
        }
    }

    fn class_hides(value: &str) -> bool {
        ClassFacts::of(value).hides
    }

    #[test]
    fn class_memo_answers_as_the_functions_do() {
        let mut memo = ClassMemo::default();
        for (value, block) in [
            ("hidden share-bar", false),
            ("hidden share-bar", true),
            ("article-body", true),
            ("article-body", true),
            ("article-body", false),
        ] {
            let (facts, ClassEvidence { hint, .. }) = memo.get(value.to_string(), block);
            assert_eq!(facts, ClassFacts::of(value), "{value}");
            assert_eq!(hint, if block { class_hint(value) } else { 0 }, "{value}");
        }
        assert_eq!(memo.0.len(), 2);
        let long = "x".repeat(MAX_CLASS_BYTES + 1);
        memo.get(long, true);
        assert_eq!(memo.0.len(), 2, "long values are not kept");
    }

    #[test]
    fn byline_classes() {
        for yes in [
            "byline",
            "bylinewrapper-ijzcxt byline bylines__byline",
            "article-cnt__author",
            "css-1wkce1i-byline",
            "author-card__details__name",
            "author vcard",
        ] {
            assert!(byline_value(yes), "{yes}");
        }
        for no in [
            "author-avatar",
            "author-title",
            "authorprofile-container",
            "byline__preamble",
            "author-bio",
            "coauthoring-tools",
            "article-body",
        ] {
            assert!(!byline_value(no), "{no}");
        }
    }

    #[test]
    fn screen_reader_classes() {
        for value in [
            "sr-only",
            "btn visually-hidden",
            "screen-reader-text",
            "show-for-sr",
        ] {
            let facts = ClassFacts::of(value);
            assert!(facts.screen_reader && !facts.hides, "{value}");
        }
        // Shown again on focus, or not a screen-reader class at all.
        for value in ["sr-only focus:not-sr-only", "sr-only-link", "screen-reader"] {
            assert!(!ClassFacts::of(value).screen_reader, "{value}");
        }
    }

    #[test]
    fn caption_and_ingredient_classes() {
        assert!(ClassFacts::of("wp-caption-text").caption);
        assert!(ClassFacts::of("hst-caption caption-full").caption);
        assert!(!ClassFacts::of("f_caption_muted_videos_on").caption);
        assert!(ClassFacts::of("recipe-ingredients print-links").ingredients);
        assert_eq!(ClassFacts::of("entry-content"), ClassFacts::default());
    }

    #[test]
    fn hiding_classes() {
        assert!(class_hides("hidden"));
        assert!(class_hides("d-none d-print-block"));
        assert!(!class_hides("hidden md:block"));
        assert!(!class_hides("d-none d-lg-flex"));
        assert!(!class_hides("hidden-xs"));
        assert!(!class_hides("is-hidden-mobile"));
        // A hover card written inside the sentence it decorates.
        assert!(class_hides("rollover-people-block"));
        assert!(class_hides("tooltiptext"));
        assert!(!class_hides("rollover-people"));
        assert!(!class_hides("tooltip"));
    }
}
