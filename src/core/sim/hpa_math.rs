//! Replica arithmetic of the HorizontalPodAutoscaler (reference §4).
//!
//! This module owns the numbers the HPA controller computes once it has its
//! inputs: the proposal from CPU utilization (`resource_replicas`, after k/k
//! `pkg/controller/podautoscaler/replica_calculator.go` `GetResourceReplicas`,
//! `groupPods`, `calculateRequests` and `metrics/utilization.go`
//! `GetResourceUtilizationRatio`), the proposal from an average-value pods
//! metric (`pods_metric_replicas`, after `calcPlainMetricReplicas` and
//! `GetMetricUsageRatio`), and the normalization of a proposal
//! (`normalize_legacy` and `normalize_with_behavior`, after `horizontal.go`
//! `normalizeDesiredReplicas`, `normalizeDesiredReplicasWithBehaviors`,
//! `stabilizeRecommendation*`, `convertDesiredReplicasWith*` and
//! `calculateScale{Up,Down}Limit*`).
//!
//! It does not own time, listers, events or conditions: callers pass the ages
//! of past recommendations and scale events, and turn the returned reasons into
//! conditions and events themselves. Every function is total: no input makes it
//! panic, divisions are guarded and sums saturate or widen.

use std::fmt;

/// Default tolerance of the kube-controller-manager (`--horizontal-pod-autoscaler-tolerance`).
pub const DEFAULT_TOLERANCE: f64 = 0.1;

/// Default downscale stabilization window of the controller flag, in seconds (§1).
pub const DEFAULT_DOWNSCALE_STABILIZATION_SECONDS: u64 =
    crate::core::manifest::model::DEFAULT_DOWNSCALE_STABILIZATION_SECONDS as u64;

/// Lifecycle phase of a pod as the replica calculator sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PodPhase {
    Pending,
    Running,
    Succeeded,
    Failed,
}

/// One pod matched by the scale target's selector, with its metric sample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodSample {
    pub name: String,
    /// Sum of the containers' CPU requests in millicores; `None` when a container lacks a request.
    pub request_milli: Option<i64>,
    /// Usage summed over the pod's containers in millicores; `None` when there is no metric sample.
    pub usage_milli: Option<i64>,
    pub phase: PodPhase,
    pub ready: bool,
    /// True once the pod has a deletion timestamp.
    pub deleting: bool,
}

/// Result of a replica calculation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplicaCalc {
    /// Proposed replica count before normalization.
    pub desired: i64,
    /// Whole-percent utilization for the CPU path, average milli-value for the pods-metric path.
    pub utilization: i64,
    /// Pods that are neither ignored, unready nor missing a sample.
    pub ready_pod_count: i64,
}

/// Why a replica calculation could not produce a proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetricError {
    /// A pod (or one of its containers) lacks a CPU request. The text names the
    /// offender, for example `Pod web-1` or `container app of Pod web-1`.
    MissingRequest { container_or_pod: String },
    /// No ready pod had a metric sample.
    NoMetrics,
    /// The selector matched no pods.
    NoPods,
    /// The samples that remained carry no request at all, so no percentage exists.
    NoMatchingMetrics,
}

impl fmt::Display for MetricError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MetricError::MissingRequest { container_or_pod } => {
                write!(f, "missing request for cpu in {container_or_pod}")
            }
            MetricError::NoMetrics => {
                f.write_str("did not receive metrics for targeted pods (pods might be unready)")
            }
            MetricError::NoPods => {
                f.write_str("no pods returned by selector while calculating replica count")
            }
            MetricError::NoMatchingMetrics => f.write_str("no metrics returned matched known pods"),
        }
    }
}

impl std::error::Error for MetricError {}

/// How `groupPods` classifies a pod (§4 step 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PodGroup {
    Ignored,
    Unready,
    Missing,
    Ready,
}

/// Classifies one pod the way `groupPods` does, in the same order of checks.
///
/// Upstream decides CPU readiness from the pod's start time, its Ready
/// condition and the sample timestamp (§4 step 3). The simulator has no
/// five-minute initialization subtleties, so a running pod with a sample is
/// unready for CPU exactly when `ready` is false. Pods-metric paths do not
/// consult readiness at all, which `consult_readiness` expresses.
fn group_pod(pod: &PodSample, consult_readiness: bool) -> PodGroup {
    // §4 step 3: a deleting or terminal pod is dropped entirely; current
    // upstream uses IsPodTerminal, so Succeeded counts as well as Failed.
    if pod.deleting || matches!(pod.phase, PodPhase::Failed | PodPhase::Succeeded) {
        return PodGroup::Ignored;
    }
    // §4 step 3: a pending pod is unready whatever its sample says.
    if pod.phase == PodPhase::Pending {
        return PodGroup::Unready;
    }
    // §4 step 3: the missing-sample check comes before the readiness check, so
    // an unready pod without a sample is counted as missing.
    if pod.usage_milli.is_none() {
        return PodGroup::Missing;
    }
    if consult_readiness && !pod.ready {
        return PodGroup::Unready;
    }
    PodGroup::Ready
}

/// Returns true when the usage ratio is close enough to 1 to keep the current size (§4 step 5).
fn within_tolerance(ratio: f64, tolerance: f64) -> bool {
    (1.0 - ratio).abs() <= tolerance
}

/// Rounds a replica proposal up; the float-to-integer cast saturates and maps NaN to 0.
fn ceil_replicas(value: f64) -> i64 {
    value.ceil() as i64
}

/// Narrows a wide intermediate into `i64`, saturating at the rails.
fn saturate_i64(value: i128) -> i64 {
    value.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

/// Per-pod CPU requests, computed over every listed pod as `calculateRequests` does (§4 step 2).
///
/// Upstream iterates the whole pod list, ignored pods included, so a failed
/// pod without a request still aborts the calculation.
fn pod_requests(pods: &[PodSample]) -> Result<Vec<i64>, MetricError> {
    pods.iter()
        .map(|pod| {
            pod.request_milli
                .ok_or_else(|| MetricError::MissingRequest {
                    container_or_pod: format!("Pod {}", pod.name),
                })
        })
        .collect()
}

/// Whole-percent utilization over `(request, usage)` entries, as `GetResourceUtilizationRatio` computes it (§4 step 4).
///
/// Totals are summed in 128 bits so that no realistic input can overflow, and
/// the percentage is clamped to the `int32` rails the API reports it in.
fn utilization_percent(entries: &[(i64, i64)]) -> Result<i64, MetricError> {
    let usage_total: i128 = entries.iter().map(|&(_, usage)| i128::from(usage)).sum();
    let request_total: i128 = entries
        .iter()
        .map(|&(request, _)| i128::from(request))
        .sum();
    // Upstream errors only on a zero total; a negative total cannot come from
    // validated pods, and rejecting it here keeps the percentage meaningful.
    if request_total <= 0 {
        return Err(MetricError::NoMatchingMetrics);
    }
    let percent = usage_total.saturating_mul(100) / request_total;
    Ok(percent.clamp(i128::from(i32::MIN), i128::from(i32::MAX)) as i64)
}

/// Integer average of metric values, as `GetMetricUsageRatio` computes it.
fn average_value(values: &[i64]) -> i64 {
    if values.is_empty() {
        return 0;
    }
    let total: i128 = values.iter().map(|&v| i128::from(v)).sum();
    saturate_i64(total / values.len() as i128)
}

/// §4 steps 2–6 (`GetResourceReplicas`): proposes a replica count from CPU utilization.
///
/// `target_utilization` is the whole-percent `averageUtilization` of the
/// metric; `tolerance` is the controller's tolerance (0.1 by default).
pub fn resource_replicas(
    current: i64,
    target_utilization: i64,
    pods: &[PodSample],
    tolerance: f64,
) -> Result<ReplicaCalc, MetricError> {
    if pods.is_empty() {
        return Err(MetricError::NoPods);
    }
    let groups: Vec<PodGroup> = pods.iter().map(|pod| group_pod(pod, true)).collect();
    let ready_pod_count = groups.iter().filter(|g| **g == PodGroup::Ready).count() as i64;
    // §4 step 4: once ignored and unready samples are dropped, only ready pods
    // carry samples; with none left there is nothing to average.
    if ready_pod_count == 0 {
        return Err(MetricError::NoMetrics);
    }
    // §4 step 2: upstream checks requests after the sample check, so the
    // sample error wins when both apply.
    let requests = pod_requests(pods)?;

    let mut entries: Vec<(i64, i64)> = Vec::with_capacity(pods.len());
    for ((pod, group), request) in pods.iter().zip(&groups).zip(&requests) {
        if *group == PodGroup::Ready {
            entries.push((*request, pod.usage_milli.unwrap_or(0)));
        }
    }
    let utilization = utilization_percent(&entries)?;
    let done = |desired: i64| ReplicaCalc {
        desired,
        utilization,
        ready_pod_count,
    };
    // API validation rejects a target below 1; should one arrive anyway the
    // ratio is undefined, so the current size is kept.
    if target_utilization <= 0 {
        return Ok(done(current));
    }
    // §4 step 4: the ratio is taken from the integer percentage, not from the raw quotient.
    let ratio = utilization as f64 / target_utilization as f64;

    let unready: Vec<usize> = indices_of(&groups, PodGroup::Unready);
    let missing: Vec<usize> = indices_of(&groups, PodGroup::Missing);
    let scale_up_with_unready = !unready.is_empty() && ratio > 1.0;

    // §4 step 5: with nothing to rebalance the ready pods decide alone.
    if !scale_up_with_unready && missing.is_empty() {
        if within_tolerance(ratio, tolerance) {
            return Ok(done(current));
        }
        return Ok(done(ceil_replicas(ratio * ready_pod_count as f64)));
    }

    // §4 step 6: missing pods count pessimistically in the direction of change.
    if ratio < 1.0 {
        let fallback_percent = target_utilization.max(100);
        for &i in &missing {
            let assumed = requests[i].saturating_mul(fallback_percent) / 100;
            entries.push((requests[i], assumed));
        }
    } else if ratio > 1.0 {
        for &i in &missing {
            entries.push((requests[i], 0));
        }
    }
    // §4 step 6: on a scale-up unready pods are assumed idle.
    if scale_up_with_unready {
        for &i in &unready {
            entries.push((requests[i], 0));
        }
    }

    let new_ratio = utilization_percent(&entries)? as f64 / target_utilization as f64;
    Ok(done(
        rebalanced_proposal(current, ratio, new_ratio, entries.len(), tolerance).unwrap_or(current),
    ))
}

/// Positions of pods in a given group, in list order.
fn indices_of(groups: &[PodGroup], wanted: PodGroup) -> Vec<usize> {
    groups
        .iter()
        .enumerate()
        .filter(|(_, g)| **g == wanted)
        .map(|(i, _)| i)
        .collect()
}

/// Applies the second half of §4 step 6 to a recomputed ratio.
///
/// Returns `None` when the current size must be kept: the recomputed ratio is
/// within tolerance, the direction flipped, or the rounded count moves against
/// the ratio.
fn rebalanced_proposal(
    current: i64,
    ratio: f64,
    new_ratio: f64,
    counted_pods: usize,
    tolerance: f64,
) -> Option<i64> {
    if within_tolerance(new_ratio, tolerance)
        || (ratio < 1.0 && new_ratio > 1.0)
        || (ratio > 1.0 && new_ratio < 1.0)
    {
        return None;
    }
    let proposal = ceil_replicas(new_ratio * counted_pods as f64);
    if (new_ratio < 1.0 && proposal > current) || (new_ratio > 1.0 && proposal < current) {
        return None;
    }
    Some(proposal)
}

/// Pods-metric variant (`calcPlainMetricReplicas`): proposes a replica count
/// from an `AverageValue` target in milli-units.
///
/// Readiness is not consulted for non-CPU metrics (§4 step 3), missing pods
/// count as exactly the target on a scale-down, and the returned utilization is
/// the integer average of the ready samples.
pub fn pods_metric_replicas(
    current: i64,
    target_average_milli: i64,
    pods: &[PodSample],
    tolerance: f64,
) -> Result<ReplicaCalc, MetricError> {
    if pods.is_empty() {
        return Err(MetricError::NoPods);
    }
    let groups: Vec<PodGroup> = pods.iter().map(|pod| group_pod(pod, false)).collect();
    let mut values: Vec<i64> = pods
        .iter()
        .zip(&groups)
        .filter(|(_, g)| **g == PodGroup::Ready)
        .map(|(pod, _)| pod.usage_milli.unwrap_or(0))
        .collect();
    let ready_pod_count = values.len() as i64;
    if values.is_empty() {
        return Err(MetricError::NoMetrics);
    }
    let average = average_value(&values);
    let done = |desired: i64| ReplicaCalc {
        desired,
        utilization: average,
        ready_pod_count,
    };
    // A non-positive target makes the ratio meaningless, so the size is kept.
    if target_average_milli <= 0 {
        return Ok(done(current));
    }
    let ratio = average as f64 / target_average_milli as f64;

    let unready = indices_of(&groups, PodGroup::Unready);
    let missing = indices_of(&groups, PodGroup::Missing);
    let scale_up_with_unready = !unready.is_empty() && ratio > 1.0;

    if !scale_up_with_unready && missing.is_empty() {
        if within_tolerance(ratio, tolerance) {
            return Ok(done(current));
        }
        return Ok(done(ceil_replicas(ratio * ready_pod_count as f64)));
    }

    if ratio < 1.0 {
        values.extend(missing.iter().map(|_| target_average_milli));
    } else if ratio > 1.0 {
        values.extend(missing.iter().map(|_| 0));
    }
    if scale_up_with_unready {
        values.extend(unready.iter().map(|_| 0));
    }

    let new_ratio = average_value(&values) as f64 / target_average_milli as f64;
    Ok(done(
        rebalanced_proposal(current, ratio, new_ratio, values.len(), tolerance).unwrap_or(current),
    ))
}

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

/// Rescale reason for the CPU utilization metric (§4 step 7).
pub fn rescale_reason(increasing: bool) -> &'static str {
    if increasing {
        "cpu resource utilization (percentage of request) above target"
    } else {
        "All metrics below target"
    }
}

/// Note of the `SuccessfulRescale` event (§4 step 9).
pub fn rescale_event_message(new_size: i64, reason: &str) -> String {
    format!("New size: {new_size}; reason: {reason}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds pods the way `replica_calculator_test.go` does: two containers
    /// per pod, each requesting the pod's entry of `requests` (1000m unless
    /// set) and each using the pod's entry of `levels`, so a pod's request and
    /// usage are twice the per-container values. Pods beyond the end of
    /// `levels` have no sample.
    struct Case {
        requests: Vec<i64>,
        levels: Vec<i64>,
        ready: Vec<bool>,
        phases: Vec<PodPhase>,
        deleting: Vec<bool>,
        pod_count: usize,
    }

    impl Case {
        fn new(pod_count: usize, levels: &[i64]) -> Case {
            Case {
                requests: vec![1000; pod_count],
                levels: levels.to_vec(),
                ready: vec![true; pod_count],
                phases: vec![PodPhase::Running; pod_count],
                deleting: vec![false; pod_count],
                pod_count,
            }
        }

        fn ready(mut self, ready: &[bool]) -> Case {
            self.ready = ready.to_vec();
            self
        }

        fn phases(mut self, phases: &[PodPhase]) -> Case {
            self.phases = phases.to_vec();
            self
        }

        fn deleting(mut self, deleting: &[bool]) -> Case {
            self.deleting = deleting.to_vec();
            self
        }

        fn requests(mut self, requests: &[i64]) -> Case {
            self.requests = requests.to_vec();
            self
        }

        fn pods(&self) -> Vec<PodSample> {
            (0..self.pod_count)
                .map(|i| PodSample {
                    name: format!("test-pod-{i}"),
                    request_milli: Some(2 * self.requests[i]),
                    usage_milli: self.levels.get(i).map(|level| 2 * level),
                    phase: self.phases[i],
                    ready: self.ready[i],
                    deleting: self.deleting[i],
                })
                .collect()
        }

        fn run(&self, current: i64, target: i64) -> ReplicaCalc {
            resource_replicas(current, target, &self.pods(), DEFAULT_TOLERANCE).unwrap()
        }
    }

    fn assert_calc(calc: ReplicaCalc, desired: i64, utilization: i64) {
        assert_eq!(calc.desired, desired, "desired of {calc:?}");
        assert_eq!(calc.utilization, utilization, "utilization of {calc:?}");
    }

    const F: bool = false;
    const T: bool = true;
    use PodPhase::{Failed, Pending, Running};

    #[test]
    fn test_replica_calc_scale_up() {
        assert_calc(Case::new(3, &[300, 500, 700]).run(3, 30), 5, 50);
    }

    #[test]
    fn test_replica_calc_scale_up_unready_less_scale() {
        let case = Case::new(3, &[300, 500, 700]).ready(&[F, T, T]);
        assert_calc(case.run(3, 30), 4, 60);
    }

    #[test]
    fn test_replica_calc_scale_up_unready_no_scale() {
        let case = Case::new(3, &[400, 500, 700]).ready(&[T, F, F]);
        assert_calc(case.run(3, 30), 3, 40);
    }

    #[test]
    fn test_replica_calc_scale_up_ignores_failed_pods() {
        let case = Case::new(4, &[500, 700])
            .ready(&[T, T, F, F])
            .phases(&[Running, Running, Failed, Failed]);
        assert_calc(case.run(2, 30), 4, 60);
    }

    #[test]
    fn test_replica_calc_scale_up_ignores_deletion_pods() {
        let case = Case::new(4, &[500, 700])
            .ready(&[T, T, F, F])
            .deleting(&[F, F, T, T]);
        assert_calc(case.run(2, 30), 4, 60);
    }

    #[test]
    fn test_replica_calc_scale_down() {
        let case = Case::new(5, &[100, 300, 500, 250, 250]);
        assert_calc(case.run(5, 50), 3, 28);
    }

    #[test]
    fn test_replica_calc_scale_down_exclude_unready_pods() {
        let case = Case::new(5, &[100, 300, 500, 250, 250]).ready(&[T, T, T, F, F]);
        let calc = case.run(5, 50);
        assert_calc(calc, 2, 30);
        assert_eq!(calc.ready_pod_count, 3);
    }

    #[test]
    fn test_replica_calc_scale_down_exclude_unscheduled_pods() {
        let case = Case::new(5, &[100])
            .ready(&[T, F, F, F, F])
            .phases(&[Running, Pending, Pending, Pending, Pending]);
        assert_calc(case.run(5, 50), 1, 10);
    }

    #[test]
    fn test_replica_calc_tolerance() {
        let case = Case::new(3, &[1010, 1030, 1020]).requests(&[900, 1000, 1100]);
        assert_calc(case.run(3, 100), 3, 102);
    }

    #[test]
    fn test_replica_calc_superfluous_metrics() {
        // Upstream also returns samples 3200 and 2000 for pods that no longer
        // exist. They carry no request, so the percentage ignores them; a
        // `PodSample` cannot describe such a sample, so only the four known
        // pods are passed.
        let case = Case::new(4, &[4000, 9500, 3000, 7000]);
        assert_calc(case.run(4, 100), 24, 587);
    }

    #[test]
    fn test_replica_calc_missing_metrics() {
        assert_calc(Case::new(4, &[400, 95]).run(4, 100), 3, 24);
    }

    #[test]
    fn test_replica_calc_missing_metrics_no_change_eq() {
        assert_calc(Case::new(2, &[1000]).run(2, 100), 2, 100);
    }

    #[test]
    fn test_replica_calc_missing_metrics_no_change_gt() {
        assert_calc(Case::new(2, &[1900]).run(2, 100), 2, 190);
    }

    #[test]
    fn test_replica_calc_missing_metrics_no_change_lt() {
        assert_calc(Case::new(2, &[600]).run(2, 100), 2, 60);
    }

    #[test]
    fn test_replica_calc_missing_metrics_unready_scale_up() {
        let case = Case::new(3, &[100, 2000]).ready(&[F, T, T]);
        assert_calc(case.run(3, 50), 4, 200);
    }

    #[test]
    fn test_replica_calc_missing_metrics_unready_scale_down() {
        let case = Case::new(4, &[100, 100, 100]).ready(&[F, T, T, T]);
        assert_calc(case.run(4, 50), 3, 10);
    }

    #[test]
    fn test_replica_calc_missing_metrics_scale_down_target_over_100() {
        let case = Case::new(4, &[200, 100, 100])
            .ready(&[F, T, T, T])
            .requests(&[1000, 1000, 2000, 2000]);
        assert_calc(case.run(4, 300), 2, 6);
    }

    #[test]
    fn test_replica_calc_during_rolling_update_with_max_surge() {
        assert_calc(Case::new(3, &[100, 100]).run(2, 50), 2, 10);
    }

    #[test]
    fn test_replica_calc_missing_requests_error() {
        let mut pods = Case::new(1, &[100]).pods();
        pods[0].request_milli = None;
        let err = resource_replicas(1, 100, &pods, DEFAULT_TOLERANCE).unwrap_err();
        assert!(err.to_string().contains("missing request for"), "{err}");
        assert_eq!(err.to_string(), "missing request for cpu in Pod test-pod-0");
    }

    #[test]
    fn test_replica_calc_missing_request_on_ignored_pod_still_errors() {
        let mut pods = Case::new(2, &[100, 100]).phases(&[Running, Failed]).pods();
        pods[1].request_milli = None;
        let err = resource_replicas(2, 100, &pods, DEFAULT_TOLERANCE).unwrap_err();
        assert_eq!(
            err,
            MetricError::MissingRequest {
                container_or_pod: "Pod test-pod-1".to_string()
            }
        );
    }

    #[test]
    fn test_replica_calc_no_ready_samples_error() {
        let pods = Case::new(2, &[100, 100]).ready(&[F, F]).pods();
        let err = resource_replicas(2, 50, &pods, DEFAULT_TOLERANCE).unwrap_err();
        assert_eq!(err, MetricError::NoMetrics);
        assert_eq!(
            err.to_string(),
            "did not receive metrics for targeted pods (pods might be unready)"
        );
    }

    #[test]
    fn test_replica_calc_zero_requests_error() {
        let pods = Case::new(1, &[100]).requests(&[0]).pods();
        let err = resource_replicas(1, 50, &pods, DEFAULT_TOLERANCE).unwrap_err();
        assert_eq!(err.to_string(), "no metrics returned matched known pods");
    }

    #[test]
    fn test_replica_calc_no_pods_error() {
        let err = resource_replicas(1, 50, &[], DEFAULT_TOLERANCE).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no pods returned by selector while calculating replica count"
        );
    }

    #[test]
    fn test_replica_calc_extreme_inputs_do_not_panic() {
        let pod = |request, usage| PodSample {
            name: "p".to_string(),
            request_milli: Some(request),
            usage_milli: Some(usage),
            phase: Running,
            ready: true,
            deleting: false,
        };
        let pods = vec![pod(i64::MAX, i64::MAX), pod(1, i64::MAX)];
        for target in [i64::MIN, -1, 0, 1, i64::MAX] {
            for current in [i64::MIN, 0, i64::MAX] {
                let _ = resource_replicas(current, target, &pods, DEFAULT_TOLERANCE);
                let _ = resource_replicas(current, target, &pods, f64::NAN);
                let _ = pods_metric_replicas(current, target, &pods, DEFAULT_TOLERANCE);
            }
        }
        let odd = vec![pod(-5, 10), pod(3, -7)];
        let _ = resource_replicas(3, 50, &odd, DEFAULT_TOLERANCE);
        assert_eq!(
            resource_replicas(4, 0, &pods, DEFAULT_TOLERANCE)
                .unwrap()
                .desired,
            4
        );
    }

    fn cm_pods(levels: &[i64], ready: &[bool]) -> Vec<PodSample> {
        levels
            .iter()
            .zip(ready)
            .enumerate()
            .map(|(i, (level, ready))| PodSample {
                name: format!("test-pod-{i}"),
                request_milli: None,
                usage_milli: Some(*level),
                phase: Running,
                ready: *ready,
                deleting: false,
            })
            .collect()
    }

    #[test]
    fn test_replica_calc_scale_up_cm() {
        let pods = cm_pods(&[20000, 10000, 30000], &[T, T, T]);
        let calc = pods_metric_replicas(3, 15000, &pods, DEFAULT_TOLERANCE).unwrap();
        assert_calc(calc, 4, 20000);
    }

    #[test]
    fn test_replica_calc_scale_up_cm_unready_hot_cpu_scale_would_scale_down() {
        let pods = cm_pods(&[50000, 15000, 30000], &[F, T, F]);
        let calc = pods_metric_replicas(3, 15000, &pods, DEFAULT_TOLERANCE).unwrap();
        assert_calc(calc, 7, 31666);
    }

    #[test]
    fn test_replica_calc_scale_down_cm() {
        let pods = cm_pods(&[12000; 5], &[T; 5]);
        let calc = pods_metric_replicas(5, 20000, &pods, DEFAULT_TOLERANCE).unwrap();
        assert_calc(calc, 3, 12000);
    }

    #[test]
    fn worked_example_section_4() {
        // §4 worked example: 3 ready pods requesting 500m and using 450m, target 50 %.
        let pods: Vec<PodSample> = (0..3)
            .map(|i| PodSample {
                name: format!("web-{i}"),
                request_milli: Some(500),
                usage_milli: Some(450),
                phase: Running,
                ready: true,
                deleting: false,
            })
            .collect();
        let calc = resource_replicas(3, 50, &pods, DEFAULT_TOLERANCE).unwrap();
        assert_calc(calc, 6, 90);
        let (replicas, reason) = normalize_legacy(3, calc.desired, 1, 10, &[], 300);
        assert_eq!(replicas, 6);
        // The limit max(2 × 3, 4) = 6 equals the proposal, so it is not reported as limiting.
        assert_eq!(reason, ScalingLimitReason::DesiredWithinRange);
        assert_eq!(
            rescale_event_message(replicas, rescale_reason(replicas > 3)),
            "New size: 6; reason: cpu resource utilization (percentage of request) above target"
        );
        assert_eq!(rescale_reason(false), "All metrics below target");
    }

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
