//! The cluster at one moment of a run, as kubectl's printers read it: every Deployment with
//! its status and ReplicaSets, every pod (with when it was created and when its deletion
//! began), the Services and the followed Deployment's autoscaler, each with its creation
//! time on the simulated clock.
//!
//! The trace records no creation timestamps: an object is created at the time of the first
//! frame that shows it (a pod: the frame whose changes add it), which is when the API server
//! would have stored it, since every change is its own frame.

use std::collections::BTreeSet;

use crate::core::analysis::Run;
use crate::core::manifest::model::{Container, Deployment, Service};
use crate::core::order;
use crate::core::sim::trace::{
    DeploymentSnapshot, Frame, PodDelta, PodPhase, PodSnapshot, ReplicaSetSnapshot,
};

/// A Deployment at the moment.
pub struct Workload<'a> {
    pub model: &'a Deployment,
    pub status: &'a DeploymentSnapshot,
    pub replica_sets: &'a [ReplicaSetSnapshot],
    pub created: u64,
}

/// A pod at the moment.
pub struct Pod<'a> {
    pub snapshot: PodSnapshot,
    pub model: &'a Deployment,
    pub created: u64,
    /// When the pod's deletion began (it turned Terminating).
    pub deleting_since: Option<u64>,
}

/// A Service at the moment.
pub struct ServiceObject<'a> {
    pub model: &'a Service,
    pub created: u64,
}

/// What kubectl would read from the API server at frame `index`.
pub struct Moment<'a> {
    pub run: &'a Run,
    pub frame: &'a Frame,
    pub index: usize,
    /// The moment on the simulated clock (seconds since `kubectl apply`).
    pub now: u64,
    /// The followed Deployment first, then the others in file order (as pods number them).
    pub workloads: Vec<Workload<'a>>,
    /// Every pod, by name (as the API server lists them).
    pub pods: Vec<Pod<'a>>,
    pub services: Vec<ServiceObject<'a>>,
    /// The followed Deployment's autoscaler and when it was created.
    pub autoscaler_created: Option<u64>,
    /// Each ReplicaSet shown so far and when it first appeared.
    replica_sets_created: Vec<(&'a str, u64)>,
}

impl<'a> Moment<'a> {
    /// The cluster at frame `index` (past the last frame: the last); `None` for a run without
    /// frames.
    pub fn at(run: &'a Run, index: usize) -> Option<Moment<'a>> {
        let index = index.min(run.trace.frames.len().checked_sub(1)?);
        let frames = &run.trace.frames[..=index];
        let frame = &frames[index];
        let scenario = &run.scenario;
        let model_named = |name: &str| {
            scenario
                .deployments
                .iter()
                .find(|d| d.name == name)
                .unwrap_or(&run.deployment)
        };
        let mut models = vec![&run.deployment];
        models.extend(frame.others.iter().map(|other| model_named(&other.name)));
        let workloads = statuses(frame)
            .zip(&models)
            .enumerate()
            .map(|(k, ((status, replica_sets), model))| Workload {
                model,
                status,
                replica_sets,
                created: first_time(frames, |f| {
                    statuses(f).nth(k).is_some_and(|(d, _)| d.exists)
                }),
            })
            .collect();
        let mut replica_sets_created: Vec<(&str, u64)> = Vec::new();
        for earlier in frames {
            for (_, sets) in statuses(earlier) {
                for rs in sets {
                    if !replica_sets_created
                        .iter()
                        .any(|(name, _)| *name == rs.name)
                    {
                        replica_sets_created.push((&rs.name, earlier.time));
                    }
                }
            }
        }
        let services = scenario
            .service
            .iter()
            .chain(&scenario.other_services)
            .filter(|service| frame.services.iter().any(|s| s.name == service.name))
            .map(|model| ServiceObject {
                model,
                created: first_time(frames, |f| f.services.iter().any(|s| s.name == model.name)),
            })
            .collect();
        let (created, deleting) = pod_times(run, frames);
        let mut pods: Vec<Pod> = run
            .trace
            .pod_set_at(index)
            .all()
            .map(|pod| Pod {
                snapshot: pod.clone(),
                model: models.get(pod.workload).copied().unwrap_or(&run.deployment),
                created: created
                    .get(pod.uid as usize)
                    .copied()
                    .flatten()
                    .unwrap_or(0),
                deleting_since: deleting.get(pod.uid as usize).copied().flatten(),
            })
            .collect();
        sort_by_name(&mut pods, |pod| &pod.snapshot.name);
        Some(Moment {
            run,
            frame,
            index,
            now: frame.time,
            workloads,
            pods,
            services,
            autoscaler_created: frame
                .hpa
                .as_ref()
                .map(|_| first_time(frames, |f| f.hpa.is_some())),
            replica_sets_created,
        })
    }

    /// AGE of an object created at `created`.
    pub fn age(&self, created: u64) -> String {
        super::duration::human_duration(self.now as i64 - created as i64)
    }

    /// When a ReplicaSet first appeared.
    pub fn replica_set_created(&self, name: &str) -> u64 {
        self.replica_sets_created
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(0, |(_, time)| *time)
    }

    /// The namespace of the Services and the autoscaler, which the manifest model keeps no
    /// namespace for: they are read as living beside the followed Deployment.
    pub fn namespace(&self) -> &'a str {
        &self.run.deployment.namespace
    }

    /// The ReplicaSet a pod belongs to: its Deployment's with the pod's revision.
    pub fn replica_set_of(&self, pod: &PodSnapshot) -> Option<&'a ReplicaSetSnapshot> {
        self.workloads
            .get(pod.workload)?
            .replica_sets
            .iter()
            .find(|rs| rs.revision == pod.revision)
    }
}

/// Each Deployment's status and ReplicaSets in a frame, the followed one first.
fn statuses(frame: &Frame) -> impl Iterator<Item = (&DeploymentSnapshot, &[ReplicaSetSnapshot])> {
    std::iter::once((&frame.deployment, frame.replica_sets.as_slice())).chain(
        frame
            .others
            .iter()
            .map(|other| (&other.deployment, other.replica_sets.as_slice())),
    )
}

/// The time of the first frame that `shows`, or of the moment's first frame.
fn first_time(frames: &[Frame], shows: impl Fn(&Frame) -> bool) -> u64 {
    frames
        .iter()
        .find(|frame| shows(frame))
        .or(frames.first())
        .map_or(0, |frame| frame.time)
}

/// Per pod uid, when the pod was added and when it turned Terminating, up to the moment.
fn pod_times(run: &Run, frames: &[Frame]) -> (Vec<Option<u64>>, Vec<Option<u64>>) {
    let mut created: Vec<Option<u64>> = Vec::new();
    let mut deleting: Vec<Option<u64>> = Vec::new();
    for (index, frame) in frames.iter().enumerate() {
        for delta in run.trace.pods.deltas_of(index) {
            let slot = delta.uid() as usize;
            if created.len() <= slot {
                created.resize(slot + 1, None);
                deleting.resize(slot + 1, None);
            }
            match delta {
                PodDelta::Added(pod) | PodDelta::Changed(pod) => {
                    created[slot].get_or_insert(frame.time);
                    if pod.terminating {
                        deleting[slot].get_or_insert(frame.time);
                    }
                }
                PodDelta::Removed { .. } => {}
            }
        }
    }
    (created, deleting)
}

/// Sorts `items` by a name, in the API server's list order (byte order of the names),
/// through the shared sort.
pub fn sort_by_name<T>(items: &mut Vec<T>, name: impl Fn(&T) -> &str) {
    let names: BTreeSet<String> = order::btree_of(items.iter().map(|item| name(item).to_string()));
    let sorted: Vec<&str> = names.iter().map(String::as_str).collect();
    order::sort_by_key(items, |item| {
        (sorted.binary_search(&name(item)).unwrap_or(0) as u64, 0)
    });
}

/// kubectl's READY for a pod (`1/1`): its ready containers of the app containers and native
/// sidecars. The simulation probes the first container; the others follow the kubelet's
/// rule for a container without a readiness probe (ready once started).
pub fn ready_column(pod: &PodSnapshot, model: &Deployment) -> String {
    let spec = &model.template.spec;
    let sidecars: Vec<&Container> = spec
        .init_containers
        .iter()
        .filter(|c| c.is_sidecar())
        .collect();
    let total = spec.containers.len() + sidecars.len();
    let unprobed = |c: &&Container| c.readiness_probe.is_none();
    let ready = if pod.ready {
        total
    } else {
        // Sidecars among the init containers done so far have started.
        let started_sidecars = spec.init_containers
            [..pod.init_done.min(spec.init_containers.len())]
            .iter()
            .filter(|c| c.is_sidecar())
            .filter(unprobed)
            .count();
        let started_apps = if pod.phase == PodPhase::Running {
            spec.containers.iter().skip(1).filter(unprobed).count()
        } else {
            0
        };
        started_sidecars + started_apps
    };
    format!("{ready}/{total}")
}
