//! The stored view's YAML for every fixture and shipped example is the text the YAML crate's own
//! emitter wrote before `core::yaml_emit` replaced it, and it reads back to the stored value.

use std::path::Path;

use kubestep::core::manifest::stored::read_stored;
use kubestep::core::yaml::{parse_stream, to_yaml_string_by_the_crate};

fn yaml_files(directory: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(Path::new(directory))
        .expect("readable fixture folder")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn stored_yaml_is_the_text_the_crate_wrote_and_reads_back() {
    let mut stored = 0;
    for directory in [
        "tests/fixtures/valid",
        "tests/fixtures/model-servers",
        "public",
        "public/examples",
    ] {
        let files = yaml_files(directory);
        assert!(!files.is_empty(), "no YAML in {directory}");
        for file in files {
            let text = std::fs::read_to_string(&file).expect("readable fixture");
            for document in read_stored(&text).documents {
                let place = format!("{} {} {}", file.display(), document.kind, document.name);
                assert_eq!(
                    document.yaml,
                    to_yaml_string_by_the_crate(&document.value),
                    "{place}"
                );
                let read = parse_stream(&document.yaml);
                assert!(
                    read.diagnostics.is_empty(),
                    "{place}: {:?}",
                    read.diagnostics
                );
                assert_eq!(
                    read.documents[0].value.as_ref(),
                    Some(&document.value),
                    "{place}"
                );
                stored += 1;
            }
        }
    }
    assert!(stored > 100, "only {stored} stored documents were compared");
}
