//! Rows as both backends read them and the checks compare them.

/// Every row of every table, as text: table name to its rows, sorted.
pub type Rows = std::collections::BTreeMap<String, Vec<String>>;
