//! Every `§` citation in the code resolves in `docs/kubernetes-semantics.md`: each `.rs` file
//! under `src/` and `tests/` is scanned for marks such as `§3`, `§3.4`, `§3.3–3.4`,
//! `§4 step 8`, `§3.4 steps 4–5` and `§8 C, D and E`, and each cited section must exist as a
//! heading (`## 3.` or `### 3.4`), each cited step as a numbered item (`8.`) and each cited
//! vector as a lettered entry (`C.`) inside that section. Citations of other documents
//! (`RFC 4648 §5`) are not ours and are skipped.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const DOCUMENT: &str = "docs/kubernetes-semantics.md";

/// This file's own examples are not citations.
const SELF: &str = "semantics_references.rs";

fn rust_files(directory: &Path, files: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(directory)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", directory.display()))
        .map(|entry| entry.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// The document's sections by number ("3", "3.4"), each with the lines of its body. A `##`
/// section runs to the next `##` heading (so it includes its subsections); a `###` section runs
/// to the next heading of either level.
fn sections(text: &str) -> BTreeMap<String, Vec<String>> {
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut open_top: Option<String> = None;
    let mut open_sub: Option<String> = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("### ") {
            open_sub = rest
                .split(' ')
                .next()
                .filter(|n| is_section_number(n) && n.contains('.'))
                .map(str::to_string);
            if let Some(number) = &open_sub {
                found.entry(number.clone()).or_default();
            }
            if let Some(top) = &open_top {
                found
                    .get_mut(top)
                    .expect("open section")
                    .push(line.to_string());
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix("## ") {
            open_sub = None;
            open_top = rest
                .split(' ')
                .next()
                .and_then(|n| n.strip_suffix('.'))
                .filter(|n| is_section_number(n) && !n.contains('.'))
                .map(str::to_string);
            if let Some(number) = &open_top {
                found.entry(number.clone()).or_default();
            }
            continue;
        }
        for number in [&open_top, &open_sub].into_iter().flatten() {
            found
                .get_mut(number)
                .expect("open section")
                .push(line.to_string());
        }
    }
    found
}

fn is_section_number(text: &str) -> bool {
    let mut parts = text.split('.');
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(first) && rest.len() <= 1 && rest.iter().all(|s| digits(s))
}

/// One citation: the section, and the steps or lettered vectors it names inside it.
#[derive(Debug, Default)]
struct Citation {
    sections: Vec<String>,
    steps: Vec<u32>,
    letters: Vec<char>,
}

/// Reads a section number (`3`, `3.4`) at the start of `text`; returns it and the rest.
fn section_number(text: &str) -> Option<(String, &str)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let mut end = digits;
    let after = &text[digits..];
    if let Some(tail) = after.strip_prefix('.') {
        let more = tail.bytes().take_while(u8::is_ascii_digit).count();
        if more > 0 {
            end += 1 + more;
        }
    }
    Some((text[..end].to_string(), &text[end..]))
}

fn strip_range_dash(text: &str) -> Option<&str> {
    text.strip_prefix('–')
        .or_else(|| text.strip_prefix('-'))
        .or_else(|| text.strip_prefix('—'))
}

/// Step numbers after "step"/"steps": `8`, `4–5`, `2 and 3`, `4–5 and 8`, `2, 3`.
fn step_list(mut text: &str) -> Vec<u32> {
    let mut steps = Vec::new();
    loop {
        let digits = text.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            break;
        }
        let first: u32 = text[..digits].parse().expect("digits");
        text = &text[digits..];
        let mut last = first;
        if let Some(tail) = strip_range_dash(text) {
            let more = tail.bytes().take_while(u8::is_ascii_digit).count();
            if more > 0 {
                last = tail[..more].parse().expect("digits");
                text = &tail[more..];
            }
        }
        steps.extend(first..=last.max(first));
        match text
            .strip_prefix(", ")
            .or_else(|| text.strip_prefix(" and "))
        {
            Some(tail) => text = tail,
            None => break,
        }
    }
    steps
}

/// Lettered vectors: `A`, `A and B`, `C, D and E`, each a single capital followed by a
/// non-alphanumeric character (so `§5 NodeResourcesFit` or `§4 HPA` name no vector).
fn letter_list(mut text: &str) -> Vec<char> {
    let mut letters = Vec::new();
    loop {
        let mut chars = text.chars();
        let Some(letter) = chars.next().filter(char::is_ascii_uppercase) else {
            break;
        };
        let rest = chars.as_str();
        if rest.chars().next().is_some_and(char::is_alphanumeric) {
            break;
        }
        letters.push(letter);
        match rest
            .strip_prefix(", ")
            .or_else(|| rest.strip_prefix(" and "))
        {
            Some(tail) => text = tail,
            None => break,
        }
    }
    letters
}

/// The comment text of a continuation line, for a citation that wraps after "steps".
fn continuation(line: &str) -> &str {
    let trimmed = line.trim_start();
    ["//!", "///", "//"]
        .iter()
        .find_map(|marker| trimmed.strip_prefix(marker))
        .unwrap_or(trimmed)
        .trim_start()
}

/// The citations on one line; `next` is the following line, read when "steps" ends the line.
fn citations(line: &str, next: Option<&str>) -> Vec<Citation> {
    let mut found = Vec::new();
    for (at, _) in line.match_indices('§') {
        let before = line[..at].trim_end();
        let is_rfc = before
            .rsplit(' ')
            .nth(1)
            .is_some_and(|word| word.ends_with("RFC"))
            && before
                .rsplit(' ')
                .next()
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if is_rfc {
            continue;
        }
        let Some((number, mut rest)) = section_number(&line[at + '§'.len_utf8()..]) else {
            continue;
        };
        let mut citation = Citation {
            sections: vec![number],
            ..Citation::default()
        };
        if let Some(tail) = strip_range_dash(rest)
            && let Some((last, tail)) = section_number(tail)
        {
            citation.sections.push(last);
            rest = tail;
        }
        let rest = rest.trim_start_matches(' ');
        let after_step = rest
            .strip_prefix("steps")
            .or_else(|| rest.strip_prefix("step"));
        if let Some(after) = after_step {
            let mut list = after.trim_start_matches(' ');
            if list.is_empty() {
                list = next.map(continuation).unwrap_or("");
            }
            citation.steps = step_list(list);
        } else {
            citation.letters = letter_list(rest);
        }
        found.push(citation);
    }
    found
}

fn has_item(body: &[String], label: &str) -> bool {
    let prefix = format!("{label}. ");
    body.iter()
        .any(|line| line.trim_start().starts_with(&prefix))
}

#[test]
fn every_section_citation_resolves() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let document = std::fs::read_to_string(root.join(DOCUMENT))
        .unwrap_or_else(|e| panic!("cannot read {DOCUMENT}: {e}"));
    let sections = sections(&document);

    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("tests"), &mut files);

    let mut checked = 0;
    let mut missing = Vec::new();
    for file in files {
        if file.file_name().is_some_and(|name| name == SELF) {
            continue;
        }
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let shown = file
            .strip_prefix(root)
            .unwrap_or(&file)
            .display()
            .to_string();
        let lines: Vec<&str> = text.lines().collect();
        for (index, line) in lines.iter().enumerate() {
            for citation in citations(line, lines.get(index + 1).copied()) {
                checked += 1;
                let place = format!("{shown}:{}", index + 1);
                for number in &citation.sections {
                    let Some(body) = sections.get(number) else {
                        let heading = if number.contains('.') {
                            format!("### {number}")
                        } else {
                            format!("## {number}.")
                        };
                        missing.push(format!(
                            "{place}: cites §{number}, but {DOCUMENT} has no heading `{heading}`"
                        ));
                        continue;
                    };
                    for step in &citation.steps {
                        if !has_item(body, &step.to_string()) {
                            missing.push(format!(
                                "{place}: cites §{number} step {step}, but §{number} has no item `{step}.`"
                            ));
                        }
                    }
                    for letter in &citation.letters {
                        if !has_item(body, &letter.to_string()) {
                            missing.push(format!(
                                "{place}: cites §{number} {letter}, but §{number} has no entry `{letter}.`"
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(
        checked > 50,
        "only {checked} § citations found; is the scan reading src/ and tests/?"
    );
    assert!(
        missing.is_empty(),
        "{} citation(s) do not resolve in {DOCUMENT}:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn the_parser_reads_the_citation_forms_the_code_uses() {
    let one = |line: &str| {
        let mut all = citations(line, None);
        assert_eq!(all.len(), 1, "{line}");
        all.remove(0)
    };
    let c = one("// §4 steps 4–5 and 8 for the first rescale");
    assert_eq!(
        (c.sections, c.steps),
        (vec!["4".to_string()], vec![4, 5, 8])
    );
    let c = one("/// availability budgets (§3.3–3.4), the HPA");
    assert_eq!(c.sections, vec!["3.3".to_string(), "3.4".to_string()]);
    let both = citations(
        "// Rolling update, one reconcile (§3.4, §8 C, D and E)",
        None,
    );
    assert_eq!(both[0].sections, vec!["3.4".to_string()]);
    assert!(both[0].letters.is_empty());
    let c = citations("(§3.4, §8 C, D and E)", None).remove(1);
    assert_eq!(
        (c.sections, c.letters),
        (vec!["8".to_string()], vec!['C', 'D', 'E'])
    );
    let c = one("// §8 J derived rows.");
    assert_eq!(c.letters, vec!['J']);
    let c = one("/// Scheduler scoring (`leastResourceScorer`, §5 NodeResourcesFit: …)");
    assert!(c.letters.is_empty() && c.steps.is_empty());
    let c = citations(
        "/// One pass of `rolloutRolling` (§3.4 steps",
        Some("/// 2 and 3): grow the new ReplicaSet"),
    )
    .remove(0);
    assert_eq!(c.steps, vec![2, 3]);
    assert!(citations("//! unpadded base64url (RFC 4648 §5), so", None).is_empty());

    let document = "## 3. Three\n### 3.4 Four\n1. one\n2. two\n## 8. Vectors\nA. first\n";
    let found = sections(document);
    assert!(has_item(&found["3.4"], "2") && has_item(&found["3"], "1"));
    assert!(has_item(&found["8"], "A") && !has_item(&found["8"], "B"));
    assert!(!found.contains_key("9") && !found.contains_key("3.5"));
}
