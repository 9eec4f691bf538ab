//! The concept snapshot and the full transcript: the lesson's prose, sentence by sentence
//! present only when the simulation showed what it describes.

use serde::Serialize;

use super::outcome::StepOutcome;
use super::steps::StepRow;
use crate::core::manifest::model::StrategyKind;
use crate::core::scenario::EffectiveScenario;
use crate::core::sim::trace::Trace;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConceptSnapshot {
    pub title: String,
    pub points: Vec<String>,
}

/// What happened in one step, in `kubectl get events` form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepNarration {
    pub number: usize,
    pub action: String,
    pub result: String,
    pub lines: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Transcript {
    pub summary: String,
    pub steps: Vec<StepNarration>,
}

pub fn snapshot(scenario: &EffectiveScenario, rows: &[StepRow]) -> ConceptSnapshot {
    let outcome = |step: usize| &rows[step - 1].outcome;
    let pods_ran = matches!(
        outcome(3),
        StepOutcome::ContainersServing { .. }
            | StepOutcome::StillLoading { .. }
            | StepOutcome::ImageNeverPull { .. }
    );
    let mut points = vec![
        "Package ML model as container image".to_string(),
        "Create Deployment YAML with replicas".to_string(),
        if pods_ran {
            "Apply YAML to create pods running model".to_string()
        } else {
            "Apply YAML to create pods for the model; they run only once scheduled".to_string()
        },
    ];
    if scenario.service.is_some() {
        points.push("Use Service to route prediction requests".to_string());
    }
    match outcome(5) {
        StepOutcome::Rescaled { .. } => points.push("Autoscale pods based on load".to_string()),
        StepOutcome::NoAutoscaler { .. } => {}
        _ => points.push("An autoscaler acts only when it measures usage off target".to_string()),
    }
    match outcome(6) {
        StepOutcome::RolledOut { strategy } => {
            points.push("Update Deployment for new model versions".to_string());
            points.push(match strategy {
                StrategyKind::RollingUpdate => "Rolling updates avoid downtime".to_string(),
                StrategyKind::Recreate => {
                    "Recreate stops old pods before new ones start".to_string()
                }
            });
        }
        StepOutcome::NewPodsNotReady { .. } => {
            points.push("Update Deployment for new model versions".to_string());
            points.push("Old pods stay until new ones are ready".to_string());
        }
        _ => {}
    }
    ConceptSnapshot {
        title: "Kubernetes for ML workloads:".to_string(),
        points,
    }
}

pub fn transcript(rows: &[StepRow], trace: &Trace) -> Transcript {
    let outcome = |step: usize| &rows[step - 1].outcome;
    let mut sentences = vec![
        "This visual execution shows how Kubernetes manages ML workloads by deploying containerized models as pods.",
        "First, the ML model is packaged into a container image.",
        "Then a Deployment YAML specifies how many replicas to run.",
        "Applying this YAML creates a Deployment resource.",
    ];
    sentences.push(match (outcome(2), outcome(3)) {
        (StepOutcome::NothingToSchedule, _) => {
            "With 0 replicas there is no pod for the scheduler to place or a kubelet to start."
        }
        (_, StepOutcome::NoContainerStarted) => {
            "The Kubernetes scheduler finds no node for the pods, so they stay Pending and no container starts."
        }
        _ => "The Kubernetes scheduler assigns pods to nodes, and kubelets start the containers.",
    });
    match outcome(4) {
        StepOutcome::Balanced { .. } => {
            sentences.push("A Service load balances prediction requests to pods.")
        }
        StepOutcome::OneEndpoint => {
            sentences.push("A Service sends every prediction request to the one ready pod.")
        }
        StepOutcome::NoEndpoints { .. } => sentences
            .push("A Service has no ready pod to send prediction requests to, so they fail."),
        StepOutcome::NoTraffic { .. } => sentences
            .push("A Service selects the ready pods; no requests are sent in this scenario."),
        _ => {}
    }
    match outcome(5) {
        StepOutcome::Rescaled { .. } => sentences.push(
            "The Horizontal Pod Autoscaler monitors load and scales pods up or down automatically.",
        ),
        StepOutcome::NoAutoscaler { .. } => {}
        _ => sentences.push(
            "The Horizontal Pod Autoscaler monitors load; in this run it keeps the replica count.",
        ),
    }
    match outcome(6) {
        StepOutcome::RolledOut {
            strategy: StrategyKind::RollingUpdate,
        } => sentences.push("When a new model version is available, updating the Deployment triggers a rolling update, replacing old pods with new ones without downtime."),
        StepOutcome::RolledOut {
            strategy: StrategyKind::Recreate,
        } => sentences.push("When a new model version is available, updating the Deployment recreates the pods: old ones stop first, then new ones start, with a gap in between."),
        StepOutcome::NewPodsNotReady { .. } => sentences.push("Updating the Deployment to a new model version creates new pods, but none becomes ready, so the old pods are kept."),
        _ => {}
    }
    sentences.push("Variables like pod count and model version change step-by-step, helping beginners understand the process clearly.");

    let steps = rows
        .iter()
        .map(|row| {
            let first_event = if row.number == 1 || !row.happened {
                if row.number == 1 {
                    0
                } else {
                    trace
                        .frames
                        .get(row.first_frame)
                        .map(|f| f.event_count)
                        .unwrap_or(0)
                }
            } else {
                trace
                    .frames
                    .get(row.first_frame.saturating_sub(1))
                    .map(|f| f.event_count)
                    .unwrap_or(0)
            };
            let last_event = trace
                .frames
                .get(row.last_frame)
                .map(|f| f.event_count)
                .unwrap_or(0);
            let lines = if row.happened {
                trace.events[first_event.min(last_event)..last_event]
                    .iter()
                    .map(|e| {
                        format!(
                            "{}s {} {} {}: {}",
                            e.time, e.event_type, e.reason, e.object, e.message
                        )
                    })
                    .collect()
            } else {
                Vec::new()
            };
            StepNarration {
                number: row.number,
                action: row.action.clone(),
                result: row.result.clone(),
                lines,
            }
        })
        .collect();
    Transcript {
        summary: sentences.join(" "),
        steps,
    }
}
