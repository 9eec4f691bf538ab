//! kubectl's own words when a line is not a command this mode answers: cobra's
//! unknown-command error with its suggestions, kubectl's missing-resource-type message, and
//! the honest note that this mode is read-only.

/// Top-level kubectl commands (`kubectl --help`), for suggestions and completion.
pub const COMMANDS: [&str; 45] = [
    "alpha",
    "annotate",
    "api-resources",
    "api-versions",
    "apply",
    "attach",
    "auth",
    "autoscale",
    "certificate",
    "cluster-info",
    "completion",
    "config",
    "cordon",
    "cp",
    "create",
    "debug",
    "delete",
    "describe",
    "diff",
    "drain",
    "edit",
    "events",
    "exec",
    "explain",
    "expose",
    "get",
    "help",
    "kustomize",
    "label",
    "logs",
    "options",
    "patch",
    "plugin",
    "port-forward",
    "proxy",
    "replace",
    "rollout",
    "run",
    "scale",
    "set",
    "taint",
    "top",
    "uncordon",
    "version",
    "wait",
];

/// Commands that change the cluster: this mode replays a finished simulation.
pub const MUTATING: [&str; 21] = [
    "annotate",
    "apply",
    "attach",
    "autoscale",
    "certificate",
    "cordon",
    "cp",
    "create",
    "debug",
    "delete",
    "drain",
    "edit",
    "exec",
    "expose",
    "label",
    "patch",
    "replace",
    "run",
    "scale",
    "set",
    "taint",
];

/// Commands this mode answers, for completion.
pub const ANSWERED: [&str; 5] = ["describe", "events", "get", "rollout", "top"];

pub fn no_resource_type(command: &str) -> String {
    format!(
        "You must specify the type of resource to {command}. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl {command} -h' for help and examples"
    )
}

pub fn read_only(command: &str) -> String {
    format!(
        "error: this kubectl mode is read-only: `{command}` would change the cluster, and here the cluster is a finished simulation of your YAML. Edit the YAML to change what happens."
    )
}

pub fn unknown_command(command: &str) -> String {
    unknown_command_of(command, "kubectl")
}

/// cobra's `unknown command "x" for "kubectl"`, with its suggestions (names within two edits,
/// or starting with what was typed) for top-level commands.
pub fn unknown_command_of(command: &str, path: &str) -> String {
    let mut text = format!("error: unknown command \"{command}\" for \"{path}\"");
    if path == "kubectl" {
        let typed = command.to_ascii_lowercase();
        let suggestions: Vec<&str> = COMMANDS
            .iter()
            .copied()
            .filter(|name| edit_distance(&typed, name) <= 2 || name.starts_with(typed.as_str()))
            .collect();
        if !suggestions.is_empty() {
            text.push_str("\n\nDid you mean this?\n");
            for name in suggestions {
                text.push('\t');
                text.push_str(name);
                text.push('\n');
            }
        }
    }
    text.push_str(&format!("\nRun '{path} --help' for usage."));
    text
}

/// Levenshtein distance, as cobra's `ld` computes it for suggestions.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}
