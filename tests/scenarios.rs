//! Golden scenario traces, reviewed by hand once: for each case the events that matter (with
//! their times and exact upstream wording), the ReplicaSet sizes over time and the final state
//! are asserted explicitly, so a change in behaviour names the rule it breaks. The rules are
//! those of `docs/kubernetes-semantics.md`: §3 Deployment, §4 HPA, §5 scheduler, §7 events.

mod common;

use kubestep::core::analysis::{Run, analyze};
use kubestep::core::samples::SEED_MANIFEST;
use kubestep::core::sim::trace::PodSnapshot;

use common::{
    GPU, RECREATE, REQUESTS_500M, SEED_NEW_RS, SEED_OLD_RS, SERVICE, SURGE_ONE, Shown, available,
    documents, frames, hpa, last_frame, model_deployment, model_server, non_terminating,
    replica_set_sizes, run_of, scale_up_pods, scenario, web_rollout,
};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// `(time, message)` of every event with this reason, in order.
fn events(run: &Run, reason: &str) -> Vec<(u64, String)> {
    run.trace
        .events
        .iter()
        .filter(|event| event.reason.as_str() == reason)
        .map(|event| (event.time, event.message.clone()))
        .collect()
}

fn owned(expected: &[(u64, &str)]) -> Vec<(u64, String)> {
    expected
        .iter()
        .map(|(time, message)| (*time, message.to_string()))
        .collect()
}

/// The ReplicaSet's `spec.replicas` each time it changes, as `(time, replicas)`.
fn rs_sizes(run: &Run, name: &str) -> Vec<(u64, i64)> {
    let mut sizes: Vec<(u64, i64)> = Vec::new();
    for frame in &run.trace.frames {
        if let Some(rs) = frame.replica_sets.iter().find(|rs| rs.name == name)
            && sizes.last().is_none_or(|(_, size)| *size != rs.replicas)
        {
            sizes.push((frame.time, rs.replicas));
        }
    }
    sizes
}

fn pod_named<'a>(frame: &'a Shown, name: &str) -> Option<&'a PodSnapshot> {
    frame.pods.iter().find(|pod| &*pod.name == name)
}

/// The pod a `Deleted pod: NAME` / `Created pod: NAME` message names.
fn pod_in(message: &str) -> &str {
    message.rsplit(": ").next().expect("a pod name")
}

// ---------------------------------------------------------------------------------------------
// (a) The seed lesson, default scenario
// ---------------------------------------------------------------------------------------------

#[test]
fn seed_lesson_rescales_to_three_at_the_first_sync_after_the_load_arrives() {
    let run = run_of(SEED_MANIFEST);
    // Traffic starts at 35 s, between syncs; the 45 s sync sees 15 rps × 10m per pod on a 200m
    // request: U = 75 %, r = 1.5, ⌈1.5 × 2⌉ = 3 (§4 steps 4–5).
    assert_eq!(run.trace.milestones.traffic_start, Some(35));
    assert_eq!(
        events(&run, "SuccessfulRescale"),
        owned(&[(
            45,
            "New size: 3; reason: cpu resource utilization (percentage of request) above target"
        )])
    );
    assert_eq!(run.trace.milestones.rescales, vec![(45, 2, 3)]);
    let rescale = run
        .trace
        .events
        .iter()
        .find(|event| event.reason.as_str() == "SuccessfulRescale")
        .expect("a rescale");
    assert_eq!(rescale.object, "horizontalpodautoscaler/ml-model");
    assert_eq!(rescale.source, "horizontal-pod-autoscaler");
    let synced = run
        .trace
        .frames
        .iter()
        .find(|frame| frame.time == 45 && frame.cause == "autoscaler synced")
        .expect("the 45 s sync is a frame");
    let hpa = synced.hpa.as_ref().expect("the frame shows the HPA");
    assert_eq!(hpa.cpu_utilization, Some(75));
    assert_eq!((hpa.current_replicas, hpa.desired_replicas), (3, 3));
    // The next sync sees 10 rps per pod: exactly on target.
    let after = run
        .trace
        .frames
        .iter()
        .find(|frame| frame.time == 60 && frame.cause == "autoscaler synced")
        .expect("the 60 s sync is a frame");
    assert_eq!(after.hpa.as_ref().and_then(|h| h.cpu_utilization), Some(50));
}

#[test]
fn seed_lesson_rolls_out_one_pod_at_a_time_with_surge_one_and_no_unavailability() {
    let run = run_of(SEED_MANIFEST);
    // 3 replicas with the default 25 %/25 %: surge ⌈0.75⌉ = 1, unavailable ⌊0.75⌋ = 0 (§3.3).
    assert_eq!(
        events(&run, "ScalingReplicaSet"),
        owned(&[
            (0, "Scaled up replica set ml-model-9b7bc4ddf from 0 to 2"),
            (45, "Scaled up replica set ml-model-9b7bc4ddf from 2 to 3"),
            (125, "Scaled up replica set ml-model-7b45859744 from 0 to 1"),
            (
                130,
                "Scaled down replica set ml-model-9b7bc4ddf from 3 to 2"
            ),
            (130, "Scaled up replica set ml-model-7b45859744 from 1 to 2"),
            (
                135,
                "Scaled down replica set ml-model-9b7bc4ddf from 2 to 1"
            ),
            (135, "Scaled up replica set ml-model-7b45859744 from 2 to 3"),
            (
                140,
                "Scaled down replica set ml-model-9b7bc4ddf from 1 to 0"
            ),
        ])
    );
    assert_eq!(
        rs_sizes(&run, SEED_OLD_RS),
        [(0, 2), (45, 3), (130, 2), (135, 1), (140, 0)]
    );
    assert_eq!(rs_sizes(&run, SEED_NEW_RS), [(125, 1), (130, 2), (135, 3)]);
    assert_eq!(run.trace.milestones.rollout_start, Some(125));
    assert_eq!(
        run.trace.milestones.rollout_image.as_deref(),
        Some("mlmodel:v2")
    );
    for frame in frames(&run).iter().filter(|frame| frame.time >= 125) {
        assert!(
            non_terminating(frame) <= 4,
            "surge exceeded at {}s",
            frame.time
        );
        assert!(
            available(frame) >= 3,
            "availability lost at {}s",
            frame.time
        );
    }
}

#[test]
fn seed_lesson_first_pods_are_created_scheduled_pulled_and_started_in_order() {
    let run = run_of(SEED_MANIFEST);
    let at_zero: Vec<(&str, &str)> = run
        .trace
        .events
        .iter()
        .filter(|event| event.time == 0)
        .map(|event| (event.reason.as_str(), event.source))
        .collect();
    assert_eq!(
        at_zero,
        [
            ("ScalingReplicaSet", "deployment-controller"),
            ("SuccessfulCreate", "replicaset-controller"),
            ("SuccessfulCreate", "replicaset-controller"),
            ("Scheduled", "default-scheduler"),
            ("Pulling", "kubelet"),
            ("Scheduled", "default-scheduler"),
            ("Pulling", "kubelet"),
        ]
    );
    let first_pods = &run.trace.milestones.initial_pods;
    assert_eq!(first_pods.len(), 2);
    for pod in first_pods {
        assert!(
            pod.starts_with("ml-model-9b7bc4ddf-") && pod.len() == 24,
            "{pod}"
        );
        let object = format!("pod/{pod}");
        let story: Vec<(u64, &str, &str)> = run
            .trace
            .events
            .iter()
            .filter(|event| event.object == object)
            .take(5)
            .map(|event| (event.time, event.reason.as_str(), event.message.as_str()))
            .collect();
        assert_eq!(story[0].1, "Scheduled");
        assert!(
            story[0]
                .2
                .starts_with(&format!("Successfully assigned default/{pod} to node-"))
        );
        // `mlmodel:latest` defaults to pull policy Always (§1), so every pod pulls.
        assert_eq!(
            &story[1..],
            [
                (0, "Pulling", "Pulling image \"mlmodel:latest\""),
                (
                    5,
                    "Pulled",
                    "Successfully pulled image \"mlmodel:latest\" in 5s (5s including waiting)"
                ),
                (5, "Created", "Created container: model"),
                (5, "Started", "Started container model"),
            ]
        );
    }
}

#[test]
fn seed_lesson_scale_down_deletes_the_old_pod_sharing_a_node_with_a_new_one() {
    // `getPodsRankedByRelatedPodsOnSameNode` (§3.6): the rank counts the active pods of every
    // ReplicaSet of the Deployment, so the old pod colocated with the first new pod goes first.
    let run = run_of(SEED_MANIFEST);
    let deleted = events(&run, "SuccessfulDelete");
    assert_eq!(deleted.len(), 3);
    let (time, message) = &deleted[0];
    assert_eq!(*time, 130);
    let victim = pod_in(message);
    let frame = frames(&run)
        .into_iter()
        .find(|frame| frame.time == 130)
        .expect("a frame at 130 s");
    let victim_node = pod_named(&frame, victim).and_then(|pod| pod.node.clone());
    let new_pod_nodes: Vec<Option<std::sync::Arc<str>>> = frame
        .pods
        .iter()
        .filter(|pod| pod.revision == 2)
        .map(|pod| pod.node.clone())
        .collect();
    assert!(victim_node.is_some());
    assert_eq!(new_pod_nodes, [victim_node]);
}

#[test]
fn seed_lesson_ends_with_three_ready_pods_of_the_new_model() {
    let run = run_of(SEED_MANIFEST);
    let end = last_frame(&run);
    assert_eq!(run.trace.end_time, 175, "30 s of steady state after 145 s");
    assert_eq!(end.time, 175);
    assert_eq!(end.deployment.replicas, 3);
    assert_eq!(end.deployment.revision, 2);
    assert_eq!(end.deployment.image, "mlmodel:v2");
    assert_eq!(
        (
            end.deployment.updated,
            end.deployment.ready,
            end.deployment.available
        ),
        (3, 3, 3)
    );
    assert_eq!(end.pods.len(), 3);
    assert!(end.pods.iter().all(|pod| &*pod.image == "mlmodel:v2"
        && pod.ready
        && pod.status.as_str() == "Running"
        && pod.requests_per_second == 10));
    assert_eq!(end.endpoints, 3);
    assert_eq!(
        replica_set_sizes(&end),
        [(SEED_OLD_RS, 0), (SEED_NEW_RS, 3)]
    );
    assert!(run.trace.notes.is_empty(), "{:?}", run.trace.notes);
}

// ---------------------------------------------------------------------------------------------
// (b) maxSurge 1 / maxUnavailable 0, 4 replicas
// ---------------------------------------------------------------------------------------------

#[test]
fn max_surge_1_max_unavailable_0_replaces_one_pod_after_each_new_pod_is_ready() {
    let run = web_rollout(4, SURGE_ONE);
    // Each new pod starts 5 s after creation (pull) or at once (image already on the node), and
    // is Ready at the first probe 10 s after start (5 s delay, 5 s period, 10 s model load).
    // Only then may an old pod go (§3.4 `reconcileOldReplicaSets`: minAvailable 4).
    assert_eq!(
        events(&run, "ScalingReplicaSet"),
        owned(&[
            (0, "Scaled up replica set web-64dbfd499 from 0 to 4"),
            (60, "Scaled up replica set web-64557ff8b6 from 0 to 1"),
            (75, "Scaled down replica set web-64dbfd499 from 4 to 3"),
            (75, "Scaled up replica set web-64557ff8b6 from 1 to 2"),
            (90, "Scaled down replica set web-64dbfd499 from 3 to 2"),
            (90, "Scaled up replica set web-64557ff8b6 from 2 to 3"),
            (100, "Scaled down replica set web-64dbfd499 from 2 to 1"),
            (100, "Scaled up replica set web-64557ff8b6 from 3 to 4"),
            (110, "Scaled down replica set web-64dbfd499 from 1 to 0"),
        ])
    );
    let frames = frames(&run);
    let ready_from = frames
        .iter()
        .position(|frame| available(frame) == 4)
        .expect("the first rollout completes");
    assert_eq!(run.trace.frames[ready_from].time, 15);
    for (index, frame) in frames.iter().enumerate() {
        assert!(
            non_terminating(frame) <= 5,
            "surge exceeded at {}s",
            frame.time
        );
        if index >= ready_from {
            assert!(
                available(frame) >= 4,
                "a pod was unavailable at {}s",
                frame.time
            );
        }
    }
    // The budget is used: five pods at once, never fewer than four available.
    assert!(frames.iter().any(|frame| non_terminating(frame) == 5));
    // Every old pod gets the graceful 5 s drain: Killing at deletion, gone 5 s later.
    for (time, message) in events(&run, "SuccessfulDelete") {
        let pod = pod_in(&message).to_string();
        let killing = events(&run, "Killing");
        assert!(killing.contains(&(time, "Stopping container model".to_string())));
        let gone = frames
            .iter()
            .find(|frame| frame.time >= time && pod_named(frame, &pod).is_none())
            .expect("the pod goes");
        assert_eq!(gone.time, time + 5);
        assert!(
            gone.cause.contains(&format!("{pod} gone")),
            "{}",
            gone.cause
        );
    }
    let end = last_frame(&run);
    assert_eq!(end.time, 145, "settled at 115 s plus 30 s");
    assert_eq!(end.pods.len(), 4);
    assert!(end.pods.iter().all(|pod| pod.revision == 2 && pod.ready));
}

#[test]
fn a_second_pod_pulling_the_same_image_on_a_node_also_reports_pulled() {
    // Two pods land on each node at 0 s and both pull `mlmodel:v1`: every `Pulling` has its
    // `Pulled` (§7 image manager events), even though the node fetched the image once.
    let text = documents(&[
        &model_server("web", 4, SURGE_ONE, REQUESTS_500M),
        &scenario(""),
    ]);
    let run = run_of(&text);
    let pulling = events(&run, "Pulling");
    let pulled = events(&run, "Pulled");
    assert_eq!(pulling.len(), 4);
    assert_eq!(
        pulled,
        vec![
            (
                5,
                "Successfully pulled image \"mlmodel:v1\" in 5s (5s including waiting)".to_string()
            );
            4
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// (c) 25 % / 25 % on 10 replicas
// ---------------------------------------------------------------------------------------------

const QUARTERS: &str = "  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 25%
";

#[test]
fn twenty_five_percent_of_ten_surges_three_and_keeps_eight_available() {
    let run = web_rollout(10, QUARTERS);
    // §3.3: surge ⌈2.5⌉ = 3, unavailable ⌊2.5⌋ = 2. §3.4 on the template change: the new
    // ReplicaSet is created at min(13 − 10, 10) = 3; in the same sync maxScaledDown =
    // 13 − 8 − 3 = 2 and 10 available > 8, so the old one goes to 8; the next sync refills
    // the surge: 8 + 3 < 13, so new = 5.
    //
    // The five new pods become Ready together at 75 s and the controllers see them together:
    // maxScaledDown = 13 − 8 − 0 = 5 and 13 available > 8, so old 8 → 3, then new 5 → 10. The
    // last five are Ready at 85 s: old 3 → 0.
    assert_eq!(
        events(&run, "ScalingReplicaSet"),
        owned(&[
            (0, "Scaled up replica set web-64dbfd499 from 0 to 10"),
            (60, "Scaled up replica set web-64557ff8b6 from 0 to 3"),
            (60, "Scaled down replica set web-64dbfd499 from 10 to 8"),
            (60, "Scaled up replica set web-64557ff8b6 from 3 to 5"),
            (75, "Scaled down replica set web-64dbfd499 from 8 to 3"),
            (75, "Scaled up replica set web-64557ff8b6 from 5 to 10"),
            (85, "Scaled down replica set web-64dbfd499 from 3 to 0"),
        ])
    );
    assert_eq!(
        rs_sizes(&run, "web-64dbfd499"),
        [(0, 10), (60, 8), (75, 3), (85, 0)]
    );
    assert_eq!(
        rs_sizes(&run, "web-64557ff8b6"),
        [(60, 3), (60, 5), (75, 10)]
    );
    // The budgets hold at every frame, and the rollout uses all of them.
    let rollout: Vec<Shown> = frames(&run)
        .into_iter()
        .filter(|frame| frame.time >= 60)
        .collect();
    for frame in &rollout {
        assert!(
            non_terminating(frame) <= 13,
            "surge exceeded at {}s",
            frame.time
        );
        assert!(
            available(frame) >= 8,
            "too many unavailable at {}s",
            frame.time
        );
        let specs: i64 = frame.replica_sets.iter().map(|rs| rs.replicas).sum();
        assert!(
            specs <= 13,
            "Σ spec {specs} over replicas + surge at {}s",
            frame.time
        );
    }
    assert_eq!(rollout.iter().map(|f| non_terminating(f)).max(), Some(13));
    assert_eq!(rollout.iter().map(|f| available(f)).min(), Some(8));
    let end = last_frame(&run);
    assert_eq!(end.pods.len(), 10);
    assert!(end.pods.iter().all(|pod| pod.revision == 2 && pod.ready));
}

// ---------------------------------------------------------------------------------------------
// (d) A GPU model on CPU-only nodes
// ---------------------------------------------------------------------------------------------

#[test]
fn gpu_pods_on_cpu_only_nodes_stay_pending_with_the_scheduler_message() {
    let text = documents(&[&model_server("llm", 2, SURGE_ONE, GPU), &scenario("")]);
    let analysis = analyze(&text, None);
    assert!(
        analysis
            .diagnostics()
            .iter()
            .any(|d| d.message.contains("Insufficient nvidia.com/gpu")),
        "the lint warns before the run: {:?}",
        analysis.diagnostics()
    );
    let run = analysis.run.expect("warnings do not stop the run");
    let message = "0/2 nodes are available: 2 Insufficient nvidia.com/gpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..";
    let failed: Vec<_> = run
        .trace
        .events
        .iter()
        .filter(|event| event.reason.as_str() == "FailedScheduling")
        .collect();
    assert_eq!(
        failed.len(),
        2,
        "one event per pod, not repeated on retries"
    );
    for event in &failed {
        assert_eq!(
            (
                event.time,
                event.event_type.as_str(),
                event.source,
                event.message.as_str()
            ),
            (0, "Warning", "default-scheduler", message)
        );
    }
    assert!(events(&run, "Scheduled").is_empty());
    assert!(events(&run, "Pulling").is_empty());
    for frame in &frames(&run) {
        assert!(frame.pods.iter().all(|pod| pod.node.is_none()
            && pod.phase.as_str() == "Pending"
            && pod.status.as_str() == "Pending"
            && !pod.ready));
    }
    let end = last_frame(&run);
    assert_eq!(end.pods.len(), 2);
    assert_eq!((end.deployment.replicas, end.deployment.ready), (2, 0));
    assert_eq!(
        end.time, 30,
        "nothing else happens: 30 s of the stuck state are shown"
    );
}

// ---------------------------------------------------------------------------------------------
// (e) A traffic spike and its scale-down after the stabilization window
// ---------------------------------------------------------------------------------------------

const NO_PROBE_REQUESTS: &str = "        resources:
          requests:
            cpu: 500m";

/// 2 replicas, HPA 2–10 at 50 % without `behavior`, the given traffic.
fn autoscaled(behavior: &str, resources: &str, traffic: &str) -> String {
    let deployment = model_deployment("web", 2, SURGE_ONE, resources, "");
    documents(&[
        &deployment,
        SERVICE,
        &hpa(2, 10, 50, behavior),
        &scenario(traffic),
    ])
}

#[test]
fn a_traffic_spike_scales_up_within_the_legacy_limit_and_down_after_300_seconds() {
    let text = autoscaled(
        "",
        NO_PROBE_REQUESTS,
        "  traffic:
  - at: 20s
    rps: 200
  - at: 2m
    rps: 20
",
    );
    let run = run_of(&text);
    // 30 s: 100 rps × 10m per pod on 500m = 200 % → r = 4 → 8, but behavior nil limits a
    // scale-up to max(2 × 2, 4) = 4. 45 s: 50 rps per pod = 100 % → 8. 120 s: load drops to
    // 5 %, the proposal is 1 (→ min 2), but the 300 s window keeps the largest recommendation
    // (8, last made at 105 s) until 405 s; the first sync after that is 420 s (§4 step 8).
    assert_eq!(
        events(&run, "SuccessfulRescale"),
        owned(&[
            (
                30,
                "New size: 4; reason: cpu resource utilization (percentage of request) above target"
            ),
            (
                45,
                "New size: 8; reason: cpu resource utilization (percentage of request) above target"
            ),
            (420, "New size: 2; reason: All metrics below target"),
        ])
    );
    let load_dropped = 120;
    let scale_down = events(&run, "SuccessfulRescale")[2].0;
    assert!(scale_down >= load_dropped + 300);
    assert!(
        scale_down < load_dropped + 300 + 15,
        "the first sync after the window"
    );
    for frame in run
        .trace
        .frames
        .iter()
        .filter(|frame| frame.time >= 45 && frame.time < 420)
    {
        assert_eq!(frame.deployment.replicas, 8, "held at {}s", frame.time);
    }
    let rs = &last_frame(&run).replica_sets[0].name;
    assert_eq!(rs, "web-548c5d9c54");
    assert_eq!(rs_sizes(&run, rs), [(0, 2), (30, 4), (45, 8), (420, 2)]);
    let synced_at_120 = run
        .trace
        .frames
        .iter()
        .find(|frame| frame.time == 120 && frame.cause == "autoscaler synced")
        .expect("the 120 s sync");
    assert_eq!(
        synced_at_120.hpa.as_ref().and_then(|h| h.cpu_utilization),
        Some(5)
    );
    // Without a `duration` the run waits for the held scale-down instead of stopping early.
    let end = last_frame(&run);
    assert_eq!(end.pods.len(), 2);
    assert!(end.time >= 425 + 30, "ended at {}", end.time);
    assert!(run.trace.notes.is_empty(), "{:?}", run.trace.notes);
}

// ---------------------------------------------------------------------------------------------
// (f) An HPA with no CPU request
// ---------------------------------------------------------------------------------------------

#[test]
fn an_hpa_over_pods_without_a_cpu_request_warns_and_never_rescales() {
    let text = autoscaled(
        "",
        "",
        "  traffic:
  - at: 20s
    rps: 200
",
    );
    let run = run_of(&text);
    assert!(run.scenario.limit_range.is_none());
    let warnings: Vec<_> = run
        .trace
        .events
        .iter()
        .filter(|event| event.reason.as_str() == "FailedGetResourceMetric")
        .collect();
    assert_eq!(warnings.len(), 1, "repeats are not re-announced");
    let warning = warnings[0];
    assert_eq!(
        (
            warning.time,
            warning.event_type.as_str(),
            warning.object.as_str()
        ),
        (15, "Warning", "horizontalpodautoscaler/web")
    );
    let first_pod = &run.trace.milestones.initial_pods[0];
    assert_eq!(
        warning.message,
        format!(
            "failed to get cpu utilization: missing request for cpu in container model of Pod {first_pod}"
        )
    );
    assert!(warning.message.contains("missing request for cpu"));
    assert!(events(&run, "SuccessfulRescale").is_empty());
    assert!(run.trace.milestones.rescales.is_empty());
    for frame in &run.trace.frames {
        assert_eq!(frame.deployment.replicas, 2);
        assert_eq!(frame.hpa.as_ref().and_then(|h| h.cpu_utilization), None);
    }
    // Traffic still flows: the pods just cannot be measured.
    assert_eq!(last_frame(&run).requests_per_second, 200);
}

// ---------------------------------------------------------------------------------------------
// (g) Recreate
// ---------------------------------------------------------------------------------------------

#[test]
fn recreate_starts_no_new_pod_until_every_old_pod_is_gone() {
    let run = web_rollout(4, RECREATE);
    // `rolloutRecreate` (§3.4): old to 0, wait until no old pod exists (terminating ones
    // included, `oldPodsRunning`), then create the new ReplicaSet at full size.
    assert_eq!(
        events(&run, "ScalingReplicaSet"),
        owned(&[
            (0, "Scaled up replica set web-64dbfd499 from 0 to 4"),
            (60, "Scaled down replica set web-64dbfd499 from 4 to 0"),
            (65, "Scaled up replica set web-64557ff8b6 from 0 to 4"),
        ])
    );
    assert_eq!(events(&run, "Killing").len(), 4);
    assert!(events(&run, "Killing").iter().all(|(time, _)| *time == 60));
    for frame in &frames(&run) {
        let old = frame.pods.iter().filter(|pod| pod.revision == 1).count();
        let new = frame.pods.iter().filter(|pod| pod.revision == 2).count();
        assert!(
            old == 0 || new == 0,
            "old and new pods together at {}s",
            frame.time
        );
    }
    // The price: a moment with no pod at all.
    assert!(
        frames(&run)
            .iter()
            .any(|frame| frame.time == 65 && frame.pods.is_empty())
    );
    let first_new = events(&run, "SuccessfulCreate")
        .into_iter()
        .filter(|(_, message)| message.contains("web-64557ff8b6"))
        .map(|(time, _)| time)
        .min();
    assert_eq!(first_new, Some(65));
    let end = last_frame(&run);
    assert_eq!(end.pods.len(), 4);
    assert!(end.pods.iter().all(|pod| pod.revision == 2 && pod.ready));
}

// ---------------------------------------------------------------------------------------------
// (h) `behavior`: scale up one pod per minute
// ---------------------------------------------------------------------------------------------

#[test]
fn behavior_scale_up_policy_pods_1_per_60s_adds_one_pod_a_minute() {
    let text = autoscaled(
        &scale_up_pods(1, 60),
        NO_PROBE_REQUESTS,
        "  traffic:
  - at: 20s
    rps: 200
",
    );
    let run = run_of(&text);
    // The proposal is 8 from the first sync on; the policy allows the replicas at the start of
    // the 60 s period plus 1 (§4 step 8), and a rescale exactly 60 s old no longer counts.
    let reason = "reason: cpu resource utilization (percentage of request) above target";
    let expected: Vec<(u64, String)> = (3..=8)
        .map(|size| {
            (
                30 + 60 * (size as u64 - 3),
                format!("New size: {size}; {reason}"),
            )
        })
        .collect();
    assert_eq!(events(&run, "SuccessfulRescale"), expected);
    assert_eq!(
        run.trace.milestones.rescales,
        [
            (30, 2, 3),
            (90, 3, 4),
            (150, 4, 5),
            (210, 5, 6),
            (270, 6, 7),
            (330, 7, 8)
        ]
    );
    for window_start in 0..run.trace.end_time {
        let added: i64 = run
            .trace
            .milestones
            .rescales
            .iter()
            .filter(|(time, _, _)| *time >= window_start && *time < window_start + 60)
            .map(|(_, from, to)| to - from)
            .sum();
        assert!(
            added <= 1,
            "{added} pods added in the minute from {window_start}s"
        );
    }
    // The run keeps going while the policy holds the HPA back, then settles at 8.
    let end = last_frame(&run);
    assert_eq!(end.deployment.replicas, 8);
    assert_eq!(end.pods.len(), 8);
    assert_eq!(end.hpa.as_ref().and_then(|h| h.cpu_utilization), Some(50));
}
