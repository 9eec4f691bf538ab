//! Prints how long parsing and simulating take: the seed lesson, a 1 MB manifest, 2 MiB of
//! `[` after a key (refused for its depth before parsing, in one pass), rolling
//! updates of growing Deployments (to show linear growth), and a 2,000-replica rollout that
//! replaces one pod at a time (maxSurge 1, maxUnavailable 0) with the pod records its trace
//! stores, its JSON's size and the peak memory (Linux: `VmHWM`, reset through
//! `/proc/self/clear_refs`). Medians over repeated runs; run with `cargo bench`. Figures,
//! not gates: these machines are noisy.

use std::time::Instant;

use kubestep::core::analysis::analyze;
use kubestep::core::limits::MAX_INPUT_BYTES;
use kubestep::core::manifest::read_manifests;
use kubestep::core::samples::SEED_MANIFEST;
use kubestep::core::trace_report;

fn median_millis(runs: usize, mut work: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(|a, b| a.total_cmp(b));
    times[times.len() / 2]
}

fn rollout_manifest(replicas: usize) -> String {
    let nodes = replicas.div_ceil(50).max(3);
    let mut text = SEED_MANIFEST.replace("replicas: 2", &format!("replicas: {replicas}"));
    text.push_str("---\napiVersion: kubestep.dev/v1alpha1\nkind: Scenario\nspec:\n  nodes:\n");
    for index in 0..nodes {
        text.push_str(&format!(
            "  - name: node-{index}\n    cpu: \"64\"\n    memory: 256Gi\n    pods: 110\n"
        ));
    }
    text.push_str("  rollout:\n    at: 60s\n    image: mlmodel:v2\n");
    text
}

/// The seed Deployment at `replicas`, rolled out one pod at a time on the supplied cluster.
fn one_at_a_time_manifest(replicas: usize) -> String {
    SEED_MANIFEST.replace(
        "  replicas: 2\n",
        &format!(
            "  replicas: {replicas}\n  strategy:\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 0\n"
        ),
    )
}

/// Starts a new peak-memory measurement (Linux only; elsewhere nothing is measured).
fn reset_peak_memory() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// The peak resident memory since the last reset, in MB.
fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn one_at_a_time_rollouts() {
    for replicas in [500, 2000] {
        let text = one_at_a_time_manifest(replicas);
        let measured = reset_peak_memory();
        let analysis = analyze(&text, None);
        let peak = peak_memory_mb().filter(|_| measured);
        let run = analysis
            .run
            .as_ref()
            .expect("the benchmark manifest is valid");
        let trace = &run.trace;
        let json = serde_json::to_string_pretty(&trace_report::report(&analysis))
            .expect("the report serializes");
        let millis = median_millis(3, || {
            std::hint::black_box(analyze(&text, None));
        });
        let peak = peak.map_or("n/a".to_string(), |mb| format!("{mb:.0} MB"));
        println!(
            "one-at-a-time rollout of {replicas:>4} replicas (maxSurge 1, maxUnavailable 0): {millis:8.1} ms, peak {peak}, {} events, {} frames, {} pod records stored ({} changes + {} in checkpoints), trace --json {} bytes",
            trace.events.len(),
            trace.frames.len(),
            trace.pods.stored_records(),
            trace.pods.delta_records(),
            trace.pods.checkpoint_records(),
            json.len() + 1
        );
    }
}

fn main() {
    let seed_parse = median_millis(50, || {
        std::hint::black_box(read_manifests(SEED_MANIFEST));
    });
    let seed_lesson = median_millis(20, || {
        std::hint::black_box(analyze(SEED_MANIFEST, None));
    });
    println!(
        "seed manifest: parse+default+validate {seed_parse:.3} ms, whole lesson {seed_lesson:.3} ms (median)"
    );

    let mut big = String::new();
    while big.len() < 1_000_000 {
        big.push_str("# padding comment to reach a large input\n");
        big.push_str(&SEED_MANIFEST.replace(
            "name: ml-model\n",
            &format!("name: ml-model\n  labels:\n    copy: \"{}\"\n", big.len()),
        ));
        big.push_str("---\n");
    }
    let big_parse = median_millis(5, || {
        std::hint::black_box(read_manifests(&big));
    });
    println!(
        "{} byte manifest: parse+default+validate {big_parse:.1} ms (median)",
        big.len()
    );

    // Refused in one pass over the text: the parser alone took the square of the depth.
    let deep = format!("x: {}", "[".repeat(MAX_INPUT_BYTES - 3));
    let deep_read = median_millis(5, || {
        std::hint::black_box(read_manifests(&deep));
    });
    println!(
        "{} bytes of `[` after a key: refused for nesting in {deep_read:.1} ms (median)",
        deep.len()
    );

    let mut previous: Option<(usize, f64)> = None;
    for replicas in [10, 100, 250, 500, 1000] {
        let text = rollout_manifest(replicas);
        let analysis = analyze(&text, None);
        let run = analysis
            .run
            .as_ref()
            .expect("the benchmark manifest is valid");
        let events = run.trace.events.len();
        let millis = median_millis(if replicas >= 500 { 3 } else { 7 }, || {
            std::hint::black_box(analyze(&text, None));
        });
        let growth = previous
            .map(|(r, t)| {
                format!(
                    ", ×{:.1} time for ×{:.1} replicas",
                    millis / t,
                    replicas as f64 / r as f64
                )
            })
            .unwrap_or_default();
        println!(
            "rolling update of {replicas:>4} replicas: {millis:8.1} ms, {events} events, {} frames{growth}",
            run.trace.frames.len()
        );
        previous = Some((replicas, millis));
    }
    one_at_a_time_rollouts();
}
