//! The middle pane's model: the XMP of the current asset (or the union of the marked
//! assets) grouped by schema, with collapsible groups, pending-change and "mixed"
//! markers. Derived from the app state by [`build`]; the view only draws it.

use std::collections::{HashMap, HashSet};

use crate::tui::app::App;
use xmpedit_catalog::{AssetId, ReadState};
use xmpedit_core::present::{group, Group, PropView};
use xmpedit_core::schema::registry;
use xmpedit_core::xmp::{Name, Node, Packet, Value};

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
    /// distinct values (absence counts as one; 0 = not counted, a huge selection).
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
        [one] if app.viewed_file().is_some() => {
            let Some((_, r)) = app.viewed_file() else {
                return model;
            };
            let name = app.asset(*one).map(|a| a.name.clone()).unwrap_or_default();
            // One file's own XMP as read, not the asset's merged view.
            model.title = format!("{name} · {} only", r.rel);
            match &r.xmp {
                ReadState::Read(info) => match &info.packet {
                    Some(p) => p.clone(),
                    None => {
                        model.note = Some(format!("{} holds no XMP.", r.rel));
                        return model;
                    }
                },
                ReadState::Failed(m) => {
                    model.note = Some(format!("{} cannot be read: {m}", r.rel));
                    return model;
                }
                ReadState::NotRead => {
                    model.note = Some(format!("{} is still being read", r.rel));
                    return model;
                }
            }
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
    // Only the properties the pending ops touch can differ from the base (a file's
    // own view shows what was read, so nothing there is pending).
    let subjects_pending: &[AssetId] = if app.viewed_file().is_some() {
        &[]
    } else {
        &subjects
    };
    for id in subjects_pending {
        if let Some(p) = app.edits.by_asset.get(id) {
            for name in p.ops.iter().filter_map(|op| op.property()) {
                if !model.pending.contains(&name) && p.base.get(&name) != p.current.get(&name) {
                    model.pending.insert(name);
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

/// Selections up to this size get exact counts of distinct values; larger ones only
/// learn whether a value differs (compared with the first asset's, which usually
/// stops at the first differing character), so marking 10,000 assets stays quick.
const EXACT_LIMIT: usize = 250;

/// A name keyed by its local part only (short, so cheap to hash); equality still
/// compares the whole name.
#[derive(PartialEq, Eq)]
struct ByLocal<'a>(&'a Name);

impl std::hash::Hash for ByLocal<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.local.hash(state);
    }
}

/// Per property while building a union.
struct Seen<'a> {
    first: &'a Node,
    hashes: HashSet<u64, Fnv>,
    differs: bool,
    present: usize,
}

/// The union of several assets' properties: the first value found for each, and for
/// values that differ between the assets the number of distinct values (absence
/// counts as one; 0 = "several", for large selections).
fn union(app: &App, ids: &[AssetId]) -> (Packet, HashMap<Name, usize>) {
    let mut union = Packet::new();
    let mut seen: HashMap<ByLocal, Seen, Fnv> = HashMap::default();
    let exact = ids.len() <= EXACT_LIMIT;
    let total = ids.len();
    for id in ids {
        let Some(p) = app.packet(*id) else { continue };
        for (name, node) in &p.props {
            let entry = seen.entry(ByLocal(name)).or_insert_with(|| {
                union.props.push((name.clone(), node.clone()));
                for (uri, prefix) in p.prefixes.iter() {
                    union.prefixes.hint(uri, prefix);
                }
                Seen {
                    first: node,
                    hashes: HashSet::default(),
                    differs: false,
                    present: 0,
                }
            });
            entry.present += 1;
            if exact {
                entry.hashes.insert(node_hash(node));
            } else if !entry.differs && entry.first != node {
                entry.differs = true;
            }
        }
    }
    let mut mixed = HashMap::new();
    for (ByLocal(name), s) in seen {
        let absent = s.present < total;
        if exact {
            let distinct = s.hashes.len() + usize::from(absent);
            if distinct > 1 {
                mixed.insert(name.clone(), distinct);
            }
        } else if s.differs || absent {
            mixed.insert(name.clone(), 0);
        }
    }
    (union, mixed)
}

/// FNV-1a: a fast hash for the in-memory tables above (no untrusted keys can
/// degrade it into anything worse than a slow display of a huge selection).
#[derive(Default, Clone, Copy)]
struct FnvHasher(u64);

impl std::hash::Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type Fnv = std::hash::BuildHasherDefault<FnvHasher>;

/// A hash of a node's whole value (form, text, items, fields, qualifiers).
fn node_hash(node: &Node) -> u64 {
    use std::hash::{Hash, Hasher};
    fn walk(n: &Node, h: &mut FnvHasher) {
        match &n.value {
            Value::Simple(t) => (0u8, t).hash(h),
            Value::Uri(t) => (1u8, t).hash(h),
            Value::Struct(fields) => {
                (2u8, fields.len()).hash(h);
                for (k, v) in fields {
                    k.hash(h);
                    walk(v, h);
                }
            }
            Value::Array(kind, items) => {
                (3u8, *kind as u8, items.len()).hash(h);
                for i in items {
                    walk(i, h);
                }
            }
        }
        n.qualifiers.len().hash(h);
        for (k, v) in &n.qualifiers {
            k.hash(h);
            walk(v, h);
        }
    }
    let mut h = FnvHasher::default();
    walk(node, &mut h);
    h.finish()
}
