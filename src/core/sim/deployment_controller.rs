//! The Deployment controller (k/k `pkg/controller/deployment`): creates the ReplicaSet for
//! the current template, scales ReplicaSets proportionally when replicas change (§3.5),
//! rolls out new templates with `RollingUpdate` (§3.4) or `Recreate`, and deletes old
//! ReplicaSets beyond `revisionHistoryLimit` (§3.4 step 4). The status it writes after each
//! sync is [`super::deployment_status`]'s.

use super::Simulation;
use super::change::{Change, EventReason, EventType};
use super::rollout_math::{
    self, ReplicaSetInput, RollingStep, RolloutInput, ScaleReplicaSetInput, StrategyKind,
};
use super::state::ReplicaSet;
use super::status_math::{self, ConditionKind, DeploymentSpecInput, HistoryInput};
use crate::core::manifest::template_hash::pod_template_hash;

const SOURCE: &str = "deployment-controller";

/// `kubectl apply -f`: the API server stores every Deployment of the file (defaulted) at
/// t = 0.
pub(super) fn apply(simulation: &mut Simulation) {
    for (workload, deployment) in simulation
        .cluster
        .workloads
        .iter_mut()
        .zip(simulation.deployments)
    {
        workload.template = Some(deployment.template.clone());
        workload.replicas = deployment.replicas;
        workload.generation = 1;
    }
    simulation.record_frame(vec![Change::Applied]);
}

/// `kubectl set image`: the scenario's rollout changes the followed Deployment's main
/// container's image.
pub(super) fn set_image(simulation: &mut Simulation, image: &str) {
    simulation.current = simulation.followed;
    let Some(template) = simulation.cluster.workloads[simulation.current]
        .template
        .as_mut()
    else {
        return;
    };
    let Some(container) = template.spec.containers.first_mut() else {
        return;
    };
    if container.image == image {
        simulation.trace.milestones.rollout_unchanged_image = true;
        simulation.trace.notes.push(format!(
            "The rollout at {}s sets image \"{image}\", which the Deployment already runs: Kubernetes sees no change and starts no rollout.",
            simulation.cluster.now
        ));
        return;
    }
    container.image = image.to_string();
    container.image_pull_policy =
        crate::core::manifest::workload::default_pull_policy(image).to_string();
    simulation.cluster.workloads[simulation.current].generation += 1;
    simulation.trace.milestones.rollout_start = Some(simulation.cluster.now);
    simulation.trace.milestones.rollout_image = Some(image.to_string());
    simulation.record_frame(vec![Change::ImageSet {
        image: image.to_string(),
    }]);
}

pub(super) fn params(simulation: &Simulation) -> RolloutInput {
    let strategy = &simulation.deployment().strategy;
    RolloutInput {
        strategy: strategy.kind,
        replicas: simulation.cluster.workloads[simulation.current].replicas,
        max_surge: strategy.max_surge.clone(),
        max_unavailable: strategy.max_unavailable.clone(),
    }
}

/// `spec.progressDeadlineSeconds` (defaulted to 600).
pub(super) fn progress_deadline(simulation: &Simulation) -> Option<i64> {
    Some(simulation.deployment().progress_deadline_seconds)
}

/// What the status arithmetic reads from the Deployment.
pub(super) fn spec_view(simulation: &Simulation) -> DeploymentSpecInput {
    DeploymentSpecInput {
        name: simulation.deployment().name.clone(),
        generation: simulation.cluster.workloads[simulation.current].generation,
        params: params(simulation),
        progress_deadline_seconds: progress_deadline(simulation),
    }
}

/// One pass of the controller: `syncDeployment` for every Deployment, in file order.
pub(super) fn sync(simulation: &mut Simulation) -> Vec<Change> {
    let mut changes = Vec::new();
    for workload in 0..simulation.cluster.workloads.len() {
        simulation.current = workload;
        changes.extend(sync_one(simulation));
    }
    simulation.current = simulation.followed;
    changes
}

/// One `syncDeployment` pass (§3.2). Returns what changed, if anything.
fn sync_one(simulation: &mut Simulation) -> Vec<Change> {
    let Some(template) = simulation.cluster.workloads[simulation.current]
        .template
        .clone()
    else {
        return Vec::new();
    };
    simulation.cluster.workloads[simulation.current].observed_generation =
        simulation.cluster.workloads[simulation.current].generation;
    let now = simulation.cluster.now;
    let deadline = progress_deadline(simulation);
    let paused = simulation.deployment().paused;
    let paused_noted = status_math::check_paused_conditions(
        deadline,
        paused,
        &mut simulation.cluster.workloads[simulation.current].status,
        now,
    );
    let params = params(simulation);
    let new_index = simulation.cluster.newest_replica_set(simulation.current);

    // `sync`: proportional scaling, and while paused the history is trimmed too.
    if is_scaling_event(simulation, &params) {
        let scaled = scale(simulation, &params, new_index);
        let cleaned = if paused {
            cleanup_deployment(simulation)
        } else {
            None
        };
        return join(scaled, cleaned);
    }
    if paused
        && simulation
            .cluster
            .live_replica_sets(simulation.current)
            .next()
            .is_some()
    {
        let cleaned = cleanup_deployment(simulation);
        let noted = paused_noted.then_some(Change::DeploymentPaused);
        return join(noted, cleaned);
    }
    match params.strategy {
        StrategyKind::RollingUpdate => rolling(simulation, &params, new_index, template),
        StrategyKind::Recreate => recreate(simulation, &params, new_index, template),
    }
}

/// `isScalingEvent`: an active ReplicaSet remembers a different desired count.
pub(super) fn is_scaling_event(simulation: &Simulation, params: &RolloutInput) -> bool {
    simulation
        .cluster
        .replica_sets
        .iter()
        .filter(|rs| rs.workload == simulation.current && !rs.deleted)
        .any(|rs| rs.spec_replicas > 0 && rs.desired_annotation != params.replicas)
}

fn scale(
    simulation: &mut Simulation,
    params: &RolloutInput,
    new_index: Option<usize>,
) -> Option<Change> {
    let cluster = &simulation.cluster;
    let live: Vec<usize> = cluster.live_replica_sets(simulation.current).collect();
    let views: Vec<ScaleReplicaSetInput> = live
        .iter()
        .map(|&index| {
            let rs = &cluster.replica_sets[index];
            ScaleReplicaSetInput {
                spec: rs.spec_replicas,
                available: cluster.available_of(index),
                desired_annotation: Some(rs.desired_annotation),
                max_replicas_annotation: Some(rs.max_annotation),
            }
        })
        .collect();
    let status_replicas: i64 = live.iter().map(|&index| cluster.active_of(index)).sum();
    let new_position = new_index.and_then(|new| live.iter().position(|&index| index == new));
    let sizes = rollout_math::proportional_scale(params, status_replicas, &views, new_position);
    let mut changed = false;
    for (position, size) in sizes.into_iter().enumerate() {
        if let Some(&index) = live.get(position) {
            changed |= scale_replica_set(simulation, index, size, params);
        }
    }
    // Annotations of every ReplicaSet now carry the new desired count.
    let surge = rollout_math::max_surge(params);
    let workload = simulation.current;
    for rs in &mut simulation.cluster.replica_sets {
        if rs.workload == workload && rs.spec_replicas > 0 {
            rs.desired_annotation = params.replicas;
            rs.max_annotation = params.replicas + surge;
        }
    }
    changed.then_some(Change::DeploymentScaled {
        replicas: params.replicas,
    })
}

fn rolling(
    simulation: &mut Simulation,
    params: &RolloutInput,
    new_index: Option<usize>,
    template: crate::core::manifest::model::PodTemplate,
) -> Vec<Change> {
    let (new_index, created) = match new_index {
        Some(index) => {
            found_new_replica_set(simulation, index);
            (index, false)
        }
        None => {
            let old: Vec<ReplicaSetInput> = old_views(simulation, None);
            let size = rollout_math::new_rs_new_replicas(params, &old, 0).unwrap_or(0);
            (create_replica_set(simulation, template, size, params), true)
        }
    };
    let old_indices = old_indices(simulation, Some(new_index));
    let old = old_views(simulation, Some(new_index));
    let new_view = ReplicaSetInput::new(
        simulation.cluster.replica_sets[new_index].spec_replicas,
        simulation.cluster.available_of(new_index),
    );
    // §3.4: creating the new ReplicaSet does not end the sync; the same `rolloutRolling`
    // pass goes on to reconcile the new and then the old ReplicaSets.
    let step = match rollout_math::rollout_rolling(params, &old, &new_view) {
        Ok(RollingStep::NewScaled(size)) => scale_replica_set(simulation, new_index, size, params)
            .then_some(Change::NewReplicaSetScaled),
        Ok(RollingStep::OldReconciled(plan)) => {
            let mut changed = false;
            for (position, size) in plan.specs.into_iter().enumerate() {
                if let Some(&index) = old_indices.get(position) {
                    changed |= scale_replica_set(simulation, index, size, params);
                }
            }
            changed.then_some(Change::OldReplicaSetScaledDown)
        }
        Err(_) => None,
    };
    // §3.4 step 4: nothing scaled and the last status showed the rollout complete.
    let step = match step {
        Some(step) => Some(step),
        None => cleanup_if_complete(simulation),
    };
    if !created {
        return step.into_iter().collect();
    }
    let name = simulation.cluster.replica_sets[new_index].name.clone();
    join(Some(Change::ReplicaSetCreated { name }), step)
}

/// `rolloutRecreate`: old ReplicaSets to zero, wait until their pods are gone, then the
/// new ReplicaSet to full size.
fn recreate(
    simulation: &mut Simulation,
    params: &RolloutInput,
    new_index: Option<usize>,
    template: crate::core::manifest::model::PodTemplate,
) -> Vec<Change> {
    let old_indices = old_indices(simulation, new_index);
    let mut changed = false;
    for &index in &old_indices {
        changed |= scale_replica_set(simulation, index, 0, params);
    }
    if changed {
        return vec![Change::OldReplicaSetsScaledToZero];
    }
    let old_pods_remain = simulation
        .cluster
        .pods
        .iter()
        .any(|pod| old_indices.contains(&pod.replica_set));
    if old_pods_remain {
        return Vec::new();
    }
    let step = match new_index {
        None => {
            let index = create_replica_set(simulation, template, params.replicas, params);
            Some(Change::ReplicaSetCreated {
                name: simulation.cluster.replica_sets[index].name.clone(),
            })
        }
        Some(index) => {
            found_new_replica_set(simulation, index);
            scale_replica_set(simulation, index, params.replicas, params)
                .then_some(Change::NewReplicaSetScaled)
        }
    };
    // `rolloutRecreate` trims the history after the scale-up, whether or not it scaled.
    let cleaned = cleanup_if_complete(simulation);
    join(step, cleaned)
}

/// Two changes of one sync, in the order they happened.
fn join(first: Option<Change>, second: Option<Change>) -> Vec<Change> {
    first.into_iter().chain(second).collect()
}

/// `getNewReplicaSet` finding the new ReplicaSet of a Deployment that has no `Progressing`
/// condition yet (§3.7): the rollout's progress is measured from now.
fn found_new_replica_set(simulation: &mut Simulation, index: usize) {
    let status = &simulation.cluster.workloads[simulation.current].status;
    if !status_math::has_progress_deadline(progress_deadline(simulation))
        || status.condition(ConditionKind::Progressing).is_some()
    {
        return;
    }
    let condition = status_math::found_new_replica_set(
        &simulation.cluster.replica_sets[index].name,
        simulation.cluster.now,
    );
    status_math::set_condition(
        &mut simulation.cluster.workloads[simulation.current].status,
        condition,
    );
}

/// `cleanupDeployment` when `DeploymentComplete` holds for the stored status (§3.4 step 4).
fn cleanup_if_complete(simulation: &mut Simulation) -> Option<Change> {
    let spec = spec_view(simulation);
    if !status_math::status_complete(
        &spec,
        &simulation.cluster.workloads[simulation.current].status,
    ) {
        return None;
    }
    cleanup_deployment(simulation)
}

/// `cleanupDeployment` (§3.4 step 4): deletes the oldest old ReplicaSets beyond
/// `revisionHistoryLimit` that are scaled to 0 with no pods left. Their terminating pods,
/// if any, finish terminating as before.
fn cleanup_deployment(simulation: &mut Simulation) -> Option<Change> {
    let limit = simulation.deployment().revision_history_limit;
    let new_index = simulation.cluster.newest_replica_set(simulation.current);
    let old = old_indices(simulation, new_index);
    let views: Vec<HistoryInput> = old
        .iter()
        .map(|&index| {
            let rs = &simulation.cluster.replica_sets[index];
            HistoryInput {
                revision: rs.revision,
                created: index as u64,
                spec: rs.spec_replicas,
                status_replicas: simulation.cluster.active_of(index),
                deleting: false,
            }
        })
        .collect();
    let victims = status_math::replica_sets_to_delete(Some(limit), &views);
    let mut names = Vec::new();
    for position in victims {
        if let Some(&index) = old.get(position) {
            let rs = &mut simulation.cluster.replica_sets[index];
            rs.deleted = true;
            names.push(rs.name.clone());
        }
    }
    (!names.is_empty()).then_some(Change::ReplicaSetsDeleted { names, limit })
}

/// The old ReplicaSets that still exist, oldest first.
fn old_indices(simulation: &Simulation, new_index: Option<usize>) -> Vec<usize> {
    simulation
        .cluster
        .live_replica_sets(simulation.current)
        .filter(|index| Some(*index) != new_index)
        .collect()
}

/// Old ReplicaSets, oldest first, as the rolling arithmetic sees them.
fn old_views(simulation: &Simulation, new_index: Option<usize>) -> Vec<ReplicaSetInput> {
    old_indices(simulation, new_index)
        .into_iter()
        .map(|index| {
            ReplicaSetInput::new(
                simulation.cluster.replica_sets[index].spec_replicas,
                simulation.cluster.available_of(index),
            )
        })
        .collect()
}

fn create_replica_set(
    simulation: &mut Simulation,
    template: crate::core::manifest::model::PodTemplate,
    size: i64,
    params: &RolloutInput,
) -> usize {
    let hash = pod_template_hash(&template);
    let name = format!("{}-{hash}", simulation.deployment().name);
    // `MaxRevision` over the old ReplicaSets that still exist, plus one.
    let revision = simulation
        .cluster
        .live_replica_sets(simulation.current)
        .map(|index| simulation.cluster.replica_sets[index].revision)
        .max()
        .unwrap_or(0)
        + 1;
    let surge = rollout_math::max_surge(params);
    simulation.cluster.replica_sets.push(ReplicaSet {
        workload: simulation.current,
        name: name.clone(),
        pod_template_hash: hash,
        revision,
        template,
        spec_replicas: size,
        desired_annotation: params.replicas,
        max_annotation: params.replicas + surge,
        created_at: simulation.cluster.now,
        deleted: false,
    });
    if status_math::has_progress_deadline(progress_deadline(simulation)) {
        let condition = status_math::new_replica_set_created(&name, simulation.cluster.now);
        status_math::set_condition(
            &mut simulation.cluster.workloads[simulation.current].status,
            condition,
        );
    }
    if size > 0 {
        // The current upstream wording for a ReplicaSet created already scaled (§7).
        let object = format!("deployment/{}", simulation.deployment().name);
        simulation.event(
            EventType::Normal,
            EventReason::ScalingReplicaSet,
            object,
            format!("Scaled up replica set {name} from 0 to {size}"),
            SOURCE,
        );
    }
    simulation.cluster.replica_sets.len() - 1
}

/// Sets a ReplicaSet's size with the `ScalingReplicaSet` event; false if it was already so.
fn scale_replica_set(
    simulation: &mut Simulation,
    index: usize,
    size: i64,
    params: &RolloutInput,
) -> bool {
    let surge = rollout_math::max_surge(params);
    let rs = &mut simulation.cluster.replica_sets[index];
    let before = rs.spec_replicas;
    if before == size {
        return false;
    }
    rs.spec_replicas = size;
    rs.desired_annotation = params.replicas;
    rs.max_annotation = params.replicas + surge;
    let name = rs.name.clone();
    let direction = if size > before { "up" } else { "down" };
    let object = format!("deployment/{}", simulation.deployment().name);
    simulation.event(
        EventType::Normal,
        EventReason::ScalingReplicaSet,
        object,
        format!("Scaled {direction} replica set {name} from {before} to {size}"),
        SOURCE,
    );
    true
}
