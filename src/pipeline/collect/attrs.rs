//! What the collector reads from one element's attributes, in one pass over them.

use super::vocabulary::{byline_value, class_hint, role_hint, ClassMemo};
use crate::pipeline::evidence;
use crate::pipeline::tag::Tag;

#[derive(Default)]
pub(super) struct Attrs {
    pub(super) hidden: bool,
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
    /// `datetime` of `<time>`, or the value of `itemprop=datePublished`.
    pub(super) time: Option<String>,
    /// How surely the element holds the author's name: 2 for `rel=author` and
    /// `itemprop=author`, 1 for a byline's class or id, 0 for none.
    pub(super) byline: u8,
}

impl Attrs {
    pub(super) fn read(
        el: &lol_html::html_content::Element,
        tag: Tag,
        name: &str,
        classes: &mut ClassMemo,
    ) -> Attrs {
        let mut a = Attrs::default();
        let attributes = el.attributes();
        if attributes.is_empty() {
            return a;
        }
        let block = tag.is_block();
        let (mut date_published, mut content, mut datetime) = (false, None, None);
        for attr in attributes {
            match attr.name().as_str() {
                "hidden" => a.hidden = true,
                "aria-hidden" => a.hidden |= attr.value().eq_ignore_ascii_case("true"),
                "style" => a.hidden |= hides(&attr.value()),
                "href" if tag == Tag::A => a.href = Some(attr.value()),
                "type" if tag == Tag::Script => {
                    a.json_ld = attr.value().eq_ignore_ascii_case("application/ld+json");
                }
                "itemprop" if tag != Tag::Script => match attr.value().as_str() {
                    "articleBody" => a.article_body = true,
                    "recipeIngredient" | "ingredients" => a.ingredients = true,
                    "datePublished" => date_published = true,
                    v if v.split_ascii_whitespace().any(|p| p == "author") => a.byline = 2,
                    _ => {}
                },
                "rel"
                    if attr
                        .value()
                        .split_ascii_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("author")) =>
                {
                    a.byline = 2;
                }
                "content" => content = Some(attr.value()),
                "datetime" => datetime = Some(attr.value()),
                "role" if block => a.hint += role_hint(&attr.value()),
                "class" => {
                    let (facts, hint) = classes.get(attr.value(), block);
                    a.hidden |= facts.hides;
                    a.ingredients |= facts.ingredients;
                    a.caption |= facts.caption;
                    a.hint += hint;
                    if facts.byline {
                        a.byline = a.byline.max(1);
                    }
                }
                "id" => {
                    let value = attr.value();
                    if block {
                        a.hint += class_hint(&value);
                    }
                    if byline_value(&value) {
                        a.byline = a.byline.max(1);
                    }
                }
                _ => {}
            }
        }
        if date_published {
            a.time = content.or(datetime);
        } else if name == "time" {
            a.time = datetime;
        }
        a.hint = a.hint.clamp(-evidence::MAX, evidence::MAX);
        a
    }
}

/// Inline styles that hide an element.
fn hides(style: &str) -> bool {
    let s: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    s.contains("display:none") || s.contains("visibility:hidden")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_styles() {
        assert!(hides("color: red; DISPLAY : none"));
        assert!(!hides("display:block"));
    }
}
