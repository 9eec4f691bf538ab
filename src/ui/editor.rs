//! The manifest editor: a textarea, the diagnostics located at line and column, examples, the
//! share link, and what the default scenario supplied.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::address::current_fragment;
use super::clipboard::{CopyByHand, ToCopy, copy};
use super::state::AppState;
use crate::core::address::{MAX_MANIFEST_IN_ADDRESS, manifest_fits};
use crate::core::diagnostic::Severity;
use crate::core::embed::embed_snippet;
use crate::core::panels;
use crate::core::samples::EXAMPLES;

#[component]
pub fn Editor() -> impl IntoView {
    let state = expect_context::<AppState>();
    let error_count = move || {
        state.analysis.with(|analysis| {
            analysis
                .diagnostics()
                .iter()
                .filter(|d| d.is_error())
                .count()
        })
    };
    let to_copy = RwSignal::new(ToCopy::default());
    let copy_link = move |_| {
        let Some((player, fragment)) = fresh_address(state) else {
            return;
        };
        let search = window().location().search().unwrap_or_default();
        copy(
            state,
            to_copy,
            format!("{player}{search}{fragment}"),
            "Link",
            "it restores this manifest, step, mode, speed and theme exactly.",
        );
    };
    let copy_embed = move |_| {
        let Some((player, fragment)) = fresh_address(state) else {
            return;
        };
        let snippet = embed_snippet(&player, state.mode.get_untracked(), &fragment);
        copy(
            state,
            to_copy,
            snippet,
            "Embed code",
            "paste it into a tutorial page's HTML.",
        );
    };
    view! {
        <div class="editor">
            <div class="editor__bar">
                <label for="manifest" class="editor__label">"Manifest (YAML)"</label>
                <select
                    class="editor__examples"
                    data-testid="example-picker"
                    aria-label="Load an example"
                    on:change=move |event| {
                        let chosen = event_target_value(&event).parse::<usize>().ok().and_then(|index| EXAMPLES.get(index));
                        if let Some((_, text)) = chosen {
                            load_example(state, text);
                        }
                        // Back to "Load an example…", and the keys back to the lesson: an arrow
                        // key must never load another example over the student's text.
                        if let Some(select) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) {
                            select.set_value("");
                            let _ = select.blur();
                        }
                    }
                >
                    <option value="">"Load an example…"</option>
                    {EXAMPLES
                        .iter()
                        .enumerate()
                        .map(|(index, (title, _))| view! { <option value=index.to_string()>{*title}</option> })
                        .collect_view()}
                </select>
                <button class="button" data-testid="share-link" on:click=copy_link>"Copy link"</button>
                <button class="button" data-testid="copy-embed" on:click=copy_embed>"Copy embed code"</button>
            </div>
            <DeploymentPicker/>
            <super::code_area::CodeArea/>
            <p class="editor__caret" data-testid="caret-steps" aria-live="polite">
                {move || state.caret_line.get().map(|line| {
                    let steps = state.linked_steps.get();
                    match steps.as_slice() {
                        [] => format!("Line {line} decides no step of the lesson by itself."),
                        [one] => format!("Line {line} decides step {one}, marked in the lesson."),
                        many => format!("Line {line} decides steps {}, marked in the lesson.", many.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")),
                    }
                })}
            </p>
            {move || state.notice.get().map(|notice| view! { <p class="editor__notice" role="status" data-testid="notice">{notice}</p> })}
            <CopyByHand to_copy=to_copy/>
            <p class="editor__notice" role="status" hidden=move || state.replaced.with(Option::is_none)>
                "Your manifest was replaced by the example. "
                <button class="button" data-testid="undo-example" on:click=move |_| {
                    if let Some(text) = state.replaced.get_untracked() {
                        state.text.set(text);
                        state.replaced.set(None);
                        state.go_to(1);
                    }
                }>"Undo"</button>
            </p>
            <p class="editor__summary" aria-live="polite">
                {move || match error_count() {
                    0 => "No errors: the lesson follows this manifest.".to_string(),
                    1 => "1 error: showing the last valid lesson.".to_string(),
                    n => format!("{n} errors: showing the last valid lesson."),
                }}
            </p>
            <ul
                class="diagnostics"
                inner_html=move || state.analysis.with(|analysis| panels::diagnostics(analysis.diagnostics()))
                on:click=move |event| {
                    let place = event
                        .target()
                        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                        .and_then(|element| element.closest("[data-line]").ok().flatten())
                        .map(|item| {
                            let number = |name| item.get_attribute(name).and_then(|v| v.parse().ok()).unwrap_or(1);
                            (number("data-line"), number("data-column"))
                        });
                    if let Some((line, column)) = place {
                        select_in_editor(&state.text.get_untracked(), line, column);
                    }
                }
            ></ul>
            <NotSimulated/>
            <Supplied/>
        </div>
    }
}

/// The player's address (origin and path) and the fragment of the page as it is now;
/// `None`, with a notice saying so, when the manifest is too long
/// for a link.
fn fresh_address(state: AppState) -> Option<(String, String)> {
    let text = state.text.get_untracked();
    if !manifest_fits(&text) {
        state.notice.set(Some(format!(
            "This manifest is too long for a link ({} KB; links hold up to {} KB): share the file instead.",
            text.len() / 1024,
            MAX_MANIFEST_IN_ADDRESS * 3 / 4 / 1024
        )));
        return None;
    }
    let location = window().location();
    let player = format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    );
    Some((player, current_fragment(state)))
}

/// Loads an example. Text the student wrote (anything that is not an example) can be had
/// back with Undo until another example is loaded.
fn load_example(state: AppState, text: &str) {
    let current = state.text.get_untracked();
    let own_text = !EXAMPLES.iter().any(|(_, example)| *example == current);
    state.replaced.set(own_text.then_some(current));
    state.text.set(text.to_string());
    state.go_to(1);
    state.notice.set(None);
}

/// Puts the caret at a diagnostic's line and column, so the student lands on the mistake.
pub(super) fn select_in_editor(text: &str, line: usize, column: usize) {
    use wasm_bindgen::JsCast;
    let Some(element) = document().get_element_by_id("manifest") else {
        return;
    };
    let Ok(textarea) = element.dyn_into::<web_sys::HtmlTextAreaElement>() else {
        return;
    };
    // The textarea counts UTF-16 code units; lines and columns count characters.
    let offset: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(|l| l.encode_utf16().count())
        .sum::<usize>()
        + text
            .split_inclusive('\n')
            .nth(line.saturating_sub(1))
            .map(|l| {
                l.chars()
                    .take(column.saturating_sub(1))
                    .map(char::len_utf16)
                    .sum::<usize>()
            })
            .unwrap_or(0);
    let _ = textarea.focus();
    let _ = textarea.set_selection_range(offset as u32, offset as u32);
}

/// What the default scenario assumed, said plainly next to the manifest.
#[component]
fn Supplied() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let run = state.run.get()?;
        if run.lesson.supplied.is_empty() {
            return None;
        }
        Some(view! {
            <details class="supplied" data-testid="supplied" open>
                <summary>"Assumed by the lesson (add a Scenario document to choose your own)"</summary>
                <ul>
                    {run.lesson.supplied.iter().map(|s| view! { <li>{format!("{}: {}", s.what, s.why)}</li> }).collect_view()}
                </ul>
            </details>
        })
    }
}

/// For a file with several Deployments: which one the lesson follows. Every Deployment runs
/// in the cluster either way; the lesson's steps, tracker and quiz are the chosen one's.
#[component]
fn DeploymentPicker() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let run = state.run.get()?;
        let names: Vec<String> = run
            .scenario
            .deployments
            .iter()
            .map(|d| d.name.clone())
            .collect();
        if names.len() < 2 {
            return None;
        }
        let followed = run.deployment.name.clone();
        Some(view! {
            <label class="editor__follow">
                "Follow Deployment "
                <select
                    data-testid="deployment-picker"
                    on:change=move |event| {
                        state.follow.set(Some(event_target_value(&event)));
                        state.go_to(1);
                        // Keys go back to the lesson, not to the picker.
                        if let Some(target) = event.target() {
                            use wasm_bindgen::JsCast;
                            if let Ok(element) = target.dyn_into::<web_sys::HtmlElement>() {
                                let _ = element.blur();
                            }
                        }
                    }
                >
                    {names
                        .into_iter()
                        .map(|name| {
                            let selected = name == followed;
                            view! { <option value=name.clone() selected=selected>{name.clone()}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
        })
    }
}

/// The fields the API server accepts that the simulation does not model: said, not hidden,
/// so a student knows which parts of a real manifest the lesson leaves out.
#[component]
fn NotSimulated() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let analysis = state.analysis.get();
        let notes: Vec<String> = analysis
            .diagnostics()
            .iter()
            .filter(|d| d.severity == Severity::Info)
            .map(|d| d.editor_text())
            .collect();
        if notes.is_empty() {
            return None;
        }
        Some(view! {
            <details class="editor__notes" data-testid="not-simulated">
                <summary>{format!("Accepted by the API server, not simulated ({})", notes.len())}</summary>
                <ul>{notes.into_iter().map(|note| view! { <li>{note}</li> }).collect_view()}</ul>
            </details>
        })
    }
}
