//! PNG at the byte level: walk the chunks (checking CRCs), locate the XMP text, splice
//! a new uncompressed XMP chunk into a copy of the stream, same-length patches.

use std::io::Write;

use crate::stream::{hash_range, hash_ranges, splice_ranges, Walker};
use crate::{Damage, FormatError, Patch, Preserved, ReadSeek};

/// The PNG file signature.
pub const SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";
/// The iTXt keyword of XMP.
pub const XMP_KEYWORD: &[u8] = b"XML:com.adobe.xmp";
/// Largest decompressed text accepted from a compressed chunk.
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

/// A chunk holding XMP that is not read: where it is and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    /// The whole chunk: offset of its length field, and its end.
    pub start: u64,
    pub end: u64,
    /// Which chunk and why it is not read.
    pub what: String,
}

/// The chunk structure of a PNG.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub chunks: Vec<Chunk>,
    pub len: u64,
    /// `XML:com.adobe.xmp` texts, in file order.
    pub xmp: Vec<XmpText>,
    /// An ImageMagick `Raw profile type xmp` text (read, and replaced on write).
    pub legacy: Option<XmpText>,
    /// XMP chunks that are not read (in `zTXt` or `tEXt`, compressed badly, after
    /// `IEND`), in file order.
    pub unread: Vec<Unread>,
    pub warnings: Vec<String>,
    /// Chunks with a bad CRC ([`scan_damaged`]), in file order; the text says
    /// which chunk, at which offset (the Corrupt error's offset is the chunk's).
    pub damage: Vec<Damage>,
}

impl Layout {
    /// Index of the first image data chunk.
    pub fn first_idat(&self) -> Option<usize> {
        self.chunks.iter().position(|c| &c.kind == b"IDAT")
    }

    /// The byte ranges a write replaces with its new XMP chunk: the first XMP chunk
    /// read; without one, the legacy text it was read from and every XMP chunk that
    /// is not read (a write is refused over those unless the user allowed it, see
    /// [`crate::unreadable`]), so that the file never ends up with two
    /// packets. With a first XMP chunk read, the unread ones stay as they are, like
    /// further readable XMP chunks.
    pub fn replaced(&self) -> Vec<(u64, u64)> {
        let range = |i: usize| self.chunks.get(i).map(|c| (c.offset, c.end()));
        if let Some(x) = self.xmp.first() {
            return range(x.chunk).into_iter().collect();
        }
        let mut out: Vec<(u64, u64)> = self.legacy.iter().filter_map(|x| range(x.chunk)).collect();
        out.extend(self.unread.iter().map(|u| (u.start, u.end)));
        out.sort_unstable();
        out
    }

    /// Offset where IEND ends (where any trailing bytes start).
    pub fn iend_end(&self) -> u64 {
        self.chunks.last().map_or(8, Chunk::end)
    }
}

/// Walks the chunks, refusing any bad CRC. `all_crcs`: also read and check the image
/// data chunks.
pub fn scan(src: &mut dyn ReadSeek, all_crcs: bool) -> Result<Layout, FormatError> {
    let layout = scan_damaged(src, all_crcs)?;
    match layout.damage.first() {
        Some(d) => Err(strict_error(d)),
        None => Ok(layout),
    }
}

/// The structure error of a bad CRC, as [`scan`] reports it.
fn strict_error(d: &Damage) -> FormatError {
    let what = d.what.replacen(&format!(" at offset {}", d.start), "", 1);
    FormatError::corrupt(FORMAT, d.start, format!("{what}; the file is damaged"))
}

/// [`scan`] that steps past chunks with a bad CRC (their length field still leads to
/// the next chunk) and lists them in [`Layout::damage`] (docs/safe-writing.md,
/// "Damaged files"). A text chunk with a bad CRC is still read. When the walk then
/// fails anyway, the first bad CRC is the error: a wrong length shows as one first.
pub fn scan_damaged(src: &mut dyn ReadSeek, all_crcs: bool) -> Result<Layout, FormatError> {
    let mut layout = Layout::default();
    match walk(src, all_crcs, &mut layout) {
        Ok(()) => Ok(layout),
        Err(e) => Err(layout.damage.first().map_or(e, strict_error)),
    }
}

fn walk(src: &mut dyn ReadSeek, all_crcs: bool, layout: &mut Layout) -> Result<(), FormatError> {
    let mut w = Walker::new(src, FORMAT)?;
    let sig = w.array::<8>("the PNG signature")?;
    if &sig != SIGNATURE {
        return Err(w.corrupt_at(0, "not a PNG file (bad signature)"));
    }
    layout.len = w.len;
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
            check_crc(layout, offset, &name, len, crc_of(&kind, &data), stored);
            let data_offset = offset + 8;
            super::text::text_chunk(layout, index, &kind, data, data_offset);
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
            check_crc(layout, offset, &name, len, h.finalize(), stored);
        }
        layout.chunks.push(Chunk { offset, len, kind });
        if &kind == b"IEND" {
            return trailing_xmp(&mut w, layout);
        }
    }
}

/// Looks for XMP chunks after IEND, where a PNG decoder stops but ExifTool still
/// reads them (and then reports two packets when a write adds one before IDAT).
/// Walks chunk-shaped data only as long as it is chunk-shaped; the first thing that
/// is not ends the walk. CRCs are not checked: these bytes are trailing data, copied
/// as they are.
fn trailing_xmp(w: &mut Walker<'_>, layout: &mut Layout) -> Result<(), FormatError> {
    while w.remaining() >= 12 {
        let offset = w.pos;
        let hdr = w.array::<8>("a chunk header")?;
        let len = u64::from(u32::from_be_bytes([hdr[0], hdr[1], hdr[2], hdr[3]]));
        let kind = [hdr[4], hdr[5], hdr[6], hdr[7]];
        if !kind.iter().all(u8::is_ascii_alphabetic) || len + 4 > w.remaining() {
            break;
        }
        let mut read = 0;
        if matches!(&kind, b"iTXt" | b"tEXt" | b"zTXt") {
            let head = w.bytes(len.min(XMP_KEYWORD.len() as u64 + 1), "chunk data")?;
            read = head.len() as u64;
            if head.strip_prefix(XMP_KEYWORD) == Some(&[0]) {
                let name = String::from_utf8_lossy(&kind).into_owned();
                layout.warnings.push(format!(
                    "{name} chunk with XMP at offset {offset} after the IEND chunk; not read"
                ));
                layout.unread.push(Unread {
                    start: offset,
                    end: offset + 12 + len,
                    what: format!(
                        "the {name} XMP chunk at offset {offset}, after the IEND chunk where \
                         PNG readers are not meant to look"
                    ),
                });
            }
        }
        w.skip(len - read + 4, "chunk data")?;
    }
    Ok(())
}

/// Records a CRC mismatch as damage of the whole chunk.
fn check_crc(layout: &mut Layout, offset: u64, name: &str, len: u32, computed: u32, stored: u32) {
    if computed != stored {
        layout.damage.push(Damage::new(
            format!(
                "chunk {name} at offset {offset} has a bad CRC (stored {stored:08X}, computed \
                 {computed:08X})"
            ),
            offset,
            offset + 12 + u64::from(len),
        ));
    }
}

/// CRC-32 over chunk type and data.
pub fn crc_of(kind: &[u8; 4], data: &[u8]) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(kind);
    h.update(data);
    h.finalize()
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

/// Streams a copy with the XMP chunks of [`Layout::replaced`] replaced by one
/// uncompressed chunk holding `packet`: in place of the first of them when that
/// precedes the image data, else right after IHDR. All other chunks and bytes are
/// copied unchanged.
pub fn splice(
    src: &mut dyn ReadSeek,
    layout: &Layout,
    packet: &[u8],
    dst: &mut dyn Write,
) -> Result<(), FormatError> {
    let chunk = xmp_chunk(packet)?;
    let ihdr_end = layout.chunks.first().map_or(8, Chunk::end);
    let image_at = layout
        .first_idat()
        .and_then(|i| layout.chunks.get(i))
        .map_or(u64::MAX, |c| c.offset);
    let removed = layout.replaced();
    let insert_at = match removed.first() {
        Some(&(start, _)) if start < image_at => start,
        _ => ihdr_end,
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

/// Every chunk except the replaced XMP ones ([`Layout::replaced`]), then the bytes
/// after IEND (without replaced XMP chunks there, as one stream: in the written file
/// the bytes around them are adjacent).
pub fn preserved(src: &mut dyn ReadSeek, layout: &Layout) -> Result<Preserved, FormatError> {
    let replaced = layout.replaced();
    let mut out = Vec::with_capacity(layout.chunks.len() + 1);
    for c in &layout.chunks {
        if !replaced.contains(&(c.offset, c.end())) {
            out.push((
                format!("chunk {}", c.name()),
                hash_range(src, c.offset, c.end() - c.offset)?,
            ));
        }
    }
    let mut kept = Vec::new();
    let trailer = layout.iend_end();
    let mut at = trailer;
    for &(start, end) in replaced.iter().filter(|r| r.0 >= trailer) {
        kept.push((at, start - at));
        at = end;
    }
    kept.push((at, layout.len - at));
    out.push(("bytes after IEND".into(), hash_ranges(src, &kept)?));
    Ok(out)
}

/// A minimal valid 1x1 grey PNG without XMP.
#[cfg(any(test, feature = "testing"))]
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
