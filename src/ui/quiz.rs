//! The quiz: options as buttons, graded by the core, with the hint on a wrong answer.

use leptos::prelude::*;

use super::state::AppState;
use crate::core::lesson::quiz::{grade, letter};

#[component]
pub fn Quiz() -> impl IntoView {
    let state = expect_context::<AppState>();
    let chosen: RwSignal<Vec<Option<usize>>> = RwSignal::new(vec![None; 3]);
    view! {
        <section class="panel quiz" data-testid="quiz" aria-label="Quiz">
            <h2 class="panel__title">"Visual Quiz"</h2>
            {move || {
                let run = state.run.get()?;
                Some(
                    run.lesson
                        .quiz
                        .clone()
                        .into_iter()
                        .enumerate()
                        .map(|(number, question)| {
                            let feedback_question = question.clone();
                            view! {
                                <div class="quiz__question" data-testid="quiz-question">
                                    <p class="quiz__prompt">{format!("{}. {}", number + 1, question.prompt)}</p>
                                    <div class="quiz__options">
                                        {question
                                            .options
                                            .iter()
                                            .enumerate()
                                            .map(|(index, option)| {
                                                let selected = move || chosen.with(|c| c.get(number).copied().flatten() == Some(index));
                                                view! {
                                                    <button
                                                        class="button quiz__option"
                                                        class:quiz__option--chosen=selected
                                                        data-testid="quiz-option"
                                                        data-question=number.to_string()
                                                        on:click=move |_| chosen.update(|c| {
                                                            if let Some(slot) = c.get_mut(number) {
                                                                *slot = Some(index);
                                                            }
                                                        })
                                                    >
                                                        {format!("{} {}", letter(index), option)}
                                                    </button>
                                                }
                                            })
                                            .collect_view()}
                                    </div>
                                    {move || {
                                        let choice = chosen.with(|c| c.get(number).copied().flatten())?;
                                        let feedback = grade(&feedback_question, choice);
                                        let class = if feedback.correct { "quiz__feedback quiz__feedback--correct" } else { "quiz__feedback quiz__feedback--wrong" };
                                        Some(view! { <p class=class data-testid="quiz-feedback" role="status">{feedback.message}</p> })
                                    }}
                                </div>
                            }
                        })
                        .collect_view(),
                )
            }}
        </section>
    }
}
