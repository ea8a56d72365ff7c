//! The TUI's `:` prompt and property names the schema does not define: creating one
//! in a known namespace (`dc:titel`) is refused with the nearest names, Enter again
//! on the same text writes it anyway, and a name the asset already has is editable.

use crate::util::tui_support;

use tui_support::*;
use xmpedit::tui::popup::Mode;
use xmpedit_core::xmp::ns;

#[test]
fn colon_refuses_a_typo_in_a_property_name_with_the_suggestion() {
    let mut app = sample();
    keys(&mut app, ":");
    type_text(&mut app, "dc:titel=Foo");
    keys(&mut app, "enter");
    let err = prompt_error(&app).expect("refused");
    assert!(
        err.contains("unknown property dc:titel in Dublin Core; did you mean dc:title?"),
        "{err}"
    );
    assert!(err.contains("again writes it anyway"), "{err}");
    assert!(matches!(app.mode, Mode::Prompt(_)));
    assert_eq!(text_of(&app, "IMG_0409", &name(ns::DC, "titel")), None);
    assert_eq!(app.pending_count(), 0);
}

#[test]
fn enter_again_on_the_same_text_writes_the_unknown_name_anyway() {
    let mut app = sample();
    keys(&mut app, ":");
    type_text(&mut app, "xmp:rating=5");
    keys(&mut app, "enter");
    let err = prompt_error(&app).expect("refused");
    assert!(err.contains("did you mean xmp:Rating?"), "{err}");
    keys(&mut app, "enter");
    assert!(matches!(app.mode, Mode::Normal), "{:?}", prompt_error(&app));
    assert_eq!(
        text_of(&app, "IMG_0409", &name(ns::XMP, "rating")).as_deref(),
        Some("5")
    );
    // Now the asset has it: editing it needs no confirmation.
    keys(&mut app, ":");
    type_text(&mut app, "xmp:rating=4");
    keys(&mut app, "enter");
    assert!(matches!(app.mode, Mode::Normal), "{:?}", prompt_error(&app));
    assert_eq!(
        text_of(&app, "IMG_0409", &name(ns::XMP, "rating")).as_deref(),
        Some("4")
    );
}

#[test]
fn changing_the_text_after_the_warning_asks_again() {
    let mut app = sample();
    keys(&mut app, ":");
    type_text(&mut app, "photoshop:city=Bern");
    keys(&mut app, "enter");
    assert!(prompt_error(&app).is_some_and(|e| e.contains("photoshop:City")));
    keys(&mut app, "backspace");
    keys(&mut app, "enter");
    assert!(prompt_error(&app).is_some_and(|e| e.contains("photoshop:City")));
    assert!(matches!(app.mode, Mode::Prompt(_)));
    assert_eq!(app.pending_count(), 0);
}

/// `a`, then `text` typed in the property picker and Enter.
fn picker_enter(text: &str) -> xmpedit::tui::app::App {
    let mut app = sample();
    select(&mut app, "IMG_0409");
    keys(&mut app, "a");
    type_text(&mut app, text);
    keys(&mut app, "enter");
    app
}

fn picker(app: &xmpedit::tui::app::App) -> &xmpedit::tui::popup::PropertyPicker {
    match &app.mode {
        Mode::AddProperty(p) => p,
        other => panic!("the picker closed: {other:?}"),
    }
}

#[test]
fn picker_asks_before_creating_a_typo_and_names_the_nearest() {
    let mut app = picker_enter("dc:titel");
    let ask = picker(&app).unknown.as_ref().expect("no question asked");
    assert_eq!(
        ask.message,
        "unknown property dc:titel in Dublin Core; did you mean dc:title?"
    );
    let s = screen(&mut app, 120, 32);
    assert!(
        s.contains("unknown property dc:titel in Dublin Core; did you mean dc:title?"),
        "{s}"
    );
    assert!(
        s.contains("y writes it anyway · Enter picks dc:title · Esc goes back"),
        "{s}"
    );
    let foot = s.lines().last().unwrap_or("");
    assert!(
        foot.contains("Enter pick the suggestion") && foot.contains("y write it anyway"),
        "{foot}"
    );
    insta::assert_snapshot!("picker_unknown_name_120x32", s);
    assert_eq!(app.pending_count(), 0);
}

#[test]
fn picker_enter_on_the_question_picks_the_suggested_name() {
    let mut app = picker_enter("dc:titel");
    keys(&mut app, "enter");
    let Mode::Prompt(p) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    // dc:title is a language alternative: its first question is the language.
    match &p.kind {
        xmpedit::tui::popup::PromptKind::LangTag { path } => assert_eq!(path.prop, title()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn picker_y_on_the_question_creates_the_typed_name_anyway() {
    let mut app = picker_enter("dc:titel");
    keys(&mut app, "y");
    assert!(matches!(app.mode, Mode::Prompt(_)), "{:?}", app.mode);
    type_text(&mut app, "Foo");
    keys(&mut app, "enter");
    assert_eq!(app.mode, Mode::Normal, "{:?}", prompt_error(&app));
    assert_eq!(
        text_of(&app, "IMG_0409", &name(ns::DC, "titel")).as_deref(),
        Some("Foo")
    );
}

#[test]
fn picker_esc_on_the_question_goes_back_to_the_typed_text() {
    let mut app = picker_enter("xmp:Ratng");
    assert!(picker(&app).unknown.is_some());
    keys(&mut app, "esc");
    let p = picker(&app);
    assert!(p.unknown.is_none());
    assert_eq!(p.input.text(), "xmp:Ratng");
    assert_eq!(app.pending_count(), 0);
}

#[test]
fn picker_the_start_of_a_known_name_still_picks_from_the_list() {
    let app = picker_enter("dc:tit");
    assert!(matches!(app.mode, Mode::Prompt(_)), "{:?}", app.mode);
    let app = picker_enter("dc:Title");
    assert!(matches!(app.mode, Mode::Prompt(_)), "{:?}", app.mode);
}

#[test]
fn picker_refuses_an_undeclared_prefix() {
    let mut app = picker_enter("zz:foo");
    let p = picker(&app);
    assert!(p.unknown.is_none());
    let err = p.error.clone().expect("refused");
    assert!(err.contains("zz"), "{err}");
    let s = screen(&mut app, 120, 32);
    let start: String = err.chars().take(40).collect();
    assert!(s.contains(&start), "{err}\n{s}");
}

#[test]
fn picker_asks_about_an_unknown_field_in_a_struct_form() {
    let mut app = sample();
    select(&mut app, "IMG_0409");
    keys(&mut app, "a");
    type_text(&mut app, "CreatorContactInfo");
    keys(&mut app, "enter");
    assert!(picker(&app).form().is_some());
    type_text(&mut app, "Iptc4xmpCore:CiAdrCty");
    keys(&mut app, "enter");
    let ask = picker(&app).unknown.as_ref().expect("no question");
    assert!(
        ask.message.contains("unknown field Iptc4xmpCore:CiAdrCty"),
        "{}",
        ask.message
    );
    assert!(
        ask.message.contains("Iptc4xmpCore:CiAdrCity"),
        "{}",
        ask.message
    );
}

#[test]
fn picker_edits_an_unknown_name_the_asset_already_has_without_asking() {
    let mut app = sample();
    select(&mut app, "IMG_0409");
    keys(&mut app, ":");
    type_text(&mut app, "dc:titel=Foo");
    keys(&mut app, "enter enter");
    assert_eq!(
        text_of(&app, "IMG_0409", &name(ns::DC, "titel")).as_deref(),
        Some("Foo")
    );
    keys(&mut app, "a");
    type_text(&mut app, "dc:titel");
    keys(&mut app, "enter");
    assert!(matches!(app.mode, Mode::Prompt(_)), "{:?}", app.mode);
    assert_eq!(prompt_text(&app), "Foo");
}
