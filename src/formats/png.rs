//! PNG: XMP in an `iTXt` chunk with keyword `XML:com.adobe.xmp` (notes §3.2).
//!
//! Byte level: walk the chunks (checking CRCs), locate the XMP chunk, splice a new
//! uncompressed one in. Hand-written because the image crates decode and re-encode
//! pixels; a metadata write must copy every other chunk unchanged, CRC included.
//!
//! CRCs: reading checks every chunk except the image data (`IDAT`, `fdAT`), whose
//! bytes it skips so that reading stays fast; every write first walks the whole file
//! checking all CRCs ([`Container::preserved`]) and refuses a file with a bad one.

use std::io::{Read, Write};

use crate::formats::packet::{in_place_options, parse_packet, to_exact_length};
use crate::formats::stream::{hash_range, splice_ranges, Walker};
use crate::formats::{Container, Format, FormatError, Found, Patch, Preserved, ReadSeek, Region};
use crate::xmp::parse::Encoding;
use crate::xmp::{Packet, WriteOptions};

/// The PNG file signature.
pub const SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";
/// The iTXt keyword of XMP.
pub const XMP_KEYWORD: &[u8] = b"XML:com.adobe.xmp";
/// Largest decompressed text accepted from a compressed chunk.
const MAX_INFLATE: u64 = 64 << 20;
const FORMAT: &str = "PNG";

/// One chunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// Offset of the length field.
    pub offset: u64,
    /// Data length.
    pub len: u32,
    pub kind: [u8; 4],
}

impl Chunk {
    pub fn end(&self) -> u64 {
        self.offset + 12 + u64::from(self.len)
    }

    pub fn data_offset(&self) -> u64 {
        self.offset + 8
    }

    pub fn name(&self) -> String {
        String::from_utf8_lossy(&self.kind).into_owned()
    }
}

/// An XMP text found in a chunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmpText {
    /// Index into [`Layout::chunks`].
    pub chunk: usize,
    /// The chunk data before the text (keyword, flags, language, translated keyword).
    pub header: Vec<u8>,
    /// Offset of the text when stored uncompressed.
    pub text_offset: Option<u64>,
    /// The (decompressed) packet bytes.
    pub bytes: Vec<u8>,
}

/// The chunk structure of a PNG.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub chunks: Vec<Chunk>,
    pub len: u64,
    /// `XML:com.adobe.xmp` texts, in file order.
    pub xmp: Vec<XmpText>,
    /// An ImageMagick `Raw profile type xmp` text (read only).
    pub legacy: Option<XmpText>,
    pub warnings: Vec<String>,
}

impl Layout {
    /// Index of the first image data chunk.
    pub fn first_idat(&self) -> Option<usize> {
        self.chunks.iter().position(|c| &c.kind == b"IDAT")
    }
}

/// Walks the chunks. `all_crcs`: also read and check the image data chunks.
pub fn scan(src: &mut dyn ReadSeek, all_crcs: bool) -> Result<Layout, FormatError> {
    let mut w = Walker::new(src, FORMAT)?;
    let sig = w.array::<8>("the PNG signature")?;
    if &sig != SIGNATURE {
        return Err(w.corrupt_at(0, "not a PNG file (bad signature)"));
    }
    let mut layout = Layout {
        len: w.len,
        ..Layout::default()
    };
    loop {
        if w.at_end() {
            return Err(w.corrupt_at(w.pos, "truncated: the file ends before the IEND chunk"));
        }
        let offset = w.pos;
        let hdr = w.array::<8>("a chunk header")?;
        let len = u32::from_be_bytes([hdr[0], hdr[1], hdr[2], hdr[3]]);
        let kind = [hdr[4], hdr[5], hdr[6], hdr[7]];
        let name = String::from_utf8_lossy(&kind).into_owned();
        if !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(w.corrupt_at(offset, format!("invalid chunk type {kind:02X?}")));
        }
        if len > 0x7FFF_FFFF {
            return Err(w.corrupt_at(offset, format!("chunk {name} has an invalid length {len}")));
        }
        if u64::from(len) + 4 > w.remaining() {
            return Err(w.corrupt_at(
                offset,
                format!(
                    "truncated: chunk {name} declares {len} bytes but the file ends at offset {}",
                    w.len
                ),
            ));
        }
        if layout.chunks.is_empty() && &kind != b"IHDR" {
            return Err(w.corrupt_at(offset, format!("the first chunk is {name}, not IHDR")));
        }
        let index = layout.chunks.len();
        let is_text = matches!(&kind, b"iTXt" | b"tEXt" | b"zTXt");
        let is_image = matches!(&kind, b"IDAT" | b"fdAT");
        if is_text {
            let data = w.bytes(u64::from(len), "chunk data")?;
            let stored = u32::from_be_bytes(w.array::<4>("a chunk CRC")?);
            check_crc(&w, offset, &name, crc_of(&kind, &data), stored)?;
            let data_offset = offset + 8;
            text_chunk(&mut layout, index, &kind, data, data_offset);
        } else if is_image && !all_crcs {
            w.skip(u64::from(len) + 4, "chunk data")?;
        } else {
            let mut h = crc32fast::Hasher::new();
            h.update(&kind);
            let mut left = u64::from(len);
            let mut buf = [0u8; 8192];
            while left > 0 {
                let n = left.min(buf.len() as u64) as usize;
                let part = w.bytes_into(&mut buf[..n], "chunk data")?;
                h.update(part);
                left -= n as u64;
            }
            let stored = u32::from_be_bytes(w.array::<4>("a chunk CRC")?);
            check_crc(&w, offset, &name, h.finalize(), stored)?;
        }
        layout.chunks.push(Chunk { offset, len, kind });
        if &kind == b"IEND" {
            return Ok(layout);
        }
    }
}

fn check_crc(
    w: &Walker<'_>,
    offset: u64,
    name: &str,
    computed: u32,
    stored: u32,
) -> Result<(), FormatError> {
    if computed != stored {
        return Err(w.corrupt_at(
            offset,
            format!(
                "chunk {name} has a bad CRC (stored {stored:08X}, computed {computed:08X}); the \
                 file is damaged"
            ),
        ));
    }
    Ok(())
}

/// CRC-32 over chunk type and data.
pub fn crc_of(kind: &[u8; 4], data: &[u8]) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(kind);
    h.update(data);
    h.finalize()
}

/// Records an XMP text chunk (iTXt with the XMP keyword, or a legacy raw profile).
fn text_chunk(layout: &mut Layout, index: usize, kind: &[u8; 4], data: Vec<u8>, data_offset: u64) {
    let Some(nul) = data.iter().position(|&b| b == 0) else {
        return;
    };
    let keyword = &data[..nul];
    let is_xmp = kind == b"iTXt" && keyword == XMP_KEYWORD;
    let is_legacy = keyword == b"Raw profile type xmp";
    if !is_xmp && !is_legacy {
        return;
    }
    let at = format!(
        "{} chunk at offset {}",
        String::from_utf8_lossy(kind),
        data_offset - 8
    );
    let (compressed, text_start) = match kind {
        b"iTXt" => {
            // keyword NUL flag method language NUL translated NUL text
            let Some(flags) = data.get(nul + 1..nul + 3) else {
                layout
                    .warnings
                    .push(format!("{at}: truncated iTXt header; ignored"));
                return;
            };
            let compressed = flags[0] == 1;
            if compressed && flags[1] != 0 {
                layout.warnings.push(format!(
                    "{at}: unknown compression method {}; ignored",
                    flags[1]
                ));
                return;
            }
            let mut p = nul + 3;
            for _ in 0..2 {
                match data.get(p..).and_then(|r| r.iter().position(|&b| b == 0)) {
                    Some(q) => p += q + 1,
                    None => {
                        layout
                            .warnings
                            .push(format!("{at}: truncated iTXt header; ignored"));
                        return;
                    }
                }
            }
            (compressed, p)
        }
        b"zTXt" => (true, nul + 2),
        _ => (false, nul + 1),
    };
    let Some(stored) = data.get(text_start..) else {
        return;
    };
    let text = if compressed {
        let mut out = Vec::new();
        let mut z = flate2::read::ZlibDecoder::new(stored).take(MAX_INFLATE + 1);
        if let Err(e) = z.read_to_end(&mut out) {
            layout.warnings.push(format!(
                "{at}: compressed XMP could not be inflated ({e}); ignored"
            ));
            return;
        }
        if out.len() as u64 > MAX_INFLATE {
            layout.warnings.push(format!(
                "{at}: compressed XMP inflates to more than {MAX_INFLATE} bytes; ignored"
            ));
            return;
        }
        out
    } else {
        stored.to_vec()
    };
    let header = data[..text_start].to_vec();
    if is_xmp {
        layout.xmp.push(XmpText {
            chunk: index,
            header,
            text_offset: (!compressed).then_some(data_offset + text_start as u64),
            bytes: text,
        });
    } else if layout.legacy.is_none() {
        match decode_raw_profile(&text) {
            Some(bytes) => {
                layout.legacy = Some(XmpText {
                    chunk: index,
                    header,
                    text_offset: None,
                    bytes,
                })
            }
            None => layout.warnings.push(format!(
                "{at}: malformed 'Raw profile type xmp' text; ignored"
            )),
        }
    }
}

/// ImageMagick's hex profile: `\nxmp\n    LENGTH\nHEX...`.
fn decode_raw_profile(text: &[u8]) -> Option<Vec<u8>> {
    let s = std::str::from_utf8(text).ok()?;
    let mut lines = s.trim_start_matches('\n').splitn(3, '\n');
    let _name = lines.next()?;
    let len: usize = lines.next()?.trim().parse().ok()?;
    let hex = lines.next()?;
    let mut out = Vec::with_capacity(len.min(MAX_INFLATE as usize));
    let mut digits = hex
        .bytes()
        .filter(|b| !b.is_ascii_whitespace())
        .map(|b| (b as char).to_digit(16));
    while out.len() < len {
        let hi = digits.next()??;
        let lo = digits.next()??;
        out.push((hi * 16 + lo) as u8);
    }
    Some(out)
}

/// A complete uncompressed XMP iTXt chunk holding `packet`.
pub fn xmp_chunk(packet: &[u8]) -> Result<Vec<u8>, FormatError> {
    let mut data = Vec::with_capacity(XMP_KEYWORD.len() + 5 + packet.len());
    data.extend_from_slice(XMP_KEYWORD);
    data.extend_from_slice(&[0, 0, 0, 0, 0]);
    data.extend_from_slice(packet);
    let len = u32::try_from(data.len())
        .ok()
        .filter(|&l| l <= 0x7FFF_FFFF)
        .ok_or_else(|| FormatError::TooLarge("the XMP packet is too large for PNG".into()))?;
    let mut out = Vec::with_capacity(data.len() + 12);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(b"iTXt");
    out.extend_from_slice(&data);
    out.extend_from_slice(&crc_of(b"iTXt", &data).to_be_bytes());
    Ok(out)
}

/// Streams a copy with the first XMP chunk replaced by an uncompressed one holding
/// `packet`: in place of the old chunk when that precedes the image data, else right
/// after IHDR (the old one removed). All other chunks are copied unchanged.
pub fn splice(
    src: &mut dyn ReadSeek,
    layout: &Layout,
    packet: &[u8],
    dst: &mut dyn Write,
) -> Result<(), FormatError> {
    let chunk = xmp_chunk(packet)?;
    let ihdr_end = layout.chunks.first().map_or(8, Chunk::end);
    let first_idat = layout.first_idat().unwrap_or(usize::MAX);
    let (removed, insert_at) = match layout.xmp.first() {
        Some(x) => {
            let c = &layout.chunks[x.chunk];
            let at = if x.chunk < first_idat {
                c.offset
            } else {
                ihdr_end
            };
            (vec![(c.offset, c.end())], at)
        }
        None => (Vec::new(), ihdr_end),
    };
    splice_ranges(src, dst, layout.len, &removed, insert_at, &chunk)
}

/// Same-length patches (text and CRC) replacing the first XMP text with `packet`, when
/// it is stored uncompressed before the image data and `packet` has its length.
pub fn patches(layout: &Layout, packet: &[u8]) -> Option<Vec<Patch>> {
    let x = layout.xmp.first()?;
    let text_offset = x.text_offset?;
    if x.bytes.len() != packet.len() || x.chunk >= layout.first_idat().unwrap_or(usize::MAX) {
        return None;
    }
    let c = layout.chunks.get(x.chunk)?;
    let mut h = crc32fast::Hasher::new();
    h.update(&c.kind);
    h.update(&x.header);
    h.update(packet);
    Some(vec![
        Patch {
            offset: text_offset,
            bytes: packet.to_vec(),
        },
        Patch {
            offset: c.end() - 4,
            bytes: h.finalize().to_be_bytes().to_vec(),
        },
    ])
}

/// Every chunk except the replaced XMP one, then the bytes after IEND.
pub fn preserved(src: &mut dyn ReadSeek, layout: &Layout) -> Result<Preserved, FormatError> {
    let replaced = layout.xmp.first().map(|x| x.chunk);
    let mut out = Vec::with_capacity(layout.chunks.len() + 1);
    for (i, c) in layout.chunks.iter().enumerate() {
        if Some(i) != replaced {
            out.push((
                format!("chunk {}", c.name()),
                hash_range(src, c.offset, c.end() - c.offset)?,
            ));
        }
    }
    let end = layout.chunks.last().map_or(8, Chunk::end);
    out.push((
        "bytes after IEND".into(),
        hash_range(src, end, layout.len - end)?,
    ));
    Ok(out)
}

/// A minimal valid 1x1 grey PNG without XMP.
pub fn blank() -> Vec<u8> {
    let mut v = SIGNATURE.to_vec();
    let mut chunk = |kind: &[u8; 4], data: &[u8]| {
        v.extend_from_slice(&(data.len() as u32).to_be_bytes());
        v.extend_from_slice(kind);
        v.extend_from_slice(data);
        v.extend_from_slice(&crc_of(kind, data).to_be_bytes());
    };
    chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
    // zlib stream of one scanline: filter 0, pixel 0.
    chunk(b"IDAT", &[0x78, 0x9C, 0x63, 0x60, 0, 0, 0, 0x02, 0, 0x01]);
    chunk(b"IEND", &[]);
    v
}

/// The PNG container.
pub struct Png;

impl Container for Png {
    fn format(&self) -> Format {
        Format::Png
    }

    fn sniff(&self, head: &[u8]) -> bool {
        head.starts_with(SIGNATURE)
    }

    fn read(&self, src: &mut dyn ReadSeek) -> Result<Found, FormatError> {
        let layout = scan(src, false)?;
        let mut found = Found::empty(Format::Png);
        found.warnings = layout.warnings.clone();
        let main = match layout.xmp.first() {
            Some(x) => x,
            None => match &layout.legacy {
                Some(x) => {
                    found.warnings.push(
                        "XMP read from a legacy 'Raw profile type xmp' text chunk".to_string(),
                    );
                    x
                }
                None => return Ok(found),
            },
        };
        let at = layout.chunks[main.chunk].offset;
        let decoded = parse_packet(&main.bytes, main.text_offset.unwrap_or(at))?;
        found.warnings.extend(decoded.warnings);
        for extra in layout.xmp.iter().skip(1) {
            let off = layout.chunks[extra.chunk].offset;
            match parse_packet(&extra.bytes, off) {
                Ok(d) => {
                    found.warnings.push(format!(
                        "the file has another XMP chunk at offset {off}; the first is used, the \
                         other is shown separately and kept unchanged"
                    ));
                    found.others.push((
                        format!("another XMP chunk (iTXt at offset {off})"),
                        d.packet,
                    ));
                }
                Err(e) => found.warnings.push(format!(
                    "the file has another XMP chunk at offset {off}, which could not be read: {e}"
                )),
            }
        }
        if let Some(first_idat) = layout.first_idat() {
            if main.chunk > first_idat && !layout.xmp.is_empty() {
                found.warnings.push(
                    "the XMP chunk follows the image data, where some programs ignore it; a \
                     write moves it after IHDR"
                        .to_string(),
                );
            }
        }
        found.region = main.text_offset.map(|offset| Region {
            offset,
            len: main.bytes.len() as u64,
        });
        found.info = Some(decoded.info);
        found.raw = Some(main.bytes.clone());
        found.packet = Some(decoded.packet);
        Ok(found)
    }

    fn patch_in_place(
        &self,
        src: &mut dyn ReadSeek,
        found: &Found,
        packet: &Packet,
        opts: &WriteOptions,
    ) -> Result<Option<Vec<Patch>>, FormatError> {
        let Some(info) = &found.info else {
            return Ok(None);
        };
        if info.encoding != Encoding::Utf8 || !info.xpacket {
            return Ok(None);
        }
        let layout = scan(src, false)?;
        let Some(x) = layout.xmp.first() else {
            return Ok(None);
        };
        let Some(bytes) = to_exact_length(packet, &in_place_options(opts, info), x.bytes.len())
        else {
            return Ok(None);
        };
        Ok(patches(&layout, &bytes))
    }

    fn rewrite(
        &self,
        src: &mut dyn ReadSeek,
        _found: &Found,
        packet: &Packet,
        opts: &WriteOptions,
        dst: &mut dyn Write,
    ) -> Result<(), FormatError> {
        let layout = scan(src, true)?;
        let bytes = crate::formats::packet::serialize(packet, opts);
        splice(src, &layout, &bytes, dst)
    }

    fn preserved(&self, src: &mut dyn ReadSeek) -> Result<Option<Preserved>, FormatError> {
        let layout = scan(src, true)?;
        preserved(src, &layout).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut v = (data.len() as u32).to_be_bytes().to_vec();
        v.extend_from_slice(kind);
        v.extend_from_slice(data);
        v.extend_from_slice(&crc_of(kind, data).to_be_bytes());
        v
    }

    /// blank() split as: signature+IHDR (33 bytes), IDAT, IEND.
    fn png_with(before_idat: &[Vec<u8>], after_idat: &[Vec<u8>]) -> Vec<u8> {
        let b = blank();
        let idat_end = b.len() - 12;
        let mut v = b[..33].to_vec();
        before_idat.iter().for_each(|c| v.extend_from_slice(c));
        v.extend_from_slice(&b[33..idat_end]);
        after_idat.iter().for_each(|c| v.extend_from_slice(c));
        v.extend_from_slice(&b[idat_end..]);
        v
    }

    #[test]
    fn blank_is_well_formed() {
        let l = scan(&mut Cursor::new(blank()), true).unwrap();
        let kinds: Vec<String> = l.chunks.iter().map(Chunk::name).collect();
        assert_eq!(kinds, ["IHDR", "IDAT", "IEND"]);
    }

    #[test]
    fn finds_uncompressed_compressed_and_legacy_xmp() {
        let plain = xmp_chunk(b"<x:xmpmeta/>").unwrap();
        let l = scan(&mut Cursor::new(png_with(&[plain], &[])), false).unwrap();
        assert_eq!(l.xmp[0].bytes, b"<x:xmpmeta/>");
        assert_eq!(l.xmp[0].text_offset, Some(33 + 8 + 22));

        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(b"<compressed/>").unwrap();
        let mut data = XMP_KEYWORD.to_vec();
        data.extend_from_slice(&[0, 1, 0, 0, 0]);
        data.extend(z.finish().unwrap());
        let l = scan(
            &mut Cursor::new(png_with(&[chunk(b"iTXt", &data)], &[])),
            false,
        )
        .unwrap();
        assert_eq!(l.xmp[0].bytes, b"<compressed/>");
        assert_eq!(l.xmp[0].text_offset, None);

        let hex: String = b"<legacy/>".iter().map(|b| format!("{b:02x}")).collect();
        let text = format!("Raw profile type xmp\0\nxmp\n       9\n{hex}\n");
        let l = scan(
            &mut Cursor::new(png_with(&[chunk(b"tEXt", text.as_bytes())], &[])),
            false,
        )
        .unwrap();
        assert!(l.xmp.is_empty());
        assert_eq!(l.legacy.unwrap().bytes, b"<legacy/>");
    }

    #[test]
    fn splice_replaces_in_place_or_moves_before_idat() {
        let text = chunk(b"tEXt", b"Comment\0hi");
        let old = xmp_chunk(b"<old/>").unwrap();
        let f = png_with(&[text.clone(), old], std::slice::from_ref(&text));
        let l = scan(&mut Cursor::new(&f), true).unwrap();
        let mut out = Vec::new();
        splice(&mut Cursor::new(&f), &l, b"<new!/>", &mut out).unwrap();
        let new = xmp_chunk(b"<new!/>").unwrap();
        assert_eq!(
            out,
            png_with(&[text.clone(), new.clone()], std::slice::from_ref(&text))
        );

        let f = png_with(
            std::slice::from_ref(&text),
            &[xmp_chunk(b"<late/>").unwrap()],
        );
        let l = scan(&mut Cursor::new(&f), true).unwrap();
        let mut out = Vec::new();
        splice(&mut Cursor::new(&f), &l, b"<new!/>", &mut out).unwrap();
        assert_eq!(out, png_with(&[new.clone(), text.clone()], &[]));

        let f = png_with(std::slice::from_ref(&text), &[]);
        let l = scan(&mut Cursor::new(&f), true).unwrap();
        let mut out = Vec::new();
        splice(&mut Cursor::new(&f), &l, b"<new!/>", &mut out).unwrap();
        assert_eq!(out, png_with(&[new, text], &[]));
    }

    #[test]
    fn same_length_patch_updates_text_and_crc() {
        let f = png_with(&[xmp_chunk(b"<aaaa/>").unwrap()], &[]);
        let l = scan(&mut Cursor::new(&f), true).unwrap();
        assert!(patches(&l, b"<bb/>").is_none());
        let p = patches(&l, b"<bbbb/>").unwrap();
        let mut g = f.clone();
        for patch in p {
            let o = patch.offset as usize;
            g[o..o + patch.bytes.len()].copy_from_slice(&patch.bytes);
        }
        assert_eq!(g, png_with(&[xmp_chunk(b"<bbbb/>").unwrap()], &[]));
    }

    #[test]
    fn bad_crc_and_truncation_name_the_offset() {
        let mut f = png_with(&[xmp_chunk(b"<x/>").unwrap()], &[]);
        let crc_at = 33 + 8 + 22 + 4;
        f[crc_at] ^= 1;
        let e = scan(&mut Cursor::new(&f), false).unwrap_err().to_string();
        assert!(
            e.starts_with("PNG structure error at offset 33: chunk iTXt has a bad CRC"),
            "{e}"
        );

        let mut f = blank();
        let idat_crc = f.len() - 12 - 1;
        f[idat_crc] ^= 1;
        assert!(scan(&mut Cursor::new(&f), false).is_ok());
        let e = scan(&mut Cursor::new(&f), true).unwrap_err().to_string();
        assert!(e.contains("offset 33: chunk IDAT has a bad CRC"), "{e}");

        let b = blank();
        let e = scan(&mut Cursor::new(&b[..45]), false)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("offset 33: truncated: chunk IDAT declares 10 bytes"),
            "{e}"
        );
        let e = scan(&mut Cursor::new(&b[..b.len() - 12]), false)
            .unwrap_err()
            .to_string();
        assert!(e.contains("ends before the IEND chunk"), "{e}");
        let e = scan(&mut Cursor::new(&b[..4]), false)
            .unwrap_err()
            .to_string();
        assert!(e.contains("offset 0: truncated"), "{e}");
    }
}
