//! Built-in example manifests. The seed lesson's manifest is the editor's default text.

/// The seed lesson's Deployment, exactly as the lesson shows it.
pub const SEED_MANIFEST: &str = include_str!("../../public/seed-manifest.yaml");

/// Examples a student can load from the page, by title. The first two stay first: the page
/// and the tests refer to them by index.
pub const EXAMPLES: [(&str, &str); 10] = [
    ("Seed lesson: model server with 2 replicas", SEED_MANIFEST),
    (
        "GPU model server on a small GPU cluster",
        include_str!("../../public/examples/gpu-inference.yaml"),
    ),
    (
        "Slow model load: Running, not ready, no traffic yet",
        include_str!("../../public/examples/slow-model-load.yaml"),
    ),
    (
        "Rolling update with maxSurge 0: capacity drops",
        include_str!("../../public/examples/rolling-update-max-surge-0.yaml"),
    ),
    (
        "Unschedulable pod: more memory than any node",
        include_str!("../../public/examples/unschedulable-memory.yaml"),
    ),
    (
        "Traffic spike, then a delayed scale-down",
        include_str!("../../public/examples/traffic-spike-scale-down.yaml"),
    ),
    (
        "Autoscaler without CPU requests",
        include_str!("../../public/examples/hpa-without-cpu-request.yaml"),
    ),
    (
        "Service selector typo: 0 endpoints",
        include_str!("../../public/examples/service-selector-typo.yaml"),
    ),
    (
        "Recreate strategy: downtime during the update",
        include_str!("../../public/examples/recreate-strategy.yaml"),
    ),
    (
        "Router and model server: two Deployments",
        include_str!("../../public/examples/router-and-model-server.yaml"),
    ),
];
