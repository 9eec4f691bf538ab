//! A pod's resource requests as the scheduler and the autoscaler see them: written requests,
//! else limits (`SetDefaults_Pod`), else the namespace's LimitRange defaults (§1, §5), with
//! init containers counted as the scheduler counts them.

use std::collections::{BTreeMap, BTreeSet};

use crate::core::manifest::model::{
    Container, Deployment, LimitRange, PodTemplate, is_extended_resource,
};
use crate::core::order;
use crate::core::quantity::Quantity;

/// A pod's resource requests after defaulting and LimitRange admission.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PodRequests {
    /// `None` when a container has no CPU request at all: the HPA then cannot compute
    /// utilization (§4 step 2).
    pub cpu_milli: Option<i64>,
    /// For scheduling only (an absent request counts as 0 in the fit filter).
    pub cpu_milli_for_fit: i64,
    pub memory_bytes: i64,
    pub ephemeral_storage_bytes: i64,
    /// Extended resources (`nvidia.com/gpu`, `amd.com/gpu`) and the whole units requested.
    pub extended: BTreeMap<String, i64>,
}

impl PodRequests {
    /// The units of an extended resource the pod requests (0 when none).
    pub fn extended(&self, resource: &str) -> i64 {
        self.extended.get(resource).copied().unwrap_or(0)
    }
}

/// The pod's CPU request after defaulting and LimitRange admission, in millicores.
pub fn pod_cpu_request_milli(deployment: &Deployment, limit_range: Option<&LimitRange>) -> i64 {
    deployment
        .template
        .spec
        .containers
        .iter()
        .map(|container| {
            container_request_milli(
                &container.resources.requests,
                &container.resources.limits,
                limit_range,
                "cpu",
            )
            .unwrap_or(0)
        })
        .sum()
}

/// One container's request for a resource: written request, else limit (`SetDefaults_Pod`),
/// else the LimitRange's defaultRequest, else its default limit.
pub fn container_request_milli(
    requests: &BTreeMap<String, Quantity>,
    limits: &BTreeMap<String, Quantity>,
    limit_range: Option<&LimitRange>,
    resource: &str,
) -> Option<i64> {
    requests
        .get(resource)
        .or_else(|| limits.get(resource))
        .or_else(|| limit_range.and_then(|lr| lr.default_request.get(resource)))
        .or_else(|| limit_range.and_then(|lr| lr.default_limit.get(resource)))
        .map(Quantity::milli_value)
}

/// Pod requests after `SetDefaults_Pod` (requests default to limits) and LimitRange admission.
pub fn admitted_requests(template: &PodTemplate, limit_range: Option<&LimitRange>) -> PodRequests {
    let containers = &template.spec.containers;
    let request = |c: &Container, resource: &str| {
        container_request_milli(
            &c.resources.requests,
            &c.resources.limits,
            limit_range,
            resource,
        )
    };
    let cpu: Vec<Option<i64>> = containers.iter().map(|c| request(c, "cpu")).collect();
    let sum_of =
        |resource: &str| -> i64 { containers.iter().filter_map(|c| request(c, resource)).sum() };
    // An init container runs alone, so the pod needs the larger of the two (§5).
    let init_max = |resource: &str| -> i64 {
        template
            .spec
            .init_containers
            .iter()
            .filter_map(|c| request(c, resource))
            .max()
            .unwrap_or(0)
    };
    let cpu_sum: i64 = cpu.iter().flatten().sum();
    PodRequests {
        cpu_milli: cpu
            .iter()
            .all(Option::is_some)
            .then_some(cpu_sum)
            .filter(|_| !containers.is_empty()),
        cpu_milli_for_fit: cpu_sum.max(init_max("cpu")),
        memory_bytes: sum_of("memory").max(init_max("memory")) / 1000,
        ephemeral_storage_bytes: sum_of("ephemeral-storage").max(init_max("ephemeral-storage"))
            / 1000,
        extended: order::btree_of(
            extended_names(template)
                .into_iter()
                .map(|name| {
                    let units = sum_of(&name).max(init_max(&name)) / 1000;
                    (name, units)
                })
                .filter(|(_, units)| *units > 0),
        ),
    }
}

/// Every extended resource a container of the pod requests or limits, each once.
fn extended_names(template: &PodTemplate) -> BTreeSet<String> {
    order::btree_of(
        template
            .spec
            .containers
            .iter()
            .chain(&template.spec.init_containers)
            .flat_map(|c| c.resources.requests.keys().chain(c.resources.limits.keys()))
            .filter(|name| is_extended_resource(name))
            .cloned(),
    )
}
