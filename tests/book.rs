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

/// Every `{{#include PATH}}` or `{{#include PATH:ANCHOR}}` in `text`.
fn includes(text: &str) -> Vec<(String, Option<String>)> {
    text.split("{{#include ")
        .skip(1)
        .map(|rest| {
            let target = rest.split("}}").next().unwrap().trim();
            match target.rsplit_once(':') {
                Some((path, anchor)) if !anchor.chars().all(|c| c.is_ascii_digit()) => {
                    (path.to_string(), Some(anchor.to_string()))
                }
                _ => (target.to_string(), None),
            }
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
