//! Deployment status, conditions, progress deadline and revision history as pure functions
//! over plain data (§3.7, §3.4 step 4).
//!
//! This module owns what the deployment controller writes into `status` after a sync and
//! what `kubectl rollout status` prints from it:
//! * k/k `pkg/controller/deployment/sync.go`: `calculateStatus`, `cleanupDeployment`,
//!   `checkPausedConditions`, and the conditions `getNewReplicaSet` records;
//! * k/k `pkg/controller/deployment/progress.go`: `syncRolloutStatus`,
//!   `requeueStuckDeployment`;
//! * k/k `pkg/controller/deployment/util/deployment_util.go`: `NewDeploymentCondition`,
//!   `SetDeploymentCondition`, `RemoveDeploymentCondition`, `DeploymentProgressing`,
//!   `DeploymentTimedOut`, `HasProgressDeadline`, `HasRevisionHistoryLimit`;
//! * kubectl `pkg/polymorphichelpers/rollout_status.go`: `DeploymentStatusViewer.Status`.
//!
//! Times are simulated seconds. Upstream stores condition times with one-second precision
//! and re-checks a stuck Deployment one second after its deadline (`requeueStuckDeployment`
//! adds a second "to avoid milliseconds skew"); `DeploymentTimedOut` asks whether
//! `lastUpdateTime + progressDeadlineSeconds` lies strictly before now. With whole simulated
//! seconds both give the same answer: a rollout whose last progress was at `t` is marked
//! `ProgressDeadlineExceeded` at `t + progressDeadlineSeconds + 1`, which is when a cluster's
//! `kubectl describe` shows it.
//!
//! One file per job: `conditions` (the condition list and its setters), `progress` (the
//! status a sync writes and the progress deadline), `rollout_status` (kubectl's line) and
//! `history` (revision-history cleanup). Everything public is re-exported here.

mod conditions;
mod history;
mod progress;
mod rollout_status;

pub use conditions::{
    Condition, ConditionKind, DeploymentStatus, FALSE, TRUE, UNKNOWN, found_new_replica_set,
    new_condition, new_replica_set_created, reason, remove_condition, set_condition,
};
pub use history::{HistoryInput, has_revision_history_limit, replica_sets_to_delete};
pub use progress::{
    DeploymentSpecInput, ReplicaCounts, Requeue, calculate_status, check_paused_conditions,
    deployment_progressing, deployment_timed_out, has_progress_deadline, progress_check_time,
    requeue_stuck_deployment, status_complete, sync_rollout_status,
};
pub use rollout_status::{rollout_status, rollout_status_line};

/// `math.MaxInt32`: a `progressDeadlineSeconds` or `revisionHistoryLimit` of this value
/// means "none" (`HasProgressDeadline`, `HasRevisionHistoryLimit`).
pub const UNLIMITED: i64 = i32::MAX as i64;
