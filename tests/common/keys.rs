//! The generated quiz questions' keys and the predictions' answers held against the trace:
//! each fact is read again from the frames, the scheduler's failures and the autoscaler's
//! decisions, and the rolling budget is recomputed from the manifest's own maxSurge, without
//! the lesson's code. A problem is returned as a sentence naming the question.

use kubestep::core::analysis::Run;
use kubestep::core::lesson::quiz::{Basis, Question};
use kubestep::core::manifest::model::{IntOrPercent, StrategyKind};
use kubestep::core::practice::predict::{Answer, Fact, Prediction};
use kubestep::core::sim::decision::{DecisionOutcome, MetricTarget};
use kubestep::core::sim::trace::PodPhase;

use super::{Shown, frames, run_of};

/// `maxSurge` of `replicas`, worked out here: a count as written, a percentage rounded up.
pub fn surge_of(value: &Option<IntOrPercent>, replicas: i64) -> i64 {
    match value {
        None => 0,
        Some(IntOrPercent::Int(count)) => *count,
        Some(IntOrPercent::Str(text)) => {
            let percent: i64 = text.trim_end_matches('%').parse().expect("a percentage");
            (percent * replicas + 99) / 100
        }
    }
}

fn not_terminating(frame: &Shown) -> usize {
    frame.pods.iter().filter(|p| !p.terminating).count()
}

fn ready(frame: &Shown) -> usize {
    frame
        .pods
        .iter()
        .filter(|p| p.ready && !p.terminating)
        .count()
}

/// The problems of one question: its options, its pointer and its key against its basis.
/// `shown` is every frame of the run (`super::frames`).
pub fn question_problems(run: &Run, shown: &[Shown], question: &Question) -> Vec<String> {
    let mut problems = Vec::new();
    let key = &question.options[question.answer];
    let mut problem = |ok: bool, what: String| {
        if !ok {
            problems.push(format!("{:?}: {what}", question.prompt));
        }
    };
    problem(question.options.len() >= 2, "fewer than two options".into());
    problem(
        question.options.iter().filter(|o| *o == key).count() == 1,
        format!("key {key:?} is not one option"),
    );
    problem(
        !question.pointer.contains(key.as_str()),
        format!("the pointer gives the key {key:?} away"),
    );
    match &question.basis {
        Basis::StaysPending { pod } => {
            let last = shown.last().expect("frames");
            let still = last
                .pods
                .iter()
                .any(|p| *p.name == **pod && p.node.is_none() && !p.terminating);
            problem(still, format!("{pod} is not Pending at the end"));
            let failure = run
                .trace
                .scheduling_failures
                .iter()
                .rev()
                .find(|f| f.pod == *pod);
            problem(
                failure.is_some_and(|f| *key == f.summary()),
                format!("key {key:?} is not the scheduler's last failure for {pod}"),
            );
        }
        Basis::Endpoints { frame, endpoints } => {
            let at = &shown[*frame];
            let running = at
                .pods
                .iter()
                .filter(|p| p.phase == PodPhase::Running && !p.terminating)
                .count();
            problem(
                run.scenario.service.is_some(),
                "asks about traffic without a Service".into(),
            );
            problem(
                at.endpoints == *endpoints && *key == endpoints.to_string(),
                format!(
                    "key {key} is not frame {frame}'s {} endpoints",
                    at.endpoints
                ),
            );
            problem(
                running != *endpoints,
                format!("frame {frame}: endpoints equal the {running} Running pods"),
            );
        }
        Basis::AutoscalerSize { time, replicas } => {
            let decision = run
                .trace
                .autoscaler_decisions
                .iter()
                .find(|d| d.time == *time);
            let Some(decision) = decision else {
                problem(false, format!("no autoscaler sync at {time}s"));
                return problems;
            };
            problem(
                decision.desired_replicas == *replicas && *key == replicas.to_string(),
                format!(
                    "key {key} is not the {} replicas set at {time}s",
                    decision.desired_replicas
                ),
            );
            if let DecisionOutcome::Measured(m) = &decision.outcome {
                let target = match m.target {
                    MetricTarget::Utilization(t) | MetricTarget::AverageValueMilli(t) => t,
                };
                let ceiling = (m.ready_pods * m.value + target - 1) / target;
                problem(
                    m.within_tolerance || m.rebalanced || m.proposal == ceiling,
                    format!(
                        "proposal {} is not ⌈{}×{}÷{target}⌉",
                        m.proposal, m.ready_pods, m.value
                    ),
                );
                problem(
                    question.prompt.contains(&format!("{}", m.value)),
                    "the prompt does not state the measurement".into(),
                );
            } else {
                problem(
                    false,
                    "asks the sum of a sync that did not measure CPU".into(),
                );
            }
            // The frames up to the sync end at the size it set (no frame when it kept it).
            let after = shown.iter().rev().find(|f| f.time <= *time);
            problem(
                after.is_some_and(|f| f.deployment.replicas == *replicas),
                format!("the frames at {time}s do not show {replicas} replicas"),
            );
        }
        Basis::SurgeBudget {
            replicas,
            max_surge,
        } => {
            let start = run.trace.milestones.rollout_start;
            problem(
                start.is_some() && run.deployment.strategy.kind == StrategyKind::RollingUpdate,
                "asks a rolling budget without a rolling update".into(),
            );
            let at_start = shown
                .iter()
                .rev()
                .find(|f| Some(f.time) <= start)
                .map(|f| f.deployment.replicas);
            problem(
                at_start == Some(*replicas),
                format!("{replicas} replicas are not the update's start ({at_start:?})"),
            );
            let surge = surge_of(&run.deployment.strategy.max_surge, *replicas);
            problem(
                *max_surge == surge && *key == (replicas + surge).to_string(),
                format!("key {key} is not {replicas} + {surge}"),
            );
            let steps = &run.lesson.steps;
            let update =
                &shown[steps[5].first_frame..=steps[6].last_frame.max(steps[5].last_frame)];
            if update.iter().all(|f| f.deployment.replicas == *replicas) {
                let peak = update.iter().map(not_terminating).max().unwrap_or(0) as i64;
                problem(
                    peak <= replicas + surge,
                    format!(
                        "the update ran {peak} pods, over its budget {}",
                        replicas + surge
                    ),
                );
            }
        }
        Basis::SurgeIfReplicas {
            replicas,
            max_surge,
        } => {
            let surge = surge_of(&run.deployment.strategy.max_surge, *replicas);
            problem(
                *max_surge == surge && *key == surge.to_string(),
                format!("key {key} is not maxSurge of {replicas}: {surge}"),
            );
            problem(
                question.prompt.contains(&format!("{replicas}")),
                "the prompt does not name the replica count".into(),
            );
        }
        // The seed lesson's three are checked by tests/honesty.rs against the table and
        // tracker.
        Basis::ContainersStartAt { .. }
        | Basis::NoContainerStarted { .. }
        | Basis::PodsRunningAfterStep5 { .. }
        | Basis::StepSixResult { .. } => {}
    }
    problems
}

/// The problems of one prediction: its answer read again from the trace where its fact
/// points, and its premise.
pub fn prediction_problems(run: &Run, shown: &[Shown], prediction: &Prediction) -> Vec<String> {
    let steps = &run.lesson.steps;
    let row = &steps[prediction.step - 1];
    let expected: i64 = match (prediction.fact, &prediction.answer) {
        (Fact::Choice, Answer::Choice(question)) => return question_problems(run, shown, question),
        (_, Answer::Choice(_)) | (Fact::Choice, _) => {
            return vec![format!(
                "{:?}: a choice without its fact",
                prediction.prompt
            )];
        }
        (Fact::PodsCreated, _) => run.trace.milestones.initial_pods.len() as i64,
        (Fact::PodsScheduled { frame }, _) => {
            let initial = &run.trace.milestones.initial_pods;
            shown[frame]
                .pods
                .iter()
                .filter(|p| p.node.is_some() && initial.iter().any(|name| **name == *p.name))
                .count() as i64
        }
        (Fact::PodsReady { frame }, _) => ready(&shown[frame]) as i64,
        (Fact::Endpoints { frame }, _) => {
            let started = run.trace.milestones.traffic_start;
            if started.is_none_or(|start| shown[frame].time < start) {
                return vec!["asks about traffic before it started".into()];
            }
            shown[frame].endpoints as i64
        }
        (Fact::AutoscalerSize { time }, _) => run
            .trace
            .autoscaler_decisions
            .iter()
            .find(|d| d.time == time)
            .map_or(-1, |d| d.desired_replicas),
        (
            Fact::UpdatePeak {
                first_frame,
                last_frame,
            },
            _,
        ) => {
            if run.trace.milestones.rollout_start.is_none() {
                return vec!["asks about an update that never happened".into()];
            }
            shown[first_frame..=last_frame]
                .iter()
                .map(not_terminating)
                .max()
                .unwrap_or(0) as i64
        }
    };
    let mut problems = Vec::new();
    if prediction.answer != Answer::Number(expected) {
        problems.push(format!(
            "{:?}: answer {:?}, the trace says {expected}",
            prediction.prompt, prediction.answer
        ));
    }
    let frame = match prediction.fact {
        Fact::PodsScheduled { frame } | Fact::PodsReady { frame } | Fact::Endpoints { frame } => {
            Some(frame)
        }
        _ => None,
    };
    if frame.is_some_and(|frame| frame != row.last_frame || !row.happened) {
        problems.push(format!(
            "{:?}: read at frame {frame:?}, not at the end of step {}",
            prediction.prompt, prediction.step
        ));
    }
    if prediction.explanation.is_empty() {
        problems.push(format!("{:?}: no explanation", prediction.prompt));
    }
    problems
}

/// The manifests these checks run over: every example, and the seed edited so that each kind
/// of question meets its premise or loses it.
pub fn cases() -> Vec<(String, String)> {
    use kubestep::core::samples::{EXAMPLES, SEED_MANIFEST};
    let seed = |from: &str, to: &str| SEED_MANIFEST.replace(from, to);
    let strategy = |lines: &str| seed("  selector:", &format!("  strategy:\n{lines}  selector:"));
    let mut cases: Vec<(String, String)> = EXAMPLES
        .iter()
        .map(|(title, text)| (title.to_string(), text.to_string()))
        .collect();
    let edits = [
        ("seed, 10 replicas", seed("replicas: 2", "replicas: 10")),
        ("seed, 0 replicas", seed("replicas: 2", "replicas: 0")),
        (
            "seed, maxSurge 0",
            strategy("    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 1\n"),
        ),
        (
            "seed, maxSurge 40%",
            strategy("    rollingUpdate:\n      maxSurge: 40%\n"),
        ),
        ("seed, Recreate", strategy("    type: Recreate\n")),
        (
            "seed, a GPU no node has",
            seed(
                "        - containerPort: 5000\n",
                "        - containerPort: 5000\n        resources:\n          limits:\n            nvidia.com/gpu: 1\n",
            ),
        ),
        (
            "web without a rollout or an autoscaler",
            super::documents(&[
                &super::model_server("web", 3, "", super::REQUESTS_500M),
                super::SERVICE,
                &super::scenario("  traffic:\n  - {at: 30s, rps: 20}\n"),
            ]),
        ),
        (
            "web publishing not-ready pods",
            super::documents(&[
                &super::model_server("web", 2, "", super::REQUESTS_500M),
                &super::SERVICE.replace("spec:\n", "spec:\n  publishNotReadyAddresses: true\n"),
                &super::scenario(super::ROLLOUT_AT_60S),
            ]),
        ),
        (
            "web scaling up one pod a minute",
            super::documents(&[
                &super::model_server("web", 2, super::SURGE_ONE, super::REQUESTS_500M),
                super::SERVICE,
                &super::hpa(2, 6, 50, &super::scale_up_pods(1, 60)),
                &super::scenario("  traffic:\n  - {at: 30s, rps: 400}\n"),
            ]),
        ),
    ];
    cases.extend(edits.map(|(title, text)| (title.to_string(), text)));
    cases
}

/// Checks every item `items` draws from each case (its run and text) with `problems_of`:
/// how many items there were, and the problems, each named by its case.
pub fn check_cases<T>(
    items: impl Fn(&Run, &str) -> Vec<T>,
    problems_of: impl Fn(&Run, &[Shown], &T) -> Vec<String>,
) -> (usize, Vec<String>) {
    let (mut checked, mut problems) = (0, Vec::new());
    for (title, text) in cases() {
        let run = run_of(&text);
        let shown = frames(&run);
        for item in items(&run, &text) {
            checked += 1;
            for problem in problems_of(&run, &shown, &item) {
                problems.push(format!("{title}: {problem}"));
            }
        }
    }
    (checked, problems)
}

/// The manifest of the example whose title starts with `title`.
pub fn example_text(title: &str) -> &'static str {
    kubestep::core::samples::EXAMPLES
        .iter()
        .find(|(name, _)| name.starts_with(title))
        .map(|(_, text)| *text)
        .unwrap_or_else(|| panic!("no example titled {title:?}"))
}
