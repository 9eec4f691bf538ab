//! "What the cluster stores": each object of the manifest as the API server would keep it,
//! defaults filled in, next to what the student wrote; and the pod the ReplicaSet creates.

use leptos::either::Either;
use leptos::prelude::*;

use super::state::AppState;
use crate::core::manifest::stored::{Origin, stored_of};

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
            {move || {
                let documents = documents.get();
                if documents.is_empty() {
                    return Either::Left(view! { <p class="stored__empty">"Fix the errors above to see the stored objects."</p> });
                }
                Either::Right(documents
                    .into_iter()
                    .map(|document| {
                        let title = match document.origin {
                            Origin::Written => format!("{} {}", document.kind, document.name),
                            Origin::ReplicaSetPod => format!("Pod {}… (created by the ReplicaSet)", document.name),
                        };
                        let defaulted = if document.defaulted.is_empty() {
                            "nothing defaulted".to_string()
                        } else {
                            format!("defaulted: {}", document.defaulted.join(", "))
                        };
                        view! {
                            <section class="stored__document">
                                <h3 class="stored__title">{title}</h3>
                                <p class="stored__defaulted">{defaulted}</p>
                                <pre class="stored__yaml">{document.yaml}</pre>
                            </section>
                        }
                    })
                    .collect_view())
            }}
        </details>
    }
}
