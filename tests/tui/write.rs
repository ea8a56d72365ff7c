//! The TUI's update logic, writing and dialogs: state + keys -> state for `w` (the
//! target picker and the plan it sends), write results, quitting with unwritten
//! changes, and the undo log.

use crate::util::tui_support;

use std::path::PathBuf;

use tui_support::*;
use xmpedit::tui::action::{Action, Effect};
use xmpedit::tui::plan::{FileFailure, WriteReport};
use xmpedit::tui::popup::Mode;
use xmpedit::tui::update::update;
use xmpedit_session::journal::{BatchKind, BatchState, BatchSummary};

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
        .files()
        .iter()
        .map(|fs| fs.iter().map(|f| f.shown.clone()).collect())
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
    let files = plan.files();
    assert_eq!(files[0][0].shown, "IMG_0409.xmp");
    assert!(!files[0][0].exists);
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
        folder: "/photos".into(),
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
