//! What the writing commands share: refusing read-only mode, opening the journal,
//! reporting interrupted batches, and printing per-file outcomes.

use std::process::ExitCode;

use crate::cli::{EXIT_FAILED, EXIT_USAGE};
use xmpedit_core::present::{safe_path, safe_text};
use xmpedit_formats::WritePolicy;
use xmpedit_session::journal::leftovers::{self, Leftover};
use xmpedit_session::journal::{BatchId, Journal};
use xmpedit_session::writeback::Report;

/// The write options every writing command takes (one set, so that `set`, `undo`,
/// `redo` and the TUI loosen the same refusals the same way).
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct WriteFlags {
    /// Rewrite a file that has other hard links under this name only: the other
    /// names keep the old content (without it such a file is written in place when
    /// the packet fits, and refused otherwise).
    #[arg(long)]
    pub break_links: bool,
    /// Replace XMP that could not be read completely (damaged Extended XMP, an XMP
    /// chunk that does not inflate): what could not be read is lost.
    #[arg(long)]
    pub repair_unsafe: bool,
    /// In recursive runs, also write through symlinks that point outside the named
    /// folders.
    #[arg(long)]
    pub follow_symlinks: bool,
}

impl WriteFlags {
    pub fn policy(&self) -> WritePolicy {
        WritePolicy {
            break_links: self.break_links,
            repair_unsafe: self.repair_unsafe,
            follow_symlinks: self.follow_symlinks,
        }
    }
}

/// Refuses a writing command in `--read-only` mode (checked before anything is
/// opened).
pub fn refuse_read_only(command: &str) -> ExitCode {
    eprintln!("xmpedit: {command}: --read-only mode never writes; nothing was changed");
    ExitCode::from(EXIT_USAGE)
}

/// The journal, with its load warnings printed; a failure is printed and mapped to
/// the exit code.
pub fn open() -> Result<Journal, ExitCode> {
    match Journal::open_default() {
        Ok(j) => {
            for w in j.warnings() {
                eprintln!("xmpedit: {}", safe_text(w));
            }
            Ok(j)
        }
        Err(e) => {
            eprintln!("xmpedit: {}", safe_text(&e.to_string()));
            Err(ExitCode::from(EXIT_FAILED))
        }
    }
}

/// [`open`] for commands that only read: `None` when there is no journal yet, and
/// nothing is created.
pub fn open_existing() -> Result<Option<Journal>, ExitCode> {
    match Journal::open_default_existing() {
        Ok(j) => {
            for w in j.iter().flat_map(|j| j.warnings()) {
                eprintln!("xmpedit: {}", safe_text(w));
            }
            Ok(j)
        }
        Err(e) => {
            eprintln!("xmpedit: {}", safe_text(&e.to_string()));
            Err(ExitCode::from(EXIT_FAILED))
        }
    }
}

/// Says which batches a crash left open (settled by the next writing command).
pub fn report_incomplete(journal: &Journal) {
    for id in journal.incomplete() {
        eprintln!(
            "xmpedit: batch #{id} was interrupted before it completed; \
             the next set, undo or redo settles it"
        );
    }
}

/// Settles the batches a crash left open, before anything new is written (later
/// writes would hide what the interrupted batch did), says what was found, and
/// removes the temp files their killed writes left behind.
pub fn settle(journal: &mut Journal) {
    let open = journal.incomplete();
    for r in xmpedit_session::writeback::recover_all(journal) {
        match r {
            Ok(rep) => eprintln!(
                "xmpedit: batch #{} was interrupted: {} file(s) had been written, {} not{}; \
                 `xmpedit undo {}` takes it back",
                rep.id,
                rep.written.len(),
                rep.not_written.len(),
                if rep.conflicts.is_empty() {
                    String::new()
                } else {
                    format!(", {} changed by something else", rep.conflicts.len())
                },
                rep.id
            ),
            Err(e) => eprintln!("xmpedit: {}", safe_text(&e.to_string())),
        }
    }
    tidy(journal, &open, false);
}

/// Removes the temp files a killed write of batches `ids` left beside their files
/// (with `report_only`, as in `--read-only` mode, only says where they are).
pub fn tidy(journal: &Journal, ids: &[BatchId], report_only: bool) {
    let found = journal.leftovers(ids);
    let failed = if report_only {
        Vec::new()
    } else {
        leftovers::remove(&found)
    };
    for &id in ids {
        let of_batch: Vec<&Leftover> = found.iter().filter(|l| l.batch == id).collect();
        let gone: Vec<&Leftover> = of_batch
            .iter()
            .copied()
            .filter(|l| !failed.iter().any(|(f, _)| f == l))
            .collect();
        if gone.is_empty() {
            continue;
        }
        let names = list_paths(&gone);
        if report_only {
            eprintln!(
                "xmpedit: {} leftover temp file(s) from an interrupted write of batch #{id}: \
                 {names}; run `xmpedit log` to remove them",
                gone.len()
            );
        } else {
            eprintln!(
                "xmpedit: removed {} leftover temp file(s) from an interrupted write of \
                 batch #{id}: {names}",
                gone.len()
            );
        }
    }
    for (l, e) in failed {
        eprintln!(
            "xmpedit: {}: a leftover temp file of interrupted batch #{} could not be \
             removed ({}); delete it by hand",
            safe_path(&l.path),
            l.batch,
            safe_text(&e.to_string())
        );
    }
}

/// Up to ten paths, then how many more.
fn list_paths(list: &[&Leftover]) -> String {
    const SHOWN: usize = 10;
    let mut s: Vec<String> = list
        .iter()
        .take(SHOWN)
        .map(|l| safe_path(&l.path))
        .collect();
    if list.len() > SHOWN {
        s.push(format!("and {} more", list.len() - SHOWN));
    }
    s.join(", ")
}

/// Complete batches kept in the journal; older ones are pruned after each write.
pub const KEEP_BATCHES: usize = 1000;

/// Prunes old batches; a failure only costs disk space, so it is a warning.
pub fn prune(journal: &mut Journal) {
    if let Err(e) = journal.prune(KEEP_BATCHES) {
        eprintln!("xmpedit: warning: {}", safe_text(&e.to_string()));
    }
}

/// Prints `wrote FILE (how)` per written file (`wrote LINK -> FILE (how)` through a
/// symlink) and `xmpedit: FILE: message` per failure; returns whether something
/// failed.
pub fn print_report(report: &Report) -> bool {
    let mut failed = false;
    for o in &report.outcomes {
        match &o.result {
            Ok(done) => {
                match &o.through {
                    Some(t) => outln!(
                        "wrote {} -> {} ({})",
                        safe_path(&o.path),
                        safe_path(t),
                        done.describe()
                    ),
                    None => outln!("wrote {} ({})", safe_path(&o.path), done.describe()),
                }
                for what in &o.replaced {
                    eprintln!(
                        "xmpedit: {}: {}",
                        safe_path(&o.path),
                        safe_text(&xmpedit_formats::unreadable::replaced_note(what))
                    );
                }
            }
            Err(m) => {
                failed = true;
                eprintln!("xmpedit: {}: {}", safe_path(&o.path), safe_text(m));
            }
        }
    }
    for e in &report.journal_errors {
        failed = true;
        eprintln!("xmpedit: {}", safe_text(e));
    }
    failed
}

/// The command line as recorded in the journal.
pub fn command_line() -> String {
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let mut s = args.join(" ");
    if s.len() > 2000 {
        let mut cut = 2000;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
        s.push_str(" ...");
    }
    s
}
