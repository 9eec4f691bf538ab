//! The trace grows with what happens, not with pods × frames: a 2,000-replica rollout that
//! replaces one pod at a time stores each pod once per frame that changed it, its
//! checkpoints hold no more records than its changes, and `kubestep trace --json` carries
//! the changes alone. Sizes and counts only: never a wall-time assertion.

use kubestep::core::samples::SEED_MANIFEST;
use kubestep::core::trace_report;

/// The seed Deployment at 2,000 replicas, rolled out one pod at a time (maxSurge 1,
/// maxUnavailable 0): the supplied story's rollout replaces every pod in turn.
fn one_at_a_time(replicas: usize) -> String {
    SEED_MANIFEST.replace(
        "  replicas: 2\n",
        &format!(
            "  replicas: {replicas}\n  strategy:\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 0\n"
        ),
    )
}

#[test]
fn a_one_at_a_time_rollout_of_2000_pods_stores_records_linear_in_its_events() {
    let analysis = kubestep::core::analysis::analyze(&one_at_a_time(2_000), None);
    let run = analysis.run.as_ref().expect("simulates");
    let trace = &run.trace;
    let (frames, events) = (trace.frames.len(), trace.events.len());
    // Every old pod was replaced, one at a time.
    let replaced = trace
        .events
        .iter()
        .filter(|event| event.reason.as_str() == "SuccessfulDelete")
        .count();
    assert!(replaced >= 2_000, "{replaced} pods replaced");
    assert!(frames > 10_000, "{frames} frames");
    let pods = &trace.pods;
    // What frames holding every pod would have stored, counted by walking the changes.
    let mut cursor = trace.cursor();
    let full: usize = (0..frames).map(|index| cursor.at(index).len()).sum();
    assert!(
        pods.delta_records() <= events,
        "{} pod changes for {events} events",
        pods.delta_records()
    );
    assert!(
        pods.checkpoint_records() <= pods.delta_records(),
        "checkpoints {} > changes {}",
        pods.checkpoint_records(),
        pods.delta_records()
    );
    assert!(
        pods.stored_records() <= 2 * events,
        "{} pod records stored for {events} events ({full} in full frames)",
        pods.stored_records()
    );
    assert!(
        full > 500 * pods.stored_records(),
        "full frames would hold {full}, the trace {}",
        pods.stored_records()
    );
    // The JSON carries each pod once per frame that added or changed it.
    let json = serde_json::to_string(&trace_report::report(&analysis)).expect("serializes");
    let pod_objects = json.matches("\"uid\":").count();
    assert!(
        pod_objects <= pods.delta_records(),
        "{pod_objects} pods in the JSON"
    );
    assert!(
        json.len() <= 1_500 * (frames + events),
        "{} bytes for {frames} frames and {events} events",
        json.len()
    );
}
