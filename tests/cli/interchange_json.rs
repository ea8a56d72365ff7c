//! `xmpedit import` of the JSON that `export --format json` writes, both forms (the
//! JSON-LD objects of `show --json` and the flat objects of `show --json --flat`):
//! the round trip into stripped copies, problems named by JSON pointer before any
//! write, `--skip-bad-rows`, dry run and undo, `--strip-prefix`; and `--merge` adding
//! no item twice to a Seq or a Bag (CSV and JSON).

use std::path::Path;

use super::interchange_roundtrip::{generated_packet, strip_copy};
use crate::util::set_support::*;
use xmpedit_core::xmp::{ns, Packet};
use xmpedit_formats as formats;

/// Files of every writable kind under `src/` with generated packets, and copies of
/// them under `dst/` whose XMP was stripped; their names.
fn folder_and_stripped_copy(ws: &Ws, custom: bool) -> Vec<String> {
    let mut names = Vec::new();
    for (i, (name, blank)) in blanks().into_iter().enumerate() {
        if name.ends_with(".gltf") || name.ends_with(".glb") {
            continue;
        }
        let f = format!("sub{}/g{i}_{name}", i % 2);
        let a = ws.put(&format!("src/{f}"), &blank);
        crate::util::fmt2_common::write(&a, &generated_packet(i, custom), false);
        let b = ws.path(&format!("dst/{f}"));
        std::fs::create_dir_all(b.parent().unwrap()).unwrap();
        strip_copy(&a, &b);
        assert!(model(&b).props.is_empty(), "{f}: the copy still has XMP");
        names.push(f);
    }
    names
}

fn differences(src: &Path, dst: &Path, names: &[String]) -> Vec<String> {
    names
        .iter()
        .filter_map(|f| {
            let (want, got) = (model(&src.join(f)), model(&dst.join(f)));
            (!same(&want, &got)).then(|| format!("{f}:\n  want {want:?}\n  got  {got:?}"))
        })
        .collect()
}

#[test]
fn json_ld_export_imported_into_stripped_copies_gives_back_every_property() {
    let ws = Ws::unstamped();
    let names = folder_and_stripped_copy(&ws, true);
    let json = ws.path("export.json");
    ws.ok(
        &[
            "export",
            "-r",
            "--format",
            "json",
            "-o",
            s(&json),
            s(&ws.path("src")),
        ],
        0,
    );
    // The custom namespace is not one the registry knows: imported on request.
    let out = ws.ok(
        &[
            "import",
            "--allow-unknown",
            "--root",
            s(&ws.path("dst")),
            s(&json),
        ],
        0,
    );
    assert!(!out.contains("nothing to write"), "{out}");
    let bad = differences(&ws.path("src"), &ws.path("dst"), &names);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    // Importing it again changes nothing.
    let again = ws.ok(
        &[
            "import",
            "--allow-unknown",
            "--root",
            s(&ws.path("dst")),
            s(&json),
        ],
        0,
    );
    assert!(again.contains("nothing to write"), "{again}");
}

#[test]
fn flat_json_export_imported_into_stripped_copies_gives_back_every_property() {
    let ws = Ws::unstamped();
    // The flat form names a property by prefix only: a namespace the registry does
    // not know cannot come back from it (the JSON-LD form carries its URI).
    let names = folder_and_stripped_copy(&ws, false);
    let json = ws.path("export.json");
    ws.ok(
        &[
            "export",
            "-r",
            "--format",
            "json",
            "--flat",
            "-o",
            s(&json),
            s(&ws.path("src")),
        ],
        0,
    );
    let exported: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let first = &exported[0];
    assert!(first["file"].is_string(), "{first}");
    assert!(first["dc:title"]["x-default"].is_string(), "{first}");
    ws.ok(&["import", "--root", s(&ws.path("dst")), s(&json)], 0);
    let bad = differences(&ws.path("src"), &ws.path("dst"), &names);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

fn ws_json(names: &[&str], json: &str) -> Ws {
    let ws = Ws::unstamped();
    for n in names {
        ws.put(n, &formats::jpeg::splice::blank());
    }
    ws.put("in.json", json.as_bytes());
    ws
}

#[test]
fn every_json_problem_is_listed_by_pointer_before_anything_is_written() {
    let ws = ws_json(
        &["a.jpg", "b.jpg"],
        r#"[
  {"file": "a.jpg", "xmp:Rating": "lots", "dc:subject": ["x"]},
  {"file": "gone.jpg", "dc:title": {"x-default": "T"}},
  {"file": "b.jpg", "xmp": {"@context": {"dc": "http://purl.org/dc/elements/1.1/"}, "dc:titel": "x"}},
  {"file": "b.jpg", "dc:creator": {"x-default": "not a list"}},
  {"dc:title": "no file"}
]"#,
    );
    let before = std::fs::read(ws.path("a.jpg")).unwrap();
    let out = ws.run(&["import", s(&ws.path("in.json"))]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    let at = |ptr: &str| format!("in.json: {ptr}: ");
    for (ptr, what) in [
        ("/0/xmp:Rating", "got \"lots\""),
        ("/1/file", "gone.jpg does not exist"),
        ("/2/xmp/dc:titel", "did you mean dc:title?"),
        ("/3/dc:creator", "not an object"),
        ("/4", "no \"file\" key"),
    ] {
        assert!(
            err.lines()
                .any(|l| l.contains(&at(ptr)) && l.contains(what)),
            "{ptr} {what:?} in\n{err}"
        );
    }
    assert!(
        err.contains("import refused (5 problem(s)); nothing was written"),
        "{err}"
    );
    assert_eq!(std::fs::read(ws.path("a.jpg")).unwrap(), before);
    assert_eq!(ws.journal_files(), 0);

    // A document that is not JSON: line and column.
    ws.put("in.json", b"[\n  {\"file\": \"a.jpg\",}\n]");
    let out = ws.run(&["import", s(&ws.path("in.json"))]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("in.json:2:"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn skip_bad_rows_writes_the_good_json_objects_and_lists_the_others() {
    let ws = ws_json(
        &["a.jpg", "b.jpg"],
        r#"[{"file": "a.jpg", "xmp:Rating": 9}, {"file": "b.jpg", "xmp:Rating": 3}]"#,
    );
    let out = ws.run(&["import", "--skip-bad-rows", s(&ws.path("in.json"))]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("in.json: /0/xmp:Rating: "), "{err}");
    assert!(
        err.contains("skipped ") && err.contains("in.json: /0"),
        "{err}"
    );
    assert_eq!(rating(&model(&ws.path("a.jpg"))), None);
    assert_eq!(rating(&model(&ws.path("b.jpg"))).as_deref(), Some("3"));
}

#[test]
fn json_dry_run_writes_nothing_and_undo_takes_the_import_back() {
    let ws = ws_json(
        &["a.jpg", "b.jpg"],
        r#"[{"file": "a.jpg", "xmp:Rating": 3, "dc:title": {"x-default": "One", "de-DE": "Eins"}},
            {"file": "b.jpg", "dc:subject": ["alps", "dawn"]}]"#,
    );
    let before = std::fs::read(ws.path("a.jpg")).unwrap();
    let out = ws.ok(&["import", "--dry-run", s(&ws.path("in.json"))], 0);
    assert!(
        out.contains("would write") && out.contains("a.jpg") && out.contains("b.jpg"),
        "{out}"
    );
    assert!(out.contains("xmp:Rating"), "{out}");
    assert_eq!(std::fs::read(ws.path("a.jpg")).unwrap(), before);
    assert_eq!(ws.journal_files(), 0);

    ws.ok(&["import", s(&ws.path("in.json"))], 0);
    let a = model(&ws.path("a.jpg"));
    assert_eq!(rating(&a).as_deref(), Some("3"));
    assert_eq!(lang(&a, ns::DC, "title", "de-DE").as_deref(), Some("Eins"));
    assert_eq!(
        items(&model(&ws.path("b.jpg")), ns::DC, "subject"),
        ["alps", "dawn"]
    );
    let log = ws.ok(&["log", "--all"], 0);
    assert_eq!(
        log.lines().filter(|l| l.starts_with('#')).count(),
        1,
        "{log}"
    );
    ws.ok(&["undo", "--all"], 0);
    assert_eq!(model(&ws.path("a.jpg")), Packet::new());
    assert!(items(&model(&ws.path("b.jpg")), ns::DC, "subject").is_empty());
}

#[test]
fn json_null_deletes_a_property_and_strip_prefix_maps_dam_paths() {
    let ws = ws_json(&["photos/a.jpg"], "");
    let a = ws.path("photos/a.jpg");
    ws.ok(
        &[
            "set",
            "-e",
            "xmp:Rating=2",
            "-e",
            "photoshop:City=Oslo",
            s(&a),
        ],
        0,
    );
    ws.put(
        "in.json",
        br#"[{"file": "/content/dam/photos/a.jpg", "xmp:Rating": null, "dc:creator": ["Ann"]}]"#,
    );
    ws.ok(
        &[
            "import",
            "--strip-prefix",
            "/content/dam/",
            s(&ws.path("in.json")),
        ],
        0,
    );
    let m = model(&a);
    assert_eq!(rating(&m), None);
    assert_eq!(
        simple(&m, "http://ns.adobe.com/photoshop/1.0/", "City").as_deref(),
        Some("Oslo")
    );
    assert_eq!(items(&m, ns::DC, "creator"), ["Ann"]);
}

#[test]
fn merge_into_a_seq_or_bag_adds_no_item_already_there() {
    let ws = ws_json(&["a.jpg"], "");
    let a = ws.path("a.jpg");
    ws.ok(
        &[
            "set",
            "-e",
            "dc:creator+=Ann",
            "-e",
            "dc:creator+=Bo",
            "-e",
            "dc:subject+=alps",
            s(&a),
        ],
        0,
    );
    // dc:creator is a Seq, which `+=` lets hold an item twice; a merge must not.
    ws.put(
        "in.csv",
        b"assetPath,dc:creator {{String: multi}},dc:subject {{String: multi}}\na.jpg,Bo|Cy|Cy,alps|dawn\n",
    );
    for _ in 0..2 {
        ws.ok(&["import", "--merge", s(&ws.path("in.csv"))], 0);
        let m = model(&a);
        assert_eq!(items(&m, ns::DC, "creator"), ["Ann", "Bo", "Cy"]);
        assert_eq!(items(&m, ns::DC, "subject"), ["alps", "dawn"]);
    }
    ws.put(
        "in.json",
        br#"[{"file": "a.jpg", "dc:creator": ["Dee", "Ann"], "dc:subject": ["dawn", "fog"]}]"#,
    );
    for _ in 0..2 {
        ws.ok(&["import", "--merge", s(&ws.path("in.json"))], 0);
        let m = model(&a);
        assert_eq!(items(&m, ns::DC, "creator"), ["Ann", "Bo", "Cy", "Dee"]);
        assert_eq!(items(&m, ns::DC, "subject"), ["alps", "dawn", "fog"]);
    }
}
