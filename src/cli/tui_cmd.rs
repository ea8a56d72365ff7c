//! `xmpedit [--read-only] [--mouse] [PATH]`: no subcommand opens the terminal UI on a
//! folder (default `.`), or on a file's folder with that file selected.

use crate::exit::Outcome;
use std::path::PathBuf;

#[derive(Debug, Clone, Default, clap::Args)]
pub struct TuiArgs {
    /// Folder to open, or a file (its folder opens with it selected). Default: `.`
    pub path: Option<PathBuf>,
    /// Click and scroll with the mouse (also `[tui] mouse = true` in the config).
    #[arg(long)]
    pub mouse: bool,
    #[command(flatten)]
    pub write: crate::cli::journaled::WriteFlags,
}

pub fn run(args: &TuiArgs, read_only: bool) -> Outcome {
    crate::tui::run(&crate::tui::Start {
        path: args.path.clone().unwrap_or_else(|| PathBuf::from(".")),
        read_only,
        mouse: args.mouse,
        policy: args.write.policy(),
    })
}
