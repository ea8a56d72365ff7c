//! Regression tests for issue 11, finding 10 ("grouping surprises"): a DocumentID
//! link merged unrelated files into an asset named after another file, the camera
//! JPEG beside a raw was `other`, numbered copies and `_v2` versions stayed apart.

use std::path::{Path, PathBuf};

use xmpedit_catalog::{attach_derived, group, CatalogConfig, TargetKind};

use super::derived::{derived, ids, set_read};
use super::{listing, render, ROOT};

fn p(name: &str) -> PathBuf {
    Path::new(ROOT).join(name)
}

#[test]
fn files_sharing_only_a_document_id_stay_separate_assets() {
    let rules = CatalogConfig::default();
    let mut assets = group(
        &listing(&["BlueSquare.png", "IMG_9.NEF", "IMG_9.JPG", "IMG_9.xmp"]),
        &rules,
    );
    set_read(&mut assets, "BlueSquare.png", ids("did:blue", "iid:blue"));
    // The camera file's sidecar came from a template that carried a DerivedFrom.
    let mut side = ids("did:img9", "iid:img9");
    side.derived_from = derived(Some("did:blue"), None, None);
    set_read(&mut assets, "IMG_9.xmp", side);

    assert!(attach_derived(&mut assets, &rules).is_empty());
    assert_eq!(
        render(&assets),
        [
            "BlueSquare = BlueSquare.png primary",
            "IMG_9 = IMG_9.NEF primary, IMG_9.JPG rendition, IMG_9.xmp sidecar",
        ]
    );
    // The link is kept as a relation between the two assets.
    let img9 = assets.iter().find(|a| a.name == "IMG_9").unwrap();
    assert_eq!(img9.derived_from, [p("BlueSquare.png")]);
    let blue = assets.iter().find(|a| a.name == "BlueSquare").unwrap();
    assert!(blue.derived_from.is_empty());
}

#[test]
fn asset_is_named_after_its_own_stem() {
    let rules = CatalogConfig::default();
    let mut assets = group(&listing(&["BlueSquare.tif", "IMG_9.jpg"]), &rules);
    set_read(&mut assets, "BlueSquare.tif", ids("did:blue", "iid:blue"));
    let mut jpeg = ids("did:img9", "iid:img9");
    jpeg.derived_from = derived(Some("did:blue"), Some("iid:blue"), None);
    set_read(&mut assets, "IMG_9.jpg", jpeg);
    attach_derived(&mut assets, &rules);
    for a in &assets {
        let primary = a.primary().unwrap();
        let stem = primary.file_name().rsplit_once('.').unwrap().0;
        assert_eq!(a.name, stem, "{:?}", render(&assets));
    }
    assert_eq!(
        render(&assets),
        [
            "BlueSquare = BlueSquare.tif primary",
            "IMG_9 = IMG_9.jpg primary"
        ]
    );
}

#[test]
fn camera_jpeg_beside_a_raw_is_a_rendition() {
    let assets = group(
        &listing(&[
            "IMG_1.CR2",
            "IMG_1.JPG",
            "IMG_2.NEF",
            "IMG_2.jpg",
            "IMG_2.xmp",
        ]),
        &CatalogConfig::default(),
    );
    assert_eq!(
        render(&assets),
        [
            "IMG_1 = IMG_1.CR2 primary, IMG_1.JPG rendition",
            "IMG_2 = IMG_2.NEF primary, IMG_2.jpg rendition, IMG_2.xmp sidecar",
        ]
    );
}

#[test]
fn numbered_copies_and_version_suffixes_group_with_the_original() {
    let assets = group(
        &listing(&[
            "IMG_9.jpg",
            "IMG_9 (1).jpg",
            "IMG_9 (12).jpg",
            "IMG_9_v2.jpg",
            "IMG_9-v3.tif",
            "IMG_9_v2-Edit.tif",
            "export/IMG_9 (1).jpg",
            // Not a numbered copy or a version: no digits, or nothing before them.
            "IMG_9_v.jpg",
            "IMG_9 ().jpg",
            "(1).jpg",
            // No original in the folder: a copy stays an asset of its own.
            "DSC_4 (1).jpg",
        ]),
        &CatalogConfig::default(),
    );
    assert_eq!(
        render(&assets),
        [
            "(1) = (1).jpg primary",
            "DSC_4 (1) = DSC_4 (1).jpg primary",
            "IMG_9 = IMG_9.jpg primary, IMG_9 (1).jpg derivative, IMG_9 (12).jpg derivative, \
             IMG_9-v3.tif derivative, IMG_9_v2-Edit.tif derivative, IMG_9_v2.jpg derivative, \
             export/IMG_9 (1).jpg derivative",
            "IMG_9 () = IMG_9 ().jpg primary",
            "IMG_9_v = IMG_9_v.jpg primary",
        ]
    );
}

#[test]
fn offered_sidecar_is_named_after_the_assets_stem() {
    let rules = CatalogConfig::default();
    // A sidecar-only asset (a metadata template) and a raw derived from it.
    let mut assets = group(&listing(&["BlueSquare.xmp", "IMG_9.NEF"]), &rules);
    set_read(&mut assets, "BlueSquare.xmp", ids("did:blue", "iid:blue"));
    let mut raw = ids("did:img9", "iid:img9");
    raw.derived_from = derived(Some("did:blue"), None, None);
    set_read(&mut assets, "IMG_9.NEF", raw);
    attach_derived(&mut assets, &rules);
    let img9 = assets
        .iter()
        .find(|a| a.renditions.iter().any(|r| r.rel == "IMG_9.NEF"))
        .unwrap();
    assert_eq!(img9.name, "IMG_9");
    assert_eq!(img9.sidecar_path(), Some(p("IMG_9.xmp")));
    let targets: Vec<(PathBuf, TargetKind)> = img9
        .xmp_targets()
        .into_iter()
        .map(|t| (t.path, t.kind))
        .collect();
    assert_eq!(
        targets,
        [(p("IMG_9.xmp"), TargetKind::Sidecar { exists: false })]
    );
}
