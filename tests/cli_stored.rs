//! `kubestep stored`: each object as the cluster stores it, as YAML documents that read back,
//! with a `# defaulted:` header each, and the exit codes of the other commands.

mod common;

use kubestep::core::yaml::{Value, parse_stream};

use common::{SEED_PATH, kubestep, seed_with_an_unknown_field, stderr, stdout};

fn values(text: &str) -> Vec<Value> {
    let stream = parse_stream(text);
    assert!(stream.diagnostics.is_empty(), "{:?}", stream.diagnostics);
    stream
        .documents
        .into_iter()
        .filter_map(|document| document.value)
        .collect()
}

fn string_at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut current = value;
    for key in path {
        current = match key.parse::<usize>() {
            Ok(index) => current.get(index)?,
            Err(_) => current.get(*key)?,
        };
    }
    current.as_str()
}

#[test]
fn stored_prints_the_defaulted_seed_and_its_pod() {
    let output = kubestep(&["stored", SEED_PATH], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let documents = values(&text);
    assert_eq!(documents.len(), 2, "{text}");
    let deployment = &documents[0];
    assert_eq!(string_at(deployment, &["kind"]), Some("Deployment"));
    assert_eq!(
        deployment
            .get("spec")
            .and_then(|s| s.get("replicas"))
            .and_then(Value::as_i64),
        Some(2)
    );
    assert_eq!(
        string_at(
            deployment,
            &["spec", "strategy", "rollingUpdate", "maxSurge"]
        ),
        Some("25%")
    );
    assert_eq!(
        string_at(
            deployment,
            &[
                "spec",
                "template",
                "spec",
                "containers",
                "0",
                "imagePullPolicy"
            ]
        ),
        Some("Always")
    );
    let pod = &documents[1];
    assert_eq!(string_at(pod, &["kind"]), Some("Pod"));
    assert!(string_at(pod, &["metadata", "labels", "pod-template-hash"]).is_some());

    // Every document opens with its header; the separators split them.
    let chunks: Vec<&str> = text.split("---\n").collect();
    assert_eq!(chunks.len(), 2, "{text}");
    for chunk in &chunks {
        assert!(
            chunk.lines().any(|line| line.starts_with("# defaulted: ")),
            "{chunk}"
        );
    }
    assert!(chunks[0].starts_with("# defaulted: metadata.namespace, spec.strategy,"));
    assert!(chunks[0].contains("spec.template.spec.containers[0].imagePullPolicy"));
}

#[test]
fn stored_reads_standard_input_and_lists_every_kind() {
    let text = std::fs::read_to_string("tests/fixtures/valid/09-service-and-hpa-behavior.yaml")
        .expect("fixture");
    let output = kubestep(&["stored", "-"], Some(&text));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let kinds: Vec<String> = values(&stdout(&output))
        .iter()
        .filter_map(|value| string_at(value, &["kind"]).map(str::to_string))
        .collect();
    // The Scenario is ours, not the cluster's: it is not stored.
    assert_eq!(
        kinds,
        ["Deployment", "Pod", "Service", "HorizontalPodAutoscaler"]
    );
}

#[test]
fn stored_refuses_a_manifest_with_errors() {
    let text = seed_with_an_unknown_field();
    let output = kubestep(&["stored", "-"], Some(&text));
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).is_empty(), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("<stdin>:6:3: error:") && stderr(&output).contains("replica"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn stored_usage_errors_exit_two() {
    let missing = kubestep(&["stored", "no/such/file.yaml"], None);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("cannot read no/such/file.yaml"));
    let no_file = kubestep(&["stored"], None);
    assert_eq!(no_file.status.code(), Some(2));
    let help = kubestep(&["--help"], None);
    assert!(stdout(&help).contains("kubestep stored FILE"));
}
