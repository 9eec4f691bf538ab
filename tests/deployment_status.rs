//! The Deployment's status as the simulation records it in every frame: the `Available` and
//! `Progressing` conditions (`calculateStatus`, `syncRolloutStatus`), the `kubectl rollout
//! status` line, the progress deadline re-checked at the right simulated second
//! (`requeueStuckDeployment`), and old ReplicaSets deleted beyond `revisionHistoryLimit`
//! (`cleanupDeployment`). The rules are `docs/kubernetes-semantics.md` §3.4 steps 4–5 and §3.7.

mod common;

use kubestep::core::analysis::Run;
use kubestep::core::samples::SEED_MANIFEST;
use kubestep::core::sim::rollout_math::RolloutInput;
use kubestep::core::sim::status_math::{self, DeploymentSpecInput, DeploymentStatus};
use kubestep::core::sim::trace::{ConditionSnapshot, Frame};

use common::{
    GPU, RECREATE, REQUESTS_500M, SEED_NEW_RS, SEED_OLD_RS, SURGE_ONE, documents, frame_at, frames,
    last_frame, model_server, non_terminating, replica_set_sizes, run_of, scenario, web_rollout,
};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn condition<'a>(frame: &'a Frame, kind: &str) -> Option<&'a ConditionSnapshot> {
    frame.deployment.conditions.iter().find(|c| c.kind == kind)
}

/// `(time, reason, message)` each time the `Progressing` condition's reason changes.
fn progressing_reasons(run: &Run) -> Vec<(u64, &'static str, String)> {
    let mut reasons: Vec<(u64, &'static str, String)> = Vec::new();
    for frame in &run.trace.frames {
        if let Some(c) = condition(frame, "Progressing")
            && reasons
                .last()
                .is_none_or(|(_, reason, _)| *reason != c.reason)
        {
            reasons.push((frame.time, c.reason, c.message.clone()));
        }
    }
    reasons
}

/// The `kubectl rollout status` lines, each once per run of equal frames, with its time.
fn rollout_status_lines(run: &Run) -> Vec<(u64, String)> {
    let mut lines: Vec<(u64, String)> = Vec::new();
    for frame in &run.trace.frames {
        let line = &frame.deployment.rollout_status;
        if lines.last().is_none_or(|(_, last)| last != line) {
            lines.push((frame.time, line.clone()));
        }
    }
    lines
}

// ---------------------------------------------------------------------------------------------
// The seed lesson: conditions and `kubectl rollout status` over its rollout
// ---------------------------------------------------------------------------------------------

#[test]
fn seed_lesson_progressing_reasons_follow_both_rollouts_in_order() {
    let run = run_of(SEED_MANIFEST);
    let rollout = run
        .trace
        .milestones
        .rollout_start
        .expect("the seed rolls out");
    // §3.7: `getNewReplicaSet` records the creation; more updated pods are progress
    // (`DeploymentProgressing`); `DeploymentComplete` turns it into NewReplicaSetAvailable.
    // The HPA's scale-up in between is not a rollout: the reason stays.
    let expected = [
        (
            0,
            "NewReplicaSetCreated",
            format!("Created new replica set \"{SEED_OLD_RS}\""),
        ),
        (
            0,
            "ReplicaSetUpdated",
            format!("ReplicaSet \"{SEED_OLD_RS}\" is progressing."),
        ),
        (
            5,
            "NewReplicaSetAvailable",
            format!("ReplicaSet \"{SEED_OLD_RS}\" has successfully progressed."),
        ),
        (
            rollout,
            "NewReplicaSetCreated",
            format!("Created new replica set \"{SEED_NEW_RS}\""),
        ),
        (
            rollout,
            "ReplicaSetUpdated",
            format!("ReplicaSet \"{SEED_NEW_RS}\" is progressing."),
        ),
        (
            140,
            "NewReplicaSetAvailable",
            format!("ReplicaSet \"{SEED_NEW_RS}\" has successfully progressed."),
        ),
    ];
    assert_eq!(progressing_reasons(&run), expected);
    // Progressing stays True from the first creation on: its transition time never moves.
    for frame in &run.trace.frames {
        if let Some(c) = condition(frame, "Progressing") {
            assert_eq!((c.status, c.last_transition_time), ("True", 0));
        }
    }
}

#[test]
fn seed_lesson_ends_available_and_rolled_out() {
    let run = run_of(SEED_MANIFEST);
    let end = last_frame(&run);
    let available = condition(&end, "Available").expect("an Available condition");
    assert_eq!(
        (
            available.status,
            available.reason,
            available.message.as_str()
        ),
        (
            "True",
            "MinimumReplicasAvailable",
            "Deployment has minimum availability."
        )
    );
    let progressing = condition(&end, "Progressing").expect("a Progressing condition");
    assert_eq!(
        (
            progressing.status,
            progressing.reason,
            progressing.message.as_str()
        ),
        (
            "True",
            "NewReplicaSetAvailable",
            "ReplicaSet \"ml-model-7b45859744\" has successfully progressed."
        )
    );
    assert_eq!(
        end.deployment.rollout_status,
        "deployment \"ml-model\" successfully rolled out"
    );
    assert_eq!(end.deployment.unavailable, 0);
    // `revisionHistoryLimit` defaults to 10: the old ReplicaSet is kept, at 0 replicas.
    assert_eq!(
        replica_set_sizes(&end),
        [(SEED_OLD_RS, 0), (SEED_NEW_RS, 3)]
    );
}

#[test]
fn seed_lesson_rollout_status_lines() {
    let run = run_of(SEED_MANIFEST);
    let rollout = run
        .trace
        .milestones
        .rollout_start
        .expect("the seed rolls out");
    let rescale = run.trace.milestones.rescales[0].0;
    let waiting = "Waiting for deployment \"ml-model\" rollout to finish:";
    let lines: Vec<(u64, String)> = rollout_status_lines(&run);
    let expected = [
        // `kubectl apply`: the controller has not yet seen generation 1.
        (
            0,
            "Waiting for deployment spec update to be observed...".to_string(),
        ),
        (
            0,
            format!("{waiting} 0 out of 2 new replicas have been updated..."),
        ),
        (
            0,
            format!("{waiting} 0 of 2 updated replicas are available..."),
        ),
        (
            5,
            "deployment \"ml-model\" successfully rolled out".to_string(),
        ),
        // The HPA writes spec.replicas: a new generation, then a third pod to wait for.
        (
            rescale,
            "Waiting for deployment spec update to be observed...".to_string(),
        ),
        (
            rescale,
            format!("{waiting} 2 out of 3 new replicas have been updated..."),
        ),
        (
            rescale,
            format!("{waiting} 2 of 3 updated replicas are available..."),
        ),
        (
            50,
            "deployment \"ml-model\" successfully rolled out".to_string(),
        ),
        // `kubectl set image`.
        (
            rollout,
            "Waiting for deployment spec update to be observed...".to_string(),
        ),
        (
            rollout,
            format!("{waiting} 0 out of 3 new replicas have been updated..."),
        ),
        (
            rollout,
            format!("{waiting} 1 out of 3 new replicas have been updated..."),
        ),
        (
            130,
            format!("{waiting} 2 out of 3 new replicas have been updated..."),
        ),
        (
            135,
            format!("{waiting} 1 old replicas are pending termination..."),
        ),
        (
            140,
            "deployment \"ml-model\" successfully rolled out".to_string(),
        ),
    ];
    assert_eq!(lines, expected);
}

#[test]
fn available_is_false_while_fewer_than_replicas_minus_max_unavailable_are_available() {
    let run = run_of(SEED_MANIFEST);
    // The seed's 25 % maxUnavailable of 3 replicas rounds down to 0: after the HPA's scale-up
    // from 2 to 3, two available pods are not enough until the third is (§3.3, §3.7).
    let rescale = run.trace.milestones.rescales[0].0;
    let mut transitions: Vec<(u64, &str, &str)> = Vec::new();
    for frame in &run.trace.frames {
        if let Some(c) = condition(frame, "Available")
            && transitions
                .last()
                .is_none_or(|(_, status, _)| *status != c.status)
        {
            transitions.push((frame.time, c.status, c.reason));
        }
    }
    assert_eq!(
        transitions,
        [
            (0, "False", "MinimumReplicasUnavailable"),
            (5, "True", "MinimumReplicasAvailable"),
            (rescale, "False", "MinimumReplicasUnavailable"),
            (50, "True", "MinimumReplicasAvailable"),
        ]
    );
    let below = run
        .trace
        .frames
        .iter()
        .find(|frame| frame.time == rescale && frame.deployment.unavailable > 0)
        .expect("a frame with the third pod unavailable");
    assert_eq!(
        condition(below, "Available").map(|c| c.message.as_str()),
        Some("Deployment does not have minimum availability.")
    );
    assert_eq!(below.deployment.unavailable, 1);
}

// ---------------------------------------------------------------------------------------------
// Progress deadline
// ---------------------------------------------------------------------------------------------

/// The second at which the `Progressing` condition last recorded progress before `frame`.
fn last_progress(frame: &Frame) -> u64 {
    condition(frame, "Progressing")
        .expect("a Progressing condition")
        .last_update_time
}

#[test]
fn a_stuck_rollout_exceeds_its_progress_deadline_one_second_after_it() {
    let deployment = model_server("llm", 2, "  progressDeadlineSeconds: 60\n", GPU);
    let text = documents(&[&deployment, &scenario("  duration: 3m\n")]);
    let run = run_of(&text);
    let timed_out = run
        .trace
        .frames
        .iter()
        .position(|frame| {
            condition(frame, "Progressing").is_some_and(|c| c.reason == "ProgressDeadlineExceeded")
        })
        .expect("the pending GPU pods never progress");
    let before = &run.trace.frames[timed_out - 1];
    let frame = &run.trace.frames[timed_out];
    // The pods were created at 0 s (ReplicaSetUpdated) and never scheduled. Upstream stores
    // lastUpdateTime in whole seconds, `DeploymentTimedOut` needs lastUpdateTime + 60 s to
    // lie strictly before now, and `requeueStuckDeployment` re-checks one second after the
    // deadline: the condition turns at 0 + 60 + 1 s, in a frame of its own.
    assert_eq!(
        condition(before, "Progressing").map(|c| c.reason),
        Some("ReplicaSetUpdated")
    );
    assert_eq!(last_progress(before), 0);
    assert_eq!(frame.time, last_progress(before) + 60 + 1);
    assert_eq!(frame.cause, "Deployment llm exceeded its progress deadline");
    let progressing = condition(frame, "Progressing").expect("a Progressing condition");
    let new_rs = &frame.replica_sets[0].name;
    assert_eq!(
        (
            progressing.status,
            progressing.message.clone(),
            progressing.last_update_time,
            progressing.last_transition_time
        ),
        (
            "False",
            format!("ReplicaSet \"{new_rs}\" has timed out progressing."),
            61,
            61
        )
    );
    assert_eq!(
        frame.deployment.rollout_status,
        "error: deployment \"llm\" exceeded its progress deadline"
    );
    // Nothing else happens: the run lasts its stated 3 minutes, still timed out.
    let end = last_frame(&run);
    assert_eq!(end.time, 180);
    assert_eq!(
        condition(&end, "Progressing").map(|c| (c.reason, c.last_update_time)),
        Some(("ProgressDeadlineExceeded", 61))
    );
    assert_eq!(
        condition(&end, "Available").map(|c| c.status),
        Some("False")
    );
    assert_eq!(end.deployment.unavailable, 2);
}

#[test]
fn the_deadline_check_does_not_keep_a_settled_run_alive() {
    // Without a duration the run shows the settled (stuck) cluster for 30 s and stops
    // before the deadline; the Deployment is still progressing as far as it knows.
    let deployment = model_server("llm", 2, "  progressDeadlineSeconds: 60\n", GPU);
    let run = run_of(&documents(&[&deployment, &scenario("")]));
    let end = last_frame(&run);
    assert_eq!(end.time, 30);
    assert_eq!(
        condition(&end, "Progressing").map(|c| c.reason),
        Some("ReplicaSetUpdated")
    );
    assert_eq!(
        end.deployment.rollout_status,
        "Waiting for deployment \"llm\" rollout to finish: 0 of 2 updated replicas are available..."
    );
}

#[test]
fn a_deadline_shorter_than_the_model_load_times_out_and_then_recovers() {
    // Pods are created at 0 s and become ready at 15 s; starting containers is no progress
    // (`DeploymentProgressing` counts updated, old, ready and available pods).
    let deployment = model_server("web", 2, "  progressDeadlineSeconds: 10\n", REQUESTS_500M);
    let run = run_of(&documents(&[&deployment, &scenario("")]));
    let reasons: Vec<(u64, &'static str)> = progressing_reasons(&run)
        .into_iter()
        .map(|(time, reason, _)| (time, reason))
        .collect();
    assert_eq!(
        reasons,
        [
            (0, "NewReplicaSetCreated"),
            (0, "ReplicaSetUpdated"),
            (11, "ProgressDeadlineExceeded"),
            (15, "NewReplicaSetAvailable"),
        ]
    );
    // Completing after a timeout updates everything, the transition time included.
    let end = last_frame(&run);
    let progressing = condition(&end, "Progressing").expect("a Progressing condition");
    assert_eq!(
        (
            progressing.status,
            progressing.last_update_time,
            progressing.last_transition_time
        ),
        ("True", 15, 15)
    );
    assert_eq!(
        end.deployment.rollout_status,
        "deployment \"web\" successfully rolled out"
    );
}

#[test]
fn progress_moves_the_deadline() {
    // Every step of this rollout (surge 1, unavailable 0) waits 15 s from a new pod's
    // creation to its readiness, and both are progress. A 20 s deadline is never reached; a
    // 12 s one is exceeded at each step, 13 s after the last progress, and the next ready
    // pod recovers it.
    let strategy = |deadline: u64| format!("  progressDeadlineSeconds: {deadline}\n{SURGE_ONE}");
    let slow = web_rollout(2, &strategy(20));
    assert!(
        progressing_reasons(&slow)
            .iter()
            .all(|(_, reason, _)| *reason != "ProgressDeadlineExceeded"),
        "{:?}",
        progressing_reasons(&slow)
    );
    let strict = web_rollout(2, &strategy(12));
    let timeouts: Vec<u64> = progressing_reasons(&strict)
        .into_iter()
        .filter(|(_, reason, _)| *reason == "ProgressDeadlineExceeded")
        .map(|(time, _, _)| time)
        .collect();
    assert!(!timeouts.is_empty());
    for time in timeouts {
        let before = strict
            .trace
            .frames
            .iter()
            .rev()
            .find(|frame| frame.time < time)
            .expect("a frame before the timeout");
        assert_eq!(time, last_progress(before) + 12 + 1);
    }
    assert_eq!(
        last_frame(&strict).deployment.rollout_status,
        "deployment \"web\" successfully rolled out"
    );
}

// ---------------------------------------------------------------------------------------------
// Revision history
// ---------------------------------------------------------------------------------------------

#[test]
fn revision_history_limit_0_deletes_the_old_replica_set_once_the_rollout_completes() {
    let spec_extra = format!("  revisionHistoryLimit: 0\n{SURGE_ONE}");
    let run = web_rollout(2, &spec_extra);
    let old = "web-64dbfd499";
    let new = "web-64557ff8b6";
    let listed = |frame: &Frame| frame.replica_sets.iter().any(|rs| rs.name == old);
    let first = run.trace.frames.iter().position(listed).expect("created");
    let deleted = first
        + run.trace.frames[first..]
            .iter()
            .position(|frame| !listed(frame))
            .expect("the old ReplicaSet is deleted");
    let frame = &run.trace.frames[deleted];
    let before = &run.trace.frames[deleted - 1];
    // §3.4 step 4: the first sync that scales nothing after the status shows the rollout
    // complete deletes it, in the same second.
    assert_eq!(
        frame.cause,
        format!("old ReplicaSet {old} deleted (revisionHistoryLimit 0)")
    );
    assert_eq!(frame.time, before.time);
    assert_eq!(
        before.deployment.rollout_status,
        "deployment \"web\" successfully rolled out"
    );
    let old_before = before
        .replica_sets
        .iter()
        .find(|rs| rs.name == old)
        .expect("listed until deleted");
    assert_eq!(old_before.replicas, 0);
    // Its last pod is still terminating: deleting the ReplicaSet does not cut that short.
    assert!(
        frame_at(&run, deleted)
            .pods
            .iter()
            .any(|pod| pod.revision == 1 && pod.terminating)
    );
    for later in &run.trace.frames[deleted..] {
        let names: Vec<&str> = later
            .replica_sets
            .iter()
            .map(|rs| rs.name.as_str())
            .collect();
        assert_eq!(names, [new]);
        assert_eq!(later.deployment.revision, 2);
    }
    // No event: the deletion is visible in `kubectl get rs`, not in `kubectl get events`.
    assert!(
        run.trace
            .events
            .iter()
            .all(|event| !event.message.contains("deleted replica set"))
    );
}

#[test]
fn the_default_history_keeps_the_old_replica_set() {
    let run = web_rollout(2, SURGE_ONE);
    assert_eq!(
        replica_set_sizes(&last_frame(&run)),
        [("web-64dbfd499", 0), ("web-64557ff8b6", 2)]
    );
}

#[test]
fn revision_history_limit_0_leaves_the_seed_lesson_as_it_was() {
    // The lesson finds ReplicaSets by revision in the frames; the old one disappearing at the
    // end of the rollout changes no step, tracker cell, key moment or question.
    let limited = SEED_MANIFEST.replace(
        "  replicas: 2\n",
        "  replicas: 2\n  revisionHistoryLimit: 0\n",
    );
    assert_ne!(limited, SEED_MANIFEST);
    let seed = run_of(SEED_MANIFEST);
    let run = run_of(&limited);
    // The deletion is one more frame, so the steps' frame ranges shift; nothing else moves.
    let rows = |run: &Run| -> Vec<(usize, String, String, String, bool)> {
        run.lesson
            .steps
            .iter()
            .map(|row| {
                (
                    row.number,
                    row.action.clone(),
                    row.component.clone(),
                    row.result.clone(),
                    row.happened,
                )
            })
            .collect()
    };
    assert_eq!(rows(&run), rows(&seed));
    let mut lesson = run.lesson.clone();
    lesson.steps = seed.lesson.steps.clone();
    assert_eq!(lesson, seed.lesson);
    assert_eq!(run.trace.frames.len(), seed.trace.frames.len() + 1);
    assert_eq!(run.trace.events, seed.trace.events);
    let names: Vec<&str> = run
        .trace
        .frames
        .last()
        .expect("frames")
        .replica_sets
        .iter()
        .map(|rs| rs.name.as_str())
        .collect();
    assert_eq!(names, [SEED_NEW_RS]);
}

// ---------------------------------------------------------------------------------------------
// `DeploymentComplete` and the rollout status over every frame
// ---------------------------------------------------------------------------------------------

fn spec(replicas: i64, generation: u64) -> DeploymentSpecInput {
    DeploymentSpecInput {
        name: "foo".to_string(),
        generation,
        params: RolloutInput::rolling(replicas, 1, 0),
        progress_deadline_seconds: Some(600),
    }
}

fn status(current: i64, updated: i64, available: i64, observed: u64) -> DeploymentStatus {
    DeploymentStatus {
        observed_generation: observed,
        replicas: current,
        updated_replicas: updated,
        available_replicas: available,
        ..DeploymentStatus::default()
    }
}

#[test]
fn test_deployment_complete_over_a_status() {
    // TestDeploymentComplete (deployment_util_test.go): (desired, current, updated, available).
    let complete = |desired, current, updated, available| {
        status_math::status_complete(&spec(desired, 1), &status(current, updated, available, 1))
    };
    assert!(
        !complete(5, 5, 5, 4),
        "min but not all pods become available"
    );
    assert!(!complete(5, 5, 5, 3), "min availability is not honored");
    assert!(complete(5, 5, 5, 5), "complete");
    assert!(
        !complete(5, 5, 4, 5),
        "all pods are available but not updated"
    );
    assert!(!complete(1, 2, 1, 1), "still running old pods");
    assert!(
        !complete(1, 1, 1, 0),
        "one replica deployment never comes up"
    );
    // A status the controller wrote for an older generation describes an older spec.
    assert!(!status_math::status_complete(
        &spec(5, 2),
        &status(5, 5, 5, 1)
    ));
}

#[test]
fn successfully_rolled_out_exactly_when_the_frame_is_complete() {
    let runs = [
        run_of(SEED_MANIFEST),
        web_rollout(4, RECREATE),
        web_rollout(10, ""),
    ];
    for run in &runs {
        for frame in &frames(run) {
            let line = &frame.deployment.rollout_status;
            if line.starts_with("Waiting for deployment spec update") {
                continue;
            }
            let active = non_terminating(frame);
            let replicas = frame.deployment.replicas;
            let complete = frame.deployment.updated == replicas
                && active == replicas
                && frame.deployment.available == replicas;
            assert_eq!(
                line.ends_with("successfully rolled out"),
                complete,
                "{}s {}: {line}",
                frame.time,
                frame.cause
            );
            let spec_total: i64 = frame.replica_sets.iter().map(|rs| rs.replicas).sum();
            assert_eq!(
                frame.deployment.unavailable,
                (spec_total - frame.deployment.available).max(0),
                "{}s {}",
                frame.time,
                frame.cause
            );
        }
    }
}
