//! Where the eight lesson steps end: each cut on the typed changes and milestones the
//! simulation recorded, and on the followed Deployment's pods, read with one cursor that
//! walks the frames forwards.

use std::collections::HashSet;

use crate::core::sim::trace::{Change, Frame, PodPhase, PodSet, PodSnapshot, Trace};

/// Cuts the trace into the eight steps: the index of each step's last frame.
pub fn step_ends(trace: &Trace) -> [usize; 8] {
    let frames = &trace.frames;
    let last = frames.len().saturating_sub(1);
    let before_last = if frames.len() >= 2 { last - 1 } else { last };
    let initial = &trace.milestones.initial_pods;
    // A set: a 1,000-replica run checks every pod of every frame against it.
    let initial_names: HashSet<&str> = initial.iter().map(String::as_str).collect();
    let is_initial = |name: &str| initial_names.contains(name);
    let find_from = |start: usize, predicate: &dyn Fn(&Frame) -> bool| -> Option<usize> {
        (start..frames.len()).find(|&index| predicate(&frames[index]))
    };
    // The searches that read pods move one cursor forwards: each frame's pods are the
    // previous frame's with its changes applied.
    let mut cursor = trace.cursor();
    let mut find_pods = |start: usize, predicate: &dyn Fn(&Frame, &PodSet) -> bool| {
        (start..frames.len()).find(|&index| predicate(&frames[index], cursor.at(index)))
    };
    let last_before =
        |time: u64| -> Option<usize> { frames.iter().rposition(|frame| frame.time < time) };

    let end1 = find_pods(0, &|f: &Frame, pods: &PodSet| {
        f.deployment.exists
            && pods.followed().filter(|p| is_initial(&p.name)).count() >= initial.len()
    })
    .unwrap_or(0);
    let end2 = if initial.is_empty() {
        end1
    } else {
        find_from(end1 + 1, &|f: &Frame| {
            f.changes.iter().any(|change| {
                matches!(
                    change,
                    Change::PodsScheduled { .. } | Change::PodsUnschedulable { .. }
                )
            })
        })
        .unwrap_or(end1)
    };
    let cutoff = trace
        .milestones
        .traffic_start
        .or(trace.milestones.rollout_start);
    let limit3 = cutoff
        .and_then(last_before)
        .unwrap_or(before_last)
        .max(end2);
    let end3 = find_pods(end2, &|_: &Frame, pods: &PodSet| {
        let scheduled: Vec<_> = pods
            .followed()
            .filter(|p| is_initial(&p.name) && p.node.is_some())
            .collect();
        !scheduled.is_empty() && scheduled.iter().all(|p| serving(p))
    })
    .filter(|&index| index <= limit3)
    .unwrap_or(limit3);
    let end4 = match trace.milestones.traffic_start {
        Some(time) => find_from(end3, &|f: &Frame| f.time >= time).unwrap_or(end3),
        None => end3,
    };
    let end5 = match trace.milestones.rollout_start {
        Some(time) => last_before(time).unwrap_or(end4).max(end4),
        None => before_last.max(end4),
    };
    let (end6, end7) = match trace.milestones.rollout_start {
        Some(_) => {
            let new_revision = frames
                .get(end5 + 1)
                .map(|f| f.deployment.revision)
                .unwrap_or(0);
            let end6 = find_from(end5 + 1, &|f: &Frame| {
                let new_available: i64 = f
                    .replica_sets
                    .iter()
                    .filter(|rs| rs.revision == new_revision)
                    .map(|rs| rs.available)
                    .sum();
                f.deployment.replicas > 0 && new_available >= f.deployment.replicas
            })
            .unwrap_or(before_last)
            .max(end5);
            let end7 = find_pods(end6, &|_: &Frame, pods: &PodSet| {
                pods.followed().all(|p| p.revision >= new_revision)
            })
            .unwrap_or(before_last)
            .max(end6);
            (end6, end7)
        }
        None => (end5, end5),
    };
    let mut ends = [end1, end2, end3, end4, end5, end6, end7, last];
    for index in 1..ends.len() {
        ends[index] = ends[index].max(ends[index - 1]).min(last);
    }
    ends
}

/// A pod whose containers run and pass readiness: it can answer predictions.
pub(super) fn serving(pod: &PodSnapshot) -> bool {
    pod.phase == PodPhase::Running && pod.ready
}
