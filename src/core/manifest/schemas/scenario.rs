//! Our own `kubestep.dev/v1alpha1 Scenario`: nodes, traffic and the image rollout.

use super::Schema;

pub const SCENARIO_SPEC: Schema = Schema {
    type_name: "ScenarioSpec",
    simulated: &[
        "nodes",
        "traffic",
        "cpuPerRequest",
        "rollout",
        "duration",
        "seed",
        "imagePull",
        "modelLoad",
        "initContainer",
        "metrics",
    ],
    accepted: &[],
};

pub const SCENARIO_NODE: Schema = Schema {
    type_name: "ScenarioNode",
    simulated: &[
        "name",
        "cpu",
        "memory",
        "ephemeral-storage",
        "nvidia.com/gpu",
        "amd.com/gpu",
        "pods",
        "labels",
        "taints",
    ],
    accepted: &[],
};

pub const SCENARIO_TRAFFIC: Schema = Schema {
    type_name: "ScenarioTraffic",
    simulated: &["at", "rps"],
    accepted: &[],
};

pub const SCENARIO_METRIC: Schema = Schema {
    type_name: "ScenarioMetric",
    simulated: &["name", "values"],
    accepted: &[],
};

pub const SCENARIO_METRIC_POINT: Schema = Schema {
    type_name: "ScenarioMetricPoint",
    simulated: &["at", "value"],
    accepted: &[],
};

pub const SCENARIO_ROLLOUT: Schema = Schema {
    type_name: "ScenarioRollout",
    simulated: &["at", "image"],
    accepted: &[],
};
