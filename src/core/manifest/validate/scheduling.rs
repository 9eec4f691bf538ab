//! Scheduling fields the model does not carry, read from the raw pod spec: node affinity
//! (`validateAffinity`, `validateNodeAffinity`, `ValidateNodeSelector`,
//! `ValidateNodeSelectorTerm`, `ValidateNodeSelectorRequirement`,
//! `ValidatePreferredSchedulingTerms`) and the `tolerationSeconds` rule of
//! `ValidateTolerations` (the other toleration rules read the model, in `deployment`).
//!
//! The affinity subtree is accepted whole by the schemas, so only the fields read here are
//! type-checked; a part of the wrong shape is skipped.

use super::*;
use crate::core::manifest::decode::{Object, int32, int64, list, string, string_list};
use crate::core::yaml::Value;

const NODE_SELECTOR_OPERATORS: [&str; 6] = ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"];

/// A mapping as an [`Object`], or `None` for any other shape.
fn mapping<'v>(value: Option<&'v Value>, path: FieldPath) -> Option<Object<'v>> {
    match value {
        Some(Value::Mapping(map)) => Some(Object { map, path }),
        _ => None,
    }
}

/// `spec.affinity.nodeAffinity`: the required terms (at least one; values must be label
/// values) and the preferred ones (weight 1–100; values not checked, as upstream passes
/// `allowInvalidLabelValue` for them).
pub(super) fn node_affinity(reporter: &mut Reporter, spec: &Object) {
    let Some(affinity) = mapping(spec.get("affinity"), spec.child("affinity")) else {
        return;
    };
    let Some(node) = mapping(affinity.get("nodeAffinity"), affinity.child("nodeAffinity")) else {
        return;
    };
    let required_name = "requiredDuringSchedulingIgnoredDuringExecution";
    if let Some(required) = mapping(node.get(required_name), node.child(required_name)) {
        let terms_path = required.child("nodeSelectorTerms");
        let terms = required
            .get("nodeSelectorTerms")
            .map(|value| list(reporter, value, &terms_path))
            .unwrap_or_default();
        if terms.is_empty() {
            reporter.required(
                &terms_path,
                Some("must have at least one node selector term"),
            );
        }
        for (index, term) in terms.iter().enumerate() {
            node_selector_term(reporter, term, terms_path.index(index), true);
        }
    }
    let preferred_name = "preferredDuringSchedulingIgnoredDuringExecution";
    if let Some(value) = node.get(preferred_name) {
        let path = node.child(preferred_name);
        for (index, item) in list(reporter, value, &path).iter().enumerate() {
            let Some(term) = mapping(Some(item), path.index(index)) else {
                continue;
            };
            let weight_path = term.child("weight");
            let weight = match term.get("weight") {
                Some(value) => match int32(reporter, value, &weight_path) {
                    Some(weight) => weight,
                    None => continue,
                },
                None => 0,
            };
            if !(1..=100).contains(&weight) {
                reporter.invalid(
                    &weight_path,
                    &weight.to_string(),
                    "must be in the range 1-100",
                );
            }
            if let Some(preference) = term.get("preference") {
                node_selector_term(reporter, preference, term.child("preference"), false);
            }
        }
    }
}

/// `ValidateNodeSelectorTerm`: each of `matchExpressions`.
fn node_selector_term(reporter: &mut Reporter, value: &Value, path: FieldPath, values: bool) {
    let Some(term) = mapping(Some(value), path) else {
        return;
    };
    let Some(expressions) = term.get("matchExpressions") else {
        return;
    };
    let expressions_path = term.child("matchExpressions");
    for (index, item) in list(reporter, expressions, &expressions_path)
        .iter()
        .enumerate()
    {
        if let Some(requirement) = mapping(Some(item), expressions_path.index(index)) {
            node_selector_requirement(reporter, &requirement, values);
        }
    }
}

/// `ValidateNodeSelectorRequirement`: the operator and its values, the key a qualified name,
/// and (for required terms) each value a label value. `Gt` and `Lt` need one value; that it
/// is an integer is checked only when the scheduler reads it, not by the API server.
fn node_selector_requirement(reporter: &mut Reporter, requirement: &Object, check_values: bool) {
    let text = |reporter: &mut Reporter, field: &str| {
        requirement
            .get(field)
            .and_then(|value| string(reporter, value, &requirement.child(field)))
            .unwrap_or_default()
    };
    let key = text(reporter, "key");
    let operator = text(reporter, "operator");
    let values_path = requirement.child("values");
    let values = requirement
        .get("values")
        .map(|value| string_list(reporter, value, &values_path))
        .unwrap_or_default();
    match operator.as_str() {
        "In" | "NotIn" if values.is_empty() => reporter.required(
            &values_path,
            Some("must be specified when `operator` is 'In' or 'NotIn'"),
        ),
        "Exists" | "DoesNotExist" if !values.is_empty() => reporter.report(
            Severity::Error,
            &values_path,
            Anchor::Key,
            format!("{values_path}: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        ),
        "Gt" | "Lt" if values.len() != 1 => reporter.required(
            &values_path,
            Some("must be specified single value when `operator` is 'Lt' or 'Gt'"),
        ),
        known if NODE_SELECTOR_OPERATORS.contains(&known) => {}
        other => reporter.invalid(
            &requirement.child("operator"),
            &json_string(other),
            "not a valid selector operator",
        ),
    }
    for error in names::label_key(&key) {
        reporter.invalid(&requirement.child("key"), &field_error_quote(&key), &error);
    }
    if check_values {
        for (index, value) in values.iter().enumerate() {
            for error in names::label_value(value) {
                reporter.invalid(&values_path.index(index), &field_error_quote(value), &error);
            }
        }
    }
}

/// `ValidateTolerations`: `tolerationSeconds` only makes sense for `NoExecute` taints (the
/// only ones that evict); the effect is reported, empty or not.
pub(super) fn toleration_seconds(reporter: &mut Reporter, spec: &Object) {
    let Some(Value::Sequence(items)) = spec.get("tolerations") else {
        return;
    };
    let path = spec.child("tolerations");
    for (index, item) in items.iter().enumerate() {
        let Some(toleration) = mapping(Some(item), path.index(index)) else {
            continue;
        };
        let Some(seconds) = toleration.get("tolerationSeconds") else {
            continue;
        };
        if int64(reporter, seconds, &toleration.child("tolerationSeconds")).is_none() {
            continue;
        }
        let effect = toleration
            .get("effect")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if effect != "NoExecute" {
            reporter.invalid(
                &toleration.child("effect"),
                &json_string(effect),
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
            );
        }
    }
}

/// `ValidatePodSpec`: `nodeSelector` is a label map (`ValidateLabels`).
pub(super) fn validate_node_selector(
    reporter: &mut Reporter,
    pod_spec: &FieldPath,
    node_selector: &BTreeMap<String, String>,
) {
    let path = pod_spec.field("nodeSelector");
    super::metadata::validate_labels(reporter, &path, &path, node_selector);
}

#[cfg(test)]
mod tests {
    use crate::core::manifest::read_manifests;

    /// The errors of a Deployment whose required node affinity has one expression.
    fn affinity_errors(expression: &str) -> Vec<String> {
        let text = format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: m\nspec:\n  selector:\n    matchLabels: {{app: m}}\n  template:\n    metadata:\n      labels: {{app: m}}\n    spec:\n      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchExpressions:\n              - {expression}\n      containers:\n      - {{name: m, image: m:v1}}\n"
        );
        read_manifests(&text)
            .diagnostics
            .into_iter()
            .filter(|d| d.is_error())
            .map(|d| {
                d.message
                    .rsplit(".matchExpressions[0].")
                    .next()
                    .unwrap_or("")
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn node_selector_requirements() {
        let cases: [(&str, &[&str]); 9] = [
            ("{key: zone, operator: In, values: [a]}", &[]),
            (
                "{key: zone, operator: In}",
                &["values: Required value: must be specified when `operator` is 'In' or 'NotIn'"],
            ),
            ("{key: zone, operator: Exists}", &[]),
            (
                "{key: zone, operator: DoesNotExist, values: [a]}",
                &[
                    "values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                ],
            ),
            ("{key: gpus, operator: Lt, values: [\"4\"]}", &[]),
            // The API server does not parse the number; the scheduler does.
            ("{key: gpus, operator: Gt, values: [four]}", &[]),
            (
                "{key: gpus, operator: Gt}",
                &[
                    "values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'",
                ],
            ),
            (
                "{key: zone, operator: Equal, values: [a]}",
                &["operator: Invalid value: \"Equal\": not a valid selector operator"],
            ),
            (
                "{key: zone, operator: In, values: [\"a b\"]}",
                &[
                    "values[0]: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
                ],
            ),
        ];
        for (expression, expected) in cases {
            assert_eq!(affinity_errors(expression), expected, "{expression}");
        }
    }
}
