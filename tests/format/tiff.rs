//! TIFF container: structure walking, in-place and append writes at byte level, error
//! reporting on broken files, and (once the XMP reader/writer exist) full round trips.

use std::io::Cursor;
use std::path::Path;

use xmpedit_formats::tiff::{self, ifd, plan, Order};
use xmpedit_formats::{Format, FormatError};

const PACKET: &[u8] = b"<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" dc:format=\"image/tiff\"/></rdf:RDF></x:xmpmeta>\n<?xpacket end=\"w\"?>";

fn layout(bytes: &[u8]) -> ifd::Layout {
    ifd::read_layout(&mut Cursor::new(bytes)).expect("layout")
}

fn apply(bytes: &[u8], p: &plan::Plan) -> Vec<u8> {
    let mut out = Vec::new();
    plan::stream(&mut Cursor::new(bytes), p, &mut out).expect("stream");
    out
}

fn packet_of(bytes: &[u8]) -> Vec<u8> {
    let l = layout(bytes);
    let x = l.xmp.expect("xmp entry");
    bytes[x.offset as usize..(x.offset + x.len) as usize].to_vec()
}

fn padded(n: usize) -> Vec<u8> {
    let mut p = PACKET.to_vec();
    let at = p.len() - b"<?xpacket end=\"w\"?>".len();
    let pad = vec![b' '; n];
    p.splice(at..at, pad);
    p
}

/// A minimal BigTIFF: header + IFD0 with two entries (width, height).
fn blank_big() -> Vec<u8> {
    let mut v = b"II+\0\x08\0\0\0".to_vec();
    v.extend_from_slice(&16u64.to_le_bytes());
    v.extend_from_slice(&2u64.to_le_bytes());
    for tag in [256u16, 257] {
        v.extend_from_slice(&tag.to_le_bytes());
        v.extend_from_slice(&3u16.to_le_bytes());
        v.extend_from_slice(&1u64.to_le_bytes());
        v.extend_from_slice(&1u64.to_le_bytes());
    }
    v.extend_from_slice(&0u64.to_le_bytes());
    v
}

#[test]
fn blank_files_have_no_xmp_and_a_sorted_ifd0() {
    for (order, bytes) in [
        (Order::Little, tiff::blank_le()),
        (Order::Big, tiff::blank_be()),
    ] {
        let l = layout(&bytes);
        assert_eq!(l.header.order, order);
        assert_eq!(l.ifd0.entries.len(), 12);
        assert!(l.xmp.is_none());
        assert!(l.warnings.is_empty(), "{:?}", l.warnings);
        assert_eq!(tiff::classify(&bytes, None), Format::Tiff);
    }
}

#[test]
fn append_adds_an_entry_in_a_new_ifd0_and_keeps_every_old_byte() {
    for bytes in [tiff::blank_le(), tiff::blank_be()] {
        let l = layout(&bytes);
        let p = plan::append(&l, PACKET).expect("plan");
        let out = apply(&bytes, &p);
        // Old bytes: all identical except the IFD0 pointer in the header.
        assert_eq!(out[..4], bytes[..4]);
        assert_eq!(out[8..bytes.len()], bytes[8..]);
        let n = layout(&out);
        assert_ne!(n.ifd0.offset, l.ifd0.offset);
        assert_eq!(n.ifd0.offset % 2, 0);
        assert_eq!(n.ifd0.entries.len(), 13);
        // Every old entry is copied verbatim, in order, with 700 inserted sorted.
        let tags: Vec<u16> = n.ifd0.entries.iter().map(|e| e.tag).collect();
        assert!(tags.windows(2).all(|w| w[0] < w[1]), "{tags:?}");
        let old: Vec<&Vec<u8>> = l.ifd0.entries.iter().map(|e| &e.raw).collect();
        let kept: Vec<&Vec<u8>> = n
            .ifd0
            .entries
            .iter()
            .filter(|e| e.tag != 700)
            .map(|e| &e.raw)
            .collect();
        assert_eq!(old, kept);
        assert_eq!(n.ifd0.next, l.ifd0.next);
        let x = n.xmp.clone().expect("xmp");
        assert_eq!(x.typ, 1);
        assert_eq!(x.offset % 4, 0);
        assert_eq!(packet_of(&out), PACKET);
        assert!(n.warnings.is_empty(), "{:?}", n.warnings);
    }
}

#[test]
fn a_second_append_reuses_our_trailing_packet_space() {
    let bytes = tiff::blank_le();
    let once = apply(&bytes, &plan::append(&layout(&bytes), PACKET).unwrap());
    let bigger = padded(500);
    let l1 = layout(&once);
    let twice = apply(&once, &plan::append(&l1, &bigger).unwrap());
    let x1 = l1.xmp.clone().unwrap();
    assert_eq!(twice.len() as u64, x1.offset + bigger.len() as u64);
    // Before the packet, only the XMP entry's count changed.
    let at = l1.ifd0.entries.iter().find(|e| e.tag == 700).unwrap().at as usize;
    let mut expect = once[..x1.offset as usize].to_vec();
    expect[at + 4..at + 8].copy_from_slice(&(bigger.len() as u32).to_le_bytes());
    assert_eq!(twice[..x1.offset as usize], expect[..]);
    assert_eq!(packet_of(&twice), bigger);
}

#[test]
fn an_existing_packet_not_at_the_end_is_abandoned_and_the_entry_repointed() {
    let bytes = tiff::blank_be();
    let mut once = apply(&bytes, &plan::append(&layout(&bytes), PACKET).unwrap());
    // Something after the packet (another tool's appended data) must stay put.
    once.extend_from_slice(b"TRAILING DATA");
    let l1 = layout(&once);
    let bigger = padded(300);
    let out = apply(&once, &plan::append(&l1, &bigger).unwrap());
    let n = layout(&out);
    let x = n.xmp.unwrap();
    assert!(x.offset >= once.len() as u64);
    assert_eq!(packet_of(&out), bigger);
    // Everything but the XMP entry's 8 count/offset bytes is unchanged.
    let at = l1.ifd0.entries.iter().find(|e| e.tag == 700).unwrap().at as usize;
    assert_eq!(out[..at + 4], once[..at + 4]);
    assert_eq!(out[at + 12..once.len()], once[at + 12..]);
}

#[test]
fn same_length_packets_are_patched_in_place() {
    let bytes = tiff::blank_le();
    let once = apply(
        &bytes,
        &plan::append(&layout(&bytes), &padded(100)).unwrap(),
    );
    let l = layout(&once);
    let mut changed = padded(100);
    let i = changed
        .windows(10)
        .position(|w| w == b"image/tiff")
        .unwrap();
    changed[i..i + 10].copy_from_slice(b"image/TIFF");
    let patch = plan::in_place(&l, &changed).expect("fits");
    assert_eq!(patch.offset, l.xmp.as_ref().unwrap().offset);
    assert!(plan::in_place(&l, &padded(101)).is_none());
    assert!(plan::in_place(&l, &padded(99)).is_none());
}

#[test]
fn bigtiff_is_read_and_appended() {
    let bytes = blank_big();
    let l = layout(&bytes);
    assert!(l.header.big);
    assert_eq!(l.ifd0.entries.len(), 2);
    let out = apply(&bytes, &plan::append(&l, PACKET).unwrap());
    assert_eq!(out[16..bytes.len()], bytes[16..]);
    assert_eq!(packet_of(&out), PACKET);
    let out2 = apply(&out, &plan::append(&layout(&out), &padded(64)).unwrap());
    assert_eq!(packet_of(&out2), padded(64));
}

fn err_of(bytes: &[u8]) -> String {
    match ifd::read_layout(&mut Cursor::new(bytes)) {
        Ok(l) => panic!("expected an error, got {:?}", l.xmp),
        Err(e) => e.to_string(),
    }
}

#[test]
fn broken_files_give_clear_errors_with_offsets() {
    let bytes = tiff::blank_le();
    let once = apply(&bytes, &plan::append(&layout(&bytes), PACKET).unwrap());
    assert_eq!(
        err_of(b"II*"),
        "TIFF structure error at offset 0: file too short for a TIFF header (3 bytes)"
    );
    let mut far = once.clone();
    far[4..8].copy_from_slice(&100_000u32.to_le_bytes());
    assert_eq!(
        err_of(&far),
        format!(
            "TIFF structure error at offset 100000: IFD0 entry count: 2 bytes at offset 100000 run past the end of the file ({} bytes)",
            once.len()
        )
    );
    let mut zero = once.clone();
    zero[4..8].copy_from_slice(&0u32.to_le_bytes());
    assert_eq!(
        err_of(&zero),
        "TIFF structure error at offset 4: IFD0 offset 0 points into the header"
    );
    // XMP count larger than the file.
    let l = layout(&once);
    let e = l.ifd0.entries.iter().find(|e| e.tag == 700).unwrap();
    let mut big = once.clone();
    big[e.at as usize + 4..e.at as usize + 8].copy_from_slice(&0x7fff_ffffu32.to_le_bytes());
    let msg = err_of(&big);
    assert!(
        msg.starts_with(&format!(
            "TIFF structure error at offset {}: XMP tag (700): 2147483647 bytes at offset",
            e.at
        )),
        "{msg}"
    );
}

#[test]
fn every_truncation_is_an_error_or_a_read_never_a_panic() {
    let bytes = tiff::blank_le();
    let once = apply(&bytes, &plan::append(&layout(&bytes), PACKET).unwrap());
    for cut in 0..once.len() {
        let r = ifd::read_layout(&mut Cursor::new(&once[..cut]));
        match r {
            Ok(l) => panic!("cut at {cut} read fine: {:?}", l.xmp),
            Err(FormatError::Corrupt {
                offset, message, ..
            }) => {
                assert!(offset <= once.len() as u64, "{offset} {message}");
                assert!(!message.is_empty());
            }
            Err(e) => panic!("cut at {cut}: unexpected {e}"),
        }
    }
}

#[test]
fn ifd_loops_are_reported_not_followed_forever() {
    let mut bytes = tiff::blank_le();
    let l = layout(&bytes);
    let next_at = (l.ifd0.offset + 2 + 12 * 12) as usize;
    bytes[next_at..next_at + 4].copy_from_slice(&8u32.to_le_bytes());
    let l = layout(&bytes);
    assert_eq!(
        l.warnings,
        vec!["IFD chain loops: IFD at offset 8 points back to offset 8".to_string()]
    );
    // A bad next pointer is only a warning: the XMP of IFD0 is still readable.
    bytes[next_at..next_at + 4].copy_from_slice(&9_999_999u32.to_le_bytes());
    let l = layout(&bytes);
    assert_eq!(l.warnings.len(), 1);
    assert!(l.warnings[0].contains("offset 9999999"), "{:?}", l.warnings);
}

#[test]
fn classify_tells_tiff_dng_and_raw_apart() {
    let t = tiff::blank_le();
    assert_eq!(tiff::classify(&t, Some(Path::new("a.tif"))), Format::Tiff);
    assert_eq!(tiff::classify(&t, Some(Path::new("a.NEF"))), Format::Raw);
    assert_eq!(tiff::classify(&t, Some(Path::new("a.cr2"))), Format::Raw);
    let mut orf = t.clone();
    orf[2..4].copy_from_slice(b"RO");
    assert_eq!(tiff::classify(&orf, None), Format::Raw);
    let mut rw2 = t.clone();
    rw2[2..4].copy_from_slice(b"U\0");
    assert_eq!(tiff::classify(&rw2, None), Format::Raw);
    assert_eq!(tiff::classify(b"\x89PNG\r\n\x1a\n", None), Format::Other);
    // DNGVersion (50706) in IFD0: rename ResolutionUnit (the last entry) to it.
    let mut dng = t.clone();
    let last = (8 + 2 + 11 * 12) as usize;
    dng[last..last + 2].copy_from_slice(&50706u16.to_le_bytes());
    assert_eq!(tiff::classify(&dng, None), Format::Dng);
    // The extension only ever makes a file more read-only.
    assert_eq!(tiff::classify(&dng, Some(Path::new("x.arw"))), Format::Raw);
    assert_eq!(tiff::classify(&orf, Some(Path::new("x.tif"))), Format::Raw);
}

use crate::util::fmt2_common;

use xmpedit_core::xmp::WriteOptions;
use xmpedit_formats::{read_file, write_file, Container, WriteRequest};

#[test]
fn write_file_cycles_through_append_in_place_and_rewrite() {
    for (name, bytes) in [("le.tif", tiff::blank_le()), ("be.tiff", tiff::blank_be())] {
        let dir = tempfile::tempdir().unwrap();
        let path = fmt2_common::put(dir.path(), name, &bytes);
        fmt2_common::cycle(&path, true);
        // The image data and every original IFD0 entry survived all four writes.
        let out = std::fs::read(&path).unwrap();
        let (l0, l1) = (layout(&bytes), layout(&out));
        assert_eq!(out[bytes.len() - 1], bytes[bytes.len() - 1]);
        for e in &l0.ifd0.entries {
            assert!(
                l1.ifd0.entries.iter().any(|n| n.raw == e.raw),
                "tag {} changed",
                e.tag
            );
        }
        let (found, _) = read_file(&path).unwrap();
        assert_eq!(found.format, Format::Tiff);
        assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    }
}

#[test]
fn repeated_growing_writes_do_not_pile_up_abandoned_packets() {
    let dir = tempfile::tempdir().unwrap();
    let path = fmt2_common::put(dir.path(), "a.tif", &tiff::blank_le());
    fmt2_common::write(&path, &fmt2_common::sample("1", "a"), false);
    let (f1, _) = read_file(&path).unwrap();
    let r1 = f1.region.unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().len(), r1.offset + r1.len);
    // A bigger packet goes where our first one was: it was the last thing in the file.
    fmt2_common::write(&path, &fmt2_common::big(), false);
    let (f2, _) = read_file(&path).unwrap();
    let r2 = f2.region.unwrap();
    assert_eq!(r2.offset, r1.offset);
    assert_eq!(std::fs::metadata(&path).unwrap().len(), r2.offset + r2.len);
}

#[test]
fn raw_files_are_read_but_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = tiff::blank_le();
    let path = fmt2_common::put(dir.path(), "a.tif", &bytes);
    fmt2_common::write(&path, &fmt2_common::sample("1", "x"), false);
    let with_xmp = std::fs::read(&path).unwrap();
    let mut orf = with_xmp.clone();
    orf[2..4].copy_from_slice(b"RO");
    for (name, b) in [("a.nef", &with_xmp), ("b.orf", &orf), ("c.tif", &orf)] {
        let p = fmt2_common::put(dir.path(), name, b);
        let (found, _) = read_file(&p).unwrap();
        assert_eq!(found.format, Format::Raw, "{name}");
        assert!(found.packet.is_some());
        let e = write_file(
            &p,
            &WriteRequest {
                packet: &fmt2_common::sample("2", "y"),
                options: WriteOptions::default(),
                expect: None,
                force_rewrite: false,
                policy: Default::default(),
                keep_original: None,
            },
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("writing XMP into raw files is not supported"),
            "{e}"
        );
        assert_eq!(&std::fs::read(&p).unwrap(), b);
        // The container refuses too, whatever the caller does.
        let mut src = Cursor::new(b.clone());
        let mut out = Vec::new();
        assert!(tiff::Tiff
            .rewrite(
                &mut src,
                &found,
                &fmt2_common::sample("2", "y"),
                &WriteOptions::default(),
                &mut out
            )
            .is_err());
    }
}

#[test]
fn dng_is_written_like_tiff() {
    let mut dng = tiff::blank_le();
    let last = 8 + 2 + 11 * 12;
    dng[last..last + 2].copy_from_slice(&50706u16.to_le_bytes());
    let dir = tempfile::tempdir().unwrap();
    let path = fmt2_common::put(dir.path(), "a.dng", &dng);
    fmt2_common::write(&path, &fmt2_common::sample("4", "dng"), false);
    let found = fmt2_common::read_back(&path, &fmt2_common::sample("4", "dng"));
    assert_eq!(found.format, Format::Dng);
}

#[test]
fn random_corruption_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let path = fmt2_common::put(dir.path(), "a.tif", &tiff::blank_be());
    fmt2_common::write(&path, &fmt2_common::sample("1", "m"), false);
    let good = std::fs::read(&path).unwrap();
    fmt2_common::mutations(&good, 3000, |b| {
        if let Ok(l) = ifd::read_layout(&mut Cursor::new(b)) {
            if let Ok(p) = plan::append(&l, PACKET) {
                let mut out = Vec::new();
                if plan::stream(&mut Cursor::new(b), &p, &mut out).is_ok() {
                    assert_eq!(packet_of(&out), PACKET);
                }
            }
        }
        let _ = tiff::Tiff.read(&mut Cursor::new(b));
        let _ = tiff::Tiff.preserved(&mut Cursor::new(b));
    });
}

#[test]
fn bigtiff_goes_through_write_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = fmt2_common::put(dir.path(), "big.tif", &blank_big());
    fmt2_common::cycle(&path, true);
    let out = std::fs::read(&path).unwrap();
    assert_eq!(out[16..blank_big().len()], blank_big()[16..]);
}

#[test]
fn camera_tiffs_with_make_and_subifds_are_raw_by_content() {
    // Rename BitsPerSample (258) to Make (271) and Compression (259) to SubIFDs (330):
    // a NEF/ARW-like IFD0.
    let mut b = tiff::blank_le();
    let l = layout(&b);
    let at = |tag: u16| l.ifd0.entries.iter().find(|e| e.tag == tag).unwrap().at as usize;
    let (a258, a259) = (at(258), at(259));
    b[a258..a258 + 2].copy_from_slice(&271u16.to_le_bytes());
    b[a259..a259 + 2].copy_from_slice(&330u16.to_le_bytes());
    let names: Vec<u16> = layout(&b).ifd0.entries.iter().map(|e| e.tag).collect();
    assert_eq!(names[..4], [256, 257, 271, 330]);
    assert_eq!(tiff::classify(&b, Some(Path::new("x.tif"))), Format::Raw);
    let found = tiff::Tiff.read(&mut Cursor::new(&b)).unwrap();
    assert_eq!(found.format, Format::Raw);
}
