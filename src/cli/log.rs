//! `xmpedit log`: the journal's batches, oldest first: id, time, files written of
//! the batch's files, state (`open` = interrupted), `undone`, and the changes.
//! Interrupted batches are reported, not settled; the temp files their killed
//! writes left beside the photos are removed (with `--read-only`: only reported).

use std::process::ExitCode;

use crate::cli::journaled;
use xmpedit_core::present::safe_text;
use xmpedit_session::journal::BatchState;

#[derive(Debug, clap::Args)]
pub struct LogArgs {}

pub fn run(_args: &LogArgs, read_only: bool) -> ExitCode {
    // A mere listing (maybe in --read-only mode) creates no folder.
    let journal = match journaled::open_existing() {
        Ok(Some(j)) => j,
        Ok(None) => {
            outln!("no batches in the journal");
            return ExitCode::SUCCESS;
        }
        Err(code) => return code,
    };
    journaled::report_incomplete(&journal);
    journaled::tidy(&journal, &journal.incomplete(), read_only);
    let list = journal.list();
    if list.is_empty() {
        outln!("no batches in the journal");
    }
    for b in list {
        let state = match b.state {
            BatchState::Complete => "complete",
            BatchState::Open => "open",
        };
        let mut line = format!(
            "#{}  {}  {}/{} file(s)  {state}",
            b.id, b.time, b.written, b.files
        );
        if b.failed > 0 {
            line.push_str(&format!(", {} failed", b.failed));
        }
        if b.undone {
            line.push_str("  undone");
        }
        line.push_str("  ");
        line.push_str(&b.changes);
        outln!("{}", safe_text(&line));
    }
    ExitCode::SUCCESS
}
