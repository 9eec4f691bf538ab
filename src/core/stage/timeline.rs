//! The lesson-wide timeline under the picture: every frame of the run in order, the eight
//! steps' boundaries, a mark where events were recorded, and the words that say where the
//! student is inside a step.

use crate::core::analysis::Run;

/// At most this many event marks: a long run's marks are merged per slot, so the timeline
/// costs the same to draw for 20 frames or 20,000.
const MAX_EVENT_MARKS: usize = 240;

/// One step's span of frames.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepSpan {
    pub number: usize,
    pub action: String,
    pub first_frame: usize,
    pub last_frame: usize,
    /// Whether the step happened in this run (a skipped step has no frames of its own).
    pub happened: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timeline {
    pub frames: usize,
    pub steps: Vec<StepSpan>,
    /// Frame indices where events were recorded (merged to at most `MAX_EVENT_MARKS`).
    pub event_frames: Vec<usize>,
    pub end_time: u64,
}

impl Timeline {
    /// Where frame `index` sits along the timeline, in thousandths.
    pub fn per_mille(&self, index: usize) -> u32 {
        let last = self.frames.saturating_sub(1).max(1);
        (index.min(last) * 1000 / last) as u32
    }
}

pub fn timeline(run: &Run) -> Timeline {
    let frames = &run.trace.frames;
    let slots = frames.len().div_ceil(MAX_EVENT_MARKS).max(1);
    let mut event_frames: Vec<usize> = Vec::new();
    let mut seen = 0;
    for (index, frame) in frames.iter().enumerate() {
        if frame.event_count > seen {
            seen = frame.event_count;
            let slot_start = index / slots * slots;
            if event_frames.last() != Some(&slot_start) {
                event_frames.push(slot_start);
            }
        }
    }
    Timeline {
        frames: frames.len(),
        steps: run
            .lesson
            .steps
            .iter()
            .map(|row| StepSpan {
                number: row.number,
                action: row.action.clone(),
                first_frame: row.first_frame,
                last_frame: row.last_frame,
                happened: row.happened,
            })
            .collect(),
        event_frames,
        end_time: run.trace.end_time,
    }
}

/// Where frame `index` sits inside step `step`, for a newcomer: `Moment 2 of 5 of this step
/// · 45 s after kubectl apply · 2 pod(s) scheduled`, or `End of this step` at its last frame.
pub fn position_in_step(run: &Run, step: usize, index: usize) -> String {
    let Some(row) = run.lesson.steps.get(step.wrapping_sub(1)) else {
        return String::new();
    };
    let Some(frame) = run.trace.frames.get(index) else {
        return String::new();
    };
    let when = format!("{} s after kubectl apply", frame.time);
    if !row.happened {
        return format!("This step did not happen in this run · {when}");
    }
    let moments = row.last_frame - row.first_frame + 1;
    let place = if index == row.last_frame {
        if moments == 1 {
            "The one moment of this step".to_string()
        } else {
            format!("End of this step (moment {moments} of {moments})")
        }
    } else {
        format!(
            "Moment {} of {moments} of this step",
            index.saturating_sub(row.first_frame) + 1
        )
    };
    format!("{place} · {when} · {}", frame.cause)
}
