//! Per-object packets: the packet a scene, node, mesh, material, image or animation
//! references (docs/containers.md, "glTF: per-object packets"). An object is named
//! `mesh[0]` (by index) or `mesh:tri` (by its `name` member).
//!
//! A write replaces the packet the object references unless another object (or the
//! asset) shares it; otherwise, and for an object without one, the packet is appended
//! to `packets` and the object's reference set. No packet is ever removed or moved, so
//! one no object references any more stays where it is.

use serde_json::{Map, Value};

use super::doc::{self, corrupt, object_entry, EXT, REFERRERS};
use crate::FormatError;

/// How an object is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum By {
    Index(usize),
    Name(String),
}

/// One object of a glTF document: its kind (`mesh`) and how it is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectRef {
    /// The kind as written in labels (`mesh`, `node` …).
    pub kind: &'static str,
    /// The root collection holding it (`meshes`, `nodes` …).
    pub collection: &'static str,
    pub by: By,
}

impl std::str::FromStr for ObjectRef {
    type Err = String;

    /// `mesh[0]` or `mesh:tri`; the kinds are those [`REFERRERS`] lists.
    fn from_str(s: &str) -> Result<Self, String> {
        let kinds = || {
            REFERRERS
                .iter()
                .map(|(_, k)| *k)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (kind, by) = if let Some((k, name)) = s.split_once(':') {
            (k, By::Name(name.to_string()))
        } else if let Some((k, rest)) = s.split_once('[') {
            let n = rest
                .strip_suffix(']')
                .and_then(|n| n.parse::<usize>().ok())
                .ok_or_else(|| format!("{s:?}: expected KIND[INDEX] or KIND:NAME"))?;
            (k, By::Index(n))
        } else {
            return Err(format!(
                "{s:?}: expected KIND[INDEX] or KIND:NAME (kinds: {})",
                kinds()
            ));
        };
        let Some((collection, kind)) = REFERRERS.iter().find(|(_, k)| *k == kind) else {
            return Err(format!(
                "{s:?}: {kind:?} is not an object kind that can hold a packet (kinds: {})",
                kinds()
            ));
        };
        Ok(ObjectRef {
            kind,
            collection,
            by,
        })
    }
}

/// The label of item `i` of a collection: `mesh[0] "tri"` style, as in `Found::others`.
fn label(kind: &str, i: usize, item: &Value) -> String {
    match item.get("name").and_then(Value::as_str) {
        Some(nm) => format!("{kind}[{i}] {}", Value::String(nm.to_string())),
        None => format!("{kind}[{i}]"),
    }
}

/// The objects that exist, for an error: names where they have one, else `mesh[i]`.
fn existing(sel: &ObjectRef, items: &[Value]) -> String {
    if items.is_empty() {
        return format!("the file has no {}", sel.collection);
    }
    let list: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(i, it)| match it.get("name").and_then(Value::as_str) {
            Some(nm) => nm.to_string(),
            None => format!("{}[{i}]", sel.kind),
        })
        .collect();
    format!("{}: {}", sel.collection, list.join(", "))
}

/// The index of the object `sel` names; an unknown one is [`FormatError::NoObject`]
/// naming those that exist.
pub fn resolve(root: &Value, sel: &ObjectRef) -> Result<usize, FormatError> {
    let empty = Vec::new();
    let items = root
        .get(sel.collection)
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    let found = match &sel.by {
        By::Index(i) => (*i < items.len()).then_some(*i),
        By::Name(n) => items
            .iter()
            .position(|it| it.get("name").and_then(Value::as_str) == Some(n.as_str())),
    };
    found.ok_or_else(|| {
        let what = match &sel.by {
            By::Index(i) => format!("no {}[{i}]", sel.kind),
            By::Name(n) => format!("no {} named {}", sel.kind, Value::String(n.clone())),
        };
        FormatError::NoObject(format!("{what}; {}", existing(sel, items)))
    })
}

/// An object's packet as stored: its label and the JSON-LD packet it references
/// (`None`: it references none, or a broken index, which `warnings` then names).
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectPacket {
    pub label: String,
    pub packet: Option<Value>,
    pub warnings: Vec<String>,
}

/// Reads the packet of the object `sel` names.
pub fn object_packet(
    root: &Value,
    sel: &ObjectRef,
    format: &'static str,
) -> Result<ObjectPacket, FormatError> {
    let i = resolve(root, sel)?;
    let p = doc::packets_of(root, format)?;
    let item = &root[sel.collection][i];
    let label = label(sel.kind, i, item);
    let name = if p.draft { doc::DRAFT } else { EXT };
    let mut warnings = Vec::new();
    let packet = doc::packet_ref(item, name, &label, p.packets.len(), &mut warnings)
        .map(|k| p.packets[k].clone());
    Ok(ObjectPacket {
        label,
        packet,
        warnings,
    })
}

/// Stores `packet` as the packet of the object `sel` names; returns its index in
/// `packets`. Nothing else changes; no packet is removed or reordered.
pub fn set_object_packet(
    root: &mut Value,
    sel: &ObjectRef,
    packet: Value,
    format: &'static str,
) -> Result<usize, FormatError> {
    let i = resolve(root, sel)?;
    let current = doc::packets_of(root, format)?;
    let label = label(sel.kind, i, &root[sel.collection][i]);
    let mine = current
        .refs
        .iter()
        .find(|(l, _)| *l == label)
        .map(|(_, k)| *k);
    // Shared: the asset or another object references the same packet.
    let shared = |k: usize| {
        current.asset == Some(k) || current.refs.iter().any(|(l, p)| *p == k && *l != label)
    };
    let Some(obj) = root.as_object_mut() else {
        return Err(corrupt(format, "the glTF JSON is not an object"));
    };
    let ext = object_entry(obj, "extensions", "extensions", format)?;
    let ours = object_entry(ext, EXT, "extensions.KHR_xmp_json_ld", format)?;
    let packets = ours
        .entry("packets".to_string())
        .or_insert_with(|| Value::Array(Vec::new()))
        .as_array_mut()
        .ok_or_else(|| corrupt(format, "extensions.KHR_xmp_json_ld.packets is not an array"))?;
    let index = match mine {
        Some(k) if !current.draft && !shared(k) && k < packets.len() => {
            packets[k] = packet;
            k
        }
        _ => {
            packets.push(packet);
            packets.len() - 1
        }
    };
    let item = obj
        .get_mut(sel.collection)
        .and_then(Value::as_array_mut)
        .and_then(|a| a.get_mut(i))
        .and_then(Value::as_object_mut)
        .ok_or_else(|| corrupt(format, format!("{label} is not an object")))?;
    let iext = object_entry(item, "extensions", &format!("{label}.extensions"), format)?;
    match iext.get_mut(EXT).and_then(Value::as_object_mut) {
        Some(r) => {
            r.insert("packet".into(), Value::from(index));
        }
        None => {
            let mut r = Map::new();
            r.insert("packet".into(), Value::from(index));
            iext.insert(EXT.into(), Value::Object(r));
        }
    }
    doc::list_used(obj, format)?;
    Ok(index)
}
