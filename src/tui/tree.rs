//! The middle pane's model: the XMP of the current asset (or the union of the marked
//! assets) grouped by schema, with collapsible groups, pending-change and "mixed"
//! markers. Derived from the app state by [`build`]; the view only draws it.

use std::collections::{HashMap, HashSet};

use crate::catalog::AssetId;
use crate::present::{group, Group, PropView};
use crate::schema::registry;
use crate::tui::app::App;
use crate::xmp::{Name, Node, Packet};

/// One row of the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Group(usize),
    Prop(usize, usize),
}

/// A row's identity across rebuilds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKey {
    Group(String),
    Prop(Name),
}

/// The tree of the current selection.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TreeModel {
    /// `IMG_0412`, `3 assets`.
    pub title: String,
    /// Shown instead of the tree when there is nothing to show (why).
    pub note: Option<String>,
    pub groups: Vec<Group>,
    /// Collapsed state per group.
    pub collapsed: Vec<bool>,
    pub rows: Vec<Row>,
    /// Properties whose value differs between the selected assets: how many
    /// distinct values (absence counts as one).
    pub mixed: HashMap<Name, usize>,
    /// Properties with pending (unwritten) changes.
    pub pending: HashSet<Name>,
    /// The assets shown (one, or the marked ones).
    pub subjects: Vec<AssetId>,
}

impl TreeModel {
    pub fn prop_at(&self, row: usize) -> Option<&PropView> {
        match self.rows.get(row)? {
            Row::Prop(g, p) => self.groups.get(*g)?.props.get(*p),
            Row::Group(_) => None,
        }
    }

    pub fn key(&self, row: usize) -> Option<RowKey> {
        match self.rows.get(row)? {
            Row::Group(g) => Some(RowKey::Group(self.groups.get(*g)?.ns_uri.clone())),
            Row::Prop(..) => self.prop_at(row).map(|p| RowKey::Prop(p.name.clone())),
        }
    }

    pub fn position(&self, key: &RowKey) -> Option<usize> {
        (0..self.rows.len()).find(|&i| self.key(i).as_ref() == Some(key))
    }

    /// The row of a property, expanding nothing (None when its group is collapsed).
    pub fn row_of(&self, name: &Name) -> Option<usize> {
        self.position(&RowKey::Prop(name.clone()))
    }
}

/// Whether a group starts collapsed: description-like schemas are open, camera,
/// workflow and application data and unknown namespaces are folded away.
pub fn collapsed_by_default(ns_uri: &str) -> bool {
    match registry().namespace(ns_uri) {
        Some(ns) => !matches!(ns.category.as_str(), "Description" | "Rights"),
        None => true,
    }
}

/// Builds the tree for the app's current selection.
pub fn build(app: &App) -> TreeModel {
    let subjects = app.targets();
    let mut model = TreeModel {
        subjects: subjects.clone(),
        ..TreeModel::default()
    };
    let packet: Packet = match subjects.as_slice() {
        [] => {
            model.note = Some(if app.catalog.progress().done {
                "No assets here.".to_string()
            } else {
                "Scanning…".to_string()
            });
            return model;
        }
        [one] => {
            model.title = app.asset(*one).map(|a| a.name.clone()).unwrap_or_default();
            match app.packet(*one) {
                Some(p) => p.clone(),
                None => {
                    model.note = Some(match app.read_state_note(*one) {
                        Some(n) => n,
                        None => "No XMP yet: press a to add a property.".to_string(),
                    });
                    return model;
                }
            }
        }
        many => {
            model.title = format!("{} assets", many.len());
            let (union, mixed) = union(app, many);
            model.mixed = mixed;
            union
        }
    };
    if packet.is_empty() {
        model.note = Some("No XMP yet: press a to add a property.".to_string());
    }
    for id in &subjects {
        if let Some(p) = app.edits.by_asset.get(id) {
            for (name, node) in &p.current.props {
                if p.base.get(name) != Some(node) {
                    model.pending.insert(name.clone());
                }
            }
            for (name, _) in &p.base.props {
                if p.current.get(name).is_none() {
                    model.pending.insert(name.clone());
                }
            }
        }
    }
    model.groups = group(&packet);
    model.collapsed = model
        .groups
        .iter()
        .map(|g| collapsed_by_default(&g.ns_uri) != app.toggled_groups.contains(&g.ns_uri))
        .collect();
    for (gi, g) in model.groups.iter().enumerate() {
        model.rows.push(Row::Group(gi));
        if !model.collapsed[gi] {
            model
                .rows
                .extend((0..g.props.len()).map(|pi| Row::Prop(gi, pi)));
        }
    }
    model
}

/// Distinct values kept per property before counting stops mattering.
const MAX_DISTINCT: usize = 100;

/// The union of several assets' properties: the first value found for each, and the
/// number of distinct values where they differ.
fn union(app: &App, ids: &[AssetId]) -> (Packet, HashMap<Name, usize>) {
    let mut union = Packet::new();
    // Per property: distinct values seen (None = absent in some asset), in order.
    let mut seen: HashMap<Name, Vec<Option<&Node>>> = HashMap::new();
    let mut present: HashMap<&Name, usize> = HashMap::new();
    let packets: Vec<Option<&Packet>> = ids.iter().map(|id| app.packet(*id)).collect();
    for p in packets.iter().flatten() {
        for (name, node) in &p.props {
            *present.entry(name).or_default() += 1;
            let vals = seen.entry(name.clone()).or_default();
            if vals.len() < MAX_DISTINCT && !vals.contains(&Some(node)) {
                vals.push(Some(node));
            }
            if union.get(name).is_none() {
                union.props.push((name.clone(), node.clone()));
                for (uri, prefix) in p.prefixes.iter() {
                    union.prefixes.hint(uri, prefix);
                }
            }
        }
    }
    let total = packets.len();
    let mut mixed = HashMap::new();
    for (name, vals) in seen {
        let absent = present.get(&name).copied().unwrap_or(0) < total;
        let distinct = vals.len() + usize::from(absent);
        if distinct > 1 {
            mixed.insert(name, distinct);
        }
    }
    (union, mixed)
}
