//! Helpers shared by the container tests: sample models, raw packets, temp files and
//! structure listings used to compare files part by part.
#![allow(dead_code)]

use std::io::Cursor;
use std::path::{Path, PathBuf};

use xmpedit_core::xmp::{ns, ArrayKind, Name, Node, Packet};
use xmpedit_formats::{gif, jpeg, png, WriteRequest};

pub fn name(ns: &str, local: &str) -> Name {
    Name::new(ns, local)
}

/// A small model with a simple value, a language alternative and a bag.
pub fn sample_packet() -> Packet {
    let mut p = Packet::new();
    p.set(name(ns::XMP, "Rating"), Node::text("3"));
    p.set(
        name(ns::DC, "title"),
        Node::array(
            ArrayKind::Alt,
            vec![Node::lang_text("x-default", "A title")],
        ),
    );
    p.set(
        name(ns::DC, "subject"),
        Node::array(ArrayKind::Bag, vec![Node::text("one"), Node::text("two")]),
    );
    p
}

/// `sample_packet` with another rating and title.
pub fn changed_packet() -> Packet {
    let mut p = sample_packet();
    p.set(name(ns::XMP, "Rating"), Node::text("5"));
    p.set(
        name(ns::DC, "title"),
        Node::array(
            ArrayKind::Alt,
            vec![Node::lang_text("x-default", "Changed")],
        ),
    );
    p
}

/// A hand-written packet with wrapper and `pad` bytes of padding.
pub fn raw_packet(rating: u32, pad: usize) -> Vec<u8> {
    let mut s = String::from(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
         <rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"",
    );
    s.push_str(&format!(
        " xmp:Rating=\"{rating}\"/>\n</rdf:RDF>\n</x:xmpmeta>\n"
    ));
    s.push_str(&" ".repeat(pad));
    s.push_str("<?xpacket end=\"w\"?>");
    s.into_bytes()
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write test file");
    p
}

/// Names of entries in `dir` (to spot left-over temp files).
pub fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A JPEG's segments that are not XMP (marker + bytes), then the bytes from SOS on.
pub fn jpeg_parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let l = jpeg::segments::scan(&mut Cursor::new(bytes)).expect("valid JPEG");
    let mut out: Vec<(String, Vec<u8>)> = l
        .segments
        .iter()
        .filter(|s| {
            !matches!(
                s.kind,
                jpeg::segments::Kind::Xmp | jpeg::segments::Kind::ExtXmp
            )
        })
        .map(|s| {
            (
                format!("FF{:02X}", s.marker),
                bytes[s.offset as usize..s.end() as usize].to_vec(),
            )
        })
        .collect();
    out.push(("body".into(), bytes[l.body_start as usize..].to_vec()));
    out
}

/// A PNG's chunks that are not XMP, then the bytes after IEND.
pub fn png_parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let l = png::scan(&mut Cursor::new(bytes), true).expect("valid PNG");
    let xmp: Vec<usize> = l.xmp.iter().map(|x| x.chunk).collect();
    let mut out: Vec<(String, Vec<u8>)> = l
        .chunks
        .iter()
        .enumerate()
        .filter(|(i, _)| !xmp.contains(i))
        .map(|(_, c)| {
            (
                c.name(),
                bytes[c.offset as usize..c.end() as usize].to_vec(),
            )
        })
        .collect();
    let end = l.chunks.last().unwrap().end() as usize;
    out.push(("tail".into(), bytes[end..].to_vec()));
    out
}

/// A GIF's blocks that are not XMP, the screen descriptor, then the bytes after 3B.
pub fn gif_parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let l = gif::scan(&mut Cursor::new(bytes)).expect("valid GIF");
    let mut out = vec![(
        "screen".to_string(),
        bytes[6..l.screen_end as usize].to_vec(),
    )];
    for b in &l.blocks {
        if b.kind != gif::BlockKind::Xmp {
            out.push((
                format!("{:?}", b.kind),
                bytes[b.offset as usize..b.end() as usize].to_vec(),
            ));
        }
    }
    let end = l.blocks.last().unwrap().end() as usize;
    out.push(("tail".into(), bytes[end..].to_vec()));
    out
}

/// A deterministic pseudo-random sequence (xorshift), for random cut offsets.
pub fn offsets(seed: u64, n: usize, max: usize) -> Vec<usize> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % max.max(1) as u64) as usize
        })
        .collect()
}

/// Whether a peer tool runs; with `XMPEDIT_REQUIRE_PEERS=1` a missing one fails the
/// test instead of skipping its checks.
pub fn has(tool: &str) -> bool {
    let ok = std::process::Command::new(tool)
        .arg("-ver")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok && std::env::var_os("XMPEDIT_REQUIRE_PEERS").is_some_and(|v| v == "1") {
        panic!("{tool} is required (XMPEDIT_REQUIRE_PEERS=1) but does not run");
    }
    ok
}

/// A write of `p` with the default options and policy, no identity expected.
pub fn req(p: &Packet) -> WriteRequest<'_> {
    WriteRequest {
        packet: p,
        options: Default::default(),
        expect: None,
        force_rewrite: false,
        policy: Default::default(),
        keep_original: None,
    }
}

/// `bytes` with the first `from` replaced by `to` (same length): another program's
/// same-size change.
pub fn replaced(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let at = bytes
        .windows(from.len())
        .position(|w| w == from)
        .expect("marker present");
    let mut out = bytes.to_vec();
    out[at..at + to.len()].copy_from_slice(to);
    out
}
