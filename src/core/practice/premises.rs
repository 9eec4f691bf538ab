//! What a run shows that a question can ask about. Each fact is read from the trace, the
//! formula cards or the step outcomes, and exists only when its premise holds for this run: a
//! pod that stays Pending, a Service whose endpoints differ from the running pods, an
//! autoscaler sync that measured CPU, a rolling update. The quiz's generated questions and the
//! Predict mode both ask from these, so the two never disagree about a run.

use crate::core::analysis::Run;
use crate::core::lesson::formulas::Sum;
use crate::core::manifest::model::IntOrPercent;
use crate::core::sim::decision::{AutoscalerDecision, Measurement};
use crate::core::sim::trace::{Change, PodPhase, SchedulingFailure, Trace};

/// A pod of the followed Deployment that no node takes: Pending when the run ends.
pub struct PendingPod<'a> {
    pub pod: String,
    /// The scheduler's last failure for it: why it is still Pending.
    pub failure: &'a SchedulingFailure,
    /// The step whose frame first shows it unschedulable.
    pub step: usize,
}

/// The first pod (in creation order) still unbound at the last frame whose failure the
/// scheduler recorded.
pub fn pending_pod(run: &Run) -> Option<PendingPod<'_>> {
    let trace = &run.trace;
    let last = trace.frames.len().checked_sub(1)?;
    trace
        .pods_at(last)
        .iter()
        .filter(|pod| pod.node.is_none() && !pod.terminating)
        .find_map(|pod| {
            let failures = || {
                trace
                    .scheduling_failures
                    .iter()
                    .filter(|failure| *failure.pod == *pod.name)
            };
            let first = failures().next()?;
            Some(PendingPod {
                pod: pod.name.to_string(),
                failure: failures().next_back()?,
                step: unschedulable_step(trace, first.time),
            })
        })
}

/// The step of the frame that recorded pods unschedulable at `time`.
fn unschedulable_step(trace: &Trace, time: u64) -> usize {
    let unschedulable = |changes: &[Change]| {
        changes
            .iter()
            .any(|change| matches!(change, Change::PodsUnschedulable { .. }))
    };
    trace
        .frames
        .iter()
        .find(|frame| frame.time == time && unschedulable(&frame.changes))
        .or_else(|| trace.frames.iter().find(|frame| frame.time >= time))
        .map_or(8, |frame| frame.step)
}

/// A moment when the followed Service's endpoints are not the Deployment's Running pods:
/// pods that run but are not ready yet, or ready pods its selector does not match.
pub struct TrafficMoment {
    pub frame: usize,
    pub time: u64,
    pub step: usize,
    pub service: String,
    /// `publishNotReadyAddresses`: bound pods are endpoints, ready or not.
    pub publishes_not_ready: bool,
    /// The Deployment's pods that are not terminating, Running ones and ready ones.
    pub pods: usize,
    pub running: usize,
    pub ready: usize,
    pub endpoints: usize,
}

/// The first frame whose endpoints differ in number from the Deployment's Running pods.
pub fn traffic_moment(run: &Run) -> Option<TrafficMoment> {
    let service = run.scenario.service.as_ref()?;
    let trace = &run.trace;
    let mut cursor = trace.cursor();
    (0..trace.frames.len()).find_map(|index| {
        let frame = &trace.frames[index];
        let live: Vec<_> = cursor
            .at(index)
            .followed()
            .filter(|p| !p.terminating)
            .collect();
        let running = live.iter().filter(|p| p.phase == PodPhase::Running).count();
        (running != frame.endpoints).then(|| TrafficMoment {
            frame: index,
            time: frame.time,
            step: frame.step,
            service: service.name.clone(),
            publishes_not_ready: service.publish_not_ready_addresses,
            pods: live.len(),
            running,
            ready: live.iter().filter(|p| p.ready).count(),
            endpoints: frame.endpoints,
        })
    })
}

/// The autoscaler sync the Step 5 formula card explains, when it measured CPU on ready pods
/// alone (a prompt can then state every number the sum needs).
pub struct AutoscalerSync<'a> {
    pub decision: &'a AutoscalerDecision,
    pub measurement: &'a Measurement,
    /// The card's lines: the arithmetic with this run's numbers.
    pub lines: &'a [String],
}

pub fn autoscaler_sync(run: &Run) -> Option<AutoscalerSync<'_>> {
    run.lesson.formulas.iter().find_map(|card| match &card.sum {
        Sum::Autoscaler { decision, .. } => {
            let measurement = decision.measurement()?;
            (!measurement.rebalanced).then_some(AutoscalerSync {
                decision,
                measurement,
                lines: &card.lines,
            })
        }
        _ => None,
    })
}

/// A rolling update: its budget from the Step 6 formula card, and the most pods (terminating
/// ones aside) any frame of Steps 6 and 7 held.
pub struct RollingUpdate<'a> {
    pub replicas: i64,
    pub max_surge: i64,
    pub max_unavailable: i64,
    /// `maxSurge` as written (or defaulted).
    pub surge_value: &'a Option<IntOrPercent>,
    pub lines: &'a [String],
    /// Frames `first_frame..=last_frame` are the update's.
    pub first_frame: usize,
    pub last_frame: usize,
    pub peak: usize,
}

pub fn rolling_update(run: &Run) -> Option<RollingUpdate<'_>> {
    let (card, replicas, max_surge, max_unavailable) =
        run.lesson.formulas.iter().find_map(|card| match card.sum {
            Sum::RollingBudget {
                replicas,
                max_surge,
                max_unavailable,
            } => Some((card, replicas, max_surge, max_unavailable)),
            _ => None,
        })?;
    let steps = &run.lesson.steps;
    let first_frame = steps.get(5)?.first_frame;
    let last_frame = steps.get(6)?.last_frame.max(steps[5].last_frame);
    let mut cursor = run.trace.cursor();
    let peak = (first_frame..=last_frame)
        .map(|index| {
            cursor
                .at(index)
                .followed()
                .filter(|p| !p.terminating)
                .count()
        })
        .max()
        .unwrap_or(0);
    Some(RollingUpdate {
        replicas,
        max_surge,
        max_unavailable,
        surge_value: &run.deployment.strategy.max_surge,
        lines: &card.lines,
        first_frame,
        last_frame,
        peak,
    })
}
