//! glTF JSON level: where `KHR_xmp_json_ld` packets live and how to store a new asset
//! packet (docs/containers.md, "glTF: packets and references"), plus keeping the document's
//! formatting style.
//!
//! The document is a `serde_json::Value` with `preserve_order`, so members keep their
//! order; numbers keep their values (`float_roundtrip`), not necessarily their exact
//! spelling. Formatting: a compact document stays compact; a pretty-printed one is
//! written with serde_json's pretty printer using the indent of its second line.

use serde_json::{Map, Value};

use crate::FormatError;

pub const EXT: &str = "KHR_xmp_json_ld";
/// The archived draft of the extension (read only).
pub const DRAFT: &str = "KHR_xmp";

/// Object collections whose items may reference a packet, with their label names.
pub(crate) const REFERRERS: &[(&str, &str)] = &[
    ("scenes", "scene"),
    ("nodes", "node"),
    ("meshes", "mesh"),
    ("materials", "material"),
    ("images", "image"),
    ("animations", "animation"),
];

pub(crate) fn corrupt(format: &'static str, message: impl Into<String>) -> FormatError {
    FormatError::corrupt(format, 0, message)
}

/// The packets of a document and who references them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Packets {
    /// JSON-LD packets (draft packets converted to the ratified form's shape).
    pub packets: Vec<Value>,
    /// Index referenced by `asset` (the main packet).
    pub asset: Option<usize>,
    /// Other references: (label like `node[2] "name"`, packet index).
    pub refs: Vec<(String, usize)>,
    /// The packets come from the archived `KHR_xmp` draft.
    pub draft: bool,
    pub warnings: Vec<String>,
}

fn ext_of<'a>(obj: &'a Value, name: &str) -> Option<&'a Value> {
    obj.get("extensions")?.get(name)
}

pub(crate) fn packet_ref(
    obj: &Value,
    name: &str,
    what: &str,
    n: usize,
    w: &mut Vec<String>,
) -> Option<usize> {
    let r = ext_of(obj, name)?;
    match r.get("packet").and_then(Value::as_u64) {
        Some(i) if (i as usize) < n => Some(i as usize),
        Some(i) => {
            w.push(format!(
                "{what} references packet {i}, but there are only {n}"
            ));
            None
        }
        None => {
            w.push(format!(
                "{what} has a {name} extension without a valid \"packet\" index"
            ));
            None
        }
    }
}

/// Finds the packets of a glTF document (`format` names the container in errors):
/// those of `KHR_xmp_json_ld`, else those of the archived draft.
pub fn packets_of(root: &Value, format: &'static str) -> Result<Packets, FormatError> {
    if ext_of(root, EXT).is_some() {
        packets_in(root, format, EXT)
    } else {
        packets_in(root, format, DRAFT)
    }
}

/// Whether the document holds extension `name` at its root.
pub fn has_ext(root: &Value, name: &str) -> bool {
    ext_of(root, name).is_some()
}

/// The packets of extension `name` (`EXT` or `DRAFT`).
pub fn packets_in(root: &Value, format: &'static str, name: &str) -> Result<Packets, FormatError> {
    let Some(obj) = root.as_object() else {
        return Err(corrupt(format, "the glTF JSON is not an object"));
    };
    let mut out = Packets::default();
    let Some(ext) = ext_of(root, name) else {
        return Ok(out);
    };
    if name == DRAFT {
        out.draft = true;
        out.warnings.push(
            "packets use the archived KHR_xmp draft; a write adds KHR_xmp_json_ld and leaves the draft data as it is".into(),
        );
    }
    match ext.get("packets") {
        Some(Value::Array(a)) => out.packets = a.clone(),
        Some(_) => out
            .warnings
            .push(format!("extensions.{name}.packets is not an array")),
        None => out
            .warnings
            .push(format!("extensions.{name} has no packets")),
    }
    if out.draft {
        // The draft put one @context beside the packets; give each packet its own.
        let ctx = ext.get("@context").cloned();
        for p in &mut out.packets {
            if let (Some(m), Some(c)) = (p.as_object_mut(), ctx.as_ref()) {
                if !m.contains_key("@context") {
                    let mut nm = Map::new();
                    nm.insert("@context".into(), c.clone());
                    nm.extend(std::mem::take(m));
                    *m = nm;
                }
            }
        }
    }
    let n = out.packets.len();
    if let Some(asset) = obj.get("asset") {
        out.asset = packet_ref(asset, name, "asset", n, &mut out.warnings);
    }
    for (coll, label) in REFERRERS {
        let Some(items) = obj.get(*coll).and_then(Value::as_array) else {
            continue;
        };
        for (i, item) in items.iter().enumerate() {
            let what = match item.get("name").and_then(Value::as_str) {
                Some(nm) => format!("{label}[{i}] {}", Value::String(nm.to_string())),
                None => format!("{label}[{i}]"),
            };
            if let Some(p) = packet_ref(item, name, &what, n, &mut out.warnings) {
                out.refs.push((what, p));
            }
        }
    }
    Ok(out)
}

pub(crate) fn object_entry<'a>(
    m: &'a mut Map<String, Value>,
    key: &str,
    what: &str,
    format: &'static str,
) -> Result<&'a mut Map<String, Value>, FormatError> {
    m.entry(key.to_string())
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .ok_or_else(|| corrupt(format, format!("{what} is not an object")))
}

/// Stores `packet` as the asset packet: replaces the packet `asset` references (unless
/// another object shares it), else appends it; sets the asset reference and lists the
/// extension in `extensionsUsed`. Nothing else changes; no packet is reordered.
pub fn set_asset_packet(
    root: &mut Value,
    packet: Value,
    format: &'static str,
) -> Result<(), FormatError> {
    let current = packets_of(root, format)?;
    let shared = |i: usize| current.refs.iter().any(|(_, p)| *p == i);
    let Some(obj) = root.as_object_mut() else {
        return Err(corrupt(format, "the glTF JSON is not an object"));
    };
    if !obj.get("asset").is_some_and(Value::is_object) {
        return Err(corrupt(format, "the glTF JSON has no \"asset\" object"));
    }
    let ext = object_entry(obj, "extensions", "extensions", format)?;
    let ours = object_entry(ext, EXT, "extensions.KHR_xmp_json_ld", format)?;
    let packets = ours
        .entry("packets".to_string())
        .or_insert_with(|| Value::Array(Vec::new()))
        .as_array_mut()
        .ok_or_else(|| corrupt(format, "extensions.KHR_xmp_json_ld.packets is not an array"))?;
    let index = match current.asset {
        Some(i) if !current.draft && !shared(i) && i < packets.len() => {
            packets[i] = packet;
            i
        }
        _ => {
            packets.push(packet);
            packets.len() - 1
        }
    };
    let asset = object_entry(obj, "asset", "asset", format)?;
    let aext = object_entry(asset, "extensions", "asset.extensions", format)?;
    let mut r = Map::new();
    r.insert("packet".into(), Value::from(index));
    aext.insert(EXT.into(), Value::Object(r));
    list_used(obj, format)
}

/// Lists the extension in `extensionsUsed` (created at the end when missing).
pub(crate) fn list_used(
    obj: &mut Map<String, Value>,
    format: &'static str,
) -> Result<(), FormatError> {
    let used = obj
        .entry("extensionsUsed".to_string())
        .or_insert_with(|| Value::Array(Vec::new()))
        .as_array_mut()
        .ok_or_else(|| corrupt(format, "extensionsUsed is not an array"))?;
    if !used.iter().any(|v| v.as_str() == Some(EXT)) {
        used.push(Value::from(EXT));
    }
    Ok(())
}

/// How the JSON text was laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Style {
    Compact,
    /// Pretty-printed with this indent unit.
    Pretty(Vec<u8>),
}

/// Compact when the text has no line break; else pretty with the second line's indent.
pub fn detect_style(text: &[u8]) -> Style {
    let Some(nl) = text.iter().position(|&b| b == b'\n') else {
        return Style::Compact;
    };
    let indent: Vec<u8> = text[nl + 1..]
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .copied()
        .collect();
    if indent.is_empty() {
        Style::Pretty(b"  ".to_vec())
    } else {
        Style::Pretty(indent)
    }
}

/// Serializes the document in `style`.
pub fn to_bytes(root: &Value, style: &Style) -> Vec<u8> {
    match style {
        Style::Compact => serde_json::to_vec(root).unwrap_or_default(),
        Style::Pretty(indent) => {
            let mut out = Vec::new();
            let fmt = serde_json::ser::PrettyFormatter::with_indent(indent);
            let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
            match serde::Serialize::serialize(root, &mut ser) {
                Ok(()) => out,
                Err(_) => serde_json::to_vec(root).unwrap_or_default(),
            }
        }
    }
}

/// Parses JSON text stored at file offset `base`; errors carry the file offset of
/// the problem and the JSON line and column.
pub fn parse(text: &[u8], base: u64, format: &'static str) -> Result<Value, FormatError> {
    serde_json::from_slice(text).map_err(|e| {
        let line_start = text
            .split_inclusive(|&b| b == b'\n')
            .take(e.line().saturating_sub(1))
            .map(<[u8]>::len)
            .sum::<usize>();
        let offset = base + (line_start + e.column().saturating_sub(1)) as u64;
        FormatError::corrupt(format, offset, format!("invalid JSON: {e}"))
    })
}

/// The document without what an asset-packet write changes (the extension's packets,
/// the asset reference, our `extensionsUsed` entry, containers left empty), then each
/// other packet labelled by its referrer: what a write must keep, for verification.
pub fn preserved_parts(
    root: &Value,
    format: &'static str,
) -> Result<Vec<(String, Vec<u8>)>, FormatError> {
    let p = packets_of(root, format)?;
    let mut out = Vec::new();
    let mut rest = root.clone();
    if let Some(obj) = rest.as_object_mut() {
        strip_ext(obj);
        if let Some(asset) = obj.get_mut("asset").and_then(Value::as_object_mut) {
            strip_ext(asset);
        }
        if let Some(used) = obj.get_mut("extensionsUsed").and_then(Value::as_array_mut) {
            used.retain(|v| v.as_str() != Some(EXT));
            if used.is_empty() {
                obj.remove("extensionsUsed");
            }
        }
    }
    out.push((
        "JSON outside the asset packet".to_string(),
        serde_json::to_vec(&rest).unwrap_or_default(),
    ));
    if !p.draft {
        let mut seen = vec![false; p.packets.len()];
        for (label, i) in &p.refs {
            seen[*i] = true;
            out.push((
                format!("packet of {label}"),
                serde_json::to_vec(&p.packets[*i]).unwrap_or_default(),
            ));
        }
        for (i, pk) in p.packets.iter().enumerate() {
            if !seen[i] && Some(i) != p.asset {
                out.push((
                    "unreferenced packet".to_string(),
                    serde_json::to_vec(pk).unwrap_or_default(),
                ));
            }
        }
    }
    Ok(out)
}

fn strip_ext(obj: &mut Map<String, Value>) {
    if let Some(ext) = obj.get_mut("extensions").and_then(Value::as_object_mut) {
        ext.remove(EXT);
        if ext.is_empty() {
            obj.remove("extensions");
        }
    }
}
