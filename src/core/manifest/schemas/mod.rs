//! Field names each supported type accepts, split into the ones the simulation models and
//! the ones it only accepts. Names follow the Kubernetes API reference (v1.34) for
//! `apps/v1`, `v1` and `autoscaling/v2`; anything else is an unknown field, as
//! `kubectl apply --validate=strict` reports it.
//!
//! Some subtrees the simulation never reads are still checked field by field, because students
//! get them wrong often: env and envFrom, probe handlers, lifecycle hooks and volume mounts.
//! The others (volume sources, affinity, securityContext, ...) are accepted whole: their inner
//! fields are not checked here.
//!
//! One file per group of kinds, as the decoders are split: `workload`, `container`,
//! `service`, `autoscaler`, `cluster` and `scenario`; the envelope every document shares
//! (`TOP_LEVEL`, `OBJECT_META`) stays here. Every schema is re-exported, so callers name
//! `schemas::…` only.

use super::decode::Schema;

mod autoscaler;
mod cluster;
mod container;
mod scenario;
mod service;
mod workload;

pub use autoscaler::*;
pub use cluster::*;
pub use container::*;
pub use scenario::*;
pub use service::*;
pub use workload::*;

pub const TOP_LEVEL: Schema = Schema {
    type_name: "object",
    simulated: &["apiVersion", "kind", "metadata", "spec"],
    accepted: &["status"],
};

pub const OBJECT_META: Schema = Schema {
    type_name: "ObjectMeta",
    simulated: &["name", "namespace", "labels"],
    accepted: &[
        "generateName",
        "annotations",
        "uid",
        "resourceVersion",
        "generation",
        "creationTimestamp",
        "deletionTimestamp",
        "deletionGracePeriodSeconds",
        "ownerReferences",
        "finalizers",
        "managedFields",
        "selfLink",
    ],
};
