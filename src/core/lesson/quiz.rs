//! The visual quiz: three questions whose answers are read from this manifest's process table
//! and tracker, so they stay right when the student edits the YAML. Grading is here too.

use serde::Serialize;

use super::steps::{StepRow, action_of};
use super::tracker::Reading;
use crate::core::manifest::model::{Deployment, StrategyKind};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Question {
    pub prompt: String,
    pub options: Vec<String>,
    /// Index into `options`.
    pub answer: usize,
    pub hint: String,
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
            message: format!("Correct: {}.", question.options[question.answer]),
        }
    } else {
        Feedback {
            correct: false,
            message: format!("Not quite. Hint: {}", question.hint),
        }
    }
}

const START_STEP: usize = 3;

pub fn build(deployment: &Deployment, rows: &[StepRow], readings: &[Reading; 5]) -> Vec<Question> {
    let start_action = action_of(START_STEP);
    let step_question = Question {
        prompt:
            "Look at the execution table, at which step do pods start running the ML containers?"
                .to_string(),
        options: vec![
            "Step 2".to_string(),
            "Step 5".to_string(),
            format!("Step {START_STEP}"),
            "Step 1".to_string(),
        ],
        answer: 2,
        hint: format!(
            "Check the '{start_action}' action in the execution table at Step {START_STEP}"
        ),
    };

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
    let count_question = Question {
        prompt: "According to the variable tracker, how many pods are running after scaling?"
            .to_string(),
        options: vec![
            distractors[0].to_string(),
            after.to_string(),
            distractors[1].to_string(),
            distractors[2].to_string(),
        ],
        answer: 1,
        hint: "Look at the 'Pods running' row after Step 5 in the variable tracker".to_string(),
    };

    let update_row = rows.get(5);
    let update_happened = update_row
        .is_some_and(|row| row.result.starts_with("Rolling") || row.result.starts_with("Recreate"));
    let correct = match (update_happened, deployment.strategy.kind) {
        (true, _) => update_row.map(|row| row.result.clone()).unwrap_or_default(),
        (false, StrategyKind::RollingUpdate) => {
            "Rolling update triggers new pods with updated model".to_string()
        }
        (false, StrategyKind::Recreate) => {
            "Recreate stops every old pod, then starts new pods with the updated model".to_string()
        }
    };
    let immediate = if deployment.strategy.kind == StrategyKind::Recreate {
        "Old and new pods run side by side forever"
    } else {
        "Pods are immediately deleted"
    };
    let hint = if update_happened {
        "See Step 6 in the execution table about updating deployment with new image".to_string()
    } else {
        format!(
            "Step 6 did not run in this scenario; think about the Deployment's {:?} strategy",
            deployment.strategy.kind
        )
    };
    let image_question = Question {
        prompt: "If the deployment YAML changes the image to a new version, what happens next according to the execution table?".to_string(),
        options: vec![correct, "Nothing changes until manual restart".to_string(), immediate.to_string(), action_of(2).to_string()],
        answer: 0,
        hint,
    };
    vec![step_question, count_question, image_question]
}
