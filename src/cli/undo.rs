//! `xmpedit undo [ID] [--in PATH]... [--all] [--force]` and `xmpedit redo` alike.
//!
//! Undo takes back the newest batch not yet undone that touched files under the
//! current folder (or the `--in` folders; `--all`: anywhere), or batch ID; successive
//! undos walk further back. Redo re-applies the last undone batch. Both go through the
//! session like any write: interrupted batches are settled first (so an interrupted
//! `set` is rolled back by one `undo`), the batch is journaled, old ones are pruned.
//! A file another program changed since keeps that program's edits: only the
//! properties the batch changed are taken back, and a property both changed is left
//! alone and reported unless `--force`. A sidecar the batch created is deleted again.

use crate::exit::Outcome;

use crate::cli::journaled;
use xmpedit_core::present::{safe_path, safe_text};
use xmpedit_session::journal::BatchId;
use xmpedit_session::Direction;

#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// The batch (see `xmpedit log`); the newest one in scope by default.
    pub id: Option<BatchId>,
    /// Also take back properties another program changed since the batch.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub scope: journaled::ScopeFlags,
    #[command(flatten)]
    pub write: journaled::WriteFlags,
}

pub fn run_undo(args: &HistoryArgs, read_only: bool) -> Outcome {
    run(Direction::Undo, args, read_only)
}

pub fn run_redo(args: &HistoryArgs, read_only: bool) -> Outcome {
    run(Direction::Redo, args, read_only)
}

fn run(dir: Direction, args: &HistoryArgs, read_only: bool) -> Outcome {
    let verb = dir.verb();
    if read_only {
        return journaled::refuse_read_only(verb);
    }
    let mut session = match journaled::open() {
        Ok(s) => s,
        Err(code) => return code,
    };
    let done = session.history(
        dir,
        args.id,
        &args.scope.folders(),
        args.force,
        args.write.policy(),
    );
    journaled::print_notices(&mut session);
    let done = match done {
        Ok(d) => d,
        Err(e @ xmpedit_session::SessionError::Nothing { .. })
        | Err(e @ xmpedit_session::SessionError::NoFile { .. }) => {
            eprintln!("xmpedit: {}", safe_text(&e.to_string()));
            return Outcome::SomeFailed;
        }
        Err(e) => {
            eprintln!(
                "xmpedit: {verb}: {}; nothing was written",
                safe_text(&e.to_string())
            );
            return Outcome::SomeFailed;
        }
    };
    let mut failed = false;
    for (path, why) in &done.skipped {
        failed = true;
        eprintln!(
            "xmpedit: {}: {}",
            safe_path(path),
            safe_text(&why.to_string())
        );
    }
    if done.report.outcomes.is_empty() {
        eprintln!("xmpedit: {verb} of batch #{}: no file to write", done.of);
        return Outcome::SomeFailed;
    }
    failed |= journaled::print_report(&done.report);
    if failed {
        Outcome::SomeFailed
    } else {
        Outcome::Done
    }
}
