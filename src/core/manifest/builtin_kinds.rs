//! Which (apiVersion, kind) pairs a real cluster knows, so a document the lesson does not
//! simulate is told apart from a mistake.
//!
//! The table follows Kubernetes 1.34: every group/version its API server can serve, the GA ones
//! served by default and the beta and alpha ones a cluster can enable (`resource.k8s.io/v1beta1`
//! and `v1beta2`, which 1.33 serves too). It lists the kinds a manifest can create, not
//! subresources (`Eviction`, `Scale`), and not the simulated kinds of [`super::SUPPORTED_KINDS`].
//!
//! Beside it, [`REMOVED`] lists the versions that were served once and no longer are (the
//! Kubernetes deprecated API migration guide), each with what replaces it. A group that is in
//! neither table and has a dot in its name is a custom resource group: CustomResourceDefinitions
//! need a dot, built-in groups are all listed here.

use std::collections::BTreeSet;

use crate::core::order;
use crate::core::yaml::{Document, Value};
use Replacement::{Advice, Version};

/// The built-in kinds of each group/version, preferred (GA) version of a group first.
#[rustfmt::skip]
pub const BUILT_IN_KINDS: &[(&str, &[&str])] = &[
    ("v1", &[
        "Binding", "ComponentStatus", "ConfigMap", "Endpoints", "Event", "Namespace",
        "PersistentVolume", "PersistentVolumeClaim", "Pod", "PodTemplate",
        "ReplicationController", "ResourceQuota", "Secret", "ServiceAccount",
    ]),
    ("admissionregistration.k8s.io/v1", &[
        "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
        "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
    ]),
    ("admissionregistration.k8s.io/v1beta1", &ADMISSION_POLICIES),
    ("admissionregistration.k8s.io/v1alpha1", &ADMISSION_POLICIES),
    ("apiextensions.k8s.io/v1", &["CustomResourceDefinition"]),
    ("apiregistration.k8s.io/v1", &["APIService"]),
    ("apps/v1", &["ControllerRevision", "DaemonSet", "ReplicaSet", "StatefulSet"]),
    ("authentication.k8s.io/v1", &["SelfSubjectReview", "TokenReview"]),
    ("authorization.k8s.io/v1", &[
        "LocalSubjectAccessReview", "SelfSubjectAccessReview", "SelfSubjectRulesReview",
        "SubjectAccessReview",
    ]),
    ("batch/v1", &["CronJob", "Job"]),
    ("certificates.k8s.io/v1", &["CertificateSigningRequest"]),
    ("certificates.k8s.io/v1beta1", &["ClusterTrustBundle"]),
    ("certificates.k8s.io/v1alpha1", &["ClusterTrustBundle", "PodCertificateRequest"]),
    ("coordination.k8s.io/v1", &["Lease"]),
    ("coordination.k8s.io/v1beta1", &["LeaseCandidate"]),
    ("coordination.k8s.io/v1alpha2", &["LeaseCandidate"]),
    ("discovery.k8s.io/v1", &["EndpointSlice"]),
    ("events.k8s.io/v1", &["Event"]),
    ("flowcontrol.apiserver.k8s.io/v1", &FLOW),
    ("internal.apiserver.k8s.io/v1alpha1", &["StorageVersion"]),
    ("networking.k8s.io/v1", &[
        "Ingress", "IngressClass", "NetworkPolicy", "IPAddress", "ServiceCIDR",
    ]),
    ("networking.k8s.io/v1beta1", &["IPAddress", "ServiceCIDR"]),
    ("node.k8s.io/v1", &["RuntimeClass"]),
    ("policy/v1", &["PodDisruptionBudget"]),
    ("rbac.authorization.k8s.io/v1", &RBAC),
    ("resource.k8s.io/v1", &DRA_KINDS),
    ("resource.k8s.io/v1beta2", &DRA_KINDS),
    ("resource.k8s.io/v1beta1", &DRA_KINDS),
    ("resource.k8s.io/v1alpha3", &["DeviceTaintRule"]),
    ("scheduling.k8s.io/v1", &["PriorityClass"]),
    ("storage.k8s.io/v1", &[
        "CSIDriver", "CSINode", "CSIStorageCapacity", "StorageClass", "VolumeAttachment",
        "VolumeAttributesClass",
    ]),
    ("storage.k8s.io/v1beta1", &["VolumeAttributesClass"]),
    ("storage.k8s.io/v1alpha1", &["VolumeAttributesClass"]),
    ("storagemigration.k8s.io/v1alpha1", &["StorageVersionMigration"]),
];

/// Admission policies in CEL, beta and alpha beside the GA validating ones.
const ADMISSION_POLICIES: [&str; 4] = [
    "MutatingAdmissionPolicy",
    "MutatingAdmissionPolicyBinding",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
];

/// Dynamic resource allocation, served as `resource.k8s.io/v1` since 1.34.
const DRA_KINDS: [&str; 4] = [
    "DeviceClass",
    "ResourceClaim",
    "ResourceClaimTemplate",
    "ResourceSlice",
];

/// Built-in kinds that a Deployment's file often carries; their skip warning names the kind
/// alone, as it did before the table named every group.
pub const COMPANION_KINDS: [&str; 22] = [
    "ConfigMap",
    "Secret",
    "Ingress",
    "IngressClass",
    "NetworkPolicy",
    "PersistentVolumeClaim",
    "PersistentVolume",
    "StorageClass",
    "ServiceAccount",
    "Role",
    "RoleBinding",
    "ClusterRole",
    "ClusterRoleBinding",
    "Namespace",
    "ResourceQuota",
    "PodDisruptionBudget",
    "PriorityClass",
    "StatefulSet",
    "DaemonSet",
    "Job",
    "CronJob",
    "Pod",
];

/// What a removed version's kind became.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replacement {
    /// The same kind, served at this apiVersion.
    Version(&'static str),
    /// No same-named successor: what to do instead.
    Advice(&'static str),
}

/// Kinds of a group/version that a cluster no longer serves.
pub struct Removed {
    pub group_version: &'static str,
    pub kinds: &'static [&'static str],
    pub replacement: Replacement,
}

const fn removed(
    group_version: &'static str,
    kinds: &'static [&'static str],
    replacement: Replacement,
) -> Removed {
    Removed {
        group_version,
        kinds,
        replacement,
    }
}

const NO_PSP: Replacement = Advice(
    "PodSecurityPolicy was removed in Kubernetes 1.25 with no successor kind: Pod Security Admission replaces it, set by the namespace label pod-security.kubernetes.io/enforce",
);

/// Removed versions people still copy from old tutorials and charts, grouped by the release by
/// which every one of the group was gone.
#[rustfmt::skip]
pub const REMOVED: &[Removed] = &[
    // Gone by 1.16.
    removed("extensions/v1beta1", &["Deployment", "DaemonSet", "ReplicaSet"], Version("apps/v1")),
    removed("extensions/v1beta1", &["NetworkPolicy"], Version("networking.k8s.io/v1")),
    removed("extensions/v1beta1", &["PodSecurityPolicy"], NO_PSP),
    removed("apps/v1beta1", &["Deployment", "StatefulSet", "ControllerRevision"], Version("apps/v1")),
    removed("apps/v1beta2", &APPS, Version("apps/v1")),
    // Gone by 1.22.
    removed("extensions/v1beta1", &["Ingress"], Version("networking.k8s.io/v1")),
    removed("networking.k8s.io/v1beta1", &["Ingress", "IngressClass"], Version("networking.k8s.io/v1")),
    removed(
        "admissionregistration.k8s.io/v1beta1",
        &["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"],
        Version("admissionregistration.k8s.io/v1"),
    ),
    removed("apiextensions.k8s.io/v1beta1", &["CustomResourceDefinition"], Version("apiextensions.k8s.io/v1")),
    removed("apiregistration.k8s.io/v1beta1", &["APIService"], Version("apiregistration.k8s.io/v1")),
    removed("authentication.k8s.io/v1beta1", &["TokenReview"], Version("authentication.k8s.io/v1")),
    removed(
        "authorization.k8s.io/v1beta1",
        &["LocalSubjectAccessReview", "SelfSubjectAccessReview", "SubjectAccessReview"],
        Version("authorization.k8s.io/v1"),
    ),
    removed("certificates.k8s.io/v1beta1", &["CertificateSigningRequest"], Version("certificates.k8s.io/v1")),
    removed("coordination.k8s.io/v1beta1", &["Lease"], Version("coordination.k8s.io/v1")),
    removed("rbac.authorization.k8s.io/v1beta1", &RBAC, Version(RBAC_V1)),
    removed("scheduling.k8s.io/v1beta1", &["PriorityClass"], Version("scheduling.k8s.io/v1")),
    removed("scheduling.k8s.io/v1alpha1", &["PriorityClass"], Version("scheduling.k8s.io/v1")),
    removed(
        "storage.k8s.io/v1beta1",
        &["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"],
        Version("storage.k8s.io/v1"),
    ),
    // Gone by 1.25.
    removed("batch/v1beta1", &["CronJob"], Version("batch/v1")),
    removed("rbac.authorization.k8s.io/v1alpha1", &RBAC, Version(RBAC_V1)),
    removed("batch/v2alpha1", &["CronJob"], Version("batch/v1")),
    removed("discovery.k8s.io/v1beta1", &["EndpointSlice"], Version("discovery.k8s.io/v1")),
    removed("events.k8s.io/v1beta1", &["Event"], Version("events.k8s.io/v1")),
    removed("autoscaling/v2beta1", &["HorizontalPodAutoscaler"], Version("autoscaling/v2")),
    removed("policy/v1beta1", &["PodDisruptionBudget"], Version("policy/v1")),
    removed("policy/v1beta1", &["PodSecurityPolicy"], NO_PSP),
    removed("node.k8s.io/v1beta1", &["RuntimeClass"], Version("node.k8s.io/v1")),
    removed("node.k8s.io/v1alpha1", &["RuntimeClass"], Version("node.k8s.io/v1")),
    // Gone by 1.32.
    removed("autoscaling/v2beta2", &["HorizontalPodAutoscaler"], Version("autoscaling/v2")),
    removed("flowcontrol.apiserver.k8s.io/v1beta1", &FLOW, Version(FLOW_V1)),
    removed("flowcontrol.apiserver.k8s.io/v1beta2", &FLOW, Version(FLOW_V1)),
    removed("flowcontrol.apiserver.k8s.io/v1beta3", &FLOW, Version(FLOW_V1)),
    removed("storage.k8s.io/v1beta1", &["CSIStorageCapacity"], Version("storage.k8s.io/v1")),
    // The alpha dynamic resource allocation APIs, replaced as the design changed.
    removed(
        "resource.k8s.io/v1alpha2",
        &["ResourceClaim", "ResourceClaimTemplate", "ResourceSlice"],
        Version("resource.k8s.io/v1"),
    ),
    removed(
        "resource.k8s.io/v1alpha2",
        &["ResourceClass"],
        Advice("ResourceClass was replaced by DeviceClass (apiVersion: resource.k8s.io/v1)"),
    ),
    removed("resource.k8s.io/v1alpha3", &DRA_KINDS, Version("resource.k8s.io/v1")),
];

const APPS: [&str; 5] = [
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ControllerRevision",
];
const RBAC: [&str; 4] = ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"];
const RBAC_V1: &str = "rbac.authorization.k8s.io/v1";
const FLOW: [&str; 2] = ["FlowSchema", "PriorityLevelConfiguration"];
const FLOW_V1: &str = "flowcontrol.apiserver.k8s.io/v1";

/// How a document's (apiVersion, kind) is taken, before its fields are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recognized {
    /// Served by every 1.34 cluster and not simulated: skipped with a warning.
    BuiltIn,
    /// A version the cluster no longer serves.
    RemovedVersion(Replacement),
    /// A built-in kind at a version that never served it: the one that does.
    WrongVersion(&'static str),
    /// A group no built-in API serves: a custom resource, known only through its CRD.
    Custom,
    /// A simulated kind, or an unknown kind of a built-in group: read as a simulated kind.
    Simulated,
}

/// `apps/v1` → (`apps`, `v1`); the core group is empty (`v1` → (``, `v1`)).
pub fn split_group_version(api_version: &str) -> (&str, &str) {
    api_version.split_once('/').unwrap_or(("", api_version))
}

fn built_in_kind(api_version: &str, kind: &str) -> bool {
    BUILT_IN_KINDS
        .iter()
        .any(|(version, kinds)| *version == api_version && kinds.contains(&kind))
}

/// Whether a built-in (or this simulator's own) API serves the group.
pub fn is_built_in_group(group: &str) -> bool {
    let versions = BUILT_IN_KINDS
        .iter()
        .map(|(version, _)| *version)
        .chain(REMOVED.iter().map(|removed| removed.group_version))
        .chain(super::SUPPORTED_KINDS.iter().map(|(_, version)| *version));
    versions
        .map(|version| split_group_version(version).0)
        .any(|known| known == group)
}

fn simulated(kind: &str) -> bool {
    super::SUPPORTED_KINDS
        .iter()
        .any(|(known, _)| *known == kind)
}

/// Classifies a document by its apiVersion and kind, as the API server's REST mapping would.
pub fn recognize(api_version: &str, kind: &str) -> Recognized {
    if built_in_kind(api_version, kind) {
        return Recognized::BuiltIn;
    }
    if let Some(removed) = REMOVED
        .iter()
        .find(|removed| removed.group_version == api_version && removed.kinds.contains(&kind))
    {
        return Recognized::RemovedVersion(removed.replacement);
    }
    let group = split_group_version(api_version).0;
    if group.contains('.') && !is_built_in_group(group) {
        return Recognized::Custom;
    }
    if !simulated(kind)
        && let Some((version, _)) = BUILT_IN_KINDS
            .iter()
            .find(|(_, kinds)| kinds.contains(&kind))
    {
        return Recognized::WrongVersion(version);
    }
    Recognized::Simulated
}

/// Where a built-in kind of another group lives, for a custom resource that borrowed its
/// name (`apps.k8s.io/v1 Deployment`): `None` for a kind no built-in API has.
pub fn built_in_home(kind: &str) -> Option<&'static str> {
    super::SUPPORTED_KINDS
        .iter()
        .find(|(known, _)| *known == kind)
        .map(|(_, version)| *version)
        .or_else(|| {
            BUILT_IN_KINDS
                .iter()
                .find(|(_, kinds)| kinds.contains(&kind))
                .map(|(version, _)| *version)
        })
}

/// The (group, kind) pairs the stream's own CustomResourceDefinitions define.
pub fn kinds_defined_in(documents: &[Document]) -> BTreeSet<(String, String)> {
    let defined = documents
        .iter()
        .filter_map(|document| document.value.as_ref())
        .filter(|value| {
            value.get("apiVersion").and_then(Value::as_str) == Some("apiextensions.k8s.io/v1")
                && value.get("kind").and_then(Value::as_str) == Some("CustomResourceDefinition")
        })
        .filter_map(|value| {
            let spec = value.get("spec")?;
            let group = spec.get("group")?.as_str()?;
            let kind = spec.get("names")?.get("kind")?.as_str()?;
            Some((group.to_string(), kind.to_string()))
        });
    order::btree_of(defined)
}

/// The warning for a custom resource: kubectl's words when the CRD is not installed (without
/// the file name, which the core does not know), then what it means for the lesson.
pub fn custom_resource_warning(
    name: &str,
    namespace: &str,
    api_version: &str,
    kind: &str,
    defined_in_file: bool,
) -> String {
    let mut message = if defined_in_file {
        format!(
            "{kind} ({api_version}) is a custom resource whose CustomResourceDefinition is in this file, but its controller is not simulated here: this document is skipped"
        )
    } else {
        format!(
            "resource mapping not found for name: \"{name}\" namespace: \"{namespace}\": no matches for kind \"{kind}\" in version \"{api_version}\" ensure CRDs are installed first: a cluster without its CustomResourceDefinition refuses it; this document is skipped"
        )
    };
    if let Some(home) = built_in_home(kind) {
        message.push_str(&format!(" (the built-in {kind} is apiVersion: {home})"));
    }
    message
}

/// The error for a version no cluster serves for this kind, in kubectl's words.
pub fn unserved_version_error(api_version: &str, kind: &str, replacement: Replacement) -> String {
    let hint = match replacement {
        Version(version) => format!("use apiVersion: {version}"),
        Advice(advice) => advice.to_string(),
    };
    format!("no matches for kind \"{kind}\" in version \"{api_version}\" ({hint})")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A lowercase DNS-1123 subdomain, as API groups are.
    fn is_group_name(group: &str) -> bool {
        group.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
    }

    /// `v1`, `v2`, `v1beta2`, `v1alpha3`: the API version forms Kubernetes serves.
    fn is_version_name(version: &str) -> bool {
        let Some(rest) = version.strip_prefix('v') else {
            return false;
        };
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let (major, level) = rest.split_at(digits);
        if major.is_empty() || major.starts_with('0') {
            return false;
        }
        level.is_empty()
            || ["alpha", "beta"].iter().any(|stage| {
                level.strip_prefix(stage).is_some_and(|n| {
                    !n.is_empty() && !n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit())
                })
            })
    }

    fn all_group_versions() -> impl Iterator<Item = &'static str> {
        BUILT_IN_KINDS
            .iter()
            .map(|(version, _)| *version)
            .chain(REMOVED.iter().map(|removed| removed.group_version))
    }

    #[test]
    fn every_group_version_parses() {
        for api_version in all_group_versions() {
            let (group, version) = split_group_version(api_version);
            assert!(
                api_version.matches('/').count() <= 1,
                "{api_version}: one slash at most"
            );
            assert!(
                group.is_empty() || is_group_name(group),
                "{api_version}: `{group}` is not an API group name"
            );
            assert!(
                is_version_name(version),
                "{api_version}: `{version}` is not an API version"
            );
            assert!(
                is_built_in_group(group),
                "{api_version}: its group is built in"
            );
        }
    }

    #[test]
    fn kinds_are_upper_camel_case_and_listed_once() {
        let mut seen = BTreeSet::new();
        for (api_version, kinds) in BUILT_IN_KINDS {
            for kind in *kinds {
                assert!(
                    kind.starts_with(|c: char| c.is_ascii_uppercase())
                        && kind.chars().all(|c| c.is_ascii_alphanumeric()),
                    "{api_version} {kind}: kinds are UpperCamelCase"
                );
                assert!(
                    seen.insert((*api_version, *kind)),
                    "{api_version} {kind} is listed twice"
                );
            }
        }
        let versions: Vec<&str> = BUILT_IN_KINDS.iter().map(|(v, _)| *v).collect();
        let unique: BTreeSet<&str> = versions.iter().copied().collect();
        assert_eq!(versions.len(), unique.len(), "a group/version has one row");
        assert_eq!(
            seen.len(),
            88,
            "the 1.34 table holds 88 (apiVersion, kind) pairs"
        );
    }

    #[test]
    fn removed_versions_are_not_served_and_name_a_served_replacement() {
        let mut seen = BTreeSet::new();
        for removed in REMOVED {
            for kind in removed.kinds {
                assert!(
                    seen.insert((removed.group_version, *kind)),
                    "{} {kind} is listed twice as removed",
                    removed.group_version
                );
                assert!(
                    !built_in_kind(removed.group_version, kind),
                    "{} {kind} is both served and removed",
                    removed.group_version
                );
                if let Replacement::Version(version) = removed.replacement {
                    let served = built_in_kind(version, kind)
                        || super::super::SUPPORTED_KINDS.contains(&(*kind, version));
                    assert!(
                        served,
                        "{} {kind}: {version} serves it",
                        removed.group_version
                    );
                }
            }
        }
    }

    #[test]
    fn simulated_kinds_are_not_in_the_table() {
        for (kind, _) in super::super::SUPPORTED_KINDS {
            for (api_version, kinds) in BUILT_IN_KINDS {
                assert!(
                    !kinds.contains(&kind),
                    "{api_version} {kind} is simulated, not skipped"
                );
            }
        }
    }

    #[test]
    fn companion_kinds_are_built_in() {
        for kind in COMPANION_KINDS {
            assert!(
                BUILT_IN_KINDS
                    .iter()
                    .any(|(_, kinds)| kinds.contains(&kind)),
                "{kind} is in the table"
            );
        }
    }

    #[test]
    fn documents_are_recognized_by_group_version_and_kind() {
        use Recognized::{BuiltIn, Custom, RemovedVersion, Simulated, WrongVersion};
        for (api_version, kind, expected) in [
            ("resource.k8s.io/v1", "ResourceClaimTemplate", BuiltIn),
            ("resource.k8s.io/v1beta1", "ResourceClaim", BuiltIn),
            ("v1", "ConfigMap", BuiltIn),
            ("apps/v1", "ReplicaSet", BuiltIn),
            ("networking.k8s.io/v1", "ServiceCIDR", BuiltIn),
            (
                "networking.k8s.io/v1beta1",
                "Ingress",
                RemovedVersion(Version("networking.k8s.io/v1")),
            ),
            (
                "extensions/v1beta1",
                "Deployment",
                RemovedVersion(Version("apps/v1")),
            ),
            (
                "policy/v1beta1",
                "PodSecurityPolicy",
                RemovedVersion(NO_PSP),
            ),
            ("v1", "Ingress", WrongVersion("networking.k8s.io/v1")),
            ("batch/v2", "Job", WrongVersion("batch/v1")),
            ("networking.istio.io/v1beta1", "DestinationRule", Custom),
            ("serving.kserve.io/v1beta1", "InferenceService", Custom),
            ("ray.io/v1", "RayCluster", Custom),
            ("gateway.networking.k8s.io/v1", "HTTPRoute", Custom),
            ("serving.knative.dev/v1", "Service", Custom),
            ("apps/v1", "Deployment", Simulated),
            ("apps/v1", "Deploymnet", Simulated),
            ("app/v1", "Deployment", Simulated),
            ("v1", "Service", Simulated),
            ("autoscaling/v1", "HorizontalPodAutoscaler", Simulated),
            ("kubestep.dev/v1alpha1", "Scenario", Simulated),
        ] {
            assert_eq!(
                recognize(api_version, kind),
                expected,
                "{api_version} {kind}"
            );
        }
    }
}
