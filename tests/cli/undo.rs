//! `xmpedit undo`, `redo` and `log` through the binary: sequences restore exact
//! models, a file changed since is skipped unless `--force`.

use crate::util::set_support;

use set_support::*;
use xmpedit_core::xmp::{ns, Packet};

fn models(paths: &[std::path::PathBuf]) -> Vec<Packet> {
    paths.iter().map(|p| model(p)).collect()
}

fn assert_same(a: &[Packet], b: &[Packet], what: &str) {
    for (x, y) in a.iter().zip(b) {
        assert!(same(x, y), "{what}:\n{x:?}\n!=\n{y:?}");
    }
}

#[test]
fn set_set_undo_undo_redo_redo_restores_every_state() {
    let ws = Ws::new();
    let files: Vec<_> = blanks()
        .into_iter()
        .map(|(n, b)| {
            // One asset per file: distinct base names.
            let ext = n.rsplit('.').next().unwrap();
            ws.put(&format!("{ext}_file.{ext}"), &b)
        })
        .collect();
    let dir = s(&ws.files()).to_string();
    let s0 = models(&files);
    ws.ok(
        &[
            "set",
            "-r",
            "-e",
            "xmp:Rating=1",
            "-e",
            "dc:subject+=a",
            &dir,
        ],
        0,
    );
    let s1 = models(&files);
    ws.ok(
        &[
            "set",
            "-r",
            "-e",
            "xmp:Rating=2",
            "-e",
            "-dc:subject",
            "-e",
            "dc:title=T",
            &dir,
        ],
        0,
    );
    let s2 = models(&files);
    assert!(!same(&s1[0], &s2[0]));

    ws.ok(&["undo"], 0);
    assert_same(&models(&files), &s1, "after undo 1");
    ws.ok(&["undo"], 0);
    assert_same(&models(&files), &s0, "after undo 2");
    let out = ws.run(&["undo"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("nothing to undo"));

    ws.ok(&["redo"], 0);
    assert_same(&models(&files), &s1, "after redo 1");
    ws.ok(&["redo"], 0);
    assert_same(&models(&files), &s2, "after redo 2");
    assert_eq!(ws.run(&["redo"]).status.code(), Some(1));

    ws.ok(&["undo"], 0);
    assert_same(&models(&files), &s1, "after undo 3");

    let log = ws.ok(&["log"], 0);
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 7, "{log}");
    assert!(
        lines[0].starts_with("#1 ") && lines[0].contains("xmp:Rating=1"),
        "{log}"
    );
    assert!(lines[2].contains("undo of #2"), "{log}");
    assert!(lines[6].contains("undo of #6"), "{log}");
    assert!(lines[5].contains("undone"), "{log}");
}

/// Three-way undo (issue 10): another program's edit of a property the batch did not
/// touch survives the undo; before, the whole old packet came back (with `--force`)
/// and wiped it.
#[test]
fn undo_by_id_keeps_an_edit_made_since_to_another_property() {
    let ws = Ws::new();
    let a = ws.put("a.jpg", &xmpedit_formats::jpeg::splice::blank());
    let b = ws.put("b.png", &xmpedit_formats::png::chunks::blank());
    ws.ok(&["set", "-e", "xmp:Rating=1", s(&a), s(&b)], 0);
    // Someone edits a.jpg afterwards (xmpedit here, but it could be any program).
    ws.ok(&["set", "-e", "xmp:Label=Red", s(&a)], 0);

    ws.ok(&["undo", "1"], 0);
    let pa = model(&a);
    assert!(rating(&pa).is_none(), "the batch's rating is taken back");
    assert_eq!(
        simple(&pa, ns::XMP, "Label").as_deref(),
        Some("Red"),
        "the later edit is kept"
    );
    assert!(rating(&model(&b)).is_none(), "b.png was restored");
}

/// A property changed both by the batch and since is a conflict: reported for that
/// file and left alone; `--force` takes it back anyway.
#[test]
fn undo_of_a_property_changed_since_is_a_conflict_until_forced() {
    let ws = Ws::new();
    let a = ws.put("a.jpg", &xmpedit_formats::jpeg::splice::blank());
    let b = ws.put("b.png", &xmpedit_formats::png::chunks::blank());
    ws.ok(
        &[
            "set",
            "-e",
            "xmp:Rating=1",
            "-e",
            "xmp:Label=Blue",
            s(&a),
            s(&b),
        ],
        0,
    );
    ws.ok(
        &["set", "-e", "xmp:Rating=3", "-e", "xmp:Nickname=n", s(&a)],
        0,
    );

    let out = ws.run(&["undo", "1"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("a.jpg: its XMP changed since batch #1 wrote it, in a property the batch also changed (xmp:Rating); not changed (use --force to overwrite)"),
        "{err}"
    );
    assert!(rating(&model(&b)).is_none(), "b.png was restored");
    let pa = model(&a);
    assert_eq!(
        rating(&pa).as_deref(),
        Some("3"),
        "the conflict is left alone"
    );
    assert_eq!(simple(&pa, ns::XMP, "Label").as_deref(), Some("Blue"));

    ws.ok(&["undo", "1", "--force"], 0);
    let pa = model(&a);
    assert!(rating(&pa).is_none());
    assert!(simple(&pa, ns::XMP, "Label").is_none());
    assert_eq!(
        simple(&pa, ns::XMP, "Nickname").as_deref(),
        Some("n"),
        "a property only the later edit touched survives even --force"
    );
}

/// `undo` in one folder used to take back the newest batch of any folder.
#[test]
fn undo_in_one_folder_leaves_another_folders_newer_batch_alone() {
    let ws = Ws::new();
    let a = ws.put("a/one.jpg", &xmpedit_formats::jpeg::splice::blank());
    let b = ws.put("b/two.jpg", &xmpedit_formats::jpeg::splice::blank());
    ws.ok(&["set", "-e", "xmp:Rating=1", s(&a)], 0);
    ws.ok(&["set", "-e", "xmp:Rating=2", s(&b)], 0);
    let in_dir = |dir: &std::path::Path, args: &[&str]| {
        let out = ws.command(args).current_dir(dir).output().unwrap();
        (out.status.code(), text(&out.stdout), text(&out.stderr))
    };
    let (dir_a, dir_b) = (a.parent().unwrap(), b.parent().unwrap());

    // Run from folder a: only its batch is listed and taken back.
    let (code, log, _) = in_dir(dir_a, &["log"]);
    assert_eq!(code, Some(0));
    assert_eq!(log.lines().count(), 1, "{log}");
    assert!(
        log.contains("#1 ") && log.contains(&dir_a.display().to_string()),
        "{log}"
    );
    let (code, _, err) = in_dir(dir_a, &["undo"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(rating(&model(&a)).is_none());
    assert_eq!(
        rating(&model(&b)).as_deref(),
        Some("2"),
        "folder b untouched"
    );
    let (code, _, err) = in_dir(dir_a, &["undo"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("nothing to undo in "), "{err}");

    // --in names the folder from anywhere; --all is the global behaviour.
    ws.ok(&["undo", "--in", s(dir_b)], 0);
    assert!(rating(&model(&b)).is_none());
    let (code, log, _) = in_dir(dir_a, &["log", "--all"]);
    assert_eq!(code, Some(0));
    assert_eq!(log.lines().count(), 4, "{log}");
}

/// Undo gave back the values, not the bytes (a PNG came back 8,055 bytes instead of
/// 5,998): now every writable format gets its exact bytes back, after a rewrite (the
/// first packet) and after an in-place update (the second edit fits the padding).
#[test]
fn undo_gives_back_the_exact_bytes_of_every_writable_format() {
    use xmpedit_formats as f;
    let ws = Ws::new();
    let blanks: Vec<(&str, Vec<u8>)> = vec![
        ("a.jpg", f::jpeg::blank()),
        ("b.png", f::png::blank()),
        ("c.tif", f::tiff::blank_le()),
        ("d.tif", f::tiff::blank_be()),
        ("e.webp", f::webp::blank_lossy()),
        ("f.webp", f::webp::blank_lossless()),
        ("g.gif", f::gif::blank()),
        ("h.svg", f::svg::blank()),
        ("i.glb", f::gltf::blank_glb()),
        ("j.gltf", f::gltf::blank_gltf()),
        ("k.xmp", f::sidecar::blank()),
    ];
    for (name, bytes) in &blanks {
        let p = ws.put(name, bytes);
        ws.ok(&["set", "-e", "xmp:Rating=2", s(&p)], 0);
        let first = std::fs::read(&p).unwrap();
        assert_ne!(&first, bytes, "{name}: the edit changed the file");
        ws.ok(&["set", "-e", "xmp:Rating=4", s(&p)], 0);
        assert_ne!(std::fs::read(&p).unwrap(), first, "{name}: second edit");

        let out = ws.ok(&["undo"], 0);
        assert!(out.contains("restored byte for byte"), "{name}: {out}");
        assert_eq!(
            std::fs::read(&p).unwrap(),
            first,
            "{name}: undo of the second edit"
        );
        ws.ok(&["undo"], 0);
        assert_eq!(
            &std::fs::read(&p).unwrap(),
            bytes,
            "{name}: undo of the first edit"
        );
    }
}

/// A file changed by another program since the batch is not restored byte for byte
/// (that would wipe the change): the three-way undo of its XMP runs instead.
#[test]
fn undo_after_a_foreign_change_falls_back_to_the_xmp() {
    let ws = Ws::new();
    let p = ws.put("a.png", &xmpedit_formats::png::blank());
    ws.ok(&["set", "-e", "xmp:Rating=2", s(&p)], 0);
    ws.ok(&["set", "-e", "xmp:Label=Red", s(&p)], 0);
    ws.ok(&["undo", "1"], 0);
    let m = model(&p);
    assert!(rating(&m).is_none());
    assert_eq!(simple(&m, ns::XMP, "Label").as_deref(), Some("Red"));
}
