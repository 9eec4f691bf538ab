//! The autoscaler's CPU metric (§4 steps 2–6): the target's pods sampled (their CPU use from
//! the requests they serve), the replica calculator run over them, and the result recorded
//! as the trace's `Measurement`.

use super::Simulation;
use super::decision::{Measurement, MetricTarget};
use super::hpa_math::{self, MetricError, PodSample};
use super::state::{KubeletStage, Pod};

/// §4 steps 2–6: the replica calculator over the Deployment's pods.
pub(super) fn measure(
    simulation: &Simulation,
    target: MetricTarget,
    current: i64,
) -> Result<Measurement, MetricError> {
    let per_request = simulation.scenario.cpu_per_request_milli;
    // The target's pods: its selector matches the pods of its ReplicaSets.
    let cluster = &simulation.cluster;
    let of_target =
        |pod: &&Pod| cluster.replica_sets[pod.replica_set].workload == simulation.current;
    let samples: Vec<PodSample> = cluster
        .pods
        .iter()
        .filter(of_target)
        .map(|pod| {
            let running = pod.stage == KubeletStage::Started;
            PodSample {
                name: pod.name.clone(),
                request_milli: pod.requests.cpu_milli,
                usage_milli: running.then(|| pod.requests_per_second * per_request),
                phase: if running {
                    hpa_math::PodPhase::Running
                } else {
                    hpa_math::PodPhase::Pending
                },
                ready: pod.ready,
                deleting: pod.terminating,
            }
        })
        .collect();
    let calc = match target {
        MetricTarget::Utilization(percent) => {
            if let Some(pod) = cluster
                .pods
                .iter()
                .filter(of_target)
                .find(|pod| pod.requests.cpu_milli.is_none() && !pod.terminating)
            {
                let container = simulation.cluster.replica_sets[pod.replica_set]
                    .template
                    .spec
                    .containers
                    .iter()
                    .find(|c| {
                        !c.resources.requests.contains_key("cpu")
                            && !c.resources.limits.contains_key("cpu")
                    })
                    .map(|c| c.name.clone())
                    .unwrap_or_default();
                return Err(MetricError::MissingRequest {
                    container_or_pod: format!("container {container} of Pod {}", pod.name),
                });
            }
            hpa_math::resource_replicas(current, percent, &samples, hpa_math::DEFAULT_TOLERANCE)?
        }
        MetricTarget::AverageValueMilli(milli) => {
            hpa_math::pods_metric_replicas(current, milli, &samples, hpa_math::DEFAULT_TOLERANCE)?
        }
    };
    Ok(measurement(target, calc))
}

/// The replica calculation as the trace records it; stabilization and limits come after.
fn measurement(target: MetricTarget, calc: hpa_math::ReplicaCalc) -> Measurement {
    Measurement {
        target,
        ready_pods: calc.ready_pod_count,
        unready_pods: calc.unready_pod_count,
        missing_pods: calc.missing_pod_count,
        usage_milli: calc.usage_milli,
        request_milli: calc.request_milli,
        value: calc.utilization,
        within_tolerance: calc.within_tolerance,
        rebalanced: calc.rebalanced,
        proposal: calc.desired,
        stabilized: calc.desired,
        limit: None,
    }
}
