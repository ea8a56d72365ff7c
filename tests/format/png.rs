//! PNG: XMP read and written in files the tests make; every chunk outside the XMP
//! stays byte-identical (CRC included), the XMP chunk sits before the image data, and
//! files with a bad CRC are read but not rewritten.

use crate::util::fmt_common;

use std::io::{Cursor, Write};

use fmt_common::*;
use xmpedit_core::xmp::{ns, Packet, WriteOptions};
use xmpedit_formats::packet::same_model;
use xmpedit_formats::png::{self, crc_of, xmp_chunk};
use xmpedit_formats::{read_file, write_file, Format, FormatError, WriteRequest};

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut v = (data.len() as u32).to_be_bytes().to_vec();
    v.extend_from_slice(kind);
    v.extend_from_slice(data);
    v.extend_from_slice(&crc_of(kind, data).to_be_bytes());
    v
}

/// blank() with chunks before and after IDAT, and bytes after IEND.
fn png_with(before: &[Vec<u8>], after: &[Vec<u8>], tail: &[u8]) -> Vec<u8> {
    let b = png::blank();
    let idat_end = b.len() - 12;
    let mut v = b[..33].to_vec();
    before.iter().for_each(|c| v.extend_from_slice(c));
    v.extend_from_slice(&b[33..idat_end]);
    after.iter().for_each(|c| v.extend_from_slice(c));
    v.extend_from_slice(&b[idat_end..]);
    v.extend_from_slice(tail);
    v
}

fn rich_png() -> Vec<u8> {
    png_with(
        &[
            chunk(b"gAMA", &[0, 0, 0xB1, 0x8F]),
            chunk(b"tEXt", b"Comment\0hello"),
        ],
        &[chunk(b"tIME", &[7, 0xE8, 1, 2, 3, 4, 5])],
        b"junk after IEND",
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

fn chunk_names(bytes: &[u8]) -> Vec<String> {
    png::scan(&mut Cursor::new(bytes), true)
        .unwrap()
        .chunks
        .iter()
        .map(|c| c.name())
        .collect()
}

#[test]
fn raw_splice_puts_xmp_after_ihdr() {
    let f = rich_png();
    let l = png::scan(&mut Cursor::new(&f), true).unwrap();
    let mut out = Vec::new();
    png::splice(&mut Cursor::new(&f), &l, &raw_packet(1, 0), &mut out).unwrap();
    assert_eq!(png_parts(&out), png_parts(&f));
    assert_eq!(
        chunk_names(&out),
        ["IHDR", "iTXt", "gAMA", "tEXt", "IDAT", "tIME", "IEND"]
    );
}

#[test]
fn write_new_then_in_place_then_rewrite() {
    let dir = tempdir();
    let original = rich_png();
    let path = write(dir.path(), "a.png", &original);
    let (found, id) = read_file(&path).unwrap();
    assert_eq!(found.format, Format::Png);
    assert!(found.packet.is_none());

    let out = write_file(
        &path,
        &WriteRequest {
            expect: Some(id),
            ..req(&sample_packet())
        },
    )
    .unwrap();
    assert!(!out.in_place);
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(png_parts(&bytes), png_parts(&original));
    assert_eq!(chunk_names(&bytes)[1], "iTXt");
    let (found, id) = read_file(&path).unwrap();
    assert!(same_model(found.packet.as_ref().unwrap(), &sample_packet()));

    let out = write_file(
        &path,
        &WriteRequest {
            expect: Some(id),
            ..req(&changed_packet())
        },
    )
    .unwrap();
    assert!(
        out.in_place,
        "the padded packet should take the change in place"
    );
    let after = std::fs::read(&path).unwrap();
    assert_eq!(after.len(), bytes.len());
    assert_eq!(png_parts(&after), png_parts(&original));
    let (found, _) = read_file(&path).unwrap();
    assert!(same_model(
        found.packet.as_ref().unwrap(),
        &changed_packet()
    ));

    let out = write_file(
        &path,
        &WriteRequest {
            force_rewrite: true,
            policy: Default::default(),
            keep_original: None,
            ..req(&sample_packet())
        },
    )
    .unwrap();
    assert!(!out.in_place);
    let after = std::fs::read(&path).unwrap();
    assert_eq!(png_parts(&after), png_parts(&original));
    let (found, _) = read_file(&path).unwrap();
    assert!(same_model(found.packet.as_ref().unwrap(), &sample_packet()));
    assert_eq!(entries(dir.path()), ["a.png"]);
}

#[test]
fn compressed_and_late_xmp_is_read_and_moved_before_idat() {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(&raw_packet(2, 0)).unwrap();
    let mut data = png::XMP_KEYWORD.to_vec();
    data.extend_from_slice(&[0, 1, 0, 0, 0]);
    data.extend(z.finish().unwrap());
    let original = png_with(&[], &[chunk(b"iTXt", &data)], b"");
    let dir = tempdir();
    let path = write(dir.path(), "late.png", &original);
    let (found, _) = read_file(&path).unwrap();
    assert_eq!(
        found.packet.unwrap().text(&name(ns::XMP, "Rating")),
        Some("2")
    );
    assert!(
        found.region.is_none(),
        "a compressed packet has no byte region"
    );
    assert!(found
        .warnings
        .iter()
        .any(|w| w.contains("follows the image data")));

    let out = write_file(&path, &req(&changed_packet())).unwrap();
    assert!(!out.in_place);
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(chunk_names(&bytes), ["IHDR", "iTXt", "IDAT", "IEND"]);
    assert_eq!(png_parts(&bytes), png_parts(&original));
    let l = png::scan(&mut Cursor::new(&bytes), true).unwrap();
    assert!(l.xmp[0].text_offset.is_some(), "written uncompressed");
}

#[test]
fn the_content_decides_not_the_name() {
    let dir = tempdir();
    let path = write(dir.path(), "really-a-png.jpg", &png::blank());
    let (found, _) = read_file(&path).unwrap();
    assert_eq!(found.format, Format::Png);
    write_file(&path, &req(&sample_packet())).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(png_parts(&bytes), png_parts(&png::blank()));
}

#[test]
fn bad_crc_is_refused_for_a_rewrite_and_the_file_left_alone() {
    // A bad CRC is damage (docs/safe-writing.md, "Damaged files"): the packet is still
    // read, and a rewrite is refused; only a patch of the packet that does not touch
    // the damaged chunk goes ahead (tests/write/damaged.rs).
    let dir = tempdir();
    let mut bad = png_with(&[xmp_chunk(&raw_packet(1, 500)).unwrap()], &[], b"");
    let idat_crc = bad.len() - 12 - 1;
    bad[idat_crc] ^= 0x55;
    let path = write(dir.path(), "bad.png", &bad);
    // Reading skips the image data, so the packet is still shown...
    let (found, _) = read_file(&path).unwrap();
    assert!(found.packet.is_some());
    // ...but no rewrite touches a damaged file.
    let e = write_file(
        &path,
        &WriteRequest {
            force_rewrite: true,
            ..req(&changed_packet())
        },
    )
    .unwrap_err();
    assert!(matches!(e, FormatError::Damaged { .. }), "{e}");
    assert!(e.to_string().contains("chunk IDAT at offset"), "{e}");
    assert!(e.to_string().contains("has a bad CRC"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), bad);
    let mut bad_meta = png_with(&[chunk(b"tEXt", b"a\0b")], &[], b"");
    bad_meta[33 + 8] ^= 1;
    let path = write(dir.path(), "badtext.png", &bad_meta);
    let (found, _) = read_file(&path).unwrap();
    assert!(found.packet.is_none());
    assert!(
        found.warnings.iter().any(|w| w.starts_with(&format!(
            "the file is damaged: chunk tEXt at offset 33 has a bad CRC (stored {:08X}, computed {:08X})",
            crc_of(b"tEXt", b"a\0b"),
            crc_of(b"tEXt", b"`\0b")
        ))),
        "{:?}",
        found.warnings
    );
    assert_eq!(entries(dir.path()), ["bad.png", "badtext.png"]);
}

#[test]
fn peers_read_what_we_wrote() {
    if !has("exiftool") {
        crate::util::skip::missing("skipping: exiftool not installed");
        return;
    }
    let dir = tempdir();
    // No bytes after IEND here: ExifTool rightly warns about those.
    let clean = png_with(&[chunk(b"gAMA", &[0, 0, 0xB1, 0x8F])], &[], b"");
    let path = write(dir.path(), "p.png", &clean);
    write_file(&path, &req(&changed_packet())).unwrap();
    let out = std::process::Command::new("exiftool")
        .args([
            "-j",
            "-validate",
            "-warning",
            "-a",
            "-XMP:Rating",
            "-XMP:Title",
        ])
        .arg(&path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\"Rating\": 5"), "{text}");
    assert!(text.contains("\"Title\": \"Changed\""), "{text}");
    assert!(!text.contains("Warning"), "{text}");
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn ancillary() -> impl Strategy<Value = Vec<u8>> {
        (
            prop::sample::select(vec![*b"tEXt", *b"zTXt", *b"gAMA", *b"tIME", *b"prVt"]),
            prop::collection::vec(any::<u8>(), 0..200),
        )
            .prop_map(|(k, body)| chunk(&k, &body))
    }

    proptest! {
        /// Whatever chunks surround it, a spliced packet reads back right after IHDR
        /// and every other chunk and the tail are unchanged.
        #[test]
        fn splice_keeps_all_other_chunks(
            before in prop::collection::vec(ancillary(), 0..5),
            after in prop::collection::vec(ancillary(), 0..5),
            old_late in any::<bool>(),
            packet in prop::collection::vec(any::<u8>(), 0..2000),
            tail in prop::collection::vec(any::<u8>(), 0..30),
        ) {
            let old = xmp_chunk(&raw_packet(1, 0)).unwrap();
            let (mut b, mut a) = (before.clone(), after.clone());
            if old_late { a.push(old) } else { b.push(old) }
            let f = png_with(&b, &a, &tail);
            let l = png::scan(&mut Cursor::new(&f), true).unwrap();
            let mut out = Vec::new();
            png::splice(&mut Cursor::new(&f), &l, &packet, &mut out).unwrap();
            prop_assert_eq!(png_parts(&out), png_parts(&f));
            let l2 = png::scan(&mut Cursor::new(&out), true).unwrap();
            prop_assert_eq!(&l2.xmp[0].bytes, &packet);
            prop_assert!(l2.xmp[0].chunk < l2.first_idat().unwrap());
        }
    }
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

/// Chunk data of an `XML:com.adobe.xmp` text: keyword, then `rest`.
fn xmp_text(rest: &[u8]) -> Vec<u8> {
    let mut d = png::XMP_KEYWORD.to_vec();
    d.extend_from_slice(rest);
    d
}

fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(bytes).unwrap();
    z.finish().unwrap()
}

/// PNGs whose only XMP cannot be read, with the words the refusal must hold.
fn unreadable_pngs() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let packet = raw_packet(1, 0);
    let itxt = |flags: &[u8], text: &[u8]| chunk(b"iTXt", &xmp_text(&[flags, text].concat()));
    vec![
        (
            "zTXt",
            png_with(
                &[chunk(
                    b"zTXt",
                    &xmp_text(&[&[0, 0][..], &zlib(&packet)].concat()),
                )],
                &[],
                b"",
            ),
            "the zTXt XMP chunk at offset 33 (XMP belongs in iTXt",
        ),
        (
            "tEXt",
            png_with(
                &[chunk(b"tEXt", &xmp_text(&[&[0][..], &packet].concat()))],
                &[],
                b"",
            ),
            "the tEXt XMP chunk at offset 33 (XMP belongs in iTXt",
        ),
        (
            "after IEND",
            png_with(&[], &[], &itxt(&[0, 0, 0, 0, 0], &packet)),
            "after the IEND chunk",
        ),
        (
            "does not inflate",
            png_with(&[itxt(&[0, 1, 0, 0, 0], b"not a zlib stream")], &[], b""),
            "the iTXt XMP chunk at offset 33 does not inflate",
        ),
        (
            "unknown method",
            png_with(&[itxt(&[0, 1, 7, 0, 0], &zlib(&packet))], &[], b""),
            "uses an unknown compression method (7)",
        ),
    ]
}

#[test]
fn write_refuses_png_whose_xmp_could_not_be_read() {
    let dir = tempdir();
    for (case, original, why) in unreadable_pngs() {
        let path = write(dir.path(), "u.png", &original);
        let (found, _) = read_file(&path).unwrap();
        assert!(found.packet.is_none(), "{case}");
        let e = write_file(&path, &req(&changed_packet())).unwrap_err();
        assert!(matches!(e, FormatError::Unreadable { .. }), "{case}: {e}");
        let m = e.to_string();
        assert!(
            m.starts_with(&format!("{}: XMP that could not be read: ", path.display())),
            "{case}: {m}"
        );
        assert!(m.contains(why), "{case}: {m}");
        assert!(m.contains("not changed (--repair-unsafe"), "{case}: {m}");
        assert_eq!(std::fs::read(&path).unwrap(), original, "{case}");
        assert_eq!(entries(dir.path()), ["u.png"], "{case}");
    }
}

#[test]
fn repair_unsafe_replaces_unreadable_png_xmp_leaving_one_packet() {
    let dir = tempdir();
    let peers = has("exiftool");
    for (case, original, why) in unreadable_pngs() {
        let path = write(dir.path(), "u.png", &original);
        let out = write_file(&path, &repair(&changed_packet())).unwrap();
        assert_eq!(out.replaced.len(), 1, "{case}");
        assert!(out.replaced[0].contains(why), "{case}: {:?}", out.replaced);
        let bytes = std::fs::read(&path).unwrap();
        // The unreadable chunk is gone; the new one sits after IHDR; nothing else moved.
        assert_eq!(
            chunk_names(&bytes),
            ["IHDR", "iTXt", "IDAT", "IEND"],
            "{case}"
        );
        assert_eq!(
            bytes.len(),
            png::blank().len() + xmp_chunk_len(&bytes),
            "{case}"
        );
        let (found, _) = read_file(&path).unwrap();
        assert!(found.warnings.is_empty(), "{case}: {:?}", found.warnings);
        assert!(found.unreadable.is_empty(), "{case}");
        assert!(same_model(
            found.packet.as_ref().unwrap(),
            &changed_packet()
        ));
        if peers {
            let warnings = exiftool_warnings(&path);
            assert!(warnings.is_empty(), "{case}: exiftool warns {warnings:?}");
        }
    }
}

/// Length of the first XMP chunk of a PNG, header and CRC included.
fn xmp_chunk_len(bytes: &[u8]) -> usize {
    let l = png::scan(&mut Cursor::new(bytes), true).unwrap();
    let c = &l.chunks[l.xmp[0].chunk];
    (c.end() - c.offset) as usize
}

/// `exiftool -validate -warning` lines other than "OK".
fn exiftool_warnings(path: &std::path::Path) -> Vec<String> {
    let out = std::process::Command::new("exiftool")
        .args(["-validate", "-warning", "-a", "-s3"])
        .arg(path)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty() && *l != "OK")
        .map(str::to_string)
        .collect()
}

#[test]
fn unreadable_xmp_beside_a_readable_packet_is_kept_and_legacy_text_is_replaced() {
    let dir = tempdir();
    // A readable iTXt packet is the one a write replaces; a zTXt copy beside it stays.
    let ztxt = chunk(
        b"zTXt",
        &xmp_text(&[&[0, 0][..], &zlib(&raw_packet(2, 0))].concat()),
    );
    let both = png_with(
        &[xmp_chunk(&raw_packet(1, 0)).unwrap(), ztxt.clone()],
        &[],
        b"",
    );
    let path = write(dir.path(), "both.png", &both);
    let out = write_file(&path, &req(&changed_packet())).unwrap();
    assert!(out.replaced.is_empty());
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.windows(ztxt.len()).any(|w| w == ztxt.as_slice()));
    assert_eq!(png_parts(&bytes), png_parts(&both));

    // ImageMagick's hex profile is read, so a write moves it into iTXt instead of
    // leaving a stale second packet (ExifTool: "Duplicate XMP").
    let hex: String = raw_packet(1, 0)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let text = format!(
        "Raw profile type xmp\0\nxmp\n{:8}\n{hex}\n",
        raw_packet(1, 0).len()
    );
    let legacy = png_with(&[chunk(b"tEXt", text.as_bytes())], &[], b"");
    let path = write(dir.path(), "legacy.png", &legacy);
    let (found, _) = read_file(&path).unwrap();
    assert_eq!(
        found.packet.unwrap().text(&name(ns::XMP, "Rating")),
        Some("1")
    );
    let mut edited = changed_packet();
    edited.set(
        name(ns::XMP, "Label"),
        xmpedit_core::xmp::Node::text("kept"),
    );
    write_file(&path, &req(&edited)).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(chunk_names(&bytes), ["IHDR", "iTXt", "IDAT", "IEND"]);
    let (found, _) = read_file(&path).unwrap();
    assert!(same_model(found.packet.as_ref().unwrap(), &edited));
    if has("exiftool") {
        let warnings = exiftool_warnings(&path);
        assert!(warnings.is_empty(), "exiftool warns {warnings:?}");
    }
}
