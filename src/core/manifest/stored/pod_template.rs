//! Deployment and pod template defaults (`SetDefaults_Deployment`, `SetDefaults_PodSpec`,
//! `SetDefaults_Container`, `SetDefaults_Probe`, ...).

use super::*;

pub(super) fn default_deployment_spec(spec: &mut Mapping, path: &FieldPath, filler: &mut Filler) {
    filler.fill(
        spec,
        path,
        "replicas",
        Value::from(1),
        Unset::Absent,
        Place::Front,
    );
    let strategy_path = path.field("strategy");
    if let Some(strategy) = filler.mapping(spec, path, "strategy", Place::End) {
        filler.fill(
            strategy,
            &strategy_path,
            "type",
            Value::from("RollingUpdate"),
            Unset::Empty,
            Place::Front,
        );
        if text_of(strategy.get("type")) == Some("RollingUpdate") {
            let rolling_path = strategy_path.field("rollingUpdate");
            if let Some(rolling) =
                filler.mapping(strategy, &strategy_path, "rollingUpdate", Place::End)
            {
                for key in ["maxSurge", "maxUnavailable"] {
                    filler.fill(
                        rolling,
                        &rolling_path,
                        key,
                        Value::from("25%"),
                        Unset::Absent,
                        Place::End,
                    );
                }
            }
        }
    }
    for (key, default) in [
        ("revisionHistoryLimit", 10),
        ("progressDeadlineSeconds", 600),
    ] {
        filler.fill(
            spec,
            path,
            key,
            Value::from(default),
            Unset::Absent,
            Place::End,
        );
    }
    let template_path = path.field("template");
    if let Some(template) = mapping_mut(spec, "template")
        && let Some(pod_spec) = mapping_mut(template, "spec")
    {
        default_pod_spec(pod_spec, &template_path.field("spec"), filler);
    }
}

/// `SetDefaults_PodSpec` and everything under it; the same for a template and a Pod.
pub(super) fn default_pod_spec(spec: &mut Mapping, path: &FieldPath, filler: &mut Filler) {
    for (key, default) in [
        ("dnsPolicy", "ClusterFirst"),
        ("restartPolicy", "Always"),
        ("schedulerName", "default-scheduler"),
    ] {
        filler.fill(
            spec,
            path,
            key,
            Value::from(default),
            Unset::Empty,
            Place::End,
        );
    }
    filler.fill(
        spec,
        path,
        "securityContext",
        Value::Mapping(Mapping::new()),
        Unset::Absent,
        Place::End,
    );
    filler.fill(
        spec,
        path,
        "terminationGracePeriodSeconds",
        Value::from(30),
        Unset::Absent,
        Place::End,
    );
    for list in ["initContainers", "containers"] {
        each_item(spec, path, list, |container, container_path| {
            default_container(container, container_path, filler);
        });
    }
    each_item(spec, path, "volumes", |volume, volume_path| {
        // `SetDefaults_{Secret,ConfigMap,DownwardAPI,Projected}VolumeSource`: mode 0644.
        for source in ["secret", "configMap", "downwardAPI", "projected"] {
            if let Some(source_map) = mapping_mut(volume, source) {
                filler.fill(
                    source_map,
                    &volume_path.field(source),
                    "defaultMode",
                    Value::from(0o644),
                    Unset::Absent,
                    Place::End,
                );
            }
        }
    });
}

pub(super) fn default_container(container: &mut Mapping, path: &FieldPath, filler: &mut Filler) {
    let image = text_of(container.get("image"))
        .unwrap_or_default()
        .to_string();
    filler.fill(
        container,
        path,
        "imagePullPolicy",
        Value::from(default_pull_policy(&image)),
        Unset::Empty,
        Place::After("image"),
    );
    each_item(container, path, "ports", |port, port_path| {
        filler.default_port_protocol(port, port_path);
    });
    each_item(container, path, "env", |variable, variable_path| {
        let value_from_path = variable_path.field("valueFrom");
        if let Some(value_from) = mapping_mut(variable, "valueFrom")
            && let Some(field_ref) = mapping_mut(value_from, "fieldRef")
        {
            filler.fill(
                field_ref,
                &value_from_path.field("fieldRef"),
                "apiVersion",
                Value::from("v1"),
                Unset::Empty,
                Place::Front,
            );
        }
    });
    for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
        if let Some(probe_map) = mapping_mut(container, probe) {
            default_probe(probe_map, &path.field(probe), filler);
        }
    }
    let lifecycle_path = path.field("lifecycle");
    if let Some(lifecycle) = mapping_mut(container, "lifecycle") {
        for hook in ["postStart", "preStop"] {
            if let Some(handler) = mapping_mut(lifecycle, hook) {
                default_http_get(handler, &lifecycle_path.field(hook), filler);
            }
        }
    }
    filler.fill(
        container,
        path,
        "terminationMessagePath",
        Value::from("/dev/termination-log"),
        Unset::Empty,
        Place::End,
    );
    filler.fill(
        container,
        path,
        "terminationMessagePolicy",
        Value::from("File"),
        Unset::Empty,
        Place::End,
    );
}

/// `SetDefaults_Probe`: each of these is defaulted when zero.
pub(super) fn default_probe(probe: &mut Mapping, path: &FieldPath, filler: &mut Filler) {
    default_http_get(probe, path, filler);
    for (key, default) in [
        ("timeoutSeconds", 1),
        ("periodSeconds", 10),
        ("successThreshold", 1),
        ("failureThreshold", 3),
    ] {
        filler.fill(
            probe,
            path,
            key,
            Value::from(default),
            Unset::Zero,
            Place::End,
        );
    }
}

/// `SetDefaults_HTTPGetAction`: path `/`, scheme HTTP.
pub(super) fn default_http_get(handler: &mut Mapping, path: &FieldPath, filler: &mut Filler) {
    let http_path = path.field("httpGet");
    if let Some(http_get) = mapping_mut(handler, "httpGet") {
        filler.fill(
            http_get,
            &http_path,
            "path",
            Value::from("/"),
            Unset::Empty,
            Place::Front,
        );
        filler.fill(
            http_get,
            &http_path,
            "scheme",
            Value::from("HTTP"),
            Unset::Empty,
            Place::End,
        );
    }
}
