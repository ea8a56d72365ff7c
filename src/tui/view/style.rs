//! Colours and text helpers for the views. With `NO_COLOR` set, only modifiers
//! (bold, reverse, underline, dim) are used, so every state stays visible without
//! colour.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The styles of one frame.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub no_color: bool,
}

impl Theme {
    pub fn new(no_color: bool) -> Self {
        Theme { no_color }
    }

    fn pick(&self, color: Style, plain: Style) -> Style {
        if self.no_color {
            plain
        } else {
            color
        }
    }

    pub fn base(&self) -> Style {
        Style::default()
    }

    /// The cursor row of a pane (strong when the pane has focus).
    pub fn cursor(&self, focused: bool) -> Style {
        if focused {
            self.pick(
                Style::default()
                    .bg(Color::Blue)
                    .fg(Color::White)
                    .add_modifier(Modifier::BOLD),
                Style::default().add_modifier(Modifier::REVERSED),
            )
        } else {
            self.pick(
                Style::default().bg(Color::DarkGray),
                Style::default().add_modifier(Modifier::UNDERLINED),
            )
        }
    }

    pub fn marked(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    pub fn in_range(&self) -> Style {
        self.pick(
            Style::default().bg(Color::Rgb(60, 60, 0)),
            Style::default().add_modifier(Modifier::UNDERLINED),
        )
    }

    pub fn pending(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Yellow),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    pub fn error(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    pub fn warn(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Yellow),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    pub fn dim(&self) -> Style {
        self.pick(
            Style::default().fg(Color::DarkGray),
            Style::default().add_modifier(Modifier::DIM),
        )
    }

    pub fn stars(&self) -> Style {
        self.pick(Style::default().fg(Color::Yellow), Style::default())
    }

    pub fn group(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    pub fn title(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    pub fn key(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.pick(
                Style::default().fg(Color::Cyan),
                Style::default().add_modifier(Modifier::BOLD),
            )
        } else {
            self.pick(Style::default().fg(Color::Gray), Style::default())
        }
    }

    pub fn mode_badge(&self) -> Style {
        self.pick(
            Style::default()
                .bg(Color::Cyan)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    pub fn read_only_badge(&self) -> Style {
        self.pick(
            Style::default()
                .bg(Color::Red)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }
}

/// Display width of a string.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts a string to at most `max` cells, ending in `…` when cut; never splits a
/// wide character.
pub fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// [`fit`] then pad with spaces to exactly `w` cells.
pub fn pad(s: &str, w: usize) -> String {
    let mut out = fit(s, w);
    let used = width(&out);
    out.extend(std::iter::repeat(' ').take(w.saturating_sub(used)));
    out
}

/// Word-wraps text to `w` cells per line (long words are cut by character).
pub fn wrap(text: &str, w: usize) -> Vec<String> {
    let w = w.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split(' ') {
        let ww = width(word);
        if used > 0 && used + 1 + ww > w {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if used > 0 {
            line.push(' ');
            used += 1;
        }
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > w && used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += cw;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A box of at most `w` x `h` centred in `area` (clamped to it).
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_and_pad_respect_wide_chars() {
        assert_eq!(fit("山の写真", 5), "山の…");
        assert_eq!(width(&pad("山の写真", 5)), 5);
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn wrap_breaks_words_and_long_runs() {
        assert_eq!(
            wrap("morning light on the summit", 10),
            vec!["morning", "light on", "the summit"]
        );
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
    }
}
