//! `kubectl describe pod` (k8s.io/kubectl `pkg/describe/describe.go`, `describePod`,
//! `describeContainers`, `describeStatus`, `printLabelsMultiline`, `DescribeEvents`): the
//! fields the trace holds, in kubectl's order and wording, through one tab writer.
//!
//! Left out because the simulation has no value for them: Start Time and container start
//! times (no wall clock), IPs (none allocated), container and image IDs, probes' actions,
//! environment, mounts, volumes and tolerations the API server would add.

use std::collections::BTreeMap;

use super::cluster::{Moment, Pod};
use super::events;
use super::table::TabWriter;
use crate::core::manifest::model::{Container, Deployment};
use crate::core::quantity::Quantity;
use crate::core::sim::trace::{PodPhase, PodStatus};

/// `kubectl describe pod [NAMES]`: the pods named, else every pod whose name starts with
/// the name given (kubectl's fallback), else all pods; `Err` with kubectl's NotFound line.
pub fn describe_pods(moment: &Moment, names: &[String]) -> Result<String, String> {
    let mut described = Vec::new();
    let wanted: Vec<&Pod> = if names.is_empty() {
        moment.pods.iter().collect()
    } else {
        let mut wanted = Vec::new();
        for name in names {
            let exact: Vec<&Pod> = moment
                .pods
                .iter()
                .filter(|p| &*p.snapshot.name == name)
                .collect();
            let matched = if exact.is_empty() {
                moment
                    .pods
                    .iter()
                    .filter(|p| p.snapshot.name.starts_with(name.as_str()))
                    .collect()
            } else {
                exact
            };
            if matched.is_empty() {
                return Err(format!(
                    "Error from server (NotFound): pods \"{name}\" not found"
                ));
            }
            wanted.extend(matched);
        }
        wanted
    };
    if wanted.is_empty() {
        return Err(super::get::no_resources(&super::command::Scope::Namespace(
            moment.namespace().to_string(),
        )));
    }
    let events = events::folded(moment);
    let mut by_object: Vec<&events::Folded> = events.iter().collect();
    super::cluster::sort_by_name(&mut by_object, |e| &e.record.object);
    for pod in wanted {
        described.push(TabWriter::for_describe().format(&pod_text(moment, &by_object, pod)));
    }
    // `kubectl describe` writes a blank line and then one more before each further object.
    Ok(described.join("\n\n\n"))
}

/// One pod's description as tab-separated lines.
fn pod_text(moment: &Moment, events: &[&events::Folded], pod: &Pod) -> String {
    let snapshot = &pod.snapshot;
    let model = pod.model;
    let spec = &model.template.spec;
    let mut text = String::new();
    let mut line = |label: &str, value: &str| {
        text.push_str(label);
        text.push_str(":\t");
        text.push_str(value);
        text.push('\n');
    };
    line("Name", &snapshot.name);
    line("Namespace", &model.namespace);
    line("Node", snapshot.node.as_deref().unwrap_or("<none>"));
    let replica_set = moment.replica_set_of(snapshot);
    let mut labels = model.template.labels.clone();
    if let Some(hash) = replica_set.and_then(|rs| rs.name.strip_prefix(&format!("{}-", model.name)))
    {
        labels.insert("pod-template-hash".to_string(), hash.to_string());
    }
    multiline(&mut text, "", "Labels", &labels);
    match pod.deleting_since {
        Some(since) if snapshot.terminating => {
            let grace = spec.termination_grace_period_seconds.max(0) as u64;
            let until = (since + grace) as i64 - moment.now as i64;
            text.push_str(&format!(
                "Status:\tTerminating (lasts {})\nTermination Grace Period:\t{grace}s\n",
                super::duration::human_duration(until)
            ));
        }
        _ => text.push_str(&format!("Status:\t{}\n", snapshot.phase.as_str())),
    }
    if let Some(rs) = replica_set {
        text.push_str(&format!("Controlled By:\tReplicaSet/{}\n", rs.name));
    }
    let bound = snapshot.node.is_some();
    if !spec.init_containers.is_empty() {
        text.push_str("Init Containers:\n");
        for (index, container) in spec.init_containers.iter().enumerate() {
            let state = bound.then(|| init_state(snapshot.init_done, index, container));
            container_text(&mut text, moment, container, &container.image, state);
        }
    }
    text.push_str("Containers:\n");
    for (index, container) in spec.containers.iter().enumerate() {
        let image = if index == 0 {
            &*snapshot.image
        } else {
            container.image.as_str()
        };
        let state = bound.then(|| app_state(pod, index, container));
        container_text(&mut text, moment, container, image, state);
    }
    text.push_str("Conditions:\n  Type\tStatus\n");
    for (condition, status) in conditions(pod) {
        text.push_str(&format!(
            "  {condition} \t{} \n",
            if status { "True" } else { "False" }
        ));
    }
    text.push_str(&format!("QoS Class:\t{}\n", qos_class(model, moment)));
    multiline(&mut text, "", "Node-Selectors", &spec.node_selector);
    text.push_str(&events::describe_section(
        moment,
        events,
        &format!("pod/{}", snapshot.name),
    ));
    text.truncate(text.trim_end_matches('\n').len());
    text
}

/// `printLabelsMultilineWithIndent`: the first `key=value` beside the title, the rest under it.
fn multiline(text: &mut String, indent: &str, title: &str, labels: &BTreeMap<String, String>) {
    text.push_str(&format!("{indent}{title}:\t"));
    if labels.is_empty() {
        text.push_str("<none>\n");
    }
    for (i, (key, value)) in labels.iter().enumerate() {
        if i > 0 {
            text.push_str(indent);
            text.push('\t');
        }
        text.push_str(&format!("{key}={value}\n"));
    }
}

/// A container's state as `describeStatus` prints it: the state, then its reason.
struct State {
    state: &'static str,
    reason: Option<&'static str>,
    ready: bool,
}

fn init_state(done: usize, index: usize, container: &Container) -> State {
    match (index < done, container.is_sidecar()) {
        (true, true) => State {
            state: "Running",
            reason: None,
            ready: container.readiness_probe.is_none(),
        },
        (true, false) => State {
            state: "Terminated",
            reason: Some("Completed"),
            ready: false,
        },
        (false, _) if index == done => State {
            state: "Running",
            reason: None,
            ready: false,
        },
        (false, _) => State {
            state: "Waiting",
            reason: Some("PodInitializing"),
            ready: false,
        },
    }
}

fn app_state(pod: &Pod, index: usize, container: &Container) -> State {
    let snapshot = &pod.snapshot;
    if snapshot.phase == PodPhase::Running {
        let ready = snapshot.ready || (index > 0 && container.readiness_probe.is_none());
        return State {
            state: "Running",
            reason: None,
            ready,
        };
    }
    let reason = match snapshot.status {
        PodStatus::ErrImageNeverPull => "ErrImageNeverPull",
        PodStatus::Init | PodStatus::PodInitializing => "PodInitializing",
        _ => "ContainerCreating",
    };
    State {
        state: "Waiting",
        reason: Some(reason),
        ready: false,
    }
}

/// One container (`describeContainers`): image, ports, state, resources.
fn container_text(
    text: &mut String,
    moment: &Moment,
    container: &Container,
    image: &str,
    state: Option<State>,
) {
    text.push_str(&format!("  {}:\n    Image:\t{image}\n", container.name));
    let ports: Vec<String> = container
        .ports
        .iter()
        .map(|p| format!("{}/{}", p.container_port, p.protocol))
        .collect();
    let host_ports: Vec<String> = container
        .ports
        .iter()
        .map(|p| format!("0/{}", p.protocol))
        .collect();
    for (singular, plural, values) in [
        ("Port", "Ports", ports),
        ("Host Port", "Host Ports", host_ports),
    ] {
        let label = if values.len() > 1 { plural } else { singular };
        let joined = values.join(", ");
        text.push_str(&format!(
            "    {label}:\t{}\n",
            if joined.is_empty() { "<none>" } else { &joined }
        ));
    }
    if let Some(state) = state {
        text.push_str(&format!("    State:\t{}\n", state.state));
        if let Some(reason) = state.reason {
            text.push_str(&format!("      Reason:\t{reason}\n"));
        }
        if state.state == "Terminated" {
            // An init container is done only when it exits successfully.
            text.push_str("      Exit Code:\t0\n");
        }
        text.push_str(&format!(
            "    Ready:\t{}\n    Restart Count:\t0\n",
            if state.ready { "True" } else { "False" }
        ));
    }
    let (limits, requests) = admitted(container, moment);
    for (title, values) in [("Limits", limits), ("Requests", requests)] {
        if !values.is_empty() {
            text.push_str(&format!("    {title}:\n"));
        }
        for (name, quantity) in &values {
            text.push_str(&format!("      {name}:\t{quantity}\n"));
        }
    }
}

/// A container's resources as the API server stores them: requests default to limits, then
/// the LimitRange fills in its defaults (`LimitRanger` admission).
fn admitted(
    container: &Container,
    moment: &Moment,
) -> (BTreeMap<String, Quantity>, BTreeMap<String, Quantity>) {
    let resources = &container.resources;
    let mut limits = resources.limits.clone();
    let mut requests = resources.requests.clone();
    for (name, quantity) in &resources.limits {
        requests.entry(name.clone()).or_insert(*quantity);
    }
    if let Some(range) = &moment.run.scenario.limit_range {
        for (name, quantity) in &range.default_limit {
            limits.entry(name.clone()).or_insert(*quantity);
        }
        for (name, quantity) in &range.default_request {
            requests.entry(name.clone()).or_insert(*quantity);
        }
    }
    (limits, requests)
}

/// The pod's conditions in the kubelet's order.
fn conditions(pod: &Pod) -> Vec<(&'static str, bool)> {
    let snapshot = &pod.snapshot;
    if snapshot.node.is_none() {
        return vec![("PodScheduled", false)];
    }
    let initialized = snapshot.init_done >= snapshot.init_total;
    vec![
        // The sandbox exists once the pod is bound: images are pulled into it.
        ("PodReadyToStartContainers", true),
        ("Initialized", initialized),
        ("Ready", snapshot.ready),
        ("ContainersReady", snapshot.ready),
        ("PodScheduled", true),
    ]
}

/// `qos.GetPodQOS`: Guaranteed when every container limits CPU and memory at its requests,
/// BestEffort when none requests or limits CPU or memory, else Burstable.
fn qos_class(model: &Deployment, moment: &Moment) -> &'static str {
    let spec = &model.template.spec;
    let all: Vec<_> = spec
        .containers
        .iter()
        .chain(&spec.init_containers)
        .map(|c| admitted(c, moment))
        .collect();
    let compute = |resources: &BTreeMap<String, Quantity>| {
        resources.contains_key("cpu") || resources.contains_key("memory")
    };
    if all
        .iter()
        .all(|(limits, requests)| !compute(limits) && !compute(requests))
    {
        return "BestEffort";
    }
    let guaranteed = all.iter().all(|(limits, requests)| {
        ["cpu", "memory"].iter().all(|resource| {
            limits.get(*resource).is_some_and(|limit| {
                requests
                    .get(*resource)
                    .is_some_and(|request| request.cmp_value(limit).is_eq())
            })
        })
    });
    if guaranteed {
        "Guaranteed"
    } else {
        "Burstable"
    }
}
