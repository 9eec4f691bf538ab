//! A pod's resource requests as the scheduler and the autoscaler see them: written requests,
//! else limits (`SetDefaults_Pod`), else the namespace's LimitRange defaults (§1, §5), with
//! init containers counted as the scheduler counts them.

use std::collections::BTreeMap;

use crate::core::manifest::cluster::GPU_RESOURCE;
use crate::core::manifest::model::{Deployment, LimitRange, PodTemplate};
use crate::core::quantity::Quantity;

/// A pod's resource requests after defaulting and LimitRange admission.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PodRequests {
    /// `None` when a container has no CPU request at all: the HPA then cannot compute
    /// utilization (§4 step 2).
    pub cpu_milli: Option<i64>,
    /// For scheduling only (an absent request counts as 0 in the fit filter).
    pub cpu_milli_for_fit: i64,
    pub memory_bytes: i64,
    pub gpus: i64,
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
    let cpu: Vec<Option<i64>> = containers
        .iter()
        .map(|c| {
            container_request_milli(
                &c.resources.requests,
                &c.resources.limits,
                limit_range,
                "cpu",
            )
        })
        .collect();
    let sum_of = |resource: &str| -> i64 {
        containers
            .iter()
            .filter_map(|c| {
                container_request_milli(
                    &c.resources.requests,
                    &c.resources.limits,
                    limit_range,
                    resource,
                )
            })
            .sum()
    };
    // An init container runs alone, so the pod needs the larger of the two (§5).
    let init_max = |resource: &str| -> i64 {
        template
            .spec
            .init_containers
            .iter()
            .filter_map(|c| {
                container_request_milli(
                    &c.resources.requests,
                    &c.resources.limits,
                    limit_range,
                    resource,
                )
            })
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
        gpus: sum_of(GPU_RESOURCE).max(init_max(GPU_RESOURCE)) / 1000,
    }
}
