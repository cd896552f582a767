use diesel::Connection;
use diesel::connection::SimpleConnection;

use super::*;

/// A connection to a database in `dir`, confined to `dir/allowed`.
fn confined_in(dir: &Path) -> SqliteConnection {
    let allowed = dir.join("allowed");
    std::fs::create_dir_all(&allowed).unwrap();
    let url = dir.join("main.db").display().to_string();
    open(Some(&allowed), || {
        SqliteConnection::establish(&url).map_err(|e| Error::new(e.to_string()))
    })
    .unwrap()
}

#[test]
fn attach_and_vacuum_into_reach_only_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = confined_in(dir.path());
    conn.batch_execute("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let outside = dir.path().join("outside.db");
    let refused = |conn: &mut SqliteConnection, sql: String| {
        let error = conn.batch_execute(&sql).unwrap_err().to_string();
        assert!(super::refused(&error), "{sql}: {error}");
    };
    let at = |path: &Path| path.display().to_string();
    refused(
        &mut conn,
        format!("ATTACH DATABASE '{}' AS x", at(&outside)),
    );
    refused(&mut conn, format!("VACUUM INTO '{}'", at(&outside)));
    // A name computed by an expression is not seen by the authorizer: refused as well.
    let name = at(&outside);
    let (head, tail) = name.split_at(3);
    refused(&mut conn, format!("ATTACH '{head}' || '{tail}' AS x"));
    // `..` out of the folder, a relative name, a URI.
    let escape = dir.path().join("allowed/../outside.db");
    refused(&mut conn, format!("ATTACH '{}' AS x", at(&escape)));
    refused(&mut conn, "ATTACH 'outside.db' AS x".to_string());
    refused(&mut conn, format!("ATTACH 'file:{}' AS x", at(&outside)));
    assert!(!outside.exists(), "no file was written outside");
    assert!(!Path::new("outside.db").exists());

    // Inside the folder, in memory, temporary: allowed.
    let inside = dir.path().join("allowed/snapshot.db");
    conn.batch_execute(&format!("VACUUM INTO '{}'", at(&inside)))
        .unwrap();
    conn.batch_execute(&format!("ATTACH '{}' AS before", at(&inside)))
        .unwrap();
    conn.batch_execute("ATTACH ':memory:' AS m; ATTACH '' AS temporary;")
        .unwrap();
}

#[test]
fn a_refusal_says_why() {
    let said = explained("up.sql fails: not authorized".to_string());
    assert!(said.contains("outside its temporary folder"), "{said}");
    let said = explained("VACUUM INTO fails: authorization denied".to_string());
    assert!(said.contains("outside its temporary folder"), "{said}");
    assert_eq!(explained("no such table: t".into()), "no such table: t");
}

#[test]
fn other_connections_are_not_confined() {
    let dir = tempfile::tempdir().unwrap();
    let _confined = confined_in(dir.path());
    let mut other = SqliteConnection::establish(":memory:").unwrap();
    let elsewhere = dir.path().join("elsewhere.db");
    other
        .batch_execute(&format!("VACUUM INTO '{}'", elsewhere.display()))
        .unwrap();
    assert!(elsewhere.exists());
}

#[test]
fn with_no_folder_no_file_may_be_attached() {
    let dir = tempfile::tempdir().unwrap();
    let open_memory =
        || SqliteConnection::establish(":memory:").map_err(|e| Error::new(e.to_string()));
    let mut conn = open(None, open_memory).unwrap();
    let file = dir.path().join("x.db");
    for sql in [
        format!("ATTACH '{}' AS x", file.display()),
        format!("VACUUM INTO '{}'", file.display()),
    ] {
        let error = conn.batch_execute(&sql).unwrap_err().to_string();
        assert!(refused(&error), "{sql}: {error}");
    }
    assert!(!file.exists());
    conn.batch_execute("ATTACH ':memory:' AS m").unwrap();
    // Connections open and close many times; each frees its own rule.
    for _ in 0..100 {
        drop(open(None, open_memory).unwrap());
    }
}
