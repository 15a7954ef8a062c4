//! The evidence scale: how much an element's class and id words, its ARIA role,
//! `itemprop=articleBody` and its tag say for or against it holding the article, and the
//! cut-offs that read the scale.
//!
//! The collect stage adds the evidence up per element (see `collect::vocabulary` for the
//! words); the select stage reads it through [`Hint`] and [`tag_weight`]. Both sides use
//! these numbers only, so the scale can be retuned here without hunting for its
//! consequences elsewhere.

use crate::pipeline::tag::Tag;

/// A class or id made of an article word (`content`, `post`, `story`, `zhengwen`...).
pub(crate) const ARTICLE_WORD: i32 = 25;
/// A class or id made of a chrome word (`share`, `sidebar`, `related`, `nav`...).
pub(crate) const CHROME_WORD: i32 = -25;
/// A comment area, on top of any chrome word: comments hold real prose, so the evidence
/// against them must outweigh what their prose scores.
pub(crate) const COMMENT_AREA: i32 = -50;
/// ARIA landmark roles of chrome (`navigation`, `banner`, `complementary`, `dialog`...).
pub(crate) const CHROME_ROLE: i32 = -40;
/// `role=main` and `role=article`.
pub(crate) const ARTICLE_ROLE: i32 = 25;
/// `itemprop=articleBody`: the page's own statement of where its article is.
pub(crate) const ARTICLE_BODY: i32 = 50;
/// The evidence of one element is kept within ±`MAX`.
pub(crate) const MAX: i32 = 100;

/// The evidence of one element, on the scale above: positive for article containers,
/// negative for chrome, zero when its names say nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Hint(i8);

impl Hint {
    /// Evidence summed from an element's attributes, clamped to the scale.
    pub(crate) fn new(sum: i32) -> Hint {
        Hint(sum.clamp(-MAX, MAX) as i8)
    }

    /// As a score term.
    pub(crate) fn weight(self) -> f32 {
        f32::from(self.0)
    }

    /// The element's names say something either way.
    pub(crate) fn says_something(self) -> bool {
        self.0 != 0
    }

    /// Any evidence for the article.
    pub(crate) fn is_positive(self) -> bool {
        self.0 > 0
    }

    /// Any evidence against the article.
    pub(crate) fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// At least one chrome word's worth against: the element is chrome unless the prose
    /// in it is strong or a nearer element says otherwise.
    pub(crate) fn is_chrome(self) -> bool {
        i32::from(self.0) <= CHROME_WORD
    }

    /// A comment area, or chrome by two signs at once: its blocks go whatever they say.
    pub(crate) fn is_strong_chrome(self) -> bool {
        i32::from(self.0) <= COMMENT_AREA
    }
}

/// What an element's tag says, as a score term added to what its text scored.
pub(crate) fn tag_weight(tag: Tag) -> f32 {
    match tag {
        Tag::Div => 5.0,
        Tag::Article => 15.0,
        Tag::Main => 5.0,
        Tag::Section => 2.0,
        Tag::Pre | Tag::Td | Tag::Blockquote => 3.0,
        Tag::Ol | Tag::Ul | Tag::Dl | Tag::Dd | Tag::Dt | Tag::Li | Tag::Form => -3.0,
        Tag::H(_) => -5.0,
        Tag::Nav | Tag::Aside | Tag::Footer => -25.0,
        Tag::Header => -10.0,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_offs_follow_the_scale() {
        assert!(Hint::new(CHROME_WORD).is_chrome());
        assert!(!Hint::new(CHROME_WORD).is_strong_chrome());
        assert!(Hint::new(CHROME_WORD + COMMENT_AREA).is_strong_chrome());
        assert!(Hint::new(CHROME_ROLE + CHROME_WORD).is_strong_chrome());
        assert!(!Hint::new(CHROME_ROLE + ARTICLE_WORD).is_chrome());
        assert_eq!(Hint::new(1_000), Hint::new(MAX));
        assert!(Hint::new(ARTICLE_BODY).is_positive());
    }
}
