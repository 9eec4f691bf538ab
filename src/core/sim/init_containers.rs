//! The kubelet's init phase (§7): init containers run one at a time, in order, each pulled
//! when its turn comes and run to completion before the next; a native sidecar (an init
//! container with `restartPolicy: Always`) starts in its turn and keeps running, so the next
//! one starts at once. When every init container is done, the app containers are pulled
//! and started as for any pod (`PodInitializing` meanwhile).

use super::change::{EventReason, EventType};
use super::kubelet::{self, Pull, live_pod_at, timings_of};
use super::state::KubeletStage;
use super::{Action, PodChange, Simulation};
use crate::core::manifest::model::Container;

const SOURCE: &str = "kubelet";

fn init_containers_of(simulation: &Simulation, pod_index: usize) -> Vec<Container> {
    let pod = &simulation.cluster.pods[pod_index];
    simulation.cluster.replica_sets[pod.replica_set]
        .template
        .spec
        .init_containers
        .clone()
}

/// Whether the pod has init containers to run before its app containers.
pub(super) fn has_init_containers(simulation: &Simulation, pod_index: usize) -> bool {
    !init_containers_of(simulation, pod_index).is_empty()
}

/// The pod's next init container gets its turn: pulled if the node lacks its image, then
/// started; after the last, the app containers.
pub(super) fn next(simulation: &mut Simulation, pod_index: usize) {
    let init = init_containers_of(simulation, pod_index);
    let pod = &simulation.cluster.pods[pod_index];
    let (uid, done) = (pod.uid, pod.init_done);
    if pod.node.is_none() {
        return;
    }
    let Some(container) = init.get(done) else {
        simulation
            .cluster
            .update_pod(pod_index, |pod| pod.stage = KubeletStage::Pulling);
        kubelet::pull_app_images(simulation, pod_index);
        return;
    };
    simulation
        .cluster
        .update_pod(pod_index, |pod| pod.stage = KubeletStage::Initializing);
    // Init containers and sidecars are small tools (a downloader, a log shipper): they pull
    // in the seed's time; the long GPU pull is the model server's image.
    let timings = crate::core::scenario::Timings::default();
    match kubelet::pull_image(simulation, pod_index, container, &timings) {
        Pull::Refused => {}
        Pull::Present => start(simulation, pod_index, container),
        Pull::Pulling(seconds) => simulation.schedule_at(
            simulation.cluster.now + seconds,
            Action::InitPulled { pod: uid },
        ),
    }
}

/// The init container's image arrived: report the pull and start the container.
pub(super) fn pulled(simulation: &mut Simulation, uid: u64) {
    let Some(pod_index) = live_pod_at(simulation, uid, KubeletStage::Initializing) else {
        return;
    };
    kubelet::report_pulls(simulation, pod_index);
    let init = init_containers_of(simulation, pod_index);
    if let Some(container) = init.get(simulation.cluster.pods[pod_index].init_done) {
        start(simulation, pod_index, container);
    }
}

fn start(simulation: &mut Simulation, pod_index: usize, container: &Container) {
    let pod = &simulation.cluster.pods[pod_index];
    let (uid, object) = (pod.uid, format!("pod/{}", pod.name));
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
        object,
        format!("Started container {}", container.name),
        SOURCE,
    );
    if container.is_sidecar() {
        // A native sidecar keeps running: the next container starts beside it at once.
        advance(simulation, pod_index);
    } else {
        let seconds = timings_of(simulation, pod_index).init_container_seconds;
        simulation.schedule_at(
            simulation.cluster.now + seconds,
            Action::InitFinished { pod: uid },
        );
    }
}

/// A regular init container exited successfully.
pub(super) fn finished(simulation: &mut Simulation, uid: u64) {
    let Some(pod_index) = live_pod_at(simulation, uid, KubeletStage::Initializing) else {
        return;
    };
    advance(simulation, pod_index);
}

fn advance(simulation: &mut Simulation, pod_index: usize) {
    let name = simulation.cluster.update_pod(pod_index, |pod| {
        pod.init_done += 1;
        pod.name.clone()
    });
    simulation.pod_changed(PodChange::Initialized, name);
    next(simulation, pod_index);
}
