//! The Service and its EndpointSlice (§7): only Ready, non-terminating pods that match the
//! selector are endpoints, and the scenario's requests per second are spread evenly over them
//! (kube-proxy picks endpoints uniformly at random; evenly is its average). Each pod's CPU
//! usage follows from the requests it serves. Endpoint counts come from the ReplicaSets' kept
//! counts; the shares are spread again only after a pod came, went or changed its readiness,
//! termination or node (the pod tally's version), or the traffic changed.

use super::Simulation;
use super::change::Change;
use super::state::Pod;

/// What the last traffic shares were worked out from.
#[derive(Debug, Default)]
pub(super) struct Seen {
    /// The tally's version and the traffic the shares were spread at, and the endpoints
    /// they went to.
    routed: Option<(u64, i64, usize)>,
}

/// How many endpoints Service `service` has, from the ReplicaSets' kept counts: the pods
/// [`is_endpoint`] accepts among those of the ReplicaSets it selects.
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

/// Whether `pod` of a ReplicaSet the Service selects is one of its endpoints.
/// `publishNotReadyAddresses` (`ShouldPodBeInEndpoints`): a pod with an address (its sandbox
/// is up once it is bound) is an endpoint whether or not it is ready, and stays one while it
/// terminates; otherwise only ready pods that are not terminating are.
fn is_endpoint(publish_not_ready_addresses: bool, pod: &Pod) -> bool {
    if publish_not_ready_addresses {
        pod.node.is_some()
    } else {
        pod.ready && !pod.terminating
    }
}

/// Spreads the traffic over the endpoints of the Service the scenario's traffic goes
/// through, in pod order: the number of endpoints, and whether any pod's share changed (only
/// pods whose share changes are written, so only they reach the next frame's comparison).
fn route(simulation: &mut Simulation) -> (usize, bool) {
    let version = simulation.cluster.tally.version();
    let total = simulation.cluster.requests_per_second;
    if let Some((routed, traffic, endpoints)) = simulation.endpoints.routed
        && (routed, traffic) == (version, total)
    {
        return (endpoints, false);
    }
    // Services come routing one first; without it the traffic reaches no pod.
    let routing = (simulation.scenario.service.as_ref()).and(simulation.cluster.services.first());
    let publish = routing.map(|service| service.publish_not_ready_addresses);
    let endpoints = if routing.is_some() {
        count(simulation, 0)
    } else {
        0
    };
    // Pods carry their ReplicaSet's template labels, so the selector is matched once per
    // ReplicaSet rather than once per pod.
    let selected: Vec<bool> = simulation
        .cluster
        .replica_sets
        .iter()
        .map(|rs| routing.is_some_and(|service| service.selects(&rs.template.labels)))
        .collect();
    let count = endpoints.max(1) as i64;
    let (share, remainder) = (total / count, (total % count) as usize);
    let mut position = 0;
    let mut changed = false;
    for index in 0..simulation.cluster.pods.len() {
        let pod = &simulation.cluster.pods[index];
        let endpoint = selected[pod.replica_set] && publish.is_some_and(|p| is_endpoint(p, pod));
        let requests = if endpoint {
            position += 1;
            share + i64::from(position <= remainder)
        } else {
            0
        };
        if pod.requests_per_second != requests {
            simulation
                .cluster
                .update_pod(index, |pod| pod.requests_per_second = requests);
            changed = true;
        }
    }
    simulation.endpoints.routed = Some((version, total, endpoints));
    (endpoints, changed)
}
