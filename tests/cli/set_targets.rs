//! `set --to` on a RAW+JPEG(+sidecar) asset: which files are written, which stay
//! byte-identical; a new sidecar holds the asset's whole XMP; a file changed between
//! the catalog read and the write is not overwritten.

use crate::util::set_support;

use set_support::*;
use xmpedit_catalog::{Catalog, ScanOptions};
use xmpedit_core::edit::{parse_edits, Canonical};
use xmpedit_core::xmp::{ns, Name, Node, Packet, WriteOptions};
use xmpedit_formats as formats;
use xmpedit_formats::WriteRequest;
use xmpedit_session::journal::{BatchKind, Journal};
use xmpedit_session::writeback::{self, NsFilter, Selection, TargetChoice, Write};

/// A fake raw: a TIFF blank named `.CR2` holding `xmp:Label=raw`, a JPEG, and
/// optionally a sidecar.
fn asset(ws: &Ws, sidecar: bool) {
    let tif = ws.put("tmp.tif", &formats::tiff::blank_le());
    let mut p = Packet::default();
    p.props
        .push((Name::new(ns::XMP, "Label"), Node::text("raw")));
    formats::write_file(
        &tif,
        &WriteRequest {
            packet: &p,
            options: WriteOptions::default(),
            expect: None,
            force_rewrite: false,
            policy: Default::default(),
            keep_original: None,
        },
    )
    .unwrap();
    std::fs::rename(&tif, ws.path("IMG_1.CR2")).unwrap();
    ws.put("IMG_1.jpg", &formats::jpeg::splice::blank());
    if sidecar {
        ws.put("IMG_1.xmp", &formats::sidecar::blank());
    }
}

fn bytes(ws: &Ws, name: &str) -> Option<Vec<u8>> {
    std::fs::read(ws.path(name)).ok()
}

#[test]
fn original_of_a_raw_goes_to_a_new_sidecar_seeded_with_the_raws_xmp() {
    let ws = Ws::new();
    asset(&ws, false);
    let raw = bytes(&ws, "IMG_1.CR2");
    let jpg = bytes(&ws, "IMG_1.jpg");
    let out = ws.ok(&["set", "-e", "xmp:Rating=2", s(&ws.path("IMG_1.CR2"))], 0);
    assert!(out.contains("IMG_1.xmp (created)"), "{out}");
    let side = model(&ws.path("IMG_1.xmp"));
    assert_eq!(rating(&side).as_deref(), Some("2"));
    assert_eq!(simple(&side, ns::XMP, "Label").as_deref(), Some("raw"));
    assert_eq!(bytes(&ws, "IMG_1.CR2"), raw);
    assert_eq!(bytes(&ws, "IMG_1.jpg"), jpg);
    // Undo removes the sidecar it created.
    ws.ok(&["undo"], 0);
    assert!(!ws.path("IMG_1.xmp").exists());
    ws.ok(&["redo"], 0);
    assert_eq!(rating(&model(&ws.path("IMG_1.xmp"))).as_deref(), Some("2"));
}

#[test]
fn each_target_choice_writes_exactly_its_files() {
    // (choice, named file, files that change)
    let cases: &[(&str, &str, &[&str])] = &[
        ("original", "IMG_1.jpg", &["IMG_1.jpg"]),
        ("original", "IMG_1.CR2", &["IMG_1.xmp"]),
        ("sidecar", "IMG_1.jpg", &["IMG_1.xmp"]),
        ("all", "IMG_1.jpg", &["IMG_1.jpg", "IMG_1.xmp"]),
        ("*.jpg", "IMG_1.CR2", &["IMG_1.jpg"]),
        (
            "IMG_1.xmp,IMG_1.jpg",
            "IMG_1.jpg",
            &["IMG_1.jpg", "IMG_1.xmp"],
        ),
    ];
    let names = ["IMG_1.CR2", "IMG_1.jpg", "IMG_1.xmp"];
    for (choice, named, changed) in cases {
        let ws = Ws::new();
        asset(&ws, true);
        let before: Vec<_> = names.iter().map(|n| bytes(&ws, n)).collect();
        let out = ws.ok(
            &[
                "set",
                "--to",
                choice,
                "-e",
                "xmp:Rating=5",
                s(&ws.path(named)),
            ],
            0,
        );
        for (n, b) in names.iter().zip(&before) {
            let now = bytes(&ws, n);
            if changed.contains(n) {
                assert_ne!(&now, b, "--to {choice}: {n} should change: {out}");
                assert_eq!(rating(&model(&ws.path(n))).as_deref(), Some("5"));
                if exiftool() {
                    let j = exiftool_json(&ws.path(n));
                    assert_eq!(j["Rating"], serde_json::json!(5), "{n}: {j}");
                }
            } else {
                assert_eq!(&now, b, "--to {choice}: {n} should not change: {out}");
            }
        }
    }
}

#[test]
fn a_raw_cannot_be_a_listed_target() {
    let ws = Ws::new();
    asset(&ws, true);
    let out = ws.run(&[
        "set",
        "--to",
        "*.CR2",
        "-e",
        "xmp:Rating=1",
        s(&ws.path("IMG_1.jpg")),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("IMG_1.CR2 cannot hold XMP (raw); use --to sidecar"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn unknown_namespaces_stay_in_the_original() {
    let ws = Ws::new();
    asset(&ws, true);
    ws.ok(
        &[
            "set",
            "--to",
            "all",
            "--ns",
            "acme=http://ns.acme.test/1.0/",
            "-e",
            "acme:Job=7",
            "-e",
            "xmp:Rating=3",
            s(&ws.path("IMG_1.CR2")),
        ],
        0,
    );
    let side = model(&ws.path("IMG_1.xmp"));
    let jpg = model(&ws.path("IMG_1.jpg"));
    assert_eq!(
        simple(&side, "http://ns.acme.test/1.0/", "Job").as_deref(),
        Some("7")
    );
    assert_eq!(rating(&jpg).as_deref(), Some("3"));
    assert!(simple(&jpg, "http://ns.acme.test/1.0/", "Job").is_none());
}

#[test]
fn a_file_changed_since_the_read_is_not_overwritten() {
    let ws = Ws::new();
    let path = ws.put("a.jpg", &formats::jpeg::splice::blank());
    let folder = std::fs::canonicalize(ws.files()).unwrap();
    let catalog = Catalog::load(std::slice::from_ref(&folder), &ScanOptions::default());
    let asset = catalog.sorted()[0];
    // Another program writes the file after our read.
    let mut other = Packet::default();
    other
        .props
        .push((Name::new(ns::XMP, "Label"), Node::text("theirs")));
    formats::write_file(
        &path,
        &WriteRequest {
            packet: &other,
            options: WriteOptions::default(),
            expect: None,
            force_rewrite: false,
            policy: Default::default(),
            keep_original: None,
        },
    )
    .unwrap();
    let ops = parse_edits(
        &["xmp:Rating=1"],
        &Canonical,
        &xmpedit_core::schema::Registry::default(),
    )
    .unwrap();
    let sel = [Selection { asset, named: &[] }];
    let plan = writeback::plan(
        &sel,
        &ops,
        &TargetChoice::Original,
        &NsFilter::default(),
        &Canonical,
    );
    assert_eq!(plan.changes().count(), 1);
    let writes: Vec<Write> = plan
        .changes()
        .map(|f| Write {
            path: f.path.clone(),
            identity: f.identity,
            old: f.old.clone(),
            new: Some(f.new.clone()),
            reach: writeback::Reach::Named,
            restore: None,
        })
        .collect();
    let mut journal = Journal::open(ws.dir.path().join("journal")).unwrap();
    let report = writeback::execute(
        &mut journal,
        "test",
        BatchKind::Edit,
        ops,
        writes,
        Default::default(),
    )
    .unwrap();
    let err = report.outcomes[0].result.clone().unwrap_err().to_string();
    assert!(err.contains("changed since it was read"), "{err}");
    let now = model(&path);
    assert_eq!(simple(&now, ns::XMP, "Label").as_deref(), Some("theirs"));
    assert!(rating(&now).is_none());
    // The batch records the refusal, so undo has nothing of it to take back.
    assert_eq!(journal.next_undo(), None);
}

#[test]
fn plain_files_without_a_catalog() {
    let ws = Ws::new();
    let a = ws.put("a.gif", &formats::gif::blocks::blank());
    let side = std::fs::canonicalize(ws.files()).unwrap().join("new.xmp");
    let ops = parse_edits(
        &["dc:subject+=x"],
        &Canonical,
        &xmpedit_core::schema::Registry::default(),
    )
    .unwrap();
    let a = std::fs::canonicalize(a).unwrap();
    let plan = writeback::plan_files(&[a.clone(), side.clone()], &ops, &Canonical);
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    assert!(plan.files.iter().all(|f| f.changed));
    assert!(plan.files[1].creates());
    let writes: Vec<Write> = plan
        .changes()
        .map(|f| Write {
            path: f.path.clone(),
            identity: f.identity,
            old: f.old.clone(),
            new: Some(f.new.clone()),
            reach: writeback::Reach::Named,
            restore: None,
        })
        .collect();
    let mut journal = Journal::open(ws.dir.path().join("journal")).unwrap();
    let report = writeback::execute(
        &mut journal,
        "test",
        BatchKind::Edit,
        ops,
        writes,
        Default::default(),
    )
    .unwrap();
    let done: Vec<_> = report.outcomes.iter().map(|o| o.result.clone()).collect();
    assert_eq!(
        done,
        [Ok(writeback::Done::Rewritten), Ok(writeback::Done::Created)]
    );
    assert_eq!(items(&model(&a), ns::DC, "subject"), ["x"]);
    assert_eq!(items(&model(&side), ns::DC, "subject"), ["x"]);
}

#[test]
fn a_sidecar_collision_is_a_per_asset_error() {
    let ws = Ws::new();
    ws.put("IMG_1.CR2", &formats::tiff::blank_le());
    ws.put("IMG_1.NEF", &formats::tiff::blank_le());
    let side = ws.put("IMG_1.xmp", &formats::sidecar::blank());
    let before = std::fs::read(&side).unwrap();
    let out = ws.run(&[
        "set",
        "--to",
        "sidecar",
        "-e",
        "xmp:Rating=1",
        s(&ws.path("IMG_1.CR2")),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("could belong to"), "{err}");
    assert_eq!(std::fs::read(&side).unwrap(), before);
}

#[test]
fn the_writeback_block_list_keeps_a_namespace_out_of_other_files() {
    let ws = Ws::new();
    asset(&ws, true);
    std::fs::write(
        ws.dir.path().join("config.toml"),
        "[writeback]\nblock = [\"photoshop\"]\n",
    )
    .unwrap();
    ws.ok(
        &[
            "set",
            "--to",
            "all",
            "-e",
            "photoshop:City=Paris",
            "-e",
            "xmp:Rating=4",
            s(&ws.path("IMG_1.CR2")),
        ],
        0,
    );
    // The sidecar stands for the raw (the original); the JPEG is another file.
    let side = model(&ws.path("IMG_1.xmp"));
    let jpg = model(&ws.path("IMG_1.jpg"));
    assert_eq!(
        simple(&side, ns::PHOTOSHOP, "City").as_deref(),
        Some("Paris")
    );
    assert!(simple(&jpg, ns::PHOTOSHOP, "City").is_none());
    assert_eq!(rating(&jpg).as_deref(), Some("4"));

    std::fs::write(
        ws.dir.path().join("config.toml"),
        "[writeback]\nallowed = []\n",
    )
    .unwrap();
    let out = ws.run(&["set", "-e", "xmp:Rating=1", s(&ws.path("IMG_1.jpg"))]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("unknown key writeback.allowed"),
        "{}",
        text(&out.stderr)
    );
}
