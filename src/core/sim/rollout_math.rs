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

use std::cmp::Ordering;
use std::num::IntErrorKind;

// ---------------------------------------------------------------------------
// IntOrString scaling (§3.3, §8 F)
// ---------------------------------------------------------------------------

// The manifest model's `IntOrPercent` is the raw value as written: a bare integer, or a
// string that is only meaningful in the form `"<integer>%"`.
pub use crate::core::manifest::model::{IntOrPercent, StrategyKind};

impl From<i64> for IntOrPercent {
    fn from(value: i64) -> Self {
        IntOrPercent::Int(value)
    }
}

impl From<&str> for IntOrPercent {
    fn from(value: &str) -> Self {
        IntOrPercent::Str(value.to_string())
    }
}

/// Resolves an `IntOrString` against `total`, as apimachinery's
/// `GetScaledValueFromIntOrPercent` does (§3.3, §8 F).
///
/// An integer passes through unchanged. A string must end in `%` and the rest
/// must parse as a Go `strconv.Atoi` integer; the result is
/// `ceil(p × total / 100)` when `round_up` and `floor(p × total / 100)`
/// otherwise. Upstream computes this in `float64`; here it is computed exactly
/// in `i128` and saturated to `i64`, which gives the same answer for every
/// value a Deployment can hold.
///
/// The error text matches upstream, for example
/// `invalid value for IntOrString: invalid type: string is not a percentage`.
pub fn scaled_value_from_int_or_percent(
    value: &IntOrPercent,
    total: i64,
    round_up: bool,
) -> Result<i64, String> {
    match value {
        IntOrPercent::Int(count) => Ok(*count),
        IntOrPercent::Str(text) => {
            // Upstream checks for the suffix first, so "90" fails as "not a
            // percentage" rather than as a parse error.
            let Some(digits) = text.strip_suffix('%') else {
                return Err(
                    "invalid value for IntOrString: invalid type: string is not a percentage"
                        .to_string(),
                );
            };
            let percent = go_atoi(digits).map_err(|reason| {
                format!(
                    "invalid value for IntOrString: invalid value {}: {}",
                    go_quote(text),
                    reason
                )
            })?;
            let product = i128::from(percent) * i128::from(total);
            let scaled = if round_up {
                ceil_div(product, 100)
            } else {
                floor_div(product, 100)
            };
            Ok(saturate_to_i64(scaled))
        }
    }
}

/// Parses a decimal integer the way Go's `strconv.Atoi` does and reports
/// failures in its words, because those words end up in user-facing errors.
fn go_atoi(text: &str) -> Result<i64, String> {
    // Rust's integer parser accepts the same language as `Atoi` (optional sign,
    // ASCII digits, no spaces or underscores) and, like Go, reports an
    // overflow before a later bad character.
    text.parse::<i64>().map_err(|error| {
        let reason = match error.kind() {
            IntErrorKind::PosOverflow | IntErrorKind::NegOverflow => "value out of range",
            _ => "invalid syntax",
        };
        format!("strconv.Atoi: parsing {}: {}", go_quote(text), reason)
    })
}

/// Quotes a string the way Go's `%q` verb does for the characters a manifest
/// can realistically contain, so error messages read like upstream's.
pub(crate) fn go_quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for ch in text.chars() {
        match ch {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\u{07}' => quoted.push_str("\\a"),
            '\u{08}' => quoted.push_str("\\b"),
            '\u{0C}' => quoted.push_str("\\f"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            '\u{0B}' => quoted.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7F => {
                quoted.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_control() => quoted.push_str(&format!("\\u{:04x}", c as u32)),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// Floor division for a positive divisor; negative numerators round toward
/// negative infinity, as `math.Floor` does.
fn floor_div(numerator: i128, divisor: i128) -> i128 {
    numerator.div_euclid(divisor)
}

/// Ceiling division for a positive divisor; negative numerators round toward
/// zero, as `math.Ceil` does.
fn ceil_div(numerator: i128, divisor: i128) -> i128 {
    -((-numerator).div_euclid(divisor))
}

/// Clamps an `i128` into the `i64` range so callers never see a wrapped value.
fn saturate_to_i64(value: i128) -> i64 {
    i64::try_from(value).unwrap_or(if value < 0 { i64::MIN } else { i64::MAX })
}

// ---------------------------------------------------------------------------
// Fenceposts (§3.3, §8 A and B)
// ---------------------------------------------------------------------------

/// The parts of a Deployment spec the rollout arithmetic reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RolloutParams {
    /// `spec.strategy.type`.
    pub strategy: StrategyKind,
    /// `spec.replicas`.
    pub replicas: i64,
    /// `spec.strategy.rollingUpdate.maxSurge`; `None` is an absent (nil) value.
    pub max_surge: Option<IntOrPercent>,
    /// `spec.strategy.rollingUpdate.maxUnavailable`; `None` is an absent (nil) value.
    pub max_unavailable: Option<IntOrPercent>,
}

impl RolloutParams {
    /// A RollingUpdate Deployment with both budgets set.
    pub fn rolling(
        replicas: i64,
        max_surge: impl Into<IntOrPercent>,
        max_unavailable: impl Into<IntOrPercent>,
    ) -> Self {
        RolloutParams {
            strategy: StrategyKind::RollingUpdate,
            replicas,
            max_surge: Some(max_surge.into()),
            max_unavailable: Some(max_unavailable.into()),
        }
    }

    /// A Recreate Deployment, which has no rolling-update budgets.
    pub fn recreate(replicas: i64) -> Self {
        RolloutParams {
            strategy: StrategyKind::Recreate,
            replicas,
            max_surge: None,
            max_unavailable: None,
        }
    }

    /// The desired replica count, read as 0 when negative.
    fn desired(&self) -> i64 {
        self.replicas.max(0)
    }
}

/// Resolves `maxSurge` and `maxUnavailable` against `desired`, as
/// `ResolveFenceposts` does (§3.3, §8 A).
///
/// An absent value counts as 0. Surge rounds up and unavailability rounds
/// down. When both come out as 0, unavailability becomes 1: validation forbids
/// a literal 0/0, but percentages of a small Deployment can round to it, and a
/// budget of 0/0 could never make progress.
pub fn resolve_fenceposts(
    max_surge: Option<&IntOrPercent>,
    max_unavailable: Option<&IntOrPercent>,
    desired: i64,
) -> Result<(i64, i64), String> {
    let zero = IntOrPercent::Int(0);
    let surge = scaled_value_from_int_or_percent(max_surge.unwrap_or(&zero), desired, true)?;
    let unavailable =
        scaled_value_from_int_or_percent(max_unavailable.unwrap_or(&zero), desired, false)?;
    if surge == 0 && unavailable == 0 {
        return Ok((0, 1));
    }
    Ok((surge, unavailable))
}

/// The fenceposts of a Deployment as `MaxSurge` and `MaxUnavailable` see them.
///
/// Upstream ignores the resolution error here ("caught by validation") and so
/// uses 0 for both. Negative budgets are also invalid, so they are read as 0.
fn deployment_fenceposts(p: &RolloutParams) -> (i64, i64) {
    let (surge, unavailable) = resolve_fenceposts(
        p.max_surge.as_ref(),
        p.max_unavailable.as_ref(),
        p.desired(),
    )
    .unwrap_or((0, 0));
    (surge.max(0), unavailable.max(0))
}

/// How many pods above `spec.replicas` a rollout may run (§3.3 `MaxSurge`).
///
/// Recreate has no surge. The value is not capped by the replica count.
pub fn max_surge(p: &RolloutParams) -> i64 {
    match p.strategy {
        StrategyKind::Recreate => 0,
        StrategyKind::RollingUpdate => deployment_fenceposts(p).0,
    }
}

/// How many of the desired pods may be unavailable during a rollout (§3.3
/// `MaxUnavailable`, §8 B).
///
/// Recreate and a Deployment of 0 replicas allow none; otherwise the resolved
/// value is capped at the replica count.
pub fn max_unavailable(p: &RolloutParams) -> i64 {
    let desired = p.desired();
    if p.strategy == StrategyKind::Recreate || desired == 0 {
        return 0;
    }
    deployment_fenceposts(p).1.min(desired)
}

/// The minimum number of available pods a rolling update keeps (§3.3
/// `MinAvailable`).
///
/// Upstream returns 0 for Recreate, because Recreate makes no availability
/// promise; for RollingUpdate it is `replicas − max_unavailable`.
pub fn min_available(p: &RolloutParams) -> i64 {
    match p.strategy {
        StrategyKind::Recreate => 0,
        StrategyKind::RollingUpdate => p.desired() - max_unavailable(p),
    }
}

/// `replicas − MaxUnavailable`, which `rolling.go` and `calculateStatus`
/// compute inline regardless of strategy.
fn availability_floor(p: &RolloutParams) -> i64 {
    p.desired() - max_unavailable(p)
}

// ---------------------------------------------------------------------------
// Rolling update, one reconcile (§3.4, §8 C, D and E)
// ---------------------------------------------------------------------------

/// A ReplicaSet as the rolling-update arithmetic sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RsView {
    /// `spec.replicas`.
    pub spec: i64,
    /// `status.availableReplicas`, which may lag behind `spec`.
    pub available: i64,
}

impl RsView {
    /// A ReplicaSet with the given spec and available count.
    pub fn new(spec: i64, available: i64) -> Self {
        RsView { spec, available }
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
fn spec_sum<'a>(sets: impl IntoIterator<Item = &'a RsView>) -> i64 {
    sets.into_iter()
        .fold(0i64, |sum, rs| sum.saturating_add(rs.spec()))
}

/// Σ status.availableReplicas, as `GetAvailableReplicaCountForReplicaSets`
/// computes it.
fn available_sum<'a>(sets: impl IntoIterator<Item = &'a RsView>) -> i64 {
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
    p: &RolloutParams,
    all: &[RsView],
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
    p: &RolloutParams,
    all: &[RsView],
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
pub fn cleanup_unhealthy_replicas(old: &[RsView], max_cleanup: i64) -> StepOutcome {
    let mut outcome = StepOutcome {
        specs: old.iter().map(RsView::spec).collect(),
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
    p: &RolloutParams,
    old: &[RsView],
    new: Option<&RsView>,
) -> StepOutcome {
    let mut outcome = StepOutcome {
        specs: old.iter().map(RsView::spec).collect(),
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
pub fn reconcile_old_replica_sets(p: &RolloutParams, old: &[RsView], new: &RsView) -> OldRsPlan {
    let mut plan = OldRsPlan {
        specs: old.iter().map(RsView::spec).collect(),
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

    let active_views: Vec<RsView> = active.iter().map(|&i| old[i]).collect();
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
    let after_cleanup: Vec<RsView> = active
        .iter()
        .enumerate()
        .map(|(slot, &index)| RsView::new(cleanup.specs[slot], old[index].available))
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
    p: &RolloutParams,
    old: &[RsView],
    new: &RsView,
) -> Result<RollingStep, String> {
    let all: Vec<RsView> = old.iter().copied().chain(std::iter::once(*new)).collect();
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
pub fn has_minimum_availability(p: &RolloutParams, available: i64) -> bool {
    available.max(0) >= availability_floor(p)
}

// ---------------------------------------------------------------------------
// Proportional scaling (§3.5)
// ---------------------------------------------------------------------------

/// A ReplicaSet as the scaling-event arithmetic sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScaleRsView {
    /// `spec.replicas`.
    pub spec: i64,
    /// `status.availableReplicas`.
    pub available: i64,
    /// The `deployment.kubernetes.io/desired-replicas` annotation, `None` if
    /// absent or unparsable (see `parse_replicas_annotation`).
    pub desired_annotation: Option<i64>,
    /// The `deployment.kubernetes.io/max-replicas` annotation, `None` if
    /// absent or unparsable.
    pub max_replicas_annotation: Option<i64>,
}

/// Parses a replicas annotation as upstream does for `max-replicas`: a plain
/// unsigned decimal (no sign, no spaces) no larger than `i32::MAX`.
pub fn parse_replicas_annotation(value: &str) -> Option<i64> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let parsed = value.parse::<u64>().ok()?;
    if parsed > i32::MAX as u64 {
        return None;
    }
    i64::try_from(parsed).ok()
}

/// The `scale` step of `sync` (§3.5), run on a scaling event or while paused.
///
/// `sets` holds every ReplicaSet of the Deployment in creation order, oldest
/// first; `new_index` points at the new ReplicaSet if one exists.
/// `status_replicas` is the Deployment's `status.replicas`, used only when a
/// ReplicaSet lacks a usable `max-replicas` annotation. Returns the spec of
/// every ReplicaSet afterwards, in input order.
///
/// The cases, in upstream's order:
/// 1. With at most one active ReplicaSet, that one (or, if none is active,
///    the new one, else the newest) is set to `replicas`.
/// 2. If the new ReplicaSet is saturated (spec, desired annotation and
///    available all equal `replicas`), every old ReplicaSet goes to 0.
/// 3. For RollingUpdate, `replicas + maxSurge − Σspec` replicas are spread
///    over the active ReplicaSets in proportion to their size, largest first,
///    and the rounding leftover goes to the first one. Recreate changes
///    nothing here.
pub fn proportional_scale(
    p: &RolloutParams,
    status_replicas: i64,
    sets: &[ScaleRsView],
    new_index: Option<usize>,
) -> Vec<i64> {
    let mut specs: Vec<i64> = sets.iter().map(|rs| rs.spec.max(0)).collect();
    if sets.is_empty() {
        return specs;
    }
    let desired = p.desired();
    let new_index = new_index.filter(|&i| i < sets.len());
    let active: Vec<usize> = (0..sets.len()).filter(|&i| specs[i] > 0).collect();

    // §3.5 first case, `FindActiveOrLatest`: a single active ReplicaSet takes
    // the whole count; with none active the new one (else the newest old one)
    // is brought up from zero.
    let only_target = match active.len() {
        0 => new_index.or_else(|| (0..sets.len()).rev().find(|&i| Some(i) != new_index)),
        1 => Some(active[0]),
        _ => None,
    };
    if let Some(index) = only_target {
        specs[index] = desired;
        return specs;
    }

    // §3.5 second case, `IsSaturated`: the new ReplicaSet already runs the
    // whole Deployment, so the old ones are leftovers from an adoption.
    if let Some(new) = new_index {
        let rs = &sets[new];
        let saturated = specs[new] == desired
            && rs.desired_annotation == Some(desired)
            && rs.available.max(0) == desired;
        if saturated {
            for &index in &active {
                if index != new {
                    specs[index] = 0;
                }
            }
            return specs;
        }
    }

    if p.strategy != StrategyKind::RollingUpdate {
        return specs;
    }

    // §3.5 third case: the proportional spread.
    let surge = max_surge(p);
    let allowed = if desired > 0 {
        desired.saturating_add(surge)
    } else {
        0
    };
    let current: i64 = active
        .iter()
        .fold(0i64, |sum, &i| sum.saturating_add(specs[i]));
    let to_add = allowed.saturating_sub(current);
    if to_add == 0 {
        return specs;
    }

    // Larger ReplicaSets go first. Among equal sizes the newer goes first
    // when growing and the older first when shrinking, so growth favours the
    // new template and shrinkage removes the oldest pods.
    let mut order = active;
    order.sort_by(|&a, &b| {
        specs[b]
            .cmp(&specs[a])
            .then_with(|| if to_add > 0 { b.cmp(&a) } else { a.cmp(&b) })
    });

    let deployment_max = desired.saturating_add(surge);
    let mut added = 0i64;
    let mut sizes = specs.clone();
    for &index in &order {
        let proportion = replica_set_proportion(
            specs[index],
            sets[index].max_replicas_annotation,
            desired,
            deployment_max,
            status_replicas,
            to_add,
            added,
        );
        sizes[index] = specs[index].saturating_add(proportion);
        added = added.saturating_add(proportion);
    }
    // Rounding can leave a remainder; the first (largest) ReplicaSet absorbs
    // it, but never below zero.
    let first = order[0];
    sizes[first] = sizes[first]
        .saturating_add(to_add.saturating_sub(added))
        .max(0);
    sizes
}

/// `GetReplicaSetProportion` (§3.5): this ReplicaSet's share of `to_add`,
/// bounded so the running total never overshoots it.
fn replica_set_proportion(
    spec: i64,
    max_replicas_annotation: Option<i64>,
    desired: i64,
    deployment_max: i64,
    status_replicas: i64,
    to_add: i64,
    added: i64,
) -> i64 {
    if spec == 0 || to_add == 0 || to_add == added {
        return 0;
    }
    let fraction = replica_set_fraction(
        spec,
        max_replicas_annotation,
        desired,
        deployment_max,
        status_replicas,
    );
    let allowed = to_add.saturating_sub(added);
    if to_add > 0 {
        fraction.min(allowed)
    } else {
        fraction.max(allowed)
    }
}

/// `getReplicaSetFraction` (§3.5): how far this ReplicaSet moves if it keeps
/// its share of the Deployment, `round(spec × newMax / oldMax) − spec`.
///
/// `oldMax` comes from the ReplicaSet's `max-replicas` annotation, which holds
/// `replicas + maxSurge` as of the last time the controller scaled it. When
/// the annotation is missing or 0 the Deployment's `status.replicas` stands
/// in, and if that is 0 too no proportion can be computed. Scaling to zero
/// removes the whole ReplicaSet.
fn replica_set_fraction(
    spec: i64,
    max_replicas_annotation: Option<i64>,
    desired: i64,
    deployment_max: i64,
    status_replicas: i64,
) -> i64 {
    if desired == 0 {
        return -spec;
    }
    let before = match max_replicas_annotation {
        Some(value) if value > 0 => value,
        _ => {
            if status_replicas <= 0 {
                return 0;
            }
            status_replicas
        }
    };
    let scaled = round_half_away_from_zero(
        i128::from(spec) * i128::from(deployment_max),
        i128::from(before),
    );
    saturate_to_i64(scaled).saturating_sub(spec)
}

/// Rounds `numerator / denominator` to the nearest integer with halves away
/// from zero, as Go's `math.Round` does; `denominator` must be positive.
fn round_half_away_from_zero(numerator: i128, denominator: i128) -> i128 {
    let magnitude = (2 * numerator.abs() + denominator) / (2 * denominator);
    if numerator < 0 { -magnitude } else { magnitude }
}

// ---------------------------------------------------------------------------
// Pod deletion ranking (§3.6)
// ---------------------------------------------------------------------------

/// A pod as the ReplicaSet controller's deletion ranking sees it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PodRankView {
    /// True when `spec.nodeName` is set.
    pub scheduled: bool,
    /// Pending 0 < Unknown 1 < Running 2. Upstream ranks any other phase like
    /// Pending, which never matters because only active pods are ranked.
    pub phase_rank: u8,
    /// The pod's Ready condition is true.
    pub ready: bool,
    /// The `controller.kubernetes.io/pod-deletion-cost` annotation; 0 when
    /// absent or invalid, as upstream reads it.
    pub deletion_cost: i64,
    /// Active pods on this pod's node that belong to any ReplicaSet of the same
    /// Deployment, this pod included (upstream's "rank", counted over
    /// `getIndirectlyRelatedPods`); unscheduled pods share the empty node.
    pub colocated: i64,
    /// When the Ready condition last turned true, in seconds; `None` when the
    /// pod is ready but the time is unknown (upstream's zero time).
    pub ready_since: Option<u64>,
    /// The highest restart count among the pod's containers.
    pub restarts: i64,
    /// `metadata.creationTimestamp`, in seconds.
    pub created_at: u64,
    /// `metadata.uid`, the final tie-breaker between pods of the same age bucket.
    pub uid: String,
}

/// `ActivePodsWithRanks.Less` (§3.6): true when `a` should be deleted before
/// `b`. `now` is the current time in seconds.
///
/// The ladder, first difference wins: unscheduled first; Pending, then
/// Unknown, then Running; not ready first; lower deletion cost first; more
/// co-located pods first; if both are ready, more recently ready first;
/// more restarts first; newer first. Both time comparisons use upstream's
/// logarithmic buckets (`LogarithmicScaleDown`): ages in the same power-of-two
/// bucket of nanoseconds tie, and the pod UID breaks the tie.
pub fn delete_before(a: &PodRankView, b: &PodRankView, now: u64) -> bool {
    if a.scheduled != b.scheduled {
        return !a.scheduled;
    }
    if a.phase_rank != b.phase_rank {
        return a.phase_rank < b.phase_rank;
    }
    if a.ready != b.ready {
        return !a.ready;
    }
    if a.deletion_cost != b.deletion_cost {
        return a.deletion_cost < b.deletion_cost;
    }
    if a.colocated != b.colocated {
        return a.colocated > b.colocated;
    }
    if a.ready && b.ready && a.ready_since != b.ready_since {
        return match (a.ready_since, b.ready_since) {
            (Some(ta), Some(tb)) => newer_by_log_bucket(ta, tb, now, &a.uid, &b.uid),
            // An unknown ready time ranks as the most recent one.
            (ta, _) => ta.is_none(),
        };
    }
    if a.restarts != b.restarts {
        return a.restarts > b.restarts;
    }
    if a.created_at != b.created_at {
        return newer_by_log_bucket(a.created_at, b.created_at, now, &a.uid, &b.uid);
    }
    false
}

/// Compares two timestamps by the base-2 logarithm of their age in
/// nanoseconds (upstream `logarithmicRankDiff`); a younger bucket ranks
/// first and equal buckets fall back to the UID.
fn newer_by_log_bucket(ta: u64, tb: u64, now: u64, uid_a: &str, uid_b: &str) -> bool {
    match log_age_bucket(ta, now).cmp(&log_age_bucket(tb, now)) {
        Ordering::Less => true,
        Ordering::Greater => false,
        Ordering::Equal => uid_a < uid_b,
    }
}

/// `floor(log2(age in ns))`, or −1 for a timestamp that is not in the past.
/// The age saturates like Go's `time.Duration`.
fn log_age_bucket(timestamp: u64, now: u64) -> i64 {
    let age_seconds = i128::from(now) - i128::from(timestamp);
    if age_seconds <= 0 {
        return -1;
    }
    let age_nanos = (age_seconds * 1_000_000_000).min(i128::from(i64::MAX));
    // The value is positive and below 2^63, so the bit length fits easily.
    127 - i64::from(age_nanos.leading_zeros())
}

/// The order in which the ReplicaSet controller would delete `pods`, as
/// indices into the slice, first victim first (§3.6).
///
/// Upstream sorts with an unstable sort; this uses a stable insertion sort
/// driven by `delete_before`, so pods that tie keep their input order and
/// the result is deterministic.
pub fn deletion_order(pods: &[PodRankView], now: u64) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::with_capacity(pods.len());
    for candidate in 0..pods.len() {
        let mut position = order.len();
        while position > 0 && delete_before(&pods[candidate], &pods[order[position - 1]], now) {
            position -= 1;
        }
        order.insert(position, candidate);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pct(s: &str) -> IntOrPercent {
        IntOrPercent::from(s)
    }

    fn fenceposts(surge: &str, unavailable: &str, desired: i64) -> Result<(i64, i64), String> {
        resolve_fenceposts(Some(&pct(surge)), Some(&pct(unavailable)), desired)
    }

    // §8 A: TestResolveFenceposts.

    #[test]
    fn test_resolve_fenceposts_0_percent_with_0_desired() {
        assert_eq!(fenceposts("0%", "0%", 0), Ok((0, 1)));
    }

    #[test]
    fn test_resolve_fenceposts_39_percent() {
        assert_eq!(fenceposts("39%", "39%", 10), Ok((4, 3)));
    }

    #[test]
    fn test_resolve_fenceposts_oops_surge_is_error() {
        let err = fenceposts("oops", "39%", 10).unwrap_err();
        assert_eq!(
            err,
            "invalid value for IntOrString: invalid type: string is not a percentage"
        );
    }

    #[test]
    fn test_resolve_fenceposts_urg_unavailable_is_error() {
        assert!(fenceposts("55%", "urg", 10).is_err());
    }

    #[test]
    fn test_resolve_fenceposts_25_percent_derived() {
        let expected = [
            (1, 1, 0),
            (2, 1, 0),
            (3, 1, 0),
            (4, 1, 1),
            (5, 2, 1),
            (10, 3, 2),
        ];
        for (desired, surge, unavailable) in expected {
            assert_eq!(
                fenceposts("25%", "25%", desired),
                Ok((surge, unavailable)),
                "desired {desired}"
            );
        }
    }

    #[test]
    fn test_resolve_fenceposts_0_surge_1_percent_unavailable_derived() {
        assert_eq!(fenceposts("0%", "1%", 10), Ok((0, 1)));
    }

    #[test]
    fn test_resolve_fenceposts_nil_surge_counts_as_0() {
        assert_eq!(resolve_fenceposts(None, Some(&pct("39%")), 10), Ok((0, 3)));
    }

    #[test]
    fn test_resolve_fenceposts_nil_unavailable_counts_as_0() {
        assert_eq!(resolve_fenceposts(Some(&pct("39%")), None, 10), Ok((4, 0)));
    }

    #[test]
    fn test_resolve_fenceposts_nil_both_uses_fencepost() {
        assert_eq!(resolve_fenceposts(None, None, 10), Ok((0, 1)));
    }

    // §8 B: TestMaxUnavailable (maxSurge int 1).

    fn max_unavailable_of(replicas: i64, unavailable: IntOrPercent) -> i64 {
        max_unavailable(&RolloutParams::rolling(replicas, 1, unavailable))
    }

    #[test]
    fn test_max_unavailable_less_than_replicas() {
        assert_eq!(max_unavailable_of(10, 5.into()), 5);
    }

    #[test]
    fn test_max_unavailable_equal_replicas() {
        assert_eq!(max_unavailable_of(10, 10.into()), 10);
    }

    #[test]
    fn test_max_unavailable_greater_than_replicas() {
        assert_eq!(max_unavailable_of(5, 10.into()), 5);
    }

    #[test]
    fn test_max_unavailable_with_replicas_is_0() {
        assert_eq!(max_unavailable_of(0, 10.into()), 0);
    }

    #[test]
    fn test_max_unavailable_with_recreate_deployment_strategy() {
        assert_eq!(max_unavailable(&RolloutParams::recreate(10)), 0);
    }

    #[test]
    fn test_max_unavailable_less_than_replicas_with_percents() {
        assert_eq!(max_unavailable_of(10, pct("50%")), 5);
    }

    #[test]
    fn test_max_unavailable_equal_replicas_with_percents() {
        assert_eq!(max_unavailable_of(10, pct("100%")), 10);
    }

    #[test]
    fn test_max_unavailable_greater_than_replicas_with_percents() {
        assert_eq!(max_unavailable_of(5, pct("100%")), 5);
    }

    #[test]
    fn test_max_surge_and_min_available() {
        let p = RolloutParams::rolling(4, pct("25%"), pct("25%"));
        assert_eq!(
            (max_surge(&p), max_unavailable(&p), min_available(&p)),
            (1, 1, 3)
        );
        let recreate = RolloutParams::recreate(4);
        assert_eq!((max_surge(&recreate), min_available(&recreate)), (0, 0));
        // Surge is not capped by the replica count.
        assert_eq!(max_surge(&RolloutParams::rolling(2, 5, 0)), 5);
        // An unresolvable value leaves both budgets at 0, as upstream ignores the error.
        let broken = RolloutParams::rolling(10, pct("oops"), pct("25%"));
        assert_eq!((max_surge(&broken), max_unavailable(&broken)), (0, 0));
    }

    // §8 C: TestNewRSNewReplicas (allRSs = one other RS of 5, maxUnavailable 1).

    #[test]
    fn test_new_rs_new_replicas_can_not_scale_up() {
        let p = RolloutParams::rolling(1, 1, 1);
        assert_eq!(new_rs_new_replicas(&p, &[RsView::new(5, 0)], 5), Ok(5));
    }

    #[test]
    fn test_new_rs_new_replicas_scale_up_to_dep_replicas() {
        let p = RolloutParams::rolling(6, 10, 1);
        assert_eq!(new_rs_new_replicas(&p, &[RsView::new(5, 0)], 2), Ok(6));
    }

    #[test]
    fn test_new_rs_new_replicas_recreate_to_dep_replicas() {
        let p = RolloutParams::recreate(3);
        assert_eq!(new_rs_new_replicas(&p, &[RsView::new(5, 0)], 1), Ok(3));
    }

    #[test]
    fn test_new_rs_new_replicas_nil_surge_is_error() {
        let p = RolloutParams {
            max_surge: None,
            ..RolloutParams::rolling(3, 1, 1)
        };
        assert_eq!(
            new_rs_new_replicas(&p, &[], 0),
            Err("nil value for IntOrString".to_string())
        );
    }

    // §8 D: TestDeploymentController_reconcileNewReplicaSet (maxUnavailable 0).

    fn reconcile_new(surge: i64, old: i64, new: i64) -> Option<i64> {
        let p = RolloutParams::rolling(10, surge, 0);
        let all = [RsView::new(new, 0), RsView::new(old, 0)];
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

    fn reconcile_old(unavailable: i64, old: RsView, new: RsView) -> OldRsPlan {
        let p = RolloutParams::rolling(10, 0, unavailable);
        reconcile_old_replica_sets(&p, &[old], &new)
    }

    #[test]
    fn test_reconcile_old_replica_sets_fencepost_scales_down_one() {
        let plan = reconcile_old(0, RsView::new(10, 10), RsView::new(0, 0));
        assert!(plan.scaled);
        assert_eq!(plan.specs, vec![9]);
    }

    #[test]
    fn test_reconcile_old_replica_sets_scales_down_by_max_unavailable() {
        let plan = reconcile_old(2, RsView::new(10, 10), RsView::new(0, 0));
        assert!(plan.scaled);
        assert_eq!(plan.specs, vec![8]);
        assert_eq!((plan.cleaned_up, plan.scaled_down), (0, 2));
    }

    #[test]
    fn test_reconcile_old_replica_sets_cleans_up_unhealthy_replicas() {
        let plan = reconcile_old(2, RsView::new(10, 8), RsView::new(0, 0));
        assert!(plan.scaled);
        assert_eq!(plan.specs, vec![8]);
        assert_eq!((plan.cleaned_up, plan.scaled_down), (2, 0));
    }

    #[test]
    fn test_reconcile_old_replica_sets_cleans_up_one_unhealthy_and_scales_down_one_ready() {
        let plan = reconcile_old(2, RsView::new(10, 9), RsView::new(0, 0));
        assert!(plan.scaled);
        assert_eq!(plan.specs, vec![8]);
        assert_eq!((plan.cleaned_up, plan.scaled_down), (1, 1));
    }

    #[test]
    fn test_reconcile_old_replica_sets_new_rs_unavailable_pods_block_scale_down() {
        let plan = reconcile_old(2, RsView::new(8, 8), RsView::new(2, 0));
        assert!(!plan.scaled);
        assert_eq!(plan.specs, vec![8]);
    }

    // §8 E: TestDeploymentController_scaleDownOldReplicaSetsForRollingUpdate.

    fn scale_down(unavailable: i64, old: RsView) -> StepOutcome {
        let p = RolloutParams::rolling(10, 0, unavailable);
        scale_down_old_replica_sets_for_rolling_update(&p, &[old], None)
    }

    #[test]
    fn test_scale_down_old_replica_sets_for_rolling_update_fencepost() {
        let outcome = scale_down(0, RsView::new(10, 10));
        assert_eq!((outcome.specs, outcome.removed), (vec![9], 1));
    }

    #[test]
    fn test_scale_down_old_replica_sets_for_rolling_update_by_max_unavailable() {
        let outcome = scale_down(2, RsView::new(10, 10));
        assert_eq!((outcome.specs, outcome.removed), (vec![8], 2));
    }

    #[test]
    fn test_scale_down_old_replica_sets_for_rolling_update_at_min_available() {
        let outcome = scale_down(2, RsView::new(10, 8));
        assert_eq!((outcome.specs, outcome.removed), (vec![10], 0));
    }

    #[test]
    fn test_scale_down_old_replica_sets_for_rolling_update_zero_spec() {
        let outcome = scale_down(2, RsView::new(0, 10));
        assert_eq!((outcome.specs, outcome.removed), (vec![0], 0));
    }

    #[test]
    fn test_scale_down_old_replica_sets_for_rolling_update_below_min_available() {
        let outcome = scale_down(2, RsView::new(10, 1));
        assert_eq!((outcome.specs, outcome.removed), (vec![10], 0));
    }

    // §8 E: TestDeploymentController_cleanupUnhealthyReplicas (old spec 10).

    fn cleanup(ready: i64, max_cleanup: i64) -> i64 {
        cleanup_unhealthy_replicas(&[RsView::new(10, ready)], max_cleanup).removed
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
        let outcome = cleanup_unhealthy_replicas(&[RsView::new(3, 1), RsView::new(4, 2)], 3);
        assert_eq!(outcome.specs, vec![1, 3]);
        assert_eq!(outcome.removed, 3);
    }

    #[test]
    fn test_cleanup_aborts_when_status_lags_scale_down() {
        // The old ReplicaSet was just scaled to 3 but its status still shows 4
        // available: upstream's step would be negative, so the pass stops.
        let p = RolloutParams::rolling(4, 1, 1);
        let plan = reconcile_old_replica_sets(
            &p,
            &[RsView::new(1, 0), RsView::new(3, 4)],
            &RsView::new(1, 1),
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
        let p = RolloutParams::rolling(4, 1, 1);
        let plan = reconcile_old_replica_sets(
            &p,
            &[RsView::new(0, 2), RsView::new(2, 2)],
            &RsView::new(2, 2),
        );
        assert!(plan.scaled);
        assert_eq!(plan.specs, vec![0, 1]);
        assert_eq!((plan.cleaned_up, plan.scaled_down), (0, 1));
    }

    // §8 F: TestGetIntFromIntOrPercent.

    #[test]
    fn test_get_int_from_int_or_percent_int() {
        assert_eq!(
            scaled_value_from_int_or_percent(&123.into(), 0, false),
            Ok(123)
        );
    }

    #[test]
    fn test_get_int_from_int_or_percent_90_of_100_round_up() {
        assert_eq!(
            scaled_value_from_int_or_percent(&pct("90%"), 100, true),
            Ok(90)
        );
    }

    #[test]
    fn test_get_int_from_int_or_percent_90_of_95_round_up() {
        assert_eq!(
            scaled_value_from_int_or_percent(&pct("90%"), 95, true),
            Ok(86)
        );
    }

    #[test]
    fn test_get_int_from_int_or_percent_90_of_95_round_down() {
        assert_eq!(
            scaled_value_from_int_or_percent(&pct("90%"), 95, false),
            Ok(85)
        );
    }

    #[test]
    fn test_get_int_from_int_or_percent_bare_percent_sign_is_error() {
        assert_eq!(
            scaled_value_from_int_or_percent(&pct("%"), 0, false),
            Err(
                "invalid value for IntOrString: invalid value \"%\": strconv.Atoi: parsing \"\": invalid syntax"
                    .to_string()
            )
        );
    }

    #[test]
    fn test_get_int_from_int_or_percent_hash_suffix_is_error() {
        assert_eq!(
            scaled_value_from_int_or_percent(&pct("90#"), 0, false),
            Err(
                "invalid value for IntOrString: invalid type: string is not a percentage"
                    .to_string()
            )
        );
    }

    #[test]
    fn test_get_int_from_int_or_percent_hash_percent_is_error() {
        assert_eq!(
            scaled_value_from_int_or_percent(&pct("#%"), 0, false),
            Err(
                "invalid value for IntOrString: invalid value \"#%\": strconv.Atoi: parsing \"#\": invalid syntax"
                    .to_string()
            )
        );
    }

    #[test]
    fn test_get_int_from_int_or_percent_bare_number_string_is_error() {
        assert_eq!(
            scaled_value_from_int_or_percent(&pct("90"), 0, false),
            Err(
                "invalid value for IntOrString: invalid type: string is not a percentage"
                    .to_string()
            )
        );
    }

    #[test]
    fn test_get_int_from_int_or_percent_out_of_range() {
        assert_eq!(
            scaled_value_from_int_or_percent(&pct("99999999999999999999%"), 1, true),
            Err(
                "invalid value for IntOrString: invalid value \"99999999999999999999%\": \
                 strconv.Atoi: parsing \"99999999999999999999\": value out of range"
                    .to_string()
            )
        );
    }

    #[test]
    fn test_get_int_from_int_or_percent_negative_rounding() {
        // Go rounds with math.Ceil/math.Floor, so negatives round toward +∞/−∞.
        assert_eq!(
            scaled_value_from_int_or_percent(&pct("-10%"), 5, true),
            Ok(0)
        );
        assert_eq!(
            scaled_value_from_int_or_percent(&pct("-10%"), 5, false),
            Ok(-1)
        );
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
        let p = RolloutParams::rolling(4, pct("25%"), pct("25%"));
        assert!(has_minimum_availability(&p, 3));
        assert!(!has_minimum_availability(&p, 2));
        assert!(!has_minimum_availability(&RolloutParams::recreate(4), 3));
    }

    // §3.4 worked trace: replicas 4, 25%/25%, old RS A fully available, image changed.

    /// Applies what the ReplicaSet controller does between syncs: a scale-down
    /// deletes pods (the available ones last), and the available count never
    /// exceeds the spec afterwards.
    fn settle(rs: &mut RsView) {
        rs.available = rs.available.min(rs.spec);
    }

    fn expect_new_scaled(p: &RolloutParams, a: &RsView, b: &RsView) -> i64 {
        match rollout_rolling(p, &[*a], b).unwrap() {
            RollingStep::NewScaled(size) => size,
            other => panic!("expected the new ReplicaSet to scale, got {other:?}"),
        }
    }

    fn expect_old_reconciled(p: &RolloutParams, a: &RsView, b: &RsView) -> OldRsPlan {
        match rollout_rolling(p, &[*a], b).unwrap() {
            RollingStep::OldReconciled(plan) => plan,
            other => panic!("expected an old-ReplicaSet pass, got {other:?}"),
        }
    }

    #[test]
    fn test_worked_trace_replicas_4_defaults() {
        let p = RolloutParams::rolling(4, pct("25%"), pct("25%"));
        assert_eq!(
            (max_surge(&p), max_unavailable(&p), min_available(&p)),
            (1, 1, 3)
        );
        let mut a = RsView::new(4, 4);

        // Step 1: the template changes, so B is created already scaled to
        // min(5 − 4, 4 − 0) = 1, and the same reconcile scales A down by 1.
        let b_size = new_rs_new_replicas(&p, &[a, RsView::new(0, 0)], 0).unwrap();
        assert_eq!(b_size, 1);
        let mut b = RsView::new(b_size, 0);
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

    // §3.5: TestScale cases (maxSurge 0 and maxUnavailable 0 unless stated;
    // every ReplicaSet carries the old Deployment's annotations).

    fn scale_case(
        p: &RolloutParams,
        old_replicas: i64,
        old_surge: i64,
        specs: &[i64],
        new_index: Option<usize>,
    ) -> Vec<i64> {
        let sets: Vec<ScaleRsView> = specs
            .iter()
            .map(|&spec| ScaleRsView {
                spec,
                available: spec,
                desired_annotation: Some(old_replicas),
                max_replicas_annotation: Some(old_replicas + old_surge),
            })
            .collect();
        proportional_scale(p, specs.iter().sum(), &sets, new_index)
    }

    #[test]
    fn test_scale_normal_scaling_event_10_to_12() {
        let p = RolloutParams::rolling(12, 0, 0);
        assert_eq!(scale_case(&p, 10, 0, &[10], Some(0)), vec![12]);
    }

    #[test]
    fn test_scale_proportional_scaling_5_to_10() {
        let p = RolloutParams::rolling(10, 0, 0);
        assert_eq!(scale_case(&p, 5, 0, &[3, 2], Some(1)), vec![6, 4]);
    }

    #[test]
    fn test_scale_proportional_scaling_5_to_3() {
        let p = RolloutParams::rolling(3, 0, 0);
        assert_eq!(scale_case(&p, 5, 0, &[3, 2], Some(1)), vec![2, 1]);
    }

    #[test]
    fn test_scale_proportional_scaling_9_to_4() {
        let p = RolloutParams::rolling(4, 0, 0);
        assert_eq!(scale_case(&p, 9, 0, &[1, 8], Some(1)), vec![0, 4]);
    }

    #[test]
    fn test_scale_proportional_scaling_7_to_10() {
        let p = RolloutParams::rolling(10, 0, 0);
        assert_eq!(scale_case(&p, 7, 0, &[2, 3, 2], Some(2)), vec![3, 4, 3]);
    }

    #[test]
    fn test_scale_proportional_scaling_13_to_8() {
        let p = RolloutParams::rolling(8, 0, 0);
        assert_eq!(scale_case(&p, 13, 0, &[3, 8, 2], Some(2)), vec![2, 5, 1]);
    }

    #[test]
    fn test_scale_leftover_distribution_3_to_4() {
        let p = RolloutParams::rolling(4, 0, 0);
        assert_eq!(scale_case(&p, 3, 0, &[1, 1, 1], Some(2)), vec![1, 1, 2]);
    }

    #[test]
    fn test_scale_leftover_distribution_3_to_2() {
        let p = RolloutParams::rolling(2, 0, 0);
        assert_eq!(scale_case(&p, 3, 0, &[1, 1, 1], Some(2)), vec![0, 1, 1]);
    }

    #[test]
    fn test_scale_proportional_scaling_no_new_rs_4_to_5() {
        let p = RolloutParams::rolling(5, 0, 0);
        assert_eq!(scale_case(&p, 4, 0, &[2, 2], None), vec![2, 3]);
    }

    #[test]
    fn test_scale_proportional_scaling_6_to_0() {
        let p = RolloutParams::rolling(0, 0, 0);
        assert_eq!(scale_case(&p, 6, 0, &[1, 2, 3], Some(2)), vec![0, 0, 0]);
    }

    #[test]
    fn test_scale_proportional_scaling_0_to_6() {
        let p = RolloutParams::rolling(6, 0, 0);
        assert_eq!(scale_case(&p, 6, 0, &[0, 0, 0], Some(2)), vec![0, 0, 6]);
    }

    #[test]
    fn test_scale_deployment_with_surge_pods() {
        let p = RolloutParams::rolling(20, 2, 0);
        assert_eq!(scale_case(&p, 10, 2, &[6, 6], Some(1)), vec![11, 11]);
    }

    #[test]
    fn test_scale_change_both_surge_and_size() {
        let p = RolloutParams::rolling(50, 6, 0);
        assert_eq!(scale_case(&p, 10, 3, &[8, 5], Some(1)), vec![34, 22]);
    }

    #[test]
    fn test_scale_change_both_size_and_template() {
        let p = RolloutParams::rolling(14, 0, 0);
        assert_eq!(scale_case(&p, 10, 0, &[3, 7], None), vec![4, 10]);
    }

    #[test]
    fn test_scale_saturated_but_broken_new_replica_set_does_not_affect_old_pods() {
        let p = RolloutParams::rolling(2, 1, 1);
        let sets = [
            ScaleRsView {
                spec: 1,
                available: 1,
                desired_annotation: Some(2),
                max_replicas_annotation: Some(3),
            },
            ScaleRsView {
                spec: 2,
                available: 0,
                desired_annotation: Some(2),
                max_replicas_annotation: Some(3),
            },
        ];
        assert_eq!(proportional_scale(&p, 3, &sets, Some(1)), vec![1, 2]);
    }

    #[test]
    fn test_scale_saturated_new_replica_set_drains_old() {
        let p = RolloutParams::rolling(3, 1, 1);
        let sets = [
            ScaleRsView {
                spec: 2,
                available: 2,
                desired_annotation: Some(3),
                max_replicas_annotation: Some(4),
            },
            ScaleRsView {
                spec: 3,
                available: 3,
                desired_annotation: Some(3),
                max_replicas_annotation: Some(4),
            },
        ];
        assert_eq!(proportional_scale(&p, 5, &sets, Some(1)), vec![0, 3]);
    }

    #[test]
    fn test_scale_missing_annotation_falls_back_to_status_replicas() {
        let p = RolloutParams::rolling(10, 0, 0);
        let sets = [
            ScaleRsView {
                spec: 3,
                available: 3,
                ..ScaleRsView::default()
            },
            ScaleRsView {
                spec: 2,
                available: 2,
                ..ScaleRsView::default()
            },
        ];
        assert_eq!(proportional_scale(&p, 5, &sets, Some(1)), vec![6, 4]);
        // With no annotation and no status there is no proportion; the
        // leftover goes entirely to the largest ReplicaSet.
        assert_eq!(proportional_scale(&p, 0, &sets, Some(1)), vec![8, 2]);
    }

    #[test]
    fn test_scale_recreate_leaves_two_active_sets_alone() {
        let p = RolloutParams::recreate(10);
        assert_eq!(scale_case(&p, 5, 0, &[3, 2], Some(1)), vec![3, 2]);
    }

    #[test]
    fn test_parse_replicas_annotation() {
        assert_eq!(parse_replicas_annotation("12"), Some(12));
        assert_eq!(parse_replicas_annotation("+12"), None);
        assert_eq!(parse_replicas_annotation("-1"), None);
        assert_eq!(parse_replicas_annotation(""), None);
        assert_eq!(parse_replicas_annotation("2147483648"), None);
        assert_eq!(parse_replicas_annotation("2147483647"), Some(2_147_483_647));
    }

    // §3.6: ActivePodsWithRanks.Less.

    fn pod(uid: &str) -> PodRankView {
        PodRankView {
            scheduled: true,
            phase_rank: 2,
            ready: true,
            deletion_cost: 0,
            colocated: 1,
            ready_since: Some(1_000),
            restarts: 0,
            created_at: 900,
            uid: uid.to_string(),
        }
    }

    const NOW: u64 = 10_000;

    #[test]
    fn test_delete_before_unscheduled_first() {
        let a = PodRankView {
            scheduled: false,
            ..pod("a")
        };
        assert!(delete_before(&a, &pod("b"), NOW));
        assert!(!delete_before(&pod("b"), &a, NOW));
    }

    #[test]
    fn test_delete_before_pending_then_unknown_then_running() {
        let pending = PodRankView {
            phase_rank: 0,
            ready: false,
            ..pod("a")
        };
        let unknown = PodRankView {
            phase_rank: 1,
            ready: false,
            ..pod("b")
        };
        let running = pod("c");
        assert!(delete_before(&pending, &unknown, NOW));
        assert!(delete_before(&unknown, &running, NOW));
    }

    #[test]
    fn test_delete_before_not_ready_first() {
        let not_ready = PodRankView {
            ready: false,
            ..pod("z")
        };
        assert!(delete_before(&not_ready, &pod("a"), NOW));
    }

    #[test]
    fn test_delete_before_lower_deletion_cost_first() {
        let cheap = PodRankView {
            deletion_cost: -5,
            ..pod("z")
        };
        assert!(delete_before(&cheap, &pod("a"), NOW));
    }

    #[test]
    fn test_delete_before_more_colocated_first() {
        let doubled = PodRankView {
            colocated: 3,
            ..pod("z")
        };
        assert!(delete_before(&doubled, &pod("a"), NOW));
    }

    #[test]
    fn test_delete_before_more_recently_ready_first_by_log_bucket() {
        // Ready for 100 s versus 9 000 s: different power-of-two buckets.
        let recent = PodRankView {
            ready_since: Some(NOW - 100),
            ..pod("z")
        };
        let old = PodRankView {
            ready_since: Some(NOW - 9_000),
            ..pod("a")
        };
        assert!(delete_before(&recent, &old, NOW));
        // Ready for 100 s versus 101 s: same bucket, so the UID decides and
        // the restart count is never consulted.
        let similar = PodRankView {
            ready_since: Some(NOW - 101),
            restarts: 9,
            ..pod("a")
        };
        assert!(!delete_before(&recent, &similar, NOW));
        assert!(delete_before(&similar, &recent, NOW));
        // An unknown ready time ranks as the most recent.
        let unknown = PodRankView {
            ready_since: None,
            ..pod("z")
        };
        assert!(delete_before(&unknown, &recent, NOW));
    }

    #[test]
    fn test_delete_before_more_restarts_first() {
        let crashy = PodRankView {
            restarts: 4,
            ..pod("z")
        };
        assert!(delete_before(&crashy, &pod("a"), NOW));
    }

    #[test]
    fn test_delete_before_newer_first() {
        let newer = PodRankView {
            created_at: NOW - 10,
            ..pod("z")
        };
        let older = PodRankView {
            created_at: NOW - 5_000,
            ..pod("a")
        };
        assert!(delete_before(&newer, &older, NOW));
        // Identical pods do not order.
        assert!(!delete_before(&pod("a"), &pod("a"), NOW));
    }

    #[test]
    fn test_deletion_order() {
        let pods = vec![
            pod("a"),
            PodRankView {
                ready: false,
                ..pod("b")
            },
            PodRankView {
                scheduled: false,
                phase_rank: 0,
                ready: false,
                ..pod("c")
            },
            PodRankView {
                restarts: 2,
                ..pod("d")
            },
        ];
        assert_eq!(deletion_order(&pods, NOW), vec![2, 1, 3, 0]);
    }

    #[test]
    fn test_log_age_bucket() {
        assert_eq!(log_age_bucket(NOW, NOW), -1);
        assert_eq!(log_age_bucket(NOW + 5, NOW), -1);
        // One second is 1e9 ns, and 2^29 ≤ 1e9 < 2^30.
        assert_eq!(log_age_bucket(NOW - 1, NOW), 29);
        // Ages beyond Go's Duration range saturate at 2^63 − 1 ns.
        assert_eq!(log_age_bucket(0, u64::MAX), 62);
    }

    // Robustness: nothing panics on extreme or negative input.

    #[test]
    fn test_extreme_inputs_do_not_panic() {
        let values = [i64::MIN, -7, -1, 0, 1, 3, i64::MAX];
        let strings = ["-100%", "0%", "100%", "9223372036854775807%", "oops", "%%"];
        for &replicas in &values {
            for &count in &values {
                let sets = [RsView::new(count, replicas), RsView::new(replicas, count)];
                for surge in strings {
                    let p = RolloutParams::rolling(replicas, pct(surge), count);
                    let _ =
                        resolve_fenceposts(p.max_surge.as_ref(), p.max_unavailable.as_ref(), count);
                    let _ = (max_surge(&p), max_unavailable(&p), min_available(&p));
                    let _ = new_rs_new_replicas(&p, &sets, count);
                    let _ = rollout_rolling(&p, &sets, &RsView::new(count, count));
                    let _ = cleanup_unhealthy_replicas(&sets, count);
                    let _ = has_minimum_availability(&p, count);
                    let scale_sets = [
                        ScaleRsView {
                            spec: count,
                            available: replicas,
                            desired_annotation: Some(count),
                            max_replicas_annotation: Some(replicas),
                        },
                        ScaleRsView {
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
        let extreme = PodRankView {
            created_at: u64::MAX,
            ready_since: Some(0),
            ..pod("x")
        };
        let _ = deletion_order(&[extreme.clone(), pod("y"), extreme], u64::MAX);
    }
}
