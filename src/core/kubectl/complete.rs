//! Tab completion: for a partial command line, what the word being typed may become — a
//! command, a resource type, a flag or its value, or the name of an object the cluster holds
//! at the moment. Each candidate replaces the whole last word (in a list like `deploy,po`,
//! the part before the last comma is kept).

use super::cluster::{Moment, sort_by_name};
use super::command::{ALL, ANSWERED, Kind};

/// Flags that take the next word as their value.
const VALUED: [&str; 5] = ["-n", "--namespace", "-o", "--output", "--sort-by"];

const GET_FLAGS: [&str; 9] = [
    "--all-namespaces",
    "--namespace",
    "--output",
    "--sort-by",
    "--watch",
    "-A",
    "-n",
    "-o",
    "-w",
];

/// The candidates for the last word of `partial` at frame `frame` of the run.
pub fn complete(moment: &Moment, partial: &str) -> Vec<String> {
    let mut words: Vec<&str> = partial.split_whitespace().collect();
    let current = if partial.ends_with(char::is_whitespace) || partial.is_empty() {
        ""
    } else {
        words.pop().unwrap_or("")
    };
    let typed_kubectl = words.first() == Some(&"kubectl");
    if typed_kubectl {
        words.remove(0);
    }
    let previous_flag = words.last().copied().filter(|w| VALUED.contains(w));
    let mut positional = Vec::new();
    let mut skip_value = false;
    for word in &words {
        if skip_value {
            skip_value = false;
        } else if word.starts_with('-') {
            skip_value = VALUED.contains(word);
        } else {
            positional.push(*word);
        }
    }
    let candidates: Vec<String> = match (previous_flag, positional.as_slice()) {
        (Some("-o" | "--output"), _) => vec!["wide".to_string()],
        (Some("-n" | "--namespace"), _) => {
            let mut namespaces: Vec<String> = Vec::new();
            for workload in &moment.workloads {
                if !namespaces.contains(&workload.model.namespace) {
                    namespaces.push(workload.model.namespace.clone());
                }
            }
            namespaces
        }
        (Some(_), _) => vec![
            ".lastTimestamp".to_string(),
            ".metadata.creationTimestamp".to_string(),
        ],
        _ if current.starts_with('-') => match positional.first() {
            Some(&"get") => GET_FLAGS.iter().map(|f| f.to_string()).collect(),
            _ => ["--all-namespaces", "--namespace", "-A", "-n"]
                .iter()
                .map(|f| f.to_string())
                .collect(),
        },
        (None, []) => {
            let mut commands: Vec<String> = ANSWERED.iter().map(|c| c.to_string()).collect();
            if !typed_kubectl {
                commands.insert(0, "kubectl".to_string());
            }
            commands
        }
        (None, ["get"]) => {
            let (head, _) = current.rsplit_once(',').unwrap_or(("", ""));
            let prefix = if head.is_empty() {
                String::new()
            } else {
                format!("{head},")
            };
            let mut types = vec![format!("{prefix}all")];
            types.extend(
                ALL.iter()
                    .chain(&[Kind::Event])
                    .map(|kind| format!("{prefix}{}", plural(*kind))),
            );
            if !head.is_empty() {
                types.remove(0);
            }
            types
        }
        (None, ["describe"]) | (None, ["top"]) => vec![plural(Kind::Pod).to_string()],
        (None, ["rollout"]) => vec!["status".to_string()],
        (None, ["rollout", "status"]) => names(moment, Kind::Deployment)
            .into_iter()
            .map(|name| format!("deployment/{name}"))
            .collect(),
        (None, ["get", kind]) | (None, ["describe", kind]) => match Kind::named(kind) {
            Some(kind) => names(moment, kind),
            None => Vec::new(),
        },
        (None, ["top", kind]) if Kind::named(kind) == Some(Kind::Pod) => names(moment, Kind::Pod),
        _ => Vec::new(),
    };
    candidates
        .into_iter()
        .filter(|candidate| candidate.starts_with(current) && candidate != current)
        .collect()
}

fn plural(kind: Kind) -> &'static str {
    kind.names()[1]
}

/// The names of the objects of `kind` at the moment, by name.
fn names(moment: &Moment, kind: Kind) -> Vec<String> {
    let mut names: Vec<String> = match kind {
        Kind::Deployment => moment
            .workloads
            .iter()
            .filter(|w| w.status.exists)
            .map(|w| w.model.name.clone())
            .collect(),
        Kind::ReplicaSet => moment
            .workloads
            .iter()
            .flat_map(|w| w.replica_sets.iter().map(|rs| rs.name.clone()))
            .collect(),
        Kind::Pod => moment
            .pods
            .iter()
            .map(|p| p.snapshot.name.to_string())
            .collect(),
        Kind::Service => moment
            .services
            .iter()
            .map(|s| s.model.name.clone())
            .collect(),
        Kind::Autoscaler => moment
            .run
            .scenario
            .autoscaler
            .iter()
            .filter(|_| moment.frame.hpa.is_some())
            .map(|hpa| hpa.name.clone())
            .collect(),
        Kind::Event => Vec::new(),
    };
    sort_by_name(&mut names, |name| name);
    names
}
