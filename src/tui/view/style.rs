//! Colours and text helpers for the views. With `NO_COLOR` set, only modifiers
//! (bold, reverse, underline, dim) are used, so every state stays visible without
//! colour.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

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

/// Display width of a string, as the terminal draws it: per grapheme cluster, so an
/// emoji with a variation selector (`🏔️`) or a joiner sequence counts as the one wide
/// cell pair it is drawn as, not as the sum of its code points.
pub fn width(s: &str) -> usize {
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// Cuts a string to at most `max` cells, ending in `…` when cut; never splits a
/// grapheme cluster (a wide character, an emoji sequence, a letter and its accents).
pub fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = take_cells(s, max - 1);
    out.push('…');
    out
}

/// The longest start of `s` that fits in `max` cells, whole grapheme clusters only.
fn take_cells(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = UnicodeWidthStr::width(g);
        if used + w > max {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out
}

/// The longest end of `s` that fits in `max` cells, whole grapheme clusters only.
fn take_cells_from_end(s: &str, max: usize) -> String {
    let mut kept = Vec::new();
    let mut used = 0;
    for g in s.graphemes(true).rev() {
        let w = UnicodeWidthStr::width(g);
        if used + w > max {
            break;
        }
        kept.push(g);
        used += w;
    }
    kept.into_iter().rev().collect()
}

/// Cuts a file name to at most `max` cells in the middle, keeping its start and its
/// end (the part that tells `IMG_0412-Edit.jpg` from `IMG_0412.jpg`), extension
/// included: `IMG_2024_08_01_…-Edit.jpg`.
pub fn fit_middle(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max < 3 {
        return fit(s, max);
    }
    let room = max - 1;
    let tail = room / 2;
    let head = room - tail;
    format!("{}…{}", take_cells(s, head), take_cells_from_end(s, tail))
}

/// [`fit`] then pad with spaces to exactly `w` cells.
pub fn pad(s: &str, w: usize) -> String {
    fill_to(fit(s, w), w)
}

/// Spaces after `out` up to `w` cells.
fn fill_to(mut out: String, w: usize) -> String {
    let used = width(&out);
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(used)));
    out
}

/// [`fit_middle`] then pad with spaces to exactly `w` cells.
pub fn pad_middle(s: &str, w: usize) -> String {
    fill_to(fit_middle(s, w), w)
}

/// Word-wraps text to `w` cells per line (long words are cut between grapheme clusters).
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
        for g in word.graphemes(true) {
            let cw = UnicodeWidthStr::width(g);
            if used + cw > w && used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push_str(g);
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

    #[test]
    fn emoji_with_variation_selector_or_joiner_is_one_wide_cluster() {
        // 🏔 + VS16 is drawn two cells wide; per code point it measured one, which
        // shifted the pane border in the TUI.
        assert_eq!(width("🏔\u{FE0F}"), 2);
        let family = "👩\u{200D}👩\u{200D}👧";
        assert_eq!(width(family), 2);
        assert_eq!(width(&pad("🏔\u{FE0F} Alps", 8)), 8);
        // A cut never splits a cluster: the joiner sequence goes whole or not at all.
        assert_eq!(fit(&format!("ab{family}cd"), 4), "ab…");
        assert_eq!(fit(&format!("ab{family}cd"), 5), format!("ab{family}…"));
        assert_eq!(wrap(&format!("{family}{family}"), 3), vec![family, family]);
    }

    #[test]
    fn fit_middle_keeps_the_start_and_the_extension() {
        assert_eq!(fit_middle("IMG_0412.jpg", 20), "IMG_0412.jpg");
        assert_eq!(
            fit_middle("2024-08-01_summit_panorama-Edit.jpg", 20),
            "2024-08-01…-Edit.jpg"
        );
        assert_eq!(
            width(&pad_middle("2024-08-01_summit_panorama-Edit.jpg", 20)),
            20
        );
        assert_eq!(pad_middle("a.jpg", 7), "a.jpg  ");
    }
}
