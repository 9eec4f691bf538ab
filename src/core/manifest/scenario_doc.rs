//! Decoding our own `kubestep.dev/v1alpha1 Scenario` document: the lesson's nodes, traffic,
//! CPU cost per request, image rollout, duration and seed, with the duration syntax it accepts
//! (`90s`, `5m`, `1h30m` or bare seconds).

use std::collections::BTreeMap;

use super::cluster::{AMD_GPU_RESOURCE, DEFAULT_MAX_PODS, GPU_RESOURCE, apply_resources, taints};
use super::decode::{self, Reporter, int32, int64, list, object, quantity, string};
use super::model::{MetricSeries, NodeSpec, Rollout, Scenario, TrafficPoint};
use super::names;
use super::schemas;
use super::validate;
use crate::core::diagnostic::Severity;
use crate::core::field_path::FieldPath;
use crate::core::limits::{MAX_NODES, MAX_SIMULATED_SECONDS};
use crate::core::order;
use crate::core::yaml::Value;

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
        image_pull_seconds: None,
        model_load_seconds: None,
        init_container_seconds: None,
        metrics: Vec::new(),
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
        order::sort_by_key(&mut scenario.traffic, |point| (point.at_seconds, 0));
    }
    if let Some(value) = spec.get("metrics") {
        scenario.metrics = metric_series(reporter, value, &spec.child("metrics"));
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
    if let Some(value) = spec.get("imagePull") {
        scenario.image_pull_seconds = duration(reporter, value, &spec.child("imagePull"));
    }
    if let Some(value) = spec.get("modelLoad") {
        scenario.model_load_seconds = duration(reporter, value, &spec.child("modelLoad"));
    }
    if let Some(value) = spec.get("initContainer") {
        scenario.init_container_seconds = duration(reporter, value, &spec.child("initContainer"));
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
    // The Node rules (`ValidateNode`), each under the path it is written at.
    let errors = names::dns1123_subdomain(&name);
    validate::name_errors_at(reporter, &node.child("name"), &name, errors);
    // The schema has no `annotations`, so only the labels are read here.
    let labels = validate::labels_and_annotations(reporter, &node, &node.path);
    let taints_path = node.child("taints");
    let taints = node
        .get("taints")
        .map(|value| taints(reporter, value, &taints_path, &taints_path))
        .unwrap_or_default();
    let mut result = NodeSpec {
        name,
        cpu_milli: 0,
        memory_bytes: 0,
        ephemeral_storage_bytes: 0,
        extended: BTreeMap::new(),
        max_pods: DEFAULT_MAX_PODS,
        labels,
        taints,
        unschedulable: false,
    };
    let mut resources = BTreeMap::new();
    for name in [
        "cpu",
        "memory",
        "ephemeral-storage",
        GPU_RESOURCE,
        AMD_GPU_RESOURCE,
        "pods",
    ] {
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

/// `metrics`: for each custom metric an autoscaler names, its values from moments on.
fn metric_series(reporter: &mut Reporter, value: &Value, path: &FieldPath) -> Vec<MetricSeries> {
    let mut series = Vec::new();
    for (index, item) in list(reporter, value, path).iter().enumerate() {
        let item_path = path.index(index);
        let Some(metric) = object(reporter, item, &item_path, &schemas::SCENARIO_METRIC) else {
            continue;
        };
        let name = metric
            .get("name")
            .and_then(|value| string(reporter, value, &metric.child("name")))
            .unwrap_or_default();
        if name.is_empty() {
            reporter.required(&metric.child("name"), None);
        }
        let mut points = Vec::new();
        if let Some(values) = metric.get("values") {
            let values_path = metric.child("values");
            for (position, point) in list(reporter, values, &values_path).iter().enumerate() {
                let point_path = values_path.index(position);
                let Some(point) = object(
                    reporter,
                    point,
                    &point_path,
                    &schemas::SCENARIO_METRIC_POINT,
                ) else {
                    continue;
                };
                let at = point
                    .get("at")
                    .and_then(|value| duration(reporter, value, &point.child("at")))
                    .unwrap_or(0);
                let Some(value) = point
                    .get("value")
                    .and_then(|value| quantity(reporter, value, &point.child("value")))
                else {
                    reporter.required(&point.child("value"), None);
                    continue;
                };
                points.push((at, value.milli_value()));
            }
        } else {
            reporter.required(&metric.child("values"), None);
        }
        order::sort_by_key(&mut points, |&(at, _)| (at, 0));
        series.push(MetricSeries { name, points });
    }
    series
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
