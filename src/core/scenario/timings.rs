//! How long the simulated kubelet and model server take: image pulls, init containers, the
//! model load, the drain after SIGTERM. The seed lesson's short defaults, longer ones for
//! GPU servers, and the Scenario's `imagePull`, `modelLoad` and `initContainer` over both.

use super::Supplied;
use crate::core::manifest::model::{Deployment, Scenario, is_extended_resource};

/// How long the simulated kubelet and model server take. Documented in README.md.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timings {
    /// A first pull of the model image onto a node.
    pub image_pull_seconds: u64,
    /// A pull with policy `Always` of an image the node already has (a registry check).
    pub image_recheck_seconds: u64,
    /// From container start until the model is loaded and predictions succeed.
    pub model_load_seconds: u64,
    /// From SIGTERM until the server has drained and exited (capped by the grace period).
    pub shutdown_seconds: u64,
    /// How long an init container (a model download, a migration) runs before it exits.
    pub init_container_seconds: u64,
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            image_pull_seconds: 5,
            image_recheck_seconds: 1,
            model_load_seconds: 10,
            shutdown_seconds: 5,
            init_container_seconds: 10,
        }
    }
}

/// A first pull of a GPU serving image (CUDA, PyTorch: several gigabytes), in seconds.
pub const GPU_IMAGE_PULL_SECONDS: u64 = 60;
/// Loading a large model's weights into GPU memory, in seconds.
pub const GPU_MODEL_LOAD_SECONDS: u64 = 90;

impl Timings {
    /// The defaults for these pods (GPU servers pull bigger images and load bigger models),
    /// with the Scenario's `imagePull` and `modelLoad` where it states them.
    pub(super) fn for_pods(deployment: &Deployment, scenario: Option<&Scenario>) -> Timings {
        let uses_accelerators = deployment.template.spec.containers.iter().any(|c| {
            c.resources
                .limits
                .keys()
                .any(|name| is_extended_resource(name))
        });
        let mut timings = Timings::default();
        if uses_accelerators {
            timings.image_pull_seconds = GPU_IMAGE_PULL_SECONDS;
            timings.model_load_seconds = GPU_MODEL_LOAD_SECONDS;
        }
        if let Some(seconds) = scenario.and_then(|s| s.image_pull_seconds) {
            timings.image_pull_seconds = seconds;
        }
        if let Some(seconds) = scenario.and_then(|s| s.model_load_seconds) {
            timings.model_load_seconds = seconds;
        }
        if let Some(seconds) = scenario.and_then(|s| s.init_container_seconds) {
            timings.init_container_seconds = seconds;
        }
        timings
    }

    /// Said to the student when the durations are not the seed lesson's.
    pub(super) fn supplied(&self) -> Option<Supplied> {
        let seed = Timings::default();
        (self.image_pull_seconds != seed.image_pull_seconds
            || self.model_load_seconds != seed.model_load_seconds)
            .then(|| Supplied {
                what: format!(
                    "an image pull of {} s and a model load of {} s",
                    self.image_pull_seconds, self.model_load_seconds
                ),
                why: "GPU serving images are several gigabytes and large models take a while to load; a Scenario's imagePull and modelLoad set them".to_string(),
            })
    }
}
