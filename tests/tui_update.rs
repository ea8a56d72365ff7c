//! The TUI's update logic: state + keys -> state, for every command, without a
//! terminal. The app is fed scan events for a made-up folder (see `tui_support`).

mod tui_support;

use std::path::PathBuf;

use tui_support::*;
use xmpedit::catalog::AssetId;
use xmpedit::journal::{BatchKind, BatchState, BatchSummary};
use xmpedit::tui::action::{Action, Effect};
use xmpedit::tui::app::{Options, Pane};
use xmpedit::tui::keymap::Keymap;
use xmpedit::tui::plan::{FileFailure, WriteReport};
use xmpedit::tui::popup::{Mode, PromptKind};
use xmpedit::tui::update::update;
use xmpedit::xmp::{ns, Name};

fn current_name(app: &xmpedit::tui::app::App) -> String {
    app.current()
        .and_then(|id| app.asset(id))
        .map(|a| a.name.clone())
        .unwrap_or_default()
}

fn prompt_text(app: &xmpedit::tui::app::App) -> String {
    match &app.mode {
        Mode::Prompt(p) => p.input.text(),
        other => panic!("no prompt: {other:?}"),
    }
}

fn prompt_error(app: &xmpedit::tui::app::App) -> Option<String> {
    match &app.mode {
        Mode::Prompt(p) => p.error.clone(),
        _ => None,
    }
}

/// Focus the tree on a property of an asset.
fn on_prop(app: &mut xmpedit::tui::app::App, asset: &str, n: &Name) {
    select(app, asset);
    app.focus = Pane::Tree;
    select_prop(app, n);
}

/// Focus the detail pane on line `i` of a property.
fn on_line(app: &mut xmpedit::tui::app::App, asset: &str, n: &Name, i: usize) {
    on_prop(app, asset, n);
    app.focus = Pane::Detail;
    app.detail_cursor = i;
    app.sync();
}

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
    // The x-default was the only item: it mirrors the first real language (notes §1.4).
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
        xmpedit::xmp::lang::languages(&t),
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
    assert_eq!(xmpedit::xmp::lang::languages(&t), ["x-default", "de-DE"]);
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
        xmpedit::xmp::lang::get_text(&desc, "de"),
        Some("Morgenlicht")
    );
    assert_eq!(
        xmpedit::xmp::lang::get_text(&desc, "x-default"),
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
fn w_offers_targets_and_sends_a_write_plan() {
    let mut app = sample();
    keys(&mut app, "5 j j 1");
    assert_eq!(app.pending_count(), 2);
    let fx = keys(&mut app, "w");
    assert!(fx.is_empty());
    assert!(matches!(app.mode, Mode::Write(_)));
    let fx = keys(&mut app, "enter");
    let [Effect::Write(plan)] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    let files: Vec<Vec<String>> = plan
        .jobs
        .iter()
        .map(|j| j.files.iter().map(|f| f.shown.clone()).collect())
        .collect();
    assert_eq!(
        files,
        [vec!["IMG_0409.jpg"], vec!["IMG_0411.xmp"]],
        "a raw file gets its sidecar"
    );
    assert!(plan.command.contains("xmp:Rating=5"), "{}", plan.command);
    assert!(app.busy.is_some());
    let fx = keys(&mut app, "w");
    assert!(fx.is_empty() && status(&app).contains("already running"));
    update(
        &mut app,
        Action::WriteDone(WriteReport {
            what: "write".into(),
            ..WriteReport::default()
        }),
    );
    // Sidecar only: a new IMG_0409.xmp.
    keys(&mut app, "w down enter");
    let plan = match app_effect_plan(&mut app) {
        Some(p) => p,
        None => panic!("no plan"),
    };
    assert_eq!(plan.jobs[0].files[0].shown, "IMG_0409.xmp");
    assert!(!plan.jobs[0].files[0].exists);
}

/// Re-opens the write dialog as the last keys left it and returns its plan.
fn app_effect_plan(app: &mut xmpedit::tui::app::App) -> Option<xmpedit::tui::plan::WritePlan> {
    app.busy = None;
    keys(app, "w down");
    match keys(app, "enter").pop()? {
        Effect::Write(p) => Some(p),
        _ => None,
    }
}

#[test]
fn written_assets_lose_pending_marks_and_failed_ones_keep_them() {
    let mut app = sample();
    keys(&mut app, "5 j j 1 w enter");
    let a409 = asset_named(&app, "IMG_0409");
    let a411 = asset_named(&app, "IMG_0411");
    update(
        &mut app,
        Action::WriteDone(WriteReport {
            what: "write".into(),
            batch: Some(7),
            ok_assets: vec![a409],
            written: 1,
            failures: vec![FileFailure {
                asset: Some(a411),
                path: PathBuf::from(FOLDER).join("IMG_0411.xmp"),
                message: "permission denied".into(),
            }],
            ..WriteReport::default()
        }),
    );
    assert!(app.busy.is_none());
    assert!(!app.is_pending(a409));
    assert_eq!(
        text_of(&app, "IMG_0409", &rating()).as_deref(),
        Some("5"),
        "shows what was written"
    );
    assert!(app.is_pending(a411), "nothing lost");
    let Mode::Report(r) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert!(r.title.contains("1 failed"), "{}", r.title);
    assert_eq!(r.failures[0].message, "permission denied");
    keys(&mut app, "enter");
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn q_asks_before_dropping_unwritten_changes() {
    let mut app = sample();
    keys(&mut app, "4");
    let fx = keys(&mut app, "q");
    assert!(fx.is_empty());
    assert_eq!(app.mode, Mode::ConfirmQuit);
    keys(&mut app, "n");
    assert_eq!(app.mode, Mode::Normal);
    keys(&mut app, "q");
    let fx = keys(&mut app, "y");
    assert_eq!(fx, vec![Effect::Quit]);
    assert!(app.quit);

    let mut app = sample();
    assert_eq!(
        keys(&mut app, "q"),
        vec![Effect::Quit],
        "nothing pending: quit at once"
    );

    let mut app = sample();
    keys(&mut app, "4 ctrl-c");
    assert_eq!(app.mode, Mode::ConfirmQuit);
    assert_eq!(
        keys(&mut app, "ctrl-c"),
        vec![Effect::Quit],
        "twice: without asking"
    );

    let mut app = sample();
    keys(&mut app, "4 q w");
    assert!(
        matches!(app.mode, Mode::Write(_)),
        "w in the question writes first"
    );
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
fn undo_log_loads_batches_and_reverts_one() {
    let mut app = sample();
    let fx = keys(&mut app, "U");
    assert_eq!(fx, vec![Effect::LoadJournal]);
    let batch = |id, undone| BatchSummary {
        id,
        time: "2026-11-21T14:03:00Z".into(),
        command: "xmp:Rating=5".into(),
        kind: BatchKind::Edit,
        files: 2,
        written: 2,
        failed: 0,
        skipped: 0,
        changes: "xmp:Rating=5".into(),
        state: BatchState::Complete,
        undone,
    };
    update(
        &mut app,
        Action::JournalLoaded(Ok(vec![batch(41, true), batch(42, false)])),
    );
    let Mode::UndoLog(log) = &app.mode else {
        panic!()
    };
    assert_eq!(
        log.entries.as_ref().unwrap().as_ref().unwrap()[0].id,
        42,
        "newest first"
    );
    let fx = keys(&mut app, "u");
    assert_eq!(
        fx,
        vec![Effect::UndoBatch {
            id: 42,
            redo: false
        }]
    );
    assert!(app.busy.is_some());
    app.busy = None;
    keys(&mut app, "U");
    update(&mut app, Action::JournalLoaded(Ok(vec![batch(41, true)])));
    let fx = keys(&mut app, "u");
    assert!(
        fx.is_empty() && status(&app).contains("already taken back"),
        "{}",
        status(&app)
    );
    let fx = keys(&mut app, "r");
    assert_eq!(fx, vec![Effect::UndoBatch { id: 41, redo: true }]);
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
