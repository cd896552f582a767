//! Checks on what users type, each failing with one line that says what is wrong and how to
//! fix it, before anything touches the database.

use chrono::NaiveDate;

use crate::error::{Error, Result};

// ANCHOR: text
/// `text` with surrounding whitespace removed; refused when nothing is left or it is longer
/// than `max` characters.
pub fn text<'a>(field: &str, text: &'a str, max: usize) -> Result<&'a str> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(Error::new(format!("the {field} is empty: type some text")));
    }
    let length = trimmed.chars().count();
    if length > max {
        return Err(Error::new(format!(
            "the {field} is {length} characters long; the limit is {max}"
        )));
    }
    Ok(trimmed)
}
// ANCHOR_END: text

// ANCHOR: date
/// A real calendar date written as YYYY-MM-DD.
pub fn date(field: &str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .ok()
        .filter(|_| text.trim().len() == 10)
        .ok_or_else(|| {
            Error::new(format!(
                "the {field} {text:?} is not a date: write it as YYYY-MM-DD, e.g. 2026-12-01"
            ))
        })
}
// ANCHOR_END: date

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_must_be_there() {
        assert_eq!(text("description", "  Buy milk ", 150).unwrap(), "Buy milk");
        let error = text("description", " \t ", 150).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the description is empty: type some text"
        );
        let error = text("username", &"é".repeat(31), 30).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the username is 31 characters long; the limit is 30"
        );
    }

    #[test]
    fn dates_must_exist_on_the_calendar() {
        assert_eq!(
            date("due date", "2028-02-29").unwrap(),
            NaiveDate::from_ymd_opt(2028, 2, 29).unwrap()
        );
        for bad in ["2027-02-29", "2026-13-01", "tomorrow", "2026-1-5", ""] {
            let error = date("due date", bad).unwrap_err().to_string();
            assert!(error.contains("is not a date"), "{bad}: {error}");
        }
    }
}
