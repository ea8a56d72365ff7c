//! The TUI's adapter to the session ([`xmpedit_session::Session`], the same write and
//! undo the CLI runs): a dialog's [`WritePlan`] becomes the engine's plan and one
//! journaled batch, and the outcomes become a [`WriteReport`] (per asset, with every
//! written file read back from disk for the catalog). Undo and redo of a journal
//! batch go the same way.

use std::path::Path;
use std::sync::Mutex;

use crate::tui::plan::{FileFailure, WritePlan, WriteProgress, WriteReport};
use xmpedit_catalog::scan::{read_one, ReadFn};
use xmpedit_catalog::AssetId;
use xmpedit_core::edit::{NsMap, Op, SchemaResolver};
use xmpedit_formats::{read_file, WritePolicy};
use xmpedit_session::journal::{BatchId, Journal, JournalError};
use xmpedit_session::writeback::{self, Selection, Write};
use xmpedit_session::{Direction, Folders, Session};

/// Runs a write plan; `progress` is called as files are written. Every written file
/// gets `xmp:MetadataDate` set to now ([`execute_write_with`] can turn it off).
pub fn execute_write(
    plan: &WritePlan,
    journal_dir: Option<&Path>,
    policy: WritePolicy,
    progress: &(dyn Fn(WriteProgress) + Sync),
) -> WriteReport {
    execute_write_with(plan, journal_dir, policy, true, progress)
}

/// [`execute_write`]; `metadata_date`: whether written files get `xmp:MetadataDate`
/// set to now (the config's `[write] metadata_date`).
pub fn execute_write_with(
    plan: &WritePlan,
    journal_dir: Option<&Path>,
    policy: WritePolicy,
    metadata_date: bool,
    progress: &(dyn Fn(WriteProgress) + Sync),
) -> WriteReport {
    let mut report = WriteReport {
        what: "write".into(),
        ..WriteReport::default()
    };
    let mut session = match open_session(journal_dir, metadata_date) {
        Ok(s) => s,
        Err(e) => {
            report.error = Some(e);
            return report;
        }
    };
    // Plan every asset with its own ops; a refusal is that asset's failure only.
    let ns = NsMap::new();
    let resolver = SchemaResolver {
        ns: &ns,
        schema: xmpedit_core::schema::registry(),
    };
    let mut writes: Vec<Write> = Vec::new();
    // Per write: the asset it belongs to.
    let mut owners: Vec<AssetId> = Vec::new();
    let mut job_failed = vec![false; plan.jobs.len()];
    let mut job_files = vec![0usize; plan.jobs.len()];
    for (j, job) in plan.jobs.iter().enumerate() {
        let sel = Selection {
            asset: &job.asset,
            named: &[],
        };
        let p = writeback::plan_accepting_loss(
            &[sel],
            &job.ops,
            &plan.choice,
            &plan.filter,
            &resolver,
            job.accept_loss,
        );
        for e in p.errors {
            job_failed[j] = true;
            report.failures.push(FileFailure {
                asset: Some(job.asset.id),
                path: e.path,
                message: e.error.to_string(),
            });
        }
        job_files[j] = p.files.len();
        for f in p.files.into_iter().filter(|f| f.changed) {
            owners.push(job.asset.id);
            let reach = plan.scope.reach(&f.path);
            writes.push(Write {
                path: f.path,
                identity: f.identity,
                old: f.old,
                new: Some(f.new),
                reach,
                restore: None,
            });
        }
    }
    let failed_early = report.failures.len();
    let total = writes.len() + failed_early;
    progress(WriteProgress {
        done: failed_early,
        total,
        failed: failed_early,
    });
    let mut ops: Vec<Op> = Vec::new();
    for op in plan.jobs.iter().flat_map(|j| &j.ops) {
        if !ops.contains(op) {
            ops.push(op.clone());
        }
    }
    let sink = |p: writeback::Progress| {
        progress(WriteProgress {
            done: failed_early + p.done,
            total,
            failed: failed_early + p.failed,
        })
    };
    let run = session.write(&plan.command, ops, writes, policy, &sink);
    report.notes = notes(&mut session);
    let done = match run {
        Ok(done) => done,
        Err(e) => {
            report.error = Some(format!("cannot record the undo journal: {e}"));
            return report;
        }
    };
    report.batch = done.batch;
    for (outcome, asset) in done.outcomes.into_iter().zip(owners) {
        match outcome.result {
            Ok(_) => {
                report.written += 1;
                // What the catalog shows is what is on disk: read the file back.
                reread(&mut report, outcome.path);
            }
            Err(e) => {
                if let Some(j) = plan.jobs.iter().position(|j| j.asset.id == asset) {
                    job_failed[j] = true;
                }
                report.failures.push(FileFailure {
                    asset: Some(asset),
                    path: outcome.path,
                    message: e.to_string(),
                });
            }
        }
    }
    journal_failures(&mut report, session.journal(), done.journal_errors);
    report.ok_assets = plan
        .jobs
        .iter()
        .enumerate()
        .filter(|(j, _)| !job_failed[*j] && job_files[*j] > 0)
        .map(|(_, job)| job.asset.id)
        .collect();
    report
}

fn journal_failures(report: &mut WriteReport, journal: &Journal, errors: Vec<JournalError>) {
    if let Some(e) = errors.into_iter().next() {
        report.failures.push(FileFailure {
            asset: None,
            path: journal.dir().to_path_buf(),
            message: format!("the undo journal could not record the outcome: {e}"),
        });
    }
}

fn open_session(dir: Option<&Path>, metadata_date: bool) -> Result<Session, String> {
    let mut s = Session::open(dir).map_err(|e| format!("cannot open the undo journal: {e}"))?;
    s.set_metadata_date(metadata_date);
    Ok(s)
}

fn notes(session: &mut Session) -> Vec<String> {
    session
        .take_notices()
        .into_iter()
        .map(|n| n.to_string())
        .collect()
}

/// Reads a written file back for the catalog (a removed sidecar has nothing to read).
fn reread(report: &mut WriteReport, path: std::path::PathBuf) {
    if path.exists() {
        let reader: &ReadFn = &read_file;
        let r = read_one(reader, &path, true);
        report.reads.push((path, r));
    }
}

/// Undoes (or re-does) a journal batch with the engine's history plans: files
/// changed since the batch are skipped (listed as failures), the rest written back.
pub fn execute_undo(
    id: BatchId,
    redo: bool,
    journal_dir: Option<&Path>,
    policy: WritePolicy,
) -> WriteReport {
    execute_undo_with(id, redo, journal_dir, policy, true)
}

/// [`execute_undo`]; `metadata_date` as for [`execute_write_with`].
pub fn execute_undo_with(
    id: BatchId,
    redo: bool,
    journal_dir: Option<&Path>,
    policy: WritePolicy,
    metadata_date: bool,
) -> WriteReport {
    let what = format!("{} of #{id}", if redo { "redo" } else { "undo" });
    let mut report = WriteReport {
        what: what.clone(),
        undo: true,
        ..WriteReport::default()
    };
    let mut session = match open_session(journal_dir, metadata_date) {
        Ok(s) => s,
        Err(e) => {
            report.error = Some(e);
            return report;
        }
    };
    let dir = if redo {
        Direction::Redo
    } else {
        Direction::Undo
    };
    // The log names the batch; the session settles interrupted batches first and
    // prunes after, as the CLI's undo does.
    let run = session.history(dir, Some(id), &Folders::All, false, policy);
    report.notes = notes(&mut session);
    let done = match run {
        Ok(d) => d,
        Err(e) => {
            report.error = Some(e.to_string());
            return report;
        }
    };
    for (path, why) in done.skipped {
        report.failures.push(FileFailure {
            asset: None,
            path,
            message: why.to_string(),
        });
    }
    report.batch = done.report.batch;
    for outcome in done.report.outcomes {
        match outcome.result {
            Ok(_) => {
                report.written += 1;
                reread(&mut report, outcome.path);
            }
            Err(e) => report.failures.push(FileFailure {
                asset: None,
                path: outcome.path,
                message: e.to_string(),
            }),
        }
    }
    journal_failures(&mut report, session.journal(), done.report.journal_errors);
    report
}

/// Convenience for the worker: a `Mutex`-guarded progress sink.
pub fn progress_sink<F: FnMut(WriteProgress) + Send>(f: F) -> impl Fn(WriteProgress) + Sync {
    let f = Mutex::new(f);
    move |p| {
        if let Ok(mut f) = f.lock() {
            f(p);
        }
    }
}
