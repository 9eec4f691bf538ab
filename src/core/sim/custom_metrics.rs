//! `Pods`, `Object` and `External` metrics of an autoscaler (§4). They are served by a metrics
//! adapter (the custom and external metrics APIs), which the simulated cluster does not have:
//! each such metric fails as it does in a real cluster without an adapter, with the
//! controller's events (`FailedGetPodsMetric`, `FailedGetObjectMetric`,
//! `FailedGetExternalMetric`) and its rule for invalid metrics (`computeReplicasForMetrics`):
//! when every metric is invalid, or the valid ones would scale down, it does not scale.

use super::change::EventReason;
use crate::core::manifest::model::{CustomMetric, HorizontalPodAutoscaler, MetricSource};

/// One metric the autoscaler could not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub reason: EventReason,
    /// The event's message.
    pub event: String,
    /// The same error as `FailedComputeMetricsReplicas` words it.
    pub compute: String,
}

/// The failures of every custom metric of `hpa`, in its order.
pub fn failures(hpa: &HorizontalPodAutoscaler, namespace: &str) -> Vec<Failure> {
    hpa.custom_metrics
        .iter()
        .map(|metric| failure(metric, namespace))
        .collect()
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
    fn a_pods_metric_fails_as_without_an_adapter() {
        let metric = CustomMetric {
            source: MetricSource::Pods,
            name: "DCGM_FI_DEV_GPU_UTIL".to_string(),
            described: None,
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
        };
        assert!(
            failure(&metric, "serving")
                .event
                .starts_with("unable to get external metric serving/queue_length/nil:")
        );
    }
}
