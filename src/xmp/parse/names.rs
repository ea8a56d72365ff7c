//! Name interning and RDF term classification for the RDF walker.
//!
//! Every [`Name`] made during one parse shares the `Arc<str>` of its namespace URI and,
//! through a small map, of its local name, so a packet with a thousand `stEvt:action`
//! fields holds one copy of each string.

use std::collections::HashMap;
use std::sync::Arc;

use crate::xmp::name::Name;
use crate::xmp::parse::dom::{Doc, NS_NONE, NS_RDF, NS_UNBOUND, NS_XML};

#[derive(Default)]
pub(crate) struct Names<'a> {
    ns: Vec<Option<Arc<str>>>,
    locals: HashMap<&'a str, Arc<str>>,
}

impl<'a> Names<'a> {
    pub fn name(&mut self, doc: &Doc<'a>, ns: u32, local: &'a str) -> Name {
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
                let a: Arc<str> = Arc::from(doc.uri(ns));
                *slot = Some(a.clone());
                a
            }
            None => Arc::from(doc.uri(ns)),
        };
        let local_arc = self
            .locals
            .entry(local)
            .or_insert_with(|| Arc::from(local))
            .clone();
        Name {
            ns: ns_arc,
            local: local_arc,
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
