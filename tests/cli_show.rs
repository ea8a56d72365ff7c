//! `xmpedit show` run as a real binary on files made in a temp dir: text output, the
//! JSON shape, exit codes 0/1/2, and escaping of control characters from files.

use std::path::Path;
use std::process::Command;

use xmpedit::xmp::{ns, to_rdfxml, ArrayKind, Name, Node, Packet, WriteOptions};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn xmpedit(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_xmpedit"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run xmpedit");
    Run {
        code: out.status.code().expect("exited normally"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}

fn write_sidecar(path: &Path, packet: &Packet) {
    let opts = WriteOptions {
        xml_decl: true,
        ..WriteOptions::default()
    };
    std::fs::write(path, to_rdfxml(packet, &opts)).unwrap();
}

fn photo_packet(title: &str) -> Packet {
    let mut p = Packet::new();
    p.set(
        Name::new(ns::DC, "title"),
        Node::array(
            ArrayKind::Alt,
            vec![
                Node::lang_text("x-default", title),
                Node::lang_text("de-DE", "Gipfelkreuz"),
            ],
        ),
    );
    p.set(
        Name::new(ns::DC, "subject"),
        Node::array(
            ArrayKind::Bag,
            vec![Node::text("alps"), Node::text("summit")],
        ),
    );
    p.set(Name::new(ns::XMP, "Rating"), Node::text("4"));
    p
}

/// A valid PNG without XMP: signature, IHDR (1x1 grey), IDAT, IEND.
fn write_plain_png(path: &Path) {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let mut h = crc32fast::Hasher::new();
        h.update(kind);
        h.update(data);
        out.extend_from_slice(&h.finalize().to_be_bytes());
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
    // zlib stream of one scanline: filter byte 0, pixel 0.
    chunk(
        &mut png,
        b"IDAT",
        &[0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01],
    );
    chunk(&mut png, b"IEND", &[]);
    std::fs::write(path, png).unwrap();
}

/// Folder `photos/` with a.xmp, b.png (no XMP), sub/c.xmp and hidden files.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let photos = dir.path().join("photos");
    std::fs::create_dir_all(photos.join("sub")).unwrap();
    std::fs::create_dir_all(photos.join(".cache")).unwrap();
    write_sidecar(&photos.join("a.xmp"), &photo_packet("Summit cross"));
    write_plain_png(&photos.join("b.png"));
    write_sidecar(&photos.join("sub/c.xmp"), &photo_packet("Ridge"));
    write_sidecar(&photos.join(".hidden.xmp"), &photo_packet("Hidden"));
    write_sidecar(&photos.join(".cache/d.xmp"), &photo_packet("Cached"));
    dir
}

#[test]
fn text_output_groups_by_schema() {
    let dir = fixture();
    let r = xmpedit(dir.path(), &["show", "photos/a.xmp"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    let expected = "\
photos/a.xmp: xmp
  Dublin Core
    dc:title    2 languages
      * x-default  Summit cross
        de-DE      Gipfelkreuz
    dc:subject  Bag, 2 items
      [1]  alps
      [2]  summit
  XMP Basic
    xmp:Rating  ★★★★☆
";
    assert_eq!(r.stdout, expected);
}

#[test]
fn recursive_walk_is_sorted_skips_hidden_and_accepts_files_without_xmp() {
    let dir = fixture();
    let r = xmpedit(dir.path(), &["show", "-r", "photos"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let headers: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("photos/"))
        .collect();
    assert_eq!(
        headers,
        [
            "photos/a.xmp: xmp",
            "photos/b.png: png, no XMP",
            "photos/sub/c.xmp: xmp"
        ]
    );
    assert!(!r.stdout.contains("Hidden") && !r.stdout.contains("Cached"));
}

#[test]
fn json_is_one_array_with_an_object_per_file() {
    let dir = fixture();
    let r = xmpedit(
        dir.path(),
        &["show", "-r", "--json", "photos", "photos/missing.jpg"],
    );
    assert_eq!(r.code, 1, "a missing file fails the run");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    let files = v.as_array().expect("an array");
    assert_eq!(files.len(), 4);
    let keys =
        |o: &serde_json::Value| -> Vec<String> { o.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&files[0]), ["file", "format", "xmp"]);
    assert_eq!(files[0]["file"], "photos/a.xmp");
    assert_eq!(files[0]["format"], "xmp");
    let xmp = &files[0]["xmp"];
    assert_eq!(xmp["@context"]["dc"], ns::DC);
    assert_eq!(
        xmp["xmp:Rating"].as_f64(),
        Some(4.0),
        "Rating is a JSON number"
    );
    assert_eq!(
        xmp["dc:subject"]["@set"],
        serde_json::json!(["alps", "summit"])
    );
    assert_eq!(files[1]["format"], "png");
    assert_eq!(files[1]["xmp"], serde_json::Value::Null);
    assert_eq!(files[2]["file"], "photos/sub/c.xmp");
    assert_eq!(keys(&files[3]), ["file", "format", "xmp", "error"]);
    assert_eq!(files[3]["file"], "photos/missing.jpg");
    assert!(files[3]["error"].as_str().unwrap().len() > 3);
    assert!(
        r.stderr.starts_with("xmpedit: photos/missing.jpg: "),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 1);
}

#[test]
fn exit_codes() {
    let dir = fixture();
    // A folder without -r shows the files directly in it (not sub/, not hidden ones).
    let folder = xmpedit(dir.path(), &["show", "photos"]);
    assert_eq!(folder.code, 0, "{}", folder.stderr);
    assert!(
        folder.stdout.contains("photos/a.xmp: xmp\n"),
        "{}",
        folder.stdout
    );
    assert!(
        folder.stdout.contains("photos/b.png: png"),
        "{}",
        folder.stdout
    );
    assert!(!folder.stdout.contains("sub/c.xmp"), "{}", folder.stdout);
    assert!(!folder.stdout.contains("hidden"), "{}", folder.stdout);
    let missing = xmpedit(dir.path(), &["show", "photos/a.xmp", "nope.jpg"]);
    assert_eq!(missing.code, 1);
    assert!(
        missing.stdout.starts_with("photos/a.xmp: xmp\n"),
        "good files still show"
    );
    assert!(
        missing.stderr.starts_with("xmpedit: nope.jpg: "),
        "{}",
        missing.stderr
    );
    let usage = xmpedit(dir.path(), &["show"]);
    assert_eq!(usage.code, 2);
    let no_xmp = xmpedit(dir.path(), &["show", "photos/b.png"]);
    assert_eq!(
        (no_xmp.code, no_xmp.stdout.as_str()),
        (0, "photos/b.png: png, no XMP\n")
    );
}

#[test]
fn control_characters_from_files_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    // XML 1.0 carries C1 controls (U+009B is CSI, an escape sequence introducer),
    // bidi overrides, DEL, newlines and tabs.
    let evil_title = "Sunset\u{9b}2J\u{7f}\u{202e}gpj.exe\nline\ttab";
    let name = "evil\u{1b}[31m.xmp";
    write_sidecar(&dir.path().join(name), &photo_packet(evil_title));
    let r = xmpedit(dir.path(), &["show", name]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for c in ['\u{1b}', '\u{9b}', '\u{7f}', '\u{202e}', '\t'] {
        assert!(!r.stdout.contains(c), "{:?} in {:?}", c, r.stdout);
    }
    assert!(
        r.stdout.starts_with("evil\\e[31m.xmp: xmp\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("* x-default  Sunset\\u{9B}2J\\x7f\\u{202E}gpj.exe\\nline\\ttab\n"),
        "{}",
        r.stdout
    );

    // A raw ESC byte is not an XML character: whatever the reader makes of it, no
    // ESC reaches the terminal (not in values, not in warnings).
    let raw = concat!(
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">",
        "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">",
        "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">A\u{1b}[31mred</rdf:li></rdf:Alt></dc:title>",
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    );
    std::fs::write(dir.path().join("raw.xmp"), raw).unwrap();
    let r = xmpedit(dir.path(), &["show", "raw.xmp"]);
    assert!(!r.stdout.contains('\u{1b}') && !r.stderr.contains('\u{1b}'));
    assert!(
        r.stdout.starts_with("raw.xmp: xmp") || r.code == 1,
        "{}",
        r.stdout
    );

    // Failures name the file escaped on stderr too.
    let missing = xmpedit(dir.path(), &["show", "gone\u{1b}[5m.jpg"]);
    assert_eq!(missing.code, 1);
    assert!(!missing.stderr.contains('\u{1b}'));
    assert!(missing.stderr.starts_with("xmpedit: gone\\e[5m.jpg: "));
}

#[test]
fn validation_problems_show_inline() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Packet::new();
    p.set(Name::new(ns::XMP, "Rating"), Node::text("7"));
    p.set(
        Name::new(ns::XMP, "CreateDate"),
        Node::text("2024:08:14 06:12:03"),
    );
    write_sidecar(&dir.path().join("bad.xmp"), &p);
    let r = xmpedit(dir.path(), &["show", "bad.xmp"]);
    assert_eq!(r.code, 0, "problems never fail a read");
    assert_eq!(
        r.stdout,
        "\
bad.xmp: xmp
  XMP Basic
    xmp:Rating      7
      ⚠ error: \"7\" is not one of the allowed values (-1 | 0..5)
    xmp:CreateDate  2024:08:14 06:12:03
      ⚠ error: \"2024:08:14 06:12:03\" is not an XMP date: this is the Exif form; XMP writes 2024-08-14T06:12:03
"
    );
}
