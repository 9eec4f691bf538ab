//! View models for the browser's cluster view: display-ready data built from a frame, so the
//! components only lay it out (and tests can check it without a browser).

use crate::core::scenario::EffectiveScenario;
use crate::core::sim::trace::{Frame, PodView};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodChip {
    pub name: String,
    /// The random suffix only, for small chips (`x2k9p`).
    pub short_name: String,
    pub phase: &'static str,
    pub status: &'static str,
    pub ready: bool,
    pub terminating: bool,
    pub node: String,
    /// `v1`, `v2`: the Deployment revision the pod runs.
    pub version: String,
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
    /// `HPA 2–4 · CPU 75% / 50% · 3 replicas`.
    pub autoscaler: Option<String>,
    /// `Deployment ml-model · 3/3 ready · v2 (mlmodel:v2)`.
    pub deployment: String,
    /// What `kubectl rollout status` would print now.
    pub rollout_status: String,
    /// `Available=True (MinimumReplicasAvailable)`, one per condition.
    pub conditions: Vec<String>,
}

fn chip(pod: &PodView) -> PodChip {
    PodChip {
        name: pod.name.clone(),
        short_name: pod.name.rsplit('-').next().unwrap_or(&pod.name).to_string(),
        phase: pod.phase,
        status: pod.status,
        ready: pod.ready,
        terminating: pod.terminating,
        node: pod.node.clone().unwrap_or_default(),
        version: format!("v{}", pod.revision),
        image: pod.image.clone(),
        requests_per_second: pod.requests_per_second,
        cpu_milli: pod.cpu_milli,
    }
}

pub fn cluster_view(
    deployment_name: &str,
    scenario: &EffectiveScenario,
    frame: &Frame,
) -> ClusterView {
    let nodes = scenario
        .nodes
        .iter()
        .map(|node| NodeBox {
            name: node.name.clone(),
            capacity: format!(
                "{} CPU · {}Gi{}",
                node.cpu_milli as f64 / 1000.0,
                node.memory_bytes >> 30,
                if node.gpus > 0 {
                    format!(" · {} GPU", node.gpus)
                } else {
                    String::new()
                }
            ),
            pods: frame
                .pods
                .iter()
                .filter(|p| p.node.as_deref() == Some(node.name.as_str()))
                .map(chip)
                .collect(),
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
    let autoscaler = frame.hpa.as_ref().map(|hpa| {
        let usage = match (hpa.cpu_utilization, hpa.target_utilization) {
            (Some(now), Some(target)) => format!("CPU {now}% / {target}%"),
            (None, Some(target)) => format!("CPU ? / {target}%"),
            _ => "CPU".to_string(),
        };
        format!(
            "HPA {}–{} · {usage} · {} replicas",
            hpa.min_replicas, hpa.max_replicas, hpa.desired_replicas
        )
    });
    let deployment = if frame.deployment.exists {
        format!(
            "Deployment {deployment_name} · {}/{} ready · v{} ({})",
            frame.deployment.ready,
            frame.deployment.replicas,
            frame.deployment.revision,
            frame.deployment.image
        )
    } else {
        format!("Deployment {deployment_name} · not applied yet")
    };
    ClusterView {
        time: frame.time,
        cause: frame.cause.clone(),
        nodes,
        unscheduled: frame
            .pods
            .iter()
            .filter(|p| p.node.is_none())
            .map(chip)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::analysis::analyze;
    use crate::core::samples::SEED_MANIFEST;

    #[test]
    fn the_seed_ends_with_every_pod_on_a_node_and_the_rollout_done() {
        let run = analyze(SEED_MANIFEST, None).run.expect("simulates");
        let last = run.trace.frames.last().expect("frames");
        let view = cluster_view(&run.deployment.name, &run.scenario, last);
        assert_eq!(view.nodes.len(), 3);
        assert!(view.unscheduled.is_empty());
        let pods: Vec<&PodChip> = view.nodes.iter().flat_map(|n| n.pods.iter()).collect();
        assert_eq!(pods.len(), 3);
        assert!(
            pods.iter()
                .all(|p| p.version == "v2" && p.ready && p.phase == "Running")
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
            Some("HPA 2–4 · CPU 50% / 50% · 3 replicas")
        );
    }

    #[test]
    fn pods_without_a_node_wait_apart() {
        let text = SEED_MANIFEST.replace(
            "        - containerPort: 5000\n",
            "        - containerPort: 5000\n        resources:\n          requests:\n            nvidia.com/gpu: 1\n          limits:\n            nvidia.com/gpu: 1\n",
        );
        let run = analyze(&text, None).run.expect("simulates");
        let last = run.trace.frames.last().expect("frames");
        let view = cluster_view(&run.deployment.name, &run.scenario, last);
        assert!(!view.unscheduled.is_empty());
        assert!(
            view.unscheduled
                .iter()
                .all(|p| p.phase == "Pending" && p.node.is_empty())
        );
    }
}
