//! What `kubectl rollout status` prints for a Deployment's status
//! (`DeploymentStatusViewer.Status`, §3.7).

use super::*;
use crate::core::go_format::strconv_quote;

/// `DeploymentStatusViewer.Status` (§3.7): the line `kubectl rollout status` prints for this
/// status, and whether the rollout is done. A rollout past its deadline is an error, which
/// kubectl prints as `error: deployment "web" exceeded its progress deadline`.
pub fn rollout_status(
    name: &str,
    spec_replicas: i64,
    generation: u64,
    status: &DeploymentStatus,
) -> Result<(String, bool), String> {
    let quoted = strconv_quote(name);
    if generation > status.observed_generation {
        return Ok((
            "Waiting for deployment spec update to be observed...".to_string(),
            false,
        ));
    }
    if status
        .condition(ConditionKind::Progressing)
        .is_some_and(|c| c.reason == reason::PROGRESS_DEADLINE_EXCEEDED)
    {
        return Err(format!(
            "deployment {quoted} exceeded its progress deadline"
        ));
    }
    if status.updated_replicas < spec_replicas {
        return Ok((
            format!(
                "Waiting for deployment {quoted} rollout to finish: {} out of {spec_replicas} new replicas have been updated...",
                status.updated_replicas
            ),
            false,
        ));
    }
    if status.replicas > status.updated_replicas {
        return Ok((
            format!(
                "Waiting for deployment {quoted} rollout to finish: {} old replicas are pending termination...",
                status.replicas - status.updated_replicas
            ),
            false,
        ));
    }
    if status.available_replicas < status.updated_replicas {
        return Ok((
            format!(
                "Waiting for deployment {quoted} rollout to finish: {} of {} updated replicas are available...",
                status.available_replicas, status.updated_replicas
            ),
            false,
        ));
    }
    Ok((format!("deployment {quoted} successfully rolled out"), true))
}

/// The line as a terminal shows it: the message, or the error with kubectl's `error: `.
pub fn rollout_status_line(
    name: &str,
    spec_replicas: i64,
    generation: u64,
    status: &DeploymentStatus,
) -> String {
    match rollout_status(name, spec_replicas, generation, status) {
        Ok((line, _)) => line,
        Err(error) => format!("error: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::progress::tests::{status, with_progressing};
    use super::*;

    // TestDeploymentStatusViewerStatus (kubectl rollout_status_test.go), deployment "foo".
    #[test]
    fn test_deployment_status_viewer_status() {
        let viewer = |generation, replicas, s: DeploymentStatus| {
            rollout_status("foo", replicas, generation, &s)
        };
        assert_eq!(
            viewer(0, 1, status(1, 0, 1)),
            Ok(("Waiting for deployment \"foo\" rollout to finish: 0 out of 1 new replicas have been updated...".to_string(), false))
        );
        assert_eq!(
            viewer(1, 1, status(2, 1, 2)),
            Ok(("Waiting for deployment \"foo\" rollout to finish: 1 old replicas are pending termination...".to_string(), false))
        );
        assert_eq!(
            viewer(1, 2, status(2, 2, 1)),
            Ok(("Waiting for deployment \"foo\" rollout to finish: 1 of 2 updated replicas are available...".to_string(), false))
        );
        assert_eq!(
            viewer(1, 2, status(2, 2, 2)),
            Ok((
                "deployment \"foo\" successfully rolled out".to_string(),
                true
            ))
        );
        assert_eq!(
            viewer(2, 2, status(2, 2, 2)),
            Ok((
                "Waiting for deployment spec update to be observed...".to_string(),
                false
            ))
        );
        let failed = with_progressing(
            status(2, 1, 1),
            FALSE,
            reason::PROGRESS_DEADLINE_EXCEEDED,
            0,
        );
        assert_eq!(
            rollout_status_line("foo", 2, 1, &failed),
            "error: deployment \"foo\" exceeded its progress deadline"
        );
    }
}
