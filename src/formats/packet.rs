//! Packet bytes <-> model for the container modules: lenient parsing with warnings
//! turned into text, and serialization to an exact stored length for in-place updates.

use crate::formats::FormatError;
use crate::xmp::parse::PacketInfo;
use crate::xmp::{parse_with, to_rdfxml, Packet, ParseOptions, WriteOptions};

/// A parsed stored packet.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub packet: Packet,
    pub info: PacketInfo,
    pub warnings: Vec<String>,
}

/// Parses packet bytes stored at `offset`, recovering from what can be recovered
/// (notes §2.9); the warnings say what was dropped.
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
/// it does not fit (notes §4.1 `kXMP_ExactPacketLength`).
pub fn to_exact_length(packet: &Packet, opts: &WriteOptions, len: usize) -> Option<Vec<u8>> {
    let bare = WriteOptions {
        padding: 0,
        xpacket: true,
        ..opts.clone()
    };
    let text = serialize(packet, &bare);
    if text.len() > len {
        return None;
    }
    let trailer = find_last(&text, b"<?xpacket end=")?;
    let pad = len - text.len();
    let mut out = Vec::with_capacity(len);
    out.extend_from_slice(&text[..trailer]);
    out.extend(padding(pad));
    out.extend_from_slice(&text[trailer..]);
    Some(out)
}

/// `n` padding bytes: lines of spaces, each ended by LF (notes §4.1).
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
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
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
    fn find_helpers() {
        assert_eq!(find(b"abcabc", b"bc"), Some(1));
        assert_eq!(find_last(b"abcabc", b"bc"), Some(4));
        assert_eq!(find(b"ab", b"abc"), None);
    }
}
