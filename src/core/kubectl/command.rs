//! Reading a command line: which read-only command it is, the resource types and names it
//! gives, the namespace it reads; a line this mode does not answer gets kubectl's wording
//! (`wording`, `flags`, `kinds`).

use super::flags::Flags;
pub use super::kinds::{ALL, Kind};
use super::kinds::{resource_type, status_viewer_kind};
pub use super::wording::ANSWERED;
use super::wording::{
    COMMANDS, MUTATING, no_resource_type, read_only, unknown_command, unknown_command_of,
};

/// Which namespace a command reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    Namespace(String),
    /// `-A`: every namespace, with a NAMESPACE column.
    All,
}

impl Scope {
    /// Whether an object in `namespace` is read.
    pub fn holds(&self, namespace: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Namespace(wanted) => wanted == namespace,
        }
    }
}

/// A command this mode answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    Get {
        kinds: Vec<Kind>,
        names: Vec<String>,
        wide: bool,
        watch: bool,
        /// `--sort-by=.lastTimestamp` (or another timestamp): events in time order.
        by_time: bool,
    },
    /// `kubectl events`: the events in time order, repeats counted.
    Events,
    Describe {
        kind: Kind,
        names: Vec<String>,
    },
    TopPods {
        names: Vec<String>,
    },
    RolloutStatus {
        name: String,
    },
    /// `kubectl`, `kubectl help`: what this mode answers.
    Help,
}

/// A parsed line: the request and the namespace it reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    pub request: Request,
    pub scope: Scope,
}

/// Reads a command line (`kubectl` optional). `Err` holds what kubectl would print.
pub fn parse(line: &str) -> Result<Parsed, String> {
    let mut words: Vec<&str> = line.split_whitespace().collect();
    if words.first() == Some(&"kubectl") {
        words.remove(0);
    }
    let mut flags = Flags::default();
    let mut positional = Vec::new();
    let mut flag_error = None;
    let mut words = words.into_iter();
    while let Some(word) = words.next() {
        if word.starts_with('-') && word.len() > 1 {
            if let Err(error) = flags.read(word, &mut words) {
                flag_error.get_or_insert(error);
            }
        } else {
            positional.push(word);
        }
    }
    // A command that would change the cluster is told so whatever its flags.
    if let Some(command) = positional.first().filter(|c| MUTATING.contains(*c)) {
        return Err(read_only(command));
    }
    if let Some(error) = flag_error {
        let command = positional.first().map(|c| format!("kubectl {c}"));
        return Err(format!(
            "{error}\nSee '{} --help' for usage.",
            command.as_deref().unwrap_or("kubectl")
        ));
    }
    let scope = match (flags.all, flags.namespace.take()) {
        (true, _) => Scope::All,
        (false, namespace) => Scope::Namespace(namespace.unwrap_or_else(|| "default".into())),
    };
    let Some((&command, arguments)) = positional.split_first().filter(|_| !flags.help) else {
        return Ok(Parsed {
            request: Request::Help,
            scope,
        });
    };
    flags.check_for(command)?;
    let request = match command {
        "get" => get(arguments, &flags)?,
        "describe" => described(arguments)?,
        "events" => Request::Events,
        "top" => top(arguments)?,
        "rollout" => rollout(arguments)?,
        "help" => Request::Help,
        _ if MUTATING.contains(&command) => return Err(read_only(command)),
        _ if COMMANDS.contains(&command) => {
            return Err(format!(
                "error: `kubectl {command}` is not simulated in this mode: it answers get, describe, events, rollout status and top pods"
            ));
        }
        _ => return Err(unknown_command(command)),
    };
    Ok(Parsed { request, scope })
}

fn get(arguments: &[&str], flags: &Flags) -> Result<Request, String> {
    let Some((&types, names)) = arguments.split_first() else {
        return Err(no_resource_type("get"));
    };
    let kinds = if types.eq_ignore_ascii_case("all") {
        ALL.to_vec()
    } else {
        types
            .split(',')
            .map(resource_type)
            .collect::<Result<Vec<_>, _>>()?
    };
    match flags.output.as_deref() {
        None | Some("wide") => {}
        Some(other) => {
            return Err(format!(
                "error: this mode prints tables: `-o {other}` is not simulated (try `-o wide`)"
            ));
        }
    }
    if flags.watch && kinds != [Kind::Pod] {
        return Err("error: this mode watches pods only: `kubectl get pods -w`".to_string());
    }
    Ok(Request::Get {
        kinds,
        names: names.iter().map(|n| n.to_string()).collect(),
        wide: flags.output.is_some(),
        watch: flags.watch,
        by_time: flags.sort_by.is_some(),
    })
}

fn described(arguments: &[&str]) -> Result<Request, String> {
    let Some((&kind, names)) = arguments.split_first() else {
        return Err(no_resource_type("describe"));
    };
    let (kind, names) = match kind.split_once('/') {
        Some((kind, name)) => (resource_type(kind)?, vec![name.to_string()]),
        None => (
            resource_type(kind)?,
            names.iter().map(|n| n.to_string()).collect(),
        ),
    };
    if kind != Kind::Pod {
        return Err(
            "error: this mode describes pods (`kubectl describe pod NAME`); `kubectl get` lists the other kinds"
                .to_string(),
        );
    }
    Ok(Request::Describe { kind, names })
}

fn top(arguments: &[&str]) -> Result<Request, String> {
    match arguments.split_first() {
        Some((&kind, names)) if Kind::named(kind) == Some(Kind::Pod) => Ok(Request::TopPods {
            names: names.iter().map(|n| n.to_string()).collect(),
        }),
        Some((&"node" | &"nodes" | &"no", _)) => Err(
            "error: this mode measures pods only (`kubectl top pods`): the simulated nodes report no usage"
                .to_string(),
        ),
        Some((&other, _)) => Err(unknown_command_of(other, "kubectl top")),
        None => Err("error: specify pods: `kubectl top pods`".to_string()),
    }
}

fn rollout(arguments: &[&str]) -> Result<Request, String> {
    let (subcommand, rest) = match arguments.split_first() {
        Some((&subcommand, rest)) => (subcommand, rest),
        None => {
            return Err(
                "error: specify a subcommand: `kubectl rollout status deployment/NAME`".into(),
            );
        }
    };
    match subcommand {
        "status" => {}
        "undo" | "restart" | "pause" | "resume" => return Err(read_only(subcommand)),
        "history" => {
            return Err(
                "error: `kubectl rollout history` is not simulated in this mode; `kubectl get rs` lists the revisions' ReplicaSets"
                    .to_string(),
            );
        }
        other => return Err(unknown_command_of(other, "kubectl rollout")),
    }
    let (kind, name) = match rest {
        [target] => match target.split_once('/') {
            Some((kind, name)) => (kind, name),
            None => {
                return Err(
                    "error: specify a deployment: `kubectl rollout status deployment/NAME`".into(),
                );
            }
        },
        [kind, name] => (*kind, *name),
        _ => return Err("error: required resource not specified".to_string()),
    };
    match resource_type(kind)? {
        Kind::Deployment => Ok(Request::RolloutStatus {
            name: name.to_string(),
        }),
        other => Err(format!(
            "error: no status viewer has been implemented for {}",
            status_viewer_kind(other)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(line: &str) -> Request {
        parse(line).expect("parses").request
    }

    #[test]
    fn kinds_answer_to_kubectls_names() {
        for (word, kind) in [
            ("deploy", Kind::Deployment),
            ("deployments.apps", Kind::Deployment),
            ("RS", Kind::ReplicaSet),
            ("po", Kind::Pod),
            ("svc", Kind::Service),
            ("hpa", Kind::Autoscaler),
            ("horizontalpodautoscaler.autoscaling", Kind::Autoscaler),
            ("ev", Kind::Event),
        ] {
            assert_eq!(Kind::named(word), Some(kind), "{word}");
        }
        assert_eq!(Kind::named("deploy.apps"), Some(Kind::Deployment));
        assert_eq!(Kind::named("pods.apps"), None);
    }

    #[test]
    fn flags_stand_anywhere_in_any_spelling() {
        let wide_pods = Request::Get {
            kinds: vec![Kind::Pod],
            names: Vec::new(),
            wide: true,
            watch: true,
            by_time: false,
        };
        for line in [
            "get pods -o wide -w",
            "kubectl -w get -owide pods",
            "get --watch pods --output=wide",
        ] {
            assert_eq!(request(line), wide_pods, "{line}");
        }
        let parsed = parse("get pods -n ml").unwrap();
        assert_eq!(parsed.scope, Scope::Namespace("ml".to_string()));
        assert_eq!(parse("get pods -A").unwrap().scope, Scope::All);
        assert_eq!(request("kubectl"), Request::Help);
    }

    #[test]
    fn rollout_status_takes_kind_slash_name_or_two_words() {
        let status = Request::RolloutStatus {
            name: "web".to_string(),
        };
        assert_eq!(request("rollout status deployment/web"), status);
        assert_eq!(request("rollout status deploy web"), status);
    }
}
