//! "What the cluster stores": each object of the manifest as the API server would keep it,
//! defaults filled in, next to what the student wrote; and the pod the ReplicaSet creates.

use leptos::prelude::*;

use super::state::AppState;
use crate::core::manifest::stored::stored_of;
use crate::core::panels;

#[component]
pub fn StoredView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let open = RwSignal::new(false);
    // Computed only while the panel is open: most students never look.
    let documents = Memo::new(move |_| {
        if open.get() {
            stored_of(&state.analysis.get().read).documents
        } else {
            Vec::new()
        }
    });
    view! {
        <details class="stored" data-testid="stored-view" on:toggle=move |event| {
            use wasm_bindgen::JsCast;
            let is_open = event
                .target()
                .and_then(|target| target.dyn_into::<web_sys::HtmlDetailsElement>().ok())
                .is_some_and(|details| details.open());
            open.set(is_open);
        }>
            <summary>"What the cluster stores (defaults filled in)"</summary>
            <div inner_html=move || documents.with(|documents| if open.get() { panels::stored(documents) } else { String::new() })></div>
        </details>
    }
}
