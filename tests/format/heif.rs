//! HEIF and AVIF: XMP as a `mime` item of `meta`, in files made by libheif's
//! `heif-enc` and in the shared corpus. Every other item's data stays the same (read
//! through its possibly moved location), the image decodes to the same pixels, and our
//! reader, ExifTool (with no new `-validate` warning) and the XMP Toolkit oracle read
//! the new values.

use crate::util::{common, fmt_common};

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;

use fmt_common::*;
use xmpedit_core::xmp::{ns, ArrayKind, Node, Packet};
use xmpedit_formats::bmff::heif::{self, Layout};
use xmpedit_formats::packet::same_model;
use xmpedit_formats::{read_file, write_file, Format};

fn big_packet() -> Packet {
    let mut p = sample_packet();
    let items = (0..300)
        .map(|i| Node::text(format!("keyword {i}")))
        .collect();
    p.set(name(ns::DC, "subject"), Node::array(ArrayKind::Bag, items));
    p
}

fn layout_of(b: &[u8]) -> Layout {
    heif::scan(&mut Cursor::new(b)).unwrap()
}

/// The data of every item but the XMP one, by item ID.
fn item_data(b: &[u8]) -> Vec<(u32, Vec<u8>)> {
    let l = layout_of(b);
    let xmp = l.xmp.as_ref().map(|x| x.item);
    let mut out = Vec::new();
    for loc in &l.iloc.as_ref().unwrap().1.items {
        if Some(loc.item) == xmp {
            continue;
        }
        let mut data = Vec::new();
        for (s, e) in l.ranges(loc).unwrap() {
            data.extend_from_slice(&b[s as usize..e as usize]);
        }
        out.push((loc.item, data));
    }
    out.sort();
    out
}

fn xmp_range(b: &[u8]) -> (u64, u64) {
    let l = layout_of(b);
    let loc = l
        .location(l.xmp.as_ref().expect("an XMP item").item)
        .unwrap();
    l.ranges(loc).unwrap()[0]
}

/// libheif's tools run (fails under XMPEDIT_REQUIRE_PEERS=1 when they do not).
fn libheif() -> bool {
    let ok = Command::new("heif-enc")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stdout.is_empty());
    if !ok {
        crate::util::skip::missing("skipping: libheif tools (heif-enc) not installed");
    }
    ok
}

/// A 16x16 gradient PNG, written by hand.
fn png(dir: &Path) -> PathBuf {
    let (w, h) = (16u32, 16u32);
    let mut raw = Vec::new();
    for y in 0..h {
        raw.push(0);
        for x in 0..w {
            raw.extend_from_slice(&[(x * 16) as u8, (y * 16) as u8, 128]);
        }
    }
    let chunk = |t: &[u8], d: &[u8]| {
        let mut v = (d.len() as u32).to_be_bytes().to_vec();
        v.extend_from_slice(t);
        v.extend_from_slice(d);
        let mut c = crc32fast::Hasher::new();
        c.update(t);
        c.update(d);
        v.extend_from_slice(&c.finalize().to_be_bytes());
        v
    };
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut z, &raw).unwrap();
    let idat = z.finish().unwrap();
    let bytes = [
        b"\x89PNG\r\n\x1a\n".to_vec(),
        chunk(b"IHDR", &ihdr),
        chunk(b"IDAT", &idat),
        chunk(b"IEND", b""),
    ]
    .concat();
    write(dir, "in.png", &bytes)
}

fn heif_enc(dir: &Path, file: &str, avif: bool) -> PathBuf {
    let src = png(dir);
    let out = dir.join(file);
    let mut c = Command::new("heif-enc");
    if avif {
        c.arg("-A");
    }
    let st = c.arg("-o").arg(&out).arg(&src).output().unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    out
}

/// The decoded image's pixel data (the IDAT chunks of `heif-convert`'s PNG, which
/// also carries the file's XMP in an iTXt chunk).
fn decoded(path: &Path, dir: &Path) -> Vec<u8> {
    let out = dir.join("decoded.png");
    let st = Command::new("heif-convert")
        .arg(path)
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let b = std::fs::read(&out).unwrap();
    std::fs::remove_file(&out).unwrap();
    let mut idat = Vec::new();
    let mut at = 8;
    while at + 8 <= b.len() {
        let len = u32::from_be_bytes(b[at..at + 4].try_into().unwrap()) as usize;
        if &b[at + 4..at + 8] == b"IDAT" {
            idat.extend_from_slice(&b[at + 8..at + 8 + len]);
        }
        at += 12 + len;
    }
    assert!(!idat.is_empty());
    idat
}

#[test]
fn heic_and_avif_get_an_xmp_item_and_decode_to_the_same_pixels() {
    if !libheif() {
        return;
    }
    for (file, avif) in [("a.heic", false), ("a.avif", true)] {
        let dir = tempdir();
        let path = heif_enc(dir.path(), file, avif);
        let original = std::fs::read(&path).unwrap();
        let pixels = decoded(&path, dir.path());
        let (found, _) = read_file(&path).unwrap();
        assert_eq!(found.format, Format::Heif);
        assert!(found.packet.is_none());
        // A new item: infe, iref and iloc grow `meta`, which comes before `mdat`, so the
        // image's offsets move with it.
        write_file(&path, &req(&sample_packet())).unwrap();
        let once = std::fs::read(&path).unwrap();
        assert_eq!(item_data(&once), item_data(&original), "{file}");
        let l = layout_of(&once);
        let x = l.xmp.as_ref().unwrap();
        assert!(l.primary.is_some());
        assert_eq!(decoded(&path, dir.path()), pixels, "{file}");
        assert!(same_model(
            &read_file(&path).unwrap().0.packet.unwrap(),
            &sample_packet()
        ));
        assert!(read_file(&path).unwrap().0.warnings.is_empty());
        // In place, then larger than the item: it moves to the end of the file.
        assert!(write_file(&path, &req(&changed_packet())).unwrap().in_place);
        let before_move = std::fs::read(&path).unwrap();
        let (old_s, old_e) = xmp_range(&before_move);
        write_file(&path, &req(&big_packet())).unwrap();
        let moved = std::fs::read(&path).unwrap();
        let (s, e) = xmp_range(&moved);
        assert_eq!(
            e,
            moved.len() as u64,
            "{file}: the grown packet is appended"
        );
        assert!(s > old_s);
        assert!(
            moved[old_s as usize..old_e as usize]
                .iter()
                .all(|&b| b == 0),
            "old bytes zeroed"
        );
        assert_eq!(layout_of(&moved).xmp.unwrap().item, x.item);
        assert_eq!(item_data(&moved), item_data(&original));
        assert_eq!(decoded(&path, dir.path()), pixels, "{file}");
        assert!(same_model(
            &read_file(&path).unwrap().0.packet.unwrap(),
            &big_packet()
        ));
    }
}

#[test]
fn peers_read_the_xmp_we_wrote_into_heif_files() {
    if !libheif() || !has("exiftool") {
        crate::util::skip::missing("skipping: exiftool not installed");
        return;
    }
    let dir = tempdir();
    for (file, avif) in [("p.heic", false), ("p.avif", true)] {
        let path = heif_enc(dir.path(), file, avif);
        let orig = dir.path().join(format!("orig-{file}"));
        std::fs::copy(&path, &orig).unwrap();
        write_file(&path, &req(&big_packet())).unwrap();
        write_file(&path, &req(&changed_packet())).unwrap();
        let out = Command::new("exiftool")
            .args(["-j", "-XMP:Rating", "-XMP:Title"])
            .arg(&path)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("\"Rating\": 5"), "{file}: {text}");
        assert!(text.contains("\"Title\": \"Changed\""), "{file}: {text}");
        let old = common::exiftool_warnings(&orig).unwrap();
        for w in common::exiftool_warnings(&path).unwrap() {
            assert!(
                old.contains(&w),
                "{file}: new ExifTool warning {w:?} (before: {old:?})"
            );
        }
        match common::python_with_exiv2() {
            Ok(()) => {
                let listing = common::oracle_listing(&path).unwrap();
                assert!(listing.contains("Changed"), "{file}: {listing}");
            }
            Err(why) => crate::util::skip::missing(&format!("skipping the oracle: {why}")),
        }
    }
}

#[test]
fn corpus_heif_files_are_written_and_keep_every_other_item() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/heif");
    let dir = if dir.exists() {
        dir
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/heif")
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        crate::util::skip::missing("skipping: ../shared/corpus is missing");
        return;
    };
    let tmp = tempdir();
    let mut written = 0;
    for e in entries {
        let src = e.unwrap().path();
        let original = std::fs::read(&src).unwrap();
        let path = write(
            tmp.path(),
            &src.file_name().unwrap().to_string_lossy(),
            &original,
        );
        let (found, _) = read_file(&path).unwrap();
        assert_eq!(found.format, Format::Heif, "{}", src.display());
        for p in [changed_packet(), big_packet()] {
            write_file(&path, &req(&p)).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
            let now = std::fs::read(&path).unwrap();
            assert_eq!(item_data(&now), item_data(&original), "{}", src.display());
            let back = read_file(&path).unwrap().0.packet.unwrap();
            assert!(same_model(&back, &p), "{}", src.display());
        }
        written += 1;
    }
    assert!(written >= 3, "{written} corpus HEIF files");
}

#[test]
fn a_heif_whose_item_points_outside_the_file_is_read_by_scanning_and_not_written() {
    if !libheif() {
        return;
    }
    let dir = tempdir();
    let path = heif_enc(dir.path(), "b.heic", false);
    write_file(&path, &req(&sample_packet())).unwrap();
    let mut b = std::fs::read(&path).unwrap();
    // The image item's extent offset, made to point past the end.
    let l = layout_of(&b);
    let (iloc_box, mut iloc) = l.iloc.clone().unwrap();
    let image = iloc
        .items
        .iter_mut()
        .find(|i| Some(i.item) == l.primary)
        .unwrap();
    image.extents[0].offset = b.len() as u64 + 100;
    let payload = iloc.to_bytes().unwrap();
    assert_eq!(payload.len() as u64, iloc_box.end - iloc_box.body);
    b[iloc_box.body as usize..iloc_box.end as usize].copy_from_slice(&payload);
    std::fs::write(&path, &b).unwrap();
    let (found, _) = read_file(&path).unwrap();
    assert!(
        found
            .warnings
            .first()
            .is_some_and(|w| w.contains("could not be followed")),
        "{:?}",
        found.warnings
    );
    let e = write_file(&path, &req(&changed_packet()))
        .unwrap_err()
        .to_string();
    assert!(e.contains("outside its data"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), b);
}
