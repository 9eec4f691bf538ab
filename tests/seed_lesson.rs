//! The seed lesson, reproduced exactly: with the seed's manifest as input, every row, cell,
//! question and sentence we compute must appear verbatim in the lesson text the app grew from
//! (tests/fixtures/seed-lesson.txt, a copy of the original).

mod common;

use kubestep::core::analysis::{Run, analyze};
use kubestep::core::lesson::quiz::letter;
use kubestep::core::samples::SEED_MANIFEST;

const SEED_LESSON: &str = include_str!("fixtures/seed-lesson.txt");

fn seed_run() -> Run {
    common::run_of(SEED_MANIFEST)
}

#[track_caller]
fn assert_in_seed(line: &str) {
    assert!(
        SEED_LESSON.contains(line),
        "not in the seed lesson: {line:?}"
    );
}

#[test]
fn the_manifest_is_the_seed_execution_sample() {
    assert_in_seed(SEED_MANIFEST.trim_end());
}

#[test]
fn process_table_rows_match_the_seed() {
    let run = seed_run();
    assert_eq!(run.lesson.steps.len(), 8);
    for row in &run.lesson.steps {
        assert_in_seed(&format!(
            "{}{}{}{}\n",
            row.number, row.action, row.component, row.result
        ));
    }
    assert_in_seed(&format!("💡 {}\n", run.lesson.outcome));
}

#[test]
fn tracker_matches_the_seed() {
    let run = seed_run();
    assert_in_seed(&format!(
        "Variable{}\n",
        run.lesson.tracker.columns.join("")
    ));
    let rows: Vec<String> = run
        .lesson
        .tracker
        .rows
        .iter()
        .map(|r| format!("{}{}", r.variable, r.values.join("")))
        .collect();
    assert_eq!(
        rows,
        [
            "Deployment replicas0223 (scaled up)3",
            "Pods running00233",
            "Model versionnonev1 (mlmodel:latest)v1v1v2 (after update)",
        ]
    );
    for row in rows {
        assert_in_seed(&format!("{row}\n"));
    }
}

#[test]
fn key_moments_match_the_seed() {
    let run = seed_run();
    assert_eq!(run.lesson.key_moments.len(), 3);
    for moment in &run.lesson.key_moments {
        assert_in_seed(&format!("{}\n{}\n", moment.question, moment.answer));
    }
}

#[test]
fn quiz_matches_the_seed_with_answers_c_b_a() {
    let run = seed_run();
    let letters: String = run.lesson.quiz.iter().map(|q| q.answer_letter()).collect();
    assert_eq!(letters, "CBA");
    for question in &run.lesson.quiz {
        let options: String = question
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| format!("{}{o}\n", letter(i)))
            .collect();
        assert_in_seed(&format!(
            "{}\n{options}💡 Hint\n{}\n",
            question.prompt, question.hint
        ));
    }
}

#[test]
fn snapshot_and_transcript_match_the_seed() {
    let run = seed_run();
    let snapshot = format!(
        "{}\n{}\n",
        run.lesson.snapshot.title,
        run.lesson
            .snapshot
            .points
            .iter()
            .map(|p| format!("- {p}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_in_seed(&format!("Concept Snapshot\n{snapshot}Full Transcript\n"));
    assert!(
        SEED_LESSON
            .trim_end()
            .ends_with(&run.lesson.transcript.summary),
        "{}",
        run.lesson.transcript.summary
    );
}

#[test]
fn the_lesson_says_what_the_default_scenario_supplied() {
    let run = seed_run();
    let supplied: Vec<&str> = run
        .lesson
        .supplied
        .iter()
        .map(|s| s.what.as_str())
        .collect();
    for expected in [
        "a cluster of 3 nodes",
        "HorizontalPodAutoscaler",
        "LimitRange",
        "Service",
        "mlmodel:v2",
        "prediction requests per second",
    ] {
        assert!(
            supplied.iter().any(|s| s.contains(expected)),
            "{expected} missing from {supplied:?}"
        );
    }
}

#[test]
fn same_input_same_trace() {
    assert_eq!(seed_run().trace, seed_run().trace);
    let other_seed = analyze(SEED_MANIFEST, Some(99)).run.expect("simulates");
    assert_ne!(
        other_seed.trace.events,
        seed_run().trace.events,
        "the seed names pods differently"
    );
    assert_eq!(
        other_seed.lesson.tracker,
        seed_run().lesson.tracker,
        "but the lesson is the same"
    );
}

#[test]
fn tracker_marks_what_changed_by_value_not_by_label() {
    let run = common::run_of(SEED_MANIFEST);
    let changed: Vec<Vec<bool>> = run
        .lesson
        .tracker
        .rows
        .iter()
        .map(|r| r.changed.clone())
        .collect();
    assert_eq!(
        changed,
        [
            [false, true, false, true, false],
            [false, false, true, true, false],
            // "v1 (mlmodel:latest)" then "v1" is the same version.
            [false, true, false, false, true],
        ]
    );
}
