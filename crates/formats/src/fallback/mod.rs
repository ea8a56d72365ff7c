//! Fallback reader for formats without a dedicated module (MP4/MOV, HEIF/AVIF, CR3,
//! EPS, InDesign, anything else) and for PDFs whose structure the `pdf` module cannot
//! follow (damaged or encrypted): packets are found by the packet scanner and never
//! written; a write is refused with a hint to use a sidecar.
//!
//! MP4, MOV and CR3 are first walked box by box ([`bmff`]): the XMP `uuid` box and
//! `moov/udta/XMP_` are found from box headers alone, whatever the file size. Else
//! what is scanned: the whole file up to 64 MiB; for larger files the first and the
//! last 32 MiB (metadata sits near the start or, after incremental updates and in
//! `moov`-at-end videos, near the end). Packets without an `<?xpacket?>` wrapper are
//! found by their `x:xmpmeta` (or `rdf:RDF`) element when the scanner finds none.
//!
//! Main packet: for PDF the catalog's `/Metadata` stream when [`pdf`] can follow the
//! references (uncompressed objects only), else the last packet (incremental updates
//! append the newest metadata; a warning says the choice was a guess); for every
//! other format the first packet. All other packets go to [`Found::others`].

pub mod bmff;
pub mod pdf;

use std::io::{SeekFrom, Write};

use crate::packet;
use crate::{Container, Format, FormatError, Found, Patch, ReadSeek, Region};
use xmpedit_core::xmp::scan;
use xmpedit_core::xmp::{Packet, WriteOptions};

/// Files up to this size are scanned whole.
const WHOLE: u64 = 64 << 20;
/// Larger files: this much from the start and from the end.
const WINDOW: u64 = 32 << 20;

/// The scanner-based reader.
pub struct Fallback;

/// The format of a file no dedicated module claims, from its first bytes.
pub fn classify(head: &[u8]) -> Format {
    if head.starts_with(b"%PDF-") {
        return Format::Pdf;
    }
    if head.starts_with(b"8BPS") {
        return Format::Psd;
    }
    if head.starts_with(b"%!PS-Adobe") || head.starts_with(b"\xc5\xd0\xd3\xc6") {
        return Format::Eps;
    }
    if head.get(4..8) == Some(b"ftyp") {
        let brand = head.get(8..12).unwrap_or_default();
        return match brand {
            b"crx " => Format::Cr3,
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"hevm" | b"hevs"
            | b"mif1" | b"msf1" | b"avif" | b"avis" => Format::Heif,
            b"qt  " => Format::Mov,
            _ => Format::Mp4,
        };
    }
    if matches!(
        head.get(4..8),
        Some(b"moov" | b"mdat" | b"wide" | b"free" | b"skip" | b"pnot")
    ) {
        return Format::Mov;
    }
    Format::Other
}

/// The scanned bytes: one window, or the head and tail of a large file.
struct Scanned {
    /// (file offset, bytes)
    windows: Vec<(u64, Vec<u8>)>,
    file_len: u64,
}

fn read_window(src: &mut dyn ReadSeek, at: u64, len: u64) -> Result<Vec<u8>, FormatError> {
    src.seek(SeekFrom::Start(at))?;
    let mut buf = vec![0u8; len as usize];
    src.read_exact(&mut buf)?;
    Ok(buf)
}

fn scan_file(src: &mut dyn ReadSeek) -> Result<Scanned, FormatError> {
    let file_len = src.seek(SeekFrom::End(0))?;
    let windows = if file_len <= WHOLE {
        vec![(0, read_window(src, 0, file_len)?)]
    } else {
        vec![
            (0, read_window(src, 0, WINDOW)?),
            (
                file_len - WINDOW,
                read_window(src, file_len - WINDOW, WINDOW)?,
            ),
        ]
    };
    Ok(Scanned { windows, file_len })
}

/// Packet spans (absolute offsets) in a window: wrapped packets, else the first bare
/// `x:xmpmeta` (or `rdf:RDF`) element.
fn spans(base: u64, buf: &[u8]) -> Vec<(u64, u64)> {
    let found: Vec<(u64, u64)> = scan::find_packets(buf)
        .into_iter()
        .filter(|s| s.start < s.end && s.end <= buf.len())
        .map(|s| (base + s.start as u64, base + s.end as u64))
        .collect();
    if !found.is_empty() {
        return found;
    }
    scan::find_bare(buf)
        .map(|r| (base + r.start as u64, base + r.end as u64))
        .into_iter()
        .collect()
}

fn bytes_of(sc: &Scanned, (s, e): (u64, u64)) -> Option<&[u8]> {
    sc.windows.iter().find_map(|(base, buf)| {
        let end = base + buf.len() as u64;
        (s >= *base && e <= end).then(|| &buf[(s - base) as usize..(e - base) as usize])
    })
}

/// Reads packets from exact box payloads: the first is the main one.
fn read_boxes(
    src: &mut dyn ReadSeek,
    format: Format,
    boxes: &[(u64, u64)],
) -> Result<Found, FormatError> {
    let mut found = Found::empty(format);
    for (i, &(s, e)) in boxes.iter().enumerate() {
        if e - s > WHOLE {
            found.warnings.push(format!(
                "XMP box at offset {s} of {} bytes is too large; skipped",
                e - s
            ));
            continue;
        }
        let bytes = read_window(src, s, e - s)?;
        if i == 0 {
            found.region = Some(Region {
                offset: s,
                len: e - s,
            });
            packet::parse_into(&mut found, bytes, s)?;
        } else {
            let mut other = Found::empty(format);
            let label = format!("XMP box at offset {s}");
            match packet::parse_into(&mut other, bytes, s) {
                Ok(()) => {
                    if let Some(p) = other.packet {
                        found.others.push((label, p));
                    }
                }
                Err(err) => found.warnings.push(format!("{label} ignored: {err}")),
            }
        }
    }
    Ok(found)
}

/// What a container reader falls back to when the structure it walks is damaged:
/// the packet scanner's read as `format`, with `why` as its first warning (the
/// container's own writer then refuses the file, since its walk fails again).
pub fn scanned(src: &mut dyn ReadSeek, format: Format, why: String) -> Result<Found, FormatError> {
    let mut found = Fallback.read(src)?;
    found.format = format;
    found.warnings.insert(0, why);
    Ok(found)
}

fn refuse(found: &Found) -> FormatError {
    FormatError::NotWritable {
        format: found.format.name(),
        hint: "xmpedit reads XMP in this format but does not write it; write a sidecar (NAME.xmp) instead".into(),
    }
}

impl Container for Fallback {
    fn format(&self) -> Format {
        Format::Other
    }

    fn sniff(&self, _head: &[u8]) -> bool {
        true
    }

    fn read(&self, src: &mut dyn ReadSeek) -> Result<Found, FormatError> {
        let file_len = src.seek(SeekFrom::End(0))?;
        let head = read_window(src, 0, file_len.min(4096))?;
        let format = classify(&head);
        if matches!(format, Format::Mp4 | Format::Mov | Format::Cr3) {
            let boxes = bmff::xmp_boxes(src, file_len);
            if !boxes.is_empty() {
                return read_boxes(src, format, &boxes);
            }
        }
        let sc = scan_file(src)?;
        let mut found = Found::empty(format);
        if sc.windows.len() > 1 {
            found.warnings.push(format!(
                "file of {} bytes: only its first and last {} MiB were scanned for XMP",
                sc.file_len,
                WINDOW >> 20
            ));
        }
        let mut all: Vec<(u64, u64)> = Vec::new();
        for (base, buf) in &sc.windows {
            for sp in spans(*base, buf) {
                if !all.contains(&sp) {
                    all.push(sp);
                }
            }
        }
        if all.is_empty() {
            return Ok(found);
        }
        let main = if format == Format::Pdf {
            let hit = sc.windows.iter().rev().find_map(|(base, buf)| {
                let at = base + pdf::metadata_stream_start(buf)? as u64;
                all.iter().position(|&(s, _)| s >= at && s < at + 64)
            });
            match hit {
                Some(i) => i,
                None => {
                    found.warnings.push(
                        "the catalog's /Metadata stream could not be followed; using the last XMP packet in the file".into(),
                    );
                    all.len() - 1
                }
            }
        } else {
            0
        };
        let (s, e) = all[main];
        if let Some(bytes) = bytes_of(&sc, (s, e)) {
            found.region = Some(Region {
                offset: s,
                len: e - s,
            });
            packet::parse_into(&mut found, bytes.to_vec(), s)?;
        }
        for (i, &(s, e)) in all.iter().enumerate() {
            if i == main {
                continue;
            }
            let Some(bytes) = bytes_of(&sc, (s, e)) else {
                continue;
            };
            let mut other = Found::empty(format);
            let label = format!("packet at offset {s}");
            match packet::parse_into(&mut other, bytes.to_vec(), s) {
                Ok(()) => {
                    if let Some(p) = other.packet {
                        found.others.push((label, p));
                    }
                }
                Err(err) => found.warnings.push(format!("{label} ignored: {err}")),
            }
        }
        Ok(found)
    }

    fn patch_in_place(
        &self,
        _src: &mut dyn ReadSeek,
        found: &Found,
        _packet: &Packet,
        _opts: &WriteOptions,
    ) -> Result<Option<Vec<Patch>>, FormatError> {
        Err(refuse(found))
    }

    fn rewrite(
        &self,
        _src: &mut dyn ReadSeek,
        found: &Found,
        _packet: &Packet,
        _opts: &WriteOptions,
        _dst: &mut dyn Write,
    ) -> Result<(), FormatError> {
        Err(refuse(found))
    }
}
