//! Packet builders and model shorthands shared by the reader's model tests.
#![allow(dead_code)]

use xmpedit_core::xmp::{parse, Fields, Name, Node, Parsed};

pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const DC: &str = "http://purl.org/dc/elements/1.1/";
pub const P: &str = "http://ns.example.com/p/";
pub const Q: &str = "http://ns.example.com/q/";

pub fn p(local: &str) -> Name {
    Name::new(P, local)
}
pub fn q(local: &str) -> Name {
    Name::new(Q, local)
}
pub fn dc(local: &str) -> Name {
    Name::new(DC, local)
}

pub fn with_quals(mut node: Node, quals: Fields) -> Node {
    node.qualifiers = quals;
    node
}

pub fn lang(l: &str) -> (Name, Node) {
    (Name::xml_lang(), Node::text(l))
}

/// A packet with the usual wrappers and one top-level description holding `body`
/// (`extra` goes into the description's start tag).
pub fn doc(extra: &str, body: &str) -> String {
    format!(
        r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="{RDF}">
  <rdf:Description rdf:about="" xmlns:dc="{DC}" xmlns:p="{P}" xmlns:q="{Q}" {extra}>{body}</rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#
    )
}

pub fn read(text: &str) -> Parsed {
    match parse(text.as_bytes()) {
        Ok(r) => r,
        Err(e) => panic!("parse failed: {e}\n{text}"),
    }
}

pub fn props(extra: &str, body: &str) -> Fields {
    read(&doc(extra, body)).packet.props
}

pub fn warnings(r: &Parsed) -> Vec<String> {
    r.warnings.iter().map(|w| w.to_string()).collect()
}
