//! The lesson's read-only panels as HTML markup: the process flow, the process table with its
//! outcome and notes, the variable tracker, the key moments, the concept snapshot and the
//! transcript, each with the current step marked. The page inserts the markup whole and
//! handles clicks on `data-step` once per panel; typed Leptos views of these tables cost the
//! bundle several times the bytes (ARCHITECTURE.md, "What the bytes are spent on").

pub mod predict;
pub mod quiz;

use crate::core::lesson::Lesson;
use crate::core::markup::{class_with, close, element, open};

/// The flow strip: the eight steps as a path of buttons, done and current marked.
pub fn flow(lesson: &Lesson, current: usize) -> String {
    let mut out = String::new();
    for row in &lesson.steps {
        let class = match row.number.cmp(&current) {
            std::cmp::Ordering::Equal => "flow__step flow__step--current",
            std::cmp::Ordering::Less => "flow__step flow__step--done",
            std::cmp::Ordering::Greater => "flow__step",
        };
        open(&mut out, "li", &format!(r#" class="{class}""#));
        element(
            &mut out,
            "button",
            &format!(r#" class="flow__button" data-step="{}""#, row.number),
            &format!("{}. {}", row.number, row.action),
        );
        close(&mut out, "li");
    }
    out
}

/// The process table's body: a row a step, the current one `aria-current="step"`, steps that
/// did not happen marked skipped.
pub fn process_rows(lesson: &Lesson, current: usize) -> String {
    let mut out = String::new();
    for row in &lesson.steps {
        let is_current = row.number == current;
        let mut class = String::from("table__row");
        if is_current {
            class.push_str(" table__row--current");
        }
        if !row.happened {
            class.push_str(" table__row--skipped");
        }
        let aria = if is_current {
            r#" aria-current="step""#
        } else {
            ""
        };
        open(
            &mut out,
            "tr",
            &format!(
                r#" class="{class}" data-testid="process-row" data-step="{}"{aria}"#,
                row.number
            ),
        );
        element(&mut out, "td", "", &row.number.to_string());
        element(&mut out, "td", "", &row.action);
        element(&mut out, "td", "", &row.component);
        element(
            &mut out,
            "td",
            r#" data-testid="process-result""#,
            &row.result,
        );
        close(&mut out, "tr");
    }
    out
}

/// The lesson's notes: where the simulation simplifies or stopped short.
pub fn notes(lesson: &Lesson) -> String {
    list_items(&lesson.notes)
}

fn list_items(items: &[String]) -> String {
    let mut out = String::new();
    for item in items {
        element(&mut out, "li", "", item);
    }
    out
}

/// The tracker table: a column per moment (the one at or before `current` marked), a row per
/// variable, each cell marked when its value changed from the column before.
pub fn tracker(lesson: &Lesson, current: usize) -> String {
    let tracker = &lesson.tracker;
    let current_column = tracker
        .column_steps
        .iter()
        .rposition(|&step| step <= current)
        .unwrap_or(0);
    let column_class = |index: usize, changed: bool| {
        let mut classes = Vec::new();
        if index == current_column {
            classes.push("tracker__column--current");
        }
        if changed {
            classes.push("tracker__cell--changed");
        }
        if classes.is_empty() {
            String::new()
        } else {
            format!(r#" class="{}""#, classes.join(" "))
        }
    };
    let mut out = String::from(r#"<table class="table tracker" data-testid="tracker"><thead><tr>"#);
    element(&mut out, "th", "", "Variable");
    for (index, column) in tracker.columns.iter().enumerate() {
        element(&mut out, "th", &column_class(index, false), column);
    }
    out.push_str("</tr></thead><tbody>");
    for (number, row) in tracker.rows.iter().enumerate() {
        open(
            &mut out,
            "tr",
            &format!(r#" data-testid="tracker-row" data-row="{number}""#),
        );
        element(&mut out, "th", r#" scope="row""#, &row.variable);
        for (index, value) in row.values.iter().enumerate() {
            let changed = row.changed.get(index).copied().unwrap_or(false);
            element(&mut out, "td", &column_class(index, changed), value);
        }
        close(&mut out, "tr");
    }
    out.push_str("</tbody></table>");
    out
}

/// Every key moment with a link to its step, the current step's marked.
pub fn key_moments(lesson: &Lesson, current: usize) -> String {
    let mut out = String::new();
    for moment in &lesson.key_moments {
        let mut attributes = class_with("moments__item", "current", moment.step == current);
        attributes.push_str(&format!(r#" data-step="{}""#, moment.step));
        open(&mut out, "li", &attributes);
        element(
            &mut out,
            "button",
            &format!(r#" class="step-fields__link" data-step="{}""#, moment.step),
            &format!("Step {}", moment.step),
        );
        question_and_answer(&mut out, &moment.question, &moment.answer);
        close(&mut out, "li");
    }
    out
}

fn question_and_answer(out: &mut String, question: &str, answer: &str) {
    element(out, "p", r#" class="key-moment__question""#, question);
    element(out, "p", r#" class="key-moment__answer""#, answer);
}

/// The concept snapshot: its title and points.
pub fn snapshot(lesson: &Lesson) -> String {
    let mut out = String::new();
    element(&mut out, "p", "", &lesson.snapshot.title);
    open(&mut out, "ul", "");
    out.push_str(&list_items(&lesson.snapshot.points));
    close(&mut out, "ul");
    out
}

/// The transcript: its summary, then a collapsible section a step with every event line, the
/// current step open.
pub fn transcript(lesson: &Lesson, current: usize) -> String {
    let transcript = &lesson.transcript;
    let mut out = String::new();
    element(&mut out, "p", "", &transcript.summary);
    for step in &transcript.steps {
        let open_attribute = if step.number == current { " open" } else { "" };
        open(
            &mut out,
            "details",
            &format!(r#" class="transcript__step"{open_attribute}"#),
        );
        element(
            &mut out,
            "summary",
            "",
            &format!("Step {} · {}: {}", step.number, step.action, step.result),
        );
        open(&mut out, "ul", r#" class="transcript__events""#);
        out.push_str(&list_items(&step.lines));
        close(&mut out, "ul");
        close(&mut out, "details");
    }
    out
}

/// The editor's list of problems (errors and warnings, not notes), each carrying its line and
/// column so a click can put the caret there.
pub fn diagnostics(diagnostics: &[crate::core::diagnostic::Diagnostic]) -> String {
    use crate::core::diagnostic::Severity;
    let mut out = String::new();
    for diagnostic in diagnostics.iter().filter(|d| d.severity != Severity::Info) {
        let severity = diagnostic.severity.label();
        element(
            &mut out,
            "li",
            &format!(
                r#" class="diagnostics__item diagnostics__item--{severity}" data-testid="diagnostic" data-severity="{severity}" data-line="{}" data-column="{}" title="Show in the manifest""#,
                diagnostic.line, diagnostic.column
            ),
            &diagnostic.editor_text(),
        );
    }
    out
}

/// "What the cluster stores": each object as the API server keeps it, with what was defaulted,
/// or why there is nothing to show.
pub fn stored(documents: &[crate::core::manifest::stored::StoredDocument]) -> String {
    use crate::core::manifest::stored::Origin;
    let mut out = String::new();
    if documents.is_empty() {
        element(
            &mut out,
            "p",
            r#" class="stored__empty""#,
            "Fix the errors above to see the stored objects.",
        );
        return out;
    }
    for document in documents {
        let title = match document.origin {
            Origin::Written => format!("{} {}", document.kind, document.name),
            Origin::ReplicaSetPod => format!("Pod {}… (created by the ReplicaSet)", document.name),
        };
        let defaulted = if document.defaulted.is_empty() {
            "nothing defaulted".to_string()
        } else {
            format!("defaulted: {}", document.defaulted.join(", "))
        };
        open(&mut out, "section", r#" class="stored__document""#);
        element(&mut out, "h3", r#" class="stored__title""#, &title);
        element(&mut out, "p", r#" class="stored__defaulted""#, &defaulted);
        element(&mut out, "pre", r#" class="stored__yaml""#, &document.yaml);
        close(&mut out, "section");
    }
    out
}
