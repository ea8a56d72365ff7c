//! Language edits say what else they change: the x-default rules are kept, but the
//! prompt names every entry that will read the new text, and the detail pane marks
//! the language x-default mirrors.

use crate::util::tui_support;

use tui_support::*;
use xmpedit::tui::popup::Mode;
use xmpedit_core::xmp::{ArrayKind, Node, Packet};

fn titled(pairs: &[(&str, &str)]) -> Packet {
    let mut p = packet(3, None, &[]);
    p.set(
        title(),
        Node::array(
            ArrayKind::Alt,
            pairs.iter().map(|(l, t)| Node::lang_text(*l, *t)).collect(),
        ),
    );
    p
}

fn files() -> Vec<File> {
    vec![
        file(
            "IMG_1.jpg",
            titled(&[
                ("x-default", "Summit"),
                ("en-GB", "Summit"),
                ("de-DE", "Gipfel"),
            ]),
        ),
        file("IMG_2.jpg", titled(&[("x-default", "Lake")])),
    ]
}

fn hint(app: &xmpedit::tui::app::App) -> String {
    match &app.mode {
        Mode::Prompt(p) => p.hint.clone(),
        other => panic!("a prompt, not {other:?}"),
    }
}

#[test]
fn editing_x_default_says_the_language_it_mirrors_changes_too() {
    let mut app = app_with(&files());
    on_prop(&mut app, "IMG_1", &title());
    keys(&mut app, "enter");
    assert!(
        hint(&app).starts_with("x-default and en-GB will both read what you type"),
        "{}",
        hint(&app)
    );
    keys(&mut app, "ctrl-u");
    type_text(&mut app, "Peak");
    keys(&mut app, "enter");
    // The rule itself is kept.
    assert_eq!(lang_of(&app, "IMG_1", "en-GB").as_deref(), Some("Peak"));
    assert_eq!(lang_of(&app, "IMG_1", "de-DE").as_deref(), Some("Gipfel"));
}

#[test]
fn editing_a_mirrored_language_names_x_default_and_an_unlinked_one_names_nothing() {
    let mut app = app_with(&files());
    // Lines: x-default, en-GB, de-DE.
    on_line(&mut app, "IMG_1", &title(), 1);
    keys(&mut app, "enter");
    assert!(
        hint(&app).starts_with("en-GB and x-default will both read what you type"),
        "{}",
        hint(&app)
    );
    keys(&mut app, "esc");
    on_line(&mut app, "IMG_1", &title(), 2);
    keys(&mut app, "enter");
    assert!(!hint(&app).contains("will both read"), "{}", hint(&app));
}

#[test]
fn adding_a_language_beside_a_lone_x_default_says_x_default_takes_it() {
    let mut app = app_with(&files());
    on_line(&mut app, "IMG_2", &title(), 0);
    keys(&mut app, "a");
    type_text(&mut app, "de-DE");
    keys(&mut app, "enter");
    assert!(
        hint(&app).starts_with("de-DE and x-default will both read what you type"),
        "{}",
        hint(&app)
    );
    type_text(&mut app, "See");
    keys(&mut app, "enter");
    assert_eq!(lang_of(&app, "IMG_2", "x-default").as_deref(), Some("See"));
}

#[test]
fn the_detail_pane_marks_the_language_x_default_mirrors() {
    let mut app = app_with(&files());
    on_prop(&mut app, "IMG_1", &title());
    let s = screen(&mut app, 120, 32);
    assert!(s.contains("x-default mirrors en-GB"), "{s}");
    insta::assert_snapshot!("detail_x_default_mirrors_120x32", s);
    on_prop(&mut app, "IMG_2", &title());
    let s = screen(&mut app, 120, 32);
    assert!(!s.contains("x-default mirrors"), "{s}");
}
