//! Plain-text tables for the lessons' list commands.

use std::io::{self, Write};

use super::input::shown;

// ANCHOR: render
/// Renders rows under headers, each column as wide as its widest cell, separated by two spaces;
/// control characters in a cell are shown escaped.
pub fn render<S: AsRef<str>>(headers: &[&str], rows: &[Vec<S>]) -> String {
    let mut text = Vec::new();
    write(&mut text, headers, || rows.iter()).expect("writing to memory cannot fail");
    String::from_utf8(text).expect("the cells are text")
}
// ANCHOR_END: render

/// Writes the table `render` makes straight to `out`, a line at a time, so a long listing is
/// never held whole in memory. `rows` is called twice: once to measure the columns, once to
/// write them; cells are anything that reads as text (`String`, `&str`, `Cow<str>`).
pub fn write<R, C, S>(
    out: &mut impl Write,
    headers: &[&str],
    rows: impl Fn() -> R,
) -> io::Result<()>
where
    R: Iterator<Item = C>,
    C: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut columns = Columns::new(headers);
    for row in rows() {
        columns.measure(row);
    }
    let mut line = String::new();
    columns.write(out, &mut line, headers)?;
    for row in rows() {
        columns.write(out, &mut line, row)?;
    }
    Ok(())
}

/// The widths of a table's columns, for rows that are not kept: `measure` every row, then
/// `write` the headers and every row again, in the same order (as a query read twice).
pub struct Columns {
    widths: Vec<usize>,
}

impl Columns {
    /// Columns as wide as their headers.
    pub fn new(headers: &[&str]) -> Self {
        Columns {
            widths: headers.iter().map(|h| h.chars().count()).collect(),
        }
    }

    /// Widens the columns to fit `row`.
    pub fn measure(&mut self, row: impl IntoIterator<Item = impl AsRef<str>>) {
        for (index, cell) in row.into_iter().enumerate() {
            self.measure_cell(index, cell.as_ref());
        }
    }

    /// Widens column `index` to fit `cell`, as it is shown (control characters escaped).
    pub fn measure_cell(&mut self, index: usize, cell: &str) {
        self.widen(index, shown(cell).chars().count());
    }

    /// Widens column `index` to at least `width` characters: a width measured elsewhere (by
    /// SQL's `length`, for text that `shown` prints as it is).
    pub fn widen(&mut self, index: usize, width: usize) {
        if let Some(column) = self.widths.get_mut(index) {
            *column = (*column).max(width);
        }
    }

    /// Writes one row (or the headers), each cell padded to its column; `line` is a buffer
    /// reused from row to row.
    pub fn write(
        &self,
        out: &mut impl Write,
        line: &mut String,
        cells: impl IntoIterator<Item = impl AsRef<str>>,
    ) -> io::Result<()> {
        line.clear();
        for (index, (cell, width)) in cells.into_iter().zip(&self.widths).enumerate() {
            if index > 0 {
                line.push_str("  ");
            }
            // Padded by hand: `format!`'s width stops at 65,535 and a cell may be longer.
            let cell = shown(cell.as_ref());
            line.push_str(&cell);
            let pad = width.saturating_sub(cell.chars().count());
            line.extend(std::iter::repeat_n(' ', pad));
        }
        line.truncate(line.trim_end().len());
        line.push('\n');
        out.write_all(line.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up_under_their_headers() {
        let rows = vec![
            vec!["1".to_string(), "Buy milk".to_string(), "yes".to_string()],
            vec!["10".to_string(), "Café".to_string(), String::new()],
        ];
        let text = render(&["id", "description", "done"], &rows);
        assert_eq!(
            text,
            "id  description  done\n1   Buy milk     yes\n10  Café\n"
        );
    }

    #[test]
    fn borrowed_cells_render_like_owned_ones() {
        let rows = vec![vec!["7", "  padded  "], vec!["", "x"]];
        assert_eq!(render(&["a", "b"], &rows), "a  b\n7    padded\n   x\n");
    }

    #[test]
    fn a_cell_longer_than_any_format_width_is_printed_whole() {
        let long = "x".repeat(70_000);
        let rows = vec![vec!["1", long.as_str()], vec!["2", "y"]];
        let text = render(&["id", "tag"], &rows);
        assert!(
            text.contains(&format!("1   {long}\n")),
            "the long cell is cut"
        );
        assert!(text.ends_with("2   y\n"));
    }

    #[test]
    fn control_characters_in_a_cell_are_shown_escaped_and_still_line_up() {
        let rows = vec![vec!["1", "\x1b[2Jgone"], vec!["2", "ok"]];
        assert_eq!(
            render(&["id", "description"], &rows),
            "id  description\n1   \\u{1b}[2Jgone\n2   ok\n"
        );
    }
}
