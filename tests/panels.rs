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

#[test]
fn the_quiz_marks_the_choice_and_grades_it_only_once_answered() {
    let run = run_of(SEED_MANIFEST);
    let questions = kubestep::core::practice::questions(&run);
    let fresh = panels::quiz::panel(&questions, &[]);
    assert_eq!(
        count(&fresh, r#"data-testid="quiz-question""#),
        questions.len()
    );
    assert_eq!(count(&fresh, "hidden></p>"), questions.len());
    assert!(fresh.contains(&format!("0 of {} correct (0 answered)", questions.len())));
    let right = questions[1].answer;
    let markup = panels::quiz::panel(&questions, &[None, Some(right)]);
    assert_eq!(count(&markup, "quiz__option--chosen"), 1);
    assert!(markup.contains(&format!(
        r#"quiz__option--chosen" data-testid="quiz-option" data-question="1" data-option="{right}""#
    )));
    assert!(markup.contains("quiz__feedback--correct"));
    assert!(markup.contains(&format!("1 of {} correct (1 answered)", questions.len())));
}

#[test]
fn predict_shows_the_next_question_and_the_last_verdict() {
    use kubestep::core::practice::predict::{Response, predictions};
    let analysis = kubestep::core::analysis::analyze(SEED_MANIFEST, None);
    let asked = predictions(&analysis);
    let first = panels::predict::panel(&asked, &[], None, 1);
    assert!(first.contains(r#"data-testid="predict-question" data-step="1""#));
    assert!(!first.contains("predict-result"));
    let answered = [Some(Response::Typed("two".to_string()))];
    let next = panels::predict::panel(&asked, &answered, Some(0), 1);
    assert!(
        next.contains(r#"data-testid="predict-result" data-correct="true""#),
        "{next}"
    );
    assert!(next.contains("line 6: spec.replicas"));
    assert!(next.contains(&format!(r#"data-step="{}""#, asked[1].step)));
    assert!(next.contains(&format!(
        "1 of {} predictions right (1 answered)",
        asked.len()
    )));
    let everything: Vec<_> = asked.iter().map(|_| Some(Response::Chosen(0))).collect();
    assert!(
        panels::predict::panel(&asked, &everything, None, 1).contains("Every prediction answered")
    );
}

#[test]
fn the_caret_in_a_field_names_the_steps_it_decides() {
    use kubestep::core::links::steps_at_line;
    let analysis = kubestep::core::analysis::analyze(SEED_MANIFEST, None);
    let line_of = |needle: &str| {
        SEED_MANIFEST
            .lines()
            .position(|line| line.trim_start().starts_with(needle))
            .map(|index| index + 1)
            .expect(needle)
    };
    // replicas decides the apply (Step 1) and the end state (Step 8).
    assert_eq!(
        steps_at_line(&analysis, SEED_MANIFEST, line_of("replicas:")),
        [1, 8]
    );
    // The image, inside the container list, decides the containers' start.
    assert_eq!(
        steps_at_line(&analysis, SEED_MANIFEST, line_of("image:")),
        [3]
    );
    // The pod template's labels decide the Service's endpoints (Step 4), line by line inside.
    let labels = line_of("labels:");
    assert!(steps_at_line(&analysis, SEED_MANIFEST, labels).contains(&4));
    assert!(steps_at_line(&analysis, SEED_MANIFEST, labels + 1).contains(&4));
    // `kind:` decides nothing by itself.
    assert_eq!(
        steps_at_line(&analysis, SEED_MANIFEST, line_of("kind:")),
        Vec::<usize>::new()
    );
}

#[test]
fn predict_asks_about_what_the_current_step_has_not_revealed_yet() {
    use kubestep::core::panels::predict::next_unanswered;
    use kubestep::core::practice::predict::predictions;
    let asked = predictions(&kubestep::core::analysis::analyze(SEED_MANIFEST, None));
    let at_five = next_unanswered(&asked, &[], 5).expect("a question");
    assert_eq!(asked[at_five].step, 5);
    assert_eq!(asked[next_unanswered(&asked, &[], 1).unwrap()].step, 1);
    // Past the last prediction's step, the first one not answered yet.
    assert_eq!(next_unanswered(&asked, &[], 9), Some(0));
}

#[test]
fn the_tracker_marks_what_each_frame_changed() {
    use kubestep::core::lesson::tracker::frame_changes;
    let run = run_of(SEED_MANIFEST);
    let frames = &run.trace.frames;
    let mut marked = [0; 3];
    for index in 1..frames.len() {
        let changed = frame_changes(&run.trace, index);
        // Replicas: read straight from the frames the trace recorded.
        let replicas_moved =
            frames[index].deployment.replicas != frames[index - 1].deployment.replicas;
        assert_eq!(changed[0], replicas_moved, "frame {index}");
        for (row, on) in changed.iter().enumerate() {
            marked[row] += usize::from(*on);
        }
    }
    assert_eq!(frame_changes(&run.trace, 0), [false; 3]);
    // The seed scales 2 -> 3 once and starts pods and a new version along the way.
    assert!(
        marked[0] >= 1 && marked[1] >= 2 && marked[2] >= 1,
        "{marked:?}"
    );
    let markup = panels::tracker(&run.lesson, 1);
    assert!(markup.contains(r#"data-testid="tracker-row" data-row="2""#));
}
