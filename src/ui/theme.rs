//! The theme picker: the system's, light or dark, remembered in this browser and applied as
//! `data-theme` on the page's root (the stylesheet holds both palettes; tests/contrast.rs
//! checks them).

use leptos::prelude::*;

use super::state::AppState;
use crate::core::address::THEMES;

const THEME_KEY: &str = "kubestep.theme.v1";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// Applies a theme to the page; "system" follows `prefers-color-scheme`.
fn apply(theme: &str) {
    let Some(root) = document().document_element() else {
        return;
    };
    let _ = if theme == "system" {
        root.remove_attribute("data-theme")
    } else {
        root.set_attribute("data-theme", theme)
    };
}

/// The theme saved in this browser (an index into `THEMES`), "system" when none.
pub fn saved() -> usize {
    storage()
        .and_then(|s| s.get_item(THEME_KEY).ok().flatten())
        .and_then(|saved| THEMES.iter().position(|(id, _)| *id == saved))
        .unwrap_or(0)
}

/// Applies the chosen theme whenever it changes, and remembers the student's choice (an
/// embed follows its address and its host, and remembers nothing).
pub fn use_theme(state: AppState) {
    Effect::new(move |previous: Option<usize>| {
        let theme = state.theme.get();
        apply(THEMES[theme.min(THEMES.len() - 1)].0);
        if previous.is_some_and(|p| p != theme)
            && !state.embedded()
            && let Some(storage) = storage()
        {
            let _ = storage.set_item(THEME_KEY, THEMES[theme].0);
        }
        theme
    });
}

#[component]
pub fn ThemePicker() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <select
            class="theme-picker"
            data-testid="theme-toggle"
            aria-label="Colour theme"
            prop:value=move || THEMES[state.theme.get().min(THEMES.len() - 1)].0
            on:change=move |event| {
                let chosen = event_target_value(&event);
                if let Some(theme) = THEMES.iter().position(|(id, _)| *id == chosen) {
                    state.theme.set(theme);
                }
            }
        >
            {THEMES.iter().map(|(id, label)| view! { <option value=*id>{*label}</option> }).collect_view()}
        </select>
    }
}
