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
//!
//! One file per job: `replica_calc` (the proposal from pod samples),
//! `normalize` (stabilization, rate limits and clamping) and `events` (the
//! wording of the rescale event). Everything public is re-exported here.

mod events;
mod normalize;
mod replica_calc;

pub use events::{rescale_event_message, rescale_reason};
pub use normalize::{
    Behavior, DEFAULT_DOWNSCALE_STABILIZATION_SECONDS, PolicyKind, Recommendation, ScaleEvent,
    ScalingLimitReason, ScalingPolicy, ScalingRules, SelectPolicy,
    convert_desired_replicas_with_behavior_rate, convert_desired_replicas_with_rules,
    normalize_legacy, normalize_with_behavior, scale_down_limit, scale_up_limit,
    stabilize_recommendation, stabilize_recommendation_with_behavior,
};
pub use replica_calc::{
    DEFAULT_TOLERANCE, MetricError, PodPhase, PodSample, ReplicaCalc, pods_metric_replicas,
    resource_replicas,
};

#[cfg(test)]
mod tests {
    use super::replica_calc::tests::assert_calc;
    use super::*;
    use PodPhase::Running;

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
}
