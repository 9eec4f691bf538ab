//! Which pods a frame records: those created, removed, or touched by a controller since the
//! last frame in a way kubectl would show. A touched pod's cheap key (node, kubelet stage,
//! ready, terminating, traffic share, init progress, ReplicaSet and revision) is compared
//! with the one last recorded before any snapshot is built, so an untouched pod costs
//! nothing and an unchanged one a comparison; names and images are shared strings made once
//! per pod. `all_pods` builds a frame's pods in full, the reference the changes are tested
//! against.

use std::sync::Arc;

use super::Simulation;
use super::state::{Cluster, KubeletStage, Pod};
use super::trace::{PodDelta, PodSnapshot, PodStatus};

/// Everything a pod's snapshot is computed from that can change while the pod exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PodKey {
    replica_set: usize,
    revision: u64,
    node: Option<usize>,
    stage: KubeletStage,
    ready: bool,
    terminating: bool,
    requests_per_second: i64,
    init_done: usize,
}

impl PodKey {
    fn of(cluster: &Cluster, pod: &Pod) -> Self {
        PodKey {
            replica_set: pod.replica_set,
            revision: cluster.replica_sets[pod.replica_set].revision,
            node: pod.node,
            stage: pod.stage,
            ready: pod.ready,
            terminating: pod.terminating,
            requests_per_second: pod.requests_per_second,
            init_done: pod.init_done,
        }
    }
}

/// A pod as the last frame recorded it.
#[derive(Debug)]
struct Shown {
    key: PodKey,
    workload: usize,
    name: Arc<str>,
    image: Arc<str>,
}

/// What the frames recorded so far show of each pod, indexed by uid.
#[derive(Debug, Default)]
pub(super) struct PodRecorder {
    shown: Vec<Option<Shown>>,
    node_names: Vec<Arc<str>>,
}

/// What a snapshot needs beyond the pod: the Deployment followed and the CPU per request.
#[derive(Clone, Copy)]
struct Shape {
    followed: usize,
    cpu_per_request_milli: i64,
}

impl Shape {
    /// The pod's [`PodSnapshot::workload`]: 0 for the followed Deployment, else its place
    /// among the others (file order).
    fn workload_of(self, cluster: &Cluster, pod: &Pod) -> usize {
        let workload = cluster.replica_sets[pod.replica_set].workload;
        match workload.cmp(&self.followed) {
            std::cmp::Ordering::Equal => 0,
            std::cmp::Ordering::Less => workload + 1,
            std::cmp::Ordering::Greater => workload,
        }
    }
}

/// As [`super::simulate`], with every frame's pods also built in full from the cluster as the
/// frame is recorded (the followed Deployment's, then the others' in file order), and the
/// kept pod counts checked against a recount: the reference the trace's recorded pod
/// changes are tested against. Native builds only.
#[doc(hidden)]
#[cfg(not(target_arch = "wasm32"))]
pub fn simulate_with_full_pods(
    scenario: &crate::core::scenario::EffectiveScenario,
) -> (super::Trace, Vec<Vec<PodSnapshot>>) {
    let mut simulation = Simulation::new(scenario);
    simulation.reference = Some(Vec::new());
    simulation.run();
    (simulation.trace, simulation.reference.unwrap_or_default())
}

/// Records the pods' changes for the frame being recorded (and, for
/// `simulate_with_full_pods`, every pod in full beside them).
pub(super) fn record_frame(simulation: &mut Simulation) {
    let shape = Shape {
        followed: simulation.followed,
        cpu_per_request_milli: simulation.scenario.cpu_per_request_milli,
    };
    // The reference is a native check: the browser's bundle does without it.
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(reference) = &mut simulation.reference {
        reference.push(all_pods(&simulation.cluster, shape));
        let cluster = &simulation.cluster;
        assert!(
            cluster.tally.matches(&cluster.pods),
            "the kept pod counts differ from a recount at {}s",
            cluster.now
        );
    }
    let deltas = simulation.recorder.record(&mut simulation.cluster, shape);
    simulation.trace.pods.push_frame(deltas);
}

impl PodRecorder {
    /// The changes since the last frame, in the order the pods were touched; empties
    /// `cluster.touched`. A pod listed twice is compared twice: the second time it matches.
    fn record(&mut self, cluster: &mut Cluster, shape: Shape) -> Vec<PodDelta> {
        let mut touched = std::mem::take(&mut cluster.touched);
        if self.node_names.len() != cluster.nodes.len() {
            self.node_names = node_names(cluster);
        }
        let mut deltas = Vec::new();
        for &uid in &touched {
            let slot = uid as usize;
            if self.shown.len() <= slot {
                self.shown.resize_with(slot + 1, || None);
            }
            let Ok(index) = cluster.pods.binary_search_by_key(&uid, |pod| pod.uid) else {
                if let Some(shown) = self.shown[slot].take() {
                    deltas.push(PodDelta::Removed {
                        uid,
                        workload: shown.workload,
                    });
                }
                continue;
            };
            let pod = &cluster.pods[index];
            let key = PodKey::of(cluster, pod);
            match &mut self.shown[slot] {
                Some(shown) if shown.key == key => {}
                Some(shown) => {
                    shown.key = key;
                    let snapshot = snapshot(cluster, pod, shown, &self.node_names, shape);
                    deltas.push(PodDelta::Changed(snapshot));
                }
                None => {
                    let shown = Shown {
                        key,
                        workload: shape.workload_of(cluster, pod),
                        name: Arc::from(pod.name.as_str()),
                        image: Arc::from(pod.images.first().map_or("", String::as_str)),
                    };
                    let snapshot = snapshot(cluster, pod, &shown, &self.node_names, shape);
                    self.shown[slot] = Some(shown);
                    deltas.push(PodDelta::Added(snapshot));
                }
            }
        }
        touched.clear();
        cluster.touched = touched;
        deltas
    }
}

fn node_names(cluster: &Cluster) -> Vec<Arc<str>> {
    cluster
        .nodes
        .iter()
        .map(|node| Arc::from(node.spec.name.as_str()))
        .collect()
}

/// What `kubectl get pods` shows of one pod.
fn snapshot(
    cluster: &Cluster,
    pod: &Pod,
    shown: &Shown,
    node_names: &[Arc<str>],
    shape: Shape,
) -> PodSnapshot {
    let rs = &cluster.replica_sets[pod.replica_set];
    let init_total = rs.template.spec.init_containers.len();
    let status = match (pod.terminating, pod.stage) {
        (true, _) => PodStatus::Terminating,
        (false, KubeletStage::Unscheduled) => PodStatus::Pending,
        (false, KubeletStage::Initializing) => PodStatus::Init,
        (false, KubeletStage::Pulling) if init_total > 0 => PodStatus::PodInitializing,
        (false, KubeletStage::Pulling) => PodStatus::ContainerCreating,
        (false, KubeletStage::NeverPull) => PodStatus::ErrImageNeverPull,
        (false, KubeletStage::Started) => PodStatus::Running,
    };
    PodSnapshot {
        uid: pod.uid,
        workload: shown.workload,
        name: shown.name.clone(),
        node: pod.node.map(|node| node_names[node].clone()),
        phase: pod.phase(),
        status,
        ready: pod.ready,
        terminating: pod.terminating,
        image: shown.image.clone(),
        revision: rs.revision,
        requests_per_second: pod.requests_per_second,
        cpu_milli: pod.requests_per_second * shape.cpu_per_request_milli,
        init_done: pod.init_done,
        init_total,
    }
}

/// Every pod of the cluster built from scratch, followed Deployment first, then the others
/// in file order, each in creation order: what a frame showed before frames stored changes.
#[cfg(not(target_arch = "wasm32"))]
fn all_pods(cluster: &Cluster, shape: Shape) -> Vec<PodSnapshot> {
    let node_names = node_names(cluster);
    let mut pods: Vec<PodSnapshot> = cluster
        .pods
        .iter()
        .map(|pod| {
            let shown = Shown {
                key: PodKey::of(cluster, pod),
                workload: shape.workload_of(cluster, pod),
                name: Arc::from(pod.name.as_str()),
                image: Arc::from(pod.images.first().map_or("", String::as_str)),
            };
            snapshot(cluster, pod, &shown, &node_names, shape)
        })
        .collect();
    // Stable: each Deployment's pods keep creation order.
    pods.sort_by_key(|pod| pod.workload);
    pods
}
