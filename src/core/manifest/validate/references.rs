//! Names that point at other objects, checked as the API server checks them before any of
//! those objects is looked up: the service account, priority and runtime classes
//! (`ValidatePodSpec`), the ConfigMap and Secret keys of `env[*].valueFrom`
//! (`validateConfigMapKeySelector`, `validateSecretKeySelector`) and the `envFrom` references
//! (`validateConfigMapEnvSource`, `validateSecretEnvSource`). Whether the objects exist is not
//! checked: the API server does not check it either, the kubelet finds out when the pod starts.
//!
//! Also the API server's warnings about `imagePullSecrets` (k/k `pkg/api/pod/warnings.go`),
//! whose names validation does not check at all.

use super::*;
use crate::core::manifest::decode::{Object, string};
use crate::core::yaml::Value;

/// The pod spec's references: `serviceAccountName` (or the deprecated `serviceAccount`),
/// `priorityClassName`, `runtimeClassName` and `imagePullSecrets`.
pub(super) fn pod_references(reporter: &mut Reporter, spec: &Object) {
    let read = |reporter: &mut Reporter, field: &str| {
        spec.get(field)
            .and_then(|value| string(reporter, value, &spec.child(field)))
    };
    // `Convert_v1_PodSpec_To_core_PodSpec` copies the deprecated `serviceAccount` into
    // `serviceAccountName` when that is empty, so the error names `serviceAccountName` even
    // when the value was written under the old name.
    let account = read(reporter, "serviceAccountName").unwrap_or_default();
    let deprecated = read(reporter, "serviceAccount").unwrap_or_default();
    let (written, account) = if account.is_empty() {
        ("serviceAccount", deprecated)
    } else {
        ("serviceAccountName", account)
    };
    if !account.is_empty() {
        let reported = spec.child("serviceAccountName");
        for error in names::name_is_dns_subdomain(&account, false) {
            reporter.report(
                Severity::Error,
                &spec.child(written),
                Anchor::Value,
                format!(
                    "{reported}: Invalid value: {}: {error}",
                    field_error_quote(&account)
                ),
            );
        }
    }
    if let Some(class) = read(reporter, "priorityClassName")
        && !class.is_empty()
    {
        for error in names::name_is_dns_subdomain(&class, false) {
            reporter.invalid(
                &spec.child("priorityClassName"),
                &field_error_quote(&class),
                &error,
            );
        }
    }
    // A pointer upstream: written as `""`, it is set and checked (`ValidateRuntimeClassName`).
    if let Some(class) = read(reporter, "runtimeClassName") {
        for error in names::name_is_dns_subdomain(&class, false) {
            reporter.invalid(
                &spec.child("runtimeClassName"),
                &field_error_quote(&class),
                &error,
            );
        }
    }
    image_pull_secrets(reporter, spec);
}

/// `warningsForPodSpecAndMeta`: duplicate and empty `imagePullSecrets` names are warnings,
/// not errors (validation only requires that nothing but `name` is set).
fn image_pull_secrets(reporter: &mut Reporter, spec: &Object) {
    let Some(Value::Sequence(items)) = spec.get("imagePullSecrets") else {
        return;
    };
    let path = spec.child("imagePullSecrets");
    let names: Vec<Option<String>> = items
        .iter()
        .enumerate()
        .map(|(index, item)| match item {
            Value::Mapping(map) => map
                .get("name")
                .filter(|value| !value.is_null())
                .map_or(Some(String::new()), |value| {
                    string(reporter, value, &path.index(index).field("name"))
                }),
            _ => None,
        })
        .collect();
    let mut seen = BTreeSet::new();
    if names.len() > 1 {
        for (index, name) in names.iter().enumerate() {
            if let Some(name) = name
                && !seen.insert(name.clone())
            {
                let name_path = path.index(index).field("name");
                reporter.warning(
                    &name_path,
                    Anchor::Value,
                    format!("{name_path}: duplicate name {}", field_error_quote(name)),
                );
            }
        }
    }
    for (index, name) in names.iter().enumerate() {
        if name.as_deref() == Some("") {
            let name_path = path.index(index).field("name");
            reporter.warning(
                &name_path,
                Anchor::Key,
                format!("{name_path}: invalid empty name \"\""),
            );
        }
    }
}

/// `validateConfigMapKeySelector` / `validateSecretKeySelector`: the name must be a DNS
/// subdomain (an empty name fails that too, with no `Required`), the key a ConfigMap key.
/// Types were checked while decoding; a value of the wrong type reads as empty here.
pub fn key_selector(reporter: &mut Reporter, reference: &Object) {
    let text = |field: &str| {
        reference
            .get(field)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let name = text("name");
    for error in names::name_is_dns_subdomain(&name, false) {
        reporter.invalid(&reference.child("name"), &field_error_quote(&name), &error);
    }
    let key = text("key");
    if key.is_empty() {
        reporter.required(&reference.child("key"), None);
    }
    for error in names::config_map_key(&key)
        .into_iter()
        .filter(|_| !key.is_empty())
    {
        reporter.invalid(&reference.child("key"), &field_error_quote(&key), &error);
    }
}

/// `validateConfigMapEnvSource` / `validateSecretEnvSource` on a non-empty name: a DNS
/// subdomain, read as a prefix (a trailing dash is allowed).
pub fn env_from_name(reporter: &mut Reporter, path: &FieldPath, name: &str) {
    for error in names::name_is_dns_subdomain(name, true) {
        reporter.invalid(path, &field_error_quote(name), &error);
    }
}
