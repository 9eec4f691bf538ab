//! Normalization of a proposal (§4 step 8, `horizontal.go`): stabilization over past
//! recommendations, the legacy max(2 × current, 4) limit, the behavior rate limits measured
//! from each period's start, and clamping to `[min, max]`, with the `ScalingLimited` reason.

use std::fmt;

use super::replica_calc::ceil_replicas;

/// Default downscale stabilization window of the controller flag, in seconds (§1).
pub const DEFAULT_DOWNSCALE_STABILIZATION_SECONDS: u64 =
    crate::core::manifest::model::DEFAULT_DOWNSCALE_STABILIZATION_SECONDS as u64;

/// One past, unstabilized recommendation and how long ago it was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recommendation {
    pub replicas: i64,
    pub age_seconds: u64,
}

/// The `ScalingLimited` condition reason chosen by normalization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalingLimitReason {
    DesiredWithinRange,
    TooFewReplicas,
    TooManyReplicas,
    ScaleUpLimit,
    ScaleDownLimit,
}

impl ScalingLimitReason {
    /// The condition reason exactly as upstream spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            ScalingLimitReason::DesiredWithinRange => "DesiredWithinRange",
            ScalingLimitReason::TooFewReplicas => "TooFewReplicas",
            ScalingLimitReason::TooManyReplicas => "TooManyReplicas",
            ScalingLimitReason::ScaleUpLimit => "ScaleUpLimit",
            ScalingLimitReason::ScaleDownLimit => "ScaleDownLimit",
        }
    }

    /// The condition message upstream pairs with the reason.
    pub fn message(self) -> &'static str {
        match self {
            ScalingLimitReason::DesiredWithinRange => {
                "the desired count is within the acceptable range"
            }
            ScalingLimitReason::TooFewReplicas => {
                "the desired replica count is less than the minimum replica count"
            }
            ScalingLimitReason::TooManyReplicas => {
                "the desired replica count is more than the maximum replica count"
            }
            ScalingLimitReason::ScaleUpLimit => {
                "the desired replica count is increasing faster than the maximum scale rate"
            }
            ScalingLimitReason::ScaleDownLimit => {
                "the desired replica count is decreasing faster than the maximum scale rate"
            }
        }
    }
}

impl fmt::Display for ScalingLimitReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Legacy stabilization (`stabilizeRecommendation`): the largest of the
/// proposal and every recommendation not older than the window (§4 step 8).
///
/// Upstream drops a sample only when it is strictly before the cutoff, so a
/// recommendation exactly `window_seconds` old still counts.
pub fn stabilize_recommendation(
    desired: i64,
    history: &[Recommendation],
    window_seconds: u64,
) -> i64 {
    history
        .iter()
        .filter(|rec| rec.age_seconds <= window_seconds)
        .map(|rec| rec.replicas)
        .fold(desired, i64::max)
}

/// Legacy scale-up limit (`calculateScaleUpLimit`): max(2 × current, 4).
fn legacy_scale_up_limit(current: i64) -> i64 {
    current.saturating_mul(2).max(4)
}

/// Legacy clamping (`convertDesiredReplicasWithRules`, §4 step 8, behavior nil).
pub fn convert_desired_replicas_with_rules(
    current: i64,
    desired: i64,
    min: i64,
    max: i64,
) -> (i64, ScalingLimitReason) {
    // The scale-up limit guards against bogus usage spikes; it only bites when
    // it is tighter than the spec maximum, which decides the reported reason.
    let scale_up_limit = legacy_scale_up_limit(current);
    let (maximum_allowed, limit_reason) = if max > scale_up_limit {
        (scale_up_limit, ScalingLimitReason::ScaleUpLimit)
    } else {
        (max, ScalingLimitReason::TooManyReplicas)
    };
    if desired < min {
        (min, ScalingLimitReason::TooFewReplicas)
    } else if desired > maximum_allowed {
        (maximum_allowed, limit_reason)
    } else {
        (desired, ScalingLimitReason::DesiredWithinRange)
    }
}

/// Behavior-nil normalization (`normalizeDesiredReplicas`, §4 step 8): downscale
/// stabilization over `history`, then the max(2 × current, 4) scale-up limit,
/// then clamping to `[min, max]`.
///
/// `history` holds earlier unstabilized proposals; the caller records the
/// current proposal afterwards, as upstream does.
pub fn normalize_legacy(
    current: i64,
    desired: i64,
    min: i64,
    max: i64,
    history: &[Recommendation],
    window_seconds: u64,
) -> (i64, ScalingLimitReason) {
    let stabilized = stabilize_recommendation(desired, history, window_seconds);
    convert_desired_replicas_with_rules(current, stabilized, min, max)
}

// The behavior types are the manifest model's own (`autoscaling/v2` `HPAScalingRules`), so the
// controller reads the decoded HPA without conversion; their §1 defaults live there too.
pub use crate::core::manifest::model::{
    Behavior, PolicyKind, ScalingPolicy, ScalingRules, SelectPolicy,
};

/// A rescale the controller performed: positive when replicas were added, negative when removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScaleEvent {
    pub replica_change: i64,
    pub age_seconds: u64,
}

/// A window or period from the API (validated non-negative) as seconds of age.
fn seconds(value: i64) -> u64 {
    value.max(0) as u64
}

/// Replicas added and removed within the last `period_seconds` (`getReplicasChangePerPeriod`).
///
/// Upstream keeps separate up and down event lists and counts an event only
/// when it is strictly after the cutoff, so an event exactly one period old no
/// longer counts.
fn changes_in_period(period_seconds: u64, events: &[ScaleEvent]) -> (i64, i64) {
    events
        .iter()
        .filter(|event| event.age_seconds < period_seconds)
        .fold((0i64, 0i64), |(added, removed), event| {
            if event.replica_change >= 0 {
                (added.saturating_add(event.replica_change), removed)
            } else {
                (
                    added,
                    removed.saturating_add(event.replica_change.saturating_neg()),
                )
            }
        })
}

/// Replicas at the start of a policy period: current − added + removed (§4 step 8).
fn period_start_replicas(current: i64, period_seconds: u64, events: &[ScaleEvent]) -> i64 {
    let (added, removed) = changes_in_period(period_seconds, events);
    current.saturating_sub(added).saturating_add(removed)
}

/// Largest replica count the scale-up policies allow (`calculateScaleUpLimitWithScalingRules`).
///
/// Max picks the policy allowing the biggest change and Min the smallest;
/// Disabled freezes the direction at `current`. With Max and no policies the
/// result is the lowest possible value, which the caller lifts to `current`.
pub fn scale_up_limit(current: i64, scale_events: &[ScaleEvent], rules: &ScalingRules) -> i64 {
    let pick: fn(i64, i64) -> i64 = match rules.select_policy {
        SelectPolicy::Disabled => return current,
        // For scaling up the smallest change is the smallest replica count.
        SelectPolicy::Min => i64::min,
        SelectPolicy::Max => i64::max,
    };
    let initial = match rules.select_policy {
        SelectPolicy::Min => i64::MAX,
        _ => i64::MIN,
    };
    rules.policies.iter().fold(initial, |result, policy| {
        let start = period_start_replicas(current, seconds(policy.period_seconds), scale_events);
        let proposed = match policy.kind {
            PolicyKind::Pods => start.saturating_add(policy.value),
            // Rounding up guarantees that a small percentage still allows one more replica.
            PolicyKind::Percent => {
                ceil_replicas(start as f64 * (1.0 + policy.value as f64 / 100.0))
            }
        };
        pick(result, proposed)
    })
}

/// Smallest replica count the scale-down policies allow (`calculateScaleDownLimitWithBehaviors`).
///
/// Max picks the policy allowing the biggest change (the smallest count) and
/// Min the smallest change; Disabled freezes the direction at `current`.
pub fn scale_down_limit(current: i64, scale_events: &[ScaleEvent], rules: &ScalingRules) -> i64 {
    let pick: fn(i64, i64) -> i64 = match rules.select_policy {
        SelectPolicy::Disabled => return current,
        // For scaling down the smallest change is the largest replica count.
        SelectPolicy::Min => i64::max,
        SelectPolicy::Max => i64::min,
    };
    let initial = match rules.select_policy {
        SelectPolicy::Min => i64::MIN,
        _ => i64::MAX,
    };
    rules.policies.iter().fold(initial, |result, policy| {
        let start = period_start_replicas(current, seconds(policy.period_seconds), scale_events);
        let proposed = match policy.kind {
            PolicyKind::Pods => start.saturating_sub(policy.value),
            // Upstream truncates toward zero here, and the cast does the same.
            PolicyKind::Percent => (start as f64 * (1.0 - policy.value as f64 / 100.0)) as i64,
        };
        pick(result, proposed)
    })
}

/// Behavior stabilization (`stabilizeRecommendationWithBehaviors`, §4 step 8).
///
/// The scale-up bound is the smallest recommendation within the scale-up
/// window and the scale-down bound the largest within the scale-down window,
/// both including the proposal; the result is `current` clamped between them.
/// Upstream counts a recommendation only when it is strictly after the cutoff,
/// so a zero-second window ignores history entirely.
pub fn stabilize_recommendation_with_behavior(
    current: i64,
    desired: i64,
    up_window_seconds: u64,
    down_window_seconds: u64,
    history: &[Recommendation],
) -> i64 {
    let mut up_recommendation = desired;
    let mut down_recommendation = desired;
    for rec in history {
        if rec.age_seconds < up_window_seconds {
            up_recommendation = up_recommendation.min(rec.replicas);
        }
        if rec.age_seconds < down_window_seconds {
            down_recommendation = down_recommendation.max(rec.replicas);
        }
    }
    let mut recommendation = current;
    if recommendation < up_recommendation {
        recommendation = up_recommendation;
    }
    if recommendation > down_recommendation {
        recommendation = down_recommendation;
    }
    recommendation
}

/// Rate limiting and clamping with behavior (`convertDesiredReplicasWithBehaviorRate`, §4 step 8).
///
/// Only the direction of change is limited: a proposal equal to `current` is
/// returned as is, which is why an out-of-range `current` must be handled
/// before normalization (§4 step 1).
pub fn convert_desired_replicas_with_behavior_rate(
    current: i64,
    desired: i64,
    min: i64,
    max: i64,
    behavior: &Behavior,
    scale_events: &[ScaleEvent],
) -> (i64, ScalingLimitReason) {
    if desired > current {
        // A limit below the current size means recent scale-ups used up the
        // budget; the size is held rather than reduced.
        let limit = scale_up_limit(current, scale_events, &behavior.scale_up).max(current);
        let (maximum_allowed, reason) = if max > limit {
            (limit, ScalingLimitReason::ScaleUpLimit)
        } else {
            (max, ScalingLimitReason::TooManyReplicas)
        };
        if desired > maximum_allowed {
            return (maximum_allowed, reason);
        }
    } else if desired < current {
        // Symmetrically, recent scale-downs never turn into a scale-up.
        let limit = scale_down_limit(current, scale_events, &behavior.scale_down).min(current);
        let (minimum_allowed, reason) = if min < limit {
            (limit, ScalingLimitReason::ScaleDownLimit)
        } else {
            (min, ScalingLimitReason::TooFewReplicas)
        };
        if desired < minimum_allowed {
            return (minimum_allowed, reason);
        }
    }
    (desired, ScalingLimitReason::DesiredWithinRange)
}

/// Behavior-set normalization (`normalizeDesiredReplicasWithBehaviors`, §4 step 8):
/// stabilization, then the per-policy rate limits measured from the replicas at
/// each period's start, `selectPolicy`, and clamping to `[min, max]`.
///
/// `history` holds earlier unstabilized proposals and `scale_events` the
/// rescales the controller performed; the caller records new ones afterwards.
pub fn normalize_with_behavior(
    current: i64,
    desired: i64,
    min: i64,
    max: i64,
    behavior: &Behavior,
    history: &[Recommendation],
    scale_events: &[ScaleEvent],
) -> (i64, ScalingLimitReason) {
    let stabilized = stabilize_recommendation_with_behavior(
        current,
        desired,
        seconds(behavior.scale_up.stabilization_window_seconds),
        seconds(behavior.scale_down.stabilization_window_seconds),
        history,
    );
    convert_desired_replicas_with_behavior_rate(
        current,
        stabilized,
        min,
        max,
        behavior,
        scale_events,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rules as `generateScalingRules(pods, podsPeriod, percent, percentPeriod, stabilizationWindow)` builds them.
    fn rules(
        pods: i64,
        pods_period: i64,
        percent: i64,
        percent_period: i64,
        window: i64,
    ) -> ScalingRules {
        let mut policies = Vec::new();
        if pods != 0 {
            policies.push(ScalingPolicy {
                kind: PolicyKind::Pods,
                value: pods,
                period_seconds: pods_period,
            });
        }
        if percent != 0 {
            policies.push(ScalingPolicy {
                kind: PolicyKind::Percent,
                value: percent,
                period_seconds: percent_period,
            });
        }
        ScalingRules {
            stabilization_window_seconds: window,
            select_policy: SelectPolicy::Max,
            policies,
        }
    }

    /// Events as `generateEventsUniformDistribution` spreads them: each sits in
    /// the middle of its segment of the last `period` seconds, oldest first.
    /// `sign` is +1 for scale-up events and -1 for scale-down events.
    fn uniform_events(raw: &[i64], period: u64, sign: i64) -> Vec<ScaleEvent> {
        let segment = period as f64 / raw.len() as f64;
        raw.iter()
            .enumerate()
            .map(|(i, change)| ScaleEvent {
                replica_change: sign * change,
                age_seconds: (period as f64 - segment * (i as f64 + 1.0) + segment / 2.0) as u64,
            })
            .collect()
    }

    struct RulesCase {
        name: &'static str,
        up_events: Vec<ScaleEvent>,
        down_events: Vec<ScaleEvent>,
        min: i64,
        max: i64,
        up: Option<ScalingRules>,
        down: Option<ScalingRules>,
        current: i64,
        desired: i64,
        expected: i64,
        condition: ScalingLimitReason,
    }

    fn rules_case(name: &'static str, current: i64, desired: i64, min: i64, max: i64) -> RulesCase {
        RulesCase {
            name,
            up_events: Vec::new(),
            down_events: Vec::new(),
            min,
            max,
            up: None,
            down: None,
            current,
            desired,
            expected: 0,
            condition: ScalingLimitReason::DesiredWithinRange,
        }
    }

    impl RulesCase {
        fn up(mut self, rules: ScalingRules) -> RulesCase {
            self.up = Some(rules);
            self
        }
        fn down(mut self, rules: ScalingRules) -> RulesCase {
            self.down = Some(rules);
            self
        }
        fn up_events(mut self, raw: &[i64], period: u64) -> RulesCase {
            self.up_events = uniform_events(raw, period, 1);
            self
        }
        fn down_events(mut self, raw: &[i64], period: u64) -> RulesCase {
            self.down_events = uniform_events(raw, period, -1);
            self
        }
        fn expect(mut self, expected: i64, condition: ScalingLimitReason) -> RulesCase {
            self.expected = expected;
            self.condition = condition;
            self
        }
    }

    #[test]
    fn test_scaling_with_rules() {
        use ScalingLimitReason::*;
        let cases = vec![
            rules_case("prenormalized desired replicas within range", 5, 7, 3, 8)
                .expect(7, DesiredWithinRange),
            rules_case("prenormalized desired replicas < minReplicas", 3, 1, 2, 8)
                .expect(2, TooFewReplicas),
            rules_case(
                "prenormalized desired replicas within range when minReplicas is 0",
                1,
                0,
                0,
                10,
            )
            .expect(0, DesiredWithinRange),
            rules_case("maxReplicas is the limit because maxReplicas < scaleUpLimit", 20, 1000, 1, 10)
                .expect(10, TooManyReplicas),
            rules_case("desired replica count is more than the maximum replica count", 100, 1000, 100, 150)
                .expect(150, TooManyReplicas),
            rules_case(
                "scaleUpLimit is the limit because scaleUpLimit < maxReplicas with user policies",
                3,
                1000,
                1,
                2000,
            )
            .up(rules(0, 0, 1, 60, 0))
            .expect(4, ScaleUpLimit),
            rules_case(
                "scaleDownLimit is the limit because scaleDownLimit > minReplicas with user defined policies",
                1000,
                3,
                3,
                2000,
            )
            .down(rules(20, 60, 0, 0, 0))
            .expect(980, ScaleDownLimit),
            rules_case("scaleUp with default behavior", 10, 50, 1, 1000).expect(20, ScaleUpLimit),
            rules_case("scaleUp with pods policy larger than percent policy", 10, 500, 1, 1000)
                .up(rules(100, 60, 100, 60, 0))
                .expect(110, ScaleUpLimit),
            rules_case("scaleUp with percent policy larger than pods policy", 10, 500, 1, 1000)
                .up(rules(2, 60, 100, 60, 0))
                .expect(20, ScaleUpLimit),
            rules_case("scaleUp with spec MaxReplicas limitation with large pod policy", 10, 50, 1, 1000)
                .up(rules(100, 60, 0, 0, 0))
                .expect(50, DesiredWithinRange),
            rules_case("scaleUp with spec MaxReplicas limitation with large percent policy", 10, 50, 1, 1000)
                .up(rules(10000, 60, 0, 0, 0))
                .expect(50, DesiredWithinRange),
            rules_case("scaleUp with pod policy limitation", 10, 50, 1, 1000)
                .up(rules(30, 60, 0, 0, 0))
                .expect(40, ScaleUpLimit),
            rules_case("scaleUp with percent policy limitation", 10, 50, 1, 1000)
                .up(rules(0, 0, 200, 60, 0))
                .expect(30, ScaleUpLimit),
            rules_case("scaleDown with percent policy larger than pod policy", 100, 2, 1, 1000)
                .down(rules(20, 60, 1, 60, 300))
                .expect(80, ScaleDownLimit),
            rules_case("scaleDown with pod policy larger than percent policy", 100, 2, 1, 1000)
                .down(rules(2, 60, 1, 60, 300))
                .expect(98, ScaleDownLimit),
            rules_case("scaleDown with spec MinReplicas=nil limitation with large pod policy", 10, 0, 1, 1000)
                .down(rules(100, 60, 0, 0, 300))
                .expect(1, TooFewReplicas),
            rules_case("scaleDown with spec MinReplicas limitation with large percent policy", 10, 2, 5, 1000)
                .down(rules(0, 0, 100, 60, 300))
                .expect(5, TooFewReplicas),
            rules_case("scaleDown with pod policy limitation", 10, 2, 1, 1000)
                .down(rules(5, 60, 0, 0, 300))
                .expect(5, ScaleDownLimit),
            rules_case("scaleDown with percent policy limitation", 10, 5, 1, 1000)
                .down(rules(0, 0, 50, 60, 300))
                .expect(5, DesiredWithinRange),
            rules_case(
                "scaleUp with spec MaxReplicas limitation with large pod policy and events",
                100,
                500,
                1,
                200,
            )
            .up_events(&[1, 5, 9], 120)
            .up(rules(300, 60, 0, 0, 0))
            .expect(200, TooManyReplicas),
            rules_case(
                "scaleUp with spec MaxReplicas limitation with large percent policy and events",
                100,
                500,
                1,
                200,
            )
            .up_events(&[1, 5, 9], 120)
            .up(rules(0, 0, 10000, 60, 0))
            .expect(200, TooManyReplicas),
            rules_case(
                "scaleUp with currentReplicas limitation with rate.PeriodSeconds with a lot of recent scale up events",
                100,
                500,
                1,
                1000,
            )
            .up_events(&[1, 5, 9], 120)
            .up(rules(5, 120, 0, 0, 0))
            .expect(100, ScaleUpLimit),
            rules_case("scaleUp with pod policy and previous scale up events", 100, 500, 1, 1000)
                .up_events(&[1, 5, 9], 120)
                .up(rules(150, 120, 0, 0, 0))
                .expect(235, ScaleUpLimit),
            rules_case("scaleUp with percent policy and previous scale up events", 100, 500, 1, 1000)
                .up_events(&[1, 5, 9], 120)
                .up(rules(0, 0, 200, 120, 0))
                .expect(255, ScaleUpLimit),
            rules_case("scaleUp with percent policy and previous scale up and down events", 6, 24, 1, 1000)
                .up_events(&[4], 120)
                .down_events(&[2], 120)
                .up(rules(0, 0, 300, 300, 0))
                .expect(16, ScaleUpLimit),
            rules_case("scaleDown with default policy and previous events", 10, 5, 1, 1000)
                .down_events(&[1, 5, 9], 120)
                .expect(5, DesiredWithinRange),
            rules_case(
                "scaleDown with spec MinReplicas=nil limitation with large pod policy and previous events",
                100,
                0,
                1,
                1000,
            )
            .down_events(&[1, 5, 9], 120)
            .down(rules(115, 120, 0, 0, 300))
            .expect(1, TooFewReplicas),
            rules_case(
                "scaleDown with spec MinReplicas limitation with large pod policy and previous events",
                100,
                0,
                5,
                1000,
            )
            .down_events(&[1, 5, 9], 120)
            .down(rules(130, 120, 0, 0, 300))
            .expect(5, TooFewReplicas),
            rules_case(
                "scaleDown with spec MinReplicas limitation with large percent policy and previous events",
                100,
                2,
                5,
                1000,
            )
            .down_events(&[1, 5, 9], 120)
            .down(rules(0, 0, 100, 120, 300))
            .expect(5, TooFewReplicas),
            rules_case("scaleDown with pod policy limitation and previous events", 100, 2, 1, 1000)
                .down_events(&[1, 5, 9], 120)
                .down(rules(5, 120, 0, 0, 300))
                .expect(100, ScaleDownLimit),
            rules_case("scaleDown with percent policy limitation and previous events", 100, 0, 1, 1000)
                .down_events(&[2, 4, 6], 120)
                .down(rules(0, 0, 50, 120, 300))
                .expect(56, ScaleDownLimit),
            rules_case("scaleDown with percent policy and previous scale up and down events", 10, 1, 1, 1000)
                .up_events(&[2], 120)
                .down_events(&[4], 120)
                .down(rules(0, 0, 50, 180, 0))
                .expect(6, ScaleDownLimit),
            rules_case("scaleDown with previous events preventing further scale down", 100, 0, 1, 1000)
                .down_events(&[10, 10, 10], 120)
                .down(rules(0, 0, 10, 120, 300))
                .expect(100, ScaleDownLimit),
            rules_case("scaleDown with with previous events still allowing more scale down", 10, 5, 1, 1000)
                .down_events(&[10, 10, 10], 120)
                .down(rules(0, 0, 1000, 120, 300))
                .expect(5, DesiredWithinRange),
            rules_case("check 'outdated' flag for events for one behavior for up", 100, 200, 1, 1000)
                .up_events(&[8, 12, 9, 11], 120)
                .up(rules(1000, 60, 0, 0, 0))
                .expect(200, DesiredWithinRange),
            rules_case(
                "check that events were not marked 'outdated' for two different policies in the behavior for up",
                100,
                200,
                1,
                1000,
            )
            .up_events(&[8, 12, 9, 11], 120)
            .up(rules(1000, 120, 100, 60, 0))
            .expect(200, DesiredWithinRange),
            rules_case(
                "check that events were marked 'outdated' for two different policies in the behavior for up",
                100,
                200,
                1,
                1000,
            )
            .up_events(&[8, 12, 9, 11], 120)
            .up(rules(1000, 30, 100, 60, 0))
            .expect(200, DesiredWithinRange),
            rules_case("check 'outdated' flag for events for one behavior for down", 100, 5, 1, 1000)
                .down_events(&[8, 12, 9, 11], 120)
                .down(rules(1000, 60, 0, 0, 300))
                .expect(5, DesiredWithinRange),
            rules_case(
                "check that events were not marked 'outdated' for two different policies in the behavior for down",
                100,
                5,
                1,
                1000,
            )
            .down_events(&[8, 12, 9, 11], 120)
            .down(rules(1000, 120, 100, 60, 300))
            .expect(5, DesiredWithinRange),
            rules_case(
                "check that events were marked 'outdated' for two different policies in the behavior for down",
                100,
                5,
                1,
                1000,
            )
            .down_events(&[8, 12, 9, 11], 120)
            .down(rules(1000, 30, 100, 60, 300))
            .expect(5, DesiredWithinRange),
        ];
        for case in cases {
            let behavior = Behavior {
                scale_up: case
                    .up
                    .clone()
                    .unwrap_or_else(ScalingRules::default_scale_up),
                scale_down: case
                    .down
                    .clone()
                    .unwrap_or_else(ScalingRules::default_scale_down),
            };
            let events: Vec<ScaleEvent> = case
                .up_events
                .iter()
                .chain(&case.down_events)
                .copied()
                .collect();
            let got = convert_desired_replicas_with_behavior_rate(
                case.current,
                case.desired,
                case.min,
                case.max,
                &behavior,
                &events,
            );
            assert_eq!(got, (case.expected, case.condition), "{}", case.name);
            // Without history, stabilization returns the proposal unchanged, so
            // the full normalization must agree.
            let full = normalize_with_behavior(
                case.current,
                case.desired,
                case.min,
                case.max,
                &behavior,
                &[],
                &events,
            );
            assert_eq!(full, got, "{} through normalize_with_behavior", case.name);
        }
    }

    fn min_rules() -> ScalingRules {
        ScalingRules {
            stabilization_window_seconds: 300,
            select_policy: SelectPolicy::Min,
            policies: vec![
                ScalingPolicy {
                    kind: PolicyKind::Pods,
                    value: 2,
                    period_seconds: 60,
                },
                ScalingPolicy {
                    kind: PolicyKind::Percent,
                    value: 50,
                    period_seconds: 60,
                },
            ],
        }
    }

    #[test]
    fn test_calculate_scale_up_limit_with_scaling_rules() {
        assert_eq!(scale_up_limit(1, &[], &min_rules()), 2);
    }

    #[test]
    fn test_calculate_scale_down_limit_with_behaviors() {
        assert_eq!(scale_down_limit(5, &[], &min_rules()), 3);
    }

    #[test]
    fn disabled_select_policy_freezes_direction() {
        let mut behavior = Behavior::default_rules();
        behavior.scale_up.select_policy = SelectPolicy::Disabled;
        behavior.scale_down.select_policy = SelectPolicy::Disabled;
        assert_eq!(
            normalize_with_behavior(5, 9, 1, 10, &behavior, &[], &[]),
            (5, ScalingLimitReason::ScaleUpLimit)
        );
        assert_eq!(
            normalize_with_behavior(5, 2, 1, 10, &behavior, &[], &[]),
            (5, ScalingLimitReason::ScaleDownLimit)
        );
    }

    #[test]
    fn test_convert_desired_replicas_with_rules() {
        use ScalingLimitReason::*;
        let cases = [
            (
                "prenormalized desired replicas within range",
                5,
                7,
                3,
                8,
                7,
                DesiredWithinRange,
            ),
            (
                "prenormalized desired replicas < minReplicas",
                3,
                1,
                2,
                8,
                2,
                TooFewReplicas,
            ),
            (
                "prenormalized desired zeroed replicas within range",
                1,
                0,
                0,
                10,
                0,
                DesiredWithinRange,
            ),
            (
                "maxReplicas is the limit because maxReplicas < scaleUpLimit",
                20,
                1000,
                1,
                10,
                10,
                TooManyReplicas,
            ),
            (
                "scaleUpLimit is the limit because scaleUpLimit < maxReplicas",
                3,
                1000,
                1,
                2000,
                6,
                ScaleUpLimit,
            ),
        ];
        for (name, current, desired, min, max, expected, condition) in cases {
            assert_eq!(
                convert_desired_replicas_with_rules(current, desired, min, max),
                (expected, condition),
                "{name}"
            );
            assert_eq!(
                normalize_legacy(current, desired, min, max, &[], 300),
                (expected, condition),
                "{name} through normalize_legacy"
            );
        }
        assert_eq!(ScaleUpLimit.as_str(), "ScaleUpLimit");
        assert_eq!(
            TooFewReplicas.message(),
            "the desired replica count is less than the minimum replica count"
        );
    }

    fn recs(list: &[(i64, u64)]) -> Vec<Recommendation> {
        list.iter()
            .map(|&(replicas, age_seconds)| Recommendation {
                replicas,
                age_seconds,
            })
            .collect()
    }

    #[test]
    fn test_normalize_desired_replicas() {
        let cases = [
            ("empty log", recs(&[]), 5, 5),
            ("stabilize", recs(&[(4, 120), (5, 60)]), 3, 5),
            ("no stabilize", recs(&[(1, 120), (2, 60)]), 3, 3),
            (
                "no stabilize - old recommendations",
                recs(&[(10, 600), (9, 540)]),
                3,
                3,
            ),
            (
                "stabilize - old recommendations",
                recs(&[(10, 600), (4, 60), (5, 120), (9, 540)]),
                3,
                5,
            ),
        ];
        for (name, history, desired, expected) in cases {
            assert_eq!(
                stabilize_recommendation(desired, &history, 300),
                expected,
                "{name}"
            );
        }
        // Through the full legacy path the stabilized value stays within [min, max].
        assert_eq!(
            normalize_legacy(5, 3, 1, 10, &recs(&[(4, 120), (5, 60)]), 300),
            (5, ScalingLimitReason::DesiredWithinRange)
        );
    }

    #[test]
    fn test_normalize_desired_replicas_with_behavior() {
        // (name, history, current, desired, expected, up window, down window); unset windows are 0 upstream.
        let cases = [
            (
                "empty recommendations for scaling down",
                recs(&[]),
                100,
                5,
                5,
                0,
                0,
            ),
            (
                "simple scale down stabilization",
                recs(&[(4, 120), (5, 60)]),
                100,
                3,
                5,
                0,
                180,
            ),
            (
                "simple scale up stabilization",
                recs(&[(4, 120), (5, 60)]),
                1,
                7,
                4,
                300,
                0,
            ),
            (
                "no scale down stabilization",
                recs(&[(1, 120), (2, 60)]),
                100,
                3,
                3,
                300,
                0,
            ),
            (
                "no scale up stabilization",
                recs(&[(4, 120), (5, 60)]),
                1,
                3,
                3,
                0,
                300,
            ),
            (
                "no scale down stabilization, reuse recommendation element",
                recs(&[(10, 600), (9, 540)]),
                100,
                3,
                3,
                0,
                0,
            ),
            (
                "no scale up stabilization, reuse recommendation element",
                recs(&[(10, 600), (9, 540)]),
                1,
                100,
                100,
                0,
                0,
            ),
            (
                "scale down stabilization, reuse one of obsolete recommendation element",
                recs(&[(10, 600), (4, 60), (5, 120), (9, 540)]),
                100,
                3,
                5,
                0,
                180,
            ),
            (
                "scale up stabilization, reuse one of obsolete recommendation element",
                recs(&[(10, 6000), (6, 60), (5, 120), (9, 180)]),
                1,
                100,
                5,
                300,
                0,
            ),
            (
                "scale up and down stabilization, do not scale up when prenormalized rec goes down",
                recs(&[(2, 6000), (3, 180)]),
                2,
                1,
                2,
                300,
                300,
            ),
            (
                "scale up and down stabilization, do not scale down when prenormalized rec goes up",
                recs(&[(2, 6000), (1, 180)]),
                2,
                3,
                2,
                300,
                300,
            ),
        ];
        for (name, history, current, desired, expected, up, down) in cases {
            assert_eq!(
                stabilize_recommendation_with_behavior(current, desired, up, down, &history),
                expected,
                "{name}"
            );
        }
        // The reference rows run through the full path: default policies do not bind here.
        let mut behavior = Behavior::default_rules();
        behavior.scale_up.stabilization_window_seconds = 0;
        behavior.scale_down.stabilization_window_seconds = 180;
        assert_eq!(
            normalize_with_behavior(100, 3, 1, 1000, &behavior, &recs(&[(4, 120), (5, 60)]), &[]).0,
            5
        );
        behavior.scale_up.stabilization_window_seconds = 300;
        behavior.scale_down.stabilization_window_seconds = 0;
        assert_eq!(
            normalize_with_behavior(1, 7, 1, 1000, &behavior, &recs(&[(4, 120), (5, 60)]), &[]).0,
            4
        );
        assert_eq!(
            normalize_with_behavior(100, 3, 1, 1000, &behavior, &recs(&[(1, 120), (2, 60)]), &[]).0,
            3
        );
    }

    #[test]
    fn default_rules_match_section_1() {
        let behavior = Behavior::default_rules();
        assert_eq!(behavior.scale_up.stabilization_window_seconds, 0);
        assert_eq!(behavior.scale_down.stabilization_window_seconds, 300);
        assert_eq!(behavior.scale_up.select_policy, SelectPolicy::Max);
        assert_eq!(behavior.scale_up.policies.len(), 2);
        assert_eq!(behavior.scale_down.policies[0].value, 100);
    }

    #[test]
    fn normalization_extreme_inputs_do_not_panic() {
        let extreme = [i64::MIN, -1, 0, 1, i64::MAX];
        let mut behavior = Behavior::default_rules();
        behavior.scale_up.policies.push(ScalingPolicy {
            kind: PolicyKind::Percent,
            value: i64::MAX,
            period_seconds: i64::MAX,
        });
        behavior.scale_down.policies.push(ScalingPolicy {
            kind: PolicyKind::Pods,
            value: i64::MIN,
            period_seconds: 0,
        });
        let history = recs(&[(i64::MAX, 0), (i64::MIN, u64::MAX)]);
        let events = [
            ScaleEvent {
                replica_change: i64::MIN,
                age_seconds: 0,
            },
            ScaleEvent {
                replica_change: i64::MAX,
                age_seconds: 0,
            },
        ];
        for current in extreme {
            for desired in extreme {
                let _ = normalize_legacy(current, desired, 1, 10, &history, u64::MAX);
                let _ =
                    normalize_with_behavior(current, desired, 1, 10, &behavior, &history, &events);
            }
        }
    }
}
