//! Autoscalers on `Pods`, `Object` and `External` metrics (§4): without values they fail as a
//! cluster without a metrics adapter reports; with the Scenario's `metrics` they are read
//! and the autoscaler scales on them, with the card, key moment and view naming the metric.

mod common;

use common::{documents, model_server, run_of};

const HPA_ON_GPU: &str = "apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 2
  maxReplicas: 6
  metrics:
  - type: Pods
    pods:
      metric:
        name: DCGM_FI_DEV_GPU_UTIL
      target:
        type: AverageValue
        averageValue: \"50\"
";

fn with_values(values: &str) -> String {
    documents(&[
        &model_server("web", 2, "", common::REQUESTS_500M),
        HPA_ON_GPU,
        &common::scenario(&format!(
            "  metrics:\n  - name: DCGM_FI_DEV_GPU_UTIL\n    values:\n{values}"
        )),
    ])
}

#[test]
fn a_pods_metric_with_scenario_values_scales_the_deployment() {
    let run = run_of(&with_values(
        "    - {at: 0s, value: \"20\"}\n    - {at: 60s, value: \"90\"}\n",
    ));
    let rescale = run
        .trace
        .events
        .iter()
        .find(|e| e.reason.as_str() == "SuccessfulRescale")
        .expect("it scales");
    // 90 per pod against 50 over 2 ready pods: ⌈3.6⌉ = 4 (the legacy limit allows 4).
    assert_eq!(
        rescale.message,
        "New size: 4; reason: DCGM_FI_DEV_GPU_UTIL above target"
    );
    assert_eq!(
        run.lesson.steps[4].result,
        "Pods scaled up/down based on DCGM_FI_DEV_GPU_UTIL"
    );
    let card = run
        .lesson
        .formulas
        .iter()
        .find(|c| c.step == 5)
        .expect("a card");
    assert!(
        card.lines.iter().any(|l| l
            == "DCGM_FI_DEV_GPU_UTIL = 90 against a target of 50 per pod: ratio 1.80, more than 10% away from 1"),
        "{:?}",
        card.lines
    );
    assert!(
        card.lines
            .iter()
            .any(|l| l == "proposal from DCGM_FI_DEV_GPU_UTIL = ⌈2 pods × 90 ÷ 50⌉ = 4"),
        "{:?}",
        card.lines
    );
    assert!(
        run.lesson.key_moments[1]
            .answer
            .contains("DCGM_FI_DEV_GPU_UTIL")
    );
    // The metric is served: the only failure is before any pod runs to report it.
    for event in run
        .trace
        .events
        .iter()
        .filter(|e| e.reason.as_str() == "FailedGetPodsMetric")
    {
        assert!(
            event
                .message
                .contains("did not receive metrics for targeted pods"),
            "{}",
            event.message
        );
    }
}

#[test]
fn without_values_the_metric_fails_as_without_an_adapter() {
    let text = documents(&[
        &model_server("web", 2, "", common::REQUESTS_500M),
        HPA_ON_GPU,
        &common::scenario(""),
    ]);
    let run = run_of(&text);
    let reasons: Vec<&str> = run.trace.events.iter().map(|e| e.reason.as_str()).collect();
    assert!(reasons.contains(&"FailedGetPodsMetric"));
    assert!(!reasons.contains(&"SuccessfulRescale"));
}
