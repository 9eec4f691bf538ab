//! Step controls (first, previous, play, next, last), the step counter, keyboard shortcuts and
//! the play timer.

use leptos::ev;
use leptos::prelude::*;

use super::state::{AppState, STEP_COUNT};

/// Milliseconds each frame stays on screen while playing.
const PLAY_INTERVAL_MS: u32 = 700;

#[component]
pub fn Controls() -> impl IntoView {
    let state = expect_context::<AppState>();
    use_play_timer(state);
    let toggle = move |_| {
        if state.step.get_untracked() == STEP_COUNT && !state.playing.get_untracked() {
            state.go_to(1);
            state.frame.set(Some(0));
        }
        state.playing.update(|playing| *playing = !*playing);
    };
    view! {
        <nav class="controls" aria-label="Step through the lesson">
            <button class="button" data-testid="step-first" title="First step (Home)" aria-label="First step" on:click=move |_| state.go_to(1)>"«"</button>
            <button class="button" data-testid="step-prev" title="Previous step (←)" aria-label="Previous step" on:click=move |_| state.previous()>"◀"</button>
            <button class="button button--primary" data-testid="play" title="Play / pause (Space)" on:click=toggle>
                {move || if state.playing.get() { "Pause" } else { "Play" }}
            </button>
            <button class="button" data-testid="step-next" title="Next step (→)" aria-label="Next step" on:click=move |_| state.next()>"▶"</button>
            <button class="button" data-testid="step-last" title="Last step (End)" aria-label="Last step" on:click=move |_| state.go_to(STEP_COUNT)>"»"</button>
            <span class="controls__counter" data-testid="step-counter" aria-live="polite">
                {move || format!("Step {} of {STEP_COUNT}", state.step.get())}
            </span>
            <FrameScrubber/>
            <p class="visually-hidden" aria-live="polite" data-testid="step-announcement">
                {move || {
                    let run = state.run.get()?;
                    let row = run.lesson.steps.get(state.step.get().checked_sub(1)?)?.clone();
                    Some(format!("Step {}: {}. {}", row.number, row.action, row.result))
                }}
            </p>
        </nav>
    }
}

/// A slider over the frames inside the current step: every change of cluster state in it.
#[component]
fn FrameScrubber() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let (first, last) = state.step_frames()?;
        if first == last {
            return None;
        }
        let shown = state.shown_frame().unwrap_or(last);
        Some(view! {
            <label class="controls__scrubber">
                <span class="controls__scrubber-label">{format!("change {} of {}", shown - first + 1, last - first + 1)}</span>
                <input
                    type="range"
                    data-testid="frame-slider"
                    aria-label="Changes within this step"
                    min=first.to_string()
                    max=last.to_string()
                    prop:value=shown.to_string()
                    on:input=move |event| {
                        if let Ok(frame) = event_target_value(&event).parse::<usize>() {
                            state.playing.set(false);
                            state.frame.set(Some(frame));
                        }
                    }
                />
            </label>
        })
    }
}

/// Advances one step per interval while playing; stops at the last step.
fn use_play_timer(state: AppState) {
    Effect::new(
        move |previous: Option<Option<gloo_timers::callback::Interval>>| {
            // Dropping the previous interval cancels it.
            drop(previous.flatten());
            if !state.playing.get() {
                return None;
            }
            Some(gloo_timers::callback::Interval::new(
                PLAY_INTERVAL_MS,
                move || {
                    if !state.advance_frame() {
                        state.playing.set(false);
                    }
                },
            ))
        },
    );
}

/// ←/→ step, Home/End jump, Space plays, 1–8 go to a step; keys typed in the editor are left alone.
pub fn use_keyboard(state: AppState) {
    let handle = window_event_listener(ev::keydown, move |event| {
        let in_form_field = event
            .target()
            .and_then(|target| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(target).ok())
            .is_some_and(|element| {
                matches!(element.tag_name().as_str(), "TEXTAREA" | "INPUT" | "SELECT")
            });
        if in_form_field || event.ctrl_key() || event.meta_key() || event.alt_key() {
            return;
        }
        let key = event.key();
        match key.as_str() {
            "ArrowRight" | "PageDown" => state.next(),
            "ArrowLeft" | "PageUp" => state.previous(),
            "Home" => state.go_to(1),
            "End" => state.go_to(STEP_COUNT),
            " " => state.playing.update(|playing| *playing = !*playing),
            "p" | "P" => state.presenting.update(|on| *on = !*on),
            digit if digit.len() == 1 && digit.chars().all(|c| ('1'..='8').contains(&c)) => {
                state.go_to(digit.parse().unwrap_or(1));
            }
            _ => return,
        }
        event.prevent_default();
    });
    on_cleanup(move || handle.remove());
}
