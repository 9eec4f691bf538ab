//! The page's whole state in its address, so a link or a reload opens exactly what the
//! student sees: the manifest (byte for byte, [`share`]), the step, the position inside it,
//! the mode, the playback speed, the theme and the Deployment followed.
//!
//! The state lives in the fragment (`#sum=…&yaml=…&step=3&frame=2&mode=quiz&speed=2&theme=dark`),
//! which never reaches a server and which the page rewrites as the student moves. Values at
//! their default are left out, so the address stays short. Links from older versions still
//! open: `#yaml=…&step=N[&deployment=NAME]` share links (no checksum) and the `?mode=` query.

use super::modes::{MODES, mode_from_query};
use super::share;

/// Playback speeds, slowest first: the factor the address and the picker show, and how long a
/// frame stays on screen at it.
pub const SPEEDS: [(&str, u32); 5] = [
    ("0.25", 2800),
    ("0.5", 1400),
    ("1", 700),
    ("2", 350),
    ("4", 175),
];
pub const NORMAL_SPEED: usize = 2;

/// The colour themes: "system" follows `prefers-color-scheme`.
pub const THEMES: [(&str, &str); 3] = [
    ("system", "System theme"),
    ("light", "Light"),
    ("dark", "Dark"),
];

/// Beyond this many characters the manifest is left out of the address (the browser's saved
/// copy keeps it): chat clients, mail and some browsers cut longer links, and rewriting a
/// long address on every pause in typing costs the page for nothing.
pub const MAX_MANIFEST_IN_ADDRESS: usize = 32 * 1024;

/// What an address says; `None` where it says nothing, so the page keeps its own value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddressState {
    /// The manifest, or why the link's could not be read.
    pub manifest: Option<Result<String, String>>,
    /// 1-based lesson step.
    pub step: Option<usize>,
    /// 1-based position among the step's frames; absent, the step's end.
    pub frame: Option<usize>,
    /// An index into [`MODES`].
    pub mode: Option<usize>,
    /// An index into [`SPEEDS`].
    pub speed: Option<usize>,
    /// An index into [`THEMES`].
    pub theme: Option<usize>,
    pub deployment: Option<String>,
}

/// The state on the page, to be written into its address.
#[derive(Clone, Copy, Debug)]
pub struct PageState<'a> {
    pub manifest: &'a str,
    pub step: usize,
    pub frame: Option<usize>,
    pub mode: usize,
    pub speed: usize,
    pub theme: usize,
    pub deployment: Option<&'a str>,
}

fn fragment_value<'a>(fragment: &'a str, key: &str) -> Option<&'a str> {
    fragment
        .trim_start_matches('#')
        .split('&')
        .find_map(|part| part.strip_prefix(key)?.strip_prefix('='))
}

fn number(fragment: &str, key: &str) -> Option<usize> {
    fragment_value(fragment, key)?.parse().ok()
}

fn index_of(value: Option<&str>, ids: impl Iterator<Item = &'static str>) -> Option<usize> {
    let value = value?;
    ids.into_iter().position(|id| id == value)
}

/// Reads the state an address holds: the fragment first, then the query's `mode=` (older
/// links and embed snippets).
pub fn read(search: &str, fragment: &str) -> AddressState {
    let query_mode = search
        .trim_start_matches('?')
        .split('&')
        .any(|part| part.starts_with("mode="))
        .then(|| mode_from_query(search));
    AddressState {
        manifest: share::from_fragment(fragment),
        step: number(fragment, "step").filter(|&step| step >= 1),
        frame: number(fragment, "frame").filter(|&frame| frame >= 1),
        mode: index_of(
            fragment_value(fragment, "mode"),
            MODES.iter().map(|mode| mode.id),
        )
        .or(query_mode),
        speed: index_of(
            fragment_value(fragment, "speed"),
            SPEEDS.iter().map(|(id, _)| *id),
        ),
        theme: index_of(
            fragment_value(fragment, "theme"),
            THEMES.iter().map(|(id, _)| *id),
        ),
        deployment: share::deployment_from_fragment(fragment),
    }
}

/// The fragment holding `page`, defaults left out; the manifest too when it is longer than
/// [`MAX_MANIFEST_IN_ADDRESS`] encoded.
pub fn write(page: &PageState) -> String {
    let mut parts: Vec<String> = Vec::new();
    if manifest_fits(page.manifest) {
        parts.push(share::manifest_part(page.manifest));
    }
    parts.push(format!("step={}", page.step));
    if let Some(frame) = page.frame {
        parts.push(format!("frame={frame}"));
    }
    if page.mode != 0 {
        parts.push(format!("mode={}", MODES[page.mode.min(MODES.len() - 1)].id));
    }
    if page.speed != NORMAL_SPEED {
        parts.push(format!(
            "speed={}",
            SPEEDS[page.speed.min(SPEEDS.len() - 1)].0
        ));
    }
    if page.theme != 0 {
        parts.push(format!(
            "theme={}",
            THEMES[page.theme.min(THEMES.len() - 1)].0
        ));
    }
    if let Some(name) = page.deployment {
        parts.push(format!("deployment={}", share::percent_encode(name)));
    }
    format!("#{}", parts.join("&"))
}

/// Whether the manifest fits in the address (and so in a link).
pub fn manifest_fits(text: &str) -> bool {
    text.len().div_ceil(3) * 4 <= MAX_MANIFEST_IN_ADDRESS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::samples::SEED_MANIFEST;

    fn page(manifest: &str) -> PageState<'_> {
        PageState {
            manifest,
            step: 1,
            frame: None,
            mode: 0,
            speed: NORMAL_SPEED,
            theme: 0,
            deployment: None,
        }
    }

    #[test]
    fn every_piece_of_state_round_trips() {
        let written = write(&PageState {
            manifest: SEED_MANIFEST,
            step: 6,
            frame: Some(3),
            mode: 4,
            speed: 4,
            theme: 2,
            deployment: Some("llm-server"),
        });
        let read = read("", &written);
        assert_eq!(read.manifest, Some(Ok(SEED_MANIFEST.to_string())));
        assert_eq!(read.step, Some(6));
        assert_eq!(read.frame, Some(3));
        assert_eq!(read.mode, Some(4));
        assert_eq!(read.speed, Some(4));
        assert_eq!(read.theme, Some(2));
        assert_eq!(read.deployment.as_deref(), Some("llm-server"));
    }

    #[test]
    fn defaults_are_left_out() {
        let written = write(&page("kind: Deployment\n"));
        assert_eq!(written, "#sum=af77d630&yaml=a2luZDogRGVwbG95bWVudAo&step=1");
    }

    #[test]
    fn an_address_cut_inside_the_manifest_says_so() {
        let written = write(&page(SEED_MANIFEST));
        let cut = &written[..written.len() / 2];
        let message = read("", cut)
            .manifest
            .expect("a manifest")
            .expect_err("cut short");
        assert!(
            message.contains("incomplete (it was cut short)"),
            "{message}"
        );
    }

    #[test]
    fn older_links_still_open() {
        // A share link from before this module, and a mode in the query.
        let read = read("?mode=quiz&present", "#yaml=a2luZDogRGVwbG95bWVudAo&step=4");
        assert_eq!(read.manifest, Some(Ok("kind: Deployment\n".to_string())));
        assert_eq!(read.step, Some(4));
        assert_eq!(read.mode, Some(4));
        assert_eq!((read.frame, read.speed, read.theme), (None, None, None));
    }

    #[test]
    fn the_fragment_wins_over_the_query_and_bad_values_are_ignored() {
        let read = read(
            "?mode=quiz",
            "#mode=table&step=0&frame=x&speed=9&theme=neon&stepx=2",
        );
        assert_eq!(read.mode, Some(1));
        assert_eq!(
            (read.step, read.frame, read.speed, read.theme),
            (None, None, None, None)
        );
        assert_eq!(read.manifest, None);
    }

    #[test]
    fn a_long_manifest_stays_out_of_the_address() {
        let long = "x".repeat(MAX_MANIFEST_IN_ADDRESS);
        assert!(!manifest_fits(&long));
        assert_eq!(write(&page(&long)), "#step=1");
        assert!(manifest_fits(SEED_MANIFEST));
    }
}
