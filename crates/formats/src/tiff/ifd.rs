//! TIFF structure at byte level: header, IFD0 and its entries, the XMP tag (700).
//!
//! Hand-written because the crates that read TIFF decode images and drop what they
//! do not understand; here every count and offset must be bounds-checked against the
//! file length and the exact entry positions kept, so that a write can repoint one
//! entry and leave every other byte (MakerNotes, strips, private IFDs) where it was.

use std::io::SeekFrom;

use crate::{FormatError, ReadSeek};

pub use crate::tiff::order::Order;

/// The XMP tag (docs/containers.md, "TIFF: tag 700").
pub const TAG_XMP: u16 = 700;
/// DNGVersion: present in IFD0 of every DNG.
pub const TAG_DNG_VERSION: u16 = 50706;
pub const TAG_MAKE: u16 = 271;
pub const TAG_SUB_IFDS: u16 = 330;
pub const TAG_COMPRESSION: u16 = 259;
pub const TAG_PHOTOMETRIC: u16 = 262;
/// Photometric interpretations only sensor data uses: CFA (32803), LinearRaw (34892).
const RAW_PHOTOMETRIC: &[u16] = &[32803, 34892];
/// Compression schemes only vendor raws use (Kodak 262 and 65000, Sony 32767, Samsung
/// 32769/32770/32772, Kodak KDC 32867, Panasonic 34316, Nikon NEF 34713, Pentax 65535).
const RAW_COMPRESSION: &[u16] = &[
    262, 32767, 32769, 32770, 32772, 32867, 34316, 34713, 65000, 65535,
];
/// Most SubIFDs looked at when telling a raw from a TIFF.
const MAX_SUB_IFDS: u64 = 16;
/// DNGPrivateData without DNGVersion: a vendor raw (Sony SR2Private, ...).
pub const TAG_DNG_PRIVATE: u16 = 50740;

/// Most IFDs a chain may hold before we call it a loop or garbage.
const MAX_CHAIN: usize = 1024;
/// Most entries we accept in one BigTIFF IFD (classic TIFF is bounded by u16).
const MAX_BIG_ENTRIES: u64 = 1 << 20;

pub(crate) fn corrupt(offset: u64, message: impl Into<String>) -> FormatError {
    FormatError::corrupt("TIFF", offset, message)
}

/// What the first bytes say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub order: Order,
    /// BigTIFF (magic 43): 8-byte offsets and counts, 20-byte entries.
    pub big: bool,
    /// The 16-bit magic: 42 for TIFF, 43 BigTIFF, or a raw vendor's own (ORF, RW2).
    pub magic: u16,
    /// Offset of IFD0.
    pub ifd0: u64,
    /// Canon CR2: `CR` right after the classic header.
    pub canon: bool,
}

impl Header {
    /// Where the IFD0 offset is stored.
    pub fn ifd0_ptr_at(&self) -> u64 {
        if self.big {
            8
        } else {
            4
        }
    }

    /// Size of an offset (and of the value field of an entry).
    pub fn word(&self) -> u64 {
        if self.big {
            8
        } else {
            4
        }
    }

    pub fn entry_size(&self) -> u64 {
        if self.big {
            20
        } else {
            12
        }
    }

    fn count_size(&self) -> u64 {
        if self.big {
            8
        } else {
            2
        }
    }

    /// Magic of a proprietary raw that uses the TIFF structure with its own magic.
    pub fn vendor_raw(&self) -> bool {
        self.canon || !matches!(self.magic, 42 | 43)
    }
}

/// Parses the header; `None` when the bytes are not TIFF-structured at all.
pub fn parse_header(head: &[u8]) -> Option<Header> {
    let order = match head.get(..2)? {
        b"II" => Order::Little,
        b"MM" => Order::Big,
        _ => return None,
    };
    let magic = order.u16(head.get(2..4)?);
    match magic {
        42 | 0x4F52 | 0x5352 | 0x0055 => Some(Header {
            order,
            big: false,
            magic,
            ifd0: u64::from(order.u32(head.get(4..8)?)),
            canon: head.get(8..10) == Some(b"CR"),
        }),
        43 => {
            let rest = head.get(4..16)?;
            if order.u16(&rest[0..2]) != 8 || order.u16(&rest[2..4]) != 0 {
                return None;
            }
            Some(Header {
                order,
                big: true,
                magic,
                ifd0: order.u64(&rest[4..12]),
                canon: false,
            })
        }
        _ => None,
    }
}

/// One directory entry as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub tag: u16,
    pub typ: u16,
    pub count: u64,
    /// File offset of the entry's first byte.
    pub at: u64,
    /// The entry's bytes exactly as stored (12 or 20).
    pub raw: Vec<u8>,
}

impl Entry {
    /// The value/offset field (4 or 8 bytes).
    pub fn value_field<'a>(&'a self, h: &Header) -> &'a [u8] {
        if h.big {
            &self.raw[12..20]
        } else {
            &self.raw[8..12]
        }
    }

    /// Byte size of the value, or None for an unknown type or an overflow.
    pub fn byte_len(&self) -> Option<u64> {
        type_size(self.typ).and_then(|s| s.checked_mul(self.count))
    }
}

/// Size in bytes of one value of a TIFF field type.
pub fn type_size(typ: u16) -> Option<u64> {
    match typ {
        1 | 2 | 6 | 7 => Some(1),
        3 | 8 => Some(2),
        4 | 9 | 11 | 13 => Some(4),
        5 | 10 | 12 | 16 | 17 | 18 => Some(8),
        _ => None,
    }
}

/// An image file directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ifd {
    pub offset: u64,
    pub entries: Vec<Entry>,
    /// Offset of the next IFD (0: none).
    pub next: u64,
}

impl Ifd {
    pub fn find(&self, tag: u16) -> Option<&Entry> {
        self.entries.iter().find(|e| e.tag == tag)
    }

    /// Bytes the IFD occupies.
    pub fn size(&self, h: &Header) -> u64 {
        h.count_size() + self.entries.len() as u64 * h.entry_size() + h.word()
    }
}

/// Where the XMP packet of IFD0 sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmpEntry {
    /// Index in IFD0's entries.
    pub index: usize,
    pub typ: u16,
    /// File offset of the packet bytes (inside the entry when stored inline).
    pub offset: u64,
    pub len: u64,
    /// True when the value is stored inside the entry (tiny, never a real packet).
    pub inline: bool,
}

/// Everything a read or a write needs to know about a TIFF file.
#[derive(Debug, Clone)]
pub struct Layout {
    pub header: Header,
    pub file_len: u64,
    pub ifd0: Ifd,
    pub xmp: Option<XmpEntry>,
    /// Problems that do not stop reading or an XMP-only write.
    pub warnings: Vec<String>,
    /// Content says this is a vendor raw ([`looks_raw`]).
    pub raw: bool,
    /// An IFD after IFD0 that cannot be read (docs/safe-writing.md, "Damaged
    /// files"); its warning is in `warnings`.
    pub damage: Vec<crate::Damage>,
}

impl Layout {
    pub fn is_dng(&self) -> bool {
        self.ifd0.find(TAG_DNG_VERSION).is_some()
    }

    /// Content says this is a vendor raw (see [`crate::tiff::classify`]).
    pub fn looks_raw(&self) -> bool {
        self.raw
    }
}

/// Whether the structure is a vendor raw (docs/containers.md, "TIFF-based raw
/// files"): a vendor magic; DNGPrivateData without DNGVersion (Sony SR2); or sensor
/// data (a CFA or LinearRaw photometric, or a vendor compression) in IFD0 (PEF, DCR)
/// or in a SubIFD (NEF, ARW, SRW) of a file without DNGVersion. Camera `Make` and
/// `Model` tags, or SubIFDs holding ordinary images (thumbnails, previews), do not
/// make a raw: cameras, scanners and editors write them into plain TIFFs too. The one
/// guess left: a camera `Make` with SubIFDs that cannot be read is kept read-only, as
/// the private structures of vendor raws look like that.
pub fn looks_raw(src: &mut dyn ReadSeek, h: &Header, file_len: u64, ifd0: &Ifd) -> bool {
    if h.vendor_raw() {
        return true;
    }
    if ifd0.find(TAG_DNG_VERSION).is_some() {
        return false;
    }
    if ifd0.find(TAG_DNG_PRIVATE).is_some() || holds_sensor_data(h, ifd0) {
        return true;
    }
    let Some(subs) = ifd0.find(TAG_SUB_IFDS) else {
        return false;
    };
    let camera = ifd0.find(TAG_MAKE).is_some();
    let Some(offsets) = sub_ifd_offsets(src, h, file_len, subs) else {
        return camera;
    };
    for off in offsets {
        match read_ifd(src, h, file_len, off, "SubIFD") {
            Ok(sub) if holds_sensor_data(h, &sub) => return true,
            Ok(_) => {}
            Err(_) if camera => return true,
            Err(_) => {}
        }
    }
    false
}

/// A photometric interpretation or a compression that only raw sensor data uses.
fn holds_sensor_data(h: &Header, ifd: &Ifd) -> bool {
    let short = |tag: u16| {
        let e = ifd.find(tag)?;
        let f = e.value_field(h);
        match e.typ {
            3 => Some(h.order.u16(f)),
            4 => u16::try_from(h.order.u32(f)).ok(),
            _ => None,
        }
    };
    short(TAG_PHOTOMETRIC).is_some_and(|p| RAW_PHOTOMETRIC.contains(&p))
        || short(TAG_COMPRESSION).is_some_and(|c| RAW_COMPRESSION.contains(&c))
}

/// The offsets a SubIFDs entry lists (LONG or IFD; LONG8 or IFD8 in BigTIFF), None
/// when they cannot be read.
fn sub_ifd_offsets(
    src: &mut dyn ReadSeek,
    h: &Header,
    file_len: u64,
    e: &Entry,
) -> Option<Vec<u64>> {
    let size: u64 = match e.typ {
        4 | 13 => 4,
        16 | 18 => 8,
        _ => return None,
    };
    let count = e.count.min(MAX_SUB_IFDS);
    let len = size * count;
    let bytes = if e.count * size <= h.word() {
        e.value_field(h)[..len as usize].to_vec()
    } else {
        let f = e.value_field(h);
        let at = if h.big {
            h.order.u64(f)
        } else {
            u64::from(h.order.u32(f))
        };
        read_at(src, file_len, at, len, "SubIFDs").ok()?
    };
    Some(
        bytes
            .chunks_exact(size as usize)
            .map(|c| {
                if size == 4 {
                    u64::from(h.order.u32(c))
                } else {
                    h.order.u64(c)
                }
            })
            .collect(),
    )
}

/// Reads exactly `len` bytes at `offset`, checked against `file_len`.
pub fn read_at(
    src: &mut dyn ReadSeek,
    file_len: u64,
    offset: u64,
    len: u64,
    what: &str,
) -> Result<Vec<u8>, FormatError> {
    let end = offset
        .checked_add(len)
        .ok_or_else(|| corrupt(offset, format!("{what}: length {len} overflows")))?;
    if end > file_len {
        return Err(corrupt(
            offset,
            format!("{what}: {len} bytes at offset {offset} run past the end of the file ({file_len} bytes)"),
        ));
    }
    let n = usize::try_from(len).map_err(|_| corrupt(offset, format!("{what}: too large")))?;
    src.seek(SeekFrom::Start(offset))?;
    let mut buf = vec![0u8; n];
    src.read_exact(&mut buf)?;
    Ok(buf)
}

/// Reads one IFD (entries and next pointer), bounds-checked.
pub fn read_ifd(
    src: &mut dyn ReadSeek,
    h: &Header,
    file_len: u64,
    offset: u64,
    name: &str,
) -> Result<Ifd, FormatError> {
    let cbytes = read_at(
        src,
        file_len,
        offset,
        h.count_size(),
        &format!("{name} entry count"),
    )?;
    let n = if h.big {
        h.order.u64(&cbytes)
    } else {
        u64::from(h.order.u16(&cbytes))
    };
    if h.big && n > MAX_BIG_ENTRIES {
        return Err(corrupt(offset, format!("{name} claims {n} entries")));
    }
    let body_at = offset + h.count_size();
    let body_len = n * h.entry_size() + h.word();
    let body = read_at(
        src,
        file_len,
        body_at,
        body_len,
        &format!("{name} ({n} entries)"),
    )?;
    let es = h.entry_size() as usize;
    let mut entries = Vec::with_capacity(n as usize);
    for (i, raw) in body.chunks_exact(es).take(n as usize).enumerate() {
        let o = h.order;
        let (count, typ) = if h.big {
            (o.u64(&raw[4..12]), o.u16(&raw[2..4]))
        } else {
            (u64::from(o.u32(&raw[4..8])), o.u16(&raw[2..4]))
        };
        entries.push(Entry {
            tag: o.u16(&raw[0..2]),
            typ,
            count,
            at: body_at + i as u64 * h.entry_size(),
            raw: raw.to_vec(),
        });
    }
    let next_raw = &body[body.len() - h.word() as usize..];
    let next = if h.big {
        h.order.u64(next_raw)
    } else {
        u64::from(h.order.u32(next_raw))
    };
    Ok(Ifd {
        offset,
        entries,
        next,
    })
}

/// Reads the header, IFD0 and the location of the XMP packet; walks the IFD chain
/// only to report loops and bad pointers as warnings.
pub fn read_layout(src: &mut dyn ReadSeek) -> Result<Layout, FormatError> {
    let file_len = src.seek(SeekFrom::End(0))?;
    let head_len = file_len.min(16);
    let head = read_at(src, file_len, 0, head_len, "header")?;
    let header = match parse_header(&head) {
        Some(h) => h,
        None if head.len() < 8 => {
            return Err(corrupt(
                0,
                format!("file too short for a TIFF header ({file_len} bytes)"),
            ))
        }
        None => return Err(corrupt(0, "not a TIFF header (expected II*\\0 or MM\\0*)")),
    };
    if header.ifd0 < 8 {
        return Err(corrupt(
            header.ifd0_ptr_at(),
            format!("IFD0 offset {} points into the header", header.ifd0),
        ));
    }
    let ifd0 = read_ifd(src, &header, file_len, header.ifd0, "IFD0")?;
    let mut warnings = Vec::new();
    if ifd0.entries.windows(2).any(|w| w[0].tag >= w[1].tag) {
        warnings.push(format!(
            "IFD0 at offset {}: entries are not sorted by tag",
            ifd0.offset
        ));
    }
    let xmp = xmp_entry(&header, file_len, &ifd0, &mut warnings)?;
    let damage = walk_chain(src, &header, file_len, &ifd0, &mut warnings);
    warnings.extend(damage.iter().map(crate::Damage::warning));
    let raw = looks_raw(src, &header, file_len, &ifd0);
    Ok(Layout {
        header,
        file_len,
        ifd0,
        xmp,
        warnings,
        raw,
        damage,
    })
}

fn xmp_entry(
    h: &Header,
    file_len: u64,
    ifd0: &Ifd,
    warnings: &mut Vec<String>,
) -> Result<Option<XmpEntry>, FormatError> {
    let mut found = ifd0
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.tag == TAG_XMP);
    let Some((index, e)) = found.next() else {
        return Ok(None);
    };
    if found.next().is_some() {
        warnings.push(format!(
            "IFD0 has more than one XMP tag (700); using the one at offset {}",
            e.at
        ));
    }
    match e.typ {
        1 | 7 => {}
        2 => warnings.push(format!(
            "XMP tag (700) at offset {} has type ASCII; read as bytes",
            e.at
        )),
        t => warnings.push(format!(
            "XMP tag (700) at offset {} has unusual type {t}; read as bytes",
            e.at
        )),
    }
    let len = e
        .byte_len()
        .ok_or_else(|| corrupt(e.at, format!("XMP tag (700) has unknown type {}", e.typ)))?;
    let value_at = e.at + if h.big { 12 } else { 8 };
    if len <= h.word() {
        return Ok(Some(XmpEntry {
            index,
            typ: e.typ,
            offset: value_at,
            len,
            inline: true,
        }));
    }
    let field = e.value_field(h);
    let offset = if h.big {
        h.order.u64(field)
    } else {
        u64::from(h.order.u32(field))
    };
    match offset.checked_add(len) {
        Some(end) if end <= file_len => {}
        _ => {
            return Err(corrupt(
                e.at,
                format!(
                    "XMP tag (700): {len} bytes at offset {offset} run past the end of the file ({file_len} bytes)"
                ),
            ))
        }
    }
    Ok(Some(XmpEntry {
        index,
        typ: e.typ,
        offset,
        len,
        inline: false,
    }))
}

/// Follows the next-IFD pointers after IFD0, reading only counts and pointers; an
/// IFD that cannot be read is damage (returned), a loop only a warning.
fn walk_chain(
    src: &mut dyn ReadSeek,
    h: &Header,
    file_len: u64,
    ifd0: &Ifd,
    warnings: &mut Vec<String>,
) -> Vec<crate::Damage> {
    let mut seen = vec![ifd0.offset];
    let mut from = ifd0.offset;
    let mut next = ifd0.next;
    let mut index = 1usize;
    while next != 0 {
        if seen.contains(&next) {
            warnings.push(format!(
                "IFD chain loops: IFD at offset {from} points back to offset {next}"
            ));
            return Vec::new();
        }
        if seen.len() >= MAX_CHAIN {
            warnings.push(format!(
                "IFD chain longer than {MAX_CHAIN}; not followed further"
            ));
            return Vec::new();
        }
        match read_ifd(src, h, file_len, next, &format!("IFD{index}")) {
            Ok(ifd) => {
                seen.push(next);
                from = next;
                next = ifd.next;
                index += 1;
            }
            Err(e) => {
                let what = format!("IFD{index}, which IFD at offset {from} points to: {e}");
                let end = next.saturating_add(2).min(file_len);
                return vec![crate::Damage::new(what, next.min(file_len), end)];
            }
        }
    }
    Vec::new()
}
