//! JPEG: XMP read and written in files the tests make; every segment outside the XMP,
//! the image data and trailing bytes stay byte-identical; Extended XMP round trips.

use crate::util::fmt_common;

use std::io::Cursor;

use fmt_common::*;
use xmpedit_core::xmp::{ns, ArrayKind, Node, Packet, WriteOptions};
use xmpedit_formats::jpeg::{self, extended, segments, splice};
use xmpedit_formats::packet::same_model;
use xmpedit_formats::{read_file, write_file, Format, WriteRequest};

fn seg(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut v = vec![0xFF, marker];
    v.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    v.extend_from_slice(payload);
    v
}

/// blank() with `extra` segments after its JFIF APP0, and bytes after EOI.
fn jpeg_with(extra: &[Vec<u8>], trailer: &[u8]) -> Vec<u8> {
    let b = jpeg::blank();
    let mut v = b[..20].to_vec();
    extra.iter().for_each(|s| v.extend_from_slice(s));
    v.extend_from_slice(&b[20..]);
    v.extend_from_slice(trailer);
    v
}

fn xmp_seg(packet: &[u8]) -> Vec<u8> {
    splice::xmp_segments(packet, None).unwrap()
}

fn rich_jpeg() -> Vec<u8> {
    jpeg_with(
        &[
            seg(0xE1, b"Exif\0\0MM\0*\0\0\0\x08\0\0"),
            seg(0xE2, b"ICC_PROFILE\0\x01\x01fake profile"),
            seg(0xE2, b"MPF\0MM\0*"),
            seg(0xFE, b"a comment"),
        ],
        b"secondary image bytes after EOI",
    )
}

fn req(p: &Packet) -> WriteRequest<'_> {
    WriteRequest {
        packet: p,
        options: WriteOptions::default(),
        expect: None,
        force_rewrite: false,
        policy: Default::default(),
        keep_original: None,
    }
}

#[test]
fn raw_splice_puts_new_xmp_after_exif_and_keeps_everything_else() {
    let f = rich_jpeg();
    let l = segments::scan(&mut Cursor::new(&f)).unwrap();
    let mut out = Vec::new();
    splice::splice(
        &mut Cursor::new(&f),
        &l,
        &[],
        &xmp_seg(&raw_packet(1, 100)),
        &mut out,
    )
    .unwrap();
    assert_eq!(jpeg_parts(&out), jpeg_parts(&f));
    let l2 = segments::scan(&mut Cursor::new(&out)).unwrap();
    let kinds: Vec<segments::Kind> = l2.segments.iter().map(|s| s.kind).collect();
    use segments::Kind::*;
    assert_eq!(
        kinds,
        [App0, Exif, Xmp, Other, Mpf, Other, Other, Other, Other, Other]
    );
    assert_eq!(l2.standard[0].bytes, raw_packet(1, 100));
}

#[test]
fn raw_extended_chunks_reassemble() {
    let ext: Vec<u8> = (0..200_000u32).map(|i| b'A' + (i % 26) as u8).collect();
    let guid = extended::guid_of(&ext);
    let segs = splice::xmp_segments(b"<std/>", Some((&ext, &guid))).unwrap();
    let f = jpeg_with(&[segs], b"");
    let l = segments::scan(&mut Cursor::new(&f)).unwrap();
    assert_eq!(l.extended.len(), 4);
    assert!(l.extended.iter().all(|c| c.guid == guid.as_bytes()));
    let mut p = Packet::new();
    p.set(extended::has_extended_name(), Node::text(guid.clone()));
    let mut warnings = Vec::new();
    let joined = extended::assemble(&p, &l.extended, &mut warnings)
        .complete()
        .unwrap();
    assert_eq!(joined, ext);
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn write_new_then_in_place_then_rewrite() {
    let dir = tempdir();
    let original = rich_jpeg();
    let path = write(dir.path(), "a.jpg", &original);

    let (found, id) = read_file(&path).unwrap();
    assert_eq!(found.format, Format::Jpeg);
    assert!(found.packet.is_none());

    let first = sample_packet();
    let out = write_file(
        &path,
        &WriteRequest {
            expect: Some(id),
            ..req(&first)
        },
    )
    .unwrap();
    assert!(!out.in_place, "a file without XMP needs a rewrite");
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(jpeg_parts(&bytes), jpeg_parts(&original));
    let (found, id) = read_file(&path).unwrap();
    assert!(same_model(found.packet.as_ref().unwrap(), &first));
    assert_eq!(id, out.identity);

    let second = changed_packet();
    let out = write_file(
        &path,
        &WriteRequest {
            expect: Some(id),
            ..req(&second)
        },
    )
    .unwrap();
    assert!(
        out.in_place,
        "the padded packet should take the change in place"
    );
    let after = std::fs::read(&path).unwrap();
    assert_eq!(after.len(), bytes.len());
    assert_eq!(jpeg_parts(&after), jpeg_parts(&original));
    let (found, _) = read_file(&path).unwrap();
    assert!(same_model(found.packet.as_ref().unwrap(), &second));

    let third = sample_packet();
    let out = write_file(
        &path,
        &WriteRequest {
            force_rewrite: true,
            policy: Default::default(),
            keep_original: None,
            ..req(&third)
        },
    )
    .unwrap();
    assert!(!out.in_place);
    let after = std::fs::read(&path).unwrap();
    assert_eq!(jpeg_parts(&after), jpeg_parts(&original));
    let (found, _) = read_file(&path).unwrap();
    assert!(same_model(found.packet.as_ref().unwrap(), &third));
    assert_eq!(entries(dir.path()), ["a.jpg"]);
}

fn huge_packet() -> Packet {
    let mut p = sample_packet();
    let history: Vec<String> = (0..3000)
        .map(|i| format!("step {i}: adjusted the exposure of layer {i}"))
        .collect();
    p.set(
        name(ns::PHOTOSHOP, "History"),
        Node::text(history.join("\n")),
    );
    p.set(
        name(ns::CRS, "ToneCurve"),
        Node::array(
            ArrayKind::Seq,
            (0..500).map(|i| Node::text(format!("{i}, {i}"))).collect(),
        ),
    );
    p.set(
        name(ns::XMP, "Thumbnails"),
        Node::array(ArrayKind::Alt, vec![Node::text("x".repeat(5000))]),
    );
    p
}

#[test]
fn extended_xmp_is_split_written_after_the_standard_segment_and_read_back() {
    let dir = tempdir();
    let original = rich_jpeg();
    let path = write(dir.path(), "big.jpg", &original);
    let packet = huge_packet();
    write_file(&path, &req(&packet)).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(jpeg_parts(&bytes), jpeg_parts(&original));

    let l = segments::scan(&mut Cursor::new(&bytes)).unwrap();
    assert_eq!(l.standard.len(), 1);
    assert!(l.standard[0].bytes.len() <= segments::MAX_STD_WRITE);
    assert!(l.extended.len() >= 2);
    // Extension segments directly follow the standard one, in offset order.
    let std_seg = l.standard[0].segment;
    for (k, c) in l.extended.iter().enumerate() {
        assert_eq!(c.segment, std_seg + 1 + k);
        assert!(c.data.len() <= segments::MAX_CHUNK);
    }
    let joined: Vec<u8> = l.extended.iter().flat_map(|c| c.data.clone()).collect();
    let guid = extended::guid_of(&joined);
    assert!(l.extended.iter().all(|c| c.guid == guid.as_bytes()));
    let std_text = String::from_utf8_lossy(&l.standard[0].bytes);
    assert!(
        std_text.contains(&guid),
        "standard packet lacks HasExtendedXMP={guid}"
    );

    let (found, _) = read_file(&path).unwrap();
    assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    let got = found.packet.unwrap();
    assert!(got.get(&extended::has_extended_name()).is_none());
    let mut want = packet.clone();
    want.remove(&name(ns::XMP, "Thumbnails"));
    assert!(same_model(&got, &want));

    if has("exiftool") {
        let out = std::process::Command::new("exiftool")
            .args(["-j", "-XMP-photoshop:History", "-XMP-crs:ToneCurve"])
            .arg(&path)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("step 2999"),
            "exiftool did not read the extended XMP: {text}"
        );
        assert!(
            text.contains("499, 499"),
            "exiftool did not read crs:ToneCurve"
        );
    } else {
        crate::util::skip::missing("skipping: exiftool not installed");
    }

    // Writing a small packet again removes the extension segments (never in place:
    // the extension segments must go).
    let out = write_file(&path, &req(&sample_packet())).unwrap();
    assert!(!out.in_place);
    let bytes = std::fs::read(&path).unwrap();
    let l = segments::scan(&mut Cursor::new(&bytes)).unwrap();
    assert!(l.extended.is_empty());
    assert_eq!(jpeg_parts(&bytes), jpeg_parts(&original));
}

#[test]
fn a_second_standard_segment_is_reported_and_kept() {
    let dir = tempdir();
    let second = xmp_seg(&raw_packet(2, 10));
    let original = jpeg_with(&[xmp_seg(&raw_packet(1, 10)), second.clone()], b"");
    let path = write(dir.path(), "two.jpg", &original);
    let (found, _) = read_file(&path).unwrap();
    assert_eq!(
        found.packet.unwrap().text(&name(ns::XMP, "Rating")),
        Some("1")
    );
    assert_eq!(found.others.len(), 1);
    assert_eq!(found.others[0].1.text(&name(ns::XMP, "Rating")), Some("2"));
    assert!(found
        .warnings
        .iter()
        .any(|w| w.contains("another standard XMP segment")));

    write_file(&path, &req(&changed_packet())).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.windows(second.len()).any(|w| w == second.as_slice()));
    let l = segments::scan(&mut Cursor::new(&bytes)).unwrap();
    assert_eq!(l.standard.len(), 2);
}

#[test]
fn read_only_or_unpadded_packets_are_rewritten_not_patched() {
    let dir = tempdir();
    let ro = String::from_utf8(raw_packet(1, 4000))
        .unwrap()
        .replace("end=\"w\"", "end=\"r\"");
    let path = write(
        dir.path(),
        "ro.jpg",
        &jpeg_with(&[xmp_seg(ro.as_bytes())], b""),
    );
    let out = write_file(&path, &req(&changed_packet())).unwrap();
    assert!(!out.in_place);

    let path = write(
        dir.path(),
        "tight.jpg",
        &jpeg_with(&[xmp_seg(&raw_packet(1, 0))], b""),
    );
    let out = write_file(&path, &req(&changed_packet())).unwrap();
    assert!(!out.in_place);
    let (found, _) = read_file(&path).unwrap();
    assert!(same_model(
        found.packet.as_ref().unwrap(),
        &changed_packet()
    ));
}

#[test]
fn utf16_packet_is_read() {
    let text = String::from_utf8(raw_packet(4, 0)).unwrap();
    let utf16: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
    let dir = tempdir();
    let path = write(dir.path(), "u16.jpg", &jpeg_with(&[xmp_seg(&utf16)], b""));
    let (found, _) = read_file(&path).unwrap();
    assert_eq!(
        found.packet.unwrap().text(&name(ns::XMP, "Rating")),
        Some("4")
    );
    let out = write_file(&path, &req(&changed_packet())).unwrap();
    assert!(!out.in_place, "UTF-16 packets are replaced by UTF-8 ones");
    let (found, _) = read_file(&path).unwrap();
    assert!(same_model(
        found.packet.as_ref().unwrap(),
        &changed_packet()
    ));
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn segment() -> impl Strategy<Value = Vec<u8>> {
        (
            prop::sample::select(vec![0xE0u8, 0xE1, 0xE2, 0xEB, 0xED, 0xFE]),
            prop::collection::vec(any::<u8>(), 0..300),
        )
            .prop_map(|(m, body)| seg(m, &body))
    }

    proptest! {
        /// Whatever segments surround it, a spliced packet reads back and every
        /// other segment, the image data and the trailer are unchanged.
        #[test]
        fn splice_keeps_all_other_bytes(
            segs in prop::collection::vec(segment(), 0..8),
            with_old in any::<bool>(),
            packet in prop::collection::vec(1u8..=255, 1..2000),
            trailer in prop::collection::vec(any::<u8>(), 0..50),
        ) {
            let mut all = segs.clone();
            if with_old {
                all.insert(segs.len() / 2, xmp_seg(&raw_packet(1, 10)));
            }
            let f = jpeg_with(&all, &trailer);
            let l = segments::scan(&mut Cursor::new(&f)).unwrap();
            let mut out = Vec::new();
            match splice::splice(&mut Cursor::new(&f), &l, &[], &xmp_seg(&packet), &mut out) {
                Ok(()) => {
                    prop_assert_eq!(jpeg_parts(&out), jpeg_parts(&f));
                    let l2 = segments::scan(&mut Cursor::new(&out)).unwrap();
                    prop_assert_eq!(&l2.standard[0].bytes, &packet);
                }
                // Only refused when a size change would shift MPF images.
                Err(e) => prop_assert!(e.to_string().contains("MPF")),
            }
        }
    }
}

/// A standard packet naming `guid` in `xmpNote:HasExtendedXMP`, with a rating.
fn std_naming(guid: &str) -> Vec<u8> {
    format!(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF \
         xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\
         <rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" \
         xmlns:xmpNote=\"http://ns.adobe.com/xmp/note/\" xmp:Rating=\"1\" \
         xmpNote:HasExtendedXMP=\"{guid}\"/></rdf:RDF></x:xmpmeta>\n\
         <?xpacket end=\"w\"?>"
    )
    .into_bytes()
}

/// An extended serialization holding a `dc:description` of `len` letters.
fn ext_text(len: usize) -> Vec<u8> {
    let body: String = (0..len).map(|i| (b'a' + (i % 26) as u8) as char).collect();
    format!(
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF \
         xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\
         <rdf:Description rdf:about=\"\" xmlns:photoshop=\"http://ns.adobe.com/photoshop/1.0/\" \
         photoshop:Instructions=\"{body}\"/></rdf:RDF></x:xmpmeta>"
    )
    .into_bytes()
}

/// One Extended XMP segment as stored: GUID, declared total, offset, data.
fn ext_seg(guid: &str, full: usize, offset: usize, data: &[u8]) -> Vec<u8> {
    let mut payload = segments::EXT_SIG.to_vec();
    payload.extend_from_slice(guid.as_bytes());
    payload.extend_from_slice(&(full as u32).to_be_bytes());
    payload.extend_from_slice(&(offset as u32).to_be_bytes());
    payload.extend_from_slice(data);
    seg(0xE1, &payload)
}

/// A JPEG whose main packet names `guid`, followed by `ext` segments.
fn jpeg_naming(guid: &str, ext: &[Vec<u8>]) -> Vec<u8> {
    let mut all = vec![xmp_seg(&std_naming(guid))];
    all.extend_from_slice(ext);
    jpeg_with(&all, b"")
}

fn repair(p: &Packet) -> WriteRequest<'_> {
    WriteRequest {
        policy: xmpedit_formats::WritePolicy {
            repair_unsafe: true,
            ..Default::default()
        },
        ..req(p)
    }
}

/// Extension segments that carry the GUID the main packet names but do not add up.
fn broken_extensions() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let ext = ext_text(300);
    let g = extended::guid_of(&ext);
    let n = ext.len();
    let bad_xml = b"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF".to_vec();
    let bad_g = extended::guid_of(&bad_xml);
    vec![
        (
            "missing chunk",
            jpeg_naming(
                &g,
                &[
                    ext_seg(&g, n, 0, &ext[..100]),
                    ext_seg(&g, n, 200, &ext[200..]),
                ],
            ),
            "chunk at offset 200 where 100 was expected",
        ),
        (
            "overlapping chunks",
            jpeg_naming(
                &g,
                &[
                    ext_seg(&g, n, 0, &ext[..150]),
                    ext_seg(&g, n, 100, &ext[100..]),
                ],
            ),
            "chunk at offset 100 where 150 was expected",
        ),
        (
            "bad total length",
            jpeg_naming(&g, &[ext_seg(&g, n + 50, 0, &ext)]),
            "incomplete",
        ),
        (
            "damaged XML",
            jpeg_naming(&bad_g, &[ext_seg(&bad_g, bad_xml.len(), 0, &bad_xml)]),
            "Extended XMP could not be read",
        ),
    ]
}

#[test]
fn write_refuses_over_extended_xmp_that_could_not_be_read() {
    let dir = tempdir();
    for (case, original, why) in broken_extensions() {
        let path = write(dir.path(), "broken.jpg", &original);
        let (found, _) = read_file(&path).unwrap();
        assert!(
            found.warnings.iter().any(|w| w.contains(why)),
            "{case}: {:?}",
            found.warnings
        );
        let e = write_file(&path, &req(&changed_packet())).unwrap_err();
        assert!(
            matches!(e, xmpedit_formats::FormatError::Unreadable { .. }),
            "{case}: {e}"
        );
        let m = e.to_string();
        assert!(
            m.starts_with(&format!("{}: XMP that could not be read: ", path.display())),
            "{case}: {m}"
        );
        assert!(
            m.contains("the Extended XMP the main packet names"),
            "{case}: {m}"
        );
        assert!(m.contains(why), "{case}: {m}");
        assert!(m.contains("not changed (--repair-unsafe"), "{case}: {m}");
        assert_eq!(std::fs::read(&path).unwrap(), original, "{case}");
        assert_eq!(entries(dir.path()), ["broken.jpg"], "{case}");
    }
}

#[test]
fn repair_unsafe_replaces_unreadable_extended_xmp_and_says_what_is_lost() {
    let dir = tempdir();
    for (case, original, why) in broken_extensions() {
        let path = write(dir.path(), "broken.jpg", &original);
        let out = write_file(&path, &repair(&changed_packet())).unwrap();
        assert_eq!(out.replaced.len(), 1, "{case}");
        assert!(out.replaced[0].contains(why), "{case}: {:?}", out.replaced);
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(jpeg_parts(&bytes), jpeg_parts(&original), "{case}");
        let l = segments::scan(&mut Cursor::new(&bytes)).unwrap();
        assert!(l.extended.is_empty(), "{case}: the broken extension stays");
        let (found, _) = read_file(&path).unwrap();
        assert!(found.warnings.is_empty(), "{case}: {:?}", found.warnings);
        assert!(same_model(
            found.packet.as_ref().unwrap(),
            &changed_packet()
        ));
    }
}

#[test]
fn write_keeps_extension_segments_of_another_guid_byte_for_byte() {
    let dir = tempdir();
    let ext = ext_text(300);
    let theirs = extended::guid_of(&ext);
    let named = extended::guid_of(b"something that is not stored");
    let foreign = vec![
        ext_seg(&theirs, ext.len(), 0, &ext[..120]),
        ext_seg(&theirs, ext.len(), 120, &ext[120..]),
    ];
    // The main packet names a GUID no segment carries, or none at all.
    let with_guid = jpeg_naming(&named, &foreign);
    let mut all = vec![xmp_seg(&raw_packet(1, 0))];
    all.extend_from_slice(&foreign);
    let without = jpeg_with(&all, b"");
    for (case, original) in [("other GUID", with_guid), ("no GUID named", without)] {
        let path = write(dir.path(), "orphans.jpg", &original);
        let out = write_file(&path, &req(&changed_packet())).unwrap();
        assert!(out.replaced.is_empty(), "{case}");
        let bytes = std::fs::read(&path).unwrap();
        for s in &foreign {
            assert!(
                bytes.windows(s.len()).any(|w| w == s.as_slice()),
                "{case}: an extension segment of another GUID was not kept"
            );
        }
        assert_eq!(jpeg_parts(&bytes), jpeg_parts(&original), "{case}");
        let (found, _) = read_file(&path).unwrap();
        assert!(same_model(
            found.packet.as_ref().unwrap(),
            &changed_packet()
        ));
        assert!(
            found
                .warnings
                .iter()
                .any(|w| w.contains("a write keeps them unchanged")),
            "{case}: {:?}",
            found.warnings
        );
    }

    // A packet large enough for its own extension: the old segments stay beside it.
    let path = write(dir.path(), "big.jpg", &jpeg_naming(&named, &foreign));
    write_file(&path, &req(&huge_packet())).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let l = segments::scan(&mut Cursor::new(&bytes)).unwrap();
    let kept = l
        .extended
        .iter()
        .filter(|c| c.guid == theirs.as_bytes())
        .count();
    assert_eq!(kept, 2);
    let (found, _) = read_file(&path).unwrap();
    let mut want = huge_packet();
    want.remove(&name(ns::XMP, "Thumbnails"));
    assert!(same_model(found.packet.as_ref().unwrap(), &want));
    if has("exiftool") {
        let out = std::process::Command::new("exiftool")
            .args([
                "-j",
                "-XMP-photoshop:History",
                "-XMP-photoshop:Instructions",
            ])
            .arg(&path)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("step 2999"), "exiftool: {text}");
        assert!(
            !text.contains("Instructions"),
            "exiftool merged an orphan: {text}"
        );
    }
}
