//! After a write the TUI shows what the files hold, read back from disk, not the
//! model the edits made: the `xmp:MetadataDate` the writer stamps appears, in an
//! embedded packet and in a sidecar the write created. Real files, real writes
//! (the worker's write run in the test's thread).

use crate::util::tui_support;

use std::path::Path;

use tui_support::*;
use xmpedit::tui::action::{Action, Effect};
use xmpedit::tui::app::{App, Options};
use xmpedit::tui::update::update;
use xmpedit::tui::writeback::execute_write_with;
use xmpedit_core::xmp::{ns, Name};

fn metadata_date() -> Name {
    Name::new(ns::XMP, "MetadataDate")
}

/// IMG_1.jpg (no XMP) and IMG_2.NEF (no sidecar yet).
fn folder(dir: &Path) -> std::path::PathBuf {
    let f = dir.join("photos");
    std::fs::create_dir_all(&f).unwrap();
    std::fs::write(f.join("IMG_1.jpg"), xmpedit_formats::jpeg::blank()).unwrap();
    std::fs::write(f.join("IMG_2.NEF"), xmpedit_formats::tiff::blank_le()).unwrap();
    f
}

/// `keys`, then `w` `Enter`, and the write the worker would run, reported back.
fn write_with(app: &mut App, journal: &Path, ks: &str, stamp: bool) {
    keys(app, ks);
    let fx = keys(app, "w enter");
    let Some(Effect::Write(plan)) = fx.into_iter().find(|e| matches!(e, Effect::Write(_))) else {
        panic!("no write: {}", status(app));
    };
    let report = execute_write_with(&plan, Some(journal), Default::default(), stamp, &|_| {});
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    update(app, Action::WriteDone(report));
    app.sync();
}

#[test]
fn after_a_tui_write_the_detail_shows_the_metadata_date_the_writer_stamped() {
    let dir = tempfile::tempdir().unwrap();
    let f = folder(dir.path());
    let journal = dir.path().join("journal");
    let mut app = app_on_disk(&f, Options::new(&f));
    for name in ["IMG_1", "IMG_2"] {
        // No XMP at all before the write.
        assert!(app.packet(asset_named(&app, name)).is_none(), "{name}");
    }
    select(&mut app, "IMG_1");
    write_with(&mut app, &journal, "4", true);
    assert_eq!(text_of(&app, "IMG_1", &rating()).as_deref(), Some("4"));
    let date = text_of(&app, "IMG_1", &metadata_date()).expect("the stamp is shown");
    let (found, _) = xmpedit_formats::read_file(&f.join("IMG_1.jpg")).unwrap();
    assert_eq!(
        found.packet.unwrap().text(&metadata_date()),
        Some(date.as_str()),
        "the date shown is the file's"
    );
    // The raw's new sidecar joins the asset and is read back too.
    select(&mut app, "IMG_2");
    write_with(&mut app, &journal, "2", true);
    let id = asset_named(&app, "IMG_2");
    let files: Vec<String> = app
        .asset(id)
        .unwrap()
        .renditions
        .iter()
        .map(|r| format!("{} {}", r.rel, r.role))
        .collect();
    assert_eq!(files, ["IMG_2.NEF primary", "IMG_2.xmp sidecar"]);
    assert_eq!(text_of(&app, "IMG_2", &rating()).as_deref(), Some("2"));
    assert!(text_of(&app, "IMG_2", &metadata_date()).is_some());
    // Visible on screen, in the tree.
    let s = screen(&mut app, 120, 32);
    assert!(
        s.contains("Metadata Date") || s.contains("MetadataDate"),
        "{s}"
    );
}

#[test]
fn without_stamping_a_tui_write_shows_no_metadata_date() {
    let dir = tempfile::tempdir().unwrap();
    let f = folder(dir.path());
    let journal = dir.path().join("journal");
    let mut app = app_on_disk(&f, Options::new(&f));
    select(&mut app, "IMG_1");
    write_with(&mut app, &journal, "4", false);
    assert_eq!(text_of(&app, "IMG_1", &rating()).as_deref(), Some("4"));
    assert_eq!(text_of(&app, "IMG_1", &metadata_date()), None);
}
