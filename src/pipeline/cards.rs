//! Cards: runs of sibling elements made from one template — the items of a product grid,
//! the cards of a listing, the rows of a table, the posts of a thread. An element belongs
//! to a run when at least [`Cards::MIN_RUN`] children of its parent share its signature
//! (tag and class, see `page::Node::sig`) and it holds more than one block: a menu's item
//! holds its link alone, a card its title and something more (a price, a summary, a date).

use crate::pipeline::page::{NodeId, Page};

/// The runs of a page.
pub(crate) struct Cards {
    /// Per node, whether it is a card.
    card: Vec<bool>,
}

impl Cards {
    /// The smallest run that makes a card grid.
    pub(crate) const MIN_RUN: u32 = 3;
    /// How many elements up from a block its card may be.
    const MAX_DEPTH: usize = 10;

    /// The runs of `page`: linear in its nodes and blocks (times the depth of the tree).
    pub(crate) fn of(page: &Page) -> Cards {
        let mut runs: foldhash::HashMap<(NodeId, u32), u32> = foldhash::HashMap::default();
        for n in &page.nodes {
            if let Some(parent) = n.parent() {
                *runs.entry((parent, n.sig)).or_insert(0) += 1;
            }
        }
        let run = page.nodes.iter().map(|n| {
            n.parent()
                .and_then(|p| runs.get(&(p, n.sig)).copied())
                .unwrap_or(0)
        });
        // Blocks under each node, counted up to two: a block's node and, once per block
        // run, its ancestors (blocks come in page order, so those of one node are
        // consecutive and the walk up stops where an earlier block already counted).
        let mut blocks = vec![0u8; page.nodes.len()];
        for b in &page.blocks {
            for (id, _) in page.ancestors(b.node) {
                match blocks.get_mut(id as usize) {
                    Some(c) if *c < 2 => *c += 1,
                    _ => break,
                }
            }
        }
        let card = run
            .zip(&blocks)
            .map(|(r, &b)| r >= Self::MIN_RUN && b >= 2)
            .collect();
        Cards { card }
    }

    /// Whether `id` is a card: one of a run, holding two blocks or more.
    pub(crate) fn is_card(&self, id: NodeId) -> bool {
        self.card.get(id as usize).copied().unwrap_or(false)
    }

    /// The card that holds the block on `node`: the nearest card at most
    /// [`Cards::MAX_DEPTH`] elements up, below `root`.
    pub(crate) fn card_of(&self, page: &Page, node: NodeId, root: NodeId) -> Option<NodeId> {
        page.ancestors(node)
            .take(Self::MAX_DEPTH)
            .take_while(|&(id, _)| id != root)
            .map(|(id, _)| id)
            .find(|&id| self.is_card(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::Options;

    #[test]
    fn cards_hold_more_than_a_link_and_come_in_runs() {
        let card = |n: u32| {
            format!("<div class=card><h3><a href=/p{n}>Product {n}</a></h3><p>$1{n}.99</p></div>")
        };
        let html = format!(
            "<ul class=menu><li><a href=/a>A</a></li><li><a href=/b>B</a></li><li><a href=/c>C</a></li></ul>\
             <div class=grid>{}{}{}</div><div class=lone><h3><a href=/x>Lone</a></h3><p>$9</p></div>",
            card(1),
            card(2),
            card(3)
        );
        let page = crate::pipeline::collect::page_of(&html, &Options::default());
        let cards = Cards::of(&page);
        let holder = |text: &str| {
            page.blocks
                .iter()
                .find(|b| b.text == text)
                .and_then(|b| cards.card_of(&page, b.node, 0))
        };
        assert!(holder("Product 2").is_some());
        assert_eq!(holder("Product 2"), holder("$12.99"), "one card");
        assert_ne!(holder("Product 1"), holder("Product 2"));
        assert_eq!(holder("A"), None, "a menu's item holds its link alone");
        assert_eq!(holder("Lone"), None, "one card is no run");
    }
}
