//! Validation after defaulting, with the API server's field paths and wording
//! (k/k `pkg/apis/apps/validation`, `pkg/apis/core/validation`,
//! `pkg/apis/autoscaling/validation`; §2 of the semantics reference).

use std::collections::{BTreeMap, BTreeSet};

use super::decode::{Anchor, Reporter};
use super::model::{
    Container, Deployment, HorizontalPodAutoscaler, IntOrPercent, Manifests, Service, StrategyKind,
};
use super::names;
use crate::core::diagnostic::{Diagnostic, Severity};
use crate::core::field_path::FieldPath;
use crate::core::limits::MAX_REPLICAS;
use crate::core::locate::Locator;

const PULL_POLICIES: [&str; 3] = ["Always", "IfNotPresent", "Never"];
const PROTOCOLS: [&str; 3] = ["SCTP", "TCP", "UDP"];

pub fn validate(manifests: &Manifests, locators: &[Locator], diagnostics: &mut Vec<Diagnostic>) {
    let fallback = Locator::default();
    let reporter_for = |document: usize,
                        diagnostics: &mut Vec<Diagnostic>,
                        check: &mut dyn FnMut(&mut Reporter)| {
        let mut reporter = Reporter {
            document,
            locator: locators.get(document).unwrap_or(&fallback),
            diagnostics,
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
    if manifests.deployment.is_none() {
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
        reporter.invalid(&path, &format!("\"{name}\""), &error);
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
    if deployment.progress_deadline_seconds <= deployment.min_ready_seconds
        && deployment.progress_deadline_seconds >= 0
    {
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
    if deployment.template.spec.containers.is_empty() {
        reporter.required(&pod_spec.field("containers"), None);
    }
    let mut seen = BTreeSet::new();
    let all = deployment
        .template
        .spec
        .init_containers
        .iter()
        .enumerate()
        .map(|(i, c)| (pod_spec.field("initContainers").index(i), c))
        .chain(
            deployment
                .template
                .spec
                .containers
                .iter()
                .enumerate()
                .map(|(i, c)| (pod_spec.field("containers").index(i), c)),
        );
    for (path, container) in all {
        validate_container(reporter, &path, container, &mut seen);
    }
}

fn validate_selector(reporter: &mut Reporter, deployment: &Deployment) {
    let selector_path = FieldPath::root().field("spec").field("selector");
    let labels_path = FieldPath::root()
        .field("spec")
        .field("template")
        .field("metadata")
        .field("labels");
    let written = reporter.locator.contains(&selector_path);
    if !written {
        reporter.required(&selector_path, None);
    } else if deployment.selector.is_empty() {
        reporter.invalid(
            &selector_path,
            "{}",
            "empty selector is invalid for deployment",
        );
        return;
    }
    validate_labels(
        reporter,
        &selector_path.field("matchLabels"),
        &deployment.selector.match_labels,
    );
    if deployment.selector.is_empty() || !deployment.selector.matches(&deployment.template.labels) {
        reporter.invalid(
            &labels_path,
            &json_map(&deployment.template.labels),
            "`selector` does not match template `labels`",
        );
    }
}

fn validate_labels(reporter: &mut Reporter, path: &FieldPath, labels: &BTreeMap<String, String>) {
    for (key, value) in labels {
        let entry = path.key(key);
        for error in names::label_key(key) {
            reporter.report(
                Severity::Error,
                &entry,
                Anchor::Key,
                format!("{path}: Invalid value: \"{key}\": {error}"),
            );
        }
        for error in names::label_value(value) {
            reporter.invalid(&entry, &format!("\"{value}\""), &error);
        }
    }
}

/// Field errors print maps as JSON, as current API servers do.
pub fn json_map(map: &BTreeMap<String, String>) -> String {
    let entries: Vec<String> = map
        .iter()
        .map(|(k, v)| format!("\"{k}\":\"{v}\""))
        .collect();
    format!("{{{}}}", entries.join(","))
}

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
    let surge_ok =
        surge.is_none_or(|value| validate_int_or_percent(reporter, &path.field("maxSurge"), value));
    let unavailable_ok = unavailable.is_none_or(|value| {
        validate_int_or_percent(reporter, &path.field("maxUnavailable"), value)
    });
    if !surge_ok || !unavailable_ok {
        return;
    }
    // Checked on the raw values, not on rounded ones (§2.3).
    let is_zero = |value: Option<&IntOrPercent>| match value {
        None => true,
        Some(IntOrPercent::Int(0)) => true,
        Some(IntOrPercent::Str(text)) => text.trim_end_matches('%').parse::<i64>() == Ok(0),
        Some(_) => false,
    };
    if is_zero(surge) && is_zero(unavailable) {
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
        && text
            .trim_end_matches('%')
            .parse::<i64>()
            .is_ok_and(|percent| percent > 100)
    {
        reporter.invalid(
            &path.field("maxUnavailable"),
            &format!("\"{text}\""),
            "must not be greater than 100%",
        );
    }
}

fn show_int_or_percent(value: &IntOrPercent) -> String {
    match value {
        IntOrPercent::Int(number) => number.to_string(),
        IntOrPercent::Str(text) => format!("\"{text}\""),
    }
}

/// `ValidatePositiveIntOrPercent`.
fn validate_int_or_percent(
    reporter: &mut Reporter,
    path: &FieldPath,
    value: &IntOrPercent,
) -> bool {
    match value {
        IntOrPercent::Int(number) if *number < 0 => {
            reporter.invalid(
                path,
                &number.to_string(),
                "must be greater than or equal to 0",
            );
            false
        }
        IntOrPercent::Int(_) => true,
        IntOrPercent::Str(text) => match names::percent(text) {
            Some(error) => {
                reporter.invalid(path, &format!("\"{text}\""), &error);
                false
            }
            None => true,
        },
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
                &format!("\"{}\"", container.name),
                &error,
            );
        }
        if !seen.insert(container.name.clone()) {
            let name_path = path.field("name");
            reporter.report(
                Severity::Error,
                &name_path,
                Anchor::Value,
                format!("{name_path}: Duplicate value: \"{}\"", container.name),
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
            for error in names::port_name(name) {
                reporter.invalid(&port_path.field("name"), &format!("\"{name}\""), &error);
            }
            if !port_names.insert(name.clone()) {
                let name_path = port_path.field("name");
                reporter.report(
                    Severity::Error,
                    &name_path,
                    Anchor::Value,
                    format!("{name_path}: Duplicate value: \"{name}\""),
                );
            }
        }
    }
    let resources = path.field("resources");
    for (list_name, list) in [
        ("requests", &container.resources.requests),
        ("limits", &container.resources.limits),
    ] {
        for (resource, quantity) in list {
            if quantity.is_negative() {
                reporter.invalid(
                    &resources.field(list_name).key(resource),
                    &format!("\"{quantity}\""),
                    "must be greater than or equal to 0",
                );
            }
        }
    }
    for (resource, request) in &container.resources.requests {
        if let Some(limit) = container.resources.limits.get(resource)
            && request.cmp_value(limit) == std::cmp::Ordering::Greater
        {
            reporter.invalid(
                &resources.field("requests"),
                &format!("\"{request}\""),
                &format!("must be less than or equal to {resource} limit of {limit}"),
            );
        }
    }
}

fn validate_service(reporter: &mut Reporter, service: &Service) {
    name_errors(reporter, &service.name, names::dns1035_label(&service.name));
    let spec = FieldPath::root().field("spec");
    if service.ports.is_empty() && service.service_type != "ExternalName" {
        reporter.required(&spec.field("ports"), None);
    }
    for (index, port) in service.ports.iter().enumerate() {
        let port_path = spec.field("ports").index(index);
        if !(1..=65535).contains(&port.port) {
            reporter.invalid(
                &port_path.field("port"),
                &port.port.to_string(),
                "must be between 1 and 65535, inclusive",
            );
        }
        if service.ports.len() > 1 && port.name.as_deref().unwrap_or("").is_empty() {
            reporter.required(&port_path.field("name"), None);
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
                        &format!("\"{name}\""),
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
    if autoscaler.min_replicas < 1 {
        reporter.invalid(
            &spec.field("minReplicas"),
            &autoscaler.min_replicas.to_string(),
            "must be greater than or equal to 1",
        );
    }
    if autoscaler.max_replicas < 1 {
        reporter.invalid(
            &spec.field("maxReplicas"),
            &autoscaler.max_replicas.to_string(),
            "must be greater than 0",
        );
    } else if autoscaler.max_replicas < autoscaler.min_replicas {
        reporter.invalid(
            &spec.field("maxReplicas"),
            &autoscaler.max_replicas.to_string(),
            "must be greater than or equal to `minReplicas`",
        );
    } else if autoscaler.max_replicas > MAX_REPLICAS {
        reporter.invalid(
            &spec.field("maxReplicas"),
            &autoscaler.max_replicas.to_string(),
            &format!("the simulation runs at most {MAX_REPLICAS} replicas"),
        );
    }
    if let Some(super::model::CpuTarget::Utilization(percent)) = autoscaler.cpu_target
        && percent <= 0
    {
        let path = spec
            .field("metrics")
            .index(0)
            .field("resource")
            .field("target")
            .field("averageUtilization");
        reporter.invalid(&path, &percent.to_string(), "must be greater than 0");
    }
}
