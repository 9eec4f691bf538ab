//! Printing a quantity: the canonical text upstream `CanonicalizeBytes` produces, and the
//! verbatim echo of an input upstream's `String()` keeps.

use std::fmt;

use super::math::pow10;
use super::scan::SignMark;
use super::suffix::{DECIMAL_SUFFIXES, SuffixText};
use super::{Quantity, QuantityFormat};

/// Suffix names indexed by how many factors of 1024 they stand for.
const BINARY_NAMES: [&str; 7] = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

impl Quantity {
    /// The canonical text upstream `CanonicalizeBytes` produces.
    fn canonical_text(&self) -> String {
        if self.mantissa == 0 {
            return "0".to_string();
        }
        let sign = if self.mantissa < 0 { "-" } else { "" };
        if self.format == QuantityFormat::BinarySI {
            if let Some((rest, power)) = self.binary_parts() {
                let suffix = BINARY_NAMES.get(power).copied().unwrap_or("");
                return format!("{sign}{rest}{suffix}");
            }
            // Small or fractional binary values are shown in decimal so nothing is rounded.
            return self.decimal_text(sign, QuantityFormat::DecimalSI);
        }
        self.decimal_text(sign, self.format)
    }

    /// Splits an integral binary magnitude of at least 1024 into `rest × 1024^power`.
    fn binary_parts(&self) -> Option<(u128, usize)> {
        let whole = self
            .mantissa
            .unsigned_abs()
            .checked_mul(pow10(u64::try_from(self.exponent).ok()?)?)?;
        if whole < 1024 {
            return None;
        }
        let mut rest = whole;
        let mut power = 0;
        while rest.is_multiple_of(1024) {
            rest /= 1024;
            power += 1;
        }
        Some((rest, power))
    }

    /// Writes the value with an exponent that is a multiple of three, as upstream does.
    fn decimal_text(&self, sign: &str, format: QuantityFormat) -> String {
        let digits = self.mantissa.unsigned_abs().to_string();
        let pad = self.exponent.rem_euclid(3);
        let exponent = self.exponent.saturating_sub(pad);
        let zeros = "0".repeat(usize::try_from(pad).unwrap_or(0));
        let suffix = match format {
            QuantityFormat::DecimalExponent if exponent == 0 => String::new(),
            QuantityFormat::DecimalExponent => format!("e{exponent}"),
            // Upstream finds no suffix above `E` and then prints the digits without one.
            _ => decimal_suffix_name(exponent).unwrap_or("").to_string(),
        };
        format!("{sign}{digits}{zeros}{suffix}")
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match &self.spelling {
            Some(spelling) => spelling.text(),
            None => self.canonical_text(),
        };
        f.pad(&text)
    }
}

/// Enough of the input to reproduce it exactly, kept when upstream would cache the input text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Spelling {
    pub(super) sign: SignMark,
    pub(super) leading_zeros: usize,
    /// The integer and fraction digits run together; they never start with a zero.
    pub(super) digits: u64,
    pub(super) denom_len: u8,
    pub(super) dot: bool,
    pub(super) suffix: SuffixText,
}

impl Spelling {
    fn text(&self) -> String {
        let digits = self.digits.to_string();
        let split = digits.len().saturating_sub(usize::from(self.denom_len));
        let mut out = String::with_capacity(self.leading_zeros.saturating_add(24));
        out.push_str(self.sign.as_str());
        push_zeros(&mut out, self.leading_zeros);
        out.push_str(digits.get(..split).unwrap_or(""));
        if self.dot {
            out.push('.');
            out.push_str(digits.get(split..).unwrap_or(""));
        }
        match self.suffix {
            SuffixText::Named(name) => out.push_str(name),
            SuffixText::Exponent(text) => {
                out.push(if text.upper { 'E' } else { 'e' });
                out.push_str(text.sign.as_str());
                push_zeros(&mut out, text.zeros);
                if text.magnitude > 0 {
                    out.push_str(&text.magnitude.to_string());
                }
            }
        }
        out
    }
}

fn push_zeros(out: &mut String, count: usize) {
    out.extend(std::iter::repeat_n('0', count));
}

fn decimal_suffix_name(exponent: i64) -> Option<&'static str> {
    DECIMAL_SUFFIXES
        .iter()
        .find(|&&(_, power)| i64::from(power) == exponent)
        .map(|&(name, _)| name)
}
