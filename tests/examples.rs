//! The page's examples: every one simulates without an error, and each added example's trace
//! holds the story its title promises, checked on typed facts (frames, scheduling failures,
//! autoscaler decisions, step outcomes), never on the lesson's words.

mod common;

use common::{Shown, frames, last_frame, run_of};
use kubestep::core::analysis::{Run, analyze};
use kubestep::core::diagnostic::Severity;
use kubestep::core::lesson::outcome::{StatusCounts, StepOutcome};
use kubestep::core::samples::EXAMPLES;
use kubestep::core::sim::decision::{DecisionOutcome, Hold, MetricFailure};
use kubestep::core::sim::trace::{PodSnapshot, PodStatus};

/// The followed Deployment's pods in a frame. The only place this file reads them, so that a
/// change in how frames store pods is one edit.
fn pods<'a>(frame: &'a Shown<'_>) -> impl Iterator<Item = &'a PodSnapshot> {
    frame.pods.iter()
}

/// The manifest of the example whose title starts with `title`.
fn example_text(title: &str) -> &'static str {
    EXAMPLES
        .iter()
        .find(|(name, _)| name.starts_with(title))
        .map(|(_, text)| *text)
        .unwrap_or_else(|| panic!("no example titled {title:?}"))
}

fn example(title: &str) -> Run {
    run_of(example_text(title))
}

/// The step outcome of step `number` (1-based).
fn outcome(run: &Run, number: usize) -> &StepOutcome {
    &run.lesson.steps[number - 1].outcome
}

#[test]
fn every_example_simulates_without_an_error() {
    for (title, text) in EXAMPLES {
        let analysis = analyze(text, None);
        assert!(
            !analysis.has_errors(),
            "{title}: {:?}",
            analysis.diagnostics()
        );
        let run = analysis.run.unwrap_or_else(|| panic!("{title}: no run"));
        assert!(!run.trace.frames.is_empty(), "{title}");
    }
}

#[test]
fn the_seed_and_the_gpu_example_stay_first() {
    assert_eq!(EXAMPLES[0].1, kubestep::core::samples::SEED_MANIFEST);
    assert_eq!(
        EXAMPLES[1].1,
        include_str!("../public/examples/gpu-inference.yaml")
    );
    // Each example file opens with a comment saying what the student will see.
    for (title, text) in &EXAMPLES[1..] {
        assert!(text.starts_with("# "), "{title}");
    }
}

#[test]
fn a_slow_model_load_gets_no_request_before_its_pods_are_ready() {
    let run = example("Slow model load");
    assert_eq!(run.scenario.timings.model_load_seconds, 120);
    // Traffic arrives while both pods run but still load: the Service has no endpoint.
    assert!(frames(&run).iter().any(|frame| {
        frame.requests_per_second > 0
            && frame.endpoints == 0
            && pods(frame).all(|pod| pod.status == PodStatus::Running && !pod.ready)
    }));
    for frame in &frames(&run) {
        for pod in pods(frame) {
            assert!(pod.ready || pod.requests_per_second == 0, "{}", frame.time);
        }
    }
    let waiting = StatusCounts {
        running: 2,
        ..StatusCounts::default()
    };
    assert_eq!(
        *outcome(&run, 3),
        StepOutcome::StillLoading {
            serving: 0,
            scheduled: 2,
            waiting
        }
    );
    assert!(matches!(outcome(&run, 4), StepOutcome::NoEndpoints { .. }));
    assert_eq!(*outcome(&run, 8), StepOutcome::Stable);
}

#[test]
fn max_surge_0_never_adds_a_pod_and_serves_below_replicas_during_the_update() {
    let run = example("Rolling update with maxSurge 0");
    let start = run.trace.milestones.rollout_start.expect("a rollout");
    let during: Vec<Shown> = frames(&run)
        .into_iter()
        .filter(|frame| frame.time >= start)
        .collect();
    assert!(
        during
            .iter()
            .any(|frame| frame.deployment.available < frame.deployment.replicas)
    );
    for frame in &during {
        let counted = pods(frame).filter(|pod| !pod.terminating).count() as i64;
        assert!(counted <= frame.deployment.replicas, "{}", frame.time);
    }
    assert_eq!(*outcome(&run, 7), StepOutcome::Completed);
}

#[test]
fn a_pod_that_asks_for_more_memory_than_any_node_stays_pending() {
    let run = example("Unschedulable pod");
    let failure = run.trace.scheduling_failures.first().expect("a failure");
    assert_eq!(failure.total_nodes, 3);
    assert!(
        failure
            .reasons
            .contains(&("Insufficient memory".to_string(), 3)),
        "{:?}",
        failure.reasons
    );
    assert!(
        pods(&last_frame(&run)).all(|pod| pod.node.is_none() && pod.status == PodStatus::Pending)
    );
    assert!(matches!(
        outcome(&run, 2),
        StepOutcome::PartlyScheduled {
            scheduled: 0,
            total: 1,
            ..
        }
    ));
}

#[test]
fn the_spike_scales_up_and_the_scale_down_waits_out_the_window() {
    let run = example("Traffic spike");
    let window = run
        .scenario
        .autoscaler
        .as_ref()
        .and_then(|hpa| hpa.behavior.as_ref())
        .expect("behavior")
        .scale_down
        .stabilization_window_seconds as u64;
    assert_eq!(window, 120);
    let decisions = &run.trace.autoscaler_decisions;
    let down = decisions
        .iter()
        .find(|d| d.desired_replicas < d.current_replicas)
        .expect("a scale-down");
    // The last sync that still recommended the peak: the window counts from it.
    let peak = decisions
        .iter()
        .filter(|d| d.time < down.time)
        .filter_map(|d| d.measurement().map(|m| (d.time, m.proposal)))
        .rfind(|(_, proposal)| *proposal >= down.current_replicas)
        .expect("a recommendation at the peak");
    assert!(down.time >= peak.0 + window, "{} {:?}", down.time, peak);
    // Between the drop and the scale-down the autoscaler held the size on purpose.
    assert!(
        decisions
            .iter()
            .filter(|d| d.time > peak.0 && d.time < down.time)
            .all(|d| d.hold() == Some(Hold::Stabilizing))
    );
    assert!(matches!(
        outcome(&run, 5),
        StepOutcome::Rescaled {
            from: 2,
            peak: 7,
            to: 2,
            ..
        }
    ));
}

#[test]
fn an_autoscaler_over_pods_without_cpu_requests_cannot_measure() {
    let run = example("Autoscaler without CPU requests");
    let decisions = &run.trace.autoscaler_decisions;
    assert!(!decisions.is_empty());
    for decision in decisions {
        assert!(
            matches!(
                decision.outcome,
                DecisionOutcome::MetricUnavailable {
                    failure: MetricFailure::MissingRequest,
                    ..
                }
            ),
            "{decision:?}"
        );
        assert!(!decision.rescaled());
    }
    assert!(matches!(
        outcome(&run, 5),
        StepOutcome::CannotMeasure {
            failure: MetricFailure::MissingRequest,
            replicas: 2,
            ..
        }
    ));
}

#[test]
fn a_service_that_selects_no_pod_has_no_endpoint_throughout() {
    let run = example("Service selector typo");
    assert!(run.trace.frames.iter().all(|frame| frame.endpoints == 0));
    // The pods themselves are fine: both ready.
    assert_eq!(last_frame(&run).deployment.ready, 2);
    assert!(matches!(
        outcome(&run, 8),
        StepOutcome::StableWithoutEndpoints { .. }
    ));
    // The lint warns on the Service's selector (document 1) before anything runs.
    let analysis = analyze(example_text("Service selector typo"), None);
    assert!(analysis.diagnostics().iter().any(|d| {
        d.severity == Severity::Warning && d.document == 1 && d.path == "spec.selector"
    }));
}

#[test]
fn recreate_never_runs_old_and_new_pods_together() {
    let run = example("Recreate strategy");
    let start = run.trace.milestones.rollout_start.expect("a rollout");
    for frame in &frames(&run) {
        let revisions: Vec<u64> = pods(frame).map(|pod| pod.revision).collect();
        assert!(
            !(revisions.contains(&1) && revisions.contains(&2)),
            "{}",
            frame.time
        );
    }
    // The downtime: traffic arrives and no pod takes it.
    assert!(
        run.trace.frames.iter().any(|frame| frame.time >= start
            && frame.requests_per_second > 0
            && frame.endpoints == 0)
    );
    assert_eq!(last_frame(&run).endpoints, 3);
}

#[test]
fn the_router_runs_beside_the_model_server_the_lesson_follows() {
    let run = example("Router and model server");
    assert_eq!(run.scenario.deployments.len(), 2);
    assert_eq!(run.deployment.name, "llm-server");
    let end = last_frame(&run);
    assert_eq!(end.others.len(), 1);
    assert_eq!(end.others[0].name, "router");
    assert_eq!(end.others[0].deployment.ready, 2);
    assert_eq!(end.services.len(), 2);
    assert!(end.services.iter().all(|service| service.endpoints == 2));
    assert_eq!(*outcome(&run, 8), StepOutcome::Stable);
}
