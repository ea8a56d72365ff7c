//! WebP container: chunk walk, simple -> extended conversion, XMP chunk placement,
//! byte preservation of every other chunk, errors on broken files.

use std::io::Cursor;

use xmpedit_formats::webp::{self, riff};
use xmpedit_formats::FormatError;

const PACKET: &[u8] = b"<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" dc:format=\"image/webp\"/></rdf:RDF></x:xmpmeta>\n<?xpacket end=\"w\"?>";

fn walk(bytes: &[u8]) -> riff::Riff {
    riff::read_riff(&mut Cursor::new(bytes)).expect("riff")
}

fn write(bytes: &[u8], packet: &[u8]) -> Vec<u8> {
    let r = walk(bytes);
    let mut src = Cursor::new(bytes);
    let p = riff::plan(&mut src, &r, packet).expect("plan");
    let mut out = Vec::new();
    riff::stream(&mut src, &r, &p, &mut out).expect("stream");
    out
}

/// (fourcc, full stored bytes) of every chunk.
fn chunks(bytes: &[u8]) -> Vec<([u8; 4], Vec<u8>)> {
    walk(bytes)
        .chunks
        .iter()
        .map(|c| {
            let s = c.at as usize;
            (c.fourcc, bytes[s..s + c.stored_len() as usize].to_vec())
        })
        .collect()
}

fn payload(bytes: &[u8], fourcc: &[u8; 4]) -> Vec<u8> {
    let r = walk(bytes);
    let c = r.find(*fourcc).expect("chunk");
    bytes[c.payload_at() as usize..(c.payload_at() + u64::from(c.size)) as usize].to_vec()
}

fn chunk(fourcc: &[u8; 4], payload: &[u8]) -> Vec<u8> {
    let mut v = fourcc.to_vec();
    v.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    v.extend_from_slice(payload);
    if payload.len() % 2 == 1 {
        v.push(0);
    }
    v
}

fn riff_file(chunks: &[Vec<u8>]) -> Vec<u8> {
    let body: Vec<u8> = chunks.concat();
    let mut v = b"RIFF".to_vec();
    v.extend_from_slice(&(body.len() as u32 + 4).to_le_bytes());
    v.extend_from_slice(b"WEBP");
    v.extend_from_slice(&body);
    v
}

fn assert_riff_size(bytes: &[u8]) {
    let size = u32::from_le_bytes(bytes[4..8].try_into().unwrap()) as usize;
    assert_eq!(size + 8, bytes.len());
}

#[test]
fn blanks_are_simple_files_with_a_canvas() {
    for (b, alpha) in [
        (webp::blank_lossy(), false),
        (webp::blank_lossless(), false),
        (webp::blank_lossless_alpha(), true),
    ] {
        let r = walk(&b);
        assert_eq!(r.chunks.len(), 1);
        assert!(r.warnings.is_empty());
        let c = riff::canvas(&mut Cursor::new(&b), &r.chunks[0]).unwrap();
        assert_eq!(
            c,
            riff::Canvas {
                width: 1,
                height: 1,
                alpha
            }
        );
    }
}

#[test]
fn simple_files_become_extended_with_the_bitstream_untouched() {
    for (b, flags) in [
        (webp::blank_lossy(), 0x04u8),
        (webp::blank_lossless(), 0x04),
        (webp::blank_lossless_alpha(), 0x14),
    ] {
        let out = write(&b, PACKET);
        assert_riff_size(&out);
        let got = chunks(&out);
        let names: Vec<&[u8; 4]> = got.iter().map(|c| &c.0).collect();
        assert_eq!(names, vec![b"VP8X", &chunks(&b)[0].0, b"XMP "]);
        assert_eq!(
            got[0].1,
            [
                b"VP8X\x0a\0\0\0".as_slice(),
                &[flags, 0, 0, 0, 0, 0, 0, 0, 0, 0]
            ]
            .concat()
        );
        assert_eq!(
            got[1].1,
            chunks(&b)[0].1,
            "image chunk must be byte-identical"
        );
        assert_eq!(payload(&out, b"XMP "), PACKET);
    }
}

#[test]
fn odd_packets_get_a_pad_byte_and_replacing_keeps_other_chunks() {
    let odd = [PACKET, b" "].concat();
    assert_eq!(odd.len() % 2, 1, "test needs an odd packet");
    let once = write(&webp::blank_lossless(), &odd);
    assert_riff_size(&once);
    assert_eq!(payload(&once, b"XMP "), odd);
    let twice = write(&once, PACKET);
    assert_riff_size(&twice);
    let (a, b) = (chunks(&once), chunks(&twice));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        if &x.0 != b"XMP " {
            assert_eq!(x, y);
        }
    }
    assert_eq!(payload(&twice, b"XMP "), PACKET);
}

#[test]
fn new_xmp_goes_after_exif_and_before_unknown_chunks() {
    let simple = webp::blank_lossless();
    let image = chunks(&simple)[0].1.clone();
    let vp8x = chunk(b"VP8X", &[0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let exif = chunk(b"EXIF", b"II*\0\x08\0\0\0\0\0\0\0\0");
    let unknown = chunk(b"ABCD", b"odd");
    let file = riff_file(&[vp8x, image, exif, unknown.clone()]);
    let out = write(&file, PACKET);
    assert_riff_size(&out);
    let names: Vec<[u8; 4]> = chunks(&out).iter().map(|c| c.0).collect();
    assert_eq!(
        names,
        vec![*b"VP8X", *b"VP8L", *b"EXIF", *b"XMP ", *b"ABCD"]
    );
    assert_eq!(out[20], 0x0C, "EXIF flag kept, XMP flag set");
    assert_eq!(chunks(&out)[4].1, unknown);
    // Without EXIF: after the image data.
    let file = riff_file(&[chunks(&simple)[0].1.clone(), unknown]);
    let names: Vec<[u8; 4]> = chunks(&write(&file, PACKET)).iter().map(|c| c.0).collect();
    assert_eq!(names, vec![*b"VP8X", *b"VP8L", *b"XMP ", *b"ABCD"]);
}

#[test]
fn a_misnamed_xmp_chunk_is_replaced_not_duplicated() {
    let vp8x = chunk(b"VP8X", &[0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let image = chunks(&webp::blank_lossy())[0].1.clone();
    let file = riff_file(&[vp8x, image, chunk(b"XMP\0", b"<x/>")]);
    assert_eq!(walk(&file).xmp().unwrap().fourcc, *b"XMP\0");
    let out = write(&file, PACKET);
    let names: Vec<[u8; 4]> = chunks(&out).iter().map(|c| c.0).collect();
    assert_eq!(names, vec![*b"VP8X", *b"VP8 ", *b"XMP "]);
}

#[test]
fn same_length_packets_patch_in_place() {
    let once = write(&webp::blank_lossy(), PACKET);
    let r = walk(&once);
    let mut same = PACKET.to_vec();
    let i = same.windows(10).position(|w| w == b"image/webp").unwrap();
    same[i..i + 10].copy_from_slice(b"image/WEBP");
    let patches = riff::in_place(&mut Cursor::new(&once), &r, &same)
        .unwrap()
        .expect("fits");
    assert_eq!(patches.len(), 1);
    assert_eq!(patches[0].offset, r.find(riff::XMP).unwrap().payload_at());
    assert!(riff::in_place(&mut Cursor::new(&once), &r, &same[1..])
        .unwrap()
        .is_none());
    // No XMP chunk yet: nothing to patch.
    let b = webp::blank_lossy();
    assert!(riff::in_place(&mut Cursor::new(&b), &walk(&b), PACKET)
        .unwrap()
        .is_none());
}

fn err(bytes: &[u8]) -> String {
    match riff::read_riff(&mut Cursor::new(bytes)) {
        Ok(r) => panic!("expected an error, got {:?}", r.chunks),
        Err(e) => e.to_string(),
    }
}

#[test]
fn broken_files_give_clear_errors() {
    let good = write(&webp::blank_lossless(), PACKET);
    assert_eq!(
        err(&good[..good.len() - 10]),
        format!(
            "WebP structure error at offset 4: RIFF size {} runs past the end of the file ({} bytes): truncated",
            good.len() - 8,
            good.len() - 10
        )
    );
    let mut bad = good.clone();
    let x = walk(&good).find(riff::XMP).unwrap().at as usize;
    bad[x + 4..x + 8].copy_from_slice(&10_000u32.to_le_bytes());
    assert_eq!(
        err(&bad),
        format!(
            "WebP structure error at offset {x}: chunk 'XMP ' of 10000 bytes runs past the end of the RIFF data ({})",
            good.len()
        )
    );
    assert_eq!(
        err(b"RIFF"),
        "WebP structure error at offset 0: file too short for a RIFF header (4 bytes)"
    );
    // Zero-width VP8 frame: refuse to synthesize a VP8X (Exiv2 #9279).
    let mut zero = webp::blank_lossy();
    zero[26] = 0;
    zero[27] = 0;
    let r = walk(&zero);
    let e = riff::plan(&mut Cursor::new(&zero), &r, PACKET).unwrap_err();
    assert_eq!(
        e.to_string(),
        "WebP structure error at offset 26: VP8 frame size 0x1 is empty"
    );
}

#[test]
fn every_truncation_is_an_error_or_a_read_never_a_panic() {
    let good = write(&webp::blank_lossless_alpha(), PACKET);
    for cut in 0..good.len() {
        match riff::read_riff(&mut Cursor::new(&good[..cut])) {
            Ok(r) => assert_eq!(cut + 1, good.len(), "cut {cut} read: {:?}", r.chunks),
            Err(FormatError::Corrupt { message, .. }) => assert!(!message.is_empty()),
            Err(e) => panic!("cut {cut}: {e}"),
        }
    }
}

use crate::util::fmt2_common;

use xmpedit_formats::read_file;

#[test]
fn write_file_cycles_through_new_chunk_in_place_and_rewrite() {
    for (name, bytes) in [
        ("lossy.webp", webp::blank_lossy()),
        ("lossless.webp", webp::blank_lossless()),
        ("alpha.webp", webp::blank_lossless_alpha()),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = fmt2_common::put(dir.path(), name, &bytes);
        fmt2_common::cycle(&path, true);
        let out = std::fs::read(&path).unwrap();
        assert_riff_size(&out);
        assert_eq!(
            chunks(&out)[1].1,
            chunks(&bytes)[0].1,
            "{name}: bitstream changed"
        );
        let (found, _) = read_file(&path).unwrap();
        assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    }
}

#[test]
fn random_corruption_never_panics() {
    use xmpedit_formats::Container;
    let good = write(&webp::blank_lossless_alpha(), PACKET);
    fmt2_common::mutations(&good, 3000, |b| {
        if let Ok(r) = riff::read_riff(&mut Cursor::new(b)) {
            let mut src = Cursor::new(b);
            if let Ok(p) = riff::plan(&mut src, &r, PACKET) {
                let mut out = Vec::new();
                if riff::stream(&mut src, &r, &p, &mut out).is_ok() {
                    assert_eq!(payload(&out, b"XMP "), PACKET);
                }
            }
        }
        let _ = webp::WebP.read(&mut Cursor::new(b));
        let _ = webp::WebP.preserved(&mut Cursor::new(b));
    });
}
