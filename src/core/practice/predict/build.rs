//! The predictions of one run, step by step: the pods apply creates, how many the scheduler
//! places (and why one stays Pending), how many are ready, which receive traffic, the size the
//! autoscaler sets, the most pods the rolling update runs, and how many are ready at the end.
//! Each is asked only where its premise holds; the choices and the autoscaler's sum are the
//! quiz's generated drafts, so both modes say the same about a run.

use super::{Answer, Fact, Prediction};
use crate::core::analysis::{Analysis, Run};
use crate::core::lesson::outcome::StepOutcome;
use crate::core::lesson::quiz::Basis;
use crate::core::links::{Owner, fields_behind_step, locate_fields};
use crate::core::order;
use crate::core::practice::generated::{self, endpoint_rule};
use crate::core::practice::options::Draft;
use crate::core::practice::premises;

/// The fields behind a prediction; where the manifest writes none of them, the step's.
type Fields = &'static [(Owner, &'static str)];

const REPLICAS: Fields = &[(Owner::Deployment, "spec.replicas")];
const SERVICE: Fields = &[
    (Owner::Service, "spec.selector"),
    (Owner::Deployment, "spec.template.metadata.labels"),
    (
        Owner::Deployment,
        "spec.template.spec.containers[{c}].readinessProbe",
    ),
];
const BUDGET: Fields = &[
    (Owner::Deployment, "spec.replicas"),
    (Owner::Deployment, "spec.strategy.rollingUpdate.maxSurge"),
    (
        Owner::Deployment,
        "spec.strategy.rollingUpdate.maxUnavailable",
    ),
];
const OF_THE_STEP: Fields = &[];

/// Every prediction of the analysed run whose premise holds, in step order (none without a
/// run).
pub fn predictions(analysis: &Analysis) -> Vec<Prediction> {
    let Some(run) = analysis.run.as_deref() else {
        return Vec::new();
    };
    let [pending, traffic, autoscaler, _, _] = generated::drafts(run);
    let asked = [
        created(run),
        scheduled(run),
        pending.map(|draft| choice(run, draft, 1, OF_THE_STEP)),
        ready(run, 3),
        endpoints(run),
        traffic.map(|draft| choice(run, draft, 2, SERVICE)),
        autoscaler.and_then(autoscaler_size),
        update_peak(run),
        ready(run, 8),
    ];
    let mut all: Vec<Prediction> = asked
        .into_iter()
        .flatten()
        .map(|(mut prediction, fields)| {
            prediction.fields = locate_fields(analysis, fields);
            if prediction.fields.is_empty() {
                prediction.fields = fields_behind_step(analysis, prediction.step);
            }
            prediction
        })
        .collect();
    order::sort_by_key(&mut all, |prediction| (prediction.step as u64, 0));
    all
}

fn number(
    step: usize,
    prompt: String,
    answer: i64,
    explanation: Vec<String>,
    fact: Fact,
) -> Prediction {
    Prediction {
        step,
        prompt,
        answer: Answer::Number(answer),
        explanation,
        fields: Vec::new(),
        fact,
    }
}

/// A generated question asked as a choice, its options in the quiz's order (`salt` is its
/// place in [`generated::drafts`] plus one, as the quiz orders it).
fn choice(run: &Run, draft: Draft, salt: u64, fields: Fields) -> (Prediction, Fields) {
    let (step, explanation) = (draft.step, draft.lines.clone());
    let question = draft.finish(run.scenario.seed, salt);
    let prediction = Prediction {
        step,
        prompt: question.prompt.clone(),
        answer: Answer::Choice(question),
        explanation,
        fields: Vec::new(),
        fact: Fact::Choice,
    };
    (prediction, fields)
}

fn created(run: &Run) -> Option<(Prediction, Fields)> {
    let StepOutcome::Applied { replicas, .. } = run.lesson.steps.first()?.outcome else {
        return None;
    };
    let pods = run.trace.milestones.initial_pods.len();
    let prediction = number(
        1,
        "How many pods will the Deployment's first ReplicaSet create?".to_string(),
        pods as i64,
        vec![format!(
            "the Deployment asks for {replicas} replica(s): its ReplicaSet creates {pods} pod(s) to match"
        )],
        Fact::PodsCreated,
    );
    Some((prediction, REPLICAS))
}

fn scheduled(run: &Run) -> Option<(Prediction, Fields)> {
    let row = run.lesson.steps.get(1)?;
    let (placed, total, explanation) = match &row.outcome {
        StepOutcome::AllScheduled { pods } => (
            *pods,
            *pods,
            "each pod found a node that passed the scheduler's filters: room for its requests, and a matching nodeSelector, affinity and tolerations".to_string(),
        ),
        StepOutcome::PartlyScheduled {
            scheduled,
            total,
            reason,
        } => (
            *scheduled,
            *total,
            format!("{scheduled} of {total} pod(s) found a node; the rest stay Pending: {reason}"),
        ),
        _ => return None,
    };
    let prediction = number(
        2,
        format!("How many of the {total} pod(s) will the scheduler place on a node?"),
        placed as i64,
        vec![explanation],
        Fact::PodsScheduled {
            frame: row.last_frame,
        },
    );
    Some((prediction, OF_THE_STEP))
}

/// The ready pods at the end of step 3 (once some pod is on a node) or step 8.
fn ready(run: &Run, step: usize) -> Option<(Prediction, Fields)> {
    let row = run.lesson.steps.get(step - 1)?;
    if !row.happened || matches!(row.outcome, StepOutcome::NoContainerStarted) {
        return None;
    }
    let frame = row.last_frame;
    let pods = run.trace.pod_set_at(frame);
    let ready = pods
        .followed()
        .filter(|p| p.ready && !p.terminating)
        .count();
    let (prompt, fields) = if step == 3 {
        (
            "How many pods will be ready once the kubelets have started them?",
            OF_THE_STEP,
        )
    } else {
        ("How many pods will be ready when the run ends?", REPLICAS)
    };
    let prediction = number(
        step,
        prompt.to_string(),
        ready as i64,
        vec![
            "a pod is ready once its containers run and its startup and readiness probes, if any, pass".to_string(),
            format!("Step {step} reads: {}", row.result),
        ],
        Fact::PodsReady { frame },
    );
    Some((prediction, fields))
}

/// The endpoints when traffic starts (the end of step 4), for a Service that gets traffic.
fn endpoints(run: &Run) -> Option<(Prediction, Fields)> {
    let service = run.scenario.service.as_ref()?;
    let row = run.lesson.steps.get(3)?;
    run.trace.milestones.traffic_start?;
    let frame = run.trace.frames.get(row.last_frame)?;
    let prediction = number(
        4,
        format!(
            "When traffic starts, how many pods will Service '{}' send requests to?",
            service.name
        ),
        frame.endpoints as i64,
        vec![
            endpoint_rule(&service.name, service.publish_not_ready_addresses),
            format!("at {}s it has {} endpoint(s)", frame.time, frame.endpoints),
        ],
        Fact::Endpoints {
            frame: row.last_frame,
        },
    );
    Some((prediction, SERVICE))
}

/// The autoscaler's sum, asked as a number.
fn autoscaler_size(draft: Draft) -> Option<(Prediction, Fields)> {
    let Basis::AutoscalerSize { time, replicas } = draft.basis else {
        return None;
    };
    let prediction = number(
        draft.step,
        draft.prompt,
        replicas,
        draft.lines,
        Fact::AutoscalerSize { time },
    );
    Some((prediction, OF_THE_STEP))
}

/// The most pods the rolling update runs at once, against the budget that bounds it.
fn update_peak(run: &Run) -> Option<(Prediction, Fields)> {
    let update = premises::rolling_update(run)?;
    let mut explanation = update.lines.to_vec();
    explanation.push(format!(
        "the busiest moment of the update holds {} pod(s), terminating ones aside",
        update.peak
    ));
    let prediction = number(
        6,
        "During the update, at most how many of the Deployment's pods (terminating ones aside) will exist at once?".to_string(),
        update.peak as i64,
        explanation,
        Fact::UpdatePeak {
            first_frame: update.first_frame,
            last_frame: update.last_frame,
        },
    );
    Some((prediction, BUDGET))
}
