//! The volume sources model servers use, checked as `validateVolumeSource` checks the one
//! source it counts first: `emptyDir` (`sizeLimit` not negative), `hostPath`
//! (`validateHostPathVolumeSource`), `secret`, `configMap` and `persistentVolumeClaim`
//! (the name they refer to is required; upstream checks no syntax for it). The count of
//! sources and the volume name are checked by the decoder (`container_fields::volumes`).
//!
//! The sources are accepted whole by the schemas, so only the fields read here are
//! type-checked; a source that is not a mapping is skipped.

use super::*;
use crate::core::manifest::decode::{Object, quantity, string};
use crate::core::yaml::Value;

/// Checks `source`, the first source the volume names.
pub fn volume_source(reporter: &mut Reporter, volume: &Object, source: &str) {
    let Some(Value::Mapping(map)) = volume.get(source) else {
        return;
    };
    let object = Object {
        map,
        path: volume.child(source),
    };
    let required = |reporter: &mut Reporter, field: &str| {
        let path = object.child(field);
        let text = object
            .get(field)
            .and_then(|value| string(reporter, value, &path));
        if text.as_deref().unwrap_or_default().is_empty() {
            reporter.required(&path, None);
        }
        text.unwrap_or_default()
    };
    match source {
        "emptyDir" => {
            let path = object.child("sizeLimit");
            if let Some(value) = object.get("sizeLimit")
                && let Some(limit) = quantity(reporter, value, &path)
                && limit.is_negative()
            {
                reporter.report(
                    Severity::Error,
                    &path,
                    Anchor::Value,
                    format!("{path}: Forbidden: SizeLimit field must be a valid resource quantity"),
                );
            }
        }
        "hostPath" => {
            let host_path = required(reporter, "path");
            // `validatePathNoBacksteps`: one error, however many `..` there are.
            if host_path.split('/').any(|part| part == "..") {
                reporter.invalid(
                    &object.child("path"),
                    &field_error_quote(&host_path),
                    "must not contain '..'",
                );
            }
        }
        "secret" => {
            required(reporter, "secretName");
        }
        "configMap" => {
            required(reporter, "name");
        }
        "persistentVolumeClaim" => {
            required(reporter, "claimName");
        }
        _ => {}
    }
}
