//! Diagnostics: what is wrong (or worth knowing) about the student's manifest, located at a
//! document, a Kubernetes field path and a line and column of the text.
//!
//! The same values feed the editor markers and `kubestep check`, so both say the same thing.

use serde::Serialize;
use std::fmt;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The API server would reject the manifest; nothing is simulated.
    Error,
    /// Accepted, but it will behave in a way a student should know about.
    Warning,
    /// Accepted and not simulated, or supplied by the default scenario.
    Info,
}

impl Severity {
    /// The word used in `FILE:LINE:COL: <word>: message`.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One located finding. Lines and columns are 1-based, as editors and compilers print them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Zero-based index of the YAML document in the stream.
    pub document: usize,
    /// Kubernetes field path such as `spec.template.spec.containers[0].image` (empty for syntax).
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The form the editor shows and the browser tests read: `line L, column C: message`.
    pub fn editor_text(&self) -> String {
        format!(
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }

    /// The form the CLI prints: `FILE:LINE:COL: error: message`.
    pub fn cli_text(&self, file: &str) -> String {
        format!(
            "{file}:{}:{}: {}: {}",
            self.line,
            self.column,
            self.severity.label(),
            self.message
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.editor_text())
    }
}

/// Sorts diagnostics into reading order: by line, then column, errors before warnings.
pub fn sort_for_reading(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.line, a.column, a.severity, &a.message).cmp(&(b.line, b.column, b.severity, &b.message))
    });
}
