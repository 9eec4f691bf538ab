//! The cluster's status in words under the picture: the moment and what changed, the
//! Deployment, `kubectl rollout status` and the conditions, the Service, the autoscaler's
//! last reading, and the file's other Deployments and Services.

use leptos::prelude::*;

use super::state::AppState;
use crate::core::view::{ClusterView, cluster_view};

#[component]
pub fn ClusterPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let view_model = Memo::new(move |_| {
        let run = state.run.get()?;
        cluster_view(&run, state.shown_frame()?)
    });
    view! {
        <details class="cluster" data-testid="cluster-view">
            <summary class="cluster__summary">"The cluster in words: rollout status, conditions, readings"</summary>
            {move || view_model.get().map(render)}
        </details>
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
    }
}
