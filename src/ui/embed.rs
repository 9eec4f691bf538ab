//! The player inside another page (`?embed=1`): it tells the host when it is ready, its height
//! whenever that changes, every step and frame shown and every answer given, and it obeys the
//! host's `goto`, `play`, `pause`, `setManifest` and `setMode`. Every message is checked by
//! `core::embed` first; a bad one is ignored with a console warning. docs/embedding.md
//! documents the protocol.

use js_sys::{JsString, Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::state::{AppState, STEP_COUNT};
use crate::core::embed::{Field, HostMessage, MESSAGE_PREFIX, MessageFields, read_message};
use crate::core::limits::MAX_INPUT_BYTES;

/// The host page's window, when the page runs inside one.
fn host() -> Option<web_sys::Window> {
    let parent = window().parent().ok().flatten()?;
    (parent != window()).then_some(parent)
}

/// Posts `{type: "kubestep:<kind>", ...fields}` to the host, if there is one.
fn post(state: AppState, kind: &str, fields: &[(&str, JsValue)]) {
    if !state.embedded() {
        return;
    }
    let Some(host) = host() else { return };
    let message = Object::new();
    let _ = Reflect::set(
        &message,
        &"type".into(),
        &format!("{MESSAGE_PREFIX}{kind}").into(),
    );
    for (name, value) in fields {
        let _ = Reflect::set(&message, &(*name).into(), value);
    }
    let target = state
        .embed
        .with_value(|embed| embed.target_origin().to_string());
    let _ = host.post_message(&message, &target);
}

/// Tells the host a quiz or predict answer was given.
pub fn post_answer(state: AppState, question: usize, correct: bool) {
    post(
        state,
        "answer",
        &[
            ("question", (question as f64).into()),
            ("correct", correct.into()),
        ],
    );
}

/// Starts the protocol when the page is an embed inside another page.
pub fn use_embed(state: AppState) {
    if !state.embedded() || host().is_none() {
        return;
    }
    Effect::new(move |_| {
        let step = state.step.get();
        let (frame, of) = state.position_in_step().unwrap_or((0, 0));
        post(
            state,
            "step",
            &[
                ("step", (step as f64).into()),
                ("frame", (frame as f64).into()),
                ("of", (of as f64).into()),
            ],
        );
    });
    post_height_changes(state);
    // The page's own listener, for as long as the page lives.
    let _ = window_event_listener(leptos::ev::message, move |event| {
        let origin = event.origin();
        if !state.embed.with_value(|embed| embed.accepts(&origin)) {
            leptos::logging::warn!(
                "KubeStep ignored a message from {origin}: not the origin it was embedded for"
            );
            return;
        }
        match read_message(&fields_of(&event.data()), STEP_COUNT) {
            Ok(message) => obey(state, message),
            Err(problem) => leptos::logging::warn!("KubeStep ignored a message: {problem}"),
        }
    });
    post(state, "ready", &[]);
}

fn obey(state: AppState, message: HostMessage) {
    match message {
        HostMessage::Goto { step, frame } => state.go_to_position(step, frame),
        HostMessage::Play => {
            if !state.playing.get_untracked() {
                state.toggle_play();
            }
        }
        HostMessage::Pause => state.playing.set(false),
        HostMessage::SetManifest(yaml) => {
            state.text.set(yaml);
            state.go_to(1);
        }
        HostMessage::SetMode(mode) => state.set_mode(mode),
    }
}

/// The protocol's fields of a posted value, typed as found (a non-object has none).
fn fields_of(data: &JsValue) -> MessageFields {
    if !data.is_object() {
        return MessageFields::default();
    }
    let get = |name: &str| Reflect::get(data, &name.into()).unwrap_or(JsValue::UNDEFINED);
    let string = |value: JsValue| match value.as_string() {
        _ if value.is_undefined() => Field::Missing,
        Some(text) => Field::Present(text),
        None => Field::Wrong,
    };
    let number = |value: JsValue| match value.as_f64() {
        _ if value.is_undefined() => Field::Missing,
        Some(number) => Field::Present(number),
        None => Field::Wrong,
    };
    let yaml = get("yaml");
    // A UTF-16 length over the limit is over it in UTF-8 bytes too: refused before copying.
    let too_long = yaml
        .dyn_ref::<JsString>()
        .is_some_and(|text| text.length() as usize > MAX_INPUT_BYTES);
    MessageFields {
        kind: string(get("type")),
        step: number(get("step")),
        frame: number(get("frame")),
        yaml: if too_long {
            Field::TooLong
        } else {
            string(yaml)
        },
        mode: string(get("mode")),
    }
}

/// Posts the page's height whenever its content resizes, so the host can size the iframe.
fn post_height_changes(state: AppState) {
    let Some(root) = document().document_element() else {
        return;
    };
    let last = StoredValue::new(0.0_f64);
    let measure = {
        let root = root.clone();
        Closure::<dyn Fn()>::new(move || {
            let height = root.get_bounding_client_rect().height().ceil();
            if height != last.get_value() {
                last.set_value(height);
                post(state, "height", &[("height", height.into())]);
            }
        })
    };
    if let Ok(observer) = web_sys::ResizeObserver::new(measure.as_ref().unchecked_ref()) {
        observer.observe(&root);
    }
    // The observer calls it for as long as the page lives.
    measure.forget();
}
