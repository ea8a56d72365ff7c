//! GIF: XMP read and written in files the tests make; every block outside the XMP
//! extension stays byte-identical; 87a files become 89a when XMP is added.

use crate::util::fmt_common;

use std::io::Cursor;

use fmt_common::*;
use xmpedit_core::xmp::{ns, Packet, WriteOptions};
use xmpedit_formats::gif::{self, xmp_extension};
use xmpedit_formats::packet::same_model;
use xmpedit_formats::{read_file, write_file, Format, WriteRequest};

/// blank() with blocks before and after the image, and bytes after the trailer.
fn gif_with(before: &[Vec<u8>], after: &[Vec<u8>], tail: &[u8]) -> Vec<u8> {
    let b = gif::blank();
    let mut v = b[..19].to_vec();
    before.iter().for_each(|x| v.extend_from_slice(x));
    v.extend_from_slice(&b[19..34]);
    after.iter().for_each(|x| v.extend_from_slice(x));
    v.push(0x3B);
    v.extend_from_slice(tail);
    v
}

fn netscape() -> Vec<u8> {
    let mut v = vec![0x21, 0xFF, 0x0B];
    v.extend_from_slice(b"NETSCAPE2.0");
    v.extend_from_slice(&[3, 1, 0, 0, 0]);
    v
}

fn rich_gif() -> Vec<u8> {
    gif_with(
        &[netscape(), vec![0x21, 0xF9, 4, 0, 10, 0, 0, 0]],
        &[vec![0x21, 0xFE, 3, b'a', b'b', b'c', 0]],
        b"tail",
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
fn write_new_then_in_place_then_rewrite() {
    let dir = tempdir();
    let original = rich_gif();
    let path = write(dir.path(), "a.gif", &original);
    let (found, id) = read_file(&path).unwrap();
    assert_eq!(found.format, Format::Gif);
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
    assert_eq!(gif_parts(&bytes), gif_parts(&original));
    // Inserted after the NETSCAPE loop extension, before the graphic control block.
    let l = gif::scan(&mut Cursor::new(&bytes)).unwrap();
    assert_eq!(l.blocks[1].kind, gif::BlockKind::Xmp);
    assert_eq!(l.blocks[2].kind, gif::BlockKind::Extension(0xF9));
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
    assert!(out.in_place);
    let after = std::fs::read(&path).unwrap();
    assert_eq!(after.len(), bytes.len());
    assert_eq!(gif_parts(&after), gif_parts(&original));
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
    assert_eq!(gif_parts(&after), gif_parts(&original));
    let (found, _) = read_file(&path).unwrap();
    assert!(same_model(found.packet.as_ref().unwrap(), &sample_packet()));
    assert_eq!(entries(dir.path()), ["a.gif"]);
}

#[test]
fn gif87a_becomes_89a_when_xmp_is_added() {
    let dir = tempdir();
    let mut original = gif::blank();
    original[4] = b'7';
    let path = write(dir.path(), "old.gif", &original);
    write_file(&path, &req(&sample_packet())).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..6], b"GIF89a");
    assert_eq!(gif_parts(&bytes), gif_parts(&original));
    let (found, _) = read_file(&path).unwrap();
    assert!(same_model(found.packet.as_ref().unwrap(), &sample_packet()));
}

#[test]
fn existing_extension_after_the_image_is_replaced_where_it_is() {
    let dir = tempdir();
    let original = gif_with(&[], &[xmp_extension(&raw_packet(1, 0)).unwrap()], b"");
    let path = write(dir.path(), "x.gif", &original);
    let (found, _) = read_file(&path).unwrap();
    assert_eq!(
        found.packet.unwrap().text(&name(ns::XMP, "Rating")),
        Some("1")
    );
    let out = write_file(&path, &req(&changed_packet())).unwrap();
    assert!(!out.in_place, "no padding: the packet must grow");
    let bytes = std::fs::read(&path).unwrap();
    let l = gif::scan(&mut Cursor::new(&bytes)).unwrap();
    let kinds: Vec<gif::BlockKind> = l.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        [
            gif::BlockKind::Image,
            gif::BlockKind::Xmp,
            gif::BlockKind::Trailer
        ]
    );
    assert_eq!(gif_parts(&bytes), gif_parts(&original));
}

#[test]
fn peers_read_what_we_wrote() {
    if !has("exiftool") {
        crate::util::skip::missing("skipping: exiftool not installed");
        return;
    }
    let dir = tempdir();
    let path = write(dir.path(), "p.gif", &rich_gif());
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
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn extension() -> impl Strategy<Value = Vec<u8>> {
        (
            prop::sample::select(vec![0x01u8, 0xFE, 0xFF]),
            prop::collection::vec(prop::collection::vec(any::<u8>(), 1..=255), 0..4),
        )
            .prop_map(|(label, blocks)| {
                let mut v = vec![0x21, label];
                if label == 0xFF {
                    v.push(11);
                    v.extend_from_slice(b"ANYAPP01abc");
                }
                for b in blocks {
                    v.push(b.len() as u8);
                    v.extend(b);
                }
                v.push(0);
                v
            })
    }

    proptest! {
        /// Whatever blocks surround it, a spliced packet reads back and every other
        /// block and the tail are unchanged.
        #[test]
        fn splice_keeps_all_other_blocks(
            before in prop::collection::vec(extension(), 0..4),
            after in prop::collection::vec(extension(), 0..4),
            packet in prop::collection::vec(1u8..=255, 0..1500),
            tail in prop::collection::vec(any::<u8>(), 0..30),
        ) {
            let f = gif_with(&before, &after, &tail);
            let l = gif::scan(&mut Cursor::new(&f)).unwrap();
            let mut out = Vec::new();
            gif::splice(&mut Cursor::new(&f), &l, &packet, &mut out).unwrap();
            prop_assert_eq!(gif_parts(&out), gif_parts(&f));
            let l2 = gif::scan(&mut Cursor::new(&out)).unwrap();
            prop_assert_eq!(&l2.xmp[0].bytes, &packet);
            prop_assert!(l2.xmp[0].trailer_ok);
        }
    }
}
