//! The autoscaler chart under the picture: the core's [`hpa_chart`] as SVG markup, drawn
//! once per run, with a cursor at the frame on screen. The structure is static and only
//! strings change, which keeps the view small in the bundle.

use leptos::prelude::*;

use super::state::AppState;
use crate::core::stage::chart::{CHART_HEIGHT, CHART_WIDTH, HpaChart, hpa_chart};
use crate::core::stage::svg::chart_markup;

#[component]
pub fn AutoscalerChart() -> impl IntoView {
    let state = expect_context::<AppState>();
    let chart = Memo::new(move |_| hpa_chart(&*state.run.get()?));
    let cursor = move || {
        let run = state.run.get()?;
        let time = run.trace.frames.get(state.shown_frame()?)?.time;
        let x = chart.with(|chart| chart.as_ref().map(|c| c.x_of(time)))?;
        Some(format!("transform: translateX({x}px)"))
    };
    let read = move |text: fn(&HpaChart) -> String| {
        move || chart.with(|chart| chart.as_ref().map(text).unwrap_or_default())
    };
    view! {
        <figure class="hpa-chart" hidden=move || chart.with(Option::is_none)>
            <svg
                class="hpa-chart__svg"
                data-testid="hpa-chart"
                viewBox=format!("0 0 {CHART_WIDTH} {CHART_HEIGHT}")
                role="img"
                aria-label=read(summary)
            >
                <g inner_html=read(chart_markup)></g>
                <line class="hpa-chart__cursor" data-testid="hpa-cursor" x1="0" x2="0" y1="4" y2=CHART_HEIGHT - 20 style=cursor/>
            </svg>
            <figcaption class="hpa-chart__caption">{read(caption)}</figcaption>
        </figure>
    }
}

fn summary(chart: &HpaChart) -> String {
    let rescales: Vec<&str> = chart
        .decisions
        .iter()
        .filter(|mark| mark.from != mark.to)
        .map(|mark| mark.text.as_str())
        .collect();
    format!(
        "Autoscaler over the run: {} syncs; {}",
        chart.decisions.len(),
        if rescales.is_empty() {
            "it never changed the replica count".to_string()
        } else {
            rescales.join("; ")
        }
    )
}

fn caption(chart: &HpaChart) -> String {
    match chart.target {
        Some(target) => format!(
            "Autoscaler: CPU at each sync (dots), target {target}{} (dashed) in its 10% band of no change; replicas it wrote (steps), ▲ at each rescale.",
            chart.unit
        ),
        None => "Autoscaler: replicas each sync wrote (no CPU target to plot), ▲ at each rescale."
            .to_string(),
    }
}
