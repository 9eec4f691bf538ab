//! The stage in words: the text alternative screen readers get for the picture, built from
//! the same shapes the picture draws (and the counts of what it does not draw).

use super::Stage;
use super::layout::count_by_status;
use crate::core::view::ClusterView;

pub(super) fn describe(stage: &Stage, view: &ClusterView) -> String {
    let mut parts = vec![format!(
        "At {} s: Deployment {} {}.",
        stage.time, stage.deployment, stage.deployment_status
    )];
    if !stage.replica_sets.is_empty() {
        let sets: Vec<String> = stage
            .replica_sets
            .iter()
            .map(|rs| {
                format!(
                    "{} ({}) {} of {} ready",
                    rs.name, rs.version, rs.ready, rs.replicas
                )
            })
            .collect();
        parts.push(format!("ReplicaSets: {}.", sets.join("; ")));
    }
    for node in &view.nodes {
        parts.push(format!(
            "Node {}: {}.",
            node.name,
            count_by_status(&node.pods)
        ));
    }
    if let Some(pending) = &stage.pending {
        parts.push(format!(
            "Waiting for a node: {}. {}",
            count_by_status(&view.unscheduled),
            pending.reason
        ));
    }
    if let Some(service) = &stage.service {
        parts.push(if service.requests_per_second > 0 {
            format!(
                "Service {} sends {} requests per second to {} ready endpoint(s).",
                service.name, service.requests_per_second, service.endpoints
            )
        } else {
            format!(
                "Service {} has {} ready endpoint(s) and no traffic yet.",
                service.name, service.endpoints
            )
        });
    }
    parts.join(" ")
}
