//! How Go prints a string, for messages that must read exactly like upstream's: `strconv.Quote`
//! (the `%q` verb) in controller messages and events, the quoting of a string value in an
//! apimachinery field error, and `encoding/json`'s string and map encoding for values that field
//! errors print as JSON.
//!
//! All three forms share one escaping loop: a quote, a backslash, `\n`, `\r` and `\t` are
//! written the same way by each. They differ only in the characters each passes to its own
//! `special` rule, and each rule is covered by its own tests below.
//!
//! None of them imitates Go for every character: `strconv.Quote` also escapes printable-looking
//! but non-graphic characters (such as U+00AD or U+200B), and `encoding/json` also escapes
//! U+2028 and U+2029; neither is imitated here.

use std::collections::BTreeMap;

/// Go's `strconv.Quote`, which the `%q` verb uses: the short escapes `\a`, `\b`, `\f` and `\v`,
/// `\xNN` for the other C0 controls and DEL, `\uNNNN` for the C1 controls, everything else
/// printed as is.
pub fn strconv_quote(text: &str) -> String {
    quote_with(text, |c| match c {
        '\u{07}' => Some("\\a".to_string()),
        '\u{08}' => Some("\\b".to_string()),
        '\u{0C}' => Some("\\f".to_string()),
        '\u{0B}' => Some("\\v".to_string()),
        c if (c as u32) < 0x20 || c as u32 == 0x7F => Some(format!("\\x{:02x}", c as u32)),
        c if c.is_control() => Some(format!("\\u{:04x}", c as u32)),
        _ => None,
    })
}

/// A plain string value as a field error prints it (`field.Error` formats strings with `%q`):
/// every control character other than `\n`, `\r` and `\t` as `\xNN`.
///
/// This is `strconv_quote` except for BEL, BS, FF and VT (which `%q` writes as `\a`, `\b`, `\f`,
/// `\v`) and the C1 controls (which `%q` writes as `\u0080`..`\u009f`). It is kept apart
/// because folding it into `strconv_quote` would change the validation messages for values that
/// contain those characters.
pub fn field_error_quote(text: &str) -> String {
    quote_with(text, |c| {
        c.is_control().then(|| format!("\\x{:02x}", c as u32))
    })
}

/// A string as Go's `encoding/json` writes it, as field errors print the values of named string
/// types, maps and structs: `\u00NN` for the C0 controls, and `<`, `>` and `&` escaped too
/// (the encoder's HTML-safe default).
pub fn json_string(text: &str) -> String {
    quote_with(text, |c| {
        (matches!(c, '<' | '>' | '&') || (c as u32) < 0x20).then(|| format!("\\u{:04x}", c as u32))
    })
}

/// A string map as `encoding/json` writes it: keys in sorted order (the encoder sorts map keys,
/// and a `BTreeMap` iterates in that order), no spaces.
pub fn json_map(map: &BTreeMap<String, String>) -> String {
    let entries: Vec<String> = map
        .iter()
        .map(|(k, v)| format!("{}:{}", json_string(k), json_string(v)))
        .collect();
    format!("{{{}}}", entries.join(","))
}

/// Wraps `text` in double quotes with the escapes every form shares; `special` escapes the
/// characters on which the forms differ (`None` prints the character as is).
fn quote_with(text: &str, special: fn(char) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => match special(c) {
                Some(escaped) => out.push_str(&escaped),
                None => out.push(c),
            },
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_shares_the_common_escapes() {
        let text = "a \"b\" \\ c\nd\re\tf";
        let expected = r#""a \"b\" \\ c\nd\re\tf""#;
        assert_eq!(strconv_quote(text), expected);
        assert_eq!(field_error_quote(text), expected);
        assert_eq!(json_string(text), expected);
    }

    #[test]
    fn non_ascii_text_is_printed_as_is() {
        for quote in [strconv_quote, field_error_quote, json_string] {
            assert_eq!(quote("café-ü"), "\"café-ü\"");
            assert_eq!(quote(""), "\"\"");
        }
    }

    #[test]
    fn strconv_quote_matches_go() {
        assert_eq!(strconv_quote("web-1"), "\"web-1\"");
        assert_eq!(strconv_quote("\u{07}\u{08}\u{0C}\u{0B}"), r#""\a\b\f\v""#);
        assert_eq!(strconv_quote("\u{01}\u{1F}\u{7F}"), r#""\x01\x1f\x7f""#);
        assert_eq!(strconv_quote("\u{85}"), r#""\u0085""#);
        assert_eq!(strconv_quote("<a&b>"), "\"<a&b>\"");
    }

    #[test]
    fn field_error_quote_writes_every_control_as_hex() {
        assert_eq!(field_error_quote("\u{07}\u{0B}"), r#""\x07\x0b""#);
        assert_eq!(field_error_quote("\u{01}\u{7F}"), r#""\x01\x7f""#);
        assert_eq!(field_error_quote("\u{85}"), r#""\x85""#);
        assert_eq!(field_error_quote("<a&b>"), "\"<a&b>\"");
    }

    #[test]
    fn json_string_escapes_controls_and_html() {
        assert_eq!(json_string("<a&b>"), r#""\u003ca\u0026b\u003e""#);
        assert_eq!(json_string("\u{01}\u{07}"), r#""\u0001\u0007""#);
        // DEL and the C1 controls are valid in JSON strings and are written as is.
        assert_eq!(json_string("\u{7F}\u{85}"), "\"\u{7F}\u{85}\"");
    }

    #[test]
    fn json_map_sorts_keys_and_quotes_both_sides() {
        let map: BTreeMap<String, String> = [("tier", "web"), ("app", "a<b")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(json_map(&map), r#"{"app":"a\u003cb","tier":"web"}"#);
        assert_eq!(json_map(&BTreeMap::new()), "{}");
    }
}
