//! `xmpedit ls` as a user runs it: the real binary on real folders.

use std::path::Path;
use std::process::{Command, Output};

fn xmpedit(args: &[&str], config: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xmpedit"))
        .args(args)
        .env("XMPEDIT_CONFIG", config)
        .output()
        .expect("run xmpedit")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn no_folder_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = xmpedit(&["ls"], &dir.path().join("none.toml"));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("<PATHS>"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_missing_folder_is_reported_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope");
    let out = xmpedit(
        &["ls", missing.to_str().unwrap()],
        &dir.path().join("none.toml"),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        format!("xmpedit: {}: not found\n", missing.display())
    );
    assert_eq!(text(&out.stdout), "");
}

#[test]
fn an_empty_folder_lists_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("none.toml");
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = xmpedit(&["ls", empty.to_str().unwrap()], &cfg);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "");
    let out = xmpedit(&["ls", "--json", empty.to_str().unwrap()], &cfg);
    assert_eq!(text(&out.stdout), "[]\n");
}

#[test]
fn a_malformed_config_file_is_a_usage_error_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "[catalog]\nhidden = maybe\n").unwrap();
    let out = xmpedit(&["ls", dir.path().to_str().unwrap()], &cfg);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.starts_with(&format!("xmpedit: {}: line 2, column 10: ", cfg.display())),
        "{err}"
    );
}

mod real_files {
    use super::*;
    use serde_json::Value;
    use xmpedit_core::xmp::{ns, ArrayKind, Name, Node, Packet, WriteOptions};
    use xmpedit_formats::{jpeg, write_file, WriteRequest};

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

    /// RAW + JPEG + sidecar with an export, a collision, a malformed sidecar, an
    /// empty file and a name with an escape sequence.
    fn folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("export")).unwrap();
        std::fs::write(d.join("IMG_1.CR2"), b"raw").unwrap();
        put(&d.join("IMG_1.xmp"), &packet("4", "Sunset at the pier"));
        std::fs::write(d.join("IMG_1.JPG"), jpeg::blank()).unwrap();
        put(&d.join("IMG_1.JPG"), &packet("2", "camera JPEG"));
        std::fs::write(d.join("export/IMG_1.jpg"), jpeg::blank()).unwrap();
        std::fs::write(d.join("A.CR2"), b"raw").unwrap();
        std::fs::write(d.join("A.DNG"), b"raw").unwrap();
        put(&d.join("A.xmp"), &packet("-1", "Blurred"));
        std::fs::write(
            d.join("bad.xmp"),
            b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF",
        )
        .unwrap();
        std::fs::write(d.join("empty.jpg"), b"").unwrap();
        std::fs::write(d.join("evil\u{1b}[31m.png"), b"").unwrap();
        dir
    }

    fn ls_in(dir: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_xmpedit"))
            .arg("ls")
            .args(args)
            .current_dir(dir)
            .env("XMPEDIT_CONFIG", dir.join("no-config.toml"))
            .output()
            .expect("run xmpedit")
    }

    #[test]
    fn text_listing() {
        let dir = folder();
        let out = ls_in(dir.path(), &["."]);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            text(&out.stdout),
            "A           ✗ rejected  \"Blurred\"  A.CR2 [primary other]  A.DNG [rendition other]  \
             A.xmp [sidecar xmp +xmp]\n\
             \x20   warning: sidecar A.xmp could belong to A.CR2 or A.DNG; not used for writing\n\
             IMG_1       ★★★★☆  \"Sunset at the pier\"  IMG_1.CR2 [primary other]  \
             IMG_1.JPG [rendition jpeg +xmp]  IMG_1.xmp [sidecar xmp +xmp]  \
             export/IMG_1.jpg [derivative jpeg]\n\
             bad                bad.xmp [sidecar xmp !error]\n\
             empty              empty.jpg [primary other]\n\
             evil\\e[31m         evil\\e[31m.png [primary other]\n"
        );
        assert_eq!(
            text(&out.stderr),
            "xmpedit: ./bad.xmp: XMP packet at offset 0: unexpected end of input (line 1, column 45)\n"
        );
    }

    #[test]
    fn json_listing() {
        let dir = folder();
        let out = ls_in(dir.path(), &["--json", "."]);
        assert_eq!(out.status.code(), Some(1));
        let v: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
        let assets = v.as_array().unwrap();
        let names: Vec<&str> = assets
            .iter()
            .map(|a| a["asset"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["A", "IMG_1", "bad", "empty", "evil\u{1b}[31m"]);
        let img = &assets[1];
        assert_eq!(img["folder"], ".");
        assert_eq!(img["rating"], 4);
        assert_eq!(img["title"], "Sunset at the pier");
        assert_eq!(img["sidecar"], "./IMG_1.xmp");
        let rend: Vec<(&str, &str, &str, Value, bool)> = img["renditions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["file"].as_str().unwrap(),
                    r["role"].as_str().unwrap(),
                    r["format"].as_str().unwrap(),
                    r["has_xmp"].clone(),
                    r["writable"].as_bool().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            rend,
            [
                ("IMG_1.CR2", "primary", "other", Value::Bool(false), false),
                ("IMG_1.JPG", "rendition", "jpeg", Value::Bool(true), true),
                ("IMG_1.xmp", "sidecar", "xmp", Value::Bool(true), true),
                (
                    "export/IMG_1.jpg",
                    "derivative",
                    "jpeg",
                    Value::Bool(false),
                    true
                ),
            ]
        );
        let a = &assets[0];
        assert_eq!(a["rating"], -1);
        assert_eq!(a["sidecar"], Value::Null);
        assert_eq!(a["problems"].as_array().unwrap().len(), 1);
        let bad = &assets[2]["renditions"][0];
        assert_eq!(bad["has_xmp"], Value::Null);
        assert_eq!(
            bad["error"],
            "XMP packet at offset 0: unexpected end of input (line 1, column 45)"
        );
    }

    #[test]
    fn recursive_and_clean_exit() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("a/b")).unwrap();
        std::fs::write(d.join("a/one.jpg"), jpeg::blank()).unwrap();
        std::fs::write(d.join("a/b/two.jpg"), jpeg::blank()).unwrap();
        put(&d.join("a/b/two.jpg"), &packet("3", "Two"));
        let flat = ls_in(d, &["a"]);
        assert_eq!(flat.status.code(), Some(0), "{}", text(&flat.stderr));
        assert_eq!(text(&flat.stdout), "one         one.jpg [primary jpeg]\n");
        let deep = ls_in(d, &["-r", "a"]);
        assert_eq!(deep.status.code(), Some(0), "{}", text(&deep.stderr));
        assert_eq!(
            text(&deep.stdout),
            "a:\none         one.jpg [primary jpeg]\n\n\
             a/b:\ntwo  ★★★☆☆  \"Two\"  two.jpg [primary jpeg +xmp]\n"
        );
    }

    const ST_REF: &str = "http://ns.adobe.com/xap/1.0/sType/ResourceRef#";

    /// Issue 11, finding 10: a shared DocumentID merged the camera files into an asset
    /// named "BlueSquare"; numbered copies and versions stayed apart. The link shows
    /// both ways: "derived from" on IMG_9, "derivatives" on BlueSquare.
    #[test]
    fn document_id_links_show_as_derived_from_and_copies_group_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let mut blue = packet("1", "Blue square");
        blue.set(Name::new(ns::XMP_MM, "DocumentID"), Node::text("uuid:blue"));
        std::fs::write(d.join("BlueSquare.jpg"), jpeg::blank()).unwrap();
        put(&d.join("BlueSquare.jpg"), &blue);
        std::fs::write(d.join("IMG_9.NEF"), b"raw").unwrap();
        std::fs::write(d.join("IMG_9.JPG"), jpeg::blank()).unwrap();
        let mut side = packet("3", "Harbour");
        side.set(
            Name::new(ns::XMP_MM, "DerivedFrom"),
            Node::structure(vec![(
                Name::new(ST_REF, "documentID"),
                Node::text("uuid:blue"),
            )]),
        );
        put(&d.join("IMG_9.xmp"), &side);
        std::fs::write(d.join("IMG_9 (1).jpg"), jpeg::blank()).unwrap();
        std::fs::write(d.join("IMG_9_v2.jpg"), jpeg::blank()).unwrap();

        let out = ls_in(d, &["."]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert_eq!(
            text(&out.stdout),
            "BlueSquare  ★☆☆☆☆  \"Blue square\"  BlueSquare.jpg [primary jpeg +xmp]\n\
             \x20   derivatives: ./IMG_9.NEF\n\
             IMG_9       ★★★☆☆  \"Harbour\"  IMG_9.NEF [primary other]  \
             IMG_9.JPG [rendition jpeg]  IMG_9.xmp [sidecar xmp +xmp]  \
             IMG_9 (1).jpg [derivative jpeg]  IMG_9_v2.jpg [derivative jpeg]\n\
             \x20   derived from: ./BlueSquare.jpg\n"
        );
        let out = ls_in(d, &["--json", "."]);
        let v: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
        let from: Vec<(&str, Value)> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|a| (a["asset"].as_str().unwrap(), a["derived_from"].clone()))
            .collect();
        assert_eq!(
            from,
            [
                ("BlueSquare", serde_json::json!([])),
                ("IMG_9", serde_json::json!(["./BlueSquare.jpg"])),
            ]
        );
        // The sidecar a write would use is the camera file's own.
        assert_eq!(v[1]["sidecar"], "./IMG_9.xmp");
    }
}
