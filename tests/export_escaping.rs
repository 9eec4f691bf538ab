//! The lesson's Markdown export escapes what the student's manifest put into the lesson: HTML
//! stays text (Markdown viewers render raw HTML) and `|` stays inside its table cell.

mod common;

use common::run_of;
use kubestep::core::lesson::render::{Format, render};
use kubestep::core::samples::SEED_MANIFEST;

fn lesson_with_image(image: &str) -> String {
    let text = SEED_MANIFEST.replace("image: mlmodel:latest", &format!("image: \"{image}\""));
    let run = run_of(&text);
    render(&run.lesson, Format::Markdown)
}

#[test]
fn html_from_the_manifest_is_text_in_the_markdown() {
    let markdown = lesson_with_image("mlmodel:latest<img src=x onerror=alert(1)>");
    assert!(!markdown.contains("<img"), "{markdown}");
    assert!(markdown.contains("mlmodel:latest&lt;img src=x onerror=alert(1)&gt;"));
}

#[test]
fn a_pipe_from_the_manifest_stays_in_its_table_cell() {
    let markdown = lesson_with_image("mlmodel:latest|x");
    // Every row of every table has as many cell borders as its header.
    let mut borders = None;
    for line in markdown.lines() {
        if !line.starts_with('|') {
            borders = None;
            continue;
        }
        let count = line.replace("\\|", "").matches('|').count();
        assert_eq!(count, *borders.get_or_insert(count), "{line}");
    }
    let version = markdown
        .lines()
        .find(|line| line.starts_with("| Model version |"))
        .expect("the tracker's model version row");
    assert!(version.contains("mlmodel:latest\\|x"), "{version}");
}

#[test]
fn the_text_export_is_unchanged() {
    let run =
        run_of(&SEED_MANIFEST.replace("image: mlmodel:latest", "image: \"mlmodel:latest|x\""));
    let text = render(&run.lesson, Format::Text);
    assert!(!text.contains("\\|") && !text.contains("&lt;"));
}
