//! Node elements inside a property: nested `rdf:Description`, typed nodes, `rdf:Bag`,
//! `rdf:Seq`, `rdf:Alt`, and the folding of a pseudo-struct with `rdf:value` into a
//! qualified value (the toolkit's `FixupQualifiedNode`).

use crate::xmp::model::{ArrayKind, Fields, Node, Value};
use crate::xmp::parse::diag::Res;
use crate::xmp::parse::dom::Doc;
use crate::xmp::parse::names::Term;
use crate::xmp::parse::props::{own_lang, Ctx};
use crate::xmp::parse::walk::{push_qual, FieldList, Walker};

impl<'d, 'a> Walker<'d, 'a> {
    /// The value a node element stands for; `owner` holds the qualifiers already found on
    /// the enclosing property element (`xml:lang`).
    pub fn node_element(
        &mut self,
        c: usize,
        mut owner: Fields,
        scope: Option<&'d str>,
        depth: usize,
    ) -> Res<Option<Node>> {
        let doc = self.doc;
        let Some(el) = doc.elem(c) else {
            return Ok(None);
        };
        self.deeper(depth, el.pos)?;
        let t = el.term;
        match t {
            Term::Bag => self.array(c, ArrayKind::Bag, owner, scope, depth),
            Term::Seq => self.array(c, ArrayKind::Seq, owner, scope, depth),
            Term::Alt => self.array(c, ArrayKind::Alt, owner, scope, depth),
            Term::Description => self.struct_node(c, owner, scope, depth),
            Term::Plain | Term::OtherRdf | Term::Type => {
                // A typed node: a struct with an rdf:type qualifier (docs/rdf-xml.md,
                // "Typed nodes and other RDF extras").
                let uri = format!("{}{}", doc.uri(el.ns), el.local);
                let name = self.names.name(doc, crate::xmp::parse::dom::NS_RDF, "type");
                push_qual(&mut owner, name, Node::uri(uri));
                self.struct_node(c, owner, scope, depth)
            }
            Term::NoNs | Term::Unbound => {
                self.check_ns(t, el.prefix, el.pos)?;
                Ok(None)
            }
            Term::Li | Term::NumberedLi => {
                self.rdf_err(el.pos, "Misplaced rdf:li element")?;
                Ok(None)
            }
            _ => {
                self.rdf_err(el.pos, "Node element must be rdf:Description or typed node")?;
                Ok(None)
            }
        }
    }

    /// A nested `rdf:Description` or typed node: attributes and child elements are the
    /// fields, or the qualifiers when there is an `rdf:value`.
    fn struct_node(
        &mut self,
        c: usize,
        mut owner: Fields,
        scope: Option<&'d str>,
        depth: usize,
    ) -> Res<Option<Node>> {
        let doc = self.doc;
        let Some(el) = doc.elem(c) else {
            return Ok(None);
        };
        let is_referent = self.resolving.last() == Some(&c);
        let mut fields = FieldList::default();
        fields.reserve(el.attr_end.saturating_sub(el.attr_start));
        let mut value = None;
        let mut naming = 0;
        for a in doc.attrs_of(c) {
            let mut t = a.term;
            if t == Term::NoNs {
                // Old files write unprefixed about= / ID= (the toolkit accepts them).
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
                Term::About if !is_referent => self
                    .sink
                    .warn(a.pos, "rdf:about on a nested rdf:Description is ignored"),
                Term::Id => self.warn_id(a.pos),
                Term::About | Term::NodeId => {}
                Term::XmlLang => {
                    let what = Doc::qname(el.prefix, el.local);
                    self.misplaced_lang(a, &what, Some(&mut owner))?
                }
                Term::OtherXml => self.sink.warn(
                    a.pos,
                    format!("xml:{} is not used in XMP; dropped", a.local),
                ),
                Term::Value => {
                    self.count(a.pos)?;
                    value = Some(Node::text(a.value.to_string()));
                }
                Term::Plain | Term::Type => {
                    self.count(a.pos)?;
                    let name = self.attr_name(a);
                    fields.try_push(name, Node::text(a.value.to_string()));
                }
                Term::NoNs | Term::Unbound => {
                    self.check_ns(t, a.prefix, a.pos)?;
                }
                _ => self.rdf_err(a.pos, "Invalid nodeElement attribute")?,
            }
        }
        let scope = own_lang(doc.attrs_of(c)).or(scope);
        self.prop_list(c, Ctx::Struct, &mut fields, &mut value, scope, depth)?;
        self.finish(owner, fields, value, el.pos)
    }

    /// Builds the struct, or folds `rdf:value` + siblings into a qualified value: the
    /// value keeps its own qualifiers, gains the owner's (`xml:lang`, `rdf:type`) and
    /// the sibling fields as qualifiers.
    pub fn finish(
        &mut self,
        owner: Fields,
        fields: FieldList,
        value: Option<Node>,
        pos: usize,
    ) -> Res<Option<Node>> {
        let Some(mut v) = value else {
            let mut node = Node::structure(fields.fields);
            node.qualifiers = owner;
            return Ok(Some(node));
        };
        let mut quals = FieldList::from_fields(owner);
        for (name, q) in std::mem::take(&mut v.qualifiers) {
            if quals.contains(&name) {
                if name.is_xml_lang() {
                    self.rdf_err(pos, "Duplicate xml:lang for rdf:value element")?;
                } else {
                    self.rdf_err(pos, "Duplicate qualifier node")?;
                }
                // Lenient: the rdf:value one wins (docs/rdf-xml.md, "Qualifiers in
                // RDF/XML").
                quals.replace(&name, q);
            } else {
                quals.try_push_qual(name, q);
            }
        }
        for (name, q) in fields.fields {
            if !quals.try_push_qual(name, q) {
                self.rdf_err(pos, "Duplicate qualifier node")?;
            }
        }
        v.qualifiers = quals.fields;
        Ok(Some(v))
    }

    fn array(
        &mut self,
        c: usize,
        kind: ArrayKind,
        mut owner: Fields,
        scope: Option<&'d str>,
        depth: usize,
    ) -> Res<Option<Node>> {
        let doc = self.doc;
        let Some(el) = doc.elem(c) else {
            return Ok(None);
        };
        let what = || format!("rdf:{}", kind.rdf_name());
        for a in doc.attrs_of(c) {
            match a.term {
                Term::About => self
                    .sink
                    .warn(a.pos, format!("rdf:about on {} is ignored", what())),
                Term::Id => self.warn_id(a.pos),
                Term::NodeId => {}
                Term::XmlLang => self.misplaced_lang(a, &what(), Some(&mut owner))?,
                _ => self.rdf_err(
                    a.pos,
                    format!(
                        "Invalid attribute '{}' on {}",
                        Doc::qname(a.prefix, a.local),
                        what()
                    ),
                )?,
            }
        }
        if let Some(pos) = el.nonws_pos {
            self.rdf_err(pos, "Expected property element node not found")?;
        }
        let scope = own_lang(doc.attrs_of(c)).or(scope);
        let mut items = Vec::with_capacity(el.n_children);
        for k in doc.children(c) {
            let Some(ch) = doc.elem(k) else { continue };
            match ch.term {
                Term::Li => {}
                Term::NumberedLi => self.sink.warn(
                    ch.pos,
                    format!("rdf:{} used as an array item; read as rdf:li", ch.local),
                ),
                Term::Value => {
                    self.rdf_err(ch.pos, "Misplaced rdf:value element")?;
                    continue;
                }
                _ => {
                    self.rdf_err(ch.pos, "Array items cannot have arbitrary child names")?;
                    continue;
                }
            }
            let Some(mut item) = self.prop_value(k, scope, depth + 1)? else {
                continue;
            };
            if kind == ArrayKind::Alt && item.lang().is_none() {
                if let (Some(lang), Value::Simple(_)) = (scope, &item.value) {
                    self.sink.warn(
                        ch.pos,
                        format!(
                            "rdf:li has no xml:lang; the inherited xml:lang \"{lang}\" is used"
                        ),
                    );
                    let name = self.lang_name();
                    push_qual(&mut item.qualifiers, name, Node::text(lang));
                }
            }
            items.push(item);
        }
        let mut node = Node::array(kind, items);
        node.qualifiers = owner;
        Ok(Some(node))
    }
}
