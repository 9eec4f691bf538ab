//! The quiz: options as buttons, graded by the core, with where to look after a wrong answer
//! and why after a right one, and a score. Answers belong to the run they were given for: when
//! the lesson changes they are cleared, and a reload of the same manifest keeps them.

use leptos::prelude::*;

use super::state::{AppState, Shared};
use crate::core::analysis::Run;
use crate::core::lesson::quiz::{grade, letter};
use crate::core::manifest::template_hash::fnv1a_32;

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
            save(state, chosen);
        });
        let correct = state.run.with_untracked(|run| {
            run.as_ref()
                .and_then(|run| run.lesson.quiz.get(number))
                .is_some_and(|question| grade(question, index).correct)
        });
        super::embed::post_answer(state, number + 1, correct);
    };
    view! {
        <section class="panel quiz" data-testid="quiz" aria-label="Quiz">
            <h2 class="panel__title">"Visual Quiz"</h2>
            <p class="quiz__score" data-testid="quiz-score" aria-live="polite">
                {move || {
                    let run = state.run.get()?;
                    let questions = &run.lesson.quiz;
                    let correct = (0..questions.len())
                        .filter(|&n| chosen_for(n).is_some_and(|choice| grade(&questions[n], choice).correct))
                        .count();
                    let answered = (0..questions.len()).filter(|&n| chosen_for(n).is_some()).count();
                    Some(format!("{correct} of {} correct ({answered} answered)", questions.len()))
                }}
            </p>
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
                            let question_for_text = question.clone();
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
                                    <p
                                        class=move || match chosen_for(number).map(|choice| grade(&feedback_question, choice).correct) {
                                            Some(true) => "quiz__feedback quiz__feedback--correct",
                                            Some(false) => "quiz__feedback quiz__feedback--wrong",
                                            None => "quiz__feedback",
                                        }
                                        data-testid="quiz-feedback"
                                        role="status"
                                        hidden=move || chosen_for(number).is_none()
                                    >
                                        {move || chosen_for(number).map(|choice| grade(&question_for_text, choice).message)}
                                    </p>
                                </div>
                            }
                        })
                        .collect_view(),
                )
            }}
        </section>
    }
}
