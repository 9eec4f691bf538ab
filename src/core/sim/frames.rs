//! Snapshots of the cluster for the trace: what `kubectl get rs,deploy,hpa` would show, for
//! the Deployment the lesson follows and, beside it, for every other Deployment of the file
//! and every Service. Pods are recorded apart, as changes (`pod_deltas`).

use super::Simulation;
use super::change::{self, Change};
use super::status_math;
use super::trace::{
    AutoscalerSnapshot, ConditionSnapshot, DeploymentSnapshot, Frame, ReplicaSetSnapshot,
    ServiceSnapshot, WorkloadSnapshot,
};
use crate::core::manifest::model::CpuTarget;

pub(super) fn snapshot(simulation: &Simulation, changes: Vec<Change>) -> Frame {
    let cluster = &simulation.cluster;
    let followed = workload(simulation, simulation.followed);
    let others = (0..cluster.workloads.len())
        .filter(|&index| index != simulation.followed)
        .map(|index| workload(simulation, index))
        .collect();
    let services = (0..cluster.services.len())
        .map(|index| ServiceSnapshot {
            name: cluster.services[index].name.clone(),
            endpoints: super::endpoints::count(simulation, index),
        })
        .collect();
    let endpoints = if simulation.scenario.service.is_some() {
        super::endpoints::count(simulation, 0)
    } else {
        0
    };
    Frame {
        time: cluster.now,
        step: 0,
        cause: change::describe(&changes),
        changes,
        event_count: simulation.trace.events.len(),
        deployment: followed.deployment,
        replica_sets: followed.replica_sets,
        hpa: autoscaler(simulation),
        endpoints,
        requests_per_second: cluster.requests_per_second,
        others,
        services,
    }
}

/// One Deployment with its ReplicaSets (its pods are recorded as changes, by
/// `pod_deltas`).
fn workload(simulation: &Simulation, index: usize) -> WorkloadSnapshot {
    let cluster = &simulation.cluster;
    // ReplicaSets deleted by the history cleanup no longer exist.
    let replica_sets: Vec<ReplicaSetSnapshot> = cluster
        .live_replica_sets(index)
        .map(|rs_index| {
            let rs = &cluster.replica_sets[rs_index];
            ReplicaSetSnapshot {
                name: rs.name.clone(),
                revision: rs.revision,
                image: rs.main_image().to_string(),
                replicas: rs.spec_replicas,
                ready: cluster.ready_of(rs_index),
                available: cluster.available_of(rs_index),
            }
        })
        .collect();
    WorkloadSnapshot {
        name: cluster.workloads[index].name.clone(),
        deployment: deployment(simulation, index),
        replica_sets,
    }
}

fn deployment(simulation: &Simulation, index: usize) -> DeploymentSnapshot {
    let cluster = &simulation.cluster;
    let workload = &cluster.workloads[index];
    let Some(template) = &workload.template else {
        return DeploymentSnapshot::default();
    };
    let newest = cluster.newest_replica_set(index);
    let of_workload =
        || (0..cluster.replica_sets.len()).filter(|&rs| cluster.replica_sets[rs].workload == index);
    DeploymentSnapshot {
        exists: true,
        replicas: workload.replicas,
        updated: newest.map(|rs| cluster.active_of(rs)).unwrap_or(0),
        ready: of_workload().map(|rs| cluster.ready_of(rs)).sum(),
        available: of_workload().map(|rs| cluster.available_of(rs)).sum(),
        revision: newest
            .map(|rs| cluster.replica_sets[rs].revision)
            .unwrap_or_else(|| {
                cluster
                    .live_replica_sets(index)
                    .map(|rs| cluster.replica_sets[rs].revision)
                    .max()
                    .unwrap_or(0)
                    + 1
            }),
        image: template
            .spec
            .containers
            .first()
            .map(|c| c.image.clone())
            .unwrap_or_default(),
        unavailable: workload.status.unavailable_replicas,
        conditions: workload
            .status
            .conditions
            .iter()
            .map(|condition| ConditionSnapshot {
                kind: condition.kind.as_str(),
                status: condition.status,
                reason: condition.reason,
                message: condition.message.clone(),
                last_update_time: condition.last_update_time,
                last_transition_time: condition.last_transition_time,
            })
            .collect(),
        rollout_status: status_math::rollout_status_line(
            &workload.name,
            workload.replicas,
            workload.generation,
            &workload.status,
        ),
    }
}

/// The followed Deployment's autoscaler, if it has one.
fn autoscaler(simulation: &Simulation) -> Option<AutoscalerSnapshot> {
    let position = simulation
        .autoscalers
        .iter()
        .position(|(_, workload)| *workload == simulation.followed)?;
    let (spec, _) = simulation.autoscalers[position];
    let status = simulation.cluster.autoscalers.get(position)?.as_ref()?;
    let replicas = simulation.cluster.workloads[simulation.followed].replicas;
    Some(AutoscalerSnapshot {
        current_replicas: if status.current_replicas == 0 {
            replicas
        } else {
            status.current_replicas
        },
        desired_replicas: if status.desired_replicas == 0 {
            replicas
        } else {
            status.desired_replicas
        },
        cpu_utilization: status.cpu_utilization,
        min_replicas: spec.min_replicas,
        max_replicas: spec.max_replicas,
        target_utilization: match spec.cpu_target {
            Some(CpuTarget::Utilization(percent)) => Some(percent),
            _ => None,
        },
    })
}
