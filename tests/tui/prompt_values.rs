//! Variables and code replacements in the value prompts (Enter on a value, `a`,
//! `t`, language entries, form fields): filled in per asset as `:` does, while a
//! prefilled value left as it was is written back untouched.

use crate::util::tui_support;

use tui_support::*;
use xmpedit::tui::app::Options;
use xmpedit::tui::popup::Mode;
use xmpedit_core::expand::Codes;
use xmpedit_core::xmp::ns;

#[test]
fn a_value_prompt_with_file_stem_gives_each_marked_asset_its_own_stem() {
    let mut app = sample();
    select(&mut app, "IMG_0410");
    keys(&mut app, "space space");
    app.focus = xmpedit::tui::app::Pane::Tree;
    select_prop(&mut app, &title());
    key(&mut app, "enter");
    // The titles differ, so the prompt opens empty.
    assert_eq!(prompt_text(&app), "");
    let before = app.edits.undo.len();
    type_text(&mut app, "{file.stem} #{index:02}");
    key(&mut app, "enter");
    assert_eq!(app.mode, Mode::Normal, "{}", status(&app));
    assert_eq!(
        lang_of(&app, "IMG_0410", "x-default").as_deref(),
        Some("IMG_0410 #01")
    );
    assert_eq!(
        lang_of(&app, "IMG_0411", "x-default").as_deref(),
        Some("IMG_0411 #02")
    );
    assert_eq!(
        app.edits.undo.len(),
        before + 1,
        "one pending-history entry"
    );
    assert!(app.tree.pending.contains(&title()));
    // Undo and redo keep each asset's own value.
    keys(&mut app, "u ctrl-r");
    assert_eq!(
        lang_of(&app, "IMG_0411", "x-default").as_deref(),
        Some("IMG_0411 #02")
    );
}

#[test]
fn codes_in_the_keyword_prompt_become_their_columns() {
    let mut opts = Options::new(folder());
    opts.codes = Some(Codes::parse("sum\tSummit cross\tGipfelkreuz\n", '=').expect("a code table"));
    let mut app = app_opts(&sample_files(), opts);
    select(&mut app, "IMG_0409");
    key(&mut app, "t");
    type_text(&mut app, "=sum=, =sum#2=");
    key(&mut app, "enter");
    assert_eq!(app.mode, Mode::Normal, "{}", status(&app));
    assert_eq!(
        items_of(&app, "IMG_0409", &subject()),
        ["alps", "Summit cross", "Gipfelkreuz"]
    );
    // `a` on the keyword list: the same.
    on_line(&mut app, "IMG_0410", &subject(), 0);
    key(&mut app, "a");
    type_text(&mut app, "=sum#2=");
    key(&mut app, "enter");
    assert_eq!(app.mode, Mode::Normal, "{}", status(&app));
    assert_eq!(
        items_of(&app, "IMG_0410", &subject()),
        ["alps", "summit", "Gipfelkreuz"]
    );
    // An unknown code keeps the prompt open.
    key(&mut app, "a");
    type_text(&mut app, "=nope=");
    key(&mut app, "enter");
    let err = prompt_error(&app).expect("an error");
    assert!(err.contains("=nope= is not a code"), "{err}");
}

#[test]
fn an_unchanged_prefilled_value_with_braces_changes_nothing() {
    let files = vec![file(
        "A.jpg",
        packet(2, Some("Set {file.stem} and {nope"), &["{tag}"]),
    )];
    let mut app = app_with(&files);
    on_prop(&mut app, "A", &title());
    key(&mut app, "enter");
    assert_eq!(prompt_text(&app), "Set {file.stem} and {nope");
    key(&mut app, "enter");
    assert_eq!(app.mode, Mode::Normal, "{:?}", prompt_error(&app));
    assert_eq!(
        lang_of(&app, "A", "x-default").as_deref(),
        Some("Set {file.stem} and {nope")
    );
    assert!(!app.tree.pending.contains(&title()), "{}", status(&app));
    // A keyword item, Enter on it and back.
    on_line(&mut app, "A", &subject(), 0);
    key(&mut app, "enter");
    assert_eq!(prompt_text(&app), "{tag}");
    key(&mut app, "enter");
    assert_eq!(app.mode, Mode::Normal, "{:?}", prompt_error(&app));
    assert_eq!(items_of(&app, "A", &subject()), ["{tag}"]);
    assert!(app.edits.undo.is_empty(), "no pending edit");
    // Changed, it is expanded: `{{` keeps a brace.
    on_prop(&mut app, "A", &title());
    keys(&mut app, "enter ctrl-u");
    type_text(&mut app, "{{{file.stem}}}");
    key(&mut app, "enter");
    assert_eq!(lang_of(&app, "A", "x-default").as_deref(), Some("{A}"));
}

#[test]
fn an_unknown_variable_in_a_value_prompt_keeps_it_open_with_the_error() {
    let mut app = sample();
    let date = name(ns::XMP, "CreateDate");
    on_prop(&mut app, "IMG_0412", &date);
    keys(&mut app, "enter ctrl-u");
    type_text(&mut app, "{nope}");
    key(&mut app, "enter");
    let err = prompt_error(&app).expect("an error");
    assert!(err.contains("{nope} is not a variable"), "{err}");
    assert!(matches!(app.mode, Mode::Prompt(_)));
    // A lone brace too, the same words as the `:` prompt.
    keys(&mut app, "ctrl-u");
    type_text(&mut app, "a { b");
    key(&mut app, "enter");
    let lone = prompt_error(&app).expect("an error");
    app.mode = Mode::Normal;
    key(&mut app, ":");
    type_text(&mut app, "xmp:CreateDate=a { b");
    key(&mut app, "enter");
    let colon = prompt_error(&app).expect("an error");
    assert!(colon.ends_with(&lone), "{colon} / {lone}");
    assert_eq!(
        text_of(&app, "IMG_0412", &date).as_deref(),
        Some("2024-08-14T06:12:03")
    );
}
