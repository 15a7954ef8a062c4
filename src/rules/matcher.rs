//! A rule's patterns compiled for the one question rules ask: does this block match?
//!
//! `regex::Regex` builds a forward and a reverse automaton (the reverse one finds where a
//! match starts, and serves end-anchored patterns), plus capture support. A rule only
//! needs a yes or no, so a forward lazy DFA without captures answers it at about half the
//! compile cost (figures in BENCHMARKS.md, "Where the time goes"). The DFA gives up on a
//! Unicode `\b` next to non-ASCII text; the full engine, built on that first need,
//! answers then.

use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::OnceLock;

use regex::Regex;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::util::pool::Pool;
use regex_automata::Input;

type CacheFn = Box<dyn Fn() -> Cache + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// The compiled form of a pattern; the pattern itself stays with its owner (the rule),
/// which hands it back to [`Matcher::is_match`] for the fallback.
pub(crate) struct Matcher {
    dfa: DFA,
    /// One search cache per thread that uses the rule (the pool's owner takes no lock).
    caches: Pool<Cache, CacheFn>,
    fallback: OnceLock<Option<Regex>>,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher").finish_non_exhaustive()
    }
}

impl Matcher {
    /// Compiles `pattern` (regex crate syntax).
    pub(crate) fn new(pattern: &str) -> Result<Matcher, String> {
        let dfa = DFA::builder()
            .configure(DFA::config().unicode_word_boundary(true))
            .thompson(thompson::Config::new().which_captures(thompson::WhichCaptures::None))
            .build(pattern)
            .map_err(|e| e.to_string())?;
        let for_caches = dfa.clone();
        let create: CacheFn = Box::new(move || for_caches.create_cache());
        Ok(Matcher {
            dfa,
            caches: Pool::new(create),
            fallback: OnceLock::new(),
        })
    }

    /// Whether the pattern matches anywhere in `text`; `pattern` is the one this was built
    /// from.
    pub(crate) fn is_match(&self, text: &str, pattern: &str) -> bool {
        let input = Input::new(text).earliest(true);
        match self.dfa.try_search_fwd(&mut self.caches.get(), &input) {
            Ok(found) => found.is_some(),
            Err(_) => self
                .fallback
                .get_or_init(|| Regex::new(pattern).ok())
                .as_ref()
                .is_some_and(|re| re.is_match(text)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_as_the_regex_crate_does() {
        let cases = [
            (r"(?i)^back to top$", "Back to TOP", true),
            (r"(?i)^back to top$", "back to the top", false),
            (r"(©|\(c\))\s*\S.{0,50}$", "Photo © AFP", true),
            (r"^\d+ of \d+$", "３ of ４", true),
            (r"^\d+ of \d+$", "3 of four", false),
            (r"[>»]{2}\s*$", "更多新闻 >>", true),
            (r"(?-u:\b)ad(?-u:\b)", "a bad road", false),
            // Unicode \b: the DFA gives up on non-ASCII text, the fallback answers.
            (r"\bnews\b", "Latest news", true),
            (r"\bnews\b", "Überall news", true),
            (r"\bnews\b", "Übernewsdienst", false),
        ];
        for (pattern, text, want) in cases {
            let m = Matcher::new(pattern).expect("compiles");
            let re = Regex::new(pattern).expect("compiles");
            assert_eq!(re.is_match(text), want, "{pattern} on {text}");
            assert_eq!(m.is_match(text, pattern), want, "{pattern} on {text}");
        }
        assert!(Matcher::new("(").is_err());
    }
}
