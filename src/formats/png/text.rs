//! PNG text chunks that hold XMP: `iTXt` with keyword `XML:com.adobe.xmp` (plain or
//! zlib-compressed, inflated with a size bound) and ImageMagick's legacy hex profile
//! `Raw profile type xmp` (read only).

use std::io::Read;

use super::chunks::{Layout, XmpText, XMP_KEYWORD};

/// Largest decompressed text accepted from a compressed chunk.
pub const MAX_INFLATE: u64 = 64 << 20;

/// Records an XMP text chunk (iTXt with the XMP keyword, or a legacy raw profile).
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
    let is_xmp = kind == b"iTXt" && keyword == XMP_KEYWORD;
    let is_legacy = keyword == b"Raw profile type xmp";
    if !is_xmp && !is_legacy {
        return;
    }
    let at = format!(
        "{} chunk at offset {}",
        String::from_utf8_lossy(kind),
        data_offset - 8
    );
    let (compressed, text_start) = match kind {
        b"iTXt" => {
            // keyword NUL flag method language NUL translated NUL text
            let Some(flags) = data.get(nul + 1..nul + 3) else {
                layout
                    .warnings
                    .push(format!("{at}: truncated iTXt header; ignored"));
                return;
            };
            let compressed = flags[0] == 1;
            if compressed && flags[1] != 0 {
                layout.warnings.push(format!(
                    "{at}: unknown compression method {}; ignored",
                    flags[1]
                ));
                return;
            }
            let mut p = nul + 3;
            for _ in 0..2 {
                match data.get(p..).and_then(|r| r.iter().position(|&b| b == 0)) {
                    Some(q) => p += q + 1,
                    None => {
                        layout
                            .warnings
                            .push(format!("{at}: truncated iTXt header; ignored"));
                        return;
                    }
                }
            }
            (compressed, p)
        }
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
            layout.warnings.push(format!(
                "{at}: compressed XMP could not be inflated ({e}); ignored"
            ));
            return;
        }
        if out.len() as u64 > MAX_INFLATE {
            layout.warnings.push(format!(
                "{at}: compressed XMP inflates to more than {MAX_INFLATE} bytes; ignored"
            ));
            return;
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
