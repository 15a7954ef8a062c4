//! The article's structure beyond its blocks: where each kept block sits in lists and
//! tables ([`ListPlace`], [`CellPlace`], read off the page's element tree), and which of
//! the page's images belong to the article.

use std::collections::HashMap;

use crate::article::{BlockKind, CellPlace, Image, ListPlace};
use crate::pipeline::page::{NodeId, Page};
use crate::pipeline::tag::Tag;

/// Numbers the ids seen under each key in the order they are first seen, from 1.
#[derive(Default)]
struct Numbering<K> {
    numbers: HashMap<(K, NodeId), u32>,
    counts: HashMap<K, u32>,
}

impl<K: std::hash::Hash + Eq + Copy> Numbering<K> {
    /// The position of `id` among the ids seen under `key`.
    fn of(&mut self, key: K, id: NodeId) -> u32 {
        let counts = &mut self.counts;
        *self.numbers.entry((key, id)).or_insert_with(|| {
            let n = counts.entry(key).or_insert(0);
            *n += 1;
            *n
        })
    }
}

/// The list and table places of the blocks `kept` (page block indices, in page order).
/// Items and rows are numbered among the kept ones, so that a list or table the article
/// keeps part of reads from 1.
pub(crate) fn places(page: &Page, kept: &[usize]) -> Vec<(Option<ListPlace>, Option<CellPlace>)> {
    let mut items: Numbering<NodeId> = Numbering::default();
    let mut tables: Numbering<()> = Numbering::default();
    let mut rows: Numbering<NodeId> = Numbering::default();
    let mut cols: Numbering<NodeId> = Numbering::default();
    let mut out = Vec::with_capacity(kept.len());
    for &i in kept {
        let Some(b) = page.blocks.get(i) else {
            out.push((None, None));
            continue;
        };
        let chain = || page.ancestors(b.node).map(|(id, n)| (id, n.tag));
        let list = list_place(chain, &mut items);
        let cell = cell_place(chain(), &mut tables, &mut rows, &mut cols);
        out.push((list, cell));
    }
    out
}

/// The elements from a block's up to the root.
trait Chain: Iterator<Item = (NodeId, Tag)> + Clone {}
impl<I: Iterator<Item = (NodeId, Tag)> + Clone> Chain for I {}

fn list_place<C: Chain>(chain: impl Fn() -> C, items: &mut Numbering<NodeId>) -> Option<ListPlace> {
    let is_item = |t: Tag| matches!(t, Tag::Li | Tag::Dt | Tag::Dd);
    let mut up = chain().skip_while(|&(_, t)| !is_item(t));
    let (item, _) = up.next()?;
    // An item outside any list hangs on its parent element.
    let parent = up.clone().next().map_or(item, |(id, _)| id);
    let (list_id, ordered) = up
        .find(|&(_, t)| t.is_list())
        .map_or((parent, false), |(id, t)| (id, t == Tag::Ol));
    let depth = chain().filter(|&(_, t)| is_item(t)).count();
    Some(ListPlace {
        depth: depth.min(u8::MAX as usize) as u8,
        ordered,
        item: items.of(list_id, item),
    })
}

fn cell_place(
    chain: impl Chain,
    tables: &mut Numbering<()>,
    rows: &mut Numbering<NodeId>,
    cols: &mut Numbering<NodeId>,
) -> Option<CellPlace> {
    let mut up = chain.skip_while(|&(_, t)| t != Tag::Td);
    let (cell, _) = up.next()?;
    let (row, _) = up.find(|&(_, t)| t == Tag::Tr)?;
    let (table, _) = up.find(|&(_, t)| t == Tag::Table)?;
    Some(CellPlace {
        table: tables.of((), table),
        row: rows.of(table, row),
        col: cols.of(row, cell),
    })
}

/// The page's images that belong to the article, with their captions, addresses as the
/// page wrote them. An image belongs when it sits inside a kept block, or between blocks
/// with a kept one after it and, before it, a kept block, nothing kept yet (a lead
/// picture), or nothing but its own caption after it.
///
/// Also the article's lead picture: its first photo (`RawImage::photo`) that stands
/// on its own (not inside a line of text, as an emoji is).
pub(crate) fn images(page: &Page, kept: &[usize]) -> (Vec<Image>, Option<String>) {
    let is_kept = |i: usize| kept.binary_search(&i).is_ok();
    let first = kept.first().copied();
    let mut out: Vec<Image> = Vec::new();
    let mut lead: Option<String> = None;
    for im in &page.images {
        let i = im.block;
        let caption = page
            .blocks
            .get(i)
            .filter(|b| !im.inside && b.kind == BlockKind::Caption && is_kept(i))
            .map(|b| b.text.clone());
        let belongs = is_kept(i)
            && (im.inside
                || caption.is_some()
                || Some(i) == first
                || i.checked_sub(1).is_some_and(is_kept));
        if belongs && lead.is_none() && !im.inside && im.photo {
            lead = Some(im.src.clone());
        }
        if belongs && !out.iter().any(|o| o.src == im.src) {
            out.push(Image {
                src: im.src.clone(),
                alt: im.alt.clone(),
                caption,
            });
        }
    }
    (out, lead)
}
