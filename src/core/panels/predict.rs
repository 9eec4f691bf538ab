//! The Predict mode's panel as markup: the score, the verdict on the last answer with its
//! arithmetic and the manifest's lines, and the next prediction with its answer field and a
//! "Reveal" button (`data-action="reveal"`). The page keeps the answers and reads the field
//! when the button is pressed; everything shown is written here from the predictions.

use crate::core::lesson::quiz::letter;
use crate::core::markup::{close, element, escape, open};
use crate::core::practice::predict::{Answer, Prediction, Response, score};

/// The prediction to ask at step `step`: the first unanswered one about this step or a later
/// one (what has not been revealed yet), else the first unanswered one.
pub fn next_unanswered(
    predictions: &[Prediction],
    responses: &[Option<Response>],
    step: usize,
) -> Option<usize> {
    let open = |n: &usize| responses.get(*n).is_none_or(Option::is_none);
    (0..predictions.len())
        .filter(open)
        .find(|&n| predictions[n].step >= step)
        .or_else(|| (0..predictions.len()).find(open))
}

/// The whole panel below its title at lesson step `step`. `last` is the prediction answered
/// last, if any.
pub fn panel(
    predictions: &[Prediction],
    responses: &[Option<Response>],
    last: Option<usize>,
    step: usize,
) -> String {
    let mut out = String::new();
    if predictions.is_empty() {
        element(
            &mut out,
            "p",
            r#" class="quiz__score" data-testid="predict-score""#,
            "This manifest has nothing to predict yet: fix its errors first.",
        );
        return out;
    }
    let points = score(predictions, responses);
    element(
        &mut out,
        "p",
        r#" class="quiz__score" data-testid="predict-score""#,
        &format!(
            "{} of {} predictions right ({} answered)",
            points.correct,
            predictions.len(),
            points.answered
        ),
    );
    if let Some((prediction, response)) =
        last.and_then(|n| Some((predictions.get(n)?, responses.get(n)?.as_ref()?)))
    {
        verdict(&mut out, prediction, response);
    }
    match next_unanswered(predictions, responses, step) {
        Some(number) => question(&mut out, &predictions[number], number, predictions.len()),
        None => element(
            &mut out,
            "p",
            r#" class="predict__done""#,
            "Every prediction answered. Change the manifest and predict again.",
        ),
    }
    out
}

fn verdict(out: &mut String, prediction: &Prediction, response: &Response) {
    let feedback = prediction.grade(response);
    let (state, class) = if feedback.correct {
        ("true", "predict__verdict predict__verdict--correct")
    } else {
        ("false", "predict__verdict predict__verdict--wrong")
    };
    open(
        out,
        "div",
        &format!(
            r#" class="predict__result" data-testid="predict-result" data-correct="{state}" role="status""#
        ),
    );
    element(out, "p", &format!(r#" class="{class}""#), &feedback.message);
    open(out, "ul", r#" class="formula__lines""#);
    for line in &prediction.explanation {
        element(out, "li", "", line);
    }
    close(out, "ul");
    let fields = if prediction.fields.is_empty() {
        "In your YAML: nothing you wrote decides this; the lesson's assumptions do.".to_string()
    } else {
        let located: Vec<String> = prediction
            .fields
            .iter()
            .map(|field| format!("line {}: {}", field.line, field.path))
            .collect();
        format!("In your YAML: {}", located.join("; "))
    };
    element(out, "p", r#" class="predict__fields""#, &fields);
    close(out, "div");
}

fn question(out: &mut String, prediction: &Prediction, number: usize, total: usize) {
    open(
        out,
        "div",
        &format!(
            r#" class="predict__question" data-testid="predict-question" data-step="{}""#,
            prediction.step
        ),
    );
    element(
        out,
        "p",
        r#" class="predict__before""#,
        &format!(
            "Before step {} is shown ({} of {total}):",
            prediction.step,
            number + 1
        ),
    );
    element(out, "p", r#" class="predict__prompt""#, &prediction.prompt);
    match &prediction.answer {
        Answer::Number(_) => out.push_str(
            r#"<input class="predict__input" data-testid="predict-input" inputmode="numeric" autocomplete="off" aria-label="Your prediction (a number)">"#,
        ),
        Answer::Choice(choice) => {
            open(
                out,
                "select",
                r#" class="predict__input" data-testid="predict-input" aria-label="Your prediction""#,
            );
            for (index, option) in choice.options.iter().enumerate() {
                out.push_str(&format!(
                    r#"<option value="{index}">{} {}</option>"#,
                    letter(index),
                    escape(option)
                ));
            }
            close(out, "select");
        }
    }
    out.push_str(
        r#"<button class="button button--primary" data-testid="predict-submit" data-action="reveal">Reveal</button>"#,
    );
    close(out, "div");
}

/// The student's answer read from the field's value, as the prediction takes it.
pub fn response_of(prediction: &Prediction, value: &str) -> Response {
    match prediction.answer {
        Answer::Number(_) => Response::Typed(value.to_string()),
        Answer::Choice(_) => Response::Chosen(value.parse().unwrap_or(0)),
    }
}
