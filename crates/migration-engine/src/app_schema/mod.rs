//! The running app's own view of its database: the `table!` definitions of its `schema.rs`, as
//! `diesel print-schema` writes them or as written by hand (`table!` and `diesel::table!`,
//! `#[sql_name]` on tables and columns, `schema.table`, `use` lines inside the macro, custom
//! types from a `sql_types` module), read with a real Rust parser (syn) and never run. Diesel
//! selects every column a `table!` names and reads each into the Rust type its SQL type maps
//! to, so these definitions say exactly what the app needs of the database. `source` finds the
//! file (the project's `diesel.toml`) and reads it as it is at a git commit.

use proc_macro2::TokenStream;
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::{Attribute, Expr, Ident, Lit, LitStr, Token, braced, parenthesized, token};

mod source;

pub use source::{Found, at_commit, schema_files};

/// The tables an app's `schema.rs` declares.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AppSchema {
    pub tables: Vec<AppTable>,
}

/// One `table!` definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppTable {
    /// The table's name in the database: its `#[sql_name]`, else its Rust name.
    pub name: String,
    /// The schema of `schema.table` (`None`: the connection's default one).
    pub schema: Option<String>,
    /// The primary key's columns, by their names in the database (`id` when none is given, as
    /// Diesel assumes).
    pub primary_key: Vec<String>,
    /// In declared order.
    pub columns: Vec<AppColumn>,
}

/// One column of a `table!`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppColumn {
    /// The column's name in the database: its `#[sql_name]`, else its Rust name.
    pub name: String,
    /// Its name in Rust (`fn_` for a column `#[sql_name = "fn"]`).
    pub rust_name: String,
    pub sql_type: AppType,
    /// `#[max_length = N]`: the longest text the app was built for.
    pub max_length: Option<u64>,
}

/// A column's SQL type as the `table!` writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppType {
    /// The type's own name, without `Nullable<...>` or `Array<...>` and without its module
    /// path: `Int4`, `Text`, `Timestamptz`, `Language`; `Range<Int4>` keeps its argument.
    pub name: String,
    /// `Nullable<...>`: the app reads the column into an `Option`.
    pub nullable: bool,
    /// `Array<...>`.
    pub array: bool,
    /// A custom type the file defines (`#[diesel(postgres_type(name = "language"))]`): its
    /// name in the database, with its schema when one is given.
    pub custom: Option<String>,
    /// The type as written, path and all (`Nullable<crate::schema::sql_types::Language>`).
    pub written: String,
}

impl AppSchema {
    /// The table the app calls `name` in the default schema.
    pub fn table(&self, name: &str) -> Option<&AppTable> {
        self.tables
            .iter()
            .find(|t| t.schema.is_none() && t.name == name)
    }
}

impl AppTable {
    /// The column the table calls `name` in the database.
    pub fn column(&self, name: &str) -> Option<&AppColumn> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// Reads the `table!` definitions of a schema file's text, in whatever modules they are.
/// `Err`: one line saying where the text is not Rust or not a `table!` Diesel accepts.
pub fn parse(text: &str) -> Result<AppSchema, String> {
    let file = syn::parse_file(text).map_err(|e| at_line(&e))?;
    let mut custom = Vec::new();
    custom_types(&file.items, &mut custom);
    let mut macros = Vec::new();
    table_macros(&file.items, &mut macros);
    let mut schema = AppSchema::default();
    for tokens in macros {
        let parsed = (|input: ParseStream| declarations(input, &custom))
            .parse2(tokens)
            .map_err(|e| at_line(&e))?;
        for table in parsed {
            // The same table twice (behind two `#[cfg]`s): the first counts.
            if !schema
                .tables
                .iter()
                .any(|t| t.name == table.name && t.schema == table.schema)
            {
                schema.tables.push(table);
            }
        }
    }
    Ok(schema)
}

fn at_line(error: &syn::Error) -> String {
    let start = error.span().start();
    format!("line {}: {error}", start.line)
}

/// The bodies of every `table!` (any path ending in `table`) in `items` and their modules.
fn table_macros(items: &[syn::Item], found: &mut Vec<TokenStream>) {
    for item in items {
        match item {
            syn::Item::Macro(m)
                if m.mac
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "table") =>
            {
                found.push(m.mac.tokens.clone());
            }
            syn::Item::Mod(module) => {
                if let Some((_, items)) = &module.content {
                    table_macros(items, found);
                }
            }
            _ => {}
        }
    }
}

/// The custom SQL types `items` and their modules define, as (Rust name, name in the
/// database): `#[diesel(postgres_type(name = "x", schema = "s"))]` (diesel 2) or
/// `#[postgres(type_name = "x")]` (diesel 1).
fn custom_types(items: &[syn::Item], found: &mut Vec<(String, String)>) {
    for item in items {
        match item {
            syn::Item::Struct(s) => {
                if let Some(name) = s.attrs.iter().find_map(postgres_type) {
                    found.push((s.ident.unraw().to_string(), name));
                }
            }
            syn::Item::Mod(module) => {
                if let Some((_, items)) = &module.content {
                    custom_types(items, found);
                }
            }
            _ => {}
        }
    }
}

/// The database name an attribute gives a custom type (`schema.name` with a schema).
fn postgres_type(attr: &Attribute) -> Option<String> {
    let (mut name, mut schema) = (None, None);
    if attr.path().is_ident("postgres") {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("type_name") {
                name = Some(meta.value()?.parse::<LitStr>()?.value());
            } else {
                skip(&meta)?;
            }
            Ok(())
        });
    } else if attr.path().is_ident("diesel") {
        let _ = attr.parse_nested_meta(|meta| {
            if !meta.path.is_ident("postgres_type") {
                return skip(&meta);
            }
            meta.parse_nested_meta(|inner| {
                if inner.path.is_ident("name") {
                    name = Some(inner.value()?.parse::<LitStr>()?.value());
                } else if inner.path.is_ident("schema") {
                    schema = Some(inner.value()?.parse::<LitStr>()?.value());
                } else {
                    skip(&inner)?;
                }
                Ok(())
            })
        });
    }
    let name = name?;
    Some(match schema {
        Some(schema) => format!("{schema}.{name}"),
        None => name,
    })
}

/// Passes over an attribute argument this reader has no use for: `x`, `x = value`, `x(...)`.
fn skip(meta: &syn::meta::ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<Expr>()?;
    } else if meta.input.peek(token::Paren) {
        let content;
        parenthesized!(content in meta.input);
        content.parse::<TokenStream>()?;
    }
    Ok(())
}

/// A `table!` body: `use` lines, then one table (diesel 2) or several (diesel 1).
fn declarations(input: ParseStream, custom: &[(String, String)]) -> syn::Result<Vec<AppTable>> {
    let mut tables = Vec::new();
    while !input.is_empty() {
        while input.peek(Token![use]) {
            input.parse::<syn::ItemUse>()?;
        }
        tables.push(table(input, custom)?);
    }
    Ok(tables)
}

/// `#[sql_name = "..."] schema.name (key, ...) { column -> Type, ... }`, as Diesel reads it.
fn table(input: ParseStream, custom: &[(String, String)]) -> syn::Result<AppTable> {
    let mut attrs = Attribute::parse_outer(input)?;
    let first: Ident = input.call(Ident::parse_any)?;
    let (schema, rust_name) = if input.peek(Token![.]) {
        input.parse::<Token![.]>()?;
        (
            Some(first.unraw().to_string()),
            input.call(Ident::parse_any)?,
        )
    } else {
        (None, first)
    };
    let key: Option<Vec<Ident>> = if input.peek(token::Paren) {
        let content;
        parenthesized!(content in input);
        Some(
            content
                .parse_terminated(Ident::parse_any, Token![,])?
                .into_iter()
                .collect(),
        )
    } else {
        None
    };
    let content;
    braced!(content in input);
    let mut columns: Vec<AppColumn> = content
        .parse_terminated(column, Token![,])?
        .into_iter()
        .collect();
    for column in &mut columns {
        let name = &column.sql_type.name;
        column.sql_type.custom = custom
            .iter()
            .find(|(rust, _)| rust == name)
            .map(|(_, sql)| sql.clone());
    }
    let name = sql_name(&mut attrs, &rust_name)?;
    let primary_key = match key {
        Some(key) => key
            .iter()
            .map(|k| {
                let k = k.unraw().to_string();
                columns
                    .iter()
                    .find(|c| c.rust_name == k)
                    .map_or(k, |c| c.name.clone())
            })
            .collect(),
        None => vec![
            columns
                .iter()
                .find(|c| c.rust_name == "id")
                .map_or("id".to_string(), |c| c.name.clone()),
        ],
    };
    Ok(AppTable {
        name,
        schema,
        primary_key,
        columns,
    })
}

/// `#[sql_name = "..."] #[max_length = N] name -> Type`.
fn column(input: ParseStream) -> syn::Result<AppColumn> {
    let mut attrs = Attribute::parse_outer(input)?;
    let rust_name: Ident = input.call(Ident::parse_any)?;
    input.parse::<Token![->]>()?;
    let path: syn::TypePath = input.parse()?;
    let name = sql_name(&mut attrs, &rust_name)?;
    let max_length = match literal(&mut attrs, "max_length")? {
        Some(Lit::Int(n)) => Some(n.base10_parse()?),
        Some(other) => return Err(syn::Error::new(other.span(), "a max_length is a number")),
        None => None,
    };
    Ok(AppColumn {
        name,
        rust_name: rust_name.unraw().to_string(),
        sql_type: app_type(&path.path),
        max_length,
    })
}

/// The `#[sql_name = "..."]` among `attrs` (taken out of them), else the Rust name.
fn sql_name(attrs: &mut Vec<Attribute>, rust_name: &Ident) -> syn::Result<String> {
    match literal(attrs, "sql_name")? {
        Some(Lit::Str(s)) => Ok(s.value().trim_start_matches("r#").to_string()),
        Some(other) => Err(syn::Error::new(other.span(), "a sql_name is a string")),
        None => Ok(rust_name.unraw().to_string()),
    }
}

/// The literal of `#[name = literal]` among `attrs`, taken out of them.
fn literal(attrs: &mut Vec<Attribute>, name: &str) -> syn::Result<Option<Lit>> {
    let Some(at) = attrs.iter().position(|a| a.path().is_ident(name)) else {
        return Ok(None);
    };
    let attr = attrs.remove(at);
    let span = attr.pound_token.span;
    match attr.meta {
        syn::Meta::NameValue(syn::MetaNameValue {
            value: Expr::Lit(lit),
            ..
        }) => Ok(Some(lit.lit)),
        _ => Err(syn::Error::new(span, format!("expected #[{name} = ...]"))),
    }
}

/// The type a column's path names: `Nullable<...>` and `Array<...>` peeled off (their inner
/// `Nullable` too), the rest named by its last segment (`custom` is for the caller to find).
fn app_type(path: &syn::Path) -> AppType {
    let written = written(path);
    let (mut nullable, mut array, mut path) = (false, false, path);
    while let Some(last) = path.segments.last() {
        let wrapper = last.ident == "Nullable" || last.ident == "Array";
        let Some(inner) = only_argument(last).filter(|_| wrapper) else {
            break;
        };
        // `Array<Nullable<T>>`: the elements may be NULL, the column is what it is.
        if last.ident == "Nullable" && !array {
            nullable = true;
        }
        array |= last.ident == "Array";
        path = inner;
    }
    let last = path.segments.last();
    let name = last.map_or_else(String::new, |s| {
        let ident = s.ident.unraw().to_string();
        match only_argument(s) {
            Some(inner) => format!("{ident}<{}>", written_last(inner)),
            None => ident,
        }
    });
    AppType {
        custom: None,
        name,
        nullable,
        array,
        written,
    }
}

/// The path of the one type argument of `segment` (`T` of `Nullable<T>`), if it has one.
fn only_argument(segment: &syn::PathSegment) -> Option<&syn::Path> {
    let syn::PathArguments::AngleBracketed(args) = &segment.arguments else {
        return None;
    };
    match args.args.first() {
        Some(syn::GenericArgument::Type(syn::Type::Path(p))) if args.args.len() == 1 => {
            Some(&p.path)
        }
        _ => None,
    }
}

/// A path as written: `diesel::sql_types::Nullable<diesel::sql_types::Text>`.
fn written(path: &syn::Path) -> String {
    let segments: Vec<String> = path
        .segments
        .iter()
        .map(|s| {
            let ident = s.ident.unraw().to_string();
            match only_argument(s) {
                Some(inner) => format!("{ident}<{}>", written(inner)),
                None => ident,
            }
        })
        .collect();
    let lead = if path.leading_colon.is_some() {
        "::"
    } else {
        ""
    };
    format!("{lead}{}", segments.join("::"))
}

/// A path's last segment as written, its argument too: `Int4` of `diesel::sql_types::Int4`.
fn written_last(path: &syn::Path) -> String {
    path.segments.last().map_or_else(String::new, |s| {
        let ident = s.ident.unraw().to_string();
        match only_argument(s) {
            Some(inner) => format!("{ident}<{}>", written_last(inner)),
            None => ident,
        }
    })
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_at_commit;
