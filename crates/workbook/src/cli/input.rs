//! Checks on what users type, each failing with one line that says what is wrong and how to
//! fix it, before anything touches the database.

use chrono::{Datelike, NaiveDate};
use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result};

// ANCHOR: text
/// `text` with surrounding whitespace removed; refused when nothing is left, when it is longer
/// than `max` characters, or when it holds a control character other than a tab (ESC and the
/// rest could clear the screen or retitle the terminal of whoever lists it).
pub fn text<'a>(field: &str, text: &'a str, max: usize) -> Result<&'a str> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(Error::new(format!("the {field} is empty: type some text")));
    }
    if let Some(control) = trimmed.chars().find(|c| c.is_control() && *c != '\t') {
        return Err(Error::new(format!(
            "the {field} holds the control character U+{:04X}: type plain text",
            u32::from(control)
        )));
    }
    if let Some(hidden) = trimmed.chars().find(|c| is_hidden(*c)) {
        return Err(Error::new(format!(
            "the {field} holds the invisible character U+{:04X} (it hides or reorders what is \
             shown): type plain text",
            u32::from(hidden)
        )));
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
/// A real calendar date written as YYYY-MM-DD, in year 1 or later.
pub fn date(field: &str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .ok()
        .filter(|date| text.trim().len() == 10 && date.year() >= 1)
        .ok_or_else(|| {
            Error::new(format!(
                "the {field} {text:?} is not a date: write it as YYYY-MM-DD, e.g. 2026-12-01"
            ))
        })
}
// ANCHOR_END: date

/// A character that shows nothing yet changes text: zero-width spaces, the soft hyphen, the
/// byte-order mark, and the marks and overrides that reorder right-to-left text (U+202E
/// turns `txt.exe` around). Joiners and variation selectors, which emoji and some scripts
/// need, are not among them.
fn is_hidden(c: char) -> bool {
    matches!(
        u32::from(c),
        0x00AD | 0x061C | 0x180E | 0x200B | 0x200E | 0x200F | 0x202A..=0x202E
            | 0x2060..=0x2064 | 0x2066..=0x2069 | 0xFEFF
    )
}

/// A character a username's key leaves out: it shows nothing (joiners, variation selectors,
/// Hangul fillers), so `alice` with one is `alice`.
fn is_ignored_in_keys(c: char) -> bool {
    is_hidden(c)
        || matches!(
            u32::from(c),
            0x034F | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180D | 0x200C | 0x200D
                | 0x3164 | 0xFE00..=0xFE0F | 0xFFA0 | 0xE0100..=0xE01EF
        )
}

// ANCHOR: username_key
/// The key two usernames share when they differ only in letter case or in how their
/// characters are written: Unicode case folding between NFKC normalisations, so `Äpfel` and
/// `äpfel`, the Kelvin sign and `K`, `Straße` and `STRASSE` all have one key; characters that
/// show nothing are left out.
pub fn username_key(username: &str) -> String {
    let normalised: String = username
        .nfkc()
        .filter(|c| !is_ignored_in_keys(*c))
        .collect();
    caseless::default_case_fold_str(&normalised)
        .nfkc()
        .collect()
}
// ANCHOR_END: username_key

/// `text` as a terminal may show it: control characters written as escapes (`\u{1b}`), so
/// stored text cannot clear the screen or retitle the terminal.
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    let escaped = |c: char| c.is_control() || is_hidden(c);
    if !text.chars().any(escaped) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if escaped(c) {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

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
        for bad in [
            "2027-02-29",
            "2026-13-01",
            "tomorrow",
            "2026-1-5",
            "",
            "0000-01-01",
        ] {
            let error = date("due date", bad).unwrap_err().to_string();
            assert!(error.contains("is not a date"), "{bad}: {error}");
        }
    }

    #[test]
    fn control_characters_are_refused_but_a_tab_stays() {
        assert_eq!(text("description", "Buy\tmilk", 150).unwrap(), "Buy\tmilk");
        for (bad, code) in [
            ("\x1b]0;pwned\x07", "U+001B"),
            ("clear\x1b[2J", "U+001B"),
            ("two\nlines", "U+000A"),
            ("c1\u{9b}31m", "U+009B"),
        ] {
            let error = text("description", bad, 150).unwrap_err().to_string();
            assert_eq!(
                error,
                format!("the description holds the control character {code}: type plain text")
            );
        }
    }

    #[test]
    fn invisible_and_reordering_characters_are_refused_and_shown_escaped() {
        for typed in [
            "\u{202E}exe.txt",
            "\u{200B}\u{200B}",
            "ali\u{2066}ce",
            "x\u{FEFF}",
        ] {
            let error = text("username", typed, 30).unwrap_err().to_string();
            assert!(error.contains("invisible character"), "{typed:?}: {error}");
        }
        assert!(text("description", "family 👨\u{200D}👩 ❤\u{FE0F}", 150).is_ok());
        assert_eq!(shown("a\u{202E}b"), "a\\u{202e}b");
        assert_eq!(username_key("alice\u{200D}"), username_key("alice"));
        assert_eq!(username_key("ali\u{FE0F}ce"), username_key("ALICE"));
    }

    #[test]
    fn stored_control_characters_are_shown_escaped() {
        assert_eq!(shown("Buy milk"), "Buy milk");
        assert_eq!(shown("a\x1b[2Jb\tc"), "a\\u{1b}[2Jb\\tc");
    }

    #[test]
    fn usernames_differing_only_in_case_or_spelling_share_a_key() {
        for (a, b) in [
            ("Bugs_Bunny", "bugs_bunny"),
            ("Äpfel", "äpfel"),
            ("A\u{308}pfel", "äpfel"),
            ("\u{212A}elvin", "kelvin"),
            ("Straße", "STRASSE"),
            ("ΣΊΣΥΦΟΣ", "σίσυφος"),
        ] {
            assert_eq!(username_key(a), username_key(b), "{a} and {b}");
        }
        assert_ne!(username_key("Bugs_Bunny"), username_key("BugsXBunny"));
    }
}
