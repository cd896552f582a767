//! The throwaway cluster: made, found, refused in one line.

use super::*;
use diesel::RunQueryDsl;

/// Fake server programs in `dir` whose `postgres --version` says `version`.
fn programs(dir: &Path, version: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    fs::create_dir_all(dir).unwrap();
    fs::write(dir.join("initdb"), "").unwrap();
    let postgres = dir.join("postgres");
    fs::write(
        &postgres,
        format!("#!/bin/sh\necho 'postgres (PostgreSQL) {version}'\n"),
    )
    .unwrap();
    fs::set_permissions(&postgres, fs::Permissions::from_mode(0o755)).unwrap();
    dir.to_path_buf()
}

#[test]
fn the_newest_programs_win_wherever_they_are_and_none_is_said_in_one_line() {
    let root = tempfile::tempdir().unwrap();
    let debian = root.path().join("debian");
    for version in ["9.6", "15.18 (Debian 15.18-0+deb12u1)", "13.2"] {
        let major = version.split('.').next().unwrap();
        programs(&debian.join(major).join("bin"), version);
    }
    let none = "no-such-pg-config";
    let found = find_server_programs(None, &debian, none).unwrap();
    assert_eq!(
        found,
        debian.join("15/bin"),
        "9 < 13 < 15, not the order of names"
    );
    // An older server on PATH does not hide Debian's newer one; a newer one wins.
    let old = programs(&root.path().join("old"), "14.1");
    let new = programs(&root.path().join("new"), "17.11");
    let path = |dirs: &[&Path]| Some(std::env::join_paths(dirs).unwrap());
    let found = find_server_programs(path(&[&old]), &debian, none).unwrap();
    assert_eq!(found, debian.join("15/bin"));
    let found = find_server_programs(path(&[&old, &new]), &debian, none).unwrap();
    assert_eq!(found, new);
    // Minor versions count; of equals, PATH's comes first.
    let newer_minor = programs(&root.path().join("minor"), "17.12");
    let found = find_server_programs(path(&[&new, &newer_minor]), &debian, none).unwrap();
    assert_eq!(found, newer_minor);
    let same = programs(&root.path().join("same"), "15.18");
    let found = find_server_programs(path(&[&same]), &debian, none).unwrap();
    assert_eq!(found, same);
    // What pg_config --bindir names is a candidate like the others.
    let beta = programs(&root.path().join("beta"), "18beta1");
    let pg_config = root.path().join("pg_config");
    fs::write(&pg_config, format!("#!/bin/sh\necho {}\n", beta.display())).unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&pg_config, fs::Permissions::from_mode(0o755)).unwrap();
    let found = find_server_programs(path(&[&new]), &debian, pg_config.to_str().unwrap());
    assert_eq!(found.unwrap(), beta);

    let nowhere = root.path().join("nowhere");
    let error = find_server_programs(None, &nowhere, none)
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with(
            "PostgreSQL's server programs (initdb, postgres) are not installed: install them"
        ) && error.contains("--postgres-bin DIR")
            && !error.contains('\n'),
        "{error}"
    );
}

#[test]
fn postgres_bin_must_hold_both_programs() {
    let root = tempfile::tempdir().unwrap();
    let dir = programs(&root.path().join("bin"), "17.11");
    assert_eq!(given_programs(&dir).unwrap(), dir);
    fs::remove_file(dir.join("initdb")).unwrap();
    let error = given_programs(&dir).unwrap_err().to_string();
    assert_eq!(
        error,
        format!(
            "--postgres-bin {}: there is no initdb in it: give the folder holding \
             PostgreSQL's server programs (the bin/ of an installation, such as \
             /usr/lib/postgresql/17/bin)",
            dir.display()
        )
    );
    let error = given_programs(&root.path().join("nowhere"))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("there is no initdb or postgres in it"),
        "{error}"
    );
}

#[test]
fn a_cluster_starts_answers_on_its_socket_and_is_gone_when_dropped() {
    let cluster = Cluster::start(None).expect("PostgreSQL is installed on this machine kind");
    let root = cluster.root.clone();
    let mut conn = PgConnection::establish(&cluster.url("postgres")).unwrap();
    diesel::sql_query("CREATE TABLE t (id int)")
        .execute(&mut conn)
        .unwrap();
    assert!(root.join(".s.PGSQL.5432").exists());
    drop(conn);
    drop(cluster);
    assert!(!root.exists(), "the folder is removed with the cluster");
}
