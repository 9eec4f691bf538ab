//! The quiz's questions generated from the trace, beyond the seed lesson's three: why a pod
//! stays Pending (the scheduler's typed failure), which pods receive traffic (readiness and
//! endpoints), the autoscaler's arithmetic, the rolling update's budget, and what another
//! replica count would make of maxSurge. Each is drafted only when its premise holds
//! ([`super::premises`]); the Predict mode asks the same drafts.

use super::options::{Draft, numbers};
use super::premises::{self, RollingUpdate};
use crate::core::analysis::Run;
use crate::core::lesson::formulas::budget_value_text;
use crate::core::lesson::quiz::{Basis, Question};
use crate::core::manifest::model::{IntOrPercent, StrategyKind};
use crate::core::sim::decision::MetricTarget;
use crate::core::sim::rollout_math::{self, RolloutInput};

/// Every generated question whose premise holds, in the order of [`drafts`], each with its
/// options ordered by the run's seed.
pub fn build(run: &Run) -> Vec<Question> {
    drafts(run)
        .into_iter()
        .zip(1..)
        .filter_map(|(draft, salt)| Some(draft?.finish(run.scenario.seed, salt)))
        .collect()
}

/// The drafts of every kind, `None` where the premise fails: pending pod, traffic,
/// autoscaler, rolling budget, another replica count. A draft's salt is its place plus one.
pub fn drafts(run: &Run) -> [Option<Draft>; 5] {
    [
        pending_draft(run),
        traffic_draft(run),
        autoscaler_draft(run),
        budget_draft(run),
        surge_if_draft(run),
    ]
}

/// Which pods a Service sends requests to, as its `publishNotReadyAddresses` decides.
pub fn endpoint_rule(service: &str, publishes_not_ready: bool) -> String {
    if publishes_not_ready {
        format!(
            "Service '{service}' sets publishNotReadyAddresses: every pod its selector matches is an endpoint once it is on a node, ready or not"
        )
    } else {
        "A Service sends requests only to ready pods its selector matches, never to a pod that runs but is not ready".to_string()
    }
}

/// Why a pod is still Pending at the end: the scheduler's fit error for it. The other options
/// blame what acts only on a pod bound to a node (the kubelet, its probes) or never holds a
/// pod back (the autoscaler), so none of them is true of an unbound pod.
pub fn pending_draft(run: &Run) -> Option<Draft> {
    let pending = premises::pending_pod(run)?;
    let summary = pending.failure.summary();
    Some(Draft {
        step: pending.step,
        prompt: format!(
            "Pod {} is still Pending when the run ends. Why?",
            pending.pod
        ),
        key: summary.clone(),
        distractors: [
            "The kubelet on its node is still pulling the image",
            "Its readiness probe keeps failing",
            "The autoscaler keeps it back until the load rises",
        ]
        .map(str::to_string)
        .to_vec(),
        pointer: format!(
            "Look at the Pending area of the picture and the scheduler's FailedScheduling event for {}.",
            pending.pod
        ),
        lines: vec![
            "A pod no node can take stays Pending, unbound: no kubelet pulls its image or starts it"
                .to_string(),
            format!(
                "at {}s the scheduler tried every node and none passed its filters: {summary}",
                pending.failure.time
            ),
        ],
        basis: Basis::StaysPending { pod: pending.pod },
    })
}

/// How many pods are the Service's endpoints at a moment when that is not the number of
/// Running pods. Asked as endpoints, not requests: traffic may not have started yet.
pub fn traffic_draft(run: &Run) -> Option<Draft> {
    let moment = premises::traffic_moment(run)?;
    let mut lines = vec![
        endpoint_rule(&moment.service, moment.publishes_not_ready),
        format!(
            "at {}s it has {} endpoint(s)",
            moment.time, moment.endpoints
        ),
    ];
    if !moment.publishes_not_ready && moment.ready > moment.endpoints {
        lines.push(
            "Its selector does not match every ready pod: compare it with the pod template's labels"
                .to_string(),
        );
    }
    Some(Draft {
        step: moment.step,
        prompt: format!(
            "At {}s the Deployment has {} Running pod(s), {} of them ready. How many pods are endpoints of Service '{}', the pods its requests go to?",
            moment.time, moment.running, moment.ready, moment.service
        ),
        key: moment.endpoints.to_string(),
        distractors: numbers(
            moment.endpoints as i64,
            &[
                moment.running as i64,
                moment.ready as i64,
                moment.pods as i64,
                0,
            ],
        ),
        pointer: "Compare each pod's READY column with the requests the Service draws in the picture at that moment.".to_string(),
        lines,
        basis: Basis::Endpoints {
            frame: moment.frame,
            endpoints: moment.endpoints,
        },
    })
}

/// The size the autoscaler sets at the sync its formula card explains.
pub fn autoscaler_draft(run: &Run) -> Option<Draft> {
    let sync = premises::autoscaler_sync(run)?;
    let (decision, m) = (sync.decision, sync.measurement);
    let measured = match m.target {
        MetricTarget::Utilization(target) => format!(
            "{}% CPU utilization of requests on {} ready pod(s), against a target of {target}%",
            m.value, m.ready_pods
        ),
        MetricTarget::AverageValueMilli(target) => format!(
            "{}m of CPU per pod on {} ready pod(s), against a target of {target}m",
            m.value, m.ready_pods
        ),
    };
    let target = match m.target {
        MetricTarget::Utilization(target) | MetricTarget::AverageValueMilli(target) => target,
    };
    // The sum without its ceiling: the answer of a student who rounds down.
    let rounded_down = m.ready_pods * m.value / target.max(1);
    let key = decision.desired_replicas;
    Some(Draft {
        step: 5,
        prompt: format!(
            "At {}s the autoscaler of a Deployment at {} replica(s) (minReplicas {}, maxReplicas {}) measures {measured}. What does it set spec.replicas to?",
            decision.time, decision.current_replicas, decision.min_replicas, decision.max_replicas
        ),
        key: key.to_string(),
        distractors: numbers(
            key,
            &[
                m.proposal,
                rounded_down,
                decision.current_replicas,
                decision.max_replicas,
                key - 1,
            ],
        ),
        pointer: "Redo the autoscaler's sum: desired = ⌈ready pods × measured ÷ target⌉, then the tolerance, the limits and the stabilization window.".to_string(),
        lines: sync.lines.to_vec(),
        basis: Basis::AutoscalerSize {
            time: decision.time,
            replicas: key,
        },
    })
}

/// `maxSurge` as the prompt names it.
fn surge_text(value: &Option<IntOrPercent>) -> String {
    value.as_ref().map_or("0".to_string(), ToString::to_string)
}

/// The most pods the rolling update's budget allows: replicas + maxSurge (rounded up).
pub fn budget_draft(run: &Run) -> Option<Draft> {
    let update = premises::rolling_update(run)?;
    let key = update.replicas + update.max_surge;
    // A student who rounds the surge down, or adds the unavailable budget instead.
    let surge_down = update.surge_value.as_ref().map_or(Ok(0), |value| {
        rollout_math::scaled_value_from_int_or_percent(value, update.replicas, false)
    });
    Some(Draft {
        step: 6,
        prompt: format!(
            "The update starts at {} replica(s) with maxSurge {}. At most how many of the Deployment's pods (terminating ones aside) may exist during the update?",
            update.replicas,
            surge_text(update.surge_value)
        ),
        key: key.to_string(),
        distractors: numbers(
            key,
            &[
                update.replicas + surge_down.unwrap_or(0),
                update.replicas,
                update.replicas + update.max_unavailable,
                2 * update.replicas,
            ],
        ),
        pointer: "Find the rolling update's budget: how maxSurge turns into a number of pods, and which way a percentage rounds.".to_string(),
        lines: update.lines.to_vec(),
        basis: Basis::SurgeBudget {
            replicas: update.replicas,
            max_surge: update.max_surge,
        },
    })
}

/// What a percentage maxSurge would allow had the update started at another replica count:
/// the first count above this run's where the percentage is not a whole number of pods.
pub fn surge_if_draft(run: &Run) -> Option<Draft> {
    let update: RollingUpdate = premises::rolling_update(run)?;
    let percent = rollout_math::percent_of(update.surge_value.as_ref()?)?;
    let replicas = (update.replicas + 1..=update.replicas + 12).find(|r| percent * r % 100 != 0)?;
    let input = RolloutInput {
        strategy: StrategyKind::RollingUpdate,
        replicas,
        max_surge: update.surge_value.clone(),
        max_unavailable: run.deployment.strategy.max_unavailable.clone(),
    };
    let key = rollout_math::max_surge(&input);
    let rounded_down = percent * replicas / 100;
    Some(Draft {
        step: 6,
        prompt: format!(
            "Had spec.replicas been {replicas} when the update started, how many extra pods would maxSurge {} allow?",
            surge_text(update.surge_value)
        ),
        key: key.to_string(),
        distractors: numbers(key, &[rounded_down, update.max_surge, key - 1]),
        pointer: "Work out maxSurge's percentage of the new replica count, and remember which way the surge rounds.".to_string(),
        lines: vec![
            format!(
                "maxSurge {} extra pod(s)",
                budget_value_text(update.surge_value, replicas, key, true)
            ),
            format!("so at most {} pods during that update", replicas + key),
        ],
        basis: Basis::SurgeIfReplicas {
            replicas,
            max_surge: key,
        },
    })
}
