//! PDF: the document catalog's `/Metadata` stream, read through the cross-reference
//! chain (tables, cross-reference streams, object streams, Flate) and written by
//! incremental update (docs/containers.md, "PDF").
//!
//! A write appends a new metadata stream object (and a catalog revision when the
//! catalog had no usable `/Metadata`) and a new cross-reference section after the
//! file's last byte; every earlier byte stays, so existing signatures stay valid. The
//! append goes through the ordinary rewrite path (copy, append, verify, rename), so a
//! crash leaves the original and undo gives back its exact bytes. An unsigned file
//! whose stored, unfiltered packet has room is patched in place like any other format.
//! Encrypted files are read by the packet scanner at most and never written.

pub mod doc;
pub mod filter;
pub mod lex;
pub mod update;
pub mod xref;

use std::io::Write;

use crate::packet::{in_place_options, parse_into, to_exact_length};
use crate::stream::{copy_range, hash_range};
use crate::{Container, Format, FormatError, Found, Patch, Preserved, ReadSeek, Region};
use xmpedit_core::xmp::{scan, Packet, WriteOptions};

/// What a write report says about a signed PDF.
pub const SIGNED_NOTE: &str = "a signed PDF: the new metadata was appended as an incremental \
     update, so every signature stays valid, but a signature check will now show that the \
     document was modified after signing";

/// The PDF container.
pub struct Pdf;

/// Where the packet sits in unfiltered stream data: the `<?xpacket?>`-wrapped packet,
/// else the whole data.
fn packet_span(data: &[u8]) -> (usize, usize) {
    scan::find_packets(data)
        .into_iter()
        .find(|s| s.start < s.end && s.end <= data.len())
        .map_or((0, data.len()), |s| (s.start, s.end))
}

/// The last byte of the file (the update starts on a new line after it).
fn last_byte(src: &mut dyn ReadSeek, len: u64) -> Result<Option<u8>, FormatError> {
    if len == 0 {
        return Ok(None);
    }
    Ok(xref::read_at(src, len - 1, 1)?.first().copied())
}

impl Container for Pdf {
    fn format(&self) -> Format {
        Format::Pdf
    }

    fn sniff(&self, head: &[u8]) -> bool {
        head.starts_with(b"%PDF-")
    }

    /// A file whose cross-reference chain cannot be followed (or that is encrypted)
    /// is still searched for packets by the scanner, as before this module; every
    /// write to it is then refused by the structure walk.
    fn read(&self, src: &mut dyn ReadSeek) -> Result<Found, FormatError> {
        let d = match doc::parse(src) {
            Ok(d) => d,
            Err(FormatError::Encrypted(why)) => {
                return crate::fallback::scanned(
                    src,
                    Format::Pdf,
                    format!("{why}; packets were searched for by scanning"),
                )
            }
            Err(e @ FormatError::Corrupt { .. }) => {
                return crate::fallback::scanned(
                    src,
                    Format::Pdf,
                    format!(
                        "the PDF structure cannot be followed ({e}); the XMP was found by \
                         scanning, and the file cannot be written"
                    ),
                )
            }
            Err(e) => return Err(e),
        };
        let mut found = Found::empty(Format::Pdf);
        let m = match d.metadata {
            Ok(Some(m)) => m,
            Ok(None) => return Ok(found),
            Err(why) => {
                found
                    .warnings
                    .push(format!("{why}; the XMP could not be read"));
                found.unreadable.push(why);
                return Ok(found);
            }
        };
        let bytes = match doc::decoded(&m) {
            Ok(b) => b,
            Err(why) => {
                found
                    .warnings
                    .push(format!("{why}; the XMP could not be read"));
                found.unreadable.push(why);
                return Ok(found);
            }
        };
        let at = m.stream.data_offset;
        if m.filters.is_empty() {
            let (s, e) = packet_span(&bytes);
            found.region = Some(Region {
                offset: at + s as u64,
                len: (e - s) as u64,
            });
            parse_into(&mut found, bytes[s..e].to_vec(), at + s as u64)?;
        } else {
            parse_into(&mut found, bytes, at)?;
        }
        if !m.stream.length_ok {
            found.warnings.push(format!(
                "the metadata stream (object {}) has a wrong /Length; its data was taken up to \
                 `endstream`",
                m.num
            ));
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
        let d = doc::parse(src)?;
        let Some(info) = found.patchable(true) else {
            return Ok(None);
        };
        let Ok(Some(m)) = &d.metadata else {
            return Ok(None);
        };
        if !m.filters.is_empty() || !m.stream.length_ok {
            return Ok(None);
        }
        let (s, e) = packet_span(&m.stream.data);
        let region = Region {
            offset: m.stream.data_offset + s as u64,
            len: (e - s) as u64,
        };
        if found.region != Some(region) {
            return Err(FormatError::Changed(
                "the metadata stream moved since the file was read".into(),
            ));
        }
        // A signed file keeps every signed byte: its update is always appended.
        if doc::signed(src)? {
            return Ok(None);
        }
        Ok(
            to_exact_length(packet, &in_place_options(opts, info), e - s).map(|bytes| {
                vec![Patch {
                    offset: region.offset,
                    bytes,
                }]
            }),
        )
    }

    /// The original copied byte for byte, then the incremental update.
    fn rewrite(
        &self,
        src: &mut dyn ReadSeek,
        _found: &Found,
        packet: &Packet,
        opts: &WriteOptions,
        dst: &mut dyn Write,
    ) -> Result<(), FormatError> {
        let d = doc::parse(src)?;
        let bytes = crate::packet::serialize(packet, opts);
        let len = d.xref.file_len;
        let last = last_byte(src, len)?;
        let update = update::build(&d, &bytes, last)?;
        copy_range(src, dst, 0, len)?;
        dst.write_all(&update.bytes)?;
        Ok(())
    }

    fn preserved(&self, src: &mut dyn ReadSeek) -> Result<Option<Preserved>, FormatError> {
        let d = doc::parse(src)?;
        let len = d.xref.file_len;
        Ok(Some(vec![(
            "every byte of the original revisions".into(),
            hash_range(src, 0, len)?,
        )]))
    }

    /// The written file's structure must parse, and its first `original_len` bytes be
    /// the original's.
    fn preserved_after_write(
        &self,
        src: &mut dyn ReadSeek,
        original_len: u64,
    ) -> Result<Option<Preserved>, FormatError> {
        doc::parse(src)?;
        Ok(Some(vec![(
            "every byte of the original revisions".into(),
            hash_range(src, 0, original_len)?,
        )]))
    }

    fn write_notices(&self, src: &mut dyn ReadSeek) -> Result<Vec<String>, FormatError> {
        Ok(if doc::signed(src)? {
            vec![SIGNED_NOTE.to_string()]
        } else {
            Vec::new()
        })
    }
}

/// A one-page PDF 1.4 with a classic cross-reference table; `meta` adds a metadata
/// stream (object 4) holding it, referenced by the catalog.
#[cfg(any(test, feature = "testing"))]
pub fn blank(meta: Option<&str>) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offs = Vec::new();
    let cat = if meta.is_some() {
        "<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>"
    } else {
        "<< /Type /Catalog /Pages 2 0 R >>"
    };
    let mut objs = vec![
        cat.to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>".to_string(),
    ];
    if let Some(m) = meta {
        objs.push(format!(
            "<< /Type /Metadata /Subtype /XML /Length {} >>\nstream\n{m}\nendstream",
            m.len()
        ));
    }
    for (i, o) in objs.iter().enumerate() {
        offs.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let at = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f\r\n", objs.len() + 1).as_bytes());
    for o in offs {
        out.extend_from_slice(format!("{o:010} 00000 n\r\n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{at}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests;
