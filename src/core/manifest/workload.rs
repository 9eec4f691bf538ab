//! Decoding and defaulting `apps/v1 Deployment` and the pod template inside it
//! (`SetDefaults_Deployment`, `SetDefaults_PodSpec`, `SetDefaults_Container`).

use std::collections::{BTreeMap, BTreeSet};

use super::ObjectMetaFields;
use super::container_fields;
use super::decode::{
    self, Object, Reporter, boolean, int32, int64, list, object, resource_list, string, string_map,
};
use super::kubectl_scalars;
use super::model::{
    Container, ContainerPort, Deployment, IntOrPercent, LabelSelector, PodSpec, PodTemplate, Probe,
    Requirement, Resources, Strategy, StrategyKind, Toleration,
};
use super::pod_needs;
use super::schemas;
use crate::core::field_path::FieldPath;
use crate::core::yaml::Value;

pub fn decode_deployment(
    reporter: &mut Reporter,
    document: usize,
    meta: &ObjectMetaFields,
    spec_value: Option<&Value>,
) -> Option<Deployment> {
    let spec_path = FieldPath::root().field("spec");
    let Some(spec_value) = spec_value else {
        reporter.required(&spec_path, None);
        return None;
    };
    let spec = object(reporter, spec_value, &spec_path, &schemas::DEPLOYMENT_SPEC)?;

    let replicas = match spec.get("replicas") {
        Some(value) => int32(reporter, value, &spec.child("replicas")).unwrap_or(1),
        None => 1,
    };
    let selector = match spec.get("selector") {
        Some(value) => label_selector(reporter, value, &spec.child("selector")),
        None => LabelSelector::default(),
    };
    let template = match spec.get("template") {
        Some(value) => pod_template(reporter, value, &spec.child("template")),
        None => {
            reporter.required(&spec.child("template"), None);
            None
        }
    }?;
    let strategy = match spec.get("strategy") {
        Some(value) => strategy(reporter, value, &spec.child("strategy")),
        None => default_rolling_update(),
    };
    let int_field = |reporter: &mut Reporter, name: &str, default: i64| match spec.get(name) {
        Some(value) => int32(reporter, value, &spec.child(name)).unwrap_or(default),
        None => default,
    };
    let min_ready_seconds = int_field(reporter, "minReadySeconds", 0);
    let revision_history_limit = int_field(reporter, "revisionHistoryLimit", 10);
    let progress_deadline_seconds = int_field(reporter, "progressDeadlineSeconds", 600);
    let paused = spec
        .get("paused")
        .and_then(|value| boolean(reporter, value, &spec.child("paused")))
        .unwrap_or(false);

    Some(Deployment {
        document,
        name: meta.name.clone(),
        namespace: meta.namespace.clone(),
        replicas,
        selector,
        template,
        strategy,
        min_ready_seconds,
        revision_history_limit,
        progress_deadline_seconds,
        paused,
    })
}

fn default_rolling_update() -> Strategy {
    Strategy {
        kind: StrategyKind::RollingUpdate,
        max_surge: Some(IntOrPercent::Str("25%".to_string())),
        max_unavailable: Some(IntOrPercent::Str("25%".to_string())),
    }
}

fn strategy(reporter: &mut Reporter, value: &Value, path: &FieldPath) -> Strategy {
    let Some(strategy) = object(reporter, value, path, &schemas::DEPLOYMENT_STRATEGY) else {
        return default_rolling_update();
    };
    let kind_text = strategy
        .get("type")
        .and_then(|value| string(reporter, value, &strategy.child("type")))
        .unwrap_or_else(|| "RollingUpdate".to_string());
    let kind = match kind_text.as_str() {
        "RollingUpdate" => StrategyKind::RollingUpdate,
        "Recreate" => StrategyKind::Recreate,
        other => {
            reporter.unsupported(path, other, &["Recreate", "RollingUpdate"]);
            StrategyKind::RollingUpdate
        }
    };
    let rolling_path = strategy.child("rollingUpdate");
    let rolling = strategy.get("rollingUpdate");
    if kind == StrategyKind::Recreate {
        if rolling.is_some() {
            reporter.report(
                crate::core::diagnostic::Severity::Error,
                &rolling_path,
                decode::Anchor::Key,
                format!("{rolling_path}: Forbidden: may not be specified when strategy `type` is 'Recreate'"),
            );
        }
        return Strategy {
            kind,
            max_surge: None,
            max_unavailable: None,
        };
    }
    let mut result = default_rolling_update();
    if let Some(rolling) = rolling
        && let Some(rolling) = object(reporter, rolling, &rolling_path, &schemas::ROLLING_UPDATE)
    {
        if let Some(value) = rolling.get("maxSurge") {
            result.max_surge = int_or_string(reporter, value, &rolling.child("maxSurge"));
        }
        if let Some(value) = rolling.get("maxUnavailable") {
            result.max_unavailable =
                int_or_string(reporter, value, &rolling.child("maxUnavailable"));
        }
    }
    result
}

/// Reads an `IntOrString` (`1` or `"25%"`); validity of the text is checked in validation.
pub fn int_or_string(
    reporter: &mut Reporter,
    value: &Value,
    path: &FieldPath,
) -> Option<IntOrPercent> {
    match value {
        Value::String(_) if kubectl_scalars::kubectl_sends_a_number(reporter, value, path) => {
            int32(reporter, value, path).map(IntOrPercent::Int)
        }
        Value::String(text) => Some(IntOrPercent::Str(text.clone())),
        Value::Number(_) => int32(reporter, value, path).map(IntOrPercent::Int),
        _ => {
            let _ = string(reporter, value, path);
            None
        }
    }
}

pub fn label_selector(reporter: &mut Reporter, value: &Value, path: &FieldPath) -> LabelSelector {
    let Some(selector) = object(reporter, value, path, &schemas::LABEL_SELECTOR) else {
        return LabelSelector::default();
    };
    let match_labels = selector
        .get("matchLabels")
        .map(|value| string_map(reporter, value, &selector.child("matchLabels")))
        .unwrap_or_default();
    let mut match_expressions = Vec::new();
    if let Some(value) = selector.get("matchExpressions") {
        let expressions_path = selector.child("matchExpressions");
        for (index, item) in list(reporter, value, &expressions_path).iter().enumerate() {
            let item_path = expressions_path.index(index);
            let Some(item) = object(reporter, item, &item_path, &schemas::LABEL_REQUIREMENT) else {
                continue;
            };
            let field = |reporter: &mut Reporter, name: &str| {
                item.get(name)
                    .and_then(|value| string(reporter, value, &item.child(name)))
                    .unwrap_or_default()
            };
            let key = field(reporter, "key");
            let operator = field(reporter, "operator");
            let values = item
                .get("values")
                .map(|value| {
                    let values_path = item.child("values");
                    list(reporter, value, &values_path)
                        .iter()
                        .enumerate()
                        .filter_map(|(i, v)| string(reporter, v, &values_path.index(i)))
                        .collect()
                })
                .unwrap_or_default();
            match_expressions.push(Requirement {
                key,
                operator,
                values,
            });
        }
    }
    LabelSelector {
        match_labels,
        match_expressions,
    }
}

fn pod_template(reporter: &mut Reporter, value: &Value, path: &FieldPath) -> Option<PodTemplate> {
    let template = object(reporter, value, path, &schemas::POD_TEMPLATE)?;
    let mut labels = BTreeMap::new();
    if let Some(meta_value) = template.get("metadata") {
        let meta_path = template.child("metadata");
        if let Some(meta) = object(reporter, meta_value, &meta_path, &schemas::OBJECT_META) {
            // Named `spec.template.labels`: `ValidatePodTemplateSpec` is handed `spec.template`.
            labels = super::validate::labels_and_annotations(reporter, &meta, &template.path);
        }
    }
    let spec_path = template.child("spec");
    let Some(spec_value) = template.get("spec") else {
        reporter.required(&spec_path.field("containers"), None);
        return None;
    };
    let spec = pod_spec(reporter, spec_value, &spec_path)?;
    Some(PodTemplate { labels, spec })
}

fn pod_spec(reporter: &mut Reporter, value: &Value, path: &FieldPath) -> Option<PodSpec> {
    let spec = object(reporter, value, path, &schemas::POD_SPEC)?;
    let volumes = container_fields::volumes(reporter, &spec);
    let containers = containers(reporter, &spec, "containers", &volumes);
    let init_containers = containers_if_present(reporter, &spec, "initContainers", &volumes);
    let node_selector = spec
        .get("nodeSelector")
        .map(|value| string_map(reporter, value, &spec.child("nodeSelector")))
        .unwrap_or_default();
    let mut tolerations = Vec::new();
    if let Some(value) = spec.get("tolerations") {
        let tolerations_path = spec.child("tolerations");
        for (index, item) in list(reporter, value, &tolerations_path).iter().enumerate() {
            let item_path = tolerations_path.index(index);
            let Some(item) = object(reporter, item, &item_path, &schemas::TOLERATION) else {
                continue;
            };
            let text = |reporter: &mut Reporter, name: &str| {
                item.get(name)
                    .and_then(|value| string(reporter, value, &item.child(name)))
                    .unwrap_or_default()
            };
            tolerations.push(Toleration {
                key: text(reporter, "key"),
                operator: text(reporter, "operator"),
                value: text(reporter, "value"),
                effect: text(reporter, "effect"),
            });
        }
    }
    let termination_grace_period_seconds = spec
        .get("terminationGracePeriodSeconds")
        .and_then(|value| {
            int64(
                reporter,
                value,
                &spec.child("terminationGracePeriodSeconds"),
            )
        })
        .unwrap_or(30);
    let required_node_terms = pod_needs::required_node_terms(spec.get("affinity"));
    let references = pod_needs::references(value);
    let restart_policy = spec
        .get("restartPolicy")
        .and_then(|value| string(reporter, value, &spec.child("restartPolicy")))
        .unwrap_or_else(|| "Always".to_string());
    Some(PodSpec {
        containers,
        init_containers,
        node_selector,
        required_node_terms,
        tolerations,
        references,
        termination_grace_period_seconds,
        restart_policy,
    })
}

fn containers_if_present(
    reporter: &mut Reporter,
    spec: &Object,
    name: &str,
    volumes: &BTreeSet<String>,
) -> Vec<Container> {
    if spec.get(name).is_none() {
        return Vec::new();
    }
    containers(reporter, spec, name, volumes)
}

fn containers(
    reporter: &mut Reporter,
    spec: &Object,
    name: &str,
    volumes: &BTreeSet<String>,
) -> Vec<Container> {
    let path = spec.child(name);
    let Some(value) = spec.get(name) else {
        return Vec::new();
    };
    list(reporter, value, &path)
        .iter()
        .enumerate()
        .filter_map(|(index, item)| container(reporter, item, &path.index(index), volumes))
        .collect()
}

fn container(
    reporter: &mut Reporter,
    value: &Value,
    path: &FieldPath,
    volumes: &BTreeSet<String>,
) -> Option<Container> {
    let container = object(reporter, value, path, &schemas::CONTAINER)?;
    container_fields::container(reporter, &container, volumes);
    let text = |reporter: &mut Reporter, name: &str| {
        container
            .get(name)
            .and_then(|value| string(reporter, value, &container.child(name)))
    };
    let name = text(reporter, "name").unwrap_or_default();
    let image = text(reporter, "image").unwrap_or_default();
    let image_pull_policy = text(reporter, "imagePullPolicy")
        .unwrap_or_else(|| default_pull_policy(&image).to_string());
    let mut ports = Vec::new();
    if let Some(value) = container.get("ports") {
        let ports_path = container.child("ports");
        for (index, item) in list(reporter, value, &ports_path).iter().enumerate() {
            let item_path = ports_path.index(index);
            let Some(port) = object(reporter, item, &item_path, &schemas::CONTAINER_PORT) else {
                continue;
            };
            let container_port = port
                .get("containerPort")
                .and_then(|value| int32(reporter, value, &port.child("containerPort")))
                .unwrap_or(0);
            let port_name = port
                .get("name")
                .and_then(|value| string(reporter, value, &port.child("name")));
            let protocol = port
                .get("protocol")
                .and_then(|value| string(reporter, value, &port.child("protocol")))
                .unwrap_or_else(|| "TCP".to_string());
            ports.push(ContainerPort {
                name: port_name,
                container_port,
                protocol,
            });
        }
    }
    let mut resources = Resources::default();
    if let Some(value) = container.get("resources") {
        let resources_path = container.child("resources");
        if let Some(object) = object(reporter, value, &resources_path, &schemas::RESOURCES) {
            if let Some(value) = object.get("requests") {
                resources.requests = resource_list(reporter, value, &object.child("requests"));
            }
            if let Some(value) = object.get("limits") {
                resources.limits = resource_list(reporter, value, &object.child("limits"));
            }
        }
    }
    let readiness_probe = container
        .get("readinessProbe")
        .and_then(|value| probe(reporter, value, &container.child("readinessProbe")));
    // Checked with the other probes and lifecycle fields in `container_fields`; read here.
    let startup_probe = container.get("startupProbe").map(probe_timing);
    let liveness_probe = container.get("livenessProbe").map(probe_timing);
    let restart_policy = container
        .get("restartPolicy")
        .and_then(Value::as_str)
        .map(str::to_string);
    let pre_stop_seconds = container
        .get("lifecycle")
        .and_then(|lifecycle| lifecycle.get("preStop"))
        .and_then(pre_stop_sleep);
    Some(Container {
        name,
        image,
        image_pull_policy,
        ports,
        resources,
        readiness_probe,
        startup_probe,
        liveness_probe,
        restart_policy,
        pre_stop_seconds,
    })
}

/// How long a `preStop` hook waits, when that is all it does: `sleep: {seconds: N}`, or an
/// exec of `sleep N` (directly or through `sh -c`). Other hooks take no simulated time.
fn pre_stop_sleep(hook: &Value) -> Option<u64> {
    if let Some(seconds) = hook.get("sleep").and_then(|s| s.get("seconds")) {
        return seconds.as_u64();
    }
    let command: Vec<&str> = hook
        .get("exec")?
        .get("command")?
        .as_sequence()?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let words: Vec<&str> = match command.as_slice() {
        [shell, "-c", script] if shell.ends_with("sh") => script.split_whitespace().collect(),
        words => words.to_vec(),
    };
    match words.as_slice() {
        ["sleep", seconds] => seconds.parse().ok(),
        _ => None,
    }
}

/// A probe's timing as written, over `SetDefaults_Probe`; fields that are not whole numbers
/// are reported by `container_fields` and keep their defaults here.
fn probe_timing(value: &Value) -> Probe {
    timing_over_defaults(value, |_, written| written.as_i64())
}

fn probe(reporter: &mut Reporter, value: &Value, path: &FieldPath) -> Option<Probe> {
    let probe = object(reporter, value, path, &schemas::PROBE)?;
    container_fields::handlers(reporter, &probe, &["exec", "httpGet", "tcpSocket", "grpc"]);
    Some(timing_over_defaults(value, |name, written| {
        int32(reporter, written, &path.field(name))
    }))
}

/// The probe's timing fields, each read by `read`, over `SetDefaults_Probe`, which fills zero
/// values too, except the delay, whose default is 0.
fn timing_over_defaults(value: &Value, mut read: impl FnMut(&str, &Value) -> Option<i64>) -> Probe {
    let mut result = Probe::default();
    let fields: [(&str, &mut i64); 5] = [
        ("initialDelaySeconds", &mut result.initial_delay_seconds),
        ("periodSeconds", &mut result.period_seconds),
        ("timeoutSeconds", &mut result.timeout_seconds),
        ("successThreshold", &mut result.success_threshold),
        ("failureThreshold", &mut result.failure_threshold),
    ];
    for (name, slot) in fields {
        if let Some(written) = value.get(name)
            && let Some(number) = read(name, written)
            && (number != 0 || name == "initialDelaySeconds")
        {
            *slot = number;
        }
    }
    result
}

/// `SetDefaults_Container`: `Always` when the tag is `latest` or absent (and no digest).
pub fn default_pull_policy(image: &str) -> &'static str {
    if image.contains('@') {
        return "IfNotPresent";
    }
    match image_tag(image) {
        None | Some("latest") => "Always",
        Some(_) => "IfNotPresent",
    }
}

/// The tag of an image reference, ignoring a registry port (`host:5000/model`).
pub fn image_tag(image: &str) -> Option<&str> {
    let last_segment = image.rsplit('/').next().unwrap_or(image);
    let without_digest = last_segment.split('@').next().unwrap_or(last_segment);
    without_digest.split_once(':').map(|(_, tag)| tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pull_policy_follows_the_tag() {
        assert_eq!(default_pull_policy("mlmodel:latest"), "Always");
        assert_eq!(default_pull_policy("mlmodel"), "Always");
        assert_eq!(default_pull_policy("mlmodel:v2"), "IfNotPresent");
        assert_eq!(default_pull_policy("registry:5000/mlmodel"), "Always");
        assert_eq!(default_pull_policy("mlmodel@sha256:abc"), "IfNotPresent");
    }

    #[test]
    fn every_probe_fills_zero_timings_with_the_defaults() {
        let written: Value = crate::core::yaml::parse_stream(
            "initialDelaySeconds: 0\nperiodSeconds: 0\nfailureThreshold: 30\n",
        )
        .documents
        .remove(0)
        .value
        .expect("a mapping");
        let timing = probe_timing(&written);
        assert_eq!(timing.initial_delay_seconds, 0);
        assert_eq!(timing.period_seconds, Probe::default().period_seconds);
        assert_eq!(timing.failure_threshold, 30);
    }
}
