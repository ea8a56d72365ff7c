//! Sidecar `.xmp` files: the whole file is one packet (docs/containers.md, "Sidecar
//! files").
//!
//! A rewrite keeps the file's style (UTF-8 BOM, XML declaration, `<?xpacket?>`
//! wrapper or bare `x:xmpmeta`, padding, final newline); a new sidecar gets an XML
//! declaration, bare `x:xmpmeta`, no padding, LF ([`new_file_options`]).

use std::io::{Read, SeekFrom, Write};

use crate::packet::{find, find_last, in_place_options, parse_packet, serialize, to_exact_length};
use crate::{Container, Format, FormatError, Found, Patch, ReadSeek, Region};
use xmpedit_core::xmp::parse::{Encoding, PacketInfo};
use xmpedit_core::xmp::{Packet, WriteOptions};

/// Largest sidecar read (the parser's default limit).
pub const MAX_SIDECAR: u64 = 64 << 20;
const BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// The sidecar container.
pub struct Sidecar;

/// A minimal sidecar in the style of a new one, holding an empty packet.
#[cfg(any(test, feature = "testing"))]
pub fn blank() -> Vec<u8> {
    b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
      <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
      <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
      <rdf:Description rdf:about=\"\"/>\n\
      </rdf:RDF>\n\
      </x:xmpmeta>\n"
        .to_vec()
}

/// Reads the whole (bounded) file.
fn read_all(src: &mut dyn ReadSeek) -> Result<Vec<u8>, FormatError> {
    let len = src.seek(SeekFrom::End(0))?;
    if len > MAX_SIDECAR {
        return Err(FormatError::corrupt(
            "XMP sidecar",
            0,
            format!("the file is {len} bytes; sidecars over {MAX_SIDECAR} bytes are refused"),
        ));
    }
    src.seek(SeekFrom::Start(0))?;
    let mut out = Vec::with_capacity(len as usize);
    Read::take(&mut *src, MAX_SIDECAR).read_to_end(&mut out)?;
    Ok(out)
}

/// The byte range of the `<?xpacket begin ... end ...?>` wrapper in a UTF-8 file.
pub fn xpacket_span(bytes: &[u8]) -> Option<(usize, usize)> {
    let start = find(bytes, b"<?xpacket begin")?;
    let tail = find_last(bytes, b"<?xpacket end")?;
    let close = find(&bytes[tail..], b"?>")?;
    let end = tail + close + 2;
    (start < tail).then_some((start, end))
}

/// The options that write `packet` back in the style of the existing `bytes`.
pub fn style_options(bytes: &[u8], info: &PacketInfo, opts: &WriteOptions) -> WriteOptions {
    let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
    WriteOptions {
        xml_decl: body.starts_with(b"<?xml"),
        xpacket: info.xpacket,
        read_only: info.read_only,
        padding: if info.xpacket { info.padding } else { 0 },
        ..opts.clone()
    }
}

/// The options of a new sidecar: declaration, bare `x:xmpmeta`, no padding.
pub fn new_file_options(opts: &WriteOptions) -> WriteOptions {
    WriteOptions {
        xml_decl: true,
        xpacket: false,
        padding: 0,
        read_only: false,
        ..opts.clone()
    }
}

/// The bytes of a new sidecar holding `packet`.
pub fn new_file_bytes(packet: &Packet, opts: &WriteOptions) -> Vec<u8> {
    let mut out = serialize(packet, &new_file_options(opts));
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    out
}

impl Container for Sidecar {
    fn format(&self) -> Format {
        Format::Xmp
    }

    fn sniff(&self, head: &[u8]) -> bool {
        crate::detect::detect_format(head) == Format::Xmp
    }

    fn read(&self, src: &mut dyn ReadSeek) -> Result<Found, FormatError> {
        let bytes = read_all(src)?;
        let mut found = Found::empty(Format::Xmp);
        let decoded = parse_packet(&bytes, 0)?;
        found.warnings = decoded.warnings;
        let (offset, len) = match xpacket_span(&bytes) {
            Some((s, e)) if decoded.info.encoding == Encoding::Utf8 => (s, e - s),
            _ => (0, bytes.len()),
        };
        found.region = Some(Region {
            offset: offset as u64,
            len: len as u64,
        });
        found.set_main(decoded.packet, decoded.info, bytes);
        Ok(found)
    }

    fn patch_in_place(
        &self,
        src: &mut dyn ReadSeek,
        found: &Found,
        packet: &Packet,
        opts: &WriteOptions,
    ) -> Result<Option<Vec<Patch>>, FormatError> {
        let Some(info) = found.patchable(true) else {
            return Ok(None);
        };
        let bytes = read_all(src)?;
        let Some((start, end)) = xpacket_span(&bytes) else {
            return Ok(None);
        };
        let o = WriteOptions {
            xml_decl: false,
            ..in_place_options(opts, info)
        };
        Ok(to_exact_length(packet, &o, end - start).map(|b| {
            vec![Patch {
                offset: start as u64,
                bytes: b,
            }]
        }))
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
        let info = found.info.clone().unwrap_or_default();
        let style = style_options(&bytes, &info, opts);
        if bytes.starts_with(BOM) {
            dst.write_all(BOM)?;
        }
        let out = serialize(packet, &style);
        dst.write_all(&out)?;
        if bytes.ends_with(b"\n") && !out.ends_with(b"\n") {
            dst.write_all(b"\n")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_detected_as_a_sidecar() {
        let b = blank();
        assert_eq!(crate::detect::detect_format(&b), Format::Xmp);
        assert!(b.ends_with(b"</x:xmpmeta>\n"));
    }

    #[test]
    fn finds_the_wrapper() {
        let f =
            b"<?xml version='1.0'?>\n<?xpacket begin='' id='x'?><x:xmpmeta/><?xpacket end='w'?>\n";
        let (s, e) = xpacket_span(f).unwrap();
        assert_eq!(
            &f[s..e],
            &b"<?xpacket begin='' id='x'?><x:xmpmeta/><?xpacket end='w'?>"[..]
        );
        assert_eq!(xpacket_span(b"<x:xmpmeta/>"), None);
    }

    #[test]
    fn style_follows_the_file() {
        let info = PacketInfo {
            xpacket: true,
            padding: 300,
            ..PacketInfo::default()
        };
        let o = style_options(
            b"\xEF\xBB\xBF<?xml version='1.0'?><?xpacket",
            &info,
            &WriteOptions::default(),
        );
        assert!(o.xml_decl && o.xpacket);
        assert_eq!(o.padding, 300);
        let o = style_options(
            b"<x:xmpmeta>",
            &PacketInfo::default(),
            &WriteOptions::default(),
        );
        assert!(!o.xml_decl && !o.xpacket);
        assert_eq!(o.padding, 0);
        let n = new_file_options(&WriteOptions::default());
        assert!(n.xml_decl && !n.xpacket && n.padding == 0);
    }
}
