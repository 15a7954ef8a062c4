//! Language and script: `zh-Hans`/`zh-Hant` from the characters themselves, other
//! languages from the page's declaration or, when it says nothing, from the text
//! (whatlang); Simplified/Traditional conversion with OpenCC (ferrous-opencc, phrase
//! dictionaries, Apache-2.0).

use std::sync::OnceLock;

use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;

use crate::options::Script;
use crate::pipeline::text::is_han;

/// Han characters looked at to tell Simplified from Traditional.
const SAMPLE_HAN: usize = 120;

fn converter(to: Script) -> Option<&'static OpenCC> {
    static S2T: OnceLock<Option<OpenCC>> = OnceLock::new();
    static T2S: OnceLock<Option<OpenCC>> = OnceLock::new();
    let (cell, config) = match to {
        Script::Hant => (&S2T, BuiltinConfig::S2t),
        Script::Hans => (&T2S, BuiltinConfig::T2s),
    };
    cell.get_or_init(|| match OpenCC::from_config(config) {
        Ok(c) => Some(c),
        Err(e) => {
            tracing::error!(error = %e, "OpenCC dictionaries do not load; no script conversion");
            None
        }
    })
    .as_ref()
}

/// Converts Chinese text to `to`, phrase by phrase.
pub(crate) fn convert(text: &str, to: Script) -> String {
    match converter(to) {
        Some(c) if text.chars().any(is_han) => c.convert(text),
        _ => text.to_string(),
    }
}

/// Which script Chinese text is written in, from its characters: converting Traditional
/// text to Simplified changes a good share of its characters (`學` → `学`), converting
/// Simplified text changes (almost) none. `None` when a short text has no character that
/// tells.
pub(crate) fn chinese_script(text: &str) -> Option<Script> {
    let sample: String = text
        .chars()
        .filter(|&c| is_han(c))
        .take(SAMPLE_HAN)
        .collect();
    let n = sample.chars().count();
    if n == 0 {
        return None;
    }
    let converted = convert(&sample, Script::Hans);
    let traditional = sample
        .chars()
        .zip(converted.chars())
        .filter(|(a, b)| a != b)
        .count();
    if traditional == 0 && n < 20 {
        return None;
    }
    Some(if traditional * 10 >= n {
        Script::Hant
    } else {
        Script::Hans
    })
}

/// The language of the article's text, decided once (by the polish stage): whether the
/// text is Chinese decides both `lang` and whether `script=` converts it.
#[derive(Debug, Clone)]
pub(crate) struct Language {
    chinese: bool,
    /// [`guess_lang`] of the text.
    by_chars: Option<String>,
}

impl Language {
    /// Chinese by its characters (unless the page says Japanese); or, when the characters
    /// do not say, by the page's declaration and some Han.
    pub(crate) fn of(declared: Option<&str>, text: &str) -> Language {
        let by_chars = guess_lang(text);
        let declared = declared.map(str::to_ascii_lowercase);
        let chinese = match by_chars.as_deref() {
            Some("zh") => declared.is_none_or(|d| !d.starts_with("ja")),
            Some(_) => false,
            None => declared.is_some_and(|d| d.starts_with("zh")) && text.chars().any(is_han),
        };
        Language { chinese, by_chars }
    }

    pub(crate) fn is_chinese(&self) -> bool {
        self.chinese
    }

    /// The article's BCP 47 language tag. Chinese text gets `zh-Hans` or `zh-Hant` from its
    /// characters (the page's `lang` says only the region, when it says anything, and many
    /// Chinese templates declare `en`), or from the script it was `converted` to; other
    /// text keeps the page's declaration, or is identified by its script or by whatlang
    /// when the page declares nothing.
    pub(crate) fn tag(
        &self,
        declared: Option<&str>,
        text: &str,
        converted: Option<Script>,
    ) -> Option<String> {
        if self.chinese {
            let script = converted
                .or_else(|| chinese_script(text))
                .unwrap_or_else(|| {
                    let d = declared.unwrap_or("").to_ascii_lowercase();
                    if ["hant", "tw", "hk", "mo"].iter().any(|r| d.contains(r)) {
                        Script::Hant
                    } else {
                        Script::Hans
                    }
                });
            return Some(match script {
                Script::Hant => "zh-Hant".into(),
                Script::Hans => "zh-Hans".into(),
            });
        }
        if let Some(d) = declared {
            return Some(d.to_string());
        }
        if self.by_chars.is_some() {
            return self.by_chars.clone();
        }
        identify(text)
    }
}

/// A language guess from the script of the text, for pages that do not say: `zh`, `ja` or
/// `ko` when CJK characters are at least a quarter of its letters.
pub(crate) fn guess_lang(text: &str) -> Option<String> {
    let (mut han, mut kana, mut hangul, mut letters) = (0u32, 0u32, 0u32, 0u32);
    for c in text.chars().take(5000) {
        match c as u32 {
            0x3040..=0x30FF => kana += 1,
            0xAC00..=0xD7AF => hangul += 1,
            _ if is_han(c) => han += 1,
            _ if c.is_alphabetic() => letters += 1,
            _ => {}
        }
    }
    let cjk = han + kana + hangul;
    if cjk == 0 || cjk < letters / 4 {
        return None;
    }
    Some(
        if kana * 10 > cjk {
            "ja"
        } else if hangul * 2 > cjk {
            "ko"
        } else {
            "zh"
        }
        .into(),
    )
}

/// whatlang's guess, when it says it is reliable, as a BCP 47 tag.
fn identify(text: &str) -> Option<String> {
    let sample: String = text.chars().take(4000).collect();
    let info = whatlang::detect(&sample)?;
    if !info.is_reliable() {
        return None;
    }
    let code = info.lang().code();
    Some(two_letter(code).unwrap_or(code).to_string())
}

/// ISO 639-1 codes of the languages whatlang knows (BCP 47 prefers them); the others
/// keep their ISO 639-3 code, also valid BCP 47.
fn two_letter(code: &str) -> Option<&'static str> {
    Some(match code {
        "afr" => "af",
        "aka" => "ak",
        "amh" => "am",
        "ara" => "ar",
        "aze" => "az",
        "bel" => "be",
        "ben" => "bn",
        "bul" => "bg",
        "cat" => "ca",
        "ces" => "cs",
        "cmn" => "zh",
        "dan" => "da",
        "deu" => "de",
        "ell" => "el",
        "eng" => "en",
        "epo" => "eo",
        "est" => "et",
        "fin" => "fi",
        "fra" => "fr",
        "guj" => "gu",
        "heb" => "he",
        "hin" => "hi",
        "hrv" => "hr",
        "hun" => "hu",
        "hye" => "hy",
        "ind" => "id",
        "ita" => "it",
        "jav" => "jv",
        "jpn" => "ja",
        "kan" => "kn",
        "kat" => "ka",
        "khm" => "km",
        "kor" => "ko",
        "lat" => "la",
        "lav" => "lv",
        "lit" => "lt",
        "mal" => "ml",
        "mar" => "mr",
        "mkd" => "mk",
        "mya" => "my",
        "nep" => "ne",
        "nld" => "nl",
        "nob" => "nb",
        "ori" => "or",
        "pan" => "pa",
        "pes" => "fa",
        "pol" => "pl",
        "por" => "pt",
        "ron" => "ro",
        "rus" => "ru",
        "sin" => "si",
        "slk" => "sk",
        "slv" => "sl",
        "sna" => "sn",
        "spa" => "es",
        "srp" => "sr",
        "swe" => "sv",
        "tam" => "ta",
        "tel" => "te",
        "tgl" => "tl",
        "tha" => "th",
        "tuk" => "tk",
        "tur" => "tr",
        "ukr" => "uk",
        "urd" => "ur",
        "uzb" => "uz",
        "vie" => "vi",
        "yid" => "yi",
        "zul" => "zu",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HANS: &str = "张江科学城是上海科创中心建设的重要承载区，党建工作推动产业发展。";
    const HANT: &str = "張江科學城是上海科創中心建設的重要承載區，黨建工作推動產業發展。";

    #[test]
    fn script_from_characters() {
        assert_eq!(chinese_script(HANS), Some(Script::Hans));
        assert_eq!(chinese_script(HANT), Some(Script::Hant));
        assert_eq!(chinese_script("hello"), None);
    }

    fn lang(declared: Option<&str>, text: &str, converted: Option<Script>) -> Option<String> {
        Language::of(declared, text).tag(declared, text, converted)
    }

    #[test]
    fn guesses_from_characters() {
        assert_eq!(guess_lang("中文的文章内容").as_deref(), Some("zh"));
        assert_eq!(guess_lang("plain english"), None);
        assert_eq!(
            guess_lang("ひらがなとカタカナの文章").as_deref(),
            Some("ja")
        );
        assert!(
            !Language::of(Some("ja"), HANS).is_chinese(),
            "the page says Japanese"
        );
        assert!(Language::of(Some("zh-TW"), "OK 一").is_chinese());
    }

    #[test]
    fn lang_tags() {
        assert_eq!(lang(None, HANT, None).as_deref(), Some("zh-Hant"));
        assert_eq!(lang(Some("zh-CN"), HANT, None).as_deref(), Some("zh-Hant"));
        assert_eq!(lang(Some("en"), HANS, None).as_deref(), Some("zh-Hans"));
        assert_eq!(
            lang(Some("zh-CN"), HANT, Some(Script::Hans)).as_deref(),
            Some("zh-Hans")
        );
        assert_eq!(
            lang(Some("fr"), "Bonjour à tous.", None).as_deref(),
            Some("fr")
        );
        let de =
            "Die Stadt plant für das kommende Jahr den Bau einer neuen Brücke über den Fluss, \
                  die den Verkehr in der Innenstadt deutlich entlasten soll.";
        assert_eq!(lang(None, de, None).as_deref(), Some("de"));
        assert_eq!(lang(None, "ok", None), None);
    }

    #[test]
    fn conversion_is_phrase_level() {
        assert_eq!(convert(HANS, Script::Hant), HANT);
        assert_eq!(convert(HANT, Script::Hans), HANS);
        // 头发 (hair) and 发展 (develop) share 发 but not its Traditional form.
        assert_eq!(convert("头发和发展", Script::Hant), "頭髮和發展");
        assert_eq!(convert("Latin only", Script::Hant), "Latin only");
    }
}
