//! PSD and PSB: XMP in image resource 0x0424, in files the tests make by hand (header,
//! resources with names and odd sizes, a layer and mask section with one layer, raw
//! image data). Every other resource, the layer section and the image data stay
//! byte-identical; our reader, ExifTool (with no new `-validate` warning) and the XMP
//! Toolkit oracle read the new values.

use crate::util::{common, fmt_common};

use std::io::Cursor;
use std::process::Command;

use fmt_common::*;
use xmpedit_core::xmp::{ns, ArrayKind, Node, Packet};
use xmpedit_formats::packet::same_model;
use xmpedit_formats::psd::{self, Layout};
use xmpedit_formats::{read_file, write_file, Container, Format};

fn resource(sig: &[u8; 4], id: u16, name: &str, data: &[u8]) -> Vec<u8> {
    let mut v = sig.to_vec();
    v.extend_from_slice(&id.to_be_bytes());
    v.push(name.len() as u8);
    v.extend_from_slice(name.as_bytes());
    if name.len().is_multiple_of(2) {
        v.push(0);
    }
    v.extend_from_slice(&(data.len() as u32).to_be_bytes());
    v.extend_from_slice(data);
    if data.len() % 2 == 1 {
        v.push(0);
    }
    v
}

/// A 2x2 8-bit grayscale PSD (PSB with `psb`) with a resolution resource, a named
/// resource of odd size before `xmp` (when given) and a thumbnail-like resource
/// after it, one layer "bg", and raw image data.
fn psd_file(psb: bool, xmp: Option<&[u8]>) -> Vec<u8> {
    let mut v = b"8BPS".to_vec();
    v.extend_from_slice(&(if psb { 2u16 } else { 1 }).to_be_bytes());
    v.extend_from_slice(&[0; 6]);
    v.extend_from_slice(&1u16.to_be_bytes()); // channels
    v.extend_from_slice(&2u32.to_be_bytes());
    v.extend_from_slice(&2u32.to_be_bytes());
    v.extend_from_slice(&8u16.to_be_bytes());
    v.extend_from_slice(&1u16.to_be_bytes()); // grayscale
    v.extend_from_slice(&0u32.to_be_bytes()); // no color mode data
    let mut res = resource(
        b"8BIM",
        0x03ED,
        "",
        &[0, 0x48, 0, 0, 0, 1, 0, 1, 0, 0x48, 0, 0, 0, 1, 0, 1],
    );
    res.extend(resource(b"8BIM", 0x0FA0, "plug-in", b"odd"));
    if let Some(x) = xmp {
        res.extend(resource(b"8BIM", 0x0424, "", x));
    }
    res.extend(resource(b"MeSa", 0x0BB7, "z", &[7; 10]));
    v.extend_from_slice(&(res.len() as u32).to_be_bytes());
    v.extend(res);
    // Layer info: one 2x2 layer, one channel of raw data.
    let mut layer = Vec::new();
    layer.extend_from_slice(&1i16.to_be_bytes());
    for c in [0i32, 0, 2, 2] {
        layer.extend_from_slice(&c.to_be_bytes());
    }
    layer.extend_from_slice(&1u16.to_be_bytes());
    layer.extend_from_slice(&0i16.to_be_bytes());
    if psb {
        layer.extend_from_slice(&6u64.to_be_bytes());
    } else {
        layer.extend_from_slice(&6u32.to_be_bytes());
    }
    layer.extend_from_slice(b"8BIMnorm");
    layer.extend_from_slice(&[255, 0, 0, 0]);
    layer.extend_from_slice(&12u32.to_be_bytes());
    layer.extend_from_slice(&0u32.to_be_bytes());
    layer.extend_from_slice(&0u32.to_be_bytes());
    layer.extend_from_slice(&[2, b'b', b'g', 0]);
    layer.extend_from_slice(&0u16.to_be_bytes());
    layer.extend_from_slice(&[10, 20, 30, 40]);
    if layer.len() % 2 == 1 {
        layer.push(0);
    }
    let mut section = Vec::new();
    if psb {
        section.extend_from_slice(&(layer.len() as u64).to_be_bytes());
    } else {
        section.extend_from_slice(&(layer.len() as u32).to_be_bytes());
    }
    section.extend(layer);
    section.extend_from_slice(&0u32.to_be_bytes()); // global layer mask
    if psb {
        v.extend_from_slice(&(section.len() as u64).to_be_bytes());
    } else {
        v.extend_from_slice(&(section.len() as u32).to_be_bytes());
    }
    v.extend(section);
    v.extend_from_slice(&0u16.to_be_bytes());
    v.extend_from_slice(&[10, 20, 30, 40]);
    v
}

fn layout(b: &[u8]) -> Layout {
    psd::scan(&mut Cursor::new(b)).unwrap()
}

/// Every part but the XMP resource, as bytes, in file order.
fn parts(b: &[u8]) -> Vec<(String, Vec<u8>)> {
    let l = layout(b);
    let mut out = vec![("head".to_string(), b[..l.resources_at as usize].to_vec())];
    for (i, r) in l.resources.iter().enumerate() {
        if Some(i) != l.xmp {
            out.push((
                format!("0x{:04X}", r.id),
                b[r.offset as usize..r.end() as usize].to_vec(),
            ));
        }
    }
    out.push((
        "layers and image".to_string(),
        b[l.layers.0 as usize..].to_vec(),
    ));
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

#[test]
fn psd_and_psb_get_an_xmp_resource_and_keep_every_other_byte() {
    for psb in [false, true] {
        let dir = tempdir();
        let original = psd_file(psb, None);
        let file = if psb { "a.psb" } else { "a.psd" };
        let path = write(dir.path(), file, &original);
        let (found, _) = read_file(&path).unwrap();
        assert_eq!(found.format, Format::Psd);
        assert!(found.packet.is_none());
        // New: appended as the section's last resource.
        let out = write_file(&path, &req(&sample_packet())).unwrap();
        assert!(!out.in_place);
        let once = std::fs::read(&path).unwrap();
        assert_eq!(parts(&once), parts(&original), "psb: {psb}");
        let l = layout(&once);
        assert_eq!(l.xmp, Some(l.resources.len() - 1));
        let (found, _) = read_file(&path).unwrap();
        assert!(same_model(found.packet.as_ref().unwrap(), &sample_packet()));
        assert!(found.warnings.is_empty(), "{:?}", found.warnings);
        // Same size: in place; larger: the resource grows where it is.
        let out = write_file(&path, &req(&changed_packet())).unwrap();
        assert!(out.in_place, "psb: {psb}");
        assert_eq!(parts(&std::fs::read(&path).unwrap()), parts(&original));
        write_file(&path, &req(&big_packet())).unwrap();
        let grown = std::fs::read(&path).unwrap();
        assert_eq!(parts(&grown), parts(&original));
        let (found, _) = read_file(&path).unwrap();
        assert!(same_model(found.packet.as_ref().unwrap(), &big_packet()));
    }
}

#[test]
fn an_existing_xmp_resource_is_replaced_where_it_is() {
    let dir = tempdir();
    let original = psd_file(false, Some(&raw_packet(1, 0)));
    let path = write(dir.path(), "b.psd", &original);
    let (found, _) = read_file(&path).unwrap();
    assert!(found.packet.is_some());
    let before = layout(&original);
    write_file(&path, &req(&big_packet())).unwrap();
    let after = std::fs::read(&path).unwrap();
    let l = layout(&after);
    assert_eq!(l.xmp, before.xmp);
    assert_eq!(l.resources.len(), before.resources.len());
    assert_eq!(parts(&after), parts(&original));
}

#[test]
fn peers_read_what_we_wrote_into_a_psd() {
    if !has("exiftool") {
        crate::util::skip::missing("skipping: exiftool not installed");
        return;
    }
    let dir = tempdir();
    let original = psd_file(false, None);
    let path = write(dir.path(), "p.psd", &original);
    let orig_copy = write(dir.path(), "orig.psd", &original);
    write_file(&path, &req(&changed_packet())).unwrap();
    let validate = |p: &std::path::Path| -> Vec<String> {
        let out = Command::new("exiftool")
            .args(["-validate", "-warning", "-a", "-s3"])
            .arg(p)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| !l.contains("Warnings") && !l.starts_with("OK"))
            .map(str::to_string)
            .collect()
    };
    let (old, new) = (validate(&orig_copy), validate(&path));
    for w in &new {
        assert!(
            old.contains(w),
            "new ExifTool warning {w:?} (before: {old:?})"
        );
    }
    let out = Command::new("exiftool")
        .args(["-j", "-XMP:Rating", "-XMP:Title", "-XMP:Subject"])
        .arg(&path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\"Rating\": 5"), "{text}");
    assert!(text.contains("\"Title\": \"Changed\""), "{text}");
    match common::python_with_exiv2() {
        Ok(()) => {
            let listing = common::oracle_listing(&path).unwrap();
            assert!(
                listing.contains(r#""path": "xmp:Rating", "value": "5""#)
                    || listing.contains(r#""path":"xmp:Rating","value":"5""#),
                "{listing}"
            );
            assert!(listing.contains("Changed"), "{listing}");
        }
        Err(why) => crate::util::skip::missing(&format!("skipping the oracle: {why}")),
    }
    // ImageMagick's pixel signature, when a real ImageMagick is installed (the
    // `convert` here may be a stand-in that only converts PNG).
    let real_magick = Command::new("convert")
        .arg("-version")
        .output()
        .is_ok_and(|o| {
            o.status.success() && String::from_utf8_lossy(&o.stdout).contains("ImageMagick")
        });
    if real_magick {
        let sig = |p: &std::path::Path| {
            let out = Command::new("identify")
                .args(["-format", "%#"])
                .arg(p)
                .output()
                .unwrap();
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        assert_eq!(sig(&path), sig(&orig_copy));
    } else {
        eprintln!("note: ImageMagick is not installed; the PSD pixel signature was not compared");
    }
}

#[test]
fn a_psd_with_broken_lengths_is_read_by_scanning_and_never_written() {
    let mut b = psd_file(false, Some(&raw_packet(1, 500)));
    let l = layout(&b);
    let at = l.resources[1].data_offset as usize - 4;
    b[at..at + 4].copy_from_slice(&50_000u32.to_be_bytes());
    let want = format!(
        "offset {}: image resource 0x0FA0 declares 50000 bytes",
        l.resources[1].offset
    );
    let e = psd::scan(&mut Cursor::new(&b)).unwrap_err().to_string();
    assert!(e.contains(&want), "{e}");
    let dir = tempdir();
    let path = write(dir.path(), "broken.psd", &b);
    let (found, _) = read_file(&path).unwrap();
    assert_eq!(found.format, Format::Psd);
    assert!(found.packet.is_some());
    assert!(
        found.warnings[0].starts_with("the PSD structure is damaged")
            && found.warnings[0].contains(&want),
        "{:?}",
        found.warnings
    );
    for p in [changed_packet(), big_packet()] {
        let e = write_file(&path, &req(&p)).unwrap_err().to_string();
        assert!(e.contains(&want), "{e}");
        assert_eq!(std::fs::read(&path).unwrap(), b);
    }
}

#[test]
fn random_corruption_never_panics_and_a_splice_keeps_the_other_resources() {
    let good = psd_file(true, Some(&raw_packet(1, 40)));
    crate::util::fmt2_common::mutations(&good, 3000, |b| {
        if let Ok(l) = psd::scan(&mut Cursor::new(b)) {
            let mut out = Vec::new();
            if psd::splice(&mut Cursor::new(b), &l, b"<p/>", &mut out).is_ok() {
                let again = psd::scan(&mut Cursor::new(&out)).expect("spliced file walks");
                let x = &again.resources[again.xmp.expect("an XMP resource")];
                let at = x.data_offset as usize;
                assert_eq!(&out[at..at + 4], b"<p/>");
                let others = |l: &Layout| l.resources.len() - usize::from(l.xmp.is_some());
                assert_eq!(others(&again), others(&l));
            }
        }
        let _ = psd::Psd.read(&mut Cursor::new(b));
    });
}
