//! The nesting bound, checked in one pass over a document's text before the parser sees it.
//!
//! The YAML crate refuses more than [`MAX_NESTING`] levels only once its scanner has read the
//! whole document, and that scanner looks at every open flow level again at each token: 80 KB
//! of `[` took 11 s. This pass counts the collections the parser would open, or fewer, never
//! more, so it refuses only what the parser would refuse: flow brackets outside quotes,
//! comments, block scalars and plain scalars, and block collections by the columns of their
//! keys and `-` entries. Where it counts fewer, the parser stops at a syntax error early or
//! refuses the depth itself.

use crate::core::limits::MAX_NESTING;

/// Where the text first nests deeper than [`MAX_NESTING`]: the 0-based line and the byte in
/// that line of the bracket, `-` entry or key that opens one level too many.
pub fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut scan = Scan::default();
    text.split('\n')
        .enumerate()
        .find_map(|(index, line)| scan.line(line.as_bytes()).map(|byte| (index, byte)))
}

/// The state carried from line to line.
#[derive(Default)]
struct Scan {
    /// Columns of the open block collections, innermost last; never longer than the limit + 1.
    blocks: Vec<usize>,
    /// Open flow collections (`[`, `{`).
    flow: usize,
    /// The quote of a quoted scalar still open.
    quote: Option<u8>,
    /// Inside a block scalar (`|`, `>`): the indentation of its lines, and whether its first
    /// line has fixed it (before that, the least it may be).
    block_scalar: Option<(usize, bool)>,
    /// A node may start here, so a quote opens a quoted scalar and a bracket a collection.
    node_start: bool,
    /// The column where the block node being read began: a key's, when `: ` follows.
    node_column: usize,
    /// The line ended in a plain scalar, which more indented lines continue.
    plain: bool,
}

fn is_blank(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r')
}

impl Scan {
    /// Reads one line; `Some(byte)` where it goes one level too deep.
    fn line(&mut self, line: &[u8]) -> Option<usize> {
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        let empty = line[indent..].iter().all(|&b| is_blank(b));
        let marker = |m: &[u8]| line.starts_with(m) && line.get(3).is_none_or(|&b| is_blank(b));
        let mut start = 0;
        if marker(b"---") || marker(b"...") {
            // A document starts or ends: nothing stays open.
            *self = Scan::default();
            start = 3;
        } else if let Some((indentation, fixed)) = self.block_scalar {
            if empty || indent >= indentation {
                if !fixed && !empty {
                    self.block_scalar = Some((indent, true));
                }
                return None;
            }
            self.block_scalar = None;
        }
        if self.flow == 0 && self.quote.is_none() {
            if empty {
                return None;
            }
            let continues = self.blocks.last().is_none_or(|&column| indent > column);
            if self.plain && continues && line[indent] != b'#' {
                return None; // more words of a plain scalar: no syntax in them
            }
            self.plain = false;
            self.node_start = true;
            self.node_column = indent;
        }
        self.read(
            line,
            start.max(if self.quote.is_none() { indent } else { 0 }),
        )
    }

    fn read(&mut self, line: &[u8], mut i: usize) -> Option<usize> {
        while i < line.len() {
            let byte = line[i];
            let blank_after = line.get(i + 1).is_none_or(|&b| is_blank(b));
            if let Some(quote) = self.quote {
                let doubled = line.get(i + 1) == Some(&b'\'');
                if (quote == b'"' && byte == b'\\') || (quote == b'\'' && byte == quote && doubled)
                {
                    i += 1; // an escape, or `''` inside single quotes
                } else if byte == quote {
                    self.quote = None;
                    self.node_start = false;
                }
                i += 1;
                continue;
            }
            let block = self.flow == 0;
            match byte {
                _ if is_blank(byte) => {}
                b'#' if i == 0 || is_blank(line[i - 1]) => {
                    self.plain = false;
                    return None;
                }
                b'[' | b'{' if !block || self.node_start => {
                    if block {
                        self.node_column = i;
                    }
                    self.flow += 1;
                    self.node_start = true;
                    if self.blocks.len() + self.flow > MAX_NESTING {
                        return Some(i);
                    }
                }
                b']' | b'}' if !block => {
                    self.flow -= 1;
                    self.node_start = false;
                }
                b',' if !block => self.node_start = true,
                b'\'' | b'"' if self.node_start => {
                    self.quote = Some(byte);
                    if block {
                        self.node_column = i;
                    }
                    self.node_start = false;
                }
                b'-' | b'?' if block && self.node_start && blank_after => {
                    if self.open_block(i) {
                        return Some(i);
                    }
                }
                b':' if !block || blank_after => {
                    if block && self.open_block(self.node_column) {
                        return Some(self.node_column);
                    }
                    self.node_start = true;
                    self.plain = false;
                }
                b'|' | b'>' if block && self.node_start => {
                    let least = self.blocks.last().map_or(0, |&column| column + 1);
                    self.block_scalar = Some((least, false));
                    return None;
                }
                b'&' | b'!' if self.node_start => {
                    // An anchor or a tag comes before the node it names.
                    while i < line.len() && !is_blank(line[i]) {
                        i += 1;
                    }
                    continue;
                }
                _ => {
                    if block && self.node_start {
                        self.node_column = i;
                    }
                    self.plain = block;
                    self.node_start = false;
                }
            }
            i += 1;
        }
        None
    }

    /// A key or `-` entry at `column`: the block collection it belongs to, a new one when it
    /// is more indented than the innermost open one. True when that is one level too many.
    fn open_block(&mut self, column: usize) -> bool {
        while self.blocks.last().is_some_and(|&open| open > column) {
            self.blocks.pop();
        }
        if self.blocks.last() != Some(&column) {
            self.blocks.push(column);
        }
        self.plain = false;
        self.blocks.len() > MAX_NESTING
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brackets(n: usize) -> String {
        format!("{}{}", "[".repeat(n), "]".repeat(n))
    }

    #[test]
    fn the_bound_is_the_parsers_own() {
        // A key's mapping and 127 brackets make 128 levels, which the parser reads.
        assert_eq!(too_deep(&format!("x: {}\n", brackets(127))), None);
        assert_eq!(too_deep(&format!("x: {}\n", brackets(128))), Some((0, 130)));
        assert_eq!(too_deep(&brackets(128)), None);
        assert_eq!(too_deep(&"- ".repeat(129)), Some((0, 256)));
        let block: String = (0..129).map(|i| format!("{}a:\n", " ".repeat(i))).collect();
        assert_eq!(too_deep(&block), Some((128, 128)));
        assert_eq!(too_deep(&block[..block.len() - 131]), None);
    }

    #[test]
    fn brackets_that_are_text_are_not_counted() {
        let deep = "[".repeat(200);
        for text in [
            format!("a: '{deep}'\nb: \"x\\\"{deep}\"\n"),
            format!("a: 1 # {deep}\n# {deep}\n"),
            format!("a: |\n  {deep}\n\n  {deep}\nb: >-\n    {deep}\n"),
            format!("a: words {deep}\n  more words {deep}\n"),
            format!("a: [it's, \"{deep}\"]\n"),
        ] {
            assert_eq!(too_deep(&text), None, "{text}");
        }
    }

    #[test]
    fn text_that_only_looks_quoted_still_counts() {
        let deep = "[".repeat(200);
        // The quote is inside plain scalars, so the brackets that follow are structure.
        assert!(too_deep(&format!("a: b\n  'c\nd: {deep}\n")).is_some());
        assert!(too_deep(&format!("a: [it's {deep}\n")).is_some());
        // The block scalar's indentation is fixed by its first line.
        assert!(too_deep(&format!("a: |\n    x\n  b: {deep}\n")).is_some());
        // After a document marker, and behind an anchor or tag.
        assert!(too_deep(&format!("--- {deep}\n")).is_some());
        assert!(too_deep(&format!("a: &x !!seq {deep}\n")).is_some());
    }
}
