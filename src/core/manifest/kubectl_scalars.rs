//! How kubectl's YAML 1.1 reading changes what a field receives from a plain scalar that the
//! YAML 1.2 parser kept as a string: `010` and `8_080` arrive as numbers, `yes` as a boolean
//! (rules in [`crate::core::yaml_1_1_numbers`], docs/kubernetes-semantics.md §2.0).

use super::decode::{Anchor, Reporter};
use crate::core::field_path::FieldPath;
use crate::core::yaml::Value;
use crate::core::yaml_1_1_numbers::{Yaml11Number, yaml_1_1_boolean, yaml_1_1_number};

/// What kubectl's YAML 1.1 rules make of a string the YAML 1.2 parser read from a plain
/// scalar, when that is not a string: "the boolean true" for `yes`, "the number 8" for `010`.
pub fn kubectl_type_of_plain(reporter: &Reporter, text: &str, path: &FieldPath) -> Option<String> {
    if !reporter.locator.is_plain_scalar(path) {
        return None;
    }
    if let Some(flag) = yaml_1_1_boolean(text) {
        return Some(format!("the boolean {flag}"));
    }
    match yaml_1_1_number(text)? {
        Yaml11Number::Integer { value, .. } => Some(format!("the number {value}")),
        Yaml11Number::Float(float) => Some(format!("the number {float}")),
    }
}

/// Whether kubectl would send this string value as a number (a plain `010` or `8_080`), so an
/// int-or-string field must read it as an integer.
pub fn kubectl_sends_a_number(reporter: &Reporter, value: &Value, path: &FieldPath) -> bool {
    matches!(value, Value::String(text)
        if reporter.locator.is_plain_scalar(path) && yaml_1_1_number(text).is_some())
}

/// A plain scalar the YAML 1.2 parser keeps as a string but kubectl sends as a whole number (`0777`,
/// `1_000`, see [`yaml_1_1_number`]). Octal by a leading zero is read as kubectl reads it and
/// said, since the student most likely meant the decimal digits.
pub fn kubectl_integer(reporter: &mut Reporter, value: &Value, path: &FieldPath) -> Option<i64> {
    let Value::String(text) = value else {
        return None;
    };
    if !reporter.locator.is_plain_scalar(path) {
        return None;
    }
    match yaml_1_1_number(text)? {
        Yaml11Number::Integer {
            value,
            octal_by_leading_zero,
        } => {
            let decimal = text.replace('_', "").parse::<i64>().ok();
            if octal_by_leading_zero && let Some(decimal) = decimal.filter(|d| *d != value) {
                reporter.warning(
                    path,
                    Anchor::Value,
                    format!(
                        "{path}: {text} is octal under the YAML 1.1 rules kubectl reads manifests with, so the API server receives {value}; drop the leading zero if you meant {decimal}"
                    ),
                );
            }
            Some(value)
        }
        // `08` is a float for kubectl; an int field takes it when it is whole, as Go's JSON does.
        Yaml11Number::Float(float) => {
            (float.fract() == 0.0 && float.abs() < 9.0e15).then_some(float as i64)
        }
    }
}
