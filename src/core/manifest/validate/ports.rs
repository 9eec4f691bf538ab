//! Container port fields the model does not carry, read from the raw container:
//! `hostPort` (`validateContainerPorts`: when set, a number 1–65535), and probes that name a
//! port the container does not declare. The API server accepts such a probe (it checks only
//! the syntax of the name, `ValidatePortNumOrName`); the kubelet cannot resolve the name when
//! it probes, so this is a warning that says so.

use super::*;
use crate::core::manifest::decode::{Object, int32};
use crate::core::yaml::Value;

/// `hostPort` ranges, then the probe port names, of one container.
pub fn container_ports(reporter: &mut Reporter, container: &Object) {
    let mut declared = BTreeSet::new();
    if let Some(Value::Sequence(ports)) = container.get("ports") {
        let path = container.child("ports");
        for (index, port) in ports.iter().enumerate() {
            let Value::Mapping(port) = port else {
                continue;
            };
            if let Some(name) = port.get("name").and_then(Value::as_str) {
                declared.insert(name.to_string());
            }
            let host_path = path.index(index).field("hostPort");
            if let Some(value) = port.get("hostPort").filter(|value| !value.is_null())
                && let Some(host_port) = int32(reporter, value, &host_path)
                && host_port != 0
                && !(1..=65535).contains(&host_port)
            {
                reporter.invalid(
                    &host_path,
                    &host_port.to_string(),
                    "must be between 1 and 65535, inclusive",
                );
            }
        }
    }
    for probe in ["readinessProbe", "livenessProbe", "startupProbe"] {
        for handler in ["httpGet", "tcpSocket"] {
            let Some(Value::Mapping(probe_map)) = container.get(probe) else {
                continue;
            };
            let Some(Value::Mapping(action)) = probe_map.get(handler) else {
                continue;
            };
            let Some(Value::String(name)) = action.get("port") else {
                continue;
            };
            // A malformed name is already an error (`ValidatePortNumOrName`).
            if declared.contains(name) || !names::port_name(name).is_empty() {
                continue;
            }
            let path = container.child(probe).field(handler).field("port");
            reporter.warning(
                &path,
                Anchor::Value,
                format!(
                    "{path}: this container declares no port named {}: the API server accepts it, but the kubelet cannot resolve the name, so every {probe} attempt errors{}",
                    field_error_quote(name),
                    if probe == "readinessProbe" {
                        " and the pod never becomes ready"
                    } else {
                        ""
                    }
                ),
            );
        }
    }
}
