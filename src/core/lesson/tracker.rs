//! The variable tracker: replicas, running pods and model version at the lesson's milestones
//! (Start, After Step 1, After Step 3, After Step 5, Final), read from the trace's frames.

use serde::Serialize;

use crate::core::sim::trace::{Frame, Trace};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TrackerRow {
    pub variable: String,
    pub values: Vec<String>,
    /// Per column: whether the underlying value differs from the previous column (labels
    /// such as "(scaled up)" aside), for the page's "what changed" highlight.
    pub changed: Vec<bool>,
}

/// Marks the columns whose reading differs from the one before.
fn changes<T: PartialEq>(readings: &[Reading; 5], value: impl Fn(&Reading) -> T) -> Vec<bool> {
    (0..readings.len())
        .map(|i| i > 0 && value(&readings[i]) != value(&readings[i - 1]))
        .collect()
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tracker {
    pub columns: Vec<String>,
    /// The step each column is read after (0 for Start, 8 for Final).
    pub column_steps: Vec<usize>,
    pub rows: Vec<TrackerRow>,
}

/// Numeric values behind the tracker, for questions and key moments.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    pub replicas: i64,
    pub pods_running: i64,
    pub revision: u64,
}

pub fn read(frame: Option<&Frame>) -> Reading {
    match frame {
        Some(frame) if frame.deployment.exists => Reading {
            replicas: frame.deployment.replicas,
            pods_running: frame
                .pods
                .iter()
                .filter(|p| p.phase == "Running" && !p.terminating)
                .count() as i64,
            revision: frame.deployment.revision,
        },
        _ => Reading::default(),
    }
}

/// The readings at Start, After Step 1, 3, 5 and Final.
pub fn readings(trace: &Trace, ends: &[usize; 8]) -> [Reading; 5] {
    let at = |step: usize| read(trace.frames.get(ends[step - 1]));
    [Reading::default(), at(1), at(3), at(5), at(8)]
}

pub fn build(trace: &Trace, ends: &[usize; 8]) -> Tracker {
    let readings = readings(trace, ends);
    let column_steps = vec![0, 1, 3, 5, 8];
    let rescaled_between = |from_step: usize, to_step: usize| -> Option<bool> {
        let from_time = if from_step == 0 {
            0
        } else {
            trace
                .frames
                .get(ends[from_step - 1])
                .map(|f| f.time)
                .unwrap_or(0)
        };
        let to_time = trace
            .frames
            .get(ends[to_step - 1])
            .map(|f| f.time)
            .unwrap_or(0);
        trace
            .milestones
            .rescales
            .iter()
            .rev()
            .find(|(time, _, _)| *time > from_time && *time <= to_time)
            .map(|(_, from, to)| to > from)
    };
    let mut replicas = Vec::new();
    let mut running = Vec::new();
    let mut version = Vec::new();
    let mut previous: Option<Reading> = None;
    let mut first_image_shown = false;
    for (column, reading) in readings.iter().enumerate() {
        let mut replicas_text = reading.replicas.to_string();
        if let Some(before) = previous
            && reading.replicas != before.replicas
            && column > 0
            && let Some(up) = rescaled_between(column_steps[column - 1], column_steps[column])
        {
            replicas_text.push_str(if up { " (scaled up)" } else { " (scaled down)" });
        }
        replicas.push(replicas_text);
        running.push(reading.pods_running.to_string());
        let version_text = if reading.revision == 0 {
            "none".to_string()
        } else {
            let label = format!("v{}", reading.revision);
            let changed = previous
                .is_some_and(|before| before.revision != 0 && before.revision != reading.revision);
            if !first_image_shown {
                first_image_shown = true;
                let image = image_of_revision(trace, reading.revision);
                format!("{label} ({image})")
            } else if changed {
                format!("{label} (after update)")
            } else {
                label
            }
        };
        version.push(version_text);
        previous = Some(*reading);
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
        column_steps,
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
    }
}

fn image_of_revision(trace: &Trace, revision: u64) -> String {
    trace
        .frames
        .iter()
        .flat_map(|f| f.replica_sets.iter())
        .find(|rs| rs.revision == revision)
        .map(|rs| rs.image.clone())
        .or_else(|| {
            trace
                .frames
                .iter()
                .find(|f| f.deployment.revision == revision)
                .map(|f| f.deployment.image.clone())
        })
        .unwrap_or_default()
}
