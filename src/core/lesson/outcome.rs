//! What each lesson step found in the trace, as typed values. The process table's result
//! text is rendered from these; the outcome line, the quiz, the key moments and the narrative
//! decide on them, never on the rendered words.

use std::fmt;

use serde::Serialize;

use crate::core::manifest::model::StrategyKind;
pub use crate::core::sim::decision::Hold;
use crate::core::sim::decision::MetricFailure;
use crate::core::sim::trace::{PodSnapshot, PodStatus};

/// The result of one step of the process table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum StepOutcome {
    // Step 1: `kubectl apply`.
    Applied {
        deployment: String,
        replicas: i64,
    },

    // Step 2: the scheduler.
    NothingToSchedule,
    AllScheduled {
        pods: usize,
    },
    PartlyScheduled {
        scheduled: usize,
        total: usize,
        /// The scheduler's fit error (`0/3 nodes are available: 3 Insufficient cpu.`).
        reason: String,
    },

    // Step 3: the kubelets.
    NoContainerStarted,
    ContainersServing {
        port: Option<i64>,
    },
    ImageNeverPull {
        serving: usize,
        scheduled: usize,
        pod: String,
    },
    /// Some scheduled pods are not serving yet: pulling their image, or loading the model.
    StillLoading {
        serving: usize,
        scheduled: usize,
        /// The pods not serving yet, by status.
        waiting: StatusCounts,
    },

    // Step 4: the Service.
    NoService,
    NoTraffic {
        service: String,
        endpoints: usize,
    },
    NoEndpoints {
        service: String,
    },
    OneEndpoint,
    Balanced {
        endpoints: usize,
    },

    // Step 5: the autoscaler.
    NoAutoscaler {
        replicas: i64,
    },
    TargetsOther {
        target: String,
        replicas: i64,
    },
    Rescaled {
        from: i64,
        to: i64,
        /// The most replicas any rescale of the step set: above both `from` and `to` when a
        /// spike came and went within the step.
        peak: i64,
        /// The custom metric it scaled on; `None` for CPU.
        metric: Option<String>,
    },
    CannotMeasure {
        failure: MetricFailure,
        message: String,
        replicas: i64,
    },
    ScalingDisabled,
    WithinTolerance {
        replicas: i64,
    },
    /// Measured away from the target, yet a bound or the stabilization window kept the size.
    HeldBack {
        replicas: i64,
        hold: Hold,
    },
    /// The autoscaler did not sync before the step ended.
    NotSyncedYet {
        replicas: i64,
    },

    // Step 6: the new image.
    RolloutAtZero,
    ImageUnchanged,
    NoRollout,
    /// New pods of the new revision became ready during the step.
    RolledOut {
        strategy: StrategyKind,
    },
    /// New pods were created but none became ready before the step ended.
    NewPodsNotReady {
        strategy: StrategyKind,
        created: usize,
        statuses: StatusCounts,
    },

    // Step 7: old pods.
    NoOldPods,
    Completed,
    NotFinished {
        old: usize,
        /// How many of the old pods had started their containers.
        old_running: usize,
        new_ready: usize,
        replicas: i64,
    },

    // Step 8: the end.
    StableAtZero,
    Stable,
    /// Every replica ready, yet the Service routes to none of them (its selector matches no
    /// pod): the Deployment is done, the model unreachable.
    StableWithoutEndpoints {
        service: String,
    },
    NotDesired {
        ready: usize,
        replicas: i64,
        pending: usize,
    },
}

/// Pods by kubectl STATUS, in a fixed order, for sentences such as "1 Pending".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    pub pending: usize,
    /// Running init containers, or pulling after them (`Init:N/M`, `PodInitializing`).
    pub initializing: usize,
    pub container_creating: usize,
    pub err_image_never_pull: usize,
    pub running: usize,
    pub terminating: usize,
}

impl StatusCounts {
    /// Pods counted by kubectl STATUS; a started pod that is not ready counts as "Running, not ready".
    pub fn of(pods: &[&PodSnapshot]) -> StatusCounts {
        let mut counts = StatusCounts::default();
        for pod in pods {
            match pod.status {
                PodStatus::Pending => counts.pending += 1,
                PodStatus::Init | PodStatus::PodInitializing => counts.initializing += 1,
                PodStatus::ContainerCreating => counts.container_creating += 1,
                PodStatus::ErrImageNeverPull => counts.err_image_never_pull += 1,
                PodStatus::Running if !pod.ready => counts.running += 1,
                PodStatus::Running => {}
                PodStatus::Terminating => counts.terminating += 1,
            }
        }
        counts
    }

    pub fn total(&self) -> usize {
        self.pending
            + self.initializing
            + self.container_creating
            + self.err_image_never_pull
            + self.running
            + self.terminating
    }
}

impl fmt::Display for StatusCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = [
            (self.pending, "Pending"),
            (self.initializing, "initializing"),
            (self.container_creating, "ContainerCreating"),
            (self.err_image_never_pull, "ErrImageNeverPull"),
            (self.running, "Running, not ready"),
            (self.terminating, "Terminating"),
        ]
        .iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, word)| format!("{count} {word}"))
        .collect();
        f.write_str(&parts.join(", "))
    }
}

pub(crate) fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

impl fmt::Display for StepOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StepOutcome::Applied {
                deployment,
                replicas,
            } => write!(
                f,
                "Deployment '{deployment}' created with {}",
                plural(*replicas as usize, "replica", "replicas")
            ),
            StepOutcome::NothingToSchedule => {
                f.write_str("No pods to schedule: the Deployment asks for 0 replicas")
            }
            StepOutcome::AllScheduled { pods } => write!(
                f,
                "{} scheduled on available nodes",
                plural(*pods, "pod", "pods")
            ),
            StepOutcome::PartlyScheduled {
                scheduled,
                total,
                reason,
            } => write!(
                f,
                "{scheduled} of {total} pods scheduled; the rest stay Pending: {reason}"
            ),
            StepOutcome::NoContainerStarted => {
                f.write_str("No container started: no pod was scheduled")
            }
            StepOutcome::ContainersServing { port: Some(port) } => write!(
                f,
                "ML model containers running and listening on port {port}"
            ),
            StepOutcome::ContainersServing { port: None } => {
                f.write_str("ML model containers running")
            }
            StepOutcome::ImageNeverPull {
                serving,
                scheduled,
                pod,
            } => write!(
                f,
                "{serving} of {scheduled} containers running; {pod} cannot start: ErrImageNeverPull"
            ),
            StepOutcome::StillLoading {
                serving,
                scheduled,
                waiting,
            } if waiting.running == waiting.total() => write!(
                f,
                "{serving} of {scheduled} pods running and ready so far; the model is still loading"
            ),
            StepOutcome::StillLoading {
                serving,
                scheduled,
                waiting,
            } => write!(
                f,
                "{serving} of {scheduled} pods running and ready so far; the others are {waiting}"
            ),
            StepOutcome::NoService => f.write_str(
                "No Service in this scenario: nothing routes prediction requests to the pods",
            ),
            StepOutcome::NoTraffic { service, endpoints } => write!(
                f,
                "Service '{service}' selects {endpoints} ready pod(s); the scenario sends no traffic"
            ),
            StepOutcome::NoEndpoints { service } => write!(
                f,
                "Service '{service}' has no ready endpoints: prediction requests fail"
            ),
            StepOutcome::OneEndpoint => {
                f.write_str("Requests to model all go to the one ready pod")
            }
            StepOutcome::Balanced { .. } => {
                f.write_str("Requests to model are load balanced across pods")
            }
            StepOutcome::NoAutoscaler { replicas } => {
                write!(f, "No HorizontalPodAutoscaler: replicas stay at {replicas}")
            }
            StepOutcome::TargetsOther { target, replicas } => write!(
                f,
                "The autoscaler targets '{target}', not this Deployment: replicas stay at {replicas}"
            ),
            StepOutcome::Rescaled {
                metric: Some(metric),
                ..
            } => write!(f, "Pods scaled up/down based on {metric}"),
            StepOutcome::Rescaled { .. } => f.write_str("Pods scaled up/down based on CPU usage"),
            StepOutcome::CannotMeasure {
                failure: MetricFailure::NoMetricsApi,
                message,
                replicas,
            } => write!(
                f,
                "The autoscaler cannot read its metrics ({message}): replicas stay at {replicas}"
            ),
            StepOutcome::CannotMeasure {
                message, replicas, ..
            } => write!(
                f,
                "The autoscaler cannot measure CPU ({message}): replicas stay at {replicas}"
            ),
            StepOutcome::ScalingDisabled => f.write_str(
                "The autoscaler leaves a Deployment at 0 replicas alone (scaling disabled)",
            ),
            StepOutcome::WithinTolerance { replicas } => write!(
                f,
                "CPU usage stayed within 10% of the target: replicas stay at {replicas}"
            ),
            StepOutcome::HeldBack { replicas, hold } => write!(
                f,
                "CPU usage is off target, but replicas stay at {replicas}: {}",
                hold.describe()
            ),
            StepOutcome::NotSyncedYet { replicas } => write!(
                f,
                "The autoscaler has not measured yet: replicas stay at {replicas}"
            ),
            StepOutcome::RolloutAtZero => {
                f.write_str("The template now names the new image; with 0 replicas no pod starts")
            }
            StepOutcome::ImageUnchanged => {
                f.write_str("The new image equals the running one: nothing to roll out")
            }
            StepOutcome::NoRollout => {
                f.write_str("No new image in this scenario: the Deployment keeps its model")
            }
            StepOutcome::RolledOut {
                strategy: StrategyKind::RollingUpdate,
            } => f.write_str("Rolling update triggers new pods with updated model"),
            StepOutcome::RolledOut {
                strategy: StrategyKind::Recreate,
            } => f.write_str(
                "Recreate stops every old pod, then starts new pods with the updated model",
            ),
            StepOutcome::NewPodsNotReady { created: 0, .. } => f.write_str(
                "The template names the new image, but no new pod was created before the step ended",
            ),
            StepOutcome::NewPodsNotReady {
                strategy,
                created,
                statuses,
            } => {
                let how = match strategy {
                    StrategyKind::RollingUpdate => "Rolling update creates",
                    StrategyKind::Recreate => "Recreate stops the old pods and creates",
                };
                write!(
                    f,
                    "{how} {} with the updated model; none is ready ({statuses})",
                    plural(*created, "new pod", "new pods")
                )
            }
            StepOutcome::NoOldPods => f.write_str("No old pods to terminate"),
            StepOutcome::Completed => f.write_str("Deployment updated successfully"),
            StepOutcome::NotFinished {
                old,
                old_running,
                new_ready,
                replicas,
            } => {
                let old_text = if old_running == old {
                    format!("{} still running", plural(*old, "old pod", "old pods"))
                } else {
                    format!(
                        "{} left ({old_running} running)",
                        plural(*old, "old pod", "old pods")
                    )
                };
                write!(
                    f,
                    "Rollout not finished: {old_text}, {new_ready} of {replicas} new pods ready"
                )
            }
            StepOutcome::StableAtZero => {
                f.write_str("Stable at 0 replicas: no pod serves predictions")
            }
            StepOutcome::Stable => f.write_str("Model serving stable with desired replicas"),
            StepOutcome::StableWithoutEndpoints { service } => write!(
                f,
                "Desired replicas ready, but Service '{service}' selects none of them: 0 endpoints"
            ),
            StepOutcome::NotDesired {
                ready,
                replicas,
                pending,
            } => write!(
                f,
                "Not at the desired state: {ready} of {replicas} pods ready, {pending} Pending"
            ),
        }
    }
}
