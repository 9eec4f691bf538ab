//! The theme picker: the system's, light or dark, remembered in this browser and applied as
//! `data-theme` on the page's root (the stylesheet holds both palettes; tests/contrast.rs
//! checks them).

use leptos::prelude::*;

const THEME_KEY: &str = "kubestep.theme.v1";
const THEMES: [(&str, &str); 3] = [
    ("system", "System theme"),
    ("light", "Light"),
    ("dark", "Dark"),
];

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

/// The saved theme, applied before the first render so the page never flashes the other one.
pub fn restore() -> String {
    let theme = storage()
        .and_then(|s| s.get_item(THEME_KEY).ok().flatten())
        .filter(|saved| THEMES.iter().any(|(id, _)| id == saved))
        .unwrap_or_else(|| "system".to_string());
    apply(&theme);
    theme
}

#[component]
pub fn ThemePicker() -> impl IntoView {
    let chosen = restore();
    view! {
        <select
            class="theme-picker"
            data-testid="theme"
            aria-label="Colour theme"
            prop:value=chosen
            on:change=move |event| {
                let theme = event_target_value(&event);
                apply(&theme);
                if let Some(storage) = storage() {
                    let _ = storage.set_item(THEME_KEY, &theme);
                }
            }
        >
            {THEMES.iter().map(|(id, label)| view! { <option value=*id>{*label}</option> }).collect_view()}
        </select>
    }
}
