//! The course as the runner sees it: the workbook's folder and its lessons, in order.

use std::path::{Path, PathBuf};

use workbook::course::Info;
use workbook::{Error, Result};

/// The workbook checkout and the lessons it holds.
pub struct Course {
    /// The workspace folder, holding `lessons/` and `docs/`.
    pub root: PathBuf,
    pub lessons: Vec<&'static Info>,
}

impl Course {
    /// The workbook around `cwd`: the nearest folder, from `cwd` up, with a `Cargo.toml` and
    /// a `lessons` folder; its lessons are the course's (`workbook::course::LESSONS`).
    pub fn find(cwd: &Path) -> Result<Self> {
        let root = cwd
            .ancestors()
            .find(|dir| dir.join("Cargo.toml").is_file() && dir.join("lessons").is_dir())
            .ok_or_else(|| {
                Error::new(format!(
                    "{} is not inside the workbook (no folder above it has a Cargo.toml and a \
                     lessons folder): run this command in the workbook's folder",
                    cwd.display()
                ))
            })?;
        Ok(Course {
            root: root.to_path_buf(),
            lessons: workbook::course::LESSONS.to_vec(),
        })
    }

    /// The lesson a student names on the command line: `lesson-04`, `04` or `4`.
    pub fn lesson(&self, name: &str) -> Result<&'static Info> {
        let number = name.strip_prefix("lesson-").unwrap_or(name);
        self.lessons
            .iter()
            .copied()
            .find(|info| number.parse::<u8>().ok() == Some(info.number))
            .ok_or_else(|| {
                let known: Vec<String> = self.lessons.iter().map(|i| package(i)).collect();
                Error::new(format!(
                    "there is no lesson {name:?}: the lessons are {}",
                    known.join(", ")
                ))
            })
    }

    /// The starter's folder relative to the root, as the student types it: `lessons/lesson-04`.
    pub fn folder(&self, info: &Info) -> String {
        format!("lessons/{}", package(info))
    }
}

/// The starter's package: `lesson-04`.
pub fn package(info: &Info) -> String {
    format!("lesson-{:02}", info.number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workbook_is_found_from_any_folder_inside_it() {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join("Cargo.toml"), "").unwrap();
        let inside = root.path().join("lessons/lesson-04/src");
        std::fs::create_dir_all(&inside).unwrap();
        assert_eq!(Course::find(&inside).unwrap().root, root.path());
        let error = Course::find(Path::new("/")).err().unwrap().to_string();
        assert!(error.contains("is not inside the workbook"), "{error}");
    }

    #[test]
    fn lessons_are_named_as_students_type_them() {
        let course = Course {
            root: PathBuf::new(),
            lessons: workbook::course::LESSONS.to_vec(),
        };
        let first = course.lessons[0];
        let number = first.number;
        for name in [package(first), format!("{number:02}"), number.to_string()] {
            assert_eq!(course.lesson(&name).unwrap().number, number, "{name}");
        }
        let error = course.lesson("lesson-99").err().unwrap().to_string();
        assert!(
            error.starts_with("there is no lesson \"lesson-99\": the lessons are lesson-"),
            "{error}"
        );
        assert_eq!(course.folder(first), format!("lessons/lesson-{number:02}"));
    }
}
