//! Finds where a field path sits in a document's text, so diagnostics found after decoding
//! (when the parser's own positions are gone) still point at a line and column.
//!
//! The YAML crate keeps no spans, so this is a small scanner over block-style YAML, the style
//! Kubernetes manifests are written in. It understands nested mappings, sequences (including
//! `- key: value` items and sequences at their parent key's indent), quoted keys, comments and
//! block scalars. Inside flow collections (`{...}`, `[...]`) it stops at the collection: a path
//! below one is located at the collection's start. It only ever runs on text that already
//! parsed, and looking up a path that is absent returns its nearest present ancestor.

use std::collections::BTreeMap;

use crate::core::field_path::{FieldPath, Segment};

/// A 1-based position in the whole text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Where one node sits: its key (for mapping entries) and its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement {
    pub key: Position,
    pub value: Position,
    /// The value is a plain scalar on the key's line: not quoted, tagged, anchored or an
    /// alias. kubectl's YAML 1.1 rules read some of those as numbers (`0777`).
    pub plain_scalar: bool,
}

/// Positions of every node of one document, keyed by path segments.
#[derive(Clone, Debug, Default)]
pub struct Locator {
    // A B-tree, not a hash map: the bundle already holds B-tree code, and no other hash map.
    places: BTreeMap<Vec<PathStep>, Placement>,
    document_start: Position,
    duplicates: Vec<DuplicateKey>,
}

/// A mapping key written twice in the same mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateKey {
    pub key: String,
    /// Where the key is first written.
    pub first: Position,
    /// Where it is written again.
    pub again: Position,
}

/// Segments as the scanner sees them: mapping keys and sequence indices. Struct fields and
/// map keys are both mapping keys in YAML, so [`Segment::Field`] and [`Segment::Key`] meet here.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum PathStep {
    Key(String),
    Index(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ContainerKind {
    Mapping,
    Sequence,
}

#[derive(Clone, Debug)]
struct Open {
    indent: usize,
    kind: ContainerKind,
    path: Vec<PathStep>,
    next_index: usize,
}

impl Locator {
    /// Scans `text`, whose first line is line `first_line` of the whole input.
    pub fn new(text: &str, first_line: usize) -> Self {
        let mut locator = Locator {
            places: BTreeMap::new(),
            document_start: first_content(text, first_line),
            duplicates: Vec::new(),
        };
        locator.scan(text, first_line);
        locator
    }

    /// Where the node at `path` starts (its key for mapping entries), or its nearest ancestor.
    pub fn key_position(&self, path: &FieldPath) -> Position {
        self.lookup(path)
            .map(|p| p.key)
            .unwrap_or(self.document_start)
    }

    /// Where the value at `path` starts; for an absent path, where its nearest ancestor's value
    /// starts (a flow collection such as `[80]` holds its items there).
    pub fn value_position(&self, path: &FieldPath) -> Position {
        self.lookup(path)
            .map(|p| p.value)
            .unwrap_or(self.document_start)
    }

    /// Keys written twice in one mapping, in the order the second ones appear.
    pub fn duplicate_keys(&self) -> &[DuplicateKey] {
        &self.duplicates
    }

    /// True when the value at `path` itself is written as a plain scalar.
    pub fn is_plain_scalar(&self, path: &FieldPath) -> bool {
        self.places
            .get(&to_steps(path))
            .is_some_and(|placement| placement.plain_scalar)
    }

    /// True when the path itself (not an ancestor) was found in the text.
    pub fn contains(&self, path: &FieldPath) -> bool {
        self.places.contains_key(&to_steps(path))
    }

    fn lookup(&self, path: &FieldPath) -> Option<Placement> {
        let mut steps = to_steps(path);
        loop {
            if let Some(placement) = self.places.get(&steps) {
                return Some(*placement);
            }
            steps.pop()?;
        }
    }

    fn scan(&mut self, text: &str, first_line: usize) {
        let mut stack: Vec<Open> = Vec::new();
        // A key whose value starts on a later line: (indent of the key, its path).
        let mut pending_key: Option<(usize, Vec<PathStep>)> = None;
        // Inside a block scalar or a multi-line flow collection, lines are content, not keys.
        let mut skip_deeper_than: Option<usize> = None;
        let mut open_brackets: i64 = 0;

        for (offset, raw_line) in text.lines().enumerate() {
            let line_number = first_line + offset;
            let line = strip_comment(raw_line);
            let trimmed = line.trim_end();
            let content = trimmed.trim_start();
            if content.is_empty() {
                continue;
            }
            let indent = trimmed.len() - content.len();
            // Offsets below are bytes; editors and the API count characters.
            let char_column = |byte: usize| {
                trimmed
                    .get(..byte)
                    .map_or(byte, |prefix| prefix.chars().count())
                    + 1
            };
            if open_brackets > 0 {
                open_brackets += bracket_balance(content);
                continue;
            }
            if let Some(limit) = skip_deeper_than {
                if indent > limit {
                    continue;
                }
                skip_deeper_than = None;
            }
            if content == "..." {
                continue;
            }

            let mut column = indent;
            let mut rest = content;
            // Peel `- ` markers: each opens or continues a sequence at its column.
            loop {
                let is_dash = rest == "-" || rest.starts_with("- ") || rest.starts_with("-\t");
                if !is_dash {
                    break;
                }
                let parent_path = close_to(&mut stack, &mut pending_key, column, true);
                let top_is_sequence_here = stack.last().is_some_and(|open| {
                    open.kind == ContainerKind::Sequence && open.indent == column
                });
                if !top_is_sequence_here {
                    stack.push(Open {
                        indent: column,
                        kind: ContainerKind::Sequence,
                        path: parent_path,
                        next_index: 0,
                    });
                }
                let Some(sequence) = stack.last_mut() else {
                    break;
                };
                let index = sequence.next_index;
                sequence.next_index += 1;
                let mut item_path = sequence.path.clone();
                item_path.push(PathStep::Index(index));
                let after_dash = &rest[1..];
                let spaces = after_dash.len() - after_dash.trim_start().len();
                let item_column = column + 1 + spaces;
                let position = Position {
                    line: line_number,
                    column: char_column(column),
                };
                let value_position = Position {
                    line: line_number,
                    column: char_column(item_column),
                };
                self.places.insert(
                    item_path.clone(),
                    Placement {
                        key: position,
                        value: value_position,
                        plain_scalar: starts_plain_scalar(after_dash.trim_start()),
                    },
                );
                rest = after_dash.trim_start();
                column = item_column;
                if rest.is_empty() {
                    // The item's value starts on a later line.
                    pending_key = Some((column.saturating_sub(1), item_path));
                    break;
                }
                if !looks_like_key(rest) && !rest.starts_with('-') {
                    // A scalar or flow item: nothing below it to locate.
                    open_brackets = bracket_balance(rest).max(0);
                    if starts_block_scalar(rest) {
                        skip_deeper_than = Some(column.saturating_sub(1));
                    }
                    rest = "";
                    break;
                }
                // `- key: value`: the item is a mapping whose keys sit at `column`.
                stack.push(Open {
                    indent: column,
                    kind: ContainerKind::Mapping,
                    path: item_path,
                    next_index: 0,
                });
            }
            if rest.is_empty() {
                continue;
            }
            let Some((key, value_offset)) = split_key(rest) else {
                continue;
            };
            let parent_path = close_to(&mut stack, &mut pending_key, column, false);
            let top_is_mapping_here = stack
                .last()
                .is_some_and(|open| open.kind == ContainerKind::Mapping && open.indent == column);
            if !top_is_mapping_here {
                stack.push(Open {
                    indent: column,
                    kind: ContainerKind::Mapping,
                    path: parent_path,
                    next_index: 0,
                });
            }
            let Some(mapping) = stack.last() else {
                continue;
            };
            let mut path = mapping.path.clone();
            path.push(PathStep::Key(key));
            let value_text = rest[value_offset..].trim_start();
            let value_column = char_column(column + (rest.len() - value_text.len()));
            let key_position = Position {
                line: line_number,
                column: char_column(column),
            };
            let value_position = if value_text.is_empty() {
                key_position
            } else {
                Position {
                    line: line_number,
                    column: value_column,
                }
            };
            let placement = Placement {
                key: key_position,
                value: value_position,
                plain_scalar: starts_plain_scalar(value_text),
            };
            if let Some(first) = self.places.insert(path.clone(), placement)
                && let Some(PathStep::Key(name)) = path.last()
            {
                self.duplicates.push(DuplicateKey {
                    key: name.clone(),
                    first: first.key,
                    again: key_position,
                });
            }
            let value_text = skip_properties(value_text);
            if value_text.is_empty() {
                pending_key = Some((column, path));
            } else if starts_block_scalar(value_text) {
                skip_deeper_than = Some(column);
            } else {
                open_brackets = bracket_balance(value_text).max(0);
            }
        }
    }
}

/// The first line with content (not blank, not only a comment): where findings about the
/// document as a whole, or about a field it lacks entirely, are marked.
fn first_content(text: &str, first_line: usize) -> Position {
    for (offset, line) in text.lines().enumerate() {
        let content = strip_comment(line).trim_end();
        let trimmed = content.trim_start();
        if !trimmed.is_empty() && trimmed != "..." {
            return Position {
                line: first_line + offset,
                column: content.len() - trimmed.len() + 1,
            };
        }
    }
    Position {
        line: first_line,
        column: 1,
    }
}

/// Closes containers that end before `column` and returns the path new content belongs to.
fn close_to(
    stack: &mut Vec<Open>,
    pending_key: &mut Option<(usize, Vec<PathStep>)>,
    column: usize,
    is_dash: bool,
) -> Vec<PathStep> {
    if let Some((key_indent, path)) = pending_key.take() {
        // Content for a pending key: deeper than the key, or a sequence at the key's indent.
        if column > key_indent || (is_dash && column == key_indent) {
            while stack.last().is_some_and(|open| open.indent > key_indent) {
                stack.pop();
            }
            return path;
        }
    }
    while let Some(open) = stack.last() {
        let keeps = open.indent < column
            || (open.indent == column && (open.kind == ContainerKind::Mapping) != is_dash);
        if keeps {
            break;
        }
        stack.pop();
    }
    stack
        .last()
        .map(|open| open.path.clone())
        .unwrap_or_default()
}

fn to_steps(path: &FieldPath) -> Vec<PathStep> {
    path.segments()
        .iter()
        .map(|segment| match segment {
            Segment::Field(name) | Segment::Key(name) => PathStep::Key(name.clone()),
            Segment::Index(index) => PathStep::Index(*index),
        })
        .collect()
}

/// Removes a trailing `# comment` that is not inside quotes.
fn strip_comment(line: &str) -> &str {
    let mut in_single = false;
    let mut in_double = false;
    let mut previous = ' ';
    for (index, character) in line.char_indices() {
        match character {
            '\'' if !in_double => in_single = !in_single,
            '"' if !in_single && previous != '\\' => in_double = !in_double,
            '#' if !in_single
                && !in_double
                && (previous == ' ' || previous == '\t' || index == 0) =>
            {
                return &line[..index];
            }
            _ => {}
        }
        previous = character;
    }
    line
}

fn looks_like_key(text: &str) -> bool {
    split_key(text).is_some()
}

/// Splits `key: value` into the unquoted key and the offset of the value text.
fn split_key(text: &str) -> Option<(String, usize)> {
    let first = text.chars().next()?;
    if first == '"' || first == '\'' {
        let close = text[1..].find(first)? + 1;
        let after = &text[close + 1..];
        let after_trimmed = after.trim_start();
        if !after_trimmed.starts_with(':') {
            return None;
        }
        let colon = close + 1 + (after.len() - after_trimmed.len());
        let next = text[colon + 1..].chars().next();
        if next.is_some_and(|c| c != ' ' && c != '\t') {
            return None;
        }
        return Some((text[1..close].to_string(), colon + 1));
    }
    if matches!(first, '[' | '{' | '|' | '>' | '*' | '&' | '!') {
        return None;
    }
    let bytes = text.as_bytes();
    for (index, byte) in bytes.iter().enumerate() {
        if *byte == b':' {
            let next = bytes.get(index + 1);
            if next.is_none() || next == Some(&b' ') || next == Some(&b'\t') {
                return Some((text[..index].trim_end().to_string(), index + 1));
            }
        }
    }
    None
}

/// Skips anchors (`&name`) and tags (`!!str`) before a value.
fn skip_properties(mut text: &str) -> &str {
    while text.starts_with('&') || text.starts_with('!') {
        match text.find([' ', '\t']) {
            Some(end) => text = text[end..].trim_start(),
            None => return "",
        }
    }
    text
}

/// Whether `text` opens a plain scalar (and not a quoted one, a property, an alias, a flow
/// collection, a block scalar or a comment).
fn starts_plain_scalar(text: &str) -> bool {
    text.chars().next().is_some_and(|c| {
        !matches!(
            c,
            '"' | '\'' | '&' | '!' | '*' | '[' | '{' | '|' | '>' | '#'
        )
    }) && !looks_like_key(text)
}

fn starts_block_scalar(text: &str) -> bool {
    text.starts_with('|') || text.starts_with('>')
}

/// Net count of open brackets outside quotes, for multi-line flow collections.
fn bracket_balance(text: &str) -> i64 {
    if !(text.starts_with('[') || text.starts_with('{')) {
        return 0;
    }
    let mut balance = 0;
    let mut in_single = false;
    let mut in_double = false;
    for character in text.chars() {
        match character {
            '\'' if !in_double => in_single = !in_single,
            '"' if !in_single => in_double = !in_double,
            '[' | '{' if !in_single && !in_double => balance += 1,
            ']' | '}' if !in_single && !in_double => balance -= 1,
            _ => {}
        }
    }
    balance
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ml-model   # the model server
spec:
  replicas: 2
  selector:
    matchLabels:
      app: ml-model
  template:
    metadata:
      labels:
        app: ml-model
    spec:
      containers:
      - name: model
        image: mlmodel:latest
        ports:
        - containerPort: 5000
        args:
          - --port
          - \"5000\"
        command: |
          serve
          --fast
      - name: sidecar
        image: 'envoy:1.30'
";

    fn at(locator: &Locator, path: &str) -> (usize, usize) {
        let position = locator.value_position(&FieldPath::parse(path));
        (position.line, position.column)
    }

    #[test]
    fn finds_nested_keys_and_values() {
        let locator = Locator::new(DEPLOYMENT, 1);
        assert_eq!(at(&locator, "kind"), (2, 7));
        assert_eq!(at(&locator, "metadata.name"), (4, 9));
        assert_eq!(at(&locator, "spec.replicas"), (6, 13));
        assert_eq!(at(&locator, "spec.selector.matchLabels.app"), (9, 12));
    }

    #[test]
    fn finds_sequence_items_at_the_parent_indent() {
        let locator = Locator::new(DEPLOYMENT, 1);
        assert_eq!(
            at(&locator, "spec.template.spec.containers[0].name"),
            (16, 15)
        );
        assert_eq!(
            at(&locator, "spec.template.spec.containers[0].image"),
            (17, 16)
        );
        assert_eq!(
            at(
                &locator,
                "spec.template.spec.containers[0].ports[0].containerPort"
            ),
            (19, 26)
        );
        assert_eq!(
            at(&locator, "spec.template.spec.containers[0].args[1]"),
            (22, 13)
        );
        assert_eq!(
            at(&locator, "spec.template.spec.containers[1].image"),
            (27, 16)
        );
    }

    #[test]
    fn block_scalars_are_not_keys() {
        let locator = Locator::new(DEPLOYMENT, 1);
        assert_eq!(
            at(&locator, "spec.template.spec.containers[1].name"),
            (26, 15)
        );
        assert!(!locator.contains(&FieldPath::parse("spec.template.spec.containers[0].serve")));
    }

    #[test]
    fn absent_paths_fall_back_to_the_nearest_ancestor() {
        let locator = Locator::new(DEPLOYMENT, 1);
        let position = locator.key_position(&FieldPath::parse("spec.strategy.type"));
        assert_eq!((position.line, position.column), (5, 1));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let locator = Locator::new(
            "metadata:\n  annotations:\n    \"é✓\": x\n    note: \"ünï\"\n",
            1,
        );
        assert_eq!(at(&locator, "metadata.annotations[é✓]"), (3, 11));
        assert_eq!(at(&locator, "metadata.annotations[note]"), (4, 11));
    }

    #[test]
    fn offsets_by_the_document_start() {
        let locator = Locator::new("kind: Service\nspec:\n  ports: [80]\n", 10);
        assert_eq!(at(&locator, "spec.ports"), (12, 10));
        assert_eq!(at(&locator, "spec.ports[0]"), (12, 10));
    }

    #[test]
    fn documents_start_at_their_first_content_line() {
        let locator = Locator::new("# a comment\n\nkind: Service\n", 4);
        let position = locator.key_position(&FieldPath::parse("spec.ports"));
        assert_eq!((position.line, position.column), (6, 1));
        let locator = Locator::new("# only\n# comments\nkind: Service\n", 1);
        let position = locator.key_position(&FieldPath::parse("metadata"));
        assert_eq!((position.line, position.column), (3, 1));
    }

    #[test]
    fn duplicate_keys_are_recorded() {
        let locator = Locator::new("kind: Service\nmetadata:\n  name: a\n  name: b\n", 1);
        assert_eq!(
            locator.duplicate_keys(),
            &[DuplicateKey {
                key: "name".to_string(),
                first: Position { line: 3, column: 3 },
                again: Position { line: 4, column: 3 },
            }]
        );
    }

    #[test]
    fn quoted_keys_and_comments() {
        let locator = Locator::new(
            "metadata:\n  labels:\n    \"app.kubernetes.io/name\": web # c\n",
            1,
        );
        assert_eq!(
            at(&locator, "metadata.labels[app.kubernetes.io/name]"),
            (3, 31)
        );
    }
}
