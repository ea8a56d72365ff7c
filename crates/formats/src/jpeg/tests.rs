//! Unit tests of the JPEG byte level (walk and splice).

use super::*;
use crate::jpeg::splice::{blank, splice, xmp_segments};
use std::io::Cursor;

fn seg(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut v = vec![0xFF, marker];
    v.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    v.extend_from_slice(payload);
    v
}

fn jpeg_with(segments: &[Vec<u8>]) -> Vec<u8> {
    let b = blank();
    // blank = SOI + APP0(18) + rest
    let mut v = b[..20].to_vec();
    for s in segments {
        v.extend_from_slice(s);
    }
    v.extend_from_slice(&b[20..]);
    v
}

#[test]
fn blank_walks_to_sos() {
    let b = blank();
    let l = scan(&mut Cursor::new(&b)).unwrap();
    assert_eq!(l.segments.len(), 5);
    assert_eq!(l.segments[0].kind, Kind::App0);
    assert!(l.standard.is_empty());
    assert_eq!(&b[l.body_start as usize..][..2], &[0xFF, 0xDA]);
}

#[test]
fn finds_standard_and_extended_packets() {
    let mut std_payload = XMP_SIG.to_vec();
    std_payload.extend_from_slice(b"<x:xmpmeta/>");
    let ext = xmp_segments(
        b"P",
        Some((b"0123456789", "ABCDEF0123456789ABCDEF0123456789")),
    )
    .unwrap();
    let f = jpeg_with(&[
        seg(0xE1, b"Exif\0\0MM"),
        seg(0xE1, &std_payload),
        ext.clone(),
    ]);
    let l = scan(&mut Cursor::new(&f)).unwrap();
    assert_eq!(l.standard.len(), 2);
    assert_eq!(l.standard[0].bytes, b"<x:xmpmeta/>");
    let off = l.standard[0].offset as usize;
    assert_eq!(&f[off..off + 12], b"<x:xmpmeta/>");
    assert_eq!(l.standard[1].bytes, b"P");
    assert_eq!(l.extended.len(), 1);
    assert_eq!(l.extended[0].data, b"0123456789");
    assert_eq!(l.extended[0].full_len, 10);
    assert_eq!(&l.extended[0].guid, b"ABCDEF0123456789ABCDEF0123456789");
    assert_eq!(l.segments[1].kind, Kind::Exif);
}

#[test]
fn splits_extended_into_chunks_with_offsets() {
    let ext: Vec<u8> = (0..150_000u32).map(|i| b'a' + (i % 26) as u8).collect();
    let guid = "0123456789ABCDEF0123456789ABCDEF";
    let segs = xmp_segments(b"std", Some((&ext, guid))).unwrap();
    let f = jpeg_with(&[segs]);
    let l = scan(&mut Cursor::new(&f)).unwrap();
    assert_eq!(l.extended.len(), 3);
    let offs: Vec<u32> = l.extended.iter().map(|c| c.chunk_offset).collect();
    assert_eq!(offs, vec![0, MAX_CHUNK as u32, 2 * MAX_CHUNK as u32]);
    let joined: Vec<u8> = l.extended.iter().flat_map(|c| c.data.clone()).collect();
    assert_eq!(joined, ext);
}

#[test]
fn splice_inserts_after_app0_and_exif_before_mpf() {
    let exif = seg(0xE1, b"Exif\0\0II*\0");
    let mpf = seg(0xE2, b"MPF\0II*\0");
    let f = jpeg_with(&[exif.clone(), mpf.clone()]);
    let l = scan(&mut Cursor::new(&f)).unwrap();
    let new = xmp_segments(b"<new/>", None).unwrap();
    let mut out = Vec::new();
    splice(&mut Cursor::new(&f), &l, &[], &new, &mut out).unwrap();
    let at = 20 + exif.len();
    assert_eq!(&out[..at], &f[..at]);
    assert_eq!(&out[at..at + new.len()], &new[..]);
    assert_eq!(&out[at + new.len()..], &f[at..]);
}

#[test]
fn splice_replaces_in_position_and_drops_extension_segments() {
    let mut std_payload = XMP_SIG.to_vec();
    std_payload.extend_from_slice(b"<old/>");
    let old_std = seg(0xE1, &std_payload);
    let old_ext = xmp_segments(b"x", Some((b"ext", "ABCDEF0123456789ABCDEF0123456789"))).unwrap()
        [4 + XMP_SIG.len() + 1..]
        .to_vec();
    let com = seg(0xFE, b"comment");
    let f = jpeg_with(&[com.clone(), old_std.clone(), old_ext.clone(), com.clone()]);
    let mut tail = f.clone();
    tail.extend_from_slice(b"TRAILER after EOI");
    let l = scan(&mut Cursor::new(&tail)).unwrap();
    assert_eq!(l.extended.len(), 1);
    let new = xmp_segments(b"<new packet/>", None).unwrap();
    let owned = [l.extended[0].segment];
    let mut out = Vec::new();
    splice(&mut Cursor::new(&tail), &l, &owned, &new, &mut out).unwrap();
    let mut expect = jpeg_with(&[com.clone(), new.clone(), com.clone()]);
    expect.extend_from_slice(b"TRAILER after EOI");
    assert_eq!(out, expect);
    let again = scan(&mut Cursor::new(&out)).unwrap();
    assert_eq!(again.standard[0].bytes, b"<new packet/>");
    assert!(again.extended.is_empty());

    // Extension segments nobody owns are copied, in their place.
    let mut out = Vec::new();
    splice(&mut Cursor::new(&tail), &l, &[], &new, &mut out).unwrap();
    let mut expect = jpeg_with(&[com.clone(), new, old_ext, com]);
    expect.extend_from_slice(b"TRAILER after EOI");
    assert_eq!(out, expect);
}

#[test]
fn size_change_behind_mpf_is_refused() {
    let mut std_payload = XMP_SIG.to_vec();
    std_payload.extend_from_slice(b"<old/>");
    let f = jpeg_with(&[seg(0xE2, b"MPF\0"), seg(0xE1, &std_payload)]);
    let l = scan(&mut Cursor::new(&f)).unwrap();
    let new = xmp_segments(b"<longer/>", None).unwrap();
    let e = splice(&mut Cursor::new(&f), &l, &[], &new, &mut Vec::new()).unwrap_err();
    assert!(e.to_string().contains("MPF"), "{e}");
}

#[test]
fn fill_bytes_are_kept() {
    let mut f = blank();
    f.splice(20..20, [0xFF, 0xFF]);
    let l = scan(&mut Cursor::new(&f)).unwrap();
    assert_eq!(l.segments[1].offset, 22);
    let mut out = Vec::new();
    let new = xmp_segments(b"p", None).unwrap();
    splice(&mut Cursor::new(&f), &l, &[], &new, &mut out).unwrap();
    assert_eq!(out, [&f[..20], &new[..], &f[20..]].concat());
}

#[test]
fn errors_name_the_offset() {
    let b = blank();
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"\xFF\xD9".to_vec(), "offset 0: not a JPEG file"),
        (
            b[..20].to_vec(),
            "offset 20: truncated: the file ends before the image data",
        ),
        (
            b[..25].to_vec(),
            "offset 20: truncated: segment FF DB declares 67 bytes",
        ),
        (
            [&b[..20], &[0xFF, 0xE1, 0x00, 0x01][..], &b[20..]].concat(),
            "offset 20: segment FF E1 has an invalid length 1",
        ),
        (
            [&b[..20], &[0x00, 0x12, 0x34][..]].concat(),
            "offset 20: expected a marker (FF), found 00",
        ),
    ];
    for (bytes, want) in cases {
        let e = scan(&mut Cursor::new(&bytes)).unwrap_err().to_string();
        assert!(e.contains(want), "{e:?} lacks {want:?}");
    }
}

#[test]
fn junk_between_segments_is_skipped_with_a_warning() {
    let b = blank();
    let f = [&b[..20], &b"?>\xFF\x00"[..], &b[20..]].concat();
    let l = scan(&mut Cursor::new(&f)).unwrap();
    assert_eq!(
        l.warnings,
        ["skipped 4 unknown bytes at offset 20 before the next JPEG marker"]
    );
    assert_eq!(l.segments[1].offset, 24);
    let mut out = Vec::new();
    splice(
        &mut Cursor::new(&f),
        &l,
        &[],
        &xmp_segments(b"p", None).unwrap(),
        &mut out,
    )
    .unwrap();
    assert!(out.windows(4).any(|w| w == b"?>\xFF\x00"));
}

#[test]
fn refuses_oversized_standard_packet() {
    let e = xmp_segments(&vec![b' '; MAX_STD_READ + 1], None).unwrap_err();
    assert!(e.to_string().contains("at most 65504"), "{e}");
    assert!(xmp_segments(&vec![b' '; MAX_STD_READ], None).is_ok());
}
