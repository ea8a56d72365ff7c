//! Background work: the catalog scan (forwarded event by event) and a worker thread
//! that writes, undoes and reads the journal. Results come back as [`Action`]s over
//! the one channel the UI loop reads; the UI thread itself never touches the disk.

use std::path::PathBuf;
use std::sync::mpsc::{channel, Sender};
use std::time::{Duration, Instant};

use crate::tui::action::{Action, ImportRows};
use crate::tui::plan::{WritePlan, WriteProgress, WriteReport};
use crate::tui::popup::LogEntry;
use xmpedit_catalog::AssetId;
use xmpedit_catalog::{scan, ScanOptions};
use xmpedit_formats::WritePolicy;
use xmpedit_session::journal::{BatchId, Journal};
use xmpedit_session::Folders;

/// Work for the worker thread.
#[derive(Debug)]
pub enum Job {
    Write(WritePlan),
    Undo {
        id: BatchId,
        redo: bool,
    },
    /// Read files again (after `R`, or a change the watcher saw).
    Reread {
        paths: Vec<PathBuf>,
        asked: bool,
    },
    /// Look at paths new to the catalog: read the ones that are files now.
    Inspect {
        paths: Vec<PathBuf>,
    },
    /// The undo log, each batch marked whether it touched `folder` (the one open).
    LoadJournal {
        folder: PathBuf,
    },
    /// `E`: write these rows to the file.
    Export {
        path: PathBuf,
        rows: Vec<(String, Option<xmpedit_core::xmp::Packet>)>,
    },
    /// `I`: read the file and match its rows to the assets' files.
    ReadImport {
        path: PathBuf,
        known: Vec<(AssetId, Vec<PathBuf>)>,
    },
}

/// The worker thread's inbox.
pub struct Worker {
    jobs: Sender<Job>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Worker {
    /// Starts the worker; results go to `actions`. `journal_dir` overrides the
    /// journal's location (tests); None uses the default.
    pub fn spawn(
        actions: Sender<Action>,
        journal_dir: Option<PathBuf>,
        policy: WritePolicy,
        metadata_date: bool,
    ) -> std::io::Result<Worker> {
        let settings = Settings {
            policy,
            metadata_date,
        };
        let (tx, rx) = channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("xmpedit-worker".into())
            .spawn(move || {
                for job in rx {
                    let what = match &job {
                        Job::Write(_) => "write",
                        Job::Undo { .. } => "undo",
                        Job::LoadJournal { .. } => "journal",
                        Job::Reread { .. } | Job::Inspect { .. } => "reload",
                        Job::Export { .. } => "export",
                        Job::ReadImport { .. } => "import",
                    };
                    let run = std::panic::AssertUnwindSafe(|| {
                        run(job, &actions, journal_dir.as_deref(), settings)
                    });
                    // A bug must not leave the UI waiting forever for a result.
                    let action = std::panic::catch_unwind(run).unwrap_or_else(|_| match what {
                        "journal" => Action::JournalLoaded(Err("internal error reading the journal (please report)".into())),
                        "reload" => Action::Reread { reads: Vec::new(), asked: false },
                        "export" => Action::Exported(Err("internal error while exporting (please report)".into())),
                        "import" => Action::ImportRead { file: PathBuf::new(), result: Err("internal error while reading the file (please report)".into()) },
                        _ => Action::WriteDone(WriteReport {
                            what: what.into(),
                            error: Some("internal error (please report); see the undo log for what was written".into()),
                            ..WriteReport::default()
                        }),
                    });
                    if actions.send(action).is_err() {
                        break;
                    }
                }
            })?;
        Ok(Worker {
            jobs: tx,
            thread: Some(thread),
        })
    }

    pub fn send(&self, job: Job) {
        let _ = self.jobs.send(job);
    }

    /// Waits until the jobs sent so far are done. The process must not end while a
    /// write runs: the batch would stay open and a file could be left mid-write.
    pub fn finish(mut self) {
        self.join();
    }

    fn join(&mut self) {
        let Some(thread) = self.thread.take() else {
            return;
        };
        // Closing the inbox ends the thread's loop once the queued jobs are done.
        let (closed, _) = channel::<Job>();
        drop(std::mem::replace(&mut self.jobs, closed));
        let _ = thread.join();
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.join();
    }
}

/// How the worker writes.
#[derive(Debug, Clone, Copy)]
struct Settings {
    policy: WritePolicy,
    /// Set `xmp:MetadataDate` on every write (`[write] metadata_date`).
    metadata_date: bool,
}

fn run(
    job: Job,
    actions: &Sender<Action>,
    journal_dir: Option<&std::path::Path>,
    settings: Settings,
) -> Action {
    match job {
        Job::Write(plan) => Action::WriteDone(execute_write(&plan, journal_dir, settings, actions)),
        Job::Undo { id, redo } => Action::WriteDone(crate::tui::writeback::execute_undo_with(
            id,
            redo,
            journal_dir,
            settings.policy,
            settings.metadata_date,
        )),
        Job::Reread { paths, asked } => {
            let mut out = reread(paths, asked);
            let last = out.pop().unwrap_or(Action::Reread {
                reads: Vec::new(),
                asked,
            });
            for a in out {
                let _ = actions.send(a);
            }
            last
        }
        Job::Inspect { paths } => inspect(paths),
        Job::Export { path, rows } => export(path, &rows),
        Job::ReadImport { path, known } => import(path, &known),
        Job::LoadJournal { folder } => {
            // A listing creates nothing (a --read-only session must leave no journal
            // folder behind): no journal yet is an empty list.
            let list = match journal_dir {
                Some(d) => Journal::open_existing(d),
                None => Journal::open_default_existing(),
            };
            let scope = Folders::under(&[folder]);
            Action::JournalLoaded(
                list.map(|j| {
                    j.map(|j| {
                        j.list()
                            .into_iter()
                            .map(|batch| {
                                let files = j.paths(batch.id).unwrap_or(&[]).to_vec();
                                LogEntry {
                                    here: scope.matches(&files),
                                    files,
                                    batch,
                                }
                            })
                            .collect()
                    })
                    .unwrap_or_default()
                })
                .map_err(|e| e.to_string()),
            )
        }
    }
}

/// What [`Job::Reread`] sends: [`Action::Vanished`] for the files that are gone
/// (their read would only fail; the UI drops them from the catalog), if any, then
/// the [`Action::Reread`] of the others.
pub fn reread(paths: Vec<PathBuf>, asked: bool) -> Vec<Action> {
    let (here, gone): (Vec<PathBuf>, Vec<PathBuf>) = paths.into_iter().partition(|p| {
        !matches!(std::fs::symlink_metadata(p), Err(e) if e.kind() == std::io::ErrorKind::NotFound)
    });
    let mut out = Vec::new();
    if !gone.is_empty() {
        out.push(Action::Vanished(gone));
    }
    // The same reader as the scan, packets kept (edits start from them).
    let reader: &scan::ReadFn = &xmpedit_formats::read_file;
    let reads = here
        .into_iter()
        .map(|p| {
            let r = scan::read_one(reader, &p, true);
            (p, r)
        })
        .collect();
    out.push(Action::Reread { reads, asked });
    out
}

/// What [`Job::Inspect`] sends: the paths that are regular files now, with their
/// size and read ([`Action::Appeared`]). A new folder is not listed; a symlink's
/// target may lie anywhere, so links are left to a new scan.
pub fn inspect(paths: Vec<PathBuf>) -> Action {
    let reader: &scan::ReadFn = &xmpedit_formats::read_file;
    let found = paths
        .into_iter()
        .filter_map(|p| {
            let meta = std::fs::symlink_metadata(&p).ok()?;
            meta.is_file().then(|| {
                let r = scan::read_one(reader, &p, true);
                (p, meta.len(), r)
            })
        })
        .collect();
    Action::Appeared(found)
}

/// `E`'s work: the rows written to `path`, as [`Action::Exported`].
pub fn export(path: PathBuf, rows: &[(String, Option<xmpedit_core::xmp::Packet>)]) -> Action {
    Action::Exported(
        crate::cli::export::export_to_file(&path, rows).map(|notes| (path, rows.len(), notes)),
    )
}

/// `I`'s work: the file read and matched, as [`Action::ImportRead`].
pub fn import(path: PathBuf, known: &[(AssetId, Vec<PathBuf>)]) -> Action {
    let result = read_import(&path, known);
    Action::ImportRead { file: path, result }
}

/// `I`'s reading: the file's rows (CSV or JSON, as `import` reads them) matched to
/// the assets by their files' paths (as written, else as the file system resolves
/// them); a row naming no asset open here, or an asset named twice, is a problem.
pub fn read_import(
    path: &std::path::Path,
    known: &[(AssetId, Vec<PathBuf>)],
) -> Result<ImportRows, String> {
    let (rows, mut problems) = crate::cli::import::read_for_tui(path, false)?;
    let mut by_path: std::collections::HashMap<&std::path::Path, AssetId> =
        std::collections::HashMap::new();
    for (id, files) in known {
        for f in files {
            by_path.insert(f.as_path(), *id);
        }
    }
    let mut canonical: Option<std::collections::HashMap<PathBuf, AssetId>> = None;
    let mut out = ImportRows::default();
    let mut seen: std::collections::HashMap<AssetId, String> = std::collections::HashMap::new();
    for row in rows {
        let id = by_path.get(row.file.as_path()).copied().or_else(|| {
            let c = std::fs::canonicalize(&row.file).ok()?;
            let map = canonical.get_or_insert_with(|| {
                known
                    .iter()
                    .flat_map(|(id, fs)| {
                        fs.iter()
                            .filter_map(move |f| std::fs::canonicalize(f).ok().map(|c| (c, *id)))
                    })
                    .collect()
            });
            map.get(&c).copied()
        });
        let Some(id) = id else {
            problems.push(format!(
                "{}: {} is not one of the assets open here",
                row.at_file,
                xmpedit_core::present::safe_path(&row.file)
            ));
            continue;
        };
        if let Some(first) = seen.get(&id) {
            problems.push(format!("{}: the same asset as {first}", row.at_file));
            continue;
        }
        seen.insert(id, row.at.clone());
        out.rows.push((id, row.ops));
    }
    out.problems = problems;
    Ok(out)
}

/// Writes a plan through the edit layer's write-back (see [`crate::tui::writeback`]),
/// reporting progress at most every 50 ms.
fn execute_write(
    plan: &WritePlan,
    journal_dir: Option<&std::path::Path>,
    settings: Settings,
    actions: &Sender<Action>,
) -> WriteReport {
    let tx = actions.clone();
    let mut last = Instant::now();
    let sink = crate::tui::writeback::progress_sink(move |p: WriteProgress| {
        if p.done == p.total || last.elapsed() >= Duration::from_millis(50) {
            last = Instant::now();
            let _ = tx.send(Action::WriteProgress(p));
        }
    });
    crate::tui::writeback::execute_write_with(
        plan,
        journal_dir,
        settings.policy,
        settings.metadata_date,
        &sink,
    )
}

/// Starts a recursive scan of `roots`; its events arrive as [`Action::Scan`].
pub fn start_scan(roots: Vec<PathBuf>, mut opts: ScanOptions, actions: Sender<Action>) {
    opts.recursive = true;
    opts.keep_packets = true;
    if opts.threads == 0 {
        // Leave a core to the UI thread so keys and frames stay quick while reading.
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        opts.threads = cores.saturating_sub(1).max(1);
    }
    let events = scan(&roots, &opts);
    let _ = std::thread::Builder::new()
        .name("xmpedit-scan-forward".into())
        .spawn(move || {
            for event in events {
                if actions.send(Action::Scan(event)).is_err() {
                    break; // the UI is gone: dropping `events` cancels the scan
                }
            }
        });
}
