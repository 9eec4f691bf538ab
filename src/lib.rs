//! KubeStep: watch, step by step, what Kubernetes does with a model-serving manifest.
//!
//! The crate is a pure core ([`core`]) and two thin shells over it: the browser app in
//! `ui` (wasm32 only, built by Trunk from `src/main.rs`) and the `kubestep` command line
//! in `src/bin/kubestep.rs`. See ARCHITECTURE.md for the map.

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod ui;
