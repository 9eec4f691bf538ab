//! kubectl's AGE: `duration.HumanDuration` of k8s.io/apimachinery
//! (`pkg/util/duration/duration.go`), on the simulated clock's whole seconds.

/// `HumanDuration`: about two or three significant figures (`5s`, `119s`, `2m1s`, `10m`,
/// `3h1m`, `2d1h`, `2y1d`). Below two seconds in the past is "now" (`0s`); further is
/// `<invalid>`, as kubectl prints a creation time ahead of its clock.
pub fn human_duration(seconds: i64) -> String {
    const MINUTE: i64 = 60;
    const HOUR: i64 = 60 * MINUTE;
    const DAY: i64 = 24 * HOUR;
    const YEAR: i64 = 365 * DAY;
    if seconds < -1 {
        return "<invalid>".to_string();
    }
    let seconds = seconds.max(0);
    // Each band: (below, unit and its size, the finer unit shown beside it, if any).
    let (unit, size, finer): (&str, i64, Option<(&str, i64)>) = if seconds < 2 * MINUTE {
        ("s", 1, None)
    } else if seconds < 10 * MINUTE {
        ("m", MINUTE, Some(("s", 1)))
    } else if seconds < 3 * HOUR {
        ("m", MINUTE, None)
    } else if seconds < 8 * HOUR {
        ("h", HOUR, Some(("m", MINUTE)))
    } else if seconds < 2 * DAY {
        ("h", HOUR, None)
    } else if seconds < 8 * DAY {
        ("d", DAY, Some(("h", HOUR)))
    } else if seconds < 2 * YEAR {
        ("d", DAY, None)
    } else if seconds < 8 * YEAR {
        ("y", YEAR, Some(("d", DAY)))
    } else {
        ("y", YEAR, None)
    };
    let mut text = format!("{}{unit}", seconds / size);
    if let Some((finer_unit, finer_size)) = finer {
        let rest = seconds % size / finer_size;
        if rest != 0 {
            text.push_str(&rest.to_string());
            text.push_str(finer_unit);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::human_duration;

    const MINUTE: i64 = 60;
    const HOUR: i64 = 60 * MINUTE;
    const DAY: i64 = 24 * HOUR;
    const YEAR: i64 = 365 * DAY;

    // TestHumanDuration (apimachinery pkg/util/duration/duration_test.go).
    #[test]
    fn test_human_duration() {
        let cases = [
            (1, "1s"),
            (70, "70s"),
            (190, "3m10s"),
            (70 * MINUTE, "70m"),
            (47 * HOUR, "47h"),
            (49 * HOUR, "2d1h"),
            ((8 * 24 + 2) * HOUR, "8d"),
            (367 * DAY, "367d"),
            ((365 * 2 * 24 + 25) * HOUR, "2y1d"),
            ((365 * 8 * 24 + 2) * HOUR, "8y"),
        ];
        for (seconds, want) in cases {
            assert_eq!(human_duration(seconds), want, "{seconds}s");
        }
    }

    // TestHumanDurationBoundaries, on whole seconds: Go's `d - time.Millisecond` is the
    // second before (its `int(d.Seconds())` truncates), and `-2s + 1ns` is -1 s.
    #[test]
    fn test_human_duration_boundaries() {
        let cases = [
            (-2, "<invalid>"),
            (-1, "0s"),
            (0, "0s"),
            (2 * MINUTE - 1, "119s"),
            (2 * MINUTE, "2m"),
            (2 * MINUTE + 1, "2m1s"),
            (10 * MINUTE - 1, "9m59s"),
            (10 * MINUTE, "10m"),
            (10 * MINUTE + 1, "10m"),
            (3 * HOUR - 1, "179m"),
            (3 * HOUR, "3h"),
            (3 * HOUR + MINUTE, "3h1m"),
            (8 * HOUR - 1, "7h59m"),
            (8 * HOUR, "8h"),
            (8 * HOUR + 59 * MINUTE, "8h"),
            (2 * DAY - 1, "47h"),
            (2 * DAY, "2d"),
            (2 * DAY + HOUR, "2d1h"),
            (8 * DAY - 1, "7d23h"),
            (8 * DAY, "8d"),
            (8 * DAY + 23 * HOUR, "8d"),
            (2 * YEAR - 1, "729d"),
            (2 * YEAR, "2y"),
            (2 * YEAR + 23 * HOUR, "2y"),
            (2 * YEAR + 23 * HOUR + 59 * MINUTE, "2y"),
            (2 * YEAR + DAY - 1, "2y"),
            (2 * YEAR + DAY, "2y1d"),
            (3 * YEAR, "3y"),
            (7 * YEAR, "7y"),
            (8 * YEAR - 1, "7y364d"),
            (8 * YEAR, "8y"),
            (8 * YEAR + 364 * DAY, "8y"),
            (9 * YEAR, "9y"),
        ];
        for (seconds, want) in cases {
            assert_eq!(human_duration(seconds), want, "{seconds}s");
        }
    }
}
