//! The scheduler (§5): for each unscheduled pod, in creation order, filter the nodes
//! (unschedulable, taints, nodeSelector, resources, pod count), score the feasible ones with
//! the default plugins and weights (NodeResourcesFit LeastAllocated ×1, BalancedAllocation
//! ×1, PodTopologySpread ×2), break ties with the seeded generator, and bind. Pods that fit
//! nowhere stay Pending with the real `FailedScheduling` message and are retried whenever the
//! cluster changes.

use super::Simulation;
use super::change::{Change, EventReason, EventType};
use super::pod_counts::{NodeLoad, score_cpu, score_memory};
use super::scheduler_math::{
    balanced_allocation_score, failed_scheduling_message, least_allocated_score,
};
use super::state::{KubeletStage, Pod};
use super::trace::SchedulingFailure;
use crate::core::manifest::model::{NodeSpec, Toleration};

const SOURCE: &str = "default-scheduler";
/// Default score weights (`getDefaultPlugins`).
const FIT_WEIGHT: i64 = 1;
const BALANCED_WEIGHT: i64 = 1;
const SPREAD_WEIGHT: i64 = 2;
/// System-default topology spread on hostnames (`systemDefaultConstraints`).
const HOSTNAME_MAX_SKEW: f64 = 3.0;

pub(super) fn schedule(simulation: &mut Simulation) -> Vec<Change> {
    if simulation.cluster.tally.unbound() == 0 {
        return Vec::new();
    }
    // The queue in creation order. New pods are at the end of the list, so it is read from
    // the end until the tally's count of unbound pods is found.
    let mut pending: Vec<usize> = (0..simulation.cluster.pods.len())
        .rev()
        .filter(|&index| {
            let pod = &simulation.cluster.pods[index];
            pod.node.is_none() && pod.is_active()
        })
        .take(simulation.cluster.tally.unbound())
        .collect();
    pending.reverse();
    // What the nodes hold and the spreading counts come from the cluster's tally, which the
    // binds below keep up to date.
    let mut bound = 0;
    let mut failed_now = 0;
    for pod_index in pending {
        let pod = simulation.cluster.pods[pod_index].clone();
        let pod_spec = &simulation.cluster.replica_sets[pod.replica_set]
            .template
            .spec;
        let (tolerations, node_selector, required_terms) = (
            &pod_spec.tolerations,
            &pod_spec.node_selector,
            &pod_spec.required_node_terms,
        );
        let mut reasons: Vec<(String, usize)> = Vec::new();
        let mut feasible = Vec::new();
        for (node_index, node) in simulation.cluster.nodes.iter().enumerate() {
            match filter(
                &node.spec,
                simulation.cluster.tally.load(node_index),
                &pod,
                tolerations,
                node_selector,
                required_terms,
            ) {
                Ok(()) => feasible.push(node_index),
                Err(node_reasons) => {
                    for reason in node_reasons {
                        match reasons.iter_mut().find(|(text, _)| *text == reason) {
                            Some((_, count)) => *count += 1,
                            None => reasons.push((reason, 1)),
                        }
                    }
                }
            }
        }
        if feasible.is_empty() {
            let message = failed_scheduling_message(simulation.cluster.nodes.len(), &reasons);
            if simulation.cluster.pods[pod_index]
                .scheduling_message
                .as_deref()
                != Some(message.as_str())
            {
                simulation.cluster.pods[pod_index].scheduling_message = Some(message.clone());
                let failure = SchedulingFailure {
                    time: simulation.cluster.now,
                    pod: pod.name.clone(),
                    total_nodes: simulation.cluster.nodes.len(),
                    reasons: reasons.clone(),
                };
                simulation.trace.scheduling_failures.push(failure);
                simulation.event(
                    EventType::Warning,
                    EventReason::FailedScheduling,
                    format!("pod/{}", pod.name),
                    message,
                    SOURCE,
                );
                failed_now += 1;
            }
            continue;
        }
        let node_index = pick(simulation, &pod, &feasible);
        let node_name = simulation.cluster.nodes[node_index].spec.name.clone();
        let owner = simulation.cluster.replica_sets[pod.replica_set].workload;
        let namespace = simulation.deployments[owner].namespace.clone();
        {
            simulation.cluster.update_pod(pod_index, |pod| {
                pod.node = Some(node_index);
                pod.stage = KubeletStage::Pulling;
                pod.scheduling_message = None;
            });
        }
        simulation.event(
            EventType::Normal,
            EventReason::Scheduled,
            format!("pod/{}", pod.name),
            format!(
                "Successfully assigned {namespace}/{} to {node_name}",
                pod.name
            ),
            SOURCE,
        );
        super::kubelet::start_pod(simulation, pod_index);
        bound += 1;
    }
    let bound = (bound > 0).then_some(Change::PodsScheduled { count: bound });
    let failed = (failed_now > 0).then_some(Change::PodsUnschedulable { count: failed_now });
    bound.into_iter().chain(failed).collect()
}

/// The filter plugins; each failure is the reason text `FitError` counts.
fn filter(
    node: &NodeSpec,
    allocated: &NodeLoad,
    pod: &Pod,
    tolerations: &[Toleration],
    node_selector: &std::collections::BTreeMap<String, String>,
    required_terms: &[crate::core::manifest::model::NodeSelectorTerm],
) -> Result<(), Vec<String>> {
    if node.unschedulable {
        return Err(vec!["node(s) were unschedulable".to_string()]);
    }
    if let Some(taint) = node.taints.iter().find(|taint| {
        (taint.effect == "NoSchedule" || taint.effect == "NoExecute")
            && !tolerates(tolerations, taint)
    }) {
        return Err(vec![format!(
            "node(s) had untolerated taint {{{}: {}}}",
            taint.key, taint.value
        )]);
    }
    if !node_selector
        .iter()
        .all(|(key, value)| node.labels.get(key) == Some(value))
        || !(required_terms.is_empty()
            || required_terms.iter().any(|term| {
                term.iter()
                    .all(|requirement| requirement.matches(&node.labels))
            }))
    {
        return Err(vec![
            "node(s) didn't match Pod's node affinity/selector".to_string(),
        ]);
    }
    let mut reasons = Vec::new();
    if allocated.pods + 1 > node.max_pods {
        reasons.push("Too many pods".to_string());
    }
    let requests = &pod.requests;
    if requests.cpu_milli_for_fit > 0
        && allocated.cpu_milli + requests.cpu_milli_for_fit > node.cpu_milli
    {
        reasons.push("Insufficient cpu".to_string());
    }
    if requests.memory_bytes > 0
        && allocated.memory_bytes + requests.memory_bytes > node.memory_bytes
    {
        reasons.push("Insufficient memory".to_string());
    }
    if requests.ephemeral_storage_bytes > 0
        && node.ephemeral_storage_bytes > 0
        && allocated.ephemeral_storage_bytes + requests.ephemeral_storage_bytes
            > node.ephemeral_storage_bytes
    {
        reasons.push("Insufficient ephemeral-storage".to_string());
    }
    for (resource, &units) in &requests.extended {
        let used = allocated.extended.get(resource).copied().unwrap_or(0);
        if used + units > node.extended(resource) {
            reasons.push(format!("Insufficient {resource}"));
        }
    }
    if reasons.is_empty() {
        Ok(())
    } else {
        Err(reasons)
    }
}

fn tolerates(tolerations: &[Toleration], taint: &crate::core::manifest::model::Taint) -> bool {
    tolerations.iter().any(|toleration| {
        let key_matches = toleration.key.is_empty() && toleration.operator == "Exists"
            || toleration.key == taint.key;
        let value_matches = toleration.operator == "Exists" || toleration.value == taint.value;
        let effect_matches = toleration.effect.is_empty() || toleration.effect == taint.effect;
        key_matches && value_matches && effect_matches
    })
}

/// Scores the feasible nodes and picks the best; ties are broken by the seeded generator,
/// as `selectHost` breaks them at random.
fn pick(simulation: &mut Simulation, pod: &Pod, feasible: &[usize]) -> usize {
    let tally = &simulation.cluster.tally;
    let same_owner_counts: Vec<i64> = feasible
        .iter()
        .map(|&node| tally.on_node(pod.replica_set, node))
        .collect();
    let spread = spread_scores(&same_owner_counts, feasible.len());
    let mut best_score = i64::MIN;
    let mut best: Vec<usize> = Vec::new();
    for (position, &node_index) in feasible.iter().enumerate() {
        let node = &simulation.cluster.nodes[node_index].spec;
        let slot = simulation.cluster.tally.load(node_index);
        let cpu_requested = slot.score_cpu_milli + score_cpu(&pod.requests);
        let memory_requested = slot.score_memory_bytes + score_memory(&pod.requests);
        let fit = least_allocated_score(&[
            (node.cpu_milli, cpu_requested, 1),
            (node.memory_bytes, memory_requested, 1),
        ]);
        let fraction = |requested: i64, allocatable: i64| {
            if allocatable <= 0 {
                f64::NAN
            } else {
                requested as f64 / allocatable as f64
            }
        };
        let balanced = balanced_allocation_score(&[
            fraction(
                slot.cpu_milli + pod.requests.cpu_milli_for_fit,
                node.cpu_milli,
            ),
            fraction(
                slot.memory_bytes + pod.requests.memory_bytes,
                node.memory_bytes,
            ),
        ]);
        let score =
            fit * FIT_WEIGHT + balanced * BALANCED_WEIGHT + spread[position] * SPREAD_WEIGHT;
        if score > best_score {
            best_score = score;
            best.clear();
        }
        if score == best_score {
            best.push(node_index);
        }
    }
    let choice = simulation.rng.below(best.len());
    best[choice]
}

/// PodTopologySpread's default hostname constraint (§5): raw = count × ln(domains + 2) +
/// (maxSkew − 1), normalized so the emptiest node scores 100.
fn spread_scores(counts: &[i64], domains: usize) -> Vec<i64> {
    let weight = ((domains + 2) as f64).ln();
    let raw: Vec<f64> = counts
        .iter()
        .map(|&count| count as f64 * weight + (HOSTNAME_MAX_SKEW - 1.0))
        .collect();
    let max = raw.iter().copied().fold(f64::MIN, f64::max);
    let min = raw.iter().copied().fold(f64::MAX, f64::min);
    raw.iter()
        .map(|&score| {
            if max <= 0.0 {
                100
            } else {
                (100.0 * (max + min - score) / max) as i64
            }
        })
        .collect()
}
