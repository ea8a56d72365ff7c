//! Dialog commands (as the keymap resolved their keys): help, the add-property
//! picker, the write picker, the write report and the quit question.

use crate::tui::action::{Command, Effect};
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::plan::{self, TargetChoice, WritePlan, WriteProgress};
use crate::tui::popup::{
    candidates, form_fields, Candidate, Form, Mode, Prompt, PromptKind, PropertyPicker, UnknownAsk,
    WritePicker,
};
use xmpedit_core::edit::{ItemRef, Op, Path, Step};
use xmpedit_core::schema::{registry, ValueType};
use xmpedit_core::xmp::{ArrayKind, Name};

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
        forms: Vec::new(),
        matches: (0..candidates().len()).collect(),
        cursor: 0,
        unknown: None,
        error: None,
    });
    Vec::new()
}

/// The form of a struct property: its fields from the schema (name, type, the
/// current value); Enter edits one, typing narrows the list.
pub fn open_form(app: &mut App, name: &Name, qname: &str) -> Vec<Effect> {
    app.mode = Mode::Normal;
    push_form(app, Path::prop(name.clone()), qname, None)
}

/// Opens the form of the struct at `path` (over the picker or form shown, which
/// `back` returns to, or as the picker when none is open).
fn push_form(app: &mut App, path: Path, title: &str, back: Option<(usize, String)>) -> Vec<Effect> {
    let names = path_names(&path);
    let id = match registry().type_at(&names) {
        Some(ValueType::Struct(id)) => *id,
        _ => {
            app.info(format!("the schema lists no fields of {title}"));
            return Vec::new();
        }
    };
    let fields = form_fields(&path, title, id);
    if fields.is_empty() {
        app.info(format!("the schema lists no fields of {title}"));
        return Vec::new();
    }
    let form = Form {
        path,
        title: title.to_string(),
        fields,
        back,
    };
    let mut forms = match std::mem::replace(&mut app.mode, Mode::Normal) {
        Mode::AddProperty(p) => p.forms,
        _ => Vec::new(),
    };
    let len = form.fields.len();
    forms.push(form);
    app.mode = Mode::AddProperty(PropertyPicker {
        input: crate::tui::input::TextInput::new(),
        forms,
        matches: (0..len).collect(),
        cursor: 0,
        unknown: None,
        error: None,
    });
    Vec::new()
}

/// The property and struct field names along a path (what the registry's
/// `def_at` takes).
fn path_names(path: &Path) -> Vec<&Name> {
    std::iter::once(&path.prop)
        .chain(path.steps.iter().filter_map(|s| match s {
            Step::Field(n) => Some(n),
            _ => None,
        }))
        .collect()
}

/// Re-ranks the picker's matches after its text changed.
pub fn refresh_picker(app: &mut App) {
    let Mode::AddProperty(p) = &mut app.mode else {
        return;
    };
    let q = p.input.text().trim().to_lowercase();
    let mut scored: Vec<(u32, usize)> = p
        .list()
        .iter()
        .enumerate()
        .filter_map(|(i, c)| score(c, &q).map(|s| (s, i)))
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    p.matches = scored.into_iter().map(|(_, i)| i).collect();
    p.cursor = 0;
    p.unknown = None;
    p.error = None;
}

fn picker_command(app: &mut App, cmd: Command) -> Vec<Effect> {
    let Mode::AddProperty(p) = &mut app.mode else {
        return Vec::new();
    };
    if p.unknown.is_some() {
        return unknown_command(app, cmd);
    }
    match cmd {
        Command::Cancel => match p.forms.pop() {
            // Back up to the list the form was opened from.
            Some(Form {
                back: Some((cursor, text)),
                ..
            }) => {
                p.input = crate::tui::input::TextInput::with_text(&text);
                refresh_picker(app);
                if let Mode::AddProperty(p) = &mut app.mode {
                    p.cursor = cursor.min(p.matches.len().saturating_sub(1));
                }
            }
            _ => app.mode = Mode::Normal,
        },
        Command::Confirm => {
            if let Some(ask) = typed_name(app) {
                return ask;
            }
            let Mode::AddProperty(p) = &app.mode else {
                return Vec::new();
            };
            let Some(c) = p.matches.get(p.cursor).and_then(|&i| p.list().get(i)) else {
                return Vec::new();
            };
            let (c, back) = (c.clone(), (p.cursor, p.input.text()));
            return choose_property(app, &c, back);
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

/// Enter on a typed name that no offered name starts with (`dc:titel`): a name to
/// create. One the schema's namespace does not define asks first, with the nearest
/// names (the rule of `set` and its `--allow-unknown`); one it may create (a new
/// namespace's, declared) opens its value prompt; an undeclared prefix is refused.
/// None when the Enter picks from the list as usual.
fn typed_name(app: &mut App) -> Option<Vec<Effect>> {
    let Mode::AddProperty(p) = &app.mode else {
        return None;
    };
    let typed = p.input.text().trim().to_string();
    let list = p.list();
    let lower = typed.to_lowercase();
    let offered = p.matches.iter().any(|&i| {
        let q = list[i].qname.to_lowercase();
        let last = q.rsplit('/').next().unwrap_or("");
        q.starts_with(&lower) || last.starts_with(&lower)
    });
    // A moved cursor picks from the list; so does text that is no `prefix:name`.
    if p.cursor > 0 || offered || !is_qname(&typed) {
        return None;
    }
    let text = match p.form() {
        Some(f) => format!("{}/{typed}", f.title),
        None => typed.clone(),
    };
    let reg = registry();
    let ns = xmpedit_core::edit::NsMap::new();
    let resolver = xmpedit_core::edit::SchemaResolver {
        ns: &ns,
        schema: reg,
    };
    let path = match Path::parse(&text, &resolver) {
        Ok(path) => path,
        Err(e) => {
            let msg = xmpedit_core::present::safe_text(&e.to_string()).into_owned();
            if let Mode::AddProperty(p) = &mut app.mode {
                p.error = Some(msg);
            }
            return Some(Vec::new());
        }
    };
    // A name the schema defines but the list leaves out (a deprecated one): the
    // list's rules stand.
    if reg.def_at(&path_names(&path)).is_some() {
        return None;
    }
    let probe = Op::SetSimple {
        path: path.clone(),
        value: String::new(),
        new_arrays: Vec::new(),
    };
    let Some(message) = super::prompt::unknown_in_targets(app, &probe, &resolver) else {
        return Some(value_prompt(app, path, &text));
    };
    let unknown = xmpedit_core::edit::unknown_name(reg, &path);
    let Mode::AddProperty(p) = &mut app.mode else {
        return None;
    };
    let suggestion = unknown
        .and_then(|u| u.suggestions.into_iter().next())
        .and_then(|s| {
            p.list()
                .iter()
                .position(|c| c.qname == s || c.qname.rsplit('/').next() == Some(s.as_str()))
        });
    p.unknown = Some(UnknownAsk {
        path,
        text,
        message,
        suggestion,
    });
    Some(Vec::new())
}

/// `prefix:name` with nothing else (no spaces, one colon, no path steps).
fn is_qname(s: &str) -> bool {
    match s.split_once(':') {
        Some((p, l)) => {
            !p.is_empty()
                && !l.is_empty()
                && s.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, ':' | '_' | '-' | '.'))
                && !l.contains(':')
        }
        None => false,
    }
}

/// The answer to "unknown property …; did you mean …?": Enter picks the nearest
/// name, `y` creates the typed one anyway, Esc goes back to the text.
fn unknown_command(app: &mut App, cmd: Command) -> Vec<Effect> {
    let Mode::AddProperty(p) = &mut app.mode else {
        return Vec::new();
    };
    let Some(ask) = p.unknown.clone() else {
        return Vec::new();
    };
    match cmd {
        Command::Cancel => p.unknown = None,
        Command::Confirm => match ask.suggestion.and_then(|i| p.list().get(i).cloned()) {
            Some(c) => {
                p.unknown = None;
                let back = (p.cursor, p.input.text());
                return choose_property(app, &c, back);
            }
            None => {
                let y = app.key_in(Context::ConfirmUnknown, Command::AllowUnknown);
                app.warn(format!("no name to pick: {y} writes {} anyway", ask.text));
            }
        },
        Command::AllowUnknown => return value_prompt(app, ask.path, &ask.text),
        _ => {}
    }
    Vec::new()
}

/// The prompt for a simple value at a path the schema has no definition for.
fn value_prompt(app: &mut App, path: Path, text: &str) -> Vec<Effect> {
    let suffix = match app.targets().len() {
        0 | 1 => String::new(),
        n => format!(" ({n} assets)"),
    };
    // A name the file already has (not in the schema) is edited from its value.
    let existing = app
        .targets()
        .first()
        .and_then(|id| app.packet(*id))
        .and_then(|pk| {
            xmpedit_core::edit::nav::find(pk.get(&path.prop), &path)
                .ok()
                .flatten()
        })
        .and_then(|n| n.as_text())
        .unwrap_or("")
        .to_string();
    let mut p = Prompt::new(
        format!("{text}{suffix}"),
        PromptKind::Value { path },
        &existing,
    );
    p.hint = "Text · not defined by the schema".to_string();
    app.mode = Mode::Prompt(p);
    Vec::new()
}

/// Opens the prompt for a property (or field) picked from the list, or the form
/// of a struct; `back` is the list's cursor and text, which Esc in that form
/// returns to.
fn choose_property(app: &mut App, c: &Candidate, back: (usize, String)) -> Vec<Effect> {
    let reg = registry();
    let Some(def) = reg.def_at(&path_names(&c.path)) else {
        return Vec::new();
    };
    let path = c.path.clone();
    if let ValueType::Struct(_) = &def.ty {
        return push_form(app, path, &c.qname, Some(back));
    }
    app.mode = Mode::Normal;
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
            let top = path.is_top();
            let mut p = Prompt::new(
                format!("{}{suffix}", c.qname),
                PromptKind::Value { path },
                &text,
            );
            if top {
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

/// A candidate's node in a packet: the property, or the field of its struct (at
/// any depth).
pub fn field_value<'a>(
    p: &'a xmpedit_core::xmp::Packet,
    c: &Candidate,
) -> Option<&'a xmpedit_core::xmp::Node> {
    xmpedit_core::edit::nav::find(p.get(&c.path.prop), &c.path)
        .ok()
        .flatten()
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
        confirming: false,
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
    // "Write N files?" after the list of "choose…": only the answer counts.
    if w.confirming {
        match cmd {
            Command::Confirm => return start_write(app),
            Command::Cancel => w.confirming = false,
            _ => {}
        }
        return Vec::new();
    }
    match cmd {
        // Esc in the list of "choose…" goes back to the targets; on them, it closes.
        Command::Cancel if w.in_list => w.in_list = false,
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
        // Enter on "choose…" opens its checklist; Enter in the list asks before
        // writing the ticked files.
        Command::Confirm if w.choice == TargetChoice::Chosen && !w.in_list => w.in_list = true,
        Command::Confirm if w.choice == TargetChoice::Chosen => {
            let picker = w.clone();
            if build_plan(app, &picker).file_count() == 0 {
                let tick = app.key_in(crate::tui::keymap::Context::Write, Command::Tick);
                app.warn(format!("no file ticked: {tick} ticks a file to write"));
            } else if let Mode::Write(w) = &mut app.mode {
                w.confirming = true;
            }
        }
        Command::Confirm => return start_write(app),
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

/// Closes the write dialog and hands its plan to the worker.
fn start_write(app: &mut App) -> Vec<Effect> {
    let Mode::Write(w) = &app.mode else {
        return Vec::new();
    };
    let plan = build_plan(app, w);
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
    vec![Effect::Write(plan)]
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
