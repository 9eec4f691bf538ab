//! The kubelet (§7): pulls images (honouring imagePullPolicy; an image already on the node is
//! not pulled again), runs init containers first ([`super::init_containers`]), creates and
//! starts containers, runs the startup and readiness probes while the model loads, and
//! terminates pods gracefully.

use super::change::{EventReason, EventType};
use super::state::KubeletStage;
use super::{Action, PodChange, Simulation};

const SOURCE: &str = "kubelet";

/// Pods are kept in creation order, which is uid order, so a pod is found by bisection.
pub(super) fn pod_index(simulation: &Simulation, uid: u64) -> Option<usize> {
    simulation
        .cluster
        .pods
        .binary_search_by_key(&uid, |pod| pod.uid)
        .ok()
}

/// The pod with `uid`, if it still exists, is not terminating and is at `stage`: a delayed
/// kubelet action for a pod that moved on (deleted, or past that stage) does nothing.
pub(super) fn live_pod_at(simulation: &Simulation, uid: u64, stage: KubeletStage) -> Option<usize> {
    let pod_index = pod_index(simulation, uid)?;
    let pod = &simulation.cluster.pods[pod_index];
    (!pod.terminating && pod.stage == stage).then_some(pod_index)
}

/// The Deployment a pod belongs to, as an index into the simulation's workloads.
fn owner(simulation: &Simulation, pod_index: usize) -> usize {
    let pod = &simulation.cluster.pods[pod_index];
    simulation.cluster.replica_sets[pod.replica_set].workload
}

/// The durations for a pod: its Deployment's (GPU servers pull and load for longer).
pub(super) fn timings_of(
    simulation: &Simulation,
    pod_index: usize,
) -> crate::core::scenario::Timings {
    simulation
        .scenario
        .workload_timings
        .get(owner(simulation, pod_index))
        .unwrap_or(&simulation.scenario.timings)
        .clone()
}

fn containers_of(
    simulation: &Simulation,
    pod_index: usize,
) -> Vec<crate::core::manifest::model::Container> {
    let pod = &simulation.cluster.pods[pod_index];
    simulation.cluster.replica_sets[pod.replica_set]
        .template
        .spec
        .containers
        .clone()
}

/// The pod was bound: its init containers first, then its app containers.
pub(super) fn start_pod(simulation: &mut Simulation, pod_index: usize) {
    if super::init_containers::has_init_containers(simulation, pod_index) {
        super::init_containers::next(simulation, pod_index);
    } else {
        pull_app_images(simulation, pod_index);
    }
}

/// Pull what the node lacks of the app containers' images, in order (the kubelet pulls
/// serially).
pub(super) fn pull_app_images(simulation: &mut Simulation, pod_index: usize) {
    if simulation.cluster.pods[pod_index].node.is_none() {
        return;
    }
    let uid = simulation.cluster.pods[pod_index].uid;
    let timings = timings_of(simulation, pod_index);
    let mut pull_seconds = 0;
    for container in containers_of(simulation, pod_index) {
        match pull_image(simulation, pod_index, &container, &timings) {
            Pull::Refused => return,
            Pull::Present => {}
            Pull::Pulling(seconds) => pull_seconds += seconds,
        }
    }
    simulation.schedule_at(
        simulation.cluster.now + pull_seconds,
        Action::PullFinished { pod: uid },
    );
}

/// Images are on the node: report the pulls, create and start every container.
pub(super) fn pull_finished(simulation: &mut Simulation, uid: u64) {
    let Some(pod_index) = live_pod_at(simulation, uid, KubeletStage::Pulling) else {
        return;
    };
    let pod = &simulation.cluster.pods[pod_index];
    if pod.node.is_none() {
        return;
    }
    let name = pod.name.clone();
    let object = format!("pod/{name}");
    report_pulls(simulation, pod_index);
    for container in containers_of(simulation, pod_index) {
        simulation.event(
            EventType::Normal,
            EventReason::Created,
            object.clone(),
            format!("Created container: {}", container.name),
            SOURCE,
        );
        simulation.event(
            EventType::Normal,
            EventReason::Started,
            object.clone(),
            format!("Started container {}", container.name),
            SOURCE,
        );
    }
    let now = simulation.cluster.now;
    let main = containers_of(simulation, pod_index).into_iter().next();
    let probe = main.as_ref().and_then(|c| c.readiness_probe.clone());
    let startup = main.as_ref().and_then(|c| c.startup_probe.clone());
    {
        simulation.cluster.update_pod(pod_index, |pod| {
            pod.stage = KubeletStage::Started;
            pod.started_at = Some(now);
        });
    }
    note_liveness_during_load(simulation, pod_index);
    if let Some(startup) = startup {
        // The startup probe holds the readiness probe back until it succeeds.
        let first = now + startup.initial_delay_seconds.max(0) as u64;
        simulation.schedule_at(first, Action::StartupProbe { pod: uid });
        simulation.pod_changed(PodChange::Started, name);
        return;
    }
    match probe {
        // Without a readiness probe a started container counts as ready at once, even
        // though the model is still loading (the lint warns about exactly this).
        None => become_ready(simulation, pod_index),
        Some(probe) => {
            let first = now + probe.initial_delay_seconds.max(0) as u64;
            simulation.schedule_at(first, Action::ReadinessProbe { pod: uid });
        }
    }
    simulation.pod_changed(PodChange::Started, name);
}

/// What the kubelet does about one container's image.
pub(super) enum Pull {
    /// `imagePullPolicy: Never` and the image is absent: the pod is stuck (`ErrImageNeverPull`).
    Refused,
    /// Already on the node and the policy does not ask again.
    Present,
    /// Pulling, for this many seconds.
    Pulling(u64),
}

/// Decides and reports one image pull (§7, `EnsureImageExists`): a `Never` image that is
/// absent stops the pod; an `IfNotPresent` or `Never` image on the node is used as it is;
/// anything else is pulled (quickly when `Always` re-checks an image the node has).
pub(super) fn pull_image(
    simulation: &mut Simulation,
    pod_index: usize,
    container: &crate::core::manifest::model::Container,
    timings: &crate::core::scenario::Timings,
) -> Pull {
    let Some(node_index) = simulation.cluster.pods[pod_index].node else {
        return Pull::Refused;
    };
    let present = simulation.cluster.nodes[node_index]
        .images
        .contains(&container.image);
    let object = format!("pod/{}", simulation.cluster.pods[pod_index].name);
    match (container.image_pull_policy.as_str(), present) {
        ("Never", false) => {
            simulation.event(
                EventType::Warning,
                EventReason::ErrImageNeverPull,
                object,
                format!(
                    "Container image \"{}\" is not present with pull policy of Never",
                    container.image
                ),
                SOURCE,
            );
            simulation
                .cluster
                .update_pod(pod_index, |pod| pod.stage = KubeletStage::NeverPull);
            Pull::Refused
        }
        ("Never" | "IfNotPresent", true) => {
            simulation.event(
                EventType::Normal,
                EventReason::Pulled,
                object,
                format!(
                    "Container image \"{}\" already present on machine",
                    container.image
                ),
                SOURCE,
            );
            Pull::Present
        }
        (_, present) => {
            simulation.event(
                EventType::Normal,
                EventReason::Pulling,
                object,
                format!("Pulling image \"{}\"", container.image),
                SOURCE,
            );
            let seconds = if present {
                timings.image_recheck_seconds
            } else {
                timings.image_pull_seconds
            };
            simulation.cluster.pods[pod_index]
                .pulls
                .push((container.image.clone(), seconds));
            Pull::Pulling(seconds)
        }
    }
}

/// The `Pulled` events of the pulls a pod was waiting for; the images are now on the node.
pub(super) fn report_pulls(simulation: &mut Simulation, pod_index: usize) {
    let Some(node_index) = simulation.cluster.pods[pod_index].node else {
        return;
    };
    let object = format!("pod/{}", simulation.cluster.pods[pod_index].name);
    let pulls = std::mem::take(&mut simulation.cluster.pods[pod_index].pulls);
    for (image, seconds) in pulls {
        simulation.cluster.nodes[node_index]
            .images
            .insert(image.clone());
        simulation.event(
            EventType::Normal,
            EventReason::Pulled,
            object.clone(),
            format!(
                "Successfully pulled image \"{image}\" in {seconds}s ({seconds}s including waiting)"
            ),
            SOURCE,
        );
    }
}

/// A liveness probe with no startup probe in front runs while the model loads: if it fails
/// `failureThreshold` times before the model serves, a real kubelet kills the container and
/// restarts it (and the load begins again). Restarts are not simulated yet, so the lesson
/// says when and why it would happen; a startup probe is the fix.
fn note_liveness_during_load(simulation: &mut Simulation, pod_index: usize) {
    let Some(main) = containers_of(simulation, pod_index).into_iter().next() else {
        return;
    };
    let (Some(liveness), None) = (main.liveness_probe, main.startup_probe) else {
        return;
    };
    let started = simulation.cluster.now;
    let loaded = started + timings_of(simulation, pod_index).model_load_seconds;
    let killed = started
        + liveness.initial_delay_seconds.max(0) as u64
        + liveness.period_seconds.max(1) as u64 * (liveness.failure_threshold.max(1) as u64 - 1);
    if killed < loaded {
        let name = simulation.cluster.pods[pod_index].name.clone();
        simulation.trace.notes.push(format!(
            "At {killed}s the liveness probe of {name} has failed {} times while the model loads (it serves at {loaded}s): a real kubelet kills container {} and restarts it. Restarts are not simulated yet, so here it keeps loading; a startupProbe would hold the liveness probe back until the model serves.",
            liveness.failure_threshold.max(1),
            main.name
        ));
    }
}

/// A startup probe: it succeeds once the model serves, and only then do readiness probes run.
/// A probe that gives up before the model loads would have the kubelet restart the
/// container; restarts are not simulated yet, so the lesson says so and the probing goes on.
pub(super) fn startup_probe(simulation: &mut Simulation, uid: u64) {
    let Some(pod_index) = pod_index(simulation, uid) else {
        return;
    };
    let pod = &simulation.cluster.pods[pod_index];
    if pod.terminating || pod.ready {
        return;
    }
    let Some(main) = containers_of(simulation, pod_index).into_iter().next() else {
        return;
    };
    let Some(startup) = main.startup_probe.clone() else {
        return;
    };
    let now = simulation.cluster.now;
    let started_at = pod.started_at.unwrap_or(now);
    let load = timings_of(simulation, pod_index).model_load_seconds;
    let name = pod.name.clone();
    if now >= started_at + load {
        match main.readiness_probe {
            None => {
                become_ready(simulation, pod_index);
                simulation.pod_changed(PodChange::Ready, name);
            }
            Some(readiness) => {
                let first = (started_at + readiness.initial_delay_seconds.max(0) as u64).max(now);
                simulation.schedule_at(first, Action::ReadinessProbe { pod: uid });
            }
        }
        return;
    }
    simulation.event(
        EventType::Warning,
        EventReason::Unhealthy,
        format!("pod/{name}"),
        "Startup probe failed: HTTP probe failed with statuscode: 503".to_string(),
        SOURCE,
    );
    let pod = &mut simulation.cluster.pods[pod_index];
    pod.startup_failures += 1;
    if pod.startup_failures == startup.failure_threshold.max(1) {
        let budget = startup.initial_delay_seconds.max(0)
            + startup.period_seconds.max(1) * startup.failure_threshold.max(1);
        simulation.trace.notes.push(format!(
            "At {now}s the startup probe of {name} has failed {} times: a real kubelet restarts container {} now (its startup probe allows about {budget} s; the model loads in {load} s). Restarts are not simulated yet, so here the container keeps loading.",
            startup.failure_threshold.max(1),
            main.name
        ));
    }
    simulation.schedule_at(
        now + startup.period_seconds.max(1) as u64,
        Action::StartupProbe { pod: uid },
    );
}

/// A readiness probe: it succeeds once the model has finished loading.
pub(super) fn readiness_probe(simulation: &mut Simulation, uid: u64) {
    let Some(pod_index) = pod_index(simulation, uid) else {
        return;
    };
    let pod = &simulation.cluster.pods[pod_index];
    if pod.terminating || pod.ready {
        return;
    }
    let started_at = pod.started_at.unwrap_or(simulation.cluster.now);
    let loaded_at = started_at + timings_of(simulation, pod_index).model_load_seconds;
    let name = pod.name.clone();
    let needed = containers_of(simulation, pod_index)
        .first()
        .and_then(|c| c.readiness_probe.as_ref())
        .map(|p| p.success_threshold.max(1))
        .unwrap_or(1);
    if simulation.cluster.now >= loaded_at {
        // Ready after `successThreshold` passing probes in a row.
        let pod = &mut simulation.cluster.pods[pod_index];
        pod.readiness_successes += 1;
        if pod.readiness_successes >= needed {
            become_ready(simulation, pod_index);
            simulation.pod_changed(PodChange::Ready, name);
            return;
        }
        let period = containers_of(simulation, pod_index)
            .first()
            .and_then(|c| c.readiness_probe.as_ref())
            .map(|p| p.period_seconds.max(1) as u64)
            .unwrap_or(10);
        simulation.schedule_at(
            simulation.cluster.now + period,
            Action::ReadinessProbe { pod: uid },
        );
        return;
    }
    simulation.event(
        EventType::Warning,
        EventReason::Unhealthy,
        format!("pod/{name}"),
        "Readiness probe failed: HTTP probe failed with statuscode: 503".to_string(),
        SOURCE,
    );
    let period = containers_of(simulation, pod_index)
        .first()
        .and_then(|c| {
            c.readiness_probe
                .as_ref()
                .map(|p| p.period_seconds.max(1) as u64)
        })
        .unwrap_or(10);
    simulation.schedule_at(
        simulation.cluster.now + period,
        Action::ReadinessProbe { pod: uid },
    );
}

fn become_ready(simulation: &mut Simulation, pod_index: usize) {
    let now = simulation.cluster.now;
    let min_ready = simulation.deployments[owner(simulation, pod_index)]
        .min_ready_seconds
        .max(0) as u64;
    let uid = simulation.cluster.update_pod(pod_index, |pod| {
        pod.ready = true;
        pod.ready_since = Some(now);
        if min_ready == 0 {
            pod.available = true;
        }
        pod.uid
    });
    if min_ready > 0 {
        simulation.schedule_at(now + min_ready, Action::MinReadyElapsed { pod: uid });
    }
}

/// `minReadySeconds` passed while ready: the pod now counts as available.
pub(super) fn min_ready_elapsed(simulation: &mut Simulation, uid: u64) {
    let Some(pod_index) = pod_index(simulation, uid) else {
        return;
    };
    let pod = &simulation.cluster.pods[pod_index];
    if pod.ready && !pod.terminating && !pod.available {
        let name = pod.name.clone();
        simulation
            .cluster
            .update_pod(pod_index, |pod| pod.available = true);
        simulation.pod_changed(PodChange::Available, name);
    }
}

/// Deletion: the pod leaves the Service at once and stops within its grace period. A pod
/// that never reached a node has nothing to stop and goes immediately.
pub(super) fn begin_termination(simulation: &mut Simulation, pod_index: usize) {
    let now = simulation.cluster.now;
    let replica_set = simulation.cluster.pods[pod_index].replica_set;
    let grace = simulation.cluster.replica_sets[replica_set]
        .template
        .spec
        .termination_grace_period_seconds
        .max(0) as u64;
    let containers = containers_of(simulation, pod_index);
    // The preStop hook runs first, then SIGTERM and the drain; the grace period bounds both.
    let pre_stop = containers
        .first()
        .and_then(|c| c.pre_stop_seconds)
        .unwrap_or(0);
    let shutdown = (pre_stop + timings_of(simulation, pod_index).shutdown_seconds).min(grace);
    let (uid, name, started, bound) = simulation.cluster.update_pod(pod_index, |pod| {
        pod.terminating = true;
        pod.ready = false;
        pod.available = false;
        let started = pod.stage == KubeletStage::Started;
        (pod.uid, pod.name.clone(), started, pod.node.is_some())
    });
    if !bound {
        simulation.cluster.remove_pod(pod_index);
        return;
    }
    if started {
        for container in containers {
            simulation.event(
                EventType::Normal,
                EventReason::Killing,
                format!("pod/{name}"),
                format!("Stopping container {}", container.name),
                SOURCE,
            );
        }
    }
    let stop_after = if started { shutdown } else { 0 };
    simulation.schedule_at(now + stop_after, Action::ContainerStopped { pod: uid });
}

/// The containers exited: the pod object is gone.
pub(super) fn container_stopped(simulation: &mut Simulation, uid: u64) {
    let Some(pod_index) = pod_index(simulation, uid) else {
        return;
    };
    let name = simulation.cluster.pods[pod_index].name.clone();
    simulation.cluster.remove_pod(pod_index);
    simulation.pod_changed(PodChange::Gone, name);
}
