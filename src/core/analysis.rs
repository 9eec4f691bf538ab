//! The one code path from text to lesson, shared by the editor and `kubestep`: the same text
//! gives the same diagnostics, trace and lesson in both. [`Analysis`] is the one product every
//! consumer reads: it keeps the typed manifests and their locators, so the page's links into
//! the YAML never read the text again.

use std::sync::Arc;

use crate::core::diagnostic::Diagnostic;
use crate::core::lesson::{self, Lesson};
use crate::core::manifest::{self, ReadManifests, model::Deployment};
use crate::core::scenario::{self, EffectiveScenario};
use crate::core::sim::{self, Trace};

/// Everything computed from one manifest text.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// The manifest as read: diagnostics, the typed objects that decoded (possibly with errors
    /// elsewhere in the file), a locator per document, and the parsed documents.
    pub read: ReadManifests,
    /// Present when the manifest has no errors. Shared, so that keeping the last good run
    /// on screen while the student types costs a pointer copy.
    pub run: Option<Arc<Run>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub deployment: Deployment,
    pub scenario: EffectiveScenario,
    pub trace: Trace,
    pub lesson: Lesson,
}

/// Same diagnostics, objects and run (locators and documents follow from the text, so they
/// are left out).
impl PartialEq for Analysis {
    fn eq(&self, other: &Self) -> bool {
        self.read.diagnostics == other.read.diagnostics
            && self.read.manifests == other.read.manifests
            && self.run == other.run
    }
}

impl Analysis {
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.read.diagnostics
    }

    pub fn has_errors(&self) -> bool {
        self.read.has_errors()
    }
}

/// Reads, validates, simulates and teaches. `seed` overrides the Scenario's seed.
pub fn analyze(text: &str, seed: Option<u64>) -> Analysis {
    analyze_following(text, seed, None)
}

/// As [`analyze`], with the lesson following the Deployment named `follow` (by default the
/// first model server: the first that asks for an accelerator, else the first Deployment).
/// Every Deployment of the file runs in the same simulated cluster either way.
pub fn analyze_following(text: &str, seed: Option<u64>, follow: Option<&str>) -> Analysis {
    analyze_with(text, seed, follow, true)
}

/// As [`analyze_following`], but a name the file no longer holds falls back to the default
/// choice: the page keeps the student's pick across edits for as long as it exists.
pub fn analyze_preferring(text: &str, seed: Option<u64>, prefer: Option<&str>) -> Analysis {
    analyze_with(text, seed, prefer, false)
}

fn analyze_with(text: &str, seed: Option<u64>, follow: Option<&str>, strict: bool) -> Analysis {
    let mut analysis = Analysis {
        read: manifest::read_manifests(text),
        run: None,
    };
    if analysis.has_errors() {
        return analysis;
    }
    let manifests = &analysis.read.manifests;
    let follow =
        follow.filter(|name| strict || manifests.deployments.iter().any(|d| d.name == *name));
    let Some(deployment) = manifests.followed(follow).cloned() else {
        if let Some(name) = follow {
            let known: Vec<&str> = manifests
                .deployments
                .iter()
                .map(|d| d.name.as_str())
                .collect();
            analysis.read.diagnostics.push(Diagnostic {
                severity: crate::core::diagnostic::Severity::Error,
                document: 0,
                path: String::new(),
                line: 1,
                column: 1,
                message: format!(
                    "no Deployment named \"{name}\" in this file; it has: {}",
                    known.join(", ")
                ),
            });
        }
        return analysis;
    };
    let scenario = scenario::effective_scenario(manifests, &deployment, seed);
    let mut trace = sim::simulate(&scenario);
    let lesson = lesson::build(&deployment, &scenario, &mut trace);
    analysis.run = Some(Arc::new(Run {
        deployment,
        scenario,
        trace,
        lesson,
    }));
    analysis
}
