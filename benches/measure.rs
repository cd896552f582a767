//! Whole-process measurements for the benchmarks (included with `#[path]` by each benchmark
//! example): wall time and the measured program's OWN peak memory, medians of interleaved runs,
//! and the target lines the benchmarks print.
//!
//! Why a helper process: std's `Command` spawns with posix_spawn (a vfork), and Linux records
//! the spawning process's peak RSS into the child's at exec, so `wait4` in a benchmark that has
//! just filled a database reports the benchmark's peak, not the child's. So the benchmark runs
//! itself again as a small helper (a fresh address space of a few MiB), which starts the
//! measured program, reads its output, reaps it with `wait4` and prints `wall_ns peak_kib`.

#![allow(dead_code, reason = "each benchmark uses part of this module")]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Set (to a file for stdin, or empty) when the benchmark runs as the measuring helper.
const HELPER: &str = "WORKBOOK_BENCH_MEASURE_STDIN";

/// The exit code the helper takes for a run that went as expected (0 when unset).
const EXPECTED_EXIT: &str = "WORKBOOK_BENCH_MEASURE_EXIT";

/// One run of one program.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    pub wall: Duration,
    pub peak_kib: u64,
}

impl Sample {
    pub fn ms(&self) -> f64 {
        self.wall.as_secs_f64() * 1000.0
    }
    pub fn mib(&self) -> f64 {
        self.peak_kib as f64 / 1024.0
    }
}

/// Call first in `main`: when this process is the helper, measure the program named by the
/// arguments, print `wall_ns peak_kib` and exit.
#[allow(
    clippy::zombie_processes,
    reason = "wait4 reaps the child, which std's wait would do without the resource usage"
)]
pub fn helper_main_if_asked() {
    let Ok(stdin) = std::env::var(HELPER) else {
        return;
    };
    let mut args = std::env::args_os().skip(1);
    let program = args.next().expect("the helper is given a program");
    let stdin = if stdin.is_empty() {
        Stdio::null()
    } else {
        std::fs::File::open(&stdin)
            .unwrap_or_else(|e| {
                eprintln!("cannot open {stdin}: {e}");
                std::process::exit(2)
            })
            .into()
    };
    let start = Instant::now();
    let mut child = match Command::new(&program)
        .args(args)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => {
            eprintln!("cannot start {}: {e}", program.to_string_lossy());
            std::process::exit(2)
        }
    };
    let mut sink = [0u8; 64 * 1024];
    let mut out = child.stdout.take().expect("a piped stdout");
    while out.read(&mut sink).map(|n| n > 0).unwrap_or(false) {}
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is our own child's, not waited for yet; both pointers are valid.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    let expected: i32 = std::env::var(EXPECTED_EXIT)
        .ok()
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    if pid <= 0 || !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != expected {
        eprintln!("{} failed", program.to_string_lossy());
        std::process::exit(1)
    }
    println!("{} {}", wall.as_nanos(), usage.ru_maxrss);
    std::process::exit(0)
}

/// Runs `program args` (stdin from `stdin`, or none) once through the helper.
pub fn run(program: &Path, args: &[&str], stdin: Option<&Path>) -> Result<Sample, String> {
    run_expecting(program, args, stdin, 0)
}

/// `run`, for a program whose run as expected exits with `code` (1: verify found the problems
/// a real project's migrations have).
pub fn run_expecting(
    program: &Path,
    args: &[&str],
    stdin: Option<&Path>,
    code: i32,
) -> Result<Sample, String> {
    let me = std::env::current_exe().map_err(|e| format!("cannot find the benchmark: {e}"))?;
    let output = Command::new(me)
        .env(HELPER, stdin.map(Path::as_os_str).unwrap_or_default())
        .env(EXPECTED_EXIT, code.to_string())
        .arg(program)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot start the measuring helper: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut fields = text.split_whitespace().map(str::parse::<u64>);
    match (output.status.success(), fields.next(), fields.next()) {
        (true, Some(Ok(nanos)), Some(Ok(peak_kib))) => Ok(Sample {
            wall: Duration::from_nanos(nanos),
            peak_kib,
        }),
        _ => Err(format!("{} {} failed", program.display(), args.join(" "))),
    }
}

/// The median wall time and the median peak memory of several samples.
pub fn median(samples: &[Sample]) -> Sample {
    let mut walls: Vec<Duration> = samples.iter().map(|s| s.wall).collect();
    let mut peaks: Vec<u64> = samples.iter().map(|s| s.peak_kib).collect();
    walls.sort();
    peaks.sort();
    Sample {
        wall: walls[walls.len() / 2],
        peak_kib: peaks[peaks.len() / 2],
    }
}

/// `target/<profile>/<name>`, beside the running example (`target/<profile>/examples/<me>`),
/// or the one line saying how to build it.
pub fn built_binary(name: &str, package: &str) -> Result<PathBuf, String> {
    let me = std::env::current_exe().map_err(|e| format!("cannot find the benchmark: {e}"))?;
    let profile_dir = me
        .parent()
        .and_then(Path::parent)
        .ok_or("cannot find the target folder")?;
    let binary = profile_dir.join(name);
    if binary.is_file() {
        Ok(binary)
    } else {
        Err(format!(
            "{} is missing: run `cargo build --release -p {package}` first (the benchmark \
             measures that binary and never builds it)",
            binary.display()
        ))
    }
}

/// A program on PATH, if there is one.
pub fn on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|path| path.is_file())
    })
}

/// `python3` if it can import every module in `modules`; otherwise the one line saying what
/// is missing and what to install.
pub fn python_with(modules: &[&str], install: &str) -> Result<PathBuf, String> {
    let python = on_path("python3").ok_or("python3 is not installed".to_string())?;
    let probe = Command::new(&python)
        .arg("-c")
        .arg(format!("import {}", modules.join(", ")))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run python3: {e}"))?;
    if probe.success() {
        Ok(python)
    } else {
        Err(format!(
            "python3 cannot import {}: `{install}`",
            modules.join(", ")
        ))
    }
}

/// "met" or "missed by N%" for a ratio that must stay at or under `limit`.
pub fn verdict(ratio: f64, limit: f64) -> String {
    if ratio <= limit {
        "met".to_string()
    } else {
        format!("MISSED by {:.0}%", (ratio / limit - 1.0) * 100.0)
    }
}
