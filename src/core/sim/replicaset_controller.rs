//! The ReplicaSet controller (k/k `pkg/controller/replicaset`, §3.6): creates pods until each
//! ReplicaSet has `spec.replicas` active pods, and deletes the lowest-ranked extras.

use super::Simulation;
use super::change::{Change, EventReason, EventType};
use super::rollout_math::{PodRankInput, first_to_delete};
use super::state::{KubeletStage, Pod};
use crate::core::pod_requests::admitted_requests;

const SOURCE: &str = "replicaset-controller";
/// `burstReplicas`: the most pods one sync creates or deletes.
const BURST_REPLICAS: i64 = 500;
/// The API server keeps generated names within 63 characters: base ≤ 58 plus 5 random.
const MAX_GENERATED_BASE: usize = 58;

pub(super) fn sync(simulation: &mut Simulation) -> Vec<Change> {
    let mut created = 0;
    let mut deleted = 0;
    for index in 0..simulation.cluster.replica_sets.len() {
        if simulation.cluster.replica_sets[index].deleted {
            continue;
        }
        let active = simulation.cluster.active_of(index);
        let spec = simulation.cluster.replica_sets[index].spec_replicas;
        let difference = active - spec;
        if difference < 0 {
            for _ in 0..(-difference).min(BURST_REPLICAS) {
                create_pod(simulation, index);
                created += 1;
            }
        } else if difference > 0 {
            deleted += delete_pods(simulation, index, difference.min(BURST_REPLICAS));
        }
    }
    let created = (created > 0).then_some(Change::PodsCreated { count: created });
    let deleted = (deleted > 0).then_some(Change::PodsDeleted {
        count: deleted as usize,
    });
    created.into_iter().chain(deleted).collect()
}

fn create_pod(simulation: &mut Simulation, replica_set: usize) {
    let rs = &simulation.cluster.replica_sets[replica_set];
    let base: String = format!("{}-", rs.name)
        .chars()
        .take(MAX_GENERATED_BASE)
        .collect();
    let template = rs.template.clone();
    let rs_name = rs.name.clone();
    let name = loop {
        let candidate = format!("{base}{}", simulation.rng.name_suffix(5));
        if !simulation.cluster.pod_names.contains(&candidate) {
            simulation.cluster.pod_names.insert(candidate.clone());
            break candidate;
        }
    };
    let requests = admitted_requests(&template, simulation.scenario.limit_range.as_ref());
    let images = template
        .spec
        .containers
        .iter()
        .map(|c| c.image.clone())
        .collect();
    let uid = simulation.next_uid();
    simulation.cluster.add_pod(Pod {
        uid,
        uid_text: format!("{uid:020}"),
        name: name.clone(),
        replica_set,
        node: None,
        stage: KubeletStage::Unscheduled,
        ready: false,
        ready_since: None,
        available: false,
        terminating: false,
        created_at: simulation.cluster.now,
        started_at: None,
        requests,
        images,
        requests_per_second: 0,
        scheduling_message: None,
        pulls: Vec::new(),
        gone: false,
        init_done: 0,
        startup_failures: 0,
        readiness_successes: 0,
    });
    // The pods `kubectl apply` brings: created in the apply instant, before any autoscaling.
    let followed = simulation.cluster.replica_sets[replica_set].workload == simulation.followed;
    if followed && simulation.cluster.now == 0 && simulation.trace.milestones.rescales.is_empty() {
        simulation.trace.milestones.initial_pods.push(name.clone());
    }
    simulation.event(
        EventType::Normal,
        EventReason::SuccessfulCreate,
        format!("replicaset/{rs_name}"),
        format!("Created pod: {name}"),
        SOURCE,
    );
}

fn delete_pods(simulation: &mut Simulation, replica_set: usize, count: i64) -> i64 {
    let now = simulation.cluster.now;
    let candidates: Vec<usize> = simulation
        .cluster
        .pods
        .iter()
        .enumerate()
        .filter(|(_, pod)| pod.replica_set == replica_set && pod.is_active())
        .map(|(index, _)| index)
        .collect();
    // §3.6: the co-location rank counts the active pods of every ReplicaSet of the
    // Deployment on the pod's node (`getPodsRankedByRelatedPodsOnSameNode` over
    // `getIndirectlyRelatedPods`), so during a rollout an old pod sharing its node with new
    // pods goes first. Unscheduled pods share the empty node name.
    let tally = &simulation.cluster.tally;
    let ranks: Vec<PodRankInput> = candidates
        .iter()
        .map(|&index| {
            let pod = &simulation.cluster.pods[index];
            let colocated = match pod.node {
                Some(node) => tally.load(node).active,
                None => tally.unbound() as i64,
            };
            PodRankInput {
                scheduled: pod.node.is_some(),
                phase_rank: if pod.stage == KubeletStage::Started {
                    2
                } else {
                    0
                },
                ready: pod.ready,
                deletion_cost: 0,
                colocated,
                ready_since: pod.ready_since,
                restarts: 0,
                created_at: pod.created_at,
                uid: &pod.uid_text,
            }
        })
        .collect();
    let order = first_to_delete(&ranks, now, count.max(0) as usize);
    let rs_name = simulation.cluster.replica_sets[replica_set].name.clone();
    // Terminating can remove a pod from the list, so victims are found again by uid.
    let victims: Vec<u64> = order
        .into_iter()
        .map(|position| simulation.cluster.pods[candidates[position]].uid)
        .collect();
    for uid in &victims {
        // Pods stay in creation order, which is uid order.
        let Ok(pod_index) = simulation
            .cluster
            .pods
            .binary_search_by_key(uid, |pod| pod.uid)
        else {
            continue;
        };
        let name = simulation.cluster.pods[pod_index].name.clone();
        simulation.event(
            EventType::Normal,
            EventReason::SuccessfulDelete,
            format!("replicaset/{rs_name}"),
            format!("Deleted pod: {name}"),
            SOURCE,
        );
        super::kubelet::begin_termination(simulation, pod_index);
    }
    simulation.cluster.sweep();
    victims.len() as i64
}
