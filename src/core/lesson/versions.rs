//! Model-version labels: what the lesson calls each Deployment revision. A label follows the
//! tag the student wrote when the tag names a version (`mlmodel:v3` is `v3`, `model:1.4` is
//! `1.4`); otherwise (`latest`, no tag, a digest) the revision number names it (`v1`, `v2`),
//! as in the seed lesson, where `mlmodel:latest` is `v1` and its update `v2`.

use crate::core::manifest::workload::image_tag;
use crate::core::sim::trace::Trace;

/// Tags longer than this are hashes or build stamps, not version names.
const MAX_TAG_LABEL: usize = 20;

/// One revision of the Deployment and what the lesson calls it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    pub revision: u64,
    pub image: String,
    pub label: String,
}

/// Every revision a run created, in revision order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Versions {
    versions: Vec<Version>,
}

impl Versions {
    /// The revisions and their main images, as the frames show them.
    pub fn of(trace: &Trace) -> Self {
        let mut seen: Vec<(u64, String)> = Vec::new();
        let mut note = |revision: u64, image: &str| {
            if revision > 0 && !seen.iter().any(|(r, _)| *r == revision) {
                seen.push((revision, image.to_string()));
            }
        };
        for frame in &trace.frames {
            for replica_set in &frame.replica_sets {
                note(replica_set.revision, &replica_set.image);
            }
            if frame.deployment.exists {
                note(frame.deployment.revision, &frame.deployment.image);
            }
        }
        // Revisions are unique here, so they alone give the order.
        crate::core::order::sort_by_key(&mut seen, |(revision, _)| (*revision, 0));
        let mut versions: Vec<Version> = Vec::with_capacity(seen.len());
        for (revision, image) in seen {
            let from_tag = tag_label(&image).filter(|label| {
                !versions
                    .iter()
                    .any(|v| &v.label == label && v.image != image)
            });
            let label = from_tag.unwrap_or_else(|| {
                let numbered = format!("v{revision}");
                if versions.iter().any(|v| v.label == numbered) {
                    format!("revision {revision}")
                } else {
                    numbered
                }
            });
            versions.push(Version {
                revision,
                image,
                label,
            });
        }
        Versions { versions }
    }

    pub fn get(&self, revision: u64) -> Option<&Version> {
        self.versions.iter().find(|v| v.revision == revision)
    }

    /// The label of a revision (`v{revision}` for one the run never showed).
    pub fn label(&self, revision: u64) -> String {
        self.get(revision)
            .map(|v| v.label.clone())
            .unwrap_or_else(|| format!("v{revision}"))
    }

    pub fn image(&self, revision: u64) -> &str {
        self.get(revision).map(|v| v.image.as_str()).unwrap_or("")
    }
}

/// The tag as a label when it names a version: a digit, or `v` and a digit, first.
fn tag_label(image: &str) -> Option<String> {
    let tag = image_tag(image)?;
    let mut chars = tag.chars();
    let first = chars.next()?;
    let names_version = first.is_ascii_digit()
        || (matches!(first, 'v' | 'V') && chars.next().is_some_and(|c| c.is_ascii_digit()));
    (names_version && tag.len() <= MAX_TAG_LABEL).then(|| tag.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_that_name_versions_are_their_labels() {
        assert_eq!(tag_label("mlmodel:v3").as_deref(), Some("v3"));
        assert_eq!(tag_label("model:1.4").as_deref(), Some("1.4"));
        assert_eq!(
            tag_label("registry:5000/team/model:v4").as_deref(),
            Some("v4")
        );
        assert_eq!(tag_label("mlmodel:latest"), None);
        assert_eq!(tag_label("mlmodel"), None);
        assert_eq!(tag_label("model:very-long-build-stamp-2024-05-01"), None);
    }
}
