//! Helpers for the TIFF, WebP, SVG, glTF and fallback container tests: sample models
//! and a full write/read-back cycle through `formats::write_file`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use xmpedit_core::xmp::{ns, ArrayKind, Name, Node, Packet, WriteOptions};
use xmpedit_formats::packet::same_model;
use xmpedit_formats::{read_file, write_file, Found, WriteOutcome, WriteRequest};

/// A small model: a rating, a language alternative and a bag.
pub fn sample(rating: &str, title: &str) -> Packet {
    let mut p = Packet::new();
    p.set(Name::new(ns::XMP, "Rating"), Node::text(rating));
    p.set(
        Name::new(ns::DC, "title"),
        Node::array(ArrayKind::Alt, vec![Node::lang_text("x-default", title)]),
    );
    p.set(
        Name::new(ns::DC, "subject"),
        Node::array(ArrayKind::Bag, vec![Node::text("one"), Node::text("two")]),
    );
    p
}

/// A model too big for the default padding.
pub fn big() -> Packet {
    let mut p = sample("1", "big");
    p.set(
        Name::new(ns::DC, "description"),
        Node::array(
            ArrayKind::Alt,
            vec![Node::lang_text("x-default", "x".repeat(5000))],
        ),
    );
    p
}

pub fn put(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write test file");
    p
}

pub fn write(path: &Path, packet: &Packet, force_rewrite: bool) -> WriteOutcome {
    let (_, identity) = read_file(path).expect("read before write");
    write_file(
        path,
        &WriteRequest {
            packet,
            options: WriteOptions::default(),
            expect: Some(identity),
            force_rewrite,
            policy: Default::default(),
            keep_original: None,
        },
    )
    .unwrap_or_else(|e| panic!("write {}: {e}", path.display()))
}

/// Reads the file and checks that its main packet holds `want`.
pub fn read_back(path: &Path, want: &Packet) -> Found {
    let (found, _) = read_file(path).expect("read back");
    let got = found.packet.as_ref().expect("a packet");
    assert!(same_model(got, want), "read back {got:?}\nwanted {want:?}");
    found
}

/// Bytes of `a` and `b` are equal outside `a`'s range `[start, end)` (same length).
pub fn equal_outside(a: &[u8], b: &[u8], start: usize, end: usize) {
    assert_eq!(a.len(), b.len());
    assert_eq!(a[..start], b[..start]);
    assert_eq!(a[end..], b[end..]);
}

/// Writes a new packet, then a changed one (in place when `in_place_ok`), then one
/// with force_rewrite, then one too big for the padding; reads each back.
pub fn cycle(path: &Path, in_place_ok: bool) {
    let first = sample("3", "first");
    let out = write(path, &first, false);
    assert!(!out.in_place);
    let f1 = read_back(path, &first);
    let before = std::fs::read(path).unwrap();

    let second = sample("5", "second");
    let out = write(path, &second, false);
    assert_eq!(out.in_place, in_place_ok);
    read_back(path, &second);
    let after = std::fs::read(path).unwrap();
    if in_place_ok {
        let r = f1.region.expect("region");
        equal_outside(
            &before,
            &after,
            r.offset as usize,
            (r.offset + r.len) as usize,
        );
    }

    let third = sample("1", "third");
    let out = write(path, &third, true);
    assert!(!out.in_place);
    read_back(path, &third);
    if in_place_ok {
        let again = std::fs::read(path).unwrap();
        let r = f1.region.unwrap();
        equal_outside(
            &before,
            &again,
            r.offset as usize,
            (r.offset + r.len) as usize,
        );
    }

    let b = big();
    let out = write(path, &b, false);
    assert!(!out.in_place);
    read_back(path, &b);
}

/// Deterministic byte mutations of `bytes` (xorshift): flips, truncations, and 32-bit
/// fields set to extreme values; `check` must not panic on any of them.
pub fn mutations(bytes: &[u8], rounds: usize, mut check: impl FnMut(&[u8])) {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for _ in 0..rounds {
        let mut b = bytes.to_vec();
        for _ in 0..1 + next() % 4 {
            let at = (next() % b.len().max(1) as u64) as usize;
            match next() % 4 {
                0 => b[at] ^= 1 << (next() % 8),
                1 => b.truncate(at),
                2 if at + 4 <= b.len() => b[at..at + 4].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0x7F]),
                _ if at + 4 <= b.len() => b[at..at + 4].copy_from_slice(&[0, 0, 0, 0]),
                _ => {}
            }
            if b.is_empty() {
                break;
            }
        }
        check(&b);
    }
}
