//! Language tags as pages write them (`zh_cn`, `en-us`, `zh-hant-tw`), in BCP 47 case.

pub(crate) fn normalize_lang(l: &str) -> Option<String> {
    let l = l.trim().replace('_', "-");
    let first = l.split([',', ';', ' ']).next()?.trim();
    if first.is_empty()
        || first.len() > 35
        || !first.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return None;
    }
    let mut parts = first.split('-');
    let primary = parts.next()?.to_ascii_lowercase();
    let mut out = primary;
    for p in parts {
        out.push('-');
        if p.len() == 2 {
            out.push_str(&p.to_ascii_uppercase());
        } else if p.len() == 4 {
            let mut cs = p.chars();
            if let Some(c) = cs.next() {
                out.push(c.to_ascii_uppercase());
                out.push_str(&cs.as_str().to_ascii_lowercase());
            }
        } else {
            out.push_str(p);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn langs() {
        assert_eq!(normalize_lang("zh_cn").as_deref(), Some("zh-CN"));
        assert_eq!(normalize_lang("zh-hant-tw").as_deref(), Some("zh-Hant-TW"));
    }
}
