//! Boilerplate rules as data: `rules/boilerplate.toml`, extendable by users.

use std::sync::{Arc, OnceLock};

use serde::Deserialize;

use crate::error::Error;

mod matcher;
use matcher::Matcher;

const BUILTIN: &str = include_str!("../../rules/boilerplate.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default)]
    rule: Vec<RuleSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    name: String,
    reason: String,
    max_chars: usize,
    #[serde(default)]
    max_cjk_chars: Option<usize>,
    patterns: Vec<String>,
    #[serde(default)]
    role: Option<Role>,
    /// Whether the rule also removes headings (default true).
    #[serde(default = "yes")]
    headings: bool,
}

fn yes() -> bool {
    true
}

/// What a rule's match means beyond "this block is boilerplate": the select stage acts on
/// roles, never on rule names, so a rule can be renamed (or a user rule given a role)
/// without code changes. Documented in the header of `rules/boilerplate.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// A line that closes an article (a Chinese article's `责任编辑：…` credits): late in
    /// the article, what follows it in the article is a recommendation box.
    EndMarker,
    /// The heading of a related-stories box (`相关新闻`, `You may also like`): the element
    /// it opens is a box of teasers, and the linked list items after it go with it.
    RelatedHeading,
}

/// One rule.
#[derive(Debug)]
pub struct Rule {
    /// Stable name, reported in `removed`.
    pub name: String,
    /// Why blocks like this are removed.
    pub reason: String,
    /// Only blocks of at most this many characters are tested.
    pub max_chars: usize,
    /// The same cap for a block at least half of whose characters are CJK: a CJK character
    /// carries about what a word does, so 200 of them are a paragraph, not a line. Defaults
    /// to a third of `max_chars`.
    pub max_cjk_chars: usize,
    /// What a match means to the select stage, besides removing the block.
    pub role: Option<Role>,
    /// Whether the rule removes headings too (`headings = false`: a call to action such as
    /// `Get started` is also a documentation page's section title).
    pub headings: bool,

    /// The rule's patterns as one alternation: one automaton per rule.
    pattern: String,
    /// The compiled `pattern`. Built-in rules compile on first use: most pages need few
    /// rules, and a short batch job should not pay for all of them (BENCHMARKS.md).
    re: OnceLock<Option<Matcher>>,
}

/// Why a rule's patterns do not compile, for its author: the rule, the faulty pattern and
/// the regex crate's account of it (the position, marked). The automaton's own error
/// ("error building NFA") names none of them.
fn pattern_error(rule: &str, patterns: &[String], automaton_error: &str) -> String {
    patterns
        .iter()
        .find_map(|p| {
            regex::Regex::new(p)
                .err()
                .map(|e| format!("rule {rule}: pattern {p:?} does not compile: {e}"))
        })
        .unwrap_or_else(|| format!("rule {rule}: its patterns do not compile: {automaton_error}"))
}

impl Rule {
    /// The compiled pattern; `None` when it does not compile (only possible for a
    /// lazily compiled built-in rule, which a unit test compiles).
    fn regex(&self) -> Option<&Matcher> {
        self.re
            .get_or_init(|| match Matcher::new(&self.pattern) {
                Ok(re) => Some(re),
                Err(e) => {
                    tracing::error!(rule = %self.name, error = %e, "rule does not compile; skipped");
                    None
                }
            })
            .as_ref()
    }

    /// The longest block this rule tests: `max_cjk_chars` for a block at least half of
    /// whose `chars` are CJK (`cjk`), else `max_chars`.
    fn cap(&self, chars: usize, cjk: usize) -> usize {
        if cjk > 0 && cjk * 2 >= chars {
            self.max_cjk_chars
        } else {
            self.max_chars
        }
    }

    fn is_match(&self, text: &str) -> bool {
        self.regex()
            .is_some_and(|re| re.is_match(text, &self.pattern))
    }
}

/// A compiled set of boilerplate rules, tried in file order.
///
/// Most blocks match no rule, and one regex call costs about as much as scanning a short
/// block, so a literal gate runs first: from each rule's patterns, words that any match
/// must contain are collected (`required_words`), and one Aho-Corasick scan of the lowercased
/// block tells which rules can match at all. Only those, and the rules whose patterns
/// give no such words (`ungated`), run their regex. One `RegexSet` of every pattern
/// would scan once too, but its lazy DFA needs tens of MiB of cache per thread to stay
/// fast (tried and measured: BENCHMARKS.md, "Rules behind a literal gate").
#[derive(Debug)]
pub struct Rules {
    rules: Vec<Rule>,
    /// The largest `max_chars` or `max_cjk_chars`: longer blocks are not scanned at all.
    longest: usize,
    /// Lowercased required words of the gated rules, and the rule of each word.
    gate: Option<(aho_corasick::AhoCorasick, Vec<usize>)>,
    /// Rules that run whatever the gate says.
    ungated: Vec<bool>,
}

impl Rules {
    /// The built-in rules, compiled once per process.
    pub fn builtin() -> Arc<Rules> {
        static BUILT: OnceLock<Arc<Rules>> = OnceLock::new();
        BUILT
            .get_or_init(|| {
                // The built-in file is tested to compile; an empty set is the safe fallback.
                let rules = specs(BUILTIN).and_then(|s| Rules::compile(s, usize::MAX));
                Arc::new(rules.unwrap_or_else(|e| {
                    tracing::error!(error = %e, "built-in rules do not compile; running without rules");
                    Rules {
                        rules: Vec::new(),
                        longest: 0,
                        gate: None,
                        ungated: Vec::new(),
                    }
                }))
            })
            .clone()
    }

    /// Compiles rules from TOML text (the format of `rules/boilerplate.toml`).
    pub fn parse(toml_text: &str) -> Result<Rules, Error> {
        Rules::compile(specs(toml_text)?, 0)
    }

    /// Compiles every rule not compiled yet, so that no request pays for it later (the
    /// server calls it at start-up; a batch job lets rules compile when first needed).
    pub fn compile_all(&self) {
        for r in &self.rules {
            r.regex();
        }
    }

    /// Rules before index `lazy_before` (the built-in ones) compile on first use; the
    /// others now, so that a user's bad pattern is an error at load time.
    fn compile(specs: Vec<RuleSpec>, lazy_before: usize) -> Result<Rules, Error> {
        let mut rules = Vec::with_capacity(specs.len());
        let (mut words, mut word_rule, mut ungated) = (Vec::new(), Vec::new(), Vec::new());
        for (i, spec) in specs.into_iter().enumerate() {
            let alternation = spec
                .patterns
                .iter()
                .map(|p| format!("(?:{p})"))
                .collect::<Vec<_>>()
                .join("|");
            let re = if i < lazy_before {
                OnceLock::new()
            } else {
                let re = Matcher::new(&alternation)
                    .map_err(|e| Error::Rules(pattern_error(&spec.name, &spec.patterns, &e)))?;
                OnceLock::from(Some(re))
            };
            match required_words(&spec.patterns) {
                Some(ws) => {
                    word_rule.extend(std::iter::repeat_n(i, ws.len()));
                    words.extend(ws);
                    ungated.push(false);
                }
                None => ungated.push(true),
            }
            rules.push(Rule {
                name: spec.name,
                reason: spec.reason,
                max_chars: spec.max_chars,
                max_cjk_chars: spec
                    .max_cjk_chars
                    .unwrap_or_else(|| spec.max_chars.div_ceil(3)),
                role: spec.role,
                headings: spec.headings,
                pattern: alternation,
                re,
            });
        }
        let longest = rules
            .iter()
            .map(|r| r.max_chars.max(r.max_cjk_chars))
            .max()
            .unwrap_or(0);
        let gate = match aho_corasick::AhoCorasick::new(&words) {
            Ok(ac) => Some((ac, word_rule)),
            // Without the gate every rule runs: slower, same answers.
            Err(_) => {
                ungated.iter_mut().for_each(|u| *u = true);
                None
            }
        };
        Ok(Rules {
            rules,
            longest,
            gate,
            ungated,
        })
    }

    /// The built-in rules followed by the rules of `toml_text`.
    pub fn builtin_and(toml_text: &str) -> Result<Rules, Error> {
        let mut all = specs(BUILTIN)?;
        let builtin = all.len();
        all.extend(specs(toml_text)?);
        Rules::compile(all, builtin)
    }

    /// The first rule (in file order) that matches a block of `chars` characters, `cjk` of
    /// them CJK (which decides whether `max_chars` or `max_cjk_chars` caps it).
    pub fn matching(&self, text: &str, chars: usize, cjk: usize) -> Option<&Rule> {
        self.matching_block(text, chars, cjk, false)
    }

    /// [`Rules::matching`] for a block that is a heading or not: rules with
    /// `headings = false` pass headings by.
    pub fn matching_block(
        &self,
        text: &str,
        chars: usize,
        cjk: usize,
        heading: bool,
    ) -> Option<&Rule> {
        if chars > self.longest {
            return None;
        }
        let mut may = self.ungated.clone();
        if let Some((ac, word_rule)) = &self.gate {
            let lower = text.to_lowercase();
            for m in ac.find_overlapping_iter(&lower) {
                if let Some(flag) = word_rule
                    .get(m.pattern().as_usize())
                    .and_then(|&r| may.get_mut(r))
                {
                    *flag = true;
                }
            }
        }
        self.rules
            .iter()
            .zip(may)
            .find(|(r, may)| {
                *may && (r.headings || !heading) && chars <= r.cap(chars, cjk) && r.is_match(text)
            })
            .map(|(r, _)| r)
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// The rules of a TOML rules file.
fn specs(toml_text: &str) -> Result<Vec<RuleSpec>, Error> {
    let file: RuleFile = toml::from_str(toml_text).map_err(|e| Error::Rules(e.to_string()))?;
    Ok(file.rule)
}

/// Lowercased words of which every match of some pattern contains at least one, or
/// `None` when a pattern gives no such words (it can match with only classes, such as
/// `^[\d/]+$`). Case-insensitivity flags are dropped for the analysis: the words are
/// compared with the lowercased block. Lowercasing and the regex's case folding differ
/// for a few letters only (`ſ`, the Kelvin sign), where a rule may be skipped.
fn required_words(patterns: &[String]) -> Option<Vec<String>> {
    let mut all = Vec::new();
    for p in patterns {
        let plain = p.replace("(?i)", "").replace("(?i:", "(?:");
        let hir = regex_syntax::parse(&plain).ok()?;
        let words = required(&hir)?;
        for w in words {
            all.push(String::from_utf8(w).ok()?.to_lowercase());
        }
    }
    // A word of only whitespace (`^(\d{1,3} ){2,}\d{1,3}$` needs just a space) is in
    // almost every block: it gates nothing and makes the scan stop at every space.
    let useful = all.iter().all(|w| !w.trim().is_empty());
    (!all.is_empty() && all.len() <= 2_000 && useful).then_some(all)
}

/// Byte strings of which every match of `hir` contains one (see [`required_words`]).
fn required(hir: &regex_syntax::hir::Hir) -> Option<Vec<Vec<u8>>> {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Literal(lit) => Some(vec![lit.0.to_vec()]),
        HirKind::Capture(c) => required(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub),
        HirKind::Alternation(alts) => {
            let mut out = Vec::new();
            for a in alts {
                out.extend(required(a)?);
            }
            Some(out)
        }
        // The part whose shortest word is the longest is the most selective.
        HirKind::Concat(parts) => parts
            .iter()
            .filter_map(required)
            .max_by_key(|ws| ws.iter().map(Vec::len).min().unwrap_or(0)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(text: &str) -> Option<String> {
        let rules = Rules::parse(BUILTIN).expect("builtin rules compile");
        let chars = text.chars().count();
        let cjk = text
            .chars()
            .filter(|&c| ('\u{3040}'..='\u{9FFF}').contains(&c))
            .count();
        let gated = rules.matching(text, chars, cjk).map(|r| r.name.clone());
        // The literal gate only skips rules that cannot match: same answer as trying all.
        let every = rules
            .rules
            .iter()
            .find(|r| chars <= r.cap(chars, cjk) && r.is_match(text))
            .map(|r| r.name.clone());
        assert_eq!(gated, every, "gate changed the answer for {text:?}");
        gated
    }

    #[test]
    fn most_rules_are_gated_by_required_words() {
        let rules = Rules::parse(BUILTIN).expect("compile");
        let gated = rules.ungated.iter().filter(|u| !**u).count();
        assert!(gated * 2 > rules.len(), "{gated} of {}", rules.len());
        assert_eq!(
            required_words(&["(?i)^(sign up|subscribe) now$".to_string()]),
            Some(vec!["sign up".to_string(), "subscribe".to_string()])
        );
        // A pattern of classes only has no required word; a literal between classes is one.
        assert_eq!(required_words(&[r"^[\d/]+$".to_string()]), None);
        // A space is no gate.
        assert_eq!(
            required_words(&[r"^(\d{1,3} ){2,}\d{1,3}$".to_string()]),
            None
        );
        assert_eq!(
            required_words(&[r"^\d+ of \d+$".to_string()]),
            Some(vec![" of ".to_string()])
        );
    }

    #[test]
    fn builtin_rules_compile() {
        assert!(Rules::parse(BUILTIN).expect("compile").len() > 10);
        // The lazily compiled copy compiles every rule when asked.
        let lazy = Rules::builtin();
        lazy.compile_all();
        assert!(lazy
            .rules
            .iter()
            .all(|r| r.re.get().is_some_and(Option::is_some)));
    }

    #[test]
    fn user_rules_compile_at_load_builtin_ones_on_use() {
        let bad =
            "[[rule]]\nname = \"x\"\nreason = \"r\"\nmax_chars = 9\npatterns = [\"ok\", \"a(b\"]\n";
        // The error names the rule, the faulty pattern and where it goes wrong.
        match Rules::builtin_and(bad) {
            Err(Error::Rules(why)) => {
                assert!(why.contains("rule x: pattern \"a(b\""), "{why}");
                assert!(why.contains("unclosed group"), "{why}");
                assert!(!why.contains("NFA"), "{why}");
            }
            other => panic!("{other:?}"),
        }
        let bad = bad.replace("\"ok\", ", "");
        let good = bad.replace("[\"a(b\"]", "[\"^zz$\"]");
        let rules = Rules::builtin_and(&good).expect("compiles");
        let (builtin, user) = rules.rules.split_at(rules.len() - 1);
        assert!(builtin.iter().all(|r| r.re.get().is_none()));
        assert!(user.iter().all(|r| r.re.get().is_some()));
        assert_eq!(
            rules.matching("zz", 2, 0).map(|r| r.name.as_str()),
            Some("x")
        );
    }

    /// A Unicode `\b` makes the regex engine drop its DFA for a much slower NFA on any
    /// non-ASCII block (every Chinese page): built-in rules use the ASCII `(?-u:\b)`.
    #[test]
    fn builtin_rules_use_ascii_word_boundaries() {
        for (n, line) in BUILTIN.lines().enumerate() {
            let unicode_b = line.replace("(?-u:\\b)", "").contains("\\b");
            assert!(!unicode_b, "line {}: use (?-u:\\b): {line}", n + 1);
        }
    }

    #[test]
    fn portal_chrome_is_caught() {
        assert_eq!(hit("返回頂部").as_deref(), Some("back_to_top"));
        assert_eq!(hit("返回顶部").as_deref(), Some("back_to_top"));
        assert_eq!(hit("400-876-1589").as_deref(), Some("hotline"));
        assert_eq!(hit("8萬+套精品房源").as_deref(), Some("promo"));
        assert_eq!(hit("100+人專業顧問").as_deref(), Some("promo"));
        assert_eq!(hit("早9:00-晚21:00").as_deref(), Some("promo"));
        assert_eq!(hit("關注“優樓網”").as_deref(), Some("follow_prompt"));
        assert_eq!(hit("評論:").as_deref(), Some("ui_label"));
        assert_eq!(hit("免費咨詢").as_deref(), Some("hotline"));
        assert_eq!(hit("责任编辑：杨倩_NF4425").as_deref(), Some("editor_line"));
        assert_eq!(hit("京ICP备12345678号").as_deref(), Some("license_line"));
        assert_eq!(hit("编辑 刘晓阳 校对 李铭").as_deref(), Some("editor_line"));
        assert_eq!(hit("采写：南都记者 余毅菁").as_deref(), Some("editor_line"));
        assert_eq!(hit("声明：本站力求信息真实").as_deref(), Some("disclaimer"));
        assert_eq!(hit("点击进入专题：").as_deref(), Some("more_link"));
        assert_eq!(hit("返回新闻网首页>>").as_deref(), Some("more_link"));
        assert_eq!(
            hit("1、回复【社保】查询记录").as_deref(),
            Some("follow_prompt")
        );
    }

    #[test]
    fn multilingual_chrome_is_caught() {
        assert_eq!(
            hit("Das könnte Sie auch interessieren:").as_deref(),
            Some("related_heading_intl")
        );
        assert_eq!(hit("Lire aussi").as_deref(), Some("related_heading_intl"));
        assert_eq!(
            hit("Você pode gostar...").as_deref(),
            Some("related_heading_intl")
        );
        assert_eq!(hit("Reklama").as_deref(), Some("ad_label"));
        assert_eq!(hit("Kommentieren").as_deref(), Some("interaction_ui"));
        assert_eq!(
            hit("Veröffentlicht am 16.08.2019").as_deref(),
            Some("date_line")
        );
        assert_eq!(
            hit("Publiziert: 03.04.2020, 12:35 von Redaktion").as_deref(),
            Some("publication_line")
        );
        assert_eq!(
            hit("Marco Odermatt im Ziel. © AFP / MARCO BERTORELLO").as_deref(),
            Some("credit_line")
        );
        assert_eq!(hit("4 Min Read").as_deref(), Some("reading_time"));
        assert_eq!(
            hit("Weitere Informationen:").as_deref(),
            Some("related_heading_intl")
        );
        assert_eq!(
            hit("Abbildung 8: Vorgehensweise bei Ereignissen").as_deref(),
            Some("figure_label")
        );
        assert_eq!(
            hit("Ein Förster im Wald (Symbolbild).").as_deref(),
            Some("figure_label")
        );
        assert_eq!(hit("?").as_deref(), Some("no_text"));
        assert_eq!(hit("This site is protected by reCAPTCHA and the Google Privacy Policy and Terms of Service apply.").as_deref(), Some("legal_notice"));
        assert_eq!(
            hit("Die Piloten der Luftwaffe werden künftig im Simulator in Bremen auf neuen Maschinen ausgebildet, teilte das Unternehmen mit. © CAE").as_deref(),
            Some("caption_credit")
        );
    }

    #[test]
    fn widget_and_credit_lines_are_caught() {
        assert_eq!(hit("Advert").as_deref(), Some("ui_label"));
        assert_eq!(hit("Sharing is caring!").as_deref(), Some("share_bar"));
        assert_eq!(
            hit("You may also like...").as_deref(),
            Some("related_heading")
        );
        assert_eq!(
            hit("(Reporting by Will Dunham; Editing by Tom Brown)").as_deref(),
            Some("reporting_credits")
        );
        assert_eq!(
            hit("Have a tip? Jane Roe may be reached at jroe@example.com.").as_deref(),
            Some("author_contact")
        );
        assert_eq!(
            hit("This slideshow requires JavaScript.").as_deref(),
            Some("script_notice")
        );
        assert_eq!(hit("Like Loading...").as_deref(), Some("loading_widget"));
        assert_eq!(hit("Добавить отзыв").as_deref(), Some("interaction_ui"));
        assert_eq!(
            hit("Updated Nov 19, 6:55 AM; Posted Nov 19, 6:51 AM").as_deref(),
            Some("publication_line")
        );
        assert_eq!(
            hit("Please note: comment moderation is enabled and may delay your comment.")
                .as_deref(),
            Some("comment_policy")
        );
        assert_eq!(hit("1 of 6").as_deref(), Some("gallery_counter"));
        assert_eq!(hit("1 / 13").as_deref(), Some("gallery_counter"));
        assert_eq!(hit("48566 views").as_deref(), Some("gallery_counter"));
        assert_eq!(
            hit("Follow The Daily Planet on Facebook, Twitter (@planet) and Instagram.").as_deref(),
            Some("author_contact")
        );
        assert_eq!(
            hit("Posted by Jane Roe on November 19, 2019, 6:21 AM EST").as_deref(),
            Some("byline")
        );
        assert_eq!(
            hit("Jane Roe contributed to this report.").as_deref(),
            Some("reporting_credits")
        );
        assert_eq!(
            hit("Dieser Text wurde veröffentlicht unter der Lizenz CC-BY-NC-ND-4.0-DE.").as_deref(),
            Some("reuse_notice")
        );
        assert_eq!(
            hit("This post may contain affiliate links.").as_deref(),
            Some("reuse_notice")
        );
        assert_eq!(
            hit("(Alle Angaben ohne Gewähr)").as_deref(),
            Some("reuse_notice")
        );
        assert_eq!(
            hit("Jane Roe is a reporter for The Daily Planet.").as_deref(),
            Some("author_bio")
        );
        assert_eq!(
            hit("John Doe contributed reporting from Hong Kong.").as_deref(),
            Some("reporting_credits")
        );
        assert_eq!(hit("Updated at 1:23 p.m.").as_deref(), Some("date_line"));
        assert_eq!(hit("NEXT PREV").as_deref(), Some("prev_next"));
        assert_eq!(
            hit("by Jane Roe — November 18, 2019").as_deref(),
            Some("byline")
        );
        // A headline that starts with the German "Von" is not a byline; a time in a
        // schedule table is not a date line.
        assert_eq!(
            hit("Von der Leyen will Kriegsland Ukraine in EU holen – Österreich zahlt die Zeche"),
            None
        );
        assert_eq!(hit("10:30"), None);
        // A quantity cell of a recipe table and a headline about a social network stay.
        assert_eq!(hit("1/2"), None);
        assert_eq!(
            hit("Follow these steps shared on Twitter to stop a thief on a train"),
            None
        );
        // Prose that merely mentions the words stays.
        assert_eq!(
            hit("The editing was done by hand, over many weeks, in a cold room."),
            None
        );
        assert_eq!(hit("Loading the truck took the whole morning."), None);
    }

    #[test]
    fn shop_paywall_channel_and_footer_lines_are_caught() {
        let cases = [
            ("Der Artikel wurde erfolgreich hinzugefügt.", "shop_notice"),
            (
                "Bitte geben Sie die Zahlenfolge in das nachfolgende Textfeld ein.",
                "shop_notice",
            ),
            (
                "Erstellt am Dienstag 6. Mai 2014 um 23:30 und abgelegt unter Linux, Tutorials. \
                 Kommentare zu diesen Eintrag im RSS 2.0 Feed.",
                "post_footer",
            ),
            (
                "¿Ya sabías que en example.com tenemos canal de Telegram? Únete desde tu celular.",
                "channel_promo",
            ),
            (
                "¡Mira lo que tiene nuestro canal de YouTube!",
                "channel_promo",
            ),
            (
                "For the latest stories and breaking news updates download the Example apps \
                 for iOS and Android.",
                "channel_promo",
            ),
            (
                "Einfach digital in der BIKE-App (iTunes und Google Play) oder im Shop.",
                "channel_promo",
            ),
            (
                "If you're seeing this message but you're already a subscriber, you can log in \
                 for immediate access to this story.",
                "paywall_notice",
            ),
            (
                "Wir respektieren deine Privatsphäre und stellen deshalb ohne dein \
                 Einverständnis keine Verbindung zu Twitter her.",
                "embed_consent",
            ),
            ("Dieses Skript als PDF herunterladen", "download_link"),
            ("Bild anzeigen Bild schließen", "interaction_ui"),
            (
                "Example News is not responsible for the opinions, statements or media \
                 content presented by contributors.",
                "legal_notice",
            ),
            (
                "Follow The Example on Twitter and Instagram @Example and on Facebook.",
                "author_contact",
            ),
            ("You can keep up with me on Twitter.", "author_contact"),
            (
                "If you enjoyed reading this post, please consider supporting us.",
                "subscription_prompt",
            ),
            (
                "Submit your letter to the editor via this form.",
                "subscription_prompt",
            ),
            (
                "Zapraszamy też do subskrypcji tygodnika.",
                "subscription_prompt",
            ),
            (
                "59.6k44 gold badges151 silver badges202 bronze badges",
                "qa_badges",
            ),
            ("3 bronze badges", "qa_badges"),
            ("Improve this answer", "post_controls"),
            ("Compare", "shop_controls"),
            ("Add a comment |", "post_controls"),
        ];
        for (text, rule) in cases {
            assert_eq!(hit(text).as_deref(), Some(rule), "{text}");
        }
        // The same words in reporting stay.
        for text in [
            "The video was posted on his YouTube channel on Monday and seen a million times.",
            "He was already a member of the party when the vote was called.",
            "The lawsuit was filed under seal in a federal court on Friday.",
            "The app is available for iOS and Android, and costs nothing to try.",
            "The citation was read out in the chamber before the medal was given.",
            "Tom Roe/Ann Doe",
            "Weiter geht es mit dem zweiten Teil der Reise, der uns nach Norden führt.",
            "The committee will read more than forty letters before it decides.",
            "November 20, 2019 was the day the bridge finally opened to traffic.",
            "She checked the report twice before it was sent to the printers.",
            "The team won 3 gold badges at the fair.",
            "How to improve this answer to the board's question?",
            "Compare the two plans before you buy.",
        ] {
            assert_eq!(hit(text), None, "{text}");
        }
    }

    #[test]
    fn shop_recommendation_headings_are_caught() {
        for text in [
            "Customers who bought this item also bought",
            "People who viewed this item also viewed",
            "Customers also viewed",
            "Frequently bought together",
            "Similar items",
            "Recently viewed products",
            "Kunden kauften auch",
            "Vous aimerez aussi",
            "看了又看",
        ] {
            assert_eq!(hit(text).as_deref(), Some("shop_recommendations"), "{text}");
        }
        // A shop's own grid and sentences about buying stay.
        for text in [
            "Featured products",
            "Customers who bought the first edition also got a poster.",
            "Similar items were recalled last year.",
        ] {
            assert_eq!(hit(text), None, "{text}");
        }
    }

    #[test]
    fn prose_is_left_alone() {
        assert_eq!(
            hit("记者从广告公司获悉，评论区的讨论十分热烈，许多读者表示支持。"),
            None
        );
        assert_eq!(
            hit("The top of the mountain was covered in snow that morning."),
            None
        );
        let long = "如有侵权".to_string() + &"很长的正文内容".repeat(40);
        assert_eq!(hit(&long), None);
    }

    #[test]
    fn cjk_caps_are_in_characters_and_small() {
        // A keyword matched anywhere: a prompt, but not a sentence of 60 characters.
        assert_eq!(hit("点击订阅").as_deref(), Some("newsletter"));
        assert_eq!(
            hit("新规要求平台在用户开通会员订阅服务之前，以显著方式公开订阅费用和取消方式。"),
            None
        );
        assert_eq!(hit("版权所有 © 本报").as_deref(), Some("copyright"));
        assert_eq!(
            hit("法务负责人在接受采访时说，公司对其软件和商标依法享有版权所有的权利，但会全力配合新规，尽快调整会员页面并主动退款。"),
            None
        );
        assert_eq!(
            hit("本文仅代表作者本人观点，与本网无关。").as_deref(),
            Some("disclaimer")
        );
        assert_eq!(
            hit("专家指出，企业发言人的个人言论并不代表行业协会的立场，协会将在本月底召开会议讨论。"),
            None
        );
        // A label that opens the line may carry a long line behind it.
        let notice = "反侵权公告：本文为本报原创稿件，版权归本报所有，未经书面授权，任何媒体和个人不得转载。\
                      本报常年法律顾问：某某律师事务所张律师，电话：021-12345678。";
        assert_eq!(hit(notice).as_deref(), Some("legal_notice"));
        // The same words in a Latin-script line keep the Latin cap.
        assert_eq!(
            hit("Subscribe to our newsletter / 订阅我们的 newsletter for the daily digest")
                .as_deref(),
            Some("newsletter")
        );
    }
}
