//! Benchmark, not a test: how long one lesson's whole `check` takes (fresh databases, every
//! goal, the stairway with its seeds, the schema.rs comparison), for every solution, in a debug
//! build (what `cargo run -p lesson-07 -- check` runs) and in a release build.
//!
//!     cargo build -p workbook-tests --example check_speed
//!     cargo run --release -p workbook-tests --example check_speed
//!
//! Prints the median and the slowest of several runs per lesson, and the peak memory of the
//! whole run, for the profile it was built in; then runs the other profile's build of itself
//! (never building it: a missing one is named with the command that builds it), and prints the
//! targets of issue 29 (lesson-07's check in debug <= 60 ms, lesson-08's <= 1.5 s) met or
//! missed. Lesson 08's check starts a throwaway PostgreSQL cluster each time, as a student's does.

use std::time::{Duration, Instant};

use workbook::course::check::Report;
use workbook::testing::check;

const RUNS: usize = 15;
/// Lesson 08's check takes seconds, not milliseconds: fewer runs.
const RUNS_08: usize = 5;

/// A lesson's name and how to run its solution's check.
type Lesson = (&'static str, fn() -> Report);

/// Set when the other profile's build runs this one: print the table only.
const TABLE_ONLY: &str = "CHECK_SPEED_TABLE_ONLY";

fn main() {
    let (lesson_07, lesson_08) = table();
    if std::env::var_os(TABLE_ONLY).is_some() {
        return;
    }
    let (this, other) = if cfg!(debug_assertions) {
        ("debug", "release")
    } else {
        ("release", "debug")
    };
    let mut debug_07 = (this == "debug").then_some(lesson_07);
    println!();
    match other_build(other) {
        Ok(exe) => {
            let output = std::process::Command::new(&exe)
                .env(TABLE_ONLY, "1")
                .output()
                .map_err(|e| format!("cannot run {}: {e}", exe.display()));
            match output {
                Ok(output) if output.status.success() => {
                    let text = String::from_utf8_lossy(&output.stdout);
                    print!("{text}");
                    if other == "debug" {
                        debug_07 = text
                            .lines()
                            .find_map(|line| line.strip_prefix("lesson-07"))
                            .and_then(|rest| rest.split_whitespace().nth(1))
                            .and_then(|median| median.trim_end_matches("ms").parse().ok())
                            .map(Duration::from_secs_f64)
                            .map(|d| d / 1000);
                    }
                }
                Ok(output) => println!(
                    "the {other} build failed: {}",
                    String::from_utf8_lossy(&output.stderr).trim()
                ),
                Err(e) => println!("{e}"),
            }
        }
        Err(why) => println!("{why}"),
    }
    println!(
        "\ntargets (issue 29): lesson-07's full check in a debug build <= 60 ms (306 ms before)"
    );
    match debug_07 {
        Some(median) => {
            let ms = ms(median);
            let status = if ms <= 60.0 {
                "met".to_string()
            } else {
                format!("MISSED by {:.0}%", (ms / 60.0 - 1.0) * 100.0)
            };
            println!("  today: {ms:.1} ms, {status}");
        }
        None => {
            println!("  not measured: the debug build is missing or its run failed (see above)")
        }
    }
    println!(
        "lesson-08's full check <= 1500 ms (7-9 s before), in this {this} build: {:.0} ms, {}",
        ms(lesson_08),
        if ms(lesson_08) <= 1500.0 {
            "met".to_string()
        } else {
            format!("MISSED by {:.0}%", (ms(lesson_08) / 1500.0 - 1.0) * 100.0)
        }
    );
}

/// The other profile's build of this example, `target/<other>/examples/check_speed`.
fn other_build(other: &str) -> Result<std::path::PathBuf, String> {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let target = me
        .parent()
        .and_then(|examples| examples.parent())
        .and_then(|profile| profile.parent())
        .ok_or("cannot find the target folder")?;
    let exe = target.join(other).join("examples").join("check_speed");
    if exe.is_file() {
        Ok(exe)
    } else {
        let flag = if other == "release" { " --release" } else { "" };
        Err(format!(
            "the {other} build is missing: run `cargo build{flag} -p workbook-tests --example check_speed` to measure it too"
        ))
    }
}

/// Measures every lesson's check in this build, prints the table, and returns lesson-07's and
/// lesson-08's medians.
fn table() -> (Duration, Duration) {
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    let lessons: [Lesson; 8] = [
        ("lesson-01", || check(&solution_01::lesson())),
        ("lesson-02", || check(&solution_02::lesson())),
        ("lesson-03", || check(&solution_03::lesson())),
        ("lesson-04", || check(&solution_04::lesson())),
        ("lesson-05", || check(&solution_05::lesson())),
        ("lesson-06", || check(&solution_06::lesson())),
        ("lesson-07", || check(&solution_07::lesson())),
        ("lesson-08", || {
            workbook::cli::postgres::checklist(&solution_08::lesson())
        }),
    ];
    println!(
        "one lesson's full check, {profile} build, {RUNS} runs each ({RUNS_08} of lesson-08)\n"
    );
    println!(
        "{:<10} {:>6} {:>10} {:>10}",
        "lesson", "goals", "median", "slowest"
    );
    let (mut lesson_07, mut lesson_08) = (Duration::ZERO, Duration::ZERO);
    for (name, run) in lessons {
        let runs = if name == "lesson-08" { RUNS_08 } else { RUNS };
        let mut times: Vec<Duration> = Vec::with_capacity(runs);
        let mut goals = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let report = run();
            times.push(start.elapsed());
            assert!(report.passed(), "{}", report.render());
            goals = report.outcomes.len();
        }
        times.sort();
        let median = times[runs / 2];
        match name {
            "lesson-07" => lesson_07 = median,
            "lesson-08" => lesson_08 = median,
            _ => {}
        }
        println!(
            "{name:<10} {goals:>6} {:>8.1}ms {:>8.1}ms",
            ms(median),
            ms(times[runs - 1])
        );
    }
    println!(
        "\npeak memory of the whole {profile} run: {}",
        peak_memory()
    );
    (lesson_07, lesson_08)
}

fn ms(time: Duration) -> f64 {
    time.as_secs_f64() * 1000.0
}

/// `VmHWM` from /proc/self/status (Linux), or a note that it is not available.
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .map(|value| value.trim().to_string())
        })
        .unwrap_or_else(|| "not available on this system".to_string())
}
