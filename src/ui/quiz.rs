//! The quiz: options as buttons, graded by the core, with where to look after a wrong answer
//! and why after a right one, and a score. Answers belong to the run they were given for: when
//! the lesson changes they are cleared, and a reload of the same manifest keeps them.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::{AppState, Shared};
use crate::core::analysis::Run;
use crate::core::lesson::quiz::{Question, grade};
use crate::core::manifest::template_hash::fnv1a_32;
use crate::core::panels::quiz::panel;
use crate::core::practice::questions;

/// The run the answers were given for, and the option chosen per question.
type Answers = (Option<Shared<Run>>, Vec<Option<usize>>);

/// Answers are kept in this browser with a checksum of the manifest they were given for, so
/// a reload of the same manifest keeps them and any other manifest starts afresh.
const ANSWERS_KEY: &str = "kubestep.quiz.v1";
/// An embed's answers are its own: never the full app's, whatever the manifest.
const EMBED_ANSWERS_KEY: &str = "kubestep.embed.quiz.v1";

fn answers_key(state: AppState) -> &'static str {
    if state.embedded() {
        EMBED_ANSWERS_KEY
    } else {
        ANSWERS_KEY
    }
}

fn manifest_checksum(state: AppState) -> String {
    let text = state.analyzed.get_untracked();
    let follow = state.follow.get_untracked().unwrap_or_default();
    format!("{:08x}", fnv1a_32(format!("{follow}\n{text}").as_bytes()))
}

fn save(state: AppState, chosen: &[Option<usize>]) {
    let answers: Vec<String> = chosen
        .iter()
        .map(|choice| choice.map_or("-".to_string(), |c| c.to_string()))
        .collect();
    let record = format!("{}:{}", manifest_checksum(state), answers.join(","));
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = storage.set_item(answers_key(state), &record);
    }
}

fn restore(state: AppState) -> Answers {
    let saved = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|storage| storage.get_item(answers_key(state)).ok().flatten());
    let Some((checksum, answers)) = saved.as_deref().and_then(|s| s.split_once(':')) else {
        return (None, Vec::new());
    };
    if checksum != manifest_checksum(state) {
        return (None, Vec::new());
    }
    let chosen = answers.split(',').map(|a| a.parse().ok()).collect();
    (state.run.get_untracked(), chosen)
}

#[component]
pub fn Quiz() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The run the answers were given for, and the answers; compared by pointer on reading.
    let answers: RwSignal<Answers> = RwSignal::new(restore(state));
    let current = move || state.run.get();
    // The lesson's three questions, then those generated from this run's trace.
    // Computed while the mode is shown (or an embed shows only it): generating questions
    // walks the whole trace.
    let all_questions: Memo<Shared<Vec<Question>>> = Memo::new(move |_| {
        let shown = state.mode.get() == 4;
        Shared(std::sync::Arc::new(if shown {
            state
                .run
                .with(|run| run.as_deref().map(questions).unwrap_or_default())
        } else {
            Vec::new()
        }))
    });
    let choose = move |number: usize, index: usize| {
        let run = state.run.get_untracked();
        answers.update(|(answered_for, chosen)| {
            if *answered_for != run {
                *answered_for = run;
                chosen.clear();
            }
            if chosen.len() <= number {
                chosen.resize(number + 1, None);
            }
            chosen[number] = Some(index);
            save(state, chosen);
        });
        let correct = all_questions.with_untracked(|all| {
            all.get(number)
                .is_some_and(|question| grade(question, index).correct)
        });
        super::embed::post_answer(state, number + 1, correct);
    };
    let markup = move || {
        let run = current();
        answers.with(|(answered_for, chosen)| {
            let none = Vec::new();
            let chosen = if *answered_for == run { chosen } else { &none };
            all_questions.with(|all| panel(all, chosen))
        })
    };
    view! {
        <section class="panel quiz" data-testid="quiz" aria-label="Quiz">
            <h2 class="panel__title">"Visual Quiz"</h2>
            <div
                inner_html=markup
                on:click=move |event| {
                    let option = event
                        .target()
                        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                        .and_then(|element| element.closest("[data-option]").ok().flatten());
                    let number = |name| option.as_ref()?.get_attribute(name)?.parse::<usize>().ok();
                    if let (Some(question), Some(index)) = (number("data-question"), number("data-option")) {
                        choose(question, index);
                    }
                }
            ></div>
        </section>
    }
}
