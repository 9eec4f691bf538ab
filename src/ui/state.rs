//! AppState: the one bridge between the page and the core. It holds the manifest text and the
//! step cursor; everything else is derived (analysis, the last good run, the current frame).
//! Derived values are shared and compared by pointer: an edit never deep-copies or
//! deep-compares a whole run.

use std::ops::Deref;
use std::sync::Arc;

use leptos::prelude::*;

pub use crate::core::address::SPEEDS;
use crate::core::address::{self, AddressState, NORMAL_SPEED};
use crate::core::analysis::{Analysis, Run, analyze_preferring};
use crate::core::embed::{EmbedConfig, embed_config};
use crate::core::samples::SEED_MANIFEST;
use crate::core::{modes, share};

/// The localStorage key for the editor text (the full app's; an embed keeps none).
pub const STORAGE_KEY: &str = "kubestep.manifest.v1";
pub const STEP_COUNT: usize = 8;

/// A shared core product that memos compare by identity: two analyses are "equal" only when
/// they are the same one, which is what a memo needs to know and costs nothing to check.
#[derive(Debug)]
pub struct Shared<T>(pub Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

#[derive(Clone, Copy)]
pub struct AppState {
    /// The editor's text, updated on every keystroke.
    pub text: RwSignal<String>,
    /// The text the lesson was computed from: `text` once typing pauses (at once for small
    /// manifests), set only when it differs, so a keystroke never waits for the simulation.
    pub analyzed: RwSignal<String>,
    /// The text an example replaced, while the student may still undo that.
    pub replaced: RwSignal<Option<String>>,
    /// The Deployment the lesson follows, when the student picked one (a file may hold
    /// several; by default the lesson follows the first model server).
    pub follow: RwSignal<Option<String>>,
    /// 1-based lesson step.
    pub step: RwSignal<usize>,
    pub analysis: Memo<Shared<Analysis>>,
    /// The newest run without errors: invalid YAML keeps the last good lesson on screen.
    pub run: Memo<Option<Shared<Run>>>,
    /// A frame inside the current step being looked at (scrubbing or playing); `None` shows
    /// the state at the end of the step.
    pub frame: RwSignal<Option<usize>>,
    pub playing: RwSignal<bool>,
    /// A message for the share button or for a share link that could not be read.
    pub notice: RwSignal<Option<String>>,
    /// Presenter mode: the editor hidden and the lesson large, for a projector.
    pub presenting: RwSignal<bool>,
    /// An index into [`SPEEDS`].
    pub speed: RwSignal<usize>,
    /// Whether the editor column is shown beside the lesson.
    pub editor_open: RwSignal<bool>,
    /// An index into `core::modes::MODES`: the way the lesson is shown.
    pub mode: RwSignal<usize>,
    /// Whether the `?` list of keyboard shortcuts is open.
    pub shortcuts_open: RwSignal<bool>,
    /// An index into `core::address::THEMES`.
    pub theme: RwSignal<usize>,
    /// The editor's caret line (1-based) while the editor has the focus.
    pub caret_line: RwSignal<Option<usize>>,
    /// The steps the field under the caret decides (`core::links::steps_at_line`), read in
    /// the text the lesson was computed from so its lines match the analysis' locators.
    pub linked_steps: Memo<Vec<usize>>,
    /// What the query asks of the page as an embed (fixed for the page's life).
    pub embed: StoredValue<EmbedConfig>,
}

impl AppState {
    pub fn new() -> Self {
        let location = window().location();
        let search = location.search().unwrap_or_default();
        let embed = embed_config(&search);
        let from_address = address::read(&search, &location.hash().unwrap_or_default());
        let presenting = RwSignal::new(share::wants_presenter(
            &search,
            &location.hash().unwrap_or_default(),
        ));
        let follow = RwSignal::new(from_address.deployment.clone());
        let (initial_text, notice) = initial_text(&from_address, &embed);
        let text = RwSignal::new(initial_text.clone());
        let analyzed = RwSignal::new(initial_text);
        let analysis_cost_ms = StoredValue::new(0.0);
        let analysis = Memo::new(move |_| {
            let chosen = follow.get();
            let started = now_ms();
            let analysis = analysis_of(&analyzed.get(), chosen.as_deref());
            analysis_cost_ms.set_value(now_ms() - started);
            Shared(Arc::new(analysis))
        });
        // Invalid YAML keeps the last good lesson; with none yet (a broken manifest restored
        // at load), the seed lesson, never an empty page.
        let run =
            Memo::new(
                move |previous: Option<&Option<Shared<Run>>>| match &analysis.get().run {
                    Some(run) => Some(Shared(Arc::clone(run))),
                    None => previous
                        .cloned()
                        .flatten()
                        .or_else(|| analysis_of(SEED_MANIFEST, None).run.map(Shared)),
                },
            );
        use_analysis_when_typing_pauses(text, analyzed, analysis_cost_ms);
        let caret_line = RwSignal::new(None);
        let state = AppState {
            text,
            analyzed,
            replaced: RwSignal::new(None),
            follow,
            step: RwSignal::new(1),
            analysis,
            run,
            frame: RwSignal::new(None),
            playing: RwSignal::new(false),
            notice: RwSignal::new(notice),
            presenting,
            speed: RwSignal::new(NORMAL_SPEED),
            editor_open: RwSignal::new(!embed.embedded || embed.editor),
            mode: RwSignal::new(0),
            shortcuts_open: RwSignal::new(false),
            theme: RwSignal::new(if embed.embedded {
                0
            } else {
                super::theme::saved()
            }),
            caret_line,
            linked_steps: Memo::new(move |_| {
                let Some(line) = caret_line.get() else {
                    return Vec::new();
                };
                analysis.with(|analysis| {
                    analyzed.with(|text| crate::core::links::steps_at_line(analysis, text, line))
                })
            }),
            embed: StoredValue::new(embed),
        };
        state.apply_address(&from_address);
        state
    }

    /// Shows what an address says (at load, and when its fragment changes on an open page);
    /// what it leaves out keeps its value.
    pub fn apply_address(&self, from_address: &AddressState) {
        if let Some(Ok(text)) = &from_address.manifest
            && self.text.with_untracked(|now| now != text)
        {
            self.text.set(text.clone());
            self.analyzed.set(text.clone());
        }
        if from_address.deployment.is_some() {
            self.follow.set(from_address.deployment.clone());
        }
        if let Some(mode) = from_address.mode {
            self.mode.set(mode);
        }
        if let Some(speed) = from_address.speed {
            self.speed.set(speed);
        }
        if let Some(theme) = from_address.theme {
            self.theme.set(theme);
        }
        if let Some(step) = from_address.step {
            self.go_to_position(step, from_address.frame);
        }
    }

    /// Shows a step and, when given, the `position`-th of its frames (1-based, clamped).
    pub fn go_to_position(&self, step: usize, position: Option<usize>) {
        self.go_to(step);
        let Some(position) = position else { return };
        if let Some((first, last)) = self.step_frames_untracked() {
            self.frame
                .set(Some((first + position.saturating_sub(1)).min(last)));
        }
    }

    /// The frame on screen as (1-based position in its step, frames in the step).
    pub fn position_in_step(&self) -> Option<(usize, usize)> {
        let (first, last) = self.step_frames()?;
        Some((self.shown_frame()? - first + 1, last - first + 1))
    }

    /// Whether the page is the chrome-less player inside another page.
    pub fn embedded(&self) -> bool {
        self.embed.with_value(|embed| embed.embedded)
    }

    pub fn go_to(&self, step: usize) {
        self.frame.set(None);
        self.step.set(step.clamp(1, STEP_COUNT));
    }

    /// The frames of the current step, as an inclusive range of trace indices.
    pub fn step_frames(&self) -> Option<(usize, usize)> {
        let run = self.run.get()?;
        let row = run.lesson.steps.get(self.step.get().checked_sub(1)?)?;
        Some((row.first_frame, row.last_frame))
    }

    /// The frame on screen: the chosen one if it lies in the current step, else the step's last.
    pub fn shown_frame(&self) -> Option<usize> {
        let (first, last) = self.step_frames()?;
        Some(
            self.frame
                .get()
                .filter(|f| (first..=last).contains(f))
                .unwrap_or(last),
        )
    }

    /// One tick of playback: the next frame of this step, else the first frame of the next
    /// step. Returns false at the very end.
    pub fn advance_frame(&self) -> bool {
        let Some((_, last)) = self.step_frames_untracked() else {
            return false;
        };
        let shown = self.frame.get_untracked().unwrap_or(last);
        if shown < last {
            self.frame.set(Some(shown + 1));
            return true;
        }
        let step = self.step.get_untracked();
        if step >= STEP_COUNT {
            return false;
        }
        self.step.set(step + 1);
        let first = self.step_frames_untracked().map(|(first, _)| first);
        self.frame.set(first);
        true
    }

    fn step_frames_untracked(&self) -> Option<(usize, usize)> {
        let run = self.run.get_untracked()?;
        let row = run
            .lesson
            .steps
            .get(self.step.get_untracked().checked_sub(1)?)?;
        Some((row.first_frame, row.last_frame))
    }

    /// Play or pause. Play starts at the first change of the step on screen (not after it),
    /// and at the end of the lesson it starts again from the beginning.
    pub fn toggle_play(&self) {
        if self.playing.get_untracked() {
            self.playing.set(false);
            return;
        }
        let Some((first, last)) = self.step_frames_untracked() else {
            return;
        };
        let shown = self
            .frame
            .get_untracked()
            .filter(|f| (first..=last).contains(f));
        if self.step.get_untracked() == STEP_COUNT && shown.is_none_or(|f| f == last) {
            self.go_to(1);
            let start = self.step_frames_untracked().map(|(first, _)| first);
            self.frame.set(start);
        } else if shown.is_none() {
            self.frame.set(Some(first));
        }
        self.playing.set(true);
    }

    /// Shows another mode (the address follows, see `ui::address`).
    pub fn set_mode(&self, mode: usize) {
        self.mode.set(mode.min(modes::MODES.len() - 1));
    }

    pub fn next(&self) {
        self.go_to(self.step.get_untracked() + 1);
    }

    pub fn previous(&self) {
        self.go_to(self.step.get_untracked().saturating_sub(1));
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

fn analysis_of(text: &str, follow: Option<&str>) -> Analysis {
    analyze_preferring(text, None, follow)
}

/// Below this size, and while the last analysis was quicker than `INSTANT_ANALYSIS_MS`, the
/// lesson follows every keystroke; otherwise it follows the pause after typing. A short
/// manifest can be slow too (2,000 replicas rolled one at a time take the page ~0.9 s).
const INSTANT_ANALYSIS_BYTES: usize = 16 * 1024;
const INSTANT_ANALYSIS_MS: f64 = 40.0;
/// How long typing must pause before a large or slow manifest is analysed again.
const TYPING_PAUSE_MS: u32 = 250;

fn now_ms() -> f64 {
    window()
        .performance()
        .map_or(0.0, |performance| performance.now())
}

/// Copies `text` into `analyzed` when it changed: at once for quick manifests, after a pause
/// in typing for large or slow ones (each keystroke cancels the pending copy).
fn use_analysis_when_typing_pauses(
    text: RwSignal<String>,
    analyzed: RwSignal<String>,
    analysis_cost_ms: StoredValue<f64>,
) {
    let copy = move || {
        let changed = text.with_untracked(|now| analyzed.with_untracked(|old| old != now));
        if changed {
            analyzed.set(text.get_untracked());
        }
    };
    Effect::new(
        move |pending: Option<Option<gloo_timers::callback::Timeout>>| {
            drop(pending.flatten());
            // Read `text` first, always: it is what this effect re-runs on.
            let small = text.with(String::len) < INSTANT_ANALYSIS_BYTES;
            if small && analysis_cost_ms.get_value() < INSTANT_ANALYSIS_MS {
                copy();
                return None;
            }
            Some(gloo_timers::callback::Timeout::new(TYPING_PAUSE_MS, copy))
        },
    );
}

/// The address' manifest wins over what this browser saved; the seed lesson is the fallback.
/// An embed never reads the full app's saved manifest: its state is its address.
fn initial_text(from_address: &AddressState, embed: &EmbedConfig) -> (String, Option<String>) {
    let saved = || {
        (!embed.embedded)
            .then(load_saved)
            .flatten()
            .unwrap_or_else(|| SEED_MANIFEST.to_string())
    };
    match &from_address.manifest {
        Some(Ok(text)) => {
            if !embed.embedded {
                store(text);
            }
            (text.clone(), None)
        }
        Some(Err(problem)) => (
            saved(),
            Some(format!("Could not open the shared manifest: {problem}")),
        ),
        None => (saved(), None),
    }
}

fn load_saved() -> Option<String> {
    window()
        .local_storage()
        .ok()
        .flatten()?
        .get_item(STORAGE_KEY)
        .ok()
        .flatten()
}

/// Saves the editor text; storage may be full or disabled (private mode), which is logged.
/// An embed saves nothing here (its address holds its state).
pub fn save(state: AppState, text: &str) {
    if !state.embedded() {
        store(text);
    }
}

fn store(text: &str) {
    let stored = window()
        .local_storage()
        .ok()
        .flatten()
        .map(|storage| storage.set_item(STORAGE_KEY, text));
    if !matches!(stored, Some(Ok(()))) {
        leptos::logging::warn!("could not save the manifest to localStorage");
    }
}
