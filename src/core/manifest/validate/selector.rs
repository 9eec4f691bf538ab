//! Labels and the label selector (`ValidateLabels`, `ValidateLabelSelector`,
//! `LabelSelectorAsSelector`), and the selector printed as JSON the way field errors show it.

use super::metadata::validate_labels;
use super::*;

/// `ValidateDeploymentSpec`'s selector checks, then `ValidatePodTemplateSpecForReplicaSet`'s
/// match check. A selector that `LabelSelectorAsSelector` cannot convert is reported as an
/// invalid label selector and the template is not compared with it.
pub(super) fn validate_selector(reporter: &mut Reporter, deployment: &Deployment) {
    let selector_path = FieldPath::root().field("spec").field("selector");
    let labels_path = FieldPath::root()
        .field("spec")
        .field("template")
        .field("metadata")
        .field("labels");
    let selector = &deployment.selector;
    let written = reporter.locator.contains(&selector_path);
    let mut convertible = true;
    if !written {
        reporter.required(&selector_path, None);
    } else {
        let match_labels = selector_path.field("matchLabels");
        validate_labels(
            reporter,
            &match_labels,
            &match_labels,
            &selector.match_labels,
        );
        for (index, requirement) in selector.match_expressions.iter().enumerate() {
            let path = selector_path.field("matchExpressions").index(index);
            validate_requirement(reporter, &path, requirement);
        }
        if selector.is_empty() {
            reporter.invalid(
                &selector_path,
                "{}",
                "empty selector is invalid for deployment",
            );
        }
        convertible = selector_converts(selector);
        if !convertible {
            reporter.invalid(
                &selector_path,
                &json_selector(selector),
                "invalid label selector",
            );
        }
    }
    // A missing selector selects nothing; an empty one selects everything.
    let selects_template =
        written && (selector.is_empty() || selector.matches(&deployment.template.labels));
    if convertible && !selects_template {
        reporter.invalid(
            &labels_path,
            &json_map(&deployment.template.labels),
            "`selector` does not match template `labels`",
        );
    }
}

/// `ValidateLabelSelectorRequirement`.
fn validate_requirement(reporter: &mut Reporter, path: &FieldPath, requirement: &Requirement) {
    let values_path = path.field("values");
    match requirement.operator.as_str() {
        "In" | "NotIn" if requirement.values.is_empty() => reporter.required(
            &values_path,
            Some("must be specified when `operator` is 'In' or 'NotIn'"),
        ),
        "Exists" | "DoesNotExist" if !requirement.values.is_empty() => reporter.report(
            Severity::Error,
            &values_path,
            Anchor::Key,
            format!("{values_path}: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        ),
        "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
        other => reporter.invalid(
            &path.field("operator"),
            &json_string(other),
            "not a valid selector operator",
        ),
    }
    let key_path = path.field("key");
    for error in names::label_key(&requirement.key) {
        reporter.invalid(&key_path, &field_error_quote(&requirement.key), &error);
    }
    for (index, value) in requirement.values.iter().enumerate() {
        for error in names::label_value(value) {
            reporter.invalid(&values_path.index(index), &field_error_quote(value), &error);
        }
    }
}

/// Whether `metav1.LabelSelectorAsSelector` accepts the selector (`labels.NewRequirement`
/// checks every key, value and operator).
fn selector_converts(selector: &LabelSelector) -> bool {
    let labels_ok = selector.match_labels.iter().all(|(key, value)| {
        names::label_key(key).is_empty() && names::label_value(value).is_empty()
    });
    let expressions_ok = selector.match_expressions.iter().all(|requirement| {
        let values_ok = match requirement.operator.as_str() {
            "In" | "NotIn" => !requirement.values.is_empty(),
            "Exists" | "DoesNotExist" => requirement.values.is_empty(),
            _ => false,
        };
        values_ok
            && names::label_key(&requirement.key).is_empty()
            && requirement
                .values
                .iter()
                .all(|value| names::label_value(value).is_empty())
    });
    labels_ok && expressions_ok
}

/// A `metav1.LabelSelector` as JSON (`matchLabels`, then `matchExpressions`; empty parts omitted).
fn json_selector(selector: &LabelSelector) -> String {
    let mut parts = Vec::new();
    if !selector.match_labels.is_empty() {
        parts.push(format!(
            "\"matchLabels\":{}",
            json_map(&selector.match_labels)
        ));
    }
    if !selector.match_expressions.is_empty() {
        let expressions: Vec<String> = selector
            .match_expressions
            .iter()
            .map(|requirement| {
                let mut text = format!(
                    "{{\"key\":{},\"operator\":{}",
                    json_string(&requirement.key),
                    json_string(&requirement.operator)
                );
                if !requirement.values.is_empty() {
                    let values: Vec<String> =
                        requirement.values.iter().map(|v| json_string(v)).collect();
                    text.push_str(&format!(",\"values\":[{}]", values.join(",")));
                }
                text.push('}');
                text
            })
            .collect();
        parts.push(format!("\"matchExpressions\":[{}]", expressions.join(",")));
    }
    format!("{{{}}}", parts.join(","))
}
