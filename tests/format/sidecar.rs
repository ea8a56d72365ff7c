//! Sidecar `.xmp` files: read, rewritten in their own style, created new with an XML
//! declaration and no wrapper.

use crate::util::fmt_common;

use fmt_common::*;
use xmpedit_core::xmp::{ns, Packet, WriteOptions};
use xmpedit_formats::packet::same_model;
use xmpedit_formats::{read_file, write_file, Format, FormatError, WriteRequest};

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
fn a_new_sidecar_has_a_declaration_and_no_wrapper() {
    let dir = tempdir();
    let path = dir.path().join("IMG_0001.xmp");
    let out = write_file(&path, &req(&sample_packet())).unwrap();
    assert!(!out.in_place);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
        "{text}"
    );
    assert!(!text.contains("<?xpacket"), "{text}");
    assert!(!text.contains("\r"));
    assert!(text.ends_with("</x:xmpmeta>\n"), "{text:?}");
    let (found, id) = read_file(&path).unwrap();
    assert_eq!(found.format, Format::Xmp);
    assert!(same_model(found.packet.as_ref().unwrap(), &sample_packet()));
    assert_eq!(id, out.identity);
    assert_eq!(entries(dir.path()), ["IMG_0001.xmp"]);
}

#[test]
fn only_xmp_names_are_created() {
    let dir = tempdir();
    let e = write_file(&dir.path().join("missing.jpg"), &req(&sample_packet())).unwrap_err();
    assert!(matches!(e, FormatError::Io { .. }), "{e}");
    assert!(entries(dir.path()).is_empty());
}

#[test]
fn an_existing_sidecar_keeps_its_style() {
    let dir = tempdir();
    let wrapped = raw_packet(1, 3000);
    let path = write(dir.path(), "w.xmp", &wrapped);
    let (found, _) = read_file(&path).unwrap();
    assert_eq!(found.format, Format::Xmp);
    let out = write_file(&path, &req(&changed_packet())).unwrap();
    assert!(out.in_place, "3000 bytes of padding take the change");
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.len(), wrapped.len());
    assert!(text.starts_with("<?xpacket begin="));
    let (found, _) = read_file(&path).unwrap();
    assert!(same_model(
        found.packet.as_ref().unwrap(),
        &changed_packet()
    ));

    let bare = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmp:Rating=\"2\"/></rdf:RDF></x:xmpmeta>\n";
    let path = write(dir.path(), "bare.xmp", bare.as_bytes());
    let out = write_file(&path, &req(&changed_packet())).unwrap();
    assert!(!out.in_place);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("<x:xmpmeta"), "{text}");
    assert!(!text.contains("<?xpacket"));
    assert!(text.ends_with('\n'));
    let (found, _) = read_file(&path).unwrap();
    assert_eq!(
        found.packet.unwrap().text(&name(ns::XMP, "Rating")),
        Some("5")
    );

    let decl = format!("\u{FEFF}<?xml version='1.0' encoding='UTF-8'?>\n{bare}");
    let path = write(dir.path(), "decl.xmp", decl.as_bytes());
    write_file(&path, &req(&changed_packet())).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF<?xml"),
        "{:?}",
        String::from_utf8_lossy(&bytes)
    );
    assert_eq!(entries(dir.path()), ["bare.xmp", "decl.xmp", "w.xmp"]);
}
