//! The HorizontalPodAutoscaler (`autoscaling/v2`): target, metrics and scaling behavior.

use super::Schema;

pub const HPA_SPEC: Schema = Schema {
    type_name: "HorizontalPodAutoscalerSpec",
    simulated: &[
        "scaleTargetRef",
        "minReplicas",
        "maxReplicas",
        "metrics",
        "behavior",
    ],
    accepted: &[],
};

pub const SCALE_TARGET_REF: Schema = Schema {
    type_name: "CrossVersionObjectReference",
    simulated: &["apiVersion", "kind", "name"],
    accepted: &[],
};

pub const METRIC_SPEC: Schema = Schema {
    type_name: "MetricSpec",
    simulated: &["type", "resource"],
    accepted: &["object", "pods", "containerResource", "external"],
};

pub const RESOURCE_METRIC: Schema = Schema {
    type_name: "ResourceMetricSource",
    simulated: &["name", "target"],
    accepted: &[],
};

pub const METRIC_TARGET: Schema = Schema {
    type_name: "MetricTarget",
    simulated: &["type", "averageUtilization", "averageValue"],
    accepted: &["value"],
};

pub const HPA_BEHAVIOR: Schema = Schema {
    type_name: "HorizontalPodAutoscalerBehavior",
    simulated: &["scaleUp", "scaleDown"],
    accepted: &[],
};

pub const SCALING_RULES: Schema = Schema {
    type_name: "HPAScalingRules",
    simulated: &["stabilizationWindowSeconds", "selectPolicy", "policies"],
    accepted: &["tolerance"],
};

pub const SCALING_POLICY: Schema = Schema {
    type_name: "HPAScalingPolicy",
    simulated: &["type", "value", "periodSeconds"],
    accepted: &[],
};
