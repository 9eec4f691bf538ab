//! The variable tracker: replicas, running pods and model version at the lesson's milestones
//! (Start, After Step 1, After Step 3, After Step 5, Final), read from the frames that end
//! those steps. The model version is the one serving: the newest revision with a ready pod.

use serde::Serialize;

use super::versions::Versions;
use crate::core::sim::trace::{Frame, PodPhase, PodSet, Trace};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TrackerRow {
    pub variable: String,
    pub values: Vec<String>,
    /// Per column: whether the underlying value differs from the previous column (labels
    /// such as "(scaled up)" aside), for the page's "what changed" highlight.
    pub changed: Vec<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tracker {
    pub columns: Vec<String>,
    /// The step each column is read after (0 for Start, 8 for Final).
    pub column_steps: Vec<usize>,
    pub rows: Vec<TrackerRow>,
    /// The numbers behind each column, in column order.
    #[serde(skip)]
    pub readings: Vec<Reading>,
}

/// The steps the tracker's columns are read after (0 is the start).
pub const COLUMN_STEPS: [usize; 5] = [0, 1, 3, 5, 8];

/// The values behind one tracker column, for questions, key moments and tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    /// The Deployment's `spec.replicas`.
    pub replicas: i64,
    /// Pods whose containers run (phase Running), not terminating.
    pub pods_running: i64,
    /// The revision shown as the model version (0: none).
    pub revision: u64,
    /// Whether a pod of `revision` is ready (the version serves predictions).
    pub serving: bool,
    /// The Deployment's template revision, which may be newer than the one serving.
    pub template_revision: u64,
}

/// Reads one frame: counts straight from its pods and ReplicaSets.
pub fn read(frame: Option<&Frame>, pods: &PodSet) -> Reading {
    let Some(frame) = frame.filter(|frame| frame.deployment.exists) else {
        return Reading::default();
    };
    let active = || pods.followed().filter(|p| !p.terminating);
    let newest_ready = active().filter(|p| p.ready).map(|p| p.revision).max();
    let oldest_live = frame.replica_sets.iter().map(|rs| rs.revision).min();
    Reading {
        replicas: frame.deployment.replicas,
        pods_running: active().filter(|p| p.phase == PodPhase::Running).count() as i64,
        revision: newest_ready
            .or(oldest_live)
            .unwrap_or(frame.deployment.revision),
        serving: newest_ready.is_some(),
        template_revision: frame.deployment.revision,
    }
}

/// The readings at Start, After Step 1, 3, 5 and Final.
pub fn readings(trace: &Trace, ends: &[usize; 8]) -> [Reading; 5] {
    // Step ends never go back: one cursor reads the four frames.
    let mut cursor = trace.cursor();
    let mut at = |step: usize| {
        let index = ends[step - 1];
        read(trace.frames.get(index), cursor.at(index))
    };
    [Reading::default(), at(1), at(3), at(5), at(8)]
}

/// Marks the columns whose reading differs from the one before.
fn changes<T: PartialEq>(readings: &[Reading; 5], value: impl Fn(&Reading) -> T) -> Vec<bool> {
    (0..readings.len())
        .map(|i| i > 0 && value(&readings[i]) != value(&readings[i - 1]))
        .collect()
}

/// Whether the last rescale between two columns added replicas.
fn rescaled_up_between(trace: &Trace, from_time: u64, to_time: u64) -> Option<bool> {
    trace
        .milestones
        .rescales
        .iter()
        .rev()
        .find(|(time, _, _)| *time > from_time && *time <= to_time)
        .map(|(_, from, to)| to > from)
}

pub fn build(trace: &Trace, ends: &[usize; 8], versions: &Versions) -> Tracker {
    let readings = readings(trace, ends);
    let time_after = |step: usize| match step {
        0 => 0,
        step => trace
            .frames
            .get(ends[step - 1])
            .map(|f| f.time)
            .unwrap_or(0),
    };
    let mut replicas = Vec::new();
    let mut running = Vec::new();
    let mut version = Vec::new();
    for (column, reading) in readings.iter().enumerate() {
        let mut replicas_text = reading.replicas.to_string();
        if column > 0
            && reading.replicas != readings[column - 1].replicas
            && let Some(up) = rescaled_up_between(
                trace,
                time_after(COLUMN_STEPS[column - 1]),
                time_after(COLUMN_STEPS[column]),
            )
        {
            replicas_text.push_str(if up { " (scaled up)" } else { " (scaled down)" });
        }
        replicas.push(replicas_text);
        running.push(reading.pods_running.to_string());
        version.push(version_text(&readings, column, versions));
    }
    Tracker {
        columns: [
            "Start",
            "After Step 1",
            "After Step 3",
            "After Step 5",
            "Final",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        column_steps: COLUMN_STEPS.to_vec(),
        rows: vec![
            TrackerRow {
                variable: "Deployment replicas".to_string(),
                values: replicas,
                changed: changes(&readings, |r| r.replicas),
            },
            TrackerRow {
                variable: "Pods running".to_string(),
                values: running,
                changed: changes(&readings, |r| r.pods_running),
            },
            TrackerRow {
                variable: "Model version".to_string(),
                values: version,
                changed: changes(&readings, |r| r.revision),
            },
        ],
        readings: readings.to_vec(),
    }
}

/// Which of the tracker's rows (replicas, pods running, model version) frame `frame` changed
/// from the frame before: the page marks them while that frame is on screen.
pub fn frame_changes(trace: &Trace, frame: usize) -> [bool; 3] {
    let Some(before) = frame.checked_sub(1) else {
        return [false; 3];
    };
    let at = |index: usize| read(trace.frames.get(index), &trace.pod_set_at(index));
    let (old, new) = (at(before), at(frame));
    [
        old.replicas != new.replicas,
        old.pods_running != new.pods_running,
        (old.revision, old.serving, old.template_revision)
            != (new.revision, new.serving, new.template_revision),
    ]
}

/// `v1 (mlmodel:latest)` the first time a version shows, `v2 (after update)` when a newer
/// one serves, `v1 (new version not serving)` when the template moved on but no pod of the
/// new revision is ready.
fn version_text(readings: &[Reading; 5], column: usize, versions: &Versions) -> String {
    let reading = readings[column];
    if reading.revision == 0 {
        return "none".to_string();
    }
    let label = versions.label(reading.revision);
    let earlier = readings[..column]
        .iter()
        .rev()
        .find(|r| r.revision != 0)
        .copied();
    match earlier {
        None => format!("{label} ({})", versions.image(reading.revision)),
        Some(before) if before.revision != reading.revision && reading.serving => {
            format!("{label} (after update)")
        }
        _ if reading.template_revision > reading.revision => {
            format!("{label} (new version not serving)")
        }
        _ => label,
    }
}
