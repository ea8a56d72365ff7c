//! Small dialogs: the undo log and its "undo #42?" question, the write report, the
//! quit question, the keyword checklist. Their key lines come from the keymap.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::help::hint_line;
use crate::tui::keymap::Context;
use crate::tui::popup::{Checklist, ConfirmUndo, ImportPreview, Report, TemplatePicker, UndoLog};
use crate::tui::view::style::{centered, fit, pad, wrap, Theme};
use xmpedit_core::present::{safe_path, safe_text};
use xmpedit_session::journal::BatchKind;

fn frame_box<'a>(title: String, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(Span::styled(title, theme.title()))
}

/// `2026-11-21T14:03:12Z` -> `11-21 14:03`.
fn short_time(rfc3339: &str) -> String {
    match (rfc3339.get(5..10), rfc3339.get(11..16)) {
        (Some(d), Some(t)) => format!("{d} {t}"),
        _ => rfc3339.to_string(),
    }
}

pub fn undo_log(app: &App, log: &UndoLog, theme: &Theme, frame: &mut Frame, area: Rect) {
    let r = centered(
        area,
        area.width.saturating_sub(4).clamp(1, 90),
        area.height.saturating_sub(2).clamp(1, 24),
    );
    frame.render_widget(Clear, r);
    let block = frame_box(" Undo log ".into(), theme);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let w = usize::from(inner.width);
    let h = usize::from(inner.height);
    let mut lines: Vec<Line> = Vec::new();
    match &log.entries {
        None => lines.push(Line::styled("reading the journal…", theme.dim())),
        Some(Err(e)) => {
            for l in wrap(&safe_text(e), w) {
                lines.push(Line::styled(l, theme.error()));
            }
        }
        Some(Ok(entries)) if entries.is_empty() => {
            lines.push(Line::styled("nothing written yet", theme.dim()));
        }
        Some(Ok(entries)) => {
            let room = h.saturating_sub(1).max(1);
            let offset = log.cursor.saturating_sub(room - 1);
            for (i, e) in entries.iter().enumerate().skip(offset).take(room) {
                let b = &e.batch;
                let what = match b.kind {
                    BatchKind::Edit => b.changes.clone(),
                    BatchKind::Undo { of } => format!("undo of #{of}"),
                    BatchKind::Redo { of } => format!("redo of #{of}"),
                };
                let mut state = String::new();
                if b.undone {
                    state.push_str(" (undone)");
                }
                if b.failed > 0 {
                    state.push_str(&format!(" ({} failed)", b.failed));
                }
                if !e.here {
                    // Listed after the open folder's batches, and marked.
                    state.push_str(" · other folder");
                }
                let files = format!("{} file{}", b.files, if b.files == 1 { "" } else { "s" });
                let head = format!("#{:<4} {}  ", b.id, short_time(&b.time));
                let tail = format!("  {files}{state}");
                let mid_w = w.saturating_sub(head.chars().count() + tail.chars().count());
                let mut line = Line::from(vec![
                    Span::styled(head, theme.key()),
                    Span::raw(pad(&safe_text(&what), mid_w)),
                    Span::styled(tail, theme.dim()),
                ]);
                if i == log.cursor {
                    line = line.style(theme.cursor(true));
                }
                lines.push(line);
            }
        }
    }
    let mut keys = hint_line(&app.keymap, Context::UndoLog, app.read_only);
    if app.read_only {
        keys.push_str(" (read-only: nothing can be reverted)");
    }
    while lines.len() + 1 < h {
        lines.push(Line::default());
    }
    lines.truncate(h.saturating_sub(1));
    lines.push(Line::styled(fit(&keys, w), theme.dim()));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// "Undo #42?": what the batch did and every file the answer yes rewrites.
pub fn confirm_undo(app: &App, c: &ConfirmUndo, theme: &Theme, frame: &mut Frame, area: Rect) {
    // As tall as the file list needs (two lines above it, the keys and a blank below).
    let want = u16::try_from(c.files.len() + 6).unwrap_or(u16::MAX);
    let r = centered(
        area,
        area.width.saturating_sub(4).clamp(1, 90),
        area.height.saturating_sub(2).clamp(1, want.min(20)),
    );
    frame.render_widget(Clear, r);
    let verb = if c.redo { "Re-do" } else { "Undo" };
    let block = frame_box(format!(" {verb} #{}? ", c.id), theme);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let w = usize::from(inner.width);
    let h = usize::from(inner.height);
    let n = c.files.len();
    let mut lines: Vec<Line> = vec![
        Line::raw(fit(&safe_text(&c.what), w)),
        Line::styled(
            fit(
                &format!(
                    "{} {}:",
                    if c.redo { "Rewrites" } else { "Reverts" },
                    if n == 1 {
                        "this file".to_string()
                    } else {
                        format!("these {n} files")
                    }
                ),
                w,
            ),
            theme.warn(),
        ),
    ];
    let room = h.saturating_sub(lines.len() + 1);
    let rest = n.saturating_sub(c.scroll);
    // A long list says how much is below instead of its last visible file.
    let (shown, more) = if rest > room {
        (room.saturating_sub(1), rest - room.saturating_sub(1))
    } else {
        (rest, 0)
    };
    for f in c.files.iter().skip(c.scroll).take(shown) {
        lines.push(Line::raw(fit(&format!("  {}", safe_path(f)), w)));
    }
    if more > 0 && room > 0 {
        lines.push(Line::styled(
            fit(&format!("  … {more} more"), w),
            theme.dim(),
        ));
    }
    while lines.len() + 1 < h {
        lines.push(Line::default());
    }
    lines.truncate(h.saturating_sub(1));
    let keys = hint_line(&app.keymap, Context::ConfirmUndo, app.read_only);
    lines.push(Line::styled(fit(&keys, w), theme.dim()));
    frame.render_widget(Paragraph::new(lines), inner);
}

pub fn report(app: &App, rep: &Report, theme: &Theme, frame: &mut Frame, area: Rect) {
    let r = centered(
        area,
        area.width.saturating_sub(4).clamp(1, 96),
        area.height.saturating_sub(2).clamp(1, 20),
    );
    frame.render_widget(Clear, r);
    let block = frame_box(format!(" {} ", rep.title), theme);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let w = usize::from(inner.width);
    let mut lines: Vec<Line> = Vec::new();
    for l in &rep.lines {
        for part in wrap(l, w) {
            lines.push(Line::raw(part));
        }
    }
    lines.push(Line::default());
    for f in &rep.failures {
        let text = format!("{}: {}", safe_path(&f.path), safe_text(&f.message));
        for part in wrap(&text, w) {
            lines.push(Line::styled(part, theme.error()));
        }
    }
    let h = usize::from(inner.height);
    let mut shown: Vec<Line> = lines
        .into_iter()
        .skip(rep.scroll)
        .take(h.saturating_sub(1))
        .collect();
    let keys = hint_line(&app.keymap, Context::Report, app.read_only);
    shown.push(Line::styled(fit(&keys, w), theme.dim()));
    frame.render_widget(Paragraph::new(shown), inner);
}

/// `I`'s preview: problems, then every change per asset, and the keys.
pub fn import_preview(app: &App, p: &ImportPreview, theme: &Theme, frame: &mut Frame, area: Rect) {
    let want = u16::try_from(p.lines.len() + 3).unwrap_or(u16::MAX);
    let r = centered(
        area,
        area.width.saturating_sub(4).clamp(1, 96),
        area.height.saturating_sub(2).clamp(1, want.max(6)),
    );
    frame.render_widget(Clear, r);
    let title = p
        .file
        .file_name()
        .map(|n| safe_text(&n.to_string_lossy()).into_owned())
        .unwrap_or_default();
    let block = frame_box(format!(" Import {title}? "), theme);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let w = usize::from(inner.width);
    let h = usize::from(inner.height);
    let mut shown: Vec<Line> = p
        .lines
        .iter()
        .enumerate()
        .skip(p.scroll)
        .take(h.saturating_sub(1))
        .map(|(i, l)| {
            let text = fit(&safe_text(l), w);
            if p.problems > 0 && i <= p.problems {
                Line::styled(text, theme.error())
            } else if !l.starts_with(' ') {
                Line::styled(text, theme.warn())
            } else {
                Line::raw(text)
            }
        })
        .collect();
    while shown.len() + 1 < h {
        shown.push(Line::default());
    }
    let keys = hint_line(&app.keymap, Context::ImportPreview, app.read_only);
    shown.push(Line::styled(fit(&keys, w), theme.dim()));
    frame.render_widget(Paragraph::new(shown), inner);
}

pub fn confirm_quit(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let r = centered(area, 64, 6);
    frame.render_widget(Clear, r);
    let block = frame_box(" Quit? ".into(), theme);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let w = usize::from(inner.width);
    let n = app.pending_count();
    let what = if app.busy.is_some() {
        "A write is still running.".to_string()
    } else {
        format!(
            "{n} asset{} with changes not written.",
            if n == 1 { "" } else { "s" }
        )
    };
    let key = |c: Command| Span::styled(app.keymap.label(Context::ConfirmQuit, c), theme.key());
    let lines = vec![
        Line::styled(fit(&what, w), theme.warn()),
        Line::default(),
        Line::from(vec![
            key(Command::Write),
            Span::raw(" write first   "),
            key(Command::Confirm),
            Span::raw(" quit without writing   "),
            key(Command::Cancel),
            Span::raw(" stay"),
        ]),
    ];
    frame.render_widget(Paragraph::new(lines), inner);
}

/// `Remove from dc:subject (12 assets)`: `[x] alps (12)` per item, scrolled to the
/// cursor.
pub fn checklist(app: &App, c: &Checklist, theme: &Theme, frame: &mut Frame, area: Rect) {
    let h = (c.items.len() as u16 + 4).clamp(5, area.height.saturating_sub(2).max(1));
    let r = centered(area, area.width.saturating_sub(4).clamp(1, 70), h);
    frame.render_widget(Clear, r);
    let title = format!(" Remove from {} ({} assets) ", c.qname, c.targets);
    let block = frame_box(fit(&title, usize::from(r.width.saturating_sub(2))), theme);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let w = usize::from(inner.width);
    let room = usize::from(inner.height).saturating_sub(1).max(1);
    let offset = c.cursor.saturating_sub(room.saturating_sub(1));
    let mut lines: Vec<Line> = Vec::new();
    for (i, ((item, n), ticked)) in c
        .items
        .iter()
        .zip(&c.ticked)
        .enumerate()
        .skip(offset)
        .take(room)
    {
        let mark = if *ticked { "[x] " } else { "[ ] " };
        let text = format!("{mark}{} ({n})", safe_text(item));
        let mut line = Line::raw(pad(&text, w));
        if i == c.cursor {
            line = line.style(theme.cursor(true));
        }
        lines.push(line);
    }
    if c.items.is_empty() {
        lines.push(Line::styled("no items", theme.dim()));
    }
    while lines.len() < room {
        lines.push(Line::default());
    }
    let keys = hint_line(&app.keymap, Context::Checklist, app.read_only);
    lines.push(Line::styled(fit(&keys, w), theme.dim()));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// `Apply a template (N assets)`: the names (and descriptions) on the left, the
/// edits of the one under the cursor on the right, the keys at the bottom.
pub fn templates(app: &App, t: &TemplatePicker, theme: &Theme, frame: &mut Frame, area: Rect) {
    let preview_len = t
        .entries
        .get(t.cursor)
        .map_or(1, |e| e.exprs.len().max(1) + 1);
    let rows = t.entries.len().max(preview_len) as u16;
    let h = (rows + 4).clamp(6, area.height.saturating_sub(2).max(1));
    let r = centered(area, area.width.saturating_sub(4).clamp(1, 100), h);
    frame.render_widget(Clear, r);
    let title = format!(
        " Apply a template ({} asset{}) ",
        t.targets,
        if t.targets == 1 { "" } else { "s" }
    );
    let block = frame_box(fit(&title, usize::from(r.width.saturating_sub(2))), theme);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let w = usize::from(inner.width);
    let left = (w / 3).clamp(1, 30);
    let right = w.saturating_sub(left + 3);
    let room = usize::from(inner.height).saturating_sub(2).max(1);
    let offset = t.cursor.saturating_sub(room.saturating_sub(1));
    let mut preview: Vec<String> = Vec::new();
    if let Some(e) = t.entries.get(t.cursor) {
        match &e.error {
            Some(err) => preview.extend(wrap(&safe_text(err), right.max(1))),
            None => {
                if !e.description.is_empty() {
                    preview.push(safe_text(&e.description).into_owned());
                }
                preview.extend(e.exprs.iter().map(|x| safe_text(x).into_owned()));
            }
        }
    }
    let mut lines: Vec<Line> = Vec::new();
    for k in 0..room {
        let i = offset + k;
        let name = t.entries.get(i).map(|e| safe_text(&e.name).into_owned());
        let mut spans = Vec::new();
        let cell = pad(&fit(name.as_deref().unwrap_or(""), left), left);
        spans.push(if i == t.cursor && name.is_some() {
            Span::styled(cell, theme.cursor(true))
        } else {
            Span::raw(cell)
        });
        spans.push(Span::styled(" │ ", theme.dim()));
        if let Some(p) = preview.get(k) {
            let style = if k == 0
                && t.entries
                    .get(t.cursor)
                    .is_some_and(|e| !e.description.is_empty() || e.error.is_some())
            {
                theme.dim()
            } else {
                ratatui::style::Style::default()
            };
            spans.push(Span::styled(fit(p, right), style));
        }
        lines.push(Line::from(spans));
    }
    match &t.error {
        Some(e) => lines.push(Line::styled(fit(e, w), theme.error())),
        None => lines.push(Line::default()),
    }
    let keys = hint_line(&app.keymap, Context::Templates, app.read_only);
    lines.push(Line::styled(fit(&keys, w), theme.dim()));
    frame.render_widget(Paragraph::new(lines), inner);
}
