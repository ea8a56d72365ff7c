//! WebP RIFF structure at byte level (docs/containers.md, "WebP"): chunk walk, canvas
//! from the bitstream, and the chunk-level write plan.
//!
//! Hand-written: image crates decode WebP but do not expose chunk offsets or write
//! unknown chunks back; here every chunk other than `XMP ` (and the VP8X flag byte)
//! must come out byte for byte.

use std::io::{Read, SeekFrom, Write};

use crate::{FormatError, Patch, ReadSeek};

pub const XMP: [u8; 4] = *b"XMP ";
/// Misnamed XMP chunk written by some tools (ExifTool deletes it; we read it).
pub const XMP_NUL: [u8; 4] = *b"XMP\0";
pub const VP8X: [u8; 4] = *b"VP8X";
pub const FLAG_ICC: u8 = 0x20;
pub const FLAG_ALPHA: u8 = 0x10;
pub const FLAG_EXIF: u8 = 0x08;
pub const FLAG_XMP: u8 = 0x04;
pub const FLAG_ANIM: u8 = 0x02;

/// More chunks than any sane file holds (animations have one per frame).
const MAX_CHUNKS: usize = 1 << 20;

pub(crate) fn corrupt(offset: u64, message: impl Into<String>) -> FormatError {
    FormatError::corrupt("WebP", offset, message)
}

/// One chunk as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub fourcc: [u8; 4],
    /// Offset of the chunk header.
    pub at: u64,
    /// Payload size (without the pad byte).
    pub size: u32,
    /// The pad byte of an odd-sized chunk is present in the file.
    pub padded: bool,
}

impl Chunk {
    pub fn payload_at(&self) -> u64 {
        self.at + 8
    }

    /// Bytes the chunk occupies in the file.
    pub fn stored_len(&self) -> u64 {
        8 + u64::from(self.size) + u64::from(self.size % 2 == 1 && self.padded)
    }

    pub fn name(&self) -> String {
        String::from_utf8_lossy(&self.fourcc).into_owned()
    }
}

/// The chunks of a WebP file.
#[derive(Debug, Clone)]
pub struct Riff {
    pub file_len: u64,
    /// End of the RIFF data (8 + RIFF size); bytes after it are kept as they are.
    pub riff_end: u64,
    pub chunks: Vec<Chunk>,
    pub warnings: Vec<String>,
}

impl Riff {
    pub fn find(&self, fourcc: [u8; 4]) -> Option<&Chunk> {
        self.chunks.iter().find(|c| c.fourcc == fourcc)
    }

    /// The chunk holding the XMP packet: `XMP `, else a misnamed `XMP\0`.
    pub fn xmp(&self) -> Option<&Chunk> {
        self.find(XMP).or_else(|| self.find(XMP_NUL))
    }
}

pub fn sniff(head: &[u8]) -> bool {
    head.len() >= 12 && &head[0..4] == b"RIFF" && &head[8..12] == b"WEBP"
}

fn read_exact_at(src: &mut dyn ReadSeek, at: u64, buf: &mut [u8]) -> Result<(), FormatError> {
    src.seek(SeekFrom::Start(at))?;
    src.read_exact(buf)
        .map_err(|e| corrupt(at, format!("read of {} bytes failed: {e}", buf.len())))
}

/// Walks the chunk list; every size is checked against the RIFF size and the file.
pub fn read_riff(src: &mut dyn ReadSeek) -> Result<Riff, FormatError> {
    let file_len = src.seek(SeekFrom::End(0))?;
    if file_len < 12 {
        return Err(corrupt(
            0,
            format!("file too short for a RIFF header ({file_len} bytes)"),
        ));
    }
    let mut head = [0u8; 12];
    read_exact_at(src, 0, &mut head)?;
    if !sniff(&head) {
        return Err(corrupt(0, "not a RIFF/WEBP header"));
    }
    let riff_size = u64::from(u32::from_le_bytes([head[4], head[5], head[6], head[7]]));
    let mut warnings = Vec::new();
    let mut riff_end = 8 + riff_size;
    if riff_end > file_len {
        // One missing pad byte at the very end is a common writer slip; more is truncation.
        if riff_end == file_len + 1 {
            warnings.push(format!(
                "RIFF size {riff_size} counts a final pad byte the file does not have"
            ));
            riff_end = file_len;
        } else {
            return Err(corrupt(
                4,
                format!("RIFF size {riff_size} runs past the end of the file ({file_len} bytes): truncated"),
            ));
        }
    } else if riff_end < file_len {
        warnings.push(format!(
            "{} bytes after the end of the RIFF data (offset {riff_end}) are kept as they are",
            file_len - riff_end
        ));
    }
    if riff_end < 12 {
        return Err(corrupt(
            4,
            format!("RIFF size {riff_size} is smaller than the WEBP header"),
        ));
    }
    let mut chunks = Vec::new();
    let mut at = 12u64;
    while at < riff_end {
        if chunks.len() >= MAX_CHUNKS {
            return Err(corrupt(at, format!("more than {MAX_CHUNKS} chunks")));
        }
        if riff_end - at < 8 {
            return Err(corrupt(
                at,
                format!(
                    "{} stray bytes where a chunk header should start",
                    riff_end - at
                ),
            ));
        }
        let mut h = [0u8; 8];
        read_exact_at(src, at, &mut h)?;
        let fourcc = [h[0], h[1], h[2], h[3]];
        let size = u32::from_le_bytes([h[4], h[5], h[6], h[7]]);
        let end = at + 8 + u64::from(size);
        if end > riff_end {
            return Err(corrupt(
                at,
                format!(
                    "chunk '{}' of {size} bytes runs past the end of the RIFF data ({riff_end})",
                    String::from_utf8_lossy(&fourcc)
                ),
            ));
        }
        let padded = size % 2 == 0 || end < riff_end;
        if !padded {
            warnings.push(format!(
                "chunk '{}' at offset {at} lacks its pad byte",
                String::from_utf8_lossy(&fourcc)
            ));
        }
        let c = Chunk {
            fourcc,
            at,
            size,
            padded,
        };
        at += c.stored_len();
        chunks.push(c);
    }
    if chunks.is_empty() {
        return Err(corrupt(12, "no chunks after the WEBP header"));
    }
    Ok(Riff {
        file_len,
        riff_end,
        chunks,
        warnings,
    })
}

/// Canvas size and alpha of a simple-format file, from the first bitstream chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Canvas {
    pub width: u32,
    pub height: u32,
    pub alpha: bool,
}

/// Reads the canvas from a `VP8 ` or `VP8L` chunk (docs/containers.md, "WebP: VP8X and
/// canvas").
pub fn canvas(src: &mut dyn ReadSeek, c: &Chunk) -> Result<Canvas, FormatError> {
    let at = c.payload_at();
    match &c.fourcc {
        b"VP8 " => {
            if c.size < 10 {
                return Err(corrupt(
                    at,
                    format!("VP8 chunk too short ({} bytes)", c.size),
                ));
            }
            let mut b = [0u8; 10];
            read_exact_at(src, at, &mut b)?;
            if b[3..6] != [0x9D, 0x01, 0x2A] {
                return Err(corrupt(at + 3, "VP8 key frame start code 9D 01 2A missing"));
            }
            let width = u32::from(u16::from_le_bytes([b[6], b[7]]) & 0x3FFF);
            let height = u32::from(u16::from_le_bytes([b[8], b[9]]) & 0x3FFF);
            if width == 0 || height == 0 {
                return Err(corrupt(
                    at + 6,
                    format!("VP8 frame size {width}x{height} is empty"),
                ));
            }
            Ok(Canvas {
                width,
                height,
                alpha: false,
            })
        }
        b"VP8L" => {
            if c.size < 5 {
                return Err(corrupt(
                    at,
                    format!("VP8L chunk too short ({} bytes)", c.size),
                ));
            }
            let mut b = [0u8; 5];
            read_exact_at(src, at, &mut b)?;
            if b[0] != 0x2F {
                return Err(corrupt(
                    at,
                    format!("VP8L signature is {:#04x}, not 0x2f", b[0]),
                ));
            }
            let bits = u32::from_le_bytes([b[1], b[2], b[3], b[4]]);
            let version = bits >> 29;
            if version != 0 {
                return Err(corrupt(at + 4, format!("VP8L version {version} is not 0")));
            }
            Ok(Canvas {
                width: (bits & 0x3FFF) + 1,
                height: ((bits >> 14) & 0x3FFF) + 1,
                alpha: (bits >> 28) & 1 == 1,
            })
        }
        other => Err(corrupt(
            c.at,
            format!(
                "simple WebP must start with a VP8 or VP8L chunk, found '{}'",
                String::from_utf8_lossy(other)
            ),
        )),
    }
}

/// The 18-byte VP8X chunk for a canvas.
pub fn vp8x_chunk(flags: u8, canvas: Canvas) -> Vec<u8> {
    let mut v = Vec::with_capacity(18);
    v.extend_from_slice(&VP8X);
    v.extend_from_slice(&10u32.to_le_bytes());
    v.push(flags);
    v.extend_from_slice(&[0, 0, 0]);
    v.extend_from_slice(&(canvas.width - 1).to_le_bytes()[..3]);
    v.extend_from_slice(&(canvas.height - 1).to_le_bytes()[..3]);
    v
}

/// One piece of the output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// An original chunk, byte for byte (a missing pad byte is added).
    Copy(usize),
    /// An original chunk with its first payload byte (VP8X flags) replaced.
    Flags(usize, u8),
    /// New bytes (complete chunk(s), padded).
    New(Vec<u8>),
}

/// A complete write: RIFF header with a new size, the pieces, then any bytes that
/// followed the RIFF data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub pieces: Vec<Piece>,
    pub riff_size: u32,
}

fn chunk_bytes(fourcc: [u8; 4], payload: &[u8]) -> Result<Vec<u8>, FormatError> {
    let size = u32::try_from(payload.len()).map_err(|_| {
        FormatError::TooLarge(format!("{} bytes do not fit a RIFF chunk", payload.len()))
    })?;
    let mut v = Vec::with_capacity(payload.len() + 9);
    v.extend_from_slice(&fourcc);
    v.extend_from_slice(&size.to_le_bytes());
    v.extend_from_slice(payload);
    if payload.len() % 2 == 1 {
        v.push(0);
    }
    Ok(v)
}

fn flags_of(src: &mut dyn ReadSeek, c: &Chunk) -> Result<u8, FormatError> {
    if c.size < 10 {
        return Err(corrupt(
            c.at,
            format!("VP8X chunk too short ({} bytes)", c.size),
        ));
    }
    let mut b = [0u8; 1];
    read_exact_at(src, c.payload_at(), &mut b)?;
    Ok(b[0])
}

/// Same-length update of an existing `XMP ` chunk's payload (plus the VP8X flag
/// byte if it was not set).
pub fn in_place(
    src: &mut dyn ReadSeek,
    riff: &Riff,
    packet: &[u8],
) -> Result<Option<Vec<Patch>>, FormatError> {
    let Some(x) = riff.find(XMP) else {
        return Ok(None);
    };
    if packet.len() as u64 != u64::from(x.size) {
        return Ok(None);
    }
    let Some(v) = riff.chunks.first().filter(|c| c.fourcc == VP8X) else {
        return Ok(None);
    };
    let mut patches = vec![Patch {
        offset: x.payload_at(),
        bytes: packet.to_vec(),
    }];
    let flags = flags_of(src, v)?;
    if flags & FLAG_XMP == 0 {
        patches.push(Patch {
            offset: v.payload_at(),
            bytes: vec![flags | FLAG_XMP],
        });
    }
    Ok(Some(patches))
}

/// Plans a file holding `packet` in an `XMP ` chunk: replace the existing one in its
/// place, or add one after EXIF / the image data (before unknown chunks), converting
/// a simple file to the extended layout.
pub fn plan(src: &mut dyn ReadSeek, riff: &Riff, packet: &[u8]) -> Result<Plan, FormatError> {
    let xmp = chunk_bytes(XMP, packet)?;
    let mut pieces: Vec<Piece> = (0..riff.chunks.len()).map(Piece::Copy).collect();
    let has = |f: &[u8; 4]| riff.chunks.iter().any(|c| &c.fourcc == f);
    let old = riff
        .chunks
        .iter()
        .position(|c| c.fourcc == XMP)
        .or_else(|| riff.chunks.iter().position(|c| c.fourcc == XMP_NUL));
    match old {
        Some(i) => pieces[i] = Piece::New(xmp),
        None => {
            let known: &[&[u8; 4]] = &[
                b"VP8X", b"ICCP", b"ANIM", b"ANMF", b"ALPH", b"VP8 ", b"VP8L", b"EXIF",
            ];
            let at = match riff.chunks.iter().position(|c| &c.fourcc == b"EXIF") {
                Some(e) => e + 1,
                None => riff
                    .chunks
                    .iter()
                    .rposition(|c| known.contains(&&c.fourcc))
                    .map_or(riff.chunks.len(), |i| i + 1),
            };
            pieces.insert(at, Piece::New(xmp));
        }
    }
    let first = &riff.chunks[0];
    if first.fourcc == VP8X {
        let flags = flags_of(src, first)?;
        pieces[0] = Piece::Flags(0, flags | FLAG_XMP);
    } else {
        let canvas = canvas(src, first)?;
        let mut flags = FLAG_XMP;
        if canvas.alpha || has(b"ALPH") {
            flags |= FLAG_ALPHA;
        }
        if has(b"EXIF") {
            flags |= FLAG_EXIF;
        }
        if has(b"ICCP") {
            flags |= FLAG_ICC;
        }
        if has(b"ANIM") {
            flags |= FLAG_ANIM;
        }
        pieces.insert(0, Piece::New(vp8x_chunk(flags, canvas)));
    }
    let mut total: u64 = 4;
    for p in &pieces {
        total += match p {
            Piece::Copy(i) | Piece::Flags(i, _) => {
                let c = &riff.chunks[*i];
                8 + u64::from(c.size) + u64::from(c.size % 2)
            }
            Piece::New(b) => b.len() as u64,
        };
    }
    let riff_size = u32::try_from(total).map_err(|_| {
        FormatError::TooLarge(format!("a RIFF file of {total} bytes exceeds 4 GiB"))
    })?;
    Ok(Plan { pieces, riff_size })
}

/// Streams the planned file.
pub fn stream(
    src: &mut dyn ReadSeek,
    riff: &Riff,
    plan: &Plan,
    dst: &mut dyn Write,
) -> Result<(), FormatError> {
    dst.write_all(b"RIFF")?;
    dst.write_all(&plan.riff_size.to_le_bytes())?;
    dst.write_all(b"WEBP")?;
    for p in &plan.pieces {
        match p {
            Piece::New(b) => dst.write_all(b)?,
            Piece::Copy(i) | Piece::Flags(i, _) => {
                let c = &riff.chunks[*i];
                src.seek(SeekFrom::Start(c.at))?;
                if let Piece::Flags(_, f) = p {
                    copy(src, dst, 8)?;
                    dst.write_all(&[*f])?;
                    src.seek(SeekFrom::Current(1))?;
                    copy(src, dst, c.stored_len() - 9)?;
                } else {
                    copy(src, dst, c.stored_len())?;
                }
                if c.size % 2 == 1 && !c.padded {
                    dst.write_all(&[0])?;
                }
            }
        }
    }
    src.seek(SeekFrom::Start(riff.riff_end))?;
    copy(src, dst, riff.file_len - riff.riff_end)?;
    Ok(())
}

fn copy(src: &mut dyn ReadSeek, dst: &mut dyn Write, n: u64) -> Result<(), FormatError> {
    let at = src.stream_position()?;
    let got = std::io::copy(&mut (&mut *src).take(n), dst)?;
    if got != n {
        return Err(corrupt(
            at + got,
            format!("file ended while copying ({got} of {n} bytes)"),
        ));
    }
    Ok(())
}
