//! One container of the pod template (`validateContainers`): name, image, pull policy and
//! ports, then its resources (`ValidateResourceRequirements`).

use super::*;

const PULL_POLICIES: [&str; 3] = ["Always", "IfNotPresent", "Never"];

pub(super) fn validate_container(
    reporter: &mut Reporter,
    path: &FieldPath,
    container: &Container,
    seen: &mut BTreeSet<String>,
) {
    if container.name.is_empty() {
        reporter.required(&path.field("name"), None);
    } else {
        for error in names::dns1123_label(&container.name) {
            reporter.invalid(
                &path.field("name"),
                &field_error_quote(&container.name),
                &error,
            );
        }
        if !seen.insert(container.name.clone()) {
            let name_path = path.field("name");
            reporter.report(
                Severity::Error,
                &name_path,
                Anchor::Value,
                format!(
                    "{name_path}: Duplicate value: {}",
                    field_error_quote(&container.name)
                ),
            );
        }
    }
    if container.image.trim().is_empty() {
        reporter.required(&path.field("image"), None);
    }
    if !PULL_POLICIES.contains(&container.image_pull_policy.as_str()) {
        reporter.unsupported(
            &path.field("imagePullPolicy"),
            &container.image_pull_policy,
            &PULL_POLICIES,
        );
    }
    let mut port_names = BTreeSet::new();
    for (index, port) in container.ports.iter().enumerate() {
        let port_path = path.field("ports").index(index);
        if port.container_port == 0 {
            reporter.required(&port_path.field("containerPort"), None);
        } else if !(1..=65535).contains(&port.container_port) {
            reporter.invalid(
                &port_path.field("containerPort"),
                &port.container_port.to_string(),
                "must be between 1 and 65535, inclusive",
            );
        }
        if !PROTOCOLS.contains(&port.protocol.as_str()) {
            reporter.unsupported(&port_path.field("protocol"), &port.protocol, &PROTOCOLS);
        }
        if let Some(name) = &port.name {
            let name_path = port_path.field("name");
            let errors = names::port_name(name);
            for error in &errors {
                reporter.invalid(&name_path, &field_error_quote(name), error);
            }
            if errors.is_empty() && !port_names.insert(name.clone()) {
                reporter.report(
                    Severity::Error,
                    &name_path,
                    Anchor::Value,
                    format!("{name_path}: Duplicate value: {}", field_error_quote(name)),
                );
            }
        }
    }
    validate_resources(reporter, &path.field("resources"), container);
}

/// `ValidateResourceRequirements`: resource names, non-negative and (for extended resources)
/// whole quantities, requests within limits; resources that cannot be overcommitted (such as
/// `nvidia.com/gpu`) need a limit and a request equal to it.
fn validate_resources(reporter: &mut Reporter, path: &FieldPath, container: &Container) {
    let requests = &container.resources.requests;
    let limits = &container.resources.limits;
    let requests_path = path.field("requests");
    let limits_path = path.field("limits");
    for (list_path, list) in [(&limits_path, limits), (&requests_path, requests)] {
        for (resource, quantity) in list {
            let entry = list_path.key(resource);
            for error in names::container_resource_name(resource) {
                reporter.report(
                    Severity::Error,
                    &entry,
                    Anchor::Key,
                    format!("{entry}: Invalid value: {}: {error}", json_string(resource)),
                );
            }
            let shown = field_error_quote(&quantity.to_string());
            if quantity.is_negative() {
                reporter.invalid(&entry, &shown, "must be greater than or equal to 0");
            }
            if names::is_integer_resource(resource) && quantity.milli_value() % 1000 != 0 {
                reporter.invalid(&entry, &shown, "must be an integer");
            }
        }
    }
    for (resource, request) in requests {
        let overcommit = names::overcommit_allowed(resource);
        match limits.get(resource) {
            Some(limit) => {
                let order = request.cmp_value(limit);
                let shown = field_error_quote(&request.to_string());
                if order != std::cmp::Ordering::Equal && !overcommit {
                    reporter.invalid(
                        &requests_path,
                        &shown,
                        &format!("must be equal to {resource} limit of {limit}"),
                    );
                } else if order == std::cmp::Ordering::Greater {
                    reporter.invalid(
                        &requests_path,
                        &shown,
                        &format!("must be less than or equal to {resource} limit of {limit}"),
                    );
                }
            }
            None if !overcommit => reporter.required(
                &limits_path,
                Some("Limit must be set for non overcommitable resources"),
            ),
            None => {}
        }
    }
}
