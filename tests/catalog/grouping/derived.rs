//! Attaching derivatives by `xmpMM:DerivedFrom` (ids and file names), with read
//! states set by hand: still no disk.

use xmpedit_catalog::{
    attach_derived, group, Asset, CatalogConfig, DerivedRef, ReadInfo, ReadState, Summary,
};
use xmpedit_formats::Format;

use super::{listing, render};

fn read(summary: Summary) -> ReadState {
    ReadState::Read(Box::new(ReadInfo {
        format: Format::Jpeg,
        has_xmp: true,
        packet: None,
        summary,
        info: None,
        others: Vec::new(),
        warnings: Vec::new(),
        unreadable: Vec::new(),
    }))
}

pub(super) fn set_read(assets: &mut [Asset], rel: &str, summary: Summary) {
    let r = assets
        .iter_mut()
        .flat_map(|a| a.renditions.iter_mut())
        .find(|r| r.rel == rel || r.path.ends_with(rel))
        .unwrap_or_else(|| panic!("no {rel}"));
    r.xmp = read(summary);
}

pub(super) fn ids(doc: &str, inst: &str) -> Summary {
    Summary {
        document_id: Some(doc.into()),
        instance_id: Some(inst.into()),
        ..Summary::default()
    }
}

fn from(r: Option<DerivedRef>) -> Summary {
    Summary {
        derived_from: r,
        ..Summary::default()
    }
}

pub(super) fn derived(
    doc: Option<&str>,
    inst: Option<&str>,
    file: Option<&str>,
) -> Option<DerivedRef> {
    Some(DerivedRef {
        document_id: doc.map(Into::into),
        instance_id: inst.map(Into::into),
        file: file.map(Into::into),
    })
}

#[test]
fn derived_from_links_by_ids_and_file_name_and_groups_only_by_name_rules() {
    let mut assets = group(
        &listing(&[
            "IMG_1.CR2",
            "IMG_1.xmp",
            "Panorama.tif",
            "Print.jpg",
            "IMG_2.dng",
            "Unrelated.jpg",
            "export/Web.jpg",
        ]),
        &CatalogConfig::default(),
    );
    // The raw's sidecar carries its ids.
    set_read(&mut assets, "IMG_1.xmp", ids("did:raw", "iid:raw"));
    // Photoshop "Save As": DerivedFrom names the source's instance.
    let mut pano = ids("did:pano", "iid:pano");
    pano.derived_from = derived(Some("did:raw"), Some("iid:raw"), None);
    set_read(&mut assets, "Panorama.tif", pano);
    // Derived from the panorama, which stays an asset of its own.
    let mut print = ids("did:print", "iid:print");
    print.derived_from = derived(Some("did:pano"), None, None);
    set_read(&mut assets, "Print.jpg", print);
    // DNG Converter writes the source's file name as plain text.
    let dng = from(derived(None, None, Some("IMG_1.CR2")));
    set_read(&mut assets, "IMG_2.dng", dng);
    // Unknown source: stays alone.
    let un = from(derived(Some("did:elsewhere"), None, None));
    set_read(&mut assets, "Unrelated.jpg", un);
    // In a derivative folder without a name match, DerivedFrom still attaches.
    let web = from(derived(None, Some("iid:raw"), None));
    set_read(&mut assets, "export/Web.jpg", web);

    // Only the export folder's file is a derivative by the name rules (a derivative
    // folder): the other links leave the assets apart and are kept as relations.
    let merges = attach_derived(&mut assets, &CatalogConfig::default());
    assert_eq!(merges.len(), 1);
    assert_eq!(
        render(&assets),
        [
            "IMG_1 = IMG_1.CR2 primary, IMG_1.xmp sidecar, export/Web.jpg derivative",
            "IMG_2 = IMG_2.dng primary",
            "Panorama = Panorama.tif primary",
            "Print = Print.jpg primary",
            "Unrelated = Unrelated.jpg primary",
        ]
    );
    let from: Vec<(&str, Vec<String>)> = assets
        .iter()
        .map(|a| {
            let files = a
                .derived_from
                .iter()
                .map(|p| p.to_string_lossy().into_owned());
            (a.name.as_str(), files.collect())
        })
        .collect();
    assert_eq!(
        from,
        [
            ("IMG_1", vec![]),
            ("IMG_2", vec!["/photos/IMG_1.CR2".to_string()]),
            ("Panorama", vec!["/photos/IMG_1.xmp".to_string()]),
            ("Print", vec!["/photos/Panorama.tif".to_string()]),
            ("Unrelated", vec![]),
        ]
    );
}

#[test]
fn derived_from_ignores_ambiguous_and_non_primary_references() {
    let mut assets = group(
        &listing(&["A.jpg", "B.jpg", "C.tif", "D.CR2", "D.JPG"]),
        &CatalogConfig::default(),
    );
    // A and B share a DocumentID (copied files): a reference to it is ambiguous.
    set_read(&mut assets, "A.jpg", ids("did:same", "iid:a"));
    set_read(&mut assets, "B.jpg", ids("did:same", "iid:b"));
    let c = from(derived(Some("did:same"), None, None));
    set_read(&mut assets, "C.tif", c);
    // D.JPG is not D's primary: its reference does not move the raw's asset.
    let d = from(derived(None, Some("iid:a"), None));
    set_read(&mut assets, "D.JPG", d);

    assert!(attach_derived(&mut assets, &CatalogConfig::default()).is_empty());
    assert_eq!(assets.len(), 4);
}
