//! Dialog commands (as the keymap resolved their keys): help, the add-property
//! picker, the write picker, the write report and the quit question.

use crate::tui::action::{Command, Effect};
use crate::tui::app::App;
use crate::tui::plan::{self, TargetChoice, WritePlan, WriteProgress};
use crate::tui::popup::{
    candidates, Candidate, Mode, Prompt, PromptKind, PropertyPicker, WritePicker,
};
use xmpedit_core::edit::{ItemRef, Op};
use xmpedit_core::schema::{registry, ValueType};
use xmpedit_core::xmp::ArrayKind;

/// Commands of the dialogs (not prompts, the filter line or the undo log).
pub fn command(app: &mut App, cmd: Command) -> Vec<Effect> {
    match &app.mode {
        Mode::Help { .. } => help_command(app, cmd),
        Mode::AddProperty(_) => picker_command(app, cmd),
        Mode::Write(_) => write_command(app, cmd),
        Mode::Report(_) => report_command(app, cmd),
        Mode::ConfirmQuit => confirm_command(app, cmd),
        Mode::Checklist(_) => checklist_command(app, cmd),
        Mode::Templates(_) => super::templates::command(app, cmd),
        _ => Vec::new(),
    }
}

/// How far a list moves for a command (0: not a moving one).
pub(super) fn step(cmd: Command) -> isize {
    match cmd {
        Command::Up => -1,
        Command::Down => 1,
        Command::PageUp => -10,
        Command::PageDown => 10,
        Command::Top => isize::MIN / 2,
        Command::Bottom => isize::MAX / 2,
        _ => 0,
    }
}

pub(super) fn moved(cur: usize, d: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    (cur as isize + d).clamp(0, len as isize - 1) as usize
}

fn help_command(app: &mut App, cmd: Command) -> Vec<Effect> {
    let Mode::Help { scroll } = &mut app.mode else {
        return Vec::new();
    };
    match cmd {
        Command::Close => app.mode = Mode::Normal,
        cmd => {
            let len = crate::tui::help::lines(&app.keymap, app.read_only).len();
            *scroll = moved(*scroll, step(cmd), len);
        }
    }
    Vec::new()
}

/// Score of a candidate for a lower-case query; None when it does not match. What
/// the query is the start of ranks first (the name, the label, then a word of
/// them: `CiAdr` finds `CiAdrCity`), fuzzy matches (the letters in order) last.
pub fn score(c: &Candidate, q: &str) -> Option<u32> {
    if q.is_empty() {
        return Some(0);
    }
    let qname = c.qname.to_lowercase();
    // The last name of the path: a field's own (`ciadrcity`), else the property's.
    let local = qname.rsplit(':').next().unwrap_or("");
    let label = c.label.to_lowercase();
    if qname == q || local == q {
        return Some(1000);
    }
    if local.starts_with(q) || label.starts_with(q) {
        return Some(800);
    }
    let word = |s: &str| crate::tui::complete::rank_of(s, q) == Some(1);
    if word(&c.qname) || word(&c.label) {
        return Some(700);
    }
    if qname.contains(q) || label.contains(q) {
        return Some(600);
    }
    if is_subsequence(q, &qname) || is_subsequence(q, &label) {
        return Some(300);
    }
    if c.description.to_lowercase().contains(q) {
        return Some(100);
    }
    None
}

fn is_subsequence(needle: &str, hay: &str) -> bool {
    let mut h = hay.chars();
    needle.chars().all(|n| h.any(|c| c == n))
}

pub fn open_picker(app: &mut App) -> Vec<Effect> {
    app.mode = Mode::AddProperty(PropertyPicker {
        input: crate::tui::input::TextInput::new(),
        within: None,
        matches: (0..candidates().len()).collect(),
        cursor: 0,
    });
    Vec::new()
}

/// The form of a struct property: its fields from the schema (name, type, the
/// current value); Enter edits one, typing narrows the list.
pub fn open_form(app: &mut App, name: &xmpedit_core::xmp::Name, qname: &str) -> Vec<Effect> {
    let matches: Vec<usize> = candidates()
        .iter()
        .enumerate()
        .filter(|(_, c)| c.field_of.as_ref() == Some(name))
        .map(|(i, _)| i)
        .collect();
    if matches.is_empty() {
        app.info(format!("the schema lists no fields of {qname}"));
        return Vec::new();
    }
    app.mode = Mode::AddProperty(PropertyPicker {
        input: crate::tui::input::TextInput::new(),
        within: Some((name.clone(), qname.to_string())),
        matches,
        cursor: 0,
    });
    Vec::new()
}

/// Re-ranks the picker's matches after its text changed.
pub fn refresh_picker(app: &mut App) {
    let Mode::AddProperty(p) = &mut app.mode else {
        return;
    };
    let q = p.input.text().trim().to_lowercase();
    let within = p.within.as_ref().map(|(n, _)| n);
    let mut scored: Vec<(u32, usize)> = candidates()
        .iter()
        .enumerate()
        .filter(|(_, c)| within.is_none() || c.field_of.as_ref() == within)
        .filter_map(|(i, c)| score(c, &q).map(|s| (s, i)))
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    p.matches = scored.into_iter().map(|(_, i)| i).collect();
    p.cursor = 0;
}

fn picker_command(app: &mut App, cmd: Command) -> Vec<Effect> {
    let Mode::AddProperty(p) = &mut app.mode else {
        return Vec::new();
    };
    match cmd {
        Command::Cancel => app.mode = Mode::Normal,
        Command::Confirm => {
            let Some(&i) = p.matches.get(p.cursor) else {
                return Vec::new();
            };
            app.mode = Mode::Normal;
            return choose_property(app, &candidates()[i]);
        }
        cmd if step(cmd) != 0 => p.cursor = moved(p.cursor, step(cmd), p.matches.len()),
        other => {
            if p.input.edit(other) {
                refresh_picker(app);
            }
        }
    }
    Vec::new()
}

/// Opens the prompt for a property picked from the registry.
fn choose_property(app: &mut App, c: &Candidate) -> Vec<Effect> {
    let reg = registry();
    let def = match &c.field_of {
        Some(parent) => reg.property(parent).and_then(|d| reg.field_of(d, &c.name)),
        None => reg.property(&c.name),
    };
    let Some(def) = def else {
        return Vec::new();
    };
    let path = match &c.field_of {
        Some(parent) => xmpedit_core::edit::Path::prop(parent.clone()).field(c.name.clone()),
        None => xmpedit_core::edit::Path::prop(c.name.clone()),
    };
    if let (ValueType::Struct(_), None) = (&def.ty, &c.field_of) {
        return open_form(app, &c.name, &c.qname);
    }
    let suffix = match app.targets().len() {
        0 | 1 => String::new(),
        n => format!(" ({n} assets)"),
    };
    let existing = app
        .targets()
        .first()
        .and_then(|id| app.packet(*id))
        .and_then(|p| field_value(p, c))
        .cloned();
    let hint = if c.description.is_empty() {
        c.type_label.clone()
    } else {
        format!("{} · {}", c.type_label, c.description)
    };
    let mut prompt = match &def.ty {
        ValueType::LangAlt => {
            let have: Vec<String> = existing
                .as_ref()
                .map(|n| {
                    xmpedit_core::xmp::lang::languages(n)
                        .into_iter()
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            let have: Vec<&str> = have.iter().map(String::as_str).collect();
            super::prompt::open_lang_tag(app, path, &c.qname, &have, &suffix);
            return Vec::new();
        }
        ValueType::Array(kind, inner) if matches!(**inner, ValueType::Simple(_)) => {
            let p = super::prompt::add_item_prompt(app, path, *kind, &c.qname, hint);
            app.mode = Mode::Prompt(p);
            return Vec::new();
        }
        ValueType::Simple(_) => {
            let text = existing
                .as_ref()
                .and_then(|n| n.as_text())
                .unwrap_or("")
                .to_string();
            let mut p = Prompt::new(
                format!("{}{suffix}", c.qname),
                PromptKind::Value { path },
                &text,
            );
            if c.field_of.is_none() {
                p.completions = super::prompt::folder_values(app, &c.name);
            }
            p
        }
        ValueType::Array(ArrayKind::Alt | ArrayKind::Bag | ArrayKind::Seq, _)
        | ValueType::Struct(_) => {
            let mut p = Prompt::new(
                format!("Edit{suffix}"),
                PromptKind::Expression,
                &format!("{}/", c.qname),
            );
            p.hint = format!(
                "{} holds structures: set a field, e.g. {}/FIELD=value",
                c.qname, c.qname
            );
            app.mode = Mode::Prompt(p);
            return Vec::new();
        }
    };
    prompt.hint = hint;
    app.mode = Mode::Prompt(prompt);
    Vec::new()
}

/// A candidate's node in a packet: the property, or the field of its struct.
pub fn field_value<'a>(
    p: &'a xmpedit_core::xmp::Packet,
    c: &Candidate,
) -> Option<&'a xmpedit_core::xmp::Node> {
    match &c.field_of {
        None => p.get(&c.name),
        Some(parent) => p
            .get(parent)?
            .fields()?
            .iter()
            .find(|(k, _)| *k == c.name)
            .map(|(_, v)| v),
    }
}

/// `w`: the write dialog for every asset with pending changes.
pub fn open_write(app: &mut App) -> Vec<Effect> {
    if app.busy.is_some() {
        app.warn("a write is already running");
        return Vec::new();
    }
    let assets = app.pending_assets();
    if assets.is_empty() {
        app.info("nothing to write: no pending changes");
        return Vec::new();
    }
    let mut candidates = Vec::new();
    let mut chosen = Vec::new();
    for id in &assets {
        let Some(asset) = app.asset(*id) else {
            continue;
        };
        for f in plan::targets(asset, TargetChoice::All, &[]) {
            candidates.push((*id, f));
        }
        for f in plan::targets(asset, TargetChoice::Original, &[]) {
            chosen.push(f.path);
        }
    }
    app.mode = Mode::Write(WritePicker {
        choice: TargetChoice::Original,
        assets,
        candidates,
        chosen,
        in_list: false,
        list_cursor: 0,
        scroll: 0,
    });
    Vec::new()
}

/// The plan a write dialog describes.
pub fn build_plan(app: &App, w: &WritePicker) -> WritePlan {
    let mut jobs = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    for id in &w.assets {
        let (Some(asset), Some(pending)) = (app.asset(*id), app.edits.by_asset.get(id)) else {
            continue;
        };
        for op in &pending.ops {
            let t = app.op_text(op);
            if !texts.contains(&t) {
                texts.push(t);
            }
        }
        jobs.push(plan::WriteJob {
            asset: asset.clone(),
            ops: pending.ops.clone(),
            accept_loss: app.accept_loss.contains(id),
        });
    }
    let mut command = texts.join("; ");
    if command.chars().count() > 200 {
        command = command.chars().take(199).collect::<String>() + "…";
    }
    WritePlan {
        command,
        choice: w.choice.to_engine(&w.chosen),
        filter: app.ns_filter.clone(),
        jobs,
        scope: xmpedit_session::writeback::Scope::new(
            app.named.iter().cloned().collect(),
            vec![app.root.clone()],
            "the folder opened",
        ),
    }
}

fn write_command(app: &mut App, cmd: Command) -> Vec<Effect> {
    let Mode::Write(w) = &mut app.mode else {
        return Vec::new();
    };
    let d = step(cmd);
    match cmd {
        Command::Cancel => {
            app.mode = Mode::Normal;
            app.info("not written; changes stay pending");
        }
        Command::ToggleList if w.choice == TargetChoice::Chosen => w.in_list = !w.in_list,
        Command::Right if w.choice == TargetChoice::Chosen => w.in_list = true,
        Command::Left => w.in_list = false,
        Command::Tick if w.in_list => {
            if let Some((_, f)) = w.candidates.get(w.list_cursor) {
                let p = f.path.clone();
                if let Some(i) = w.chosen.iter().position(|c| *c == p) {
                    w.chosen.remove(i);
                } else {
                    w.chosen.push(p);
                }
            }
        }
        Command::Confirm => {
            let picker = w.clone();
            let plan = build_plan(app, &picker);
            let files = plan.file_count();
            if files == 0 {
                app.warn("no file to write for this choice");
                return Vec::new();
            }
            app.mode = Mode::Normal;
            app.busy = Some(WriteProgress {
                done: 0,
                total: files,
                failed: 0,
            });
            app.info(format!("writing {files} files…"));
            return vec![Effect::Write(plan)];
        }
        // Page keys and Home/End scroll the files and changes below the targets;
        // the view clamps the offset to what there is.
        Command::PageUp | Command::PageDown | Command::Top | Command::Bottom if !w.in_list => {
            let w2 = w.clone();
            let len = crate::tui::view::write::body_len(app, &w2);
            if let Mode::Write(w) = &mut app.mode {
                w.scroll =
                    (w.scroll as isize + d).clamp(0, len.saturating_sub(1) as isize) as usize;
            }
        }
        _ if d != 0 => {
            if w.in_list {
                w.list_cursor = moved(w.list_cursor, d, w.candidates.len());
            } else {
                let i = TargetChoice::ALL
                    .iter()
                    .position(|c| *c == w.choice)
                    .unwrap_or(0);
                w.choice = TargetChoice::ALL[moved(i, d, TargetChoice::ALL.len())];
            }
        }
        _ => {}
    }
    Vec::new()
}

/// The keyword checklist: Space ticks, Enter removes the ticked items from every
/// target (one pending edit), Esc leaves everything as it is.
fn checklist_command(app: &mut App, cmd: Command) -> Vec<Effect> {
    let Mode::Checklist(c) = &mut app.mode else {
        return Vec::new();
    };
    match cmd {
        Command::Cancel => {
            app.mode = Mode::Normal;
            app.info("cancelled; nothing removed");
        }
        Command::Tick => {
            if let Some(t) = c.ticked.get_mut(c.cursor) {
                *t = !*t;
            }
            c.cursor = moved(c.cursor, 1, c.items.len());
        }
        Command::Confirm => {
            let gone: Vec<String> = c
                .items
                .iter()
                .zip(&c.ticked)
                .filter(|(_, t)| **t)
                .map(|((k, _), _)| k.clone())
                .collect();
            if gone.is_empty() {
                let tick = app.key_in(crate::tui::keymap::Context::Checklist, Command::Tick);
                app.warn(format!("nothing ticked: {tick} ticks an item to remove"));
                return Vec::new();
            }
            let label = format!("remove {} from {}", gone.join(", "), c.qname);
            let ops: Vec<Op> = gone
                .into_iter()
                .map(|k| Op::RemoveItem {
                    path: c.path.clone(),
                    item: ItemRef::Value(k),
                })
                .collect();
            app.mode = Mode::Normal;
            match super::edit::apply_ops(app, &label, ops) {
                Ok(m) => app.info(m),
                Err(e) => app.error(e),
            }
        }
        cmd if step(cmd) != 0 => c.cursor = moved(c.cursor, step(cmd), c.items.len()),
        _ => {}
    }
    Vec::new()
}

fn report_command(app: &mut App, cmd: Command) -> Vec<Effect> {
    let Mode::Report(r) = &mut app.mode else {
        return Vec::new();
    };
    match cmd {
        Command::Close => app.mode = Mode::Normal,
        Command::Reload => {
            app.mode = Mode::Normal;
            return super::results::reload(app);
        }
        cmd => {
            let len = r.lines.len() + r.failures.len();
            r.scroll = moved(r.scroll, step(cmd), len);
        }
    }
    Vec::new()
}

fn confirm_command(app: &mut App, cmd: Command) -> Vec<Effect> {
    match cmd {
        Command::Confirm => request_quit(app, true),
        Command::Write => {
            app.mode = Mode::Normal;
            open_write(app)
        }
        Command::Cancel => {
            app.mode = Mode::Normal;
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Quits, or asks first when changes are pending or a write runs (`force` skips
/// the question).
pub fn request_quit(app: &mut App, force: bool) -> Vec<Effect> {
    if force || (app.pending_count() == 0 && app.busy.is_none()) {
        app.quit = true;
        return vec![Effect::Quit];
    }
    app.mode = Mode::ConfirmQuit;
    Vec::new()
}
