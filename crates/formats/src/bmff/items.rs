//! HEIF item boxes inside `meta`: item locations (`iloc`), item information (`iinf`
//! with `infe` entries), item references (`iref`) and the primary item (`pitm`),
//! parsed and serialized as far as an XMP writer needs (ISO/IEC 14496-12, "Item
//! Location Box", "Item Information Box", "Item Reference Box"; docs/containers.md,
//! "HEIF and AVIF").

use crate::FormatError;

const FORMAT: &str = "HEIF";

fn bad(at: u64, m: impl Into<String>) -> FormatError {
    FormatError::corrupt(FORMAT, at, m)
}

/// A cursor over one box's payload with offsets for messages.
struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
    /// File offset of `b[0]`.
    base: u64,
}

impl<'a> Reader<'a> {
    fn uint(&mut self, n: usize, what: &str) -> Result<u64, FormatError> {
        let Some(s) = self.b.get(self.pos..self.pos + n) else {
            return Err(bad(
                self.base + self.pos as u64,
                format!("truncated: {what} runs past its box"),
            ));
        };
        self.pos += n;
        Ok(s.iter().fold(0u64, |a, &x| (a << 8) | u64::from(x)))
    }

    fn cstring(&mut self, what: &str) -> Result<String, FormatError> {
        let rest = self.b.get(self.pos..).unwrap_or_default();
        let Some(end) = rest.iter().position(|&c| c == 0) else {
            return Err(bad(
                self.base + self.pos as u64,
                format!("{what} is not terminated"),
            ));
        };
        let s = String::from_utf8_lossy(&rest[..end]).into_owned();
        self.pos += end + 1;
        Ok(s)
    }
}

fn put(v: &mut Vec<u8>, value: u64, n: usize) {
    for i in (0..n).rev() {
        v.push((value >> (8 * i)) as u8);
    }
}

/// One extent of an item: where its bytes are, relative to the item's base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extent {
    pub index: u64,
    pub offset: u64,
    pub length: u64,
}

/// One `iloc` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub item: u32,
    /// 0: file offsets, 1: offsets into `idat`, 2: offsets into another item.
    pub method: u8,
    pub data_reference: u16,
    pub base: u64,
    pub extents: Vec<Extent>,
}

/// The item location box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iloc {
    pub version: u8,
    pub flags: u32,
    pub offset_size: u8,
    pub length_size: u8,
    pub base_size: u8,
    pub index_size: u8,
    pub items: Vec<Location>,
}

fn field_size(v: u64, at: u64) -> Result<u8, FormatError> {
    match v {
        0 | 4 | 8 => Ok(v as u8),
        n => Err(bad(at, format!("iloc field size {n} (0, 4 or 8 allowed)"))),
    }
}

/// Parses an `iloc` payload stored at file offset `base`.
pub fn parse_iloc(b: &[u8], base: u64) -> Result<Iloc, FormatError> {
    let mut r = Reader { b, pos: 0, base };
    let version = r.uint(1, "the iloc version")? as u8;
    let flags = r.uint(3, "the iloc flags")? as u32;
    if version > 2 {
        return Err(bad(base, format!("iloc version {version} is unknown")));
    }
    let sizes = r.uint(2, "the iloc field sizes")?;
    let offset_size = field_size(sizes >> 12, base)?;
    let length_size = field_size((sizes >> 8) & 15, base)?;
    let base_size = field_size((sizes >> 4) & 15, base)?;
    let index_size = if version > 0 {
        field_size(sizes & 15, base)?
    } else {
        0
    };
    let id_len = if version < 2 { 2 } else { 4 };
    let count = r.uint(id_len, "the iloc item count")?;
    let mut items = Vec::new();
    for _ in 0..count {
        let item = r.uint(id_len, "an iloc item ID")? as u32;
        let method = if version > 0 {
            (r.uint(2, "an iloc construction method")? & 15) as u8
        } else {
            0
        };
        let data_reference = r.uint(2, "an iloc data reference")? as u16;
        let item_base = r.uint(base_size as usize, "an iloc base offset")?;
        let n = r.uint(2, "an iloc extent count")?;
        let mut extents = Vec::new();
        for _ in 0..n {
            extents.push(Extent {
                index: r.uint(index_size as usize, "an iloc extent index")?,
                offset: r.uint(offset_size as usize, "an iloc extent offset")?,
                length: r.uint(length_size as usize, "an iloc extent length")?,
            });
        }
        items.push(Location {
            item,
            method,
            data_reference,
            base: item_base,
            extents,
        });
    }
    Ok(Iloc {
        version,
        flags,
        offset_size,
        length_size,
        base_size,
        index_size,
        items,
    })
}

/// The smallest of 4 and 8 bytes that holds `v`, at least `min`.
fn size_for(v: u64, min: u8) -> u8 {
    let need = if v > u64::from(u32::MAX) { 8 } else { 4 };
    need.max(min)
}

impl Iloc {
    /// Widens the offset and length fields to hold every value (never narrows them).
    pub fn fit_fields(&mut self, max_offset: u64, max_length: u64) {
        self.offset_size = size_for(max_offset, self.offset_size);
        self.length_size = size_for(max_length, self.length_size);
    }

    /// The payload (after the box header), version and flags first.
    pub fn to_bytes(&self) -> Result<Vec<u8>, FormatError> {
        let mut v = Vec::new();
        put(&mut v, u64::from(self.version), 1);
        put(&mut v, u64::from(self.flags), 3);
        let idx = if self.version > 0 { self.index_size } else { 0 };
        let sizes = (u64::from(self.offset_size) << 12)
            | (u64::from(self.length_size) << 8)
            | (u64::from(self.base_size) << 4)
            | u64::from(idx);
        put(&mut v, sizes, 2);
        let id_len = if self.version < 2 { 2 } else { 4 };
        let limit = |n: u8| {
            if n >= 8 {
                u64::MAX
            } else {
                (1u64 << (8 * n as u32)) - 1
            }
        };
        let check = |value: u64, n: u8, what: &str| {
            if value > limit(n) {
                Err(FormatError::TooLarge(format!(
                    "an iloc {what} of {value} does not fit its {n}-byte field"
                )))
            } else {
                Ok(())
            }
        };
        check(self.items.len() as u64, id_len, "item count")?;
        put(&mut v, self.items.len() as u64, id_len as usize);
        for it in &self.items {
            check(u64::from(it.item), id_len, "item ID")?;
            put(&mut v, u64::from(it.item), id_len as usize);
            if self.version > 0 {
                put(&mut v, u64::from(it.method), 2);
            } else if it.method != 0 {
                return Err(FormatError::TooLarge(
                    "an iloc of version 0 cannot hold a construction method".into(),
                ));
            }
            put(&mut v, u64::from(it.data_reference), 2);
            check(it.base, self.base_size, "base offset")?;
            put(&mut v, it.base, self.base_size as usize);
            check(it.extents.len() as u64, 2, "extent count")?;
            put(&mut v, it.extents.len() as u64, 2);
            for e in &it.extents {
                if self.version > 0 {
                    check(e.index, idx, "extent index")?;
                    put(&mut v, e.index, idx as usize);
                }
                check(e.offset, self.offset_size, "extent offset")?;
                put(&mut v, e.offset, self.offset_size as usize);
                check(e.length, self.length_size, "extent length")?;
                put(&mut v, e.length, self.length_size as usize);
            }
        }
        Ok(v)
    }
}

/// One `infe` entry, as far as XMP needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemInfo {
    pub item: u32,
    pub kind: [u8; 4],
    pub content_type: String,
    pub content_encoding: String,
}

/// Parses an `infe` payload (versions 2 and 3; earlier versions carry no item type
/// and never describe XMP).
pub fn parse_infe(b: &[u8], base: u64) -> Result<Option<ItemInfo>, FormatError> {
    let mut r = Reader { b, pos: 0, base };
    let version = r.uint(1, "the infe version")?;
    r.uint(3, "the infe flags")?;
    if version < 2 {
        return Ok(None);
    }
    let item = r.uint(if version == 2 { 2 } else { 4 }, "an infe item ID")? as u32;
    r.uint(2, "an infe protection index")?;
    let kind = (r.uint(4, "an infe item type")? as u32).to_be_bytes();
    r.cstring("an infe item name")?;
    let (content_type, content_encoding) = if &kind == b"mime" {
        let t = r.cstring("an infe content type")?;
        let e = if r.pos < b.len() {
            r.cstring("an infe content encoding")?
        } else {
            String::new()
        };
        (t, e)
    } else {
        (String::new(), String::new())
    };
    Ok(Some(ItemInfo {
        item,
        kind,
        content_type,
        content_encoding,
    }))
}

/// Whether an item is an XMP packet.
pub fn is_xmp(info: &ItemInfo) -> bool {
    &info.kind == b"mime" && info.content_type == "application/rdf+xml"
}

/// A new `infe` box for an XMP item, hidden (flags 1), as ExifTool writes it.
pub fn xmp_infe(item: u32) -> Vec<u8> {
    let mut p = Vec::new();
    let v3 = item > 0xFFFF;
    p.push(if v3 { 3 } else { 2 });
    put(&mut p, 1, 3);
    put(&mut p, u64::from(item), if v3 { 4 } else { 2 });
    put(&mut p, 0, 2);
    p.extend_from_slice(b"mime");
    p.push(0);
    p.extend_from_slice(b"application/rdf+xml\0");
    super::boxes::make_box(b"infe", &p)
}

/// The entry count field of an `iinf` payload: its offset in the payload and width.
pub fn iinf_count(b: &[u8], base: u64) -> Result<(usize, usize, u64), FormatError> {
    let mut r = Reader { b, pos: 0, base };
    let version = r.uint(1, "the iinf version")?;
    r.uint(3, "the iinf flags")?;
    let width = if version == 0 { 2 } else { 4 };
    let count = r.uint(width, "the iinf entry count")?;
    Ok((4, width, count))
}

/// The item ID of a `pitm` payload.
pub fn parse_pitm(b: &[u8], base: u64) -> Result<u32, FormatError> {
    let mut r = Reader { b, pos: 0, base };
    let version = r.uint(1, "the pitm version")?;
    r.uint(3, "the pitm flags")?;
    Ok(r.uint(if version == 0 { 2 } else { 4 }, "the primary item ID")? as u32)
}

/// The width of item IDs in an `iref` payload (version 0: 2 bytes, else 4).
pub fn iref_id_width(b: &[u8]) -> usize {
    if b.first() == Some(&0) {
        2
    } else {
        4
    }
}

/// A `cdsc` ("content describes") reference box from `from` to `to`.
pub fn cdsc(from: u32, to: u32, width: usize) -> Vec<u8> {
    let mut p = Vec::new();
    put(&mut p, u64::from(from), width);
    put(&mut p, 1, 2);
    put(&mut p, u64::from(to), width);
    super::boxes::make_box(b"cdsc", &p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iloc_round_trips_in_every_version() {
        for version in [0u8, 1, 2] {
            let iloc = Iloc {
                version,
                flags: 0,
                offset_size: 4,
                length_size: 4,
                base_size: 0,
                index_size: 0,
                items: vec![Location {
                    item: 7,
                    method: if version > 0 { 1 } else { 0 },
                    data_reference: 0,
                    base: 0,
                    extents: vec![Extent {
                        index: 0,
                        offset: 1234,
                        length: 99,
                    }],
                }],
            };
            let b = iloc.to_bytes().unwrap();
            assert_eq!(parse_iloc(&b, 0).unwrap(), iloc, "version {version}");
        }
    }

    #[test]
    fn a_value_too_large_for_its_field_is_refused() {
        let mut iloc = parse_iloc(&[0, 0, 0, 0, 0x44, 0, 0, 0], 0).unwrap();
        iloc.items.push(Location {
            item: 1,
            method: 0,
            data_reference: 0,
            base: 0,
            extents: vec![Extent {
                index: 0,
                offset: 1 << 33,
                length: 1,
            }],
        });
        assert!(iloc.to_bytes().is_err());
        iloc.fit_fields(1 << 33, 1);
        assert_eq!(iloc.offset_size, 8);
        assert!(iloc.to_bytes().is_ok());
    }

    #[test]
    fn the_xmp_infe_parses_as_xmp() {
        let b = xmp_infe(5);
        let info = parse_infe(&b[8..], 0).unwrap().unwrap();
        assert!(is_xmp(&info));
        assert_eq!(info.item, 5);
    }
}
