//! The help screen and the footer hints, generated from the keymap table so they can
//! never disagree with what the keys do (config overrides included).

use crate::tui::action::Command;
use crate::tui::keymap::{Context, Keymap};

/// One help line: keys, what they do, and the pane they apply in ("" = everywhere).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLine {
    pub keys: String,
    pub what: String,
    pub pane: &'static str,
}

/// Every bound command with its keys; editing commands are left out in read-only
/// mode (they do nothing there).
pub fn lines(keymap: &Keymap, read_only: bool) -> Vec<HelpLine> {
    let mut out = Vec::new();
    for &cmd in Command::ALL {
        if read_only && cmd.edits() {
            continue;
        }
        for context in [
            Context::Global,
            Context::Assets,
            Context::Tree,
            Context::Detail,
        ] {
            let keys: Vec<String> = keymap
                .bindings
                .iter()
                .filter(|b| b.command == cmd && b.context == context)
                .map(|b| b.key.label())
                .collect();
            if keys.is_empty() {
                continue;
            }
            out.push(HelpLine {
                keys: keys.join(" "),
                what: cmd.describe().to_string(),
                pane: match context {
                    Context::Global => "",
                    Context::Assets => "assets",
                    Context::Tree => "tree",
                    Context::Detail => "detail",
                },
            });
        }
    }
    out.push(HelpLine {
        keys: "^c".into(),
        what: "quit (twice: without asking)".into(),
        pane: "",
    });
    out
}

/// Footer hints for a pane: `? help  / filter  Space mark ...` (editing keys only
/// when editing is possible).
pub fn hints(keymap: &Keymap, context: Context, read_only: bool) -> Vec<(String, &'static str)> {
    let wanted: &[(Command, &str)] = match context {
        Context::Detail => &[
            (Command::Help, "help"),
            (Command::Edit, "edit"),
            (Command::Add, "add"),
            (Command::Delete, "delete"),
            (Command::MakeDefault, "default"),
            (Command::MoveItemDown, "move"),
            (Command::Copy, "copy"),
            (Command::Write, "write"),
            (Command::Quit, "quit"),
        ],
        Context::Tree => &[
            (Command::Help, "help"),
            (Command::Edit, "edit"),
            (Command::Add, "add"),
            (Command::Delete, "delete"),
            (Command::Copy, "copy"),
            (Command::Paste, "paste"),
            (Command::Undo, "undo"),
            (Command::Write, "write"),
            (Command::Quit, "quit"),
        ],
        _ => &[
            (Command::Help, "help"),
            (Command::Filter, "filter"),
            (Command::Mark, "mark"),
            (Command::Rate(0), "0-5 rate"),
            (Command::Edit, "open"),
            (Command::Write, "write"),
            (Command::Undo, "undo"),
            (Command::UndoLog, "history"),
            (Command::Quit, "quit"),
        ],
    };
    wanted
        .iter()
        .filter(|(c, _)| !(read_only && c.edits()))
        .filter_map(|(c, label)| {
            let keys = keymap.keys_for(context, *c);
            let key = keys.first()?;
            if let Command::Rate(_) = c {
                // "0-5 rate" names its own keys.
                return Some((String::new(), *label));
            }
            Some((key.label(), *label))
        })
        .collect()
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
}
