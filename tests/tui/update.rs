//! The TUI's update logic, navigation and display state: state + keys -> state
//! without a terminal (cursor, panes, groups, marks, the filter, mixed selections,
//! scan results, mouse, help, keymap overrides, robustness of input). Editing
//! commands are in `tui_edit.rs`. The app is fed scan events for a made-up folder
//! (see `tui_support`).

use crate::util::tui_support;

use std::path::PathBuf;

use tui_support::*;
use xmpedit::tui::action::Action;
use xmpedit::tui::app::{Options, Pane};
use xmpedit::tui::keymap::Keymap;
use xmpedit::tui::popup::Mode;
use xmpedit::tui::update::update;
use xmpedit_catalog::AssetId;

#[test]
fn cursor_moves_and_the_tree_follows_it() {
    let mut app = sample();
    assert_eq!(app.order.len(), 6);
    assert_eq!(current_name(&app), "IMG_0409");
    keys(&mut app, "j");
    assert_eq!(current_name(&app), "IMG_0410");
    assert_eq!(app.tree.title, "IMG_0410");
    keys(&mut app, "down down");
    assert_eq!(current_name(&app), "IMG_0412");
    keys(&mut app, "G");
    assert_eq!(current_name(&app), "IMG_0414");
    keys(&mut app, "j");
    assert_eq!(current_name(&app), "IMG_0414", "stops at the end");
    keys(&mut app, "g");
    assert_eq!(current_name(&app), "IMG_0409");
    keys(&mut app, "pagedown");
    assert_eq!(current_name(&app), "IMG_0414");
    keys(&mut app, "k up");
    assert_eq!(current_name(&app), "IMG_0412");
}

#[test]
fn tab_and_hl_move_between_panes() {
    let mut app = sample();
    assert_eq!(app.focus, Pane::Assets);
    keys(&mut app, "tab");
    assert_eq!(app.focus, Pane::Tree);
    keys(&mut app, "tab");
    assert_eq!(app.focus, Pane::Detail);
    keys(&mut app, "tab");
    assert_eq!(app.focus, Pane::Assets);
    keys(&mut app, "shift-tab");
    assert_eq!(app.focus, Pane::Detail);
    keys(&mut app, "h");
    assert_eq!(app.focus, Pane::Tree);
    keys(&mut app, "h");
    assert!(app.tree.collapsed[0], "h on an open group collapses it");
    keys(&mut app, "h");
    assert_eq!(app.focus, Pane::Assets, "h from a closed group goes back");
    keys(&mut app, "l");
    assert_eq!(app.focus, Pane::Tree);
    keys(&mut app, "enter");
    assert!(!app.tree.collapsed[0], "Enter on a group header toggles it");
    keys(&mut app, "esc");
    assert_eq!(app.focus, Pane::Assets);
}

#[test]
fn groups_use_human_names_and_unknown_namespaces_go_under_other() {
    let mut app = sample();
    select(&mut app, "IMG_0412");
    let titles: Vec<&str> = app.tree.groups.iter().map(|g| g.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Dublin Core",
            "XMP Basic",
            "XMP Media Management",
            "Other (acme)"
        ]
    );
    // Description-like groups open, workflow and unknown ones folded.
    assert_eq!(app.tree.collapsed, [false, false, true, true]);
    let dc: Vec<&str> = app.tree.groups[0]
        .props
        .iter()
        .map(|p| p.qname.as_str())
        .collect();
    assert_eq!(
        dc,
        ["dc:title", "dc:description", "dc:creator", "dc:subject"]
    );
}

#[test]
fn groups_collapse_and_expand() {
    let mut app = sample();
    select(&mut app, "IMG_0412");
    app.focus = Pane::Tree;
    let other = app.tree.rows.len() - 1;
    app.tree_cursor = other;
    app.tree_key = app.tree.key(other);
    keys(&mut app, "l");
    assert!(!app.tree.collapsed[3], "l expands");
    assert!(app.tree.row_of(&name(ACME, "Batch")).is_some());
    keys(&mut app, "j h");
    assert!(
        app.tree.row_of(&name(ACME, "Batch")).is_some(),
        "h on a property goes to its group"
    );
    keys(&mut app, "h");
    assert!(app.tree.collapsed[3], "h on the group collapses it");
    keys(&mut app, "z");
    assert!(!app.tree.collapsed[3], "z toggles");
    // The choice sticks when another asset is shown.
    select(&mut app, "IMG_0409");
    select(&mut app, "IMG_0412");
    assert!(!app.tree.collapsed[3]);
}

#[test]
fn space_v_and_star_mark_assets() {
    let mut app = sample();
    keys(&mut app, "space");
    assert!(app.marked.contains(&asset_named(&app, "IMG_0409")));
    assert_eq!(current_name(&app), "IMG_0410", "space moves on");
    keys(&mut app, "v j j");
    assert!(app.range_anchor.is_some());
    keys(&mut app, "v");
    assert!(app.range_anchor.is_none());
    assert_eq!(app.marked.len(), 4);
    assert!(app.marked.contains(&asset_named(&app, "IMG_0412")));
    keys(&mut app, "space");
    assert!(
        !app.marked.contains(&asset_named(&app, "IMG_0412")),
        "space unmarks"
    );
    keys(&mut app, "*");
    assert_eq!(app.marked.len(), 6);
    keys(&mut app, "*");
    assert!(app.marked.is_empty(), "* again clears");
    keys(&mut app, "v j esc");
    assert!(app.range_anchor.is_none() && app.marked.is_empty());
}

#[test]
fn slash_filters_by_name_text_and_queries() {
    let mut app = sample();
    let names = |app: &xmpedit::tui::app::App| -> Vec<String> {
        app.visible
            .iter()
            .map(|id| app.asset(*id).unwrap().name.clone())
            .collect()
    };
    keys(&mut app, "/");
    type_text(&mut app, "rating>=4");
    assert_eq!(
        names(&app),
        ["IMG_0410", "IMG_0411", "IMG_0412"],
        "applied while typing"
    );
    keys(&mut app, "enter");
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.visible.len(), 3);
    keys(&mut app, "/ ctrl-u");
    type_text(&mut app, "keyword:summit");
    assert_eq!(names(&app), ["IMG_0410", "IMG_0411", "IMG_0412"]);
    keys(&mut app, "ctrl-u");
    type_text(&mut app, "lang:de");
    assert_eq!(names(&app), ["IMG_0412"]);
    keys(&mut app, "ctrl-u");
    type_text(&mut app, "gipfel");
    assert_eq!(
        names(&app),
        ["IMG_0410", "IMG_0412"],
        "free text in any value"
    );
    keys(&mut app, "ctrl-u");
    type_text(&mut app, "0413");
    assert_eq!(names(&app), ["IMG_0413"], "file names");
    keys(&mut app, "ctrl-u");
    type_text(&mut app, "is:error");
    assert_eq!(names(&app), ["IMG_0414"], "the unreadable one");
    keys(&mut app, "ctrl-u");
    type_text(&mut app, "-is:error rating<0");
    assert_eq!(names(&app), ["IMG_0413"]);
    keys(&mut app, "ctrl-u");
    type_text(&mut app, "rating>=x");
    assert!(status(&app).contains("rating>=x"), "{}", status(&app));
    keys(&mut app, "esc");
    assert_eq!(app.visible.len(), 6);
    assert!(app.filter.is_none());
    // Edits refresh the filter.
    keys(&mut app, "/");
    type_text(&mut app, "rating=5");
    keys(&mut app, "enter");
    assert_eq!(names(&app), ["IMG_0412"]);
    keys(&mut app, "3");
    assert!(app.visible.is_empty());
}

#[test]
fn key_releases_are_ignored() {
    let mut app = sample();
    release(&mut app, 'j');
    release(&mut app, '5');
    assert_eq!(current_name(&app), "IMG_0409");
    assert_eq!(app.pending_count(), 0);
    let fx = release(&mut app, 'q');
    assert!(fx.is_empty() && !app.quit);
}

#[test]
fn several_marked_assets_show_mixed_values() {
    let mut app = sample();
    keys(&mut app, "space space");
    assert_eq!(app.tree.title, "2 assets");
    assert_eq!(app.tree.subjects.len(), 2);
    assert_eq!(app.tree.mixed.get(&rating()), Some(&2));
    assert_eq!(app.tree.mixed.get(&title()), Some(&2));
    // Enter on a mixed value starts empty and replaces all.
    app.focus = Pane::Tree;
    select_prop(&mut app, &rating());
    keys(&mut app, "enter");
    assert_eq!(prompt_text(&app), "");
    type_text(&mut app, "2");
    keys(&mut app, "enter");
    assert!(!app.tree.mixed.contains_key(&rating()));
    // Equal values are not mixed.
    let mut app = sample();
    select(&mut app, "IMG_0410");
    keys(&mut app, "space");
    select(&mut app, "IMG_0411");
    keys(&mut app, "space");
    assert!(
        !app.tree.mixed.contains_key(&rating()),
        "{:?}",
        app.tree.mixed
    );
    assert_eq!(app.tree.mixed.get(&subject()), Some(&2));
}

#[test]
fn unreadable_and_unread_assets_are_marked_and_not_edited() {
    let mut app = sample();
    let bad = asset_named(&app, "IMG_0414");
    assert!(app.problems.contains(&bad));
    assert!(
        status(&app).contains("could not be read"),
        "{}",
        status(&app)
    );
    select(&mut app, "IMG_0414");
    keys(&mut app, "4");
    assert!(status(&app).contains("cannot be read"), "{}", status(&app));
    assert!(!app.is_pending(bad));

    let files = vec![File {
        name: "IMG_1.jpg",
        read: Read::Pending,
    }];
    let mut app = app_with(&files);
    keys(&mut app, "4");
    assert!(
        status(&app).contains("still being read"),
        "{}",
        status(&app)
    );
    assert!(app.tree.note.is_some());
}

#[test]
fn a_file_given_on_the_command_line_is_selected() {
    let mut opts = Options::new(FOLDER);
    opts.select = Some(PathBuf::from(FOLDER).join("IMG_0411.CR2"));
    let app = app_opts(&sample_files(), opts);
    assert_eq!(current_name(&app), "IMG_0411");
}

#[test]
fn mouse_clicks_select_rows_and_panes() {
    let mut opts = Options::new(FOLDER);
    opts.mouse = true;
    let mut app = app_opts(&sample_files(), opts);
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let click = |x, y| MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: x,
        row: y,
        modifiers: KeyModifiers::NONE,
    };
    // Header row 0, border row 1, first asset row 2.
    update(&mut app, Action::Mouse(click(5, 4)));
    assert_eq!(current_name(&app), "IMG_0411");
    update(&mut app, Action::Mouse(click(50, 3)));
    assert_eq!(app.focus, Pane::Tree);
    assert_eq!(app.tree_cursor, 1);
}

#[test]
fn help_lists_the_keys() {
    let mut app = sample();
    keys(&mut app, "?");
    assert!(matches!(app.mode, Mode::Help { .. }));
    keys(&mut app, "j j");
    assert_eq!(app.mode, Mode::Help { scroll: 2 });
    keys(&mut app, "esc");
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn the_keymap_can_be_changed_from_the_config() {
    let table: toml::Value = toml::from_str("undo = \"ctrl-z\"\nrate_5 = \"x\"").unwrap();
    let (keymap, warnings) = Keymap::from_config(Some(&table));
    assert!(warnings.is_empty());
    let mut opts = Options::new(FOLDER);
    opts.keymap = keymap;
    let mut app = app_opts(&sample_files(), opts);
    keys(&mut app, "x");
    assert_eq!(text_of(&app, "IMG_0409", &rating()).as_deref(), Some("5"));
    keys(&mut app, "5");
    assert_eq!(
        text_of(&app, "IMG_0409", &rating()).as_deref(),
        Some("5"),
        "5 is unbound now"
    );
    keys(&mut app, "ctrl-z");
    assert_eq!(text_of(&app, "IMG_0409", &rating()).as_deref(), Some("3"));
}

#[test]
fn tiny_terminals_and_resizes_never_break_updates() {
    let mut app = sample();
    for (w, h) in [(20, 6), (1, 1), (0, 0), (200, 60), (60, 20)] {
        update(&mut app, Action::Resize(w, h));
        keys(&mut app, "j tab j enter esc tab tab k pagedown pageup");
    }
    assert_eq!(app.size, (60, 20));
    let _ = AssetId(0);
}
