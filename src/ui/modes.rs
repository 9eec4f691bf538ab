//! The mode tabs (a WAI-ARIA tab list: ←/→, Home and End move between tabs while one has the
//! focus; `[` and `]` anywhere else) and the panels they show. Hidden panels keep their
//! content, except the transcript, which is built only while shown (it can hold thousands of
//! lines).

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::AppState;
use crate::core::modes::MODES;

#[component]
pub fn ModeTabs() -> impl IntoView {
    let state = expect_context::<AppState>();
    let on_keydown = move |event: KeyboardEvent| {
        // From the tab that has the focus (it may not be the selected one).
        let focused = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|tab| {
                MODES
                    .iter()
                    .position(|mode| tab.id() == format!("tab-{}", mode.id))
            });
        let current = focused.unwrap_or_else(|| state.mode.get_untracked());
        let next = match event.key().as_str() {
            "ArrowRight" => (current + 1) % MODES.len(),
            "ArrowLeft" => (current + MODES.len() - 1) % MODES.len(),
            "Home" => 0,
            "End" => MODES.len() - 1,
            _ => return,
        };
        event.prevent_default();
        event.stop_propagation();
        state.set_mode(next);
        let tab = document().get_element_by_id(&format!("tab-{}", MODES[next].id));
        if let Some(Ok(tab)) = tab.map(|tab| tab.dyn_into::<web_sys::HtmlElement>()) {
            let _ = tab.focus();
        }
    };
    view! {
        <div class="modes" role="tablist" aria-label="Ways to learn this lesson" on:keydown=on_keydown>
            {MODES.iter().enumerate().map(|(index, mode)| {
                let selected = move || state.mode.get() == index;
                view! {
                    <button
                        class="modes__tab"
                        role="tab"
                        id=format!("tab-{}", mode.id)
                        data-testid=format!("mode-{}", mode.id)
                        aria-controls=format!("panel-{}", mode.id)
                        aria-selected=move || selected().to_string()
                        tabindex=move || if selected() { "0" } else { "-1" }
                        on:click=move |_| state.set_mode(index)
                    >
                        {mode.label}
                    </button>
                }
            }).collect_view()}
        </div>
    }
}

/// The panel of mode `index`, hidden while another mode is chosen. A generic function, not a
/// component with `Children`: type-erased children pull the server-rendering paths of every
/// panel into the bundle (+21 KB gzip when measured).
pub fn panel(state: AppState, index: usize, content: impl IntoView) -> impl IntoView {
    let id = MODES[index].id;
    view! {
        <section
            class="mode-panel"
            role="tabpanel"
            id=format!("panel-{id}")
            aria-labelledby=format!("tab-{id}")
            hidden=move || state.mode.get() != index
        >
            {content}
        </section>
    }
}
