//! Benchmark, not a test: how long one lesson's whole `check` takes (fresh databases, every
//! goal, the stairway with its seeds, the schema.rs comparison), for every solution. The
//! target (../shared/BENCHMARKS.md) is well under 100 ms per lesson.
//!
//!     cargo run --release -p workbook-tests --example check_speed
//!
//! Prints the median and the slowest of several runs per lesson, and the peak memory of the
//! whole run.

use std::time::{Duration, Instant};

use workbook::check::Report;
use workbook::testing::check;

const RUNS: usize = 15;

/// A lesson's name and how to run its solution's check.
type Lesson = (&'static str, fn() -> Report);

fn main() {
    let lessons: [Lesson; 7] = [
        ("lesson-01", || check(&solution_01::lesson())),
        ("lesson-02", || check(&solution_02::lesson())),
        ("lesson-03", || check(&solution_03::lesson())),
        ("lesson-04", || check(&solution_04::lesson())),
        ("lesson-05", || check(&solution_05::lesson())),
        ("lesson-06", || check(&solution_06::lesson())),
        ("lesson-07", || check(&solution_07::lesson())),
    ];
    println!("one lesson's full check, {RUNS} runs each (target: well under 100 ms)\n");
    println!(
        "{:<10} {:>6} {:>10} {:>10}",
        "lesson", "goals", "median", "slowest"
    );
    for (name, run) in lessons {
        let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
        let mut goals = 0;
        for _ in 0..RUNS {
            let start = Instant::now();
            let report = run();
            times.push(start.elapsed());
            assert!(report.passed(), "{}", report.render());
            goals = report.outcomes.len();
        }
        times.sort();
        println!(
            "{name:<10} {goals:>6} {:>8.1}ms {:>8.1}ms",
            ms(times[RUNS / 2]),
            ms(times[RUNS - 1])
        );
    }
    println!("\npeak memory of the whole run: {}", peak_memory());
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
