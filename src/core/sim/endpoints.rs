//! The Service and its EndpointSlice (§7): only Ready, non-terminating pods that match the
//! selector are endpoints, and the scenario's requests per second are spread evenly over them
//! (kube-proxy picks endpoints uniformly at random; evenly is its average). Each pod's CPU
//! usage follows from the requests it serves. Endpoints depend only on which pods exist and
//! their readiness, termination and node, so counts and shares are worked out again only
//! after one of those changed (the pod tally's version) or the traffic did.

use super::Simulation;
use super::change::Change;

/// What the last traffic shares were worked out from.
#[derive(Debug, Default)]
pub(super) struct Seen {
    /// The tally's version and the traffic the shares were spread at, and the endpoints
    /// they went to.
    routed: Option<(u64, i64, usize)>,
}

/// How many endpoints Service `service` has, from the ReplicaSets' kept counts: the same
/// pods [`endpoint_pods`] lists.
pub(super) fn count(simulation: &Simulation, service: usize) -> usize {
    let cluster = &simulation.cluster;
    let Some(service) = cluster.services.get(service) else {
        return 0;
    };
    let endpoints: i64 = (0..cluster.replica_sets.len())
        .filter(|&rs| service.selects(&cluster.replica_sets[rs].template.labels))
        .map(|rs| {
            let pods = cluster.counts_of(rs);
            if service.publish_not_ready_addresses {
                pods.bound
            } else {
                pods.ready
            }
        })
        .sum();
    endpoints.max(0) as usize
}

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
    let (endpoints, changed) = route(simulation);
    if !changed {
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

/// Spreads the traffic over the endpoints: the number of endpoints, and whether any pod's
/// share changed (only pods whose share changes are written, so only they reach the next
/// frame's comparison).
fn route(simulation: &mut Simulation) -> (usize, bool) {
    let version = simulation.cluster.tally.version();
    let total = simulation.cluster.requests_per_second;
    if let Some((routed, traffic, endpoints)) = simulation.endpoints.routed
        && (routed, traffic) == (version, total)
    {
        return (endpoints, false);
    }
    // Services come routing one first; without it the traffic reaches no pod.
    let endpoints = if simulation.scenario.service.is_some() {
        endpoint_pods(simulation, 0)
    } else {
        Vec::new()
    };
    let count = endpoints.len().max(1) as i64;
    let (share, remainder) = (total / count, (total % count) as usize);
    // Endpoint indices ascend, so one walk pairs each pod with its share.
    let mut shares = endpoints
        .iter()
        .enumerate()
        .map(|(position, &index)| (index, share + i64::from(position < remainder)))
        .peekable();
    let mut changed = false;
    for index in 0..simulation.cluster.pods.len() {
        let requests = match shares.peek() {
            Some(&(endpoint, requests)) if endpoint == index => {
                shares.next();
                requests
            }
            _ => 0,
        };
        if simulation.cluster.pods[index].requests_per_second != requests {
            simulation
                .cluster
                .update_pod(index, |pod| pod.requests_per_second = requests);
            changed = true;
        }
    }
    simulation.endpoints.routed = Some((version, total, endpoints.len()));
    (endpoints.len(), changed)
}
