//! Which style a scalar takes, decided as the YAML crate and libyaml decide it: the style the
//! crate asks for from the value (would plain text read as another type?), then what libyaml's
//! analysis of the characters allows. Also the tag and key rules, which read the same analysis.

use crate::core::yaml::Value;

/// How a scalar is written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// The style a scalar is written in: the one asked for, unless its text cannot be carried in it
/// (libyaml's `select_scalar_style`, in block context).
pub(super) fn style_of(text: &str, asked: Style, simple_key: bool) -> Style {
    let analysis = Analysis::of(text);
    let mut style = asked;
    if simple_key && analysis.multiline {
        style = Style::DoubleQuoted;
    }
    if style == Style::Plain && (!analysis.plain || (text.is_empty() && simple_key)) {
        style = Style::SingleQuoted;
    }
    if style == Style::SingleQuoted && !analysis.single_quoted {
        style = Style::DoubleQuoted;
    }
    if style == Style::Literal && (!analysis.literal || simple_key) {
        style = Style::DoubleQuoted;
    }
    style
}

/// A node's tag as the YAML crate hands it to libyaml (`!Ref`), and the node under it.
pub(super) fn untagged(value: &Value) -> (Option<String>, &Value) {
    match value {
        Value::Tagged(tagged) => {
            // `Tag`'s Display is `!` and the tag without its own leading `!`.
            let shown = tagged.tag.to_string();
            let tag = match shown.strip_prefix('!') {
                Some(rest) if rest.starts_with('!') => rest.to_string(),
                _ => shown,
            };
            (Some(tag), &tagged.value)
        }
        value => (None, value),
    }
}

/// Whether a key fits on the line before `:`: a one-line scalar of at most 128 bytes (tag
/// included) or an empty collection.
pub(super) fn is_simple_key(key: &Value) -> bool {
    let (tag, key) = untagged(key);
    let tag_length = tag.map_or(0, |tag| tag.len());
    let length = match key {
        Value::Sequence(items) if items.is_empty() => 0,
        Value::Mapping(mapping) if mapping.is_empty() => 0,
        Value::Sequence(_) | Value::Mapping(_) => return false,
        scalar => {
            let (text, _) = scalar_text(scalar);
            if text.chars().any(is_break) {
                return false;
            }
            text.len()
        }
    };
    tag_length + length <= 128
}

/// A scalar's text and the style the YAML crate asks libyaml for.
pub(super) fn scalar_text(scalar: &Value) -> (String, Style) {
    match scalar {
        Value::Null => ("null".to_string(), Style::Plain),
        Value::Bool(flag) => (flag.to_string(), Style::Plain),
        Value::Number(number) => (number.to_string(), Style::Plain),
        Value::String(text) if text.contains('\n') => (text.clone(), Style::Literal),
        Value::String(text) if reads_as_another_type(text) => (text.clone(), Style::SingleQuoted),
        Value::String(text) => (text.clone(), Style::Plain),
        // Collections and tags are nodes of their own; `node` never passes them here.
        Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_) => (String::new(), Style::Plain),
    }
}

/// Whether the YAML crate would read this text, written plain, as null, a boolean or a number
/// (or as the leading-zero digits it keeps as a string but quotes all the same).
fn reads_as_another_type(text: &str) -> bool {
    matches!(
        text,
        "" | "~"
            | "null"
            | "Null"
            | "NULL"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
    ) || reads_as_unsigned(text)
        || reads_as_negative(text)
        || leading_zero_digits(text)
        || reads_as_float(text)
}

/// The YAML crate's `parse_unsigned_int` (for the widest type, so any size counts).
fn reads_as_unsigned(text: &str) -> bool {
    let unsigned = text.strip_prefix('+').unwrap_or(text);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(digits) = unsigned.strip_prefix(prefix) {
            if digits.starts_with(['+', '-']) {
                return false;
            }
            if u128::from_str_radix(digits, radix).is_ok() {
                return true;
            }
        }
    }
    !unsigned.starts_with(['+', '-'])
        && !leading_zero_digits(text)
        && unsigned.parse::<u128>().is_ok()
}

/// The YAML crate's `parse_negative_int` (for the widest type).
fn reads_as_negative(text: &str) -> bool {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(digits) = text.strip_prefix(prefix)
            && !digits.starts_with(['+', '-'])
            && u128::from_str_radix(digits, radix)
                .is_ok_and(|magnitude| magnitude <= i128::MIN.unsigned_abs())
        {
            return true;
        }
    }
    !leading_zero_digits(text) && text.parse::<i128>().is_ok()
}

/// The YAML crate's `parse_f64`: finite floats and the YAML spellings of infinity and NaN.
fn reads_as_float(text: &str) -> bool {
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return false,
        Some(rest) => rest,
        None => text,
    };
    matches!(unsigned, ".inf" | ".Inf" | ".INF")
        || matches!(text, "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN" | ".NAN")
        || unsigned.parse::<f64>().is_ok_and(f64::is_finite)
}

/// `0`, then only digits (`010`, `-007`): a string to YAML 1.2, quoted all the same.
fn leading_zero_digits(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits.len() > 1 && digits.starts_with('0') && digits[1..].bytes().all(|b| b.is_ascii_digit())
}

/// What libyaml's `analyze_scalar` finds in a scalar's text: the styles that can carry it.
struct Analysis {
    multiline: bool,
    plain: bool,
    single_quoted: bool,
    literal: bool,
}

impl Analysis {
    fn of(text: &str) -> Analysis {
        if text.is_empty() {
            return Analysis {
                multiline: false,
                plain: true,
                single_quoted: true,
                literal: false,
            };
        }
        let mut indicators = text.starts_with("---") || text.starts_with("...");
        let (mut line_breaks, mut special) = (false, false);
        let (mut leading, mut trailing) = (false, false);
        let (mut break_space, mut space_break) = (false, false);
        let mut trailing_space = false;
        let (mut previous_space, mut previous_break) = (false, false);
        let mut preceded_by_whitespace = true;
        let chars: Vec<char> = text.chars().collect();
        for (index, &c) in chars.iter().enumerate() {
            let first = index == 0;
            let last = index + 1 == chars.len();
            let followed_by_whitespace = chars.get(index + 1).is_none_or(|&n| is_blank_or_end(n));
            if first {
                indicators |= "#,[]{}&*!|>'\"%@`".contains(c)
                    || (matches!(c, '?' | ':' | '-') && followed_by_whitespace);
            } else {
                indicators |=
                    (c == ':' && followed_by_whitespace) || (c == '#' && preceded_by_whitespace);
            }
            special |= !is_printable(c);
            if c == ' ' {
                leading |= first;
                trailing |= last;
                trailing_space |= last;
                break_space |= previous_break;
                (previous_space, previous_break) = (true, false);
            } else if is_break(c) {
                line_breaks = true;
                leading |= first;
                trailing |= last;
                space_break |= previous_space;
                (previous_space, previous_break) = (false, true);
            } else {
                (previous_space, previous_break) = (false, false);
            }
            preceded_by_whitespace = is_blank_or_end(c);
        }
        Analysis {
            multiline: line_breaks,
            plain: !(leading || trailing || line_breaks || indicators)
                && !(break_space || space_break || special),
            single_quoted: !(break_space || space_break || special),
            literal: !(trailing_space || space_break || special),
        }
    }
}

/// libyaml's `IS_PRINTABLE`: what may stand unescaped in the output (not tab, not U+FEFF).
pub(super) fn is_printable(c: char) -> bool {
    matches!(c as u32, 0x0A | 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..)
        && c != '\u{FEFF}'
}

/// libyaml's `IS_BREAK`.
pub(super) fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// libyaml's `IS_BLANKZ`: a space, a tab, a break, or the end of the text (`\0`).
fn is_blank_or_end(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\0') || is_break(c)
}
