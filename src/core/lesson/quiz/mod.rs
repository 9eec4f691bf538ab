//! The visual quiz: three questions whose answers are read from this run's process table and
//! tracker (the lesson's `quiz`, as the seed lesson has them), then the questions
//! [`generated`] from the trace (scheduling, traffic, the autoscaler's and the rolling
//! update's arithmetic), asked only where their premise holds: [`questions`] is the whole
//! quiz. Each question keeps the typed fact its key rests on ([`Basis`]); one of the three
//! whose premise is false for this run (no container started, no rescale, no new image) is
//! replaced by one whose premise holds. Grading is here too.

use serde::Serialize;

use super::outcome::StepOutcome;
use super::steps::{StepRow, action_of};
use super::tracker::Reading;
use crate::core::manifest::model::{Deployment, StrategyKind};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Question {
    pub prompt: String,
    pub options: Vec<String>,
    /// Index into `options`.
    pub answer: usize,
    /// The seed lesson's hint, as its text has it (the lesson export prints it).
    pub hint: String,
    /// Where to look, without the answer: what the page says after a wrong choice.
    pub pointer: String,
    /// Why the key is right in this run, read from the same facts: shown once answered.
    pub explanation: String,
    /// The fact of this run the answer key rests on.
    pub basis: Basis,
}

/// What a question's key is read from, so tests can hold it against the table and tracker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Basis {
    /// The step whose frames first show containers starting.
    ContainersStartAt { step: usize },
    /// No container ever started; the key names why (the Step 2 or 3 outcome).
    NoContainerStarted { because: NoStartCause },
    /// The tracker's "Pods running" after Step 5.
    PodsRunningAfterStep5 { pods: i64, rescaled: bool },
    /// The process table's Step 6 result.
    StepSixResult { rollout: bool },
    /// A pod Pending when the run ends: the key is the scheduler's last fit error for it.
    StaysPending { pod: String },
    /// The Service's endpoints at frame `frame`, where they differ from the Running pods.
    Endpoints { frame: usize, endpoints: usize },
    /// The replicas the autoscaler set at the sync at `time` (the formula card's).
    AutoscalerSize { time: u64, replicas: i64 },
    /// The most pods the rolling update allows: `replicas` + `max_surge`.
    SurgeBudget { replicas: i64, max_surge: i64 },
    /// The extra pods maxSurge would allow had the update started at `replicas`.
    SurgeIfReplicas { replicas: i64, max_surge: i64 },
}

/// Why no container started.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum NoStartCause {
    ZeroReplicas,
    Unschedulable,
    ImageNeverPull,
    NotYet,
}

impl Question {
    pub fn answer_letter(&self) -> char {
        letter(self.answer)
    }
}

pub fn letter(index: usize) -> char {
    (b'A' + index as u8) as char
}

/// What the student sees after choosing an option.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Feedback {
    pub correct: bool,
    pub message: String,
}

pub fn grade(question: &Question, chosen: usize) -> Feedback {
    if chosen == question.answer {
        Feedback {
            correct: true,
            message: format!(
                "Correct: {}. {}",
                question.options[question.answer], question.explanation
            ),
        }
    } else {
        Feedback {
            correct: false,
            message: format!("Not quite. {}", question.pointer),
        }
    }
}

/// The three questions. `start_step` is the step whose frames first start containers.
pub fn build(
    deployment: &Deployment,
    rows: &[StepRow],
    readings: &[Reading; 5],
    start_step: Option<usize>,
) -> Vec<Question> {
    vec![
        start_question(rows, start_step),
        count_question(rows, readings),
        image_question(deployment, rows),
    ]
}

fn start_question(rows: &[StepRow], start_step: Option<usize>) -> Question {
    let Some(step) = start_step else {
        return no_start_question(rows);
    };
    // The seed's order, with the true step where the seed has Step 3.
    let mut options = Vec::new();
    for candidate in [2, 5, step, 1, 4, 6] {
        if options.len() < 4 && !options.contains(&candidate) {
            options.push(candidate);
        }
    }
    let answer = options.iter().position(|&s| s == step).unwrap_or(0);
    Question {
        prompt:
            "Look at the execution table, at which step do pods start running the ML containers?"
                .to_string(),
        options: options.iter().map(|s| format!("Step {s}")).collect(),
        answer,
        hint: format!(
            "Check the '{}' action in the execution table at Step {step}",
            action_of(step)
        ),
        pointer: "Read the actions of the execution table in order: which component runs the containers, and what must have happened before it can?".to_string(),
        explanation: format!(
            "The scheduler first binds each pod to a node; only then does that node's kubelet pull the image and start the containers. Step {step} reads: {}",
            result_of(rows, step)
        ),
        basis: Basis::ContainersStartAt { step },
    }
}

/// A step's result as the execution table words it.
fn result_of(rows: &[StepRow], step: usize) -> &str {
    rows.get(step - 1).map_or("", |row| row.result.as_str())
}

fn no_start_question(rows: &[StepRow]) -> Question {
    let outcome = |step: usize| rows.get(step - 1).map(|row| &row.outcome);
    let because = match (outcome(2), outcome(3)) {
        (Some(StepOutcome::NothingToSchedule), _) => NoStartCause::ZeroReplicas,
        (_, Some(StepOutcome::NoContainerStarted)) => NoStartCause::Unschedulable,
        (_, Some(StepOutcome::ImageNeverPull { .. })) => NoStartCause::ImageNeverPull,
        _ => NoStartCause::NotYet,
    };
    let correct = match because {
        NoStartCause::ZeroReplicas => "The Deployment asks for 0 replicas, so there is no pod",
        NoStartCause::Unschedulable => "No node can take the pods, so they stay Pending",
        NoStartCause::ImageNeverPull => "The image is not on the node and its pull policy is Never",
        NoStartCause::NotYet => "The run ends before the kubelet starts them",
    };
    Question {
        prompt: "Look at the execution table: why does no pod start running the ML containers?"
            .to_string(),
        options: vec![
            "The Service sends them no traffic".to_string(),
            correct.to_string(),
            "The autoscaler scales them to zero".to_string(),
            "The rollout deletes them first".to_string(),
        ],
        answer: 1,
        hint: "Read the results of Steps 2 and 3 in the execution table".to_string(),
        pointer: "Read the results of the scheduling and container steps in the execution table."
            .to_string(),
        explanation: format!(
            "Step 2 reads: {} Step 3 reads: {}",
            result_of(rows, 2),
            result_of(rows, 3)
        ),
        basis: Basis::NoContainerStarted { because },
    }
}

fn count_question(rows: &[StepRow], readings: &[Reading; 5]) -> Question {
    let rescaled = matches!(
        rows.get(4).map(|row| &row.outcome),
        Some(StepOutcome::Rescaled { .. })
    );
    let (before, after) = (readings[2].pods_running, readings[3].pods_running);
    let mut distractors: Vec<i64> = Vec::new();
    for candidate in [
        before,
        before - 1,
        0,
        after + 1,
        after + 2,
        before + 1,
        after + 3,
    ] {
        if candidate >= 0 && candidate != after && !distractors.contains(&candidate) {
            distractors.push(candidate);
        }
    }
    let prompt = if rescaled {
        "According to the variable tracker, how many pods are running after scaling?"
    } else {
        "According to the variable tracker, how many pods are running after Step 5?"
    };
    Question {
        prompt: prompt.to_string(),
        options: vec![
            distractors[0].to_string(),
            after.to_string(),
            distractors[1].to_string(),
            distractors[2].to_string(),
        ],
        answer: 1,
        hint: "Look at the 'Pods running' row after Step 5 in the variable tracker".to_string(),
        pointer: "Find the 'Pods running' row of the variable tracker and read the column after the autoscaler's step.".to_string(),
        explanation: format!(
            "The tracker reads {before} pods running before Step 5 and {after} after it. Step 5 reads: {}",
            result_of(rows, 5)
        ),
        basis: Basis::PodsRunningAfterStep5 {
            pods: after,
            rescaled,
        },
    }
}

fn image_question(deployment: &Deployment, rows: &[StepRow]) -> Question {
    let Some(row) = rows.get(5) else {
        return image_question_without_rollout(deployment, "");
    };
    let rollout = matches!(
        row.outcome,
        StepOutcome::RolledOut { .. }
            | StepOutcome::NewPodsNotReady { .. }
            | StepOutcome::RolloutAtZero
    );
    if !rollout {
        return image_question_without_rollout(deployment, &row.result);
    }
    let immediate = if deployment.strategy.kind == StrategyKind::Recreate {
        "Old and new pods run side by side forever"
    } else {
        "Pods are immediately deleted"
    };
    Question {
        prompt: "If the deployment YAML changes the image to a new version, what happens next according to the execution table?".to_string(),
        options: vec![
            row.result.clone(),
            "Nothing changes until manual restart".to_string(),
            immediate.to_string(),
            action_of(2).to_string(),
        ],
        answer: 0,
        hint: "See Step 6 in the execution table about updating deployment with new image"
            .to_string(),
        pointer: "Find the row of the execution table whose action changes the Deployment's image and read its result.".to_string(),
        explanation: format!(
            "A new image is a new pod template: the Deployment creates a new ReplicaSet and moves pods to it within its strategy's budget. Step 6 reads: {}",
            row.result
        ),
        basis: Basis::StepSixResult { rollout: true },
    }
}

/// No new image reached the cluster: ask what Step 6 shows instead of what a rollout does.
fn image_question_without_rollout(deployment: &Deployment, result: &str) -> Question {
    let would = match deployment.strategy.kind {
        StrategyKind::RollingUpdate => "Rolling update triggers new pods with updated model",
        StrategyKind::Recreate => {
            "Recreate stops every old pod, then starts new pods with the updated model"
        }
    };
    Question {
        prompt: "According to the execution table, what happens at Step 6 in this run?".to_string(),
        options: vec![
            would.to_string(),
            result.to_string(),
            "Pods are immediately deleted".to_string(),
            action_of(2).to_string(),
        ],
        answer: 1,
        hint: "Read the result of Step 6 in the execution table".to_string(),
        pointer:
            "Read the result of Step 6 in the execution table: did a new image reach the cluster?"
                .to_string(),
        explanation: format!("In this run Step 6 reads: {result}"),
        basis: Basis::StepSixResult { rollout: false },
    }
}
