//! Plain scalars that kubectl reads as numbers and a YAML 1.2 parser reads as strings.
//!
//! kubectl turns YAML into JSON with YAML 1.1 rules (sigs.k8s.io/yaml over go-yaml v2): in a
//! plain scalar that starts with a digit or a sign, every `_` is dropped, then the text is
//! tried as a Go integer literal (`strconv.ParseInt(s, 0, 64)`: `0x`, `0o`, `0b`, and a
//! leading `0` for octal), then as a float (`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`).
//! So `0777` reaches the API server as 511 and `1_000` as 1000, where the YAML 1.2 parser keeps both
//! as strings. Only plain scalars qualify: a quoted `"0777"` is a string for kubectl too.
//! The same rules make `yes`, `on`, `n` booleans, which a string field then refuses.

/// How kubectl would read a plain scalar as a number, if it would.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Yaml11Number {
    /// A Go integer literal; `octal_by_leading_zero` marks `0777`-style octal, a classic
    /// surprise worth telling the student about.
    Integer {
        value: i64,
        octal_by_leading_zero: bool,
    },
    Float(f64),
}

/// Reads `plain` (the scalar's text, unquoted) as kubectl would, or `None` when kubectl
/// would keep it a string too.
pub fn yaml_1_1_number(plain: &str) -> Option<Yaml11Number> {
    if !plain.starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '-' || c == '.') {
        return None;
    }
    let text: String = plain.chars().filter(|&c| c != '_').collect();
    if let Some(number) = go_integer_literal(&text) {
        return Some(number);
    }
    if is_yaml_style_float(&text) {
        return text.parse::<f64>().ok().map(Yaml11Number::Float);
    }
    None
}

/// go-yaml v2's YAML 1.1 booleans beyond `true` and `false` (which YAML 1.2 shares).
pub fn yaml_1_1_boolean(plain: &str) -> Option<bool> {
    match plain {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Some(true),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => Some(false),
        _ => None,
    }
}

/// `strconv.ParseInt(text, 0, 64)`.
fn go_integer_literal(text: &str) -> Option<Yaml11Number> {
    let (negative, unsigned) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let lower = unsigned.to_ascii_lowercase();
    let (radix, digits, octal_by_leading_zero) = if let Some(rest) = lower.strip_prefix("0x") {
        (16, rest, false)
    } else if let Some(rest) = lower.strip_prefix("0o") {
        (8, rest, false)
    } else if let Some(rest) = lower.strip_prefix("0b") {
        (2, rest, false)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..], true)
    } else {
        (10, lower.as_str(), false)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = i128::from_str_radix(digits, radix).ok()?;
    let value = if negative { -magnitude } else { magnitude };
    let value = i64::try_from(value).ok()?;
    Some(Yaml11Number::Integer {
        value,
        octal_by_leading_zero,
    })
}

/// go-yaml v2's `yamlStyleFloat` pattern.
fn is_yaml_style_float(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", fraction)) => digits(fraction),
        Some((whole, fraction)) => digits(whole) && fraction.chars().all(|c| c.is_ascii_digit()),
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn integer(value: i64, octal_by_leading_zero: bool) -> Option<Yaml11Number> {
        Some(Yaml11Number::Integer {
            value,
            octal_by_leading_zero,
        })
    }

    #[test]
    fn reads_what_go_yaml_v2_reads_as_integers() {
        assert_eq!(yaml_1_1_number("0777"), integer(511, true));
        assert_eq!(yaml_1_1_number("-010"), integer(-8, true));
        assert_eq!(yaml_1_1_number("1_000"), integer(1000, false));
        assert_eq!(yaml_1_1_number("0b101"), integer(5, false));
        assert_eq!(yaml_1_1_number("0x_1F"), integer(31, false));
        assert_eq!(yaml_1_1_number("+12"), integer(12, false));
    }

    #[test]
    fn falls_back_to_the_float_pattern() {
        // `08` is no octal literal, but it matches the float pattern: kubectl sends 8.
        assert_eq!(yaml_1_1_number("08"), Some(Yaml11Number::Float(8.0)));
        assert_eq!(yaml_1_1_number("1_0.5"), Some(Yaml11Number::Float(10.5)));
        assert_eq!(yaml_1_1_number("2e3"), Some(Yaml11Number::Float(2000.0)));
    }

    #[test]
    fn yes_on_and_n_are_booleans() {
        assert_eq!(yaml_1_1_boolean("yes"), Some(true));
        assert_eq!(yaml_1_1_boolean("OFF"), Some(false));
        assert_eq!(yaml_1_1_boolean("NO"), Some(false));
        assert_eq!(yaml_1_1_boolean("nO"), None);
        assert_eq!(yaml_1_1_boolean("enabled"), None);
    }

    #[test]
    fn keeps_everything_else_a_string() {
        for text in ["v1", "0x", "12abc", "1.2.3", "e3", "", "-", "1e"] {
            assert_eq!(yaml_1_1_number(text), None, "{text}");
        }
    }
}
