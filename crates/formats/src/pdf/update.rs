//! The incremental update a write appends (ISO 32000-1 §7.5.6): a new metadata stream
//! object, a new revision of the catalog when its `/Metadata` must change, and a new
//! cross-reference section whose trailer's `/Prev` is the previous `startxref`. Every
//! earlier byte stays as it was, so signatures over them stay valid.

use std::fmt::Write as _;

use super::doc::Doc;
use super::xref::Place;
use crate::FormatError;

/// What the appended bytes define.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    pub bytes: Vec<u8>,
    /// The metadata stream object (number, generation).
    pub metadata: (u32, u16),
    /// True when a new catalog revision was needed.
    pub catalog: bool,
}

/// Builds the update for a file of `doc.xref.file_len` bytes whose last byte is
/// `last_byte`; `packet` is stored unfiltered.
pub fn build(doc: &Doc, packet: &[u8], last_byte: Option<u8>) -> Result<Appended, FormatError> {
    let base = doc.xref.file_len;
    let mut out = Vec::with_capacity(packet.len() + 512);
    if !matches!(last_byte, Some(b'\n' | b'\r')) {
        out.push(b'\n');
    }
    let mut size = doc.xref.size.max(1);
    // Redefining the object the catalog already references keeps the catalog as it
    // is; only a missing or unusable reference needs a new object and a new catalog.
    let reuse = doc.metadata_ref.filter(|(n, _)| {
        matches!(doc.xref.places.get(n), Some(Place::File { .. })) && doc.metadata.is_ok()
    });
    let (meta_num, meta_gen) = match reuse {
        Some((n, _)) => match &doc.metadata {
            Ok(Some(m)) => (n, m.gen),
            _ => (n, 0),
        },
        None => {
            let n = size;
            size = size
                .checked_add(1)
                .ok_or_else(|| FormatError::TooLarge("no object number is left".into()))?;
            (n, 0)
        }
    };
    let mut entries: Vec<(u32, u16, u64)> = Vec::new();
    entries.push((meta_num, meta_gen, base + out.len() as u64));
    let _ = write!(
        Text(&mut out),
        "{meta_num} {meta_gen} obj\n<< /Type /Metadata /Subtype /XML /Length {} >>\nstream\n",
        packet.len()
    );
    out.extend_from_slice(packet);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    let catalog = reuse.is_none();
    if catalog {
        let dict = doc
            .catalog_dict()
            .ok_or_else(|| FormatError::corrupt("PDF", 0, "the catalog is no dictionary"))?;
        let bytes = &doc.catalog.bytes;
        let value = format!("/Metadata {meta_num} {meta_gen} R");
        let mut new = Vec::new();
        match dict.entry(b"Metadata") {
            Some(e) => {
                new.extend_from_slice(slice(bytes, dict.start, e.start)?);
                new.extend_from_slice(value.as_bytes());
                new.extend_from_slice(slice(bytes, e.end, dict.end)?);
            }
            None => {
                new.extend_from_slice(b"<< ");
                new.extend_from_slice(value.as_bytes());
                new.push(b' ');
                new.extend_from_slice(slice(bytes, dict.start + 2, dict.end)?);
            }
        }
        let (rn, rg) = (doc.root.0, doc.catalog_gen());
        entries.push((rn, rg, base + out.len() as u64));
        let _ = writeln!(Text(&mut out), "{rn} {rg} obj");
        out.extend_from_slice(&new);
        out.extend_from_slice(b"\nendobj\n");
    }
    if let Some(max) = entries.iter().map(|e| e.0).max() {
        size = size.max(max.saturating_add(1));
    }
    let prev = doc.xref.startxref;
    // The trailer keys a new section carries over: /Root, /Info, /ID.
    let mut carried = String::new();
    let _ = write!(carried, "/Root {} {} R", doc.root.0, doc.root.1);
    let trailer = &doc.xref.trailer;
    for key in [b"Info".as_slice(), b"ID"] {
        if let Some(e) = trailer.entry(key) {
            let raw = slice(&doc.xref.trailer_bytes, e.start, e.end)?;
            carried.push(' ');
            carried.push_str(&String::from_utf8_lossy(raw));
        }
    }
    let xref_at;
    if doc.xref.newest_is_stream {
        let own = size;
        size = size
            .checked_add(1)
            .ok_or_else(|| FormatError::TooLarge("no object number is left".into()))?;
        xref_at = base + out.len() as u64;
        entries.push((own, 0, xref_at));
        entries.sort_unstable();
        let wide = entries.iter().any(|e| e.2 > u64::from(u32::MAX));
        let w = if wide { 8 } else { 4 };
        let mut data = Vec::new();
        for &(_, gen, off) in &entries {
            data.push(1);
            data.extend_from_slice(&off.to_be_bytes()[8 - w..]);
            data.extend_from_slice(&gen.to_be_bytes());
        }
        let index: Vec<String> = runs(&entries)
            .iter()
            .map(|(s, c)| format!("{s} {c}"))
            .collect();
        let _ = write!(
            Text(&mut out),
            "{own} 0 obj\n<< /Type /XRef /Size {size} /W [1 {w} 2] /Index [{}] {carried} /Prev {prev} /Length {} >>\nstream\n",
            index.join(" "),
            data.len()
        );
        out.extend_from_slice(&data);
        out.extend_from_slice(b"\nendstream\nendobj\n");
    } else {
        entries.sort_unstable();
        xref_at = base + out.len() as u64;
        out.extend_from_slice(b"xref\n");
        let mut i = 0;
        for (start, count) in runs(&entries) {
            let _ = writeln!(Text(&mut out), "{start} {count}");
            for &(_, gen, off) in &entries[i..i + count] {
                // Each entry is exactly 20 bytes, its end of line included.
                let _ = write!(Text(&mut out), "{off:010} {gen:05} n\r\n");
            }
            i += count;
        }
        let _ = write!(
            Text(&mut out),
            "trailer\n<< /Size {size} {carried} /Prev {prev} >>\n"
        );
    }
    let _ = write!(Text(&mut out), "startxref\n{xref_at}\n%%EOF\n");
    Ok(Appended {
        bytes: out,
        metadata: (meta_num, meta_gen),
        catalog,
    })
}

/// Consecutive object numbers as (first, count) runs of sorted entries.
fn runs(entries: &[(u32, u16, u64)]) -> Vec<(u32, usize)> {
    let mut out: Vec<(u32, usize)> = Vec::new();
    for &(n, _, _) in entries {
        match out.last_mut() {
            Some((s, c)) if u64::from(*s) + *c as u64 == u64::from(n) => *c += 1,
            _ => out.push((n, 1)),
        }
    }
    out
}

fn slice(b: &[u8], s: usize, e: usize) -> Result<&[u8], FormatError> {
    b.get(s..e)
        .ok_or_else(|| FormatError::corrupt("PDF", 0, "a dictionary span outside its object"))
}

/// `write!` into a byte vector.
struct Text<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Text<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}
