//! Which boilerplate rule each block matches, asked only where the answer matters.
//!
//! Rules are tried on the blocks that could score and the blocks inside the article; most
//! short blocks of a page are navigation that no decision ever looks at. Each block's
//! answer is computed at most once.

use crate::pipeline::page::RawBlock;
use crate::rules::{Role, Rule, Rules};

/// The rule hits of one page's blocks, computed on first request.
pub(crate) struct RuleHits<'r> {
    rules: &'r Rules,
    memo: Vec<Option<Option<&'r Rule>>>,
}

impl<'r> RuleHits<'r> {
    pub(crate) fn new(rules: &'r Rules, blocks: usize) -> Self {
        RuleHits {
            rules,
            memo: vec![None; blocks],
        }
    }

    /// The first rule that block `i` (`b`) matches.
    pub(crate) fn of(&mut self, i: usize, b: &RawBlock) -> Option<&'r Rule> {
        let rules = self.rules;
        let heading = b.kind == crate::article::BlockKind::Heading;
        let find = || rules.matching_block(&b.text, b.m.chars as usize, b.m.cjk as usize, heading);
        match self.memo.get_mut(i) {
            Some(slot) => *slot.get_or_insert_with(find),
            None => find(),
        }
    }

    /// Whether block `i` (`b`) matches a rule with `role`.
    pub(crate) fn has_role(&mut self, i: usize, b: &RawBlock, role: Role) -> bool {
        self.of(i, b).is_some_and(|r| r.role == Some(role))
    }
}
