//! The Deployment's own checks (`ValidateDeployment`): name, replica counts and deadlines,
//! the rolling-update budgets (`ValidateRollingUpdateDeployment`), the pod template's restart
//! policy and grace period, and its tolerations (`ValidateTolerations`).

use super::container::validate_container;
use super::selector::validate_selector;
use super::*;

pub(super) fn validate_deployment(reporter: &mut Reporter, deployment: &Deployment) {
    name_errors(
        reporter,
        &deployment.name,
        names::dns1123_subdomain(&deployment.name),
    );
    let spec = FieldPath::root().field("spec");
    if deployment.replicas < 0 {
        reporter.invalid(
            &spec.field("replicas"),
            &deployment.replicas.to_string(),
            "must be greater than or equal to 0",
        );
    } else if deployment.replicas > MAX_REPLICAS {
        reporter.invalid(
            &spec.field("replicas"),
            &deployment.replicas.to_string(),
            &format!("the simulation runs at most {MAX_REPLICAS} replicas, so the lesson stays responsive"),
        );
    }
    for (name, value) in [
        ("minReadySeconds", deployment.min_ready_seconds),
        ("revisionHistoryLimit", deployment.revision_history_limit),
        (
            "progressDeadlineSeconds",
            deployment.progress_deadline_seconds,
        ),
    ] {
        if value < 0 {
            reporter.invalid(
                &spec.field(name),
                &value.to_string(),
                "must be greater than or equal to 0",
            );
        }
    }
    if deployment.progress_deadline_seconds <= deployment.min_ready_seconds {
        reporter.invalid(
            &spec.field("progressDeadlineSeconds"),
            &deployment.progress_deadline_seconds.to_string(),
            "must be greater than minReadySeconds",
        );
    }
    validate_selector(reporter, deployment);
    validate_strategy(reporter, deployment);
    let pod_spec = spec.field("template").field("spec");
    if deployment.template.spec.restart_policy != "Always" {
        reporter.unsupported(
            &pod_spec.field("restartPolicy"),
            &deployment.template.spec.restart_policy,
            &["Always"],
        );
    }
    if deployment.template.spec.termination_grace_period_seconds < 0 {
        reporter.invalid(
            &pod_spec.field("terminationGracePeriodSeconds"),
            &deployment
                .template
                .spec
                .termination_grace_period_seconds
                .to_string(),
            "must be greater than or equal to 0",
        );
    }
    validate_tolerations(reporter, &pod_spec.field("tolerations"), deployment);
    super::scheduling::validate_node_selector(
        reporter,
        &pod_spec,
        &deployment.template.spec.node_selector,
    );
    if deployment.template.spec.containers.is_empty() {
        reporter.required(&pod_spec.field("containers"), None);
    }
    let mut seen = BTreeSet::new();
    // `ValidatePodSpec` checks the containers, then the init containers against all names.
    let all = deployment
        .template
        .spec
        .containers
        .iter()
        .enumerate()
        .map(|(i, c)| (pod_spec.field("containers").index(i), c))
        .chain(
            deployment
                .template
                .spec
                .init_containers
                .iter()
                .enumerate()
                .map(|(i, c)| (pod_spec.field("initContainers").index(i), c)),
        );
    for (path, container) in all {
        validate_container(reporter, &path, container, &mut seen);
    }
}

/// `ValidateRollingUpdateDeployment`: both values are checked, then the pair; the pair check
/// reads the raw values (an invalid string counts as its integer parse, as `IntValue` does).
fn validate_strategy(reporter: &mut Reporter, deployment: &Deployment) {
    if deployment.strategy.kind != StrategyKind::RollingUpdate {
        return;
    }
    let path = FieldPath::root()
        .field("spec")
        .field("strategy")
        .field("rollingUpdate");
    let surge = deployment.strategy.max_surge.as_ref();
    let unavailable = deployment.strategy.max_unavailable.as_ref();
    if let Some(value) = surge {
        validate_int_or_percent(reporter, &path.field("maxSurge"), value);
    }
    if let Some(value) = unavailable {
        validate_int_or_percent(reporter, &path.field("maxUnavailable"), value);
    }
    // `getIntOrPercentValue`.
    let raw = |value: Option<&IntOrPercent>| match value {
        None => 0,
        Some(IntOrPercent::Int(number)) => *number,
        Some(IntOrPercent::Str(text)) => percent_value(text)
            .or_else(|| text.parse::<i64>().ok())
            .unwrap_or(0),
    };
    if raw(surge) == 0 && raw(unavailable) == 0 {
        let shown = unavailable
            .map(show_int_or_percent)
            .unwrap_or_else(|| "0".to_string());
        reporter.invalid(
            &path.field("maxUnavailable"),
            &shown,
            "may not be 0 when `maxSurge` is 0",
        );
    }
    if let Some(IntOrPercent::Str(text)) = unavailable
        && percent_value(text).is_some_and(|percent| percent > 100)
    {
        reporter.invalid(
            &path.field("maxUnavailable"),
            &json_string(text),
            "must not be greater than 100%",
        );
    }
}

/// `getPercentValue`: the number of a valid percent string.
fn percent_value(text: &str) -> Option<i64> {
    if names::percent(text).is_some() {
        return None;
    }
    text.trim_end_matches('%').parse().ok()
}

fn show_int_or_percent(value: &IntOrPercent) -> String {
    match value {
        IntOrPercent::Int(number) => number.to_string(),
        IntOrPercent::Str(text) => json_string(text),
    }
}

/// `ValidatePositiveIntOrPercent`.
fn validate_int_or_percent(reporter: &mut Reporter, path: &FieldPath, value: &IntOrPercent) {
    match value {
        IntOrPercent::Int(number) if *number < 0 => reporter.invalid(
            path,
            &number.to_string(),
            "must be greater than or equal to 0",
        ),
        IntOrPercent::Int(_) => {}
        IntOrPercent::Str(text) => {
            if let Some(error) = names::percent(text) {
                reporter.invalid(path, &json_string(text), &error);
            }
        }
    }
}

/// `ValidateTolerations` (the rules that do not need `tolerationSeconds`).
fn validate_tolerations(reporter: &mut Reporter, path: &FieldPath, deployment: &Deployment) {
    for (index, toleration) in deployment.template.spec.tolerations.iter().enumerate() {
        let item = path.index(index);
        let operator_path = item.field("operator");
        if !toleration.key.is_empty() {
            for error in names::label_key(&toleration.key) {
                reporter.invalid(
                    &item.field("key"),
                    &field_error_quote(&toleration.key),
                    &error,
                );
            }
        }
        if toleration.key.is_empty() && toleration.operator != "Exists" {
            reporter.invalid(
                &operator_path,
                &json_string(&toleration.operator),
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            );
        }
        match toleration.operator.as_str() {
            "Equal" | "" => {
                let errors = names::label_value(&toleration.value);
                if !errors.is_empty() {
                    reporter.invalid(
                        &operator_path,
                        &field_error_quote(&toleration.value),
                        &errors.join(";"),
                    );
                }
            }
            "Exists" => {
                if !toleration.value.is_empty() {
                    reporter.report(
                        Severity::Error,
                        &operator_path,
                        Anchor::Value,
                        format!("{operator_path}: Invalid value: {}: value must be empty when `operator` is 'Exists'", json_toleration(toleration)),
                    );
                }
            }
            other => reporter.unsupported(&operator_path, other, &["Equal", "Exists"]),
        }
        if !toleration.effect.is_empty()
            && !matches!(
                toleration.effect.as_str(),
                "NoSchedule" | "PreferNoSchedule" | "NoExecute"
            )
        {
            reporter.unsupported(
                &item.field("effect"),
                &toleration.effect,
                &["NoSchedule", "PreferNoSchedule", "NoExecute"],
            );
        }
    }
}

/// A toleration as JSON, empty fields omitted (`core.Toleration`'s `omitempty` tags).
fn json_toleration(toleration: &Toleration) -> String {
    let parts: Vec<String> = [
        ("key", &toleration.key),
        ("operator", &toleration.operator),
        ("value", &toleration.value),
        ("effect", &toleration.effect),
    ]
    .iter()
    .filter(|(_, value)| !value.is_empty())
    .map(|(name, value)| format!("\"{name}\":{}", json_string(value)))
    .collect();
    format!("{{{}}}", parts.join(","))
}
