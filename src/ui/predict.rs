//! The Predict mode: before a step is shown, the student says what it will show; then the
//! answer, with its arithmetic and the lines of the manifest that decided it, and the lesson
//! moves to that step. The predictions and their grading are `core::practice::predict`'s and
//! the panel's markup `core::panels::predict`'s; the answers belong to the analysis they were
//! given for and are cleared when it changes.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::{AppState, Shared};
use crate::core::analysis::Analysis;
use crate::core::panels::predict::{next_unanswered, panel, response_of};
use crate::core::practice::predict::{Prediction, Response, predictions};

/// The analysis the answers were given for, one answer per prediction, and the last answered.
type Answers = (
    Option<Shared<Analysis>>,
    Vec<Option<Response>>,
    Option<usize>,
);

#[component]
pub fn Predict() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Computed while the mode is shown: a 2,000-pod run's predictions cost a few hundred ms.
    let asked: Memo<Shared<Vec<Prediction>>> = Memo::new(move |_| {
        let shown = state.mode.get() == 8;
        Shared(std::sync::Arc::new(if shown {
            predictions(&state.analysis.get())
        } else {
            Vec::new()
        }))
    });
    let answers: RwSignal<Answers> = RwSignal::new((None, Vec::new(), None));
    let markup = move || {
        let now = state.analysis.get();
        answers.with(|(given_for, responses, last)| {
            let fresh = given_for.as_ref() == Some(&now);
            let none = Vec::new();
            let responses = if fresh { responses } else { &none };
            asked.with(|all| panel(all, responses, last.filter(|_| fresh), state.step.get()))
        })
    };
    // Reads the field, grades it, keeps the answer and shows the step it was about.
    let reveal = move |section: web_sys::Element| {
        let now = state.analysis.get_untracked();
        let (number, prediction) = {
            let given = answers.with_untracked(|(given_for, responses, _)| {
                if given_for.as_ref() == Some(&now) {
                    responses.clone()
                } else {
                    Vec::new()
                }
            });
            let step = state.step.get_untracked();
            let Some(number) = asked.with_untracked(|all| next_unanswered(all, &given, step))
            else {
                return;
            };
            (number, asked.with_untracked(|all| all[number].clone()))
        };
        let value = section
            .query_selector("[data-testid=predict-input]")
            .ok()
            .flatten()
            .and_then(|field| js_sys::Reflect::get(&field, &"value".into()).ok())
            .and_then(|value| value.as_string())
            .unwrap_or_default();
        let response = response_of(&prediction, &value);
        let correct = prediction.is_correct(&response);
        answers.update(|(given_for, responses, last)| {
            if given_for.as_ref() != Some(&now) {
                *given_for = Some(now);
                responses.clear();
            }
            if responses.len() <= number {
                responses.resize(number + 1, None);
            }
            responses[number] = Some(response);
            *last = Some(number);
        });
        state.go_to(prediction.step);
        super::embed::post_answer(state, number + 1, correct);
        // The next question's field, ready for typing.
        if let Ok(Some(field)) = section.query_selector("[data-testid=predict-input]")
            && let Ok(field) = field.dyn_into::<web_sys::HtmlElement>()
        {
            let _ = field.focus();
        }
    };
    let section_of = |target: Option<web_sys::EventTarget>| {
        target
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.closest("[data-testid=predict]").ok().flatten())
    };
    view! {
        <section
            class="panel predict"
            data-testid="predict"
            aria-label="Predict"
            on:click=move |event| {
                let pressed = event
                    .target()
                    .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|element| element.get_attribute("data-action").as_deref() == Some("reveal"));
                if pressed && let Some(section) = section_of(event.target()) {
                    reveal(section);
                }
            }
            on:keydown=move |event| {
                if event.key() == "Enter" && let Some(section) = section_of(event.target()) {
                    event.prevent_default();
                    reveal(section);
                }
            }
        >
            <h2 class="panel__title">"Predict, then see"</h2>
            <div inner_html=markup></div>
        </section>
    }
}
