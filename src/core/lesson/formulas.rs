//! Formula cards: the arithmetic behind a step, filled in with this manifest's own numbers,
//! so a student can redo the controller's sum (the HPA's ceiling, the rolling update's
//! rounding of maxSurge up and maxUnavailable down).

use serde::Serialize;

use crate::core::manifest::model::{Deployment, IntOrPercent, StrategyKind};
use crate::core::quantity::milli_text;
use crate::core::scenario::EffectiveScenario;
use crate::core::sim::decision::{
    AutoscalerDecision, CustomMeasurement, DecisionOutcome, LimitKind, Measurement, MetricTarget,
};
use crate::core::sim::rollout_math::{self, RolloutInput};
use crate::core::sim::trace::Trace;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FormulaCard {
    /// The lesson step the card explains.
    pub step: usize,
    pub title: String,
    pub lines: Vec<String>,
    /// The numbers the lines print, as the controller used them.
    pub sum: Sum,
}

/// The arithmetic behind a card, typed, so tests can redo it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Sum {
    /// One autoscaler sync, with the CPU each request costs.
    Autoscaler {
        decision: AutoscalerDecision,
        cpu_per_request_milli: i64,
        /// Whether `behavior` was omitted (the legacy limits apply).
        legacy: bool,
    },
    /// The rolling update's budget at the moment of the update (§3.3).
    RollingBudget {
        replicas: i64,
        max_surge: i64,
        max_unavailable: i64,
    },
    Recreate {
        replicas: i64,
    },
}

pub fn build(
    deployment: &Deployment,
    scenario: &EffectiveScenario,
    trace: &Trace,
) -> Vec<FormulaCard> {
    let mut cards = Vec::new();
    if let Some(card) = autoscaler_card(scenario, trace) {
        cards.push(card);
    }
    if let Some(card) = rollout_card(deployment, trace) {
        cards.push(card);
    }
    cards
}

/// The sync that decided Step 5: its first rescale, or else its last sync before the
/// rollout, whatever that sync found (§4 steps 1–8).
fn autoscaler_card(scenario: &EffectiveScenario, trace: &Trace) -> Option<FormulaCard> {
    let hpa = scenario.autoscaler.as_ref()?;
    let cutoff = trace.milestones.rollout_start.unwrap_or(u64::MAX);
    let decisions = &trace.autoscaler_decisions;
    let decision = decisions
        .iter()
        .find(|d| d.rescaled())
        .or_else(|| decisions.iter().rev().find(|d| d.time < cutoff))?;
    let per_request = scenario.cpu_per_request_milli;
    let legacy = hpa.behavior.is_none();
    let (title, lines) = match &decision.outcome {
        DecisionOutcome::Measured(measurement) => (
            measured_title(decision),
            measured_lines(decision, measurement, per_request, legacy),
        ),
        DecisionOutcome::MeasuredCustom(custom) => {
            (measured_title(decision), custom_lines(decision, custom))
        }
        DecisionOutcome::MetricUnavailable { message, .. } => (
            "Why the autoscaler could not scale".to_string(),
            vec![
                format!("at {}s: {message}", decision.time),
                format!(
                    "without a measurement it keeps spec.replicas at {}",
                    decision.current_replicas
                ),
            ],
        ),
        DecisionOutcome::ScalingDisabled => (
            "Why the autoscaler did nothing".to_string(),
            vec![format!(
                "at {}s: spec.replicas is 0 and minReplicas is {}: scaling is disabled",
                decision.time, decision.min_replicas
            )],
        ),
        DecisionOutcome::Clamped { .. } => (
            "Why the autoscaler changed the size".to_string(),
            vec![format!(
                "at {}s: spec.replicas {} is outside [{}, {}], so it is set to {}",
                decision.time,
                decision.current_replicas,
                decision.min_replicas,
                decision.max_replicas,
                decision.desired_replicas
            )],
        ),
        DecisionOutcome::NoMetric => (
            "Why the autoscaler did nothing".to_string(),
            vec!["it lists no CPU metric, so it keeps the size".to_string()],
        ),
    };
    Some(FormulaCard {
        step: 5,
        title,
        lines,
        sum: Sum::Autoscaler {
            decision: decision.clone(),
            cpu_per_request_milli: per_request,
            legacy,
        },
    })
}

fn measured_title(decision: &AutoscalerDecision) -> String {
    if decision.rescaled() {
        "Why the autoscaler chose this size".to_string()
    } else {
        format!(
            "Why the autoscaler kept {} replicas",
            decision.desired_replicas
        )
    }
}

/// The custom metrics' arithmetic: each value against its target, the proposal, then the
/// same stabilization and limits as for CPU.
fn custom_lines(decision: &AutoscalerDecision, custom: &CustomMeasurement) -> Vec<String> {
    let mut lines = Vec::new();
    for r in &custom.readings {
        let (value, target) = (milli_text(r.value_milli), milli_text(r.target_milli));
        let ratio = r.value_milli as f64 / r.target_milli.max(1) as f64;
        let tolerance = if r.within_tolerance {
            "within 10% of 1, so it asks for no change"
        } else {
            "more than 10% away from 1"
        };
        lines.push(format!(
            "{} = {value} against a target of {target}{}: ratio {ratio:.2}, {tolerance}",
            r.name,
            if r.per_pod { " per pod" } else { "" }
        ));
        if !r.within_tolerance {
            lines.push(format!(
                "proposal from {} = ⌈{} pods × {value} ÷ {target}⌉ = {}",
                r.name, r.pods, r.proposal
            ));
        }
    }
    if custom.readings.len() > 1 {
        lines.push(format!("the largest proposal wins: {}", custom.proposal));
    }
    if custom.stabilized != custom.proposal {
        lines.push(format!(
            "stabilization: the highest recommendation of the window is {}",
            custom.stabilized
        ));
    }
    if let Some(limit) = custom.limit {
        lines.push(format!("held to {:?}: {}", limit.kind, limit.replicas));
    }
    lines.push(if decision.rescaled() {
        format!(
            "at {}s: New size: {}",
            decision.time, decision.desired_replicas
        )
    } else {
        format!(
            "at {}s: replicas stay at {}",
            decision.time, decision.desired_replicas
        )
    });
    lines
}

/// §4 steps 4–8 with the sync's own numbers: usage over requests, the ratio to the target,
/// the tolerance test, the ceiling, stabilization and the limit that applied.
fn measured_lines(
    decision: &AutoscalerDecision,
    m: &Measurement,
    per_request: i64,
    legacy: bool,
) -> Vec<String> {
    let current = decision.current_replicas;
    let ready = m.ready_pods;
    let pods = if ready == 1 { "pod" } else { "pods" };
    let requests = if per_request > 0 {
        m.usage_milli / per_request
    } else {
        0
    };
    let mut lines = Vec::new();
    let (value_text, target_value) = match m.target {
        MetricTarget::Utilization(target) => {
            lines.push(format!(
                "{ready} ready {pods} serve {requests} req/s × {per_request}m = {}m of CPU, against {}m requested",
                m.usage_milli, m.request_milli
            ));
            lines.push(format!(
                "utilization = ⌊{}m × 100 ÷ {}m⌋ = {}% (whole percent, rounded down)",
                m.usage_milli, m.request_milli, m.value
            ));
            (format!("{}%", m.value), target)
        }
        MetricTarget::AverageValueMilli(target) => {
            lines.push(format!(
                "average CPU per pod = {}m against a target of {target}m",
                m.value
            ));
            (format!("{}m", m.value), target)
        }
    };
    let target_text = match m.target {
        MetricTarget::Utilization(target) => format!("{target}%"),
        MetricTarget::AverageValueMilli(target) => format!("{target}m"),
    };
    let ratio = m.value as f64 / target_value.max(1) as f64;
    if m.within_tolerance {
        lines.push(format!(
            "ratio = {value_text} ÷ {target_text} = {ratio:.2}: within 10% of 1, so the ready pods ask for no change"
        ));
    } else {
        lines.push(format!(
            "ratio = {value_text} ÷ {target_text} = {ratio:.2}: more than 10% away from 1, so it acts"
        ));
    }
    if m.rebalanced {
        lines.push(format!(
            "{} pod(s) not ready yet count as using no CPU: proposal {}",
            m.unready_pods, m.proposal
        ));
    } else if !m.within_tolerance {
        lines.push(format!(
            "proposal = ⌈{ready} ready {pods} × {} ÷ {target_value}⌉ = {}",
            m.value, m.proposal
        ));
    }
    if m.stabilized != m.proposal {
        lines.push(format!(
            "stabilization: the highest recommendation of the window is {}",
            m.stabilized
        ));
    }
    if legacy && m.stabilized > current {
        lines.push(format!(
            "scale-up limit without behavior = max(2 × {current}, 4) = {}; range [{}, {}]",
            (2 * current).max(4),
            decision.min_replicas,
            decision.max_replicas
        ));
    }
    if let Some(limit) = m.limit {
        lines.push(match limit.kind {
            LimitKind::TooManyReplicas => format!("capped at maxReplicas: {}", limit.replicas),
            LimitKind::TooFewReplicas => format!("raised to minReplicas: {}", limit.replicas),
            LimitKind::ScaleUpLimit => format!("held to the scale-up limit: {}", limit.replicas),
            LimitKind::ScaleDownLimit => {
                format!("held to the scale-down limit: {}", limit.replicas)
            }
        });
    }
    if decision.rescaled() {
        lines.push(format!(
            "at {}s: New size: {}",
            decision.time, decision.desired_replicas
        ));
    } else {
        lines.push(format!(
            "at {}s: replicas stay at {}",
            decision.time, decision.desired_replicas
        ));
    }
    lines
}

/// §3.3 for the rollout: maxSurge rounds up, maxUnavailable rounds down, of the replicas at
/// the moment of the update.
fn rollout_card(deployment: &Deployment, trace: &Trace) -> Option<FormulaCard> {
    let start = trace.milestones.rollout_start?;
    let replicas = trace
        .frames
        .iter()
        .rev()
        .find(|frame| frame.time <= start)?
        .deployment
        .replicas;
    if deployment.strategy.kind == StrategyKind::Recreate {
        return Some(FormulaCard {
            step: 6,
            title: "Why every pod stopped first".to_string(),
            lines: vec![
                format!("strategy Recreate: scale the old ReplicaSet from {replicas} to 0"),
                "wait until no old pod is left, then scale the new ReplicaSet to full size"
                    .to_string(),
            ],
            sum: Sum::Recreate { replicas },
        });
    }
    let params = RolloutInput {
        strategy: StrategyKind::RollingUpdate,
        replicas,
        max_surge: deployment.strategy.max_surge.clone(),
        max_unavailable: deployment.strategy.max_unavailable.clone(),
    };
    let surge = rollout_math::max_surge(&params);
    let unavailable = rollout_math::max_unavailable(&params);
    let mut lines = vec![
        format!(
            "maxSurge {} extra pod(s)",
            budget_value_text(&deployment.strategy.max_surge, replicas, surge, true)
        ),
        format!(
            "maxUnavailable {} pod(s)",
            budget_value_text(
                &deployment.strategy.max_unavailable,
                replicas,
                unavailable,
                false
            )
        ),
    ];
    // The fencepost (§3.3) applies only when maxUnavailable itself comes to 0, not when it
    // is written as 1.
    let written_unavailable = deployment
        .strategy
        .max_unavailable
        .as_ref()
        .map_or(Ok(0), |value| {
            rollout_math::scaled_value_from_int_or_percent(value, replicas, false)
        })
        .unwrap_or(0);
    if surge == 0 && written_unavailable == 0 && unavailable == 1 && replicas > 0 {
        lines.push("both would round to 0, so Kubernetes allows 1 unavailable pod".to_string());
    }
    lines.push(format!(
        "during the update: at most {} pods, at least {} available",
        replicas + surge,
        (replicas - unavailable).max(0)
    ));
    Some(FormulaCard {
        step: 6,
        title: "The rolling update's budget".to_string(),
        lines,
        sum: Sum::RollingBudget {
            replicas,
            max_surge: surge,
            max_unavailable: unavailable,
        },
    })
}

/// How a maxSurge (`up`) or maxUnavailable value came to `result` pods for `replicas`:
/// `25% of 3 = 0.75 → rounded up to 1` for a percentage, the count itself otherwise. The
/// caller names the unit after it: a count needs nothing more.
pub fn budget_value_text(
    value: &Option<IntOrPercent>,
    replicas: i64,
    result: i64,
    up: bool,
) -> String {
    let rounding = if up {
        "rounded up to"
    } else {
        "rounded down to"
    };
    match value {
        Some(percent @ IntOrPercent::Str(text)) => format!(
            "{text} of {replicas} = {} → {rounding} {result}",
            share_of(percent, replicas)
        ),
        Some(IntOrPercent::Int(number)) => format!("{number}"),
        None => format!("{result}"),
    }
}

/// `25%` of 3 as a decimal (`0.75`), for the card; whole numbers without decimals.
fn share_of(value: &IntOrPercent, replicas: i64) -> String {
    let percent = rollout_math::percent_of(value).unwrap_or(0);
    let hundredths = percent * replicas;
    if hundredths % 100 == 0 {
        format!("{}", hundredths / 100)
    } else {
        format!("{:.2}", hundredths as f64 / 100.0)
    }
}

#[cfg(test)]
mod tests {
    use crate::core::analysis::analyze;
    use crate::core::samples::SEED_MANIFEST;

    #[test]
    fn the_seed_cards_show_its_own_numbers() {
        let run = analyze(SEED_MANIFEST, None).run.expect("simulates");
        let cards = &run.lesson.formulas;
        assert_eq!(cards.len(), 2);
        assert_eq!(cards[0].step, 5);
        assert_eq!(
            cards[0].lines[..4],
            [
                "2 ready pods serve 30 req/s × 10m = 300m of CPU, against 400m requested",
                "utilization = ⌊300m × 100 ÷ 400m⌋ = 75% (whole percent, rounded down)",
                "ratio = 75% ÷ 50% = 1.50: more than 10% away from 1, so it acts",
                "proposal = ⌈2 ready pods × 75 ÷ 50⌉ = 3",
            ]
        );
        assert_eq!(cards[1].step, 6);
        assert_eq!(
            cards[1].lines[0],
            "maxSurge 25% of 3 = 0.75 → rounded up to 1 extra pod(s)"
        );
        assert_eq!(
            cards[1].lines[1],
            "maxUnavailable 25% of 3 = 0.75 → rounded down to 0 pod(s)"
        );
        assert_eq!(
            cards[1].lines[2],
            "during the update: at most 4 pods, at least 3 available"
        );
    }

    #[test]
    fn integer_budgets_are_counted_once_and_need_no_fencepost() {
        let manifest = SEED_MANIFEST.replace(
            "  selector:",
            "  strategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 1\n  selector:",
        );
        let run = analyze(&manifest, None).run.expect("simulates");
        let rollout = run
            .lesson
            .formulas
            .iter()
            .find(|c| c.step == 6)
            .expect("rollout card");
        assert_eq!(
            rollout.lines,
            [
                "maxSurge 0 extra pod(s)",
                "maxUnavailable 1 pod(s)",
                "during the update: at most 3 pods, at least 2 available",
            ]
        );
    }

    #[test]
    fn ten_replicas_round_differently() {
        let run = analyze(&SEED_MANIFEST.replace("replicas: 2", "replicas: 10"), None)
            .run
            .expect("simulates");
        let rollout = run
            .lesson
            .formulas
            .iter()
            .find(|c| c.step == 6)
            .expect("rollout card");
        assert_eq!(
            rollout.lines[0],
            "maxSurge 25% of 12 = 3 → rounded up to 3 extra pod(s)"
        );
        assert_eq!(
            rollout.lines[2],
            "during the update: at most 15 pods, at least 9 available"
        );
    }
}
