//! The pods of a run, stored as changes. Each frame keeps only the pods that were added,
//! changed or removed since the frame before; full copies of the live pods (checkpoints) are
//! kept at intervals, taken once the changes since the last copy reach the number of live
//! pods, so the copies never hold more records than the changes do and memory grows with the
//! number of changes, not with pods × frames. Readers materialize a frame's pods when they
//! read them: [`PodHistory::set_at`] for one frame, a [`PodCursor`] to walk frames in order,
//! applying each frame's changes in place (a pod's slot is its uid, so a change is one write).

use super::trace::PodSnapshot;

/// One change to the pods, in the frame that first shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PodDelta {
    /// A pod appears: its ReplicaSet created it.
    Added(PodSnapshot),
    /// A pod already shown looks different now (kubectl would print another line for it).
    Changed(PodSnapshot),
    /// A pod left the API: its containers stopped, or it was deleted before reaching a node.
    Removed { uid: u64, workload: usize },
}

impl PodDelta {
    pub fn uid(&self) -> u64 {
        match self {
            PodDelta::Added(pod) | PodDelta::Changed(pod) => pod.uid,
            PodDelta::Removed { uid, .. } => *uid,
        }
    }

    /// Which Deployment the pod belongs to (see [`PodSnapshot::workload`]).
    pub fn workload(&self) -> usize {
        match self {
            PodDelta::Added(pod) | PodDelta::Changed(pod) => pod.workload,
            PodDelta::Removed { workload, .. } => *workload,
        }
    }
}

/// Every Deployment's pods at one frame, each Deployment's in creation order (as the cluster
/// lists them).
#[derive(Clone, Debug, Default)]
pub struct PodSet {
    /// Indexed by uid (uids count pods as they are created): a change is one slot's write.
    slots: Vec<Option<PodSnapshot>>,
    len: usize,
    /// One more than the highest [`PodSnapshot::workload`] seen.
    workloads: usize,
}

/// The same pods in the same order.
impl PartialEq for PodSet {
    fn eq(&self, other: &Self) -> bool {
        self.all().eq(other.all())
    }
}

impl Eq for PodSet {}

impl PodSet {
    /// The pods of the Deployment the lesson follows.
    pub fn followed(&self) -> impl Iterator<Item = &PodSnapshot> {
        self.of(0)
    }

    /// The pods of the frame's `others[other]`.
    pub fn other(&self, other: usize) -> impl Iterator<Item = &PodSnapshot> {
        self.of(other + 1)
    }

    /// The pods of one Deployment, by [`PodSnapshot::workload`].
    pub fn of(&self, workload: usize) -> impl Iterator<Item = &PodSnapshot> {
        // One `filter_map` rather than `flatten` and `filter`: the lighter loop, as every
        // reader's own adapters are built on it.
        self.slots
            .iter()
            .filter_map(move |slot| slot.as_ref().filter(|pod| pod.workload == workload))
    }

    /// Every pod: the followed Deployment's first, then the others' in file order.
    pub fn all(&self) -> impl Iterator<Item = &PodSnapshot> {
        (0..self.workloads).flat_map(|workload| self.of(workload))
    }

    /// How many pods exist, of every Deployment.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn apply(&mut self, delta: &PodDelta) {
        let slot = delta.uid() as usize;
        if self.slots.len() <= slot {
            self.slots.resize(slot + 1, None);
        }
        match delta {
            PodDelta::Added(pod) | PodDelta::Changed(pod) => {
                self.workloads = self.workloads.max(pod.workload + 1);
                if self.slots[slot].replace(pod.clone()).is_none() {
                    self.len += 1;
                }
            }
            PodDelta::Removed { .. } => {
                if self.slots[slot].take().is_some() {
                    self.len -= 1;
                }
            }
        }
    }
}

/// A copy of the live pods after frame `frame`, in uid order.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Checkpoint {
    frame: usize,
    pods: Vec<PodSnapshot>,
}

impl Checkpoint {
    fn restore(&self) -> PodSet {
        let mut pods = PodSet::default();
        for pod in &self.pods {
            pods.apply(&PodDelta::Added(pod.clone()));
        }
        pods
    }
}

/// The fewest changes between two checkpoints: small runs keep one or none.
const MIN_CHECKPOINT_CHANGES: usize = 64;

/// The pods of every frame of a run, as changes and checkpoints.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PodHistory {
    deltas: Vec<PodDelta>,
    /// Frame `i`'s changes are `deltas[ends[i - 1]..ends[i]]` (from 0 for the first).
    ends: Vec<usize>,
    checkpoints: Vec<Checkpoint>,
    /// The pods after the last frame recorded, from which checkpoints are copied.
    live: PodSet,
    since_checkpoint: usize,
}

impl PodHistory {
    /// Records the next frame's changes (at most one per pod).
    pub(crate) fn push_frame(&mut self, deltas: impl IntoIterator<Item = PodDelta>) {
        for delta in deltas {
            self.live.apply(&delta);
            self.deltas.push(delta);
            self.since_checkpoint += 1;
        }
        self.ends.push(self.deltas.len());
        if self.since_checkpoint >= self.live.len().max(MIN_CHECKPOINT_CHANGES) {
            self.checkpoints.push(Checkpoint {
                frame: self.ends.len() - 1,
                pods: self.live.all().cloned().collect(),
            });
            self.since_checkpoint = 0;
        }
    }

    /// How many frames are recorded.
    pub fn frames(&self) -> usize {
        self.ends.len()
    }

    /// The pods that frame `frame` added, changed or removed, in the order the controllers
    /// touched them.
    pub fn deltas_of(&self, frame: usize) -> &[PodDelta] {
        let Some(&end) = self.ends.get(frame) else {
            return &[];
        };
        &self.deltas[self.start_of(frame)..end]
    }

    /// Where frame `frame`'s changes begin (`frame` at most the number of frames).
    fn start_of(&self, frame: usize) -> usize {
        frame.checked_sub(1).map_or(0, |before| self.ends[before])
    }

    /// Every Deployment's pods at frame `frame` (past the last frame: at the last).
    pub fn set_at(&self, frame: usize) -> PodSet {
        let mut cursor = self.cursor();
        cursor.at(frame);
        cursor.pods
    }

    /// A reader that moves from frame to frame, cheapest forwards.
    pub fn cursor(&self) -> PodCursor<'_> {
        PodCursor {
            history: self,
            applied: 0,
            pods: PodSet::default(),
        }
    }

    /// Pod snapshots held: the changes plus every checkpoint's copies.
    pub fn stored_records(&self) -> usize {
        self.deltas.len() + self.checkpoint_records()
    }

    /// Pod snapshots held by checkpoints alone: never more than the changes.
    pub fn checkpoint_records(&self) -> usize {
        self.checkpoints.iter().map(|c| c.pods.len()).sum()
    }

    /// How many changes were recorded, over all frames.
    pub fn delta_records(&self) -> usize {
        self.deltas.len()
    }
}

/// Walks a [`PodHistory`]: moving forward applies the frames' changes in place; moving back,
/// or far ahead, starts again from the nearest checkpoint.
#[derive(Clone, Debug)]
pub struct PodCursor<'a> {
    history: &'a PodHistory,
    /// Frames `0..applied` are applied to `pods`.
    applied: usize,
    pods: PodSet,
}

impl<'a> PodCursor<'a> {
    /// The pods at frame `frame` (past the last frame: at the last).
    pub fn at(&mut self, frame: usize) -> &PodSet {
        let history = self.history;
        let frames = history.frames();
        if frames == 0 {
            return &self.pods;
        }
        let frame = frame.min(frames - 1);
        let target = frame + 1;
        let checkpoint = history
            .checkpoints
            .partition_point(|c| c.frame <= frame)
            .checked_sub(1)
            .map(|index| &history.checkpoints[index]);
        // Behind the cursor, or ahead by more changes than a copy costs: copy a checkpoint.
        let restart = target < self.applied
            || checkpoint.is_some_and(|c| {
                c.frame >= self.applied
                    && history.ends[c.frame] - history.start_of(self.applied) > c.pods.len()
            });
        if restart {
            match checkpoint {
                Some(c) => {
                    self.pods = c.restore();
                    self.applied = c.frame + 1;
                }
                None => {
                    self.pods = PodSet::default();
                    self.applied = 0;
                }
            }
        }
        if self.applied < target {
            let start = history.start_of(self.applied);
            for delta in &history.deltas[start..history.ends[frame]] {
                self.pods.apply(delta);
            }
            self.applied = target;
        }
        &self.pods
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::core::sim::trace::{PodPhase, PodStatus};

    fn pod(uid: u64, workload: usize, ready: bool) -> PodSnapshot {
        PodSnapshot {
            uid,
            workload,
            name: format!("pod-{uid}").into(),
            node: None,
            phase: PodPhase::Pending,
            status: PodStatus::Pending,
            ready,
            terminating: false,
            image: "app:v1".into(),
            revision: 1,
            requests_per_second: 0,
            cpu_milli: 0,
            init_done: 0,
            init_total: 0,
        }
    }

    /// A rollout of `replicas` pods one at a time: add a new pod, make it ready, remove an
    /// old one; the reference holds every frame's pods in full.
    fn rolling(replicas: u64) -> (PodHistory, Vec<Vec<PodSnapshot>>) {
        let mut history = PodHistory::default();
        let mut live: BTreeMap<u64, PodSnapshot> = BTreeMap::new();
        let mut reference = Vec::new();
        let mut frame = |history: &mut PodHistory, deltas: Vec<PodDelta>| {
            for delta in &deltas {
                match delta {
                    PodDelta::Added(pod) | PodDelta::Changed(pod) => {
                        live.insert(pod.uid, pod.clone());
                    }
                    PodDelta::Removed { uid, .. } => {
                        live.remove(uid);
                    }
                }
            }
            history.push_frame(deltas);
            reference.push(live.values().cloned().collect::<Vec<_>>());
        };
        frame(
            &mut history,
            (0..replicas)
                .map(|uid| PodDelta::Added(pod(uid, 0, true)))
                .collect(),
        );
        for old in 0..replicas {
            let new = replicas + old;
            frame(&mut history, vec![PodDelta::Added(pod(new, 0, false))]);
            frame(&mut history, vec![PodDelta::Changed(pod(new, 0, true))]);
            frame(
                &mut history,
                vec![PodDelta::Removed {
                    uid: old,
                    workload: 0,
                }],
            );
        }
        (history, reference)
    }

    #[test]
    fn every_frame_reads_back_forwards_backwards_and_at_random() {
        let (history, reference) = rolling(200);
        let mut cursor = history.cursor();
        for (index, pods) in reference.iter().enumerate() {
            assert_eq!(
                &cursor.at(index).followed().cloned().collect::<Vec<_>>(),
                pods
            );
        }
        for index in (0..reference.len()).rev().step_by(7) {
            assert_eq!(
                &cursor.at(index).followed().cloned().collect::<Vec<_>>(),
                &reference[index]
            );
        }
        for index in [5, 400, 3, 600, 0, 350] {
            let pods: Vec<_> = history.set_at(index).followed().cloned().collect();
            assert_eq!(pods, reference[index]);
        }
        let last = reference.len() - 1;
        assert_eq!(history.set_at(last + 10), history.set_at(last));
    }

    #[test]
    fn checkpoints_hold_no_more_records_than_the_changes() {
        let (history, _) = rolling(2_000);
        assert!(
            history.checkpoints.len() > 2,
            "a long run keeps checkpoints"
        );
        assert!(history.checkpoint_records() <= history.delta_records());
        // Reading any frame applies at most one checkpoint's worth of changes.
        let mut longest = 0;
        let mut previous = 0;
        for checkpoint in &history.checkpoints {
            longest = longest.max(history.ends[checkpoint.frame] - previous);
            previous = history.ends[checkpoint.frame];
        }
        assert!(longest <= 2 * 2_000 + MIN_CHECKPOINT_CHANGES, "{longest}");
    }

    #[test]
    fn other_deployments_are_kept_apart() {
        let mut history = PodHistory::default();
        history.push_frame([
            PodDelta::Added(pod(1, 0, true)),
            PodDelta::Added(pod(2, 1, true)),
        ]);
        history.push_frame([PodDelta::Removed {
            uid: 1,
            workload: 0,
        }]);
        let pods = history.set_at(1);
        assert_eq!(pods.followed().count(), 0);
        assert_eq!(pods.other(0).map(|p| p.uid).collect::<Vec<_>>(), [2]);
        assert_eq!(history.deltas_of(1).len(), 1);
        assert!(history.deltas_of(9).is_empty());
    }
}
