//! Practice over a finished run: the quiz questions generated from its trace beyond the
//! lesson's own three, and the Predict mode's predictions. It sits above `analysis` (it reads
//! a whole `Run`, and the manifest's locators for the lines behind an answer), while
//! `lesson` is built inside the analysis. `premises` finds what a question can ask about,
//! `generated` writes the questions, `options` orders their options by the run's seed,
//! `predict` asks before each step.

pub mod generated;
pub mod options;
pub mod predict;
pub mod premises;

use crate::core::analysis::Run;
use crate::core::lesson::quiz::Question;

/// The whole quiz of a run: the lesson's three questions in the seed lesson's order, then
/// the generated ones whose premise holds, their options ordered by the run's seed.
pub fn questions(run: &Run) -> Vec<Question> {
    let mut all = run.lesson.quiz.clone();
    all.extend(generated::build(run));
    all
}
