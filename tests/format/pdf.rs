//! PDF: the catalog's `/Metadata` stream written by incremental update, in files the
//! tests make by hand and with qpdf (a classic table, QDF, cross-reference and object
//! streams, encryption). Every byte of the original stays before the appended
//! revision; our reader, ExifTool and `qpdf --check` accept the result.

use crate::util::{fmt2_common, skip};

use std::path::Path;
use std::process::Command;

use fmt2_common::{put, read_back, sample, write};
use xmpedit_core::xmp::{Packet, WriteOptions};
use xmpedit_formats::pdf::{self, SIGNED_NOTE};
use xmpedit_formats::{read_file, write_file, Format, FormatError, WriteRequest};

const PACKET: &str = "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmp:Rating=\"1\"/></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>";

fn qpdf() -> bool {
    let ok = Command::new("qpdf")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        skip::missing("skipping: qpdf not installed");
    }
    ok
}

fn exiftool() -> bool {
    let ok = Command::new("exiftool")
        .arg("-ver")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        skip::missing("skipping ExifTool checks: exiftool not installed");
    }
    ok
}

fn run_qpdf(args: &[&str]) {
    let out = Command::new("qpdf").args(args).output().expect("qpdf");
    // Exit 3: warnings only (qpdf still wrote the file).
    assert!(
        matches!(out.status.code(), Some(0 | 3)),
        "qpdf {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn check(path: &Path) {
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(path)
        .output()
        .expect("qpdf");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains("No syntax or stream encoding errors"),
        "qpdf --check {}: {text}{}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn exif_rating(path: &Path) -> String {
    let out = Command::new("exiftool")
        .args(["-s3", "-XMP:Rating"])
        .arg(path)
        .output()
        .expect("exiftool");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The variants of one document qpdf makes: the hand-made table, QDF, and
/// cross-reference plus object streams (the catalog inside an object stream).
fn variants(dir: &Path, meta: Option<&str>) -> Vec<(String, std::path::PathBuf)> {
    let base = put(dir, "base.pdf", &pdf::blank(meta));
    let mut v = vec![("table".to_string(), base.clone())];
    for (name, args) in [
        ("qdf", vec!["--qdf"]),
        ("objstm", vec!["--object-streams=generate"]),
    ] {
        let to = dir.join(format!("{name}.pdf"));
        let mut a: Vec<&str> = args.clone();
        let (b, t) = (base.to_str().unwrap(), to.to_str().unwrap());
        a.extend([b, t]);
        run_qpdf(&a);
        v.push((name.to_string(), to));
    }
    v
}

#[test]
fn an_update_is_appended_that_qpdf_exiftool_and_our_reader_accept() {
    if !qpdf() {
        return;
    }
    let exif = exiftool();
    for meta in [None, Some(PACKET)] {
        let dir = tempfile::tempdir().unwrap();
        for (name, path) in variants(dir.path(), meta) {
            let before = std::fs::read(&path).unwrap();
            let found = read_file(&path).unwrap().0;
            assert_eq!(found.format, Format::Pdf);
            assert!(found.warnings.is_empty(), "{name}: {:?}", found.warnings);
            if meta.is_some() {
                assert!(found.packet.is_some(), "{name}: the packet was not found");
            }
            let want = sample("4", "appended");
            let out = write(&path, &want, false);
            assert!(!out.in_place, "{name}: a new revision is appended");
            assert!(out.notices.is_empty(), "{name}: {:?}", out.notices);
            let after = std::fs::read(&path).unwrap();
            assert!(after.len() > before.len());
            assert_eq!(
                after[..before.len()],
                before[..],
                "{name}: the bytes before the old end changed"
            );
            let tail = String::from_utf8_lossy(&after[before.len()..]);
            // A cross-reference stream follows one; a table follows a table.
            let stream = String::from_utf8_lossy(&before).contains("/Type /XRef");
            assert_eq!(tail.contains("/Type /XRef"), stream, "{name}: {tail}");
            assert_eq!(tail.contains("\nxref\n"), !stream, "{name}: {tail}");
            read_back(&path, &want);
            check(&path);
            if exif {
                assert_eq!(exif_rating(&path), "4", "{name}: ExifTool");
            }
        }
    }
}

#[test]
fn an_unsigned_pdf_whose_packet_has_room_is_patched_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = put(dir.path(), "a.pdf", &pdf::blank(None));
    write(&path, &sample("1", "first"), false);
    let len = std::fs::metadata(&path).unwrap().len();
    let want = sample("2", "second");
    let out = write(&path, &want, false);
    assert!(out.in_place);
    assert_eq!(std::fs::metadata(&path).unwrap().len(), len);
    read_back(&path, &want);
    if qpdf() {
        check(&path);
    }
}

/// A PDF with a signature field whose value has a `/ByteRange` (the digest itself
/// does not matter to the writer: it must not touch a signed byte).
fn signed_pdf() -> Vec<u8> {
    let plain = pdf::blank(Some(PACKET));
    let text = String::from_utf8_lossy(&plain).into_owned();
    text.replace(
        "/Type /Page /Parent 2 0 R",
        "/Type /Page /Annots [<< /Type /Annot /Subtype /Widget /FT /Sig /T (s) /V << /Type /Sig /ByteRange [0 0 0 0] /Contents <00> >> >>] /Parent 2 0 R",
    )
    .into_bytes()
}

#[test]
fn a_signed_pdf_always_gets_an_appended_revision_and_the_report_says_so() {
    let dir = tempfile::tempdir().unwrap();
    // The hand edit above moved objects: let qpdf rebuild the table when it can.
    let raw = put(dir.path(), "raw.pdf", &signed_pdf());
    let path = dir.path().join("signed.pdf");
    if qpdf() {
        run_qpdf(&[raw.to_str().unwrap(), path.to_str().unwrap()]);
    } else {
        return;
    }
    let before = std::fs::read(&path).unwrap();
    // The stored packet has room for a rating change, yet nothing is patched.
    let found = read_file(&path).unwrap().0;
    let mut want = found.packet.clone().unwrap();
    want.set(
        xmpedit_core::xmp::Name::new(xmpedit_core::xmp::ns::XMP, "Rating"),
        xmpedit_core::xmp::Node::text("5"),
    );
    let out = write(&path, &want, false);
    assert!(!out.in_place);
    assert_eq!(out.notices, [SIGNED_NOTE.to_string()]);
    let after = std::fs::read(&path).unwrap();
    assert_eq!(after[..before.len()], before[..]);
    read_back(&path, &want);
    check(&path);
}

#[test]
fn an_encrypted_pdf_is_refused_with_the_reason() {
    if !qpdf() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plain = put(dir.path(), "plain.pdf", &pdf::blank(Some(PACKET)));
    let path = dir.path().join("enc.pdf");
    run_qpdf(&[
        "--encrypt",
        "user",
        "owner",
        "256",
        "--",
        plain.to_str().unwrap(),
        path.to_str().unwrap(),
    ]);
    let before = std::fs::read(&path).unwrap();
    let (found, identity) = read_file(&path).unwrap();
    assert!(
        found.warnings[0].contains("the PDF is encrypted"),
        "{:?}",
        found.warnings
    );
    let e = write_file(
        &path,
        &WriteRequest {
            packet: &Packet::new(),
            options: WriteOptions::default(),
            expect: Some(identity),
            force_rewrite: false,
            policy: Default::default(),
            keep_original: None,
        },
    )
    .unwrap_err();
    assert!(matches!(e, FormatError::Encrypted(_)), "{e}");
    assert!(e.to_string().contains("/Encrypt"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

/// A PDF from object bodies (object i+1 is `objs[i]`) with a classic table.
fn build(objs: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offs = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offs.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let at = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f\r\n", objs.len() + 1).as_bytes());
    for o in offs {
        out.extend_from_slice(format!("{o:010} 00000 n\r\n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{at}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn a_flate_metadata_stream_is_read_and_replaced_by_an_unfiltered_one() {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(PACKET.as_bytes()).unwrap();
    let data = z.finish().unwrap();
    // An indirect /Length, as some writers store it.
    let mut stream =
        b"<< /Type /Metadata /Subtype /XML /Filter /FlateDecode /Length 5 0 R >>\nstream\n"
            .to_vec();
    stream.extend_from_slice(&data);
    stream.extend_from_slice(b"\nendstream");
    let objs = vec![
        b"<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>".to_vec(),
        stream,
        data.len().to_string().into_bytes(),
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = put(dir.path(), "flate.pdf", &build(&objs));
    let found = read_file(&path).unwrap().0;
    assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    assert!(found.packet.is_some());
    assert!(
        found.region.is_none(),
        "a compressed packet is never patched"
    );
    let want = sample("3", "inflated");
    let out = write(&path, &want, false);
    assert!(!out.in_place);
    read_back(&path, &want);
    if qpdf() {
        check(&path);
    }
    if exiftool() {
        assert_eq!(exif_rating(&path), "3");
    }
}

#[test]
fn damaged_cross_references_read_by_scanning_and_refuse_writes() {
    let dir = tempfile::tempdir().unwrap();
    let text = String::from_utf8_lossy(&pdf::blank(Some(PACKET))).into_owned();
    let at = text.rfind("startxref\n").unwrap() + "startxref\n".len();
    let broken = format!("{}9{}", &text[..at], &text[at..]);
    let path = put(dir.path(), "broken.pdf", broken.as_bytes());
    let (found, identity) = read_file(&path).unwrap();
    assert!(found.packet.is_some());
    assert!(
        found.warnings[0].contains("cannot be written"),
        "{:?}",
        found.warnings
    );
    let e = write_file(
        &path,
        &WriteRequest {
            packet: &sample("1", "x"),
            options: WriteOptions::default(),
            expect: Some(identity),
            force_rewrite: false,
            policy: Default::default(),
            keep_original: None,
        },
    )
    .unwrap_err();
    assert!(matches!(e, FormatError::Corrupt { .. }), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), broken.as_bytes());
}

/// `../shared/corpus/pdf` (or under `XMPEDIT_SHARED`), as the corpus tests find it.
fn corpus_pdfs() -> Option<Vec<std::path::PathBuf>> {
    let shared = std::env::var_os("XMPEDIT_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let dir = shared.join("corpus/pdf");
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    v.sort();
    Some(v)
}

#[test]
fn corpus_pdfs_take_an_appended_revision_that_qpdf_and_exiftool_accept() {
    let Some(files) = corpus_pdfs() else {
        skip::missing("skipping: ../shared/corpus is absent");
        return;
    };
    let (q, exif) = (qpdf(), exiftool());
    let dir = tempfile::tempdir().unwrap();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let before = std::fs::read(&path).unwrap();
        let copy = put(dir.path(), &name, &before);
        let found = read_file(&copy).unwrap().0;
        let mut want = found.packet.clone().unwrap_or_default();
        want.set(
            xmpedit_core::xmp::Name::new(xmpedit_core::xmp::ns::XMP, "Rating"),
            xmpedit_core::xmp::Node::text("2"),
        );
        // Forced past the in-place patch: the appended revision is what is tested.
        let out = write(&copy, &want, true);
        assert!(!out.in_place, "{name}");
        let after = std::fs::read(&copy).unwrap();
        assert!(
            after.starts_with(&before),
            "{name}: the original bytes changed"
        );
        read_back(&copy, &want);
        if q {
            check(&copy);
        }
        if exif {
            assert_eq!(exif_rating(&copy), "2", "{name}: ExifTool");
        }
    }
}
