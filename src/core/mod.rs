//! The pure core: manifests in, lessons out.
//!
//! Invariants (checked by `tests/architecture.rs`):
//! - No Leptos, no browser crates, no clock, no global randomness, no I/O. Same text and seed,
//!   same trace.
//! - User text never panics and never hangs: every entry point returns values plus
//!   [`diagnostic::Diagnostic`]s, and every loop is bounded by a documented limit.
//!
//! The pipeline is [`analysis::analyze`]: YAML ([`yaml`]) → typed manifests with located
//! diagnostics ([`manifest`]) → an effective scenario ([`scenario`]) → a deterministic
//! simulation ([`sim`]) → the lesson ([`lesson`]) and the browser's view models ([`view`], and the picture: [`stage`]).

pub mod address;
pub mod analysis;
pub mod diagnostic;
pub mod editing;
pub mod embed;
pub mod export;
pub mod field_path;
pub mod go_format;
pub mod highlight;
pub mod kubectl;
pub mod lesson;
pub mod limits;
pub mod links;
pub mod locate;
pub mod manifest;
pub mod markup;
pub mod modes;
pub mod order;
pub mod panels;
pub mod pod_requests;
pub mod practice;
pub mod quantity;
pub mod rng;
pub mod samples;
pub mod scenario;
pub mod share;
pub mod sim;
pub mod stage;
pub mod trace_report;
pub mod view;
pub mod yaml;
pub mod yaml_1_1_numbers;
pub mod yaml_depth;
pub mod yaml_emit;
