//! Reading a suffix (`suffix.go`): a decimal unit, a binary unit, or an `e`/`E` exponent
//! with Go's `strconv.ParseInt` rules, kept with its original text for a verbatim echo.

use super::scan::{SignMark, digit_value, is_digit, rest, run_len};

/// Decimal suffixes and the power of ten each one stands for (`suffix.go`).
pub(super) const DECIMAL_SUFFIXES: [(&str, i32); 10] = [
    ("n", -9),
    ("u", -6),
    ("m", -3),
    ("", 0),
    ("k", 3),
    ("M", 6),
    ("G", 9),
    ("T", 12),
    ("P", 15),
    ("E", 18),
];
/// Binary suffixes and the power of two each one stands for (`suffix.go`).
const BINARY_SUFFIXES: [(&str, u32); 6] = [
    ("Ki", 10),
    ("Mi", 20),
    ("Gi", 30),
    ("Ti", 40),
    ("Pi", 50),
    ("Ei", 60),
];

/// The original text of an `e`/`E` exponent suffix, kept so a verbatim echo can rebuild it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct ExponentText {
    pub(super) upper: bool,
    pub(super) sign: SignMark,
    pub(super) zeros: usize,
    pub(super) magnitude: u64,
}

impl ExponentText {
    /// The exponent as upstream uses it: parsed as `int64`, then truncated to `int32`.
    fn exponent(&self) -> i32 {
        let magnitude = i128::from(self.magnitude);
        let signed = if self.sign == SignMark::Minus {
            -magnitude
        } else {
            magnitude
        };
        // The truncation mirrors Go's `int32(parsed)` conversion, wrapping included.
        signed as i32
    }
}

/// What a suffix means.
#[derive(Clone, Copy, Debug)]
pub(super) enum Unit {
    Decimal { exponent: i32, name: &'static str },
    Binary { shift: u32, name: &'static str },
    Exponent { exponent: i32, text: ExponentText },
}

/// The suffix part of a verbatim echo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SuffixText {
    Named(&'static str),
    Exponent(ExponentText),
}

/// Looks a suffix up the way upstream `suffixHandler.interpret` does.
pub(super) fn interpret_suffix(suffix: &[u8]) -> Option<Unit> {
    if let Some(&(name, exponent)) = DECIMAL_SUFFIXES
        .iter()
        .find(|(name, _)| name.as_bytes() == suffix)
    {
        return Some(Unit::Decimal { exponent, name });
    }
    if let Some(&(name, shift)) = BINARY_SUFFIXES
        .iter()
        .find(|(name, _)| name.as_bytes() == suffix)
    {
        return Some(Unit::Binary { shift, name });
    }
    match suffix.split_first() {
        Some((&marker @ (b'e' | b'E'), digits)) if !digits.is_empty() => {
            let text = parse_exponent_text(marker == b'E', digits)?;
            Some(Unit::Exponent {
                exponent: text.exponent(),
                text,
            })
        }
        _ => None,
    }
}

/// Reads a signed base-10 integer with the rules of Go's `strconv.ParseInt(s, 10, 64)`.
fn parse_exponent_text(upper: bool, text: &[u8]) -> Option<ExponentText> {
    let (sign, digits) = match text.split_first() {
        Some((b'+', tail)) => (SignMark::Plus, tail),
        Some((b'-', tail)) => (SignMark::Minus, tail),
        _ => (SignMark::Absent, text),
    };
    if digits.is_empty() || !digits.iter().all(|&byte| is_digit(byte)) {
        return None;
    }
    let zeros = run_len(digits, |byte| byte == b'0');
    let mut magnitude: u64 = 0;
    for &byte in rest(digits, zeros) {
        magnitude = magnitude
            .checked_mul(10)?
            .checked_add(u64::from(digit_value(byte)))?;
    }
    let limit = if sign == SignMark::Minus {
        1_u64 << 63
    } else {
        i64::MAX.unsigned_abs()
    };
    (magnitude <= limit).then_some(ExponentText {
        upper,
        sign,
        zeros,
        magnitude,
    })
}
