//! The HorizontalPodAutoscaler controller (§4): every 15 s it reads the target's
//! `spec.replicas`, measures CPU utilization over the pods (as a whole percent of their
//! requests), proposes a size with tolerance 0.1, normalizes it (the legacy limits when
//! `behavior` is omitted, the policies when it is set) and rescales the Deployment.

use super::Simulation;
use super::hpa_math::{self, MetricError, PodSample, Recommendation, ScaleEvent};
use super::state::{AutoscalerStatus, KubeletStage};
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
        .is_some_and(|hpa| hpa.target_kind == "Deployment" && hpa.target_name == deployment.name)
}

pub(super) fn sync(simulation: &mut Simulation) {
    let Some(hpa) = simulation.scenario.autoscaler.clone() else {
        return;
    };
    if simulation.cluster.deployment_template.is_none() {
        return;
    }
    let now = simulation.cluster.now;
    let current = simulation.cluster.deployment_replicas;
    let mut status = AutoscalerStatus {
        current_replicas: current,
        desired_replicas: current,
        cpu_utilization: simulation
            .cluster
            .autoscaler
            .as_ref()
            .and_then(|s| s.cpu_utilization),
        last_message: None,
    };
    // §4 step 1: a target scaled to zero is left alone; out-of-range sizes are clamped first.
    simulation.autoscaler_memory.waiting = false;
    let decision: Option<(i64, String)> = if current == 0 && hpa.min_replicas != 0 {
        None
    } else if current > hpa.max_replicas {
        Some((
            hpa.max_replicas,
            "Current number of replicas above Spec.MaxReplicas".to_string(),
        ))
    } else if current < hpa.min_replicas {
        Some((
            hpa.min_replicas,
            "Current number of replicas below Spec.MinReplicas".to_string(),
        ))
    } else {
        match measure(simulation, &hpa, current) {
            Ok((proposal, utilization)) => {
                status.cpu_utilization = utilization;
                simulation.autoscaler_memory.last_warning = None;
                let desired = normalize(simulation, &hpa, current, proposal);
                simulation
                    .autoscaler_memory
                    .recommendations
                    .push((now, proposal));
                simulation.autoscaler_memory.waiting =
                    unconstrained(&hpa, desired, proposal) != desired;
                let increasing = desired > current;
                Some((desired, hpa_math::rescale_reason(increasing).to_string()))
            }
            Err(error) => {
                status.cpu_utilization = None;
                let message = format!("failed to get cpu utilization: {error}");
                if simulation.autoscaler_memory.last_warning.as_deref() != Some(message.as_str()) {
                    simulation.autoscaler_memory.last_warning = Some(message.clone());
                    let object = format!("horizontalpodautoscaler/{}", hpa.name);
                    simulation.event(
                        "Warning",
                        "FailedGetResourceMetric",
                        object,
                        message.clone(),
                        SOURCE,
                    );
                }
                status.last_message = Some(message);
                None
            }
        }
    };
    if let Some((desired, reason)) = decision {
        status.desired_replicas = desired;
        if desired != current {
            // The HPA writes `spec.replicas` through the scale subresource: a new generation.
            simulation.cluster.deployment_replicas = desired;
            simulation.cluster.deployment_generation += 1;
            simulation
                .autoscaler_memory
                .rescales
                .push((now, desired - current));
            simulation
                .trace
                .milestones
                .rescales
                .push((now, current, desired));
            let object = format!("horizontalpodautoscaler/{}", hpa.name);
            simulation.event(
                "Normal",
                "SuccessfulRescale",
                object,
                hpa_math::rescale_event_message(desired, &reason),
                SOURCE,
            );
            status.current_replicas = desired;
        }
    }
    let changed = simulation.cluster.autoscaler.as_ref() != Some(&status);
    simulation.cluster.autoscaler = Some(status);
    if changed {
        simulation.record_frame("autoscaler synced");
    }
}

/// §4 steps 2–6: the replica calculator over the Deployment's pods.
fn measure(
    simulation: &Simulation,
    hpa: &model::HorizontalPodAutoscaler,
    current: i64,
) -> Result<(i64, Option<i64>), MetricError> {
    let per_request = simulation.scenario.cpu_per_request_milli;
    let samples: Vec<PodSample> = simulation
        .cluster
        .pods
        .iter()
        .map(|pod| {
            let running = pod.stage == KubeletStage::Started;
            PodSample {
                name: pod.name.clone(),
                request_milli: pod.requests.cpu_milli,
                usage_milli: running.then(|| pod.requests_per_second * per_request),
                phase: if running {
                    hpa_math::PodPhase::Running
                } else {
                    hpa_math::PodPhase::Pending
                },
                ready: pod.ready,
                deleting: pod.terminating,
            }
        })
        .collect();
    match hpa.cpu_target {
        Some(CpuTarget::Utilization(target)) => {
            if let Some(pod) = simulation
                .cluster
                .pods
                .iter()
                .find(|pod| pod.requests.cpu_milli.is_none() && !pod.terminating)
            {
                let container = simulation.cluster.replica_sets[pod.replica_set]
                    .template
                    .spec
                    .containers
                    .iter()
                    .find(|c| {
                        !c.resources.requests.contains_key("cpu")
                            && !c.resources.limits.contains_key("cpu")
                    })
                    .map(|c| c.name.clone())
                    .unwrap_or_default();
                return Err(MetricError::MissingRequest {
                    container_or_pod: format!("container {container} of Pod {}", pod.name),
                });
            }
            let calc = hpa_math::resource_replicas(
                current,
                target,
                &samples,
                hpa_math::DEFAULT_TOLERANCE,
            )?;
            Ok((calc.desired, Some(calc.utilization)))
        }
        Some(CpuTarget::AverageValueMilli(target)) => {
            let calc = hpa_math::pods_metric_replicas(
                current,
                target,
                &samples,
                hpa_math::DEFAULT_TOLERANCE,
            )?;
            Ok((calc.desired, None))
        }
        None => Ok((current, None)),
    }
}

/// §4 step 8: legacy normalization when `behavior` is omitted, the policies when it is set.
fn normalize(
    simulation: &Simulation,
    hpa: &model::HorizontalPodAutoscaler,
    current: i64,
    proposal: i64,
) -> i64 {
    let now = simulation.cluster.now;
    let memory = &simulation.autoscaler_memory;
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
    normalize_with(hpa, current, proposal, &history, &events)
}

/// What normalization would make of `proposal` once every remembered recommendation and
/// rescale has aged out of its window: the size the autoscaler is heading for.
fn unconstrained(hpa: &model::HorizontalPodAutoscaler, current: i64, proposal: i64) -> i64 {
    normalize_with(hpa, current, proposal, &[], &[])
}

/// §4 step 8 over the given memory: the legacy path when `behavior` is omitted (its
/// stabilization reads only the recommendations), the policies when it is set.
fn normalize_with(
    hpa: &model::HorizontalPodAutoscaler,
    current: i64,
    proposal: i64,
    history: &[Recommendation],
    events: &[ScaleEvent],
) -> i64 {
    let (min, max) = (hpa.min_replicas, hpa.max_replicas);
    match &hpa.behavior {
        None => {
            let window = hpa_math::DEFAULT_DOWNSCALE_STABILIZATION_SECONDS;
            hpa_math::normalize_legacy(current, proposal, min, max, history, window).0
        }
        Some(behavior) => {
            hpa_math::normalize_with_behavior(
                current, proposal, min, max, behavior, history, events,
            )
            .0
        }
    }
}
