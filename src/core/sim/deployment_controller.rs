//! The Deployment controller (k/k `pkg/controller/deployment`): creates the ReplicaSet for
//! the current template, scales ReplicaSets proportionally when replicas change (§3.5), and
//! rolls out new templates with `RollingUpdate` (§3.4) or `Recreate`.

use super::Simulation;
use super::rollout_math::{self, RollingStep, RolloutParams, RsView, ScaleRsView, StrategyKind};
use super::state::ReplicaSet;
use super::template_hash::pod_template_hash;

const SOURCE: &str = "deployment-controller";

/// `kubectl apply`: the API server stores the Deployment (defaulted) at t = 0.
pub(super) fn apply(simulation: &mut Simulation) {
    simulation.cluster.deployment_template = Some(simulation.deployment.template.clone());
    simulation.cluster.deployment_replicas = simulation.deployment.replicas;
    simulation.record_frame("kubectl apply: Deployment stored");
}

/// `kubectl set image`: the scenario's rollout changes the main container's image.
pub(super) fn set_image(simulation: &mut Simulation, image: &str) {
    let Some(template) = simulation.cluster.deployment_template.as_mut() else {
        return;
    };
    let Some(container) = template.spec.containers.first_mut() else {
        return;
    };
    if container.image == image {
        simulation.trace.notes.push(format!(
            "The rollout at {}s sets image \"{image}\", which the Deployment already runs: Kubernetes sees no change and starts no rollout.",
            simulation.cluster.now
        ));
        return;
    }
    container.image = image.to_string();
    container.image_pull_policy =
        crate::core::manifest::workload::default_pull_policy(image).to_string();
    simulation.trace.milestones.rollout_start = Some(simulation.cluster.now);
    simulation.trace.milestones.rollout_image = Some(image.to_string());
    simulation.record_frame(&format!("kubectl set image: {image}"));
}

fn params(simulation: &Simulation) -> RolloutParams {
    let strategy = &simulation.deployment.strategy;
    RolloutParams {
        strategy: strategy.kind,
        replicas: simulation.cluster.deployment_replicas,
        max_surge: strategy.max_surge.clone(),
        max_unavailable: strategy.max_unavailable.clone(),
    }
}

/// One `syncDeployment` pass (§3.2). Returns what changed, if anything.
pub(super) fn sync(simulation: &mut Simulation) -> Option<String> {
    let template = simulation.cluster.deployment_template.clone()?;
    let params = params(simulation);
    let new_index = simulation.cluster.newest_replica_set();

    if is_scaling_event(simulation, &params) {
        return scale(simulation, &params, new_index);
    }
    if simulation.deployment.paused && !simulation.cluster.replica_sets.is_empty() {
        return None;
    }
    match params.strategy {
        StrategyKind::RollingUpdate => rolling(simulation, &params, new_index, template),
        StrategyKind::Recreate => recreate(simulation, &params, new_index, template),
    }
}

/// `isScalingEvent`: an active ReplicaSet remembers a different desired count.
fn is_scaling_event(simulation: &Simulation, params: &RolloutParams) -> bool {
    simulation
        .cluster
        .replica_sets
        .iter()
        .any(|rs| rs.spec_replicas > 0 && rs.desired_annotation != params.replicas)
}

fn scale(
    simulation: &mut Simulation,
    params: &RolloutParams,
    new_index: Option<usize>,
) -> Option<String> {
    let cluster = &simulation.cluster;
    let views: Vec<ScaleRsView> = cluster
        .replica_sets
        .iter()
        .enumerate()
        .map(|(index, rs)| ScaleRsView {
            spec: rs.spec_replicas,
            available: cluster.available_of(index),
            desired_annotation: Some(rs.desired_annotation),
            max_replicas_annotation: Some(rs.max_annotation),
        })
        .collect();
    let status_replicas: i64 = (0..cluster.replica_sets.len())
        .map(|index| cluster.active_pods_of(index).count() as i64)
        .sum();
    let sizes = rollout_math::proportional_scale(params, status_replicas, &views, new_index);
    let mut changed = false;
    for (index, size) in sizes.into_iter().enumerate() {
        changed |= scale_replica_set(simulation, index, size, params);
    }
    // Annotations of every ReplicaSet now carry the new desired count.
    let surge = rollout_math::max_surge(params);
    for rs in &mut simulation.cluster.replica_sets {
        if rs.spec_replicas > 0 {
            rs.desired_annotation = params.replicas;
            rs.max_annotation = params.replicas + surge;
        }
    }
    changed.then(|| format!("Deployment scaled to {} replicas", params.replicas))
}

fn rolling(
    simulation: &mut Simulation,
    params: &RolloutParams,
    new_index: Option<usize>,
    template: crate::core::manifest::model::PodTemplate,
) -> Option<String> {
    let (new_index, created) = match new_index {
        Some(index) => (index, false),
        None => {
            let old: Vec<RsView> = old_views(simulation, None);
            let size = rollout_math::new_rs_new_replicas(params, &old, 0).unwrap_or(0);
            (create_replica_set(simulation, template, size, params), true)
        }
    };
    let old_indices = old_indices(simulation, Some(new_index));
    let old = old_views(simulation, Some(new_index));
    let new_view = RsView::new(
        simulation.cluster.replica_sets[new_index].spec_replicas,
        simulation.cluster.available_of(new_index),
    );
    // §3.4: creating the new ReplicaSet does not end the sync; the same `rolloutRolling`
    // pass goes on to reconcile the new and then the old ReplicaSets.
    let step = match rollout_math::rollout_rolling(params, &old, &new_view) {
        Ok(RollingStep::NewScaled(size)) => scale_replica_set(simulation, new_index, size, params)
            .then(|| "new ReplicaSet scaled".to_string()),
        Ok(RollingStep::OldReconciled(plan)) => {
            let mut changed = false;
            for (position, size) in plan.specs.into_iter().enumerate() {
                if let Some(&index) = old_indices.get(position) {
                    changed |= scale_replica_set(simulation, index, size, params);
                }
            }
            changed.then(|| "old ReplicaSet scaled down".to_string())
        }
        Err(_) => None,
    };
    if !created {
        return step;
    }
    let name = &simulation.cluster.replica_sets[new_index].name;
    Some(match step {
        None => format!("ReplicaSet {name} created"),
        Some(step) => format!("ReplicaSet {name} created, {step}"),
    })
}

/// `rolloutRecreate`: old ReplicaSets to zero, wait until their pods are gone, then the
/// new ReplicaSet to full size.
fn recreate(
    simulation: &mut Simulation,
    params: &RolloutParams,
    new_index: Option<usize>,
    template: crate::core::manifest::model::PodTemplate,
) -> Option<String> {
    let old_indices = old_indices(simulation, new_index);
    let mut changed = false;
    for &index in &old_indices {
        changed |= scale_replica_set(simulation, index, 0, params);
    }
    if changed {
        return Some("old ReplicaSets scaled to zero".to_string());
    }
    let old_pods_remain = simulation
        .cluster
        .pods
        .iter()
        .any(|pod| old_indices.contains(&pod.replica_set));
    if old_pods_remain {
        return None;
    }
    match new_index {
        None => {
            let index = create_replica_set(simulation, template, params.replicas, params);
            Some(format!(
                "ReplicaSet {} created",
                simulation.cluster.replica_sets[index].name
            ))
        }
        Some(index) => scale_replica_set(simulation, index, params.replicas, params)
            .then(|| "new ReplicaSet scaled".to_string()),
    }
}

fn old_indices(simulation: &Simulation, new_index: Option<usize>) -> Vec<usize> {
    (0..simulation.cluster.replica_sets.len())
        .filter(|index| Some(*index) != new_index)
        .collect()
}

/// Old ReplicaSets, oldest first, as the rolling arithmetic sees them.
fn old_views(simulation: &Simulation, new_index: Option<usize>) -> Vec<RsView> {
    old_indices(simulation, new_index)
        .into_iter()
        .map(|index| {
            RsView::new(
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
    params: &RolloutParams,
) -> usize {
    let hash = pod_template_hash(&template);
    let name = format!("{}-{hash}", simulation.deployment.name);
    let revision = simulation
        .cluster
        .replica_sets
        .iter()
        .map(|rs| rs.revision)
        .max()
        .unwrap_or(0)
        + 1;
    let surge = rollout_math::max_surge(params);
    simulation.cluster.replica_sets.push(ReplicaSet {
        name: name.clone(),
        pod_template_hash: hash,
        revision,
        template,
        spec_replicas: size,
        desired_annotation: params.replicas,
        max_annotation: params.replicas + surge,
        created_at: simulation.cluster.now,
    });
    if size > 0 {
        // The current upstream wording for a ReplicaSet created already scaled (§7).
        let object = format!("deployment/{}", simulation.deployment.name);
        simulation.event(
            "Normal",
            "ScalingReplicaSet",
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
    params: &RolloutParams,
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
    let object = format!("deployment/{}", simulation.deployment.name);
    simulation.event(
        "Normal",
        "ScalingReplicaSet",
        object,
        format!("Scaled {direction} replica set {name} from {before} to {size}"),
        SOURCE,
    );
    true
}
