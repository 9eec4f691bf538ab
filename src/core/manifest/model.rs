//! The typed objects the simulation reads: the subset of Kubernetes' API that changes what
//! happens in the lesson, already defaulted as the API server would store it (§1 of the
//! semantics reference).

use std::collections::BTreeMap;

pub use super::pod_needs::{NodeSelectorRequirement, NodeSelectorTerm, PodReferences};

use crate::core::quantity::Quantity;

/// An `intstr.IntOrString`, as written (`1`, `"25%"`), resolved later by the rollout math.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IntOrPercent {
    Int(i64),
    Str(String),
}

impl std::fmt::Display for IntOrPercent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntOrPercent::Int(number) => write!(f, "{number}"),
            IntOrPercent::Str(text) => write!(f, "{text}"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum StrategyKind {
    RollingUpdate,
    Recreate,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Strategy {
    pub kind: StrategyKind,
    /// `None` for Recreate (the defaulter only fills these for RollingUpdate).
    pub max_surge: Option<IntOrPercent>,
    pub max_unavailable: Option<IntOrPercent>,
}

/// A label selector requirement (`matchExpressions`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    pub key: String,
    pub operator: String,
    pub values: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelSelector {
    pub match_labels: BTreeMap<String, String>,
    pub match_expressions: Vec<Requirement>,
}

impl LabelSelector {
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }

    /// Whether `labels` satisfy every term (`labels.Selector.Matches`).
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        let labels_match = self
            .match_labels
            .iter()
            .all(|(key, value)| labels.get(key) == Some(value));
        labels_match
            && self.match_expressions.iter().all(|requirement| {
                let present = labels.get(&requirement.key);
                match requirement.operator.as_str() {
                    "In" => present.is_some_and(|v| requirement.values.contains(v)),
                    "NotIn" => present.is_none_or(|v| !requirement.values.contains(v)),
                    "Exists" => present.is_some(),
                    "DoesNotExist" => present.is_none(),
                    _ => false,
                }
            })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerPort {
    pub name: Option<String>,
    pub container_port: i64,
    pub protocol: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Probe {
    pub initial_delay_seconds: i64,
    pub period_seconds: i64,
    pub timeout_seconds: i64,
    pub success_threshold: i64,
    pub failure_threshold: i64,
}

impl Default for Probe {
    /// `SetDefaults_Probe`.
    fn default() -> Self {
        Probe {
            initial_delay_seconds: 0,
            period_seconds: 10,
            timeout_seconds: 1,
            success_threshold: 1,
            failure_threshold: 3,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resources {
    pub requests: BTreeMap<String, Quantity>,
    pub limits: BTreeMap<String, Quantity>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Container {
    pub name: String,
    pub image: String,
    /// Defaulted: `Always` for `:latest` or no tag, else `IfNotPresent`.
    pub image_pull_policy: String,
    pub ports: Vec<ContainerPort>,
    pub resources: Resources,
    pub readiness_probe: Option<Probe>,
    /// Holds the readiness probe back until it succeeds (the model has loaded).
    pub startup_probe: Option<Probe>,
    /// Restarts the container when it fails `failureThreshold` times in a row.
    pub liveness_probe: Option<Probe>,
    /// `Always` on an init container makes it a native sidecar: it starts first and keeps
    /// running beside the app containers.
    pub restart_policy: Option<String>,
    /// Seconds the `preStop` hook takes when it is a sleep (`sleep.seconds`, or an exec of
    /// `sleep N`): the kubelet runs it before sending SIGTERM.
    pub pre_stop_seconds: Option<u64>,
}

impl Container {
    pub fn is_sidecar(&self) -> bool {
        self.restart_policy.as_deref() == Some("Always")
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toleration {
    pub key: String,
    pub operator: String,
    pub value: String,
    pub effect: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodSpec {
    pub containers: Vec<Container>,
    pub init_containers: Vec<Container>,
    pub node_selector: BTreeMap<String, String>,
    /// Required node affinity: a node must match one of the terms (§5).
    pub required_node_terms: Vec<NodeSelectorTerm>,
    pub tolerations: Vec<Toleration>,
    /// Claims, Secrets and ConfigMaps the pod needs to exist.
    pub references: PodReferences,
    pub termination_grace_period_seconds: i64,
    pub restart_policy: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodTemplate {
    pub labels: BTreeMap<String, String>,
    pub spec: PodSpec,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deployment {
    pub document: usize,
    pub name: String,
    pub namespace: String,
    /// Defaulted to 1 when not written.
    pub replicas: i64,
    pub selector: LabelSelector,
    pub template: PodTemplate,
    pub strategy: Strategy,
    pub min_ready_seconds: i64,
    pub revision_history_limit: i64,
    pub progress_deadline_seconds: i64,
    pub paused: bool,
}

impl Deployment {
    /// The first container: the model server, in the lessons we teach.
    pub fn main_container(&self) -> Option<&Container> {
        self.template.spec.containers.first()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServicePort {
    pub name: Option<String>,
    pub port: i64,
    pub target_port: IntOrPercent,
    pub protocol: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    pub document: usize,
    pub name: String,
    pub service_type: String,
    pub selector: BTreeMap<String, String>,
    pub ports: Vec<ServicePort>,
    /// `publishNotReadyAddresses`: pods are endpoints as soon as they have an address,
    /// ready or not.
    pub publish_not_ready_addresses: bool,
}

/// Where a metric other than a resource comes from: a metrics adapter serving the custom
/// metrics API (`Pods`, `Object`) or the external metrics API (`External`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetricSource {
    Pods,
    Object,
    External,
}

/// A `Pods`, `Object` or `External` metric of an autoscaler.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomMetric {
    pub source: MetricSource,
    /// `metric.name`, e.g. `DCGM_FI_DEV_GPU_UTIL` or `queue_length`.
    pub name: String,
    /// For `Object`: the described object's kind and name.
    pub described: Option<(String, String)>,
    /// `target`, in milli-units.
    pub target: Option<CustomTarget>,
}

/// A custom metric's target, in milli-units of the metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CustomTarget {
    /// `value`: the metric as a whole (Object, External).
    Value(i64),
    /// `averageValue`: per pod.
    AverageValue(i64),
}

/// A metric's values over time, as a Scenario states them for a metrics adapter to serve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricSeries {
    pub name: String,
    /// `(at seconds, value in milli-units)`, in time order.
    pub points: Vec<(u64, i64)>,
}

impl MetricSeries {
    /// The value at a moment: the last point at or before it.
    pub fn at(&self, seconds: u64) -> Option<i64> {
        self.points
            .iter()
            .rev()
            .find(|(at, _)| *at <= seconds)
            .map(|(_, value)| *value)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CpuTarget {
    /// `averageUtilization`, a whole percent of the pods' CPU requests.
    Utilization(i64),
    /// `averageValue`, CPU per pod in millicores.
    AverageValueMilli(i64),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyKind {
    Pods,
    Percent,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScalingPolicy {
    pub kind: PolicyKind,
    pub value: i64,
    pub period_seconds: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SelectPolicy {
    Max,
    Min,
    Disabled,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScalingRules {
    pub stabilization_window_seconds: i64,
    pub select_policy: SelectPolicy,
    pub policies: Vec<ScalingPolicy>,
}

/// HPA `behavior`, with missing parts filled as `SetDefaults_HorizontalPodAutoscaler` does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Behavior {
    pub scale_up: ScalingRules,
    pub scale_down: ScalingRules,
}

impl ScalingRules {
    /// Scale-up defaults (§1, `GenerateHPAScaleUpRules`): no window, Max of 4 pods or 100 %
    /// per 15 s.
    pub fn default_scale_up() -> ScalingRules {
        ScalingRules {
            stabilization_window_seconds: 0,
            select_policy: SelectPolicy::Max,
            policies: vec![
                ScalingPolicy {
                    kind: PolicyKind::Pods,
                    value: 4,
                    period_seconds: 15,
                },
                ScalingPolicy {
                    kind: PolicyKind::Percent,
                    value: 100,
                    period_seconds: 15,
                },
            ],
        }
    }

    /// Scale-down defaults (§1, `GenerateHPAScaleDownRules`): the controller's 300 s window
    /// and Max of 100 % per 15 s.
    pub fn default_scale_down() -> ScalingRules {
        ScalingRules {
            stabilization_window_seconds: DEFAULT_DOWNSCALE_STABILIZATION_SECONDS,
            select_policy: SelectPolicy::Max,
            policies: vec![ScalingPolicy {
                kind: PolicyKind::Percent,
                value: 100,
                period_seconds: 15,
            }],
        }
    }
}

impl Behavior {
    /// What the API server fills in for an empty `behavior: {}` (§1).
    pub fn default_rules() -> Behavior {
        Behavior {
            scale_up: ScalingRules::default_scale_up(),
            scale_down: ScalingRules::default_scale_down(),
        }
    }
}

/// The controller's `--horizontal-pod-autoscaler-downscale-stabilization` default, in seconds.
pub const DEFAULT_DOWNSCALE_STABILIZATION_SECONDS: i64 = 300;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HorizontalPodAutoscaler {
    pub document: usize,
    pub name: String,
    pub target_kind: String,
    pub target_name: String,
    pub min_replicas: i64,
    pub max_replicas: i64,
    /// Defaulted to 80 % utilization when `metrics` is empty.
    pub cpu_target: Option<CpuTarget>,
    /// Its `Pods`, `Object` and `External` metrics, in order.
    pub custom_metrics: Vec<CustomMetric>,
    /// `None` when omitted: the controller then uses its legacy limits (§4 step 8).
    pub behavior: Option<Behavior>,
}

impl HorizontalPodAutoscaler {
    /// Whether `scaleTargetRef` names this Deployment: the one definition the lint, the
    /// controller and the lesson share.
    pub fn targets(&self, deployment: &Deployment) -> bool {
        self.target_kind == "Deployment" && self.target_name == deployment.name
    }
}

/// The `Container` item of a LimitRange: defaults the admission plugin fills into pods.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LimitRange {
    pub document: usize,
    pub name: String,
    pub default_request: BTreeMap<String, Quantity>,
    pub default_limit: BTreeMap<String, Quantity>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Taint {
    pub key: String,
    pub value: String,
    pub effect: String,
}

/// A node of the simulated cluster, from a `v1 Node` document or a Scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeSpec {
    pub name: String,
    pub cpu_milli: i64,
    pub memory_bytes: i64,
    /// `ephemeral-storage` allocatable, in bytes (0: not stated, not checked).
    pub ephemeral_storage_bytes: i64,
    /// Extended resources (`nvidia.com/gpu`, `amd.com/gpu`, ...) and their allocatable counts.
    pub extended: BTreeMap<String, i64>,
    pub max_pods: i64,
    pub labels: BTreeMap<String, String>,
    pub taints: Vec<Taint>,
    pub unschedulable: bool,
}

impl NodeSpec {
    /// The node's allocatable count of an extended resource (0 when it has none).
    pub fn extended(&self, resource: &str) -> i64 {
        self.extended.get(resource).copied().unwrap_or(0)
    }
}

/// Whether the scheduler counts a resource name as an extended resource: one in a domain
/// other than `kubernetes.io` (`nvidia.com/gpu`, `amd.com/gpu`), as `IsExtendedResourceName`.
pub fn is_extended_resource(name: &str) -> bool {
    name.contains('/')
        && !name.starts_with("kubernetes.io/")
        && !name.starts_with("requests.")
        && !name.starts_with("hugepages-")
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrafficPoint {
    pub at_seconds: u64,
    pub requests_per_second: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rollout {
    pub at_seconds: u64,
    pub image: String,
}

/// Our own `kubestep.dev/v1alpha1 Scenario`: what a Deployment alone does not say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    pub document: usize,
    pub nodes: Vec<NodeSpec>,
    pub traffic: Vec<TrafficPoint>,
    pub cpu_per_request_milli: Option<i64>,
    pub rollout: Option<Rollout>,
    pub duration_seconds: Option<u64>,
    pub seed: Option<u64>,
    /// `imagePull`: seconds a first pull of the model image takes.
    pub image_pull_seconds: Option<u64>,
    /// `modelLoad`: seconds from container start until the model serves.
    pub model_load_seconds: Option<u64>,
    /// `initContainer`: seconds each init container runs.
    pub init_container_seconds: Option<u64>,
    /// `metrics`: values a metrics adapter serves for the autoscalers' custom metrics.
    pub metrics: Vec<MetricSeries>,
}

impl Manifests {
    /// The Deployment a lesson follows: the one named, else the first model server (the
    /// first that asks for a GPU or another accelerator), else the first.
    pub fn followed(&self, name: Option<&str>) -> Option<&Deployment> {
        if let Some(name) = name {
            return self.deployments.iter().find(|d| d.name == name);
        }
        let accelerated = |deployment: &&Deployment| {
            deployment.template.spec.containers.iter().any(|c| {
                c.resources
                    .requests
                    .keys()
                    .chain(c.resources.limits.keys())
                    .any(|resource| is_extended_resource(resource))
            })
        };
        self.deployments
            .iter()
            .find(accelerated)
            .or_else(|| self.deployments.first())
    }

    /// The autoscaler whose `scaleTargetRef` names this Deployment.
    pub fn autoscaler_of(&self, deployment: &Deployment) -> Option<&HorizontalPodAutoscaler> {
        self.autoscalers.iter().find(|hpa| hpa.targets(deployment))
    }
}

/// Everything the stream described, by kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Manifests {
    /// Every Deployment of the file, in document order; the simulation runs them all.
    pub deployments: Vec<Deployment>,
    pub services: Vec<Service>,
    pub autoscalers: Vec<HorizontalPodAutoscaler>,
    pub limit_range: Option<LimitRange>,
    pub nodes: Vec<NodeSpec>,
    pub scenario: Option<Scenario>,
}
