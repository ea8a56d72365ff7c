//! MP4 and QuickTime: XMP in the top-level `uuid` box (MP4) or `moov/udta/XMP_` (MOV),
//! in movies made by hand (so every layout is covered: `moov` first or last, a `free`
//! box after it, fragments) and by ffmpeg. The media bytes every chunk offset points at
//! stay the same, ffmpeg decodes the same frames, and our reader, ExifTool and the XMP
//! Toolkit oracle read the new values.

use crate::util::{common, fmt_common};

use std::io::Cursor;
use std::path::Path;
use std::process::Command;

use fmt_common::*;
use xmpedit_core::xmp::{ns, ArrayKind, Node, Packet};
use xmpedit_formats::bmff::layout::{self, read_chunk_offsets, Layout};
use xmpedit_formats::packet::same_model;
use xmpedit_formats::{read_file, write_file, Format};

fn bx(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let mut v = ((body.len() + 8) as u32).to_be_bytes().to_vec();
    v.extend_from_slice(kind);
    v.extend_from_slice(body);
    v
}

/// 64 bytes of media, different at every offset.
fn media() -> Vec<u8> {
    (0..64u8)
        .map(|i| i.wrapping_mul(7).wrapping_add(3))
        .collect()
}

/// How a hand-made movie is laid out.
#[derive(Clone, Copy, Default)]
struct Shape {
    quicktime: bool,
    moov_first: bool,
    /// A top-level `free` box of this size right after `moov`.
    free_after_moov: Option<usize>,
    /// An `mvex` box in `moov` (a fragmented movie).
    fragmented: bool,
    /// Four zero bytes ending `udta`, as old QuickTime writes it.
    udta_terminator: bool,
}

/// ftyp, then moov and mdat in the shape's order; one track whose `stco` points at
/// two chunks of the media; `xmp` (if any) in `udta/XMP_`.
fn movie(shape: Shape, xmp: Option<&[u8]>) -> Vec<u8> {
    let ftyp = if shape.quicktime {
        bx(b"ftyp", b"qt  \0\0\x02\0qt  ")
    } else {
        bx(b"ftyp", b"isom\0\0\x02\0isommp41")
    };
    let moov_for = |mdat_body: u32| {
        let mut stco = vec![0, 0, 0, 0];
        stco.extend_from_slice(&2u32.to_be_bytes());
        stco.extend_from_slice(&mdat_body.to_be_bytes());
        stco.extend_from_slice(&(mdat_body + 32).to_be_bytes());
        let stbl = [bx(b"stsd", &[0; 8]), bx(b"stco", &stco)].concat();
        let minf = bx(b"minf", &bx(b"stbl", &stbl));
        let trak = bx(
            b"trak",
            &[
                bx(b"tkhd", &[1; 20]),
                bx(b"mdia", &[bx(b"mdhd", &[2; 12]), minf].concat()),
            ]
            .concat(),
        );
        let mut body = [bx(b"mvhd", &[9; 100]), trak].concat();
        if shape.fragmented {
            body.extend(bx(b"mvex", &bx(b"trex", &[0; 24])));
        }
        if xmp.is_some() || shape.udta_terminator {
            let mut u = bx(b"\xa9nam", b"name");
            if let Some(x) = xmp {
                u.extend(bx(b"XMP_", x));
            }
            if shape.udta_terminator {
                u.extend_from_slice(&[0; 4]);
            }
            body.extend(bx(b"udta", &u));
        }
        bx(b"moov", &body)
    };
    let free = shape.free_after_moov.map(|n| {
        let mut f = bx(b"free", &vec![0; n - 8]);
        f.truncate(n);
        f
    });
    let mdat = bx(b"mdat", &media());
    let moov_len = moov_for(0).len();
    let free_len = free.as_ref().map_or(0, Vec::len);
    if shape.moov_first {
        let body = (ftyp.len() + moov_len + free_len + 8) as u32;
        [ftyp, moov_for(body), free.unwrap_or_default(), mdat].concat()
    } else {
        let body = (ftyp.len() + 8) as u32;
        [ftyp, mdat, moov_for(body), free.unwrap_or_default()].concat()
    }
}

fn layout_of(b: &[u8]) -> Layout {
    layout::scan(&mut Cursor::new(b)).unwrap()
}

/// The 32 bytes at each chunk offset of every track.
fn chunks(b: &[u8]) -> Vec<Vec<u8>> {
    let l = layout_of(b);
    let mut out = Vec::new();
    for t in &l.moov.as_ref().unwrap().chunk_offsets {
        for o in read_chunk_offsets(&mut Cursor::new(b), t).unwrap() {
            out.push(b[o as usize..o as usize + 32].to_vec());
        }
    }
    out
}

fn big_packet() -> Packet {
    let mut p = sample_packet();
    let items = (0..300)
        .map(|i| Node::text(format!("keyword {i}")))
        .collect();
    p.set(name(ns::DC, "subject"), Node::array(ArrayKind::Bag, items));
    p
}

fn read_model(path: &Path) -> Packet {
    read_file(path).unwrap().0.packet.expect("a packet")
}

#[test]
fn mp4_gets_a_uuid_box_appended_and_every_earlier_byte_stays() {
    for moov_first in [false, true] {
        let dir = tempdir();
        let original = movie(
            Shape {
                moov_first,
                ..Shape::default()
            },
            None,
        );
        let path = write(dir.path(), "a.mp4", &original);
        let (found, _) = read_file(&path).unwrap();
        assert_eq!(found.format, Format::Mp4);
        assert!(found.packet.is_none());
        let out = write_file(&path, &req(&sample_packet())).unwrap();
        assert!(!out.in_place);
        let once = std::fs::read(&path).unwrap();
        assert_eq!(
            once[..original.len()],
            original[..],
            "moov first: {moov_first}"
        );
        assert!(layout_of(&once).uuid_xmp.is_some());
        assert!(same_model(&read_model(&path), &sample_packet()));
        // The same size again: in place. Larger: the box is last, so it grows there.
        assert!(write_file(&path, &req(&changed_packet())).unwrap().in_place);
        write_file(&path, &req(&big_packet())).unwrap();
        let grown = std::fs::read(&path).unwrap();
        assert_eq!(grown[..original.len()], original[..]);
        assert_eq!(layout_of(&grown).top.boxes.len(), 4);
        assert!(same_model(&read_model(&path), &big_packet()));
    }
}

#[test]
fn an_mp4_uuid_box_before_the_media_becomes_free_space_and_the_media_stays_put() {
    let dir = tempdir();
    let mut uuid = xmpedit_formats::fallback::bmff::XMP_UUID.to_vec();
    uuid.extend_from_slice(&raw_packet(1, 0));
    let plain = movie(Shape::default(), None);
    // ftyp, uuid, mdat, moov: the stco offsets shift by the uuid box.
    let ftyp_len = 24;
    let uuid_box = bx(b"uuid", &uuid);
    let mut b = [
        plain[..ftyp_len].to_vec(),
        uuid_box.clone(),
        plain[ftyp_len..].to_vec(),
    ]
    .concat();
    let l = layout_of(&b);
    let stco = l.moov.as_ref().unwrap().chunk_offsets[0];
    let shifted = (ftyp_len + uuid_box.len() + 8) as u32;
    let at = stco.body as usize + 8;
    b[at..at + 4].copy_from_slice(&shifted.to_be_bytes());
    b[at + 4..at + 8].copy_from_slice(&(shifted + 32).to_be_bytes());
    let before = chunks(&b);
    let path = write(dir.path(), "u.mp4", &b);
    assert!(read_file(&path).unwrap().0.packet.is_some());
    write_file(&path, &req(&big_packet())).unwrap();
    let after = std::fs::read(&path).unwrap();
    let l = layout_of(&after);
    assert!(l.top.boxes[1].is(b"free"), "{:?}", l.top.boxes[1]);
    assert_eq!(l.top.boxes[1].len(), uuid_box.len() as u64);
    // The old packet does not linger in the free box.
    let free = &after[l.top.boxes[1].body as usize..l.top.boxes[1].end as usize];
    assert!(free.iter().all(|&x| x == 0));
    assert_eq!(l.uuid_xmp, Some(l.top.boxes.len() - 1));
    assert_eq!(chunks(&after), before);
    assert!(same_model(&read_model(&path), &big_packet()));
}

#[test]
fn mov_xmp_goes_into_moov_udta_and_the_chunk_offsets_follow_the_media() {
    for terminator in [false, true] {
        let dir = tempdir();
        let shape = Shape {
            quicktime: true,
            moov_first: true,
            udta_terminator: terminator,
            ..Shape::default()
        };
        let original = movie(shape, None);
        let path = write(dir.path(), "m.mov", &original);
        assert_eq!(read_file(&path).unwrap().0.format, Format::Mov);
        write_file(&path, &req(&sample_packet())).unwrap();
        let once = std::fs::read(&path).unwrap();
        let l = layout_of(&once);
        assert!(l.udta_packet().is_some() && l.uuid_xmp.is_none());
        assert_eq!(chunks(&once), chunks(&original), "terminator: {terminator}");
        assert_eq!(once[once.len() - 64..], media()[..]);
        if terminator {
            let u = l.moov.as_ref().unwrap().udta.as_ref().unwrap();
            assert_eq!(u.children.tail, u.bx.end - 4, "the terminator stays last");
        }
        assert!(same_model(&read_model(&path), &sample_packet()));
        write_file(&path, &req(&big_packet())).unwrap();
        let grown = std::fs::read(&path).unwrap();
        assert_eq!(chunks(&grown), chunks(&original));
        assert!(same_model(&read_model(&path), &big_packet()));
    }
}

#[test]
fn a_mov_with_its_movie_box_last_grows_it_without_moving_anything() {
    let dir = tempdir();
    let shape = Shape {
        quicktime: true,
        ..Shape::default()
    };
    let original = movie(shape, Some(&raw_packet(2, 0)));
    let path = write(dir.path(), "last.mov", &original);
    write_file(&path, &req(&big_packet())).unwrap();
    let after = std::fs::read(&path).unwrap();
    let l = layout_of(&after);
    let moov = l.moov_box().unwrap();
    assert_eq!(
        after[..moov.start as usize],
        original[..moov.start as usize],
        "everything before moov is untouched"
    );
    assert_eq!(chunks(&after), chunks(&original));
}

#[test]
fn a_free_box_after_the_movie_box_absorbs_the_growth() {
    let dir = tempdir();
    let shape = Shape {
        quicktime: true,
        moov_first: true,
        free_after_moov: Some(32768),
        ..Shape::default()
    };
    let original = movie(shape, Some(&raw_packet(2, 0)));
    let path = write(dir.path(), "free.mov", &original);
    write_file(&path, &req(&big_packet())).unwrap();
    let after = std::fs::read(&path).unwrap();
    assert_eq!(after.len(), original.len());
    assert_eq!(
        after[after.len() - 72..],
        original[original.len() - 72..],
        "mdat did not move"
    );
    let l = layout_of(&after);
    let free = l.top.boxes.iter().find(|b| b.is(b"free")).unwrap();
    assert!(free.len() < 32768 - 8000, "{free:?}");
    assert!(same_model(&read_model(&path), &big_packet()));
}

#[test]
fn a_fragmented_movie_that_would_need_its_media_moved_is_refused_untouched() {
    let dir = tempdir();
    let shape = Shape {
        quicktime: true,
        moov_first: true,
        fragmented: true,
        ..Shape::default()
    };
    let original = movie(shape, Some(&raw_packet(2, 0)));
    let path = write(dir.path(), "frag.mov", &original);
    let e = write_file(&path, &req(&big_packet()))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("fragmented movie (mvex)") && e.contains("sidecar"),
        "{e}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), original);
    // A change that fits the packet's room still goes in place.
    let padded = movie(shape, Some(&raw_packet(2, 4000)));
    let path = write(dir.path(), "frag2.mov", &padded);
    assert!(write_file(&path, &req(&changed_packet())).unwrap().in_place);
}

#[test]
fn a_movie_with_broken_box_lengths_is_read_by_scanning_and_never_written() {
    let mut b = movie(Shape::default(), None);
    b.extend(bx(
        b"uuid",
        &[
            xmpedit_formats::fallback::bmff::XMP_UUID.to_vec(),
            raw_packet(4, 0),
        ]
        .concat(),
    ));
    // The mdat box claims more bytes than the file has.
    b[24..28].copy_from_slice(&100_000u32.to_be_bytes());
    let e = layout::scan(&mut Cursor::new(&b)).unwrap_err().to_string();
    assert!(
        e.contains("offset 24: box 'mdat' of 100000 bytes runs past"),
        "{e}"
    );
    let dir = tempdir();
    let path = write(dir.path(), "broken.mp4", &b);
    let (found, _) = read_file(&path).unwrap();
    assert!(found.packet.is_some());
    assert!(
        found.warnings[0].starts_with("the MP4 box structure is damaged"),
        "{:?}",
        found.warnings
    );
    let e = write_file(&path, &req(&big_packet()))
        .unwrap_err()
        .to_string();
    assert!(e.contains("offset 24"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), b);
}

#[test]
fn random_corruption_of_a_movie_never_panics() {
    let b = movie(
        Shape {
            quicktime: true,
            moov_first: true,
            ..Shape::default()
        },
        Some(&raw_packet(3, 10)),
    );
    crate::util::fmt2_common::mutations(&b, 2000, |m| {
        let mut c = Cursor::new(m);
        if let Ok(l) = layout::scan(&mut c) {
            for t in l.moov.iter().flat_map(|m| m.chunk_offsets.iter()) {
                let _ = read_chunk_offsets(&mut c, t);
            }
        }
        let _ = xmpedit_formats::read_from(&mut Cursor::new(m), None);
    });
}

/// ffmpeg runs (fails under XMPEDIT_REQUIRE_PEERS=1 when it does not).
fn ffmpeg() -> bool {
    let ok = Command::new("ffmpeg")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        crate::util::skip::missing("skipping: ffmpeg not installed");
    }
    ok
}

/// A one-second 32x32 test video made by ffmpeg.
fn ffmpeg_video(dir: &Path, file: &str, extra: &[&str]) -> std::path::PathBuf {
    let path = dir.join(file);
    let st = Command::new("ffmpeg")
        .args([
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc=duration=1:size=32x32:rate=5",
        ])
        .args(["-c:v", "mpeg4"])
        .args(extra)
        .arg("-y")
        .arg(&path)
        .status()
        .unwrap();
    assert!(st.success());
    path
}

/// The decoded frames' checksums, as ffmpeg lists them.
fn frames(path: &Path) -> String {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(path)
        .args(["-f", "framemd5", "-"])
        .output()
        .unwrap();
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn ffmpeg_decodes_the_same_frames_and_peers_read_the_xmp_we_wrote_into_videos() {
    if !ffmpeg() || !has("exiftool") {
        crate::util::skip::missing("skipping: exiftool not installed");
        return;
    }
    let dir = tempdir();
    let cases: [(&str, &[&str], &str); 4] = [
        ("plain.mp4", &[], "XMP-xmp:Rating"),
        ("fast.mp4", &["-movflags", "+faststart"], "XMP-xmp:Rating"),
        ("plain.mov", &["-f", "mov"], "XMP-xmp:Rating"),
        (
            "fast.mov",
            &["-f", "mov", "-movflags", "+faststart"],
            "XMP-xmp:Rating",
        ),
    ];
    for (file, args, tag) in cases {
        let path = ffmpeg_video(dir.path(), file, args);
        let before = frames(&path);
        let orig_copy = dir.path().join(format!("orig-{file}"));
        std::fs::copy(&path, &orig_copy).unwrap();
        // Grown past what ffmpeg left, then shrunk back into the padding.
        for p in [big_packet(), changed_packet()] {
            write_file(&path, &req(&p)).unwrap();
            assert_eq!(frames(&path), before, "{file}");
            assert!(same_model(&read_model(&path), &p), "{file}");
        }
        let out = Command::new("exiftool")
            .args(["-j", "-G1", &format!("-{tag}"), "-XMP-dc:Title"])
            .arg(&path)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("\"XMP-xmp:Rating\": 5"), "{file}: {text}");
        assert!(
            text.contains("\"XMP-dc:Title\": \"Changed\""),
            "{file}: {text}"
        );
        let old = common::exiftool_warnings(&orig_copy).unwrap();
        for w in common::exiftool_warnings(&path).unwrap() {
            assert!(
                old.contains(&w),
                "{file}: new ExifTool warning {w:?} (before: {old:?})"
            );
        }
        if file.ends_with(".mov") {
            let l = layout_of(&std::fs::read(&path).unwrap());
            assert!(
                l.udta_packet().is_some(),
                "{file}: QuickTime keeps XMP in udta"
            );
        }
    }
}

#[test]
fn the_oracle_reads_the_xmp_we_wrote_into_an_mp4_and_a_mov() {
    if !ffmpeg() {
        return;
    }
    match common::python_with_exiv2() {
        Ok(()) => {}
        Err(why) => {
            crate::util::skip::missing(&format!("skipping the oracle: {why}"));
            return;
        }
    }
    let dir = tempdir();
    // The oracle finds the packet in the uuid box and the XMP_ box itself (its
    // "fallback:bmff-box"; libexiv2's video readers are bypassed).
    for (file, args) in [
        ("o.mp4", &[][..]),
        ("o.mov", &["-f", "mov", "-movflags", "+faststart"][..]),
    ] {
        let path = ffmpeg_video(dir.path(), file, args);
        write_file(&path, &req(&changed_packet())).unwrap();
        let listing = common::oracle_listing(&path).unwrap();
        assert!(listing.contains("Changed"), "{file}: {listing}");
        assert!(listing.contains("xmp:Rating"), "{file}: {listing}");
    }
}
