//! The concept snapshot and the full transcript: the lesson's prose, sentence by sentence
//! present only when the simulation showed what it describes.

use serde::Serialize;

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

pub fn snapshot(
    scenario: &EffectiveScenario,
    strategy: StrategyKind,
    trace: &Trace,
) -> ConceptSnapshot {
    let mut points = vec![
        "Package ML model as container image".to_string(),
        "Create Deployment YAML with replicas".to_string(),
        "Apply YAML to create pods running model".to_string(),
    ];
    if scenario.service.is_some() {
        points.push("Use Service to route prediction requests".to_string());
    }
    if scenario.autoscaler.is_some() {
        points.push("Autoscale pods based on load".to_string());
    }
    if trace.milestones.rollout_start.is_some() {
        points.push("Update Deployment for new model versions".to_string());
        points.push(match strategy {
            StrategyKind::RollingUpdate => "Rolling updates avoid downtime".to_string(),
            StrategyKind::Recreate => "Recreate stops old pods before new ones start".to_string(),
        });
    }
    ConceptSnapshot {
        title: "Kubernetes for ML workloads:".to_string(),
        points,
    }
}

pub fn transcript(
    scenario: &EffectiveScenario,
    strategy: StrategyKind,
    rows: &[StepRow],
    trace: &Trace,
) -> Transcript {
    let mut sentences = vec![
        "This visual execution shows how Kubernetes manages ML workloads by deploying containerized models as pods.",
        "First, the ML model is packaged into a container image.",
        "Then a Deployment YAML specifies how many replicas to run.",
        "Applying this YAML creates a Deployment resource.",
        "The Kubernetes scheduler assigns pods to nodes, and kubelets start the containers.",
    ];
    if scenario.service.is_some() {
        sentences.push("A Service load balances prediction requests to pods.");
    }
    if scenario.autoscaler.is_some() {
        sentences.push(
            "The Horizontal Pod Autoscaler monitors load and scales pods up or down automatically.",
        );
    }
    if trace.milestones.rollout_start.is_some() {
        sentences.push(match strategy {
            StrategyKind::RollingUpdate => "When a new model version is available, updating the Deployment triggers a rolling update, replacing old pods with new ones without downtime.",
            StrategyKind::Recreate => "When a new model version is available, updating the Deployment recreates the pods: old ones stop first, then new ones start, with a gap in between.",
        });
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
