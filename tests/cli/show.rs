//! `xmpedit show` run as a real binary on files made in a temp dir: text output, the
//! JSON shape, exit codes 0/1/2, and escaping of control characters from files.

use std::path::Path;
use std::process::Command;

use xmpedit_core::xmp::{ns, to_rdfxml, ArrayKind, Name, Node, Packet, WriteOptions};

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

/// Runs xmpedit with its own data and config folders, killing it (and failing the
/// test) if it is still running after 20 s: a command that blocks on a FIFO must make
/// the test fail, not hang it. The limit only catches a hang, it measures nothing.
fn xmpedit_guarded(dir: &Path, args: &[&str]) -> Run {
    use std::io::Read;
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_xmpedit"))
        .current_dir(dir)
        .args(args)
        .env("XMPEDIT_DATA_DIR", dir.join("data"))
        .env("XMPEDIT_CONFIG", dir.join("config.toml"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run xmpedit");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = pipe.read_to_end(&mut buf);
            String::from_utf8(buf).expect("UTF-8 output")
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("piped stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("piped stderr")));
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for xmpedit") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("xmpedit {args:?} blocked: still running after 20 s, killed");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        code: status.code().expect("exited normally"),
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    }
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

#[test]
fn show_refuses_a_fifo_named_on_the_command_line_instead_of_blocking() {
    let dir = fixture();
    mkfifo(&dir.path().join("fifo.jpg"));
    for json in [false, true] {
        let mut args = vec!["show", "fifo.jpg", "photos/a.xmp"];
        if json {
            args.insert(1, "--json");
        }
        let r = xmpedit_guarded(dir.path(), &args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert_eq!(
            r.stderr, "xmpedit: fifo.jpg: is a FIFO (named pipe), not a regular file; not opened\n",
            "{args:?}"
        );
        assert!(
            r.stdout.contains("photos/a.xmp"),
            "the other file still shows"
        );
    }
    assert!(is_fifo(&dir.path().join("fifo.jpg")));
}

#[test]
fn show_refuses_devices_named_as_files() {
    let dir = tempfile::tempdir().unwrap();
    let r = xmpedit_guarded(dir.path(), &["show", "/dev/null", "/dev/zero"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert_eq!(r.stdout, "", "nothing is shown for a device");
    assert_eq!(
        r.stderr,
        "xmpedit: /dev/null: is a device, not a regular file; not opened\n\
         xmpedit: /dev/zero: is a device, not a regular file; not opened\n"
    );
}

#[test]
fn set_on_a_fifo_refuses_without_blocking_and_keeps_the_fifo() {
    let dir = fixture();
    let fifo = dir.path().join("photos/fifo.jpg");
    mkfifo(&fifo);
    let r = xmpedit_guarded(
        dir.path(),
        &["set", "-e", "xmp:Rating=3", "photos/fifo.jpg"],
    );
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stderr.contains("photos/fifo.jpg: "), "{}", r.stderr);
    assert!(is_fifo(&fifo), "the FIFO is not replaced by a file");
    assert!(!dir.path().join("photos/fifo.xmp").exists(), "no sidecar");

    // A FIFO where the sidecar of an image would go is not written through either.
    write_plain_png(&dir.path().join("photos/p.png"));
    let side = dir.path().join("photos/p.xmp");
    mkfifo(&side);
    let r = xmpedit_guarded(
        dir.path(),
        &[
            "set",
            "--to",
            "sidecar",
            "-e",
            "xmp:Rating=3",
            "photos/p.png",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stderr.contains("photos/p.xmp: "), "{}", r.stderr);
    assert!(is_fifo(&side), "the FIFO is not replaced by a sidecar");
}

#[test]
fn folder_scan_with_a_fifo_still_lists_the_rest() {
    let dir = fixture();
    mkfifo(&dir.path().join("photos/fifo.jpg"));
    mkfifo(&dir.path().join("photos/sub/fifo.xmp"));
    // The rating line below is matched with its column spacing, which the longer
    // name of a written xmp:MetadataDate would widen.
    std::fs::write(
        dir.path().join("config.toml"),
        "[write]\nmetadata_date = false\n",
    )
    .unwrap();
    let r = xmpedit_guarded(dir.path(), &["show", "-r", "photos"]);
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
    let r = xmpedit_guarded(dir.path(), &["ls", "-r", "photos"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("a.xmp") && r.stdout.contains("c.xmp"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("fifo"), "{}", r.stdout);
    let r = xmpedit_guarded(dir.path(), &["set", "-r", "-e", "xmp:Rating=2", "photos"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(is_fifo(&dir.path().join("photos/fifo.jpg")));
    assert!(is_fifo(&dir.path().join("photos/sub/fifo.xmp")));
    let r = xmpedit_guarded(dir.path(), &["show", "photos/a.xmp", "photos/sub/c.xmp"]);
    assert_eq!(
        r.stdout.matches("xmp:Rating  ★★☆☆☆").count(),
        2,
        "{}",
        r.stdout
    );
}

/// A sidecar whose only property is `xml` (already inside rdf:Description).
fn write_raw_sidecar(path: &Path, props: &str) {
    let xml = format!(
        "<?xml version=\"1.0\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\
         <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
         {props}</rdf:Description></rdf:RDF></x:xmpmeta>"
    );
    std::fs::write(path, xml).unwrap();
}

/// Asserts two large outputs are equal, printing the first differing line only.
fn assert_same_lines(got: &str, expected: &str) {
    if got == expected {
        return;
    }
    let (n, (g, e)) = got
        .lines()
        .zip(expected.lines())
        .enumerate()
        .find(|(_, (g, e))| g != e)
        .unwrap_or((0, ("", "")));
    panic!(
        "output differs (got {} lines, expected {}); first difference at line {}:\n got: {g:?}\nwant: {e:?}",
        got.lines().count(),
        expected.lines().count(),
        n + 1
    );
}

// Not a timing test: it checks the whole output. Before the fix it took about an hour
// (each item line searched all its siblings for the key width); now about a second.
#[test]
fn show_text_of_a_200000_item_bag_is_complete() {
    const N: usize = 200_000;
    let dir = tempfile::tempdir().unwrap();
    let items: String = (0..N).map(|i| format!("<rdf:li>kw{i}</rdf:li>")).collect();
    write_raw_sidecar(
        &dir.path().join("big.xmp"),
        &format!("<dc:subject><rdf:Bag>{items}</rdf:Bag></dc:subject>"),
    );
    let r = xmpedit(dir.path(), &["show", "big.xmp"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    let mut expected = format!("big.xmp: xmp\n  Dublin Core\n    dc:subject  Bag, {N} items\n");
    for i in 0..N {
        // Keys are padded to the widest sibling, `[200000]`.
        expected.push_str(&format!("      {:<8}  kw{i}\n", format!("[{}]", i + 1)));
    }
    assert_same_lines(&r.stdout, &expected);
}

// Each problem used to be matched against every line of its property: quadratic in
// the number of invalid items (20,000 took 2.4 s, 200,000 several minutes).
#[test]
fn show_text_attaches_problems_of_100000_invalid_items() {
    const N: usize = 100_000;
    let dir = tempfile::tempdir().unwrap();
    let date = |i: usize| format!("2024:08:14 06:{:02}:03", i % 60);
    let items: String = (0..N)
        .map(|i| format!("<rdf:li>{}</rdf:li>", date(i)))
        .collect();
    write_raw_sidecar(
        &dir.path().join("dates.xmp"),
        &format!("<dc:date><rdf:Seq>{items}</rdf:Seq></dc:date>"),
    );
    let r = xmpedit(dir.path(), &["show", "dates.xmp"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut expected = format!("dates.xmp: xmp\n  Dublin Core\n    dc:date  Seq, {N} items\n");
    for i in 0..N {
        let d = date(i);
        let fixed = format!("2024-08-14T06:{:02}:03", i % 60);
        expected.push_str(&format!("      {:<8}  {d}\n", format!("[{}]", i + 1)));
        expected.push_str(&format!(
            "        ⚠ error: \"{d}\" is not an XMP date: this is the Exif form; XMP writes {fixed}\n"
        ));
    }
    assert_same_lines(&r.stdout, &expected);
}

/// DEL, C1 controls (U+009B CSI, U+009D OSC, U+0085 NEL) and every bidi control.
const TERMINAL_UNSAFE: &[char] = &[
    '\u{7f}', '\u{80}', '\u{85}', '\u{9b}', '\u{9d}', '\u{9f}', '\u{202a}', '\u{202b}', '\u{202c}',
    '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{200e}', '\u{200f}',
    '\u{61c}',
];

#[test]
fn json_output_escapes_del_c1_and_bidi_controls_and_keeps_the_exact_value() {
    let dir = tempfile::tempdir().unwrap();
    // XML 1.0 allows DEL and C1 controls as character references.
    let refs: String = TERMINAL_UNSAFE
        .iter()
        .map(|&c| format!("&#x{:X};x", c as u32))
        .collect();
    let title: String = TERMINAL_UNSAFE.iter().flat_map(|&c| [c, 'x']).collect();
    let name = "evil\u{9b}2J\u{202e}.xmp";
    write_raw_sidecar(
        &dir.path().join(name),
        &format!(
            "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{refs}</rdf:li></rdf:Alt></dc:title>"
        ),
    );
    let raw = |s: &str| s.chars().filter(|c| TERMINAL_UNSAFE.contains(c)).count();

    let r = xmpedit_guarded(dir.path(), &["show", "--json", name]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(raw(&r.stdout), 0, "raw controls in {:?}", r.stdout);
    assert!(
        r.stdout.contains(r#"evil\u009b2J\u202e.xmp"#),
        "{}",
        r.stdout
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    assert_eq!(v[0]["file"], name);
    assert_eq!(v[0]["xmp"]["dc:title"]["rdf:_1"]["@value"], title.as_str());

    let r = xmpedit_guarded(dir.path(), &["ls", "--json", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(raw(&r.stdout), 0, "raw controls in {:?}", r.stdout);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    assert_eq!(v[0]["title"], title.as_str());
    assert_eq!(v[0]["renditions"][0]["file"], name);

    // The text forms already showed them as visible escapes; they still do.
    for args in [["show", name], ["ls", "."]] {
        let r = xmpedit_guarded(dir.path(), &args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(raw(&r.stdout), 0, "raw controls in {:?}", r.stdout);
        assert!(
            r.stdout.contains("\\x7fx\\u{80}x\\u{85}x\\u{9B}x"),
            "{}",
            r.stdout
        );
    }
}
