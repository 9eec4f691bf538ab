//! Scheduler scoring arithmetic and the `FailedScheduling` message (reference §5).
//!
//! This module owns three pieces of kube-scheduler arithmetic: the
//! `NodeResourcesFit` LeastAllocated score (k/k
//! `pkg/scheduler/framework/plugins/noderesources/least_allocated.go`
//! `leastResourceScorer`, `leastRequestedScore`), the
//! `NodeResourcesBalancedAllocation` score (`balanced_allocation.go`
//! `balancedResourceScorer`), and the text of a fit failure
//! (`pkg/scheduler/framework/types.go` `FitError.Error`, with the preemption
//! post-filter text of `framework/preemption/preemption.go` and
//! `plugins/defaultpreemption`).
//!
//! It does not own filtering, node state or tie breaking: callers pass
//! allocatable and requested amounts, fractions, and the per-reason node counts
//! the filters produced. Every function is total: no input makes it panic.

use std::collections::{BTreeMap, BTreeSet};

use crate::core::order;

/// CPU a container without a cpu request counts as when scoring, in millicores (`schedutil.DefaultMilliCPURequest`).
pub const DEFAULT_MILLI_CPU_REQUEST: i64 = 100;

/// Memory a container without a memory request counts as when scoring, in bytes (`schedutil.DefaultMemoryRequest`).
pub const DEFAULT_MEMORY_REQUEST: i64 = 200 * 1024 * 1024;

/// Highest score a plugin may give a node (`framework.MaxNodeScore`).
pub const MAX_NODE_SCORE: i64 = 100;

/// Reason the preemption post-filter gives a node where evicting pods could help but no victim exists.
pub const NO_PREEMPTION_VICTIMS: &str = "No preemption victims found for incoming pod";

/// Reason the preemption post-filter gives a node where evicting pods cannot help.
pub const PREEMPTION_NOT_HELPFUL: &str = "Preemption is not helpful for scheduling";

/// Scoring request of one container for a resource (§5).
///
/// A container with no request counts as `default` for scoring only; an
/// explicit request, zero included, is taken as written.
pub fn non_zero_request(explicit: Option<i64>, default: i64) -> i64 {
    explicit.unwrap_or(default)
}

/// Unused share of one resource on a 0–100 scale (`leastRequestedScore`, §5).
///
/// A node without the resource scores 0, and so does a node whose requests,
/// the incoming pod included, exceed what it can allocate.
pub fn least_requested_score(requested: i64, capacity: i64) -> i64 {
    if capacity <= 0 || requested > capacity {
        return 0;
    }
    // Widening keeps `(capacity - requested) * 100` exact for any input; a
    // negative request cannot come from a validated pod, so the score is kept
    // inside the plugin's range instead of exceeding it.
    let unused = i128::from(capacity) - i128::from(requested);
    let score = unused * i128::from(MAX_NODE_SCORE) / i128::from(capacity);
    score.clamp(0, i128::from(MAX_NODE_SCORE)) as i64
}

/// LeastAllocated node score (`leastResourceScorer`, §5, §8 J).
///
/// Each entry is `(allocatable, requested including the incoming pod, weight)`
/// for one resource. Resources the node cannot allocate are skipped with their
/// weight, and the weighted sum is divided by the summed weights with integer
/// division. Without any scorable resource the node scores 0.
pub fn least_allocated_score(alloc: &[(i64, i64, i64)]) -> i64 {
    let mut node_score: i128 = 0;
    let mut weight_sum: i128 = 0;
    for &(allocatable, requested, weight) in alloc {
        // Upstream skips only a zero allocatable; a negative one is equally
        // meaningless and is skipped for the same reason.
        if allocatable <= 0 {
            continue;
        }
        let score = i128::from(least_requested_score(requested, allocatable));
        node_score = node_score.saturating_add(score.saturating_mul(i128::from(weight)));
        weight_sum = weight_sum.saturating_add(i128::from(weight));
    }
    // Validation keeps weights in 1..=100; a non-positive sum has no meaningful
    // average, so such a node scores 0 as a node without resources does.
    if weight_sum <= 0 {
        return 0;
    }
    (node_score / weight_sum).clamp(0, i128::from(MAX_NODE_SCORE)) as i64
}

/// BalancedAllocation node score (`balancedResourceScorer`, §5).
///
/// `fractions` holds requested ÷ allocatable for each scored resource, the
/// incoming pod included. Each fraction is capped at 1; two resources use
/// |f₁ − f₂| ÷ 2 as the deviation and more use the population standard
/// deviation; the score is ⌊(1 − deviation) × 100⌋.
///
/// A fraction that is not finite comes from a resource the node cannot
/// allocate, which upstream skips, so it is skipped here too. A negative
/// fraction cannot come from real requests and is raised to 0.
pub fn balanced_allocation_score(fractions: &[f64]) -> i64 {
    // Walked twice rather than collected: the scheduler scores every node for every pod.
    let capped = || {
        fractions
            .iter()
            .filter(|f| f.is_finite())
            .map(|f| f.clamp(0.0, 1.0))
    };
    let deviation = match capped().count() {
        0 | 1 => 0.0,
        // The common cpu-and-memory case uses the closed form, as upstream does.
        2 => {
            let mut two = capped();
            let (first, second) = (two.next().unwrap_or(0.0), two.next().unwrap_or(0.0));
            ((first - second) / 2.0).abs()
        }
        n => {
            let mean = capped().sum::<f64>() / n as f64;
            let variance = capped().map(|f| (f - mean) * (f - mean)).sum::<f64>() / n as f64;
            variance.sqrt()
        }
    };
    let score = ((1.0 - deviation) * MAX_NODE_SCORE as f64) as i64;
    score.clamp(0, MAX_NODE_SCORE)
}

/// Whether preemption could make room on a node that failed with this reason.
///
/// Filters return `Unschedulable` for conditions that evicting pods can
/// change (resources, pod count, host ports, spreading, anti-affinity of
/// existing pods) and `UnschedulableAndUnresolvable` for properties of the
/// node itself (taints, affinity, unschedulable, node name). Upstream also
/// marks "Insufficient …" unresolvable when the request exceeds the node's
/// whole allocatable; the reason text does not carry that, so it is treated
/// as resolvable here.
pub fn preemption_might_help(reason: &str) -> bool {
    reason.starts_with("Insufficient ")
        || matches!(
            reason,
            "Too many pods"
                | "node(s) didn't have free ports for the requested pod ports"
                | "node(s) didn't match pod topology spread constraints"
                | "node(s) didn't match pod anti-affinity rules"
                | "node(s) didn't satisfy existing pods anti-affinity rules"
        )
}

/// Renders a reason histogram the way `FitError.Error` does.
///
/// Counts for a repeated reason are merged, zero counts are dropped, each
/// entry becomes "<count> <reason>", and the entries are sorted as whole
/// strings byte by byte (Go's `sort.Strings`), so the count leads the order.
fn sorted_histogram(reasons: &[(String, usize)]) -> Vec<String> {
    let mut merged: BTreeMap<&str, usize> = BTreeMap::new();
    for (reason, count) in reasons {
        if *count == 0 {
            continue;
        }
        let entry = merged.entry(reason.as_str()).or_insert(0);
        *entry = entry.saturating_add(*count);
    }
    // Each reason gives one line, so the set drops none; it sorts them as `sort.Strings` does.
    let lines: BTreeSet<String> = order::btree_of(
        merged
            .into_iter()
            .map(|(reason, count)| format!("{count} {reason}")),
    );
    lines.into_iter().collect()
}

/// The "0/N nodes are available: …." sentence of a fit failure (`FitError.Error`, §5).
///
/// The reason list and its period are omitted when no reason is given.
pub fn fit_error_message(total_nodes: usize, reasons: &[(String, usize)]) -> String {
    let mut message = format!("0/{total_nodes} nodes are available:");
    let histogram = sorted_histogram(reasons);
    if !histogram.is_empty() {
        message.push(' ');
        message.push_str(&histogram.join(", "));
        message.push('.');
    }
    message
}

/// The `FailedScheduling` note with an explicit preemption histogram (§5).
///
/// The preemption text is appended with its own trailing period, which
/// produces the double period the reference records.
pub fn failed_scheduling_message_with_preemption(
    total_nodes: usize,
    filter_reasons: &[(String, usize)],
    preemption_reasons: &[(String, usize)],
) -> String {
    if total_nodes == 0 {
        // The scheduler reports an empty cluster before any filter runs.
        return "no nodes available to schedule pods".to_string();
    }
    format!(
        "{} preemption: {}.",
        fit_error_message(total_nodes, filter_reasons),
        fit_error_message(total_nodes, preemption_reasons)
    )
}

/// The `FailedScheduling` note for a pod no node could take (§5).
///
/// `reasons` pairs each filter reason with the number of nodes that reported
/// it. The preemption histogram is derived for a cluster whose pods all share
/// one priority, as the simulator's do: nodes that failed for a reason
/// preemption cannot fix count as "Preemption is not helpful for scheduling",
/// and every other node as "No preemption victims found for incoming pod".
/// Filters stop at the first failing plugin and the unresolvable plugins
/// report one reason per node, so the unresolvable counts are node counts.
pub fn failed_scheduling_message(total_nodes: usize, reasons: &[(String, usize)]) -> String {
    let unhelpful = reasons
        .iter()
        .filter(|(reason, _)| !preemption_might_help(reason))
        .fold(0usize, |sum, (_, count)| sum.saturating_add(*count))
        .min(total_nodes);
    let preemption = [
        (PREEMPTION_NOT_HELPFUL.to_string(), unhelpful),
        (NO_PREEMPTION_VICTIMS.to_string(), total_nodes - unhelpful),
    ];
    failed_scheduling_message_with_preemption(total_nodes, reasons, &preemption)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reasons(list: &[(&str, usize)]) -> Vec<(String, usize)> {
        list.iter()
            .map(|(reason, count)| (reason.to_string(), *count))
            .collect()
    }

    /// Scores cpu and memory with the default weights 1:1 unless given.
    fn score(cpu: (i64, i64), mem: (i64, i64), weights: (i64, i64)) -> i64 {
        least_allocated_score(&[(cpu.0, cpu.1, weights.0), (mem.0, mem.1, weights.1)])
    }

    #[test]
    fn test_least_allocated_scoring_strategy() {
        let cases = [
            (
                "nothing scheduled, nothing requested, node1",
                (4000, 0),
                (10000, 0),
                (1, 1),
                100,
            ),
            (
                "nothing scheduled, resources requested, differently sized nodes, node1",
                (4000, 3000),
                (10000, 5000),
                (1, 1),
                37,
            ),
            (
                "nothing scheduled, resources requested, differently sized nodes, node2",
                (6000, 3000),
                (10000, 5000),
                (1, 1),
                50,
            ),
            (
                "no resources requested, pods scheduled with resources, node1",
                (10000, 6000),
                (20000, 0),
                (1, 1),
                70,
            ),
            (
                "no resources requested, pods scheduled with resources, node2",
                (10000, 6000),
                (20000, 5000),
                (1, 1),
                57,
            ),
            (
                "resources requested, pods scheduled with resources, node1",
                (10000, 6000),
                (20000, 5000),
                (1, 1),
                57,
            ),
            (
                "resources requested, pods scheduled with resources, node2",
                (10000, 6000),
                (20000, 10000),
                (1, 1),
                45,
            ),
            (
                "resources requested, pods scheduled with resources, differently sized nodes, node2",
                (10000, 6000),
                (50000, 10000),
                (1, 1),
                60,
            ),
            (
                "requested resources exceed node capacity, node1",
                (4000, 6000),
                (10000, 0),
                (1, 1),
                50,
            ),
            (
                "requested resources exceed node capacity, node2",
                (4000, 6000),
                (10000, 5000),
                (1, 1),
                25,
            ),
            (
                "zero node resources, pods scheduled with resources, node1",
                (0, 6000),
                (0, 0),
                (1, 1),
                0,
            ),
            (
                "different weight on CPU and memory, node1",
                (4000, 3000),
                (10000, 5000),
                (1, 2),
                41,
            ),
            (
                "different weight on CPU and memory, node2",
                (6000, 3000),
                (10000, 5000),
                (1, 2),
                50,
            ),
        ];
        for (name, cpu, mem, weights, expected) in cases {
            assert_eq!(score(cpu, mem, weights), expected, "{name}");
        }
    }

    #[test]
    fn least_allocated_extreme_inputs_do_not_panic() {
        let extreme = [i64::MIN, -1, 0, 1, i64::MAX];
        for a in extreme {
            for r in extreme {
                for w in extreme {
                    let s = least_allocated_score(&[(a, r, w), (i64::MAX, i64::MIN, w)]);
                    assert!((0..=MAX_NODE_SCORE).contains(&s));
                }
            }
        }
        assert_eq!(least_allocated_score(&[]), 0);
    }

    #[test]
    fn balanced_allocation_derived_rows() {
        // §8 J derived rows.
        assert_eq!(balanced_allocation_score(&[0.5, 0.3]), 90);
        assert_eq!(balanced_allocation_score(&[0.25, 0.75]), 75);
        // Fractions above 1 are capped before the deviation is taken.
        assert_eq!(balanced_allocation_score(&[2.0, 0.5]), 75);
        // Identical usage is perfectly balanced; a single resource has no deviation.
        assert_eq!(balanced_allocation_score(&[0.4, 0.4]), 100);
        assert_eq!(balanced_allocation_score(&[0.9]), 100);
        // Three resources use the population standard deviation: mean 0.5, σ = √(1/6) ≈ 0.408.
        assert_eq!(balanced_allocation_score(&[0.0, 0.5, 1.0]), 59);
    }

    #[test]
    fn balanced_allocation_extreme_inputs_do_not_panic() {
        let odd = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -3.0, 0.2];
        let s = balanced_allocation_score(&odd);
        assert!((0..=MAX_NODE_SCORE).contains(&s));
        assert_eq!(balanced_allocation_score(&[]), 100);
        assert_eq!(balanced_allocation_score(&[f64::NAN, 0.5]), 100);
    }

    #[test]
    fn default_scoring_requests() {
        assert_eq!(non_zero_request(None, DEFAULT_MILLI_CPU_REQUEST), 100);
        assert_eq!(non_zero_request(None, DEFAULT_MEMORY_REQUEST), 209_715_200);
        assert_eq!(non_zero_request(Some(0), DEFAULT_MILLI_CPU_REQUEST), 0);
    }

    #[test]
    fn failed_scheduling_insufficient_cpu() {
        assert_eq!(
            failed_scheduling_message(3, &reasons(&[("Insufficient cpu", 3)])),
            "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: \
             3 No preemption victims found for incoming pod.."
        );
    }

    #[test]
    fn failed_scheduling_mixed_taint_and_memory() {
        let got = failed_scheduling_message(
            5,
            &reasons(&[
                ("Insufficient memory", 4),
                (
                    "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }",
                    1,
                ),
            ]),
        );
        assert_eq!(
            got,
            "0/5 nodes are available: 1 node(s) had untolerated taint \
             {node-role.kubernetes.io/control-plane: }, 4 Insufficient memory. preemption: \
             0/5 nodes are available: 1 Preemption is not helpful for scheduling, \
             4 No preemption victims found for incoming pod.."
        );
    }

    #[test]
    fn failed_scheduling_sorts_whole_strings_and_merges() {
        // Upstream sorts "<count> <reason>" strings, so "10 …" precedes "2 …".
        assert_eq!(
            fit_error_message(
                12,
                &reasons(&[
                    ("Too many pods", 2),
                    ("Insufficient cpu", 4),
                    ("Insufficient cpu", 6),
                    ("Unused", 0)
                ])
            ),
            "0/12 nodes are available: 10 Insufficient cpu, 2 Too many pods."
        );
    }

    #[test]
    fn failed_scheduling_nothing_helps() {
        assert_eq!(
            failed_scheduling_message(
                2,
                &reasons(&[("node(s) didn't match Pod's node affinity/selector", 2)])
            ),
            "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. \
             preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.."
        );
    }

    #[test]
    fn failed_scheduling_edge_cases() {
        assert_eq!(
            failed_scheduling_message(0, &[]),
            "no nodes available to schedule pods"
        );
        // Over-reported unresolvable counts are capped at the node count.
        let capped =
            failed_scheduling_message(1, &reasons(&[("node(s) were unschedulable", usize::MAX)]));
        assert!(
            capped.ends_with("1 Preemption is not helpful for scheduling.."),
            "{capped}"
        );
        assert_eq!(fit_error_message(3, &[]), "0/3 nodes are available:");
    }
}
