//! JPEG Extended XMP at the model level (docs/containers.md, "JPEG: Extended XMP"):
//! merging the chunks named by `xmpNote:HasExtendedXMP` into the main packet on read, and
//! on write the plan that splits a packet too large for one segment into a standard and an
//! extended part.
//!
//! Extension segments a read cannot use are of two kinds, and a write treats them
//! differently (issue 9, item 3):
//! * Segments carrying another GUID than the one the main packet names (or any GUID
//!   when it names none) belong to no packet: readers merge by GUID, so they ignore
//!   them, before a write and after it. A write keeps them byte for byte, which loses
//!   nothing and misleads no reader (the new packet names a new GUID, the MD5 of its
//!   own extension).
//! * Segments carrying the named GUID that do not add up (a missing or overlapping
//!   chunk, disagreeing total lengths, XML that does not parse) were meant to be part
//!   of the very packet a write replaces. Keeping them would leave their properties
//!   in the file but cut off from the packet, unreachable for every reader, while the
//!   edit reports success: a silent loss. So the read lists them as unreadable
//!   ([`crate::unreadable`]) and the write is refused with the reason;
//!   `--repair-unsafe` replaces them with the new packet, saying what was lost.

use md5::{Digest, Md5};

use crate::jpeg::segments::{ExtChunk, MAX_STD_WRITE};
use crate::packet::{parse_packet, serialize};
use crate::FormatError;
use xmpedit_core::xmp::{ns, Name, Node, Packet, WriteOptions};

/// `xmpNote:HasExtendedXMP`.
pub fn has_extended_name() -> Name {
    Name::new(ns::XMP_NOTE, "HasExtendedXMP")
}

/// Upper-case hex MD5, the GUID of an extended serialization.
pub fn guid_of(bytes: &[u8]) -> String {
    Md5::digest(bytes)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect()
}

/// The GUID the main packet names in `xmpNote:HasExtendedXMP`, if any.
pub fn named_guid(main: &Packet) -> Option<&str> {
    main.text(&has_extended_name())
}

/// The chunks that belong to the extension `wanted` names: those carrying exactly that
/// GUID, else those carrying it in another letter case. The others belong to no packet.
pub fn owned<'a>(chunks: &'a [ExtChunk], wanted: &str) -> Vec<&'a ExtChunk> {
    let exact: Vec<&ExtChunk> = chunks
        .iter()
        .filter(|c| c.guid.as_slice() == wanted.as_bytes())
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    chunks
        .iter()
        .filter(|c| c.guid.eq_ignore_ascii_case(wanted.as_bytes()))
        .collect()
}

/// What the Extended XMP named by the main packet came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Extension {
    /// The main packet names none, or no chunk carries the GUID it names: nothing of
    /// it is stored, so nothing of it can be lost.
    Absent,
    /// The whole serialization, put back together.
    Complete(Vec<u8>),
    /// Chunks carry the GUID but do not add up to the serialization; why.
    Broken(String),
}

impl Extension {
    pub fn complete(self) -> Option<Vec<u8>> {
        match self {
            Extension::Complete(b) => Some(b),
            _ => None,
        }
    }
}

/// The extended serialization named by the main packet's `HasExtendedXMP`, put back
/// together from its chunks (any order). Every problem is also a warning.
pub fn assemble(main: &Packet, chunks: &[ExtChunk], warnings: &mut Vec<String>) -> Extension {
    let Some(wanted) = named_guid(main) else {
        if !chunks.is_empty() {
            warnings.push(format!(
                "{} Extended XMP segment(s) but the main packet has no xmpNote:HasExtendedXMP; \
                 ignored (a write keeps them unchanged)",
                chunks.len()
            ));
        }
        return Extension::Absent;
    };
    let selected = owned(chunks, wanted);
    if selected
        .first()
        .is_some_and(|c| c.guid.as_slice() != wanted.as_bytes())
    {
        warnings.push(format!(
            "Extended XMP GUID differs in letter case from xmpNote:HasExtendedXMP \
             ({wanted}); used anyway"
        ));
    }
    let others = chunks.len() - selected.len();
    if others > 0 {
        warnings.push(format!(
            "{others} Extended XMP segment(s) with another GUID than {wanted}; ignored (a write \
             keeps them unchanged)"
        ));
    }
    if selected.is_empty() {
        warnings.push(format!(
            "xmpNote:HasExtendedXMP names {wanted} but no Extended XMP segment carries it"
        ));
        return Extension::Absent;
    }
    let broken = |warnings: &mut Vec<String>, why: String| {
        warnings.push(format!("{why}; ignored"));
        Extension::Broken(why)
    };
    let full_len = selected[0].full_len;
    if selected.iter().any(|c| c.full_len != full_len) {
        return broken(
            warnings,
            "Extended XMP chunks disagree on the total length".to_string(),
        );
    }
    let mut sorted = selected;
    sorted.sort_by_key(|c| c.chunk_offset);
    sorted.dedup_by(|a, b| a.chunk_offset == b.chunk_offset && a.data == b.data);
    let mut out: Vec<u8> = Vec::with_capacity(full_len as usize);
    for c in sorted {
        if u64::from(c.chunk_offset) != out.len() as u64 {
            return broken(
                warnings,
                format!(
                    "Extended XMP is incomplete (chunk at offset {} where {} was expected)",
                    c.chunk_offset,
                    out.len()
                ),
            );
        }
        out.extend_from_slice(&c.data);
    }
    if out.len() as u64 != u64::from(full_len) {
        return broken(
            warnings,
            format!(
                "Extended XMP is incomplete ({} of {full_len} bytes)",
                out.len()
            ),
        );
    }
    let md5 = guid_of(&out);
    if !md5.eq_ignore_ascii_case(wanted) {
        warnings.push(format!(
            "Extended XMP MD5 is {md5}, not the GUID {wanted}; merged anyway"
        ));
    }
    Extension::Complete(out)
}

/// Merges the extended packet into the main one: extended properties replace standard
/// ones of the same name (the toolkit's `MergeFromJPEG`), and `HasExtendedXMP` goes.
/// An extension that does not parse is left out; the error says why.
pub fn merge(
    main: &mut Packet,
    extended: &[u8],
    offset: u64,
    warnings: &mut Vec<String>,
) -> Result<(), FormatError> {
    match parse_packet(extended, offset) {
        Ok(ext) => {
            warnings.extend(
                ext.warnings
                    .into_iter()
                    .map(|w| format!("Extended XMP: {w}")),
            );
            for (name, node) in ext.packet.props {
                main.set(name, node);
            }
            for (uri, prefix) in ext.packet.prefixes.iter() {
                main.prefixes.hint(uri, prefix);
            }
            main.remove(&has_extended_name());
            Ok(())
        }
        Err(e) => {
            warnings.push(format!("Extended XMP could not be read: {e}; ignored"));
            Err(e)
        }
    }
}

/// What a write stores: the standard packet, the optional extended serialization with
/// its GUID, and the model a reader will find afterwards.
#[derive(Debug, Clone)]
pub struct Plan {
    pub standard: Vec<u8>,
    pub extended: Option<(Vec<u8>, String)>,
    pub model: Packet,
}

/// Plans the XMP segments for `packet` (docs/containers.md, "JPEG: writing and splitting").
pub fn plan(packet: &Packet, opts: &WriteOptions) -> Result<Plan, FormatError> {
    let mut p = packet.clone();
    p.remove(&has_extended_name());
    let first = serialize(&p, opts);
    if first.len() <= MAX_STD_WRITE {
        return Ok(Plan {
            standard: first,
            extended: None,
            model: p,
        });
    }
    let compact = WriteOptions {
        pretty: false,
        padding: 0,
        ..opts.clone()
    };
    if let Some(standard) = padded_to_fit(&p, &compact, opts.padding) {
        return Ok(Plan {
            standard,
            extended: None,
            model: p,
        });
    }

    let order: Vec<Name> = p.props.iter().map(|(n, _)| n.clone()).collect();
    let mut std = p.clone();
    let placeholder = Node::text("0".repeat(32));
    std.set(has_extended_name(), placeholder);
    let fits = |s: &Packet| serialize(s, &compact).len() <= MAX_STD_WRITE;
    let mut moved: Vec<(Name, Node)> = Vec::new();
    let take = |std: &mut Packet, pred: &dyn Fn(&Name) -> bool, moved: &mut Vec<_>| {
        let (out, keep): (Vec<_>, Vec<_>) = std
            .props
            .drain(..)
            .partition(|(n, _)| pred(n) && !n.is(ns::XMP_NOTE, "HasExtendedXMP"));
        std.props = keep;
        moved.extend(out);
    };
    if !fits(&std) {
        std.remove(&Name::new(ns::XMP, "Thumbnails"));
    }
    if !fits(&std) {
        take(&mut std, &|n| &*n.ns == ns::CRS, &mut moved);
    }
    if !fits(&std) {
        take(&mut std, &|n| n.is(ns::PHOTOSHOP, "History"), &mut moved);
    }
    if !fits(&std) {
        let mut sizes: Vec<(usize, Name)> = std
            .props
            .iter()
            .filter(|(n, _)| !n.is(ns::XMP_NOTE, "HasExtendedXMP"))
            .map(|(n, node)| {
                let one = Packet {
                    about: std.about.clone(),
                    props: vec![(n.clone(), node.clone())],
                    prefixes: std.prefixes.clone(),
                };
                (serialize(&one, &compact).len(), n.clone())
            })
            .collect();
        // Largest first; ties keep document order.
        sizes.sort_by_key(|s| std::cmp::Reverse(s.0));
        for (_, name) in sizes {
            if fits(&std) {
                break;
            }
            if let Some(node) = std.remove(&name) {
                moved.push((name, node));
            }
        }
    }
    if !fits(&std) {
        return Err(FormatError::TooLarge(
            "the XMP packet does not fit a JPEG even after moving every property to \
             Extended XMP"
                .to_string(),
        ));
    }
    let rank = |n: &Name| order.iter().position(|o| o == n).unwrap_or(usize::MAX);
    moved.sort_by_key(|(n, _)| rank(n));
    let ext = Packet {
        about: p.about.clone(),
        props: moved,
        prefixes: p.prefixes.clone(),
    };
    let ext_opts = WriteOptions {
        xpacket: false,
        xml_decl: false,
        pretty: false,
        padding: 0,
        read_only: false,
        ..opts.clone()
    };
    let ext_bytes = serialize(&ext, &ext_opts);
    let guid = guid_of(&ext_bytes);
    std.set(has_extended_name(), Node::text(guid.clone()));
    let standard = padded_to_fit(&std, &compact, opts.padding).ok_or_else(|| {
        FormatError::TooLarge("the standard XMP packet grew past the JPEG limit".to_string())
    })?;
    let mut model = std;
    model.remove(&has_extended_name());
    for (n, node) in ext.props {
        model.set(n, node);
    }
    Ok(Plan {
        standard,
        extended: Some((ext_bytes, guid)),
        model,
    })
}

/// The packet serialized with as much of the wanted padding as fits the limit.
fn padded_to_fit(p: &Packet, compact: &WriteOptions, want_pad: usize) -> Option<Vec<u8>> {
    let bare = serialize(p, compact);
    if bare.len() > MAX_STD_WRITE {
        return None;
    }
    let pad = want_pad.min(MAX_STD_WRITE - bare.len());
    if pad == 0 || !compact.xpacket {
        return Some(bare);
    }
    let padded = serialize(
        p,
        &WriteOptions {
            padding: pad,
            ..compact.clone()
        },
    );
    Some(if padded.len() <= MAX_STD_WRITE {
        padded
    } else {
        bare
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(guid: &str, full: u32, off: u32, data: &[u8]) -> ExtChunk {
        let mut g = [0u8; 32];
        g.copy_from_slice(guid.as_bytes());
        ExtChunk {
            segment: 0,
            guid: g,
            full_len: full,
            chunk_offset: off,
            data: data.to_vec(),
        }
    }

    fn main_with(guid: &str) -> Packet {
        let mut p = Packet::new();
        p.set(has_extended_name(), Node::text(guid));
        p
    }

    #[test]
    fn assembles_out_of_order_chunks_and_checks_md5() {
        let data = b"hello extended world";
        let guid = guid_of(data);
        let chunks = vec![
            chunk(&guid, 20, 5, &data[5..]),
            chunk(&guid, 20, 0, &data[..5]),
        ];
        let mut w = Vec::new();
        assert_eq!(
            assemble(&main_with(&guid), &chunks, &mut w)
                .complete()
                .unwrap(),
            data
        );
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn lower_case_guid_is_accepted_with_a_warning() {
        let data = b"abc";
        let guid = guid_of(data);
        let chunks = vec![chunk(&guid.to_lowercase(), 3, 0, data)];
        let mut w = Vec::new();
        assert!(assemble(&main_with(&guid), &chunks, &mut w)
            .complete()
            .is_some());
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("letter case"), "{w:?}");
    }

    #[test]
    fn incomplete_or_foreign_streams_are_ignored_with_warnings() {
        let guid = guid_of(b"abcdef");
        let other = guid_of(b"zzz");
        let chunks = vec![chunk(&guid, 6, 3, b"def"), chunk(&other, 3, 0, b"zzz")];
        let mut w = Vec::new();
        let got = assemble(&main_with(&guid), &chunks, &mut w);
        assert_eq!(
            got,
            Extension::Broken(
                "Extended XMP is incomplete (chunk at offset 3 where 0 was expected)".into()
            )
        );
        assert!(w.iter().any(|m| m.contains("another GUID")), "{w:?}");
        assert!(w.iter().any(|m| m.contains("incomplete")), "{w:?}");
        let mut w = Vec::new();
        assert_eq!(assemble(&Packet::new(), &chunks, &mut w), Extension::Absent);
        assert!(w[0].contains("no xmpNote:HasExtendedXMP"), "{w:?}");
    }

    #[test]
    fn md5_mismatch_warns_but_merges() {
        let guid = guid_of(b"something else");
        let chunks = vec![chunk(&guid, 3, 0, b"abc")];
        let mut w = Vec::new();
        assert_eq!(
            assemble(&main_with(&guid), &chunks, &mut w)
                .complete()
                .unwrap(),
            b"abc"
        );
        assert!(w[0].contains("MD5"), "{w:?}");
    }

    #[test]
    fn guid_is_upper_case_md5() {
        assert_eq!(guid_of(b""), "D41D8CD98F00B204E9800998ECF8427E");
    }
}
