//! The application state: plain data that `update` changes and the views draw.
//!
//! Besides what the user did (cursor, marks, pending edits, mode), the state holds a
//! few derived parts (the visible asset list, the tree of the current selection)
//! that [`App::sync`] recomputes when their inputs changed, so that drawing stays a
//! cheap, pure function of `&App`.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::tui::filter::{Query, Subject};
use crate::tui::keymap::{Context, Keymap};
use crate::tui::pending::Edits;
use crate::tui::plan::WriteProgress;
use crate::tui::popup::Mode;
use crate::tui::tree::{self, RowKey, TreeModel};
use crate::tui::view::layout;
use xmpedit_catalog::{Asset, AssetId, Catalog, ReadState};
use xmpedit_core::edit::{NsMap, Op, SchemaResolver};
use xmpedit_core::present::PropView;
use xmpedit_core::xmp::{ArrayKind, Name, Node, Packet};
use xmpedit_session::writeback::NsFilter;

/// The three panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Assets,
    Tree,
    Detail,
}

impl Pane {
    pub fn context(self) -> Context {
        match self {
            Pane::Assets => Context::Assets,
            Pane::Tree => Context::Tree,
            Pane::Detail => Context::Detail,
        }
    }
}

/// The flag an asset row shows, most serious first: one marker per asset, and the
/// status bar counts assets by the marker they show, so the two always agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Marker {
    /// A file of the asset could not be read at all, or holds XMP its read could not
    /// use (a write would replace it, so it is refused).
    Unreadable,
    /// A packet was read, but parts of it were dropped (a write would lose them).
    Damaged,
    /// A validation error or a grouping problem.
    Warning,
}

impl Marker {
    pub const ALL: [Marker; 3] = [Marker::Unreadable, Marker::Damaged, Marker::Warning];

    /// The character in the asset list.
    pub fn symbol(self) -> &'static str {
        match self {
            Marker::Unreadable => "!",
            Marker::Damaged => "#",
            Marker::Warning => "?",
        }
    }

    /// The word in the status bar's counts (`2 unreadable !`).
    pub fn label(self) -> &'static str {
        match self {
            Marker::Unreadable => "unreadable",
            Marker::Damaged => "damaged",
            Marker::Warning => "with warnings",
        }
    }
}

/// How important a status message is (drives its colour).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}

/// The last message in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub level: Level,
}

/// What `y` copied: enough to paste it back as an edit.
#[derive(Debug, Clone, PartialEq)]
pub enum Clip {
    Property {
        name: Name,
        node: Node,
    },
    Lang {
        path: xmpedit_core::edit::Path,
        lang: String,
        text: String,
    },
    Item {
        path: xmpedit_core::edit::Path,
        kind: ArrayKind,
        text: String,
    },
    Value {
        path: xmpedit_core::edit::Path,
        text: String,
    },
}

/// Start-up settings.
#[derive(Debug, Clone)]
pub struct Options {
    /// The folder shown.
    pub root: PathBuf,
    /// A file to select once it is listed.
    pub select: Option<PathBuf>,
    pub read_only: bool,
    pub no_color: bool,
    pub mouse: bool,
    pub keymap: Keymap,
    /// Problems with the config file, shown at start.
    pub warnings: Vec<String>,
    /// Which namespaces a write spreads beyond the original (`[writeback]`).
    pub ns_filter: NsFilter,
    /// The shared write options (`--break-links`, `--repair-unsafe`, ...).
    pub policy: xmpedit_formats::WritePolicy,
    /// What separates the items typed into a Bag prompt (`[tui] separators`).
    pub separators: String,
    /// Writes set `xmp:MetadataDate` to now (`[write] metadata_date`).
    pub metadata_date: bool,
    /// The code replacement table (`[codes]`), for prompts and templates.
    pub codes: Option<xmpedit_core::expand::Codes>,
}

impl Options {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Options {
            root: root.into(),
            select: None,
            read_only: false,
            no_color: false,
            mouse: false,
            keymap: Keymap::defaults(),
            warnings: Vec::new(),
            ns_filter: NsFilter::default(),
            policy: Default::default(),
            separators: crate::tui::complete::DEFAULT_SEPARATORS.to_string(),
            metadata_date: true,
            codes: None,
        }
    }
}

/// The whole UI state.
#[derive(Debug)]
pub struct App {
    pub root: PathBuf,
    pub read_only: bool,
    pub no_color: bool,
    pub mouse: bool,
    pub keymap: Keymap,
    /// Which namespaces a write spreads beyond the original (`[writeback]`).
    pub ns_filter: NsFilter,
    pub policy: xmpedit_formats::WritePolicy,
    /// What separates the items typed into a Bag prompt (`,` and `;` by default).
    pub separators: String,
    /// Writes set `xmp:MetadataDate` to now (`[write] metadata_date`).
    pub metadata_date: bool,
    /// The code replacement table (`[codes]`), for prompts and templates.
    pub codes: Option<xmpedit_core::expand::Codes>,
    pub catalog: Catalog,
    /// Every asset in list order (scan order: folders as listed, names sorted).
    pub order: Vec<AssetId>,
    /// The assets the filter lets through, in list order.
    pub visible: Vec<AssetId>,
    /// Index into `visible`.
    pub cursor: usize,
    pub assets_offset: usize,
    pub marked: HashSet<AssetId>,
    /// Where `v` started a range.
    pub range_anchor: Option<AssetId>,
    pub focus: Pane,
    pub mode: Mode,
    pub edits: Edits,
    /// Packets as last written by this session, shown instead of the catalog's
    /// (a new sidecar is not in the catalog).
    pub written: HashMap<AssetId, Packet>,
    /// Assets whose files another program changed on disk since they were read
    /// (the watcher): re-read when they had no pending edits, else waiting for `R`
    /// to re-apply the edits on what is there now ([`App::needs_reload`]).
    pub outside: HashSet<AssetId>,
    /// Paths the watcher saw change that the catalog does not know, while the scan
    /// still runs (the scan may list them yet; the rest are looked at when it is done).
    pub unseen: Vec<PathBuf>,
    /// Assets with a read failure, a grouping problem or a validation error.
    pub problems: HashSet<AssetId>,
    /// Assets whose entry in `problems` is out of date (checked lazily).
    pub problems_unknown: HashSet<AssetId>,
    /// Damaged assets (a read dropped parts of a packet) the user chose to edit
    /// anyway: their writes keep only what could be read.
    pub accept_loss: HashSet<AssetId>,
    /// The edit command refused on damaged assets, and those assets: the same command
    /// again on the same assets is the user's confirmation.
    pub loss_warned: Option<(crate::tui::action::Command, Vec<AssetId>)>,
    /// One file of an asset whose own XMP the tree shows instead of the asset's
    /// (chosen in the detail pane's file list): the asset and the rendition's index.
    pub file_view: Option<(AssetId, usize)>,
    /// The applied filter (its text and parsed query).
    pub filter_text: String,
    pub filter: Option<Query>,
    pub tree: TreeModel,
    pub tree_cursor: usize,
    pub tree_offset: usize,
    /// The row the tree cursor is on, kept across rebuilds.
    pub tree_key: Option<RowKey>,
    pub detail_cursor: usize,
    pub detail_offset: usize,
    /// Groups (namespace URIs) the user collapsed or expanded against the default.
    pub toggled_groups: HashSet<String>,
    pub status: Option<Status>,
    /// A write running in the worker.
    pub busy: Option<WriteProgress>,
    pub clip: Option<Clip>,
    /// A file given on the command line, selected once listed.
    pub select_path: Option<PathBuf>,
    /// The file given on the command line, kept: a write goes through it when it is
    /// a symlink, wherever it leads.
    pub named: Option<PathBuf>,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    pub quit: bool,
    pub(crate) visible_dirty: bool,
    pub(crate) tree_dirty: bool,
    /// The tree of a huge selection is behind the scan (see `update::results`).
    pub(crate) tree_stale: bool,
}

impl App {
    pub fn new(opts: Options) -> App {
        let status = (!opts.warnings.is_empty()).then(|| Status {
            text: opts.warnings.join("; "),
            level: Level::Warn,
        });
        App {
            root: opts.root,
            read_only: opts.read_only,
            no_color: opts.no_color,
            mouse: opts.mouse,
            keymap: opts.keymap,
            ns_filter: opts.ns_filter,
            policy: opts.policy,
            separators: opts.separators,
            metadata_date: opts.metadata_date,
            codes: opts.codes,
            catalog: Catalog::new(true),
            order: Vec::new(),
            visible: Vec::new(),
            cursor: 0,
            assets_offset: 0,
            marked: HashSet::new(),
            range_anchor: None,
            focus: Pane::Assets,
            mode: Mode::Normal,
            edits: Edits::default(),
            written: HashMap::new(),
            outside: HashSet::new(),
            unseen: Vec::new(),
            problems: HashSet::new(),
            problems_unknown: HashSet::new(),
            accept_loss: HashSet::new(),
            loss_warned: None,
            file_view: None,
            filter_text: String::new(),
            filter: None,
            tree: TreeModel::default(),
            tree_cursor: 0,
            tree_offset: 0,
            tree_key: None,
            detail_cursor: 0,
            detail_offset: 0,
            toggled_groups: HashSet::new(),
            status,
            busy: None,
            clip: None,
            named: opts.select.clone(),
            select_path: opts.select,
            size: (120, 32),
            quit: false,
            visible_dirty: false,
            tree_dirty: true,
            tree_stale: false,
        }
    }

    /// The first key of a command in the focused pane, for messages that name it
    /// (`press v again`): the keymap's, so a rebinding shows.
    pub fn key_of(&self, cmd: crate::tui::action::Command) -> String {
        self.keymap.label(self.focus.context(), cmd)
    }

    /// The first key of a command in a text field or dialog.
    pub fn key_in(&self, context: Context, cmd: crate::tui::action::Command) -> String {
        self.keymap.label(context, cmd)
    }

    /// The asset under the cursor.
    pub fn current(&self) -> Option<AssetId> {
        self.visible.get(self.cursor).copied()
    }

    pub fn asset(&self, id: AssetId) -> Option<&Asset> {
        self.catalog.asset(id)
    }

    /// The assets an edit applies to: the marked ones (in list order), else the
    /// current one.
    pub fn targets(&self) -> Vec<AssetId> {
        if self.marked.is_empty() {
            return self.current().into_iter().collect();
        }
        self.order
            .iter()
            .copied()
            .filter(|id| self.marked.contains(id))
            .collect()
    }

    /// The packet as shown: with pending edits, else as last written, else as read.
    pub fn packet(&self, id: AssetId) -> Option<&Packet> {
        if let Some(p) = self.edits.by_asset.get(&id) {
            return Some(&p.current);
        }
        if let Some(p) = self.written.get(&id) {
            return Some(p);
        }
        let info = self.asset(id)?.xmp_source()?.xmp.info()?;
        info.packet.as_ref()
    }

    /// The packet edits of an asset start from, or why it cannot be edited.
    pub fn base_packet(&self, id: AssetId) -> Result<Packet, String> {
        if let Some(p) = self.written.get(&id) {
            return Ok(p.clone());
        }
        let asset = self.asset(id).ok_or("the asset is gone")?;
        let source = asset.xmp_source().ok_or("the asset has no files")?;
        match &source.xmp {
            ReadState::NotRead => Err(format!("{} is still being read", asset.name)),
            ReadState::Failed(m) => Err(format!("{} cannot be read: {m}", source.rel)),
            ReadState::Read(info) => Ok(info.packet.clone().unwrap_or_default()),
        }
    }

    /// Why an asset cannot be edited, if it cannot.
    pub fn read_state_note(&self, id: AssetId) -> Option<String> {
        if self.edits.by_asset.contains_key(&id) || self.written.contains_key(&id) {
            return None;
        }
        self.base_packet(id).err()
    }

    /// What the reads of an asset's files dropped: per damaged file its name and the
    /// reader's warnings (which say what was dropped). Empty for an intact asset.
    pub fn damage(&self, id: AssetId) -> Vec<(String, Vec<String>)> {
        let Some(asset) = self.asset(id) else {
            return Vec::new();
        };
        asset
            .renditions
            .iter()
            .filter_map(|r| match &r.xmp {
                ReadState::Read(info) if xmpedit_session::writeback::is_lossy(&info.warnings) => {
                    Some((r.rel.clone(), info.warnings.clone()))
                }
                _ => None,
            })
            .collect()
    }

    /// True when a read of the asset dropped parts of a packet and the user has not
    /// chosen to edit it anyway.
    pub fn damaged_unaccepted(&self, id: AssetId) -> bool {
        !self.accept_loss.contains(&id) && self.is_damaged(id)
    }

    /// True when a read of the asset dropped parts of a packet ([`App::damage`]).
    pub fn is_damaged(&self, id: AssetId) -> bool {
        self.asset(id).is_some_and(|a| {
            a.renditions.iter().any(|r| {
                matches!(&r.xmp, ReadState::Read(info)
                    if xmpedit_session::writeback::is_lossy(&info.warnings))
            })
        })
    }

    /// The marker of an asset row (None: nothing to flag).
    pub fn marker(&self, id: AssetId) -> Option<Marker> {
        let asset = self.asset(id)?;
        if asset.renditions.iter().any(|r| r.xmp.is_unreadable()) {
            Some(Marker::Unreadable)
        } else if self.is_damaged(id) {
            Some(Marker::Damaged)
        } else if self.problems.contains(&id) {
            Some(Marker::Warning)
        } else {
            None
        }
    }

    /// How many assets show each marker (in [`Marker::ALL`] order), and whether some
    /// assets are not validated yet (so the warning count may still grow).
    pub fn marker_counts(&self) -> ([usize; 3], bool) {
        let mut n = [0; 3];
        for id in &self.order {
            if let Some(m) = self.marker(*id) {
                n[m as usize] += 1;
            }
        }
        (n, !self.problems_unknown.is_empty())
    }

    /// The rating as shown in the list (`★★★☆☆`, `✗ rejected`), if any.
    pub fn rating_text(&self, id: AssetId) -> Option<String> {
        let text = match self.packet(id) {
            Some(p) => p.text(&xmpedit_core::edit::rating_name())?.to_string(),
            None => self.asset(id)?.summary()?.rating.clone()?,
        };
        xmpedit_core::present::stars(&text)
    }

    /// True when another program changed the asset's files under its pending edits:
    /// a write would be refused until `R` re-reads them.
    pub fn needs_reload(&self, id: AssetId) -> bool {
        self.outside.contains(&id) && self.edits.by_asset.contains_key(&id)
    }

    pub fn is_pending(&self, id: AssetId) -> bool {
        self.edits.is_changed(id)
    }

    pub fn pending_count(&self) -> usize {
        self.edits.changed_count()
    }

    /// Assets with pending changes, in list order.
    pub fn pending_assets(&self) -> Vec<AssetId> {
        self.order
            .iter()
            .copied()
            .filter(|id| self.edits.is_changed(*id))
            .collect()
    }

    pub fn set_status(&mut self, text: impl Into<String>, level: Level) {
        self.status = Some(Status {
            text: xmpedit_core::present::safe_text(&text.into()).into_owned(),
            level,
        });
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.set_status(text, Level::Info);
    }

    pub fn warn(&mut self, text: impl Into<String>) {
        self.set_status(text, Level::Warn);
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.set_status(text, Level::Error);
    }

    /// An op as the user would type it (`dc:title[de]=Titel`).
    pub fn op_text(&self, op: &Op) -> String {
        let ns = NsMap::new();
        let resolver = SchemaResolver {
            ns: &ns,
            schema: xmpedit_core::schema::registry(),
        };
        op.to_text(&resolver)
    }

    /// The selected property's view, if the tree cursor is on one.
    pub fn selected_prop(&self) -> Option<&PropView> {
        self.tree.prop_at(self.tree_cursor)
    }

    /// Notes that an asset's `!` marker must be re-evaluated. Validation is done
    /// lazily by [`App::sync`] for the rows on screen (and for all when the filter
    /// asks for `is:error`), so a scan or a bulk edit does not validate thousands
    /// of packets nobody looks at.
    pub fn refresh_problem(&mut self, id: AssetId) {
        self.problems_unknown.insert(id);
    }

    /// Re-evaluates whether an asset deserves the `!` marker, now.
    pub fn check_problem(&mut self, id: AssetId) {
        self.problems_unknown.remove(&id);
        let bad = self.asset(id).is_some_and(|a| {
            !a.problems.is_empty() || a.renditions.iter().any(|r| r.xmp.is_unreadable())
        }) || self.packet(id).is_some_and(|p| {
            xmpedit_core::schema::validate(p)
                .iter()
                .any(|p| p.severity == xmpedit_core::schema::Severity::Error)
        });
        if bad {
            self.problems.insert(id);
        } else {
            self.problems.remove(&id);
        }
    }

    /// Checks every asset whose marker is out of date.
    pub fn check_all_problems(&mut self) {
        let ids: Vec<AssetId> = self.problems_unknown.iter().copied().collect();
        for id in ids {
            self.check_problem(id);
        }
    }

    /// True when the filter depends on problem markers.
    pub fn filter_needs_problems(&self) -> bool {
        self.filter.as_ref().is_some_and(Query::mentions_errors)
    }

    /// Whether an asset passes the filter.
    pub fn passes(&self, id: AssetId) -> bool {
        let Some(q) = &self.filter else {
            return true;
        };
        let Some(asset) = self.asset(id) else {
            return false;
        };
        let subject = Subject {
            name: &asset.name,
            files: asset.renditions.iter().map(|r| r.rel.as_str()).collect(),
            packet: self.packet(id),
            marked: self.marked.contains(&id),
            pending: self.is_pending(id),
            error: self.problems.contains(&id),
        };
        q.matches(&subject)
    }

    /// Language tags used anywhere in the folder, for completion.
    pub fn languages_in_use(&self) -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        for id in &self.order {
            let Some(p) = self.packet(*id) else { continue };
            for (_, node) in &p.props {
                if xmpedit_core::xmp::lang::is_lang_alt(node) {
                    for l in xmpedit_core::xmp::lang::languages(node) {
                        if !seen.iter().any(|s| s.eq_ignore_ascii_case(l)) {
                            seen.push(l.to_string());
                        }
                    }
                }
            }
        }
        seen.sort_by_key(|s| (s != "x-default", s.to_lowercase()));
        seen
    }

    /// The texts of a property (a simple value, or each item of an array) over the
    /// given assets with the number of assets that have each, most used first (then
    /// in the order first seen): keyword completion and the keyword checklist.
    pub fn values_in_use(
        &self,
        name: &Name,
        ids: impl IntoIterator<Item = AssetId>,
    ) -> Vec<(String, usize)> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for id in ids {
            let Some(node) = self.packet(id).and_then(|p| p.get(name)) else {
                continue;
            };
            let mut texts: Vec<&str> = match node.items() {
                Some(items) => items.iter().filter_map(Node::as_text).collect(),
                None => node.as_text().into_iter().collect(),
            };
            texts.sort_unstable();
            texts.dedup();
            for t in texts {
                match counts.iter_mut().find(|(k, _)| k == t) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((t.to_string(), 1)),
                }
            }
        }
        // Stable: equal counts keep the order first seen.
        counts.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        counts
    }

    /// Pane rows available for list content, from the terminal size.
    pub fn pane_height(&self, pane: Pane) -> usize {
        let l = layout::compute(self.size.0, self.size.1, self.focus);
        let rect = match pane {
            Pane::Assets => l.assets,
            Pane::Tree => l.tree,
            Pane::Detail => l.detail,
        };
        rect.map_or(1, |r| usize::from(r.height.saturating_sub(2)).max(1))
    }

    /// Marks derived state stale after the selection or content changed.
    pub fn touch_tree(&mut self) {
        self.tree_dirty = true;
        self.tree_stale = false;
    }

    pub fn touch_visible(&mut self) {
        self.visible_dirty = true;
    }

    /// Recomputes derived state (visible list, tree) when stale and keeps cursors
    /// and scroll offsets in range. Pure computation.
    pub fn sync(&mut self) {
        if self.visible_dirty && self.filter_needs_problems() {
            self.check_all_problems();
        }
        if self.visible_dirty {
            self.visible_dirty = false;
            let current = self.current();
            self.visible = match self.filter {
                None => self.order.clone(),
                Some(_) => self
                    .order
                    .iter()
                    .copied()
                    .filter(|id| self.passes(*id))
                    .collect(),
            };
            self.cursor = current
                .and_then(|c| self.visible.iter().position(|v| *v == c))
                .unwrap_or(self.cursor);
            self.tree_dirty = true;
        }
        self.cursor = self.cursor.min(self.visible.len().saturating_sub(1));
        if self.tree_dirty {
            self.tree_dirty = false;
            self.tree = tree::build(self);
            self.tree_cursor = self
                .tree_key
                .as_ref()
                .and_then(|k| self.tree.position(k))
                .unwrap_or(self.tree_cursor)
                .min(self.tree.rows.len().saturating_sub(1));
        }
        self.tree_cursor = self.tree_cursor.min(self.tree.rows.len().saturating_sub(1));
        self.tree_key = self.tree.key(self.tree_cursor);
        let lines = self.detail_len();
        self.detail_cursor = self.detail_cursor.min(lines.saturating_sub(1));
        let h = self.pane_height(Pane::Assets);
        self.assets_offset = scroll(self.assets_offset, self.cursor, h, self.visible.len());
        if !self.problems_unknown.is_empty() {
            let end = (self.assets_offset + h).min(self.visible.len());
            let shown: Vec<AssetId> = self.visible[self.assets_offset.min(end)..end]
                .iter()
                .copied()
                .filter(|id| self.problems_unknown.contains(id))
                .collect();
            for id in shown {
                self.check_problem(id);
            }
        }
        let h = self.pane_height(Pane::Tree);
        self.tree_offset = scroll(self.tree_offset, self.tree_cursor, h, self.tree.rows.len());
    }

    /// Number of selectable lines in the detail pane.
    pub fn detail_len(&self) -> usize {
        match self.selected_prop() {
            Some(p) if self.tree.mixed.contains_key(&p.name) => 0,
            Some(p) => p.lines.len(),
            // Without a property the pane lists the asset's files, to view one.
            None => match self.tree.subjects.as_slice() {
                [one] => self.asset(*one).map_or(0, |a| a.renditions.len()),
                _ => 0,
            },
        }
    }

    /// The file whose own XMP the tree shows, when it still belongs to the one asset
    /// shown (the name, relative to the asset's folder, and its packet if any).
    pub fn viewed_file(&self) -> Option<(AssetId, &xmpedit_catalog::Rendition)> {
        let (id, i) = self.file_view?;
        if self.targets() != [id] {
            return None;
        }
        Some((id, self.asset(id)?.renditions.get(i)?))
    }
}

/// Keeps `cursor` inside a window of `height` rows starting at `offset`.
pub fn scroll(offset: usize, cursor: usize, height: usize, len: usize) -> usize {
    let height = height.max(1);
    let mut off = offset.min(len.saturating_sub(height));
    if cursor < off {
        off = cursor;
    } else if cursor >= off + height {
        off = cursor + 1 - height;
    }
    off
}
