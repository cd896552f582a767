//! Plain-text tables for the lessons' list commands.

/// Renders rows under headers, each column as wide as its widest cell, separated by two spaces.
pub fn render(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        padded.join("  ").trim_end().to_string() + "\n"
    };
    let mut text = line(headers.to_vec());
    for row in rows {
        text += &line(row.iter().map(String::as_str).collect());
    }
    text
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
}
