//! The journal's own serialised form of edit ops: [`OpRecord`].
//!
//! The edit layer keeps its ops as plain data without serde; the journal owns the
//! on-disk shape so that a change to [`Op`] cannot silently change (or break the
//! reading of) journals already on disk. The JSON is exactly what the journal wrote
//! when ops carried serde derives themselves (format 1), so old journals still list
//! and undo:
//!
//! - an op is externally tagged: `{"AddItem":{"path":..,"value":"alps","kind":"Bag"}}`,
//!   `{"SetRating":4}`, `"Noop"`;
//! - a path is `{"prop":NAME,"steps":[{"Index":1},{"Field":NAME},{"Lang":"de"},
//!   {"Qualifier":NAME}]}`, `steps` omitted when empty;
//! - a name is written in Clark notation (`{http://purl.org/dc/elements/1.1/}title`)
//!   so that stored ops never depend on prefixes;
//! - a node is `{"v": VALUE, "q": [[NAME, NODE], ...]}` with `q` omitted when empty,
//!   VALUE one of `{"Text":".."}`, `{"Uri":".."}`, `{"Struct":[[NAME, NODE], ...]}`,
//!   `{"Array":["Seq",[NODE, ...]]}`.
//!
//! Writing converts with `From<&Op>`; reading with `TryFrom<OpRecord>`, which refuses
//! names that are not in Clark notation ([`RecordError`]).

use serde::{Deserialize, Serialize};
use xmpedit_core::edit::path::{clark, parse_clark};
use xmpedit_core::edit::{ItemRef, Op, Path, Step};
use xmpedit_core::xmp::{ArrayKind, Name, Node, Value};

/// A stored op that does not describe an [`Op`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    #[error("expected a name as {{uri}}local, got {0:?}")]
    Name(String),
}

/// [`Op`] as the journal stores it (see the module docs for the JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum OpRecord {
    SetSimple {
        path: PathRecord,
        value: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        new_arrays: Vec<KindRecord>,
    },
    SetLang {
        path: PathRecord,
        lang: String,
        text: String,
    },
    RemoveLang {
        path: PathRecord,
        lang: String,
    },
    MakeDefaultLang {
        path: PathRecord,
        lang: String,
    },
    AddItem {
        path: PathRecord,
        value: String,
        kind: KindRecord,
    },
    RemoveItem {
        path: PathRecord,
        item: ItemRecord,
    },
    ReplaceItem {
        path: PathRecord,
        index: usize,
        value: String,
    },
    MoveItem {
        path: PathRecord,
        from: usize,
        to: usize,
    },
    SetList {
        path: PathRecord,
        kind: KindRecord,
        items: Vec<String>,
    },
    MergeItems {
        path: PathRecord,
        kind: KindRecord,
        items: Vec<String>,
    },
    SetRating(i8),
    Delete {
        path: PathRecord,
    },
    SetNode {
        path: PathRecord,
        node: NodeRecord,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<usize>,
    },
    Noop,
}

/// [`Path`]: the property's Clark name and the steps below it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathRecord {
    pub prop: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<StepRecord>,
}

/// [`Step`], names in Clark notation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepRecord {
    Field(String),
    Index(usize),
    Lang(String),
    Qualifier(String),
}

/// [`ItemRef`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ItemRecord {
    Value(String),
    Index(usize),
}

/// [`ArrayKind`], by its RDF container name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum KindRecord {
    Bag,
    Seq,
    Alt,
}

/// [`Node`]: its value and qualifiers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeRecord {
    pub v: ValueRecord,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub q: Vec<(String, NodeRecord)>,
}

/// [`Value`]; simple text is `Text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ValueRecord {
    Text(String),
    Uri(String),
    Struct(Vec<(String, NodeRecord)>),
    Array(KindRecord, Vec<NodeRecord>),
}

fn name_of(text: String) -> Result<Name, RecordError> {
    parse_clark(&text).ok_or(RecordError::Name(text))
}

impl From<ArrayKind> for KindRecord {
    fn from(k: ArrayKind) -> Self {
        match k {
            ArrayKind::Bag => KindRecord::Bag,
            ArrayKind::Seq => KindRecord::Seq,
            ArrayKind::Alt => KindRecord::Alt,
        }
    }
}

impl From<KindRecord> for ArrayKind {
    fn from(k: KindRecord) -> Self {
        match k {
            KindRecord::Bag => ArrayKind::Bag,
            KindRecord::Seq => ArrayKind::Seq,
            KindRecord::Alt => ArrayKind::Alt,
        }
    }
}

impl From<&Path> for PathRecord {
    fn from(p: &Path) -> Self {
        PathRecord {
            prop: clark(&p.prop),
            steps: p
                .steps
                .iter()
                .map(|s| match s {
                    Step::Field(n) => StepRecord::Field(clark(n)),
                    Step::Index(i) => StepRecord::Index(*i),
                    Step::Lang(l) => StepRecord::Lang(l.clone()),
                    Step::Qualifier(n) => StepRecord::Qualifier(clark(n)),
                })
                .collect(),
        }
    }
}

impl TryFrom<PathRecord> for Path {
    type Error = RecordError;

    fn try_from(p: PathRecord) -> Result<Self, RecordError> {
        let steps = p
            .steps
            .into_iter()
            .map(|s| {
                Ok(match s {
                    StepRecord::Field(n) => Step::Field(name_of(n)?),
                    StepRecord::Index(i) => Step::Index(i),
                    StepRecord::Lang(l) => Step::Lang(l),
                    StepRecord::Qualifier(n) => Step::Qualifier(name_of(n)?),
                })
            })
            .collect::<Result<_, RecordError>>()?;
        Ok(Path {
            prop: name_of(p.prop)?,
            steps,
        })
    }
}

fn fields_record(fields: &[(Name, Node)]) -> Vec<(String, NodeRecord)> {
    fields
        .iter()
        .map(|(n, v)| (clark(n), NodeRecord::from(v)))
        .collect()
}

fn fields_of(fields: Vec<(String, NodeRecord)>) -> Result<Vec<(Name, Node)>, RecordError> {
    fields
        .into_iter()
        .map(|(n, v)| Ok((name_of(n)?, Node::try_from(v)?)))
        .collect()
}

impl From<&Node> for NodeRecord {
    fn from(node: &Node) -> Self {
        let v = match &node.value {
            Value::Simple(s) => ValueRecord::Text(s.clone()),
            Value::Uri(s) => ValueRecord::Uri(s.clone()),
            Value::Struct(f) => ValueRecord::Struct(fields_record(f)),
            Value::Array(k, items) => {
                ValueRecord::Array((*k).into(), items.iter().map(NodeRecord::from).collect())
            }
        };
        NodeRecord {
            v,
            q: fields_record(&node.qualifiers),
        }
    }
}

impl TryFrom<NodeRecord> for Node {
    type Error = RecordError;

    fn try_from(r: NodeRecord) -> Result<Self, RecordError> {
        let value = match r.v {
            ValueRecord::Text(s) => Value::Simple(s),
            ValueRecord::Uri(s) => Value::Uri(s),
            ValueRecord::Struct(f) => Value::Struct(fields_of(f)?),
            ValueRecord::Array(k, items) => Value::Array(
                k.into(),
                items
                    .into_iter()
                    .map(Node::try_from)
                    .collect::<Result<_, RecordError>>()?,
            ),
        };
        Ok(Node {
            value,
            qualifiers: fields_of(r.q)?,
        })
    }
}

impl From<&Op> for OpRecord {
    fn from(op: &Op) -> Self {
        let p = PathRecord::from;
        match op {
            Op::SetSimple {
                path,
                value,
                new_arrays,
            } => OpRecord::SetSimple {
                path: p(path),
                value: value.clone(),
                new_arrays: new_arrays.iter().map(|k| (*k).into()).collect(),
            },
            Op::SetLang { path, lang, text } => OpRecord::SetLang {
                path: p(path),
                lang: lang.clone(),
                text: text.clone(),
            },
            Op::RemoveLang { path, lang } => OpRecord::RemoveLang {
                path: p(path),
                lang: lang.clone(),
            },
            Op::MakeDefaultLang { path, lang } => OpRecord::MakeDefaultLang {
                path: p(path),
                lang: lang.clone(),
            },
            Op::AddItem { path, value, kind } => OpRecord::AddItem {
                path: p(path),
                value: value.clone(),
                kind: (*kind).into(),
            },
            Op::RemoveItem { path, item } => OpRecord::RemoveItem {
                path: p(path),
                item: match item {
                    ItemRef::Value(v) => ItemRecord::Value(v.clone()),
                    ItemRef::Index(i) => ItemRecord::Index(*i),
                },
            },
            Op::ReplaceItem { path, index, value } => OpRecord::ReplaceItem {
                path: p(path),
                index: *index,
                value: value.clone(),
            },
            Op::MoveItem { path, from, to } => OpRecord::MoveItem {
                path: p(path),
                from: *from,
                to: *to,
            },
            Op::SetList { path, kind, items } => OpRecord::SetList {
                path: p(path),
                kind: (*kind).into(),
                items: items.clone(),
            },
            Op::MergeItems { path, kind, items } => OpRecord::MergeItems {
                path: p(path),
                kind: (*kind).into(),
                items: items.clone(),
            },
            Op::SetRating(r) => OpRecord::SetRating(*r),
            Op::Delete { path } => OpRecord::Delete { path: p(path) },
            Op::SetNode { path, node, at } => OpRecord::SetNode {
                path: p(path),
                node: node.into(),
                at: *at,
            },
            Op::Noop => OpRecord::Noop,
        }
    }
}

impl From<Op> for OpRecord {
    fn from(op: Op) -> Self {
        OpRecord::from(&op)
    }
}

impl TryFrom<OpRecord> for Op {
    type Error = RecordError;

    fn try_from(r: OpRecord) -> Result<Self, RecordError> {
        Ok(match r {
            OpRecord::SetSimple {
                path,
                value,
                new_arrays,
            } => Op::SetSimple {
                path: path.try_into()?,
                value,
                new_arrays: new_arrays.into_iter().map(ArrayKind::from).collect(),
            },
            OpRecord::SetLang { path, lang, text } => Op::SetLang {
                path: path.try_into()?,
                lang,
                text,
            },
            OpRecord::RemoveLang { path, lang } => Op::RemoveLang {
                path: path.try_into()?,
                lang,
            },
            OpRecord::MakeDefaultLang { path, lang } => Op::MakeDefaultLang {
                path: path.try_into()?,
                lang,
            },
            OpRecord::AddItem { path, value, kind } => Op::AddItem {
                path: path.try_into()?,
                value,
                kind: kind.into(),
            },
            OpRecord::RemoveItem { path, item } => Op::RemoveItem {
                path: path.try_into()?,
                item: match item {
                    ItemRecord::Value(v) => ItemRef::Value(v),
                    ItemRecord::Index(i) => ItemRef::Index(i),
                },
            },
            OpRecord::ReplaceItem { path, index, value } => Op::ReplaceItem {
                path: path.try_into()?,
                index,
                value,
            },
            OpRecord::MoveItem { path, from, to } => Op::MoveItem {
                path: path.try_into()?,
                from,
                to,
            },
            OpRecord::SetList { path, kind, items } => Op::SetList {
                path: path.try_into()?,
                kind: kind.into(),
                items,
            },
            OpRecord::MergeItems { path, kind, items } => Op::MergeItems {
                path: path.try_into()?,
                kind: kind.into(),
                items,
            },
            OpRecord::SetRating(r) => Op::SetRating(r),
            OpRecord::Delete { path } => Op::Delete {
                path: path.try_into()?,
            },
            OpRecord::SetNode { path, node, at } => Op::SetNode {
                path: path.try_into()?,
                node: node.try_into()?,
                at,
            },
            OpRecord::Noop => Op::Noop,
        })
    }
}

/// Records for a batch's ops, in order.
pub fn records(ops: &[Op]) -> Vec<OpRecord> {
    ops.iter().map(OpRecord::from).collect()
}

/// The ops of stored records; the first bad record fails them all (a batch's ops
/// are shown together, a partial list would misdescribe the batch).
pub fn ops_of(records: Vec<OpRecord>) -> Result<Vec<Op>, RecordError> {
    records.into_iter().map(Op::try_from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use xmpedit_core::edit::Canonical;

    fn path(t: &str) -> Path {
        Path::parse(t, &Canonical).unwrap()
    }

    /// Every op variant, and the JSON the journal wrote for it while ops serialised
    /// themselves (produced with the serde derives of the edit layer before they were
    /// removed): the record must write exactly this and read it back.
    fn every_op_with_its_json_of_format_1() -> Vec<(Op, &'static str)> {
        let mut item = Node::structure(vec![(
            Name::new("http://ns.adobe.com/xap/1.0/sType/ResourceEvent#", "action"),
            Node::text("saved"),
        )]);
        item.set_qualifier(Name::new("http://e/q/", "role"), Node::uri("http://x/"));
        vec![
            (
                Op::SetSimple {
                    path: path("xmp:CreateDate"),
                    value: "2024-05-31".into(),
                    new_arrays: vec![],
                },
                r#"{"SetSimple":{"path":{"prop":"{http://ns.adobe.com/xap/1.0/}CreateDate"},"value":"2024-05-31"}}"#,
            ),
            (
                Op::SetSimple {
                    path: path("dc:subject[2]"),
                    value: "x".into(),
                    new_arrays: vec![ArrayKind::Bag],
                },
                r#"{"SetSimple":{"path":{"prop":"{http://purl.org/dc/elements/1.1/}subject","steps":[{"Index":2}]},"value":"x","new_arrays":["Bag"]}}"#,
            ),
            (
                Op::SetSimple {
                    path: path("xmpMM:History[1]/stEvt:action"),
                    value: "saved".into(),
                    new_arrays: vec![],
                },
                r#"{"SetSimple":{"path":{"prop":"{http://ns.adobe.com/xap/1.0/mm/}History","steps":[{"Index":1},{"Field":"{http://ns.adobe.com/xap/1.0/sType/ResourceEvent#}action"}]},"value":"saved"}}"#,
            ),
            (
                Op::SetSimple {
                    path: path("dc:creator[1]/?xml:lang"),
                    value: "de".into(),
                    new_arrays: vec![],
                },
                r#"{"SetSimple":{"path":{"prop":"{http://purl.org/dc/elements/1.1/}creator","steps":[{"Index":1},{"Qualifier":"{http://www.w3.org/XML/1998/namespace}lang"}]},"value":"de"}}"#,
            ),
            (
                Op::SetSimple {
                    path: path("dc:title[de-DE]"),
                    value: "T".into(),
                    new_arrays: vec![],
                },
                r#"{"SetSimple":{"path":{"prop":"{http://purl.org/dc/elements/1.1/}title","steps":[{"Lang":"de-DE"}]},"value":"T"}}"#,
            ),
            (
                Op::SetLang {
                    path: path("dc:title"),
                    lang: "de-DE".into(),
                    text: "Titel".into(),
                },
                r#"{"SetLang":{"path":{"prop":"{http://purl.org/dc/elements/1.1/}title"},"lang":"de-DE","text":"Titel"}}"#,
            ),
            (
                Op::RemoveLang {
                    path: path("dc:title"),
                    lang: "de".into(),
                },
                r#"{"RemoveLang":{"path":{"prop":"{http://purl.org/dc/elements/1.1/}title"},"lang":"de"}}"#,
            ),
            (
                Op::MakeDefaultLang {
                    path: path("dc:title"),
                    lang: "de".into(),
                },
                r#"{"MakeDefaultLang":{"path":{"prop":"{http://purl.org/dc/elements/1.1/}title"},"lang":"de"}}"#,
            ),
            (
                Op::AddItem {
                    path: path("dc:creator"),
                    value: "Ann".into(),
                    kind: ArrayKind::Seq,
                },
                r#"{"AddItem":{"path":{"prop":"{http://purl.org/dc/elements/1.1/}creator"},"value":"Ann","kind":"Seq"}}"#,
            ),
            (
                Op::RemoveItem {
                    path: path("dc:subject"),
                    item: ItemRef::Value("sea".into()),
                },
                r#"{"RemoveItem":{"path":{"prop":"{http://purl.org/dc/elements/1.1/}subject"},"item":{"Value":"sea"}}}"#,
            ),
            (
                Op::RemoveItem {
                    path: path("dc:creator"),
                    item: ItemRef::Index(2),
                },
                r#"{"RemoveItem":{"path":{"prop":"{http://purl.org/dc/elements/1.1/}creator"},"item":{"Index":2}}}"#,
            ),
            (
                Op::ReplaceItem {
                    path: path("dc:creator"),
                    index: 1,
                    value: "Bob".into(),
                },
                r#"{"ReplaceItem":{"path":{"prop":"{http://purl.org/dc/elements/1.1/}creator"},"index":1,"value":"Bob"}}"#,
            ),
            (
                Op::MoveItem {
                    path: path("dc:creator"),
                    from: 3,
                    to: 1,
                },
                r#"{"MoveItem":{"path":{"prop":"{http://purl.org/dc/elements/1.1/}creator"},"from":3,"to":1}}"#,
            ),
            (
                Op::SetList {
                    path: path("dc:subject"),
                    kind: ArrayKind::Bag,
                    items: vec!["a".into(), "b".into()],
                },
                r#"{"SetList":{"path":{"prop":"{http://purl.org/dc/elements/1.1/}subject"},"kind":"Bag","items":["a","b"]}}"#,
            ),
            (
                Op::MergeItems {
                    path: path("dc:creator"),
                    kind: ArrayKind::Seq,
                    items: vec!["Ann".into()],
                },
                r#"{"MergeItems":{"path":{"prop":"{http://purl.org/dc/elements/1.1/}creator"},"kind":"Seq","items":["Ann"]}}"#,
            ),
            (Op::SetRating(-1), r#"{"SetRating":-1}"#),
            (
                Op::Delete {
                    path: path("dc:subject"),
                },
                r#"{"Delete":{"path":{"prop":"{http://purl.org/dc/elements/1.1/}subject"}}}"#,
            ),
            (
                Op::SetNode {
                    path: path("xmpMM:History"),
                    node: Node::array(ArrayKind::Seq, vec![item, Node::lang_text("de", "Ä \"q\"")]),
                    at: Some(1),
                },
                r#"{"SetNode":{"path":{"prop":"{http://ns.adobe.com/xap/1.0/mm/}History"},"node":{"v":{"Array":["Seq",[{"v":{"Struct":[["{http://ns.adobe.com/xap/1.0/sType/ResourceEvent#}action",{"v":{"Text":"saved"}}]]},"q":[["{http://e/q/}role",{"v":{"Uri":"http://x/"}}]]},{"v":{"Text":"Ä \"q\""},"q":[["{http://www.w3.org/XML/1998/namespace}lang",{"v":{"Text":"de"}}]]}]]}},"at":1}}"#,
            ),
            (
                Op::SetNode {
                    path: path("dc:format"),
                    node: Node::text("image/jpeg"),
                    at: None,
                },
                r#"{"SetNode":{"path":{"prop":"{http://purl.org/dc/elements/1.1/}format"},"node":{"v":{"Text":"image/jpeg"}}}}"#,
            ),
            (Op::Noop, r#""Noop""#),
        ]
    }

    #[test]
    fn records_write_and_read_the_json_of_format_1() {
        for (op, json) in every_op_with_its_json_of_format_1() {
            let written = serde_json::to_string(&OpRecord::from(&op)).unwrap();
            assert_eq!(written, json, "{op}");
            let read: OpRecord = serde_json::from_str(json).unwrap();
            assert_eq!(Op::try_from(read).unwrap(), op, "{json}");
        }
    }

    #[test]
    fn paths_serialize_as_clark_names() {
        let path = path("xmpMM:History[2]/stEvt:action");
        let json = serde_json::to_string(&PathRecord::from(&path)).unwrap();
        assert_eq!(
            json,
            r#"{"prop":"{http://ns.adobe.com/xap/1.0/mm/}History","steps":[{"Index":2},{"Field":"{http://ns.adobe.com/xap/1.0/sType/ResourceEvent#}action"}]}"#
        );
        let back = serde_json::from_str::<PathRecord>(&json).unwrap();
        assert_eq!(Path::try_from(back).unwrap(), path);
    }

    #[test]
    fn names_not_in_clark_notation_are_refused() {
        let bad = r#"{"SetNode":{"path":{"prop":"{http://purl.org/dc/elements/1.1/}title"},"node":{"v":{"Struct":[["dc:title",{"v":{"Text":""}}]]}}}}"#;
        let record: OpRecord = serde_json::from_str(bad).unwrap();
        let err = Op::try_from(record).unwrap_err();
        assert_eq!(err, RecordError::Name("dc:title".into()));
        assert!(
            err.to_string().contains("expected a name as {uri}local"),
            "{err}"
        );
        let bad_prop: OpRecord =
            serde_json::from_str(r#"{"Delete":{"path":{"prop":"{}x"}}}"#).unwrap();
        assert!(Op::try_from(bad_prop).is_err());
    }
}
