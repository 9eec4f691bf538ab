//! Decoding the documents that describe the cluster and the lesson rather than the workload:
//! `v1 Node`, `v1 LimitRange` and our own `kubestep.dev/v1alpha1 Scenario`.

use std::collections::BTreeMap;

use super::ObjectMetaFields;
use super::decode::{
    self, Reporter, int32, int64, list, object, quantity, resource_list, string, string_map,
};
use super::model::{LimitRange, NodeSpec, Rollout, Scenario, Taint, TrafficPoint};
use super::names;
use super::schemas;
use crate::core::diagnostic::Severity;
use crate::core::field_path::FieldPath;
use crate::core::limits::{MAX_NODES, MAX_SIMULATED_SECONDS};
use crate::core::quantity::Quantity;
use crate::core::yaml::Value;

/// The kubelet's default `--max-pods`.
pub const DEFAULT_MAX_PODS: i64 = 110;
/// The resource name GPU device plugins advertise.
pub const GPU_RESOURCE: &str = "nvidia.com/gpu";

pub fn decode_node(
    reporter: &mut Reporter,
    meta: &ObjectMetaFields,
    spec_value: Option<&Value>,
    status_value: Option<&Value>,
) -> Option<NodeSpec> {
    let mut node = NodeSpec {
        name: meta.name.clone(),
        cpu_milli: 0,
        memory_bytes: 0,
        gpus: 0,
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
                node.taints = taints(reporter, value, &spec.child("taints"));
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

fn apply_resources(node: &mut NodeSpec, resources: &BTreeMap<String, Quantity>) {
    if let Some(cpu) = resources.get("cpu") {
        node.cpu_milli = cpu.milli_value();
    }
    if let Some(memory) = resources.get("memory") {
        node.memory_bytes = memory.value();
    }
    if let Some(gpus) = resources.get(GPU_RESOURCE) {
        node.gpus = gpus.value();
    }
    if let Some(pods) = resources.get("pods") {
        node.max_pods = pods.value();
    }
}

fn taints(reporter: &mut Reporter, value: &Value, path: &FieldPath) -> Vec<Taint> {
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
        let key = text(reporter, "key");
        let effect = text(reporter, "effect");
        const EFFECTS: [&str; 3] = ["NoExecute", "NoSchedule", "PreferNoSchedule"];
        if !EFFECTS.contains(&effect.as_str()) {
            reporter.unsupported(&taint.child("effect"), &effect, &EFFECTS);
        }
        result.push(Taint {
            key,
            value: text(reporter, "value"),
            effect,
        });
    }
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

pub fn decode_scenario(
    reporter: &mut Reporter,
    document: usize,
    spec_value: Option<&Value>,
) -> Option<Scenario> {
    let spec_path = FieldPath::root().field("spec");
    let mut scenario = Scenario {
        document,
        nodes: Vec::new(),
        traffic: Vec::new(),
        cpu_per_request_milli: None,
        rollout: None,
        duration_seconds: None,
        seed: None,
    };
    let Some(spec_value) = spec_value else {
        return Some(scenario);
    };
    let spec = object(reporter, spec_value, &spec_path, &schemas::SCENARIO_SPEC)?;
    if let Some(value) = spec.get("nodes") {
        let nodes_path = spec.child("nodes");
        let items = list(reporter, value, &nodes_path);
        if items.len() > MAX_NODES {
            // The scheduler scores every node for every pod: bound the cluster it has to scan.
            reporter.report(
                Severity::Error,
                &nodes_path,
                decode::Anchor::Key,
                format!(
                    "{nodes_path}: Too many: {}: must have at most {MAX_NODES} items (the simulation's cluster size limit)",
                    items.len()
                ),
            );
        }
        for (index, item) in items.iter().take(MAX_NODES).enumerate() {
            if let Some(node) = scenario_node(reporter, item, &nodes_path.index(index)) {
                scenario.nodes.push(node);
            }
        }
    }
    if let Some(value) = spec.get("traffic") {
        let traffic_path = spec.child("traffic");
        for (index, item) in list(reporter, value, &traffic_path).iter().enumerate() {
            let item_path = traffic_path.index(index);
            let Some(point) = object(reporter, item, &item_path, &schemas::SCENARIO_TRAFFIC) else {
                continue;
            };
            let at_seconds = point
                .get("at")
                .and_then(|value| duration(reporter, value, &point.child("at")))
                .unwrap_or(0);
            let requests_per_second = match point.get("rps") {
                Some(value) => int32(reporter, value, &point.child("rps")).unwrap_or(0),
                None => {
                    reporter.required(&point.child("rps"), None);
                    0
                }
            };
            if requests_per_second < 0 {
                reporter.invalid(
                    &point.child("rps"),
                    &requests_per_second.to_string(),
                    "must be greater than or equal to 0",
                );
            }
            scenario.traffic.push(TrafficPoint {
                at_seconds,
                requests_per_second: requests_per_second.max(0),
            });
        }
        scenario.traffic.sort_by_key(|point| point.at_seconds);
    }
    if let Some(value) = spec.get("cpuPerRequest") {
        let path = spec.child("cpuPerRequest");
        if let Some(quantity) = quantity(reporter, value, &path) {
            if quantity.is_negative() {
                reporter.invalid(
                    &path,
                    &format!("\"{quantity}\""),
                    "must be greater than or equal to 0",
                );
            } else {
                scenario.cpu_per_request_milli = Some(quantity.milli_value());
            }
        }
    }
    if let Some(value) = spec.get("rollout") {
        let path = spec.child("rollout");
        if let Some(rollout) = object(reporter, value, &path, &schemas::SCENARIO_ROLLOUT) {
            let at_seconds = rollout
                .get("at")
                .and_then(|value| duration(reporter, value, &rollout.child("at")))
                .unwrap_or(0);
            match rollout
                .get("image")
                .and_then(|value| string(reporter, value, &rollout.child("image")))
            {
                Some(image) if !image.is_empty() => {
                    scenario.rollout = Some(Rollout { at_seconds, image })
                }
                _ => reporter.required(&rollout.child("image"), None),
            }
        }
    }
    if let Some(value) = spec.get("duration") {
        let path = spec.child("duration");
        scenario.duration_seconds = duration(reporter, value, &path);
        if scenario
            .duration_seconds
            .is_some_and(|seconds| seconds > MAX_SIMULATED_SECONDS)
        {
            reporter.warning(
                &path,
                decode::Anchor::Value,
                format!(
                    "the simulation runs at most {MAX_SIMULATED_SECONDS}s; the run stops there"
                ),
            );
        }
    }
    if let Some(value) = spec.get("seed") {
        scenario.seed = int64(reporter, value, &spec.child("seed")).map(|seed| seed as u64);
    }
    Some(scenario)
}

fn scenario_node(reporter: &mut Reporter, value: &Value, path: &FieldPath) -> Option<NodeSpec> {
    let node = object(reporter, value, path, &schemas::SCENARIO_NODE)?;
    let name = match node
        .get("name")
        .and_then(|value| string(reporter, value, &node.child("name")))
    {
        Some(name) => name,
        None => {
            reporter.required(&node.child("name"), None);
            String::new()
        }
    };
    let mut result = NodeSpec {
        name,
        cpu_milli: 0,
        memory_bytes: 0,
        gpus: 0,
        max_pods: DEFAULT_MAX_PODS,
        labels: node
            .get("labels")
            .map(|value| string_map(reporter, value, &node.child("labels")))
            .unwrap_or_default(),
        taints: node
            .get("taints")
            .map(|value| taints(reporter, value, &node.child("taints")))
            .unwrap_or_default(),
        unschedulable: false,
    };
    let mut resources = BTreeMap::new();
    for name in ["cpu", "memory", GPU_RESOURCE, "pods"] {
        if let Some(value) = node.get(name) {
            let field_path = node.child(name);
            if let Some(quantity) = quantity(reporter, value, &field_path) {
                if quantity.is_negative() {
                    reporter.invalid(
                        &field_path,
                        &format!("\"{quantity}\""),
                        "must be greater than or equal to 0",
                    );
                    continue;
                }
                resources.insert(name.to_string(), quantity);
            }
        } else if name == "cpu" || name == "memory" {
            reporter.required(&node.child(name), None);
        }
    }
    apply_resources(&mut result, &resources);
    Some(result)
}

/// Reads a duration such as `90s`, `5m`, `1h30m` or a bare number of seconds.
pub fn duration(reporter: &mut Reporter, value: &Value, path: &FieldPath) -> Option<u64> {
    let text = match value {
        Value::Number(number) => match number.as_u64() {
            Some(seconds) => return Some(seconds),
            None => number.to_string(),
        },
        Value::String(text) => text.clone(),
        other => {
            reporter.invalid(
                path,
                &decode::show(other),
                "must be a duration such as \"90s\" or \"5m\"",
            );
            return None;
        }
    };
    match parse_duration(&text) {
        Some(seconds) => Some(seconds),
        None => {
            reporter.report(
                Severity::Error,
                path,
                decode::Anchor::Value,
                format!("{path}: Invalid value: \"{text}\": must be a duration such as \"90s\", \"5m\" or \"1h30m\""),
            );
            None
        }
    }
}

/// Parses Go-style durations in whole seconds (`h`, `m`, `s` units, summed).
pub fn parse_duration(text: &str) -> Option<u64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(seconds);
    }
    let mut total: u64 = 0;
    let mut digits = String::new();
    for character in text.chars() {
        if character.is_ascii_digit() {
            digits.push(character);
            continue;
        }
        let unit = match character {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
        let amount: u64 = digits.parse().ok()?;
        total = total.checked_add(amount.checked_mul(unit)?)?;
        digits.clear();
    }
    if !digits.is_empty() {
        return None;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenarios_are_bounded() {
        let mut text = String::from(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: m}\nspec:\n  selector: {matchLabels: {app: m}}\n  template:\n    metadata: {labels: {app: m}}\n    spec: {containers: [{name: m, image: m:v1}]}\n---\napiVersion: kubestep.dev/v1alpha1\nkind: Scenario\nspec:\n  duration: 2h\n  nodes:\n",
        );
        for index in 0..=MAX_NODES {
            text.push_str(&format!(
                "  - {{name: n{index}, cpu: \"1\", memory: 1Gi}}\n"
            ));
        }
        let read = crate::core::manifest::read_manifests(&text);
        let messages: Vec<&str> = read
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert!(
            messages.contains(&"spec.nodes: Too many: 501: must have at most 500 items (the simulation's cluster size limit)"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"the simulation runs at most 3600s; the run stops there"),
            "{messages:?}"
        );
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90s"), Some(90));
        assert_eq!(parse_duration("5m"), Some(300));
        assert_eq!(parse_duration("1h30m"), Some(5400));
        assert_eq!(parse_duration("45"), Some(45));
        assert_eq!(parse_duration("5 minutes"), None);
        assert_eq!(parse_duration("m"), None);
        assert_eq!(parse_duration("99999999999999999999h"), None);
    }
}
