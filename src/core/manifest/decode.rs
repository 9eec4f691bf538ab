//! Reading a YAML [`Value`] into typed fields while collecting located diagnostics.
//!
//! Decoding never stops at the first problem: like the API server, it reports every field
//! error it can find, each with a Kubernetes field path and the line and column of the
//! offending key or value.

use std::collections::BTreeMap;

use super::kubectl_scalars::{kubectl_integer, kubectl_type_of_plain};
use crate::core::diagnostic::{Diagnostic, Severity};
use crate::core::field_path::FieldPath;
use crate::core::locate::Locator;
use crate::core::quantity::Quantity;
use crate::core::yaml::{Mapping, Value};

/// Where diagnostics for one document go.
pub struct Reporter<'a> {
    pub document: usize,
    pub locator: &'a Locator,
    pub diagnostics: &'a mut Vec<Diagnostic>,
    /// While decoding, validation errors wait here: the API server refuses a request that
    /// fails strict decoding (unknown fields, wrong types, malformed quantities, see
    /// [`Reporter::reject`]) before it validates anything, so they are shown only when the
    /// whole stream decodes.
    pub deferred: Option<&'a mut Vec<Diagnostic>>,
}

/// Which end of a mapping entry a diagnostic points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Key,
    Value,
}

impl Reporter<'_> {
    pub fn report(
        &mut self,
        severity: Severity,
        path: &FieldPath,
        anchor: Anchor,
        message: String,
    ) {
        let position = match anchor {
            Anchor::Key => self.locator.key_position(path),
            Anchor::Value => self.locator.value_position(path),
        };
        // Messages begin `<path>: `; at the document's root there is no path to name.
        let message = match message.strip_prefix(": ") {
            Some(rest) if path.is_root() => rest.to_string(),
            _ => message,
        };
        let diagnostic = Diagnostic {
            severity,
            document: self.document,
            path: path.to_string(),
            line: position.line,
            column: position.column,
            message,
        };
        match &mut self.deferred {
            Some(deferred) if severity == Severity::Error => deferred.push(diagnostic),
            _ => self.diagnostics.push(diagnostic),
        }
    }

    /// A strict-decoding error (unknown field, wrong type, malformed quantity, unknown kind):
    /// reported at once, and it keeps validation errors from being shown.
    pub fn reject(&mut self, path: &FieldPath, anchor: Anchor, message: String) {
        let deferred = self.deferred.take();
        self.report(Severity::Error, path, anchor, message);
        self.deferred = deferred;
    }

    /// `<path>: Invalid value: <value>: <detail>`, at the value.
    pub fn invalid(&mut self, path: &FieldPath, shown_value: &str, detail: &str) {
        let message = format!("{path}: Invalid value: {shown_value}: {detail}");
        self.report(Severity::Error, path, Anchor::Value, message);
    }

    /// `<path>: Required value[: detail]`, at the nearest written ancestor.
    pub fn required(&mut self, path: &FieldPath, detail: Option<&str>) {
        let message = match detail {
            Some(detail) => format!("{path}: Required value: {detail}"),
            None => format!("{path}: Required value"),
        };
        self.report(Severity::Error, path, Anchor::Key, message);
    }

    /// `<path>: Unsupported value: "x": supported values: "A", "B"`, at the value.
    pub fn unsupported(&mut self, path: &FieldPath, value: &str, supported: &[&str]) {
        let listed: Vec<String> = supported.iter().map(|s| format!("\"{s}\"")).collect();
        let message = format!(
            "{path}: Unsupported value: \"{value}\": supported values: {}",
            listed.join(", ")
        );
        self.report(Severity::Error, path, Anchor::Value, message);
    }

    pub fn warning(&mut self, path: &FieldPath, anchor: Anchor, message: String) {
        self.report(Severity::Warning, path, anchor, message);
    }

    pub fn info(&mut self, path: &FieldPath, anchor: Anchor, message: String) {
        self.report(Severity::Info, path, anchor, message);
    }
}

/// The fields a Kubernetes type accepts: the ones the simulation models and the ones it only
/// accepts. Unknown names are errors (strict decoding); accepted-only names are listed as
/// "not simulated" information.
pub struct Schema {
    pub type_name: &'static str,
    pub simulated: &'static [&'static str],
    pub accepted: &'static [&'static str],
}

impl Schema {
    fn knows(&self, name: &str) -> bool {
        self.simulated.contains(&name) || self.accepted.contains(&name)
    }
}

/// A mapping being read, with its path.
pub struct Object<'v> {
    pub map: &'v Mapping,
    pub path: FieldPath,
}

impl<'v> Object<'v> {
    pub fn get(&self, name: &str) -> Option<&'v Value> {
        self.map.get(name).filter(|value| !value.is_null())
    }

    pub fn child(&self, name: &str) -> FieldPath {
        self.path.field(name)
    }
}

/// Reads `value` as a mapping of `schema`: wrong type and unknown fields are errors, fields
/// accepted but not simulated are reported once as information.
pub fn object<'v>(
    reporter: &mut Reporter,
    value: &'v Value,
    path: &FieldPath,
    schema: &Schema,
) -> Option<Object<'v>> {
    read_object(reporter, value, path, schema, true)
}

/// Like [`object`], for a subtree whose parent is already listed as not simulated: unknown
/// fields and wrong types are still errors, but accepted fields add no notes of their own.
pub fn fields<'v>(
    reporter: &mut Reporter,
    value: &'v Value,
    path: &FieldPath,
    schema: &Schema,
) -> Option<Object<'v>> {
    read_object(reporter, value, path, schema, false)
}

fn read_object<'v>(
    reporter: &mut Reporter,
    value: &'v Value,
    path: &FieldPath,
    schema: &Schema,
    notes: bool,
) -> Option<Object<'v>> {
    let Value::Mapping(map) = value else {
        type_error(reporter, value, path, "object");
        return None;
    };
    for key in map.keys() {
        let Some(name) = key.as_str() else {
            reporter.reject(
                path,
                Anchor::Value,
                format!(
                    "{path}: Invalid value: {}: field names must be strings",
                    show(key)
                ),
            );
            continue;
        };
        let field_path = path.field(name);
        if !schema.knows(name) {
            let mut message = format!("unknown field \"{field_path}\"");
            let candidates = schema
                .simulated
                .iter()
                .chain(schema.accepted.iter())
                .copied();
            if let Some(suggestion) = closest_name(name, candidates) {
                message.push_str(&format!(" (did you mean \"{suggestion}\"?)"));
            }
            reporter.reject(&field_path, Anchor::Key, message);
        } else if notes && !schema.simulated.contains(&name) {
            reporter.info(
                &field_path,
                Anchor::Key,
                format!("{field_path}: accepted; not simulated (it does not change this lesson)"),
            );
        }
    }
    Some(Object {
        map,
        path: path.clone(),
    })
}

/// Reads a string field; numbers and booleans are refused as the API server's JSON decoder
/// refuses them.
pub fn string(reporter: &mut Reporter, value: &Value, path: &FieldPath) -> Option<String> {
    match value {
        Value::String(text) => match kubectl_type_of_plain(reporter, text, path) {
            Some(found) => {
                let message = format!(
                    "{path}: Invalid value: {text}: kubectl reads a plain {text} as {found} (YAML 1.1), which cannot unmarshal into a field of type string; quote it (\"{text}\")"
                );
                reporter.reject(path, Anchor::Value, message);
                None
            }
            None => Some(text.clone()),
        },
        _ => {
            type_error(reporter, value, path, "string");
            None
        }
    }
}

/// Reads a whole number that fits in Kubernetes' int32 fields.
pub fn int32(reporter: &mut Reporter, value: &Value, path: &FieldPath) -> Option<i64> {
    let Some(number) = integer(value).or_else(|| kubectl_integer(reporter, value, path)) else {
        type_error(reporter, value, path, "integer");
        return None;
    };
    if number > i64::from(i32::MAX) || number < i64::from(i32::MIN) {
        reporter.reject(
            path,
            Anchor::Value,
            format!(
                "{path}: Invalid value: {}: must fit in a 32-bit integer (Kubernetes stores this field as int32)",
                show(value)
            ),
        );
        return None;
    }
    Some(number)
}

/// Reads an int64 field (such as terminationGracePeriodSeconds).
pub fn int64(reporter: &mut Reporter, value: &Value, path: &FieldPath) -> Option<i64> {
    let number = integer(value).or_else(|| kubectl_integer(reporter, value, path));
    if number.is_none() {
        type_error(reporter, value, path, "integer");
    }
    number
}

pub fn boolean(reporter: &mut Reporter, value: &Value, path: &FieldPath) -> Option<bool> {
    match value {
        Value::Bool(flag) => Some(*flag),
        _ => {
            type_error(reporter, value, path, "boolean");
            None
        }
    }
}

/// Reads a sequence; a missing or null value is an empty list.
pub fn list<'v>(reporter: &mut Reporter, value: &'v Value, path: &FieldPath) -> &'v [Value] {
    match value {
        Value::Sequence(items) => items,
        Value::Null => &[],
        _ => {
            type_error(reporter, value, path, "array");
            &[]
        }
    }
}

/// Reads a `[]string` (command, args): a list whose items are strings.
pub fn string_list(reporter: &mut Reporter, value: &Value, path: &FieldPath) -> Vec<String> {
    list(reporter, value, path)
        .iter()
        .enumerate()
        .filter(|(_, item)| !item.is_null())
        .filter_map(|(index, item)| string(reporter, item, &path.index(index)))
        .collect()
}

/// Reads a `map[string]string` (labels, selectors, nodeSelector).
pub fn string_map(
    reporter: &mut Reporter,
    value: &Value,
    path: &FieldPath,
) -> BTreeMap<String, String> {
    let mut result = BTreeMap::new();
    let Value::Mapping(map) = value else {
        if !value.is_null() {
            type_error(reporter, value, path, "object");
        }
        return result;
    };
    for (key, entry) in map {
        let Some(key) = key.as_str() else {
            reporter.reject(
                path,
                Anchor::Value,
                format!("{path}: Invalid value: {}: keys must be strings", show(key)),
            );
            continue;
        };
        match entry {
            Value::String(text) => {
                let entry_path = path.key(key);
                if let Some(found) = kubectl_type_of_plain(reporter, text, &entry_path) {
                    // `enabled: yes` in labels reaches the API server as `true`.
                    reporter.reject(
                        &entry_path,
                        Anchor::Value,
                        format!(
                            "{entry_path}: Invalid value: {text}: kubectl reads a plain {text} as {found} (YAML 1.1); must be a string; quote it (\"{text}\")"
                        ),
                    );
                    continue;
                }
                result.insert(key.to_string(), text.clone());
            }
            Value::Null => {
                result.insert(key.to_string(), String::new());
            }
            other => {
                // Kubernetes refuses `version: 2` in labels: the value must be quoted.
                let entry_path = path.key(key);
                reporter.reject(
                    &entry_path,
                    Anchor::Value,
                    format!(
                        "{entry_path}: Invalid value: {}: must be a string; quote it (\"{}\")",
                        show(other),
                        plain(other)
                    ),
                );
            }
        }
    }
    result
}

/// Reads a resource list (`requests`, `limits`, capacity) of quantities.
pub fn resource_list(
    reporter: &mut Reporter,
    value: &Value,
    path: &FieldPath,
) -> BTreeMap<String, Quantity> {
    let mut result = BTreeMap::new();
    let Value::Mapping(map) = value else {
        if !value.is_null() {
            type_error(reporter, value, path, "object");
        }
        return result;
    };
    for (key, entry) in map {
        let Some(name) = key.as_str() else { continue };
        let entry_path = path.key(name);
        if let Some(quantity) = quantity(reporter, entry, &entry_path) {
            result.insert(name.to_string(), quantity);
        }
    }
    result
}

/// Reads a quantity written as a string or a bare number.
pub fn quantity(reporter: &mut Reporter, value: &Value, path: &FieldPath) -> Option<Quantity> {
    let text = match value {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        _ => {
            type_error(reporter, value, path, "quantity");
            return None;
        }
    };
    match Quantity::parse(&text) {
        Ok(quantity) => Some(quantity),
        Err(error) => {
            reporter.reject(
                path,
                Anchor::Value,
                format!("{path}: Invalid value: \"{text}\": {error}"),
            );
            None
        }
    }
}

/// The value as the API server prints it in field errors: strings quoted, numbers bare.
pub fn show(value: &Value) -> String {
    match value {
        Value::String(text) => format!("\"{text}\""),
        Value::Null => "null".to_string(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number.to_string(),
        Value::Sequence(_) => "[...]".to_string(),
        Value::Mapping(_) => "{...}".to_string(),
        Value::Tagged(tagged) => show(&tagged.value),
    }
}

/// The value without quotes, for suggestions.
pub fn plain(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => show(other),
    }
}

fn integer(value: &Value) -> Option<i64> {
    match value {
        Value::Number(number) => number.as_i64().or_else(|| {
            // `2.0` decodes into an int32 field in Go's JSON decoder; `2.5` does not.
            number
                .as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        }),
        _ => None,
    }
}

/// The JSON type name the API server's decoder uses for a value ("string", "array", ...).
pub fn json_type_name(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "string",
        Value::Number(number) if number.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::Bool(_) => "boolean",
        Value::Null => "null",
        Value::Sequence(_) => "array",
        Value::Mapping(_) => "object",
        Value::Tagged(_) => "tagged value",
    }
}

fn type_error(reporter: &mut Reporter, value: &Value, path: &FieldPath, expected: &str) {
    let found = json_type_name(value);
    // The API server's strict JSON decoder words this as "cannot unmarshal <found> into ...".
    let message = format!(
        "{path}: Invalid value: {}: cannot unmarshal {found} into a field of type {expected}",
        show(value)
    );
    reporter.reject(path, Anchor::Value, message);
}

/// The closest known name within a small edit distance, for "did you mean" hints.
pub fn closest_name<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lowered = name.to_ascii_lowercase();
    candidates
        .map(|candidate| {
            (
                edit_distance(&lowered, &candidate.to_ascii_lowercase()),
                candidate,
            )
        })
        .filter(|(distance, candidate)| {
            *distance <= 2.max(candidate.len() / 4) && *candidate != name
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance, bounded to short names so hostile keys cannot make it slow.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(64).collect();
    let b: Vec<char> = b.chars().take(64).collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names() {
        let names = ["replicas", "selector", "template", "strategy"];
        assert_eq!(
            closest_name("replica", names.iter().copied()),
            Some("replicas")
        );
        assert_eq!(
            closest_name("Replicas", names.iter().copied()),
            Some("replicas")
        );
        assert_eq!(closest_name("banana", names.iter().copied()), None);
    }
}
