//! The lesson's files for spreadsheets and editors: the tracker and the events as CSV (RFC
//! 4180), and the manifest as the cluster stores it. A CSV cell that a spreadsheet would read
//! as a formula (`=`, `+`, `-`, `@`, a tab or a carriage return first) is written with a
//! leading `'`, so a name or message from the manifest can never run as one (OWASP's CSV
//! injection advice).

use crate::core::analysis::Run;
use crate::core::lesson::Lesson;
use crate::core::manifest::ReadManifests;
use crate::core::manifest::stored::{Origin, stored_of};

/// One CSV cell: quoted when it holds a comma, a quote or a line break; defused when a
/// spreadsheet would take it for a formula.
pub fn csv_cell(text: &str) -> String {
    let defused = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

fn csv_line(out: &mut String, cells: &[&str]) {
    let cells: Vec<String> = cells.iter().map(|cell| csv_cell(cell)).collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

/// The tracker: a row per variable, a column per moment, as the page shows it.
pub fn tracker_csv(lesson: &Lesson) -> String {
    let mut out = String::new();
    let mut header = vec!["Variable"];
    header.extend(lesson.tracker.columns.iter().map(String::as_str));
    csv_line(&mut out, &header);
    for row in &lesson.tracker.rows {
        let mut cells = vec![row.variable.as_str()];
        cells.extend(row.values.iter().map(String::as_str));
        csv_line(&mut out, &cells);
    }
    out
}

/// Every event of the run, in order: seconds after `kubectl apply`, kubectl's columns, and the
/// component that reported it.
pub fn events_csv(run: &Run) -> String {
    let mut out = String::new();
    csv_line(
        &mut out,
        &["seconds", "type", "reason", "object", "source", "message"],
    );
    for event in &run.trace.events {
        csv_line(
            &mut out,
            &[
                &event.time.to_string(),
                event.event_type.as_str(),
                event.reason.as_str(),
                &event.object,
                event.source,
                &event.message,
            ],
        );
    }
    out
}

/// The written objects as the API server would store them, defaults filled in, one YAML
/// document each (`None` while the manifest has errors).
pub fn stored_yaml(read: &ReadManifests) -> Option<String> {
    let stored = stored_of(read);
    let written: Vec<String> = stored
        .documents
        .into_iter()
        .filter(|document| document.origin == Origin::Written)
        .map(|document| document.yaml)
        .collect();
    (!written.is_empty()).then(|| written.join("---\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("line\nbreak"), "\"line\nbreak\"");
    }
}
