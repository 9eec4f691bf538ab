//! The Service (`v1`): its spec and ports.

use super::Schema;

pub const SERVICE_SPEC: Schema = Schema {
    type_name: "ServiceSpec",
    simulated: &["ports", "selector", "type", "publishNotReadyAddresses"],
    accepted: &[
        "clusterIP",
        "clusterIPs",
        "externalIPs",
        "sessionAffinity",
        "loadBalancerIP",
        "loadBalancerSourceRanges",
        "externalName",
        "externalTrafficPolicy",
        "healthCheckNodePort",
        "sessionAffinityConfig",
        "ipFamilies",
        "ipFamilyPolicy",
        "allocateLoadBalancerNodePorts",
        "loadBalancerClass",
        "internalTrafficPolicy",
        "trafficDistribution",
    ],
};

pub const SERVICE_PORT: Schema = Schema {
    type_name: "ServicePort",
    simulated: &["name", "port", "targetPort", "protocol"],
    accepted: &["appProtocol", "nodePort"],
};
