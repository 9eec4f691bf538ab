//! The kubectl mode against the seed lesson's run and the examples: kubectl's columns,
//! wording and duration format, and every value read back from the trace's own frames.

mod common;

use common::{SEED_NEW_RS, SEED_OLD_RS, SEED_PATH, frame_at, frames, last_frame, run_of};
use kubestep::core::analysis::Run;
use kubestep::core::kubectl::{CommandOutput, complete, human_duration, run_command};

fn seed() -> Run {
    run_of(&std::fs::read_to_string(SEED_PATH).expect("seed manifest"))
}

fn example(name: &str) -> Run {
    run_of(&std::fs::read_to_string(format!("public/examples/{name}.yaml")).expect("example"))
}

fn ok(run: &Run, frame: usize, line: &str) -> String {
    let output = run_command(run, frame, line);
    assert!(
        !output.is_error,
        "`{line}` at frame {frame} failed:\n{}",
        output.text
    );
    output.text
}

fn error(run: &Run, frame: usize, line: &str) -> String {
    let CommandOutput { text, is_error } = run_command(run, frame, line);
    assert!(is_error, "`{line}` at frame {frame} should fail:\n{text}");
    text
}

/// A table line's cells: kubectl pads every column with at least three spaces.
fn cells(line: &str) -> Vec<&str> {
    line.split("   ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

/// When each pod first appears, by walking the frames (the moment the API server stored it).
fn created(run: &Run, name: &str) -> u64 {
    frames(run)
        .iter()
        .find(|frame| {
            frame
                .pods
                .iter()
                .chain(frame.other_pods.iter().flatten())
                .any(|p| &*p.name == name)
        })
        .map(|frame| frame.time)
        .expect("the pod appears")
}

fn seed_frame_at_time(run: &Run, time: u64, step: usize) -> usize {
    run.trace
        .frames
        .iter()
        .position(|f| f.time == time && f.step == step)
        .expect("a frame at that time")
}

#[test]
fn get_pods_shows_every_pod_of_every_frame_as_the_trace_has_it() {
    let run = seed();
    for frame in frames(&run) {
        let text = ok(&run, frame.index, "kubectl get pods");
        if frame.pods.is_empty() {
            assert_eq!(text, "No resources found in default namespace.");
            continue;
        }
        let mut lines = text.lines();
        assert_eq!(
            cells(lines.next().unwrap()),
            ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
        );
        let rows: Vec<Vec<&str>> = lines.map(cells).collect();
        assert_eq!(rows.len(), frame.pods.len(), "frame {}", frame.index);
        let names: Vec<&str> = rows.iter().map(|row| row[0]).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted, "the API server lists pods by name");
        for pod in &frame.pods {
            let row = rows
                .iter()
                .find(|row| row[0] == &*pod.name)
                .expect("the pod is listed");
            let ready = if pod.ready { "1/1" } else { "0/1" };
            let age = human_duration((frame.time - created(&run, &pod.name)) as i64);
            assert_eq!(
                row[1..],
                [ready, &pod.status_text(), "0", &age],
                "{} at frame {}",
                pod.name,
                frame.index
            );
        }
    }
}

#[test]
fn several_kinds_print_one_table_each_with_kind_prefixed_names() {
    let run = seed();
    let last = last_frame(&run).index;
    let expected = "\
NAME                       READY   UP-TO-DATE   AVAILABLE   AGE     CONTAINERS   IMAGES       SELECTOR
deployment.apps/ml-model   3/3     3            3           2m55s   model        mlmodel:v2   app=ml-model

NAME                                  DESIRED   CURRENT   READY   AGE     CONTAINERS   IMAGES           SELECTOR
replicaset.apps/ml-model-7b45859744   3         3         3       50s     model        mlmodel:v2       app=ml-model,pod-template-hash=7b45859744
replicaset.apps/ml-model-9b7bc4ddf    0         0         0       2m55s   model        mlmodel:latest   app=ml-model,pod-template-hash=9b7bc4ddf

NAME                            READY   STATUS    RESTARTS   AGE   IP       NODE     NOMINATED NODE   READINESS GATES
pod/ml-model-7b45859744-kmcs7   1/1     Running   0          40s   <none>   node-2   <none>           <none>
pod/ml-model-7b45859744-pxzfj   1/1     Running   0          50s   <none>   node-3   <none>           <none>
pod/ml-model-7b45859744-x5r2z   1/1     Running   0          45s   <none>   node-1   <none>           <none>

NAME               TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE     SELECTOR
service/ml-model   ClusterIP   <none>       <none>        80/TCP    2m55s   app=ml-model

NAME                                           REFERENCE             TARGETS        MINPODS   MAXPODS   REPLICAS   AGE
horizontalpodautoscaler.autoscaling/ml-model   Deployment/ml-model   cpu: 50%/50%   2         4         3          2m55s";
    assert_eq!(
        ok(&run, last, "kubectl get deploy,rs,pods,svc,hpa -o wide"),
        expected
    );
    // `get all` prints the `all` category in kubectl's order.
    let all = ok(&run, last, "get all");
    let prefixes: Vec<&str> = all
        .split("\n\n")
        .map(|table| table.lines().nth(1).unwrap().split('/').next().unwrap())
        .collect();
    assert_eq!(
        prefixes,
        [
            "pod",
            "service",
            "deployment.apps",
            "replicaset.apps",
            "horizontalpodautoscaler.autoscaling"
        ]
    );
}

#[test]
fn each_kind_alone_answers_to_all_its_names() {
    let run = seed();
    let frame = seed_frame_at_time(&run, 130, 6);
    for (names, header) in [
        (
            &["deployments", "deployment", "deploy", "deployments.apps"][..],
            "NAME       READY   UP-TO-DATE   AVAILABLE   AGE",
        ),
        (
            &["replicasets", "rs", "replicaset.apps"][..],
            "NAME                  DESIRED   CURRENT   READY   AGE",
        ),
        (
            &["pods", "pod", "po"][..],
            "NAME                        READY   STATUS    RESTARTS   AGE",
        ),
        (
            &["services", "svc", "service"][..],
            "NAME       TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE",
        ),
        (
            &["horizontalpodautoscalers", "hpa"][..],
            "NAME       REFERENCE             TARGETS        MINPODS   MAXPODS   REPLICAS   AGE",
        ),
    ] {
        let first = ok(&run, frame, &format!("get {}", names[0]));
        assert_eq!(first.lines().next().unwrap(), header, "{}", names[0]);
        for name in &names[1..] {
            assert_eq!(
                ok(&run, frame, &format!("kubectl get {name}")),
                first,
                "{name}"
            );
        }
    }
    let shown = frame_at(&run, frame);
    let rs = ok(&run, frame, "get rs");
    for snapshot in &shown.replica_sets {
        let line = rs
            .lines()
            .find(|l| l.starts_with(&format!("{} ", snapshot.name)))
            .unwrap();
        let current = shown
            .pods
            .iter()
            .filter(|p| p.revision == snapshot.revision && !p.terminating)
            .count()
            .to_string();
        assert_eq!(
            cells(line)[1..4],
            [
                &snapshot.replicas.to_string(),
                &current,
                &snapshot.ready.to_string()
            ]
        );
    }
    let deploy = ok(&run, frame, "get deploy");
    let status = &shown.deployment;
    assert_eq!(
        cells(deploy.lines().nth(1).unwrap())[..4],
        [
            "ml-model",
            &format!("{}/{}", status.ready, status.replicas),
            &status.updated.to_string(),
            &status.available.to_string()
        ]
    );
}

#[test]
fn wide_pods_add_ip_node_nominated_node_and_readiness_gates() {
    let run = seed();
    let frame = frame_at(&run, seed_frame_at_time(&run, 130, 6));
    let text = ok(&run, frame.index, "get pods -o wide");
    assert_eq!(
        cells(text.lines().next().unwrap()),
        [
            "NAME",
            "READY",
            "STATUS",
            "RESTARTS",
            "AGE",
            "IP",
            "NODE",
            "NOMINATED NODE",
            "READINESS GATES"
        ]
    );
    for pod in &frame.pods {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{} ", pod.name)))
            .unwrap();
        let node = pod.node.as_deref().unwrap_or("<none>");
        assert_eq!(cells(line)[5..], ["<none>", node, "<none>", "<none>"]);
    }
    for spelling in ["-owide", "-o=wide", "--output=wide", "--output wide"] {
        assert_eq!(
            ok(&run, frame.index, &format!("get pods {spelling}")),
            text,
            "{spelling}"
        );
    }
}

#[test]
fn ages_follow_human_duration() {
    let run = seed();
    let frame = seed_frame_at_time(&run, 130, 6);
    let pods = ok(&run, frame, "get pods");
    let old = pods
        .lines()
        .find(|l| l.starts_with("ml-model-9b7bc4ddf-6mqbz"))
        .unwrap();
    assert_eq!(cells(old)[4], "2m10s");
    let new = pods
        .lines()
        .find(|l| l.starts_with("ml-model-7b45859744-pxzfj"))
        .unwrap();
    assert_eq!(cells(new)[4], "5s");
    assert_eq!(
        [
            human_duration(119),
            human_duration(600),
            human_duration(3 * 3600 + 60)
        ],
        ["119s", "10m", "3h1m"]
    );
}

#[test]
fn rollout_status_prints_the_viewer_lines_during_and_after_the_rollout() {
    let run = seed();
    let during = seed_frame_at_time(&run, 125, 6) + 3;
    assert_eq!(
        ok(&run, during, "kubectl rollout status deployment/ml-model"),
        "Waiting for deployment spec update to be observed...\n\
         Waiting for deployment \"ml-model\" rollout to finish: 0 out of 3 new replicas have been updated...\n\
         Waiting for deployment \"ml-model\" rollout to finish: 1 out of 3 new replicas have been updated..."
    );
    // Every moment of the rollout ends on the line the trace computed for it.
    for frame in frames(&run).iter().filter(|f| f.step == 6) {
        let text = ok(&run, frame.index, "rollout status deploy/ml-model");
        assert_eq!(
            text.lines().last().unwrap(),
            frame.deployment.rollout_status
        );
    }
    let last = last_frame(&run).index;
    assert_eq!(
        ok(&run, last, "rollout status deployment ml-model"),
        "deployment \"ml-model\" successfully rolled out"
    );
    assert_eq!(
        error(&run, last, "rollout status deployment/web"),
        "Error from server (NotFound): deployments.apps \"web\" not found"
    );
    assert_eq!(
        error(&run, last, "rollout status rs/x"),
        "error: no status viewer has been implemented for ReplicaSet.apps"
    );
    assert!(error(&run, last, "rollout undo deployment/ml-model").contains("read-only"));
}

#[test]
fn describe_pod_prints_the_fields_the_trace_holds() {
    let run = seed();
    let creating = frame_at(&run, 3);
    let pod = &creating.pods[0];
    let text = ok(&run, 3, &format!("describe pod {}", pod.name));
    let lines: Vec<&str> = text.lines().collect();
    let field = |label: &str| {
        lines
            .iter()
            .find(|l| l.starts_with(label))
            .map(|l| l[label.len()..].trim())
            .unwrap_or_else(|| panic!("no {label} in\n{text}"))
    };
    assert_eq!(field("Name:"), &*pod.name);
    assert_eq!(field("Namespace:"), "default");
    assert_eq!(field("Node:"), pod.node.as_deref().unwrap());
    assert_eq!(field("Status:"), "Pending");
    assert_eq!(field("Controlled By:"), format!("ReplicaSet/{SEED_OLD_RS}"));
    assert!(
        text.contains(
            "Labels:         app=ml-model\n                pod-template-hash=9b7bc4ddf\n"
        )
    );
    assert!(
        text.contains(
            "  model:\n    Image:          mlmodel:latest\n    Port:           5000/TCP\n"
        )
    );
    assert!(text.contains("    State:          Waiting\n      Reason:       ContainerCreating\n    Ready:          False\n"));
    assert!(text.contains("    Requests:\n      cpu:  200m\n"));
    assert!(text.contains(
        "Conditions:\n  Type                        Status\n  PodReadyToStartContainers   True \n"
    ));
    assert!(text.contains("  Ready                       False \n"));
    assert!(text.ends_with(&format!(
        "Events:\n  Type    Reason     Age   From               Message\n  ----    ------     ----  ----               -------\n  Normal  Scheduled  0s    default-scheduler  Successfully assigned default/{} to {}\n  Normal  Pulling    0s    kubelet            Pulling image \"mlmodel:latest\"",
        pod.name,
        pod.node.as_deref().unwrap()
    )));

    // A pod being deleted: Terminating with its grace period, still running, not ready.
    let deleting = frame_at(&run, seed_frame_at_time(&run, 130, 6) + 2);
    let leaving = deleting
        .pods
        .iter()
        .find(|p| p.terminating)
        .expect("a pod terminates");
    let text = ok(
        &run,
        deleting.index,
        &format!("kubectl describe pods {}", leaving.name),
    );
    assert!(
        text.contains(
            "Status:                    Terminating (lasts 30s)\nTermination Grace Period:  30s\n"
        ),
        "{text}"
    );
    assert!(text.contains("    State:          Running\n    Ready:          False\n"));
    assert!(
        text.contains("  Normal  Killing    0s    kubelet            Stopping container model")
    );

    // kubectl's fallback: every pod whose name starts with the name given.
    let last = last_frame(&run).index;
    let all_new = ok(&run, last, &format!("describe pod {SEED_NEW_RS}"));
    assert_eq!(all_new.matches("\nControlled By:").count(), 3);
    assert_eq!(all_new.matches("\n\n\nName:").count(), 2);
    assert_eq!(
        error(&run, last, "describe pod nope"),
        "Error from server (NotFound): pods \"nope\" not found"
    );
}

#[test]
fn events_list_what_was_recorded_up_to_the_moment() {
    let run = seed();
    let frame = frame_at(&run, seed_frame_at_time(&run, 135, 6));
    let text = ok(&run, frame.index, "get events");
    let mut lines = text.lines();
    assert_eq!(
        cells(lines.next().unwrap()),
        ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    );
    // The seed repeats no event, so each record is one row.
    assert_eq!(lines.count(), frame.event_count);
    // `kubectl events` is in time order: the first is `kubectl apply`'s scale-up.
    let events = ok(&run, frame.index, "kubectl events");
    assert_eq!(
        cells(events.lines().nth(1).unwrap()),
        [
            "2m15s",
            "Normal",
            "ScalingReplicaSet",
            "deployment/ml-model",
            "Scaled up replica set ml-model-9b7bc4ddf from 0 to 2"
        ]
    );
    // A readiness probe failing while the model loads is one event with a count.
    let gpu = example("gpu-inference");
    let last = last_frame(&gpu);
    let folded = ok(&gpu, last.index, "events");
    let line = folded.lines().find(|l| l.contains("Unhealthy")).unwrap();
    let repeats = gpu
        .trace
        .events
        .iter()
        .filter(|e| e.reason.as_str() == "Unhealthy")
        .count();
    assert!(line.contains(&format!("(x{repeats} over ")), "{line}");
    let ready = last.pods.iter().find(|p| p.ready).unwrap();
    let described = ok(&gpu, last.index, &format!("describe pod {}", ready.name));
    assert!(described.contains(&format!("Warning  Unhealthy  {}", cells(line)[0])));
}

#[test]
fn top_pods_prints_the_simulated_cpu_or_kubectl_error() {
    let run = seed();
    let frame = frame_at(&run, seed_frame_at_time(&run, 135, 6));
    let text = ok(&run, frame.index, "top pods");
    assert_eq!(
        cells(text.lines().next().unwrap()),
        ["NAME", "CPU(cores)", "MEMORY(bytes)"]
    );
    for pod in &frame.pods {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{} ", pod.name)));
        if pod.phase.as_str() == "Running" {
            assert_eq!(cells(line.unwrap())[1], format!("{}m", pod.cpu_milli));
        } else {
            assert!(line.is_none(), "{} has no metrics yet", pod.name);
        }
    }
    let router = example("router-and-model-server");
    assert_eq!(
        error(&router, 3, "kubectl top pods"),
        "error: Metrics API not available"
    );
}

#[test]
fn errors_are_worded_as_kubectl_words_them() {
    let run = seed();
    for (line, expected) in [
        (
            "kubectl foo",
            "error: unknown command \"foo\" for \"kubectl\"\n\nDid you mean this?\n\ttop\n\nRun 'kubectl --help' for usage.",
        ),
        (
            "gte pods",
            "error: unknown command \"gte\" for \"kubectl\"\n\nDid you mean this?\n\tget\n\nRun 'kubectl --help' for usage.",
        ),
        (
            "xyzzy",
            "error: unknown command \"xyzzy\" for \"kubectl\"\nRun 'kubectl --help' for usage.",
        ),
        (
            "get foo",
            "error: the server doesn't have a resource type \"foo\"",
        ),
        (
            "get pods nope",
            "Error from server (NotFound): pods \"nope\" not found",
        ),
        (
            "get pods --bogus",
            "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.",
        ),
        (
            "get pods -x",
            "error: unknown shorthand flag: 'x' in -x\nSee 'kubectl get --help' for usage.",
        ),
    ] {
        assert_eq!(error(&run, 5, line), expected, "{line}");
    }
    assert!(error(&run, 5, "get").starts_with("You must specify the type of resource to get."));
    // Each kind asked for a name it does not have says so after the tables.
    let mixed = error(&run, 5, "get deploy,rs ml-model");
    assert!(
        mixed.starts_with("NAME                       READY"),
        "{mixed}"
    );
    assert!(
        mixed.ends_with("\nError from server (NotFound): replicasets.apps \"ml-model\" not found")
    );
    for mutating in [
        "scale deploy ml-model --replicas=3",
        "delete pod x",
        "apply -f x.yaml",
        "kubectl set image deploy/ml-model model=v3",
    ] {
        assert!(
            error(&run, 5, mutating).contains("this kubectl mode is read-only"),
            "{mutating}"
        );
    }
    assert!(error(&run, 5, "logs ml-model").contains("not simulated"));
    assert_eq!(
        ok(&run, 5, "get pods -n kube-system"),
        "No resources found in kube-system namespace."
    );
    assert!(ok(&run, 5, "get pods -A").starts_with("NAMESPACE   NAME"));
}

#[test]
fn watching_pods_prints_the_step_start_then_each_change() {
    let run = seed();
    let moment = frame_at(&run, seed_frame_at_time(&run, 135, 6));
    let start = frame_at(&run, seed_frame_at_time(&run, 125, 6));
    let text = ok(&run, moment.index, "kubectl get pods --watch");
    let lines: Vec<Vec<&str>> = text.lines().map(cells).collect();
    assert_eq!(lines[0], ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]);
    let initial = &lines[1..=start.pods.len()];
    for pod in &start.pods {
        assert!(
            initial
                .iter()
                .any(|row| row[0] == &*pod.name && row[2] == pod.status_text())
        );
    }
    let changes = &lines[start.pods.len() + 1..];
    assert!(!changes.is_empty());
    // The last line printed for each pod of the moment shows it as the moment has it.
    for pod in &moment.pods {
        let last = lines.iter().rev().find(|row| row[0] == &*pod.name).unwrap();
        let ready = if pod.ready { "1/1" } else { "0/1" };
        assert_eq!(last[1..3], [ready, &pod.status_text()], "{}", pod.name);
    }
}

#[test]
fn completion_offers_commands_kinds_and_names_at_the_moment() {
    let run = seed();
    let last = last_frame(&run);
    assert_eq!(complete(&run, last.index, "kubectl g"), ["get"]);
    assert_eq!(complete(&run, last.index, "get po"), ["pods"]);
    assert_eq!(
        complete(&run, last.index, "get deploy,r"),
        ["deploy,replicasets"]
    );
    assert_eq!(
        complete(&run, last.index, "rollout status "),
        ["deployment/ml-model"]
    );
    assert_eq!(complete(&run, last.index, "get pods -o "), ["wide"]);
    let mut names: Vec<String> = last.pods.iter().map(|p| p.name.to_string()).collect();
    names.sort();
    assert_eq!(
        complete(&run, last.index, "kubectl describe pod ml-"),
        names
    );
    assert_eq!(
        complete(&run, last.index, "get rs "),
        [SEED_NEW_RS, SEED_OLD_RS]
    );
}

#[test]
fn every_example_answers_every_command_at_every_stage() {
    let commands = [
        "get deploy,rs,pods,svc,hpa -o wide",
        "get pods -w",
        "get events",
        "events",
        "describe pod",
        "top pods",
        "get all -A",
    ];
    let mut files: Vec<_> = std::fs::read_dir("public/examples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        let run = run_of(&std::fs::read_to_string(&path).unwrap());
        let count = run.trace.frames.len();
        for frame in [0, count / 2, count - 1, count + 5] {
            for line in commands {
                let output = run_command(&run, frame, line);
                assert!(!output.text.is_empty(), "{} {line}", path.display());
            }
            let shown = frame_at(&run, frame.min(count - 1));
            let pods = ok(&run, frame, "get pods");
            let listed = pods.lines().count().saturating_sub(1);
            let expected = shown.pods.len() + shown.other_pods.iter().map(Vec::len).sum::<usize>();
            assert_eq!(listed, expected, "{} frame {frame}", path.display());
            for other in &shown.others {
                let status = ok(
                    &run,
                    frame,
                    &format!("rollout status deployment/{}", other.name),
                );
                assert!(
                    status.ends_with(other.deployment.rollout_status.as_str())
                        || status.contains("Waiting")
                );
            }
        }
    }
}

#[test]
fn any_line_gets_an_answer_and_never_a_panic() {
    let run = seed();
    let lines = [
        "",
        " ",
        "kubectl",
        "-",
        "--",
        "-n",
        "get pods -o",
        "get pods -n",
        "get -é",
        "get pods --é",
        "rollout status deployment/",
        "rollout status",
        "rollout",
        "describe pod/",
        "describe",
        "top",
        "top nodes",
        "get ,",
        "get pods,,svc",
        "get events,pods",
        "get ÿ",
        "kubectl get pods -w -o wide",
        "get svc -w",
        "get pods --sort-by=.lastTimestamp",
        "describe deploy ml-model",
        "kubectl help",
        "get pods -A -n default",
        "événements",
        "get hpa -o yaml",
    ];
    for frame in [0, 10, 1000] {
        for line in lines {
            let output = run_command(&run, frame, line);
            assert!(!output.text.is_empty(), "`{line}`");
            for end in [0, line.len() / 2, line.len()] {
                if line.is_char_boundary(end) {
                    let _ = complete(&run, frame, &line[..end]);
                }
            }
        }
    }
    assert_eq!(
        error(&run, 5, "get pods -o"),
        "error: flag needs an argument: 'o' in -o\nSee 'kubectl get --help' for usage."
    );
}

#[test]
fn init_containers_show_in_the_pod_status_ready_count_and_description() {
    let run =
        run_of(&std::fs::read_to_string("tests/fixtures/valid/03-init-containers.yaml").unwrap());
    let initializing = frames(&run)
        .into_iter()
        .find(|f| f.pods.iter().any(|p| p.status_text().starts_with("Init:")))
        .expect("a moment with init containers running");
    let pod = initializing
        .pods
        .iter()
        .find(|p| p.status_text().starts_with("Init:"))
        .unwrap();
    let text = ok(&run, initializing.index, "get pods");
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("{} ", pod.name)))
        .unwrap();
    assert_eq!(cells(line)[2], pod.status_text());
    let described = ok(
        &run,
        initializing.index,
        &format!("describe pod {}", pod.name),
    );
    assert!(described.contains("Init Containers:\n"), "{described}");
    assert!(
        described.contains("      Reason:       PodInitializing\n"),
        "{described}"
    );
    assert!(
        described.contains("  Initialized                 False \n"),
        "{described}"
    );
}

#[test]
fn tab_takes_a_single_candidate_and_fills_in_what_several_share() {
    use kubestep::core::kubectl::complete_line;
    let run = common::run_of(kubestep::core::samples::SEED_MANIFEST);
    let frame = run.trace.frames.len() - 1;
    let single = complete_line(&run, frame, "get po");
    assert_eq!(single.line, "get pods ");
    assert!(single.candidates.is_empty());
    // Every pod of the seed's Deployment starts with its name: Tab fills that in and lists them.
    let several = complete_line(&run, frame, "describe pod ml");
    assert!(several.candidates.len() > 1, "{several:?}");
    assert!(
        several.line.starts_with("describe pod ml-model-"),
        "{several:?}"
    );
    assert!(
        several
            .candidates
            .iter()
            .all(|name| name.starts_with(&several.line["describe pod ".len()..]))
    );
    let none = complete_line(&run, frame, "get zzz");
    assert_eq!((none.line.as_str(), none.candidates.len()), ("get zzz", 0));
}
