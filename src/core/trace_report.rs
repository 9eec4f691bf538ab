//! The stable JSON shape of `kubestep trace --json`, documented in docs/trace-schema.md.
//! Other tools read it: add fields, never rename or remove them.

use serde::Serialize;

use crate::core::analysis::Analysis;
use crate::core::diagnostic::Diagnostic;
use crate::core::lesson::tracker::Tracker;
use crate::core::sim::trace::{EventRecord, Frame};

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
                })
                .collect(),
            tracker: Some(&run.lesson.tracker),
            events: &run.trace.events,
            frames: &run.trace.frames,
            diagnostics: &analysis.diagnostics,
            end_time: run.trace.end_time,
            notes: &run.trace.notes,
        },
        None => TraceReport {
            schema_version: SCHEMA_VERSION,
            steps: Vec::new(),
            tracker: None,
            events: &[],
            frames: &[],
            diagnostics: &analysis.diagnostics,
            end_time: 0,
            notes: &[],
        },
    }
}
