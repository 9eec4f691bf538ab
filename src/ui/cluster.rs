//! The cluster view: nodes with their pods (phase, readiness, model version), pods waiting for
//! a node, the Service and the autoscaler, at the end of the current step.

use leptos::prelude::*;

use super::state::AppState;
use crate::core::sim::trace::PodPhase;
use crate::core::view::{ClusterView, PodChip, cluster_view};

#[component]
pub fn ClusterPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let view_model = Memo::new(move |_| {
        let run = state.run.get()?;
        cluster_view(&run, state.shown_frame()?)
    });
    view! {
        <section class="panel cluster" data-testid="cluster-view" aria-label="Cluster">
            <h2 class="panel__title">"Cluster"</h2>
            {move || view_model.get().map(render)}
        </section>
    }
}

fn render(model: ClusterView) -> impl IntoView {
    view! {
        <p class="cluster__time">{format!("t = {}s · {}", model.time, model.cause)}</p>
        <p class="cluster__object">{model.deployment}</p>
        <p class="cluster__rollout" data-testid="rollout-status">
            <code>{model.rollout_status}</code>
            " "
            <span class="cluster__conditions">{model.conditions.join(" · ")}</span>
        </p>
        {model.service.map(|text| view! { <p class="cluster__object cluster__object--service">{text}</p> })}
        {model.autoscaler.map(|text| view! { <p class="cluster__object cluster__object--hpa" data-testid="hpa">{text}</p> })}
        {model.others.into_iter().map(|text| view! { <p class="cluster__object cluster__object--other" data-testid="other-deployment">{text}</p> }).collect_view()}
        {model.other_services.into_iter().map(|text| view! { <p class="cluster__object cluster__object--service" data-testid="other-service">{text}</p> }).collect_view()}
        <div class="cluster__nodes">
            {model
                .nodes
                .into_iter()
                .map(|node| {
                    let data_name = node.name.clone();
                    view! {
                        <div class="node" data-testid="node" data-name=data_name>
                            <div class="node__header">
                                <span class="node__name">{node.name}</span>
                                <span class="node__capacity">{node.capacity}</span>
                            </div>
                            <div class="node__pods">{node.pods.into_iter().map(pod).collect_view()}</div>
                        </div>
                    }
                })
                .collect_view()}
        </div>
        {(!model.unscheduled.is_empty()).then(|| view! {
            <div class="cluster__pending">
                <span class="cluster__pending-label">"Waiting for a node"</span>
                {model.unscheduled.into_iter().map(pod).collect_view()}
            </div>
        })}
    }
}

/// A pod chip. Shape and text carry the state as well as colour, for colour-blind readers.
fn pod(chip: PodChip) -> impl IntoView {
    let state_class = if chip.terminating {
        "pod--terminating"
    } else if chip.ready {
        "pod--ready"
    } else if chip.phase == PodPhase::Running {
        "pod--starting"
    } else {
        "pod--pending"
    };
    let marker = if chip.terminating {
        "✕"
    } else if chip.ready {
        "●"
    } else if chip.phase == PodPhase::Running {
        "◐"
    } else {
        "○"
    };
    let title = format!(
        "{} ({}) · {} · {} · {} · {} req/s · {}m CPU",
        chip.name,
        chip.deployment,
        chip.status_text,
        if chip.ready { "ready" } else { "not ready" },
        chip.image,
        chip.requests_per_second,
        chip.cpu_milli
    );
    let class = if chip.followed {
        format!("pod {state_class} pod--rev{}", chip.revision.min(4))
    } else {
        format!("pod {state_class} pod--other")
    };
    let (data_name, data_node, data_version) =
        (chip.name.clone(), chip.node.clone(), chip.version.clone());
    view! {
        <div
            class=class
            data-testid="pod"
            data-name=data_name
            data-deployment=chip.deployment.clone()
            data-phase=chip.phase.as_str()
            data-status=chip.status_text.clone()
            data-ready=chip.ready.to_string()
            data-node=data_node
            data-version=data_version
            data-terminating=chip.terminating.to_string()
            title=title
        >
            <span class="pod__marker" aria-hidden="true">{marker}</span>
            <span class="pod__name">{chip.short_name}</span>
            <span class="pod__version">{chip.version}</span>
            <span class="pod__status">{chip.status_text.clone()}</span>
        </div>
    }
}
