//! The control-plane simulation: a discrete-event loop over simulated seconds.
//!
//! Timed actions (an image pull finishing, a readiness probe, an HPA sync, the scenario's
//! traffic and rollout) wait in a queue ordered by (time, sequence). After each one, the
//! controllers reconcile until nothing changes, each change recorded as events and a frame.
//! Pod status reports from kubelets that land in the same second are handled together and
//! shown in one frame, as the controllers' informers and work queues would deliver them: a
//! thousand pods becoming Ready at once make one Deployment sync, not a thousand.
//! No wall clock and no global randomness: the same deployment, scenario and seed always give
//! the same [`Trace`].
//!
//! Controllers live one per module: [`deployment_controller`], [`replicaset_controller`],
//! [`scheduler`], [`kubelet`], [`endpoints`] and [`autoscaler`]; their arithmetic lives in
//! the upstream-vector-tested [`rollout_math`], [`status_math`], [`hpa_math`] and
//! [`scheduler_math`].

pub mod autoscaler;
pub mod change;
pub mod cpu_metric;
pub mod custom_metrics;
pub mod decision;
pub mod deployment_controller;
pub mod deployment_status;
pub mod endpoints;
pub mod frames;
pub mod hpa_math;
pub mod init_containers;
pub mod kubelet;
pub mod pod_counts;
pub mod pod_deltas;
pub mod pod_history;
pub mod replicaset_controller;
pub mod rollout_math;
pub mod scheduler;
pub mod scheduler_math;
pub mod state;
pub mod status_math;
pub mod trace;

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::core::limits::{MAX_EVENTS, MAX_SIMULATED_SECONDS};
use crate::core::manifest::model::{Deployment, HorizontalPodAutoscaler};
use crate::core::rng::Rng;
use crate::core::scenario::{EffectiveScenario, SETTLE_SECONDS};
use change::{Change, EventReason, EventType};
use pod_deltas::PodRecorder;
#[cfg(not(target_arch = "wasm32"))]
pub use pod_deltas::simulate_with_full_pods;
use state::{Cluster, Node, Workload};
use trace::EventRecord;
pub use trace::Trace;

/// Something scheduled to happen at a simulated second.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Action {
    Apply,
    PullFinished {
        pod: u64,
    },
    InitPulled {
        pod: u64,
    },
    InitFinished {
        pod: u64,
    },
    StartupProbe {
        pod: u64,
    },
    ReadinessProbe {
        pod: u64,
    },
    MinReadyElapsed {
        pod: u64,
    },
    ContainerStopped {
        pod: u64,
    },
    AutoscalerSync,
    Traffic {
        requests_per_second: i64,
    },
    Rollout {
        image: String,
    },
    ProgressCheck {
        workload: usize,
    },
    /// A metric the Scenario states takes a new value (the autoscaler reads it at its sync).
    MetricChanged,
}

impl Action {
    /// Actions that recur forever, or only check on a rollout's deadline, do not keep the
    /// run alive on their own. `ProgressCheck` is the Deployment controller looking again at
    /// a rollout once its `progressDeadlineSeconds` have passed (`requeueStuckDeployment`,
    /// §3.7): a stuck rollout is shown timing out only when the scenario's `duration`
    /// reaches its deadline.
    fn is_periodic(&self) -> bool {
        matches!(self, Action::AutoscalerSync | Action::ProgressCheck { .. })
    }

    /// A kubelet reporting a pod's new status. Reports that land in the same second reach
    /// the controllers together, as the informers and work queues deliver them: the
    /// ReplicaSet's status and the Deployment's next sync see all of them at once.
    fn is_pod_status(&self) -> bool {
        matches!(
            self,
            Action::PullFinished { .. }
                | Action::InitPulled { .. }
                | Action::InitFinished { .. }
                | Action::StartupProbe { .. }
                | Action::ReadinessProbe { .. }
                | Action::MinReadyElapsed { .. }
                | Action::ContainerStopped { .. }
        )
    }
}

/// What the kubelet changed about a pod, for the frame that shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PodChange {
    Initialized,
    Started,
    Ready,
    Available,
    Gone,
}

impl PodChange {
    fn into_change(self, pods: Vec<String>) -> Change {
        match self {
            PodChange::Initialized => Change::InitContainerFinished { pods },
            PodChange::Started => Change::ContainersStarted { pods },
            PodChange::Ready => Change::PodsReady { pods },
            PodChange::Available => Change::PodsAvailable { pods },
            PodChange::Gone => Change::PodsGone { pods },
        }
    }
}

/// Runs the whole lesson's simulation: every Deployment of the scenario in one cluster.
pub fn simulate(scenario: &EffectiveScenario) -> Trace {
    let mut simulation = Simulation::new(scenario);
    simulation.run();
    simulation.trace
}

/// How often the HPA controller syncs (`--horizontal-pod-autoscaler-sync-period`).
pub const AUTOSCALER_SYNC_SECONDS: u64 = 15;

pub(crate) struct Simulation<'a> {
    /// Every Deployment, in the order of `Cluster::workloads`.
    deployments: &'a [Deployment],
    /// The Deployment the lesson follows: the scenario's traffic, rollout and milestones.
    followed: usize,
    /// The workload a controller is syncing now (controllers sync one workload at a time).
    current: usize,
    /// The autoscalers that target a Deployment of the file, with that workload; the
    /// followed Deployment's first.
    autoscalers: Vec<(&'a HorizontalPodAutoscaler, usize)>,
    scenario: &'a EffectiveScenario,
    cluster: Cluster,
    queue: BinaryHeap<Reverse<(u64, u64, Action)>>,
    sequence: u64,
    rng: Rng,
    trace: Trace,
    next_uid: u64,
    /// What each autoscaler remembers between syncs, as `autoscalers`.
    autoscaler_memory: Vec<autoscaler::Memory>,
    /// Kubelet changes not yet shown in a frame, by kind, pods in order.
    pod_changes: Vec<(PodChange, Vec<String>)>,
    /// What the frames so far show of each pod.
    recorder: PodRecorder,
    /// What the traffic shares were last worked out from.
    endpoints: endpoints::Seen,
    /// Every frame's pods in full, kept only by `simulate_with_full_pods`.
    #[cfg(not(target_arch = "wasm32"))]
    reference: Option<Vec<Vec<trace::PodSnapshot>>>,
}

impl<'a> Simulation<'a> {
    fn new(scenario: &'a EffectiveScenario) -> Self {
        let nodes = scenario
            .nodes
            .iter()
            .map(|spec| Node {
                spec: spec.clone(),
                images: Default::default(),
            })
            .collect();
        let deployments = scenario.deployments.as_slice();
        let autoscalers = autoscaler::targeting(scenario);
        let workloads = deployments
            .iter()
            .map(|deployment| Workload {
                name: deployment.name.clone(),
                ..Workload::default()
            })
            .collect();
        let services = scenario
            .service
            .iter()
            .chain(&scenario.other_services)
            .cloned()
            .collect();
        Simulation {
            deployments,
            followed: scenario.followed,
            current: scenario.followed,
            autoscaler_memory: vec![autoscaler::Memory::default(); autoscalers.len()],
            autoscalers,
            scenario,
            cluster: Cluster {
                now: 0,
                nodes,
                replica_sets: Vec::new(),
                pods: Vec::new(),
                pod_names: Default::default(),
                swept: true,
                touched: Vec::new(),
                tally: Default::default(),
                workloads,
                services,
                autoscalers: Vec::new(),
                requests_per_second: 0,
            },
            queue: BinaryHeap::new(),
            sequence: 0,
            rng: Rng::new(scenario.seed),
            trace: Trace::default(),
            next_uid: 0,
            pod_changes: Vec::new(),
            recorder: PodRecorder::default(),
            endpoints: Default::default(),
            #[cfg(not(target_arch = "wasm32"))]
            reference: None,
        }
    }

    fn run(&mut self) {
        self.schedule_at(0, Action::Apply);
        self.cluster.autoscalers = vec![Some(Default::default()); self.autoscalers.len()];
        if !self.autoscalers.is_empty() {
            self.schedule_at(AUTOSCALER_SYNC_SECONDS, Action::AutoscalerSync);
        }
        for point in &self.scenario.traffic {
            self.schedule_at(
                point.at_seconds,
                Action::Traffic {
                    requests_per_second: point.requests_per_second,
                },
            );
        }
        let changes: Vec<u64> = self
            .scenario
            .metric_series
            .iter()
            .flat_map(|series| series.points.iter().map(|(at, _)| *at))
            .collect();
        for at in changes {
            self.schedule_at(at, Action::MetricChanged);
        }
        if let Some(rollout) = &self.scenario.rollout {
            self.schedule_at(
                rollout.at_seconds,
                Action::Rollout {
                    image: rollout.image.clone(),
                },
            );
        }
        let hard_end = self
            .scenario
            .duration_seconds
            .unwrap_or(MAX_SIMULATED_SECONDS)
            .min(MAX_SIMULATED_SECONDS);
        let mut settle_until: Option<u64> = None;
        loop {
            let end = settle_until.unwrap_or(hard_end).min(hard_end);
            let Some(Reverse((time, _, action))) = self.queue.pop() else {
                // Nothing left to happen: the run still lasts until its stated duration, or
                // until the settled cluster has been shown for SETTLE_SECONDS (docs/scenario.md).
                if self.scenario.duration_seconds.is_some() || settle_until.is_some() {
                    self.cluster.now = self.cluster.now.max(end);
                }
                break;
            };
            if time > end {
                self.cluster.now = end;
                break;
            }
            self.cluster.now = time;
            let frames_before = self.trace.frames.len();
            let batch = action.is_pod_status();
            self.handle(action);
            while batch
                && self.queue.peek().is_some_and(|Reverse((next, _, action))| {
                    *next == time && action.is_pod_status()
                })
            {
                if let Some(Reverse((_, _, action))) = self.queue.pop() {
                    self.handle(action);
                }
            }
            self.cluster.sweep();
            self.record_pod_changes();
            self.reconcile();
            if self.trace.events.len() >= MAX_EVENTS {
                self.trace.notes.push(format!("The run was cut at {time}s: it recorded {MAX_EVENTS} events, the most the simulation keeps."));
                break;
            }
            if self.scenario.duration_seconds.is_none() {
                let changed = self.trace.frames.len() > frames_before;
                if changed {
                    settle_until = None;
                }
                if settle_until.is_none() && self.is_settled() {
                    settle_until = Some(time + SETTLE_SECONDS);
                }
            }
        }
        if self.scenario.duration_seconds.is_none()
            && settle_until.is_none()
            && self.cluster.now >= MAX_SIMULATED_SECONDS
        {
            self.trace.notes.push(format!(
                "The run stopped at the {MAX_SIMULATED_SECONDS}s limit before the cluster settled."
            ));
        }
        self.trace.end_time = self.cluster.now;
        if self
            .trace
            .frames
            .last()
            .is_none_or(|frame| frame.time != self.cluster.now)
        {
            self.record_frame(vec![Change::RunEnded]);
        }
    }

    /// Settled: only periodic work is queued, no pod is on its way anywhere, and the
    /// autoscaler is not holding back a change it will make later (a scale-down waiting out
    /// its stabilization window, or a scale-up held by a rate limit, §4 step 8).
    fn is_settled(&self) -> bool {
        if self
            .autoscaler_memory
            .iter()
            .any(autoscaler::Memory::is_waiting)
        {
            return false;
        }
        let only_periodic = self
            .queue
            .iter()
            .all(|Reverse((_, _, action))| action.is_periodic());
        // No pod terminating, nor bound and not ready (unless its image may never be pulled).
        let pods_steady = self.cluster.tally.moving() == 0;
        only_periodic && pods_steady
    }

    fn handle(&mut self, action: Action) {
        match action {
            Action::Apply => deployment_controller::apply(self),
            Action::PullFinished { pod } => kubelet::pull_finished(self, pod),
            Action::InitPulled { pod } => init_containers::pulled(self, pod),
            Action::InitFinished { pod } => init_containers::finished(self, pod),
            Action::StartupProbe { pod } => kubelet::startup_probe(self, pod),
            Action::ReadinessProbe { pod } => kubelet::readiness_probe(self, pod),
            Action::MinReadyElapsed { pod } => kubelet::min_ready_elapsed(self, pod),
            Action::ContainerStopped { pod } => kubelet::container_stopped(self, pod),
            Action::AutoscalerSync => {
                autoscaler::sync(self);
                self.schedule_at(
                    self.cluster.now + AUTOSCALER_SYNC_SECONDS,
                    Action::AutoscalerSync,
                );
            }
            Action::Traffic {
                requests_per_second,
            } => endpoints::set_traffic(self, requests_per_second),
            Action::Rollout { image } => deployment_controller::set_image(self, &image),
            Action::MetricChanged => {}
            Action::ProgressCheck { workload } => {
                self.current = workload;
                deployment_status::progress_check(self);
            }
        }
    }

    /// Runs the controllers until none of them changes anything (bounded: a controller bug
    /// must not hang the page).
    fn reconcile(&mut self) {
        for _ in 0..64 {
            let mut changed = false;
            let passes = [
                deployment_controller::sync,
                replicaset_controller::sync,
                scheduler::schedule,
                endpoints::update,
            ];
            for pass in passes {
                let changes = pass(self);
                if !changes.is_empty() {
                    self.record_frame(changes);
                    changed = true;
                }
            }
            if !changed {
                return;
            }
        }
    }

    fn schedule_at(&mut self, time: u64, action: Action) {
        self.sequence += 1;
        self.queue.push(Reverse((time, self.sequence, action)));
    }

    fn event(
        &mut self,
        event_type: EventType,
        reason: EventReason,
        object: String,
        message: String,
        source: &'static str,
    ) {
        self.trace.events.push(EventRecord {
            time: self.cluster.now,
            event_type,
            reason,
            object,
            message,
            source,
        });
    }

    /// Notes a kubelet's change to a pod; the frame is recorded once the reports of this
    /// second have all been handled.
    pub(crate) fn pod_changed(&mut self, change: PodChange, pod: String) {
        match self
            .pod_changes
            .iter_mut()
            .find(|(kind, _)| *kind == change)
        {
            Some((_, pods)) => pods.push(pod),
            None => self.pod_changes.push((change, vec![pod])),
        }
    }

    fn record_pod_changes(&mut self) {
        if self.pod_changes.is_empty() {
            return;
        }
        let changes = std::mem::take(&mut self.pod_changes)
            .into_iter()
            .map(|(change, pods)| change.into_change(pods))
            .collect();
        self.record_frame(changes);
    }

    /// Records the cluster as it is now. The Deployment controller reacts to every change
    /// of its ReplicaSets within the same instant, so its status is brought up to date
    /// first (§3.7).
    fn record_frame(&mut self, changes: Vec<Change>) {
        deployment_status::sync_all(self);
        let frame = frames::snapshot(self, changes);
        pod_deltas::record_frame(self);
        self.trace.frames.push(frame);
    }

    /// The Deployment of the workload being synced.
    fn deployment(&self) -> &'a Deployment {
        &self.deployments[self.current]
    }

    fn workload(&self) -> &Workload {
        &self.cluster.workloads[self.current]
    }

    fn workload_mut(&mut self) -> &mut Workload {
        &mut self.cluster.workloads[self.current]
    }

    fn next_uid(&mut self) -> u64 {
        self.next_uid += 1;
        self.next_uid
    }
}
