//! Content that React's streaming renderer sends late. The page first holds a placeholder
//! (`<template id="B:0"></template>`) where a part will go; the part itself comes at the
//! end of the page in `<div hidden id="S:0">…</div>`, and an inline script
//! (`$RC("B:0","S:0")`) moves it into the placeholder. A browser shows the part where the
//! placeholder stands; so does the page model once [`splice`] has moved each segment's
//! blocks there and hung its element under the placeholder's parent.
//!
//! Placeholders and segments pair by their number. A segment without a placeholder stays
//! where it is; a placeholder without a segment is nothing. Everything is one pass over the
//! blocks, however many segments (at most `MAX_STREAMED`), nested or not.

use crate::pipeline::page::{NodeId, Page};

/// Where a placeholder stood.
#[derive(Debug, Clone, Copy)]
pub(super) struct Placeholder {
    pub(super) n: u32,
    /// The index the next block had when the placeholder came.
    pub(super) block: usize,
    /// The element holding it.
    pub(super) parent: NodeId,
    /// The `ctx` bits around it.
    pub(super) ctx: u32,
    /// The number of the segment it stands in, if any (a late part may hold the
    /// placeholder of a later one).
    pub(super) inside: Option<u32>,
}

/// The blocks of a segment.
#[derive(Debug, Clone, Copy)]
pub(super) struct Segment {
    pub(super) n: u32,
    /// Its blocks, `start..end`.
    pub(super) start: usize,
    pub(super) end: usize,
    /// Its element's node, when text under it made one.
    pub(super) node: Option<NodeId>,
}

/// Moves each segment's blocks to its placeholder. Returns, for every old block index,
/// its new one (also for one past the end), or `None` when nothing moved.
pub(super) fn splice(
    page: &mut Page,
    placeholders: &[Placeholder],
    segments: &[Segment],
) -> Option<Vec<u32>> {
    // Pair by number: the first segment of a number with the first placeholder of it.
    let mut pairs: Vec<(Placeholder, Segment)> = Vec::new();
    for s in segments {
        if s.start >= s.end || pairs.iter().any(|(_, t)| t.n == s.n) {
            continue;
        }
        if let Some(p) = placeholders.iter().find(|p| p.n == s.n) {
            // A placeholder inside its own segment would loop: it stays where it is.
            if p.inside != Some(s.n) {
                pairs.push((*p, *s));
            }
        }
    }
    if pairs.is_empty() {
        return None;
    }
    let n = page.blocks.len();
    let mut at: foldhash::HashMap<usize, Vec<usize>> = foldhash::HashMap::default();
    for (k, (p, _)) in pairs.iter().enumerate() {
        at.entry(p.block).or_default().push(k);
    }
    // For each pair, the pair whose segment holds its placeholder (a placeholder in a
    // segment that does not move belongs to the page's own flow).
    let holder: Vec<Option<usize>> = pairs
        .iter()
        .map(|(p, _)| {
            p.inside
                .and_then(|n| pairs.iter().position(|(_, s)| s.n == n))
        })
        .collect();
    let starts: foldhash::HashMap<usize, usize> = pairs
        .iter()
        .enumerate()
        .map(|(k, (_, s))| (s.start, k))
        .collect();
    let walk = Walk {
        pairs: &pairs,
        at: &at,
        starts: &starts,
        holder: &holder,
    };
    // The order of the old indices: the page's blocks outside every moved segment, a
    // segment's blocks spliced in where its placeholder stands (recursively: a segment
    // may hold the placeholder of another).
    let mut order: Vec<u32> = Vec::with_capacity(n);
    let mut placed = vec![false; pairs.len()];
    walk.emit(0, n, None, &mut placed, &mut order);
    // Segments whose placeholder was never reached (it stood inside a segment that was not
    // placed) stay at the end.
    for k in 0..pairs.len() {
        if let (Some(false), Some((_, s))) = (placed.get(k).copied(), pairs.get(k)) {
            if let Some(x) = placed.get_mut(k) {
                *x = true;
            }
            walk.emit(s.start, s.end, Some(k), &mut placed, &mut order);
        }
    }
    // Every block exactly once, or nothing moves.
    let mut seen = vec![false; n];
    let permutation = order.len() == n
        && order.iter().all(|&i| {
            seen.get_mut(i as usize)
                .is_some_and(|x| !std::mem::replace(x, true))
        });
    if !permutation {
        return None;
    }
    let mut new_index = vec![n as u32; n + 1];
    for (new, &old) in order.iter().enumerate() {
        if let Some(x) = new_index.get_mut(old as usize) {
            *x = new as u32;
        }
    }
    // Blocks in their new order, the moved ones with the context of their new place.
    let mut old: Vec<Option<crate::pipeline::page::RawBlock>> = std::mem::take(&mut page.blocks)
        .into_iter()
        .map(Some)
        .collect();
    for (p, s) in &pairs {
        for b in old.iter_mut().take(s.end).skip(s.start).flatten() {
            b.ctx |= p.ctx;
        }
        if let Some(node) = s.node.and_then(|id| page.nodes.get_mut(id as usize)) {
            node.up = p.parent;
        }
    }
    page.blocks = order
        .iter()
        .filter_map(|&i| old.get_mut(i as usize).and_then(Option::take))
        .collect();
    Some(new_index)
}

/// The pairs, indexed by where their placeholders stand and where their segments start.
struct Walk<'a> {
    pairs: &'a [(Placeholder, Segment)],
    at: &'a foldhash::HashMap<usize, Vec<usize>>,
    starts: &'a foldhash::HashMap<usize, usize>,
    /// Per pair, the pair whose segment holds its placeholder.
    holder: &'a [Option<usize>],
}

impl Walk<'_> {
    /// Appends the old indices `from..to` to `order`, splicing in each paired segment at
    /// its placeholder and leaving the segments out where they stand. `own`: the pair
    /// whose segment `from..to` is (`None` for the whole page); the placeholders that
    /// range holds (up to its end) are spliced.
    fn emit(
        &self,
        from: usize,
        to: usize,
        own: Option<usize>,
        placed: &mut [bool],
        order: &mut Vec<u32>,
    ) {
        let mut i = from;
        loop {
            for &k in self.at.get(&i).map_or(&[][..], Vec::as_slice) {
                if self.holder.get(k).copied().flatten() != own {
                    continue;
                }
                let Some(false) = placed.get(k).copied() else {
                    continue;
                };
                if let Some(x) = placed.get_mut(k) {
                    *x = true;
                }
                if let Some((_, s)) = self.pairs.get(k) {
                    self.emit(s.start, s.end, Some(k), placed, order);
                }
            }
            if i >= to {
                break;
            }
            // A moved segment is left out here: it is, or was, emitted at its placeholder.
            match self.starts.get(&i) {
                Some(&k) if Some(k) != own => {
                    let end = self.pairs.get(k).map_or(i + 1, |(_, s)| s.end);
                    i = end.max(i + 1);
                }
                _ => {
                    order.push(i as u32);
                    i += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::options::Options;

    fn texts(html: &str) -> Vec<String> {
        let page = crate::pipeline::collect::page_of(html, &Options::default());
        page.blocks.iter().map(|b| b.text.clone()).collect()
    }

    #[test]
    fn segments_go_where_their_placeholders_stand() {
        // A segment holding the placeholder of another: both in place, in order.
        let html = "<div><p>one</p><template id=\"B:0\"></template><p>four</p></div>\
                    <div hidden id=\"S:1\"><p>three</p></div>\
                    <div hidden id=\"S:0\"><p>two</p><template id=\"B:1\"></template></div>";
        assert_eq!(texts(html), ["one", "two", "three", "four"]);
    }

    #[test]
    fn unpaired_segments_stay_and_a_self_placeholder_does_not_loop() {
        // No placeholder: the segment stays where it is (it is shown, at the end).
        assert_eq!(
            texts("<p>one</p><div hidden id=\"S:7\"><p>late</p></div>"),
            ["one", "late"]
        );
        // A placeholder inside its own segment.
        assert_eq!(
            texts("<p>one</p><div hidden id=\"S:2\"><p>a</p><template id=\"B:2\"></template><p>b</p></div>"),
            ["one", "a", "b"]
        );
        // A hidden element with another id stays hidden.
        assert_eq!(
            texts("<p>one</p><div hidden id=\"X:0\"><p>no</p></div>"),
            ["one"]
        );
    }
}
