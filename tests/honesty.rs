//! Honesty over generated manifests: for each of 600 manifests drawn with the crate's own
//! seeded generator (replicas 0 to 12, with and without a GPU, schedulable or not, with or
//! without an autoscaler, RollingUpdate or Recreate, a rollout, none, or one to the same
//! image, requests larger than a node, the seed's supplied story or a Scenario), every
//! sentence and number of the lesson is checked against the trace it came from:
//!
//! - tracker cells equal the counts in the frames that end their steps;
//! - every quiz key equals what the process table and the tracker show, and every generated
//!   question's key and every prediction's answer what the trace holds (`common::keys`);
//! - "(after update)" and a newer version appear only if pods of that revision were ready;
//! - no step outcome claims an event, a pod state or a rescale the trace lacks;
//! - the formula cards' numbers recompute to the results they print.
//!
//! A failure names the case and its manifest, and reproduces exactly.

mod common;

use kubestep::core::analysis::{Run, analyze};
use kubestep::core::lesson::formulas::Sum;
use kubestep::core::lesson::outcome::StepOutcome;
use kubestep::core::lesson::quiz::Basis;
use kubestep::core::lesson::tracker::COLUMN_STEPS;
use kubestep::core::practice::predict;
use kubestep::core::rng::Rng;
use kubestep::core::sim::decision::{DecisionOutcome, MetricTarget};
use kubestep::core::sim::rollout_math::{self, RolloutInput};
use kubestep::core::sim::trace::{Change, EventReason, PodPhase};

use common::{Shown, documents, frame_at, frames, hpa, keys, model_deployment, readiness_probe};

const CASES: usize = 600;

#[derive(Clone, Debug)]
enum Cluster {
    /// No Scenario: the seed's story (nodes, Service, HPA, traffic, rollout) is supplied.
    Supplied,
    /// A Scenario with two nodes of this many CPU and, optionally, a rollout and traffic.
    Scenario {
        node_cpu: i64,
        rollout: Rollout,
        traffic: Option<i64>,
    },
}

#[derive(Clone, Copy, Debug)]
enum Rollout {
    None,
    NewImage,
    SameImage,
}

#[derive(Clone, Debug)]
struct Case {
    replicas: i64,
    cpu: Option<&'static str>,
    gpu: bool,
    probe: bool,
    recreate: bool,
    budget: (&'static str, &'static str),
    autoscaler: Option<(i64, i64, i64)>,
    cluster: Cluster,
    /// A second Deployment in the file (a router in front of the model), with its Service.
    router: bool,
}

fn pick<T: Copy>(rng: &mut Rng, options: &[T]) -> T {
    options[rng.below(options.len())]
}

fn draw(rng: &mut Rng) -> Case {
    let replicas = pick(rng, &[0, 1, 2, 2, 3, 4, 5, 8, 12]);
    let cluster = if rng.below(3) == 0 {
        Cluster::Supplied
    } else {
        Cluster::Scenario {
            node_cpu: pick(rng, &[2, 4, 8]),
            rollout: pick(rng, &[Rollout::None, Rollout::NewImage, Rollout::SameImage]),
            traffic: pick(rng, &[None, Some(20), Some(80), Some(300)]),
        }
    };
    let autoscaler = (rng.below(2) == 0).then(|| {
        let min = pick(rng, &[1, 2]);
        (min, min + pick(rng, &[1, 2, 4]), pick(rng, &[30, 50, 80]))
    });
    Case {
        replicas,
        cpu: pick(
            rng,
            &[
                None,
                Some("100m"),
                Some("500m"),
                Some("\"3\""),
                Some("\"5\""),
            ],
        ),
        gpu: rng.below(4) == 0,
        probe: rng.below(2) == 0,
        recreate: rng.below(4) == 0,
        budget: pick(
            rng,
            &[
                ("25%", "25%"),
                ("1", "0"),
                ("0", "1"),
                ("50%", "0"),
                ("0", "\"100%\""),
            ],
        ),
        autoscaler,
        cluster,
        router: rng.below(4) == 0,
    }
}

fn manifest(case: &Case) -> String {
    let strategy = if case.recreate {
        "  strategy:\n    type: Recreate\n".to_string()
    } else {
        let quote = |v: &str| {
            if v.ends_with('%') {
                format!("\"{v}\"")
            } else {
                v.to_string()
            }
        };
        format!(
            "  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: {}\n      maxUnavailable: {}\n",
            quote(case.budget.0),
            case.budget.1
        )
    };
    let mut requests = String::new();
    if let Some(cpu) = case.cpu {
        requests.push_str(&format!("            cpu: {cpu}\n"));
    }
    let mut resources = String::new();
    if !requests.is_empty() || case.gpu {
        resources.push_str("        resources:\n");
        if !requests.is_empty() {
            resources.push_str("          requests:\n");
            resources.push_str(&requests);
        }
        if case.gpu {
            resources.push_str("          limits:\n            nvidia.com/gpu: 1\n");
        }
    }
    let probe = if case.probe {
        readiness_probe(5, 5)
    } else {
        String::new()
    };
    let mut parts = vec![model_deployment(
        "web",
        case.replicas,
        &strategy,
        resources.trim_end_matches('\n'),
        &probe,
    )];
    if let Some((min, max, target)) = case.autoscaler {
        parts.push(hpa(min, max, target, ""));
    }
    if let Cluster::Scenario {
        node_cpu,
        rollout,
        traffic,
    } = &case.cluster
    {
        parts.push(common::SERVICE.to_string());
        let mut spec = format!(
            "apiVersion: kubestep.dev/v1alpha1\nkind: Scenario\nspec:\n  nodes:\n  - name: node-a\n    cpu: \"{node_cpu}\"\n    memory: 32Gi\n  - name: node-b\n    cpu: \"{node_cpu}\"\n    memory: 32Gi\n"
        );
        if let Some(rps) = traffic {
            spec.push_str(&format!("  traffic:\n  - {{at: 30s, rps: {rps}}}\n"));
        }
        match rollout {
            Rollout::None => {}
            Rollout::NewImage => spec.push_str("  rollout:\n    at: 2m\n    image: mlmodel:v2\n"),
            Rollout::SameImage => spec.push_str("  rollout:\n    at: 2m\n    image: mlmodel:v1\n"),
        }
        parts.push(spec);
    }
    if case.router {
        parts.push(model_deployment(
            "router",
            1,
            "",
            "        resources:\n          requests:\n            cpu: 100m",
            "",
        ));
        parts.push(common::SERVICE.replace("web", "router"));
    }
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    documents(&parts)
}

// ---------------------------------------------------------------------------------------------
// What the trace holds, counted straight from the frames
// ---------------------------------------------------------------------------------------------

fn end_frame(run: &Run, step: usize) -> Shown<'_> {
    frame_at(run, run.lesson.steps[step - 1].last_frame)
}

fn running(frame: &Shown) -> i64 {
    frame
        .pods
        .iter()
        .filter(|p| p.phase == PodPhase::Running && !p.terminating)
        .count() as i64
}

/// Events about the followed Deployment, its pods and its autoscaler, up to a moment: the
/// file's other Deployments have events of their own.
fn events(run: &Run, reason: EventReason, until: u64) -> usize {
    let mut objects: std::collections::HashSet<String> = frames(run)
        .iter()
        .flat_map(|frame| frame.pods.iter().map(|pod| format!("pod/{}", pod.name)))
        .collect();
    objects.insert(format!("deployment/{}", run.deployment.name));
    if let Some(hpa) = &run.scenario.autoscaler {
        objects.insert(format!("horizontalpodautoscaler/{}", hpa.name));
    }
    run.trace
        .events
        .iter()
        .filter(|e| e.reason == reason && e.time <= until && objects.contains(&e.object))
        .count()
}

fn ready_of_revision(frame: &Shown, revision: u64) -> bool {
    frame
        .pods
        .iter()
        .any(|p| p.revision == revision && p.ready && !p.terminating)
}

// ---------------------------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------------------------

fn check_tracker(run: &Run, problems: &mut Vec<String>) {
    let tracker = &run.lesson.tracker;
    for (column, &step) in COLUMN_STEPS.iter().enumerate() {
        let (replicas, pods) = if step == 0 {
            (0, 0)
        } else {
            let frame = end_frame(run, step);
            (frame.deployment.replicas, running(&frame))
        };
        let replicas_cell = &tracker.rows[0].values[column];
        let pods_cell = &tracker.rows[1].values[column];
        if !replicas_cell.starts_with(&replicas.to_string()) {
            problems.push(format!(
                "tracker replicas column {column}: {replicas_cell} but the frame has {replicas}"
            ));
        }
        if pods_cell != &pods.to_string() {
            problems.push(format!(
                "tracker pods running column {column}: {pods_cell} but the frame has {pods}"
            ));
        }
        let reading = tracker.readings[column];
        if step > 0
            && reading.serving
            && !ready_of_revision(&end_frame(run, step), reading.revision)
        {
            problems.push(format!(
                "tracker column {column} shows revision {} serving without a ready pod of it",
                reading.revision
            ));
        }
        let version_cell = &tracker.rows[2].values[column];
        if version_cell.contains("after update")
            && !(reading.revision >= 2
                && ready_of_revision(&end_frame(run, step), reading.revision))
        {
            problems.push(format!(
                "tracker says {version_cell} but no pod of a new revision is ready"
            ));
        }
        if step > 0 && reading.revision >= 2 && !reading.serving {
            problems.push(format!(
                "tracker column {column} names revision {} that never served",
                reading.revision
            ));
        }
    }
}

fn check_quiz(run: &Run, problems: &mut Vec<String>) {
    let steps = &run.lesson.steps;
    let tracker = &run.lesson.tracker;
    let first_start = run.trace.frames.iter().find(|frame| {
        frame
            .changes
            .iter()
            .any(|change| matches!(change, Change::ContainersStarted { .. }))
    });
    let shown = frames(run);
    for question in &kubestep::core::practice::questions(run) {
        let key = &question.options[question.answer];
        let distinct = question
            .options
            .iter()
            .filter(|option| *option == key)
            .count();
        if distinct != 1 {
            problems.push(format!("quiz key {key:?} appears {distinct} times"));
        }
        match &question.basis {
            Basis::ContainersStartAt { step } => match first_start {
                Some(frame) if frame.step == *step && key == &format!("Step {step}") => {}
                other => problems.push(format!(
                    "quiz says containers start at {key}, first start frame is in step {:?}",
                    other.map(|f| f.step)
                )),
            },
            Basis::NoContainerStarted { .. } => {
                if first_start.is_some() {
                    problems.push("quiz says no container started, but one did".to_string());
                }
            }
            Basis::PodsRunningAfterStep5 { pods, rescaled } => {
                if key != &tracker.rows[1].values[3] || key != &pods.to_string() {
                    problems.push(format!(
                        "quiz key {key} is not the tracker's {} after Step 5",
                        tracker.rows[1].values[3]
                    ));
                }
                let did = matches!(steps[4].outcome, StepOutcome::Rescaled { .. });
                if *rescaled != did || (question.prompt.contains("after scaling") && !did) {
                    problems.push("quiz asks about scaling that did not happen".to_string());
                }
            }
            Basis::StepSixResult { .. } => {
                if key != &steps[5].result {
                    problems.push(format!("quiz key {key:?} is not Step 6's result"));
                }
            }
            _ => problems.extend(keys::question_problems(run, &shown, question)),
        }
    }
}

/// The place of a generated question's kind in the tally.
fn kind_of(basis: &Basis) -> usize {
    match basis {
        Basis::StaysPending { .. } => 0,
        Basis::Endpoints { .. } => 1,
        Basis::AutoscalerSize { .. } => 2,
        Basis::SurgeBudget { .. } => 3,
        _ => 4,
    }
}

fn check_outcomes(run: &Run, problems: &mut Vec<String>) {
    let trace = &run.trace;
    let steps = &run.lesson.steps;
    let claim = |problems: &mut Vec<String>, ok: bool, what: &str| {
        if !ok {
            problems.push(what.to_string());
        }
    };
    let time_of = |step: usize| end_frame(run, step).time;
    for row in steps {
        if row.result != row.outcome.to_string() {
            problems.push(format!("row {} text is not its outcome", row.number));
        }
    }
    match &steps[1].outcome {
        StepOutcome::AllScheduled { pods } => claim(
            problems,
            events(run, EventReason::Scheduled, time_of(2)) >= *pods,
            "step 2 says all pods scheduled without their Scheduled events",
        ),
        StepOutcome::PartlyScheduled { .. } => claim(
            problems,
            events(run, EventReason::FailedScheduling, time_of(2)) > 0,
            "step 2 says pods stay Pending without a FailedScheduling event",
        ),
        _ => {}
    }
    match &steps[2].outcome {
        StepOutcome::ContainersServing { .. } => {
            let frame = end_frame(run, 3);
            let initial = &trace.milestones.initial_pods;
            let ok = frame
                .pods
                .iter()
                .filter(|p| initial.iter().any(|name| **name == *p.name) && p.node.is_some())
                .all(|p| p.ready && p.phase == PodPhase::Running);
            claim(
                problems,
                ok && events(run, EventReason::Started, time_of(3)) > 0,
                "step 3 says containers serve but they are not all ready and Started",
            );
        }
        StepOutcome::NoContainerStarted => claim(
            problems,
            events(run, EventReason::Started, time_of(3)) == 0,
            "step 3 says no container started but one did",
        ),
        _ => {}
    }
    let rollout_start = trace.milestones.rollout_start.unwrap_or(u64::MAX);
    match &steps[4].outcome {
        StepOutcome::Rescaled { .. } => claim(
            problems,
            rollout_start > 0 && events(run, EventReason::SuccessfulRescale, rollout_start - 1) > 0,
            "step 5 says pods were scaled without a SuccessfulRescale event",
        ),
        StepOutcome::CannotMeasure { .. } => claim(
            problems,
            events(run, EventReason::FailedGetResourceMetric, u64::MAX) > 0,
            "step 5 says CPU could not be measured without a FailedGetResourceMetric event",
        ),
        StepOutcome::WithinTolerance { .. } => claim(
            problems,
            trace
                .autoscaler_decisions
                .iter()
                .rfind(|d| d.time < rollout_start)
                .is_some_and(|d| {
                    d.measurement()
                        .is_some_and(|m| m.within_tolerance && !d.rescaled())
                        || matches!(d.outcome, DecisionOutcome::Clamped { .. })
                }),
            "step 5 says usage was within tolerance without a measurement that was",
        ),
        _ => {}
    }
    let new_revision = trace
        .frames
        .get(steps[4].last_frame + 1)
        .map(|f| f.deployment.revision)
        .unwrap_or(0);
    match &steps[5].outcome {
        StepOutcome::RolledOut { .. } => {
            let frames = &frames(run)[steps[5].first_frame..=steps[5].last_frame];
            claim(
                problems,
                frames.iter().any(|f| ready_of_revision(f, new_revision))
                    && trace.milestones.rollout_start.is_some(),
                "step 6 says the rollout brought new pods without a ready new pod",
            );
        }
        StepOutcome::NoRollout | StepOutcome::ImageUnchanged => claim(
            problems,
            !trace.frames.iter().any(|f| {
                f.changes
                    .iter()
                    .any(|c| matches!(c, Change::ImageSet { .. }))
            }),
            "step 6 says no rollout but the image changed",
        ),
        _ => {}
    }
    if let StepOutcome::Completed = steps[6].outcome {
        let frame = end_frame(run, 7);
        claim(
            problems,
            frame
                .pods
                .iter()
                .all(|p| p.revision == frame.deployment.revision),
            "step 7 says the update finished with old pods left",
        );
    }
    if let StepOutcome::Stable = steps[7].outcome {
        let frame = end_frame(run, 8);
        claim(
            problems,
            frame.pods.iter().filter(|p| p.ready).count() as i64 == frame.deployment.replicas,
            "step 8 says stable without every replica ready",
        );
        claim(
            problems,
            run.scenario.service.is_none() || frame.endpoints > 0 || frame.deployment.replicas == 0,
            "step 8 says the model serves while its Service has no endpoint",
        );
    }
    if let StepOutcome::NotFinished {
        old, old_running, ..
    } = steps[6].outcome
        && old_running < old
        && steps[6]
            .result
            .contains(&format!("{old} old pods still running"))
    {
        problems.push("step 7 calls Pending old pods running".to_string());
    }
}

fn check_formulas(run: &Run, problems: &mut Vec<String>) {
    for card in &run.lesson.formulas {
        match &card.sum {
            Sum::Autoscaler {
                decision,
                cpu_per_request_milli,
                legacy,
            } => {
                let Some(m) = decision.measurement() else {
                    continue;
                };
                let MetricTarget::Utilization(target) = m.target else {
                    continue;
                };
                let line = |prefix: &str| card.lines.iter().find(|l| l.starts_with(prefix));
                if m.request_milli <= 0 || m.usage_milli * 100 / m.request_milli != m.value {
                    problems.push(format!(
                        "card: ⌊{} × 100 ÷ {}⌋ is not {}%",
                        m.usage_milli, m.request_milli, m.value
                    ));
                }
                let printed = format!(
                    "utilization = ⌊{}m × 100 ÷ {}m⌋ = {}%",
                    m.usage_milli, m.request_milli, m.value
                );
                if line(&printed).is_none() {
                    problems.push(format!("card lacks {printed:?}: {:?}", card.lines));
                }
                let requests = m.usage_milli / cpu_per_request_milli.max(&1);
                if requests * cpu_per_request_milli != m.usage_milli {
                    problems.push("card: req/s × CPU per request is not the usage".to_string());
                }
                if !m.within_tolerance && !m.rebalanced {
                    let exact = (m.ready_pods * m.value + target - 1) / target;
                    if exact != m.proposal {
                        problems.push(format!(
                            "card: ⌈{} × {} ÷ {target}⌉ = {exact}, the controller proposed {}",
                            m.ready_pods, m.value, m.proposal
                        ));
                    }
                }
                if *legacy && m.stabilized > decision.current_replicas {
                    let limit = (2 * decision.current_replicas).max(4);
                    if decision.desired_replicas > limit.min(decision.max_replicas) {
                        problems.push("card: size above the legacy scale-up limit".to_string());
                    }
                }
                if decision.desired_replicas < decision.min_replicas
                    || decision.desired_replicas > decision.max_replicas
                {
                    problems.push("card: size outside [min, max]".to_string());
                }
                if !matches!(decision.outcome, DecisionOutcome::Measured(_)) {
                    problems.push("card explains a measurement that did not happen".to_string());
                }
            }
            Sum::RollingBudget {
                replicas,
                max_surge,
                max_unavailable,
            } => {
                let input = RolloutInput {
                    strategy: run.deployment.strategy.kind,
                    replicas: *replicas,
                    max_surge: run.deployment.strategy.max_surge.clone(),
                    max_unavailable: run.deployment.strategy.max_unavailable.clone(),
                };
                if rollout_math::max_surge(&input) != *max_surge
                    || rollout_math::max_unavailable(&input) != *max_unavailable
                {
                    problems.push("card's budget is not the controller's".to_string());
                }
                let printed = format!(
                    "during the update: at most {} pods, at least {} available",
                    replicas + max_surge,
                    (replicas - max_unavailable).max(0)
                );
                if !card.lines.contains(&printed) {
                    problems.push(format!("card lacks {printed:?}"));
                }
            }
            Sum::Recreate { .. } => {}
        }
    }
}

#[test]
fn every_lesson_states_only_what_its_trace_holds() {
    let mut rng = Rng::new(7);
    let mut failures = Vec::new();
    let mut tally = [0usize; 7];
    let mut generated = [0usize; 5];
    for number in 0..CASES {
        let case = draw(&mut rng);
        let text = manifest(&case);
        let analysis = analyze(&text, None);
        let Some(run) = analysis.run.as_deref() else {
            failures.push(format!(
                "case {number}: rejected {:?}\n{text}",
                analysis.diagnostics()
            ));
            continue;
        };
        let mut problems = Vec::new();
        check_tracker(run, &mut problems);
        check_quiz(run, &mut problems);
        check_outcomes(run, &mut problems);
        check_formulas(run, &mut problems);
        let shown = frames(run);
        for prediction in predict::predictions(&analysis) {
            problems.extend(keys::prediction_problems(run, &shown, &prediction));
        }
        for question in kubestep::core::practice::generated::build(run) {
            generated[kind_of(&question.basis)] += 1;
        }
        tally[0] += usize::from(case.replicas == 0);
        tally[1] += usize::from(matches!(
            run.lesson.steps[1].outcome,
            StepOutcome::PartlyScheduled { .. }
        ));
        tally[2] += usize::from(matches!(
            run.lesson.steps[4].outcome,
            StepOutcome::Rescaled { .. }
        ));
        tally[3] += usize::from(matches!(
            run.lesson.steps[5].outcome,
            StepOutcome::RolledOut { .. }
        ));
        tally[4] += usize::from(matches!(
            run.lesson.steps[5].outcome,
            StepOutcome::NewPodsNotReady { .. }
        ));
        tally[5] += usize::from(matches!(
            run.lesson.steps[5].outcome,
            StepOutcome::ImageUnchanged
        ));
        tally[6] += usize::from(case.router);
        if case.router
            && (run.deployment.name != "web"
                || run.trace.frames.iter().any(|f| f.others.len() != 1))
        {
            problems
                .push("the router is not simulated beside the followed model server".to_string());
        }
        if !problems.is_empty() {
            failures.push(format!("case {number}: {problems:#?}\n{case:?}\n{text}"));
        }
    }
    eprintln!(
        "honesty: {CASES} manifests; zero replicas, unschedulable, rescaled, rolled out, new pods never ready, same image, with a router: {tally:?}; generated questions on a Pending pod, endpoints, the autoscaler, the budget, another replica count: {generated:?}"
    );
    assert!(
        generated.iter().all(|&count| count > 0),
        "a kind of generated question is never asked: {generated:?}"
    );
    assert!(
        failures.is_empty(),
        "{} of {CASES} lessons say what their trace does not:\n{}",
        failures.len(),
        failures[..failures.len().min(3)].join("\n\n")
    );
    // The generator must reach every kind of run the checks are about.
    for (count, what) in tally.iter().zip([
        "zero replicas",
        "unschedulable pods",
        "rescales",
        "finished rollouts",
        "rollouts whose new pods never became ready",
        "same-image rollouts",
        "a second Deployment",
    ]) {
        assert!(*count >= 5, "only {count} cases with {what}");
    }
}
