//! `--format sarif`: SARIF 2.1.0, the static analysis results format GitHub code scanning and
//! SARIF viewers in editors read: one run, a rule entry per rule (its summary, why, the safe way and
//! `--explain` text as help), a result per finding with its file and line, and what was judged.

use serde_json::{Value, json};

use super::{Section, Verdict};
use crate::rules::{self, Rule};

/// The schema SARIF 2.1.0 logs name (the OASIS standard, errata 01).
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

impl Verdict {
    /// The verdict as one SARIF 2.1.0 log; `config`, the configuration file used, is said in
    /// the run's properties.
    pub fn to_sarif(&self, config: Option<&str>) -> String {
        let mut results = Vec::new();
        let mut judged = Vec::new();
        let mut failures = Vec::new();
        for Section { dir, report, .. } in &self.sections {
            match report {
                Ok(report) => {
                    results.extend(report.findings().iter().map(|finding| {
                        let problem = finding.problem;
                        let mut location = json!({
                            "physicalLocation": {
                                "artifactLocation": { "uri": uri(&finding.path) },
                            }
                        });
                        if let Some(line) = problem.line {
                            location["physicalLocation"]["region"] = json!({ "startLine": line });
                        }
                        json!({
                            "ruleId": problem.rule,
                            "ruleIndex": rules::ALL.iter().position(|r| r.name == problem.rule),
                            "level": if problem.note { "note" } else { "error" },
                            "message": { "text": problem.text },
                            "locations": [location],
                        })
                    }));
                    judged.push(json!({
                        "migrations_dir": dir.display().to_string(),
                        "summary": report.summary(),
                    }));
                }
                Err(error) => failures.push(json!({
                    "level": "error",
                    "message": { "text": format!("{}: could not run: {error}", dir.display()) },
                })),
            }
        }
        let log = json!({
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {
                    "driver": {
                        "name": "verify-migrations",
                        "version": env!("CARGO_PKG_VERSION"),
                        "rules": rules::ALL.iter().map(|rule| descriptor(rule)).collect::<Vec<Value>>(),
                    }
                },
                "invocations": [{
                    "executionSuccessful": failures.is_empty(),
                    "toolExecutionNotifications": failures,
                }],
                "results": results,
                "properties": { "config": config, "judged": judged },
            }],
        });
        log.to_string() + "\n"
    }
}

/// A rule as SARIF describes it: its summary, why it matters, and `--explain` as help.
fn descriptor(rule: &Rule) -> Value {
    json!({
        "id": rule.name,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": rule.why },
        "help": { "text": rule.explain() },
        "defaultConfiguration": { "level": if rule.advisory { "note" } else { "error" } },
        "properties": { "fix": rule.fix },
    })
}

/// A relative path as a URI reference: each byte outside RFC 3986's unreserved characters and
/// `/` percent-encoded.
fn uri(path: &str) -> String {
    path.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_becomes_a_uri_reference() {
        assert_eq!(
            uri("migrations/2024-01-01_a b/up.sql"),
            "migrations/2024-01-01_a%20b/up.sql"
        );
        assert_eq!(uri("mé"), "m%C3%A9");
    }
}
