//! GIF at the byte level: walk the blocks (reading only XMP extension data), locate
//! the packet through the sub-block walk and its magic trailer, splice a new XMP
//! extension into a copy of the stream.

use std::io::Write;

use crate::packet::{find, find_last};
use crate::stream::{apply_edits, hash_range, Edit, Walker};
use crate::{FormatError, Preserved, ReadSeek};

/// Application identifier and authentication code of the XMP extension.
pub const XMP_APP_ID: &[u8; 11] = b"XMP DataXMP";
const FORMAT: &str = "GIF";

/// The 258-byte magic trailer: `01`, `FF` down to `01`, `00`, and the terminator `00`.
pub fn magic_trailer() -> [u8; 258] {
    let mut t = [0u8; 258];
    t[0] = 1;
    for (i, b) in t[1..256].iter_mut().enumerate() {
        *b = 255 - i as u8;
    }
    t
}

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// Extension with its label (`F9` graphic control, `FE` comment, `FF` application).
    Extension(u8),
    /// The XMP application extension.
    Xmp,
    Image,
    Trailer,
}

/// One block after the screen descriptor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub offset: u64,
    pub len: u64,
    pub kind: BlockKind,
}

impl Block {
    pub fn end(&self) -> u64 {
        self.offset + self.len
    }
}

/// The XMP packet of an XMP extension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmpData {
    pub block: usize,
    /// Offset of the packet's first byte.
    pub offset: u64,
    pub bytes: Vec<u8>,
    /// The magic trailer was intact (else the packet was found by scanning).
    pub trailer_ok: bool,
}

/// The block structure of a GIF.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// `GIF87a` (false) or `GIF89a` (true).
    pub is_89a: bool,
    /// End of the logical screen descriptor and global colour table.
    pub screen_end: u64,
    pub blocks: Vec<Block>,
    pub xmp: Vec<XmpData>,
    pub len: u64,
    pub warnings: Vec<String>,
}

impl Layout {
    /// Where a new XMP extension goes: before the first image or graphic control
    /// extension (so a control block stays next to its image), else before the trailer.
    pub fn insertion_point(&self) -> u64 {
        self.blocks
            .iter()
            .find(|b| {
                matches!(
                    b.kind,
                    BlockKind::Image | BlockKind::Extension(0xF9) | BlockKind::Trailer
                )
            })
            .map_or(self.len, |b| b.offset)
    }
}

fn colour_table_len(packed: u8) -> u64 {
    if packed & 0x80 != 0 {
        3 << ((packed & 7) + 1)
    } else {
        0
    }
}

/// Skips a chain of sub-blocks up to and including the `00` terminator.
fn skip_sub_blocks(w: &mut Walker<'_>) -> Result<(), FormatError> {
    loop {
        let n = w.u8("a sub-block length")?;
        if n == 0 {
            return Ok(());
        }
        w.skip(u64::from(n), "a sub-block")?;
    }
}

/// Walks the blocks up to the trailer, reading only XMP extension data.
pub fn scan(src: &mut dyn ReadSeek) -> Result<Layout, FormatError> {
    let mut w = Walker::new(src, FORMAT)?;
    let header = w.array::<6>("the GIF header")?;
    let is_89a = match &header {
        b"GIF89a" => true,
        b"GIF87a" => false,
        _ => return Err(w.corrupt_at(0, "not a GIF file (bad header)")),
    };
    let lsd = w.array::<7>("the logical screen descriptor")?;
    w.skip(colour_table_len(lsd[4]), "the global colour table")?;
    let mut layout = Layout {
        is_89a,
        screen_end: w.pos,
        len: w.len,
        ..Layout::default()
    };
    loop {
        if w.at_end() {
            return Err(w.corrupt_at(
                w.pos,
                "truncated: the file ends before the GIF trailer (3B)",
            ));
        }
        let offset = w.pos;
        let kind = match w.u8("a block")? {
            0x3B => {
                layout.blocks.push(Block {
                    offset,
                    len: 1,
                    kind: BlockKind::Trailer,
                });
                return Ok(layout);
            }
            0x2C => {
                let d = w.array::<9>("an image descriptor")?;
                w.skip(colour_table_len(d[8]), "a local colour table")?;
                w.u8("the LZW code size")?;
                skip_sub_blocks(&mut w)?;
                BlockKind::Image
            }
            0x21 => {
                let label = w.u8("an extension label")?;
                if label == 0xFF && read_app_extension(&mut w, &mut layout, offset)? {
                    BlockKind::Xmp
                } else {
                    if label != 0xFF {
                        skip_sub_blocks(&mut w)?;
                    }
                    BlockKind::Extension(label)
                }
            }
            other => {
                return Err(w.corrupt_at(
                    offset,
                    format!("unknown block type {other:02X} (expected 21, 2C or 3B)"),
                ))
            }
        };
        layout.blocks.push(Block {
            offset,
            len: w.pos - offset,
            kind,
        });
    }
}

/// Reads an application extension after its label; true when it is the XMP one.
fn read_app_extension(
    w: &mut Walker<'_>,
    layout: &mut Layout,
    block_offset: u64,
) -> Result<bool, FormatError> {
    let n = w.u8("an application identifier length")?;
    if n == 0 {
        return Ok(false);
    }
    let id = w.bytes(u64::from(n), "an application identifier")?;
    if id != XMP_APP_ID {
        skip_sub_blocks(w)?;
        return Ok(false);
    }
    let start = w.pos;
    skip_sub_blocks(w)?;
    let end = w.pos;
    w.seek_to(start)?;
    let data = w.bytes(end - start, "the XMP extension")?;
    let trailer = magic_trailer();
    let index = layout.blocks.len();
    if data.len() >= trailer.len() && data.ends_with(&trailer) {
        layout.xmp.push(XmpData {
            block: index,
            offset: start,
            bytes: data[..data.len() - trailer.len()].to_vec(),
            trailer_ok: true,
        });
        return Ok(true);
    }
    // No magic trailer: look for a wrapped packet in the raw bytes.
    let found = find(&data, b"<?xpacket begin").and_then(|s| {
        let tail = find_last(&data, b"<?xpacket end")?;
        let close = find(&data[tail..], b"?>")?;
        Some((s, tail + close + 2))
    });
    match found {
        Some((s, e)) if s < e => {
            layout.warnings.push(format!(
                "the XMP extension at offset {block_offset} lacks the magic trailer; packet \
                 found by scanning"
            ));
            layout.xmp.push(XmpData {
                block: index,
                offset: start + s as u64,
                bytes: data[s..e].to_vec(),
                trailer_ok: false,
            });
        }
        _ => layout.warnings.push(format!(
            "the XMP extension at offset {block_offset} lacks the magic trailer and holds no \
             packet; ignored"
        )),
    }
    Ok(true)
}

/// A complete XMP application extension holding `packet`.
pub fn xmp_extension(packet: &[u8]) -> Result<Vec<u8>, FormatError> {
    if packet.contains(&0) {
        return Err(FormatError::TooLarge(
            "a GIF XMP packet cannot contain NUL bytes (UTF-8 only)".to_string(),
        ));
    }
    let mut out = Vec::with_capacity(14 + packet.len() + 258);
    out.extend_from_slice(&[0x21, 0xFF, 0x0B]);
    out.extend_from_slice(XMP_APP_ID);
    out.extend_from_slice(packet);
    out.extend_from_slice(&magic_trailer());
    Ok(out)
}

/// Streams a copy holding `packet` in an XMP extension: replacing the first XMP
/// extension, else inserted at [`Layout::insertion_point`]; a GIF87a header becomes
/// GIF89a (extensions need 89a). Everything else is copied unchanged.
pub fn splice(
    src: &mut dyn ReadSeek,
    layout: &Layout,
    packet: &[u8],
    dst: &mut dyn Write,
) -> Result<(), FormatError> {
    let ext = xmp_extension(packet)?;
    let mut edits = Vec::new();
    if !layout.is_89a {
        edits.push(Edit {
            start: 3,
            end: 6,
            bytes: b"89a",
        });
    }
    match layout.xmp.first().and_then(|x| layout.blocks.get(x.block)) {
        Some(b) => edits.push(Edit {
            start: b.offset,
            end: b.end(),
            bytes: &ext,
        }),
        None => {
            let at = layout.insertion_point();
            edits.push(Edit {
                start: at,
                end: at,
                bytes: &ext,
            })
        }
    }
    apply_edits(src, dst, layout.len, &edits)
}

/// Parts a write keeps: the signature, screen descriptor and colour table, every block
/// except the replaced XMP extension, and the bytes after the trailer.
pub fn preserved(src: &mut dyn ReadSeek, layout: &Layout) -> Result<Preserved, FormatError> {
    let replaced = layout.xmp.first().map(|x| x.block);
    let mut out = vec![
        ("signature".to_string(), hash_range(src, 0, 3)?),
        (
            "screen descriptor".to_string(),
            hash_range(src, 6, layout.screen_end - 6)?,
        ),
    ];
    for (i, b) in layout.blocks.iter().enumerate() {
        if Some(i) != replaced {
            out.push((
                format!("{:?} block", b.kind),
                hash_range(src, b.offset, b.len)?,
            ));
        }
    }
    let end = layout.blocks.last().map_or(layout.screen_end, Block::end);
    out.push((
        "bytes after the trailer".into(),
        hash_range(src, end, layout.len - end)?,
    ));
    Ok(out)
}

/// A minimal valid 1x1 GIF89a without XMP.
#[cfg(any(test, feature = "testing"))]
pub fn blank() -> Vec<u8> {
    let mut v = b"GIF89a".to_vec();
    v.extend_from_slice(&[1, 0, 1, 0, 0x80, 0, 0]);
    v.extend_from_slice(&[0, 0, 0, 0xFF, 0xFF, 0xFF]);
    v.extend_from_slice(&[0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0]);
    v.extend_from_slice(&[2, 2, 0x44, 1, 0]);
    v.push(0x3B);
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// blank() = header+screen (19 bytes), image (15 bytes), trailer.
    fn gif_with(blocks: &[Vec<u8>], after_image: &[Vec<u8>]) -> Vec<u8> {
        let b = blank();
        let mut v = b[..19].to_vec();
        blocks.iter().for_each(|x| v.extend_from_slice(x));
        v.extend_from_slice(&b[19..34]);
        after_image.iter().for_each(|x| v.extend_from_slice(x));
        v.push(0x3B);
        v
    }

    #[test]
    fn trailer_shape() {
        let t = magic_trailer();
        assert_eq!(&t[..3], &[1, 0xFF, 0xFE]);
        assert_eq!(&t[254..], &[2, 1, 0, 0]);
    }

    #[test]
    fn blank_walks() {
        let l = scan(&mut Cursor::new(blank())).unwrap();
        assert!(l.is_89a);
        assert_eq!(l.screen_end, 19);
        let kinds: Vec<BlockKind> = l.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(kinds, [BlockKind::Image, BlockKind::Trailer]);
    }

    #[test]
    fn finds_packet_through_the_sub_block_walk() {
        // Packet bytes that look like large sub-block lengths must still be found.
        let packet =
            b"<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>\xC3\xA9~~~<?xpacket end='w'?>";
        let f = gif_with(&[xmp_extension(packet).unwrap()], &[]);
        let l = scan(&mut Cursor::new(&f)).unwrap();
        assert_eq!(l.xmp.len(), 1);
        assert_eq!(l.xmp[0].bytes, packet);
        assert!(l.xmp[0].trailer_ok);
        assert_eq!(&f[l.xmp[0].offset as usize..][..packet.len()], packet);
    }

    #[test]
    fn splice_inserts_before_graphic_control_and_upgrades_87a() {
        let gce = vec![0x21, 0xF9, 4, 0, 0, 0, 0, 0];
        let comment = vec![0x21, 0xFE, 2, b'h', b'i', 0];
        let mut f = gif_with(&[comment.clone(), gce.clone()], &[]);
        f[4] = b'7';
        let l = scan(&mut Cursor::new(&f)).unwrap();
        assert!(!l.is_89a);
        let mut out = Vec::new();
        splice(&mut Cursor::new(&f), &l, b"<p/>", &mut out).unwrap();
        let ext = xmp_extension(b"<p/>").unwrap();
        assert_eq!(out, gif_with(&[comment, ext, gce], &[]));
    }

    #[test]
    fn splice_replaces_existing_extension_in_position() {
        let old = xmp_extension(b"<old/>").unwrap();
        let f = gif_with(&[], &[old]);
        let l = scan(&mut Cursor::new(&f)).unwrap();
        let mut out = Vec::new();
        splice(&mut Cursor::new(&f), &l, b"<a longer packet/>", &mut out).unwrap();
        assert_eq!(
            out,
            gif_with(&[], &[xmp_extension(b"<a longer packet/>").unwrap()])
        );
        assert!(xmp_extension(b"a\0b").is_err());
    }

    #[test]
    fn errors_name_the_offset() {
        let b = blank();
        let e = scan(&mut Cursor::new(&b[..b.len() - 1]))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("offset 34: truncated: the file ends before the GIF trailer"),
            "{e}"
        );
        let e = scan(&mut Cursor::new(&b[..25])).unwrap_err().to_string();
        assert!(
            e.contains("offset 20: truncated: an image descriptor needs 9 bytes"),
            "{e}"
        );
        let mut bad = b.clone();
        bad[19] = 0x99;
        let e = scan(&mut Cursor::new(&bad)).unwrap_err().to_string();
        assert!(e.contains("offset 19: unknown block type 99"), "{e}");
        let e = scan(&mut Cursor::new(b"GIF90a")).unwrap_err().to_string();
        assert!(e.contains("offset 0: not a GIF"), "{e}");
    }
}
