//! `T`: the template picker, applying a template to the marked assets as one
//! pending edit with each asset's own variables filled in.

use crate::util::tui_support;

use tui_support::*;
use xmpedit::tui::action::{Action, Effect};
use xmpedit::tui::popup::{Mode, TemplateEntry};
use xmpedit::tui::update::update;

fn entries() -> Vec<TemplateEntry> {
    vec![
        TemplateEntry {
            name: "broken".into(),
            description: String::new(),
            exprs: Vec::new(),
            error: Some("templates/broken.toml: expected `=`".into()),
        },
        TemplateEntry {
            name: "shoot".into(),
            description: "Titles from the file name".into(),
            exprs: vec![
                "dc:title={file.stem} #{index:02}".into(),
                "dc:subject+=shoot".into(),
            ],
            error: None,
        },
    ]
}

#[test]
fn t_applies_a_template_to_marked_assets_as_one_pending_edit() {
    let mut app = sample();
    select(&mut app, "IMG_0410");
    keys(&mut app, "space space");
    let fx = key(&mut app, "T");
    assert_eq!(fx, vec![Effect::LoadTemplates]);
    update(&mut app, Action::TemplatesLoaded(Ok(entries())));
    assert!(matches!(app.mode, Mode::Templates(_)));
    let s = screen(&mut app, 100, 30);
    assert!(s.contains("Apply a template (2 assets)"), "{s}");
    assert!(
        s.contains("templates/broken.toml"),
        "the broken one's error is its preview:\n{s}"
    );
    // Enter on a template that does not parse applies nothing.
    key(&mut app, "enter");
    assert!(matches!(app.mode, Mode::Templates(_)));
    key(&mut app, "j");
    let s = screen(&mut app, 100, 30);
    assert!(
        s.contains("dc:title={file.stem} #{index:02}"),
        "preview:\n{s}"
    );
    let before = app.edits.undo.len();
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
    assert!(items_of(&app, "IMG_0411", &subject()).contains(&"shoot".to_string()));
    assert_eq!(
        app.edits.undo.len(),
        before + 1,
        "one entry of the pending history"
    );
    assert!(status(&app).contains("template shoot"), "{}", status(&app));
    // One undo takes it back from both; redo gives each its own values again.
    key(&mut app, "u");
    assert_ne!(
        lang_of(&app, "IMG_0411", "x-default").as_deref(),
        Some("IMG_0411 #02")
    );
    key(&mut app, "ctrl-r");
    assert_eq!(
        lang_of(&app, "IMG_0411", "x-default").as_deref(),
        Some("IMG_0411 #02")
    );
    assert_eq!(
        lang_of(&app, "IMG_0410", "x-default").as_deref(),
        Some("IMG_0410 #01")
    );
}

#[test]
fn colon_prompt_fills_in_variables_per_asset() {
    let mut app = sample();
    select(&mut app, "IMG_0410");
    keys(&mut app, "space space");
    key(&mut app, ":");
    type_text(&mut app, "dc:title={file.stem}!");
    key(&mut app, "enter");
    assert_eq!(app.mode, Mode::Normal, "{}", status(&app));
    assert_eq!(
        lang_of(&app, "IMG_0410", "x-default").as_deref(),
        Some("IMG_0410!")
    );
    assert_eq!(
        lang_of(&app, "IMG_0411", "x-default").as_deref(),
        Some("IMG_0411!")
    );
    // An unknown variable keeps the prompt open with the reason.
    key(&mut app, ":");
    type_text(&mut app, "dc:title={nope}");
    key(&mut app, "enter");
    match &app.mode {
        Mode::Prompt(p) => assert!(
            p.error
                .as_deref()
                .unwrap_or("")
                .contains("{nope} is not a variable"),
            "{:?}",
            p.error
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn t_asks_before_a_template_creates_a_name_the_schema_does_not_know() {
    let mut app = sample();
    select(&mut app, "IMG_0410");
    key(&mut app, "T");
    let typo = TemplateEntry {
        name: "typo".into(),
        description: String::new(),
        exprs: vec!["dc:titel=Hello".into()],
        error: None,
    };
    update(&mut app, Action::TemplatesLoaded(Ok(vec![typo])));
    key(&mut app, "enter");
    let Mode::Templates(t) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    let err = t.error.clone().unwrap_or_default();
    assert!(
        err.contains("unknown property dc:titel in Dublin Core; did you mean dc:title?"),
        "{err}"
    );
    assert!(app.edits.undo.is_empty(), "nothing applied yet");
    // Enter again applies it anyway.
    key(&mut app, "enter");
    assert_eq!(app.mode, Mode::Normal, "{}", status(&app));
    assert_eq!(app.edits.undo.len(), 1);
}
