//! Content detection and the read entry points.
//!
//! The format comes from the first bytes (magic numbers, the XML root element, the
//! glTF JSON `asset` member), never from the name: a `.jpg` that is a PNG is read as a
//! PNG. The extension is used for one thing only: to keep TIFF-structured proprietary
//! raws (`.nef`, `.arw`, ...) read-only, since a TIFF writer cannot know what their
//! private structures point at.

use std::io::{Read, SeekFrom};
use std::path::Path;

use crate::stream::BufSource;
use crate::{
    bmff, fallback, gif, gltf, jpeg, pdf, png, psd, sidecar, svg, tiff, webp, Container, Format,
    FormatError, Found, Identity, ReadSeek,
};

/// How many leading bytes detection looks at.
pub const HEAD_LEN: usize = 4096;

/// Read buffer of [`read_file`]: most metadata of a typical file fits in one read.
const READ_BUFFER: usize = 16 * 1024;

/// Extensions of TIFF-structured raws that are never written (docs/containers.md,
/// "TIFF-based raw files").
const RAW_EXTENSIONS: &[&str] = &[
    "nef", "arw", "pef", "srw", "3fr", "erf", "kdc", "mrw", "nrw", "raf", "rwl", "sr2", "srf",
    "x3f", "iiq", "cr2", "orf", "rw2",
];

/// The container for a file's first bytes; see [`detect_format`]. The path only keeps
/// raws read-only (done in [`read_from`]), it never picks the container.
pub fn detect(head: &[u8], _path: Option<&Path>) -> &'static dyn Container {
    container_for(detect_format(head))
}

/// The module that reads (and maybe writes) a format. Formats without their own
/// module go to the packet scanner of `fallback`.
pub fn container_for(format: Format) -> &'static dyn Container {
    match format {
        Format::Jpeg => &jpeg::Jpeg,
        Format::Png => &png::Png,
        Format::Gif => &gif::Gif,
        Format::Tiff | Format::Dng | Format::Raw => &tiff::Tiff,
        Format::WebP => &webp::WebP,
        Format::Svg => &svg::Svg,
        Format::Gltf | Format::Glb => &gltf::Gltf,
        Format::Xmp => &sidecar::Sidecar,
        Format::Psd => &psd::Psd,
        Format::Mp4 | Format::Mov => &bmff::Mp4,
        Format::Heif => &bmff::Heif,
        Format::Pdf => &pdf::Pdf,
        Format::Cr3 | Format::Eps | Format::Other => &fallback::Fallback,
    }
}

/// The format of a file from its first bytes (up to [`HEAD_LEN`]). TIFF-structured
/// files come back as `Tiff` except for the raw variants recognisable by their magic
/// (ORF, RW2, CR2), which are `Raw`; telling DNG apart is the TIFF reader's job.
pub fn detect_format(head: &[u8]) -> Format {
    let starts = |m: &[u8]| head.starts_with(m);
    if starts(&[0xFF, 0xD8, 0xFF]) {
        return Format::Jpeg;
    }
    if starts(b"\x89PNG\r\n\x1a\n") {
        return Format::Png;
    }
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return Format::Gif;
    }
    if is_raw_magic(head) {
        return Format::Raw;
    }
    if starts(b"II*\0") || starts(b"MM\0*") || starts(b"II+\0") || starts(b"MM\0+") {
        return Format::Tiff;
    }
    if starts(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        return Format::WebP;
    }
    if starts(b"glTF") {
        return Format::Glb;
    }
    if starts(b"8BPS") {
        return Format::Psd;
    }
    if starts(b"%!PS") || starts(&[0xC5, 0xD0, 0xD3, 0xC6]) {
        return Format::Eps;
    }
    if starts(b"%PDF-") {
        return Format::Pdf;
    }
    if let Some(f) = bmff_format(head) {
        return f;
    }
    match text_format(head) {
        // PDF allows junk before the header (within the first KiB).
        Format::Other
            if head[..head.len().min(1024)]
                .windows(5)
                .any(|w| w == b"%PDF-") =>
        {
            Format::Pdf
        }
        f => f,
    }
}

/// TIFF variants that are always proprietary raws: Olympus ORF (`IIRO`, `IIRS`,
/// `MMOR`), Panasonic RW2 (`IIU\0`), Canon CR2 (TIFF with `CR` at offset 8).
pub fn is_raw_magic(head: &[u8]) -> bool {
    let starts = |m: &[u8]| head.starts_with(m);
    starts(b"IIRO")
        || starts(b"IIRS")
        || starts(b"MMOR")
        || starts(b"IIU\0")
        || ((starts(b"II*\0") || starts(b"MM\0*")) && head.get(8..10) == Some(b"CR"))
}

/// True when the file name has the extension of a TIFF-structured raw.
pub fn is_raw_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| RAW_EXTENSIONS.iter().any(|r| r.eq_ignore_ascii_case(e)))
}

/// ISO base media files: `ftyp` brands, or a QuickTime file starting with a bare box.
fn bmff_format(head: &[u8]) -> Option<Format> {
    let size = u32::from_be_bytes(head.get(0..4)?.try_into().ok()?) as usize;
    let kind = head.get(4..8)?;
    if kind == b"ftyp" {
        let end = size.clamp(8, head.len());
        let major = head.get(8..12)?;
        let compatible = head.get(16..end).unwrap_or(&[]);
        let brands: Vec<&[u8]> = std::iter::once(major)
            .chain(compatible.chunks_exact(4))
            .collect();
        const HEIF: &[&[u8]] = &[
            b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1",
            b"msf1", b"avif", b"avis", b"avio", b"mif2",
        ];
        return Some(if brands.iter().any(|b| *b == b"crx ") {
            Format::Cr3
        } else if major == b"qt  " {
            Format::Mov
        } else if brands.iter().any(|b| HEIF.contains(b)) {
            Format::Heif
        } else {
            Format::Mp4
        });
    }
    let plausible = size == 0 || size == 1 || size >= 8;
    if plausible
        && matches!(
            kind,
            b"moov" | b"mdat" | b"wide" | b"free" | b"skip" | b"pnot"
        )
    {
        return Some(Format::Mov);
    }
    None
}

/// XML documents (sidecar or SVG by their root element) and glTF JSON.
fn text_format(head: &[u8]) -> Format {
    let text = ascii_view(head);
    let t = text.as_slice();
    let mut i = 0;
    let skip_ws = |i: &mut usize| {
        while t.get(*i).is_some_and(|c| c.is_ascii_whitespace()) {
            *i += 1;
        }
    };
    skip_ws(&mut i);
    if t.get(i) == Some(&b'{') {
        let body = &t[i..];
        if body.windows(7).any(|w| w == b"\"asset\"") {
            return Format::Gltf;
        }
        return Format::Other;
    }
    loop {
        skip_ws(&mut i);
        let rest = &t[i.min(t.len())..];
        if rest.starts_with(b"<?xpacket") {
            return Format::Xmp;
        }
        let close: &[u8] = if rest.starts_with(b"<?") {
            b"?>"
        } else if rest.starts_with(b"<!--") {
            b"-->"
        } else if rest.starts_with(b"<!DOCTYPE") {
            match doctype_end(rest) {
                Some(end) => {
                    i += end;
                    continue;
                }
                None => return Format::Other,
            }
        } else if rest.starts_with(b"<") {
            return root_format(&rest[1..]);
        } else {
            return Format::Other;
        };
        match crate::packet::find(rest, close) {
            Some(p) => i += p + close.len(),
            None => return Format::Other,
        }
    }
}

/// Length of a `<!DOCTYPE ...>` including an internal subset in brackets.
fn doctype_end(s: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    for (i, &c) in s.iter().enumerate() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'[') => depth += 1,
            (None, b']') => depth = depth.saturating_sub(1),
            (None, b'>') if depth == 0 => return Some(i + 1),
            _ => {}
        }
    }
    None
}

fn root_format(after_lt: &[u8]) -> Format {
    let end = after_lt
        .iter()
        .position(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/')
        .unwrap_or(after_lt.len());
    let name = &after_lt[..end];
    let local = match name.iter().rposition(|&c| c == b':') {
        Some(p) => &name[p + 1..],
        None => name,
    };
    match local {
        b"svg" => Format::Svg,
        b"xmpmeta" | b"xapmeta" | b"RDF" => Format::Xmp,
        _ => Format::Other,
    }
}

/// The head as single bytes: UTF-8 as is (BOM dropped), UTF-16 by taking the low
/// byte of each ASCII code unit (others become 0x80), so the prolog checks work on
/// UTF-16 sidecars too.
fn ascii_view(head: &[u8]) -> Vec<u8> {
    let (body, be) = if let Some(b) = head.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return b.to_vec();
    } else if let Some(b) = head.strip_prefix(&[0xFE, 0xFF]) {
        (b, true)
    } else if let Some(b) = head.strip_prefix(&[0xFF, 0xFE]) {
        (b, false)
    } else if head.starts_with(&[0, b'<']) {
        (head, true)
    } else if head.starts_with(&[b'<', 0]) {
        (head, false)
    } else {
        return head.to_vec();
    };
    body.chunks_exact(2)
        .map(|u| {
            let (hi, lo) = if be { (u[0], u[1]) } else { (u[1], u[0]) };
            if hi == 0 && lo < 0x80 {
                lo
            } else {
                0x80
            }
        })
        .collect()
}

/// Reads a file's XMP (with its identity). Reads the head once through a buffer that
/// the container then reuses; only the bytes the container needs are read.
pub fn read_file(path: &Path) -> Result<(Found, Identity), FormatError> {
    let with_path = |e: std::io::Error| FormatError::io(path, e);
    let (file, meta) = crate::open::open_regular(path).map_err(with_path)?;
    let mut src = BufSource::new(file, READ_BUFFER, Some(meta.len()));
    let mut head = [0u8; HEAD_LEN];
    let n = {
        let buffered = src.fill_at_least(HEAD_LEN).map_err(with_path)?;
        let n = buffered.len().min(HEAD_LEN);
        head[..n].copy_from_slice(&buffered[..n]);
        n
    };
    let found = read_detected(&head[..n], &mut src, Some(path)).map_err(|e| add_path(e, path))?;
    let identity = Identity::from_metadata(&meta, found.raw.as_deref());
    Ok((found, identity))
}

/// Reads XMP from any seekable source (from its start).
pub fn read_from(src: &mut dyn ReadSeek, path: Option<&Path>) -> Result<Found, FormatError> {
    src.seek(SeekFrom::Start(0))?;
    let mut head = Vec::with_capacity(HEAD_LEN);
    Read::take(&mut *src, HEAD_LEN as u64).read_to_end(&mut head)?;
    src.seek(SeekFrom::Start(0))?;
    read_detected(&head, src, path)
}

pub(crate) fn read_detected(
    head: &[u8],
    src: &mut dyn ReadSeek,
    path: Option<&Path>,
) -> Result<Found, FormatError> {
    let format = detect_format(head);
    let container = container_for(format);
    let mut found = container.read(src)?;
    match format {
        Format::Pdf
        | Format::Mp4
        | Format::Mov
        | Format::Heif
        | Format::Cr3
        | Format::Psd
        | Format::Eps
        | Format::Other => found.format = format,
        Format::Raw => found.format = Format::Raw,
        _ => {}
    }
    if matches!(found.format, Format::Tiff | Format::Dng) && path.is_some_and(is_raw_extension) {
        found.format = Format::Raw;
    }
    Ok(found)
}

/// Puts the file name into I/O errors raised without one.
pub(crate) fn add_path(e: FormatError, path: &Path) -> FormatError {
    match e {
        FormatError::Io { path: p, source } if p.as_os_str().is_empty() => {
            FormatError::io(path, source)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(b: &[u8]) -> Format {
        detect_format(b)
    }

    #[test]
    fn magic_numbers() {
        assert_eq!(f(&[0xFF, 0xD8, 0xFF, 0xE0]), Format::Jpeg);
        assert_eq!(f(b"\x89PNG\r\n\x1a\n\0\0"), Format::Png);
        assert_eq!(f(b"GIF87a.."), Format::Gif);
        assert_eq!(f(b"GIF89a.."), Format::Gif);
        assert_eq!(f(b"II*\0\x08\0\0\0"), Format::Tiff);
        assert_eq!(f(b"MM\0*\0\0\0\x08"), Format::Tiff);
        assert_eq!(f(b"II*\0\x10\0\0\0CR\x02\0"), Format::Raw);
        assert_eq!(f(b"IIRO\x08\0\0\0"), Format::Raw);
        assert_eq!(f(b"IIU\0\x08\0\0\0"), Format::Raw);
        assert_eq!(f(b"RIFF\0\0\0\0WEBPVP8 "), Format::WebP);
        assert_eq!(f(b"RIFF\0\0\0\0AVI "), Format::Other);
        assert_eq!(f(b"glTF\x02\0\0\0"), Format::Glb);
        assert_eq!(f(b"%PDF-1.7\n"), Format::Pdf);
        assert_eq!(f(b"junk\n%PDF-1.4\n"), Format::Pdf);
        assert_eq!(f(b"<x:xmpmeta>%PDF-</x:xmpmeta>"), Format::Xmp);
        assert_eq!(f(b"8BPS\0\x01"), Format::Psd);
        assert_eq!(f(b"%!PS-Adobe-3.0 EPSF"), Format::Eps);
        assert_eq!(f(&[0xC5, 0xD0, 0xD3, 0xC6, 0]), Format::Eps);
        assert_eq!(f(b""), Format::Other);
        assert_eq!(f(b"\xFF"), Format::Other);
    }

    #[test]
    fn iso_bmff_brands() {
        let ftyp = |major: &[u8], compat: &[&[u8]]| {
            let mut v = Vec::new();
            v.extend_from_slice(&((16 + 4 * compat.len()) as u32).to_be_bytes());
            v.extend_from_slice(b"ftyp");
            v.extend_from_slice(major);
            v.extend_from_slice(&[0, 0, 0, 0]);
            for c in compat {
                v.extend_from_slice(c);
            }
            v
        };
        assert_eq!(f(&ftyp(b"isom", &[b"mp41"])), Format::Mp4);
        assert_eq!(f(&ftyp(b"mif1", &[b"heic"])), Format::Heif);
        assert_eq!(f(&ftyp(b"avif", &[])), Format::Heif);
        assert_eq!(f(&ftyp(b"crx ", &[b"isom"])), Format::Cr3);
        assert_eq!(f(&ftyp(b"qt  ", &[])), Format::Mov);
        assert_eq!(f(b"\0\0\0\x08wide\0\0\0\x10mdat"), Format::Mov);
        assert_eq!(f(b"\0\0\x01\0moov"), Format::Mov);
    }

    #[test]
    fn xml_roots() {
        assert_eq!(
            f(b"<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>"),
            Format::Xmp
        );
        assert_eq!(
            f(b"\xEF\xBB\xBF<?xml version='1.0'?>\n<!-- c -->\n<x:xmpmeta xmlns:x='adobe:ns:meta/'>"),
            Format::Xmp
        );
        assert_eq!(f(b"<x:xapmeta xmlns:x='adobe:ns:meta/'>"), Format::Xmp);
        assert_eq!(f(b"  <rdf:RDF xmlns:rdf='x'>"), Format::Xmp);
        assert_eq!(
            f(b"<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x\" [ <!ENTITY a \"b>\"> ]>\n<svg xmlns='http://www.w3.org/2000/svg'>"),
            Format::Svg
        );
        assert_eq!(f(b"<svg:svg xmlns:svg='x'/>"), Format::Svg);
        assert_eq!(f(b"<html><body/></html>"), Format::Other);
        assert_eq!(f(b"<!-- unterminated"), Format::Other);
        let utf16: Vec<u8> = "\u{feff}<x:xmpmeta xmlns:x='adobe:ns:meta/'>"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(f(&utf16), Format::Xmp);
    }

    #[test]
    fn gltf_json() {
        assert_eq!(f(b"{\n  \"asset\": {\"version\": \"2.0\"}}"), Format::Gltf);
        assert_eq!(f(b"[{\"@context\": 1}]"), Format::Other);
        assert_eq!(f(b"{\"@context\": 1}"), Format::Other);
    }

    #[test]
    fn raw_extensions_only_by_name() {
        assert!(is_raw_extension(Path::new("a/IMG_1.NEF")));
        assert!(is_raw_extension(Path::new("x.cr2")));
        assert!(!is_raw_extension(Path::new("x.dng")));
        assert!(!is_raw_extension(Path::new("x.tif")));
        assert!(!is_raw_extension(Path::new("nef")));
    }
}
