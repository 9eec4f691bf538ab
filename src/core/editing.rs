//! Editor keys that change the text: Tab and Shift+Tab indent and outdent with spaces, as
//! YAML requires (a tab in indentation is a syntax error). Offsets are the textarea's, in
//! UTF-16 code units, so the browser can put the selection back exactly.

/// Spaces per indentation level, as the examples and `kubectl` write YAML.
pub const INDENT: &str = "  ";

/// The text after an edit and the selection to restore.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub text: String,
    pub selection_start: u32,
    pub selection_end: u32,
}

/// Tab (`outdent` false) or Shift+Tab (`outdent` true) with the selection `start..end`.
/// Tab with a caret inserts spaces there; with a selection over lines, or Shift+Tab, it
/// indents or outdents every line the selection touches.
pub fn tab(text: &str, start: u32, end: u32, outdent: bool) -> Edit {
    let (start, end) = (start.min(end), start.max(end));
    let byte = |utf16: u32| byte_offset(text, utf16);
    let (start_byte, end_byte) = (byte(start), byte(end));
    if !outdent && !text[start_byte..end_byte].contains('\n') {
        let mut edited = String::with_capacity(text.len() + INDENT.len());
        edited.push_str(&text[..start_byte]);
        edited.push_str(INDENT);
        edited.push_str(&text[end_byte..]);
        let caret = start + INDENT.len() as u32;
        return Edit {
            text: edited,
            selection_start: caret,
            selection_end: caret,
        };
    }
    let first_line = text[..start_byte].rfind('\n').map_or(0, |i| i + 1);
    // A selection that ends at the start of a line does not take that line along.
    let last_end = if end_byte > start_byte && text[..end_byte].ends_with('\n') {
        end_byte - 1
    } else {
        end_byte
    };
    let mut edited = String::with_capacity(text.len() + 64);
    edited.push_str(&text[..first_line]);
    let (mut new_start, mut new_end) = (i64::from(start), i64::from(end));
    let mut line_start = first_line;
    for line in text[first_line..].split_inclusive('\n') {
        if line_start > last_end {
            break;
        }
        let line_start_utf16 = i64::from(utf16_len(&text[..line_start]));
        let change: i64 = if outdent {
            let leading_spaces = line.len() - line.trim_start_matches(' ').len();
            let removed = leading_spaces.min(INDENT.len());
            edited.push_str(&line[removed..]);
            -(removed as i64)
        } else {
            edited.push_str(INDENT);
            edited.push_str(line);
            INDENT.len() as i64
        };
        // Move each end of the selection by what changed on the lines before it.
        if line_start_utf16 < i64::from(start) || (line_start_utf16 == i64::from(start) && !outdent)
        {
            new_start = (new_start + change).max(line_start_utf16);
        }
        if line_start_utf16 <= i64::from(end) {
            new_end = (new_end + change).max(line_start_utf16);
        }
        line_start += line.len();
    }
    edited.push_str(&text[line_start.min(text.len())..]);
    Edit {
        text: edited,
        selection_start: new_start.max(0) as u32,
        selection_end: new_end.max(0) as u32,
    }
}

fn utf16_len(text: &str) -> u32 {
    text.encode_utf16().count() as u32
}

/// The byte offset of a UTF-16 offset (clamped to the text).
/// The 1-based line of the textarea offset `utf16` (the caret's line).
pub fn line_at(text: &str, utf16: u32) -> usize {
    text[..byte_offset(text, utf16)].matches('\n').count() + 1
}

fn byte_offset(text: &str, utf16: u32) -> usize {
    let mut units = 0u32;
    for (index, c) in text.char_indices() {
        if units >= utf16 {
            return index;
        }
        units += c.len_utf16() as u32;
    }
    text.len()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_caret_line_counts_utf16_units() {
        use super::line_at;
        let text = "a: ✓\nb: 😀\nc: 1\n";
        assert_eq!(line_at(text, 0), 1);
        assert_eq!(line_at(text, 4), 1);
        assert_eq!(line_at(text, 5), 2);
        // The emoji takes two units: the third line starts at 5 + 3 + 2 + 1.
        assert_eq!(line_at(text, 10), 2);
        assert_eq!(line_at(text, 11), 3);
        assert_eq!(line_at(text, 999), 4);
    }

    use super::*;

    #[test]
    fn tab_at_a_caret_inserts_two_spaces() {
        let edit = tab("a:\nb", 3, 3, false);
        assert_eq!(edit.text, "a:\n  b");
        assert_eq!((edit.selection_start, edit.selection_end), (5, 5));
    }

    #[test]
    fn tab_over_lines_indents_each_and_keeps_them_selected() {
        let edit = tab("a:\nb: 1\nc: 2\nd", 3, 11, false);
        assert_eq!(edit.text, "a:\n  b: 1\n  c: 2\nd");
        assert_eq!((edit.selection_start, edit.selection_end), (5, 15));
    }

    #[test]
    fn shift_tab_outdents_by_at_most_one_level() {
        let edit = tab("x:\n    a: 1\n b: 2\nc: 3", 5, 16, true);
        assert_eq!(edit.text, "x:\n  a: 1\nb: 2\nc: 3");
        let caret = tab("  a: 1", 4, 4, true);
        assert_eq!(caret.text, "a: 1");
        assert_eq!((caret.selection_start, caret.selection_end), (2, 2));
    }

    #[test]
    fn offsets_count_utf16_units_like_the_textarea() {
        // "é" is one unit, "🤖" two.
        let edit = tab("🤖: é\nb", 6, 6, false);
        assert_eq!(edit.text, "🤖: é\n  b");
        assert_eq!(edit.selection_start, 8);
    }
}
