//! Formula cards: the arithmetic behind a step, filled in with this manifest's own numbers,
//! so a student can redo the controller's sum (the HPA's ceiling, the rolling update's
//! rounding of maxSurge up and maxUnavailable down).

use serde::Serialize;

use crate::core::manifest::model::{CpuTarget, Deployment, IntOrPercent, StrategyKind};
use crate::core::scenario::EffectiveScenario;
use crate::core::sim::rollout_math::{self, RolloutInput};
use crate::core::sim::trace::Trace;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FormulaCard {
    /// The lesson step the card explains.
    pub step: usize,
    pub title: String,
    pub lines: Vec<String>,
}

pub fn build(
    deployment: &Deployment,
    scenario: &EffectiveScenario,
    trace: &Trace,
) -> Vec<FormulaCard> {
    let mut cards = Vec::new();
    if let Some(card) = autoscaler_card(deployment, scenario, trace) {
        cards.push(card);
    }
    if let Some(card) = rollout_card(deployment, trace) {
        cards.push(card);
    }
    cards
}

/// §4 steps 4–5 and 8 for the first rescale: the utilization the HPA measured, the ratio to
/// its target, the tolerance test, the ceiling, and the limit that applied.
fn autoscaler_card(
    deployment: &Deployment,
    scenario: &EffectiveScenario,
    trace: &Trace,
) -> Option<FormulaCard> {
    let hpa = scenario.autoscaler.as_ref()?;
    let Some(CpuTarget::Utilization(target)) = hpa.cpu_target else {
        return None;
    };
    let &(time, from, to) = trace.milestones.rescales.first()?;
    let utilization = trace
        .frames
        .iter()
        .filter(|frame| frame.time == time)
        .find_map(|frame| frame.hpa.as_ref().and_then(|h| h.cpu_utilization))?;
    let ratio = utilization as f64 / target as f64;
    let proposal = (ratio * from as f64).ceil() as i64;
    let request =
        crate::core::scenario::pod_cpu_request_milli(deployment, scenario.limit_range.as_ref());
    // The busiest ready pod just before the sync: what one replica was carrying.
    let busiest = trace
        .frames
        .iter()
        .rev()
        .find(|frame| frame.time <= time)
        .and_then(|frame| {
            frame
                .pods
                .iter()
                .filter(|p| p.ready)
                .map(|p| p.requests_per_second)
                .max()
        })
        .unwrap_or(0);
    let usage_line = if request > 0 && busiest > 0 {
        format!(
            "a pod serving {busiest} req/s × {}m = {}m of its {request}m CPU request: utilization {utilization}% (averaged over pods, whole percent, rounded down)",
            scenario.cpu_per_request_milli,
            busiest * scenario.cpu_per_request_milli
        )
    } else {
        format!(
            "CPU utilization = usage ÷ request = {utilization}% (averaged over pods, whole percent, rounded down)"
        )
    };
    let mut lines = vec![
        usage_line,
        format!(
            "ratio = {utilization}% ÷ {target}% target = {ratio:.2}; |1 − {ratio:.2}| = {:.2} > 0.10 tolerance, so it acts",
            (1.0 - ratio).abs()
        ),
        format!("desired = ⌈{from} × {ratio:.2}⌉ = {proposal}"),
    ];
    if hpa.behavior.is_none() && to > from {
        let limit = (2 * from).max(4);
        lines.push(format!(
            "scale-up limit without behavior = max(2 × {from}, 4) = {limit}; range [{}, {}]",
            hpa.min_replicas, hpa.max_replicas
        ));
    }
    lines.push(format!("at {time}s: New size: {to}"));
    Some(FormulaCard {
        step: 5,
        title: "Why the autoscaler chose this size".to_string(),
        lines,
    })
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
    let explain = |value: &Option<IntOrPercent>, rounding: &str, result: i64| match value {
        Some(IntOrPercent::Str(text)) => format!(
            "{text} of {replicas} = {} → {rounding} {result}",
            percent_of(text, replicas)
        ),
        Some(IntOrPercent::Int(number)) => format!("{number} pod(s)"),
        None => format!("{result}"),
    };
    let mut lines = vec![
        format!(
            "maxSurge {} extra pod(s)",
            explain(&deployment.strategy.max_surge, "rounded up to", surge)
        ),
        format!(
            "maxUnavailable {} pod(s)",
            explain(
                &deployment.strategy.max_unavailable,
                "rounded down to",
                unavailable
            )
        ),
    ];
    if surge == 0 && unavailable == 1 && replicas > 0 {
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
    })
}

fn percent_of(text: &str, replicas: i64) -> String {
    let percent: f64 = text.trim_end_matches('%').parse().unwrap_or(0.0);
    let exact = percent * replicas as f64 / 100.0;
    if exact.fract() == 0.0 {
        format!("{exact:.0}")
    } else {
        format!("{exact:.2}")
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
        assert!(
            cards[0]
                .lines
                .contains(&"desired = ⌈2 × 1.50⌉ = 3".to_string()),
            "{:?}",
            cards[0].lines
        );
        assert!(
            cards[0]
                .lines
                .iter()
                .any(|l| l.starts_with("ratio = 75% ÷ 50% target = 1.50"))
        );
        assert!(
            cards[0].lines[0].starts_with(
                "a pod serving 15 req/s × 10m = 150m of its 200m CPU request: utilization 75%"
            ),
            "{}",
            cards[0].lines[0]
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
