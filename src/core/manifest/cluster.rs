//! Decoding the documents that describe the cluster rather than the workload: `v1 Node` and
//! `v1 LimitRange`. Our own `Scenario` document is decoded in `scenario_doc`, which shares this
//! file's node resources and taints.

use std::collections::BTreeMap;

use super::ObjectMetaFields;
use super::decode::{self, Reporter, list, object, resource_list, string};
use super::model::{LimitRange, NodeSpec, Taint, is_extended_resource};
use super::names;
use super::schemas;
use super::validate;
use crate::core::diagnostic::Severity;
use crate::core::field_path::FieldPath;
use crate::core::quantity::Quantity;
use crate::core::yaml::Value;

// The Scenario decoder moved to `scenario_doc`; these names stay for callers of the old paths.
pub use super::scenario_doc::{decode_scenario, duration, parse_duration};

/// The kubelet's default `--max-pods`.
pub const DEFAULT_MAX_PODS: i64 = 110;
/// The resource name GPU device plugins advertise.
pub const GPU_RESOURCE: &str = "nvidia.com/gpu";
/// AMD's GPU device plugin's resource name.
pub const AMD_GPU_RESOURCE: &str = "amd.com/gpu";

pub fn decode_node(
    reporter: &mut Reporter,
    meta: &ObjectMetaFields,
    spec_value: Option<&Value>,
    status_value: Option<&Value>,
) -> Option<NodeSpec> {
    // `ValidateNodeName` is `NameIsDNSSubdomain`.
    validate::name_errors(reporter, &meta.name, names::dns1123_subdomain(&meta.name));
    let mut node = NodeSpec {
        name: meta.name.clone(),
        cpu_milli: 0,
        memory_bytes: 0,
        ephemeral_storage_bytes: 0,
        extended: BTreeMap::new(),
        max_pods: DEFAULT_MAX_PODS,
        labels: meta.labels.clone(),
        taints: Vec::new(),
        unschedulable: false,
    };
    if let Some(value) = spec_value {
        let path = FieldPath::root().field("spec");
        if let Some(spec) = object(reporter, value, &path, &schemas::NODE_SPEC) {
            if let Some(value) = spec.get("unschedulable") {
                node.unschedulable =
                    decode::boolean(reporter, value, &spec.child("unschedulable")).unwrap_or(false);
            }
            if let Some(value) = spec.get("taints") {
                // `ValidateNode` names them under `metadata`, not where they are written.
                let shown = FieldPath::root().field("metadata").field("taints");
                node.taints = taints(reporter, value, &spec.child("taints"), &shown);
            }
        }
    }
    let status_path = FieldPath::root().field("status");
    let Some(status_value) = status_value else {
        reporter.required(
            &status_path.field("allocatable"),
            Some("a Node used as cluster description needs its capacity or allocatable cpu and memory"),
        );
        return None;
    };
    let status = object(reporter, status_value, &status_path, &schemas::NODE_STATUS)?;
    // The scheduler fits pods against allocatable; capacity stands in when that is absent.
    let resources = match (status.get("allocatable"), status.get("capacity")) {
        (Some(value), _) => resource_list(reporter, value, &status.child("allocatable")),
        (None, Some(value)) => resource_list(reporter, value, &status.child("capacity")),
        (None, None) => {
            reporter.required(&status.child("allocatable"), None);
            BTreeMap::new()
        }
    };
    apply_resources(&mut node, &resources);
    Some(node)
}

pub(super) fn apply_resources(node: &mut NodeSpec, resources: &BTreeMap<String, Quantity>) {
    if let Some(cpu) = resources.get("cpu") {
        node.cpu_milli = cpu.milli_value();
    }
    if let Some(memory) = resources.get("memory") {
        node.memory_bytes = memory.value();
    }
    if let Some(storage) = resources.get("ephemeral-storage") {
        node.ephemeral_storage_bytes = storage.value();
    }
    for (name, quantity) in resources {
        if is_extended_resource(name) {
            node.extended.insert(name.clone(), quantity.value());
        }
    }
    if let Some(pods) = resources.get("pods") {
        node.max_pods = pods.value();
    }
}

/// Reads a node's taints at `path` and checks them, naming them `shown` in messages.
pub(super) fn taints(
    reporter: &mut Reporter,
    value: &Value,
    path: &FieldPath,
    shown: &FieldPath,
) -> Vec<Taint> {
    let mut result = Vec::new();
    for (index, item) in list(reporter, value, path).iter().enumerate() {
        let item_path = path.index(index);
        let Some(taint) = object(reporter, item, &item_path, &schemas::TAINT) else {
            continue;
        };
        let text = |reporter: &mut Reporter, name: &str| {
            taint
                .get(name)
                .and_then(|value| string(reporter, value, &taint.child(name)))
                .unwrap_or_default()
        };
        result.push(Taint {
            key: text(reporter, "key"),
            value: text(reporter, "value"),
            effect: text(reporter, "effect"),
        });
    }
    validate::node_taints(reporter, shown, path, &result);
    result
}

pub fn decode_limit_range(
    reporter: &mut Reporter,
    document: usize,
    meta: &ObjectMetaFields,
    spec_value: Option<&Value>,
) -> Option<LimitRange> {
    let spec_path = FieldPath::root().field("spec");
    let Some(spec_value) = spec_value else {
        reporter.required(&spec_path.field("limits"), None);
        return None;
    };
    validate::name_errors(reporter, &meta.name, names::dns1123_subdomain(&meta.name));
    let spec = object(reporter, spec_value, &spec_path, &schemas::LIMIT_RANGE_SPEC)?;
    let mut limit_range = LimitRange {
        document,
        name: meta.name.clone(),
        ..LimitRange::default()
    };
    let Some(limits_value) = spec.get("limits") else {
        reporter.required(&spec.child("limits"), None);
        return Some(limit_range);
    };
    let limits_path = spec.child("limits");
    let mut seen_types = std::collections::BTreeSet::new();
    for (index, item) in list(reporter, limits_value, &limits_path)
        .iter()
        .enumerate()
    {
        let item_path = limits_path.index(index);
        let Some(item) = object(reporter, item, &item_path, &schemas::LIMIT_RANGE_ITEM) else {
            continue;
        };
        let item_type = item
            .get("type")
            .and_then(|value| string(reporter, value, &item.child("type")))
            .unwrap_or_default();
        // `ValidateLimitRange`: a standard or domain-qualified type, each at most once.
        let type_path = item.child("type");
        for error in names::limit_range_type(&item_type) {
            reporter.invalid(&type_path, &format!("\"{item_type}\""), &error);
        }
        if !seen_types.insert(item_type.clone()) {
            reporter.report(
                Severity::Error,
                &type_path,
                decode::Anchor::Value,
                format!("{type_path}: Duplicate value: \"{item_type}\""),
            );
        }
        if item_type != "Container" {
            continue;
        }
        if let Some(value) = item.get("defaultRequest") {
            limit_range.default_request =
                resource_list(reporter, value, &item.child("defaultRequest"));
        }
        if let Some(value) = item.get("default") {
            limit_range.default_limit = resource_list(reporter, value, &item.child("default"));
        }
    }
    Some(limit_range)
}
