//! Commands that make pending edits: editing values through prompts, ratings, adding
//! and deleting properties, languages and items, moving seq items, copy and paste,
//! EDIT expressions, and the session's undo/redo. Every edit becomes [`Op`]s applied
//! to the marked assets, or to the current one when none is marked.

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent};

use crate::catalog::AssetId;
use crate::edit::{parse_edit, ItemRef, NsMap, Op, Path, SchemaResolver, Step};
use crate::present::{safe_text, LineKind, PropView};
use crate::schema::Step as ViewStep;
use crate::tui::action::Effect;
use crate::tui::app::{App, Clip, Pane};
use crate::tui::input::InputResult;
use crate::tui::popup::{Mode, Prompt, PromptKind};
use crate::tui::schema_info::RegistryInfo;
use crate::tui::tree::Row;
use crate::xmp::{lang, ArrayKind, Name, Node, Value};

/// Applies ops to the edit targets. Returns a summary for the status bar, or why
/// nothing changed.
pub fn apply_ops(app: &mut App, label: &str, ops: Vec<Op>) -> Result<String, String> {
    let targets = app.targets();
    if targets.is_empty() {
        return Err("no asset selected".into());
    }
    if app.busy.is_some() {
        return Err("a write is running; edit again when it is done".into());
    }
    for op in &ops {
        op.validate(&RegistryInfo).map_err(|e| e.to_string())?;
    }
    let mut bases: HashMap<AssetId, crate::xmp::Packet> = HashMap::new();
    let mut skipped: Vec<String> = Vec::new();
    for id in &targets {
        if app.edits.by_asset.contains_key(id) {
            continue;
        }
        match app.base_packet(*id) {
            Ok(p) => {
                bases.insert(*id, p);
            }
            Err(why) => skipped.push(why),
        }
    }
    let outcome = app
        .edits
        .apply(label, &ops, &targets, |id| bases.remove(&id));
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

/// The node a property shows: the current asset's, or (several assets) the first
/// marked asset that has it.
fn shown_node(app: &App, name: &Name) -> Option<Node> {
    app.tree
        .subjects
        .iter()
        .find_map(|id| app.packet(*id).and_then(|p| p.get(name)).cloned())
}

fn walk<'a>(node: &'a Node, steps: &[ViewStep]) -> Option<&'a Node> {
    let mut n = node;
    for s in steps {
        n = match s {
            ViewStep::Field(f) => n.fields()?.iter().find(|(k, _)| k == f).map(|(_, v)| v)?,
            ViewStep::Item(i) => n.items()?.get(*i)?,
            ViewStep::Qualifier(q) => n.qualifier(q)?,
        };
    }
    Some(n)
}

fn edit_path(name: &Name, steps: &[ViewStep]) -> Path {
    Path {
        prop: name.clone(),
        steps: steps
            .iter()
            .map(|s| match s {
                ViewStep::Field(f) => Step::Field(f.clone()),
                ViewStep::Item(i) => Step::Index(i + 1),
                ViewStep::Qualifier(q) => Step::Qualifier(q.clone()),
            })
            .collect(),
    }
}

/// The detail line under the cursor, resolved to model nodes.
struct LineSel {
    kind: LineKind,
    /// Path of the line's node.
    path: Path,
    node: Node,
    /// Path and node of the array or struct holding it.
    parent_path: Path,
    parent: Node,
    /// 0-based index in the parent array.
    index: usize,
}

fn selected_line(app: &App) -> Option<LineSel> {
    if app.focus != Pane::Detail {
        return None;
    }
    let prop = app.selected_prop()?;
    if app.tree.mixed.contains_key(&prop.name) {
        return None;
    }
    let line = prop.lines.get(app.detail_cursor)?;
    let root = shown_node(app, &prop.name)?;
    let node = walk(&root, &line.steps)?.clone();
    let parent_steps = &line.steps[..line.steps.len().saturating_sub(1)];
    let parent = walk(&root, parent_steps)?.clone();
    let index = match line.steps.last() {
        Some(ViewStep::Item(i)) => *i,
        _ => 0,
    };
    Some(LineSel {
        kind: line.kind,
        path: edit_path(&prop.name, &line.steps),
        node,
        parent_path: edit_path(&prop.name, parent_steps),
        parent,
        index,
    })
}

fn qname(path: &Path) -> String {
    let ns = NsMap::new();
    let r = SchemaResolver {
        ns: &ns,
        schema: &RegistryInfo,
    };
    safe_text(&path.to_text(&r)).into_owned()
}

fn hint_for(prop: &PropView, mixed: Option<usize>) -> String {
    let mut hint = prop.type_label.clone();
    if !prop.description.is_empty() {
        hint = format!("{hint} · {}", prop.description);
    }
    match mixed {
        Some(0) => hint = format!("(mixed) what you enter replaces all · {hint}"),
        Some(n) => hint = format!("(mixed: {n} values) what you enter replaces all · {hint}"),
        None => {}
    }
    hint
}

fn open_prompt(app: &mut App, prompt: Prompt) -> Vec<Effect> {
    app.mode = Mode::Prompt(prompt);
    Vec::new()
}

fn targets_label(app: &App) -> String {
    match app.targets().len() {
        0 | 1 => String::new(),
        n => format!(" ({n} assets)"),
    }
}

/// Enter: edit what is selected.
pub fn edit(app: &mut App) -> Vec<Effect> {
    match app.focus {
        Pane::Assets => {
            app.focus = Pane::Tree;
            Vec::new()
        }
        Pane::Tree => match app.tree.rows.get(app.tree_cursor) {
            Some(Row::Group(_)) => super::nav::toggle_group(app),
            Some(Row::Prop(..)) => edit_property(app),
            None => {
                if let Some(n) = app.tree.note.clone() {
                    app.info(n);
                }
                Vec::new()
            }
        },
        Pane::Detail => match selected_line(app) {
            Some(sel) => edit_line(app, sel),
            None => edit_property(app),
        },
    }
}

fn refuse_read_only(app: &mut App) -> bool {
    if app.read_only {
        app.warn("read-only: values cannot be edited (xmpedit was started with --read-only)");
    }
    app.read_only
}

fn edit_property(app: &mut App) -> Vec<Effect> {
    let Some(prop) = app.selected_prop().cloned() else {
        return Vec::new();
    };
    let mixed = app.tree.mixed.get(&prop.name).copied();
    let node = shown_node(app, &prop.name);
    let path = Path::prop(prop.name.clone());
    let title = format!("{}{}", prop.qname, targets_label(app));
    let hint = hint_for(&prop, mixed);
    let prefill = |s: &str| {
        if mixed.is_some() {
            String::new()
        } else {
            s.to_string()
        }
    };
    let Some(node) = node else { return Vec::new() };
    if lang::is_lang_alt(&node) {
        if refuse_read_only(app) {
            return Vec::new();
        }
        let text = prefill(lang::default_text(&node).unwrap_or(""));
        let mut p = Prompt::new(
            format!("{title} [x-default]"),
            PromptKind::LangText {
                path,
                lang: lang::X_DEFAULT.into(),
            },
            &text,
        );
        p.hint = hint;
        return open_prompt(app, p);
    }
    match &node.value {
        Value::Simple(t) | Value::Uri(t) => {
            if refuse_read_only(app) {
                return Vec::new();
            }
            let mut p = Prompt::new(title, PromptKind::Value { path }, &prefill(t));
            p.hint = hint;
            open_prompt(app, p)
        }
        Value::Array(kind, items) if items.is_empty() || mixed.is_some() => {
            if refuse_read_only(app) {
                return Vec::new();
            }
            let mut p = Prompt::new(
                format!("Add an item to {title}"),
                PromptKind::AddItem { path, kind: *kind },
                "",
            );
            p.hint = hint;
            open_prompt(app, p)
        }
        _ => {
            app.focus = Pane::Detail;
            app.detail_cursor = 0;
            app.info("Enter edits the selected part; a adds, d deletes");
            Vec::new()
        }
    }
}

fn edit_line(app: &mut App, sel: LineSel) -> Vec<Effect> {
    if refuse_read_only(app) {
        return Vec::new();
    }
    let Some(text) = sel.node.as_text().map(str::to_string) else {
        app.info("this part has parts of its own: move down to edit them");
        return Vec::new();
    };
    let hint = app
        .selected_prop()
        .map(|p| hint_for(p, None))
        .unwrap_or_default();
    let suffix = targets_label(app);
    let mut p = match sel.kind {
        LineKind::Lang { .. } => {
            let tag = sel.node.lang().unwrap_or(lang::X_DEFAULT).to_string();
            Prompt::new(
                format!("{} [{}]{suffix}", qname(&sel.parent_path), safe_text(&tag)),
                PromptKind::LangText {
                    path: sel.parent_path,
                    lang: tag,
                },
                &text,
            )
        }
        LineKind::Item { index } => Prompt::new(
            format!("{}[{}]{suffix}", qname(&sel.parent_path), index + 1),
            PromptKind::Item {
                path: sel.parent_path,
                index: index + 1,
            },
            &text,
        ),
        LineKind::Field | LineKind::Qualifier => Prompt::new(
            format!("{}{suffix}", qname(&sel.path)),
            PromptKind::Value { path: sel.path },
            &text,
        ),
    };
    p.hint = hint;
    open_prompt(app, p)
}

pub fn rate(app: &mut App, n: i8) -> Vec<Effect> {
    let label = match n {
        -1 => "rejected (xmp:Rating=-1)".to_string(),
        n => format!(
            "rating {} (xmp:Rating={n})",
            crate::present::stars(&n.to_string()).unwrap_or_default()
        ),
    };
    run(app, &label, vec![Op::SetRating(n)])
}

/// The language alternative or array the cursor is in (in the detail pane), or the
/// selected property when it is one.
fn container(app: &App) -> Option<(Path, Node)> {
    if let Some(sel) = selected_line(app) {
        if matches!(sel.kind, LineKind::Lang { .. } | LineKind::Item { .. }) {
            return Some((sel.parent_path, sel.parent));
        }
        if sel.node.items().is_some() {
            return Some((sel.path, sel.node));
        }
    }
    if app.focus == Pane::Assets {
        return None;
    }
    let prop = app.selected_prop()?;
    let node = shown_node(app, &prop.name)?;
    node.items()?;
    Some((Path::prop(prop.name.clone()), node))
}

/// `a`: add a language or item where the cursor is, else a property.
pub fn add(app: &mut App) -> Vec<Effect> {
    if app.focus == Pane::Detail {
        if let Some((path, node)) = container(app) {
            return add_to(app, path, &node);
        }
    }
    super::dialogs::open_picker(app)
}

/// Opens the prompt that adds to an existing language alternative or array.
fn add_to(app: &mut App, path: Path, node: &Node) -> Vec<Effect> {
    let title = qname(&path);
    let suffix = targets_label(app);
    if lang::is_lang_alt(node) {
        let have = lang::languages(node);
        return open_lang_tag(app, path, &title, &have, &suffix);
    }
    let kind = node.array_kind().unwrap_or(ArrayKind::Bag);
    open_prompt(
        app,
        Prompt::new(
            format!("Add an item to {title}{suffix}"),
            PromptKind::AddItem { path, kind },
            "",
        ),
    )
}

/// Asks for a language tag, completing the ones used in the folder.
pub fn open_lang_tag(
    app: &mut App,
    path: Path,
    title: &str,
    have: &[&str],
    suffix: &str,
) -> Vec<Effect> {
    let mut p = Prompt::new(
        format!("Add a language to {title}{suffix}"),
        PromptKind::LangTag { path },
        "",
    );
    p.completions = app
        .languages_in_use()
        .into_iter()
        .filter(|l| !have.iter().any(|h| h.eq_ignore_ascii_case(l)))
        .collect();
    p.hint = "a BCP 47 tag such as de, de-CH, pt-BR or x-default · Tab completes".into();
    open_prompt(app, p)
}

/// `d`: delete the selected language, item, field or property.
pub fn delete(app: &mut App) -> Vec<Effect> {
    if let Some(sel) = selected_line(app) {
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
    match (app.focus, app.selected_prop()) {
        (Pane::Tree | Pane::Detail, Some(prop)) => {
            let op = Op::Delete {
                path: Path::prop(prop.name.clone()),
            };
            let label = app.op_text(&op);
            run(app, &label, vec![op])
        }
        _ => {
            app.info("select a property (Tab to the tree) to delete it");
            Vec::new()
        }
    }
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
        app.info("select a value (Tab to the tree) to copy it");
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
    let mut bases: HashMap<AssetId, crate::xmp::Packet> = HashMap::new();
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

/// `:`: type an EDIT expression.
pub fn expression(app: &mut App) -> Vec<Effect> {
    let mut p = Prompt::new(
        format!("Edit{}", targets_label(app)),
        PromptKind::Expression,
        "",
    );
    p.hint = "dc:title[de]=Titel · dc:subject+=alps · dc:subject-=alps · -photoshop:City".into();
    open_prompt(app, p)
}

/// Keys in a prompt: Enter applies, Esc cancels, Tab completes.
pub fn prompt_key(app: &mut App, key: &KeyEvent) -> Vec<Effect> {
    let Mode::Prompt(p) = &mut app.mode else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => {
            app.mode = Mode::Normal;
            app.info("cancelled");
        }
        KeyCode::Enter => return submit(app),
        KeyCode::Tab | KeyCode::Down | KeyCode::Up | KeyCode::BackTab => {
            complete(p, !matches!(key.code, KeyCode::Up | KeyCode::BackTab));
        }
        _ => {
            if p.input.handle_key(key) == InputResult::Changed {
                p.error = None;
            }
        }
    }
    Vec::new()
}

/// Fills in the next (or previous) completion.
fn complete(p: &mut Prompt, forward: bool) {
    if p.completions.is_empty() {
        return;
    }
    let typed = p.input.text();
    let n = p.completions.len();
    let next = match p.completions.iter().position(|c| *c == typed) {
        Some(i) if forward => (i + 1) % n,
        Some(i) => (i + n - 1) % n,
        None => match p.matching_completions().first() {
            Some(m) => p.completions.iter().position(|c| c == m).unwrap_or(0),
            None => return,
        },
    };
    let choice = p.completions[next].clone();
    p.input.set_text(&choice);
}

fn submit(app: &mut App) -> Vec<Effect> {
    let Mode::Prompt(p) = &app.mode else {
        return Vec::new();
    };
    let text = p.input.text();
    let ops = match &p.kind {
        PromptKind::Value { path } => vec![Op::SetSimple {
            path: path.clone(),
            value: text,
            new_arrays: Vec::new(),
        }],
        PromptKind::LangText { path, lang } => vec![Op::SetLang {
            path: path.clone(),
            lang: lang.clone(),
            text,
        }],
        PromptKind::Item { path, index } => vec![Op::ReplaceItem {
            path: path.clone(),
            index: *index,
            value: text,
        }],
        PromptKind::AddItem { path, kind } => {
            if text.is_empty() {
                return prompt_error(app, "type the item's text (Esc cancels)".into());
            }
            vec![Op::AddItem {
                path: path.clone(),
                value: text,
                kind: *kind,
            }]
        }
        PromptKind::LangTag { path } => {
            let path = path.clone();
            return match lang::canonicalize(text.trim()) {
                Ok(tag) => {
                    // Exactly this language (no fallback to x-default).
                    let existing = shown_node(app, &path.prop)
                        .filter(|_| path.is_top())
                        .and_then(|n| {
                            let i = lang::position(&n, &tag)?;
                            n.items()?.get(i)?.as_text().map(str::to_string)
                        })
                        .unwrap_or_default();
                    let title = format!("{} [{tag}]{}", qname(&path), targets_label(app));
                    let mut next =
                        Prompt::new(title, PromptKind::LangText { path, lang: tag }, &existing);
                    next.hint = "the text in this language".into();
                    open_prompt(app, next)
                }
                Err(e) => prompt_error(app, e.to_string()),
            };
        }
        PromptKind::Expression => {
            let ns = NsMap::new();
            let resolver = SchemaResolver {
                ns: &ns,
                schema: &RegistryInfo,
            };
            match parse_edit(text.trim(), &resolver, &RegistryInfo) {
                Ok(op) => vec![op],
                Err(e) => return prompt_error(app, e.to_string()),
            }
        }
    };
    let label = app.op_text(&ops[0]);
    let focus_name = ops[0].property();
    match apply_ops(app, &label, ops) {
        Ok(msg) => {
            app.mode = Mode::Normal;
            app.info(msg);
            // Show what was just set.
            if let Some(name) = focus_name {
                app.sync();
                if let Some(row) = app.tree.row_of(&name) {
                    if app.focus == Pane::Assets || app.tree.prop_at(app.tree_cursor).is_none() {
                        app.tree_cursor = row;
                        app.tree_key = app.tree.key(row);
                    }
                }
            }
            Vec::new()
        }
        Err(e) => prompt_error(app, e),
    }
}

fn prompt_error(app: &mut App, message: String) -> Vec<Effect> {
    if let Mode::Prompt(p) = &mut app.mode {
        p.error = Some(safe_text(&message).into_owned());
    }
    Vec::new()
}
