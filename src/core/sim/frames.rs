//! Snapshots of the cluster for the trace: what `kubectl get pods,rs,deploy,hpa` would show.

use super::Simulation;
use super::change::{self, Change};
use super::state::KubeletStage;
use super::status_math;
use super::trace::{
    AutoscalerSnapshot, ConditionSnapshot, DeploymentSnapshot, Frame, PodSnapshot, PodStatus,
    ReplicaSetSnapshot,
};
use crate::core::manifest::model::CpuTarget;

pub(super) fn snapshot(simulation: &Simulation, changes: Vec<Change>) -> Frame {
    let cluster = &simulation.cluster;
    let per_request = simulation.scenario.cpu_per_request_milli;
    let pods = cluster
        .pods
        .iter()
        .map(|pod| {
            let rs = &cluster.replica_sets[pod.replica_set];
            let status = match (pod.terminating, pod.stage) {
                (true, _) => PodStatus::Terminating,
                (false, KubeletStage::Unscheduled) => PodStatus::Pending,
                (false, KubeletStage::Pulling) => PodStatus::ContainerCreating,
                (false, KubeletStage::NeverPull) => PodStatus::ErrImageNeverPull,
                (false, KubeletStage::Started) => PodStatus::Running,
            };
            PodSnapshot {
                name: pod.name.clone(),
                node: pod.node.map(|index| cluster.nodes[index].spec.name.clone()),
                phase: pod.phase(),
                status,
                ready: pod.ready,
                terminating: pod.terminating,
                image: pod.images.first().cloned().unwrap_or_default(),
                revision: rs.revision,
                requests_per_second: pod.requests_per_second,
                cpu_milli: pod.requests_per_second * per_request,
            }
        })
        .collect();
    // ReplicaSets deleted by the history cleanup no longer exist.
    let replica_sets: Vec<ReplicaSetSnapshot> = cluster
        .replica_sets
        .iter()
        .enumerate()
        .filter(|(_, rs)| !rs.deleted)
        .map(|(index, rs)| ReplicaSetSnapshot {
            name: rs.name.clone(),
            revision: rs.revision,
            image: rs.main_image().to_string(),
            replicas: rs.spec_replicas,
            ready: cluster.ready_of(index),
            available: cluster.available_of(index),
        })
        .collect();
    let newest = cluster.newest_replica_set();
    let deployment = match &cluster.deployment_template {
        None => DeploymentSnapshot::default(),
        Some(template) => DeploymentSnapshot {
            exists: true,
            replicas: cluster.deployment_replicas,
            updated: newest
                .map(|index| cluster.active_pods_of(index).count() as i64)
                .unwrap_or(0),
            ready: (0..cluster.replica_sets.len())
                .map(|index| cluster.ready_of(index))
                .sum(),
            available: (0..cluster.replica_sets.len())
                .map(|index| cluster.available_of(index))
                .sum(),
            revision: newest
                .map(|index| cluster.replica_sets[index].revision)
                .unwrap_or_else(|| {
                    cluster
                        .live_replica_sets()
                        .map(|index| cluster.replica_sets[index].revision)
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
            unavailable: cluster.deployment_status.unavailable_replicas,
            conditions: cluster
                .deployment_status
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
                &simulation.deployment.name,
                cluster.deployment_replicas,
                cluster.deployment_generation,
                &cluster.deployment_status,
            ),
        },
    };
    let hpa = match (&cluster.autoscaler, &simulation.scenario.autoscaler) {
        (Some(status), Some(spec)) => Some(AutoscalerSnapshot {
            current_replicas: if status.current_replicas == 0 {
                cluster.deployment_replicas
            } else {
                status.current_replicas
            },
            desired_replicas: if status.desired_replicas == 0 {
                cluster.deployment_replicas
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
        }),
        _ => None,
    };
    Frame {
        time: cluster.now,
        step: 0,
        cause: change::describe(&changes),
        changes,
        event_count: simulation.trace.events.len(),
        deployment,
        replica_sets,
        pods,
        hpa,
        endpoints: super::endpoints::endpoint_pods(simulation).len(),
        requests_per_second: cluster.requests_per_second,
    }
}
