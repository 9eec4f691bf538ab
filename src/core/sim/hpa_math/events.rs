//! The wording the controller writes once it rescales: the metric reason and the
//! `SuccessfulRescale` event note (§4 steps 7 and 9).

/// Rescale reason for the CPU utilization metric (§4 step 7).
pub fn rescale_reason(increasing: bool) -> &'static str {
    if increasing {
        "cpu resource utilization (percentage of request) above target"
    } else {
        "All metrics below target"
    }
}

/// Note of the `SuccessfulRescale` event (§4 step 9).
pub fn rescale_event_message(new_size: i64, reason: &str) -> String {
    format!("New size: {new_size}; reason: {reason}")
}
