//! The YAML writer against the YAML crate's own emitter: the same text for tricky strings,
//! every kind of node and random values, and text that reads back to the value written.

use super::to_yaml_string;
use crate::core::rng::Rng;
use crate::core::yaml::{Mapping, Value, parse_stream, to_yaml_string_by_the_crate};

/// Strings that read as other types, carry indicators, or need escapes.
const TRICKY: &[&str] = &[
    "yes",
    "no",
    "on",
    "y",
    "010",
    "-007",
    "+12",
    "0x1F",
    "0o17",
    "0b101",
    "-0x1F",
    "1e3",
    "1E3",
    "1.5",
    ".5",
    "5.",
    "-1.5e-3",
    "1e400",
    ".inf",
    "-.Inf",
    "+.inf",
    ".nan",
    "NaN",
    "inf",
    "1_000",
    "12:30",
    "",
    "null",
    "Null",
    "~",
    "true",
    "False",
    "TRUE",
    ": x",
    "x:",
    "a: b",
    "a:b",
    "#x",
    "a #b",
    "a#b",
    "- x",
    "-x",
    "-",
    "--",
    "---",
    "--- x",
    "...",
    "? x",
    "?x",
    "*x",
    "&x",
    "!x",
    "|x",
    ">x",
    "%x",
    "@x",
    "`x",
    "'x",
    "\"x",
    "x'y",
    "x\"y",
    "[x]",
    "{x}",
    "x,y",
    " x",
    "x ",
    " ",
    "  x  ",
    "\tx",
    "x\ty",
    "caf\u{e9}",
    "\u{65e5}\u{672c}",
    "\u{1F600}",
    "\u{a0}x",
    "x\u{feff}",
    "\u{7f}",
    "\u{85}x",
    "x\u{2028}y",
    "\\",
    "\\n",
    "a\nb",
    "a\nb\n",
    "a\nb\n\n",
    "\n",
    "\n\n",
    "\na",
    " a\nb",
    "a \nb",
    "a\n b",
    "a\nb ",
    "a\r\nb",
    "a\n\tb",
    "#!/bin/sh\necho hi\n",
    "<<",
];

fn mapping(entries: Vec<(Value, Value)>) -> Value {
    Value::Mapping(entries.into_iter().collect::<Mapping>())
}

fn string(text: &str) -> Value {
    Value::String(text.to_string())
}

/// The same text as the crate wrote, and it reads back to the same value.
fn assert_same(value: &Value) {
    let ours = to_yaml_string(value);
    assert_eq!(ours, to_yaml_string_by_the_crate(value), "{value:?}");
    let stream = parse_stream(&ours);
    assert!(
        stream.diagnostics.is_empty(),
        "{ours}\n{:?}",
        stream.diagnostics
    );
    let read = stream.documents.first().and_then(|d| d.value.clone());
    assert_eq!(read.as_ref(), Some(value), "{ours}");
}

#[test]
fn tricky_strings_are_quoted_as_the_crate_quotes_them_and_read_back() {
    let long = "long words ".repeat(40);
    let long_key = "k".repeat(129);
    let mut strings: Vec<&str> = TRICKY.to_vec();
    strings.extend([long.as_str(), long_key.as_str()]);
    for text in strings {
        let key = if text == "<<" { "x" } else { text };
        let nested = mapping(vec![
            (
                string("items"),
                Value::Sequence(vec![string(text), string(text)]),
            ),
            (string("child"), mapping(vec![(string(key), string(text))])),
        ]);
        assert_same(&mapping(vec![
            (string(key), string(text)),
            (string("seq"), Value::Sequence(vec![string(text), nested])),
            (string("last"), string(text)),
        ]));
    }
}

#[test]
fn numbers_booleans_null_and_empty_collections_are_written_as_the_crate_writes_them() {
    let empty_map = Value::Mapping(Mapping::new());
    let empty_seq = Value::Sequence(Vec::new());
    assert_same(&mapping(vec![
        (string("int"), Value::from(-42)),
        (string("big"), Value::from(u64::MAX)),
        (string("float"), Value::from(0.5)),
        (string("exp"), Value::from(1e21)),
        (string("tiny"), Value::from(1.5e-9)),
        (string("inf"), Value::from(f64::NEG_INFINITY)),
        (string("bool"), Value::Bool(false)),
        (string("null"), Value::Null),
        (string("map"), empty_map.clone()),
        (
            string("seq"),
            Value::Sequence(vec![empty_seq.clone(), empty_map.clone()]),
        ),
        (Value::from(7), string("number key")),
        (Value::Bool(true), string("bool key")),
        (Value::Null, string("null key")),
        (empty_seq.clone(), string("empty sequence key")),
        (
            Value::Sequence(vec![string("a"), string("b")]),
            string("sequence key"),
        ),
        (
            mapping(vec![(string("a"), string("b")), (string("c"), empty_seq)]),
            string("mapping key"),
        ),
        (string("multi\nline key"), string("v")),
    ]));
    for root in [
        empty_map,
        mapping(vec![(string("x"), Value::Sequence(vec![]))]),
    ] {
        assert_same(&root);
    }
    let nan = to_yaml_string(&mapping(vec![(string("nan"), Value::from(f64::NAN))]));
    assert_eq!(nan, "nan: .nan\n");
}

#[test]
fn tags_are_written_as_the_crate_writes_them() {
    let text = "a: !Ref x\nb: !Sub [1, 2]\nc: !Map {k: v}\nd: !e%20f ''\n";
    let value = parse_stream(text).documents[0]
        .value
        .clone()
        .expect("parsed");
    assert_same(&value);
}

/// A random value from the tricky strings and every node kind, `depth` levels deep.
fn random_value(rng: &mut Rng, depth: usize, key: bool) -> Value {
    let kinds = if depth == 0 || key { 6 } else { 9 };
    match rng.below(kinds) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => Value::from(rng.next_u64() as i64 >> rng.below(64)),
        3 => Value::from((rng.next_u64() % 10_000) as f64 / 8.0),
        4 | 5 => {
            let pieces = rng.below(4);
            let text: String = (0..pieces)
                .map(|_| TRICKY[rng.below(TRICKY.len())])
                .collect();
            // Merge keys would be applied on reading, and change the value.
            if text.contains("<<") {
                string("x")
            } else {
                Value::String(text)
            }
        }
        6 => Value::Sequence(
            (0..rng.below(4))
                .map(|_| random_value(rng, depth - 1, false))
                .collect(),
        ),
        _ => {
            let mut mapping = Mapping::new();
            for _ in 0..rng.below(4) {
                let key = random_value(rng, depth - 1, true);
                mapping.insert(key, random_value(rng, depth - 1, false));
            }
            Value::Mapping(mapping)
        }
    }
}

#[test]
fn random_values_are_written_as_the_crate_writes_them_and_read_back() {
    let mut rng = Rng::new(7);
    for _ in 0..3000 {
        let mut root = Mapping::new();
        for _ in 0..1 + rng.below(3) {
            let key = random_value(&mut rng, 0, true);
            root.insert(key, random_value(&mut rng, 3, false));
        }
        assert_same(&Value::Mapping(root));
    }
}
