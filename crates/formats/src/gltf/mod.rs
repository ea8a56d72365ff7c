//! glTF (`.gltf` JSON) and GLB: XMP as JSON-LD packets of `KHR_xmp_json_ld`
//! (docs/containers.md, "glTF and GLB"; docs/jsonld.md).
//!
//! The main packet is the one `asset` references; packets referenced by scenes, nodes,
//! meshes, materials, images and animations go to [`Found::others`] labelled like
//! `node[2] "name"`, as do unreferenced packets. The archived `KHR_xmp` draft is read
//! too. A write always rewrites (no in-place update): the asset packet is replaced, or
//! appended when none exists or it is shared with another object, the asset reference
//! is set and `extensionsUsed` lists the extension; every other member keeps its place
//! and value ([`doc`] explains the formatting rules). GLB keeps every chunk after JSON
//! byte for byte ([`glb`]).
//!
//! Property types for JSON scalars (numbers, booleans) need schema knowledge, which
//! this layer does not have: a write learns them from the packet it replaces
//! ([`hints::Learned`]: a property that was a JSON number stays one); everything else
//! is a JSON string until the write request can carry schema hints.

pub mod doc;
pub mod glb;
pub mod hints;
pub mod object;

use std::io::{SeekFrom, Write};

use serde_json::Value;

use crate::stream::{hash_bytes, hash_range};
use crate::{Container, Format, FormatError, Found, Patch, Preserved, ReadSeek};
use xmpedit_core::xmp::jsonld;
use xmpedit_core::xmp::{Packet, WriteOptions};

/// Largest `.gltf` JSON file we load.
const MAX_JSON: u64 = 256 << 20;

/// The glTF container: `.gltf` JSON and binary GLB.
pub struct Gltf;

/// A loaded document: its JSON, how it was laid out, and what surrounds it.
struct Loaded {
    root: Value,
    style: doc::Style,
    /// GLB layout, or None for a `.gltf` JSON file.
    glb: Option<glb::Glb>,
    /// `.gltf`: a leading UTF-8 BOM and trailing whitespace to keep.
    bom: bool,
    trailer: Vec<u8>,
    warnings: Vec<String>,
}

fn load(src: &mut dyn ReadSeek) -> Result<Loaded, FormatError> {
    let mut magic = [0u8; 4];
    src.seek(SeekFrom::Start(0))?;
    let n = src.read(&mut magic)?;
    if n == 4 && &magic == glb::MAGIC {
        let (g, json) = glb::read(src)?;
        let root = doc::parse(&json, g.json_at, "GLB")?;
        let style = doc::detect_style(&json);
        let warnings = g.warnings.clone();
        return Ok(Loaded {
            root,
            style,
            glb: Some(g),
            bom: false,
            trailer: Vec::new(),
            warnings,
        });
    }
    let len = src.seek(SeekFrom::End(0))?;
    if len > MAX_JSON {
        return Err(FormatError::TooLarge(format!(
            "glTF JSON of {len} bytes is larger than the {MAX_JSON}-byte limit"
        )));
    }
    src.seek(SeekFrom::Start(0))?;
    let mut text = Vec::with_capacity(len as usize);
    src.read_to_end(&mut text)?;
    let mut warnings = Vec::new();
    let bom = text.starts_with(b"\xef\xbb\xbf");
    if bom {
        warnings
            .push("the glTF JSON starts with a byte order mark (glTF says it should not)".into());
    }
    let body = &text[if bom { 3 } else { 0 }..];
    let end = body
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    let root = doc::parse(&body[..end], if bom { 3 } else { 0 }, "glTF")?;
    Ok(Loaded {
        style: doc::detect_style(&body[..end]),
        root,
        glb: None,
        bom,
        trailer: body[end..].to_vec(),
        warnings,
    })
}

fn format_name(l: &Loaded) -> &'static str {
    if l.glb.is_some() {
        "GLB"
    } else {
        "glTF"
    }
}

fn read_others(p: &doc::Packets, skip: Option<usize>, prefix: &str, found: &mut Found) {
    let mut labelled = vec![false; p.packets.len()];
    let push = |label: String, i: usize, found: &mut Found| match jsonld::from_json(&p.packets[i]) {
        Ok((packet, warns)) => {
            for w in warns {
                found.warnings.push(format!("{label}: {w}"));
            }
            found.others.push((label, packet));
        }
        Err(e) => found
            .warnings
            .push(format!("{label}: packet {i} ignored: {e}")),
    };
    for (label, i) in &p.refs {
        labelled[*i] = true;
        push(format!("{prefix}{label}"), *i, found);
    }
    for (i, &done) in labelled.iter().enumerate() {
        if done || Some(i) == skip {
            continue;
        }
        if Some(i) == p.asset {
            push(format!("{prefix}asset"), i, found);
        } else {
            push(format!("{prefix}packets[{i}] (unreferenced)"), i, found);
        }
    }
}

/// Writes the (changed) document: `.gltf` with its BOM and trailer, GLB with its JSON
/// chunk replaced and every later byte copied.
fn emit(l: &Loaded, src: &mut dyn ReadSeek, dst: &mut dyn Write) -> Result<(), FormatError> {
    let text = doc::to_bytes(&l.root, &l.style);
    match &l.glb {
        Some(g) => glb::write(src, g, &text, dst),
        None => {
            if l.bom {
                dst.write_all(b"\xef\xbb\xbf")?;
            }
            dst.write_all(&text)?;
            dst.write_all(&l.trailer)?;
            Ok(())
        }
    }
}

/// The packet of one object ([`object`]): its label, the packet (`None` when it has
/// none) and what was odd about it.
pub fn read_object(
    src: &mut dyn ReadSeek,
    sel: &object::ObjectRef,
) -> Result<(String, Option<Packet>, Vec<String>), FormatError> {
    let l = load(src)?;
    let o = object::object_packet(&l.root, sel, format_name(&l))?;
    let mut warnings = o.warnings;
    let packet = match &o.packet {
        Some(v) => {
            let (p, warns) = jsonld::from_json(v)?;
            warnings.extend(warns.into_iter().map(|w| format!("{}: {w}", o.label)));
            Some(p)
        }
        None => None,
    };
    Ok((o.label, packet, warnings))
}

/// Writes the document with `packet` as the packet of one object ([`object`]);
/// everything else as [`Container::rewrite`] keeps it (GLB: every chunk after JSON
/// byte for byte). Scalar types are learned from the packet it replaces.
pub fn rewrite_object(
    src: &mut dyn ReadSeek,
    sel: &object::ObjectRef,
    packet: &Packet,
    dst: &mut dyn Write,
) -> Result<(), FormatError> {
    let mut l = load(src)?;
    let fname = format_name(&l);
    let learned = object::object_packet(&l.root, sel, fname)?
        .packet
        .map(|v| hints::Learned::from_packet(&v))
        .unwrap_or_default();
    let json = jsonld::to_json(packet, &learned);
    object::set_object_packet(&mut l.root, sel, json, fname)?;
    emit(&l, src, dst)
}

/// The stored form of the main packet (compact JSON), hashed for identity.
fn raw_of(p: &doc::Packets) -> Option<Vec<u8>> {
    p.asset.and_then(|i| serde_json::to_vec(&p.packets[i]).ok())
}

impl Container for Gltf {
    fn format(&self) -> Format {
        Format::Gltf
    }

    fn sniff(&self, head: &[u8]) -> bool {
        if head.starts_with(glb::MAGIC) {
            return true;
        }
        let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
        let first = head.iter().find(|b| !b.is_ascii_whitespace());
        first == Some(&b'{')
            && [
                &b"\"asset\""[..],
                b"\"extensionsUsed\"",
                b"\"accessors\"",
                b"\"bufferViews\"",
                b"\"scenes\"",
                b"\"meshes\"",
            ]
            .iter()
            .any(|k| head.windows(k.len()).any(|w| w == *k))
    }

    fn read(&self, src: &mut dyn ReadSeek) -> Result<Found, FormatError> {
        let l = load(src)?;
        let fname = format_name(&l);
        let mut found = Found::empty(if l.glb.is_some() {
            Format::Glb
        } else {
            Format::Gltf
        });
        found.warnings.extend(l.warnings.iter().cloned());
        let p = doc::packets_of(&l.root, fname)?;
        found.warnings.extend(p.warnings.iter().cloned());
        if let Some(i) = p.asset {
            let (packet, warns) = jsonld::from_json(&p.packets[i])?;
            for w in warns {
                found.warnings.push(format!("asset packet: {w}"));
            }
            found.packet = Some(packet);
            found.raw = raw_of(&p);
        }
        read_others(&p, p.asset, "", &mut found);
        if !p.draft && doc::has_ext(&l.root, doc::DRAFT) {
            let d = doc::packets_in(&l.root, fname, doc::DRAFT)?;
            read_others(&d, None, "KHR_xmp draft ", &mut found);
        }
        Ok(found)
    }

    fn patch_in_place(
        &self,
        _src: &mut dyn ReadSeek,
        _found: &Found,
        _packet: &Packet,
        _opts: &WriteOptions,
    ) -> Result<Option<Vec<Patch>>, FormatError> {
        Ok(None)
    }

    fn rewrite(
        &self,
        src: &mut dyn ReadSeek,
        found: &Found,
        packet: &Packet,
        _opts: &WriteOptions,
        dst: &mut dyn Write,
    ) -> Result<(), FormatError> {
        let mut l = load(src)?;
        let fname = format_name(&l);
        let current = doc::packets_of(&l.root, fname)?;
        if raw_of(&current) != found.raw {
            return Err(FormatError::Changed(
                "the asset packet changed since the file was read".into(),
            ));
        }
        let learned = current
            .asset
            .map(|i| hints::Learned::from_packet(&current.packets[i]))
            .unwrap_or_default();
        let json = jsonld::to_json(packet, &learned);
        doc::set_asset_packet(&mut l.root, json, fname)?;
        emit(&l, src, dst)
    }

    /// The JSON outside the asset packet, the other packets, and (GLB) every chunk
    /// after JSON byte for byte.
    fn preserved(&self, src: &mut dyn ReadSeek) -> Result<Option<Preserved>, FormatError> {
        let l = load(src)?;
        let mut out: Preserved = doc::preserved_parts(&l.root, format_name(&l))?
            .into_iter()
            .map(|(label, bytes)| (label, hash_bytes(&bytes)))
            .collect();
        if let Some(g) = &l.glb {
            for c in &g.chunks {
                out.push((
                    format!("GLB chunk {:#010x}", c.kind),
                    hash_range(src, c.at, 8 + u64::from(c.len))?,
                ));
            }
        }
        Ok(Some(out))
    }
}

/// A minimal valid `.gltf` (one triangle, buffer as a data URI), no XMP.
#[cfg(any(test, feature = "testing"))]
pub fn blank_gltf() -> Vec<u8> {
    br#"{
  "asset": {
    "version": "2.0",
    "generator": "xmpedit blank"
  },
  "scene": 0,
  "scenes": [
    {
      "nodes": [
        0
      ]
    }
  ],
  "nodes": [
    {
      "mesh": 0
    }
  ],
  "meshes": [
    {
      "primitives": [
        {
          "attributes": {
            "POSITION": 0
          }
        }
      ]
    }
  ],
  "accessors": [
    {
      "bufferView": 0,
      "componentType": 5126,
      "count": 3,
      "type": "VEC3",
      "min": [
        0,
        0,
        0
      ],
      "max": [
        1,
        1,
        0
      ]
    }
  ],
  "bufferViews": [
    {
      "buffer": 0,
      "byteLength": 36,
      "target": 34962
    }
  ],
  "buffers": [
    {
      "byteLength": 36,
      "uri": "data:application/octet-stream;base64,AAAAAAAAAAAAAAAAAACAPwAAAAAAAAAAAAAAAAAAgD8AAAAA"
    }
  ]
}
"#
    .to_vec()
}

/// A minimal valid GLB (one triangle in a BIN chunk), no XMP.
#[cfg(any(test, feature = "testing"))]
pub fn blank_glb() -> Vec<u8> {
    glb::blank()
}
