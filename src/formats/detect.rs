//! Content detection and the read entry points.
//!
//! TEMPORARY: replaced by the formats helper at merge. This stand-in exists only so that
//! the reader's corpus conformance test can run before the real container readers land:
//! it sniffs the format, pulls the main packet out with quick ad-hoc extraction (JPEG
//! APP1, PNG iTXt, WebP `XMP ` chunk, GIF application extension, whole file for SVG and
//! sidecars) or the packet scanner, and parses it. It never writes.

use std::io::{Read, SeekFrom, Write};
use std::path::Path;

use crate::formats::{Container, Format, FormatError, Found, Patch, ReadSeek, Region};
use crate::xmp::{Packet, WriteOptions};

// TEMPORARY: replaced by the formats helper at merge
struct Scanned(Format);

static SCANNED: [Scanned; 8] = [
    Scanned(Format::Jpeg),
    Scanned(Format::Png),
    Scanned(Format::WebP),
    Scanned(Format::Gif),
    Scanned(Format::Tiff),
    Scanned(Format::Svg),
    Scanned(Format::Xmp),
    Scanned(Format::Other),
];

fn sniff(head: &[u8], path: Option<&Path>) -> Format {
    let ext = path
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if head.starts_with(b"\xFF\xD8\xFF") {
        Format::Jpeg
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Format::Png
    } else if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        Format::WebP
    } else if head.starts_with(b"GIF8") {
        Format::Gif
    } else if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
        Format::Tiff
    } else if ext == "svg" {
        Format::Svg
    } else if ext == "xmp" {
        Format::Xmp
    } else {
        Format::Other
    }
}

impl Container for Scanned {
    fn format(&self) -> Format {
        self.0
    }

    fn sniff(&self, head: &[u8]) -> bool {
        sniff(head, None) == self.0
    }

    fn read(&self, src: &mut dyn ReadSeek) -> Result<Found, FormatError> {
        let mut data = Vec::new();
        src.seek(SeekFrom::Start(0))?;
        src.read_to_end(&mut data)?;
        read_bytes(&data, self.0)
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
        _src: &mut dyn ReadSeek,
        _found: &Found,
        _packet: &Packet,
        _opts: &WriteOptions,
        _dst: &mut dyn Write,
    ) -> Result<(), FormatError> {
        Err(FormatError::NotWritable {
            format: self.0.name(),
            hint: "temporary scanner-based reader".into(),
        })
    }
}

fn jpeg_app1(data: &[u8]) -> Option<(usize, &[u8])> {
    const SIG: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
    let mut i = 2usize;
    loop {
        if *data.get(i)? != 0xFF {
            return None;
        }
        let m = *data.get(i + 1)?;
        if m == 0xFF {
            i += 1;
            continue;
        }
        if m == 0xD8 || m == 0x01 || (0xD0..=0xD7).contains(&m) {
            i += 2;
            continue;
        }
        if m == 0xD9 || m == 0xDA {
            return None;
        }
        let len = usize::from(u16::from_be_bytes([*data.get(i + 2)?, *data.get(i + 3)?]));
        let body = data.get(i + 4..i + 2 + len.max(2))?;
        if m == 0xE1 && body.starts_with(SIG) {
            return Some((i + 4 + SIG.len(), body.get(SIG.len()..)?));
        }
        i += 2 + len;
    }
}

fn png_itxt(data: &[u8]) -> Option<(usize, Vec<u8>)> {
    const KEY: &[u8] = b"XML:com.adobe.xmp\0";
    let mut i = 8usize;
    while let Some(h) = data.get(i..i + 8) {
        let len = u32::from_be_bytes([h[0], h[1], h[2], h[3]]) as usize;
        let body = data.get(i + 8..(i + 8).checked_add(len)?)?;
        if &h[4..8] == b"iTXt" && body.starts_with(KEY) {
            let rest = body.get(KEY.len()..)?;
            let flag = *rest.first()?;
            let rest = rest.get(2..)?;
            let lang_end = rest.iter().position(|&b| b == 0)?;
            let rest = rest.get(lang_end + 1..)?;
            let tr_end = rest.iter().position(|&b| b == 0)?;
            let text = rest.get(tr_end + 1..)?;
            let off = i + 8 + (body.len() - text.len());
            if flag == 1 {
                let mut out = Vec::new();
                flate2::read::ZlibDecoder::new(text)
                    .take(64 << 20)
                    .read_to_end(&mut out)
                    .ok()?;
                return Some((off, out));
            }
            return Some((off, text.to_vec()));
        }
        if &h[4..8] == b"IEND" {
            return None;
        }
        i = i.checked_add(12 + len)?;
    }
    None
}

fn webp_chunk(data: &[u8]) -> Option<(usize, &[u8])> {
    let mut i = 12usize;
    while let Some(h) = data.get(i..i + 8) {
        let len = u32::from_le_bytes([h[4], h[5], h[6], h[7]]) as usize;
        if &h[..4] == b"XMP " {
            return Some((i + 8, data.get(i + 8..(i + 8).checked_add(len)?)?));
        }
        i = i.checked_add(8 + len + (len & 1))?;
    }
    None
}

fn gif_appext(data: &[u8]) -> Option<(usize, &[u8])> {
    let k = memchr::memmem::find(data, b"\x21\xff\x0bXMP DataXMP")?;
    let start = k + 14;
    let rest = data.get(start..)?;
    if let Some(e) = memchr::memmem::find(rest, b"<?xpacket end") {
        let e2 = memchr::memmem::find(rest.get(e..)?, b"?>")?;
        return Some((start, rest.get(..e + e2 + 2)?));
    }
    let e = memchr::memmem::find(rest, b"</x:xmpmeta>")?;
    Some((start, rest.get(..e + 12)?))
}

fn scanned(data: &[u8]) -> Option<(usize, &[u8])> {
    if let Some(s) = crate::xmp::scan::find_packets(data).into_iter().next() {
        return Some((s.start, data.get(s.range())?));
    }
    let r = crate::xmp::scan::find_bare(data)?;
    Some((r.start, data.get(r)?))
}

fn read_bytes(data: &[u8], format: Format) -> Result<Found, FormatError> {
    let owned;
    let (offset, packet) = match format {
        Format::Jpeg => match jpeg_app1(data) {
            Some(p) => p,
            None => return Ok(Found::empty(format)),
        },
        Format::Png => match png_itxt(data) {
            Some((o, v)) => {
                owned = v;
                (o, owned.as_slice())
            }
            None => return Ok(Found::empty(format)),
        },
        Format::WebP => match webp_chunk(data) {
            Some(p) => p,
            None => return Ok(Found::empty(format)),
        },
        Format::Gif => match gif_appext(data) {
            Some(p) => p,
            None => return Ok(Found::empty(format)),
        },
        Format::Svg | Format::Xmp => (0, data),
        _ => match scanned(data) {
            Some(p) => p,
            None => return Ok(Found::empty(format)),
        },
    };
    let parsed = crate::xmp::parse(packet).map_err(|source| FormatError::Xmp {
        offset: offset as u64,
        source,
    })?;
    let mut found = Found::empty(format);
    found.packet = Some(parsed.packet);
    found.raw = Some(packet.to_vec());
    found.region = Some(Region {
        offset: offset as u64,
        len: packet.len() as u64,
    });
    found.info = Some(parsed.info);
    found.warnings = parsed.warnings.iter().map(|w| w.to_string()).collect();
    Ok(found)
}

/// The container for a file's first bytes; the extension is used only to keep
/// proprietary raws read-only and to tell TIFF-structured raws apart.
pub fn detect(head: &[u8], path: Option<&Path>) -> &'static dyn Container {
    let f = sniff(head, path);
    SCANNED
        .iter()
        .find(|s| s.0 == f)
        .map_or(&SCANNED[7] as &dyn Container, |s| s as &dyn Container)
}

/// Reads a file's XMP (with its identity).
pub fn read_file(path: &Path) -> Result<(Found, crate::formats::Identity), FormatError> {
    let data = std::fs::read(path).map_err(|e| FormatError::io(path, e))?;
    let meta = std::fs::metadata(path).map_err(|e| FormatError::io(path, e))?;
    let found = read_bytes(&data, sniff(&data, Some(path)))?;
    let id = crate::formats::Identity::from_metadata(&meta, found.raw.as_deref());
    Ok((found, id))
}

/// Reads XMP from any seekable source.
pub fn read_from(src: &mut dyn ReadSeek, path: Option<&Path>) -> Result<Found, FormatError> {
    let mut data = Vec::new();
    src.seek(SeekFrom::Start(0))?;
    src.read_to_end(&mut data)?;
    read_bytes(&data, sniff(&data, path))
}
