//! `T`: the template picker (a list of the templates with a preview of the edits of
//! the one under the cursor); Enter applies it to the targets as pending edits, one
//! entry of the pending history. Variables are filled in per asset
//! ([`per_asset_ops`], shared with the `:` prompt).

use crate::tui::action::{Command, Effect};
use crate::tui::app::App;
use crate::tui::popup::{Mode, TemplateEntry, TemplatePicker};
use xmpedit_catalog::AssetId;
use xmpedit_core::edit::{parse_edit, NsMap, Op, SchemaResolver};
use xmpedit_session::values::{asset_file, now, Exprs};

use super::dialogs::{moved, step};

pub fn open(app: &mut App) -> Vec<Effect> {
    if app.targets().is_empty() {
        app.error("no asset selected");
        return Vec::new();
    }
    vec![Effect::LoadTemplates]
}

pub fn on_loaded(app: &mut App, list: Result<Vec<TemplateEntry>, String>) -> Vec<Effect> {
    match list {
        Err(e) => app.error(e),
        Ok(entries) if entries.is_empty() => app.warn(
            "no templates yet: `xmpedit template save NAME FILE --props dc:*` makes one (templates/NAME.toml beside the config file)",
        ),
        Ok(entries) => {
            app.mode = Mode::Templates(TemplatePicker {
                entries,
                cursor: 0,
                targets: app.targets().len(),
                error: None,
            });
        }
    }
    Vec::new()
}

pub fn command(app: &mut App, cmd: Command) -> Vec<Effect> {
    let Mode::Templates(t) = &mut app.mode else {
        return Vec::new();
    };
    match cmd {
        Command::Cancel => {
            app.mode = Mode::Normal;
            app.info("cancelled; no template applied");
        }
        Command::Confirm => {
            let Some(entry) = t.entries.get(t.cursor).cloned() else {
                return Vec::new();
            };
            let result = match (&entry.error, entry.exprs.is_empty()) {
                (Some(e), _) => Err(e.clone()),
                (None, true) => Err(format!("template {} holds no edit", entry.name)),
                (None, false) => apply(app, &entry),
            };
            match result {
                Ok(msg) => {
                    app.mode = Mode::Normal;
                    app.info(msg);
                }
                Err(e) => {
                    if let Mode::Templates(t) = &mut app.mode {
                        t.error = Some(xmpedit_core::present::safe_text(&e).into_owned());
                    }
                }
            }
        }
        cmd if step(cmd) != 0 => {
            t.cursor = moved(t.cursor, step(cmd), t.entries.len());
            t.error = None;
        }
        _ => {}
    }
    Vec::new()
}

fn apply(app: &mut App, entry: &TemplateEntry) -> Result<String, String> {
    let (each, per_asset) = per_asset_ops(app, &entry.exprs)?;
    super::edit::apply_each(app, &format!("template {}", entry.name), each, per_asset)
}

/// Each target with its ops.
pub(super) type PerAsset = Vec<(AssetId, Vec<Op>)>;

/// The ops of `exprs` for each target, with variables and codes filled in from
/// the asset (its original's name and folder, its position among the targets, its
/// XMP as shown); the bool says whether they differ per asset. Any expression that
/// does not parse, or a value an asset cannot fill in, refuses them all.
pub(super) fn per_asset_ops(app: &App, exprs: &[String]) -> Result<(PerAsset, bool), String> {
    let ns = NsMap::new();
    let reg = xmpedit_core::schema::registry();
    let resolver = SchemaResolver {
        ns: &ns,
        schema: reg,
    };
    let parsed =
        Exprs::parse(exprs, &resolver, app.codes.as_ref(), false).map_err(|e| e.to_string())?;
    let targets = app.targets();
    let ops_of = |texts: &[String]| -> Result<Vec<Op>, String> {
        texts
            .iter()
            .map(|t| {
                let op = parse_edit(t.trim(), &resolver, reg).map_err(|e| e.to_string())?;
                op.validate(reg).map_err(|e| e.to_string())?;
                Ok(op)
            })
            .collect()
    };
    if let Some(texts) = parsed.constant() {
        let ops = ops_of(&texts)?;
        return Ok((targets.iter().map(|&id| (id, ops.clone())).collect(), false));
    }
    let at = now();
    let mut each = Vec::with_capacity(targets.len());
    for (i, id) in targets.iter().enumerate() {
        let Some(asset) = app.asset(*id) else {
            continue;
        };
        let (file, _) = asset_file(asset, &[]);
        let texts = parsed
            .for_file(&file, app.packet(*id), i + 1, at, &resolver)
            .map_err(|e| format!("{}: {e}", asset.name))?;
        let ops = ops_of(&texts).map_err(|e| format!("{}: {e}", asset.name))?;
        each.push((*id, ops));
    }
    Ok((each, true))
}
