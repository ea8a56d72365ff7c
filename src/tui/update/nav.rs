//! Moving around: cursors in the three panes, pane focus, collapsing groups, marking
//! assets (single, range, all visible), the filter line, mouse clicks and wheel.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use crate::tui::action::{Command, Effect};
use crate::tui::app::{App, Pane};
use crate::tui::filter::Query;
use crate::tui::popup::Mode;
use crate::tui::tree::Row;
use crate::tui::view::layout;

fn clamp_move(cur: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    let target = cur as isize + delta;
    target.clamp(0, len as isize - 1) as usize
}

/// Moves the focused pane's cursor.
pub fn move_by(app: &mut App, delta: isize) -> Vec<Effect> {
    match app.focus {
        Pane::Assets => {
            let before = app.current();
            app.cursor = clamp_move(app.cursor, delta, app.visible.len());
            if app.current() != before {
                asset_changed(app);
            }
        }
        Pane::Tree => {
            let before = app.tree_cursor;
            app.tree_cursor = clamp_move(app.tree_cursor, delta, app.tree.rows.len());
            if before != app.tree_cursor {
                app.tree_key = app.tree.key(app.tree_cursor);
                app.detail_cursor = 0;
                app.detail_offset = 0;
            }
        }
        Pane::Detail => {
            app.detail_cursor = clamp_move(app.detail_cursor, delta, app.detail_len());
        }
    }
    Vec::new()
}

/// Enter on the detail pane's file list: the tree shows that file's own XMP (again on
/// the file shown: back to the asset).
pub fn view_file(app: &mut App) -> Vec<Effect> {
    let [id] = app.tree.subjects.as_slice() else {
        return Vec::new();
    };
    let id = *id;
    let i = app.detail_cursor;
    let Some(rel) = app
        .asset(id)
        .and_then(|a| a.renditions.get(i))
        .map(|r| r.rel.clone())
    else {
        return Vec::new();
    };
    if app.viewed_file().is_some_and(|(v, _)| v == id) && app.file_view == Some((id, i)) {
        return leave_file_view(app);
    }
    app.file_view = Some((id, i));
    app.tree_cursor = 0;
    app.touch_tree();
    let msg = format!(
        "showing only {rel}'s own XMP; {} goes back to the asset",
        app.key_of(Command::Cancel)
    );
    app.info(msg);
    Vec::new()
}

/// Back from one file's XMP to the asset's.
pub fn leave_file_view(app: &mut App) -> Vec<Effect> {
    app.file_view = None;
    app.touch_tree();
    app.info("showing the asset's XMP (all its files)");
    Vec::new()
}

/// The asset under the cursor changed: the tree follows it unless assets are marked.
pub fn asset_changed(app: &mut App) {
    app.file_view = None;
    if app.marked.is_empty() {
        app.touch_tree();
        app.detail_cursor = 0;
        app.detail_offset = 0;
    }
}

pub fn cycle_pane(app: &mut App, forward: bool) {
    app.focus = match (app.focus, forward) {
        (Pane::Assets, true) | (Pane::Detail, false) => Pane::Tree,
        (Pane::Tree, true) | (Pane::Assets, false) => Pane::Detail,
        (Pane::Detail, true) | (Pane::Tree, false) => Pane::Assets,
    };
}

pub fn left(app: &mut App) -> Vec<Effect> {
    match app.focus {
        Pane::Assets => {}
        Pane::Detail => app.focus = Pane::Tree,
        Pane::Tree => match app.tree.rows.get(app.tree_cursor).copied() {
            Some(Row::Group(g)) if !app.tree.collapsed.get(g).copied().unwrap_or(true) => {
                toggle_group(app);
            }
            Some(Row::Prop(g, _)) => {
                if let Some(i) = app.tree.rows.iter().position(|r| *r == Row::Group(g)) {
                    app.tree_cursor = i;
                    app.tree_key = app.tree.key(i);
                }
            }
            _ => app.focus = Pane::Assets,
        },
    }
    Vec::new()
}

pub fn right(app: &mut App) -> Vec<Effect> {
    match app.focus {
        Pane::Assets => app.focus = Pane::Tree,
        Pane::Detail => {}
        Pane::Tree => match app.tree.rows.get(app.tree_cursor).copied() {
            Some(Row::Group(g)) if app.tree.collapsed.get(g).copied().unwrap_or(false) => {
                toggle_group(app);
            }
            Some(Row::Prop(..)) => app.focus = Pane::Detail,
            _ => {}
        },
    }
    Vec::new()
}

/// Collapses or expands the group the tree cursor is in.
pub fn toggle_group(app: &mut App) -> Vec<Effect> {
    let g = match app.tree.rows.get(app.tree_cursor) {
        Some(Row::Group(g)) | Some(Row::Prop(g, _)) => *g,
        None => return Vec::new(),
    };
    let Some(uri) = app.tree.groups.get(g).map(|g| g.ns_uri.clone()) else {
        return Vec::new();
    };
    if !app.toggled_groups.remove(&uri) {
        app.toggled_groups.insert(uri.clone());
    }
    app.tree_key = Some(crate::tui::tree::RowKey::Group(uri));
    app.touch_tree();
    Vec::new()
}

pub fn cancel(app: &mut App) -> Vec<Effect> {
    if app.range_anchor.take().is_some() {
        app.info("range cancelled");
    } else if app.filter.is_some() {
        set_filter(app, String::new(), None);
        app.info("filter cleared");
    } else if app.focus != Pane::Assets {
        app.focus = if app.focus == Pane::Detail {
            Pane::Tree
        } else {
            Pane::Assets
        };
    }
    Vec::new()
}

fn marks_changed(app: &mut App) {
    app.touch_tree();
    app.detail_cursor = 0;
    if app.filter.is_some() {
        app.touch_visible();
    }
}

pub fn mark(app: &mut App) -> Vec<Effect> {
    let Some(id) = app.current() else {
        return Vec::new();
    };
    if !app.marked.remove(&id) {
        app.marked.insert(id);
    }
    marks_changed(app);
    app.cursor = clamp_move(app.cursor, 1, app.visible.len());
    if app.marked.is_empty() {
        asset_changed(app);
    }
    Vec::new()
}

pub fn mark_range(app: &mut App) -> Vec<Effect> {
    let Some(cur) = app.current() else {
        return Vec::new();
    };
    match app.range_anchor.take() {
        None => {
            app.range_anchor = Some(cur);
            let msg = format!(
                "range: move to its other end and press {} again ({} cancels)",
                app.key_of(Command::MarkRange),
                app.key_of(Command::Cancel)
            );
            app.info(msg);
        }
        Some(anchor) => {
            let a = app
                .visible
                .iter()
                .position(|v| *v == anchor)
                .unwrap_or(app.cursor);
            let (lo, hi) = (a.min(app.cursor), a.max(app.cursor));
            let ids: Vec<_> = app.visible[lo..=hi].to_vec();
            let n = ids.len();
            app.marked.extend(ids);
            marks_changed(app);
            app.info(format!("marked {n} assets ({} marked)", app.marked.len()));
        }
    }
    Vec::new()
}

pub fn mark_all(app: &mut App) -> Vec<Effect> {
    if !app.visible.is_empty() && app.visible.iter().all(|v| app.marked.contains(v)) {
        app.marked.clear();
        app.info("all marks cleared");
    } else {
        app.marked.extend(app.visible.iter().copied());
        app.info(format!("{} assets marked", app.marked.len()));
    }
    marks_changed(app);
    Vec::new()
}

/// Applies a filter text (an empty text clears it).
pub fn set_filter(app: &mut App, text: String, query: Option<Query>) {
    app.filter = query.filter(|q| !q.is_empty());
    app.filter_text = text;
    app.touch_visible();
}

/// Re-parses the filter being typed and applies it when it parses.
pub fn refilter_live(app: &mut App) {
    let Mode::Filter(input) = &app.mode else {
        return;
    };
    let text = input.text();
    match Query::parse(&text) {
        Ok(q) => {
            set_filter(app, text, Some(q));
            app.status = None;
        }
        Err(e) => app.warn(e),
    }
}

/// The filter line's commands: confirm keeps the filter, cancel clears it, up and
/// down move the asset cursor; editing commands edit the query.
pub fn filter_command(app: &mut App, cmd: Command) -> Vec<Effect> {
    let Mode::Filter(input) = &mut app.mode else {
        return Vec::new();
    };
    match cmd {
        Command::Confirm => {
            app.mode = Mode::Normal;
            let shown = app.visible.len();
            if app.filter.is_some() {
                app.info(format!("{shown} of {} assets match", app.order.len()));
            }
        }
        Command::Cancel => {
            app.mode = Mode::Normal;
            set_filter(app, String::new(), None);
        }
        Command::Up | Command::Down => {
            let f = app.focus;
            app.focus = Pane::Assets;
            move_by(app, if cmd == Command::Up { -1 } else { 1 });
            app.focus = f;
        }
        other => {
            if input.edit(other) {
                refilter_live(app);
            }
        }
    }
    Vec::new()
}

/// Clicks focus a pane and select the row under the pointer; the wheel scrolls.
pub fn on_mouse(app: &mut App, m: MouseEvent) -> Vec<Effect> {
    if !matches!(app.mode, Mode::Normal) {
        return Vec::new();
    }
    let l = layout::compute(app.size.0, app.size.1, app.focus);
    let Some(pane) = layout::pane_at(&l, m.column, m.row) else {
        return Vec::new();
    };
    match m.kind {
        MouseEventKind::ScrollUp | MouseEventKind::ScrollDown => {
            let f = app.focus;
            app.focus = pane;
            let d = if m.kind == MouseEventKind::ScrollUp {
                -3
            } else {
                3
            };
            move_by(app, d);
            app.focus = f;
        }
        MouseEventKind::Down(MouseButton::Left) => {
            app.focus = pane;
            let rect = match pane {
                Pane::Assets => l.assets,
                Pane::Tree => l.tree,
                Pane::Detail => l.detail,
            };
            let Some(rect) = rect else { return Vec::new() };
            let row = usize::from(m.row.saturating_sub(rect.y + 1));
            match pane {
                Pane::Assets => {
                    let target = app.assets_offset + row;
                    if target < app.visible.len() {
                        let delta = target as isize - app.cursor as isize;
                        move_by(app, delta);
                    }
                }
                Pane::Tree => {
                    let target = app.tree_offset + row;
                    if target < app.tree.rows.len() {
                        let delta = target as isize - app.tree_cursor as isize;
                        move_by(app, delta);
                    }
                }
                Pane::Detail => {}
            }
        }
        _ => {}
    }
    Vec::new()
}
