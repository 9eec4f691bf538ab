//! Exact integer helpers over `mantissa × 10^exponent` magnitudes: normalising, scaling with
//! rounding away from zero, saturating to `i64` and comparing.

use std::cmp::Ordering;

/// Moves factors of ten from the mantissa into the exponent.
pub(super) fn strip_trailing_zeros(mut magnitude: u128, mut exponent: i64) -> (u128, i64) {
    if magnitude == 0 {
        return (0, 0);
    }
    while magnitude.is_multiple_of(10) {
        magnitude /= 10;
        exponent = exponent.saturating_add(1);
    }
    (magnitude, exponent)
}

pub(super) fn pow10(exponent: u64) -> Option<u128> {
    10_u128.checked_pow(u32::try_from(exponent).ok()?)
}

pub(super) fn scale_up(magnitude: u128, shift: u64) -> u128 {
    if magnitude == 0 {
        return 0;
    }
    pow10(shift)
        .and_then(|factor| magnitude.checked_mul(factor))
        .unwrap_or(u128::MAX)
}

pub(super) fn scale_down_away_from_zero(magnitude: u128, shift: u64) -> u128 {
    if magnitude == 0 {
        return 0;
    }
    match pow10(shift) {
        Some(divisor) => magnitude / divisor + u128::from(!magnitude.is_multiple_of(divisor)),
        // The divisor exceeds every mantissa, so only the rounding unit is left.
        None => 1,
    }
}

pub(super) fn saturate_to_i64(negative: bool, magnitude: u128) -> i64 {
    let magnitude = i128::try_from(magnitude).unwrap_or(i128::MAX);
    let signed = if negative { -magnitude } else { magnitude };
    i64::try_from(signed).unwrap_or(if negative { i64::MIN } else { i64::MAX })
}

fn digit_count(value: u128) -> i128 {
    value.checked_ilog10().map_or(0, |log| i128::from(log) + 1)
}

/// Orders `a.0 × 10^a.1` against `b.0 × 10^b.1` for non-zero magnitudes.
pub(super) fn compare_magnitudes(a: (u128, i64), b: (u128, i64)) -> Ordering {
    let (a_digits, b_digits) = (digit_count(a.0), digit_count(b.0));
    // The position of the leading digit decides unless both lead at the same place.
    let by_position = (a_digits + i128::from(a.1)).cmp(&(b_digits + i128::from(b.1)));
    if by_position != Ordering::Equal {
        return by_position;
    }
    let widen = |value: u128, by: i128| {
        u64::try_from(by)
            .ok()
            .and_then(pow10)
            .and_then(|factor| value.checked_mul(factor))
    };
    if a_digits >= b_digits {
        widen(b.0, a_digits - b_digits).map_or(Ordering::Less, |b_wide| a.0.cmp(&b_wide))
    } else {
        widen(a.0, b_digits - a_digits).map_or(Ordering::Greater, |a_wide| a_wide.cmp(&b.0))
    }
}
