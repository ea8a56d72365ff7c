//! The help screen and the footer hints, generated from the command table
//! ([`COMMANDS`]: help texts, hint labels) and the keymap (keys, config overrides
//! included), so they can never disagree with what the keys do.

use crate::tui::action::{Command, COMMANDS};
use crate::tui::keymap::{Context, Key, Keymap};

/// One help line: keys, what they do, and the context they apply in ("" = every
/// pane). A line without keys heads a text field's or dialog's part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLine {
    pub keys: String,
    pub what: String,
    pub pane: &'static str,
    /// The command's name, for the config file's `[keys]` ("" for headings and the
    /// fixed Ctrl-C).
    pub name: &'static str,
}

/// Every bound command with its keys: the panes' first (in table order), then each
/// text field's and dialog's. Editing commands are left out in read-only mode (they
/// do nothing there).
pub fn lines(keymap: &Keymap, read_only: bool) -> Vec<HelpLine> {
    let mut out = Vec::new();
    let line = |cmd: Command, context: Context| -> Option<HelpLine> {
        let keys: Vec<String> = keymap
            .bindings
            .iter()
            .filter(|b| b.command == cmd && b.context == context)
            .map(|b| b.key.label())
            .collect();
        (!keys.is_empty()).then(|| HelpLine {
            keys: keys.join(" "),
            what: cmd.describe().to_string(),
            name: cmd.name(),
            pane: match context {
                Context::Global => "",
                c => c.name(),
            },
        })
    };
    let shown = COMMANDS.iter().filter(|c| !(read_only && c.edits));
    for info in shown.clone() {
        for context in [
            Context::Global,
            Context::Assets,
            Context::Tree,
            Context::Detail,
        ] {
            out.extend(line(info.command, context));
        }
    }
    out.push(HelpLine {
        keys: "^c".into(),
        what: "quit (twice: without asking)".into(),
        pane: "",
        name: "",
    });
    for context in Context::ALL.into_iter().filter(|c| !c.is_pane()) {
        out.push(HelpLine {
            keys: String::new(),
            what: context.title().to_string(),
            pane: context.name(),
            name: "",
        });
        for info in shown.clone() {
            out.extend(line(info.command, context));
        }
    }
    out
}

/// Hints for a context, `(keys, label)` in rank order: `? help`, `/ filter`,
/// `0-5 rate`, `↑↓ scroll` (editing commands only when editing is possible; commands
/// without a key are left out).
pub fn hints(keymap: &Keymap, context: Context, read_only: bool) -> Vec<(String, &'static str)> {
    hints_where(keymap, context, read_only, |_| true)
}

/// [`hints`] for the commands `applies` keeps: the footer passes what the cursor is on
/// (`update::command_applies`), so it offers no key that would do nothing there.
pub fn hints_where(
    keymap: &Keymap,
    context: Context,
    read_only: bool,
    applies: impl Fn(Command) -> bool,
) -> Vec<(String, &'static str)> {
    let mut found: Vec<(u8, &'static str, Key)> = Vec::new();
    for info in COMMANDS {
        if (read_only && info.edits) || !applies(info.command) {
            continue;
        }
        for h in info.hints.iter().filter(|h| h.context == context) {
            if let Some(key) = keymap.keys_for(context, info.command).first() {
                found.push((h.rank, h.label, *key));
            }
        }
    }
    // Stable: commands of one rank keep their table order (rate_0..rate_5).
    found.sort_by_key(|(rank, _, _)| *rank);
    let mut out: Vec<(String, &'static str)> = Vec::new();
    let mut i = 0;
    while i < found.len() {
        let (rank, label, _) = found[i];
        let group: Vec<String> = found[i..]
            .iter()
            .take_while(|(r, l, _)| *r == rank && *l == label)
            .map(|(_, _, k)| k.label())
            .collect();
        i += group.len();
        let keys = match group.len() {
            1 => group[0].clone(),
            2 if group.iter().all(|k| k.chars().count() == 1) => group.concat(),
            2 => group.join("/"),
            n => format!("{}-{}", group[0], group[n - 1]),
        };
        out.push((keys, label));
    }
    out
}

/// The hints of a context as one line: `Enter apply · Esc cancel · Tab complete`.
pub fn hint_line(keymap: &Keymap, context: Context, read_only: bool) -> String {
    hint_line_where(keymap, context, read_only, |_| true)
}

/// [`hint_line`] for the commands `applies` keeps (no `Tab complete` in a prompt
/// with nothing to complete).
pub fn hint_line_where(
    keymap: &Keymap,
    context: Context,
    read_only: bool,
    applies: impl Fn(Command) -> bool,
) -> String {
    hints_where(keymap, context, read_only, applies)
        .into_iter()
        .map(|(k, l)| format!("{k} {l}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_follows_the_keymap() {
        let m = Keymap::defaults();
        let l = lines(&m, false);
        assert!(l
            .iter()
            .any(|h| h.keys == "u" && h.what.starts_with("undo")));
        assert!(l
            .iter()
            .any(|h| h.keys == "*" && h.pane == "detail" && h.what.contains("x-default")));
        let ro = lines(&m, true);
        assert!(!ro.iter().any(|h| h.what.starts_with("write")));
        let keys: toml::Value = toml::from_str("undo = \"ctrl-z\"").unwrap();
        let (m2, _) = Keymap::from_config(Some(&keys));
        assert!(lines(&m2, false)
            .iter()
            .any(|h| h.keys == "^z" && h.what.starts_with("undo")));
    }

    #[test]
    fn footers_come_from_the_table() {
        let m = Keymap::defaults();
        let assets: Vec<String> = hints(&m, Context::Assets, false)
            .into_iter()
            .map(|(k, l)| format!("{k} {l}"))
            .collect();
        assert_eq!(
            assets,
            [
                "? help",
                "/ filter",
                "Space mark",
                "0-5 rate",
                "Enter open",
                "w write",
                "u undo",
                "U history",
                "q quit"
            ]
        );
        assert_eq!(
            hint_line(&m, Context::Prompt, false),
            "Enter apply · Esc cancel · Tab complete"
        );
        assert_eq!(hint_line(&m, Context::Help, false), "↑↓ scroll · Esc close");
        assert_eq!(
            hint_line(&m, Context::UndoLog, false),
            "u undo · r redo · Esc close"
        );
        assert_eq!(hint_line(&m, Context::UndoLog, true), "Esc close");
        // A rebinding shows in the footer.
        let keys: toml::Value = toml::from_str("\"undo_log.close\" = \"x\"").unwrap();
        let (m2, w) = Keymap::from_config(Some(&keys));
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            hint_line(&m2, Context::UndoLog, false),
            "u undo · r redo · x close"
        );
    }

    #[test]
    fn popup_keys_are_listed_under_their_dialog() {
        let l = lines(&Keymap::defaults(), false);
        assert!(l
            .iter()
            .any(|h| h.pane == "confirm_undo" && h.keys == "y Y Enter"));
        assert!(l.iter().any(|h| h.pane == "input" && h.keys.contains("^w")));
    }
}
