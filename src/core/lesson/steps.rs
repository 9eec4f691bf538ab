//! The eight lesson steps as phases of one trace (apply, schedule, start, route, autoscale,
//! update, old pods gone, stable), cut where [`super::cuts`] says, each with a typed
//! [`StepOutcome`] of what actually happened. Steps that did not happen say what happened
//! instead.

use std::collections::HashSet;

use serde::Serialize;

use super::cuts::serving;
pub use super::cuts::step_ends;
use super::outcome::{StatusCounts, StepOutcome};
use crate::core::manifest::model::Deployment;
use crate::core::scenario::EffectiveScenario;
use crate::core::sim::autoscaler;
use crate::core::sim::decision::{DecisionOutcome, MetricFailure};
use crate::core::sim::trace::{Frame, PodPhase, PodSnapshot, PodStatus, Trace};

/// One row of the process table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepRow {
    pub number: usize,
    pub action: String,
    pub component: String,
    /// What the step found, typed; `result` is its text.
    pub outcome: StepOutcome,
    pub result: String,
    /// Frames `first_frame..=last_frame` belong to this step (empty when `happened` is false).
    pub first_frame: usize,
    pub last_frame: usize,
    pub happened: bool,
}

const ACTIONS: [(&str, &str); 8] = [
    ("Apply Deployment YAML", "kubectl"),
    ("Scheduler assigns pods to nodes", "Kubernetes Scheduler"),
    ("Pods start containers", "Kubelet"),
    ("Service routes traffic", "Kubernetes Service"),
    ("Monitor load", "Horizontal Pod Autoscaler"),
    ("Update Deployment with new image", "kubectl"),
    ("Old pods terminated", "Kubernetes Controller"),
    ("End", "-"),
];

/// The action text of step `number` (1-based), for questions and hints.
pub fn action_of(number: usize) -> &'static str {
    ACTIONS
        .get(number.wrapping_sub(1))
        .map(|(action, _)| *action)
        .unwrap_or("")
}

/// Builds the process table and marks every frame with its step.
pub fn build_rows(
    deployment: &Deployment,
    scenario: &EffectiveScenario,
    trace: &mut Trace,
) -> Vec<StepRow> {
    let ends = step_ends(trace);
    for (index, frame) in trace.frames.iter_mut().enumerate() {
        frame.step = step_of_frame(&ends, index);
    }
    let trace = &*trace;
    let facts = Facts::new(deployment, scenario, trace, &ends);
    (0..8)
        .map(|position| {
            let first_frame = if position == 0 {
                0
            } else {
                ends[position - 1] + 1
            };
            let last_frame = ends[position];
            let happened = position == 0 || first_frame <= last_frame;
            let (action, component) = ACTIONS[position];
            let outcome = facts.outcome(position + 1);
            StepRow {
                number: position + 1,
                action: action.to_string(),
                component: component.to_string(),
                result: outcome.to_string(),
                outcome,
                first_frame: first_frame.min(last_frame),
                last_frame,
                happened,
            }
        })
        .collect()
}

/// The step (1-based) a frame index belongs to.
pub fn step_of_frame(ends: &[usize; 8], index: usize) -> usize {
    ends.iter()
        .position(|&end| index <= end)
        .map(|position| position + 1)
        .unwrap_or(8)
}

/// What the outcomes are read from: the trace, cut into steps.
struct Facts<'a> {
    deployment: &'a Deployment,
    scenario: &'a EffectiveScenario,
    trace: &'a Trace,
    ends: &'a [usize; 8],
    initial: HashSet<&'a str>,
    /// The followed Deployment's pods at each step's last frame.
    end_pods: Vec<Vec<PodSnapshot>>,
}

impl<'a> Facts<'a> {
    fn new(
        deployment: &'a Deployment,
        scenario: &'a EffectiveScenario,
        trace: &'a Trace,
        ends: &'a [usize; 8],
    ) -> Self {
        let initial = trace
            .milestones
            .initial_pods
            .iter()
            .map(String::as_str)
            .collect();
        // Step ends never go back, so one cursor reads them all.
        let mut cursor = trace.cursor();
        let end_pods = ends
            .iter()
            .map(|&end| cursor.at(end).followed().cloned().collect())
            .collect();
        Facts {
            deployment,
            scenario,
            trace,
            ends,
            initial,
            end_pods,
        }
    }

    fn frame_at(&self, step: usize) -> &'a Frame {
        &self.trace.frames[self.ends[step - 1]]
    }

    /// The followed Deployment's pods at the step's last frame.
    fn pods_at(&self, step: usize) -> &[PodSnapshot] {
        &self.end_pods[step - 1]
    }

    /// Indices of a step's frames, first to last (empty when the step had none of its own).
    fn frames_of(&self, step: usize) -> std::ops::Range<usize> {
        let first = if step == 1 {
            0
        } else {
            self.ends[step - 2] + 1
        };
        first..self.ends[step - 1] + 1
    }

    fn outcome(&self, step: usize) -> StepOutcome {
        match step {
            1 => StepOutcome::Applied {
                deployment: self.deployment.name.clone(),
                replicas: self.deployment.replicas,
            },
            2 => self.scheduling(),
            3 => self.starting(),
            4 => self.routing(),
            5 => self.autoscaling(),
            6 => self.updating(),
            7 => self.terminating(),
            _ => self.ending(),
        }
    }

    fn initial_scheduled(&self, step: usize) -> Vec<&PodSnapshot> {
        self.pods_at(step)
            .iter()
            .filter(|p| self.initial.contains(&*p.name) && p.node.is_some())
            .collect()
    }

    fn scheduling(&self) -> StepOutcome {
        let total = self.trace.milestones.initial_pods.len();
        let scheduled = self.initial_scheduled(2).len();
        if total == 0 {
            StepOutcome::NothingToSchedule
        } else if scheduled == total {
            StepOutcome::AllScheduled { pods: total }
        } else {
            let reason = self
                .trace
                .scheduling_failures
                .iter()
                .find(|failure| self.initial.contains(failure.pod.as_str()))
                .map(|failure| failure.summary())
                .unwrap_or_default();
            StepOutcome::PartlyScheduled {
                scheduled,
                total,
                reason,
            }
        }
    }

    fn starting(&self) -> StepOutcome {
        let scheduled = self.initial_scheduled(3);
        let serving_count = scheduled.iter().filter(|p| serving(p)).count();
        if scheduled.is_empty() {
            StepOutcome::NoContainerStarted
        } else if serving_count == scheduled.len() {
            StepOutcome::ContainersServing {
                port: self
                    .deployment
                    .main_container()
                    .and_then(|c| c.ports.first())
                    .map(|p| p.container_port),
            }
        } else if let Some(pod) = scheduled
            .iter()
            .find(|p| p.status == PodStatus::ErrImageNeverPull)
        {
            StepOutcome::ImageNeverPull {
                serving: serving_count,
                scheduled: scheduled.len(),
                pod: pod.name.to_string(),
            }
        } else {
            let waiting: Vec<&PodSnapshot> =
                scheduled.iter().copied().filter(|p| !serving(p)).collect();
            StepOutcome::StillLoading {
                serving: serving_count,
                scheduled: scheduled.len(),
                waiting: StatusCounts::of(&waiting),
            }
        }
    }

    fn routing(&self) -> StepOutcome {
        let Some(service) = &self.scenario.service else {
            return StepOutcome::NoService;
        };
        let frame = self.frame_at(4);
        if self.trace.milestones.traffic_start.is_none() {
            return StepOutcome::NoTraffic {
                service: service.name.clone(),
                endpoints: frame.endpoints,
            };
        }
        match frame.endpoints {
            0 => StepOutcome::NoEndpoints {
                service: service.name.clone(),
            },
            1 => StepOutcome::OneEndpoint,
            endpoints => StepOutcome::Balanced { endpoints },
        }
    }

    fn autoscaling(&self) -> StepOutcome {
        let replicas = self.frame_at(5).deployment.replicas;
        let Some(hpa) = &self.scenario.autoscaler else {
            return StepOutcome::NoAutoscaler { replicas };
        };
        if !autoscaler::targets(self.scenario, self.deployment) {
            return StepOutcome::TargetsOther {
                target: hpa.target_name.clone(),
                replicas,
            };
        }
        let cutoff = self.trace.milestones.rollout_start.unwrap_or(u64::MAX);
        let decisions: Vec<_> = self
            .trace
            .autoscaler_decisions
            .iter()
            .filter(|decision| decision.time < cutoff)
            .collect();
        let rescales: Vec<_> = decisions.iter().filter(|d| d.rescaled()).collect();
        let peak = rescales.iter().map(|d| d.desired_replicas).max();
        if let (Some(first), Some(last), Some(peak)) = (rescales.first(), rescales.last(), peak) {
            let metric = match &first.outcome {
                DecisionOutcome::MeasuredCustom(custom) => custom
                    .readings
                    .iter()
                    .max_by_key(|reading| reading.proposal)
                    .map(|reading| reading.name.clone()),
                _ => None,
            };
            return StepOutcome::Rescaled {
                from: first.current_replicas,
                to: last.desired_replicas,
                peak,
                metric,
            };
        }
        let Some(last) = decisions.last() else {
            return StepOutcome::NotSyncedYet { replicas };
        };
        match &last.outcome {
            DecisionOutcome::ScalingDisabled => StepOutcome::ScalingDisabled,
            DecisionOutcome::MetricUnavailable { failure, message } => StepOutcome::CannotMeasure {
                failure: *failure,
                message: message.clone(),
                replicas,
            },
            DecisionOutcome::NoMetric => StepOutcome::CannotMeasure {
                failure: MetricFailure::NoMatchingMetrics,
                message: "the autoscaler lists no CPU metric".to_string(),
                replicas,
            },
            DecisionOutcome::Clamped { .. } => StepOutcome::WithinTolerance { replicas },
            DecisionOutcome::Measured(_) | DecisionOutcome::MeasuredCustom(_) => {
                match last.hold() {
                    Some(hold) => StepOutcome::HeldBack { replicas, hold },
                    None => StepOutcome::WithinTolerance { replicas },
                }
            }
        }
    }

    /// The revision the rollout created: the Deployment's revision right after step 5.
    fn new_revision(&self) -> u64 {
        self.trace
            .frames
            .get(self.ends[4] + 1)
            .map(|f| f.deployment.revision)
            .unwrap_or(0)
    }

    fn updating(&self) -> StepOutcome {
        if self.trace.milestones.rollout_start.is_none() {
            return if self.trace.milestones.rollout_unchanged_image {
                StepOutcome::ImageUnchanged
            } else {
                StepOutcome::NoRollout
            };
        }
        let end = self.frame_at(6);
        if end.deployment.replicas == 0 {
            return StepOutcome::RolloutAtZero;
        }
        let strategy = self.deployment.strategy.kind;
        let revision = self.new_revision();
        let mut cursor = self.trace.cursor();
        let became_ready = self.frames_of(6).any(|index| {
            cursor
                .at(index)
                .followed()
                .any(|p| p.revision == revision && p.ready)
        });
        if became_ready {
            return StepOutcome::RolledOut { strategy };
        }
        let new_pods: Vec<&PodSnapshot> = self
            .pods_at(6)
            .iter()
            .filter(|p| p.revision == revision && !p.terminating)
            .collect();
        StepOutcome::NewPodsNotReady {
            strategy,
            created: new_pods.len(),
            statuses: StatusCounts::of(&new_pods),
        }
    }

    fn terminating(&self) -> StepOutcome {
        let frame = self.frame_at(7);
        if self.trace.milestones.rollout_start.is_none() || frame.deployment.replicas == 0 {
            return StepOutcome::NoOldPods;
        }
        let newest = frame.deployment.revision;
        let pods = self.pods_at(7);
        let old: Vec<&PodSnapshot> = pods.iter().filter(|p| p.revision < newest).collect();
        let new_ready = pods
            .iter()
            .filter(|p| p.revision == newest && p.ready && !p.terminating)
            .count();
        if old.is_empty() && new_ready as i64 >= frame.deployment.replicas {
            StepOutcome::Completed
        } else {
            StepOutcome::NotFinished {
                old: old.len(),
                old_running: old.iter().filter(|p| p.phase == PodPhase::Running).count(),
                new_ready,
                replicas: frame.deployment.replicas,
            }
        }
    }

    fn ending(&self) -> StepOutcome {
        let frame = self.frame_at(8);
        let pods = self.pods_at(8);
        let ready = pods.iter().filter(|p| p.ready && !p.terminating).count();
        let pending = pods
            .iter()
            .filter(|p| p.phase == PodPhase::Pending && !p.terminating)
            .count();
        if frame.deployment.replicas == 0 && pods.is_empty() {
            StepOutcome::StableAtZero
        } else if ready as i64 == frame.deployment.replicas && pending == 0 {
            // Ready pods that are not endpoints are pods the selector does not match.
            let service = self.scenario.service.as_ref();
            match service.filter(|_| frame.endpoints == 0 && ready > 0) {
                Some(service) => StepOutcome::StableWithoutEndpoints {
                    service: service.name.clone(),
                },
                None => StepOutcome::Stable,
            }
        } else {
            StepOutcome::NotDesired {
                ready,
                replicas: frame.deployment.replicas,
                pending,
            }
        }
    }
}
