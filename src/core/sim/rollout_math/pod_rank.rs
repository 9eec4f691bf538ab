//! Pod ranking for the ReplicaSet controller (`ActivePodsWithRanks.Less`, §3.6): which pod a
//! scale-down deletes first, with upstream's logarithmic age buckets.

use std::cmp::{Ordering, Reverse};

/// A pod as the ReplicaSet controller's deletion ranking sees it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PodRankInput<'a> {
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
    pub uid: &'a str,
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
pub fn delete_before(a: &PodRankInput, b: &PodRankInput, now: u64) -> bool {
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
            (Some(ta), Some(tb)) => newer_by_log_bucket(ta, tb, now, a.uid, b.uid),
            // An unknown ready time ranks as the most recent one.
            (ta, _) => ta.is_none(),
        };
    }
    if a.restarts != b.restarts {
        return a.restarts > b.restarts;
    }
    if a.created_at != b.created_at {
        return newer_by_log_bucket(a.created_at, b.created_at, now, a.uid, b.uid);
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

/// The comparisons `delete_before` makes first and always decides the same way: between
/// pods of different classes the smaller class goes first. Ready pods are classed by their
/// ready time's bucket too, pods not ready by restarts and creation bucket (the ready time is
/// not compared for them), never by what the uid tie-break can overrule.
type Class = (bool, u8, bool, i64, Reverse<i64>, i64, Reverse<i64>, i64);

fn class(pod: &PodRankInput, now: u64) -> Class {
    let (ready_bucket, restarts, created_bucket) = if pod.ready {
        // An unknown ready time ranks as the most recent one.
        let bucket = pod
            .ready_since
            .map_or(i64::MIN, |since| log_age_bucket(since, now));
        (bucket, 0, 0)
    } else {
        (0, pod.restarts, log_age_bucket(pod.created_at, now))
    };
    (
        pod.scheduled,
        pod.phase_rank,
        pod.ready,
        pod.deletion_cost,
        Reverse(pod.colocated),
        ready_bucket,
        Reverse(restarts),
        created_bucket,
    )
}

/// The order in which the ReplicaSet controller would delete `pods`, as
/// indices into the slice, first victim first (§3.6).
///
/// Upstream sorts with an unstable sort; this is the stable insertion sort
/// driven by `delete_before` (pods that tie keep their input order, and the
/// result is deterministic even where the uid tie-break makes the ranking
/// cyclic). An insertion never moves a pod past one of an earlier class, so the
/// classes are taken smallest first and the insertion sort runs within each.
pub fn deletion_order(pods: &[PodRankInput], now: u64) -> Vec<usize> {
    first_to_delete(pods, now, pods.len())
}

/// The first `count` pods of [`deletion_order`], without ordering the rest: a scale-down
/// by a few pods reads the first class or two.
pub fn first_to_delete(pods: &[PodRankInput], now: u64, count: usize) -> Vec<usize> {
    let mut order = Vec::new();
    let mut taken: Option<Class> = None;
    while order.len() < count {
        // One pass finds the smallest class after those taken, and its members in order.
        let mut next: Option<Class> = None;
        let mut members = Vec::new();
        for (index, pod) in pods.iter().enumerate() {
            let class = Some(class(pod, now));
            if class <= taken || (next.is_some() && class > next) {
                continue;
            }
            if class != next {
                next = class;
                members.clear();
            }
            members.push(index);
        }
        if next.is_none() {
            break;
        }
        insert_in_order(pods, &members, now, &mut order);
        taken = next;
    }
    order.truncate(count);
    order
}

/// Appends `members` (indices in input order) to `order` by insertion, each moving ahead of
/// the members placed before it that it should be deleted before.
fn insert_in_order(pods: &[PodRankInput], members: &[usize], now: u64, order: &mut Vec<usize>) {
    let start = order.len();
    for &candidate in members {
        let mut position = order.len();
        while position > start && delete_before(&pods[candidate], &pods[order[position - 1]], now) {
            position -= 1;
        }
        order.insert(position, candidate);
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    // §3.6: ActivePodsWithRanks.Less.

    pub(crate) fn pod(uid: &str) -> PodRankInput<'_> {
        PodRankInput {
            scheduled: true,
            phase_rank: 2,
            ready: true,
            deletion_cost: 0,
            colocated: 1,
            ready_since: Some(1_000),
            restarts: 0,
            created_at: 900,
            uid,
        }
    }

    const NOW: u64 = 10_000;

    #[test]
    fn test_delete_before_unscheduled_first() {
        let a = PodRankInput {
            scheduled: false,
            ..pod("a")
        };
        assert!(delete_before(&a, &pod("b"), NOW));
        assert!(!delete_before(&pod("b"), &a, NOW));
    }

    #[test]
    fn test_delete_before_pending_then_unknown_then_running() {
        let pending = PodRankInput {
            phase_rank: 0,
            ready: false,
            ..pod("a")
        };
        let unknown = PodRankInput {
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
        let not_ready = PodRankInput {
            ready: false,
            ..pod("z")
        };
        assert!(delete_before(&not_ready, &pod("a"), NOW));
    }

    #[test]
    fn test_delete_before_lower_deletion_cost_first() {
        let cheap = PodRankInput {
            deletion_cost: -5,
            ..pod("z")
        };
        assert!(delete_before(&cheap, &pod("a"), NOW));
    }

    #[test]
    fn test_delete_before_more_colocated_first() {
        let doubled = PodRankInput {
            colocated: 3,
            ..pod("z")
        };
        assert!(delete_before(&doubled, &pod("a"), NOW));
    }

    #[test]
    fn test_delete_before_more_recently_ready_first_by_log_bucket() {
        // Ready for 100 s versus 9 000 s: different power-of-two buckets.
        let recent = PodRankInput {
            ready_since: Some(NOW - 100),
            ..pod("z")
        };
        let old = PodRankInput {
            ready_since: Some(NOW - 9_000),
            ..pod("a")
        };
        assert!(delete_before(&recent, &old, NOW));
        // Ready for 100 s versus 101 s: same bucket, so the UID decides and
        // the restart count is never consulted.
        let similar = PodRankInput {
            ready_since: Some(NOW - 101),
            restarts: 9,
            ..pod("a")
        };
        assert!(!delete_before(&recent, &similar, NOW));
        assert!(delete_before(&similar, &recent, NOW));
        // An unknown ready time ranks as the most recent.
        let unknown = PodRankInput {
            ready_since: None,
            ..pod("z")
        };
        assert!(delete_before(&unknown, &recent, NOW));
    }

    #[test]
    fn test_delete_before_more_restarts_first() {
        let crashy = PodRankInput {
            restarts: 4,
            ..pod("z")
        };
        assert!(delete_before(&crashy, &pod("a"), NOW));
    }

    #[test]
    fn test_delete_before_newer_first() {
        let newer = PodRankInput {
            created_at: NOW - 10,
            ..pod("z")
        };
        let older = PodRankInput {
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
            PodRankInput {
                ready: false,
                ..pod("b")
            },
            PodRankInput {
                scheduled: false,
                phase_rank: 0,
                ready: false,
                ..pod("c")
            },
            PodRankInput {
                restarts: 2,
                ..pod("d")
            },
        ];
        assert_eq!(deletion_order(&pods, NOW), vec![2, 1, 3, 0]);
    }

    /// The insertion sort over every pod, as the ranking was first written.
    fn plain_insertion_order(pods: &[PodRankInput], now: u64) -> Vec<usize> {
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

    /// Sorting the classes first changes nothing, also where equal ready times and the uid
    /// tie-break make the ranking cyclic; the first `count` are the full order's first.
    #[test]
    fn test_deletion_order_equals_the_plain_insertion_sort() {
        let mut rng = crate::core::rng::Rng::new(3_600);
        let uids: Vec<String> = (0..40).map(|i| format!("{i:020}")).collect();
        for _ in 0..400 {
            let count = 1 + rng.below(40);
            let pods: Vec<PodRankInput> = (0..count)
                .map(|_| PodRankInput {
                    scheduled: rng.below(6) > 0,
                    phase_rank: [0, 2, 2][rng.below(3)],
                    ready: rng.below(3) > 0,
                    deletion_cost: rng.below(2) as i64,
                    colocated: 1 + rng.below(3) as i64,
                    ready_since: [None, Some(900), Some(950), Some(1_000), Some(9_000)]
                        [rng.below(5)],
                    restarts: rng.below(2) as i64,
                    created_at: [0, 100, 900, 9_990][rng.below(4)],
                    uid: &uids[rng.below(uids.len())],
                })
                .collect();
            let now = [NOW, 9_000, 10][rng.below(3)];
            let plain = plain_insertion_order(&pods, now);
            assert_eq!(deletion_order(&pods, now), plain, "{pods:?}");
            for take in [0, 1, 2, count] {
                let take = take.min(count);
                assert_eq!(first_to_delete(&pods, now, take), plain[..take], "{take}");
            }
        }
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
}
