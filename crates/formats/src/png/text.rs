//! PNG text chunks that hold XMP: `iTXt` with keyword `XML:com.adobe.xmp` (plain or
//! zlib-compressed, inflated with a size bound) and ImageMagick's legacy hex profile
//! `Raw profile type xmp` (read, and replaced by an iTXt chunk on write). XMP chunks
//! that cannot be read are recorded so that a write does not add a second packet
//! next to them ([`crate::unreadable`]).

use std::io::Read;

use super::chunks::{Layout, Unread, XmpText, XMP_KEYWORD};

/// Largest decompressed text accepted from a compressed chunk.
pub const MAX_INFLATE: u64 = 64 << 20;

/// Records an XMP text chunk (iTXt with the XMP keyword, or a legacy raw profile).
/// An XMP chunk that cannot be read (a bad header or compression, or XMP in `zTXt`
/// or `tEXt`) is recorded as [`Unread`], with a warning.
pub(crate) fn text_chunk(
    layout: &mut Layout,
    index: usize,
    kind: &[u8; 4],
    data: Vec<u8>,
    data_offset: u64,
) {
    let Some(nul) = data.iter().position(|&b| b == 0) else {
        return;
    };
    let keyword = &data[..nul];
    let is_xmp = keyword == XMP_KEYWORD;
    let is_legacy = keyword == b"Raw profile type xmp";
    if !is_xmp && !is_legacy {
        return;
    }
    let name = String::from_utf8_lossy(kind).into_owned();
    let start = data_offset - 8;
    let at = format!("{name} chunk at offset {start}");
    let problem = |layout: &mut Layout, warning: String, what: &str| {
        layout.warnings.push(format!("{at}: {warning}; ignored"));
        if is_xmp {
            layout.unread.push(Unread {
                start,
                end: data_offset + data.len() as u64 + 4,
                what: format!("the {name} XMP chunk at offset {start} {what}"),
            });
        }
    };
    if is_xmp && kind != b"iTXt" {
        // ExifTool reads these, but XMP belongs in iTXt (XMP spec part 3, PNG spec).
        problem(
            layout,
            format!("XMP in a {name} chunk instead of iTXt"),
            &format!("(XMP belongs in iTXt; xmpedit does not read it from {name})"),
        );
        return;
    }
    let (compressed, text_start) = match kind {
        b"iTXt" => match itxt_text_start(&data, nul) {
            Ok(v) => v,
            Err((warning, what)) => return problem(layout, warning, &what),
        },
        b"zTXt" => (true, nul + 2),
        _ => (false, nul + 1),
    };
    let Some(stored) = data.get(text_start..) else {
        return;
    };
    let text = if compressed {
        let mut out = Vec::new();
        let mut z = flate2::read::ZlibDecoder::new(stored).take(MAX_INFLATE + 1);
        if let Err(e) = z.read_to_end(&mut out) {
            return problem(
                layout,
                format!("compressed XMP could not be inflated ({e})"),
                &format!("does not inflate ({e})"),
            );
        }
        if out.len() as u64 > MAX_INFLATE {
            return problem(
                layout,
                format!("compressed XMP inflates to more than {MAX_INFLATE} bytes"),
                &format!("inflates to more than {MAX_INFLATE} bytes"),
            );
        }
        out
    } else {
        stored.to_vec()
    };
    let header = data[..text_start].to_vec();
    if is_xmp {
        layout.xmp.push(XmpText {
            chunk: index,
            header,
            text_offset: (!compressed).then_some(data_offset + text_start as u64),
            bytes: text,
        });
    } else if layout.legacy.is_none() {
        match decode_raw_profile(&text) {
            Some(bytes) => {
                layout.legacy = Some(XmpText {
                    chunk: index,
                    header,
                    text_offset: None,
                    bytes,
                })
            }
            None => layout.warnings.push(format!(
                "{at}: malformed 'Raw profile type xmp' text; ignored"
            )),
        }
    }
}

/// An iTXt chunk's compression flag and where its text starts (after keyword NUL,
/// flag, method, language NUL, translated keyword NUL); else a warning and the
/// description of the problem.
fn itxt_text_start(data: &[u8], nul: usize) -> Result<(bool, usize), (String, String)> {
    let truncated = || {
        (
            "truncated iTXt header".to_string(),
            "has a truncated header".to_string(),
        )
    };
    let flags = data.get(nul + 1..nul + 3).ok_or_else(truncated)?;
    let compressed = flags[0] == 1;
    if compressed && flags[1] != 0 {
        return Err((
            format!("unknown compression method {}", flags[1]),
            format!("uses an unknown compression method ({})", flags[1]),
        ));
    }
    let mut p = nul + 3;
    for _ in 0..2 {
        let q = data
            .get(p..)
            .and_then(|r| r.iter().position(|&b| b == 0))
            .ok_or_else(truncated)?;
        p += q + 1;
    }
    Ok((compressed, p))
}

/// ImageMagick's hex profile: `\nxmp\n    LENGTH\nHEX...`.
fn decode_raw_profile(text: &[u8]) -> Option<Vec<u8>> {
    let s = std::str::from_utf8(text).ok()?;
    let mut lines = s.trim_start_matches('\n').splitn(3, '\n');
    let _name = lines.next()?;
    let len: usize = lines.next()?.trim().parse().ok()?;
    let hex = lines.next()?;
    let mut out = Vec::with_capacity(len.min(MAX_INFLATE as usize));
    let mut digits = hex
        .bytes()
        .filter(|b| !b.is_ascii_whitespace())
        .map(|b| (b as char).to_digit(16));
    while out.len() < len {
        let hi = digits.next()??;
        let lo = digits.next()??;
        out.push((hi * 16 + lo) as u8);
    }
    Some(out)
}
