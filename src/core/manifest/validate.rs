//! Validation after defaulting, with the API server's field paths and wording
//! (k/k `pkg/apis/apps/validation`, `pkg/apis/core/validation`,
//! `pkg/apis/autoscaling/validation`; §2 of the semantics reference).

use std::collections::{BTreeMap, BTreeSet};

use super::decode::{Anchor, Reporter};
use super::model::{
    Container, Deployment, HorizontalPodAutoscaler, IntOrPercent, LabelSelector, Manifests,
    Requirement, Service, StrategyKind, Toleration,
};
use super::names;
use crate::core::diagnostic::{Diagnostic, Severity};
use crate::core::field_path::FieldPath;
use crate::core::go_format::field_error_quote;
use crate::core::limits::MAX_REPLICAS;
use crate::core::locate::Locator;

// The quoting helpers moved to `go_format`; these names stay for callers of the old paths.
pub use crate::core::go_format::{field_error_quote as quote, json_map, json_string};

const PULL_POLICIES: [&str; 3] = ["Always", "IfNotPresent", "Never"];
const PROTOCOLS: [&str; 3] = ["SCTP", "TCP", "UDP"];

/// Validates every object whose document is not in `rejected` (documents that failed strict
/// decoding).
pub fn validate(
    manifests: &Manifests,
    locators: &[Locator],
    rejected: &BTreeSet<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // A Deployment that failed its own checks is missing for that reason, not for lack of one.
    let earlier_errors = diagnostics.iter().any(Diagnostic::is_error);
    let fallback = Locator::default();
    let reporter_for = |document: usize,
                        diagnostics: &mut Vec<Diagnostic>,
                        check: &mut dyn FnMut(&mut Reporter)| {
        if rejected.contains(&document) {
            return;
        }
        let mut reporter = Reporter {
            document,
            locator: locators.get(document).unwrap_or(&fallback),
            diagnostics,
            deferred: None,
        };
        check(&mut reporter);
    };
    if let Some(deployment) = &manifests.deployment {
        reporter_for(deployment.document, diagnostics, &mut |r| {
            validate_deployment(r, deployment)
        });
    }
    for service in &manifests.services {
        reporter_for(service.document, diagnostics, &mut |r| {
            validate_service(r, service)
        });
    }
    if let Some(autoscaler) = &manifests.autoscaler {
        reporter_for(autoscaler.document, diagnostics, &mut |r| {
            validate_autoscaler(r, autoscaler)
        });
    }
    if manifests.deployment.is_none() && !earlier_errors {
        diagnostics.push(Diagnostic {
            severity: Severity::Error,
            document: 0,
            path: String::new(),
            line: locators.first().map(|l| l.key_position(&FieldPath::root()).line).unwrap_or(1),
            column: 1,
            message: "no Deployment found: the lesson simulates one Deployment (apiVersion: apps/v1, kind: Deployment)".to_string(),
        });
    }
}

fn name_errors(reporter: &mut Reporter, name: &str, errors: Vec<String>) {
    let path = FieldPath::root().field("metadata").field("name");
    if name.is_empty() {
        return;
    }
    for error in errors {
        reporter.invalid(&path, &field_error_quote(name), &error);
    }
}

fn validate_deployment(reporter: &mut Reporter, deployment: &Deployment) {
    name_errors(
        reporter,
        &deployment.name,
        names::dns1123_subdomain(&deployment.name),
    );
    let spec = FieldPath::root().field("spec");
    if deployment.replicas < 0 {
        reporter.invalid(
            &spec.field("replicas"),
            &deployment.replicas.to_string(),
            "must be greater than or equal to 0",
        );
    } else if deployment.replicas > MAX_REPLICAS {
        reporter.invalid(
            &spec.field("replicas"),
            &deployment.replicas.to_string(),
            &format!("the simulation runs at most {MAX_REPLICAS} replicas, so the lesson stays responsive"),
        );
    }
    for (name, value) in [
        ("minReadySeconds", deployment.min_ready_seconds),
        ("revisionHistoryLimit", deployment.revision_history_limit),
        (
            "progressDeadlineSeconds",
            deployment.progress_deadline_seconds,
        ),
    ] {
        if value < 0 {
            reporter.invalid(
                &spec.field(name),
                &value.to_string(),
                "must be greater than or equal to 0",
            );
        }
    }
    if deployment.progress_deadline_seconds <= deployment.min_ready_seconds {
        reporter.invalid(
            &spec.field("progressDeadlineSeconds"),
            &deployment.progress_deadline_seconds.to_string(),
            "must be greater than minReadySeconds",
        );
    }
    validate_selector(reporter, deployment);
    validate_strategy(reporter, deployment);
    let pod_spec = spec.field("template").field("spec");
    let template_labels_path = spec.field("template").field("metadata").field("labels");
    validate_labels(reporter, &template_labels_path, &deployment.template.labels);
    if deployment.template.spec.restart_policy != "Always" {
        reporter.unsupported(
            &pod_spec.field("restartPolicy"),
            &deployment.template.spec.restart_policy,
            &["Always"],
        );
    }
    if deployment.template.spec.termination_grace_period_seconds < 0 {
        reporter.invalid(
            &pod_spec.field("terminationGracePeriodSeconds"),
            &deployment
                .template
                .spec
                .termination_grace_period_seconds
                .to_string(),
            "must be greater than or equal to 0",
        );
    }
    validate_tolerations(reporter, &pod_spec.field("tolerations"), deployment);
    if deployment.template.spec.containers.is_empty() {
        reporter.required(&pod_spec.field("containers"), None);
    }
    let mut seen = BTreeSet::new();
    // `ValidatePodSpec` checks the containers, then the init containers against all names.
    let all = deployment
        .template
        .spec
        .containers
        .iter()
        .enumerate()
        .map(|(i, c)| (pod_spec.field("containers").index(i), c))
        .chain(
            deployment
                .template
                .spec
                .init_containers
                .iter()
                .enumerate()
                .map(|(i, c)| (pod_spec.field("initContainers").index(i), c)),
        );
    for (path, container) in all {
        validate_container(reporter, &path, container, &mut seen);
    }
}

/// `ValidateDeploymentSpec`'s selector checks, then `ValidatePodTemplateSpecForReplicaSet`'s
/// match check. A selector that `LabelSelectorAsSelector` cannot convert is reported as an
/// invalid label selector and the template is not compared with it.
fn validate_selector(reporter: &mut Reporter, deployment: &Deployment) {
    let selector_path = FieldPath::root().field("spec").field("selector");
    let labels_path = FieldPath::root()
        .field("spec")
        .field("template")
        .field("metadata")
        .field("labels");
    let selector = &deployment.selector;
    let written = reporter.locator.contains(&selector_path);
    let mut convertible = true;
    if !written {
        reporter.required(&selector_path, None);
    } else {
        validate_labels(
            reporter,
            &selector_path.field("matchLabels"),
            &selector.match_labels,
        );
        for (index, requirement) in selector.match_expressions.iter().enumerate() {
            let path = selector_path.field("matchExpressions").index(index);
            validate_requirement(reporter, &path, requirement);
        }
        if selector.is_empty() {
            reporter.invalid(
                &selector_path,
                "{}",
                "empty selector is invalid for deployment",
            );
        }
        convertible = selector_converts(selector);
        if !convertible {
            reporter.invalid(
                &selector_path,
                &json_selector(selector),
                "invalid label selector",
            );
        }
    }
    // A missing selector selects nothing; an empty one selects everything.
    let selects_template =
        written && (selector.is_empty() || selector.matches(&deployment.template.labels));
    if convertible && !selects_template {
        reporter.invalid(
            &labels_path,
            &json_map(&deployment.template.labels),
            "`selector` does not match template `labels`",
        );
    }
}

/// `ValidateLabelSelectorRequirement`.
fn validate_requirement(reporter: &mut Reporter, path: &FieldPath, requirement: &Requirement) {
    let values_path = path.field("values");
    match requirement.operator.as_str() {
        "In" | "NotIn" if requirement.values.is_empty() => reporter.required(
            &values_path,
            Some("must be specified when `operator` is 'In' or 'NotIn'"),
        ),
        "Exists" | "DoesNotExist" if !requirement.values.is_empty() => reporter.report(
            Severity::Error,
            &values_path,
            Anchor::Key,
            format!("{values_path}: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        ),
        "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
        other => reporter.invalid(
            &path.field("operator"),
            &json_string(other),
            "not a valid selector operator",
        ),
    }
    let key_path = path.field("key");
    for error in names::label_key(&requirement.key) {
        reporter.invalid(&key_path, &field_error_quote(&requirement.key), &error);
    }
    for (index, value) in requirement.values.iter().enumerate() {
        for error in names::label_value(value) {
            reporter.invalid(&values_path.index(index), &field_error_quote(value), &error);
        }
    }
}

/// Whether `metav1.LabelSelectorAsSelector` accepts the selector (`labels.NewRequirement`
/// checks every key, value and operator).
fn selector_converts(selector: &LabelSelector) -> bool {
    let labels_ok = selector.match_labels.iter().all(|(key, value)| {
        names::label_key(key).is_empty() && names::label_value(value).is_empty()
    });
    let expressions_ok = selector.match_expressions.iter().all(|requirement| {
        let values_ok = match requirement.operator.as_str() {
            "In" | "NotIn" => !requirement.values.is_empty(),
            "Exists" | "DoesNotExist" => requirement.values.is_empty(),
            _ => false,
        };
        values_ok
            && names::label_key(&requirement.key).is_empty()
            && requirement
                .values
                .iter()
                .all(|value| names::label_value(value).is_empty())
    });
    labels_ok && expressions_ok
}

/// Label errors name the map, not the entry (`ValidateLabels`); the marker goes on the entry.
fn validate_labels(reporter: &mut Reporter, path: &FieldPath, labels: &BTreeMap<String, String>) {
    for (key, value) in labels {
        let entry = path.key(key);
        for error in names::label_key(key) {
            reporter.report(
                Severity::Error,
                &entry,
                Anchor::Key,
                format!("{path}: Invalid value: {}: {error}", field_error_quote(key)),
            );
        }
        for error in names::label_value(value) {
            reporter.report(
                Severity::Error,
                &entry,
                Anchor::Value,
                format!(
                    "{path}: Invalid value: {}: {error}",
                    field_error_quote(value)
                ),
            );
        }
    }
}

/// A `metav1.LabelSelector` as JSON (`matchLabels`, then `matchExpressions`; empty parts omitted).
fn json_selector(selector: &LabelSelector) -> String {
    let mut parts = Vec::new();
    if !selector.match_labels.is_empty() {
        parts.push(format!(
            "\"matchLabels\":{}",
            json_map(&selector.match_labels)
        ));
    }
    if !selector.match_expressions.is_empty() {
        let expressions: Vec<String> = selector
            .match_expressions
            .iter()
            .map(|requirement| {
                let mut text = format!(
                    "{{\"key\":{},\"operator\":{}",
                    json_string(&requirement.key),
                    json_string(&requirement.operator)
                );
                if !requirement.values.is_empty() {
                    let values: Vec<String> =
                        requirement.values.iter().map(|v| json_string(v)).collect();
                    text.push_str(&format!(",\"values\":[{}]", values.join(",")));
                }
                text.push('}');
                text
            })
            .collect();
        parts.push(format!("\"matchExpressions\":[{}]", expressions.join(",")));
    }
    format!("{{{}}}", parts.join(","))
}

/// `ValidateRollingUpdateDeployment`: both values are checked, then the pair; the pair check
/// reads the raw values (an invalid string counts as its integer parse, as `IntValue` does).
fn validate_strategy(reporter: &mut Reporter, deployment: &Deployment) {
    if deployment.strategy.kind != StrategyKind::RollingUpdate {
        return;
    }
    let path = FieldPath::root()
        .field("spec")
        .field("strategy")
        .field("rollingUpdate");
    let surge = deployment.strategy.max_surge.as_ref();
    let unavailable = deployment.strategy.max_unavailable.as_ref();
    if let Some(value) = surge {
        validate_int_or_percent(reporter, &path.field("maxSurge"), value);
    }
    if let Some(value) = unavailable {
        validate_int_or_percent(reporter, &path.field("maxUnavailable"), value);
    }
    // `getIntOrPercentValue`.
    let raw = |value: Option<&IntOrPercent>| match value {
        None => 0,
        Some(IntOrPercent::Int(number)) => *number,
        Some(IntOrPercent::Str(text)) => percent_value(text)
            .or_else(|| text.parse::<i64>().ok())
            .unwrap_or(0),
    };
    if raw(surge) == 0 && raw(unavailable) == 0 {
        let shown = unavailable
            .map(show_int_or_percent)
            .unwrap_or_else(|| "0".to_string());
        reporter.invalid(
            &path.field("maxUnavailable"),
            &shown,
            "may not be 0 when `maxSurge` is 0",
        );
    }
    if let Some(IntOrPercent::Str(text)) = unavailable
        && percent_value(text).is_some_and(|percent| percent > 100)
    {
        reporter.invalid(
            &path.field("maxUnavailable"),
            &json_string(text),
            "must not be greater than 100%",
        );
    }
}

/// `getPercentValue`: the number of a valid percent string.
fn percent_value(text: &str) -> Option<i64> {
    if names::percent(text).is_some() {
        return None;
    }
    text.trim_end_matches('%').parse().ok()
}

fn show_int_or_percent(value: &IntOrPercent) -> String {
    match value {
        IntOrPercent::Int(number) => number.to_string(),
        IntOrPercent::Str(text) => json_string(text),
    }
}

/// `ValidatePositiveIntOrPercent`.
fn validate_int_or_percent(reporter: &mut Reporter, path: &FieldPath, value: &IntOrPercent) {
    match value {
        IntOrPercent::Int(number) if *number < 0 => reporter.invalid(
            path,
            &number.to_string(),
            "must be greater than or equal to 0",
        ),
        IntOrPercent::Int(_) => {}
        IntOrPercent::Str(text) => {
            if let Some(error) = names::percent(text) {
                reporter.invalid(path, &json_string(text), &error);
            }
        }
    }
}

fn validate_container(
    reporter: &mut Reporter,
    path: &FieldPath,
    container: &Container,
    seen: &mut BTreeSet<String>,
) {
    if container.name.is_empty() {
        reporter.required(&path.field("name"), None);
    } else {
        for error in names::dns1123_label(&container.name) {
            reporter.invalid(
                &path.field("name"),
                &field_error_quote(&container.name),
                &error,
            );
        }
        if !seen.insert(container.name.clone()) {
            let name_path = path.field("name");
            reporter.report(
                Severity::Error,
                &name_path,
                Anchor::Value,
                format!(
                    "{name_path}: Duplicate value: {}",
                    field_error_quote(&container.name)
                ),
            );
        }
    }
    if container.image.trim().is_empty() {
        reporter.required(&path.field("image"), None);
    }
    if !PULL_POLICIES.contains(&container.image_pull_policy.as_str()) {
        reporter.unsupported(
            &path.field("imagePullPolicy"),
            &container.image_pull_policy,
            &PULL_POLICIES,
        );
    }
    let mut port_names = BTreeSet::new();
    for (index, port) in container.ports.iter().enumerate() {
        let port_path = path.field("ports").index(index);
        if port.container_port == 0 {
            reporter.required(&port_path.field("containerPort"), None);
        } else if !(1..=65535).contains(&port.container_port) {
            reporter.invalid(
                &port_path.field("containerPort"),
                &port.container_port.to_string(),
                "must be between 1 and 65535, inclusive",
            );
        }
        if !PROTOCOLS.contains(&port.protocol.as_str()) {
            reporter.unsupported(&port_path.field("protocol"), &port.protocol, &PROTOCOLS);
        }
        if let Some(name) = &port.name {
            let name_path = port_path.field("name");
            let errors = names::port_name(name);
            for error in &errors {
                reporter.invalid(&name_path, &field_error_quote(name), error);
            }
            if errors.is_empty() && !port_names.insert(name.clone()) {
                reporter.report(
                    Severity::Error,
                    &name_path,
                    Anchor::Value,
                    format!("{name_path}: Duplicate value: {}", field_error_quote(name)),
                );
            }
        }
    }
    validate_resources(reporter, &path.field("resources"), container);
}

/// `ValidateResourceRequirements`: resource names, non-negative and (for extended resources)
/// whole quantities, requests within limits; resources that cannot be overcommitted (such as
/// `nvidia.com/gpu`) need a limit and a request equal to it.
fn validate_resources(reporter: &mut Reporter, path: &FieldPath, container: &Container) {
    let requests = &container.resources.requests;
    let limits = &container.resources.limits;
    let requests_path = path.field("requests");
    let limits_path = path.field("limits");
    for (list_path, list) in [(&limits_path, limits), (&requests_path, requests)] {
        for (resource, quantity) in list {
            let entry = list_path.key(resource);
            for error in names::container_resource_name(resource) {
                reporter.report(
                    Severity::Error,
                    &entry,
                    Anchor::Key,
                    format!("{entry}: Invalid value: {}: {error}", json_string(resource)),
                );
            }
            let shown = field_error_quote(&quantity.to_string());
            if quantity.is_negative() {
                reporter.invalid(&entry, &shown, "must be greater than or equal to 0");
            }
            if names::is_integer_resource(resource) && quantity.milli_value() % 1000 != 0 {
                reporter.invalid(&entry, &shown, "must be an integer");
            }
        }
    }
    for (resource, request) in requests {
        let overcommit = names::overcommit_allowed(resource);
        match limits.get(resource) {
            Some(limit) => {
                let order = request.cmp_value(limit);
                let shown = field_error_quote(&request.to_string());
                if order != std::cmp::Ordering::Equal && !overcommit {
                    reporter.invalid(
                        &requests_path,
                        &shown,
                        &format!("must be equal to {resource} limit of {limit}"),
                    );
                } else if order == std::cmp::Ordering::Greater {
                    reporter.invalid(
                        &requests_path,
                        &shown,
                        &format!("must be less than or equal to {resource} limit of {limit}"),
                    );
                }
            }
            None if !overcommit => reporter.required(
                &limits_path,
                Some("Limit must be set for non overcommitable resources"),
            ),
            None => {}
        }
    }
}

/// `ValidateTolerations` (the rules that do not need `tolerationSeconds`).
fn validate_tolerations(reporter: &mut Reporter, path: &FieldPath, deployment: &Deployment) {
    for (index, toleration) in deployment.template.spec.tolerations.iter().enumerate() {
        let item = path.index(index);
        let operator_path = item.field("operator");
        if !toleration.key.is_empty() {
            for error in names::label_key(&toleration.key) {
                reporter.invalid(
                    &item.field("key"),
                    &field_error_quote(&toleration.key),
                    &error,
                );
            }
        }
        if toleration.key.is_empty() && toleration.operator != "Exists" {
            reporter.invalid(
                &operator_path,
                &json_string(&toleration.operator),
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            );
        }
        match toleration.operator.as_str() {
            "Equal" | "" => {
                let errors = names::label_value(&toleration.value);
                if !errors.is_empty() {
                    reporter.invalid(
                        &operator_path,
                        &field_error_quote(&toleration.value),
                        &errors.join(";"),
                    );
                }
            }
            "Exists" => {
                if !toleration.value.is_empty() {
                    reporter.report(
                        Severity::Error,
                        &operator_path,
                        Anchor::Value,
                        format!("{operator_path}: Invalid value: {}: value must be empty when `operator` is 'Exists'", json_toleration(toleration)),
                    );
                }
            }
            other => reporter.unsupported(&operator_path, other, &["Equal", "Exists"]),
        }
        if !toleration.effect.is_empty()
            && !matches!(
                toleration.effect.as_str(),
                "NoSchedule" | "PreferNoSchedule" | "NoExecute"
            )
        {
            reporter.unsupported(
                &item.field("effect"),
                &toleration.effect,
                &["NoSchedule", "PreferNoSchedule", "NoExecute"],
            );
        }
    }
}

/// A toleration as JSON, empty fields omitted (`core.Toleration`'s `omitempty` tags).
fn json_toleration(toleration: &Toleration) -> String {
    let parts: Vec<String> = [
        ("key", &toleration.key),
        ("operator", &toleration.operator),
        ("value", &toleration.value),
        ("effect", &toleration.effect),
    ]
    .iter()
    .filter(|(_, value)| !value.is_empty())
    .map(|(name, value)| format!("\"{name}\":{}", json_string(value)))
    .collect();
    format!("{{{}}}", parts.join(","))
}

fn validate_service(reporter: &mut Reporter, service: &Service) {
    name_errors(reporter, &service.name, names::dns1035_label(&service.name));
    let spec = FieldPath::root().field("spec");
    let mut port_names = BTreeSet::new();
    for (index, port) in service.ports.iter().enumerate() {
        let port_path = spec.field("ports").index(index);
        if !(1..=65535).contains(&port.port) {
            reporter.invalid(
                &port_path.field("port"),
                &port.port.to_string(),
                "must be between 1 and 65535, inclusive",
            );
        }
        // `validateServicePort`: names are DNS-1123 labels, unique, required with several ports.
        let name = port.name.as_deref().unwrap_or("");
        let name_path = port_path.field("name");
        if service.ports.len() > 1 && name.is_empty() {
            reporter.required(&name_path, None);
        } else if !name.is_empty() {
            for error in names::dns1123_label(name) {
                reporter.invalid(&name_path, &field_error_quote(name), &error);
            }
            if !port_names.insert(name.to_string()) {
                reporter.report(
                    Severity::Error,
                    &name_path,
                    Anchor::Value,
                    format!("{name_path}: Duplicate value: {}", field_error_quote(name)),
                );
            }
        }
        if !PROTOCOLS.contains(&port.protocol.as_str()) {
            reporter.unsupported(&port_path.field("protocol"), &port.protocol, &PROTOCOLS);
        }
        match &port.target_port {
            IntOrPercent::Int(number) if !(1..=65535).contains(number) => {
                reporter.invalid(
                    &port_path.field("targetPort"),
                    &number.to_string(),
                    "must be between 1 and 65535, inclusive",
                );
            }
            IntOrPercent::Str(name) => {
                for error in names::port_name(name) {
                    reporter.invalid(
                        &port_path.field("targetPort"),
                        &field_error_quote(name),
                        &error,
                    );
                }
            }
            IntOrPercent::Int(_) => {}
        }
    }
    validate_labels(reporter, &spec.field("selector"), &service.selector);
}

fn validate_autoscaler(reporter: &mut Reporter, autoscaler: &HorizontalPodAutoscaler) {
    name_errors(
        reporter,
        &autoscaler.name,
        names::dns1123_subdomain(&autoscaler.name),
    );
    let spec = FieldPath::root().field("spec");
    let target = spec.field("scaleTargetRef");
    if autoscaler.target_kind.is_empty() {
        reporter.required(&target.field("kind"), None);
    }
    if autoscaler.target_name.is_empty() {
        reporter.required(&target.field("name"), None);
    }
    // The replica bounds and metrics are checked while decoding (autoscaler.rs).
}
