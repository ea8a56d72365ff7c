//! Commands that make pending edits directly: ratings, delete, make default, moving
//! seq items, copy and paste, the session's undo/redo. Every edit becomes [`Op`]s
//! applied to the marked assets, or to the current one when none is marked
//! ([`apply_ops`]).

use std::collections::HashMap;

use crate::tui::action::{Command, Effect};
use crate::tui::app::{App, Clip, Pane};
use xmpedit_catalog::AssetId;
use xmpedit_core::edit::{ItemRef, Op, Path};
use xmpedit_core::present::LineKind;
use xmpedit_core::xmp::{lang, ArrayKind, Node, Value};

use super::select::{qname, selected_line, shown_node};

/// Commands that start an edit (Enter on the asset list only opens the asset).
fn starts_edit(app: &App, cmd: Command) -> bool {
    match cmd {
        Command::Edit => app.focus != Pane::Assets,
        Command::Undo | Command::Redo | Command::Write => false,
        c => c.edits(),
    }
}

/// True (and says why) when the tree shows one file's own XMP: edits go to the whole
/// asset, so they are not made from a view of one of its files.
pub fn file_view_blocks(app: &mut App, cmd: Command) -> bool {
    let Some((_, r)) = app.viewed_file() else {
        return false;
    };
    if !starts_edit(app, cmd) {
        return false;
    }
    let msg = format!(
        "showing only {}'s own XMP, which is not edited on its own; {} goes back to the asset",
        r.rel,
        app.key_of(Command::Cancel)
    );
    app.warn(msg);
    true
}

/// Whether an edit command may go ahead on the targets: a damaged asset (its read
/// dropped parts of a packet, docs/safe-writing.md) is refused up front, with what was
/// dropped, until the user gives the same command again on the same assets; then its
/// edits are allowed and its write keeps only what could be read. Other commands
/// always go ahead (and forget a pending warning).
pub fn damage_confirmed(app: &mut App, cmd: Command) -> bool {
    let warned = app.loss_warned.take();
    if !starts_edit(app, cmd) {
        return true;
    }
    let damaged: Vec<AssetId> = app
        .targets()
        .into_iter()
        .filter(|id| app.damaged_unaccepted(*id))
        .collect();
    if damaged.is_empty() {
        return true;
    }
    if warned.as_ref() == Some(&(cmd, damaged.clone())) {
        let n = damaged.len();
        app.accept_loss.extend(damaged);
        app.warn(format!(
            "editing {} damaged asset{} anyway: a write keeps only the XMP that could be read",
            n,
            if n == 1 { "" } else { "s" }
        ));
        // The warning is a status message; the command's own message may replace it.
        return true;
    }
    let first = app
        .asset(damaged[0])
        .map(|a| a.name.clone())
        .unwrap_or_default();
    let who = match damaged.len() {
        1 => first,
        n => format!("{first} and {} more", n - 1),
    };
    let key = app.key_of(cmd);
    app.error(format!(
        "{who}: parts of the XMP could not be read and were dropped (the detail pane lists \
         them); not edited. Press {key} again to edit anyway and write only what could be read"
    ));
    app.loss_warned = Some((cmd, damaged));
    false
}

/// Applies ops to the edit targets. Returns a summary for the status bar, or why
/// nothing changed.
pub fn apply_ops(app: &mut App, label: &str, ops: Vec<Op>) -> Result<String, String> {
    let targets = app.targets();
    for op in &ops {
        op.validate(xmpedit_core::schema::registry())
            .map_err(|e| e.to_string())?;
    }
    let each: Vec<(AssetId, Vec<Op>)> = targets.iter().map(|&id| (id, ops.clone())).collect();
    apply_each(app, label, each, false)
}

/// [`apply_ops`] with each target's own ops (a template with variables): one
/// pending-history entry. `per_asset` records the ops per asset for redo.
pub fn apply_each(
    app: &mut App,
    label: &str,
    each: Vec<(AssetId, Vec<Op>)>,
    per_asset: bool,
) -> Result<String, String> {
    let targets: Vec<AssetId> = each.iter().map(|(id, _)| *id).collect();
    if targets.is_empty() {
        return Err("no asset selected".into());
    }
    if app.busy.is_some() {
        return Err("a write is running; edit again when it is done".into());
    }
    let mut bases: HashMap<AssetId, xmpedit_core::xmp::Packet> = HashMap::new();
    let mut skipped: Vec<String> = Vec::new();
    for id in &targets {
        if app.edits.by_asset.contains_key(id) {
            continue;
        }
        if app.damaged_unaccepted(*id) {
            // Not confirmed (a prompt opened before marking it, a paste): refused.
            let name = app.asset(*id).map(|a| a.name.clone()).unwrap_or_default();
            skipped.push(format!("{name}: damaged XMP, not edited"));
            continue;
        }
        match app.base_packet(*id) {
            Ok(p) => {
                bases.insert(*id, p);
            }
            Err(why) => skipped.push(why),
        }
    }
    let outcome = if per_asset {
        app.edits.apply_each(label, &each, |id| bases.remove(&id))
    } else {
        let ops = each.first().map(|(_, o)| o.clone()).unwrap_or_default();
        app.edits
            .apply(label, &ops, &targets, |id| bases.remove(&id))
    };
    for id in &outcome.applied {
        app.refresh_problem(*id);
    }
    app.touch_tree();
    if app.filter.is_some() {
        app.touch_visible();
    }
    let n = outcome.applied.len();
    let all_same = n > 0 && outcome.unchanged.len() == n;
    let mut msg = if n == 0 {
        String::new()
    } else if all_same {
        format!("{label}: already so, nothing changed")
    } else if n == 1 && targets.len() == 1 {
        let name = app
            .asset(targets[0])
            .map(|a| a.name.clone())
            .unwrap_or_default();
        format!("{label} · {name} (not written yet: w writes)")
    } else {
        format!("{label} · {n} assets (not written yet: w writes)")
    };
    if let Some((_, note)) = outcome.notes.first() {
        msg = format!("{msg}; {note}");
    }
    if let Some((_, e)) = outcome.refused.first() {
        let refused = format!(
            "refused for {} asset{}: {e}",
            outcome.refused.len(),
            if outcome.refused.len() == 1 { "" } else { "s" }
        );
        msg = if msg.is_empty() {
            refused
        } else {
            format!("{msg}; {refused}")
        };
    }
    if let Some(why) = skipped.first() {
        let s = if skipped.len() == 1 {
            why.clone()
        } else {
            format!("{} assets skipped ({why}, ...)", skipped.len())
        };
        msg = if msg.is_empty() {
            s
        } else {
            format!("{msg}; {s}")
        };
    }
    if n == 0 {
        Err(msg)
    } else {
        Ok(msg)
    }
}

/// Applies ops and reports in the status bar.
fn run(app: &mut App, label: &str, ops: Vec<Op>) -> Vec<Effect> {
    match apply_ops(app, label, ops) {
        Ok(m) => app.info(m),
        Err(e) => app.error(e),
    }
    Vec::new()
}

pub fn rate(app: &mut App, n: i8) -> Vec<Effect> {
    let label = match n {
        -1 => "rejected (xmp:Rating=-1)".to_string(),
        n => format!(
            "rating {} (xmp:Rating={n})",
            xmpedit_core::present::stars(&n.to_string()).unwrap_or_default()
        ),
    };
    run(app, &label, vec![Op::SetRating(n)])
}

/// `d`: delete the selected language, item, field or property.
pub fn delete(app: &mut App) -> Vec<Effect> {
    if let Some(sel) = selected_line(app) {
        // An item of a Bag of several targets: its index means a different item in
        // each, so the same checklist as in the tree, the selected item ticked.
        if let (LineKind::Item { .. }, Some(ArrayKind::Bag)) = (sel.kind, sel.parent.array_kind()) {
            if let Some(mut c) = keyword_checklist(app) {
                let text = sel.node.as_text().unwrap_or("");
                if let Some(i) = c.items.iter().position(|(k, _)| k == text) {
                    c.ticked[i] = true;
                    c.cursor = i;
                }
                app.mode = crate::tui::popup::Mode::Checklist(c);
                return Vec::new();
            }
        }
        let ops = match sel.kind {
            LineKind::Lang { .. } => {
                let tag = sel.node.lang().unwrap_or("").to_string();
                vec![Op::RemoveLang {
                    path: sel.parent_path,
                    lang: tag,
                }]
            }
            LineKind::Item { index } => vec![Op::RemoveItem {
                path: sel.parent_path,
                item: ItemRef::Index(index + 1),
            }],
            LineKind::Field | LineKind::Qualifier => vec![Op::Delete { path: sel.path }],
        };
        let label = app.op_text(&ops[0]);
        return run(app, &label, ops);
    }
    if let Some(c) = keyword_checklist(app) {
        app.mode = crate::tui::popup::Mode::Checklist(c);
        return Vec::new();
    }
    match (app.focus, app.selected_prop()) {
        (Pane::Tree | Pane::Detail, Some(prop)) => {
            let op = Op::Delete {
                path: Path::prop(prop.name.clone()),
            };
            let label = app.op_text(&op);
            run(app, &label, vec![op])
        }
        _ => {
            let how = to_the_tree(app);
            app.info(format!("select a property{how} to delete it"));
            Vec::new()
        }
    }
}

/// `d` on a Bag (the keywords) with several targets: not the whole property of
/// every asset, but a checklist of every item with how many targets have it.
fn keyword_checklist(app: &App) -> Option<crate::tui::popup::Checklist> {
    let targets = app.targets();
    if targets.len() < 2 || app.focus == Pane::Assets {
        return None;
    }
    let prop = app.selected_prop()?;
    let is_bag = targets.iter().any(|id| {
        app.packet(*id)
            .and_then(|p| p.get(&prop.name))
            .is_some_and(|n| n.array_kind() == Some(ArrayKind::Bag))
    });
    if !is_bag {
        return None;
    }
    let items = app.values_in_use(&prop.name, targets.iter().copied());
    Some(crate::tui::popup::Checklist {
        path: Path::prop(prop.name.clone()),
        qname: prop.qname.clone(),
        ticked: vec![false; items.len()],
        items,
        cursor: 0,
        targets: targets.len(),
    })
}

/// `*` in the detail pane: the selected language becomes the x-default.
pub fn make_default(app: &mut App) -> Vec<Effect> {
    match selected_line(app) {
        Some(sel) if matches!(sel.kind, LineKind::Lang { .. }) => {
            let tag = sel.node.lang().unwrap_or("").to_string();
            let op = Op::MakeDefaultLang {
                path: sel.parent_path,
                lang: tag,
            };
            let label = app.op_text(&op);
            run(app, &label, vec![op])
        }
        _ => {
            app.info("select a language of a language alternative to make it the default");
            Vec::new()
        }
    }
}

/// `J`/`K`: move a seq item.
pub fn move_item(app: &mut App, delta: isize) -> Vec<Effect> {
    let Some(sel) = selected_line(app).filter(|s| matches!(s.kind, LineKind::Item { .. })) else {
        app.info("select an item of a seq to move it");
        return Vec::new();
    };
    if sel.parent.array_kind() != Some(ArrayKind::Seq) {
        app.info("only seq items have an order; bags and alternatives do not move");
        return Vec::new();
    }
    let len = sel.parent.items().map_or(0, <[Node]>::len);
    let to = sel.index as isize + delta;
    if to < 0 || to as usize >= len {
        return Vec::new();
    }
    let op = Op::MoveItem {
        path: sel.parent_path,
        from: sel.index + 1,
        to: to as usize + 1,
    };
    let label = app.op_text(&op);
    let effects = run(app, &label, vec![op]);
    app.detail_cursor = (app.detail_cursor as isize + delta).max(0) as usize;
    effects
}

/// Plain text of a node for the system clipboard.
fn clip_text(node: &Node) -> String {
    if lang::is_lang_alt(node) {
        return lang::default_text(node).unwrap_or("").to_string();
    }
    match &node.value {
        Value::Simple(t) | Value::Uri(t) => t.clone(),
        Value::Array(_, items) => items.iter().map(clip_text).collect::<Vec<_>>().join(", "),
        Value::Struct(fields) => fields
            .iter()
            .map(|(n, v)| format!("{}: {}", n.local, clip_text(v)))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// `y`: copy the selected value (detail line) or the whole property.
pub fn copy(app: &mut App) -> Vec<Effect> {
    if let Some(sel) = selected_line(app) {
        if let Some(text) = sel.node.as_text().map(str::to_string) {
            let clip = match sel.kind {
                LineKind::Lang { .. } => Clip::Lang {
                    path: sel.parent_path,
                    lang: sel.node.lang().unwrap_or(lang::X_DEFAULT).to_string(),
                    text: text.clone(),
                },
                LineKind::Item { .. } => Clip::Item {
                    path: sel.parent_path,
                    kind: sel.parent.array_kind().unwrap_or(ArrayKind::Bag),
                    text: text.clone(),
                },
                LineKind::Field | LineKind::Qualifier => Clip::Value {
                    path: sel.path,
                    text: text.clone(),
                },
            };
            app.clip = Some(clip);
            return vec![Effect::Copy(text)];
        }
    }
    let Some(prop) = app
        .selected_prop()
        .cloned()
        .filter(|_| app.focus != Pane::Assets)
    else {
        let how = to_the_tree(app);
        app.info(format!("select a value{how} to copy it"));
        return Vec::new();
    };
    if app.tree.mixed.contains_key(&prop.name) {
        app.warn(format!(
            "{} differs between the marked assets; select one asset to copy it",
            prop.qname
        ));
        return Vec::new();
    }
    let Some(node) = shown_node(app, &prop.name) else {
        return Vec::new();
    };
    let text = clip_text(&node);
    app.clip = Some(Clip::Property {
        name: prop.name.clone(),
        node,
    });
    vec![Effect::Copy(text)]
}

/// `p`: paste what `y` copied onto the current or marked assets.
pub fn paste(app: &mut App) -> Vec<Effect> {
    let Some(clip) = app.clip.clone() else {
        app.info("nothing copied yet: y copies the selected value");
        return Vec::new();
    };
    let op = match clip {
        Clip::Property { name, node } => Op::SetNode {
            path: Path::prop(name),
            node,
            at: None,
        },
        Clip::Lang { path, lang, text } => Op::SetLang { path, lang, text },
        Clip::Item { path, kind, text } => Op::AddItem {
            path,
            value: text,
            kind,
        },
        Clip::Value { path, text } => Op::SetSimple {
            path,
            value: text,
            new_arrays: Vec::new(),
        },
    };
    let label = match &op {
        Op::SetNode { path, .. } => format!("paste {}", qname(path)),
        other => app.op_text(other),
    };
    run(app, &label, vec![op])
}

pub fn undo(app: &mut App) -> Vec<Effect> {
    let ids: Vec<AssetId> = app
        .edits
        .undo
        .last()
        .map(|s| s.assets.iter().map(|(a, _, _)| *a).collect())
        .unwrap_or_default();
    match app.edits.undo() {
        Some(label) => {
            for id in ids {
                app.refresh_problem(id);
            }
            app.touch_tree();
            app.touch_visible();
            app.info(format!("undone: {label}"));
        }
        None => app.info("nothing to undo (written changes: U opens the undo log)"),
    }
    Vec::new()
}

pub fn redo(app: &mut App) -> Vec<Effect> {
    let ids: Vec<AssetId> = app
        .edits
        .redo
        .last()
        .map(|s| s.assets.iter().map(|(a, _, _)| *a).collect())
        .unwrap_or_default();
    let mut bases: HashMap<AssetId, xmpedit_core::xmp::Packet> = HashMap::new();
    for id in &ids {
        if !app.edits.by_asset.contains_key(id) {
            if let Ok(p) = app.base_packet(*id) {
                bases.insert(*id, p);
            }
        }
    }
    match app.edits.redo(|id| bases.remove(&id)) {
        Some(label) => {
            for id in ids {
                app.refresh_problem(id);
            }
            app.touch_tree();
            app.touch_visible();
            app.info(format!("redone: {label}"));
        }
        None => app.info("nothing to redo"),
    }
    Vec::new()
}

/// How to get to the tree, for a "select … first" message: ` (Tab to the tree)` from
/// the asset list, nothing when the cursor is in the tree already.
fn to_the_tree(app: &App) -> String {
    if app.focus == Pane::Assets {
        format!(" ({} to the tree)", app.key_of(Command::NextPane))
    } else {
        String::new()
    }
}
