//! What the HorizontalPodAutoscaler measured and decided at one sync (§4), recorded in the
//! trace so that the lesson's formula card, key moment and the cluster view print the numbers
//! the controller used instead of redoing its arithmetic.

use serde::Serialize;

/// One sync of the autoscaler.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AutoscalerDecision {
    /// Simulated seconds.
    pub time: u64,
    /// The target's `spec.replicas` when the sync read it.
    pub current_replicas: i64,
    pub min_replicas: i64,
    pub max_replicas: i64,
    pub outcome: DecisionOutcome,
    /// The replicas the sync wrote (equal to `current_replicas` when it changed nothing).
    pub desired_replicas: i64,
}

impl AutoscalerDecision {
    pub fn rescaled(&self) -> bool {
        self.desired_replicas != self.current_replicas
    }

    /// The proposal, stabilized value and limit of a measured sync, CPU or custom.
    fn normalized(&self) -> Option<(i64, i64, Option<ReplicaLimit>, bool, bool)> {
        match &self.outcome {
            DecisionOutcome::Measured(m) => Some((
                m.proposal,
                m.stabilized,
                m.limit,
                m.within_tolerance,
                m.rebalanced,
            )),
            DecisionOutcome::MeasuredCustom(c) => Some((
                c.proposal,
                c.stabilized,
                c.limit,
                c.readings.iter().all(|r| r.within_tolerance),
                false,
            )),
            _ => None,
        }
    }

    pub fn measurement(&self) -> Option<&Measurement> {
        match &self.outcome {
            DecisionOutcome::Measured(measurement) => Some(measurement),
            _ => None,
        }
    }

    /// Why a measured sync kept the size although usage was off target; `None` when it
    /// rescaled, was within tolerance, or did not measure.
    pub fn hold(&self) -> Option<Hold> {
        let (proposal, stabilized, limit, within_tolerance, rebalanced) = self.normalized()?;
        if self.rescaled() || (within_tolerance && !rebalanced) {
            return None;
        }
        match limit.map(|limit| limit.kind) {
            Some(LimitKind::TooManyReplicas) => Some(Hold::AtMaximum),
            Some(LimitKind::TooFewReplicas) => Some(Hold::AtMinimum),
            _ if stabilized != proposal => Some(Hold::Stabilizing),
            _ if rebalanced => Some(Hold::UnreadyPods),
            _ if !within_tolerance => Some(Hold::RoundsToCurrent),
            _ => None,
        }
    }
}

/// What kept the autoscaler from changing the size it measured against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Hold {
    /// Already at `maxReplicas`.
    AtMaximum,
    /// Already at `minReplicas`.
    AtMinimum,
    /// A scale-down waits out the stabilization window.
    Stabilizing,
    /// Unready pods, counted as idle, cancelled the change.
    UnreadyPods,
    /// Off target, but the proposal rounds up to the current count (few pods, small gap).
    RoundsToCurrent,
}

impl Hold {
    /// The reason in a few words, for sentences and the cluster view.
    pub fn describe(self) -> &'static str {
        match self {
            Hold::AtMaximum => "already at maxReplicas",
            Hold::AtMinimum => "already at minReplicas",
            Hold::Stabilizing => "a scale-down waits out the stabilization window",
            Hold::UnreadyPods => "pods still starting count as idle",
            Hold::RoundsToCurrent => "the proposal rounds up to the current count",
        }
    }
}

/// How a sync ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum DecisionOutcome {
    /// §4 step 1: the target is at 0 replicas and `minReplicas` is not 0: scaling is off.
    ScalingDisabled,
    /// §4 step 1: `spec.replicas` was outside `[minReplicas, maxReplicas]` and was clamped.
    Clamped { bound: RangeBound },
    /// The metric could not be computed (a `FailedGetResourceMetric` event when it is new).
    MetricUnavailable {
        failure: MetricFailure,
        /// The event's message, as the controller words it.
        message: String,
    },
    /// The HPA lists no metric the simulation reads: it keeps the size.
    NoMetric,
    /// §4 steps 2–8: measured, proposed and normalized.
    Measured(Measurement),
    /// Custom metrics read from the Scenario's values (no CPU metric), proposed and
    /// normalized (§4 steps 4–8).
    MeasuredCustom(CustomMeasurement),
}

/// A sync that scaled on custom metrics only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomMeasurement {
    pub readings: Vec<CustomReading>,
    /// The largest proposal of the readings (§4: the autoscaler follows the metric that asks
    /// for the most replicas).
    pub proposal: i64,
    pub stabilized: i64,
    pub limit: Option<ReplicaLimit>,
}

/// One custom metric's value at a sync and what it proposed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomReading {
    pub name: String,
    /// Milli-units of the metric.
    pub value_milli: i64,
    pub target_milli: i64,
    /// Whether the target is per pod (`averageValue`) rather than for the whole (`value`).
    pub per_pod: bool,
    /// Pods counted (ready pods for a value, the current replicas for an average).
    pub pods: i64,
    pub within_tolerance: bool,
    pub proposal: i64,
}

/// Which end of the HPA's range clamped `spec.replicas`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum RangeBound {
    AboveMax,
    BelowMin,
}

/// Why there was no metric (§4 steps 2–4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum MetricFailure {
    /// A container has no CPU request, so no percentage of it exists.
    MissingRequest,
    /// No ready pod had a sample (pods still starting or loading their model).
    NoReadyPods,
    NoPods,
    NoMatchingMetrics,
    /// A `Pods`, `Object` or `External` metric, and no metrics adapter serves it.
    NoMetricsApi,
}

/// What the metric is compared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "camelCase")]
pub enum MetricTarget {
    /// `averageUtilization`: whole percent of the pods' CPU requests.
    Utilization(i64),
    /// `averageValue`: millicores per pod.
    AverageValueMilli(i64),
}

/// §4 steps 2–8 at one sync, every number the controller used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Measurement {
    pub target: MetricTarget,
    /// Pods whose samples count: running, ready, not being deleted.
    pub ready_pods: i64,
    /// Running pods not ready yet (their samples are set aside, §4 step 3).
    pub unready_pods: i64,
    /// Pods with no sample (not running yet).
    pub missing_pods: i64,
    /// CPU used by the ready pods, summed.
    pub usage_milli: i64,
    /// CPU requested by the ready pods, summed.
    pub request_milli: i64,
    /// Whole percent (`Utilization`) or average millicores (`AverageValueMilli`), rounded down.
    pub value: i64,
    /// Whether |value ÷ target − 1| ≤ the tolerance (0.1): the ready pods alone ask no change.
    pub within_tolerance: bool,
    /// Unready or missing pods were counted pessimistically (§4 step 6).
    pub rebalanced: bool,
    /// The replica calculator's proposal (§4 steps 5–6).
    pub proposal: i64,
    /// The proposal after stabilization (§4 step 8).
    pub stabilized: i64,
    /// What capped the stabilized proposal, if anything (§4 step 8).
    pub limit: Option<ReplicaLimit>,
}

/// The bound normalization applied and its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaLimit {
    pub kind: LimitKind,
    pub replicas: i64,
}

/// The `ScalingLimited` reasons that change the number (§4 step 8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum LimitKind {
    TooFewReplicas,
    TooManyReplicas,
    ScaleUpLimit,
    ScaleDownLimit,
}
