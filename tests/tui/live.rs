//! Files created, renamed into or deleted from the open folder while the TUI runs:
//! the watcher's paths go through the worker's inspect and re-read (run here in the
//! test's thread) and the state after them shows a new asset or a new rendition of
//! an existing one, drops a deleted file (and an asset without files), keeps an
//! asset with pending edits as it is and marks it; the status bar says what happened.

use crate::util::tui_support;

use std::path::{Path, PathBuf};

use tui_support::*;
use xmpedit::tui::action::{Action, Effect};
use xmpedit::tui::app::{App, Options};
use xmpedit::tui::update::update;
use xmpedit::tui::worker;

/// IMG_1.jpg and IMG_3.jpg.
fn folder(dir: &Path) -> PathBuf {
    let f = dir.join("photos");
    std::fs::create_dir_all(&f).unwrap();
    for n in ["IMG_1.jpg", "IMG_3.jpg"] {
        std::fs::write(f.join(n), xmpedit_formats::jpeg::blank()).unwrap();
    }
    f
}

/// The watcher reports `paths`; the effects run as the shell runs them.
fn disk_changed(app: &mut App, paths: Vec<PathBuf>) {
    let mut queue = update(app, Action::DiskChanged(paths));
    while let Some(e) = queue.pop() {
        let actions = match e {
            Effect::Reread { paths, asked } => worker::reread(paths, asked),
            Effect::Inspect { paths } => vec![worker::inspect(paths)],
            other => panic!("unexpected {other:?}"),
        };
        for a in actions {
            queue.extend(update(app, a));
        }
    }
    app.sync();
}

fn names(app: &App) -> Vec<String> {
    app.visible
        .iter()
        .map(|id| app.asset(*id).unwrap().name.clone())
        .collect()
}

fn files_of(app: &App, name: &str) -> Vec<String> {
    app.asset(asset_named(app, name))
        .unwrap()
        .renditions
        .iter()
        .map(|r| format!("{} {}", r.rel, r.role))
        .collect()
}

#[test]
fn a_file_created_while_open_appears_as_a_new_asset_in_name_order() {
    let dir = tempfile::tempdir().unwrap();
    let f = folder(dir.path());
    let mut app = app_on_disk(&f, Options::new(&f));
    assert_eq!(names(&app), ["IMG_1", "IMG_3"]);
    std::fs::write(f.join("IMG_2.jpg"), xmpedit_formats::jpeg::blank()).unwrap();
    disk_changed(&mut app, vec![f.join("IMG_2.jpg")]);
    assert_eq!(names(&app), ["IMG_1", "IMG_2", "IMG_3"]);
    assert!(
        status(&app).contains("new file IMG_2.jpg"),
        "{}",
        status(&app)
    );
    let id = asset_named(&app, "IMG_2");
    assert!(
        app.asset(id).unwrap().renditions[0].xmp.info().is_some(),
        "read"
    );
    let s = screen(&mut app, 120, 32);
    assert!(s.contains("IMG_2"), "{s}");
}

#[test]
fn a_file_renamed_into_the_folder_becomes_a_rendition_of_its_asset() {
    let dir = tempfile::tempdir().unwrap();
    let f = folder(dir.path());
    let mut app = app_on_disk(&f, Options::new(&f));
    select(&mut app, "IMG_3");
    // A raw moved in from elsewhere, and its sidecar written in place.
    let outside = dir.path().join("IMG_1.NEF");
    std::fs::write(&outside, xmpedit_formats::tiff::blank_le()).unwrap();
    std::fs::rename(&outside, f.join("IMG_1.NEF")).unwrap();
    disk_changed(&mut app, vec![outside.clone(), f.join("IMG_1.NEF")]);
    assert_eq!(names(&app), ["IMG_1", "IMG_3"]);
    assert_eq!(
        files_of(&app, "IMG_1"),
        ["IMG_1.NEF primary", "IMG_1.jpg rendition"]
    );
    assert!(
        status(&app).contains("new file IMG_1.NEF: added to IMG_1"),
        "{}",
        status(&app)
    );
    // The cursor stayed on the asset it was on.
    assert_eq!(app.current(), Some(asset_named(&app, "IMG_3")));
}

#[test]
fn a_deleted_file_disappears_and_its_asset_with_its_last_file() {
    let dir = tempfile::tempdir().unwrap();
    let f = folder(dir.path());
    std::fs::write(f.join("IMG_1.xmp"), b"").unwrap();
    let mut app = app_on_disk(&f, Options::new(&f));
    assert_eq!(files_of(&app, "IMG_1").len(), 2);
    std::fs::remove_file(f.join("IMG_1.xmp")).unwrap();
    disk_changed(&mut app, vec![f.join("IMG_1.xmp")]);
    assert_eq!(files_of(&app, "IMG_1"), ["IMG_1.jpg primary"]);
    assert!(
        status(&app).contains("IMG_1.xmp was deleted"),
        "{}",
        status(&app)
    );
    std::fs::remove_file(f.join("IMG_3.jpg")).unwrap();
    disk_changed(&mut app, vec![f.join("IMG_3.jpg")]);
    assert_eq!(names(&app), ["IMG_1"]);
    assert!(
        status(&app).contains("IMG_3.jpg was deleted: asset IMG_3 removed"),
        "{}",
        status(&app)
    );
}

#[test]
fn a_deleted_file_under_pending_edits_keeps_its_asset_and_marks_it() {
    let dir = tempfile::tempdir().unwrap();
    let f = folder(dir.path());
    let mut app = app_on_disk(&f, Options::new(&f));
    select(&mut app, "IMG_3");
    keys(&mut app, "5");
    let id = asset_named(&app, "IMG_3");
    assert!(app.is_pending(id));
    std::fs::remove_file(f.join("IMG_3.jpg")).unwrap();
    disk_changed(&mut app, vec![f.join("IMG_3.jpg")]);
    assert_eq!(names(&app), ["IMG_1", "IMG_3"]);
    assert!(app.is_pending(id));
    assert!(app.needs_reload(id), "marked as changed outside");
    assert!(
        status(&app).contains("IMG_3.jpg was deleted; IMG_3 keeps its pending edits"),
        "{}",
        status(&app)
    );
}

#[test]
fn files_seen_while_the_scan_runs_are_looked_at_when_it_is_done() {
    // The made-up folder's scan is still running (one file not read yet).
    let mut app = app_with(&[
        file("IMG_0409.jpg", packet(3, None, &[])),
        File {
            name: "IMG_0410.jpg",
            read: Read::Pending,
        },
    ]);
    let new = PathBuf::from(FOLDER).join("IMG_0411.jpg");
    let fx = update(&mut app, Action::DiskChanged(vec![new.clone()]));
    assert!(fx.is_empty(), "{fx:?}");
    let fx = update(
        &mut app,
        Action::Scan(xmpedit_catalog::ScanEvent::Done { listed: 2, read: 1 }),
    );
    assert_eq!(fx, vec![Effect::Inspect { paths: vec![new] }]);
}
