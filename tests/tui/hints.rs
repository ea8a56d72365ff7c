//! The footer offers only keys that act on what the cursor is on: state + keys ->
//! the footer line and the status message (issue 11: `J move` on a Bag, `Enter edit`
//! in read-only mode, "Tab to the tree" while in the tree).

use crate::util::tui_support;

use tui_support::*;
use xmpedit::tui::app::{App, Options, Pane};

fn footer(app: &mut App) -> String {
    app.status = None;
    screen(app, 120, 32)
        .lines()
        .last()
        .unwrap_or("")
        .to_string()
}

#[test]
fn move_hint_shows_on_a_seq_item_and_not_on_a_bag_item() {
    let mut app = sample();
    on_line(&mut app, "IMG_0412", &creator(), 0);
    assert!(footer(&mut app).contains("move"), "a seq item moves");
    on_line(&mut app, "IMG_0412", &subject(), 0);
    let f = footer(&mut app);
    assert!(!f.contains("move"), "a bag item has no order: {f}");
    assert!(f.contains("delete"), "{f}");
}

#[test]
fn default_hint_shows_on_a_language_only() {
    let mut app = sample();
    on_line(&mut app, "IMG_0412", &title(), 1);
    assert!(footer(&mut app).contains("default"));
    on_line(&mut app, "IMG_0412", &creator(), 0);
    assert!(!footer(&mut app).contains("default"));
}

#[test]
fn read_only_tree_footer_offers_no_edit() {
    let mut opts = Options::new(folder());
    opts.read_only = true;
    let mut app = app_opts(&sample_files(), opts);
    on_prop(&mut app, "IMG_0412", &title());
    let f = footer(&mut app);
    assert!(!f.contains("edit"), "{f}");
    assert!(f.contains("copy"), "{f}");
}

#[test]
fn delete_without_a_property_says_tab_only_from_the_asset_list() {
    let mut app = sample();
    select(&mut app, "IMG_0412");
    app.focus = Pane::Assets;
    keys(&mut app, "d");
    assert!(status(&app).contains("to the tree"), "{}", status(&app));
    app.focus = Pane::Tree;
    app.tree_cursor = 0;
    app.sync();
    assert!(
        app.selected_prop().is_none(),
        "the first tree row is a schema heading"
    );
    keys(&mut app, "d");
    let s = status(&app);
    assert!(s.contains("select a property"), "{s}");
    assert!(!s.contains("to the tree"), "already in the tree: {s}");
}
