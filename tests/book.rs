//! The book never points at nothing: every `{{#include}}` names a file (and anchor) that
//! exists, every link between chapters lands, and every lesson of the course has its chapter.

use std::path::{Path, PathBuf};

fn book() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/src")
}

fn chapters() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(book())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    files.sort();
    files
}

/// Every `{{#include PATH}}`, `{{#include PATH:ANCHOR}}` or `{{#include PATH:FROM:TO}}` in
/// `text`, as the path and the anchor if there is one (line ranges need no checking).
fn includes(text: &str) -> Vec<(String, Option<String>)> {
    text.split("{{#include ")
        .skip(1)
        .map(|rest| {
            let target = rest.split("}}").next().unwrap().trim();
            let mut parts = target.split(':');
            let path = parts.next().unwrap().to_string();
            let anchor = parts
                .next()
                .filter(|part| !part.is_empty() && !part.chars().all(|c| c.is_ascii_digit()));
            (path, anchor.map(str::to_string))
        })
        .collect()
}

#[test]
fn every_include_points_at_a_real_file_and_anchor() {
    let mut count = 0;
    for chapter in chapters() {
        let text = std::fs::read_to_string(&chapter).unwrap();
        for (path, anchor) in includes(&text) {
            count += 1;
            let file = book().join(&path);
            let Ok(content) = std::fs::read_to_string(&file) else {
                panic!(
                    "{}: {{{{#include {path}}}}} points at nothing",
                    chapter.display()
                );
            };
            if let Some(anchor) = anchor {
                assert!(
                    content.contains(&format!("ANCHOR: {anchor}"))
                        && content.contains(&format!("ANCHOR_END: {anchor}")),
                    "{}: {path} has no anchor {anchor}",
                    chapter.display()
                );
            }
        }
    }
    assert!(count > 0, "the book includes no real code");
}

#[test]
fn every_link_between_chapters_lands() {
    for chapter in chapters() {
        let text = std::fs::read_to_string(&chapter).unwrap();
        for link in text.split("](").skip(1) {
            let target = link.split(')').next().unwrap();
            let file = target.split('#').next().unwrap();
            if file.is_empty() || file.contains("://") {
                continue;
            }
            assert!(
                book().join(file).is_file(),
                "{}: the link to {target} is dead",
                chapter.display()
            );
        }
    }
}

#[test]
fn every_lesson_has_its_chapter_in_the_summary() {
    let summary = std::fs::read_to_string(book().join("SUMMARY.md")).unwrap();
    for info in workbook::course::LESSONS {
        assert!(
            book().join(info.chapter).is_file(),
            "no chapter {}",
            info.chapter
        );
        assert!(
            summary.contains(&format!("]({})", info.chapter)),
            "{} is not in SUMMARY.md",
            info.chapter
        );
    }
}

/// Every lesson chapter shows the ER diagram after each migration its lesson adds, taken from
/// the reviewed snapshot (so the picture cannot drift from the migrations), but for one that
/// draws exactly what the diagram before it draws (an index, a CHECK): that one it leaves out.
#[test]
fn every_lesson_chapter_shows_the_diagram_of_each_of_its_migrations() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut earlier: Vec<String> = Vec::new();
    for info in workbook::course::LESSONS {
        let lesson = format!("lesson-{:02}", info.number);
        let folder = workspace.join("solutions").join(&lesson).join("migrations");
        let migrations = workbook::migration::folders(&folder).unwrap();
        let chapter = std::fs::read_to_string(book().join(info.chapter)).unwrap();
        let mut drawn_before: Option<String> = None;
        for (index, name) in migrations.iter().enumerate() {
            let file = format!(
                "{lesson}__{:02}_{}__er.snap",
                index + 1,
                name.split_once('_')
                    .map_or(name.as_str(), |(_, short)| short)
            );
            let drawn: String =
                std::fs::read_to_string(workspace.join("tests/snapshots").join(&file))
                    .unwrap()
                    .lines()
                    .skip(4)
                    .collect::<Vec<_>>()
                    .join("\n");
            let repeat = drawn_before.as_ref() == Some(&drawn);
            drawn_before = Some(drawn);
            if earlier.contains(name) {
                continue;
            }
            let snapshot = format!("{{{{#include ../../tests/snapshots/{file}:5:}}}}");
            if repeat {
                assert!(
                    !chapter.contains(&snapshot),
                    "{} shows the diagram after {name}, the same as the one before it: say so \
                     instead",
                    info.chapter
                );
                continue;
            }
            assert!(
                chapter.contains(&format!("```mermaid\n{snapshot}\n```")),
                "{} does not show the diagram after {name}: add\n```mermaid\n{snapshot}\n```",
                info.chapter
            );
        }
        earlier.extend(migrations);
    }
}

/// Every ER diagram in a chapter has a caption: the line before it says what it shows, ending
/// in a colon.
#[test]
fn every_er_diagram_is_captioned() {
    for chapter in chapters() {
        let text = std::fs::read_to_string(&chapter).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (at, line) in lines.iter().enumerate() {
            let diagram = *line == "```mermaid"
                && lines
                    .get(at + 1)
                    .is_some_and(|next| next.contains("__er.snap"));
            if !diagram {
                continue;
            }
            let caption = lines[..at]
                .iter()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or(&"");
            assert!(
                caption.ends_with(':') && !caption.starts_with("```"),
                "{}:{}: the diagram {} has no caption (a line ending in a colon before it)",
                chapter.display(),
                at + 1,
                lines[at + 1]
            );
        }
    }
}

/// The cheat sheet covers every Alembic command and operation the lecture (and its issue) uses.
#[test]
fn the_cheat_sheet_covers_the_lectures_alembic() {
    let sheet = std::fs::read_to_string(book().join("alembic-to-diesel.md")).unwrap();
    for alembic in [
        "alembic init",
        "alembic revision -m",
        "alembic revision --autogenerate",
        "alembic upgrade head",
        "alembic downgrade -1",
        "alembic downgrade base",
        "alembic current",
        "alembic history",
        "sqlalchemy.url",
        "target_metadata",
        "op.create_table",
        "op.drop_table",
        "op.rename_table",
        "op.add_column",
        "op.drop_column",
        "new_column_name=",
        "op.create_unique_constraint",
        "batch_alter_table",
        "server_default",
        "onupdate",
        "relationship(",
        "secondary=",
    ] {
        assert!(sheet.contains(alembic), "the cheat sheet lacks {alembic}");
    }
}
