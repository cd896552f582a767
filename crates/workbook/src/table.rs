//! Plain-text tables for the lessons' list commands.

use std::io::{self, Write};

use crate::input::shown;

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
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows() {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(shown(cell.as_ref()).chars().count());
        }
    }
    let mut line = String::new();
    write_line(out, &mut line, headers, &widths)?;
    for row in rows() {
        write_line(out, &mut line, row, &widths)?;
    }
    Ok(())
}

fn write_line(
    out: &mut impl Write,
    line: &mut String,
    cells: impl IntoIterator<Item = impl AsRef<str>>,
    widths: &[usize],
) -> io::Result<()> {
    use std::fmt::Write as _;
    line.clear();
    for (index, (cell, width)) in cells.into_iter().zip(widths).enumerate() {
        if index > 0 {
            line.push_str("  ");
        }
        write!(line, "{:<width$}", shown(cell.as_ref())).expect("writing to a String cannot fail");
    }
    line.truncate(line.trim_end().len());
    line.push('\n');
    out.write_all(line.as_bytes())
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
    fn control_characters_in_a_cell_are_shown_escaped_and_still_line_up() {
        let rows = vec![vec!["1", "\x1b[2Jgone"], vec!["2", "ok"]];
        assert_eq!(
            render(&["id", "description"], &rows),
            "id  description\n1   \\u{1b}[2Jgone\n2   ok\n"
        );
    }
}
