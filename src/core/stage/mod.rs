//! The stage: the cluster at one frame as a picture to draw. Nodes with their capacity bars
//! and pods, the Pending area with the scheduler's reason, the Deployment and its
//! ReplicaSets, the Service and the requests it sends, and the rollout's budget, every shape
//! placed in one coordinate space (`WIDTH` wide) so the browser only writes SVG elements and
//! native tests can check the picture without a browser.
//!
//! Everything here is read from the typed trace through [`crate::core::view`]: a pod is drawn
//! Ready because its snapshot says ready, a request is drawn to a pod because the Service
//! sends it requests in that frame.

mod capacity;
pub mod chart;
mod describe;
mod layout;
pub mod svg;
pub mod timeline;

use crate::core::analysis::Run;
use crate::core::sim::trace::PodStatus;
use crate::core::view::{PodChip, cluster_view};

pub use capacity::CapacityBar;
pub use layout::{POD_HEIGHT, POD_WIDTH, Point, Rect, WIDTH};

/// How a pod is drawn: its kubectl state as a shape, so it reads without colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PodLook {
    /// Waiting for a node: dashed outline, no fill.
    Pending,
    /// Bound, images pulling or init containers running: a quarter filled.
    Creating,
    /// Containers running, not ready yet (the model is loading): half filled.
    Loading,
    /// Ready and serving: filled.
    Ready,
    /// Deleted and draining: crossed out, faded.
    Terminating,
    /// Cannot start (`ErrImageNeverPull`): outline with a warning mark.
    Failed,
}

impl PodLook {
    pub fn of(chip: &PodChip) -> PodLook {
        match chip.status {
            PodStatus::Terminating => PodLook::Terminating,
            PodStatus::Pending => PodLook::Pending,
            PodStatus::Init | PodStatus::PodInitializing | PodStatus::ContainerCreating => {
                PodLook::Creating
            }
            PodStatus::ErrImageNeverPull => PodLook::Failed,
            PodStatus::Running if chip.ready => PodLook::Ready,
            PodStatus::Running => PodLook::Loading,
        }
    }

    /// The CSS modifier the browser styles it by.
    pub fn as_str(self) -> &'static str {
        match self {
            PodLook::Pending => "pending",
            PodLook::Creating => "creating",
            PodLook::Loading => "loading",
            PodLook::Ready => "ready",
            PodLook::Terminating => "terminating",
            PodLook::Failed => "failed",
        }
    }

    /// The glyph drawn in the pod, the same state for readers who cannot tell the colours.
    pub fn glyph(self) -> &'static str {
        match self {
            PodLook::Pending => "○",
            PodLook::Creating => "◔",
            PodLook::Loading => "◑",
            PodLook::Ready => "●",
            PodLook::Terminating => "✕",
            PodLook::Failed => "!",
        }
    }
}

/// One pod on the stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodShape {
    pub chip: PodChip,
    pub at: Point,
    pub look: PodLook,
    /// kubectl's STATUS and READY (`Running 0/1` while the model loads).
    pub label: String,
    /// kubectl's READY column (`0/1`) when the pod has one container; the simulation knows
    /// only whether a pod of several containers is ready, not how many of them are.
    pub ready_column: Option<String>,
    /// Whether this frame created the pod or changed its node, status or readiness.
    pub changed: bool,
}

/// A node: its box, capacity bars and the pods drawn inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeShape {
    pub name: String,
    pub rect: Rect,
    pub bars: Vec<CapacityBar>,
    pub pods: Vec<PodShape>,
    /// Pods on the node beyond what fits, counted by status (`+ 188 more: 180 Running, ...`).
    pub more: Option<String>,
    /// `12 pods: 10 Ready, 2 ContainerCreating`.
    pub summary: String,
}

/// Pods without a node, and why the scheduler left them there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingArea {
    pub rect: Rect,
    pub pods: Vec<PodShape>,
    pub more: Option<String>,
    /// The scheduler's last message for these pods (`0/3 nodes are available: ...`), or what
    /// they wait for when the scheduler has not tried yet.
    pub reason: String,
}

/// One ReplicaSet of the followed Deployment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplicaSetShape {
    pub name: String,
    pub revision: u64,
    pub version: String,
    pub replicas: i64,
    pub ready: i64,
    pub rect: Rect,
    /// Whether it runs the Deployment's current template.
    pub newest: bool,
}

/// The line from a ReplicaSet to a pod it owns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnerLink {
    pub from: Point,
    pub to: Point,
    pub revision: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceShape {
    pub name: String,
    /// `:80 → 5000`.
    pub ports: String,
    pub endpoints: usize,
    pub requests_per_second: i64,
    pub rect: Rect,
}

/// A stream of requests from the Service to one pod.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestPath {
    /// The receiving pod's full name.
    pub target: String,
    pub from: Point,
    pub to: Point,
    pub requests_per_second: i64,
    /// How long one drawn request takes to travel, in milliseconds: more traffic, faster.
    pub trip_millis: u32,
}

/// The rolling update's budget at this frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Budget {
    pub desired: i64,
    /// Pods above `replicas` the rollout may run, and how many it runs now.
    pub max_surge: i64,
    pub surge_in_use: i64,
    /// Desired pods that may be unavailable, and how many are now.
    pub max_unavailable: i64,
    pub unavailable: i64,
}

/// The whole picture of one frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    pub height: i32,
    pub time: u64,
    pub deployment: String,
    /// `3/3 ready`.
    pub deployment_status: String,
    pub deployment_rect: Rect,
    pub replica_sets: Vec<ReplicaSetShape>,
    pub owner_links: Vec<OwnerLink>,
    pub service: Option<ServiceShape>,
    pub requests: Vec<RequestPath>,
    pub nodes: Vec<NodeShape>,
    /// Nodes beyond what the stage draws, in words.
    pub more_nodes: Option<String>,
    pub pending: Option<PendingArea>,
    pub budget: Option<Budget>,
    /// The picture in words, for screen readers.
    pub description: String,
}

impl Stage {
    /// Every pod drawn, on nodes and Pending.
    pub fn pods(&self) -> impl Iterator<Item = &PodShape> {
        self.nodes
            .iter()
            .flat_map(|node| node.pods.iter())
            .chain(self.pending.iter().flat_map(|area| area.pods.iter()))
    }
}

/// The stage at frame `index` of the run; `None` past the last frame.
pub fn stage(run: &Run, index: usize) -> Option<Stage> {
    let view = cluster_view(run, index)?;
    let previous = index
        .checked_sub(1)
        .and_then(|before| cluster_view(run, before));
    Some(layout::place(run, index, view, previous.as_ref()))
}

/// kubectl's STATUS, with READY when the pod has one container (`Running 0/1` while the
/// model loads). With several containers the simulation knows only whether the pod is ready,
/// not how many of its containers are, so it says that in words.
pub fn pod_label(chip: &PodChip, containers: usize) -> String {
    match (ready_column(chip, containers), chip.ready) {
        (Some(ready), _) => format!("{} {ready}", chip.status_text),
        (None, true) => format!("{} ready", chip.status_text),
        (None, false) => format!("{} not ready", chip.status_text),
    }
}

/// kubectl's READY for a pod of one container (`1/1`, `0/1`); `None` for several.
pub fn ready_column(chip: &PodChip, containers: usize) -> Option<String> {
    (containers == 1).then(|| format!("{}/1", u8::from(chip.ready)))
}

#[cfg(test)]
mod tests;
