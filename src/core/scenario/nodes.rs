//! The cluster the lesson supplies when the manifest names no nodes: nodes that fit the pod it
//! runs. A node size holds the largest pod's CPU, memory and ephemeral storage (bigger nodes,
//! not more empty small ones); pods that request GPUs or other extended resources get nodes
//! with enough of them; nodes carry the labels the pods select (`nodeSelector`, required node
//! affinity) and the GPU taint the pods tolerate, as GPU pools are run. Each choice is said to
//! the student in the returned [`Supplied`] line.

use std::collections::BTreeMap;

use super::{Supplied, ceil_div};
use crate::core::manifest::cluster::{AMD_GPU_RESOURCE, DEFAULT_MAX_PODS, GPU_RESOURCE};
use crate::core::manifest::model::{NodeSpec, PodSpec, Taint};
use crate::core::order;
use crate::core::pod_requests::PodRequests;

/// The fewest nodes the supplied cluster has, as in the seed lesson.
const MIN_NODES: usize = 3;

/// A machine size: CPU and memory per node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct NodeSize {
    cpu_milli: i64,
    memory_bytes: i64,
}

/// The sizes the supplied cluster picks from, smallest first: 4 CPU and 16Gi as the seed
/// lesson's nodes, up to a 96-CPU, 768Gi machine such as GPU servers are.
const NODE_SIZES: [NodeSize; 7] = [
    NodeSize {
        cpu_milli: 4_000,
        memory_bytes: 16 << 30,
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
        cpu_milli: 48_000,
        memory_bytes: 192 << 30,
    },
    NodeSize {
        cpu_milli: 64_000,
        memory_bytes: 256 << 30,
    },
    NodeSize {
        cpu_milli: 96_000,
        memory_bytes: 768 << 30,
    },
];

/// GPUs per node on the machines GPU pools use.
const GPUS_PER_NODE: [i64; 4] = [1, 2, 4, 8];

impl NodeSize {
    fn fits(&self, pod: &PodRequests) -> bool {
        pod.cpu_milli_for_fit <= self.cpu_milli && pod.memory_bytes <= self.memory_bytes
    }
}

/// How many such pods fit on one node at 80 % of its CPU and memory (at least one), and
/// within its extended resources and the kubelet's pod limit.
fn pods_per_node(size: NodeSize, extended: &BTreeMap<String, i64>, pod: &PodRequests) -> i64 {
    let by = |capacity: i64, request: i64| {
        if request > 0 {
            (capacity * 8 / 10 / request).max(1)
        } else {
            DEFAULT_MAX_PODS
        }
    };
    let by_extended = pod
        .extended
        .iter()
        .map(|(resource, &units)| extended.get(resource).copied().unwrap_or(0) / units.max(1))
        .min()
        .unwrap_or(DEFAULT_MAX_PODS);
    by(size.cpu_milli, pod.cpu_milli_for_fit)
        .min(by(size.memory_bytes, pod.memory_bytes))
        .min(by_extended.max(1))
        .min(DEFAULT_MAX_PODS)
}

/// What one Deployment asks of the cluster: its pod spec, one pod's requests, and how many
/// pods may run at once (replicas, the autoscaler's maximum, the rollout's surge).
pub struct Demand<'a> {
    pub spec: &'a PodSpec,
    pub pod: PodRequests,
    pub pods: i64,
}

impl Demand<'_> {
    /// A pod that any node will do for: no accelerator, no label asked.
    fn is_plain(&self) -> bool {
        self.pod.extended.is_empty()
            && self.spec.node_selector.is_empty()
            && self.spec.required_node_terms.is_empty()
    }
}

/// Nodes for every Deployment: one pool shared by the pods that need nothing special, sized
/// for the largest of them, and one pool per Deployment that needs accelerators or labels.
/// The first demand is the followed Deployment's; its pool grows until the cluster has
/// three nodes, as the seed lesson's has.
pub fn supply_all(demands: &[Demand]) -> (Vec<NodeSpec>, Vec<Supplied>) {
    let mut pools: Vec<(usize, PoolPlan)> = Vec::new();
    let plain: Vec<&Demand> = demands.iter().filter(|d| d.is_plain()).collect();
    if let Some(first) = plain.first() {
        let largest = PodRequests {
            cpu_milli_for_fit: plain
                .iter()
                .map(|d| d.pod.cpu_milli_for_fit)
                .max()
                .unwrap_or(0),
            memory_bytes: plain.iter().map(|d| d.pod.memory_bytes).max().unwrap_or(0),
            ephemeral_storage_bytes: plain
                .iter()
                .map(|d| d.pod.ephemeral_storage_bytes)
                .max()
                .unwrap_or(0),
            ..PodRequests::default()
        };
        let mut plan = PoolPlan::new(first.spec, &largest);
        plan.count = plain.iter().map(|d| plan.nodes_for(&d.pod, d.pods)).sum();
        let order = demands.iter().position(|d| d.is_plain()).unwrap_or(0);
        pools.push((order, plan));
    }
    for (order, demand) in demands.iter().enumerate().filter(|(_, d)| !d.is_plain()) {
        let mut plan = PoolPlan::new(demand.spec, &demand.pod);
        plan.count = plan.nodes_for(&demand.pod, demand.pods);
        pools.push((order, plan));
    }
    order::sort_by_key(&mut pools, |&(rank, _)| (rank as u64, 0));
    let total: usize = pools.iter().map(|(_, plan)| plan.count).sum();
    if let Some((_, first)) = pools.first_mut() {
        first.count = first.count.max(1) + MIN_NODES.saturating_sub(total.max(1));
        if total == 0 {
            first.count = MIN_NODES;
        }
    }
    let mut nodes = Vec::new();
    let mut supplied = Vec::new();
    for (_, plan) in &pools {
        let count = plan
            .count
            .min(crate::core::limits::MAX_NODES.saturating_sub(nodes.len()));
        for _ in 0..count {
            let name = format!("node-{}", nodes.len() + 1);
            nodes.push(plan.node(name));
        }
        supplied.push(plan.describe(count));
    }
    (nodes, supplied)
}

/// One pool of identical nodes.
struct PoolPlan {
    size: NodeSize,
    extended: BTreeMap<String, i64>,
    labels: BTreeMap<String, String>,
    taints: Vec<Taint>,
    ephemeral_storage_bytes: i64,
    fits: bool,
    count: usize,
}

impl PoolPlan {
    /// Nodes sized, equipped, labelled and tainted for pods like `pod` of `spec`.
    fn new(spec: &PodSpec, pod: &PodRequests) -> PoolPlan {
        let size = NODE_SIZES
            .iter()
            .copied()
            .find(|size| size.fits(pod))
            .unwrap_or(NODE_SIZES[NODE_SIZES.len() - 1]);
        let extended: BTreeMap<String, i64> =
            order::btree_of(pod.extended.iter().map(|(resource, &units)| {
                let per_node = GPUS_PER_NODE
                    .iter()
                    .copied()
                    .find(|&count| count >= units)
                    .unwrap_or(units);
                (resource.clone(), per_node)
            }));
        let ephemeral_storage_bytes = if pod.ephemeral_storage_bytes > 0 {
            // Room for the pods the node holds, in 100Gi steps.
            let per_node = pod.ephemeral_storage_bytes * pods_per_node(size, &extended, pod);
            ceil_div(per_node, 100 << 30) * (100 << 30)
        } else {
            0
        };
        PoolPlan {
            fits: size.fits(pod),
            size,
            labels: selected_labels(spec, pod),
            taints: tolerated_gpu_taints(spec, pod),
            extended,
            ephemeral_storage_bytes,
            count: 0,
        }
    }

    /// Nodes that `pods` pods like `pod` need here (none when no node of the size fits one).
    fn nodes_for(&self, pod: &PodRequests, pods: i64) -> usize {
        if !self.fits {
            return 0;
        }
        ceil_div(pods, pods_per_node(self.size, &self.extended, pod)) as usize
    }

    fn node(&self, name: String) -> NodeSpec {
        let mut labels = self.labels.clone();
        labels.insert("kubernetes.io/hostname".to_string(), name.clone());
        NodeSpec {
            name,
            cpu_milli: self.size.cpu_milli,
            memory_bytes: self.size.memory_bytes,
            ephemeral_storage_bytes: self.ephemeral_storage_bytes,
            extended: self.extended.clone(),
            max_pods: DEFAULT_MAX_PODS,
            labels,
            taints: self.taints.clone(),
            unschedulable: false,
        }
    }

    fn describe(&self, count: usize) -> Supplied {
        describe(
            count,
            self.size,
            &self.extended,
            &self.labels,
            &self.taints,
            self.fits,
        )
    }
}

/// The labels the pod asks for: its `nodeSelector`, a value meeting each requirement of its
/// first required node-affinity term, and the GPU operator's `present` label on GPU nodes.
fn selected_labels(spec: &PodSpec, pod: &PodRequests) -> BTreeMap<String, String> {
    let mut labels = BTreeMap::new();
    if pod.extended(GPU_RESOURCE) > 0 {
        labels.insert("nvidia.com/gpu.present".to_string(), "true".to_string());
    }
    labels.extend(spec.node_selector.clone());
    if let Some(term) = spec.required_node_terms.first() {
        for requirement in term {
            if let Some(value) = requirement.satisfying_value() {
                labels.insert(requirement.key.clone(), value);
            }
        }
    }
    labels
}

/// GPU pools are tainted so that only pods that ask for GPUs land there: the nodes carry
/// each GPU taint the pod tolerates (`nvidia.com/gpu`, `amd.com/gpu`), no other.
fn tolerated_gpu_taints(spec: &PodSpec, pod: &PodRequests) -> Vec<Taint> {
    if pod.extended.is_empty() {
        return Vec::new();
    }
    let mut taints: Vec<Taint> = Vec::new();
    for toleration in &spec.tolerations {
        let gpu_key = toleration.key == GPU_RESOURCE || toleration.key == AMD_GPU_RESOURCE;
        let schedules = toleration.effect.is_empty() || toleration.effect == "NoSchedule";
        if !gpu_key || !schedules || taints.iter().any(|t| t.key == toleration.key) {
            continue;
        }
        taints.push(Taint {
            key: toleration.key.clone(),
            value: if toleration.operator == "Exists" {
                "present".to_string()
            } else {
                toleration.value.clone()
            },
            effect: "NoSchedule".to_string(),
        });
    }
    taints
}

fn describe(
    count: usize,
    size: NodeSize,
    extended: &BTreeMap<String, i64>,
    labels: &BTreeMap<String, String>,
    taints: &[Taint],
    fits: bool,
) -> Supplied {
    let mut what = format!(
        "a cluster of {count} nodes with {} CPU",
        size.cpu_milli / 1000
    );
    for (resource, units) in extended {
        what.push_str(&format!(", {units} {resource}"));
    }
    what.push_str(&format!(" and {}Gi memory each", size.memory_bytes >> 30));
    if !labels.is_empty() {
        let written: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
        what.push_str(&format!(", labelled {}", written.join(", ")));
    }
    if !taints.is_empty() {
        let written: Vec<String> = taints
            .iter()
            .map(|t| format!("{}={}:{}", t.key, t.value, t.effect))
            .collect();
        what.push_str(&format!(", tainted {}", written.join(", ")));
    }
    let why = if !fits {
        format!(
            "pods need nodes to run on; no node size offered here ({} CPU, {}Gi at most) fits one pod, so the pods stay Pending",
            size.cpu_milli / 1000,
            size.memory_bytes >> 30
        )
    } else if !extended.is_empty() || !labels.is_empty() {
        "pods need nodes to run on; these are sized, labelled and tainted for the pods this manifest describes".to_string()
    } else {
        "pods need nodes to run on; each node is large enough for one pod".to_string()
    };
    Supplied { what, why }
}

/// The claims, Secrets and ConfigMaps the pods mount or read, taken as existing: the lesson
/// does not simulate storage or configuration, and a real cluster would keep the pods
/// `Pending` (claims) or `ContainerCreating` (Secrets, ConfigMaps) without them.
pub fn assumed_references(spec: &PodSpec) -> Vec<Supplied> {
    let references = &spec.references;
    let mut supplied = Vec::new();
    let quoted = |names: &[String]| {
        names
            .iter()
            .map(|name| format!("\"{name}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !references.claims.is_empty() {
        supplied.push(Supplied {
            what: format!(
                "the PersistentVolumeClaim(s) {} taken as existing and bound",
                quoted(&references.claims)
            ),
            why: "the pods mount them; storage is not simulated, and without a bound claim a pod stays Pending".to_string(),
        });
    }
    for (names, kind) in [
        (&references.secrets, "Secret"),
        (&references.config_maps, "ConfigMap"),
    ] {
        if !names.is_empty() {
            supplied.push(Supplied {
                what: format!("the {kind}(s) {} taken as existing", quoted(names)),
                why: format!(
                    "the pods read them; without a {kind} a real pod waits in ContainerCreating"
                ),
            });
        }
    }
    supplied
}
