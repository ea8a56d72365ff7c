//! Extracting the catalog's [`Summary`] (rating, title, label, document ids,
//! DerivedFrom) from a packet.

use crate::asset::{DerivedRef, Summary};
use xmpedit_core::xmp::{lang, ns, Name, Node, Packet, Value};

const ST_REF: &str = "http://ns.adobe.com/xap/1.0/sType/ResourceRef#";

/// The summary of a packet.
pub fn summarize(packet: &Packet) -> Summary {
    let text = |uri: &str, local: &str| -> Option<String> {
        packet
            .text(&Name::new(uri, local))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let title = packet
        .get(&Name::new(ns::DC, "title"))
        .and_then(|n| match &n.value {
            Value::Array(..) => lang::default_text(n),
            _ => n.as_text(),
        })
        .map(str::to_string);
    Summary {
        rating: text(ns::XMP, "Rating"),
        title,
        label: text(ns::XMP, "Label"),
        document_id: text(ns::XMP_MM, "DocumentID"),
        instance_id: text(ns::XMP_MM, "InstanceID"),
        derived_from: packet
            .get(&Name::new(ns::XMP_MM, "DerivedFrom"))
            .and_then(derived_ref),
    }
}

fn derived_ref(node: &Node) -> Option<DerivedRef> {
    let clean = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    match &node.value {
        Value::Simple(s) | Value::Uri(s) => clean(s).map(|f| DerivedRef {
            file: Some(f),
            ..DerivedRef::default()
        }),
        Value::Struct(fields) => {
            let field = |local: &str| {
                fields
                    .iter()
                    .find(|(n, _)| n.is(ST_REF, local))
                    .and_then(|(_, v)| v.as_text())
                    .and_then(clean)
            };
            let r = DerivedRef {
                document_id: field("documentID"),
                instance_id: field("instanceID"),
                file: field("filePath"),
            };
            (r != DerivedRef::default()).then_some(r)
        }
        Value::Array(..) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use xmpedit_core::xmp::ArrayKind;

    #[test]
    fn reads_rating_title_and_ids() {
        let mut p = Packet::new();
        p.set(Name::new(ns::XMP, "Rating"), Node::text("4"));
        p.set(
            Name::new(ns::DC, "title"),
            Node::array(
                ArrayKind::Alt,
                vec![
                    Node::lang_text("x-default", "Sunset"),
                    Node::lang_text("de", "Sonnenuntergang"),
                ],
            ),
        );
        p.set(Name::new(ns::XMP_MM, "DocumentID"), Node::text("xmp.did:A"));
        p.set(
            Name::new(ns::XMP_MM, "DerivedFrom"),
            Node::structure(vec![
                (Name::new(ST_REF, "documentID"), Node::text("xmp.did:B")),
                (Name::new(ST_REF, "instanceID"), Node::text("xmp.iid:B1")),
            ]),
        );
        let s = summarize(&p);
        assert_eq!(s.rating.as_deref(), Some("4"));
        assert_eq!(s.rating_value(), Some(4.0));
        assert_eq!(s.title.as_deref(), Some("Sunset"));
        assert_eq!(s.document_id.as_deref(), Some("xmp.did:A"));
        let d = s.derived_from.unwrap();
        assert_eq!(d.document_id.as_deref(), Some("xmp.did:B"));
        assert_eq!(d.instance_id.as_deref(), Some("xmp.iid:B1"));
    }

    #[test]
    fn plain_text_derived_from_is_a_file_name() {
        let mut p = Packet::new();
        p.set(
            Name::new(ns::XMP_MM, "DerivedFrom"),
            Node::text("IMG_1.CR2"),
        );
        let d = summarize(&p).derived_from.unwrap();
        assert_eq!(d.file.as_deref(), Some("IMG_1.CR2"));
        assert_eq!(summarize(&Packet::new()), Summary::default());
    }
}
