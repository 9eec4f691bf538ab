//! The manifest's text area: a plain textarea (the browser's own editing, undo, IME and
//! accessibility) over a synchronized layer that draws what a code editor shows: YAML
//! colours, line numbers, the diagnostics as gutter dots and underlines with their message on
//! hover. Tab and Shift+Tab indent with spaces; Esc, then Tab, leaves the editor. The layer is
//! markup from `core::highlight`, so it costs the bundle a few KB (a code editor component
//! costs hundreds; see ARCHITECTURE.md).

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::AppState;
use crate::core::editing;
use crate::core::highlight::{MAX_HIGHLIGHTED_BYTES, diagnostic_marks, highlight, line_numbers};
use crate::core::markup::escape;

/// Keeps `caret_line` on the textarea's caret (its offset counts UTF-16 code units).
fn follow_caret(state: AppState, target: Option<web_sys::EventTarget>) {
    let Some(textarea) = target.and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
    else {
        return;
    };
    let caret = textarea.selection_start().ok().flatten().unwrap_or(0);
    let line = editing::line_at(&textarea.value(), caret);
    if state.caret_line.get_untracked() != Some(line) {
        state.caret_line.set(Some(line));
    }
}

#[component]
pub fn CodeArea() -> impl IntoView {
    let state = expect_context::<AppState>();
    let scroll = RwSignal::new((0, 0));
    // After Esc, Tab moves the focus on instead of indenting (a keyboard user is never stuck).
    let tab_leaves = RwSignal::new(false);
    let colours = move || {
        state.text.with(|text| {
            if text.len() > MAX_HIGHLIGHTED_BYTES {
                escape(text)
            } else {
                highlight(text)
            }
        })
    };
    let marks = Memo::new(move |_| {
        let analysis = state.analysis.get();
        state
            .analyzed
            .with(|text| diagnostic_marks(text, analysis.diagnostics()))
    });
    let layer_style = move || {
        let (left, top) = scroll.get();
        format!("transform: translate({}px, {}px)", -left, -top)
    };
    let gutter_style = move || format!("transform: translateY({}px)", -scroll.get().1);
    let on_keydown = move |event: KeyboardEvent| {
        if event.key() == "Escape" {
            tab_leaves.set(true);
            return;
        }
        if event.key() != "Tab" {
            tab_leaves.set(false);
            return;
        }
        if tab_leaves.get_untracked() || event.ctrl_key() || event.alt_key() || event.meta_key() {
            return;
        }
        let Some(textarea) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        else {
            return;
        };
        event.prevent_default();
        let start = textarea.selection_start().ok().flatten().unwrap_or(0);
        let end = textarea.selection_end().ok().flatten().unwrap_or(start);
        let edit = editing::tab(&textarea.value(), start, end, event.shift_key());
        // The textarea first, then the signal: writing the same value back keeps the selection.
        textarea.set_value(&edit.text);
        let _ = textarea.set_selection_range(edit.selection_start, edit.selection_end);
        state.text.set(edit.text);
    };
    view! {
        <div class="code">
            <div class="code__gutter" aria-hidden="true">
                <div class="code__gutter-inner" style=gutter_style>
                    <pre class="code__numbers">{move || state.text.with(|text| line_numbers(text))}</pre>
                    <div inner_html=move || marks.with(|(gutter, _)| gutter.clone())></div>
                </div>
            </div>
            <div class="code__body">
                <div class="code__layer" aria-hidden="true" style=layer_style>
                    <pre class="code__colours" inner_html=colours></pre>
                    <div inner_html=move || marks.with(|(_, underlines)| underlines.clone())></div>
                </div>
                <textarea
                    id="manifest"
                    class="code__text"
                    data-testid="yaml-editor"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    wrap="off"
                    aria-describedby="editor-keys"
                    prop:value=move || state.text.get()
                    on:input=move |event| {
                        state.text.set(event_target_value(&event));
                    }
                    on:scroll=move |event| {
                        if let Some(element) = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                            scroll.set((element.scroll_left(), element.scroll_top()));
                        }
                    }
                    on:keydown=on_keydown
                    on:keyup=move |event| follow_caret(state, event.target())
                    on:click=move |event| follow_caret(state, event.target())
                    on:blur=move |_| state.caret_line.set(None)
                ></textarea>
            </div>
            <p id="editor-keys" class="visually-hidden">"Tab and Shift+Tab indent; press Escape, then Tab, to leave the editor."</p>
        </div>
    }
}
