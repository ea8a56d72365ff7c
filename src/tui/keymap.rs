//! The keymap: a table of (context, key) -> [`Command`], with the default bindings and
//! overrides from the config file's `[keys]` section.
//!
//! ```toml
//! [keys]
//! quit = "ctrl-q"             # replaces every default key of `quit`
//! undo = ["u", "ctrl-z"]      # several keys
//! "detail.make_default" = "m" # only in one pane (assets, tree, detail, global)
//! ```
//!
//! A pane's own binding wins over a global one, so `*` can mark all assets in the
//! asset list and make a language the default in the detail pane. Text inputs and
//! popups have fixed keys (Enter, Esc, arrows) and are not in the table; so is Ctrl-C,
//! which always quits (asking first when changes are pending).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tui::action::Command;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Global,
    Assets,
    Tree,
    Detail,
}

impl Context {
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Assets => "assets",
            Context::Tree => "tree",
            Context::Detail => "detail",
        }
    }

    fn from_name(s: &str) -> Option<Context> {
        [
            Context::Global,
            Context::Assets,
            Context::Tree,
            Context::Detail,
        ]
        .into_iter()
        .find(|c| c.name() == s)
    }
}

/// A key with modifiers. Shift is folded into the character for character keys
/// (`J`, not `shift-j`), as terminals report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Self {
        let mods = match code {
            KeyCode::Char(_) => mods - KeyModifiers::SHIFT,
            KeyCode::BackTab => KeyModifiers::NONE,
            _ => mods,
        } & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        Key { code, mods }
    }

    pub fn plain(c: char) -> Self {
        Key::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    pub fn ctrl(c: char) -> Self {
        Key::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    pub fn from_event(e: &KeyEvent) -> Self {
        Key::new(e.code, e.modifiers)
    }

    /// Parses `q`, `J`, `ctrl-r`, `alt-x`, `space`, `enter`, `esc`, `tab`,
    /// `shift-tab`, `up`, `pagedown`, `home`, `f1`, `-`.
    pub fn parse(text: &str) -> Result<Key, String> {
        let bad = || format!("unknown key {text:?}");
        let mut mods = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (m, len) = if lower.starts_with("ctrl-") || lower.starts_with("ctrl+") {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") || lower.starts_with("alt+") {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift-") || lower.starts_with("shift+") {
                (KeyModifiers::SHIFT, 6)
            } else {
                break;
            };
            if rest.len() == len {
                break; // `ctrl-` alone is not a modifier prefix of nothing
            }
            mods |= m;
            rest = &rest[len..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => {
                if mods.contains(KeyModifiers::SHIFT) && c.is_ascii_alphabetic() {
                    KeyCode::Char(c.to_ascii_uppercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            (None, _) => return Err(bad()),
            _ => match rest.to_ascii_lowercase().as_str() {
                "space" => KeyCode::Char(' '),
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" if mods.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "insert" | "ins" => KeyCode::Insert,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pageup" | "pgup" => KeyCode::PageUp,
                "pagedown" | "pgdn" => KeyCode::PageDown,
                f if f.starts_with('f') => match f[1..].parse::<u8>() {
                    Ok(n) if (1..=24).contains(&n) => KeyCode::F(n),
                    _ => return Err(bad()),
                },
                _ => return Err(bad()),
            },
        };
        Ok(Key::new(code, mods))
    }

    /// Short form for the help screen and footer (`^r`, `Space`, `J`).
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Backspace => "Bksp".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Insert => "Ins".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        let mut out = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            out.push('^');
        }
        if self.mods.contains(KeyModifiers::ALT) {
            out.push_str("M-");
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            out.push_str("S-");
        }
        out + &base
    }
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub context: Context,
    pub key: Key,
    pub command: Command,
}

/// The key table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::defaults()
    }
}

impl Keymap {
    /// The default bindings.
    pub fn defaults() -> Keymap {
        use Command as C;
        use Context::*;
        let k = Key::plain;
        let code = |c| Key::new(c, KeyModifiers::NONE);
        let mut rows: Vec<(Context, Key, Command)> = vec![
            (Global, k('q'), C::Quit),
            (Global, k('?'), C::Help),
            (Global, code(KeyCode::F(1)), C::Help),
            (Global, code(KeyCode::Tab), C::NextPane),
            (Global, code(KeyCode::BackTab), C::PrevPane),
            (Global, code(KeyCode::Up), C::Up),
            (Global, k('k'), C::Up),
            (Global, code(KeyCode::Down), C::Down),
            (Global, k('j'), C::Down),
            (Global, code(KeyCode::Left), C::Left),
            (Global, k('h'), C::Left),
            (Global, code(KeyCode::Right), C::Right),
            (Global, k('l'), C::Right),
            (Global, code(KeyCode::PageUp), C::PageUp),
            (Global, Key::ctrl('b'), C::PageUp),
            (Global, code(KeyCode::PageDown), C::PageDown),
            (Global, Key::ctrl('f'), C::PageDown),
            (Global, code(KeyCode::Home), C::Top),
            (Global, k('g'), C::Top),
            (Global, code(KeyCode::End), C::Bottom),
            (Global, k('G'), C::Bottom),
            (Global, code(KeyCode::Enter), C::Edit),
            (Global, code(KeyCode::Esc), C::Cancel),
            (Global, k('/'), C::Filter),
            (Global, k(' '), C::Mark),
            (Global, k('v'), C::MarkRange),
            (Global, k('*'), C::MarkAll),
            (Global, k('-'), C::Reject),
            (Global, k('a'), C::Add),
            (Global, k('d'), C::Delete),
            (Global, code(KeyCode::Delete), C::Delete),
            (Global, k('y'), C::Copy),
            (Global, k('p'), C::Paste),
            (Global, k('u'), C::Undo),
            (Global, Key::ctrl('r'), C::Redo),
            (Global, k('U'), C::UndoLog),
            (Global, k('w'), C::Write),
            (Global, k(':'), C::Expression),
            (Tree, k('z'), C::ToggleGroup),
            (Detail, k('*'), C::MakeDefault),
            (Detail, k('J'), C::MoveItemDown),
            (Detail, k('K'), C::MoveItemUp),
        ];
        for n in 0..=5u8 {
            rows.push((Global, k(char::from(b'0' + n)), C::Rate(n as i8)));
        }
        Keymap {
            bindings: rows
                .into_iter()
                .map(|(context, key, command)| Binding {
                    context,
                    key,
                    command,
                })
                .collect(),
        }
    }

    /// The defaults with the config file's `[keys]` table applied. Returns the
    /// keymap and a message per entry that could not be used.
    pub fn from_config(keys: Option<&toml::Value>) -> (Keymap, Vec<String>) {
        let mut map = Keymap::defaults();
        let mut warnings = Vec::new();
        let Some(keys) = keys else {
            return (map, warnings);
        };
        let Some(table) = keys.as_table() else {
            warnings.push("config [keys]: expected a table of command = \"key\"".into());
            return (map, warnings);
        };
        for (name, value) in table {
            if let Err(e) = map.apply_override(name, value) {
                warnings.push(format!("config [keys] {name}: {e}"));
            }
        }
        (map, warnings)
    }

    fn apply_override(&mut self, name: &str, value: &toml::Value) -> Result<(), String> {
        let (context, cmd_name) = match name.split_once('.') {
            Some((c, n)) => (
                Some(Context::from_name(c).ok_or_else(|| format!("unknown pane {c:?}"))?),
                n,
            ),
            None => (None, name),
        };
        let command =
            Command::from_name(cmd_name).ok_or_else(|| format!("unknown command {cmd_name:?}"))?;
        let texts: Vec<&str> = match value {
            toml::Value::String(s) => vec![s.as_str()],
            toml::Value::Array(a) => a
                .iter()
                .map(|v| v.as_str().ok_or("keys must be strings".to_string()))
                .collect::<Result<_, _>>()?,
            _ => return Err("expected a key or a list of keys".into()),
        };
        let keys = texts
            .iter()
            .map(|t| Key::parse(t))
            .collect::<Result<Vec<_>, _>>()?;
        // Contexts the command keeps: the one named, else those of its defaults.
        let mut contexts: Vec<Context> = match context {
            Some(c) => vec![c],
            None => self
                .bindings
                .iter()
                .filter(|b| b.command == command)
                .map(|b| b.context)
                .collect(),
        };
        if contexts.is_empty() {
            contexts.push(Context::Global);
        }
        contexts.dedup();
        self.bindings
            .retain(|b| !(b.command == command && contexts.contains(&b.context)));
        for context in contexts {
            for key in &keys {
                // The new key takes over from whatever had it in that context.
                self.bindings
                    .retain(|b| !(b.context == context && b.key == *key));
                self.bindings.push(Binding {
                    context,
                    key: *key,
                    command,
                });
            }
        }
        Ok(())
    }

    /// The command of a key in a pane: the pane's own binding, else the global one.
    pub fn lookup(&self, context: Context, key: Key) -> Option<Command> {
        let find = |c: Context| {
            self.bindings
                .iter()
                .find(|b| b.context == c && b.key == key)
                .map(|b| b.command)
        };
        find(context).or_else(|| find(Context::Global))
    }

    /// Keys bound to a command in a pane (its own and the global ones), first first.
    pub fn keys_for(&self, context: Context, command: Command) -> Vec<Key> {
        let mut out: Vec<Key> = Vec::new();
        for b in &self.bindings {
            if b.command == command
                && (b.context == context || b.context == Context::Global)
                && self.lookup(context, b.key) == Some(command)
                && !out.contains(&b.key)
            {
                out.push(b.key);
            }
        }
        out
    }

    /// The first key of a command as a label (`?` when unbound), for hints.
    pub fn label(&self, context: Context, command: Command) -> String {
        self.keys_for(context, command)
            .first()
            .map_or_else(|| "(unbound)".to_string(), Key::label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_keys() {
        assert_eq!(Key::parse("q").unwrap(), Key::plain('q'));
        assert_eq!(Key::parse("ctrl-r").unwrap(), Key::ctrl('r'));
        assert_eq!(Key::parse("space").unwrap(), Key::plain(' '));
        assert_eq!(Key::parse("shift-j").unwrap(), Key::plain('J'));
        assert_eq!(Key::parse("-").unwrap(), Key::plain('-'));
        assert_eq!(
            Key::parse("shift-tab").unwrap(),
            Key::new(KeyCode::BackTab, KeyModifiers::NONE)
        );
        assert_eq!(
            Key::parse("F5").unwrap(),
            Key::new(KeyCode::F(5), KeyModifiers::NONE)
        );
        assert!(Key::parse("hyper-x").is_err());
        assert!(Key::parse("").is_err());
    }

    #[test]
    fn pane_binding_wins_over_global() {
        let m = Keymap::defaults();
        assert_eq!(
            m.lookup(Context::Assets, Key::plain('*')),
            Some(Command::MarkAll)
        );
        assert_eq!(
            m.lookup(Context::Detail, Key::plain('*')),
            Some(Command::MakeDefault)
        );
        assert_eq!(
            m.lookup(Context::Tree, Key::plain('4')),
            Some(Command::Rate(4))
        );
    }

    #[test]
    fn shifted_letters_match_without_shift_flag() {
        let m = Keymap::defaults();
        let ev = KeyEvent::new(KeyCode::Char('U'), KeyModifiers::SHIFT);
        assert_eq!(
            m.lookup(Context::Assets, Key::from_event(&ev)),
            Some(Command::UndoLog)
        );
    }

    #[test]
    fn config_overrides_replace_defaults() {
        let keys: toml::Value = toml::from_str(
            "undo = [\"ctrl-z\", \"u\"]\nquit = \"ctrl-q\"\n\"detail.make_default\" = \"m\"\nbogus = \"x\"\nhelp = \"hyper-x\"\n",
        )
        .unwrap();
        let (m, warnings) = Keymap::from_config(Some(&keys));
        assert_eq!(
            m.lookup(Context::Assets, Key::ctrl('z')),
            Some(Command::Undo)
        );
        assert_eq!(m.lookup(Context::Assets, Key::plain('q')), None);
        assert_eq!(m.lookup(Context::Tree, Key::ctrl('q')), Some(Command::Quit));
        assert_eq!(
            m.lookup(Context::Detail, Key::plain('m')),
            Some(Command::MakeDefault)
        );
        // `*` in the detail pane falls back to the global mark_all now.
        assert_eq!(
            m.lookup(Context::Detail, Key::plain('*')),
            Some(Command::MarkAll)
        );
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("bogus") || warnings[1].contains("bogus"));
        assert!(warnings.iter().any(|w| w.contains("hyper-x")));
    }
}
