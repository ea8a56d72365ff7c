//! Files that appeared in or vanished from the open folder while the UI runs (the
//! folder watcher, [`crate::tui::update::results::on_disk_changed`]): a new file
//! becomes a new asset, or a new rendition of the asset its name groups it with; a
//! deleted file leaves its asset, and an asset whose last file went leaves the list.
//! An asset with pending edits is never changed under them: it keeps its files and
//! is marked as changed outside (`R` re-reads it), and the status bar says so.

use std::path::PathBuf;

use crate::tui::app::App;
use xmpedit_catalog::{AssetId, ReadResult, ScanEvent};
use xmpedit_core::present::{safe_path, safe_text};

/// A file's name for a status message.
fn shown(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| safe_text(&n.to_string_lossy()).into_owned())
        .unwrap_or_else(|| safe_path(path))
}

fn asset_name(app: &App, id: AssetId) -> String {
    app.asset(id)
        .map(|a| safe_text(&a.name).into_owned())
        .unwrap_or_default()
}

/// One line for several events: the first ones named, the rest counted.
fn summary(events: &[String]) -> String {
    let mut s = events
        .iter()
        .take(2)
        .cloned()
        .collect::<Vec<_>>()
        .join("; ");
    if events.len() > 2 {
        s.push_str(&format!("; and {} more", events.len() - 2));
    }
    s
}

/// Where a new asset goes in list order: among its folder's assets by name (the
/// scan's order), else last.
fn insert_in_order(app: &mut App, id: AssetId) {
    let Some((folder, name)) = app.asset(id).map(|a| (a.folder.clone(), a.name.clone())) else {
        return;
    };
    let mut at = app.order.len();
    let mut last_of_folder = None;
    for (i, other) in app.order.iter().enumerate() {
        let Some(o) = app.catalog.asset(*other) else {
            continue;
        };
        if o.folder == folder {
            if o.name > name {
                at = i;
                break;
            }
            last_of_folder = Some(i + 1);
        }
    }
    if at == app.order.len() {
        at = last_of_folder.unwrap_or(at);
    }
    app.order.insert(at, id);
}

/// New files, read: each joins the catalog and is shown.
pub fn on_appeared(app: &mut App, files: Vec<(PathBuf, u64, ReadResult)>) {
    let mut events: Vec<String> = Vec::new();
    let mut held: Vec<AssetId> = Vec::new();
    for (path, size, result) in files {
        let Some(joined) = app.catalog.add_file(&path, size) else {
            continue;
        };
        app.catalog.apply(ScanEvent::Read {
            file: joined.file,
            path: path.clone(),
            result,
        });
        let id = joined.asset;
        if joined.new_asset {
            insert_in_order(app, id);
            events.push(format!(
                "new file {}: asset {} added",
                shown(&path),
                asset_name(app, id)
            ));
        } else if app.edits.by_asset.contains_key(&id) {
            // Its edits were made without this file: `R` re-applies them on it.
            app.outside.insert(id);
            if !held.contains(&id) {
                held.push(id);
            }
            events.push(format!(
                "new file {}: added to {}, which has pending edits ({} re-reads it)",
                shown(&path),
                asset_name(app, id),
                app.key_of(crate::tui::action::Command::Reload)
            ));
        } else {
            // What this session last wrote no longer stands for the asset alone.
            app.written.remove(&id);
            events.push(format!(
                "new file {}: added to {}",
                shown(&path),
                asset_name(app, id)
            ));
        }
        app.refresh_problem(id);
    }
    if events.is_empty() {
        return;
    }
    app.touch_visible();
    app.touch_tree();
    let text = summary(&events);
    if held.is_empty() {
        app.info(text);
    } else {
        app.warn(text);
    }
}

/// Files found gone: each leaves its asset, an asset without files leaves the list;
/// an asset with pending edits stays as it is and is marked.
pub fn on_vanished(app: &mut App, paths: Vec<PathBuf>) {
    let mut events: Vec<String> = Vec::new();
    let mut held = false;
    for path in paths {
        let Some(id) = app.catalog.find(&path).map(|(a, _)| a.id) else {
            continue;
        };
        if app.edits.by_asset.contains_key(&id) {
            app.outside.insert(id);
            held = true;
            events.push(format!(
                "{} was deleted; {} keeps its pending edits (marked ↻)",
                shown(&path),
                asset_name(app, id)
            ));
            continue;
        }
        let name = asset_name(app, id);
        let Some(left) = app.catalog.remove_file(&path) else {
            continue;
        };
        if left.asset_gone {
            app.order.retain(|a| *a != id);
            app.visible.retain(|a| *a != id);
            app.marked.remove(&id);
            app.problems.remove(&id);
            app.problems_unknown.remove(&id);
            app.written.remove(&id);
            app.outside.remove(&id);
            app.accept_loss.remove(&id);
            if app.file_view.is_some_and(|(a, _)| a == id) {
                app.file_view = None;
            }
            events.push(format!(
                "{} was deleted: asset {name} removed",
                shown(&path)
            ));
        } else {
            app.written.remove(&id);
            if app.file_view.is_some_and(|(a, _)| a == id) {
                app.file_view = None;
            }
            app.refresh_problem(id);
            events.push(format!("{} was deleted from {name}", shown(&path)));
        }
    }
    if events.is_empty() {
        return;
    }
    app.touch_visible();
    app.touch_tree();
    let text = summary(&events);
    if held {
        app.warn(text);
    } else {
        app.info(text);
    }
}
