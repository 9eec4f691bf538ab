//! The stored view's unit tests: defaults filled, the pod, and hostile input.

use super::pod::LIMIT_RANGER_ANNOTATION;
use super::*;

const SEED: &str = include_str!("../../../../public/seed-manifest.yaml");

fn find<'a>(documents: &'a [StoredDocument], kind: &str) -> &'a StoredDocument {
    documents
        .iter()
        .find(|d| d.kind == kind)
        .unwrap_or_else(|| panic!("no {kind} in {documents:#?}"))
}

fn at<'a>(value: &'a Value, path: &str) -> &'a Value {
    let mut current = value;
    for segment in path.split('.') {
        current = match segment.parse::<usize>() {
            Ok(index) => current.get(index),
            Err(_) => current.get(segment),
        }
        .unwrap_or_else(|| panic!("no {segment} in {path}: {current:?}"));
    }
    current
}

fn has(value: &Value, path: &str) -> bool {
    let mut current = Some(value);
    for segment in path.split('.') {
        current = current.and_then(|c| match segment.parse::<usize>() {
            Ok(index) => c.get(index),
            Err(_) => c.get(segment),
        });
    }
    current.is_some()
}

fn text(value: &Value, path: &str) -> String {
    at(value, path).as_str().unwrap_or("<not text>").to_string()
}

fn number(value: &Value, path: &str) -> i64 {
    at(value, path).as_i64().unwrap_or(i64::MIN)
}

#[test]
fn the_seed_deployment_is_stored_with_its_defaults() {
    let documents = stored_documents(SEED);
    assert_eq!(documents.len(), 2, "{documents:#?}");
    let deployment = find(&documents, "Deployment");
    assert_eq!(deployment.name, "ml-model");
    assert_eq!(deployment.origin, Origin::Written);
    assert_eq!(deployment.namespace.as_deref(), Some("default"));
    let value = &deployment.value;
    assert_eq!(number(value, "spec.replicas"), 2, "written replicas kept");
    assert_eq!(text(value, "spec.strategy.type"), "RollingUpdate");
    assert_eq!(text(value, "spec.strategy.rollingUpdate.maxSurge"), "25%");
    assert_eq!(
        text(value, "spec.strategy.rollingUpdate.maxUnavailable"),
        "25%"
    );
    assert_eq!(number(value, "spec.revisionHistoryLimit"), 10);
    assert_eq!(number(value, "spec.progressDeadlineSeconds"), 600);
    assert_eq!(text(value, "metadata.namespace"), "default");
    let pod = "spec.template.spec";
    assert_eq!(text(value, &format!("{pod}.restartPolicy")), "Always");
    assert_eq!(text(value, &format!("{pod}.dnsPolicy")), "ClusterFirst");
    assert_eq!(
        text(value, &format!("{pod}.schedulerName")),
        "default-scheduler"
    );
    assert_eq!(
        number(value, &format!("{pod}.terminationGracePeriodSeconds")),
        30
    );
    assert!(at(value, &format!("{pod}.securityContext")).is_mapping());
    let container = format!("{pod}.containers.0");
    assert_eq!(
        text(value, &format!("{container}.imagePullPolicy")),
        "Always"
    );
    assert_eq!(
        text(value, &format!("{container}.terminationMessagePath")),
        "/dev/termination-log"
    );
    assert_eq!(
        text(value, &format!("{container}.terminationMessagePolicy")),
        "File"
    );
    assert_eq!(text(value, &format!("{container}.ports.0.protocol")), "TCP");
    assert!(!has(value, &format!("{container}.readinessProbe")));

    assert!(deployment.defaulted.contains(&"spec.strategy".to_string()));
    assert!(
        !deployment
            .defaulted
            .contains(&"spec.strategy.type".to_string()),
        "nested paths are covered by their parent: {:?}",
        deployment.defaulted
    );
    assert!(
        deployment
            .defaulted
            .contains(&"spec.template.spec.containers[0].imagePullPolicy".to_string())
    );
    assert!(!deployment.defaulted.contains(&"spec.replicas".to_string()));

    // Readable order: the top keys first, written keys where they were written.
    let keys: Vec<&str> = value
        .as_mapping()
        .map(|m| m.keys().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    assert_eq!(keys, ["apiVersion", "kind", "metadata", "spec"]);
    assert!(
        deployment
            .yaml
            .starts_with("apiVersion: apps/v1\nkind: Deployment\n")
    );
    let container_keys: Vec<&str> = at(value, &container)
        .as_mapping()
        .map(|m| m.keys().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    assert_eq!(&container_keys[..3], ["name", "image", "imagePullPolicy"]);
}

#[test]
fn a_versioned_tag_is_pulled_if_not_present() {
    let manifest = SEED.replace("mlmodel:latest", "mlmodel:v1");
    let documents = stored_documents(&manifest);
    let value = &find(&documents, "Deployment").value;
    assert_eq!(
        text_of(Some(at(
            value,
            "spec.template.spec.containers.0.imagePullPolicy"
        ))),
        Some("IfNotPresent")
    );
}

#[test]
fn recreate_gets_no_rolling_update() {
    let manifest = SEED.replace(
        "  replicas: 2\n",
        "  replicas: 2\n  strategy:\n    type: Recreate\n",
    );
    let documents = stored_documents(&manifest);
    let value = &find(&documents, "Deployment").value;
    assert_eq!(
        text_of(Some(at(value, "spec.strategy.type"))),
        Some("Recreate")
    );
    assert!(!has(value, "spec.strategy.rollingUpdate"));
}

#[test]
fn a_written_rolling_update_is_completed() {
    let manifest = SEED.replace(
        "  replicas: 2\n",
        "  replicas: 2\n  strategy:\n    rollingUpdate:\n      maxSurge: 1\n",
    );
    let documents = stored_documents(&manifest);
    let deployment = find(&documents, "Deployment");
    let value = &deployment.value;
    assert_eq!(number(value, "spec.strategy.rollingUpdate.maxSurge"), 1);
    assert_eq!(
        text_of(Some(at(
            value,
            "spec.strategy.rollingUpdate.maxUnavailable"
        ))),
        Some("25%")
    );
    assert_eq!(
        text_of(Some(at(value, "spec.strategy.type"))),
        Some("RollingUpdate")
    );
    assert!(
        deployment
            .defaulted
            .contains(&"spec.strategy.rollingUpdate.maxUnavailable".to_string())
    );
}

#[test]
fn replicas_default_to_one_and_probes_are_completed() {
    let manifest = SEED.replace("  replicas: 2\n", "").replace(
        "        - containerPort: 5000\n",
        "        - containerPort: 5000\n        readinessProbe:\n          httpGet:\n            port: 5000\n          periodSeconds: 0\n          failureThreshold: 5\n",
    );
    let documents = stored_documents(&manifest);
    let deployment = find(&documents, "Deployment");
    let value = &deployment.value;
    assert_eq!(number(value, "spec.replicas"), 1);
    let keys: Vec<&str> = at(value, "spec")
        .as_mapping()
        .map(|m| m.keys().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    assert_eq!(keys[0], "replicas");
    let probe = "spec.template.spec.containers.0.readinessProbe";
    assert_eq!(number(value, &format!("{probe}.timeoutSeconds")), 1);
    assert_eq!(
        number(value, &format!("{probe}.periodSeconds")),
        10,
        "0 means unset"
    );
    assert_eq!(number(value, &format!("{probe}.successThreshold")), 1);
    assert_eq!(number(value, &format!("{probe}.failureThreshold")), 5);
    assert_eq!(text(value, &format!("{probe}.httpGet.path")), "/");
    assert_eq!(text(value, &format!("{probe}.httpGet.scheme")), "HTTP");
    assert!(!has(value, &format!("{probe}.initialDelaySeconds")));
}

#[test]
fn service_target_port_defaults_to_port() {
    let manifest = format!(
        "{SEED}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ml-model\nspec:\n  selector:\n    app: ml-model\n  ports:\n  - name: http\n    port: 80\n  - name: metrics\n    port: 9090\n    targetPort: metrics\n    protocol: UDP\n"
    );
    let documents = stored_documents(&manifest);
    let service = find(&documents, "Service");
    let value = &service.value;
    assert_eq!(text(value, "spec.type"), "ClusterIP");
    assert_eq!(text(value, "spec.sessionAffinity"), "None");
    assert_eq!(text(value, "spec.internalTrafficPolicy"), "Cluster");
    assert!(!has(value, "spec.externalTrafficPolicy"));
    assert_eq!(number(value, "spec.ports.0.targetPort"), 80);
    assert_eq!(text(value, "spec.ports.0.protocol"), "TCP");
    assert_eq!(text(value, "spec.ports.1.targetPort"), "metrics");
    assert_eq!(text(value, "spec.ports.1.protocol"), "UDP");
    assert_eq!(text(value, "metadata.namespace"), "default");
    assert!(
        service
            .defaulted
            .contains(&"spec.ports[0].targetPort".to_string())
    );
    assert!(
        !service
            .defaulted
            .iter()
            .any(|p| p.starts_with("spec.ports[1]"))
    );
}

fn hpa(extra: &str) -> String {
    format!(
        "{SEED}---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ml-model\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: ml-model\n  maxReplicas: 5\n{extra}"
    )
}

#[test]
fn autoscaler_without_metrics_targets_cpu_80_and_keeps_behavior_absent() {
    let documents = stored_documents(&hpa(""));
    let autoscaler = find(&documents, "HorizontalPodAutoscaler");
    let value = &autoscaler.value;
    assert_eq!(number(value, "spec.minReplicas"), 1);
    assert_eq!(text(value, "spec.metrics.0.type"), "Resource");
    assert_eq!(text(value, "spec.metrics.0.resource.name"), "cpu");
    assert_eq!(
        text(value, "spec.metrics.0.resource.target.type"),
        "Utilization"
    );
    assert_eq!(
        number(value, "spec.metrics.0.resource.target.averageUtilization"),
        80
    );
    assert!(!has(value, "spec.behavior"));
    assert!(autoscaler.defaulted.contains(&"spec.metrics".to_string()));
}

#[test]
fn a_written_behavior_is_completed_and_keeps_what_was_written() {
    let documents = stored_documents(&hpa(
        "  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 60\n",
    ));
    let autoscaler = find(&documents, "HorizontalPodAutoscaler");
    let value = &autoscaler.value;
    let down = "spec.behavior.scaleDown";
    assert_eq!(
        number(value, &format!("{down}.stabilizationWindowSeconds")),
        60
    );
    assert_eq!(text(value, &format!("{down}.selectPolicy")), "Max");
    assert_eq!(text(value, &format!("{down}.policies.0.type")), "Percent");
    assert_eq!(number(value, &format!("{down}.policies.0.value")), 100);
    assert_eq!(
        number(value, &format!("{down}.policies.0.periodSeconds")),
        15
    );
    assert!(!has(value, &format!("{down}.policies.1")));
    let up = "spec.behavior.scaleUp";
    assert_eq!(
        number(value, &format!("{up}.stabilizationWindowSeconds")),
        0
    );
    assert_eq!(text(value, &format!("{up}.selectPolicy")), "Max");
    assert_eq!(text(value, &format!("{up}.policies.0.type")), "Pods");
    assert_eq!(number(value, &format!("{up}.policies.0.value")), 4);
    assert_eq!(text(value, &format!("{up}.policies.1.type")), "Percent");
    assert_eq!(number(value, &format!("{up}.policies.1.value")), 100);
    assert!(
        autoscaler
            .defaulted
            .contains(&"spec.behavior.scaleUp".to_string())
    );
    assert!(
        !autoscaler
            .defaulted
            .iter()
            .any(|p| p.contains("stabilizationWindowSeconds")),
        "{:?}",
        autoscaler.defaulted
    );

    // An empty scale-down stays without a window: the controller's flag applies.
    let documents = stored_documents(&hpa("  behavior: {}\n"));
    let value = &find(&documents, "HorizontalPodAutoscaler").value;
    assert!(!has(
        value,
        "spec.behavior.scaleDown.stabilizationWindowSeconds"
    ));
    assert_eq!(text(value, "spec.behavior.scaleDown.selectPolicy"), "Max");
}

#[test]
fn the_pod_gets_the_limit_range_defaults_and_requests_from_limits() {
    let manifest = include_str!("../../../../tests/fixtures/valid/10-limit-range-defaults.yaml")
        .replace(
            "        - containerPort: 5000\n",
            "        - containerPort: 5000\n        resources:\n          limits:\n            memory: 1Gi\n",
        );
    let documents = stored_documents(&manifest);
    let kinds: Vec<&str> = documents.iter().map(|d| d.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["LimitRange", "Deployment", "Pod", "HorizontalPodAutoscaler"]
    );
    let deployment = find(&documents, "Deployment");
    assert!(
        !has(
            &deployment.value,
            "spec.template.spec.containers.0.resources.requests"
        ),
        "the template stays as written"
    );
    let pod = find(&documents, "Pod");
    assert_eq!(pod.origin, Origin::ReplicaSetPod);
    assert_eq!(pod.document, deployment.document);
    let value = &pod.value;
    let resources = "spec.containers.0.resources";
    assert_eq!(text(value, &format!("{resources}.limits.memory")), "1Gi");
    assert_eq!(
        text(value, &format!("{resources}.requests.memory")),
        "1Gi",
        "requests default to limits before the LimitRange applies"
    );
    assert_eq!(text(value, &format!("{resources}.requests.cpu")), "250m");
    assert_eq!(text(value, &format!("{resources}.limits.cpu")), "500m");
    assert_eq!(
        at(value, "metadata.annotations")
            .get(LIMIT_RANGER_ANNOTATION)
            .and_then(Value::as_str),
        Some(
            "LimitRanger plugin set: cpu request for container model; cpu limit for container model"
        )
    );
    // `requests` was filled in whole (from the limit, then the LimitRange); of the limits,
    // only cpu was.
    assert!(
        pod.defaulted
            .contains(&"spec.containers[0].resources.requests".to_string()),
        "{:?}",
        pod.defaulted
    );
    assert!(
        pod.defaulted
            .contains(&"spec.containers[0].resources.limits[cpu]".to_string())
    );
    assert!(
        !pod.defaulted
            .iter()
            .any(|p| p.starts_with("spec.containers[0].resources.limits[memory]"))
    );
    // Template defaults carry over, in the Pod's coordinates.
    assert_eq!(
        text(value, "spec.containers.0.imagePullPolicy"),
        "IfNotPresent"
    );
    assert!(
        pod.defaulted
            .contains(&"spec.containers[0].imagePullPolicy".to_string())
    );
    assert_eq!(text(value, "metadata.labels.app"), "ml-model");
    let hash = text(value, "metadata.labels.pod-template-hash");
    assert_eq!(pod.name, format!("ml-model-{hash}-"));
    assert_eq!(at(value, "spec.enableServiceLinks").as_bool(), Some(true));
    assert_eq!(number(value, "spec.tolerations.1.tolerationSeconds"), 300);
    assert_eq!(
        text(value, "spec.tolerations.1.key"),
        "node.kubernetes.io/unreachable"
    );
}

#[test]
fn the_pod_template_hash_is_the_simulated_one() {
    let analysis = crate::core::analysis::analyze(SEED, None);
    let run = analysis.run.expect("the seed runs");
    let documents = stored_documents(SEED);
    let pod = find(&documents, "Pod");
    let hash = pod_template_hash(&run.deployment.template);
    assert_eq!(text(&pod.value, "metadata.labels.pod-template-hash"), hash);
}

#[test]
fn a_second_deployment_is_stored_with_its_own_pod() {
    let second = SEED
        .replace("name: ml-model", "name: reranker")
        .replace("app: ml-model", "app: reranker");
    let manifest = format!("{SEED}---\n{second}");
    let documents = stored_documents(&manifest);
    let kinds: Vec<&str> = documents.iter().map(|d| d.kind.as_str()).collect();
    assert_eq!(kinds, ["Deployment", "Pod", "Deployment", "Pod"]);
    let pod = &documents[3];
    assert_eq!(pod.document, 1);
    let hash = text(&pod.value, "metadata.labels.pod-template-hash");
    assert_eq!(pod.name, format!("reranker-{hash}-"));
}

#[test]
fn limit_range_items_are_defaulted() {
    let manifest = format!(
        "{SEED}---\napiVersion: v1\nkind: LimitRange\nmetadata:\n  name: defaults\nspec:\n  limits:\n  - type: Container\n    max:\n      cpu: \"2\"\n    default:\n      memory: 512Mi\n"
    );
    let documents = stored_documents(&manifest);
    let limit_range = find(&documents, "LimitRange");
    let value = &limit_range.value;
    assert_eq!(
        text_of(Some(at(value, "spec.limits.0.default.cpu"))),
        Some("2")
    );
    assert_eq!(
        text_of(Some(at(value, "spec.limits.0.defaultRequest.memory"))),
        Some("512Mi")
    );
    assert_eq!(
        text_of(Some(at(value, "spec.limits.0.defaultRequest.cpu"))),
        Some("2")
    );
    assert!(
        limit_range
            .defaulted
            .contains(&"spec.limits[0].default[cpu]".to_string())
    );
    let pod = &find(&documents, "Pod").value;
    assert_eq!(
        text_of(Some(at(pod, "spec.containers.0.resources.requests.cpu"))),
        Some("2")
    );
}

#[test]
fn written_documents_with_errors_are_left_out() {
    let manifest = format!(
        "{SEED}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  port:\n  - port: 80\n"
    );
    let stored = read_stored(&manifest);
    assert!(stored.has_errors());
    let kinds: Vec<&str> = stored.documents.iter().map(|d| d.kind.as_str()).collect();
    assert_eq!(kinds, ["Deployment", "Pod"]);

    let broken = read_stored(&format!("{SEED}---\nkind: [\n"));
    assert!(broken.has_errors());
    assert!(broken.documents.is_empty(), "a syntax error stores nothing");
}

#[test]
fn status_is_dropped_nodes_and_scenarios_as_expected() {
    let manifest = format!(
        "{SEED}status:\n  replicas: 3\n---\napiVersion: v1\nkind: Node\nmetadata:\n  name: node-1\nstatus:\n  capacity:\n    cpu: \"4\"\n    memory: 16Gi\n---\napiVersion: kubestep.dev/v1alpha1\nkind: Scenario\nspec:\n  duration: 2m\n"
    );
    let stored = read_stored(&manifest);
    assert!(!stored.has_errors(), "{:?}", stored.diagnostics);
    let kinds: Vec<&str> = stored.documents.iter().map(|d| d.kind.as_str()).collect();
    assert_eq!(kinds, ["Deployment", "Pod", "Node"]);
    let deployment = find(&stored.documents, "Deployment");
    assert!(!has(&deployment.value, "status"));
    assert_eq!(deployment.dropped, ["status"]);
    let node = find(&stored.documents, "Node");
    assert_eq!(node.namespace, None);
    assert!(node.defaulted.is_empty());
    assert!(has(&node.value, "status.capacity.cpu"));
}

#[test]
fn every_valid_fixture_is_stored_and_renders_back() {
    for text in [
        include_str!("../../../../tests/fixtures/valid/04-probes-and-volumes.yaml"),
        include_str!("../../../../tests/fixtures/valid/05-env-and-env-from.yaml"),
        include_str!("../../../../tests/fixtures/valid/09-service-and-hpa-behavior.yaml"),
        include_str!("../../../../tests/fixtures/valid/18-kubectl-get-output.yaml"),
        include_str!("../../../../tests/fixtures/valid/20-node-port-and-paused.yaml"),
        include_str!("../../../../tests/fixtures/valid/22-yaml-anchors-and-merge-keys.yaml"),
    ] {
        let stored = read_stored(text);
        assert!(!stored.has_errors());
        assert!(!stored.documents.is_empty());
        for document in &stored.documents {
            let back = yaml::parse_stream(&document.yaml);
            assert!(back.diagnostics.is_empty(), "{}", document.yaml);
            assert_eq!(back.documents[0].value.as_ref(), Some(&document.value));
        }
    }
}

#[test]
fn mutated_manifests_do_not_panic() {
    let fixtures = [
        include_str!("../../../../tests/fixtures/valid/09-service-and-hpa-behavior.yaml"),
        include_str!("../../../../tests/fixtures/valid/10-limit-range-defaults.yaml"),
        include_str!("../../../../tests/fixtures/valid/19-headless-service.yaml"),
    ];
    for fixture in fixtures {
        let lines: Vec<&str> = fixture.lines().collect();
        for (index, line) in lines.iter().enumerate() {
            let mut variants = vec![String::new()];
            if let Some((key, _)) = line.split_once(": ") {
                for replacement in ["null", "0", "\"\"", "{}"] {
                    variants.push(format!("{key}: {replacement}"));
                }
            }
            for variant in variants {
                let mut mutated = lines.clone();
                mutated[index] = &variant;
                let _ = read_stored(&mutated.join("\n"));
            }
        }
    }
}

#[test]
fn hostile_input_does_not_panic() {
    for text in [
        "",
        "---\n",
        "\u{0}",
        "kind: Deployment\n",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: null\n",
        "[1, 2, 3]",
        "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n",
    ] {
        let _ = read_stored(text);
    }
}
