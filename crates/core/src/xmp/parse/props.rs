//! Property elements (docs/rdf-xml.md, "Property element forms" and "Classifying a property
//! element"): classifying an element that holds a value and reading its literal, empty,
//! resource and `parseType="Resource"` forms.
//!
//! The classification follows the XMP Toolkit's `RDF_PropertyElement` so that packets
//! read the same way the Adobe parser reads them; where the toolkit silently ignores
//! something (`rdf:ID`, `rdf:datatype`) a warning is recorded instead.

use crate::xmp::model::{Fields, Node};
use crate::xmp::parse::diag::Res;
use crate::xmp::parse::dom::{Attr, NIL};
use crate::xmp::parse::names::Term;
use crate::xmp::parse::walk::{push_qual, FieldList, Walker};

/// Where a list of property elements sits: its rules for `rdf:value`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ctx {
    /// Directly in a top-level `rdf:Description`.
    Top,
    /// In a struct or pseudo-struct (nested description, `parseType="Resource"`).
    Struct,
}

impl<'d, 'a> Walker<'d, 'a> {
    /// The value of a property element (also used for `rdf:li`, `rdf:value`, fields and
    /// qualifier elements). None: dropped in lenient mode.
    pub fn prop_value(
        &mut self,
        e: usize,
        scope: Option<&'d str>,
        depth: usize,
    ) -> Res<Option<Node>> {
        let doc = self.doc;
        let Some(el) = doc.elem(e) else {
            return Ok(None);
        };
        self.deeper(depth, el.pos)?;
        self.count(el.pos)?;
        let attrs = doc.attrs_of(e);
        let scope = own_lang(attrs).or(scope);
        if attrs.len() > 3 {
            return self.empty_prop(e, scope, depth);
        }
        let first = attrs
            .iter()
            .find(|a| !matches!(a.term, Term::XmlLang | Term::Id));
        match first.map(|a| (a.term, a)) {
            Some((Term::Datatype, _)) => self.literal(e),
            Some((Term::ParseType, a)) => match &*a.value {
                "Resource" => self.parse_type_resource(e, scope, depth),
                "Literal" => {
                    self.rdf_err(a.pos, "ParseTypeLiteral property element not allowed")?;
                    Ok(None)
                }
                "Collection" => {
                    self.rdf_err(a.pos, "ParseTypeCollection property element not allowed")?;
                    Ok(None)
                }
                _ => {
                    self.rdf_err(a.pos, "ParseTypeOther property element not allowed")?;
                    Ok(None)
                }
            },
            Some(_) => self.empty_prop(e, scope, depth),
            None if el.first_child != NIL => self.resource(e, scope, depth),
            None if el.has_text => self.literal(e),
            None => self.empty_prop(e, scope, depth),
        }
    }

    /// `<ns:P xml:lang="..">text</ns:P>` (form 1, 13).
    fn literal(&mut self, e: usize) -> Res<Option<Node>> {
        let doc = self.doc;
        let Some(el) = doc.elem(e) else {
            return Ok(None);
        };
        if let Some(child) = doc.children(e).next().and_then(|c| doc.elem(c)) {
            self.rdf_err(child.pos, "Invalid child of literal property element")?;
            return Ok(None);
        }
        let mut node = Node::text(el.text.to_string());
        for a in doc.attrs_of(e) {
            match a.term {
                Term::XmlLang => {
                    let name = self.lang_name();
                    push_qual(&mut node.qualifiers, name, Node::text(a.value.to_string()));
                }
                Term::Id => self.warn_id(a.pos),
                Term::Datatype => self.warn_datatype(a.pos),
                _ => {
                    self.rdf_err(a.pos, "Invalid attribute for literal property element")?;
                }
            }
        }
        Ok(Some(node))
    }

    /// Attribute-only property elements (forms 2, 3, 7, 11; the mapping order of
    /// docs/rdf-xml.md, "Classifying a property element").
    fn empty_prop(&mut self, e: usize, scope: Option<&'d str>, depth: usize) -> Res<Option<Node>> {
        let doc = self.doc;
        let Some(el) = doc.elem(e) else {
            return Ok(None);
        };
        let content = doc
            .children(e)
            .next()
            .and_then(|c| doc.elem(c))
            .map(|c| c.pos)
            .or(el.nonws_pos);
        if let Some(pos) = content {
            self.rdf_err(
                pos,
                "Nested content not allowed with rdf:resource or property attributes",
            )?;
            return Ok(None);
        }
        let attrs = doc.attrs_of(e);
        let (mut value, mut resource, mut node_id, mut lang) = (None, None, None, None);
        let mut has_props = false;
        for a in attrs {
            let t = a.term;
            match t {
                Term::Resource | Term::NodeId | Term::Value => {
                    let clash = match t {
                        Term::Resource if node_id.is_some() => Some("rdf:nodeID"),
                        Term::NodeId if resource.is_some() => Some("rdf:nodeID"),
                        Term::Resource if value.is_some() => Some("rdf:value"),
                        Term::Value if resource.is_some() => Some("rdf:value"),
                        _ => None,
                    };
                    if let Some(other) = clash {
                        self.rdf_err(
                            a.pos,
                            format!(
                                "Empty property element can't have both {other} and rdf:resource"
                            ),
                        )?;
                        return Ok(None);
                    }
                    match t {
                        Term::Resource => resource = Some(a),
                        Term::NodeId => node_id = Some(a),
                        _ => value = Some(a),
                    }
                }
                Term::XmlLang => lang = Some(a),
                Term::Id | Term::Datatype | Term::OtherXml => {}
                Term::Plain | Term::Type => has_props = true,
                Term::NoNs | Term::Unbound => {
                    self.check_ns(t, a.prefix, a.pos)?;
                }
                _ => self.rdf_err(a.pos, "Unrecognized attribute of empty property element")?,
            }
        }
        let mut node = if let Some(v) = value {
            Node::text(v.value.to_string())
        } else if let Some(r) = resource {
            Node::uri(r.value.to_string())
        } else if has_props {
            Node::structure(Vec::new())
        } else if let Some(n) = node_id {
            return self.resolve_node_id(n, lang, scope, depth);
        } else {
            Node::text("")
        };
        let is_struct = value.is_none() && resource.is_none() && has_props;
        let skip = value.or(resource).map(|a| a as *const Attr);
        // Second pass: problems were reported by the first one, only keep what is good.
        for a in attrs {
            if Some(a as *const Attr) == skip {
                continue;
            }
            match a.term {
                Term::Id => self.warn_id(a.pos),
                Term::Datatype => self.warn_datatype(a.pos),
                Term::OtherXml => self.sink.warn(
                    a.pos,
                    format!("xml:{} is not used in XMP; dropped", a.local),
                ),
                Term::XmlLang => {
                    let name = self.lang_name();
                    push_qual(&mut node.qualifiers, name, Node::text(a.value.to_string()));
                }
                Term::Plain | Term::Type => {
                    self.count(a.pos)?;
                    let name = self.attr_name(a);
                    let child = Node::text(a.value.to_string());
                    match &mut node.value {
                        crate::xmp::Value::Struct(f) if is_struct => f.push((name, child)),
                        _ => push_qual(&mut node.qualifiers, name, child),
                    }
                }
                // rdf:nodeID next to a value only names the blank node; the rest was
                // reported above.
                _ => {}
            }
        }
        Ok(Some(node))
    }

    /// A property that is only `rdf:nodeID="x"`: the value of the top-level node with
    /// that id, as ExifTool reads it (docs/rdf-xml.md, "Typed nodes and
    /// other RDF extras").
    fn resolve_node_id(
        &mut self,
        a: &'d Attr<'a>,
        lang: Option<&'d Attr<'a>>,
        scope: Option<&'d str>,
        depth: usize,
    ) -> Res<Option<Node>> {
        let mut owner = Fields::new();
        if let Some(l) = lang {
            let name = self.lang_name();
            push_qual(&mut owner, name, Node::text(l.value.to_string()));
        }
        let id: &'d str = &a.value;
        let Some(&target) = self.node_ids.get(id) else {
            self.sink.warn(
                a.pos,
                format!("rdf:nodeID \"{id}\" refers to no top-level node; read as an empty value"),
            );
            let mut node = Node::text("");
            node.qualifiers = owner;
            return Ok(Some(node));
        };
        if self.resolving.contains(&target) {
            self.rdf_err(a.pos, format!("Circular rdf:nodeID reference \"{id}\""))?;
            return Ok(None);
        }
        self.resolving.push(target);
        let r = self.node_element(target, owner, scope, depth + 1);
        self.resolving.pop();
        r
    }

    /// A property element with one child node element (forms 5, 8, 9, 12, typed nodes).
    fn resource(&mut self, e: usize, scope: Option<&'d str>, depth: usize) -> Res<Option<Node>> {
        let doc = self.doc;
        let Some(el) = doc.elem(e) else {
            return Ok(None);
        };
        let mut owner = Fields::new();
        for a in doc.attrs_of(e) {
            match a.term {
                Term::XmlLang => {
                    let name = self.lang_name();
                    push_qual(&mut owner, name, Node::text(a.value.to_string()));
                }
                Term::Id => self.warn_id(a.pos),
                _ => self.rdf_err(a.pos, "Invalid attribute for resource property element")?,
            }
        }
        if let Some(pos) = el.nonws_pos {
            self.rdf_err(pos, "Invalid child of literal property element")?;
            return Ok(None);
        }
        let mut kids = doc.children(e);
        let Some(first) = kids.next() else {
            self.rdf_err(el.pos, "Missing child of resource property element")?;
            return Ok(None);
        };
        if let Some(extra) = kids.next().and_then(|k| doc.elem(k)) {
            self.rdf_err(extra.pos, "Invalid child of resource property element")?;
        }
        self.node_element(first, owner, scope, depth + 1)
    }

    /// `<ns:P rdf:parseType="Resource">` (forms 6, 10).
    fn parse_type_resource(
        &mut self,
        e: usize,
        scope: Option<&'d str>,
        depth: usize,
    ) -> Res<Option<Node>> {
        let doc = self.doc;
        let mut owner = Fields::new();
        for a in doc.attrs_of(e) {
            match a.term {
                Term::XmlLang => {
                    let name = self.lang_name();
                    push_qual(&mut owner, name, Node::text(a.value.to_string()));
                }
                Term::ParseType => {}
                Term::Id => self.warn_id(a.pos),
                _ => self.rdf_err(
                    a.pos,
                    "Invalid attribute for ParseTypeResource property element",
                )?,
            }
        }
        let mut fields = FieldList::default();
        let mut value = None;
        self.prop_list(e, Ctx::Struct, &mut fields, &mut value, scope, depth)?;
        let pos = doc.elem(e).map_or(0, |el| el.pos);
        self.finish(owner, fields, value, pos)
    }

    /// The property elements inside a description or pseudo-struct. In `Ctx::Struct` an
    /// `rdf:value` child goes to `value` (a qualified value, forms 9-12).
    pub fn prop_list(
        &mut self,
        parent: usize,
        ctx: Ctx,
        fields: &mut FieldList,
        value: &mut Option<Node>,
        scope: Option<&'d str>,
        depth: usize,
    ) -> Res<()> {
        let doc = self.doc;
        if let Some(pos) = doc.elem(parent).and_then(|p| p.nonws_pos) {
            self.rdf_err(pos, "Expected property element node not found")?;
        }
        fields.reserve(doc.elem(parent).map_or(0, |p| p.n_children));
        for c in doc.children(parent) {
            let Some(ch) = doc.elem(c) else { continue };
            let t = ch.term;
            match t {
                Term::Plain | Term::Type => {
                    let Some(node) = self.prop_value(c, scope, depth + 1)? else {
                        continue;
                    };
                    let name = self.elem_name(ch);
                    if !fields.try_push(name, node) {
                        self.rdf_err(ch.pos, "Duplicate property or field node")?;
                    }
                }
                Term::Value if ctx == Ctx::Struct => {
                    let Some(node) = self.prop_value(c, scope, depth + 1)? else {
                        continue;
                    };
                    if value.is_some() {
                        self.rdf_err(ch.pos, "Duplicate property or field node")?;
                    } else {
                        *value = Some(node);
                    }
                }
                Term::Value => self.rdf_err(ch.pos, "Misplaced rdf:value element")?,
                Term::Li | Term::NumberedLi => self.rdf_err(ch.pos, "Misplaced rdf:li element")?,
                Term::NoNs | Term::Unbound => {
                    self.check_ns(t, ch.prefix, ch.pos)?;
                }
                _ => self.rdf_err(
                    ch.pos,
                    format!(
                        "Invalid property element name '{}'",
                        crate::xmp::parse::dom::Doc::qname(ch.prefix, ch.local)
                    ),
                )?,
            }
        }
        Ok(())
    }
}

/// The `xml:lang` written on an element.
pub(crate) fn own_lang<'d>(attrs: &'d [Attr<'_>]) -> Option<&'d str> {
    attrs
        .iter()
        .find(|a| a.term == Term::XmlLang)
        .map(|a| &*a.value)
}
