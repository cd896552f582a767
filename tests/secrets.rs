//! No password is ever printed: every command that prints a database URL (or fails to reach
//! one) run with each shape of URL that holds a password, given by flag, by DATABASE_URL and
//! by a `.env` file, and nothing it prints holds any part of the password.

use workbook::testing::{Bin, Run};

/// URLs with a password (its parts are `SECRET` and `PW`), pointing at a port where nothing
/// listens, so that every command fails fast to connect.
const SHAPES: [&str; 6] = [
    "postgres://u:SECRETPW@127.0.0.1:1/db",
    "postgres://u@127.0.0.1:1/db?password=SECRETPW",
    "postgres://u@127.0.0.1:1/db?sslmode=disable&password=SECRETPW",
    "postgresql://u:SECRETPW@127.0.0.1:1/db?password=SECRETPW&application_name=x",
    "postgres://app:SECRET/PW@127.0.0.1:1/db",
    "postgres://app:SEC@RETPW@127.0.0.1:1/db",
];

/// What `run` printed, when it holds a part of a password.
fn leaked(run: &Run) -> Option<String> {
    let printed = format!("{}{}", run.stdout, run.stderr);
    ["SECRET", "RETPW", "PW@"]
        .iter()
        .any(|part| printed.contains(part))
        .then_some(printed)
}

/// Runs `args` of `bin` with `url` given in each way a URL is given; the leaks found.
fn sweep(bin: &Bin, url: &str, args: &[&str], flag: bool, runs: &mut usize) -> Vec<String> {
    let mut leaks = Vec::new();
    let mut with_flag = vec!["--database-url", url];
    with_flag.extend_from_slice(args);
    let mut ways: Vec<(&str, Run)> = vec![(
        "DATABASE_URL",
        bin.run_with_env(&[("DATABASE_URL", url)], args),
    )];
    if flag {
        ways.push(("--database-url", bin.run_bare(&with_flag)));
    }
    std::fs::write(bin.dir().join(".env"), format!("DATABASE_URL={url}\n")).unwrap();
    ways.push((".env", bin.run_bare(args)));
    std::fs::remove_file(bin.dir().join(".env")).unwrap();
    for (way, run) in ways {
        *runs += 1;
        if let Some(printed) = leaked(&run) {
            leaks.push(format!("{args:?} with {url} from {way}:\n{printed}"));
        }
    }
    leaks
}

#[test]
fn no_command_prints_a_password() {
    let built = [
        Bin::built("solution-04"),
        Bin::built("solution-08"),
        Bin::built("verify-migrations"),
    ];
    // Each URL shape on a thread of its own, with folders of its own (each way writes a .env).
    let swept: Vec<(usize, Vec<String>)> = std::thread::scope(|scope| {
        let threads: Vec<_> = SHAPES
            .iter()
            .map(|url| scope.spawn(|| sweep_shape(url, &built)))
            .collect();
        threads
            .into_iter()
            .map(|thread| thread.join().expect("a shape's sweep ran"))
            .collect()
    });
    let runs: usize = swept.iter().map(|(runs, _)| runs).sum();
    let leaks: Vec<String> = swept.into_iter().flat_map(|(_, leaks)| leaks).collect();
    println!(
        "secrets: {runs} runs ({} URL shapes), {} printed a password",
        SHAPES.len(),
        leaks.len()
    );
    assert!(
        leaks.is_empty(),
        "{} of {runs} runs printed a password:\n\n{}",
        leaks.len(),
        leaks.join("\n\n")
    );
}

/// Every command run with `url` in every way it can be given: how many runs, and the leaks.
fn sweep_shape(url: &str, built: &[Bin; 3]) -> (usize, Vec<String>) {
    let [lesson_04, lesson_08, verify] = built.each_ref().map(Bin::another);
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../solutions/lesson-04/migrations")
        .display()
        .to_string();
    let commands: Vec<(&Bin, Vec<&str>, bool)> = vec![
        (&lesson_04, vec!["config"], true),
        (&lesson_04, vec!["schema"], true),
        (&lesson_04, vec!["print-schema"], true),
        (&lesson_04, vec!["migration", "run"], true),
        (&lesson_04, vec!["user", "list"], true),
        (&lesson_08, vec!["config"], true),
        (&lesson_08, vec!["db", "status"], true),
        (&lesson_08, vec!["schema"], true),
        (&lesson_08, vec!["migration", "run"], true),
        (&lesson_08, vec!["migration", "list"], true),
        (&lesson_08, vec!["migration", "revert"], true),
        (&lesson_08, vec!["sql", "SELECT 1"], true),
        (&lesson_08, vec!["task", "list"], true),
        (&lesson_08, vec!["move-data", "--from", "none.db"], true),
        (&verify, vec![&folder], false),
        (&verify, vec![&folder, "--format", "json"], false),
    ];
    let (mut runs, mut leaks) = (0, Vec::new());
    for (bin, args, flag) in &commands {
        leaks.extend(sweep(bin, url, args, *flag, &mut runs));
    }
    // verify takes the URL by flag only.
    for format in ["text", "json"] {
        let run = verify.run_bare(&[&folder, "--database-url", url, "--format", format]);
        runs += 1;
        if let Some(printed) = leaked(&run) {
            leaks.push(format!(
                "verify --database-url {url} --format {format}:\n{printed}"
            ));
        }
    }
    (runs, leaks)
}
