//! The undo log (`U`): the journal's batches, the open folder's first, and the
//! question before a written batch is undone or re-done. The question lists the
//! files the batch will rewrite; nothing is reverted before it is answered yes.

use crate::tui::action::{Command, Effect};
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::plan::WriteProgress;
use crate::tui::popup::{ConfirmUndo, LogEntry, Mode, UndoLog};
use xmpedit_session::journal::BatchKind;

use super::dialogs::{moved, step};

pub fn open_undo_log(app: &mut App) -> Vec<Effect> {
    app.mode = Mode::UndoLog(UndoLog {
        entries: None,
        cursor: 0,
    });
    vec![Effect::LoadJournal]
}

/// The journal's batches arrived (oldest first): the dialog lists the ones that
/// touched the open folder first, then the others, each part newest first.
pub fn on_journal(app: &mut App, list: Result<Vec<LogEntry>, String>) {
    if let Mode::UndoLog(log) = &mut app.mode {
        log.entries = Some(list.map(|mut l| {
            l.reverse();
            // Stable: each part keeps newest first.
            l.sort_by_key(|e| !e.here);
            l
        }));
        log.cursor = 0;
    }
}

/// Commands of the undo log and of its question.
pub fn command(app: &mut App, cmd: Command) -> Vec<Effect> {
    match &app.mode {
        Mode::UndoLog(_) => log_command(app, cmd),
        Mode::ConfirmUndo(_) => confirm_command(app, cmd),
        _ => Vec::new(),
    }
}

fn log_command(app: &mut App, cmd: Command) -> Vec<Effect> {
    let Mode::UndoLog(log) = &mut app.mode else {
        return Vec::new();
    };
    let entries: &[LogEntry] = match &log.entries {
        Some(Ok(e)) => e,
        _ => &[],
    };
    let selected = entries.get(log.cursor).cloned();
    let redo = match cmd {
        Command::Close => {
            app.mode = Mode::Normal;
            return Vec::new();
        }
        Command::UndoBatch => false,
        Command::RedoBatch => true,
        // Enter re-does an undone batch and undoes any other.
        Command::Confirm => selected.as_ref().is_some_and(|e| e.batch.undone),
        cmd => {
            log.cursor = moved(log.cursor, step(cmd), entries.len());
            return Vec::new();
        }
    };
    let Some(entry) = selected else {
        return Vec::new();
    };
    let b = &entry.batch;
    if app.read_only {
        app.warn("read-only: written batches cannot be reverted (started with --read-only)");
        return Vec::new();
    }
    if app.busy.is_some() {
        app.warn("a write is running; try again when it is done");
        return Vec::new();
    }
    if redo && !b.undone {
        let u = app.key_in(Context::UndoLog, Command::UndoBatch);
        app.warn(format!("#{} has not been undone; {u} undoes it", b.id));
        return Vec::new();
    }
    if !redo && (b.undone || matches!(b.kind, BatchKind::Undo { .. })) {
        let r = app.key_in(Context::UndoLog, Command::RedoBatch);
        app.warn(format!(
            "#{} is already taken back; {r} re-does what it undid",
            b.id
        ));
        return Vec::new();
    }
    let log = log.clone();
    app.mode = Mode::ConfirmUndo(ConfirmUndo {
        log,
        id: b.id,
        redo,
        what: b.changes.clone(),
        files: entry.files.clone(),
        scroll: 0,
    });
    Vec::new()
}

fn confirm_command(app: &mut App, cmd: Command) -> Vec<Effect> {
    let Mode::ConfirmUndo(c) = &mut app.mode else {
        return Vec::new();
    };
    match cmd {
        Command::Cancel => {
            let (id, redo) = (c.id, c.redo);
            app.mode = Mode::UndoLog(c.log.clone());
            app.info(format!(
                "#{id} not {}: nothing was changed",
                if redo { "re-done" } else { "undone" }
            ));
            Vec::new()
        }
        Command::Confirm => {
            if app.busy.is_some() {
                app.warn("a write is running; try again when it is done");
                return Vec::new();
            }
            let (id, redo, files) = (c.id, c.redo, c.files.len());
            app.mode = Mode::Normal;
            app.busy = Some(WriteProgress {
                done: 0,
                total: files,
                failed: 0,
            });
            app.info(format!(
                "{} #{id}…",
                if redo { "re-doing" } else { "undoing" }
            ));
            vec![Effect::UndoBatch { id, redo }]
        }
        cmd => {
            c.scroll = moved(c.scroll, step(cmd), c.files.len());
            Vec::new()
        }
    }
}
