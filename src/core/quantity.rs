//! Kubernetes resource quantities: parsing, exact values, comparison and canonical text.
//!
//! This module owns [`Quantity`], the fixed-point number Kubernetes uses for CPU, memory and
//! every other resource amount. It follows apimachinery `pkg/api/resource/quantity.go`
//! (`ParseQuantity`, `parseQuantityString`, `CanonicalizeBytes`, `String`, `ScaledValue`, `Cmp`)
//! together with `suffix.go`, `amount.go` and `math.go` from the same package:
//!
//! * the grammar is sign, number (`1`, `1.5`, `1.`, `.5`) and suffix, where the suffix is a
//!   binary unit (`Ki` … `Ei`), a decimal unit (`n u m "" k M G T P E`) or `e`/`E` with a
//!   signed integer; whitespace is never accepted;
//! * values are exact and kept to one nano unit (10^-9); anything finer rounds up, away from
//!   zero; binary values are capped at 2^63-1 in magnitude and a binary value strictly between
//!   0 and 1 becomes `DecimalSI`;
//! * text output keeps the input's format family and uses the largest suffix that shows the
//!   value without a fraction (`1.5` → `1500m`, `1.5Gi` → `1536Mi`, `1024Mi` → `1Gi`);
//! * like upstream `String()`, a parsed text that the fast parser judges canonical is echoed
//!   back verbatim (so `+1` prints as `+1` and `1.500` as `1.500`), and a `DecimalSI` value
//!   whose canonical exponent has no suffix (above `E`) prints its digits with no suffix.
//!
//! Where this module differs from upstream, it is on purpose:
//!
//! * upstream keeps arbitrary-precision decimals; here a decimal value that needs more than
//!   38 significant digits (after nano rounding) is rejected with the numeric error;
//! * exponent arithmetic is exact where upstream's 32-bit arithmetic would wrap, which only
//!   matters for exponents within a few units of ±2^31 (upstream may also spend unbounded
//!   time and memory on such inputs; here every input is handled in linear time);
//! * `value`, `milli_value` and `scaled_value` saturate at the `i64` bounds where upstream
//!   overflows, and always round away from zero, which is what upstream does for values held
//!   in its int64 form; for negative values held in its arbitrary-precision form upstream
//!   returns a different, inconsistent result (for example `-1n` gives `Value() == 1`).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// The smallest decimal exponent a parsed quantity keeps.
const NANO: i64 = -9;
/// The most digits upstream's int64 fast path accepts (`maxInt64Factors`).
const FAST_PATH_DIGITS: usize = 18;
/// The most significant digits a mantissa may hold; 10^38 still fits an `i128`.
const MAX_MANTISSA_DIGITS: usize = 38;
/// The magnitude binary quantities are capped at (the largest `int64`).
const BINARY_CAP: u128 = i64::MAX as u128;
/// One whole unit expressed in nano units.
const NANOS_PER_UNIT: u128 = 1_000_000_000;
/// Decimal suffixes and the power of ten each one stands for (`suffix.go`).
const DECIMAL_SUFFIXES: [(&str, i32); 10] = [
    ("n", -9),
    ("u", -6),
    ("m", -3),
    ("", 0),
    ("k", 3),
    ("M", 6),
    ("G", 9),
    ("T", 12),
    ("P", 15),
    ("E", 18),
];
/// Binary suffixes and the power of two each one stands for (`suffix.go`).
const BINARY_SUFFIXES: [(&str, u32); 6] = [
    ("Ki", 10),
    ("Mi", 20),
    ("Gi", 30),
    ("Ti", 40),
    ("Pi", 50),
    ("Ei", 60),
];
/// Suffix names indexed by how many factors of 1024 they stand for.
const BINARY_NAMES: [&str; 7] = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

/// How a quantity is written out; parsing records the family of the input's suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QuantityFormat {
    /// Powers of ten with SI suffixes, e.g. `12M`.
    DecimalSI,
    /// Powers of two with IEC suffixes, e.g. `12Mi`.
    BinarySI,
    /// Powers of ten written as an exponent, e.g. `12e6`.
    DecimalExponent,
}

impl QuantityFormat {
    /// The upstream name of the format, as it appears in Go (`"DecimalSI"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            QuantityFormat::DecimalSI => "DecimalSI",
            QuantityFormat::BinarySI => "BinarySI",
            QuantityFormat::DecimalExponent => "DecimalExponent",
        }
    }
}

impl fmt::Display for QuantityFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a text is not a quantity; the messages are upstream's error strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QuantityError {
    /// The text is not a number followed by a suffix (`ErrFormatWrong`).
    FormatWrong,
    /// The number could not be read (`ErrNumeric`).
    Numeric,
    /// The suffix is neither a unit nor an exponent (`ErrSuffix`).
    Suffix,
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            QuantityError::FormatWrong => {
                "quantities must match the regular expression \
                 '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
            }
            QuantityError::Numeric => "unable to parse numeric part of quantity",
            QuantityError::Suffix => "unable to parse quantity's suffix",
        })
    }
}

impl std::error::Error for QuantityError {}

/// An exact resource amount: `mantissa × 10^exponent`, plus the format used to print it.
///
/// The mantissa never ends in a zero digit (zero is stored as `0 × 10^0`), so two quantities
/// hold the same value exactly when their mantissas and exponents match. Equality (`==`)
/// compares value and format but not the remembered input spelling; [`Quantity::cmp_value`]
/// compares values only, like upstream `Cmp`.
#[derive(Clone, Copy, Debug)]
pub struct Quantity {
    mantissa: i128,
    exponent: i64,
    format: QuantityFormat,
    spelling: Option<Spelling>,
}

impl PartialEq for Quantity {
    fn eq(&self, other: &Self) -> bool {
        self.mantissa == other.mantissa
            && self.exponent == other.exponent
            && self.format == other.format
    }
}

impl Eq for Quantity {}

impl Quantity {
    /// Parses a quantity exactly as upstream `ParseQuantity` does.
    pub fn parse(text: &str) -> Result<Quantity, QuantityError> {
        if text.is_empty() {
            return Err(QuantityError::FormatWrong);
        }
        let scanned = scan(text.as_bytes())?;
        match interpret_suffix(scanned.suffix).ok_or(QuantityError::Suffix)? {
            Unit::Decimal { exponent, name } => parse_decimal(
                &scanned,
                exponent,
                QuantityFormat::DecimalSI,
                SuffixText::Named(name),
            ),
            Unit::Exponent { exponent, text } => parse_decimal(
                &scanned,
                exponent,
                QuantityFormat::DecimalExponent,
                SuffixText::Exponent(text),
            ),
            Unit::Binary { shift, name } => parse_binary(&scanned, shift, name),
        }
    }

    /// A `DecimalSI` quantity of `milli` thousandths (upstream `NewMilliQuantity`).
    pub fn from_milli(milli: i64) -> Quantity {
        Quantity::new_scaled(milli, -3)
    }

    /// A quantity of `value` whole units in the given format (upstream `NewQuantity`).
    pub fn new(value: i64, format: QuantityFormat) -> Quantity {
        Quantity::assemble(value < 0, u128::from(value.unsigned_abs()), 0, format, None)
    }

    /// A `DecimalSI` quantity of `value × 10^scale` (upstream `NewScaledQuantity`).
    pub fn new_scaled(value: i64, scale: i32) -> Quantity {
        Quantity::assemble(
            value < 0,
            u128::from(value.unsigned_abs()),
            i64::from(scale),
            QuantityFormat::DecimalSI,
            None,
        )
    }

    /// The format the quantity is printed in.
    pub fn format(&self) -> QuantityFormat {
        self.format
    }

    /// `q × 1000` rounded away from zero and saturated to `i64` (upstream `MilliValue`).
    pub fn milli_value(&self) -> i64 {
        self.scaled_value(-3)
    }

    /// `q` rounded away from zero and saturated to `i64` (upstream `Value`).
    pub fn value(&self) -> i64 {
        self.scaled_value(0)
    }

    /// `q / 10^scale` rounded away from zero and saturated to `i64` (upstream `ScaledValue`).
    pub fn scaled_value(&self, scale: i32) -> i64 {
        let shift = self.exponent.saturating_sub(i64::from(scale));
        let magnitude = self.mantissa.unsigned_abs();
        let scaled = if shift >= 0 {
            scale_up(magnitude, shift.unsigned_abs())
        } else {
            scale_down_away_from_zero(magnitude, shift.unsigned_abs())
        };
        saturate_to_i64(self.mantissa < 0, scaled)
    }

    /// Whether the value is below zero.
    pub fn is_negative(&self) -> bool {
        self.mantissa < 0
    }

    /// Whether the value is exactly zero.
    pub fn is_zero(&self) -> bool {
        self.mantissa == 0
    }

    /// Orders two quantities by value alone, ignoring format (upstream `Cmp`).
    pub fn cmp_value(&self, other: &Quantity) -> Ordering {
        let by_sign = self.mantissa.signum().cmp(&other.mantissa.signum());
        if by_sign != Ordering::Equal || self.mantissa == 0 {
            return by_sign;
        }
        let by_magnitude = compare_magnitudes(
            (self.mantissa.unsigned_abs(), self.exponent),
            (other.mantissa.unsigned_abs(), other.exponent),
        );
        if self.mantissa < 0 {
            by_magnitude.reverse()
        } else {
            by_magnitude
        }
    }

    /// Builds a normalised quantity so that equal values always share one representation.
    fn assemble(
        negative: bool,
        magnitude: u128,
        exponent: i64,
        format: QuantityFormat,
        spelling: Option<Spelling>,
    ) -> Quantity {
        let (magnitude, exponent) = strip_trailing_zeros(magnitude, exponent);
        let magnitude = i128::try_from(magnitude).unwrap_or(i128::MAX);
        Quantity {
            mantissa: if negative { -magnitude } else { magnitude },
            exponent,
            format,
            spelling,
        }
    }

    /// The canonical text upstream `CanonicalizeBytes` produces.
    fn canonical_text(&self) -> String {
        if self.mantissa == 0 {
            return "0".to_string();
        }
        let sign = if self.mantissa < 0 { "-" } else { "" };
        if self.format == QuantityFormat::BinarySI {
            if let Some((rest, power)) = self.binary_parts() {
                let suffix = BINARY_NAMES.get(power).copied().unwrap_or("");
                return format!("{sign}{rest}{suffix}");
            }
            // Small or fractional binary values are shown in decimal so nothing is rounded.
            return self.decimal_text(sign, QuantityFormat::DecimalSI);
        }
        self.decimal_text(sign, self.format)
    }

    /// Splits an integral binary magnitude of at least 1024 into `rest × 1024^power`.
    fn binary_parts(&self) -> Option<(u128, usize)> {
        let whole = self
            .mantissa
            .unsigned_abs()
            .checked_mul(pow10(u64::try_from(self.exponent).ok()?)?)?;
        if whole < 1024 {
            return None;
        }
        let mut rest = whole;
        let mut power = 0;
        while rest.is_multiple_of(1024) {
            rest /= 1024;
            power += 1;
        }
        Some((rest, power))
    }

    /// Writes the value with an exponent that is a multiple of three, as upstream does.
    fn decimal_text(&self, sign: &str, format: QuantityFormat) -> String {
        let digits = self.mantissa.unsigned_abs().to_string();
        let pad = self.exponent.rem_euclid(3);
        let exponent = self.exponent.saturating_sub(pad);
        let zeros = "0".repeat(usize::try_from(pad).unwrap_or(0));
        let suffix = match format {
            QuantityFormat::DecimalExponent if exponent == 0 => String::new(),
            QuantityFormat::DecimalExponent => format!("e{exponent}"),
            // Upstream finds no suffix above `E` and then prints the digits without one.
            _ => decimal_suffix_name(exponent).unwrap_or("").to_string(),
        };
        format!("{sign}{digits}{zeros}{suffix}")
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match &self.spelling {
            Some(spelling) => spelling.text(),
            None => self.canonical_text(),
        };
        f.pad(&text)
    }
}

impl FromStr for Quantity {
    type Err = QuantityError;

    fn from_str(text: &str) -> Result<Quantity, QuantityError> {
        Quantity::parse(text)
    }
}

/// Which sign character the input started with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SignMark {
    Absent,
    Plus,
    Minus,
}

impl SignMark {
    fn as_str(self) -> &'static str {
        match self {
            SignMark::Absent => "",
            SignMark::Plus => "+",
            SignMark::Minus => "-",
        }
    }
}

/// The pieces of an input text, split the way upstream `parseQuantityString` splits them.
#[derive(Debug)]
struct Scanned<'a> {
    sign: SignMark,
    /// How many zeros preceded the integer digits.
    leading_zeros: usize,
    /// Integer digits after the leading zeros; empty stands for upstream's `"0"`.
    num: &'a [u8],
    dot: bool,
    /// Fraction digits.
    denom: &'a [u8],
    suffix: &'a [u8],
    /// Whether upstream's numeric `value` string holds at least one digit.
    has_digits: bool,
}

fn is_digit(byte: u8) -> bool {
    byte.is_ascii_digit()
}

fn is_suffix_letter(byte: u8) -> bool {
    b"eEinumkKMGTP".contains(&byte)
}

fn run_len(bytes: &[u8], accept: impl Fn(u8) -> bool) -> usize {
    bytes.iter().take_while(|&&byte| accept(byte)).count()
}

fn rest(bytes: &[u8], start: usize) -> &[u8] {
    bytes.get(start..).unwrap_or(&[])
}

fn span(bytes: &[u8], start: usize, len: usize) -> &[u8] {
    bytes.get(start..start.saturating_add(len)).unwrap_or(&[])
}

fn digit_value(byte: u8) -> u8 {
    byte.saturating_sub(b'0')
}

fn len_i64(len: usize) -> i64 {
    i64::try_from(len).unwrap_or(i64::MAX)
}

/// Splits the text into sign, number and suffix; only the shape is checked here.
fn scan(text: &[u8]) -> Result<Scanned<'_>, QuantityError> {
    let sign = match text.first() {
        Some(b'-') => SignMark::Minus,
        Some(b'+') => SignMark::Plus,
        _ => SignMark::Absent,
    };
    let mut pos = usize::from(sign != SignMark::Absent);
    let leading_zeros = run_len(rest(text, pos), |byte| byte == b'0');
    pos += leading_zeros;
    let mut scanned = Scanned {
        sign,
        leading_zeros,
        num: &[],
        dot: false,
        denom: &[],
        suffix: &[],
        has_digits: true,
    };
    if pos >= text.len() {
        // Upstream reads a bare sign, or a sign followed only by zeros, as the number 0.
        return Ok(scanned);
    }
    let num_len = run_len(rest(text, pos), is_digit);
    scanned.num = span(text, pos, num_len);
    pos += num_len;
    if text.get(pos) == Some(&b'.') {
        scanned.dot = true;
        pos += 1;
        let denom_len = run_len(rest(text, pos), is_digit);
        scanned.denom = span(text, pos, denom_len);
        pos += denom_len;
    }
    scanned.has_digits = leading_zeros > 0 || !scanned.num.is_empty() || !scanned.denom.is_empty();
    let suffix_start = pos;
    pos += run_len(rest(text, pos), is_suffix_letter);
    if matches!(text.get(pos), Some(b'+' | b'-')) {
        pos += 1;
    }
    pos += run_len(rest(text, pos), is_digit);
    if pos < text.len() {
        return Err(QuantityError::FormatWrong);
    }
    scanned.suffix = rest(text, suffix_start);
    Ok(scanned)
}

/// The original text of an `e`/`E` exponent suffix, kept so a verbatim echo can rebuild it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ExponentText {
    upper: bool,
    sign: SignMark,
    zeros: usize,
    magnitude: u64,
}

impl ExponentText {
    /// The exponent as upstream uses it: parsed as `int64`, then truncated to `int32`.
    fn exponent(&self) -> i32 {
        let magnitude = i128::from(self.magnitude);
        let signed = if self.sign == SignMark::Minus {
            -magnitude
        } else {
            magnitude
        };
        // The truncation mirrors Go's `int32(parsed)` conversion, wrapping included.
        signed as i32
    }
}

/// What a suffix means.
#[derive(Clone, Copy, Debug)]
enum Unit {
    Decimal { exponent: i32, name: &'static str },
    Binary { shift: u32, name: &'static str },
    Exponent { exponent: i32, text: ExponentText },
}

/// The suffix part of a verbatim echo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SuffixText {
    Named(&'static str),
    Exponent(ExponentText),
}

/// Looks a suffix up the way upstream `suffixHandler.interpret` does.
fn interpret_suffix(suffix: &[u8]) -> Option<Unit> {
    if let Some(&(name, exponent)) = DECIMAL_SUFFIXES
        .iter()
        .find(|(name, _)| name.as_bytes() == suffix)
    {
        return Some(Unit::Decimal { exponent, name });
    }
    if let Some(&(name, shift)) = BINARY_SUFFIXES
        .iter()
        .find(|(name, _)| name.as_bytes() == suffix)
    {
        return Some(Unit::Binary { shift, name });
    }
    match suffix.split_first() {
        Some((&marker @ (b'e' | b'E'), digits)) if !digits.is_empty() => {
            let text = parse_exponent_text(marker == b'E', digits)?;
            Some(Unit::Exponent {
                exponent: text.exponent(),
                text,
            })
        }
        _ => None,
    }
}

/// Reads a signed base-10 integer with the rules of Go's `strconv.ParseInt(s, 10, 64)`.
fn parse_exponent_text(upper: bool, text: &[u8]) -> Option<ExponentText> {
    let (sign, digits) = match text.split_first() {
        Some((b'+', tail)) => (SignMark::Plus, tail),
        Some((b'-', tail)) => (SignMark::Minus, tail),
        _ => (SignMark::Absent, text),
    };
    if digits.is_empty() || !digits.iter().all(|&byte| is_digit(byte)) {
        return None;
    }
    let zeros = run_len(digits, |byte| byte == b'0');
    let mut magnitude: u64 = 0;
    for &byte in rest(digits, zeros) {
        magnitude = magnitude
            .checked_mul(10)?
            .checked_add(u64::from(digit_value(byte)))?;
    }
    let limit = if sign == SignMark::Minus {
        1_u64 << 63
    } else {
        i64::MAX.unsigned_abs()
    };
    (magnitude <= limit).then_some(ExponentText {
        upper,
        sign,
        zeros,
        magnitude,
    })
}

/// Enough of the input to reproduce it exactly, kept when upstream would cache the input text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Spelling {
    sign: SignMark,
    leading_zeros: usize,
    /// The integer and fraction digits run together; they never start with a zero.
    digits: u64,
    denom_len: u8,
    dot: bool,
    suffix: SuffixText,
}

impl Spelling {
    fn text(&self) -> String {
        let digits = self.digits.to_string();
        let split = digits.len().saturating_sub(usize::from(self.denom_len));
        let mut out = String::with_capacity(self.leading_zeros.saturating_add(24));
        out.push_str(self.sign.as_str());
        push_zeros(&mut out, self.leading_zeros);
        out.push_str(digits.get(..split).unwrap_or(""));
        if self.dot {
            out.push('.');
            out.push_str(digits.get(split..).unwrap_or(""));
        }
        match self.suffix {
            SuffixText::Named(name) => out.push_str(name),
            SuffixText::Exponent(text) => {
                out.push(if text.upper { 'E' } else { 'e' });
                out.push_str(text.sign.as_str());
                push_zeros(&mut out, text.zeros);
                if text.magnitude > 0 {
                    out.push_str(&text.magnitude.to_string());
                }
            }
        }
        out
    }
}

fn push_zeros(out: &mut String, count: usize) {
    out.extend(std::iter::repeat_n('0', count));
}

/// The integer and fraction digits of the input, read as one digit string.
struct Digits<'a> {
    high: &'a [u8],
    low: &'a [u8],
}

impl Digits<'_> {
    fn len(&self) -> usize {
        self.high.len().saturating_add(self.low.len())
    }

    fn iter(&self) -> impl DoubleEndedIterator<Item = u8> + '_ {
        self.high
            .iter()
            .chain(self.low.iter())
            .map(|&byte| digit_value(byte))
    }

    fn leading_zeros(&self) -> usize {
        self.iter().take_while(|&digit| digit == 0).count()
    }

    fn trailing_zeros(&self) -> usize {
        self.iter().rev().take_while(|&digit| digit == 0).count()
    }

    /// Reads `count` digits starting at `start`; callers keep `count` within 38 digits.
    fn read(&self, start: usize, count: usize) -> u128 {
        self.iter()
            .skip(start)
            .take(count)
            .fold(0_u128, |acc, digit| {
                acc.saturating_mul(10).saturating_add(u128::from(digit))
            })
    }

    /// The magnitude as `(mantissa, exponent)` for `digits × 10^scale`, rounded up to nanos.
    fn decimal_value(&self, scale: i64) -> Result<(u128, i64), QuantityError> {
        let total = self.len();
        let lead = self.leading_zeros();
        if lead >= total {
            return Ok((0, 0));
        }
        let trail = self.trailing_zeros();
        let significant = total.saturating_sub(lead).saturating_sub(trail);
        let exponent = scale.saturating_add(len_i64(trail));
        if exponent >= NANO {
            if significant > MAX_MANTISSA_DIGITS {
                return Err(QuantityError::Numeric);
            }
            return Ok((self.read(lead, significant), exponent));
        }
        // Any amount finer than a nano unit rounds up, away from zero, so that asking for a
        // tiny non-zero amount still yields a non-zero quantity.
        let dropped = usize::try_from(NANO.saturating_sub(exponent)).unwrap_or(usize::MAX);
        if dropped >= significant {
            return Ok((1, NANO));
        }
        let kept = significant - dropped;
        // Adding the rounding unit turns trailing nines into zeros, so those nines never count
        // against the digit limit: `P99…9 + 1` is `(P + 1) × 10^nines`.
        let nines = self
            .iter()
            .skip(lead)
            .take(kept)
            .fold(0, |run, digit| if digit == 9 { run + 1 } else { 0 });
        if nines == kept {
            return Ok((1, NANO.saturating_add(len_i64(kept))));
        }
        let width = kept - nines;
        if width > MAX_MANTISSA_DIGITS {
            return Err(QuantityError::Numeric);
        }
        Ok((
            self.read(lead, width).saturating_add(1),
            NANO.saturating_add(len_i64(nines)),
        ))
    }
}

/// Parses a number with a decimal suffix or exponent.
fn parse_decimal(
    scanned: &Scanned<'_>,
    exponent: i32,
    format: QuantityFormat,
    suffix: SuffixText,
) -> Result<Quantity, QuantityError> {
    let digits = Digits {
        high: scanned.num,
        low: scanned.denom,
    };
    let scale = i64::from(exponent).saturating_sub(len_i64(scanned.denom.len()));
    let upstream_len = scanned.num.len().max(1).saturating_add(scanned.denom.len());
    let fast_path = upstream_len <= FAST_PATH_DIGITS && scale >= NANO;
    // Upstream's arbitrary-precision path needs at least one digit to read.
    if !fast_path && !scanned.has_digits {
        return Err(QuantityError::Numeric);
    }
    let (magnitude, value_exponent) = digits.decimal_value(scale)?;
    let spelling = if fast_path {
        decimal_spelling(scanned, &digits, scale, suffix)
    } else {
        None
    };
    Ok(Quantity::assemble(
        scanned.sign == SignMark::Minus,
        magnitude,
        value_exponent,
        format,
        spelling,
    ))
}

/// Upstream keeps the input text when its fast path sees a number that looks canonical.
fn decimal_spelling(
    scanned: &Scanned<'_>,
    digits: &Digits<'_>,
    scale: i64,
    suffix: SuffixText,
) -> Option<Spelling> {
    let looks_canonical = scale % 3 == 0 && !scanned.num.is_empty() && digits.trailing_zeros() < 3;
    if !looks_canonical {
        return None;
    }
    Some(Spelling {
        sign: scanned.sign,
        leading_zeros: scanned.leading_zeros,
        digits: u64::try_from(digits.read(0, digits.len())).ok()?,
        denom_len: u8::try_from(scanned.denom.len()).ok()?,
        dot: scanned.dot,
        suffix,
    })
}

/// Parses a number with a binary suffix.
fn parse_binary(
    scanned: &Scanned<'_>,
    shift: u32,
    name: &'static str,
) -> Result<Quantity, QuantityError> {
    let fast_value = binary_fast_value(scanned, shift);
    // Upstream's arbitrary-precision path needs at least one digit to read.
    if fast_value.is_none() && !scanned.has_digits {
        return Err(QuantityError::Numeric);
    }
    let nanos = binary_nanos(scanned.num, scanned.denom, shift);
    // A binary amount strictly between 0 and 1 has no binary spelling, so it turns decimal.
    let format = if nanos > 0 && nanos < NANOS_PER_UNIT {
        QuantityFormat::DecimalSI
    } else {
        QuantityFormat::BinarySI
    };
    let spelling = fast_value
        .filter(|value| value & 0x07 != 0)
        .map(|value| Spelling {
            sign: scanned.sign,
            leading_zeros: scanned.leading_zeros,
            digits: value,
            denom_len: 0,
            dot: scanned.dot,
            suffix: SuffixText::Named(name),
        });
    Ok(Quantity::assemble(
        scanned.sign == SignMark::Minus,
        nanos,
        NANO,
        format,
        spelling,
    ))
}

/// The integer upstream's binary fast path reads, or `None` when it takes the slow path.
fn binary_fast_value(scanned: &Scanned<'_>, shift: u32) -> Option<u64> {
    if !scanned.denom.is_empty() {
        return None;
    }
    // Upstream estimates 3 decimal digits per 10 bits; for multiples of ten this is exact.
    let suffix_digits = usize::try_from(shift * 3 / 10).ok()?;
    let needed = scanned
        .num
        .len()
        .max(1)
        .saturating_add(suffix_digits)
        .saturating_add(1);
    if needed > 15 {
        return None;
    }
    let value = u64::try_from(
        Digits {
            high: scanned.num,
            low: &[],
        }
        .read(0, scanned.num.len()),
    )
    .ok()?;
    i64::try_from(value).ok()?.checked_mul(1_i64 << shift)?;
    Some(value)
}

/// `(num.denom) × 2^shift` in nano units, rounded up and capped at 2^63-1 units.
fn binary_nanos(num: &[u8], denom: &[u8], shift: u32) -> u128 {
    let cap = BINARY_CAP * NANOS_PER_UNIT;
    // Twenty integer digits already exceed the cap, whatever the suffix.
    if num.len() > 19 {
        return cap;
    }
    let whole = Digits {
        high: num,
        low: &[],
    }
    .read(0, num.len());
    let scaled = whole.saturating_mul(1_u128 << shift);
    if scaled > BINARY_CAP {
        return cap;
    }
    let nanos = scaled
        .saturating_mul(NANOS_PER_UNIT)
        .saturating_add(fraction_nanos(denom, shift));
    nanos.min(cap)
}

/// `0.denom × 2^shift` in nano units, rounded up.
///
/// Only the first `9 + shift` fraction digits are multiplied out. Beyond them the remaining
/// digits add less than `2^shift / 10^shift`-ths of a nano, while a product that is not a
/// whole number of nanos is at least that far below the next one; so the tail can only
/// matter when the product is whole, and then any non-zero tail rounds it up by one.
fn fraction_nanos(denom: &[u8], shift: u32) -> u128 {
    let shift_digits = usize::try_from(shift).unwrap_or(usize::MAX);
    let width = shift_digits.saturating_add(9);
    let tail_nonzero = rest(denom, width).iter().any(|&byte| byte != b'0');
    // Little-endian decimal digits; 69 fraction digits times 2^60 needs at most 88 places.
    let mut product = [0_u8; 96];
    let head = denom
        .iter()
        .map(|&byte| digit_value(byte))
        .chain(std::iter::repeat(0));
    for (slot, digit) in product.iter_mut().take(width).rev().zip(head) {
        *slot = digit;
    }
    for _ in 0..shift {
        double_digits(&mut product);
    }
    let below_nano = product.iter().take(shift_digits).any(|&digit| digit != 0);
    let whole_nanos = product
        .iter()
        .skip(shift_digits)
        .rev()
        .fold(0_u128, |acc, &digit| {
            acc.saturating_mul(10).saturating_add(u128::from(digit))
        });
    whole_nanos.saturating_add(u128::from(below_nano || tail_nonzero))
}

fn double_digits(digits: &mut [u8]) {
    let mut carry = 0;
    for digit in digits.iter_mut() {
        let doubled = *digit * 2 + carry;
        *digit = doubled % 10;
        carry = doubled / 10;
    }
}

/// Moves factors of ten from the mantissa into the exponent.
fn strip_trailing_zeros(mut magnitude: u128, mut exponent: i64) -> (u128, i64) {
    if magnitude == 0 {
        return (0, 0);
    }
    while magnitude.is_multiple_of(10) {
        magnitude /= 10;
        exponent = exponent.saturating_add(1);
    }
    (magnitude, exponent)
}

fn pow10(exponent: u64) -> Option<u128> {
    10_u128.checked_pow(u32::try_from(exponent).ok()?)
}

fn decimal_suffix_name(exponent: i64) -> Option<&'static str> {
    DECIMAL_SUFFIXES
        .iter()
        .find(|&&(_, power)| i64::from(power) == exponent)
        .map(|&(name, _)| name)
}

fn scale_up(magnitude: u128, shift: u64) -> u128 {
    if magnitude == 0 {
        return 0;
    }
    pow10(shift)
        .and_then(|factor| magnitude.checked_mul(factor))
        .unwrap_or(u128::MAX)
}

fn scale_down_away_from_zero(magnitude: u128, shift: u64) -> u128 {
    if magnitude == 0 {
        return 0;
    }
    match pow10(shift) {
        Some(divisor) => magnitude / divisor + u128::from(!magnitude.is_multiple_of(divisor)),
        // The divisor exceeds every mantissa, so only the rounding unit is left.
        None => 1,
    }
}

fn saturate_to_i64(negative: bool, magnitude: u128) -> i64 {
    let magnitude = i128::try_from(magnitude).unwrap_or(i128::MAX);
    let signed = if negative { -magnitude } else { magnitude };
    i64::try_from(signed).unwrap_or(if negative { i64::MIN } else { i64::MAX })
}

fn digit_count(value: u128) -> i128 {
    value.checked_ilog10().map_or(0, |log| i128::from(log) + 1)
}

/// Orders `a.0 × 10^a.1` against `b.0 × 10^b.1` for non-zero magnitudes.
fn compare_magnitudes(a: (u128, i64), b: (u128, i64)) -> Ordering {
    let (a_digits, b_digits) = (digit_count(a.0), digit_count(b.0));
    // The position of the leading digit decides unless both lead at the same place.
    let by_position = (a_digits + i128::from(a.1)).cmp(&(b_digits + i128::from(b.1)));
    if by_position != Ordering::Equal {
        return by_position;
    }
    let widen = |value: u128, by: i128| {
        u64::try_from(by)
            .ok()
            .and_then(pow10)
            .and_then(|factor| value.checked_mul(factor))
    };
    if a_digits >= b_digits {
        widen(b.0, a_digits - b_digits).map_or(Ordering::Less, |b_wide| a.0.cmp(&b_wide))
    } else {
        widen(a.0, b_digits - a_digits).map_or(Ordering::Greater, |a_wide| a_wide.cmp(&b.0))
    }
}

#[cfg(test)]
mod tests {
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
    fn quantity_parse_quantity_string_splits_like_upstream() {
        // Upstream's `num` is "0" when no integer digits remain; here that is an empty slice.
        let rows: [(&str, SignMark, &str, &str, &str); 6] = [
            ("0.025Ti", SignMark::Absent, "", "025", "Ti"),
            ("1.025Ti", SignMark::Absent, "1", "025", "Ti"),
            ("-1.025Ti", SignMark::Minus, "1", "025", "Ti"),
            (".", SignMark::Absent, "", "", ""),
            ("-.", SignMark::Minus, "", "", ""),
            ("1E-3", SignMark::Absent, "1", "", "E-3"),
        ];
        for (input, sign, num, denom, suffix) in rows {
            let scanned = scan(input.as_bytes()).expect(input);
            assert_eq!(scanned.sign, sign, "{input:?}");
            assert_eq!(scanned.num, num.as_bytes(), "{input:?}");
            assert_eq!(scanned.denom, denom.as_bytes(), "{input:?}");
            assert_eq!(scanned.suffix, suffix.as_bytes(), "{input:?}");
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
}
