//! Walking a property's node tree along a [`Path`]: find, create missing parents,
//! remove. Every function works on one top-level property's node (an `Option` when
//! it may be absent), so ops can run on a copy and commit only on success.

use crate::edit::error::EditError;
use crate::edit::path::{Path, Step};
use crate::xmp::{lang, ArrayKind, Name, Node, Value};

/// A short description of a node's form for messages: "a simple value", "a Bag"...
pub fn describe(node: &Node) -> String {
    match &node.value {
        Value::Simple(_) => "a simple value".into(),
        Value::Uri(_) => "a URI".into(),
        Value::Struct(_) => "a struct".into(),
        Value::Array(ArrayKind::Alt, items) if !items.is_empty() && lang::is_lang_alt(node) => {
            "a language alternative".into()
        }
        Value::Array(ArrayKind::Alt, _) => "an Alt array".into(),
        Value::Array(k, _) => format!("a {} array", k.rdf_name()),
    }
}

/// True for a non-empty Alt whose items all carry `xml:lang`. An empty Alt is not
/// counted, so that an empty array can still take items of either kind.
pub fn is_lang_alt(node: &Node) -> bool {
    matches!(&node.value, Value::Array(ArrayKind::Alt, items) if !items.is_empty())
        && lang::is_lang_alt(node)
}

/// The path made of `path`'s property and its first `k` steps, as text.
pub fn prefix_text(path: &Path, k: usize) -> String {
    Path {
        prop: path.prop.clone(),
        steps: path.steps[..k.min(path.steps.len())].to_vec(),
    }
    .to_string()
}

/// The node that a missing step creates before the next step runs.
fn placeholder(next: Option<&Step>, kind: ArrayKind) -> Node {
    match next {
        Some(Step::Field(_)) => Node::structure(Vec::new()),
        Some(Step::Index(_)) => Node::array(kind, Vec::new()),
        Some(Step::Lang(_)) => Node::array(ArrayKind::Alt, Vec::new()),
        Some(Step::Qualifier(_)) | None => Node::text(""),
    }
}

fn position(fields: &[(Name, Node)], name: &Name) -> Option<usize> {
    fields.iter().position(|(n, _)| n == name)
}

/// Steps from `node` into one child. With `create`, a missing child is added
/// (struct field appended, array item appended when the index is one past the end,
/// language item appended, qualifier added in model order); without, a missing
/// child is `Ok(None)`. A step that does not fit the node's form is an error.
fn step_into<'a>(
    node: &'a mut Node,
    step: &Step,
    at: &dyn Fn() -> String,
    create: Option<Node>,
) -> Result<Option<&'a mut Node>, EditError> {
    match step {
        Step::Field(name) => {
            let found = describe(node);
            let Value::Struct(fields) = &mut node.value else {
                return Err(EditError::NotStruct { path: at(), found });
            };
            let i = match (position(fields, name), create) {
                (Some(i), _) => i,
                (None, Some(c)) => {
                    fields.push((name.clone(), c));
                    fields.len() - 1
                }
                (None, None) => return Ok(None),
            };
            Ok(Some(&mut fields[i].1))
        }
        Step::Index(n) => {
            let found = describe(node);
            let Value::Array(_, items) = &mut node.value else {
                return Err(EditError::NotArray {
                    path: at(),
                    found,
                    hint: String::new(),
                });
            };
            let len = items.len();
            if *n == 0 {
                return Err(EditError::ZeroIndex { path: at() });
            }
            if *n <= len {
                return Ok(Some(&mut items[*n - 1]));
            }
            match create {
                Some(c) if *n == len + 1 => {
                    items.push(c);
                    Ok(items.last_mut())
                }
                Some(_) => Err(EditError::NoItem {
                    path: at(),
                    index: *n,
                    len,
                }),
                None => Ok(None),
            }
        }
        Step::Lang(tag) => {
            let found = describe(node);
            let is_lang_alt = lang::is_lang_alt(node);
            let pos = lang::position(node, tag);
            let items = match &mut node.value {
                Value::Array(ArrayKind::Alt, items) if is_lang_alt => items,
                _ => {
                    return Err(EditError::NotLangAlt {
                        path: at(),
                        found,
                        hint: String::new(),
                    })
                }
            };
            let i = match (pos, create) {
                (Some(i), _) => i,
                (None, Some(mut c)) => {
                    c.set_qualifier(Name::xml_lang(), Node::text(tag.clone()));
                    items.push(c);
                    items.len() - 1
                }
                (None, None) => return Ok(None),
            };
            Ok(Some(&mut items[i]))
        }
        Step::Qualifier(name) => {
            let i = match (position(&node.qualifiers, name), create) {
                (Some(i), _) => i,
                (None, Some(c)) => {
                    node.set_qualifier(name.clone(), c);
                    match position(&node.qualifiers, name) {
                        Some(i) => i,
                        None => return Ok(None),
                    }
                }
                (None, None) => return Ok(None),
            };
            Ok(Some(&mut node.qualifiers[i].1))
        }
    }
}

/// The existing node at `path` below the property node `root`.
pub fn find_mut<'a>(
    root: Option<&'a mut Node>,
    path: &Path,
) -> Result<Option<&'a mut Node>, EditError> {
    let Some(mut cur) = root else {
        return Ok(None);
    };
    for (k, step) in path.steps.iter().enumerate() {
        match step_into(cur, step, &|| prefix_text(path, k), None)? {
            Some(next) => cur = next,
            None => return Ok(None),
        }
    }
    Ok(Some(cur))
}

/// The existing node at `path` (read-only).
pub fn find<'a>(root: Option<&'a Node>, path: &Path) -> Result<Option<&'a Node>, EditError> {
    let Some(mut cur) = root else {
        return Ok(None);
    };
    for (k, step) in path.steps.iter().enumerate() {
        let at = || prefix_text(path, k);
        let next = match step {
            Step::Field(name) => match &cur.value {
                Value::Struct(f) => crate::xmp::model::get(f, name),
                _ => {
                    return Err(EditError::NotStruct {
                        path: at(),
                        found: describe(cur),
                    })
                }
            },
            Step::Index(n) => match &cur.value {
                Value::Array(_, items) if *n > 0 => items.get(*n - 1),
                Value::Array(..) => return Err(EditError::ZeroIndex { path: at() }),
                _ => {
                    return Err(EditError::NotArray {
                        path: at(),
                        found: describe(cur),
                        hint: String::new(),
                    })
                }
            },
            Step::Lang(tag) => {
                if !matches!(cur.value, Value::Array(ArrayKind::Alt, _)) || !lang::is_lang_alt(cur)
                {
                    return Err(EditError::NotLangAlt {
                        path: at(),
                        found: describe(cur),
                        hint: String::new(),
                    });
                }
                lang::position(cur, tag).and_then(|i| cur.items().and_then(|it| it.get(i)))
            }
            Step::Qualifier(name) => cur.qualifier(name),
        };
        match next {
            Some(n) => cur = n,
            None => return Ok(None),
        }
    }
    Ok(Some(cur))
}

/// The node at `path`, creating missing parents: structs for field steps, arrays for
/// index steps (of kind `new_arrays[i]` for the i-th index step, Seq when not given:
/// an index implies order), language alternatives for language steps. A missing
/// final node is created by `leaf`.
pub fn ensure<'a>(
    root: &'a mut Option<Node>,
    path: &Path,
    new_arrays: &[ArrayKind],
    leaf: &dyn Fn() -> Node,
) -> Result<&'a mut Node, EditError> {
    let kind_for = |k: usize| {
        let nth = path.steps[..k]
            .iter()
            .filter(|s| matches!(s, Step::Index(_)))
            .count();
        new_arrays.get(nth).copied().unwrap_or(ArrayKind::Seq)
    };
    let make = |k: usize| -> Node {
        if k == path.steps.len() {
            leaf()
        } else {
            placeholder(path.steps.get(k), kind_for(k))
        }
    };
    let mut cur = root.get_or_insert_with(|| make(0));
    for (k, step) in path.steps.iter().enumerate() {
        cur = step_into(cur, step, &|| prefix_text(path, k), Some(make(k + 1)))?.ok_or_else(
            || EditError::Missing {
                path: prefix_text(path, k + 1),
            },
        )?;
    }
    Ok(cur)
}

/// Removes the node at `path`; `Ok(None)` when it is not there.
pub fn remove(root: &mut Option<Node>, path: &Path) -> Result<Option<Node>, EditError> {
    let Some((parent_path, last)) = path.split_last() else {
        return Ok(root.take());
    };
    let Some(parent) = find_mut(root.as_mut(), &parent_path)? else {
        return Ok(None);
    };
    let at = || parent_path.to_string();
    match last {
        Step::Field(name) => match &mut parent.value {
            Value::Struct(f) => Ok(position(f, name).map(|i| f.remove(i).1)),
            _ => Err(EditError::NotStruct {
                path: at(),
                found: describe(parent),
            }),
        },
        Step::Index(n) => match &mut parent.value {
            Value::Array(..) if *n == 0 => Err(EditError::ZeroIndex { path: at() }),
            Value::Array(_, items) => Ok((*n <= items.len()).then(|| items.remove(*n - 1))),
            _ => Err(EditError::NotArray {
                path: at(),
                found: describe(parent),
                hint: String::new(),
            }),
        },
        Step::Lang(tag) => {
            if !matches!(parent.value, Value::Array(ArrayKind::Alt, _))
                || !lang::is_lang_alt(parent)
            {
                return Err(EditError::NotLangAlt {
                    path: at(),
                    found: describe(parent),
                    hint: String::new(),
                });
            }
            Ok(lang::remove(parent, tag).map(|(_, n)| n))
        }
        Step::Qualifier(name) => Ok(parent.remove_qualifier(name)),
    }
}
