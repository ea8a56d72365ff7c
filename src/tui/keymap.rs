//! The keymap: a table of (context, key) -> [`Command`]. The defaults are
//! `assets/keymap.toml` (embedded, parsed at start); the config file's `[keys]`
//! section overrides them. Names come from the command table
//! ([`crate::tui::action::COMMANDS`]), which also says where a command may be bound.
//!
//! ```toml
//! [keys]
//! quit = "ctrl-q"             # replaces every default key of `quit`
//! undo = ["u", "ctrl-z"]      # several keys
//! "detail.make_default" = "m" # only in one context
//! [keys.undo_log]             # or a context's own table
//! undo_batch = "x"
//! ```
//!
//! A pane's own binding wins over a global one, so `*` can mark all assets in the
//! asset list and make a language the default in the detail pane. Text fields fall
//! back to the `input` editing keys only (any other character is typed, so `q` in a
//! prompt is a `q`); dialogs have only their own keys. A misspelt command, context or
//! key is an error that names the closest real one. Ctrl-C is not in the table: it
//! always quits (asking first when changes are pending).

use std::sync::OnceLock;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tui::action::{Command, COMMANDS};

/// Where a binding applies: a pane (falls back to `global`), a text field (falls
/// back to `input`) or a dialog (nothing else).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Global,
    Assets,
    Tree,
    Detail,
    Input,
    Filter,
    Prompt,
    Picker,
    Help,
    Write,
    UndoLog,
    ConfirmUndo,
    Report,
    ConfirmQuit,
    Checklist,
    ConfirmUnknown,
    Templates,
}

impl Context {
    /// Every context, in the order the help screen lists them.
    pub const ALL: [Context; 17] = [
        Context::Global,
        Context::Assets,
        Context::Tree,
        Context::Detail,
        Context::Input,
        Context::Filter,
        Context::Prompt,
        Context::Picker,
        Context::Help,
        Context::Write,
        Context::UndoLog,
        Context::ConfirmUndo,
        Context::Report,
        Context::ConfirmQuit,
        Context::Checklist,
        Context::ConfirmUnknown,
        Context::Templates,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Assets => "assets",
            Context::Tree => "tree",
            Context::Detail => "detail",
            Context::Input => "input",
            Context::Filter => "filter",
            Context::Prompt => "prompt",
            Context::Picker => "picker",
            Context::Help => "help",
            Context::Write => "write",
            Context::UndoLog => "undo_log",
            Context::ConfirmUndo => "confirm_undo",
            Context::Report => "report",
            Context::ConfirmQuit => "confirm_quit",
            Context::Checklist => "checklist",
            Context::ConfirmUnknown => "confirm_unknown",
            Context::Templates => "templates",
        }
    }

    pub fn from_name(s: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == s)
    }

    /// The heading of the context's part of the help screen.
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "everywhere",
            Context::Assets => "asset list",
            Context::Tree => "property tree",
            Context::Detail => "detail pane",
            Context::Input => "in every text field",
            Context::Filter => "in the filter line (/)",
            Context::Prompt => "in a prompt (Enter on a value, a, :)",
            Context::Picker => "in the add-property picker",
            Context::Help => "on this help screen",
            Context::Write => "in the write dialog (w)",
            Context::UndoLog => "in the undo log (U)",
            Context::ConfirmUndo => "when asked to undo a batch",
            Context::Report => "in a write report",
            Context::ConfirmQuit => "when asked to quit",
            Context::Checklist => "in a checklist (d on the keywords of several assets)",
            Context::ConfirmUnknown => "when a name typed in the picker is not in the schema",
            Context::Templates => "in the template picker (T)",
        }
    }

    /// Where a key not bound here is looked up next.
    pub fn fallback(self) -> Option<Context> {
        match self {
            Context::Assets | Context::Tree | Context::Detail => Some(Context::Global),
            Context::Filter | Context::Prompt | Context::Picker => Some(Context::Input),
            _ => None,
        }
    }

    /// A pane of the main screen (or `global`, which covers them).
    pub fn is_pane(self) -> bool {
        matches!(
            self,
            Context::Global | Context::Assets | Context::Tree | Context::Detail
        )
    }

    /// True when a command may be bound here: the table lists this context, or
    /// `global` for a pane.
    fn allows(self, command: Command) -> bool {
        let ctxs = command.info().contexts;
        ctxs.contains(&self)
            || (self.is_pane() && self != Context::Global && ctxs.contains(&Context::Global))
    }
}

/// The default keymap, `assets/keymap.toml`.
pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");

/// Levenshtein distance, for "did you mean".
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// ` (did you mean "quit"?)` for the closest of `names`, when one is close enough.
fn suggest<'a>(word: &str, names: impl IntoIterator<Item = &'a str>) -> String {
    let lower = word.to_ascii_lowercase();
    let best = names
        .into_iter()
        .map(|n| (distance(&lower, n), n))
        .min_by_key(|(d, _)| *d);
    match best {
        Some((d, n)) if d <= (word.chars().count() / 2).max(2) => {
            format!(" (did you mean {n:?}?)")
        }
        _ => String::new(),
    }
}

/// Key names [`Key::parse`] knows besides single characters.
const KEY_NAMES: &[&str] = &[
    "space",
    "enter",
    "esc",
    "tab",
    "shift-tab",
    "backspace",
    "delete",
    "insert",
    "up",
    "down",
    "left",
    "right",
    "home",
    "end",
    "pageup",
    "pagedown",
    "f1",
];

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
        let bad = || {
            format!(
                "unknown key {text:?}{}",
                suggest(text, KEY_NAMES.iter().copied())
            )
        };
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

/// A list of keys from `"q"` or `["q", "ctrl-q"]`.
fn key_list(value: &toml::Value) -> Result<Vec<Key>, String> {
    let texts: Vec<&str> = match value {
        toml::Value::String(s) => vec![s.as_str()],
        toml::Value::Array(a) => a
            .iter()
            .map(|v| v.as_str().ok_or("keys must be strings".to_string()))
            .collect::<Result<_, _>>()?,
        _ => return Err("expected a key or a list of keys".into()),
    };
    texts.iter().map(|t| Key::parse(t)).collect()
}

fn command_named(name: &str) -> Result<Command, String> {
    Command::from_name(name).ok_or_else(|| {
        format!(
            "unknown command {name:?}{}",
            suggest(name, COMMANDS.iter().map(|c| c.name))
        )
    })
}

fn context_named(name: &str) -> Result<Context, String> {
    Context::from_name(name).ok_or_else(|| {
        format!(
            "unknown context {name:?}{}",
            suggest(name, Context::ALL.iter().map(|c| c.name()))
        )
    })
}

/// "`make_default` works in: detail" when a command cannot be bound in `context`.
fn check_allowed(context: Context, command: Command) -> Result<(), String> {
    if context.allows(command) {
        return Ok(());
    }
    let places: Vec<&str> = command.info().contexts.iter().map(|c| c.name()).collect();
    Err(format!(
        "{} does nothing in {}; it works in: {}",
        command.name(),
        context.name(),
        places.join(", ")
    ))
}

impl Keymap {
    /// The default bindings, from `assets/keymap.toml`. Its unit test makes sure it
    /// parses; should it ever not, the keymap is empty rather than a panic.
    pub fn defaults() -> Keymap {
        static DEFAULTS: OnceLock<Keymap> = OnceLock::new();
        DEFAULTS
            .get_or_init(|| {
                Keymap::parse_defaults(DEFAULT_KEYMAP).unwrap_or(Keymap {
                    bindings: Vec::new(),
                })
            })
            .clone()
    }

    /// Parses a keymap file: a table per context of `command = key(s)`.
    pub fn parse_defaults(text: &str) -> Result<Keymap, String> {
        let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut bindings = Vec::new();
        for (ctx_name, section) in &table {
            let context = context_named(ctx_name)?;
            let section = section
                .as_table()
                .ok_or_else(|| format!("[{ctx_name}] must be a table"))?;
            for (name, value) in section {
                let command = command_named(name).map_err(|e| format!("[{ctx_name}] {e}"))?;
                check_allowed(context, command).map_err(|e| format!("[{ctx_name}] {e}"))?;
                for key in key_list(value).map_err(|e| format!("[{ctx_name}] {name}: {e}"))? {
                    if let Some(b) = bindings
                        .iter()
                        .find(|b: &&Binding| b.context == context && b.key == key)
                    {
                        return Err(format!(
                            "[{ctx_name}] {} is bound to both {} and {name}",
                            key.label(),
                            b.command.name()
                        ));
                    }
                    bindings.push(Binding {
                        context,
                        key,
                        command,
                    });
                }
            }
        }
        Ok(Keymap { bindings })
    }

    /// The defaults with the config file's `[keys]` table applied. Returns the
    /// keymap and a message per entry that could not be used (the caller refuses to
    /// start with them: a misspelt binding is never silently ignored).
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
            // `[keys.undo_log]`: a context's own table.
            if let (Some(section), Some(context)) = (value.as_table(), Context::from_name(name)) {
                for (cmd, keys) in section {
                    if let Err(e) = map.apply_override(Some(context), cmd, keys) {
                        warnings.push(format!("config [keys.{name}] {cmd}: {e}"));
                    }
                }
                continue;
            }
            let result = match name.split_once('.') {
                Some((c, n)) => {
                    context_named(c).and_then(|c| map.apply_override(Some(c), n, value))
                }
                None => map.apply_override(None, name, value),
            };
            if let Err(e) = result {
                warnings.push(format!("config [keys] {name}: {e}"));
            }
        }
        (map, warnings)
    }

    fn apply_override(
        &mut self,
        context: Option<Context>,
        cmd_name: &str,
        value: &toml::Value,
    ) -> Result<(), String> {
        let command = command_named(cmd_name)?;
        let keys = key_list(value)?;
        // Contexts the command keeps: the one named, else those of its defaults (the
        // panes' only, when it has some there: `up = "w"` must not make `w` a
        // navigation key in the text fields).
        let mut contexts: Vec<Context> = match context {
            Some(c) => {
                check_allowed(c, command)?;
                vec![c]
            }
            None => {
                let all: Vec<Context> = self
                    .bindings
                    .iter()
                    .filter(|b| b.command == command)
                    .map(|b| b.context)
                    .collect();
                let panes: Vec<Context> = all.iter().copied().filter(|c| c.is_pane()).collect();
                if panes.is_empty() {
                    all
                } else {
                    panes
                }
            }
        };
        if contexts.is_empty() {
            contexts.push(command.info().contexts[0]);
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

    /// The command of a key in a context: its own binding, else its fallback's.
    pub fn lookup(&self, context: Context, key: Key) -> Option<Command> {
        let mut at = Some(context);
        while let Some(c) = at {
            if let Some(b) = self
                .bindings
                .iter()
                .find(|b| b.context == c && b.key == key)
            {
                return Some(b.command);
            }
            at = c.fallback();
        }
        None
    }

    /// The command of a key in exactly this context (no fallback): what a text field
    /// does before the editing keys and typing get the key.
    pub fn lookup_own(&self, context: Context, key: Key) -> Option<Command> {
        self.bindings
            .iter()
            .find(|b| b.context == context && b.key == key)
            .map(|b| b.command)
    }

    /// Keys bound to a command in a context (its own and its fallback's that are not
    /// taken there), first first.
    pub fn keys_for(&self, context: Context, command: Command) -> Vec<Key> {
        let mut out: Vec<Key> = Vec::new();
        let mut at = Some(context);
        while let Some(c) = at {
            for b in &self.bindings {
                if b.command == command
                    && b.context == c
                    && self.lookup(context, b.key) == Some(command)
                    && !out.contains(&b.key)
                {
                    out.push(b.key);
                }
            }
            at = c.fallback();
        }
        out
    }

    /// The first key of a command as a label (`(unbound)` when it has none), for hints.
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

    #[test]
    fn the_embedded_keymap_parses_and_covers_the_table() {
        let m = Keymap::parse_defaults(DEFAULT_KEYMAP).unwrap();
        assert_eq!(m, Keymap::defaults());
        // Every name in the file is a command of the table (else it would not
        // parse) and every command of the table has default keys.
        for info in COMMANDS {
            assert!(
                m.bindings.iter().any(|b| b.command == info.command),
                "{} has no key in assets/keymap.toml",
                info.name
            );
        }
        // Names are unique, and every command finds its own row.
        for info in COMMANDS {
            assert_eq!(Command::from_name(info.name), Some(info.command));
            assert_eq!(info.command.info().name, info.name);
        }
        // The file names each context (even an empty [assets]).
        let table: toml::Table = toml::from_str(DEFAULT_KEYMAP).unwrap();
        for c in Context::ALL {
            assert!(table.contains_key(c.name()), "[{}] is missing", c.name());
        }
    }

    #[test]
    fn the_default_keys_are_the_old_ones() {
        let m = Keymap::defaults();
        let at = |c, k: &str| m.lookup(c, Key::parse(k).unwrap());
        use Context::*;
        assert_eq!(at(Assets, "q"), Some(Command::Quit));
        assert_eq!(at(Assets, "f1"), Some(Command::Help));
        assert_eq!(at(Tree, "z"), Some(Command::ToggleGroup));
        assert_eq!(at(Detail, "J"), Some(Command::MoveItemDown));
        assert_eq!(at(Assets, "0"), Some(Command::Rate(0)));
        assert_eq!(at(Assets, "ctrl-r"), Some(Command::Redo));
        assert_eq!(at(Help, "?"), Some(Command::Close));
        assert_eq!(at(UndoLog, "U"), Some(Command::Close));
        assert_eq!(at(ConfirmQuit, "q"), Some(Command::Confirm));
        assert_eq!(at(Prompt, "ctrl-w"), Some(Command::DeleteWordBack));
        // Dialogs never reach the global keys; text fields only the editing keys.
        assert_eq!(at(UndoLog, "w"), None);
        assert_eq!(at(Prompt, "q"), None);
        assert_eq!(at(Filter, "u"), None);
    }

    #[test]
    fn typos_are_refused_with_the_closest_name() {
        let keys: toml::Value = toml::from_str(
            "qiut = \"x\"\nundo = \"pgdown2\"\n\"detial.make_default\" = \"m\"\nhelp = \"escpe\"\n\"tree.make_default\" = \"m\"\n[keys_undo_log]\n",
        )
        .unwrap();
        let (_, errors) = Keymap::from_config(Some(&keys));
        let all = errors.join("\n");
        assert!(
            all.contains("unknown command \"qiut\" (did you mean \"quit\"?)"),
            "{all}"
        );
        assert!(
            all.contains("unknown context \"detial\" (did you mean \"detail\"?)"),
            "{all}"
        );
        assert!(
            all.contains("unknown key \"escpe\" (did you mean \"esc\"?)"),
            "{all}"
        );
        assert!(all.contains("unknown key \"pgdown2\""), "{all}");
        assert!(
            all.contains("make_default does nothing in tree; it works in: detail"),
            "{all}"
        );
        assert!(all.contains("keys_undo_log"), "{all}");
        assert_eq!(errors.len(), 6, "{all}");
    }

    #[test]
    fn a_context_table_and_a_global_override_leave_text_fields_alone() {
        let keys: toml::Value =
            toml::from_str("up = \"w\"\n[undo_log]\nundo_batch = \"x\"\n").unwrap();
        let (m, errors) = Keymap::from_config(Some(&keys));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            m.lookup(Context::Assets, Key::plain('w')),
            Some(Command::Up)
        );
        assert_eq!(
            m.lookup(Context::Picker, Key::plain('w')),
            None,
            "w is typed"
        );
        assert_eq!(
            m.lookup(Context::Help, Key::plain('k')),
            Some(Command::Up),
            "the help screen keeps its own keys"
        );
        assert_eq!(
            m.lookup(Context::UndoLog, Key::plain('x')),
            Some(Command::UndoBatch)
        );
        assert_eq!(m.lookup(Context::UndoLog, Key::plain('u')), None);
    }
}
