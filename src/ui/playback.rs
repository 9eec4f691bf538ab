//! Step controls (first, previous, play, next, last), the step counter, keyboard shortcuts and
//! the play timer.

use leptos::ev;
use leptos::prelude::*;

use super::state::{AppState, SPEEDS, STEP_COUNT};
use crate::core::modes::MODES;

#[component]
pub fn Controls() -> impl IntoView {
    let state = expect_context::<AppState>();
    use_play_timer(state);
    let toggle = move |_| state.toggle_play();
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

/// Advances one frame per interval while playing (the interval follows the speed); stops at
/// the end of the lesson.
fn use_play_timer(state: AppState) {
    Effect::new(
        move |previous: Option<Option<gloo_timers::callback::Interval>>| {
            // Dropping the previous interval cancels it.
            drop(previous.flatten());
            if !state.playing.get() {
                return None;
            }
            let (_, interval_ms) = SPEEDS[state.speed.get().min(SPEEDS.len() - 1)];
            Some(gloo_timers::callback::Interval::new(
                interval_ms,
                move || {
                    if !state.advance_frame() {
                        state.playing.set(false);
                    }
                },
            ))
        },
    );
}

/// Full screen for the presenter; a browser that refuses (an iframe without permission)
/// leaves the page as it was.
fn toggle_full_screen() {
    let document = document();
    if document.fullscreen_element().is_some() {
        document.exit_fullscreen();
    } else if let Some(root) = document.document_element() {
        let _ = root.request_fullscreen();
    }
}

/// ←/→ step, Home/End jump, Space plays (at the end: from the start), 1–8 go to a step, P
/// presents, Esc leaves presenter mode, F toggles full screen while presenting, [ and ] change
/// the mode, ? lists them all; keys typed in
/// the editor, the timeline or the speed picker are left alone.
pub fn use_keyboard(state: AppState) {
    let handle = window_event_listener(ev::keydown, move |event| {
        let in_form_field = event
            .target()
            .and_then(|target| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(target).ok())
            .is_some_and(|element| {
                matches!(element.tag_name().as_str(), "TEXTAREA" | "INPUT" | "SELECT")
            });
        // `?` is Shift+/ on most layouts: Shift alone does not stop a shortcut.
        if in_form_field || event.ctrl_key() || event.meta_key() || event.alt_key() {
            return;
        }
        let key = event.key();
        match key.as_str() {
            "ArrowRight" | "PageDown" => state.next(),
            "ArrowLeft" | "PageUp" => state.previous(),
            "Home" => state.go_to(1),
            "End" => state.go_to(STEP_COUNT),
            " " => state.toggle_play(),
            "?" => state.shortcuts_open.update(|open| *open = !*open),
            "Escape" if state.shortcuts_open.get_untracked() => state.shortcuts_open.set(false),
            "p" | "P" => state.presenting.update(|on| *on = !*on),
            "Escape" if state.presenting.get_untracked() => state.presenting.set(false),
            "f" | "F" if state.presenting.get_untracked() => toggle_full_screen(),
            "[" => state.set_mode((state.mode.get_untracked() + MODES.len() - 1) % MODES.len()),
            "]" => state.set_mode((state.mode.get_untracked() + 1) % MODES.len()),
            digit if digit.len() == 1 && digit.chars().all(|c| ('1'..='8').contains(&c)) => {
                state.go_to(digit.parse().unwrap_or(1));
            }
            _ => return,
        }
        event.prevent_default();
    });
    on_cleanup(move || handle.remove());
}
