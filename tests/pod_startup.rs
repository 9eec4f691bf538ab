//! How a pod starts (§7): init containers one at a time and in order before the app
//! containers, a native sidecar started in its turn and kept running, `Init:N/M` and
//! `PodInitializing` in STATUS, the startup probe holding the readiness probe back, and
//! `successThreshold` passing probes before Ready.

mod common;

use common::{documents, frames, run_of, scenario};
use kubestep::core::analysis::Run;

fn server(init: &str, probes: &str) -> String {
    documents(&[
        &format!(
            "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
{init}      containers:
      - name: model
        image: mlmodel:v1
        ports:
        - containerPort: 5000
{probes}"
        ),
        &scenario(""),
    ])
}

const TWO_INIT: &str = "      initContainers:
      - name: fetch-model
        image: curlimages/curl:8.11.1
      - name: log-shipper
        image: fluent/fluent-bit:3.2
        restartPolicy: Always
      - name: warm-cache
        image: busybox:1.36
";

/// `(time, reason, message)` of the run's events, in order.
fn events(run: &Run) -> Vec<(u64, &'static str, String)> {
    run.trace
        .events
        .iter()
        .map(|e| (e.time, e.reason.as_str(), e.message.clone()))
        .collect()
}

/// Whether any of the lesson's notes says `text`.
fn notes_mention(run: &Run, text: &str) -> bool {
    run.trace.notes.iter().any(|note| note.contains(text))
}

fn started_at(run: &Run, container: &str) -> u64 {
    events(run)
        .into_iter()
        .find(|(_, reason, message)| {
            *reason == "Started" && *message == format!("Started container {container}")
        })
        .map(|(time, _, _)| time)
        .unwrap_or_else(|| panic!("{container} never started"))
}

#[test]
fn init_containers_run_in_order_and_a_sidecar_keeps_running() {
    let run = run_of(&server(TWO_INIT, ""));
    // Pull 5 s, run 10 s; the sidecar starts and the next one starts beside it at once.
    assert_eq!(started_at(&run, "fetch-model"), 5);
    assert_eq!(started_at(&run, "log-shipper"), 20);
    assert_eq!(started_at(&run, "warm-cache"), 25);
    assert_eq!(started_at(&run, "model"), 40);
    let statuses: Vec<String> = frames(&run)
        .iter()
        .flat_map(|frame| frame.pods.iter().map(|pod| pod.status_text()))
        .collect();
    for status in ["Init:0/3", "Init:2/3", "PodInitializing", "Running"] {
        assert!(
            statuses.iter().any(|s| s == status),
            "{status} in {statuses:?}"
        );
    }
    assert_eq!(
        run.lesson.steps[7].result,
        "Model serving stable with desired replicas"
    );
}

#[test]
fn the_startup_probe_holds_readiness_back_until_the_model_serves() {
    let probes = "        startupProbe:
          httpGet: {path: /health, port: 5000}
          periodSeconds: 4
          failureThreshold: 30
        readinessProbe:
          httpGet: {path: /ready, port: 5000}
          periodSeconds: 5
";
    let run = run_of(&server("", probes));
    let all = events(&run);
    let startup_failures = all
        .iter()
        .filter(|(_, _, m)| m.starts_with("Startup probe failed"))
        .count();
    // Started at 5 s; the model serves at 15 s: probes at 5, 9, 13 fail, 17 passes.
    assert_eq!(startup_failures, 3, "{all:?}");
    assert!(
        !all.iter()
            .any(|(_, _, m)| m.starts_with("Readiness probe failed")),
        "no readiness probe runs before the startup probe passes: {all:?}"
    );
    let ready = frames(&run)
        .iter()
        .find(|frame| frame.pods.iter().any(|pod| pod.ready))
        .map(|frame| frame.time);
    assert_eq!(ready, Some(17));
    assert!(
        !notes_mention(&run, "startup probe of"),
        "{:?}",
        run.trace.notes
    );
}

#[test]
fn a_startup_probe_that_gives_up_too_early_is_said_to_restart_the_container() {
    let probes = "        startupProbe:
          httpGet: {path: /health, port: 5000}
          periodSeconds: 2
          failureThreshold: 3
";
    let run = run_of(&server("", probes));
    assert!(
        notes_mention(&run, "a real kubelet restarts container model"),
        "{:?}",
        run.trace.notes
    );
}

#[test]
fn readiness_needs_success_threshold_passing_probes() {
    let probes = "        readinessProbe:
          httpGet: {path: /ready, port: 5000}
          periodSeconds: 5
          successThreshold: 3
";
    let run = run_of(&server("", probes));
    // Probes at 5, 10, 15 (loaded at 15), 20, 25: the third success in a row is at 25.
    let ready = frames(&run)
        .iter()
        .find(|frame| frame.pods.iter().any(|pod| pod.ready))
        .map(|frame| frame.time);
    assert_eq!(ready, Some(25));
}

/// `publishNotReadyAddresses` (a headless Service for peer discovery, say): pods are endpoints
/// as soon as they are bound, before their model has loaded.
#[test]
fn a_service_that_publishes_not_ready_addresses_routes_before_readiness() {
    let probes = "        readinessProbe:
          httpGet: {path: /ready, port: 5000}
          periodSeconds: 5
";
    let service = "apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  publishNotReadyAddresses: true
  ports:
  - port: 80
    targetPort: 5000
";
    let text = server("", probes) + "---\n" + service;
    let run = run_of(&text);
    let early = frames(&run)
        .into_iter()
        .find(|frame| frame.endpoints > 0)
        .expect("endpoints");
    assert!(
        early.pods.iter().all(|pod| !pod.ready),
        "an endpoint before any pod is ready: {:?}",
        early.pods
    );
}

/// A `preStop` sleep runs before SIGTERM: the old pod drains for the hook plus the server's
/// 5 s, within its grace period.
#[test]
fn a_pre_stop_sleep_lengthens_termination_within_the_grace_period() {
    let hook = |seconds: u64| {
        format!(
            "        lifecycle:
          preStop:
            exec:
              command: [\"/bin/sh\", \"-c\", \"sleep {seconds}\"]
"
        )
    };
    let gone_after = |lifecycle: &str| -> u64 {
        // The Scenario is the last document: its spec takes a rollout line.
        let text = server("", lifecycle) + "  rollout:\n    at: 60s\n    image: mlmodel:v2\n";
        let run = run_of(&text);
        let killing = run
            .trace
            .events
            .iter()
            .find(|e| e.reason.as_str() == "Killing")
            .expect("an old pod is stopped")
            .time;
        let gone = run
            .trace
            .frames
            .iter()
            .find(|frame| {
                frame
                    .changes
                    .iter()
                    .any(|c| matches!(c, kubestep::core::sim::trace::Change::PodsGone { .. }))
            })
            .expect("the old pod goes")
            .time;
        gone - killing
    };
    assert_eq!(gone_after(""), 5);
    assert_eq!(gone_after(&hook(10)), 15);
    // 40 s of hook and 5 s of drain, cut at the default 30 s grace period.
    assert_eq!(gone_after(&hook(40)), 30);
}

/// A liveness probe that gives up before the model has loaded would restart the container:
/// the lesson says so (restarts are not simulated yet), and not when a startup probe
/// guards it.
#[test]
fn a_liveness_probe_that_kills_a_loading_model_is_said() {
    let liveness = "        livenessProbe:
          httpGet: {path: /health, port: 5000}
          periodSeconds: 2
          failureThreshold: 3
";
    let run = run_of(&server("", liveness));
    assert!(
        notes_mention(&run, "a real kubelet kills container model"),
        "{:?}",
        run.trace.notes
    );
    let guarded = format!(
        "{liveness}        startupProbe:
          httpGet: {{path: /health, port: 5000}}
          periodSeconds: 5
          failureThreshold: 30
"
    );
    let run = run_of(&server("", &guarded));
    assert!(
        !notes_mention(&run, "liveness probe"),
        "{:?}",
        run.trace.notes
    );
}
