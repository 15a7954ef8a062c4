//! The signals of a page's type, read off the page as any site writes it: structured data
//! (`@type` in JSON-LD and microdata, `og:type`), the shape of its URL, its controls and
//! markup (cart buttons, filters, reply boxes, code), its text (prices, ratings, dates,
//! prose) and its structure (cards, posts, sections, the share of the best container).
//!
//! Each signal is a number, mostly 0–1 or a `ln(1 + count)`; what each one weighs for each
//! type is data (`rules/page_types.toml`). The names here are the names there.

use std::sync::OnceLock;

use regex::Regex;

use crate::article::BlockKind;
use crate::pipeline::cards::Cards;
use crate::pipeline::page::{marks, Page, ROOT};

/// What the page says outside its blocks, for the signals.
pub(crate) struct Context<'a> {
    /// JSON-LD `@type` values.
    pub(crate) ld_types: &'a [String],
    /// The page's own URL: canonical, `og:url`, else the caller's.
    pub(crate) url: Option<&'a str>,
    /// The title.
    pub(crate) title: Option<&'a str>,
    /// Whether a publication date was found.
    pub(crate) dated: bool,
    /// Share of the page's text outside links that the best-scoring container holds (the
    /// article selection's candidate).
    pub(crate) best_share: f32,
}

/// The names of the signals, in the order [`read`] gives their values.
pub(crate) const NAMES: [&str; 52] = [
    "ld_article",
    "ld_tech_article",
    "ld_product",
    "ld_products_many",
    "ld_forum",
    "ld_list",
    "ld_software",
    "ld_faq",
    "ld_review",
    "ld_none",
    "og_article",
    "og_product",
    "og_website",
    "url_home",
    "url_date",
    "url_forum",
    "url_product",
    "url_collection",
    "url_docs",
    "url_listing",
    "url_service",
    "url_slug_words",
    "url_depth",
    "url_numeric_id",
    "cart",
    "checkboxes",
    "selects",
    "textareas",
    "articles",
    "sections",
    "times",
    "code_elements",
    "tables",
    "price_props",
    "rating_props",
    "answer_props",
    "price_lines",
    "rating_lines",
    "date_lines",
    "reply_lines",
    "code_share",
    "prose_share",
    "prose_blocks",
    "headings",
    "headings_per_prose",
    "link_share",
    "short_share",
    "question_title",
    "comment_marks",
    "card_share",
    "best_share",
    "dated",
];

/// The signal values of `page`, in the order of [`NAMES`].
pub(crate) fn read(page: &Page, cx: &Context) -> [f32; NAMES.len()] {
    let ld = LdTypes::of(cx.ld_types, &page.meta.itemtypes);
    let og = page
        .meta
        .metas
        .iter()
        .find(|(k, _)| k == "og:type")
        .map(|(_, v)| v.to_ascii_lowercase());
    let og_is = |f: &dyn Fn(&str) -> bool| f32::from(u8::from(og.as_deref().is_some_and(f)));
    let url = UrlShape::of(cx.url);
    let c = &page.meta.counts;
    let text = TextShape::of(page);
    let cards = card_share(page);
    let question = cx.title.is_some_and(question_title);
    [
        ld.article,
        ld.tech,
        ld.product,
        ln(ld.products),
        ld.forum,
        ld.list,
        ld.software,
        ld.faq,
        ld.review,
        f32::from(u8::from(
            cx.ld_types.is_empty() && page.meta.itemtypes.is_empty(),
        )),
        og_is(&|t| t == "article" || t.ends_with(":article")),
        og_is(&|t| t.contains("product")),
        og_is(&|t| t == "website"),
        url.home,
        url.date,
        url.forum,
        url.product,
        url.collection,
        url.docs,
        url.listing,
        url.service,
        url.slug_words,
        url.depth,
        url.numeric_id,
        ln(c.cart),
        ln(c.checkboxes),
        ln(c.selects),
        ln(c.textareas),
        ln(c.articles),
        ln(c.sections),
        ln(c.times),
        ln(c.code),
        ln(c.tables),
        ln(c.price_props),
        ln(c.rating_props),
        ln(c.answer_props),
        ln(text.price_lines),
        ln(text.rating_lines),
        ln(text.date_lines),
        ln(text.reply_lines),
        text.code_share,
        text.prose_share,
        ln(text.prose_blocks),
        ln(text.headings),
        (text.headings as f32 / (text.prose_blocks as f32 + 1.0)).min(4.0) / 4.0,
        text.link_share,
        text.short_share,
        f32::from(u8::from(question)),
        ln(comment_marks(page)),
        cards,
        cx.best_share,
        f32::from(u8::from(cx.dated)),
    ]
}

/// `ln(1 + n)`: counts matter by their order of magnitude.
fn ln(n: u32) -> f32 {
    (n as f32).ln_1p()
}

/// What the page's structured data (JSON-LD `@type`, microdata `itemtype`) says it is.
#[derive(Default)]
struct LdTypes {
    article: f32,
    tech: f32,
    product: f32,
    /// How many product or offer types the page names.
    products: u32,
    forum: f32,
    list: f32,
    software: f32,
    faq: f32,
    review: f32,
}

impl LdTypes {
    fn of(ld: &[String], micro: &[String]) -> LdTypes {
        let mut t = LdTypes::default();
        for ty in ld.iter().chain(micro) {
            let ty = ty.rsplit([':', '/']).next().unwrap_or_default();
            match ty {
                "TechArticle" | "APIReference" | "SoftwareSourceCode" => t.tech = 1.0,
                "Product" | "ProductGroup" | "IndividualProduct" | "ProductModel" | "Offer"
                | "AggregateOffer" | "Vehicle" | "Car" => {
                    t.product = 1.0;
                    t.products += 1;
                }
                "DiscussionForumPosting" | "QAPage" | "Question" | "Answer" | "Comment" => {
                    t.forum = 1.0;
                }
                "ItemList" | "CollectionPage" | "OfferCatalog" | "SearchResultsPage" => {
                    t.list = 1.0;
                }
                "SoftwareApplication"
                | "WebApplication"
                | "MobileApplication"
                | "Service"
                | "ProfessionalService" => t.software = 1.0,
                "FAQPage" => t.faq = 1.0,
                "Review" | "AggregateRating" | "Rating" => t.review = 1.0,
                "BlogPosting" | "Report" | "LiveBlogPosting" | "Recipe" => t.article = 1.0,
                a if a.ends_with("Article") => t.article = 1.0,
                _ => {}
            }
        }
        t
    }
}

/// What the page's URL looks like.
#[derive(Default)]
struct UrlShape {
    home: f32,
    date: f32,
    forum: f32,
    product: f32,
    collection: f32,
    docs: f32,
    listing: f32,
    service: f32,
    /// Words of the last path segment's slug (`how-to-pick-a-desk`: 5), over 10, at most 1.
    slug_words: f32,
    /// Path segments, over 6, at most 1.
    depth: f32,
    /// A segment that is a long number (`/item/1005010537563439.html`, `/t/slug/724779`).
    numeric_id: f32,
}

/// Path segments of forums and Q&A.
const FORUM_SEGMENTS: &[&str] = &[
    "t",
    "thread",
    "threads",
    "topic",
    "topics",
    "forum",
    "forums",
    "questions",
    "question",
    "discussion",
    "discussions",
    "community",
    "comments",
    "viewtopic",
    "showthread",
    "board",
    "boards",
];

/// Host prefixes of forums.
const FORUM_HOSTS: &[&str] = &[
    "forum.",
    "forums.",
    "community.",
    "discuss.",
    "discourse.",
    "bbs.",
];

/// Path segments of a product's page.
const PRODUCT_SEGMENTS: &[&str] = &[
    "product", "products", "p", "dp", "item", "items", "itm", "ip", "sku", "pd", "buy",
];

/// Path segments of category pages and shops.
const COLLECTION_SEGMENTS: &[&str] = &[
    "collections",
    "collection",
    "category",
    "categories",
    "c",
    "shop",
    "browse",
    "department",
    "catalog",
    "catalogue",
    "store",
    "b",
];

/// Host prefixes of shops.
const SHOP_HOSTS: &[&str] = &["shop.", "store."];

/// Path segments of documentation.
const DOCS_SEGMENTS: &[&str] = &[
    "docs",
    "doc",
    "documentation",
    "api",
    "reference",
    "guide",
    "guides",
    "manual",
    "wiki",
    "tutorial",
    "tutorials",
    "learn",
    "handbook",
    "man",
    "library",
    "howto",
    "kb",
    "knowledge-base",
    "help",
    "support",
];

/// Host prefixes of documentation.
const DOCS_HOSTS: &[&str] = &[
    "docs.",
    "doc.",
    "developer.",
    "developers.",
    "dev.",
    "wiki.",
    "learn.",
    "help.",
    "support.",
];

/// Path segments of listings.
const LISTING_SEGMENTS: &[&str] = &[
    "tag", "tags", "archive", "archives", "search", "list", "lists", "page", "reviews", "events",
    "jobs", "courses", "news", "blog", "latest", "all",
];

impl UrlShape {
    fn of(url: Option<&str>) -> UrlShape {
        let mut s = UrlShape::default();
        let Some(u) = url.and_then(|u| url::Url::parse(u.trim()).ok()) else {
            return s;
        };
        let host = u.host_str().unwrap_or_default().to_ascii_lowercase();
        let path = u.path().to_ascii_lowercase();
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        // A locale alone (`/en/`, `/en-us/`) is the home page in a language.
        let locale = |s: &str| {
            s.len() <= 5
                && s.split(['-', '_']).all(|p| (2..=3).contains(&p.len()))
                && s.bytes()
                    .all(|b| b.is_ascii_alphabetic() || b == b'-' || b == b'_')
        };
        let meaningful: Vec<&str> = segments
            .iter()
            .copied()
            .filter(|s| !locale(s) && !s.starts_with("index."))
            .collect();
        s.home = f32::from(u8::from(meaningful.is_empty() && u.query().is_none()));
        s.depth = (segments.len() as f32 / 6.0).min(1.0);
        let any = |words: &[&str]| {
            f32::from(u8::from(segments.iter().any(|seg| {
                words
                    .iter()
                    .any(|w| seg == w || seg.starts_with(&format!("{w}.")))
            })))
        };
        let host_starts = |words: &[&str]| words.iter().any(|w| host.starts_with(w));
        s.date = f32::from(u8::from(dated_path(&path)));
        s.forum = any(FORUM_SEGMENTS).max(f32::from(u8::from(host_starts(FORUM_HOSTS))));
        s.product = any(PRODUCT_SEGMENTS);
        s.collection = any(COLLECTION_SEGMENTS).max(f32::from(u8::from(host_starts(SHOP_HOSTS))));
        s.docs = any(DOCS_SEGMENTS).max(f32::from(u8::from(host_starts(DOCS_HOSTS))));
        let last = meaningful.last().copied().unwrap_or_default();
        s.listing = any(LISTING_SEGMENTS)
            .max(f32::from(u8::from(u.query_pairs().any(|(k, _)| {
                matches!(k.as_ref(), "page" | "p" | "q" | "s" | "sort")
            }))));
        // A listing's own segment ends the path (`/blog`, `/news/`); an article under it
        // goes on with its slug.
        if !matches!(
            last,
            "tag"
                | "tags"
                | "archive"
                | "archives"
                | "search"
                | "list"
                | "lists"
                | "reviews"
                | "events"
                | "jobs"
                | "courses"
                | "news"
                | "blog"
                | "latest"
                | "all"
        ) && s.listing > 0.0
            && u.query().is_none()
        {
            s.listing = 0.5;
        }
        s.service = any(&[
            "features",
            "feature",
            "pricing",
            "solutions",
            "solution",
            "services",
            "service",
            "platform",
            "enterprise",
            "integrations",
            "use-cases",
            "why",
            "teams",
            "business",
        ]);
        let slug = last.split('.').next().unwrap_or_default();
        let words = slug
            .split(['-', '_'])
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count();
        s.slug_words = (words as f32 / 10.0).min(1.0);
        s.numeric_id = f32::from(u8::from(segments.iter().any(|seg| {
            let digits = seg.bytes().take_while(u8::is_ascii_digit).count();
            digits >= 5
        })));
        s
    }
}

/// `/2024/05/`, `/2024-05-03`, `/20240503` in a path.
fn dated_path(path: &str) -> bool {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"/(19|20)\d\d(/|-)(0?[1-9]|1[0-2])(/|-|$)|/(19|20)\d\d(0[1-9]|1[0-2])[0-3]\d")
            .ok()
    })
    .as_ref()
    .is_some_and(|re| re.is_match(path))
}

/// What the page's blocks say.
#[derive(Default)]
struct TextShape {
    price_lines: u32,
    rating_lines: u32,
    date_lines: u32,
    reply_lines: u32,
    prose_blocks: u32,
    headings: u32,
    code_share: f32,
    prose_share: f32,
    link_share: f32,
    short_share: f32,
}

impl TextShape {
    fn of(page: &Page) -> TextShape {
        let mut t = TextShape::default();
        let (mut weight, mut code, mut prose, mut links, mut short) =
            (0u64, 0u64, 0u64, 0u64, 0u32);
        for b in &page.blocks {
            let w = u64::from(b.m.weight());
            weight += w;
            links += u64::from(b.link_chars) * w / u64::from(b.m.chars.max(1));
            match b.kind {
                BlockKind::Code => code += w,
                BlockKind::Heading => t.headings += 1,
                _ => {}
            }
            if b.m.chars <= 40 {
                short += 1;
                let line = b.text.trim();
                t.reply_lines += u32::from(reply_line(line));
                t.date_lines += u32::from(date_line(line));
            }
            if b.m.chars <= 80 {
                t.price_lines += u32::from(price_line(&b.text));
                t.rating_lines += u32::from(rating_line(&b.text));
            }
            if b.m.weight() >= 150
                && b.m.punct >= 2
                && b.links_below(crate::pipeline::page::Share::new(1, 5))
            {
                t.prose_blocks += 1;
                prose += w;
            }
        }
        let share = |part: u64| {
            if weight == 0 {
                0.0
            } else {
                part as f32 / weight as f32
            }
        };
        t.code_share = share(code);
        t.prose_share = share(prose);
        t.link_share = share(links);
        t.short_share = if page.blocks.is_empty() {
            0.0
        } else {
            short as f32 / page.blocks.len() as f32
        };
        t
    }
}

/// A price: a currency sign or code beside a number (`$1,299.00`, `12,99 €`, `¥3,800`,
/// `USD 40`).
pub(crate) fn price_line(text: &str) -> bool {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    // Most lines hold no digit: they are decided without the automaton.
    text.bytes().any(|b| b.is_ascii_digit())
        && RE
            .get_or_init(|| {
                Regex::new(
                    r"(?i-u)(\$|€|£|¥|₹|₩|₽|\b(usd|eur|gbp|aud|cad|chf|jpy|rmb|cny|inr|kr)\b|zł|元)\s?\d|\d([.,]\d\d)?\s?(€|£|¥|₹|₩|₽|\b(usd|eur|gbp|kr|chf)\b|zł|元|円)",
                )
                .ok()
            })
            .as_ref()
            .is_some_and(|re| re.is_match(text))
}

/// A rating or review count (`4.5 out of 5 stars`, `★★★★☆`, `(312 reviews)`).
fn rating_line(text: &str) -> bool {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    text.contains(['★', '☆'])
        || (text.bytes().any(|b| b.is_ascii_digit())
            && RE
                .get_or_init(|| {
                    Regex::new(r"(?i-u)out of 5\b|\d\s*(stars?|reviews?|ratings?)\b|rated\s\d").ok()
                })
                .as_ref()
                .is_some_and(|re| re.is_match(text)))
}

/// A post's date line (`May 3, 2024, 8:45am`, `3 days ago`, `2024-05-03 10:09`).
fn date_line(text: &str) -> bool {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    text.bytes().any(|b| b.is_ascii_digit())
        && RE
            .get_or_init(|| {
                Regex::new(
                    r"(?i-u)^(posted\s*(on)?\s*)?(\d+\s*(seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|[smhdwy])\s+ago|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+(\d{4})?|\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}|(19|20)\d\d[-/.]\d\d?[-/.]\d\d?)",
                )
                .ok()
            })
            .as_ref()
            .is_some_and(|re| re.is_match(text))
}

/// A post's controls (`Reply`, `Quote`, `Report`, `Permalink`...).
fn reply_line(line: &str) -> bool {
    let l = line.trim_end_matches(['.', ':']);
    [
        "reply",
        "quote",
        "report",
        "permalink",
        "multi-quote",
        "multiquote",
        "share",
        "like",
        "likes",
        "upvote",
        "downvote",
        "flag",
        "report abuse",
        "reply with quote",
        "add comment",
        "add a comment",
        "helpful",
        "log in to reply",
    ]
    .iter()
    .any(|w| l.eq_ignore_ascii_case(w))
}

/// A question (`How do I…?`, `… not working?`).
fn question_title(title: &str) -> bool {
    let t = title.trim();
    let first = t
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    t.ends_with('?')
        || t.contains("? ")
        || matches!(
            first.as_str(),
            "how" | "why" | "what" | "can" | "is" | "does" | "do" | "help" | "should" | "which"
        )
}

/// Elements marked as comment areas that hold text.
fn comment_marks(page: &Page) -> u32 {
    let mut with_text = vec![false; page.nodes.len()];
    for b in &page.blocks {
        if let Some(x) = with_text.get_mut(b.node as usize) {
            *x = true;
        }
    }
    page.nodes
        .iter()
        .enumerate()
        .filter(|(i, n)| n.has(marks::COMMENTS) && with_text.get(*i).copied().unwrap_or(false))
        .count() as u32
}

/// Share of the page's text weight inside cards (see [`Cards`]).
fn card_share(page: &Page) -> f32 {
    let cards = Cards::of(page);
    let (mut all, mut carded) = (0u64, 0u64);
    for b in &page.blocks {
        let w = u64::from(b.m.weight());
        all += w;
        if cards.card_of(page, b.node, ROOT).is_some() {
            carded += w;
        }
    }
    if all == 0 {
        0.0
    } else {
        carded as f32 / all as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_have_shapes() {
        let u = |s: &str| UrlShape::of(Some(s));
        assert_eq!(u("https://example.com/").home, 1.0);
        assert_eq!(u("https://example.com/en-us/").home, 1.0);
        assert_eq!(u("https://example.com/2024/05/a-story").date, 1.0);
        assert_eq!(u("https://community.example.org/t/help/123").forum, 1.0);
        assert_eq!(u("https://example.com/products/blue-rug").product, 1.0);
        assert_eq!(u("https://docs.example.com/intro").docs, 1.0);
        assert_eq!(u("https://example.com/blog/").listing, 1.0);
        assert_eq!(u("https://example.com/blog/my-first-post").listing, 0.5);
        assert_eq!(u("https://example.com/pricing").service, 1.0);
        assert_eq!(
            u("https://example.com/item/1005010537563439.html").numeric_id,
            1.0
        );
        assert!(u("https://example.com/a/how-to-choose-a-desk-for-home").slug_words >= 0.6);
        assert_eq!(UrlShape::of(None).home, 0.0);
    }

    #[test]
    fn lines_have_kinds() {
        assert!(price_line("$1,299.00"));
        assert!(price_line("12,99 €"));
        assert!(price_line("Now USD 40"));
        assert!(!price_line("Chapter 12, verse 3"));
        assert!(rating_line("4.5 out of 5 stars"));
        assert!(rating_line("(312 reviews)"));
        assert!(!rating_line("The review of the year"));
        assert!(date_line("May 3, 2024, 8:45am"));
        assert!(date_line("3 days ago"));
        assert!(!date_line("Mayday"));
        assert!(reply_line("Reply"));
        assert!(!reply_line("Reply to all of them, please"));
        assert!(question_title("How do I reset the router"));
        assert!(question_title("Router keeps dropping?"));
        assert!(!question_title("The router that changed everything"));
    }

    #[test]
    fn names_and_values_line_up() {
        let page = crate::pipeline::collect::page_of("<p>x</p>", &crate::Options::default());
        let cx = Context {
            ld_types: &[],
            url: None,
            title: None,
            dated: false,
            best_share: 0.0,
        };
        assert_eq!(read(&page, &cx).len(), NAMES.len());
    }
}
