//! Flattening a model to the oracle's leaf listing (`../shared/tools/README.md`).
//!
//! One [`FlatLine`] per value: leaves carry `value`, containers carry `form` (`Bag`,
//! `Seq`, `Alt`, `AltText`, `Struct`). Paths are XMP-Toolkit style (`dc:title[1]`,
//! `xmpMM:History[2]/stEvt:action`, `dc:title[1]/?xml:lang`) with the canonical prefix
//! of well-known namespaces (the table of `xmpflat_common.py`) and the file's own prefix
//! otherwise. Unlike the oracle this listing is faithful: empty array items stay, items
//! keep document order, nothing is normalised.

use serde::Serialize;

use crate::xmp::model::{ArrayKind, Fields, Node, Packet, Value};
use crate::xmp::name::Name;

/// One line of the flat listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlatLine {
    /// The file the packet came from (set by callers that list several files).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Namespace URI of the top-level property.
    pub ns: String,
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<&'static str>,
}

/// Canonical prefixes of `xmpflat_common.py` (`CANONICAL`), same order.
pub const CANONICAL: &[(&str, &str)] = &[
    ("http://purl.org/dc/elements/1.1/", "dc"),
    ("http://ns.adobe.com/xap/1.0/", "xmp"),
    ("http://ns.adobe.com/xap/1.0/rights/", "xmpRights"),
    ("http://ns.adobe.com/xap/1.0/mm/", "xmpMM"),
    ("http://ns.adobe.com/xap/1.0/bj/", "xmpBJ"),
    ("http://ns.adobe.com/xap/1.0/t/pg/", "xmpTPg"),
    ("http://ns.adobe.com/xap/1.0/t/", "xmpT"),
    ("http://ns.adobe.com/xmp/1.0/DynamicMedia/", "xmpDM"),
    ("http://ns.adobe.com/xmp/note/", "xmpNote"),
    ("http://ns.adobe.com/xmp/Identifier/qual/1.0/", "xmpidq"),
    ("http://ns.adobe.com/xap/1.0/g/", "xmpG"),
    ("http://ns.adobe.com/xap/1.0/g/img/", "xmpGImg"),
    ("http://ns.adobe.com/xap/1.0/sType/ResourceEvent#", "stEvt"),
    ("http://ns.adobe.com/xap/1.0/sType/ResourceRef#", "stRef"),
    ("http://ns.adobe.com/xap/1.0/sType/Version#", "stVer"),
    ("http://ns.adobe.com/xap/1.0/sType/Job#", "stJob"),
    ("http://ns.adobe.com/xap/1.0/sType/Dimensions#", "stDim"),
    ("http://ns.adobe.com/xap/1.0/sType/Font#", "stFnt"),
    ("http://ns.adobe.com/xap/1.0/sType/ManifestItem#", "stMfs"),
    ("http://ns.adobe.com/xmp/sType/Area#", "stArea"),
    ("http://ns.adobe.com/pdf/1.3/", "pdf"),
    ("http://ns.adobe.com/pdfx/1.3/", "pdfx"),
    ("http://www.npes.org/pdfx/ns/id/", "pdfxid"),
    ("http://www.aiim.org/pdfa/ns/id/", "pdfaid"),
    ("http://www.aiim.org/pdfua/ns/id/", "pdfuaid"),
    ("http://www.aiim.org/pdfa/ns/extension/", "pdfaExtension"),
    ("http://www.aiim.org/pdfa/ns/schema#", "pdfaSchema"),
    ("http://www.aiim.org/pdfa/ns/property#", "pdfaProperty"),
    ("http://www.aiim.org/pdfa/ns/type#", "pdfaType"),
    ("http://www.aiim.org/pdfa/ns/field#", "pdfaField"),
    ("http://ns.adobe.com/photoshop/1.0/", "photoshop"),
    ("http://ns.adobe.com/tiff/1.0/", "tiff"),
    ("http://ns.adobe.com/exif/1.0/", "exif"),
    ("http://cipa.jp/exif/1.0/", "exifEX"),
    ("http://ns.adobe.com/exif/1.0/aux/", "aux"),
    ("http://ns.adobe.com/camera-raw-settings/1.0/", "crs"),
    ("http://ns.adobe.com/camera-raw-saved-settings/1.0/", "crss"),
    ("http://ns.adobe.com/lightroom/1.0/", "lr"),
    ("http://ns.adobe.com/illustrator/1.0/", "illustrator"),
    ("http://ns.adobe.com/xmp/1.0/Script/", "xmpScript"),
    ("http://ns.adobe.com/bwf/bext/1.0/", "bext"),
    ("http://ns.adobe.com/creatorAtom/1.0/", "creatorAtom"),
    ("http://ns.adobe.com/iX/1.0/", "iX"),
    ("http://ns.adobe.com/album/1.0/", "album"),
    ("http://ns.adobe.com/hdr-gain-map/1.0/", "hdrgm"),
    ("http://ns.adobe.com/xap/1.0/PLUS/", "xmpPLUS"),
    (
        "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
        "Iptc4xmpCore",
    ),
    ("http://iptc.org/std/Iptc4xmpExt/2008-02-29/", "Iptc4xmpExt"),
    ("http://ns.useplus.org/ldf/xmp/1.0/", "plus"),
    (
        "http://www.metadataworkinggroup.com/schemas/regions/",
        "mwg-rs",
    ),
    (
        "http://www.metadataworkinggroup.com/schemas/keywords/",
        "mwg-kw",
    ),
    (
        "http://www.metadataworkinggroup.com/schemas/collections/",
        "mwg-coll",
    ),
    ("http://ns.microsoft.com/photo/1.0/", "MicrosoftPhoto"),
    ("http://ns.microsoft.com/photo/1.2/", "MP"),
    ("http://ns.microsoft.com/photo/1.2/t/RegionInfo#", "MPRI"),
    ("http://ns.microsoft.com/photo/1.2/t/Region#", "MPReg"),
    ("http://purl.org/dc/terms/", "dcterms"),
    ("http://creativecommons.org/ns#", "cc"),
    ("http://www.digikam.org/ns/1.0/", "digiKam"),
    ("http://ns.google.com/photos/1.0/panorama/", "GPano"),
    ("http://ns.google.com/photos/1.0/camera/", "GCamera"),
    ("http://ns.google.com/photos/1.0/depthmap/", "GDepth"),
    ("http://ns.google.com/photos/1.0/image/", "GImage"),
    ("http://ns.google.com/photos/1.0/audio/", "GAudio"),
    ("http://ns.google.com/photos/1.0/container/", "Container"),
    ("http://ns.google.com/photos/1.0/container/item/", "Item"),
    ("http://ns.apple.com/faceinfo/1.0/", "apple-fi"),
    ("http://ns.apple.com/HDRGainMap/1.0/", "HDRGainMap"),
    ("http://www.dji.com/drone-dji/1.0/", "drone-dji"),
    ("http://ns.acdsee.com/iptc/1.0/", "acdsee"),
    (
        "http://ns.camerabits.com/photomechanic/1.0/",
        "photomechanic",
    ),
    ("http://xmp.gettyimages.com/gift/1.0/", "GettyImagesGIFT"),
    ("http://prismstandard.org/namespaces/basic/2.0/", "prism"),
    ("http://prismstandard.org/namespaces/basic/2.1/", "prism"),
    ("http://prismstandard.org/namespaces/basic/3.0/", "prism"),
    ("http://ns.iview-multimedia.com/mediapro/1.0/", "mediapro"),
    (
        "http://ns.microsoft.com/expressionmedia/1.0/",
        "expressionmedia",
    ),
    ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf"),
    ("http://www.w3.org/XML/1998/namespace", "xml"),
    ("adobe:ns:meta/", "x"),
];

/// The listing prefix of a namespace: canonical when well known, else the file's prefix
/// without a toolkit-added `_N_` suffix, else `ns`.
pub fn listing_prefix(packet: &Packet, uri: &str) -> String {
    if let Some((_, p)) = CANONICAL.iter().find(|(u, _)| *u == uri) {
        return (*p).to_string();
    }
    match packet.prefixes.prefix_of(uri) {
        Some(p) if !p.is_empty() => strip_toolkit_suffix(p).to_string(),
        _ => "ns".to_string(),
    }
}

fn strip_toolkit_suffix(p: &str) -> &str {
    if let Some(body) = p.strip_suffix('_') {
        if let Some(i) = body.rfind('_') {
            let digits = body.get(i + 1..).unwrap_or_default();
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                return body.get(..i).unwrap_or(p);
            }
        }
    }
    p
}

/// The form a container lists as: `AltText` for a non-empty Alt whose items are all
/// simple with `xml:lang` (the toolkit's `DetectAltText`).
pub fn form_of(node: &Node) -> Option<&'static str> {
    match &node.value {
        Value::Simple(_) | Value::Uri(_) => None,
        Value::Struct(_) => Some("Struct"),
        Value::Array(ArrayKind::Alt, items)
            if !items.is_empty()
                && items
                    .iter()
                    .all(|i| i.as_text().is_some() && i.lang().is_some()) =>
        {
            Some("AltText")
        }
        Value::Array(kind, _) => Some(kind.rdf_name()),
    }
}

struct Lister<'p> {
    packet: &'p Packet,
    ns: String,
    out: Vec<FlatLine>,
    prefixes: Vec<(&'p str, String)>,
}

impl<'p> Lister<'p> {
    fn qname(&mut self, name: &'p Name) -> String {
        let uri: &'p str = &name.ns;
        let prefix = match self.prefixes.iter().find(|(u, _)| *u == uri) {
            Some((_, p)) => p.clone(),
            None => {
                let p = listing_prefix(self.packet, uri);
                self.prefixes.push((uri, p.clone()));
                p
            }
        };
        format!("{prefix}:{}", name.local)
    }

    fn node(&mut self, path: String, node: &'p Node) {
        let (value, form) = match &node.value {
            Value::Simple(s) | Value::Uri(s) => (Some(s.clone()), None),
            _ => (None, form_of(node)),
        };
        self.out.push(FlatLine {
            file: None,
            ns: self.ns.clone(),
            path: path.clone(),
            value,
            form,
        });
        self.fields(&path, "/?", &node.qualifiers);
        match &node.value {
            Value::Struct(f) => self.fields(&path, "/", f),
            Value::Array(_, items) => {
                for (i, item) in items.iter().enumerate() {
                    self.node(format!("{path}[{}]", i + 1), item);
                }
            }
            _ => {}
        }
    }

    fn fields(&mut self, path: &str, sep: &str, fields: &'p Fields) {
        for (name, child) in fields {
            let q = self.qname(name);
            self.node(format!("{path}{sep}{q}"), child);
        }
    }
}

/// The packet as flat lines, properties in model order.
pub fn flatten(packet: &Packet) -> Vec<FlatLine> {
    let mut l = Lister {
        packet,
        ns: String::new(),
        out: Vec::new(),
        prefixes: Vec::new(),
    };
    for (name, node) in &packet.props {
        l.ns = name.ns.to_string();
        let top = l.qname(name);
        l.node(top, node);
    }
    l.out
}

/// [`flatten`] with every line labelled with `file`.
pub fn flatten_file(packet: &Packet, file: &str) -> Vec<FlatLine> {
    let mut lines = flatten(packet);
    for l in &mut lines {
        l.file = Some(file.to_string());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_toolkit_suffixes() {
        assert_eq!(strip_toolkit_suffix("foo_1_"), "foo");
        assert_eq!(strip_toolkit_suffix("foo_"), "foo_");
        assert_eq!(strip_toolkit_suffix("a_b_"), "a_b_");
    }

    #[test]
    fn lists_paths_forms_and_qualifiers() {
        let mut p = Packet::new();
        p.prefixes.hint("http://purl.org/dc/elements/1.1/", "d");
        p.prefixes.hint("http://example.com/ns/", "ex_2_");
        let dc = |l: &str| Name::new("http://purl.org/dc/elements/1.1/", l);
        let ex = |l: &str| Name::new("http://example.com/ns/", l);
        p.props.push((
            dc("title"),
            Node::array(ArrayKind::Alt, vec![Node::lang_text("x-default", "T")]),
        ));
        let mut item = Node::structure(vec![(ex("f"), Node::text("v"))]);
        item.qualifiers.push((ex("q"), Node::uri("u")));
        p.props
            .push((ex("list"), Node::array(ArrayKind::Seq, vec![item])));
        let lines: Vec<(String, Option<String>, Option<&str>)> = flatten(&p)
            .into_iter()
            .map(|l| (l.path, l.value, l.form))
            .collect();
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            lines,
            vec![
                ("dc:title".into(), None, Some("AltText")),
                ("dc:title[1]".into(), s("T"), None),
                ("dc:title[1]/?xml:lang".into(), s("x-default"), None),
                ("ex:list".into(), None, Some("Seq")),
                ("ex:list[1]".into(), None, Some("Struct")),
                ("ex:list[1]/?ex:q".into(), s("u"), None),
                ("ex:list[1]/ex:f".into(), s("v"), None),
            ]
        );
        let json = serde_json::to_string(&flatten_file(&p, "a.jpg")[1]).unwrap();
        assert_eq!(
            json,
            r#"{"file":"a.jpg","ns":"http://purl.org/dc/elements/1.1/","path":"dc:title[1]","value":"T"}"#
        );
    }
}
