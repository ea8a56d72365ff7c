//! The write dialog (targets with the files each would touch, the changes, the file
//! checklist of "choose…") and the progress bar of a running write.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::plan::{targets, TargetChoice, WriteProgress};
use crate::tui::popup::WritePicker;
use crate::tui::view::style::{centered, fit, pad, Theme};
use xmpedit_core::present::safe_text;

/// Files a choice touches over all pending assets, as a short list.
fn files_text(app: &App, w: &WritePicker, choice: TargetChoice) -> (String, usize) {
    let mut names: Vec<String> = Vec::new();
    let mut count = 0;
    let mut missing = 0;
    for id in &w.assets {
        let Some(asset) = app.asset(*id) else {
            continue;
        };
        let files = targets(asset, choice, &w.chosen);
        if files.is_empty() {
            missing += 1;
        }
        for f in files {
            count += 1;
            if names.len() < 3 {
                let new = if f.exists { "" } else { " (new)" };
                names.push(format!("{}{new}", safe_text(&f.shown)));
            }
        }
    }
    let mut text = names.join(", ");
    if count > names.len() {
        text.push_str(&format!(", … {count} files"));
    }
    if missing > 0 {
        text.push_str(&format!("  ({missing} assets have no such file)"));
    }
    (text, count)
}

pub fn draw(app: &App, w: &WritePicker, theme: &Theme, frame: &mut Frame, area: Rect) {
    let changes = changes(app, w);
    let list = if w.choice == TargetChoice::Chosen {
        1 + w.candidates.len().min(12)
    } else {
        0
    };
    let want = 2 + 1 + 4 + list + 2 + changes.len().min(8) + 2;
    let r = centered(
        area,
        area.width.saturating_sub(4).clamp(1, 96),
        (want as u16).min(area.height.saturating_sub(2)).max(1),
    );
    frame.render_widget(Clear, r);
    let n = w.assets.len();
    let title = format!(
        " Write {n} asset{} with pending changes ",
        if n == 1 { "" } else { "s" }
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(Span::styled(title, theme.title()));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let iw = usize::from(inner.width);
    let mut lines: Vec<Line> = vec![Line::styled("Target", theme.title())];
    for choice in TargetChoice::ALL {
        let on = choice == w.choice;
        let radio = if on { "(•)" } else { "( )" };
        let pointer = if on && !w.in_list { "▸ " } else { "  " };
        let (files, _) = files_text(app, w, choice);
        let label = pad(choice.label(), 15);
        let mut line = Line::from(vec![
            Span::raw(pointer),
            Span::styled(format!("{radio} "), theme.key()),
            Span::raw(label),
            Span::raw(" "),
            Span::styled(fit(&files, iw.saturating_sub(22)), theme.dim()),
        ]);
        if on && !w.in_list {
            line = line.style(theme.cursor(true));
        }
        lines.push(line);
    }
    if w.choice == TargetChoice::Chosen {
        lines.push(Line::styled(
            fit(
                &format!(
                    "  {}: into the list · {}: tick a file",
                    app.keymap.label(Context::Write, Command::ToggleList),
                    app.keymap.label(Context::Write, Command::Tick)
                ),
                iw,
            ),
            theme.dim(),
        ));
        let room = usize::from(inner.height)
            .saturating_sub(lines.len() + 6)
            .clamp(3, 12);
        let offset = w.list_cursor.saturating_sub(room.saturating_sub(1));
        for (i, (id, f)) in w.candidates.iter().enumerate().skip(offset).take(room) {
            let ticked = w.chosen.contains(&f.path);
            let asset = app.asset(*id).map(|a| a.name.clone()).unwrap_or_default();
            let text = format!(
                "    [{}] {}  {}{}",
                if ticked { "x" } else { " " },
                safe_text(&f.shown),
                safe_text(&asset),
                if f.exists { "" } else { " (new sidecar)" }
            );
            let mut line = Line::raw(fit(&text, iw));
            if w.in_list && i == w.list_cursor {
                line = line.style(theme.cursor(true));
            }
            lines.push(line);
        }
    }
    lines.push(Line::default());
    lines.push(Line::styled("Changes", theme.title()));
    let room = usize::from(inner.height).saturating_sub(lines.len() + 2);
    let more = changes.len().saturating_sub(room);
    for (text, count) in changes.iter().take(room.max(1)) {
        let assets = format!("  ({count} asset{})", if *count == 1 { "" } else { "s" });
        let tw = iw.saturating_sub(assets.chars().count() + 2);
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::raw(pad(&safe_text(text), tw)),
            Span::styled(assets, theme.dim()),
        ]));
    }
    if more > 0 {
        lines.push(Line::styled(format!("  … {more} more"), theme.dim()));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        fit(
            &format!(
                "{} (changes stay pending)",
                crate::tui::help::hint_line(&app.keymap, Context::Write, app.read_only)
            ),
            iw,
        ),
        theme.dim(),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Each distinct op with the number of assets it applies to.
fn changes(app: &App, w: &WritePicker) -> Vec<(String, usize)> {
    let mut changes: Vec<(String, usize)> = Vec::new();
    for id in &w.assets {
        if let Some(p) = app.edits.by_asset.get(id) {
            let mut seen: Vec<String> = Vec::new();
            for op in &p.ops {
                let t = app.op_text(op);
                if seen.contains(&t) {
                    continue;
                }
                match changes.iter_mut().find(|(c, _)| *c == t) {
                    Some((_, n)) => *n += 1,
                    None => changes.push((t.clone(), 1)),
                }
                seen.push(t);
            }
        }
    }
    changes
}

/// `Writing 1,000 files ▕████████▌   ▏ 74%  3 failed`.
pub fn progress(p: &WriteProgress, theme: &Theme, frame: &mut Frame, area: Rect) {
    let r = centered(area, 60, 3);
    frame.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let pct = (p.done * 100).checked_div(p.total).unwrap_or(0).min(100);
    let label = format!("Writing {} files ", p.total);
    let tail = format!(
        " {pct:>3}%{}",
        if p.failed > 0 {
            format!("  {} failed", p.failed)
        } else {
            String::new()
        }
    );
    let bar_w =
        usize::from(inner.width).saturating_sub(label.chars().count() + tail.chars().count() + 2);
    let filled = bar_w * pct / 100;
    let bar = format!("▕{}{}▏", "█".repeat(filled), " ".repeat(bar_w - filled));
    let line = Line::from(vec![
        Span::raw(label),
        Span::styled(bar, theme.key()),
        Span::styled(
            tail,
            if p.failed > 0 {
                theme.error()
            } else {
                theme.base()
            },
        ),
    ]);
    frame.render_widget(Paragraph::new(line), inner);
}
