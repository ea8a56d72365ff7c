//! End to end with the real reader (`formats::read_file`) and files xmpedit wrote.

use std::fs;
use std::path::Path;

use xmpedit_catalog::{ReadState, Role, ScanOptions};
use xmpedit_core::xmp::{ns, ArrayKind, Name, Node, Packet, WriteOptions};
use xmpedit_formats::{jpeg, write_file, Format, WriteRequest};

use super::support::{run, state, write};

const ST_REF: &str = "http://ns.adobe.com/xap/1.0/sType/ResourceRef#";

fn packet(rating: &str, title: &str) -> Packet {
    let mut p = Packet::new();
    p.set(Name::new(ns::XMP, "Rating"), Node::text(rating));
    p.set(
        Name::new(ns::DC, "title"),
        Node::array(ArrayKind::Alt, vec![Node::lang_text("x-default", title)]),
    );
    p
}

fn put(path: &Path, p: &Packet) {
    let req = WriteRequest {
        packet: p,
        options: WriteOptions::default(),
        expect: None,
        force_rewrite: false,
        policy: Default::default(),
        keep_original: None,
    };
    write_file(path, &req).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn jpeg_with(path: &Path, p: Option<&Packet>) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(path, jpeg::blank()).unwrap();
    if let Some(p) = p {
        put(path, p);
    }
}

fn real() -> ScanOptions {
    ScanOptions {
        recursive: true,
        threads: 2,
        ..ScanOptions::default()
    }
}

#[test]
fn raw_jpeg_sidecar_and_derivatives() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A "raw" that is not a valid container: read as whatever its content is.
    write(&d.join("IMG_1.CR2"), "not really a raw");
    let mut side = packet("4", "Sunset at the pier");
    side.set(
        Name::new(ns::XMP_MM, "InstanceID"),
        Node::text("xmp.iid:raw-1"),
    );
    put(&d.join("IMG_1.xmp"), &side);
    jpeg_with(&d.join("IMG_1.JPG"), Some(&packet("2", "camera jpeg")));
    jpeg_with(&d.join("export/IMG_1.jpg"), None);
    let mut pano = packet("5", "Panorama");
    pano.set(
        Name::new(ns::XMP_MM, "DerivedFrom"),
        Node::structure(vec![(
            Name::new(ST_REF, "instanceID"),
            Node::text("xmp.iid:raw-1"),
        )]),
    );
    jpeg_with(&d.join("Pano.jpg"), Some(&pano));
    jpeg_with(&d.join("IMG_2.jpg"), None);

    let c = run(&[d.to_path_buf()], &real());
    assert!(c.errors().is_empty(), "{:?}", c.errors());
    assert_eq!(
        c.failures().count(),
        0,
        "{:?}",
        c.failures().collect::<Vec<_>>()
    );
    let assets = c.sorted();
    let names: Vec<&str> = assets.iter().map(|a| a.name.as_str()).collect();
    // Pano's DerivedFrom names the raw, but its name matches no derivative rule: an
    // asset of its own, derived from the raw's sidecar.
    assert_eq!(names, ["IMG_1", "IMG_2", "Pano"]);
    assert_eq!(assets[2].derived_from, [d.join("IMG_1.xmp")]);
    let img1 = assets[0];
    let got: Vec<(&str, Role, Format, Option<bool>)> = img1
        .renditions
        .iter()
        .map(|r| (r.rel.as_str(), r.role, r.format, r.xmp.has_xmp()))
        .collect();
    assert_eq!(
        got,
        [
            ("IMG_1.CR2", Role::Primary, Format::Other, Some(false)),
            ("IMG_1.JPG", Role::Rendition, Format::Jpeg, Some(true)),
            ("IMG_1.xmp", Role::Sidecar, Format::Xmp, Some(true)),
            (
                "export/IMG_1.jpg",
                Role::Derivative,
                Format::Jpeg,
                Some(false)
            ),
        ]
    );
    // The raw holds nothing, so the sidecar speaks for the asset.
    let s = img1.summary().unwrap();
    assert_eq!(s.rating.as_deref(), Some("4"));
    assert_eq!(s.title.as_deref(), Some("Sunset at the pier"));
    // Identities match what the formats layer reports now.
    for r in &img1.renditions {
        let (_, now) = xmpedit_formats::read_file(&r.path).unwrap();
        assert_eq!(r.identity, Some(now), "{}", r.rel);
    }
    // Packets are kept by default.
    let side = img1
        .renditions
        .iter()
        .find(|r| r.rel == "IMG_1.xmp")
        .unwrap();
    let p = side.xmp.info().unwrap().packet.as_ref().unwrap();
    assert_eq!(p.text(&Name::new(ns::XMP, "Rating")), Some("4"));
}

#[test]
fn empty_sparse_and_malformed_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("empty.jpg"), "");
    write(&d.join("empty.xmp"), "");
    write(
        &d.join("bad.xmp"),
        "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF",
    );
    let big = d.join("huge.tif");
    fs::File::create(&big).unwrap().set_len(4 << 30).unwrap();
    jpeg_with(&d.join("fine.jpg"), Some(&packet("1", "fine")));

    let c = run(&[d.to_path_buf()], &real());
    assert!(c.errors().is_empty(), "{:?}", c.errors());
    let fine = state(&c, &d.join("fine.jpg"));
    assert_eq!(fine.has_xmp(), Some(true));
    let bad = state(&c, &d.join("bad.xmp"))
        .error()
        .expect("bad.xmp fails");
    assert!(
        !bad.contains(&*d.to_string_lossy()),
        "message repeats the path: {bad}"
    );
    // Each problem once: only the malformed files fail, each with one message.
    for (r, m) in c.failures() {
        let name = r.file_name();
        assert!(
            ["bad.xmp", "empty.jpg", "empty.xmp", "huge.tif"].contains(&name),
            "{name}: {m}"
        );
    }
    let huge = c.find(&big).unwrap().1;
    assert_eq!(huge.size, 4 << 30);
    assert!(!matches!(huge.xmp, ReadState::NotRead));
}

/// The catalog hands the path to the reader; the reader must not read a huge file
/// whole (the fallback scanner reads at most its first and last 32 MiB). Measured on
/// this thread through Linux's per-thread I/O counters.
#[cfg(target_os = "linux")]
#[test]
fn a_4gb_sparse_file_is_not_read_whole() {
    fn rchar() -> Option<u64> {
        let s = fs::read_to_string("/proc/thread-self/io").ok()?;
        s.lines()
            .find_map(|l| l.strip_prefix("rchar: "))
            .and_then(|v| v.trim().parse().ok())
    }
    let dir = tempfile::tempdir().unwrap();
    for name in ["huge.tif", "huge.jpg", "huge.bin", "huge.xmp"] {
        let big = dir.path().join(name);
        fs::File::create(&big).unwrap().set_len(4 << 30).unwrap();
        let Some(before) = rchar() else {
            eprintln!("skipping: no /proc/thread-self/io");
            return;
        };
        let _ = xmpedit_formats::read_file(&big);
        let read = rchar().unwrap() - before;
        assert!(
            read <= 65 << 20,
            "{name}: read {read} bytes of a 4 GiB file"
        );
    }
}
