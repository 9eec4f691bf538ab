//! What a run of the simulation records: Kubernetes-style events, a frame of the cluster
//! after every change (with the typed changes that made it), and what the autoscaler measured
//! and decided at each sync. The lesson, the view models and `kubestep trace --json` all read
//! this; none of them reads its text to decide anything.

use std::sync::Arc;

use serde::Serialize;

pub use super::change::{Change, EventReason, EventType};
pub use super::decision::AutoscalerDecision;
pub use super::pod_history::{PodCursor, PodDelta, PodHistory, PodSet};

/// A pod's lifecycle phase (`status.phase`). The simulation never ends a container, so a
/// pod is `Pending` until its containers start and `Running` after.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum PodPhase {
    Pending,
    Running,
}

/// What `kubectl get pods` prints in STATUS for a pod.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum PodStatus {
    /// Not bound to a node yet.
    Pending,
    /// Bound; init containers running (kubectl prints `Init:N/M`, see `PodSnapshot`).
    Init,
    /// Init containers done; the app containers' images are being pulled.
    PodInitializing,
    /// Bound; the kubelet is pulling images.
    ContainerCreating,
    /// `imagePullPolicy: Never` and the image is not on the node.
    ErrImageNeverPull,
    /// Containers started (ready or not: READY says which).
    Running,
    /// Deleted, draining until its containers stop.
    Terminating,
}

impl PodStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PodStatus::Pending => "Pending",
            PodStatus::Init => "Init",
            PodStatus::PodInitializing => "PodInitializing",
            PodStatus::ContainerCreating => "ContainerCreating",
            PodStatus::ErrImageNeverPull => "ErrImageNeverPull",
            PodStatus::Running => "Running",
            PodStatus::Terminating => "Terminating",
        }
    }
}

impl PodPhase {
    pub fn as_str(self) -> &'static str {
        match self {
            PodPhase::Pending => "Pending",
            PodPhase::Running => "Running",
        }
    }
}

/// An event as `kubectl get events` shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EventRecord {
    /// Simulated seconds since `kubectl apply`.
    pub time: u64,
    #[serde(rename = "type")]
    pub event_type: EventType,
    pub reason: EventReason,
    /// `kind/name`, e.g. `pod/ml-model-7c79c4bf97-x2k9p`.
    pub object: String,
    pub message: String,
    /// The reporting component (`default-scheduler`, `kubelet`, ...).
    pub source: &'static str,
}

/// Why the scheduler could not place a pod, as typed data: the reasons its filters gave,
/// each with how many nodes gave it (§5). The `FailedScheduling` event prints the same
/// reasons in the scheduler's words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SchedulingFailure {
    pub time: u64,
    pub pod: String,
    pub total_nodes: usize,
    /// Filter reasons (`Insufficient cpu`, `node(s) didn't match Pod's node affinity/selector`)
    /// and the number of nodes that reported each.
    pub reasons: Vec<(String, usize)>,
}

impl SchedulingFailure {
    /// The fit error alone (`0/3 nodes are available: 3 Insufficient cpu.`), without the
    /// preemption sentence that the event appends.
    pub fn summary(&self) -> String {
        if self.total_nodes == 0 {
            return "no nodes available to schedule pods".to_string();
        }
        super::scheduler_math::fit_error_message(self.total_nodes, &self.reasons)
    }
}

/// One pod in a frame. Names are shared (`Arc<str>`): a frame's pods are copied from the
/// recorded changes whenever they are read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodSnapshot {
    /// Creation order, stable for the pod's life: the key its changes are recorded under.
    pub uid: u64,
    /// Which Deployment: 0 the one the lesson follows, `k + 1` the frame's `others[k]`.
    #[serde(skip)]
    pub workload: usize,
    pub name: Arc<str>,
    pub node: Option<Arc<str>>,
    pub phase: PodPhase,
    pub status: PodStatus,
    pub ready: bool,
    pub terminating: bool,
    pub image: Arc<str>,
    /// The Deployment revision the pod belongs to (1 for the first template).
    pub revision: u64,
    pub requests_per_second: i64,
    pub cpu_milli: i64,
    /// Init containers done and in all (0 and 0 for a pod without them).
    pub init_done: usize,
    pub init_total: usize,
}

impl PodSnapshot {
    /// What `kubectl get pods` prints in STATUS: `Init:1/2` while init containers run.
    pub fn status_text(&self) -> String {
        match self.status {
            PodStatus::Init => format!("Init:{}/{}", self.init_done, self.init_total),
            status => status.as_str().to_string(),
        }
    }
}

/// One ReplicaSet in a frame.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaSetSnapshot {
    pub name: String,
    pub revision: u64,
    pub image: String,
    pub replicas: i64,
    pub ready: i64,
    pub available: i64,
}

/// The HPA in a frame.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AutoscalerSnapshot {
    pub current_replicas: i64,
    pub desired_replicas: i64,
    /// Whole percent of the pods' CPU requests; `None` until measured or when it cannot be.
    pub cpu_utilization: Option<i64>,
    pub min_replicas: i64,
    pub max_replicas: i64,
    pub target_utilization: Option<i64>,
}

/// One of the Deployment's `status.conditions` (§3.7), as `kubectl describe deploy` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionSnapshot {
    /// The condition's type: `Available` or `Progressing`.
    pub kind: &'static str,
    /// `True`, `False`, or `Unknown` (a paused Deployment's `Progressing`).
    pub status: &'static str,
    /// `MinimumReplicasAvailable`, `NewReplicaSetCreated`, `ProgressDeadlineExceeded`, ...
    pub reason: &'static str,
    pub message: String,
    /// Simulated seconds: when the condition last changed or recorded progress.
    pub last_update_time: u64,
    /// Simulated seconds: when its status last changed.
    pub last_transition_time: u64,
}

/// The Deployment's status in a frame (`kubectl get deploy` columns, conditions, and what
/// `kubectl rollout status` prints).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentSnapshot {
    pub exists: bool,
    pub replicas: i64,
    pub updated: i64,
    pub ready: i64,
    pub available: i64,
    pub revision: u64,
    pub image: String,
    /// `status.unavailableReplicas`: Σ ReplicaSet `spec.replicas` − available, at least 0.
    pub unavailable: i64,
    /// `status.conditions` in the order the API server keeps them.
    pub conditions: Vec<ConditionSnapshot>,
    /// The line `kubectl rollout status` prints at this moment (empty before `kubectl
    /// apply`); a rollout past its deadline shows kubectl's `error: ...` line.
    pub rollout_status: String,
}

/// Another Deployment of the file, beside the one the lesson follows. Its pods are in
/// [`Trace::pods`] (workload `k + 1` for `others[k]`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkloadSnapshot {
    pub name: String,
    pub deployment: DeploymentSnapshot,
    pub replica_sets: Vec<ReplicaSetSnapshot>,
}

/// A Service and how many ready pods it routes to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceSnapshot {
    pub name: String,
    pub endpoints: usize,
}

/// The cluster after a change. Its pods are in [`Trace::pods`]: read them with
/// [`Trace::pods_at`] or walk the frames with [`Trace::cursor`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Frame {
    pub time: u64,
    /// Which lesson step this frame belongs to (1-based); set by the lesson's segmentation.
    pub step: usize,
    /// What changed, in the order it happened.
    pub changes: Vec<Change>,
    /// The changes in a few words (`2 pod(s) scheduled`), for people reading the JSON.
    pub cause: String,
    /// Number of events recorded up to and including this frame.
    pub event_count: usize,
    pub deployment: DeploymentSnapshot,
    pub replica_sets: Vec<ReplicaSetSnapshot>,
    pub hpa: Option<AutoscalerSnapshot>,
    pub endpoints: usize,
    pub requests_per_second: i64,
    /// The file's other Deployments, in file order.
    pub others: Vec<WorkloadSnapshot>,
    /// Every Service, the followed Deployment's first.
    pub services: Vec<ServiceSnapshot>,
}

/// Moments the lesson's steps are cut at, recorded by the simulation as they happen.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Milestones {
    /// Pods the first ReplicaSet created at apply time.
    pub initial_pods: Vec<String>,
    pub traffic_start: Option<u64>,
    pub rollout_start: Option<u64>,
    pub rollout_image: Option<String>,
    /// Whether the HPA changed the replica count, and from what to what.
    pub rescales: Vec<(u64, i64, i64)>,
    /// Whether the scenario's rollout named the image the Deployment already ran.
    pub rollout_unchanged_image: bool,
}

/// A whole run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Trace {
    pub frames: Vec<Frame>,
    /// Every frame's pods, as the changes each frame made.
    #[serde(skip)]
    pub pods: PodHistory,
    pub events: Vec<EventRecord>,
    pub milestones: Milestones,
    /// Every time the scheduler newly failed to place a pod, in time order.
    pub scheduling_failures: Vec<SchedulingFailure>,
    /// What the autoscaler measured and decided at each of its syncs, in time order.
    pub autoscaler_decisions: Vec<AutoscalerDecision>,
    /// Where the run was cut short or simplified, in words for the student.
    pub notes: Vec<String>,
    pub end_time: u64,
}

impl Trace {
    /// The followed Deployment's pods at frame `frame`, oldest first (past the last frame: at
    /// the last).
    pub fn pods_at(&self, frame: usize) -> Vec<PodSnapshot> {
        self.pods.set_at(frame).followed().cloned().collect()
    }

    /// Every Deployment's pods at frame `frame`.
    pub fn pod_set_at(&self, frame: usize) -> PodSet {
        self.pods.set_at(frame)
    }

    /// A reader of the frames' pods: walking forwards applies each frame's changes in place.
    pub fn cursor(&self) -> PodCursor<'_> {
        self.pods.cursor()
    }
}
