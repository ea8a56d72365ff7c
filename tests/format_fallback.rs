//! Fallback reader: format classification, the PDF catalog metadata lookup, and the
//! refusal to write.

use std::io::Cursor;

use xmpedit::formats::fallback::{self, pdf, Fallback};
use xmpedit::formats::{Container, Format, FormatError, Found};
use xmpedit::xmp::{Packet, WriteOptions};

#[test]
fn classify_names_the_formats_we_only_read() {
    let cases: &[(&[u8], Format)] = &[
        (b"%PDF-1.7\n", Format::Pdf),
        (b"8BPS\0\x01", Format::Psd),
        (b"%!PS-Adobe-3.0 EPSF-3.0", Format::Eps),
        (b"\xc5\xd0\xd3\xc6\x20\0\0\0", Format::Eps),
        (b"\0\0\0\x18ftypcrx \0\0\0\x01", Format::Cr3),
        (b"\0\0\0\x18ftypheic\0\0\0\0", Format::Heif),
        (b"\0\0\0\x18ftypavif\0\0\0\0", Format::Heif),
        (b"\0\0\0\x18ftypmp42\0\0\0\0", Format::Mp4),
        (b"\0\0\0\x14ftypqt  \0\0\0\0", Format::Mov),
        (b"\0\0\0\x08wide\0\0\0\x10mdat", Format::Mov),
        (b"\x06\x06\xed\xf5\xd8\x1d\x46\xe5", Format::Other),
        (b"", Format::Other),
    ];
    for (head, f) in cases {
        assert_eq!(fallback::classify(head), *f, "{head:?}");
    }
}

const PDF: &str = "%PDF-1.4\n\
1 0 obj << /Type /Catalog /Pages 2 0 R /Metadata 5 0 R >> endobj\n\
4 0 obj << /Type /Metadata /Subtype /XML /Length 10 >>\nstream\nPAGE-XMP\nendstream endobj\n\
5 0 obj << /Type /Metadata /Subtype /XML /Length 10 >>\nstream\nOLD-XMP\nendstream endobj\n\
trailer << /Size 6 /Root 1 0 R >>\nstartxref\n0\n%%EOF\n\
15 0 obj << /Type /Metadata /Subtype /XML /Length 10 >>\nstream\r\nNEW-XMP\nendstream endobj\n\
1 0 obj << /Type /Catalog /Pages 2 0 R /Metadata 15 0 R >> endobj\n\
trailer << /Size 16 /Root 1 0 R /Prev 0 >>\nstartxref\n0\n%%EOF\n";

#[test]
fn pdf_metadata_is_followed_from_the_last_trailer() {
    let at = pdf::metadata_stream_start(PDF.as_bytes()).expect("found");
    assert!(PDF[at..].starts_with("NEW-XMP"), "{}", &PDF[at..at + 10]);
    // Before the incremental update: the original metadata object.
    let first = &PDF[..PDF.find("%%EOF").unwrap()];
    let at = pdf::metadata_stream_start(first.as_bytes()).expect("found");
    assert!(first[at..].starts_with("OLD-XMP"));
    // A catalog in an object stream cannot be followed.
    assert_eq!(
        pdf::metadata_stream_start(b"%PDF-1.5\ntrailer << /Root 3 0 R >>"),
        None
    );
}

#[test]
fn writes_are_refused_with_a_sidecar_hint() {
    for f in [Format::Pdf, Format::Mp4, Format::Heif, Format::Other] {
        let found = Found::empty(f);
        let packet = Packet::new();
        let opts = WriteOptions::default();
        let mut src = Cursor::new(Vec::<u8>::new());
        let e = Fallback
            .patch_in_place(&mut src, &found, &packet, &opts)
            .unwrap_err();
        assert!(matches!(e, FormatError::NotWritable { .. }));
        assert_eq!(
            e.to_string(),
            format!("writing XMP into {} files is not supported: xmpedit reads XMP in this format but does not write it; write a sidecar (NAME.xmp) instead", f.name())
        );
        let mut out = Vec::new();
        assert!(Fallback
            .rewrite(&mut src, &found, &packet, &opts, &mut out)
            .is_err());
        assert!(out.is_empty());
    }
}
