//! The Predict mode: before a step is revealed, the student predicts what it will show, then
//! sees the answer with its arithmetic and the lines of their manifest that decided it. Each
//! prediction is asked only where its premise holds for this run, and its answer is read from
//! typed facts of the trace ([`Fact`] says which); [`predictions`] builds them,
//! [`Prediction::grade`] and [`score`] grade the student's answers.

mod build;

pub use build::predictions;

use crate::core::lesson::quiz::{self, Feedback, Question};
use crate::core::links::FieldLink;

/// One prediction asked before step `step` is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prediction {
    pub step: usize,
    pub prompt: String,
    pub answer: Answer,
    /// Why the answer is right, with this run's numbers: a line per reason or step of the sum.
    pub explanation: Vec<String>,
    /// The fields of the student's manifest that decided it, located ("In your YAML").
    pub fields: Vec<FieldLink>,
    /// Where in the trace the answer is read.
    pub fact: Fact,
}

/// What kind of answer a prediction takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// A count, typed as free text.
    Number(i64),
    /// One of a question's options; the question keeps the fact its key rests on.
    Choice(Question),
}

/// Where the answer of a prediction is read, so tests can read it again from the trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fact {
    /// The pods the first ReplicaSet created at apply time (`milestones.initial_pods`).
    PodsCreated,
    /// The pods created at apply time that are bound to a node at frame `frame`.
    PodsScheduled { frame: usize },
    /// The followed Deployment's ready pods, terminating ones aside, at frame `frame`.
    PodsReady { frame: usize },
    /// The followed Service's endpoints at frame `frame`.
    Endpoints { frame: usize },
    /// The replicas the autoscaler's sync at `time` set.
    AutoscalerSize { time: u64 },
    /// The most pods, terminating ones aside, of frames `first_frame..=last_frame`.
    UpdatePeak {
        first_frame: usize,
        last_frame: usize,
    },
    /// A choice: its question's basis.
    Choice,
}

/// The student's answer to a prediction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Response {
    /// Free text for a number.
    Typed(String),
    /// An option's index for a choice.
    Chosen(usize),
}

impl Prediction {
    /// The answer as the page shows it once revealed.
    pub fn answer_text(&self) -> String {
        match &self.answer {
            Answer::Number(number) => number.to_string(),
            Answer::Choice(question) => format!(
                "{} {}",
                quiz::letter(question.answer),
                question.options[question.answer]
            ),
        }
    }

    pub fn is_correct(&self, response: &Response) -> bool {
        match (&self.answer, response) {
            (Answer::Number(number), Response::Typed(text)) => read_number(text) == Some(*number),
            (Answer::Choice(question), Response::Chosen(index)) => *index == question.answer,
            _ => false,
        }
    }

    /// The verdict; the page shows the explanation and the fields beside it either way.
    pub fn grade(&self, response: &Response) -> Feedback {
        let correct = self.is_correct(response);
        let message = if correct {
            format!("Correct: {}.", self.answer_text())
        } else {
            format!("Not quite: the answer is {}.", self.answer_text())
        };
        Feedback { correct, message }
    }
}

/// Spelled numbers a student may type instead of digits.
const NUMBER_WORDS: [&str; 21] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

/// The number a student typed: the first word, in digits or spelled in any case, so
/// ` 4 `, `4 pods` and `Four` all read 4. This reads the student's own answer, never the
/// lesson's text.
pub fn read_number(text: &str) -> Option<i64> {
    let word = text.split_whitespace().next()?;
    word.parse().ok().or_else(|| {
        NUMBER_WORDS
            .iter()
            .position(|spelled| spelled.eq_ignore_ascii_case(word))
            .map(|value| value as i64)
    })
}

/// How the student did: correct of answered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Score {
    pub correct: usize,
    pub answered: usize,
}

/// The score of `responses`, one per prediction in order (`None`: not answered yet).
pub fn score(predictions: &[Prediction], responses: &[Option<Response>]) -> Score {
    let mut score = Score::default();
    for (prediction, response) in predictions.iter().zip(responses) {
        if let Some(response) = response {
            score.answered += 1;
            score.correct += usize::from(prediction.is_correct(response));
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_whatever_the_spacing_and_case() {
        for (typed, expected) in [
            ("4", Some(4)),
            ("  4\n", Some(4)),
            ("4 pods", Some(4)),
            ("Four", Some(4)),
            ("ZERO", Some(0)),
            ("", None),
            ("many", None),
        ] {
            assert_eq!(read_number(typed), expected, "{typed:?}");
        }
    }
}
