//! Packet bytes <-> model for the container modules: lenient parsing with warnings
//! turned into text (and [`parse_into`], which fills a [`Found`] the same way for
//! every container), and serialization to an exact stored length for in-place updates.

use crate::{FormatError, Found, Patch, Region};
use xmpedit_core::xmp::parse::PacketInfo;
use xmpedit_core::xmp::{
    parse_with, to_rdfxml, Fields, Node, Packet, ParseOptions, Value, WriteOptions,
};

/// A parsed stored packet.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub packet: Packet,
    pub info: PacketInfo,
    pub warnings: Vec<String>,
}

/// Parses packet bytes stored at `offset`, recovering from what can be recovered
/// (docs/rdf-xml.md, "Errors"); the warnings say what was dropped.
pub fn parse_packet(bytes: &[u8], offset: u64) -> Result<Decoded, FormatError> {
    let opts = ParseOptions {
        recover: true,
        ..ParseOptions::default()
    };
    let parsed = parse_with(bytes, &opts).map_err(|source| FormatError::Xmp { offset, source })?;
    let mut warnings: Vec<String> = parsed.warnings.iter().map(|d| d.to_string()).collect();
    if parsed.lossy {
        warnings.push(
            "parts of the XMP packet could not be read and were dropped; writing it back \
             would lose them"
                .to_string(),
        );
    }
    Ok(Decoded {
        packet: parsed.packet,
        info: parsed.info,
        warnings,
    })
}

/// True when two models hold the same data, ignoring the order of properties, struct
/// fields and qualifiers (a writer may reorder them: the compact style puts simple
/// properties first as attributes); array item order counts.
pub fn same_model(a: &Packet, b: &Packet) -> bool {
    a.about == b.about && sorted(&a.props) == sorted(&b.props)
}

fn sorted(fields: &Fields) -> Fields {
    let mut out: Fields = fields
        .iter()
        .map(|(n, node)| (n.clone(), sorted_node(node)))
        .collect();
    out.sort_by(|x, y| x.0.cmp(&y.0));
    out
}

fn sorted_node(node: &Node) -> Node {
    let value = match &node.value {
        Value::Struct(f) => Value::Struct(sorted(f)),
        Value::Array(k, items) => Value::Array(*k, items.iter().map(sorted_node).collect()),
        v => v.clone(),
    };
    Node {
        value,
        qualifiers: sorted(&node.qualifiers),
    }
}

/// Serializes a packet.
pub fn serialize(packet: &Packet, opts: &WriteOptions) -> Vec<u8> {
    to_rdfxml(packet, opts).into_bytes()
}

/// The options an in-place update must use: the stored packet's wrapper style.
pub fn in_place_options(opts: &WriteOptions, info: &PacketInfo) -> WriteOptions {
    WriteOptions {
        xpacket: true,
        read_only: info.read_only,
        ..opts.clone()
    }
}

/// Serializes `packet` to exactly `len` bytes (UTF-8, padding adjusted), or None when
/// it does not fit or the model cannot be written without repair (docs/rdf-xml.md, "Exact
/// length", `kXMP_ExactPacketLength`); the writer's
/// [`xmpedit_core::xmp::write::to_exact_length`].
pub fn to_exact_length(packet: &Packet, opts: &WriteOptions, len: usize) -> Option<Vec<u8>> {
    xmpedit_core::xmp::write::to_exact_length(packet, opts, len)
}

/// `n` padding bytes: lines of spaces, each ended by LF (docs/rdf-xml.md, "Padding").
pub fn padding(n: usize) -> impl Iterator<Item = u8> {
    (0..n).map(move |i| {
        if i + 1 == n || (i + 1) % 101 == 0 {
            b'\n'
        } else {
            b' '
        }
    })
}

/// Offset of the last occurrence of `needle` in `hay`.
pub fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&i| &hay[i..i + needle.len()] == needle)
}

/// Offset of the first occurrence of `needle` in `hay`.
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    memchr::memmem::find(hay, needle)
}

/// Parses `bytes` (stored at `offset`) leniently into `found`: packet, raw bytes,
/// info and warnings. Trailing NULs (TIFF ASCII-typed packets) are not fed to the
/// parser but stay in `found.raw`.
pub fn parse_into(found: &mut Found, bytes: Vec<u8>, offset: u64) -> Result<(), FormatError> {
    let end = bytes.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    let d = parse_packet(&bytes[..end], offset)?;
    found.warnings.extend(
        d.warnings
            .into_iter()
            .map(|w| format!("XMP packet at offset {offset}: {w}")),
    );
    found.set_main(d.packet, d.info, bytes);
    Ok(())
}

/// The packet serialized to exactly `len` bytes in the stored packet's wrapper style
/// (padding adjusted), or None when it does not fit.
pub fn serialize_exact(
    packet: &Packet,
    opts: &WriteOptions,
    found: &Found,
    len: u64,
) -> Option<Vec<u8>> {
    let len = usize::try_from(len).ok()?;
    let o = match &found.info {
        Some(info) => in_place_options(opts, info),
        None => opts.clone(),
    };
    to_exact_length(packet, &o, len)
}

/// Two property values as [`same_model`] compares them (struct field order ignored);
/// `None` is an absent property.
pub fn same_node(a: Option<&Node>, b: Option<&Node>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => sorted_node(a) == sorted_node(b),
        _ => false,
    }
}

/// The same-length patch storing `packet` over the stored packet at `start..end`
/// (`info`: its facts, [`Found::patchable`]), which must still be where the read found
/// it: else the file changed in between (`what` names the part in the error). None
/// when the packet does not fit.
pub fn patch_stored(
    found: &Found,
    info: &PacketInfo,
    (start, end): (u64, u64),
    packet: &Packet,
    opts: &WriteOptions,
    what: &str,
) -> Result<Option<Vec<Patch>>, FormatError> {
    if found.region
        != Some(Region {
            offset: start,
            len: end - start,
        })
    {
        return Err(FormatError::Changed(format!(
            "{what} moved since the file was read"
        )));
    }
    let Ok(len) = usize::try_from(end - start) else {
        return Ok(None);
    };
    Ok(
        to_exact_length(packet, &in_place_options(opts, info), len).map(|bytes| {
            vec![Patch {
                offset: start,
                bytes,
            }]
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_is_lines_of_spaces() {
        let p: Vec<u8> = padding(205).collect();
        assert_eq!(p.len(), 205);
        assert_eq!(p[100], b'\n');
        assert_eq!(p[201], b'\n');
        assert_eq!(p[204], b'\n');
        assert!(p[..100].iter().all(|&b| b == b' '));
    }

    #[test]
    fn same_model_ignores_field_order_but_not_item_order() {
        use xmpedit_core::xmp::{ns, ArrayKind, Name};
        let a_name = Name::new(ns::DC, "a");
        let b_name = Name::new(ns::XMP, "b");
        let mut p = Packet::new();
        p.set(a_name.clone(), Node::text("1"));
        p.set(
            b_name.clone(),
            Node::array(ArrayKind::Seq, vec![Node::text("x"), Node::text("y")]),
        );
        let mut q = Packet::new();
        q.set(
            b_name.clone(),
            Node::array(ArrayKind::Seq, vec![Node::text("x"), Node::text("y")]),
        );
        q.set(a_name.clone(), Node::text("1"));
        assert!(same_model(&p, &q));
        q.set(
            b_name,
            Node::array(ArrayKind::Seq, vec![Node::text("y"), Node::text("x")]),
        );
        assert!(!same_model(&p, &q));
    }

    #[test]
    fn find_helpers() {
        assert_eq!(find(b"abcabc", b"bc"), Some(1));
        assert_eq!(find_last(b"abcabc", b"bc"), Some(4));
        assert_eq!(find(b"ab", b"abc"), None);
    }
}
