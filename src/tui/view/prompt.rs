//! The text prompt (a value, a language tag, an item, an EDIT expression) and the
//! add-property picker.

use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::popup::{Prompt, PropertyPicker};
use crate::tui::view::style::{self, centered, fit, pad, wrap, Theme};
use xmpedit_core::present::safe_text;

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
    let (completions, current) = p.shown_completions();
    if !completions.is_empty() {
        extra.push(completion_line(
            &app.keymap.label(Context::Prompt, Command::CompleteNext),
            &completions,
            current,
            inner_w,
            theme,
        ));
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

/// `Tab: alps (in the text)  summit  sunset  +4`: the candidates under the prompt,
/// the one the text holds now highlighted, as many as fit.
fn completion_line(
    key: &str,
    items: &[String],
    current: Option<usize>,
    width: usize,
    theme: &Theme,
) -> Line<'static> {
    let head = format!("{key}: ");
    let mut used = style::width(&head);
    let mut spans = vec![Span::styled(head, theme.key())];
    // Start where the highlighted one is still shown.
    let start = current.unwrap_or(0).saturating_sub(4);
    for (i, item) in items.iter().enumerate().skip(start) {
        let more = format!("+{}", items.len() - i);
        let w = style::width(item);
        let room_after = if i + 1 < items.len() {
            more.len() + 2
        } else {
            0
        };
        if used + w + 2 + room_after > width && i > start {
            spans.push(Span::styled(more, theme.dim()));
            break;
        }
        let shown = fit(item, width.saturating_sub(used));
        used += style::width(&shown) + 2;
        let st = if Some(i) == current {
            theme.cursor(true)
        } else {
            theme.key()
        };
        spans.push(Span::styled(shown, st));
        spans.push(Span::raw("  "));
    }
    Line::from(spans)
}

pub fn draw_picker(app: &App, p: &PropertyPicker, theme: &Theme, frame: &mut Frame, area: Rect) {
    let w = area.width.saturating_sub(4).clamp(1, 90);
    let h = area.height.saturating_sub(2).clamp(1, 24);
    let r = centered(area, w, h);
    frame.render_widget(Clear, r);
    let title = match p.form() {
        None => " Add a property ".to_string(),
        Some(form) => {
            let n = app.targets().len();
            let of = if n > 1 {
                format!(" ({n} assets)")
            } else {
                String::new()
            };
            fit(
                &format!(" Fields of {}{of} ", form.title),
                usize::from(w.saturating_sub(2)),
            )
        }
    };
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
    let ih = usize::from(inner.height);
    let cands = p.list();
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
        let mut line = if p.form().is_some() {
            // The form: field name, type, the value it has now.
            let field = c.qname.rsplit('/').next().unwrap_or(&c.qname);
            let value = app
                .targets()
                .iter()
                .filter_map(|id| app.packet(*id))
                .find_map(|pk| crate::tui::update::field_value(pk, c))
                .map(|n| match n.as_text() {
                    Some(t) => xmpedit_core::present::safe_text(t).into_owned(),
                    None => "(has parts)".to_string(),
                })
                .unwrap_or_else(|| "—".to_string());
            Line::from(vec![
                Span::raw("  "),
                Span::styled(pad(field, qw), theme.key()),
                Span::raw(" "),
                Span::styled(pad(&c.type_label, lw), theme.dim()),
                Span::raw(" "),
                Span::raw(fit(&value, tw)),
            ])
        } else {
            Line::from(vec![
                Span::raw("  "),
                Span::styled(pad(&c.qname, qw), theme.key()),
                Span::raw(" "),
                Span::raw(pad(&c.label, lw)),
                Span::raw(" "),
                Span::styled(fit(&c.type_label, tw), theme.dim()),
            ])
        };
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
    // Under the list: the question about an unknown name, why Enter did nothing,
    // or what the selected name means.
    if let Some(ask) = &p.unknown {
        let k = |c: Command| app.keymap.label(Context::ConfirmUnknown, c);
        let pick = match ask.suggestion.and_then(|i| cands.get(i)) {
            Some(c) => format!(" · {} picks {}", k(Command::Confirm), c.qname),
            None => String::new(),
        };
        let answer = format!(
            "{} writes it anyway{pick} · {} goes back",
            k(Command::AllowUnknown),
            k(Command::Cancel)
        );
        let mut shown = wrap(&safe_text(&ask.message), iw);
        shown.truncate(2);
        for l in shown {
            lines.push(Line::styled(l, theme.warn()));
        }
        lines.push(Line::styled(fit(&answer, iw), theme.key()));
    } else if let Some(e) = &p.error {
        for l in wrap(e, iw).into_iter().take(3) {
            lines.push(Line::styled(l, theme.error()));
        }
    } else if let Some(c) = p.matches.get(p.cursor).and_then(|&i| cands.get(i)) {
        for l in wrap(&c.description, iw).into_iter().take(3) {
            lines.push(Line::styled(l, theme.dim()));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
    let x = (inner.x as usize + 2 + col).min(usize::from(inner.right().saturating_sub(1)));
    frame.set_cursor_position(Position::new(x as u16, inner.y));
}
