//! The manifest fixture corpus: every file in `tests/fixtures/invalid/` must produce the
//! diagnostics its header names, and every file in `tests/fixtures/valid/` must be accepted
//! with no error and simulated. Each test reports every mismatch of every fixture at once.
//!
//! # Header format
//!
//! A fixture opens with comment lines; the ones of this form are expectations:
//!
//! ```text
//! # expect: <severity> <line>:<column> <path or -> <message>
//! # expect: error 7:3 spec.replica unknown field "spec.replica" (did you mean "replicas"?)
//! ```
//!
//! # Matching rule
//!
//! - `severity` (`error`, `warning` or `info`), `line`, `column` and `path` must be equal; `-`
//!   stands for the empty path (syntax errors and findings about the whole stream).
//! - The message must be equal to the diagnostic's message, character for character, unless
//!   it starts with `~`: then the rest must occur somewhere in the message.
//! - Each expectation is met by its own diagnostic. Every error must be expected: an invalid
//!   fixture lists all of its errors. Warnings and information that are not listed are allowed.
//! - An invalid fixture has at least one expectation and at least one error; a valid fixture has
//!   no error, its expectations (warnings, if any) are met, and `analyze` simulates it.
//! - Every diagnostic points inside the file: its line exists and its column is at most one
//!   past the end of that line.
//!
//! Fixtures are read as bytes and decoded like the CLI reads them (invalid UTF-8 replaced), so
//! binary fixtures are checked too.

use std::path::{Path, PathBuf};
use std::process::Command;

use kubestep::core::analysis::analyze;
use kubestep::core::diagnostic::{Diagnostic, Severity};
use kubestep::core::manifest::read_manifests;

const INVALID: &str = "tests/fixtures/invalid";
const VALID: &str = "tests/fixtures/valid";

/// One `# expect:` line.
#[derive(Debug)]
struct Expectation {
    severity: Severity,
    line: usize,
    column: usize,
    path: String,
    message: String,
}

impl Expectation {
    fn parse(text: &str) -> Result<Expectation, String> {
        let mut parts = text.splitn(4, ' ');
        let mut next = |what: &str| {
            parts
                .next()
                .filter(|part| !part.is_empty())
                .ok_or_else(|| format!("expectation without {what}: `{text}`"))
        };
        let severity = match next("severity")? {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            "info" => Severity::Info,
            other => return Err(format!("unknown severity `{other}` in `{text}`")),
        };
        let position = next("line:column")?;
        let (line, column) = position
            .split_once(':')
            .and_then(|(l, c)| Some((l.parse().ok()?, c.parse().ok()?)))
            .ok_or_else(|| format!("`{position}` is not line:column in `{text}`"))?;
        let path = match next("path")? {
            "-" => String::new(),
            path => path.to_string(),
        };
        let message = next("message")?.to_string();
        Ok(Expectation {
            severity,
            line,
            column,
            path,
            message,
        })
    }

    fn matches(&self, diagnostic: &Diagnostic) -> bool {
        let message_matches = match self.message.strip_prefix('~') {
            Some(part) => diagnostic.message.contains(part),
            None => diagnostic.message == self.message,
        };
        diagnostic.severity == self.severity
            && diagnostic.line == self.line
            && diagnostic.column == self.column
            && diagnostic.path == self.path
            && message_matches
    }
}

impl std::fmt::Display for Expectation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = if self.path.is_empty() {
            "-"
        } else {
            &self.path
        };
        write!(
            f,
            "{} {}:{} {path} {}",
            self.severity.label(),
            self.line,
            self.column,
            self.message
        )
    }
}

/// A fixture file: its name, its text, and the expectations of its header.
struct Fixture {
    name: String,
    path: PathBuf,
    text: String,
    expectations: Vec<Expectation>,
}

/// Records a failed check instead of panicking, so one run lists every mismatch; the line of
/// the check is kept to tell the rules apart.
#[track_caller]
fn check(failures: &mut Vec<String>, file: &str, ok: bool, what: impl FnOnce() -> String) {
    if !ok {
        let line = std::panic::Location::caller().line();
        failures.push(format!("{file}: {} [manifest_fixtures.rs:{line}]", what()));
    }
}

fn fixtures(directory: &str, failures: &mut Vec<String>) -> Vec<Fixture> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(directory)
        .unwrap_or_else(|error| panic!("cannot read {directory}: {error}"))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = path
                .file_name()
                .expect("file name")
                .to_string_lossy()
                .into_owned();
            let bytes = std::fs::read(&path).expect("readable fixture");
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let mut expectations = Vec::new();
            for line in text.lines().take_while(|line| line.starts_with('#')) {
                if let Some(rest) = line.strip_prefix("# expect: ") {
                    match Expectation::parse(rest) {
                        Ok(expectation) => expectations.push(expectation),
                        Err(problem) => failures.push(format!("{name}: {problem}")),
                    }
                }
            }
            Fixture {
                name,
                path,
                text,
                expectations,
            }
        })
        .collect()
}

fn show(diagnostic: &Diagnostic) -> String {
    let path = if diagnostic.path.is_empty() {
        "-"
    } else {
        &diagnostic.path
    };
    format!(
        "{} {}:{} {path} {}",
        diagnostic.severity.label(),
        diagnostic.line,
        diagnostic.column,
        diagnostic.message
    )
}

/// Applies the matching rule of the module doc to one fixture.
fn check_diagnostics(failures: &mut Vec<String>, fixture: &Fixture, diagnostics: &[Diagnostic]) {
    let file = fixture.name.as_str();
    let mut met = vec![false; diagnostics.len()];
    for expectation in &fixture.expectations {
        let found = diagnostics
            .iter()
            .enumerate()
            .find(|(index, diagnostic)| !met[*index] && expectation.matches(diagnostic));
        match found {
            Some((index, _)) => met[index] = true,
            None => check(failures, file, false, || {
                let got: Vec<String> = diagnostics.iter().map(show).collect();
                format!(
                    "expected `{expectation}`, got:\n    {}",
                    if got.is_empty() {
                        "(no diagnostics)".to_string()
                    } else {
                        got.join("\n    ")
                    }
                )
            }),
        }
    }
    for (diagnostic, met) in diagnostics.iter().zip(&met) {
        check(failures, file, *met || !diagnostic.is_error(), || {
            format!("unexpected `{}`", show(diagnostic))
        });
    }
    let lines: Vec<&str> = fixture.text.lines().collect();
    for diagnostic in diagnostics {
        let line = diagnostic
            .line
            .checked_sub(1)
            .and_then(|index| lines.get(index));
        let inside = line.is_some_and(|line| {
            diagnostic.column >= 1 && diagnostic.column <= line.chars().count() + 1
        });
        check(failures, file, inside, || {
            format!(
                "`{}` points outside the file ({} lines)",
                show(diagnostic),
                lines.len()
            )
        });
    }
}

fn report(failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} fixture problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn invalid_fixtures_report_exactly_their_expected_errors() {
    let mut failures = Vec::new();
    for fixture in fixtures(INVALID, &mut failures) {
        let file = fixture.name.as_str();
        let read = read_manifests(&fixture.text);
        check(
            &mut failures,
            file,
            !fixture.expectations.is_empty(),
            || "has no `# expect:` line".to_string(),
        );
        check(&mut failures, file, read.has_errors(), || {
            "is accepted: an invalid fixture must yield at least one error".to_string()
        });
        check_diagnostics(&mut failures, &fixture, &read.diagnostics);
    }
    report(failures);
}

#[test]
fn valid_fixtures_are_accepted_and_simulated() {
    let mut failures = Vec::new();
    for fixture in fixtures(VALID, &mut failures) {
        let file = fixture.name.as_str();
        let analysis = analyze(&fixture.text, None);
        for error in analysis.diagnostics().iter().filter(|d| d.is_error()) {
            check(&mut failures, file, false, || {
                format!("error on a valid manifest: `{}`", show(error))
            });
        }
        check(&mut failures, file, analysis.run.is_some(), || {
            "was not simulated".to_string()
        });
        check_diagnostics(&mut failures, &fixture, analysis.diagnostics());
    }
    report(failures);
}

#[test]
fn the_corpus_is_large_enough_and_named_by_number() {
    let mut failures = Vec::new();
    let invalid = fixtures(INVALID, &mut failures);
    let valid = fixtures(VALID, &mut failures);
    check(&mut failures, INVALID, invalid.len() >= 40, || {
        format!("{} fixtures; at least 40 are wanted", invalid.len())
    });
    check(&mut failures, VALID, valid.len() >= 15, || {
        format!("{} fixtures; at least 15 are wanted", valid.len())
    });
    let mut numbers = std::collections::BTreeSet::new();
    for fixture in invalid.iter().chain(&valid) {
        let name = fixture.name.as_str();
        // Two or three digits: parallel work numbers its fixtures in separate ranges.
        let digits = name.bytes().take_while(u8::is_ascii_digit).count();
        let well_formed = (2..=3).contains(&digits)
            && name.len() > digits + 6
            && name.as_bytes()[digits] == b'-'
            && name.strip_suffix(".yaml").is_some_and(|stem| {
                stem[digits + 1..]
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            });
        check(&mut failures, name, well_formed, || {
            "is not named NN-short-name.yaml".to_string()
        });
        let directory = fixture.path.parent().map(Path::to_path_buf);
        check(
            &mut failures,
            name,
            numbers.insert((directory, name.get(..digits).map(str::to_string))),
            || "reuses the number of another fixture".to_string(),
        );
    }
    report(failures);
}

/// `kubestep check --verbose` prints exactly the library's diagnostics, one per line, in the
/// same order, and exits 1 on errors and 0 without: the CLI and the editor share one path.
#[test]
fn the_cli_prints_the_library_diagnostics() {
    let mut failures = Vec::new();
    for (file, exit) in [
        ("tests/fixtures/invalid/67-several-mistakes.yaml", Some(1)),
        ("tests/fixtures/valid/21-warnings-only.yaml", Some(0)),
    ] {
        let bytes = std::fs::read(file).expect("fixture");
        let text = String::from_utf8_lossy(&bytes);
        let expected: String = analyze(&text, None)
            .diagnostics()
            .iter()
            .map(|diagnostic| diagnostic.cli_text(file) + "\n")
            .collect();
        check(&mut failures, file, !expected.is_empty(), || {
            "has no diagnostics to compare".to_string()
        });
        let output = Command::new(env!("CARGO_BIN_EXE_kubestep"))
            .args(["check", "--verbose", file])
            .output()
            .expect("the binary runs");
        let printed = String::from_utf8_lossy(&output.stdout);
        check(&mut failures, file, printed == expected, || {
            format!("the CLI printed\n{printed}\nbut the library says\n{expected}")
        });
        check(&mut failures, file, output.status.code() == exit, || {
            format!("exit status {:?}, expected {exit:?}", output.status.code())
        });
    }
    report(failures);
}
