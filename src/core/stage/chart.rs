//! The autoscaler over the whole run: the CPU reading at each sync against its target and
//! the tolerance band, the replica count the syncs wrote, and a mark at each decision. Read
//! from the recorded `AutoscalerDecision`s only, so every point is a number the controller
//! used.

use crate::core::analysis::Run;
use crate::core::sim::decision::{DecisionOutcome, MetricTarget};
use crate::core::sim::hpa_math::DEFAULT_TOLERANCE;

pub const CHART_WIDTH: i32 = 640;
pub const CHART_HEIGHT: i32 = 140;
const LEFT: i32 = 44;
const RIGHT: i32 = 44;
const TOP: i32 = 12;
const BOTTOM: i32 = 24;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChartPoint {
    pub time: u64,
    pub value: i64,
    pub x: i32,
    pub y: i32,
}

/// One sync of the autoscaler.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionMark {
    pub time: u64,
    pub x: i32,
    pub from: i64,
    pub to: i64,
    /// `75% → 3 replicas`, `keeps 2: ...`.
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HpaChart {
    /// `%` for a utilization target, `m` for an average-value target.
    pub unit: &'static str,
    /// The target and the band inside which the controller changes nothing, as y positions.
    pub target: Option<i64>,
    pub target_y: Option<i32>,
    pub band: Option<(i32, i32)>,
    /// The largest value the value axis shows.
    pub value_max: i64,
    pub utilization: Vec<ChartPoint>,
    /// A step line: the replicas the syncs wrote, from the first sync to the end of the run.
    pub replicas: Vec<ChartPoint>,
    pub replicas_max: i64,
    pub decisions: Vec<DecisionMark>,
    pub end_time: u64,
}

impl HpaChart {
    /// The x position of simulated second `time`.
    pub fn x_of(&self, time: u64) -> i32 {
        x_of(time, self.end_time)
    }
}

fn x_of(time: u64, end: u64) -> i32 {
    let span = i64::from(CHART_WIDTH - LEFT - RIGHT);
    LEFT + (span * time.min(end) as i64 / end.max(1) as i64) as i32
}

fn y_of(value: i64, max: i64) -> i32 {
    let span = i64::from(CHART_HEIGHT - TOP - BOTTOM);
    CHART_HEIGHT - BOTTOM - (span * value.clamp(0, max) / max.max(1)) as i32
}

/// `x,y x,y ...` for an SVG polyline.
pub fn polyline(points: &[ChartPoint]) -> String {
    points
        .iter()
        .map(|p| format!("{},{}", p.x, p.y))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The followed Deployment's autoscaler chart; `None` when it has none or never synced.
pub fn hpa_chart(run: &Run) -> Option<HpaChart> {
    let decisions = &run.trace.autoscaler_decisions;
    let first = decisions.first()?;
    let end = run.trace.end_time.max(decisions.last()?.time);
    let mut readings = Vec::new();
    let mut target = None;
    let mut unit = "%";
    for decision in decisions {
        if let DecisionOutcome::Measured(measurement) = &decision.outcome {
            let goal = match measurement.target {
                MetricTarget::Utilization(percent) => percent,
                MetricTarget::AverageValueMilli(milli) => {
                    unit = "m";
                    milli
                }
            };
            target = Some(goal);
            readings.push((decision.time, measurement.value));
        }
    }
    let highest = readings.iter().map(|(_, value)| *value).max().unwrap_or(0);
    let value_max = (target.unwrap_or(100) * 3 / 2)
        .max(highest + highest / 10)
        .max(1);
    let replicas_max = decisions
        .iter()
        .map(|d| d.max_replicas.max(d.desired_replicas))
        .max()
        .unwrap_or(1)
        .max(1);
    let replica_point = |time: u64, value: i64| ChartPoint {
        time,
        value,
        x: x_of(time, end),
        y: y_of(value, replicas_max),
    };
    let mut replicas = vec![replica_point(first.time, first.current_replicas)];
    for decision in decisions.iter().filter(|d| d.rescaled()) {
        replicas.push(replica_point(decision.time, decision.current_replicas));
        replicas.push(replica_point(decision.time, decision.desired_replicas));
    }
    let last = replicas.last().map_or(first.current_replicas, |p| p.value);
    replicas.push(replica_point(end, last));
    let band = target.map(|goal| {
        let spread = (goal as f64 * DEFAULT_TOLERANCE).round() as i64;
        (
            y_of(goal + spread, value_max),
            y_of(goal - spread, value_max),
        )
    });
    Some(HpaChart {
        unit,
        target,
        target_y: target.map(|goal| y_of(goal, value_max)),
        band,
        value_max,
        utilization: readings
            .into_iter()
            .map(|(time, value)| ChartPoint {
                time,
                value,
                x: x_of(time, end),
                y: y_of(value, value_max),
            })
            .collect(),
        replicas,
        replicas_max,
        decisions: decisions
            .iter()
            .map(|decision| DecisionMark {
                time: decision.time,
                x: x_of(decision.time, end),
                from: decision.current_replicas,
                to: decision.desired_replicas,
                text: mark_text(decision, unit),
            })
            .collect(),
        end_time: end,
    })
}

fn mark_text(decision: &crate::core::sim::decision::AutoscalerDecision, unit: &str) -> String {
    let reading = match &decision.outcome {
        DecisionOutcome::Measured(measurement) => format!("{}{unit}", measurement.value),
        DecisionOutcome::MeasuredCustom(_) => "custom metrics".to_string(),
        DecisionOutcome::MetricUnavailable { .. } | DecisionOutcome::NoMetric => {
            "no reading".to_string()
        }
        DecisionOutcome::ScalingDisabled => "scaling disabled".to_string(),
        DecisionOutcome::Clamped { .. } => "out of range".to_string(),
    };
    if decision.rescaled() {
        format!(
            "{}s: {reading}, scaled {} → {}",
            decision.time, decision.current_replicas, decision.desired_replicas
        )
    } else {
        format!(
            "{}s: {reading}, keeps {}",
            decision.time, decision.current_replicas
        )
    }
}
