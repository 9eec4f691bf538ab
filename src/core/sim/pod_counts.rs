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
}

static NO_LOAD: NodeLoad = NodeLoad {
    cpu_milli: 0,
    memory_bytes: 0,
    ephemeral_storage_bytes: 0,
    extended: BTreeMap::new(),
    pods: 0,
    score_cpu_milli: 0,
    score_memory_bytes: 0,
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

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PodTally {
    /// Indexed like `Cluster::replica_sets`.
    by_replica_set: Vec<PodCounts>,
    /// Active pods not bound to a node: the scheduler's queue.
    unbound: usize,
    /// Pods on their way: terminating, or bound and not ready (unless the image may never
    /// be pulled). The run has settled only when there are none.
    moving: usize,
    /// Indexed like `Cluster::nodes`.
    loads: Vec<NodeLoad>,
    /// Active pods of each ReplicaSet on each node, `[replica set][node]`: what the default
    /// spreading constraint counts (§5).
    spread: Vec<Vec<i64>>,
    /// Active pods on each node, of every ReplicaSet (the deletion ranking's co-location).
    active_on: Vec<i64>,
    /// Bumped whenever a pod comes or goes or its [`Facets::addressing`] changes: the
    /// Services' endpoints may differ.
    version: u64,
}

impl PodTally {
    /// Counts `pod` as `facets` describe it in (`sign` 1) or out (`sign` -1).
    pub(super) fn count(&mut self, pod: &Pod, facets: Facets, sign: i64) {
        let replica_set = pod.replica_set;
        if self.by_replica_set.len() <= replica_set {
            self.by_replica_set
                .resize(replica_set + 1, PodCounts::default());
        }
        let counts = &mut self.by_replica_set[replica_set];
        let active = !facets.terminating;
        counts.active += sign * i64::from(active);
        counts.ready += sign * i64::from(active && facets.ready);
        counts.available += sign * i64::from(active && facets.available);
        counts.bound += sign * i64::from(facets.node.is_some());
        let step = |total: &mut usize, counted: bool| {
            if counted {
                *total = total.wrapping_add_signed(sign as isize);
            }
        };
        let bound = facets.node.is_some();
        step(&mut self.unbound, active && !bound);
        let steady = active && (facets.ready || !bound || facets.never_pull);
        step(&mut self.moving, !steady);
        if let Some(node) = facets.node {
            if self.loads.len() <= node {
                self.loads.resize(node + 1, NodeLoad::default());
            }
            self.loads[node].add(&pod.requests, sign);
            if active {
                if self.active_on.len() <= node {
                    self.active_on.resize(node + 1, 0);
                }
                self.active_on[node] += sign;
                if self.spread.len() <= replica_set {
                    self.spread.resize(replica_set + 1, Vec::new());
                }
                let on_nodes = &mut self.spread[replica_set];
                if on_nodes.len() <= node {
                    on_nodes.resize(node + 1, 0);
                }
                on_nodes[node] += sign;
            }
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

    /// Active pods bound to node `node`, of every ReplicaSet.
    pub fn active_on(&self, node: usize) -> i64 {
        self.active_on.get(node).copied().unwrap_or(0)
    }

    /// Active pods of ReplicaSet `replica_set` bound to node `node`.
    pub fn on_node(&self, replica_set: usize, node: usize) -> i64 {
        self.spread
            .get(replica_set)
            .and_then(|nodes| nodes.get(node))
            .copied()
            .unwrap_or(0)
    }

    pub fn of(&self, replica_set: usize) -> PodCounts {
        self.by_replica_set
            .get(replica_set)
            .copied()
            .unwrap_or_default()
    }

    pub fn unbound(&self) -> usize {
        self.unbound
    }

    pub fn moving(&self) -> usize {
        self.moving
    }

    pub fn version(&self) -> u64 {
        self.version
    }

    /// Whether the counts equal a recount of `pods` (the version aside).
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
        let spread = self.spread.len().max(recount.spread.len());
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
                && self.active_on(node) == recount.active_on(node)
        });
        nonzero(self) == nonzero(&recount)
            && (self.unbound, self.moving) == (recount.unbound, recount.moving)
            && same_nodes
    }
}
