//! `xmpedit undo [ID] [--force]` and `xmpedit redo [ID] [--force]`.
//!
//! Undo writes back the old packets of the newest batch not yet undone (or of batch
//! ID); successive undos walk further back. Redo re-applies the last undone batch.
//! Both are journaled like any write. A file whose packet is no longer the one the
//! batch left (compared as models) is skipped with a message unless `--force`.
//! Like `set`, both first settle batches a crash left open (each pending file is
//! looked at: written or not), so that an interrupted `set` is rolled back by one
//! `undo`. A
//! sidecar the batch created is deleted again by its undo; a file that had no XMP
//! gets an empty packet.

use std::process::ExitCode;

use crate::cli::journaled;
use crate::cli::EXIT_FAILED;
use xmpedit_core::present::{safe_path, safe_text};
use xmpedit_session::journal::{BatchId, BatchKind, Journal, JournalError};
use xmpedit_session::writeback::{self, HistoryPlan};

#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// The batch (see `xmpedit log`); the newest one by default.
    pub id: Option<BatchId>,
    /// Overwrite files changed since the batch.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub write: journaled::WriteFlags,
}

pub fn run_undo(args: &HistoryArgs, read_only: bool) -> ExitCode {
    if read_only {
        return journaled::refuse_read_only("undo");
    }
    let mut journal = match journaled::open() {
        Ok(j) => j,
        Err(code) => return code,
    };
    journaled::settle(&mut journal);
    let Some(id) = args.id.or_else(|| journal.next_undo()) else {
        eprintln!("xmpedit: nothing to undo");
        return ExitCode::from(EXIT_FAILED);
    };
    let plan = writeback::undo_plan(&journal, id, args.force);
    finish(
        &mut journal,
        plan,
        BatchKind::Undo { of: id },
        "undo",
        id,
        args,
    )
}

pub fn run_redo(args: &HistoryArgs, read_only: bool) -> ExitCode {
    if read_only {
        return journaled::refuse_read_only("redo");
    }
    let mut journal = match journaled::open() {
        Ok(j) => j,
        Err(code) => return code,
    };
    journaled::settle(&mut journal);
    let Some(id) = args.id.or_else(|| journal.next_redo()) else {
        eprintln!("xmpedit: nothing to redo");
        return ExitCode::from(EXIT_FAILED);
    };
    let plan = writeback::redo_plan(&journal, id, args.force);
    finish(
        &mut journal,
        plan,
        BatchKind::Redo { of: id },
        "redo",
        id,
        args,
    )
}

fn finish(
    journal: &mut Journal,
    plan: Result<HistoryPlan, JournalError>,
    kind: BatchKind,
    verb: &str,
    id: BatchId,
    args: &HistoryArgs,
) -> ExitCode {
    let plan = match plan {
        Ok(p) => p,
        Err(e) => {
            eprintln!("xmpedit: {verb}: {}", safe_text(&e.to_string()));
            return ExitCode::from(EXIT_FAILED);
        }
    };
    let mut failed = false;
    for (path, why) in &plan.skipped {
        failed = true;
        eprintln!("xmpedit: {}: {}", safe_path(path), safe_text(why));
    }
    if plan.writes.is_empty() {
        eprintln!("xmpedit: {verb} of batch #{id}: no file to write");
        return ExitCode::from(EXIT_FAILED);
    }
    let command = format!("{verb} #{id}");
    match writeback::execute(
        journal,
        &command,
        kind,
        Vec::new(),
        plan.writes,
        args.write.policy(),
    ) {
        Ok(report) => {
            failed |= journaled::print_report(&report);
            journaled::prune(journal);
        }
        Err(e) => {
            eprintln!(
                "xmpedit: {}; nothing was written",
                safe_text(&e.to_string())
            );
            return ExitCode::from(EXIT_FAILED);
        }
    }
    if failed {
        ExitCode::from(EXIT_FAILED)
    } else {
        ExitCode::SUCCESS
    }
}
