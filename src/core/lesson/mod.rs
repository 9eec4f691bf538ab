//! The lesson computed from one simulation: process table, variable tracker, key moments,
//! quiz, concept snapshot and transcript. Nothing here is stored text about a particular
//! manifest: change the YAML and every part follows the new trace.

pub mod cuts;
pub mod formulas;
pub mod key_moments;
pub mod narrative;
pub mod outcome;
pub mod quiz;
pub mod render;
pub mod steps;
pub mod tracker;
pub mod versions;

use serde::Serialize;

use crate::core::manifest::model::Deployment;
use crate::core::scenario::{EffectiveScenario, Supplied};
use crate::core::sim::trace::{Change, Trace};
use outcome::StepOutcome;

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
    /// What the lesson calls each Deployment revision (`v1`, `v3`, ...).
    #[serde(skip)]
    pub versions: versions::Versions,
}

/// Builds the lesson and marks each frame of `trace` with its step.
pub fn build(deployment: &Deployment, scenario: &EffectiveScenario, trace: &mut Trace) -> Lesson {
    let rows = steps::build_rows(deployment, scenario, trace);
    let trace = &*trace;
    let ends = steps::step_ends(trace);
    let readings = tracker::readings(trace, &ends);
    let versions = versions::Versions::of(trace);
    let start_step = trace
        .frames
        .iter()
        .position(|frame| {
            frame
                .changes
                .iter()
                .any(|change| matches!(change, Change::ContainersStarted { .. }))
        })
        .map(|index| steps::step_of_frame(&ends, index));
    let pending_at_end = trace
        .pods_at(trace.frames.len().saturating_sub(1))
        .iter()
        .filter(|p| p.node.is_none())
        .count();
    let outcome = match rows.last().map(|row| &row.outcome) {
        Some(StepOutcome::StableAtZero) => {
            "Deployment reaches its desired state of 0 replicas: nothing serves predictions"
                .to_string()
        }
        Some(StepOutcome::Stable) => {
            "Deployment reaches desired state with pods running and serving predictions".to_string()
        }
        Some(StepOutcome::StableWithoutEndpoints { service }) => format!(
            "Deployment reaches desired state, but Service '{service}' selects none of its pods: no prediction reaches them"
        ),
        Some(StepOutcome::NotDesired {
            ready,
            replicas,
            pending,
        }) => format!(
            "Deployment does not reach its desired state: {ready} of {replicas} pods ready, {pending} Pending"
        ),
        _ => "Deployment does not reach its desired state".to_string(),
    };
    let mut notes = trace.notes.clone();
    notes.push(
        "Simplified here: metrics are read instantly (no metrics-server scrape delay), image pulls and model loading take fixed simulated times, and traffic splits evenly across ready pods.".to_string(),
    );
    Lesson {
        title: "Kubernetes for ML workloads".to_string(),
        outcome,
        tracker: tracker::build(trace, &ends, &versions),
        versions,
        key_moments: key_moments::build(&rows, &readings, deployment.strategy.kind, pending_at_end),
        formulas: formulas::build(deployment, scenario, trace),
        quiz: quiz::build(deployment, &rows, &readings, start_step),
        snapshot: narrative::snapshot(scenario, &rows),
        transcript: narrative::transcript(&rows, trace),
        steps: rows,
        supplied: scenario.supplied.clone(),
        notes,
    }
}
