//! The text prompt (a value, a language tag, an item, an EDIT expression) and the
//! add-property picker.

use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::popup::{candidates, Prompt, PropertyPicker};
use crate::tui::view::style::{centered, fit, pad, wrap, Theme};

pub fn draw(app: &App, p: &Prompt, theme: &Theme, frame: &mut Frame, area: Rect) {
    let w = area.width.saturating_sub(4).clamp(1, 76);
    let inner_w = usize::from(w.saturating_sub(2)).max(1);
    let mut lines: Vec<Line> = Vec::new();
    let mut extra: Vec<Line> = Vec::new();
    if let Some(e) = &p.error {
        for l in wrap(e, inner_w) {
            extra.push(Line::styled(l, theme.error()));
        }
    }
    let completions = p.matching_completions();
    if !completions.is_empty() {
        let text = format!(
            "{}: {}",
            app.keymap.label(Context::Prompt, Command::CompleteNext),
            completions.join(" ")
        );
        extra.push(Line::styled(fit(&text, inner_w), theme.key()));
    }
    if !p.hint.is_empty() {
        for l in wrap(&p.hint, inner_w).into_iter().take(3) {
            extra.push(Line::styled(l, theme.dim()));
        }
    }
    extra.push(Line::styled(
        fit(
            &format!(
                "{} apply · {} cancel",
                app.keymap.label(Context::Prompt, Command::Confirm),
                app.keymap.label(Context::Prompt, Command::Cancel)
            ),
            inner_w,
        ),
        theme.dim(),
    ));
    let h = (3 + extra.len()) as u16;
    let r = centered(area, w, h);
    frame.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(Span::styled(
            fit(&format!(" {} ", p.title), inner_w),
            theme.title(),
        ));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let field_w = usize::from(inner.width).saturating_sub(2);
    let (shown, col) = p.input.view(field_w);
    lines.push(Line::from(vec![
        Span::styled("> ", theme.key()),
        Span::raw(shown),
    ]));
    lines.extend(extra);
    frame.render_widget(Paragraph::new(lines), inner);
    let x = (inner.x as usize + 2 + col).min(usize::from(inner.right().saturating_sub(1)));
    frame.set_cursor_position(Position::new(x as u16, inner.y));
}

pub fn draw_picker(_app: &App, p: &PropertyPicker, theme: &Theme, frame: &mut Frame, area: Rect) {
    let w = area.width.saturating_sub(4).clamp(1, 90);
    let h = area.height.saturating_sub(2).clamp(1, 24);
    let r = centered(area, w, h);
    frame.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(Span::styled(" Add a property ", theme.title()));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let iw = usize::from(inner.width);
    let ih = usize::from(inner.height);
    let cands = candidates();
    let (shown, col) = p.input.view(iw.saturating_sub(2));
    let mut lines = vec![Line::from(vec![
        Span::styled("> ", theme.key()),
        Span::raw(shown),
    ])];
    // Rows for the list: everything but the input and 3 lines of description.
    let list_h = ih.saturating_sub(4).max(1);
    let offset = p.cursor.saturating_sub(list_h.saturating_sub(1));
    let qw = (iw / 3).clamp(8, 30);
    let lw = (iw / 3).clamp(6, 26);
    for (row, &i) in p.matches.iter().enumerate().skip(offset).take(list_h) {
        let c = &cands[i];
        let tw = iw.saturating_sub(qw + lw + 4);
        let mut line = Line::from(vec![
            Span::raw("  "),
            Span::styled(pad(&c.qname, qw), theme.key()),
            Span::raw(" "),
            Span::raw(pad(&c.label, lw)),
            Span::raw(" "),
            Span::styled(fit(&c.type_label, tw), theme.dim()),
        ]);
        if row == p.cursor {
            line = line.style(theme.cursor(true));
        }
        lines.push(line);
    }
    if p.matches.is_empty() {
        lines.push(Line::styled("  no property matches", theme.dim()));
    }
    while lines.len() < 1 + list_h {
        lines.push(Line::default());
    }
    if let Some(c) = p.matches.get(p.cursor).map(|&i| &cands[i]) {
        for l in wrap(&c.description, iw).into_iter().take(3) {
            lines.push(Line::styled(l, theme.dim()));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
    let x = (inner.x as usize + 2 + col).min(usize::from(inner.right().saturating_sub(1)));
    frame.set_cursor_position(Position::new(x as u16, inner.y));
}
