//! Go's `text/tabwriter` as kubectl configures it, so every table and description lines up
//! as a terminal shows it: cells end at a tab, a column is as wide as its widest cell plus the
//! padding (at least the minimum width), the last cell of a line is never padded, and a line
//! without a cell in a column ends that column's block (`tabwriter.Writer.format`).
//!
//! `kubectl get` writes with minimum width 6 and padding 3 and remembers widths between
//! flushes (`printers.GetNewTabWriter`, liggitt/tabwriter's `RememberWidths`), which is why the
//! lines of `kubectl get pods -w` stay under their header; `kubectl describe` uses minimum
//! width 0 and padding 2 (`describe.tabbedString`).

/// A tab writer: text with `\t`-ended cells and `\n`-ended lines in, aligned text out.
pub struct TabWriter {
    min_width: usize,
    padding: usize,
    /// Column widths kept across [`TabWriter::format`] calls when remembering; they only grow.
    remembered: Option<Vec<usize>>,
}

impl TabWriter {
    /// The writer of `kubectl get`: widths remembered across the lines of a watch.
    pub fn for_get() -> TabWriter {
        TabWriter {
            min_width: 6,
            padding: 3,
            remembered: Some(Vec::new()),
        }
    }

    /// The writer of `kubectl describe`.
    pub fn for_describe() -> TabWriter {
        TabWriter {
            min_width: 0,
            padding: 2,
            remembered: None,
        }
    }

    /// Aligns `text` as one flush of the writer; lines keep their `\n`s.
    pub fn format(&mut self, text: &str) -> String {
        let lines: Vec<Vec<&str>> = text.split('\n').map(|l| l.split('\t').collect()).collect();
        let mut out = String::with_capacity(text.len() * 2);
        let mut widths = Vec::new();
        self.format_block(&mut out, &lines, &mut widths, 0, lines.len());
        out
    }

    /// `tabwriter.Writer.format`: the blocks of column `widths.len()` within lines
    /// `line0..line1`, each formatted with the columns to its right before it is written.
    fn format_block(
        &mut self,
        out: &mut String,
        lines: &[Vec<&str>],
        widths: &mut Vec<usize>,
        mut line0: usize,
        line1: usize,
    ) {
        let column = widths.len();
        let has_cell = |line: &Vec<&str>| column + 1 < line.len();
        let mut this = line0;
        while this < line1 {
            if !has_cell(&lines[this]) {
                this += 1;
                continue;
            }
            write_lines(out, lines, widths, line0, this);
            line0 = this;
            let mut width = self.min_width;
            while this < line1 && has_cell(&lines[this]) {
                width = width.max(lines[this][column].chars().count() + self.padding);
                this += 1;
            }
            if let Some(remembered) = &mut self.remembered {
                match remembered.get_mut(column) {
                    Some(kept) => {
                        width = width.max(*kept);
                        *kept = width;
                    }
                    None => remembered.push(width),
                }
            }
            widths.push(width);
            self.format_block(out, lines, widths, line0, this);
            widths.pop();
            line0 = this;
        }
        write_lines(out, lines, widths, line0, line1);
    }
}

/// `tabwriter.Writer.writeLines`: each cell padded to its column's width while one is set.
fn write_lines(
    out: &mut String,
    lines: &[Vec<&str>],
    widths: &[usize],
    line0: usize,
    line1: usize,
) {
    for (index, line) in lines.iter().enumerate().take(line1).skip(line0) {
        for (column, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if let Some(width) = widths.get(column) {
                let padding = width.saturating_sub(cell.chars().count());
                out.extend(std::iter::repeat_n(' ', padding));
            }
        }
        if index + 1 < lines.len() {
            out.push('\n');
        }
    }
}

/// A table as `kubectl get` prints it: the header then one line per row.
pub fn get_table(writer: &mut TabWriter, header: &[&str], rows: &[Vec<String>]) -> String {
    let mut text = header.join("\t");
    for row in rows {
        text.push('\n');
        text.push_str(&row.join("\t"));
    }
    writer.format(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_to_the_widest_cell_and_leaves_the_last_cell_alone() {
        let text = "NAME\tREADY\tSTATUS\nml-model-1\t1/1\tRunning\nx\t0/1\tPending";
        assert_eq!(
            TabWriter::for_get().format(text),
            "NAME         READY   STATUS\n\
             ml-model-1   1/1     Running\n\
             x            0/1     Pending"
        );
    }

    #[test]
    fn a_narrow_column_keeps_the_minimum_width() {
        assert_eq!(
            TabWriter::for_get().format("A\tB\n1\t2"),
            "A     B\n1     2"
        );
    }

    #[test]
    fn a_line_without_tabs_ends_the_block() {
        let text = "Name:\tweb\nNamespace:\tdefault\nContainers:\n  model:\n    Image:\tv1";
        assert_eq!(
            TabWriter::for_describe().format(text),
            "Name:       web\nNamespace:  default\nContainers:\n  model:\n    Image:  v1"
        );
    }

    #[test]
    fn remembered_widths_only_grow() {
        let mut writer = TabWriter::for_get();
        assert_eq!(
            writer.format("NAME\tAGE\nlong-name\t5s"),
            "NAME        AGE\nlong-name   5s"
        );
        assert_eq!(writer.format("a\t6s"), "a           6s");
    }
}
