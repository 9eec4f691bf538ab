//! Splitting a text into sign, number and suffix, the way upstream `parseQuantityString`
//! does; only the shape is checked here, and the byte helpers the readers share.

use super::QuantityError;

/// Which sign character the input started with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SignMark {
    Absent,
    Plus,
    Minus,
}

impl SignMark {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            SignMark::Absent => "",
            SignMark::Plus => "+",
            SignMark::Minus => "-",
        }
    }
}

/// The pieces of an input text, split the way upstream `parseQuantityString` splits them.
#[derive(Debug)]
pub(super) struct Scanned<'a> {
    pub(super) sign: SignMark,
    /// How many zeros preceded the integer digits.
    pub(super) leading_zeros: usize,
    /// Integer digits after the leading zeros; empty stands for upstream's `"0"`.
    pub(super) num: &'a [u8],
    pub(super) dot: bool,
    /// Fraction digits.
    pub(super) denom: &'a [u8],
    pub(super) suffix: &'a [u8],
    /// Whether upstream's numeric `value` string holds at least one digit.
    pub(super) has_digits: bool,
}

pub(super) fn is_digit(byte: u8) -> bool {
    byte.is_ascii_digit()
}

fn is_suffix_letter(byte: u8) -> bool {
    b"eEinumkKMGTP".contains(&byte)
}

pub(super) fn run_len(bytes: &[u8], accept: impl Fn(u8) -> bool) -> usize {
    bytes.iter().take_while(|&&byte| accept(byte)).count()
}

pub(super) fn rest(bytes: &[u8], start: usize) -> &[u8] {
    bytes.get(start..).unwrap_or(&[])
}

fn span(bytes: &[u8], start: usize, len: usize) -> &[u8] {
    bytes.get(start..start.saturating_add(len)).unwrap_or(&[])
}

pub(super) fn digit_value(byte: u8) -> u8 {
    byte.saturating_sub(b'0')
}

pub(super) fn len_i64(len: usize) -> i64 {
    i64::try_from(len).unwrap_or(i64::MAX)
}

/// Splits the text into sign, number and suffix; only the shape is checked here.
pub(super) fn scan(text: &[u8]) -> Result<Scanned<'_>, QuantityError> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
