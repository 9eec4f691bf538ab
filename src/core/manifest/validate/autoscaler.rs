//! The HorizontalPodAutoscaler's checks that need the decoded object: its name and the
//! scale target reference. The replica bounds and metrics are checked while decoding.

use super::*;

pub(super) fn validate_autoscaler(reporter: &mut Reporter, autoscaler: &HorizontalPodAutoscaler) {
    name_errors(
        reporter,
        &autoscaler.name,
        names::dns1123_subdomain(&autoscaler.name),
    );
    let spec = FieldPath::root().field("spec");
    let target = spec.field("scaleTargetRef");
    if autoscaler.target_kind.is_empty() {
        reporter.required(&target.field("kind"), None);
    }
    if autoscaler.target_name.is_empty() {
        reporter.required(&target.field("name"), None);
    }
    // The replica bounds and metrics are checked while decoding (autoscaler.rs).
}
