//! The lesson panels' markup (`core::panels`): what the page inserts for the process table,
//! tracker, key moments and transcript marks the current step, links every step and escapes
//! what the student wrote.

mod common;

use common::run_of;
use kubestep::core::panels;
use kubestep::core::samples::SEED_MANIFEST;

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn process_rows_mark_only_the_current_step_and_link_every_step() {
    let run = run_of(SEED_MANIFEST);
    for current in 1..=8 {
        let rows = panels::process_rows(&run.lesson, current);
        assert_eq!(count(&rows, r#"data-testid="process-row""#), 8);
        assert_eq!(count(&rows, r#"aria-current="step""#), 1);
        let current_row = format!(r#"data-step="{current}" aria-current="step""#);
        assert!(rows.contains(&current_row), "step {current}: {rows}");
        for row in &run.lesson.steps {
            assert!(rows.contains(&format!(
                r#"<td data-testid="process-result">{}</td>"#,
                kubestep::core::markup::escape(&row.result)
            )));
        }
    }
}

#[test]
fn tracker_marks_the_column_at_or_before_the_step() {
    let run = run_of(SEED_MANIFEST);
    let tracker = &run.lesson.tracker;
    // Step 4 is read in the column after Step 3; the header row and each variable's row mark it.
    let markup = panels::tracker(&run.lesson, 4);
    let marked = count(&markup, "tracker__column--current");
    assert_eq!(marked, 1 + tracker.rows.len());
    let column = tracker.column_steps.iter().rposition(|&s| s <= 4).unwrap();
    assert!(markup.contains(&format!(
        r#"<th class="tracker__column--current">{}</th>"#,
        tracker.columns[column]
    )));
}

#[test]
fn transcript_opens_only_the_current_step_and_holds_every_event() {
    let run = run_of(SEED_MANIFEST);
    let markup = panels::transcript(&run.lesson, 6);
    assert_eq!(count(&markup, "<details"), 8);
    assert_eq!(count(&markup, r#"class="transcript__step" open"#), 1);
    let lines: usize = run
        .lesson
        .transcript
        .steps
        .iter()
        .map(|s| s.lines.len())
        .sum();
    assert_eq!(count(&markup, "<li>"), lines);
}

#[test]
fn key_moments_link_their_steps() {
    let run = run_of(SEED_MANIFEST);
    let markup = panels::key_moments(&run.lesson, 5);
    for moment in &run.lesson.key_moments {
        assert!(markup.contains(&format!(
            r#"class="step-fields__link" data-step="{}">Step {}</button>"#,
            moment.step, moment.step
        )));
    }
    let current = run
        .lesson
        .key_moments
        .iter()
        .filter(|m| m.step == 5)
        .count();
    assert_eq!(count(&markup, "moments__item--current"), current);
}

#[test]
fn what_the_student_wrote_is_escaped() {
    // An image reference is the student's text and reaches the transcript's events.
    let text = SEED_MANIFEST.replace("image: mlmodel:latest", "image: \"mlmodel:latest<b>\"");
    let analysis = kubestep::core::analysis::analyze(&text, None);
    let run = analysis
        .run
        .expect("an odd image reference still simulates");
    let markup = panels::transcript(&run.lesson, 3);
    assert!(!markup.contains("<b>"), "{markup}");
    assert!(markup.contains("mlmodel:latest&lt;b&gt;"), "{markup}");
}
