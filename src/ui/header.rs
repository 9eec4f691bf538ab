//! The page header: the title, presenter mode, and the lesson as a Markdown download.

use leptos::prelude::*;

use super::state::AppState;
use crate::core::lesson::render::{Format, render};
use crate::core::share::percent_encode;

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
