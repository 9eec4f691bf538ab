//! The eight lesson steps as phases of one trace (apply, schedule, start, route, autoscale,
//! update, old pods gone, stable), cut at moments the simulation recorded, with a result row
//! computed from what actually happened. Steps that did not happen say so.

use serde::Serialize;

use crate::core::manifest::model::{Deployment, StrategyKind};
use crate::core::scenario::EffectiveScenario;
use crate::core::sim::trace::{Frame, Trace};

/// One row of the process table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepRow {
    pub number: usize,
    pub action: String,
    pub component: String,
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

/// Cuts the trace into the eight steps: the index of each step's last frame.
pub fn step_ends(trace: &Trace) -> [usize; 8] {
    let frames = &trace.frames;
    let last = frames.len().saturating_sub(1);
    let before_last = if frames.len() >= 2 { last - 1 } else { last };
    let initial = &trace.milestones.initial_pods;
    // A set: a 1,000-replica run checks every pod of every frame against it.
    let initial_names: std::collections::HashSet<&str> =
        initial.iter().map(String::as_str).collect();
    let is_initial = |name: &str| initial_names.contains(name);
    let find_from = |start: usize, predicate: &dyn Fn(&Frame) -> bool| -> Option<usize> {
        (start..frames.len()).find(|&index| predicate(&frames[index]))
    };
    let last_before =
        |time: u64| -> Option<usize> { frames.iter().rposition(|frame| frame.time < time) };

    let end1 = find_from(0, &|f: &Frame| {
        f.pods.iter().filter(|p| is_initial(&p.name)).count() >= initial.len()
            && f.deployment.exists
    })
    .unwrap_or(0);
    let end2 = if initial.is_empty() {
        end1
    } else {
        find_from(end1 + 1, &|f: &Frame| {
            f.cause.contains("scheduled") || f.cause.contains("unschedulable")
        })
        .unwrap_or(end1)
    };
    let cutoff = trace
        .milestones
        .traffic_start
        .or(trace.milestones.rollout_start);
    let limit3 = cutoff
        .and_then(last_before)
        .unwrap_or(before_last)
        .max(end2);
    let end3 = find_from(end2, &|f: &Frame| {
        let scheduled: Vec<_> = f
            .pods
            .iter()
            .filter(|p| is_initial(&p.name) && p.node.is_some())
            .collect();
        !scheduled.is_empty() && scheduled.iter().all(|p| p.phase == "Running" && p.ready)
    })
    .filter(|&index| index <= limit3)
    .unwrap_or(limit3);
    let end4 = match trace.milestones.traffic_start {
        Some(time) => find_from(end3, &|f: &Frame| f.time >= time).unwrap_or(end3),
        None => end3,
    };
    let end5 = match trace.milestones.rollout_start {
        Some(time) => last_before(time).unwrap_or(end4).max(end4),
        None => before_last.max(end4),
    };
    let (end6, end7) = match trace.milestones.rollout_start {
        Some(_) => {
            let new_revision = frames
                .get(end5 + 1)
                .map(|f| f.deployment.revision)
                .unwrap_or(0);
            let end6 = find_from(end5 + 1, &|f: &Frame| {
                let new_available: i64 = f
                    .replica_sets
                    .iter()
                    .filter(|rs| rs.revision == new_revision)
                    .map(|rs| rs.available)
                    .sum();
                f.deployment.replicas > 0 && new_available >= f.deployment.replicas
            })
            .unwrap_or(before_last)
            .max(end5);
            let end7 = find_from(end6, &|f: &Frame| {
                f.pods.iter().all(|p| p.revision >= new_revision)
            })
            .unwrap_or(before_last)
            .max(end6);
            (end6, end7)
        }
        None => (end5, end5),
    };
    let mut ends = [end1, end2, end3, end4, end5, end6, end7, last];
    for index in 1..ends.len() {
        ends[index] = ends[index].max(ends[index - 1]).min(last);
    }
    ends
}

/// Builds the process table and marks every frame with its step.
pub fn build_rows(
    deployment: &Deployment,
    scenario: &EffectiveScenario,
    trace: &mut Trace,
) -> Vec<StepRow> {
    let ends = step_ends(trace);
    for (index, frame) in trace.frames.iter_mut().enumerate() {
        frame.step = ends
            .iter()
            .position(|&end| index <= end)
            .map(|position| position + 1)
            .unwrap_or(8);
    }
    let trace = &*trace;
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
            StepRow {
                number: position + 1,
                action: action.to_string(),
                component: component.to_string(),
                result: result(position + 1, deployment, scenario, trace, &ends),
                first_frame: first_frame.min(last_frame),
                last_frame,
                happened,
            }
        })
        .collect()
}

fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

fn result(
    number: usize,
    deployment: &Deployment,
    scenario: &EffectiveScenario,
    trace: &Trace,
    ends: &[usize; 8],
) -> String {
    let frame_at = |step: usize| &trace.frames[ends[step - 1]];
    let initial = &trace.milestones.initial_pods;
    // A set: a 1,000-replica run checks every pod of every frame against it.
    let initial_names: std::collections::HashSet<&str> =
        initial.iter().map(String::as_str).collect();
    let is_initial = |name: &str| initial_names.contains(name);
    match number {
        1 => format!(
            "Deployment '{}' created with {}",
            deployment.name,
            plural(deployment.replicas as usize, "replica", "replicas")
        ),
        2 => {
            let frame = frame_at(2);
            let total = initial.len();
            let scheduled = frame
                .pods
                .iter()
                .filter(|p| is_initial(&p.name) && p.node.is_some())
                .count();
            if total == 0 {
                "No pods to schedule: the Deployment asks for 0 replicas".to_string()
            } else if scheduled == total {
                format!(
                    "{} scheduled on available nodes",
                    plural(total, "pod", "pods")
                )
            } else {
                let reason = trace
                    .events
                    .iter()
                    .find(|e| e.reason == "FailedScheduling")
                    .map(|e| e.message.clone())
                    .unwrap_or_default();
                format!("{scheduled} of {total} pods scheduled; the rest stay Pending: {reason}")
            }
        }
        3 => {
            let frame = frame_at(3);
            let scheduled: Vec<_> = frame
                .pods
                .iter()
                .filter(|p| is_initial(&p.name) && p.node.is_some())
                .collect();
            let serving = scheduled
                .iter()
                .filter(|p| p.phase == "Running" && p.ready)
                .count();
            let port = deployment
                .main_container()
                .and_then(|c| c.ports.first())
                .map(|p| p.container_port);
            if scheduled.is_empty() {
                "No container started: no pod was scheduled".to_string()
            } else if serving == scheduled.len() {
                match port {
                    Some(port) => {
                        format!("ML model containers running and listening on port {port}")
                    }
                    None => "ML model containers running".to_string(),
                }
            } else if let Some(pod) = scheduled.iter().find(|p| p.status == "ErrImageNeverPull") {
                format!(
                    "{serving} of {} containers running; {} cannot start: ErrImageNeverPull",
                    scheduled.len(),
                    pod.name
                )
            } else {
                format!(
                    "{serving} of {} pods running and ready so far; the model is still loading",
                    scheduled.len()
                )
            }
        }
        4 => {
            let Some(service) = &scenario.service else {
                return "No Service in this scenario: nothing routes prediction requests to the pods".to_string();
            };
            let frame = frame_at(4);
            if trace.milestones.traffic_start.is_none() {
                return format!(
                    "Service '{}' selects {} ready pod(s); the scenario sends no traffic",
                    service.name, frame.endpoints
                );
            }
            match frame.endpoints {
                0 => format!(
                    "Service '{}' has no ready endpoints: prediction requests fail",
                    service.name
                ),
                1 => "Requests to model all go to the one ready pod".to_string(),
                _ => "Requests to model are load balanced across pods".to_string(),
            }
        }
        5 => {
            let Some(hpa) = &scenario.autoscaler else {
                return format!(
                    "No HorizontalPodAutoscaler: replicas stay at {}",
                    deployment.replicas
                );
            };
            if hpa.target_name != deployment.name {
                return format!(
                    "The autoscaler targets '{}', not this Deployment: replicas stay at {}",
                    hpa.target_name, deployment.replicas
                );
            }
            let cutoff = trace.milestones.rollout_start.unwrap_or(u64::MAX);
            if trace
                .milestones
                .rescales
                .iter()
                .any(|(time, _, _)| *time < cutoff)
            {
                return "Pods scaled up/down based on CPU usage".to_string();
            }
            if let Some(warning) = trace
                .events
                .iter()
                .find(|e| e.reason == "FailedGetResourceMetric")
            {
                return format!(
                    "The autoscaler cannot measure CPU ({}): replicas stay at {}",
                    warning.message,
                    frame_at(5).deployment.replicas
                );
            }
            if frame_at(5).deployment.replicas == 0 {
                // §4 step 1: a target scaled to zero is left alone.
                return "The autoscaler leaves a Deployment at 0 replicas alone (scaling disabled)"
                    .to_string();
            }
            format!(
                "CPU usage stayed within 10% of the target: replicas stay at {}",
                frame_at(5).deployment.replicas
            )
        }
        6 if trace.milestones.rollout_start.is_some() && frame_at(6).deployment.replicas == 0 => {
            "The template now names the new image; with 0 replicas no pod starts".to_string()
        }
        6 => match (&trace.milestones.rollout_start, deployment.strategy.kind) {
            (None, _) if scenario.rollout.is_some() => {
                "The new image equals the running one: nothing to roll out".to_string()
            }
            (None, _) => {
                "No new image in this scenario: the Deployment keeps its model".to_string()
            }
            (Some(_), StrategyKind::RollingUpdate) => {
                "Rolling update triggers new pods with updated model".to_string()
            }
            (Some(_), StrategyKind::Recreate) => {
                "Recreate stops every old pod, then starts new pods with the updated model"
                    .to_string()
            }
        },
        7 => {
            if trace.milestones.rollout_start.is_none() || frame_at(7).deployment.replicas == 0 {
                return "No old pods to terminate".to_string();
            }
            let frame = frame_at(7);
            let newest = frame.deployment.revision;
            let old = frame.pods.iter().filter(|p| p.revision < newest).count();
            let new_ready = frame
                .pods
                .iter()
                .filter(|p| p.revision == newest && p.ready)
                .count() as i64;
            if old == 0 && new_ready >= frame.deployment.replicas {
                "Deployment updated successfully".to_string()
            } else {
                format!(
                    "Rollout not finished: {} still running, {new_ready} of {} new pods ready",
                    plural(old, "old pod", "old pods"),
                    frame.deployment.replicas
                )
            }
        }
        _ => {
            let frame = frame_at(8);
            let ready = frame
                .pods
                .iter()
                .filter(|p| p.ready && !p.terminating)
                .count() as i64;
            let pending = frame
                .pods
                .iter()
                .filter(|p| p.phase == "Pending" && !p.terminating)
                .count();
            if frame.deployment.replicas == 0 && frame.pods.is_empty() {
                "Stable at 0 replicas: no pod serves predictions".to_string()
            } else if ready == frame.deployment.replicas && pending == 0 {
                "Model serving stable with desired replicas".to_string()
            } else {
                format!(
                    "Not at the desired state: {ready} of {} pods ready, {pending} Pending",
                    frame.deployment.replicas
                )
            }
        }
    }
}
