//! The browser shell: Leptos components that render the core's view models and turn clicks
//! and keys into calls on [`state::AppState`]. No Kubernetes logic lives here.

mod cluster;
mod editor;
mod header;
mod lesson_panels;
mod playback;
mod quiz;
mod state;
mod step_fields;
mod stored;

use leptos::prelude::*;

use state::AppState;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    // Persist every edit; the effect is the page's only write to the outside world.
    Effect::new(move |_| state::save(&state.text.get()));
    playback::use_keyboard(state);

    view! {
        <header::Header/>
        <main class="app" class:app--presenting=move || state.presenting.get()>
            <section class="app__editor" aria-label="Manifest">
                <editor::Editor/>
                <stored::StoredView/>
            </section>
            <section class="app__lesson" aria-label="Lesson">
                <playback::Controls/>
                <lesson_panels::Flow/>
                <cluster::ClusterPanel/>
                <lesson_panels::ProcessTable/>
                <step_fields::StepFields/>
                <lesson_panels::Tracker/>
                <lesson_panels::KeyMoment/>
                <lesson_panels::Formula/>
                <quiz::Quiz/>
                <lesson_panels::Snapshot/>
                <lesson_panels::Transcript/>
            </section>
        </main>
    }
}
