//! Pod and container fields the simulation does not model but the API server still checks,
//! because students get them wrong: `command`/`args`, `env` and `envFrom`, probe handlers,
//! lifecycle hooks, volumes and volume mounts. Unknown fields and wrong types are errors here
//! as everywhere; the parent field is already listed as "not simulated", so nothing below it
//! adds a note of its own.
//!
//! Rules and wording follow k/k `pkg/apis/core/validation` (`validateEnv`, `validateHandler`,
//! `validateHTTPGetAction`, `validateExecAction`, `validateVolumes`, `validateVolumeMounts`).
//! The checks of referenced names, volume sources, scheduling fields and ports live in
//! `validate` and are called from here, on the one pass over the raw fields.

use std::collections::BTreeSet;

use super::decode::{
    Anchor, Object, Reporter, boolean, fields, int32, int64, list, quantity, string, string_list,
};
use super::model::IntOrPercent;
use super::names;
use super::schemas;
use super::validate;
use super::workload::int_or_string;
use crate::core::diagnostic::Severity;
use crate::core::field_path::FieldPath;
use crate::core::go_format::field_error_quote;
use crate::core::yaml::Value;

/// Volume sources in the order `validateVolumeSource` counts them: every Volume field but `name`.
pub const VOLUME_SOURCES: &[&str] = schemas::VOLUME_FIELDS.split_at(1).1;

/// A `v1 Volume`: its name and the one source it names. Returns the names of the pod's
/// volumes, for the mounts to refer to.
/// The pod spec's other unmodelled fields are checked on this pass too
/// ([`validate::pod_spec_fields`]).
pub fn volumes(reporter: &mut Reporter, spec: &Object) -> BTreeSet<String> {
    validate::pod_spec_fields(reporter, spec);
    let mut names = BTreeSet::new();
    let Some(value) = spec.get("volumes") else {
        return names;
    };
    let path = spec.child("volumes");
    for (index, item) in list(reporter, value, &path).iter().enumerate() {
        let item_path = path.index(index);
        let Some(volume) = fields(reporter, item, &item_path, &schemas::VOLUME) else {
            continue;
        };
        let name = volume
            .get("name")
            .and_then(|value| string(reporter, value, &volume.child("name")))
            .unwrap_or_default();
        let name_path = volume.child("name");
        if name.is_empty() {
            reporter.required(&name_path, None);
        } else {
            for error in names::dns1123_label(&name) {
                reporter.invalid(&name_path, &field_error_quote(&name), &error);
            }
            if !names.insert(name.clone()) {
                reporter.report(
                    Severity::Error,
                    &name_path,
                    Anchor::Value,
                    format!("{name_path}: Duplicate value: {}", field_error_quote(&name)),
                );
            }
        }
        let mut sources = VOLUME_SOURCES
            .iter()
            .filter(|source| volume.get(source).is_some());
        match sources.next() {
            Some(first) => validate::volume_source(reporter, &volume, first),
            None => reporter.required(&item_path, Some("must specify a volume type")),
        }
        for extra in sources {
            let extra_path = volume.child(extra);
            reporter.report(
                Severity::Error,
                &extra_path,
                Anchor::Key,
                format!("{extra_path}: Forbidden: may not specify more than 1 volume type"),
            );
        }
    }
    names
}

/// The checked fields of one container the simulation does not read.
pub fn container(reporter: &mut Reporter, container: &Object, volumes: &BTreeSet<String>) {
    validate::container_ports(reporter, container);
    for name in ["command", "args"] {
        if let Some(value) = container.get(name) {
            string_list(reporter, value, &container.child(name));
        }
    }
    if let Some(value) = container.get("env") {
        env(reporter, value, &container.child("env"));
    }
    if let Some(value) = container.get("envFrom") {
        env_from(reporter, value, &container.child("envFrom"));
    }
    if let Some(value) = container.get("volumeMounts") {
        volume_mounts(reporter, value, &container.child("volumeMounts"), volumes);
    }
    for name in ["livenessProbe", "startupProbe"] {
        if let Some(value) = container.get(name)
            && let Some(probe) = fields(reporter, value, &container.child(name), &schemas::PROBE)
        {
            probe_numbers(reporter, &probe);
            handlers(reporter, &probe, &["exec", "httpGet", "tcpSocket", "grpc"]);
        }
    }
    if let Some(value) = container.get("lifecycle") {
        let path = container.child("lifecycle");
        if let Some(lifecycle) = fields(reporter, value, &path, &schemas::LIFECYCLE) {
            for hook in ["postStart", "preStop"] {
                if let Some(value) = lifecycle.get(hook) {
                    let hook_path = lifecycle.child(hook);
                    if let Some(handler) =
                        fields(reporter, value, &hook_path, &schemas::LIFECYCLE_HANDLER)
                    {
                        handlers(
                            reporter,
                            &handler,
                            &["exec", "httpGet", "tcpSocket", "sleep"],
                        );
                    }
                }
            }
            if let Some(value) = lifecycle.get("stopSignal") {
                string(reporter, value, &lifecycle.child("stopSignal"));
            }
        }
    }
}

/// The numeric fields of a probe the simulation does not read (liveness, startup).
fn probe_numbers(reporter: &mut Reporter, probe: &Object) {
    for name in [
        "initialDelaySeconds",
        "periodSeconds",
        "timeoutSeconds",
        "successThreshold",
        "failureThreshold",
    ] {
        if let Some(value) = probe.get(name) {
            int32(reporter, value, &probe.child(name));
        }
    }
    if let Some(value) = probe.get("terminationGracePeriodSeconds") {
        int64(
            reporter,
            value,
            &probe.child("terminationGracePeriodSeconds"),
        );
    }
}

/// `validateHandler`: exactly one handler, each checked (`exec` needs a command, ports are
/// numbers in range or port names, `scheme` is HTTP or HTTPS).
pub fn handlers(reporter: &mut Reporter, owner: &Object, kinds: &[&str]) {
    let mut count = 0;
    for kind in kinds {
        let Some(value) = owner.get(kind) else {
            continue;
        };
        let path = owner.child(kind);
        count += 1;
        if count > 1 {
            reporter.report(
                Severity::Error,
                &path,
                Anchor::Key,
                format!("{path}: Forbidden: may not specify more than 1 handler type"),
            );
            continue;
        }
        match *kind {
            "exec" => {
                if let Some(exec) = fields(reporter, value, &path, &schemas::EXEC_ACTION) {
                    let command = exec
                        .get("command")
                        .map(|value| string_list(reporter, value, &exec.child("command")))
                        .unwrap_or_default();
                    if command.is_empty() && exec.get("command").is_none_or(Value::is_sequence) {
                        reporter.required(&exec.child("command"), None);
                    }
                }
            }
            "httpGet" => {
                if let Some(http) = fields(reporter, value, &path, &schemas::HTTP_GET_ACTION) {
                    port_number_or_name(reporter, &http);
                    for name in ["path", "host"] {
                        if let Some(value) = http.get(name) {
                            string(reporter, value, &http.child(name));
                        }
                    }
                    if let Some(value) = http.get("scheme")
                        && let Some(scheme) = string(reporter, value, &http.child("scheme"))
                        && scheme != "HTTP"
                        && scheme != "HTTPS"
                    {
                        reporter.unsupported(&http.child("scheme"), &scheme, &["HTTP", "HTTPS"]);
                    }
                    if let Some(value) = http.get("httpHeaders") {
                        let headers_path = http.child("httpHeaders");
                        for (index, item) in list(reporter, value, &headers_path).iter().enumerate()
                        {
                            let header_path = headers_path.index(index);
                            if let Some(header) =
                                fields(reporter, item, &header_path, &schemas::HTTP_HEADER)
                            {
                                for name in ["name", "value"] {
                                    if let Some(value) = header.get(name) {
                                        string(reporter, value, &header.child(name));
                                    }
                                }
                            }
                        }
                    }
                }
            }
            "tcpSocket" => {
                if let Some(tcp) = fields(reporter, value, &path, &schemas::TCP_SOCKET_ACTION) {
                    port_number_or_name(reporter, &tcp);
                    if let Some(value) = tcp.get("host") {
                        string(reporter, value, &tcp.child("host"));
                    }
                }
            }
            "grpc" => {
                if let Some(grpc) = fields(reporter, value, &path, &schemas::GRPC_ACTION) {
                    let port = grpc
                        .get("port")
                        .and_then(|value| int32(reporter, value, &grpc.child("port")))
                        .unwrap_or(0);
                    if !(1..=65535).contains(&port) {
                        reporter.invalid(
                            &grpc.child("port"),
                            &port.to_string(),
                            "must be between 1 and 65535, inclusive",
                        );
                    }
                    if let Some(value) = grpc.get("service") {
                        string(reporter, value, &grpc.child("service"));
                    }
                }
            }
            _ => {
                if let Some(sleep) = fields(reporter, value, &path, &schemas::SLEEP_ACTION)
                    && let Some(value) = sleep.get("seconds")
                {
                    int64(reporter, value, &sleep.child("seconds"));
                }
            }
        }
    }
    if count == 0 {
        reporter.required(&owner.path, Some("must specify a handler type"));
    }
}

/// `ValidatePortNumOrName` on a handler's `port` (absent is 0, out of range).
fn port_number_or_name(reporter: &mut Reporter, action: &Object) {
    let path = action.child("port");
    let port = match action.get("port") {
        Some(value) => match int_or_string(reporter, value, &path) {
            Some(port) => port,
            None => return,
        },
        None => IntOrPercent::Int(0),
    };
    match port {
        IntOrPercent::Int(number) if !(1..=65535).contains(&number) => reporter.invalid(
            &path,
            &number.to_string(),
            "must be between 1 and 65535, inclusive",
        ),
        IntOrPercent::Int(_) => {}
        IntOrPercent::Str(name) => {
            for error in names::port_name(&name) {
                reporter.invalid(&path, &field_error_quote(&name), &error);
            }
        }
    }
}

/// `env`: names are required; values are strings (`value: 8080` must be quoted); `valueFrom`
/// names one source.
fn env(reporter: &mut Reporter, value: &Value, path: &FieldPath) {
    for (index, item) in list(reporter, value, path).iter().enumerate() {
        let item_path = path.index(index);
        let Some(variable) = fields(reporter, item, &item_path, &schemas::ENV_VAR) else {
            continue;
        };
        let name = variable
            .get("name")
            .and_then(|value| string(reporter, value, &variable.child("name")))
            .unwrap_or_default();
        if name.is_empty() {
            reporter.required(&variable.child("name"), None);
        }
        let has_value = variable
            .get("value")
            .and_then(|value| string(reporter, value, &variable.child("value")))
            .is_some_and(|text| !text.is_empty());
        let Some(source_value) = variable.get("valueFrom") else {
            continue;
        };
        let source_path = variable.child("valueFrom");
        let Some(source) = fields(
            reporter,
            source_value,
            &source_path,
            &schemas::ENV_VAR_SOURCE,
        ) else {
            continue;
        };
        let mut count = 0;
        for (kind, schema) in [
            ("fieldRef", &schemas::OBJECT_FIELD_SELECTOR),
            ("resourceFieldRef", &schemas::RESOURCE_FIELD_SELECTOR),
            ("configMapKeyRef", &schemas::KEY_SELECTOR),
            ("secretKeyRef", &schemas::KEY_SELECTOR),
            ("fileKeyRef", &schemas::FILE_KEY_SELECTOR),
        ] {
            let Some(value) = source.get(kind) else {
                continue;
            };
            count += 1;
            let Some(reference) = fields(reporter, value, &source.child(kind), schema) else {
                continue;
            };
            for (field, field_value) in reference.map {
                let Some(field) = field.as_str() else {
                    continue;
                };
                if field_value.is_null() {
                    continue;
                }
                let field_path = reference.child(field);
                match field {
                    "optional" => {
                        boolean(reporter, field_value, &field_path);
                    }
                    "divisor" => {
                        quantity(reporter, field_value, &field_path);
                    }
                    _ => {
                        string(reporter, field_value, &field_path);
                    }
                }
            }
            if matches!(kind, "configMapKeyRef" | "secretKeyRef") {
                validate::key_selector(reporter, &reference);
            }
        }
        // `validateEnvVarValueFrom`.
        let problem = if count == 0 {
            Some(
                "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
            )
        } else if has_value {
            Some("may not be specified when `value` is not empty")
        } else if count > 1 {
            Some("may not have more than one field specified at a time")
        } else {
            None
        };
        if let Some(problem) = problem {
            reporter.invalid(&source_path, "\"\"", problem);
        }
    }
}

/// `envFrom`: a prefix and a ConfigMap or Secret reference.
fn env_from(reporter: &mut Reporter, value: &Value, path: &FieldPath) {
    for (index, item) in list(reporter, value, path).iter().enumerate() {
        let item_path = path.index(index);
        let Some(source) = fields(reporter, item, &item_path, &schemas::ENV_FROM_SOURCE) else {
            continue;
        };
        if let Some(value) = source.get("prefix") {
            string(reporter, value, &source.child("prefix"));
        }
        let mut count = 0;
        for kind in ["configMapRef", "secretRef"] {
            let Some(value) = source.get(kind) else {
                continue;
            };
            count += 1;
            let kind_path = source.child(kind);
            if let Some(reference) = fields(reporter, value, &kind_path, &schemas::ENV_SOURCE_REF) {
                let name = reference
                    .get("name")
                    .and_then(|value| string(reporter, value, &reference.child("name")))
                    .unwrap_or_default();
                if name.is_empty() {
                    reporter.required(&reference.child("name"), None);
                } else {
                    validate::env_from_name(reporter, &reference.child("name"), &name);
                }
                if let Some(value) = reference.get("optional") {
                    boolean(reporter, value, &reference.child("optional"));
                }
            }
        }
        // `validateEnvFrom` names the list, not the item.
        if count == 0 {
            reporter.invalid(
                path,
                "\"\"",
                "must specify one of: `configMapRef` or `secretRef`",
            );
        } else if count > 1 {
            reporter.invalid(
                path,
                "\"\"",
                "may not have more than one field specified at a time",
            );
        }
    }
}

/// `validateVolumeMounts`: a mount names a volume of the pod and a unique path.
fn volume_mounts(
    reporter: &mut Reporter,
    value: &Value,
    path: &FieldPath,
    volumes: &BTreeSet<String>,
) {
    let mut mount_paths = BTreeSet::new();
    for (index, item) in list(reporter, value, path).iter().enumerate() {
        let item_path = path.index(index);
        let Some(mount) = fields(reporter, item, &item_path, &schemas::VOLUME_MOUNT) else {
            continue;
        };
        let text = |reporter: &mut Reporter, name: &str| {
            mount
                .get(name)
                .and_then(|value| string(reporter, value, &mount.child(name)))
                .unwrap_or_default()
        };
        let name = text(reporter, "name");
        let mount_path = text(reporter, "mountPath");
        for name in [
            "subPath",
            "subPathExpr",
            "mountPropagation",
            "recursiveReadOnly",
        ] {
            text(reporter, name);
        }
        if let Some(value) = mount.get("readOnly") {
            boolean(reporter, value, &mount.child("readOnly"));
        }
        let name_path = mount.child("name");
        if name.is_empty() {
            reporter.required(&name_path, None);
        } else if !volumes.contains(&name) {
            reporter.report(
                Severity::Error,
                &name_path,
                Anchor::Value,
                format!("{name_path}: Not found: {}", field_error_quote(&name)),
            );
        }
        let mount_path_field = mount.child("mountPath");
        if mount_path.is_empty() {
            reporter.required(&mount_path_field, None);
        } else if !mount_paths.insert(mount_path.clone()) {
            reporter.invalid(
                &mount_path_field,
                &field_error_quote(&mount_path),
                "must be unique",
            );
        }
    }
}
