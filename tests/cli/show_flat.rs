//! `xmpedit show --json --flat` on the committed samples: one object per file with
//! `"prefix:Name": value` pairs that `jq` queries without `rdf:_1` or `@value`.

use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::{json, Value};

fn show_flat(dir: &Path, files: &[&str]) -> (i32, Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xmpedit"))
        .current_dir(dir)
        .args(["show", "--json", "--flat"])
        .args(files)
        .output()
        .expect("run xmpedit");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 stdout");
    let v = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    (
        out.status.code().expect("exited normally"),
        v,
        String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    )
}

fn samples() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    xmpedit_testkit::make(dir.path()).unwrap();
    dir
}

#[test]
fn flat_json_has_one_plain_object_per_file_for_every_value_kind() {
    let dir = samples();
    let (code, v, stderr) = show_flat(dir.path(), &["IMG_0412.xmp", "fuji.xmp", "missing.jpg"]);
    assert_eq!(code, 1, "the missing file fails the run");
    assert!(stderr.starts_with("xmpedit: missing.jpg: "), "{stderr}");
    let files = v.as_array().expect("an array, an object per file");
    assert_eq!(files.len(), 3);
    let summit = &files[0];
    assert_eq!(summit["file"], "IMG_0412.xmp");
    assert_eq!(summit["format"], "xmp");
    // Integer/Real and Boolean properties are JSON numbers and booleans, other text a string.
    assert_eq!(summit["xmp:Rating"], json!(4));
    assert_eq!(summit["xmpRights:Marked"], json!(true));
    assert_eq!(summit["xmp:CreateDate"], "2024-08-14T06:12:03+02:00");
    // Language alternatives: an object by language.
    assert_eq!(
        summit["dc:title"],
        json!({
            "x-default": "Summit cross at dawn",
            "en-GB": "Summit cross at dawn",
            "de-DE": "Gipfelkreuz im Morgengrauen",
            "it-IT": "Croce di vetta all'alba",
        })
    );
    // Seq and Bag: arrays.
    assert_eq!(summit["dc:creator"], json!(["Ada Example", "Grace Hopper"]));
    assert_eq!(
        summit["dc:subject"],
        json!(["alps", "summit", "dawn", "mountain", "cross"])
    );
    // Structs: objects keyed by qualified field names; arrays of structs: arrays of them.
    assert_eq!(
        summit["Iptc4xmpCore:CreatorContactInfo"],
        json!({"Iptc4xmpCore:CiEmailWork": "ada@example.org", "Iptc4xmpCore:CiAdrCity": "Innsbruck"})
    );
    assert_eq!(summit["xmpMM:History"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        summit["xmpMM:History"][1]["stEvt:softwareAgent"],
        "Darkroom 4.6"
    );
    // A namespace the schema does not know keeps the file's prefix.
    assert_eq!(
        summit["acme:Review"],
        json!({"acme:status": "approved", "acme:by": "Grace"})
    );
    let text = serde_json::to_string(summit).unwrap();
    for awkward in ["rdf:_", "@value", "@list", "@set", "@context", "@language"] {
        assert!(!text.contains(awkward), "{awkward} in {text}");
    }
    assert_eq!(files[1]["dc:title"]["ja-JP"], "日の出の富士山");
    assert_eq!(
        files[2],
        json!({"file": "missing.jpg", "format": null, "error": files[2]["error"]})
    );
    assert!(files[2]["error"].as_str().is_some_and(|e| !e.is_empty()));
}

#[test]
fn flat_json_of_a_file_without_xmp_is_just_file_and_format() {
    let dir = samples();
    let plain = dir.path().join("plain.png");
    // The lake sample without its packet: strip it by taking the testkit's blank.
    let blank = xmpedit_testkit::all()
        .into_iter()
        .find(|s| s.name == "lake.png")
        .expect("lake.png sample")
        .blank;
    std::fs::write(&plain, blank).unwrap();
    let (code, v, _) = show_flat(dir.path(), &["plain.png"]);
    assert_eq!(code, 0);
    assert_eq!(v, json!([{"file": "plain.png", "format": "png"}]));
}

#[test]
fn flat_needs_json() {
    let dir = samples();
    let out = Command::new(env!("CARGO_BIN_EXE_xmpedit"))
        .current_dir(dir.path())
        .args(["show", "--flat", "IMG_0412.xmp"])
        .output()
        .expect("run xmpedit");
    assert_eq!(out.status.code(), Some(2), "usage error");
}

/// The point of the flat form: plain `jq` paths, as a user would type them.
#[test]
fn jq_reads_titles_keywords_and_ratings_directly() {
    let jq_runs = Command::new("jq")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !jq_runs {
        // jq is not one of the required peers; the shapes are checked above.
        eprintln!("skipping: jq is not installed");
        return;
    }
    let dir = samples();
    let show = Command::new(env!("CARGO_BIN_EXE_xmpedit"))
        .current_dir(dir.path())
        .args([
            "show",
            "--json",
            "--flat",
            "IMG_0412.xmp",
            "ridge.webp",
            "fuji.xmp",
        ])
        .output()
        .expect("run xmpedit");
    let query = r#".[] | select(.["xmp:Rating"] >= 4) | [.file, .["dc:title"]["x-default"], (.["dc:subject"] | join(";"))] | @tsv"#;
    let mut jq = Command::new("jq")
        .args(["-r", query])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run jq");
    use std::io::Write;
    jq.stdin.take().unwrap().write_all(&show.stdout).unwrap();
    let out = jq.wait_with_output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("IMG_0412.xmp\tSummit cross at dawn\talps;summit;dawn;mountain;cross\n"),
        "{text}"
    );
    assert!(!text.contains("fuji.xmp"), "rated 3: {text}");
}
