//! Which database types the old app's Rust types still read, decided from Diesel's own
//! `FromSql` implementations (diesel 2.3):
//!
//! - PostgreSQL sends values in its binary format and Diesel decodes them without asking the
//!   type: `i32` from `Int4` refuses anything but 4 bytes ("Was a BigInt expression
//!   accidentally marked as integer?"), `i64` anything but 8, `i16` anything but 2, and the
//!   same for `f32` and `f64`. So an `Integer` column widened to `bigint` breaks the old app as
//!   surely as one narrowed. Text of any kind (`text`, `varchar`, `char(n)`, `citext`) is the
//!   same UTF-8 bytes; `timestamp` and `timestamptz` are the same 8 bytes (the old app reads
//!   the UTC time). Every other type reads only itself; a custom type, the type of its name.
//! - SQLite reads each value through `sqlite3_value_int`, `_int64`, `_double`, `_text` or
//!   `_blob`, which convert from any storage class: the declared type only decides how SQLite
//!   stores what is written. So a type still reads where SQLite stores the same kind of value:
//!   any integer type (`SmallInt`, `Integer`, `BigInt`, `Bool`: SQLite's integers are 64 bits
//!   whatever the declared type), any real (`Float`, `Double`), any text (`Text`, and
//!   `Timestamp`, `TimestamptzSqlite`, `Date` and `Time`, which Diesel writes as text), `Binary`
//!   from blobs. Across them SQLite converts what it reads, and the conversions that keep the
//!   value are fine too: a real or text read from integers, text from reals, a blob from text.
//!   The others give the values the new app writes back wrong (a text that is no number as
//!   0, a real cut to an integer, a number as a Julian day) or fail (a blob that is not UTF-8
//!   read as text).
//!
//! A type this rule does not know (one imported from another crate, such as
//! diesel-derive-enum's mappings) is not judged.

use crate::app_schema::AppType;
use crate::describe::Column;
use crate::rules::On;

/// Why the app's type `app` cannot read the column `db` as the database (on `on`) has it now;
/// `None` when it can, or when the app's type is one this rule does not know.
pub fn refused(app: &AppType, db: &Column, on: On) -> Option<String> {
    let theirs = canonical(&db.diesel_type.name);
    if app.array != db.diesel_type.array {
        let (what, now) = match app.array {
            true => ("an array", "a single value"),
            false => ("a single value", "an array"),
        };
        return Some(format!(
            "Diesel reads {what} there and the column now holds {now}"
        ));
    }
    match on {
        On::Postgres => postgres(app, db, theirs),
        _ => sqlite(app, theirs?),
    }
}

fn postgres(app: &AppType, db: &Column, theirs: Option<&str>) -> Option<String> {
    // The custom type the database has, named as the app's sql_types would name it.
    let db_custom = db.diesel_type.custom.as_ref().map(|c| match &c.schema {
        Some(schema) => format!("{schema}.{}", c.sql_name),
        None => c.sql_name.clone(),
    });
    if let Some(wanted) = &app.custom {
        return (db_custom.as_deref() != Some(wanted.as_str()))
            .then(|| format!("Diesel reads its custom type {wanted} only from {wanted}"));
    }
    let Some(ours) = canonical(&app.name) else {
        // Not Diesel's, not defined in the file: the same name as print-schema's is the same.
        return None;
    };
    let reads = match theirs {
        Some(theirs) => {
            ours == theirs
                || ["Timestamp", "Timestamptz"].contains(&ours)
                    && ["Timestamp", "Timestamptz"].contains(&theirs)
        }
        None => false,
    };
    (!reads).then(|| {
        format!(
            "Diesel reads {} only from {} (it decodes PostgreSQL's binary values by their size \
             and format, whatever their type)",
            app.name,
            postgres_types(ours)
        )
    })
}

fn sqlite(app: &AppType, theirs: &str) -> Option<String> {
    let ours = canonical(&app.name)?;
    let now = stored(theirs)?;
    let numbers = ["integers", "reals"].contains(&now);
    let what = match stored(ours)? {
        "integers" if now == "reals" => "a real comes back cut to an integer",
        "integers" | "reals" if !numbers => "a value that is no number comes back as 0",
        "text" if now == "blobs" && ours == "Text" => "bytes that are not UTF-8 fail to read",
        "text" if numbers && ours != "Text" => "a number comes back as a Julian day",
        "blobs" if now != "blobs" && now != "text" => {
            "a number comes back as the bytes of its text"
        }
        _ => return None,
    };
    Some(format!(
        "on SQLite Diesel reads {} as {}, and the column now stores {now}: where the new app \
         writes them, {what}",
        app.name,
        stored(ours)?
    ))
}

/// Diesel's name for a SQL type, its aliases resolved (`Int4` is `Integer`, `Varchar` is
/// `Text`); the names PostgreSQL's types get in `print-schema` (`Bpchar`, `Citext`) too.
fn canonical(name: &str) -> Option<&'static str> {
    Some(match name {
        "Bool" => "Bool",
        "SmallInt" | "Int2" | "Smallint" => "SmallInt",
        "Integer" | "Int4" => "Integer",
        "BigInt" | "Int8" | "Bigint" => "BigInt",
        "Float" | "Float4" => "Float",
        "Double" | "Float8" => "Double",
        "Numeric" | "Decimal" => "Numeric",
        "Text" | "VarChar" | "Varchar" | "Bpchar" | "Citext" | "Tinytext" | "Mediumtext"
        | "Longtext" => "Text",
        "Binary" | "Bytea" | "Blob" | "Tinyblob" | "Mediumblob" | "Longblob" | "Varbinary" => {
            "Binary"
        }
        "Timestamp" | "Datetime" => "Timestamp",
        "Timestamptz" | "TimestamptzSqlite" => "Timestamptz",
        "Date" => "Date",
        "Time" => "Time",
        "Interval" => "Interval",
        "Uuid" => "Uuid",
        "Json" => "Json",
        "Jsonb" => "Jsonb",
        "Inet" => "Inet",
        "Cidr" => "Cidr",
        "MacAddr" | "Macaddr" => "MacAddr",
        "MacAddr8" | "Macaddr8" => "MacAddr8",
        "Money" => "Money",
        "Oid" => "Oid",
        "Int4range" | "Range<Int4>" | "Range<Integer>" => "Int4range",
        "Int8range" | "Range<Int8>" | "Range<BigInt>" => "Int8range",
        "Numrange" | "Range<Numeric>" => "Numrange",
        "Daterange" | "Range<Date>" => "Daterange",
        "Tsrange" | "Range<Timestamp>" => "Tsrange",
        "Tstzrange" | "Range<Timestamptz>" => "Tstzrange",
        _ => return None,
    })
}

/// The PostgreSQL types Diesel's type `ours` reads.
fn postgres_types(ours: &str) -> String {
    match ours {
        "SmallInt" => "int2 (smallint)",
        "Integer" => "int4 (integer)",
        "BigInt" => "int8 (bigint)",
        "Float" => "float4 (real)",
        "Double" => "float8 (double precision)",
        "Text" => "text, varchar, char(n) or citext",
        "Binary" => "bytea",
        "Bool" => "boolean",
        "Timestamp" | "Timestamptz" => "timestamp or timestamptz",
        other => return other.to_ascii_lowercase(),
    }
    .to_string()
}

/// What SQLite stores in a column of Diesel's type `ours`, as Diesel reads it back.
fn stored(ours: &str) -> Option<&'static str> {
    Some(match ours {
        "SmallInt" | "Integer" | "BigInt" | "Bool" => "integers",
        "Float" | "Double" | "Numeric" => "reals",
        "Text" | "Timestamp" | "Timestamptz" | "Date" | "Time" => "text",
        "Binary" => "blobs",
        _ => return None,
    })
}
