//! Links from a lesson step back to the YAML that caused it: for each step, the fields of the
//! student's own manifest that decide what happens there (replicas for the scheduler, the CPU
//! request for the autoscaler, the strategy for the rollout), with their line and column.

use crate::core::analysis::Analysis;
use crate::core::field_path::FieldPath;
use crate::core::order;

/// One field behind a step, located in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldLink {
    pub line: usize,
    pub column: usize,
    /// The Kubernetes field path, e.g. `spec.template.spec.containers[0].resources.requests`.
    pub path: String,
}

/// Which document a field lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    Deployment,
    Service,
    Autoscaler,
    Scenario,
}

/// The fields behind each step (1-based), as paths; `{c}` stands for every container index.
fn fields_of(step: usize) -> &'static [(Owner, &'static str)] {
    use Owner::*;
    match step {
        1 => &[
            (Deployment, "metadata.name"),
            (Deployment, "spec.replicas"),
            (Deployment, "spec.selector"),
        ],
        2 => &[
            (Deployment, "spec.template.spec.containers[{c}].resources"),
            (Deployment, "spec.template.spec.nodeSelector"),
            (Deployment, "spec.template.spec.tolerations"),
            (Scenario, "spec.nodes"),
        ],
        3 => &[
            (Deployment, "spec.template.spec.containers[{c}].image"),
            (Deployment, "spec.template.spec.containers[{c}].ports"),
            (
                Deployment,
                "spec.template.spec.containers[{c}].readinessProbe",
            ),
        ],
        4 => &[
            (Service, "spec.selector"),
            (Service, "spec.ports"),
            (Deployment, "spec.template.metadata.labels"),
            (Scenario, "spec.traffic"),
        ],
        5 => &[
            (Autoscaler, "spec.minReplicas"),
            (Autoscaler, "spec.maxReplicas"),
            (Autoscaler, "spec.metrics"),
            (Autoscaler, "spec.behavior"),
            (
                Deployment,
                "spec.template.spec.containers[{c}].resources.requests",
            ),
            (Scenario, "spec.cpuPerRequest"),
        ],
        6 => &[(Scenario, "spec.rollout"), (Deployment, "spec.strategy")],
        7 => &[
            (Deployment, "spec.strategy.rollingUpdate"),
            (
                Deployment,
                "spec.template.spec.terminationGracePeriodSeconds",
            ),
            (Deployment, "spec.revisionHistoryLimit"),
        ],
        8 => &[(Deployment, "spec.replicas")],
        _ => &[],
    }
}

/// The fields behind `step` that the manifest actually writes, in reading order.
pub fn fields_behind_step(analysis: &Analysis, step: usize) -> Vec<FieldLink> {
    locate_fields(analysis, fields_of(step))
}

/// The `fields` (paths in their owner's document; `{c}` stands for every container index)
/// that the manifest actually writes, located, in reading order.
pub fn locate_fields(analysis: &Analysis, fields: &[(Owner, &str)]) -> Vec<FieldLink> {
    let manifests = &analysis.read.manifests;
    // The Deployment the lesson follows, and the Service and autoscaler it has.
    let followed = match &analysis.run {
        Some(run) => Some(&run.deployment),
        None => manifests.followed(None),
    };
    let Some(deployment) = followed else {
        return Vec::new();
    };
    let service = analysis
        .run
        .as_ref()
        .and_then(|run| run.scenario.service.as_ref())
        .filter(|service| service.document != usize::MAX)
        .map(|service| service.document);
    let document_of = |owner: Owner| match owner {
        Owner::Deployment => Some(deployment.document),
        Owner::Service => service.or_else(|| manifests.services.first().map(|s| s.document)),
        Owner::Autoscaler => manifests.autoscaler_of(deployment).map(|a| a.document),
        Owner::Scenario => manifests.scenario.as_ref().map(|s| s.document),
    };
    let containers = deployment.template.spec.containers.len().max(1);
    let mut links = Vec::new();
    for (owner, pattern) in fields {
        let Some(locator) =
            document_of(*owner).and_then(|document| analysis.read.locators.get(document))
        else {
            continue;
        };
        let indices = if pattern.contains("{c}") {
            0..containers
        } else {
            0..1
        };
        for index in indices {
            let path = FieldPath::parse(&pattern.replace("{c}", &index.to_string()));
            if locator.contains(&path) {
                let position = locator.key_position(&path);
                links.push(FieldLink {
                    line: position.line,
                    column: position.column,
                    path: path.to_string(),
                });
            }
        }
    }
    order::sort_by_key(&mut links, |link| (link.line as u64, link.column as u64));
    links.dedup();
    links
}

/// The other way round: the steps whose fields hold line `line` (1-based) of `text`, the
/// analysed manifest. A field holds its own line and the lines of the block below it (those
/// indented deeper), so the caret anywhere inside `resources:` counts.
pub fn steps_at_line(analysis: &Analysis, text: &str, line: usize) -> Vec<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    // The last line of the block a field at `start` (1-based) opens.
    let block_end = |start: usize| {
        let Some(first) = lines.get(start - 1) else {
            return start;
        };
        let own = indent(first);
        let mut end = start;
        for (offset, next) in lines.iter().enumerate().skip(start) {
            if next.trim().is_empty() || next.trim_start().starts_with('#') {
                continue;
            }
            // A list item's dash stands at its key's indentation: `- name:` lines belong.
            if indent(next) <= own && !(indent(next) == own && next.trim_start().starts_with("- "))
            {
                break;
            }
            end = offset + 1;
        }
        end
    };
    (1..=8)
        .filter(|&step| {
            fields_behind_step(analysis, step).iter().any(|field| {
                field.line == line || (field.line < line && line <= block_end(field.line))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::samples::SEED_MANIFEST;

    fn lines(text: &str, step: usize) -> Vec<(usize, String)> {
        fields_behind_step(&crate::core::analysis::analyze(text, None), step)
            .into_iter()
            .map(|link| (link.line, link.path))
            .collect()
    }

    #[test]
    fn the_seed_steps_point_at_its_lines() {
        assert_eq!(
            lines(SEED_MANIFEST, 1),
            [
                (4, "metadata.name".to_string()),
                (6, "spec.replicas".to_string()),
                (7, "spec.selector".to_string())
            ]
        );
        assert_eq!(
            lines(SEED_MANIFEST, 3),
            [
                (17, "spec.template.spec.containers[0].image".to_string()),
                (18, "spec.template.spec.containers[0].ports".to_string()),
            ]
        );
        assert_eq!(
            lines(SEED_MANIFEST, 4),
            [(12, "spec.template.metadata.labels".to_string())]
        );
        // Nothing written decides steps 5 to 7 in the seed: the default scenario does.
        assert!(lines(SEED_MANIFEST, 5).is_empty());
    }

    #[test]
    fn other_documents_are_linked_too() {
        let text = format!(
            "{SEED_MANIFEST}---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ml-model\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: ml-model\n  minReplicas: 2\n  maxReplicas: 5\n"
        );
        assert_eq!(
            lines(&text, 5),
            [
                (30, "spec.minReplicas".to_string()),
                (31, "spec.maxReplicas".to_string())
            ]
        );
    }

    #[test]
    fn invalid_text_links_nothing() {
        let broken = crate::core::analysis::analyze("kind: [", None);
        assert!(fields_behind_step(&broken, 1).is_empty());
    }
}
