//! Manifests as the API server sees them: every document of the stream decoded by kind,
//! defaulted, validated and linted, each finding located at a line and column.
//!
//! Entry point: [`read_manifests`]. It never fails: it returns what it could read plus
//! diagnostics, and the caller decides whether errors stop the simulation.

pub mod autoscaler;
pub mod autoscaler_metrics;
pub mod builtin_kinds;
pub mod cluster;
pub mod container_fields;
pub mod decode;
pub mod kubectl_scalars;
pub mod lint;
pub mod model;
pub mod names;
pub mod pod_needs;
pub mod scenario_doc;
pub mod schemas;
pub mod service;
pub mod stored;
pub mod template_hash;
pub mod validate;
pub mod workload;

use std::collections::{BTreeMap, BTreeSet};

use crate::core::diagnostic::{Diagnostic, Severity};
use crate::core::field_path::FieldPath;
use crate::core::locate::Locator;
use crate::core::yaml::{self, Value};
use builtin_kinds::Recognized;
use decode::{Anchor, Reporter, object, string};
pub use model::Manifests;

/// The kinds we read, with the apiVersion each must carry.
pub const SUPPORTED_KINDS: [(&str, &str); 6] = [
    ("Deployment", "apps/v1"),
    ("Service", "v1"),
    ("HorizontalPodAutoscaler", "autoscaling/v2"),
    ("LimitRange", "v1"),
    ("Node", "v1"),
    ("Scenario", "kubestep.dev/v1alpha1"),
];

/// The result of reading a stream: typed objects, diagnostics, and per-document locators
/// (kept so later stages can locate what they find).
#[derive(Clone, Debug, Default)]
pub struct ReadManifests {
    pub manifests: Manifests,
    pub diagnostics: Vec<Diagnostic>,
    pub locators: Vec<Locator>,
    /// The parsed documents, kept for the stored view so the text is read once.
    pub documents: Vec<yaml::Document>,
    /// Whether the YAML itself failed to parse (nothing is validated then).
    pub syntax_errors: bool,
}

impl ReadManifests {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Errors outside the given documents (such as "the manifest is empty").
    fn has_errors_other_than(&self, documents: &BTreeSet<usize>) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.is_error() && !documents.contains(&d.document))
    }
}

/// The metadata fields every kind shares.
#[derive(Clone, Debug, Default)]
pub struct ObjectMetaFields {
    pub name: String,
    pub namespace: String,
    pub labels: BTreeMap<String, String>,
}

/// Parses, decodes, validates and lints a whole manifest text.
pub fn read_manifests(text: &str) -> ReadManifests {
    let stream = yaml::parse_stream(text);
    let mut result = ReadManifests {
        diagnostics: stream.diagnostics,
        ..ReadManifests::default()
    };
    let syntax_errors = result.has_errors();
    let mut deferred = Vec::new();
    // Documents that failed strict decoding: like the API server, which refuses such an object
    // before validating it, their validation errors are not shown.
    let mut rejected = BTreeSet::new();
    let defined = builtin_kinds::kinds_defined_in(&stream.documents);
    for document in &stream.documents {
        let locator = Locator::new(&document.text, document.first_line);
        if let Some(value) = &document.value {
            let errors_before = result.diagnostics.len();
            let mut reporter = Reporter {
                document: document.index,
                locator: &locator,
                diagnostics: &mut result.diagnostics,
                deferred: Some(&mut deferred),
            };
            let manifests = &mut result.manifests;
            decode_document(&mut reporter, document.index, value, &defined, manifests);
            if result.diagnostics[errors_before..]
                .iter()
                .any(Diagnostic::is_error)
            {
                rejected.insert(document.index);
            }
        }
        result.locators.push(locator);
    }
    if stream
        .documents
        .iter()
        .all(|document| document.value.is_none())
        && !result.has_errors()
    {
        result.diagnostics.push(Diagnostic {
            severity: Severity::Error,
            document: 0,
            path: String::new(),
            line: 1,
            column: 1,
            message:
                "the manifest is empty: write a Deployment (apiVersion: apps/v1, kind: Deployment)"
                    .to_string(),
        });
    }
    // Each object that decoded strictly is validated (a YAML syntax error stops everything,
    // as kubectl stops reading the file).
    if !syntax_errors && !result.has_errors_other_than(&rejected) {
        result.diagnostics.extend(
            deferred
                .into_iter()
                .filter(|d| !rejected.contains(&d.document)),
        );
        validate::validate(
            &result.manifests,
            &result.locators,
            &rejected,
            &mut result.diagnostics,
        );
    }
    if !result.has_errors() {
        lint::lint(&result.manifests, &result.locators, &mut result.diagnostics);
    }
    crate::core::diagnostic::sort_for_reading(&mut result.diagnostics);
    result.documents = stream.documents;
    result.syntax_errors = syntax_errors;
    result
}

fn decode_document(
    reporter: &mut Reporter,
    document: usize,
    value: &Value,
    defined: &BTreeSet<(String, String)>,
    manifests: &mut Manifests,
) {
    let root = FieldPath::root();
    // Real manifests bundle ConfigMaps, RBAC, Ingresses, custom resources...: they must not
    // stop the lesson, they simply play no part in it. Taken by apiVersion and kind before the
    // strict field check, since their top-level fields (`data`, `rules`) are their own.
    if let Some(kind) = value.get("kind").and_then(Value::as_str)
        && take_unsimulated(reporter, value, kind, defined)
    {
        return;
    }
    if !matches!(value, Value::Mapping(_)) {
        // kubectl refuses this before any field check ("cannot unmarshal string into Go value
        // of type map[string]interface {}"); the root has no field path to name.
        reporter.reject(
            &root,
            Anchor::Value,
            format!(
                "document is {} {}, not a mapping: every Kubernetes document is a mapping with apiVersion and kind ({})",
                article(decode::json_type_name(value)),
                decode::json_type_name(value),
                decode::show(value)
            ),
        );
        return;
    }
    let Some(top) = object(reporter, value, &root, &schemas::TOP_LEVEL) else {
        return;
    };
    let api_version = top
        .get("apiVersion")
        .and_then(|value| string(reporter, value, &root.field("apiVersion")));
    let kind = top
        .get("kind")
        .and_then(|value| string(reporter, value, &root.field("kind")));
    let (Some(api_version), Some(kind)) = (api_version, kind) else {
        for (name, present) in [
            ("apiVersion", top.get("apiVersion").is_some()),
            ("kind", top.get("kind").is_some()),
        ] {
            if !present {
                let path = root.field(name);
                reporter.reject(
                    &path,
                    Anchor::Key,
                    format!("{path}: Required value: every document needs apiVersion and kind"),
                );
            }
        }
        return;
    };
    let Some(&(_, expected_version)) = SUPPORTED_KINDS.iter().find(|(known, _)| *known == kind)
    else {
        let mut message = format!("kind \"{kind}\" is not supported here");
        if let Some(suggestion) =
            decode::closest_name(&kind, SUPPORTED_KINDS.iter().map(|(k, _)| *k))
        {
            message.push_str(&format!(" (did you mean \"{suggestion}\"?)"));
        }
        let supported: Vec<String> = SUPPORTED_KINDS
            .iter()
            .map(|(k, v)| format!("{k} ({v})"))
            .collect();
        message.push_str(&format!("; supported kinds: {}", supported.join(", ")));
        reporter.reject(&root.field("kind"), Anchor::Value, message);
        return;
    };
    if api_version != expected_version {
        let message = if (kind.as_str(), api_version.as_str())
            == ("HorizontalPodAutoscaler", "autoscaling/v1")
        {
            // Served by every cluster, so "no matches" would be false; it is just not read here.
            "autoscaling/v1 HorizontalPodAutoscaler is valid Kubernetes but not read here: write it as apiVersion: autoscaling/v2 (targetCPUUtilizationPercentage becomes metrics[].resource.target.averageUtilization)".to_string()
        } else {
            format!(
                "no matches for kind \"{kind}\" in version \"{api_version}\" (use apiVersion: {expected_version})"
            )
        };
        reporter.report(
            Severity::Error,
            &root.field("apiVersion"),
            Anchor::Value,
            message,
        );
        return;
    }
    let meta = object_meta(reporter, top.get("metadata"), kind != "Scenario");
    let spec = top.get("spec");
    if top.get("status").is_some() && kind != "Node" {
        reporter.info(
            &root.field("status"),
            Anchor::Key,
            "status: written by the cluster, not by you; ignored".to_string(),
        );
    }
    match kind.as_str() {
        "Deployment" => {
            let Some(deployment) = workload::decode_deployment(reporter, document, &meta, spec)
            else {
                return;
            };
            if manifests
                .deployments
                .iter()
                .any(|d| d.name == deployment.name)
            {
                reporter.warning(
                    &root.field("metadata").field("name"),
                    Anchor::Value,
                    format!(
                        "a Deployment \"{}\" came earlier in this file: applying the file would replace it, so only the first is simulated",
                        deployment.name
                    ),
                );
            } else {
                manifests.deployments.push(deployment);
            }
        }
        "Service" => {
            if let Some(service) = service::decode_service(reporter, document, &meta, spec) {
                manifests.services.push(service);
            }
        }
        "HorizontalPodAutoscaler" => {
            let Some(autoscaler) = autoscaler::decode_autoscaler(reporter, document, &meta, spec)
            else {
                return;
            };
            let same_target = manifests.autoscalers.iter().find(|other| {
                other.target_kind == autoscaler.target_kind
                    && other.target_name == autoscaler.target_name
            });
            if let Some(other) = same_target {
                // Two autoscalers on one target fight over its replicas; the controller
                // refuses to act on either (`AmbiguousSelector`), the lesson keeps the first.
                reporter.warning(
                    &root.field("spec").field("scaleTargetRef"),
                    Anchor::Key,
                    format!(
                        "HorizontalPodAutoscaler \"{}\" already scales {} \"{}\": only the first is simulated",
                        other.name, autoscaler.target_kind, autoscaler.target_name
                    ),
                );
            } else {
                manifests.autoscalers.push(autoscaler);
            }
        }
        "LimitRange" => {
            if let Some(limit_range) = cluster::decode_limit_range(reporter, document, &meta, spec)
            {
                manifests.limit_range = Some(limit_range);
            }
        }
        "Node" => {
            if let Some(node) = cluster::decode_node(reporter, &meta, spec, top.get("status")) {
                manifests.nodes.push(node);
            }
        }
        _ => {
            if let Some(scenario) = scenario_doc::decode_scenario(reporter, document, spec) {
                if manifests.scenario.is_some() {
                    reporter.warning(
                        &root.field("kind"),
                        Anchor::Value,
                        "only the first Scenario is used".to_string(),
                    );
                } else {
                    manifests.scenario = Some(scenario);
                }
            }
        }
    }
}

/// Skips (with a warning) or refuses a document the lesson does not read: a built-in kind it
/// does not simulate, a custom resource, a removed or wrong version of a built-in kind.
/// Returns `false` for a document to read as a simulated kind.
fn take_unsimulated(
    reporter: &mut Reporter,
    value: &Value,
    kind: &str,
    defined: &BTreeSet<(String, String)>,
) -> bool {
    let root = FieldPath::root();
    let version_path = root.field("apiVersion");
    let Some(api_version) = value.get("apiVersion").and_then(Value::as_str) else {
        let built_in = builtin_kinds::built_in_home(kind).is_some()
            && !SUPPORTED_KINDS.iter().any(|(known, _)| *known == kind);
        if built_in {
            match value.get("apiVersion") {
                Some(written) => {
                    string(reporter, written, &version_path);
                }
                None => reporter.reject(
                    &version_path,
                    Anchor::Key,
                    format!(
                        "{version_path}: Required value: every document needs apiVersion and kind"
                    ),
                ),
            }
        }
        return built_in;
    };
    let unserved = |reporter: &mut Reporter, replacement| {
        let message = builtin_kinds::unserved_version_error(api_version, kind, replacement);
        reporter.report(Severity::Error, &version_path, Anchor::Value, message);
        true
    };
    let skipped = match builtin_kinds::recognize(api_version, kind) {
        Recognized::Simulated => return false,
        Recognized::RemovedVersion(replacement) => return unserved(reporter, replacement),
        Recognized::WrongVersion(version) => {
            return unserved(reporter, builtin_kinds::Replacement::Version(version));
        }
        Recognized::BuiltIn if builtin_kinds::COMPANION_KINDS.contains(&kind) => {
            format!("{kind} is valid Kubernetes but not simulated here: this document is skipped")
        }
        Recognized::BuiltIn => format!(
            "{kind} ({api_version}) is valid Kubernetes but not simulated here: this document is skipped"
        ),
        Recognized::Custom => {
            let metadata = |field: &str| {
                value
                    .get("metadata")
                    .and_then(|metadata| metadata.get(field))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
            };
            let group = builtin_kinds::split_group_version(api_version).0;
            let in_file = defined.contains(&(group.to_string(), kind.to_string()));
            builtin_kinds::custom_resource_warning(
                metadata("name"),
                metadata("namespace"),
                api_version,
                kind,
                in_file,
            )
        }
    };
    reporter.warning(&root.field("kind"), Anchor::Value, skipped);
    true
}

fn object_meta(
    reporter: &mut Reporter,
    value: Option<&Value>,
    name_required: bool,
) -> ObjectMetaFields {
    let path = FieldPath::root().field("metadata");
    let mut meta = ObjectMetaFields {
        namespace: "default".to_string(),
        ..ObjectMetaFields::default()
    };
    let Some(value) = value else {
        if name_required {
            reporter.required(
                &path.field("name"),
                Some("name or generateName is required"),
            );
        }
        return meta;
    };
    let Some(metadata) = object(reporter, value, &path, &schemas::OBJECT_META) else {
        return meta;
    };
    match metadata
        .get("name")
        .and_then(|value| string(reporter, value, &metadata.child("name")))
    {
        Some(name) => meta.name = name,
        None if name_required && metadata.get("generateName").is_none() => {
            reporter.required(
                &metadata.child("name"),
                Some("name or generateName is required"),
            );
        }
        None => {}
    }
    if let Some(namespace) = metadata
        .get("namespace")
        .and_then(|value| string(reporter, value, &metadata.child("namespace")))
    {
        meta.namespace = namespace;
    }
    meta.labels = validate::labels_and_annotations(reporter, &metadata, &path);
    meta
}

fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
