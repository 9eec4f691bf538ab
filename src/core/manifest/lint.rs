//! Teaching lints: manifests the API server accepts but that will surprise a student. Each
//! warning names the consequence the simulation will show.

use std::collections::BTreeSet;

use super::decode::{Anchor, Reporter};
use super::model::{
    CpuTarget, Deployment, HorizontalPodAutoscaler, Manifests, Service, is_extended_resource,
};
use super::workload::image_tag;
use crate::core::diagnostic::Diagnostic;
use crate::core::field_path::FieldPath;
use crate::core::locate::Locator;
use crate::core::order;

pub fn lint(manifests: &Manifests, locators: &[Locator], diagnostics: &mut Vec<Diagnostic>) {
    let fallback = Locator::default();
    let locator_for = |document: usize| locators.get(document).unwrap_or(&fallback);
    for deployment in &manifests.deployments {
        let mut reporter = Reporter {
            document: deployment.document,
            locator: locator_for(deployment.document),
            diagnostics,
            deferred: None,
        };
        lint_deployment(&mut reporter, manifests, deployment);
    }
    for service in &manifests.services {
        let mut reporter = Reporter {
            document: service.document,
            locator: locator_for(service.document),
            diagnostics,
            deferred: None,
        };
        lint_service(&mut reporter, manifests, service);
    }
    for autoscaler in &manifests.autoscalers {
        let mut reporter = Reporter {
            document: autoscaler.document,
            locator: locator_for(autoscaler.document),
            diagnostics,
            deferred: None,
        };
        lint_autoscaler(&mut reporter, manifests, autoscaler);
    }
}

/// A Deployment's own surprises: unpinned images, no readiness probe, accelerators no
/// written node offers.
fn lint_deployment(reporter: &mut Reporter, manifests: &Manifests, deployment: &Deployment) {
    let containers_path = FieldPath::root()
        .field("spec")
        .field("template")
        .field("spec")
        .field("containers");

    for (index, container) in deployment.template.spec.containers.iter().enumerate() {
        let path = containers_path.index(index);
        if matches!(image_tag(&container.image), None | Some("latest"))
            && !container.image.contains('@')
        {
            reporter.warning(
                &path.field("image"),
                Anchor::Value,
                format!(
                    "image \"{}\" has no fixed version (:latest): pull policy becomes Always, every pod start pulls again, and two pods may run different models; pin a tag such as :v1",
                    container.image
                ),
            );
        }
    }
    if let Some(container) = deployment.main_container()
        && container.readiness_probe.is_none()
    {
        // Without a probe the kubelet reports the pod ready once its containers run (or its
        // startup probe passed, §7) and never takes that back; which Service routes there is
        // a fact of the file.
        let service = manifests
            .services
            .iter()
            .find(|service| service.selects(&deployment.template.labels));
        let sends = match service {
            Some(service) => format!("Service \"{}\" sends it requests", service.name),
            None => "it receives requests".to_string(),
        };
        let consequence = if container.startup_probe.is_some() {
            format!(
                "the pod counts as ready once its startup probe passes and stays ready while the container runs, so {sends} even when the server cannot answer them"
            )
        } else {
            format!(
                "the pod counts as ready as soon as the container starts, so {sends} before the server can answer (a model server may still be loading its model)"
            )
        };
        reporter.warning(
            &containers_path.index(0).field("name"),
            Anchor::Key,
            format!(
                "container \"{}\" has no readinessProbe: {consequence}",
                container.name
            ),
        );
    }
    // Written nodes are the whole cluster; without any, the lesson supplies nodes that fit.
    let scenario_nodes = manifests
        .scenario
        .as_ref()
        .map(|s| s.nodes.as_slice())
        .unwrap_or(&[]);
    let written_nodes: Vec<_> = manifests.nodes.iter().chain(scenario_nodes).collect();
    let extended: BTreeSet<&str> = order::btree_of(
        deployment
            .template
            .spec
            .containers
            .iter()
            .flat_map(|c| c.resources.requests.keys().chain(c.resources.limits.keys()))
            .map(String::as_str)
            .filter(|name| is_extended_resource(name)),
    );
    for resource in extended {
        if !written_nodes.is_empty()
            && written_nodes
                .iter()
                .all(|node| node.extended(resource) == 0)
        {
            reporter.warning(
                &containers_path.index(0).field("resources"),
                Anchor::Key,
                format!("requests {resource} but no node offers it: the pods will stay Pending (FailedScheduling: Insufficient {resource}); add a node with it in the Scenario"),
            );
        }
    }
}

/// A Service whose selector picks no pod of any Deployment in the file has no endpoints.
fn lint_service(reporter: &mut Reporter, manifests: &Manifests, service: &Service) {
    if service.selector.is_empty() || manifests.deployments.is_empty() {
        return;
    }
    if manifests
        .deployments
        .iter()
        .any(|d| service.selects(&d.template.labels))
    {
        return;
    }
    let names: Vec<String> = manifests
        .deployments
        .iter()
        .map(|d| format!("\"{}\"", d.name))
        .collect();
    let deployments = if names.len() == 1 {
        format!("Deployment {}", names[0])
    } else {
        format!("any Deployment ({})", names.join(", "))
    };
    reporter.warning(
        &FieldPath::root().field("spec").field("selector"),
        Anchor::Key,
        format!(
            "Service \"{}\" selects no pod of {deployments}: it will have no endpoints and every request fails",
            service.name
        ),
    );
}

/// An autoscaler that targets no Deployment of the file, or starts above its target's size.
fn lint_autoscaler(
    reporter: &mut Reporter,
    manifests: &Manifests,
    autoscaler: &HorizontalPodAutoscaler,
) {
    let spec = FieldPath::root().field("spec");
    let Some(deployment) = manifests.deployments.iter().find(|d| autoscaler.targets(d)) else {
        let named = match manifests.deployments.as_slice() {
            [only] => format!("Deployment \"{}\"", only.name),
            _ => "any Deployment of this file".to_string(),
        };
        reporter.warning(
            &spec.field("scaleTargetRef"),
            Anchor::Key,
            format!(
                "scaleTargetRef names {} \"{}\", not {named}: this autoscaler scales nothing in the lesson",
                autoscaler.target_kind, autoscaler.target_name
            ),
        );
        return;
    };
    if autoscaler.min_replicas > deployment.replicas {
        reporter.warning(
            &spec.field("minReplicas"),
            Anchor::Value,
            format!(
                "minReplicas {} is above the Deployment's replicas {}: the autoscaler raises it to {} at its first sync",
                autoscaler.min_replicas, deployment.replicas, autoscaler.min_replicas
            ),
        );
    }
    let targets_utilization = matches!(autoscaler.cpu_target, Some(CpuTarget::Utilization(_)));
    let default_request = manifests.limit_range.as_ref().is_some_and(|lr| {
        lr.default_request.contains_key("cpu") || lr.default_limit.contains_key("cpu")
    });
    let missing_request = deployment.template.spec.containers.iter().find(|c| {
        !c.resources.requests.contains_key("cpu") && !c.resources.limits.contains_key("cpu")
    });
    // Without a Scenario the default one supplies a LimitRange default; say so there instead.
    if let (true, false, Some(container), true) = (
        targets_utilization,
        default_request,
        missing_request,
        manifests.scenario.is_some(),
    ) {
        reporter.warning(
            &spec.field("metrics"),
            Anchor::Key,
            format!(
                "container \"{}\" has no cpu request, so CPU utilization cannot be computed: the autoscaler will not scale (FailedGetResourceMetric: missing request for cpu)",
                container.name
            ),
        );
    }
}
