//! IntOrString scaling and the rolling-update budgets: how a `maxSurge` or `maxUnavailable`
//! value resolves to a pod count (`GetScaledValueFromIntOrPercent`, `ResolveFenceposts`,
//! `MaxSurge`, `MaxUnavailable`, `MinAvailable`; §3.3, §8 A, B and F), and the exact integer
//! helpers the other rollout files share.

use std::num::IntErrorKind;

use super::*;
use crate::core::go_format::strconv_quote;

// ---------------------------------------------------------------------------
// IntOrString scaling (§3.3, §8 F)
// ---------------------------------------------------------------------------

impl From<i64> for IntOrPercent {
    fn from(value: i64) -> Self {
        IntOrPercent::Int(value)
    }
}

impl From<&str> for IntOrPercent {
    fn from(value: &str) -> Self {
        IntOrPercent::Str(value.to_string())
    }
}

/// Resolves an `IntOrString` against `total`, as apimachinery's
/// `GetScaledValueFromIntOrPercent` does (§3.3, §8 F).
///
/// An integer passes through unchanged. A string must end in `%` and the rest
/// must parse as a Go `strconv.Atoi` integer; the result is
/// `ceil(p × total / 100)` when `round_up` and `floor(p × total / 100)`
/// otherwise. Upstream computes this in `float64`; here it is computed exactly
/// in `i128` and saturated to `i64`, which gives the same answer for every
/// value a Deployment can hold.
///
/// The error text matches upstream, for example
/// `invalid value for IntOrString: invalid type: string is not a percentage`.
/// The percentage a `"N%"` value names, as the scaling reads it; `None` for a count or a
/// value that is not a percentage.
pub fn percent_of(value: &IntOrPercent) -> Option<i64> {
    match value {
        IntOrPercent::Int(_) => None,
        IntOrPercent::Str(text) => go_atoi(text.strip_suffix('%')?).ok(),
    }
}

pub fn scaled_value_from_int_or_percent(
    value: &IntOrPercent,
    total: i64,
    round_up: bool,
) -> Result<i64, String> {
    match value {
        IntOrPercent::Int(count) => Ok(*count),
        IntOrPercent::Str(text) => {
            // Upstream checks for the suffix first, so "90" fails as "not a
            // percentage" rather than as a parse error.
            let Some(digits) = text.strip_suffix('%') else {
                return Err(
                    "invalid value for IntOrString: invalid type: string is not a percentage"
                        .to_string(),
                );
            };
            let percent = go_atoi(digits).map_err(|reason| {
                format!(
                    "invalid value for IntOrString: invalid value {}: {}",
                    strconv_quote(text),
                    reason
                )
            })?;
            let product = i128::from(percent) * i128::from(total);
            let scaled = if round_up {
                ceil_div(product, 100)
            } else {
                floor_div(product, 100)
            };
            Ok(saturate_to_i64(scaled))
        }
    }
}

/// Parses a decimal integer the way Go's `strconv.Atoi` does and reports
/// failures in its words, because those words end up in user-facing errors.
fn go_atoi(text: &str) -> Result<i64, String> {
    // Rust's integer parser accepts the same language as `Atoi` (optional sign,
    // ASCII digits, no spaces or underscores) and, like Go, reports an
    // overflow before a later bad character.
    text.parse::<i64>().map_err(|error| {
        let reason = match error.kind() {
            IntErrorKind::PosOverflow | IntErrorKind::NegOverflow => "value out of range",
            _ => "invalid syntax",
        };
        format!("strconv.Atoi: parsing {}: {}", strconv_quote(text), reason)
    })
}

/// Floor division for a positive divisor; negative numerators round toward
/// negative infinity, as `math.Floor` does.
fn floor_div(numerator: i128, divisor: i128) -> i128 {
    numerator.div_euclid(divisor)
}

/// Ceiling division for a positive divisor; negative numerators round toward
/// zero, as `math.Ceil` does.
fn ceil_div(numerator: i128, divisor: i128) -> i128 {
    -((-numerator).div_euclid(divisor))
}

/// Clamps an `i128` into the `i64` range so callers never see a wrapped value.
pub(super) fn saturate_to_i64(value: i128) -> i64 {
    i64::try_from(value).unwrap_or(if value < 0 { i64::MIN } else { i64::MAX })
}

// ---------------------------------------------------------------------------
// Fenceposts (§3.3, §8 A and B)
// ---------------------------------------------------------------------------

/// The parts of a Deployment spec the rollout arithmetic reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RolloutInput {
    /// `spec.strategy.type`.
    pub strategy: StrategyKind,
    /// `spec.replicas`.
    pub replicas: i64,
    /// `spec.strategy.rollingUpdate.maxSurge`; `None` is an absent (nil) value.
    pub max_surge: Option<IntOrPercent>,
    /// `spec.strategy.rollingUpdate.maxUnavailable`; `None` is an absent (nil) value.
    pub max_unavailable: Option<IntOrPercent>,
}

impl RolloutInput {
    /// A RollingUpdate Deployment with both budgets set.
    pub fn rolling(
        replicas: i64,
        max_surge: impl Into<IntOrPercent>,
        max_unavailable: impl Into<IntOrPercent>,
    ) -> Self {
        RolloutInput {
            strategy: StrategyKind::RollingUpdate,
            replicas,
            max_surge: Some(max_surge.into()),
            max_unavailable: Some(max_unavailable.into()),
        }
    }

    /// A Recreate Deployment, which has no rolling-update budgets.
    pub fn recreate(replicas: i64) -> Self {
        RolloutInput {
            strategy: StrategyKind::Recreate,
            replicas,
            max_surge: None,
            max_unavailable: None,
        }
    }

    /// The desired replica count, read as 0 when negative.
    pub(super) fn desired(&self) -> i64 {
        self.replicas.max(0)
    }
}

/// Resolves `maxSurge` and `maxUnavailable` against `desired`, as
/// `ResolveFenceposts` does (§3.3, §8 A).
///
/// An absent value counts as 0. Surge rounds up and unavailability rounds
/// down. When both come out as 0, unavailability becomes 1: validation forbids
/// a literal 0/0, but percentages of a small Deployment can round to it, and a
/// budget of 0/0 could never make progress.
pub fn resolve_fenceposts(
    max_surge: Option<&IntOrPercent>,
    max_unavailable: Option<&IntOrPercent>,
    desired: i64,
) -> Result<(i64, i64), String> {
    let zero = IntOrPercent::Int(0);
    let surge = scaled_value_from_int_or_percent(max_surge.unwrap_or(&zero), desired, true)?;
    let unavailable =
        scaled_value_from_int_or_percent(max_unavailable.unwrap_or(&zero), desired, false)?;
    if surge == 0 && unavailable == 0 {
        return Ok((0, 1));
    }
    Ok((surge, unavailable))
}

/// The fenceposts of a Deployment as `MaxSurge` and `MaxUnavailable` see them.
///
/// Upstream ignores the resolution error here ("caught by validation") and so
/// uses 0 for both. Negative budgets are also invalid, so they are read as 0.
fn deployment_fenceposts(p: &RolloutInput) -> (i64, i64) {
    let (surge, unavailable) = resolve_fenceposts(
        p.max_surge.as_ref(),
        p.max_unavailable.as_ref(),
        p.desired(),
    )
    .unwrap_or((0, 0));
    (surge.max(0), unavailable.max(0))
}

/// How many pods above `spec.replicas` a rollout may run (§3.3 `MaxSurge`).
///
/// Recreate has no surge. The value is not capped by the replica count.
pub fn max_surge(p: &RolloutInput) -> i64 {
    match p.strategy {
        StrategyKind::Recreate => 0,
        StrategyKind::RollingUpdate => deployment_fenceposts(p).0,
    }
}

/// How many of the desired pods may be unavailable during a rollout (§3.3
/// `MaxUnavailable`, §8 B).
///
/// Recreate and a Deployment of 0 replicas allow none; otherwise the resolved
/// value is capped at the replica count.
pub fn max_unavailable(p: &RolloutInput) -> i64 {
    let desired = p.desired();
    if p.strategy == StrategyKind::Recreate || desired == 0 {
        return 0;
    }
    deployment_fenceposts(p).1.min(desired)
}

/// The minimum number of available pods a rolling update keeps (§3.3
/// `MinAvailable`).
///
/// Upstream returns 0 for Recreate, because Recreate makes no availability
/// promise; for RollingUpdate it is `replicas − max_unavailable`.
pub fn min_available(p: &RolloutInput) -> i64 {
    match p.strategy {
        StrategyKind::Recreate => 0,
        StrategyKind::RollingUpdate => p.desired() - max_unavailable(p),
    }
}

/// `replicas − MaxUnavailable`, which `rolling.go` and `calculateStatus`
/// compute inline regardless of strategy.
pub(super) fn availability_floor(p: &RolloutInput) -> i64 {
    p.desired() - max_unavailable(p)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(crate) fn pct(s: &str) -> IntOrPercent {
        IntOrPercent::from(s)
    }

    fn fenceposts(surge: &str, unavailable: &str, desired: i64) -> Result<(i64, i64), String> {
        resolve_fenceposts(Some(&pct(surge)), Some(&pct(unavailable)), desired)
    }

    // §8 A: TestResolveFenceposts.

    #[test]
    fn test_resolve_fenceposts_0_percent_with_0_desired() {
        assert_eq!(fenceposts("0%", "0%", 0), Ok((0, 1)));
    }

    #[test]
    fn test_resolve_fenceposts_39_percent() {
        assert_eq!(fenceposts("39%", "39%", 10), Ok((4, 3)));
    }

    #[test]
    fn test_resolve_fenceposts_oops_surge_is_error() {
        let err = fenceposts("oops", "39%", 10).unwrap_err();
        assert_eq!(
            err,
            "invalid value for IntOrString: invalid type: string is not a percentage"
        );
    }

    #[test]
    fn test_resolve_fenceposts_urg_unavailable_is_error() {
        assert!(fenceposts("55%", "urg", 10).is_err());
    }

    #[test]
    fn test_resolve_fenceposts_25_percent_derived() {
        let expected = [
            (1, 1, 0),
            (2, 1, 0),
            (3, 1, 0),
            (4, 1, 1),
            (5, 2, 1),
            (10, 3, 2),
        ];
        for (desired, surge, unavailable) in expected {
            assert_eq!(
                fenceposts("25%", "25%", desired),
                Ok((surge, unavailable)),
                "desired {desired}"
            );
        }
    }

    #[test]
    fn test_resolve_fenceposts_0_surge_1_percent_unavailable_derived() {
        assert_eq!(fenceposts("0%", "1%", 10), Ok((0, 1)));
    }

    #[test]
    fn test_resolve_fenceposts_nil_surge_counts_as_0() {
        assert_eq!(resolve_fenceposts(None, Some(&pct("39%")), 10), Ok((0, 3)));
    }

    #[test]
    fn test_resolve_fenceposts_nil_unavailable_counts_as_0() {
        assert_eq!(resolve_fenceposts(Some(&pct("39%")), None, 10), Ok((4, 0)));
    }

    #[test]
    fn test_resolve_fenceposts_nil_both_uses_fencepost() {
        assert_eq!(resolve_fenceposts(None, None, 10), Ok((0, 1)));
    }

    // §8 B: TestMaxUnavailable (maxSurge int 1).

    fn max_unavailable_of(replicas: i64, unavailable: IntOrPercent) -> i64 {
        max_unavailable(&RolloutInput::rolling(replicas, 1, unavailable))
    }

    #[test]
    fn test_max_unavailable_less_than_replicas() {
        assert_eq!(max_unavailable_of(10, 5.into()), 5);
    }

    #[test]
    fn test_max_unavailable_equal_replicas() {
        assert_eq!(max_unavailable_of(10, 10.into()), 10);
    }

    #[test]
    fn test_max_unavailable_greater_than_replicas() {
        assert_eq!(max_unavailable_of(5, 10.into()), 5);
    }

    #[test]
    fn test_max_unavailable_with_replicas_is_0() {
        assert_eq!(max_unavailable_of(0, 10.into()), 0);
    }

    #[test]
    fn test_max_unavailable_with_recreate_deployment_strategy() {
        assert_eq!(max_unavailable(&RolloutInput::recreate(10)), 0);
    }

    #[test]
    fn test_max_unavailable_less_than_replicas_with_percents() {
        assert_eq!(max_unavailable_of(10, pct("50%")), 5);
    }

    #[test]
    fn test_max_unavailable_equal_replicas_with_percents() {
        assert_eq!(max_unavailable_of(10, pct("100%")), 10);
    }

    #[test]
    fn test_max_unavailable_greater_than_replicas_with_percents() {
        assert_eq!(max_unavailable_of(5, pct("100%")), 5);
    }

    #[test]
    fn test_max_surge_and_min_available() {
        let p = RolloutInput::rolling(4, pct("25%"), pct("25%"));
        assert_eq!(
            (max_surge(&p), max_unavailable(&p), min_available(&p)),
            (1, 1, 3)
        );
        let recreate = RolloutInput::recreate(4);
        assert_eq!((max_surge(&recreate), min_available(&recreate)), (0, 0));
        // Surge is not capped by the replica count.
        assert_eq!(max_surge(&RolloutInput::rolling(2, 5, 0)), 5);
        // An unresolvable value leaves both budgets at 0, as upstream ignores the error.
        let broken = RolloutInput::rolling(10, pct("oops"), pct("25%"));
        assert_eq!((max_surge(&broken), max_unavailable(&broken)), (0, 0));
    }

    // §8 F: TestGetIntFromIntOrPercent.

    #[test]
    fn test_get_int_from_int_or_percent_int() {
        assert_eq!(
            scaled_value_from_int_or_percent(&123.into(), 0, false),
            Ok(123)
        );
    }

    #[test]
    fn test_get_int_from_int_or_percent_90_of_100_round_up() {
        assert_eq!(
            scaled_value_from_int_or_percent(&pct("90%"), 100, true),
            Ok(90)
        );
    }

    #[test]
    fn test_get_int_from_int_or_percent_90_of_95_round_up() {
        assert_eq!(
            scaled_value_from_int_or_percent(&pct("90%"), 95, true),
            Ok(86)
        );
    }

    #[test]
    fn test_get_int_from_int_or_percent_90_of_95_round_down() {
        assert_eq!(
            scaled_value_from_int_or_percent(&pct("90%"), 95, false),
            Ok(85)
        );
    }

    #[test]
    fn test_get_int_from_int_or_percent_bare_percent_sign_is_error() {
        assert_eq!(
            scaled_value_from_int_or_percent(&pct("%"), 0, false),
            Err(
                "invalid value for IntOrString: invalid value \"%\": strconv.Atoi: parsing \"\": invalid syntax"
                    .to_string()
            )
        );
    }

    #[test]
    fn test_get_int_from_int_or_percent_hash_suffix_is_error() {
        assert_eq!(
            scaled_value_from_int_or_percent(&pct("90#"), 0, false),
            Err(
                "invalid value for IntOrString: invalid type: string is not a percentage"
                    .to_string()
            )
        );
    }

    #[test]
    fn test_get_int_from_int_or_percent_hash_percent_is_error() {
        assert_eq!(
            scaled_value_from_int_or_percent(&pct("#%"), 0, false),
            Err(
                "invalid value for IntOrString: invalid value \"#%\": strconv.Atoi: parsing \"#\": invalid syntax"
                    .to_string()
            )
        );
    }

    #[test]
    fn test_get_int_from_int_or_percent_bare_number_string_is_error() {
        assert_eq!(
            scaled_value_from_int_or_percent(&pct("90"), 0, false),
            Err(
                "invalid value for IntOrString: invalid type: string is not a percentage"
                    .to_string()
            )
        );
    }

    #[test]
    fn test_get_int_from_int_or_percent_out_of_range() {
        assert_eq!(
            scaled_value_from_int_or_percent(&pct("99999999999999999999%"), 1, true),
            Err(
                "invalid value for IntOrString: invalid value \"99999999999999999999%\": \
                 strconv.Atoi: parsing \"99999999999999999999\": value out of range"
                    .to_string()
            )
        );
    }

    #[test]
    fn test_get_int_from_int_or_percent_negative_rounding() {
        // Go rounds with math.Ceil/math.Floor, so negatives round toward +∞/−∞.
        assert_eq!(
            scaled_value_from_int_or_percent(&pct("-10%"), 5, true),
            Ok(0)
        );
        assert_eq!(
            scaled_value_from_int_or_percent(&pct("-10%"), 5, false),
            Ok(-1)
        );
    }
}
