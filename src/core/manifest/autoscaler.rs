//! Decoding and defaulting `autoscaling/v2 HorizontalPodAutoscaler`
//! (`SetDefaults_HorizontalPodAutoscaler`: minReplicas 1, CPU 80 % when `metrics` is empty,
//! `behavior` left nil when omitted and completed when present).

use super::ObjectMetaFields;
use super::decode::{self, Reporter, int32, list, object, quantity, string};
use super::model::{
    Behavior, CpuTarget, HorizontalPodAutoscaler, PolicyKind, ScalingPolicy, ScalingRules,
    SelectPolicy,
};
use super::schemas;
use crate::core::diagnostic::Severity;
use crate::core::field_path::FieldPath;
use crate::core::yaml::Value;

/// `autoscaling.DefaultCPUUtilization`.
pub const DEFAULT_CPU_UTILIZATION: i64 = 80;
/// The controller's `--horizontal-pod-autoscaler-downscale-stabilization` default.
pub const DEFAULT_DOWNSCALE_STABILIZATION_SECONDS: i64 = 300;

pub fn decode_autoscaler(
    reporter: &mut Reporter,
    document: usize,
    meta: &ObjectMetaFields,
    spec_value: Option<&Value>,
) -> Option<HorizontalPodAutoscaler> {
    let spec_path = FieldPath::root().field("spec");
    let Some(spec_value) = spec_value else {
        reporter.required(&spec_path.field("scaleTargetRef"), None);
        return None;
    };
    let spec = object(reporter, spec_value, &spec_path, &schemas::HPA_SPEC)?;
    let mut target_kind = String::new();
    let mut target_name = String::new();
    match spec.get("scaleTargetRef") {
        Some(value) => {
            let path = spec.child("scaleTargetRef");
            if let Some(target) = object(reporter, value, &path, &schemas::SCALE_TARGET_REF) {
                target_kind = target
                    .get("kind")
                    .and_then(|value| string(reporter, value, &target.child("kind")))
                    .unwrap_or_default();
                target_name = target
                    .get("name")
                    .and_then(|value| string(reporter, value, &target.child("name")))
                    .unwrap_or_default();
            }
        }
        None => reporter.required(&spec.child("scaleTargetRef"), None),
    }
    let min_replicas = spec
        .get("minReplicas")
        .and_then(|value| int32(reporter, value, &spec.child("minReplicas")))
        .unwrap_or(1);
    let max_replicas = match spec.get("maxReplicas") {
        Some(value) => int32(reporter, value, &spec.child("maxReplicas")).unwrap_or(0),
        None => 0,
    };
    let cpu_target = match spec.get("metrics") {
        Some(value) => metrics(reporter, value, &spec.child("metrics")),
        None => Some(CpuTarget::Utilization(DEFAULT_CPU_UTILIZATION)),
    };
    let behavior = spec
        .get("behavior")
        .map(|value| behavior(reporter, value, &spec.child("behavior")));
    Some(HorizontalPodAutoscaler {
        document,
        name: meta.name.clone(),
        target_kind,
        target_name,
        min_replicas,
        max_replicas,
        cpu_target,
        behavior,
    })
}

fn metrics(reporter: &mut Reporter, value: &Value, path: &FieldPath) -> Option<CpuTarget> {
    let items = list(reporter, value, path);
    if items.is_empty() {
        return Some(CpuTarget::Utilization(DEFAULT_CPU_UTILIZATION));
    }
    let mut cpu_target = None;
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
        if !TYPES.contains(&kind.as_str()) {
            reporter.unsupported(&metric.child("type"), &kind, &TYPES);
            continue;
        }
        if kind != "Resource" {
            reporter.info(
                &metric.child("type"),
                decode::Anchor::Value,
                format!("{}: {kind} metrics are accepted; not simulated (only the cpu Resource metric drives this lesson)", metric.child("type")),
            );
            continue;
        }
        let resource_path = metric.child("resource");
        let Some(resource_value) = metric.get("resource") else {
            reporter.required(&resource_path, None);
            continue;
        };
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
        let target_path = resource.child("target");
        let Some(target_value) = resource.get("target") else {
            reporter.required(&target_path, None);
            continue;
        };
        let Some(target) = object(
            reporter,
            target_value,
            &target_path,
            &schemas::METRIC_TARGET,
        ) else {
            continue;
        };
        let target_type = target
            .get("type")
            .and_then(|value| string(reporter, value, &target.child("type")))
            .unwrap_or_default();
        let parsed = match target_type.as_str() {
            "Utilization" => match target.get("averageUtilization") {
                Some(value) => int32(reporter, value, &target.child("averageUtilization"))
                    .map(CpuTarget::Utilization),
                None => {
                    reporter.required(&target.child("averageUtilization"), None);
                    None
                }
            },
            "AverageValue" => match target.get("averageValue") {
                Some(value) => quantity(reporter, value, &target.child("averageValue"))
                    .map(|q| CpuTarget::AverageValueMilli(q.milli_value())),
                None => {
                    reporter.required(&target.child("averageValue"), None);
                    None
                }
            },
            "Value" => {
                reporter.invalid(
                    &target.child("type"),
                    "\"Value\"",
                    "must be either Utilization or AverageValue",
                );
                None
            }
            other => {
                reporter.unsupported(
                    &target.child("type"),
                    other,
                    &["AverageValue", "Utilization", "Value"],
                );
                None
            }
        };
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
    cpu_target
}

fn behavior(reporter: &mut Reporter, value: &Value, path: &FieldPath) -> Behavior {
    let mut result = Behavior {
        scale_up: default_scale_up(),
        scale_down: default_scale_down(),
    };
    let Some(behavior) = object(reporter, value, path, &schemas::HPA_BEHAVIOR) else {
        return result;
    };
    if let Some(value) = behavior.get("scaleUp") {
        result.scale_up = rules(
            reporter,
            value,
            &behavior.child("scaleUp"),
            default_scale_up(),
        );
    }
    if let Some(value) = behavior.get("scaleDown") {
        result.scale_down = rules(
            reporter,
            value,
            &behavior.child("scaleDown"),
            default_scale_down(),
        );
    }
    result
}

/// `GenerateHPAScaleUpRules` defaults: no window, Max of 4 pods or 100 % per 15 s.
pub fn default_scale_up() -> ScalingRules {
    ScalingRules {
        stabilization_window_seconds: 0,
        select_policy: SelectPolicy::Max,
        policies: vec![
            ScalingPolicy {
                kind: PolicyKind::Pods,
                value: 4,
                period_seconds: 15,
            },
            ScalingPolicy {
                kind: PolicyKind::Percent,
                value: 100,
                period_seconds: 15,
            },
        ],
    }
}

/// `GenerateHPAScaleDownRules` defaults: the controller's 300 s window, 100 % per 15 s.
pub fn default_scale_down() -> ScalingRules {
    ScalingRules {
        stabilization_window_seconds: DEFAULT_DOWNSCALE_STABILIZATION_SECONDS,
        select_policy: SelectPolicy::Max,
        policies: vec![ScalingPolicy {
            kind: PolicyKind::Percent,
            value: 100,
            period_seconds: 15,
        }],
    }
}

fn rules(
    reporter: &mut Reporter,
    value: &Value,
    path: &FieldPath,
    defaults: ScalingRules,
) -> ScalingRules {
    let mut result = defaults;
    let Some(rules) = object(reporter, value, path, &schemas::SCALING_RULES) else {
        return result;
    };
    if let Some(value) = rules.get("stabilizationWindowSeconds")
        && let Some(seconds) = int32(reporter, value, &rules.child("stabilizationWindowSeconds"))
    {
        result.stabilization_window_seconds = seconds;
    }
    if let Some(value) = rules.get("selectPolicy")
        && let Some(text) = string(reporter, value, &rules.child("selectPolicy"))
    {
        result.select_policy = match text.as_str() {
            "Max" => SelectPolicy::Max,
            "Min" => SelectPolicy::Min,
            "Disabled" => SelectPolicy::Disabled,
            other => {
                reporter.unsupported(
                    &rules.child("selectPolicy"),
                    other,
                    &["Disabled", "Max", "Min"],
                );
                SelectPolicy::Max
            }
        };
    }
    if let Some(value) = rules.get("policies") {
        let policies_path = rules.child("policies");
        let mut policies = Vec::new();
        for (index, item) in list(reporter, value, &policies_path).iter().enumerate() {
            let item_path = policies_path.index(index);
            let Some(policy) = object(reporter, item, &item_path, &schemas::SCALING_POLICY) else {
                continue;
            };
            let kind_text = policy
                .get("type")
                .and_then(|value| string(reporter, value, &policy.child("type")))
                .unwrap_or_default();
            let kind = match kind_text.as_str() {
                "Pods" => PolicyKind::Pods,
                "Percent" => PolicyKind::Percent,
                other => {
                    reporter.unsupported(&policy.child("type"), other, &["Percent", "Pods"]);
                    continue;
                }
            };
            let number = |reporter: &mut Reporter, name: &str| {
                policy
                    .get(name)
                    .and_then(|value| int32(reporter, value, &policy.child(name)))
            };
            let policy_value = number(reporter, "value").unwrap_or(0);
            let period_seconds = number(reporter, "periodSeconds").unwrap_or(0);
            if policy_value <= 0 {
                let value_path = policy.child("value");
                reporter.report(
                    Severity::Error,
                    &value_path,
                    decode::Anchor::Value,
                    format!(
                        "{value_path}: Invalid value: {policy_value}: must be greater than zero"
                    ),
                );
            }
            if !(1..=1800).contains(&period_seconds) {
                reporter.invalid(
                    &policy.child("periodSeconds"),
                    &period_seconds.to_string(),
                    "must be greater than zero and less than or equal to 1800",
                );
            }
            policies.push(ScalingPolicy {
                kind,
                value: policy_value,
                period_seconds,
            });
        }
        result.policies = policies;
    }
    result
}
