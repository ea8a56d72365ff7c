//! The help screen, generated from the command table and the keymap.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::tui::app::App;
use crate::tui::help::{lines, HelpLine};
use crate::tui::keymap::Context;
use crate::tui::view::style::{centered, fit, pad, Theme};

pub fn draw(app: &App, scroll: usize, theme: &Theme, frame: &mut Frame, area: Rect) {
    let r = centered(
        area,
        area.width.saturating_sub(4).clamp(1, 84),
        area.height.saturating_sub(2).max(1),
    );
    frame.render_widget(Clear, r);
    let title = if app.read_only {
        " Keys (read-only: editing keys hidden) "
    } else {
        " Keys "
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
    let w = usize::from(inner.width);
    let all = lines(&app.keymap, app.read_only);
    // Each part (the panes', then each text field's and dialog's) aligns its own
    // key column, so one long list of keys does not push every other part right.
    let part = |l: &HelpLine| -> &str {
        match Context::from_name(l.pane) {
            Some(c) if !c.is_pane() => l.pane,
            _ => "",
        }
    };
    let keys_w = |p: &str| {
        all.iter()
            .filter(|l| part(l) == p)
            .map(|l| l.keys.chars().count())
            .max()
            .unwrap_or(4)
            .min(w / 3)
            .max(1)
    };
    let mut out: Vec<Line> = all
        .iter()
        .skip(scroll)
        .map(|l| {
            if l.keys.is_empty() {
                return Line::styled(fit(&l.what, w), theme.title());
            }
            let kw = keys_w(part(l));
            let pane = if part(l).is_empty() && !l.pane.is_empty() {
                format!(" ({})", l.pane)
            } else {
                String::new()
            };
            // The name to use in [keys], at the right where there is room.
            let name_w = l.name.chars().count() + 1;
            let room = w.saturating_sub(kw + 2);
            let what = format!("{}{pane}", l.what);
            if room >= what.chars().count() + name_w + 2 {
                Line::from(vec![
                    Span::styled(pad(&l.keys, kw), theme.key()),
                    Span::raw("  "),
                    Span::raw(pad(&what, room - name_w)),
                    Span::styled(format!(" {}", l.name), theme.dim()),
                ])
            } else {
                Line::from(vec![
                    Span::styled(pad(&l.keys, kw), theme.key()),
                    Span::raw("  "),
                    Span::raw(fit(&what, room)),
                ])
            }
        })
        .collect();
    out.truncate(usize::from(inner.height).saturating_sub(1));
    let keys = crate::tui::help::hint_line(&app.keymap, Context::Help, app.read_only);
    out.push(Line::styled(
        fit(
            &format!("{keys} · rebind a name on the right in the config file's [keys]"),
            w,
        ),
        theme.dim(),
    ));
    frame.render_widget(Paragraph::new(out), inner);
}
