//! The Pod a ReplicaSet creates from a Deployment's template, after `SetDefaults_Pod` and the
//! admission plugins.

use super::*;

pub(super) const LIMIT_RANGER_ANNOTATION: &str = "kubernetes.io/limit-ranger";

pub(super) fn replica_set_pod(
    deployment: &StoredDocument,
    hash: Option<&str>,
    limit_ranges: &[ContainerDefaults],
) -> Option<StoredDocument> {
    let template = deployment
        .value
        .get("spec")
        .and_then(|spec| spec.get("template"))?;
    let namespace = deployment
        .namespace
        .clone()
        .unwrap_or_else(|| "default".to_string());
    let mut filler = Filler::default();
    let metadata_path = FieldPath::root().field("metadata");
    let spec_path = FieldPath::root().field("spec");

    // The ReplicaSet is named after the Deployment and the template hash; its pods after it.
    let replica_set = match hash {
        Some(hash) => format!("{}-{hash}", deployment.name),
        None => deployment.name.clone(),
    };
    let generate_name = format!("{replica_set}-");
    let mut metadata = Mapping::new();
    metadata.insert(
        Value::from("generateName"),
        Value::from(generate_name.as_str()),
    );
    filler.record(metadata_path.field("generateName"));
    metadata.insert(Value::from("namespace"), Value::from(namespace.as_str()));
    filler.record(metadata_path.field("namespace"));
    // `GetPodFromTemplate` copies the template's labels, annotations and finalizers.
    if let Some(written) = template.get("metadata").and_then(Value::as_mapping) {
        for (key, value) in written {
            if matches!(key.as_str(), Some("labels" | "annotations" | "finalizers")) {
                metadata.insert(key.clone(), value.clone());
            }
        }
    }
    if let Some(hash) = hash
        && let Some(labels) = filler.mapping(&mut metadata, &metadata_path, "labels", Place::End)
    {
        labels.insert(Value::from("pod-template-hash"), Value::from(hash));
        filler.record(metadata_path.field("labels").key("pod-template-hash"));
    }

    // The stored template's spec, as the ReplicaSet copies it.
    let mut spec = template
        .get("spec")
        .and_then(Value::as_mapping)
        .cloned()
        .unwrap_or_default();
    // The template's defaults were filled in already; record them in the Pod's coordinates.
    let template_prefix = "spec.template.spec";
    for path in &deployment.defaulted {
        if let Some(rest) = path.strip_prefix(template_prefix)
            && (rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
        {
            filler.record(FieldPath::parse(&format!("spec{rest}")));
        }
    }
    default_pod_spec(&mut spec, &spec_path, &mut filler);
    requests_from_limits(&mut spec, &spec_path, &mut filler);
    filler.fill(
        &mut spec,
        &spec_path,
        "enableServiceLinks",
        Value::Bool(true),
        Unset::Absent,
        Place::End,
    );
    for limit_range in limit_ranges.iter().filter(|lr| lr.namespace == namespace) {
        let notes = apply_limit_range(&mut spec, &spec_path, limit_range, &mut filler);
        if !notes.is_empty()
            && let Some(annotations) =
                filler.mapping(&mut metadata, &metadata_path, "annotations", Place::End)
        {
            annotations.insert(
                Value::from(LIMIT_RANGER_ANNOTATION),
                Value::from(format!("LimitRanger plugin set: {}", notes.join("; "))),
            );
            filler.record(
                metadata_path
                    .field("annotations")
                    .key(LIMIT_RANGER_ANNOTATION),
            );
        }
    }
    default_toleration_seconds(&mut spec, &spec_path, &mut filler);

    let mut root = Mapping::new();
    root.insert(Value::from("apiVersion"), Value::from("v1"));
    root.insert(Value::from("kind"), Value::from("Pod"));
    root.insert(Value::from("metadata"), Value::Mapping(metadata));
    root.insert(Value::from("spec"), Value::Mapping(spec));
    let (value, yaml) = render(root);
    Some(StoredDocument {
        document: deployment.document,
        origin: Origin::ReplicaSetPod,
        kind: "Pod".to_string(),
        name: generate_name,
        namespace: Some(namespace),
        value,
        yaml,
        defaulted: filler.into_paths(),
        dropped: Vec::new(),
    })
}

/// `SetDefaults_Pod`: a container's requests default to its limits, per resource.
pub(super) fn requests_from_limits(spec: &mut Mapping, path: &FieldPath, filler: &mut Filler) {
    for list in ["initContainers", "containers"] {
        each_item(spec, path, list, |container, container_path| {
            let resources_path = container_path.field("resources");
            let Some(resources) = mapping_mut(container, "resources") else {
                return;
            };
            let Some(limits) = resources.get("limits").and_then(Value::as_mapping).cloned() else {
                return;
            };
            let requests_path = resources_path.field("requests");
            let Some(requests) = filler.mapping(resources, &resources_path, "requests", Place::End)
            else {
                return;
            };
            for (resource, quantity) in limits {
                if !requests.contains_key(&resource) {
                    if let Some(name) = resource.as_str() {
                        filler.record(requests_path.key(name));
                    }
                    requests.insert(resource, quantity);
                }
            }
        });
    }
}

/// The LimitRanger admission plugin: fills each container's missing limits and requests from
/// the LimitRange, and returns the notes of its annotation (`cpu request for container model`).
pub(super) fn apply_limit_range(
    spec: &mut Mapping,
    path: &FieldPath,
    defaults: &ContainerDefaults,
    filler: &mut Filler,
) -> Vec<String> {
    let mut notes = Vec::new();
    for (list, what) in [
        ("containers", "container"),
        ("initContainers", "init container"),
    ] {
        each_item(spec, path, list, |container, container_path| {
            let name = text_of(container.get("name"))
                .unwrap_or_default()
                .to_string();
            let resources_path = container_path.field("resources");
            let mut set = |key: &str, from: &Mapping, filler: &mut Filler| -> Vec<String> {
                let missing: Vec<(Value, Value)> = from
                    .iter()
                    .filter(|(resource, _)| {
                        container
                            .get("resources")
                            .and_then(|r| r.get(key))
                            .is_none_or(|present| present.get(*resource).is_none())
                    })
                    .map(|(resource, quantity)| (resource.clone(), quantity.clone()))
                    .collect();
                if missing.is_empty() {
                    return Vec::new();
                }
                let Some(resources) =
                    filler.mapping(container, container_path, "resources", Place::End)
                else {
                    return Vec::new();
                };
                let Some(target) = filler.mapping(resources, &resources_path, key, Place::End)
                else {
                    return Vec::new();
                };
                let mut names = BTreeSet::new();
                for (resource, quantity) in missing {
                    let resource_name = resource.as_str().unwrap_or_default().to_string();
                    filler.record(resources_path.field(key).key(&resource_name));
                    names.insert(resource_name);
                    target.insert(resource, quantity);
                }
                names.into_iter().collect()
            };
            let limits = set("limits", &defaults.limits, filler);
            let requests = set("requests", &defaults.requests, filler);
            if !requests.is_empty() {
                notes.push(format!("{} request for {what} {name}", requests.join(", ")));
            }
            if !limits.is_empty() {
                notes.push(format!("{} limit for {what} {name}", limits.join(", ")));
            }
        });
    }
    notes
}

/// The DefaultTolerationSeconds admission plugin: pods tolerate a not-ready or unreachable
/// node for 300 s before they are evicted, unless they already tolerate it.
pub(super) fn default_toleration_seconds(
    spec: &mut Mapping,
    path: &FieldPath,
    filler: &mut Filler,
) {
    const TAINTS: [&str; 2] = [
        "node.kubernetes.io/not-ready",
        "node.kubernetes.io/unreachable",
    ];
    let written: Vec<(String, String)> = spec
        .get("tolerations")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .map(|toleration| {
            (
                text_of(toleration.get("key"))
                    .unwrap_or_default()
                    .to_string(),
                text_of(toleration.get("effect"))
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect();
    let missing: Vec<&str> = TAINTS
        .into_iter()
        .filter(|taint| {
            !written.iter().any(|(key, effect)| {
                (key == taint || key.is_empty()) && (effect == "NoExecute" || effect.is_empty())
            })
        })
        .collect();
    if missing.is_empty() {
        return;
    }
    let tolerations_path = path.field("tolerations");
    if Unset::Absent.holds(spec.get("tolerations")) {
        put(spec, "tolerations", Value::Sequence(Vec::new()), Place::End);
        filler.record(tolerations_path.clone());
    }
    let Some(tolerations) = spec.get_mut("tolerations").and_then(Value::as_sequence_mut) else {
        return;
    };
    for taint in missing {
        let mut toleration = Mapping::new();
        toleration.insert(Value::from("key"), Value::from(taint));
        toleration.insert(Value::from("operator"), Value::from("Exists"));
        toleration.insert(Value::from("effect"), Value::from("NoExecute"));
        toleration.insert(Value::from("tolerationSeconds"), Value::from(300));
        filler.record(tolerations_path.index(tolerations.len()));
        tolerations.push(Value::Mapping(toleration));
    }
}
