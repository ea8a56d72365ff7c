//! Photoshop PSD and PSB: XMP in image resource 0x0424 of the image resources section
//! (docs/containers.md, "PSD and PSB").
//!
//! Byte level: walk the header, the color mode data, every image resource and the
//! lengths of the layer and mask section; no pixel or layer is decoded. A write
//! replaces the XMP resource's data (its name and place kept) or appends a new XMP
//! resource at the end of the section, and fixes the section length: every other
//! resource, the layer and mask section and the image data are copied byte for byte.
//! PSD holds no absolute file offsets outside its sections (each section and resource
//! is length-prefixed), so moving the bytes after the resources section is safe.
//! Same-length updates patch the packet in place.

use std::io::Write;

use crate::packet::{parse_into, patch_stored};
use crate::stream::{apply_edits, hash_range, Edit, Walker};
use crate::{Container, Format, FormatError, Found, Patch, Preserved, ReadSeek, Region};
use xmpedit_core::xmp::{Packet, WriteOptions};

const FORMAT: &str = "PSD";
/// The image resource ID of XMP metadata.
pub const XMP_RESOURCE: u16 = 0x0424;
/// Signatures image resources carry (Photoshop writes `8BIM`; the others come from
/// ImageReady and older tools and are read alike).
const SIGNATURES: &[&[u8; 4]] = &[b"8BIM", b"MeSa", b"PHUT", b"AgHg", b"DCSR"];
/// Largest packet accepted on read.
const MAX_PACKET: u64 = 64 << 20;

/// One image resource as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// Offset of its signature.
    pub offset: u64,
    /// Its bytes in the file: header, name, data and the data's pad byte.
    pub len: u64,
    pub id: u16,
    /// Offset of the data, and its declared size (without the pad byte).
    pub data_offset: u64,
    pub data_len: u64,
}

impl Resource {
    pub fn end(&self) -> u64 {
        self.offset + self.len
    }
}

/// The section structure of a PSD or PSB file.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// 1: PSD, 2: PSB (large document: 8-byte layer section lengths).
    pub version: u16,
    pub file_len: u64,
    /// Offset of the image resources section's length field; the section's data
    /// runs from 4 bytes later to `resources_end`.
    pub resources_at: u64,
    pub resources_end: u64,
    pub resources: Vec<Resource>,
    /// Index of the first XMP resource in `resources`.
    pub xmp: Option<usize>,
    /// The layer and mask information section (length field included).
    pub layers: (u64, u64),
    pub warnings: Vec<String>,
}

/// Reads `buf.len()` bytes at `offset`.
fn read_exact_at(src: &mut dyn ReadSeek, offset: u64, buf: &mut [u8]) -> Result<(), FormatError> {
    src.seek(std::io::SeekFrom::Start(offset))?;
    src.read_exact(buf)?;
    Ok(())
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([b[at], b[at + 1]])
}

/// Walks the sections and the image resources.
pub fn scan(src: &mut dyn ReadSeek) -> Result<Layout, FormatError> {
    let mut w = Walker::new(src, FORMAT)?;
    let head = w.array::<26>("the PSD header")?;
    if &head[..4] != b"8BPS" {
        return Err(w.corrupt_at(0, "not a PSD file (no 8BPS signature)"));
    }
    let version = u16_at(&head, 4);
    if !matches!(version, 1 | 2) {
        return Err(w.corrupt_at(4, format!("unknown PSD version {version} (1: PSD, 2: PSB)")));
    }
    let mut layout = Layout {
        version,
        file_len: w.len,
        ..Layout::default()
    };
    let color_at = w.pos;
    let color_len = u64::from(u32::from_be_bytes(
        w.array::<4>("the color mode data length")?,
    ));
    if color_len > w.remaining() {
        return Err(w.corrupt_at(
            color_at,
            format!("truncated: the color mode data declares {color_len} bytes"),
        ));
    }
    w.skip(color_len, "the color mode data")?;
    layout.resources_at = w.pos;
    let res_len = u64::from(u32::from_be_bytes(
        w.array::<4>("the image resources length")?,
    ));
    if res_len > w.remaining() {
        return Err(w.corrupt_at(
            layout.resources_at,
            format!(
                "truncated: the image resources section declares {res_len} bytes but the file \
                 ends at offset {}",
                w.len
            ),
        ));
    }
    layout.resources_end = w.pos + res_len;
    while w.pos < layout.resources_end {
        let offset = w.pos;
        let left = layout.resources_end - offset;
        let bad = |m: String| FormatError::corrupt(FORMAT, offset, m);
        if left < 12 {
            return Err(bad(format!(
                "{left} stray bytes at the end of the image resources section"
            )));
        }
        let sig = w.array::<4>("an image resource")?;
        if !SIGNATURES.contains(&&sig) {
            return Err(bad(format!(
                "image resource with an unknown signature {sig:02X?}"
            )));
        }
        let id = u16::from_be_bytes(w.array::<2>("an image resource ID")?);
        let name_len = u64::from(w.u8("an image resource name")?);
        // The name (a Pascal string) is padded to an even size, length byte included.
        let name_stored = (1 + name_len).next_multiple_of(2) - 1;
        if name_stored + 4 > layout.resources_end - w.pos {
            return Err(bad(format!(
                "image resource 0x{id:04X}: its name runs past the section"
            )));
        }
        w.skip(name_stored, "an image resource name")?;
        let data_len = u64::from(u32::from_be_bytes(w.array::<4>("an image resource size")?));
        let data_offset = w.pos;
        let stored = data_len.next_multiple_of(2);
        let room = layout.resources_end - data_offset;
        // A last resource whose pad byte is missing is a common writer slip.
        if data_len > room {
            return Err(bad(format!(
                "image resource 0x{id:04X} declares {data_len} bytes but the section has {room} left"
            )));
        }
        let stored = stored.min(room);
        w.skip(stored, "image resource data")?;
        if id == XMP_RESOURCE {
            if layout.xmp.is_some() {
                layout.warnings.push(format!(
                    "a second XMP image resource at offset {offset}; the first is used, this one \
                     is kept unchanged"
                ));
            } else {
                layout.xmp = Some(layout.resources.len());
            }
        }
        layout.resources.push(Resource {
            offset,
            len: w.pos - offset,
            id,
            data_offset,
            data_len,
        });
    }
    let layers_at = w.pos;
    let layers_len = if version == 2 {
        u64::from_be_bytes(w.array::<8>("the layer and mask section length")?)
    } else {
        u64::from(u32::from_be_bytes(
            w.array::<4>("the layer and mask section length")?,
        ))
    };
    if layers_len > w.remaining() {
        return Err(w.corrupt_at(
            layers_at,
            format!(
                "truncated: the layer and mask section declares {layers_len} bytes but the file \
                 ends at offset {}",
                w.len
            ),
        ));
    }
    layout.layers = (layers_at, w.pos + layers_len);
    Ok(layout)
}

/// A complete XMP image resource holding `packet` (empty name, data padded to even).
pub fn xmp_resource(packet: &[u8]) -> Result<Vec<u8>, FormatError> {
    let len = u32::try_from(packet.len())
        .map_err(|_| FormatError::TooLarge("the XMP packet is too large for PSD".into()))?;
    let mut v = Vec::with_capacity(packet.len() + 13);
    v.extend_from_slice(b"8BIM");
    v.extend_from_slice(&XMP_RESOURCE.to_be_bytes());
    v.extend_from_slice(&[0, 0]);
    v.extend_from_slice(&len.to_be_bytes());
    v.extend_from_slice(packet);
    if packet.len() % 2 == 1 {
        v.push(0);
    }
    Ok(v)
}

/// Streams a copy with the XMP resource's data replaced by `packet` (its signature,
/// ID and name kept), or a new XMP resource appended to the section, and the
/// section's length fixed. Every other byte is copied unchanged.
pub fn splice(
    src: &mut dyn ReadSeek,
    layout: &Layout,
    packet: &[u8],
    dst: &mut dyn Write,
) -> Result<(), FormatError> {
    let (start, end, new) = match layout.xmp.and_then(|i| layout.resources.get(i)) {
        Some(r) => {
            let mut v = xmp_resource(packet)?;
            // Keep the stored header (signature, ID, name); only size and data change.
            let header_len = r.data_offset - 4 - r.offset;
            let mut head = vec![0u8; header_len as usize];
            read_exact_at(src, r.offset, &mut head)?;
            v.splice(..8, head);
            (r.offset, r.end(), v)
        }
        None => (
            layout.resources_end,
            layout.resources_end,
            xmp_resource(packet)?,
        ),
    };
    let old_section = layout.resources_end - layout.resources_at - 4;
    let new_section = old_section - (end - start) + new.len() as u64;
    let section_len = u32::try_from(new_section).map_err(|_| {
        FormatError::TooLarge("the image resources section would exceed 4 GiB".into())
    })?;
    let len_field = section_len.to_be_bytes();
    let edits = [
        Edit {
            start: layout.resources_at,
            end: layout.resources_at + 4,
            bytes: &len_field,
        },
        Edit {
            start,
            end,
            bytes: &new,
        },
    ];
    apply_edits(src, dst, layout.file_len, &edits)
}

/// Everything a write keeps: header and color mode data, each image resource but the
/// XMP one, the layer and mask section, and the image data.
pub fn preserved(src: &mut dyn ReadSeek, layout: &Layout) -> Result<Preserved, FormatError> {
    let mut out = Preserved::new();
    out.push((
        "header and color mode data".into(),
        hash_range(src, 0, layout.resources_at)?,
    ));
    for (i, r) in layout.resources.iter().enumerate() {
        if Some(i) != layout.xmp {
            out.push((
                format!("image resource 0x{:04X}", r.id),
                hash_range(src, r.offset, r.len)?,
            ));
        }
    }
    let (s, e) = layout.layers;
    out.push((
        "layer and mask information".into(),
        hash_range(src, s, e - s)?,
    ));
    out.push((
        "image data".into(),
        hash_range(src, e, layout.file_len - e)?,
    ));
    Ok(out)
}

/// The PSD/PSB container.
pub struct Psd;

impl Container for Psd {
    fn format(&self) -> Format {
        Format::Psd
    }

    fn sniff(&self, head: &[u8]) -> bool {
        head.starts_with(b"8BPS")
    }

    /// A file whose sections do not add up is still searched for a packet, as
    /// before this module existed (the packet scanner); every write to it is then
    /// refused by the structure walk.
    fn read(&self, src: &mut dyn ReadSeek) -> Result<Found, FormatError> {
        let layout = match scan(src) {
            Ok(l) => l,
            Err(e @ FormatError::Corrupt { .. }) => {
                return crate::fallback::scanned(
                    src,
                    Format::Psd,
                    format!(
                        "the PSD structure is damaged ({e}); the XMP was found by scanning, \
                         and the file cannot be written"
                    ),
                );
            }
            Err(e) => return Err(e),
        };
        let mut found = Found::empty(Format::Psd);
        found.warnings = layout.warnings.clone();
        let Some(r) = layout.xmp.and_then(|i| layout.resources.get(i)) else {
            return Ok(found);
        };
        if r.data_len > MAX_PACKET {
            return Err(FormatError::corrupt(
                FORMAT,
                r.offset,
                format!(
                    "the XMP image resource of {} bytes is too large",
                    r.data_len
                ),
            ));
        }
        let mut bytes = vec![0u8; r.data_len as usize];
        read_exact_at(src, r.data_offset, &mut bytes)?;
        found.region = Some(Region {
            offset: r.data_offset,
            len: r.data_len,
        });
        parse_into(&mut found, bytes, r.data_offset)?;
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
        let layout = scan(src)?;
        let Some(r) = layout.xmp.and_then(|i| layout.resources.get(i)) else {
            return Ok(None);
        };
        let range = (r.data_offset, r.data_offset + r.data_len);
        patch_stored(found, info, range, packet, opts, "the XMP image resource")
    }

    fn rewrite(
        &self,
        src: &mut dyn ReadSeek,
        _found: &Found,
        packet: &Packet,
        opts: &WriteOptions,
        dst: &mut dyn Write,
    ) -> Result<(), FormatError> {
        let layout = scan(src)?;
        let bytes = crate::packet::serialize(packet, opts);
        splice(src, &layout, &bytes, dst)
    }

    fn preserved(&self, src: &mut dyn ReadSeek) -> Result<Option<Preserved>, FormatError> {
        let layout = scan(src)?;
        preserved(src, &layout).map(Some)
    }
}

/// A minimal valid 1x1 8-bit grayscale PSD (`psb`: a PSB) without XMP: one
/// resolution resource, an empty layer and mask section, raw image data.
#[cfg(any(test, feature = "testing"))]
pub fn blank(psb: bool) -> Vec<u8> {
    let mut v = b"8BPS".to_vec();
    v.extend_from_slice(&(if psb { 2u16 } else { 1 }).to_be_bytes());
    v.extend_from_slice(&[0; 6]);
    v.extend_from_slice(&1u16.to_be_bytes()); // channels
    v.extend_from_slice(&1u32.to_be_bytes()); // height
    v.extend_from_slice(&1u32.to_be_bytes()); // width
    v.extend_from_slice(&8u16.to_be_bytes()); // depth
    v.extend_from_slice(&1u16.to_be_bytes()); // grayscale
    v.extend_from_slice(&0u32.to_be_bytes()); // color mode data
                                              // ResolutionInfo (0x03ED): 72 dpi both ways, 16 bytes.
    let mut res = b"8BIM\x03\xED\0\0".to_vec();
    res.extend_from_slice(&16u32.to_be_bytes());
    res.extend_from_slice(&[0, 0x48, 0, 0, 0, 1, 0, 1, 0, 0x48, 0, 0, 0, 1, 0, 1]);
    v.extend_from_slice(&(res.len() as u32).to_be_bytes());
    v.extend_from_slice(&res);
    if psb {
        v.extend_from_slice(&0u64.to_be_bytes());
    } else {
        v.extend_from_slice(&0u32.to_be_bytes());
    }
    v.extend_from_slice(&0u16.to_be_bytes()); // raw image data
    v.push(0x80);
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn blank_is_well_formed_and_has_no_xmp() {
        for psb in [false, true] {
            let b = blank(psb);
            let l = scan(&mut Cursor::new(&b)).unwrap();
            assert_eq!(l.version, if psb { 2 } else { 1 });
            assert_eq!(l.resources.len(), 1);
            assert_eq!(l.resources[0].id, 0x03ED);
            assert!(l.xmp.is_none());
            assert_eq!(l.layers.1 + 3, b.len() as u64);
        }
    }

    #[test]
    fn splice_appends_then_replaces_the_xmp_resource() {
        let b = blank(false);
        let l = scan(&mut Cursor::new(&b)).unwrap();
        let mut once = Vec::new();
        splice(&mut Cursor::new(&b), &l, b"<odd/>x", &mut once).unwrap();
        let l1 = scan(&mut Cursor::new(&once)).unwrap();
        let x = &l1.resources[l1.xmp.unwrap()];
        assert_eq!(x.data_len, 7);
        assert_eq!(x.len, 12 + 8);
        assert_eq!(once[..26], b[..26]);
        assert_eq!(once[once.len() - 7..], b[b.len() - 7..]);
        let mut twice = Vec::new();
        splice(&mut Cursor::new(&once), &l1, b"<ab/>", &mut twice).unwrap();
        let l2 = scan(&mut Cursor::new(&twice)).unwrap();
        let x = &l2.resources[l2.xmp.unwrap()];
        assert_eq!(&twice[x.data_offset as usize..][..5], b"<ab/>");
        assert_eq!(l2.resources.len(), 2);
    }

    #[test]
    fn broken_lengths_name_the_offset() {
        let mut b = blank(false);
        b[30..34].copy_from_slice(&1000u32.to_be_bytes());
        let e = scan(&mut Cursor::new(&b)).unwrap_err().to_string();
        assert!(
            e.contains("offset 30: truncated: the image resources section"),
            "{e}"
        );
        let mut b = blank(false);
        b[34..38].copy_from_slice(b"XXXX");
        let e = scan(&mut Cursor::new(&b)).unwrap_err().to_string();
        assert!(
            e.contains("offset 34: image resource with an unknown signature"),
            "{e}"
        );
    }
}
