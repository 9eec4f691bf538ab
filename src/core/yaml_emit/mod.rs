//! The YAML writer behind "what the cluster stores": a [`Value`] as block YAML text.
//!
//! It writes the text the YAML crate (0.9) wrote through libyaml's emitter, set to unlimited
//! width and unicode output: the stored view did not change when this replaced it, and the text
//! reads back to the same value. Writing it here keeps libyaml's emitter (about 13 KB gzip) out
//! of the wasm bundle; the parser stays (see [`crate::core::yaml`]).
//!
//! The rules, in the order they apply:
//! - Mappings and sequences are block style (a sequence under a key is not indented); empty
//!   ones are `{}` and `[]`. A key that is not a one-line scalar of at most 128 bytes or an
//!   empty collection is a complex key (`? key`, then `: value`).
//! - A string is asked for as a literal block (`|`) when it holds a newline, single-quoted when
//!   plain it would read as another type (`''`, `null`, `~`, `true`, `010`, `0x1F`, `1e3`,
//!   `.inf`), and plain otherwise. Numbers, booleans and null are plain.
//! - libyaml then overrides what the text cannot carry (`style.rs`): plain text with an
//!   indicator (`- x`, `: x`, `#x`, `*x`, `a: b`, `a #b`), leading or trailing whitespace, a
//!   line break, or `---` at its start is single-quoted; single-quoted text with a control
//!   character or a space beside a line break, and a literal block with a control character or
//!   a trailing space, are double-quoted with escapes.
//! - A literal block whose text starts with a space or a break gets the indentation hint `2`;
//!   its chomping is `-` without a final newline, `+` with two or more.
//!
//! A tag on a node (`!Ref x`) is written `!suffix`. Two quirks of the crate are not copied,
//! since a manifest has neither: a one-entry mapping or a tagged node used as the only key of a
//! mapping.

use crate::core::yaml::Value;

mod style;

use style::{Style, is_break, is_printable, is_simple_key, scalar_text, style_of, untagged};

/// Renders a value as YAML (for "what the cluster stores" views).
pub fn to_yaml_string(value: &Value) -> String {
    let mut emitter = Emitter {
        out: String::new(),
        column: 0,
        indent: None,
        whitespace: true,
        indention: true,
    };
    emitter.node(value, false, false);
    emitter.write_indent();
    // libyaml would end a document whose last block is `|+` with `...` at the stream's end,
    // but the YAML crate never ends the stream, so it never wrote one.
    emitter.out
}

/// The writer's state, named as in libyaml's emitter so the two can be read side by side.
struct Emitter {
    out: String,
    /// Characters written on the current line.
    column: usize,
    /// The current block's indentation; `None` outside the root node.
    indent: Option<usize>,
    /// The last character written was whitespace (so an indicator needs no space before it).
    whitespace: bool,
    /// Only indentation (and `-`/`?` indicators) are on the current line so far.
    indention: bool,
}

impl Emitter {
    /// One node. `in_mapping`: it is a key or a value of a block mapping; `simple_key`: it is a
    /// key written without `?`.
    fn node(&mut self, value: &Value, in_mapping: bool, simple_key: bool) {
        let (tag, value) = untagged(value);
        match value {
            Value::Sequence(items) => {
                self.tag(tag.as_deref());
                if items.is_empty() {
                    self.empty_collection("[", "]");
                    return;
                }
                let outer = self.indent;
                // A sequence that is a mapping's value sits at the key's indentation.
                self.increase_indent(false, in_mapping && !self.indention);
                for item in items {
                    self.write_indent();
                    self.indicator("-", true, false, true);
                    self.node(item, false, false);
                }
                self.indent = outer;
            }
            Value::Mapping(mapping) => {
                self.tag(tag.as_deref());
                if mapping.is_empty() {
                    self.empty_collection("{", "}");
                    return;
                }
                let outer = self.indent;
                self.increase_indent(false, false);
                for (key, value) in mapping {
                    self.write_indent();
                    if is_simple_key(key) {
                        self.node(key, true, true);
                        self.indicator(":", false, false, false);
                    } else {
                        self.indicator("?", true, false, true);
                        self.node(key, true, false);
                        self.write_indent();
                        self.indicator(":", true, false, true);
                    }
                    self.node(value, true, false);
                }
                self.indent = outer;
            }
            scalar => {
                let (text, asked) = scalar_text(scalar);
                self.scalar(&text, asked, tag.as_deref(), simple_key);
            }
        }
    }

    fn empty_collection(&mut self, open: &str, close: &str) {
        self.indicator(open, true, true, false);
        self.indicator(close, false, false, false);
    }

    fn scalar(&mut self, text: &str, asked: Style, tag: Option<&str>, simple_key: bool) {
        self.tag(tag);
        let outer = self.indent;
        self.increase_indent(true, false);
        match style_of(text, asked, simple_key) {
            Style::Plain => self.plain(text),
            Style::SingleQuoted => self.single_quoted(text),
            Style::DoubleQuoted => self.double_quoted(text),
            Style::Literal => self.literal(text),
        }
        self.indent = outer;
    }

    fn plain(&mut self, text: &str) {
        if !self.whitespace && !text.is_empty() {
            self.put(' ');
        }
        // Plain text never holds a line break: the analysis sends such text to quotes.
        text.chars().for_each(|c| self.put(c));
        self.whitespace = false;
        self.indention = false;
    }

    fn single_quoted(&mut self, text: &str) {
        self.indicator("'", true, false, false);
        let mut breaks = false;
        for c in text.chars() {
            if c == ' ' {
                self.put(c);
            } else if is_break(c) {
                // Only U+2028 and U+2029 get here: the other breaks are escaped in double quotes.
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
        if breaks {
            self.write_indent();
        }
        self.indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn double_quoted(&mut self, text: &str) {
        self.indicator("\"", true, false, false);
        for c in text.chars() {
            if !is_printable(c) || is_break(c) || c == '"' || c == '\\' {
                self.escape(c);
            } else {
                self.put(c);
            }
        }
        self.indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn escape(&mut self, c: char) {
        self.put('\\');
        let short = match c {
            '\0' => '0',
            '\u{7}' => 'a',
            '\u{8}' => 'b',
            '\t' => 't',
            '\n' => 'n',
            '\u{b}' => 'v',
            '\u{c}' => 'f',
            '\r' => 'r',
            '\u{1b}' => 'e',
            '"' => '"',
            '\\' => '\\',
            '\u{85}' => 'N',
            '\u{2028}' => 'L',
            '\u{2029}' => 'P',
            _ => {
                let code = c as u32;
                let (letter, digits) = match code {
                    0..=0xFF => ('x', 2),
                    0x100..=0xFFFF => ('u', 4),
                    _ => ('U', 8),
                };
                self.put(letter);
                for shift in (0..digits).rev() {
                    let digit = (code >> (shift * 4)) & 0xF;
                    self.put(
                        char::from_digit(digit, 16)
                            .unwrap_or('0')
                            .to_ascii_uppercase(),
                    );
                }
                return;
            }
        };
        self.put(short);
    }

    fn literal(&mut self, text: &str) {
        self.indicator("|", true, false, false);
        if text.starts_with(|c| c == ' ' || is_break(c)) {
            // The block's first line would otherwise set its indentation.
            self.indicator("2", false, false, false);
        }
        let mut ends = text.chars().rev();
        let keep = match (ends.next(), ends.next()) {
            (None, _) => Some("-"),
            (Some(last), _) if !is_break(last) => Some("-"),
            (Some(_), None) => Some("+"),
            (Some(_), Some(before)) if is_break(before) => Some("+"),
            _ => None,
        };
        if let Some(chomping) = keep {
            self.indicator(chomping, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for c in text.chars() {
            if is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }

    /// A tag's `!handle` and suffix, with the characters a tag cannot hold as `%XX`.
    fn tag(&mut self, tag: Option<&str>) {
        let Some(tag) = tag else { return };
        // `!x` is the primary handle `!` and the suffix `x`; a lone `!` is written verbatim.
        let verbatim = tag.len() < 2;
        let suffix = if verbatim {
            self.indicator("!<", true, false, false);
            tag
        } else {
            if !self.whitespace {
                self.put(' ');
            }
            self.put('!');
            &tag[1..]
        };
        let mut bytes = [0; 4];
        for c in suffix.chars() {
            if c.is_ascii_alphanumeric() || "-;/?:@&=+$,_.~*'()[]".contains(c) {
                self.put(c);
            } else {
                for byte in c.encode_utf8(&mut bytes).bytes() {
                    self.put('%');
                    for nibble in [byte >> 4, byte & 0xF] {
                        let digit = char::from_digit(u32::from(nibble), 16).unwrap_or('0');
                        self.put(digit.to_ascii_uppercase());
                    }
                }
            }
        }
        if verbatim {
            self.indicator(">", false, false, false);
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indent = Some(match self.indent {
            None if flow => 2,
            None => 0,
            Some(indent) if indentless => indent,
            Some(indent) => indent + 2,
        });
    }

    /// Starts a new line at the current indentation, unless the line holds only indentation.
    fn write_indent(&mut self) {
        let indent = self.indent.unwrap_or(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn indicator(&mut self, text: &str, need_space: bool, is_space: bool, is_indention: bool) {
        if need_space && !self.whitespace {
            self.put(' ');
        }
        text.chars().for_each(|c| self.put(c));
        self.whitespace = is_space;
        self.indention = self.indention && is_indention;
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn write_break(&mut self, c: char) {
        self.out.push(c);
        self.column = 0;
    }
}

#[cfg(test)]
mod tests;
