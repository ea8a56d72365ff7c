//! What the cursor is on, resolved to model nodes and edit paths: the selected
//! property's node, the detail line's node and its parent, display helpers shared
//! by the editing commands.

use crate::tui::action::Command;
use crate::tui::app::{App, Pane};
use crate::tui::popup::PromptKind;
use xmpedit_core::edit::{NsMap, Path, SchemaResolver, Step};
use xmpedit_core::present::{safe_text, LineKind, PropView};
use xmpedit_core::schema::Step as ViewStep;
use xmpedit_core::xmp::{ArrayKind, Name, Node};

/// The node a property shows: the current asset's, or (several assets) the first
/// marked asset that has it.
pub(super) fn shown_node(app: &App, name: &Name) -> Option<Node> {
    app.tree
        .subjects
        .iter()
        .find_map(|id| app.packet(*id).and_then(|p| p.get(name)).cloned())
}

pub(super) fn walk<'a>(node: &'a Node, steps: &[ViewStep]) -> Option<&'a Node> {
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

pub(super) fn edit_path(name: &Name, steps: &[ViewStep]) -> Path {
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
pub(super) struct LineSel {
    pub(super) kind: LineKind,
    /// Path of the line's node.
    pub(super) path: Path,
    pub(super) node: Node,
    /// Path and node of the array or struct holding it.
    pub(super) parent_path: Path,
    pub(super) parent: Node,
    /// 0-based index in the parent array.
    pub(super) index: usize,
}

pub(super) fn selected_line(app: &App) -> Option<LineSel> {
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

pub(super) fn qname(path: &Path) -> String {
    let ns = NsMap::new();
    let r = SchemaResolver {
        ns: &ns,
        schema: xmpedit_core::schema::registry(),
    };
    safe_text(&path.to_text(&r)).into_owned()
}

pub(super) fn hint_for(prop: &PropView, mixed: Option<usize>) -> String {
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

pub(super) fn targets_label(app: &App) -> String {
    match app.targets().len() {
        0 | 1 => String::new(),
        n => format!(" ({n} assets)"),
    }
}

/// The language alternative or array the cursor is in (in the detail pane), or the
/// selected property when it is one.
pub(super) fn container(app: &App) -> Option<(Path, Node)> {
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

/// Whether a command can act on what the cursor is on now, for the footer's hints: a
/// hint for a key that would only answer "select … first" is left out (`move` on a
/// Bag item, `default` on a line that is no language, `edit` in read-only mode).
pub fn command_applies(app: &App, command: Command) -> bool {
    match command {
        Command::MoveItemUp | Command::MoveItemDown => selected_line(app).is_some_and(|s| {
            matches!(s.kind, LineKind::Item { .. }) && s.parent.array_kind() == Some(ArrayKind::Seq)
        }),
        Command::MakeDefault => {
            selected_line(app).is_some_and(|s| matches!(s.kind, LineKind::Lang { .. }))
        }
        Command::Edit => !app.read_only || app.focus == Pane::Assets,
        // In the tree and the detail pane, `d` needs a property to act on.
        Command::Delete => app.focus == Pane::Assets || app.selected_prop().is_some(),
        // Tab is offered only where there is something to complete.
        Command::CompleteNext | Command::CompletePrev => match &app.mode {
            crate::tui::popup::Mode::Prompt(p) => {
                !p.completions.is_empty() || matches!(p.kind, PromptKind::Expression)
            }
            _ => true,
        },
        _ => true,
    }
}
