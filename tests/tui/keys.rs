//! Keys by context, as users meet them: a text field types characters that are
//! global commands elsewhere (`q`, `u`, `w`, `4`), a dialog does only what it binds
//! (a global key there does nothing), the config's `[keys]` changes a dialog's keys
//! and its footer, and a misspelt binding stops the real binary with an error that
//! names the closest real command.

use crate::util::tui_support;

use std::process::Command as Process;

use tui_support::*;
use xmpedit::tui::app::Options;
use xmpedit::tui::keymap::Keymap;
use xmpedit::tui::popup::Mode;

fn field_text(app: &xmpedit::tui::app::App) -> String {
    match &app.mode {
        Mode::Filter(i) => i.text(),
        Mode::Prompt(p) => p.input.text(),
        Mode::AddProperty(p) => p.input.text(),
        other => panic!("no text field: {other:?}"),
    }
}

#[test]
fn text_fields_type_keys_that_are_global_commands() {
    // The filter line: q would quit, u undo, 4 rate, j move, w write, ? help.
    let mut app = sample();
    let effects = keys(&mut app, "/ q u 4 j w ? U space");
    assert!(effects.is_empty(), "{effects:?}");
    assert!(matches!(app.mode, Mode::Filter(_)), "{:?}", app.mode);
    assert_eq!(field_text(&app), "qu4jw?U ");
    assert!(!app.quit);
    assert_eq!(app.pending_count(), 0, "4 did not rate");
    keys(&mut app, "esc");
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(current_name(&app), "IMG_0409", "j did not move");

    // A value prompt: the same keys are text, the editing keys edit.
    let mut app = sample();
    on_prop(&mut app, "IMG_0409", &rating());
    keys(&mut app, "enter ctrl-u q u a d 4");
    assert!(matches!(app.mode, Mode::Prompt(_)), "{:?}", app.mode);
    assert_eq!(field_text(&app), "quad4");
    keys(&mut app, "ctrl-w");
    assert_eq!(field_text(&app), "", "ctrl-w deletes the word");
    keys(&mut app, "esc");
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(text_of(&app, "IMG_0409", &rating()).as_deref(), Some("3"));

    // The add-property picker.
    let mut app = sample();
    keys(&mut app, "a");
    assert!(matches!(app.mode, Mode::AddProperty(_)), "{:?}", app.mode);
    keys(&mut app, "q U k");
    assert_eq!(field_text(&app), "qUk");
    assert!(matches!(app.mode, Mode::AddProperty(_)));
}

#[test]
fn dialogs_do_only_what_they_bind() {
    // Help: u, 4, w, a, /, : are nothing here; q closes it (its own binding).
    let mut app = sample();
    keys(&mut app, "?");
    let effects = keys(&mut app, "u 4 w a / : space tab");
    assert!(effects.is_empty(), "{effects:?}");
    assert!(matches!(app.mode, Mode::Help { .. }), "{:?}", app.mode);
    assert_eq!(app.pending_count(), 0);
    keys(&mut app, "q");
    assert_eq!(app.mode, Mode::Normal);
    assert!(!app.quit, "q closed help, it did not quit");

    // The write dialog: u does not undo the pending rating, a adds nothing.
    let mut app = sample();
    keys(&mut app, "4 w");
    assert!(matches!(app.mode, Mode::Write(_)), "{:?}", app.mode);
    let effects = keys(&mut app, "u U a / 5 ?");
    assert!(effects.is_empty(), "{effects:?}");
    assert!(matches!(app.mode, Mode::Write(_)), "{:?}", app.mode);
    assert_eq!(text_of(&app, "IMG_0409", &rating()).as_deref(), Some("4"));

    // The quit question: j, u and a are nothing; n stays.
    keys(&mut app, "esc q");
    assert_eq!(app.mode, Mode::ConfirmQuit);
    assert!(keys(&mut app, "j u a 5").is_empty());
    assert_eq!(app.mode, Mode::ConfirmQuit);
    assert_eq!(text_of(&app, "IMG_0409", &rating()).as_deref(), Some("4"));
    keys(&mut app, "n");
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn the_config_rebinds_a_dialog_and_its_footer_follows() {
    let table: toml::Value =
        toml::from_str("[help]\nclose = [\"x\"]\n[write]\ncancel = \"c\"\n").unwrap();
    let (keymap, errors) = Keymap::from_config(Some(&table));
    assert!(errors.is_empty(), "{errors:?}");
    let mut opts = Options::new(FOLDER);
    opts.keymap = keymap;
    let mut app = app_opts(&sample_files(), opts);
    keys(&mut app, "?");
    let shown = screen(&mut app, 120, 32);
    assert!(shown.contains("↑↓ scroll · x close"), "{shown}");
    keys(&mut app, "esc");
    assert!(
        matches!(app.mode, Mode::Help { .. }),
        "Esc no longer closes help"
    );
    keys(&mut app, "x");
    assert_eq!(app.mode, Mode::Normal);
    keys(&mut app, "4 w");
    let shown = screen(&mut app, 120, 32);
    assert!(shown.contains("c cancel"), "{shown}");
    keys(&mut app, "c");
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn a_misspelt_binding_stops_the_program_with_the_closest_name() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[keys]\nqiut = \"ctrl-q\"\n\"undo_log.undo_bach\" = \"x\"\n",
    )
    .unwrap();
    let out = Process::new(env!("CARGO_BIN_EXE_xmpedit"))
        .arg(dir.path())
        .env("XMPEDIT_CONFIG", &config)
        .env("XMPEDIT_DATA_DIR", dir.path().join("data"))
        .output()
        .expect("run xmpedit");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("config.toml"), "names the file: {err}");
    assert!(
        err.contains("unknown command \"qiut\" (did you mean \"quit\"?)"),
        "{err}"
    );
    assert!(
        err.contains("unknown command \"undo_bach\" (did you mean \"undo_batch\"?)"),
        "{err}"
    );
    assert!(out.stdout.is_empty(), "the terminal UI never started");
}

#[test]
fn messages_name_the_keys_as_bound() {
    let table: toml::Value =
        toml::from_str("mark_range = \"ctrl-v\"\ncancel = \"ctrl-g\"\n").unwrap();
    let (keymap, errors) = Keymap::from_config(Some(&table));
    assert!(errors.is_empty(), "{errors:?}");
    let mut opts = Options::new(FOLDER);
    opts.keymap = keymap;
    let mut app = app_opts(&sample_files(), opts);
    keys(&mut app, "ctrl-v");
    assert_eq!(
        status(&app),
        "range: move to its other end and press ^v again (^g cancels)"
    );
}
