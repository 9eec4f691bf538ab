//! A node's capacity bars: what the pods bound to it request against what it can allocate,
//! for CPU, memory and every extended resource (GPUs), counted as the scheduler's fit filter
//! counts them (every bound pod, a terminating one until it is gone; §5).

use std::collections::BTreeMap;

use crate::core::manifest::model::NodeSpec;
use crate::core::pod_requests::PodRequests;
use crate::core::quantity::{Quantity, QuantityFormat};

/// One resource of one node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CapacityBar {
    /// The resource's API name: `cpu`, `memory`, `nvidia.com/gpu`.
    pub resource: String,
    /// `CPU`, `Memory`, `GPU`, or the resource's name.
    pub label: String,
    /// Requested and allocatable in the API's units (`1500m`, `16Gi`, `1`).
    pub requested: String,
    pub allocatable: String,
    /// Filled share, in thousandths (over 1000 when a node is overcommitted).
    pub filled_per_mille: i64,
    /// `nvidia.com/gpu: 1 of 1 requested`, in the API's names and units.
    pub text: String,
}

/// What the pods on one node request, summed.
#[derive(Clone, Debug, Default)]
pub(super) struct Requested {
    cpu_milli: i64,
    memory_bytes: i64,
    extended: BTreeMap<String, i64>,
}

impl Requested {
    pub(super) fn add(&mut self, pod: &PodRequests) {
        self.cpu_milli += pod.cpu_milli_for_fit;
        self.memory_bytes += pod.memory_bytes;
        for (resource, count) in &pod.extended {
            *self.extended.entry(resource.clone()).or_default() += count;
        }
    }
}

pub(super) fn bars(node: &NodeSpec, requested: &Requested) -> Vec<CapacityBar> {
    let mut bars = vec![
        bar(
            "cpu",
            "CPU",
            requested.cpu_milli,
            node.cpu_milli,
            &|milli| Quantity::from_milli(milli).to_string(),
        ),
        bar(
            "memory",
            "Memory",
            requested.memory_bytes,
            node.memory_bytes,
            &|bytes| Quantity::new(bytes, QuantityFormat::BinarySI).to_string(),
        ),
    ];
    // Every extended resource the node offers, then those its pods ask for that it lacks
    // (the scheduler's `Insufficient nvidia.com/gpu`); both maps keep their keys in order.
    let mut resources: Vec<&String> = node
        .extended
        .iter()
        .filter(|(_, count)| **count > 0)
        .map(|(resource, _)| resource)
        .collect();
    for resource in requested.extended.keys() {
        if !resources.contains(&resource) {
            resources.push(resource);
        }
    }
    for resource in resources {
        let label = if resource.ends_with("/gpu") {
            "GPU"
        } else {
            resource
        };
        bars.push(bar(
            resource,
            label,
            requested.extended.get(resource).copied().unwrap_or(0),
            node.extended(resource),
            &|count| count.to_string(),
        ));
    }
    bars
}

fn bar(
    resource: &str,
    label: &str,
    requested: i64,
    allocatable: i64,
    api_units: &dyn Fn(i64) -> String,
) -> CapacityBar {
    let (requested_text, allocatable_text) = (api_units(requested), api_units(allocatable));
    CapacityBar {
        resource: resource.to_string(),
        label: label.to_string(),
        filled_per_mille: if allocatable > 0 {
            requested.saturating_mul(1000) / allocatable
        } else if requested > 0 {
            1000
        } else {
            0
        },
        text: format!("{resource}: {requested_text} of {allocatable_text} requested"),
        requested: requested_text,
        allocatable: allocatable_text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(cpu_milli: i64, memory_gi: i64, gpus: i64) -> NodeSpec {
        NodeSpec {
            name: "gpu-node".to_string(),
            cpu_milli,
            memory_bytes: memory_gi << 30,
            ephemeral_storage_bytes: 0,
            extended: [("nvidia.com/gpu".to_string(), gpus)].into_iter().collect(),
            max_pods: 110,
            labels: BTreeMap::new(),
            taints: Vec::new(),
            unschedulable: false,
        }
    }

    #[test]
    fn bars_print_requests_in_the_apis_units() {
        let mut requested = Requested::default();
        let pod = PodRequests {
            cpu_milli: Some(1500),
            cpu_milli_for_fit: 1500,
            memory_bytes: 6 << 30,
            ephemeral_storage_bytes: 0,
            extended: [("nvidia.com/gpu".to_string(), 1)].into_iter().collect(),
        };
        requested.add(&pod);
        let bars = bars(&node(4000, 16, 1), &requested);
        let summary: Vec<(&str, &str, &str, i64)> = bars
            .iter()
            .map(|b| {
                (
                    b.resource.as_str(),
                    b.requested.as_str(),
                    b.allocatable.as_str(),
                    b.filled_per_mille,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("cpu", "1500m", "4", 375),
                ("memory", "6Gi", "16Gi", 375),
                ("nvidia.com/gpu", "1", "1", 1000)
            ]
        );
        assert_eq!(bars[2].text, "nvidia.com/gpu: 1 of 1 requested");
    }

    #[test]
    fn a_resource_asked_for_on_a_node_without_it_shows_as_full() {
        let mut requested = Requested::default();
        requested.extended.insert("amd.com/gpu".to_string(), 1);
        let bars = bars(&node(4000, 16, 0), &requested);
        assert_eq!(bars.len(), 3, "cpu, memory, amd.com/gpu: {bars:?}");
        assert_eq!(bars[2].resource, "amd.com/gpu");
        assert_eq!(bars[2].allocatable, "0");
        assert_eq!(bars[2].filled_per_mille, 1000);
    }
}
