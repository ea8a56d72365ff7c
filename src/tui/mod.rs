//! The terminal UI (ratatui + crossterm), helix/gitui style.
//!
//! Input -> [`keymap`] (per context: pane, text field, dialog) -> named
//! [`action::Command`] (one row each in [`action::COMMANDS`]) -> [`update::update`]
//! (pure: changes [`app::App`], returns [`action::Effect`]s) -> the [`shell`] runs the
//! effects through the [`worker`] (scan, write, undo, journal) and draws with
//! [`view::draw`] (a pure function of `&App`). Worker results come back as
//! [`action::Action`]s. Nothing on the UI thread touches the disk.
//!
//! | module | holds |
//! |---|---|
//! | [`app`] | the state, and derived state recomputed by `App::sync` |
//! | [`action`] | the command table, actions, effects |
//! | [`keymap`] | the key table: `assets/keymap.toml` and `[keys]` overrides |
//! | [`update`] | every state change |
//! | [`view`] | drawing, one file per pane or dialog |
//! | [`tree`] | the middle pane's model (groups, mixed values, pending marks) |
//! | [`pending`] | unwritten edits and the session undo/redo stack |
//! | [`plan`] | write targets and reports |
//! | [`popup`] | dialog state |
//! | [`input`] | the one-line text input |
//! | [`filter`] | `/` queries |
//! | [`help`] | help and footer hints from the command table and the keymap |
//! | [`worker`], [`writeback`] | background threads; writing through the edit layer's write-back |
//! | [`terminal`], [`clipboard`], [`shell`] | terminal setup/restore, clipboard, event loop |
//! | [`events`], [`signals`] | terminal input on a thread of its own; SIGTERM, SIGHUP and SIGINT end the loop like a quit |

pub mod action;
pub mod app;
pub mod clipboard;
pub mod complete;
pub mod events;
pub mod filter;
pub mod help;
pub mod input;
pub mod keymap;
pub use xmpedit_session::{pending, plan};
pub mod popup;
pub mod shell;
pub mod signals;
pub mod templates;
pub mod terminal;
pub mod tree;
pub mod update;
pub mod view;
pub mod worker;
pub mod writeback;

use crate::exit::Outcome;
use std::path::{Path, PathBuf};

use xmpedit_catalog::{Config, ScanOptions};
use xmpedit_session::writeback::NsFilter;

/// How the TUI was started.
#[derive(Debug, Clone, Default)]
pub struct Start {
    /// A folder, or a file (its folder opens with it selected).
    pub path: PathBuf,
    pub read_only: bool,
    pub mouse: bool,
    pub policy: xmpedit_formats::WritePolicy,
}

/// The folder to show and the file to select for a command-line path, made
/// absolute (symlinks kept as named): the journal records absolute paths only, so a
/// TUI opened on `.` could not write.
pub fn resolve_path(path: &Path) -> Result<(PathBuf, Option<PathBuf>), String> {
    let path = &std::path::absolute(path)
        .map_err(|e| format!("{}: {e}", xmpedit_core::present::safe_path(path)))?;
    let meta = std::fs::metadata(path).map_err(|e| {
        format!(
            "{}: {}",
            xmpedit_core::present::safe_path(path),
            match e.kind() {
                std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
                _ => e.to_string(),
            }
        )
    })?;
    if meta.is_dir() {
        return Ok((path.to_path_buf(), None));
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((folder, Some(path.to_path_buf())))
}

/// Runs the TUI; the exit code is 0 unless it could not start.
pub fn run(start: &Start) -> Outcome {
    let fail = |msg: String| {
        eprintln!("xmpedit: {msg}");
        Outcome::SomeFailed
    };
    let (root, select) = match resolve_path(&start.path) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let config = match Config::load() {
        Ok(c) => c,
        Err(e) => return fail(e.to_string()),
    };
    let (keymap, key_errors) = keymap::Keymap::from_config(config.other.get("keys"));
    if !key_errors.is_empty() {
        // Refused, like a misspelt [catalog] option: a binding that silently did
        // nothing would leave the user guessing which key does what.
        let file = Config::path()
            .map(|p| format!("{}: ", xmpedit_core::present::safe_path(&p)))
            .unwrap_or_default();
        return fail(format!("{file}{}", key_errors.join("; ")));
    }
    let mut warnings = Vec::new();
    let ns_filter = NsFilter::from_config(&config).unwrap_or_else(|e| {
        warnings.push(e.to_string());
        NsFilter::default()
    });
    let metadata_date = xmpedit_session::stamp::enabled(&config).unwrap_or_else(|e| {
        warnings.push(e);
        true
    });
    let mouse = start.mouse
        || config
            .other
            .get("tui")
            .and_then(|t| t.get("mouse"))
            .and_then(toml::Value::as_bool)
            .unwrap_or(false);
    let separators = complete::separators_from(config.other.get("tui")).unwrap_or_else(|e| {
        warnings.push(e);
        complete::DEFAULT_SEPARATORS.to_string()
    });
    let codes = xmpedit_catalog::codes::load_codes(&config).unwrap_or_else(|e| {
        warnings.push(e);
        None
    });
    let opts = app::Options {
        root,
        select,
        read_only: start.read_only,
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        mouse,
        keymap,
        warnings,
        ns_filter,
        policy: start.policy,
        separators,
        metadata_date,
        codes,
    };
    let app = app::App::new(opts);
    match shell::run(app, ScanOptions::from_config(&config)) {
        Ok(shell::Ended::Quit) => Outcome::Done,
        Ok(shell::Ended::Signal(sig)) => Outcome::Signal(sig.0),
        Err(e) => {
            // After a hang-up stderr is gone: a failed message must not panic.
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "xmpedit: terminal: {e}");
            Outcome::SomeFailed
        }
    }
}
