//! Validation of a packet against the registry: value syntax, language tags, array
//! kinds and forms, closed choices. Problems are reported, never enforced: a file with
//! problems is still read, shown and editable.
//!
//! Severity: `Error` when a value breaks its declared type (bad date, bad language tag,
//! value outside a closed choice, a struct where text belongs); `Warning` for forms
//! readers tolerate (`true` for `True`, a Seq where a Bag belongs, a simple value where
//! the XMP Toolkit's `NormalizeDCArrays` would make an array, an odd GUID).
//!
//! The rules for one simple value, [`lexical::check`] and [`check_allowed`], are also
//! what the edit layer applies before it sets a value, so an edit is refused exactly
//! when this validation would report an error for the value it writes.

use std::fmt;

use crate::schema::lexical::{self, shown, Axis, Check};
use crate::schema::path::{DisplayPrefixes, Step};
use crate::schema::registry::Registry;
use crate::schema::types::{PropertyDef, SimpleType, ValueType};
use crate::xmp::{lang, ArrayKind, Name, Node, Packet, Value};

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One finding, located by top-level property and steps below it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The top-level property concerned.
    pub prop: Name,
    /// Where below it (empty: the property's own value).
    pub steps: Vec<Step>,
    /// Display path, e.g. `dc:title[2]/?xml:lang`.
    pub path: String,
    pub severity: Severity,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.path,
            self.severity.as_str(),
            self.message
        )
    }
}

/// Validates against the built-in registry.
pub fn validate(packet: &Packet) -> Vec<Problem> {
    validate_with(packet, crate::schema::registry())
}

/// Validates against a given registry.
pub fn validate_with(packet: &Packet, reg: &Registry) -> Vec<Problem> {
    let mut v = Validator {
        reg,
        prefixes: None,
        packet,
        out: Vec::new(),
        steps: Vec::new(),
    };
    for (name, node) in &packet.props {
        let def = reg.property(name);
        v.node(name, node, def, def.map(|d| &d.ty));
    }
    v.out
}

struct Validator<'a> {
    reg: &'a Registry,
    /// Built on the first problem only: most packets have none.
    prefixes: Option<DisplayPrefixes>,
    packet: &'a Packet,
    out: Vec<Problem>,
    steps: Vec<Step>,
}

fn form_name(v: &Value) -> &'static str {
    match v {
        Value::Simple(_) => "a simple value",
        Value::Uri(_) => "a URI value",
        Value::Struct(_) => "a struct",
        Value::Array(ArrayKind::Bag, _) => "a Bag",
        Value::Array(ArrayKind::Seq, _) => "a Seq",
        Value::Array(ArrayKind::Alt, _) => "an Alt",
    }
}

fn kind_name(k: ArrayKind) -> &'static str {
    match k {
        ArrayKind::Bag => "a Bag",
        ArrayKind::Seq => "a Seq",
        ArrayKind::Alt => "an Alt",
    }
}

impl Validator<'_> {
    fn report(&mut self, prop: &Name, severity: Severity, message: String) {
        let prefixes = self
            .prefixes
            .get_or_insert_with(|| DisplayPrefixes::new(self.packet, self.reg));
        let path = prefixes.path(prop, &self.steps, self.reg);
        self.out.push(Problem {
            prop: prop.clone(),
            steps: self.steps.clone(),
            path,
            severity,
            message,
        });
    }

    fn check(&mut self, prop: &Name, result: Check) {
        if let Err(issue) = result {
            self.report(prop, issue.severity, issue.message);
        }
    }

    /// Checks one node. `def` carries choices and ranges (for array items: the array
    /// property's definition); `ty` is the type expected at this node.
    fn node(
        &mut self,
        prop: &Name,
        node: &Node,
        def: Option<&PropertyDef>,
        ty: Option<&ValueType>,
    ) {
        self.qualifiers(prop, node);
        let Some(ty) = ty else {
            self.untyped_children(prop, node);
            return;
        };
        match ty {
            ValueType::Simple(st) => match &node.value {
                Value::Simple(s) | Value::Uri(s) => self.simple(prop, s, *st, def),
                other => {
                    let msg = format!(
                        "{} where {} value is expected",
                        form_name(other),
                        article(st.label())
                    );
                    self.report(prop, Severity::Error, msg);
                    self.untyped_children(prop, node);
                }
            },
            ValueType::LangAlt => self.lang_alt(prop, node),
            ValueType::Array(kind, inner) => match &node.value {
                Value::Simple(s) | Value::Uri(s) => {
                    let msg = format!(
                        "a simple value where {} is expected (the XMP Toolkit reads it as a one-item array)",
                        kind_name(*kind)
                    );
                    self.report(prop, Severity::Warning, msg);
                    if let ValueType::Simple(st) = inner.as_ref() {
                        if !s.is_empty() {
                            self.simple(prop, s, *st, def);
                        }
                    }
                }
                Value::Array(found, items) => {
                    if found != kind {
                        let msg = format!(
                            "{} where {} is expected",
                            kind_name(*found),
                            kind_name(*kind)
                        );
                        self.report(prop, Severity::Warning, msg);
                    }
                    for (i, item) in items.iter().enumerate() {
                        self.steps.push(Step::Item(i));
                        self.node(prop, item, def, Some(inner));
                        self.steps.pop();
                    }
                }
                Value::Struct(_) => {
                    let msg = format!("a struct where {} is expected", kind_name(*kind));
                    self.report(prop, Severity::Error, msg);
                    self.untyped_children(prop, node);
                }
            },
            ValueType::Struct(id) => match &node.value {
                Value::Struct(fields) => {
                    for (fname, fnode) in fields {
                        let fdef = self.reg.field(*id, fname);
                        self.steps.push(Step::Field(fname.clone()));
                        self.node(prop, fnode, fdef, fdef.map(|d| &d.ty));
                        self.steps.pop();
                    }
                }
                other => {
                    let label = &self.reg.struct_def(*id).label;
                    let msg = format!("{} where a struct ({label}) is expected", form_name(other));
                    self.report(prop, Severity::Error, msg);
                    self.untyped_children(prop, node);
                }
            },
        }
    }

    /// Children of a node without a declared type: only language tags are checked.
    fn untyped_children(&mut self, prop: &Name, node: &Node) {
        match &node.value {
            Value::Struct(fields) => {
                for (fname, fnode) in fields {
                    self.steps.push(Step::Field(fname.clone()));
                    self.node(prop, fnode, None, None);
                    self.steps.pop();
                }
            }
            Value::Array(_, items) => {
                for (i, item) in items.iter().enumerate() {
                    self.steps.push(Step::Item(i));
                    self.node(prop, item, None, None);
                    self.steps.pop();
                }
            }
            _ => {}
        }
    }

    fn qualifiers(&mut self, prop: &Name, node: &Node) {
        for (qname, qnode) in &node.qualifiers {
            self.steps.push(Step::Qualifier(qname.clone()));
            if qname.is_xml_lang() {
                match &qnode.value {
                    Value::Simple(tag) => {
                        if let Err(e) = lang::check_tag(tag) {
                            self.report(prop, Severity::Error, e.to_string());
                        }
                    }
                    other => {
                        let msg = format!("{} where a language tag is expected", form_name(other));
                        self.report(prop, Severity::Error, msg);
                    }
                }
            } else {
                self.node(prop, qnode, None, None);
            }
            self.steps.pop();
        }
    }

    fn simple(&mut self, prop: &Name, s: &str, st: SimpleType, def: Option<&PropertyDef>) {
        let result = lexical::check(st, s, axis_of(def));
        let readable = result
            .as_ref()
            .map_or_else(|i| i.severity == Severity::Warning, |_| true);
        self.check(prop, result);
        if let (Some(def), true) = (def, readable) {
            self.check(prop, check_allowed(s, st, def));
        }
    }

    fn lang_alt(&mut self, prop: &Name, node: &Node) {
        let items = match &node.value {
            Value::Simple(_) | Value::Uri(_) => {
                self.report(
                    prop,
                    Severity::Warning,
                    "a simple value where a language alternative is expected (the XMP Toolkit makes it the x-default item)".into(),
                );
                return;
            }
            Value::Struct(_) => {
                self.report(
                    prop,
                    Severity::Error,
                    "a struct where a language alternative is expected".into(),
                );
                self.untyped_children(prop, node);
                return;
            }
            Value::Array(kind, items) => {
                if *kind != ArrayKind::Alt {
                    let msg = format!(
                        "{} where a language alternative (Alt) is expected",
                        kind_name(*kind)
                    );
                    self.report(prop, Severity::Warning, msg);
                }
                items
            }
        };
        let mut seen: Vec<String> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            self.steps.push(Step::Item(i));
            self.qualifiers(prop, item);
            if !matches!(item.value, Value::Simple(_)) {
                let msg = format!(
                    "{} in a language alternative; items must be text",
                    form_name(&item.value)
                );
                self.report(prop, Severity::Error, msg);
                self.untyped_children(prop, item);
            }
            match item.lang() {
                None => self.report(
                    prop,
                    Severity::Error,
                    "item without xml:lang in a language alternative".into(),
                ),
                Some(tag) => {
                    let norm = lang::normalize(tag);
                    if seen.contains(&norm) {
                        let msg = format!("language {} appears more than once", shown(tag));
                        self.report(prop, Severity::Error, msg);
                    } else {
                        if i > 0 && lang::same_tag(tag, lang::X_DEFAULT) {
                            self.report(
                                prop,
                                Severity::Warning,
                                "x-default should be the first item".into(),
                            );
                        }
                        seen.push(norm);
                    }
                }
            }
            self.steps.pop();
        }
    }
}

/// The coordinate a GPS value of this definition holds (from its name).
pub fn axis_of(def: Option<&PropertyDef>) -> Axis {
    def.map_or(Axis::Unknown, |d| Axis::of(&d.name.local))
}

/// A closed definition's choices and range: a value (of readable form) outside them
/// is an error. Numbers compare by value (`06` is the choice `6`). Open definitions
/// allow anything.
pub fn check_allowed(s: &str, st: SimpleType, def: &PropertyDef) -> Check {
    if !def.closed {
        return Ok(());
    }
    let numeric = matches!(st, SimpleType::Integer | SimpleType::Real);
    let value = numeric.then(|| lexical::number(s)).flatten();
    let in_choices = def
        .choices
        .iter()
        .any(|c| c.value == s || (value.is_some() && lexical::number(&c.value) == value));
    let in_range = match (&def.range, value) {
        (Some(r), Some(v)) => r.contains(v),
        _ => false,
    };
    if in_choices || in_range {
        return Ok(());
    }
    Err(lexical::Issue {
        severity: Severity::Error,
        message: format!(
            "{} is not one of the allowed values ({})",
            shown(s),
            allowed_values(def)
        ),
        detail: None,
    })
}

/// The values a definition lists, for messages: `0, 1, 2` or `-1 | 0..5`.
pub fn allowed_values(def: &PropertyDef) -> String {
    let mut allowed: Vec<&str> = def.choices.iter().map(|c| c.value.as_str()).collect();
    if let Some(r) = &def.range {
        allowed.push(&r.text);
    }
    allowed.join(", ")
}

fn article(label: &str) -> String {
    let vowel = label
        .chars()
        .next()
        .is_some_and(|c| "AEIOUaeiou".contains(c));
    if vowel {
        format!("an {label}")
    } else {
        format!("a {label}")
    }
}
