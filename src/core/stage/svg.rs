//! The stage, the autoscaler chart and the timeline's marks written as SVG markup. Markup
//! is built here rather than in Leptos views because typed views of the same picture cost
//! about 60 KB of wasm (gzip) against a few KB for string writing; the browser inserts
//! it whole. Pods are the exception: they keep one element each across frames so CSS can
//! move and fill them, and the browser updates those from [`pod_attributes`] and
//! [`pod_texts`]. Every text the student wrote is escaped.

use std::fmt::Write;

use crate::core::markup::escape;

use super::chart::{CHART_HEIGHT, CHART_WIDTH, HpaChart, polyline};
use super::timeline::Timeline;
use super::{CapacityBar, NodeShape, POD_HEIGHT, POD_WIDTH, PodShape, RequestPath, Stage};

/// A `<text>` element.
fn text(out: &mut String, class: &str, x: i32, y: i32, content: &str) {
    let _ = write!(
        out,
        r#"<text class="{class}" x="{x}" y="{y}">{}</text>"#,
        escape(content)
    );
}

fn rect(out: &mut String, class: &str, r: super::Rect) {
    let _ = write!(
        out,
        r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}" rx="8"/>"#,
        r.x, r.y, r.width, r.height
    );
}

/// A box with a bold first line and two more, for the Service, Deployment and ReplicaSets.
fn labelled_box(out: &mut String, class: &str, r: super::Rect, lines: [&str; 3]) {
    rect(out, class, r);
    text(
        out,
        "stage-text stage-text--title",
        r.x + 8,
        r.y + 18,
        lines[0],
    );
    text(out, "stage-text", r.x + 8, r.y + 34, lines[1]);
    text(out, "stage-text", r.x + 8, r.y + 50, lines[2]);
}

/// Everything on the stage but the pods.
pub fn shapes_markup(stage: &Stage) -> String {
    let mut out = String::new();
    if let Some(service) = &stage.service {
        let _ = write!(
            out,
            r#"<g class="stage-service" data-testid="service" data-name="{}" data-endpoints="{}" data-rps="{}">"#,
            escape(&service.name),
            service.endpoints,
            service.requests_per_second
        );
        labelled_box(
            &mut out,
            "stage-box stage-box--service",
            service.rect,
            [
                &format!("Service {}", service.name),
                &service.ports,
                &format!(
                    "{} endpoint(s) · {} req/s",
                    service.endpoints, service.requests_per_second
                ),
            ],
        );
        out.push_str("</g>");
    }
    out.push_str(r#"<g data-testid="deployment">"#);
    labelled_box(
        &mut out,
        "stage-box stage-box--deployment",
        stage.deployment_rect,
        ["Deployment", &stage.deployment, &stage.deployment_status],
    );
    out.push_str("</g>");
    if let Some(budget) = &stage.budget {
        budget_markup(&mut out, budget, stage.deployment_rect);
    }
    for rs in &stage.replica_sets {
        let _ = write!(
            out,
            r#"<g data-testid="replicaset" data-name="{}" data-revision="{}" data-replicas="{}" data-ready="{}"><title>ReplicaSet {} (revision {}, {})</title>"#,
            escape(&rs.name),
            rs.revision,
            rs.replicas,
            rs.ready,
            escape(&rs.name),
            rs.revision,
            escape(&rs.version)
        );
        let class = if rs.newest {
            "stage-box stage-box--rs stage-box--newest"
        } else {
            "stage-box stage-box--rs"
        };
        labelled_box(
            &mut out,
            class,
            rs.rect,
            [
                &format!("ReplicaSet {}", rs.version),
                &format!("desired {}", rs.replicas),
                &format!("ready {}", rs.ready),
            ],
        );
        out.push_str("</g>");
    }
    for link in &stage.owner_links {
        let _ = write!(
            out,
            r#"<line class="stage-owner" x1="{}" y1="{}" x2="{}" y2="{}"/>"#,
            link.from.x, link.from.y, link.to.x, link.to.y
        );
    }
    for node in &stage.nodes {
        node_markup(&mut out, node);
    }
    if let Some(more) = &stage.more_nodes {
        text(
            &mut out,
            "stage-text stage-text--muted",
            8,
            stage.height - 14,
            more,
        );
    }
    if let Some(area) = &stage.pending {
        out.push_str(r#"<g data-testid="pending-area">"#);
        rect(&mut out, "stage-box stage-box--pending", area.rect);
        let _ = write!(
            out,
            r#"<text class="stage-text" data-testid="pending-reason" x="{}" y="{}">Pending: {}</text>"#,
            area.rect.x + 8,
            area.rect.y + 16,
            escape(&area.reason)
        );
        if let Some(more) = &area.more {
            let bottom = area.rect.y + area.rect.height - 8;
            text(
                &mut out,
                "stage-text stage-text--muted",
                area.rect.x + 8,
                bottom,
                more,
            );
        }
        out.push_str("</g>");
    }
    for path in &stage.requests {
        request_markup(&mut out, path);
    }
    out
}

/// The rolling update's budget under the Deployment: two small gauges, spent of allowed.
fn budget_markup(out: &mut String, budget: &super::Budget, under: super::Rect) {
    let _ = write!(
        out,
        r#"<g data-testid="rollout-budget" data-max-surge="{}" data-surge="{}" data-max-unavailable="{}" data-unavailable="{}">"#,
        budget.max_surge, budget.surge_in_use, budget.max_unavailable, budget.unavailable
    );
    let y = under.y + under.height + 14;
    let over = |spent: i64, allowed: i64| {
        if spent > allowed {
            " stage-budget--over"
        } else {
            ""
        }
    };
    let _ = write!(
        out,
        r#"<text class="stage-text stage-text--small{}" x="{}" y="{y}">rollout budget: maxSurge {} ({} in use) · maxUnavailable {} ({} unavailable)</text>"#,
        over(budget.surge_in_use, budget.max_surge)
            .max(over(budget.unavailable, budget.max_unavailable)),
        under.x,
        budget.max_surge,
        budget.surge_in_use,
        budget.max_unavailable,
        budget.unavailable
    );
    out.push_str("</g>");
}

fn node_markup(out: &mut String, node: &NodeShape) {
    let r = node.rect;
    let _ = write!(
        out,
        r#"<g data-testid="node" data-name="{}"><title>{}: {}</title>"#,
        escape(&node.name),
        escape(&node.name),
        escape(&node.summary)
    );
    rect(out, "stage-box stage-box--node", r);
    text(
        out,
        "stage-text stage-text--title",
        r.x + 8,
        r.y + 16,
        &node.name,
    );
    for (row, bar) in node.bars.iter().enumerate() {
        bar_markup(out, bar, r.x + 8, r.y + 22 + row as i32 * 16, r.width - 16);
    }
    if let Some(more) = &node.more {
        text(
            out,
            "stage-text stage-text--muted",
            r.x + 8,
            r.y + r.height - 8,
            more,
        );
    }
    out.push_str("</g>");
}

/// A bar filled by the share requested, the numbers written beside it.
fn bar_markup(out: &mut String, bar: &CapacityBar, x: i32, y: i32, width: i32) {
    let bar_x = x + width / 2;
    let bar_width = width / 2;
    let filled = (i64::from(bar_width) * bar.filled_per_mille.min(1000) / 1000) as i32;
    let full = if bar.filled_per_mille >= 1000 {
        " stage-bar__fill--full"
    } else {
        ""
    };
    let _ = write!(
        out,
        r#"<g data-testid="capacity-bar" data-resource="{}" data-requested="{}" data-allocatable="{}"><title>{}</title>"#,
        escape(&bar.resource),
        escape(&bar.requested),
        escape(&bar.allocatable),
        escape(&bar.text)
    );
    text(
        out,
        "stage-text stage-text--small",
        x,
        y + 10,
        &format!("{} {}/{}", bar.label, bar.requested, bar.allocatable),
    );
    let _ = write!(
        out,
        r#"<rect class="stage-bar__track" x="{bar_x}" y="{}" width="{bar_width}" height="9" rx="2"/><rect class="stage-bar__fill{full}" x="{bar_x}" y="{}" width="{filled}" height="9" rx="2"/></g>"#,
        y + 2,
        y + 2
    );
}

/// A dashed route and a few dots travelling it; more traffic, faster trips.
fn request_markup(out: &mut String, path: &RequestPath) {
    let _ = write!(
        out,
        r#"<line class="stage-route" x1="{}" y1="{}" x2="{}" y2="{}"/>"#,
        path.from.x, path.from.y, path.to.x, path.to.y
    );
    let dots = 1 + (path.requests_per_second / 10).min(2);
    for dot in 0..dots {
        let _ = write!(
            out,
            r#"<circle class="stage-request" data-testid="request" data-target="{}" data-rps="{}" r="4" style="--x1:{}px;--y1:{}px;--x2:{}px;--y2:{}px;animation-duration:{}ms;animation-delay:-{}ms"/>"#,
            escape(&path.target),
            path.requests_per_second,
            path.from.x,
            path.from.y,
            path.to.x,
            path.to.y,
            path.trip_millis,
            i64::from(path.trip_millis) * dot / dots
        );
    }
}

/// The inside of a pod's element, written once; [`pod_texts`] fills its texts.
pub const POD_SKELETON: &str = concat!(
    "<title></title>",
    r#"<rect class="stage-pod__frame" width="88" height="38" rx="6"/>"#,
    r#"<rect class="stage-pod__fill" width="88" height="38" rx="6"/>"#,
    r#"<text class="stage-pod__glyph" x="4" y="14"></text>"#,
    r#"<text class="stage-pod__name" x="16" y="14"></text>"#,
    r#"<text class="stage-pod__version" x="84" y="14"></text>"#,
    r#"<text class="stage-pod__status" x="4" y="31"></text>"#,
    r#"<text class="stage-pod__ready" x="84" y="31"></text>"#,
);

/// A text of the pod: which child of [`POD_SKELETON`] it goes in, and the width to squeeze
/// it into when it is longer than the pod has room for (SVG `textLength`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodText {
    pub child: u32,
    pub text: String,
    pub fit_width: Option<i32>,
}

/// The pod's tooltip, glyph, short name, version tag, kubectl STATUS and READY.
pub fn pod_texts(pod: &PodShape) -> [PodText; 6] {
    let chip = &pod.chip;
    // Character budgets at the skeleton's font sizes; beyond them the text is squeezed.
    let fit =
        |text: &str, chars: usize, width: i32| (text.chars().count() > chars).then_some(width);
    [
        PodText {
            child: 0,
            text: format!(
                "{} ({}) · {} · {} · {} req/s",
                chip.name, chip.deployment, pod.label, chip.image, chip.requests_per_second
            ),
            fit_width: None,
        },
        PodText {
            child: 3,
            text: pod.look.glyph().to_string(),
            fit_width: None,
        },
        PodText {
            child: 4,
            text: chip.short_name.clone(),
            fit_width: fit(&chip.short_name, 6, 36),
        },
        PodText {
            child: 5,
            text: chip.version.clone(),
            fit_width: fit(&chip.version, 5, 28),
        },
        PodText {
            child: 6,
            text: chip.status_text.clone(),
            fit_width: fit(&chip.status_text, 13, 64),
        },
        PodText {
            child: 7,
            text: pod.ready_column.clone().unwrap_or_default(),
            fit_width: None,
        },
    ]
}

/// The pod element's attributes for this frame.
pub fn pod_attributes(pod: &PodShape) -> [(&'static str, String); 10] {
    let chip = &pod.chip;
    let owner = if chip.followed {
        format!("stage-pod--rev{}", chip.revision.min(4))
    } else {
        "stage-pod--other".to_string()
    };
    [
        (
            "class",
            format!("stage-pod stage-pod--{} {owner}", pod.look.as_str()),
        ),
        (
            "style",
            format!("transform: translate({}px, {}px)", pod.at.x, pod.at.y),
        ),
        ("data-deployment", chip.deployment.clone()),
        ("data-phase", chip.phase.as_str().to_string()),
        ("data-status", chip.status_text.clone()),
        ("data-ready", chip.ready.to_string()),
        ("data-node", chip.node.clone()),
        ("data-version", chip.version.clone()),
        ("data-terminating", chip.terminating.to_string()),
        ("data-changed", pod.changed.to_string()),
    ]
}

const _: () = assert!(POD_WIDTH == 88 && POD_HEIGHT == 38, "POD_SKELETON's sizes");

/// The autoscaler chart, without the cursor (the browser draws that per frame).
pub fn chart_markup(chart: &HpaChart) -> String {
    let right = CHART_WIDTH - 44;
    let axis = CHART_HEIGHT - 24;
    let mut out = String::new();
    if let Some((high, low)) = chart.band {
        let _ = write!(
            out,
            r#"<rect class="hpa-chart__band" x="44" y="{high}" width="{}" height="{}"/>"#,
            right - 44,
            (low - high).max(1)
        );
    }
    if let Some(y) = chart.target_y {
        let _ = write!(
            out,
            r#"<line class="hpa-chart__target" x1="44" y1="{y}" x2="{right}" y2="{y}"/>"#
        );
    }
    let _ = write!(
        out,
        r#"<line class="hpa-chart__axis" x1="44" y1="{axis}" x2="{right}" y2="{axis}"/>"#
    );
    let label = "hpa-chart__label";
    text(
        &mut out,
        label,
        4,
        16,
        &format!("{}{}", chart.value_max, chart.unit),
    );
    text(&mut out, label, 4, axis - 2, &format!("0{}", chart.unit));
    text(
        &mut out,
        label,
        right + 4,
        16,
        &format!("{} pods", chart.replicas_max),
    );
    text(&mut out, label, 44, CHART_HEIGHT - 6, "0 s");
    text(
        &mut out,
        label,
        right - 40,
        CHART_HEIGHT - 6,
        &format!("{} s", chart.end_time),
    );
    let _ = write!(
        out,
        r#"<polyline class="hpa-chart__replicas" data-testid="hpa-replicas" points="{}"/><polyline class="hpa-chart__utilization" data-testid="hpa-utilization" points="{}"/>"#,
        polyline(&chart.replicas),
        polyline(&chart.utilization)
    );
    for point in &chart.utilization {
        let _ = write!(
            out,
            r#"<circle class="hpa-chart__reading" data-testid="hpa-reading" data-time="{}" data-value="{}" cx="{}" cy="{}" r="3"/>"#,
            point.time, point.value, point.x, point.y
        );
    }
    for mark in chart.decisions.iter().filter(|mark| mark.from != mark.to) {
        let _ = write!(
            out,
            r#"<g data-testid="hpa-decision" data-time="{}" data-from="{}" data-to="{}"><title>{}</title><path class="hpa-chart__decision" d="M{} {axis} l5 -8 l5 8 z"/></g>"#,
            mark.time,
            mark.from,
            mark.to,
            escape(&mark.text),
            mark.x - 5
        );
    }
    out
}

/// The timeline's step spans and event marks over a 1000-wide strip.
pub fn timeline_markup(line: &Timeline) -> String {
    let mut out = String::new();
    for span in line.steps.iter().filter(|span| span.happened) {
        let x = line.per_mille(span.first_frame);
        let width = line.per_mille(span.last_frame).saturating_sub(x).max(2);
        let _ = write!(
            out,
            r#"<rect class="timeline__step timeline__step--{}" data-step="{}" x="{x}" y="0" width="{width}" height="8"><title>Step {}: {}</title></rect>"#,
            span.number % 2,
            span.number,
            span.number,
            escape(&span.action)
        );
    }
    for &frame in &line.event_frames {
        let _ = write!(
            out,
            r#"<rect class="timeline__event" x="{}" y="10" width="2" height="6"/>"#,
            line.per_mille(frame)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_the_student_wrote_cannot_open_an_element() {
        assert_eq!(
            escape(r#"<img src=x onerror="alert(1)">&'"#),
            "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn the_skeleton_has_a_child_for_each_text() {
        let children: Vec<&str> = POD_SKELETON
            .split('<')
            .filter(|tag| !tag.is_empty() && !tag.starts_with('/'))
            .collect();
        assert_eq!(children.len(), 8);
        let run = crate::core::analysis::analyze(crate::core::samples::SEED_MANIFEST, None)
            .run
            .expect("simulates");
        let stage = super::super::stage(&run, run.trace.frames.len() - 1).expect("a frame");
        let pod = stage.pods().next().expect("a pod");
        for text in pod_texts(pod) {
            let tag = children[text.child as usize];
            assert!(tag.starts_with("title") || tag.starts_with("text"), "{tag}");
        }
    }
}
