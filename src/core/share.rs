//! Share links: the manifest text in a URL fragment, restored byte for byte.
//!
//! The text is UTF-8 encoded as unpadded base64url (RFC 4648 §5), so it survives any URL,
//! chat client or iframe `src` unchanged. Decoding refuses anything malformed instead of
//! guessing, and caps the size at the core's input limit. A checksum of the text goes before
//! it (`#sum=…&yaml=…`), so a link cut short still carries what shows it was: the cut-off
//! text would otherwise open as a shorter manifest.

use crate::core::limits::MAX_INPUT_BYTES;
use crate::core::manifest::template_hash::fnv1a_32;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// The fragment key: `#yaml=<encoded>`.
pub const FRAGMENT_KEY: &str = "yaml=";
/// The fragment key of the text's checksum: 8 hex digits of FNV-1a (32 bits) of its bytes.
pub const CHECKSUM_KEY: &str = "sum=";
const INCOMPLETE: &str = "the share link is incomplete (it was cut short): ask for the whole link";

/// The manifest's part of a fragment, its checksum first (links are cut at their end).
pub fn manifest_part(text: &str) -> String {
    format!(
        "{CHECKSUM_KEY}{}&{FRAGMENT_KEY}{}",
        checksum(text.as_bytes()),
        encode(text)
    )
}

fn checksum(bytes: &[u8]) -> String {
    format!("{:08x}", fnv1a_32(bytes))
}

pub fn encode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let symbols = chunk.len() + 1;
        for position in 0..symbols {
            out.push(ALPHABET[((n >> (18 - 6 * position)) & 63) as usize] as char);
        }
    }
    out
}

pub fn decode(encoded: &str) -> Result<String, String> {
    decode_bytes(encoded).and_then(utf8)
}

fn utf8(bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|_| "the share link does not hold UTF-8 text".to_string())
}

fn decode_bytes(encoded: &str) -> Result<Vec<u8>, String> {
    if encoded.len() > MAX_INPUT_BYTES * 4 / 3 + 4 {
        return Err("the shared manifest is larger than the editor accepts".to_string());
    }
    let mut bytes = Vec::with_capacity(encoded.len() * 3 / 4);
    let values: Result<Vec<u32>, String> = encoded
        .bytes()
        .map(|c| {
            ALPHABET
                .iter()
                .position(|&a| a == c)
                .map(|v| v as u32)
                .ok_or_else(|| {
                    format!(
                        "the share link contains '{}', which base64url does not use",
                        c as char
                    )
                })
        })
        .collect();
    let values = values?;
    if values.len() % 4 == 1 {
        return Err(INCOMPLETE.to_string());
    }
    for chunk in values.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, v)| n | (v << (18 - 6 * i)));
        for position in 0..chunk.len() - 1 {
            bytes.push((n >> (16 - 8 * position)) as u8);
        }
    }
    Ok(bytes)
}

/// Reads the manifest from a fragment such as `#sum=…&yaml=…&step=3`. A text that does not
/// match its checksum was cut short; links from before the checksum open without one.
pub fn from_fragment(fragment: &str) -> Option<Result<String, String>> {
    let value = |key: &str| {
        let mut parts = fragment.trim_start_matches('#').split('&');
        parts.find_map(|part| part.strip_prefix(key))
    };
    let sum = value(CHECKSUM_KEY);
    let Some(encoded) = value(FRAGMENT_KEY) else {
        // A checksum is only ever written before its manifest.
        return sum.map(|_| Err(INCOMPLETE.to_string()));
    };
    Some(decode_bytes(encoded).and_then(|bytes| match sum {
        Some(sum) if !sum.eq_ignore_ascii_case(&checksum(&bytes)) => Err(INCOMPLETE.to_string()),
        _ => utf8(bytes),
    }))
}

/// Reads the step from a fragment (`step=3`), if present.
pub fn step_from_fragment(fragment: &str) -> Option<usize> {
    fragment
        .trim_start_matches('#')
        .split('&')
        .find_map(|part| part.strip_prefix("step="))
        .and_then(|value| value.parse().ok())
}

/// The Deployment the lesson follows (`deployment=NAME`), if the link names one. Kubernetes
/// names are lowercase letters, digits, `-` and `.`; anything else is not a name and is ignored.
pub fn deployment_from_fragment(fragment: &str) -> Option<String> {
    fragment
        .trim_start_matches('#')
        .split('&')
        .find_map(|part| part.strip_prefix("deployment="))
        .filter(|name| {
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        })
        .map(str::to_string)
}

/// The fragment of a share link: the manifest, the step, and the Deployment followed when the
/// student picked one.
pub fn to_fragment(text: &str, step: usize, deployment: Option<&str>) -> String {
    let mut fragment = format!("#{}&step={step}", manifest_part(text));
    if let Some(name) = deployment {
        fragment.push_str("&deployment=");
        fragment.push_str(&percent_encode(name));
    }
    fragment
}

/// Percent-encodes text for a `data:` URL (RFC 3986 unreserved characters stay as they are),
/// so an export can be a plain link with a `download` attribute.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3 / 2);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Whether a page address asks for presenter mode (`?present` or `#…&present`).
pub fn wants_presenter(search: &str, fragment: &str) -> bool {
    let has = |text: &str, separators: &[char]| {
        text.trim_start_matches(['?', '#'])
            .split(separators)
            .any(|part| part == "present" || part == "present=1")
    };
    has(search, &['&']) || has(fragment, &['&'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_exactly() {
        for text in [
            "",
            "a",
            "ab",
            "abc",
            "apiVersion: apps/v1\n  # ünïcödé ✓\r\n\t",
            crate::core::samples::SEED_MANIFEST,
        ] {
            assert_eq!(decode(&encode(text)).as_deref(), Ok(text));
        }
    }

    #[test]
    fn fragment_carries_text_and_step() {
        let fragment = to_fragment("kind: Deployment\n", 4, None);
        assert_eq!(
            from_fragment(&fragment),
            Some(Ok("kind: Deployment\n".to_string()))
        );
        assert_eq!(step_from_fragment(&fragment), Some(4));
        assert_eq!(deployment_from_fragment(&fragment), None);
    }

    #[test]
    fn fragment_carries_the_deployment_followed() {
        let fragment = to_fragment("kind: Deployment\n", 1, Some("frontend"));
        assert_eq!(
            deployment_from_fragment(&fragment).as_deref(),
            Some("frontend")
        );
        // Links from before the picker still open; a mangled name is ignored.
        assert_eq!(deployment_from_fragment("#yaml=abc&step=2"), None);
        assert_eq!(deployment_from_fragment("#deployment=%3Cb%3E"), None);
    }

    #[test]
    fn a_link_cut_short_says_so() {
        let text = crate::core::samples::SEED_MANIFEST;
        let fragment = to_fragment(text, 1, None);
        let manifest_end = fragment.find("&step=").expect("a step");
        assert!(fragment.starts_with("#sum="), "{fragment}");
        // Cut anywhere after the checksum's key, up to the manifest's last character.
        for cut in "#sum=".len()..manifest_end {
            assert_eq!(
                from_fragment(&fragment[..cut]),
                Some(Err(INCOMPLETE.to_string()))
            );
        }
        // Only the step lost: the manifest is whole.
        assert_eq!(
            from_fragment(&fragment[..manifest_end]),
            Some(Ok(text.to_string()))
        );
    }

    #[test]
    fn links_without_a_checksum_still_open() {
        let old = format!("#{FRAGMENT_KEY}{}&step=2", encode("kind: Deployment\n"));
        assert_eq!(
            from_fragment(&old),
            Some(Ok("kind: Deployment\n".to_string()))
        );
    }

    #[test]
    fn percent_encoding_keeps_unreserved_characters() {
        assert_eq!(percent_encode("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(percent_encode("| 1 | ✓\n"), "%7C%201%20%7C%20%E2%9C%93%0A");
    }

    #[test]
    fn presenter_mode_from_the_address() {
        assert!(wants_presenter("?present", ""));
        assert!(wants_presenter("", "#yaml=abc&present=1"));
        assert!(!wants_presenter("?presenter", "#yaml=present"));
    }

    #[test]
    fn malformed_links_are_refused() {
        assert!(decode("ab$d").is_err());
        assert!(decode("a").is_err());
        assert!(decode(&encode("\u{7f}")).is_ok());
        assert!(decode("_w").is_err(), "a lone 0xFF byte is not UTF-8");
    }
}
