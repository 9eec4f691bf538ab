//! The kubectl mode: a prompt for read-only kubectl commands, answered by `core::kubectl` at
//! the moment on screen. The output follows the lesson: step or scrub and the same command
//! prints what it would print then. Tab completes commands, kinds and names; ↑ and ↓ walk the
//! commands typed before.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::AppState;
use crate::core::kubectl::{complete_line, run_command};
use crate::core::markup::escape;

/// What the mode shows before the student types anything.
const FIRST_COMMAND: &str = "get deploy,rs,pods,svc,hpa -o wide";
/// Commands one click away, for a newcomer who does not know what to type; `{name}` is the
/// Deployment the lesson follows.
const QUICK_COMMANDS: [&str; 5] = [
    "get deploy,rs,pods,svc,hpa -o wide",
    "get pods -w",
    "get events",
    "rollout status deployment/{name}",
    "top pods",
];
/// Beyond this many lines the page shows a count of the rest (a 2,000-pod run's events print
/// thousands); the text kubectl would print is the same.
const MAX_SHOWN_LINES: usize = 400;

fn shown(text: &str) -> String {
    let lines = text.lines().count();
    if lines <= MAX_SHOWN_LINES {
        return text.to_string();
    }
    let kept: Vec<&str> = text.lines().take(MAX_SHOWN_LINES).collect();
    format!(
        "{}\n… {} more lines",
        kept.join("\n"),
        lines - MAX_SHOWN_LINES
    )
}

/// The quick commands as buttons, each naming its command in `data-command`.
fn quick_buttons(deployment: &str) -> String {
    QUICK_COMMANDS
        .iter()
        .map(|quick| {
            let command = escape(&quick.replace("{name}", deployment));
            format!(
                r#"<button class="button kubectl__quick-command" data-testid="kubectl-quick" data-command="{command}">{command}</button>"#
            )
        })
        .collect()
}

#[component]
pub fn Kubectl() -> impl IntoView {
    let state = expect_context::<AppState>();
    let command = RwSignal::new(FIRST_COMMAND.to_string());
    let earlier = StoredValue::new(Vec::<String>::new());
    let recalled = StoredValue::new(None::<usize>);
    let candidates: RwSignal<Vec<String>> = RwSignal::new(Vec::new());
    // The field is read and written directly: no signal follows each keystroke.
    let on_keydown = move |event: KeyboardEvent| {
        let Some(field) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let line = field.value();
        match event.key().as_str() {
            "Enter" => {
                event.prevent_default();
                let line = line.trim().to_string();
                if line.is_empty() {
                    return;
                }
                earlier.update_value(|all| {
                    all.retain(|seen| *seen != line);
                    all.push(line.clone());
                });
                command.set(line);
                field.set_value("");
                recalled.set_value(None);
                candidates.set(Vec::new());
            }
            "Tab" => {
                event.prevent_default();
                let (Some(run), Some(frame)) = (state.run.get_untracked(), state.shown_frame())
                else {
                    return;
                };
                let completion = complete_line(&run, frame, &line);
                field.set_value(&completion.line);
                candidates.set(completion.candidates);
            }
            key @ ("ArrowUp" | "ArrowDown") => {
                event.prevent_default();
                let count = earlier.with_value(Vec::len);
                if count == 0 {
                    return;
                }
                let at = match (recalled.get_value(), key) {
                    (None, "ArrowUp") => Some(count - 1),
                    (Some(at), "ArrowUp") => Some(at.saturating_sub(1)),
                    (Some(at), _) if at + 1 < count => Some(at + 1),
                    _ => None,
                };
                recalled.set_value(at);
                field.set_value(
                    &at.map_or_else(String::new, |at| earlier.with_value(|all| all[at].clone())),
                );
            }
            _ => {}
        }
    };
    let output = Memo::new(move |_| {
        let run = state.run.get()?;
        let frame = state.shown_frame()?;
        Some(command.with(|line| run_command(&run, frame, line)))
    });
    view! {
        <section class="panel kubectl" data-testid="kubectl" aria-label="kubectl">
            <h2 class="panel__title">"kubectl, at this moment of the lesson"</h2>
            <p class="kubectl__note">"Read-only commands, answered from the simulation at the step and change on screen: step or scrub and the output follows."</p>
            <div
                class="kubectl__quick"
                inner_html=move || state.run.with(|run| quick_buttons(run.as_ref().map_or("", |run| run.deployment.name.as_str())))
                on:click=move |event| {
                    let chosen = event
                        .target()
                        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                        .and_then(|element| element.get_attribute("data-command"));
                    if let Some(chosen) = chosen {
                        command.set(chosen);
                    }
                }
            ></div>
            <label class="kubectl__prompt">
                <span aria-hidden="true">"$ kubectl "</span>
                <input
                    class="kubectl__input"
                    data-testid="kubectl-input"
                    aria-label="A kubectl command (Enter runs it, Tab completes)"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    on:keydown=on_keydown
                />
            </label>
            <p class="kubectl__candidates" data-testid="kubectl-completions" hidden=move || candidates.with(Vec::is_empty)>
                {move || candidates.with(|all| all.join("   "))}
            </p>
            <pre
                class="kubectl__output"
                class:kubectl__output--error=move || output.with(|o| o.as_ref().is_some_and(|o| o.is_error))
                data-testid="kubectl-output"
                aria-live="polite"
            >
                {move || format!("$ kubectl {}\n{}", command.get(), output.with(|o| o.as_ref().map(|o| shown(&o.text)).unwrap_or_default()))}
            </pre>
        </section>
    }
}
