//! The kubectl mode: what real kubectl would print for a read-only command typed at one
//! moment (a frame) of a simulation run, in kubectl's own columns and wording. Everything is
//! read from the run: the trace's frames, pod changes and events, and the manifest's typed
//! objects; nothing is invented, and what the simulation has no value for is left out or
//! printed as kubectl prints an empty field.
//!
//! `command` reads the line (with `flags`, `kinds` and kubectl's `wording` for what it does
//! not answer), `cluster` gathers the moment, `get`, `watch`, `describe`, `events`,
//! `rollout` and `top` print, `table` aligns as Go's tabwriter does, `duration` writes AGE,
//! `complete` offers Tab completions.

mod cluster;
mod command;
mod complete;
mod describe;
mod duration;
mod events;
mod flags;
mod get;
mod kinds;
mod rollout;
mod table;
mod top;
mod watch;
mod wording;

pub use duration::human_duration;

use crate::core::analysis::Run;
use command::{Kind, Request};

/// What a command printed, and whether kubectl would have reported an error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandOutput {
    pub text: String,
    pub is_error: bool,
}

impl CommandOutput {
    fn new(text: String, is_error: bool) -> CommandOutput {
        CommandOutput { text, is_error }
    }
}

/// The output of `line` (with or without the leading `kubectl`) at frame `frame` of `run`
/// (past the last frame: at the last).
pub fn run_command(run: &Run, frame: usize, line: &str) -> CommandOutput {
    let parsed = match command::parse(line) {
        Ok(parsed) => parsed,
        Err(message) => return CommandOutput::new(message, true),
    };
    let Some(moment) = cluster::Moment::at(run, frame) else {
        return CommandOutput::new("error: the run recorded no moment".to_string(), true);
    };
    let scope = &parsed.scope;
    let (text, is_error) = match parsed.request {
        Request::Help => (HELP.to_string(), false),
        Request::Get { kinds, .. } if kinds.contains(&Kind::Event) && kinds.len() > 1 => (
            "error: this mode lists events on their own: `kubectl get events`".to_string(),
            true,
        ),
        Request::Get { kinds, by_time, .. } if kinds == [Kind::Event] => {
            (events::list(&moment, scope, by_time, false), false)
        }
        Request::Get {
            watch: true, wide, ..
        } => (watch::pods(&moment, scope, wide), false),
        Request::Get {
            kinds, names, wide, ..
        } => get::get(&moment, &kinds, &names, scope, wide),
        Request::Events => (events::list(&moment, scope, true, true), false),
        Request::Describe { names, .. } => match describe::describe_pods(&moment, &names) {
            Ok(text) => (text, false),
            Err(text) => (text, true),
        },
        Request::TopPods { names } => top::pods(&moment, &names, scope),
        Request::RolloutStatus { name } => rollout::status(&moment, &name, scope),
    };
    CommandOutput::new(text, is_error)
}

/// Tab completion: what the last word of `partial` may become at frame `frame`.
pub fn complete(run: &Run, frame: usize, partial: &str) -> Vec<String> {
    match cluster::Moment::at(run, frame) {
        Some(moment) => complete::complete(&moment, partial),
        None => Vec::new(),
    }
}

/// What Tab does to the prompt's line: the line after it, and the candidates to show when
/// more than one remains (a shell's completion: one candidate is taken with a space after it;
/// several fill in what they share).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub line: String,
    pub candidates: Vec<String>,
}

/// Tab at the prompt holding `line`, at frame `frame`.
pub fn complete_line(run: &Run, frame: usize, line: &str) -> Completion {
    let found = complete(run, frame, line);
    let start = line.rfind(' ').map_or(0, |space| space + 1);
    let with_last_word = |word: &str| format!("{}{word}", &line[..start]);
    match found.as_slice() {
        [] => Completion {
            line: line.to_string(),
            candidates: Vec::new(),
        },
        [only] => Completion {
            line: format!("{} ", with_last_word(only)),
            candidates: Vec::new(),
        },
        several => Completion {
            line: with_last_word(&common_prefix(several)),
            candidates: found,
        },
    }
}

/// The longest text every candidate starts with.
fn common_prefix(candidates: &[String]) -> String {
    let Some(first) = candidates.first() else {
        return String::new();
    };
    let mut length = first.len();
    for other in candidates {
        let shared = first
            .char_indices()
            .zip(other.chars())
            .find(|((_, a), b)| a != b)
            .map_or(first.len().min(other.len()), |((at, _), _)| at);
        length = length.min(shared);
    }
    first[..length].to_string()
}

const HELP: &str = "This terminal answers read-only kubectl commands at the moment on screen:

  kubectl get deploy,rs,pods,svc,hpa [-o wide]   list objects (each kind alone too, or all)
  kubectl get pods -w                            watch pods from the start of this step
  kubectl describe pod NAME                      one pod in detail, with its events
  kubectl get events                             what the controllers and the kubelet reported
  kubectl rollout status deployment/NAME         the rollout's progress
  kubectl top pods                               each pod's CPU use

Flags: -o wide, -w, -n NAMESPACE, -A, --sort-by=.lastTimestamp. The cluster is the
simulation of your YAML: commands that change it (apply, scale, delete...) are not answered.";
