//! `E` and `I`: export the marked (or visible) assets to a CSV or JSON file, and
//! import one. Both ask for a path in a prompt; the worker reads and writes the file
//! (the UI thread never touches the disk). An import first shows a preview of every
//! change per asset; yes makes them pending edits as one step of the pending history,
//! which `w` writes and `u` drops (docs/interchange.md, "In the TUI").

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::tui::action::{Command, Effect, ImportRows};
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::popup::{ImportPreview, Mode, Prompt, PromptKind};
use xmpedit_catalog::AssetId;
use xmpedit_core::edit::Op;
use xmpedit_core::xmp::Packet;

use super::dialogs::{moved, step};

/// The assets `E` exports: the marked ones, else every visible one, in list order.
fn export_targets(app: &App) -> Vec<AssetId> {
    if app.marked.is_empty() {
        return app.visible.clone();
    }
    app.order
        .iter()
        .copied()
        .filter(|id| app.marked.contains(id))
        .collect()
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `export-YYYYmmdd-HHMM.csv` for now (UTC).
fn default_name() -> String {
    let now = xmpedit_session::stamp::now();
    let digits = |a: usize, b: usize| now.get(a..b).unwrap_or("00").to_string();
    format!(
        "export-{}{}{}-{}{}.csv",
        digits(0, 4),
        digits(5, 7),
        digits(8, 10),
        digits(11, 13),
        digits(14, 16)
    )
}

/// A path typed into a prompt: relative ones are relative to the folder open.
fn typed_path(app: &App, text: &str) -> PathBuf {
    let p = Path::new(text.trim());
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        app.root.join(p)
    }
}

/// `E`: asks where to export, offering a dated name in the folder open.
pub fn export(app: &mut App) -> Vec<Effect> {
    let n = export_targets(app).len();
    if n == 0 {
        app.error("nothing to export: no asset is visible");
        return Vec::new();
    }
    let default = app.root.join(default_name());
    let what = if app.marked.is_empty() {
        "visible"
    } else {
        "marked"
    };
    let mut p = Prompt::new(
        format!("Export the {n} {what} asset{} to", plural(n)),
        PromptKind::ExportPath,
        &default.to_string_lossy(),
    );
    p.hint = "a .csv name writes AEM's CSV, .json the JSON-LD objects of export --format json; \
              the values as shown, pending edits included"
        .into();
    app.mode = Mode::Prompt(p);
    Vec::new()
}

/// Enter in the export prompt: the rows go to the worker.
pub(super) fn submit_export(app: &mut App, text: &str) -> Vec<Effect> {
    if text.trim().is_empty() {
        return super::prompt::prompt_error(app, "type the file to export to".into());
    }
    let path = typed_path(app, text);
    let rows: Vec<(String, Option<Packet>)> = export_targets(app)
        .into_iter()
        .filter_map(|id| {
            let asset = app.asset(id)?;
            let main = asset.primary().or(asset.renditions.first())?;
            // Relative to the folder open, so `import --root COPY` applies it to a copy.
            let shown = main
                .path
                .strip_prefix(&app.root)
                .unwrap_or(&main.path)
                .to_string_lossy()
                .replace('\\', "/");
            Some((shown, app.packet(id).cloned()))
        })
        .collect();
    app.mode = Mode::Normal;
    app.info(format!(
        "exporting {} asset{}…",
        rows.len(),
        plural(rows.len())
    ));
    vec![Effect::Export { path, rows }]
}

/// The worker's answer to an export.
pub(super) fn on_exported(app: &mut App, result: Result<(PathBuf, usize, Vec<String>), String>) {
    match result {
        Ok((path, n, notes)) => {
            let mut msg = format!(
                "exported {n} asset{} to {}",
                plural(n),
                xmpedit_core::present::safe_path(&path)
            );
            if let Some(first) = notes.first() {
                msg.push_str(&format!(
                    "; {} value{} a cell cannot hold left out ({first}{})",
                    notes.len(),
                    plural(notes.len()),
                    if notes.len() > 1 { ", …" } else { "" }
                ));
                app.warn(msg);
            } else {
                app.info(msg);
            }
        }
        Err(e) => app.error(format!("export failed: {e}")),
    }
}

/// `I`: asks for the file to import.
pub fn import(app: &mut App) -> Vec<Effect> {
    if app.busy.is_some() {
        app.error("a write is running; import when it is done");
        return Vec::new();
    }
    let start = format!("{}/", app.root.to_string_lossy().trim_end_matches('/'));
    let mut p = Prompt::new("Import the file", PromptKind::ImportPath, &start);
    p.hint = "a CSV (AEM's or ExifTool's) or JSON file as export writes it; its paths are \
              relative to its folder; a preview follows, nothing is written"
        .into();
    app.mode = Mode::Prompt(p);
    Vec::new()
}

/// Enter in the import prompt: the worker reads the file and matches its rows to
/// the assets open.
pub(super) fn submit_import(app: &mut App, text: &str) -> Vec<Effect> {
    let path = typed_path(app, text);
    if text.trim().is_empty() || text.ends_with('/') {
        return super::prompt::prompt_error(app, "type the file to import".into());
    }
    let known = app
        .order
        .iter()
        .filter_map(|id| {
            let a = app.asset(*id)?;
            Some((*id, a.renditions.iter().map(|r| r.path.clone()).collect()))
        })
        .collect();
    app.mode = Mode::Normal;
    app.info(format!(
        "reading {}…",
        xmpedit_core::present::safe_path(&path)
    ));
    vec![Effect::ReadImport { path, known }]
}

/// The worker read the import file: the preview of what it changes.
pub(super) fn on_import_read(app: &mut App, file: PathBuf, result: Result<ImportRows, String>) {
    let read = match result {
        Ok(r) => r,
        Err(e) => {
            app.error(format!("import: {e}"));
            return;
        }
    };
    let mut problems = read.problems;
    let mut rows: Vec<(AssetId, Vec<Op>)> = Vec::new();
    let mut changes: Vec<String> = Vec::new();
    for (id, ops) in read.rows {
        let name = app.asset(id).map(|a| a.name.clone()).unwrap_or_default();
        let mut packet = match app.packet(id) {
            Some(p) => p.clone(),
            None => match app.base_packet(id) {
                Ok(p) => p,
                Err(why) => {
                    problems.push(format!("{name}: {why}"));
                    continue;
                }
            },
        };
        // Only the ops that change something are listed (and kept).
        let mut kept = Vec::new();
        let mut refused = None;
        for op in ops {
            match op.apply(&mut packet) {
                Ok(inv) if inv.is_noop() => {}
                Ok(_) => kept.push(op),
                Err(e) => {
                    refused = Some(e.to_string());
                    break;
                }
            }
        }
        if let Some(e) = refused {
            problems.push(format!("{name}: {e}"));
            continue;
        }
        if kept.is_empty() {
            continue;
        }
        changes.push(name);
        changes.extend(kept.iter().map(|op| format!("  {}", app.op_text(op))));
        rows.push((id, kept));
    }
    let shown = xmpedit_core::present::safe_path(&file);
    if problems.is_empty() && rows.is_empty() {
        app.info(format!(
            "{shown}: nothing to import, the file changes no asset"
        ));
        return;
    }
    let mut lines = Vec::new();
    if !problems.is_empty() {
        lines.push(format!(
            "{} problem{} (fix the file, then {} again; nothing is imported):",
            problems.len(),
            plural(problems.len()),
            app.key_of(Command::Import)
        ));
        lines.extend(problems.iter().map(|p| format!("  {p}")));
    }
    lines.push(format!(
        "{} asset{} change:",
        rows.len(),
        plural(rows.len())
    ));
    lines.extend(changes);
    app.mode = Mode::ImportPreview(ImportPreview {
        file,
        rows,
        lines,
        problems: problems.len(),
        scroll: 0,
    });
}

/// Keys of the preview: yes makes the changes pending, no drops them, the rest scroll.
pub(super) fn preview_command(app: &mut App, cmd: Command) -> Vec<Effect> {
    let Mode::ImportPreview(p) = &mut app.mode else {
        return Vec::new();
    };
    match cmd {
        Command::Cancel => {
            app.mode = Mode::Normal;
            app.info("import dropped: nothing changed");
        }
        Command::Confirm => {
            if p.problems > 0 {
                let n = p.problems;
                let esc = app.key_in(Context::ImportPreview, Command::Cancel);
                app.error(format!(
                    "the file has {n} problem{}: nothing is imported ({esc} closes)",
                    plural(n)
                ));
                return Vec::new();
            }
            let Mode::ImportPreview(p) = std::mem::replace(&mut app.mode, Mode::Normal) else {
                return Vec::new();
            };
            accept(app, p);
        }
        cmd => {
            p.scroll = moved(p.scroll, step(cmd), p.lines.len());
        }
    }
    Vec::new()
}

/// The preview's changes as pending edits: one step of the pending history.
fn accept(app: &mut App, p: ImportPreview) {
    if app.busy.is_some() {
        app.error("a write is running; import again when it is done");
        return;
    }
    let mut bases: HashMap<AssetId, Packet> = HashMap::new();
    let mut skipped = Vec::new();
    for (id, _) in &p.rows {
        if app.edits.by_asset.contains_key(id) {
            continue;
        }
        if app.damaged_unaccepted(*id) {
            let name = app.asset(*id).map(|a| a.name.clone()).unwrap_or_default();
            skipped.push(format!("{name}: damaged XMP, not edited"));
            continue;
        }
        match app.base_packet(*id) {
            Ok(b) => {
                bases.insert(*id, b);
            }
            Err(why) => skipped.push(why),
        }
    }
    let name = p
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let label = format!("import {name}");
    let rows: Vec<(AssetId, Vec<Op>)> = p
        .rows
        .into_iter()
        .filter(|(id, _)| app.edits.by_asset.contains_key(id) || bases.contains_key(id))
        .collect();
    let outcome = app.edits.apply_each(&label, &rows, |id| bases.remove(&id));
    for id in &outcome.applied {
        app.refresh_problem(*id);
    }
    app.touch_tree();
    app.touch_visible();
    let n = outcome.applied.len() - outcome.unchanged.len();
    let mut msg = format!(
        "{label}: {n} asset{} changed (not written yet: {} writes, {} drops it)",
        plural(n),
        app.key_of(Command::Write),
        app.key_of(Command::Undo)
    );
    if let Some((_, e)) = outcome.refused.first() {
        msg.push_str(&format!("; refused for {}: {e}", outcome.refused.len()));
    }
    if let Some(s) = skipped.first() {
        msg.push_str(&format!("; {} skipped ({s})", skipped.len()));
    }
    app.info(msg);
}
