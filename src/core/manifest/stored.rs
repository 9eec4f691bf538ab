//! "What the cluster stores": every document as the API server would keep it after defaulting
//! (§1 of the semantics reference), beside what was written.
//!
//! Defaults are filled in on the written YAML value, not on the typed model, so every field the
//! simulation does not read (volumes, env, affinity, ...) is kept exactly as written. Each
//! stored document lists the paths that were filled in, so a view can highlight them.
//!
//! - Deployment: `replicas`, `strategy` (`rollingUpdate` 25%/25% only for RollingUpdate),
//!   `revisionHistoryLimit`, `progressDeadlineSeconds`, the pod template's `SetDefaults_PodSpec`
//!   and `SetDefaults_Container` fields, probes (only where one is written), `httpGet` scheme and
//!   path, env `fieldRef.apiVersion`, volumes' `defaultMode`, and `metadata.namespace`.
//! - Service: `type`, `sessionAffinity` (and the ClientIP timeout), ports' `protocol` and
//!   `targetPort`, `internalTrafficPolicy`, and `externalTrafficPolicy` and
//!   `allocateLoadBalancerNodePorts` where they apply.
//! - HorizontalPodAutoscaler (autoscaling/v2): `minReplicas`, the CPU 80 % metric when `metrics`
//!   is empty, and a written `behavior` completed (an omitted one stays omitted).
//! - LimitRange: `SetDefaults_LimitRangeItem` for `Container` items (`default` from `max`,
//!   `defaultRequest` from `default`, then from `min`). Node: as written.
//! - The Pod the ReplicaSet creates from each Deployment's template: the template's defaults,
//!   `SetDefaults_Pod` (requests from limits, `enableServiceLinks`), the LimitRanger admission
//!   plugin (the namespace's LimitRange defaults and its annotation), and the
//!   DefaultTolerationSeconds plugin (tolerate not-ready and unreachable nodes for 300 s).
//!
//! `status` written on anything but a Node is dropped (the cluster writes it). What the API
//! server allocates or stamps (uid, timestamps, clusterIP, nodePort, the pod's generated name
//! suffix, the service-account volume) is not shown. The `Scenario` document is ours, not the
//! cluster's, so it is not stored. A document with an error is not stored, and neither is
//! anything when the stream has a syntax error (kubectl stops reading the file).

use std::collections::BTreeSet;

use super::template_hash::pod_template_hash;
use super::workload::default_pull_policy;
use crate::core::diagnostic::Diagnostic;
use crate::core::field_path::FieldPath;
use crate::core::yaml::{self, Mapping, Value};

/// Where a stored object comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A document of the manifest, defaulted.
    Written,
    /// The Pod the Deployment's ReplicaSet creates from the template of document `document`.
    ReplicaSetPod,
}

/// One object as the cluster stores it.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredDocument {
    /// Zero-based index of the written document (for a Pod, its Deployment's).
    pub document: usize,
    pub origin: Origin,
    pub kind: String,
    /// `metadata.name`; for a Pod, its `generateName` (the API server appends 5 characters).
    pub name: String,
    /// `None` for cluster-scoped kinds (Node).
    pub namespace: Option<String>,
    /// The stored object.
    pub value: Value,
    /// `value` rendered as YAML.
    pub yaml: String,
    /// Field paths that were filled in (`spec.strategy`,
    /// `spec.template.spec.containers[0].imagePullPolicy`), in the API server's notation. Each
    /// names the highest filled-in field: everything under it was filled in too.
    pub defaulted: Vec<String>,
    /// Field paths that were written but are not stored (`status`).
    pub dropped: Vec<String>,
}

/// The stored objects of a manifest, with the diagnostics of reading it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StoredManifests {
    pub documents: Vec<StoredDocument>,
    pub diagnostics: Vec<Diagnostic>,
}

impl StoredManifests {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The stored objects of every document that reads without errors (see the module doc).
pub fn stored_documents(text: &str) -> Vec<StoredDocument> {
    read_stored(text).documents
}

/// Reads the manifest ([`super::read_manifests`]) and returns the stored objects together with
/// its diagnostics, in document order; each Deployment is followed by the Pod it creates.
pub fn read_stored(text: &str) -> StoredManifests {
    let read = super::read_manifests(text);
    let stream = yaml::parse_stream(text);
    let mut result = StoredManifests {
        documents: Vec::new(),
        diagnostics: read.diagnostics,
    };
    if stream.diagnostics.iter().any(Diagnostic::is_error) {
        return result;
    }
    let failed: BTreeSet<usize> = result
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.document)
        .collect();
    let mut stored: Vec<(StoredDocument, &str)> = Vec::new();
    for document in &stream.documents {
        if failed.contains(&document.index) {
            continue;
        }
        let Some(value) = &document.value else {
            continue;
        };
        if let Some(object) = store_written(document.index, value) {
            stored.push((object, document.text.as_str()));
        }
    }
    let limit_ranges: Vec<ContainerDefaults> = stored
        .iter()
        .filter(|(object, _)| object.kind == "LimitRange")
        .map(|(object, _)| container_defaults(object))
        .collect();
    for (object, text) in stored {
        let pod = if object.kind == "Deployment" {
            let simulated = read
                .manifests
                .deployment
                .as_ref()
                .filter(|deployment| deployment.document == object.document);
            let hash = match simulated {
                Some(deployment) => Some(pod_template_hash(&deployment.template)),
                // A Deployment that is not simulated: its template read on its own.
                None => super::read_manifests(text)
                    .manifests
                    .deployment
                    .map(|deployment| pod_template_hash(&deployment.template)),
            };
            replica_set_pod(&object, hash.as_deref(), &limit_ranges)
        } else {
            None
        };
        result.documents.push(object);
        result.documents.extend(pod);
    }
    result
}

/// The stored form of one written document, or `None` for kinds the cluster does not store.
fn store_written(document: usize, value: &Value) -> Option<StoredDocument> {
    let mut root = value.as_mapping()?.clone();
    let kind = text_of(root.get("kind"))?.to_string();
    let mut filler = Filler::default();
    let mut dropped = Vec::new();
    let namespaced = match kind.as_str() {
        "Deployment" | "Service" | "HorizontalPodAutoscaler" | "LimitRange" => true,
        "Node" => false,
        _ => return None,
    };
    if namespaced {
        if root.shift_remove("status").is_some() {
            dropped.push("status".to_string());
        }
        default_namespace(&mut root, &mut filler);
    }
    let spec_path = FieldPath::root().field("spec");
    match kind.as_str() {
        "Deployment" => {
            if let Some(spec) = mapping_mut(&mut root, "spec") {
                default_deployment_spec(spec, &spec_path, &mut filler);
            }
        }
        "Service" => {
            if let Some(spec) = filler.mapping(&mut root, &FieldPath::root(), "spec", Place::End) {
                dropped.extend(default_service_spec(spec, &spec_path, &mut filler));
            }
        }
        "HorizontalPodAutoscaler" => {
            if let Some(spec) = mapping_mut(&mut root, "spec") {
                default_autoscaler_spec(spec, &spec_path, &mut filler);
            }
        }
        "LimitRange" => {
            if let Some(spec) = mapping_mut(&mut root, "spec") {
                default_limit_range_spec(spec, &spec_path, &mut filler);
            }
        }
        _ => {}
    }
    let root = readable_order(root);
    let name = text_of(root.get("metadata").and_then(|m| m.get("name")))
        .unwrap_or_default()
        .to_string();
    let namespace = namespaced.then(|| namespace_of(&root));
    let (value, yaml) = render(root);
    Some(StoredDocument {
        document,
        origin: Origin::Written,
        kind,
        name,
        namespace,
        value,
        yaml,
        defaulted: filler.into_paths(),
        dropped,
    })
}

/// The stored value and its YAML.
fn render(root: Mapping) -> (Value, String) {
    let value = Value::Mapping(root);
    let yaml = yaml::to_yaml_string(&value);
    (value, yaml)
}

// ---------------------------------------------------------------------------------------------
// Filling in

/// When a written value counts as "not set" for a default (Go's nil pointer, empty string or
/// zero integer, as each defaulter tests it).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unset {
    /// Absent or null (a pointer field).
    Absent,
    /// Also the empty string (a string field).
    Empty,
    /// Also zero (an integer field defaulted when zero, such as a probe's periodSeconds).
    Zero,
}

impl Unset {
    fn holds(self, value: Option<&Value>) -> bool {
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
enum Place<'a> {
    Front,
    After(&'a str),
    End,
}

/// Fills defaults in and remembers the paths it filled.
#[derive(Default)]
struct Filler {
    paths: Vec<FieldPath>,
}

impl Filler {
    /// Sets `key` to `value` when it is unset; returns whether it did.
    fn fill(
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
    fn mapping<'m>(
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

    fn record(&mut self, path: FieldPath) {
        self.paths.push(path);
    }

    /// The recorded paths, printed, keeping only the highest of nested ones.
    fn into_paths(self) -> Vec<String> {
        let printed: Vec<String> = self.paths.iter().map(ToString::to_string).collect();
        let all: BTreeSet<&str> = printed.iter().map(String::as_str).collect();
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
fn put(map: &mut Mapping, key: &str, value: Value, place: Place) {
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

fn mapping_mut<'m>(map: &'m mut Mapping, key: &str) -> Option<&'m mut Mapping> {
    map.get_mut(key).and_then(Value::as_mapping_mut)
}

fn text_of(value: Option<&Value>) -> Option<&str> {
    value.and_then(Value::as_str)
}

/// Runs `each` on every mapping item of the sequence at `key`.
fn each_item(
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

fn default_namespace(root: &mut Mapping, filler: &mut Filler) {
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

fn namespace_of(root: &Mapping) -> String {
    text_of(root.get("metadata").and_then(|m| m.get("namespace")))
        .unwrap_or("default")
        .to_string()
}

/// apiVersion, kind, metadata and spec first; the rest as written.
fn readable_order(root: Mapping) -> Mapping {
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

// ---------------------------------------------------------------------------------------------
// Deployment and pod template (`SetDefaults_Deployment`, `SetDefaults_PodSpec`,
// `SetDefaults_Container`, `SetDefaults_Probe`, ...)

fn default_deployment_spec(spec: &mut Mapping, path: &FieldPath, filler: &mut Filler) {
    filler.fill(
        spec,
        path,
        "replicas",
        Value::from(1),
        Unset::Absent,
        Place::Front,
    );
    let strategy_path = path.field("strategy");
    if let Some(strategy) = filler.mapping(spec, path, "strategy", Place::End) {
        filler.fill(
            strategy,
            &strategy_path,
            "type",
            Value::from("RollingUpdate"),
            Unset::Empty,
            Place::Front,
        );
        if text_of(strategy.get("type")) == Some("RollingUpdate") {
            let rolling_path = strategy_path.field("rollingUpdate");
            if let Some(rolling) =
                filler.mapping(strategy, &strategy_path, "rollingUpdate", Place::End)
            {
                for key in ["maxSurge", "maxUnavailable"] {
                    filler.fill(
                        rolling,
                        &rolling_path,
                        key,
                        Value::from("25%"),
                        Unset::Absent,
                        Place::End,
                    );
                }
            }
        }
    }
    for (key, default) in [
        ("revisionHistoryLimit", 10),
        ("progressDeadlineSeconds", 600),
    ] {
        filler.fill(
            spec,
            path,
            key,
            Value::from(default),
            Unset::Absent,
            Place::End,
        );
    }
    let template_path = path.field("template");
    if let Some(template) = mapping_mut(spec, "template")
        && let Some(pod_spec) = mapping_mut(template, "spec")
    {
        default_pod_spec(pod_spec, &template_path.field("spec"), filler);
    }
}

/// `SetDefaults_PodSpec` and everything under it; the same for a template and a Pod.
fn default_pod_spec(spec: &mut Mapping, path: &FieldPath, filler: &mut Filler) {
    for (key, default) in [
        ("dnsPolicy", "ClusterFirst"),
        ("restartPolicy", "Always"),
        ("schedulerName", "default-scheduler"),
    ] {
        filler.fill(
            spec,
            path,
            key,
            Value::from(default),
            Unset::Empty,
            Place::End,
        );
    }
    filler.fill(
        spec,
        path,
        "securityContext",
        Value::Mapping(Mapping::new()),
        Unset::Absent,
        Place::End,
    );
    filler.fill(
        spec,
        path,
        "terminationGracePeriodSeconds",
        Value::from(30),
        Unset::Absent,
        Place::End,
    );
    for list in ["initContainers", "containers"] {
        each_item(spec, path, list, |container, container_path| {
            default_container(container, container_path, filler);
        });
    }
    each_item(spec, path, "volumes", |volume, volume_path| {
        // `SetDefaults_{Secret,ConfigMap,DownwardAPI,Projected}VolumeSource`: mode 0644.
        for source in ["secret", "configMap", "downwardAPI", "projected"] {
            if let Some(source_map) = mapping_mut(volume, source) {
                filler.fill(
                    source_map,
                    &volume_path.field(source),
                    "defaultMode",
                    Value::from(0o644),
                    Unset::Absent,
                    Place::End,
                );
            }
        }
    });
}

fn default_container(container: &mut Mapping, path: &FieldPath, filler: &mut Filler) {
    let image = text_of(container.get("image"))
        .unwrap_or_default()
        .to_string();
    filler.fill(
        container,
        path,
        "imagePullPolicy",
        Value::from(default_pull_policy(&image)),
        Unset::Empty,
        Place::After("image"),
    );
    each_item(container, path, "ports", |port, port_path| {
        filler.fill(
            port,
            port_path,
            "protocol",
            Value::from("TCP"),
            Unset::Empty,
            Place::End,
        );
    });
    each_item(container, path, "env", |variable, variable_path| {
        let value_from_path = variable_path.field("valueFrom");
        if let Some(value_from) = mapping_mut(variable, "valueFrom")
            && let Some(field_ref) = mapping_mut(value_from, "fieldRef")
        {
            filler.fill(
                field_ref,
                &value_from_path.field("fieldRef"),
                "apiVersion",
                Value::from("v1"),
                Unset::Empty,
                Place::Front,
            );
        }
    });
    for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
        if let Some(probe_map) = mapping_mut(container, probe) {
            default_probe(probe_map, &path.field(probe), filler);
        }
    }
    let lifecycle_path = path.field("lifecycle");
    if let Some(lifecycle) = mapping_mut(container, "lifecycle") {
        for hook in ["postStart", "preStop"] {
            if let Some(handler) = mapping_mut(lifecycle, hook) {
                default_http_get(handler, &lifecycle_path.field(hook), filler);
            }
        }
    }
    filler.fill(
        container,
        path,
        "terminationMessagePath",
        Value::from("/dev/termination-log"),
        Unset::Empty,
        Place::End,
    );
    filler.fill(
        container,
        path,
        "terminationMessagePolicy",
        Value::from("File"),
        Unset::Empty,
        Place::End,
    );
}

/// `SetDefaults_Probe`: each of these is defaulted when zero.
fn default_probe(probe: &mut Mapping, path: &FieldPath, filler: &mut Filler) {
    default_http_get(probe, path, filler);
    for (key, default) in [
        ("timeoutSeconds", 1),
        ("periodSeconds", 10),
        ("successThreshold", 1),
        ("failureThreshold", 3),
    ] {
        filler.fill(
            probe,
            path,
            key,
            Value::from(default),
            Unset::Zero,
            Place::End,
        );
    }
}

/// `SetDefaults_HTTPGetAction`: path `/`, scheme HTTP.
fn default_http_get(handler: &mut Mapping, path: &FieldPath, filler: &mut Filler) {
    let http_path = path.field("httpGet");
    if let Some(http_get) = mapping_mut(handler, "httpGet") {
        filler.fill(
            http_get,
            &http_path,
            "path",
            Value::from("/"),
            Unset::Empty,
            Place::Front,
        );
        filler.fill(
            http_get,
            &http_path,
            "scheme",
            Value::from("HTTP"),
            Unset::Empty,
            Place::End,
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Service (`SetDefaults_Service`)

/// Returns the paths dropped (`sessionAffinityConfig` under `sessionAffinity: None`).
fn default_service_spec(spec: &mut Mapping, path: &FieldPath, filler: &mut Filler) -> Vec<String> {
    let mut dropped = Vec::new();
    filler.fill(
        spec,
        path,
        "type",
        Value::from("ClusterIP"),
        Unset::Empty,
        Place::Front,
    );
    filler.fill(
        spec,
        path,
        "sessionAffinity",
        Value::from("None"),
        Unset::Empty,
        Place::End,
    );
    let affinity = text_of(spec.get("sessionAffinity"))
        .unwrap_or_default()
        .to_string();
    if affinity == "None" && spec.shift_remove("sessionAffinityConfig").is_some() {
        dropped.push(path.field("sessionAffinityConfig").to_string());
    }
    if affinity == "ClientIP" {
        let config_path = path.field("sessionAffinityConfig");
        if let Some(config) = filler.mapping(spec, path, "sessionAffinityConfig", Place::End)
            && let Some(client_ip) = filler.mapping(config, &config_path, "clientIP", Place::End)
        {
            filler.fill(
                client_ip,
                &config_path.field("clientIP"),
                "timeoutSeconds",
                Value::from(10_800),
                Unset::Absent,
                Place::End,
            );
        }
    }
    each_item(spec, path, "ports", |port, port_path| {
        filler.fill(
            port,
            port_path,
            "protocol",
            Value::from("TCP"),
            Unset::Empty,
            Place::End,
        );
        // The target port is the port when unset, zero or empty.
        let target_unset = match port.get("targetPort") {
            None | Some(Value::Null) => true,
            Some(Value::String(text)) => text.is_empty(),
            Some(Value::Number(number)) => number.as_i64() == Some(0),
            Some(_) => false,
        };
        if target_unset && let Some(number) = port.get("port").cloned() {
            put(port, "targetPort", number, Place::After("port"));
            filler.record(port_path.field("targetPort"));
        }
    });
    let service_type = text_of(spec.get("type")).unwrap_or_default().to_string();
    let has_external_ips = spec
        .get("externalIPs")
        .and_then(Value::as_sequence)
        .is_some_and(|ips| !ips.is_empty());
    let externally_accessible = matches!(service_type.as_str(), "NodePort" | "LoadBalancer")
        || (service_type == "ClusterIP" && has_external_ips);
    if externally_accessible {
        filler.fill(
            spec,
            path,
            "externalTrafficPolicy",
            Value::from("Cluster"),
            Unset::Empty,
            Place::End,
        );
    }
    if matches!(
        service_type.as_str(),
        "ClusterIP" | "NodePort" | "LoadBalancer"
    ) {
        filler.fill(
            spec,
            path,
            "internalTrafficPolicy",
            Value::from("Cluster"),
            Unset::Absent,
            Place::End,
        );
    }
    if service_type == "LoadBalancer" {
        filler.fill(
            spec,
            path,
            "allocateLoadBalancerNodePorts",
            Value::Bool(true),
            Unset::Absent,
            Place::End,
        );
    }
    dropped
}

// ---------------------------------------------------------------------------------------------
// HorizontalPodAutoscaler (`SetDefaults_HorizontalPodAutoscaler`, autoscaling/v2)

fn default_autoscaler_spec(spec: &mut Mapping, path: &FieldPath, filler: &mut Filler) {
    filler.fill(
        spec,
        path,
        "minReplicas",
        Value::from(1),
        Unset::Absent,
        Place::After("scaleTargetRef"),
    );
    let metrics_empty = match spec.get("metrics") {
        None | Some(Value::Null) => true,
        Some(Value::Sequence(items)) => items.is_empty(),
        Some(_) => false,
    };
    if metrics_empty {
        put(spec, "metrics", default_cpu_metric(), Place::End);
        filler.record(path.field("metrics"));
    }
    // Behavior stays absent when omitted; a written one is completed.
    let behavior_path = path.field("behavior");
    if let Some(behavior) = mapping_mut(spec, "behavior") {
        for (key, scale_up) in [("scaleUp", true), ("scaleDown", false)] {
            let rules_path = behavior_path.field(key);
            if let Some(rules) = filler.mapping(behavior, &behavior_path, key, Place::End) {
                default_scaling_rules(rules, &rules_path, scale_up, filler);
            }
        }
    }
}

fn default_cpu_metric() -> Value {
    let mut target = Mapping::new();
    target.insert(Value::from("type"), Value::from("Utilization"));
    target.insert(Value::from("averageUtilization"), Value::from(80));
    let mut resource = Mapping::new();
    resource.insert(Value::from("name"), Value::from("cpu"));
    resource.insert(Value::from("target"), Value::Mapping(target));
    let mut metric = Mapping::new();
    metric.insert(Value::from("type"), Value::from("Resource"));
    metric.insert(Value::from("resource"), Value::Mapping(resource));
    Value::Sequence(vec![Value::Mapping(metric)])
}

/// `GenerateHPAScaleUpRules` / `GenerateHPAScaleDownRules`: written parts are kept, missing
/// ones filled. The scale-down window stays unset (the controller's flag, 300 s, applies).
fn default_scaling_rules(
    rules: &mut Mapping,
    path: &FieldPath,
    scale_up: bool,
    filler: &mut Filler,
) {
    if scale_up {
        filler.fill(
            rules,
            path,
            "stabilizationWindowSeconds",
            Value::from(0),
            Unset::Absent,
            Place::Front,
        );
    }
    filler.fill(
        rules,
        path,
        "selectPolicy",
        Value::from("Max"),
        Unset::Absent,
        Place::End,
    );
    let policies = if scale_up {
        vec![policy("Pods", 4, 15), policy("Percent", 100, 15)]
    } else {
        vec![policy("Percent", 100, 15)]
    };
    filler.fill(
        rules,
        path,
        "policies",
        Value::Sequence(policies),
        Unset::Absent,
        Place::End,
    );
}

fn policy(kind: &str, value: i64, period_seconds: i64) -> Value {
    let mut policy = Mapping::new();
    policy.insert(Value::from("type"), Value::from(kind));
    policy.insert(Value::from("value"), Value::from(value));
    policy.insert(Value::from("periodSeconds"), Value::from(period_seconds));
    Value::Mapping(policy)
}

// ---------------------------------------------------------------------------------------------
// LimitRange (`SetDefaults_LimitRangeItem`) and what its admission plugin does to a Pod

fn default_limit_range_spec(spec: &mut Mapping, path: &FieldPath, filler: &mut Filler) {
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
struct ContainerDefaults {
    namespace: String,
    requests: Mapping,
    limits: Mapping,
}

fn container_defaults(limit_range: &StoredDocument) -> ContainerDefaults {
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

// ---------------------------------------------------------------------------------------------
// The Pod a ReplicaSet creates

const LIMIT_RANGER_ANNOTATION: &str = "kubernetes.io/limit-ranger";

fn replica_set_pod(
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
fn requests_from_limits(spec: &mut Mapping, path: &FieldPath, filler: &mut Filler) {
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
fn apply_limit_range(
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
                let mut names = Vec::new();
                for (resource, quantity) in missing {
                    let resource_name = resource.as_str().unwrap_or_default().to_string();
                    filler.record(resources_path.field(key).key(&resource_name));
                    names.push(resource_name);
                    target.insert(resource, quantity);
                }
                names.sort();
                names
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
fn default_toleration_seconds(spec: &mut Mapping, path: &FieldPath, filler: &mut Filler) {
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

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../../public/seed-manifest.yaml");

    fn find<'a>(documents: &'a [StoredDocument], kind: &str) -> &'a StoredDocument {
        documents
            .iter()
            .find(|d| d.kind == kind)
            .unwrap_or_else(|| panic!("no {kind} in {documents:#?}"))
    }

    fn at<'a>(value: &'a Value, path: &str) -> &'a Value {
        let mut current = value;
        for segment in path.split('.') {
            current = match segment.parse::<usize>() {
                Ok(index) => current.get(index),
                Err(_) => current.get(segment),
            }
            .unwrap_or_else(|| panic!("no {segment} in {path}: {current:?}"));
        }
        current
    }

    fn has(value: &Value, path: &str) -> bool {
        let mut current = Some(value);
        for segment in path.split('.') {
            current = current.and_then(|c| match segment.parse::<usize>() {
                Ok(index) => c.get(index),
                Err(_) => c.get(segment),
            });
        }
        current.is_some()
    }

    fn text(value: &Value, path: &str) -> String {
        at(value, path).as_str().unwrap_or("<not text>").to_string()
    }

    fn number(value: &Value, path: &str) -> i64 {
        at(value, path).as_i64().unwrap_or(i64::MIN)
    }

    #[test]
    fn the_seed_deployment_is_stored_with_its_defaults() {
        let documents = stored_documents(SEED);
        assert_eq!(documents.len(), 2, "{documents:#?}");
        let deployment = find(&documents, "Deployment");
        assert_eq!(deployment.name, "ml-model");
        assert_eq!(deployment.origin, Origin::Written);
        assert_eq!(deployment.namespace.as_deref(), Some("default"));
        let value = &deployment.value;
        assert_eq!(number(value, "spec.replicas"), 2, "written replicas kept");
        assert_eq!(text(value, "spec.strategy.type"), "RollingUpdate");
        assert_eq!(text(value, "spec.strategy.rollingUpdate.maxSurge"), "25%");
        assert_eq!(
            text(value, "spec.strategy.rollingUpdate.maxUnavailable"),
            "25%"
        );
        assert_eq!(number(value, "spec.revisionHistoryLimit"), 10);
        assert_eq!(number(value, "spec.progressDeadlineSeconds"), 600);
        assert_eq!(text(value, "metadata.namespace"), "default");
        let pod = "spec.template.spec";
        assert_eq!(text(value, &format!("{pod}.restartPolicy")), "Always");
        assert_eq!(text(value, &format!("{pod}.dnsPolicy")), "ClusterFirst");
        assert_eq!(
            text(value, &format!("{pod}.schedulerName")),
            "default-scheduler"
        );
        assert_eq!(
            number(value, &format!("{pod}.terminationGracePeriodSeconds")),
            30
        );
        assert!(at(value, &format!("{pod}.securityContext")).is_mapping());
        let container = format!("{pod}.containers.0");
        assert_eq!(
            text(value, &format!("{container}.imagePullPolicy")),
            "Always"
        );
        assert_eq!(
            text(value, &format!("{container}.terminationMessagePath")),
            "/dev/termination-log"
        );
        assert_eq!(
            text(value, &format!("{container}.terminationMessagePolicy")),
            "File"
        );
        assert_eq!(text(value, &format!("{container}.ports.0.protocol")), "TCP");
        assert!(!has(value, &format!("{container}.readinessProbe")));

        assert!(deployment.defaulted.contains(&"spec.strategy".to_string()));
        assert!(
            !deployment
                .defaulted
                .contains(&"spec.strategy.type".to_string()),
            "nested paths are covered by their parent: {:?}",
            deployment.defaulted
        );
        assert!(
            deployment
                .defaulted
                .contains(&"spec.template.spec.containers[0].imagePullPolicy".to_string())
        );
        assert!(!deployment.defaulted.contains(&"spec.replicas".to_string()));

        // Readable order: the top keys first, written keys where they were written.
        let keys: Vec<&str> = value
            .as_mapping()
            .map(|m| m.keys().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        assert_eq!(keys, ["apiVersion", "kind", "metadata", "spec"]);
        assert!(
            deployment
                .yaml
                .starts_with("apiVersion: apps/v1\nkind: Deployment\n")
        );
        let container_keys: Vec<&str> = at(value, &container)
            .as_mapping()
            .map(|m| m.keys().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        assert_eq!(&container_keys[..3], ["name", "image", "imagePullPolicy"]);
    }

    #[test]
    fn a_versioned_tag_is_pulled_if_not_present() {
        let manifest = SEED.replace("mlmodel:latest", "mlmodel:v1");
        let documents = stored_documents(&manifest);
        let value = &find(&documents, "Deployment").value;
        assert_eq!(
            text_of(Some(at(
                value,
                "spec.template.spec.containers.0.imagePullPolicy"
            ))),
            Some("IfNotPresent")
        );
    }

    #[test]
    fn recreate_gets_no_rolling_update() {
        let manifest = SEED.replace(
            "  replicas: 2\n",
            "  replicas: 2\n  strategy:\n    type: Recreate\n",
        );
        let documents = stored_documents(&manifest);
        let value = &find(&documents, "Deployment").value;
        assert_eq!(
            text_of(Some(at(value, "spec.strategy.type"))),
            Some("Recreate")
        );
        assert!(!has(value, "spec.strategy.rollingUpdate"));
    }

    #[test]
    fn a_written_rolling_update_is_completed() {
        let manifest = SEED.replace(
            "  replicas: 2\n",
            "  replicas: 2\n  strategy:\n    rollingUpdate:\n      maxSurge: 1\n",
        );
        let documents = stored_documents(&manifest);
        let deployment = find(&documents, "Deployment");
        let value = &deployment.value;
        assert_eq!(number(value, "spec.strategy.rollingUpdate.maxSurge"), 1);
        assert_eq!(
            text_of(Some(at(
                value,
                "spec.strategy.rollingUpdate.maxUnavailable"
            ))),
            Some("25%")
        );
        assert_eq!(
            text_of(Some(at(value, "spec.strategy.type"))),
            Some("RollingUpdate")
        );
        assert!(
            deployment
                .defaulted
                .contains(&"spec.strategy.rollingUpdate.maxUnavailable".to_string())
        );
    }

    #[test]
    fn replicas_default_to_one_and_probes_are_completed() {
        let manifest = SEED.replace("  replicas: 2\n", "").replace(
            "        - containerPort: 5000\n",
            "        - containerPort: 5000\n        readinessProbe:\n          httpGet:\n            port: 5000\n          periodSeconds: 0\n          failureThreshold: 5\n",
        );
        let documents = stored_documents(&manifest);
        let deployment = find(&documents, "Deployment");
        let value = &deployment.value;
        assert_eq!(number(value, "spec.replicas"), 1);
        let keys: Vec<&str> = at(value, "spec")
            .as_mapping()
            .map(|m| m.keys().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        assert_eq!(keys[0], "replicas");
        let probe = "spec.template.spec.containers.0.readinessProbe";
        assert_eq!(number(value, &format!("{probe}.timeoutSeconds")), 1);
        assert_eq!(
            number(value, &format!("{probe}.periodSeconds")),
            10,
            "0 means unset"
        );
        assert_eq!(number(value, &format!("{probe}.successThreshold")), 1);
        assert_eq!(number(value, &format!("{probe}.failureThreshold")), 5);
        assert_eq!(text(value, &format!("{probe}.httpGet.path")), "/");
        assert_eq!(text(value, &format!("{probe}.httpGet.scheme")), "HTTP");
        assert!(!has(value, &format!("{probe}.initialDelaySeconds")));
    }

    #[test]
    fn service_target_port_defaults_to_port() {
        let manifest = format!(
            "{SEED}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ml-model\nspec:\n  selector:\n    app: ml-model\n  ports:\n  - name: http\n    port: 80\n  - name: metrics\n    port: 9090\n    targetPort: metrics\n    protocol: UDP\n"
        );
        let documents = stored_documents(&manifest);
        let service = find(&documents, "Service");
        let value = &service.value;
        assert_eq!(text(value, "spec.type"), "ClusterIP");
        assert_eq!(text(value, "spec.sessionAffinity"), "None");
        assert_eq!(text(value, "spec.internalTrafficPolicy"), "Cluster");
        assert!(!has(value, "spec.externalTrafficPolicy"));
        assert_eq!(number(value, "spec.ports.0.targetPort"), 80);
        assert_eq!(text(value, "spec.ports.0.protocol"), "TCP");
        assert_eq!(text(value, "spec.ports.1.targetPort"), "metrics");
        assert_eq!(text(value, "spec.ports.1.protocol"), "UDP");
        assert_eq!(text(value, "metadata.namespace"), "default");
        assert!(
            service
                .defaulted
                .contains(&"spec.ports[0].targetPort".to_string())
        );
        assert!(
            !service
                .defaulted
                .iter()
                .any(|p| p.starts_with("spec.ports[1]"))
        );
    }

    fn hpa(extra: &str) -> String {
        format!(
            "{SEED}---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ml-model\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: ml-model\n  maxReplicas: 5\n{extra}"
        )
    }

    #[test]
    fn autoscaler_without_metrics_targets_cpu_80_and_keeps_behavior_absent() {
        let documents = stored_documents(&hpa(""));
        let autoscaler = find(&documents, "HorizontalPodAutoscaler");
        let value = &autoscaler.value;
        assert_eq!(number(value, "spec.minReplicas"), 1);
        assert_eq!(text(value, "spec.metrics.0.type"), "Resource");
        assert_eq!(text(value, "spec.metrics.0.resource.name"), "cpu");
        assert_eq!(
            text(value, "spec.metrics.0.resource.target.type"),
            "Utilization"
        );
        assert_eq!(
            number(value, "spec.metrics.0.resource.target.averageUtilization"),
            80
        );
        assert!(!has(value, "spec.behavior"));
        assert!(autoscaler.defaulted.contains(&"spec.metrics".to_string()));
    }

    #[test]
    fn a_written_behavior_is_completed_and_keeps_what_was_written() {
        let documents = stored_documents(&hpa(
            "  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 60\n",
        ));
        let autoscaler = find(&documents, "HorizontalPodAutoscaler");
        let value = &autoscaler.value;
        let down = "spec.behavior.scaleDown";
        assert_eq!(
            number(value, &format!("{down}.stabilizationWindowSeconds")),
            60
        );
        assert_eq!(text(value, &format!("{down}.selectPolicy")), "Max");
        assert_eq!(text(value, &format!("{down}.policies.0.type")), "Percent");
        assert_eq!(number(value, &format!("{down}.policies.0.value")), 100);
        assert_eq!(
            number(value, &format!("{down}.policies.0.periodSeconds")),
            15
        );
        assert!(!has(value, &format!("{down}.policies.1")));
        let up = "spec.behavior.scaleUp";
        assert_eq!(
            number(value, &format!("{up}.stabilizationWindowSeconds")),
            0
        );
        assert_eq!(text(value, &format!("{up}.selectPolicy")), "Max");
        assert_eq!(text(value, &format!("{up}.policies.0.type")), "Pods");
        assert_eq!(number(value, &format!("{up}.policies.0.value")), 4);
        assert_eq!(text(value, &format!("{up}.policies.1.type")), "Percent");
        assert_eq!(number(value, &format!("{up}.policies.1.value")), 100);
        assert!(
            autoscaler
                .defaulted
                .contains(&"spec.behavior.scaleUp".to_string())
        );
        assert!(
            !autoscaler
                .defaulted
                .iter()
                .any(|p| p.contains("stabilizationWindowSeconds")),
            "{:?}",
            autoscaler.defaulted
        );

        // An empty scale-down stays without a window: the controller's flag applies.
        let documents = stored_documents(&hpa("  behavior: {}\n"));
        let value = &find(&documents, "HorizontalPodAutoscaler").value;
        assert!(!has(
            value,
            "spec.behavior.scaleDown.stabilizationWindowSeconds"
        ));
        assert_eq!(text(value, "spec.behavior.scaleDown.selectPolicy"), "Max");
    }

    #[test]
    fn the_pod_gets_the_limit_range_defaults_and_requests_from_limits() {
        let manifest = include_str!("../../../tests/fixtures/valid/10-limit-range-defaults.yaml")
            .replace(
                "        - containerPort: 5000\n",
                "        - containerPort: 5000\n        resources:\n          limits:\n            memory: 1Gi\n",
            );
        let documents = stored_documents(&manifest);
        let kinds: Vec<&str> = documents.iter().map(|d| d.kind.as_str()).collect();
        assert_eq!(
            kinds,
            ["LimitRange", "Deployment", "Pod", "HorizontalPodAutoscaler"]
        );
        let deployment = find(&documents, "Deployment");
        assert!(
            !has(
                &deployment.value,
                "spec.template.spec.containers.0.resources.requests"
            ),
            "the template stays as written"
        );
        let pod = find(&documents, "Pod");
        assert_eq!(pod.origin, Origin::ReplicaSetPod);
        assert_eq!(pod.document, deployment.document);
        let value = &pod.value;
        let resources = "spec.containers.0.resources";
        assert_eq!(text(value, &format!("{resources}.limits.memory")), "1Gi");
        assert_eq!(
            text(value, &format!("{resources}.requests.memory")),
            "1Gi",
            "requests default to limits before the LimitRange applies"
        );
        assert_eq!(text(value, &format!("{resources}.requests.cpu")), "250m");
        assert_eq!(text(value, &format!("{resources}.limits.cpu")), "500m");
        assert_eq!(
            at(value, "metadata.annotations")
                .get(LIMIT_RANGER_ANNOTATION)
                .and_then(Value::as_str),
            Some(
                "LimitRanger plugin set: cpu request for container model; cpu limit for container model"
            )
        );
        // `requests` was filled in whole (from the limit, then the LimitRange); of the limits,
        // only cpu was.
        assert!(
            pod.defaulted
                .contains(&"spec.containers[0].resources.requests".to_string()),
            "{:?}",
            pod.defaulted
        );
        assert!(
            pod.defaulted
                .contains(&"spec.containers[0].resources.limits[cpu]".to_string())
        );
        assert!(
            !pod.defaulted
                .iter()
                .any(|p| p.starts_with("spec.containers[0].resources.limits[memory]"))
        );
        // Template defaults carry over, in the Pod's coordinates.
        assert_eq!(
            text(value, "spec.containers.0.imagePullPolicy"),
            "IfNotPresent"
        );
        assert!(
            pod.defaulted
                .contains(&"spec.containers[0].imagePullPolicy".to_string())
        );
        assert_eq!(text(value, "metadata.labels.app"), "ml-model");
        let hash = text(value, "metadata.labels.pod-template-hash");
        assert_eq!(pod.name, format!("ml-model-{hash}-"));
        assert_eq!(at(value, "spec.enableServiceLinks").as_bool(), Some(true));
        assert_eq!(number(value, "spec.tolerations.1.tolerationSeconds"), 300);
        assert_eq!(
            text(value, "spec.tolerations.1.key"),
            "node.kubernetes.io/unreachable"
        );
    }

    #[test]
    fn the_pod_template_hash_is_the_simulated_one() {
        let analysis = crate::core::analysis::analyze(SEED, None);
        let run = analysis.run.expect("the seed runs");
        let documents = stored_documents(SEED);
        let pod = find(&documents, "Pod");
        let hash = pod_template_hash(&run.deployment.template);
        assert_eq!(text(&pod.value, "metadata.labels.pod-template-hash"), hash);
    }

    #[test]
    fn a_second_deployment_is_stored_with_its_own_pod() {
        let second = SEED
            .replace("name: ml-model", "name: reranker")
            .replace("app: ml-model", "app: reranker");
        let manifest = format!("{SEED}---\n{second}");
        let documents = stored_documents(&manifest);
        let kinds: Vec<&str> = documents.iter().map(|d| d.kind.as_str()).collect();
        assert_eq!(kinds, ["Deployment", "Pod", "Deployment", "Pod"]);
        let pod = &documents[3];
        assert_eq!(pod.document, 1);
        let hash = text(&pod.value, "metadata.labels.pod-template-hash");
        assert_eq!(pod.name, format!("reranker-{hash}-"));
    }

    #[test]
    fn limit_range_items_are_defaulted() {
        let manifest = format!(
            "{SEED}---\napiVersion: v1\nkind: LimitRange\nmetadata:\n  name: defaults\nspec:\n  limits:\n  - type: Container\n    max:\n      cpu: \"2\"\n    default:\n      memory: 512Mi\n"
        );
        let documents = stored_documents(&manifest);
        let limit_range = find(&documents, "LimitRange");
        let value = &limit_range.value;
        assert_eq!(
            text_of(Some(at(value, "spec.limits.0.default.cpu"))),
            Some("2")
        );
        assert_eq!(
            text_of(Some(at(value, "spec.limits.0.defaultRequest.memory"))),
            Some("512Mi")
        );
        assert_eq!(
            text_of(Some(at(value, "spec.limits.0.defaultRequest.cpu"))),
            Some("2")
        );
        assert!(
            limit_range
                .defaulted
                .contains(&"spec.limits[0].default[cpu]".to_string())
        );
        let pod = &find(&documents, "Pod").value;
        assert_eq!(
            text_of(Some(at(pod, "spec.containers.0.resources.requests.cpu"))),
            Some("2")
        );
    }

    #[test]
    fn written_documents_with_errors_are_left_out() {
        let manifest = format!(
            "{SEED}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  port:\n  - port: 80\n"
        );
        let stored = read_stored(&manifest);
        assert!(stored.has_errors());
        let kinds: Vec<&str> = stored.documents.iter().map(|d| d.kind.as_str()).collect();
        assert_eq!(kinds, ["Deployment", "Pod"]);

        let broken = read_stored(&format!("{SEED}---\nkind: [\n"));
        assert!(broken.has_errors());
        assert!(broken.documents.is_empty(), "a syntax error stores nothing");
    }

    #[test]
    fn status_is_dropped_nodes_and_scenarios_as_expected() {
        let manifest = format!(
            "{SEED}status:\n  replicas: 3\n---\napiVersion: v1\nkind: Node\nmetadata:\n  name: node-1\nstatus:\n  capacity:\n    cpu: \"4\"\n    memory: 16Gi\n---\napiVersion: kubestep.dev/v1alpha1\nkind: Scenario\nspec:\n  duration: 2m\n"
        );
        let stored = read_stored(&manifest);
        assert!(!stored.has_errors(), "{:?}", stored.diagnostics);
        let kinds: Vec<&str> = stored.documents.iter().map(|d| d.kind.as_str()).collect();
        assert_eq!(kinds, ["Deployment", "Pod", "Node"]);
        let deployment = find(&stored.documents, "Deployment");
        assert!(!has(&deployment.value, "status"));
        assert_eq!(deployment.dropped, ["status"]);
        let node = find(&stored.documents, "Node");
        assert_eq!(node.namespace, None);
        assert!(node.defaulted.is_empty());
        assert!(has(&node.value, "status.capacity.cpu"));
    }

    #[test]
    fn every_valid_fixture_is_stored_and_renders_back() {
        for text in [
            include_str!("../../../tests/fixtures/valid/04-probes-and-volumes.yaml"),
            include_str!("../../../tests/fixtures/valid/05-env-and-env-from.yaml"),
            include_str!("../../../tests/fixtures/valid/09-service-and-hpa-behavior.yaml"),
            include_str!("../../../tests/fixtures/valid/18-kubectl-get-output.yaml"),
            include_str!("../../../tests/fixtures/valid/20-node-port-and-paused.yaml"),
            include_str!("../../../tests/fixtures/valid/22-yaml-anchors-and-merge-keys.yaml"),
        ] {
            let stored = read_stored(text);
            assert!(!stored.has_errors());
            assert!(!stored.documents.is_empty());
            for document in &stored.documents {
                let back = yaml::parse_stream(&document.yaml);
                assert!(back.diagnostics.is_empty(), "{}", document.yaml);
                assert_eq!(back.documents[0].value.as_ref(), Some(&document.value));
            }
        }
    }

    #[test]
    fn mutated_manifests_do_not_panic() {
        let fixtures = [
            include_str!("../../../tests/fixtures/valid/09-service-and-hpa-behavior.yaml"),
            include_str!("../../../tests/fixtures/valid/10-limit-range-defaults.yaml"),
            include_str!("../../../tests/fixtures/valid/19-headless-service.yaml"),
        ];
        for fixture in fixtures {
            let lines: Vec<&str> = fixture.lines().collect();
            for (index, line) in lines.iter().enumerate() {
                let mut variants = vec![String::new()];
                if let Some((key, _)) = line.split_once(": ") {
                    for replacement in ["null", "0", "\"\"", "{}"] {
                        variants.push(format!("{key}: {replacement}"));
                    }
                }
                for variant in variants {
                    let mut mutated = lines.clone();
                    mutated[index] = &variant;
                    let _ = read_stored(&mutated.join("\n"));
                }
            }
        }
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for text in [
            "",
            "---\n",
            "\u{0}",
            "kind: Deployment\n",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: null\n",
            "[1, 2, 3]",
            "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n",
        ] {
            let _ = read_stored(text);
        }
    }
}
