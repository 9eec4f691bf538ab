//! The simulated cluster's objects: plain data that the controllers read and change.

use std::collections::BTreeSet;

use super::pod_counts::{Facets, PodCounts, PodTally};
use super::status_math::DeploymentStatus;
use crate::core::manifest::model::{NodeSpec, PodTemplate, Service};

pub use super::trace::PodPhase;

/// Where a pod's containers are in the kubelet's hands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KubeletStage {
    /// Not yet bound to a node.
    Unscheduled,
    /// Bound; init containers running in order (`Init:N/M`).
    Initializing,
    /// Bound; pulling the app containers' images (`ContainerCreating`, or `PodInitializing`
    /// after init containers).
    Pulling,
    /// The image policy forbids pulling and the image is absent (`ErrImageNeverPull`).
    NeverPull,
    /// Containers started.
    Started,
}

#[derive(Clone, Debug)]
pub struct Node {
    pub spec: NodeSpec,
    /// Images already on the node, for `IfNotPresent` and "already present" events.
    pub images: BTreeSet<String>,
}

pub use crate::core::pod_requests::PodRequests;

#[derive(Clone, Debug)]
pub struct Pod {
    /// Creation order, stable across the run; the oldest pod has the smallest uid.
    pub uid: u64,
    /// `uid` as 20 zero-padded digits (text order is uid order): the `metadata.uid` the
    /// ReplicaSet controller's ranking breaks ties with, written once.
    pub uid_text: String,
    pub name: String,
    /// Index into `Cluster::replica_sets`.
    pub replica_set: usize,
    pub node: Option<usize>,
    pub stage: KubeletStage,
    pub ready: bool,
    pub ready_since: Option<u64>,
    pub available: bool,
    pub terminating: bool,
    pub created_at: u64,
    pub started_at: Option<u64>,
    pub requests: PodRequests,
    /// The images of the pod's containers, main container first.
    pub images: Vec<String>,
    /// Prediction requests per second the Service sends to this pod.
    pub requests_per_second: i64,
    /// The last FailedScheduling message, so repeats are not re-announced.
    pub scheduling_message: Option<String>,
    /// Images this pod's kubelet is pulling, with the seconds each pull takes: every
    /// `Pulling` event gets its `Pulled`, even when another pod on the node pulls the same
    /// image at the same time (§7).
    pub pulls: Vec<(String, u64)>,
    /// Deleted from the API; dropped from the list at the next sweep.
    pub gone: bool,
    /// Init containers finished (native sidecars count once started).
    pub init_done: usize,
    /// The probes' counts so far: startup failures, consecutive readiness successes.
    pub startup_failures: i64,
    pub readiness_successes: i64,
}

impl Pod {
    pub fn phase(&self) -> PodPhase {
        match self.stage {
            KubeletStage::Started => PodPhase::Running,
            _ => PodPhase::Pending,
        }
    }

    pub fn is_active(&self) -> bool {
        !self.terminating
    }
}

#[derive(Clone, Debug)]
pub struct ReplicaSet {
    /// The Deployment that owns it, as an index into `Cluster::workloads`.
    pub workload: usize,
    pub name: String,
    pub pod_template_hash: String,
    /// `deployment.kubernetes.io/revision`.
    pub revision: u64,
    pub template: PodTemplate,
    pub spec_replicas: i64,
    /// `deployment.kubernetes.io/desired-replicas`.
    pub desired_annotation: i64,
    /// `deployment.kubernetes.io/max-replicas`.
    pub max_annotation: i64,
    pub created_at: u64,
    /// Deleted by the Deployment controller's history cleanup (§3.4 step 4). The entry
    /// stays so that its terminating pods still find their template; no controller and no
    /// frame sees it any more.
    pub deleted: bool,
}

impl ReplicaSet {
    pub fn main_image(&self) -> &str {
        self.template
            .spec
            .containers
            .first()
            .map(|c| c.image.as_str())
            .unwrap_or("")
    }
}

/// The HPA's observed status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AutoscalerStatus {
    pub current_replicas: i64,
    pub desired_replicas: i64,
    pub cpu_utilization: Option<i64>,
    pub last_message: Option<String>,
}

/// One Deployment as the API server and its controller hold it.
#[derive(Clone, Debug, Default)]
pub struct Workload {
    pub name: String,
    /// The current template (`None` before `kubectl apply`).
    pub template: Option<PodTemplate>,
    /// `spec.replicas`, as written or as the autoscaler set it.
    pub replicas: i64,
    /// `metadata.generation`: 1 at `kubectl apply`, one more for every change of its spec
    /// (a new image, a new replica count).
    pub generation: u64,
    /// The generation the Deployment controller last synced.
    pub observed_generation: u64,
    /// `status` as the controller last wrote it (§3.7).
    pub status: DeploymentStatus,
    /// The latest progress-deadline check queued, so each deadline is checked once.
    pub progress_check_at: Option<u64>,
}

/// The whole cluster at one simulated instant.
#[derive(Clone, Debug)]
pub struct Cluster {
    pub now: u64,
    pub nodes: Vec<Node>,
    pub replica_sets: Vec<ReplicaSet>,
    /// In creation order, which is also uid order.
    pub pods: Vec<Pod>,
    /// Names of the pods that exist, for generated-name collisions.
    pub pod_names: BTreeSet<String>,
    /// False while `pods` holds entries marked `gone`.
    pub swept: bool,
    /// Uids of the pods created, changed or removed since the last frame: the only ones the
    /// next frame compares with what it last recorded. Write a pod through
    /// [`Cluster::update_pod`] so that it is listed and counted.
    pub touched: Vec<u64>,
    /// The pod counts controllers read on every pass, kept as pods change.
    pub tally: PodTally,
    /// Every Deployment of the file, the followed one among them.
    pub workloads: Vec<Workload>,
    /// Every Service; the first is the one the scenario's traffic goes through.
    pub services: Vec<Service>,
    /// Each autoscaler's status, in the order of `Simulation::autoscalers`.
    pub autoscalers: Vec<Option<AutoscalerStatus>>,
    pub requests_per_second: i64,
}

impl Cluster {
    /// Changes a pod: it is listed for the next frame and recounted.
    pub fn update_pod<R>(&mut self, index: usize, change: impl FnOnce(&mut Pod) -> R) -> R {
        let before = Facets::of(&self.pods[index]);
        let result = change(&mut self.pods[index]);
        self.updated(index, before);
        result
    }

    /// Lists a changed pod for the next frame and moves its counts from `before` to what it
    /// is now (apart from [`Cluster::update_pod`], so that its many callers share one copy).
    #[inline(never)]
    fn updated(&mut self, index: usize, before: Facets) {
        let pod = &self.pods[index];
        let after = Facets::of(pod);
        self.touched.push(pod.uid);
        if after != before {
            self.tally.count(pod, before, -1);
            self.tally.count(pod, after, 1);
            if after.addressing() != before.addressing() {
                self.tally.readdressed();
            }
        }
    }

    /// A new pod (the newest: uids grow with creation), listed for the next frame.
    pub fn add_pod(&mut self, pod: Pod) {
        self.touched.push(pod.uid);
        self.tally.count(&pod, Facets::of(&pod), 1);
        self.tally.readdressed();
        self.pods.push(pod);
    }

    /// The pod object is deleted from the API: its name may be generated again. The entry
    /// leaves `pods` at the next [`Cluster::sweep`], so many deletions in one pass cost one
    /// walk over the pods rather than one each.
    pub fn remove_pod(&mut self, index: usize) {
        let pod = &mut self.pods[index];
        pod.gone = true;
        self.touched.push(pod.uid);
        self.pod_names.remove(&pod.name);
        self.swept = false;
    }

    /// Drops the pods [`Cluster::remove_pod`] marked, keeping creation order.
    pub fn sweep(&mut self) {
        if !self.swept {
            let (touched, tally) = (&mut self.touched, &mut self.tally);
            self.pods.retain(|pod| {
                if pod.gone {
                    touched.push(pod.uid);
                    tally.count(pod, Facets::of(pod), -1);
                    tally.readdressed();
                }
                !pod.gone
            });
            self.swept = true;
        }
    }

    /// The ReplicaSet's active (not terminating), ready and available pods.
    pub fn counts_of(&self, replica_set: usize) -> PodCounts {
        self.tally.of(replica_set)
    }

    pub fn active_of(&self, replica_set: usize) -> i64 {
        self.counts_of(replica_set).active
    }

    pub fn available_of(&self, replica_set: usize) -> i64 {
        self.counts_of(replica_set).available
    }

    pub fn ready_of(&self, replica_set: usize) -> i64 {
        self.counts_of(replica_set).ready
    }

    /// The ReplicaSet whose template is the workload's current one.
    pub fn newest_replica_set(&self, workload: usize) -> Option<usize> {
        let template = self.workloads[workload].template.as_ref()?;
        self.replica_sets
            .iter()
            .position(|rs| rs.workload == workload && !rs.deleted && &rs.template == template)
    }

    /// The workload's ReplicaSets that exist (not deleted by the history cleanup), oldest
    /// first.
    pub fn live_replica_sets(&self, workload: usize) -> impl Iterator<Item = usize> + '_ {
        (0..self.replica_sets.len()).filter(move |&index| {
            let rs = &self.replica_sets[index];
            rs.workload == workload && !rs.deleted
        })
    }
}
