//! The review chapter (docs/src/review.md) answers the lecture's first questions, and draws
//! two pictures. The ORM picture, docs/src/review/user-and-users.mmd, says how this course's
//! `struct User` maps to its table `users`; it is checked here against the real code of
//! solutions/lesson-07 (the finished stage), so it cannot drift from it:
//! - its `field_*` nodes are the fields of `struct User` in src/models.rs, in order, with their types;
//! - its `column_*` nodes are the columns of `users` after the lesson's migrations, in order;
//! - each field points at the column of the same name, and the columns no field reads are
//!   drawn as `unmapped`;
//! - its `value` and `row` are what the app's own `sign_up` writes and `find_user` reads back.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use workbook::harness::scratch::Scratch;
use workbook::sqlite::schema::{Column, is_clock_default};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

const PICTURE: &str = "docs/src/review/user-and-users.mmd";
const MODELS: &str = "solutions/lesson-07/src/models.rs";

/// The ORM picture, as the test reads it.
#[derive(Debug, Default)]
struct Picture {
    /// `field_NAME["LABEL"]`, in order: (NAME, LABEL).
    fields: Vec<(String, String)>,
    /// `column_NAME["LABEL"]`, in order: (NAME, LABEL).
    columns: Vec<(String, String)>,
    /// `field_A --> column_B`: (A, B).
    arrows: Vec<(String, String)>,
    /// The nodes named in `class ... unmapped`.
    unmapped: BTreeSet<String>,
    value: Option<String>,
    row: Option<String>,
}

/// Mermaid's entity codes, as the picture uses them, back to the characters they stand for.
fn decode(label: &str) -> String {
    label
        .replace("#lt;", "<")
        .replace("#gt;", ">")
        .replace("#quot;", "\"")
}

/// `NAME["LABEL"]` as (NAME, decoded LABEL).
fn node(line: &str) -> Option<(&str, String)> {
    let (name, rest) = line.split_once("[\"")?;
    let label = rest.strip_suffix("\"]")?;
    (!name.contains(' ')).then(|| (name, decode(label)))
}

fn read_picture(text: &str) -> Picture {
    let mut picture = Picture::default();
    for line in text.lines().map(str::trim) {
        let unreadable = || panic!("{PICTURE}: cannot read the line {line:?}");
        if let Some(classes) = line.strip_prefix("class ") {
            let (nodes, class) = classes.rsplit_once(' ').unwrap_or_else(unreadable);
            if class == "unmapped" {
                picture
                    .unmapped
                    .extend(nodes.split(',').map(str::to_string));
            }
        } else if let Some((from, to)) = line.split_once(" --> ") {
            if let (Some(field), Some(column)) =
                (from.strip_prefix("field_"), to.strip_prefix("column_"))
            {
                picture.arrows.push((field.to_string(), column.to_string()));
            } else if from.starts_with("field_") || to.starts_with("column_") {
                unreadable();
            }
        } else if let Some((name, label)) = node(line) {
            if let Some(field) = name.strip_prefix("field_") {
                picture.fields.push((field.to_string(), label));
            } else if let Some(column) = name.strip_prefix("column_") {
                picture.columns.push((column.to_string(), label));
            } else if name == "value" {
                picture.value = Some(label);
            } else if name == "row" {
                picture.row = Some(label);
            }
        } else if line.starts_with("field_") || line.starts_with("column_") {
            unreadable();
        }
    }
    picture
}

fn picture() -> Picture {
    let text = std::fs::read_to_string(workspace().join(PICTURE)).unwrap();
    read_picture(&text)
}

/// The fields of `struct User` in the real models.rs, as (name, type), in order.
fn user_fields() -> Vec<(String, String)> {
    let models = std::fs::read_to_string(workspace().join(MODELS)).unwrap();
    let body = models
        .split_once("pub struct User {")
        .unwrap_or_else(|| panic!("{MODELS} has no `pub struct User {{`"))
        .1
        .split_once("\n}")
        .unwrap()
        .0;
    assert!(
        !body.contains("column_name"),
        "{MODELS}: a field of User names another column; the picture assumes each field reads \
         the column of its own name"
    );
    body.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("//"))
        .map(|line| {
            let field = line.strip_prefix("pub ").unwrap_or(line);
            let (name, ty) = field
                .trim_end_matches(',')
                .split_once(": ")
                .unwrap_or_else(|| panic!("{MODELS}: cannot read the field {line:?} of User"));
            (name.to_string(), ty.to_string())
        })
        .collect()
}

/// A database migrated by solutions/lesson-07's own migrations, with one user signed up by
/// the app's own code; then `check` looks at it.
fn with_signed_up_user<T>(check: impl FnOnce(&mut Scratch) -> T) -> T {
    let migrations = solution_07::lesson().load_migrations().unwrap();
    let no_app = |_: &mut diesel::SqliteConnection, _: &[&str]| -> workbook::Result<String> {
        unreachable!("the picture is checked without the app's command line")
    };
    let mut scratch = Scratch::new(&migrations, &no_app).unwrap();
    scratch.migrate().unwrap();
    solution_07::account::sign_up(scratch.conn(), "Bugs_Bunny", "Bugs", "Bunny").unwrap();
    check(&mut scratch)
}

fn users_columns() -> Vec<Column> {
    with_signed_up_user(|scratch| scratch.columns("users").unwrap())
}

/// How the picture labels a column: its name, declared type, and the two constraints a field's
/// type must agree with (a primary key, and NOT NULL: `Option` or not).
fn column_label(column: &Column) -> String {
    let mut label = format!("{} {}", column.name, column.sql_type);
    if column.primary_key {
        label.push_str(" PRIMARY KEY");
    }
    if column.not_null {
        label.push_str(" NOT NULL");
    }
    label
}

#[test]
fn the_orm_picture_shows_the_fields_of_the_real_user_struct() {
    let expected: Vec<(String, String)> = user_fields()
        .into_iter()
        .map(|(name, ty)| (name.clone(), format!("{name}: {ty}")))
        .collect();
    assert!(!expected.is_empty(), "{MODELS}: User has no fields");
    assert_eq!(
        picture().fields,
        expected,
        "{PICTURE}: the field_ nodes must be User's fields in {MODELS}, in order, as \
         field_NAME[\"NAME: TYPE\"]"
    );
}

#[test]
fn the_orm_picture_shows_the_columns_of_the_migrated_users_table() {
    let expected: Vec<(String, String)> = users_columns()
        .iter()
        .map(|column| (column.name.clone(), column_label(column)))
        .collect();
    assert_eq!(
        picture().columns,
        expected,
        "{PICTURE}: the column_ nodes must be the columns of users after solutions/lesson-07's \
         migrations, in order, as column_NAME[\"NAME TYPE [PRIMARY KEY] [NOT NULL]\"]"
    );
}

#[test]
fn each_field_points_at_its_column_and_the_others_are_drawn_unmapped() {
    let picture = picture();
    let fields: Vec<String> = user_fields().into_iter().map(|(name, _)| name).collect();
    let columns: Vec<String> = users_columns().into_iter().map(|c| c.name).collect();
    let expected: Vec<(String, String)> = fields.iter().map(|f| (f.clone(), f.clone())).collect();
    assert_eq!(
        picture.arrows, expected,
        "{PICTURE}: each field of User must point at the column of its name (field_NAME --> \
         column_NAME), in the fields' order, and at nothing else"
    );
    for field in &fields {
        assert!(
            columns.contains(field),
            "User's field {field} has no column in users"
        );
    }
    let unmapped: BTreeSet<String> = columns
        .iter()
        .filter(|column| !fields.contains(column))
        .map(|column| format!("column_{column}"))
        .collect();
    assert_eq!(
        picture.unmapped, unmapped,
        "{PICTURE}: `class ... unmapped` must name exactly the columns no field of User reads"
    );
}

#[test]
fn the_orm_pictures_value_and_row_are_what_sign_up_writes() {
    let picture = picture();
    let (user, columns, cells) = with_signed_up_user(|scratch| {
        let user = solution_07::account::find_user(scratch.conn(), "Bugs_Bunny")
            .unwrap()
            .unwrap();
        let columns = scratch.columns("users").unwrap();
        let cells: Vec<String> = columns
            .iter()
            .map(|column| {
                let sql = format!("SELECT quote(\"{}\") FROM users", column.name);
                scratch.lines(&sql).unwrap().concat()
            })
            .collect();
        (user, columns, cells)
    });
    assert_eq!(
        picture.value,
        Some(format!("a value: {user:?}")),
        "{PICTURE}: the value node must be the User that sign_up(\"Bugs_Bunny\", \"Bugs\", \
         \"Bunny\") writes, as Debug prints it"
    );
    // A clock's value changes from run to run: the picture says `(now)`.
    let shown: Vec<String> = columns
        .iter()
        .zip(cells)
        .map(|(column, cell)| {
            if is_clock_default(column) && cell != "NULL" {
                "(now)".to_string()
            } else {
                cell
            }
        })
        .collect();
    assert_eq!(
        picture.row,
        Some(format!("a row: {}", shown.join(" | "))),
        "{PICTURE}: the row node must be that user's row of users, as SQLite's quote() \
         writes each column"
    );
}

/// The picture's reader itself: a picture that disagrees with the code is read as such.
#[test]
fn the_reader_sees_a_missing_field_and_a_wrong_arrow() {
    let good = std::fs::read_to_string(workspace().join(PICTURE)).unwrap();
    let read = read_picture(&good);
    assert!(read.value.is_some() && read.row.is_some());
    let dropped = good.replace(
        "    field_last_name[\"last_name: Option#lt;String#gt;\"]\n",
        "",
    );
    assert_eq!(read_picture(&dropped).fields.len(), read.fields.len() - 1);
    let crossed = good.replace(
        "field_first_name --> column_first_name",
        "field_first_name --> column_last_name",
    );
    assert!(
        read_picture(&crossed)
            .arrows
            .contains(&("first_name".to_string(), "last_name".to_string()))
    );
}

/// The review is a chapter before lesson-01, draws both its pictures in ```mermaid blocks (so
/// `.ci/browser-check.mjs` counts and checks them), and the cheat sheet has its words.
#[test]
fn the_review_comes_before_lesson_01_with_its_two_pictures() {
    let docs = workspace().join("docs/src");
    let summary = std::fs::read_to_string(docs.join("SUMMARY.md")).unwrap();
    let review = summary
        .find("](review.md)")
        .expect("review.md is not in SUMMARY.md");
    let lesson_01 = summary.find("](lesson-01-deps.md)").unwrap();
    assert!(review < lesson_01, "the review must come before lesson-01");
    let chapter = std::fs::read_to_string(docs.join("review.md")).unwrap();
    assert!(
        chapter.contains("```mermaid\n{{#include review/user-and-users.mmd}}\n```"),
        "review.md must draw the ORM picture from {PICTURE}"
    );
    assert_eq!(
        chapter.matches("```mermaid\n").count(),
        2,
        "review.md draws two pictures"
    );
    let sheet = std::fs::read_to_string(docs.join("alembic-to-diesel.md")).unwrap();
    for word in [
        "ORM",
        "module",
        "package",
        "PyPI",
        "pip install",
        "pipenv",
        "virtual environment",
    ] {
        assert!(sheet.contains(word), "the cheat sheet lacks {word}");
    }
}

/// The dependencies picture names the workspace's members as the root Cargo.toml lists them.
#[test]
fn the_dependencies_picture_names_the_workspaces_members() {
    let manifest = workbook::course::manifest::read_toml(&workspace().join("Cargo.toml")).unwrap();
    let members = manifest["workspace"]["members"].as_array().unwrap();
    let chapter = std::fs::read_to_string(workspace().join("docs/src/review.md")).unwrap();
    let picture = chapter
        .split("```mermaid\n")
        .nth(2)
        .expect("review.md has a second picture")
        .split("```")
        .next()
        .unwrap()
        // Mermaid reads `*` in a label as Markdown emphasis, so the picture writes `\*`.
        .replace("\\*", "*");
    assert!(!members.is_empty());
    for member in members {
        let member = member.as_str().unwrap();
        assert!(
            picture.contains(member),
            "the dependencies picture in review.md does not name the workspace member {member}"
        );
    }
}
