//! The lesson's read-only panels: process flow, process table (current step marked), variable
//! tracker (current column marked), the key moment for the current step, concept snapshot and
//! transcript. Each reads the last good run and the step cursor, nothing else. The tables and
//! lists arrive as markup from [`crate::core::panels`]; a click on anything carrying
//! `data-step` goes to that step.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::AppState;
use crate::core::lesson::Lesson;
use crate::core::lesson::tracker::frame_changes;
use crate::core::panels;

/// The markup of one panel for the current run and step (empty while there is no run).
fn markup(state: AppState, write: fn(&Lesson, usize) -> String) -> impl Fn() -> String + Copy {
    move || {
        let step = state.step.get();
        state
            .run
            .with(|run| run.as_ref().map(|run| write(&run.lesson, step)))
            .unwrap_or_default()
    }
}

/// Goes to the step named by the nearest `data-step` around what was clicked.
fn go_to_clicked_step(state: AppState, event: leptos::ev::MouseEvent) {
    let step = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("[data-step]").ok().flatten())
        .and_then(|element| element.get_attribute("data-step"))
        .and_then(|step| step.parse().ok());
    if let Some(step) = step {
        state.go_to(step);
    }
}

/// The flow strip: the eight steps as a path, the current one highlighted.
#[component]
pub fn Flow() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <ol
            class="flow"
            aria-label="Process flow"
            inner_html=markup(state, panels::flow)
            on:click=move |event| go_to_clicked_step(state, event)
        ></ol>
    }
}

#[component]
pub fn ProcessTable() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <section class="panel" aria-label="Process table">
            <h2 class="panel__title">"Process Table"</h2>
            <table class="table" data-testid="process-table">
                <thead>
                    <tr><th>"Step"</th><th>"Action"</th><th>"Kubernetes Component"</th><th>"Result"</th></tr>
                </thead>
                <tbody
                    inner_html=markup(state, panels::process_rows)
                    on:click=move |event| go_to_clicked_step(state, event)
                ></tbody>
            </table>
            <p class="panel__outcome" data-testid="outcome">{move || state.run.get().map(|run| run.lesson.outcome.clone())}</p>
            // Where the simulation simplifies or stopped short, the lesson says so here.
            <ul class="panel__notes" data-testid="lesson-notes" inner_html=markup(state, |lesson, _| panels::notes(lesson))></ul>
        </section>
    }
}

#[component]
pub fn Tracker() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <section class="panel" aria-label="Variable tracker">
            <h2 class="panel__title">"Status Tracker"</h2>
            // The rows the frame on screen changed, for the stylesheet to mark.
            <div
                inner_html=markup(state, panels::tracker)
                data-frame-changed=move || {
                    let frame = state.shown_frame()?;
                    let changed = state.run.with(|run| run.as_ref().map(|run| frame_changes(&run.trace, frame)))?;
                    Some((0..changed.len()).filter(|&row| changed[row]).map(|row| format!(" {row} ")).collect::<String>())
                }
            ></div>
        </section>
    }
}

/// The key moment attached to the current step, or the next one coming.
#[component]
pub fn KeyMoment() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <section class="panel key-moment" data-testid="key-moment" aria-label="Key moment" aria-live="polite">
            <h2 class="panel__title">"Key Moment"</h2>
            {move || {
                let run = state.run.get()?;
                let step = state.step.get();
                let moment = run
                    .lesson
                    .key_moments
                    .iter()
                    .find(|m| m.step >= step)
                    .or(run.lesson.key_moments.last())?
                    .clone();
                Some(view! {
                    <p class="key-moment__question">{moment.question}</p>
                    <p class="key-moment__answer">{moment.answer}</p>
                })
            }}
        </section>
    }
}

/// Every key moment of the lesson, the current step's marked: the key-moments mode.
#[component]
pub fn KeyMoments() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <section class="panel" data-testid="key-moments" aria-label="Key moments">
            <h2 class="panel__title">"Key Moments"</h2>
            <ol
                class="moments"
                inner_html=markup(state, panels::key_moments)
                on:click=move |event| go_to_clicked_step(state, event)
            ></ol>
        </section>
    }
}

/// The arithmetic behind the current step, when it has any (steps 5 and 6).
#[component]
pub fn Formula() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let run = state.run.get()?;
        let step = state.step.get();
        let card = run
            .lesson
            .formulas
            .iter()
            .find(|card| card.step == step)?
            .clone();
        Some(view! {
            <section class="panel formula" data-testid="formula-card" aria-label="Formula">
                <h2 class="panel__title">{card.title}</h2>
                <ul class="formula__lines">
                    {card.lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                </ul>
            </section>
        })
    }
}

#[component]
pub fn Snapshot() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <section class="panel" data-testid="concept-snapshot" aria-label="Concept snapshot">
            <h2 class="panel__title">"Concept Snapshot"</h2>
            <div inner_html=markup(state, |lesson, _| panels::snapshot(lesson))></div>
        </section>
    }
}

#[component]
pub fn Transcript() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <section class="panel" data-testid="transcript" aria-label="Full transcript">
            <h2 class="panel__title">"Full Transcript"</h2>
            <div inner_html=markup(state, panels::transcript)></div>
        </section>
    }
}
