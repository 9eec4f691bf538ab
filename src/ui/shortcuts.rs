//! The `?` overlay: every keyboard shortcut of the page in one list. Esc or `?` closes it.

use leptos::prelude::*;

use super::state::AppState;

/// Keys and what they do, as the keyboard handler (`playback::use_keyboard`), the mode tabs
/// and the editor implement them.
const SHORTCUTS: [(&str, &str); 16] = [
    ("→ or Page Down", "next step"),
    ("← or Page Up", "previous step"),
    ("Home / End", "first / last step"),
    ("1 – 8", "go to that step"),
    ("Space", "play or pause (at the end: from the start)"),
    ("[ / ]", "previous / next mode"),
    ("← → Home End on a tab", "move between modes"),
    ("P", "presenter mode"),
    ("F", "full screen, while presenting"),
    ("Esc", "leave presenter mode, or close this list"),
    (
        "Tab / Shift+Tab in the editor",
        "indent / outdent the lines",
    ),
    ("Esc, then Tab, in the editor", "move on from the editor"),
    ("Enter at the kubectl prompt", "run the command"),
    (
        "Tab at the kubectl prompt",
        "complete a command, kind or name",
    ),
    ("↑ / ↓ at the kubectl prompt", "the commands typed before"),
    ("?", "show or hide this list"),
];

#[component]
pub fn ShortcutsOverlay() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div
            class="shortcuts"
            data-testid="shortcuts"
            role="dialog"
            aria-modal="true"
            aria-label="Keyboard shortcuts"
            hidden=move || !state.shortcuts_open.get()
            on:click=move |_| state.shortcuts_open.set(false)
        >
            <div class="shortcuts__card panel" on:click=|event| event.stop_propagation()>
                <h2 class="panel__title">"Keyboard shortcuts"</h2>
                <p class="shortcuts__note">"Keys never act while you type in the editor, the timeline or a picker."</p>
                <dl class="shortcuts__list">
                    {SHORTCUTS.iter().map(|(keys, action)| view! { <dt><kbd>{*keys}</kbd></dt><dd>{*action}</dd> }).collect_view()}
                </dl>
                <button class="button" data-testid="shortcuts-close" on:click=move |_| state.shortcuts_open.set(false)>"Close"</button>
            </div>
        </div>
    }
}
