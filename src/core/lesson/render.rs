//! The lesson as text or Markdown, for `kubestep explain` and instructors' handouts. In
//! Markdown every text from the lesson is escaped: Markdown viewers render HTML, so a name or
//! an event message the student's manifest put there (`<img onerror=…>`) would otherwise be
//! live markup, and a `|` would split a table cell.

use super::Lesson;
use super::quiz::letter;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
}

/// Text for Markdown: HTML's special characters as entities, line breaks as spaces.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text for a Markdown table cell: as [`markdown_text`], and `|` kept inside its cell.
fn markdown_cell(text: &str) -> String {
    markdown_text(text).replace('|', "\\|")
}

pub fn render(lesson: &Lesson, format: Format) -> String {
    let md = format == Format::Markdown;
    // The lesson's own texts, as the format writes them.
    let t = |text: &str| {
        if md {
            markdown_text(text)
        } else {
            text.to_string()
        }
    };
    let mut out = String::new();
    let heading = |out: &mut String, text: &str| {
        if md {
            out.push_str(&format!("\n## {text}\n\n"));
        } else {
            out.push_str(&format!("\n{text}\n"));
        }
    };
    let table = |out: &mut String, header: &[String], rows: &[Vec<String>]| {
        let line = |cells: &[String]| {
            if md {
                let cells: Vec<String> = cells.iter().map(|cell| markdown_cell(cell)).collect();
                format!("| {} |\n", cells.join(" | "))
            } else {
                format!("{}\n", cells.join(" | "))
            }
        };
        out.push_str(&line(header));
        if md {
            out.push_str(&format!("|{}\n", "---|".repeat(header.len())));
        }
        for row in rows {
            out.push_str(&line(row));
        }
    };

    if md {
        out.push_str(&format!(
            "# {} - Step-by-Step Execution\n",
            t(&lesson.title)
        ));
    } else {
        out.push_str(&format!("{} - Step-by-Step Execution\n", lesson.title));
    }

    heading(&mut out, "Process Table");
    let header: Vec<String> = ["Step", "Action", "Kubernetes Component", "Result"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let rows: Vec<Vec<String>> = lesson
        .steps
        .iter()
        .map(|s| {
            vec![
                s.number.to_string(),
                s.action.clone(),
                s.component.clone(),
                s.result.clone(),
            ]
        })
        .collect();
    table(&mut out, &header, &rows);
    out.push_str(&format!(
        "{}💡 {}\n",
        if md { "\n" } else { "" },
        t(&lesson.outcome)
    ));

    heading(&mut out, "Status Tracker");
    let mut header = vec!["Variable".to_string()];
    header.extend(lesson.tracker.columns.iter().cloned());
    let rows: Vec<Vec<String>> = lesson
        .tracker
        .rows
        .iter()
        .map(|row| {
            let mut cells = vec![row.variable.clone()];
            cells.extend(row.values.iter().cloned());
            cells
        })
        .collect();
    table(&mut out, &header, &rows);

    heading(
        &mut out,
        &format!("Key Moments - {} Insights", lesson.key_moments.len()),
    );
    for moment in &lesson.key_moments {
        if md {
            out.push_str(&format!(
                "**{}**\n\n{}\n\n",
                t(&moment.question),
                t(&moment.answer)
            ));
        } else {
            out.push_str(&format!("{}\n{}\n", moment.question, moment.answer));
        }
    }

    if !lesson.formulas.is_empty() {
        heading(&mut out, "Formula Cards");
        for card in &lesson.formulas {
            if md {
                out.push_str(&format!("**Step {}: {}**\n\n", card.step, t(&card.title)));
            } else {
                out.push_str(&format!("Step {}: {}\n", card.step, card.title));
            }
            for line in &card.lines {
                out.push_str(&format!("{}{}\n", if md { "- " } else { "  " }, t(line)));
            }
            if md {
                out.push('\n');
            }
        }
    }

    heading(
        &mut out,
        &format!("Visual Quiz - {} Questions", lesson.quiz.len()),
    );
    for (number, question) in lesson.quiz.iter().enumerate() {
        out.push_str(&format!("{}. {}\n", number + 1, t(&question.prompt)));
        for (index, option) in question.options.iter().enumerate() {
            out.push_str(&format!(
                "{}{}. {}\n",
                if md { "   - " } else { "   " },
                letter(index),
                t(option)
            ));
        }
        out.push_str(&format!("   Answer: {}\n", question.answer_letter()));
        out.push_str(&format!(
            "   💡 Hint: {}\n{}",
            t(&question.hint),
            if md { "\n" } else { "" }
        ));
    }

    heading(&mut out, "Concept Snapshot");
    out.push_str(&format!("{}\n", t(&lesson.snapshot.title)));
    for point in &lesson.snapshot.points {
        out.push_str(&format!("- {}\n", t(point)));
    }

    heading(&mut out, "Full Transcript");
    out.push_str(&format!("{}\n", t(&lesson.transcript.summary)));
    for step in &lesson.transcript.steps {
        if md {
            out.push_str(&format!(
                "\n**Step {} · {}**: {}\n\n",
                step.number,
                t(&step.action),
                t(&step.result)
            ));
        } else {
            out.push_str(&format!(
                "\nStep {} · {}: {}\n",
                step.number, step.action, step.result
            ));
        }
        for line in &step.lines {
            out.push_str(&format!("{}{}\n", if md { "- " } else { "  " }, t(line)));
        }
    }

    if !lesson.supplied.is_empty() {
        heading(&mut out, "Supplied by the default scenario");
        out.push_str("The manifest does not say these; the lesson assumed them (add a Scenario document to choose your own):\n");
        for supplied in &lesson.supplied {
            out.push_str(&format!("- {}: {}\n", t(&supplied.what), t(&supplied.why)));
        }
    }
    if !lesson.notes.is_empty() {
        heading(&mut out, "Notes");
        for note in &lesson.notes {
            out.push_str(&format!("- {}\n", t(note)));
        }
    }
    out
}
