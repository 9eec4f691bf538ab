//! The picture: the core's [`Stage`] in an SVG element. The still shapes arrive as markup
//! from [`crate::core::stage::svg`]; each pod keeps one element across frames, keyed by
//! name, so CSS moves it from the Pending area to its node, fills it as it becomes ready and
//! fades it while it terminates (`prefers-reduced-motion` shows the same states still).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::AppState;
use crate::core::stage::svg::{POD_SKELETON, pod_attributes, pod_texts, shapes_markup};
use crate::core::stage::{PodShape, Stage, WIDTH, stage};

#[component]
pub fn StagePicture() -> impl IntoView {
    let state = expect_context::<AppState>();
    let picture = Memo::new(move |_| {
        let run = state.run.get()?;
        stage(&run, state.shown_frame()?)
    });
    let pod_names = Memo::new(move |_| {
        picture.with(|stage| {
            stage
                .iter()
                .flat_map(Stage::pods)
                .map(|pod| pod.chip.name.clone())
                .collect::<Vec<_>>()
        })
    });
    let markup =
        move || picture.with(|stage| stage.as_ref().map(shapes_markup).unwrap_or_default());
    let height = move || picture.with(|stage| stage.as_ref().map_or(200, |s| s.height));
    let description = move || picture.with(|stage| stage.as_ref().map(|s| s.description.clone()));
    view! {
        <svg
            class="stage"
            data-testid="stage"
            role="img"
            aria-labelledby="stage-description"
            viewBox=move || format!("0 0 {WIDTH} {}", height())
            data-frame=move || state.shown_frame().map(|frame| frame.to_string())
            data-time=move || picture.with(|stage| stage.as_ref().map(|s| s.time.to_string()))
        >
            <desc id="stage-description">{description}</desc>
            <g inner_html=markup></g>
            <g class="stage__pods">
                <For each=move || pod_names.get() key=|name| name.clone() let:name>
                    <Pod name=name picture=picture/>
                </For>
            </g>
        </svg>
    }
}

/// One pod, kept across frames: an effect writes this frame's attributes and texts into
/// the same element, which is what lets CSS transitions animate the change.
#[component]
fn Pod(name: String, picture: Memo<Option<Stage>>) -> impl IntoView {
    let shape = Memo::new({
        let name = name.clone();
        move |_| {
            picture.with(|stage| {
                stage
                    .as_ref()?
                    .pods()
                    .find(|pod| pod.chip.name == name)
                    .cloned()
            })
        }
    });
    let element = NodeRef::<leptos::svg::G>::new();
    Effect::new(move |_| {
        let Some(group) = element.get() else { return };
        shape.with(|pod| {
            if let Some(pod) = pod {
                write_pod(group.unchecked_ref(), pod);
            }
        });
    });
    // The first position and class are written with the element, so a new pod appears in
    // place instead of sliding in from the corner.
    let first = shape.get_untracked();
    let [(_, class), (_, style), ..] = first.as_ref().map(pod_attributes).unwrap_or_default();
    view! { <g node_ref=element data-testid="pod" data-name=name class=class style=style inner_html=POD_SKELETON></g> }
}

fn write_pod(group: &web_sys::Element, pod: &PodShape) {
    for (attribute, value) in pod_attributes(pod) {
        if group.get_attribute(attribute).as_deref() != Some(value.as_str()) {
            let _ = group.set_attribute(attribute, &value);
        }
    }
    let children = group.children();
    for text in pod_texts(pod) {
        let Some(child) = children.item(text.child) else {
            continue;
        };
        child.set_text_content(Some(&text.text));
        match text.fit_width {
            Some(width) => {
                let _ = child.set_attribute("textLength", &width.to_string());
                let _ = child.set_attribute("lengthAdjust", "spacingAndGlyphs");
            }
            None => {
                let _ = child.remove_attribute("textLength");
            }
        }
    }
}
