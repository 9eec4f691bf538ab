//! The replica calculation (§4 steps 2–6, `replica_calculator.go`): how pods are grouped, how
//! their samples become a utilization or an average value, and the proposal that follows,
//! before any normalization.

use std::fmt;

/// Default tolerance of the kube-controller-manager (`--horizontal-pod-autoscaler-tolerance`).
pub const DEFAULT_TOLERANCE: f64 = 0.1;

/// Lifecycle phase of a pod as the replica calculator sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PodPhase {
    Pending,
    Running,
    Succeeded,
    Failed,
}

/// One pod matched by the scale target's selector, with its metric sample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodSample {
    pub name: String,
    /// Sum of the containers' CPU requests in millicores; `None` when a container lacks a request.
    pub request_milli: Option<i64>,
    /// Usage summed over the pod's containers in millicores; `None` when there is no metric sample.
    pub usage_milli: Option<i64>,
    pub phase: PodPhase,
    pub ready: bool,
    /// True once the pod has a deletion timestamp.
    pub deleting: bool,
}

/// Result of a replica calculation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplicaCalc {
    /// Proposed replica count before normalization.
    pub desired: i64,
    /// Whole-percent utilization for the CPU path, average milli-value for the pods-metric path.
    pub utilization: i64,
    /// Pods that are neither ignored, unready nor missing a sample.
    pub ready_pod_count: i64,
    /// Pods set aside as unready (pending, or running but not ready on the CPU path).
    pub unready_pod_count: i64,
    /// Pods without a sample.
    pub missing_pod_count: i64,
    /// Usage summed over the ready pods, in millicores.
    pub usage_milli: i64,
    /// Requests summed over the ready pods, in millicores (0 on the pods-metric path).
    pub request_milli: i64,
    /// Whether the ready pods' ratio was within the tolerance of 1 (§4 step 5).
    pub within_tolerance: bool,
    /// Whether unready or missing pods were counted pessimistically (§4 step 6).
    pub rebalanced: bool,
}

/// Why a replica calculation could not produce a proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetricError {
    /// A pod (or one of its containers) lacks a CPU request. The text names the
    /// offender, for example `Pod web-1` or `container app of Pod web-1`.
    MissingRequest { container_or_pod: String },
    /// No ready pod had a metric sample.
    NoMetrics,
    /// The selector matched no pods.
    NoPods,
    /// The samples that remained carry no request at all, so no percentage exists.
    NoMatchingMetrics,
}

impl fmt::Display for MetricError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MetricError::MissingRequest { container_or_pod } => {
                write!(f, "missing request for cpu in {container_or_pod}")
            }
            MetricError::NoMetrics => {
                f.write_str("did not receive metrics for targeted pods (pods might be unready)")
            }
            MetricError::NoPods => {
                f.write_str("no pods returned by selector while calculating replica count")
            }
            MetricError::NoMatchingMetrics => f.write_str("no metrics returned matched known pods"),
        }
    }
}

impl std::error::Error for MetricError {}

/// How `groupPods` classifies a pod (§4 step 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PodGroup {
    Ignored,
    Unready,
    Missing,
    Ready,
}

/// Classifies one pod the way `groupPods` does, in the same order of checks.
///
/// Upstream decides CPU readiness from the pod's start time, its Ready
/// condition and the sample timestamp (§4 step 3). The simulator has no
/// five-minute initialization subtleties, so a running pod with a sample is
/// unready for CPU exactly when `ready` is false. Pods-metric paths do not
/// consult readiness at all, which `consult_readiness` expresses.
fn group_pod(pod: &PodSample, consult_readiness: bool) -> PodGroup {
    // §4 step 3: a deleting or terminal pod is dropped entirely; current
    // upstream uses IsPodTerminal, so Succeeded counts as well as Failed.
    if pod.deleting || matches!(pod.phase, PodPhase::Failed | PodPhase::Succeeded) {
        return PodGroup::Ignored;
    }
    // §4 step 3: a pending pod is unready whatever its sample says.
    if pod.phase == PodPhase::Pending {
        return PodGroup::Unready;
    }
    // §4 step 3: the missing-sample check comes before the readiness check, so
    // an unready pod without a sample is counted as missing.
    if pod.usage_milli.is_none() {
        return PodGroup::Missing;
    }
    if consult_readiness && !pod.ready {
        return PodGroup::Unready;
    }
    PodGroup::Ready
}

/// Returns true when the usage ratio is close enough to 1 to keep the current size (§4 step 5).
fn within_tolerance(ratio: f64, tolerance: f64) -> bool {
    (1.0 - ratio).abs() <= tolerance
}

/// Rounds a replica proposal up; the float-to-integer cast saturates and maps NaN to 0.
pub(super) fn ceil_replicas(value: f64) -> i64 {
    value.ceil() as i64
}

/// Narrows a wide intermediate into `i64`, saturating at the rails.
fn saturate_i64(value: i128) -> i64 {
    value.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

/// Per-pod CPU requests, computed over every listed pod as `calculateRequests` does (§4 step 2).
///
/// Upstream iterates the whole pod list, ignored pods included, so a failed
/// pod without a request still aborts the calculation.
fn pod_requests(pods: &[PodSample]) -> Result<Vec<i64>, MetricError> {
    pods.iter()
        .map(|pod| {
            pod.request_milli
                .ok_or_else(|| MetricError::MissingRequest {
                    container_or_pod: format!("Pod {}", pod.name),
                })
        })
        .collect()
}

/// Whole-percent utilization over `(request, usage)` entries, as `GetResourceUtilizationRatio` computes it (§4 step 4).
///
/// Totals are summed in 128 bits so that no realistic input can overflow, and
/// the percentage is clamped to the `int32` rails the API reports it in.
fn utilization_percent(entries: &[(i64, i64)]) -> Result<i64, MetricError> {
    let usage_total: i128 = entries.iter().map(|&(_, usage)| i128::from(usage)).sum();
    let request_total: i128 = entries
        .iter()
        .map(|&(request, _)| i128::from(request))
        .sum();
    // Upstream errors only on a zero total; a negative total cannot come from
    // validated pods, and rejecting it here keeps the percentage meaningful.
    if request_total <= 0 {
        return Err(MetricError::NoMatchingMetrics);
    }
    let percent = usage_total.saturating_mul(100) / request_total;
    Ok(percent.clamp(i128::from(i32::MIN), i128::from(i32::MAX)) as i64)
}

/// Integer average of metric values, as `GetMetricUsageRatio` computes it.
fn average_value(values: &[i64]) -> i64 {
    if values.is_empty() {
        return 0;
    }
    let total: i128 = values.iter().map(|&v| i128::from(v)).sum();
    saturate_i64(total / values.len() as i128)
}

/// §4 steps 2–6 (`GetResourceReplicas`): proposes a replica count from CPU utilization.
///
/// `target_utilization` is the whole-percent `averageUtilization` of the
/// metric; `tolerance` is the controller's tolerance (0.1 by default).
pub fn resource_replicas(
    current: i64,
    target_utilization: i64,
    pods: &[PodSample],
    tolerance: f64,
) -> Result<ReplicaCalc, MetricError> {
    if pods.is_empty() {
        return Err(MetricError::NoPods);
    }
    let groups: Vec<PodGroup> = pods.iter().map(|pod| group_pod(pod, true)).collect();
    let ready_pod_count = groups.iter().filter(|g| **g == PodGroup::Ready).count() as i64;
    // §4 step 4: once ignored and unready samples are dropped, only ready pods
    // carry samples; with none left there is nothing to average.
    if ready_pod_count == 0 {
        return Err(MetricError::NoMetrics);
    }
    // §4 step 2: upstream checks requests after the sample check, so the
    // sample error wins when both apply.
    let requests = pod_requests(pods)?;

    let mut entries: Vec<(i64, i64)> = Vec::with_capacity(pods.len());
    for ((pod, group), request) in pods.iter().zip(&groups).zip(&requests) {
        if *group == PodGroup::Ready {
            entries.push((*request, pod.usage_milli.unwrap_or(0)));
        }
    }
    let utilization = utilization_percent(&entries)?;
    let unready: Vec<usize> = indices_of(&groups, PodGroup::Unready);
    let missing: Vec<usize> = indices_of(&groups, PodGroup::Missing);
    // API validation rejects a target below 1; should one arrive anyway the
    // ratio is undefined, so the current size is kept.
    // §4 step 4: the ratio is taken from the integer percentage, not from the raw quotient.
    let ratio = utilization as f64 / target_utilization.max(1) as f64;
    let base = ReplicaCalc {
        desired: current,
        utilization,
        ready_pod_count,
        unready_pod_count: unready.len() as i64,
        missing_pod_count: missing.len() as i64,
        usage_milli: saturate_i64(entries.iter().map(|&(_, usage)| i128::from(usage)).sum()),
        request_milli: saturate_i64(
            entries
                .iter()
                .map(|&(request, _)| i128::from(request))
                .sum(),
        ),
        within_tolerance: within_tolerance(ratio, tolerance),
        rebalanced: false,
    };
    let done = |desired: i64| ReplicaCalc { desired, ..base };
    if target_utilization <= 0 {
        return Ok(done(current));
    }
    let scale_up_with_unready = !unready.is_empty() && ratio > 1.0;

    // §4 step 5: with nothing to rebalance the ready pods decide alone.
    if !scale_up_with_unready && missing.is_empty() {
        if base.within_tolerance {
            return Ok(done(current));
        }
        return Ok(done(ceil_replicas(ratio * ready_pod_count as f64)));
    }

    // §4 step 6: missing pods count pessimistically in the direction of change.
    if ratio < 1.0 {
        let fallback_percent = target_utilization.max(100);
        for &i in &missing {
            let assumed = requests[i].saturating_mul(fallback_percent) / 100;
            entries.push((requests[i], assumed));
        }
    } else if ratio > 1.0 {
        for &i in &missing {
            entries.push((requests[i], 0));
        }
    }
    // §4 step 6: on a scale-up unready pods are assumed idle.
    if scale_up_with_unready {
        for &i in &unready {
            entries.push((requests[i], 0));
        }
    }

    let new_ratio = utilization_percent(&entries)? as f64 / target_utilization as f64;
    Ok(ReplicaCalc {
        desired: rebalanced_proposal(current, ratio, new_ratio, entries.len(), tolerance)
            .unwrap_or(current),
        rebalanced: true,
        ..base
    })
}

/// Positions of pods in a given group, in list order.
fn indices_of(groups: &[PodGroup], wanted: PodGroup) -> Vec<usize> {
    groups
        .iter()
        .enumerate()
        .filter(|(_, g)| **g == wanted)
        .map(|(i, _)| i)
        .collect()
}

/// Applies the second half of §4 step 6 to a recomputed ratio.
///
/// Returns `None` when the current size must be kept: the recomputed ratio is
/// within tolerance, the direction flipped, or the rounded count moves against
/// the ratio.
fn rebalanced_proposal(
    current: i64,
    ratio: f64,
    new_ratio: f64,
    counted_pods: usize,
    tolerance: f64,
) -> Option<i64> {
    if within_tolerance(new_ratio, tolerance)
        || (ratio < 1.0 && new_ratio > 1.0)
        || (ratio > 1.0 && new_ratio < 1.0)
    {
        return None;
    }
    let proposal = ceil_replicas(new_ratio * counted_pods as f64);
    if (new_ratio < 1.0 && proposal > current) || (new_ratio > 1.0 && proposal < current) {
        return None;
    }
    Some(proposal)
}

/// Pods-metric variant (`calcPlainMetricReplicas`): proposes a replica count
/// from an `AverageValue` target in milli-units.
///
/// Readiness is not consulted for non-CPU metrics (§4 step 3), missing pods
/// count as exactly the target on a scale-down, and the returned utilization is
/// the integer average of the ready samples.
pub fn pods_metric_replicas(
    current: i64,
    target_average_milli: i64,
    pods: &[PodSample],
    tolerance: f64,
) -> Result<ReplicaCalc, MetricError> {
    if pods.is_empty() {
        return Err(MetricError::NoPods);
    }
    let groups: Vec<PodGroup> = pods.iter().map(|pod| group_pod(pod, false)).collect();
    let mut values: Vec<i64> = pods
        .iter()
        .zip(&groups)
        .filter(|(_, g)| **g == PodGroup::Ready)
        .map(|(pod, _)| pod.usage_milli.unwrap_or(0))
        .collect();
    let ready_pod_count = values.len() as i64;
    if values.is_empty() {
        return Err(MetricError::NoMetrics);
    }
    let average = average_value(&values);
    let unready = indices_of(&groups, PodGroup::Unready);
    let missing = indices_of(&groups, PodGroup::Missing);
    let ratio = average as f64 / target_average_milli.max(1) as f64;
    let base = ReplicaCalc {
        desired: current,
        utilization: average,
        ready_pod_count,
        unready_pod_count: unready.len() as i64,
        missing_pod_count: missing.len() as i64,
        usage_milli: saturate_i64(values.iter().map(|&v| i128::from(v)).sum()),
        request_milli: 0,
        within_tolerance: within_tolerance(ratio, tolerance),
        rebalanced: false,
    };
    let done = |desired: i64| ReplicaCalc { desired, ..base };
    // A non-positive target makes the ratio meaningless, so the size is kept.
    if target_average_milli <= 0 {
        return Ok(done(current));
    }
    let scale_up_with_unready = !unready.is_empty() && ratio > 1.0;

    if !scale_up_with_unready && missing.is_empty() {
        if base.within_tolerance {
            return Ok(done(current));
        }
        return Ok(done(ceil_replicas(ratio * ready_pod_count as f64)));
    }

    if ratio < 1.0 {
        values.extend(missing.iter().map(|_| target_average_milli));
    } else if ratio > 1.0 {
        values.extend(missing.iter().map(|_| 0));
    }
    if scale_up_with_unready {
        values.extend(unready.iter().map(|_| 0));
    }

    let new_ratio = average_value(&values) as f64 / target_average_milli as f64;
    Ok(ReplicaCalc {
        desired: rebalanced_proposal(current, ratio, new_ratio, values.len(), tolerance)
            .unwrap_or(current),
        rebalanced: true,
        ..base
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Builds pods the way `replica_calculator_test.go` does: two containers
    /// per pod, each requesting the pod's entry of `requests` (1000m unless
    /// set) and each using the pod's entry of `levels`, so a pod's request and
    /// usage are twice the per-container values. Pods beyond the end of
    /// `levels` have no sample.
    struct Case {
        requests: Vec<i64>,
        levels: Vec<i64>,
        ready: Vec<bool>,
        phases: Vec<PodPhase>,
        deleting: Vec<bool>,
        pod_count: usize,
    }

    impl Case {
        fn new(pod_count: usize, levels: &[i64]) -> Case {
            Case {
                requests: vec![1000; pod_count],
                levels: levels.to_vec(),
                ready: vec![true; pod_count],
                phases: vec![PodPhase::Running; pod_count],
                deleting: vec![false; pod_count],
                pod_count,
            }
        }

        fn ready(mut self, ready: &[bool]) -> Case {
            self.ready = ready.to_vec();
            self
        }

        fn phases(mut self, phases: &[PodPhase]) -> Case {
            self.phases = phases.to_vec();
            self
        }

        fn deleting(mut self, deleting: &[bool]) -> Case {
            self.deleting = deleting.to_vec();
            self
        }

        fn requests(mut self, requests: &[i64]) -> Case {
            self.requests = requests.to_vec();
            self
        }

        fn pods(&self) -> Vec<PodSample> {
            (0..self.pod_count)
                .map(|i| PodSample {
                    name: format!("test-pod-{i}"),
                    request_milli: Some(2 * self.requests[i]),
                    usage_milli: self.levels.get(i).map(|level| 2 * level),
                    phase: self.phases[i],
                    ready: self.ready[i],
                    deleting: self.deleting[i],
                })
                .collect()
        }

        fn run(&self, current: i64, target: i64) -> ReplicaCalc {
            resource_replicas(current, target, &self.pods(), DEFAULT_TOLERANCE).unwrap()
        }
    }

    pub(crate) fn assert_calc(calc: ReplicaCalc, desired: i64, utilization: i64) {
        assert_eq!(calc.desired, desired, "desired of {calc:?}");
        assert_eq!(calc.utilization, utilization, "utilization of {calc:?}");
    }

    const F: bool = false;
    const T: bool = true;
    use PodPhase::{Failed, Pending, Running};

    #[test]
    fn test_replica_calc_scale_up() {
        assert_calc(Case::new(3, &[300, 500, 700]).run(3, 30), 5, 50);
    }

    #[test]
    fn test_replica_calc_scale_up_unready_less_scale() {
        let case = Case::new(3, &[300, 500, 700]).ready(&[F, T, T]);
        assert_calc(case.run(3, 30), 4, 60);
    }

    #[test]
    fn test_replica_calc_scale_up_unready_no_scale() {
        let case = Case::new(3, &[400, 500, 700]).ready(&[T, F, F]);
        assert_calc(case.run(3, 30), 3, 40);
    }

    #[test]
    fn test_replica_calc_scale_up_ignores_failed_pods() {
        let case = Case::new(4, &[500, 700])
            .ready(&[T, T, F, F])
            .phases(&[Running, Running, Failed, Failed]);
        assert_calc(case.run(2, 30), 4, 60);
    }

    #[test]
    fn test_replica_calc_scale_up_ignores_deletion_pods() {
        let case = Case::new(4, &[500, 700])
            .ready(&[T, T, F, F])
            .deleting(&[F, F, T, T]);
        assert_calc(case.run(2, 30), 4, 60);
    }

    #[test]
    fn test_replica_calc_scale_down() {
        let case = Case::new(5, &[100, 300, 500, 250, 250]);
        assert_calc(case.run(5, 50), 3, 28);
    }

    #[test]
    fn test_replica_calc_scale_down_exclude_unready_pods() {
        let case = Case::new(5, &[100, 300, 500, 250, 250]).ready(&[T, T, T, F, F]);
        let calc = case.run(5, 50);
        assert_calc(calc, 2, 30);
        assert_eq!(calc.ready_pod_count, 3);
    }

    #[test]
    fn test_replica_calc_scale_down_exclude_unscheduled_pods() {
        let case = Case::new(5, &[100])
            .ready(&[T, F, F, F, F])
            .phases(&[Running, Pending, Pending, Pending, Pending]);
        assert_calc(case.run(5, 50), 1, 10);
    }

    #[test]
    fn test_replica_calc_tolerance() {
        let case = Case::new(3, &[1010, 1030, 1020]).requests(&[900, 1000, 1100]);
        assert_calc(case.run(3, 100), 3, 102);
    }

    #[test]
    fn test_replica_calc_superfluous_metrics() {
        // Upstream also returns samples 3200 and 2000 for pods that no longer
        // exist. They carry no request, so the percentage ignores them; a
        // `PodSample` cannot describe such a sample, so only the four known
        // pods are passed.
        let case = Case::new(4, &[4000, 9500, 3000, 7000]);
        assert_calc(case.run(4, 100), 24, 587);
    }

    #[test]
    fn test_replica_calc_missing_metrics() {
        assert_calc(Case::new(4, &[400, 95]).run(4, 100), 3, 24);
    }

    #[test]
    fn test_replica_calc_missing_metrics_no_change_eq() {
        assert_calc(Case::new(2, &[1000]).run(2, 100), 2, 100);
    }

    #[test]
    fn test_replica_calc_missing_metrics_no_change_gt() {
        assert_calc(Case::new(2, &[1900]).run(2, 100), 2, 190);
    }

    #[test]
    fn test_replica_calc_missing_metrics_no_change_lt() {
        assert_calc(Case::new(2, &[600]).run(2, 100), 2, 60);
    }

    #[test]
    fn test_replica_calc_missing_metrics_unready_scale_up() {
        let case = Case::new(3, &[100, 2000]).ready(&[F, T, T]);
        assert_calc(case.run(3, 50), 4, 200);
    }

    #[test]
    fn test_replica_calc_missing_metrics_unready_scale_down() {
        let case = Case::new(4, &[100, 100, 100]).ready(&[F, T, T, T]);
        assert_calc(case.run(4, 50), 3, 10);
    }

    #[test]
    fn test_replica_calc_missing_metrics_scale_down_target_over_100() {
        let case = Case::new(4, &[200, 100, 100])
            .ready(&[F, T, T, T])
            .requests(&[1000, 1000, 2000, 2000]);
        assert_calc(case.run(4, 300), 2, 6);
    }

    #[test]
    fn test_replica_calc_during_rolling_update_with_max_surge() {
        assert_calc(Case::new(3, &[100, 100]).run(2, 50), 2, 10);
    }

    #[test]
    fn test_replica_calc_missing_requests_error() {
        let mut pods = Case::new(1, &[100]).pods();
        pods[0].request_milli = None;
        let err = resource_replicas(1, 100, &pods, DEFAULT_TOLERANCE).unwrap_err();
        assert!(err.to_string().contains("missing request for"), "{err}");
        assert_eq!(err.to_string(), "missing request for cpu in Pod test-pod-0");
    }

    #[test]
    fn test_replica_calc_missing_request_on_ignored_pod_still_errors() {
        let mut pods = Case::new(2, &[100, 100]).phases(&[Running, Failed]).pods();
        pods[1].request_milli = None;
        let err = resource_replicas(2, 100, &pods, DEFAULT_TOLERANCE).unwrap_err();
        assert_eq!(
            err,
            MetricError::MissingRequest {
                container_or_pod: "Pod test-pod-1".to_string()
            }
        );
    }

    #[test]
    fn test_replica_calc_no_ready_samples_error() {
        let pods = Case::new(2, &[100, 100]).ready(&[F, F]).pods();
        let err = resource_replicas(2, 50, &pods, DEFAULT_TOLERANCE).unwrap_err();
        assert_eq!(err, MetricError::NoMetrics);
        assert_eq!(
            err.to_string(),
            "did not receive metrics for targeted pods (pods might be unready)"
        );
    }

    #[test]
    fn test_replica_calc_zero_requests_error() {
        let pods = Case::new(1, &[100]).requests(&[0]).pods();
        let err = resource_replicas(1, 50, &pods, DEFAULT_TOLERANCE).unwrap_err();
        assert_eq!(err.to_string(), "no metrics returned matched known pods");
    }

    #[test]
    fn test_replica_calc_no_pods_error() {
        let err = resource_replicas(1, 50, &[], DEFAULT_TOLERANCE).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no pods returned by selector while calculating replica count"
        );
    }

    #[test]
    fn test_replica_calc_extreme_inputs_do_not_panic() {
        let pod = |request, usage| PodSample {
            name: "p".to_string(),
            request_milli: Some(request),
            usage_milli: Some(usage),
            phase: Running,
            ready: true,
            deleting: false,
        };
        let pods = vec![pod(i64::MAX, i64::MAX), pod(1, i64::MAX)];
        for target in [i64::MIN, -1, 0, 1, i64::MAX] {
            for current in [i64::MIN, 0, i64::MAX] {
                let _ = resource_replicas(current, target, &pods, DEFAULT_TOLERANCE);
                let _ = resource_replicas(current, target, &pods, f64::NAN);
                let _ = pods_metric_replicas(current, target, &pods, DEFAULT_TOLERANCE);
            }
        }
        let odd = vec![pod(-5, 10), pod(3, -7)];
        let _ = resource_replicas(3, 50, &odd, DEFAULT_TOLERANCE);
        assert_eq!(
            resource_replicas(4, 0, &pods, DEFAULT_TOLERANCE)
                .unwrap()
                .desired,
            4
        );
    }

    fn cm_pods(levels: &[i64], ready: &[bool]) -> Vec<PodSample> {
        levels
            .iter()
            .zip(ready)
            .enumerate()
            .map(|(i, (level, ready))| PodSample {
                name: format!("test-pod-{i}"),
                request_milli: None,
                usage_milli: Some(*level),
                phase: Running,
                ready: *ready,
                deleting: false,
            })
            .collect()
    }

    #[test]
    fn test_replica_calc_scale_up_cm() {
        let pods = cm_pods(&[20000, 10000, 30000], &[T, T, T]);
        let calc = pods_metric_replicas(3, 15000, &pods, DEFAULT_TOLERANCE).unwrap();
        assert_calc(calc, 4, 20000);
    }

    #[test]
    fn test_replica_calc_scale_up_cm_unready_hot_cpu_scale_would_scale_down() {
        let pods = cm_pods(&[50000, 15000, 30000], &[F, T, F]);
        let calc = pods_metric_replicas(3, 15000, &pods, DEFAULT_TOLERANCE).unwrap();
        assert_calc(calc, 7, 31666);
    }

    #[test]
    fn test_replica_calc_scale_down_cm() {
        let pods = cm_pods(&[12000; 5], &[T; 5]);
        let calc = pods_metric_replicas(5, 20000, &pods, DEFAULT_TOLERANCE).unwrap();
        assert_calc(calc, 3, 12000);
    }
}
