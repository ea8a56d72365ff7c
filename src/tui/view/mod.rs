//! Drawing: a pure function of `&App` onto a ratatui frame, one file per pane or
//! dialog. Nothing here reads files or changes state; every string from metadata is
//! already terminal-safe (`present::safe_text`) by the time it is drawn.

pub mod assets;
pub mod detail;
pub mod dialogs;
pub mod help;
pub mod layout;
pub mod prompt;
pub mod status;
pub mod style;
pub mod tree;
pub mod write;

use ratatui::Frame;

use crate::tui::app::{App, Pane};
use crate::tui::popup::Mode;
use style::Theme;

/// Draws the whole screen.
pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let theme = Theme::new(app.no_color);
    let l = layout::compute(area.width, area.height, app.focus);
    if let Some(r) = l.header {
        status::header(app, &theme, frame, r);
    }
    if let Some(r) = l.assets {
        assets::draw(app, &theme, frame, r, app.focus == Pane::Assets);
    }
    if let Some(r) = l.tree {
        tree::draw(app, &theme, frame, r, app.focus == Pane::Tree);
    }
    if let Some(r) = l.detail {
        detail::draw(app, &theme, frame, r, app.focus == Pane::Detail);
    }
    if let Some(r) = l.status {
        status::status_bar(app, &theme, frame, r);
    }
    match &app.mode {
        Mode::Normal | Mode::Filter(_) => {}
        Mode::Prompt(p) => prompt::draw(app, p, &theme, frame, area),
        Mode::Help { scroll } => help::draw(app, *scroll, &theme, frame, area),
        Mode::AddProperty(p) => prompt::draw_picker(app, p, &theme, frame, area),
        Mode::Write(w) => write::draw(app, w, &theme, frame, area),
        Mode::UndoLog(log) => dialogs::undo_log(app, log, &theme, frame, area),
        Mode::ConfirmUndo(c) => dialogs::confirm_undo(app, c, &theme, frame, area),
        Mode::Report(r) => dialogs::report(app, r, &theme, frame, area),
        Mode::ConfirmQuit => dialogs::confirm_quit(app, &theme, frame, area),
        Mode::Checklist(c) => dialogs::checklist(app, c, &theme, frame, area),
        Mode::Templates(t) => dialogs::templates(app, t, &theme, frame, area),
        Mode::ImportPreview(p) => dialogs::import_preview(app, p, &theme, frame, area),
    }
    if let Some(p) = &app.busy {
        if matches!(app.mode, Mode::Normal) {
            write::progress(p, &theme, frame, area);
        }
    }
}
