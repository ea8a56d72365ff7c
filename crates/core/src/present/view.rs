//! The view model of one property: a header (name, label, type, summary) and a flat
//! list of indented lines (languages, items, struct fields, qualifiers), with the
//! validation problems attached to the line they concern.
//!
//! Both the `show` text output and the TUI detail pane render these lines; neither
//! needs to walk the XMP model itself.

use std::collections::HashMap;

use crate::present::safe::safe_text;
use crate::present::summary::{form_label, shape, simple_text, summary, type_label};
use crate::schema::types::label_from_name;
use crate::schema::{DisplayPrefixes, Problem, PropertyDef, Registry, Step};
use crate::xmp::{lang, Name, Node, Value};

/// What a line shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// An item of a language alternative; `default` for `x-default`.
    Lang { default: bool },
    /// An array item (0-based index).
    Item { index: usize },
    /// A struct field.
    Field,
    /// A qualifier of the node above.
    Qualifier,
}

/// One line below a property header. `key` and `value` are terminal-safe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 0 = directly below the property.
    pub depth: usize,
    pub kind: LineKind,
    /// `x-default`, `1`, `stEvt:action`, `?xmpidq:Scheme`.
    pub key: String,
    /// Human label of a known field (`Instance ID`).
    pub label: Option<String>,
    /// Full text of a simple value (escaped), or a summary of a composite one.
    pub value: String,
    /// True when the value is composite and its parts follow as deeper lines.
    pub composite: bool,
    /// Path from the property to this node.
    pub steps: Vec<Step>,
    /// Indices into [`PropView::problems`].
    pub problems: Vec<usize>,
}

/// One top-level property, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropView {
    /// The property's name as read: identity, not display text (use `qname`).
    pub name: Name,
    /// `dc:title`, with the registry's prefix for known namespaces.
    pub qname: String,
    /// `Title`; derived from the local name for unknown properties.
    pub label: String,
    /// One line, empty for unknown properties.
    pub description: String,
    /// `Language Alternative`, `Seq of Proper name`, or the actual form when unknown.
    pub type_label: String,
    /// One line for lists and panes (stars, `"text" +2 langs`, `a, b, +3`).
    pub summary: String,
    /// `3 languages`, `Bag, 2 items`, `8 fields`; empty for simple values.
    pub shape: String,
    /// The whole value on one line (not cut, escaped) when that says everything: a
    /// simple value, or a single x-default / single item without qualifiers or
    /// problems below it. Text output then skips the lines.
    pub inline: Option<String>,
    pub lines: Vec<Line>,
    /// Every problem of this property, in validation order.
    pub problems: Vec<Problem>,
    /// Problems about the property's own value (not attached to a line).
    pub header_problems: Vec<usize>,
    pub known: bool,
    pub deprecated: bool,
}

/// Builds the view of one property. `problems` are this property's problems.
pub fn prop_view(
    name: &Name,
    node: &Node,
    problems: Vec<Problem>,
    reg: &Registry,
    prefixes: &DisplayPrefixes,
) -> PropView {
    let def = reg.property(name);
    let mut b = Builder {
        reg,
        prefixes,
        lines: Vec::new(),
        steps: Vec::new(),
    };
    b.children(node, def, 0, false);
    let mut lines = b.lines;
    let mut header_problems = Vec::new();
    for (k, line) in attach(&lines, &problems).into_iter().enumerate() {
        match line {
            Some(i) => lines[i].problems.push(k),
            None => header_problems.push(k),
        }
    }
    let inline = inline_text(node, def).filter(|_| lines.iter().all(|l| l.problems.is_empty()));
    PropView {
        name: name.clone(),
        qname: safe_text(&prefixes.qname(name, reg)).into_owned(),
        label: def.map_or_else(
            || safe_text(&label_from_name(&name.local)).into_owned(),
            |d| d.label.clone(),
        ),
        description: def.map(|d| d.description.clone()).unwrap_or_default(),
        type_label: def.map_or_else(|| form_label(node).to_string(), |d| type_label(&d.ty, reg)),
        summary: summary(node, def),
        shape: shape(node),
        inline,
        lines,
        problems,
        header_problems,
        known: def.is_some(),
        deprecated: def.is_some_and(|d| d.deprecated),
    }
}

/// For each problem, the line of the deepest node on its path (None: the property
/// itself). Looked up by path prefix in a map: scanning every line for every problem
/// made a long array of invalid items quadratic.
fn attach(lines: &[Line], problems: &[Problem]) -> Vec<Option<usize>> {
    // On equal paths the last line wins, as it always has.
    let by_steps: HashMap<&[Step], usize> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (l.steps.as_slice(), i))
        .collect();
    problems
        .iter()
        .map(|p| {
            (0..=p.steps.len())
                .rev()
                .find_map(|n| by_steps.get(&p.steps[..n]).copied())
        })
        .collect()
}

fn inline_text(node: &Node, def: Option<&PropertyDef>) -> Option<String> {
    if !node.qualifiers.is_empty() {
        return None;
    }
    match &node.value {
        Value::Simple(s) | Value::Uri(s) => Some(simple_text(s, def)),
        Value::Array(_, items) if items.len() == 1 => {
            let item = &items[0];
            let only_lang = item.qualifiers.len() == 1
                && item
                    .lang()
                    .is_some_and(|l| lang::same_tag(l, lang::X_DEFAULT));
            let text = item.as_text()?;
            (item.qualifiers.is_empty() || only_lang).then(|| simple_text(text, def))
        }
        _ => None,
    }
}

struct Builder<'a> {
    reg: &'a Registry,
    prefixes: &'a DisplayPrefixes,
    lines: Vec<Line>,
    steps: Vec<Step>,
}

impl Builder<'_> {
    fn push(
        &mut self,
        depth: usize,
        kind: LineKind,
        key: String,
        label: Option<String>,
        node: &Node,
        def: Option<&PropertyDef>,
    ) {
        let composite = node.as_text().is_none();
        let value = match node.as_text() {
            Some(t) => simple_text(t, def),
            None => summary(node, def),
        };
        self.lines.push(Line {
            depth,
            kind,
            key,
            label,
            value,
            composite,
            steps: self.steps.clone(),
            problems: Vec::new(),
        });
    }

    /// Lines for the parts of `node` (its qualifiers, items or fields) at `depth`.
    /// `skip_lang`: the node is a language-alternative item whose `xml:lang` is
    /// already shown as its key.
    fn children(&mut self, node: &Node, def: Option<&PropertyDef>, depth: usize, skip_lang: bool) {
        for (qname, qnode) in &node.qualifiers {
            if skip_lang && qname.is_xml_lang() {
                continue;
            }
            self.steps.push(Step::Qualifier(qname.clone()));
            let key = format!("?{}", safe_text(&self.prefixes.qname(qname, self.reg)));
            self.push(depth, LineKind::Qualifier, key, None, qnode, None);
            self.children(qnode, None, depth + 1, false);
            self.steps.pop();
        }
        match &node.value {
            Value::Simple(_) | Value::Uri(_) => {}
            Value::Array(_, items) if lang::is_lang_alt(node) => {
                for (i, item) in items.iter().enumerate() {
                    let tag = item.lang().unwrap_or("");
                    let kind = LineKind::Lang {
                        default: lang::same_tag(tag, lang::X_DEFAULT),
                    };
                    self.steps.push(Step::Item(i));
                    self.push(depth, kind, safe_text(tag).into_owned(), None, item, def);
                    self.children(item, def, depth + 1, true);
                    self.steps.pop();
                }
            }
            Value::Array(_, items) => {
                for (i, item) in items.iter().enumerate() {
                    self.steps.push(Step::Item(i));
                    self.push(
                        depth,
                        LineKind::Item { index: i },
                        (i + 1).to_string(),
                        None,
                        item,
                        def,
                    );
                    self.children(item, def, depth + 1, false);
                    self.steps.pop();
                }
            }
            Value::Struct(fields) => {
                for (fname, fnode) in fields {
                    let fdef = def.and_then(|d| self.reg.field_of(d, fname));
                    self.steps.push(Step::Field(fname.clone()));
                    let key = safe_text(&self.prefixes.qname(fname, self.reg)).into_owned();
                    let label = fdef.map(|d| d.label.clone());
                    self.push(depth, LineKind::Field, key, label, fnode, fdef);
                    self.children(fnode, fdef, depth + 1, false);
                    self.steps.pop();
                }
            }
        }
    }
}
