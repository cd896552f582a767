//! The engine and the workbook crates stay in layers: in each, no cycle of `crate::` references
//! between its top-level modules (the files and folders of `crates/<crate>/src`), and no source
//! file much over 400 lines. The references are read from the source text: `crate::a::b`, `use crate::{a, b::c}`,
//! `super::` that climbs out of a folder, and lib.rs's re-exports (`crate::connection` is a
//! reference to `sqlite`); comments and string literals do not count.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A source file may be this long at the most.
const MAX_LINES: usize = 450;

/// The crates kept in layers: the engine, and the workbook built on it.
const CRATES: [&str; 2] = ["migration-engine", "workbook"];

fn src(krate: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../crates/{krate}/src"))
}

/// Every `.rs` file under `dir`, as its path relative to `dir` (with `/`) and its text, sorted.
fn sources(dir: &Path) -> Vec<(String, String)> {
    fn walk(root: &Path, dir: &Path, found: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, found);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let relative = path.strip_prefix(root).unwrap();
                let name = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                found.push((name, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let mut found = Vec::new();
    walk(dir, dir, &mut found);
    found.sort();
    found
}

/// The module a file holds: `sqlite/sql/token.rs` is `sqlite::sql::token`, `sqlite/mod.rs` is
/// `sqlite`, `lib.rs` is the crate itself.
fn module_of(file: &str) -> Vec<String> {
    let mut path: Vec<String> = file
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_string)
        .collect();
    if matches!(path.last().map(String::as_str), Some("mod" | "lib")) {
        path.pop();
    }
    path
}

/// The text with comments, string literals and char literals blanked out (line breaks kept).
fn code(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = chars.clone();
    let blank = |out: &mut Vec<char>, from: usize, to: usize| {
        for c in out.iter_mut().take(to.min(chars.len())).skip(from) {
            if *c != '\n' {
                *c = ' ';
            }
        }
    };
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut i = 0;
    while i < chars.len() {
        let next = chars.get(i + 1).copied();
        let after_ident = i > 0 && ident(chars[i - 1]);
        if chars[i] == '/' && next == Some('/') {
            let end = (i..chars.len())
                .find(|&j| chars[j] == '\n')
                .unwrap_or(chars.len());
            blank(&mut out, i, end);
            i = end;
        } else if chars[i] == '/' && next == Some('*') {
            let (mut depth, mut j) = (1, i + 2);
            while j < chars.len() && depth > 0 {
                if chars[j] == '/' && chars.get(j + 1) == Some(&'*') {
                    depth += 1;
                    j += 1;
                } else if chars[j] == '*' && chars.get(j + 1) == Some(&'/') {
                    depth -= 1;
                    j += 1;
                }
                j += 1;
            }
            blank(&mut out, i, j);
            i = j;
        } else if chars[i] == 'r' && !after_ident && matches!(next, Some('"' | '#')) {
            let hashes = chars[i + 1..].iter().take_while(|c| **c == '#').count();
            if chars.get(i + 1 + hashes) != Some(&'"') {
                i += 1;
                continue;
            }
            let close: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let start = i + 2 + hashes;
            let rest: String = chars[start..].iter().collect();
            let end = rest.find(&close).map_or(chars.len(), |at| {
                start + rest[..at].chars().count() + close.len()
            });
            blank(&mut out, i, end);
            i = end;
        } else if chars[i] == '"' {
            let mut j = i + 1;
            while j < chars.len() && chars[j] != '"' {
                j += if chars[j] == '\\' { 2 } else { 1 };
            }
            blank(&mut out, i, j + 1);
            i = j + 1;
        } else if chars[i] == '\'' && !after_ident {
            // A char literal ('x', '\n', '\u{1F600}'), or else a lifetime ('a).
            let end = if next == Some('\\') {
                (i + 3..chars.len())
                    .find(|&j| chars[j] == '\'')
                    .map(|j| j + 1)
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 3)
            } else {
                None
            };
            match end {
                Some(end) => {
                    blank(&mut out, i, end);
                    i = end;
                }
                None => i += 1,
            }
        } else {
            i += 1;
        }
    }
    out.into_iter().collect()
}

/// A token of code: a word, `::`, or one other character; with its line number.
fn tokens(code: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    for (number, line) in code.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c.is_alphanumeric() || c == '_' {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                found.push((chars[start..i].iter().collect(), number + 1));
            } else if c == ':' && chars.get(i + 1) == Some(&':') {
                found.push(("::".to_string(), number + 1));
                i += 2;
            } else {
                if !c.is_whitespace() {
                    found.push((c.to_string(), number + 1));
                }
                i += 1;
            }
        }
    }
    found
}

/// Every module path the file `module` refers to by `crate::`, `super::` or `self::`, made
/// absolute, with the line it is on. Of a group (`crate::{a, b::c}`) each item counts.
fn references(module: &[String], text: &str) -> Vec<(Vec<String>, usize)> {
    let tokens = tokens(&code(text));
    let is = |i: usize, s: &str| tokens.get(i).is_some_and(|(t, _)| t == s);
    let word = |i: usize| {
        tokens
            .get(i)
            .filter(|(t, _)| t.chars().all(|c| c.is_alphanumeric() || c == '_'))
            .map(|(t, _)| t.clone())
    };
    let mut found = Vec::new();
    // Inline modules (`mod tests { ... }`) and the brace depth each one closes at.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth: usize = 0;
    let mut i = 0;
    while i < tokens.len() {
        let (token, line) = &tokens[i];
        if token == "{" {
            depth += 1;
        } else if token == "}" {
            depth = depth.saturating_sub(1);
            inline.retain(|(_, at)| *at <= depth);
        } else if token == "mod" && is(i + 2, "{") {
            if let Some(name) = word(i + 1) {
                inline.push((name, depth + 1));
            }
        }
        let starts = matches!(token.as_str(), "crate" | "super" | "self")
            && is(i + 1, "::")
            && !(i > 0 && is(i - 1, "::"));
        if !starts {
            i += 1;
            continue;
        }
        let mut here: Vec<String> = module.to_vec();
        here.extend(inline.iter().map(|(name, _)| name.clone()));
        let mut j = i;
        let base = match token.as_str() {
            "crate" => {
                j += 2;
                Some(Vec::new())
            }
            "self" => {
                j += 2;
                Some(here)
            }
            _ => {
                let mut climbed = 0;
                while is(j, "super") && is(j + 1, "::") {
                    climbed += 1;
                    j += 2;
                }
                here.len()
                    .checked_sub(climbed)
                    .map(|keep| here[..keep].to_vec())
            }
        };
        let Some(base) = base else {
            i = j;
            continue;
        };
        let mut firsts = Vec::new();
        if is(j, "{") {
            // The first word of each item of the group.
            let mut level = 0;
            let mut k = j;
            while k < tokens.len() {
                if is(k, "{") {
                    level += 1;
                    if level == 1 {
                        firsts.extend(word(k + 1));
                    }
                } else if is(k, "}") {
                    level -= 1;
                    if level == 0 {
                        break;
                    }
                } else if is(k, ",") && level == 1 {
                    firsts.extend(word(k + 1));
                }
                k += 1;
            }
        } else {
            firsts.extend(word(j));
        }
        for first in firsts.into_iter().filter(|w| w != "self") {
            let mut path = base.clone();
            path.push(first);
            found.push((path, *line));
        }
        i = j;
    }
    found
}

/// The names lib.rs re-exports, each with the top-level module it comes from
/// (`pub use sqlite::connection;` makes `connection` a name of `sqlite`).
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    let code = code(lib);
    for statement in code.split(';') {
        let Some(rest) = statement.trim().strip_prefix("pub use ") else {
            continue;
        };
        let Some((module, items)) = rest.split_once("::") else {
            continue;
        };
        let items = items.trim_start_matches('{').trim_end_matches('}');
        for item in items.split(',') {
            let name = item.rsplit("::").next().unwrap_or(item);
            let name = name.rsplit(" as ").next().unwrap_or(name).trim();
            if !name.is_empty() {
                names.insert(name.to_string(), module.trim().to_string());
            }
        }
    }
    names
}

/// The references between top-level modules: from, to, and the first place (`file:line`).
type Graph = BTreeMap<String, BTreeMap<String, String>>;

fn graph(files: &[(String, String)]) -> Graph {
    let tops: Vec<String> = files
        .iter()
        .filter_map(|(file, _)| module_of(file).first().cloned())
        .collect();
    let lib = files
        .iter()
        .find(|(file, _)| file == "lib.rs")
        .map_or(String::new(), |(_, text)| text.clone());
    let reexported = reexports(&lib);
    let mut graph = Graph::new();
    for (file, text) in files {
        let module = module_of(file);
        let Some(from) = module.first() else {
            continue;
        };
        for (path, line) in references(&module, text) {
            let Some(name) = path.first() else {
                continue;
            };
            let to = match reexported.get(name) {
                _ if tops.contains(name) => name.clone(),
                Some(module) => module.clone(),
                None => continue,
            };
            if &to != from {
                graph
                    .entry(from.clone())
                    .or_default()
                    .entry(to)
                    .or_insert_with(|| format!("{file}:{line}"));
            }
        }
    }
    graph
}

/// A cycle of the graph, said as `a -> b (a/x.rs:3) -> a (b.rs:9)`, if there is one.
fn cycle(graph: &Graph) -> Option<String> {
    fn visit(node: &str, graph: &Graph, path: &mut Vec<String>, done: &mut Vec<String>) -> bool {
        if let Some(at) = path.iter().position(|n| n == node) {
            path.drain(..at);
            path.push(node.to_string());
            return true;
        }
        if done.iter().any(|n| n == node) {
            return false;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flat_map(|edges| edges.keys()) {
            if visit(next, graph, path, done) {
                return true;
            }
        }
        path.pop();
        done.push(node.to_string());
        false
    }
    let mut done = Vec::new();
    for node in graph.keys() {
        let mut path = Vec::new();
        if visit(node, graph, &mut path, &mut done) {
            let mut said = path[0].clone();
            for pair in path.windows(2) {
                said.push_str(&format!(" -> {} ({})", pair[1], graph[&pair[0]][&pair[1]]));
            }
            return Some(said);
        }
    }
    None
}

/// The files longer than `MAX_LINES`, with their length.
fn too_long(files: &[(String, String)]) -> Vec<String> {
    files
        .iter()
        .filter(|(_, text)| text.lines().count() > MAX_LINES)
        .map(|(file, text)| format!("{file} ({} lines)", text.lines().count()))
        .collect()
}

#[test]
fn no_cycle_runs_between_the_modules_of_the_engine_or_the_workbook() {
    for (krate, layers) in CRATES
        .iter()
        .zip([["verify", "migration"], ["cli", "course"]])
    {
        let graph = graph(&sources(&src(krate)));
        assert!(
            layers.iter().all(|layer| graph.contains_key(*layer)),
            "no references were read in {krate}: {graph:?}"
        );
        if let Some(found) = cycle(&graph) {
            panic!("{krate}'s modules refer to each other in a circle: {found}");
        }
    }
}

#[test]
fn no_source_file_of_the_engine_or_the_workbook_is_much_over_400_lines() {
    for krate in CRATES {
        let long = too_long(&sources(&src(krate)));
        assert!(
            long.is_empty(),
            "split these files of {krate} by what they hold, to {MAX_LINES} lines at the most: {}",
            long.join(", ")
        );
    }
}

#[test]
fn a_cycle_through_groups_climbs_and_reexports_is_named() {
    let file = |name: &str, text: &str| (name.to_string(), text.to_string());
    let files = [
        file("lib.rs", "pub mod a;\npub use d::{x, y as conn};"),
        file(
            "a/mod.rs",
            "//! crate::d is only named here\nuse crate::b::x;",
        ),
        file("a/inner.rs", "fn f() { super::super::e::g(); }"),
        file(
            "b/mod.rs",
            "use crate::{c, d::e};\nconst S: &str = \"crate::e\";",
        ),
        file(
            "c.rs",
            "mod tests {\n    fn f() { super::super::conn::open(); }\n}",
        ),
        file(
            "d/mod.rs",
            "fn f<'a>(x: &'a str) -> char { let _ = r#\"crate::a\"#; 'x' }",
        ),
        file("d/z.rs", "use super::super::a;"),
        file("e.rs", "pub(crate) fn g() { self::h(); }"),
    ];
    let found = graph(&files);
    let edges: Vec<(String, String)> = found
        .iter()
        .flat_map(|(from, to)| to.keys().map(|to| (from.clone(), to.clone())))
        .collect();
    let edge = |from: &str, to: &str| (from.to_string(), to.to_string());
    assert_eq!(
        edges,
        [
            edge("a", "b"),
            edge("a", "e"),
            edge("b", "c"),
            edge("b", "d"),
            edge("c", "d"),
            edge("d", "a"),
        ]
    );
    assert_eq!(
        cycle(&found).as_deref(),
        Some("a -> b (a/mod.rs:2) -> c (b/mod.rs:1) -> d (c.rs:2) -> a (d/z.rs:1)")
    );
    let acyclic: Vec<(String, String)> = files
        .iter()
        .filter(|(name, _)| name != "d/z.rs")
        .cloned()
        .collect();
    assert_eq!(cycle(&graph(&acyclic)), None);
}

#[test]
fn a_long_file_is_named() {
    let long = "fn f() {}\n".repeat(MAX_LINES + 1);
    let files = [
        ("short.rs".to_string(), "fn f() {}\n".repeat(MAX_LINES)),
        ("long/mod.rs".to_string(), long),
    ];
    assert_eq!(
        too_long(&files),
        [format!("long/mod.rs ({} lines)", MAX_LINES + 1)]
    );
}
