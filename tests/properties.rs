//! Invariants over many generated manifests, drawn with the crate's own seeded generator (so a
//! failure names the case and reproduces exactly): rolling updates keep within their surge and
//! availability budgets (§3.3–3.4), the HPA keeps replicas within [min, max] (§4), no node is
//! given more than it can allocate (§5), the same input always gives the same trace, every
//! frame's pods read back from the recorded changes exactly as a full snapshot of the cluster
//! showed them, and no input — random bytes or a mangled manifest — makes the core panic.

mod common;

use kubestep::core::analysis::{Run, analyze, analyze_following};
use kubestep::core::rng::Rng;
use kubestep::core::samples::{EXAMPLES, SEED_MANIFEST};

use common::{
    SERVICE, available, frames, hpa, last_frame, model_deployment, non_terminating,
    readiness_probe, run_of, scale_up_pods,
};

// ---------------------------------------------------------------------------------------------
// Generated manifests
// ---------------------------------------------------------------------------------------------

/// `maxSurge` or `maxUnavailable` as written.
#[derive(Clone, Debug)]
enum Budget {
    Int(i64),
    Percent(i64),
}

impl Budget {
    fn yaml(&self) -> String {
        match self {
            Budget::Int(n) => n.to_string(),
            Budget::Percent(p) => format!("\"{p}%\""),
        }
    }

    fn raw(&self) -> i64 {
        match self {
            Budget::Int(n) | Budget::Percent(n) => *n,
        }
    }

    /// `intstr.GetScaledValueFromIntOrPercent` (§3.3).
    fn scaled(&self, replicas: i64, round_up: bool) -> i64 {
        match self {
            Budget::Int(n) => *n,
            Budget::Percent(p) if round_up => (p * replicas + 99) / 100,
            Budget::Percent(p) => p * replicas / 100,
        }
    }
}

#[derive(Clone, Debug)]
struct NodeSize {
    cpu_milli: i64,
    memory_mi: i64,
    gpus: i64,
    max_pods: Option<i64>,
}

#[derive(Clone, Debug)]
struct Autoscaling {
    min: i64,
    max: i64,
    target_percent: i64,
    /// `behavior.scaleUp` Pods policy `(value, periodSeconds)`, or the legacy path.
    scale_up_pods: Option<(i64, i64)>,
}

#[derive(Clone, Debug)]
struct Case {
    replicas: i64,
    max_surge: Budget,
    max_unavailable: Budget,
    cpu_milli: i64,
    memory_mi: i64,
    /// `nvidia.com/gpu` per pod (0 or 1).
    gpus: i64,
    /// Readiness probe `(initialDelaySeconds, periodSeconds)`.
    probe: Option<(i64, i64)>,
    nodes: Vec<NodeSize>,
    rollout_at: Option<u64>,
    /// `(at, rps)` points.
    traffic: Vec<(u64, i64)>,
    autoscaling: Option<Autoscaling>,
    seed: u64,
}

fn between(rng: &mut Rng, low: i64, high: i64) -> i64 {
    low + rng.below((high - low + 1) as usize) as i64
}

fn budget(rng: &mut Rng) -> Budget {
    match rng.below(3) {
        0 => Budget::Int(between(rng, 0, 4)),
        1 => Budget::Percent(between(rng, 0, 100)),
        _ => Budget::Percent([0, 10, 25, 33, 50, 75, 100][rng.below(7)]),
    }
}

fn nodes(rng: &mut Rng) -> Vec<NodeSize> {
    (0..between(rng, 1, 6))
        .map(|_| NodeSize {
            cpu_milli: between(rng, 1, 16) * 1000,
            memory_mi: between(rng, 2, 64) * 1024,
            gpus: between(rng, 0, 2),
            max_pods: (rng.below(4) == 0).then(|| between(rng, 2, 12)),
        })
        .collect()
}

/// A rolling update without an HPA.
fn rollout_case(rng: &mut Rng) -> Case {
    let (max_surge, max_unavailable) = loop {
        let pair = (budget(rng), budget(rng));
        // Validation refuses 0/0 (`may not be 0 when maxSurge is 0`).
        if pair.0.raw() != 0 || pair.1.raw() != 0 {
            break pair;
        }
    };
    Case {
        replicas: between(rng, 1, 30),
        max_surge,
        max_unavailable,
        cpu_milli: between(rng, 1, 20) * 100,
        memory_mi: between(rng, 1, 16) * 128,
        gpus: i64::from(rng.below(4) == 0),
        probe: (rng.below(2) == 0).then(|| (between(rng, 0, 10), between(rng, 1, 10))),
        nodes: nodes(rng),
        rollout_at: Some(between(rng, 0, 120) as u64),
        traffic: Vec::new(),
        autoscaling: None,
        seed: rng.next_u64() % 1000,
    }
}

/// An autoscaled Deployment under changing load, sometimes with a rollout too.
fn autoscaled_case(rng: &mut Rng) -> Case {
    let mut case = rollout_case(rng);
    let min = between(rng, 1, 5);
    let max = between(rng, min, 15);
    case.replicas = between(rng, 1, 20);
    case.autoscaling = Some(Autoscaling {
        min,
        max,
        target_percent: [30, 50, 80, 100][rng.below(4)],
        scale_up_pods: (rng.below(2) == 0).then(|| (between(rng, 1, 4), between(rng, 15, 120))),
    });
    case.traffic = (0..between(rng, 1, 4))
        .map(|_| (between(rng, 0, 600) as u64, between(rng, 0, 400)))
        .collect();
    case.rollout_at = (rng.below(2) == 0).then(|| between(rng, 0, 300) as u64);
    case
}

impl Case {
    fn manifest(&self) -> String {
        let strategy = format!(
            "  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: {surge}
      maxUnavailable: {unavailable}
",
            surge = self.max_surge.yaml(),
            unavailable = self.max_unavailable.yaml(),
        );
        let mut resources = format!(
            "        resources:
          requests:
            cpu: {cpu}m
            memory: {memory}Mi",
            cpu = self.cpu_milli,
            memory = self.memory_mi,
        );
        if self.gpus > 0 {
            resources.push_str(&format!(
                "\n            nvidia.com/gpu: {gpus}\n          limits:\n            nvidia.com/gpu: {gpus}",
                gpus = self.gpus
            ));
        }
        let probe = self.probe.map_or(String::new(), |(delay, period)| {
            readiness_probe(delay, period)
        });
        let mut text = model_deployment("web", self.replicas, &strategy, &resources, &probe);
        if let Some(autoscaling) = &self.autoscaling {
            let behavior = autoscaling
                .scale_up_pods
                .map_or(String::new(), |(value, period)| {
                    scale_up_pods(value, period)
                });
            text.push_str("---\n");
            text.push_str(SERVICE);
            text.push_str("---\n");
            text.push_str(&hpa(
                autoscaling.min,
                autoscaling.max,
                autoscaling.target_percent,
                &behavior,
            ));
        }
        text.push_str("---\napiVersion: kubestep.dev/v1alpha1\nkind: Scenario\nspec:\n  nodes:\n");
        for (index, node) in self.nodes.iter().enumerate() {
            text.push_str(&format!(
                "  - name: node-{index}\n    cpu: {}m\n    memory: {}Mi\n",
                node.cpu_milli, node.memory_mi
            ));
            if node.gpus > 0 {
                text.push_str(&format!("    nvidia.com/gpu: {}\n", node.gpus));
            }
            if let Some(pods) = node.max_pods {
                text.push_str(&format!("    pods: {pods}\n"));
            }
        }
        if !self.traffic.is_empty() {
            text.push_str("  traffic:\n");
            for (at, rps) in &self.traffic {
                text.push_str(&format!("  - at: {at}s\n    rps: {rps}\n"));
            }
        }
        if let Some(at) = self.rollout_at {
            text.push_str(&format!(
                "  rollout:\n    at: {at}s\n    image: mlmodel:v2\n"
            ));
        }
        text.push_str(&format!("  seed: {}\n", self.seed));
        text
    }

    /// `MaxSurge` and `MaxUnavailable` resolved as `ResolveFenceposts` does (§3.3).
    fn fenceposts(&self, replicas: i64) -> (i64, i64) {
        let surge = self.max_surge.scaled(replicas, true);
        let unavailable = self.max_unavailable.scaled(replicas, false);
        if surge == 0 && unavailable == 0 {
            (0, 1.min(replicas))
        } else {
            (surge, unavailable.min(replicas))
        }
    }
}

fn simulate(case: &Case) -> Run {
    run_of(&case.manifest())
}

/// §5 NodeResourcesFit: the requests of every pod bound to a node (terminating ones still hold
/// theirs) never exceed its allocatable, nor its pod count.
fn assert_nodes_never_overcommitted(case: &Case, run: &Run, label: &str) {
    assert_eq!(run.scenario.nodes.len(), case.nodes.len(), "{label}");
    for (spec, written) in run.scenario.nodes.iter().zip(&case.nodes) {
        assert_eq!(spec.cpu_milli, written.cpu_milli, "{label}");
        assert_eq!(spec.memory_bytes, written.memory_mi << 20, "{label}");
        assert_eq!(spec.extended("nvidia.com/gpu"), written.gpus, "{label}");
    }
    for frame in &frames(run) {
        for node in &run.scenario.nodes {
            let pods = frame
                .pods
                .iter()
                .filter(|pod| pod.node.as_deref() == Some(node.name.as_str()))
                .count() as i64;
            assert!(
                pods * case.cpu_milli <= node.cpu_milli,
                "{label}: {pods} pods × {}m on {} ({}m) at {}s",
                case.cpu_milli,
                node.name,
                node.cpu_milli,
                frame.time
            );
            assert!(
                pods * (case.memory_mi << 20) <= node.memory_bytes,
                "{label}: memory of {} exceeded at {}s",
                node.name,
                frame.time
            );
            assert!(
                pods * case.gpus <= node.extended("nvidia.com/gpu"),
                "{label}: {pods} pods × {} GPU on {} ({}) at {}s",
                case.gpus,
                node.name,
                node.extended("nvidia.com/gpu"),
                frame.time
            );
            assert!(
                pods <= node.max_pods,
                "{label}: {pods} pods on {} (max {}) at {}s",
                node.name,
                node.max_pods,
                frame.time
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Invariants
// ---------------------------------------------------------------------------------------------

#[test]
fn rolling_updates_stay_within_max_surge_and_max_unavailable() {
    let mut rng = Rng::new(20_240_601);
    let mut rollouts_seen = 0;
    let mut availability_checked = 0;
    for number in 0..250 {
        let case = rollout_case(&mut rng);
        let label = format!("rollout case {number} {case:?}");
        let run = simulate(&case);
        let (surge, unavailable) = case.fenceposts(case.replicas);
        let mut initial_rollout_done = false;
        for frame in &frames(&run) {
            assert!(
                non_terminating(frame) <= case.replicas + surge,
                "{label}: {} pods not terminating > {} + {surge} at {}s ({})",
                non_terminating(frame),
                case.replicas,
                frame.time,
                frame.cause
            );
            let specs: i64 = frame.replica_sets.iter().map(|rs| rs.replicas).sum();
            assert!(specs <= case.replicas + surge, "{label}: Σ spec {specs}");
            initial_rollout_done |= available(frame) == case.replicas;
            if initial_rollout_done {
                assert!(
                    available(frame) >= case.replicas - unavailable,
                    "{label}: {} available < {} − {unavailable} at {}s ({})",
                    available(frame),
                    case.replicas,
                    frame.time,
                    frame.cause
                );
            }
        }
        assert_nodes_never_overcommitted(&case, &run, &label);
        if run.trace.milestones.rollout_start.is_some() {
            rollouts_seen += 1;
        }
        availability_checked += usize::from(initial_rollout_done);
        // A rollout that has room finishes on the new template.
        let end = last_frame(&run);
        if end.pods.iter().all(|pod| pod.node.is_some()) && end.pods.len() as i64 == case.replicas {
            assert!(
                end.pods.iter().all(|pod| &*pod.image == "mlmodel:v2"),
                "{label}: the rollout did not finish"
            );
        }
    }
    assert!(
        rollouts_seen >= 240,
        "only {rollouts_seen} rollouts happened"
    );
    assert!(
        availability_checked >= 100,
        "only {availability_checked} cases reached full availability"
    );
}

#[test]
fn the_autoscaler_never_leaves_min_and_max() {
    let mut rng = Rng::new(4_151);
    let mut rescaled = 0;
    for number in 0..150 {
        let case = autoscaled_case(&mut rng);
        let label = format!("autoscaled case {number} {case:?}");
        let run = simulate(&case);
        let hpa = case.autoscaling.as_ref().expect("an HPA");
        // Before the first sync (15 s) the Deployment still has its written replicas.
        for frame in run.trace.frames.iter().filter(|frame| frame.time >= 15) {
            let view = frame.hpa.as_ref().expect("the HPA is in every frame");
            assert!(
                (hpa.min..=hpa.max).contains(&view.desired_replicas),
                "{label}: desired {} at {}s",
                view.desired_replicas,
                frame.time
            );
            assert!(
                (hpa.min..=hpa.max).contains(&frame.deployment.replicas),
                "{label}: replicas {} at {}s",
                frame.deployment.replicas,
                frame.time
            );
        }
        // §3.5: when the HPA resizes the Deployment mid-rollout, proportional scaling keeps
        // the ReplicaSets within the new replicas + maxSurge (from the deployment
        // controller's next pass on; the autoscaler's own frame precedes it).
        for frame in run
            .trace
            .frames
            .iter()
            .filter(|frame| frame.cause != "autoscaler synced")
        {
            let replicas = frame.deployment.replicas;
            let specs: i64 = frame.replica_sets.iter().map(|rs| rs.replicas).sum();
            let (surge, _) = case.fenceposts(replicas);
            assert!(
                specs <= replicas + surge,
                "{label}: Σ spec {specs} > {replicas} + {surge} at {}s ({})",
                frame.time,
                frame.cause
            );
        }
        for &(time, from, to) in &run.trace.milestones.rescales {
            assert!(
                time % 15 == 0,
                "{label}: rescale off the 15 s sync at {time}s"
            );
            assert!((hpa.min..=hpa.max).contains(&to), "{label}: {from} → {to}");
            if hpa.scale_up_pods.is_none() && to > from && (hpa.min..=hpa.max).contains(&from) {
                assert!(to <= (2 * from).max(4), "{label}: legacy scale-up limit");
            }
        }
        if let Some((value, period)) = hpa.scale_up_pods {
            // §4 step 8: a scale-up reaches at most the replicas at the start of the policy
            // period (current − added + removed by rescales less than a period old) + value.
            let rescales = &run.trace.milestones.rescales;
            for (index, &(time, from, to)) in rescales.iter().enumerate() {
                if to <= from || from < hpa.min {
                    continue;
                }
                let start: i64 = rescales[..index]
                    .iter()
                    .filter(|(t, _, _)| *t + period as u64 > time)
                    .fold(from, |start, (_, f, t)| start - (t - f));
                assert!(
                    to <= (start + value).max(from),
                    "{label}: {from} → {to} at {time}s, period start {start}"
                );
            }
        }
        assert_nodes_never_overcommitted(&case, &run, &label);
        rescaled += usize::from(!run.trace.milestones.rescales.is_empty());
    }
    assert!(rescaled >= 50, "only {rescaled} cases rescaled");
}

#[test]
fn the_same_input_and_seed_give_the_same_trace() {
    let mut rng = Rng::new(77);
    for number in 0..40 {
        let case = if number % 2 == 0 {
            rollout_case(&mut rng)
        } else {
            autoscaled_case(&mut rng)
        };
        let text = case.manifest();
        let first = analyze(&text, None);
        let second = analyze(&text, None);
        assert_eq!(first, second, "case {number}: {case:?}");
        let reseeded = analyze(&text, Some(case.seed));
        assert_eq!(
            first.run.map(|run| run.trace.clone()),
            reseeded.run.map(|run| run.trace.clone()),
            "case {number}: the Scenario's seed and the same explicit seed differ"
        );
    }
    for seed in [None, Some(0), Some(u64::MAX)] {
        assert_eq!(analyze(SEED_MANIFEST, seed), analyze(SEED_MANIFEST, seed));
    }
}

/// The trace stores each frame's pod changes; reading a frame, whether walking forwards,
/// backwards or at random, gives exactly the pods a full snapshot of the cluster listed when
/// the frame was recorded (the followed Deployment's, then the others' in file order).
fn assert_pods_read_back(run: &Run, label: &str) {
    let (trace, reference) = kubestep::core::sim::simulate_with_full_pods(&run.scenario);
    assert_eq!(trace.frames.len(), run.trace.frames.len(), "{label}");
    assert_eq!(
        trace.pods, run.trace.pods,
        "{label}: the same run records the same changes"
    );
    assert_eq!(reference.len(), trace.frames.len(), "{label}");
    let mut cursor = trace.cursor();
    for (index, full) in reference.iter().enumerate() {
        let walked: Vec<_> = cursor.at(index).all().cloned().collect();
        assert_eq!(&walked, full, "{label}: frame {index} walking forwards");
    }
    let mut rng = Rng::new(reference.len() as u64);
    let mut backwards = trace.cursor();
    for index in (0..reference.len()).rev() {
        let read: Vec<_> = backwards.at(index).all().cloned().collect();
        assert_eq!(
            read, reference[index],
            "{label}: frame {index} walking back"
        );
        let at = rng.below(reference.len());
        let random: Vec<_> = trace.pod_set_at(at).all().cloned().collect();
        assert_eq!(random, reference[at], "{label}: frame {at} at random");
        let followed: Vec<_> = reference[at]
            .iter()
            .filter(|pod| pod.workload == 0)
            .cloned()
            .collect();
        assert_eq!(
            trace.pods_at(at),
            followed,
            "{label}: followed pods of {at}"
        );
    }
    assert!(
        trace.pods.checkpoint_records() <= trace.pods.delta_records(),
        "{label}: checkpoints {} > changes {}",
        trace.pods.checkpoint_records(),
        trace.pods.delta_records()
    );
}

#[test]
fn every_frame_reads_back_as_the_full_snapshot() {
    let mut texts: Vec<(String, String)> = EXAMPLES
        .iter()
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect();
    for folder in ["tests/fixtures/valid", "tests/fixtures/model-servers"] {
        let mut paths: Vec<_> = std::fs::read_dir(folder)
            .expect("fixtures")
            .map(|entry| entry.expect("entry").path())
            .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).expect("readable");
            texts.push((path.display().to_string(), text));
        }
    }
    let mut rng = Rng::new(0xDE17A);
    for number in 0..60 {
        texts.push((
            format!("rollout case {number}"),
            rollout_case(&mut rng).manifest(),
        ));
        texts.push((
            format!("autoscaled case {number}"),
            autoscaled_case(&mut rng).manifest(),
        ));
    }
    let mut several = 0;
    for (label, text) in &texts {
        let analysis = analyze(text, None);
        let Some(run) = &analysis.run else {
            continue;
        };
        assert_pods_read_back(run, label);
        // Follow each Deployment of a file in turn: the others are numbered around it.
        let names: Vec<String> = run
            .scenario
            .deployments
            .iter()
            .map(|d| d.name.clone())
            .collect();
        several += usize::from(names.len() > 1);
        for name in names.iter().filter(|name| **name != run.deployment.name) {
            let run = analyze_following(text, None, Some(name))
                .run
                .expect("simulates");
            assert_pods_read_back(&run, &format!("{label} following {name}"));
        }
    }
    assert!(
        several >= 2,
        "only {several} files with several Deployments"
    );
}

// ---------------------------------------------------------------------------------------------
// Robustness
// ---------------------------------------------------------------------------------------------

#[test]
fn arbitrary_bytes_never_panic() {
    let mut rng = Rng::new(0xB17E5);
    let alphabet: &[u8] = b"abcz09 :-_\n\t{}[]\"'#&*!|>%@`,.?/\\";
    for _ in 0..300 {
        let length = rng.below(400);
        let bytes: Vec<u8> = (0..length)
            .map(|_| match rng.below(3) {
                0 => rng.next_u64() as u8,
                _ => alphabet[rng.below(alphabet.len())],
            })
            .collect();
        let text = String::from_utf8_lossy(&bytes);
        let _ = analyze(&text, None);
    }
}

/// One random edit: delete, duplicate or insert a span; change a number; swap two lines.
fn mutate(rng: &mut Rng, text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return String::new();
    }
    let at = rng.below(chars.len());
    let span = 1 + rng.below(12).min(chars.len() - at - 1);
    match rng.below(6) {
        0 => chars[..at].iter().chain(&chars[at + span..]).collect(),
        1 => chars[..at + span].iter().chain(&chars[at..]).collect(),
        2 => {
            let inserts = [
                "\n",
                " ",
                ":",
                "- ",
                "-1",
                "0",
                "999999",
                "\"",
                "{",
                "]",
                "&a ",
                "*a",
                "%",
                "\t",
                "1e9",
                "replicas: ",
                "\n  rollout:\n    at: 5s\n    image: x:v3\n",
            ];
            let insert = inserts[rng.below(inserts.len())];
            chars[..at]
                .iter()
                .copied()
                .chain(insert.chars())
                .chain(chars[at..].iter().copied())
                .collect()
        }
        3 => {
            // Replace a digit run with another number, small or large, maybe negative.
            let replacement = [
                "0",
                "1",
                "3",
                "-2",
                "40",
                "2000",
                "2001",
                "99999999999999999999",
            ][rng.below(8)];
            match chars[at..].iter().position(char::is_ascii_digit) {
                None => text.to_string(),
                Some(offset) => {
                    let start = at + offset;
                    let end = chars[start..]
                        .iter()
                        .position(|c| !c.is_ascii_digit())
                        .map_or(chars.len(), |length| start + length);
                    chars[..start]
                        .iter()
                        .copied()
                        .chain(replacement.chars())
                        .chain(chars[end..].iter().copied())
                        .collect()
                }
            }
        }
        4 => {
            let mut lines: Vec<&str> = text.lines().collect();
            let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
            lines.swap(a, b);
            lines.join("\n")
        }
        _ => {
            let mut lines: Vec<&str> = text.lines().collect();
            lines.remove(rng.below(lines.len()));
            lines.join("\n")
        }
    }
}

#[test]
fn mutated_valid_manifests_never_panic() {
    let mut rng = Rng::new(0x5EED);
    let mut bases: Vec<String> = EXAMPLES.iter().map(|(_, text)| text.to_string()).collect();
    for _ in 0..4 {
        bases.push(rollout_case(&mut rng).manifest());
        bases.push(autoscaled_case(&mut rng).manifest());
    }
    let mut simulated = 0;
    for number in 0..500 {
        let base = &bases[number % bases.len()];
        let mut text = base.clone();
        // Half the mutants get one edit (often still valid), half up to three.
        let edits = if number % 2 == 0 { 1 } else { 1 + rng.below(3) };
        for _ in 0..edits {
            text = mutate(&mut rng, &text);
        }
        let analysis = analyze(&text, None);
        if analysis.has_errors() {
            assert!(analysis.run.is_none(), "errors stop the run:\n{text}");
        }
        simulated += usize::from(analysis.run.is_some());
    }
    assert!(simulated >= 50, "only {simulated} mutants simulated");
}
