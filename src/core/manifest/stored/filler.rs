//! Filling in: the bookkeeping that records every defaulted path, and small helpers over
//! YAML mappings.

use super::*;

/// When a written value counts as "not set" for a default (Go's nil pointer, empty string or
/// zero integer, as each defaulter tests it).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Unset {
    /// Absent or null (a pointer field).
    Absent,
    /// Also the empty string (a string field).
    Empty,
    /// Also zero (an integer field defaulted when zero, such as a probe's periodSeconds).
    Zero,
}

impl Unset {
    pub(super) fn holds(self, value: Option<&Value>) -> bool {
        match value {
            None | Some(Value::Null) => true,
            Some(Value::String(text)) => self == Unset::Empty && text.is_empty(),
            Some(Value::Number(number)) => {
                self == Unset::Zero && (number.as_i64() == Some(0) || number.as_f64() == Some(0.0))
            }
            Some(_) => false,
        }
    }
}

/// Where a filled-in key goes when the written mapping lacks it.
#[derive(Clone, Copy)]
pub(super) enum Place<'a> {
    Front,
    After(&'a str),
    End,
}

/// Fills defaults in and remembers the paths it filled.
#[derive(Default)]
pub(super) struct Filler {
    pub(super) paths: Vec<FieldPath>,
}

impl Filler {
    /// Container and Service ports both default `protocol` to TCP.
    pub(super) fn default_port_protocol(&mut self, port: &mut Mapping, port_path: &FieldPath) {
        self.fill(
            port,
            port_path,
            "protocol",
            Value::from("TCP"),
            Unset::Empty,
            Place::End,
        );
    }

    /// Sets `key` to `value` when it is unset; returns whether it did.
    pub(super) fn fill(
        &mut self,
        map: &mut Mapping,
        path: &FieldPath,
        key: &str,
        value: Value,
        unset: Unset,
        place: Place,
    ) -> bool {
        if !unset.holds(map.get(key)) {
            return false;
        }
        put(map, key, value, place);
        self.paths.push(path.field(key));
        true
    }

    /// The mapping at `key`, created (and recorded) when absent or null; `None` when the
    /// written value is not a mapping.
    pub(super) fn mapping<'m>(
        &mut self,
        map: &'m mut Mapping,
        path: &FieldPath,
        key: &str,
        place: Place,
    ) -> Option<&'m mut Mapping> {
        self.fill(
            map,
            path,
            key,
            Value::Mapping(Mapping::new()),
            Unset::Absent,
            place,
        );
        mapping_mut(map, key)
    }

    pub(super) fn record(&mut self, path: FieldPath) {
        self.paths.push(path);
    }

    /// The recorded paths, printed, keeping only the highest of nested ones.
    pub(super) fn into_paths(self) -> Vec<String> {
        let printed: Vec<String> = self.paths.iter().map(ToString::to_string).collect();
        let all: BTreeSet<&str> = order::btree_of(printed.iter().map(String::as_str));
        let mut seen = BTreeSet::new();
        let mut result = Vec::new();
        for path in &printed {
            let covered = path
                .char_indices()
                .filter(|&(index, c)| index > 0 && (c == '.' || c == '['))
                .any(|(index, _)| all.contains(&path[..index]));
            if !covered && seen.insert(path.as_str()) {
                result.push(path.clone());
            }
        }
        result
    }
}

/// Inserts `key` (replacing a null or empty value in place).
pub(super) fn put(map: &mut Mapping, key: &str, value: Value, place: Place) {
    if let Some(slot) = map.get_mut(key) {
        *slot = value;
        return;
    }
    let position = match place {
        Place::Front => Some(0),
        Place::After(after) => map
            .keys()
            .position(|k| k.as_str() == Some(after))
            .map(|index| index + 1),
        Place::End => None,
    };
    match position {
        Some(position) if position < map.len() => {
            let old = std::mem::take(map);
            let mut value = Some(value);
            for (index, (k, v)) in old.into_iter().enumerate() {
                if index == position
                    && let Some(value) = value.take()
                {
                    map.insert(Value::from(key), value);
                }
                map.insert(k, v);
            }
        }
        _ => {
            map.insert(Value::from(key), value);
        }
    }
}

pub(super) fn mapping_mut<'m>(map: &'m mut Mapping, key: &str) -> Option<&'m mut Mapping> {
    map.get_mut(key).and_then(Value::as_mapping_mut)
}

pub(super) fn text_of(value: Option<&Value>) -> Option<&str> {
    value.and_then(Value::as_str)
}

/// Runs `each` on every mapping item of the sequence at `key`.
pub(super) fn each_item(
    map: &mut Mapping,
    path: &FieldPath,
    key: &str,
    mut each: impl FnMut(&mut Mapping, &FieldPath),
) {
    let list_path = path.field(key);
    if let Some(items) = map.get_mut(key).and_then(Value::as_sequence_mut) {
        for (index, item) in items.iter_mut().enumerate() {
            if let Some(item) = item.as_mapping_mut() {
                each(item, &list_path.index(index));
            }
        }
    }
}

pub(super) fn default_namespace(root: &mut Mapping, filler: &mut Filler) {
    let metadata_path = FieldPath::root().field("metadata");
    if let Some(metadata) = filler.mapping(root, &FieldPath::root(), "metadata", Place::End) {
        filler.fill(
            metadata,
            &metadata_path,
            "namespace",
            Value::from("default"),
            Unset::Empty,
            Place::After("name"),
        );
    }
}

pub(super) fn namespace_of(root: &Mapping) -> String {
    text_of(root.get("metadata").and_then(|m| m.get("namespace")))
        .unwrap_or("default")
        .to_string()
}

/// apiVersion, kind, metadata and spec first; the rest as written.
pub(super) fn readable_order(root: Mapping) -> Mapping {
    const FIRST: [&str; 4] = ["apiVersion", "kind", "metadata", "spec"];
    let mut ordered = Mapping::new();
    for key in FIRST {
        if let Some(value) = root.get(key) {
            ordered.insert(Value::from(key), value.clone());
        }
    }
    for (key, value) in root {
        if !key.as_str().is_some_and(|k| FIRST.contains(&k)) {
            ordered.insert(key, value);
        }
    }
    ordered
}
