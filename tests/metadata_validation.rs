//! The API server's checks on labels and annotations that a fixture file cannot show well: the
//! exact message of the issue's `"bad key!"` label (a path with a space, which the fixture
//! header cannot hold), the 256 KiB total of annotations (a fixture would need a quarter of a
//! megabyte), and what kubectl sends for `replicas: 1e3` and `replicas: 0o777`
//! (docs/kubernetes-semantics.md §2.0 and §2.5).

use kubestep::core::diagnostic::{Diagnostic, Severity};
use kubestep::core::manifest::read_manifests;

fn deployment(metadata_extra: &str, replicas: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ml-model\n{metadata_extra}spec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: ml-model\n  template:\n    metadata:\n      labels:\n        app: ml-model\n    spec:\n      containers:\n      - name: model\n        image: mlmodel:v1\n"
    )
}

fn errors(text: &str) -> Vec<Diagnostic> {
    read_manifests(text)
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect()
}

#[test]
fn a_label_key_with_a_space_and_a_bang_is_refused_with_the_upstream_message() {
    let found = errors(&deployment(
        "  labels:\n    app: ml-model\n    \"bad key!\": model\n",
        "2",
    ));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].message,
        "metadata.labels: Invalid value: \"bad key!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
    );
    assert_eq!((found[0].line, found[0].column), (7, 5), "at the key");
}

/// Annotations whose keys and values add up to `total` bytes.
fn annotations_of(total: usize) -> String {
    // Two entries, so the limit is on the sum and not on one value.
    let first = "a".repeat(100_000);
    let second = "b".repeat(total - 100_000 - "first".len() - "second".len());
    format!("  annotations:\n    first: {first}\n    second: {second}\n")
}

#[test]
fn annotations_may_hold_256_kib_in_all() {
    let at_limit = errors(&deployment(&annotations_of(256 * 1024), "2"));
    assert!(at_limit.is_empty(), "{at_limit:?}");
    let over = errors(&deployment(&annotations_of(256 * 1024 + 1), "2"));
    assert_eq!(over.len(), 1, "{over:?}");
    assert_eq!(
        over[0].message,
        "metadata.annotations: Too long: may not be more than 262144 bytes"
    );
    assert_eq!(
        (over[0].line, over[0].column),
        (5, 3),
        "at the annotations key"
    );
}

/// kubectl reads `1e3` as a YAML 1.1 float and sends the JSON number `1000` (Go writes a whole
/// float64 without exponent), and `0o777` as the integer 511: the API server receives whole
/// int32 values and accepts both. A fraction, or a float Go writes with an exponent, is refused.
#[test]
fn replicas_written_as_a_float_or_in_octal_reach_the_api_server_as_integers() {
    for (written, replicas) in [("1e3", 1000), ("0o777", 511), ("1_000", 1000)] {
        let read = read_manifests(&deployment("", written));
        assert!(!read.has_errors(), "{written}: {:?}", read.diagnostics);
        assert_eq!(
            read.manifests.deployments[0].replicas, replicas,
            "{written}"
        );
    }
    for written in ["2.5", "1e21"] {
        let found = errors(&deployment("", written));
        assert_eq!(found.len(), 1, "{written}: {found:?}");
        assert_eq!(
            found[0].message,
            format!(
                "spec.replicas: Invalid value: {written}: cannot unmarshal number into a field of type integer"
            )
        );
        assert_eq!(found[0].severity, Severity::Error);
    }
}
