//! The quantity's unit tests: upstream's parse, string and comparison tables, the spelling
//! upstream echoes back, and hostile input.

use super::*;
use QuantityFormat::{BinarySI, DecimalExponent, DecimalSI};

fn parsed(text: &str) -> Quantity {
    Quantity::parse(text).unwrap_or_else(|err| panic!("{text:?} failed to parse: {err}"))
}

fn exact(mantissa: i128, exponent: i64, format: QuantityFormat) -> Quantity {
    Quantity::assemble(
        mantissa < 0,
        mantissa.unsigned_abs(),
        exponent,
        format,
        None,
    )
}

/// The value in nano units, for values that are whole nanos.
fn nanos(quantity: &Quantity) -> Option<i128> {
    let shift = u32::try_from(quantity.exponent - NANO).ok()?;
    quantity.mantissa.checked_mul(10_i128.checked_pow(shift)?)
}

/// Upstream prints a `DecimalSI` value without a suffix when its exponent passes `E`.
fn has_suffix_gap(quantity: &Quantity) -> bool {
    let exponent = quantity.exponent - quantity.exponent.rem_euclid(3);
    quantity.format == DecimalSI && exponent > 18 && quantity.mantissa != 0
}

fn check_all(failures: Vec<String>) {
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

const GI: i128 = 1 << 30;
const MI: i128 = 1 << 20;
const UNIT: i128 = 1_000_000_000;

#[test]
fn quantity_parse_reference_rows() {
    let max = i128::from(i64::MAX);
    let rows: [(&str, i128, QuantityFormat); 27] = [
        ("0", 0, DecimalSI),
        ("1Ki", 1024 * UNIT, BinarySI),
        ("7Mi", 7 * MI * UNIT, BinarySI),
        ("6Gi", 6 * GI * UNIT, BinarySI),
        ("5n", 5, DecimalSI),
        ("3m", 3_000_000, DecimalSI),
        ("8k", 8_000 * UNIT, DecimalSI),
        ("50k", 50_000 * UNIT, DecimalSI),
        ("7M", 7_000_000 * UNIT, DecimalSI),
        ("6G", 6_000_000_000 * UNIT, DecimalSI),
        ("1E-3", 1_000_000, DecimalExponent),
        ("1e3", 1_000 * UNIT, DecimalExponent),
        ("100.035k", 100_035 * UNIT, DecimalSI),
        ("0.5", 500_000_000, DecimalSI),
        ("1.2e3", 1_200 * UNIT, DecimalExponent),
        ("1.3E+6", 1_300_000 * UNIT, DecimalExponent),
        ("9.01", 9_010_000_000, DecimalSI),
        ("7.123456M", 7_123_456 * UNIT, DecimalSI),
        ("3.001n", 4, DecimalSI),
        ("0.0000000001", 1, DecimalSI),
        ("0.5Mi", 524_288 * UNIT, BinarySI),
        ("0.000000000001Ki", 2, DecimalSI),
        (".001", 1_000_000, DecimalSI),
        ("1.", UNIT, DecimalSI),
        ("1.G", 1_000_000_000 * UNIT, DecimalSI),
        ("9Ei", max * UNIT, BinarySI),
        ("12E", 12_000_000_000_000_000_000 * UNIT, DecimalSI),
    ];
    let mut failures = Vec::new();
    for (input, want_nanos, want_format) in rows {
        match Quantity::parse(input) {
            Ok(q) if nanos(&q) == Some(want_nanos) && q.format() == want_format => {}
            other => failures.push(format!(
                "{input:?}: want {want_nanos}n {want_format}, got {other:?}"
            )),
        }
    }
    check_all(failures);
}

/// The table of upstream `TestQuantityParse` as `(input, mantissa, exponent, format)`, plus
/// two rows for a redundant fraction digit and for leading zeros.
const UPSTREAM_PARSE_ROWS: [(&str, i128, i64, QuantityFormat); 98] = [
    ("0", 0, 0, DecimalSI),
    ("0n", 0, 0, DecimalSI),
    ("0u", 0, 0, DecimalSI),
    ("0m", 0, 0, DecimalSI),
    ("0Ki", 0, 0, BinarySI),
    ("0k", 0, 0, DecimalSI),
    ("0Mi", 0, 0, BinarySI),
    ("0M", 0, 0, DecimalSI),
    ("0Gi", 0, 0, BinarySI),
    ("0G", 0, 0, DecimalSI),
    ("0Ti", 0, 0, BinarySI),
    ("0T", 0, 0, DecimalSI),
    ("1", 1, 0, DecimalSI),
    ("1Ki", 1024, 0, BinarySI),
    ("8Ki", 8 * 1024, 0, BinarySI),
    ("7Mi", 7 * MI, 0, BinarySI),
    ("6Gi", 6 * GI, 0, BinarySI),
    ("5Ti", 5 << 40, 0, BinarySI),
    ("4Pi", 4 << 50, 0, BinarySI),
    ("3Ei", 3 << 60, 0, BinarySI),
    ("10Ti", 10 << 40, 0, BinarySI),
    ("100Ti", 100 << 40, 0, BinarySI),
    ("5n", 5, -9, DecimalSI),
    ("4u", 4, -6, DecimalSI),
    ("3m", 3, -3, DecimalSI),
    ("9", 9, 0, DecimalSI),
    ("8k", 8, 3, DecimalSI),
    ("50k", 5, 4, DecimalSI),
    ("7M", 7, 6, DecimalSI),
    ("6G", 6, 9, DecimalSI),
    ("5T", 5, 12, DecimalSI),
    ("40T", 4, 13, DecimalSI),
    ("300T", 3, 14, DecimalSI),
    ("2P", 2, 15, DecimalSI),
    ("1E", 1, 18, DecimalSI),
    ("1E-3", 1, -3, DecimalExponent),
    ("1e3", 1, 3, DecimalExponent),
    ("1E6", 1, 6, DecimalExponent),
    ("1e9", 1, 9, DecimalExponent),
    ("1E12", 1, 12, DecimalExponent),
    ("1e15", 1, 15, DecimalExponent),
    ("1E18", 1, 18, DecimalExponent),
    ("1e14", 1, 14, DecimalExponent),
    ("1e13", 1, 13, DecimalExponent),
    ("1e3", 1, 3, DecimalExponent),
    ("100.035k", 100035, 0, DecimalSI),
    ("0.001", 1, -3, DecimalSI),
    ("0.0005k", 5, -1, DecimalSI),
    ("0.005", 5, -3, DecimalSI),
    ("0.05", 5, -2, DecimalSI),
    ("0.5", 5, -1, DecimalSI),
    ("0.00050k", 5, -1, DecimalSI),
    ("0.00500", 5, -3, DecimalSI),
    ("0.05000", 5, -2, DecimalSI),
    ("0.50000", 5, -1, DecimalSI),
    ("0.5e0", 5, -1, DecimalExponent),
    ("0.5e-1", 5, -2, DecimalExponent),
    ("0.5e-2", 5, -3, DecimalExponent),
    ("0.5e0", 5, -1, DecimalExponent),
    ("10.035M", 10035, 3, DecimalSI),
    ("1.2e3", 12, 2, DecimalExponent),
    ("1.3E+6", 13, 5, DecimalExponent),
    ("1.40e9", 14, 8, DecimalExponent),
    ("1.53E12", 153, 10, DecimalExponent),
    ("1.6e15", 16, 14, DecimalExponent),
    ("1.7E18", 17, 17, DecimalExponent),
    ("9.01", 901, -2, DecimalSI),
    ("8.1k", 81, 2, DecimalSI),
    ("7.123456M", 7123456, 0, DecimalSI),
    ("6.987654321G", 6987654321, 0, DecimalSI),
    ("5.444T", 5444, 9, DecimalSI),
    ("40.1T", 401, 11, DecimalSI),
    ("300.2T", 3002, 11, DecimalSI),
    ("2.5P", 25, 14, DecimalSI),
    ("1.01E", 101, 16, DecimalSI),
    ("3.001n", 4, -9, DecimalSI),
    ("1.1E-9", 2, -9, DecimalExponent),
    ("0.0000000001", 1, -9, DecimalSI),
    ("0.0000000005", 1, -9, DecimalSI),
    ("0.00000000050", 1, -9, DecimalSI),
    ("0.5e-9", 1, -9, DecimalExponent),
    ("0.9n", 1, -9, DecimalSI),
    ("0.00000012345", 124, -9, DecimalSI),
    ("0.00000012354", 124, -9, DecimalSI),
    ("9Ei", i64::MAX as i128, 0, BinarySI),
    ("9223372036854775807Ki", i64::MAX as i128, 0, BinarySI),
    ("12E", 12, 18, DecimalSI),
    ("100.035Ki", 10243584, -2, BinarySI),
    ("0.5Mi", 524288, 0, BinarySI),
    ("0.05Gi", 536870912, -1, BinarySI),
    ("0.025Ti", 274877906944, -1, BinarySI),
    ("0.000000000001Ki", 2, -9, DecimalSI),
    (".001", 1, -3, DecimalSI),
    (".0001k", 100, -3, DecimalSI),
    ("1.", 1, 0, DecimalSI),
    ("1.G", 1, 9, DecimalSI),
    ("1.0E", 1, 18, DecimalSI),
    ("0001k", 1, 3, DecimalSI),
];

fn check_parse_rows(prefix: &str, negate: bool) {
    let mut failures = Vec::new();
    for (input, mantissa, exponent, format) in UPSTREAM_PARSE_ROWS {
        let text = format!("{prefix}{input}");
        let want = exact(if negate { -mantissa } else { mantissa }, exponent, format);
        match Quantity::parse(&text) {
            Ok(got) if got.cmp_value(&want).is_eq() && got.format() == format => {}
            other => failures.push(format!("{text:?}: want {want:?}, got {other:?}")),
        }
    }
    check_all(failures);
}

#[test]
fn quantity_parse_upstream_table() {
    check_parse_rows("", false);
}

#[test]
fn quantity_parse_upstream_table_negated() {
    check_parse_rows("-", true);
}

#[test]
fn quantity_parse_upstream_table_explicit_plus() {
    check_parse_rows("+", false);
}

#[test]
fn quantity_parse_emit() {
    let rows = [
        ("1Ki", "1Ki"),
        ("1Mi", "1Mi"),
        ("1Gi", "1Gi"),
        ("1024Mi", "1Gi"),
        ("1000M", "1G"),
        (".001Ki", "1024m"),
        (".000001Ki", "1024u"),
        (".000000001Ki", "1024n"),
        (".000000000001Ki", "2n"),
    ];
    let mut failures = Vec::new();
    for (input, want) in rows {
        for (text, want) in [
            (input.to_string(), want.to_string()),
            (format!("-{input}"), format!("-{want}")),
        ] {
            let got = parsed(&text).to_string();
            if got != want {
                failures.push(format!("{text:?}: want {want:?}, got {got:?}"));
            }
        }
    }
    check_all(failures);
}

#[test]
fn quantity_parse_invalid() {
    use QuantityError::{FormatWrong, Suffix};
    let rows = [
        ("", FormatWrong),
        ("1.1.M", FormatWrong),
        ("1+1.0M", FormatWrong),
        ("0.1mi", Suffix),
        ("0.1am", FormatWrong),
        ("aoeu", FormatWrong),
        (".5i", Suffix),
        ("1i", Suffix),
        ("-3.01i", Suffix),
        ("-3.01e-", Suffix),
        (" 1", FormatWrong),
        ("1 ", FormatWrong),
    ];
    let mut failures = Vec::new();
    for (input, want) in rows {
        let got = Quantity::parse(input);
        if got != Err(want) {
            failures.push(format!("{input:?}: want {want:?}, got {got:?}"));
        }
    }
    check_all(failures);
}

#[test]
fn quantity_error_messages_match_upstream() {
    assert_eq!(
        QuantityError::FormatWrong.to_string(),
        "quantities must match the regular expression \
         '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
    );
    assert_eq!(
        QuantityError::Numeric.to_string(),
        "unable to parse numeric part of quantity"
    );
    assert_eq!(
        QuantityError::Suffix.to_string(),
        "unable to parse quantity's suffix"
    );
}

#[test]
fn quantity_parse_whitespace_rejected() {
    for input in [" 1", "1 ", "\t1", "1\n", "1 Gi", " ", "1\u{a0}"] {
        assert_eq!(
            Quantity::parse(input),
            Err(QuantityError::FormatWrong),
            "{input:?}"
        );
    }
}

#[test]
fn quantity_string() {
    // Rows of upstream `TestQuantityString`: value, canonical text, alternate spelling.
    let rows: [(i128, i64, QuantityFormat, &str, &str); 44] = [
        (GI, 0, BinarySI, "1Gi", "1024Mi"),
        (300 * MI, 0, BinarySI, "300Mi", "307200Ki"),
        (6 * 1024, 0, BinarySI, "6Ki", ""),
        (1001 * GI, 0, BinarySI, "1001Gi", "1025024Mi"),
        (1024 * GI, 0, BinarySI, "1Ti", "1024Gi"),
        (5, 0, BinarySI, "5", "5000m"),
        (500, -3, BinarySI, "500m", "0.5"),
        (1, 9, DecimalSI, "1G", "1000M"),
        (1000, 6, DecimalSI, "1G", "0.001T"),
        (1000000, 3, DecimalSI, "1G", ""),
        (1000000000, 0, DecimalSI, "1G", ""),
        (1, -3, DecimalSI, "1m", "1000u"),
        (80, -3, DecimalSI, "80m", ""),
        (1080, -3, DecimalSI, "1080m", "1.08"),
        (108, -2, DecimalSI, "1080m", "1080000000n"),
        (10800, -4, DecimalSI, "1080m", ""),
        (300, 6, DecimalSI, "300M", ""),
        (1, 12, DecimalSI, "1T", ""),
        (1234567, 6, DecimalSI, "1234567M", ""),
        (1234567, -3, BinarySI, "1234567m", ""),
        (3, 3, DecimalSI, "3k", ""),
        (1025, 0, BinarySI, "1025", ""),
        (0, 0, DecimalSI, "0", ""),
        (0, 0, BinarySI, "0", ""),
        (1, 9, DecimalExponent, "1e9", ".001e12"),
        (1, -3, DecimalExponent, "1e-3", "0.001e0"),
        (1, -9, DecimalExponent, "1e-9", "1000e-12"),
        (80, -3, DecimalExponent, "80e-3", ""),
        (300, 6, DecimalExponent, "300e6", ""),
        (1, 12, DecimalExponent, "1e12", ""),
        (1, 3, DecimalExponent, "1e3", ""),
        (3, 3, DecimalExponent, "3e3", ""),
        (3, 3, DecimalSI, "3k", ""),
        (0, 0, DecimalExponent, "0", "00"),
        (1, -9, DecimalSI, "1n", ""),
        (80, -9, DecimalSI, "80n", ""),
        (1080, -9, DecimalSI, "1080n", ""),
        (108, -8, DecimalSI, "1080n", ""),
        (10800, -10, DecimalSI, "1080n", ""),
        (1, -6, DecimalSI, "1u", ""),
        (80, -6, DecimalSI, "80u", ""),
        (1080, -6, DecimalSI, "1080u", ""),
        (1, 18, DecimalSI, "1E", ""),
        (12, 18, DecimalSI, "12E", ""),
    ];
    let mut failures = Vec::new();
    for (mantissa, exponent, format, want, alternate) in rows {
        let quantity = exact(mantissa, exponent, format);
        let mut checks = vec![
            (
                format!("{quantity:?}"),
                quantity.to_string(),
                want.to_string(),
            ),
            (want.to_string(), parsed(want).to_string(), want.to_string()),
        ];
        if !alternate.is_empty() {
            checks.push((
                alternate.to_string(),
                parsed(alternate).to_string(),
                want.to_string(),
            ));
        }
        if mantissa != 0 {
            let negated = exact(-mantissa, exponent, format);
            checks.push((
                format!("{negated:?}"),
                negated.to_string(),
                format!("-{want}"),
            ));
        }
        for (what, got, want) in checks {
            if got != want {
                failures.push(format!("{what}: want {want:?}, got {got:?}"));
            }
        }
    }
    check_all(failures);
}

#[test]
fn quantity_parse_quantity_reserializes() {
    // Rows of upstream `TestParseQuantity`: the input and the text it serialises back to.
    let rows = [
        ("-999999999999999999", "-999999999999999999"),
        ("999999999999999999", "999999999999999999"),
        ("-999999999999999999.0", "-999999999999999999"),
        ("999999999999999999.0", "999999999999999999"),
        ("-999999999999999999.1", "-999999999999999999100m"),
        ("999999999999999999.1", "999999999999999999100m"),
        ("-9999999999999999999", "-9999999999999999999"),
        ("9999999999999999999", "9999999999999999999"),
        ("-1E", "-1E"),
        ("1E", "1E"),
        ("-1000000000000000000", "-1E"),
        ("1000000000000000000", "1E"),
        ("-9999999999999999999.0", "-9999999999999999999"),
        ("9999999999999999999.0", "9999999999999999999"),
        ("-1.0E", "-1E"),
        ("1.0E", "1E"),
        ("-1000000000000000000.0", "-1E"),
        ("1000000000000000000.0", "1E"),
        ("-9999999999999999999000m", "-9999999999999999999"),
        ("9999999999999999999000m", "9999999999999999999"),
        ("-9999999999999999999.1", "-9999999999999999999100m"),
        ("9999999999999999999.1", "9999999999999999999100m"),
        ("-1.0000000000000000001E", "-1000000000000000000100m"),
        ("1.0000000000000000001E", "1000000000000000000100m"),
        ("-1000000000000000000.1", "-1000000000000000000100m"),
        ("1000000000000000000.1", "1000000000000000000100m"),
        ("-1.000000000000000001E", "-1000000000000000001"),
        ("1.000000000000000001E", "1000000000000000001"),
        ("-1000000000000000001", "-1000000000000000001"),
        ("1000000000000000001", "1000000000000000001"),
        ("-10E", "-10E"),
        ("10E", "10E"),
        ("-10000000000000000000", "-10E"),
        ("10000000000000000000", "10E"),
        ("-10.0E", "-10E"),
        ("10.0E", "10E"),
        ("-10000000000000000000.0", "-10E"),
        ("10000000000000000000.0", "10E"),
        ("-10000000000000000000000m", "-10E"),
        ("10000000000000000000000m", "10E"),
        ("-10.0000000000000000001E", "-10000000000000000000100m"),
        ("10.0000000000000000001E", "10000000000000000000100m"),
        ("-10000000000000000000.1", "-10000000000000000000100m"),
        ("10000000000000000000.1", "10000000000000000000100m"),
        ("-10.000000000000000001E", "-10000000000000000001"),
        ("10.000000000000000001E", "10000000000000000001"),
        ("-10000000000000000001", "-10000000000000000001"),
        ("10000000000000000001", "10000000000000000001"),
        ("-9223372036854775809", "-9223372036854775809"),
        ("9223372036854775806", "9223372036854775806"),
        ("-9223372036854775809.0", "-9223372036854775809"),
        ("9223372036854775806.0", "9223372036854775806"),
        ("-9223372036854775809000m", "-9223372036854775809"),
        ("9223372036854775806000m", "9223372036854775806"),
        ("-9223372036854775809.1", "-9223372036854775809100m"),
        ("9223372036854775806.1", "9223372036854775806100m"),
        ("-9223372036854775808", "-9223372036854775808"),
        ("9223372036854775807", "9223372036854775807"),
        ("-9223372036854775808.0", "-9223372036854775808"),
        ("9223372036854775807.0", "9223372036854775807"),
        ("-9223372036854775808000m", "-9223372036854775808"),
        ("9223372036854775807000m", "9223372036854775807"),
        ("-9223372036854775808.1", "-9223372036854775808100m"),
        ("9223372036854775807.1", "9223372036854775807100m"),
        ("-9223372036854775807", "-9223372036854775807"),
        ("9223372036854775808", "9223372036854775808"),
        ("-9223372036854775807.0", "-9223372036854775807"),
        ("9223372036854775808.0", "9223372036854775808"),
        ("-9223372036854775807000m", "-9223372036854775807"),
        ("9223372036854775808000m", "9223372036854775808"),
        ("-9223372036854775807.1", "-9223372036854775807100m"),
        ("9223372036854775808.1", "9223372036854775808100m"),
    ];
    let mut failures = Vec::new();
    for (input, want) in rows {
        let got = parsed(input).to_string();
        if got != want {
            failures.push(format!("{input:?}: want {want:?}, got {got:?}"));
        }
    }
    check_all(failures);
}

#[test]
fn quantity_scaled_value() {
    // Rows of upstream `TestScaledValue`: NewScaledQuantity(1, from).ScaledValue(to).
    let rows = [
        (-9, -9, 1),
        (-9, -6, 1),
        (-9, -3, 1),
        (-9, 0, 1),
        (-6, -9, 1000),
        (-6, -6, 1),
        (-6, -3, 1),
        (-6, 0, 1),
        (-3, -9, 1_000_000),
        (-3, -6, 1000),
        (-3, -3, 1),
        (-3, 0, 1),
        (0, -9, 1_000_000_000),
        (0, -6, 1_000_000),
        (0, -3, 1000),
        (0, 0, 1),
        (2, -2, 10_000),
    ];
    for (from, to, want) in rows {
        assert_eq!(
            Quantity::new_scaled(1, from).scaled_value(to),
            want,
            "{from} -> {to}"
        );
    }
}

#[test]
fn quantity_derived_milli_and_value() {
    assert_eq!(parsed("500m").milli_value(), 500);
    assert_eq!(parsed("1").milli_value(), 1000);
    assert_eq!(parsed("128Mi").value(), 134_217_728);
    assert_eq!(parsed("1G").value(), 1_000_000_000);
    assert_eq!(parsed("1.5").value(), 2);
    assert_eq!(parsed("0.5").milli_value(), 500);
    assert_eq!(parsed("100m").milli_value(), 100);
    assert_eq!(parsed("0.1m").milli_value(), 1);
}

#[test]
fn quantity_cmp() {
    // Rows of upstream `TestQuantityCmp`, plus mixed formats and signs.
    let rows = [
        ("0", "0", Ordering::Equal),
        ("100m", "50m", Ordering::Greater),
        ("50m", "100m", Ordering::Less),
        ("10000T", "100Gi", Ordering::Greater),
        ("1Gi", "1024Mi", Ordering::Equal),
        ("1k", "1e3", Ordering::Equal),
        ("-1", "1m", Ordering::Less),
        ("-2", "-1", Ordering::Less),
        ("0Ki", "-0", Ordering::Equal),
        ("1E", "999999999999999999999m", Ordering::Greater),
        ("12E", "9Ei", Ordering::Greater),
        ("1.5", "1500m", Ordering::Equal),
    ];
    for (a, b, want) in rows {
        assert_eq!(parsed(a).cmp_value(&parsed(b)), want, "{a} vs {b}");
        assert_eq!(
            parsed(b).cmp_value(&parsed(a)),
            want.reverse(),
            "{b} vs {a}"
        );
    }
}

#[test]
fn quantity_memory_128m_is_a_fraction_of_a_byte() {
    let quantity = parsed("128m");
    assert_eq!(quantity.milli_value(), 128);
    assert_eq!(quantity.value(), 1);
    assert_eq!(quantity.format(), DecimalSI);
    assert_eq!(quantity.to_string(), "128m");
    assert_eq!(quantity.cmp_value(&parsed("1")), Ordering::Less);
}

#[test]
fn quantity_1g_differs_from_1gi() {
    let decimal = parsed("1G");
    let binary = parsed("1Gi");
    assert_eq!(decimal.value(), 1_000_000_000);
    assert_eq!(binary.value(), 1_073_741_824);
    assert_eq!(decimal.format(), DecimalSI);
    assert_eq!(binary.format(), BinarySI);
    assert_eq!(decimal.cmp_value(&binary), Ordering::Less);
    assert_ne!(decimal, binary);
}

#[test]
fn quantity_negative_values() {
    let minus_one = parsed("-1");
    assert!(minus_one.is_negative());
    assert!(!minus_one.is_zero());
    assert_eq!(minus_one.value(), -1);
    assert_eq!(minus_one.milli_value(), -1000);
    assert_eq!(minus_one.to_string(), "-1");
    // Upstream rounds scaled values away from zero, negative ones included.
    assert_eq!(parsed("-1.5").value(), -2);
    assert_eq!(parsed("-0.1m").milli_value(), -1);
    assert_eq!(parsed("-1.5Gi").to_string(), "-1536Mi");
    let minus_zero = parsed("-0");
    assert!(!minus_zero.is_negative());
    assert!(minus_zero.is_zero());
    assert_eq!(minus_zero.to_string(), "0");
}

#[test]
fn quantity_values_saturate() {
    assert_eq!(parsed("12E").value(), i64::MAX);
    assert_eq!(parsed("-12E").value(), i64::MIN);
    assert_eq!(parsed("1e100").milli_value(), i64::MAX);
    assert_eq!(parsed("9Ei").value(), i64::MAX);
    assert_eq!(parsed("9Ei").milli_value(), i64::MAX);
    assert_eq!(parsed("-9Ei").value(), -i64::MAX);
    assert_eq!(parsed("1e-9").value(), 1);
    assert_eq!(Quantity::from_milli(i64::MIN).milli_value(), i64::MIN);
}

#[test]
fn quantity_canonical_examples() {
    let rows = [
        ("1.5", "1500m"),
        ("1.5Gi", "1536Mi"),
        ("1024Mi", "1Gi"),
        ("1000M", "1G"),
        (".001Ki", "1024m"),
        ("0.5Ki", "512"),
        ("1.5Ki", "1536"),
        ("8Ei", "9223372036854775807"),
        ("1000", "1k"),
        ("0.5", "500m"),
        ("0.000000001e9", "1"),
        ("1000e3", "1e6"),
        ("10e3", "10e3"),
        // DecimalSI has no suffix for 10^39, so upstream prints the digits bare.
        ("1000000000000000000000000000000000000000000m", "1"),
    ];
    for (input, want) in rows {
        assert_eq!(parsed(input).to_string(), want, "{input:?}");
    }
}

#[test]
fn quantity_parse_echoes_text_upstream_keeps() {
    // Upstream's fast path caches the input text when it looks canonical, and String()
    // returns that text, so these spellings come back unchanged.
    for input in [
        "+1",
        "01k",
        "0001Ki",
        "1.500",
        "1.050k",
        "1.",
        "1.G",
        "1.Ki",
        "5E3",
        "1e+3",
        "1e03",
        "+1Ki",
        "-0001.5e-2",
        "1100",
        "1e-9",
    ] {
        assert_eq!(parsed(input).to_string(), input, "{input:?}");
    }
    // These are not cached upstream and come back canonical.
    for (input, want) in [
        ("1000", "1k"),
        ("+0.5", "500m"),
        ("1.5e2", "150"),
        ("8Ki", "8Ki"),
        ("2048Ki", "2Mi"),
        ("1.0", "1"),
    ] {
        assert_eq!(parsed(input).to_string(), want, "{input:?}");
    }
    assert_eq!(parsed("+1"), parsed("1"));
}

#[test]
fn quantity_parse_upstream_quirks() {
    // A suffix with no digits reads as zero while the fast path handles it.
    for (input, format) in [
        ("k", DecimalSI),
        ("Ki", BinarySI),
        ("Ti", BinarySI),
        (".", DecimalSI),
        ("-", DecimalSI),
        ("+", DecimalSI),
        ("e-9", DecimalExponent),
        (".Ki", BinarySI),
    ] {
        let quantity = parsed(input);
        assert!(quantity.is_zero(), "{input:?}");
        assert_eq!(quantity.format(), format, "{input:?}");
    }
    // The slow path needs a digit, so the same shapes fail there.
    for input in ["Pi", "Ei", "-Ei", ".Pi", "e-10"] {
        assert_eq!(
            Quantity::parse(input),
            Err(QuantityError::Numeric),
            "{input:?}"
        );
    }
    // The exponent is read as int64 and then truncated to int32.
    let wrapped = parsed("1e4294967299");
    assert_eq!(wrapped.value(), 1000);
    assert_eq!(wrapped.to_string(), "1e4294967299");
    assert_eq!(parsed("1e-9223372036854775808").value(), 1);
    assert_eq!(
        Quantity::parse("1e9223372036854775808"),
        Err(QuantityError::Suffix)
    );
    assert_eq!(Quantity::parse("1K"), Err(QuantityError::Suffix));
    assert_eq!(Quantity::parse("1e"), Err(QuantityError::Suffix));
    assert_eq!(Quantity::parse("1ee3"), Err(QuantityError::Suffix));
    // DecimalSI has no suffix above E, so upstream prints such values without one.
    assert_eq!(parsed("1000E").to_string(), "1");
    assert_eq!(parsed("1000E").cmp_value(&parsed("1e21")), Ordering::Equal);
}

#[test]
fn quantity_constructors() {
    let quantity = Quantity::from_milli(1500);
    assert_eq!(quantity.format(), DecimalSI);
    assert_eq!(quantity.to_string(), "1500m");
    assert_eq!(quantity.milli_value(), 1500);
    assert_eq!(quantity, parsed("1.5"));
    assert_eq!(Quantity::from_milli(2000).to_string(), "2");
    assert_eq!(Quantity::from_milli(-250).to_string(), "-250m");
    assert_eq!(Quantity::new(3 << 30, BinarySI).to_string(), "3Gi");
    assert_eq!(Quantity::new(5, BinarySI).to_string(), "5");
    assert_eq!(Quantity::new_scaled(3, 9).to_string(), "3G");
    let copy = quantity;
    assert_eq!(copy, quantity);
    assert_eq!(format!("[{:>6}]", parsed("100m")), "[  100m]");
    assert_eq!("250m".parse::<Quantity>(), Ok(Quantity::from_milli(250)));
}

#[test]
fn quantity_significant_digit_limit() {
    let digits38 = "12345678901234567890123456789012345678";
    assert_eq!(parsed(digits38).to_string(), digits38);
    assert_eq!(
        Quantity::parse(&format!("{digits38}9")),
        Err(QuantityError::Numeric)
    );
    assert_eq!(
        parsed(&format!("{digits38}0")).to_string(),
        format!("{digits38}0")
    );
    // Rounding up turns trailing nines into zeros, so they do not count against the limit.
    assert_eq!(
        parsed("0449868464791580768539985138998244576299.7n").to_string(),
        "449868464791580768539985138998244576300n"
    );
    assert_eq!(
        parsed("9999999999999999999999999999999999999999.9e-9").to_string(),
        "10e30"
    );
    // Rounding up the last kept digit can carry all the way to a new leading digit.
    assert_eq!(
        parsed("9999999999999999999999999999.9999999999e0").to_string(),
        "10e27"
    );
}

#[test]
fn quantity_huge_inputs_are_handled() {
    // Work is linear in the input length; a megabyte of digits is refused or capped, never
    // allocated without bound. (No wall-clock assertion: timings are noisy here.)
    let megabyte = 1 << 20;
    let many_digits = "7".repeat(megabyte);
    let many_zeros = "0".repeat(megabyte);
    assert_eq!(Quantity::parse(&many_digits), Err(QuantityError::Numeric));
    let capped = parsed(&format!("{many_digits}Ki"));
    assert_eq!(capped.value(), i64::MAX);
    assert_eq!(capped.format(), BinarySI);
    let tiny = parsed(&format!("0.{many_zeros}1Ki"));
    assert_eq!(nanos(&tiny), Some(1));
    assert_eq!(tiny.format(), DecimalSI);
    let fraction = parsed(&format!("0.{many_digits}"));
    assert_eq!(nanos(&fraction), Some(777_777_778));
    let big = parsed(&format!("1{many_zeros}"));
    assert_eq!(big.value(), i64::MAX);
    let padded = parsed(&format!("{many_zeros}1k"));
    assert_eq!(padded.value(), 1000);
    assert_eq!(padded.to_string().len(), megabyte + 2);
    let exponent = parsed(&format!("1e{many_zeros}3"));
    assert_eq!(exponent.value(), 1000);
    for junk in [
        ".".repeat(megabyte),
        "e".repeat(megabyte),
        "+".repeat(megabyte),
    ] {
        assert!(Quantity::parse(&junk).is_err());
    }
}

/// A small xorshift generator so the mutation test needs no external crates.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, bound: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(bound.max(1)).unwrap()).unwrap()
    }
}

fn mutate(rng: &mut XorShift, seed: &str) -> String {
    const ALPHABET: &[u8] = b"0123456789.+-eEinumkKMGTPi xZ\t";
    let mut bytes = seed.as_bytes().to_vec();
    for _ in 0..=rng.below(4) {
        let pick = if rng.below(4) == 0 {
            u8::try_from(0x20 + rng.below(0x5f)).unwrap()
        } else {
            ALPHABET[rng.below(ALPHABET.len())]
        };
        let at = rng.below(bytes.len() + 1);
        match rng.below(4) {
            0 if at < bytes.len() => bytes[at] = pick,
            1 if at < bytes.len() => {
                bytes.remove(at);
            }
            2 => {
                let copy = bytes.clone();
                bytes.splice(at..at, copy.into_iter().take(rng.below(8)));
            }
            _ => bytes.insert(at, pick),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn quantity_parse_never_panics_on_mutated_text() {
    let seeds = [
        "0",
        "1",
        "1Ki",
        "7Mi",
        "1.5Gi",
        "100m",
        "3.001n",
        "1.3E+6",
        "0.000000000001Ki",
        "9Ei",
        "12E",
        "+01.500e-3",
        "-1.G",
        "1e4294967299",
        ".",
        "",
        "99999999999999999999Pi",
        "0.5e-9",
        "123456789012345678901234567890123456789",
        "é1",
        "1ミ",
    ];
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut previous = Quantity::from_milli(0);
    for round in 0..60_000 {
        let text = mutate(&mut rng, seeds[round % seeds.len()]);
        let Ok(quantity) = Quantity::parse(&text) else {
            continue;
        };
        let shown = quantity.to_string();
        if quantity.spelling.is_some() {
            assert_eq!(shown, text, "echo of {text:?}");
        }
        let scale = i32::try_from(rng.below(60)).unwrap() - 30;
        let _ = (
            quantity.value(),
            quantity.milli_value(),
            quantity.scaled_value(scale),
            quantity.cmp_value(&previous),
            quantity.is_negative(),
            quantity.is_zero(),
        );
        assert_eq!(
            quantity.cmp_value(&previous),
            previous.cmp_value(&quantity).reverse(),
            "{text:?}"
        );
        if !has_suffix_gap(&quantity) {
            let again = Quantity::parse(&shown)
                .unwrap_or_else(|err| panic!("{text:?} -> {shown:?}: {err}"));
            assert!(again.cmp_value(&quantity).is_eq(), "{text:?} -> {shown:?}");
        }
        previous = quantity;
    }
}
