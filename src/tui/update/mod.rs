//! `update(&mut App, Action) -> Vec<Effect>`: every state change of the UI, pure (no
//! I/O: files, terminal and clipboard are reached only through the returned effects).
//!
//! Every key goes through the keymap to a [`Command`], in the context of the current
//! mode: a pane's (falling back to the global keys), a text field's (falling back to
//! the editing keys, then typing) or a dialog's (its own keys only). Ctrl-C alone is
//! fixed: it quits from anywhere.
//!
//! - [`nav`]: moving, panes, groups, marks, the filter;
//! - [`edit`]: commands that make pending edits directly, copy and paste, undo;
//! - [`prompt`]: edits typed into a prompt (values, languages, items, expressions);
//! - [`select`]: what the cursor is on, as model nodes and edit paths;
//! - [`dialogs`]: help, add-property picker, write picker, report, quit;
//! - [`history`]: the undo log and its "undo #42?" question;
//! - [`results`]: scan events and worker results.

mod dialogs;
mod edit;
mod history;
mod interchange;
pub(crate) mod live;
mod nav;
mod prompt;
mod results;
mod select;
mod templates;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::tui::action::{Action, Command, Effect};
use crate::tui::app::{App, Pane};
use crate::tui::input::InputResult;
use crate::tui::keymap::{Context, Key};
use crate::tui::popup::Mode;

pub use dialogs::build_plan;
pub use dialogs::field_value;
pub use edit::apply_ops;
pub use select::command_applies;

/// Applies one action to the state; returns the work it asks for.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let effects = match action {
        Action::Key(key) => {
            if app.tree_stale {
                app.touch_tree();
            }
            app.sync();
            let e = on_key(app, key);
            app.sync();
            e
        }
        Action::Command(cmd) => {
            app.sync();
            let e = run(app, cmd);
            app.sync();
            e
        }
        Action::Paste(text) => {
            let e = on_paste(app, &text);
            app.sync();
            e
        }
        Action::Mouse(m) => {
            app.sync();
            let e = nav::on_mouse(app, m);
            app.sync();
            e
        }
        Action::Resize(w, h) => {
            app.size = (w, h);
            app.sync();
            Vec::new()
        }
        Action::Scan(event) => results::on_scan(app, event),
        Action::WriteProgress(p) => {
            app.busy = Some(p);
            Vec::new()
        }
        Action::WriteDone(report) => results::on_write_done(app, report),
        Action::DiskChanged(paths) => results::on_disk_changed(app, paths),
        Action::Appeared(files) => {
            crate::tui::update::live::on_appeared(app, files);
            app.sync();
            Vec::new()
        }
        Action::Vanished(paths) => {
            crate::tui::update::live::on_vanished(app, paths);
            app.sync();
            Vec::new()
        }
        Action::Reread { reads, asked } => {
            results::on_reread(app, reads, asked);
            app.sync();
            Vec::new()
        }
        Action::JournalLoaded(list) => {
            history::on_journal(app, list);
            Vec::new()
        }
        Action::Copied(result) => {
            match result {
                Ok(via) => app.info(format!("copied to the {via}")),
                Err(e) => app.error(e),
            }
            Vec::new()
        }
        Action::TemplatesLoaded(list) => templates::on_loaded(app, list),
        Action::Exported(result) => {
            interchange::on_exported(app, result);
            Vec::new()
        }
        Action::ImportRead { file, result } => {
            interchange::on_import_read(app, file, result);
            Vec::new()
        }
        Action::Tick => Vec::new(),
    };
    if app.quit && !effects.contains(&Effect::Quit) {
        let mut e = effects;
        e.push(Effect::Quit);
        return e;
    }
    effects
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    // Releases are dropped by the shell too; tests may send them directly.
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        return dialogs::request_quit(app, matches!(app.mode, Mode::ConfirmQuit));
    }
    let k = Key::from_event(&key);
    match app.mode.context() {
        None => match app.keymap.lookup(app.focus.context(), k) {
            Some(cmd) => command(app, cmd),
            None => {
                if !matches!(key.code, KeyCode::Modifier(_)) {
                    app.status = None;
                }
                Vec::new()
            }
        },
        // Text fields: their own keys, else editing and typing (never the panes').
        Some(ctx @ (Context::Filter | Context::Prompt | Context::Picker)) => {
            match app.keymap.lookup_own(ctx, k) {
                Some(cmd) => run(app, cmd),
                None => field_key(app, &key),
            }
        }
        // Dialogs: their own keys only.
        Some(ctx) => match app.keymap.lookup_own(ctx, k) {
            Some(cmd) => run(app, cmd),
            None => Vec::new(),
        },
    }
}

/// A key for the text field of the mode: editing keys and typed characters.
fn field_key(app: &mut App, key: &KeyEvent) -> Vec<Effect> {
    let keymap = &app.keymap;
    let input = match &mut app.mode {
        Mode::Filter(input) => input,
        Mode::Prompt(p) => &mut p.input,
        Mode::AddProperty(p) => &mut p.input,
        _ => return Vec::new(),
    };
    if input.handle_key(keymap, key) == InputResult::Changed {
        // What depends on the text: the live filter, a stale error, the matches.
        match &mut app.mode {
            Mode::Filter(_) => nav::refilter_live(app),
            Mode::Prompt(p) => {
                p.error = None;
                p.cycle = None;
            }
            Mode::AddProperty(_) => dialogs::refresh_picker(app),
            _ => {}
        }
    }
    Vec::new()
}

/// Runs a command in the context of the current mode.
pub fn run(app: &mut App, cmd: Command) -> Vec<Effect> {
    match &app.mode {
        Mode::Normal => command(app, cmd),
        Mode::Filter(_) => nav::filter_command(app, cmd),
        Mode::Prompt(_) => prompt::prompt_command(app, cmd),
        Mode::UndoLog(_) | Mode::ConfirmUndo(_) => history::command(app, cmd),
        Mode::ImportPreview(_) => interchange::preview_command(app, cmd),
        _ => dialogs::command(app, cmd),
    }
}

fn on_paste(app: &mut App, text: &str) -> Vec<Effect> {
    match &mut app.mode {
        Mode::Filter(input) => {
            input.insert_str(text);
            nav::refilter_live(app);
        }
        Mode::Prompt(p) => {
            p.input.insert_str(text);
            p.error = None;
            p.cycle = None;
        }
        Mode::AddProperty(p) => {
            p.input.insert_str(text);
            dialogs::refresh_picker(app);
        }
        _ => {
            let msg = format!(
                "pasted text goes into a field: press {} to edit a value, {} to filter",
                app.key_of(Command::Edit),
                app.key_of(Command::Filter)
            );
            app.info(msg);
        }
    }
    Vec::new()
}

/// Runs a named command in normal mode.
pub fn command(app: &mut App, cmd: Command) -> Vec<Effect> {
    if !matches!(app.mode, Mode::Normal) {
        return Vec::new();
    }
    if app.read_only && cmd.edits() {
        app.warn(format!(
            "read-only: {} does nothing (xmpedit was started with --read-only)",
            cmd.describe()
        ));
        return Vec::new();
    }
    app.status = None;
    if app.focus == Pane::Detail && cmd == Command::Edit && app.selected_prop().is_none() {
        return nav::view_file(app);
    }
    if cmd == Command::Cancel && app.viewed_file().is_some() {
        return nav::leave_file_view(app);
    }
    if edit::file_view_blocks(app, cmd) || !edit::damage_confirmed(app, cmd) {
        return Vec::new();
    }
    match cmd {
        Command::Quit => dialogs::request_quit(app, false),
        Command::Help => {
            app.mode = Mode::Help { scroll: 0 };
            Vec::new()
        }
        Command::NextPane | Command::PrevPane => {
            nav::cycle_pane(app, cmd == Command::NextPane);
            Vec::new()
        }
        Command::Up => nav::move_by(app, -1),
        Command::Down => nav::move_by(app, 1),
        Command::PageUp => {
            let h = app.pane_height(app.focus) as isize;
            nav::move_by(app, -h)
        }
        Command::PageDown => {
            let h = app.pane_height(app.focus) as isize;
            nav::move_by(app, h)
        }
        Command::Top => nav::move_by(app, isize::MIN / 2),
        Command::Bottom => nav::move_by(app, isize::MAX / 2),
        Command::Left => nav::left(app),
        Command::Right => nav::right(app),
        Command::ToggleGroup => nav::toggle_group(app),
        Command::Cancel => nav::cancel(app),
        Command::Filter => {
            app.mode = Mode::Filter(crate::tui::input::TextInput::with_text(&app.filter_text));
            Vec::new()
        }
        Command::Mark => nav::mark(app),
        Command::MarkRange => nav::mark_range(app),
        Command::MarkAll => nav::mark_all(app),
        Command::Edit => prompt::edit(app),
        Command::Rate(n) => edit::rate(app, n),
        Command::Reject => edit::rate(app, -1),
        Command::Add => prompt::add(app),
        Command::AddKeywords => prompt::add_keywords(app),
        Command::Delete => edit::delete(app),
        Command::MakeDefault => edit::make_default(app),
        Command::MoveItemUp => edit::move_item(app, -1),
        Command::MoveItemDown => edit::move_item(app, 1),
        Command::Copy => edit::copy(app),
        Command::Paste => edit::paste(app),
        Command::Undo => edit::undo(app),
        Command::Redo => edit::redo(app),
        Command::Expression => prompt::expression(app),
        Command::ApplyTemplate => templates::open(app),
        Command::UndoLog => history::open_undo_log(app),
        Command::Write => dialogs::open_write(app),
        Command::Reload => results::reload(app),
        Command::Export => interchange::export(app),
        Command::Import => interchange::import(app),
        // Commands of the text fields and dialogs do nothing on the main screen.
        Command::Close
        | Command::Confirm
        | Command::CompleteNext
        | Command::CompletePrev
        | Command::ToggleList
        | Command::Tick
        | Command::UndoBatch
        | Command::RedoBatch
        | Command::AllowUnknown
        | Command::CursorLeft
        | Command::CursorRight
        | Command::LineStart
        | Command::LineEnd
        | Command::WordLeft
        | Command::WordRight
        | Command::DeleteBack
        | Command::DeleteForward
        | Command::DeleteWordBack
        | Command::DeleteToStart
        | Command::DeleteToEnd => Vec::new(),
    }
}
