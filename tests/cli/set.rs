//! `xmpedit set` through the real binary: every EDIT form on every writable format,
//! read back by the library and by ExifTool; dry runs and refused edits write
//! nothing; read-only mode refuses.

use crate::util::set_support;

use set_support::*;
use xmpedit_core::xmp::ns;

const IPTC_CORE: &str = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/";

const ADD: &[&str] = &[
    "-e",
    "xmp:Rating=4",
    "-e",
    "dc:subject+=alps",
    "-e",
    "dc:subject+=sea",
    "-e",
    "dc:subject+=sky",
    "-e",
    "dc:title=Title",
    "-e",
    "dc:title[de-DE]=Titel",
    "-e",
    "photoshop:City=Paris",
    "-e",
    "Iptc4xmpCore:CreatorContactInfo/Iptc4xmpCore:CiEmailWork=a@b.c",
    "-e",
    "dc:creator+=Ann",
    "-e",
    "dc:creator+=Bob",
];

const REMOVE: &[&str] = &[
    "-e",
    "dc:subject-=sea",
    "-e",
    "-photoshop:City",
    "-e",
    "-dc:title[de-DE]",
    "-e",
    "-dc:subject[1]",
    "-e",
    "-dc:creator",
];

fn args<'a>(edits: &[&'a str], file: &'a str) -> Vec<&'a str> {
    let mut v = vec!["set"];
    v.extend_from_slice(edits);
    v.push(file);
    v
}

#[test]
fn every_edit_form_on_every_writable_format() {
    let ws = Ws::new();
    for (name, bytes) in blanks() {
        let path = ws.put(name, &bytes);
        let out = ws.ok(&args(ADD, s(&path)), 0);
        assert!(out.starts_with("wrote "), "{name}: {out}");
        let p = model(&path);
        assert_eq!(rating(&p).as_deref(), Some("4"), "{name}");
        assert_eq!(
            items(&p, ns::DC, "subject"),
            ["alps", "sea", "sky"],
            "{name}"
        );
        assert_eq!(items(&p, ns::DC, "creator"), ["Ann", "Bob"], "{name}");
        // x-default follows docs/data-model.md, "Setting a language"; both alternatives
        // exist.
        assert_eq!(items(&p, ns::DC, "title").len(), 2, "{name}");
        assert_eq!(
            lang(&p, ns::DC, "title", "de-DE").as_deref(),
            Some("Titel"),
            "{name}"
        );
        assert_eq!(simple(&p, ns::PHOTOSHOP, "City").as_deref(), Some("Paris"));
        let contact = prop(&p, IPTC_CORE, "CreatorContactInfo").expect("struct");
        assert!(format!("{contact:?}").contains("a@b.c"), "{name}");

        ws.ok(&args(REMOVE, s(&path)), 0);
        let p = model(&path);
        assert_eq!(items(&p, ns::DC, "subject"), ["sky"], "{name}");
        let title = items(&p, ns::DC, "title");
        assert_eq!(title.len(), 1, "{name}: {title:?}");
        assert!(prop(&p, ns::PHOTOSHOP, "City").is_none(), "{name}");
        assert!(prop(&p, ns::DC, "creator").is_none(), "{name}");
        assert_eq!(rating(&p).as_deref(), Some("4"), "{name}");

        // The same edit again changes nothing and writes nothing.
        let before = std::fs::read(&path).unwrap();
        let again = [
            "-e",
            "xmp:Rating=4",
            "-e",
            "-photoshop:City",
            "-e",
            "dc:subject+=sky",
        ];
        let out = ws.ok(&args(&again, s(&path)), 0);
        assert!(out.contains("nothing to write"), "{name}: {out}");
        assert_eq!(std::fs::read(&path).unwrap(), before, "{name}");

        if exiftool() {
            let j = exiftool_json(&path);
            let get = |k: &str| {
                let v = &j[k];
                if v.is_null() {
                    j[format!("SvgMetadata{k}")].clone()
                } else {
                    v.clone()
                }
            };
            if get("Rating").is_null() && (name.ends_with(".gltf") || name.ends_with(".glb")) {
                eprintln!("skipping the ExifTool read-back of {name}: ExifTool reads no XMP there");
                continue;
            }
            assert_eq!(get("Rating"), serde_json::json!(4), "{name}: {j}");
            let subject = get("Subject");
            assert!(
                subject == serde_json::json!("sky") || subject == serde_json::json!(["sky"]),
                "{name}: {j}"
            );
            assert_eq!(get("Title"), serde_json::json!(title[0]), "{name}: {j}");
            assert!(get("City").is_null(), "{name}: {j}");
        }
    }
    if !exiftool() {
        crate::util::skip::missing("skipping the ExifTool read-back: exiftool is not installed");
    }
}

#[test]
fn dry_run_writes_nothing_and_shows_the_change() {
    let ws = Ws::new();
    let path = ws.put("a.jpg", &xmpedit_formats::jpeg::splice::blank());
    ws.ok(&args(&["-e", "xmp:Rating=2"], s(&path)), 0);
    let journal = ws.journal_files();
    let before = std::fs::read(&path).unwrap();
    let out = ws.ok(
        &[
            "set",
            "--dry-run",
            "-e",
            "xmp:Rating=5",
            "-e",
            "dc:subject+=x",
            s(&path),
        ],
        0,
    );
    assert!(out.contains("would write"), "{out}");
    assert!(out.contains("xmp:Rating=5 (was \"2\")"), "{out}");
    assert!(out.contains("dc:subject+=x (was absent)"), "{out}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(ws.journal_files(), journal);
}

#[test]
fn invalid_edits_are_usage_errors_and_write_nothing() {
    let ws = Ws::new();
    let path = ws.put("a.jpg", &xmpedit_formats::jpeg::splice::blank());
    let before = std::fs::read(&path).unwrap();
    let cases: &[(&str, &str)] = &[
        (
            "xmp:Rating=7",
            "xmp:Rating must be -1 (rejected) or 0..5, got 7",
        ),
        ("dc:title[en_US!]=x", "dc:title"),
        ("exif:PixelXDimension=wide", "exif:PixelXDimension"),
        ("acme:Thing=1", "unknown namespace prefix \"acme\""),
        ("dc:subject", "expected '=', '+=' or '-='"),
        ("dc:description=a\u{1}b", "U+0001"),
    ];
    for (edit, message) in cases {
        // The valid edit first: nothing of it may be written either.
        let out = ws.run(&["set", "-e", "xmp:Rating=1", "-e", edit, s(&path)]);
        assert_eq!(out.status.code(), Some(2), "{edit}: {}", text(&out.stderr));
        let err = text(&out.stderr);
        assert!(err.contains(message), "{edit}: {err}");
        assert!(err.contains("nothing was written"), "{edit}: {err}");
        assert!(out.stdout.is_empty());
        assert_eq!(std::fs::read(&path).unwrap(), before, "{edit}");
    }
    assert_eq!(ws.journal_files(), 0);
    let out = ws.run(&["set", "--to", "[", "-e", "xmp:Rating=1", s(&path)]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

#[test]
fn ns_declares_a_prefix_for_new_namespaces() {
    let ws = Ws::new();
    let path = ws.put("a.png", &xmpedit_formats::png::chunks::blank());
    ws.ok(
        &[
            "set",
            "--ns",
            "acme=http://ns.acme.test/1.0/",
            "-e",
            "acme:Job=42",
            s(&path),
        ],
        0,
    );
    let p = model(&path);
    assert_eq!(
        simple(&p, "http://ns.acme.test/1.0/", "Job").as_deref(),
        Some("42")
    );
    let raw = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
    assert!(
        raw.contains("xmlns:acme=\"http://ns.acme.test/1.0/\""),
        "{raw}"
    );
}

#[test]
fn read_only_mode_refuses_every_write() {
    let ws = Ws::new();
    let path = ws.put("a.jpg", &xmpedit_formats::jpeg::splice::blank());
    let before = std::fs::read(&path).unwrap();
    for cmd in [
        vec!["--read-only", "set", "-e", "xmp:Rating=1", s(&path)],
        vec!["--read-only", "undo"],
        vec!["--read-only", "redo"],
    ] {
        let out = ws.run(&cmd);
        assert_eq!(out.status.code(), Some(2), "{cmd:?}");
        assert!(
            text(&out.stderr).contains("--read-only mode never writes"),
            "{}",
            text(&out.stderr)
        );
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // Listing the log creates nothing either.
    let out = ws.ok(&["--read-only", "log"], 0);
    assert_eq!(out, "no batches in the journal\n");
    assert!(!ws.dir.path().join("data").exists());
    // A dry run writes nothing, so read-only mode allows it.
    let out = ws.ok(
        &[
            "--read-only",
            "set",
            "--dry-run",
            "-e",
            "xmp:Rating=1",
            s(&path),
        ],
        0,
    );
    assert!(out.contains("would write"), "{out}");
    assert!(!ws.dir.path().join("data").exists());
}

#[test]
fn folders_need_r_and_edit_every_asset() {
    let ws = Ws::new();
    let a = ws.put("a.jpg", &xmpedit_formats::jpeg::splice::blank());
    let b = ws.put("sub/b.png", &xmpedit_formats::png::chunks::blank());
    let files = ws.files();
    assert_eq!(
        ws.run(&["set", "-e", "xmp:Rating=3", s(&files)])
            .status
            .code(),
        Some(2)
    );
    let out = ws.ok(&["set", "-r", "-e", "xmp:Rating=3", s(&files)], 0);
    assert_eq!(out.lines().count(), 2, "{out}");
    assert_eq!(rating(&model(&a)).as_deref(), Some("3"));
    assert_eq!(rating(&model(&b)).as_deref(), Some("3"));
    let log = ws.ok(&["log"], 0);
    assert!(log.contains("#1") && log.contains("2/2 file(s)"), "{log}");
    assert!(log.contains("xmp:Rating=3"), "{log}");
}

#[test]
fn a_lossy_packet_is_refused() {
    let ws = Ws::new();
    let sidecar = ws.put(
        "a.xmp",
        b"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\
<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmp:Rating=\"1\">\
<xmp:Bad rdf:parseType=\"Weird\"><xmp:x>1</xmp:x></xmp:Bad><xmp:Label>ok</xmp:Label>\
</rdf:Description></rdf:RDF></x:xmpmeta>",
    );
    let before = std::fs::read(&sidecar).unwrap();
    let out = ws.run(&["set", "-e", "xmp:Rating=2", s(&sidecar)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        format!(
            "xmpedit: {}: parts of its XMP could not be read; writing it back would lose them (not changed)\n",
            sidecar.display()
        )
    );
    assert_eq!(std::fs::read(&sidecar).unwrap(), before);
    assert_eq!(ws.journal_files(), 0);
}

/// A JPEG whose main packet names Extended XMP of which one chunk is missing.
fn jpeg_with_broken_extension() -> Vec<u8> {
    use xmpedit_formats::jpeg::{extended, segments, splice};
    let ext = b"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF \
xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\" \
xmlns:photoshop=\"http://ns.adobe.com/photoshop/1.0/\" photoshop:Instructions=\"keep me\"/>\
</rdf:RDF></x:xmpmeta>";
    let guid = extended::guid_of(ext);
    let main = format!(
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF \
xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\" \
xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:xmpNote=\"http://ns.adobe.com/xmp/note/\" \
xmp:Rating=\"1\" xmpNote:HasExtendedXMP=\"{guid}\"/></rdf:RDF></x:xmpmeta>"
    );
    let full = (ext.len() as u32).to_be_bytes();
    let second_half = splice::app1(
        segments::EXT_SIG,
        &[guid.as_bytes(), &full, &40u32.to_be_bytes(), &ext[40..]],
    )
    .unwrap();
    let blank = splice::blank();
    let mut f = blank[..20].to_vec();
    f.extend(splice::xmp_segments(main.as_bytes(), None).unwrap());
    f.extend(second_half);
    f.extend_from_slice(&blank[20..]);
    f
}

#[test]
fn set_refuses_unreadable_extended_xmp_and_goes_on_with_other_files() {
    let ws = Ws::new();
    let broken = ws.put("broken.jpg", &jpeg_with_broken_extension());
    let good = ws.put("good.jpg", &xmpedit_formats::jpeg::splice::blank());
    let before = std::fs::read(&broken).unwrap();
    let out = ws.run(&["set", "-e", "xmp:Rating=2", s(&broken), s(&good)]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        format!(
            "xmpedit: {}: XMP that could not be read: the Extended XMP the main packet names \
             (1 segment(s) with GUID {}): Extended XMP is incomplete (chunk at offset 40 where 0 \
             was expected); writing the edit would replace or duplicate it, so the file was not \
             changed (--repair-unsafe writes the new packet in its place, losing what could not \
             be read)\n",
            broken.display(),
            guid_in(&before)
        )
    );
    assert_eq!(std::fs::read(&broken).unwrap(), before);
    assert_eq!(rating(&model(&good)).as_deref(), Some("2"));

    let out = ws.run(&["set", "--repair-unsafe", "-e", "xmp:Rating=3", s(&broken)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!("wrote {} (rewritten)\n", broken.display())
    );
    let err = text(&out.stderr);
    assert!(
        err.starts_with(&format!(
            "xmpedit: {}: --repair-unsafe: replaced XMP that could not be read, which is now \
             lost: the Extended XMP the main packet names",
            broken.display()
        )),
        "{err}"
    );
    assert_eq!(rating(&model(&broken)).as_deref(), Some("3"));
}

/// The GUID a test JPEG's main packet names.
fn guid_in(bytes: &[u8]) -> String {
    let t = String::from_utf8_lossy(bytes);
    let at = t.find("HasExtendedXMP=\"").unwrap() + 16;
    t[at..at + 32].to_string()
}

#[test]
fn set_on_a_broken_jpg_or_png_is_an_error_not_a_sidecar() {
    let ws = Ws::new();
    let mut png = xmpedit_formats::png::chunks::blank();
    png[3] = b'X';
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "empty.jpg",
            Vec::new(),
            "not a valid JPEG file (it is empty)",
        ),
        (
            "text.jpg",
            b"hello world\n".to_vec(),
            "not a valid JPEG file (it starts with 68 65 6C 6C 6F 20 77 6F)",
        ),
        (
            "sig.png",
            png,
            "not a valid PNG file (it starts with 89 50 4E 58 0D 0A 1A 0A)",
        ),
    ];
    for (name, bytes, why) in &cases {
        let path = ws.put(name, bytes);
        let out = ws.run(&["set", "-e", "xmp:Rating=2", s(&path)]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert_eq!(
            text(&out.stderr),
            format!("xmpedit: {}: {why}; not changed\n", path.display()),
            "{name}"
        );
        assert_eq!(&std::fs::read(&path).unwrap(), bytes, "{name}");
    }
    // The same through a folder, and for every target of the asset.
    let out = ws.run(&["set", "-r", "-e", "xmp:Rating=2", s(&ws.files())]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr).lines().count(),
        3,
        "{}",
        text(&out.stderr)
    );
    let empty = ws.path("empty.jpg");
    let out = ws.run(&["set", "--to", "all", "-e", "xmp:Rating=2", s(&empty)]);
    assert_eq!(out.status.code(), Some(1));
    let mut names = std::fs::read_dir(ws.files())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect::<Vec<_>>();
    names.sort();
    assert_eq!(
        names,
        ["empty.jpg", "sig.png", "text.jpg"],
        "no sidecar appears"
    );

    // Asked for, a sidecar is still written.
    let out = ws.run(&["set", "--to", "sidecar", "-e", "xmp:Rating=2", s(&empty)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(rating(&model(&ws.path("empty.xmp"))).as_deref(), Some("2"));
}

#[test]
fn set_refuses_a_rewrite_the_disk_has_no_room_for_and_writes_the_other_files() {
    use xmpedit_formats::safe_write::FREE_SPACE_ENV;
    let ws = Ws::new();
    let full = ws.put("full.jpg", &xmpedit_formats::jpeg::splice::blank());
    let roomy = ws.put("roomy.png", &xmpedit_formats::png::chunks::blank());
    // A packet with padding, so the next small edit of this file is made in place.
    ws.ok(&args(&["-e", "xmp:Rating=1"], s(&roomy)), 0);
    let before = std::fs::read(&full).unwrap();
    let out = ws
        .command(&["set", "-e", "xmp:Rating=2", s(&full), s(&roomy)])
        .env(FREE_SPACE_ENV, "1000")
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with(&format!(
            "xmpedit: {}: not enough free space for the rewrite: it needs 1.0 MiB (",
            full.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(
            "the file system has 1000 bytes free; not changed (a write that fits the \
             packet's padding is made in place and needs no space)\n"
        ),
        "{err}"
    );
    assert_eq!(std::fs::read(&full).unwrap(), before);
    assert_eq!(rating(&model(&roomy)).as_deref(), Some("2"));
    let mut names: Vec<_> = std::fs::read_dir(ws.files())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["full.jpg", "roomy.png"], "no temp file is left");
}
