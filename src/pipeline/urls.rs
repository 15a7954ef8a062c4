//! Addresses: what a page's relative addresses resolve against, and web (`http`/`https`)
//! addresses only, for every stage that reads one (metadata, links, images).

use crate::options::Options;
use crate::pipeline::page::PageMeta;

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

/// `u` as an absolute `http`/`https` URL, resolved against `base` (the page's address)
/// when it is relative; `None` for any other scheme (`javascript:`, `data:`, `file:`) or
/// a value that is no URL. A relative reference with no base to resolve it against is
/// kept as it is: it names a place on the page's own site, nothing else.
pub(crate) fn web_url(u: &str, base: Option<&url::Url>) -> Option<String> {
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
}
