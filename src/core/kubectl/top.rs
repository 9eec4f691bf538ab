//! `kubectl top pods` (k8s.io/kubectl `pkg/cmd/top/top_pod.go` and `metricsutil`'s printer):
//! each running pod's CPU from the simulation's readings (the requests it serves times the
//! CPU one request costs), in millicores as kubectl prints them.
//!
//! The simulated cluster serves the resource metrics API exactly when an autoscaler reads
//! CPU from it; without one, kubectl's `Metrics API not available`. Memory use is not
//! simulated, so MEMORY(bytes) reads `<unknown>`.

use super::cluster::Moment;
use super::command::Scope;
use super::table::{TabWriter, get_table};

/// The output and whether it is an error.
pub fn pods(moment: &Moment, names: &[String], scope: &Scope) -> (String, bool) {
    let scenario = &moment.run.scenario;
    let metrics_api = scenario
        .autoscaler
        .iter()
        .chain(&scenario.other_autoscalers)
        .any(|hpa| hpa.cpu_target.is_some());
    if !metrics_api {
        return ("error: Metrics API not available".to_string(), true);
    }
    let in_scope = |namespace: &str| scope.holds(namespace);
    let measured: Vec<_> = moment
        .pods
        .iter()
        .filter(|pod| in_scope(&pod.model.namespace))
        .filter(|pod| pod.snapshot.phase == crate::core::sim::trace::PodPhase::Running)
        .collect();
    for name in names {
        if !measured.iter().any(|pod| &*pod.snapshot.name == name) {
            let namespace = moment.pods.iter().find(|p| &*p.snapshot.name == name);
            let namespace = namespace.map_or(moment.namespace(), |p| p.model.namespace.as_str());
            return (
                format!(
                    "Error from server (NotFound): podmetrics.metrics.k8s.io \"{namespace}/{name}\" not found"
                ),
                true,
            );
        }
    }
    if measured.is_empty() {
        let any_pod = moment.pods.iter().any(|pod| in_scope(&pod.model.namespace));
        return if any_pod {
            ("error: metrics not available yet".to_string(), true)
        } else {
            (super::get::no_resources(scope), false)
        };
    }
    let rows: Vec<Vec<String>> = measured
        .iter()
        .filter(|pod| names.is_empty() || names.iter().any(|n| **n == *pod.snapshot.name))
        .map(|pod| {
            let mut row = vec![
                pod.snapshot.name.to_string(),
                format!("{}m", pod.snapshot.cpu_milli),
                "<unknown>".to_string(),
            ];
            if *scope == Scope::All {
                row.insert(0, pod.model.namespace.clone());
            }
            row
        })
        .collect();
    let mut header = vec!["NAME", "CPU(cores)", "MEMORY(bytes)"];
    if *scope == Scope::All {
        header.insert(0, "NAMESPACE");
    }
    (get_table(&mut TabWriter::for_get(), &header, &rows), false)
}
