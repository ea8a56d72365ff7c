//! State and small helpers of the RDF walker: limits, error routing, names, ordered
//! qualifier insertion and duplicate detection that stays linear on huge structs.

use std::collections::{HashMap, HashSet};

use foldhash::fast::RandomState;

use crate::xmp::error::ParseErrorKind as K;
use crate::xmp::model::{Fields, Node};
use crate::xmp::name::Name;
use crate::xmp::parse::diag::{Fail, Res, Sink};
use crate::xmp::parse::dom::{Attr, Doc, Elem};
use crate::xmp::parse::names::{Names, Term};

pub(crate) struct Walker<'d, 'a> {
    pub doc: &'d Doc<'a>,
    pub sink: &'d mut Sink,
    pub names: Names,
    pub max_depth: usize,
    pub max_nodes: usize,
    pub nodes: usize,
    /// Top-level nodes carrying `rdf:nodeID`, by id.
    pub node_ids: HashMap<&'d str, usize>,
    /// Referents being expanded (cycle guard).
    pub resolving: Vec<usize>,
}

impl<'d, 'a> Walker<'d, 'a> {
    pub fn new(doc: &'d Doc<'a>, sink: &'d mut Sink, max_depth: usize, max_nodes: usize) -> Self {
        Walker {
            doc,
            sink,
            names: Names::default(),
            max_depth,
            max_nodes,
            nodes: 0,
            node_ids: HashMap::new(),
            resolving: Vec::new(),
        }
    }

    /// Counts one model node against the node limit.
    pub fn count(&mut self, pos: usize) -> Res<()> {
        self.nodes += 1;
        if self.nodes > self.max_nodes {
            return Err(Fail::new(
                pos,
                K::Limit,
                format!("packet has more than {} nodes (limit)", self.max_nodes),
            ));
        }
        Ok(())
    }

    pub fn deeper(&self, depth: usize, pos: usize) -> Res<()> {
        if depth > self.max_depth {
            return Err(Fail::new(
                pos,
                K::Limit,
                format!(
                    "values are nested deeper than {} levels (limit)",
                    self.max_depth
                ),
            ));
        }
        Ok(())
    }

    /// A recoverable RDF error (docs/rdf-xml.md, "Errors").
    pub fn rdf_err(&mut self, pos: usize, msg: impl Into<String>) -> Res<()> {
        self.sink.recoverable(pos, K::Rdf, msg)
    }

    /// Refuses names without a usable namespace; Ok(false) means "skip it" (lenient).
    pub fn check_ns(&mut self, term: Term, prefix: &str, pos: usize) -> Res<bool> {
        match term {
            Term::NoNs => {
                self.sink.recoverable(
                    pos,
                    K::Namespace,
                    "XML namespace required for all elements and attributes",
                )?;
                Ok(false)
            }
            Term::Unbound => {
                self.sink.recoverable(
                    pos,
                    K::Namespace,
                    format!("namespace prefix '{prefix}' is not declared"),
                )?;
                Ok(false)
            }
            _ => Ok(true),
        }
    }

    pub fn elem_name(&mut self, e: &Elem<'a>) -> Name {
        self.names.name(self.doc, e.ns, e.local)
    }

    pub fn attr_name(&mut self, a: &Attr<'a>) -> Name {
        self.names.name(self.doc, a.ns, a.local)
    }

    pub fn lang_name(&mut self) -> Name {
        self.names
            .name(self.doc, crate::xmp::parse::dom::NS_XML, "lang")
    }

    pub fn warn_id(&mut self, pos: usize) {
        self.sink.warn(pos, "rdf:ID is not used in XMP; dropped");
    }

    pub fn warn_datatype(&mut self, pos: usize) {
        self.sink
            .warn(pos, "rdf:datatype is not used in XMP; dropped");
    }

    /// `xml:lang` written on `rdf:Description` or an array element (docs/rdf-xml.md,
    /// "xml:lang placement"): an error; lenient mode moves it to the enclosing property
    /// element.
    pub fn misplaced_lang(
        &mut self,
        a: &Attr<'a>,
        what: &str,
        owner: Option<&mut Fields>,
    ) -> Res<()> {
        if !self.sink.recover {
            return Err(Fail::new(
                a.pos,
                K::Rdf,
                format!("xml:lang is not allowed on {what}"),
            ));
        }
        match owner {
            Some(q) if !q.iter().any(|(n, _)| n.is_xml_lang()) => {
                let name = self.lang_name();
                push_qual(q, name, Node::text(a.value.to_string()));
                self.sink.repaired(
                    a.pos,
                    format!("xml:lang on {what} moved to the enclosing property element"),
                );
            }
            _ => self
                .sink
                .repaired(a.pos, format!("xml:lang on {what} dropped")),
        }
        Ok(())
    }
}

/// Adds a qualifier keeping the model order: `xml:lang` first, `rdf:type` next, then the
/// others in arrival order.
pub(crate) fn push_qual(quals: &mut Fields, name: Name, node: Node) {
    if name.is_xml_lang() {
        quals.insert(0, (name, node));
    } else if name.is_rdf_type() {
        let at = usize::from(quals.first().is_some_and(|(n, _)| n.is_xml_lang()));
        quals.insert(at.min(quals.len()), (name, node));
    } else {
        quals.push((name, node));
    }
}

/// Named children with duplicate detection: a linear scan while short, a hash set once
/// long, so a struct with 100 000 fields does not take quadratic time.
#[derive(Default)]
pub(crate) struct FieldList {
    pub fields: Fields,
    set: Option<HashSet<Key, RandomState>>,
}

/// A name in the duplicate set, hashed by its local part only: cheaper than hashing the
/// namespace URI too, and equal names still hash equally (equality compares both).
#[derive(PartialEq, Eq)]
struct Key(Name);

impl std::hash::Hash for Key {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.local.hash(state);
    }
}

const HASH_FROM: usize = 16;

impl FieldList {
    pub fn from_fields(fields: Fields) -> Self {
        FieldList { fields, set: None }
    }

    pub fn contains(&mut self, name: &Name) -> bool {
        if self.fields.len() < HASH_FROM {
            return self.fields.iter().any(|(n, _)| n == name);
        }
        let fields = &self.fields;
        self.set
            .get_or_insert_with(|| {
                let mut set =
                    HashSet::with_capacity_and_hasher(fields.len() * 2, RandomState::default());
                set.extend(fields.iter().map(|(n, _)| Key(n.clone())));
                set
            })
            .contains(&Key(name.clone()))
    }

    fn note(&mut self, name: &Name) {
        if let Some(s) = &mut self.set {
            s.insert(Key(name.clone()));
        }
    }

    pub fn reserve(&mut self, n: usize) {
        self.fields.reserve(n);
    }

    /// Appends unless the name is present; false on a duplicate.
    pub fn try_push(&mut self, name: Name, node: Node) -> bool {
        if self.contains(&name) {
            return false;
        }
        self.note(&name);
        self.fields.push((name, node));
        true
    }

    /// Adds a qualifier in model order unless present; false on a duplicate.
    pub fn try_push_qual(&mut self, name: Name, node: Node) -> bool {
        if self.contains(&name) {
            return false;
        }
        self.note(&name);
        push_qual(&mut self.fields, name, node);
        true
    }

    /// Replaces a present entry (lenient duplicate handling).
    pub fn replace(&mut self, name: &Name, node: Node) {
        if let Some(slot) = self.fields.iter_mut().find(|(n, _)| n == name) {
            slot.1 = node;
        }
    }
}
