//! The stack of open elements, and what the HTML parser closes implicitly.
//!
//! lol_html fires no end-tag handler for an element that the parser closes without an end
//! tag (`<p>One<p>Two`, `<li>A<li>B`, `<td>1<td>2`), so the collector simulates those
//! closes itself, the way lol-html keeps its own tree-builder simulator: opening an element
//! closes the nearest open element it cannot sit in, unless a boundary (a table, a list)
//! comes first.

use crate::article::SpanKind;
use crate::pipeline::evidence::Hint;
use crate::pipeline::page::NodeId;
use crate::pipeline::tag::Tag;

/// An element between its start tag and its (real or implied) end.
#[derive(Debug)]
pub(super) struct Open {
    /// Identifies the element to its end-tag handler.
    pub(super) seq: u64,
    pub(super) tag: Tag,
    /// `ctx` bits of this element and everything above it.
    pub(super) ctx: u32,
    pub(super) hint: Hint,
    /// The element's signature and marks (see [`crate::pipeline::page::Node`]).
    pub(super) sig: u32,
    pub(super) marks: u8,
    /// The page node, once text under the element made one.
    pub(super) node: Option<NodeId>,
    /// For inline markup whose span is recorded (`<em>`, `<a href>`...): where it started.
    pub(super) mark: Option<Box<Mark>>,
    /// For a streamed segment (`<div hidden id="S:n">`): its number and first block.
    pub(super) segment: Option<(u32, usize)>,
}

/// Where an inline element's text starts.
#[derive(Debug)]
pub(super) struct Mark {
    pub(super) kind: SpanKind,
    /// The index the block being built will have.
    pub(super) block: usize,
    /// The byte offset in the block being built.
    pub(super) at: usize,
    /// A link's `href`, as written.
    pub(super) href: Option<String>,
}

/// One implied close: the nearest open element among `targets`, looking at most `reach`
/// elements down the stack and stopping at any of `bounds`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Close {
    targets: &'static [Tag],
    bounds: &'static [Tag],
    reach: usize,
}

const HEADINGS: [Tag; 6] = [
    Tag::H(1),
    Tag::H(2),
    Tag::H(3),
    Tag::H(4),
    Tag::H(5),
    Tag::H(6),
];
const P_BOUNDS: [Tag; 4] = [Tag::Table, Tag::Td, Tag::Html, Tag::Body];

/// What opening `tag` closes, in the order the closes happen: an open `<p>` first (for
/// the elements that close one), then the element's own kind.
pub(super) fn implied_closes(tag: Tag) -> [Option<Close>; 2] {
    let own = match tag {
        Tag::Li => Close {
            targets: &[Tag::Li],
            bounds: &[Tag::Ul, Tag::Ol, Tag::Table, Tag::Td, Tag::Div],
            reach: 8,
        },
        Tag::Dt | Tag::Dd => Close {
            targets: &[Tag::Dt, Tag::Dd],
            bounds: &[Tag::Dl, Tag::Table, Tag::Td, Tag::Div],
            reach: 8,
        },
        Tag::Tr => Close {
            targets: &[Tag::Tr, Tag::Td],
            bounds: &[Tag::Table],
            reach: 8,
        },
        Tag::Td => Close {
            targets: &[Tag::Td],
            bounds: &[Tag::Tr, Tag::Table],
            reach: 8,
        },
        // A heading closes a heading only right above it (`<h2>A<h3>B`).
        Tag::H(_) => Close {
            targets: &HEADINGS,
            bounds: &[],
            reach: 1,
        },
        t if t.closes_p() => Close {
            targets: &[Tag::P],
            bounds: &P_BOUNDS,
            reach: 8,
        },
        _ => return [None, None],
    };
    let p = (tag.closes_p() && tag != Tag::P).then_some(Close {
        targets: &[Tag::P],
        bounds: &P_BOUNDS,
        reach: 4,
    });
    [p, Some(own)]
}

/// The stack index of the element `close` closes, if any: the stack is cut there.
pub(super) fn closed_by(stack: &[Open], close: &Close) -> Option<usize> {
    for (i, o) in stack.iter().enumerate().rev().take(close.reach) {
        if close.targets.contains(&o.tag) {
            return Some(i);
        }
        if close.bounds.contains(&o.tag) {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stack(tags: &[Tag]) -> Vec<Open> {
        tags.iter()
            .enumerate()
            .map(|(i, &tag)| Open {
                seq: i as u64,
                tag,
                ctx: 0,
                hint: Hint::default(),
                sig: 0,
                marks: 0,
                node: None,
                mark: None,
                segment: None,
            })
            .collect()
    }

    fn cut(tags: &[Tag], opening: Tag) -> Vec<Option<usize>> {
        let mut s = stack(tags);
        let mut cuts = Vec::new();
        for close in implied_closes(opening).into_iter().flatten() {
            let at = closed_by(&s, &close);
            if let Some(i) = at {
                s.truncate(i);
            }
            cuts.push(at);
        }
        cuts
    }

    #[test]
    fn a_paragraph_closes_the_open_paragraph() {
        assert_eq!(cut(&[Tag::Body, Tag::P], Tag::P), [Some(1)]);
        assert_eq!(
            cut(&[Tag::Body, Tag::P, Tag::Inline], Tag::Div),
            [Some(1), None]
        );
    }

    #[test]
    fn list_items_close_items_of_their_own_list_only() {
        assert_eq!(cut(&[Tag::Ul, Tag::Li], Tag::Li), [None, Some(1)]);
        // A nested list bounds the search: its new item does not close the outer one.
        assert_eq!(cut(&[Tag::Ul, Tag::Li, Tag::Ul], Tag::Li), [None, None]);
    }

    #[test]
    fn cells_stay_in_their_table() {
        assert_eq!(cut(&[Tag::Table, Tag::Tr, Tag::Td], Tag::Td), [Some(2)]);
        assert_eq!(cut(&[Tag::Td, Tag::Table, Tag::Tr], Tag::Td), [None]);
    }

    #[test]
    fn a_heading_closes_only_the_heading_right_above() {
        assert_eq!(cut(&[Tag::Body, Tag::H(2)], Tag::H(3)), [None, Some(1)]);
        assert_eq!(cut(&[Tag::H(2), Tag::Inline], Tag::H(3)), [None, None]);
    }
}
