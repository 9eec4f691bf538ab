//! Copying text for the student, honestly: the notice says "copied" only when the clipboard
//! took it. When it refused (an iframe without permission, an insecure page, a browser
//! without the API) the text is shown selected in a field, to copy by hand.

use leptos::prelude::*;
use wasm_bindgen::JsValue;
use wasm_bindgen::closure::Closure;

use super::state::AppState;

/// What was offered for copying by hand, when the clipboard refused it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ToCopy(pub Option<String>);

/// Copies `text`; `what` names it in the notice ("Link", "Embed code").
pub fn copy(
    state: AppState,
    to_copy: RwSignal<ToCopy>,
    text: String,
    what: &'static str,
    done: &'static str,
) {
    let navigator = window().navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .is_ok_and(|clipboard| !clipboard.is_undefined());
    let refuse = move |text: String| {
        state.notice.set(Some(format!(
            "The browser did not allow copying. {what} is selected below: press Ctrl+C (⌘C) to copy it."
        )));
        to_copy.set(ToCopy(Some(text)));
    };
    if !has_clipboard {
        refuse(text);
        return;
    }
    to_copy.set(ToCopy(None));
    let copied = Closure::once(move |_: JsValue| {
        state.notice.set(Some(format!("{what} copied: {done}")));
    });
    let refused = Closure::once({
        let text = text.clone();
        move |_: JsValue| refuse(text)
    });
    let _ = navigator
        .clipboard()
        .write_text(&text)
        .then2(&copied, &refused);
    // Each closure runs at most once; they are kept alive until the promise settles.
    copied.forget();
    refused.forget();
}

/// The field holding text to copy by hand, selected as soon as it appears.
#[component]
pub fn CopyByHand(to_copy: RwSignal<ToCopy>) -> impl IntoView {
    let field = NodeRef::<leptos::html::Textarea>::new();
    // The value is written here, not as a property binding, so the selection follows it.
    Effect::new(move |_| {
        if let (Some(text), Some(field)) = (to_copy.with(|c| c.0.clone()), field.get()) {
            field.set_value(&text);
            let _ = field.focus();
            field.select();
        }
    });
    view! {
        <textarea
            class="copy-by-hand"
            data-testid="copy-by-hand"
            readonly
            rows="3"
            aria-label="Text to copy"
            node_ref=field
            hidden=move || to_copy.with(|c| c.0.is_none())
        ></textarea>
    }
}
