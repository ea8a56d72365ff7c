//! Command-line interface: clap commands, thin over the library layers.
//!
//! Exit codes: 0 everything done, 1 some files failed (each failure on stderr),
//! 2 usage errors (clap's own exit code for bad arguments).

/// `println!` that never panics: a closed pipe (`xmpedit set -r … | head`) ends the
/// output quietly, where `println!` would abort with a panic.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

pub mod export;
pub mod import;
pub mod import_json;
pub mod journaled;
pub mod log;
pub mod ls;
pub mod set;
pub mod show;
pub mod show_text;
pub mod template;
pub mod tui_cmd;
pub mod undo;
pub mod walk;

use crate::exit::Outcome;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "xmpedit",
    version,
    about = "Read, edit and write XMP metadata safely",
    long_about = "Read, edit and write XMP metadata safely.\n\nWithout a subcommand: the terminal UI on PATH (a folder, default `.`, or a file).",
    subcommand_precedence_over_arg = true
)]
pub struct Cli {
    /// Inspection mode: never open a file for writing.
    #[arg(long, global = true)]
    pub read_only: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
    /// No subcommand: open the terminal UI.
    #[command(flatten)]
    pub tui: tui_cmd::TuiArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show the XMP of files (a folder: the files in it; -r descends), grouped by schema.
    Show(show::ShowArgs),
    /// List the assets of folders: files grouped by name, roles, rating, title.
    Ls(ls::LsArgs),
    /// Edit the XMP of files (folders with -r): -e EDIT, journaled, undoable.
    Set(set::SetArgs),
    /// Take back the newest edit (or batch ID); repeat to walk further back.
    Undo(undo::HistoryArgs),
    /// Re-apply the last undone batch (or batch ID).
    Redo(undo::HistoryArgs),
    /// List the journal's batches.
    Log(log::LogArgs),
    /// Write the XMP of files or folders as CSV (AEM's or ExifTool's) or JSON.
    Export(export::ExportArgs),
    /// Apply CSV files (AEM's or ExifTool's) to the files they name: one undoable batch.
    Import(import::ImportArgs),
    /// List, show and save templates (named sets of edits; `set --template NAME`).
    Template(template::TemplateArgs),
}

/// `xmpedit export` with a folder named `export` here: the subcommand wins over the
/// TUI's PATH, so say how to open the folder.
fn shadowed_folder_hint() {
    let Some(first) = std::env::args_os().nth(1) else {
        return;
    };
    let Some(name) = first.to_str() else {
        return;
    };
    let is_command = Cli::command_for_hint()
        .get_subcommands()
        .any(|c| c.get_name() == name);
    if is_command && std::path::Path::new(name).is_dir() {
        eprintln!(
            "xmpedit: {name:?} is a subcommand; to open the folder named {name} in the terminal UI, run `xmpedit ./{name}`"
        );
    }
}

impl Cli {
    fn command_for_hint() -> clap::Command {
        <Cli as clap::CommandFactory>::command()
    }
}

/// Entry point used by `main`.
pub fn main() -> Outcome {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            if e.use_stderr() {
                shadowed_folder_hint();
            }
            return if e.use_stderr() {
                Outcome::Usage
            } else {
                Outcome::Done
            };
        }
    };
    match cli.command {
        None => tui_cmd::run(&cli.tui, cli.read_only),
        Some(Command::Show(args)) => show::run(&args),
        Some(Command::Ls(args)) => ls::run(&args),
        Some(Command::Set(args)) => set::run(&args, cli.read_only),
        Some(Command::Undo(args)) => undo::run_undo(&args, cli.read_only),
        Some(Command::Redo(args)) => undo::run_redo(&args, cli.read_only),
        Some(Command::Log(args)) => log::run(&args, cli.read_only),
        Some(Command::Export(args)) => export::run(&args),
        Some(Command::Import(args)) => import::run(&args, cli.read_only),
        Some(Command::Template(args)) => template::run(&args),
    }
}
