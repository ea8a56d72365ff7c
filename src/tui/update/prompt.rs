//! Edits that go through a text prompt: Enter on a value, `a` (a language, an item,
//! or a property from the picker), `:` EDIT expressions; the prompt's commands
//! (confirm, cancel, completion of language tags), and turning the typed text into
//! ops.

use crate::tui::action::{Command, Effect};
use crate::tui::app::{App, Pane};
use crate::tui::keymap::Context;
use crate::tui::popup::{Cycle, Mode, Prompt, PromptKind};
use crate::tui::tree::Row;
use xmpedit_core::edit::{creates_unknown, parse_edit, NsMap, Op, Path, SchemaResolver};
use xmpedit_core::expand::has_markup;
use xmpedit_core::present::{safe_text, LineKind};
use xmpedit_core::xmp::{lang, ArrayKind, Node, Value};

use super::edit::apply_ops;
use super::select::{
    container, hint_for, qname, selected_line, shown_node, targets_label, LineSel,
};

pub(super) fn open_prompt(app: &mut App, prompt: Prompt) -> Vec<Effect> {
    app.mode = Mode::Prompt(prompt);
    Vec::new()
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

pub(super) fn refuse_read_only(app: &mut App) -> bool {
    if app.read_only {
        app.warn("read-only: values cannot be edited (xmpedit was started with --read-only)");
    }
    app.read_only
}

/// What else a language edit changes, by the x-default rules (kept, but said):
/// `x-default and en-GB will both read what you type`. None when only `tag` changes,
/// or for several assets (their languages differ).
fn lang_effect(app: &App, path: &Path, tag: &str) -> Option<String> {
    if app.tree.subjects.len() != 1 || !path.is_top() {
        return None;
    }
    let node = shown_node(app, &path.prop).unwrap_or_else(|| {
        xmpedit_core::xmp::Node::array(xmpedit_core::xmp::ArrayKind::Alt, vec![])
    });
    let linked: Vec<String> = lang::linked(&node, tag)
        .iter()
        .map(|l| safe_text(l).into_owned())
        .collect();
    let (last, rest) = linked.split_last()?;
    if rest.is_empty() {
        return None;
    }
    let both = if rest.len() == 1 { "both" } else { "all" };
    Some(format!(
        "{} and {last} will {both} read what you type (the x-default rules keep them in step)",
        rest.join(", ")
    ))
}

/// `hint` with the language edit's side effects in front.
fn with_lang_effect(app: &App, path: &Path, tag: &str, hint: String) -> String {
    match lang_effect(app, path, tag) {
        Some(e) if hint.is_empty() => e,
        Some(e) => format!("{e} · {hint}"),
        None => hint,
    }
}

pub(super) fn edit_property(app: &mut App) -> Vec<Effect> {
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
                path: path.clone(),
                lang: lang::X_DEFAULT.into(),
            },
            &text,
        );
        p.hint = with_lang_effect(app, &path, lang::X_DEFAULT, hint);
        return open_prompt(app, p);
    }
    match &node.value {
        Value::Simple(t) | Value::Uri(t) => {
            if refuse_read_only(app) {
                return Vec::new();
            }
            let mut p = Prompt::new(title, PromptKind::Value { path }, &prefill(t));
            p.completions = folder_values(app, &prop.name);
            p.hint = hint;
            open_prompt(app, p)
        }
        Value::Array(kind, items) if items.is_empty() || mixed.is_some() => {
            if refuse_read_only(app) {
                return Vec::new();
            }
            let p = add_item_prompt(app, path, *kind, &prop.qname, hint);
            open_prompt(app, p)
        }
        _ => {
            app.focus = Pane::Detail;
            app.detail_cursor = 0;
            let msg = format!(
                "{} edits the selected part; {} adds, {} deletes",
                app.key_of(Command::Edit),
                app.key_of(Command::Add),
                app.key_of(Command::Delete)
            );
            app.info(msg);
            Vec::new()
        }
    }
}

pub(super) fn edit_line(app: &mut App, sel: LineSel) -> Vec<Effect> {
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
    let mut hint = hint;
    let mut p = match sel.kind {
        LineKind::Lang { .. } => {
            let tag = sel.node.lang().unwrap_or(lang::X_DEFAULT).to_string();
            hint = with_lang_effect(app, &sel.parent_path, &tag, hint);
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

/// `a`: add a language or item where the cursor is, a field to the selected struct
/// property (its form), else a property.
pub fn add(app: &mut App) -> Vec<Effect> {
    if app.focus == Pane::Detail {
        if let Some((path, node)) = container(app) {
            return add_to(app, path, &node);
        }
    }
    if app.focus != Pane::Assets {
        if let Some(prop) = app.selected_prop().cloned() {
            let is_struct = matches!(
                xmpedit_core::schema::registry()
                    .property(&prop.name)
                    .map(|d| &d.ty),
                Some(xmpedit_core::schema::ValueType::Struct(_))
            );
            if is_struct {
                return super::dialogs::open_form(app, &prop.name, &prop.qname);
            }
        }
    }
    super::dialogs::open_picker(app)
}

/// Opens the prompt that adds to an existing language alternative or array.
pub(super) fn add_to(app: &mut App, path: Path, node: &Node) -> Vec<Effect> {
    let title = qname(&path);
    let suffix = targets_label(app);
    if lang::is_lang_alt(node) {
        let have = lang::languages(node);
        return open_lang_tag(app, path, &title, &have, &suffix);
    }
    let kind = node.array_kind().unwrap_or(ArrayKind::Bag);
    let p = add_item_prompt(app, path, kind, &title, String::new());
    open_prompt(app, p)
}

/// The texts a property has in the open folder's assets, most used first, for
/// completion.
pub(super) fn folder_values(app: &App, name: &xmpedit_core::xmp::Name) -> Vec<String> {
    app.values_in_use(name, app.order.iter().copied())
        .into_iter()
        .map(|(t, _)| t)
        .collect()
}

/// The prompt that adds to an array: for a Bag a list (split on the configured
/// separators, completing the items the folder uses), for a Seq or Alt one item
/// (`dc:creator` holds "Doe, Jane").
pub(super) fn add_item_prompt(
    app: &App,
    path: Path,
    kind: ArrayKind,
    title: &str,
    hint: String,
) -> Prompt {
    let suffix = targets_label(app);
    let list = kind == ArrayKind::Bag;
    let head = if list {
        format!("Add items to {title}{suffix}")
    } else {
        format!("Add an item to {title}{suffix}")
    };
    let completions = if path.is_top() {
        folder_values(app, &path.prop)
    } else {
        Vec::new()
    };
    let mut p = Prompt::new(head, PromptKind::AddItem { path, kind }, "");
    p.completions = completions;
    if list {
        p.separators = Some(app.separators.clone());
        let seps: Vec<String> = app.separators.chars().map(|c| format!("{c:?}")).collect();
        let how = format!(
            "several items separated by {} (\"quoted\" keeps one whole){}",
            seps.join(" or "),
            if p.completions.is_empty() {
                String::new()
            } else {
                format!(
                    " · {} completes",
                    app.key_in(Context::Prompt, Command::CompleteNext)
                )
            }
        );
        p.hint = if hint.is_empty() {
            how
        } else {
            format!("{how} · {hint}")
        };
    } else {
        p.hint = hint;
    }
    p
}

/// `t`: add keywords (`dc:subject` items) to the targets, a comma-separated line
/// completing the keywords already used in the folder.
pub fn add_keywords(app: &mut App) -> Vec<Effect> {
    let targets = app.targets();
    let Some(first) = targets.first() else {
        app.info("no asset to add keywords to");
        return Vec::new();
    };
    let to = match targets.len() {
        1 => app
            .asset(*first)
            .map(|a| a.name.clone())
            .unwrap_or_default(),
        n => format!("{n} assets"),
    };
    let path = Path::prop(xmpedit_core::xmp::Name::new(
        xmpedit_core::xmp::ns::DC,
        "subject",
    ));
    let mut p = add_item_prompt(app, path, ArrayKind::Bag, "dc:subject", String::new());
    p.title = format!("Add keywords to {}", safe_text(&to));
    open_prompt(app, p)
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
    p.hint = format!(
        "a BCP 47 tag such as de, de-CH, pt-BR or x-default · {} completes",
        app.key_in(Context::Prompt, Command::CompleteNext)
    );
    open_prompt(app, p)
}

/// `:`: type an EDIT expression.
pub fn expression(app: &mut App) -> Vec<Effect> {
    let mut p = Prompt::new(
        format!("Edit{}", targets_label(app)),
        PromptKind::Expression,
        "",
    );
    p.hint = "dc:title[de]=Titel · dc:subject+=alps · dc:subject-=alps · -photoshop:City".into();
    // Property names; fields of a struct are completed after `PATH/`.
    p.completions = crate::tui::popup::candidates()
        .iter()
        .filter(|c| !c.qname.contains('/'))
        .map(|c| c.qname.clone())
        .collect();
    open_prompt(app, p)
}

/// A prompt's commands: confirm applies, cancel cancels, complete_next/prev fill in
/// completions; editing commands edit the text.
pub fn prompt_command(app: &mut App, cmd: Command) -> Vec<Effect> {
    let Mode::Prompt(p) = &mut app.mode else {
        return Vec::new();
    };
    match cmd {
        Command::Cancel => {
            app.mode = Mode::Normal;
            app.info("cancelled");
        }
        Command::Confirm => return submit(app),
        Command::CompleteNext | Command::CompletePrev => {
            complete(p, cmd == Command::CompleteNext);
        }
        other => {
            if p.input.edit(other) {
                p.error = None;
                p.cycle = None;
            }
        }
    }
    Vec::new()
}

/// Tab: fills in the best completion of the token; Tab again steps to the next one
/// (Shift-Tab back), as long as the text is what the last Tab left.
pub(super) fn complete(p: &mut Prompt, forward: bool) {
    let text = p.input.text();
    if let Some(c) = &mut p.cycle {
        let n = c.matches.len();
        if n > 0 && text == format!("{}{}", c.before, c.matches[c.index]) {
            c.index = if forward {
                (c.index + 1) % n
            } else {
                (c.index + n - 1) % n
            };
            let t = format!("{}{}", c.before, c.matches[c.index]);
            p.input.set_text(&t);
            return;
        }
    }
    let matches = p.matching_completions();
    let Some((before, _)) = p.token().filter(|_| !matches.is_empty()) else {
        p.cycle = None;
        return;
    };
    let index = if forward { 0 } else { matches.len() - 1 };
    p.input.set_text(&format!("{before}{}", matches[index]));
    p.cycle = Some(Cycle {
        before,
        matches,
        index,
    });
}

pub(super) fn submit(app: &mut App) -> Vec<Effect> {
    let Mode::Prompt(p) = &app.mode else {
        return Vec::new();
    };
    let text = p.input.text();
    match &p.kind {
        PromptKind::ExportPath => return super::interchange::submit_export(app, &text),
        PromptKind::ImportPath => return super::interchange::submit_import(app, &text),
        _ => {}
    }
    let ops = match &p.kind {
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
                    let hint =
                        with_lang_effect(app, &path, &tag, "the text in this language".into());
                    let mut next =
                        Prompt::new(title, PromptKind::LangText { path, lang: tag }, &existing);
                    next.hint = hint;
                    open_prompt(app, next)
                }
                Err(e) => prompt_error(app, e.to_string()),
            };
        }
        PromptKind::Expression => {
            let ns = NsMap::new();
            let resolver = SchemaResolver {
                ns: &ns,
                schema: xmpedit_core::schema::registry(),
            };
            let t = text.trim();
            let markup = xmpedit_core::edit::value_offset(t, &resolver)
                .is_some_and(|at| xmpedit_core::expand::has_markup(&t[at..], app.codes.as_ref()));
            let op = if markup {
                // Variables and codes: filled in per asset.
                let (each, per_asset) = match super::templates::per_asset_ops(app, &[t.to_string()])
                {
                    Ok(r) => r,
                    Err(e) => return prompt_error(app, e),
                };
                if per_asset {
                    return match super::edit::apply_each(app, t, each, true) {
                        Ok(msg) => {
                            app.mode = Mode::Normal;
                            app.info(msg);
                            Vec::new()
                        }
                        Err(e) => prompt_error(app, e),
                    };
                }
                match each
                    .into_iter()
                    .next()
                    .and_then(|(_, ops)| ops.into_iter().next())
                {
                    Some(op) => op,
                    None => return prompt_error(app, "no asset selected".into()),
                }
            } else {
                match parse_edit(t, &resolver, xmpedit_core::schema::registry()) {
                    Ok(op) => op,
                    Err(e) => return prompt_error(app, e.to_string()),
                }
            };
            let confirmed = p.unknown_warned.as_deref() == Some(text.as_str());
            if !confirmed {
                if let Some(message) = unknown_in_targets(app, &op, &resolver) {
                    let enter = app.key_in(Context::Prompt, Command::Confirm);
                    let esc = app.key_in(Context::Prompt, Command::Cancel);
                    if let Mode::Prompt(p) = &mut app.mode {
                        p.unknown_warned = Some(text);
                    }
                    return prompt_error(
                        app,
                        format!("{message}; {enter} again writes it anyway, {esc} cancels"),
                    );
                }
            }
            vec![op]
        }
        kind => {
            let (kind, seps) = (kind.clone(), p.separators.clone());
            let mut text = text;
            // Only a text the user typed or changed is expanded: a prefilled value
            // kept as it was is written back as it is, braces and all.
            if text != p.initial && has_markup(&text, app.codes.as_ref()) {
                match super::templates::per_asset_value(app, &text) {
                    Err(e) => return prompt_error(app, e),
                    Ok((each, true)) => {
                        return submit_each(app, &kind, seps.as_deref(), &text, each)
                    }
                    Ok((each, false)) => {
                        if let Some((_, t)) = each.into_iter().next() {
                            text = t;
                        }
                    }
                }
            }
            match value_ops(app, &kind, seps.as_deref(), text) {
                Ok(ops) => ops,
                Err(e) => return prompt_error(app, e),
            }
        }
    };
    let label = label_of(app, &ops);
    let focus_name = ops[0].property();
    let result = apply_ops(app, &label, ops);
    finish(app, result, focus_name)
}

/// The ops of a value prompt's text: a simple value, a language's text, an item
/// replaced, or the items added (a Bag's list split on its separators).
fn value_ops(
    app: &App,
    kind: &PromptKind,
    separators: Option<&str>,
    text: String,
) -> Result<Vec<Op>, String> {
    let esc = app.key_in(Context::Prompt, Command::Cancel);
    Ok(match kind {
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
                return Err(format!("type the item's text ({esc} cancels)"));
            }
            let items = match separators {
                Some(seps) => crate::tui::complete::split_items(&text, seps),
                None => vec![text],
            };
            if items.is_empty() {
                return Err(format!("type the items' text ({esc} cancels)"));
            }
            items
                .into_iter()
                .map(|value| Op::AddItem {
                    path: path.clone(),
                    value,
                    kind: *kind,
                })
                .collect()
        }
        PromptKind::LangTag { .. }
        | PromptKind::Expression
        | PromptKind::ExportPath
        | PromptKind::ImportPath => Vec::new(),
    })
}

/// A value prompt whose text holds variables: each target gets the ops of its own
/// text (`{index}` its position among the targets), one pending-history entry
/// labelled with the text as typed.
fn submit_each(
    app: &mut App,
    kind: &PromptKind,
    separators: Option<&str>,
    typed: &str,
    texts: Vec<(xmpedit_catalog::AssetId, String)>,
) -> Vec<Effect> {
    let reg = xmpedit_core::schema::registry();
    let mut each = Vec::with_capacity(texts.len());
    for (id, text) in texts {
        let name = app.asset(id).map(|a| a.name.clone()).unwrap_or_default();
        let ops = match value_ops(app, kind, separators, text) {
            Ok(ops) => ops,
            Err(e) => return prompt_error(app, format!("{name}: {e}")),
        };
        for op in &ops {
            if let Err(e) = op.validate(reg) {
                return prompt_error(app, format!("{name}: {e}"));
            }
        }
        each.push((id, ops));
    }
    let label = match value_ops(app, kind, separators, typed.to_string()) {
        Ok(ops) if !ops.is_empty() => label_of(app, &ops),
        _ => typed.to_string(),
    };
    let focus_name = each
        .first()
        .and_then(|(_, ops)| ops.first())
        .and_then(Op::property);
    let result = super::edit::apply_each(app, &label, each, true);
    finish(app, result, focus_name)
}

/// The status-bar label of a prompt's ops.
fn label_of(app: &App, ops: &[Op]) -> String {
    match ops {
        [op] => app.op_text(op),
        [Op::AddItem { path, .. }, ..] => {
            let items: Vec<&str> = ops
                .iter()
                .filter_map(|o| match o {
                    Op::AddItem { value, .. } => Some(value.as_str()),
                    _ => None,
                })
                .collect();
            format!("add {} to {}", items.join(", "), qname(path))
        }
        _ => ops
            .iter()
            .map(|o| app.op_text(o))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// Closes the prompt on success and shows what was just set; keeps it open with
/// the reason otherwise.
fn finish(
    app: &mut App,
    result: Result<String, String>,
    focus_name: Option<xmpedit_core::xmp::Name>,
) -> Vec<Effect> {
    match result {
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

/// Why `op` may not be applied to the targets without a confirmation: it would
/// create a name the schema's namespace does not define in one of them (one they
/// already have may be edited; see [`creates_unknown`]).
pub(super) fn unknown_in_targets(
    app: &App,
    op: &Op,
    resolver: &dyn xmpedit_core::edit::Resolver,
) -> Option<String> {
    let reg = xmpedit_core::schema::registry();
    app.targets()
        .into_iter()
        .find_map(|id| creates_unknown(reg, op, app.packet(id)))
        .map(|u| u.message(resolver))
}

pub(super) fn prompt_error(app: &mut App, message: String) -> Vec<Effect> {
    if let Mode::Prompt(p) = &mut app.mode {
        p.error = Some(safe_text(&message).into_owned());
    }
    Vec::new()
}
