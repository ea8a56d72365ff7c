//! A simple value stored where the schema expects a language alternative.
//!
//! Older writers (f-spot, some scanners' software) store `dc:title` as a plain
//! `<dc:title>Text</dc:title>`. Adobe's XMP Toolkit reads such a value of a property
//! its schema types as Lang Alt as the `x-default` item of a one-item language
//! alternative (XMPCore's normalisation of `dc:` arrays; docs/data-model.md, "Simple
//! values of Lang Alt properties"). An edit that addresses a language of such a
//! property does the same first, instead of refusing, and says so.

use crate::edit::op::Op;
use crate::edit::path::Path;
use crate::edit::path::Step;
use crate::schema::{Registry, ValueType};
use crate::xmp::{lang, ArrayKind, Name, Node, Packet, Value};

/// Turns every simple value that `ops` address as a language alternative, and that
/// `reg` types as Lang Alt, into a one-item language alternative: its text becomes
/// the item, its `xml:lang` (else `x-default`) the item's language, its other
/// qualifiers stay on the property. Returns one note per converted property for the
/// write report.
pub fn promote_simple_values(packet: &mut Packet, ops: &[Op], reg: &Registry) -> Vec<String> {
    promote_with_inverses(packet, ops, reg).0
}

/// [`promote_simple_values`], also returning the ops that undo the conversions (in
/// the order they were made), for callers that keep an exact undo stack.
pub fn promote_with_inverses(
    packet: &mut Packet,
    ops: &[Op],
    reg: &Registry,
) -> (Vec<String>, Vec<Op>) {
    let mut notes = Vec::new();
    let mut inverses = Vec::new();
    for op in ops {
        let Some(name) = addressed_as_lang_alt(op) else {
            continue;
        };
        if !reg
            .property(&name)
            .is_some_and(|d| matches!(d.ty, ValueType::LangAlt))
        {
            continue;
        }
        let Some(at) = packet.props.iter().position(|(n, _)| *n == name) else {
            continue;
        };
        let node = &mut packet.props[at].1;
        if !matches!(node.value, Value::Simple(_)) {
            continue;
        }
        inverses.push(Op::SetNode {
            path: Path::prop(name.clone()),
            node: node.clone(),
            at: Some(at),
        });
        let tag = promote(node);
        notes.push(format!(
            "{} was stored as a simple value, not a language alternative; it was edited as \
             the {tag} item of one (as Adobe's XMP Toolkit reads it) and is written as a \
             language alternative",
            Path::prop(name)
        ));
    }
    (notes, inverses)
}

/// The property an op addresses as a language alternative: a language op on the
/// property itself, or a `[LANG]` step right below it.
fn addressed_as_lang_alt(op: &Op) -> Option<Name> {
    let (path, lang_op) = match op {
        Op::SetLang { path, .. }
        | Op::RemoveLang { path, .. }
        | Op::MakeDefaultLang { path, .. } => (path, true),
        Op::SetSimple { path, .. } | Op::Delete { path } => (path, false),
        _ => return None,
    };
    let top = if lang_op {
        path.is_top()
    } else {
        path.steps.len() == 1 && matches!(path.steps.first(), Some(Step::Lang(_)))
    };
    top.then(|| path.prop.clone())
}

/// Makes `node` (a simple value) a one-item Lang Alt; returns the item's language.
fn promote(node: &mut Node) -> String {
    let text = match &node.value {
        Value::Simple(s) => s.clone(),
        _ => String::new(),
    };
    let lang_name = Name::xml_lang();
    let tag = node
        .remove_qualifier(&lang_name)
        .and_then(|q| match q.value {
            Value::Simple(s) => Some(s),
            _ => None,
        })
        .unwrap_or_else(|| lang::X_DEFAULT.to_string());
    let mut item = Node::text(text);
    item.set_qualifier(lang_name, Node::text(tag.clone()));
    node.value = Value::Array(ArrayKind::Alt, vec![item]);
    tag
}
