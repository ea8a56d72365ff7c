//! Files that appear in or vanish from a scanned folder afterwards (the TUI's folder
//! watcher): a new file joins the asset its name groups it with, or makes a new
//! asset; roles follow the grouping (a raw appearing beside a JPEG becomes primary);
//! a removed file leaves its asset, and the asset goes with its last file. Ids of
//! everything already there stay.

use std::fs;
use std::path::Path;

use xmpedit_catalog::{Catalog, Role, ScanOptions};

fn load(d: &Path) -> Catalog {
    let opts = ScanOptions {
        recursive: true,
        keep_packets: true,
        ..ScanOptions::default()
    };
    Catalog::load(&[d.to_path_buf()], &opts)
}

fn roles(c: &Catalog, name: &str) -> Vec<String> {
    let a = c.assets().find(|a| a.name == name).expect(name);
    a.renditions
        .iter()
        .map(|r| format!("{} {}", r.rel, r.role))
        .collect()
}

#[test]
fn a_new_file_joins_its_asset_or_makes_a_new_one_and_removal_undoes_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("IMG_1.jpg"), xmpedit_formats::jpeg::blank()).unwrap();
    fs::create_dir(d.join("export")).unwrap();
    let mut c = load(d);
    assert_eq!(c.len(), 1);
    let img1 = c.assets().next().unwrap().id;
    let jpg = c.find(&d.join("IMG_1.jpg")).unwrap().1.id;

    // The raw arrives after the camera JPEG: same asset, and it is the primary now.
    fs::write(d.join("IMG_1.NEF"), xmpedit_formats::tiff::blank_le()).unwrap();
    let j = c.add_file(&d.join("IMG_1.NEF"), 8).expect("joins");
    assert_eq!((j.asset, j.new_asset), (img1, false));
    assert_eq!(
        roles(&c, "IMG_1"),
        ["IMG_1.NEF primary", "IMG_1.jpg rendition"]
    );
    assert_eq!(c.find(&d.join("IMG_1.jpg")).unwrap().1.id, jpg, "ids stay");
    assert_eq!(c.asset_of(j.file), Some(img1));

    // A sidecar, an export in the derivative folder, a numbered copy.
    for (rel, role) in [
        ("IMG_1.xmp", Role::Sidecar),
        ("export/IMG_1.jpg", Role::Derivative),
        ("IMG_1 (1).jpg", Role::Derivative),
    ] {
        let j = c.add_file(&d.join(rel), 10).expect(rel);
        assert_eq!((j.asset, j.new_asset), (img1, false), "{rel}");
        let (_, r) = c.rendition(j.file).unwrap();
        assert_eq!(r.role, role, "{rel}");
    }
    // Already known, hidden, or this program's temp file: nothing.
    assert!(c.add_file(&d.join("IMG_1.xmp"), 10).is_none());
    assert!(c
        .add_file(&d.join(".IMG_1.jpg.xmpedit-tmp-1-1"), 10)
        .is_none());
    assert!(c.add_file(&d.join(".hidden.jpg"), 10).is_none());
    // Outside every listed folder (a new subfolder is not listed).
    assert!(c.add_file(&d.join("new/IMG_5.jpg"), 10).is_none());

    // Another name: an asset of its own, with a new id.
    let j = c.add_file(&d.join("IMG_2.png"), 10).expect("new asset");
    assert!(j.new_asset);
    assert_ne!(j.asset, img1);
    assert_eq!(roles(&c, "IMG_2"), ["IMG_2.png primary"]);
    assert_eq!(c.len(), 2);

    // Removing the raw gives the JPEG its primary role back; the last file of IMG_2
    // takes the asset with it.
    let left = c.remove_file(&d.join("IMG_1.NEF")).expect("known");
    assert!(!left.asset_gone);
    assert_eq!(c.asset(img1).unwrap().primary().unwrap().rel, "IMG_1.jpg");
    let left = c.remove_file(&d.join("IMG_2.png")).expect("known");
    assert!(left.asset_gone);
    assert!(c.asset(j.asset).is_none());
    assert_eq!(c.len(), 1);
    assert!(c.remove_file(&d.join("IMG_2.png")).is_none());
}

#[test]
fn files_are_not_added_while_the_scan_runs() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Catalog::new(true);
    assert!(c.add_file(&dir.path().join("IMG_1.jpg"), 10).is_none());
}
