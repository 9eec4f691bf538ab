//! The HorizontalPodAutoscaler controller (§4): every 15 s it reads the target's
//! `spec.replicas`, measures CPU utilization over the pods (as a whole percent of their
//! requests), proposes a size with tolerance 0.1, normalizes it (the legacy limits when
//! `behavior` is omitted, the policies when it is set) and rescales the Deployment.

use super::Simulation;
use super::change::{Change, EventReason, EventType};
use super::custom_metrics;
use super::decision::{
    AutoscalerDecision, CustomMeasurement, CustomReading, DecisionOutcome, LimitKind,
    MetricFailure, MetricTarget, RangeBound, ReplicaLimit,
};
use super::hpa_math::{self, MetricError, Recommendation, ScaleEvent, ScalingLimitReason};
use super::state::AutoscalerStatus;
use crate::core::manifest::model::{self, CpuTarget, Deployment};
use crate::core::scenario::EffectiveScenario;

const SOURCE: &str = "horizontal-pod-autoscaler";

/// What the controller remembers between syncs: recommendations for stabilization and
/// its own rescales for the behavior policies.
#[derive(Clone, Debug, Default)]
pub struct Memory {
    recommendations: Vec<(u64, i64)>,
    rescales: Vec<(u64, i64)>,
    last_warning: Option<String>,
    /// Custom-metric errors already announced, so repeats are not re-announced.
    announced: Vec<String>,
    /// The last sync held back a change that time alone will let through.
    waiting: bool,
}

impl Memory {
    /// Whether a later sync will rescale even if nothing else changes: the last proposal
    /// differs from the size and only the stabilization window or a rate limit holds it
    /// (§4 step 8). A direction with `selectPolicy: Disabled` never moves, so it does not wait.
    pub fn is_waiting(&self) -> bool {
        self.waiting
    }
}

/// Whether the scenario's autoscaler targets this Deployment.
pub fn targets(scenario: &EffectiveScenario, deployment: &Deployment) -> bool {
    scenario
        .autoscaler
        .as_ref()
        .is_some_and(|hpa| hpa.targets(deployment))
}

/// The scenario's autoscalers that target one of its Deployments, each with that workload's
/// index: the followed Deployment's autoscaler first.
pub(super) fn targeting(
    scenario: &EffectiveScenario,
) -> Vec<(&model::HorizontalPodAutoscaler, usize)> {
    scenario
        .autoscaler
        .iter()
        .chain(&scenario.other_autoscalers)
        .filter_map(|hpa| {
            let workload = scenario.deployments.iter().position(|d| hpa.targets(d))?;
            Some((hpa, workload))
        })
        .collect()
}

/// One sync of every autoscaler, in order.
pub(super) fn sync(simulation: &mut Simulation) {
    for index in 0..simulation.autoscalers.len() {
        sync_one(simulation, index);
    }
}

fn sync_one(simulation: &mut Simulation, h: usize) {
    let (hpa, workload) = simulation.autoscalers[h];
    simulation.current = workload;
    if simulation.workload().template.is_none() {
        return;
    }
    let follows = workload == simulation.followed;
    let now = simulation.cluster.now;
    let current = simulation.workload().replicas;
    let mut status = AutoscalerStatus {
        current_replicas: current,
        desired_replicas: current,
        cpu_utilization: simulation.cluster.autoscalers[h]
            .as_ref()
            .and_then(|s| s.cpu_utilization),
        last_message: None,
    };
    simulation.autoscaler_memory[h].waiting = false;
    let namespace = simulation.deployment().namespace.clone();
    let ready = simulation
        .cluster
        .pods
        .iter()
        .filter(|pod| {
            pod.ready
                && !pod.terminating
                && simulation.cluster.replica_sets[pod.replica_set].workload == workload
        })
        .count() as i64;
    let (readings, failures) = custom_metrics::read(
        hpa,
        &simulation.scenario.metric_series,
        &namespace,
        now,
        ready,
        current,
    );
    let (outcome, decision) = decide(simulation, h, hpa, current, &readings, &failures);
    let object = format!("horizontalpodautoscaler/{}", hpa.name);
    for failure in &failures {
        let seen = &mut simulation.autoscaler_memory[h].announced;
        if !seen.contains(&failure.event) {
            seen.push(failure.event.clone());
            simulation.event(
                EventType::Warning,
                failure.reason,
                object.clone(),
                failure.event.clone(),
                SOURCE,
            );
        }
    }
    match &outcome {
        DecisionOutcome::Measured(measurement) => {
            status.cpu_utilization = match measurement.target {
                MetricTarget::Utilization(_) => Some(measurement.value),
                MetricTarget::AverageValueMilli(_) => None,
            };
            simulation.autoscaler_memory[h].last_warning = None;
        }
        DecisionOutcome::MetricUnavailable { message, failure } => {
            status.cpu_utilization = None;
            if simulation.autoscaler_memory[h].last_warning.as_deref() != Some(message.as_str()) {
                simulation.autoscaler_memory[h].last_warning = Some(message.clone());
                let reason = if *failure == MetricFailure::NoMetricsApi {
                    EventReason::FailedComputeMetricsReplicas
                } else {
                    EventReason::FailedGetResourceMetric
                };
                simulation.event(
                    EventType::Warning,
                    reason,
                    object.clone(),
                    message.clone(),
                    SOURCE,
                );
            }
            status.last_message = Some(message.clone());
        }
        _ => {}
    }
    let desired = decision
        .as_ref()
        .map(|(desired, _)| *desired)
        .unwrap_or(current);
    // The lesson explains the followed Deployment's autoscaler; the others act as well.
    if follows {
        simulation
            .trace
            .autoscaler_decisions
            .push(AutoscalerDecision {
                time: now,
                current_replicas: current,
                min_replicas: hpa.min_replicas,
                max_replicas: hpa.max_replicas,
                outcome,
                desired_replicas: desired,
            });
    }
    if let Some((desired, reason)) = decision {
        status.desired_replicas = desired;
        if desired != current {
            // The HPA writes `spec.replicas` through the scale subresource: a new generation.
            simulation.workload_mut().replicas = desired;
            simulation.workload_mut().generation += 1;
            simulation.autoscaler_memory[h]
                .rescales
                .push((now, desired - current));
            if follows {
                simulation
                    .trace
                    .milestones
                    .rescales
                    .push((now, current, desired));
            }
            let object = format!("horizontalpodautoscaler/{}", hpa.name);
            simulation.event(
                EventType::Normal,
                EventReason::SuccessfulRescale,
                object,
                hpa_math::rescale_event_message(desired, &reason),
                SOURCE,
            );
            status.current_replicas = desired;
        }
    }
    let changed = simulation.cluster.autoscalers[h].as_ref() != Some(&status);
    simulation.cluster.autoscalers[h] = Some(status);
    if changed {
        simulation.record_frame(vec![Change::AutoscalerSynced]);
    }
}

/// §4 step 1, then steps 2–8: what this sync found, and the size to write with the
/// event's reason (`None` when it writes nothing).
fn decide(
    simulation: &mut Simulation,
    h: usize,
    hpa: &model::HorizontalPodAutoscaler,
    current: i64,
    readings: &[CustomReading],
    failures: &[custom_metrics::Failure],
) -> (DecisionOutcome, Option<(i64, String)>) {
    let metrics = readings.len() + failures.len() + usize::from(hpa.cpu_target.is_some());
    let invalid = |message: String| {
        (
            DecisionOutcome::MetricUnavailable {
                failure: MetricFailure::NoMetricsApi,
                message,
            },
            None,
        )
    };
    let custom_proposal = readings.iter().map(|r| r.proposal).max();
    // §4 step 1: a target scaled to zero is left alone; out-of-range sizes are clamped first.
    if current == 0 && hpa.min_replicas != 0 {
        return (DecisionOutcome::ScalingDisabled, None);
    }
    if current > hpa.max_replicas {
        let reason = "Current number of replicas above Spec.MaxReplicas".to_string();
        return (
            DecisionOutcome::Clamped {
                bound: RangeBound::AboveMax,
            },
            Some((hpa.max_replicas, reason)),
        );
    }
    if current < hpa.min_replicas {
        let reason = "Current number of replicas below Spec.MinReplicas".to_string();
        return (
            DecisionOutcome::Clamped {
                bound: RangeBound::BelowMin,
            },
            Some((hpa.min_replicas, reason)),
        );
    }
    let Some(target) = hpa.cpu_target.as_ref().map(|target| match *target {
        CpuTarget::Utilization(percent) => MetricTarget::Utilization(percent),
        CpuTarget::AverageValueMilli(milli) => MetricTarget::AverageValueMilli(milli),
    }) else {
        let Some(proposal) = custom_proposal else {
            if failures.is_empty() {
                return (DecisionOutcome::NoMetric, Some((current, String::new())));
            }
            // Every metric is invalid: the controller does not scale.
            return invalid(custom_metrics::compute_message(failures, metrics));
        };
        // With invalid metrics beside them, valid ones may scale up but never down.
        if !failures.is_empty() && proposal < current {
            return invalid(custom_metrics::compute_message(failures, metrics));
        }
        return scale_on_custom(simulation, h, hpa, current, readings, proposal);
    };
    match super::cpu_metric::measure(simulation, target, current) {
        // The autoscaler follows the metric that asks for the most replicas.
        Ok(measurement) if custom_proposal.is_some_and(|custom| custom > measurement.proposal) => {
            let proposal = custom_proposal.unwrap_or(current);
            if !failures.is_empty() && proposal < current {
                return invalid(custom_metrics::compute_message(failures, metrics));
            }
            scale_on_custom(simulation, h, hpa, current, readings, proposal)
        }
        Ok(measurement) if !failures.is_empty() && measurement.proposal < current => {
            invalid(custom_metrics::compute_message(failures, metrics))
        }
        Ok(mut measurement) => {
            let proposal = measurement.proposal;
            let (stabilized, desired, limit) = normalize(simulation, h, hpa, current, proposal);
            measurement.stabilized = stabilized;
            measurement.limit = limit;
            let now = simulation.cluster.now;
            simulation.autoscaler_memory[h]
                .recommendations
                .push((now, proposal));
            simulation.autoscaler_memory[h].waiting =
                unconstrained(hpa, desired, proposal) != desired;
            let reason = hpa_math::rescale_reason(desired > current).to_string();
            (
                DecisionOutcome::Measured(measurement),
                Some((desired, reason)),
            )
        }
        Err(error) => {
            let failure = match error {
                MetricError::MissingRequest { .. } => MetricFailure::MissingRequest,
                MetricError::NoMetrics => MetricFailure::NoReadyPods,
                MetricError::NoPods => MetricFailure::NoPods,
                MetricError::NoMatchingMetrics => MetricFailure::NoMatchingMetrics,
            };
            let message = format!("failed to get cpu utilization: {error}");
            (
                DecisionOutcome::MetricUnavailable { failure, message },
                None,
            )
        }
    }
}

/// §4 step 8 for a proposal from custom metrics, recorded as the readings that made it.
fn scale_on_custom(
    simulation: &mut Simulation,
    h: usize,
    hpa: &model::HorizontalPodAutoscaler,
    current: i64,
    readings: &[CustomReading],
    proposal: i64,
) -> (DecisionOutcome, Option<(i64, String)>) {
    let (stabilized, desired, limit) = normalize(simulation, h, hpa, current, proposal);
    let now = simulation.cluster.now;
    simulation.autoscaler_memory[h]
        .recommendations
        .push((now, proposal));
    simulation.autoscaler_memory[h].waiting = unconstrained(hpa, desired, proposal) != desired;
    let reason = if desired > current {
        let name = readings
            .iter()
            .max_by_key(|r| r.proposal)
            .map(|r| r.name.as_str())
            .unwrap_or("");
        format!("{name} above target")
    } else {
        "All metrics below target".to_string()
    };
    let measurement = CustomMeasurement {
        readings: readings.to_vec(),
        proposal,
        stabilized,
        limit,
    };
    (
        DecisionOutcome::MeasuredCustom(measurement),
        Some((desired, reason)),
    )
}

/// §4 step 8: legacy normalization when `behavior` is omitted, the policies when it is set.
/// Returns the stabilized recommendation, the size to write, and the limit that set it.
fn normalize(
    simulation: &Simulation,
    h: usize,
    hpa: &model::HorizontalPodAutoscaler,
    current: i64,
    proposal: i64,
) -> (i64, i64, Option<ReplicaLimit>) {
    let now = simulation.cluster.now;
    let memory = &simulation.autoscaler_memory[h];
    let history: Vec<Recommendation> = memory
        .recommendations
        .iter()
        .map(|&(time, replicas)| Recommendation {
            replicas,
            age_seconds: now - time,
        })
        .collect();
    let events: Vec<ScaleEvent> = memory
        .rescales
        .iter()
        .map(|&(time, change)| ScaleEvent {
            replica_change: change,
            age_seconds: now - time,
        })
        .collect();
    let stabilized = match &hpa.behavior {
        None => hpa_math::stabilize_recommendation(
            proposal,
            &history,
            hpa_math::DEFAULT_DOWNSCALE_STABILIZATION_SECONDS,
        ),
        Some(behavior) => hpa_math::stabilize_recommendation_with_behavior(
            current,
            proposal,
            behavior.scale_up.stabilization_window_seconds.max(0) as u64,
            behavior.scale_down.stabilization_window_seconds.max(0) as u64,
            &history,
        ),
    };
    let (desired, reason) = normalize_with(hpa, current, proposal, &history, &events);
    let kind = match reason {
        ScalingLimitReason::DesiredWithinRange => None,
        ScalingLimitReason::TooFewReplicas => Some(LimitKind::TooFewReplicas),
        ScalingLimitReason::TooManyReplicas => Some(LimitKind::TooManyReplicas),
        ScalingLimitReason::ScaleUpLimit => Some(LimitKind::ScaleUpLimit),
        ScalingLimitReason::ScaleDownLimit => Some(LimitKind::ScaleDownLimit),
    };
    let limit = kind
        .filter(|_| desired != stabilized)
        .map(|kind| ReplicaLimit {
            kind,
            replicas: desired,
        });
    (stabilized, desired, limit)
}

/// What normalization would make of `proposal` once every remembered recommendation and
/// rescale has aged out of its window: the size the autoscaler is heading for.
fn unconstrained(hpa: &model::HorizontalPodAutoscaler, current: i64, proposal: i64) -> i64 {
    normalize_with(hpa, current, proposal, &[], &[]).0
}

/// §4 step 8 over the given memory: the legacy path when `behavior` is omitted (its
/// stabilization reads only the recommendations), the policies when it is set.
fn normalize_with(
    hpa: &model::HorizontalPodAutoscaler,
    current: i64,
    proposal: i64,
    history: &[Recommendation],
    events: &[ScaleEvent],
) -> (i64, ScalingLimitReason) {
    let (min, max) = (hpa.min_replicas, hpa.max_replicas);
    match &hpa.behavior {
        None => {
            let window = hpa_math::DEFAULT_DOWNSCALE_STABILIZATION_SECONDS;
            hpa_math::normalize_legacy(current, proposal, min, max, history, window)
        }
        Some(behavior) => hpa_math::normalize_with_behavior(
            current, proposal, min, max, behavior, history, events,
        ),
    }
}
