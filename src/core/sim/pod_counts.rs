//! The pod counts the controllers read on every pass: each ReplicaSet's active, ready and
//! available pods, the pods waiting for a node, the pods still on their way somewhere, what
//! each node holds and how many of each ReplicaSet's pods run there (the scheduler's fit and
//! spreading). They are kept as pods are added, changed and swept (`Cluster::add_pod`,
//! `update_pod`, `sweep`) instead of recounted, so a pass costs the same with 4,000 pods as
//! with 4.

use std::collections::BTreeMap;

use super::scheduler_math::{DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST};
use super::state::{KubeletStage, Pod, PodRequests};

/// One ReplicaSet's pods that are not terminating, and of those the ready and the available;
/// and its pods bound to a node, terminating or not (until they are gone).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PodCounts {
    pub active: i64,
    pub ready: i64,
    pub available: i64,
    pub bound: i64,
}

/// What a node holds: cpu, memory, storage, extended resources and pods requested by the
/// pods bound to it (terminating ones included, until they are gone).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeLoad {
    pub cpu_milli: i64,
    pub memory_bytes: i64,
    pub ephemeral_storage_bytes: i64,
    pub extended: BTreeMap<String, i64>,
    pub pods: i64,
    /// The same with scoring's non-zero defaults (100m, 200Mi) for absent requests.
    pub score_cpu_milli: i64,
    pub score_memory_bytes: i64,
    /// Of those pods, the ones not terminating, of every ReplicaSet (the deletion ranking's
    /// co-location).
    pub active: i64,
}

static NO_LOAD: NodeLoad = NodeLoad {
    cpu_milli: 0,
    memory_bytes: 0,
    ephemeral_storage_bytes: 0,
    extended: BTreeMap::new(),
    pods: 0,
    score_cpu_milli: 0,
    score_memory_bytes: 0,
    active: 0,
};

/// A pod's cpu request as scoring counts it (100m when absent).
pub fn score_cpu(requests: &PodRequests) -> i64 {
    requests.cpu_milli.unwrap_or(DEFAULT_MILLI_CPU_REQUEST)
}

/// A pod's memory request as scoring counts it (200Mi when absent).
pub fn score_memory(requests: &PodRequests) -> i64 {
    if requests.memory_bytes == 0 {
        DEFAULT_MEMORY_REQUEST
    } else {
        requests.memory_bytes
    }
}

impl NodeLoad {
    fn add(&mut self, requests: &PodRequests, sign: i64) {
        self.cpu_milli += sign * requests.cpu_milli_for_fit;
        self.memory_bytes += sign * requests.memory_bytes;
        self.ephemeral_storage_bytes += sign * requests.ephemeral_storage_bytes;
        for (resource, units) in &requests.extended {
            match self.extended.get_mut(resource) {
                Some(held) => *held += sign * units,
                None => {
                    self.extended.insert(resource.clone(), sign * units);
                }
            }
        }
        self.pods += sign;
        self.score_cpu_milli += sign * score_cpu(requests);
        self.score_memory_bytes += sign * score_memory(requests);
    }
}

/// What of a pod the counts depend on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Facets {
    terminating: bool,
    ready: bool,
    available: bool,
    node: Option<usize>,
    never_pull: bool,
}

impl Facets {
    /// What decides whether the pod is a Service's endpoint: ready and not terminating,
    /// or (`publishNotReadyAddresses`) bound.
    pub(super) fn addressing(self) -> (bool, bool) {
        (self.ready && !self.terminating, self.node.is_some())
    }

    pub(super) fn of(pod: &Pod) -> Self {
        Facets {
            terminating: pod.terminating,
            ready: pod.ready,
            available: pod.available,
            node: pod.node,
            never_pull: pod.stage == KubeletStage::NeverPull,
        }
    }
}

/// One ReplicaSet's counts, and its active pods on each node (what the default spreading
/// constraint counts, §5).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct ReplicaSetTally {
    counts: PodCounts,
    on_node: Vec<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PodTally {
    /// Indexed like `Cluster::replica_sets`.
    by_replica_set: Vec<ReplicaSetTally>,
    /// Indexed like `Cluster::nodes`.
    loads: Vec<NodeLoad>,
    /// Active pods not bound to a node: the scheduler's queue.
    unbound: i64,
    /// Pods on their way: terminating, or bound and not ready (unless the image may never
    /// be pulled). The run has settled only when there are none.
    moving: i64,
    /// Bumped whenever a pod comes or goes or its [`Facets::addressing`] changes: the
    /// Services' endpoints may differ.
    version: u64,
}

/// The entry at `index`, the vector grown to hold it.
fn slot<T: Default>(items: &mut Vec<T>, index: usize) -> &mut T {
    if items.len() <= index {
        items.resize_with(index + 1, T::default);
    }
    &mut items[index]
}

impl PodTally {
    /// Counts `pod` as `facets` describe it in (`sign` 1) or out (`sign` -1).
    pub(super) fn count(&mut self, pod: &Pod, facets: Facets, sign: i64) {
        let active = !facets.terminating;
        let bound = facets.node.is_some();
        let of = |counted: bool| sign * i64::from(counted);
        let replica_set = slot(&mut self.by_replica_set, pod.replica_set);
        let counts = &mut replica_set.counts;
        counts.active += of(active);
        counts.ready += of(active && facets.ready);
        counts.available += of(active && facets.available);
        counts.bound += of(bound);
        self.unbound += of(active && !bound);
        self.moving += of(!(active && (facets.ready || !bound || facets.never_pull)));
        if let Some(node) = facets.node {
            *slot(&mut replica_set.on_node, node) += of(active);
            let load = slot(&mut self.loads, node);
            load.add(&pod.requests, sign);
            load.active += of(active);
        }
    }

    /// Notes that a Service's endpoints may have changed.
    pub(super) fn readdressed(&mut self) {
        self.version += 1;
    }

    /// What node `node` holds.
    pub fn load(&self, node: usize) -> &NodeLoad {
        self.loads.get(node).unwrap_or(&NO_LOAD)
    }

    /// Active pods of ReplicaSet `replica_set` bound to node `node`.
    pub fn on_node(&self, replica_set: usize, node: usize) -> i64 {
        self.by_replica_set
            .get(replica_set)
            .and_then(|rs| rs.on_node.get(node))
            .copied()
            .unwrap_or(0)
    }

    pub fn of(&self, replica_set: usize) -> PodCounts {
        self.by_replica_set
            .get(replica_set)
            .map(|rs| rs.counts)
            .unwrap_or_default()
    }

    pub fn unbound(&self) -> usize {
        self.unbound.max(0) as usize
    }

    pub fn moving(&self) -> usize {
        self.moving.max(0) as usize
    }

    pub fn version(&self) -> u64 {
        self.version
    }

    /// Whether the counts equal a recount of `pods` (the version aside).
    #[cfg(not(target_arch = "wasm32"))]
    pub(super) fn matches(&self, pods: &[Pod]) -> bool {
        let mut recount = PodTally::default();
        for pod in pods {
            recount.count(pod, Facets::of(pod), 1);
        }
        let nonzero = |tally: &PodTally| -> Vec<(usize, PodCounts)> {
            (0..tally.by_replica_set.len())
                .map(|rs| (rs, tally.of(rs)))
                .filter(|(_, counts)| *counts != PodCounts::default())
                .collect()
        };
        let nodes = self.loads.len().max(recount.loads.len());
        let spread = self.by_replica_set.len().max(recount.by_replica_set.len());
        let same_nodes = (0..nodes).all(|node| {
            let (kept, counted) = (self.load(node), recount.load(node));
            let extended = |load: &NodeLoad| -> Vec<(String, i64)> {
                let used = load.extended.iter().filter(|(_, units)| **units != 0);
                used.map(|(name, units)| (name.clone(), *units)).collect()
            };
            let plain = |load: &NodeLoad| NodeLoad {
                extended: BTreeMap::new(),
                ..load.clone()
            };
            plain(kept) == plain(counted)
                && extended(kept) == extended(counted)
                && (0..spread).all(|rs| self.on_node(rs, node) == recount.on_node(rs, node))
        });
        nonzero(self) == nonzero(&recount)
            && (self.unbound, self.moving) == (recount.unbound, recount.moving)
            && same_nodes
    }
}
