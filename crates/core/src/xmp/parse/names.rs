//! Name interning and RDF term classification for the RDF walker.
//!
//! Names are interned in a bounded per-thread table, so every [`Name`] read on a thread
//! shares the `Arc<str>` of its namespace URI and local name: a packet with a thousand
//! `stEvt:action` fields, or a catalog of ten thousand photos, holds one copy of each
//! string, and reading a name costs a hash lookup instead of two allocations. Per-thread
//! (not global) so parallel readers never contend; bounded so hostile input cannot grow
//! it without limit (past the bound names are simply not shared).

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::Arc;

use foldhash::fast::RandomState;

use crate::xmp::name::Name;
use crate::xmp::parse::dom::{Doc, NS_NONE, NS_RDF, NS_UNBOUND, NS_XML};

/// Entries per thread, and the longest string shared.
const MAX_INTERNED: usize = 50_000;
const MAX_INTERNED_LEN: usize = 256;

thread_local! {
    static INTERNED: RefCell<HashSet<Arc<str>, RandomState>> =
        RefCell::new(HashSet::with_capacity_and_hasher(256, RandomState::default()));
}

/// The shared `Arc<str>` for `s`.
pub(crate) fn intern(s: &str) -> Arc<str> {
    if s.len() > MAX_INTERNED_LEN {
        return Arc::from(s);
    }
    INTERNED
        .try_with(|set| {
            let Ok(mut set) = set.try_borrow_mut() else {
                return Arc::from(s);
            };
            if let Some(a) = set.get(s) {
                return a.clone();
            }
            let a: Arc<str> = Arc::from(s);
            if set.len() < MAX_INTERNED {
                set.insert(a.clone());
            }
            a
        })
        .unwrap_or_else(|_| Arc::from(s))
}

/// Per-parse cache of namespace `Arc`s by namespace id.
#[derive(Default)]
pub(crate) struct Names {
    ns: Vec<Option<Arc<str>>>,
}

impl Names {
    pub fn name(&mut self, doc: &Doc<'_>, ns: u32, local: &str) -> Name {
        let i = ns as usize;
        if i >= doc.uris.len() {
            // Names without a (bound) namespace are refused before they get here.
            return Name::new("", local);
        }
        if self.ns.len() <= i {
            self.ns.resize(i + 1, None);
        }
        let ns_arc = match self.ns.get_mut(i) {
            Some(Some(a)) => a.clone(),
            Some(slot) => {
                let a = intern(doc.uri(ns));
                *slot = Some(a.clone());
                a
            }
            None => intern(doc.uri(ns)),
        };
        Name {
            ns: ns_arc,
            local: intern(local),
        }
    }
}

/// What an element or attribute name means to the RDF reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Term {
    Description,
    Bag,
    Seq,
    Alt,
    Li,
    /// `rdf:_1`, `rdf:_2`, ...
    NumberedLi,
    Value,
    Type,
    About,
    Id,
    NodeId,
    Resource,
    ParseType,
    Datatype,
    /// `rdf:RDF`, `rdf:aboutEach`, `rdf:aboutEachPrefix`, `rdf:bagID`.
    Syntax,
    /// Any other name in the RDF namespace.
    OtherRdf,
    XmlLang,
    /// `xml:space`, `xml:base`, ...
    OtherXml,
    /// No namespace (unprefixed, no default namespace).
    NoNs,
    /// Prefix not declared.
    Unbound,
    /// An ordinary XMP name.
    Plain,
}

pub(crate) fn term(ns: u32, local: &str) -> Term {
    match ns {
        NS_RDF => match local {
            "Description" => Term::Description,
            "Bag" => Term::Bag,
            "Seq" => Term::Seq,
            "Alt" => Term::Alt,
            "li" => Term::Li,
            "value" => Term::Value,
            "type" => Term::Type,
            "about" => Term::About,
            "ID" => Term::Id,
            "nodeID" => Term::NodeId,
            "resource" => Term::Resource,
            "parseType" => Term::ParseType,
            "datatype" => Term::Datatype,
            "RDF" | "aboutEach" | "aboutEachPrefix" | "bagID" => Term::Syntax,
            _ => match local.strip_prefix('_') {
                Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                    Term::NumberedLi
                }
                _ => Term::OtherRdf,
            },
        },
        NS_XML => {
            if local == "lang" {
                Term::XmlLang
            } else {
                Term::OtherXml
            }
        }
        NS_NONE => Term::NoNs,
        NS_UNBOUND => Term::Unbound,
        _ => Term::Plain,
    }
}
