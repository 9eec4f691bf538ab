//! Proportional scaling (`scale` in `sync.go`, §3.5): how a change of `spec.replicas` in the
//! middle of a rollout is spread over every active ReplicaSet, and how the replicas
//! annotations that remember the previous size are read.

use super::fenceposts::saturate_to_i64;
use super::*;

/// A ReplicaSet as the scaling-event arithmetic sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScaleReplicaSetInput {
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
    p: &RolloutInput,
    status_replicas: i64,
    sets: &[ScaleReplicaSetInput],
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
    let keys = active
        .iter()
        .map(|&index| {
            let larger_first = u64::MAX - specs[index].max(0) as u64;
            let tie = if to_add > 0 {
                u64::MAX - index as u64
            } else {
                index as u64
            };
            (larger_first, tie)
        })
        .collect();
    let order: Vec<usize> = crate::core::order::ascending(keys)
        .into_iter()
        .map(|position| active[position])
        .collect();

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

#[cfg(test)]
mod tests {
    use super::*;

    // §3.5: TestScale cases (maxSurge 0 and maxUnavailable 0 unless stated;
    // every ReplicaSet carries the old Deployment's annotations).

    fn scale_case(
        p: &RolloutInput,
        old_replicas: i64,
        old_surge: i64,
        specs: &[i64],
        new_index: Option<usize>,
    ) -> Vec<i64> {
        let sets: Vec<ScaleReplicaSetInput> = specs
            .iter()
            .map(|&spec| ScaleReplicaSetInput {
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
        let p = RolloutInput::rolling(12, 0, 0);
        assert_eq!(scale_case(&p, 10, 0, &[10], Some(0)), vec![12]);
    }

    #[test]
    fn test_scale_proportional_scaling_5_to_10() {
        let p = RolloutInput::rolling(10, 0, 0);
        assert_eq!(scale_case(&p, 5, 0, &[3, 2], Some(1)), vec![6, 4]);
    }

    #[test]
    fn test_scale_proportional_scaling_5_to_3() {
        let p = RolloutInput::rolling(3, 0, 0);
        assert_eq!(scale_case(&p, 5, 0, &[3, 2], Some(1)), vec![2, 1]);
    }

    #[test]
    fn test_scale_proportional_scaling_9_to_4() {
        let p = RolloutInput::rolling(4, 0, 0);
        assert_eq!(scale_case(&p, 9, 0, &[1, 8], Some(1)), vec![0, 4]);
    }

    #[test]
    fn test_scale_proportional_scaling_7_to_10() {
        let p = RolloutInput::rolling(10, 0, 0);
        assert_eq!(scale_case(&p, 7, 0, &[2, 3, 2], Some(2)), vec![3, 4, 3]);
    }

    #[test]
    fn test_scale_proportional_scaling_13_to_8() {
        let p = RolloutInput::rolling(8, 0, 0);
        assert_eq!(scale_case(&p, 13, 0, &[3, 8, 2], Some(2)), vec![2, 5, 1]);
    }

    #[test]
    fn test_scale_leftover_distribution_3_to_4() {
        let p = RolloutInput::rolling(4, 0, 0);
        assert_eq!(scale_case(&p, 3, 0, &[1, 1, 1], Some(2)), vec![1, 1, 2]);
    }

    #[test]
    fn test_scale_leftover_distribution_3_to_2() {
        let p = RolloutInput::rolling(2, 0, 0);
        assert_eq!(scale_case(&p, 3, 0, &[1, 1, 1], Some(2)), vec![0, 1, 1]);
    }

    #[test]
    fn test_scale_proportional_scaling_no_new_rs_4_to_5() {
        let p = RolloutInput::rolling(5, 0, 0);
        assert_eq!(scale_case(&p, 4, 0, &[2, 2], None), vec![2, 3]);
    }

    #[test]
    fn test_scale_proportional_scaling_6_to_0() {
        let p = RolloutInput::rolling(0, 0, 0);
        assert_eq!(scale_case(&p, 6, 0, &[1, 2, 3], Some(2)), vec![0, 0, 0]);
    }

    #[test]
    fn test_scale_proportional_scaling_0_to_6() {
        let p = RolloutInput::rolling(6, 0, 0);
        assert_eq!(scale_case(&p, 6, 0, &[0, 0, 0], Some(2)), vec![0, 0, 6]);
    }

    #[test]
    fn test_scale_deployment_with_surge_pods() {
        let p = RolloutInput::rolling(20, 2, 0);
        assert_eq!(scale_case(&p, 10, 2, &[6, 6], Some(1)), vec![11, 11]);
    }

    #[test]
    fn test_scale_change_both_surge_and_size() {
        let p = RolloutInput::rolling(50, 6, 0);
        assert_eq!(scale_case(&p, 10, 3, &[8, 5], Some(1)), vec![34, 22]);
    }

    #[test]
    fn test_scale_change_both_size_and_template() {
        let p = RolloutInput::rolling(14, 0, 0);
        assert_eq!(scale_case(&p, 10, 0, &[3, 7], None), vec![4, 10]);
    }

    #[test]
    fn test_scale_saturated_but_broken_new_replica_set_does_not_affect_old_pods() {
        let p = RolloutInput::rolling(2, 1, 1);
        let sets = [
            ScaleReplicaSetInput {
                spec: 1,
                available: 1,
                desired_annotation: Some(2),
                max_replicas_annotation: Some(3),
            },
            ScaleReplicaSetInput {
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
        let p = RolloutInput::rolling(3, 1, 1);
        let sets = [
            ScaleReplicaSetInput {
                spec: 2,
                available: 2,
                desired_annotation: Some(3),
                max_replicas_annotation: Some(4),
            },
            ScaleReplicaSetInput {
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
        let p = RolloutInput::rolling(10, 0, 0);
        let sets = [
            ScaleReplicaSetInput {
                spec: 3,
                available: 3,
                ..ScaleReplicaSetInput::default()
            },
            ScaleReplicaSetInput {
                spec: 2,
                available: 2,
                ..ScaleReplicaSetInput::default()
            },
        ];
        assert_eq!(proportional_scale(&p, 5, &sets, Some(1)), vec![6, 4]);
        // With no annotation and no status there is no proportion; the
        // leftover goes entirely to the largest ReplicaSet.
        assert_eq!(proportional_scale(&p, 0, &sets, Some(1)), vec![8, 2]);
    }

    #[test]
    fn test_scale_recreate_leaves_two_active_sets_alone() {
        let p = RolloutInput::recreate(10);
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
}
