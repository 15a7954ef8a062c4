//! Request identity for logs and traces: the W3C trace context (`traceparent`) a caller
//! sends, and an `X-Request-Id`, the caller's when it sends a sane one, else a new one.

/// A request's path as it is logged: every byte that is not an unreserved character, a
/// `/` or a percent escape's `%` is percent-encoded, so the path cannot hold a quote, a
/// `=` or a space: it cannot forge another field (`request_id=`) for a log reader.
pub(super) fn log_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'.' | b'_' | b'~' | b'%') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The fields of a valid W3C `traceparent` header
/// (<https://www.w3.org/TR/trace-context/#traceparent-header>).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TraceParent {
    /// 32 lowercase hex digits, not all zero.
    pub(super) trace_id: String,
    /// The caller's span: 16 lowercase hex digits, not all zero.
    pub(super) parent_id: String,
    /// The caller's `sampled` flag.
    pub(super) sampled: bool,
}

fn lower_hex(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Parses a `traceparent` value; `None` for one the specification says to ignore.
pub(super) fn traceparent(value: &str) -> Option<TraceParent> {
    let mut parts = value.trim().split('-');
    let (version, trace_id, parent_id, flags) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    // Version 00 has exactly four fields; a later version may add more after them.
    if !lower_hex(version, 2) || version == "ff" || (version == "00" && parts.next().is_some()) {
        return None;
    }
    if !lower_hex(trace_id, 32) || trace_id.bytes().all(|b| b == b'0') {
        return None;
    }
    if !lower_hex(parent_id, 16) || parent_id.bytes().all(|b| b == b'0') {
        return None;
    }
    if !lower_hex(flags, 2) {
        return None;
    }
    let sampled = u8::from_str_radix(flags, 16).ok()? & 1 == 1;
    Some(TraceParent {
        trace_id: trace_id.to_string(),
        parent_id: parent_id.to_string(),
        sampled,
    })
}

/// The request's id: the caller's `X-Request-Id` when it is 1 to 128 characters of
/// `A-Z a-z 0-9 - _ . : / + =` (what ids are made of; anything else could forge log
/// lines or headers), else a new random (v4) UUID.
pub(super) fn request_id(given: Option<&str>) -> String {
    given
        .map(str::trim)
        .filter(|id| {
            (1..=128).contains(&id.len())
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.:/+=".contains(&b))
        })
        .map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logged_paths_hold_no_field_separators() {
        assert_eq!(log_path("/v1/extract"), "/v1/extract");
        assert_eq!(log_path("/a%20b"), "/a%20b");
        assert_eq!(
            log_path("/x\"request_id=forged"),
            "/x%22request_id%3Dforged"
        );
        assert_eq!(log_path("/é"), "/%C3%A9");
    }

    #[test]
    fn traceparent_follows_the_w3c_rules() {
        let ok = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        assert_eq!(
            traceparent(ok),
            Some(TraceParent {
                trace_id: "4bf92f3577b34da6a3ce929d0e0e4736".into(),
                parent_id: "00f067aa0ba902b7".into(),
                sampled: true,
            })
        );
        assert!(!traceparent(&ok.replace("-01", "-00")).unwrap().sampled);
        // A later version may carry more fields.
        assert!(traceparent(&format!("01{}-extra", &ok[2..])).is_some());
        for bad in [
            "",
            "garbage",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-zz",
        ] {
            assert_eq!(traceparent(bad), None, "{bad}");
        }
    }

    #[test]
    fn request_ids_are_kept_when_sane_else_made() {
        assert_eq!(request_id(Some("abc-123_x.y:z/=+")), "abc-123_x.y:z/=+");
        let made = request_id(None);
        assert_eq!(made.len(), 36);
        assert_ne!(made, request_id(None));
        for bad in ["", "a b", "x\r\nSet-Cookie: y", "é", &"a".repeat(129)] {
            let id = request_id(Some(bad));
            assert_ne!(id, bad);
            assert_eq!(id.len(), 36, "{bad:?} gives a new id");
        }
    }
}
