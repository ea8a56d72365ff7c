//! The TUI's update logic, editing: state + keys -> state for every command that
//! changes metadata (ratings, values, languages, items, properties, copy/paste,
//! expressions, undo/redo, read-only mode). Writing and dialogs: `tui_write.rs`.

use crate::util::tui_support;

use tui_support::*;
use xmpedit::tui::action::{Action, Effect};
use xmpedit::tui::app::{Options, Pane};
use xmpedit::tui::popup::{Mode, PromptKind};
use xmpedit::tui::update::update;
use xmpedit_core::xmp::ns;

#[test]
fn digits_and_minus_set_the_rating_of_the_current_asset() {
    let mut app = sample();
    keys(&mut app, "5");
    assert_eq!(text_of(&app, "IMG_0409", &rating()).as_deref(), Some("5"));
    assert!(app.is_pending(asset_named(&app, "IMG_0409")));
    assert_eq!(app.pending_count(), 1);
    assert!(status(&app).contains("xmp:Rating=5"), "{}", status(&app));
    keys(&mut app, "-");
    assert_eq!(text_of(&app, "IMG_0409", &rating()).as_deref(), Some("-1"));
    keys(&mut app, "0");
    assert_eq!(text_of(&app, "IMG_0409", &rating()).as_deref(), Some("0"));
    assert_eq!(
        app.rating_text(asset_named(&app, "IMG_0409")).as_deref(),
        Some("☆☆☆☆☆")
    );
    // Setting the value it already has changes nothing.
    keys(&mut app, "j 4");
    assert!(!app.is_pending(asset_named(&app, "IMG_0410")));
    assert!(status(&app).contains("nothing changed"), "{}", status(&app));
}

#[test]
fn edits_apply_to_marked_assets_else_the_current_one() {
    let mut app = sample();
    keys(&mut app, "space space 2");
    assert_eq!(current_name(&app), "IMG_0411");
    for (a, r) in [
        ("IMG_0409", "2"),
        ("IMG_0410", "2"),
        ("IMG_0411", "4"),
        ("IMG_0413", "-1"),
    ] {
        assert_eq!(text_of(&app, a, &rating()).as_deref(), Some(r), "{a}");
    }
    assert_eq!(app.pending_count(), 2);
    assert!(status(&app).contains("2 assets"), "{}", status(&app));
}

#[test]
fn u_and_ctrl_r_undo_and_redo_pending_edits() {
    let mut app = sample();
    keys(&mut app, "4 5");
    assert_eq!(text_of(&app, "IMG_0409", &rating()).as_deref(), Some("5"));
    keys(&mut app, "u");
    assert_eq!(text_of(&app, "IMG_0409", &rating()).as_deref(), Some("4"));
    keys(&mut app, "u");
    assert_eq!(text_of(&app, "IMG_0409", &rating()).as_deref(), Some("3"));
    assert_eq!(app.pending_count(), 0);
    keys(&mut app, "u");
    assert!(status(&app).contains("nothing to undo"));
    keys(&mut app, "ctrl-r");
    assert_eq!(text_of(&app, "IMG_0409", &rating()).as_deref(), Some("4"));
    assert!(status(&app).starts_with("redone"), "{}", status(&app));
    keys(&mut app, "1 ctrl-r");
    assert!(
        status(&app).contains("nothing to redo"),
        "a new edit clears redo"
    );
}

#[test]
fn enter_edits_a_simple_value_and_esc_cancels() {
    let mut app = sample();
    let date = name(ns::XMP, "CreateDate");
    on_prop(&mut app, "IMG_0412", &date);
    keys(&mut app, "enter");
    assert_eq!(prompt_text(&app), "2024-08-14T06:12:03");
    keys(&mut app, "ctrl-u");
    type_text(&mut app, "2024-08-15");
    keys(&mut app, "esc");
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(
        text_of(&app, "IMG_0412", &date).as_deref(),
        Some("2024-08-14T06:12:03")
    );
    keys(&mut app, "enter ctrl-u");
    type_text(&mut app, "2024-08-15");
    keys(&mut app, "enter");
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(
        text_of(&app, "IMG_0412", &date).as_deref(),
        Some("2024-08-15")
    );
    assert!(app.tree.pending.contains(&date));
}

#[test]
fn a_refused_value_keeps_the_prompt_open_with_the_reason() {
    let mut app = sample();
    on_prop(&mut app, "IMG_0412", &rating());
    keys(&mut app, "enter ctrl-u");
    type_text(&mut app, "7");
    keys(&mut app, "enter");
    let err = prompt_error(&app).expect("an error");
    assert!(err.contains("xmp:Rating"), "{err}");
    assert_eq!(text_of(&app, "IMG_0412", &rating()).as_deref(), Some("5"));
    let date = name(ns::XMP, "CreateDate");
    on_prop(&mut app, "IMG_0412", &date);
    app.mode = Mode::Normal;
    keys(&mut app, "enter ctrl-u");
    type_text(&mut app, "yesterday");
    keys(&mut app, "enter");
    assert!(
        prompt_error(&app).is_some_and(|e| e.contains("Date")),
        "{:?}",
        prompt_error(&app)
    );
}

#[test]
fn languages_are_added_with_completion_edited_deleted_and_made_default() {
    let mut app = sample();
    on_prop(&mut app, "IMG_0410", &title());
    app.focus = Pane::Detail;
    keys(&mut app, "a");
    let Mode::Prompt(p) = &app.mode else { panic!() };
    assert!(matches!(p.kind, PromptKind::LangTag { .. }));
    assert!(
        p.completions.contains(&"de-DE".to_string()),
        "{:?}",
        p.completions
    );
    assert!(
        !p.completions.contains(&"x-default".to_string()),
        "already there"
    );
    type_text(&mut app, "d");
    keys(&mut app, "tab");
    assert_eq!(prompt_text(&app), "de-DE");
    keys(&mut app, "enter");
    type_text(&mut app, "Gipfel am Morgen");
    keys(&mut app, "enter");
    assert_eq!(
        lang_of(&app, "IMG_0410", "de-DE").as_deref(),
        Some("Gipfel am Morgen")
    );
    // The x-default was the only item: it mirrors the first real language
    // (docs/data-model.md, "Setting a language").
    assert_eq!(
        lang_of(&app, "IMG_0410", "x-default").as_deref(),
        Some("Gipfel am Morgen")
    );

    // Tags are checked and canonicalised.
    keys(&mut app, "a");
    type_text(&mut app, "12!");
    keys(&mut app, "enter");
    assert!(prompt_error(&app).is_some_and(|e| e.contains("12!")));
    keys(&mut app, "ctrl-u");
    type_text(&mut app, "fr-ch");
    keys(&mut app, "enter");
    let Mode::Prompt(p) = &app.mode else { panic!() };
    assert!(p.title.contains("[fr-CH]"), "{}", p.title);
    type_text(&mut app, "Croix");
    keys(&mut app, "enter");
    let t = shown(&app, "IMG_0410").get(&title()).unwrap().clone();
    assert_eq!(
        xmpedit_core::xmp::lang::languages(&t),
        ["x-default", "de-DE", "fr-CH"]
    );

    // Edit, make default, delete, on the detail lines.
    app.detail_cursor = 1;
    keys(&mut app, "enter ctrl-u");
    type_text(&mut app, "Kreuz");
    keys(&mut app, "enter");
    assert_eq!(lang_of(&app, "IMG_0410", "de-DE").as_deref(), Some("Kreuz"));
    app.detail_cursor = 2;
    keys(&mut app, "*");
    assert_eq!(
        lang_of(&app, "IMG_0410", "x-default").as_deref(),
        Some("Croix")
    );
    app.detail_cursor = 2;
    keys(&mut app, "d");
    let t = shown(&app, "IMG_0410").get(&title()).unwrap().clone();
    assert_eq!(
        xmpedit_core::xmp::lang::languages(&t),
        ["x-default", "de-DE"]
    );
}

#[test]
fn seq_and_bag_items_are_added_edited_deleted_and_moved() {
    let mut app = sample();
    on_line(&mut app, "IMG_0412", &creator(), 0);
    keys(&mut app, "J");
    assert_eq!(
        items_of(&app, "IMG_0412", &creator()),
        ["Bo Second", "Ada Example"]
    );
    assert_eq!(app.detail_cursor, 1, "the cursor moves with the item");
    keys(&mut app, "K");
    assert_eq!(
        items_of(&app, "IMG_0412", &creator()),
        ["Ada Example", "Bo Second"]
    );
    keys(&mut app, "K");
    assert_eq!(
        items_of(&app, "IMG_0412", &creator()),
        ["Ada Example", "Bo Second"],
        "no move past the top"
    );
    keys(&mut app, "enter");
    assert_eq!(prompt_text(&app), "Ada Example");
    keys(&mut app, "ctrl-u");
    type_text(&mut app, "Ada Lovelace");
    keys(&mut app, "enter a");
    type_text(&mut app, "Cy Third");
    keys(&mut app, "enter");
    assert_eq!(
        items_of(&app, "IMG_0412", &creator()),
        ["Ada Lovelace", "Bo Second", "Cy Third"]
    );
    app.detail_cursor = 1;
    keys(&mut app, "d");
    assert_eq!(
        items_of(&app, "IMG_0412", &creator()),
        ["Ada Lovelace", "Cy Third"]
    );

    on_line(&mut app, "IMG_0412", &subject(), 0);
    keys(&mut app, "J");
    assert_eq!(
        items_of(&app, "IMG_0412", &subject()),
        ["alps", "summit", "cross"]
    );
    assert!(status(&app).contains("bags"), "{}", status(&app));
    keys(&mut app, "a");
    type_text(&mut app, "sunrise");
    keys(&mut app, "enter");
    assert_eq!(
        items_of(&app, "IMG_0412", &subject()),
        ["alps", "summit", "cross", "sunrise"]
    );
}

#[test]
fn a_adds_a_property_picked_by_fuzzy_search() {
    let mut app = sample();
    select(&mut app, "IMG_0409");
    keys(&mut app, "tab a");
    assert!(matches!(app.mode, Mode::AddProperty(_)));
    type_text(&mut app, "city");
    let Mode::AddProperty(p) = &app.mode else {
        panic!()
    };
    let first = &xmpedit::tui::popup::candidates()[p.matches[0]];
    assert_eq!(first.qname, "photoshop:City");
    keys(&mut app, "enter");
    type_text(&mut app, "Zermatt");
    keys(&mut app, "enter");
    let city = name(ns::PHOTOSHOP, "City");
    assert_eq!(text_of(&app, "IMG_0409", &city).as_deref(), Some("Zermatt"));
    // Descriptions are searched too.
    keys(&mut app, "a");
    type_text(&mut app, "formal title");
    let Mode::AddProperty(p) = &app.mode else {
        panic!()
    };
    let found: Vec<&str> = p
        .matches
        .iter()
        .map(|&i| xmpedit::tui::popup::candidates()[i].qname.as_str())
        .collect();
    assert!(found.contains(&"dc:title"), "{found:?}");
    keys(&mut app, "esc");
    assert_eq!(app.mode, Mode::Normal);
    // A language alternative asks for the language first.
    keys(&mut app, "a");
    type_text(&mut app, "dc:description");
    keys(&mut app, "enter");
    type_text(&mut app, "de");
    keys(&mut app, "enter");
    type_text(&mut app, "Morgenlicht");
    keys(&mut app, "enter");
    let desc = shown(&app, "IMG_0409")
        .get(&name(ns::DC, "description"))
        .unwrap()
        .clone();
    assert_eq!(
        xmpedit_core::xmp::lang::get_text(&desc, "de"),
        Some("Morgenlicht")
    );
    assert_eq!(
        xmpedit_core::xmp::lang::get_text(&desc, "x-default"),
        Some("Morgenlicht")
    );
}

#[test]
fn d_deletes_the_selected_property() {
    let mut app = sample();
    let date = name(ns::XMP, "CreateDate");
    on_prop(&mut app, "IMG_0412", &date);
    keys(&mut app, "d");
    assert!(shown(&app, "IMG_0412").get(&date).is_none());
    assert!(status(&app).contains("-xmp:CreateDate"), "{}", status(&app));
    app.focus = Pane::Assets;
    keys(&mut app, "d");
    assert!(
        status(&app).contains("select a property"),
        "{}",
        status(&app)
    );
}

#[test]
fn y_copies_and_p_pastes_onto_the_marked_assets() {
    let mut app = sample();
    on_prop(&mut app, "IMG_0412", &subject());
    let fx = keys(&mut app, "y");
    assert_eq!(fx, vec![Effect::Copy("alps, summit, cross".into())]);
    app.focus = Pane::Assets;
    select(&mut app, "IMG_0409");
    keys(&mut app, "space space p");
    for a in ["IMG_0409", "IMG_0410"] {
        assert_eq!(
            items_of(&app, a, &subject()),
            ["alps", "summit", "cross"],
            "{a}"
        );
    }
    // One language copied lands as that language.
    keys(&mut app, "*");
    assert!(!app.marked.is_empty());
    keys(&mut app, "*");
    on_line(&mut app, "IMG_0412", &title(), 1);
    let fx = keys(&mut app, "y");
    assert_eq!(fx, vec![Effect::Copy("Gipfelkreuz".into())]);
    select(&mut app, "IMG_0413");
    keys(&mut app, "p");
    assert_eq!(
        lang_of(&app, "IMG_0413", "de-DE").as_deref(),
        Some("Gipfelkreuz")
    );
}

#[test]
fn colon_applies_an_edit_expression() {
    let mut app = sample();
    keys(&mut app, ":");
    type_text(&mut app, "dc:title[de]=Gipfel");
    keys(&mut app, "enter");
    assert_eq!(lang_of(&app, "IMG_0409", "de").as_deref(), Some("Gipfel"));
    keys(&mut app, ":");
    type_text(&mut app, "dc:title[");
    keys(&mut app, "enter");
    assert!(prompt_error(&app).is_some());
}

#[test]
fn read_only_mode_says_why_editing_keys_do_nothing() {
    let mut opts = Options::new(FOLDER);
    opts.read_only = true;
    let mut app = app_opts(&sample_files(), opts);
    for k in ["5", "-", "a", "d", "p", "u", "ctrl-r", "w", ":"] {
        app.status = None;
        let fx = keys(&mut app, k);
        assert!(fx.is_empty(), "{k}: {fx:?}");
        assert!(status(&app).contains("read-only"), "{k}: {}", status(&app));
        assert_eq!(app.mode, Mode::Normal, "{k}");
    }
    assert_eq!(app.pending_count(), 0);
    on_prop(&mut app, "IMG_0412", &rating());
    keys(&mut app, "enter");
    assert_eq!(app.mode, Mode::Normal);
    assert!(status(&app).contains("read-only"), "{}", status(&app));
    // Looking around still works.
    keys(&mut app, "j y");
    assert!(app.clip.is_some());
}

#[test]
fn a_pasted_newline_is_text_not_enter() {
    let mut app = sample();
    on_prop(&mut app, "IMG_0409", &title());
    keys(&mut app, "enter ctrl-u");
    update(&mut app, Action::Paste("Morning\nlight".into()));
    assert!(matches!(app.mode, Mode::Prompt(_)), "still editing");
    assert_eq!(prompt_text(&app), "Morning\nlight");
    keys(&mut app, "enter");
    assert_eq!(
        lang_of(&app, "IMG_0409", "x-default").as_deref(),
        Some("Morning\nlight")
    );
    // In normal mode a paste never turns into commands.
    update(&mut app, Action::Paste("q5d".into()));
    assert!(!app.quit);
    assert_eq!(text_of(&app, "IMG_0409", &rating()).as_deref(), Some("3"));
}
