//! Serde forms for model types the `xmp` layer keeps serde-free ([`Name`], [`Node`]).
//!
//! Ops are stored in the journal and the TUI's pending list, so they must serialize;
//! the model itself stays plain. A name is written in Clark notation
//! (`{http://purl.org/dc/elements/1.1/}title`) so stored ops never depend on prefixes;
//! a node is `{"v": VALUE, "q": [[NAME, NODE], ...]}` with qualifiers omitted when none.

use crate::xmp::{ArrayKind, Name, Node, Value};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// `{uri}local`.
pub fn clark(name: &Name) -> String {
    format!("{{{}}}{}", name.ns, name.local)
}

/// Parses `{uri}local`. The local name cannot contain `}`, so the last `}` ends the URI.
pub fn parse_clark(s: &str) -> Option<Name> {
    let rest = s.strip_prefix('{')?;
    let end = rest.rfind('}')?;
    let (uri, local) = (&rest[..end], &rest[end + 1..]);
    if uri.is_empty() || local.is_empty() {
        return None;
    }
    Some(Name::new(uri, local))
}

#[derive(Serialize, Deserialize)]
struct NameRepr(String);

impl NameRepr {
    fn of(name: &Name) -> Self {
        NameRepr(clark(name))
    }
    fn into_name<E: serde::de::Error>(self) -> Result<Name, E> {
        parse_clark(&self.0)
            .ok_or_else(|| E::custom(format!("expected a name as {{uri}}local, got {:?}", self.0)))
    }
}

#[derive(Serialize, Deserialize)]
enum ValueRepr {
    Text(String),
    Uri(String),
    Struct(Vec<(NameRepr, NodeRepr)>),
    Array(ArrayKind, Vec<NodeRepr>),
}

#[derive(Serialize, Deserialize)]
struct NodeRepr {
    v: ValueRepr,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    q: Vec<(NameRepr, NodeRepr)>,
}

fn fields_repr(fields: &[(Name, Node)]) -> Vec<(NameRepr, NodeRepr)> {
    fields
        .iter()
        .map(|(n, v)| (NameRepr::of(n), NodeRepr::of(v)))
        .collect()
}

fn fields_from<E: serde::de::Error>(
    fields: Vec<(NameRepr, NodeRepr)>,
) -> Result<Vec<(Name, Node)>, E> {
    fields
        .into_iter()
        .map(|(n, v)| Ok((n.into_name()?, v.into_node()?)))
        .collect()
}

impl NodeRepr {
    fn of(node: &Node) -> Self {
        let v = match &node.value {
            Value::Simple(s) => ValueRepr::Text(s.clone()),
            Value::Uri(s) => ValueRepr::Uri(s.clone()),
            Value::Struct(f) => ValueRepr::Struct(fields_repr(f)),
            Value::Array(k, items) => {
                ValueRepr::Array(*k, items.iter().map(NodeRepr::of).collect())
            }
        };
        NodeRepr {
            v,
            q: fields_repr(&node.qualifiers),
        }
    }

    fn into_node<E: serde::de::Error>(self) -> Result<Node, E> {
        let value = match self.v {
            ValueRepr::Text(s) => Value::Simple(s),
            ValueRepr::Uri(s) => Value::Uri(s),
            ValueRepr::Struct(f) => Value::Struct(fields_from(f)?),
            ValueRepr::Array(k, items) => Value::Array(
                k,
                items
                    .into_iter()
                    .map(NodeRepr::into_node)
                    .collect::<Result<_, E>>()?,
            ),
        };
        Ok(Node {
            value,
            qualifiers: fields_from(self.q)?,
        })
    }
}

/// `#[serde(with = "crate::edit::serde_model::node")]` for [`Node`] fields.
pub mod node {
    use super::*;

    pub fn serialize<S: Serializer>(node: &Node, s: S) -> Result<S::Ok, S::Error> {
        NodeRepr::of(node).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        NodeRepr::deserialize(d)?.into_node()
    }
}

/// `#[serde(with = "crate::edit::serde_model::name")]` for [`Name`] fields.
pub mod name {
    use super::*;

    pub fn serialize<S: Serializer>(name: &Name, s: S) -> Result<S::Ok, S::Error> {
        NameRepr::of(name).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Name, D::Error> {
        NameRepr::deserialize(d)?.into_name()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct Wrap(#[serde(with = "node")] Node);

    #[test]
    fn node_round_trips_through_json() {
        let mut item = Node::structure(vec![(
            Name::new("http://ns.adobe.com/xap/1.0/sType/ResourceEvent#", "action"),
            Node::text("saved"),
        )]);
        item.set_qualifier(Name::new("http://e/q}x/", "role"), Node::uri("http://x/"));
        let node = Node::array(ArrayKind::Seq, vec![item, Node::lang_text("de", "Ä \"q\"")]);
        let json = serde_json::to_string(&Wrap(node.clone())).unwrap();
        let back: Wrap = serde_json::from_str(&json).unwrap();
        assert_eq!(back.0, node);
    }

    #[test]
    fn bad_names_are_refused() {
        let err =
            serde_json::from_str::<Wrap>(r#"{"v":{"Struct":[["dc:title",{"v":{"Text":""}}]]}}"#)
                .unwrap_err();
        assert!(
            err.to_string().contains("expected a name as {uri}local"),
            "{err}"
        );
        assert_eq!(parse_clark("{}x"), None);
        assert_eq!(parse_clark("{u}"), None);
    }
}
