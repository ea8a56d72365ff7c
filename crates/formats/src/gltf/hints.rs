//! JSON scalar types learned from the packet a write replaces: a property stored as a
//! JSON number or boolean (glTF-Transform writes `"xmp:Rating": 3`) is written back the
//! same way, so editing one property does not turn the others into strings. The
//! writer only converts canonical text, so a learned type never changes a value.

use serde_json::{Map, Value};

use xmpedit_core::xmp::jsonld::{Scalar, TypeHints};
use xmpedit_core::xmp::Name;

/// Scalar types by property path (top-level name, then struct field names).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Learned {
    paths: Vec<(Vec<Name>, Scalar)>,
}

impl Learned {
    /// Learns from a JSON-LD packet object (names resolved through its `@context`).
    pub fn from_packet(packet: &Value) -> Self {
        let mut l = Learned::default();
        let Some(obj) = packet.as_object() else {
            return l;
        };
        let ctx = obj
            .get("@context")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        l.walk_fields(obj, &ctx, &mut Vec::new());
        l
    }

    fn name(ctx: &Map<String, Value>, key: &str) -> Option<Name> {
        let (prefix, local) = key.split_once(':')?;
        let uri = ctx.get(prefix)?.as_str()?;
        Some(Name::new(uri, local))
    }

    fn walk_fields(
        &mut self,
        obj: &Map<String, Value>,
        ctx: &Map<String, Value>,
        path: &mut Vec<Name>,
    ) {
        for (k, v) in obj {
            if k.starts_with('@') {
                continue;
            }
            let Some(n) = Self::name(ctx, k) else {
                continue;
            };
            path.push(n);
            self.walk_value(v, ctx, path);
            path.pop();
        }
    }

    fn walk_value(&mut self, v: &Value, ctx: &Map<String, Value>, path: &mut Vec<Name>) {
        match v {
            Value::Bool(_) => self.add(path, Scalar::Boolean),
            Value::Number(n) if n.is_i64() || n.is_u64() => self.add(path, Scalar::Integer),
            Value::Number(_) => self.add(path, Scalar::Real),
            Value::Array(items) => items.iter().for_each(|i| self.walk_value(i, ctx, path)),
            Value::Object(o) => {
                if let Some(items) = o.get("@list").or_else(|| o.get("@set")) {
                    self.walk_value(items, ctx, path);
                } else if o.get("@type").and_then(Value::as_str) == Some("rdf:Alt") {
                    for (k, item) in o {
                        if k.starts_with("rdf:_") {
                            self.walk_value(item, ctx, path);
                        }
                    }
                } else if let Some(value) = o.get("rdf:value") {
                    self.walk_value(value, ctx, path);
                } else {
                    self.walk_fields(o, ctx, path);
                }
            }
            _ => {}
        }
    }

    fn add(&mut self, path: &[Name], s: Scalar) {
        if !self.paths.iter().any(|(p, _)| p == path) {
            self.paths.push((path.to_vec(), s));
        }
    }
}

impl TypeHints for Learned {
    fn scalar(&self, path: &[&Name]) -> Option<Scalar> {
        self.paths
            .iter()
            .find(|(p, _)| p.len() == path.len() && p.iter().zip(path).all(|(a, b)| a == *b))
            .map(|(_, s)| *s)
    }
}
