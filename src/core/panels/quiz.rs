//! The quiz's panel as markup: the score, then each question with its options as buttons
//! (`data-question`, `data-option`; the chosen one marked) and, once answered, the verdict:
//! where to look after a wrong answer, why after a right one. The page keeps the choices.

use crate::core::lesson::quiz::{Question, grade, letter};
use crate::core::markup::{close, element, escape, open};

/// The whole panel below its title; `chosen[n]` is the option picked for question `n`.
pub fn panel(questions: &[Question], chosen: &[Option<usize>]) -> String {
    let choice = |n: usize| chosen.get(n).copied().flatten();
    let answered = (0..questions.len())
        .filter(|&n| choice(n).is_some())
        .count();
    let correct = (0..questions.len())
        .filter(|&n| choice(n).is_some_and(|c| grade(&questions[n], c).correct))
        .count();
    let mut out = String::new();
    element(
        &mut out,
        "p",
        r#" class="quiz__score" data-testid="quiz-score" aria-live="polite""#,
        &format!(
            "{correct} of {} correct ({answered} answered)",
            questions.len()
        ),
    );
    for (number, question) in questions.iter().enumerate() {
        open(
            &mut out,
            "div",
            r#" class="quiz__question" data-testid="quiz-question""#,
        );
        element(
            &mut out,
            "p",
            r#" class="quiz__prompt""#,
            &format!("{}. {}", number + 1, question.prompt),
        );
        open(&mut out, "div", r#" class="quiz__options""#);
        for (index, option) in question.options.iter().enumerate() {
            let class = if choice(number) == Some(index) {
                "button quiz__option quiz__option--chosen"
            } else {
                "button quiz__option"
            };
            element(
                &mut out,
                "button",
                &format!(
                    r#" class="{class}" data-testid="quiz-option" data-question="{number}" data-option="{index}""#
                ),
                &format!("{} {option}", letter(index)),
            );
        }
        close(&mut out, "div");
        match choice(number).map(|c| grade(question, c)) {
            // A right answer: the verdict, then why it is right.
            Some(feedback) if feedback.correct => {
                open(
                    &mut out,
                    "p",
                    r#" class="quiz__feedback quiz__feedback--correct" data-testid="quiz-feedback" role="status""#,
                );
                out.push_str(&escape(&format!(
                    "Correct: {}. ",
                    question.options[question.answer]
                )));
                element(
                    &mut out,
                    "span",
                    r#" data-testid="quiz-explanation""#,
                    &question.explanation,
                );
                close(&mut out, "p");
            }
            Some(feedback) => element(
                &mut out,
                "p",
                r#" class="quiz__feedback quiz__feedback--wrong" data-testid="quiz-feedback" role="status""#,
                &feedback.message,
            ),
            None => out.push_str(
                r#"<p class="quiz__feedback" data-testid="quiz-feedback" role="status" hidden></p>"#,
            ),
        }
        close(&mut out, "div");
    }
    out
}
