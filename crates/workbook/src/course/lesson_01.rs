//! lesson-01 · deps: declare the project's dependencies, then run a report of what was linked.

use super::{Goal, Info, expect_line};
use crate::course::Check;
use crate::course::manifest;
use crate::harness::scratch::Scratch;

pub const INFO: Info = Info {
    number: 1,
    title: "Create a project and install dependencies",
    chapter: "lesson-01-deps.md",
    goals: &[
        Goal {
            name: "Cargo.toml declares diesel with the sqlite feature",
            new: true,
            hint: "run `cargo add -p lesson-01 diesel --features sqlite` (or write `diesel.workspace = true` under [dependencies] in Cargo.toml)",
            check: Check::Sqlite(declares_diesel),
        },
        Goal {
            name: "Cargo.toml declares diesel_migrations",
            new: true,
            hint: "run `cargo add -p lesson-01 diesel_migrations` (or write `diesel_migrations.workspace = true` under [dependencies] in Cargo.toml)",
            check: Check::Sqlite(declares_diesel_migrations),
        },
        Goal {
            name: "Cargo.toml declares libsqlite3-sys with the bundled feature",
            new: true,
            hint: "run `cargo add -p lesson-01 libsqlite3-sys --features bundled` (or write `libsqlite3-sys.workspace = true` under [dependencies] in Cargo.toml)",
            check: Check::Sqlite(declares_libsqlite3_sys),
        },
        Goal {
            name: "Cargo.toml declares dotenvy",
            new: true,
            hint: "run `cargo add -p lesson-01 dotenvy` (or write `dotenvy.workspace = true` under [dependencies] in Cargo.toml)",
            check: Check::Sqlite(declares_dotenvy),
        },
        Goal {
            name: "Cargo.toml declares clap with the derive feature",
            new: true,
            hint: "run `cargo add -p lesson-01 clap --features derive` (or write `clap.workspace = true` under [dependencies] in Cargo.toml)",
            check: Check::Sqlite(declares_clap),
        },
        Goal {
            name: "`report` prints the linked SQLite version and whether it can RENAME COLUMN and DROP COLUMN",
            new: true,
            hint: "once every dependency above is declared, switch the report on in src/lib.rs (its TODO says how), then run `cargo run -p lesson-01 -- report`",
            check: Check::Sqlite(report),
        },
    ],
    seeds: &[],
    renamed: &[],
    writes: &[],
};

fn declares_diesel(s: &mut Scratch) -> Result<(), String> {
    declares(s, "diesel", Some("sqlite"))
}

fn declares_diesel_migrations(s: &mut Scratch) -> Result<(), String> {
    declares(s, "diesel_migrations", None)
}

fn declares_libsqlite3_sys(s: &mut Scratch) -> Result<(), String> {
    declares(s, "libsqlite3-sys", Some("bundled"))
}

fn declares_dotenvy(s: &mut Scratch) -> Result<(), String> {
    declares(s, "dotenvy", None)
}

fn declares_clap(s: &mut Scratch) -> Result<(), String> {
    declares(s, "clap", Some("derive"))
}

/// The lesson's Cargo.toml has `name` under [dependencies], with `feature` turned on.
fn declares(s: &mut Scratch, name: &str, feature: Option<&str>) -> Result<(), String> {
    let dependencies = manifest::dependencies(&s.lesson()?.dir).map_err(|e| e.to_string())?;
    let Some(found) = dependencies.get(name) else {
        return Err(format!("Cargo.toml has no {name} under [dependencies]"));
    };
    match feature {
        Some(feature) if !found.features.contains(feature) => Err(format!(
            "{name} is declared without the {feature} feature (features: {:?})",
            found.features
        )),
        _ => Ok(()),
    }
}

fn report(s: &mut Scratch) -> Result<(), String> {
    // The checker links the same SQLite library, so it can ask it for the expected answers.
    let version = s.lines("SELECT sqlite_version()")?.join("");
    let numbers: Vec<u32> = version.split('.').filter_map(|n| n.parse().ok()).collect();
    let supports = |minor: u32| {
        let yes = numbers.first() > Some(&3)
            || (numbers.first() == Some(&3) && numbers.get(1) >= Some(&minor));
        if yes { "yes" } else { "no" }
    };
    let output = s.app(&["report"])?;
    expect_line(&output, &["SQLite", &version])?;
    expect_line(&output, &["RENAME COLUMN", "3.25", supports(25)])?;
    expect_line(&output, &["DROP COLUMN", "3.35", supports(35)])
}
