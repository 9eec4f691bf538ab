//! The effective scenario: everything the simulation needs that the manifest may not say.
//!
//! With a `Scenario` document, only what it states happens (no HPA unless an HPA document is
//! given, no rollout unless `spec.rollout`). Without one, the seed lesson's story is filled in
//! around the student's Deployment (a cluster, a Service, a CPU request default, an HPA,
//! traffic that makes the HPA add pods, and a rollout to the next model version), and every
//! piece supplied is listed in [`EffectiveScenario::supplied`] so the lesson can say so.

use std::collections::BTreeMap;

use crate::core::manifest::autoscaler::DEFAULT_CPU_UTILIZATION;
use crate::core::manifest::cluster::{DEFAULT_MAX_PODS, GPU_RESOURCE};
use crate::core::manifest::model::{
    CpuTarget, Deployment, HorizontalPodAutoscaler, IntOrPercent, LimitRange, Manifests, NodeSpec,
    Rollout, Service, ServicePort, TrafficPoint,
};
use crate::core::manifest::names;
use crate::core::manifest::workload::image_tag;
use crate::core::pod_requests::{PodRequests, admitted_requests, pod_cpu_request_milli};
use crate::core::quantity::Quantity;

/// The seed used when neither the caller nor the Scenario names one.
pub const DEFAULT_SEED: u64 = 1;
/// CPU one prediction request costs, when the Scenario does not say.
pub const DEFAULT_CPU_PER_REQUEST_MILLI: i64 = 10;
/// The CPU request the default LimitRange gives containers that declare none.
pub const DEFAULT_CPU_REQUEST_MILLI: i64 = 200;
/// The utilization target of the default HPA.
pub const DEFAULT_HPA_TARGET_PERCENT: i64 = 50;
const DEFAULT_NODE_COUNT: usize = 3;
const DEFAULT_NODE_CPU_MILLI: i64 = 4_000;
const DEFAULT_NODE_MEMORY_BYTES: i64 = 16 * 1024 * 1024 * 1024;
/// Seconds of steady state simulated after the last change, so "stable" is visible.
pub const SETTLE_SECONDS: u64 = 30;

/// How long the simulated kubelet and model server take. Documented in README.md.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timings {
    /// A first pull of the model image onto a node.
    pub image_pull_seconds: u64,
    /// A pull with policy `Always` of an image the node already has (a registry check).
    pub image_recheck_seconds: u64,
    /// From container start until the model is loaded and predictions succeed.
    pub model_load_seconds: u64,
    /// From SIGTERM until the server has drained and exited (capped by the grace period).
    pub shutdown_seconds: u64,
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            image_pull_seconds: 5,
            image_recheck_seconds: 1,
            model_load_seconds: 10,
            shutdown_seconds: 5,
        }
    }
}

/// One piece the default scenario filled in, for the lesson's "supplied" note.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Supplied {
    pub what: String,
    pub why: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EffectiveScenario {
    pub nodes: Vec<NodeSpec>,
    /// The Service that routes to the Deployment's pods, if any.
    pub service: Option<Service>,
    pub autoscaler: Option<HorizontalPodAutoscaler>,
    pub limit_range: Option<LimitRange>,
    pub traffic: Vec<TrafficPoint>,
    pub cpu_per_request_milli: i64,
    pub rollout: Option<Rollout>,
    /// `None`: run until the cluster settles after the last scheduled change.
    pub duration_seconds: Option<u64>,
    pub seed: u64,
    pub timings: Timings,
    pub supplied: Vec<Supplied>,
    /// True when the seed lesson's defaults were used (no Scenario document).
    pub is_default: bool,
}

/// Builds the effective scenario for a Deployment and the documents around it.
pub fn effective_scenario(
    manifests: &Manifests,
    deployment: &Deployment,
    seed: Option<u64>,
) -> EffectiveScenario {
    match &manifests.scenario {
        Some(scenario) => EffectiveScenario {
            nodes: if scenario.nodes.is_empty() {
                manifests.nodes.clone()
            } else {
                scenario.nodes.clone()
            },
            service: routing_service(manifests, deployment),
            autoscaler: manifests.autoscaler.clone(),
            limit_range: manifests.limit_range.clone(),
            traffic: scenario.traffic.clone(),
            cpu_per_request_milli: scenario
                .cpu_per_request_milli
                .unwrap_or(DEFAULT_CPU_PER_REQUEST_MILLI),
            rollout: scenario.rollout.clone(),
            duration_seconds: scenario.duration_seconds,
            seed: seed.or(scenario.seed).unwrap_or(DEFAULT_SEED),
            timings: Timings::default(),
            supplied: Vec::new(),
            is_default: false,
        },
        None => default_scenario(manifests, deployment, seed),
    }
}

fn default_scenario(
    manifests: &Manifests,
    deployment: &Deployment,
    seed: Option<u64>,
) -> EffectiveScenario {
    let mut supplied = Vec::new();
    let timings = Timings::default();

    let limit_range = match &manifests.limit_range {
        Some(limit_range) => Some(limit_range.clone()),
        None if any_container_lacks_cpu(deployment) => {
            supplied.push(Supplied {
                what: format!("a LimitRange giving containers without one a CPU request of {DEFAULT_CPU_REQUEST_MILLI}m"),
                why: "the autoscaler measures CPU as a percentage of the request; without a request it cannot scale".to_string(),
            });
            Some(LimitRange {
                document: usize::MAX,
                name: "cpu-defaults".to_string(),
                default_request: BTreeMap::from([(
                    "cpu".to_string(),
                    Quantity::from_milli(DEFAULT_CPU_REQUEST_MILLI),
                )]),
                default_limit: BTreeMap::new(),
            })
        }
        None => None,
    };

    let service = routing_service(manifests, deployment).or_else(|| {
        let service = default_service(deployment);
        let port = &service.ports[0];
        supplied.push(Supplied {
            what: format!(
                "a Service \"{}\" on port {} forwarding to container port {}",
                service.name, port.port, port.target_port
            ),
            why: "prediction requests reach pods through a Service".to_string(),
        });
        Some(service)
    });

    let autoscaler = match &manifests.autoscaler {
        Some(autoscaler) => Some(autoscaler.clone()),
        None => {
            let autoscaler = default_autoscaler(deployment);
            supplied.push(Supplied {
                what: format!(
                    "a HorizontalPodAutoscaler keeping {} to {} replicas at {}% CPU",
                    autoscaler.min_replicas, autoscaler.max_replicas, DEFAULT_HPA_TARGET_PERCENT
                ),
                why: "the lesson shows pods scaled on CPU usage".to_string(),
            });
            Some(autoscaler)
        }
    };

    let cpu_request = pod_cpu_request_milli(deployment, limit_range.as_ref());
    let traffic_at = traffic_start_seconds(deployment, &timings);
    let traffic = default_traffic(deployment, autoscaler.as_ref(), cpu_request, traffic_at);
    if let Some(point) = traffic.first() {
        supplied.push(Supplied {
            what: format!(
                "{} prediction requests per second from {}s, each costing {}m of CPU",
                point.requests_per_second, point.at_seconds, DEFAULT_CPU_PER_REQUEST_MILLI
            ),
            why: "load is what makes the autoscaler add pods".to_string(),
        });
    }

    let rollout = deployment.main_container().map(|container| Rollout {
        at_seconds: traffic_at + 90,
        image: next_model_version(&container.image),
    });
    if let Some(rollout) = &rollout {
        supplied.push(Supplied {
            what: format!(
                "a rollout to image \"{}\" at {}s",
                rollout.image, rollout.at_seconds
            ),
            why: "the lesson shows a rolling update to a new model version".to_string(),
        });
    }

    let pods_needed = autoscaler
        .as_ref()
        .map(|a| a.max_replicas)
        .unwrap_or(deployment.replicas)
        .max(deployment.replicas)
        + surge_allowance(deployment);
    let nodes = if manifests.nodes.is_empty() {
        let pod = admitted_requests(&deployment.template, limit_range.as_ref());
        let size = node_size_for(&pod);
        let nodes = default_nodes(pods_needed, &pod, size);
        supplied.push(Supplied {
            what: format!(
                "a cluster of {} nodes with {} CPU and {}Gi memory each",
                nodes.len(),
                size.cpu_milli / 1000,
                size.memory_bytes >> 30
            ),
            why: if pod.gpus > 0 {
                format!(
                    "pods need nodes to run on; these nodes have no {GPU_RESOURCE}, so pods that request it stay Pending"
                )
            } else if size.fits(&pod) {
                "pods need nodes to run on; each node is large enough for one pod".to_string()
            } else {
                format!(
                    "pods need nodes to run on; no node size offered here ({} CPU, {}Gi at most) fits one pod, so the pods stay Pending",
                    size.cpu_milli / 1000,
                    size.memory_bytes >> 30
                )
            },
        });
        nodes
    } else {
        manifests.nodes.clone()
    };

    EffectiveScenario {
        nodes,
        service,
        autoscaler,
        limit_range,
        traffic,
        cpu_per_request_milli: DEFAULT_CPU_PER_REQUEST_MILLI,
        rollout,
        duration_seconds: None,
        seed: seed.unwrap_or(DEFAULT_SEED),
        timings,
        supplied,
        is_default: true,
    }
}

fn any_container_lacks_cpu(deployment: &Deployment) -> bool {
    deployment.template.spec.containers.iter().any(|c| {
        !c.resources.requests.contains_key("cpu") && !c.resources.limits.contains_key("cpu")
    })
}

/// The Service whose selector picks the Deployment's pods, or else the first one written.
fn routing_service(manifests: &Manifests, deployment: &Deployment) -> Option<Service> {
    let selects = |service: &&Service| {
        !service.selector.is_empty()
            && service
                .selector
                .iter()
                .all(|(k, v)| deployment.template.labels.get(k) == Some(v))
    };
    manifests
        .services
        .iter()
        .find(selects)
        .or_else(|| manifests.services.first())
        .cloned()
}

fn default_service(deployment: &Deployment) -> Service {
    let target = deployment
        .main_container()
        .and_then(|c| c.ports.first())
        .map(|p| p.container_port)
        .unwrap_or(80);
    let name = if names::dns1035_label(&deployment.name).is_empty() {
        deployment.name.clone()
    } else {
        "model".to_string()
    };
    Service {
        document: usize::MAX,
        name,
        service_type: "ClusterIP".to_string(),
        selector: deployment.selector.match_labels.clone(),
        ports: vec![ServicePort {
            name: None,
            port: 80,
            target_port: IntOrPercent::Int(target),
            protocol: "TCP".to_string(),
        }],
    }
}

fn default_autoscaler(deployment: &Deployment) -> HorizontalPodAutoscaler {
    let min_replicas = deployment.replicas.max(1);
    HorizontalPodAutoscaler {
        document: usize::MAX,
        name: deployment.name.clone(),
        target_kind: "Deployment".to_string(),
        target_name: deployment.name.clone(),
        min_replicas,
        max_replicas: (min_replicas * 2).max(min_replicas + 1),
        cpu_target: Some(CpuTarget::Utilization(DEFAULT_HPA_TARGET_PERCENT)),
        behavior: None,
    }
}

/// Traffic starts once the first pods should be serving: pull, model load, and a margin.
/// It starts between two autoscaler syncs (5 s past one), as load arrives in a real cluster.
fn traffic_start_seconds(deployment: &Deployment, timings: &Timings) -> u64 {
    let probe_delay = deployment
        .main_container()
        .and_then(|c| c.readiness_probe.as_ref())
        .map(|probe| (probe.initial_delay_seconds + probe.period_seconds).max(0) as u64)
        .unwrap_or(0);
    let ready_by = timings.image_pull_seconds + timings.model_load_seconds.max(probe_delay);
    (ready_by + 15).max(30).div_ceil(15) * 15 + 5
}

/// Requests per second that push the autoscaler one step above the starting replicas: at
/// least one more pod, or 20 % more, whichever is larger (10 % is within its tolerance).
fn default_traffic(
    deployment: &Deployment,
    autoscaler: Option<&HorizontalPodAutoscaler>,
    cpu_request_milli: i64,
    at_seconds: u64,
) -> Vec<TrafficPoint> {
    let Some(autoscaler) = autoscaler else {
        return vec![TrafficPoint {
            at_seconds,
            requests_per_second: 10 * deployment.replicas.max(1),
        }];
    };
    let starting = deployment.replicas.clamp(
        autoscaler.min_replicas,
        autoscaler.max_replicas.max(autoscaler.min_replicas),
    );
    let goal = (starting + 1)
        .max(ceil_div(starting * 6, 5))
        .min(autoscaler.max_replicas.max(starting));
    let target_milli_per_pod = match autoscaler.cpu_target {
        Some(CpuTarget::Utilization(percent)) => cpu_request_milli * percent / 100,
        Some(CpuTarget::AverageValueMilli(milli)) => milli,
        None => cpu_request_milli * DEFAULT_CPU_UTILIZATION / 100,
    };
    let requests_per_pod = (target_milli_per_pod / DEFAULT_CPU_PER_REQUEST_MILLI).max(1);
    vec![TrafficPoint {
        at_seconds,
        requests_per_second: requests_per_pod * goal.max(1),
    }]
}

fn surge_allowance(deployment: &Deployment) -> i64 {
    match &deployment.strategy.max_surge {
        Some(IntOrPercent::Int(n)) => (*n).max(0),
        Some(IntOrPercent::Str(text)) => {
            let percent: i64 = text.trim_end_matches('%').parse().unwrap_or(25);
            ceil_div(deployment.replicas * 2 * percent, 100) + 1
        }
        None => 1,
    }
}

/// A machine size of the supplied cluster: CPU and memory per node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct NodeSize {
    cpu_milli: i64,
    memory_bytes: i64,
}

impl NodeSize {
    /// Whether one pod fits on an empty node of this size.
    fn fits(&self, pod: &PodRequests) -> bool {
        pod.cpu_milli_for_fit <= self.cpu_milli && pod.memory_bytes <= self.memory_bytes
    }

    /// How many such pods a node holds at 80 % of its CPU and memory, at least one when
    /// one fits at all.
    fn pods_per_node(&self, pod: &PodRequests) -> i64 {
        let by = |capacity: i64, request: i64| {
            if request > 0 {
                (capacity * 8 / 10 / request).max(1)
            } else {
                DEFAULT_MAX_PODS
            }
        };
        by(self.cpu_milli, pod.cpu_milli_for_fit)
            .min(by(self.memory_bytes, pod.memory_bytes))
            .min(DEFAULT_MAX_PODS)
    }
}

/// The machine sizes the supplied cluster picks from, smallest first (4 CPU and 16Gi, as
/// the seed lesson's nodes, up to a large 96-CPU machine).
const NODE_SIZES: [NodeSize; 6] = [
    NodeSize {
        cpu_milli: DEFAULT_NODE_CPU_MILLI,
        memory_bytes: DEFAULT_NODE_MEMORY_BYTES,
    },
    NodeSize {
        cpu_milli: 8_000,
        memory_bytes: 32 << 30,
    },
    NodeSize {
        cpu_milli: 16_000,
        memory_bytes: 64 << 30,
    },
    NodeSize {
        cpu_milli: 32_000,
        memory_bytes: 128 << 30,
    },
    NodeSize {
        cpu_milli: 64_000,
        memory_bytes: 256 << 30,
    },
    NodeSize {
        cpu_milli: 96_000,
        memory_bytes: 384 << 30,
    },
];

/// The smallest size that holds one pod, or the largest when none does.
fn node_size_for(pod: &PodRequests) -> NodeSize {
    NODE_SIZES
        .iter()
        .copied()
        .find(|size| size.fits(pod))
        .unwrap_or(NODE_SIZES[NODE_SIZES.len() - 1])
}

/// Enough nodes of `size` for every pod at 80 % of capacity, but never fewer than three; a
/// pod that fits no size gets three nodes, not more empty ones.
fn default_nodes(pods_needed: i64, pod: &PodRequests, size: NodeSize) -> Vec<NodeSpec> {
    let wanted = if size.fits(pod) {
        ceil_div(pods_needed, size.pods_per_node(pod))
    } else {
        0
    };
    let count = (wanted as usize).clamp(DEFAULT_NODE_COUNT, crate::core::limits::MAX_NODES);
    (1..=count)
        .map(|index| NodeSpec {
            name: format!("node-{index}"),
            cpu_milli: size.cpu_milli,
            memory_bytes: size.memory_bytes,
            gpus: 0,
            max_pods: DEFAULT_MAX_PODS,
            labels: BTreeMap::from([(
                "kubernetes.io/hostname".to_string(),
                format!("node-{index}"),
            )]),
            taints: Vec::new(),
            unschedulable: false,
        })
        .collect()
}

/// Division rounding up, for non-negative counts (`i64::div_ceil` is not stable).
fn ceil_div(numerator: i64, denominator: i64) -> i64 {
    if denominator <= 0 {
        return 0;
    }
    (numerator.max(0) + denominator - 1) / denominator
}

/// The next model version's image: a numbered tag counts up (`v1` → `v2`, `1.4` → `1.5`),
/// anything else (`latest`, no tag) becomes `v2`, the version after the first.
pub fn next_model_version(image: &str) -> String {
    let tag = image_tag(image);
    let repository = match tag {
        Some(tag) => &image[..image.len() - tag.len() - 1],
        None => image,
    };
    let next_tag = tag
        .and_then(bump_trailing_number)
        .unwrap_or_else(|| "v2".to_string());
    format!("{repository}:{next_tag}")
}

fn bump_trailing_number(tag: &str) -> Option<String> {
    let digits_start = tag.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits_start == tag.len() {
        return None;
    }
    let number: u64 = tag[digits_start..].parse().ok()?;
    Some(format!(
        "{}{}",
        &tag[..digits_start],
        number.checked_add(1)?
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_versions() {
        assert_eq!(next_model_version("mlmodel:latest"), "mlmodel:v2");
        assert_eq!(next_model_version("mlmodel"), "mlmodel:v2");
        assert_eq!(
            next_model_version("registry:5000/team/model:v3"),
            "registry:5000/team/model:v4"
        );
        assert_eq!(next_model_version("model:1.4"), "model:1.5");
    }
}
