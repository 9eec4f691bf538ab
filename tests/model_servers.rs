//! The model-server corpus (`tests/fixtures/model-servers/`, described in its SOURCES.md):
//! manifests written after the public documentation of vLLM, TGI, Triton, NIM, KServe,
//! Seldon, TorchServe, TensorFlow Serving, Ollama, llama.cpp and the classic samples. Each is
//! accepted and simulated with the supplied cluster, and its lesson ends as a real cluster of
//! that shape would end: every Deployment's pods placed and ready, and every Service that
//! selects them routing to them.

mod common;

use std::path::Path;

use kubestep::core::analysis::{Run, analyze};

use common::{Shown, last_frame};

const CORPUS: &str = "tests/fixtures/model-servers";

fn corpus() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(CORPUS)
        .expect("the corpus folder")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).expect("readable");
            (name, text)
        })
        .collect();
    files.sort();
    files
}

fn run_of(name: &str, text: &str) -> std::sync::Arc<Run> {
    let analysis = analyze(text, None);
    let errors: Vec<_> = analysis
        .diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.cli_text(name))
        .collect();
    assert!(
        errors.is_empty(),
        "{name} is refused:\n{}",
        errors.join("\n")
    );
    analysis.run.clone().expect("simulated")
}

/// Every pod of every Deployment in the frame: placed and ready.
fn unready(frame: &Shown) -> Vec<String> {
    frame
        .pods
        .iter()
        .chain(frame.other_pods.iter().flatten())
        .filter(|pod| !(pod.node.is_some() && pod.ready && !pod.terminating))
        .map(|pod| format!("{} ({})", pod.name, pod.status.as_str()))
        .collect()
}

#[test]
fn the_corpus_holds_at_least_thirty_files_with_their_sources() {
    let files = corpus();
    assert!(files.len() >= 30, "{} files", files.len());
    let sources = std::fs::read_to_string(Path::new(CORPUS).join("SOURCES.md")).expect("SOURCES");
    for (name, _) in &files {
        assert!(
            sources.contains(name.as_str()),
            "SOURCES.md does not list {name}"
        );
    }
}

#[test]
fn every_model_server_runs_and_serves_on_the_supplied_cluster() {
    let mut failures = Vec::new();
    for (name, text) in corpus() {
        let run = run_of(&name, &text);
        let last = last_frame(&run);
        let waiting = unready(&last);
        if !waiting.is_empty() {
            failures.push(format!("{name}: not ready at the end: {waiting:?}"));
        }
        for service in &last.services {
            if service.endpoints == 0 {
                failures.push(format!("{name}: Service {} has no endpoints", service.name));
            }
        }
        let expected = run.scenario.deployments.len();
        if last.others.len() + 1 != expected {
            failures.push(format!(
                "{name}: {expected} Deployments, {} simulated",
                last.others.len() + 1
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn gpu_servers_are_placed_on_gpu_nodes() {
    for name in [
        "01-vllm-openai.yaml",
        "02-vllm-tensor-parallel.yaml",
        "03-tgi.yaml",
        "05-nvidia-nim.yaml",
    ] {
        let text = std::fs::read_to_string(Path::new(CORPUS).join(name)).expect(name);
        let run = run_of(name, &text);
        let last = last_frame(&run);
        for pod in &last.pods {
            let node = run
                .scenario
                .nodes
                .iter()
                .find(|node| pod.node.as_deref() == Some(node.name.as_str()))
                .unwrap_or_else(|| panic!("{name}: {} has no node", pod.name));
            assert!(
                node.extended("nvidia.com/gpu") > 0,
                "{name}: {} runs on {} without a GPU",
                pod.name,
                node.name
            );
        }
    }
}

#[test]
fn a_file_with_several_deployments_simulates_each_and_routes_each_service() {
    let text =
        std::fs::read_to_string(Path::new(CORPUS).join("23-guestbook.yaml")).expect("guestbook");
    let run = run_of("23-guestbook.yaml", &text);
    let last = run.trace.frames.last().expect("frames");
    assert_eq!(run.scenario.deployments.len(), 3);
    assert_eq!(last.services.len(), 3);
    assert!(last.services.iter().all(|service| service.endpoints > 0));
    let analysis = kubestep::core::analysis::analyze_following(&text, None, Some("frontend"));
    let run = analysis.run.expect("simulated");
    assert_eq!(run.deployment.name, "frontend");
    assert_eq!(
        run.lesson.steps[0].result,
        "Deployment 'frontend' created with 3 replicas"
    );
}

#[test]
fn an_autoscaler_on_a_gpu_pods_metric_reports_the_missing_metrics_adapter() {
    let name = "20-hpa-gpu-utilization-pods-metric.yaml";
    let text = std::fs::read_to_string(Path::new(CORPUS).join(name)).expect(name);
    let run = run_of(name, &text);
    let reasons: Vec<&str> = run.trace.events.iter().map(|e| e.reason.as_str()).collect();
    assert!(reasons.contains(&"FailedGetPodsMetric"), "{reasons:?}");
    assert!(
        reasons.contains(&"FailedComputeMetricsReplicas"),
        "{reasons:?}"
    );
    assert!(!reasons.contains(&"SuccessfulRescale"), "{reasons:?}");
    assert!(
        run.lesson.steps[4].result.starts_with(
            "The autoscaler cannot read its metrics (invalid metrics (1 invalid out of 1)"
        ),
        "{}",
        run.lesson.steps[4].result
    );
    assert!(run.lesson.key_moments[1].answer.contains("metrics adapter"));
}
/// What each file's default lesson shows at its end: the Deployment it follows, the
/// accelerator its pods ask for, its ready pods, the other Deployments' ready pods, and every
/// Service's endpoints. The default story adds an autoscaler that grows the followed
/// Deployment by one pod under load, hence one more ready pod than `replicas` for most files.
type Expectation = (
    &'static str,
    &'static str,
    Option<(&'static str, i64)>,
    usize,
    &'static [(&'static str, usize)],
    &'static [(&'static str, usize)],
);

const EXPECTED: &[Expectation] = &[
    (
        "01-vllm-openai.yaml",
        "vllm-llama-8b",
        Some(("nvidia.com/gpu", 1)),
        2,
        &[],
        &[("vllm-llama-8b", 2)],
    ),
    (
        "02-vllm-tensor-parallel.yaml",
        "vllm-qwen-14b-tp2",
        Some(("nvidia.com/gpu", 2)),
        2,
        &[],
        &[("vllm-qwen-14b", 2)],
    ),
    (
        "03-tgi.yaml",
        "tgi-mistral-7b",
        Some(("nvidia.com/gpu", 1)),
        3,
        &[],
        &[("tgi-mistral-7b", 3)],
    ),
    (
        "04-triton.yaml",
        "triton",
        Some(("nvidia.com/gpu", 1)),
        3,
        &[],
        &[("triton", 3)],
    ),
    (
        "05-nvidia-nim.yaml",
        "nim-llama31-8b",
        Some(("nvidia.com/gpu", 1)),
        2,
        &[],
        &[("nim-llama31-8b", 2)],
    ),
    (
        "06-kserve-style-predictor.yaml",
        "sklearn-iris-predictor",
        None,
        3,
        &[],
        &[("sklearn-iris-predictor", 3)],
    ),
    (
        "07-seldon-mlserver.yaml",
        "mlserver-churn-xgb",
        None,
        3,
        &[],
        &[("mlserver-churn-xgb", 3)],
    ),
    (
        "08-torchserve.yaml",
        "torchserve-resnet18",
        None,
        3,
        &[],
        &[("torchserve", 3)],
    ),
    (
        "09-tensorflow-serving.yaml",
        "tf-serving-resnet",
        None,
        4,
        &[],
        &[("tf-serving-resnet", 4)],
    ),
    (
        "10-ollama-cpu.yaml",
        "ollama",
        None,
        2,
        &[],
        &[("ollama", 2)],
    ),
    (
        "11-ollama-amd-gpu.yaml",
        "ollama-rocm",
        Some(("amd.com/gpu", 1)),
        2,
        &[],
        &[("ollama-rocm", 2)],
    ),
    (
        "12-llama-cpp-cpu.yaml",
        "llama-cpp-qwen32b",
        None,
        2,
        &[],
        &[("llama-cpp-qwen32b", 2)],
    ),
    (
        "13-init-container-model-download.yaml",
        "llama-cpp-cuda-llama31-8b",
        Some(("nvidia.com/gpu", 1)),
        3,
        &[],
        &[("llama-cpp-cuda", 3)],
    ),
    (
        "14-native-sidecar-log-shipper.yaml",
        "torchserve-bert",
        Some(("nvidia.com/gpu", 1)),
        3,
        &[],
        &[("torchserve-bert", 3)],
    ),
    (
        "15-node-affinity-gpu-product.yaml",
        "vllm-mistral-small-24b",
        Some(("nvidia.com/gpu", 1)),
        2,
        &[],
        &[("vllm-mistral-small", 2)],
    ),
    (
        "16-sglang-64gi-memory.yaml",
        "sglang-qwen25-32b",
        Some(("nvidia.com/gpu", 2)),
        2,
        &[],
        &[("sglang-qwen25-32b", 2)],
    ),
    (
        "17-tei-embeddings-hpa.yaml",
        "tei-bge-small",
        None,
        3,
        &[],
        &[("tei-bge-small", 3)],
    ),
    (
        "18-router-and-model-server.yaml",
        "vllm-qwen-7b",
        Some(("nvidia.com/gpu", 1)),
        2,
        &[("llm-router", 2)],
        &[("vllm-qwen-7b", 2), ("llm-router", 2)],
    ),
    (
        "19-ray-head-and-workers.yaml",
        "ray-worker-gpu",
        Some(("nvidia.com/gpu", 1)),
        2,
        &[("ray-head", 1)],
        &[("ray-head", 1)],
    ),
    (
        "20-hpa-gpu-utilization-pods-metric.yaml",
        "tgi-llama-8b",
        Some(("nvidia.com/gpu", 1)),
        1,
        &[],
        &[("tgi-llama-8b", 1)],
    ),
    (
        "21-triton-istio-destinationrule.yaml",
        "triton-resnet",
        Some(("nvidia.com/gpu", 1)),
        4,
        &[],
        &[("triton-resnet", 4)],
    ),
    (
        "22-nginx-deployment-service.yaml",
        "nginx-deployment",
        None,
        4,
        &[],
        &[("nginx", 4)],
    ),
    (
        "23-guestbook.yaml",
        "redis-leader",
        None,
        2,
        &[("redis-follower", 2), ("frontend", 3)],
        &[("redis-leader", 2), ("redis-follower", 2), ("frontend", 3)],
    ),
    (
        "24-php-apache-hpa.yaml",
        "php-apache",
        None,
        2,
        &[],
        &[("php-apache", 2)],
    ),
    (
        "25-configmap-and-secret.yaml",
        "podinfo",
        None,
        3,
        &[],
        &[("podinfo", 3)],
    ),
    (
        "26-redis-cache.yaml",
        "redis-cache",
        None,
        2,
        &[],
        &[("redis-cache", 2)],
    ),
    (
        "27-ingress-and-service.yaml",
        "hello-web",
        None,
        3,
        &[],
        &[("hello-web", 3)],
    ),
    (
        "28-networkpolicy.yaml",
        "fraud-scorer",
        None,
        3,
        &[],
        &[("fraud-scorer", 3)],
    ),
    (
        "29-poddisruptionbudget.yaml",
        "checkout-api",
        None,
        4,
        &[],
        &[("checkout-api", 4)],
    ),
    (
        "30-limits-only.yaml",
        "feature-extractor",
        None,
        5,
        &[],
        &[("feature-extractor", 5)],
    ),
    (
        "31-topology-spread.yaml",
        "inference-gateway",
        None,
        8,
        &[],
        &[("inference-gateway", 8)],
    ),
    (
        "32-recreate-strategy.yaml",
        "grafana",
        None,
        2,
        &[],
        &[("grafana", 2)],
    ),
    (
        "33-min-ready-progress-deadline.yaml",
        "hello-app",
        None,
        4,
        &[],
        &[("hello-app", 4)],
    ),
];

#[test]
fn each_file_ends_as_its_row_says() {
    let files = corpus();
    assert_eq!(files.len(), EXPECTED.len(), "a row per file");
    let mut failures = Vec::new();
    for ((name, text), (file, followed, accelerator, ready, others, services)) in
        files.iter().zip(EXPECTED)
    {
        assert_eq!(name, file, "rows in file order");
        let run = run_of(name, text);
        let last = last_frame(&run);
        let ready_of = |pods: &[kubestep::core::sim::trace::PodSnapshot]| {
            pods.iter().filter(|p| p.ready && !p.terminating).count()
        };
        let mut row = Vec::new();
        if run.deployment.name != *followed {
            row.push(format!("follows {}", run.deployment.name));
        }
        if ready_of(&last.pods) != *ready {
            row.push(format!("{} ready pods", ready_of(&last.pods)));
        }
        if let Some((resource, units)) = accelerator {
            // Each of the followed Deployment's pods sits on a node with enough of it.
            for pod in &last.pods {
                let node = run
                    .scenario
                    .nodes
                    .iter()
                    .find(|n| pod.node.as_deref() == Some(n.name.as_str()));
                if node.is_none_or(|n| n.extended(resource) < *units) {
                    row.push(format!(
                        "{} is not on a node with {units} {resource}",
                        pod.name
                    ));
                }
            }
        }
        let other_ready: Vec<(String, usize)> = last
            .others
            .iter()
            .zip(&last.other_pods)
            .map(|(o, pods)| (o.name.clone(), ready_of(pods)))
            .collect();
        let want: Vec<(String, usize)> = others.iter().map(|(n, c)| (n.to_string(), *c)).collect();
        if other_ready != want {
            row.push(format!("others {other_ready:?}"));
        }
        let endpoints: Vec<(String, usize)> = last
            .services
            .iter()
            .map(|s| (s.name.clone(), s.endpoints))
            .collect();
        let want: Vec<(String, usize)> =
            services.iter().map(|(n, c)| (n.to_string(), *c)).collect();
        if endpoints != want {
            row.push(format!("services {endpoints:?}"));
        }
        if !row.is_empty() {
            failures.push(format!("{name}: {}", row.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
