//! Every rule's examples, run through `verify`: the migrations it rejects are reported under
//! its name, the ones it accepts are not.

use super::{App, Backend, Options, verify};
use crate::rules::{ALL, Example, On};

/// The rules reported on a folder made of `examples` (PostgreSQL's, on the tests' shared
/// cluster, for a rule `on` PostgreSQL only), and whether each is a note.
fn reported(examples: &[Example], on: On) -> Vec<(&'static str, String, bool)> {
    let dir = tempfile::tempdir().unwrap();
    for example in examples {
        let folder = dir.path().join("migrations").join(example.folder);
        std::fs::create_dir_all(&folder).unwrap();
        if !example.up.is_empty() {
            std::fs::write(folder.join("up.sql"), example.up).unwrap();
        }
        if let Some(down) = example.down {
            std::fs::write(folder.join("down.sql"), down).unwrap();
        }
        if example.outside_transaction {
            std::fs::write(folder.join("metadata.toml"), "run_in_transaction = false\n").unwrap();
        }
    }
    let options = match on {
        On::Postgres => Options {
            backend: Some(Backend::Postgres),
            server: Some(crate::postgres::test_server()),
            ..Options::default()
        },
        _ => Options::default(),
    };
    // The app still running while the examples deploy, for old-app-breaks.
    let app = examples.iter().find_map(|e| e.app).map(|text| App::Schema {
        schema: crate::app_schema::parse(text).unwrap(),
        from: "the example's src/schema.rs".to_string(),
    });
    let options = Options { app, ..options };
    let report = verify(dir.path(), &options).unwrap();
    report
        .problems
        .into_iter()
        .map(|p| (p.rule, p.text, p.note))
        .collect()
}

#[test]
fn every_rule_rejects_its_bad_example_and_accepts_its_good_one() {
    for rule in ALL.iter().filter(|rule| !rule.rejects.is_empty()) {
        let rejected = reported(rule.rejects, rule.on);
        assert!(
            rejected
                .iter()
                .any(|(name, _, note)| *name == rule.name && *note == rule.advisory),
            "{}: its bad example was not reported: {rejected:?}",
            rule.name
        );
        // The good example is wholly good: other rules may leave notes, nothing more.
        let accepted = reported(rule.accepts, rule.on);
        assert!(
            accepted
                .iter()
                .all(|(name, _, note)| *name != rule.name && *note),
            "{}: its good example was reported: {accepted:?}",
            rule.name
        );
    }
}
