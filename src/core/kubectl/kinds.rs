//! The resource types this mode lists, the names a command line may give them (plural,
//! singular, short, with their API group), how kubectl prints them (`deployment.apps/x`,
//! `deployments.apps "x" not found`), and the honest word for types it does not list.

/// A resource type kubectl can list here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Deployment,
    ReplicaSet,
    Pod,
    Service,
    Autoscaler,
    Event,
}

/// Every kind with its names: the resource (as errors and `kind.group/name` print it) and
/// the names `kubectl get` accepts for it (singular, plural, short).
const KINDS: [(Kind, &str, &str, &[&str]); 6] = [
    (
        Kind::Deployment,
        "deployments.apps",
        "deployment.apps",
        &["deployment", "deployments", "deploy"],
    ),
    (
        Kind::ReplicaSet,
        "replicasets.apps",
        "replicaset.apps",
        &["replicaset", "replicasets", "rs"],
    ),
    (Kind::Pod, "pods", "pod", &["pod", "pods", "po"]),
    (
        Kind::Service,
        "services",
        "service",
        &["service", "services", "svc"],
    ),
    (
        Kind::Autoscaler,
        "horizontalpodautoscalers.autoscaling",
        "horizontalpodautoscaler.autoscaling",
        &["horizontalpodautoscaler", "horizontalpodautoscalers", "hpa"],
    ),
    (Kind::Event, "events", "event", &["event", "events", "ev"]),
];

/// `kubectl get all`: the kinds of the `all` category this cluster has, in the order kubectl
/// prints them.
pub const ALL: [Kind; 5] = [
    Kind::Pod,
    Kind::Service,
    Kind::Deployment,
    Kind::ReplicaSet,
    Kind::Autoscaler,
];

impl Kind {
    fn entry(self) -> &'static (Kind, &'static str, &'static str, &'static [&'static str]) {
        KINDS
            .iter()
            .find(|entry| entry.0 == self)
            .unwrap_or(&KINDS[2])
    }

    /// The resource as the API server names it in errors: `deployments.apps`, `pods`.
    pub fn resource(self) -> &'static str {
        self.entry().1
    }

    /// The prefix of NAME when several kinds are printed: `deployment.apps`, `pod`.
    pub fn kind_prefix(self) -> &'static str {
        self.entry().2
    }

    /// The names a command line may use, the plural first (for completion).
    pub fn names(self) -> &'static [&'static str] {
        self.entry().3
    }

    /// The kind a command line names (`po`, `deployments.apps`, `HPA`).
    pub fn named(word: &str) -> Option<Kind> {
        let word = word.to_ascii_lowercase();
        KINDS.iter().find_map(|(kind, resource, prefix, names)| {
            let grouped = |name: &&str| {
                resource.split_once('.').is_some_and(|(_, group)| {
                    word.strip_suffix(group)
                        .and_then(|w| w.strip_suffix('.'))
                        .is_some_and(|w| w == *name)
                })
            };
            (names.contains(&word.as_str())
                || word == *resource
                || word == *prefix
                || names.iter().any(grouped))
            .then_some(*kind)
        })
    }
}

/// The `schema.GroupKind` kubectl names in `no status viewer has been implemented for ...`.
pub fn status_viewer_kind(kind: Kind) -> &'static str {
    match kind {
        Kind::ReplicaSet => "ReplicaSet.apps",
        Kind::Pod => "Pod",
        Kind::Service => "Service",
        Kind::Autoscaler => "HorizontalPodAutoscaler.autoscaling",
        Kind::Event => "Event",
        Kind::Deployment => "Deployment.apps",
    }
}

pub fn resource_type(word: &str) -> Result<Kind, String> {
    Kind::named(word).ok_or_else(|| {
        if NOT_LISTED.contains(&word.to_ascii_lowercase().as_str()) {
            format!(
                "error: this mode does not list {word}: it lists deployments, replicasets, pods, services, horizontalpodautoscalers and events"
            )
        } else {
            format!("error: the server doesn't have a resource type \"{word}\"")
        }
    })
}

/// Resource types a real cluster has that this mode does not list (the simulation keeps no
/// such objects at every moment), so they get an honest note rather than "doesn't have".
const NOT_LISTED: [&str; 28] = [
    "node",
    "nodes",
    "no",
    "namespace",
    "namespaces",
    "ns",
    "endpoints",
    "ep",
    "endpointslices",
    "configmap",
    "configmaps",
    "cm",
    "secret",
    "secrets",
    "persistentvolumeclaims",
    "pvc",
    "limitranges",
    "limits",
    "statefulsets",
    "sts",
    "daemonsets",
    "ds",
    "jobs",
    "cronjobs",
    "ingresses",
    "ing",
    "serviceaccounts",
    "sa",
];
