//! What changed in the cluster, as typed values: each frame of the trace lists the changes
//! that made it, and the lesson cuts its steps on them. The few words `kubectl`-minded
//! readers see (a frame's `cause`) are rendered from these values, never the other way round.

use std::fmt;

use serde::Serialize;

/// One change a controller, the kubelet, the scenario or `kubectl` made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Change {
    /// `kubectl apply`: the API server stored the Deployment.
    Applied,
    /// `kubectl set image`: the Deployment's template names a new image.
    ImageSet {
        image: String,
    },
    /// The Deployment controller noted `spec.paused`.
    DeploymentPaused,
    /// Proportional scaling after `spec.replicas` changed (§3.5).
    DeploymentScaled {
        replicas: i64,
    },
    ReplicaSetCreated {
        name: String,
    },
    NewReplicaSetScaled,
    OldReplicaSetScaledDown,
    /// `Recreate`: every old ReplicaSet scaled to 0.
    OldReplicaSetsScaledToZero,
    /// The history cleanup deleted old ReplicaSets (§3.4 step 4).
    ReplicaSetsDeleted {
        names: Vec<String>,
        limit: i64,
    },
    PodsCreated {
        count: usize,
    },
    PodsDeleted {
        count: usize,
    },
    /// The scheduler bound pods to nodes.
    PodsScheduled {
        count: usize,
    },
    /// The scheduler found no node for pods (a `FailedScheduling` event each).
    PodsUnschedulable {
        count: usize,
    },
    /// An init container of the pods finished (or a native sidecar started).
    InitContainerFinished {
        pods: Vec<String>,
    },
    /// The kubelet started the pods' containers.
    ContainersStarted {
        pods: Vec<String>,
    },
    /// Readiness probes passed: the pods are Ready.
    PodsReady {
        pods: Vec<String>,
    },
    /// Ready for `minReadySeconds`: the pods count as available.
    PodsAvailable {
        pods: Vec<String>,
    },
    /// Terminated pods left the API.
    PodsGone {
        pods: Vec<String>,
    },
    /// The Service's endpoints or their shares of the traffic changed.
    EndpointsChanged {
        endpoints: usize,
    },
    /// The scenario changed the offered load.
    TrafficChanged {
        requests_per_second: i64,
    },
    /// The autoscaler synced and its status changed.
    AutoscalerSynced,
    /// The rollout passed `progressDeadlineSeconds` (§3.7).
    ProgressDeadlineExceeded {
        deployment: String,
    },
    DeploymentStatusUpdated,
    /// The last frame of a run, when nothing else happened at its end.
    RunEnded,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Applied => f.write_str("kubectl apply: Deployment stored"),
            Change::ImageSet { image } => write!(f, "kubectl set image: {image}"),
            Change::DeploymentPaused => f.write_str("Deployment paused"),
            Change::DeploymentScaled { replicas } => {
                write!(f, "Deployment scaled to {replicas} replicas")
            }
            Change::ReplicaSetCreated { name } => write!(f, "ReplicaSet {name} created"),
            Change::NewReplicaSetScaled => f.write_str("new ReplicaSet scaled"),
            Change::OldReplicaSetScaledDown => f.write_str("old ReplicaSet scaled down"),
            Change::OldReplicaSetsScaledToZero => f.write_str("old ReplicaSets scaled to zero"),
            Change::ReplicaSetsDeleted { names, limit } => match names.as_slice() {
                [name] => write!(
                    f,
                    "old ReplicaSet {name} deleted (revisionHistoryLimit {limit})"
                ),
                names => write!(
                    f,
                    "{} old ReplicaSets deleted (revisionHistoryLimit {limit})",
                    names.len()
                ),
            },
            Change::PodsCreated { count } => write!(f, "{count} pod(s) created"),
            Change::PodsDeleted { count } => write!(f, "{count} pod(s) deleted"),
            Change::PodsScheduled { count } => write!(f, "{count} pod(s) scheduled"),
            Change::PodsUnschedulable { count } => write!(f, "{count} pod(s) unschedulable"),
            Change::InitContainerFinished { pods } => match pods.as_slice() {
                [pod] => write!(f, "init container done in {pod}"),
                pods => write!(f, "init container done in {} pods", pods.len()),
            },
            Change::ContainersStarted { pods } => match pods.as_slice() {
                [pod] => write!(f, "containers started in {pod}"),
                pods => write!(f, "containers started in {} pods", pods.len()),
            },
            Change::PodsReady { pods } => pods_phrase(f, pods, "ready"),
            Change::PodsAvailable { pods } => pods_phrase(f, pods, "available"),
            Change::PodsGone { pods } => pods_phrase(f, pods, "gone"),
            Change::EndpointsChanged { endpoints } => {
                write!(f, "Service routes to {endpoints} ready pod(s)")
            }
            Change::TrafficChanged {
                requests_per_second,
            } => write!(f, "traffic now {requests_per_second} requests/s"),
            Change::AutoscalerSynced => f.write_str("autoscaler synced"),
            Change::ProgressDeadlineExceeded { deployment } => {
                write!(f, "Deployment {deployment} exceeded its progress deadline")
            }
            Change::DeploymentStatusUpdated => f.write_str("Deployment status updated"),
            Change::RunEnded => f.write_str("end of the run"),
        }
    }
}

fn pods_phrase(f: &mut fmt::Formatter<'_>, pods: &[String], state: &str) -> fmt::Result {
    match pods {
        [pod] => write!(f, "{pod} {state}"),
        pods => write!(f, "{} pods {state}", pods.len()),
    }
}

/// A frame's changes in the order they happened, as one line (`2 pod(s) created, ...`).
pub fn describe(changes: &[Change]) -> String {
    changes
        .iter()
        .map(Change::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why an event was recorded: the `REASON` column of `kubectl get events`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum EventReason {
    ScalingReplicaSet,
    SuccessfulCreate,
    SuccessfulDelete,
    Scheduled,
    FailedScheduling,
    Pulling,
    Pulled,
    Created,
    Started,
    ErrImageNeverPull,
    Unhealthy,
    Killing,
    SuccessfulRescale,
    FailedGetResourceMetric,
    FailedGetPodsMetric,
    FailedGetObjectMetric,
    FailedGetExternalMetric,
    FailedComputeMetricsReplicas,
}

impl EventReason {
    /// The reason as Kubernetes spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            EventReason::ScalingReplicaSet => "ScalingReplicaSet",
            EventReason::SuccessfulCreate => "SuccessfulCreate",
            EventReason::SuccessfulDelete => "SuccessfulDelete",
            EventReason::Scheduled => "Scheduled",
            EventReason::FailedScheduling => "FailedScheduling",
            EventReason::Pulling => "Pulling",
            EventReason::Pulled => "Pulled",
            EventReason::Created => "Created",
            EventReason::Started => "Started",
            EventReason::ErrImageNeverPull => "ErrImageNeverPull",
            EventReason::Unhealthy => "Unhealthy",
            EventReason::Killing => "Killing",
            EventReason::SuccessfulRescale => "SuccessfulRescale",
            EventReason::FailedGetResourceMetric => "FailedGetResourceMetric",
            EventReason::FailedGetPodsMetric => "FailedGetPodsMetric",
            EventReason::FailedGetObjectMetric => "FailedGetObjectMetric",
            EventReason::FailedGetExternalMetric => "FailedGetExternalMetric",
            EventReason::FailedComputeMetricsReplicas => "FailedComputeMetricsReplicas",
        }
    }
}

impl fmt::Display for EventReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `TYPE` column of `kubectl get events`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum EventType {
    Normal,
    Warning,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Normal => "Normal",
            EventType::Warning => "Warning",
        }
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_read_as_before() {
        let changes = [
            Change::ReplicaSetCreated {
                name: "ml-model-7c79c4bf97".to_string(),
            },
            Change::NewReplicaSetScaled,
        ];
        assert_eq!(
            describe(&changes),
            "ReplicaSet ml-model-7c79c4bf97 created, new ReplicaSet scaled"
        );
        assert_eq!(
            Change::PodsReady {
                pods: vec!["a".to_string(), "b".to_string()]
            }
            .to_string(),
            "2 pods ready"
        );
    }

    #[test]
    fn reasons_serialize_as_kubernetes_spells_them() {
        let json = serde_json::to_string(&EventReason::FailedGetResourceMetric).unwrap();
        assert_eq!(json, "\"FailedGetResourceMetric\"");
        assert_eq!(EventReason::Scheduled.to_string(), "Scheduled");
    }
}
