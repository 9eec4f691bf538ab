//! The Service's checks (`ValidateService`): name, ports with their names, protocols and
//! target ports, and the selector's labels.

use super::metadata::validate_labels;
use super::*;

pub(super) fn validate_service(reporter: &mut Reporter, service: &Service) {
    name_errors(reporter, &service.name, names::dns1035_label(&service.name));
    let spec = FieldPath::root().field("spec");
    let mut port_names = BTreeSet::new();
    for (index, port) in service.ports.iter().enumerate() {
        let port_path = spec.field("ports").index(index);
        if !(1..=65535).contains(&port.port) {
            reporter.invalid(
                &port_path.field("port"),
                &port.port.to_string(),
                "must be between 1 and 65535, inclusive",
            );
        }
        // `validateServicePort`: names are DNS-1123 labels, unique, required with several ports.
        let name = port.name.as_deref().unwrap_or("");
        let name_path = port_path.field("name");
        if service.ports.len() > 1 && name.is_empty() {
            reporter.required(&name_path, None);
        } else if !name.is_empty() {
            for error in names::dns1123_label(name) {
                reporter.invalid(&name_path, &field_error_quote(name), &error);
            }
            if !port_names.insert(name.to_string()) {
                reporter.report(
                    Severity::Error,
                    &name_path,
                    Anchor::Value,
                    format!("{name_path}: Duplicate value: {}", field_error_quote(name)),
                );
            }
        }
        if !PROTOCOLS.contains(&port.protocol.as_str()) {
            reporter.unsupported(&port_path.field("protocol"), &port.protocol, &PROTOCOLS);
        }
        match &port.target_port {
            IntOrPercent::Int(number) if !(1..=65535).contains(number) => {
                reporter.invalid(
                    &port_path.field("targetPort"),
                    &number.to_string(),
                    "must be between 1 and 65535, inclusive",
                );
            }
            IntOrPercent::Str(name) => {
                for error in names::port_name(name) {
                    reporter.invalid(
                        &port_path.field("targetPort"),
                        &field_error_quote(name),
                        &error,
                    );
                }
            }
            IntOrPercent::Int(_) => {}
        }
    }
    let selector = spec.field("selector");
    validate_labels(reporter, &selector, &selector, &service.selector);
}
