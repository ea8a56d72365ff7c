//! The middle pane: schema groups (collapsible) with one row per property: label,
//! one-line summary, pending `*` and problem `!` markers, `(mixed: N values)` for a
//! selection whose values differ.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use crate::tui::app::App;
use crate::tui::tree::Row;
use crate::tui::view::style::{fit, pad, width, Theme};
use xmpedit_core::present::safe_text;

pub fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect, focused: bool) {
    let t = &app.tree;
    let title = if t.title.is_empty() {
        " XMP ".to_string()
    } else {
        format!(" {} · XMP ", safe_text(&t.title))
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(focused))
        .title(Span::styled(
            fit(&title, usize::from(area.width.saturating_sub(2))),
            theme.title(),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    if let Some(note) = &t.note {
        if t.rows.is_empty() {
            frame.render_widget(
                Paragraph::new(Span::styled(note.clone(), theme.dim())),
                inner,
            );
            return;
        }
    }
    let h = usize::from(inner.height);
    let w = usize::from(inner.width);
    let label_w = t
        .groups
        .iter()
        .flat_map(|g| g.props.iter())
        .map(|p| width(&p.label))
        .max()
        .unwrap_or(8)
        .clamp(6, (w / 3).clamp(6, 22));
    let offset = crate::tui::app::scroll(app.tree_offset, app.tree_cursor, h, t.rows.len());
    let lines: Vec<Line> = t
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(h)
        .map(|(i, r)| {
            let mut line = match *r {
                Row::Group(g) => group_row(app, theme, g),
                Row::Prop(g, p) => prop_row(app, theme, g, p, label_w, w.saturating_sub(1)),
            };
            let gutter = if i == app.tree_cursor { "▌" } else { " " };
            line.spans.insert(0, Span::raw(gutter));
            if i == app.tree_cursor {
                line.style(theme.cursor(focused))
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn group_row<'a>(app: &App, theme: &Theme, g: usize) -> Line<'a> {
    let t = &app.tree;
    let Some(group) = t.groups.get(g) else {
        return Line::default();
    };
    let collapsed = t.collapsed.get(g).copied().unwrap_or(false);
    let arrow = if collapsed { "▸ " } else { "▾ " };
    let mut spans = vec![
        Span::styled(arrow, theme.group()),
        Span::styled(group.title.clone(), theme.group()),
    ];
    if collapsed {
        spans.push(Span::styled(
            format!(" ({})", group.props.len()),
            theme.dim(),
        ));
    }
    if collapsed && group.props.iter().any(|p| t.pending.contains(&p.name)) {
        spans.push(Span::styled(" *", theme.pending()));
    }
    let problems = group.problem_count();
    if problems > 0 {
        spans.push(Span::styled(format!(" !{problems}"), theme.error()));
    }
    Line::from(spans)
}

fn prop_row<'a>(
    app: &App,
    theme: &Theme,
    g: usize,
    p: usize,
    label_w: usize,
    w: usize,
) -> Line<'a> {
    let t = &app.tree;
    let Some(prop) = t.groups.get(g).and_then(|g| g.props.get(p)) else {
        return Line::default();
    };
    let pending = t.pending.contains(&prop.name);
    let problem = !prop.problems.is_empty();
    let (summary, style) = match t.mixed.get(&prop.name) {
        Some(0) => ("(mixed)".to_string(), theme.warn()),
        Some(n) => (format!("(mixed: {n} values)"), theme.warn()),
        None => (prop.summary.clone(), theme.base()),
    };
    let marks = format!(
        "{}{}",
        if pending { "*" } else { " " },
        if problem { "!" } else { " " }
    );
    let value_w = w.saturating_sub(2 + label_w + 1 + 2);
    Line::from(vec![
        Span::raw("  "),
        Span::styled(
            pad(&prop.label, label_w),
            if prop.known {
                theme.base()
            } else {
                theme.dim()
            },
        ),
        Span::raw(" "),
        Span::styled(pad(&summary, value_w), style),
        Span::styled(marks[..1].to_string(), theme.pending()),
        Span::styled(marks[1..].to_string(), theme.error()),
    ])
}
