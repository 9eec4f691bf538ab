//! The YAML boundary: the only module that names the YAML crate.
//!
//! `serde_yaml` is archived (RUSTSEC-2024-0449 flags its libyaml backend as unmaintained).
//! Everything else uses [`Value`] and [`parse_stream`] from here, so a drop-in maintained fork
//! such as `serde_norway` replaces it by changing the `use` line below and Cargo.toml.
//!
//! Merge keys (`<<: *anchor`) are applied after parsing, as the YAML 1.1 reader kubectl uses
//! applies them.
//!
//! The stream is split into documents here (at `---` lines) rather than by the crate, so a
//! syntax error in one document still lets the others be reported, and every document knows
//! the line it starts on for [`crate::core::locate`].

use serde_yaml as backend;

use crate::core::diagnostic::{Diagnostic, Severity};
use crate::core::limits::{MAX_DOCUMENTS, MAX_INPUT_BYTES};
use crate::core::locate::Locator;
use crate::core::yaml_depth::too_deep;

/// A parsed YAML node.
pub type Value = backend::Value;
/// A parsed YAML mapping.
pub type Mapping = backend::Mapping;

/// One document of the stream, as text and (when it parsed) as a value.
#[derive(Clone, Debug)]
pub struct Document {
    /// Zero-based position in the stream.
    pub index: usize,
    /// 1-based line of the document's first content line in the whole text.
    pub first_line: usize,
    /// The document's text with the `---` marker blanked out, so columns stay true.
    pub text: String,
    /// `None` when the document had a syntax error (reported as a diagnostic) or was empty.
    pub value: Option<Value>,
}

/// The outcome of reading a whole stream: never fails, it reports.
#[derive(Clone, Debug, Default)]
pub struct Stream {
    pub documents: Vec<Document>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a multi-document YAML stream. Oversized or binary input is refused with one
/// diagnostic, before the parser sees it.
pub fn parse_stream(text: &str) -> Stream {
    let mut stream = Stream::default();
    if let Some(refusal) = refuse_hostile_input(text) {
        stream.diagnostics.push(refusal);
        return stream;
    }
    for (index, (first_line, document_text)) in split_documents(text).into_iter().enumerate() {
        if index >= MAX_DOCUMENTS {
            stream.diagnostics.push(error_at(
                (index, first_line, 1),
                format!(
                    "too many YAML documents: at most {MAX_DOCUMENTS} are read; split the file"
                ),
            ));
            break;
        }
        let value = if is_blank_document(&document_text) {
            None
        } else if let Some((line, byte)) = too_deep(&document_text) {
            // Refused before parsing: the parser would take the square of the depth to say so.
            let text_line = document_text.split('\n').nth(line).unwrap_or_default();
            let column = text_line[..byte].chars().count() + 1;
            stream.diagnostics.push(error_at(
                (index, first_line + line, column),
                plain_syntax_message("recursion limit exceeded"),
            ));
            None
        } else {
            // Merge keys (`<<: *defaults`) are resolved as kubectl's YAML reader resolves them.
            let parsed = backend::from_str::<Value>(&document_text).and_then(|mut value| {
                value.apply_merge()?;
                Ok(value)
            });
            match parsed {
                Ok(Value::Null) => None,
                Ok(value) => Some(value),
                Err(error) => {
                    stream.diagnostics.push(syntax_diagnostic(
                        index,
                        first_line,
                        &document_text,
                        &error,
                    ));
                    None
                }
            }
        };
        stream.documents.push(Document {
            index,
            first_line,
            text: document_text,
            value,
        });
    }
    stream
}

/// YAML is written by [`crate::core::yaml_emit`], not by the crate: its emitter cost the wasm
/// bundle about 13 KB gzip for one view.
pub use crate::core::yaml_emit::to_yaml_string;

/// The crate's own emitter, which [`to_yaml_string`] replaced. Kept only so tests can prove the
/// two write the same text; nothing in either binary calls it, so it is never linked.
#[doc(hidden)]
pub fn to_yaml_string_by_the_crate(value: &Value) -> String {
    backend::to_string(value).unwrap_or_default()
}

/// The refusal of an input over [`MAX_INPUT_BYTES`]: of `bytes` bytes, or `None` where only
/// the first bytes past the limit were read.
pub fn too_large(bytes: Option<u64>) -> Diagnostic {
    let size = match bytes {
        Some(bytes) => {
            let megabytes = format!("{:.1}", bytes as f64 / (1024.0 * 1024.0));
            let megabytes = megabytes.strip_suffix(".0").unwrap_or(&megabytes);
            format!("is {megabytes} MB ({bytes} bytes); the limit is 2 MiB")
        }
        None => format!("is larger than {MAX_INPUT_BYTES} bytes (2 MiB)"),
    };
    error_at(
        (0, 1, 1),
        format!("input {size}: manifests that large are refused so the page stays responsive"),
    )
}

/// An error of the text itself (no field path) at (document, line, column).
fn error_at((document, line, column): (usize, usize, usize), message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        document,
        path: String::new(),
        line,
        column,
        message,
    }
}

fn refuse_hostile_input(text: &str) -> Option<Diagnostic> {
    if text.len() > MAX_INPUT_BYTES {
        // The command line reads one byte past the limit and stops: at that length only "larger
        // than" is known.
        let known = text.len() != MAX_INPUT_BYTES + 1;
        return Some(too_large(known.then_some(text.len() as u64)));
    }
    // YAML forbids most control characters; naming the first one beats the parser's message.
    for (line_number, line) in text.lines().enumerate() {
        if let Some((byte, character)) = line
            .char_indices()
            .find(|(_, c)| c.is_control() && *c != '\t' && *c != '\r')
        {
            let column = line[..byte].chars().count() + 1;
            return Some(error_at(
                (0, line_number + 1, column),
                format!(
                    "control character U+{:04X} is not allowed in YAML; is this a binary file?",
                    character as u32
                ),
            ));
        }
    }
    None
}

/// Splits at lines that start with `---`. Returns (first line number, text) per document;
/// the marker is replaced by spaces so any content after it keeps its column.
/// Directives (`%YAML`, `%TAG`) open the document whose `---` follows them, so they travel
/// with it and that marker is kept as written.
fn split_documents(text: &str) -> Vec<(usize, String)> {
    let mut split = Split::default();
    // The newline that ends the last line opens no line of its own: splitting on it would add
    // one, and a `|+` block at the end of the text would keep it as an extra newline.
    let text = text.strip_suffix('\n').unwrap_or(text);
    for (line_index, line) in text.split('\n').enumerate() {
        let line_number = line_index + 1;
        let is_marker = line.starts_with("---")
            && line[3..]
                .chars()
                .next()
                .is_none_or(|c| c == ' ' || c == '\t' || c == '\r');
        if line.starts_with('%') && !split.in_directives && !split.document_open {
            // Comments before the first directive belong to no document.
            let keep = !is_blank_document(&split.current);
            split.begin(line_number, keep);
            split.in_directives = true;
        }
        if is_marker && split.in_directives {
            split.in_directives = false;
            split.document_open = opens_document(&line[3..]) == Some(true);
            split.push_line(line);
            continue;
        }
        if is_marker {
            let keep = split.current_has_content
                || !split.documents.is_empty()
                || !split.current.trim().is_empty();
            split.begin(line_number, keep);
            // Until content follows, a `%` line opens directives: it cannot start a scalar.
            split.document_open = opens_document(&line[3..]) == Some(true);
            split.current.push_str("   ");
            split.push_line(&line[3..]);
            continue;
        }
        if split.current.is_empty() && !split.current_has_content {
            split.current_first_line = line_number;
        }
        if !split.in_directives
            && let Some(open) = opens_document(line)
        {
            if open && split.ended {
                // Content after `...` is the next document, as YAML streams allow.
                split.begin(line_number, true);
            }
            split.ended = !open;
            split.document_open = open;
        }
        split.push_line(line);
    }
    let Split {
        mut documents,
        current,
        current_first_line,
        ..
    } = split;
    if !current.trim().is_empty() || documents.is_empty() {
        documents.push((current_first_line, current));
    }
    // A trailing `---` with nothing after it is not a document.
    if documents.len() > 1 && documents.last().is_some_and(|(_, t)| is_blank_document(t)) {
        documents.pop();
    }
    documents
}

/// The state of [`split_documents`] between lines.
struct Split {
    documents: Vec<(usize, String)>,
    current: String,
    current_first_line: usize,
    current_has_content: bool,
    /// Between a `%` directive and the `---` it introduces.
    in_directives: bool,
    /// Content has started and no `...` has closed it, so a `%` line is not a directive.
    document_open: bool,
    /// A `...` line closed the document: content after it starts the next one.
    ended: bool,
}

impl Default for Split {
    fn default() -> Self {
        Split {
            documents: Vec::new(),
            current: String::new(),
            current_first_line: 1,
            current_has_content: false,
            in_directives: false,
            document_open: false,
            ended: false,
        }
    }
}

impl Split {
    /// Starts a new document at `line_number`, keeping the text so far as a document or not.
    fn begin(&mut self, line_number: usize, keep_previous: bool) {
        if keep_previous {
            let previous = std::mem::take(&mut self.current);
            self.documents.push((self.current_first_line, previous));
        } else {
            self.current.clear();
        }
        self.current_first_line = line_number;
        self.current_has_content = true;
        self.ended = false;
    }

    fn push_line(&mut self, line: &str) {
        self.current.push_str(line);
        self.current.push('\n');
    }
}

/// The offset (in lines) of the first line that begins a second document inside one piece of
/// text: a `%` directive, or content after a `...` line.
fn second_document_start(text: &str) -> Option<usize> {
    let mut after_end = false;
    for (offset, line) in text.lines().enumerate() {
        match opens_document(line) {
            _ if line.starts_with('%') => return Some(offset),
            Some(false) => after_end = true,
            Some(true) if after_end => return Some(offset),
            _ => {}
        }
    }
    None
}

/// Whether a line leaves the current document open (content) or closed (`...`); `None` for
/// blank and comment lines, which change nothing. A `%` line inside an open document is
/// content (a scalar continuing), not a directive.
fn opens_document(line: &str) -> Option<bool> {
    let trimmed = line.trim();
    if line.starts_with("...") && trimmed == "..." {
        Some(false)
    } else if trimmed.is_empty() || trimmed.starts_with('#') {
        None
    } else {
        Some(true)
    }
}

fn is_blank_document(text: &str) -> bool {
    text.lines().all(|line| {
        let trimmed = line.trim();
        trimmed.is_empty() || trimmed.starts_with('#') || trimmed == "..."
    })
}

fn syntax_diagnostic(
    document: usize,
    first_line: usize,
    text: &str,
    error: &backend::Error,
) -> Diagnostic {
    let (line, column) = error
        .location()
        .map(|location| (location.line(), location.column()))
        .unwrap_or((1, 1));
    let mut diagnostic = error_at(
        (document, first_line + line.saturating_sub(1), column),
        plain_syntax_message(&error.to_string()),
    );
    if error.location().is_none()
        && error.to_string().starts_with(MORE_THAN_ONE_DOCUMENT)
        && let Some(offset) = second_document_start(text)
    {
        // "More than one document" comes without a place; the student needs the line.
        diagnostic.line = first_line + offset;
        diagnostic.column = 1;
    }
    if let Some(key) = duplicate_key(&error.to_string()) {
        // The parser points at the start of the mapping; the mistake is the second key.
        let locator = Locator::new(text, first_line);
        if let Some(duplicate) = locator
            .duplicate_keys()
            .iter()
            .find(|duplicate| duplicate.key == key && duplicate.again.line >= diagnostic.line)
        {
            diagnostic.line = duplicate.again.line;
            diagnostic.column = duplicate.again.column;
            diagnostic.message = format!(
                "YAML syntax error: key \"{key}\" already set in map (first set at line {})",
                duplicate.first.line
            );
        }
    }
    diagnostic
}

/// The key of the crate's "duplicate entry with key \"K\"" error.
fn duplicate_key(message: &str) -> Option<String> {
    const MARKER: &str = "duplicate entry with key \"";
    let start = message.find(MARKER)? + MARKER.len();
    let rest = &message[start..];
    // The key is quoted with Rust's escaping; keys with quotes inside are left to the fallback.
    let end = rest.find('"')?;
    Some(rest[..end].to_string())
}

/// The crate appends " at line L column C" to its messages; we show the location separately.
/// The parser's words when one piece of text holds two documents.
const MORE_THAN_ONE_DOCUMENT: &str =
    "deserializing from YAML containing more than one document is not supported";

fn plain_syntax_message(message: &str) -> String {
    let trimmed = match message.find(" at line ") {
        Some(position) => &message[..position],
        None => message,
    };
    let friendly = match trimmed {
        "recursion limit exceeded" => {
            "document nests too deeply (more than 128 levels); this looks like hostile input"
        }
        "repetition limit exceeded" => {
            "too many alias expansions (a YAML alias bomb?); the document is refused"
        }
        // Only `...` or a `%` directive can start a second document once `---` lines are split.
        MORE_THAN_ONE_DOCUMENT => {
            "a second document starts inside this one (after `...` or at a `%` directive); put `---` on its own line before each document"
        }
        "did not find expected <document start>" => {
            "a `%` directive must be followed by a `---` line before the document's content"
        }
        "found unknown directive name" => {
            "unknown directive: YAML has only `%YAML` and `%TAG`, and a line starting with `%` begins one"
        }
        "found incompatible YAML document" => {
            "this YAML version is not read here: write `%YAML 1.2` or leave the directive out"
        }
        other => other,
    };
    format!("YAML syntax error: {friendly}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_travel_with_the_document_they_introduce() {
        assert_clean_documents_start_at(
            "%YAML 1.2\n---\na: 1\n...\n%YAML 1.2\n---\nb: 2\n",
            &[1, 5],
        );
    }

    fn assert_clean_documents_start_at(text: &str, first_lines: &[usize]) {
        let stream = parse_stream(text);
        assert!(stream.diagnostics.is_empty(), "{:?}", stream.diagnostics);
        let found: Vec<usize> = stream.documents.iter().map(|d| d.first_line).collect();
        assert_eq!(found, first_lines);
    }

    #[test]
    fn a_document_end_marker_ends_the_document() {
        assert_clean_documents_start_at("a: 1\n...\nb: 2\n", &[1, 3]);
        assert_clean_documents_start_at("%YAML 1.2\n---\na: 1\n...\n# next\nb: 2\n...\n", &[1, 6]);
    }

    #[test]
    fn a_directive_after_an_empty_document_opens_the_next() {
        assert_clean_documents_start_at("a: 1\n---\n%YAML 1.2\n---\nb: 2\n", &[1, 3]);
    }

    #[test]
    fn directive_mistakes_are_said_in_our_words_at_their_line() {
        for (text, line, words) in [
            ("%YAML 1.2\na: 1\n", 2, "must be followed by a `---` line"),
            ("%FOO bar\n---\na: 1\n", 1, "unknown directive"),
            ("%YAML 2.0\n---\na: 1\n", 1, "write `%YAML 1.2`"),
        ] {
            let diagnostic = &parse_stream(text).diagnostics[0];
            assert_eq!(diagnostic.line, line, "{text}");
            assert!(diagnostic.message.contains(words), "{}", diagnostic.message);
        }
    }

    #[test]
    fn a_percent_line_inside_an_open_document_is_not_a_directive() {
        // A quoted scalar may continue on a line that starts with `%`.
        assert_clean_documents_start_at("a: \"one\n%two\"\n---\nb: 2\n", &[1, 3]);
    }

    #[test]
    fn a_directive_after_a_bare_document_is_explained() {
        let stream = parse_stream("a: 1\n%YAML 1.2\n---\nb: 2\n");
        let message = &stream.diagnostics[0].message;
        assert!(message.contains("put `---` on its own line"), "{message}");
    }

    #[test]
    fn splits_documents_and_keeps_line_numbers() {
        let stream = parse_stream("a: 1\n---\nb: 2\n---\n\nc: 3\n");
        assert_eq!(stream.documents.len(), 3);
        assert_eq!(stream.documents[1].first_line, 2);
        assert_eq!(stream.documents[2].first_line, 4);
        assert!(stream.diagnostics.is_empty());
    }

    #[test]
    fn syntax_error_is_located_in_the_whole_text() {
        let stream = parse_stream("a: 1\n---\nb: [1, 2\nc: 3\n");
        assert_eq!(stream.diagnostics.len(), 1);
        let diagnostic = &stream.diagnostics[0];
        assert_eq!(diagnostic.document, 1);
        assert!(diagnostic.line >= 3, "{diagnostic:?}");
        assert!(diagnostic.message.starts_with("YAML syntax error: "));
    }

    #[test]
    fn duplicate_keys_point_at_the_second_key() {
        let stream = parse_stream("a: 1\n---\nkind: Service\nmetadata:\n  name: a\n  name: b\n");
        assert_eq!(stream.diagnostics.len(), 1);
        let diagnostic = &stream.diagnostics[0];
        assert_eq!((diagnostic.line, diagnostic.column), (6, 3));
        assert_eq!(
            diagnostic.message,
            "YAML syntax error: key \"name\" already set in map (first set at line 5)"
        );
    }

    #[test]
    fn merge_keys_are_applied() {
        let stream = parse_stream("base: &base {a: 1, b: 2}\nitem:\n  <<: *base\n  b: 3\n");
        assert!(stream.diagnostics.is_empty(), "{:?}", stream.diagnostics);
        let value = stream.documents[0].value.as_ref().expect("parsed");
        assert_eq!(value["item"]["a"], Value::from(1));
        assert_eq!(value["item"]["b"], Value::from(3));
        assert!(value["item"].get("<<").is_none());
    }

    #[test]
    fn a_kept_block_at_the_end_keeps_only_its_own_newlines() {
        let stream = parse_stream("a: |+\n  x\n\n");
        let value = stream.documents[0].value.as_ref().expect("parsed");
        assert_eq!(value["a"], Value::from("x\n\n"));
    }

    #[test]
    fn leading_marker_does_not_make_an_empty_document() {
        let stream = parse_stream("---\na: 1\n");
        assert_eq!(stream.documents.len(), 1);
        assert!(stream.documents[0].value.is_some());
    }

    #[test]
    fn oversized_input_is_refused_with_its_size_where_it_is_known() {
        let message = |text: &str| parse_stream(text).diagnostics[0].message.clone();
        let over = "#".repeat(MAX_INPUT_BYTES + 512 * 1024);
        assert!(message(&over).starts_with("input is 2.5 MB (2621440 bytes); the limit is 2 MiB"));
        let cut = "#".repeat(MAX_INPUT_BYTES + 1);
        assert!(message(&cut).starts_with("input is larger than 2097152 bytes (2 MiB)"));
        assert!(
            too_large(Some(15 << 20))
                .message
                .starts_with("input is 15 MB (15728640 bytes)")
        );
    }

    #[test]
    fn binary_input_is_refused_at_its_first_control_character() {
        let stream = parse_stream("a: 1\nb: \u{0}\n");
        assert_eq!(stream.diagnostics[0].line, 2);
        assert_eq!(stream.diagnostics[0].column, 4);
        assert!(stream.documents.is_empty());
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing_at_the_bracket_too_many() {
        let stream = parse_stream(&format!("a: 1\n---\n\"✓\": {}\n", "[".repeat(1 << 20)));
        let diagnostic = &stream.diagnostics[0];
        // Columns count characters: `"✓": ` is 5 of them, then 128 brackets are one too many.
        assert_eq!((diagnostic.document, diagnostic.line), (1, 3));
        assert_eq!(diagnostic.column, 5 + 128);
        assert!(diagnostic.message.contains("more than 128 levels"));
        assert!(stream.documents[0].value.is_some() && stream.documents[1].value.is_none());
    }

    #[test]
    fn what_the_depth_pass_lets_through_the_parser_reads() {
        let deep = "[".repeat(200);
        let text = format!("a: '{deep}'\nb: |\n  {deep}\nc: text {deep}\n  more {deep}\n");
        let stream = parse_stream(&text);
        assert!(stream.diagnostics.is_empty(), "{:?}", stream.diagnostics);
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 0..9 {
            let previous = if level == 0 {
                'a'
            } else {
                (b'a' + level) as char
            };
            let name = (b'a' + level + 1) as char;
            text.push_str(&format!(
                "{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"
            ));
        }
        let stream = parse_stream(&text);
        assert_eq!(stream.diagnostics.len(), 1, "{:?}", stream.diagnostics);
    }
}
