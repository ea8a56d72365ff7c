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
            }
        }
    }
    Vec::new()
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
    on_reads(app, reads, report.undo);
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
        app.mode = Mode::Report(Report {
            title,
            lines,
            failures: report.failures,
            scroll: 0,
        });
    }
    Vec::new()
}
