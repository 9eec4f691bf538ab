//! The stable JSON shape of `kubestep trace --json`, documented in docs/trace-schema.md.
//! Other tools read it: add fields, never rename or remove them.

use serde::Serialize;

use crate::core::analysis::Analysis;
use crate::core::diagnostic::Diagnostic;
use crate::core::lesson::outcome::StepOutcome;
use crate::core::lesson::tracker::Tracker;
use crate::core::sim::trace::{AutoscalerDecision, EventRecord, Frame, SchedulingFailure};

/// Bumped only on an incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TraceReport<'a> {
    pub schema_version: u32,
    pub steps: Vec<StepReport<'a>>,
    pub tracker: Option<&'a Tracker>,
    pub events: &'a [EventRecord],
    pub frames: &'a [Frame],
    /// What the autoscaler measured and decided at each sync (added in schema 1).
    pub autoscaler_decisions: &'a [AutoscalerDecision],
    /// Each time the scheduler newly failed to place a pod, with its filter reasons.
    pub scheduling_failures: &'a [SchedulingFailure],
    pub diagnostics: &'a [Diagnostic],
    pub end_time: u64,
    pub notes: &'a [String],
}

#[derive(Serialize)]
pub struct StepReport<'a> {
    pub number: usize,
    pub action: &'a str,
    pub component: &'a str,
    pub result: &'a str,
    /// What the step found, typed (`result` is its text).
    pub outcome: Option<&'a StepOutcome>,
}

pub fn report(analysis: &Analysis) -> TraceReport<'_> {
    match &analysis.run {
        Some(run) => TraceReport {
            schema_version: SCHEMA_VERSION,
            steps: run
                .lesson
                .steps
                .iter()
                .map(|s| StepReport {
                    number: s.number,
                    action: &s.action,
                    component: &s.component,
                    result: &s.result,
                    outcome: Some(&s.outcome),
                })
                .collect(),
            tracker: Some(&run.lesson.tracker),
            events: &run.trace.events,
            frames: &run.trace.frames,
            autoscaler_decisions: &run.trace.autoscaler_decisions,
            scheduling_failures: &run.trace.scheduling_failures,
            diagnostics: analysis.diagnostics(),
            end_time: run.trace.end_time,
            notes: &run.trace.notes,
        },
        None => TraceReport {
            schema_version: SCHEMA_VERSION,
            steps: Vec::new(),
            tracker: None,
            events: &[],
            frames: &[],
            autoscaler_decisions: &[],
            scheduling_failures: &[],
            diagnostics: analysis.diagnostics(),
            end_time: 0,
            notes: &[],
        },
    }
}
