//! Decoding and defaulting `v1 Service` (`SetDefaults_Service`: ClusterIP, TCP, targetPort
//! defaults to port) and the one check that needs a field the model does not keep (ports are
//! required unless the Service is headless or ExternalName), and which pods a Service selects.

use std::collections::BTreeMap;

use super::ObjectMetaFields;
use super::decode::{self, Reporter, int32, list, object, string, string_map};
use super::model::{IntOrPercent, Service, ServicePort};
use super::schemas;
use super::workload::int_or_string;
use crate::core::field_path::FieldPath;
use crate::core::yaml::Value;

impl Service {
    /// Whether the Service picks pods carrying `labels`. A Service without a selector picks
    /// none: Kubernetes leaves its endpoints to be written by hand.
    pub fn selects(&self, labels: &BTreeMap<String, String>) -> bool {
        !self.selector.is_empty() && self.selector.iter().all(|(k, v)| labels.get(k) == Some(v))
    }
}

pub fn decode_service(
    reporter: &mut Reporter,
    document: usize,
    meta: &ObjectMetaFields,
    spec_value: Option<&Value>,
) -> Option<Service> {
    let spec_path = FieldPath::root().field("spec");
    let Some(spec_value) = spec_value else {
        reporter.required(&spec_path.field("ports"), None);
        return None;
    };
    let spec = object(reporter, spec_value, &spec_path, &schemas::SERVICE_SPEC)?;
    let service_type = spec
        .get("type")
        .and_then(|value| string(reporter, value, &spec.child("type")))
        .unwrap_or_else(|| "ClusterIP".to_string());
    const TYPES: [&str; 4] = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
    if !TYPES.contains(&service_type.as_str()) {
        reporter.unsupported(&spec.child("type"), &service_type, &TYPES);
    }
    let selector = spec
        .get("selector")
        .map(|value| string_map(reporter, value, &spec.child("selector")))
        .unwrap_or_default();
    let mut ports = Vec::new();
    if let Some(value) = spec.get("ports") {
        let ports_path = spec.child("ports");
        for (index, item) in list(reporter, value, &ports_path).iter().enumerate() {
            let item_path = ports_path.index(index);
            let Some(port) = object(reporter, item, &item_path, &schemas::SERVICE_PORT) else {
                continue;
            };
            let number = port
                .get("port")
                .and_then(|value| int32(reporter, value, &port.child("port")))
                .unwrap_or(0);
            // `SetDefaults_Service`: an unset, 0 or empty targetPort becomes the port.
            let target_port = port
                .get("targetPort")
                .and_then(|value| int_or_string(reporter, value, &port.child("targetPort")))
                .filter(|target| {
                    !matches!(target, IntOrPercent::Int(0))
                        && !matches!(target, IntOrPercent::Str(text) if text.is_empty())
                })
                .unwrap_or(IntOrPercent::Int(number));
            ports.push(ServicePort {
                name: port
                    .get("name")
                    .and_then(|value| string(reporter, value, &port.child("name"))),
                port: number,
                target_port,
                protocol: port
                    .get("protocol")
                    .and_then(|value| string(reporter, value, &port.child("protocol")))
                    .unwrap_or_else(|| "TCP".to_string()),
            });
        }
    }
    // `ValidateService`: ClusterIP and NodePort Services need ports; headless
    // (`clusterIP: None`) and ExternalName ones do not.
    let headless = spec
        .get("clusterIP")
        .and_then(|value| string(reporter, value, &spec.child("clusterIP")))
        .is_some_and(|cluster_ip| cluster_ip == "None");
    if ports.is_empty() && !headless && service_type != "ExternalName" {
        reporter.required(&spec.child("ports"), None);
    }
    let publish_not_ready_addresses = spec
        .get("publishNotReadyAddresses")
        .and_then(|value| decode::boolean(reporter, value, &spec.child("publishNotReadyAddresses")))
        .unwrap_or(false);
    Some(Service {
        document,
        name: meta.name.clone(),
        service_type,
        selector,
        ports,
        publish_not_ready_addresses,
    })
}
