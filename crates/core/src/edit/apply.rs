//! Applying ops and building their inverses.
//!
//! Design: every op touches exactly one top-level property. [`Op::apply`] runs the op
//! on a *copy* of that property's node (an `Option`, absent when the property is
//! missing) and commits only on success, so a refused op changes nothing. The inverse
//! is then the simplest thing that restores the model exactly:
//!
//! | before | after | inverse |
//! |---|---|---|
//! | absent | absent | `Noop` |
//! | absent | present | `Delete` of the property |
//! | present at index i | absent | `SetNode` of the old node `at: Some(i)` |
//! | present at index i | changed | `SetNode` of the old node `at: Some(i)` |
//! | present | equal, same place | `Noop` |
//!
//! Restoring the whole previous subtree (rather than computing a minimal reverse
//! edit) keeps positions of properties, items, languages and qualifiers exact by
//! construction, and inverses of inverses are again exact. The cost is one clone of
//! the touched property per op, which is small next to reading and writing files.
//! Prefix hints are not part of the model and are not restored.

use crate::edit::error::EditError;
use crate::edit::nav::{self, describe, ensure, find_mut, is_lang_alt};
use crate::edit::op::{rating_name, ItemRef, Op};
use crate::edit::path::{Path, Resolver, Step};
use crate::edit::validate::check_rating;
use crate::xmp::{lang, ArrayKind, Name, Node, Packet, Value};

impl Op {
    /// Applies the op; returns the op that undoes it ([`Op::Noop`] when nothing
    /// changed). On error the packet is unchanged.
    pub fn apply(&self, packet: &mut Packet) -> Result<Op, EditError> {
        let Some(name) = self.property() else {
            return Ok(Op::Noop);
        };
        let before = packet.props.iter().position(|(n, _)| *n == name);
        let mut work = before.map(|i| packet.props[i].1.clone());
        let at = self.apply_to(&mut work)?;
        let top = Path::prop(name.clone());
        Ok(match (before, work) {
            (None, None) => Op::Noop,
            (None, Some(new)) => {
                let i = at.unwrap_or(packet.props.len()).min(packet.props.len());
                packet.props.insert(i, (name, new));
                Op::Delete { path: top }
            }
            (Some(i), None) => {
                let (_, old) = packet.props.remove(i);
                Op::SetNode {
                    path: top,
                    node: old,
                    at: Some(i),
                }
            }
            (Some(i), Some(new)) => {
                let j = at.map_or(i, |a| a.min(packet.props.len() - 1));
                if j == i && packet.props[i].1 == new {
                    return Ok(Op::Noop);
                }
                let old = std::mem::replace(&mut packet.props[i].1, new);
                if j != i {
                    let entry = packet.props.remove(i);
                    packet.props.insert(j, entry);
                }
                Op::SetNode {
                    path: top,
                    node: old,
                    at: Some(i),
                }
            }
        })
    }

    /// Runs the op on the property's node; returns the requested top-level position
    /// (only [`Op::SetNode`] asks for one).
    fn apply_to(&self, work: &mut Option<Node>) -> Result<Option<usize>, EditError> {
        match self {
            Op::SetSimple {
                path,
                value,
                new_arrays,
            } => set_simple(work, path, value, new_arrays)?,
            Op::SetRating(r) => {
                check_rating(&r.to_string())?;
                set_simple(work, &Path::prop(rating_name()), &r.to_string(), &[])?;
            }
            Op::SetLang { path, lang, text } => set_lang(work, path, lang, text)?,
            Op::RemoveLang { path, lang: tag } => {
                check_tag(path, tag)?;
                let Some(node) = find_mut(work.as_mut(), path)? else {
                    return Ok(None);
                };
                require_lang_alt(node, path)?;
                if lang::remove(node, tag).is_some() && node.items().is_some_and(<[Node]>::is_empty)
                {
                    nav::remove(work, path)?;
                }
            }
            Op::MakeDefaultLang { path, lang: tag } => {
                check_tag(path, tag)?;
                let no_lang = || EditError::NoLang {
                    path: path.to_string(),
                    lang: tag.clone(),
                };
                let node = find_mut(work.as_mut(), path)?.ok_or_else(no_lang)?;
                require_lang_alt(node, path)?;
                if !lang::make_default(node, tag) {
                    return Err(no_lang());
                }
            }
            Op::AddItem { path, value, kind } => {
                let node = ensure(work, path, &[], &|| Node::array(*kind, Vec::new()))?;
                let is_bag = matches!(node.value, Value::Array(ArrayKind::Bag, _));
                let items = plain_array(node, path, "; use PATH=VALUE")?;
                if !(is_bag && items.iter().any(|i| is_text(i, value))) {
                    items.push(Node::text(value.clone()));
                }
            }
            Op::MergeItems {
                path,
                kind,
                items: new,
            } => {
                let node = ensure(work, path, &[], &|| Node::array(*kind, Vec::new()))?;
                let items = plain_array(node, path, "; use PATH=VALUE")?;
                for value in new {
                    if !items.iter().any(|i| is_text(i, value)) {
                        items.push(Node::text(value.clone()));
                    }
                }
            }
            Op::RemoveItem { path, item } => {
                let Some(node) = find_mut(work.as_mut(), path)? else {
                    return match item {
                        ItemRef::Value(_) => Ok(None),
                        ItemRef::Index(i) => Err(no_item(path, *i, 0)),
                    };
                };
                let items = plain_array(node, path, "")?;
                let len = items.len();
                match item {
                    ItemRef::Value(v) => items.retain(|i| !is_text(i, v)),
                    ItemRef::Index(i) => {
                        check_index(path, *i, len)?;
                        items.remove(*i - 1);
                    }
                }
                if items.is_empty() && len > 0 {
                    nav::remove(work, path)?;
                }
            }
            Op::ReplaceItem { path, index, value } => {
                let node =
                    find_mut(work.as_mut(), path)?.ok_or_else(|| no_item(path, *index, 0))?;
                let items = plain_array(node, path, "")?;
                check_index(path, *index, items.len())?;
                let item = &mut items[*index - 1];
                match &mut item.value {
                    Value::Simple(s) | Value::Uri(s) => *s = value.clone(),
                    _ => {
                        return Err(EditError::NotSimple {
                            path: path.clone().index(*index).to_string(),
                            found: describe(item),
                            hint: String::new(),
                        })
                    }
                }
            }
            Op::MoveItem { path, from, to } => {
                let node = find_mut(work.as_mut(), path)?.ok_or_else(|| no_item(path, *from, 0))?;
                let found = describe(node);
                let Value::Array(_, items) = &mut node.value else {
                    return Err(EditError::NotArray {
                        path: path.to_string(),
                        found,
                        hint: String::new(),
                    });
                };
                check_index(path, *from, items.len())?;
                check_index(path, *to, items.len())?;
                let item = items.remove(*from - 1);
                items.insert(*to - 1, item);
            }
            Op::SetList { path, kind, items } => {
                let node = ensure(work, path, &[], &|| Node::array(*kind, Vec::new()))?;
                node.value = Value::Array(*kind, items.iter().map(Node::text).collect());
            }
            Op::Delete { path } => {
                nav::remove(work, path)?;
            }
            Op::SetNode { path, node, at } => {
                if path.is_top() {
                    *work = Some(node.clone());
                    return Ok(*at);
                }
                let slot = ensure(work, path, &[], &|| node.clone())?;
                *slot = node.clone();
            }
            Op::Noop => {}
        }
        Ok(None)
    }
}

fn is_text(node: &Node, text: &str) -> bool {
    matches!(&node.value, Value::Simple(s) if s == text)
}

fn no_item(path: &Path, index: usize, len: usize) -> EditError {
    EditError::NoItem {
        path: path.to_string(),
        index,
        len,
    }
}

fn check_index(path: &Path, index: usize, len: usize) -> Result<(), EditError> {
    if index == 0 {
        return Err(EditError::ZeroIndex {
            path: path.to_string(),
        });
    }
    if index > len {
        return Err(no_item(path, index, len));
    }
    Ok(())
}

fn check_tag(path: &Path, tag: &str) -> Result<(), EditError> {
    lang::check_tag(tag).map_err(|source| EditError::Lang {
        path: path.to_string(),
        source,
    })
}

/// The items of an array that is not a language alternative.
fn plain_array<'a>(
    node: &'a mut Node,
    path: &Path,
    hint: &str,
) -> Result<&'a mut Vec<Node>, EditError> {
    let found = describe(node);
    if is_lang_alt(node) {
        return Err(EditError::NotArray {
            path: path.to_string(),
            found,
            hint: format!("; use {path}[LANG]=TEXT or -{path}[LANG]"),
        });
    }
    match &mut node.value {
        Value::Array(_, items) => Ok(items),
        _ => Err(EditError::NotArray {
            path: path.to_string(),
            found,
            hint: hint.replace("PATH", &path.to_string()),
        }),
    }
}

fn require_lang_alt(node: &Node, path: &Path) -> Result<(), EditError> {
    if matches!(node.value, Value::Array(ArrayKind::Alt, _)) && lang::is_lang_alt(node) {
        Ok(())
    } else {
        Err(EditError::NotLangAlt {
            path: path.to_string(),
            found: describe(node),
            hint: String::new(),
        })
    }
}

fn set_lang(work: &mut Option<Node>, path: &Path, tag: &str, text: &str) -> Result<(), EditError> {
    check_tag(path, tag)?;
    let node = ensure(work, path, &[], &|| Node::array(ArrayKind::Alt, Vec::new()))?;
    require_lang_alt(node, path)?;
    lang::set_text(node, tag, text);
    Ok(())
}

fn set_simple(
    work: &mut Option<Node>,
    path: &Path,
    value: &str,
    new_arrays: &[ArrayKind],
) -> Result<(), EditError> {
    if let Some((parent, Step::Lang(tag))) = path.split_last() {
        return set_lang(work, &parent, tag, value);
    }
    if path.is_top() && path.prop == rating_name() {
        check_rating(value)?;
    }
    if let Some(Step::Qualifier(q)) = path.last() {
        if *q == Name::xml_lang() {
            check_tag(path, value)?;
        }
    }
    let node = ensure(work, path, new_arrays, &|| Node::text(""))?;
    if matches!(node.value, Value::Array(ArrayKind::Alt, _)) && lang::is_lang_alt(node) {
        lang::set_text(node, lang::X_DEFAULT, value);
        return Ok(());
    }
    let found = describe(node);
    match &mut node.value {
        Value::Simple(s) | Value::Uri(s) => {
            *s = value.to_string();
            Ok(())
        }
        Value::Struct(_) => Err(EditError::NotSimple {
            path: path.to_string(),
            found,
            hint: format!("; set one of its fields: {path}/FIELD=VALUE"),
        }),
        Value::Array(..) => Err(EditError::NotSimple {
            path: path.to_string(),
            found,
            hint: format!("; use {path}+=VALUE to add an item"),
        }),
    }
}

/// Applies ops in order to one packet, atomically: on error every op already applied
/// is undone and the error returned. On success returns the inverses in the order to
/// apply them (last op's inverse first), without no-ops: an empty list means the
/// ops changed nothing.
pub fn apply_all(ops: &[Op], packet: &mut Packet) -> Result<Vec<Op>, EditError> {
    let mut inverses = Vec::with_capacity(ops.len());
    for op in ops {
        match op.apply(packet) {
            Ok(inv) if inv.is_noop() => {}
            Ok(inv) => inverses.push(inv),
            Err(e) => {
                for inv in inverses.iter().rev() {
                    // Inverses are top-level SetNode/Delete, which cannot fail.
                    let restored = inv.apply(packet);
                    debug_assert!(restored.is_ok(), "inverse failed: {restored:?}");
                }
                return Err(e);
            }
        }
    }
    inverses.reverse();
    Ok(inverses)
}

/// The packet the ops would produce (a dry run); the input is untouched.
pub fn preview(ops: &[Op], packet: &Packet) -> Result<Packet, EditError> {
    let mut copy = packet.clone();
    apply_all(ops, &mut copy)?;
    Ok(copy)
}

/// Records prefix hints for the namespaces the ops use, so that output uses the
/// user's prefixes (`--ns`) rather than `ns1`. Existing hints win.
pub fn hint_prefixes(packet: &mut Packet, ops: &[Op], resolver: &dyn Resolver) {
    fn hint_node(packet: &mut Packet, node: &Node, resolver: &dyn Resolver) {
        for (n, q) in &node.qualifiers {
            hint(packet, n, resolver);
            hint_node(packet, q, resolver);
        }
        match &node.value {
            Value::Struct(f) => f.iter().for_each(|(n, v)| {
                hint(packet, n, resolver);
                hint_node(packet, v, resolver);
            }),
            Value::Array(_, items) => items.iter().for_each(|i| hint_node(packet, i, resolver)),
            _ => {}
        }
    }
    fn hint(packet: &mut Packet, name: &Name, resolver: &dyn Resolver) {
        if packet.prefixes.prefix_of(&name.ns).is_none() {
            if let Some(p) = resolver.prefix_of(&name.ns) {
                packet.prefixes.hint(&name.ns, &p);
            }
        }
    }
    for op in ops {
        let Some(path) = op.path() else { continue };
        hint(packet, &path.prop, resolver);
        for step in &path.steps {
            if let Step::Field(n) | Step::Qualifier(n) = step {
                hint(packet, n, resolver);
            }
        }
        if let Op::SetNode { node, .. } = op {
            hint_node(packet, node, resolver);
        }
    }
}
