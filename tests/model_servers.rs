//! The model-server corpus (`tests/fixtures/model-servers/`, described in its SOURCES.md):
//! manifests written after the public documentation of vLLM, TGI, Triton, NIM, KServe,
//! Seldon, TorchServe, TensorFlow Serving, Ollama, llama.cpp and the classic samples. Each is
//! accepted and simulated with the supplied cluster, and its lesson ends as a real cluster of
//! that shape would end: every Deployment's pods placed and ready, and every Service that
//! selects them routing to them.

mod common;

use std::path::Path;

use kubestep::core::analysis::{Run, analyze};
use kubestep::core::sim::trace::Frame;

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
fn unready(frame: &Frame) -> Vec<String> {
    frame
        .pods
        .iter()
        .chain(frame.others.iter().flat_map(|other| other.pods.iter()))
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
        let last = run.trace.frames.last().expect("frames");
        let waiting = unready(last);
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
        let last = run.trace.frames.last().expect("frames");
        for pod in &last.pods {
            let node = run
                .scenario
                .nodes
                .iter()
                .find(|node| Some(&node.name) == pod.node.as_ref())
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
