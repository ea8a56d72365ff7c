//! The header (program, folder, READ-ONLY badge, filter) and the status bar (mode,
//! READ-ONLY badge, last message or key hints, filter input; counts of assets,
//! marked, pending; scan and write progress).

use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::tui::app::{App, Level};
use crate::tui::help::{hint_line_where, hints_where};
use crate::tui::popup::Mode;
use crate::tui::update::command_applies;
use crate::tui::view::style::{fit, width, Theme};
use xmpedit_core::present::safe_path;

pub fn header(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let w = usize::from(area.width);
    let mut spans = vec![Span::styled(" xmpedit ", theme.title())];
    if app.read_only {
        spans.push(Span::styled(" READ-ONLY ", theme.read_only_badge()));
        spans.push(Span::raw(" "));
    }
    let mut right = String::new();
    if app.filter.is_some() {
        right = format!(" filter: {} ", app.filter_text);
        right = xmpedit_core::present::safe_text(&right).into_owned();
    }
    let used: usize = spans.iter().map(|s| width(&s.content)).sum::<usize>() + width(&right);
    let path = safe_path(&app.root);
    spans.push(Span::styled(
        fit(&format!(" {path}"), w.saturating_sub(used + 1)),
        theme.dim(),
    ));
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    if !right.is_empty() && used + width(&right) <= w {
        spans.push(Span::raw(" ".repeat(w - used - width(&right))));
        spans.push(Span::styled(right, theme.warn()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// `412 assets · 3 marked · 2 pending · 1 unreadable ! · scanning 61%`.
fn counts(app: &App) -> String {
    let mut parts = vec![format!("{} assets", app.order.len())];
    if !app.marked.is_empty() {
        parts.push(format!("{} marked", app.marked.len()));
    }
    let pending = app.pending_count();
    if pending > 0 {
        parts.push(format!("{pending} pending"));
    }
    // The same markers the list shows, counted per asset.
    let (markers, unchecked) = app.marker_counts();
    for (m, n) in crate::tui::app::Marker::ALL.iter().zip(markers) {
        if n > 0 {
            let more = if unchecked && *m == crate::tui::app::Marker::Warning {
                "+"
            } else {
                ""
            };
            parts.push(format!("{n}{more} {} {}", m.label(), m.symbol()));
        }
    }
    let p = app.catalog.progress();
    if !p.done {
        let pct = (p.read * 100).checked_div(p.listed).unwrap_or(0);
        parts.push(format!("scanning {pct}%"));
    }
    if let Some(b) = &app.busy {
        let pct = (b.done * 100).checked_div(b.total).unwrap_or(0);
        parts.push(format!("writing {pct}%"));
    }
    parts.join(" · ")
}

pub fn status_bar(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let w = usize::from(area.width);
    let mode = if app.range_anchor.is_some() && matches!(app.mode, Mode::Normal) {
        "RANGE"
    } else {
        app.mode.label()
    };
    let mut spans = vec![Span::styled(format!(" {mode} "), theme.mode_badge())];
    if app.read_only {
        spans.push(Span::styled(" READ-ONLY ", theme.read_only_badge()));
    }
    spans.push(Span::raw(" "));
    let right = format!(" {} ", counts(app));
    let left_used: usize = spans.iter().map(|s| width(&s.content)).sum();
    let right_w = width(&right);
    // The counts give way to the message on narrow screens.
    let show_right = left_used + right_w + 10 <= w;
    let room = w.saturating_sub(left_used + if show_right { right_w } else { 0 });
    let mut cursor = None;
    match &app.mode {
        Mode::Filter(input) => {
            let (shown, col) = input.view(room.saturating_sub(2));
            spans.push(Span::styled("/", theme.key()));
            spans.push(Span::raw(shown));
            cursor = Some(left_used + 1 + col);
        }
        Mode::Normal => match &app.status {
            Some(s) => {
                let style = match s.level {
                    Level::Info => theme.base(),
                    Level::Warn => theme.warn(),
                    Level::Error => theme.error(),
                };
                spans.push(Span::styled(fit(&s.text, room), style));
            }
            None => {
                let mut used = 0;
                for (key, label) in
                    hints_where(&app.keymap, app.focus.context(), app.read_only, |c| {
                        command_applies(app, c)
                    })
                {
                    let item_w = width(&key) + 1 + width(label) + 2;
                    if used + item_w > room {
                        break;
                    }
                    if !key.is_empty() {
                        spans.push(Span::styled(key, theme.key()));
                        spans.push(Span::raw(" "));
                    }
                    spans.push(Span::styled(format!("{label}  "), theme.dim()));
                    used += item_w;
                }
            }
        },
        other => {
            let mut keys = String::new();
            if matches!(other, Mode::AddProperty(p) if p.unknown.is_none()) {
                keys.push_str("type to search · ");
            }
            if let Some(ctx) = other.context() {
                keys.push_str(&hint_line_where(&app.keymap, ctx, app.read_only, |c| {
                    command_applies(app, c)
                }));
            }
            match &app.status {
                Some(s) if s.level != Level::Info => {
                    spans.push(Span::styled(fit(&s.text, room), theme.warn()));
                }
                _ => spans.push(Span::styled(fit(&keys, room), theme.dim())),
            }
        }
    }
    if show_right {
        let used: usize = spans.iter().map(|s| width(&s.content)).sum();
        if used + right_w <= w {
            spans.push(Span::raw(" ".repeat(w - used - right_w)));
            spans.push(Span::styled(right, theme.dim()));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    if let Some(x) = cursor {
        let x = (area.x as usize + x).min(usize::from(area.right().saturating_sub(1)));
        frame.set_cursor_position(Position::new(x as u16, area.y));
    }
}
