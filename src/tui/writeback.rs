//! Carrying out a write plan and journal undo/redo with `formats::write_file` and the
//! journal directly.
//!
//! INTERIM: the edit layer's write-back API (target selection, journaling, writing)
//! was not on `main` when the TUI was built; this module does the same steps so the
//! TUI can write, and is the one place to switch over once that API lands:
//!
//! 1. read every target file again and apply the asset's ops to *its* packet (a file
//!    changed on disk since the scan is refused, never overwritten);
//! 2. journal the old and new packets of every file durably (one batch);
//! 3. write the files (in parallel), marking each written or failed in the journal
//!    as the outcomes arrive (one journal fsync per group of outcomes);
//! 4. complete the batch.
//!
//! A file that fails is listed with its reason; every other file is still written,
//! and the failed asset keeps its pending edits.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::catalog::scan::read_one;
use crate::catalog::{ReadInfo, ReadResult};
use crate::edit::Op;
use crate::formats::{read_file, write_file, Format, Identity, WriteRequest};
use crate::journal::{BatchId, BatchKind, EntryState, Journal, NewEntry};
use crate::tui::plan::{FileFailure, WritePlan, WriteProgress, WriteReport};
use crate::xmp::{parse, to_rdfxml, Packet, WriteOptions};

/// One file ready to write.
struct Prepared {
    job: usize,
    path: PathBuf,
    format: Format,
    identity: Option<Identity>,
    old: Option<Packet>,
    new: Packet,
    others: Vec<(String, Packet)>,
}

/// Runs a write plan; `progress` is called as files are written.
pub fn execute_write(
    plan: &WritePlan,
    journal_dir: Option<&Path>,
    progress: &(dyn Fn(WriteProgress) + Sync),
) -> WriteReport {
    let mut report = WriteReport {
        what: "write".into(),
        ..WriteReport::default()
    };
    let total = plan.file_count();
    let mut journal = match open_journal(journal_dir) {
        Ok(j) => j,
        Err(e) => {
            report.error = Some(e);
            return report;
        }
    };
    // 1. Read and apply, in parallel.
    let items: Vec<(usize, &crate::tui::plan::PlannedFile)> = plan
        .jobs
        .iter()
        .enumerate()
        .flat_map(|(j, job)| job.files.iter().map(move |f| (j, f)))
        .collect();
    let results: Vec<Result<Prepared, FileFailure>> = items
        .par_iter()
        .map(|(j, f)| {
            let job = &plan.jobs[*j];
            guarded(|| prepare(*j, &f.path, f.expect, &job.seed, &job.ops)).map_err(|message| {
                FileFailure {
                    asset: Some(job.asset),
                    path: f.path.clone(),
                    message,
                }
            })
        })
        .collect();
    let mut prepared = Vec::new();
    for r in results {
        match r {
            Ok(p) => prepared.push(p),
            Err(f) => report.failures.push(f),
        }
    }
    let failed_early = report.failures.len();
    progress(WriteProgress {
        done: failed_early,
        total,
        failed: failed_early,
    });
    if prepared.is_empty() {
        return report;
    }
    // 2. Journal.
    let opts = WriteOptions::default();
    let entries: Vec<NewEntry> = prepared
        .iter()
        .map(|p| NewEntry {
            path: absolute(&p.path),
            identity_before: p.identity,
            old: p.old.as_ref().map(|o| to_rdfxml(o, &opts)),
            new: Some(to_rdfxml(&p.new, &opts)),
        })
        .collect();
    let mut ops: Vec<Op> = Vec::new();
    for job in &plan.jobs {
        for op in &job.ops {
            if !ops.contains(op) {
                ops.push(op.clone());
            }
        }
    }
    let batch = match journal.begin_with_ops(&plan.command, BatchKind::Edit, ops, entries) {
        Ok(id) => id,
        Err(e) => {
            report.error = Some(format!("cannot record the undo journal: {e}"));
            return report;
        }
    };
    report.batch = Some(batch);
    // 3. Write, while the journal records each batch of outcomes as they arrive
    //    (one fsync per batch, overlapping the file writes).
    let n = prepared.len();
    let mut outcomes: Vec<Option<Result<Identity, String>>> = vec![None; n];
    let mut journal_problem: Option<String> = None;
    let (otx, orx) = std::sync::mpsc::channel::<(usize, Result<Identity, String>)>();
    std::thread::scope(|scope| {
        let prepared = &prepared;
        scope.spawn(move || {
            prepared
                .par_iter()
                .enumerate()
                .for_each_with(otx, |tx, (i, p)| {
                    let req = WriteRequest {
                        packet: &p.new,
                        options: WriteOptions::default(),
                        expect: p.identity,
                        force_rewrite: false,
                    };
                    let r = guarded(|| {
                        write_file(&p.path, &req)
                            .map(|o| o.identity)
                            .map_err(|e| crate::catalog::scan::error_message(&e))
                    });
                    let _ = tx.send((i, r));
                });
        });
        let mut done = failed_early;
        let mut failed = failed_early;
        while let Ok(first) = orx.recv() {
            let mut ready = vec![first];
            ready.extend(orx.try_iter());
            let marks: Vec<(usize, EntryState, Option<Identity>)> = ready
                .iter()
                .map(|(i, r)| match r {
                    Ok(identity) => (*i, EntryState::Written, Some(*identity)),
                    Err(m) => (*i, EntryState::Failed(m.clone()), None),
                })
                .collect();
            if let Err(e) = journal.mark_many(batch, &marks) {
                journal_problem.get_or_insert(e.to_string());
            }
            done += ready.len();
            failed += ready.iter().filter(|(_, r)| r.is_err()).count();
            for (i, r) in ready {
                if let Some(slot) = outcomes.get_mut(i) {
                    *slot = Some(r);
                }
            }
            progress(WriteProgress {
                done,
                total,
                failed,
            });
        }
    });
    let mut job_failed = vec![false; plan.jobs.len()];
    for f in &report.failures {
        if let Some(j) = plan.jobs.iter().position(|j| Some(j.asset) == f.asset) {
            job_failed[j] = true;
        }
    }
    for (p, outcome) in prepared.into_iter().zip(outcomes) {
        let outcome = outcome.unwrap_or_else(|| Err("the write did not report back".into()));
        match outcome {
            Ok(identity) => {
                report.written += 1;
                let info = ReadInfo {
                    format: p.format,
                    has_xmp: true,
                    summary: crate::catalog::summary::summarize(&p.new),
                    packet: Some(p.new),
                    info: None,
                    others: p.others,
                    warnings: Vec::new(),
                };
                report.reads.push((p.path, Ok((Box::new(info), identity))));
            }
            Err(message) => {
                job_failed[p.job] = true;
                report.failures.push(FileFailure {
                    asset: Some(plan.jobs[p.job].asset),
                    path: p.path,
                    message,
                });
            }
        }
    }
    // 4. Complete.
    if let Err(e) = journal.complete(batch) {
        journal_problem.get_or_insert(e.to_string());
    }
    if let Some(e) = journal_problem {
        report.failures.push(FileFailure {
            asset: None,
            path: journal.dir().to_path_buf(),
            message: format!("the undo journal could not record the outcome: {e}"),
        });
    }
    report.ok_assets = plan
        .jobs
        .iter()
        .enumerate()
        .filter(|(j, job)| !job_failed[*j] && !job.files.is_empty())
        .map(|(_, job)| job.asset)
        .collect();
    report
}

/// Runs `f`; a panic (a bug) becomes an error message instead of ending the worker.
fn guarded<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(format!("internal error (please report): {what}"))
        }
    }
}

fn open_journal(dir: Option<&Path>) -> Result<Journal, String> {
    let j = match dir {
        Some(d) => Journal::open(d),
        None => Journal::open_default(),
    };
    j.map_err(|e| format!("cannot open the undo journal: {e}"))
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Reads a target (or starts a new sidecar from `seed`) and applies the ops.
fn prepare(
    job: usize,
    path: &Path,
    expect: Option<Identity>,
    seed: &Packet,
    ops: &[Op],
) -> Result<Prepared, String> {
    let (format, identity, old, others) = if path.exists() {
        let (found, identity) = read_file(path).map_err(|e| {
            format!(
                "cannot read it: {}",
                crate::catalog::scan::error_message(&e)
            )
        })?;
        if let Some(exp) = expect {
            if exp != identity {
                return Err("changed on disk since it was read; not written (reopen the folder to see the change)".into());
            }
        }
        if !found.format.writable() {
            return Err(format!(
                "xmpedit does not write into {} files; choose the sidecar",
                found.format
            ));
        }
        (found.format, Some(identity), found.packet, found.others)
    } else {
        (Format::Xmp, None, None, Vec::new())
    };
    let mut new = match &old {
        Some(p) => p.clone(),
        None => seed.clone(),
    };
    for op in ops {
        op.apply(&mut new).map_err(|e| e.to_string())?;
    }
    Ok(Prepared {
        job,
        path: path.to_path_buf(),
        format,
        identity,
        old,
        new,
        others,
    })
}

/// Undoes (or re-does) a journal batch: writes the old packets back.
pub fn execute_undo(id: BatchId, redo: bool, journal_dir: Option<&Path>) -> WriteReport {
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
        journal.plan_redo(id)
    } else {
        journal.plan_undo(id)
    };
    let entries = match planned {
        Ok(e) => e,
        Err(e) => {
            report.error = Some(e.to_string());
            return report;
        }
    };
    let kind = if redo {
        BatchKind::Redo { of: id }
    } else {
        BatchKind::Undo { of: id }
    };
    let batch = match journal.begin(&what, kind, entries.clone()) {
        Ok(b) => b,
        Err(e) => {
            report.error = Some(format!("cannot record the undo journal: {e}"));
            return report;
        }
    };
    report.batch = Some(batch);
    for (i, e) in entries.iter().enumerate() {
        let outcome = guarded(|| restore(e));
        let marked = match &outcome {
            Ok(Some(identity)) => journal.mark_written(batch, i, *identity),
            Ok(None) => journal.mark(batch, i, EntryState::Written),
            Err(m) => journal.mark(batch, i, EntryState::Failed(m.clone())),
        };
        if let Err(err) = marked {
            report.failures.push(FileFailure {
                asset: None,
                path: journal.dir().to_path_buf(),
                message: format!("the undo journal could not record the outcome: {err}"),
            });
        }
        match outcome {
            Ok(_) => {
                report.written += 1;
                if e.path.exists() {
                    let reader: &crate::catalog::scan::ReadFn = &read_file;
                    let r: ReadResult = read_one(reader, &e.path, true);
                    report.reads.push((e.path.clone(), r));
                }
            }
            Err(message) => report.failures.push(FileFailure {
                asset: None,
                path: e.path.clone(),
                message,
            }),
        }
    }
    if let Err(e) = journal.complete(batch) {
        report.failures.push(FileFailure {
            asset: None,
            path: journal.dir().to_path_buf(),
            message: format!("the undo journal could not complete: {e}"),
        });
    }
    report
}

/// Writes one journal entry's `new` packet back. Returns the identity after the
/// write (None when a created sidecar was removed).
fn restore(e: &NewEntry) -> Result<Option<Identity>, String> {
    let Some(text) = &e.new else {
        // The batch created this sidecar: undoing removes it, unless it changed.
        if e.path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("xmp"))
        {
            if let (Some(expect), Ok((found, now))) = (e.identity_before, read_file(&e.path)) {
                let _ = found;
                if now != expect {
                    return Err("changed on disk since it was written; not removed".into());
                }
            }
            return std::fs::remove_file(&e.path)
                .map(|_| None)
                .map_err(|err| format!("cannot remove the sidecar: {err}"));
        }
        return write_packet(&e.path, &Packet::new(), e.identity_before).map(Some);
    };
    let packet = parse(text.as_bytes())
        .map_err(|err| format!("the journal's packet does not parse: {err:?}"))?
        .packet;
    write_packet(&e.path, &packet, e.identity_before).map(Some)
}

fn write_packet(
    path: &Path,
    packet: &Packet,
    expect: Option<Identity>,
) -> Result<Identity, String> {
    let req = WriteRequest {
        packet,
        options: WriteOptions::default(),
        expect,
        force_rewrite: false,
    };
    write_file(path, &req)
        .map(|o| o.identity)
        .map_err(|e| crate::catalog::scan::error_message(&e))
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
