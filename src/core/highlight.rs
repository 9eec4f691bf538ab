//! YAML highlighting for the editor: the text as escaped HTML markup with a span per token
//! (keys, strings, numbers and booleans, comments, document markers, anchors, aliases and
//! tags), one pass over the text, line by line, with block scalars (`|`, `>`) read as text.
//! Markup rather than views, for the same reason as the stage: it costs the bundle a few KB.
//! A highlighter, not a parser: the YAML module decides what the text means.

use std::fmt::Write;

use crate::core::diagnostic::{Diagnostic, Severity};
use crate::core::markup::escape;

/// Above this size the editor shows the text without colours: highlighting costs a pass over
/// the text on every keystroke, and a very large paste should stay responsive.
pub const MAX_HIGHLIGHTED_BYTES: usize = 64 * 1024;

/// The text as highlighted markup, one `\n` per line, so it lines up with the textarea.
pub fn highlight(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    // Inside a block scalar: lines indented deeper than this are its text.
    let mut block_indent: Option<usize> = None;
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = block_indent {
            if line.trim().is_empty() || indent > parent {
                span(&mut out, "hl-string", line);
                continue;
            }
            block_indent = None;
        }
        if highlight_line(&mut out, line, indent) {
            block_indent = Some(indent);
        }
    }
    // A textarea shows a last empty line that a pre would collapse.
    if text.ends_with('\n') {
        out.push(' ');
    }
    out
}

fn span(out: &mut String, class: &str, text: &str) {
    if text.is_empty() {
        return;
    }
    out.push_str("<span class=\"");
    out.push_str(class);
    out.push_str("\">");
    out.push_str(&escape(text));
    out.push_str("</span>");
}

/// One line; returns whether it opens a block scalar.
fn highlight_line(out: &mut String, line: &str, indent: usize) -> bool {
    out.push_str(&line[..indent]);
    let mut rest = &line[indent..];
    if indent == 0 && (rest.starts_with("---") || rest.starts_with("...")) {
        span(out, "hl-marker", &rest[..3]);
        rest = &rest[3..];
    }
    if rest.starts_with('%') {
        span(out, "hl-meta", rest);
        return false;
    }
    // Sequence dashes, then an optional `key:`.
    loop {
        let trimmed = rest.trim_start_matches(' ');
        out.push_str(&rest[..rest.len() - trimmed.len()]);
        rest = trimmed;
        if rest == "-" || rest.starts_with("- ") {
            span(out, "hl-punct", "-");
            rest = &rest[1..];
        } else {
            break;
        }
    }
    if let Some(end) = key_end(rest) {
        span(out, "hl-key", &rest[..end]);
        span(out, "hl-punct", ":");
        rest = &rest[end + 1..];
    }
    let (value, comment) = split_comment(rest);
    let opens_block = value_markup(out, value);
    span(out, "hl-comment", comment);
    opens_block
}

/// The bytes of `text` outside quotes, with their index. A quote opens a string anywhere in
/// a value, but only as the first character of a key.
fn unquoted(text: &str, quotes_anywhere: bool) -> impl Iterator<Item = (usize, u8)> + '_ {
    let mut quote = None;
    text.bytes()
        .enumerate()
        .filter(move |&(index, byte)| match quote {
            Some(open) => {
                if byte == open {
                    quote = None;
                }
                false
            }
            None if matches!(byte, b'"' | b'\'') && (quotes_anywhere || index == 0) => {
                quote = Some(byte);
                false
            }
            None => true,
        })
}

/// Where a plain or quoted mapping key ends (the index of its `:`), if the line has one.
fn key_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    for (index, byte) in unquoted(text, false) {
        match byte {
            b':' if bytes.get(index + 1).is_none_or(|next| *next == b' ') => {
                return (index > 0).then_some(index);
            }
            b'#' if index == 0 || bytes[index - 1] == b' ' => return None,
            b'{' | b'[' if index == 0 => return None,
            _ => {}
        }
    }
    None
}

/// Splits `value # comment` at a `#` that follows a space and is outside quotes.
fn split_comment(text: &str) -> (&str, &str) {
    let bytes = text.as_bytes();
    unquoted(text, true)
        .find(|&(index, byte)| byte == b'#' && (index == 0 || bytes[index - 1] == b' '))
        .map_or((text, ""), |(index, _)| (&text[..index], &text[index..]))
}

/// A scalar value's colour; returns whether it is a block scalar indicator (`|`, `>-`).
fn value_markup(out: &mut String, value: &str) -> bool {
    let trimmed = value.trim();
    let lead = &value[..value.len() - value.trim_start().len()];
    let tail = &value[lead.len() + trimmed.len()..];
    out.push_str(lead);
    let class = match trimmed.as_bytes().first() {
        None => "",
        Some(b'"' | b'\'') => "hl-string",
        Some(b'&' | b'*' | b'!') => "hl-meta",
        Some(b'|' | b'>') => {
            span(out, "hl-punct", trimmed);
            out.push_str(tail);
            return true;
        }
        _ if is_literal(trimmed) => "hl-literal",
        _ => "hl-value",
    };
    span(out, class, trimmed);
    out.push_str(tail);
    false
}

/// Numbers, booleans and nulls as YAML reads them (and kubectl's `yes`/`no`).
fn is_literal(text: &str) -> bool {
    matches!(
        text,
        "true" | "false" | "True" | "False" | "null" | "Null" | "~" | "yes" | "no" | "on" | "off"
    ) || text.parse::<f64>().is_ok()
}

/// The editor's marks for the diagnostics: a dot per line in the gutter and an underline
/// under the token each diagnostic points at, both with the message on hover, as markup
/// positioned in lines and characters (`--line`, `--column`, `--width` for the stylesheet).
pub fn diagnostic_marks(text: &str, diagnostics: &[Diagnostic]) -> (String, String) {
    let lines: Vec<&str> = text.split('\n').collect();
    let (mut gutter, mut underlines) = (String::new(), String::new());
    for diagnostic in diagnostics.iter().filter(|d| d.severity != Severity::Info) {
        let (line, column) = (diagnostic.line.max(1), diagnostic.column.max(1));
        let severity = diagnostic.severity.label();
        let title = escape(&diagnostic.editor_text());
        let _ = write!(
            gutter,
            r#"<span class="code__marker code__marker--{severity}" data-testid="gutter-marker" data-line="{line}" style="--line:{}" title="{title}"></span>"#,
            line - 1
        );
        // From the column to the end of the word there (at least one character).
        let rest = lines.get(line - 1).map_or("", |text| {
            let start = text
                .char_indices()
                .nth(column - 1)
                .map_or(text.len(), |(i, _)| i);
            &text[start..]
        });
        let width = rest
            .chars()
            .take_while(|c| !c.is_whitespace())
            .count()
            .max(1);
        let _ = write!(
            underlines,
            r#"<span class="code__underline code__underline--{severity}" data-testid="underline" data-line="{line}" data-column="{column}" style="--line:{};--column:{};--width:{width}" title="{title}"></span>"#,
            line - 1,
            column - 1
        );
    }
    (gutter, underlines)
}

/// `1\n2\n3…`: the gutter's line numbers as one text, one per line of `text`.
pub fn line_numbers(text: &str) -> String {
    let lines = text.split('\n').count();
    let mut out = String::with_capacity(lines * 4);
    for number in 1..=lines {
        if number > 1 {
            out.push('\n');
        }
        let _ = write!(out, "{number}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(markup: &str) -> String {
        let mut text = String::new();
        let mut in_tag = false;
        for c in markup.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    #[test]
    fn the_markup_holds_the_text_exactly_so_it_lines_up_with_the_textarea() {
        for text in [
            crate::core::samples::SEED_MANIFEST,
            "a: \"x # not a comment\" # a comment\n- b\n  - c: 'd'\n",
            "script: |\n  if a: b\n  # kept\nnext: <img src=x onerror=alert(1)>\n",
            "--- !tag\n%YAML 1.2\n...\n\n",
        ] {
            let markup = highlight(text);
            let expected = if text.ends_with('\n') {
                format!("{text} ")
            } else {
                text.to_string()
            };
            assert_eq!(plain(&markup), expected);
            assert!(!markup.contains("<img"), "escaped: {markup}");
        }
    }

    fn assert_spans(text: &str, spans: &[(&str, &str)]) {
        let markup = highlight(text);
        for (class, content) in spans {
            let span = format!("<span class=\"{class}\">{content}</span>");
            assert!(markup.contains(&span), "{span} in {markup}");
        }
    }

    #[test]
    fn tokens_get_their_classes() {
        assert_spans(
            "  replicas: 2 # two\n  image: \"m:v1\"\n  name: model\n",
            &[
                ("hl-key", "replicas"),
                ("hl-literal", "2"),
                ("hl-comment", "# two"),
                ("hl-string", "&quot;m:v1&quot;"),
                ("hl-value", "model"),
            ],
        );
    }

    #[test]
    fn marks_point_at_the_diagnostics_token_and_escape_its_message() {
        let text = "a: 1\nimage: <bad>:x y\n";
        let diagnostic = Diagnostic {
            severity: Severity::Error,
            document: 0,
            path: "image".to_string(),
            line: 2,
            column: 8,
            message: "invalid <image>".to_string(),
        };
        let (gutter, underlines) = diagnostic_marks(text, &[diagnostic]);
        assert!(
            gutter.contains(r#"data-line="2" style="--line:1""#),
            "{gutter}"
        );
        assert!(underlines.contains("--column:7;--width:7"), "{underlines}");
        assert!(underlines.contains("invalid &lt;image&gt;"), "{underlines}");
        assert_eq!(line_numbers(text), "1\n2\n3");
    }

    #[test]
    fn a_block_scalars_lines_are_text_not_keys() {
        assert_spans(
            "command: |\n  key: value\nafter: 1\n",
            &[("hl-string", "  key: value"), ("hl-key", "after")],
        );
    }
}
