//! LimitRange defaults (`SetDefaults_LimitRangeItem`) and what its admission plugin gives a
//! pod's containers.

use super::*;

pub(super) fn default_limit_range_spec(spec: &mut Mapping, path: &FieldPath, filler: &mut Filler) {
    each_item(spec, path, "limits", |item, item_path| {
        if text_of(item.get("type")) != Some("Container") {
            return;
        }
        // `default` from `max`, then `defaultRequest` from `default`, then from `min`.
        for (from, to) in [
            ("max", "default"),
            ("default", "defaultRequest"),
            ("min", "defaultRequest"),
        ] {
            let Some(source) = item.get(from).and_then(Value::as_mapping).cloned() else {
                continue;
            };
            if source.is_empty() {
                continue;
            }
            let to_path = item_path.field(to);
            let Some(target) = filler.mapping(item, item_path, to, Place::End) else {
                continue;
            };
            for (resource, quantity) in source {
                if target.contains_key(&resource) {
                    continue;
                }
                if let Some(name) = resource.as_str() {
                    filler.record(to_path.key(name));
                }
                target.insert(resource, quantity);
            }
        }
    });
}

/// A LimitRange's `Container` defaults, with its namespace.
pub(super) struct ContainerDefaults {
    pub(super) namespace: String,
    pub(super) requests: Mapping,
    pub(super) limits: Mapping,
}

pub(super) fn container_defaults(limit_range: &StoredDocument) -> ContainerDefaults {
    let mut defaults = ContainerDefaults {
        namespace: limit_range.namespace.clone().unwrap_or_default(),
        requests: Mapping::new(),
        limits: Mapping::new(),
    };
    let items = limit_range
        .value
        .get("spec")
        .and_then(|spec| spec.get("limits"))
        .and_then(Value::as_sequence);
    for item in items.into_iter().flatten() {
        if text_of(item.get("type")) != Some("Container") {
            continue;
        }
        for (key, slot) in [
            ("defaultRequest", &mut defaults.requests),
            ("default", &mut defaults.limits),
        ] {
            if let Some(resources) = item.get(key).and_then(Value::as_mapping) {
                for (resource, quantity) in resources {
                    slot.insert(resource.clone(), quantity.clone());
                }
            }
        }
    }
    defaults
}
