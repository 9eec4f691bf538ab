//! The effective scenario: everything the simulation needs that the manifest may not say.
//!
//! With a `Scenario` document, only what it states happens (no HPA unless an HPA document is
//! given, no rollout unless `spec.rollout`). Without one, the seed lesson's story is filled in
//! around the student's Deployment (a cluster, a Service, a CPU request default, an HPA,
//! traffic that makes the HPA add pods, and a rollout to the next model version), and every
//! piece supplied is listed in [`EffectiveScenario::supplied`] so the lesson can say so.

use std::collections::BTreeMap;

mod nodes;
mod timings;

pub use timings::{GPU_IMAGE_PULL_SECONDS, GPU_MODEL_LOAD_SECONDS, Timings};

use crate::core::manifest::autoscaler::DEFAULT_CPU_UTILIZATION;
use crate::core::manifest::model::{
    CpuTarget, Deployment, HorizontalPodAutoscaler, IntOrPercent, LimitRange, Manifests,
    MetricSeries, NodeSpec, Rollout, Service, ServicePort, TrafficPoint,
};
use crate::core::manifest::names;
use crate::core::manifest::workload::image_tag;
use crate::core::pod_requests::{admitted_requests, pod_cpu_request_milli};
use crate::core::quantity::Quantity;

/// The seed used when neither the caller nor the Scenario names one.
pub const DEFAULT_SEED: u64 = 1;
/// CPU one prediction request costs, when the Scenario does not say.
pub const DEFAULT_CPU_PER_REQUEST_MILLI: i64 = 10;
/// The CPU request the default LimitRange gives containers that declare none.
pub const DEFAULT_CPU_REQUEST_MILLI: i64 = 200;
/// The utilization target of the default HPA.
pub const DEFAULT_HPA_TARGET_PERCENT: i64 = 50;
/// Seconds of steady state simulated after the last change, so "stable" is visible.
pub const SETTLE_SECONDS: u64 = 30;

/// One piece the default scenario filled in, for the lesson's "supplied" note.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Supplied {
    pub what: String,
    pub why: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EffectiveScenario {
    /// Every Deployment of the file; they all run in one cluster.
    pub deployments: Vec<Deployment>,
    /// The one the lesson follows (an index into `deployments`): the traffic goes to it,
    /// the rollout changes it, and the lesson's steps are cut on its pods.
    pub followed: usize,
    pub nodes: Vec<NodeSpec>,
    /// The Service that routes to the followed Deployment's pods, if any.
    pub service: Option<Service>,
    /// The autoscaler of the followed Deployment, if any.
    pub autoscaler: Option<HorizontalPodAutoscaler>,
    /// The file's other Services and autoscalers: simulated, but not what the lesson follows.
    pub other_services: Vec<Service>,
    pub other_autoscalers: Vec<HorizontalPodAutoscaler>,
    /// Each Deployment's kubelet and model-server durations, as `deployments`.
    pub workload_timings: Vec<Timings>,
    /// Values of custom metrics the Scenario states (a metrics adapter would serve them).
    pub metric_series: Vec<MetricSeries>,
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
    let mut effective = match &manifests.scenario {
        Some(scenario) => EffectiveScenario {
            deployments: Vec::new(),
            followed: 0,
            nodes: if scenario.nodes.is_empty() {
                manifests.nodes.clone()
            } else {
                scenario.nodes.clone()
            },
            service: routing_service(manifests, deployment),
            autoscaler: manifests.autoscaler_of(deployment).cloned(),
            other_services: Vec::new(),
            other_autoscalers: Vec::new(),
            workload_timings: Vec::new(),
            metric_series: Vec::new(),
            limit_range: manifests.limit_range.clone(),
            traffic: scenario.traffic.clone(),
            cpu_per_request_milli: scenario
                .cpu_per_request_milli
                .unwrap_or(DEFAULT_CPU_PER_REQUEST_MILLI),
            rollout: scenario.rollout.clone(),
            duration_seconds: scenario.duration_seconds,
            seed: seed.or(scenario.seed).unwrap_or(DEFAULT_SEED),
            timings: Timings::for_pods(deployment, Some(scenario)),
            // Storage and configuration are not simulated: what the pods refer to is assumed.
            supplied: nodes::assumed_references(&deployment.template.spec)
                .into_iter()
                .chain(
                    Timings::for_pods(deployment, Some(scenario))
                        .supplied()
                        // A Scenario that states both durations chose them: nothing assumed.
                        .filter(|_| {
                            scenario.image_pull_seconds.is_none()
                                || scenario.model_load_seconds.is_none()
                        }),
                )
                .collect(),
            is_default: false,
        },
        None => default_scenario(manifests, deployment, seed),
    };
    effective.deployments = manifests.deployments.clone();
    if effective.deployments.is_empty() {
        effective.deployments.push(deployment.clone());
    }
    effective.followed = effective
        .deployments
        .iter()
        .position(|d| d.name == deployment.name)
        .unwrap_or(0);
    let routing_document = effective.service.as_ref().map(|s| s.document);
    effective.other_services = manifests
        .services
        .iter()
        .filter(|service| Some(service.document) != routing_document)
        .cloned()
        .collect();
    effective.other_autoscalers = manifests
        .autoscalers
        .iter()
        .filter(|hpa| !hpa.targets(deployment))
        .cloned()
        .collect();
    let scenario = manifests.scenario.as_ref();
    effective.metric_series = scenario.map(|s| s.metrics.clone()).unwrap_or_default();
    effective.workload_timings = effective
        .deployments
        .iter()
        .map(|d| Timings::for_pods(d, scenario))
        .collect();
    effective
}

fn default_scenario(
    manifests: &Manifests,
    deployment: &Deployment,
    seed: Option<u64>,
) -> EffectiveScenario {
    let mut supplied = Vec::new();
    let timings = Timings::for_pods(deployment, None);
    supplied.extend(timings.supplied());

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

    let autoscaler = match manifests.autoscaler_of(deployment) {
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
        let followed = nodes::Demand {
            spec: &deployment.template.spec,
            pod: admitted_requests(&deployment.template, limit_range.as_ref()),
            pods: pods_needed,
        };
        let others = manifests
            .deployments
            .iter()
            .filter(|other| other.name != deployment.name)
            .map(|other| nodes::Demand {
                spec: &other.template.spec,
                pod: admitted_requests(&other.template, manifests.limit_range.as_ref()),
                pods: manifests
                    .autoscaler_of(other)
                    .map(|hpa| hpa.max_replicas)
                    .unwrap_or(0)
                    .max(other.replicas)
                    + surge_allowance(other),
            });
        let demands: Vec<nodes::Demand> = std::iter::once(followed).chain(others).collect();
        let (nodes, pools) = nodes::supply_all(&demands);
        supplied.extend(pools);
        nodes
    } else {
        manifests.nodes.clone()
    };
    supplied.extend(nodes::assumed_references(&deployment.template.spec));

    EffectiveScenario {
        deployments: Vec::new(),
        followed: 0,
        nodes,
        service,
        autoscaler,
        other_services: Vec::new(),
        other_autoscalers: Vec::new(),
        workload_timings: Vec::new(),
        metric_series: Vec::new(),
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
    manifests
        .services
        .iter()
        .find(|service| service.selects(&deployment.template.labels))
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
        publish_not_ready_addresses: false,
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
        custom_metrics: Vec::new(),
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

/// Division rounding up, for non-negative counts (`i64::div_ceil` is not stable).
pub(crate) fn ceil_div(numerator: i64, denominator: i64) -> i64 {
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
