//! Helpers shared by the edit op tests: model builders, a sample packet, and an
//! apply-invert-redo check.
#![allow(dead_code)]

use xmpedit_core::edit::{parse_edit, Canonical, Op, Path};
use xmpedit_core::xmp::{ArrayKind, Name, Node, Packet};

pub const ST_EVT: &str = "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#";
pub const IPTC_CORE: &str = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/";

pub fn path(text: &str) -> Path {
    Path::parse(text, &Canonical).unwrap()
}

pub fn name(text: &str) -> Name {
    path(text).prop
}

pub fn op(expr: &str) -> Op {
    parse_edit(expr, &Canonical, xmpedit_core::schema::registry()).unwrap_or_else(|e| panic!("{e}"))
}

pub fn op_err(expr: &str) -> String {
    parse_edit(expr, &Canonical, xmpedit_core::schema::registry())
        .unwrap_err()
        .to_string()
}

pub fn bag(items: &[&str]) -> Node {
    Node::array(
        ArrayKind::Bag,
        items.iter().map(|s| Node::text(*s)).collect(),
    )
}

pub fn seq(items: &[&str]) -> Node {
    Node::array(
        ArrayKind::Seq,
        items.iter().map(|s| Node::text(*s)).collect(),
    )
}

pub fn alt(pairs: &[(&str, &str)]) -> Node {
    Node::array(
        ArrayKind::Alt,
        pairs.iter().map(|(l, t)| Node::lang_text(*l, *t)).collect(),
    )
}

/// A packet with a few properties in a known order.
pub fn sample() -> Packet {
    let mut p = Packet::new();
    p.set(name("xmp:Rating"), Node::text("3"));
    p.set(
        name("dc:title"),
        alt(&[("x-default", "Hello"), ("en-US", "Hello"), ("de", "Hallo")]),
    );
    p.set(name("dc:subject"), bag(&["alps", "snow"]));
    p.set(name("dc:creator"), seq(&["Ann", "Bob", "Cy"]));
    let mut uri = Node::uri("http://example.com/terms");
    uri.set_qualifier(name("xmpidq:Scheme"), Node::text("web"));
    p.set(name("xmpRights:WebStatement"), uri);
    p
}

/// Applies `op`, checks that the inverse restores the packet exactly and that the
/// inverse's inverse redoes the edit; returns the edited packet.
pub fn roundtrip(before: &Packet, op: &Op) -> Packet {
    let mut p = before.clone();
    let inverse = op.apply(&mut p).unwrap_or_else(|e| panic!("{op}: {e}"));
    let after = p.clone();
    let redo = inverse.apply(&mut p).unwrap();
    assert_eq!(p, *before, "inverse of {op} ({inverse}) did not restore");
    redo.apply(&mut p).unwrap();
    assert_eq!(p, after, "redo of {op} did not reapply");
    after
}

pub fn names(p: &Packet) -> Vec<String> {
    p.props
        .iter()
        .map(|(n, _)| Path::prop(n.clone()).to_string())
        .collect()
}

pub fn texts(node: &Node) -> Vec<&str> {
    node.items()
        .unwrap()
        .iter()
        .map(|i| i.as_text().unwrap())
        .collect()
}

pub fn langs(node: &Node) -> Vec<(String, String)> {
    node.items()
        .unwrap()
        .iter()
        .map(|i| (i.lang().unwrap().into(), i.as_text().unwrap().into()))
        .collect()
}

pub fn apply_err(p: &Packet, op: &Op) -> String {
    let mut copy = p.clone();
    let e = op.apply(&mut copy).unwrap_err().to_string();
    assert_eq!(copy, *p, "a refused op changed the packet");
    e
}
