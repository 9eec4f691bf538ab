//! The lesson's modes: each a complete way to learn the same run at the same step, chosen in
//! a tab strip and kept in the address (`?mode=quiz`), so a link or a reload opens the same
//! one.

/// One mode: its address and test id (`mode-{id}`), and its tab's label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mode {
    pub id: &'static str,
    pub label: &'static str,
}

pub const MODES: [Mode; 9] = [
    Mode {
        id: "visual",
        label: "Visual",
    },
    Mode {
        id: "table",
        label: "Process table",
    },
    Mode {
        id: "tracker",
        label: "Variable tracker",
    },
    Mode {
        id: "moments",
        label: "Key moments",
    },
    Mode {
        id: "quiz",
        label: "Quiz",
    },
    Mode {
        id: "snapshot",
        label: "Concept snapshot",
    },
    Mode {
        id: "transcript",
        label: "Full transcript",
    },
    Mode {
        id: "kubectl",
        label: "kubectl",
    },
    Mode {
        id: "predict",
        label: "Predict",
    },
];

/// The mode a query string names (`?mode=quiz&present`); the visual one otherwise.
pub fn mode_from_query(search: &str) -> usize {
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|part| part.strip_prefix("mode="))
        .and_then(|id| MODES.iter().position(|mode| mode.id == id))
        .unwrap_or(0)
}

/// The query string with `mode` in it, every other parameter kept in order; the visual mode,
/// the default, is left out.
pub fn query_with_mode(search: &str, mode: usize) -> String {
    let mut parts: Vec<String> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|part| !part.is_empty() && !part.starts_with("mode="))
        .map(str::to_string)
        .collect();
    if let Some(chosen) = MODES.get(mode).filter(|_| mode > 0) {
        parts.push(format!("mode={}", chosen.id));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_keeps_the_mode_and_everything_else() {
        assert_eq!(mode_from_query(""), 0);
        assert_eq!(mode_from_query("?present&mode=quiz"), 4);
        assert_eq!(mode_from_query("?mode=nonsense"), 0);
        assert_eq!(query_with_mode("?present", 4), "?present&mode=quiz");
        assert_eq!(
            query_with_mode("?mode=quiz&present", 6),
            "?present&mode=transcript"
        );
        assert_eq!(query_with_mode("?mode=quiz", 0), "");
        for (index, mode) in MODES.iter().enumerate() {
            assert_eq!(
                mode_from_query(&query_with_mode("", index)),
                index,
                "{}",
                mode.id
            );
        }
    }
}
