//! `kubectl get` for Deployments, ReplicaSets, pods, Services and autoscalers: the columns
//! of kubectl's table printers (k8s.io/kubernetes `pkg/printers/internalversion/printers.go`:
//! `printDeployment`, `printReplicaSet`, `printPod`, `printService`,
//! `printHorizontalPodAutoscaler` with `formatHPAMetrics`), `-o wide`'s extra columns,
//! `kind.group/name` names when several kinds are asked, and the `No resources found` line.
//!
//! What the simulation has no value for is printed as kubectl prints an empty field: no pod
//! or cluster IPs are allocated (`<none>`), no node ports.

use super::cluster::{Moment, Pod, ready_column, sort_by_name};
use super::command::{Kind, Scope};
use super::table::{TabWriter, get_table};
use crate::core::manifest::model::{
    CpuTarget, CustomTarget, Deployment, LabelSelector, MetricSource,
};
use crate::core::quantity::Quantity;
use crate::core::sim::decision::DecisionOutcome;

/// Rows with the object's name apart from its other cells.
type Rows = Vec<(String, Vec<String>)>;

/// One kind's table before it is printed.
pub struct Listing {
    pub header: Vec<&'static str>,
    /// Each row with the object's name first.
    pub rows: Rows,
}

/// The rows of one kind in `scope`, `wide` adding kubectl's wide columns.
pub fn listing(moment: &Moment, kind: Kind, scope: &Scope, wide: bool) -> Listing {
    let in_scope = |namespace: &str| scope.holds(namespace);
    let namespace = moment.namespace();
    let (header, wide_header, rows): (&[&str], &[&str], Rows) = match kind {
        Kind::Deployment => (
            &["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
            &["CONTAINERS", "IMAGES", "SELECTOR"],
            moment
                .workloads
                .iter()
                .filter(|w| w.status.exists && in_scope(&w.model.namespace))
                .map(|w| {
                    let status = w.status;
                    let mut row = vec![
                        format!("{}/{}", status.ready, status.replicas),
                        status.updated.to_string(),
                        status.available.to_string(),
                        moment.age(w.created),
                    ];
                    row.extend(containers(w.model, &status.image));
                    row.push(selector_text(&w.model.selector, None));
                    (
                        w.model.name.clone(),
                        with_namespace(scope, &w.model.namespace, row),
                    )
                })
                .collect(),
        ),
        Kind::ReplicaSet => (
            &["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
            &["CONTAINERS", "IMAGES", "SELECTOR"],
            moment
                .workloads
                .iter()
                .enumerate()
                .filter(|(_, w)| in_scope(&w.model.namespace))
                .flat_map(|(index, w)| w.replica_sets.iter().map(move |rs| (index, w, rs)))
                .map(|(index, w, rs)| {
                    // `status.replicas` counts the active pods: not being deleted.
                    let current = moment
                        .pods
                        .iter()
                        .filter(|p| {
                            let pod = &p.snapshot;
                            pod.workload == index && pod.revision == rs.revision && !pod.terminating
                        })
                        .count();
                    let hash = rs.name.strip_prefix(&format!("{}-", w.model.name));
                    let mut row = vec![
                        rs.replicas.to_string(),
                        current.to_string(),
                        rs.ready.to_string(),
                        moment.age(moment.replica_set_created(&rs.name)),
                    ];
                    row.extend(containers(w.model, &rs.image));
                    row.push(selector_text(&w.model.selector, hash));
                    (
                        rs.name.clone(),
                        with_namespace(scope, &w.model.namespace, row),
                    )
                })
                .collect(),
        ),
        Kind::Pod => (
            &["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
            &["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
            moment
                .pods
                .iter()
                .filter(|pod| in_scope(&pod.model.namespace))
                .map(|pod| {
                    let row = pod_row(pod, moment.now);
                    (
                        pod.snapshot.name.to_string(),
                        with_namespace(scope, &pod.model.namespace, row),
                    )
                })
                .collect(),
        ),
        Kind::Service => (
            &[
                "NAME",
                "TYPE",
                "CLUSTER-IP",
                "EXTERNAL-IP",
                "PORT(S)",
                "AGE",
            ],
            &["SELECTOR"],
            moment
                .services
                .iter()
                .filter(|_| in_scope(namespace))
                .map(|service| {
                    let model = service.model;
                    let ports: Vec<String> = model
                        .ports
                        .iter()
                        .map(|p| format!("{}/{}", p.port, p.protocol))
                        .collect();
                    let row = vec![
                        model.service_type.clone(),
                        NONE.to_string(),
                        // `getServiceExternalIP`: no cloud gives a load balancer an address.
                        if model.service_type == "LoadBalancer" {
                            "<pending>"
                        } else {
                            NONE
                        }
                        .to_string(),
                        or_none(ports.join(",")),
                        moment.age(service.created),
                        or_none(labels_text(model.selector.iter())),
                    ];
                    (model.name.clone(), with_namespace(scope, namespace, row))
                })
                .collect(),
        ),
        Kind::Autoscaler => (
            &[
                "NAME",
                "REFERENCE",
                "TARGETS",
                "MINPODS",
                "MAXPODS",
                "REPLICAS",
                "AGE",
            ],
            &[],
            autoscaler_row(moment)
                .filter(|_| in_scope(namespace))
                .map(|(name, row)| (name, with_namespace(scope, namespace, row)))
                .into_iter()
                .collect(),
        ),
        Kind::Event => (&[], &[], Vec::new()),
    };
    let mut header: Vec<&'static str> = header.to_vec();
    if wide {
        header.extend(wide_header);
    }
    if *scope == Scope::All {
        header.insert(0, "NAMESPACE");
    }
    let columns = header.len();
    // The API server lists by key: namespace, then name.
    let mut keyed: Vec<(String, (String, Vec<String>))> = rows
        .into_iter()
        .map(|(name, mut cells)| {
            cells.truncate(columns - 1);
            let namespace = if *scope == Scope::All {
                cells[0].as_str()
            } else {
                ""
            };
            (format!("{namespace}/{name}"), (name, cells))
        })
        .collect();
    sort_by_name(&mut keyed, |(key, _)| key);
    Listing {
        header,
        rows: keyed.into_iter().map(|(_, row)| row).collect(),
    }
}

const NONE: &str = "<none>";

fn or_none(text: String) -> String {
    if text.is_empty() {
        NONE.to_string()
    } else {
        text
    }
}

/// `-A`: the namespace goes first; the row's cells follow the name, so it is carried along.
fn with_namespace(scope: &Scope, namespace: &str, mut row: Vec<String>) -> Vec<String> {
    if *scope == Scope::All {
        row.insert(0, namespace.to_string());
    }
    row
}

/// A pod's row at time `now` (`printPod`): READY, STATUS, RESTARTS (the simulation restarts no
/// container), AGE, then IP, NODE, NOMINATED NODE (no preemption) and READINESS GATES.
pub fn pod_row(pod: &Pod, now: u64) -> Vec<String> {
    let snapshot = &pod.snapshot;
    vec![
        ready_column(snapshot, pod.model),
        snapshot.status_text(),
        "0".to_string(),
        super::duration::human_duration(now as i64 - pod.created as i64),
        NONE.to_string(),
        snapshot.node.as_deref().unwrap_or(NONE).to_string(),
        NONE.to_string(),
        NONE.to_string(),
    ]
}

/// CONTAINERS and IMAGES (`layoutContainerCells`): the template's, the first container
/// running `image` (the one `kubectl set image` changes).
fn containers(model: &Deployment, image: &str) -> [String; 2] {
    let spec = &model.template.spec.containers;
    let names: Vec<&str> = spec.iter().map(|c| c.name.as_str()).collect();
    let images: Vec<&str> = spec
        .iter()
        .enumerate()
        .map(|(i, c)| if i == 0 { image } else { c.image.as_str() })
        .collect();
    [names.join(","), images.join(",")]
}

/// `metav1.FormatLabelSelector`: requirements by key, `key=value`, `key in (a,b)`, `key`,
/// `!key`; `pod-template-hash` added for a ReplicaSet.
fn selector_text(selector: &LabelSelector, hash: Option<&str>) -> String {
    let mut labels = selector.match_labels.clone();
    if let Some(hash) = hash {
        labels.insert("pod-template-hash".to_string(), hash.to_string());
    }
    let mut terms: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
    for requirement in &selector.match_expressions {
        let values = requirement.values.join(",");
        let key = &requirement.key;
        terms.push(match requirement.operator.as_str() {
            "In" => format!("{key} in ({values})"),
            "NotIn" => format!("{key} notin ({values})"),
            "DoesNotExist" => format!("!{key}"),
            _ => key.clone(),
        });
    }
    super::cluster::sort_by_name(&mut terms, |term| term.trim_start_matches('!'));
    or_none(terms.join(","))
}

/// `labels.FormatLabels`: `key=value` by key.
pub fn labels_text<'a>(labels: impl Iterator<Item = (&'a String, &'a String)>) -> String {
    labels
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// The followed Deployment's autoscaler: its spec from the manifest, its status from the frame.
fn autoscaler_row(moment: &Moment) -> Option<(String, Vec<String>)> {
    let spec = moment.run.scenario.autoscaler.as_ref()?;
    let status = moment.frame.hpa.as_ref()?;
    let last = moment
        .run
        .trace
        .autoscaler_decisions
        .iter()
        .rev()
        .find(|d| d.time <= moment.now);
    let mut targets = Vec::new();
    match spec.cpu_target {
        Some(CpuTarget::Utilization(percent)) => targets.push(format!(
            "cpu: {}/{percent}%",
            status
                .cpu_utilization
                .map_or(UNKNOWN.to_string(), |u| format!("{u}%"))
        )),
        Some(CpuTarget::AverageValueMilli(milli)) => {
            let current = last.and_then(|d| match &d.outcome {
                DecisionOutcome::Measured(m) => Some(Quantity::from_milli(m.value).to_string()),
                _ => None,
            });
            targets.push(format!(
                "cpu: {}/{}",
                current.as_deref().unwrap_or(UNKNOWN),
                Quantity::from_milli(milli)
            ));
        }
        None => {}
    }
    for metric in &spec.custom_metrics {
        let current = last.and_then(|d| match &d.outcome {
            DecisionOutcome::MeasuredCustom(c) => c
                .readings
                .iter()
                .find(|r| r.name == metric.name)
                .map(|r| Quantity::from_milli(r.value_milli).to_string()),
            _ => None,
        });
        let current = current.as_deref().unwrap_or(UNKNOWN);
        let averaged = metric.source != MetricSource::Pods;
        targets.push(match metric.target {
            Some(CustomTarget::AverageValue(milli)) if averaged => {
                format!("{current}/{} (avg)", Quantity::from_milli(milli))
            }
            Some(CustomTarget::AverageValue(milli) | CustomTarget::Value(milli)) => {
                format!("{current}/{}", Quantity::from_milli(milli))
            }
            None => format!("{current}/{UNKNOWN}"),
        });
    }
    // `formatHPAMetrics` shows two metrics and counts the rest.
    let more = targets.len().saturating_sub(2);
    targets.truncate(2);
    let mut targets = or_none(targets.join(", "));
    if more > 0 {
        targets.push_str(&format!(" + {more} more..."));
    }
    let created = moment.autoscaler_created.unwrap_or(0);
    Some((
        spec.name.clone(),
        vec![
            format!("{}/{}", spec.target_kind, spec.target_name),
            targets,
            spec.min_replicas.to_string(),
            spec.max_replicas.to_string(),
            status.current_replicas.to_string(),
            moment.age(created),
        ],
    ))
}

const UNKNOWN: &str = "<unknown>";

/// `kubectl get KINDS [NAMES]`: each kind's table (names prefixed by kind when several kinds
/// are asked), a blank line between tables, `Error from server (NotFound)` for each name
/// asked that no kind has, and kubectl's line when nothing is found.
pub fn get(
    moment: &Moment,
    kinds: &[Kind],
    names: &[String],
    scope: &Scope,
    wide: bool,
) -> (String, bool) {
    let with_kind = kinds.len() > 1;
    let mut tables = Vec::new();
    // kubectl asks for each kind and name; each that is not there is reported after the tables.
    let mut not_found = Vec::new();
    for &kind in kinds {
        let listing = listing(moment, kind, scope, wide);
        for name in names {
            if !listing.rows.iter().any(|(listed, _)| listed == name) {
                not_found.push(format!(
                    "Error from server (NotFound): {} \"{name}\" not found",
                    kind.resource()
                ));
            }
        }
        let rows: Vec<Vec<String>> = listing
            .rows
            .into_iter()
            .filter(|(name, _)| names.is_empty() || names.contains(name))
            .map(|(name, mut cells)| {
                let name = if with_kind {
                    format!("{}/{name}", kind.kind_prefix())
                } else {
                    name
                };
                cells.insert(usize::from(*scope == Scope::All), name);
                cells
            })
            .collect();
        if !rows.is_empty() {
            tables.push(get_table(&mut TabWriter::for_get(), &listing.header, &rows));
        }
    }
    let missing = !not_found.is_empty();
    let mut text = tables.join("\n\n");
    for line in not_found {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&line);
    }
    if text.is_empty() {
        text = no_resources(scope);
    }
    (text, missing)
}

/// `No resources found in default namespace.` (`No resources found` with `-A`).
pub fn no_resources(scope: &Scope) -> String {
    match scope {
        Scope::All => "No resources found".to_string(),
        Scope::Namespace(namespace) => format!("No resources found in {namespace} namespace."),
    }
}
