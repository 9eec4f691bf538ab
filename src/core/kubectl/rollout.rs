//! `kubectl rollout status deployment/NAME`: the lines kubectl's watch prints
//! (`DeploymentStatusViewer.Status`, k8s.io/kubectl `pkg/polymorphichelpers/rollout_status.go`,
//! computed by the simulation for every frame) from the start of the current lesson step, as
//! if the command had been typed then, up to the moment; it stops at the first line that
//! ends the rollout (`successfully rolled out`, or the progress deadline's error). The same
//! line twice in a row is one line: frames are the simulation's, not the API server's
//! updates.

use super::cluster::Moment;
use super::command::Scope;
use crate::core::sim::trace::{DeploymentSnapshot, Frame};

/// The command's output and whether it ended in kubectl's error.
pub fn status(moment: &Moment, name: &str, scope: &Scope) -> (String, bool) {
    let exists = moment
        .workloads
        .iter()
        .any(|w| w.model.name == name && w.status.exists && scope.holds(&w.model.namespace));
    if !exists {
        return (
            format!("Error from server (NotFound): deployments.apps \"{name}\" not found"),
            true,
        );
    }
    let frames = &moment.run.trace.frames[..=moment.index];
    let step = moment.frame.step;
    let start = frames
        .iter()
        .position(|f| f.step == step)
        .unwrap_or(moment.index);
    let mut lines: Vec<&str> = Vec::new();
    for frame in &frames[start..] {
        let Some(status) = deployment_named(frame, name, &moment.run.deployment.name) else {
            continue;
        };
        let line = status.rollout_status.as_str();
        if line.is_empty() || lines.last() == Some(&line) {
            continue;
        }
        lines.push(line);
        if ends(line) {
            break;
        }
    }
    let failed = lines.last().is_some_and(|line| line.starts_with("error: "));
    (lines.join("\n"), failed)
}

/// Whether kubectl stops watching after this line.
fn ends(line: &str) -> bool {
    line.starts_with("error: ") || line.ends_with("successfully rolled out")
}

fn deployment_named<'a>(
    frame: &'a Frame,
    name: &str,
    followed: &str,
) -> Option<&'a DeploymentSnapshot> {
    if name == followed {
        return Some(&frame.deployment);
    }
    frame
        .others
        .iter()
        .find(|other| other.name == name)
        .map(|other| &other.deployment)
}
