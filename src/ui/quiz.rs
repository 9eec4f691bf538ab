//! The quiz: options as buttons, graded by the core, with the hint on a wrong answer. Answers
//! belong to the run they were given for: when the lesson changes, they are cleared.

use leptos::prelude::*;

use super::state::{AppState, Shared};
use crate::core::analysis::Run;
use crate::core::lesson::quiz::{grade, letter};

/// The run the answers were given for, and the option chosen per question.
type Answers = (Option<Shared<Run>>, Vec<Option<usize>>);

#[component]
pub fn Quiz() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The run the answers were given for, and the answers; compared by pointer on reading.
    let answers: RwSignal<Answers> = RwSignal::new((None, Vec::new()));
    let current = move || state.run.get();
    let chosen_for = move |number: usize| {
        answers.with(|(run, chosen)| {
            if *run == current() {
                chosen.get(number).copied().flatten()
            } else {
                None
            }
        })
    };
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
        });
    };
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
                                                let selected = move || chosen_for(number) == Some(index);
                                                view! {
                                                    <button
                                                        class="button quiz__option"
                                                        class:quiz__option--chosen=selected
                                                        data-testid="quiz-option"
                                                        data-question=number.to_string()
                                                        on:click=move |_| choose(number, index)
                                                    >
                                                        {format!("{} {}", letter(index), option)}
                                                    </button>
                                                }
                                            })
                                            .collect_view()}
                                    </div>
                                    {move || {
                                        let choice = chosen_for(number)?;
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
