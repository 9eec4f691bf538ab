//! The stable JSON shape of `kubestep trace --json`, documented in docs/trace-schema.md.
//! Other tools read it: add fields, never rename or remove them. Frames carry the pods each
//! one added, changed or removed (schema 2), as the trace stores them, so the output grows
//! with the run's changes rather than with pods × frames.

use serde::Serialize;

use crate::core::analysis::Analysis;
use crate::core::diagnostic::Diagnostic;
use crate::core::lesson::outcome::StepOutcome;
use crate::core::lesson::tracker::Tracker;
use crate::core::sim::trace::{
    AutoscalerDecision, AutoscalerSnapshot, Change, DeploymentSnapshot, EventRecord, Frame,
    PodDelta, PodSnapshot, ReplicaSetSnapshot, SchedulingFailure, ServiceSnapshot, Trace,
};

/// Bumped only on an incompatible change (2: frames carry pod changes, not every pod).
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TraceReport<'a> {
    pub schema_version: u32,
    pub steps: Vec<StepReport<'a>>,
    pub tracker: Option<&'a Tracker>,
    pub events: &'a [EventRecord],
    pub frames: Vec<FrameReport<'a>>,
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

/// A frame as the JSON shows it: the frame's fields, with the pods it changed in place of
/// its pods.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FrameReport<'a> {
    pub time: u64,
    pub step: usize,
    pub changes: &'a [Change],
    pub cause: &'a str,
    pub event_count: usize,
    pub deployment: &'a DeploymentSnapshot,
    pub replica_sets: &'a [ReplicaSetSnapshot],
    /// The followed Deployment's pods that this frame added, changed or removed.
    pub pod_changes: PodChanges<'a>,
    pub hpa: &'a Option<AutoscalerSnapshot>,
    pub endpoints: usize,
    pub requests_per_second: i64,
    pub others: Vec<OtherReport<'a>>,
    pub services: &'a [ServiceSnapshot],
}

/// Another Deployment of the file in a frame.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OtherReport<'a> {
    pub name: &'a str,
    pub deployment: &'a DeploymentSnapshot,
    pub replica_sets: &'a [ReplicaSetSnapshot],
    pub pod_changes: PodChanges<'a>,
}

/// One Deployment's pod changes in a frame: before the first frame there are no pods, so the
/// first frame's `added` is its whole list.
#[derive(Serialize, Default)]
pub struct PodChanges<'a> {
    pub added: Vec<&'a PodSnapshot>,
    /// The new state of pods shown before, whole.
    pub changed: Vec<&'a PodSnapshot>,
    /// Uids of the pods gone.
    pub removed: Vec<u64>,
}

impl<'a> PodChanges<'a> {
    fn of(deltas: &'a [PodDelta], workload: usize) -> Self {
        let mut changes = PodChanges::default();
        for delta in deltas.iter().filter(|delta| delta.workload() == workload) {
            match delta {
                PodDelta::Added(pod) => changes.added.push(pod),
                PodDelta::Changed(pod) => changes.changed.push(pod),
                PodDelta::Removed { uid, .. } => changes.removed.push(*uid),
            }
        }
        changes
    }
}

fn frames(trace: &Trace) -> Vec<FrameReport<'_>> {
    trace
        .frames
        .iter()
        .enumerate()
        .map(|(index, frame)| frame_report(frame, trace.pods.deltas_of(index)))
        .collect()
}

fn frame_report<'a>(frame: &'a Frame, deltas: &'a [PodDelta]) -> FrameReport<'a> {
    FrameReport {
        time: frame.time,
        step: frame.step,
        changes: &frame.changes,
        cause: &frame.cause,
        event_count: frame.event_count,
        deployment: &frame.deployment,
        replica_sets: &frame.replica_sets,
        pod_changes: PodChanges::of(deltas, 0),
        hpa: &frame.hpa,
        endpoints: frame.endpoints,
        requests_per_second: frame.requests_per_second,
        others: frame
            .others
            .iter()
            .enumerate()
            .map(|(k, other)| OtherReport {
                name: &other.name,
                deployment: &other.deployment,
                replica_sets: &other.replica_sets,
                pod_changes: PodChanges::of(deltas, k + 1),
            })
            .collect(),
        services: &frame.services,
    }
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
            frames: frames(&run.trace),
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
            frames: Vec::new(),
            autoscaler_decisions: &[],
            scheduling_failures: &[],
            diagnostics: analysis.diagnostics(),
            end_time: 0,
            notes: &[],
        },
    }
}
