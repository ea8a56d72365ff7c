//! The help screen, generated from the keymap.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::tui::app::App;
use crate::tui::help::lines;
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
    let keys_w = all
        .iter()
        .map(|l| l.keys.chars().count())
        .max()
        .unwrap_or(4)
        .min(w / 3)
        .max(1);
    let mut out: Vec<Line> = all
        .iter()
        .skip(scroll)
        .map(|l| {
            let pane = if l.pane.is_empty() {
                String::new()
            } else {
                format!(" ({})", l.pane)
            };
            Line::from(vec![
                Span::styled(pad(&l.keys, keys_w), theme.key()),
                Span::raw("  "),
                Span::raw(fit(
                    &format!("{}{pane}", l.what),
                    w.saturating_sub(keys_w + 2),
                )),
            ])
        })
        .collect();
    out.truncate(usize::from(inner.height).saturating_sub(1));
    out.push(Line::styled(
        fit(
            "↑↓ scroll · Esc close · keys can be changed in the config file's [keys] section",
            w,
        ),
        theme.dim(),
    ));
    frame.render_widget(Paragraph::new(out), inner);
}
