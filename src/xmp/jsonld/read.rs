//! JSON-LD -> packet: the forms `to_json` writes, plus the tolerances of notes
//! §5.3.8 and the archived `KHR_xmp` draft (an outer `@context`, `{lang: text}`
//! language maps). Read as plain JSON; see the module docs of `jsonld`.

use serde_json::{Map, Value};

use super::number::scalar_text;
use super::JsonLdError;
use crate::xmp::lang;
use crate::xmp::model::{is_ncname, ArrayKind, Fields, Node, Packet, Value as XValue};
use crate::xmp::name::Name;
use crate::xmp::ns;

/// Prefix -> namespace URI in scope.
#[derive(Clone, Default)]
struct Scope {
    map: Vec<(String, String)>,
}

impl Scope {
    fn get(&self, prefix: &str) -> Option<&str> {
        self.map
            .iter()
            .rev()
            .find(|(p, _)| p == prefix)
            .map(|(_, u)| u.as_str())
    }
}

struct Reader {
    warnings: Vec<String>,
    /// JSON-pointer segments of the current position.
    path: Vec<String>,
    warned_implicit: Vec<&'static str>,
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

    fn err(&self, message: impl Into<String>) -> JsonLdError {
        JsonLdError {
            message: message.into(),
            path: self.pointer(),
        }
    }

    fn warn(&mut self, message: impl AsRef<str>) {
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

    fn insert(
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

    /// Reads a context into `scope`; returns its `@language`, if any.
    fn context(&mut self, ctx: &Value, scope: &mut Scope) -> Result<Option<String>, JsonLdError> {
        match ctx {
            Value::Null => Ok(None),
            Value::String(_) => {
                self.warn("remote context ignored");
                Ok(None)
            }
            Value::Array(list) => {
                let mut lang = None;
                for (i, c) in list.iter().enumerate() {
                    self.path.push(i.to_string());
                    if let Some(l) = self.context(c, scope)? {
                        lang = Some(l);
                    }
                    self.path.pop();
                }
                Ok(lang)
            }
            Value::Object(m) => {
                let mut lang = None;
                for (k, v) in m {
                    self.path.push(k.clone());
                    if k == "@language" {
                        match v {
                            Value::String(s) => lang = Some(s.clone()),
                            Value::Null => {}
                            _ => return Err(self.err("@language must be a string")),
                        }
                    } else if k.starts_with('@') {
                        self.warn(format!("context keyword {k} ignored"));
                    } else {
                        let uri = match v {
                            Value::String(s) => s.clone(),
                            Value::Object(def) => match def.get("@id") {
                                Some(Value::String(s)) => {
                                    self.warn("expanded term definition read as a prefix");
                                    s.clone()
                                }
                                _ => return Err(self.err("term definition without a string @id")),
                            },
                            _ => {
                                return Err(self.err("a prefix must map to a namespace URI string"))
                            }
                        };
                        if uri.is_empty() {
                            return Err(self.err("empty namespace URI"));
                        }
                        scope.map.push((k.clone(), uri));
                    }
                    self.path.pop();
                }
                Ok(lang)
            }
            _ => Err(self.err("@context must be an object")),
        }
    }

    /// Expands `prefix:local`.
    fn name(&mut self, key: &str, scope: &Scope) -> Result<Name, JsonLdError> {
        let Some((prefix, local)) = key.split_once(':') else {
            return Err(self.err(format!("{key:?} is not a prefixed name (prefix:name)")));
        };
        let uri = self.expand_prefix(prefix, scope).ok_or_else(|| {
            self.err(format!(
                "undefined prefix {prefix:?} (not declared in @context)"
            ))
        })?;
        if !is_ncname(local) {
            return Err(self.err(format!("{local:?} is not a valid XMP local name")));
        }
        Ok(Name::new(uri, local))
    }

    fn expand_prefix(&mut self, prefix: &str, scope: &Scope) -> Option<String> {
        if let Some(u) = scope.get(prefix) {
            return Some(u.to_string());
        }
        let implicit = match prefix {
            "rdf" => ns::RDF,
            "xml" => ns::XML,
            _ => return None,
        };
        if !self.warned_implicit.contains(&implicit) {
            self.warned_implicit.push(implicit);
            self.warn(format!("prefix {prefix:?} used without declaration"));
        }
        Some(implicit.to_string())
    }

    /// Expands an IRI written in `@type`: a compact IRI of a declared prefix, else
    /// the string as it stands.
    fn expand_iri(&mut self, s: &str, scope: &Scope) -> String {
        if let Some((p, rest)) = s.split_once(':') {
            if scope.get(p).is_some() || p == "rdf" || p == "xml" {
                if let Some(u) = self.expand_prefix(p, scope) {
                    return format!("{u}{rest}");
                }
            }
        }
        s.to_string()
    }

    fn type_node(&mut self, v: &Value, scope: &Scope) -> Result<Node, JsonLdError> {
        match v {
            Value::String(s) => Ok(Node::uri(self.expand_iri(s, scope))),
            _ => Err(self.err("@type must be a single IRI string")),
        }
    }

    /// A value; `None` for `null` (dropped with a warning).
    fn node(&mut self, v: &Value, scope: &Scope) -> Result<Option<Node>, JsonLdError> {
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

    fn items(&mut self, items: &[Value], scope: &Scope) -> Result<Vec<Node>, JsonLdError> {
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

    fn value_object(&mut self, m: &Map<String, Value>) -> Result<Node, JsonLdError> {
        let mut node = Node::text("");
        for (k, v) in m {
            self.path.push(k.clone());
            match k.as_str() {
                "@value" => match scalar_text(v) {
                    Some(t) => node.value = XValue::Simple(t),
                    None => return Err(self.err("@value must be a string, number or boolean")),
                },
                "@language" => match v {
                    Value::String(l) => node
                        .qualifiers
                        .insert(0, (Name::xml_lang(), Node::text(l.clone()))),
                    Value::Null => {}
                    _ => return Err(self.err("@language must be a string")),
                },
                "@context" => {}
                k if k.starts_with('@') => self.warn(format!("{k} of a value object ignored")),
                _ => return Err(self.err("a value object (@value) cannot have properties")),
            }
            self.path.pop();
        }
        Ok(node)
    }

    /// `{"@type": "rdf:Alt", "rdf:_1": ..., ...}`, items sorted by their number.
    fn numbered(
        &mut self,
        m: &Map<String, Value>,
        keys: &[&String],
        names: &[Name],
        kind: ArrayKind,
        scope: &Scope,
    ) -> Result<Node, JsonLdError> {
        let mut items: Vec<(u64, Node)> = Vec::with_capacity(keys.len());
        for (k, name) in keys.iter().zip(names) {
            self.path.push((*k).clone());
            let idx = (&*name.ns == ns::RDF)
                .then(|| item_index(&name.local))
                .flatten()
                .ok_or_else(|| {
                    self.err(format!("member {k:?} in an rdf:{} object", kind.rdf_name()))
                })?;
            if items.iter().any(|(i, _)| *i == idx) {
                return Err(self.err(format!("item rdf:_{idx} given twice")));
            }
            if let Some(n) = self.node(&m[k.as_str()], scope)? {
                items.push((idx, n));
            }
            self.path.pop();
        }
        items.sort_by_key(|(i, _)| *i);
        Ok(Node::array(
            kind,
            items.into_iter().map(|(_, n)| n).collect(),
        ))
    }

    /// `{"rdf:value": v, "pfx:q": ...}`: a value with general qualifiers.
    fn qualified(
        &mut self,
        m: &Map<String, Value>,
        keys: &[&String],
        names: &[Name],
        value_index: usize,
        ty: Option<String>,
        scope: &Scope,
    ) -> Result<Node, JsonLdError> {
        let vkey = keys[value_index];
        self.path.push(vkey.clone());
        let mut node = self
            .node(&m[vkey.as_str()], scope)?
            .ok_or_else(|| self.err("rdf:value must not be null"))?;
        self.path.pop();
        if let Some(t) = ty {
            self.push_qualifier(&mut node, Name::rdf_type(), Node::uri(t))?;
        }
        for (i, (k, name)) in keys.iter().zip(names).enumerate() {
            if i == value_index {
                continue;
            }
            self.path.push((*k).clone());
            if let Some(q) = self.node(&m[k.as_str()], scope)? {
                self.push_qualifier(&mut node, name.clone(), q)?;
            }
            self.path.pop();
        }
        Ok(node)
    }

    fn push_qualifier(&self, node: &mut Node, name: Name, q: Node) -> Result<(), JsonLdError> {
        if node.qualifiers.iter().any(|(n, _)| *n == name) {
            return Err(self.err(format!("duplicate qualifier {{{}}}{}", name.ns, name.local)));
        }
        node.qualifiers.push((name, q));
        Ok(())
    }

    /// `{"en-us": "text", ...}`: the language map of the KHR type table and the
    /// archived draft, read as a Lang Alt (x-default first).
    fn lang_map(&mut self, m: &Map<String, Value>) -> Result<Node, JsonLdError> {
        let mut items = Vec::with_capacity(m.len());
        for (k, v) in m {
            if k == "@context" {
                continue;
            }
            self.path.push(k.clone());
            let Value::String(text) = v else {
                return Err(self.err(format!("{k:?} is not a prefixed name (prefix:name)")));
            };
            if k != "x-default" && lang::check_tag(k).is_err() {
                return Err(self.err(format!(
                    "{k:?} is neither a prefixed name nor a language tag"
                )));
            }
            self.path.pop();
            let item = Node::lang_text(k.clone(), text.clone());
            if k == "x-default" {
                items.insert(0, item);
            } else {
                items.push(item);
            }
        }
        self.warn("language map read as a language alternative (rdf:Alt)");
        Ok(Node::array(ArrayKind::Alt, items))
    }
}

/// `_N` (N >= 1) -> N.
fn item_index(local: &str) -> Option<u64> {
    let digits = local.strip_prefix('_')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|n| *n >= 1)
}
