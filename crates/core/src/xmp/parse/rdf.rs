//! Finding the XMP in an XML tree (the toolkit's `PickBestRoot`, docs/rdf-xml.md,
//! "Finding the XMP root") and reading `rdf:RDF` with its top-level `rdf:Description`
//! elements (docs/rdf-xml.md, "Descriptions" and "Typed nodes and other RDF extras";
//! docs/data-model.md, "The about URI").

use std::collections::HashSet;

use crate::xmp::model::Fields;
use crate::xmp::parse::diag::Res;
use crate::xmp::parse::dom::{Doc, NIL, NS_RDF, NS_X};
use crate::xmp::parse::names::Term;
use crate::xmp::parse::props::{own_lang, Ctx};
use crate::xmp::parse::walk::{FieldList, Walker};

/// Where the XMP is.
pub(crate) enum Root {
    /// The `rdf:RDF` element to read.
    Rdf(usize),
    /// An `x:xmpmeta` without `rdf:RDF`: an empty packet (the toolkit reads it so).
    EmptyMeta,
    /// Neither.
    None,
}

fn is_xmpmeta(doc: &Doc, e: usize) -> bool {
    doc.elem(e)
        .is_some_and(|el| el.ns == NS_X && matches!(el.local, "xmpmeta" | "xapmeta"))
}

fn is_rdf(doc: &Doc, e: usize) -> bool {
    doc.elem(e)
        .is_some_and(|el| el.ns == NS_RDF && el.local == "RDF")
}

/// Depth-first like the toolkit: at each level an `x:xmpmeta`/`x:xapmeta` wins (its
/// content is searched next), then a bare `rdf:RDF`, then each child's subtree.
pub(crate) fn pick_best_root(doc: &Doc) -> Root {
    if doc.root == NIL {
        return Root::None;
    }
    pick(doc, &[doc.root])
}

fn pick(doc: &Doc, level: &[usize]) -> Root {
    if let Some(&m) = level.iter().find(|&&e| is_xmpmeta(doc, e)) {
        let kids: Vec<usize> = doc.children(m).collect();
        return match pick(doc, &kids) {
            Root::Rdf(r) => Root::Rdf(r),
            _ => Root::EmptyMeta,
        };
    }
    if let Some(&r) = level.iter().find(|&&e| is_rdf(doc, e)) {
        return Root::Rdf(r);
    }
    for &e in level {
        let kids: Vec<usize> = doc.children(e).collect();
        if kids.is_empty() {
            continue;
        }
        match pick(doc, &kids) {
            Root::None => {}
            found => return found,
        }
    }
    Root::None
}

impl<'d, 'a> Walker<'d, 'a> {
    /// Reads `rdf:RDF`: returns the about URI and the merged top-level properties.
    pub fn rdf_root(&mut self, rdf: usize) -> Res<(String, Fields)> {
        let doc = self.doc;
        for a in doc.attrs_of(rdf) {
            self.rdf_err(a.pos, "Invalid attributes of rdf:RDF")?;
        }
        if let Some(pos) = doc.elem(rdf).and_then(|e| e.nonws_pos) {
            self.rdf_err(pos, "Expected rdf:Description, found text")?;
        }
        let tops: Vec<usize> = doc.children(rdf).collect();
        for &t in &tops {
            if let Some(a) = doc.attrs_of(t).iter().find(|a| a.term == Term::NodeId) {
                self.node_ids.entry(&a.value).or_insert(t);
            }
        }
        let referenced = if self.node_ids.is_empty() {
            HashSet::new()
        } else {
            self.references(&tops)
        };
        let mut about: Option<String> = None;
        let mut props = FieldList::default();
        for &t in &tops {
            let Some(el) = doc.elem(t) else { continue };
            if referenced.contains(&t) {
                continue;
            }
            match el.term {
                Term::Description => self.top_description(t, &mut about, &mut props)?,
                Term::Plain | Term::Bag | Term::Seq | Term::Alt | Term::OtherRdf | Term::Type => {
                    self.rdf_err(el.pos, "Top level typedNode not allowed")?
                }
                Term::NoNs | Term::Unbound => {
                    self.check_ns(el.term, el.prefix, el.pos)?;
                }
                _ => self.rdf_err(el.pos, "Node element must be rdf:Description or typed node")?,
            }
        }
        Ok((about.unwrap_or_default(), props.fields))
    }

    /// Top-level nodes that some property references with `rdf:nodeID`.
    fn references(&self, tops: &[usize]) -> HashSet<usize> {
        let doc = self.doc;
        let mut out = HashSet::new();
        let mut stack: Vec<usize> = tops.iter().flat_map(|&t| doc.children(t)).collect();
        while let Some(e) = stack.pop() {
            for a in doc.attrs_of(e) {
                if a.term == Term::NodeId {
                    if let Some(&t) = self.node_ids.get(&*a.value) {
                        out.insert(t);
                    }
                }
            }
            stack.extend(doc.children(e));
        }
        out
    }

    fn top_description(
        &mut self,
        d: usize,
        about: &mut Option<String>,
        props: &mut FieldList,
    ) -> Res<()> {
        let doc = self.doc;
        props.reserve(doc.attrs_of(d).len());
        let mut naming = 0;
        for a in doc.attrs_of(d) {
            let mut t = a.term;
            if t == Term::NoNs {
                t = match a.local {
                    "about" => Term::About,
                    "ID" => Term::Id,
                    _ => t,
                };
            }
            if matches!(t, Term::About | Term::Id | Term::NodeId) {
                naming += 1;
                if naming > 1 {
                    self.rdf_err(a.pos, "Mutally exclusive about, ID, nodeID attributes")?;
                    continue;
                }
            }
            match t {
                Term::About => match about {
                    None => *about = Some(a.value.to_string()),
                    Some(cur) if cur.is_empty() => *cur = a.value.to_string(),
                    Some(cur) => {
                        if !a.value.is_empty() && *cur != *a.value {
                            self.rdf_err(a.pos, "Mismatched top level rdf:about values")?;
                        }
                    }
                },
                Term::Id => self.warn_id(a.pos),
                Term::NodeId => {}
                Term::XmlLang => self.misplaced_lang(a, "rdf:Description", None)?,
                Term::OtherXml => self.sink.warn(
                    a.pos,
                    format!("xml:{} is not used in XMP; dropped", a.local),
                ),
                Term::Plain | Term::Type => {
                    self.count(a.pos)?;
                    let name = self.attr_name(a);
                    let node = crate::xmp::Node::text(a.value.to_string());
                    if !props.try_push(name, node) {
                        self.rdf_err(a.pos, "Duplicate property or field node")?;
                    }
                }
                Term::Value => self.rdf_err(a.pos, "Misplaced rdf:value element")?,
                Term::NoNs | Term::Unbound => {
                    self.check_ns(t, a.prefix, a.pos)?;
                }
                _ => self.rdf_err(a.pos, "Invalid nodeElement attribute")?,
            }
        }
        let scope = own_lang(doc.attrs_of(d));
        let mut no_value = None;
        self.prop_list(d, Ctx::Top, props, &mut no_value, scope, 1)
    }
}
