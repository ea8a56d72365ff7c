//! Paths to nodes in a packet and their text form, with prefix resolution.
//!
//! Text form (a subset of the XMP Toolkit's path syntax, hand-parsed because it is
//! tiny and must report column positions inside the user's `set -e` expression):
//!
//! ```text
//! path  = name step*
//! step  = "/" name          struct field      Iptc4xmpCore:CreatorContactInfo/Iptc4xmpCore:CiEmailWork
//!       | "/?" name         qualifier         dc:creator[1]/?xmpidq:Scheme
//!       | "[" digits "]"    array item, 1-based   xmpMM:History[2]/stEvt:action
//!       | "[" lang "]"      language alternative  dc:title[de-DE]
//! name  = prefix ":" local  |  "{" uri "}" local   (Clark notation, for unnamed namespaces)
//! ```
//!
//! Prefixes are resolved through a [`Resolver`] ([`crate::edit::resolve`]). A local name
//! never ends in `-` when followed by `=`, so `dc:subject-=alps` parses as a removal.

pub use crate::edit::resolve::{Canonical, NsMap, Resolver};
use crate::xmp::{lang, Name};
use std::fmt;

/// One step below a top-level property.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    /// A struct field.
    Field(Name),
    /// An array item, 1-based as in the text form.
    Index(usize),
    /// The item of a language alternative with this tag (matched case-insensitively).
    Lang(String),
    /// A qualifier of the current node.
    Qualifier(Name),
}

/// A node address: a top-level property and steps below it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Path {
    pub prop: Name,
    pub steps: Vec<Step>,
}

/// A path that could not be parsed: what and where (byte offset into the text).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid path {text:?} at column {}: {message}", column(text, *pos))]
pub struct PathError {
    pub text: String,
    pub pos: usize,
    pub message: String,
}

/// 1-based character column of a byte offset.
pub(crate) fn column(text: &str, pos: usize) -> usize {
    text.get(..pos).map_or(pos, |s| s.chars().count()) + 1
}

impl Path {
    /// A top-level property.
    pub fn prop(name: Name) -> Self {
        Path {
            prop: name,
            steps: Vec::new(),
        }
    }

    pub fn field(mut self, name: Name) -> Self {
        self.steps.push(Step::Field(name));
        self
    }

    pub fn index(mut self, index: usize) -> Self {
        self.steps.push(Step::Index(index));
        self
    }

    pub fn lang(mut self, tag: impl Into<String>) -> Self {
        self.steps.push(Step::Lang(tag.into()));
        self
    }

    pub fn qualifier(mut self, name: Name) -> Self {
        self.steps.push(Step::Qualifier(name));
        self
    }

    /// True for a top-level property.
    pub fn is_top(&self) -> bool {
        self.steps.is_empty()
    }

    /// The path without its last step (`None` for a top-level property).
    pub fn parent(&self) -> Option<Path> {
        let mut p = self.clone();
        p.steps.pop()?;
        Some(p)
    }

    pub fn last(&self) -> Option<&Step> {
        self.steps.last()
    }

    /// The parent path and the last step (`None` for a top-level property).
    pub fn split_last(&self) -> Option<(Path, &Step)> {
        let (last, rest) = self.steps.split_last()?;
        Some((
            Path {
                prop: self.prop.clone(),
                steps: rest.to_vec(),
            },
            last,
        ))
    }

    /// The top-level property alone.
    pub fn top(&self) -> Path {
        Path::prop(self.prop.clone())
    }

    /// Parses a whole path.
    pub fn parse(text: &str, resolver: &dyn Resolver) -> Result<Path, PathError> {
        let (path, end) = parse_at(text, 0, resolver)?;
        if end < text.len() {
            return Err(PathError {
                text: text.into(),
                pos: end,
                message: format!("unexpected {:?}", rest_char(text, end)),
            });
        }
        Ok(path)
    }

    /// The text form, with prefixes from `resolver` (Clark notation when it has none).
    pub fn to_text(&self, resolver: &dyn Resolver) -> String {
        let mut out = name_text(&self.prop, resolver);
        for step in &self.steps {
            match step {
                Step::Field(n) => {
                    out.push('/');
                    out.push_str(&name_text(n, resolver));
                }
                Step::Qualifier(n) => {
                    out.push_str("/?");
                    out.push_str(&name_text(n, resolver));
                }
                Step::Index(i) => out.push_str(&format!("[{i}]")),
                Step::Lang(l) => out.push_str(&format!("[{l}]")),
            }
        }
        out
    }
}

/// Canonical prefixes, Clark notation for other namespaces.
impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text(&Canonical))
    }
}

/// `prefix:local`, or `{uri}local` when the resolver knows no prefix.
pub fn name_text(name: &Name, resolver: &dyn Resolver) -> String {
    match resolver.prefix_of(&name.ns) {
        Some(p) => format!("{p}:{}", name.local),
        None => clark(name),
    }
}

/// `{uri}local` (Clark notation): a name without any prefix.
pub fn clark(name: &Name) -> String {
    format!("{{{}}}{}", name.ns, name.local)
}

/// Parses `{uri}local`. The local name cannot contain `}`, so the last `}` ends the URI.
pub fn parse_clark(s: &str) -> Option<Name> {
    let rest = s.strip_prefix('{')?;
    let end = rest.rfind('}')?;
    let (uri, local) = (&rest[..end], &rest[end + 1..]);
    if uri.is_empty() || local.is_empty() {
        return None;
    }
    Some(Name::new(uri, local))
}

fn rest_char(text: &str, pos: usize) -> String {
    text.get(pos..)
        .and_then(|s| s.chars().next())
        .map_or_else(|| "end".into(), |c| c.to_string())
}

fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// Scans an NCName from `pos`; a `-` directly before `=` is left to the caller.
fn scan_ncname(text: &str, pos: usize) -> usize {
    let rest = &text[pos..];
    let mut end = pos;
    let mut chars = rest.char_indices().peekable();
    let mut first = true;
    while let Some((i, c)) = chars.next() {
        let ok = if first {
            is_name_start(c)
        } else {
            is_name_char(c)
        };
        if !ok || (c == '-' && chars.peek().is_some_and(|(_, n)| *n == '=')) {
            break;
        }
        first = false;
        end = pos + i + c.len_utf8();
    }
    end
}

fn err(text: &str, pos: usize, message: impl Into<String>) -> PathError {
    PathError {
        text: text.into(),
        pos,
        message: message.into(),
    }
}

/// Parses one name at `pos`; returns it and the offset after it.
fn parse_name(text: &str, pos: usize, resolver: &dyn Resolver) -> Result<(Name, usize), PathError> {
    if text[pos..].starts_with('{') {
        let close = text[pos..]
            .find('}')
            .map(|i| pos + i)
            .ok_or_else(|| err(text, pos, "unclosed '{' in a {URI}name"))?;
        let uri = &text[pos + 1..close];
        if uri.is_empty() {
            return Err(err(text, pos, "empty namespace URI in {}"));
        }
        let end = scan_ncname(text, close + 1);
        if end == close + 1 {
            return Err(err(text, close + 1, "expected a local name after '}'"));
        }
        return Ok((Name::new(uri, &text[close + 1..end]), end));
    }
    let pend = scan_ncname(text, pos);
    if pend == pos || !text[pend..].starts_with(':') {
        let what = if pend == pos {
            format!("found {:?}", rest_char(text, pos))
        } else {
            format!("found {:?} without a prefix", &text[pos..pend])
        };
        return Err(err(
            text,
            pos,
            format!("expected PREFIX:NAME (e.g. dc:title), {what}"),
        ));
    }
    let prefix = &text[pos..pend];
    let lstart = pend + 1;
    let lend = scan_ncname(text, lstart);
    if lend == lstart {
        return Err(err(
            text,
            lstart,
            format!("expected a name after {prefix:?}:"),
        ));
    }
    let uri = resolver.uri_of(prefix).ok_or_else(|| {
        err(
            text,
            pos,
            format!("unknown namespace prefix {prefix:?} (declare it with --ns {prefix}=URI)"),
        )
    })?;
    Ok((Name::new(uri, &text[lstart..lend]), lend))
}

/// Parses a path starting at `pos`, stopping at the first character that cannot
/// continue it; returns the path and that offset.
pub(crate) fn parse_at(
    text: &str,
    pos: usize,
    resolver: &dyn Resolver,
) -> Result<(Path, usize), PathError> {
    let (prop, mut pos) = parse_name(text, pos, resolver)?;
    let mut path = Path::prop(prop);
    loop {
        let rest = &text[pos..];
        if rest.starts_with("/?") {
            let (n, end) = parse_name(text, pos + 2, resolver)?;
            path.steps.push(Step::Qualifier(n));
            pos = end;
        } else if rest.starts_with('/') {
            let (n, end) = parse_name(text, pos + 1, resolver)?;
            path.steps.push(Step::Field(n));
            pos = end;
        } else if rest.starts_with('[') {
            let close = rest
                .find(']')
                .map(|i| pos + i)
                .ok_or_else(|| err(text, pos, "unclosed '['"))?;
            let inner = &text[pos + 1..close];
            if inner.is_empty() {
                return Err(err(
                    text,
                    pos,
                    "empty [] (expected an item number or a language)",
                ));
            }
            if inner.bytes().all(|b| b.is_ascii_digit()) {
                let n: usize = inner
                    .parse()
                    .map_err(|_| err(text, pos + 1, format!("item number {inner} is too large")))?;
                if n == 0 {
                    return Err(err(text, pos + 1, "item numbers start at 1"));
                }
                path.steps.push(Step::Index(n));
            } else {
                let tag =
                    lang::canonicalize(inner).map_err(|e| err(text, pos + 1, e.to_string()))?;
                path.steps.push(Step::Lang(tag));
            }
            pos = close + 1;
        } else {
            return Ok((path, pos));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmp::ns;

    fn p(text: &str) -> Path {
        Path::parse(text, &Canonical).unwrap()
    }

    fn e(text: &str) -> String {
        Path::parse(text, &Canonical).unwrap_err().to_string()
    }

    #[test]
    fn text_forms_parse_and_print_back() {
        for t in [
            "dc:title",
            "dc:title[de-DE]",
            "dc:subject[3]",
            "xmpMM:History[2]/stEvt:action",
            "Iptc4xmpCore:CreatorContactInfo/Iptc4xmpCore:CiEmailWork",
            "dc:creator[1]/?xmpidq:Scheme",
            "{http://example.com/ns/}Thing/{http://example.com/ns/}sub",
        ] {
            assert_eq!(p(t).to_string(), t);
        }
        let path = p("xmpMM:History[2]/stEvt:action");
        assert_eq!(path.prop, Name::new(ns::XMP_MM, "History"));
        assert_eq!(
            path.steps,
            vec![
                Step::Index(2),
                Step::Field(Name::new(
                    "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#",
                    "action"
                ))
            ]
        );
        assert_eq!(p("dc:title[DE-de]").steps, vec![Step::Lang("de-DE".into())]);
        assert_eq!(
            p("dc:title[X-Default]").steps,
            vec![Step::Lang("x-default".into())]
        );
    }

    #[test]
    fn errors_say_what_and_where() {
        assert_eq!(
            e("foo:bar"),
            "invalid path \"foo:bar\" at column 1: unknown namespace prefix \"foo\" (declare it with --ns foo=URI)"
        );
        assert_eq!(
            e("Rating"),
            "invalid path \"Rating\" at column 1: expected PREFIX:NAME (e.g. dc:title), found \"Rating\" without a prefix"
        );
        assert_eq!(
            e("dc:subject[0]"),
            "invalid path \"dc:subject[0]\" at column 12: item numbers start at 1"
        );
        assert_eq!(
            e("dc:title[de"),
            "invalid path \"dc:title[de\" at column 9: unclosed '['"
        );
        assert!(e("dc:title[de_DE]").contains("at column 10: invalid language tag \"de_DE\""));
        assert_eq!(
            e("dc:title x"),
            "invalid path \"dc:title x\" at column 9: unexpected \" \""
        );
        assert_eq!(
            e("dc:"),
            "invalid path \"dc:\" at column 4: expected a name after \"dc\":"
        );
    }

    #[test]
    fn custom_prefixes_resolve_and_display() {
        let ns = NsMap::new().with("my", "http://example.com/my/");
        let path = Path::parse("my:Thing/dc:title", &ns).unwrap();
        assert_eq!(path.prop, Name::new("http://example.com/my/", "Thing"));
        assert_eq!(path.to_text(&ns), "my:Thing/dc:title");
        assert_eq!(path.to_string(), "{http://example.com/my/}Thing/dc:title");
        let closure = |p: &str| (p == "q").then(|| "http://q/".to_string());
        assert_eq!(
            Path::parse("q:x", &closure).unwrap().prop,
            Name::new("http://q/", "x")
        );
        assert_eq!(
            NsMap::parse_arg("my=http://x/").unwrap(),
            ("my".into(), "http://x/".into())
        );
        assert!(NsMap::parse_arg("1x=http://x/").is_err());
    }

    #[test]
    fn minus_before_equals_ends_a_name() {
        let (path, end) = parse_at("dc:subject-=alps", 0, &Canonical).unwrap();
        assert_eq!(path.to_string(), "dc:subject");
        assert_eq!(end, 10);
        let (path, _) = parse_at("mwg-rs:Regions", 0, &Canonical).unwrap();
        assert_eq!(&*path.prop.local, "Regions");
    }

    #[test]
    fn clark_names_need_a_uri_and_a_local_name() {
        assert_eq!(parse_clark("{}x"), None);
        assert_eq!(parse_clark("{u}"), None);
        let n = Name::new("http://e/q}x/", "role");
        assert_eq!(parse_clark(&clark(&n)), Some(n));
    }
}
