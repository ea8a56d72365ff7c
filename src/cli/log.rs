//! `xmpedit log [--in PATH]... [--all]`: the batches that touched files under the
//! current folder (or the `--in` folders; `--all`: every batch), oldest first: id,
//! time, files written of the batch's files, state (`open` = interrupted), `undone`,
//! the batch's folder and its changes. Interrupted batches are reported, not settled;
//! the temp files their killed writes left beside the photos are removed (with
//! `--read-only`: only reported).

use crate::exit::Outcome;

use crate::cli::journaled;
use xmpedit_core::present::{safe_path, safe_text};
use xmpedit_session::journal::BatchState;

#[derive(Debug, clap::Args)]
pub struct LogArgs {
    #[command(flatten)]
    pub scope: journaled::ScopeFlags,
}

pub fn run(args: &LogArgs, read_only: bool) -> Outcome {
    // A mere listing (maybe in --read-only mode) creates no folder.
    let mut session = match journaled::open_existing() {
        Ok(Some(s)) => s,
        Ok(None) => {
            outln!("no batches in the journal");
            return Outcome::Done;
        }
        Err(code) => return code,
    };
    session.look(read_only);
    journaled::print_notices(&mut session);
    let scope = args.scope.folders();
    let journal = session.journal();
    let list: Vec<_> = journal
        .list()
        .into_iter()
        .filter(|b| scope.matches(journal.paths_of(b.id)))
        .collect();
    if list.is_empty() {
        match scope.describe() {
            Some(w) => outln!(
                "no batches in the journal touched {w} (`xmpedit log --all` lists every batch)"
            ),
            None => outln!("no batches in the journal"),
        }
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
        line.push_str(&safe_path(&b.folder));
        line.push_str("  ");
        line.push_str(&b.changes);
        outln!("{}", safe_text(&line));
    }
    Outcome::Done
}
