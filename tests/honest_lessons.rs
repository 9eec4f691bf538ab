//! Regressions for lessons that once said false things: each test is a manifest a student
//! could write, with the sentence, quiz key, tracker cell or formula card that must follow
//! what the simulation did. They read only the lesson's text and numbers, so they hold
//! against any implementation of the lesson.

mod common;

use common::{documents, hpa, model_deployment, readiness_probe, run_of};
use kubestep::core::analysis::Run;
use kubestep::core::samples::{EXAMPLES, SEED_MANIFEST};

fn tracker_row<'a>(run: &'a Run, variable: &str) -> &'a [String] {
    &run.lesson
        .tracker
        .rows
        .iter()
        .find(|row| row.variable == variable)
        .expect("tracker row")
        .values
}

fn correct_option(run: &Run, question: usize) -> &str {
    let question = &run.lesson.quiz[question];
    &question.options[question.answer]
}

/// Three CPU-only nodes written as `v1 Node` documents: the seed's story, their cluster.
pub fn cpu_only_nodes() -> String {
    (1..=3)
        .map(|index| {
            format!(
                "---\napiVersion: v1\nkind: Node\nmetadata:\n  name: cpu-{index}\nstatus:\n  allocatable:\n    cpu: \"4\"\n    memory: 16Gi\n"
            )
        })
        .collect()
}

/// The seed manifest with a GPU limit on a cluster of CPU-only nodes: nothing runs.
fn seed_with_gpu() -> String {
    SEED_MANIFEST.replace(
        "        - containerPort: 5000\n",
        "        - containerPort: 5000\n        resources:\n          limits:\n            nvidia.com/gpu: 1\n",
    ) + &cpu_only_nodes()
}

#[test]
fn gpu_pods_on_a_cpu_only_cluster_are_not_said_to_run() {
    let run = run_of(&seed_with_gpu());
    assert_eq!(
        run.lesson.steps[2].result,
        "No container started: no pod was scheduled"
    );
    assert_ne!(
        correct_option(&run, 0),
        "Step 3",
        "no container ever started"
    );
    assert_eq!(
        correct_option(&run, 0),
        "No node can take the pods, so they stay Pending"
    );
    assert_ne!(
        run.lesson.steps[5].result, "Rolling update triggers new pods with updated model",
        "the new pods never became ready"
    );
    assert!(
        run.lesson.steps[5].result.contains("none is ready"),
        "{}",
        run.lesson.steps[5].result
    );
    assert!(
        !run.lesson.steps[6].result.contains("still running"),
        "every old pod was Pending: {}",
        run.lesson.steps[6].result
    );
    let versions = tracker_row(&run, "Model version");
    assert!(
        !versions.iter().any(|cell| cell.contains("after update")),
        "{versions:?}"
    );
    assert_eq!(tracker_row(&run, "Pods running"), ["0", "0", "0", "0", "0"]);
}

#[test]
fn zero_replicas_start_no_container_and_serve_no_new_version() {
    let run = run_of(&SEED_MANIFEST.replace("replicas: 2", "replicas: 0"));
    assert_ne!(correct_option(&run, 0), "Step 3");
    assert_eq!(
        correct_option(&run, 0),
        "The Deployment asks for 0 replicas, so there is no pod"
    );
    let versions = tracker_row(&run, "Model version");
    assert!(
        !versions.iter().any(|cell| cell.contains("after update")),
        "{versions:?}"
    );
    assert!(
        !run.lesson.quiz[1].prompt.contains("after scaling"),
        "the autoscaler leaves 0 replicas alone"
    );
}

#[test]
fn the_gpu_example_without_an_autoscaler_asks_nothing_about_scaling() {
    let (_, gpu_example) = EXAMPLES[1];
    let run = run_of(gpu_example);
    assert!(
        run.lesson.steps[4]
            .result
            .starts_with("No HorizontalPodAutoscaler"),
        "{}",
        run.lesson.steps[4].result
    );
    for question in &run.lesson.quiz {
        assert!(
            !question.prompt.contains("after scaling"),
            "{}",
            question.prompt
        );
    }
}

#[test]
fn version_labels_follow_the_tags_the_student_wrote() {
    let run = run_of(&SEED_MANIFEST.replace("mlmodel:latest", "mlmodel:v3"));
    assert_eq!(
        tracker_row(&run, "Model version"),
        ["none", "v3 (mlmodel:v3)", "v3", "v3", "v4 (after update)"]
    );
}

/// Every `⌊A × 100 ÷ B⌋ = C%` on a card recomputes, and the card has one.
#[test]
fn the_autoscaler_card_adds_up_with_a_500m_request() {
    let text = SEED_MANIFEST.replace(
        "        - containerPort: 5000\n",
        "        - containerPort: 5000\n        resources:\n          requests:\n            cpu: 500m\n",
    );
    let run = run_of(&text);
    let card = run
        .lesson
        .formulas
        .iter()
        .find(|card| card.step == 5)
        .expect("an autoscaler card");
    let utilization = card
        .lines
        .iter()
        .find(|line| line.starts_with("utilization = ⌊"))
        .unwrap_or_else(|| panic!("no utilization line: {:?}", card.lines));
    let numbers = numbers_in(utilization);
    let [usage, hundred, request, percent] = numbers[..] else {
        panic!("{utilization}");
    };
    assert_eq!(hundred, 100);
    assert_eq!(usage * 100 / request, percent, "{utilization}");
    let serving = &card.lines[0];
    let numbers = numbers_in(serving);
    // "N ready pods serve R req/s × Pm = Um of CPU, against Qm requested"
    assert_eq!(numbers[1] * numbers[2], numbers[3], "{serving}");
    assert_eq!(numbers[3], usage, "{serving}");
    assert_eq!(numbers[4], request, "{serving}");
}

fn numbers_in(line: &str) -> Vec<i64> {
    line.split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .map(|part| part.parse().expect("digits"))
        .collect()
}

/// An HPA over pods without CPU requests, with traffic, on a Scenario cluster.
fn autoscaler_without_requests() -> String {
    documents(&[
        &model_deployment("web", 2, "", "", &readiness_probe(5, 5)),
        common::SERVICE,
        &hpa(2, 4, 50, ""),
        &common::scenario("  traffic:\n  - at: 30s\n    rps: 60\n"),
    ])
}

#[test]
fn a_key_moment_never_claims_a_tolerance_check_when_cpu_could_not_be_measured() {
    let run = run_of(&autoscaler_without_requests());
    assert!(
        run.lesson.steps[4]
            .result
            .starts_with("The autoscaler cannot measure CPU"),
        "{}",
        run.lesson.steps[4].result
    );
    let answer = &run.lesson.key_moments[1].answer;
    assert!(!answer.contains("10%"), "{answer}");
    assert!(answer.contains("could not measure"), "{answer}");
}

#[test]
fn a_five_cpu_pod_gets_supplied_nodes_that_fit_it() {
    let text = SEED_MANIFEST.replace(
        "        - containerPort: 5000\n",
        "        - containerPort: 5000\n        resources:\n          requests:\n            cpu: \"5\"\n",
    );
    let run = run_of(&text);
    assert!(
        run.scenario
            .nodes
            .iter()
            .all(|node| node.cpu_milli >= 5_000),
        "{:?}",
        run.scenario.nodes
    );
    // One node per pod the autoscaler and the surge may need, not ten empty small ones.
    assert!(
        run.scenario.nodes.len() <= 6,
        "{}",
        run.scenario.nodes.len()
    );
    assert_eq!(
        run.lesson.steps[1].result,
        "2 pods scheduled on available nodes"
    );
    assert_eq!(
        run.lesson.steps[7].result,
        "Model serving stable with desired replicas"
    );
}

#[test]
fn the_lesson_quotes_the_fit_error_without_a_doubled_period() {
    let run = run_of(&documents(&[
        &model_deployment("web", 2, "", common::GPU, ""),
        &common::scenario(""),
    ]));
    let row = &run.lesson.steps[1].result;
    assert!(row.contains("Insufficient nvidia.com/gpu"), "{row}");
    assert!(!row.contains(".."), "{row}");
    for moment in &run.lesson.key_moments {
        assert!(!moment.answer.contains(".."), "{}", moment.answer);
    }
}

/// Found by `tests/honesty.rs`: one pod at 26% of a 50% target proposes ⌈1 × 26 ÷ 50⌉ = 1,
/// so nothing changes, yet usage was far from the target.
#[test]
fn a_proposal_that_rounds_back_to_the_size_is_not_called_within_tolerance() {
    let run = run_of(&documents(&[
        &model_deployment(
            "web",
            1,
            "",
            "        resources:\n          requests:\n            cpu: \"3\"",
            &readiness_probe(5, 5),
        ),
        &hpa(1, 5, 50, ""),
        common::SERVICE,
        &common::scenario("  traffic:\n  - {at: 30s, rps: 80}\n"),
    ]));
    let row = &run.lesson.steps[4].result;
    assert!(!row.contains("within 10%"), "{row}");
    assert!(row.contains("rounds up to the current count"), "{row}");
    let answer = &run.lesson.key_moments[1].answer;
    assert!(!answer.contains("here it was not"), "{answer}");
}

#[test]
fn a_spike_that_comes_and_goes_within_step_5_names_its_peak() {
    let behavior = "  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 60\n";
    let traffic = "  traffic:\n  - at: 30s\n    rps: 40\n  - at: 60s\n    rps: 200\n  - at: 2m\n    rps: 40\n  cpuPerRequest: 10m\n  duration: 5m\n";
    let run = run_of(&documents(&[
        &common::model_server("web", 2, "", common::REQUESTS_500M),
        common::SERVICE,
        &hpa(2, 8, 60, behavior),
        &common::scenario(traffic),
    ]));
    let answer = &run.lesson.key_moments[1].answer;
    assert!(!answer.contains("from 2 to 2"), "{answer}");
    assert!(answer.contains("(2 to 7)"), "{answer}");
    assert!(answer.contains("(7 to 2)"), "{answer}");
}
