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
use crate::core::order;
use crate::core::yaml::{self, Mapping, Value};

mod autoscaler;
mod filler;
mod limit_range;
mod pod;
mod pod_template;
mod service;
#[cfg(test)]
mod tests;

use autoscaler::default_autoscaler_spec;
use filler::{
    Filler, Place, Unset, default_namespace, each_item, mapping_mut, namespace_of, put,
    readable_order, text_of,
};
use limit_range::{ContainerDefaults, container_defaults, default_limit_range_spec};
use pod::replica_set_pod;
use pod_template::{default_deployment_spec, default_pod_spec};
use service::default_service_spec;

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
    stored_of(&super::read_manifests(text))
}

/// The stored objects of a manifest already read, without reading its text again.
pub fn stored_of(read: &super::ReadManifests) -> StoredManifests {
    let mut result = StoredManifests {
        documents: Vec::new(),
        diagnostics: read.diagnostics.clone(),
    };
    if read.syntax_errors {
        return result;
    }
    let failed: BTreeSet<usize> = order::btree_of(
        result
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.document),
    );
    let mut stored: Vec<(StoredDocument, &str)> = Vec::new();
    for document in &read.documents {
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
    for (object, _) in stored {
        let pod = if object.kind == "Deployment" {
            let hash = read
                .manifests
                .deployments
                .iter()
                .find(|deployment| deployment.document == object.document)
                .map(|deployment| pod_template_hash(&deployment.template));
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
