//! The write dialog (targets with the files each would touch, the changes, the file
//! checklist of "choose…") and the progress bar of a running write.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::plan::{targets, TargetChoice, WriteProgress};
use crate::tui::popup::WritePicker;
use crate::tui::view::style::{centered, fit, pad, Theme};
use xmpedit_catalog::AssetId;
use xmpedit_core::edit::{NsMap, Path, SchemaResolver};
use xmpedit_core::present::{safe_text, summary};
use xmpedit_core::xmp::{Name, Node};

/// Files a choice touches over all pending assets, as a short list.
fn files_text(app: &App, w: &WritePicker, choice: TargetChoice) -> (String, usize) {
    let mut names: Vec<String> = Vec::new();
    let mut count = 0;
    let mut missing = 0;
    for id in &w.assets {
        let Some(asset) = app.asset(*id) else {
            continue;
        };
        let files = targets(asset, choice, &w.chosen);
        if files.is_empty() {
            missing += 1;
        }
        for f in files {
            count += 1;
            if names.len() < 3 {
                let new = if f.exists { "" } else { " (new)" };
                names.push(format!("{}{new}", safe_text(&f.shown)));
            }
        }
    }
    let mut text = names.join(", ");
    if count > names.len() {
        text.push_str(&format!(", … {count} files"));
    }
    if missing > 0 {
        text.push_str(&format!("  ({missing} assets have no such file)"));
    }
    (text, count)
}

pub fn draw(app: &App, w: &WritePicker, theme: &Theme, frame: &mut Frame, area: Rect) {
    let chosen = w.choice == TargetChoice::Chosen;
    let pw = area.width.saturating_sub(4).clamp(1, 96);
    let body = body(app, w, theme, usize::from(pw.saturating_sub(2)));
    // Targets (5), the list of "choose…" with its key line and answer line, the
    // scrolled part, the line saying which part shows, the keys.
    let list = if chosen { 2 + w.candidates.len() } else { 0 };
    let want = 2 + 5 + list + body.len() + 2;
    let r = centered(
        area,
        pw,
        u16::try_from(want)
            .unwrap_or(u16::MAX)
            .min(area.height.saturating_sub(2))
            .max(1),
    );
    frame.render_widget(Clear, r);
    let n = w.assets.len();
    let title = format!(
        " Write {n} asset{} with pending changes ",
        if n == 1 { "" } else { "s" }
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(Span::styled(title, theme.title()));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let iw = usize::from(inner.width);
    let ih = usize::from(inner.height);
    let mut lines: Vec<Line> = vec![Line::styled("Target", theme.title())];
    for choice in TargetChoice::ALL {
        let on = choice == w.choice;
        let radio = if on { "(•)" } else { "( )" };
        let pointer = if on && !w.in_list { "▸ " } else { "  " };
        let (files, _) = files_text(app, w, choice);
        let label = pad(choice.label(), 15);
        let mut line = Line::from(vec![
            Span::raw(pointer),
            Span::styled(format!("{radio} "), theme.key()),
            Span::raw(label),
            Span::raw(" "),
            Span::styled(fit(&files, iw.saturating_sub(22)), theme.dim()),
        ]);
        if on && !w.in_list {
            line = line.style(theme.cursor(true));
        }
        lines.push(line);
    }
    if chosen {
        checklist(app, w, theme, iw, ih, body.len(), &mut lines);
    }
    // Below the targets, scrolled as one: every file of the chosen target (the
    // checklist is that list for "choose…"), then per property its value before
    // and after.
    let room = ih.saturating_sub(lines.len() + 2);
    let top = w.scroll.min(body.len().saturating_sub(room));
    lines.extend(body.iter().skip(top).take(room).cloned());
    // Which part shows, on a line of its own so that the keys below keep theirs.
    let shown = if body.len() > room && room > 0 {
        format!(
            "lines {}–{} of {}",
            top + 1,
            (top + room).min(body.len()),
            body.len()
        )
    } else {
        String::new()
    };
    lines.push(Line::styled(
        format!("{shown:>iw$}", iw = iw.max(shown.chars().count())),
        theme.dim(),
    ));
    lines.push(Line::styled(
        fit(
            &format!(
                "{} (changes stay pending)",
                crate::tui::help::hint_line(&app.keymap, Context::Write, app.read_only)
            ),
            iw,
        ),
        theme.dim(),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The file checklist of "choose…": its keys, the rows (as many as fit, scrolled so
/// that the cursor row shows) and the line under them, which asks "write N files?"
/// after Enter.
fn checklist(
    app: &App,
    w: &WritePicker,
    theme: &Theme,
    iw: usize,
    ih: usize,
    body_len: usize,
    lines: &mut Vec<Line<'static>>,
) {
    let key = |c: Command| app.keymap.label(Context::Write, c);
    let keys = if w.in_list {
        format!(
            "  {}: tick a file · {}: write the ticked files (asks first) · {}: back",
            key(Command::Tick),
            key(Command::Confirm),
            key(Command::Cancel)
        )
    } else {
        format!(
            "  {}/{}: into the list · {}: tick a file",
            key(Command::Confirm),
            key(Command::ToggleList),
            key(Command::Tick)
        )
    };
    lines.push(Line::styled(fit(&keys, iw), theme.dim()));
    // The rows take the height there is: what is left after the targets, the line
    // under the rows, the keys at the bottom and a few lines of the changes.
    let reserve = body_len.min(ih / 4).max(1);
    let room = ih
        .saturating_sub(lines.len() + 1 + 2 + reserve)
        .max(3)
        .min(w.candidates.len());
    let offset = w.list_cursor.saturating_sub(room.saturating_sub(1));
    for (i, (id, f)) in w.candidates.iter().enumerate().skip(offset).take(room) {
        let ticked = w.chosen.contains(&f.path);
        let asset = app.asset(*id).map(|a| a.name.clone()).unwrap_or_default();
        let text = format!(
            "    [{}] {}  {}{}",
            if ticked { "x" } else { " " },
            safe_text(&f.shown),
            safe_text(&asset),
            if f.exists { "" } else { " (new sidecar)" }
        );
        let mut line = Line::raw(fit(&text, iw));
        if w.in_list && i == w.list_cursor {
            line = line.style(theme.cursor(true));
        }
        lines.push(line);
    }
    let ticked = w
        .candidates
        .iter()
        .filter(|(_, f)| w.chosen.contains(&f.path))
        .count();
    let files = |n: usize| format!("{n} file{}", if n == 1 { "" } else { "s" });
    if w.confirming {
        lines.push(Line::styled(
            fit(
                &format!(
                    "  [ write {}? {} writes · {} goes back ]",
                    files(ticked),
                    key(Command::Confirm),
                    key(Command::Cancel)
                ),
                iw,
            ),
            theme.warn(),
        ));
    } else {
        let shown = if w.candidates.len() > room {
            format!(
                " · rows {}–{} of {}",
                offset + 1,
                offset + room,
                w.candidates.len()
            )
        } else {
            String::new()
        };
        lines.push(Line::styled(
            fit(
                &format!(
                    "  {} of {} ticked{shown}",
                    ticked,
                    files(w.candidates.len())
                ),
                iw,
            ),
            theme.dim(),
        ));
    }
}

/// How many lines the scrolled part has (the update clamps its offset with it).
pub fn body_len(app: &App, w: &WritePicker) -> usize {
    body(app, w, &Theme::new(true), 80).len()
}

/// The files of the chosen target and a blank line (not for "choose…", whose
/// checklist lists them), then the changes.
fn body(app: &App, w: &WritePicker, theme: &Theme, iw: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if w.choice != TargetChoice::Chosen {
        files_part(app, w, theme, iw, &mut lines);
    }
    lines.push(Line::styled("Changes", theme.title()));
    let changes = changes(app, w);
    let nw = changes
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(0)
        .min(iw / 3);
    for c in changes {
        let tail = match (c.assets, c.mixed) {
            (1, _) => String::new(),
            (n, false) => format!("  {n} assets"),
            (n, true) => format!("  {n} assets (mixed)"),
        };
        let vw = iw.saturating_sub(nw + 4 + tail.chars().count());
        let value = format!("{} → {}", c.before, c.after);
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(pad(&c.name, nw), theme.key()),
            Span::raw("  "),
            Span::raw(pad(&fit(&value, vw), vw)),
            Span::styled(tail, theme.dim()),
        ]));
    }
    lines
}

/// `Files (N)` and every file of the chosen target, then a blank line.
fn files_part(
    app: &App,
    w: &WritePicker,
    theme: &Theme,
    iw: usize,
    lines: &mut Vec<Line<'static>>,
) {
    let mut files = Vec::new();
    for id in &w.assets {
        if let Some(asset) = app.asset(*id) {
            for f in targets(asset, w.choice, &w.chosen) {
                let new = if f.exists { "" } else { "  (new)" };
                files.push(format!("  {}{new}", safe_text(&f.shown)));
            }
        }
    }
    lines.push(Line::styled(
        format!("Files ({})", files.len()),
        theme.title(),
    ));
    lines.extend(files.into_iter().map(|f| Line::raw(fit(&f, iw))));
    lines.push(Line::default());
}

/// One changed property: its value before and after in the shown asset (the
/// current one when it is written, else the first), over how many assets, and
/// whether the others' values differ from the shown ones.
struct Change {
    name: String,
    before: String,
    after: String,
    assets: usize,
    mixed: bool,
}

fn changes(app: &App, w: &WritePicker) -> Vec<Change> {
    let reg = xmpedit_core::schema::registry();
    let ns = NsMap::new();
    let resolver = SchemaResolver {
        ns: &ns,
        schema: reg,
    };
    // Properties in the order their first edit came, with the assets editing them.
    let mut props: Vec<(Name, Vec<AssetId>)> = Vec::new();
    for id in &w.assets {
        let Some(p) = app.edits.by_asset.get(id) else {
            continue;
        };
        for op in &p.ops {
            let Some(path) = op.path() else {
                continue;
            };
            match props.iter_mut().find(|(n, _)| *n == path.prop) {
                Some((_, ids)) if !ids.contains(id) => ids.push(*id),
                Some(_) => {}
                None => props.push((path.prop, vec![*id])),
            }
        }
    }
    let values = |id: AssetId, name: &Name| -> (Option<Node>, Option<Node>) {
        let before = app.base_packet(id).ok().and_then(|p| p.get(name).cloned());
        let after = app
            .edits
            .by_asset
            .get(&id)
            .and_then(|p| p.current.get(name).cloned());
        (before, after)
    };
    let text = |n: &Option<Node>, name: &Name| match n {
        None => "(none)".to_string(),
        Some(node) => {
            let s = safe_text(&summary(node, reg.property(name))).into_owned();
            if node.as_text().is_some() {
                format!("\"{s}\"")
            } else {
                s
            }
        }
    };
    props
        .into_iter()
        .map(|(name, ids)| {
            let shown = app.current().filter(|c| ids.contains(c)).unwrap_or(ids[0]);
            let (b, a) = values(shown, &name);
            let mixed = ids
                .iter()
                .any(|id| *id != shown && values(*id, &name) != (b.clone(), a.clone()));
            Change {
                name: safe_text(&Path::prop(name.clone()).to_text(&resolver)).into_owned(),
                before: text(&b, &name),
                after: text(&a, &name),
                assets: ids.len(),
                mixed,
            }
        })
        .collect()
}

/// `Writing 1,000 files ▕████████▌   ▏ 74%  3 failed`.
pub fn progress(p: &WriteProgress, theme: &Theme, frame: &mut Frame, area: Rect) {
    let r = centered(area, 60, 3);
    frame.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let pct = (p.done * 100).checked_div(p.total).unwrap_or(0).min(100);
    let label = format!("Writing {} files ", p.total);
    let tail = format!(
        " {pct:>3}%{}",
        if p.failed > 0 {
            format!("  {} failed", p.failed)
        } else {
            String::new()
        }
    );
    let bar_w =
        usize::from(inner.width).saturating_sub(label.chars().count() + tail.chars().count() + 2);
    let filled = bar_w * pct / 100;
    let bar = format!("▕{}{}▏", "█".repeat(filled), " ".repeat(bar_w - filled));
    let line = Line::from(vec![
        Span::raw(label),
        Span::styled(bar, theme.key()),
        Span::styled(
            tail,
            if p.failed > 0 {
                theme.error()
            } else {
                theme.base()
            },
        ),
    ]);
    frame.render_widget(Paragraph::new(line), inner);
}
