//! The detail pane: the selected property's label and type, its parts (every language
//! with x-default marked, every item, struct fields, qualifiers) with a cursor, its
//! validation problems, the keys that apply, and the schema's description. For
//! several assets whose values differ it lists the value per asset.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::view::style::{fit, pad, pad_middle, width, wrap, Theme};
use xmpedit_catalog::AssetId;
use xmpedit_core::present::{safe_text, summary, LineKind, PropView};
use xmpedit_core::schema::registry;

pub fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect, focused: bool) {
    let prop = app.selected_prop();
    let title = match prop {
        Some(p) => format!(" {} ", p.qname),
        None => " Detail ".to_string(),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(focused))
        .title(Span::styled(
            fit(&title, usize::from(area.width.saturating_sub(2))),
            theme.title(),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let w = usize::from(inner.width);
    let (lines, cursor_row) = match prop {
        Some(p) => content(app, theme, p, w, usize::from(inner.height), focused),
        None => empty(app, theme, w, focused),
    };
    let h = usize::from(inner.height);
    let offset = match cursor_row {
        Some(r) if r >= h => r + 1 - h,
        _ => 0,
    };
    let shown: Vec<Line> = lines.into_iter().skip(offset).take(h).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

/// The asset's files, each selectable to view its own XMP; and the cursor's row.
fn empty<'a>(app: &App, theme: &Theme, w: usize, focused: bool) -> (Vec<Line<'a>>, Option<usize>) {
    let mut out = Vec::new();
    let mut cursor_row = None;
    let one = match app.tree.subjects.as_slice() {
        [one] => Some(*one),
        _ => None,
    };
    let viewed = app.viewed_file().map(|(_, r)| r.id);
    if let Some(id) = one.or(app.current()) {
        if let Some(a) = app.asset(id) {
            out.push(Line::styled(fit(&safe_text(&a.name), w), theme.title()));
            for (i, r) in a.renditions.iter().enumerate() {
                let selected = one.is_some() && i == app.detail_cursor;
                if selected {
                    cursor_row = Some(out.len());
                }
                let state = match &r.xmp {
                    xmpedit_catalog::ReadState::NotRead => "reading…".to_string(),
                    xmpedit_catalog::ReadState::Failed(m) => format!("! {m}"),
                    xmpedit_catalog::ReadState::Read(i) if !i.unreadable.is_empty() => {
                        format!("XMP, ! could not be read: {}", i.unreadable.join("; "))
                    }
                    xmpedit_catalog::ReadState::Read(i) if i.has_xmp => "XMP".to_string(),
                    xmpedit_catalog::ReadState::Read(_) => "no XMP".to_string(),
                };
                let pointer = if selected && focused { "▌" } else { " " };
                let shown = if viewed == Some(r.id) { "▸" } else { " " };
                let text = format!(
                    "{pointer}{shown}{} · {} · {}",
                    safe_text(&r.rel),
                    r.role,
                    safe_text(&state)
                );
                let mut style = if r.xmp.is_unreadable() {
                    theme.error()
                } else {
                    theme.dim()
                };
                if selected {
                    style = style.patch(theme.cursor(focused));
                }
                for l in wrap(&text, w) {
                    out.push(Line::styled(l, style));
                }
            }
            if one.is_some() {
                let hint = match viewed {
                    Some(_) => format!(
                        "the tree shows the ▸ file's own XMP; {} on it or {} goes back to the asset",
                        app.keymap.label(Context::Detail, Command::Edit),
                        app.keymap.label(Context::Detail, Command::Cancel)
                    ),
                    None => format!(
                        "{} on a file: the tree shows that file's own XMP",
                        app.keymap.label(Context::Detail, Command::Edit)
                    ),
                };
                for l in wrap(&hint, w) {
                    out.push(Line::styled(l, theme.dim()));
                }
            }
            for text in link_lines(app, id) {
                for l in wrap(&text, w) {
                    out.push(Line::styled(l, theme.base()));
                }
            }
            for p in &a.problems {
                for l in wrap(&format!("! {}", safe_text(&p.to_string())), w) {
                    out.push(Line::styled(l, theme.error()));
                }
            }
            out.extend(damage_lines(app, theme, id, w));
        }
    }
    (out, cursor_row)
}

/// The asset's `xmpMM:DerivedFrom` relations to assets it is not grouped with:
/// `derived from: BlueSquare (BlueSquare.png)`, and on the source
/// `derivatives: IMG_9 (IMG_9.jpg), …`.
pub fn link_lines(app: &App, id: AssetId) -> Vec<String> {
    let links = app.catalog.derived_links(id);
    let named = |list: &[(AssetId, std::path::PathBuf)]| -> String {
        let parts: Vec<String> = list
            .iter()
            .filter_map(|(other, path)| {
                let a = app.asset(*other)?;
                let file = a
                    .renditions
                    .iter()
                    .find(|r| r.path == *path)
                    .map_or_else(|| path.display().to_string(), |r| r.rel.clone());
                Some(format!("{} ({})", safe_text(&a.name), safe_text(&file)))
            })
            .collect();
        parts.join(", ")
    };
    let mut out = Vec::new();
    if !links.from.is_empty() {
        out.push(format!("derived from: {}", named(&links.from)));
    }
    if !links.to.is_empty() {
        out.push(format!("derivatives: {}", named(&links.to)));
    }
    out
}

/// For a damaged current asset: what its reads dropped, and what editing it means.
fn damage_lines<'a>(app: &App, theme: &Theme, id: AssetId, w: usize) -> Vec<Line<'a>> {
    let damage = app.damage(id);
    if damage.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let head = if app.accept_loss.contains(&id) {
        "# damaged XMP: a write keeps only what could be read"
    } else {
        "# damaged XMP: parts could not be read and were dropped; edits are refused until \
         you repeat one"
    };
    for l in wrap(head, w) {
        out.push(Line::styled(l, theme.error()));
    }
    for (file, warnings) in damage {
        for l in wrap(&format!("  {}:", safe_text(&file)), w) {
            out.push(Line::styled(l, theme.error()));
        }
        for warning in warnings {
            for l in wrap(&format!("    {}", safe_text(&warning)), w) {
                out.push(Line::styled(l, theme.warn()));
            }
        }
    }
    out
}

/// The lines of a property and the row of the cursor among them.
fn content<'a>(
    app: &App,
    theme: &Theme,
    p: &PropView,
    w: usize,
    h: usize,
    focused: bool,
) -> (Vec<Line<'a>>, Option<usize>) {
    let mut out: Vec<Line> = Vec::new();
    let head = format!("{} · {}", p.label, p.type_label);
    out.push(Line::styled(fit(&head, w), theme.title()));
    if app.tree.pending.contains(&p.name) {
        out.push(Line::styled("changed, not written yet", theme.pending()));
    }
    if p.deprecated {
        out.push(Line::styled("deprecated", theme.warn()));
    }
    if let [one] = app.tree.subjects.as_slice() {
        out.extend(damage_lines(app, theme, *one, w));
    }
    out.push(Line::default());
    let mut cursor_row = None;
    if let Some(n) = app.tree.mixed.get(&p.name) {
        let what = match n {
            0 => "(mixed)".to_string(),
            n => format!("(mixed: {n} values)"),
        };
        out.push(Line::styled(
            fit(
                &format!("{what} across {} assets", app.tree.subjects.len()),
                w,
            ),
            theme.warn(),
        ));
        let def = registry().property(&p.name);
        let name_w = (w / 2).clamp(4, 24);
        // Only as many rows as can be seen are computed.
        let budget = h.saturating_sub(out.len() + 1).max(1);
        for id in app.tree.subjects.iter().take(budget) {
            let name = app
                .asset(*id)
                .map(|a| safe_text(&a.name).into_owned())
                .unwrap_or_default();
            let value = app
                .packet(*id)
                .and_then(|pk| pk.get(&p.name))
                .map_or_else(|| "(not set)".to_string(), |n| summary(n, def));
            out.push(Line::from(vec![
                Span::raw("  "),
                Span::raw(pad_middle(&name, name_w)),
                Span::raw(" "),
                Span::raw(fit(&value, w.saturating_sub(name_w + 3))),
            ]));
        }
        if app.tree.subjects.len() > budget {
            out.push(Line::styled(
                format!("  … {} more", app.tree.subjects.len() - budget),
                theme.dim(),
            ));
        }
    } else if p.lines.is_empty() {
        // A simple value: shown whole, wrapped.
        for l in wrap(&p.summary, w) {
            out.push(Line::raw(l));
        }
    } else {
        let key_w = p
            .lines
            .iter()
            .map(|l| width(&l.key) + 2 * l.depth)
            .max()
            .unwrap_or(4)
            .clamp(4, (w / 2).max(4));
        for (i, line) in p.lines.iter().enumerate() {
            let selected = i == app.detail_cursor;
            if selected {
                cursor_row = Some(out.len());
            }
            let pointer = if selected && focused { "▌ " } else { "  " };
            let indent = "  ".repeat(line.depth);
            let key = match line.kind {
                LineKind::Lang { default: true } => format!("{indent}{}", line.key),
                LineKind::Item { .. } => format!("{indent}{}.", line.key),
                _ => format!("{indent}{}", line.label.as_deref().unwrap_or(&line.key)),
            };
            let key_style = match line.kind {
                LineKind::Lang { default: true } => theme.key(),
                LineKind::Qualifier => theme.dim(),
                _ => theme.base(),
            };
            let value_w = w.saturating_sub(2 + key_w + 1 + 1);
            let mut spans = vec![
                Span::raw(pointer),
                Span::styled(pad(&key, key_w), key_style),
                Span::raw(" "),
                Span::raw(pad(&line.value, value_w)),
            ];
            spans.push(if line.problems.is_empty() {
                Span::raw(" ")
            } else {
                Span::styled("!", theme.error())
            });
            let mut l = Line::from(spans);
            if selected {
                l = l.style(theme.cursor(focused));
            }
            out.push(l);
        }
    }
    // Which languages x-default mirrors: editing either changes both.
    if let [one] = app.tree.subjects.as_slice() {
        let node = app.packet(*one).and_then(|pk| pk.get(&p.name));
        let mirrored = node.map(xmpedit_core::xmp::lang::mirrored_by_default);
        if let Some(m) = mirrored.filter(|m| !m.is_empty()) {
            let tags: Vec<String> = m.iter().map(|t| safe_text(t).into_owned()).collect();
            let text = format!(
                "x-default mirrors {}: editing one changes the other",
                tags.join(", ")
            );
            out.push(Line::default());
            for l in wrap(&text, w) {
                out.push(Line::styled(l, theme.dim()));
            }
        }
    }
    if !p.problems.is_empty() {
        out.push(Line::default());
        for problem in &p.problems {
            let text = format!(
                "! {} {}: {}",
                problem.path,
                problem.severity.as_str(),
                problem.message
            );
            for l in wrap(&safe_text(&text), w) {
                out.push(Line::styled(l, theme.error()));
            }
        }
    }
    if !app.read_only {
        let keys = key_hints(app, p);
        if !keys.is_empty() {
            out.push(Line::default());
            for l in wrap(&keys, w) {
                out.push(Line::styled(l, theme.dim()));
            }
        }
    }
    if !p.description.is_empty() {
        out.push(Line::default());
        for l in wrap(&p.description, w) {
            out.push(Line::styled(l, theme.dim()));
        }
    }
    (out, cursor_row)
}

/// The keys that act on this property in the detail pane.
fn key_hints(app: &App, p: &PropView) -> String {
    let k = |c: Command| app.keymap.label(Context::Detail, c);
    let is_lang = p
        .lines
        .iter()
        .any(|l| matches!(l.kind, LineKind::Lang { .. }));
    let is_list = p
        .lines
        .iter()
        .any(|l| matches!(l.kind, LineKind::Item { .. }));
    let mut parts = vec![format!("{} edit", k(Command::Edit))];
    if is_lang {
        parts.push(format!("{} add language", k(Command::Add)));
        parts.push(format!("{} make default", k(Command::MakeDefault)));
    } else if is_list {
        parts.push(format!("{} add item", k(Command::Add)));
        if p.type_label.starts_with("Seq") || p.shape.contains("Seq") {
            parts.push(format!(
                "{}/{} move",
                k(Command::MoveItemDown),
                k(Command::MoveItemUp)
            ));
        }
    }
    parts.push(format!("{} delete", k(Command::Delete)));
    parts.push(format!("{} copy", k(Command::Copy)));
    parts.join("  ")
}
