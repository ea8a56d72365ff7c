//! What coverage-guided fuzzing (`fuzz/`, docs/fuzzing.md) found, one test per finding,
//! through the real binary: each input is built inline, small, from the shape of the
//! minimised crash.

use crate::util::set_support;

use set_support::*;
use xmpedit_core::xmp::ns;
use xmpedit_formats::jpeg::extended::guid_of;
use xmpedit_formats::jpeg::splice::{blank, xmp_segments};

/// A standard XMP segment that names, by GUID, a readable Extended XMP segment holding
/// `dc:format`, as (standard segment, extension segment) bytes.
fn standard_and_extension_segments() -> (Vec<u8>, Vec<u8>) {
    let ext = format!(
        "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='{}'>\
         <rdf:Description rdf:about='' xmlns:dc='{}'><dc:format>image/jpeg</dc:format>\
         </rdf:Description></rdf:RDF></x:xmpmeta>",
        ns::RDF,
        ns::DC
    );
    let guid = guid_of(ext.as_bytes());
    let std = format!(
        "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='{}'>\
         <rdf:Description rdf:about='' xmlns:xmpNote='{}' xmpNote:HasExtendedXMP='{guid}'/>\
         </rdf:RDF></x:xmpmeta>",
        ns::RDF,
        ns::XMP_NOTE
    );
    let segs = xmp_segments(std.as_bytes(), Some((ext.as_bytes(), &guid))).unwrap();
    let std_len = 2 + usize::from(u16::from_be_bytes([segs[2], segs[3]]));
    (segs[..std_len].to_vec(), segs[std_len..].to_vec())
}

/// A JPEG whose Extended XMP segment is preceded by `FF` fill bytes and followed by
/// bytes that are no marker (a wrong length elsewhere; readers skip them to the next
/// `FF xx`, as ExifTool does).
fn jpeg_with_fill_before_extension_and_junk_after() -> Vec<u8> {
    let (std_seg, ext_seg) = standard_and_extension_segments();
    let b = blank();
    // blank = SOI + APP0 (18 bytes) + tables, SOS, EOI.
    [
        &b[..20],
        &std_seg,
        b"\xFF\xFF\xFF",
        &ext_seg,
        b"junk",
        &b[20..],
    ]
    .concat()
}

#[test]
fn set_on_jpeg_with_fill_before_extended_xmp_and_junk_after_writes_a_readable_file() {
    let ws = Ws::new();
    let f = jpeg_with_fill_before_extension_and_junk_after();
    let before = packet(&ws.put("a.jpg", &f)).expect("the input reads");
    assert_eq!(
        simple(&before, ns::DC, "format").as_deref(),
        Some("image/jpeg")
    );
    let path = ws.path("a.jpg");
    // The fill bytes used to stay behind when the extension segment went, and glued
    // onto the junk into a bogus marker: verification failed and the edit was refused.
    ws.ok(&["set", "-e", "xmp:Rating=4", s(&path)], 0);
    let after = model(&path);
    assert_eq!(rating(&after).as_deref(), Some("4"));
    assert_eq!(
        simple(&after, ns::DC, "format").as_deref(),
        Some("image/jpeg")
    );
    let out = std::fs::read(&path).unwrap();
    assert!(
        out.windows(4).any(|w| w == b"junk"),
        "the skipped bytes are kept"
    );
    assert!(
        out.ends_with(&blank()[20..]),
        "tables and image data are kept"
    );
}

/// An SVG that starts with a UTF-8 byte order mark and holds an XMP packet.
fn svg_with_bom() -> Vec<u8> {
    format!(
        "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\">\n \
         <metadata><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"{}\">\
         <rdf:Description rdf:about=\"\" xmlns:dc=\"{}\" dc:format=\"image/svg+xml\"/>\
         </rdf:RDF></x:xmpmeta></metadata>\n</svg>\n",
        ns::RDF,
        ns::DC
    )
    .into_bytes()
}

#[test]
fn svg_with_byte_order_mark_reads_and_writes_its_packet_at_the_right_offset() {
    let ws = Ws::new();
    let f = svg_with_bom();
    let path = ws.put("a.svg", &f);
    // Every offset used to be three bytes early: the packet read was cut short and a
    // write replaced the wrong bytes.
    let before = packet(&path).expect("the packet reads");
    assert_eq!(
        simple(&before, ns::DC, "format").as_deref(),
        Some("image/svg+xml")
    );
    ws.ok(&["set", "-e", "xmp:Rating=4", s(&path)], 0);
    let after = model(&path);
    assert_eq!(rating(&after).as_deref(), Some("4"));
    assert_eq!(
        simple(&after, ns::DC, "format").as_deref(),
        Some("image/svg+xml")
    );
    let out = std::fs::read(&path).unwrap();
    let text = String::from_utf8(out).unwrap();
    let (head, tail) = (
        "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\">\n <metadata>",
        "</metadata>\n</svg>\n",
    );
    assert!(text.starts_with(head), "{text}");
    assert!(text.ends_with(tail), "{text}");
}

#[test]
fn set_on_tiff_cut_short_is_written_not_refused() {
    let ws = Ws::new();
    // A download cut short: YResolution's value and the pixel data end past the end.
    let f = xmpedit_formats::tiff::blank_le()[..170].to_vec();
    let path = ws.put("a.tif", &f);
    assert!(packet(&path).is_none(), "the input reads, without XMP");
    // The append put bytes where those values pointed, so verification compared them
    // with bytes the original never had and refused the write.
    ws.ok(&["set", "-e", "xmp:Rating=4", s(&path)], 0);
    assert_eq!(rating(&model(&path)).as_deref(), Some("4"));
    let out = std::fs::read(&path).unwrap();
    assert_eq!(out[..4], f[..4], "byte order and magic kept");
    assert_eq!(
        out[8..170],
        f[8..],
        "every old byte but the IFD0 pointer kept"
    );
}

#[test]
fn set_on_tiff_with_a_tag_pointing_at_its_header_is_written_not_refused() {
    let ws = Ws::new();
    // XResolution (the tenth IFD0 entry) pointed at offset 0: its 8 bytes cover the
    // IFD0 pointer that the append repoints.
    let mut f = xmpedit_formats::tiff::blank_le();
    let value_field = 8 + 2 + 9 * 12 + 8;
    f[value_field..value_field + 4].copy_from_slice(&0u32.to_le_bytes());
    let path = ws.put("a.tif", &f);
    assert!(packet(&path).is_none(), "the input reads, without XMP");
    // Verification hashed that value before and after the write and refused the edit.
    ws.ok(&["set", "-e", "xmp:Rating=4", s(&path)], 0);
    assert_eq!(rating(&model(&path)).as_deref(), Some("4"));
    let out = std::fs::read(&path).unwrap();
    assert_eq!(
        out[8..f.len()],
        f[8..],
        "every old byte but the IFD0 pointer kept"
    );
}

/// A JPEG whose Extended XMP segment comes right after SOI, followed by junk (bytes
/// that are no marker) and then the standard segment that names it.
fn jpeg_with_extension_first_and_junk_after() -> Vec<u8> {
    let (std_seg, ext_seg) = standard_and_extension_segments();
    let b = blank();
    [&b[..2], &ext_seg, b"junk", &std_seg, &b[2..]].concat()
}

#[test]
fn set_on_jpeg_with_extended_xmp_right_after_soi_and_junk_after_it_keeps_a_jpeg() {
    let ws = Ws::new();
    let f = jpeg_with_extension_first_and_junk_after();
    let path = ws.put("a.jpg", &f);
    let before = packet(&path).expect("the input reads");
    assert_eq!(
        simple(&before, ns::DC, "format").as_deref(),
        Some("image/jpeg")
    );
    // Dropping the extension segment used to leave the junk right after SOI: the
    // written file no longer started FF D8 FF, verification failed and the edit
    // was refused.
    ws.ok(&["set", "-e", "xmp:Rating=4", s(&path)], 0);
    let out = std::fs::read(&path).unwrap();
    assert!(out.starts_with(&[0xFF, 0xD8, 0xFF]), "still a JPEG");
    let after = model(&path);
    assert_eq!(rating(&after).as_deref(), Some("4"));
    assert_eq!(
        simple(&after, ns::DC, "format").as_deref(),
        Some("image/jpeg")
    );
    assert!(
        out.windows(4).any(|w| w == b"junk"),
        "the skipped bytes are kept"
    );
    assert!(
        out.ends_with(&blank()[2..]),
        "APP0, tables and image data are kept"
    );
}

/// A JPEG whose first segment is an Extended XMP chunk (GUID named by the main packet,
/// XML that does not parse), followed by a byte that is no marker (readers skip it)
/// and then the standard XMP segment.
fn jpeg_with_unreadable_extension_first_and_junk_after() -> Vec<u8> {
    let ext = b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF".to_vec();
    let guid = guid_of(&ext);
    let std = format!(
        "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='{}'>\
         <rdf:Description rdf:about='' xmlns:xmpNote='{}' xmpNote:HasExtendedXMP='{guid}' \
         xmlns:dc='{}' dc:format='image/jpeg'/></rdf:RDF></x:xmpmeta>",
        ns::RDF,
        ns::XMP_NOTE,
        ns::DC
    );
    let segs = xmp_segments(std.as_bytes(), Some((&ext, &guid))).unwrap();
    let std_len = 2 + usize::from(u16::from_be_bytes([segs[2], segs[3]]));
    let b = blank();
    [&b[..2], &segs[std_len..], b"\n", &segs[..std_len], &b[2..]].concat()
}

#[test]
fn set_repair_unsafe_on_jpeg_with_unreadable_extension_first_keeps_it_a_jpeg() {
    let ws = Ws::new();
    let f = jpeg_with_unreadable_extension_first_and_junk_after();
    let path = ws.put("a.jpg", &f);
    let before = packet(&path).expect("the main packet reads");
    assert_eq!(
        simple(&before, ns::DC, "format").as_deref(),
        Some("image/jpeg")
    );
    // Dropping the extension segment used to leave the skipped byte right after SOI:
    // the written file no longer started FF D8 FF, was no JPEG to any reader, and
    // verification refused the write.
    let out = ws.run(&["set", "--repair-unsafe", "-e", "xmp:Rating=4", s(&path)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!("wrote {} (rewritten)\n", path.display())
    );
    let written = std::fs::read(&path).unwrap();
    assert!(
        written.starts_with(&[0xFF, 0xD8, 0xFF]),
        "{:02X?}",
        &written[..8]
    );
    let after = model(&path);
    assert_eq!(rating(&after).as_deref(), Some("4"));
    assert_eq!(
        simple(&after, ns::DC, "format").as_deref(),
        Some("image/jpeg")
    );
    assert!(
        written.ends_with(&blank()[2..]),
        "APP0, tables and image data are kept"
    );
}

#[test]
fn set_on_svg_whose_root_is_an_empty_element_is_written_not_refused() {
    let ws = Ws::new();
    let path = ws.put(
        "a.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>\n",
    );
    // The write expands `<svg .../>` to hold its <metadata>, and verification used to
    // compare the rest of the document byte for byte with the unexpanded original:
    // "part 1 (document outside <metadata>) of the original is not unchanged".
    ws.ok(&["set", "-e", "xmp:Rating=3", s(&path)], 0);
    let after = model(&path);
    assert_eq!(rating(&after).as_deref(), Some("3"));
    let text = String::from_utf8(std::fs::read(&path).unwrap()).unwrap();
    assert!(
        text.starts_with(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"><metadata>"
        ),
        "{text}"
    );
    assert!(text.ends_with("</metadata></svg>\n"), "{text}");
}

/// A JPEG whose standard XMP segment comes before an MPF (multi-picture) segment and
/// whose Extended XMP segment comes after it.
fn jpeg_with_extension_after_mpf() -> Vec<u8> {
    let (std_seg, ext_seg) = standard_and_extension_segments();
    let b = blank();
    // An MPF APP2 segment: signature, then a little-endian MP header (its offsets are
    // counted from here, so only bytes between it and the images they name matter).
    let mpf = b"\xFF\xE2\x00\x0EMPF\0II\x2A\x00\x08\x00\x00\x00";
    [&b[..20], &std_seg, &mpf[..], &ext_seg, &b[20..]].concat()
}

#[test]
fn set_on_jpeg_with_extended_xmp_after_mpf_keeps_the_distance_from_mpf_to_the_images() {
    let ws = Ws::new();
    let f = jpeg_with_extension_after_mpf();
    let path = ws.put("a.jpg", &f);
    assert!(packet(&path).is_some(), "the input reads");
    let tail = |b: &[u8]| {
        let at = b
            .windows(4)
            .position(|w| w == b"MPF\0")
            .expect("an MPF segment");
        b.len() - at
    };
    // Dropping the extension segment behind MPF used to pass the MPF check (only the
    // insertion point was looked at) and moved the images the MPF offsets point to.
    let out = ws.run(&["set", "-e", "dc:title=A longer title than before", s(&path)]);
    let after = std::fs::read(&path).unwrap();
    if out.status.success() {
        assert_eq!(
            tail(&after),
            tail(&f),
            "the bytes after MPF keep their length"
        );
    } else {
        assert_eq!(after, f, "a refused write leaves the file as it was");
        assert!(text(&out.stderr).contains("MPF"), "{}", text(&out.stderr));
    }
}

#[test]
fn set_on_tiff_cut_anywhere_in_ifd0_writes_a_file_that_reads_back_or_refuses() {
    // The shape of a lost container_tiff finding (docs/fuzzing.md): a big-endian TIFF
    // whose IFD0 runs past the end of the file, where the appended IFD0 did not walk.
    // Every cut of both byte orders, from inside the header's IFD pointer to the pixels.
    for (order, blank) in [
        ("be", xmpedit_formats::tiff::blank_be()),
        ("le", xmpedit_formats::tiff::blank_le()),
    ] {
        for cut in 10..blank.len() {
            let ws = Ws::new();
            let f = blank[..cut].to_vec();
            let path = ws.put("a.tif", &f);
            let out = ws.run(&["set", "-e", "xmp:Rating=4", s(&path)]);
            let after = std::fs::read(&path).unwrap();
            if out.status.success() {
                let p = packet(&path)
                    .unwrap_or_else(|| panic!("{order} cut at {cut}: written but unreadable"));
                assert_eq!(rating(&p).as_deref(), Some("4"), "{order} cut at {cut}");
                assert_eq!(after[..4], f[..4], "{order} cut at {cut}: magic kept");
            } else {
                assert_eq!(after, f, "{order} cut at {cut}: a refusal leaves the file");
                assert!(!out.stderr.is_empty(), "{order} cut at {cut}: says why");
            }
        }
    }
}
