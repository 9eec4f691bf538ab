//! The cluster documents (`v1`): LimitRange, and Node with its status and taints.

use super::Schema;

pub const LIMIT_RANGE_SPEC: Schema = Schema {
    type_name: "LimitRangeSpec",
    simulated: &["limits"],
    accepted: &[],
};

pub const LIMIT_RANGE_ITEM: Schema = Schema {
    type_name: "LimitRangeItem",
    simulated: &["type", "default", "defaultRequest"],
    accepted: &["max", "min", "maxLimitRequestRatio"],
};

pub const NODE_SPEC: Schema = Schema {
    type_name: "NodeSpec",
    simulated: &["taints", "unschedulable"],
    accepted: &[
        "podCIDR",
        "podCIDRs",
        "providerID",
        "configSource",
        "externalID",
    ],
};

pub const NODE_STATUS: Schema = Schema {
    type_name: "NodeStatus",
    simulated: &["capacity", "allocatable"],
    accepted: &[
        "phase",
        "conditions",
        "addresses",
        "daemonEndpoints",
        "nodeInfo",
        "images",
        "volumesInUse",
        "volumesAttached",
        "config",
        "runtimeHandlers",
        "features",
        "declaredFeatures",
    ],
};

pub const TAINT: Schema = Schema {
    type_name: "Taint",
    simulated: &["key", "value", "effect"],
    accepted: &["timeAdded"],
};
