//! The three key moments: the questions students ask at the lesson's turning points, answered
//! with this manifest's own steps and numbers.

use serde::Serialize;

use super::tracker::Reading;
use crate::core::manifest::model::{Deployment, StrategyKind};
use crate::core::scenario::EffectiveScenario;
use crate::core::sim::trace::Trace;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyMoment {
    /// The step this moment belongs to, so the UI can show it there.
    pub step: usize,
    pub question: String,
    pub answer: String,
}

pub fn build(
    deployment: &Deployment,
    scenario: &EffectiveScenario,
    trace: &Trace,
    readings: &[Reading; 5],
) -> Vec<KeyMoment> {
    let pending = trace
        .frames
        .last()
        .map(|f| f.pods.iter().filter(|p| p.node.is_none()).count())
        .unwrap_or(0);
    let mut scheduling = "Because Kubernetes first decides which nodes will run the pods (Step 2), only then the kubelet on those nodes starts the containers (Step 3). This ensures pods run on suitable nodes.".to_string();
    if pending > 0 {
        scheduling.push_str(&format!(
            " Here {pending} pod(s) found no suitable node and stayed Pending, so their containers never started."
        ));
    }

    let (after_start, after_scale) = (readings[2].pods_running, readings[3].pods_running);
    let scaling = match &scenario.autoscaler {
        None => format!(
            "Scaling needs a HorizontalPodAutoscaler, and this scenario has none, so the variable tracker keeps {after_start} pods running after Step 5. With one, it would monitor CPU usage (Step 5) and add replicas when usage is high."
        ),
        Some(_) if after_scale > after_start => format!(
            "The Horizontal Pod Autoscaler monitors CPU usage (Step 5) and increases pod replicas when usage is high, as shown by the increase from {after_start} to {after_scale} pods in the variable tracker."
        ),
        Some(_) if after_scale < after_start => format!(
            "The Horizontal Pod Autoscaler monitors CPU usage (Step 5) and removes replicas when usage is low, as shown by the decrease from {after_start} to {after_scale} pods in the variable tracker."
        ),
        Some(_) => format!(
            "The Horizontal Pod Autoscaler monitors CPU usage (Step 5) and changes replicas only when usage is more than 10% away from its target; here it was not, so the variable tracker shows {after_scale} pods before and after."
        ),
    };

    let (question, answer) = match (trace.milestones.rollout_start, deployment.strategy.kind) {
        (_, StrategyKind::Recreate) => (
            "What happens during a Recreate update of the ML model?",
            "When a new image is applied (Step 6), Kubernetes first terminates every old pod and only then creates new pods with the updated model (Step 7), so predictions stop for a while.",
        ),
        (Some(_), StrategyKind::RollingUpdate) => (
            "What happens during a rolling update of the ML model?",
            "When a new image is applied (Step 6), Kubernetes creates new pods with the updated model and gradually terminates old pods (Step 7) to avoid downtime.",
        ),
        (None, StrategyKind::RollingUpdate) => (
            "What happens during a rolling update of the ML model?",
            "No new image is applied in this scenario, so Steps 6 and 7 do not happen. With one, Kubernetes would create new pods with the updated model and gradually terminate old pods to avoid downtime.",
        ),
    };
    vec![
        KeyMoment {
            step: 3,
            question: "Why do we see pods starting only after the scheduler assigns them?"
                .to_string(),
            answer: scheduling,
        },
        KeyMoment {
            step: 5,
            question: "How does scaling happen automatically when load increases?".to_string(),
            answer: scaling,
        },
        KeyMoment {
            step: 7,
            question: question.to_string(),
            answer: answer.to_string(),
        },
    ]
}
