//! The failure classes of the held-out write-back check, each with an input the test
//! builds: a plain TIFF with camera tags is a TIFF (written in place, no sidecar), a
//! simple `dc:title` is edited as its `x-default` item, and a packet binding `rdf` to
//! a wrong URI is reported as damaged, not as "no XMP".

use crate::util::set_support;

use set_support::*;
use xmpedit_core::xmp::{ns, ArrayKind, Value};
use xmpedit_formats as formats;
use xmpedit_formats::Format;

/// One IFD entry: tag, type, count, value bytes (little-endian).
type Entry = (u16, u16, u32, Vec<u8>);

fn short(tag: u16, v: u16) -> Entry {
    (tag, 3, 1, v.to_le_bytes().to_vec())
}

fn long(tag: u16, v: u32) -> Entry {
    (tag, 4, 1, v.to_le_bytes().to_vec())
}

fn ascii(tag: u16, s: &str) -> Entry {
    let mut b = s.as_bytes().to_vec();
    b.push(0);
    (tag, 2, b.len() as u32, b)
}

/// Appends an IFD at the end of `out` (values over 4 bytes after it); returns its
/// offset. `fix` patches entries whose value is an offset known only now.
fn put_ifd(out: &mut Vec<u8>, entries: &[Entry]) -> u32 {
    let at = out.len() as u32;
    let mut values_at = at + 2 + 12 * entries.len() as u32 + 4;
    let mut values = Vec::new();
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    for (tag, typ, count, v) in entries {
        out.extend_from_slice(&tag.to_le_bytes());
        out.extend_from_slice(&typ.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        if v.len() <= 4 {
            let mut f = v.clone();
            f.resize(4, 0);
            out.extend_from_slice(&f);
        } else {
            out.extend_from_slice(&values_at.to_le_bytes());
            values.extend_from_slice(v);
            if values.len() % 2 == 1 {
                values.push(0);
            }
            values_at = at + 2 + 12 * entries.len() as u32 + 4 + values.len() as u32;
        }
    }
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&values);
    at
}

/// A 2x2 8-bit grayscale TIFF from a camera maker's software: Make, Model, ordinary
/// strips, and one SubIFD holding a 1x1 thumbnail with `photometric` (1: an ordinary
/// image; 32803: CFA sensor data, as NEF and ARW keep it).
fn camera_tiff(sub_photometric: u16) -> Vec<u8> {
    let mut v = b"II*\0".to_vec();
    v.extend_from_slice(&0u32.to_le_bytes());
    let pixels = v.len() as u32;
    v.extend_from_slice(&[0x10, 0x20, 0x30, 0x40]);
    let thumb = v.len() as u32;
    v.extend_from_slice(&[0x80, 0]);
    let sub = put_ifd(
        &mut v,
        &[
            long(254, 1),
            short(256, 1),
            short(257, 1),
            short(258, 8),
            short(259, 1),
            short(262, sub_photometric),
            long(273, thumb),
            short(277, 1),
            short(278, 1),
            long(279, 1),
        ],
    );
    let ifd0 = put_ifd(
        &mut v,
        &[
            short(256, 2),
            short(257, 2),
            short(258, 8),
            short(259, 1),
            short(262, 1),
            ascii(271, "NIKON CORPORATION"),
            ascii(272, "NIKON D700"),
            long(273, pixels),
            short(277, 1),
            short(278, 2),
            long(279, 4),
            (330, 13, 1, sub.to_le_bytes().to_vec()),
        ],
    );
    v[4..8].copy_from_slice(&ifd0.to_le_bytes());
    v
}

#[test]
fn plain_tiff_with_camera_make_model_and_a_thumbnail_subifd_is_a_tiff_written_in_place() {
    let ws = Ws::new();
    let tif = ws.put("scan.tif", &camera_tiff(1));
    let before = std::fs::read(&tif).unwrap();
    let (found, _) = formats::read_file(&tif).unwrap();
    assert_eq!(found.format, Format::Tiff);
    let out = ws.ok(
        &["set", "--to", "original", "-e", "xmp:Rating=3", s(&tif)],
        0,
    );
    assert!(out.contains("wrote"), "{out}");
    assert!(!ws.path("scan.xmp").exists(), "a sidecar was created");
    assert_eq!(rating(&model(&tif)).as_deref(), Some("3"));
    // The image data and the thumbnail are where they were.
    let after = std::fs::read(&tif).unwrap();
    assert_eq!(after[8..14], before[8..14]);
    // Without --to as well: the named file is its own original.
    ws.ok(&["set", "-e", "xmp:Rating=4", s(&tif)], 0);
    assert_eq!(rating(&model(&tif)).as_deref(), Some("4"));
    assert!(!ws.path("scan.xmp").exists());
}

#[test]
fn tiff_with_cfa_sensor_data_in_a_subifd_is_still_a_raw() {
    let ws = Ws::new();
    let nef = ws.put("DSC_1.tif", &camera_tiff(32803));
    let before = std::fs::read(&nef).unwrap();
    let (found, _) = formats::read_file(&nef).unwrap();
    assert_eq!(found.format, Format::Raw);
    let out = ws.ok(&["set", "-e", "xmp:Rating=2", s(&nef)], 0);
    assert!(out.contains("DSC_1.xmp (created)"), "{out}");
    assert_eq!(std::fs::read(&nef).unwrap(), before);
    // The same plain TIFF named like a raw stays read-only by its extension.
    let named = ws.put("DSC_2.NEF", &camera_tiff(1));
    let (found, _) = formats::read_file(&named).unwrap();
    assert_eq!(found.format, Format::Raw);
}

fn sidecar(body: &str) -> Vec<u8> {
    format!(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n{body}\n</x:xmpmeta>\n\
         <?xpacket end=\"w\"?>"
    )
    .into_bytes()
}

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

/// f-spot style: `dc:title` (and `dc:description`) as plain text elements.
fn fspot_packet() -> Vec<u8> {
    sidecar(&format!(
        "<rdf:RDF xmlns:rdf=\"{RDF}\"><rdf:Description rdf:about=\"\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
         <dc:title>Beach at dusk</dc:title>\
         <dc:description>Old text</dc:description>\
         </rdf:Description></rdf:RDF>"
    ))
}

fn jpeg_with(packet: &[u8]) -> Vec<u8> {
    let seg = formats::jpeg::splice::app1(b"http://ns.adobe.com/xap/1.0/\0", &[packet]).unwrap();
    let blank = formats::jpeg::splice::blank();
    let mut v = blank[..2].to_vec();
    v.extend_from_slice(&seg);
    v.extend_from_slice(&blank[2..]);
    v
}

#[test]
fn simple_dc_title_is_edited_as_its_x_default_item_and_the_report_says_so() {
    let ws = Ws::new();
    let jpg = ws.put("fspot.jpg", &jpeg_with(&fspot_packet()));
    let xmp = ws.put("other.xmp", &fspot_packet());
    for path in [&jpg, &xmp] {
        let out = ws.run(&["set", "-e", "dc:title[x-default]=Sunset", s(path)]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{err}");
        assert!(
            err.contains("dc:title was stored as a simple value, not a language alternative")
                && err.contains("as Adobe's XMP Toolkit reads it"),
            "{err}"
        );
        let p = model(path);
        let title = prop(&p, ns::DC, "title").unwrap();
        assert!(
            matches!(&title.value, Value::Array(ArrayKind::Alt, items) if items.len() == 1),
            "{title:?}"
        );
        assert_eq!(
            lang(&p, ns::DC, "title", "x-default").as_deref(),
            Some("Sunset")
        );
        // Untouched simple values stay as they were stored.
        assert_eq!(
            simple(&p, ns::DC, "description").as_deref(),
            Some("Old text")
        );
    }
    // Adding another language: the old text became the x-default item, which then
    // follows the Toolkit's rules for a lone x-default (docs/data-model.md).
    let other = ws.put("b.xmp", &fspot_packet());
    let out = ws.run(&["set", "-e", "dc:description[de]=Alter Text", s(&other)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let p = model(&other);
    let desc = prop(&p, ns::DC, "description").unwrap();
    assert!(
        matches!(&desc.value, Value::Array(ArrayKind::Alt, items) if items.len() == 2),
        "{desc:?}"
    );
    assert_eq!(
        lang(&p, ns::DC, "description", "de").as_deref(),
        Some("Alter Text")
    );
    if exiftool() {
        let j = exiftool_json(&jpg);
        assert_eq!(j["Title"], "Sunset", "{j}");
    }
}

#[test]
fn packet_binding_rdf_to_a_wrong_uri_is_reported_as_damaged_not_missing() {
    let ws = Ws::new();
    let bad = sidecar(
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns\">\
         <rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" \
         xmp:Rating=\"3\"/></rdf:RDF>",
    );
    let jpg = ws.put("fuzzed.jpg", &jpeg_with(&bad));
    let before = std::fs::read(&jpg).unwrap();
    for args in [
        vec!["show", s(&jpg)],
        vec!["set", "-e", "xmp:Rating=1", s(&jpg)],
    ] {
        let out = ws.run(&args);
        let err = text(&out.stderr);
        assert_ne!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(err.contains("damaged XMP packet"), "{args:?}: {err}");
        assert!(!err.contains("no XMP found"), "{args:?}: {err}");
        assert!(
            err.contains("http://www.w3.org/1999/02/22-rdf-syntax-ns\""),
            "{args:?}: {err}"
        );
    }
    assert_eq!(std::fs::read(&jpg).unwrap(), before);
}
