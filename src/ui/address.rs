//! The address follows the page: every change of manifest, step, frame, mode, speed, theme or
//! followed Deployment is written into the fragment with `history.replaceState` (no history
//! entry, no navigation), and a fragment changed on an open page (`hashchange`: a pasted link,
//! a host page's script) is applied. The format is `core::address`'s.

use leptos::prelude::*;

use super::state::AppState;
use crate::core::address::{self, PageState};

/// The fragment for the page as it is now.
pub fn current_fragment(state: AppState) -> String {
    let position = state.position_in_step();
    let follow = state.follow.get();
    // The text as typed, not the analysed copy: a reload right after a keystroke keeps it.
    state.text.with(|manifest| {
        address::write(&PageState {
            manifest,
            step: state.step.get(),
            // The step's end is the default; a position before it is written.
            frame: position.filter(|(at, of)| at < of).map(|(at, _)| at),
            mode: state.mode.get(),
            speed: state.speed.get(),
            theme: state.theme.get(),
            deployment: follow.as_deref(),
        })
    })
}

fn replace_address(fragment: &str) {
    let location = window().location();
    let address = format!(
        "{}{}{fragment}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address));
    }
}

/// Keeps the address in step with the page, both ways.
pub fn use_address(state: AppState) {
    let written = StoredValue::new(String::new());
    Effect::new(move |_| {
        let fragment = current_fragment(state);
        if written.with_value(|last| *last != fragment) {
            replace_address(&fragment);
            written.set_value(fragment);
        }
    });
    // The page's own listener, for as long as the page lives.
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        let location = window().location();
        let fragment = location.hash().unwrap_or_default();
        if written.with_value(|last| *last == fragment) {
            return;
        }
        let from_address = address::read(&location.search().unwrap_or_default(), &fragment);
        if let Some(Err(problem)) = &from_address.manifest {
            state.notice.set(Some(format!(
                "Could not open the shared manifest: {problem}"
            )));
        }
        state.apply_address(&from_address);
    });
}
