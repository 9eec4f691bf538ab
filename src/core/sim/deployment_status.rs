//! The Deployment's `status` as the Deployment controller writes it after every sync (§3.7):
//! the ReplicaSets' counts summed, `syncRolloutStatus` with its conditions during a rollout,
//! and the re-check queued at a stuck rollout's progress deadline.

use super::change::Change;
use super::deployment_controller::{is_scaling_event, spec_view};
use super::status_math::{self, ConditionKind, ReplicaCounts};
use super::{Action, Simulation};

/// The ReplicaSets' statuses summed (§3.7), from the counts the cluster keeps.
fn replica_counts(simulation: &Simulation) -> ReplicaCounts {
    let cluster = &simulation.cluster;
    let new_index = cluster.newest_replica_set(simulation.current);
    let mut counts = ReplicaCounts {
        spec: cluster
            .live_replica_sets(simulation.current)
            .map(|index| cluster.replica_sets[index].spec_replicas)
            .sum(),
        ..ReplicaCounts::default()
    };
    for index in cluster.live_replica_sets(simulation.current) {
        let pods = cluster.counts_of(index);
        counts.replicas += pods.active;
        counts.ready += pods.ready;
        counts.available += pods.available;
        if Some(index) == new_index {
            counts.updated += pods.active;
        }
    }
    counts
}

/// The status write of every Deployment, as each controller sync ends.
pub(super) fn sync_all(simulation: &mut Simulation) {
    let current = simulation.current;
    for workload in 0..simulation.cluster.workloads.len() {
        simulation.current = workload;
        sync_status(simulation);
    }
    simulation.current = current;
}

/// The status write that follows every sync (§3.4 step 5, §3.7): `syncRolloutStatus` during
/// a rollout, `calculateStatus` alone while paused or scaling. A Deployment whose new spec
/// the controller has not yet seen keeps its old status. A rollout that is neither complete
/// nor timed out gets a progress check queued for one second past its deadline.
pub(super) fn sync_status(simulation: &mut Simulation) {
    if simulation.cluster.workloads[simulation.current]
        .template
        .is_none()
        || simulation.cluster.workloads[simulation.current].observed_generation
            < simulation.cluster.workloads[simulation.current].generation
    {
        return;
    }
    let spec = spec_view(simulation);
    let counts = replica_counts(simulation);
    let new_name = simulation
        .cluster
        .newest_replica_set(simulation.current)
        .map(|index| simulation.cluster.replica_sets[index].name.clone());
    let now = simulation.cluster.now;
    let rollout = !simulation.deployment().paused && !is_scaling_event(simulation, &spec.params);
    let stored = &simulation.cluster.workloads[simulation.current].status;
    let status = if rollout {
        status_math::sync_rollout_status(&spec, stored, counts, new_name.as_deref(), now)
    } else {
        status_math::calculate_status(&spec, stored, counts, now)
    };
    simulation.cluster.workloads[simulation.current].status = status;
    if !rollout {
        return;
    }
    let Some(at) = status_math::progress_check_time(
        &spec,
        &simulation.cluster.workloads[simulation.current].status,
        now,
    ) else {
        return;
    };
    if simulation.cluster.workloads[simulation.current]
        .progress_check_at
        .is_none_or(|queued| queued < at)
    {
        simulation.cluster.workloads[simulation.current].progress_check_at = Some(at);
        let workload = simulation.current;
        simulation.schedule_at(at, Action::ProgressCheck { workload });
    }
}

/// The queued progress check: the rollout's deadline has passed. If no progress was made
/// since, the `Progressing` condition turns `False` with `ProgressDeadlineExceeded`.
pub(super) fn progress_check(simulation: &mut Simulation) {
    let before = simulation.cluster.workloads[simulation.current]
        .status
        .clone();
    sync_status(simulation);
    if simulation.cluster.workloads[simulation.current].status == before {
        return;
    }
    let timed_out = simulation.cluster.workloads[simulation.current]
        .status
        .condition(ConditionKind::Progressing)
        .is_some_and(|c| c.reason == status_math::reason::PROGRESS_DEADLINE_EXCEEDED);
    let change = if timed_out {
        Change::ProgressDeadlineExceeded {
            deployment: simulation.deployment().name.clone(),
        }
    } else {
        Change::DeploymentStatusUpdated
    };
    simulation.record_frame(vec![change]);
}
