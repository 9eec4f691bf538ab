//! Hard bounds on what the core accepts and simulates, so hostile input is refused with an
//! explanation instead of hanging the tab or the CLI. Each limit is documented in README.md.

/// Largest manifest text accepted, in bytes (2 MiB: a large multi-document file is ~100 KB).
pub const MAX_INPUT_BYTES: usize = 2 * 1024 * 1024;
/// Most YAML documents in one stream.
pub const MAX_DOCUMENTS: usize = 200;
/// Deepest YAML nesting read (collections inside collections): the parser's own bound, checked
/// in one pass before it runs (`core::yaml_depth`), because the parser slows with its square.
pub const MAX_NESTING: usize = 128;
// Pods are bounded by MAX_REPLICAS: a rollout keeps at most replicas + maxSurge ≤ 2 × replicas.
/// Most replicas a Deployment may ask for before the simulation refuses to run it.
pub const MAX_REPLICAS: i64 = 2_000;
/// Most nodes in the simulated cluster (a Scenario listing more is refused).
pub const MAX_NODES: usize = 500;
/// Longest simulated run, in seconds (one hour).
pub const MAX_SIMULATED_SECONDS: u64 = 3_600;
/// Most recorded events before the simulation stops early and says so.
pub const MAX_EVENTS: usize = 200_000;
