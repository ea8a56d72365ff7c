//! Edit operations as data.
//!
//! An [`Op`] is a plain-data description of one change to one top-level property
//! (its subtree). Undo, redo, bulk edits, dry runs, the TUI's pending list and the
//! journal all use the same type; [`Op::apply`](crate::edit::apply) returns the
//! inverse op. Ops carry no serialised form: the journal owns the one it stores
//! (`xmpedit_session::journal::record`), so the edit layer can change without
//! changing journals on disk. `Display` prints the op in the EDIT expression syntax where one exists
//! (`dc:subject+=alps`), so pending lists and the log read like what the user typed.

use crate::edit::path::{Canonical, Path, Resolver};
use crate::xmp::{ns, ArrayKind, Name, Node};
use std::fmt;

/// Which item a [`Op::RemoveItem`] removes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemRef {
    /// Every simple item with exactly this text.
    Value(String),
    /// The item at this 1-based index.
    Index(usize),
}

/// One edit of one top-level property. Indexes are 1-based, as in the text form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// Sets a simple value, creating missing parents (structs for field steps; an
    /// array item when the path's last index is one past the end). A URI value stays a
    /// URI; a language alternative at the path gets its `x-default` set; a path ending
    /// in `[LANG]` acts as [`Op::SetLang`].
    SetSimple {
        path: Path,
        value: String,
        /// Kinds for arrays created by index steps, in step order (Seq when absent).
        new_arrays: Vec<ArrayKind>,
    },
    /// Sets one language's text with the x-default rules of docs/data-model.md,
    /// "Setting a language"
    /// ([`crate::xmp::lang::set_text`]); a missing property becomes a Lang Alt.
    SetLang {
        path: Path,
        lang: String,
        text: String,
    },
    /// Removes exactly this language (no-op when absent). The property is removed
    /// when its last alternative goes.
    RemoveLang { path: Path, lang: String },
    /// Copies this language's text into `x-default` (creating it, first).
    MakeDefaultLang { path: Path, lang: String },
    /// Appends a simple item, creating the array (of `kind`) when missing. Adding text
    /// a Bag already holds is a no-op; Seq and Alt arrays take duplicates.
    AddItem {
        path: Path,
        value: String,
        kind: ArrayKind,
    },
    /// Removes items (no-op when the value is absent). The property, field or item
    /// holding the array is removed when its last item goes.
    RemoveItem { path: Path, item: ItemRef },
    /// Replaces the text of item `index`, keeping its qualifiers.
    ReplaceItem {
        path: Path,
        index: usize,
        value: String,
    },
    /// Adds, in order, each item whose text the array does not already hold (nor an
    /// earlier item of `items`), creating the array (of `kind`) when missing: what
    /// `import --merge` does to a Bag or a Seq, so importing twice adds nothing.
    MergeItems {
        path: Path,
        kind: ArrayKind,
        items: Vec<String>,
    },
    /// Moves item `from` to position `to` (both 1-based, in the current array).
    MoveItem { path: Path, from: usize, to: usize },
    /// Replaces the node's value by an array of simple items (its qualifiers stay).
    SetList {
        path: Path,
        kind: ArrayKind,
        items: Vec<String>,
    },
    /// `xmp:Rating`: -1 (rejected) or 0..=5.
    SetRating(i8),
    /// Removes the node at the path (no-op when absent). Exact: parents stay.
    Delete { path: Path },
    /// Puts an exact subtree at the path. For a top-level property, `at` is its
    /// 0-based position among the properties (moved there when it exists elsewhere;
    /// kept in place when `None`). Inverses are built from this.
    SetNode {
        path: Path,
        node: Node,
        at: Option<usize>,
    },
    /// Changes nothing: the inverse of an edit that changed nothing.
    Noop,
}

/// `xmp:Rating`.
pub fn rating_name() -> Name {
    Name::new(ns::XMP, "Rating")
}

impl Op {
    /// The path the op addresses (`xmp:Rating` for [`Op::SetRating`]); `None` for
    /// [`Op::Noop`].
    pub fn path(&self) -> Option<Path> {
        Some(match self {
            Op::SetSimple { path, .. }
            | Op::SetLang { path, .. }
            | Op::RemoveLang { path, .. }
            | Op::MakeDefaultLang { path, .. }
            | Op::AddItem { path, .. }
            | Op::MergeItems { path, .. }
            | Op::RemoveItem { path, .. }
            | Op::ReplaceItem { path, .. }
            | Op::MoveItem { path, .. }
            | Op::SetList { path, .. }
            | Op::Delete { path }
            | Op::SetNode { path, .. } => path.clone(),
            Op::SetRating(_) => Path::prop(rating_name()),
            Op::Noop => return None,
        })
    }

    /// The top-level property the op touches (ops never touch more than one).
    pub fn property(&self) -> Option<Name> {
        match self {
            Op::SetRating(_) => Some(rating_name()),
            Op::Noop => None,
            other => other.path().map(|p| p.prop),
        }
    }

    pub fn is_noop(&self) -> bool {
        matches!(self, Op::Noop)
    }

    /// The op as text with prefixes from `resolver`: an EDIT expression where the
    /// syntax has one (`dc:title[de-DE]=Titel`, `-dc:subject[2]`), a short phrase
    /// otherwise (`move dc:creator[3] to 1`).
    pub fn to_text(&self, resolver: &dyn Resolver) -> String {
        let p = |path: &Path| path.to_text(resolver);
        match self {
            Op::SetSimple { path, value, .. } => format!("{}={value}", p(path)),
            Op::SetLang { path, lang, text } => format!("{}[{lang}]={text}", p(path)),
            Op::RemoveLang { path, lang } => format!("-{}[{lang}]", p(path)),
            Op::MakeDefaultLang { path, lang } => {
                format!("make {}[{lang}] the x-default", p(path))
            }
            Op::AddItem { path, value, .. } => format!("{}+={value}", p(path)),
            Op::MergeItems { path, items, .. } => {
                format!("{}+={} (new items only)", p(path), items.join("; "))
            }
            Op::RemoveItem {
                path,
                item: ItemRef::Value(v),
            } => format!("{}-={v}", p(path)),
            Op::RemoveItem {
                path,
                item: ItemRef::Index(i),
            } => format!("-{}[{i}]", p(path)),
            Op::ReplaceItem { path, index, value } => format!("{}[{index}]={value}", p(path)),
            Op::MoveItem { path, from, to } => format!("move {}[{from}] to [{to}]", p(path)),
            Op::SetList { path, kind, items } => {
                format!("{}={} ({})", p(path), items.join("; "), kind.rdf_name())
            }
            Op::SetRating(r) => format!("xmp:Rating={r}"),
            Op::Delete { path } => format!("-{}", p(path)),
            // Labelled by what it sets, as the user sees it (a redone paste reads
            // `dc:title = "Sunset"`, not `restore dc:title`).
            Op::SetNode { path, node, .. } => format!("{} = {}", p(path), node_text(node)),
            Op::Noop => "no change".into(),
        }
    }
}

/// A node's value in one line: quoted text for a simple value or a single-language
/// alternative, the usual summary otherwise.
fn node_text(node: &crate::xmp::Node) -> String {
    let shown = crate::present::summary(node, None);
    let single_lang = crate::xmp::lang::is_lang_alt(node)
        && matches!(&node.value, crate::xmp::Value::Array(_, items) if items.len() == 1);
    if node.as_text().is_some() || single_lang {
        format!("\"{shown}\"")
    } else {
        shown
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text(&Canonical))
    }
}
