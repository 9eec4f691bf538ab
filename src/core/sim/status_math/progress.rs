//! The status a sync writes and the progress deadline (`calculateStatus`, `syncRolloutStatus`,
//! `DeploymentProgressing`, `DeploymentTimedOut`, `requeueStuckDeployment`,
//! `checkPausedConditions`; §3.4 step 5, §3.7).

use super::*;
use crate::core::go_format::strconv_quote;
use crate::core::sim::rollout_math::{self, RolloutInput};

/// `HasProgressDeadline`: a deadline is set and is not `MaxInt32`.
pub fn has_progress_deadline(progress_deadline_seconds: Option<i64>) -> bool {
    progress_deadline_seconds.is_some_and(|seconds| seconds != UNLIMITED)
}

/// What the status calculation reads from the Deployment's spec and metadata.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeploymentSpecInput {
    pub name: String,
    /// `metadata.generation`.
    pub generation: u64,
    /// `spec.replicas` and the strategy, for `MaxUnavailable`.
    pub params: RolloutInput,
    /// `spec.progressDeadlineSeconds` (`None`: not set).
    pub progress_deadline_seconds: Option<i64>,
}

/// The ReplicaSets' statuses, summed as `calculateStatus` sums them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReplicaCounts {
    /// Σ `spec.replicas` (`GetReplicaCountForReplicaSets`).
    pub spec: i64,
    /// Σ `status.replicas` (`GetActualReplicaCountForReplicaSets`).
    pub replicas: i64,
    /// The new ReplicaSet's `status.replicas`, 0 without one.
    pub updated: i64,
    pub ready: i64,
    pub available: i64,
}

/// `calculateStatus` (§3.7): counts from the ReplicaSets, conditions carried over from the
/// stored status, and `Available` set from `replicas − maxUnavailable`.
pub fn calculate_status(
    spec: &DeploymentSpecInput,
    stored: &DeploymentStatus,
    counts: ReplicaCounts,
    now: u64,
) -> DeploymentStatus {
    let mut status = DeploymentStatus {
        observed_generation: spec.generation,
        replicas: counts.replicas,
        updated_replicas: counts.updated,
        ready_replicas: counts.ready,
        available_replicas: counts.available,
        unavailable_replicas: rollout_math::unavailable_replicas(counts.spec, counts.available),
        conditions: stored.conditions.clone(),
    };
    let available = if rollout_math::has_minimum_availability(&spec.params, counts.available) {
        new_condition(
            ConditionKind::Available,
            TRUE,
            reason::MINIMUM_REPLICAS_AVAILABLE,
            "Deployment has minimum availability.".to_string(),
            now,
        )
    } else {
        new_condition(
            ConditionKind::Available,
            FALSE,
            reason::MINIMUM_REPLICAS_UNAVAILABLE,
            "Deployment does not have minimum availability.".to_string(),
            now,
        )
    };
    set_condition(&mut status, available);
    status
}

/// `DeploymentComplete` over a status (§3.4 step 4, §8 G): every desired replica is updated
/// and available, no old pods remain, and the status describes the current generation.
pub fn status_complete(spec: &DeploymentSpecInput, status: &DeploymentStatus) -> bool {
    rollout_math::deployment_complete(
        spec.params.replicas,
        status.replicas,
        status.updated_replicas,
        status.available_replicas,
    ) && status.observed_generation >= spec.generation
}

/// `DeploymentProgressing`: since the stored status, more pods were updated, old pods
/// went away, or more pods became ready or available.
pub fn deployment_progressing(stored: &DeploymentStatus, new: &DeploymentStatus) -> bool {
    let stored_old = stored.replicas - stored.updated_replicas;
    let new_old = new.replicas - new.updated_replicas;
    new.updated_replicas > stored.updated_replicas
        || new_old < stored_old
        || new.ready_replicas > stored.ready_replicas
        || new.available_replicas > stored.available_replicas
}

/// `DeploymentTimedOut`: the `Progressing` condition was last updated more than
/// `progressDeadlineSeconds` ago. A completed rollout never times out; one that already
/// did stays timed out.
pub fn deployment_timed_out(
    progress_deadline_seconds: Option<i64>,
    status: &DeploymentStatus,
    now: u64,
) -> bool {
    if !has_progress_deadline(progress_deadline_seconds) {
        return false;
    }
    let Some(condition) = status.condition(ConditionKind::Progressing) else {
        return false;
    };
    match condition.reason {
        reason::NEW_REPLICA_SET_AVAILABLE => false,
        reason::PROGRESS_DEADLINE_EXCEEDED => true,
        _ => {
            let deadline = progress_deadline_seconds.unwrap_or(0).max(0) as u64;
            condition.last_update_time.saturating_add(deadline) < now
        }
    }
}

/// `syncRolloutStatus` (§3.4 step 5, §3.7): the status a sync writes after a rollout step.
///
/// `new_replica_set` names the ReplicaSet of the current template, if it exists; messages
/// name the Deployment instead when it does not (Recreate, before the new one is created).
pub fn sync_rollout_status(
    spec: &DeploymentSpecInput,
    stored: &DeploymentStatus,
    counts: ReplicaCounts,
    new_replica_set: Option<&str>,
    now: u64,
) -> DeploymentStatus {
    let mut status = calculate_status(spec, stored, counts, now);
    let has_deadline = has_progress_deadline(spec.progress_deadline_seconds);
    if !has_deadline {
        remove_condition(&mut status, ConditionKind::Progressing);
    }
    let current = stored.condition(ConditionKind::Progressing);
    // Only one ReplicaSet is active and the last rollout finished: a resync after a scale,
    // not a rollout whose progress needs estimating.
    let is_complete_deployment = status.replicas == status.updated_replicas
        && current.is_some_and(|c| c.reason == reason::NEW_REPLICA_SET_AVAILABLE);
    if !has_deadline || is_complete_deployment {
        return status;
    }
    let subject = |rs_text: &str, deployment_text: &str| match new_replica_set {
        Some(name) => format!("ReplicaSet {} {rs_text}", strconv_quote(name)),
        None => format!("Deployment {} {deployment_text}", strconv_quote(&spec.name)),
    };
    if status_complete(spec, &status) {
        let message = subject(
            "has successfully progressed.",
            "has successfully progressed.",
        );
        set_condition(
            &mut status,
            new_condition(
                ConditionKind::Progressing,
                TRUE,
                reason::NEW_REPLICA_SET_AVAILABLE,
                message,
                now,
            ),
        );
    } else if deployment_progressing(stored, &status) {
        let message = subject("is progressing.", "is progressing.");
        let mut condition = new_condition(
            ConditionKind::Progressing,
            TRUE,
            reason::REPLICA_SET_UPDATED,
            message,
            now,
        );
        // Progress moves `lastUpdateTime` even when the reason stays the same, so the
        // condition is replaced rather than set; a True condition keeps its transition time.
        if let Some(current) = current {
            if current.status == TRUE {
                condition.last_transition_time = current.last_transition_time;
            }
            remove_condition(&mut status, ConditionKind::Progressing);
        }
        set_condition(&mut status, condition);
    } else if deployment_timed_out(spec.progress_deadline_seconds, &status, now) {
        let message = subject("has timed out progressing.", "has timed out progressing.");
        set_condition(
            &mut status,
            new_condition(
                ConditionKind::Progressing,
                FALSE,
                reason::PROGRESS_DEADLINE_EXCEEDED,
                message,
                now,
            ),
        );
    }
    status
}

/// What `requeueStuckDeployment` decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Requeue {
    /// No progress check is needed (upstream returns -1).
    Never,
    /// Less than a second is left: check again right away (upstream returns 0).
    Now,
    /// Seconds left until the deadline; upstream re-checks one second after that.
    After(u64),
}

/// `requeueStuckDeployment`: when a rollout that is neither complete nor timed out must be
/// looked at again to notice that its deadline passed without progress.
pub fn requeue_stuck_deployment(
    spec: &DeploymentSpecInput,
    stored: &DeploymentStatus,
    new: &DeploymentStatus,
    now: u64,
) -> Requeue {
    let Some(current) = stored.condition(ConditionKind::Progressing) else {
        return Requeue::Never;
    };
    if !has_progress_deadline(spec.progress_deadline_seconds) {
        return Requeue::Never;
    }
    if status_complete(spec, new) || current.reason == reason::PROGRESS_DEADLINE_EXCEEDED {
        return Requeue::Never;
    }
    let deadline = spec.progress_deadline_seconds.unwrap_or(0).max(0) as u64;
    let due = current.last_update_time.saturating_add(deadline);
    if due <= now {
        Requeue::Now
    } else {
        Requeue::After(due - now)
    }
}

/// The simulated second of the progress check `requeueStuckDeployment` queues, if any:
/// one second after the deadline, the first whole second at which `DeploymentTimedOut`
/// holds (an immediate re-check lands in the next second too).
pub fn progress_check_time(
    spec: &DeploymentSpecInput,
    status: &DeploymentStatus,
    now: u64,
) -> Option<u64> {
    match requeue_stuck_deployment(spec, status, status, now) {
        Requeue::Never => None,
        Requeue::Now => Some(now.saturating_add(1)),
        Requeue::After(after) => Some(now.saturating_add(after).saturating_add(1)),
    }
}

/// `checkPausedConditions`: a paused Deployment's `Progressing` condition is `Unknown`, so
/// the time spent paused never counts against the deadline; resuming records that too. A
/// timed-out condition is kept. Returns whether the status changed.
pub fn check_paused_conditions(
    progress_deadline_seconds: Option<i64>,
    paused: bool,
    status: &mut DeploymentStatus,
    now: u64,
) -> bool {
    if !has_progress_deadline(progress_deadline_seconds) {
        return false;
    }
    let current = status.condition(ConditionKind::Progressing);
    if current.is_some_and(|c| c.reason == reason::PROGRESS_DEADLINE_EXCEEDED) {
        return false;
    }
    let paused_condition_exists = current.is_some_and(|c| c.reason == reason::DEPLOYMENT_PAUSED);
    let (condition_reason, message) = match (paused, paused_condition_exists) {
        (true, false) => (reason::DEPLOYMENT_PAUSED, "Deployment is paused"),
        (false, true) => (reason::DEPLOYMENT_RESUMED, "Deployment is resumed"),
        _ => return false,
    };
    set_condition(
        status,
        new_condition(
            ConditionKind::Progressing,
            UNKNOWN,
            condition_reason,
            message.to_string(),
            now,
        ),
    );
    true
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn spec(replicas: i64, deadline: Option<i64>) -> DeploymentSpecInput {
        DeploymentSpecInput {
            name: "progress-test".to_string(),
            generation: 1,
            params: RolloutInput::recreate(replicas),
            progress_deadline_seconds: deadline,
        }
    }

    pub(crate) fn status(replicas: i64, updated: i64, available: i64) -> DeploymentStatus {
        DeploymentStatus {
            observed_generation: 1,
            replicas,
            updated_replicas: updated,
            available_replicas: available,
            ..DeploymentStatus::default()
        }
    }

    pub(crate) fn with_progressing(
        mut s: DeploymentStatus,
        status: &'static str,
        why: &'static str,
        at: u64,
    ) -> DeploymentStatus {
        s.conditions.push(Condition {
            kind: ConditionKind::Progressing,
            status,
            reason: why,
            message: String::new(),
            last_update_time: at,
            last_transition_time: at,
        });
        s
    }

    // TestDeploymentProgressing (deployment_util_test.go).
    fn progressing(old: (i64, i64, i64, i64), new: (i64, i64, i64, i64)) -> bool {
        let make = |(current, updated, ready, available)| DeploymentStatus {
            replicas: current,
            updated_replicas: updated,
            ready_replicas: ready,
            available_replicas: available,
            ..DeploymentStatus::default()
        };
        deployment_progressing(&make(old), &make(new))
    }

    #[test]
    fn test_deployment_progressing() {
        assert!(progressing((10, 4, 4, 4), (10, 6, 4, 4)), "updated pods");
        assert!(
            !progressing((10, 4, 4, 4), (10, 4, 4, 4)),
            "not progressing"
        );
        assert!(progressing((10, 4, 6, 6), (8, 4, 6, 6)), "old pods removed");
        assert!(!progressing((10, 7, 3, 3), (10, 6, 3, 3)), "less new pods");
        assert!(
            progressing((10, 4, 7, 7), (8, 8, 5, 5)),
            "less overall but more new pods"
        );
        assert!(
            progressing((10, 10, 9, 8), (10, 10, 10, 8)),
            "more ready pods"
        );
        assert!(
            progressing((10, 10, 10, 9), (10, 10, 10, 10)),
            "more available pods"
        );
    }

    // TestDeploymentTimedOut (deployment_util_test.go): 00:01:09 and 00:01:11 against
    // 00:01:20 with a 10 s deadline.
    #[test]
    fn test_deployment_timed_out() {
        let at = |from| with_progressing(DeploymentStatus::default(), TRUE, "", from);
        assert!(!deployment_timed_out(None, &at(69), 80), "nil deadline");
        assert!(
            !deployment_timed_out(Some(UNLIMITED), &at(69), 80),
            "infinite deadline"
        );
        assert!(
            deployment_timed_out(Some(10), &at(69), 80),
            "11 s since progress"
        );
        assert!(
            !deployment_timed_out(Some(10), &at(71), 80),
            "9 s since progress"
        );
        let complete = with_progressing(
            DeploymentStatus::default(),
            TRUE,
            reason::NEW_REPLICA_SET_AVAILABLE,
            0,
        );
        assert!(
            !deployment_timed_out(None, &complete, 80),
            "previous status was complete"
        );
        assert!(!deployment_timed_out(Some(10), &complete, 80));
        assert!(
            !deployment_timed_out(Some(10), &at(70), 80),
            "exactly at the deadline"
        );
    }

    // TestRequeueStuckDeployment (progress_test.go): deadline 60 s, last update 18:49:00.
    #[test]
    fn test_requeue_stuck_deployment() {
        let stuck = |s| with_progressing(s, TRUE, "", 0);
        let requeue = |spec: &DeploymentSpecInput, s: &DeploymentStatus, now| {
            requeue_stuck_deployment(spec, s, s, now)
        };
        assert_eq!(
            requeue(&spec(4, None), &stuck(status(3, 3, 2)), 0),
            Requeue::Never,
            "nil deadline"
        );
        assert_eq!(
            requeue(&spec(4, Some(UNLIMITED)), &stuck(status(3, 3, 2)), 0),
            Requeue::Never,
            "infinite deadline"
        );
        assert_eq!(
            requeue(&spec(4, Some(60)), &status(3, 3, 2), 0),
            Requeue::Never,
            "no progressing condition"
        );
        assert_eq!(
            requeue(&spec(3, Some(60)), &stuck(status(3, 3, 3)), 0),
            Requeue::Never,
            "complete"
        );
        let failed = with_progressing(
            status(3, 3, 0),
            FALSE,
            reason::PROGRESS_DEADLINE_EXCEEDED,
            0,
        );
        assert_eq!(
            requeue(&spec(3, Some(60)), &failed, 0),
            Requeue::Never,
            "already failed"
        );
        let s = stuck(status(3, 3, 1));
        assert_eq!(
            requeue(&spec(3, Some(60)), &s, 30),
            Requeue::After(30),
            "stuck - 30s"
        );
        assert_eq!(
            requeue(&spec(3, Some(60)), &s, 59),
            Requeue::After(1),
            "stuck - 1s"
        );
        assert_eq!(
            requeue(&spec(3, Some(60)), &s, 60),
            Requeue::Now,
            "failed - now"
        );
        assert_eq!(
            requeue(&spec(3, Some(60)), &s, 61),
            Requeue::Now,
            "1s after deadline"
        );
        assert_eq!(
            requeue(&spec(3, Some(60)), &s, 120),
            Requeue::Now,
            "60s after deadline"
        );
        assert_eq!(progress_check_time(&spec(3, Some(60)), &s, 30), Some(61));
        assert_eq!(progress_check_time(&spec(3, Some(60)), &s, 0), Some(61));
    }

    // TestSyncRolloutStatus (progress_test.go): testTime is t = 100, now is t = 200.
    fn rollout(
        deadline: Option<i64>,
        replicas: i64,
        stored: DeploymentStatus,
        counts: ReplicaCounts,
        new_rs: Option<&str>,
    ) -> Option<Condition> {
        let s = spec(replicas, deadline);
        sync_rollout_status(&s, &stored, counts, new_rs, 200)
            .condition(ConditionKind::Progressing)
            .cloned()
    }

    fn counts(spec: i64, replicas: i64, updated: i64, available: i64) -> ReplicaCounts {
        ReplicaCounts {
            spec,
            replicas,
            updated,
            ready: 0,
            available,
        }
    }

    #[test]
    fn test_sync_rollout_status() {
        let updated = |s| with_progressing(s, TRUE, reason::REPLICA_SET_UPDATED, 100);
        let available = |s| with_progressing(s, TRUE, reason::NEW_REPLICA_SET_AVAILABLE, 100);
        let failed = |s| with_progressing(s, FALSE, reason::PROGRESS_DEADLINE_EXCEEDED, 100);
        // bar (0 spec, 1 status, 1 available) + foo (3, 2, 2).
        let rolling = counts(3, 3, 2, 3);

        // No deadline: the Progressing condition is removed, no progress estimated.
        assert_eq!(
            rollout(None, 3, updated(status(2, 2, 2)), rolling, Some("foo")),
            None
        );

        // One active ReplicaSet after a complete rollout: nothing moves.
        let c = rollout(
            Some(60),
            3,
            available(status(3, 3, 3)),
            counts(3, 3, 0, 3),
            None,
        )
        .unwrap();
        assert_eq!(
            (c.reason, c.last_update_time, c.last_transition_time),
            (reason::NEW_REPLICA_SET_AVAILABLE, 100, 100)
        );

        // Progress with Progressing=True keeps lastTransitionTime, moves lastUpdateTime.
        let c = rollout(Some(60), 3, updated(status(2, 2, 2)), rolling, Some("foo")).unwrap();
        assert_eq!(
            (
                c.status,
                c.reason,
                c.last_update_time,
                c.last_transition_time
            ),
            (TRUE, reason::REPLICA_SET_UPDATED, 200, 100)
        );
        assert_eq!(c.message, "ReplicaSet \"foo\" is progressing.");

        // Progress after a timeout updates everything.
        let c = rollout(Some(60), 3, failed(status(2, 2, 2)), rolling, Some("foo")).unwrap();
        assert_eq!(
            (c.status, c.reason, c.last_transition_time),
            (TRUE, reason::REPLICA_SET_UPDATED, 200)
        );

        // Progress without a condition creates one.
        let c = rollout(Some(60), 3, status(2, 2, 2), rolling, Some("foo")).unwrap();
        assert_eq!(c.reason, reason::REPLICA_SET_UPDATED);

        // Complete: keeps the transition time of a True condition.
        let done = counts(3, 3, 3, 3);
        let c = rollout(Some(60), 3, updated(status(3, 3, 3)), done, Some("foo")).unwrap();
        assert_eq!(
            (c.reason, c.last_transition_time),
            (reason::NEW_REPLICA_SET_AVAILABLE, 100)
        );
        assert_eq!(c.message, "ReplicaSet \"foo\" has successfully progressed.");
        let c = rollout(Some(60), 3, failed(status(3, 3, 3)), done, Some("foo")).unwrap();
        assert_eq!(
            (c.status, c.reason, c.last_transition_time),
            (TRUE, reason::NEW_REPLICA_SET_AVAILABLE, 200)
        );
        let c = rollout(Some(60), 3, status(3, 3, 3), done, Some("foo")).unwrap();
        assert_eq!(c.reason, reason::NEW_REPLICA_SET_AVAILABLE);

        // Complete without a new ReplicaSet names the Deployment.
        let c = rollout(
            Some(60),
            0,
            updated(status(3, 3, 3)),
            counts(0, 0, 0, 0),
            None,
        )
        .unwrap();
        assert_eq!(c.reason, reason::NEW_REPLICA_SET_AVAILABLE);
        assert_eq!(
            c.message,
            "Deployment \"progress-test\" has successfully progressed."
        );

        // No progress for longer than the deadline.
        let c = rollout(
            Some(60),
            3,
            updated(status(2, 2, 2)),
            counts(3, 2, 2, 2),
            Some("foo"),
        )
        .unwrap();
        assert_eq!(
            (c.status, c.reason),
            (FALSE, reason::PROGRESS_DEADLINE_EXCEEDED)
        );
        assert_eq!(c.message, "ReplicaSet \"foo\" has timed out progressing.");

        // An existing timeout is left as it was.
        let c = rollout(
            Some(60),
            3,
            failed(status(2, 2, 2)),
            counts(3, 2, 2, 2),
            Some("foo"),
        )
        .unwrap();
        assert_eq!(
            (c.reason, c.last_update_time, c.last_transition_time),
            (reason::PROGRESS_DEADLINE_EXCEEDED, 100, 100)
        );
    }

    #[test]
    fn available_condition_follows_max_unavailable() {
        let s = DeploymentSpecInput {
            params: RolloutInput::rolling(4, "25%", "25%"),
            ..spec(4, Some(600))
        };
        let status = calculate_status(&s, &DeploymentStatus::default(), counts(4, 4, 4, 3), 5);
        let available = status.condition(ConditionKind::Available).unwrap();
        assert_eq!(
            (
                available.status,
                available.reason,
                available.message.as_str()
            ),
            (
                TRUE,
                reason::MINIMUM_REPLICAS_AVAILABLE,
                "Deployment has minimum availability."
            )
        );
        assert_eq!(status.unavailable_replicas, 1);
        let status = calculate_status(&s, &status, counts(4, 4, 4, 2), 9);
        let available = status.condition(ConditionKind::Available).unwrap();
        assert_eq!(
            (
                available.status,
                available.reason,
                available.message.as_str(),
                available.last_transition_time
            ),
            (
                FALSE,
                reason::MINIMUM_REPLICAS_UNAVAILABLE,
                "Deployment does not have minimum availability.",
                9
            )
        );
    }

    #[test]
    fn paused_conditions() {
        let mut s = DeploymentStatus::default();
        assert!(check_paused_conditions(Some(600), true, &mut s, 3));
        let c = s.condition(ConditionKind::Progressing).unwrap();
        assert_eq!(
            (c.status, c.reason, c.message.as_str()),
            (UNKNOWN, reason::DEPLOYMENT_PAUSED, "Deployment is paused")
        );
        assert!(!check_paused_conditions(Some(600), true, &mut s, 4));
        assert!(check_paused_conditions(Some(600), false, &mut s, 5));
        assert_eq!(
            s.condition(ConditionKind::Progressing).unwrap().message,
            "Deployment is resumed"
        );
        assert!(!check_paused_conditions(
            None,
            true,
            &mut DeploymentStatus::default(),
            0
        ));
    }
}
