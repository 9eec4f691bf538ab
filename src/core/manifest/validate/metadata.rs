//! Labels, annotations and taints as the API server checks them for every kind
//! (`ValidateObjectMetaAccessor`: `ValidateLabels`, `ValidateAnnotations`; the pod template's
//! `ValidatePodTemplateSpec`; `ValidateNode`'s `validateNodeTaints`), §2.5 of the semantics
//! reference.
//!
//! Labels and annotations are checked where the metadata is decoded, the one place every kind
//! reads it; during decoding the reporter holds the errors back with the other validation
//! errors. Upstream names some fields by another path than the one written:
//! `ValidatePodTemplateSpec` is handed `spec.template`, so the template's labels are
//! `spec.template.labels`, and `ValidateNode` checks `spec.taints` as `metadata.taints`. So each
//! check takes the path its messages name (`shown`) and the path of the text it points at (`at`).

use super::*;
use crate::core::manifest::decode::string_map;

/// `TotalAnnotationSizeLimitB`: the keys and values of an object's annotations, together.
const ANNOTATIONS_BYTES: usize = 256 * 1024;

/// `validateTaintEffect`'s effects, in the order its message lists them.
const TAINT_EFFECTS: [&str; 3] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/// Reads `labels` and `annotations` of a metadata mapping and checks both, naming them under
/// `shown`; returns the labels.
pub fn labels_and_annotations(
    reporter: &mut Reporter,
    meta: &Object,
    shown: &FieldPath,
) -> BTreeMap<String, String> {
    let mut labels = BTreeMap::new();
    if let Some(value) = meta.get("labels") {
        let at = meta.child("labels");
        labels = string_map(reporter, value, &at);
        validate_labels(reporter, &shown.field("labels"), &at, &labels);
    }
    if let Some(value) = meta.get("annotations") {
        let at = meta.child("annotations");
        let annotations = string_map(reporter, value, &at);
        validate_annotations(reporter, &shown.field("annotations"), &at, &annotations);
    }
    labels
}

/// `ValidateLabels`: errors name the map, not the entry; the marker goes on the key or value.
pub(super) fn validate_labels(
    reporter: &mut Reporter,
    shown: &FieldPath,
    at: &FieldPath,
    labels: &BTreeMap<String, String>,
) {
    for (key, value) in labels {
        let entry = at.key(key);
        for error in names::label_key(key) {
            invalid_at(reporter, &entry, Anchor::Key, shown, key, &error);
        }
        for error in names::label_value(value) {
            invalid_at(reporter, &entry, Anchor::Value, shown, value, &error);
        }
    }
}

/// `ValidateAnnotations`: each key a qualified name regardless of case, and the whole map at
/// most 256 KiB (`ValidateAnnotationsSize`, reported as `field.TooLong` without the value).
fn validate_annotations(
    reporter: &mut Reporter,
    shown: &FieldPath,
    at: &FieldPath,
    annotations: &BTreeMap<String, String>,
) {
    let mut total = 0;
    for (key, value) in annotations {
        for error in names::annotation_key(key) {
            invalid_at(reporter, &at.key(key), Anchor::Key, shown, key, &error);
        }
        total += key.len() + value.len();
    }
    if total > ANNOTATIONS_BYTES {
        reporter.report(
            Severity::Error,
            at,
            Anchor::Key,
            format!("{shown}: Too long: may not be more than {ANNOTATIONS_BYTES} bytes"),
        );
    }
}

/// `validateNodeTaints`: the key a qualified name, the value a label value, the effect one of
/// three, and no two taints with the same key and effect.
pub fn node_taints(reporter: &mut Reporter, shown: &FieldPath, at: &FieldPath, taints: &[Taint]) {
    // Each seen (effect, key) as one string, the effect's length first so no two pairs collide.
    let mut seen = BTreeSet::new();
    for (index, taint) in taints.iter().enumerate() {
        let (shown, at) = (shown.index(index), at.index(index));
        let (key_shown, key_at) = (shown.field("key"), at.field("key"));
        for error in names::label_key(&taint.key) {
            invalid_at(
                reporter,
                &key_at,
                Anchor::Value,
                &key_shown,
                &taint.key,
                &error,
            );
        }
        let errors = names::label_value(&taint.value);
        if !errors.is_empty() {
            let (value_shown, value_at) = (shown.field("value"), at.field("value"));
            let detail = errors.join(";");
            invalid_at(
                reporter,
                &value_at,
                Anchor::Value,
                &value_shown,
                &taint.value,
                &detail,
            );
        }
        let (effect_shown, effect_at) = (shown.field("effect"), at.field("effect"));
        if taint.effect.is_empty() {
            let message = format!("{effect_shown}: Required value");
            reporter.report(Severity::Error, &effect_at, Anchor::Key, message);
        } else if !TAINT_EFFECTS.contains(&taint.effect.as_str()) {
            let message = format!(
                "{effect_shown}: Unsupported value: {}: supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"",
                json_string(&taint.effect)
            );
            reporter.report(Severity::Error, &effect_at, Anchor::Value, message);
        }
        let pair = format!("{}:{}{}", taint.effect.len(), taint.effect, taint.key);
        if !seen.insert(pair) {
            // The internal `core.Taint` has no JSON tags, so the error prints its Go field names.
            let message = format!(
                "{shown}: Duplicate value: {{\"Key\":{},\"Value\":{},\"Effect\":{},\"TimeAdded\":null}}: taints must be unique by key and effect pair",
                json_string(&taint.key),
                json_string(&taint.value),
                json_string(&taint.effect)
            );
            reporter.report(Severity::Error, &at, Anchor::Key, message);
        }
    }
}

/// `<shown>: Invalid value: "<value>": <detail>`, marked at `at`.
fn invalid_at(
    reporter: &mut Reporter,
    at: &FieldPath,
    anchor: Anchor,
    shown: &FieldPath,
    value: &str,
    detail: &str,
) {
    let message = format!(
        "{shown}: Invalid value: {}: {detail}",
        field_error_quote(value)
    );
    reporter.report(Severity::Error, at, anchor, message);
}
