//! The builders and runners the integration tests share: manifest documents (a model-server
//! Deployment, its Service and HorizontalPodAutoscaler, the two-node Scenario), a checked run
//! of the core with the counts read off its frames, the seed lesson's names, and the
//! `kubestep` binary run as a child process.

// Every test file compiles this module on its own and uses only some of it.
#![allow(dead_code)]

pub mod keys;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use kubestep::core::analysis::{Run, analyze};
use kubestep::core::sim::trace::{Frame, PodSet, PodSnapshot};

// ---------------------------------------------------------------------------------------------
// Runs of the core
// ---------------------------------------------------------------------------------------------

/// The run of a manifest that must have no error.
pub fn run_of(text: &str) -> Run {
    let analysis = analyze(text, None);
    assert!(
        !analysis.has_errors(),
        "manifest rejected: {:?}\n{text}",
        analysis.diagnostics()
    );
    std::sync::Arc::unwrap_or_clone(analysis.run.expect("a valid manifest simulates"))
}

/// A frame with its pods read from the trace's recorded changes: the followed Deployment's
/// in `pods`, each of `frame.others` in `other_pods`. Derefs to the frame.
#[derive(Clone, Debug)]
pub struct Shown<'a> {
    pub index: usize,
    pub frame: &'a Frame,
    pub pods: Vec<PodSnapshot>,
    pub other_pods: Vec<Vec<PodSnapshot>>,
}

impl std::ops::Deref for Shown<'_> {
    type Target = Frame;
    fn deref(&self) -> &Frame {
        self.frame
    }
}

fn shown<'a>(run: &'a Run, index: usize, pods: &PodSet) -> Shown<'a> {
    let frame = &run.trace.frames[index];
    Shown {
        index,
        frame,
        pods: pods.followed().cloned().collect(),
        other_pods: (0..frame.others.len())
            .map(|other| pods.other(other).cloned().collect())
            .collect(),
    }
}

/// Frame `index` with its pods, read at random.
pub fn frame_at(run: &Run, index: usize) -> Shown<'_> {
    shown(run, index, &run.trace.pod_set_at(index))
}

/// Every frame with its pods, read walking forwards.
pub fn frames(run: &Run) -> Vec<Shown<'_>> {
    let mut cursor = run.trace.cursor();
    (0..run.trace.frames.len())
        .map(|index| shown(run, index, cursor.at(index)))
        .collect()
}

pub fn last_frame(run: &Run) -> Shown<'_> {
    let last = run.trace.frames.len().checked_sub(1);
    frame_at(run, last.expect("a run records frames"))
}

/// Pods that still count toward `replicas + maxSurge`: not terminating.
pub fn non_terminating(frame: &Shown) -> i64 {
    frame.pods.iter().filter(|pod| !pod.terminating).count() as i64
}

/// Available pods as a frame shows them (minReadySeconds 0): ready and not terminating.
pub fn available(frame: &Shown) -> i64 {
    frame
        .pods
        .iter()
        .filter(|pod| pod.ready && !pod.terminating)
        .count() as i64
}

/// `(name, spec.replicas)` of every ReplicaSet the frame lists, in its order.
pub fn replica_set_sizes(frame: &Frame) -> Vec<(&str, i64)> {
    frame
        .replica_sets
        .iter()
        .map(|rs| (rs.name.as_str(), rs.replicas))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The seed lesson
// ---------------------------------------------------------------------------------------------

/// The seed manifest as the command line reads it, from the crate root.
pub const SEED_PATH: &str = "public/seed-manifest.yaml";

/// The seed manifest read from [`SEED_PATH`] with `spec.replicas` misspelt `replica` (line 6).
pub fn seed_with_an_unknown_field() -> String {
    std::fs::read_to_string(SEED_PATH)
        .expect("seed")
        .replace("replicas: 2", "replica: 2")
}

/// The seed Deployment's ReplicaSets before and after its rollout to `mlmodel:v2`.
pub const SEED_OLD_RS: &str = "ml-model-9b7bc4ddf";
pub const SEED_NEW_RS: &str = "ml-model-7b45859744";

// ---------------------------------------------------------------------------------------------
// Manifest documents
// ---------------------------------------------------------------------------------------------

/// A model server with a readiness probe: pods are ready 15 s after they are scheduled (5 s
/// image pull, 10 s model load, probe every 5 s). `spec_extra` is whole `spec` lines (a
/// `strategy`, `progressDeadlineSeconds`, ...) placed after `replicas`; `resources` is the
/// container's `resources` block.
pub fn model_server(name: &str, replicas: i64, spec_extra: &str, resources: &str) -> String {
    model_deployment(
        name,
        replicas,
        spec_extra,
        resources,
        &readiness_probe(5, 5),
    )
}

/// A Deployment of one `model` container (`mlmodel:v1` on port 5000), labelled `app: NAME`:
/// `spec_extra` and `resources` as for [`model_server`], then the container's `probe` lines
/// (none if empty).
pub fn model_deployment(
    name: &str,
    replicas: i64,
    spec_extra: &str,
    resources: &str,
    probe: &str,
) -> String {
    format!(
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  replicas: {replicas}
{spec_extra}  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels:
        app: {name}
    spec:
      containers:
      - name: model
        image: mlmodel:v1
        ports:
        - containerPort: 5000
{resources}
{probe}"
    )
}

/// The container's HTTP readiness probe on port 5000.
pub fn readiness_probe(initial_delay_seconds: i64, period_seconds: i64) -> String {
    format!(
        "        readinessProbe:
          httpGet:
            path: /ready
            port: 5000
          initialDelaySeconds: {initial_delay_seconds}
          periodSeconds: {period_seconds}
"
    )
}

/// `spec` lines: a rolling update one pod at a time, never below the replicas.
pub const SURGE_ONE: &str = "  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
";

/// `spec` lines: every old pod goes before a new one starts.
pub const RECREATE: &str = "  strategy:
    type: Recreate
";

pub const REQUESTS_500M: &str = "        resources:
          requests:
            cpu: 500m
            memory: 1Gi";

/// Requests one GPU, which the nodes of [`scenario`] do not have.
pub const GPU: &str = "        resources:
          requests:
            cpu: \"2\"
            memory: 8Gi
            nvidia.com/gpu: 1
          limits:
            nvidia.com/gpu: 1";

/// A Service in front of the `web` pods.
pub const SERVICE: &str = "apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 5000
";

/// An HPA on the `web` Deployment's CPU utilization, with `behavior` lines (or none).
pub fn hpa(min: i64, max: i64, target_percent: i64, behavior: &str) -> String {
    format!(
        "apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: {min}
  maxReplicas: {max}
{behavior}  metrics:
  - type: Resource
    resource:
      name: cpu
      target:
        type: Utilization
        averageUtilization: {target_percent}
"
    )
}

/// `behavior` lines for [`hpa`]: scale up by at most `value` pods per `period_seconds`.
pub fn scale_up_pods(value: i64, period_seconds: i64) -> String {
    format!(
        "  behavior:
    scaleUp:
      policies:
      - type: Pods
        value: {value}
        periodSeconds: {period_seconds}
"
    )
}

/// A Scenario on two 8-CPU nodes without GPUs, with the given extra `spec` lines.
pub fn scenario(extra: &str) -> String {
    format!(
        "apiVersion: kubestep.dev/v1alpha1
kind: Scenario
spec:
  nodes:
  - name: node-a
    cpu: \"8\"
    memory: 32Gi
  - name: node-b
    cpu: \"8\"
    memory: 32Gi
{extra}"
    )
}

/// `spec` lines for [`scenario`]: `kubectl set image` to `mlmodel:v2` at 60 s.
pub const ROLLOUT_AT_60S: &str = "  rollout:
    at: 60s
    image: mlmodel:v2
";

/// One multi-document YAML stream.
pub fn documents(parts: &[&str]) -> String {
    parts.join("---\n")
}

/// The run of a `web` model server (500m CPU requests, `spec_extra` as for [`model_server`])
/// on the two-node Scenario, rolled out to `mlmodel:v2` at 60 s.
pub fn web_rollout(replicas: i64, spec_extra: &str) -> Run {
    run_of(&documents(&[
        &model_server("web", replicas, spec_extra, REQUESTS_500M),
        &scenario(ROLLOUT_AT_60S),
    ]))
}

// ---------------------------------------------------------------------------------------------
// The `kubestep` binary
// ---------------------------------------------------------------------------------------------

/// Runs the binary with `args`, writing `stdin` (if any) to its standard input.
pub fn kubestep(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kubestep"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("it exits")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
