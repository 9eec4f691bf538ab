//! The cluster the lesson supplies fits the manifest: GPU servers get GPU nodes with enough of
//! their extended resource, the labels their `nodeSelector` and required node affinity ask
//! for, the GPU taint they tolerate, and nodes large enough for their memory and storage;
//! the claims and Secrets they mount are taken as existing, and every assumption is said.

mod common;

use common::{last_frame, run_of};
use kubestep::core::analysis::Run;

/// A model server as tutorials write one: `resources` and `spec_extra` (pod `spec` lines after
/// `containers`) vary; a readiness probe on /health.
fn model_server(resources: &str, spec_extra: &str) -> String {
    format!(
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: llm
spec:
  replicas: 2
  selector:
    matchLabels:
      app: llm
  template:
    metadata:
      labels:
        app: llm
    spec:
      containers:
      - name: server
        image: vllm/vllm-openai:v0.6.3
        ports:
        - containerPort: 8000
        resources:
{resources}
        readinessProbe:
          httpGet:
            path: /health
            port: 8000
          periodSeconds: 5
{spec_extra}"
    )
}

fn supplied(run: &Run) -> String {
    run.lesson
        .supplied
        .iter()
        .map(|s| format!("{}: {}", s.what, s.why))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every pod of the last frame is on a node and ready.
#[track_caller]
fn all_serving(run: &Run) {
    let frame = last_frame(run);
    assert!(!frame.pods.is_empty());
    assert!(
        frame.pods.iter().all(|p| p.node.is_some() && p.ready),
        "{:?}\n{}",
        frame.pods,
        supplied(run)
    );
    assert_eq!(
        run.lesson.steps[7].result,
        "Model serving stable with desired replicas"
    );
}

const ONE_GPU: &str = "          requests:
            cpu: \"4\"
            memory: 30Gi
            nvidia.com/gpu: 1
          limits:
            nvidia.com/gpu: 1";

#[test]
fn a_gpu_server_gets_gpu_nodes_with_its_selector_label_and_tolerated_taint() {
    let run = run_of(&model_server(
        ONE_GPU,
        "      nodeSelector:
        cloud.google.com/gke-accelerator: nvidia-l4
      tolerations:
      - key: nvidia.com/gpu
        operator: Exists
        effect: NoSchedule
",
    ));
    for node in &run.scenario.nodes {
        assert!(node.extended("nvidia.com/gpu") >= 1, "{node:?}");
        assert!(node.memory_bytes >= 30 << 30, "{node:?}");
        assert_eq!(
            node.labels
                .get("cloud.google.com/gke-accelerator")
                .map(String::as_str),
            Some("nvidia-l4")
        );
        assert!(
            node.taints
                .iter()
                .any(|t| t.key == "nvidia.com/gpu" && t.effect == "NoSchedule")
        );
    }
    all_serving(&run);
    let said = supplied(&run);
    assert!(said.contains("1 nvidia.com/gpu"), "{said}");
    assert!(
        said.contains("cloud.google.com/gke-accelerator=nvidia-l4"),
        "{said}"
    );
    assert!(
        said.contains("tainted nvidia.com/gpu=present:NoSchedule"),
        "{said}"
    );
    assert!(
        said.contains("an image pull of 60 s and a model load of 90 s"),
        "{said}"
    );
}

#[test]
fn other_accelerators_and_multi_gpu_pods_get_enough_of_them() {
    let run = run_of(&model_server(
        "          limits:
            amd.com/gpu: 2
            memory: 64Gi",
        "",
    ));
    assert!(
        run.scenario
            .nodes
            .iter()
            .all(|node| node.extended("amd.com/gpu") == 2),
        "{:?}",
        run.scenario.nodes
    );
    all_serving(&run);
}

#[test]
fn required_node_affinity_is_met_by_the_supplied_labels() {
    let run = run_of(&model_server(
        ONE_GPU,
        "      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - key: nvidia.com/gpu.product
                operator: In
                values: [NVIDIA-A100-SXM4-80GB, NVIDIA-H100-80GB-HBM3]
",
    ));
    assert!(run.scenario.nodes.iter().all(|node| {
        node.labels
            .get("nvidia.com/gpu.product")
            .map(String::as_str)
            == Some("NVIDIA-A100-SXM4-80GB")
    }));
    all_serving(&run);
}

#[test]
fn a_pod_that_affinity_rules_out_stays_pending_with_the_schedulers_reason() {
    // Written nodes are the whole cluster: none carries the label the pod requires.
    let text = model_server(
        "          requests:
            cpu: \"1\"",
        "      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - key: pool
                operator: In
                values: [gpu]
",
    ) + "---
apiVersion: kubestep.dev/v1alpha1
kind: Scenario
spec:
  nodes:
  - name: cpu-a
    cpu: \"8\"
    memory: 32Gi
    labels: {pool: cpu}
";
    let run = run_of(&text);
    assert_eq!(
        run.lesson.steps[1].result,
        "0 of 2 pods scheduled; the rest stay Pending: 0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector."
    );
}

#[test]
fn a_large_model_gets_a_large_node_not_many_small_ones() {
    let run = run_of(&model_server(
        "          requests:
            cpu: \"16\"
            memory: 128Gi
            ephemeral-storage: 150Gi",
        "",
    ));
    for node in &run.scenario.nodes {
        assert!(node.memory_bytes >= 128 << 30, "{node:?}");
        assert!(node.cpu_milli >= 16_000, "{node:?}");
        assert!(node.ephemeral_storage_bytes >= 150 << 30, "{node:?}");
    }
    all_serving(&run);
}

#[test]
fn claims_secrets_and_config_maps_the_pods_use_are_assumed_and_said() {
    let run = run_of(&model_server(
        ONE_GPU,
        "      imagePullSecrets:
      - name: registry-credentials
      volumes:
      - name: cache
        persistentVolumeClaim:
          claimName: model-cache
      - name: settings
        configMap:
          name: server-settings
",
    ));
    let said = supplied(&run);
    assert!(
        said.contains("the PersistentVolumeClaim(s) \"model-cache\" taken as existing and bound"),
        "{said}"
    );
    assert!(
        said.contains("the Secret(s) \"registry-credentials\" taken as existing"),
        "{said}"
    );
    assert!(
        said.contains("the ConfigMap(s) \"server-settings\" taken as existing"),
        "{said}"
    );
    all_serving(&run);
}

#[test]
fn a_scenario_sets_the_pull_and_load_durations() {
    let text = model_server(ONE_GPU, "")
        + "---
apiVersion: kubestep.dev/v1alpha1
kind: Scenario
spec:
  nodes:
  - name: gpu-a
    cpu: \"16\"
    memory: 64Gi
    nvidia.com/gpu: 2
  imagePull: 2m
  modelLoad: 30s
";
    let run = run_of(&text);
    assert_eq!(run.scenario.timings.image_pull_seconds, 120);
    assert_eq!(run.scenario.timings.model_load_seconds, 30);
    let started = run
        .trace
        .events
        .iter()
        .find(|e| e.reason.as_str() == "Started")
        .expect("a container starts");
    assert_eq!(started.time, 120);
    let said = supplied(&run);
    assert!(
        !said.contains("image pull"),
        "the Scenario chose them: {said}"
    );
    all_serving(&run);
}
