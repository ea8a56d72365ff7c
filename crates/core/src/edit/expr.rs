//! The EDIT expression language of `xmpedit set -e EDIT`, parsed into [`Op`]s.
//!
//! | form | meaning | op |
//! |---|---|---|
//! | `PROP=VALUE` | set a simple value (`xmp:Rating=4`, `photoshop:City=Paris`) | `SetSimple` (`SetRating` for an integer rating) |
//! | `PROP[LANG]=VALUE` | set one language (`dc:title[de-DE]=Titel`) | `SetLang` |
//! | `PROP+=VALUE` | add an item to a Bag or Seq (`dc:subject+=alps`) | `AddItem` |
//! | `PROP-=VALUE` | remove every item with this text | `RemoveItem` |
//! | `-PROP` | delete the property (or field, item, qualifier) | `Delete` |
//! | `-PROP[LANG]` | delete one language alternative | `RemoveLang` |
//! | `-PROP[N]` | delete item N | `RemoveItem` |
//!
//! PROP is a path ([`crate::edit::path`]): `Iptc4xmpCore:CreatorContactInfo/Iptc4xmpCore:CiEmailWork=a@b.c`,
//! `xmpMM:History[1]/stEvt:action=saved`. Everything after the first operator is the
//! value, verbatim: it may contain `=`, `[`, `;`, leading or trailing spaces.
//!
//! The schema decides what plain `=` means: on a Lang Alt property it sets the
//! `x-default` language; on a Bag or Seq it replaces the whole list by a one-item list
//! (the value is *not* split on `;` or `,`, since keywords may contain them; use
//! repeated `+=` for several items), and `PROP=` with an empty value clears the list
//! (deletes the property); on a struct it is refused (set a field instead). Unknown
//! properties take a simple value.
//!
//! Parsed ops are validated ([`Op::validate`]); every error names the expression
//! and the column it concerns.

use crate::edit::op::{rating_name, ItemRef, Op};
use crate::edit::path::{column, parse_at, Path, Resolver, Step};
use crate::edit::validate::type_at;
use crate::schema::{Registry, ValueType};
use crate::xmp::{lang, ArrayKind};

/// An EDIT expression that could not be parsed or is refused by validation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("edit {expr:?} at column {}: {message}", self.column())]
pub struct ExprError {
    pub expr: String,
    /// Byte offset into `expr`.
    pub pos: usize,
    pub message: String,
}

impl ExprError {
    /// 1-based character column of `pos`.
    pub fn column(&self) -> usize {
        column(&self.expr, self.pos)
    }
}

enum Operator {
    Set,
    Add,
    Remove,
}

/// Parses several expressions (repeated `-e`), stopping at the first error.
pub fn parse_edits<S: AsRef<str>>(
    exprs: &[S],
    resolver: &dyn Resolver,
    schema: &Registry,
) -> Result<Vec<Op>, ExprError> {
    exprs
        .iter()
        .map(|e| parse_edit(e.as_ref(), resolver, schema))
        .collect()
}

/// The byte offset where an expression's value starts (after `=`, `+=` or `-=`);
/// None for a deletion or an expression whose path does not parse (parsing it
/// reports why). Variables are expanded in the value only, never in the path.
pub fn value_offset(expr: &str, resolver: &dyn Resolver) -> Option<usize> {
    if expr.starts_with('-') {
        return None;
    }
    let (_, end) = parse_at(expr, 0, resolver).ok()?;
    let rest = &expr[end..];
    if rest.starts_with("+=") || rest.starts_with("-=") {
        Some(end + 2)
    } else if rest.starts_with('=') {
        Some(end + 1)
    } else {
        None
    }
}

/// Parses and validates one EDIT expression.
pub fn parse_edit(expr: &str, resolver: &dyn Resolver, schema: &Registry) -> Result<Op, ExprError> {
    let fail = |pos: usize, message: String| ExprError {
        expr: expr.to_string(),
        pos,
        message,
    };
    let path_err = |e: crate::edit::path::PathError| fail(e.pos, e.message);
    if expr.is_empty() {
        return Err(fail(
            0,
            "empty edit; expected PROP=VALUE, PROP+=VALUE, PROP-=VALUE or -PROP".into(),
        ));
    }

    if expr.starts_with('-') {
        let (path, end) = parse_at(expr, 1, resolver).map_err(path_err)?;
        if end < expr.len() {
            let rest = &expr[end..];
            let message =
                if rest.starts_with('=') || rest.starts_with("+=") || rest.starts_with("-=") {
                    format!("a deletion (-{path}) takes no value")
                } else {
                    format!("unexpected {:?} after -{path}", first_char(rest))
                };
            return Err(fail(end, message));
        }
        let op = match path.split_last() {
            Some((parent, Step::Lang(tag))) => Op::RemoveLang {
                lang: tag.clone(),
                path: parent,
            },
            Some((parent, Step::Index(n))) => Op::RemoveItem {
                item: ItemRef::Index(*n),
                path: parent,
            },
            _ => Op::Delete { path },
        };
        op.validate(schema).map_err(|e| fail(0, e.to_string()))?;
        return Ok(op);
    }

    let (path, end) = parse_at(expr, 0, resolver).map_err(path_err)?;
    let rest = &expr[end..];
    let (operator, value_pos) = if rest.starts_with("+=") {
        (Operator::Add, end + 2)
    } else if rest.starts_with("-=") {
        (Operator::Remove, end + 2)
    } else if rest.starts_with('=') {
        (Operator::Set, end + 1)
    } else if rest.is_empty() {
        return Err(fail(
            end,
            format!("expected '=', '+=' or '-=' after {path}"),
        ));
    } else if rest.starts_with(char::is_whitespace) {
        return Err(fail(
            end,
            format!("unexpected space after {path}; write PROP=VALUE without spaces around the operator"),
        ));
    } else {
        return Err(fail(
            end,
            format!(
                "unexpected {:?} after {path}; expected '=', '+=' or '-='",
                first_char(rest)
            ),
        ));
    };
    let value = expr[value_pos..].to_string();
    let located = |e: crate::edit::error::EditError| {
        let pos = if e.is_value_error() { value_pos } else { 0 };
        fail(pos, e.to_string())
    };

    let op = match operator {
        Operator::Add => {
            let kind = match type_at(schema, &path).map_err(located)?.map(|d| d.ty) {
                Some(ValueType::Array(k, _)) => *k,
                _ => ArrayKind::Bag,
            };
            Op::AddItem { path, value, kind }
        }
        Operator::Remove => Op::RemoveItem {
            path,
            item: ItemRef::Value(value),
        },
        Operator::Set => set_op(path, value, schema).map_err(located)?,
    };
    op.validate(schema).map_err(located)?;
    Ok(op)
}

/// What `PATH=VALUE` means for this path's declared type.
fn set_op(
    path: Path,
    value: String,
    schema: &Registry,
) -> Result<Op, crate::edit::error::EditError> {
    if let Some((parent, Step::Lang(tag))) = path.split_last() {
        return Ok(Op::SetLang {
            lang: tag.clone(),
            path: parent,
            text: value,
        });
    }
    if path.is_top() && path.prop == rating_name() {
        if let Ok(r) = value.parse::<i8>() {
            return Ok(Op::SetRating(r));
        }
    }
    Ok(match type_at(schema, &path)?.map(|d| d.ty) {
        Some(ValueType::LangAlt) => Op::SetLang {
            path,
            lang: lang::X_DEFAULT.into(),
            text: value,
        },
        Some(ValueType::Array(_, _)) if value.is_empty() => Op::Delete { path },
        Some(ValueType::Array(kind, _)) => Op::SetList {
            path,
            kind: *kind,
            items: vec![value],
        },
        _ => {
            let new_arrays = index_kinds(schema, &path);
            Op::SetSimple {
                path,
                value,
                new_arrays,
            }
        }
    })
}

/// The declared array kind for each index step of `path` (Seq when unknown), so that
/// `Iptc4xmpExt:LocationShown[1]/Iptc4xmpExt:City=Paris` creates a Bag.
fn index_kinds(schema: &Registry, path: &Path) -> Vec<ArrayKind> {
    let mut kinds = Vec::new();
    for (k, step) in path.steps.iter().enumerate() {
        if let Step::Index(_) = step {
            let parent = Path {
                prop: path.prop.clone(),
                steps: path.steps[..k].to_vec(),
            };
            kinds.push(match type_at(schema, &parent).map(|d| d.map(|d| d.ty)) {
                Ok(Some(ValueType::Array(kind, _))) => *kind,
                Ok(Some(ValueType::LangAlt)) => ArrayKind::Alt,
                _ => ArrayKind::Seq,
            });
        }
    }
    if kinds.iter().all(|k| *k == ArrayKind::Seq) {
        kinds.clear();
    }
    kinds
}

fn first_char(s: &str) -> String {
    s.chars().next().map(String::from).unwrap_or_default()
}
