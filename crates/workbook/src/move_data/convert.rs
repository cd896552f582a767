//! Values from SQLite to PostgreSQL: each SQLite value (dynamically typed) becomes the text
//! PostgreSQL reads for the target column's type, and that text is also the value's canonical
//! form, the one the checksum hashes. The target side reads each column back with the SQL
//! cast (`canonical_sql`) that gives the same text for the same value.

use chrono::{NaiveDate, NaiveDateTime, SubsecRound};

/// One value as SQLite stores it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// What a target column's type asks of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Boolean,
    Date,
    /// `timestamptz`: SQLite's text, taken as UTC.
    TimestampUtc,
    Timestamp,
    Integer,
    Text,
    Bytea,
    /// Any other type: the value's text, as PostgreSQL reads it.
    Other,
}

impl Kind {
    /// The kind of a column whose base type is `type_name` (`pg_type.typname`).
    pub fn of(type_name: &str) -> Kind {
        match type_name {
            "bool" => Kind::Boolean,
            "date" => Kind::Date,
            "timestamptz" => Kind::TimestampUtc,
            "timestamp" => Kind::Timestamp,
            "int2" | "int4" | "int8" => Kind::Integer,
            "text" | "varchar" | "name" | "citext" => Kind::Text,
            "bytea" => Kind::Bytea,
            _ => Kind::Other,
        }
    }

    /// The SQL that reads `column` (quoted) back as the canonical text of `convert`. The
    /// transaction runs with `TimeZone = 'UTC'`, `DateStyle = 'ISO, YMD'` and hex bytea.
    pub fn canonical_sql(self, column: &str) -> String {
        match self {
            Kind::Boolean => format!("CASE WHEN {column} THEN 't' ELSE 'f' END"),
            Kind::Date => format!("to_char({column}, 'YYYY-MM-DD')"),
            Kind::TimestampUtc => {
                format!("to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')")
            }
            Kind::Timestamp => format!("to_char({column}, 'YYYY-MM-DD HH24:MI:SS.US')"),
            Kind::Integer | Kind::Text | Kind::Bytea | Kind::Other => format!("{column}::text"),
        }
    }
}

/// The text PostgreSQL is given for `value` in a column of `kind` (None for NULL), or why the
/// value has no place there.
pub fn convert(value: &Value, kind: Kind) -> Result<Option<String>, String> {
    let text = match (kind, value) {
        (_, Value::Null) => return Ok(None),
        (Kind::Boolean, value) => boolean(value)?.to_string(),
        (Kind::Date, Value::Text(text)) => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| format!("{} is not a date (YYYY-MM-DD)", shown(value)))?
            .format("%Y-%m-%d")
            .to_string(),
        (Kind::TimestampUtc | Kind::Timestamp, Value::Text(text)) => timestamp(text)
            .ok_or_else(|| {
                format!(
                    "{} is not a timestamp (YYYY-MM-DD HH:MM:SS, UTC)",
                    shown(value)
                )
            })?
            .format("%Y-%m-%d %H:%M:%S%.6f")
            .to_string(),
        (Kind::Integer, Value::Integer(n)) => n.to_string(),
        (Kind::Integer, Value::Text(text)) if text.parse::<i64>().is_ok() => text.clone(),
        (Kind::Text | Kind::Other, Value::Text(text)) => text.clone(),
        (Kind::Text | Kind::Other, Value::Integer(n)) => n.to_string(),
        (Kind::Text | Kind::Other, Value::Real(x)) => x.to_string(),
        (Kind::Bytea, Value::Blob(bytes)) => hex(bytes),
        (Kind::Bytea, Value::Text(text)) => hex(text.as_bytes()),
        (kind, value) => {
            return Err(format!(
                "{} has no place in a {} column",
                shown(value),
                kind.name()
            ));
        }
    };
    Ok(Some(text))
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Boolean => "boolean",
            Kind::Date => "date",
            Kind::TimestampUtc => "timestamptz",
            Kind::Timestamp => "timestamp",
            Kind::Integer => "integer",
            Kind::Text => "text",
            Kind::Bytea => "bytea",
            Kind::Other => "non-text",
        }
    }
}

/// `t` or `f` for SQLite's 0 and 1 (and the words PostgreSQL reads the same way).
fn boolean(value: &Value) -> Result<char, String> {
    let word = match value {
        Value::Integer(n) => n.to_string(),
        Value::Text(text) => text.trim().to_ascii_lowercase(),
        _ => String::new(),
    };
    match word.as_str() {
        "1" | "t" | "true" => Ok('t'),
        "0" | "f" | "false" => Ok('f'),
        _ => Err(format!("{} is not a boolean (0 or 1)", shown(value))),
    }
}

/// SQLite's `YYYY-MM-DD HH:MM[:SS[.fff]]` (or with `T`, or a trailing `Z`), rounded to
/// PostgreSQL's microseconds.
fn timestamp(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    let text = text.strip_suffix('Z').unwrap_or(text);
    [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
    .map(|t| t.round_subsecs(6))
}

fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(2 + 2 * bytes.len());
    out.push_str("\\x");
    for byte in bytes {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// A value as an error message shows it: quoted text, cut short.
pub fn shown(value: &Value) -> String {
    match value {
        Value::Null => "NULL".to_string(),
        Value::Integer(n) => n.to_string(),
        Value::Real(x) => x.to_string(),
        Value::Text(text) => {
            let short: String = text.chars().take(40).collect();
            let more = if short.len() < text.len() { "..." } else { "" };
            format!("'{}{more}'", short.replace('\'', "''"))
        }
        Value::Blob(bytes) => format!("a blob of {} bytes", bytes.len()),
    }
}

/// A 64-bit FNV-1a hash of the canonical text of rows, fed one row at a time: each value
/// escaped (`\N` for NULL; backslash, tab and line break escaped), tab between values, a line
/// break after each row, so that no two different tables of rows give the same text.
#[derive(Debug, Clone, Copy)]
pub struct Checksum(u64);

impl Default for Checksum {
    fn default() -> Self {
        Checksum(0xcbf2_9ce4_8422_2325)
    }
}

impl Checksum {
    pub fn row<S: AsRef<str>>(&mut self, values: &[Option<S>]) {
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                self.bytes(b"\t");
            }
            match value {
                None => self.bytes(b"\\N"),
                Some(text) => {
                    for byte in text.as_ref().bytes() {
                        match byte {
                            b'\\' => self.bytes(b"\\\\"),
                            b'\t' => self.bytes(b"\\t"),
                            b'\n' => self.bytes(b"\\n"),
                            _ => self.bytes(&[byte]),
                        }
                    }
                }
            }
        }
        self.bytes(b"\n");
    }

    fn bytes(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    pub fn value(self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn move_data_converts_by_the_target_type() {
        let text = |s: &str| Value::Text(s.to_string());
        assert_eq!(
            convert(&Value::Integer(1), Kind::Boolean),
            Ok(Some("t".into()))
        );
        assert_eq!(
            convert(&Value::Integer(0), Kind::Boolean),
            Ok(Some("f".into()))
        );
        assert!(convert(&Value::Integer(2), Kind::Boolean).is_err());
        assert_eq!(convert(&Value::Null, Kind::Date), Ok(None));
        assert_eq!(
            convert(&text("2026-03-01"), Kind::Date),
            Ok(Some("2026-03-01".into()))
        );
        let bad = convert(&text("2026-02-30"), Kind::Date).unwrap_err();
        assert_eq!(bad, "'2026-02-30' is not a date (YYYY-MM-DD)");
        assert_eq!(
            convert(&text("2026-03-01 10:20:30"), Kind::TimestampUtc),
            Ok(Some("2026-03-01 10:20:30.000000".into()))
        );
        assert_eq!(
            convert(&text("2026-03-01T10:20:30.1234567Z"), Kind::TimestampUtc),
            Ok(Some("2026-03-01 10:20:30.123457".into()))
        );
        assert_eq!(
            convert(&Value::Integer(-7), Kind::Text),
            Ok(Some("-7".into()))
        );
        assert_eq!(
            convert(&Value::Blob(vec![0, 255]), Kind::Bytea),
            Ok(Some("\\x00ff".into()))
        );
        assert!(convert(&Value::Real(1.5), Kind::Integer).is_err());
    }

    #[test]
    fn move_data_checksums_tell_null_from_text_and_rows_apart() {
        let sum = |rows: &[&[Option<&str>]]| {
            let mut c = Checksum::default();
            rows.iter().for_each(|row| c.row(row));
            c.value()
        };
        assert_ne!(sum(&[&[None]]), sum(&[&[Some("\\N")]]));
        assert_ne!(sum(&[&[Some("a\tb")]]), sum(&[&[Some("a"), Some("b")]]));
        assert_ne!(sum(&[&[Some("a")], &[Some("b")]]), sum(&[&[Some("a\nb")]]));
        assert_eq!(sum(&[&[Some("x"), None]]), sum(&[&[Some("x"), None]]));
    }
}
