//! One rendition's own XMP in the TUI: the detail pane lists the asset's files, Enter
//! on one makes the tree show that file's packet instead of the asset's, edits are
//! not made from that view, and Esc (or moving to another asset) goes back.

use crate::util::tui_support;

use tui_support::*;
use xmpedit::tui::app::Pane;

/// IMG_5.jpg (the JPEG's own title) with IMG_5.xmp beside it (another title): one
/// asset whose view is the JPEG's packet.
fn files() -> Vec<File> {
    vec![
        file("IMG_5.jpg", packet(3, Some("From the camera"), &[])),
        file("IMG_5.xmp", packet(5, Some("From the sidecar"), &["alps"])),
        file("IMG_6.jpg", packet(1, Some("Other"), &[])),
    ]
}

/// Tree on the first group header, focus on the detail pane's file list.
fn to_file_list(app: &mut xmpedit::tui::app::App) {
    select(app, "IMG_5");
    keys(app, "tab");
    app.tree_cursor = 0;
    keys(app, "tab");
    assert_eq!(app.focus, Pane::Detail);
    assert!(app.selected_prop().is_none());
}

fn file_index(app: &xmpedit::tui::app::App, rel: &str) -> usize {
    let a = app.asset(asset_named(app, "IMG_5")).unwrap();
    a.renditions.iter().position(|r| r.rel == rel).unwrap()
}

#[test]
fn enter_on_a_file_in_the_detail_pane_shows_that_files_own_xmp() {
    let mut app = app_with(&files());
    to_file_list(&mut app);
    assert_eq!(app.detail_len(), 2, "one line per file");
    let s = screen(&mut app, 120, 32);
    assert!(s.contains("IMG_5.xmp · sidecar · XMP"), "{s}");
    assert!(s.contains("Enter on a file: the tree shows"), "{s}");
    let merged = text_of(&app, "IMG_5", &rating());

    let xmp = file_index(&app, "IMG_5.xmp");
    app.detail_cursor = xmp;
    keys(&mut app, "enter");
    assert_eq!(app.tree.title, "IMG_5 · IMG_5.xmp only");
    let shown = |app: &xmpedit::tui::app::App| -> Vec<String> {
        app.tree
            .groups
            .iter()
            .flat_map(|g| g.props.iter().map(|p| p.summary.clone()))
            .collect()
    };
    assert!(
        shown(&app).iter().any(|v| v.contains("From the sidecar")),
        "{:?}",
        shown(&app)
    );
    assert!(shown(&app).iter().any(|v| v == "alps"), "{:?}", shown(&app));
    let s = screen(&mut app, 120, 32);
    assert!(s.contains("IMG_5 · IMG_5.xmp only"), "{s}");
    assert!(s.contains("▸IMG_5.xmp"), "the file shown is marked: {s}");

    let jpg = file_index(&app, "IMG_5.jpg");
    app.tree_cursor = 0;
    app.detail_cursor = jpg;
    keys(&mut app, "enter");
    assert_eq!(app.tree.title, "IMG_5 · IMG_5.jpg only");
    assert!(
        shown(&app).iter().any(|v| v.contains("From the camera")),
        "{:?}",
        shown(&app)
    );

    // Esc goes back to the asset's own view.
    keys(&mut app, "esc");
    assert_eq!(app.tree.title, "IMG_5");
    assert_eq!(text_of(&app, "IMG_5", &rating()), merged);
}

#[test]
fn edits_are_not_made_from_one_files_view() {
    let mut app = app_with(&files());
    to_file_list(&mut app);
    app.detail_cursor = file_index(&app, "IMG_5.xmp");
    keys(&mut app, "enter");
    let id = asset_named(&app, "IMG_5");
    keys(&mut app, "4");
    assert!(!app.is_pending(id));
    assert!(
        status(&app).contains("showing only IMG_5.xmp's own XMP"),
        "{}",
        status(&app)
    );
    // Another asset: the view is the asset's again, and edits work.
    keys(&mut app, "shift-tab shift-tab j");
    assert_eq!(app.focus, Pane::Assets);
    assert_eq!(app.tree.title, "IMG_6");
    keys(&mut app, "k");
    assert_eq!(app.tree.title, "IMG_5", "not the file view any more");
    keys(&mut app, "4");
    assert!(app.is_pending(id), "{}", status(&app));
}
