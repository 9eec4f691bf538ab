//! The `kubestep` command line: output formats, exit codes, standard input, and the JSON
//! trace schema other tools read (docs/trace-schema.md).

mod common;

use common::{SEED_PATH, kubestep, seed_with_an_unknown_field, stdout};

#[test]
fn check_prints_located_warnings_and_exits_zero() {
    let output = kubestep(&["check", SEED_PATH], None);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.contains("public/seed-manifest.yaml:17:16: warning: image \"mlmodel:latest\""),
        "{text}"
    );
    for line in text.lines() {
        let parts: Vec<&str> = line.splitn(5, ':').collect();
        assert_eq!(parts.len(), 5, "{line}");
        assert!(
            parts[1].parse::<usize>().is_ok() && parts[2].parse::<usize>().is_ok(),
            "{line}"
        );
    }
}

#[test]
fn check_reports_errors_with_exit_one_from_stdin() {
    let text = seed_with_an_unknown_field();
    let output = kubestep(&["check", "-"], Some(&text));
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains(
            "<stdin>:6:3: error: unknown field \"spec.replica\" (did you mean \"replicas\"?)"
        ),
        "{}",
        stdout(&output)
    );
}

#[test]
fn syntax_errors_are_located() {
    let output = kubestep(
        &["check", "-"],
        Some("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: [x\n"),
    );
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.starts_with("<stdin>:") && text.contains(": error: YAML syntax error: "),
        "{text}"
    );
}

#[test]
fn unreadable_files_and_bad_usage_exit_two() {
    assert_eq!(
        kubestep(&["check", "/no/such/file.yaml"], None)
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        kubestep(&["frobnicate", SEED_PATH], None).status.code(),
        Some(2)
    );
    assert_eq!(
        kubestep(&["trace", SEED_PATH], None).status.code(),
        Some(2),
        "trace needs --json"
    );
    assert_eq!(kubestep(&["explain"], None).status.code(), Some(2));
    let help = kubestep(&["--help"], None);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("kubestep check FILE"));
}

#[test]
fn explain_prints_the_lesson_in_text_and_markdown() {
    let text = stdout(&kubestep(&["explain", SEED_PATH], None));
    assert!(text.contains(
        "1 | Apply Deployment YAML | kubectl | Deployment 'ml-model' created with 2 replicas"
    ));
    assert!(text.contains("Pods running | 0 | 0 | 2 | 3 | 3"));
    assert!(text.contains("   Answer: C"));
    let markdown = stdout(&kubestep(
        &["explain", SEED_PATH, "--format", "markdown"],
        None,
    ));
    assert!(markdown.contains("| 1 | Apply Deployment YAML | kubectl |"));
    assert!(markdown.contains("## Full Transcript"));
}

#[test]
fn trace_json_follows_the_schema() {
    let output = kubestep(&["trace", SEED_PATH, "--json"], None);
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(json["schemaVersion"], 2);
    let steps = json["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), 8);
    for key in ["number", "action", "component", "result"] {
        assert!(steps[0].get(key).is_some(), "steps[].{key}");
    }
    assert_eq!(json["tracker"]["columns"][4], "Final");
    assert_eq!(json["tracker"]["rows"][1]["variable"], "Pods running");
    let event = &json["events"][0];
    for key in ["time", "type", "reason", "object", "message"] {
        assert!(event.get(key).is_some(), "events[].{key}");
    }
    let frames = json["frames"].as_array().expect("frames");
    assert!(frames.len() > 10);
    let with_pods = frames
        .iter()
        .find(|f| {
            !f["podChanges"]["added"]
                .as_array()
                .expect("added")
                .is_empty()
        })
        .expect("a frame that adds pods");
    for key in [
        "uid",
        "name",
        "node",
        "phase",
        "ready",
        "terminating",
        "image",
    ] {
        assert!(
            with_pods["podChanges"]["added"][0].get(key).is_some(),
            "frames[].podChanges.added[].{key}"
        );
    }
    // Schema 2: frames carry the pods they changed, never the whole list; folding the
    // changes from the first frame gives every frame's pods.
    let mut pods: std::collections::BTreeMap<u64, serde_json::Value> = Default::default();
    for frame in frames {
        assert!(
            frame.get("pods").is_none(),
            "frames[].pods is gone in schema 2"
        );
        let changes = &frame["podChanges"];
        for pod in changes["added"].as_array().expect("added") {
            let uid = pod["uid"].as_u64().expect("uid");
            assert!(pods.insert(uid, pod.clone()).is_none(), "added once");
        }
        for pod in changes["changed"].as_array().expect("changed") {
            let uid = pod["uid"].as_u64().expect("uid");
            assert!(
                pods.insert(uid, pod.clone()).is_some(),
                "changed after added"
            );
        }
        for uid in changes["removed"].as_array().expect("removed") {
            assert!(
                pods.remove(&uid.as_u64().expect("uid")).is_some(),
                "removed after added"
            );
        }
    }
    assert_eq!(pods.len(), 3, "the seed ends with three pods");
    assert!(
        pods.values()
            .all(|pod| pod["image"] == "mlmodel:v2" && pod["ready"] == true),
        "{pods:?}"
    );
    assert!(
        frames
            .iter()
            .all(|f| f.get("time").is_some() && f.get("step").is_some() && f.get("hpa").is_some())
    );
    let hpa = frames
        .iter()
        .find_map(|f| f["hpa"].as_object())
        .expect("an HPA frame");
    for key in ["currentReplicas", "desiredReplicas", "cpuUtilization"] {
        assert!(hpa.contains_key(key), "hpa.{key}");
    }
    assert!(json["diagnostics"].is_array());
    let steps_seen: Vec<u64> = frames
        .iter()
        .map(|f| f["step"].as_u64().expect("step"))
        .collect();
    assert!(
        steps_seen.windows(2).all(|w| w[0] <= w[1]) && steps_seen.contains(&8),
        "frames are in step order"
    );
}

#[test]
fn trace_of_an_invalid_manifest_still_prints_its_diagnostics() {
    let output = kubestep(
        &["trace", "-", "--json"],
        Some("kind: Deploymnet\napiVersion: apps/v1\n"),
    );
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let message = json["diagnostics"][0]["message"].as_str().expect("message");
    assert!(
        message.contains("did you mean \"Deployment\"?"),
        "{message}"
    );
}

/// A reader that stops early (`kubestep trace FILE --json | head`) ends the command quietly
/// with its own status, not with an abort.
#[test]
fn output_closed_early_is_not_a_crash() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_kubestep"))
        .args(["trace", common::SEED_PATH, "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut first = [0u8; 16];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("some output");
    // The pipe's read end is dropped here, before the JSON is all written.
    let output = child.wait_with_output().expect("exits");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
}

/// A full disk is said, with exit status 2.
#[test]
fn output_that_cannot_be_written_is_reported() {
    use std::process::{Command, Stdio};
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // Only where the system has a device that is always full.
    };
    let output = Command::new(env!("CARGO_BIN_EXE_kubestep"))
        .args(["trace", common::SEED_PATH, "--json"])
        .stdout(Stdio::from(full))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        common::stderr(&output).contains("cannot write the output"),
        "{}",
        common::stderr(&output)
    );
}

/// A file far over the limit is refused with its real size, from its metadata, without being
/// read; from standard input only "larger than" is known.
#[test]
fn an_oversized_file_is_refused_with_its_real_size() {
    let path = std::env::temp_dir().join("kubestep-oversized.yaml");
    let file = std::fs::File::create(&path).expect("created");
    file.set_len(15 << 20).expect("sized");
    let name = path.to_str().expect("utf-8");
    let check = common::kubestep(&["check", name], None);
    let trace = common::kubestep(&["trace", name, "--json"], None);
    let stored = common::kubestep(&["stored", name], None);
    let _ = std::fs::remove_file(&path);
    let said = "input is 15 MB (15728640 bytes); the limit is 2 MiB";
    assert_eq!(check.status.code(), Some(1));
    assert!(common::stdout(&check).contains(said), "{check:?}");
    assert!(common::stdout(&trace).contains(said), "{trace:?}");
    assert!(common::stderr(&stored).contains(said), "{stored:?}");
    std::fs::write(&path, "a: b\n".repeat(700_000)).expect("written");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kubestep"))
        .args(["check", "-"])
        .stdin(std::fs::File::open(&path).expect("readable"))
        .output()
        .expect("runs");
    let _ = std::fs::remove_file(&path);
    let text = common::stdout(&output);
    assert!(
        text.contains("input is larger than 2097152 bytes (2 MiB)"),
        "{text}"
    );
    assert!(!text.contains("2097153"), "{text}");
}

/// Text from the manifest reaches the terminal with its invisible and reordering characters
/// escaped, on standard output and standard error alike.
#[test]
fn every_command_escapes_what_a_terminal_would_obey() {
    let seed = std::fs::read_to_string(common::SEED_PATH).expect("seed");
    // The stored YAML keeps YAML's own escape, the character itself inside double quotes.
    let image = seed.replace("mlmodel:latest", "\"mlmodel:v1\\u202e\\u2066\\e[31m\"");
    let output = common::kubestep(&["stored", "-"], Some(&image));
    let stored = common::stdout(&output);
    assert!(
        stored.contains("image: \"mlmodel:v1\\u202e\\u2066\\e[31m\""),
        "{stored}"
    );
    let field = seed.replace(
        "  replicas:",
        "  \"rep\u{202e}licas\u{200f}\": 1\n  replicas:",
    );
    for command in ["check", "explain", "stored"] {
        let output = common::kubestep(&[command, "-"], Some(&field));
        let shown = format!("{}{}", common::stdout(&output), common::stderr(&output));
        assert!(
            shown.contains("rep\\u{202e}licas\\u{200f}"),
            "{command}: {shown}"
        );
        for output in [&output.stdout, &output.stderr] {
            let raw = String::from_utf8_lossy(output);
            assert!(!raw.contains(['\u{202e}', '\u{200f}', '\u{2066}', '\u{85}', '\u{1b}']));
        }
    }
}

/// Usage printed to a reader that has gone is not a crash either.
#[test]
fn help_to_a_closed_pipe_is_not_a_crash() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_kubestep"))
        .arg("--help")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("exits");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(common::stderr(&output).is_empty(), "{output:?}");
}

/// A right-to-left override in the manifest (here in an image name, which the API server does
/// not restrict) is shown as an escape, never sent raw to the terminal.
#[test]
fn bidirectional_controls_are_shown_as_escapes() {
    let text = std::fs::read_to_string(common::SEED_PATH)
        .expect("seed")
        .replace("mlmodel:latest", "mlmodel:v1\u{202e}lave");
    let output = common::kubestep(&["explain", "-"], Some(&text));
    let lesson = common::stdout(&output);
    assert!(!lesson.contains('\u{202e}'), "raw override in the output");
    assert!(lesson.contains("\\u{202e}"), "{lesson}");
    let output = common::kubestep(&["trace", "-", "--json"], Some(&text));
    let json = common::stdout(&output);
    assert!(!json.contains('\u{202e}'));
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("still JSON");
    assert!(
        parsed.to_string().contains('\u{202e}'),
        "the escape decodes to the character"
    );
}

/// 2 MiB of `[` after a key is refused for its depth in one pass over the text: the parser
/// alone took the square of the depth (80 KB: 11 s).
#[test]
fn deep_nesting_is_refused_quickly() {
    let text = format!("x: {}", "[".repeat(2 * 1024 * 1024 - 3));
    let start = std::time::Instant::now();
    let output = common::kubestep(&["check", "-"], Some(&text));
    assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    assert_eq!(output.status.code(), Some(1));
    assert!(
        common::stdout(&output)
            .starts_with("<stdin>:1:131: error: YAML syntax error: document nests too deeply"),
        "{}",
        common::stdout(&output)
    );
}
