//! Fills a [`Found`] from located packet bytes and serializes to a stored length, on
//! top of [`crate::formats::packet`], so that every container of this helper set
//! reports parse problems the same way (offset of the packet, reader's line and
//! column).

use crate::formats::packet as shared;
use crate::formats::{FormatError, Found};
use crate::xmp::{Packet, WriteOptions};

/// Parses `bytes` (stored at `offset`) leniently into `found`: packet, raw bytes,
/// info and warnings. Trailing NULs (TIFF ASCII-typed packets) are not fed to the
/// parser but stay in `found.raw`.
pub fn parse_into(found: &mut Found, bytes: Vec<u8>, offset: u64) -> Result<(), FormatError> {
    let end = bytes.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    let d = shared::parse_packet(&bytes[..end], offset)?;
    found.warnings.extend(
        d.warnings
            .into_iter()
            .map(|w| format!("XMP packet at offset {offset}: {w}")),
    );
    found.packet = Some(d.packet);
    found.info = Some(d.info);
    found.raw = Some(bytes);
    Ok(())
}

/// The packet serialized with the caller's options.
pub fn serialize(packet: &Packet, opts: &WriteOptions) -> Vec<u8> {
    shared::serialize(packet, opts)
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
        Some(info) => shared::in_place_options(opts, info),
        None => opts.clone(),
    };
    shared::to_exact_length(packet, &o, len)
}
