//! The current step explained beside the picture: what the step did (its typed outcome in
//! words), the key moment and formula card that belong to it, and the lines of the
//! student's YAML that decide it. Cause and effect on one screen.

use leptos::prelude::*;

use super::lesson_panels::{Formula, KeyMoment};
use super::state::AppState;
use super::step_fields::StepFields;
use crate::core::lesson::steps::StepRow;

#[component]
pub fn StepExplanation() -> impl IntoView {
    let state = expect_context::<AppState>();
    let row = Memo::new(move |_| {
        let run = state.run.get()?;
        run.lesson
            .steps
            .get(state.step.get().checked_sub(1)?)
            .cloned()
    });
    // Text closures only: the structure stays put, which keeps this view small in the bundle.
    let read = move |text: fn(&StepRow) -> String| move || row.with(|row| row.as_ref().map(text));
    view! {
        <aside class="explanation" data-testid="step-explanation" aria-label="This step">
            <div class="explanation__what">
                <h2 class="explanation__title">{read(|row| format!("Step {}: {}", row.number, row.action))}</h2>
                <p class="explanation__component">{read(|row| row.component.clone())}</p>
                <p
                    class="explanation__result"
                    class:explanation__result--skipped=move || row.with(|row| row.as_ref().is_some_and(|row| !row.happened))
                    data-testid="step-result"
                >
                    {read(|row| row.result.clone())}
                </p>
                <StepFields/>
            </div>
            <KeyMoment/>
            <Formula/>
        </aside>
    }
}
