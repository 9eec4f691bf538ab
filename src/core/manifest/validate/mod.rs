//! Validation after defaulting, with the API server's field paths and wording
//! (k/k `pkg/apis/apps/validation`, `pkg/apis/core/validation`,
//! `pkg/apis/autoscaling/validation`; §2 of the semantics reference).
//!
//! One file per kind, as the stored view is split: `deployment` (the spec, strategy and
//! tolerations), `container` (each container and its resources), `selector` (labels and the
//! label selector), `service` and `autoscaler`. The entry point and the checks every kind
//! shares stay here; `metadata` holds the label, annotation and taint checks, which run while
//! every kind's metadata (and the pod template's, and a Scenario's nodes) is decoded.
//!
//! Pod and container fields the model does not carry are checked on the raw pod spec while it is
//! decoded (`container_fields` calls the functions re-exported below): `references` (names of
//! service accounts, classes, ConfigMaps and Secrets), `volumes` (the volume sources),
//! `scheduling` (node affinity, `tolerationSeconds`) and `ports` (`hostPort`, probe port names).
//! Their errors wait with the other validation errors until the stream decodes.

// The kind files read these through `use super::*`, as the stored view's files do.
use std::collections::{BTreeMap, BTreeSet};

use super::decode::{Anchor, Object, Reporter};
use super::model::{
    Container, Deployment, HorizontalPodAutoscaler, IntOrPercent, LabelSelector, Manifests,
    Requirement, Service, StrategyKind, Taint, Toleration,
};
use super::names;
use crate::core::diagnostic::{Diagnostic, Severity};
use crate::core::field_path::FieldPath;
use crate::core::go_format::field_error_quote;
use crate::core::limits::MAX_REPLICAS;
use crate::core::locate::Locator;

// The quoting helpers moved to `go_format`; these names stay for callers of the old paths.
pub use crate::core::go_format::{field_error_quote as quote, json_map, json_string};

mod autoscaler;
mod container;
mod deployment;
mod metadata;
mod ports;
mod references;
mod scheduling;
mod selector;
mod service;
mod volumes;

pub use metadata::{labels_and_annotations, node_taints};
pub use ports::container_ports;
pub use references::{env_from_name, key_selector};
pub use volumes::volume_source;

use autoscaler::validate_autoscaler;
use deployment::validate_deployment;
use service::validate_service;

const PROTOCOLS: [&str; 3] = ["SCTP", "TCP", "UDP"];

/// Validates every object whose document is not in `rejected` (documents that failed strict
/// decoding).
pub fn validate(
    manifests: &Manifests,
    locators: &[Locator],
    rejected: &BTreeSet<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // A Deployment that failed its own checks is missing for that reason, not for lack of one.
    let earlier_errors = diagnostics.iter().any(Diagnostic::is_error);
    let fallback = Locator::default();
    let reporter_for = |document: usize,
                        diagnostics: &mut Vec<Diagnostic>,
                        check: &mut dyn FnMut(&mut Reporter)| {
        if rejected.contains(&document) {
            return;
        }
        let mut reporter = Reporter {
            document,
            locator: locators.get(document).unwrap_or(&fallback),
            diagnostics,
            deferred: None,
        };
        check(&mut reporter);
    };
    for deployment in &manifests.deployments {
        reporter_for(deployment.document, diagnostics, &mut |r| {
            validate_deployment(r, deployment)
        });
    }
    for service in &manifests.services {
        reporter_for(service.document, diagnostics, &mut |r| {
            validate_service(r, service)
        });
    }
    for autoscaler in &manifests.autoscalers {
        reporter_for(autoscaler.document, diagnostics, &mut |r| {
            validate_autoscaler(r, autoscaler)
        });
    }
    if manifests.deployments.is_empty() && !earlier_errors {
        diagnostics.push(Diagnostic {
            severity: Severity::Error,
            document: 0,
            path: String::new(),
            line: locators.first().map(|l| l.key_position(&FieldPath::root()).line).unwrap_or(1),
            column: 1,
            message: "no Deployment found: the lesson simulates one Deployment (apiVersion: apps/v1, kind: Deployment)".to_string(),
        });
    }
}

/// The pod spec's own fields that the model does not carry: references, node affinity and
/// `tolerationSeconds`.
pub fn pod_spec_fields(reporter: &mut Reporter, spec: &Object) {
    references::pod_references(reporter, spec);
    scheduling::node_affinity(reporter, spec);
    scheduling::toleration_seconds(reporter, spec);
}

/// `ValidateObjectMeta`'s name check with the kind's rule (`errors`); an empty name is
/// reported where it is read.
pub fn name_errors(reporter: &mut Reporter, name: &str, errors: Vec<String>) {
    let path = FieldPath::root().field("metadata").field("name");
    name_errors_at(reporter, &path, name, errors);
}

/// The same for a name written elsewhere (a Scenario's node).
pub fn name_errors_at(reporter: &mut Reporter, path: &FieldPath, name: &str, errors: Vec<String>) {
    if name.is_empty() {
        return;
    }
    for error in errors {
        reporter.invalid(path, &field_error_quote(name), &error);
    }
}
