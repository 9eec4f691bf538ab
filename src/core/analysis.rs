//! The one code path from text to lesson, shared by the editor and `kubestep`: the same text
//! gives the same diagnostics, trace and lesson in both. [`Analysis`] is the one product every
//! consumer reads: it keeps the typed manifests and their locators, so the page's links into
//! the YAML never read the text again.

use std::sync::Arc;

use crate::core::diagnostic::Diagnostic;
use crate::core::lesson::{self, Lesson};
use crate::core::locate::Locator;
use crate::core::manifest::{self, model::Deployment, model::Manifests};
use crate::core::scenario::{self, EffectiveScenario};
use crate::core::sim::{self, Trace};

/// Everything computed from one manifest text.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    pub diagnostics: Vec<Diagnostic>,
    /// The typed objects that decoded (possibly with errors elsewhere in the file).
    pub manifests: Manifests,
    /// One locator per document, to point at a field's line and column.
    pub locators: Vec<Locator>,
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

/// Same diagnostics, objects and run (locators follow from the text, so they are left out).
impl PartialEq for Analysis {
    fn eq(&self, other: &Self) -> bool {
        self.diagnostics == other.diagnostics
            && self.manifests == other.manifests
            && self.run == other.run
    }
}

impl Analysis {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads, validates, simulates and teaches. `seed` overrides the Scenario's seed.
pub fn analyze(text: &str, seed: Option<u64>) -> Analysis {
    let read = manifest::read_manifests(text);
    let mut analysis = Analysis {
        diagnostics: read.diagnostics,
        manifests: read.manifests,
        locators: read.locators,
        run: None,
    };
    if analysis.has_errors() {
        return analysis;
    }
    let Some(deployment) = analysis.manifests.deployment.clone() else {
        return analysis;
    };
    let scenario = scenario::effective_scenario(&analysis.manifests, &deployment, seed);
    let mut trace = sim::simulate(&deployment, &scenario);
    let lesson = lesson::build(&deployment, &scenario, &mut trace);
    analysis.run = Some(Arc::new(Run {
        deployment,
        scenario,
        trace,
        lesson,
    }));
    analysis
}
