//! View models for the browser's cluster view: display-ready data built from a frame, so the
//! components only lay it out (and tests can check it without a browser).

use crate::core::analysis::Run;
use crate::core::lesson::versions::Versions;
use crate::core::quantity::milli_text;
use crate::core::sim::AUTOSCALER_SYNC_SECONDS;
use crate::core::sim::decision::{AutoscalerDecision, DecisionOutcome, MetricFailure};
use crate::core::sim::trace::{Frame, PodPhase, PodSet, PodSnapshot, PodStatus};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodChip {
    pub name: String,
    /// The Deployment the pod belongs to.
    pub deployment: String,
    /// Whether that is the Deployment the lesson follows.
    pub followed: bool,
    /// The random suffix only, for small chips (`x2k9p`).
    pub short_name: String,
    pub phase: PodPhase,
    pub status: PodStatus,
    /// kubectl's STATUS text (`Init:0/1` while init containers run).
    pub status_text: String,
    pub ready: bool,
    pub terminating: bool,
    pub node: String,
    /// The model version the pod runs (`v1`, or the tag the student wrote, `v3`).
    pub version: String,
    /// The Deployment revision behind `version` (1 for the first template).
    pub revision: u64,
    pub image: String,
    pub requests_per_second: i64,
    pub cpu_milli: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeBox {
    pub name: String,
    pub capacity: String,
    pub pods: Vec<PodChip>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterView {
    pub time: u64,
    pub cause: String,
    pub nodes: Vec<NodeBox>,
    pub unscheduled: Vec<PodChip>,
    /// `Service ml-model :80 → 5000 · 3 endpoints · 30 req/s`.
    pub service: Option<String>,
    /// `HPA 2–4 · CPU 75% / 50% (read at 45s) · scaled 2 → 3`.
    pub autoscaler: Option<String>,
    /// `Deployment ml-model · 3/3 ready · v2 (mlmodel:v2)`.
    pub deployment: String,
    /// The file's other Deployments: `Deployment router · 1/1 ready`.
    pub others: Vec<String>,
    /// Every Service of the file but the followed one's: `Service router · 1 endpoint(s)`.
    pub other_services: Vec<String>,
    /// What `kubectl rollout status` would print now.
    pub rollout_status: String,
    /// `Available=True (MinimumReplicasAvailable)`, one per condition.
    pub conditions: Vec<String>,
}

fn chip(pod: &PodSnapshot, deployment: &str, versions: Option<&Versions>) -> PodChip {
    PodChip {
        name: pod.name.to_string(),
        deployment: deployment.to_string(),
        followed: versions.is_some(),
        short_name: pod.name.rsplit('-').next().unwrap_or(&pod.name).to_string(),
        phase: pod.phase,
        status: pod.status,
        status_text: pod.status_text(),
        ready: pod.ready,
        terminating: pod.terminating,
        node: pod.node.as_deref().unwrap_or_default().to_string(),
        // Other Deployments' revisions are numbered: the lesson's version labels are the
        // followed Deployment's.
        version: versions
            .map(|v| v.label(pod.revision))
            .unwrap_or_else(|| format!("v{}", pod.revision)),
        revision: pod.revision,
        image: pod.image.to_string(),
        requests_per_second: pod.requests_per_second,
        cpu_milli: pod.cpu_milli,
    }
}

/// The cluster as frame `index` of the run shows it; `None` past the last frame.
pub fn cluster_view(run: &Run, index: usize) -> Option<ClusterView> {
    let frame = run.trace.frames.get(index)?;
    Some(view_of(run, frame, &run.trace.pod_set_at(index)))
}

fn view_of(run: &Run, frame: &Frame, pods: &PodSet) -> ClusterView {
    let versions = &run.lesson.versions;
    let scenario = &run.scenario;
    let deployment_name = &run.deployment.name;
    // Every pod once, grouped by node name ("" for pods waiting for one).
    let mut by_node: std::collections::BTreeMap<String, Vec<PodChip>> = Default::default();
    for chip in all_chips(run, frame, pods) {
        by_node.entry(chip.node.clone()).or_default().push(chip);
    }
    let nodes = scenario
        .nodes
        .iter()
        .map(|node| NodeBox {
            name: node.name.clone(),
            capacity: format!(
                "{} CPU · {}Gi{}",
                node.cpu_milli as f64 / 1000.0,
                node.memory_bytes >> 30,
                node.extended
                    .iter()
                    .filter(|(_, count)| **count > 0)
                    .map(|(resource, count)| format!(" · {count} {resource}"))
                    .collect::<String>()
            ),
            pods: by_node.remove(&node.name).unwrap_or_default(),
        })
        .collect();
    let service = scenario.service.as_ref().map(|service| {
        let port = service
            .ports
            .first()
            .map(|p| format!(" :{} → {}", p.port, p.target_port))
            .unwrap_or_default();
        format!(
            "Service {}{port} · {} endpoint(s) · {} req/s",
            service.name, frame.endpoints, frame.requests_per_second
        )
    });
    let decision = run
        .trace
        .autoscaler_decisions
        .iter()
        .rev()
        .find(|decision| decision.time <= frame.time);
    let autoscaler = frame.hpa.as_ref().map(|hpa| {
        let range = format!("HPA {}–{}", hpa.min_replicas, hpa.max_replicas);
        match decision {
            None => format!(
                "{range} · not measured yet (it measures every {AUTOSCALER_SYNC_SECONDS}s) · {} replicas",
                hpa.desired_replicas
            ),
            Some(decision) => format!(
                "{range} · {} · {} replicas",
                autoscaler_reading(decision, frame.time),
                hpa.desired_replicas
            ),
        }
    });
    let deployment = if frame.deployment.exists {
        format!(
            "Deployment {deployment_name} · {}/{} ready · {} ({})",
            frame.deployment.ready,
            frame.deployment.replicas,
            versions.label(frame.deployment.revision),
            frame.deployment.image
        )
    } else {
        format!("Deployment {deployment_name} · not applied yet")
    };
    ClusterView {
        time: frame.time,
        cause: frame.cause.clone(),
        nodes,
        unscheduled: by_node.remove("").unwrap_or_default(),
        others: frame
            .others
            .iter()
            .map(|other| {
                format!(
                    "Deployment {} · {}/{} ready",
                    other.name, other.deployment.ready, other.deployment.replicas
                )
            })
            .collect(),
        other_services: frame
            .services
            .iter()
            .skip(usize::from(scenario.service.is_some()))
            .map(|service| {
                format!(
                    "Service {} · {} endpoint(s)",
                    service.name, service.endpoints
                )
            })
            .collect(),
        service,
        autoscaler,
        deployment,
        rollout_status: frame.deployment.rollout_status.clone(),
        conditions: frame
            .deployment
            .conditions
            .iter()
            .map(|condition| {
                format!(
                    "{}={} ({})",
                    condition.kind, condition.status, condition.reason
                )
            })
            .collect(),
    }
}

/// Every pod of the frame: the followed Deployment's, then the others', in file order.
fn all_chips(run: &Run, frame: &Frame, pods: &PodSet) -> Vec<PodChip> {
    let followed = &run.deployment.name;
    let versions = &run.lesson.versions;
    pods.followed()
        .map(|pod| chip(pod, followed, Some(versions)))
        .chain(
            frame
                .others
                .iter()
                .enumerate()
                .flat_map(|(k, other)| pods.other(k).map(move |pod| chip(pod, &other.name, None))),
        )
        .collect()
}

/// The autoscaler's last reading and what it made of it, with when it was taken: a reading
/// is up to 15 s old, which is why CPU can show 0% while traffic already flows.
fn autoscaler_reading(decision: &AutoscalerDecision, now: u64) -> String {
    let when = if decision.time == now {
        format!("read at {}s", decision.time)
    } else {
        format!(
            "read at {}s, next at {}s",
            decision.time,
            decision.time + AUTOSCALER_SYNC_SECONDS
        )
    };
    match &decision.outcome {
        DecisionOutcome::Measured(measurement) => {
            let value = match measurement.target {
                crate::core::sim::decision::MetricTarget::Utilization(target) => {
                    format!("CPU {}% / {target}%", measurement.value)
                }
                crate::core::sim::decision::MetricTarget::AverageValueMilli(target) => {
                    format!("CPU {}m / {target}m per pod", measurement.value)
                }
            };
            let verdict = if decision.rescaled() {
                format!(
                    "scaled {} → {}",
                    decision.current_replicas, decision.desired_replicas
                )
            } else if let Some(hold) = decision.hold() {
                format!("keeps {}: {}", decision.current_replicas, hold.describe())
            } else {
                "within 10% of target".to_string()
            };
            format!("{value} ({when}) · {verdict}")
        }
        DecisionOutcome::MeasuredCustom(custom) => {
            let values: Vec<String> = custom
                .readings
                .iter()
                .map(|r| {
                    format!(
                        "{} {} / {}",
                        r.name,
                        milli_text(r.value_milli),
                        milli_text(r.target_milli)
                    )
                })
                .collect();
            let verdict = if decision.rescaled() {
                format!(
                    "scaled {} → {}",
                    decision.current_replicas, decision.desired_replicas
                )
            } else {
                format!("keeps {}", decision.current_replicas)
            };
            format!("{} ({when}) · {verdict}", values.join(", "))
        }
        DecisionOutcome::MetricUnavailable {
            failure: MetricFailure::NoMetricsApi,
            message,
        } => format!("metrics unknown ({when}): {message}"),
        DecisionOutcome::MetricUnavailable { message, .. } => {
            format!("CPU unknown ({when}): {message}")
        }
        DecisionOutcome::ScalingDisabled => {
            format!("scaling disabled at 0 replicas ({when})")
        }
        DecisionOutcome::Clamped { .. } => format!(
            "set to {} to fit its range ({when})",
            decision.desired_replicas
        ),
        DecisionOutcome::NoMetric => format!("no CPU metric ({when})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::analysis::analyze;
    use crate::core::samples::SEED_MANIFEST;

    #[test]
    fn the_seed_ends_with_every_pod_on_a_node_and_the_rollout_done() {
        let run = analyze(SEED_MANIFEST, None).run.expect("simulates");
        let view = cluster_view(&run, run.trace.frames.len() - 1).expect("frames");
        assert_eq!(view.nodes.len(), 3);
        assert!(view.unscheduled.is_empty());
        let pods: Vec<&PodChip> = view.nodes.iter().flat_map(|n| n.pods.iter()).collect();
        assert_eq!(pods.len(), 3);
        assert!(
            pods.iter()
                .all(|p| p.version == "v2" && p.ready && p.phase == PodPhase::Running)
        );
        assert_eq!(
            view.rollout_status,
            "deployment \"ml-model\" successfully rolled out"
        );
        assert!(
            view.conditions
                .contains(&"Available=True (MinimumReplicasAvailable)".to_string())
        );
        assert_eq!(
            view.service.as_deref(),
            Some("Service ml-model :80 → 5000 · 3 endpoint(s) · 30 req/s")
        );
        assert_eq!(
            view.autoscaler.as_deref(),
            Some(
                "HPA 2–4 · CPU 50% / 50% (read at 165s, next at 180s) · within 10% of target · 3 replicas"
            )
        );
    }

    /// Traffic starts between two syncs: the reading shown is the older one, and says so.
    #[test]
    fn the_autoscaler_line_says_when_its_reading_was_taken() {
        let run = analyze(SEED_MANIFEST, None).run.expect("simulates");
        let traffic_at = run.trace.milestones.traffic_start.expect("traffic");
        let index = run
            .trace
            .frames
            .iter()
            .position(|frame| frame.time == traffic_at)
            .expect("a frame when traffic starts");
        let view = cluster_view(&run, index).expect("frame");
        let line = view.autoscaler.expect("an autoscaler");
        assert!(
            line.contains(&format!(
                "read at {}s, next at {}s",
                traffic_at - 5,
                traffic_at + 10
            )),
            "{line}"
        );
        let rescale = run.trace.milestones.rescales[0].0;
        let index = run
            .trace
            .frames
            .iter()
            .position(|frame| frame.time == rescale)
            .expect("a frame when it rescales");
        let line = cluster_view(&run, index)
            .and_then(|view| view.autoscaler)
            .expect("an autoscaler");
        assert!(line.contains("scaled 2 → 3"), "{line}");
    }

    #[test]
    fn pods_without_a_node_wait_apart() {
        let text = SEED_MANIFEST.replace(
            "        - containerPort: 5000\n",
            "        - containerPort: 5000\n        resources:\n          requests:\n            nvidia.com/gpu: 1\n          limits:\n            nvidia.com/gpu: 1\n",
        ) + "---\napiVersion: v1\nkind: Node\nmetadata:\n  name: cpu-only\nstatus:\n  allocatable:\n    cpu: \"4\"\n    memory: 16Gi\n";
        let run = analyze(&text, None).run.expect("simulates");
        let view = cluster_view(&run, run.trace.frames.len() - 1).expect("frames");
        assert!(!view.unscheduled.is_empty());
        assert!(
            view.unscheduled
                .iter()
                .all(|p| p.phase == PodPhase::Pending && p.node.is_empty())
        );
    }
}
