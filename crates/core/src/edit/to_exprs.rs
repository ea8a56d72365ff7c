//! EDIT expressions that give a property the value it has (for `template save`):
//! a simple value as `PROP=VALUE`, a language alternative as one `PROP[LANG]=TEXT`
//! per language (`x-default` first), an array of simple items as `PROP=FIRST` (which
//! replaces the list) then `PROP+=ITEM`, a struct as one expression per simple
//! field (`PROP/FIELD=VALUE`). Braces in values are doubled so that variables are
//! not read into them. Arrays of structs have no expression form: they are
//! reported as skipped.

use crate::edit::path::{Path, Resolver};
use crate::xmp::{lang, Name, Node, Value};

/// The expressions for `name`'s value, and the paths that could not be written.
pub fn exprs_of(name: &Name, node: &Node, resolver: &dyn Resolver) -> (Vec<String>, Vec<String>) {
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    walk(
        &Path::prop(name.clone()),
        node,
        resolver,
        &mut out,
        &mut skipped,
    );
    (out, skipped)
}

fn escape(s: &str) -> String {
    s.replace('{', "{{").replace('}', "}}")
}

fn walk(
    path: &Path,
    node: &Node,
    r: &dyn Resolver,
    out: &mut Vec<String>,
    skipped: &mut Vec<String>,
) {
    let p = path.to_text(r);
    match &node.value {
        Value::Simple(s) | Value::Uri(s) => out.push(format!("{p}={}", escape(s))),
        Value::Array(..) if lang::is_lang_alt(node) => {
            let items = node.items().unwrap_or_default();
            let mut sorted: Vec<&Node> = items.iter().collect();
            sorted.sort_by_key(|n| n.lang() != Some(lang::X_DEFAULT));
            for item in sorted {
                if let (Some(l), Some(t)) = (item.lang(), item.as_text()) {
                    out.push(format!("{p}[{l}]={}", escape(t)));
                }
            }
        }
        Value::Array(_, items) => {
            if items.iter().all(|i| i.as_text().is_some()) {
                for (k, item) in items.iter().enumerate() {
                    let op = if k == 0 { "=" } else { "+=" };
                    out.push(format!(
                        "{p}{op}{}",
                        escape(item.as_text().unwrap_or_default())
                    ));
                }
            } else {
                skipped.push(p);
            }
        }
        Value::Struct(fields) => {
            for (fname, fnode) in fields.iter() {
                walk(&path.clone().field(fname.clone()), fnode, r, out, skipped);
            }
        }
    }
}
