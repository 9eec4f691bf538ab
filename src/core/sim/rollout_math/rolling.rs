//! One rolling-update reconcile over plain ReplicaSet sizes: how far the new ReplicaSet may
//! grow, which old replicas go (unhealthy ones first, then available ones within the budget),
//! and the status arithmetic that decides completion and availability (`rolling.go`,
//! `DeploymentComplete`; §3.4, §3.7, §8 C, D, E and G).

use super::fenceposts::availability_floor;
use super::*;

// ---------------------------------------------------------------------------
// Rolling update, one reconcile (§3.4, §8 C, D and E)
// ---------------------------------------------------------------------------

/// A ReplicaSet as the rolling-update arithmetic sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReplicaSetInput {
    /// `spec.replicas`.
    pub spec: i64,
    /// `status.availableReplicas`, which may lag behind `spec`.
    pub available: i64,
}

impl ReplicaSetInput {
    /// A ReplicaSet with the given spec and available count.
    pub fn new(spec: i64, available: i64) -> Self {
        ReplicaSetInput { spec, available }
    }

    /// The spec, read as 0 when negative.
    fn spec(&self) -> i64 {
        self.spec.max(0)
    }

    /// The available count, read as 0 when negative.
    fn available(&self) -> i64 {
        self.available.max(0)
    }
}

/// Σ spec.replicas, as `GetReplicaCountForReplicaSets` computes it.
fn spec_sum<'a>(sets: impl IntoIterator<Item = &'a ReplicaSetInput>) -> i64 {
    sets.into_iter()
        .fold(0i64, |sum, rs| sum.saturating_add(rs.spec()))
}

/// Σ status.availableReplicas, as `GetAvailableReplicaCountForReplicaSets`
/// computes it.
fn available_sum<'a>(sets: impl IntoIterator<Item = &'a ReplicaSetInput>) -> i64 {
    sets.into_iter()
        .fold(0i64, |sum, rs| sum.saturating_add(rs.available()))
}

/// The size the new ReplicaSet may grow to in one step (§3.4
/// `NewRSNewReplicas`, §8 C).
///
/// `all` holds every ReplicaSet whose spec counts toward the surge budget
/// (upstream passes old and new together); `new_spec` is the new
/// ReplicaSet's current spec. For RollingUpdate the total may reach
/// `replicas + maxSurge` and the new ReplicaSet never grows past `replicas`;
/// if the total is already at the limit the new size stays where it is.
/// Recreate always answers `replicas`.
///
/// Upstream scales `maxSurge` directly here rather than through the
/// fenceposts, so an absent or malformed `maxSurge` is an error
/// (`nil value for IntOrString`) that stops the reconcile.
pub fn new_rs_new_replicas(
    p: &RolloutInput,
    all: &[ReplicaSetInput],
    new_spec: i64,
) -> Result<i64, String> {
    let desired = p.desired();
    match p.strategy {
        StrategyKind::Recreate => Ok(desired),
        StrategyKind::RollingUpdate => {
            let surge_value = p
                .max_surge
                .as_ref()
                .ok_or_else(|| "nil value for IntOrString".to_string())?;
            let surge = scaled_value_from_int_or_percent(surge_value, desired, true)?.max(0);
            let new_spec = new_spec.max(0);
            let current = spec_sum(all);
            let max_total = desired.saturating_add(surge);
            if current >= max_total {
                return Ok(new_spec);
            }
            // The surge headroom bounds the step, and the new ReplicaSet must
            // not overshoot the desired count on its own.
            let scale_up = (max_total - current).min(desired - new_spec);
            Ok(new_spec.saturating_add(scale_up))
        }
    }
}

/// Step 2 of a rolling reconcile, `reconcileNewReplicaSet` (§3.4 step 2, §8 D).
///
/// Returns `Some(size)` when the new ReplicaSet is rescaled and `None` when it
/// is left alone. A new ReplicaSet above `replicas` is scaled straight down to
/// it; one below grows by `new_rs_new_replicas`. When this returns `Some`,
/// upstream ends the reconcile there and only updates status.
pub fn reconcile_new_replica_set(
    p: &RolloutInput,
    all: &[ReplicaSetInput],
    new_spec: i64,
) -> Result<Option<i64>, String> {
    let desired = p.desired();
    let new_spec = new_spec.max(0);
    if new_spec == desired {
        return Ok(None);
    }
    if new_spec > desired {
        return Ok(Some(desired));
    }
    let target = new_rs_new_replicas(p, all, new_spec)?;
    Ok((target != new_spec).then_some(target))
}

/// What one old-ReplicaSet pass did: the new spec of every ReplicaSet passed
/// in (same order) and how many replicas it removed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StepOutcome {
    /// The spec of each ReplicaSet after the pass, in input order.
    pub specs: Vec<i64>,
    /// Replicas removed by this pass.
    pub removed: i64,
    /// True when upstream would have stopped with an "invalid request to
    /// scale down" error part-way through; `specs` and `removed` then hold
    /// only the writes made before the stop.
    pub aborted: bool,
}

/// `cleanupUnhealthyReplicas` (§3.4 step 3, §8 E): removes up to
/// `max_cleanup` replicas that are not available, oldest ReplicaSet first.
///
/// Each ReplicaSet can lose at most `spec − available` replicas here, so only
/// pods that are not available go (the ReplicaSet controller deletes
/// not-ready pods first, §3.6). When a ReplicaSet reports more available
/// pods than its spec, which happens while its status still lags a recent
/// scale-down, upstream's computed step would be negative; it stops with an
/// error at that ReplicaSet, and this function reports `aborted`.
pub fn cleanup_unhealthy_replicas(old: &[ReplicaSetInput], max_cleanup: i64) -> StepOutcome {
    let mut outcome = StepOutcome {
        specs: old.iter().map(ReplicaSetInput::spec).collect(),
        removed: 0,
        aborted: false,
    };
    for (index, rs) in old.iter().enumerate() {
        if outcome.removed >= max_cleanup {
            break;
        }
        let spec = rs.spec();
        if spec == 0 || spec == rs.available() {
            continue;
        }
        let count = (max_cleanup - outcome.removed).min(spec - rs.available());
        if count < 0 {
            outcome.aborted = true;
            break;
        }
        outcome.specs[index] = spec - count;
        outcome.removed += count;
    }
    outcome
}

/// `scaleDownOldReplicaSetsForRollingUpdate` (§3.4 step 3, §8 E): removes
/// available replicas from old ReplicaSets, oldest first, while the total
/// number of available pods stays at or above `replicas − maxUnavailable`.
///
/// `old` is the list upstream receives (the active old ReplicaSets, specs as
/// left by the cleanup pass). `new` is the new ReplicaSet, whose available
/// pods count toward the total; `None` counts nothing, as when upstream is
/// handed only old ReplicaSets.
pub fn scale_down_old_replica_sets_for_rolling_update(
    p: &RolloutInput,
    old: &[ReplicaSetInput],
    new: Option<&ReplicaSetInput>,
) -> StepOutcome {
    let mut outcome = StepOutcome {
        specs: old.iter().map(ReplicaSetInput::spec).collect(),
        removed: 0,
        aborted: false,
    };
    let floor = availability_floor(p);
    let available = available_sum(old.iter().chain(new));
    if available <= floor {
        return outcome;
    }
    let budget = available - floor;
    for (index, rs) in old.iter().enumerate() {
        if outcome.removed >= budget {
            break;
        }
        let spec = rs.spec();
        if spec == 0 {
            continue;
        }
        let count = spec.min(budget - outcome.removed);
        outcome.specs[index] = spec - count;
        outcome.removed += count;
    }
    outcome
}

/// The result of `reconcile_old_replica_sets`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OldRsPlan {
    /// The spec of each old ReplicaSet after the pass, in input order.
    pub specs: Vec<i64>,
    /// Replicas removed because they were not available.
    pub cleaned_up: i64,
    /// Available replicas removed within the unavailability budget.
    pub scaled_down: i64,
    /// Upstream's return value: true when the pass counts as having scaled,
    /// which ends the reconcile with a status update. It is false whenever
    /// the pass aborted, even if some specs already changed.
    pub scaled: bool,
    /// True when a ReplicaSet's status reported more available pods than its
    /// spec and upstream stopped the pass early (see
    /// `cleanup_unhealthy_replicas`). The next reconcile retries.
    pub aborted: bool,
}

/// Step 3 of a rolling reconcile, `reconcileOldReplicaSets` (§3.4 step 3,
/// §8 E).
///
/// `old` holds every old ReplicaSet, oldest first, including ones already at
/// 0; `new` is the new ReplicaSet. The pass may remove at most
/// `Σspec(all) − minAvailable − (new.spec − new.available)` replicas: the
/// new ReplicaSet's unavailable pods are subtracted so that a crash-looping
/// new template cannot drain the old pods. Unhealthy old replicas go first,
/// then available ones while availability stays above the floor.
pub fn reconcile_old_replica_sets(
    p: &RolloutInput,
    old: &[ReplicaSetInput],
    new: &ReplicaSetInput,
) -> OldRsPlan {
    let mut plan = OldRsPlan {
        specs: old.iter().map(ReplicaSetInput::spec).collect(),
        ..OldRsPlan::default()
    };
    // Upstream works on the active old ReplicaSets only (spec > 0), which also
    // keeps a drained ReplicaSet's lagging available count out of the sums below.
    let active: Vec<usize> = (0..old.len()).filter(|&i| old[i].spec() > 0).collect();
    if active.is_empty() {
        return plan;
    }
    let all_pods = spec_sum(old.iter().chain(std::iter::once(new)));
    let new_unavailable = new.spec() - new.available();
    let max_scaled_down = all_pods
        .saturating_sub(availability_floor(p))
        .saturating_sub(new_unavailable);
    if max_scaled_down <= 0 {
        return plan;
    }

    let active_views: Vec<ReplicaSetInput> = active.iter().map(|&i| old[i]).collect();
    let cleanup = cleanup_unhealthy_replicas(&active_views, max_scaled_down);
    for (slot, &index) in active.iter().enumerate() {
        plan.specs[index] = cleanup.specs[slot];
    }
    plan.cleaned_up = cleanup.removed;
    if cleanup.aborted {
        plan.aborted = true;
        return plan;
    }

    // The cleanup pass changed specs but not statuses, so the scale-down pass
    // sees the reduced specs with the same available counts.
    let after_cleanup: Vec<ReplicaSetInput> = active
        .iter()
        .enumerate()
        .map(|(slot, &index)| ReplicaSetInput::new(cleanup.specs[slot], old[index].available))
        .collect();
    let scale_down = scale_down_old_replica_sets_for_rolling_update(p, &after_cleanup, Some(new));
    for (slot, &index) in active.iter().enumerate() {
        plan.specs[index] = scale_down.specs[slot];
    }
    plan.scaled_down = scale_down.removed;
    plan.aborted = scale_down.aborted;
    plan.scaled = !plan.aborted && plan.cleaned_up.saturating_add(plan.scaled_down) > 0;
    plan
}

/// What one rolling reconcile changes (§3.4 steps 2 and 3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RollingStep {
    /// The new ReplicaSet was rescaled to this size; the reconcile ends here.
    NewScaled(i64),
    /// The new ReplicaSet was left alone and the old ReplicaSets were
    /// reconciled. When `plan.scaled` is false the reconcile goes on to
    /// history cleanup (if the Deployment is complete) and status.
    OldReconciled(OldRsPlan),
}

/// One pass of `rolloutRolling` over an existing new ReplicaSet (§3.4 steps
/// 2 and 3). Creating the new ReplicaSet (step 1) is
/// `new_rs_new_replicas(p, all_with_new_at_0, 0)`.
///
/// The arithmetic is the RollingUpdate path; upstream never runs it for
/// Recreate.
pub fn rollout_rolling(
    p: &RolloutInput,
    old: &[ReplicaSetInput],
    new: &ReplicaSetInput,
) -> Result<RollingStep, String> {
    let all: Vec<ReplicaSetInput> = old.iter().copied().chain(std::iter::once(*new)).collect();
    match reconcile_new_replica_set(p, &all, new.spec)? {
        Some(size) => Ok(RollingStep::NewScaled(size)),
        None => Ok(RollingStep::OldReconciled(reconcile_old_replica_sets(
            p, old, new,
        ))),
    }
}

// ---------------------------------------------------------------------------
// Status (§3.4 step 4, §3.7, §8 G)
// ---------------------------------------------------------------------------

/// `DeploymentComplete` (§3.4 step 4, §8 G): every desired replica is updated
/// and available and no other pods remain. The observed generation is assumed
/// current.
pub fn deployment_complete(desired: i64, current: i64, updated: i64, available: i64) -> bool {
    updated == desired && current == desired && available == desired
}

/// `status.unavailableReplicas` (§3.7): `Σspec − available`, never negative.
pub fn unavailable_replicas(total_spec: i64, available: i64) -> i64 {
    total_spec.max(0).saturating_sub(available.max(0)).max(0)
}

/// Whether the `Available` condition is true (§3.7): at least
/// `replicas − maxUnavailable` pods are available. For Recreate that means
/// all of them, since Recreate has no unavailability budget.
pub fn has_minimum_availability(p: &RolloutInput, available: i64) -> bool {
    available.max(0) >= availability_floor(p)
}

#[cfg(test)]
mod tests {
    use super::super::fenceposts::tests::pct;
    use super::*;

    // §8 C: TestNewRSNewReplicas (allRSs = one other RS of 5, maxUnavailable 1).

    #[test]
    fn test_new_rs_new_replicas_can_not_scale_up() {
        let p = RolloutInput::rolling(1, 1, 1);
        assert_eq!(
            new_rs_new_replicas(&p, &[ReplicaSetInput::new(5, 0)], 5),
            Ok(5)
        );
    }

    #[test]
    fn test_new_rs_new_replicas_scale_up_to_dep_replicas() {
        let p = RolloutInput::rolling(6, 10, 1);
        assert_eq!(
            new_rs_new_replicas(&p, &[ReplicaSetInput::new(5, 0)], 2),
            Ok(6)
        );
    }

    #[test]
    fn test_new_rs_new_replicas_recreate_to_dep_replicas() {
        let p = RolloutInput::recreate(3);
        assert_eq!(
            new_rs_new_replicas(&p, &[ReplicaSetInput::new(5, 0)], 1),
            Ok(3)
        );
    }

    #[test]
    fn test_new_rs_new_replicas_nil_surge_is_error() {
        let p = RolloutInput {
            max_surge: None,
            ..RolloutInput::rolling(3, 1, 1)
        };
        assert_eq!(
            new_rs_new_replicas(&p, &[], 0),
            Err("nil value for IntOrString".to_string())
        );
    }

    // §8 D: TestDeploymentController_reconcileNewReplicaSet (maxUnavailable 0).

    fn reconcile_new(surge: i64, old: i64, new: i64) -> Option<i64> {
        let p = RolloutInput::rolling(10, surge, 0);
        let all = [ReplicaSetInput::new(new, 0), ReplicaSetInput::new(old, 0)];
        reconcile_new_replica_set(&p, &all, new).unwrap()
    }

    #[test]
    fn test_reconcile_new_replica_set_should_not_scale_up() {
        assert_eq!(reconcile_new(0, 10, 0), None);
    }

    #[test]
    fn test_reconcile_new_replica_set_should_scale_up_by_surge() {
        assert_eq!(reconcile_new(2, 10, 0), Some(2));
    }

    #[test]
    fn test_reconcile_new_replica_set_should_scale_up_to_fill_gap() {
        assert_eq!(reconcile_new(2, 5, 0), Some(7));
    }

    #[test]
    fn test_reconcile_new_replica_set_should_not_scale_up_at_surge_limit() {
        assert_eq!(reconcile_new(2, 10, 2), None);
    }

    #[test]
    fn test_reconcile_new_replica_set_should_scale_down() {
        assert_eq!(reconcile_new(2, 2, 11), Some(10));
    }

    // §8 E: TestDeploymentController_reconcileOldReplicaSets (maxSurge 0).

    fn reconcile_old(unavailable: i64, old: ReplicaSetInput, new: ReplicaSetInput) -> OldRsPlan {
        let p = RolloutInput::rolling(10, 0, unavailable);
        reconcile_old_replica_sets(&p, &[old], &new)
    }

    #[test]
    fn test_reconcile_old_replica_sets_fencepost_scales_down_one() {
        let plan = reconcile_old(0, ReplicaSetInput::new(10, 10), ReplicaSetInput::new(0, 0));
        assert!(plan.scaled);
        assert_eq!(plan.specs, vec![9]);
    }

    #[test]
    fn test_reconcile_old_replica_sets_scales_down_by_max_unavailable() {
        let plan = reconcile_old(2, ReplicaSetInput::new(10, 10), ReplicaSetInput::new(0, 0));
        assert!(plan.scaled);
        assert_eq!(plan.specs, vec![8]);
        assert_eq!((plan.cleaned_up, plan.scaled_down), (0, 2));
    }

    #[test]
    fn test_reconcile_old_replica_sets_cleans_up_unhealthy_replicas() {
        let plan = reconcile_old(2, ReplicaSetInput::new(10, 8), ReplicaSetInput::new(0, 0));
        assert!(plan.scaled);
        assert_eq!(plan.specs, vec![8]);
        assert_eq!((plan.cleaned_up, plan.scaled_down), (2, 0));
    }

    #[test]
    fn test_reconcile_old_replica_sets_cleans_up_one_unhealthy_and_scales_down_one_ready() {
        let plan = reconcile_old(2, ReplicaSetInput::new(10, 9), ReplicaSetInput::new(0, 0));
        assert!(plan.scaled);
        assert_eq!(plan.specs, vec![8]);
        assert_eq!((plan.cleaned_up, plan.scaled_down), (1, 1));
    }

    #[test]
    fn test_reconcile_old_replica_sets_new_rs_unavailable_pods_block_scale_down() {
        let plan = reconcile_old(2, ReplicaSetInput::new(8, 8), ReplicaSetInput::new(2, 0));
        assert!(!plan.scaled);
        assert_eq!(plan.specs, vec![8]);
    }

    // §8 E: TestDeploymentController_scaleDownOldReplicaSetsForRollingUpdate.

    fn scale_down(unavailable: i64, old: ReplicaSetInput) -> StepOutcome {
        let p = RolloutInput::rolling(10, 0, unavailable);
        scale_down_old_replica_sets_for_rolling_update(&p, &[old], None)
    }

    #[test]
    fn test_scale_down_old_replica_sets_for_rolling_update_fencepost() {
        let outcome = scale_down(0, ReplicaSetInput::new(10, 10));
        assert_eq!((outcome.specs, outcome.removed), (vec![9], 1));
    }

    #[test]
    fn test_scale_down_old_replica_sets_for_rolling_update_by_max_unavailable() {
        let outcome = scale_down(2, ReplicaSetInput::new(10, 10));
        assert_eq!((outcome.specs, outcome.removed), (vec![8], 2));
    }

    #[test]
    fn test_scale_down_old_replica_sets_for_rolling_update_at_min_available() {
        let outcome = scale_down(2, ReplicaSetInput::new(10, 8));
        assert_eq!((outcome.specs, outcome.removed), (vec![10], 0));
    }

    #[test]
    fn test_scale_down_old_replica_sets_for_rolling_update_zero_spec() {
        let outcome = scale_down(2, ReplicaSetInput::new(0, 10));
        assert_eq!((outcome.specs, outcome.removed), (vec![0], 0));
    }

    #[test]
    fn test_scale_down_old_replica_sets_for_rolling_update_below_min_available() {
        let outcome = scale_down(2, ReplicaSetInput::new(10, 1));
        assert_eq!((outcome.specs, outcome.removed), (vec![10], 0));
    }

    // §8 E: TestDeploymentController_cleanupUnhealthyReplicas (old spec 10).

    fn cleanup(ready: i64, max_cleanup: i64) -> i64 {
        cleanup_unhealthy_replicas(&[ReplicaSetInput::new(10, ready)], max_cleanup).removed
    }

    #[test]
    fn test_cleanup_unhealthy_replicas_limited_by_max_cleanup() {
        assert_eq!(cleanup(8, 1), 1);
    }

    #[test]
    fn test_cleanup_unhealthy_replicas_limited_by_unhealthy_count() {
        assert_eq!(cleanup(8, 3), 2);
    }

    #[test]
    fn test_cleanup_unhealthy_replicas_zero_max_cleanup() {
        assert_eq!(cleanup(8, 0), 0);
    }

    #[test]
    fn test_cleanup_unhealthy_replicas_all_healthy() {
        assert_eq!(cleanup(10, 3), 0);
    }

    #[test]
    fn test_cleanup_unhealthy_replicas_oldest_first() {
        let outcome = cleanup_unhealthy_replicas(
            &[ReplicaSetInput::new(3, 1), ReplicaSetInput::new(4, 2)],
            3,
        );
        assert_eq!(outcome.specs, vec![1, 3]);
        assert_eq!(outcome.removed, 3);
    }

    #[test]
    fn test_cleanup_aborts_when_status_lags_scale_down() {
        // The old ReplicaSet was just scaled to 3 but its status still shows 4
        // available: upstream's step would be negative, so the pass stops.
        let p = RolloutInput::rolling(4, 1, 1);
        let plan = reconcile_old_replica_sets(
            &p,
            &[ReplicaSetInput::new(1, 0), ReplicaSetInput::new(3, 4)],
            &ReplicaSetInput::new(1, 1),
        );
        assert!(plan.aborted);
        assert!(!plan.scaled);
        // The first ReplicaSet was cleaned before the stop, and that write stands.
        assert_eq!(plan.specs, vec![0, 3]);
        assert_eq!(plan.cleaned_up, 1);
    }

    #[test]
    fn test_reconcile_old_ignores_drained_replica_sets() {
        // A drained old ReplicaSet whose status still reports available pods
        // must not lend them to the availability count: only 2 + 2 available
        // pods count against the floor of 3, so exactly one old pod may go.
        let p = RolloutInput::rolling(4, 1, 1);
        let plan = reconcile_old_replica_sets(
            &p,
            &[ReplicaSetInput::new(0, 2), ReplicaSetInput::new(2, 2)],
            &ReplicaSetInput::new(2, 2),
        );
        assert!(plan.scaled);
        assert_eq!(plan.specs, vec![0, 1]);
        assert_eq!((plan.cleaned_up, plan.scaled_down), (0, 1));
    }

    // §8 G: TestDeploymentComplete.

    #[test]
    fn test_deployment_complete_not_complete_min_but_not_all_pods_become_available() {
        assert!(!deployment_complete(5, 5, 5, 4));
    }

    #[test]
    fn test_deployment_complete_not_complete_min_availability_is_not_honored() {
        assert!(!deployment_complete(5, 5, 5, 3));
    }

    #[test]
    fn test_deployment_complete_complete() {
        assert!(deployment_complete(5, 5, 5, 5));
    }

    #[test]
    fn test_deployment_complete_not_complete_all_pods_are_available_but_not_updated() {
        assert!(!deployment_complete(5, 5, 4, 5));
    }

    #[test]
    fn test_deployment_complete_not_complete_still_running_old_pods() {
        assert!(!deployment_complete(1, 2, 1, 1));
    }

    #[test]
    fn test_deployment_complete_not_complete_one_replica_deployment_never_comes_up() {
        assert!(!deployment_complete(1, 1, 1, 0));
    }

    #[test]
    fn test_status_helpers() {
        assert_eq!(unavailable_replicas(5, 3), 2);
        assert_eq!(unavailable_replicas(3, 5), 0);
        let p = RolloutInput::rolling(4, pct("25%"), pct("25%"));
        assert!(has_minimum_availability(&p, 3));
        assert!(!has_minimum_availability(&p, 2));
        assert!(!has_minimum_availability(&RolloutInput::recreate(4), 3));
    }

    // §3.4 worked trace: replicas 4, 25%/25%, old RS A fully available, image changed.

    /// Applies what the ReplicaSet controller does between syncs: a scale-down
    /// deletes pods (the available ones last), and the available count never
    /// exceeds the spec afterwards.
    fn settle(rs: &mut ReplicaSetInput) {
        rs.available = rs.available.min(rs.spec);
    }

    fn expect_new_scaled(p: &RolloutInput, a: &ReplicaSetInput, b: &ReplicaSetInput) -> i64 {
        match rollout_rolling(p, &[*a], b).unwrap() {
            RollingStep::NewScaled(size) => size,
            other => panic!("expected the new ReplicaSet to scale, got {other:?}"),
        }
    }

    fn expect_old_reconciled(
        p: &RolloutInput,
        a: &ReplicaSetInput,
        b: &ReplicaSetInput,
    ) -> OldRsPlan {
        match rollout_rolling(p, &[*a], b).unwrap() {
            RollingStep::OldReconciled(plan) => plan,
            other => panic!("expected an old-ReplicaSet pass, got {other:?}"),
        }
    }

    #[test]
    fn test_worked_trace_replicas_4_defaults() {
        let p = RolloutInput::rolling(4, pct("25%"), pct("25%"));
        assert_eq!(
            (max_surge(&p), max_unavailable(&p), min_available(&p)),
            (1, 1, 3)
        );
        let mut a = ReplicaSetInput::new(4, 4);

        // Step 1: the template changes, so B is created already scaled to
        // min(5 − 4, 4 − 0) = 1, and the same reconcile scales A down by 1.
        let b_size = new_rs_new_replicas(&p, &[a, ReplicaSetInput::new(0, 0)], 0).unwrap();
        assert_eq!(b_size, 1);
        let mut b = ReplicaSetInput::new(b_size, 0);
        let plan = expect_old_reconciled(&p, &a, &b);
        assert!(plan.scaled);
        assert_eq!((plan.cleaned_up, plan.scaled_down), (0, 1));
        a.spec = plan.specs[0];
        settle(&mut a);
        assert_eq!((a.spec, b.spec), (3, 1));

        // Step 2: the next sync grows B, since Σspec 4 < 5, and returns.
        b.spec = expect_new_scaled(&p, &a, &b);
        assert_eq!((a.spec, b.spec), (3, 2));

        // Step 3: no B pod is available yet: maxScaledDown = 5 − 3 − 2 = 0.
        let plan = expect_old_reconciled(&p, &a, &b);
        assert!(!plan.scaled);
        assert_eq!(plan.specs, vec![3]);

        // Step 4: one B pod becomes available, A goes to 2, then B grows to 3.
        b.available = 1;
        let plan = expect_old_reconciled(&p, &a, &b);
        assert!(plan.scaled);
        a.spec = plan.specs[0];
        settle(&mut a);
        assert_eq!((a.spec, b.spec), (2, 2));
        b.spec = expect_new_scaled(&p, &a, &b);
        assert_eq!((a.spec, b.spec), (2, 3));

        // Repeat: whenever the controller has nothing to do, one more B pod
        // becomes available, until A is drained and B is complete.
        let mut syncs = 0;
        loop {
            syncs += 1;
            assert!(syncs < 50, "the rollout must converge");
            match rollout_rolling(&p, &[a], &b).unwrap() {
                RollingStep::NewScaled(size) => b.spec = size,
                RollingStep::OldReconciled(plan) if plan.scaled => {
                    a.spec = plan.specs[0];
                    settle(&mut a);
                }
                RollingStep::OldReconciled(_) => {
                    if b.available < b.spec {
                        b.available += 1;
                    } else {
                        break;
                    }
                }
            }
            // The budgets hold at every step: at most 5 pods, at least 3 available.
            assert!(a.spec + b.spec <= 5);
            assert!(a.available + b.available >= 3);
        }
        assert_eq!((a.spec, b.spec), (0, 4));
        let total = a.spec + b.spec;
        assert!(deployment_complete(
            4,
            total,
            b.spec,
            a.available + b.available
        ));
    }
}
