//! Keyword entry as a photographer types it (issue 11, findings 1, 5 and 6): Bag
//! prompts split `a, b; c` into items (Seq prompts do not), `t` adds keywords to the
//! targets with completion, `d` on the keywords of several assets is a checklist
//! with counts, Tab completes and cycles in prompts, and struct properties get a
//! form of their fields.

use crate::util::tui_support;

use tui_support::*;
use xmpedit::tui::app::{Options, Pane};
use xmpedit::tui::popup::{Mode, PromptKind};
use xmpedit_core::xmp::ns;

fn contact() -> xmpedit_core::xmp::Name {
    name(
        "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
        "CreatorContactInfo",
    )
}

#[test]
fn a_bag_prompt_splits_on_commas_and_semicolons_and_skips_items_already_there() {
    let mut app = sample();
    on_line(&mut app, "IMG_0412", &subject(), 0);
    keys(&mut app, "a");
    let Mode::Prompt(p) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert!(matches!(p.kind, PromptKind::AddItem { .. }));
    type_text(&mut app, "sunset,  beach; alps, \"Doe, Jane\" ,beach");
    keys(&mut app, "enter");
    assert_eq!(app.mode, Mode::Normal, "{:?}", prompt_error(&app));
    assert_eq!(
        items_of(&app, "IMG_0412", &subject()),
        ["alps", "summit", "cross", "sunset", "beach", "Doe, Jane"]
    );
    // One pending edit: one undo takes all of it back.
    keys(&mut app, "u");
    assert_eq!(
        items_of(&app, "IMG_0412", &subject()),
        ["alps", "summit", "cross"]
    );
}

#[test]
fn a_seq_prompt_keeps_commas_in_its_one_item() {
    let mut app = sample();
    on_line(&mut app, "IMG_0412", &creator(), 0);
    keys(&mut app, "a");
    type_text(&mut app, "Doe, Jane");
    keys(&mut app, "enter");
    assert_eq!(
        items_of(&app, "IMG_0412", &creator()),
        ["Ada Example", "Bo Second", "Doe, Jane"]
    );
}

#[test]
fn the_configured_separators_split_bag_items() {
    let mut opts = Options::new(FOLDER);
    opts.separators = "|".into();
    let mut app = app_opts(&sample_files(), opts);
    on_line(&mut app, "IMG_0412", &subject(), 0);
    keys(&mut app, "a");
    type_text(&mut app, "lake, blue | fog");
    keys(&mut app, "enter");
    assert_eq!(
        items_of(&app, "IMG_0412", &subject()),
        ["alps", "summit", "cross", "lake, blue", "fog"]
    );
}

#[test]
fn t_adds_keywords_to_every_marked_asset_completing_the_folders_keywords() {
    let mut app = sample();
    keys(&mut app, "space space");
    keys(&mut app, "t");
    let Mode::Prompt(p) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!(p.title, "Add keywords to 2 assets");
    // Every keyword of the folder, most used first.
    assert_eq!(p.completions, ["alps", "summit", "cross"]);
    type_text(&mut app, "new, su");
    keys(&mut app, "tab");
    assert_eq!(prompt_text(&app), "new, summit");
    keys(&mut app, "enter");
    assert_eq!(app.mode, Mode::Normal, "{:?}", prompt_error(&app));
    assert_eq!(
        items_of(&app, "IMG_0409", &subject()),
        ["alps", "new", "summit"]
    );
    // IMG_0410 had summit already: not twice.
    assert_eq!(
        items_of(&app, "IMG_0410", &subject()),
        ["alps", "summit", "new"]
    );
    assert!(status(&app).contains("2 assets"), "{}", status(&app));
    assert_eq!(app.pending_count(), 2);
}

#[test]
fn t_in_read_only_mode_is_refused() {
    let mut opts = Options::new(FOLDER);
    opts.read_only = true;
    let mut app = app_opts(&sample_files(), opts);
    keys(&mut app, "t");
    assert_eq!(app.mode, Mode::Normal);
    assert!(status(&app).contains("read-only"), "{}", status(&app));
}

#[test]
fn d_on_the_keywords_of_several_assets_opens_a_checklist_with_counts() {
    let mut app = sample();
    // IMG_0409 (alps), IMG_0410 (alps, summit), IMG_0411 (summit), IMG_0412 (alps,
    // summit, cross).
    keys(&mut app, "space space space space");
    select(&mut app, "IMG_0412");
    app.focus = Pane::Tree;
    select_prop(&mut app, &subject());
    keys(&mut app, "d");
    let Mode::Checklist(c) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!(
        c.items,
        [
            ("alps".to_string(), 3),
            ("summit".to_string(), 3),
            ("cross".to_string(), 1)
        ]
    );
    let shown = screen(&mut app, 120, 32);
    assert!(shown.contains("[ ] alps (3)"), "{shown}");
    assert!(
        shown.contains("Remove from dc:subject (4 assets)"),
        "{shown}"
    );
    insta::assert_snapshot!("keyword_checklist_120x32", shown);
    // Esc: nothing removed.
    keys(&mut app, "esc");
    assert_eq!(app.pending_count(), 0);
    // Tick alps and cross, Enter: gone from all, summit stays.
    keys(&mut app, "d space j space enter");
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(items_of(&app, "IMG_0412", &subject()), ["summit"]);
    assert_eq!(items_of(&app, "IMG_0410", &subject()), ["summit"]);
    assert_eq!(items_of(&app, "IMG_0411", &subject()), ["summit"]);
    assert!(items_of(&app, "IMG_0409", &subject()).is_empty());
    assert_eq!(app.pending_count(), 3);
}

#[test]
fn tab_completes_cycles_and_lists_the_candidates_under_the_prompt() {
    let mut app = sample();
    keys(&mut app, ":");
    type_text(&mut app, "dc:ti");
    let shown = screen(&mut app, 120, 32);
    assert!(shown.contains("Tab: dc:title"), "{shown}");
    keys(&mut app, "tab");
    assert_eq!(prompt_text(&app), "dc:title");
    // A word of the name counts: `City` finds photoshop:City, first the ones
    // starting with it.
    keys(&mut app, "ctrl-u");
    type_text(&mut app, "photoshop:C");
    keys(&mut app, "tab");
    let first = prompt_text(&app);
    assert!(first.starts_with("photoshop:C"), "{first}");
    keys(&mut app, "tab");
    let second = prompt_text(&app);
    assert!(
        second.starts_with("photoshop:C") && second != first,
        "{second}"
    );
    keys(&mut app, "shift-tab");
    assert_eq!(prompt_text(&app), first);
    let shown = screen(&mut app, 120, 32);
    assert!(shown.contains(&second), "the others stay listed:\n{shown}");
    insta::assert_snapshot!("prompt_completion_cycle_120x32", shown);
    // Typing ends the cycle: Tab completes what is typed now.
    keys(&mut app, "ctrl-u");
    type_text(&mut app, "-xmp:Rat");
    keys(&mut app, "tab");
    assert_eq!(prompt_text(&app), "-xmp:Rating");
}

#[test]
fn tab_completes_struct_fields_after_the_slash() {
    let mut app = sample();
    keys(&mut app, ":");
    type_text(&mut app, "Iptc4xmpCore:CreatorContactInfo/CiAdrC");
    keys(&mut app, "tab");
    assert_eq!(
        prompt_text(&app),
        "Iptc4xmpCore:CreatorContactInfo/Iptc4xmpCore:CiAdrCity"
    );
}

#[test]
fn tab_in_a_value_prompt_completes_the_values_the_folder_uses() {
    let mut app = sample();
    // Only IMG_0412 has a title in three languages; the others' x-default values
    // are not completed, but simple values are: the ratings.
    on_prop(&mut app, "IMG_0412", &name(ns::XMP, "CreateDate"));
    keys(&mut app, "enter ctrl-u");
    type_text(&mut app, "2024");
    keys(&mut app, "tab");
    assert_eq!(prompt_text(&app), "2024-08-14T06:12:03");
}

#[test]
fn the_picker_ranks_prefix_and_word_matches_above_fuzzy_ones() {
    let mut app = sample();
    keys(&mut app, "a");
    type_text(&mut app, "CiAdr");
    let Mode::AddProperty(p) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    let cands = xmpedit::tui::popup::candidates();
    let first = &cands[p.matches[0]].qname;
    assert!(
        first.starts_with("Iptc4xmpCore:CreatorContactInfo/Iptc4xmpCore:CiAdr"),
        "{first}"
    );
    let city = p
        .matches
        .iter()
        .position(|&i| cands[i].qname.ends_with("CiAdrCity"))
        .expect("CiAdrCity is offered");
    let fuzzy = p
        .matches
        .iter()
        .position(|&i| cands[i].qname.starts_with("crs:"));
    assert!(fuzzy.is_none_or(|f| f > city), "{fuzzy:?} before {city}");
}

#[test]
fn a_on_a_struct_property_shows_its_fields_as_a_form() {
    let mut app = sample();
    select(&mut app, "IMG_0412");
    keys(&mut app, "a");
    type_text(&mut app, "CreatorContactInfo");
    keys(&mut app, "enter");
    let Mode::AddProperty(p) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert!(p.form().is_some(), "the form of the struct's fields");
    let shown = screen(&mut app, 120, 32);
    assert!(
        shown.contains("Fields of Iptc4xmpCore:CreatorContactInfo"),
        "{shown}"
    );
    assert!(shown.contains("Iptc4xmpCore:CiAdrCity"), "{shown}");
    insta::assert_snapshot!("struct_form_120x32", shown);
    type_text(&mut app, "city");
    keys(&mut app, "enter");
    let Mode::Prompt(p) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert!(matches!(p.kind, PromptKind::Value { .. }));
    type_text(&mut app, "Bern");
    keys(&mut app, "enter");
    assert_eq!(app.mode, Mode::Normal, "{:?}", prompt_error(&app));
    let node = shown_packet_field(&app, "IMG_0412", "CiAdrCity");
    assert_eq!(node.as_deref(), Some("Bern"));

    // `a` on the struct property in the tree opens the same form, with the value.
    app.focus = Pane::Tree;
    select_prop(&mut app, &contact());
    keys(&mut app, "a");
    let shown = screen(&mut app, 120, 32);
    assert!(
        shown.contains("Fields of Iptc4xmpCore:CreatorContactInfo"),
        "{shown}"
    );
    assert!(shown.contains("Bern"), "{shown}");
}

fn shown_packet_field(app: &xmpedit::tui::app::App, asset: &str, field: &str) -> Option<String> {
    shown(app, asset)
        .get(&contact())?
        .fields()?
        .iter()
        .find(|(k, _)| &*k.local == field)
        .and_then(|(_, v)| v.as_text().map(str::to_string))
}

/// Three JPEGs with the same keywords `alps, lake`.
fn same_keywords() -> Vec<File> {
    ["DSC_1.jpg", "DSC_2.jpg", "DSC_3.jpg"]
        .into_iter()
        .map(|n| file(n, packet(3, None, &["alps", "lake"])))
        .collect()
}

/// The status line's key hints (any message cleared first).
fn footer(app: &mut xmpedit::tui::app::App) -> String {
    app.status = None;
    let s = screen(app, 120, 32);
    s.lines().last().unwrap_or("").to_string()
}

#[test]
fn d_in_the_detail_pane_on_a_keyword_of_several_assets_opens_the_checklist() {
    let mut app = app_with(&same_keywords());
    keys(&mut app, "*");
    on_line(&mut app, "DSC_2", &subject(), 1);
    let foot = footer(&mut app);
    assert!(foot.contains("d delete"), "{foot}");
    keys(&mut app, "d");
    let Mode::Checklist(c) = &app.mode else {
        panic!("d removed the second item of each asset: {:?}", app.mode)
    };
    // The item under the cursor is ticked, the others not.
    assert_eq!(c.items[c.cursor].0, "lake");
    assert_eq!(c.ticked, [c.cursor == 0, c.cursor == 1]);
    assert!(screen(&mut app, 120, 32).contains("[x] lake (3)"));
    keys(&mut app, "enter");
    for a in ["DSC_1", "DSC_2", "DSC_3"] {
        assert_eq!(items_of(&app, a, &subject()), ["alps"], "{a}");
    }
}

#[test]
fn d_in_the_detail_pane_on_mixed_keywords_opens_the_checklist() {
    let mut app = sample();
    keys(&mut app, "space space space space");
    on_line(&mut app, "IMG_0412", &subject(), 0);
    keys(&mut app, "d");
    assert!(
        matches!(app.mode, Mode::Checklist(_)),
        "{:?} {}",
        app.mode,
        status(&app)
    );
}

#[test]
fn d_in_the_detail_pane_on_a_keyword_of_one_asset_deletes_the_item() {
    let mut app = app_with(&same_keywords());
    on_line(&mut app, "DSC_2", &subject(), 1);
    let foot = footer(&mut app);
    assert!(foot.contains("d delete"), "{foot}");
    keys(&mut app, "d");
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(items_of(&app, "DSC_2", &subject()), ["alps"]);
    assert_eq!(items_of(&app, "DSC_1", &subject()), ["alps", "lake"]);
}

fn beat_splice() -> xmpedit_core::xmp::Name {
    name(
        "http://ns.adobe.com/xmp/1.0/DynamicMedia/",
        "beatSpliceParams",
    )
}

fn dm(local: &str) -> xmpedit_core::xmp::Name {
    name("http://ns.adobe.com/xmp/1.0/DynamicMedia/", local)
}

fn form_title(app: &xmpedit::tui::app::App) -> String {
    match &app.mode {
        Mode::AddProperty(p) => p.form().map(|f| f.title.clone()).unwrap_or_default(),
        other => panic!("no form: {other:?}"),
    }
}

#[test]
fn a_struct_field_that_is_a_struct_opens_a_nested_form_and_esc_goes_back_up() {
    let mut app = sample();
    select(&mut app, "IMG_0409");
    keys(&mut app, "a");
    type_text(&mut app, "beatSpliceParams");
    keys(&mut app, "enter");
    assert_eq!(form_title(&app), "xmpDM:beatSpliceParams");
    type_text(&mut app, "riseInTime");
    keys(&mut app, "enter");
    assert_eq!(
        form_title(&app),
        "xmpDM:beatSpliceParams/xmpDM:riseInTimeDuration"
    );
    let s = screen(&mut app, 120, 32);
    assert!(
        s.contains("Fields of xmpDM:beatSpliceParams/xmpDM:riseInTimeDuration"),
        "{s}"
    );
    assert!(s.contains("xmpDM:scale"), "{s}");
    insta::assert_snapshot!("nested_struct_form_120x32", s);
    // Esc: back up to the outer form, its text and cursor as they were.
    keys(&mut app, "esc");
    assert_eq!(form_title(&app), "xmpDM:beatSpliceParams");
    let Mode::AddProperty(p) = &app.mode else {
        unreachable!()
    };
    assert_eq!(p.input.text(), "riseInTime");
    assert!(p.list()[p.matches[p.cursor]]
        .qname
        .ends_with("riseInTimeDuration"));
    // Down again, a field of the inner struct: its value lands at the nested path.
    keys(&mut app, "enter");
    type_text(&mut app, "xmpDM:value");
    keys(&mut app, "enter");
    assert!(matches!(app.mode, Mode::Prompt(_)), "{:?}", app.mode);
    type_text(&mut app, "100");
    keys(&mut app, "enter");
    assert_eq!(app.mode, Mode::Normal, "{:?}", prompt_error(&app));
    let p = shown(&app, "IMG_0409");
    let outer = p
        .get(&beat_splice())
        .and_then(|n| n.fields())
        .expect("struct");
    let inner = outer
        .iter()
        .find(|(k, _)| *k == dm("riseInTimeDuration"))
        .and_then(|(_, v)| v.fields())
        .expect("inner struct");
    let value = inner
        .iter()
        .find(|(k, _)| *k == dm("value"))
        .map(|(_, v)| v);
    assert_eq!(value.and_then(|v| v.as_text()), Some("100"));
}

#[test]
fn esc_in_a_form_picked_from_the_list_goes_back_to_the_list() {
    let mut app = sample();
    select(&mut app, "IMG_0412");
    app.focus = Pane::Tree;
    keys(&mut app, "a");
    type_text(&mut app, "CreatorContactInfo");
    keys(&mut app, "enter esc");
    // The form came from the picker's list: Esc goes back to it.
    assert!(matches!(&app.mode, Mode::AddProperty(p) if p.form().is_none()));
    keys(&mut app, "esc");
    assert_eq!(app.mode, Mode::Normal);
}
