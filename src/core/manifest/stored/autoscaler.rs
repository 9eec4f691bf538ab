//! HorizontalPodAutoscaler defaults (`SetDefaults_HorizontalPodAutoscaler`, autoscaling/v2).

use super::*;

pub(super) fn default_autoscaler_spec(spec: &mut Mapping, path: &FieldPath, filler: &mut Filler) {
    filler.fill(
        spec,
        path,
        "minReplicas",
        Value::from(1),
        Unset::Absent,
        Place::After("scaleTargetRef"),
    );
    let metrics_empty = match spec.get("metrics") {
        None | Some(Value::Null) => true,
        Some(Value::Sequence(items)) => items.is_empty(),
        Some(_) => false,
    };
    if metrics_empty {
        put(spec, "metrics", default_cpu_metric(), Place::End);
        filler.record(path.field("metrics"));
    }
    // Behavior stays absent when omitted; a written one is completed.
    let behavior_path = path.field("behavior");
    if let Some(behavior) = mapping_mut(spec, "behavior") {
        for (key, scale_up) in [("scaleUp", true), ("scaleDown", false)] {
            let rules_path = behavior_path.field(key);
            if let Some(rules) = filler.mapping(behavior, &behavior_path, key, Place::End) {
                default_scaling_rules(rules, &rules_path, scale_up, filler);
            }
        }
    }
}

pub(super) fn default_cpu_metric() -> Value {
    let mut target = Mapping::new();
    target.insert(Value::from("type"), Value::from("Utilization"));
    target.insert(Value::from("averageUtilization"), Value::from(80));
    let mut resource = Mapping::new();
    resource.insert(Value::from("name"), Value::from("cpu"));
    resource.insert(Value::from("target"), Value::Mapping(target));
    let mut metric = Mapping::new();
    metric.insert(Value::from("type"), Value::from("Resource"));
    metric.insert(Value::from("resource"), Value::Mapping(resource));
    Value::Sequence(vec![Value::Mapping(metric)])
}

/// `GenerateHPAScaleUpRules` / `GenerateHPAScaleDownRules`: written parts are kept, missing
/// ones filled. The scale-down window stays unset (the controller's flag, 300 s, applies).
pub(super) fn default_scaling_rules(
    rules: &mut Mapping,
    path: &FieldPath,
    scale_up: bool,
    filler: &mut Filler,
) {
    if scale_up {
        filler.fill(
            rules,
            path,
            "stabilizationWindowSeconds",
            Value::from(0),
            Unset::Absent,
            Place::Front,
        );
    }
    filler.fill(
        rules,
        path,
        "selectPolicy",
        Value::from("Max"),
        Unset::Absent,
        Place::End,
    );
    let policies = if scale_up {
        vec![policy("Pods", 4, 15), policy("Percent", 100, 15)]
    } else {
        vec![policy("Percent", 100, 15)]
    };
    filler.fill(
        rules,
        path,
        "policies",
        Value::Sequence(policies),
        Unset::Absent,
        Place::End,
    );
}

pub(super) fn policy(kind: &str, value: i64, period_seconds: i64) -> Value {
    let mut policy = Mapping::new();
    policy.insert(Value::from("type"), Value::from(kind));
    policy.insert(Value::from("value"), Value::from(value));
    policy.insert(Value::from("periodSeconds"), Value::from(period_seconds));
    Value::Mapping(policy)
}
