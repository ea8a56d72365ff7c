//! SVG: XMP inside the root's `<metadata>` element (docs/containers.md, "SVG").
//!
//! [`locate`] finds byte ranges; a write splices only the packet's range (or inserts
//! a `<metadata>` right after the root start tag, with the root's SVG prefix), so every
//! other byte of the document, DOCTYPE and internal entities included, is unchanged.
//!
//! The main packet is the first `x:xmpmeta` in `<metadata>`, else the first bare
//! `rdf:RDF` (the toolkit's choice). Packets inherit namespace declarations from the
//! document (Inkscape declares `rdf`, `dc`, `cc` on `<svg>`), so those are added to
//! the parsed copy's first start tag.
//!
//! Inkscape and Creative Commons tools write an `rdf:RDF` whose top-level node is a
//! typed node (`<cc:Work>`), which the XMP model does not allow and the toolkit
//! rejects. We read it as if it were an `rdf:Description` (with a warning: its type is
//! dropped). We never replace such a block, because Inkscape reads it: a write keeps
//! it byte for byte and adds a proper `x:xmpmeta` packet after it in the same
//! `<metadata>`; from then on that packet is the main one and the Inkscape block is
//! listed in [`Found::others`].
//!
//! Only UTF-8 (or undeclared, or ASCII) documents are written; UTF-16 documents are
//! not read.

pub mod locate;

use std::io::{SeekFrom, Write};

use crate::packet;
use crate::stream::hash_bytes;
use crate::{Container, Format, FormatError, Found, Patch, Preserved, ReadSeek, Region};
use xmpedit_core::xmp::{Packet, WriteOptions};

use locate::{corrupt, Candidate, SvgDoc};

/// Largest SVG we load (the whole document is read to locate the packet).
const MAX_SVG: u64 = 512 << 20;

/// The SVG container.
pub struct Svg;

/// Reads the whole document, refusing encodings we cannot locate in.
pub fn read_all(src: &mut dyn ReadSeek) -> Result<Vec<u8>, FormatError> {
    let len = src.seek(SeekFrom::End(0))?;
    if len > MAX_SVG {
        return Err(FormatError::TooLarge(format!(
            "SVG of {len} bytes is larger than the {MAX_SVG}-byte limit"
        )));
    }
    src.seek(SeekFrom::Start(0))?;
    let mut bytes = Vec::with_capacity(len as usize);
    src.read_to_end(&mut bytes)?;
    if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") {
        return Err(corrupt(0, "UTF-16 SVG documents are not supported"));
    }
    Ok(bytes)
}

fn utf8_like(enc: Option<&str>) -> bool {
    enc.is_none_or(|e| {
        let e = e.to_ascii_lowercase();
        e == "utf-8" || e == "utf8" || e == "us-ascii" || e == "ascii"
    })
}

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// The bytes handed to the XMP parser for a candidate: its stored range with the
/// inherited namespace declarations added and typed top-level nodes renamed to
/// `rdf:Description`.
pub fn parse_text(bytes: &[u8], c: &Candidate) -> Vec<u8> {
    let (s, e) = c.range;
    let mut edits: Vec<(usize, usize, Vec<u8>)> = Vec::new();
    let desc = match c.rdf_prefix.as_deref() {
        Some(p) if !p.is_empty() => format!("{p}:Description"),
        _ => "Description".to_string(),
    };
    for (st, en) in &c.typed {
        edits.push((st.0, st.1, desc.clone().into_bytes()));
        if let Some(en) = en {
            edits.push((en.0, en.1, desc.clone().into_bytes()));
        }
    }
    let mut inject = String::new();
    for (p, u) in &c.inherited {
        if c.own.contains(p) {
            continue;
        }
        if p.is_empty() {
            inject.push_str(&format!(" xmlns=\"{}\"", escape_attr(u)));
        } else {
            inject.push_str(&format!(" xmlns:{p}=\"{}\"", escape_attr(u)));
        }
    }
    edits.push((c.elem.name_end, c.elem.name_end, inject.into_bytes()));
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut text = bytes[s..e].to_vec();
    for (a, b, with) in edits {
        if a >= s && b <= e && a <= b {
            text.splice(a - s..b - s, with);
        }
    }
    text
}

fn typed_names(bytes: &[u8], c: &Candidate) -> String {
    c.typed
        .iter()
        .map(|(st, _)| format!("<{}>", String::from_utf8_lossy(&bytes[st.0..st.1])))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The whole new document with `new_packet` stored (see the module docs).
pub fn plan(bytes: &[u8], doc: &SvgDoc, new_packet: &[u8]) -> Vec<u8> {
    let splice = |a: usize, b: usize, with: &[u8]| -> Vec<u8> {
        let mut out = Vec::with_capacity(bytes.len() + with.len());
        out.extend_from_slice(&bytes[..a]);
        out.extend_from_slice(with);
        out.extend_from_slice(&bytes[b..]);
        out
    };
    // Turns `<name attrs/>` into `<name attrs>inner</name>`.
    let expand = |e: &locate::Elem, inner: &[u8]| -> Vec<u8> {
        let mut with = bytes[e.start..e.start_end - 2].to_vec();
        with.push(b'>');
        with.extend_from_slice(inner);
        with.extend_from_slice(format!("</{}>", e.qname).as_bytes());
        splice(e.start, e.end, &with)
    };
    if let Some(c) = doc.main().map(|i| &doc.candidates[i]) {
        if c.typed.is_empty() {
            return splice(c.range.0, c.range.1, new_packet);
        }
    }
    if let Some(m) = &doc.metadata {
        if m.empty {
            return expand(m, new_packet);
        }
        // At the end of the element's content, so that everything already there keeps
        // its bytes and its place.
        return splice(m.end_start, m.end_start, new_packet);
    }
    let p = doc
        .root_prefix
        .as_deref()
        .map_or(String::new(), |p| format!("{p}:"));
    let mut meta = format!("<{p}metadata>").into_bytes();
    meta.extend_from_slice(new_packet);
    meta.extend_from_slice(format!("</{p}metadata>").as_bytes());
    let r = &doc.root;
    if r.empty {
        return expand(r, &meta);
    }
    let ws_len = bytes[r.start_end..]
        .iter()
        .take_while(|b| b.is_ascii_whitespace())
        .count();
    let mut with = if ws_len == 0 {
        b"\n".to_vec()
    } else {
        bytes[r.start_end..r.start_end + ws_len].to_vec()
    };
    with.extend_from_slice(&meta);
    splice(r.start_end, r.start_end, &with)
}

fn svg_options(opts: &WriteOptions) -> WriteOptions {
    let mut o = opts.clone();
    // An XML declaration in the middle of a document is not well-formed.
    o.xml_decl = false;
    o
}

fn doc_for_write(bytes: &[u8], found: &Found) -> Result<SvgDoc, FormatError> {
    let doc = locate::locate(bytes)?;
    if !utf8_like(doc.encoding.as_deref()) {
        return Err(FormatError::NotWritable {
            format: "svg",
            hint: format!(
                "the document is encoded as {}; only UTF-8 SVG files are written (use a sidecar)",
                doc.encoding.as_deref().unwrap_or("?")
            ),
        });
    }
    if main_region(&doc) != found.region {
        return Err(FormatError::Changed(
            "the SVG metadata moved since the file was read".into(),
        ));
    }
    Ok(doc)
}

fn main_region(doc: &SvgDoc) -> Option<Region> {
    let c = &doc.candidates[doc.main()?];
    c.typed.is_empty().then(|| Region {
        offset: c.range.0 as u64,
        len: (c.range.1 - c.range.0) as u64,
    })
}

fn read_candidate(bytes: &[u8], c: &Candidate, found: &mut Found) -> Result<(), FormatError> {
    let text = parse_text(bytes, c);
    packet::parse_into(found, text, c.range.0 as u64)?;
    found.raw = Some(bytes[c.range.0..c.range.1].to_vec());
    Ok(())
}

impl Container for Svg {
    fn format(&self) -> Format {
        Format::Svg
    }

    fn sniff(&self, head: &[u8]) -> bool {
        locate::sniff(head)
    }

    fn read(&self, src: &mut dyn ReadSeek) -> Result<Found, FormatError> {
        let bytes = read_all(src)?;
        let doc = locate::locate(&bytes)?;
        let mut found = Found::empty(Format::Svg);
        found.warnings.extend(doc.warnings.iter().cloned());
        if !utf8_like(doc.encoding.as_deref()) {
            found.warnings.push(format!(
                "document encoding {} is read as UTF-8; writing is refused",
                doc.encoding.as_deref().unwrap_or("?")
            ));
        }
        let Some(main) = doc.main() else {
            return Ok(found);
        };
        let c = &doc.candidates[main];
        read_candidate(&bytes, c, &mut found)?;
        found.region = main_region(&doc);
        if !c.typed.is_empty() {
            found.warnings.push(format!(
                "RDF at offset {} has top-level typed node(s) {} (Inkscape/Creative Commons style), read as rdf:Description without their type; a write keeps this block unchanged and adds an XMP packet beside it",
                c.range.0,
                typed_names(&bytes, c)
            ));
        }
        for (i, o) in doc.candidates.iter().enumerate() {
            if i == main {
                continue;
            }
            let mut other = Found::empty(Format::Svg);
            let label = if o.typed.is_empty() {
                format!("RDF in <metadata> at offset {}", o.range.0)
            } else {
                format!(
                    "RDF with {} in <metadata> at offset {}",
                    typed_names(&bytes, o),
                    o.range.0
                )
            };
            match read_candidate(&bytes, o, &mut other) {
                Ok(()) => {
                    if let Some(p) = other.packet {
                        found.others.push((label, p));
                    }
                }
                Err(e) => found.warnings.push(format!("{label} ignored: {e}")),
            }
        }
        Ok(found)
    }

    fn patch_in_place(
        &self,
        src: &mut dyn ReadSeek,
        found: &Found,
        packet: &Packet,
        opts: &WriteOptions,
    ) -> Result<Option<Vec<Patch>>, FormatError> {
        let Some(region) = found.region else {
            return Ok(None);
        };
        let bytes = read_all(src)?;
        doc_for_write(&bytes, found)?;
        Ok(
            packet::serialize_exact(packet, &svg_options(opts), found, region.len).map(|b| {
                vec![Patch {
                    offset: region.offset,
                    bytes: b,
                }]
            }),
        )
    }

    fn rewrite(
        &self,
        src: &mut dyn ReadSeek,
        found: &Found,
        packet: &Packet,
        opts: &WriteOptions,
        dst: &mut dyn Write,
    ) -> Result<(), FormatError> {
        let bytes = read_all(src)?;
        let doc = doc_for_write(&bytes, found)?;
        let o = svg_options(opts);
        let new = found
            .region
            .and_then(|r| packet::serialize_exact(packet, &o, found, r.len))
            .unwrap_or_else(|| packet::serialize(packet, &o));
        dst.write_all(&plan(&bytes, &doc, &new))?;
        Ok(())
    }

    fn preserved(&self, src: &mut dyn ReadSeek) -> Result<Option<Preserved>, FormatError> {
        let bytes = read_all(src)?;
        let doc = locate::locate(&bytes)?;
        Ok(Some(
            preserved_parts(&bytes, &doc)
                .into_iter()
                .map(|(label, b)| (label.to_string(), hash_bytes(&b)))
                .collect(),
        ))
    }
}

/// What a write keeps: the document without the root's `<metadata>` element (and the
/// whitespace right before it, which an insertion adds), and that element's content
/// without the replaceable main packet.
pub fn preserved_parts(bytes: &[u8], doc: &SvgDoc) -> Vec<(&'static str, Vec<u8>)> {
    let Some(m) = &doc.metadata else {
        // A write expands an empty root `<svg …/>` into `<svg …>…</svg>` to hold the
        // new `<metadata>`; compared in that form, the rest of the document must match.
        let r = &doc.root;
        let outside = if r.empty {
            [
                &bytes[..r.start_end - 2],
                b">",
                format!("</{}>", r.qname).as_bytes(),
                &bytes[r.end..],
            ]
            .concat()
        } else {
            bytes.to_vec()
        };
        return vec![
            ("document outside <metadata>", outside),
            ("<metadata> outside the XMP packet", Vec::new()),
        ];
    };
    let ws_start = bytes[..m.start]
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    let outside = [&bytes[..ws_start], &bytes[m.end..]].concat();
    let mut inner = if m.empty {
        Vec::new()
    } else {
        bytes[m.start_end..m.end_start].to_vec()
    };
    if let Some(r) = main_region(doc) {
        let (a, z) = (r.offset as usize, (r.offset + r.len) as usize);
        if a >= m.start_end && z <= m.end_start && !m.empty {
            inner = [&bytes[m.start_end..a], &bytes[z..m.end_start]].concat();
        }
    }
    vec![
        ("document outside <metadata>", outside),
        ("<metadata> outside the XMP packet", inner),
    ]
}

/// A minimal valid SVG (1x1 grey square) without metadata.
#[cfg(any(test, feature = "testing"))]
pub fn blank() -> Vec<u8> {
    b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\" viewBox=\"0 0 1 1\">\n  \
<title>blank</title>\n  \
<rect width=\"1\" height=\"1\" fill=\"#808080\"/>\n\
</svg>\n"
        .to_vec()
}
