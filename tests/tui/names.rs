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
