//! HEIF, HEIC and AVIF: XMP as an item of the top-level `meta` box, found through
//! `iinf` (a `mime` item of type `application/rdf+xml`) and `iloc` (where its bytes
//! are), written without moving the image data where possible (docs/containers.md,
//! "HEIF and AVIF").
//!
//! A write that fits the item's bytes patches them in place. Otherwise the packet goes
//! into a new `mdat` box appended to the file and the item's `iloc` entry points
//! there (the old bytes are zeroed); a file without XMP also gets an `infe` entry and a
//! `cdsc` reference to the primary image. When `meta` changes size, a `free` box after
//! it absorbs the change, or everything after it moves and every file offset in `iloc`
//! that points past `meta` is adjusted.

use std::io::{Read, Write};

use super::boxes::{children, header_bytes, make_box, BoxRef, Children};
use super::items::{self, Iloc, ItemInfo, Location};
use super::plan::{absorb, append, apply, Change};
use crate::packet::{parse_into, patch_stored};
use crate::stream::{hash_range, hash_ranges};
use crate::{Container, Format, FormatError, Found, Patch, Preserved, ReadSeek, Region};
use xmpedit_core::xmp::{Packet, WriteOptions};

const FORMAT: &str = "HEIF";
/// Largest packet accepted on read.
const MAX_PACKET: u64 = 64 << 20;

/// A box inside `meta` with its payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub bx: BoxRef,
    pub payload: Vec<u8>,
}

/// The structure of a HEIF file as an XMP writer needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub file_len: u64,
    pub top: Children,
    pub meta_index: usize,
    /// The children of `meta` (after its version and flags).
    pub meta_children: Children,
    pub iloc: Option<(BoxRef, Iloc)>,
    pub iinf: Option<Held>,
    /// The `infe` boxes of `iinf` and what each says.
    pub infos: Vec<(BoxRef, Option<ItemInfo>)>,
    /// The `iinf` children's unparsed tail.
    pub iinf_tail: u64,
    pub iref: Option<Held>,
    pub iref_children: Children,
    pub primary: Option<u32>,
    pub idat: Option<BoxRef>,
    /// The XMP item.
    pub xmp: Option<ItemInfo>,
    /// A `moov` box (an image sequence): its chunk offsets are not adjusted.
    pub has_moov: bool,
}

impl Layout {
    pub fn meta(&self) -> &BoxRef {
        &self.top.boxes[self.meta_index]
    }

    pub fn location(&self, item: u32) -> Option<&Location> {
        self.iloc.as_ref()?.1.items.iter().find(|l| l.item == item)
    }

    /// The absolute byte ranges (start, end) of an item's data.
    pub fn ranges(&self, loc: &Location) -> Result<Vec<(u64, u64)>, FormatError> {
        let base = match loc.method {
            0 => 0,
            1 => match &self.idat {
                Some(d) => d.body,
                None => {
                    return Err(FormatError::corrupt(
                        FORMAT,
                        self.meta().start,
                        format!("item {} lies in an idat box the file lacks", loc.item),
                    ))
                }
            },
            m => {
                return Err(FormatError::corrupt(
                    FORMAT,
                    self.meta().start,
                    format!(
                        "item {} uses construction method {m}, which xmpedit does not follow",
                        loc.item
                    ),
                ))
            }
        };
        let limit = match (loc.method, &self.idat) {
            (1, Some(d)) => d.end,
            _ => self.file_len,
        };
        let mut out = Vec::new();
        for e in &loc.extents {
            let start = base
                .checked_add(loc.base)
                .and_then(|s| s.checked_add(e.offset))
                .filter(|&s| s <= limit);
            let end = start.and_then(|s| {
                if e.length == 0 {
                    Some(limit)
                } else {
                    s.checked_add(e.length)
                }
            });
            match (start, end) {
                (Some(s), Some(t)) if t <= limit => out.push((s, t)),
                _ => {
                    return Err(FormatError::corrupt(
                        FORMAT,
                        self.meta().start,
                        format!("an extent of item {} lies outside its data", loc.item),
                    ))
                }
            }
        }
        Ok(out)
    }
}

fn held(src: &mut dyn ReadSeek, b: &BoxRef) -> Result<Held, FormatError> {
    let len = b.end - b.body;
    if len > MAX_PACKET {
        return Err(FormatError::corrupt(
            FORMAT,
            b.start,
            format!("'{}' box of {len} bytes is too large", b.name()),
        ));
    }
    let mut payload = vec![0u8; len as usize];
    src.seek(std::io::SeekFrom::Start(b.body))?;
    src.read_exact(&mut payload)?;
    Ok(Held { bx: *b, payload })
}

/// Walks the file: top-level boxes, `meta` and its item boxes.
pub fn scan(src: &mut dyn ReadSeek) -> Result<Layout, FormatError> {
    let file_len = src.seek(std::io::SeekFrom::End(0))?;
    let top = children(src, 0, file_len, true, FORMAT)?;
    let Some(meta_index) = top.boxes.iter().position(|b| b.is(b"meta")) else {
        return Err(FormatError::corrupt(FORMAT, 0, "no meta box"));
    };
    let meta = top.boxes[meta_index];
    if meta.end - meta.body < 4 {
        return Err(FormatError::corrupt(
            FORMAT,
            meta.start,
            "a meta box without its version",
        ));
    }
    let meta_children = children(src, meta.body + 4, meta.end, true, FORMAT)?;
    let mut l = Layout {
        file_len,
        has_moov: top.boxes.iter().any(|b| b.is(b"moov")),
        top,
        meta_index,
        meta_children: meta_children.clone(),
        iloc: None,
        iinf: None,
        infos: Vec::new(),
        iinf_tail: 0,
        iref: None,
        iref_children: Children::default(),
        primary: None,
        idat: None,
        xmp: None,
    };
    for c in &meta_children.boxes {
        match &c.kind {
            b"iloc" if l.iloc.is_none() => {
                let h = held(src, c)?;
                l.iloc = Some((*c, items::parse_iloc(&h.payload, c.body)?));
            }
            b"iinf" if l.iinf.is_none() => {
                let h = held(src, c)?;
                let (at, width, _) = items::iinf_count(&h.payload, c.body)?;
                let kids = children(src, c.body + (at + width) as u64, c.end, true, FORMAT)?;
                for k in &kids.boxes {
                    let info = if k.is(b"infe") {
                        let p = held(src, k)?;
                        items::parse_infe(&p.payload, k.body)?
                    } else {
                        None
                    };
                    l.infos.push((*k, info));
                }
                l.iinf_tail = kids.tail;
                l.iinf = Some(h);
            }
            b"iref" if l.iref.is_none() => {
                let h = held(src, c)?;
                if h.payload.len() < 4 {
                    return Err(FormatError::corrupt(
                        FORMAT,
                        c.start,
                        "an iref box without its version",
                    ));
                }
                l.iref_children = children(src, c.body + 4, c.end, true, FORMAT)?;
                l.iref = Some(h);
            }
            b"pitm" => l.primary = Some(items::parse_pitm(&held(src, c)?.payload, c.body)?),
            b"idat" => l.idat = Some(*c),
            _ => {}
        }
    }
    // Every item must lie inside the file (or its idat): a write relies on each.
    if let Some((_, iloc)) = &l.iloc {
        for loc in iloc.items.iter().filter(|i| i.method <= 1) {
            l.ranges(loc)?;
        }
    }
    l.xmp = l
        .infos
        .iter()
        .filter_map(|(_, i)| i.as_ref())
        .find(|i| items::is_xmp(i))
        .cloned();
    Ok(l)
}

/// The HEIF/AVIF container.
pub struct Heif;

fn read_ranges(src: &mut dyn ReadSeek, ranges: &[(u64, u64)]) -> Result<Vec<u8>, FormatError> {
    let total: u64 = ranges.iter().map(|(s, e)| e - s).sum();
    if total > MAX_PACKET {
        return Err(FormatError::corrupt(
            FORMAT,
            ranges.first().map_or(0, |r| r.0),
            format!("the XMP item of {total} bytes is too large"),
        ));
    }
    let mut out = Vec::with_capacity(total as usize);
    for &(s, e) in ranges {
        src.seek(std::io::SeekFrom::Start(s))?;
        Read::take(&mut *src, e - s).read_to_end(&mut out)?;
    }
    Ok(out)
}

/// The XMP item's single byte range, when it has exactly one.
fn xmp_range(l: &Layout) -> Result<Option<(u64, u64)>, FormatError> {
    let Some(loc) = l.xmp.as_ref().and_then(|x| l.location(x.item)) else {
        return Ok(None);
    };
    let r = l.ranges(loc)?;
    Ok(match r.as_slice() {
        [one] => Some(*one),
        _ => None,
    })
}

impl Container for Heif {
    fn format(&self) -> Format {
        Format::Heif
    }

    fn sniff(&self, head: &[u8]) -> bool {
        crate::detect::detect_format(head) == Format::Heif
    }

    fn read(&self, src: &mut dyn ReadSeek) -> Result<Found, FormatError> {
        let l = match scan(src) {
            Ok(l) => l,
            Err(e @ FormatError::Corrupt { .. }) => {
                return crate::fallback::scanned(
                    src,
                    Format::Heif,
                    format!(
                        "the HEIF item structure could not be followed ({e}); the XMP was found \
                         by scanning, and the file cannot be written"
                    ),
                );
            }
            Err(e) => return Err(e),
        };
        let mut found = Found::empty(Format::Heif);
        let Some(x) = l.xmp.clone() else {
            return Ok(found);
        };
        let Some(loc) = l.location(x.item) else {
            found.warnings.push(format!(
                "XMP item {} has no location in iloc; ignored",
                x.item
            ));
            return Ok(found);
        };
        let ranges = l.ranges(loc)?;
        if !x.content_encoding.is_empty() {
            found.unreadable.push(format!(
                "the XMP item is stored with content encoding '{}', which xmpedit does not \
                 decode",
                x.content_encoding
            ));
            return Ok(found);
        }
        let bytes = read_ranges(src, &ranges)?;
        let at = ranges.first().map_or(0, |r| r.0);
        if let [one] = ranges.as_slice() {
            found.region = Some(Region {
                offset: one.0,
                len: one.1 - one.0,
            });
        }
        parse_into(&mut found, bytes, at)?;
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
        let l = scan(src)?;
        let Some((s, e)) = xmp_range(&l)? else {
            return Ok(None);
        };
        patch_stored(found, info, (s, e), packet, opts, "the XMP item")
    }

    fn rewrite(
        &self,
        src: &mut dyn ReadSeek,
        _found: &Found,
        packet: &Packet,
        opts: &WriteOptions,
        dst: &mut dyn Write,
    ) -> Result<(), FormatError> {
        let l = scan(src)?;
        let bytes = crate::packet::serialize(packet, opts);
        let changes = plan(&l, &bytes)?;
        apply(src, dst, l.file_len, &changes)
    }

    fn preserved(&self, src: &mut dyn ReadSeek) -> Result<Option<Preserved>, FormatError> {
        let l = scan(src)?;
        preserved(src, &l).map(Some)
    }
}

/// A whole box with `payload` under the header form of `old`.
fn rebox(old: &BoxRef, payload: &[u8]) -> Result<Vec<u8>, FormatError> {
    let total = old.header_len() + payload.len() as u64;
    let mut v = header_bytes(&old.kind, total, old.header_len())?;
    v.extend_from_slice(payload);
    Ok(v)
}

/// The byte changes that store `packet` as the file's XMP item.
pub fn plan(l: &Layout, packet: &[u8]) -> Result<Vec<Change>, FormatError> {
    let (Some((iloc_box, iloc)), Some(iinf)) = (l.iloc.as_ref(), l.iinf.as_ref()) else {
        return Err(FormatError::NotWritable {
            format: "heif",
            hint: "the file has no item location or item information box to add XMP to; \
                   write a sidecar (NAME.xmp) instead"
                .into(),
        });
    };
    let meta = *l.meta();
    let mut changes = Vec::new();
    let mut growth: i64 = 0;
    let (xmp_id, new_item) = match &l.xmp {
        Some(x) => (x.item, false),
        None => {
            let max = l
                .infos
                .iter()
                .filter_map(|(_, i)| i.as_ref().map(|i| i.item))
                .chain(iloc.items.iter().map(|i| i.item))
                .max()
                .unwrap_or(0);
            (max + 1, true)
        }
    };
    if new_item {
        let infe = items::xmp_infe(xmp_id);
        growth += infe.len() as i64;
        let (at, width, count) = items::iinf_count(&iinf.payload, iinf.bx.body)?;
        let limit = if width == 2 {
            0xFFFF
        } else {
            u64::from(u32::MAX)
        };
        if count + 1 > limit {
            return Err(FormatError::TooLarge(
                "the item information box is full".into(),
            ));
        }
        let mut head = iinf.payload[..at].to_vec();
        head.extend_from_slice(&(count + 1).to_be_bytes()[8 - width..]);
        let mut hdr = header_bytes(
            b"iinf",
            iinf.bx.len() + infe.len() as u64,
            iinf.bx.header_len(),
        )?;
        hdr.extend(head);
        changes.push(Change {
            start: iinf.bx.start,
            end: iinf.bx.body + (at + width) as u64,
            bytes: hdr,
        });
        changes.push(Change {
            start: l.iinf_tail,
            end: l.iinf_tail,
            bytes: infe,
        });
        if let Some(primary) = l.primary {
            match &l.iref {
                Some(r) => {
                    let width = items::iref_id_width(&r.payload);
                    if width == 2 && xmp_id > 0xFFFF {
                        return Err(FormatError::TooLarge(
                            "the new XMP item's ID does not fit the iref box".into(),
                        ));
                    }
                    let c = items::cdsc(xmp_id, primary, width);
                    growth += c.len() as i64;
                    changes.push(Change {
                        start: r.bx.start,
                        end: r.bx.body,
                        bytes: header_bytes(
                            b"iref",
                            r.bx.len() + c.len() as u64,
                            r.bx.header_len(),
                        )?,
                    });
                    let at = l.iref_children.tail;
                    changes.push(Change {
                        start: at,
                        end: at,
                        bytes: c,
                    });
                }
                None => {
                    let wide = xmp_id > 0xFFFF || primary > 0xFFFF;
                    let mut p = vec![u8::from(wide), 0, 0, 0];
                    p.extend(items::cdsc(xmp_id, primary, if wide { 4 } else { 2 }));
                    let bx = make_box(b"iref", &p);
                    growth += bx.len() as i64;
                    let at = l.meta_children.tail;
                    changes.push(Change {
                        start: at,
                        end: at,
                        bytes: bx,
                    });
                }
            }
        }
    }
    // The old packet's bytes are zeroed (a replaced value must not linger), where
    // they do not overlap another change.
    let mut zeros = Vec::new();
    if let Some(loc) = l.location(xmp_id).filter(|_| !new_item) {
        for (s, e) in l.ranges(loc)? {
            if e > s && e - s <= MAX_PACKET {
                zeros.push(Change {
                    start: s,
                    end: e,
                    bytes: vec![0; (e - s) as usize],
                });
            }
        }
    }
    // The new item location, with field sizes wide enough for every value the file
    // can reach: the length of the iloc is then known before the offsets are.
    let mut new_iloc = iloc.clone();
    new_iloc.items.retain(|i| i.item != xmp_id);
    let bound = l.file_len + packet.len() as u64 + (1 << 20);
    let longest = new_iloc
        .items
        .iter()
        .flat_map(|i| i.extents.iter().map(|e| e.length))
        .chain(std::iter::once(packet.len() as u64))
        .max()
        .unwrap_or(0);
    new_iloc.fit_fields(bound, longest);
    new_iloc.items.push(Location {
        item: xmp_id,
        method: 0,
        data_reference: 0,
        base: 0,
        extents: vec![items::Extent {
            index: 0,
            offset: 0,
            length: packet.len() as u64,
        }],
    });
    let sized = new_iloc.to_bytes()?;
    growth += sized.len() as i64 - (iloc_box.end - iloc_box.body) as i64;
    changes.push(Change {
        start: meta.start,
        end: meta.body,
        bytes: header_bytes(
            b"meta",
            (meta.len() as i64 + growth) as u64,
            meta.header_len(),
        )?,
    });
    let shift = match absorb(&l.top, l.meta_index, growth)? {
        Some(more) => {
            changes.extend(more);
            0
        }
        None if l.has_moov => {
            return Err(FormatError::NotWritable {
                format: "heif",
                hint: "the XMP item does not fit, and the file's image sequence (moov) holds \
                       offsets a rewrite cannot adjust; write a sidecar (NAME.xmp) instead"
                    .into(),
            })
        }
        None => growth,
    };
    // Offsets past `meta` move with everything after it.
    for it in new_iloc
        .items
        .iter_mut()
        .filter(|i| i.method == 0 && i.item != xmp_id)
    {
        for e in &mut it.extents {
            let abs = it.base + e.offset;
            if abs >= meta.end && shift != 0 {
                let moved = abs.checked_add_signed(shift).ok_or_else(|| {
                    FormatError::corrupt(FORMAT, iloc_box.start, "an item offset out of range")
                })?;
                e.offset = moved - it.base;
            }
        }
    }
    let mdat = make_box(b"mdat", packet);
    // The appended box moves with everything before it: by the growth of `meta` when
    // `meta` is the last box, else by the shift.
    let meta_last = l.meta_index + 1 == l.top.boxes.len();
    let moved = if meta_last { growth } else { shift };
    let data_at = (l.top.tail as i64 + moved) as u64 + (mdat.len() - packet.len()) as u64;
    if let Some(x) = new_iloc.items.iter_mut().find(|i| i.item == xmp_id) {
        x.extents[0].offset = data_at;
    }
    let payload = new_iloc.to_bytes()?;
    if payload.len() != sized.len() {
        return Err(FormatError::TooLarge(
            "the item locations changed size while planned".into(),
        ));
    }
    changes.push(Change {
        start: iloc_box.start,
        end: iloc_box.end,
        bytes: rebox(iloc_box, &payload)?,
    });
    changes.extend(append(&l.top, mdat)?);
    let overlaps = |z: &Change| {
        changes
            .iter()
            .any(|c| z.start < c.end.max(c.start + 1) && c.start < z.end)
    };
    let zeros: Vec<Change> = zeros.into_iter().filter(|z| !overlaps(z)).collect();
    changes.extend(zeros);
    Ok(changes)
}

/// What a write keeps: every top-level box but `meta`, `mdat` and free space (by
/// type and payload); in `meta` every box but the item locations, information and
/// references (compared entry by entry without the XMP item) and `idat`; and the data
/// of every item but the XMP one, read through its (possibly moved) location.
pub fn preserved(src: &mut dyn ReadSeek, l: &Layout) -> Result<Preserved, FormatError> {
    let mut out = Preserved::new();
    for (i, b) in l.top.boxes.iter().enumerate() {
        if i == l.meta_index || b.is_free() || b.is(b"mdat") {
            continue;
        }
        out.push((b.name(), hash_range(src, b.body, b.end - b.body)?));
    }
    let xmp = l.xmp.as_ref().map(|x| x.item);
    for c in &l.meta_children.boxes {
        match &c.kind {
            b"iloc" | b"idat" => {}
            b"iinf" => {
                for (b, info) in &l.infos {
                    if info.as_ref().map(|i| i.item) != xmp || xmp.is_none() {
                        out.push((
                            "meta/iinf/infe".into(),
                            hash_range(src, b.body, b.end - b.body)?,
                        ));
                    }
                }
            }
            b"iref" => {
                let width = l
                    .iref
                    .as_ref()
                    .map_or(2, |r| items::iref_id_width(&r.payload));
                for r in &l.iref_children.boxes {
                    let mut from = vec![0u8; width];
                    src.seek(std::io::SeekFrom::Start(r.body))?;
                    src.read_exact(&mut from)?;
                    let from = from.iter().fold(0u32, |a, &x| (a << 8) | u32::from(x));
                    if Some(from) != xmp {
                        out.push((
                            format!("meta/iref/{}", r.name()),
                            hash_range(src, r.body, r.end - r.body)?,
                        ));
                    }
                }
            }
            _ => out.push((
                format!("meta/{}", c.name()),
                hash_range(src, c.body, c.end - c.body)?,
            )),
        }
    }
    if let Some((_, iloc)) = &l.iloc {
        // Items built from other items (method 2) hold no bytes of their own.
        let mut locs: Vec<&Location> = iloc
            .items
            .iter()
            .filter(|i| Some(i.item) != xmp && i.method <= 1)
            .collect();
        locs.sort_by_key(|i| i.item);
        for loc in locs {
            let ranges = l.ranges(loc)?;
            let lens: Vec<(u64, u64)> = ranges.iter().map(|&(s, e)| (s, e - s)).collect();
            out.push((format!("item {}", loc.item), hash_ranges(src, &lens)?));
        }
    }
    Ok(out)
}
