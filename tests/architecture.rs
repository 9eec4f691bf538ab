//! Tidy checks that keep the architecture true: the core names no browser or UI crate and
//! reads no clock, every source file opens with a `//!` doc saying what it owns, and no
//! source file grows past 500 lines of non-test code.

use std::path::{Path, PathBuf};

fn rust_files(directory: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(directory).expect("readable source tree") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

#[test]
fn the_core_is_pure() {
    let forbidden = [
        "leptos",
        "web_sys",
        "js_sys",
        "wasm_bindgen",
        "gloo",
        "std::time",
        "Instant::now",
        "SystemTime",
        "thread_rng",
        "std::fs",
        "std::net",
    ];
    for file in rust_files(Path::new("src/core")) {
        let text = std::fs::read_to_string(&file).expect("readable");
        for word in forbidden {
            assert!(!text.contains(word), "{} mentions {word}", file.display());
        }
    }
}

#[test]
fn only_the_yaml_module_names_the_yaml_crate() {
    for file in rust_files(Path::new("src")) {
        let text = std::fs::read_to_string(&file).expect("readable");
        if file.ends_with("core/yaml.rs") {
            continue;
        }
        assert!(
            !text.contains("serde_yaml"),
            "{} names the YAML crate; go through core::yaml",
            file.display()
        );
    }
}

#[test]
fn every_module_says_what_it_owns() {
    for directory in ["src", "tests", "benches"] {
        for file in rust_files(Path::new(directory)) {
            let text = std::fs::read_to_string(&file).expect("readable");
            assert!(
                text.starts_with("//!"),
                "{} does not start with a //! module doc",
                file.display()
            );
        }
    }
}

/// The most lines of non-test code a source file may hold: the lines before the first line
/// that is exactly `#[cfg(test)]`. A file past it does several jobs and is split into a folder
/// with one file per job, as `src/core/manifest/stored/` is.
const MAX_NON_TEST_LINES: usize = 500;

#[test]
fn every_file_keeps_its_non_test_code_short() {
    for file in rust_files(Path::new("src")) {
        // A folder's `tests.rs` holds only tests.
        if file.file_name().is_some_and(|name| name == "tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("readable");
        let non_test = text
            .lines()
            .take_while(|line| *line != "#[cfg(test)]")
            .count();
        assert!(
            non_test <= MAX_NON_TEST_LINES,
            "{} has {non_test} lines of non-test code (at most {MAX_NON_TEST_LINES}); split it by job",
            file.display()
        );
    }
}

/// Text the lesson writes is for people: no lesson code decides anything by reading it back.
/// Comparing or searching strings (`== "…"`, `.contains(…)`, `.starts_with(…)`), reading a
/// frame's `cause` or an event's `message` to decide, is how a lesson starts saying things
/// its trace does not hold; it decides on the typed changes, outcomes and decisions instead.
#[test]
fn the_lesson_decides_on_typed_facts_not_text() {
    let forbidden = [
        "== \"",
        "!= \"",
        ".contains(\"",
        ".contains(&format!",
        ".starts_with(",
        ".ends_with(",
        ".find(\"",
        ".trim_start_matches(",
        ".trim_end_matches(",
        ".strip_prefix(",
        ".strip_suffix(",
        ".split(",
        ".cause",
        ".message ==",
        "as_str() ==",
    ];
    for file in rust_files(Path::new("src/core/lesson")) {
        let text = std::fs::read_to_string(&file).expect("readable");
        for (number, line) in text
            .lines()
            .take_while(|line| *line != "#[cfg(test)]")
            .enumerate()
        {
            let code = line.split("//").next().unwrap_or("");
            for pattern in forbidden {
                assert!(
                    !code.contains(pattern),
                    "{}:{}: decides on text ({pattern}): {line}",
                    file.display(),
                    number + 1
                );
            }
        }
    }
}
