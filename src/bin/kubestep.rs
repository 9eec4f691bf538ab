//! `kubestep`: the command line over the same core as the browser app.
//!
//! ```text
//! kubestep check FILE                      diagnostics, one per line; exit 1 on any error
//! kubestep explain FILE [--format text|markdown] [--deployment NAME]
//! kubestep trace FILE --json [--seed N] [--deployment NAME]   the simulation as JSON
//! kubestep stored FILE                     each object as the cluster stores it (defaulted)
//! ```
//! FILE may be `-` for standard input. Exit codes: 0 fine, 1 the manifest has errors,
//! 2 the file could not be read, the output could not be written or the command line is wrong.

use std::borrow::Cow;
use std::io::{ErrorKind, Read, Write};
use std::process::ExitCode;

use kubestep::core::analysis::{Analysis, analyze_following};
use kubestep::core::diagnostic::Severity;
use kubestep::core::lesson::render::{Format, render};
use kubestep::core::limits::MAX_INPUT_BYTES;
use kubestep::core::manifest::stored::{Origin, StoredDocument, StoredManifests, stored_of};
use kubestep::core::manifest::{ReadManifests, read_manifests};
use kubestep::core::trace_report;
use kubestep::core::yaml::too_large;

const USAGE: &str = "\
kubestep: step through what Kubernetes does with a model-serving manifest

Usage:
  kubestep check FILE                          print diagnostics as FILE:LINE:COL: error|warning: MESSAGE
  kubestep explain FILE [--format text|markdown] [--seed N] [--deployment NAME]
                                               print the whole lesson for the manifest
  kubestep trace FILE --json [--seed N] [--deployment NAME]
                                               print the simulation as JSON (schema: docs/trace-schema.md)
  kubestep stored FILE                         print each object as the cluster stores it, defaults
                                               filled in, as YAML documents with a '# defaulted:'
                                               header; plus the Pod each Deployment creates

FILE may be '-' to read standard input.
Exit status: 0 no errors, 1 the manifest has errors, 2 unreadable file, unwritable output or bad
usage.
Informational notes (fields accepted but not simulated) are shown with --verbose.
Every Deployment of FILE runs in one simulated cluster; the lesson follows the first model
server (the first Deployment that asks for a GPU, else the first), or the one --deployment names.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("kubestep: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

struct Options {
    file: String,
    format: Format,
    json: bool,
    seed: Option<u64>,
    verbose: bool,
    deployment: Option<String>,
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        file: String::new(),
        format: Format::Text,
        json: false,
        seed: None,
        verbose: false,
        deployment: None,
    };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--json" => options.json = true,
            "--verbose" | "-v" => options.verbose = true,
            "--format" => {
                options.format = match iter.next().map(String::as_str) {
                    Some("text") => Format::Text,
                    Some("markdown") | Some("md") => Format::Markdown,
                    other => {
                        return Err(format!(
                            "--format takes text or markdown, not {}",
                            other.unwrap_or("nothing")
                        ));
                    }
                }
            }
            "--deployment" => {
                let name = iter
                    .next()
                    .ok_or("--deployment takes a Deployment's name")?;
                options.deployment = Some(name.clone());
            }
            "--seed" => {
                let value = iter.next().ok_or("--seed takes a number")?;
                options.seed = Some(
                    value
                        .parse()
                        .map_err(|_| format!("--seed takes a whole number, not '{value}'"))?,
                );
            }
            file if options.file.is_empty() && (!file.starts_with('-') || file == "-") => {
                options.file = file.to_string()
            }
            other => return Err(format!("unexpected argument '{other}'")),
        }
    }
    if options.file.is_empty() {
        return Err("missing FILE (use - for standard input)".to_string());
    }
    Ok(options)
}

/// What was read: the text, or the size of a file too large to read at all.
enum Input {
    Text(String),
    TooLarge(u64),
}

fn read_input(file: &str) -> Result<Input, String> {
    let mut bytes = Vec::new();
    // One byte past the limit is enough to refuse; a file's size comes from its metadata.
    let limit = (MAX_INPUT_BYTES + 1) as u64;
    let result = if file == "-" {
        std::io::stdin().take(limit).read_to_end(&mut bytes)
    } else {
        let opened = std::fs::File::open(file).and_then(|handle| Ok((handle.metadata()?, handle)));
        match opened {
            Ok((metadata, _)) if metadata.is_file() && metadata.len() >= limit => {
                return Ok(Input::TooLarge(metadata.len()));
            }
            Ok((_, handle)) => handle.take(limit).read_to_end(&mut bytes),
            Err(error) => Err(error),
        }
    };
    result.map_err(|error| format!("cannot read {file}: {error}"))?;
    // Invalid UTF-8 is reported like any other bad input, at its line and column.
    Ok(Input::Text(String::from_utf8_lossy(&bytes).into_owned()))
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let Some(command) = args.first() else {
        return Ok(emit(&format!("{USAGE}\n"), ExitCode::from(2)));
    };
    if command == "--help" || command == "-h" || command == "help" {
        return Ok(emit(&format!("{USAGE}\n"), ExitCode::SUCCESS));
    }
    let options = parse_options(&args[1..])?;
    let input = match read_input(&options.file) {
        Ok(input) => input,
        Err(message) => {
            eprintln!("kubestep: {message}");
            return Ok(ExitCode::from(2));
        }
    };
    let display_name = if options.file == "-" {
        "<stdin>"
    } else {
        options.file.as_str()
    };
    let analysis = match &input {
        Input::TooLarge(bytes) => Analysis {
            read: ReadManifests {
                diagnostics: vec![too_large(Some(*bytes))],
                syntax_errors: true,
                ..ReadManifests::default()
            },
            run: None,
        },
        Input::Text(text) if command == "stored" => Analysis {
            read: read_manifests(text),
            run: None,
        },
        Input::Text(text) => analyze_following(text, options.seed, options.deployment.as_deref()),
    };
    if command == "stored" {
        return Ok(print_stored(&stored_of(&analysis.read), display_name));
    }
    let exit = if analysis.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    match command.as_str() {
        "check" => {
            let mut out = String::new();
            for diagnostic in analysis.diagnostics() {
                if diagnostic.severity != Severity::Info || options.verbose {
                    out.push_str(&diagnostic.cli_text(display_name));
                    out.push('\n');
                }
            }
            Ok(emit(&visible(&out, false), exit))
        }
        "explain" => {
            print_problems(&analysis, display_name);
            let lesson = analysis
                .run
                .as_ref()
                .map(|run| render(&run.lesson, options.format))
                .unwrap_or_default();
            Ok(emit(&visible(&lesson, false), exit))
        }
        "trace" => {
            if !options.json {
                return Err("trace prints JSON: add --json".to_string());
            }
            let report = trace_report::report(&analysis);
            let mut json =
                serde_json::to_string_pretty(&report).map_err(|error| error.to_string())?;
            json.push('\n');
            Ok(emit(&visible(&json, true), exit))
        }
        other => Err(format!("unknown command '{other}'")),
    }
}

/// `stored`: nothing on standard output when the manifest has errors (they go to standard error).
fn print_stored(stored: &StoredManifests, file: &str) -> ExitCode {
    if stored.has_errors() {
        for diagnostic in stored.diagnostics.iter().filter(|d| d.is_error()) {
            eprintln!("{}", visible(&diagnostic.cli_text(file), false));
        }
        return ExitCode::from(1);
    }
    let mut out = String::new();
    for (index, document) in stored.documents.iter().enumerate() {
        if index > 0 {
            out.push_str("---\n");
        }
        out.push_str(&stored_header(document));
        out.push_str(&document.yaml);
    }
    // `\u202e` is YAML's escape as well as JSON's: inside double quotes it is the character.
    emit(&visible(&out, true), ExitCode::SUCCESS)
}

/// Characters a terminal would obey instead of showing: bidirectional overrides and
/// isolates, zero-width characters, and control characters other than newline and tab. A
/// manifest's text can carry them (a reversed line that reads as something else), so the
/// output shows them as escapes: `\u{202e}` in text, `\u202e` inside JSON strings (the only
/// place JSON can hold them).
fn visible(text: &str, json: bool) -> Cow<'_, str> {
    let hidden = |c: char| {
        matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
            || (c.is_control() && c != '\n' && c != '\t')
    };
    // A trace's JSON runs to tens of megabytes: it is copied only when something shows.
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match (hidden(c), json) {
                (false, _) => c.to_string(),
                (true, true) => format!("\\u{:04x}", c as u32),
                (true, false) => format!("\\u{{{:x}}}", c as u32),
            })
            .collect(),
    )
}

/// Writes the command's output. A reader that stops early (`| head`) is not an error of
/// ours: the command ends with its own status. Any other failure (a full disk) is said.
fn emit(text: &str, exit: ExitCode) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => exit,
        Err(error) if error.kind() == ErrorKind::BrokenPipe => exit,
        Err(error) => {
            eprintln!("kubestep: cannot write the output: {error}");
            ExitCode::from(2)
        }
    }
}

fn stored_header(document: &StoredDocument) -> String {
    let mut header = String::new();
    if document.origin == Origin::ReplicaSetPod {
        header.push_str(
            "# the Pod the Deployment's ReplicaSet creates (its name: generateName + 5 random characters)\n",
        );
    }
    let defaulted = if document.defaulted.is_empty() {
        "nothing".to_string()
    } else {
        document.defaulted.join(", ")
    };
    header.push_str(&format!("# defaulted: {defaulted}\n"));
    if !document.dropped.is_empty() {
        header.push_str(&format!("# dropped: {}\n", document.dropped.join(", ")));
    }
    header
}

fn print_problems(analysis: &Analysis, file: &str) {
    for diagnostic in analysis
        .diagnostics()
        .iter()
        .filter(|d| d.severity == Severity::Error)
    {
        eprintln!("{}", visible(&diagnostic.cli_text(file), false));
    }
}
