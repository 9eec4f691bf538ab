//! An autoscaler's `metrics`: the CPU resource target the simulation follows and the `Pods`,
//! `Object` and `External` metrics that a metrics adapter would serve, with the API server's
//! checks of each metric source and target.

use super::autoscaler::DEFAULT_CPU_UTILIZATION;
use super::decode::{self, Reporter, int32, list, object, quantity, string};
use super::model::{CpuTarget, CustomMetric, CustomTarget, MetricSource};
use super::schemas;
use crate::core::diagnostic::Severity;
use crate::core::field_path::FieldPath;
use crate::core::yaml::Value;

/// Reads `metrics` with the checks of `validateMetricSpec`, `validateResourceSource` and
/// `validateMetricTarget`; returns the CPU target the simulation follows and the `Pods`,
/// `Object` and `External` metrics.
pub(super) fn metrics(
    reporter: &mut Reporter,
    value: &Value,
    path: &FieldPath,
) -> (Option<CpuTarget>, Vec<CustomMetric>) {
    let items = list(reporter, value, path);
    if items.is_empty() {
        return (
            Some(CpuTarget::Utilization(DEFAULT_CPU_UTILIZATION)),
            Vec::new(),
        );
    }
    let mut cpu_target = None;
    let mut custom_metrics = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let item_path = path.index(index);
        let Some(metric) = object(reporter, item, &item_path, &schemas::METRIC_SPEC) else {
            continue;
        };
        let kind = metric
            .get("type")
            .and_then(|value| string(reporter, value, &metric.child("type")))
            .unwrap_or_default();
        const TYPES: [&str; 5] = [
            "ContainerResource",
            "External",
            "Object",
            "Pods",
            "Resource",
        ];
        if kind.is_empty() {
            reporter.required(
                &metric.child("type"),
                Some("must specify a metric source type"),
            );
        }
        if !TYPES.contains(&kind.as_str()) {
            reporter.unsupported(&metric.child("type"), &kind, &TYPES);
        }
        // Exactly one source, the one `type` names.
        let sources = [
            "object",
            "pods",
            "resource",
            "containerResource",
            "external",
        ];
        let present: Vec<&str> = sources
            .iter()
            .copied()
            .filter(|source| metric.get(source).is_some())
            .collect();
        let expected = TYPES.contains(&kind.as_str()).then(|| lower_first(&kind));
        if let Some(expected) = &expected
            && !present.contains(&expected.as_str())
        {
            reporter.required(
                &metric.child(expected),
                Some("must populate information for the given metric source"),
            );
        }
        if present.len() > 1 {
            for source in present
                .iter()
                .filter(|source| Some(**source) != expected.as_deref())
            {
                let source_path = metric.child(source);
                reporter.report(
                    Severity::Error,
                    &source_path,
                    decode::Anchor::Key,
                    format!("{source_path}: Forbidden: must populate the given metric source only"),
                );
            }
        }
        let source = match kind.as_str() {
            "Pods" => Some(MetricSource::Pods),
            "Object" => Some(MetricSource::Object),
            "External" => Some(MetricSource::External),
            _ => None,
        };
        if let (Some(source), Some(expected)) = (source, &expected) {
            let body = metric.get(expected);
            let text = |value: Option<&Value>, keys: &[&str]| {
                let mut current = value?;
                for key in keys {
                    current = current.get(*key)?;
                }
                current.as_str().map(str::to_string)
            };
            let name = text(body, &["metric", "name"]).unwrap_or_default();
            let described = text(body, &["describedObject", "kind"])
                .zip(text(body, &["describedObject", "name"]));
            let target_value = |key: &str| {
                let raw = body?.get("target")?.get(key)?;
                let written = match raw {
                    Value::String(text) => text.clone(),
                    Value::Number(number) => number.to_string(),
                    _ => return None,
                };
                crate::core::quantity::Quantity::parse(&written)
                    .ok()
                    .map(|q| q.milli_value())
            };
            let target = match text(body, &["target", "type"]).as_deref() {
                Some("Value") => target_value("value").map(CustomTarget::Value),
                Some("AverageValue") => {
                    target_value("averageValue").map(CustomTarget::AverageValue)
                }
                _ => None,
            };
            reporter.info(
                &metric.child("type"),
                decode::Anchor::Value,
                format!("{}: a {kind} metric comes from a metrics adapter; the simulated cluster has none, so the autoscaler cannot read \"{name}\" unless the Scenario's metrics give its values", metric.child("type")),
            );
            custom_metrics.push(CustomMetric {
                source,
                name,
                described,
                target,
            });
            continue;
        }
        if kind != "Resource" {
            if TYPES.contains(&kind.as_str()) {
                reporter.info(
                    &metric.child("type"),
                    decode::Anchor::Value,
                    format!("{}: {kind} metrics are accepted; not simulated (only the cpu Resource metric drives this lesson)", metric.child("type")),
                );
            }
            continue;
        }
        let Some(resource_value) = metric.get("resource") else {
            continue;
        };
        let resource_path = metric.child("resource");
        let Some(resource) = object(
            reporter,
            resource_value,
            &resource_path,
            &schemas::RESOURCE_METRIC,
        ) else {
            continue;
        };
        let name = resource
            .get("name")
            .and_then(|value| string(reporter, value, &resource.child("name")))
            .unwrap_or_default();
        if name.is_empty() {
            reporter.required(
                &resource.child("name"),
                Some("must specify a resource name"),
            );
        }
        let parsed = resource.get("target").and_then(|target_value| {
            metric_target(reporter, target_value, &resource.child("target"))
        });
        if resource.get("target").is_none() {
            // An absent target is an empty one: no type and no value.
            let target_path = resource.child("target");
            reporter.required(
                &target_path.field("type"),
                Some("must specify a metric target type"),
            );
            reporter.invalid(
                &target_path.field("type"),
                "\"\"",
                "must be either Utilization, Value, or AverageValue",
            );
            reporter.required(
                &target_path.field("averageUtilization"),
                Some("must set either a target raw value or a target utilization"),
            );
        }
        if name == "cpu" {
            cpu_target = parsed.or(cpu_target);
        } else if !name.is_empty() {
            reporter.info(
                &resource.child("name"),
                decode::Anchor::Value,
                format!(
                    "{}: the {name} metric is accepted; not simulated (only cpu is)",
                    resource.child("name")
                ),
            );
        }
    }
    (cpu_target, custom_metrics)
}

/// `Resource` → `resource`, `ContainerResource` → `containerResource`.
fn lower_first(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + characters.as_str(),
        None => String::new(),
    }
}

/// A Resource metric's `target`. The controller follows `averageValue` when it is set and
/// `averageUtilization` otherwise, whatever `type` says.
fn metric_target(reporter: &mut Reporter, value: &Value, path: &FieldPath) -> Option<CpuTarget> {
    let target = object(reporter, value, path, &schemas::METRIC_TARGET)?;
    let target_type = target
        .get("type")
        .and_then(|value| string(reporter, value, &target.child("type")))
        .unwrap_or_default();
    if target_type.is_empty() {
        reporter.required(
            &target.child("type"),
            Some("must specify a metric target type"),
        );
    }
    if !matches!(
        target_type.as_str(),
        "Utilization" | "Value" | "AverageValue"
    ) {
        reporter.invalid(
            &target.child("type"),
            &format!("\"{target_type}\""),
            "must be either Utilization, Value, or AverageValue",
        );
    }
    let positive_quantity = |reporter: &mut Reporter, name: &str| {
        let field = target.child(name);
        let quantity = quantity(reporter, target.get(name)?, &field)?;
        if quantity.is_negative() || quantity.is_zero() {
            reporter.invalid(&field, &format!("\"{quantity}\""), "must be positive");
        }
        Some(quantity)
    };
    let _ = positive_quantity(reporter, "value");
    let average_value = positive_quantity(reporter, "averageValue");
    let average_utilization = target
        .get("averageUtilization")
        .and_then(|value| int32(reporter, value, &target.child("averageUtilization")));
    if let Some(percent) = average_utilization
        && percent < 1
    {
        reporter.invalid(
            &target.child("averageUtilization"),
            &percent.to_string(),
            "must be greater than 0",
        );
    }
    let has_value = target.get("averageValue").is_some();
    let has_utilization = target.get("averageUtilization").is_some();
    if !has_value && !has_utilization {
        reporter.required(
            &target.child("averageUtilization"),
            Some("must set either a target raw value or a target utilization"),
        );
    }
    if has_value && has_utilization {
        let value_path = target.child("averageValue");
        reporter.report(
            Severity::Error,
            &value_path,
            decode::Anchor::Key,
            format!("{value_path}: Forbidden: may not set both a target raw value and a target utilization"),
        );
    }
    match (average_value, average_utilization) {
        (Some(quantity), _) => Some(CpuTarget::AverageValueMilli(quantity.milli_value())),
        (None, Some(percent)) => Some(CpuTarget::Utilization(percent)),
        (None, None) => None,
    }
}
