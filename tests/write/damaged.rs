//! Damaged files (docs/safe-writing.md, "Damaged files"): a JPEG with garbage after
//! the XMP segment, a PNG with a bad CRC in another chunk or in the XMP chunk, a TIFF
//! whose IFD chain breaks after IFD0. The XMP is read with a warning naming the
//! damage; a same-length patch that avoids the damage is written; every other write
//! is refused, file untouched, unless `--repair-unsafe`, which keeps the damaged
//! bytes as they are (or replaces them when they held the XMP) and says so.

use crate::util::fmt_common;
use crate::util::set_support::{self, Ws};

use std::io::Cursor;

use fmt_common::*;
use xmpedit_core::xmp::{ns, ArrayKind, Node, Packet};
use xmpedit_formats::packet::same_model;
use xmpedit_formats::png::{crc_of, xmp_chunk};
use xmpedit_formats::tiff::{ifd, plan};
use xmpedit_formats::{
    jpeg, png, read_file, tiff, write_file, Format, FormatError, WritePolicy, WriteRequest,
};

/// A packet too large for 500 bytes of padding: a write must rewrite the file.
fn big_packet() -> Packet {
    let mut p = sample_packet();
    let items = (0..200)
        .map(|i| Node::text(format!("keyword {i}")))
        .collect();
    p.set(name(ns::DC, "subject"), Node::array(ArrayKind::Bag, items));
    p
}

fn repair(p: &Packet) -> WriteRequest<'_> {
    WriteRequest {
        policy: WritePolicy {
            repair_unsafe: true,
            ..Default::default()
        },
        ..req(p)
    }
}

fn rating_of(path: &std::path::Path) -> Option<String> {
    let (found, _) = read_file(path).unwrap();
    found
        .packet
        .and_then(|p| p.get(&name(ns::XMP, "Rating")).cloned())
        .and_then(|n| match n.value {
            xmpedit_core::xmp::Value::Simple(s) => Some(s),
            _ => None,
        })
}

/// The bytes outside `[start, end)` of both files are equal (same length files).
fn same_outside(a: &[u8], b: &[u8], start: usize, end: usize) {
    assert_eq!(a.len(), b.len());
    assert_eq!(a[..start], b[..start]);
    assert_eq!(a[end..], b[end..]);
}

/// SOI, JFIF APP0, the XMP segment (packet with 500 bytes of padding), then `FF 00`
/// and a few bytes where the next marker should be, then the rest of a valid JPEG.
/// Returns the file and the offset of the garbage.
fn jpeg_with_garbage_after_xmp() -> (Vec<u8>, usize) {
    let b = jpeg::blank();
    let mut f = b[..20].to_vec();
    f.extend(jpeg::splice::xmp_segments(&raw_packet(1, 500), None).unwrap());
    let garbage = f.len();
    f.extend_from_slice(&[0xFF, 0x00, 0x12, 0x34]);
    f.extend_from_slice(&b[20..]);
    (f, garbage)
}

#[test]
fn jpeg_with_ff00_after_the_xmp_segment_is_read_with_a_warning() {
    let dir = tempdir();
    let (bytes, garbage) = jpeg_with_garbage_after_xmp();
    let path = write(dir.path(), "a.jpg", &bytes);
    let (found, _) = read_file(&path).unwrap();
    assert_eq!(found.format, Format::Jpeg);
    assert_eq!(rating_of(&path).as_deref(), Some("1"));
    let w = found.warnings.join("\n");
    assert!(
        w.contains(&format!(
            "the file is damaged: the JPEG segments break off at offset {garbage} (FF 00 where a \
             marker was expected)"
        )),
        "{w}"
    );
    // Garbage before the XMP segment still fails the read: no XMP can be found then.
    let b = jpeg::blank();
    let mut early = b[..20].to_vec();
    early.extend_from_slice(&[0xFF, 0x00]);
    early.extend(jpeg::splice::xmp_segments(&raw_packet(1, 0), None).unwrap());
    early.extend_from_slice(&b[20..]);
    let e = xmpedit_formats::read_from(&mut Cursor::new(&early), None).unwrap_err();
    assert!(
        e.to_string().contains("FF 00 where a marker was expected"),
        "{e}"
    );
}

#[test]
fn jpeg_with_garbage_after_the_xmp_takes_an_in_place_patch_only() {
    let dir = tempdir();
    let (bytes, garbage) = jpeg_with_garbage_after_xmp();
    let path = write(dir.path(), "a.jpg", &bytes);
    let (found, _) = read_file(&path).unwrap();
    let region = found.region.unwrap();
    let out = write_file(&path, &req(&changed_packet())).unwrap();
    assert!(out.in_place);
    assert!(out.damaged.is_empty());
    let after = std::fs::read(&path).unwrap();
    same_outside(
        &bytes,
        &after,
        region.offset as usize,
        (region.offset + region.len) as usize,
    );
    assert_eq!(rating_of(&path).as_deref(), Some("5"));

    let before = after;
    let e = write_file(&path, &req(&big_packet())).unwrap_err();
    assert!(matches!(e, FormatError::Damaged { .. }), "{e}");
    let msg = e.to_string();
    assert!(
        msg.contains(&format!(
            "the file is damaged (the JPEG segments break off at offset {garbage}"
        )) && msg.contains("--repair-unsafe"),
        "{msg}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(entries(dir.path()), ["a.jpg"]);
}

#[test]
fn jpeg_with_garbage_after_the_xmp_is_rewritten_with_repair_unsafe_keeping_the_garbage() {
    let dir = tempdir();
    let (bytes, garbage) = jpeg_with_garbage_after_xmp();
    let path = write(dir.path(), "a.jpg", &bytes);
    let out = write_file(&path, &repair(&big_packet())).unwrap();
    assert!(!out.in_place);
    assert_eq!(out.damaged.len(), 1, "{:?}", out.damaged);
    assert!(out.damaged[0].starts_with("--repair-unsafe: written although the file is damaged"));
    let after = std::fs::read(&path).unwrap();
    // SOI and APP0 as they were; the garbage and everything after it byte for byte.
    assert_eq!(after[..20], bytes[..20]);
    assert!(after.ends_with(&bytes[garbage..]));
    let (found, _) = read_file(&path).unwrap();
    assert!(same_model(found.packet.as_ref().unwrap(), &big_packet()));
    assert!(found
        .warnings
        .iter()
        .any(|w| w.contains("FF 00 where a marker")));
}

/// blank() with `before` chunks between IHDR and IDAT.
fn png_with(before: &[Vec<u8>]) -> Vec<u8> {
    let b = png::blank();
    let mut v = b[..33].to_vec();
    before.iter().for_each(|c| v.extend_from_slice(c));
    v.extend_from_slice(&b[33..]);
    v
}

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut v = (data.len() as u32).to_be_bytes().to_vec();
    v.extend_from_slice(kind);
    v.extend_from_slice(data);
    v.extend_from_slice(&crc_of(kind, data).to_be_bytes());
    v
}

#[test]
fn png_with_a_bad_crc_in_another_chunk_is_read_and_patched_but_not_rewritten() {
    let dir = tempdir();
    let mut text = chunk(b"tEXt", b"Comment\0hello");
    let crc_at = text.len() - 1;
    text[crc_at] ^= 0x0F;
    let xmp = xmp_chunk(&raw_packet(1, 500)).unwrap();
    let bytes = png_with(&[text.clone(), xmp]);
    let path = write(dir.path(), "a.png", &bytes);
    let (found, _) = read_file(&path).unwrap();
    assert_eq!(rating_of(&path).as_deref(), Some("1"));
    assert!(
        found
            .warnings
            .iter()
            .any(|w| w.starts_with("the file is damaged: chunk tEXt at offset 33 has a bad CRC")),
        "{:?}",
        found.warnings
    );
    // In place: the packet and the XMP chunk's CRC change, the damaged chunk does not.
    let out = write_file(&path, &req(&changed_packet())).unwrap();
    assert!(out.in_place && out.damaged.is_empty());
    let after = std::fs::read(&path).unwrap();
    assert_eq!(after[33..33 + text.len()], text[..]);
    assert_eq!(rating_of(&path).as_deref(), Some("5"));
    // A rewrite is refused...
    let e = write_file(&path, &req(&big_packet())).unwrap_err();
    assert!(matches!(e, FormatError::Damaged { .. }), "{e}");
    assert!(
        e.to_string()
            .contains("chunk tEXt at offset 33 has a bad CRC"),
        "{e}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), after);
    // ...unless allowed: the damaged chunk is copied as it is, bad CRC and all.
    let out = write_file(&path, &repair(&big_packet())).unwrap();
    assert_eq!(out.damaged.len(), 1);
    let written = std::fs::read(&path).unwrap();
    assert!(written.windows(text.len()).any(|w| w == &text[..]));
    let (found, _) = read_file(&path).unwrap();
    assert!(same_model(found.packet.as_ref().unwrap(), &big_packet()));
}

#[test]
fn png_with_a_bad_crc_in_the_image_data_is_patched_in_place() {
    let dir = tempdir();
    let mut bytes = png_with(&[xmp_chunk(&raw_packet(1, 500)).unwrap()]);
    let idat_crc = bytes.len() - 12 - 1;
    bytes[idat_crc] ^= 0x55;
    let path = write(dir.path(), "a.png", &bytes);
    let out = write_file(&path, &req(&changed_packet())).unwrap();
    assert!(out.in_place);
    let after = std::fs::read(&path).unwrap();
    assert_eq!(after[after.len() - 24..], bytes[bytes.len() - 24..]);
    let e = write_file(&path, &req(&big_packet())).unwrap_err();
    assert!(e.to_string().contains("chunk IDAT at offset"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), after);
}

#[test]
fn png_with_a_bad_crc_in_the_xmp_chunk_is_read_but_written_only_with_repair_unsafe() {
    let dir = tempdir();
    let mut xmp = xmp_chunk(&raw_packet(1, 500)).unwrap();
    let crc_at = xmp.len() - 2;
    xmp[crc_at] ^= 0x01;
    let bytes = png_with(&[xmp]);
    let path = write(dir.path(), "a.png", &bytes);
    let (found, _) = read_file(&path).unwrap();
    assert_eq!(rating_of(&path).as_deref(), Some("1"));
    assert!(
        found
            .warnings
            .iter()
            .any(|w| w.starts_with("the file is damaged: chunk iTXt at offset 33 has a bad CRC")),
        "{:?}",
        found.warnings
    );
    // Even a patch that fits would write into the damaged chunk.
    for p in [changed_packet(), big_packet()] {
        let e = write_file(&path, &req(&p)).unwrap_err();
        assert!(matches!(e, FormatError::Damaged { .. }), "{e}");
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
    }
    let out = write_file(&path, &repair(&changed_packet())).unwrap();
    assert_eq!(out.damaged.len(), 1);
    // The XMP chunk now carries the right CRC: the file is whole again.
    let (found, _) = read_file(&path).unwrap();
    assert!(found.damage.is_empty(), "{:?}", found.damage);
    assert!(png::scan(&mut Cursor::new(std::fs::read(&path).unwrap()), true).is_ok());
    assert_eq!(rating_of(&path).as_deref(), Some("5"));
}

/// A TIFF with a padded packet in IFD0 whose next-IFD pointer leads past the end.
fn tiff_with_broken_ifd1() -> Vec<u8> {
    let blank = tiff::blank_le();
    let l = ifd::read_layout(&mut Cursor::new(&blank)).unwrap();
    let p = plan::append(&l, &raw_packet(1, 500)).unwrap();
    let mut bytes = Vec::new();
    plan::stream(&mut Cursor::new(&blank), &p, &mut bytes).unwrap();
    let l = ifd::read_layout(&mut Cursor::new(&bytes)).unwrap();
    let next_at = (l.ifd0.offset + 2 + 12 * l.ifd0.entries.len() as u64) as usize;
    bytes[next_at..next_at + 4].copy_from_slice(&9_999_999u32.to_le_bytes());
    bytes
}

#[test]
fn tiff_with_a_broken_ifd_after_the_xmp_ifd_is_patched_in_place_only() {
    let dir = tempdir();
    let bytes = tiff_with_broken_ifd1();
    let path = write(dir.path(), "a.tif", &bytes);
    let (found, _) = read_file(&path).unwrap();
    assert_eq!(found.format, Format::Tiff);
    assert_eq!(rating_of(&path).as_deref(), Some("1"));
    assert!(
        found
            .warnings
            .iter()
            .any(|w| w.starts_with("the file is damaged: IFD1") && w.contains("offset 9999999")),
        "{:?}",
        found.warnings
    );
    let out = write_file(&path, &req(&changed_packet())).unwrap();
    assert!(out.in_place);
    assert_eq!(rating_of(&path).as_deref(), Some("5"));
    let after = std::fs::read(&path).unwrap();
    let e = write_file(&path, &req(&big_packet())).unwrap_err();
    assert!(matches!(e, FormatError::Damaged { .. }), "{e}");
    assert!(e.to_string().contains("IFD1"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), after);
    let out = write_file(&path, &repair(&big_packet())).unwrap();
    assert_eq!(out.damaged.len(), 1);
    // The image data is where it was, and the broken pointer was copied as it was.
    let written = std::fs::read(&path).unwrap();
    assert_eq!(written[8..174], after[8..174]);
    let (found, _) = read_file(&path).unwrap();
    assert!(same_model(found.packet.as_ref().unwrap(), &big_packet()));
    assert!(
        found.warnings.iter().any(|w| w.contains("offset 9999999")),
        "{:?}",
        found.warnings
    );
}

#[test]
fn set_refuses_a_rewrite_of_a_damaged_jpeg_and_repair_unsafe_says_what_it_did() {
    let ws = Ws::new();
    let (bytes, _) = jpeg_with_garbage_after_xmp();
    let jpg = ws.put("a.jpg", &bytes);
    let many: Vec<String> = (0..200)
        .map(|i| format!("dc:subject+=keyword {i}"))
        .collect();
    let mut args: Vec<&str> = vec!["set"];
    for m in &many {
        args.extend(["-e", m.as_str()]);
    }
    args.push(set_support::s(&jpg));
    let out = ws.run(&args);
    let err = set_support::text(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("the file is damaged"), "{err}");
    assert_eq!(std::fs::read(&jpg).unwrap(), bytes);
    // A small edit fits the packet's padding and is written.
    ws.ok(&["set", "-e", "xmp:Rating=4", set_support::s(&jpg)], 0);
    assert_eq!(rating_of(&jpg).as_deref(), Some("4"));
    args.insert(1, "--repair-unsafe");
    let out = ws.run(&args);
    let err = set_support::text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("--repair-unsafe: written although the file is damaged"),
        "{err}"
    );
    assert_eq!(
        set_support::items(&set_support::model(&jpg), ns::DC, "subject").len(),
        200
    );
}
