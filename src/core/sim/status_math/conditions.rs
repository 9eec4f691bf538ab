//! Deployment conditions and the status that holds them: the condition types, statuses and
//! reasons, `NewDeploymentCondition`, `SetDeploymentCondition`, `RemoveDeploymentCondition`,
//! and the conditions `getNewReplicaSet` records.

use crate::core::go_format::strconv_quote;

/// A Deployment condition type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConditionKind {
    Available,
    Progressing,
}

impl ConditionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ConditionKind::Available => "Available",
            ConditionKind::Progressing => "Progressing",
        }
    }
}

/// Condition statuses (`v1.ConditionStatus`).
pub const TRUE: &str = "True";
pub const FALSE: &str = "False";
pub const UNKNOWN: &str = "Unknown";

/// Condition reasons, as `deployment_util.go` names them.
pub mod reason {
    pub const NEW_REPLICA_SET_CREATED: &str = "NewReplicaSetCreated";
    pub const FOUND_NEW_REPLICA_SET: &str = "FoundNewReplicaSet";
    pub const REPLICA_SET_UPDATED: &str = "ReplicaSetUpdated";
    pub const NEW_REPLICA_SET_AVAILABLE: &str = "NewReplicaSetAvailable";
    pub const PROGRESS_DEADLINE_EXCEEDED: &str = "ProgressDeadlineExceeded";
    pub const DEPLOYMENT_PAUSED: &str = "DeploymentPaused";
    pub const DEPLOYMENT_RESUMED: &str = "DeploymentResumed";
    pub const MINIMUM_REPLICAS_AVAILABLE: &str = "MinimumReplicasAvailable";
    pub const MINIMUM_REPLICAS_UNAVAILABLE: &str = "MinimumReplicasUnavailable";
}

/// One entry of `status.conditions`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    pub kind: ConditionKind,
    /// `True`, `False` or `Unknown`.
    pub status: &'static str,
    pub reason: &'static str,
    pub message: String,
    pub last_update_time: u64,
    pub last_transition_time: u64,
}

/// `NewDeploymentCondition`: both times are now.
pub fn new_condition(
    kind: ConditionKind,
    status: &'static str,
    reason: &'static str,
    message: String,
    now: u64,
) -> Condition {
    Condition {
        kind,
        status,
        reason,
        message,
        last_update_time: now,
        last_transition_time: now,
    }
}

/// The Deployment's `status`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeploymentStatus {
    pub observed_generation: u64,
    /// Σ `status.replicas` of the ReplicaSets: pods that are not terminating.
    pub replicas: i64,
    /// `status.replicas` of the new ReplicaSet.
    pub updated_replicas: i64,
    pub ready_replicas: i64,
    pub available_replicas: i64,
    /// `max(0, Σ spec.replicas − available)`.
    pub unavailable_replicas: i64,
    /// In the order the API server holds them: a condition that changes moves to the end.
    pub conditions: Vec<Condition>,
}

impl DeploymentStatus {
    /// `GetDeploymentCondition`.
    pub fn condition(&self, kind: ConditionKind) -> Option<&Condition> {
        self.conditions.iter().find(|c| c.kind == kind)
    }
}

/// `SetDeploymentCondition`: a condition with the same status and reason is left alone
/// (its times do not move); one with the same status keeps its `lastTransitionTime`. The
/// new condition replaces the old one at the end of the list.
pub fn set_condition(status: &mut DeploymentStatus, mut condition: Condition) {
    if let Some(current) = status.condition(condition.kind) {
        if current.status == condition.status && current.reason == condition.reason {
            return;
        }
        if current.status == condition.status {
            condition.last_transition_time = current.last_transition_time;
        }
    }
    remove_condition(status, condition.kind);
    status.conditions.push(condition);
}

/// `RemoveDeploymentCondition`.
pub fn remove_condition(status: &mut DeploymentStatus, kind: ConditionKind) {
    status.conditions.retain(|c| c.kind != kind);
}

/// The condition `getNewReplicaSet` records when it creates the new ReplicaSet.
pub fn new_replica_set_created(name: &str, now: u64) -> Condition {
    new_condition(
        ConditionKind::Progressing,
        TRUE,
        reason::NEW_REPLICA_SET_CREATED,
        format!("Created new replica set {}", strconv_quote(name)),
        now,
    )
}

/// The condition `getNewReplicaSet` records when it finds the new ReplicaSet and no
/// `Progressing` condition exists yet.
pub fn found_new_replica_set(name: &str, now: u64) -> Condition {
    new_condition(
        ConditionKind::Progressing,
        TRUE,
        reason::FOUND_NEW_REPLICA_SET,
        format!("Found new replica set {}", strconv_quote(name)),
        now,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_condition_moves_a_changed_condition_to_the_end() {
        let mut s = DeploymentStatus::default();
        set_condition(&mut s, new_replica_set_created("web-1", 0));
        set_condition(
            &mut s,
            new_condition(
                ConditionKind::Available,
                FALSE,
                reason::MINIMUM_REPLICAS_UNAVAILABLE,
                String::new(),
                0,
            ),
        );
        set_condition(&mut s, found_new_replica_set("web-1", 5));
        let kinds: Vec<_> = s.conditions.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [ConditionKind::Available, ConditionKind::Progressing]
        );
        let progressing = s.condition(ConditionKind::Progressing).unwrap();
        assert_eq!(
            (
                progressing.last_update_time,
                progressing.last_transition_time
            ),
            (5, 0)
        );
        assert_eq!(progressing.message, "Found new replica set \"web-1\"");
        // Same status and reason: nothing changes, not even the update time.
        set_condition(&mut s, found_new_replica_set("web-1", 9));
        assert_eq!(
            s.condition(ConditionKind::Progressing)
                .unwrap()
                .last_update_time,
            5
        );
    }
}
