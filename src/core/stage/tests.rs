//! The stage checked against the trace it draws: every pod where its snapshot says, requests
//! only to the pods the Service sends traffic to, capacity as the scheduler counts it, and a
//! bounded picture for the largest Deployments.

use super::chart::hpa_chart;
use super::timeline::{position_in_step, timeline};
use super::*;
use crate::core::analysis::{Run, analyze};
use crate::core::samples::{EXAMPLES, SEED_MANIFEST};
use crate::core::view::cluster_view;

fn run_of(text: &str) -> Run {
    let analysis = analyze(text, None);
    let run = analysis.run.expect("simulates");
    Run::clone(&run)
}

fn every_frame(run: &Run) -> impl Iterator<Item = (usize, Stage)> + '_ {
    (0..run.trace.frames.len()).map(|index| (index, stage(run, index).expect("a frame")))
}

#[test]
fn every_pod_of_every_frame_is_drawn_once_where_the_trace_puts_it() {
    for (_, text) in EXAMPLES {
        let run = run_of(text);
        for (index, stage) in every_frame(&run) {
            let view = cluster_view(&run, index).expect("a frame");
            let mut expected: Vec<(String, String)> = view
                .nodes
                .iter()
                .flat_map(|node| node.pods.iter())
                .chain(view.unscheduled.iter())
                .map(|chip| (chip.name.clone(), chip.node.clone()))
                .collect();
            expected.sort();
            let mut drawn: Vec<(String, String)> = stage
                .pods()
                .map(|pod| (pod.chip.name.clone(), pod.chip.node.clone()))
                .collect();
            drawn.sort();
            assert_eq!(drawn, expected, "frame {index}");
            for node in &stage.nodes {
                for pod in &node.pods {
                    assert_eq!(pod.chip.node, node.name);
                    assert!(
                        node.rect.contains(pod.at),
                        "{} outside {}",
                        pod.chip.name,
                        node.name
                    );
                }
            }
        }
    }
}

#[test]
fn requests_flow_only_to_ready_pods_that_the_service_sends_traffic_to() {
    let run = run_of(SEED_MANIFEST);
    let mut frames_with_traffic = 0;
    for (index, stage) in every_frame(&run) {
        let frame = &run.trace.frames[index];
        let targets: Vec<&PodShape> = stage
            .pods()
            .filter(|pod| stage.requests.iter().any(|r| r.target == pod.chip.name))
            .collect();
        for pod in &targets {
            assert!(
                pod.chip.ready && !pod.chip.terminating,
                "frame {index}: {}",
                pod.chip.name
            );
            assert_eq!(pod.look, PodLook::Ready);
        }
        let sent: i64 = stage.requests.iter().map(|r| r.requests_per_second).sum();
        assert!(sent <= frame.requests_per_second, "frame {index}");
        if frame.requests_per_second > 0 {
            frames_with_traffic += 1;
            assert!(sent > 0, "traffic drawn at frame {index}");
            // A pod that just turned ready is an endpoint a frame before the Service
            // rebalances traffic onto it; requests go where the trace sends them.
            assert!(targets.len() <= frame.endpoints, "frame {index}");
        } else {
            assert!(
                stage.requests.is_empty(),
                "no traffic, no requests at frame {index}"
            );
        }
    }
    assert!(frames_with_traffic > 0);
}

#[test]
fn the_seeds_rollout_shows_both_replica_sets_and_spends_its_budget() {
    let run = run_of(SEED_MANIFEST);
    let start = run.trace.milestones.rollout_start.expect("a rollout");
    let during = run
        .trace
        .frames
        .iter()
        .position(|frame| frame.time > start && frame.replica_sets.len() == 2)
        .expect("two ReplicaSets during the rollout");
    let stage = stage(&run, during).expect("a frame");
    let versions: Vec<(&str, bool)> = stage
        .replica_sets
        .iter()
        .map(|rs| (rs.version.as_str(), rs.newest))
        .collect();
    assert_eq!(versions, [("v1", false), ("v2", true)]);
    let frame = &run.trace.frames[during];
    for (shape, rs) in stage.replica_sets.iter().zip(&frame.replica_sets) {
        assert_eq!((shape.replicas, shape.ready), (rs.replicas, rs.ready));
    }
    // The seed's defaults: 25% of 3 rounds up to 1 surge pod and down to 0 unavailable.
    let budget = stage.budget.expect("a rolling update");
    assert_eq!((budget.max_surge, budget.max_unavailable), (1, 0));
    assert!(budget.surge_in_use <= budget.max_surge);
    let spent =
        every_frame(&run).any(|(_, stage)| stage.budget.is_some_and(|b| b.surge_in_use == 1));
    assert!(spent, "the surge pod shows as the budget spent");
    for link in &stage.owner_links {
        let rs = stage
            .replica_sets
            .iter()
            .find(|rs| rs.revision == link.revision)
            .expect("its owner");
        assert_eq!(link.from.y, rs.rect.y + rs.rect.height);
    }
}

#[test]
fn a_gpu_node_shows_its_gpu_taken_and_the_pending_pod_says_why() {
    let run = run_of(EXAMPLES[1].1);
    let last = run.trace.frames.len() - 1;
    let stage = stage(&run, last).expect("a frame");
    let gpu_node = stage
        .nodes
        .iter()
        .find(|n| n.name == "gpu-node-1")
        .expect("the GPU node");
    let bars: Vec<(&str, &str, &str)> = gpu_node
        .bars
        .iter()
        .map(|b| {
            (
                b.resource.as_str(),
                b.requested.as_str(),
                b.allocatable.as_str(),
            )
        })
        .collect();
    assert_eq!(
        bars,
        [
            ("cpu", "2", "8"),
            ("memory", "8Gi", "32Gi"),
            ("nvidia.com/gpu", "1", "1")
        ]
    );
    let pending = stage.pending.expect("the second replica waits");
    assert_eq!(pending.pods.len(), 1);
    assert_eq!(pending.pods[0].look, PodLook::Pending);
    let failure = run
        .trace
        .scheduling_failures
        .last()
        .expect("a scheduling failure");
    assert_eq!(pending.reason, failure.summary());
    assert!(
        pending.reason.contains("Insufficient nvidia.com/gpu"),
        "{}",
        pending.reason
    );
    assert!(
        stage
            .description
            .contains("Waiting for a node: 1 pod: 1 Pending."),
        "{}",
        stage.description
    );
}

#[test]
fn a_loading_model_reads_running_but_not_ready() {
    let run = run_of(EXAMPLES[1].1);
    let loading = every_frame(&run)
        .flat_map(|(_, stage)| stage.pods().cloned().collect::<Vec<_>>())
        .find(|pod| pod.look == PodLook::Loading)
        .expect("the GPU server runs before its readiness probe passes");
    assert_eq!(loading.label, "Running 0/1");
    assert_eq!(loading.ready_column.as_deref(), Some("0/1"));
    assert!(!loading.chip.ready);
}

#[test]
fn only_what_changed_in_a_frame_is_marked() {
    let run = run_of(SEED_MANIFEST);
    let first = stage(&run, 0).expect("a frame");
    assert!(
        first.pods().all(|pod| pod.changed),
        "the first frame creates every pod"
    );
    for (index, stage) in every_frame(&run).skip(1) {
        let before = cluster_view(&run, index - 1).expect("a frame");
        for pod in stage.pods() {
            let old = before
                .nodes
                .iter()
                .flat_map(|node| node.pods.iter())
                .chain(before.unscheduled.iter())
                .find(|chip| chip.name == pod.chip.name);
            let same = old.is_some_and(|old| {
                old.node == pod.chip.node
                    && old.status_text == pod.chip.status_text
                    && old.ready == pod.chip.ready
                    && old.terminating == pod.chip.terminating
            });
            assert_eq!(pod.changed, !same, "frame {index}: {}", pod.chip.name);
        }
    }
}

#[test]
fn two_thousand_replicas_draw_a_bounded_picture_with_the_rest_counted() {
    // Supplied nodes hold at most 110 pods each (the kubelet's default): 2,000 replicas
    // get hundreds of nodes, of which the stage draws twelve.
    let spread = run_of(&SEED_MANIFEST.replace("replicas: 2", "replicas: 2000"));
    // Three large nodes that take 700 pods each: the stage draws a few per node.
    let packed = run_of(&format!(
        "{}---\napiVersion: kubestep.dev/v1alpha1\nkind: Scenario\nspec:\n  nodes:\n{}",
        SEED_MANIFEST.replace("replicas: 2", "replicas: 2000"),
        (1..=3)
            .map(|n| format!(
                "  - name: big-{n}\n    cpu: \"1000\"\n    memory: 4000Gi\n    pods: 700\n"
            ))
            .collect::<String>()
    ));
    for run in [&spread, &packed] {
        assert_bounded_and_counted(run);
    }
    let last = packed.trace.frames.len() - 1;
    let stage = stage(&packed, last).expect("a frame");
    assert!(
        stage.nodes.iter().all(|node| node.more.is_some()),
        "{:?}",
        stage.nodes
    );
}

fn assert_bounded_and_counted(run: &Run) {
    let last = run.trace.frames.len() - 1;
    let stage = stage(run, last).expect("a frame");
    let drawn = stage.pods().count();
    assert!(drawn <= 12 * 12 + 2 * 13, "{drawn} pods drawn");
    let on_nodes: usize = cluster_view(run, last)
        .expect("a frame")
        .nodes
        .iter()
        .map(|node| node.pods.len())
        .sum();
    assert!(on_nodes >= 2000);
    let counted: usize = stage
        .nodes
        .iter()
        .filter_map(|node| node.summary.split(' ').next()?.parse::<usize>().ok())
        .sum();
    let hidden: usize = stage
        .more_nodes
        .as_deref()
        .and_then(|text| {
            text.split(" holding ")
                .nth(1)?
                .split(' ')
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or(0);
    assert_eq!(counted + hidden, on_nodes, "every pod is drawn or counted");
    assert!(stage.height < 2_000, "height {}", stage.height);
}

#[test]
fn the_chart_plots_each_recorded_reading_and_decision() {
    let run = run_of(SEED_MANIFEST);
    let chart = hpa_chart(&run).expect("the seed has an HPA");
    assert_eq!(chart.decisions.len(), run.trace.autoscaler_decisions.len());
    assert_eq!(chart.target, Some(50));
    let (high, low) = chart.band.expect("a band");
    assert!(high < chart.target_y.expect("a target") && chart.target_y.expect("a target") < low);
    let measured: Vec<(u64, i64)> = chart
        .utilization
        .iter()
        .map(|p| (p.time, p.value))
        .collect();
    let recorded: Vec<(u64, i64)> = run
        .trace
        .autoscaler_decisions
        .iter()
        .filter_map(|d| match &d.outcome {
            crate::core::sim::decision::DecisionOutcome::Measured(m) => Some((d.time, m.value)),
            _ => None,
        })
        .collect();
    assert_eq!(measured, recorded);
    let (rescale_at, from, to) = run.trace.milestones.rescales[0];
    assert!(chart.replicas.windows(2).any(|pair| {
        pair[0].time == rescale_at
            && pair[1].time == rescale_at
            && pair[0].value == from
            && pair[1].value == to
    }));
    assert!(
        chart
            .decisions
            .iter()
            .any(|mark| mark.text.ends_with(&format!("scaled {from} → {to}")))
    );
    for point in chart.utilization.iter().chain(&chart.replicas) {
        assert!(
            (0..=chart::CHART_WIDTH).contains(&point.x)
                && (0..=chart::CHART_HEIGHT).contains(&point.y)
        );
    }
}

#[test]
fn the_timeline_marks_each_step_and_says_where_a_frame_sits() {
    let run = run_of(SEED_MANIFEST);
    let line = timeline(&run);
    assert_eq!(line.frames, run.trace.frames.len());
    assert_eq!(line.steps.len(), 8);
    assert!(line.event_frames.windows(2).all(|pair| pair[0] < pair[1]));
    let row = &run.lesson.steps[1];
    let text = position_in_step(&run, 2, row.last_frame);
    assert!(
        text.starts_with("End of this step") || text.starts_with("The one moment"),
        "{text}"
    );
    assert!(text.contains(&format!(
        "{} s after kubectl apply",
        run.trace.frames[row.last_frame].time
    )));
    let long = SEED_MANIFEST.replace("replicas: 2", "replicas: 500");
    let long = timeline(&run_of(&long));
    assert!(
        long.event_frames.len() <= 240,
        "{} marks",
        long.event_frames.len()
    );
}
