//! The TUI's update logic, writing and dialogs: state + keys -> state for `w` (the
//! target picker and the plan it sends), write results, quitting with unwritten
//! changes, and the undo log.

use crate::util::tui_support;

use std::path::PathBuf;

use tui_support::*;
use xmpedit::tui::action::{Action, Effect};
use xmpedit::tui::plan::{FileFailure, WriteReport};
use xmpedit::tui::popup::LogEntry;
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
    let batch = |id, undone| LogEntry {
        files: vec![format!("/photos/2024-alps/IMG_{id}.jpg").into()],
        here: true,
        batch: BatchSummary {
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
        },
    };
    update(
        &mut app,
        Action::JournalLoaded(Ok(vec![batch(41, true), batch(42, false)])),
    );
    let Mode::UndoLog(log) = &app.mode else {
        panic!()
    };
    assert_eq!(
        log.entries.as_ref().unwrap().as_ref().unwrap()[0].batch.id,
        42,
        "newest first"
    );
    // u asks first (see undo_asks_first_listing_the_files); y answers.
    let fx = keys(&mut app, "u y");
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
    let fx = keys(&mut app, "r y");
    assert_eq!(fx, vec![Effect::UndoBatch { id: 41, redo: true }]);
}

fn entry(id: u64, here: bool, files: &[&str]) -> LogEntry {
    LogEntry {
        files: files.iter().map(PathBuf::from).collect(),
        here,
        batch: BatchSummary {
            id,
            time: "2026-11-21T14:03:00Z".into(),
            command: format!("xmp:Rating={id}"),
            kind: BatchKind::Edit,
            files: files.len(),
            written: files.len(),
            failed: 0,
            skipped: 0,
            changes: format!("xmp:Rating={id}"),
            state: BatchState::Complete,
            undone: false,
            folder: "/photos".into(),
        },
    }
}

#[test]
fn the_log_lists_the_open_folders_batches_first_and_marks_the_others() {
    let mut app = sample();
    keys(&mut app, "U");
    // Oldest first, as the journal gives them: 3 and 1 elsewhere, 2 and 4 here.
    let list = vec![
        entry(1, false, &["/elsewhere/a.jpg"]),
        entry(2, true, &["/photos/2024-alps/IMG_0409.jpg"]),
        entry(3, false, &["/elsewhere/b.jpg"]),
        entry(4, true, &["/photos/2024-alps/IMG_0410.jpg"]),
    ];
    update(&mut app, Action::JournalLoaded(Ok(list)));
    let Mode::UndoLog(log) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    let ids: Vec<u64> = log
        .entries
        .as_ref()
        .unwrap()
        .as_ref()
        .unwrap()
        .iter()
        .map(|e| e.batch.id)
        .collect();
    assert_eq!(
        ids,
        [4, 2, 3, 1],
        "this folder's first, each part newest first"
    );
    let shown = screen(&mut app, 120, 32);
    let line_of = |id: &str| {
        shown
            .lines()
            .find(|l| l.contains(&format!("#{id} ")))
            .unwrap_or_else(|| panic!("#{id} not shown:\n{shown}"))
            .to_string()
    };
    assert!(!line_of("4").contains("other folder"), "{shown}");
    assert!(line_of("3").contains("other folder"), "{shown}");
    assert!(line_of("1").contains("other folder"), "{shown}");
}

#[test]
fn undo_asks_first_listing_the_files() {
    let mut app = sample();
    keys(&mut app, "U");
    let files = [
        "/photos/2024-alps/IMG_0409.jpg",
        "/photos/2024-alps/IMG_0409.xmp",
    ];
    update(
        &mut app,
        Action::JournalLoaded(Ok(vec![entry(7, true, &files)])),
    );
    // u: the question, nothing reverted yet.
    let fx = keys(&mut app, "u");
    assert!(fx.is_empty(), "{fx:?}");
    assert!(app.busy.is_none());
    let Mode::ConfirmUndo(c) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!((c.id, c.redo), (7, false));
    let shown = screen(&mut app, 120, 32);
    assert!(shown.contains("Undo #7?"), "{shown}");
    assert!(shown.contains("Reverts these 2 files:"), "{shown}");
    for f in files {
        assert!(shown.contains(f), "{f} not listed:\n{shown}");
    }
    assert!(shown.contains("y revert · n keep"), "{shown}");
    // Esc: back to the log, nothing done; n too.
    let fx = keys(&mut app, "esc");
    assert!(fx.is_empty(), "{fx:?}");
    assert!(matches!(app.mode, Mode::UndoLog(_)), "{:?}", app.mode);
    assert!(app.busy.is_none());
    assert!(keys(&mut app, "u n").is_empty());
    assert!(matches!(app.mode, Mode::UndoLog(_)));
    // Keys the question does not bind do nothing (no global `q` quit, no `w`).
    assert!(keys(&mut app, "u q w 4 U").is_empty());
    assert!(matches!(app.mode, Mode::ConfirmUndo(_)), "{:?}", app.mode);
    assert!(!app.quit);
    // Enter (like y) confirms: now the undo runs.
    let fx = keys(&mut app, "enter");
    assert_eq!(fx, vec![Effect::UndoBatch { id: 7, redo: false }]);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.busy.as_ref().map(|b| b.total), Some(2));
}

#[test]
fn read_only_refuses_to_ask() {
    let mut opts = xmpedit::tui::app::Options::new(FOLDER);
    opts.read_only = true;
    let mut app = app_opts(&sample_files(), opts);
    keys(&mut app, "U");
    update(
        &mut app,
        Action::JournalLoaded(Ok(vec![entry(7, true, &["/photos/2024-alps/a.jpg"])])),
    );
    assert!(keys(&mut app, "u enter y").is_empty());
    assert!(matches!(app.mode, Mode::UndoLog(_)), "{:?}", app.mode);
    assert!(status(&app).contains("read-only"), "{}", status(&app));
    let shown = screen(&mut app, 120, 32);
    assert!(!shown.contains("u undo"), "{shown}");
}

#[test]
fn a_long_file_list_in_the_question_scrolls() {
    let mut app = sample();
    keys(&mut app, "U");
    let files: Vec<String> = (0..50)
        .map(|i| format!("/photos/2024-alps/IMG_{i:04}.jpg"))
        .collect();
    let refs: Vec<&str> = files.iter().map(String::as_str).collect();
    update(
        &mut app,
        Action::JournalLoaded(Ok(vec![entry(9, true, &refs)])),
    );
    keys(&mut app, "u");
    let shown = screen(&mut app, 120, 32);
    assert!(shown.contains("Reverts these 50 files:"), "{shown}");
    assert!(shown.contains("IMG_0000.jpg"), "{shown}");
    assert!(!shown.contains("IMG_0049.jpg"), "{shown}");
    assert!(shown.contains("more"), "{shown}");
    keys(&mut app, "pagedown pagedown pagedown pagedown pagedown");
    let shown = screen(&mut app, 120, 32);
    assert!(
        shown.contains("IMG_0049.jpg"),
        "the end is reachable:\n{shown}"
    );
    assert!(matches!(app.mode, Mode::ConfirmUndo(_)));
}
