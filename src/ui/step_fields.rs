//! "In your YAML": the lines of the student's manifest that decide the current step, each a
//! button that puts the caret there.

use leptos::either::Either;
use leptos::prelude::*;

use super::editor::select_in_editor;
use super::state::AppState;
use crate::core::links::fields_behind_step;

#[component]
pub fn StepFields() -> impl IntoView {
    let state = expect_context::<AppState>();
    let links = Memo::new(move |_| fields_behind_step(&state.analysis.get(), state.step.get()));
    view! {
        <p class="step-fields" data-testid="step-fields">
            <span class="step-fields__label">"In your YAML: "</span>
            {move || {
                let links = links.get();
                if links.is_empty() {
                    return Either::Left(view! {
                        <span class="step-fields__none">"nothing you wrote decides this step; the lesson's assumptions do"</span>
                    });
                }
                Either::Right(links
                    .into_iter()
                    .map(|link| {
                        let (line, column) = (link.line, link.column);
                        view! {
                            <button
                                class="step-fields__link"
                                data-testid="field-link"
                                data-line=line.to_string()
                                on:click=move |_| select_in_editor(&state.text.get_untracked(), line, column)
                            >
                                {format!("line {line} · {}", link.path)}
                            </button>
                        }
                    })
                    .collect_view())
            }}
        </p>
    }
}
