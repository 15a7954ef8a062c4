//! The title: `<title>` without the site's name, the metas that quote the headline, and
//! the headline as the page displays it (`pick_title`).

use std::sync::OnceLock;

use regex::Regex;

use super::dates;
use super::params::PARAMS as P;
use crate::article::BlockKind;
use crate::pipeline::page::RawBlock;
use crate::pipeline::text::is_cjk;

pub(super) fn title_separators() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\s+[-|–—:»·•]\s+|\s*[|｜_]\s*|\s+::\s+|--").unwrap_or_else(|_| dates::never())
    })
}

/// `<title>` without the site's suffix or prefix: the longest part between separators,
/// leaving out the part that is the site's name, unless what is left is less than half
/// as long as it (then the "site name" is likely the page's own title, misconfigured).
pub(crate) fn clean_title(t: &str, site: Option<&str>) -> String {
    let (longest, not_site) = title_parts(t, site);
    match not_site {
        Some(p) if title_len(&p) * 2 >= title_len(&longest) => p,
        _ => longest,
    }
}

/// `t` with a hyphen between CJK characters spaced as a separator: it separates there,
/// as " - " does in Latin titles.
pub(super) fn spaced_title(t: &str) -> String {
    let mut spaced = String::with_capacity(t.len());
    let chars: Vec<char> = t.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let cjk_around = i > 0
            && chars.get(i - 1).is_some_and(|&p| is_cjk(p))
            && chars.get(i + 1).is_some_and(|&n| is_cjk(n) || n == '-');
        if c == '-' && cjk_around {
            spaced.push_str(" - ");
        } else {
            spaced.push(c);
        }
    }
    spaced
}

/// The parts of a [`spaced_title`] between separators, trimmed, empty ones left out.
pub(super) fn title_split(spaced: &str) -> Vec<&str> {
    title_separators()
        .split(spaced)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// The longest part of `t` between separators, and the longest that is not `site`.
pub(super) fn title_parts(t: &str, site: Option<&str>) -> (String, Option<String>) {
    let spaced = spaced_title(t);
    let t = spaced.as_str();
    let parts = title_split(t);
    if parts.len() <= 1 {
        return (t.trim().to_string(), None);
    }
    let longest = |ps: &mut dyn Iterator<Item = &&str>| -> Option<String> {
        let mut best: Option<&str> = None;
        for p in ps {
            if best.is_none_or(|b| title_len(p) > title_len(b)) {
                best = Some(p);
            }
        }
        best.map(str::to_string)
    };
    let all = longest(&mut parts.iter()).unwrap_or_default();
    let site = site.map(loose);
    let not_site = site.and_then(|site| longest(&mut parts.iter().filter(|p| loose(p) != site)));
    (all, not_site)
}

/// Length for comparing title parts: a CJK character counts two.
pub(super) fn title_len(s: &str) -> usize {
    s.chars().map(|c| if is_cjk(c) { 2 } else { 1 }).sum()
}

/// Lowercased text without whitespace (CJK titles gain or lose spaces between copies) or
/// dots (`...` and `…`, `U.S.`), with plain quotes and dashes for typographic ones
/// (`<title>` often writes `It's` where the headline shows `It’s`).
pub(super) fn loose(s: &str) -> String {
    // Most lines are ASCII: byte by byte, into a string sized once (the same answer: an
    // ASCII character lowercases to one ASCII character, and no typography maps it).
    if s.is_ascii() {
        let mut out = String::with_capacity(s.len());
        for c in s.bytes().map(char::from).filter(|&c| !loose_drops(c)) {
            out.push(c.to_ascii_lowercase());
        }
        return out;
    }
    loose_chars(s)
}

/// [`loose`] for any text, a character at a time.
fn loose_chars(s: &str) -> String {
    s.chars()
        .filter(|&c| !loose_drops(c))
        .map(plain_typography)
        .flat_map(char::to_lowercase)
        .collect()
}

/// The characters [`loose`] leaves out.
pub(super) fn loose_drops(c: char) -> bool {
    c.is_whitespace() || matches!(c, '.' | '…')
}

/// The plain character a typographic quote or dash stands for.
pub(super) fn plain_typography(c: char) -> char {
    match c {
        '‘' | '’' | '‚' | '‛' | '′' => '\'',
        '“' | '”' | '„' | '‟' | '″' => '"',
        '‐' | '‑' | '‒' | '–' | '—' | '―' => '-',
        c => c,
    }
}

/// The titles a page states for its article.
#[derive(Default)]
pub(super) struct TitleRefs<'a> {
    /// `<title>`.
    pub(super) doc: Option<&'a str>,
    /// `og:title` (or `twitter:title`, `dc.title`, `headline` where it is missing).
    pub(super) og: Option<&'a str>,
    /// JSON-LD's headline.
    pub(super) ld: Option<&'a str>,
    /// Other metas' titles: quotes of the headline only.
    pub(super) others: &'a [&'a str],
}

/// Joins a line of a headline set over several lines to the lines before it: with a
/// space, except between two CJK characters.
pub(super) fn join_title_line(text: &mut String, line: &str) {
    let cjk_seam =
        text.chars().last().is_some_and(is_cjk) && line.chars().next().is_some_and(is_cjk);
    if !cjk_seam {
        text.push(' ');
    }
    text.push_str(line);
}

/// The headline: a line of the page that `<title>`, `og:title`, JSON-LD's headline or
/// another title meta quote (as displayed, with its typography), else the best of those
/// without the site's name.
pub(super) fn pick_title(
    titles: TitleRefs,
    site: Option<&str>,
    blocks: &[RawBlock],
) -> Option<String> {
    let site_key = site.map(loose);
    let refs = title_refs(&titles, site);
    let TitleRefs { doc, og, ld, .. } = titles;
    if let Some(line) = quoted_line(&refs, site_key.as_deref(), blocks) {
        return Some(line);
    }
    if og.is_some() || ld.is_some() || doc.is_some() {
        if let Some(h1) = only_h1(blocks, site_key.as_deref()) {
            return Some(h1);
        }
    }
    if let Some(t) = og.or(ld) {
        return Some(clean_title(t, site));
    }
    if let Some(t) = doc {
        return Some(clean_title(t, site));
    }
    blocks
        .iter()
        .find(|b| b.kind == BlockKind::Heading && b.level == Some(1))
        .map(|b| b.text.clone())
}

/// A title as the page's lines are compared with it.
struct TitleRef {
    loose: String,
    /// Length of the part that is not the site's name.
    clean_len: usize,
    /// The parts between separators.
    parts: Vec<String>,
}

/// The titles the page's lines are compared with. `<title>`'s parts are the site's
/// sections and name; the other titles are written for the article, and their parts are
/// its own.
fn title_refs(titles: &TitleRefs, site: Option<&str>) -> Vec<TitleRef> {
    let all = titles
        .doc
        .map(|d| (d, false))
        .into_iter()
        .chain(
            [titles.og, titles.ld]
                .into_iter()
                .flatten()
                .map(|s| (s, true)),
        )
        .chain(titles.others.iter().map(|&s| (s, true)));
    all.map(|(s, article_own)| {
        // A line quoted by the title, other than the site's name, may be as short as
        // the part that is not the site's name.
        let (longest, not_site) = title_parts(s, site);
        TitleRef {
            loose: loose(s),
            clean_len: loose(&not_site.unwrap_or(longest)).chars().count(),
            parts: if article_own {
                title_split(&spaced_title(s))
                    .into_iter()
                    .map(loose)
                    .collect()
            } else {
                Vec::new()
            },
        }
    })
    .collect()
}

/// A line of the page that the titles quote is the headline as displayed: a heading
/// ranks first (h1 best), then the longest quoted line; a headline may be set over
/// several lines.
fn quoted_line(refs: &[TitleRef], site_key: Option<&str>, blocks: &[RawBlock]) -> Option<String> {
    let mut best: Option<(String, (u32, u32))> = None;
    let longest_ref = refs
        .iter()
        .map(|r| r.loose.chars().count())
        .max()
        .unwrap_or(0);
    let in_a_ref = |k: &str| refs.iter().any(|r| r.loose.contains(k));
    // Quoted: at least half of a title without the site's name, or an unlinked `<h1>`
    // that is one whole part of an article's title (`Artist – Song` over a page whose
    // `<h1>` is the song; a logo's `<h1>` links home).
    let quoted = |k: &str, own_h1: bool| {
        let klen = k.chars().count();
        refs.iter().any(|r| {
            r.loose.contains(k)
                && (klen * 2 >= r.clean_len || (own_h1 && r.parts.iter().any(|p| p == k)))
        })
    };
    for (i, b) in blocks.iter().enumerate().take(P.title_scan_blocks) {
        if b.m.chars < P.headline_min_chars || b.m.chars > P.headline_max_chars {
            continue;
        }
        let heading = b.kind == BlockKind::Heading;
        if !heading && b.link_chars * 2 > b.m.chars {
            continue;
        }
        // `loose` drops some characters and lowercases each other one into one or more:
        // a line with more non-space characters than the longest reference is not in it.
        if b.text.chars().filter(|&c| !loose_drops(c)).count() > longest_ref {
            continue;
        }
        let k = loose(&b.text);
        // The site's name in a heading (a blog's name over its posts) is not the headline.
        if site_key == Some(k.as_str()) {
            continue;
        }
        if !in_a_ref(&k) {
            continue;
        }
        let h1 = heading && b.level == Some(1);
        let own_h1 = h1 && b.link_chars == 0;
        let rank = if h1 {
            3
        } else if heading {
            2
        } else {
            1
        };
        let mut consider = |text: String, k: &str, len: usize| {
            let key = (rank, len as u32);
            if quoted(k, own_h1) && best.as_ref().is_none_or(|(_, r)| key > *r) {
                best = Some((text, key));
            }
        };
        consider(b.text.clone(), &k, k.chars().count());
        headline_lines(blocks, i, k, &in_a_ref, &mut consider);
    }
    best.map(|(text, _)| text)
}

/// A headline set over several lines (`<br>` between its parts) is the lines together:
/// each run of lines from block `i` that the titles still quote is considered, and a
/// heading whose first lines they quote goes on with a subtitle that they leave out.
fn headline_lines(
    blocks: &[RawBlock],
    i: usize,
    k: String,
    in_a_ref: &dyn Fn(&str) -> bool,
    consider: &mut dyn FnMut(String, &str, usize),
) {
    let Some(b) = blocks.get(i) else {
        return;
    };
    let heading = b.kind == BlockKind::Heading;
    let lines: Vec<&RawBlock> = blocks
        .iter()
        .skip(i + 1)
        .take(P.title_lines - 1)
        .take_while(|n| n.node == b.node && n.kind == b.kind && n.m.chars <= P.headline_max_chars)
        .collect();
    let starts_its_element = i == 0 || blocks.get(i - 1).is_some_and(|p| p.node != b.node);
    let (mut text, mut k) = (b.text.clone(), k);
    for (j, next) in lines.iter().enumerate() {
        let mut longer = text.clone();
        join_title_line(&mut longer, &next.text);
        let longer_k = k.clone() + &loose(&next.text);
        if !in_a_ref(&longer_k) {
            // A heading whose first lines the title quotes goes on with a subtitle
            // that the title leaves out: the heading's own lines are its headline.
            if heading && starts_its_element && j >= 1 {
                for rest in lines.iter().skip(j) {
                    join_title_line(&mut text, &rest.text);
                }
                let len = loose(&text).chars().count();
                if text.chars().count() <= P.headline_max_chars as usize {
                    consider(text, &k, len);
                }
            }
            break;
        }
        (text, k) = (longer, longer_k);
        consider(text.clone(), &k, k.chars().count());
    }
}

/// A page with one `<h1>` shows its headline there, even when the <title> and og:title
/// carry another wording (written for search engines and shares). A headline has its
/// article after it: an `<h1>` with less than a quarter of the page's text after it is a
/// widget's (a translation box's "Original text" at the end of the page).
fn only_h1(blocks: &[RawBlock], site_key: Option<&str>) -> Option<String> {
    let mut h1s = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.kind == BlockKind::Heading && b.level == Some(1));
    let (Some((at, h1)), None) = (h1s.next(), h1s.next()) else {
        return None;
    };
    let k = loose(&h1.text);
    let chars = |bs: &[RawBlock]| bs.iter().map(|b| u64::from(b.m.chars)).sum::<u64>();
    let after = chars(blocks.get(at + 1..).unwrap_or_default());
    let plausible = (P.only_h1_min_chars..=P.headline_max_chars).contains(&h1.m.chars)
        && h1.link_chars * 2 <= h1.m.chars
        && after * 4 >= chars(blocks)
        && site_key != Some(k.as_str());
    plausible.then(|| h1.text.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_reads_ascii_as_the_general_path_does() {
        for s in [
            "The Bridge. It Fell\t\u{b}\u{c}\r\n...",
            "A-Z a-z 0-9 !\"'#",
            "",
            " . ",
        ] {
            assert_eq!(loose(s), loose_chars(s), "{s:?}");
        }
        assert_eq!(loose("Ünïcode — “Quote”"), "ünïcode-\"quote\"");
    }

    #[test]
    fn title_suffix() {
        assert_eq!(
            clean_title("張江科學城黨委成立_上海房產資訊_優樓網", None),
            "張江科學城黨委成立"
        );
        assert_eq!(
            clean_title("A long headline about things | Site", None),
            "A long headline about things"
        );
        assert_eq!(
            clean_title("Covid-19 cases rise", None),
            "Covid-19 cases rise"
        );
        // The site's name is not the title...
        assert_eq!(
            clean_title(
                "A headline of the day | The Daily Site",
                Some("The Daily Site")
            ),
            "A headline of the day"
        );
        assert_eq!(
            clean_title("The Daily Site - A headline", Some("The Daily Site")),
            "A headline"
        );
        // ...unless what is left is much shorter: then the "site name" is the title.
        assert_eq!(
            clean_title(
                "Wind farm shares open to citizens | EnBW",
                Some("Wind farm shares open to citizens")
            ),
            "Wind farm shares open to citizens"
        );
        assert_eq!(
            clean_title("法国全国大罢工再次严重影响交通-新华网", None),
            "法国全国大罢工再次严重影响交通"
        );
    }

    #[test]
    fn the_headline_as_displayed_despite_typography() {
        let block = |text: &str, level| RawBlock::of(text, BlockKind::Heading, Some(level), 0);
        let blocks = [
            block("Site menu", 2),
            block("Box Office: It’s Good to Be ‘Peculiar’ — Again", 1),
        ];
        let title = pick_title(
            TitleRefs {
                doc: Some("Box Office: It's Good to Be 'Peculiar' - Again | Fandom"),
                ..TitleRefs::default()
            },
            None,
            &blocks,
        );
        assert_eq!(
            title.as_deref(),
            Some("Box Office: It’s Good to Be ‘Peculiar’ — Again")
        );
        // A blog's name in an <h1> over the post's is the site, not the headline.
        let blocks = [block("Life, the Master and I", 1), block("Fog.", 1)];
        let title = pick_title(
            TitleRefs {
                doc: Some("Fog. | Life, the Master and I"),
                ..TitleRefs::default()
            },
            Some("Life, the Master and I"),
            &blocks,
        );
        assert_eq!(title.as_deref(), Some("Fog."));
    }
}
