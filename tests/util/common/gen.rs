//! Proptest strategies for arbitrary, valid packet models: well-known and unknown
//! namespaces (including URIs that need escaping), odd prefix hints, xml:lang /
//! rdf:type / general qualifiers (qualifiers on qualifiers too), nested structs and
//! arrays, Lang Alts, URIs, and awkward text (whitespace-only, `<&>"'`, TAB/LF/CR,
//! non-ASCII, empty strings, numerals in canonical and non-canonical forms).
//!
//! "Valid" means what XMP allows and XML can carry: NCName local names, no names
//! reserved by RDF/XML except `rdf:type`, unique names per level, qualifiers in the
//! model's order (`xml:lang`, `rdf:type`, others), no characters XML 1.0 forbids.
//! One more rule comes from RDF/XML itself: `xml:lang` is inherited by everything
//! inside the element that carries it, and readers give an `rdf:Alt` text item without a
//! language the inherited one (docs/rdf-xml.md, "xml:lang placement"). So a text item of an
//! Alt never lacks `xml:lang` inside a language scope here: [`explicit_alt_langs`] writes
//! the inherited language on it, as a reader would see it.

use proptest::prelude::*;
use proptest::sample::select;

use xmpedit_core::xmp::jsonld::{Scalar, TypeHints};
use xmpedit_core::xmp::{ArrayKind, Fields, Name, Node, Packet, Value};

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

/// Namespaces properties and fields are drawn from.
pub const NAMESPACES: &[&str] = &[
    "http://purl.org/dc/elements/1.1/",
    "http://ns.adobe.com/xap/1.0/",
    "http://ns.adobe.com/xap/1.0/mm/",
    "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#",
    "http://ns.adobe.com/exif/1.0/",
    "http://example.com/ns/a/",
    "urn:example:ns:b#",
    "http://example.org/ünï/",
    "http://example.com/x&y<z>\"q'/",
];

/// Namespaces of general qualifiers.
pub const QUAL_NAMESPACES: &[&str] = &[
    "http://ns.adobe.com/xmp/Identifier/qual/1.0/",
    "http://example.com/ns/qual/",
    "http://example.com/ns/a/",
];

const LOCALS: &[&str] = &[
    "title",
    "Rating",
    "a",
    "b",
    "Field",
    "x-y",
    "n.1",
    "_u",
    "Ünï",
    "名前",
    "é9",
    "Int",
    "IntCount",
    "Real",
    "RealValue",
    "Bool",
    "BoolFlag",
    "Scheme",
    "role",
];

const PREFIX_HINTS: &[&str] = &[
    "dc", "xmp", "a", "b", "ns1", "ns2", "x", "rdf", "xml", "xmlns", "my-p", "p_1", "ünï", "1bad",
    "", "stEvt",
];

const LANGS: &[&str] = &[
    "x-default",
    "en",
    "en-US",
    "fr-FR",
    "de",
    "EN-gb",
    "zh-Hant-TW",
    "x-private",
    "pt-BR",
];

const ODD_TEXTS: &[&str] = &[
    "",
    " ",
    "   ",
    " lead",
    "trail ",
    "<&>\"'",
    "a]]>b",
    "\t",
    "\n",
    "\r",
    "\r\n",
    " \n\t ",
    "line1\nline2",
    "tab\tsep",
    "ünïcödé",
    "日本語のテキスト",
    "😀 emoji",
    "&amp; not an entity",
    "&#x41;",
    "<!-- x -->",
    "<![CDATA[x]]>",
    "\u{7F}",
    "\u{85}",
    "\u{2028}",
    "\u{FEFF}",
    "\u{A0}nbsp",
    "4",
    "007",
    "-3",
    "2.5",
    "2.50",
    "2.0",
    "-0",
    "1e3",
    "9007199254740993",
    "True",
    "False",
    "true",
    "dc:title",
    "http://example.com/",
];

const URIS: &[&str] = &[
    "http://example.com/a",
    "",
    "urn:uuid:1234-5678",
    "https://ex.com/?q=1&r=<2>\"'",
    "relative/path",
    "dc:foo",
    "mailto:a@b.c",
    "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#Thing",
    "http://example.com/ns/a/Type",
];

fn odd_char() -> impl Strategy<Value = char> {
    prop_oneof![
        select(vec![
            '\t', '\n', '\r', ' ', '<', '&', '>', '"', '\'', ']', ';', '#'
        ]),
        proptest::char::range('a', 'z'),
        proptest::char::range('\u{A0}', '\u{2FF}'),
        proptest::char::range('\u{4E00}', '\u{4E20}'),
        proptest::char::range('\u{1F600}', '\u{1F610}'),
        proptest::char::range('\u{E000}', '\u{E005}'),
    ]
}

/// Text values.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z0-9 ]{0,12}",
        2 => select(ODD_TEXTS).prop_map(String::from),
        2 => proptest::collection::vec(odd_char(), 0..10).prop_map(|v| v.into_iter().collect()),
    ]
}

fn uri() -> impl Strategy<Value = String> {
    select(URIS).prop_map(String::from)
}

fn local() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(LOCALS).prop_map(String::from),
        1 => "[A-Za-z_][A-Za-z0-9_.-]{0,6}",
    ]
}

/// Property and field names; `rdf:type` now and then (allowed as a field).
pub fn name() -> impl Strategy<Value = Name> {
    prop_oneof![
        20 => (select(NAMESPACES), local()).prop_map(|(ns, l)| Name::new(ns, l)),
        1 => Just(Name::new(RDF, "type")),
    ]
}

fn qual_name() -> impl Strategy<Value = Name> {
    (select(QUAL_NAMESPACES), local()).prop_map(|(ns, l)| Name::new(ns, l))
}

fn leaf() -> impl Strategy<Value = Node> {
    prop_oneof![
        4 => text().prop_map(Node::text),
        1 => uri().prop_map(Node::uri),
    ]
}

fn dedupe(mut fields: Fields) -> Fields {
    let mut seen: Vec<Name> = Vec::new();
    fields.retain(|(n, _)| {
        let fresh = !seen.contains(n);
        seen.push(n.clone());
        fresh
    });
    fields
}

fn lang_alt() -> impl Strategy<Value = Node> {
    proptest::collection::vec((select(LANGS), text()), 0..4).prop_map(|items| {
        let mut seen: Vec<String> = Vec::new();
        let mut out: Vec<Node> = Vec::new();
        for (lang, t) in items {
            let key = lang.to_ascii_lowercase();
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let item = Node::lang_text(lang, t);
            if lang == "x-default" {
                out.insert(0, item);
            } else {
                out.push(item);
            }
        }
        Node::array(ArrayKind::Alt, out)
    })
}

/// Qualifiers to attach: optional xml:lang, optional rdf:type, general ones.
#[derive(Debug, Clone)]
struct Quals {
    lang: Option<&'static str>,
    ty: Option<Node>,
    general: Fields,
}

fn quals(value: BoxedStrategy<Node>) -> impl Strategy<Value = Quals> {
    (
        proptest::option::weighted(0.4, select(LANGS)),
        proptest::option::weighted(0.3, leaf()),
        proptest::collection::vec((qual_name(), value), 0..3),
    )
        .prop_map(|(lang, ty, general)| Quals {
            lang,
            ty,
            general: dedupe(general),
        })
}

fn apply(mut node: Node, q: Quals) -> Node {
    if let Some(l) = q.lang {
        if node.lang().is_none() {
            node.qualifiers.insert(
                0,
                (
                    Name::new("http://www.w3.org/XML/1998/namespace", "lang"),
                    Node::text(l),
                ),
            );
        }
    }
    if let Some(t) =
        q.ty.filter(|_| !node.qualifiers.iter().any(|(m, _)| m.is_rdf_type()))
    {
        let at = usize::from(node.lang().is_some());
        node.qualifiers.insert(at, (Name::new(RDF, "type"), t));
    }
    for (n, v) in q.general {
        if !node.qualifiers.iter().any(|(m, _)| *m == n) {
            node.qualifiers.push((n, v));
        }
    }
    node
}

/// A field or property whose name the [`LocalNameHints`] type, with text that is
/// canonical for the type or deliberately not.
pub fn typed_entry() -> impl Strategy<Value = (Name, Node)> {
    let ints = select(vec![
        "4",
        "-3",
        "0",
        "12345",
        "007",
        "+5",
        "9007199254740993",
        "x",
    ]);
    let reals = select(vec![
        "2.5", "3", "-0.125", "2.50", "1e3", ".5", "2.0", "0.1",
    ]);
    let bools = select(vec!["True", "False", "true", "1"]);
    let ns = select(NAMESPACES);
    prop_oneof![
        (ns.clone(), ints).prop_map(|(ns, t)| (Name::new(ns, "IntCount"), Node::text(t))),
        (ns.clone(), reals).prop_map(|(ns, t)| (Name::new(ns, "RealValue"), Node::text(t))),
        (ns, bools).prop_map(|(ns, t)| (Name::new(ns, "BoolFlag"), Node::text(t))),
    ]
}

fn entry(inner: impl Strategy<Value = Node>) -> impl Strategy<Value = (Name, Node)> {
    prop_oneof![5 => (name(), inner), 1 => typed_entry()]
}

/// A struct typed with an `rdf:type` URI qualifier (the `@type` form of JSON-LD).
fn typed_struct(inner: BoxedStrategy<Node>) -> impl Strategy<Value = Node> {
    (proptest::collection::vec(entry(inner), 0..3), uri()).prop_map(|(f, t)| {
        let mut n = Node::structure(dedupe(f));
        n.qualifiers.push((Name::new(RDF, "type"), Node::uri(t)));
        n
    })
}

/// Any node: leaves, structs, arrays, Lang Alts, each sometimes qualified.
pub fn node() -> impl Strategy<Value = Node> {
    let base = leaf().boxed();
    base.prop_recursive(4, 48, 4, |inner| {
        let shaped = prop_oneof![
            2 => inner.clone(),
            2 => proptest::collection::vec(entry(inner.clone()), 0..4)
                .prop_map(|f| Node::structure(dedupe(f))),
            1 => typed_struct(inner.clone()),
            2 => (select(vec![ArrayKind::Bag, ArrayKind::Seq, ArrayKind::Alt]),
                  proptest::collection::vec(inner.clone(), 0..4))
                .prop_map(|(k, items)| Node::array(k, items)),
            1 => lang_alt(),
        ];
        (
            shaped,
            proptest::option::weighted(0.2, quals(inner.clone())),
        )
            .prop_map(|(n, q)| match q {
                Some(q) => apply(n, q),
                None => n,
            })
            .boxed()
    })
}

/// Gives every text item of an `rdf:Alt` that lacks `xml:lang` the language in
/// scope (its nearest ancestor's, the node's own counting for its fields, items and
/// qualifiers), which is what it means once written as RDF/XML.
pub fn explicit_alt_langs(p: &mut Packet) {
    fn walk(node: &mut Node, scope: Option<&str>) {
        let own = node.lang().map(str::to_string);
        let scope = own.as_deref().or(scope);
        for (n, q) in node.qualifiers.iter_mut() {
            if !n.is_xml_lang() {
                walk(q, scope);
            }
        }
        match &mut node.value {
            Value::Struct(fields) => fields.iter_mut().for_each(|(_, f)| walk(f, scope)),
            Value::Array(kind, items) => {
                for item in items.iter_mut() {
                    if let (ArrayKind::Alt, Some(l), Value::Simple(_), None) =
                        (*kind, scope, &item.value, item.lang())
                    {
                        item.qualifiers.insert(
                            0,
                            (
                                Name::new("http://www.w3.org/XML/1998/namespace", "lang"),
                                Node::text(l),
                            ),
                        );
                    }
                    walk(item, scope);
                }
            }
            Value::Simple(_) | Value::Uri(_) => {}
        }
    }
    for (_, node) in p.props.iter_mut() {
        walk(node, None);
    }
}

/// A whole packet: about URI, prefix hints (some unusable), 0-7 properties.
pub fn packet() -> impl Strategy<Value = Packet> {
    (
        select(vec![
            "",
            "",
            "",
            "http://example.com/photo.jpg",
            "urn:x:odd&<\"'>",
        ]),
        proptest::collection::vec((select(NAMESPACES), select(PREFIX_HINTS)), 0..4),
        proptest::collection::vec(entry(node()), 0..8),
    )
        .prop_map(|(about, hints, props)| {
            let mut p = Packet::new();
            p.about = about.to_string();
            for (uri, prefix) in hints {
                p.prefixes.hint(uri, prefix);
            }
            p.props = dedupe(props);
            explicit_alt_langs(&mut p);
            p
        })
}

/// Type hints keyed on the local name of the last path element: `Int*` Integer,
/// `Real*` Real, `Bool*` Boolean; lets proptest exercise JSON numbers and booleans.
pub struct LocalNameHints;

impl TypeHints for LocalNameHints {
    fn scalar(&self, path: &[&Name]) -> Option<Scalar> {
        let last = path.last()?;
        if last.local.starts_with("Int") {
            Some(Scalar::Integer)
        } else if last.local.starts_with("Real") {
            Some(Scalar::Real)
        } else if last.local.starts_with("Bool") {
            Some(Scalar::Boolean)
        } else {
            None
        }
    }
}

/// True when some simple value anywhere in the packet satisfies `f`.
pub fn any_text(p: &Packet, f: &dyn Fn(&str) -> bool) -> bool {
    fn node(n: &Node, f: &dyn Fn(&str) -> bool) -> bool {
        n.qualifiers.iter().any(|(_, q)| node(q, f))
            || match &n.value {
                Value::Simple(s) | Value::Uri(s) => f(s),
                Value::Struct(fs) => fs.iter().any(|(_, x)| node(x, f)),
                Value::Array(_, items) => items.iter().any(|x| node(x, f)),
            }
    }
    p.props.iter().any(|(_, n)| node(n, f))
}
