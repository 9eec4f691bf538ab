//! Service defaults (`SetDefaults_Service`).

use super::*;

/// Returns the paths dropped (`sessionAffinityConfig` under `sessionAffinity: None`).
pub(super) fn default_service_spec(
    spec: &mut Mapping,
    path: &FieldPath,
    filler: &mut Filler,
) -> Vec<String> {
    let mut dropped = Vec::new();
    filler.fill(
        spec,
        path,
        "type",
        Value::from("ClusterIP"),
        Unset::Empty,
        Place::Front,
    );
    filler.fill(
        spec,
        path,
        "sessionAffinity",
        Value::from("None"),
        Unset::Empty,
        Place::End,
    );
    let affinity = text_of(spec.get("sessionAffinity"))
        .unwrap_or_default()
        .to_string();
    if affinity == "None" && spec.shift_remove("sessionAffinityConfig").is_some() {
        dropped.push(path.field("sessionAffinityConfig").to_string());
    }
    if affinity == "ClientIP" {
        let config_path = path.field("sessionAffinityConfig");
        if let Some(config) = filler.mapping(spec, path, "sessionAffinityConfig", Place::End)
            && let Some(client_ip) = filler.mapping(config, &config_path, "clientIP", Place::End)
        {
            filler.fill(
                client_ip,
                &config_path.field("clientIP"),
                "timeoutSeconds",
                Value::from(10_800),
                Unset::Absent,
                Place::End,
            );
        }
    }
    each_item(spec, path, "ports", |port, port_path| {
        filler.default_port_protocol(port, port_path);
        // The target port is the port when unset, zero or empty.
        let target_unset = match port.get("targetPort") {
            None | Some(Value::Null) => true,
            Some(Value::String(text)) => text.is_empty(),
            Some(Value::Number(number)) => number.as_i64() == Some(0),
            Some(_) => false,
        };
        if target_unset && let Some(number) = port.get("port").cloned() {
            put(port, "targetPort", number, Place::After("port"));
            filler.record(port_path.field("targetPort"));
        }
    });
    let service_type = text_of(spec.get("type")).unwrap_or_default().to_string();
    let has_external_ips = spec
        .get("externalIPs")
        .and_then(Value::as_sequence)
        .is_some_and(|ips| !ips.is_empty());
    let externally_accessible = matches!(service_type.as_str(), "NodePort" | "LoadBalancer")
        || (service_type == "ClusterIP" && has_external_ips);
    if externally_accessible {
        filler.fill(
            spec,
            path,
            "externalTrafficPolicy",
            Value::from("Cluster"),
            Unset::Empty,
            Place::End,
        );
    }
    if matches!(
        service_type.as_str(),
        "ClusterIP" | "NodePort" | "LoadBalancer"
    ) {
        filler.fill(
            spec,
            path,
            "internalTrafficPolicy",
            Value::from("Cluster"),
            Unset::Absent,
            Place::End,
        );
    }
    if service_type == "LoadBalancer" {
        filler.fill(
            spec,
            path,
            "allocateLoadBalancerNodePorts",
            Value::Bool(true),
            Unset::Absent,
            Place::End,
        );
    }
    dropped
}
