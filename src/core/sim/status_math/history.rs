//! Revision history: which old ReplicaSets `cleanupDeployment` deletes beyond
//! `revisionHistoryLimit` (§3.4 step 4).

use super::UNLIMITED;
use crate::core::order;

/// `HasRevisionHistoryLimit`: a limit is set and is not `MaxInt32`.
pub fn has_revision_history_limit(revision_history_limit: Option<i64>) -> bool {
    revision_history_limit.is_some_and(|limit| limit != UNLIMITED)
}

/// An old ReplicaSet as `cleanupDeployment` sees it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HistoryInput {
    /// `deployment.kubernetes.io/revision`.
    pub revision: u64,
    /// Creation order, for equal revisions (`ReplicaSetsByCreationTimestamp`).
    pub created: u64,
    pub spec: i64,
    /// `status.replicas`: pods that are not terminating.
    pub status_replicas: i64,
    /// Already being deleted (`deletionTimestamp` set).
    pub deleting: bool,
}

/// `cleanupDeployment` (§3.4 step 4): which old ReplicaSets to delete, as positions in
/// `old`. Beyond `revisionHistoryLimit`, the lowest revisions go first, but only those
/// scaled to 0 with no pods left; the others are skipped, not replaced by newer ones.
pub fn replica_sets_to_delete(
    revision_history_limit: Option<i64>,
    old: &[HistoryInput],
) -> Vec<usize> {
    if !has_revision_history_limit(revision_history_limit) {
        return Vec::new();
    }
    let limit = revision_history_limit.unwrap_or(0).max(0);
    let cleanable: Vec<usize> = (0..old.len()).filter(|&i| !old[i].deleting).collect();
    let excess = cleanable.len() as i64 - limit;
    if excess <= 0 {
        return Vec::new();
    }
    // `cleanable` ascends, so equal keys stay in index order.
    let keys = cleanable.iter().map(|&i| (old[i].revision, old[i].created));
    order::ascending(keys.collect())
        .into_iter()
        .map(|position| cleanable[position])
        .take(excess as usize)
        .filter(|&i| old[i].spec == 0 && old[i].status_replicas == 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // TestDeploymentController_cleanupDeployment (sync_test.go): (spec, status.replicas).
    fn deletions(limit: Option<i64>, sets: &[(i64, i64)]) -> usize {
        let views: Vec<HistoryInput> = sets
            .iter()
            .enumerate()
            .map(|(i, &(spec, status_replicas))| HistoryInput {
                revision: i as u64 + 1,
                created: i as u64,
                spec,
                status_replicas,
                deleting: false,
            })
            .collect();
        replica_sets_to_delete(limit, &views).len()
    }

    #[test]
    fn test_deployment_controller_cleanup_deployment() {
        assert_eq!(deletions(Some(1), &[(0, 0), (0, 0), (0, 0)]), 2);
        assert_eq!(deletions(Some(0), &[(0, 0), (0, 1), (1, 0), (1, 1)]), 1);
        assert_eq!(deletions(Some(0), &[(0, 0), (0, 0)]), 2);
        assert_eq!(deletions(Some(0), &[(1, 1), (1, 1)]), 0);
        let already = [HistoryInput {
            deleting: true,
            ..HistoryInput::default()
        }];
        assert!(
            replica_sets_to_delete(Some(0), &already).is_empty(),
            "already deleted"
        );
        assert_eq!(
            deletions(Some(UNLIMITED), &[(0, 0), (0, 0), (0, 0)]),
            0,
            "unlimited"
        );
    }

    #[test]
    fn cleanup_deletes_the_lowest_revisions_first() {
        let views = [
            HistoryInput {
                revision: 3,
                created: 0,
                ..HistoryInput::default()
            },
            HistoryInput {
                revision: 1,
                created: 1,
                ..HistoryInput::default()
            },
            HistoryInput {
                revision: 2,
                created: 2,
                ..HistoryInput::default()
            },
        ];
        assert_eq!(replica_sets_to_delete(Some(1), &views), [1, 2]);
    }
}
