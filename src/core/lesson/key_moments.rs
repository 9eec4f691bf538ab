//! The three key moments: the questions students ask at the lesson's turning points, answered
//! from this run's typed step outcomes and tracker readings. Where a moment did not happen,
//! the question asks what happened instead.

use serde::Serialize;

use super::outcome::{Hold, StepOutcome};
use super::steps::StepRow;
use super::tracker::Reading;
use crate::core::manifest::model::StrategyKind;
use crate::core::sim::decision::MetricFailure;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyMoment {
    /// The step this moment belongs to, so the UI can show it there.
    pub step: usize,
    pub question: String,
    pub answer: String,
}

pub fn build(
    rows: &[StepRow],
    readings: &[Reading; 5],
    strategy: StrategyKind,
    pending_at_end: usize,
) -> Vec<KeyMoment> {
    let outcome = |step: usize| &rows[step - 1].outcome;
    vec![
        scheduling(outcome(2), outcome(3), pending_at_end),
        scaling(outcome(5), readings),
        rollout(outcome(6), outcome(7), strategy),
    ]
}

fn scheduling(step2: &StepOutcome, step3: &StepOutcome, pending: usize) -> KeyMoment {
    const ORDER: &str = "Because Kubernetes first decides which nodes will run the pods (Step 2), only then the kubelet on those nodes starts the containers (Step 3). This ensures pods run on suitable nodes.";
    let (question, answer) = match (step2, step3) {
        (StepOutcome::NothingToSchedule, _) => (
            "Why does no pod start in this run?",
            "The Deployment asks for 0 replicas, so its ReplicaSet creates no pod: the scheduler has nothing to place (Step 2) and no kubelet starts a container (Step 3). Kubernetes always schedules a pod before a kubelet starts it.".to_string(),
        ),
        (StepOutcome::PartlyScheduled { reason, scheduled: 0, .. }, _) => (
            "Why do the pods never start?",
            format!(
                "Kubernetes first decides which node runs each pod (Step 2); only then does that node's kubelet start the containers (Step 3). Here the scheduler found no suitable node ({reason}), so every pod stayed Pending and no container started."
            ),
        ),
        _ => {
            let mut answer = ORDER.to_string();
            if pending > 0 {
                answer.push_str(&format!(
                    " Here {pending} pod(s) found no suitable node and stayed Pending, so their containers never started."
                ));
            }
            if matches!(step3, StepOutcome::ImageNeverPull { .. }) {
                answer.push_str(" A scheduled pod can still fail to start: here the image is not on the node and its pull policy is Never (ErrImageNeverPull).");
            }
            (
                "Why do we see pods starting only after the scheduler assigns them?",
                answer,
            )
        }
    };
    KeyMoment {
        step: 3,
        question: question.to_string(),
        answer,
    }
}

fn scaling(step5: &StepOutcome, readings: &[Reading; 5]) -> KeyMoment {
    let (before, after) = (readings[2].pods_running, readings[3].pods_running);
    let unchanged = format!("so the variable tracker shows {after} pods running after Step 5");
    let answer = match step5 {
        StepOutcome::Rescaled {
            from,
            to,
            metric: Some(metric),
            ..
        } => format!(
            "The Horizontal Pod Autoscaler reads {metric} from the metrics the Scenario gives (Step 5) and changes the replicas when it is off its target, as shown by the change from {before} to {after} pods in the variable tracker ({from} to {to} replicas)."
        ),
        StepOutcome::Rescaled { from, to, .. } if to > from => format!(
            "The Horizontal Pod Autoscaler monitors CPU usage (Step 5) and increases pod replicas when usage is high, as shown by the increase from {before} to {after} pods in the variable tracker."
        ),
        // Up and back down within the step: the tracker's two readings alone would read as
        // "from 2 to 2", so the answer names the peak.
        StepOutcome::Rescaled { from, to, peak, .. } if peak > from => format!(
            "The Horizontal Pod Autoscaler monitors CPU usage (Step 5): it added replicas when usage rose ({from} to {peak}) and removed them once usage fell and its scale-down stabilization window had passed ({peak} to {to}), so the variable tracker shows {after} pods after Step 5."
        ),
        StepOutcome::Rescaled { .. } => format!(
            "The Horizontal Pod Autoscaler monitors CPU usage (Step 5) and removes replicas when usage is low, as shown by the change from {before} to {after} pods in the variable tracker."
        ),
        StepOutcome::NoAutoscaler { .. } => format!(
            "Scaling needs a HorizontalPodAutoscaler, and this scenario has none, {unchanged}. With one, it would monitor CPU usage (Step 5) and add replicas when usage is high."
        ),
        StepOutcome::TargetsOther { target, .. } => format!(
            "An autoscaler scales only the workload it targets; this one targets '{target}', {unchanged}."
        ),
        StepOutcome::CannotMeasure { failure, .. } => {
            let why = match failure {
                MetricFailure::MissingRequest => {
                    "a container has no CPU request, and utilization is a percentage of the request"
                }
                MetricFailure::NoReadyPods => "no pod was ready to report its CPU usage",
                MetricFailure::NoPods => "no pod matched its target",
                MetricFailure::NoMatchingMetrics => "it found no metric it could read",
                MetricFailure::NoMetricsApi => {
                    "its metric comes from a metrics adapter (the custom or external metrics API), and this cluster has none"
                }
            };
            format!(
                "The Horizontal Pod Autoscaler scales on what it measures (Step 5), but here it could not measure: {why}. Without a measurement it keeps the replica count, {unchanged}."
            )
        }
        StepOutcome::ScalingDisabled => format!(
            "The Horizontal Pod Autoscaler leaves a Deployment scaled to 0 replicas alone: scaling is disabled until replicas are set above 0, {unchanged}."
        ),
        StepOutcome::HeldBack { hold, .. } => {
            let why = match hold {
                Hold::AtMaximum => "the replicas were already at the autoscaler's maxReplicas",
                Hold::AtMinimum => "the replicas were already at the autoscaler's minReplicas",
                Hold::Stabilizing => {
                    "a scale-down first waits out the stabilization window (300 s by default) in case load returns"
                }
                Hold::UnreadyPods => {
                    "pods that are not ready yet count as idle, which cancelled the change"
                }
                Hold::RoundsToCurrent => {
                    "the proposal (ready pods × usage ÷ target, rounded up) came back to the current count"
                }
            };
            format!(
                "The Horizontal Pod Autoscaler monitors CPU usage (Step 5); here usage was off its target, but {why}, {unchanged}."
            )
        }
        StepOutcome::NotSyncedYet { .. } => format!(
            "The Horizontal Pod Autoscaler measures every 15 seconds; it had not measured before this step ended, {unchanged}."
        ),
        _ => format!(
            "The Horizontal Pod Autoscaler monitors CPU usage (Step 5) and changes replicas only when usage is more than 10% away from its target; here it was not, so the variable tracker shows {after} pods before and after."
        ),
    };
    KeyMoment {
        step: 5,
        question: "How does scaling happen automatically when load increases?".to_string(),
        answer,
    }
}

fn rollout(step6: &StepOutcome, step7: &StepOutcome, strategy: StrategyKind) -> KeyMoment {
    let question = match strategy {
        StrategyKind::RollingUpdate => "What happens during a rolling update of the ML model?",
        StrategyKind::Recreate => "What happens during a Recreate update of the ML model?",
    };
    let answer = match (step6, strategy) {
        (StepOutcome::RolledOut { .. }, StrategyKind::RollingUpdate) => {
            let mut answer = "When a new image is applied (Step 6), Kubernetes creates new pods with the updated model and gradually terminates old pods (Step 7) to avoid downtime.".to_string();
            if !matches!(step7, StepOutcome::Completed) {
                answer.push_str(" Here the rollout had not finished when the run ended.");
            }
            answer
        }
        (StepOutcome::RolledOut { .. }, StrategyKind::Recreate) => "When a new image is applied (Step 6), Kubernetes first terminates every old pod and only then creates new pods with the updated model (Step 7), so predictions stop for a while.".to_string(),
        (StepOutcome::NewPodsNotReady { .. }, _) => "When a new image is applied (Step 6), Kubernetes creates new pods with the updated model and removes old ones only as new ones become ready. Here no new pod became ready, so the old pods were kept (Step 7) and the update never finished.".to_string(),
        (StepOutcome::RolloutAtZero, _) => "The Deployment's template now names the new image (Step 6), but with 0 replicas there is no pod to replace: the next pod created will run the new model.".to_string(),
        (StepOutcome::ImageUnchanged, _) => "A rollout starts only when the pod template changes. Here the new image equals the running one, so Kubernetes sees no change and Steps 6 and 7 do not happen.".to_string(),
        _ => match strategy {
            StrategyKind::RollingUpdate => "No new image is applied in this scenario, so Steps 6 and 7 do not happen. With one, Kubernetes would create new pods with the updated model and gradually terminate old pods to avoid downtime.".to_string(),
            StrategyKind::Recreate => "No new image is applied in this scenario, so Steps 6 and 7 do not happen. With one, Recreate would terminate every old pod first and only then start new pods, so predictions would stop for a while.".to_string(),
        },
    };
    KeyMoment {
        step: 7,
        question: question.to_string(),
        answer,
    }
}
