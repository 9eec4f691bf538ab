//! The one code path from text to lesson, shared by the editor and `kubestep`: the same text
//! gives the same diagnostics, trace and lesson in both.

use crate::core::diagnostic::Diagnostic;
use crate::core::lesson::{self, Lesson};
use crate::core::manifest::{self, model::Deployment};
use crate::core::scenario::{self, EffectiveScenario};
use crate::core::sim::{self, Trace};

/// Everything computed from one manifest text.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    pub diagnostics: Vec<Diagnostic>,
    /// Present when the manifest has no errors.
    pub run: Option<Run>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub deployment: Deployment,
    pub scenario: EffectiveScenario,
    pub trace: Trace,
    pub lesson: Lesson,
}

impl Analysis {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads, validates, simulates and teaches. `seed` overrides the Scenario's seed.
pub fn analyze(text: &str, seed: Option<u64>) -> Analysis {
    let read = manifest::read_manifests(text);
    if read.has_errors() {
        return Analysis {
            diagnostics: read.diagnostics,
            run: None,
        };
    }
    let Some(deployment) = read.manifests.deployment.clone() else {
        return Analysis {
            diagnostics: read.diagnostics,
            run: None,
        };
    };
    let scenario = scenario::effective_scenario(&read.manifests, &deployment, seed);
    let mut trace = sim::simulate(&deployment, &scenario);
    let lesson = lesson::build(&deployment, &scenario, &mut trace);
    Analysis {
        diagnostics: read.diagnostics,
        run: Some(Run {
            deployment,
            scenario,
            trace,
            lesson,
        }),
    }
}
