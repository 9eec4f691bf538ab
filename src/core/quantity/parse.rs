//! Turning the scanned digits into an exact value: decimal amounts rounded up to a nano unit
//! within 38 significant digits, binary amounts capped at 2^63-1, and the input spelling
//! upstream's fast path keeps.

use super::scan::{Scanned, SignMark, digit_value, len_i64, rest};
use super::suffix::SuffixText;
use super::text::Spelling;
use super::{NANO, Quantity, QuantityError, QuantityFormat};

/// The most digits upstream's int64 fast path accepts (`maxInt64Factors`).
const FAST_PATH_DIGITS: usize = 18;
/// The most significant digits a mantissa may hold; 10^38 still fits an `i128`.
const MAX_MANTISSA_DIGITS: usize = 38;
/// The magnitude binary quantities are capped at (the largest `int64`).
const BINARY_CAP: u128 = i64::MAX as u128;
/// One whole unit expressed in nano units.
const NANOS_PER_UNIT: u128 = 1_000_000_000;

/// The integer and fraction digits of the input, read as one digit string.
struct Digits<'a> {
    high: &'a [u8],
    low: &'a [u8],
}

impl Digits<'_> {
    fn len(&self) -> usize {
        self.high.len().saturating_add(self.low.len())
    }

    fn iter(&self) -> impl DoubleEndedIterator<Item = u8> + '_ {
        self.high
            .iter()
            .chain(self.low.iter())
            .map(|&byte| digit_value(byte))
    }

    fn leading_zeros(&self) -> usize {
        self.iter().take_while(|&digit| digit == 0).count()
    }

    fn trailing_zeros(&self) -> usize {
        self.iter().rev().take_while(|&digit| digit == 0).count()
    }

    /// Reads `count` digits starting at `start`; callers keep `count` within 38 digits.
    fn read(&self, start: usize, count: usize) -> u128 {
        self.iter()
            .skip(start)
            .take(count)
            .fold(0_u128, |acc, digit| {
                acc.saturating_mul(10).saturating_add(u128::from(digit))
            })
    }

    /// The magnitude as `(mantissa, exponent)` for `digits × 10^scale`, rounded up to nanos.
    fn decimal_value(&self, scale: i64) -> Result<(u128, i64), QuantityError> {
        let total = self.len();
        let lead = self.leading_zeros();
        if lead >= total {
            return Ok((0, 0));
        }
        let trail = self.trailing_zeros();
        let significant = total.saturating_sub(lead).saturating_sub(trail);
        let exponent = scale.saturating_add(len_i64(trail));
        if exponent >= NANO {
            if significant > MAX_MANTISSA_DIGITS {
                return Err(QuantityError::Numeric);
            }
            return Ok((self.read(lead, significant), exponent));
        }
        // Any amount finer than a nano unit rounds up, away from zero, so that asking for a
        // tiny non-zero amount still yields a non-zero quantity.
        let dropped = usize::try_from(NANO.saturating_sub(exponent)).unwrap_or(usize::MAX);
        if dropped >= significant {
            return Ok((1, NANO));
        }
        let kept = significant - dropped;
        // Adding the rounding unit turns trailing nines into zeros, so those nines never count
        // against the digit limit: `P99…9 + 1` is `(P + 1) × 10^nines`.
        let nines = self
            .iter()
            .skip(lead)
            .take(kept)
            .fold(0, |run, digit| if digit == 9 { run + 1 } else { 0 });
        if nines == kept {
            return Ok((1, NANO.saturating_add(len_i64(kept))));
        }
        let width = kept - nines;
        if width > MAX_MANTISSA_DIGITS {
            return Err(QuantityError::Numeric);
        }
        Ok((
            self.read(lead, width).saturating_add(1),
            NANO.saturating_add(len_i64(nines)),
        ))
    }
}

/// Parses a number with a decimal suffix or exponent.
pub(super) fn parse_decimal(
    scanned: &Scanned<'_>,
    exponent: i32,
    format: QuantityFormat,
    suffix: SuffixText,
) -> Result<Quantity, QuantityError> {
    let digits = Digits {
        high: scanned.num,
        low: scanned.denom,
    };
    let scale = i64::from(exponent).saturating_sub(len_i64(scanned.denom.len()));
    let upstream_len = scanned.num.len().max(1).saturating_add(scanned.denom.len());
    let fast_path = upstream_len <= FAST_PATH_DIGITS && scale >= NANO;
    // Upstream's arbitrary-precision path needs at least one digit to read.
    if !fast_path && !scanned.has_digits {
        return Err(QuantityError::Numeric);
    }
    let (magnitude, value_exponent) = digits.decimal_value(scale)?;
    let spelling = if fast_path {
        decimal_spelling(scanned, &digits, scale, suffix)
    } else {
        None
    };
    Ok(Quantity::assemble(
        scanned.sign == SignMark::Minus,
        magnitude,
        value_exponent,
        format,
        spelling,
    ))
}

/// Upstream keeps the input text when its fast path sees a number that looks canonical.
fn decimal_spelling(
    scanned: &Scanned<'_>,
    digits: &Digits<'_>,
    scale: i64,
    suffix: SuffixText,
) -> Option<Spelling> {
    let looks_canonical = scale % 3 == 0 && !scanned.num.is_empty() && digits.trailing_zeros() < 3;
    if !looks_canonical {
        return None;
    }
    Some(Spelling {
        sign: scanned.sign,
        leading_zeros: scanned.leading_zeros,
        digits: u64::try_from(digits.read(0, digits.len())).ok()?,
        denom_len: u8::try_from(scanned.denom.len()).ok()?,
        dot: scanned.dot,
        suffix,
    })
}

/// Parses a number with a binary suffix.
pub(super) fn parse_binary(
    scanned: &Scanned<'_>,
    shift: u32,
    name: &'static str,
) -> Result<Quantity, QuantityError> {
    let fast_value = binary_fast_value(scanned, shift);
    // Upstream's arbitrary-precision path needs at least one digit to read.
    if fast_value.is_none() && !scanned.has_digits {
        return Err(QuantityError::Numeric);
    }
    let nanos = binary_nanos(scanned.num, scanned.denom, shift);
    // A binary amount strictly between 0 and 1 has no binary spelling, so it turns decimal.
    let format = if nanos > 0 && nanos < NANOS_PER_UNIT {
        QuantityFormat::DecimalSI
    } else {
        QuantityFormat::BinarySI
    };
    let spelling = fast_value
        .filter(|value| value & 0x07 != 0)
        .map(|value| Spelling {
            sign: scanned.sign,
            leading_zeros: scanned.leading_zeros,
            digits: value,
            denom_len: 0,
            dot: scanned.dot,
            suffix: SuffixText::Named(name),
        });
    Ok(Quantity::assemble(
        scanned.sign == SignMark::Minus,
        nanos,
        NANO,
        format,
        spelling,
    ))
}

/// The integer upstream's binary fast path reads, or `None` when it takes the slow path.
fn binary_fast_value(scanned: &Scanned<'_>, shift: u32) -> Option<u64> {
    if !scanned.denom.is_empty() {
        return None;
    }
    // Upstream estimates 3 decimal digits per 10 bits; for multiples of ten this is exact.
    let suffix_digits = usize::try_from(shift * 3 / 10).ok()?;
    let needed = scanned
        .num
        .len()
        .max(1)
        .saturating_add(suffix_digits)
        .saturating_add(1);
    if needed > 15 {
        return None;
    }
    let value = u64::try_from(
        Digits {
            high: scanned.num,
            low: &[],
        }
        .read(0, scanned.num.len()),
    )
    .ok()?;
    i64::try_from(value).ok()?.checked_mul(1_i64 << shift)?;
    Some(value)
}

/// `(num.denom) × 2^shift` in nano units, rounded up and capped at 2^63-1 units.
fn binary_nanos(num: &[u8], denom: &[u8], shift: u32) -> u128 {
    let cap = BINARY_CAP * NANOS_PER_UNIT;
    // Twenty integer digits already exceed the cap, whatever the suffix.
    if num.len() > 19 {
        return cap;
    }
    let whole = Digits {
        high: num,
        low: &[],
    }
    .read(0, num.len());
    let scaled = whole.saturating_mul(1_u128 << shift);
    if scaled > BINARY_CAP {
        return cap;
    }
    let nanos = scaled
        .saturating_mul(NANOS_PER_UNIT)
        .saturating_add(fraction_nanos(denom, shift));
    nanos.min(cap)
}

/// `0.denom × 2^shift` in nano units, rounded up.
///
/// Only the first `9 + shift` fraction digits are multiplied out. Beyond them the remaining
/// digits add less than `2^shift / 10^shift`-ths of a nano, while a product that is not a
/// whole number of nanos is at least that far below the next one; so the tail can only
/// matter when the product is whole, and then any non-zero tail rounds it up by one.
fn fraction_nanos(denom: &[u8], shift: u32) -> u128 {
    let shift_digits = usize::try_from(shift).unwrap_or(usize::MAX);
    let width = shift_digits.saturating_add(9);
    let tail_nonzero = rest(denom, width).iter().any(|&byte| byte != b'0');
    // Little-endian decimal digits; 69 fraction digits times 2^60 needs at most 88 places.
    let mut product = [0_u8; 96];
    let head = denom
        .iter()
        .map(|&byte| digit_value(byte))
        .chain(std::iter::repeat(0));
    for (slot, digit) in product.iter_mut().take(width).rev().zip(head) {
        *slot = digit;
    }
    for _ in 0..shift {
        double_digits(&mut product);
    }
    let below_nano = product.iter().take(shift_digits).any(|&digit| digit != 0);
    let whole_nanos = product
        .iter()
        .skip(shift_digits)
        .rev()
        .fold(0_u128, |acc, &digit| {
            acc.saturating_mul(10).saturating_add(u128::from(digit))
        });
    whole_nanos.saturating_add(u128::from(below_nano || tail_nonzero))
}

fn double_digits(digits: &mut [u8]) {
    let mut carry = 0;
    for digit in digits.iter_mut() {
        let doubled = *digit * 2 + carry;
        *digit = doubled % 10;
        carry = doubled / 10;
    }
}
