//! Kubernetes resource quantities: parsing, exact values, comparison and canonical text.
//!
//! This module owns [`Quantity`], the fixed-point number Kubernetes uses for CPU, memory and
//! every other resource amount. It follows apimachinery `pkg/api/resource/quantity.go`
//! (`ParseQuantity`, `parseQuantityString`, `CanonicalizeBytes`, `String`, `ScaledValue`, `Cmp`)
//! together with `suffix.go`, `amount.go` and `math.go` from the same package:
//!
//! * the grammar is sign, number (`1`, `1.5`, `1.`, `.5`) and suffix, where the suffix is a
//!   binary unit (`Ki` … `Ei`), a decimal unit (`n u m "" k M G T P E`) or `e`/`E` with a
//!   signed integer; whitespace is never accepted;
//! * values are exact and kept to one nano unit (10^-9); anything finer rounds up, away from
//!   zero; binary values are capped at 2^63-1 in magnitude and a binary value strictly between
//!   0 and 1 becomes `DecimalSI`;
//! * text output keeps the input's format family and uses the largest suffix that shows the
//!   value without a fraction (`1.5` → `1500m`, `1.5Gi` → `1536Mi`, `1024Mi` → `1Gi`);
//! * like upstream `String()`, a parsed text that the fast parser judges canonical is echoed
//!   back verbatim (so `+1` prints as `+1` and `1.500` as `1.500`), and a `DecimalSI` value
//!   whose canonical exponent has no suffix (above `E`) prints its digits with no suffix.
//!
//! Where this module differs from upstream, it is on purpose:
//!
//! * upstream keeps arbitrary-precision decimals; here a decimal value that needs more than
//!   38 significant digits (after nano rounding) is rejected with the numeric error;
//! * exponent arithmetic is exact where upstream's 32-bit arithmetic would wrap, which only
//!   matters for exponents within a few units of ±2^31 (upstream may also spend unbounded
//!   time and memory on such inputs; here every input is handled in linear time);
//! * `value`, `milli_value` and `scaled_value` saturate at the `i64` bounds where upstream
//!   overflows, and always round away from zero, which is what upstream does for values held
//!   in its int64 form; for negative values held in its arbitrary-precision form upstream
//!   returns a different, inconsistent result (for example `-1n` gives `Value() == 1`).
//!
//! One file per job: `scan` splits a text into sign, number and suffix, `suffix` reads the
//! suffix (`suffix.go`), `parse` turns the digits into an exact value, `text` prints a
//! quantity back (`CanonicalizeBytes`, `String`), and `math` holds the exact integer
//! helpers. The type and its public methods live here.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

mod math;
mod parse;
mod scan;
mod suffix;
mod text;

use math::{
    compare_magnitudes, saturate_to_i64, scale_down_away_from_zero, scale_up, strip_trailing_zeros,
};
use parse::{parse_binary, parse_decimal};
use scan::scan;
use suffix::{SuffixText, Unit, interpret_suffix};
use text::Spelling;

/// The smallest decimal exponent a parsed quantity keeps.
const NANO: i64 = -9;

/// How a quantity is written out; parsing records the family of the input's suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QuantityFormat {
    /// Powers of ten with SI suffixes, e.g. `12M`.
    DecimalSI,
    /// Powers of two with IEC suffixes, e.g. `12Mi`.
    BinarySI,
    /// Powers of ten written as an exponent, e.g. `12e6`.
    DecimalExponent,
}

impl QuantityFormat {
    /// The upstream name of the format, as it appears in Go (`"DecimalSI"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            QuantityFormat::DecimalSI => "DecimalSI",
            QuantityFormat::BinarySI => "BinarySI",
            QuantityFormat::DecimalExponent => "DecimalExponent",
        }
    }
}

impl fmt::Display for QuantityFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a text is not a quantity; the messages are upstream's error strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QuantityError {
    /// The text is not a number followed by a suffix (`ErrFormatWrong`).
    FormatWrong,
    /// The number could not be read (`ErrNumeric`).
    Numeric,
    /// The suffix is neither a unit nor an exponent (`ErrSuffix`).
    Suffix,
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            QuantityError::FormatWrong => {
                "quantities must match the regular expression \
                 '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
            }
            QuantityError::Numeric => "unable to parse numeric part of quantity",
            QuantityError::Suffix => "unable to parse quantity's suffix",
        })
    }
}

impl std::error::Error for QuantityError {}

/// An exact resource amount: `mantissa × 10^exponent`, plus the format used to print it.
///
/// The mantissa never ends in a zero digit (zero is stored as `0 × 10^0`), so two quantities
/// hold the same value exactly when their mantissas and exponents match. Equality (`==`)
/// compares value and format but not the remembered input spelling; [`Quantity::cmp_value`]
/// compares values only, like upstream `Cmp`.
#[derive(Clone, Copy, Debug)]
pub struct Quantity {
    mantissa: i128,
    exponent: i64,
    format: QuantityFormat,
    spelling: Option<Spelling>,
}

impl PartialEq for Quantity {
    fn eq(&self, other: &Self) -> bool {
        self.mantissa == other.mantissa
            && self.exponent == other.exponent
            && self.format == other.format
    }
}

impl Eq for Quantity {}

impl Quantity {
    /// Parses a quantity exactly as upstream `ParseQuantity` does.
    pub fn parse(text: &str) -> Result<Quantity, QuantityError> {
        if text.is_empty() {
            return Err(QuantityError::FormatWrong);
        }
        let scanned = scan(text.as_bytes())?;
        match interpret_suffix(scanned.suffix).ok_or(QuantityError::Suffix)? {
            Unit::Decimal { exponent, name } => parse_decimal(
                &scanned,
                exponent,
                QuantityFormat::DecimalSI,
                SuffixText::Named(name),
            ),
            Unit::Exponent { exponent, text } => parse_decimal(
                &scanned,
                exponent,
                QuantityFormat::DecimalExponent,
                SuffixText::Exponent(text),
            ),
            Unit::Binary { shift, name } => parse_binary(&scanned, shift, name),
        }
    }

    /// A `DecimalSI` quantity of `milli` thousandths (upstream `NewMilliQuantity`).
    pub fn from_milli(milli: i64) -> Quantity {
        Quantity::new_scaled(milli, -3)
    }

    /// A quantity of `value` whole units in the given format (upstream `NewQuantity`).
    pub fn new(value: i64, format: QuantityFormat) -> Quantity {
        Quantity::assemble(value < 0, u128::from(value.unsigned_abs()), 0, format, None)
    }

    /// A `DecimalSI` quantity of `value × 10^scale` (upstream `NewScaledQuantity`).
    pub fn new_scaled(value: i64, scale: i32) -> Quantity {
        Quantity::assemble(
            value < 0,
            u128::from(value.unsigned_abs()),
            i64::from(scale),
            QuantityFormat::DecimalSI,
            None,
        )
    }

    /// The format the quantity is printed in.
    pub fn format(&self) -> QuantityFormat {
        self.format
    }

    /// `q × 1000` rounded away from zero and saturated to `i64` (upstream `MilliValue`).
    pub fn milli_value(&self) -> i64 {
        self.scaled_value(-3)
    }

    /// `q` rounded away from zero and saturated to `i64` (upstream `Value`).
    pub fn value(&self) -> i64 {
        self.scaled_value(0)
    }

    /// `q / 10^scale` rounded away from zero and saturated to `i64` (upstream `ScaledValue`).
    pub fn scaled_value(&self, scale: i32) -> i64 {
        let shift = self.exponent.saturating_sub(i64::from(scale));
        let magnitude = self.mantissa.unsigned_abs();
        let scaled = if shift >= 0 {
            scale_up(magnitude, shift.unsigned_abs())
        } else {
            scale_down_away_from_zero(magnitude, shift.unsigned_abs())
        };
        saturate_to_i64(self.mantissa < 0, scaled)
    }

    /// Whether the value is below zero.
    pub fn is_negative(&self) -> bool {
        self.mantissa < 0
    }

    /// Whether the value is exactly zero.
    pub fn is_zero(&self) -> bool {
        self.mantissa == 0
    }

    /// Orders two quantities by value alone, ignoring format (upstream `Cmp`).
    pub fn cmp_value(&self, other: &Quantity) -> Ordering {
        let by_sign = self.mantissa.signum().cmp(&other.mantissa.signum());
        if by_sign != Ordering::Equal || self.mantissa == 0 {
            return by_sign;
        }
        let by_magnitude = compare_magnitudes(
            (self.mantissa.unsigned_abs(), self.exponent),
            (other.mantissa.unsigned_abs(), other.exponent),
        );
        if self.mantissa < 0 {
            by_magnitude.reverse()
        } else {
            by_magnitude
        }
    }

    /// Builds a normalised quantity so that equal values always share one representation.
    fn assemble(
        negative: bool,
        magnitude: u128,
        exponent: i64,
        format: QuantityFormat,
        spelling: Option<Spelling>,
    ) -> Quantity {
        let (magnitude, exponent) = strip_trailing_zeros(magnitude, exponent);
        let magnitude = i128::try_from(magnitude).unwrap_or(i128::MAX);
        Quantity {
            mantissa: if negative { -magnitude } else { magnitude },
            exponent,
            format,
            spelling,
        }
    }
}

impl FromStr for Quantity {
    type Err = QuantityError;

    fn from_str(text: &str) -> Result<Quantity, QuantityError> {
        Quantity::parse(text)
    }
}

/// A value in milli-units as a person writes it (`90`, `0.5`), for metric readings.
pub fn milli_text(milli: i64) -> String {
    if milli % 1000 == 0 {
        (milli / 1000).to_string()
    } else {
        format!("{}", milli as f64 / 1000.0)
    }
}

#[cfg(test)]
mod tests;
