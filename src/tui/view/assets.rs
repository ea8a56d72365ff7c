//! The asset list: mark, name, rating, file count, pending and problem markers (`!`
//! unreadable, `#` damaged, `?` warnings; see [`crate::tui::app::Marker`]).

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::view::style::{pad, pad_middle, Theme};
use xmpedit_catalog::{AssetId, ReadState};
use xmpedit_core::present::safe_text;

pub fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect, focused: bool) {
    let title = if app.filter.is_some() {
        format!(" Assets {}/{} ", app.visible.len(), app.order.len())
    } else {
        format!(" Assets ({}) ", app.order.len())
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(focused))
        .title(Span::styled(title, theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let h = usize::from(inner.height);
    let w = usize::from(inner.width);
    if app.visible.is_empty() {
        let msg = if app.order.is_empty() {
            if app.catalog.progress().done {
                "no files here".to_string()
            } else {
                "scanning…".to_string()
            }
        } else {
            format!(
                "nothing matches the filter ({} clears it)",
                app.keymap.label(Context::Assets, Command::Cancel)
            )
        };
        frame.render_widget(Paragraph::new(Span::styled(msg, theme.dim())), inner);
        return;
    }
    let offset = crate::tui::app::scroll(app.assets_offset, app.cursor, h, app.visible.len());
    let range = app.range_anchor.and_then(|a| {
        let i = app.visible.iter().position(|v| *v == a)?;
        Some((i.min(app.cursor), i.max(app.cursor)))
    });
    let lines: Vec<Line> = app
        .visible
        .iter()
        .enumerate()
        .skip(offset)
        .take(h)
        .map(|(i, id)| {
            let mut line = row(app, theme, *id, w, i == app.cursor);
            if i == app.cursor {
                line = line.style(theme.cursor(focused));
            } else if range.is_some_and(|(lo, hi)| (lo..=hi).contains(&i)) {
                line = line.style(theme.in_range());
            }
            line
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// One asset row, `w` cells wide.
fn row<'a>(app: &App, theme: &Theme, id: AssetId, w: usize, cursor: bool) -> Line<'a> {
    let Some(asset) = app.asset(id) else {
        return Line::default();
    };
    let marked = app.marked.contains(&id);
    // A cursor gutter that shows without colour too, then the mark.
    let mark = match (cursor, marked) {
        (true, true) => "▌● ",
        (true, false) => "▌  ",
        (false, true) => " ● ",
        (false, false) => "   ",
    };
    let read_all = asset
        .renditions
        .iter()
        .all(|r| !matches!(r.xmp, ReadState::NotRead));
    let rating = match app.rating_text(id) {
        Some(s) => s,
        None if !read_all => "…".to_string(),
        None => String::new(),
    };
    let n = asset.renditions.len();
    let files = if n == 1 {
        "1 file".to_string()
    } else {
        format!("{n} files")
    };
    // ↻: changed on disk by another program (re-read; with pending edits, `R`
    // re-applies them on it).
    let pending = if app.outside.contains(&id) {
        "↻"
    } else if app.is_pending(id) {
        "*"
    } else {
        " "
    };
    let problem = app.marker(id).map_or(" ", |m| m.symbol());
    // Columns that fit: cursor+mark(3) name rating(10|5) files(8) flags(3).
    let (rating_w, files_w) = match w {
        w if w >= 40 => (10, 8),
        w if w >= 28 => (5, 8),
        w if w >= 18 => (5, 0),
        _ => (0, 0),
    };
    let fixed = 3 + 3 + if rating_w > 0 { rating_w + 1 } else { 0 } + files_w;
    let name_w = w.saturating_sub(fixed).max(1);
    let rating = if rating_w == 5 && rating.starts_with('✗') {
        "✗".to_string()
    } else {
        rating
    };
    let mut spans = vec![
        Span::styled(mark, theme.marked()),
        Span::styled(
            pad_middle(&safe_text(&asset.name), name_w),
            if marked { theme.marked() } else { theme.base() },
        ),
    ];
    if rating_w > 0 {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(pad(&rating, rating_w), theme.stars()));
    }
    if files_w > 0 {
        spans.push(Span::styled(
            pad(&format!(" {files}"), files_w),
            theme.dim(),
        ));
    }
    spans.push(Span::styled(format!(" {pending}"), theme.pending()));
    let problem_style = match app.marker(id) {
        Some(crate::tui::app::Marker::Warning) => theme.warn(),
        _ => theme.error(),
    };
    spans.push(Span::styled(problem.to_string(), problem_style));
    Line::from(spans)
}
