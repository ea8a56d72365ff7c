//! The TUI's adapter to the edit layer's write-back ([`xmpedit_session::writeback`]):
//! a dialog's [`WritePlan`] becomes the engine's plan and journaled execution, and
//! the engine's outcomes become a [`WriteReport`] (per asset, with the written files'
//! new reads for the catalog). Undo and redo of a journal batch go the same way.

use std::path::Path;
use std::sync::Mutex;

use crate::tui::plan::{FileFailure, WritePlan, WriteProgress, WriteReport};
use xmpedit_catalog::scan::{read_one, ReadFn};
use xmpedit_catalog::{AssetId, ReadInfo};
use xmpedit_core::edit::{NsMap, Op, SchemaResolver};
use xmpedit_formats::{read_file, WritePolicy};
use xmpedit_session::journal::{BatchId, BatchKind, Journal};
use xmpedit_session::writeback::{self, Selection, Write};

/// Runs a write plan; `progress` is called as files are written.
pub fn execute_write(
    plan: &WritePlan,
    journal_dir: Option<&Path>,
    policy: WritePolicy,
    progress: &(dyn Fn(WriteProgress) + Sync),
) -> WriteReport {
    let mut report = WriteReport {
        what: "write".into(),
        ..WriteReport::default()
    };
    let mut journal = match open_journal(journal_dir) {
        Ok(j) => j,
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
    // Per write: the asset, and what the catalog learns once it is written.
    let mut owners: Vec<(AssetId, ReadInfo)> = Vec::new();
    let mut job_failed = vec![false; plan.jobs.len()];
    let mut job_files = vec![0usize; plan.jobs.len()];
    for (j, job) in plan.jobs.iter().enumerate() {
        let sel = Selection {
            asset: &job.asset,
            named: &[],
        };
        let p = writeback::plan(&[sel], &job.ops, &plan.choice, &plan.filter, &resolver);
        for e in p.errors {
            job_failed[j] = true;
            report.failures.push(FileFailure {
                asset: Some(job.asset.id),
                path: e.path,
                message: e.message,
            });
        }
        job_files[j] = p.files.len();
        for f in p.files.into_iter().filter(|f| f.changed) {
            let (format, others) = match job.asset.renditions.iter().find(|r| r.path == f.path) {
                Some(r) => (
                    r.format,
                    match &r.xmp {
                        xmpedit_catalog::ReadState::Read(info) => info.others.clone(),
                        _ => Vec::new(),
                    },
                ),
                None => (xmpedit_formats::Format::Xmp, Vec::new()),
            };
            let info = ReadInfo {
                format,
                has_xmp: true,
                summary: xmpedit_catalog::summary::summarize(&f.new),
                packet: Some(f.new.clone()),
                info: None,
                others,
                warnings: Vec::new(),
            };
            owners.push((job.asset.id, info));
            let reach = plan.scope.reach(&f.path);
            writes.push(Write {
                path: f.path,
                identity: f.identity,
                old: f.old,
                new: Some(f.new),
                reach,
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
    let run = writeback::execute_with_progress(
        &mut journal,
        &plan.command,
        BatchKind::Edit,
        ops,
        writes,
        policy,
        &sink,
    );
    let done = match run {
        Ok(done) => done,
        Err(e) => {
            report.error = Some(format!("cannot record the undo journal: {e}"));
            return report;
        }
    };
    report.batch = done.batch;
    for (outcome, (asset, info)) in done.outcomes.into_iter().zip(owners) {
        match (outcome.result, outcome.identity) {
            (Ok(_), Some(identity)) => {
                report.written += 1;
                report
                    .reads
                    .push((outcome.path, Ok((Box::new(info), identity))));
            }
            (Ok(_), None) => report.written += 1,
            (Err(message), _) => {
                if let Some(j) = plan.jobs.iter().position(|j| j.asset.id == asset) {
                    job_failed[j] = true;
                }
                report.failures.push(FileFailure {
                    asset: Some(asset),
                    path: outcome.path,
                    message,
                });
            }
        }
    }
    journal_failures(&mut report, &journal, done.journal_errors);
    report.ok_assets = plan
        .jobs
        .iter()
        .enumerate()
        .filter(|(j, _)| !job_failed[*j] && job_files[*j] > 0)
        .map(|(_, job)| job.asset.id)
        .collect();
    report
}

fn journal_failures(report: &mut WriteReport, journal: &Journal, errors: Vec<String>) {
    if let Some(e) = errors.into_iter().next() {
        report.failures.push(FileFailure {
            asset: None,
            path: journal.dir().to_path_buf(),
            message: format!("the undo journal could not record the outcome: {e}"),
        });
    }
}

fn open_journal(dir: Option<&Path>) -> Result<Journal, String> {
    let j = match dir {
        Some(d) => Journal::open(d),
        None => Journal::open_default(),
    };
    j.map_err(|e| format!("cannot open the undo journal: {e}"))
}

/// Undoes (or re-does) a journal batch with the engine's history plans: files
/// changed since the batch are skipped (listed as failures), the rest written back.
pub fn execute_undo(
    id: BatchId,
    redo: bool,
    journal_dir: Option<&Path>,
    policy: WritePolicy,
) -> WriteReport {
    let what = format!("{} of #{id}", if redo { "redo" } else { "undo" });
    let mut report = WriteReport {
        what: what.clone(),
        undo: true,
        ..WriteReport::default()
    };
    let mut journal = match open_journal(journal_dir) {
        Ok(j) => j,
        Err(e) => {
            report.error = Some(e);
            return report;
        }
    };
    let planned = if redo {
        writeback::redo_plan(&journal, id, false)
    } else {
        writeback::undo_plan(&journal, id, false)
    };
    let plan = match planned {
        Ok(p) => p,
        Err(e) => {
            report.error = Some(e.to_string());
            return report;
        }
    };
    for (path, message) in plan.skipped {
        report.failures.push(FileFailure {
            asset: None,
            path,
            message,
        });
    }
    let kind = if redo {
        BatchKind::Redo { of: id }
    } else {
        BatchKind::Undo { of: id }
    };
    let done = match writeback::execute(&mut journal, &what, kind, Vec::new(), plan.writes, policy)
    {
        Ok(d) => d,
        Err(e) => {
            report.error = Some(format!("cannot record the undo journal: {e}"));
            return report;
        }
    };
    report.batch = done.batch;
    for outcome in done.outcomes {
        match outcome.result {
            Ok(_) => {
                report.written += 1;
                if outcome.path.exists() {
                    let reader: &ReadFn = &read_file;
                    let r = read_one(reader, &outcome.path, true);
                    report.reads.push((outcome.path, r));
                }
            }
            Err(message) => report.failures.push(FileFailure {
                asset: None,
                path: outcome.path,
                message,
            }),
        }
    }
    journal_failures(&mut report, &journal, done.journal_errors);
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
