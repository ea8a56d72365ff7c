//! Issue 11, finding 10: files linked only by `xmpMM:DocumentID`/`DerivedFrom` stay
//! separate assets, and the detail pane shows the link both ways: "derived from:
//! BlueSquare (BlueSquare.png)" on the derived asset, "derivatives: IMG_9 (…)" on
//! the source.

use crate::util::tui_support;

use tui_support::*;
use xmpedit::tui::app::App;
use xmpedit_core::xmp::{ns, Name, Node, Packet};

const ST_REF: &str = "http://ns.adobe.com/xap/1.0/sType/ResourceRef#";

fn with_ids(mut p: Packet, doc: &str) -> Packet {
    p.set(Name::new(ns::XMP_MM, "DocumentID"), Node::text(doc));
    p
}

/// BlueSquare.png, and IMG_9 (a JPEG) whose packet says it was derived from it.
fn files() -> Vec<File> {
    let blue = with_ids(packet(2, Some("Blue"), &[]), "did:blue");
    let mut img9 = with_ids(packet(4, Some("Nine"), &[]), "did:img9");
    img9.set(
        Name::new(ns::XMP_MM, "DerivedFrom"),
        Node::structure(vec![(
            Name::new(ST_REF, "documentID"),
            Node::text("did:blue"),
        )]),
    );
    vec![
        file("BlueSquare.png", blue),
        file("IMG_9.jpg", img9),
        file("IMG_10.jpg", packet(1, None, &[])),
    ]
}

/// The detail pane of an asset (the tree on its first group header).
fn asset_detail(app: &mut App, asset: &str) -> String {
    select(app, asset);
    app.tree_cursor = 0;
    app.sync();
    assert!(app.selected_prop().is_none());
    // Wide enough for the detail pane to hold each line unwrapped.
    screen(app, 200, 32)
}

#[test]
fn detail_pane_shows_derived_from_and_derivatives_of_linked_assets() {
    let mut app = app_with(&files());
    assert_eq!(app.order.len(), 3, "the link does not group the files");
    let s = asset_detail(&mut app, "IMG_9");
    assert!(
        s.contains("derived from: BlueSquare (BlueSquare.png)"),
        "{s}"
    );
    assert!(!s.contains("derivatives:"), "{s}");
    let s = asset_detail(&mut app, "BlueSquare");
    assert!(s.contains("derivatives: IMG_9 (IMG_9.jpg)"), "{s}");
    assert!(!s.contains("derived from:"), "{s}");
    let s = asset_detail(&mut app, "IMG_10");
    assert!(
        !s.contains("derived from:") && !s.contains("derivatives:"),
        "{s}"
    );
}
