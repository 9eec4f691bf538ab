//! `Pods`, `Object` and `External` metrics of an autoscaler (§4). They are served by a metrics
//! adapter (the custom and external metrics APIs), which the simulated cluster does not have:
//! each such metric fails as it does in a real cluster without an adapter, with the
//! controller's events (`FailedGetPodsMetric`, `FailedGetObjectMetric`,
//! `FailedGetExternalMetric`) and its rule for invalid metrics (`computeReplicasForMetrics`):
//! when every metric is invalid, or the valid ones would scale down, it does not scale. A
//! Scenario can give a metric's values over time (as an adapter would serve them); then the
//! metric is read and proposes a size as `GetMetricReplicas`, `GetObjectMetricReplicas` and
//! `GetExternalMetricReplicas` do.

use super::change::EventReason;
use super::decision::CustomReading;
use super::hpa_math::DEFAULT_TOLERANCE;
use crate::core::manifest::model::{
    CustomMetric, CustomTarget, HorizontalPodAutoscaler, MetricSeries, MetricSource,
};

/// One metric the autoscaler could not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub reason: EventReason,
    /// The event's message.
    pub event: String,
    /// The same error as `FailedComputeMetricsReplicas` words it.
    pub compute: String,
}

/// The custom metrics of `hpa` at `now`: the ones the Scenario gives values for, read; the
/// others, failed as without an adapter. `ready` is the target's ready pods, `current` its
/// replicas.
pub fn read(
    hpa: &HorizontalPodAutoscaler,
    series: &[MetricSeries],
    namespace: &str,
    now: u64,
    ready: i64,
    current: i64,
) -> (Vec<CustomReading>, Vec<Failure>) {
    let mut readings = Vec::new();
    let mut failures = Vec::new();
    for metric in &hpa.custom_metrics {
        let value = series
            .iter()
            .find(|s| s.name == metric.name)
            .and_then(|s| s.at(now));
        match (value, metric.target) {
            // Per-pod samples need pods that report them.
            (Some(_), Some(_)) if metric.source == MetricSource::Pods && ready == 0 => {
                let event = format!(
                    "unable to get metric {}: did not receive metrics for targeted pods (pods might be unready)",
                    metric.name
                );
                failures.push(Failure {
                    reason: EventReason::FailedGetPodsMetric,
                    compute: format!("failed to get pods metric value: {event}"),
                    event,
                });
            }
            (Some(value), Some(target)) => {
                readings.push(reading(metric, value, target, ready, current))
            }
            _ => failures.push(failure(metric, namespace)),
        }
    }
    (readings, failures)
}

/// The proposal of one metric (§4 steps 4–5 for metrics): the ratio of its value to its
/// target; within the tolerance of 1 the size stays, else the ceiling of ratio × pods.
fn reading(
    metric: &CustomMetric,
    value_milli: i64,
    target: CustomTarget,
    ready: i64,
    current: i64,
) -> CustomReading {
    let (target_milli, per_pod) = match target {
        CustomTarget::Value(milli) => (milli, false),
        CustomTarget::AverageValue(milli) => (milli, true),
    };
    // A Pods metric is averaged over the ready pods, so each reports the value; an Object or
    // External average is the whole value over the current replicas.
    let (ratio, pods) = match (metric.source, per_pod) {
        (MetricSource::Pods, _) | (_, false) => {
            (value_milli as f64 / target_milli.max(1) as f64, ready)
        }
        (_, true) => (
            value_milli as f64 / (target_milli.max(1) as f64 * current.max(1) as f64),
            current,
        ),
    };
    let within_tolerance = (1.0 - ratio).abs() <= DEFAULT_TOLERANCE;
    let proposal = if within_tolerance {
        current
    } else if metric.source != MetricSource::Pods && per_pod {
        (value_milli as f64 / target_milli.max(1) as f64).ceil() as i64
    } else {
        (ratio * pods as f64).ceil() as i64
    };
    CustomReading {
        name: metric.name.clone(),
        value_milli,
        target_milli,
        per_pod,
        pods,
        within_tolerance,
        proposal,
    }
}

fn failure(metric: &CustomMetric, namespace: &str) -> Failure {
    let name = &metric.name;
    match metric.source {
        MetricSource::Pods => {
            let event = format!(
                "unable to get metric {name}: unable to fetch metrics from custom metrics API: the server could not find the requested resource (get pods.custom.metrics.k8s.io *)"
            );
            Failure {
                reason: EventReason::FailedGetPodsMetric,
                compute: format!("failed to get pods metric value: {event}"),
                event,
            }
        }
        MetricSource::Object => {
            let (kind, object) = metric.described.clone().unwrap_or_default();
            let event = format!(
                "unable to get metric {name}: {kind} on {namespace} {object}/unable to fetch metrics from custom metrics API: the server could not find the requested resource"
            );
            Failure {
                reason: EventReason::FailedGetObjectMetric,
                compute: format!("failed to get object metric value: {event}"),
                event,
            }
        }
        MetricSource::External => {
            let event = format!(
                "unable to get external metric {namespace}/{name}/nil: unable to fetch metrics from external metrics API: the server could not find the requested resource (get {name}.external.metrics.k8s.io)"
            );
            Failure {
                reason: EventReason::FailedGetExternalMetric,
                compute: format!(
                    "failed to get {name} external metric value: failed to get {name} external metric: {event}"
                ),
                event,
            }
        }
    }
}

/// `FailedComputeMetricsReplicas`: how many metrics were invalid, and the first error.
pub fn compute_message(failures: &[Failure], metrics: usize) -> String {
    format!(
        "invalid metrics ({} invalid out of {metrics}), first error is: {}",
        failures.len(),
        failures.first().map(|f| f.compute.as_str()).unwrap_or("")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pods_metric_with_values_proposes_like_the_replica_calculator() {
        let metric = CustomMetric {
            source: MetricSource::Pods,
            name: "gpu".to_string(),
            described: None,
            target: Some(CustomTarget::AverageValue(50_000)),
        };
        // 90 per pod against 50: ratio 1.8 over 2 ready pods, ⌈3.6⌉ = 4.
        let reading = reading(&metric, 90_000, CustomTarget::AverageValue(50_000), 2, 2);
        assert_eq!(reading.proposal, 4);
        assert!(!reading.within_tolerance);
        let calm = reading_of(52_000);
        assert!(calm.within_tolerance);
        assert_eq!(calm.proposal, 2);
    }

    fn reading_of(value: i64) -> CustomReading {
        let metric = CustomMetric {
            source: MetricSource::Pods,
            name: "gpu".to_string(),
            described: None,
            target: Some(CustomTarget::AverageValue(50_000)),
        };
        reading(&metric, value, CustomTarget::AverageValue(50_000), 2, 2)
    }

    #[test]
    fn a_pods_metric_fails_as_without_an_adapter() {
        let metric = CustomMetric {
            source: MetricSource::Pods,
            name: "DCGM_FI_DEV_GPU_UTIL".to_string(),
            described: None,
            target: None,
        };
        let failure = failure(&metric, "default");
        assert_eq!(failure.reason, EventReason::FailedGetPodsMetric);
        assert_eq!(
            failure.event,
            "unable to get metric DCGM_FI_DEV_GPU_UTIL: unable to fetch metrics from custom metrics API: the server could not find the requested resource (get pods.custom.metrics.k8s.io *)"
        );
        assert_eq!(
            compute_message(&[failure], 1),
            "invalid metrics (1 invalid out of 1), first error is: failed to get pods metric value: unable to get metric DCGM_FI_DEV_GPU_UTIL: unable to fetch metrics from custom metrics API: the server could not find the requested resource (get pods.custom.metrics.k8s.io *)"
        );
    }

    #[test]
    fn an_external_metric_names_its_namespace() {
        let metric = CustomMetric {
            source: MetricSource::External,
            name: "queue_length".to_string(),
            described: None,
            target: None,
        };
        assert!(
            failure(&metric, "serving")
                .event
                .starts_with("unable to get external metric serving/queue_length/nil:")
        );
    }
}
