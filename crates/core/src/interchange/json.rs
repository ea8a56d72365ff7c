//! Turning the JSON that `export --format json` writes back into edit ops
//! (docs/interchange.md, "JSON import").
//!
//! A document is an array with one object per file, `"file"` naming it. Each object is
//! one of the two export forms, recognised per object: `{"file", "xmp": JSON-LD|null}`
//! (the `show --json` form, read by [`crate::xmp::jsonld::from_json`]) or the flat form
//! `{"file", "prefix:Name": value, ...}` (`show --json --flat`), whose values get their
//! shape from the registry (arrays, language objects, structs keyed by field names).
//!
//! A property the object does not name is left alone (as an empty CSV cell); `null`
//! in the flat form deletes it (as `{{clear}}`); any other value replaces the
//! property's value, or with `merge` adds the array items not yet there and sets the
//! languages given. Every problem carries the JSON pointer of the value it is about,
//! so the caller prints `FILE.json: /3/dc:title: what is wrong`.

use serde_json::Value as Json;

use crate::edit::path::{Path, Resolver};
use crate::edit::{type_at, unknown_name, Op};
use crate::interchange::dates;
use crate::schema::{Registry, SimpleType, ValueType};
use crate::xmp::jsonld::scalar_text;
use crate::xmp::{lang, ArrayKind, Node, Value};

/// One problem: where in the document (a JSON pointer) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub pointer: String,
    pub message: String,
}

/// One file object of the document.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The object's pointer (`/3`).
    pub pointer: String,
    /// The `"file"` value, as written.
    pub file: Option<String>,
    pub ops: Vec<Op>,
    /// Everything wrong with the object (empty: `ops` can be applied).
    pub problems: Vec<Problem>,
}

/// How values become ops.
#[derive(Debug, Clone, Copy)]
pub struct JsonOptions {
    /// Add array items and languages instead of replacing values.
    pub merge: bool,
    /// Accept names a known namespace does not define (`--allow-unknown`).
    pub allow_unknown: bool,
}

/// One reference token of a JSON pointer (RFC 6901: `~` is `~0`, `/` is `~1`).
pub fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Every file object of `doc`; `Err` when the document is not an array at all.
pub fn entries(
    doc: &Json,
    resolver: &dyn Resolver,
    reg: &Registry,
    opts: JsonOptions,
) -> Result<Vec<Entry>, Problem> {
    let Json::Array(items) = doc else {
        return Err(Problem {
            pointer: String::new(),
            message: "expected an array of file objects (what export --format json writes)".into(),
        });
    };
    Ok(items
        .iter()
        .enumerate()
        .map(|(i, item)| entry(&format!("/{i}"), item, resolver, reg, opts))
        .collect())
}

fn entry(
    at: &str,
    item: &Json,
    resolver: &dyn Resolver,
    reg: &Registry,
    opts: JsonOptions,
) -> Entry {
    let mut e = Entry {
        pointer: at.to_string(),
        file: None,
        ops: Vec::new(),
        problems: Vec::new(),
    };
    let problem = |pointer: String, message: String| Problem { pointer, message };
    let Json::Object(obj) = item else {
        e.problems.push(problem(
            at.into(),
            "expected an object with a \"file\" key".into(),
        ));
        return e;
    };
    match obj.get("file") {
        Some(Json::String(s)) if !s.is_empty() => e.file = Some(s.clone()),
        Some(_) => e.problems.push(problem(
            format!("{at}/file"),
            "the file path must be a non-empty string".into(),
        )),
        None => e
            .problems
            .push(problem(at.into(), "the object has no \"file\" key".into())),
    }
    if let Some(err) = obj.get("error") {
        let what = err.as_str().map_or_else(|| err.to_string(), str::to_string);
        e.problems.push(problem(
            format!("{at}/error"),
            format!("the export could not read this file ({what}); remove the object"),
        ));
    }
    let props: Vec<(String, Path, Node)> = if let Some(xmp) = obj.get("xmp") {
        for k in obj.keys() {
            if !matches!(k.as_str(), "file" | "format" | "xmp" | "error") {
                e.problems.push(problem(
                    format!("{at}/{}", token(k)),
                    format!("unexpected key {k:?} beside \"xmp\" (the JSON-LD form)"),
                ));
            }
        }
        jsonld_props(&format!("{at}/xmp"), xmp, &mut e.problems)
    } else {
        let mut props = Vec::new();
        for (k, v) in obj {
            let here = format!("{at}/{}", token(k));
            if matches!(k.as_str(), "file" | "format" | "error") {
                continue;
            }
            if !k.contains(':') {
                e.problems.push(problem(
                    here,
                    format!("unexpected key {k:?}: property keys are prefix:Name"),
                ));
                continue;
            }
            let path = match Path::parse(k, resolver) {
                Ok(p) if p.is_top() => p,
                Ok(_) => {
                    e.problems.push(problem(
                        here,
                        format!("{k:?} is not a property name (nest fields, items and languages in its value)"),
                    ));
                    continue;
                }
                Err(err) => {
                    e.problems.push(problem(here, format!("{k:?}: {err}")));
                    continue;
                }
            };
            if v.is_null() {
                e.ops.push(Op::Delete { path });
                continue;
            }
            match flat_node(&here, v, &path, resolver, reg) {
                Ok(node) => props.push((here, path, node)),
                Err(p) => e.problems.push(p),
            }
        }
        props
    };
    for (here, path, node) in props {
        let before = e.problems.len();
        check(&here, &path, &node, reg, opts, resolver, &mut e.problems);
        if e.problems.len() == before {
            e.ops.extend(ops_for(path, node, opts));
        }
    }
    if !e.problems.is_empty() {
        e.ops.clear();
    }
    e
}

/// The properties of a JSON-LD packet (`null`: a file without XMP, nothing to set).
fn jsonld_props(at: &str, xmp: &Json, problems: &mut Vec<Problem>) -> Vec<(String, Path, Node)> {
    if xmp.is_null() {
        return Vec::new();
    }
    match crate::xmp::jsonld::from_json(xmp) {
        Ok((packet, _warnings)) => packet
            .props
            .into_iter()
            .map(|(name, node)| {
                let key = crate::edit::path::name_text(&name, &crate::edit::Canonical);
                (format!("{at}/{}", token(&key)), Path::prop(name), node)
            })
            .collect(),
        Err(e) => {
            problems.push(Problem {
                pointer: format!("{at}{}", e.path),
                message: e.message,
            });
            Vec::new()
        }
    }
}

fn declared<'r>(reg: &'r Registry, path: &Path) -> Option<&'r ValueType> {
    type_at(reg, path).ok().flatten().map(|d| d.ty)
}

/// A flat-form value as a node shaped by the registry's declaration at `path`.
fn flat_node(
    at: &str,
    v: &Json,
    path: &Path,
    resolver: &dyn Resolver,
    reg: &Registry,
) -> Result<Node, Problem> {
    let bad = |message: String| Problem {
        pointer: at.to_string(),
        message,
    };
    let decl = declared(reg, path);
    match v {
        Json::Null => Err(bad(
            "null deletes a property; inside a value it means nothing".into(),
        )),
        Json::String(_) | Json::Number(_) | Json::Bool(_) => {
            let text = scalar_text(v).unwrap_or_default();
            match decl {
                Some(ValueType::LangAlt) => Ok(Node::array(
                    ArrayKind::Alt,
                    vec![Node::lang_text("x-default", &text)],
                )),
                Some(ValueType::Array(kind, item)) => {
                    let item = leaf_text(&text, Some(item)).map_err(bad)?;
                    Ok(Node::array(*kind, vec![Node::text(item)]))
                }
                other => Ok(Node::text(leaf_text(&text, other).map_err(bad)?)),
            }
        }
        Json::Array(items) => {
            let kind = match decl {
                Some(ValueType::Array(kind, _)) => *kind,
                Some(ValueType::LangAlt) => {
                    return Err(bad(
                        "a language alternative is an object {\"x-default\": …, \"de-DE\": …}, not an array"
                            .into(),
                    ))
                }
                Some(other) => {
                    return Err(bad(format!(
                        "{path} is {}, not an array",
                        crate::edit::validate::describe(other)
                    )))
                }
                // As CSV import: a list of texts is a Bag, a list of structs a Seq.
                None if items.iter().all(|i| !i.is_object()) => ArrayKind::Bag,
                None => ArrayKind::Seq,
            };
            let mut out = Vec::with_capacity(items.len());
            for (k, item) in items.iter().enumerate() {
                let ipath = path.clone().index(k + 1);
                out.push(flat_node(
                    &format!("{at}/{k}"),
                    item,
                    &ipath,
                    resolver,
                    reg,
                )?);
            }
            Ok(Node::array(kind, out))
        }
        Json::Object(m) => {
            if let Some(other) =
                decl.filter(|t| !matches!(t, ValueType::LangAlt | ValueType::Struct(_)))
            {
                return Err(bad(format!(
                    "{path} is {}, not an object",
                    crate::edit::validate::describe(other)
                )));
            }
            let is_lang = match decl {
                Some(ValueType::LangAlt) => true,
                None => !m.is_empty() && m.iter().all(|(k, v)| !k.contains(':') && v.is_string()),
                Some(_) => false,
            };
            if is_lang {
                // x-default first, as XMP wants it; then the others in their order.
                let mut items = Vec::with_capacity(m.len());
                let mut rest = Vec::new();
                for (tag, text) in m {
                    let Json::String(text) = text else {
                        return Err(Problem {
                            pointer: format!("{at}/{}", token(tag)),
                            message: "a language's text must be a string".into(),
                        });
                    };
                    let n = Node::lang_text(tag, text);
                    if tag.eq_ignore_ascii_case("x-default") {
                        items.push(n);
                    } else {
                        rest.push(n);
                    }
                }
                items.append(&mut rest);
                return Ok(Node::array(ArrayKind::Alt, items));
            }
            let mut fields = Vec::with_capacity(m.len());
            for (k, fv) in m {
                let here = format!("{at}/{}", token(k));
                let name = match Path::parse(k, resolver) {
                    Ok(p) if p.is_top() => p.prop,
                    Ok(_) | Err(_) => {
                        return Err(Problem {
                            pointer: here,
                            message: format!("{k:?} is not a field name (prefix:Name)"),
                        })
                    }
                };
                let fpath = path.clone().field(name.clone());
                fields.push((name, flat_node(&here, fv, &fpath, resolver, reg)?));
            }
            Ok(Node::structure(fields))
        }
    }
}

/// A simple value: a date converted from the forms CSV import takes.
fn leaf_text(text: &str, decl: Option<&ValueType>) -> Result<String, String> {
    if decl.is_some_and(|t| t.leaf().simple() == Some(SimpleType::Date)) {
        return dates::to_xmp(text, None);
    }
    Ok(text.to_string())
}

/// The schema's checks on every value of `node`, as the ops that set them one by one
/// would make them (so JSON and CSV refuse the same values with the same words).
fn check(
    at: &str,
    path: &Path,
    node: &Node,
    reg: &Registry,
    opts: JsonOptions,
    resolver: &dyn Resolver,
    problems: &mut Vec<Problem>,
) {
    let mut push = |message: String| {
        problems.push(Problem {
            pointer: at.to_string(),
            message,
        })
    };
    if !opts.allow_unknown {
        if let Some(u) = unknown_name(reg, path) {
            push(format!(
                "{} (--allow-unknown imports it anyway)",
                u.message(resolver)
            ));
            return;
        }
    }
    let op = match &node.value {
        Value::Simple(s) | Value::Uri(s) => Op::SetSimple {
            path: path.clone(),
            value: s.clone(),
            new_arrays: Vec::new(),
        },
        Value::Array(..) if lang::is_lang_alt(node) => {
            for item in node.items().unwrap_or_default() {
                let op = Op::SetLang {
                    path: path.clone(),
                    lang: item.lang().unwrap_or_default().to_string(),
                    text: item.as_text().unwrap_or_default().to_string(),
                };
                if let Err(e) = op.validate(reg) {
                    push(e.to_string());
                    return;
                }
            }
            return;
        }
        Value::Array(kind, items) => {
            if let Some(texts) = simple_items(items) {
                Op::SetList {
                    path: path.clone(),
                    kind: *kind,
                    items: texts,
                }
            } else {
                for (k, item) in items.iter().enumerate() {
                    let before = problems.len();
                    check(
                        &format!("{at}/{k}"),
                        &path.clone().index(k + 1),
                        item,
                        reg,
                        opts,
                        resolver,
                        problems,
                    );
                    if problems.len() > before {
                        return;
                    }
                }
                return;
            }
        }
        Value::Struct(fields) => {
            for (name, f) in fields {
                let key = crate::edit::path::name_text(name, resolver);
                check(
                    &format!("{at}/{}", token(&key)),
                    &path.clone().field(name.clone()),
                    f,
                    reg,
                    opts,
                    resolver,
                    problems,
                );
            }
            return;
        }
    };
    if let Err(e) = op.validate(reg) {
        push(e.to_string());
    }
}

/// The texts of an array whose items are all simple and unqualified.
fn simple_items(items: &[Node]) -> Option<Vec<String>> {
    items
        .iter()
        .map(|i| match &i.value {
            Value::Simple(s) if i.qualifiers.is_empty() => Some(s.clone()),
            _ => None,
        })
        .collect()
}

/// The ops that put `node` at the top-level `path`.
fn ops_for(path: Path, node: Node, opts: JsonOptions) -> Vec<Op> {
    if opts.merge {
        if let Value::Array(kind, items) = &node.value {
            if lang::is_lang_alt(&node) {
                return items
                    .iter()
                    .map(|item| Op::SetNode {
                        path: path
                            .clone()
                            .lang(item.lang().unwrap_or_default().to_string()),
                        node: item.clone(),
                        at: None,
                    })
                    .collect();
            }
            if let Some(texts) = simple_items(items) {
                return vec![Op::MergeItems {
                    path,
                    kind: *kind,
                    items: texts,
                }];
            }
        }
    }
    vec![Op::SetNode {
        path,
        node,
        at: None,
    }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::path::Canonical;
    use crate::schema::registry;
    use crate::xmp::Packet;
    use serde_json::json;

    fn apply(doc: Json, opts: JsonOptions, packet: &mut Packet) -> Vec<Problem> {
        let es = entries(&doc, &Canonical, registry(), opts).unwrap();
        let mut problems = Vec::new();
        for e in es {
            problems.extend(e.problems);
            for op in e.ops {
                op.apply(packet).unwrap();
            }
        }
        problems
    }

    const REPLACE: JsonOptions = JsonOptions {
        merge: false,
        allow_unknown: false,
    };

    #[test]
    fn flat_values_take_the_shape_the_registry_declares() {
        let mut p = Packet::new();
        let doc = json!([{"file": "a.jpg", "format": "jpeg",
            "dc:title": {"de-DE": "Gipfel", "x-default": "Summit"},
            "dc:subject": ["alps", "dawn"],
            "dc:creator": "Ann",
            "xmp:Rating": 4,
            "xmpMM:History": [{"stEvt:action": "saved", "stEvt:when": "2024-05-01T10:00:00+02:00"}],
        }]);
        assert_eq!(apply(doc, REPLACE, &mut p), vec![]);
        let got = Json::Object(crate::present::flat_object(&p, registry()));
        assert_eq!(
            got,
            json!({
                "dc:title": {"x-default": "Summit", "de-DE": "Gipfel"},
                "dc:subject": ["alps", "dawn"],
                "dc:creator": ["Ann"],
                "xmp:Rating": 4,
                "xmpMM:History": [{"stEvt:action": "saved", "stEvt:when": "2024-05-01T10:00:00+02:00"}],
            })
        );
    }

    #[test]
    fn every_problem_has_its_json_pointer() {
        let doc = json!([
            {"file": "a.jpg", "xmp:Rating": "lots", "dc:titel": "x", "size": 3},
            {"xmp:Rating": 2},
            7,
        ]);
        let es = entries(&doc, &Canonical, registry(), REPLACE).unwrap();
        let at: Vec<(&str, &str)> = es
            .iter()
            .flat_map(|e| e.problems.iter())
            .map(|p| (p.pointer.as_str(), p.message.as_str()))
            .collect();
        let pointers: Vec<&str> = at.iter().map(|(p, _)| *p).collect();
        assert_eq!(
            pointers,
            ["/0/size", "/0/xmp:Rating", "/0/dc:titel", "/1", "/2"],
            "{at:?}"
        );
        assert!(es.iter().all(|e| e.ops.is_empty()));
    }

    #[test]
    fn merge_adds_only_new_items_and_keeps_other_languages() {
        let mut p = Packet::new();
        let first = json!([{"file": "a", "dc:creator": ["Ann", "Bo"], "dc:title": {"x-default": "T", "fr-FR": "F"}}]);
        apply(first, REPLACE, &mut p);
        let merge = JsonOptions {
            merge: true,
            allow_unknown: false,
        };
        let again =
            json!([{"file": "a", "dc:creator": ["Bo", "Cy", "Ann"], "dc:title": {"de-DE": "D"}}]);
        apply(again.clone(), merge, &mut p);
        apply(again, merge, &mut p);
        let got = Json::Object(crate::present::flat_object(&p, registry()));
        assert_eq!(
            got,
            json!({"dc:creator": ["Ann", "Bo", "Cy"], "dc:title": {"x-default": "T", "fr-FR": "F", "de-DE": "D"}})
        );
    }
}
