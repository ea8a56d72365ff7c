//! GLB (binary glTF) container: 12-byte header, JSON chunk, BIN and unknown chunks
//! (docs/containers.md, "GLB: binary layout"). A write re-serializes only the JSON chunk
//! (padded with spaces) and copies every later chunk byte for byte; BIN offsets are
//! chunk-relative, so nothing inside them moves.

use std::io::{Read, SeekFrom, Write};

use crate::{FormatError, ReadSeek};

pub const MAGIC: &[u8; 4] = b"glTF";
pub const JSON: u32 = 0x4E4F_534A;
pub const BIN: u32 = 0x004E_4942;
/// Largest JSON chunk we load.
const MAX_JSON: u32 = 256 << 20;

pub(crate) fn corrupt(offset: u64, message: impl Into<String>) -> FormatError {
    FormatError::corrupt("GLB", offset, message)
}

/// One chunk after the JSON chunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub kind: u32,
    /// Offset of the chunk header.
    pub at: u64,
    pub len: u32,
}

/// The structure of a GLB file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glb {
    pub file_len: u64,
    /// The header's total length.
    pub length: u64,
    /// Offset and length of the JSON chunk's data.
    pub json_at: u64,
    pub json_len: u32,
    pub chunks: Vec<Chunk>,
    pub warnings: Vec<String>,
}

fn u32_at(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

fn read_exact_at(src: &mut dyn ReadSeek, at: u64, buf: &mut [u8]) -> Result<(), FormatError> {
    src.seek(SeekFrom::Start(at))?;
    src.read_exact(buf)
        .map_err(|e| corrupt(at, format!("read of {} bytes failed: {e}", buf.len())))
}

/// Walks the header and chunks; returns the layout and the JSON chunk's text.
pub fn read(src: &mut dyn ReadSeek) -> Result<(Glb, Vec<u8>), FormatError> {
    let file_len = src.seek(SeekFrom::End(0))?;
    if file_len < 20 {
        return Err(corrupt(
            0,
            format!("file too short for a GLB header and JSON chunk ({file_len} bytes)"),
        ));
    }
    let mut h = [0u8; 20];
    read_exact_at(src, 0, &mut h)?;
    if &h[0..4] != MAGIC {
        return Err(corrupt(0, "not a GLB file (magic 'glTF' missing)"));
    }
    let version = u32_at(&h, 4);
    if version != 2 {
        return Err(corrupt(
            4,
            format!("GLB version {version} is not supported (only 2)"),
        ));
    }
    let length = u64::from(u32_at(&h, 8));
    let mut warnings = Vec::new();
    if length > file_len {
        return Err(corrupt(
            8,
            format!(
                "GLB length {length} runs past the end of the file ({file_len} bytes): truncated"
            ),
        ));
    }
    if length < file_len {
        warnings.push(format!(
            "{} bytes after the GLB data (offset {length}) are kept as they are",
            file_len - length
        ));
    }
    let json_len = u32_at(&h, 12);
    if u32_at(&h, 16) != JSON {
        return Err(corrupt(16, "the first GLB chunk is not JSON"));
    }
    let json_at = 20u64;
    if json_at + u64::from(json_len) > length {
        return Err(corrupt(
            12,
            format!("JSON chunk of {json_len} bytes runs past the GLB length ({length})"),
        ));
    }
    if json_len > MAX_JSON {
        return Err(FormatError::TooLarge(format!(
            "GLB JSON chunk of {json_len} bytes is over the {MAX_JSON}-byte limit"
        )));
    }
    if !json_len.is_multiple_of(4) {
        warnings.push(format!(
            "JSON chunk length {json_len} is not a multiple of 4"
        ));
    }
    let mut json = vec![0u8; json_len as usize];
    read_exact_at(src, json_at, &mut json)?;
    let mut chunks = Vec::new();
    let mut at = json_at + u64::from(json_len);
    while at < length {
        if length - at < 8 {
            return Err(corrupt(
                at,
                format!(
                    "{} stray bytes where a chunk header should start",
                    length - at
                ),
            ));
        }
        let mut ch = [0u8; 8];
        read_exact_at(src, at, &mut ch)?;
        let len = u32_at(&ch, 0);
        let kind = u32_at(&ch, 4);
        if at + 8 + u64::from(len) > length {
            return Err(corrupt(
                at,
                format!("chunk of {len} bytes runs past the GLB length ({length})"),
            ));
        }
        if kind == JSON {
            warnings.push(format!(
                "second JSON chunk at offset {at} is ignored (kept as it is)"
            ));
        }
        chunks.push(Chunk { kind, at, len });
        at += 8 + u64::from(len);
    }
    // JSON padding is spaces; tolerate the NULs some writers use.
    while json.last().is_some_and(|&b| b == 0) {
        json.pop();
    }
    Ok((
        Glb {
            file_len,
            length,
            json_at,
            json_len,
            chunks,
            warnings,
        },
        json,
    ))
}

/// Streams a GLB with `json` as its JSON chunk and every other byte copied.
pub fn write(
    src: &mut dyn ReadSeek,
    glb: &Glb,
    json: &[u8],
    dst: &mut dyn Write,
) -> Result<(), FormatError> {
    let pad = (4 - json.len() % 4) % 4;
    let json_len = json.len() + pad;
    let rest = glb.length - (glb.json_at + u64::from(glb.json_len));
    let total = 20 + json_len as u64 + rest;
    let total32 = u32::try_from(total)
        .map_err(|_| FormatError::TooLarge(format!("a GLB of {total} bytes exceeds 4 GiB")))?;
    dst.write_all(MAGIC)?;
    dst.write_all(&2u32.to_le_bytes())?;
    dst.write_all(&total32.to_le_bytes())?;
    dst.write_all(&(json_len as u32).to_le_bytes())?;
    dst.write_all(&JSON.to_le_bytes())?;
    dst.write_all(json)?;
    dst.write_all(&b"   "[..pad])?;
    src.seek(SeekFrom::Start(glb.json_at + u64::from(glb.json_len)))?;
    let n = glb.file_len - (glb.json_at + u64::from(glb.json_len));
    let got = std::io::copy(&mut (&mut *src).take(n), dst)?;
    if got != n {
        return Err(corrupt(
            glb.file_len,
            "file ended while copying the chunks after JSON",
        ));
    }
    Ok(())
}

/// A minimal valid GLB: one triangle in a 36-byte BIN chunk, no XMP.
#[cfg(any(test, feature = "testing"))]
pub fn blank() -> Vec<u8> {
    let json = br#"{"asset":{"version":"2.0","generator":"xmpedit blank"},"scene":0,"scenes":[{"nodes":[0]}],"nodes":[{"mesh":0}],"meshes":[{"primitives":[{"attributes":{"POSITION":0}}]}],"accessors":[{"bufferView":0,"componentType":5126,"count":3,"type":"VEC3","min":[0,0,0],"max":[1,1,0]}],"bufferViews":[{"buffer":0,"byteLength":36,"target":34962}],"buffers":[{"byteLength":36}]}"#;
    let mut bin = Vec::new();
    for v in [0f32, 0., 0., 1., 0., 0., 0., 1., 0.] {
        bin.extend_from_slice(&v.to_le_bytes());
    }
    let pad = (4 - json.len() % 4) % 4;
    let jlen = json.len() + pad;
    let total = 12 + 8 + jlen + 8 + bin.len();
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&2u32.to_le_bytes());
    out.extend_from_slice(&(total as u32).to_le_bytes());
    out.extend_from_slice(&(jlen as u32).to_le_bytes());
    out.extend_from_slice(&JSON.to_le_bytes());
    out.extend_from_slice(json);
    out.extend(std::iter::repeat_n(b' ', pad));
    out.extend_from_slice(&(bin.len() as u32).to_le_bytes());
    out.extend_from_slice(&BIN.to_le_bytes());
    out.extend_from_slice(&bin);
    out
}
