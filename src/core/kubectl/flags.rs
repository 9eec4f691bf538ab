//! The flags of a command line, wherever they stand (`-o wide`, `-owide`, `--output=wide`),
//! and pflag's wording for a flag a command does not take.

/// The flags of a line, wherever they stand.
#[derive(Default)]
pub struct Flags {
    pub namespace: Option<String>,
    pub all: bool,
    pub output: Option<String>,
    pub watch: bool,
    pub sort_by: Option<String>,
    pub help: bool,
    /// The flags read, for the command's own check.
    seen: Vec<String>,
}

impl Flags {
    pub fn read<'a>(
        &mut self,
        word: &'a str,
        rest: &mut impl Iterator<Item = &'a str>,
    ) -> Result<(), String> {
        let (name, inline) = match word.split_once('=') {
            Some((name, value)) => (name, Some(value.to_string())),
            None => (word, None),
        };
        // `-owide`, `-nml`: a short flag with its value attached.
        let (name, inline) = match (name.as_bytes(), inline) {
            ([b'-', b'o' | b'n', _, ..], None) if !name.starts_with("--") => {
                (&name[..2], Some(name[2..].to_string()))
            }
            (_, inline) => (name, inline),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| rest.next().map(str::to_string))
                .ok_or_else(|| match name.strip_prefix("--") {
                    Some(_) => format!("error: flag needs an argument: {name}"),
                    None => format!("error: flag needs an argument: '{}' in {name}", &name[1..]),
                })
        };
        match name {
            "-n" | "--namespace" => self.namespace = Some(value()?),
            "-A" | "--all-namespaces" => self.all = true,
            "-o" | "--output" => self.output = Some(value()?),
            "-w" | "--watch" => self.watch = true,
            "--sort-by" => self.sort_by = Some(value()?),
            "-h" | "--help" => self.help = true,
            _ => {
                return Err(match name.strip_prefix("--") {
                    Some(long) => format!("error: unknown flag: --{long}"),
                    None => format!(
                        "error: unknown shorthand flag: '{}' in {name}",
                        name.chars().nth(1).unwrap_or('-')
                    ),
                });
            }
        }
        self.seen.push(name.to_string());
        Ok(())
    }

    /// Flags only `get` takes, given to another command: pflag's error for that command.
    pub fn check_for(&self, command: &str) -> Result<(), String> {
        let get_only = ["-o", "--output", "-w", "--watch", "--sort-by"];
        match self
            .seen
            .iter()
            .find(|flag| get_only.contains(&flag.as_str()))
        {
            Some(flag) if command != "get" => Err(match flag.strip_prefix("--") {
                Some(long) => format!(
                    "error: unknown flag: --{long}\nSee 'kubectl {command} --help' for usage."
                ),
                None => format!(
                    "error: unknown shorthand flag: '{}' in {flag}\nSee 'kubectl {command} --help' for usage.",
                    &flag[1..2]
                ),
            }),
            _ => Ok(()),
        }
    }
}
