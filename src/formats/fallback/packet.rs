//! Packet bytes <-> model for the container modules: parse a located packet into a
//! [`Found`], serialize a packet to its full form or to an exact stored length.
//!
//! Shared by the TIFF, WebP, SVG and fallback readers so that every container reports
//! parse problems the same way (offset of the packet, reader's line and column).

use crate::formats::{FormatError, Found};
use crate::xmp::{self, Packet, ParseOptions, WriteOptions};

/// Parses `bytes` (stored at `offset`) leniently into `found`: packet, raw bytes,
/// info and warnings. Trailing NULs (TIFF ASCII-typed packets) are not fed to the
/// parser but stay in `found.raw`.
pub fn parse_into(found: &mut Found, bytes: Vec<u8>, offset: u64) -> Result<(), FormatError> {
    let end = bytes.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    let opts = ParseOptions {
        recover: true,
        ..ParseOptions::default()
    };
    let parsed = xmp::parse_with(&bytes[..end], &opts)
        .map_err(|source| FormatError::Xmp { offset, source })?;
    for w in &parsed.warnings {
        found
            .warnings
            .push(format!("XMP packet at offset {offset}: {w}"));
    }
    if parsed.lossy {
        found.warnings.push(format!(
            "XMP packet at offset {offset} was repaired while reading; writing it back drops the unreadable parts"
        ));
    }
    found.packet = Some(parsed.packet);
    found.info = Some(parsed.info);
    found.raw = Some(bytes);
    Ok(())
}

/// The packet serialized with the caller's options.
pub fn serialize(packet: &Packet, opts: &WriteOptions) -> Vec<u8> {
    xmp::to_rdfxml(packet, opts).into_bytes()
}

/// The packet serialized and padded to exactly `len` bytes, or None if it does not fit.
pub fn serialize_exact(packet: &Packet, opts: &WriteOptions, len: u64) -> Option<Vec<u8>> {
    let len = usize::try_from(len).ok()?;
    // Until the writer's `to_exact_length` lands: serialize without padding and pad
    // with spaces before the trailer (or at the end without a wrapper).
    let mut o = opts.clone();
    o.padding = 0;
    let s = xmp::to_rdfxml(packet, &o).into_bytes();
    if s.len() > len {
        return None;
    }
    let pad = len - s.len();
    let at = find_trailer(&s).unwrap_or(s.len());
    let mut out = Vec::with_capacity(len);
    out.extend_from_slice(&s[..at]);
    out.resize(at + pad, b' ');
    out.extend_from_slice(&s[at..]);
    Some(out)
}

fn find_trailer(s: &[u8]) -> Option<usize> {
    let pat = b"<?xpacket end=";
    s.windows(pat.len()).rposition(|w| w == pat)
}
