//! The lesson's read-only panels: process flow, process table (current step marked), variable
//! tracker (current column marked), the key moment for the current step, concept snapshot and
//! transcript. Each reads the last good run and the step cursor, nothing else.

use leptos::prelude::*;

use super::state::AppState;

/// The flow strip: the eight steps as a path, the current one highlighted.
#[component]
pub fn Flow() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <ol class="flow" aria-label="Process flow">
            {move || {
                let run = state.run.get()?;
                let current = state.step.get();
                Some(
                    run.lesson
                        .steps
                        .iter()
                        .map(|row| {
                            let number = row.number;
                            let class = if number == current { "flow__step flow__step--current" } else if number < current { "flow__step flow__step--done" } else { "flow__step" };
                            view! {
                                <li class=class>
                                    <button class="flow__button" on:click=move |_| state.go_to(number)>{format!("{number}. {}", row.action)}</button>
                                </li>
                            }
                        })
                        .collect_view(),
                )
            }}
        </ol>
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
                <tbody>
                    {move || {
                        let run = state.run.get()?;
                        let current = state.step.get();
                        Some(
                            run.lesson
                                .steps
                                .iter()
                                .map(|row| {
                                    let number = row.number;
                                    let is_current = number == current;
                                    view! {
                                        <tr
                                            class="table__row"
                                            class:table__row--current=is_current
                                            class:table__row--skipped=!row.happened
                                            data-testid="process-row"
                                            aria-current=is_current.then_some("step")
                                            on:click=move |_| state.go_to(number)
                                        >
                                            <td>{number}</td>
                                            <td>{row.action.clone()}</td>
                                            <td>{row.component.clone()}</td>
                                            <td data-testid="process-result">{row.result.clone()}</td>
                                        </tr>
                                    }
                                })
                                .collect_view(),
                        )
                    }}
                </tbody>
            </table>
            <p class="panel__outcome" data-testid="outcome">{move || state.run.get().map(|run| run.lesson.outcome.clone())}</p>
            // Where the simulation simplifies or stopped short, the lesson says so here.
            <ul class="panel__notes" data-testid="lesson-notes">
                {move || {
                    state
                        .run
                        .get()
                        .map(|run| run.lesson.notes.clone())
                        .unwrap_or_default()
                        .into_iter()
                        .map(|note| view! { <li>{note}</li> })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

#[component]
pub fn Tracker() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <section class="panel" aria-label="Variable tracker">
            <h2 class="panel__title">"Status Tracker"</h2>
            {move || {
                let run = state.run.get()?;
                let tracker = run.lesson.tracker.clone();
                let current = state.step.get();
                // The column showing the state the student is looking at: the last one at or before the step.
                let current_column = tracker.column_steps.iter().rposition(|&step| step <= current).unwrap_or(0);
                Some(view! {
                    <table class="table tracker" data-testid="tracker">
                        <thead>
                            <tr>
                                <th>"Variable"</th>
                                {tracker.columns.iter().enumerate().map(|(index, column)| view! {
                                    <th class:tracker__column--current=index == current_column>{column.clone()}</th>
                                }).collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {tracker.rows.iter().map(|row| view! {
                                <tr data-testid="tracker-row">
                                    <th scope="row">{row.variable.clone()}</th>
                                    {row.values.iter().enumerate().map(|(index, value)| {
                                        let changed = row.changed.get(index).copied().unwrap_or(false);
                                        view! {
                                            <td class:tracker__column--current=index == current_column class:tracker__cell--changed=changed>{value.clone()}</td>
                                        }
                                    }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                })
            }}
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
            <ol class="moments">
                {move || {
                    let run = state.run.get()?;
                    let step = state.step.get();
                    Some(run.lesson.key_moments.iter().map(|moment| {
                        let target = moment.step;
                        view! {
                            <li class="moments__item" class:moments__item--current=target == step data-step=target.to_string()>
                                <button class="step-fields__link" on:click=move |_| state.go_to(target)>{format!("Step {target}")}</button>
                                <p class="key-moment__question">{moment.question.clone()}</p>
                                <p class="key-moment__answer">{moment.answer.clone()}</p>
                            </li>
                        }
                    }).collect_view())
                }}
            </ol>
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
            {move || {
                let run = state.run.get()?;
                let snapshot = run.lesson.snapshot.clone();
                Some(view! {
                    <p>{snapshot.title}</p>
                    <ul>{snapshot.points.into_iter().map(|point| view! { <li>{point}</li> }).collect_view()}</ul>
                })
            }}
        </section>
    }
}

#[component]
pub fn Transcript() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <section class="panel" data-testid="transcript" aria-label="Full transcript">
            <h2 class="panel__title">"Full Transcript"</h2>
            {move || {
                let run = state.run.get()?;
                let transcript = run.lesson.transcript.clone();
                let current = state.step.get();
                Some(view! {
                    <p>{transcript.summary}</p>
                    {transcript.steps.into_iter().map(|step| view! {
                        <details class="transcript__step" open=step.number == current>
                            <summary>{format!("Step {} · {}: {}", step.number, step.action, step.result)}</summary>
                            <ul class="transcript__events">
                                {step.lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                            </ul>
                        </details>
                    }).collect_view()}
                })
            }}
        </section>
    }
}
