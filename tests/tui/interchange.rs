//! `E` and `I` (issue 12): export the marked (or visible) assets to a file named in a
//! prompt (a dated `.csv` in the folder by default), and import a file through a
//! preview of every change per asset, which yes turns into one step of pending edits
//! that `w` writes and `u` drops. The worker's part runs here in the test's thread.

use crate::util::tui_support;

use tui_support::*;
use xmpedit::tui::action::{Command, Effect};
use xmpedit::tui::input::TextInput;
use xmpedit::tui::popup::{Mode, PromptKind};
use xmpedit::tui::update::update;
use xmpedit::tui::worker;

/// Replaces the prompt's text (the default name) with `text`.
fn prompt_text(app: &mut xmpedit::tui::app::App, text: &str) {
    let Mode::Prompt(p) = &mut app.mode else {
        panic!("no prompt: {:?}", app.mode)
    };
    p.input = TextInput::with_text(text);
}

#[test]
fn e_offers_a_dated_csv_in_the_folder_and_exports_the_marked_assets_as_shown() {
    let mut app = sample();
    assert_eq!(app.key_of(Command::Export), "E");
    select(&mut app, "IMG_0410");
    keys(&mut app, "space 5");
    select(&mut app, "IMG_0409");
    key(&mut app, "space");
    key(&mut app, "E");
    let Mode::Prompt(p) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!(p.kind, PromptKind::ExportPath);
    assert!(p.title.contains("2 marked assets"), "{}", p.title);
    let text = p.input.text();
    let name = text
        .strip_prefix(&format!("{FOLDER}/export-"))
        .unwrap_or_else(|| panic!("{text}"));
    // export-YYYYmmdd-HHMM.csv
    assert!(
        name.len() == 17 && name.ends_with(".csv") && name.as_bytes()[8] == b'-',
        "{text}"
    );

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("marked.csv");
    prompt_text(&mut app, &out.to_string_lossy());
    let effects = key(&mut app, "enter");
    let [Effect::Export { path, rows }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(path, &out);
    let names: Vec<&str> = rows.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["IMG_0409.jpg", "IMG_0410.jpg"]);
    let done = worker::export(path.clone(), rows);
    update(&mut app, done);
    assert!(
        status(&app).contains("exported 2 assets"),
        "{}",
        status(&app)
    );
    let csv = std::fs::read_to_string(&out).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("assetPath,"), "{csv}");

    // The pending rating 5 of IMG_0410 is what the tree shows, so what is exported.
    let rating_col = header
        .split(',')
        .position(|h| h.starts_with("xmp:Rating {{"))
        .unwrap();
    let ratings: Vec<&str> = lines
        .map(|l| l.split(',').nth(rating_col).unwrap_or(""))
        .collect();
    assert_eq!(ratings, ["3", "5"], "{csv}");
}

#[test]
fn e_without_marks_exports_every_visible_asset_to_json_by_its_name() {
    let mut app = sample();
    key(&mut app, "E");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("all.json");
    prompt_text(&mut app, &out.to_string_lossy());
    let effects = key(&mut app, "enter");
    let [Effect::Export { path, rows }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(rows.len(), app.visible.len());
    update(&mut app, worker::export(path.clone(), rows));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let files: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["file"].as_str().unwrap())
        .collect();
    assert!(files.contains(&"IMG_0412.jpg"), "{files:?}");
    assert!(v[0]["xmp"].is_object() || v[0]["xmp"].is_null(), "{v}");
}

/// `I`, the file's path typed, Enter, and the worker's answer.
fn import_file(app: &mut xmpedit::tui::app::App, path: &std::path::Path) {
    key(app, "I");
    let Mode::Prompt(p) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!(p.kind, PromptKind::ImportPath);
    assert_eq!(p.input.text(), format!("{FOLDER}/"));
    prompt_text(app, &path.to_string_lossy());
    let effects = key(app, "enter");
    let [Effect::ReadImport { path, known }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let read = worker::import(path.clone(), known);
    update(app, read);
}

#[test]
fn i_previews_every_change_and_yes_makes_one_pending_step_that_u_drops() {
    let mut app = sample();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("in.csv");
    std::fs::write(
        &csv,
        format!(
            "assetPath,xmp:Rating {{{{Long}}}},dc:subject {{{{String: multi}}}}\n\
             {FOLDER}/IMG_0409.jpg,1,lake|dawn\n\
             {FOLDER}/IMG_0410.jpg,4,\n"
        ),
    )
    .unwrap();
    let undo_before = app.edits.undo.len();
    import_file(&mut app, &csv);
    let Mode::ImportPreview(p) = &app.mode else {
        panic!("{:?} {}", app.mode, status(&app))
    };
    assert_eq!(p.problems, 0);
    // IMG_0410 already has rating 4: the row changes nothing there, so it is not listed.
    assert_eq!(
        p.lines,
        [
            "1 asset change:",
            "IMG_0409",
            "  xmp:Rating=1",
            "  dc:subject=lake; dawn (Bag)",
        ]
    );
    // Nothing is pending before the answer.
    assert_eq!(app.pending_count(), 0);
    key(&mut app, "enter");
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.mode);
    assert!(
        status(&app).contains("import in.csv: 1 asset changed"),
        "{}",
        status(&app)
    );
    assert_eq!(text_of(&app, "IMG_0409", &rating()).as_deref(), Some("1"));
    assert_eq!(items_of(&app, "IMG_0409", &subject()), ["lake", "dawn"]);
    assert_eq!(app.edits.undo.len(), undo_before + 1, "one step");
    assert_eq!(app.pending_count(), 1);

    key(&mut app, "u");
    assert_eq!(app.pending_count(), 0);
    assert_eq!(text_of(&app, "IMG_0409", &rating()).as_deref(), Some("3"));
    assert_eq!(items_of(&app, "IMG_0409", &subject()), ["alps"]);
}

#[test]
fn an_import_with_problems_lists_them_and_yes_imports_nothing() {
    let mut app = sample();
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("in.json");
    std::fs::write(
        &json,
        format!(
            r#"[{{"file": "{FOLDER}/IMG_0409.jpg", "xmp:Rating": 2}},
               {{"file": "{FOLDER}/IMG_0999.jpg", "xmp:Rating": 1}},
               {{"file": "{FOLDER}/IMG_0410.jpg", "xmp:Rating": "lots"}}]"#
        ),
    )
    .unwrap();
    import_file(&mut app, &json);
    let Mode::ImportPreview(p) = &app.mode else {
        panic!("{:?} {}", app.mode, status(&app))
    };
    assert_eq!(p.problems, 2, "{:?}", p.lines);
    assert!(p.lines[0].starts_with("2 problems"), "{:?}", p.lines);
    let problems = &p.lines[1..3];
    assert!(
        problems
            .iter()
            .any(|l| l.contains("in.json: /1/file: ") && l.contains("not one of the assets")),
        "{:?}",
        p.lines
    );
    assert!(
        problems
            .iter()
            .any(|l| l.contains("in.json: /2/xmp:Rating: ")),
        "{:?}",
        p.lines
    );
    // The good object is listed too, but not imported while the file has problems.
    assert!(p.lines.iter().any(|l| l == "IMG_0409"), "{:?}", p.lines);
    key(&mut app, "enter");
    assert!(matches!(app.mode, Mode::ImportPreview(_)));
    assert!(
        status(&app).contains("nothing is imported"),
        "{}",
        status(&app)
    );
    assert_eq!(app.pending_count(), 0);
    key(&mut app, "esc");
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(app.pending_count(), 0);
    assert_eq!(text_of(&app, "IMG_0409", &rating()).as_deref(), Some("3"));
}
