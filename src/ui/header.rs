//! The page header: the title, presenter mode, and the lesson as a Markdown download.

use leptos::prelude::*;

use super::state::AppState;
use crate::core::export::{events_csv, stored_yaml, tracker_csv};
use crate::core::lesson::render::{Format, render};
use crate::core::share::percent_encode;

/// The files under "Export", each written when its link is clicked (a 2,000-pod run's events
/// are megabytes: never computed for nothing): test id, file name, label, MIME type.
const EXPORTS: [(&str, &str, &str, &str); 4] = [
    (
        "export-csv",
        "kubestep-tracker.csv",
        "Tracker (CSV)",
        "text/csv",
    ),
    (
        "export-events-csv",
        "kubestep-events.csv",
        "Events (CSV)",
        "text/csv",
    ),
    (
        "export-manifest",
        "manifest.yaml",
        "Manifest as written",
        "application/yaml",
    ),
    (
        "export-stored",
        "manifest-stored.yaml",
        "Manifest as stored",
        "application/yaml",
    ),
];

/// The text of export `index` for the page as it is; `None` when there is nothing to export.
fn export_text(state: AppState, index: usize) -> Option<String> {
    match index {
        0 => state
            .run
            .with_untracked(|run| run.as_ref().map(|run| tracker_csv(&run.lesson))),
        1 => state
            .run
            .with_untracked(|run| run.as_ref().map(|run| events_csv(run))),
        2 => Some(state.text.get_untracked()),
        _ => state
            .analysis
            .with_untracked(|analysis| stored_yaml(&analysis.read)),
    }
}

#[component]
pub fn Header() -> impl IntoView {
    let state = expect_context::<AppState>();
    // A data URL built only when the lesson changes: the link works offline and in iframes.
    let markdown_href = Memo::new(move |_| {
        state
            .run
            .get()
            .map(|run| {
                format!(
                    "data:text/markdown;charset=utf-8,{}",
                    percent_encode(&render(&run.lesson, Format::Markdown))
                )
            })
            .unwrap_or_default()
    });
    view! {
        <header class="app-header">
            <h1>"KubeStep"</h1>
            <p class="app-header__tagline">"What Kubernetes does with your model-serving manifest, step by step"</p>
            <div class="app-header__actions">
                <super::theme::ThemePicker/>
                <button class="button" data-testid="shortcuts-open" title="Keyboard shortcuts (?)" on:click=move |_| state.shortcuts_open.set(true)>"Keys"</button>
                <a
                    class="button"
                    data-testid="export-markdown"
                    download="kubestep-lesson.md"
                    href=move || markdown_href.get()
                    on:click=move |event| {
                        // Without a lesson the link would save the page itself.
                        if markdown_href.with_untracked(String::is_empty) {
                            event.prevent_default();
                            state.notice.set(Some("There is no lesson to download yet: the manifest needs to be valid first.".to_string()));
                        }
                    }
                >
                    "Download lesson (Markdown)"
                </a>
                <details class="exports">
                    <summary class="button" data-testid="export-menu">"Export"</summary>
                    <div
                        class="exports__menu"
                        on:click=move |event| {
                            use wasm_bindgen::JsCast;
                            let Some(link) = event
                                .target()
                                .and_then(|target| target.dyn_into::<web_sys::HtmlAnchorElement>().ok())
                            else {
                                return;
                            };
                            let index = EXPORTS.iter().position(|(id, ..)| link.get_attribute("data-testid").as_deref() == Some(*id));
                            match index.and_then(|index| Some((index, export_text(state, index)?))) {
                                // Written into the link just before the browser follows it.
                                Some((index, text)) => link.set_href(&format!("data:{};charset=utf-8,{}", EXPORTS[index].3, percent_encode(&text))),
                                None => {
                                    event.prevent_default();
                                    state.notice.set(Some("There is nothing to export yet: the manifest needs to be valid first.".to_string()));
                                }
                            }
                        }
                    >
                        {EXPORTS.iter().map(|(id, file, label, _)| view! {
                            <a class="button exports__link" data-testid=*id download=*file href="#">{*label}</a>
                        }).collect_view()}
                    </div>
                </details>
                <button
                    class="button"
                    data-testid="present-toggle"
                    title="Presenter mode (P): hide the editor, enlarge the lesson"
                    aria-pressed=move || state.presenting.get().to_string()
                    on:click=move |_| state.presenting.update(|on| *on = !*on)
                >
                    {move || if state.presenting.get() { "Leave presenter mode" } else { "Present" }}
                </button>
            </div>
        </header>
    }
}
