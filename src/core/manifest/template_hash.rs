//! `pod-template-hash`: FNV-1a (32-bit) over the pod template, printed as a decimal and
//! mapped digit by digit through the API server's safe alphabet (k/k `ComputeHash`,
//! apimachinery `rand.SafeEncodeString`; §3.1). Go's struct dump cannot be reproduced byte
//! for byte, so we hash a canonical serialization of our own: names look real (only
//! `4-9bcdf`, usually 10 characters) and are stable for the same template.

use crate::core::manifest::model::{Container, PodTemplate};

const SAFE_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

pub fn pod_template_hash(template: &PodTemplate) -> String {
    let spec = &template.spec;
    // The fields every template has, in a fixed form; fields added later join only when set,
    // so a template that does not use them keeps the name it always had.
    let mut canonical = format!(
        "PodTemplate {{ labels: {:?}, spec: PodSpec {{ containers: {}, init_containers: {}, node_selector: {:?}, tolerations: {:?}, termination_grace_period_seconds: {:?}, restart_policy: {:?} }} }}",
        template.labels,
        containers(&spec.containers),
        containers(&spec.init_containers),
        spec.node_selector,
        spec.tolerations,
        spec.termination_grace_period_seconds,
        spec.restart_policy,
    );
    if !spec.required_node_terms.is_empty() {
        canonical.push_str(&format!(" affinity: {:?}", spec.required_node_terms));
    }
    if spec.references != Default::default() {
        canonical.push_str(&format!(" references: {:?}", spec.references));
    }
    let hash = fnv1a_32(canonical.as_bytes());
    safe_encode(&hash.to_string())
}

/// Containers in the fixed form; a startup probe or a container restart policy joins the
/// form only when written.
fn containers(list: &[Container]) -> String {
    let items: Vec<String> = list
        .iter()
        .map(|c| {
            let mut text = format!(
                "Container {{ name: {:?}, image: {:?}, image_pull_policy: {:?}, ports: {:?}, resources: {:?}, readiness_probe: {:?}",
                c.name, c.image, c.image_pull_policy, c.ports, c.resources, c.readiness_probe
            );
            if let Some(probe) = &c.startup_probe {
                text.push_str(&format!(", startup_probe: {probe:?}"));
            }
            if let Some(probe) = &c.liveness_probe {
                text.push_str(&format!(", liveness_probe: {probe:?}"));
            }
            if let Some(policy) = &c.restart_policy {
                text.push_str(&format!(", restart_policy: {policy:?}"));
            }
            if let Some(seconds) = c.pre_stop_seconds {
                text.push_str(&format!(", pre_stop_seconds: {seconds}"));
            }
            text.push_str(" }");
            text
        })
        .collect();
    format!("[{}]", items.join(", "))
}

pub fn fnv1a_32(bytes: &[u8]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in bytes {
        hash ^= u32::from(*byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// Each byte maps to `alphabet[byte % 27]`, so digits land on `4-9bcdf`.
fn safe_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| SAFE_ALPHABET[usize::from(byte) % SAFE_ALPHABET.len()] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_the_reference_vectors() {
        assert_eq!(fnv1a_32(b""), 0x811c_9dc5);
        assert_eq!(fnv1a_32(b"a"), 0xe40c_292c);
    }

    #[test]
    fn digits_map_as_upstream() {
        assert_eq!(safe_encode("0123456789"), "456789bcdf");
    }
}
