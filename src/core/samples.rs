//! Built-in example manifests. The seed lesson's manifest is the editor's default text.

/// The seed lesson's Deployment, exactly as the lesson shows it.
pub const SEED_MANIFEST: &str = include_str!("../../public/seed-manifest.yaml");

/// Examples a student can load from the page, by title.
pub const EXAMPLES: [(&str, &str); 2] = [
    ("Seed lesson: model server with 2 replicas", SEED_MANIFEST),
    (
        "GPU model server on a small GPU cluster",
        include_str!("../../public/examples/gpu-inference.yaml"),
    ),
];
