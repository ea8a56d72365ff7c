//! File kinds by extension, for grouping: which format a name suggests, how it ranks
//! as an asset's primary rendition, and whether it is raw-like.
//!
//! Grouping is about names, so it classifies by extension only (compared
//! case-insensitively); the format detected from content replaces this guess in a
//! rendition once the file has been read.

use xmpedit_formats::Format;

/// The format an extension (without the dot, any case) suggests.
pub fn format_of_ext(ext: &str) -> Format {
    let lower = ext.to_ascii_lowercase();
    match lower.as_str() {
        "jpg" | "jpeg" | "jpe" | "jfif" | "jif" => Format::Jpeg,
        "png" => Format::Png,
        "webp" => Format::WebP,
        "gif" => Format::Gif,
        "tif" | "tiff" => Format::Tiff,
        "dng" => Format::Dng,
        "cr3" => Format::Cr3,
        // TIFF-structured and other proprietary raws (docs/containers.md, "TIFF-based raw
        // files"): read-only.
        "cr2" | "crw" | "nef" | "nrw" | "arw" | "srf" | "sr2" | "orf" | "rw2" | "raw" | "pef"
        | "raf" | "srw" | "x3f" | "3fr" | "fff" | "iiq" | "mos" | "mrw" | "kdc" | "dcr" | "erf"
        | "mef" | "rwl" | "k25" | "dcs" | "gpr" => Format::Raw,
        "svg" => Format::Svg,
        "gltf" => Format::Gltf,
        "glb" => Format::Glb,
        "xmp" => Format::Xmp,
        "pdf" | "ai" => Format::Pdf,
        "mp4" | "m4v" | "m4a" => Format::Mp4,
        "mov" | "qt" => Format::Mov,
        "heic" | "heif" | "hif" | "avif" => Format::Heif,
        "psd" | "psb" => Format::Psd,
        "eps" | "epsf" => Format::Eps,
        _ => Format::Other,
    }
}

/// Rank for choosing the primary rendition, lowest first:
/// raw > DNG > TIFF/PSD > HEIC/AVIF > JPEG > PNG/WebP > other.
pub fn primary_rank(format: Format) -> u8 {
    match format {
        Format::Raw | Format::Cr3 => 0,
        Format::Dng => 1,
        Format::Tiff | Format::Psd => 2,
        Format::Heif => 3,
        Format::Jpeg => 4,
        Format::Png | Format::WebP => 5,
        _ => 6,
    }
}

/// Raw-like files are the ones Adobe-style `stem.xmp` sidecars describe; two of them
/// with one base name make that sidecar ambiguous.
pub fn is_raw_like(format: Format) -> bool {
    matches!(format, Format::Raw | Format::Cr3 | Format::Dng)
}

/// Splits a file name into base name and extension at the last dot. A leading dot
/// (`.hidden`) and a trailing dot (`name.`) do not start an extension.
pub fn split_ext(name: &str) -> (&str, Option<&str>) {
    match name.rfind('.') {
        Some(i) if i > 0 && i + 1 < name.len() => (&name[..i], Some(&name[i + 1..])),
        _ => (name, None),
    }
}

/// True for `.xmp` in any case.
pub fn is_xmp_ext(ext: Option<&str>) -> bool {
    ext.is_some_and(|e| e.eq_ignore_ascii_case("xmp"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_ext_handles_dots() {
        assert_eq!(split_ext("IMG_0001.CR2"), ("IMG_0001", Some("CR2")));
        assert_eq!(split_ext("a.tar.gz"), ("a.tar", Some("gz")));
        assert_eq!(split_ext("README"), ("README", None));
        assert_eq!(split_ext(".hidden"), (".hidden", None));
        assert_eq!(split_ext("name."), ("name.", None));
        assert_eq!(split_ext(".x.jpg"), (".x", Some("jpg")));
    }

    #[test]
    fn ranks_follow_the_issue_order() {
        let order = [
            format_of_ext("NEF"),
            format_of_ext("dng"),
            format_of_ext("TIF"),
            format_of_ext("heic"),
            format_of_ext("JPG"),
            format_of_ext("png"),
            format_of_ext("txt"),
        ];
        for w in order.windows(2) {
            assert!(primary_rank(w[0]) < primary_rank(w[1]), "{w:?}");
        }
        assert_eq!(
            primary_rank(format_of_ext("psd")),
            primary_rank(Format::Tiff)
        );
        assert_eq!(
            primary_rank(format_of_ext("webp")),
            primary_rank(Format::Png)
        );
        assert_eq!(
            primary_rank(format_of_ext("avif")),
            primary_rank(Format::Heif)
        );
    }
}
