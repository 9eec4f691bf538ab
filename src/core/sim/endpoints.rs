//! The Service and its EndpointSlice (§7): only Ready, non-terminating pods that match the
//! selector are endpoints, and the scenario's requests per second are spread evenly over them
//! (kube-proxy picks endpoints uniformly at random; evenly is its average). Each pod's CPU
//! usage follows from the requests it serves.

use super::Simulation;
use super::change::Change;

/// The scenario changes the offered load.
pub(super) fn set_traffic(simulation: &mut Simulation, requests_per_second: i64) {
    simulation.cluster.requests_per_second = requests_per_second;
    if requests_per_second > 0 && simulation.trace.milestones.traffic_start.is_none() {
        simulation.trace.milestones.traffic_start = Some(simulation.cluster.now);
    }
    route(simulation);
    simulation.record_frame(vec![Change::TrafficChanged {
        requests_per_second,
    }]);
}

/// Recomputes endpoints and routing; returns a cause when any pod's share changed.
pub(super) fn update(simulation: &mut Simulation) -> Vec<Change> {
    let before: Vec<(u64, i64)> = simulation
        .cluster
        .pods
        .iter()
        .map(|p| (p.uid, p.requests_per_second))
        .collect();
    let endpoints = route(simulation);
    let after: Vec<(u64, i64)> = simulation
        .cluster
        .pods
        .iter()
        .map(|p| (p.uid, p.requests_per_second))
        .collect();
    if before == after {
        return Vec::new();
    }
    vec![Change::EndpointsChanged { endpoints }]
}

/// Indices of the pods that are endpoints of Service `service` (0: the one the scenario's
/// traffic goes through).
pub(super) fn endpoint_pods(simulation: &Simulation, service: usize) -> Vec<usize> {
    let Some(service) = simulation.cluster.services.get(service) else {
        return Vec::new();
    };
    if service.selector.is_empty() {
        // A Service without a selector gets no automatic endpoints.
        return Vec::new();
    }
    // Pods carry their ReplicaSet's template labels, so the selector is matched once per
    // ReplicaSet rather than once per pod.
    let selected: Vec<bool> = simulation
        .cluster
        .replica_sets
        .iter()
        .map(|rs| service.selects(&rs.template.labels))
        .collect();
    simulation
        .cluster
        .pods
        .iter()
        .enumerate()
        // `publishNotReadyAddresses` (`ShouldPodBeInEndpoints`): a pod with an address (its
        // sandbox is up once it is bound) is an endpoint whether or not it is ready, and
        // stays one while it terminates.
        .filter(|(_, pod)| {
            let publish = service.publish_not_ready_addresses;
            let addressed = if publish {
                pod.node.is_some()
            } else {
                pod.ready
            };
            addressed && (publish || !pod.terminating) && selected[pod.replica_set]
        })
        .map(|(index, _)| index)
        .collect()
}

fn route(simulation: &mut Simulation) -> usize {
    // Services come routing one first; without it the traffic reaches no pod.
    let endpoints = if simulation.scenario.service.is_some() {
        endpoint_pods(simulation, 0)
    } else {
        Vec::new()
    };
    for pod in &mut simulation.cluster.pods {
        pod.requests_per_second = 0;
    }
    if endpoints.is_empty() {
        return 0;
    }
    let total = simulation.cluster.requests_per_second;
    let share = total / endpoints.len() as i64;
    let remainder = (total % endpoints.len() as i64) as usize;
    for (position, &index) in endpoints.iter().enumerate() {
        simulation.cluster.pods[index].requests_per_second =
            share + i64::from(position < remainder);
    }
    endpoints.len()
}
