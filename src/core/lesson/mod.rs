//! The lesson computed from one simulation: process table, variable tracker, key moments,
//! quiz, concept snapshot and transcript. Nothing here is stored text about a particular
//! manifest: change the YAML and every part follows the new trace.

pub mod formulas;
pub mod key_moments;
pub mod narrative;
pub mod quiz;
pub mod render;
pub mod steps;
pub mod tracker;

use serde::Serialize;

use crate::core::manifest::model::Deployment;
use crate::core::scenario::{EffectiveScenario, Supplied};
use crate::core::sim::trace::Trace;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Lesson {
    pub title: String,
    pub steps: Vec<steps::StepRow>,
    /// The line under the process table.
    pub outcome: String,
    pub tracker: tracker::Tracker,
    pub key_moments: Vec<key_moments::KeyMoment>,
    /// The arithmetic behind steps 5 and 6, with this manifest's numbers.
    pub formulas: Vec<formulas::FormulaCard>,
    pub quiz: Vec<quiz::Question>,
    pub snapshot: narrative::ConceptSnapshot,
    pub transcript: narrative::Transcript,
    /// What the default scenario filled in, said to the student.
    pub supplied: Vec<Supplied>,
    pub notes: Vec<String>,
}

/// Builds the lesson and marks each frame of `trace` with its step.
pub fn build(deployment: &Deployment, scenario: &EffectiveScenario, trace: &mut Trace) -> Lesson {
    let rows = steps::build_rows(deployment, scenario, trace);
    let trace = &*trace;
    let ends = steps::step_ends(trace);
    let readings = tracker::readings(trace, &ends);
    let stable = rows
        .last()
        .is_some_and(|row| row.result == "Model serving stable with desired replicas");
    let idle = rows
        .last()
        .is_some_and(|row| row.result.starts_with("Stable at 0 replicas"));
    let outcome = if idle {
        "Deployment reaches its desired state of 0 replicas: nothing serves predictions".to_string()
    } else if stable {
        "Deployment reaches desired state with pods running and serving predictions".to_string()
    } else {
        let detail = rows.last().map(|r| r.result.as_str()).unwrap_or("");
        format!(
            "Deployment does not reach its desired state: {}",
            detail.trim_start_matches("Not at the desired state: ")
        )
    };
    let mut notes = trace.notes.clone();
    notes.push(
        "Simplified here: metrics are read instantly (no metrics-server scrape delay), image pulls and model loading take fixed simulated times, and traffic splits evenly across ready pods.".to_string(),
    );
    Lesson {
        title: "Kubernetes for ML workloads".to_string(),
        outcome,
        tracker: tracker::build(trace, &ends),
        key_moments: key_moments::build(deployment, scenario, trace, &readings),
        formulas: formulas::build(deployment, scenario, trace),
        quiz: quiz::build(deployment, &rows, &readings),
        snapshot: narrative::snapshot(scenario, deployment.strategy.kind, trace),
        transcript: narrative::transcript(scenario, deployment.strategy.kind, &rows, trace),
        steps: rows,
        supplied: scenario.supplied.clone(),
        notes,
    }
}
