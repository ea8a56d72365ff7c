//! JSON-LD -> packet: the forms `to_json` writes, plus the tolerances of docs/jsonld.md,
//! "Tolerated deviations", and the archived `KHR_xmp` draft (an outer `@context`,
//! `{lang: text}` language maps). Read as plain JSON; see the module docs of `jsonld`.

use serde_json::{Map, Value};

use super::context::Scope;
use super::forms::item_index;
use super::number::scalar_text;
use super::JsonLdError;
use crate::xmp::model::{ArrayKind, Fields, Node, Packet, Value as XValue};
use crate::xmp::name::Name;
use crate::xmp::ns;

pub(super) struct Reader {
    warnings: Vec<String>,
    /// JSON-pointer segments of the current position.
    pub(super) path: Vec<String>,
    /// Undeclared `rdf`/`xml` prefixes already warned about.
    pub(super) warned_implicit: Vec<&'static str>,
}

/// [`from_json`](super::from_json) with an enclosing context, as the archived
/// `KHR_xmp` draft kept one `@context` for all packets at the extension level.
pub fn from_json_with_context(
    value: &Value,
    outer_context: Option<&Value>,
) -> Result<(Packet, Vec<String>), JsonLdError> {
    let mut r = Reader {
        warnings: Vec::new(),
        path: Vec::new(),
        warned_implicit: Vec::new(),
    };
    let packet = r.packet(value, outer_context)?;
    Ok((packet, r.warnings))
}

impl Reader {
    fn pointer(&self) -> String {
        if self.path.is_empty() {
            return "/".into();
        }
        let mut s = String::new();
        for seg in &self.path {
            s.push('/');
            s.push_str(&seg.replace('~', "~0").replace('/', "~1"));
        }
        s
    }

    pub(super) fn err(&self, message: impl Into<String>) -> JsonLdError {
        JsonLdError {
            message: message.into(),
            path: self.pointer(),
        }
    }

    pub(super) fn warn(&mut self, message: impl AsRef<str>) {
        let w = format!("{}: {}", self.pointer(), message.as_ref());
        self.warnings.push(w);
    }

    fn packet(&mut self, value: &Value, outer: Option<&Value>) -> Result<Packet, JsonLdError> {
        let Value::Object(obj) = value else {
            return Err(self.err("a JSON-LD packet must be a JSON object"));
        };
        let mut scope = Scope::default();
        if let Some(ctx) = outer {
            self.path.push("@context".into());
            let lang = self.context(ctx, &mut scope)?;
            self.path.pop();
            if lang.is_some() {
                self.warn("a default @language for the whole packet is ignored");
            }
        }
        if let Some(ctx) = obj.get("@context") {
            self.path.push("@context".into());
            let lang = self.context(ctx, &mut scope)?;
            if lang.is_some() {
                self.warn("a default @language for the whole packet is ignored");
            }
            self.path.pop();
        }
        let mut packet = Packet::new();
        for (prefix, uri) in &scope.map {
            if uri != ns::RDF && uri != ns::XML {
                packet.prefixes.hint(uri, prefix);
            }
        }
        for (key, v) in obj {
            self.path.push(key.clone());
            match key.as_str() {
                "@context" => {}
                "@id" => match v {
                    Value::String(s) => packet.about = s.clone(),
                    _ => return Err(self.err("@id must be a string")),
                },
                "@type" => {
                    let node = self.type_node(v, &scope)?;
                    self.insert(&mut packet.props, Name::rdf_type(), node, "property")?;
                }
                "@graph" => return Err(self.err("JSON-LD @graph is not supported")),
                k if k.starts_with('@') => self.warn(format!("keyword {k} ignored")),
                _ => {
                    let name = self.name(key, &scope)?;
                    if let Some(node) = self.node(v, &scope)? {
                        self.insert(&mut packet.props, name, node, "property")?;
                    }
                }
            }
            self.path.pop();
        }
        Ok(packet)
    }

    pub(super) fn insert(
        &self,
        fields: &mut Fields,
        name: Name,
        node: Node,
        what: &str,
    ) -> Result<(), JsonLdError> {
        if fields.iter().any(|(n, _)| *n == name) {
            return Err(self.err(format!(
                "duplicate {what} {{{}}}{} (two prefixes for one namespace?)",
                name.ns, name.local
            )));
        }
        fields.push((name, node));
        Ok(())
    }

    /// A value; `None` for `null` (dropped with a warning).
    pub(super) fn node(&mut self, v: &Value, scope: &Scope) -> Result<Option<Node>, JsonLdError> {
        match v {
            Value::Null => {
                self.warn("null value dropped");
                Ok(None)
            }
            Value::String(_) | Value::Number(_) | Value::Bool(_) => {
                Ok(scalar_text(v).map(Node::text))
            }
            Value::Array(items) => {
                self.warn("bare JSON array read as an unordered rdf:Bag");
                let items = self.items(items, scope)?;
                Ok(Some(Node::array(ArrayKind::Bag, items)))
            }
            Value::Object(m) => self.object(m, scope).map(Some),
        }
    }

    pub(super) fn items(
        &mut self,
        items: &[Value],
        scope: &Scope,
    ) -> Result<Vec<Node>, JsonLdError> {
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            self.path.push(i.to_string());
            if let Some(n) = self.node(item, scope)? {
                out.push(n);
            }
            self.path.pop();
        }
        Ok(out)
    }

    fn object(&mut self, m: &Map<String, Value>, outer: &Scope) -> Result<Node, JsonLdError> {
        let mut local;
        let mut scope = outer;
        let mut lang = None;
        if let Some(ctx) = m.get("@context") {
            local = outer.clone();
            self.path.push("@context".into());
            lang = self.context(ctx, &mut local)?;
            self.path.pop();
            scope = &local;
        }
        let mut node = self.object_value(m, scope)?;
        if let Some(l) = lang {
            if node.lang().is_some() {
                return Err(self.err("two xml:lang values for one value"));
            }
            node.qualifiers.insert(0, (Name::xml_lang(), Node::text(l)));
        }
        Ok(node)
    }

    fn object_value(&mut self, m: &Map<String, Value>, scope: &Scope) -> Result<Node, JsonLdError> {
        let keys = || m.keys().filter(|k| k.as_str() != "@context");
        if m.contains_key("@value") {
            return self.value_object(m);
        }
        for container in ["@list", "@set"] {
            if let Some(v) = m.get(container) {
                if let Some(k) = keys().find(|k| *k != container) {
                    return Err(self.err(format!("{container} object with member {k:?}")));
                }
                self.path.push(container.into());
                let items = match v {
                    Value::Array(a) => self.items(a, scope)?,
                    other => {
                        self.warn(format!("{container} of a single value"));
                        self.items(std::slice::from_ref(other), scope)?
                    }
                };
                self.path.pop();
                let kind = if container == "@list" {
                    ArrayKind::Seq
                } else {
                    ArrayKind::Bag
                };
                return Ok(Node::array(kind, items));
            }
        }
        if let Some(id) = m.get("@id") {
            if let Some(k) = keys().find(|k| *k != "@id") {
                return Err(self.err(format!(
                    "a node reference with other members ({k:?}) is not an XMP value"
                )));
            }
            return match id {
                Value::String(s) => Ok(Node::uri(s.clone())),
                _ => Err(self.err("@id must be a string")),
            };
        }
        // Classify the remaining members by expanded name.
        let ty = match m.get("@type") {
            Some(Value::String(s)) => Some(self.expand_iri(s, scope)),
            Some(_) => {
                self.path.push("@type".into());
                return Err(self.err("@type must be a single IRI string"));
            }
            None => None,
        };
        let container = match ty.as_deref().and_then(|t| t.strip_prefix(ns::RDF)) {
            Some("Alt") => Some(ArrayKind::Alt),
            Some("Bag") => Some(ArrayKind::Bag),
            Some("Seq") => Some(ArrayKind::Seq),
            _ => None,
        };
        let plain: Vec<&String> = keys().filter(|k| !k.starts_with('@')).collect();
        if container.is_none()
            && !plain.is_empty()
            && plain.iter().all(|k| !k.contains(':'))
            && ty.is_none()
        {
            return self.lang_map(m);
        }
        let mut names = Vec::with_capacity(plain.len());
        for k in &plain {
            self.path.push((*k).clone());
            names.push(self.name(k, scope)?);
            self.path.pop();
        }
        let numbered = names
            .iter()
            .any(|n| &*n.ns == ns::RDF && item_index(&n.local).is_some());
        if let Some(kind) = container.or_else(|| numbered.then_some(ArrayKind::Seq)) {
            if container.is_none() {
                self.warn("rdf:_N members without @type read as rdf:Seq");
            }
            return self.numbered(m, &plain, &names, kind, scope);
        }
        let value_key = names.iter().position(|n| n.is(ns::RDF, "value"));
        if let Some(vi) = value_key {
            return self.qualified(m, &plain, &names, vi, ty, scope);
        }
        // A struct.
        let mut node = Node::structure(Vec::new());
        if let Some(t) = ty {
            node.qualifiers.push((Name::rdf_type(), Node::uri(t)));
        }
        for k in keys().filter(|k| k.starts_with('@') && *k != "@type") {
            let k = k.clone();
            self.warn(format!("keyword {k} ignored"));
        }
        let mut fields = Fields::with_capacity(plain.len());
        for (k, name) in plain.iter().zip(names) {
            self.path.push((*k).clone());
            if let Some(f) = self.node(&m[k.as_str()], scope)? {
                self.insert(&mut fields, name, f, "field")?;
            }
            self.path.pop();
        }
        node.value = XValue::Struct(fields);
        Ok(node)
    }
}
