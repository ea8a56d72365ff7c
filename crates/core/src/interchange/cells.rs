//! A packet as spreadsheet cells, for export: one cell per simple value, keyed by
//! the path of the value (docs/interchange.md, "Columns").
//!
//! - simple values and URIs: the property's path (`xmp:Rating`);
//! - a language alternative: `x-default` under the plain path, every other language
//!   as `path[lang]`;
//! - an array of simple values: one multi cell (items joined by the separator);
//! - struct fields: path columns (`Iptc4xmpCore:CreatorContactInfo/Iptc4xmpCore:CiEmailWork`);
//! - arrays of structs (or of arrays): indexed paths (`xmpMM:History[1]/stEvt:action`).
//!
//! What a cell cannot hold is reported, never dropped silently: qualifiers other than
//! `xml:lang`, and empty arrays or structs.

use crate::edit::path::Path;
use crate::interchange::header::CellType;
use crate::schema::{Registry, SimpleType, ValueType};
use crate::xmp::{lang, Node, Packet, Value};

/// A column: the path of the values it holds, and whether they are lists.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ColumnKey {
    pub path: Path,
    pub multi: bool,
}

/// What goes into one cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellValue {
    One(String),
    Many(Vec<String>),
}

/// One cell of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub key: ColumnKey,
    pub value: CellValue,
}

/// The cells of a packet, in document order, and notes on what could not be put into
/// cells (`dc:creator[1]: the qualifier xmpidq:Scheme is not exported`).
pub fn cells(
    packet: &Packet,
    reg: &Registry,
    keep: &dyn Fn(&Path) -> bool,
) -> (Vec<Cell>, Vec<String>) {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    for (name, node) in &packet.props {
        let path = Path::prop(name.clone());
        if keep(&path) {
            walk(reg, path, node, &mut out, &mut notes);
        }
    }
    (out, notes)
}

fn note_qualifiers(path: &Path, node: &Node, notes: &mut Vec<String>) {
    for (q, _) in &node.qualifiers {
        if !q.is_xml_lang() {
            notes.push(format!(
                "{path}: the qualifier {} cannot be exported to CSV (left out)",
                crate::edit::path::name_text(q, &crate::edit::path::Canonical)
            ));
        }
    }
}

fn simple_text(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Simple(s) | Value::Uri(s) => Some(s),
        _ => None,
    }
}

fn walk(reg: &Registry, path: Path, node: &Node, out: &mut Vec<Cell>, notes: &mut Vec<String>) {
    note_qualifiers(&path, node, notes);
    match &node.value {
        Value::Simple(s) | Value::Uri(s) => out.push(Cell {
            key: ColumnKey { path, multi: false },
            value: CellValue::One(s.clone()),
        }),
        Value::Array(_, items) if items.is_empty() => {
            notes.push(format!(
                "{path}: an empty array cannot be exported to CSV (left out)"
            ));
        }
        Value::Array(..) if lang::is_lang_alt(node) => {
            // The plain name means x-default only where the registry says the property
            // is a language alternative; elsewhere `[x-default]` keeps the shape.
            let declared_alt = matches!(
                crate::edit::type_at(reg, &path)
                    .ok()
                    .flatten()
                    .map(|d| d.ty),
                Some(ValueType::LangAlt)
            );
            for item in node.items().unwrap_or_default() {
                let tag = item.lang().unwrap_or("x-default");
                let p = if lang::same_tag(tag, "x-default") && declared_alt {
                    path.clone()
                } else {
                    path.clone().lang(lang::normalize(tag))
                };
                for (q, _) in &item.qualifiers {
                    if !q.is_xml_lang() {
                        notes.push(format!(
                            "{p}: a qualifier cannot be exported to CSV (left out)"
                        ));
                    }
                }
                out.push(Cell {
                    key: ColumnKey {
                        path: p,
                        multi: false,
                    },
                    value: CellValue::One(simple_text(item).unwrap_or_default().to_string()),
                });
            }
        }
        Value::Array(_, items) if items.iter().all(|i| simple_text(i).is_some()) => {
            for (i, item) in items.iter().enumerate() {
                note_qualifiers(&path.clone().index(i + 1), item, notes);
            }
            out.push(Cell {
                key: ColumnKey { path, multi: true },
                value: CellValue::Many(
                    items
                        .iter()
                        .filter_map(simple_text)
                        .map(str::to_string)
                        .collect(),
                ),
            });
        }
        Value::Array(_, items) => {
            for (i, item) in items.iter().enumerate() {
                walk(reg, path.clone().index(i + 1), item, out, notes);
            }
        }
        Value::Struct(fields) if fields.is_empty() => {
            notes.push(format!(
                "{path}: an empty struct cannot be exported to CSV (left out)"
            ));
        }
        Value::Struct(fields) => {
            for (name, field) in fields {
                walk(reg, path.clone().field(name.clone()), field, out, notes);
            }
        }
    }
}

/// The header type of a column: from the registry's declared type of the path
/// (`Long` for Integers, `Double` for Reals, `Boolean`, `Date`), else String.
pub fn column_type(reg: &Registry, key: &ColumnKey) -> CellType {
    let declared = crate::edit::type_at(reg, &key.path).ok().flatten();
    let st = declared.and_then(|d| match d.ty {
        ValueType::Simple(s) => Some(*s),
        ValueType::Array(_, inner) => inner.simple(),
        _ => None,
    });
    match st {
        Some(SimpleType::Integer) => CellType::Long,
        Some(SimpleType::Real) => CellType::Double,
        Some(SimpleType::Boolean) => CellType::Boolean,
        Some(SimpleType::Date) => CellType::Date,
        _ => CellType::String,
    }
}

/// Joins list items with `sep`; an item holding the separator or a backslash gets
/// them escaped (`\|`, `\\`) so that splitting gives the same items back.
pub fn join(items: &[String], sep: &str) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        if item.contains(sep) || item.contains('\\') {
            let escaped = item.replace('\\', "\\\\").replace(sep, &format!("\\{sep}"));
            out.push_str(&escaped);
        } else {
            out.push_str(item);
        }
    }
    out
}

/// Splits a multi cell at `sep` (`\SEP` is a literal separator, `\\` a backslash, any
/// other backslash stays as it is); items are trimmed and empty ones dropped.
pub fn split(cell: &str, sep: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut cur = String::new();
    let mut rest = cell;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('\\') {
            if let Some(r2) = r.strip_prefix(sep) {
                cur.push_str(sep);
                rest = r2;
                continue;
            }
            if let Some(r2) = r.strip_prefix('\\') {
                cur.push('\\');
                rest = r2;
                continue;
            }
            cur.push('\\');
            rest = r;
            continue;
        }
        if let Some(r) = rest.strip_prefix(sep) {
            items.push(std::mem::take(&mut cur));
            rest = r;
            continue;
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            cur.push(c);
        }
        rest = chars.as_str();
    }
    items.push(cur);
    items
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_and_split_keep_separators_inside_items() {
        let items: Vec<String> = ["a|b", "c\\d", "e"].iter().map(|s| s.to_string()).collect();
        let cell = join(&items, "|");
        assert_eq!(cell, "a\\|b|c\\\\d|e");
        assert_eq!(split(&cell, "|"), items);
        assert_eq!(
            split("thumbnail; image| image |", "|"),
            ["thumbnail; image", "image"]
        );
        assert_eq!(split("C:\\x|y", "|"), ["C:\\x", "y"]);
        assert_eq!(split("a, b", ", "), ["a", "b"]);
    }
}
