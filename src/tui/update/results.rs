//! Results coming back from the scan and the worker: new assets, reads, merges, scan
//! errors, written files.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::tui::action::Effect;
use crate::tui::app::App;
use crate::tui::plan::WriteReport;
use crate::tui::popup::{Mode, Report};
use xmpedit_catalog::{AssetId, Change, ReadResult, ScanEvent};

pub fn on_scan(app: &mut App, event: ScanEvent) -> Vec<Effect> {
    let changes = app.catalog.apply(event);
    let mut effects = Vec::new();
    for change in changes {
        match change {
            Change::Added(ids) => added(app, ids),
            Change::Updated(id) => updated(app, id),
            Change::Merged { from, into } => merged(app, from, into),
            Change::Error => {
                if let Some(e) = app.catalog.errors().last() {
                    let text = format!(
                        "{}: {}",
                        xmpedit_core::present::safe_path(&e.path),
                        e.message
                    );
                    app.warn(text);
                }
            }
            Change::Progress => {}
            Change::Done => {
                let p = app.catalog.progress();
                // Counted per asset, as the list marks them (a file count disagreed
                // with the markers).
                let (markers, _) = app.marker_counts();
                let [failed, damaged, _] = markers;
                if app.status.is_none() {
                    let mut msg = format!("{} assets, {} files read", app.order.len(), p.read);
                    if failed > 0 {
                        msg.push_str(&format!(", {failed} could not be read (marked !)"));
                    }
                    if damaged > 0 {
                        msg.push_str(&format!(", {damaged} partly read: damaged XMP (marked #)"));
                    }
                    app.info(msg);
                }
                app.touch_tree();
                // Files that appeared while the scan ran and it did not list.
                let unseen: Vec<PathBuf> = std::mem::take(&mut app.unseen)
                    .into_iter()
                    .filter(|p| app.catalog.find(p).is_none())
                    .collect();
                if !unseen.is_empty() {
                    effects.push(Effect::Inspect { paths: unseen });
                }
            }
        }
    }
    effects
}

fn added(app: &mut App, ids: Vec<AssetId>) {
    let was_empty = app.visible.is_empty();
    for id in ids {
        app.order.push(id);
        if app.asset(id).is_some_and(|a| !a.problems.is_empty()) {
            app.problems.insert(id);
        }
        // New assets come last in list order, so appending keeps `visible` sorted.
        if app.passes(id) {
            app.visible.push(id);
        }
        if let Some(want) = &app.select_path {
            let hit = app
                .asset(id)
                .is_some_and(|a| a.renditions.iter().any(|r| r.path == *want));
            if hit {
                app.select_path = None;
                if let Some(i) = app.visible.iter().position(|v| *v == id) {
                    app.cursor = i;
                    app.touch_tree();
                }
            }
        }
    }
    if was_empty && !app.visible.is_empty() {
        app.touch_tree();
    }
}

fn updated(app: &mut App, id: AssetId) {
    if app.filter_needs_problems() {
        app.check_problem(id);
    } else {
        app.refresh_problem(id);
    }
    if app.filter.is_some() {
        let shown = app.visible.contains(&id);
        if shown != app.passes(id) {
            app.touch_visible();
        }
    }
    if app.tree.subjects.len() > 200 {
        // Rebuilding the union of a huge selection on every read would slow the
        // frames; it is refreshed at the next key and when the scan is done.
        if app.tree.subjects.contains(&id) {
            app.tree_stale = true;
        }
    } else if app.tree.subjects.contains(&id) || app.tree.subjects.is_empty() {
        app.touch_tree();
    }
}

fn merged(app: &mut App, from: AssetId, into: AssetId) {
    let current = app.current();
    app.order.retain(|a| *a != from);
    app.visible.retain(|a| *a != from);
    if app.marked.remove(&from) {
        app.marked.insert(into);
    }
    app.problems.remove(&from);
    if app.edits.by_asset.contains_key(&from) {
        app.edits.forget(from);
        app.warn("an asset with pending edits was attached to another one; its edits were dropped");
    }
    if current == Some(from) {
        if let Some(i) = app.visible.iter().position(|v| *v == into) {
            app.cursor = i;
        }
    } else if let Some(c) = current {
        if let Some(i) = app.visible.iter().position(|v| *v == c) {
            app.cursor = i;
        }
    }
    app.refresh_problem(into);
    app.touch_tree();
}

/// Applies re-read files to the catalog. `undo`: the files were changed by an undo or
/// redo, so what this session last wrote no longer stands for them (and their
/// problems are checked again; a write stores what was already shown and checked).
pub fn on_reads(app: &mut App, reads: Vec<(PathBuf, ReadResult)>, undo: bool) {
    if reads.is_empty() {
        return;
    }
    let wanted: HashMap<&PathBuf, usize> =
        reads.iter().enumerate().map(|(i, (p, _))| (p, i)).collect();
    let mut ids = vec![None; reads.len()];
    for asset in app.catalog.assets() {
        for r in &asset.renditions {
            if let Some(&i) = wanted.get(&r.path) {
                ids[i] = Some((r.id, asset.id));
            }
        }
    }
    for ((path, result), id) in reads.into_iter().zip(ids) {
        let Some((file, asset)) = id else { continue };
        app.catalog.apply(ScanEvent::Read { file, path, result });
        if undo {
            app.written.remove(&asset);
            app.refresh_problem(asset);
        }
    }
    app.touch_tree();
    if app.filter.is_some() {
        app.touch_visible();
    }
}

pub fn on_write_done(app: &mut App, mut report: WriteReport) -> Vec<Effect> {
    app.busy = None;
    let reads = std::mem::take(&mut report.reads);
    let ids: Vec<AssetId> = report
        .ok_assets
        .iter()
        .copied()
        .filter(|id| app.edits.by_asset.contains_key(id))
        .collect();
    for (id, p) in ids.iter().zip(app.edits.forget_many(&ids)) {
        app.written.insert(*id, p.current);
    }
    for id in &report.ok_assets {
        app.outside.remove(id);
    }
    // A file the write created (a new sidecar) joins its asset, so that it is read
    // like the others.
    for (path, result) in &reads {
        if let Ok((_, identity)) = result {
            if app.catalog.find(path).is_none() {
                app.catalog.add_file(path, identity.size);
            }
        }
    }
    let read_ok: std::collections::HashSet<PathBuf> = reads
        .iter()
        .filter(|(_, r)| r.is_ok())
        .map(|(p, _)| p.clone())
        .collect();
    on_reads(app, reads, report.undo);
    // What is shown now is what the files hold (the writer's xmp:MetadataDate
    // included), not the model the edits made, wherever the asset's XMP was read back.
    for id in &ids {
        let source = app
            .asset(*id)
            .and_then(|a| a.xmp_source())
            .map(|r| r.path.clone());
        if source.is_some_and(|p| read_ok.contains(&p)) {
            app.written.remove(id);
            app.refresh_problem(*id);
        }
    }
    if let Some(e) = &report.error {
        app.error(format!("{}: nothing written: {e}", report.what));
        return Vec::new();
    }
    let batch = report
        .batch
        .map(|b| format!(" (undo log #{b})"))
        .unwrap_or_default();
    if report.failures.is_empty() {
        let mut line = format!(
            "{}: {} file{} written{batch}",
            report.what,
            report.written,
            if report.written == 1 { "" } else { "s" }
        );
        // An interrupted batch settled first is worth a word, not a dialog.
        for n in &report.notes {
            line.push_str("; ");
            line.push_str(n);
        }
        app.info(line);
    } else {
        let title = format!(
            "{}: {} written, {} failed{batch}",
            report.what,
            report.written,
            report.failures.len()
        );
        app.error(title.clone());
        let mut lines = vec![
            "The failed files were not changed. Their assets keep their pending changes,"
                .to_string(),
            "so nothing is lost: fix the cause and press w again.".to_string(),
        ];
        if report.undo {
            lines = vec!["The failed files were not changed.".to_string()];
        }
        let outside = report
            .failures
            .iter()
            .any(|f| f.message.contains("changed since it was read") && f.asset.is_some());
        if outside && !report.undo {
            for f in &report.failures {
                if let Some(id) = f.asset {
                    app.outside.insert(id);
                }
            }
            lines.push(format!(
                "Another program changed some of them: {} re-reads them and re-applies the pending edits, then {} writes.",
                app.key_in(crate::tui::keymap::Context::Report, crate::tui::action::Command::Reload),
                app.key_of(crate::tui::action::Command::Write)
            ));
        }
        app.mode = Mode::Report(Report {
            title,
            lines,
            failures: report.failures,
            scroll: 0,
        });
    }
    Vec::new()
}

/// `R`: reads the current (or marked) assets' files again; [`on_reread`] then
/// re-applies their pending edits on what the files hold now.
pub fn reload(app: &mut App) -> Vec<Effect> {
    let paths: Vec<PathBuf> = app
        .targets()
        .into_iter()
        .filter_map(|id| app.asset(id))
        .flat_map(|a| a.renditions.iter().map(|r| r.path.clone()))
        .collect();
    if paths.is_empty() {
        app.info("nothing to reload");
        return Vec::new();
    }
    app.info(format!(
        "re-reading {} file{} from disk…",
        paths.len(),
        if paths.len() == 1 { "" } else { "s" }
    ));
    vec![Effect::Reread { paths, asked: true }]
}

/// The watcher saw files change: the ones the catalog knows are read again (by the
/// worker, after any write it is running, so that a file this session just wrote is
/// read as written and recognised by its identity; one that is gone is dropped); the
/// others are looked at, and the ones that are files now join the catalog
/// ([`super::live`]). Until the scan is done they wait, since it may list them yet.
pub fn on_disk_changed(app: &mut App, paths: Vec<PathBuf>) -> Vec<Effect> {
    let known: std::collections::HashSet<&PathBuf> = app
        .catalog
        .assets()
        .flat_map(|a| a.renditions.iter().map(|r| &r.path))
        .collect();
    let (mut wanted, mut new): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.into_iter().partition(|p| known.contains(p));
    wanted.sort();
    wanted.dedup();
    new.sort();
    new.dedup();
    let mut effects = Vec::new();
    if !wanted.is_empty() {
        effects.push(Effect::Reread {
            paths: wanted,
            asked: false,
        });
    }
    if !new.is_empty() {
        if app.catalog.progress().done {
            effects.push(Effect::Inspect { paths: new });
        } else {
            for p in new {
                if !app.unseen.contains(&p) {
                    app.unseen.push(p);
                }
            }
        }
    }
    effects
}

/// Files read again. A file whose identity is the one the catalog has did not
/// change (this session's own write, a touch of another file). Otherwise, after a
/// watcher event: an asset without pending edits takes the new read, one with
/// pending edits is only marked (its edits must be re-applied first, `R`). After
/// `R`: every asset takes the new reads and its pending edits are re-applied on
/// them; the ones that no longer apply are listed.
pub fn on_reread(app: &mut App, reads: Vec<(PathBuf, ReadResult)>, asked: bool) {
    let mut owner: HashMap<PathBuf, (AssetId, Option<xmpedit_formats::Identity>)> = HashMap::new();
    for a in app.catalog.assets() {
        for r in &a.renditions {
            owner.insert(r.path.clone(), (a.id, r.identity));
        }
    }
    let mut changed: Vec<AssetId> = Vec::new();
    let mut take: Vec<(PathBuf, ReadResult)> = Vec::new();
    let mut held: Vec<AssetId> = Vec::new();
    for (path, result) in reads {
        let Some(&(id, before)) = owner.get(&path) else {
            continue;
        };
        let same = matches!((&result, before), (Ok((_, now)), Some(b)) if *now == b);
        if same && !asked {
            continue;
        }
        if !same && !changed.contains(&id) {
            changed.push(id);
        }
        if !asked && app.edits.by_asset.contains_key(&id) {
            if !held.contains(&id) {
                held.push(id);
            }
            continue;
        }
        take.push((path, result));
    }
    let names = |app: &App, ids: &[AssetId]| -> String {
        let list: Vec<String> = ids
            .iter()
            .filter_map(|id| app.asset(*id).map(|a| a.name.clone()))
            .take(3)
            .collect();
        let more = ids.len().saturating_sub(list.len());
        let mut s = list.join(", ");
        if more > 0 {
            s.push_str(&format!(" and {more} more"));
        }
        s
    };
    let reread: Vec<AssetId> = take
        .iter()
        .filter_map(|(p, _)| owner.get(p).map(|(id, _)| *id))
        .fold(Vec::new(), |mut v, id| {
            if !v.contains(&id) {
                v.push(id);
            }
            v
        });
    on_reads(app, take, true);
    if !asked {
        for id in &changed {
            app.outside.insert(*id);
        }
        if !held.is_empty() {
            let msg = format!(
                "{} changed on disk under pending edits: {} re-reads and re-applies them",
                names(app, &held),
                app.key_of(crate::tui::action::Command::Reload)
            );
            app.warn(msg);
        } else if !changed.is_empty() {
            let msg = format!(
                "{} changed on disk: read again (marked ↻)",
                names(app, &changed)
            );
            app.info(msg);
        }
        return;
    }
    // `R`: the edits of every reloaded asset are re-applied on what it holds now.
    let mut lines: Vec<String> = Vec::new();
    let mut kept = 0usize;
    for id in &reread {
        app.outside.remove(id);
        if !app.edits.by_asset.contains_key(id) {
            continue;
        }
        let base = match app.base_packet(*id) {
            Ok(b) => b,
            Err(m) => {
                lines.push(m);
                continue;
            }
        };
        let name = app.asset(*id).map(|a| a.name.clone()).unwrap_or_default();
        let Some(r) = app.edits.rebase(*id, base) else {
            continue;
        };
        kept += r.kept.len();
        for (op, why) in &r.dropped {
            lines.push(format!(
                "{name}: {} no longer applies: {why}",
                app.op_text(op)
            ));
        }
        for n in &r.overridden {
            let shown = app.op_text(&xmpedit_core::edit::Op::Delete {
                path: xmpedit_core::edit::Path::prop(n.clone()),
            });
            let shown = shown.trim_start_matches('-').to_string();
            lines.push(format!(
                "{name}: {shown} was changed on disk too; the pending value replaces it when written"
            ));
        }
        app.refresh_problem(*id);
    }
    app.touch_tree();
    app.touch_visible();
    let title = format!(
        "reloaded {} ({} pending edit{} re-applied)",
        if reread.len() == 1 {
            names(app, &reread)
        } else {
            format!("{} assets", reread.len())
        },
        kept,
        if kept == 1 { "" } else { "s" }
    );
    if lines.is_empty() {
        app.info(title);
    } else {
        app.warn(title.clone());
        app.mode = Mode::Report(Report {
            title,
            lines,
            failures: Vec::new(),
            scroll: 0,
        });
    }
}
