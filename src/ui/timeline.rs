//! The lesson-wide timeline under the picture: the eight steps' spans and a mark per event
//! over a slider that scrubs the whole run, the words saying where the frame on screen sits
//! inside its step, and the playback speed.

use leptos::prelude::*;

use super::state::{AppState, SPEEDS, STEP_COUNT};
use crate::core::stage::svg::timeline_markup;
use crate::core::stage::timeline::{position_in_step, timeline};

#[component]
pub fn Timeline() -> impl IntoView {
    let state = expect_context::<AppState>();
    let line = Memo::new(move |_| state.run.get().map(|run| timeline(&run)));
    let position = move || {
        let run = state.run.get()?;
        Some(position_in_step(
            &run,
            state.step.get(),
            state.shown_frame()?,
        ))
    };
    let scrub = move |event: leptos::ev::Event| {
        let Ok(frame) = event_target_value(&event).parse::<usize>() else {
            return;
        };
        let Some(run) = state.run.get_untracked() else {
            return;
        };
        let Some(step) = run.trace.frames.get(frame).map(|f| f.step) else {
            return;
        };
        state.playing.set(false);
        state.step.set(step.clamp(1, STEP_COUNT));
        state.frame.set(Some(frame));
    };
    view! {
        <div class="timeline" data-testid="timeline">
            <svg
                class="timeline__marks"
                viewBox="0 0 1000 16"
                preserveAspectRatio="none"
                aria-hidden="true"
                inner_html=move || line.with(|line| line.as_ref().map(timeline_markup).unwrap_or_default())
            ></svg>
            <input
                class="timeline__slider"
                type="range"
                data-testid="timeline-slider"
                aria-label="The whole lesson, every change in order"
                min="0"
                max=move || line.with(|line| line.as_ref().map_or(0, |l| l.frames.saturating_sub(1))).to_string()
                prop:value=move || state.shown_frame().unwrap_or(0).to_string()
                on:input=scrub
            />
            <div class="timeline__row">
                <p class="timeline__position" data-testid="frame-position" aria-live="polite">{position}</p>
                <label class="timeline__speed">
                    "Speed "
                    <select
                        data-testid="speed"
                        prop:value=move || state.speed.get().to_string()
                        on:change=move |event| {
                            if let Ok(speed) = event_target_value(&event).parse::<usize>() {
                                state.speed.set(speed.min(SPEEDS.len() - 1));
                            }
                        }
                    >
                        {SPEEDS.iter().enumerate().map(|(index, (factor, _))| view! { <option value=index.to_string()>{format!("{factor}×")}</option> }).collect_view()}
                    </select>
                </label>
            </div>
        </div>
    }
}
