//! A one-line text input: cursor movement by character, editing keys (the keymap's
//! `input` context), bracketed paste
//! (pasted newlines are text), and a display that escapes control characters and
//! scrolls horizontally by display width so wide characters (CJK, emoji) never split.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::tui::action::Command;
use crate::tui::keymap::{Context, Key, Keymap};
use xmpedit_core::present::safe_text;

/// Text and a cursor (a char index, 0..=len).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    chars: Vec<char>,
    cursor: usize,
}

/// What a key did to the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputResult {
    /// The text or cursor changed.
    Changed,
    /// Not an editing key: the owner handles it (Enter, Esc, Tab, Up, Down, ...).
    Ignored,
}

impl TextInput {
    pub fn new() -> Self {
        Self::default()
    }

    /// An input holding `text` with the cursor at its end.
    pub fn with_text(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let cursor = chars.len();
        TextInput { chars, cursor }
    }

    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// Cursor position in characters.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn set_text(&mut self, text: &str) {
        *self = TextInput::with_text(text);
    }

    /// Inserts text at the cursor (a paste: newlines and tabs are kept as text).
    pub fn insert_str(&mut self, text: &str) {
        // Terminals send pasted line breaks as CR; keep them as the newline they mean.
        let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
        for c in normalized.chars() {
            self.chars.insert(self.cursor, c);
            self.cursor += 1;
        }
    }

    pub fn insert(&mut self, c: char) {
        self.chars.insert(self.cursor, c);
        self.cursor += 1;
    }

    /// Runs an editing command (the keymap's `input` context); false for a command
    /// that is not one.
    pub fn edit(&mut self, cmd: Command) -> bool {
        match cmd {
            Command::LineStart => self.cursor = 0,
            Command::LineEnd => self.cursor = self.chars.len(),
            Command::CursorLeft => self.left(),
            Command::CursorRight => self.right(),
            Command::WordLeft => self.word_left(),
            Command::WordRight => self.word_right(),
            Command::DeleteToStart => {
                self.chars.drain(..self.cursor);
                self.cursor = 0;
            }
            Command::DeleteToEnd => self.chars.truncate(self.cursor),
            Command::DeleteWordBack => self.delete_word_back(),
            Command::DeleteBack => self.backspace(),
            Command::DeleteForward => self.delete(),
            _ => return false,
        }
        true
    }

    /// Handles a key the field's own context did not bind: an editing key of the
    /// keymap's `input` context, else a character is typed (without Ctrl or Alt:
    /// those are never text).
    pub fn handle_key(&mut self, keymap: &Keymap, key: &KeyEvent) -> InputResult {
        let k = Key::from_event(key);
        if let Some(cmd) = keymap.lookup(Context::Input, k) {
            return if self.edit(cmd) {
                InputResult::Changed
            } else {
                InputResult::Ignored
            };
        }
        match k.code {
            KeyCode::Char(c) if !k.mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => {
                self.insert(c);
                InputResult::Changed
            }
            _ => InputResult::Ignored,
        }
    }

    fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.chars.len());
    }

    fn backspace(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            self.chars.remove(self.cursor);
        }
    }

    fn delete(&mut self) {
        if self.cursor < self.chars.len() {
            self.chars.remove(self.cursor);
        }
    }

    fn word_left(&mut self) {
        while self.cursor > 0 && self.chars[self.cursor - 1].is_whitespace() {
            self.cursor -= 1;
        }
        while self.cursor > 0 && !self.chars[self.cursor - 1].is_whitespace() {
            self.cursor -= 1;
        }
    }

    fn word_right(&mut self) {
        let n = self.chars.len();
        while self.cursor < n && self.chars[self.cursor].is_whitespace() {
            self.cursor += 1;
        }
        while self.cursor < n && !self.chars[self.cursor].is_whitespace() {
            self.cursor += 1;
        }
    }

    fn delete_word_back(&mut self) {
        let end = self.cursor;
        self.word_left();
        self.chars.drain(self.cursor..end);
    }

    /// The visible part of the text for a field `width` cells wide, with control
    /// characters escaped, and the cursor's column within it. Scrolls so the cursor
    /// stays visible; a wide character is never cut in half.
    pub fn view(&self, width: usize) -> (String, usize) {
        if width == 0 {
            return (String::new(), 0);
        }
        // Width goes per grapheme cluster (an emoji and its variation selector or
        // joiners are drawn as one): the cluster's first char carries the width, the
        // rest zero, so the sum per char is what the terminal draws.
        let text: String = self.chars.iter().collect();
        let mut widths = vec![0usize; self.chars.len()];
        let mut at = 0;
        for g in text.graphemes(true) {
            let shown = safe_text(g);
            if let Some(w) = widths.get_mut(at) {
                *w = UnicodeWidthStr::width(shown.as_ref());
            }
            at += g.chars().count();
        }
        let cells: Vec<(String, usize)> = self
            .chars
            .iter()
            .zip(widths)
            .map(|(c, w)| {
                let mut buf = [0u8; 4];
                (safe_text(c.encode_utf8(&mut buf)).into_owned(), w)
            })
            .collect();
        // Width before the cursor, and the first char to show so that the cursor
        // (plus one cell for it) fits.
        let before: usize = cells[..self.cursor].iter().map(|(_, w)| w).sum();
        let mut start = 0;
        let mut skipped = 0;
        while before - skipped + 1 > width && start < self.cursor {
            skipped += cells[start].1;
            start += 1;
        }
        let mut out = String::new();
        let mut used = 0;
        for (s, w) in &cells[start..] {
            if used + w > width {
                break;
            }
            out.push_str(s);
            used += w;
        }
        (out, before - skipped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn km() -> Keymap {
        Keymap::defaults()
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn typing_and_cursor_moves() {
        let mut i = TextInput::new();
        for c in "Gipfel".chars() {
            i.handle_key(&km(), &key(KeyCode::Char(c)));
        }
        i.handle_key(&km(), &key(KeyCode::Left));
        i.handle_key(&km(), &key(KeyCode::Left));
        i.handle_key(&km(), &key(KeyCode::Char('x')));
        assert_eq!(i.text(), "Gipfxel");
        assert_eq!(i.cursor(), 5);
        i.handle_key(&km(), &key(KeyCode::Backspace));
        i.handle_key(&km(), &key(KeyCode::Delete));
        assert_eq!(i.text(), "Gipfl");
        i.handle_key(&km(), &key(KeyCode::Home));
        assert_eq!(i.cursor(), 0);
        assert_eq!(
            i.handle_key(&km(), &key(KeyCode::Enter)),
            InputResult::Ignored
        );
    }

    #[test]
    fn ctrl_keys_edit_words_and_lines() {
        let mut i = TextInput::with_text("summit cross alps");
        i.handle_key(
            &km(),
            &KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL),
        );
        assert_eq!(i.text(), "summit cross ");
        i.handle_key(
            &km(),
            &KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
        );
        assert_eq!(i.text(), "");
    }

    #[test]
    fn paste_keeps_newlines_as_text() {
        let mut i = TextInput::with_text("a");
        i.insert_str("line1\r\nline2\rline3");
        assert_eq!(i.text(), "aline1\nline2\nline3");
        let (shown, _) = i.view(80);
        assert_eq!(shown, "aline1\\nline2\\nline3");
    }

    #[test]
    fn view_scrolls_by_width_with_wide_chars() {
        let i = TextInput::with_text("山の写真山の写真");
        // 8 wide chars = 16 cells; 9 cells fit 4 chars plus the cursor cell.
        let (shown, col) = i.view(9);
        assert_eq!(shown, "山の写真");
        assert_eq!(col, 8);
        let mut j = i.clone();
        j.handle_key(&km(), &key(KeyCode::Home));
        let (shown, col) = j.view(9);
        assert_eq!(shown, "山の写真");
        assert_eq!(col, 0);
    }

    #[test]
    fn escapes_are_shown_not_emitted() {
        let i = TextInput::with_text("a\u{1b}[31mb");
        let (shown, col) = i.view(40);
        assert_eq!(shown, "a\\e[31mb");
        assert_eq!(col, shown.len());
    }
}
