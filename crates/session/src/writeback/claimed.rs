//! The one rule for files whose name claims a format xmpedit writes but whose bytes
//! are not that format (an empty `.jpg`, a text file named `.jpg`, a `.png` with a
//! bad signature): writing to such a file is an error naming what it holds. It never
//! falls back to a sidecar: the user asked to write into that file, and a sidecar
//! beside a broken file hides the damage and is found by no program that trusts the
//! name. Sidecars are for formats xmpedit never writes (raws, CR3, EPS, ...), or when
//! asked for (`--to sidecar`). Target selection ([`super::targets`]) and planning
//! ([`super::plan`]) both ask here, for `set` and the TUI alike.

use std::io::Read;
use std::path::Path;

use xmpedit_catalog::kind::{format_of_ext, split_ext};
use xmpedit_catalog::{ReadState, Rendition};
use xmpedit_formats::Format;

/// How many leading bytes a refusal shows.
const SHOWN: usize = 8;

/// The refusal for a file named like a writable format whose content (detected as
/// `detected`) is not writable; None when the name and the content agree well
/// enough to write or to use a sidecar.
pub fn not_its_format(path: &Path, detected: Format) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let claimed = format_of_ext(split_ext(name).1?);
    // A TIFF-structured raw named `.tif` is a real TIFF file, kept read-only on purpose.
    let raw_in_tiff = detected == Format::Raw && matches!(claimed, Format::Tiff | Format::Dng);
    if !claimed.writable() || detected.writable() || raw_in_tiff {
        return None;
    }
    let mut what = head(path);
    if detected != Format::Other {
        what.push_str(&format!(
            "; the content is {} data",
            detected.name().to_uppercase()
        ));
    }
    Some(format!(
        "not a valid {} file ({what}); not changed",
        label(claimed)
    ))
}

/// True for a read rendition [`not_its_format`] refuses: it is a target of its own
/// (so the refusal is reported), not a file that needs a sidecar.
pub fn misnamed(r: &Rendition) -> bool {
    match &r.xmp {
        ReadState::Read(info) => not_its_format(&r.path, info.format).is_some(),
        _ => false,
    }
}

fn label(format: Format) -> &'static str {
    match format {
        Format::Jpeg => "JPEG",
        Format::Png => "PNG",
        Format::WebP => "WebP",
        Format::Gif => "GIF",
        Format::Tiff => "TIFF",
        Format::Dng => "DNG",
        Format::Svg => "SVG",
        Format::Gltf => "glTF",
        Format::Glb => "GLB",
        Format::Xmp => "XMP sidecar",
        other => other.name(),
    }
}

/// "it is empty", or the first bytes in hex.
fn head(path: &Path) -> String {
    let mut buf = [0u8; SHOWN];
    let read = xmpedit_formats::open::open_regular(path).and_then(|(mut f, _)| {
        let mut n = 0;
        while n < SHOWN {
            match f.read(&mut buf[n..])? {
                0 => break,
                k => n += k,
            }
        }
        Ok(n)
    });
    match read {
        Ok(0) => "it is empty".to_string(),
        Ok(n) => {
            let hex: Vec<String> = buf[..n].iter().map(|b| format!("{b:02X}")).collect();
            format!("it starts with {}", hex.join(" "))
        }
        Err(e) => format!("its first bytes cannot be read: {e}"),
    }
}
