//! TIFF, DNG and TIFF-based raw files: XMP in IFD0 tag 700
//! (docs/containers.md, "TIFF and DNG").
//!
//! [`ifd`] walks the structure with every count and offset bounds-checked; [`plan`]
//! turns new packet bytes into a write: same-length in place, else update by append
//! (only IFD0's XMP entry, or the header's IFD0 pointer, changes). DNG is written like
//! TIFF. Proprietary raws ([`Format::Raw`]) are read but never written: they hide
//! absolute offsets in MakerNotes that generic TIFF code cannot see, so the user is
//! pointed to a sidecar instead.
//!
//! Raw detection (see [`classify`] and [`ifd::looks_raw`]) is content first: a vendor
//! magic (ORF `IIRO`/`IIRS`/`MMOR`, RW2 `IIU\0`), CR2's `CR` after the header,
//! `DNGPrivateData` without `DNGVersion`, or sensor data (CFA photometric, a vendor
//! compression) in IFD0 or a SubIFD (NEF, ARW, PEF, SRW). Camera `Make`/`Model` tags
//! alone never make a raw: a plain TIFF from a camera or scanner stays writable. A raw
//! file extension makes a file read-only too, never the other way round.
//! [`Container::read`] has no path: the dispatcher must set `Found::format` to
//! [`Format::Raw`] when [`classify`] says so from the extension; writes check it.

pub mod ifd;
pub mod order;
pub mod plan;
pub mod preserve;

use std::io::{Cursor, Write};
use std::path::Path;

use crate::packet;
use crate::{Container, Format, FormatError, Found, Patch, Preserved, ReadSeek, Region};
use xmpedit_core::xmp::{Packet, WriteOptions};

pub use ifd::{Layout, Order};

/// The TIFF container (also DNG and, read-only, TIFF-based raw).
pub struct Tiff;

/// Extensions of TIFF-structured proprietary raw formats (read-only).
const RAW_EXTENSIONS: &[&str] = &[
    "3fr", "ari", "arw", "bay", "cap", "cr2", "cs1", "dcr", "dcs", "drf", "eip", "erf", "fff",
    "gpr", "iiq", "k25", "kdc", "mdc", "mef", "mos", "mrw", "nef", "nrw", "orf", "pef", "ptx",
    "raf", "raw", "rw2", "rwl", "sr2", "srf", "srw", "x3f",
];

fn has_raw_extension(path: Option<&Path>) -> bool {
    path.and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .is_some_and(|e| RAW_EXTENSIONS.iter().any(|r| e.eq_ignore_ascii_case(r)))
}

/// Tiff, Dng or Raw for TIFF-structured bytes (`Other` when `head` is not TIFF).
/// IFD0 is inspected when it lies within `head`.
pub fn classify(head: &[u8], path: Option<&Path>) -> Format {
    let Some(h) = ifd::parse_header(head) else {
        return Format::Other;
    };
    let mut format = if h.vendor_raw() {
        Format::Raw
    } else {
        Format::Tiff
    };
    if format == Format::Tiff {
        let mut cur = Cursor::new(head);
        if let Ok(ifd0) = ifd::read_ifd(&mut cur, &h, head.len() as u64, h.ifd0, "IFD0") {
            if ifd::looks_raw(&mut cur, &h, head.len() as u64, &ifd0) {
                format = Format::Raw;
            } else if ifd0.find(ifd::TAG_DNG_VERSION).is_some() {
                format = Format::Dng;
            }
        }
    }
    if has_raw_extension(path) {
        format = Format::Raw;
    }
    format
}

fn format_of(layout: &Layout) -> Format {
    if layout.looks_raw() {
        Format::Raw
    } else if layout.is_dng() {
        Format::Dng
    } else {
        Format::Tiff
    }
}

fn refuse_raw(found: &Found) -> Result<(), FormatError> {
    if found.format == Format::Raw {
        return Err(FormatError::NotWritable {
            format: "raw",
            hint: "proprietary raw files keep hidden offsets that a TIFF writer can break; \
                   write the XMP to a sidecar (NAME.xmp) instead"
                .into(),
        });
    }
    Ok(())
}

/// Reads the layout and checks that the XMP sits where `found` says.
fn layout_for_write(src: &mut dyn ReadSeek, found: &Found) -> Result<Layout, FormatError> {
    let layout = ifd::read_layout(src)?;
    let now = layout.xmp.as_ref().map(|x| Region {
        offset: x.offset,
        len: x.len,
    });
    if now != found.region {
        return Err(FormatError::Changed(
            "the XMP tag of IFD0 moved since the file was read".into(),
        ));
    }
    Ok(layout)
}

impl Container for Tiff {
    fn format(&self) -> Format {
        Format::Tiff
    }

    fn sniff(&self, head: &[u8]) -> bool {
        ifd::parse_header(head).is_some()
    }

    fn read(&self, src: &mut dyn ReadSeek) -> Result<Found, FormatError> {
        let layout = ifd::read_layout(src)?;
        let mut found = Found::empty(format_of(&layout));
        found.warnings.extend(layout.warnings.iter().cloned());
        found.damage.extend(layout.damage.iter().cloned());
        if let Some(x) = &layout.xmp {
            let bytes = ifd::read_at(src, layout.file_len, x.offset, x.len, "XMP packet")?;
            found.region = Some(Region {
                offset: x.offset,
                len: x.len,
            });
            packet::parse_into(&mut found, bytes, x.offset)?;
        }
        Ok(found)
    }

    fn patch_in_place(
        &self,
        src: &mut dyn ReadSeek,
        found: &Found,
        packet: &Packet,
        opts: &WriteOptions,
    ) -> Result<Option<Vec<Patch>>, FormatError> {
        refuse_raw(found)?;
        let Some(region) = found.region else {
            return Ok(None);
        };
        let layout = layout_for_write(src, found)?;
        let Some(bytes) = packet::serialize_exact(packet, opts, found, region.len) else {
            return Ok(None);
        };
        Ok(plan::in_place(&layout, &bytes).map(|p| vec![p]))
    }

    fn rewrite(
        &self,
        src: &mut dyn ReadSeek,
        found: &Found,
        packet: &Packet,
        opts: &WriteOptions,
        dst: &mut dyn Write,
    ) -> Result<(), FormatError> {
        refuse_raw(found)?;
        let layout = layout_for_write(src, found)?;
        let fitted = found
            .region
            .and_then(|r| packet::serialize_exact(packet, opts, found, r.len))
            .and_then(|b| plan::in_place(&layout, &b));
        let plan = match fitted {
            Some(p) => plan::Plan {
                keep: layout.file_len,
                patches: vec![p],
                tail: Vec::new(),
            },
            None => plan::append(&layout, &packet::serialize(packet, opts))?,
        };
        plan::stream(src, &plan, dst)
    }

    fn preserved(&self, src: &mut dyn ReadSeek) -> Result<Option<Preserved>, FormatError> {
        let layout = ifd::read_layout(src)?;
        preserve::preserved(src, &layout, layout.file_len).map(Some)
    }

    fn preserved_after_write(
        &self,
        src: &mut dyn ReadSeek,
        original_len: u64,
    ) -> Result<Option<Preserved>, FormatError> {
        let layout = ifd::read_layout(src)?;
        preserve::preserved(src, &layout, original_len.min(layout.file_len)).map(Some)
    }
}

/// A minimal valid 1x1 8-bit grayscale TIFF without XMP.
#[cfg(any(test, feature = "testing"))]
pub fn blank(order: Order) -> Vec<u8> {
    let mut v = Vec::new();
    let put16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&order.put_u16(x));
    let put32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&order.put_u32(x));
    v.extend_from_slice(match order {
        Order::Little => b"II",
        Order::Big => b"MM",
    });
    put16(&mut v, 42);
    put32(&mut v, 8);
    // 12 entries: 2 + 12 * 12 + 4 = 150 bytes, so the IFD ends at 158.
    let rationals = 158u32;
    let pixels = rationals + 16;
    let short = |v: &mut Vec<u8>, tag: u16, val: u16| {
        put16(v, tag);
        put16(v, 3);
        put32(v, 1);
        put16(v, val);
        put16(v, 0);
    };
    let long = |v: &mut Vec<u8>, tag: u16, typ: u16, val: u32| {
        put16(v, tag);
        put16(v, typ);
        put32(v, 1);
        put32(v, val);
    };
    put16(&mut v, 12);
    short(&mut v, 256, 1); // ImageWidth
    short(&mut v, 257, 1); // ImageLength
    short(&mut v, 258, 8); // BitsPerSample
    short(&mut v, 259, 1); // Compression: none
    short(&mut v, 262, 1); // PhotometricInterpretation: BlackIsZero
    long(&mut v, 273, 4, pixels); // StripOffsets
    short(&mut v, 277, 1); // SamplesPerPixel
    short(&mut v, 278, 1); // RowsPerStrip
    long(&mut v, 279, 4, 1); // StripByteCounts
    long(&mut v, 282, 5, rationals); // XResolution
    long(&mut v, 283, 5, rationals + 8); // YResolution
    short(&mut v, 296, 2); // ResolutionUnit: inch
    put32(&mut v, 0);
    for _ in 0..2 {
        put32(&mut v, 72);
        put32(&mut v, 1);
    }
    v.push(0x80);
    v
}

/// [`blank`] in little-endian byte order.
#[cfg(any(test, feature = "testing"))]
pub fn blank_le() -> Vec<u8> {
    blank(Order::Little)
}

/// [`blank`] in big-endian byte order.
#[cfg(any(test, feature = "testing"))]
pub fn blank_be() -> Vec<u8> {
    blank(Order::Big)
}
