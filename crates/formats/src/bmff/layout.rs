//! The structure of an MP4 or QuickTime file as a writer needs it: the top-level
//! boxes, the XMP `uuid` box, `moov` with its `udta` and `XMP_` box, and every chunk
//! offset table (`stco`, `co64`) whose entries point into the media data by absolute
//! file offset (docs/containers.md, "MP4 and QuickTime").
//!
//! Only box headers and the chunk offset tables are read: a 4 GB video costs a few
//! hundred seeks.

use super::boxes::{children, uuid_of, BoxRef, Children};
use crate::fallback::bmff::XMP_UUID;
use crate::{FormatError, ReadSeek};

/// Name used in structure errors.
pub const FORMAT: &str = "MP4";

/// `moov/udta` and the XMP box in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Udta {
    pub bx: BoxRef,
    pub children: Children,
    /// Index of the first `XMP_` box in `children.boxes`.
    pub xmp: Option<usize>,
}

/// The movie box and what a write changes in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moov {
    /// Index in [`Layout::top`].
    pub index: usize,
    pub children: Children,
    pub udta: Option<Udta>,
    /// Every `stco` and `co64` box of every track.
    pub chunk_offsets: Vec<BoxRef>,
    /// `mvex` (a fragmented movie: `moof` boxes carry their own offsets) or `saio`
    /// (sample auxiliary offsets): offsets a shift of the media could not fix.
    pub other_offsets: Option<&'static str>,
}

/// The structure of the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub file_len: u64,
    pub top: Children,
    /// Index in `top` of the first top-level XMP `uuid` box.
    pub uuid_xmp: Option<usize>,
    pub moov: Option<Moov>,
    /// A top-level `moof` box: the movie is fragmented.
    pub fragmented: bool,
    pub warnings: Vec<String>,
}

impl Layout {
    /// The payload range of the top-level XMP `uuid` box (after its UUID).
    pub fn uuid_packet(&self) -> Option<(u64, u64)> {
        let b = self.top.boxes.get(self.uuid_xmp?)?;
        Some((b.body + 16, b.end))
    }

    /// The payload range of `moov/udta/XMP_`.
    pub fn udta_packet(&self) -> Option<(u64, u64)> {
        let u = self.moov.as_ref()?.udta.as_ref()?;
        let b = u.children.boxes.get(u.xmp?)?;
        Some((b.body, b.end))
    }

    pub fn moov_box(&self) -> Option<&BoxRef> {
        self.top.boxes.get(self.moov.as_ref()?.index)
    }
}

/// Walks the file. Any length that does not add up is an error with its offset.
pub fn scan(src: &mut dyn ReadSeek) -> Result<Layout, FormatError> {
    let file_len = src.seek(std::io::SeekFrom::End(0))?;
    let top = children(src, 0, file_len, true, FORMAT)?;
    let mut layout = Layout {
        file_len,
        top,
        uuid_xmp: None,
        moov: None,
        fragmented: false,
        warnings: Vec::new(),
    };
    for i in 0..layout.top.boxes.len() {
        let b = layout.top.boxes[i];
        match &b.kind {
            b"uuid" if uuid_of(src, &b)? == Some(XMP_UUID) => {
                if layout.uuid_xmp.is_some() {
                    layout.warnings.push(format!(
                        "a second XMP uuid box at offset {}; the first is used, this one is \
                         kept unchanged",
                        b.start
                    ));
                } else {
                    layout.uuid_xmp = Some(i);
                }
            }
            b"moov" if layout.moov.is_none() => layout.moov = Some(scan_moov(src, i, &b)?),
            b"moov" => {
                return Err(FormatError::corrupt(
                    FORMAT,
                    b.start,
                    "a second moov box; the file cannot be written safely",
                ))
            }
            b"moof" => layout.fragmented = true,
            _ => {}
        }
    }
    if let Some(u) = layout.moov.as_ref().and_then(|m| m.udta.as_ref()) {
        let xmp_count = u.children.boxes.iter().filter(|b| b.is(b"XMP_")).count();
        if xmp_count > 1 {
            layout.warnings.push(format!(
                "{} XMP_ boxes in moov/udta; the first is used, the others are kept unchanged",
                xmp_count
            ));
        }
    }
    Ok(layout)
}

fn scan_moov(src: &mut dyn ReadSeek, index: usize, b: &BoxRef) -> Result<Moov, FormatError> {
    let kids = children(src, b.body, b.end, true, FORMAT)?;
    let mut moov = Moov {
        index,
        children: kids.clone(),
        udta: None,
        chunk_offsets: Vec::new(),
        other_offsets: None,
    };
    for c in &kids.boxes {
        match &c.kind {
            b"udta" if moov.udta.is_none() => {
                let children = children(src, c.body, c.end, true, FORMAT)?;
                let xmp = children.boxes.iter().position(|x| x.is(b"XMP_"));
                moov.udta = Some(Udta {
                    bx: *c,
                    children,
                    xmp,
                });
            }
            b"trak" => walk_track(src, c, &mut moov, 0)?,
            b"mvex" => moov.other_offsets = Some("a fragmented movie (mvex)"),
            _ => {}
        }
    }
    Ok(moov)
}

/// Descends `trak/mdia/minf/stbl` (and `edts`-free siblings) to the chunk offset
/// tables.
fn walk_track(
    src: &mut dyn ReadSeek,
    b: &BoxRef,
    moov: &mut Moov,
    depth: u8,
) -> Result<(), FormatError> {
    if depth > 4 {
        return Ok(());
    }
    for c in children(src, b.body, b.end, true, FORMAT)?.boxes {
        match &c.kind {
            b"mdia" | b"minf" | b"stbl" => walk_track(src, &c, moov, depth + 1)?,
            b"stco" | b"co64" => moov.chunk_offsets.push(c),
            b"saio" => moov.other_offsets = Some("sample auxiliary offsets (saio)"),
            _ => {}
        }
    }
    Ok(())
}

/// The entries of a chunk offset table (`stco`: 32-bit, `co64`: 64-bit), after its
/// version, flags and count.
pub fn read_chunk_offsets(src: &mut dyn ReadSeek, b: &BoxRef) -> Result<Vec<u64>, FormatError> {
    let wide = b.is(b"co64");
    let width: u64 = if wide { 8 } else { 4 };
    let room = b.end - b.body;
    if room < 8 {
        return Err(FormatError::corrupt(
            FORMAT,
            b.start,
            "a chunk offset table without its count",
        ));
    }
    src.seek(std::io::SeekFrom::Start(b.body))?;
    let mut head = [0u8; 8];
    src.read_exact(&mut head)?;
    let count = u64::from(u32::from_be_bytes([head[4], head[5], head[6], head[7]]));
    if count * width > room - 8 {
        return Err(FormatError::corrupt(
            FORMAT,
            b.start,
            format!(
                "'{}' declares {count} entries but holds room for {}",
                b.name(),
                (room - 8) / width
            ),
        ));
    }
    let mut raw = vec![0u8; (count * width) as usize];
    src.read_exact(&mut raw)?;
    Ok(raw
        .chunks_exact(width as usize)
        .map(|c| {
            if wide {
                u64::from_be_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]])
            } else {
                u64::from(u32::from_be_bytes([c[0], c[1], c[2], c[3]]))
            }
        })
        .collect())
}
