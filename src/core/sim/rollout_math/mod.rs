//! Deployment rollout arithmetic as pure functions over plain data.
//!
//! This module owns the numbers the deployment controller computes: how a
//! `maxSurge`/`maxUnavailable` value resolves to a pod count, how far one
//! reconcile may grow the new ReplicaSet or shrink the old ones, how a scaling
//! event is spread proportionally over several ReplicaSets, which pod a
//! ReplicaSet deletes first, and when a rollout counts as complete. It never
//! talks to an API server, keeps no state and does not decide when a reconcile
//! runs: the caller passes in the current ReplicaSet specs and statuses and
//! applies the sizes that come back.
//!
//! The behaviour follows upstream Kubernetes:
//! * apimachinery `pkg/util/intstr/intstr.go`: `GetScaledValueFromIntOrPercent`;
//! * k/k `pkg/controller/deployment/util/deployment_util.go`: `ResolveFenceposts`,
//!   `MaxSurge`, `MaxUnavailable`, `MinAvailable`, `NewRSNewReplicas`,
//!   `FindActiveOrLatest`, `IsSaturated`, `GetReplicaSetProportion`,
//!   `DeploymentComplete`;
//! * k/k `pkg/controller/deployment/rolling.go`: `rolloutRolling`,
//!   `reconcileNewReplicaSet`, `reconcileOldReplicaSets`,
//!   `cleanupUnhealthyReplicas`, `scaleDownOldReplicaSetsForRollingUpdate`;
//! * k/k `pkg/controller/deployment/sync.go`: `scale`, `calculateStatus`;
//! * k/k `pkg/controller/controller_utils.go`: `ActivePodsWithRanks.Less`.
//!
//! Section marks such as §3.4 refer to the project's reference
//! `docs/kubernetes-semantics.md`.
//!
//! Conventions shared by every function:
//! * Replica counts are `i64`. A valid cluster never holds a negative count, so
//!   a negative count is read as 0 rather than propagated.
//! * Slices of ReplicaSets are in creation order, oldest first, which is the
//!   order upstream's `ReplicaSetsByCreationTimestamp` produces (creation time,
//!   then name). The position in the slice stands in for the creation time.
//! * Arithmetic saturates or runs in `i128` instead of overflowing, so no
//!   function panics on any input.
//!
//! One file per job: `fenceposts` (IntOrString scaling and the surge and
//! unavailability budgets), `rolling` (one rolling reconcile and the status
//! arithmetic), `proportional` (spreading a scaling event over ReplicaSets)
//! and `pod_rank` (the ReplicaSet controller's deletion order). Everything
//! public is re-exported here, so callers name `rollout_math::…` only.

mod fenceposts;
mod pod_rank;
mod proportional;
mod rolling;

// The manifest model's `IntOrPercent` is the raw value as written: a bare integer, or a
// string that is only meaningful in the form `"<integer>%"`.
pub use crate::core::manifest::model::{IntOrPercent, StrategyKind};

pub use fenceposts::{
    RolloutInput, max_surge, max_unavailable, min_available, percent_of, resolve_fenceposts,
    scaled_value_from_int_or_percent,
};
pub use pod_rank::{PodRankInput, delete_before, deletion_order, first_to_delete};
pub use proportional::{ScaleReplicaSetInput, parse_replicas_annotation, proportional_scale};
pub use rolling::{
    OldRsPlan, ReplicaSetInput, RollingStep, StepOutcome, cleanup_unhealthy_replicas,
    deployment_complete, has_minimum_availability, new_rs_new_replicas, reconcile_new_replica_set,
    reconcile_old_replica_sets, rollout_rolling, scale_down_old_replica_sets_for_rolling_update,
    unavailable_replicas,
};

#[cfg(test)]
mod tests {
    use super::fenceposts::tests::pct;
    use super::pod_rank::tests::pod;
    use super::*;

    // Robustness: nothing panics on extreme or negative input.

    #[test]
    fn test_extreme_inputs_do_not_panic() {
        let values = [i64::MIN, -7, -1, 0, 1, 3, i64::MAX];
        let strings = ["-100%", "0%", "100%", "9223372036854775807%", "oops", "%%"];
        for &replicas in &values {
            for &count in &values {
                let sets = [
                    ReplicaSetInput::new(count, replicas),
                    ReplicaSetInput::new(replicas, count),
                ];
                for surge in strings {
                    let p = RolloutInput::rolling(replicas, pct(surge), count);
                    let _ =
                        resolve_fenceposts(p.max_surge.as_ref(), p.max_unavailable.as_ref(), count);
                    let _ = (max_surge(&p), max_unavailable(&p), min_available(&p));
                    let _ = new_rs_new_replicas(&p, &sets, count);
                    let _ = rollout_rolling(&p, &sets, &ReplicaSetInput::new(count, count));
                    let _ = cleanup_unhealthy_replicas(&sets, count);
                    let _ = has_minimum_availability(&p, count);
                    let scale_sets = [
                        ScaleReplicaSetInput {
                            spec: count,
                            available: replicas,
                            desired_annotation: Some(count),
                            max_replicas_annotation: Some(replicas),
                        },
                        ScaleReplicaSetInput {
                            spec: replicas,
                            available: count,
                            desired_annotation: None,
                            max_replicas_annotation: Some(count),
                        },
                    ];
                    let _ = proportional_scale(&p, count, &scale_sets, Some(1));
                    let _ = proportional_scale(&p, count, &scale_sets, Some(7));
                }
                let _ = scaled_value_from_int_or_percent(&IntOrPercent::Int(count), replicas, true);
                let _ = unavailable_replicas(count, replicas);
            }
        }
        let extreme = PodRankInput {
            created_at: u64::MAX,
            ready_since: Some(0),
            ..pod("x")
        };
        let _ = deletion_order(&[extreme.clone(), pod("y"), extreme], u64::MAX);
    }
}
