//! `T`: the template picker (a list of the templates with a preview of the edits of
//! the one under the cursor); Enter applies it to the targets as pending edits, one
//! entry of the pending history. Variables are filled in per asset
//! ([`per_asset_ops`], shared with the `:` prompt).

use crate::tui::action::{Command, Effect};
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::popup::{Mode, TemplateEntry, TemplatePicker};
use xmpedit_catalog::AssetId;
use xmpedit_core::edit::{creates_unknown, parse_edit, NsMap, Op, SchemaResolver};
use xmpedit_session::values::{asset_file, now, Exprs, ValueError};

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
                unknown_warned: None,
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
            let confirmed = t.unknown_warned.take() == Some(t.cursor);
            let cursor = t.cursor;
            let result = match (&entry.error, entry.exprs.is_empty()) {
                (Some(e), _) => Err((e.clone(), false)),
                (None, true) => Err((format!("template {} holds no edit", entry.name), false)),
                (None, false) => apply(app, &entry, confirmed),
            };
            match result {
                Ok(msg) => {
                    app.mode = Mode::Normal;
                    app.info(msg);
                }
                Err((e, unknown)) => {
                    if let Mode::Templates(t) = &mut app.mode {
                        t.error = Some(xmpedit_core::present::safe_text(&e).into_owned());
                        t.unknown_warned = unknown.then_some(cursor);
                    }
                }
            }
        }
        cmd if step(cmd) != 0 => {
            t.cursor = moved(t.cursor, step(cmd), t.entries.len());
            t.error = None;
            t.unknown_warned = None;
        }
        _ => {}
    }
    Vec::new()
}

/// Applies `entry` to the targets. Refused (the bool true) when it would create a
/// name the schema does not know in one of them, as `:` and the property picker
/// ask first, unless `confirmed` (Enter again on the same template).
fn apply(app: &mut App, entry: &TemplateEntry, confirmed: bool) -> Result<String, (String, bool)> {
    let (each, per_asset) = per_asset_ops(app, &entry.exprs).map_err(|e| (e, false))?;
    if !confirmed {
        let ns = NsMap::new();
        let reg = xmpedit_core::schema::registry();
        let resolver = SchemaResolver {
            ns: &ns,
            schema: reg,
        };
        let unknown = each.iter().find_map(|(id, ops)| {
            ops.iter()
                .find_map(|op| creates_unknown(reg, op, app.packet(*id)))
        });
        if let Some(u) = unknown {
            let enter = app.key_in(Context::Templates, Command::Confirm);
            let esc = app.key_in(Context::Templates, Command::Cancel);
            return Err((
                format!(
                    "{}; {enter} again applies template {} anyway, {esc} cancels",
                    u.message(&resolver),
                    entry.name
                ),
                true,
            ));
        }
    }
    super::edit::apply_each(app, &format!("template {}", entry.name), each, per_asset)
        .map_err(|e| (e, false))
}

/// Each target with its ops.
pub(super) type PerAsset = Vec<(AssetId, Vec<Op>)>;

/// Each target with its expressions' (or values') texts.
type PerAssetTexts = Vec<(AssetId, Vec<String>)>;

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
    let (texts, per_asset) = per_asset_texts(app, &parsed, &|e| e.to_string())?;
    let mut each = Vec::with_capacity(texts.len());
    for (id, texts) in texts {
        let ops = texts
            .iter()
            .map(|t| {
                let op = parse_edit(t.trim(), &resolver, reg).map_err(|e| e.to_string())?;
                op.validate(reg).map_err(|e| e.to_string())?;
                Ok(op)
            })
            .collect::<Result<Vec<Op>, String>>();
        let ops = match ops {
            Ok(ops) => ops,
            Err(e) if per_asset => return Err(format!("{}: {e}", asset_name(app, id))),
            Err(e) => return Err(e),
        };
        each.push((id, ops));
    }
    Ok((each, per_asset))
}

/// Each target's own text of a value typed in a value prompt (Enter on a value,
/// `a`, `t`, a form's field): the same filling-in as [`per_asset_ops`], the whole
/// text being the value. A text the expander refuses (an unknown variable, a lone
/// brace) is the error, without an expression around it.
pub(super) fn per_asset_value(
    app: &App,
    text: &str,
) -> Result<(Vec<(AssetId, String)>, bool), String> {
    let ns = NsMap::new();
    let resolver = SchemaResolver {
        ns: &ns,
        schema: xmpedit_core::schema::registry(),
    };
    let parsed = Exprs::values(&[text.to_string()], &resolver, app.codes.as_ref())
        .map_err(|e| e.error.to_string())?;
    let (texts, per_asset) = per_asset_texts(app, &parsed, &|e| e.error.to_string())?;
    let each = texts
        .into_iter()
        .map(|(id, mut t)| (id, t.pop().unwrap_or_default()))
        .collect();
    Ok((each, per_asset))
}

/// The texts of `parsed` for each target (the same for all when they hold no
/// variable; the bool says whether they differ per asset). `why` words an error.
fn per_asset_texts(
    app: &App,
    parsed: &Exprs,
    why: &dyn Fn(&ValueError) -> String,
) -> Result<(PerAssetTexts, bool), String> {
    let targets = app.targets();
    if let Some(texts) = parsed.constant() {
        return Ok((
            targets.iter().map(|&id| (id, texts.clone())).collect(),
            false,
        ));
    }
    let ns = NsMap::new();
    let resolver = SchemaResolver {
        ns: &ns,
        schema: xmpedit_core::schema::registry(),
    };
    let at = now();
    let mut each = Vec::with_capacity(targets.len());
    for (i, id) in targets.iter().enumerate() {
        let Some(asset) = app.asset(*id) else {
            continue;
        };
        let (file, _) = asset_file(asset, &[]);
        let texts = parsed
            .for_file(&file, app.packet(*id), i + 1, at, &resolver)
            .map_err(|e| format!("{}: {}", asset.name, why(&e)))?;
        each.push((*id, texts));
    }
    Ok((each, true))
}

fn asset_name(app: &App, id: AssetId) -> String {
    app.asset(id).map(|a| a.name.clone()).unwrap_or_default()
}
