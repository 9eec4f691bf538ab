//! Decoding and defaulting `autoscaling/v2 HorizontalPodAutoscaler`
//! (`SetDefaults_HorizontalPodAutoscaler`: minReplicas 1, CPU 80 % when `metrics` is empty,
//! `behavior` left nil when omitted and completed when present).

use super::ObjectMetaFields;
use super::autoscaler_metrics::metrics;
use super::decode::{self, Reporter, int32, list, object, string};
use super::model::{
    Behavior, CpuTarget, HorizontalPodAutoscaler, MetricSource, PolicyKind, ScalingPolicy,
    ScalingRules, SelectPolicy,
};
use super::schemas;
use crate::core::diagnostic::Severity;
use crate::core::field_path::FieldPath;
use crate::core::limits::MAX_REPLICAS;
use crate::core::yaml::Value;

/// `autoscaling.DefaultCPUUtilization`.
pub const DEFAULT_CPU_UTILIZATION: i64 = 80;
/// `MaxPeriodSeconds`: the longest scaling policy period.
const MAX_PERIOD_SECONDS: i64 = 1800;
/// `MaxStabilizationWindowSeconds`.
const MAX_STABILIZATION_WINDOW_SECONDS: i64 = 3600;

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
    // A missing reference is reported by validation, as its kind and name
    // (`ValidateCrossVersionObjectReference`).
    if let Some(value) = spec.get("scaleTargetRef") {
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
    let min_replicas = spec
        .get("minReplicas")
        .and_then(|value| int32(reporter, value, &spec.child("minReplicas")))
        .unwrap_or(1);
    let max_replicas = match spec.get("maxReplicas") {
        Some(value) => int32(reporter, value, &spec.child("maxReplicas")).unwrap_or(0),
        None => 0,
    };
    let (cpu_target, custom_metrics) = match spec.get("metrics") {
        Some(value) => metrics(reporter, value, &spec.child("metrics")),
        None => (
            Some(CpuTarget::Utilization(DEFAULT_CPU_UTILIZATION)),
            Vec::new(),
        ),
    };
    let scales_on_objects = custom_metrics
        .iter()
        .any(|metric| metric.source != MetricSource::Pods);
    replica_bounds(
        reporter,
        &spec,
        min_replicas,
        max_replicas,
        scales_on_objects,
    );
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
        custom_metrics,
        behavior,
    })
}

/// `validateHorizontalPodAutoscalerSpec` and `validateMetrics` on the replica bounds, each
/// rule its own error. Checked here because the model keeps no record of Object and External
/// metrics, which scaling to zero needs.
fn replica_bounds(
    reporter: &mut Reporter,
    spec: &decode::Object,
    min_replicas: i64,
    max_replicas: i64,
    scales_on_objects: bool,
) {
    if min_replicas < 1 {
        reporter.invalid(
            &spec.child("minReplicas"),
            &min_replicas.to_string(),
            "must be greater than or equal to 1",
        );
    }
    let max_path = spec.child("maxReplicas");
    let max = max_replicas.to_string();
    if max_replicas < 1 {
        reporter.invalid(&max_path, &max, "must be greater than 0");
    }
    if max_replicas < min_replicas {
        reporter.invalid(
            &max_path,
            &max,
            "must be greater than or equal to `minReplicas`",
        );
    }
    if max_replicas > MAX_REPLICAS {
        reporter.invalid(
            &max_path,
            &max,
            &format!("the simulation runs at most {MAX_REPLICAS} replicas"),
        );
    }
    if min_replicas == 0 && !scales_on_objects {
        let metrics_path = spec.child("metrics");
        reporter.report(
            Severity::Error,
            &metrics_path,
            decode::Anchor::Key,
            format!("{metrics_path}: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas"),
        );
    }
}

fn behavior(reporter: &mut Reporter, value: &Value, path: &FieldPath) -> Behavior {
    let mut result = Behavior {
        scale_up: ScalingRules::default_scale_up(),
        scale_down: ScalingRules::default_scale_down(),
    };
    let Some(behavior) = object(reporter, value, path, &schemas::HPA_BEHAVIOR) else {
        return result;
    };
    if let Some(value) = behavior.get("scaleUp") {
        result.scale_up = rules(
            reporter,
            value,
            &behavior.child("scaleUp"),
            ScalingRules::default_scale_up(),
        );
    }
    if let Some(value) = behavior.get("scaleDown") {
        result.scale_down = rules(
            reporter,
            value,
            &behavior.child("scaleDown"),
            ScalingRules::default_scale_down(),
        );
    }
    result
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
        let window_path = rules.child("stabilizationWindowSeconds");
        if seconds < 0 {
            reporter.invalid(
                &window_path,
                &seconds.to_string(),
                "must be greater than or equal to zero",
            );
        } else if seconds > MAX_STABILIZATION_WINDOW_SECONDS {
            reporter.invalid(
                &window_path,
                &seconds.to_string(),
                &format!("must be less than or equal to {MAX_STABILIZATION_WINDOW_SECONDS}"),
            );
        }
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
        let items = list(reporter, value, &policies_path);
        if items.is_empty() {
            reporter.required(&policies_path, Some("must specify at least one Policy"));
        }
        for (index, item) in items.iter().enumerate() {
            let item_path = policies_path.index(index);
            let Some(policy) = object(reporter, item, &item_path, &schemas::SCALING_POLICY) else {
                continue;
            };
            let kind_text = policy
                .get("type")
                .and_then(|value| string(reporter, value, &policy.child("type")))
                .unwrap_or_default();
            let kind = match kind_text.as_str() {
                "Pods" => Some(PolicyKind::Pods),
                "Percent" => Some(PolicyKind::Percent),
                other => {
                    reporter.unsupported(&policy.child("type"), other, &["Percent", "Pods"]);
                    None
                }
            };
            let number = |reporter: &mut Reporter, name: &str| {
                policy
                    .get(name)
                    .and_then(|value| int32(reporter, value, &policy.child(name)))
            };
            let policy_value = number(reporter, "value").unwrap_or(0);
            let period_seconds = number(reporter, "periodSeconds").unwrap_or(0);
            for (name, number) in [("value", policy_value), ("periodSeconds", period_seconds)] {
                if number <= 0 {
                    reporter.invalid(
                        &policy.child(name),
                        &number.to_string(),
                        "must be greater than zero",
                    );
                }
            }
            if period_seconds > MAX_PERIOD_SECONDS {
                reporter.invalid(
                    &policy.child("periodSeconds"),
                    &period_seconds.to_string(),
                    &format!("must be less than or equal to {MAX_PERIOD_SECONDS}"),
                );
            }
            if let Some(kind) = kind {
                policies.push(ScalingPolicy {
                    kind,
                    value: policy_value,
                    period_seconds,
                });
            }
        }
        result.policies = policies;
    }
    result
}
