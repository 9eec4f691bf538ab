//! The browser shell: Leptos components that render the core's view models and turn clicks
//! and keys into calls on [`state::AppState`]. No Kubernetes logic lives here.

mod address;
mod clipboard;
mod cluster;
mod code_area;
mod editor;
mod embed;
mod explanation;
mod header;
mod hpa_chart;
mod kubectl;
mod lesson_panels;
mod modes;
mod playback;
mod predict;
mod quiz;
mod shortcuts;
mod stage;
mod state;
mod step_fields;
mod stored;
mod theme;
mod timeline;

use leptos::prelude::*;

use state::AppState;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    // Persist every edit in this browser (an embed keeps its state in its address only).
    Effect::new(move |_| state::save(state, &state.text.get()));
    playback::use_keyboard(state);
    address::use_address(state);
    theme::use_theme(state);
    embed::use_embed(state);
    // The page's words for a browser that cannot start it (index.html) are not needed now.
    if let Some(boot) = document().get_element_by_id("boot") {
        boot.remove();
    }
    let embedded = state.embedded();

    view! {
        <header::Header/>
        <shortcuts::ShortcutsOverlay/>
        <main
            class="app"
            class:app--embed=embedded
            class:app--editor-open=move || state.editor_open.get()
            // The steps the field under the caret decides, for the stylesheet to mark.
            data-linked-steps=move || state.caret_line.get().map(|_| {
                state.linked_steps.with(|steps| steps.iter().map(|step| format!(" {step} ")).collect::<String>())
            })
            class:app--presenting=move || state.presenting.get()
            class:app--editor-closed=move || !state.editor_open.get()
        >
            <section class="app__editor" aria-label="Manifest" hidden=move || !state.editor_open.get()>
                <editor::Editor/>
                <stored::StoredView/>
            </section>
            <section class="app__lesson" aria-label="Lesson">
                <div class="lesson-screen__controls">
                    <button
                        class="button editor-toggle"
                        hidden=embedded && !state.embed.with_value(|embed| embed.editor)
                        data-testid="editor-toggle"
                        aria-expanded=move || state.editor_open.get().to_string()
                        on:click=move |_| state.editor_open.update(|open| *open = !*open)
                    >
                        {move || if state.editor_open.get() { "Hide editor" } else { "Show editor" }}
                    </button>
                    <playback::Controls/>
                    <button
                        class="button present-only"
                        data-testid="present-leave"
                        title="Leave presenter mode (Esc); F toggles full screen"
                        on:click=move |_| state.presenting.set(false)
                    >
                        "Leave presenter mode"
                    </button>
                </div>
                <modes::ModeTabs/>
                {modes::panel(state, 0, view! {
                    <div class="lesson-screen">
                        <div class="lesson-screen__picture">
                            <stage::StagePicture/>
                            <timeline::Timeline/>
                        </div>
                        <explanation::StepExplanation/>
                        <div class="lesson-screen__more">
                            <hpa_chart::AutoscalerChart/>
                            <cluster::ClusterPanel/>
                            <lesson_panels::Flow/>
                        </div>
                    </div>
                })}
                {modes::panel(state, 1, view! { <lesson_panels::ProcessTable/> })}
                {modes::panel(state, 2, view! { <lesson_panels::Tracker/> })}
                {modes::panel(state, 3, view! { <lesson_panels::KeyMoments/> })}
                {modes::panel(state, 4, view! { <quiz::Quiz/> })}
                {modes::panel(state, 5, view! { <lesson_panels::Snapshot/> })}
                {modes::panel(state, 6, move || (state.mode.get() == 6).then(|| view! { <lesson_panels::Transcript/> }))}
                {modes::panel(state, 7, move || (state.mode.get() == 7).then(|| view! { <kubectl::Kubectl/> }))}
                {modes::panel(state, 8, view! { <predict::Predict/> })}
            </section>
        </main>
    }
}
