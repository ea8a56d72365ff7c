//! Truncated and corrupt inputs: cut at every structural boundary and at random
//! offsets, with wrong length fields and bad CRCs. Reading gives a clear error naming
//! the offset (never a panic); a write is refused and leaves the file untouched.

use crate::util::fmt_common;

use std::io::Cursor;

use fmt_common::*;
use xmpedit_core::xmp::WriteOptions;
use xmpedit_formats::detect::detect_format;
use xmpedit_formats::{gif, jpeg, png, read_file, read_from, write_file, Format, WriteRequest};

struct Case {
    name: &'static str,
    format: Format,
    bytes: Vec<u8>,
    /// Offsets where the structure has a boundary.
    cuts: Vec<usize>,
    /// A cut at or after this offset still leaves a readable file (JPEG: the image
    /// data is never read).
    readable_from: usize,
}

fn jpeg_case() -> Case {
    let b = jpeg::blank();
    let mut f = b[..20].to_vec();
    f.extend(jpeg::splice::app1(b"Exif\0\0", &[b"MM\0*\0\0\0\x08"]).unwrap());
    f.extend(jpeg::splice::xmp_segments(&raw_packet(1, 64), None).unwrap());
    f.extend_from_slice(&b[20..]);
    let l = jpeg::segments::scan(&mut Cursor::new(&f)).unwrap();
    let mut cuts: Vec<usize> = vec![0, 1, 2, 3];
    for s in &l.segments {
        let o = s.offset as usize;
        cuts.extend([o, o + 1, o + 2, o + 3, o + 4, s.end() as usize - 1]);
    }
    cuts.push(l.body_start as usize);
    Case {
        name: "jpeg",
        format: Format::Jpeg,
        readable_from: l.body_start as usize + 2,
        bytes: f,
        cuts,
    }
}

fn png_case() -> Case {
    let b = png::blank();
    let mut f = b[..33].to_vec();
    f.extend(png::xmp_chunk(&raw_packet(1, 64)).unwrap());
    f.extend_from_slice(&b[33..]);
    let l = png::scan(&mut Cursor::new(&f), true).unwrap();
    let mut cuts: Vec<usize> = (0..9).collect();
    for c in &l.chunks {
        let o = c.offset as usize;
        let e = c.end() as usize;
        cuts.extend([o, o + 4, o + 8, e - 4, e - 1]);
    }
    Case {
        name: "png",
        format: Format::Png,
        readable_from: f.len(),
        bytes: f,
        cuts,
    }
}

fn gif_case() -> Case {
    let b = gif::blank();
    let mut f = b[..19].to_vec();
    f.extend(gif::xmp_extension(&raw_packet(1, 64)).unwrap());
    f.extend_from_slice(&b[19..]);
    let l = gif::scan(&mut Cursor::new(&f)).unwrap();
    let mut cuts: Vec<usize> = vec![0, 3, 6, 12, 13, l.screen_end as usize];
    for bl in &l.blocks {
        cuts.extend([
            bl.offset as usize,
            bl.offset as usize + 1,
            bl.end() as usize - 1,
        ]);
    }
    Case {
        name: "gif",
        format: Format::Gif,
        readable_from: f.len(),
        bytes: f,
        cuts,
    }
}

fn check_read(case: &Case, bytes: &[u8], what: &str) {
    match read_from(&mut Cursor::new(bytes), None) {
        Ok(_) => {}
        Err(e) => {
            let msg = e.to_string();
            assert!(
                msg.contains("offset "),
                "{} {what}: error without an offset: {msg}",
                case.name
            );
        }
    }
}

#[test]
fn cuts_at_every_boundary_and_at_random_offsets() {
    for case in [jpeg_case(), png_case(), gif_case()] {
        let mut cuts = case.cuts.clone();
        cuts.extend(offsets(0x5EED, 60, case.bytes.len()));
        cuts.sort_unstable();
        cuts.dedup();
        for cut in cuts.into_iter().filter(|&c| c < case.bytes.len()) {
            let bytes = &case.bytes[..cut];
            let r = read_from(&mut Cursor::new(bytes), None);
            // Too short to be recognised: read as some other format, which is fine.
            let still_this_format = detect_format(bytes) == case.format;
            if cut < case.readable_from && still_this_format {
                let e = r.expect_err(&format!("{}: cut at {cut} was accepted", case.name));
                let msg = e.to_string();
                assert!(msg.contains("offset "), "{} cut {cut}: {msg}", case.name);
            }
            check_read(&case, bytes, &format!("cut at {cut}"));
        }
    }
}

#[test]
fn refused_writes_leave_truncated_files_untouched() {
    let dir = tempdir();
    let p = sample_packet();
    for case in [jpeg_case(), png_case(), gif_case()] {
        for cut in offsets(0xC0FFEE, 12, case.readable_from) {
            let name = format!("cut-{cut}.{}", case.name);
            let path = write(dir.path(), &name, &case.bytes[..cut]);
            let r = write_file(
                &path,
                &WriteRequest {
                    packet: &p,
                    options: WriteOptions::default(),
                    expect: None,
                    force_rewrite: false,
                    policy: Default::default(),
                    keep_original: None,
                },
            );
            assert!(
                r.is_err(),
                "{name}: a write into a truncated file succeeded"
            );
            assert_eq!(std::fs::read(&path).unwrap(), &case.bytes[..cut], "{name}");
            assert!(read_file(&path).is_err());
            std::fs::remove_file(&path).unwrap();
        }
    }
    assert!(entries(dir.path()).is_empty(), "{:?}", entries(dir.path()));
}

#[test]
fn wrong_lengths_are_reported_with_their_offset() {
    let j = jpeg_case();
    let l = jpeg::segments::scan(&mut Cursor::new(&j.bytes)).unwrap();
    let xmp = &l.segments[l.standard[0].segment];
    let at = xmp.offset as usize;
    for (len, want) in [
        (
            0xFFFFu16,
            format!("offset {at}: truncated: segment FF E1 declares 65535 bytes"),
        ),
        (
            1,
            format!("offset {at}: segment FF E1 has an invalid length 1"),
        ),
    ] {
        let mut b = j.bytes.clone();
        b[at + 2..at + 4].copy_from_slice(&len.to_be_bytes());
        let e = read_from(&mut Cursor::new(&b), None)
            .unwrap_err()
            .to_string();
        assert!(e.contains(&want), "{e} lacks {want}");
    }

    let p = png_case();
    for (len, want) in [
        (
            0xFFFF_FFF0u32,
            "offset 33: chunk iTXt has an invalid length 4294967280",
        ),
        (
            0x7000_0000,
            "offset 33: truncated: chunk iTXt declares 1879048192 bytes",
        ),
        (3, "offset 33: chunk iTXt has a bad CRC"),
    ] {
        let mut b = p.bytes.clone();
        b[33..37].copy_from_slice(&len.to_be_bytes());
        let e = read_from(&mut Cursor::new(&b), None)
            .unwrap_err()
            .to_string();
        assert!(e.contains(want), "{e} lacks {want}");
    }

    let g = gif_case();
    let mut b = g.bytes.clone();
    // The image's LZW data sub-block claims 200 bytes.
    let image = b.len() - 16;
    assert_eq!(b[image], 0x2C);
    b[image + 11] = 200;
    let e = read_from(&mut Cursor::new(&b), None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("truncated: a sub-block needs 200 bytes"), "{e}");
}

#[test]
fn garbage_never_panics() {
    let seeds = offsets(42, 200, usize::MAX);
    for (i, s) in seeds.iter().enumerate() {
        let base = match i % 3 {
            0 => jpeg_case().bytes,
            1 => png_case().bytes,
            _ => gif_case().bytes,
        };
        let mut b = base.clone();
        // Flip a few bytes anywhere.
        for k in 0..4 {
            let at = (s.wrapping_mul(k + 7)) % b.len();
            b[at] ^= (s >> (k * 8)) as u8 | 1;
        }
        let _ = read_from(&mut Cursor::new(&b), None);
    }
}
